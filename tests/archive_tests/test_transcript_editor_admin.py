"""The transcript editor without JavaScript: a plain form in the admin whose buttons split, join, delete and save,
for curators only; a bad save or a save over another's says so and keeps nothing."""

from decimal import Decimal

import pytest
from django.utils import translation

from archive.models import MediaFile, SegmentTranslation, TranscriptSegment
from archive.transcript_editing import transcript_version
from tests.browser.test_records import attach, wav_bytes
from tests.factories import TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def editor_url(testimony) -> str:
    return f"/en/admin/archive/testimony/{testimony.pk}/transcript/"


def transcript():
    testimony = TestimonyFactory(narrator_name="Rauf Əliyev", interviewer="Leyla")
    for start, end, text in [
        ("0", "4", "Başlayaq."),
        ("4", "10", "Evdə idim. Tank gördüm."),
        ("10", None, "Sağ olun."),
    ]:
        TranscriptSegment.objects.create(
            testimony=testimony, start=Decimal(start), end=end and Decimal(end), speaker_role="narrator", text=text
        )
    return testimony


def form_data(testimony, op="save", at="", **changes) -> dict:
    """What the page's form sends as it stands, with ``changes`` ({"1-text": …}) typed in."""
    segments = list(testimony.segments.order_by("start"))
    data = {
        "version": transcript_version(testimony),
        "at": at,
        "caret": "",
        "op": op,
        "segments-TOTAL_FORMS": str(len(segments) + 1),
        "segments-INITIAL_FORMS": str(len(segments)),
        "segments-MIN_NUM_FORMS": "0",
        "segments-MAX_NUM_FORMS": "5000",
    }
    for index, segment in enumerate([*segments, None]):
        prefix = f"segments-{index}-"
        data.update(
            {
                prefix + "id": segment.pk if segment else "",
                prefix + "start": str(segment.start) if segment else "",
                prefix + "end": "" if segment is None or segment.end is None else str(segment.end),
                prefix + "speaker_role": segment.speaker_role if segment else "",
                prefix + "speaker_person": segment.speaker_person.identifier
                if segment and segment.speaker_person
                else "",
                prefix + "speaker": segment.speaker if segment else "",
                prefix + "text": segment.text if segment else "",
            }
        )
    data.update({f"segments-{key}": value for key, value in changes.items()})
    return data


def texts(testimony):
    return [(segment.start, segment.text) for segment in testimony.segments.order_by("start")]


def test_the_testimony_page_offers_the_editor_which_shows_the_recording_and_the_segments(client, curator):
    testimony = transcript()
    recording = attach(testimony, wav_bytes(12), "recording.wav", MediaFile.Role.RECORDING)
    client.force_login(curator)
    change = client.get(f"/en/admin/archive/testimony/{testimony.pk}/change/").content.decode()
    assert f'href="{editor_url(testimony)}"' in change
    page = client.get(editor_url(testimony) + "?t=4").content.decode()
    assert f'src="{recording.get_absolute_url()}#t=4"' in page
    assert "Evdə idim. Tank gördüm." in page and "Segment 3" in page
    assert "Narrator: Rauf Əliyev" in page
    assert 'src="/static/memorial/js/transcript-editor.js"' in page


def test_split_join_and_a_new_segment_from_the_plain_form(client, curator):
    testimony = transcript()
    client.force_login(curator)
    response = client.post(editor_url(testimony), form_data(testimony, op="split:1", at="00:07"))
    assert response.status_code == 302
    assert response["Location"] == editor_url(testimony) + "?t=7&focus=3"
    assert texts(testimony) == [
        (Decimal(0), "Başlayaq."),
        (Decimal(4), "Evdə idim."),
        (Decimal(7), "Tank gördüm."),
        (Decimal(10), "Sağ olun."),
    ]
    assert "Saved (transcript editor: split segment 2)" in client.get(response["Location"]).content.decode()

    client.post(editor_url(testimony), form_data(testimony, op="join:1"))
    assert texts(testimony)[1] == (Decimal(4), "Evdə idim. Tank gördüm.")
    assert testimony.segments.get(start=4).end == Decimal(10)

    # The blank row at the foot adds a segment, which goes where its time puts it.
    new = {"3-start": "0:07", "3-end": "8.5", "3-speaker_role": "interviewer", "3-text": "Hazırsınız?"}
    assert client.post(editor_url(testimony), form_data(testimony, **{**new, "1-end": "6"})).status_code == 302
    assert texts(testimony)[2] == (Decimal(7), "Hazırsınız?")
    added = TranscriptSegment.history.get(text="Hazırsınız?")
    assert (added.history_user, added.history_change_reason) == (curator, "transcript editor: saved")


