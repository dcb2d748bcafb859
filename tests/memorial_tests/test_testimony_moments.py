"""The testimony page as people use it: captions on the player, a moment to share, one search box a page."""

from decimal import Decimal

import pytest

from memorial.moments import parse_moment, segment_at
from memorial.selectors.records import Segment
from tests.factories import TestimonyFactory, VictimFactory
from tests.memorial_tests.test_records import add_segments, attach_recording, html, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("754", "754"), ("75.5", "75.5"), ("12:34", "754"), ("1:02:03", "3723"), (" 9 ", "9"), ("0", "0")],
)
def test_a_moment_is_seconds_or_a_clock(typed, seconds):
    assert parse_moment(typed) == Decimal(seconds)


@pytest.mark.parametrize("typed", ["", None, "abc", "-5", "1e5", "12:75", "99999999", "1:2:3:4", "5s", "NaN"])
def test_anything_else_is_no_moment(typed):
    assert parse_moment(typed) is None


def test_the_line_heard_at_a_moment_is_the_last_to_start_by_then():
    lines = [Segment(start=Decimal(start), end=None, speaker="", text=start) for start in ("0", "3", "6")]
    assert segment_at(lines, Decimal("4.5")).text == "3"
    assert segment_at(lines, Decimal("6")).text == "6"
    assert segment_at(lines, Decimal("600")).text == "6"
    assert segment_at([], Decimal("1")) is None


def testimony_with_transcript(**values):
    testimony = TestimonyFactory(languages=["az"], **values)
    recording = attach_recording(testimony)
    add_segments(
        testimony, [("0", "Müsahibəçi", "Başlayaq."), ("3", "Rauf", "Gecə atəş eşitdik."), ("6", "Rauf", "Səhər.")]
    )
    return testimony, recording


def test_the_transcript_is_the_players_captions_track(client):
    testimony, _recording = testimony_with_transcript()
    page = html(client.get(url(testimony, "en")))
    vtt = url(testimony, "en", "testimony_transcript_vtt")
    assert f'<track kind="captions" src="{vtt}" srclang="az" label="Transcript" default>' in page
    assert client.get(vtt).content.decode().startswith("WEBVTT")


def test_no_captions_track_without_a_time_coded_transcript(client):
    testimony = TestimonyFactory(transcript="Written text only.")
    attach_recording(testimony)
    page = html(client.get(url(testimony, "en")))
    assert "<audio" in page and "<track" not in page


def test_a_shared_moment_marks_its_line_and_starts_the_recording_there_without_javascript(client):
    testimony, recording = testimony_with_transcript()
    page = html(client.get(url(testimony, "en") + "?t=4"))
    assert f'src="{recording.get_absolute_url()}#t=4"' in page  # a media fragment: the player starts at 0:04
    assert '<li class="segment segment--moment" id="at-3" data-start="3">' in page
    assert "The moment shared: 00:04" in page
    assert page.count("segment--moment") == 1


def test_a_moment_given_as_a_clock_or_not_at_all(client):
    testimony, recording = testimony_with_transcript()
    assert "The moment shared: 00:06" in html(client.get(url(testimony, "en") + "?t=0:06"))
    for query in ("", "?t=", "?t=soon", "?t=-1"):
        page = html(client.get(url(testimony, "en") + query))
        assert "segment--moment" not in page and f'src="{recording.get_absolute_url()}"' in page, query


def test_share_this_moment_is_offered_with_the_player(client):
    testimony, _recording = testimony_with_transcript()
    page = html(client.get(url(testimony, "en")))
    assert "data-share-moment" in page and "Share this moment" in page
    assert "player.js" in page


def test_the_transcripts_search_box_is_named_apart_from_the_sites(client):
    testimony, _recording = testimony_with_transcript()
    page = html(client.get(url(testimony, "en")))
    assert 'role="search" aria-label="Search the transcript"' in page
    assert 'role="search" aria-label="Search the archive"' in page


def test_the_search_page_and_the_home_page_have_one_search_box(client):
    VictimFactory(surname_az="Kazımov")
    for path in ("/en/", "/en/search/?q=Kaz%C4%B1mov", "/en/search/"):
        page = html(client.get(path))
        assert page.count('role="search"') == 1, path
        assert page.count('type="search"') == 1, path


def test_other_pages_keep_the_search_box_in_the_header(client):
    testimony, _recording = testimony_with_transcript()
    for path in ("/en/victims/", "/en/places/", url(testimony, "en")):
        assert 'id="site-search"' in html(client.get(path)), path
