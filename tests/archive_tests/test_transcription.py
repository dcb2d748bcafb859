"""Machine drafts of a transcript, honestly scoped: nothing offered without a recognizer the operator configured;
with one, a curator asks for a draft, the background job writes segments marked as machine drafts (never over
people's segments unless the curator said so), and a person's edit clears the mark. No model is ever downloaded:
the faster-whisper backend refuses anything but a model folder on this machine."""

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from archive.models import TranscriptSegment
from archive.transcription import backend
from archive.transcription.backends import FixedSegmentsBackend
from archive.transcription.whisper import FasterWhisperBackend
from tests.factories import TestimonyFactory
from tests.memorial_tests.test_records import attach_recording

pytestmark = pytest.mark.django_db

FAKE = "archive.transcription.backends.FixedSegmentsBackend"


def change_url(testimony) -> str:
    return f"/en/admin/archive/testimony/{testimony.pk}/change/"


def transcribe_url(testimony) -> str:
    return f"/en/admin/archive/testimony/{testimony.pk}/transcribe/"


def test_without_a_recognizer_the_admin_says_so_and_offers_nothing(client, curator, settings):
    settings.TRANSCRIPTION_BACKEND = ""
    testimony = TestimonyFactory()
    attach_recording(testimony)
    client.force_login(curator)
    page = client.get(change_url(testimony)).content.decode()
    assert "No speech recognizer is configured; see README" in page
    assert transcribe_url(testimony) not in page
    assert client.get(transcribe_url(testimony)).status_code == 404
    assert client.post(transcribe_url(testimony)).status_code == 404
    assert not TranscriptSegment.objects.exists()


