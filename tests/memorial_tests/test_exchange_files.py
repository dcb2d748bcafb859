"""A testimony's index and transcript exchanged as OHMS XML and WebVTT: public downloads under the publication
rule, exports that third-party readers and the OHMS 5.4 structure accept, imports that give back the same points
and segments, and strict imports that save nothing from a bad file."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import webvtt as webvtt_py
from django.utils import timezone, translation

from archive.exchange import ohms
from archive.exchange.errors import ExchangeError
from archive.exchange.records import import_ohms, import_webvtt
from archive.models import Access, IndexHyperlink, IndexPoint, Status, Testimony, TranscriptSegment
from tests.archive_tests import ohms_structure
from tests.factories import PlaceFactory, TestimonyFactory, VictimFactory
from tests.memorial_tests.test_records import attach_recording, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


SAMPLE = Path(__file__).parent.parent / "archive_tests" / "data" / "ohms" / "index_hyperlinks_example.xml"


def full_testimony(**values) -> Testimony:
    testimony = TestimonyFactory(languages=["az", "ru"], interviewer="Leyla Həsənova", **values)
    attach_recording(testimony)
    witness = VictimFactory(surname_az="Quliyev", given_name_az="Rauf")
    Speaker = TranscriptSegment.Speaker
    for start, end, role, person, label, text in [
        ("0", "3.5", Speaker.INTERVIEWER, None, "", "Başlayaq. <Səs> & küy"),
        ("3.5", "9.25", Speaker.PERSON, witness, "", "Gecə atəş eşitdik.\nSonra tanklar gəldi."),
        ("10", "14", Speaker.NARRATOR, None, "", "Səhər."),
        ("14", "15", Speaker.OTHER, None, "Qonşu", "Bəli."),
        ("15", "16", "", None, "", "(sükut)"),
    ]:
        TranscriptSegment.objects.create(
            testimony=testimony,
            start=Decimal(start),
            end=Decimal(end),
            speaker_role=role,
            speaker_person=person,
            speaker=label,
            text=text,
        )
    first = IndexPoint.objects.create(
        testimony=testimony,
        time=Decimal("0"),
        title_az="Giriş",
        title_ru="Вступление",
        synopsis_az="Rauf özünü təqdim edir.",
        keywords_az="ailə; Bakı",
    )
    second = IndexPoint.objects.create(
        testimony=testimony,
        time=Decimal("754"),
        title_az="Tanklar",
        title_ru="Танки",
        partial_transcript_az="Gecə atəş eşitdik.",
        subjects_ru="Черный январь",
        latitude=Decimal("40.377000"),
        longitude=Decimal("49.892000"),
        map_zoom=14,
        map_description="Salyan kazarmaları",
    )
    second.victims.add(VictimFactory())
    second.places.add(PlaceFactory(slug="salyan-barracks"))
    IndexHyperlink.objects.create(point=second, url="https://example.org/tanks", text="Tanks")
    first.victims.add(VictimFactory(status=Status.DRAFT))  # never in a public file
    return testimony


def points_of(testimony) -> list[tuple]:
    fields = [f"{name}_{code}" for name in ohms.TEXT_FIELDS for code in ("az", "ru")]
    return [
        (
            point.time,
            *(getattr(point, name) for name in fields),
            sorted(point.victims.values_list("identifier", flat=True)),
            sorted(point.places.values_list("slug", flat=True)),
            point.latitude,
            point.longitude,
            point.map_zoom,
            point.map_description,
            sorted(point.hyperlinks.values_list("url", "text")),
        )
        for point in testimony.index_points.all()
    ]


def segments_of(testimony) -> list[tuple]:
    return list(testimony.segments.values_list("start", "end", "speaker_role", "speaker_person", "speaker", "text"))


# --- public downloads ----------------------------------------------------------------------------------------


def test_the_ohms_file_has_the_54_structure_and_the_testimonys_index_and_transcript(client):
    testimony = full_testimony()
    response = client.get(url(testimony, "en", "testimony_ohms"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert ohms_structure.problems(response.content) == []
    record = ohms.read(response.content, site_host="testserver")
    assert record.accession == testimony.identifier
    assert (record.language, record.alt_language) == ("az", "ru")
    assert [point.time for point in record.points] == [Decimal(0), Decimal(754)]
    assert record.points[1].texts["title"] == {"az": "Tanklar", "ru": "Танки"}
    assert record.points[0].victims == []  # the draft person is not named
    assert [(cue.speaker, cue.role) for cue in record.cues] == [
        ("Leyla Həsənova", "interviewer"),
        ("Quliyev Rauf", "person"),
        ("Narrator", "narrator"),
        ("Qonşu", "other"),
        ("", ""),
    ]


def test_the_public_webvtt_is_read_alike_by_a_third_party_parser(client):
    testimony = full_testimony()
    text = client.get(url(testimony, "en", "testimony_transcript_vtt")).content.decode()
    captions = webvtt_py.from_string(text).captions
    assert [(c.start, c.end, c.voice) for c in captions] == [
        ("00:00:00.000", "00:00:03.500", "Leyla Həsənova"),
        ("00:00:03.500", "00:00:09.250", "Quliyev Rauf"),
        ("00:00:10.000", "00:00:14.000", "Narrator"),
        ("00:00:14.000", "00:00:15.000", "Qonşu"),
        ("00:00:15.000", "00:00:16.000", None),
    ]
    assert captions[1].raw_text.startswith(
        f"<v.person.{testimony.segments.get(start=Decimal('3.5')).speaker_person.identifier.replace('-', '')} "
    )
    assert captions[1].text == "Gecə atəş eşitdik.\nSonra tanklar gəldi."


@pytest.mark.parametrize(
    "values",
    [
        {"status": Status.DRAFT},
        {"status": Status.WITHDRAWN},
        {"access": Access.PRIVATE},
        {"access": Access.METADATA},
        {"narrator_consent": Testimony.Consent.ARCHIVE_ONLY, "status": Status.DRAFT},
        {"embargo_until": timezone.localdate() + timedelta(days=1)},
        {"access": Access.METADATA, "media_closed_until": timezone.localdate() + timedelta(days=1)},
    ],
)
def test_the_exchange_files_follow_the_publication_rule(client, values):
    testimony = full_testimony(**values)
    assert client.get(url(testimony, "en", "testimony_ohms")).status_code == 404
    assert client.get(url(testimony, "en", "testimony_transcript_vtt")).status_code == 404


def test_no_ohms_file_for_a_testimony_with_neither_index_nor_transcript(client):
    assert client.get(url(TestimonyFactory(), "en", "testimony_ohms")).status_code == 404


# --- round trips ---------------------------------------------------------------------------------------------


def test_an_ohms_export_imported_again_gives_the_same_points_and_segments(client):
    testimony = full_testimony()
    IndexPoint.objects.filter(title_az="Giriş").first().victims.clear()  # what the public file cannot carry
    before_points, before_segments = points_of(testimony), segments_of(testimony)
    exported = client.get(url(testimony, "en", "testimony_ohms")).content
    testimony.index_points.all().delete()
    testimony.segments.all().delete()
    result = import_ohms(testimony, exported, site_host="testserver", filename="back.xml")
    assert (result.points, result.segments) == (2, 5)
    assert points_of(testimony) == before_points
    assert segments_of(testimony) == before_segments
    point = testimony.index_points.last()
    assert point.history.first().history_change_reason == "Imported from OHMS XML back.xml"


def test_a_webvtt_export_imported_again_gives_the_same_segments(client):
    testimony = full_testimony()
    before = segments_of(testimony)
    exported = client.get(url(testimony, "en", "testimony_transcript_vtt")).content
    testimony.segments.all().delete()
    assert import_webvtt(testimony, exported).segments == 5
    assert segments_of(testimony) == before


def test_a_real_ohms_file_is_read():
    record = ohms.read(SAMPLE.read_bytes(), site_host="testserver")
    assert record.accession == "OH0037"
    assert [(point.time, point.texts["title"]["az"]) for point in record.points] == [
        (Decimal(1), "Pre-Interview Remarks"),
        (Decimal(3473), "DuPont and Tetraethyl Lead"),
    ]
    assert record.points[1].links[0] == (
        "https://digital.sciencehistory.org/works/cf95jc49c",
        "Oral history interview with Hubert N. Alyea",
    )
    assert len(record.points[1].links) == 3
    assert record.cues is None  # its transcript is not time-coded


# --- strict imports ------------------------------------------------------------------------------------------


def refused(call) -> list[str]:
    with pytest.raises(ExchangeError) as caught:
        call()
    return [str(problem) for problem in caught.value.problems]


def unchanged(testimony, points, segments) -> bool:
    return points_of(testimony) == points and segments_of(testimony) == segments


@pytest.mark.parametrize(
    ("cues", "expected"),
    [
        (
            "00:00:05.000 --> 00:00:09.000\nB\n\n00:00:01.000 --> 00:00:02.000\nA",
            ["6: The cue starts before the one above it: cues must be in order."],
        ),
        ("00:00:05.000 --> 00:00:04.000\nA", ["3: The cue ends before it starts or as it starts."]),
        (
            "00:00:01.000 --> 00:00:06.000\nA\n\n00:00:05.000 --> 00:00:09.000\nB",
            ["6: The cue starts before the one above it ends: cues must not overlap."],
        ),
        ("1\n00:00:01,000 --> 00:00:06.000\nA", ["4: This is not a cue's timing (00:01:02.500 --> 00:01:09.000)."]),
    ],
)
def test_a_bad_webvtt_file_is_refused_with_its_lines_and_saves_nothing(cues, expected):
    testimony = full_testimony()
    points, segments = points_of(testimony), segments_of(testimony)
    content = f"WEBVTT\n\n{cues}\n".encode()
    assert refused(lambda: import_webvtt(testimony, content)) == expected
    assert unchanged(testimony, points, segments)


def test_a_speaker_the_archive_does_not_know_is_refused():
    testimony = full_testimony()
    before = segments_of(testimony)
    content = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v.person.V999999 Someone>Text\n"
    assert refused(lambda: import_webvtt(testimony, content)) == [
        "3: No person in the archive has the identifier V-999999."
    ]
    assert segments_of(testimony) == before


def test_free_text_speakers_become_the_narrator_or_the_interviewer():
    testimony = TestimonyFactory(narrator_name="Rauf Quliyev", interviewer="Leyla")
    content = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Leyla>A\n\n00:00:02.000 --> 00:00:03.000\n<v Rauf Quliyev>B"
        "\n\n00:00:03.000 --> 00:00:04.000\n<v Müsahibəçi>C\n\n00:00:04.000 --> 00:00:05.000\n<v Qonşu>D\n"
    ).encode()
    import_webvtt(testimony, content)
    assert list(testimony.segments.values_list("speaker_role", "speaker")) == [
        ("interviewer", ""),
        ("narrator", ""),
        ("interviewer", ""),
        ("other", "Qonşu"),
    ]


def test_a_file_that_is_not_webvtt_is_refused():
    testimony = full_testimony()
    assert refused(lambda: import_webvtt(testimony, b"1\n00:00:01,000 --> 00:00:02,000\nSRT\n")) == [
        "1: A WebVTT file starts with the line WEBVTT."
    ]


def ohms_text(testimony, points: str, transcript: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms">
<record id="1" dt="2026-01-01">
<version>5.4</version>
<title>T</title>
<accession>{testimony.identifier}</accession>
<language>az</language>
<index>{points}</index>
<transcript>{transcript}</transcript>
</record>
</ROOT>
""".encode()


