"""Curators edit an interview's index in the admin: points inline on the testimony, times typed as a clock."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import IndexHyperlink, IndexPoint, Status, TranscriptSegment
from tests.factories import TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db

ADD = "/en/admin/archive/indexpoint/add/"


def point_form(testimony, time: str, **extra) -> dict:
    return {
        "testimony": testimony.pk,
        "time": time,
        "title_az": "Tanklar",
        "hyperlinks-TOTAL_FORMS": "1",
        "hyperlinks-INITIAL_FORMS": "0",
        "hyperlinks-0-url": "https://example.org/tanks",
        "hyperlinks-0-text": "Tanks",
        **extra,
    }


@pytest.mark.parametrize(("typed", "seconds"), [("12:34", "754"), ("01:02:03", "3723"), ("75.5", "75.5")])
def test_a_point_is_added_with_its_time_as_a_clock_or_seconds(client, curator, typed, seconds):
    testimony = TestimonyFactory()
    client.force_login(curator)
    response = client.post(ADD, point_form(testimony, typed))
    assert response.status_code == 302, response.content.decode()[:2000]
    point = IndexPoint.objects.get(testimony=testimony)
    assert point.time == Decimal(seconds)
    assert [(link.url, link.text) for link in IndexHyperlink.objects.filter(point=point)] == [
        ("https://example.org/tanks", "Tanks")
    ]
    assert point.history.count() == 1


@pytest.mark.parametrize(
    ("typed", "extra", "message"),
    [
        ("12:75", {}, "Type the time as HH:MM:SS, MM:SS or seconds."),
        ("soon", {}, "Type the time as HH:MM:SS, MM:SS or seconds."),
        ("12:34", {"title_az": ""}, "Give the point a title in at least one language."),
        ("12:34", {"latitude": "40.4"}, "Give both latitude and longitude."),
        ("12:34", {"hyperlinks-0-url": "javascript:alert(1)"}, "Enter a valid URL."),
    ],
)
def test_a_bad_point_is_refused_with_a_message_and_nothing_saved(client, curator, typed, extra, message):
    testimony = TestimonyFactory()
    client.force_login(curator)
    response = client.post(ADD, point_form(testimony, typed, **extra))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IndexPoint.objects.exists() and not IndexHyperlink.objects.exists()


def test_the_testimony_page_shows_its_points_inline_with_clock_times(client, curator):
    testimony = TestimonyFactory()
    IndexPoint.objects.create(testimony=testimony, time=Decimal("3723"), title_az="Səhər")
    client.force_login(curator)
    page = client.get(f"/en/admin/archive/testimony/{testimony.pk}/change/").content.decode()
    assert "Index points" in page
    assert 'value="01:02:03"' in page


# --- importing and exporting a file from the testimony's page ---


def exchange_url(testimony, tail: str = "") -> str:
    return f"/en/admin/archive/testimony/{testimony.pk}/exchange/{tail}"


def upload(name: str, content: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="application/octet-stream")


def test_the_testimony_page_offers_the_import(client, curator):
    testimony = TestimonyFactory()
    client.force_login(curator)
    page = client.get(f"/en/admin/archive/testimony/{testimony.pk}/change/").content.decode()
    assert exchange_url(testimony) in page
    assert client.get(exchange_url(testimony)).status_code == 200


def test_a_webvtt_file_replaces_the_transcript(client, curator):
    testimony = TestimonyFactory()
    TranscriptSegment.objects.create(testimony=testimony, start=0, text="Old")
    client.force_login(curator)
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Rauf>Gecə atəş eşitdik.\n"
    response = client.post(exchange_url(testimony), {"file": upload("new.vtt", vtt)}, follow=True)
    assert "The transcript was replaced: 1 segments." in response.content.decode()
    assert list(testimony.segments.values_list("start", "end", "speaker", "text")) == [
        (Decimal("1"), Decimal("4"), "Rauf", "Gecə atəş eşitdik.")
    ]
    assert TranscriptSegment.history.filter(history_type="-", text="Old").exists()


def test_an_ohms_file_replaces_the_index_and_links_the_people_it_names(client, curator):
    testimony = TestimonyFactory()
    victim = VictimFactory()
    IndexPoint.objects.create(testimony=testimony, time=5, title_az="Köhnə")
    client.force_login(curator)
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms"><record id="1" dt="2026-01-01"><version>5.4</version>
<title>T</title><accession>{testimony.identifier}</accession><language>English</language><index>
<point><time>60</time><title>Tanks</title><hyperlinks><hyperlink>http://testserver/az/victims/{victim.identifier}/</hyperlink>
<hyperlink_text>Name</hyperlink_text></hyperlinks></point></index></record></ROOT>"""
    response = client.post(exchange_url(testimony), {"file": upload("index.xml", xml)}, follow=True)
    assert "The index was replaced: 1 points." in response.content.decode()
    point = testimony.index_points.get()
    assert (point.time, point.title_en, list(point.victims.all())) == (Decimal(60), "Tanks", [victim])
    assert not point.hyperlinks.exists()
    assert point.history.earliest("history_date").history_change_reason == "Imported from OHMS XML index.xml"


def test_a_bad_file_shows_its_lines_and_changes_nothing(client, curator):
    testimony = TestimonyFactory()
    TranscriptSegment.objects.create(testimony=testimony, start=0, text="Old")
    client.force_login(curator)
    vtt = "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nA\n"
    response = client.post(exchange_url(testimony), {"file": upload("bad.vtt", vtt)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 3:" in page and "The cue ends before it starts or as it starts." in page
    assert list(testimony.segments.values_list("text", flat=True)) == ["Old"]


def test_a_file_of_another_kind_is_refused(client, curator):
    testimony = TestimonyFactory()
    client.force_login(curator)
    response = client.post(exchange_url(testimony), {"file": upload("notes.txt", "hello")})
    assert "Choose an OHMS XML file (.xml) or a WebVTT file (.vtt)." in response.content.decode()


def test_a_reviewer_may_not_import(client, reviewer):
    testimony = TestimonyFactory()
    client.force_login(reviewer)
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nA\n"
    assert client.post(exchange_url(testimony), {"file": upload("new.vtt", vtt)}).status_code == 403
    assert not testimony.segments.exists()


def test_the_staff_copy_names_every_linked_person(client, curator):
    testimony = TestimonyFactory(status=Status.DRAFT)
    draft_person = VictimFactory(status=Status.DRAFT)
    IndexPoint.objects.create(testimony=testimony, time=5, title_az="Bölmə").victims.add(draft_person)
    client.force_login(curator)
    response = client.get(exchange_url(testimony, "ohms.xml"))
    assert response.status_code == 200
    assert draft_person.identifier in response.content.decode()
