"""What search engines and a phone on a slow network see first: a description in the page's language, the page's
addresses in every language, one stylesheet, deferred scripts and images that keep their place.

``benchmarks/lighthouse.py`` scores the pages in Chromium; these tests keep what it found in place, without a browser.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from archive.ingest import prepare_upload
from archive.models import MediaFile
from archive.services import media_file_attach
from tests.factories import DocumentFactory, EventFactory, PlaceFactory, TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
AZERBAIJANI_LETTERS = re.compile(r"[əƏıİşŞçÇğĞöÖüÜ]")


class Head(HTMLParser):
    """What a page says in its head and which resources it asks for, and where."""

    def __init__(self) -> None:
        super().__init__()
        self.in_body = False
        self.descriptions: list[str] = []
        self.robots: list[str] = []
        self.canonical: list[str] = []
        self.alternates: dict[str, str] = {}
        self.stylesheets: list[tuple[str, str]] = []  # (head or body, href)
        self.styles = 0
        self.scripts: list[dict[str, str | None]] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = "body" if self.in_body else "head"
        rel = (attributes.get("rel") or "").split()
        if tag == "body":
            self.in_body = True
        elif tag == "meta" and attributes.get("name") == "description":
            self.descriptions.append((where, attributes.get("content") or ""))
        elif tag == "meta" and attributes.get("name") == "robots":
            self.robots.append(attributes.get("content") or "")
        elif tag == "link" and "stylesheet" in rel:
            self.stylesheets.append((where, attributes.get("href") or ""))
        elif tag == "link" and "canonical" in rel:
            self.canonical.append(attributes.get("href") or "")
        elif tag == "link" and "alternate" in rel and attributes.get("hreflang"):
            self.alternates[attributes["hreflang"]] = attributes.get("href") or ""
        elif tag == "style":
            self.styles += 1
        elif tag == "script" and "src" in attributes:
            self.scripts.append(attributes)
        elif tag == "img":
            self.images.append(attributes)


def head_of(client, path: str) -> Head:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = Head()
    parser.feed(response.content.decode())
    return parser


def in_language(path: str, language: str) -> str:
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "grey").save(buffer, "PNG")
    return buffer.getvalue()


def attach_image(record, role: str, width: int, height: int) -> MediaFile:
    prepared = prepare_upload(ContentFile(png(width, height), name="scan.png"))
    return media_file_attach(record=record, prepared=prepared, role=role, alt_text="A grey page")


@pytest.fixture
def archive():
    """One public record of every kind, tied to a place, with its names in the three languages."""
    place = PlaceFactory(slug="yasamal", name_az="Yasamal", name_en="Yasamal", name_ru="Ясамал")
    victim = VictimFactory(
        surname_az="Cəfərov",
        given_name_az="Rauf",
        surname_ru="Джафаров",
        given_name_ru="Рауф",
        surname_en="Jafarov",
        given_name_en="Rauf",
        birth_date="1962",
        incident_place=place,
    )
    testimony = TestimonyFactory(title="Gecə", recorded_place=place)
    testimony.victims.add(victim)
    document = DocumentFactory(title="Məktub")
    document.victims.add(victim)
    EventFactory()
    return {"victim": victim, "testimony": testimony, "document": document, "place": place}


def indexable_pages(archive) -> dict[str, str]:
    """Every page kind search engines may index, by its Azerbaijani address."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "home": reverse("memorial:home"),
            "victim list": reverse("memorial:victims"),
            "victim page": archive["victim"].get_absolute_url(),
            "testimony list": reverse("memorial:testimonies"),
            "testimony page": archive["testimony"].get_absolute_url(),
            "document list": reverse("memorial:documents"),
            "document page": archive["document"].get_absolute_url(),
            "timeline": reverse("memorial:timeline"),
            "places": reverse("memorial:places"),
            "place page": reverse("memorial:place", kwargs={"slug": archive["place"].slug}),
            "statistics": reverse("memorial:statistics"),
            "about": reverse("memorial:about"),
            "methodology": reverse("memorial:methodology"),
            "terms": reverse("memorial:terms"),
            "privacy": reverse("memorial:privacy"),
            "submission form": reverse("submissions:submit"),
        }


