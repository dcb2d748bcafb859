"""The demonstration content shows an interview's index and a document's contents, so `make run` shows what they do
(the table of contents beside the player, "Mentioned in" on a victim's page, the IIIF manifest's ranges), and
remove_demo takes them with the rest (tests/archive_tests/test_demo.py)."""

import io
import json

import pytest
from django.core.management import call_command

from archive.demo import load_demo
from archive.models import Document, Testimony, Victim

pytestmark = pytest.mark.django_db


def test_the_first_demonstration_testimony_has_an_index_that_names_its_victim(client, private_media_root):
    load_demo()
    testimony = Testimony.objects.demo().get(title__contains="Zəhra Nümunəli")
    victim = Victim.objects.demo().get(surname_az="Nümunəli")

    points = list(testimony.index_points.order_by("time"))

    assert [(float(point.time), point.title_en) for point in points] == [
        (0.0, "Sample: about the recording"),
        (3.0, "Sample: Elvin that night"),
    ]
    assert list(points[1].victims.all()) == [victim]
    page = client.get(f"/en/victims/{victim.identifier}/").content.decode()
    assert "Mentioned in" in page
    assert f"/en/testimonies/{testimony.identifier}/?t=3" in page
    manifest = json.loads(client.get(f"/iiif/{testimony.identifier}/manifest").content)
    assert [item["label"]["en"] for item in manifest["structures"][0]["items"]] == [
        ["Sample: about the recording"],
        ["Sample: Elvin that night"],
    ]


def test_the_demonstration_letter_has_its_contents_page_by_page(client, private_media_root):
    load_demo()
    letter = Document.objects.demo().get(reference="NÜM-1")
    victim = Victim.objects.demo().get(surname_az="Nümunəli")

    points = list(letter.index_points.select_related("page"))

    assert [(point.page.order, point.title_en) for point in points] == [
        (1, "Sample: to the family"),
        (2, "Sample: the city in mourning"),
    ]
    assert "Sample: the city in mourning" in client.get(f"/en/documents/{letter.identifier}/").content.decode()
    assert "Sample: to the family" in client.get(f"/en/victims/{victim.identifier}/").content.decode()


def test_remove_demo_counts_the_index_points_load_demo_added(private_media_root, django_capture_on_commit_callbacks):
    added, removed = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=added)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_demo", stdout=removed)

    assert "4 index points" in added.getvalue() and "4 index points" in removed.getvalue()