def test_a_person_speaks_by_identifier_and_a_segment_is_deleted(client, curator):
    testimony = transcript()
    victim = VictimFactory()
    client.force_login(curator)
    person = {"0-speaker_role": "person", "0-speaker_person": victim.identifier.lower()}
    assert client.post(editor_url(testimony), form_data(testimony, **person)).status_code == 302
    assert testimony.segments.get(start=0).speaker_person == victim
    assert victim.full_name in client.get(editor_url(testimony)).content.decode()
    client.post(editor_url(testimony), form_data(testimony, op="delete:2"))
    assert [text for _start, text in texts(testimony)] == ["Başlayaq.", "Evdə idim. Tank gördüm."]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"1-start": "00:02"}, "Segment 2: It starts before segment 1 above it ends: segments must not overlap."),
        ({"1-end": "3"}, "Segment 2: It ends before it starts or as it starts."),
        ({"1-start": "12:75"}, "Type the time as HH:MM:SS, MM:SS or seconds."),
        ({"1-speaker_person": "V-999999"}, "No person in the archive has the identifier V-999999."),
    ],
)
def test_a_bad_save_says_which_segment_and_saves_nothing(client, curator, changes, message):
    testimony = transcript()
    before = texts(testimony)
    client.force_login(curator)
    response = client.post(editor_url(testimony), form_data(testimony, **{"0-text": "Başlayaq!", **changes}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved." in page and message in page
    assert texts(testimony) == before


def test_a_save_over_another_curators_is_refused_with_who_saved(client, curator, django_user_model):
    testimony = transcript()
    opened = form_data(testimony, **{"1-text": "Mənim düzəlişim."})
    other = django_user_model.objects.create(username="aynur", is_staff=True, is_superuser=True)
    client.force_login(other)
    client.post(editor_url(testimony), form_data(testimony, **{"0-text": "Onların düzəlişi."}))
    client.force_login(curator)
    response = client.post(editor_url(testimony), opened)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Aynur saved this transcript" in page and "nothing of yours was saved" in page
    assert "Mənim düzəlişim." in page  # their version stays on the page, to save again knowingly
    assert [text for _start, text in texts(testimony)][:2] == ["Onların düzəlişi.", "Evdə idim. Tank gördüm."]


def test_reviewers_and_the_public_cannot_open_the_editor(client, reviewer):
    testimony = transcript()
    assert client.get(editor_url(testimony)).status_code == 302  # to the sign-in
    client.force_login(reviewer)
    assert client.get(editor_url(testimony)).status_code == 403
    assert client.post(editor_url(testimony), form_data(testimony, op="delete:0")).status_code == 403
    assert testimony.segments.count() == 3
    change = client.get(f"/en/admin/archive/testimony/{testimony.pk}/change/").content.decode()
    assert editor_url(testimony) not in change


def test_the_editor_names_a_segments_translations_and_a_split_says_what_is_left_to_translate(client, curator):
    testimony = transcript()
    segment = testimony.segments.get(start=4)
    SegmentTranslation.objects.create(segment=segment, language="en", text="I was at home. I saw a tank.")
    client.force_login(curator)
    page = client.get(editor_url(testimony)).content.decode()
    assert "Translated into English." in page
    assert f'href="/en/admin/archive/transcriptsegment/{segment.pk}/change/"' in page
    response = client.post(editor_url(testimony), form_data(testimony, op="split:1", at="7"), follow=True)
    assert "The translations of segment 2 (English) still hold both parts; segment 3 is not translated yet" in (
        response.content.decode()
    )


def test_a_machine_draft_is_marked_until_the_editor_changes_its_words(client, curator):
    testimony = transcript()
    testimony.segments.filter(start=4).update(machine_draft=True)
    client.force_login(curator)
    draft = "Machine draft: its words are a speech recognizer's until a person changes them."
    assert client.get(editor_url(testimony)).content.decode().count(draft) == 1
    client.post(editor_url(testimony), form_data(testimony, **{"1-text": "Evdə idim. Tankı gördüm."}))
    assert draft not in client.get(editor_url(testimony)).content.decode()
    assert not testimony.segments.filter(machine_draft=True).exists()