def test_a_curator_asks_for_a_draft_and_its_segments_are_marked(
    client, curator, settings, django_capture_on_commit_callbacks
):
    settings.TRANSCRIPTION_BACKEND = FAKE
    testimony = TestimonyFactory(languages=["ru"])
    attach_recording(testimony)
    client.force_login(curator)
    page = client.get(change_url(testimony)).content.decode()
    assert transcribe_url(testimony) in page and "No speech recognizer" not in page
    assert client.get(transcribe_url(testimony)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the job runs once the request's transaction commits
        response = client.post(transcribe_url(testimony))
    assert response.status_code == 302
    segments = list(testimony.segments.order_by("start"))
    assert [(s.start, s.end, s.text, s.machine_draft) for s in segments] == [
        (Decimal("0.000"), Decimal("4.000"), "Machine draft 1 (ru)", True),
        (Decimal("4.000"), Decimal("8.000"), "Machine draft 2 (ru)", True),
        (Decimal("8.000"), Decimal("12.000"), "Machine draft 3 (ru)", True),
    ]
    assert segments[0].history.first().history_change_reason == "Machine draft from the speech recognizer"
    # Shown as drafts in the admin: the segments' list filters them.
    listing = client.get("/en/admin/archive/transcriptsegment/?machine_draft__exact=1").content.decode()
    assert "Machine draft 2 (ru)" in listing
    # Asked again, the new draft replaces the old one (drafts only).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(transcribe_url(testimony))
    assert testimony.segments.count() == 3


def test_a_draft_never_replaces_peoples_segments_unless_the_curator_says_so(
    client, curator, settings, django_capture_on_commit_callbacks
):
    settings.TRANSCRIPTION_BACKEND = FAKE
    testimony = TestimonyFactory()
    attach_recording(testimony)
    TranscriptSegment.objects.create(testimony=testimony, start=0, end=2, text="Typed by a person.")
    client.force_login(curator)
    page = client.get(transcribe_url(testimony)).content.decode()
    assert "1 segment written by people" in page and 'name="replace_human"' in page
    response = client.post(transcribe_url(testimony))
    assert response.status_code == 200 and "say whether to replace them" in response.content.decode()
    assert list(testimony.segments.values_list("text", flat=True)) == ["Typed by a person."]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(transcribe_url(testimony), {"replace_human": "on"})
    assert response.status_code == 302
    assert list(testimony.segments.values_list("machine_draft", flat=True)) == [True, True, True]


def test_the_job_checks_again_when_it_writes(settings):
    """People may type segments while the recognizer runs: a job not allowed to replace them writes nothing."""
    from archive.transcription.services import draft_make

    settings.TRANSCRIPTION_BACKEND = FAKE
    testimony = TestimonyFactory()
    recording = attach_recording(testimony)
    TranscriptSegment.objects.create(testimony=testimony, start=0, end=2, text="Typed meanwhile.")
    assert draft_make(testimony_id=testimony.pk, media_id=recording.pk, replace_human=False) == "kept"
    assert list(testimony.segments.values_list("text", flat=True)) == ["Typed meanwhile."]


def segment_row(segment, prefix: str, **changes) -> dict:
    values = {
        "id": segment.pk,
        "testimony": segment.testimony_id,
        "start": str(segment.start),
        "end": str(segment.end),
        "speaker_role": "",
        "speaker_person": "",
        "speaker": "",
        "text": segment.text,
        "machine_draft": "on" if segment.machine_draft else "",
    }
    values.update(changes)
    return {f"{prefix}-{key}": value for key, value in values.items() if value != ""}


def test_editing_a_drafts_text_in_the_admin_clears_the_mark(client, curator):
    segment = TranscriptSegment.objects.create(
        testimony=TestimonyFactory(), start=0, end=4, text="Machine draft", machine_draft=True
    )
    untouched = TranscriptSegment.objects.create(
        testimony=segment.testimony, start=4, end=8, text="Another draft", machine_draft=True
    )
    client.force_login(curator)
    address = f"/en/admin/archive/transcriptsegment/{segment.pk}/change/"
    form = {
        **{key.split("-", 1)[1]: value for key, value in segment_row(segment, "x").items()},
        "text": "Corrected by a person",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
    }
    response = client.post(address, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    segment.refresh_from_db()
    untouched.refresh_from_db()
    assert segment.text == "Corrected by a person" and segment.machine_draft is False
    assert untouched.machine_draft is True


def test_faster_whisper_refuses_a_model_that_is_not_a_folder_on_this_machine(tmp_path):
    for value in ("large-v3", "Systran/faster-whisper-large-v3", "https://huggingface.co/x", "models/whisper", ""):
        with pytest.raises(ImproperlyConfigured):
            FasterWhisperBackend(model_path=value)
    with pytest.raises(ImproperlyConfigured):
        FasterWhisperBackend(model_path=str(tmp_path / "absent"))
    assert FasterWhisperBackend(model_path=str(tmp_path)).model_path == tmp_path  # a folder: taken, nothing loaded


def test_the_configured_backend_is_made_with_the_model_path(settings, tmp_path):
    settings.TRANSCRIPTION_BACKEND = FAKE
    settings.TRANSCRIPTION_MODEL_PATH = str(tmp_path)
    made = backend()
    assert isinstance(made, FixedSegmentsBackend) and made.model_path == str(tmp_path)
    settings.TRANSCRIPTION_BACKEND = ""
    with pytest.raises(ImproperlyConfigured):
        backend()


def test_the_transcript_editor_clears_the_mark_of_a_draft_whose_words_it_changes(curator):
    from archive.transcript_editing import Operation, transcript_edit, transcript_rows, transcript_version

    testimony = TestimonyFactory()
    for start, text in (("0", "Machine draft one"), ("4", "Machine draft two")):
        TranscriptSegment.objects.create(
            testimony=testimony, start=Decimal(start), end=Decimal(start) + 4, text=text, machine_draft=True
        )
    rows = transcript_rows(testimony)
    rows[0].text = "Corrected by a person"
    rows[1].end = Decimal("7.5")  # retimed only: still the machine's words
    transcript_edit(
        testimony=testimony,
        rows=rows,
        operation=Operation(kind="save"),
        user=curator,
        version=transcript_version(testimony),
    )
    assert list(testimony.segments.order_by("start").values_list("text", "machine_draft")) == [
        ("Corrected by a person", False),
        ("Machine draft two", True),
    ]


def test_a_recognizer_given_a_model_name_is_reported_at_start(settings, tmp_path):
    from memorial.checks import speech_recognizer

    settings.TRANSCRIPTION_BACKEND = "archive.transcription.whisper.FasterWhisperBackend"
    settings.TRANSCRIPTION_MODEL_PATH = "large-v3"
    assert [message.id for message in speech_recognizer(None)] == ["memorial.W006"]
    settings.TRANSCRIPTION_MODEL_PATH = str(tmp_path)  # a local folder: nothing said (nothing loaded yet)
    assert speech_recognizer(None) == []
    settings.TRANSCRIPTION_BACKEND = ""
    assert speech_recognizer(None) == []
