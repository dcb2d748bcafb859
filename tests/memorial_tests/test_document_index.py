"""An index of a document's pages: points on its page images (or on the whole document) with a title, synopsis,
keywords and the people they speak of, edited inline on the document; shown on the document's page as a table of
contents linking to each page, only where its files are open; a victim's "Mentioned in" includes them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from archive.models import Access, DocumentIndexPoint, MediaFile, Status
from tests.factories import DocumentFactory, VictimFactory
from tests.memorial_tests.test_records import attach, html, png_bytes, url

pytestmark = pytest.mark.django_db


def indexed_document(**values):
    document = DocumentFactory(title="Məktub", **values)
    first = attach(document, png_bytes(), "page1.png", MediaFile.Role.PAGE, order=1)
    second = attach(document, png_bytes("white"), "page2.png", MediaFile.Role.PAGE, order=2)
    victim = VictimFactory(surname_en="Aliyev", given_name_en="Rauf")
    on_second = DocumentIndexPoint.objects.create(
        document=document, page=second, title_en="The funeral", synopsis_en="Who came.", keywords_en="funeral; Baku"
    )
    on_second.victims.add(victim, VictimFactory(status=Status.DRAFT, surname_en="Hiddenov"))
    DocumentIndexPoint.objects.create(document=document, page=first, title_en="The letter's opening")
    DocumentIndexPoint.objects.create(document=document, title_en="About the whole letter")
    return document, victim, on_second


def test_the_document_page_lists_its_contents_page_by_page_with_links_to_the_pages(client):
    document, victim, point = indexed_document()
    page = html(client.get(url(document, "en")))
    contents = page[page.index('id="document-index-heading"') : page.index('id="pages-heading"')]
    assert (
        contents.index("The letter&#x27;s opening") < contents.index("The funeral") < contents.index("About the whole")
    )
    assert '<a href="#page-2"><span class="index-point__time">p. 2</span> <span>The funeral</span></a>' in contents
    assert f'id="index-point-{point.pk}"' in contents and f"{document.identifier}, p. 2" in contents
    assert "funeral; Baku" in contents and victim.get_absolute_url() in contents
    assert "Hiddenov" not in page  # a person the public may not see is not named
    assert 'id="page-2"' in page


def test_a_victims_mentioned_in_lists_the_document_points_that_speak_of_them(client):
    document, victim, point = indexed_document()
    page = html(client.get(url(victim, "en")))
    assert f'href="{url(document, "en")}#index-point-{point.pk}">Məktub: The funeral</a>' in page


def hidden_documents():
    tomorrow = timezone.localdate() + timedelta(days=1)
    return [
        {"status": Status.DRAFT},
        {"status": Status.WITHDRAWN},
        {"access": Access.PRIVATE},
        {"access": Access.METADATA},  # listed, its pages and their index closed
        {"embargo_until": tomorrow},
    ]


@pytest.mark.parametrize("values", hidden_documents())
def test_a_document_whose_files_are_not_open_shows_no_contents_and_no_mention(client, values):
    document, victim, _point = indexed_document(**values)
    document_page = client.get(url(document, "en"))
    assert "The funeral" not in html(document_page)
    assert "The funeral" not in html(client.get(url(victim, "en")))


def test_a_withheld_page_keeps_its_point_without_a_link():
    document, _victim, point = indexed_document()
    point.page.withheld = True
    point.page.save()
    from memorial.selectors.records import document_page

    entries = document_page(document).index
    funeral = next(entry for entry in entries if entry.title == "The funeral")
    assert funeral.page_number is None and entries[0].page_number == 1


def test_a_point_must_be_on_one_of_its_documents_images_and_have_a_title():
    document, _victim, _point = indexed_document()
    other = DocumentFactory()
    foreign = attach(other, png_bytes(), "other.png", MediaFile.Role.PAGE)
    with pytest.raises(ValidationError) as refused:
        DocumentIndexPoint(document=document, page=foreign, title_en="").full_clean()
    assert set(refused.value.message_dict) == {"page", "title_az"}


def test_the_documents_admin_offers_its_own_pages_for_a_point(client, curator):
    document, _victim, _point = indexed_document()
    other = DocumentFactory()
    attach(other, png_bytes(), "elsewhere.png", MediaFile.Role.PAGE)
    client.force_login(curator)
    response = client.get(f"/en/admin/archive/document/{document.pk}/change/")
    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.opts.model is DocumentIndexPoint)
    offered = {str(label) for _value, label in formset.formset.empty_form.fields["page"].choices if _value}
    assert offered == {"page1.png", "page2.png"}
    assert "About the whole letter" in html(response)