@pytest.mark.parametrize(
    ("points", "transcript", "expected"),
    [
        (
            "<point><time>5</time><title>A</title></point>\n<point><time>2</time><title>B</title></point>",
            "",
            ["9: This point's time is before the one above it: points must be in order."],
        ),
        (
            "<point><time>1.5</time><title>A</title></point>",
            "",
            ["8: A point's time is a whole number of seconds from the start."],
        ),
        ("<point><time>1</time></point>", "", ["8: The point has no title."]),
        (
            "<point><time>1</time><title>A</title><hyperlinks><hyperlink>http://testserver/victims/V-999999/</hyperlink></hyperlinks></point>",
            "",
            ["8: No person in the archive has the identifier V-999999."],
        ),
        (
            "<point><time>1</time><title>A</title><hyperlinks><hyperlink>javascript:alert(1)</hyperlink></hyperlinks></point>",
            "",
            ["8: This link is not a web address: javascript:alert(1)"],
        ),
        (
            "<point><time>1</time><title>A</title></point>",
            "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nA\n\n00:00:03.000 --> 00:00:05.000\nB",
            ["14: The cue starts before the one above it ends: cues must not overlap."],
        ),
        ("<point><time>1</time><title>A</title>", "", None),
    ],
)
def test_a_bad_ohms_file_is_refused_with_its_lines_and_saves_nothing(points, transcript, expected):
    testimony = full_testimony()
    before_points, before_segments = points_of(testimony), segments_of(testimony)
    problems = refused(lambda: import_ohms(testimony, ohms_text(testimony, points, transcript), site_host="testserver"))
    if expected is None:  # not well-formed: the parser's message with its line
        assert len(problems) == 1 and problems[0].startswith("8: This is not well-formed XML")
    else:
        assert problems == expected
    assert unchanged(testimony, before_points, before_segments)