# --- descriptions -------------------------------------------------------------------------------------


def test_every_indexable_page_has_one_description_in_its_own_language(client, archive):
    for kind, path in indexable_pages(archive).items():
        described = {}
        for language in LANGUAGES:
            head = head_of(client, in_language(path, language))
            assert len(head.descriptions) == 1, (kind, language, head.descriptions)
            where, text = head.descriptions[0]
            assert where == "head" and text.strip(), (kind, language)
            assert len(text) <= 300, (kind, language, text)
            assert head.robots == [], (kind, language)
            described[language] = text
        assert CYRILLIC.search(described["ru"]), (kind, described["ru"])
        assert not CYRILLIC.search(described["az"]) and not CYRILLIC.search(described["en"]), (kind, described)
        assert AZERBAIJANI_LETTERS.search(described["az"]), (kind, described["az"])
        assert len(set(described.values())) == 3, (kind, described)  # three languages, three texts


def test_a_victims_description_tells_who_they_were_in_the_pages_script(client, archive):
    victim = archive["victim"]
    path = victim.get_absolute_url()
    az = head_of(client, path).descriptions[0][1]
    en = head_of(client, in_language(path, "en")).descriptions[0][1]
    ru = head_of(client, in_language(path, "ru")).descriptions[0][1]
    assert az.startswith("Cəfərov Rauf (1962") and "Yasamal" in az
    assert en.startswith("Jafarov Rauf (1962") and "Killed" in en and "Place of the incident: Yasamal" in en
    assert ru.startswith("Джафаров Рауф (1962") and "Ясамал" in ru
    uncertain = VictimFactory(surname_en="Uncertain", birth_date="1948?")
    description = head_of(client, f"/en/victims/{uncertain.identifier}/").descriptions[0][1]
    assert description.startswith("Uncertain (1948? – Jan. 20, 1990).")  # the uncertain date as text


def test_a_records_own_text_describes_it_only_in_its_own_language(client):
    victim = VictimFactory(surname_en="Teacher", biography_en="A teacher at school No. 6.", biography_az="")
    path = victim.get_absolute_url()
    assert "A teacher at school No. 6." in head_of(client, in_language(path, "en")).descriptions[0][1]
    assert "teacher" not in head_of(client, in_language(path, "ru")).descriptions[0][1]


def test_a_long_text_is_cut_at_a_word_with_the_facts_kept_first(client):
    victim = VictimFactory(surname_en="Long", biography_en="word " * 200)
    description = head_of(client, in_language(victim.get_absolute_url(), "en")).descriptions[0][1]
    assert description.startswith("Long") and description.endswith("word…")
    assert len(description) <= 200


def test_pages_kept_out_of_search_engines_say_so_and_carry_no_description(client):
    for path in ["/en/search/?q=Rauf", "/en/submissions/lost-link/", "/en/victims/V-999999/"]:
        response = client.get(path)
        parser = Head()
        parser.feed(response.content.decode())
        assert parser.robots == ["noindex"], path
        assert parser.descriptions == [], path
        assert parser.canonical == [], path


def test_demo_records_keep_their_banner_and_say_demo_in_their_description(client):
    victim = VictimFactory(surname_en="Invented", is_demo=True)
    response = client.get(in_language(victim.get_absolute_url(), "en"))
    page = response.content.decode()
    assert 'class="demo-banner"' in page
    parser = Head()
    parser.feed(page)
    assert parser.descriptions[0][1].startswith("DEMO. Invented")
    assert 'class="demo-banner"' in client.get("/en/victims/").content.decode()


