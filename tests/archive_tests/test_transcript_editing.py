"""The transcript editor's writes (archive.transcript_editing): split, join, delete, retime and save, each in the
history with the staff member and why; a bad edit or a save over someone else's saves nothing."""

from decimal import Decimal

import pytest
from django.utils import translation

from archive.models import SegmentTranslation, TranscriptSegment
from archive.transcript_editing import (
    Operation,
    Row,
    StaleTranscript,
    TranscriptError,
    divide_text,
    transcript_edit,
    transcript_rows,
    transcript_version,
)
from tests.factories import TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def transcript(*lines):
    testimony = TestimonyFactory(narrator_name="Rauf Əliyev")
    for start, end, text in lines:
        TranscriptSegment.objects.create(
            testimony=testimony,
            start=Decimal(start),
            end=None if end is None else Decimal(end),
            speaker_role=TranscriptSegment.Speaker.NARRATOR,
            text=text,
        )
    return testimony


def stored(testimony):
    return [(s.start, s.end, s.text) for s in testimony.segments.order_by("start")]


def edit(testimony, user, kind="save", index=None, rows=None, **options):
    rows = rows if rows is not None else transcript_rows(testimony)
    operation = Operation(kind=kind, row=rows[index] if index is not None else None, **options)
    return transcript_edit(
        testimony=testimony, rows=rows, operation=operation, user=user, version=transcript_version(testimony)
    )


def test_a_split_at_a_moment_and_the_caret_makes_two_segments_with_the_speaker_kept(curator):
    testimony = transcript(("0", "10", "Evdə idim. Pəncərədən tank gördüm."), ("10", "14", "Sağ olun."))
    first_pk = testimony.segments.get(start=0).pk
    saved = edit(testimony, curator, "split", 0, at=Decimal("4.2"), caret=len("Evdə idim. "))
    assert stored(testimony) == [
        (Decimal("0"), Decimal("4.2"), "Evdə idim."),
        (Decimal("4.2"), Decimal("10"), "Pəncərədən tank gördüm."),
        (Decimal("10"), Decimal("14"), "Sağ olun."),
    ]
    assert testimony.segments.get(start=0).pk == first_pk  # the first part is the segment, changed
    assert {s.speaker_role for s in testimony.segments.all()} == {TranscriptSegment.Speaker.NARRATOR}
    assert (saved.created, saved.changed, saved.deleted, saved.focus) == (1, 1, 0, 2)
    history = TranscriptSegment.history.filter(testimony_id=testimony.pk, history_user=curator)
    assert {entry.history_change_reason for entry in history} == {"transcript editor: split segment 1"}
    assert history.count() == 2


def test_a_split_without_a_caret_divides_the_words_by_time_and_without_a_moment_at_the_middle(curator):
    testimony = transcript(("0", "8", "one two three four"))
    edit(testimony, curator, "split", 0)
    assert stored(testimony) == [(Decimal("0"), Decimal("4"), "one two"), (Decimal("4"), Decimal("8"), "three four")]
    assert divide_text("one two three four", caret=None, fraction=Decimal("0.75")) == ("one two three", "four")
    assert divide_text("one two", caret=0, fraction=Decimal("0.1")) == ("one", "two")
    sentences = "Evdə idim. Pəncərədən baxırdım, tank gördüm. Sonra"
    assert divide_text(sentences, caret=None, fraction=Decimal("0.3")) == ("Evdə idim.", sentences[11:])
    assert divide_text(sentences, caret=None, fraction=Decimal("0.8"))[1] == "Sonra"


@pytest.mark.parametrize(
    ("at", "text", "message"),
    [
        ("12", "a b", "Segment 1: The moment to split at is not within it."),
        ("0", "a b", "Segment 1: The moment to split at is not within it."),
        ("5", "word", "Segment 1: Its text is one word: there is nothing to split."),
    ],
)
def test_a_split_that_cannot_be_made_changes_nothing(curator, at, text, message):
    testimony = transcript(("0", "10", text))
    before = stored(testimony)
    with pytest.raises(TranscriptError) as refused:
        edit(testimony, curator, "split", 0, at=Decimal(at))
    assert [str(problem) for problem in refused.value.problems] == [message]
    assert stored(testimony) == before


def test_a_join_makes_one_segment_to_the_seconds_end_and_its_history_keeps_the_one_gone(curator):
    testimony = transcript(("0", "4", "Evdə idim."), ("4", "9", "Tank gördüm."), ("9", None, "Sağ olun."))
    second = testimony.segments.get(start=4)
    edit(testimony, curator, "join", 0)
    assert stored(testimony) == [
        (Decimal("0"), Decimal("9"), "Evdə idim. Tank gördüm."),
        (Decimal("9"), None, "Sağ olun."),
    ]
    gone = TranscriptSegment.history.get(id=second.pk, history_type="-")
    assert (gone.history_user, gone.history_change_reason) == (curator, "transcript editor: joined segments 1 and 2")
    with pytest.raises(TranscriptError, match="It is the last segment"):
        edit(testimony, curator, "join", 1)