def test_an_ohms_file_for_another_testimony_is_refused():
    testimony = full_testimony()
    before = points_of(testimony)
    assert refused(lambda: import_ohms(testimony, SAMPLE.read_bytes(), site_host="testserver")) == [
        f"This file is for OH0037, not {testimony.identifier}."
    ]
    assert points_of(testimony) == before


def test_an_ohms_file_with_entities_is_not_expanded():
    testimony = full_testimony()
    content = ohms_text(testimony, "<point><time>1</time><title>&xxe;</title></point>").replace(
        b"<ROOT", b'<!DOCTYPE ROOT [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<ROOT', 1
    )
    with pytest.raises(ExchangeError):
        import_ohms(testimony, content, site_host="testserver")
    assert "root:" not in "".join(testimony.index_points.values_list("title_az", flat=True))


# --- speakers ------------------------------------------------------------------------------------------------


def test_the_page_names_speakers_by_role_and_hides_what_the_public_may_not_see(client):
    testimony = TestimonyFactory(
        narrator_name="Real Name", narrator_consent=Testimony.Consent.ANONYMOUS, narrator_pseudonym="R. Q."
    )
    attach_recording(testimony)
    hidden = VictimFactory(status=Status.DRAFT, surname_az="Gizli")
    Speaker = TranscriptSegment.Speaker
    TranscriptSegment.objects.create(testimony=testimony, start=0, speaker_role=Speaker.NARRATOR, text="A")
    TranscriptSegment.objects.create(
        testimony=testimony, start=1, speaker_role=Speaker.PERSON, speaker_person=hidden, speaker="Qonşu", text="B"
    )
    page = client.get(url(testimony, "en")).content.decode()
    assert '<span class="segment__speaker">R. Q.:</span>' in page
    assert '<span class="segment__speaker">Qonşu:</span>' in page
    assert "Real Name" not in page and "Gizli" not in page


def test_the_migration_turns_free_text_speakers_into_roles():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("archive.migrations.0014_segment_speakers")
    testimony = TestimonyFactory(narrator_name="Rauf Quliyev", interviewer="Leyla")
    for start, text in enumerate(("Rauf Quliyev", "interviewer", "Leyla", "Qonşu", "")):
        TranscriptSegment.objects.create(testimony=testimony, start=start, speaker=text, text="…")
    migration.classify_speakers(apps, None)
    assert list(testimony.segments.order_by("start").values_list("speaker_role", "speaker")) == [
        ("narrator", ""),
        ("interviewer", ""),
        ("interviewer", ""),
        ("other", "Qonşu"),
        ("", ""),
    ]