# --- addresses ----------------------------------------------------------------------------------------


def test_each_page_is_its_own_canonical_with_its_address_in_every_language(client, archive):
    path = archive["victim"].get_absolute_url()
    for language in LANGUAGES:
        head = head_of(client, in_language(path, language))
        assert head.canonical == [f"http://testserver{in_language(path, language)}"]
        assert head.alternates == {
            **{code: f"http://testserver{in_language(path, code)}" for code in LANGUAGES},
            "x-default": f"http://testserver{path}",
        }


def test_addresses_keep_what_a_list_shows_and_drop_how_it_is_shown(client, archive):
    head = head_of(client, "/ru/victims/?fate=killed&page=1&print=1")
    assert head.canonical == ["http://testserver/ru/victims/?fate=killed&page=1"]
    assert head.alternates["en"] == "http://testserver/en/victims/?fate=killed&page=1"
    revealed = head_of(client, f"{archive['victim'].get_absolute_url()}?reveal=0123")
    assert revealed.canonical == [f"http://testserver{archive['victim'].get_absolute_url()}"]


# --- what the browser must fetch before it can paint --------------------------------------------------


def test_each_page_links_one_stylesheet_in_its_head_and_defers_its_scripts(client, archive):
    pages = {**indexable_pages(archive), "search results": "/search/?q=Rauf"}
    for kind, path in pages.items():
        head = head_of(client, path)
        assert len(head.stylesheets) == 1, (kind, head.stylesheets)
        where, href = head.stylesheets[0]
        assert where == "head" and re.search(r"/static/memorial/site(\.[0-9a-f]+)?\.css$", href), (kind, href)
        assert head.styles == 0, kind
        assert head.scripts and all("defer" in script or "async" in script for script in head.scripts), kind


# --- images -------------------------------------------------------------------------------------------


def test_images_on_record_pages_have_their_size_and_only_the_portrait_loads_at_once(client):
    victim = VictimFactory()
    portrait = attach_image(victim, MediaFile.Role.PORTRAIT, 960, 1200)
    attach_image(victim, MediaFile.Role.PHOTO, 1600, 900)
    document = DocumentFactory()
    attach_image(document, MediaFile.Role.PAGE, 1240, 1754)
    attach_image(document, MediaFile.Role.PAGE, 300, 200)  # smaller than a thumbnail: shown at its own size

    for record in (victim, document):
        images = head_of(client, record.get_absolute_url()).images
        assert images, record
        for image in images:
            assert image.get("width") and image.get("height"), image
            key = re.search(r"/files/([0-9a-f-]+)/", image["src"]).group(1)
            media = MediaFile.objects.get(key=key)
            with (media.thumbnail or media.file).open("rb") as stored, Image.open(stored) as shown:
                assert (int(image["width"]), int(image["height"])) == shown.size, image
    first, *others = head_of(client, victim.get_absolute_url()).images
    assert portrait.key.hex in first["src"].replace("-", "") and "loading" not in first
    assert first.get("fetchpriority") == "high"
    assert all(image.get("loading") == "lazy" for image in others)


def test_portraits_in_the_names_list_have_their_size(client):
    attach_image(VictimFactory(), MediaFile.Role.PORTRAIT, 960, 1200)
    images = head_of(client, "/en/victims/").images
    assert [(image["width"], image["height"], image["loading"]) for image in images] == [("384", "480", "lazy")]


def test_a_description_cannot_break_out_of_its_attribute(client):
    victim = VictimFactory(surname_en='Quote"><script>alert(1)</script>', biography_en="Fish & chips <b>bold</b>")
    response = client.get(in_language(victim.get_absolute_url(), "en"))
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    parser = Head()
    parser.feed(page)
    description = parser.descriptions[0][1]
    assert description.startswith('Quote"><script>alert(1)</script>')
    assert description.endswith("Fish & chips <b>bold</b>")  # a record's text as written, escaped by the template