def test_delete_and_retime_are_saved_with_only_the_changed_rows_in_the_history(curator):
    testimony = transcript(("0", "4", "Bir."), ("4", "9", "İki."), ("9", "12", "Üç."))
    rows = transcript_rows(testimony)
    rows[1].start = Decimal("5.5")
    edit(testimony, curator, rows=rows)
    assert stored(testimony)[1] == (Decimal("5.5"), Decimal("9"), "İki.")
    assert TranscriptSegment.history.filter(history_change_reason="transcript editor: saved").count() == 1
    edit(testimony, curator, "delete", 2)
    assert [text for _start, _end, text in stored(testimony)] == ["Bir.", "İki."]


def test_a_new_row_goes_where_its_time_puts_it(curator):
    testimony = transcript(("0", "4", "Bir."), ("9", "12", "Üç."))
    rows = [*transcript_rows(testimony), Row(None, Decimal(5), Decimal(8), "İki.")]
    saved = edit(testimony, curator, rows=rows)
    assert [text for _start, _end, text in stored(testimony)] == ["Bir.", "İki.", "Üç."]
    assert saved.created == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start": Decimal("-1")}, "Segment 2: It starts before the recording or more than 24 hours into it."),
        ({"end": Decimal("4")}, "Segment 2: It ends before it starts or as it starts."),
        ({"start": Decimal("3")}, "Segment 2: It starts before segment 1 above it ends: segments must not overlap."),
        (
            {"start": Decimal("0")},
            "Segment 2: It starts before segment 1 above it or with it: segments must be in order.",
        ),
        ({"text": "  "}, "Segment 2: It has no text."),
        ({"role": TranscriptSegment.Speaker.PERSON}, "Segment 2: Choose the person speaking."),
    ],
)
def test_a_bad_save_names_the_segment_and_saves_nothing(curator, change, message):
    testimony = transcript(("0", "4", "Bir."), ("4", "9", "İki."), ("9", "12", "Üç."))
    before = stored(testimony)
    rows = transcript_rows(testimony)
    rows[0].text = "Bir, dəyişdi."  # a good change beside the bad one is not saved either
    for name, value in change.items():
        setattr(rows[1], name, value)
    with pytest.raises(TranscriptError) as refused:
        edit(testimony, curator, rows=rows)
    assert message in [str(problem) for problem in refused.value.problems]
    assert stored(testimony) == before
    assert not TranscriptSegment.history.filter(history_user=curator).exists()


def test_a_linked_person_speaks_a_segment(curator):
    testimony = transcript(("0", "4", "Bir."))
    victim = VictimFactory()
    rows = transcript_rows(testimony)
    rows[0].role, rows[0].person_id = TranscriptSegment.Speaker.PERSON, victim.pk
    edit(testimony, curator, rows=rows)
    assert testimony.segments.get().speaker_person == victim


def test_a_save_over_a_transcript_changed_since_it_was_opened_is_refused(curator, reviewer):
    testimony = transcript(("0", "4", "Bir."), ("4", "9", "İki."))
    opened = transcript_version(testimony)
    mine = transcript_rows(testimony)
    theirs = transcript_rows(testimony)
    theirs[0].text = "Bir — onların."
    transcript_edit(testimony=testimony, rows=theirs, operation=Operation(), user=reviewer, version=opened)
    mine[1].text = "İki — mənim."
    with pytest.raises(StaleTranscript) as stale:
        transcript_edit(testimony=testimony, rows=mine, operation=Operation(), user=curator, version=opened)
    assert [text for _start, _end, text in stored(testimony)] == ["Bir — onların.", "İki."]
    assert stale.value.version == transcript_version(testimony)


def translated(testimony):
    return {
        (segment.start, row.language): row.text
        for segment in testimony.segments.order_by("start")
        for row in segment.translations.all()
    }


def test_translations_follow_a_split_a_join_and_a_deletion(curator):
    testimony = transcript(("0", "4", "Evdə idim."), ("4", "9", "Tank gördüm."), ("9", "12", "Sağ olun."))
    first, second, third = testimony.segments.order_by("start")
    SegmentTranslation.objects.create(segment=first, language="en", text="I was at home.")
    SegmentTranslation.objects.create(segment=second, language="en", text="I saw a tank.")
    SegmentTranslation.objects.create(segment=second, language="ru", text="Я видел танк.")
    SegmentTranslation.objects.create(segment=third, language="en", text="Thank you.")

    edit(testimony, curator, "join", 0)  # both parts' translations, one after the other; one the first lacks kept
    assert translated(testimony) == {
        (Decimal(0), "en"): "I was at home. I saw a tank.",
        (Decimal(0), "ru"): "Я видел танк.",
        (Decimal(9), "en"): "Thank you.",
    }
    saved = edit(testimony, curator, "split", 0, at=Decimal(4), caret=len("Evdə idim."))
    assert saved.translated == ["en", "ru"]  # the first part keeps them; the second is not translated yet
    assert set(translated(testimony)) == {(Decimal(0), "en"), (Decimal(0), "ru"), (Decimal(9), "en")}

    edit(testimony, curator, "delete", 2)
    assert set(translated(testimony)) == {(Decimal(0), "en"), (Decimal(0), "ru")}
    gone = SegmentTranslation.history.filter(history_type="-").values_list("history_user", "history_change_reason")
    assert set(gone) == {
        (curator.pk, "transcript editor: joined segments 1 and 2"),
        (curator.pk, "transcript editor: deleted segment 3"),
    }
