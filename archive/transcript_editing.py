"""Editing a testimony's transcript against its recording (the staff's transcript editor, issue #15 item 3).

The editor works on a list of ``Row`` (what its form holds, in the order shown). The operations on it (split a
segment at a moment and its text at the caret, join one with the next, delete one) are functions on that list;
``transcript_edit`` applies one and writes the result: checked first as a whole (times from zero, each segment
ending after it starts, in order and not overlapping, each with its text and a speaker the model accepts), then only
the rows that differ from what is stored are written, each with the staff member and the reason in its history, in
one transaction. A transcript saved by someone else after the editor's page was opened refuses the save
(``transcript_version`` is the stamp the page carries): a later save never silently overwrites an earlier one.

A transcript's translations (``SegmentTranslation``, parallel tracks on the segments' times) follow: a split leaves
them on the first part, which keeps the segment, so the second part is one not yet translated (the public page marks
it, and the editor says so); a join gives the joined segment both parts' translations, one after the other; a
segment deleted takes its translations with it, in the history with the same reason.

The rules of order are those the WebVTT import applies (``archive.exchange.webvtt.read``), with the end optional
here as on the model: a segment without an end lasts until the next one starts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils.translation import gettext as _

from archive.models import SegmentTranslation, Testimony, TranscriptSegment
from archive.models.oralhistory import LONGEST_RECORDING
from archive.services import save_with_history

REASON_LENGTH = 100  # the history's change reason column
_WORD = re.compile(r"\S+")
_SENTENCE_ENDS = (".", "!", "?", "…", ".»", "?»", "!»", '."', '?"', '!"')
_MILLISECOND = Decimal("0.001")


@dataclass(eq=False)  # rows are told apart by identity: two new rows may hold the same values
class Row:
    """One segment as the editor holds it; ``pk`` None for a segment not stored yet."""

    pk: int | None
    start: Decimal
    end: Decimal | None
    text: str
    role: str = ""
    person_id: int | None = None
    label: str = ""

    def stored_values(self) -> tuple:
        return (self.start, self.end, self.text, self.role, self.person_id, self.label)


@dataclass(frozen=True)
class SegmentProblem:
    number: int | None  # the segment's place in the list, from 1; None for the transcript as a whole
    message: str
    row: Row | None = field(default=None, compare=False)  # the row it is about, for the form to mark

    def __str__(self) -> str:
        if self.number is None:
            return self.message
        return _("Segment %(number)d: %(message)s") % {"number": self.number, "message": self.message}


class TranscriptError(Exception):
    """The edit cannot be saved; nothing was."""

    def __init__(self, problems: list[SegmentProblem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


class StaleTranscript(Exception):
    """The transcript was saved by someone else after the editor was opened; nothing was saved."""

    def __init__(self, version: str) -> None:
        super().__init__("The transcript changed since the editor was opened.")
        self.version = version  # the stamp of the transcript as it is now


@dataclass(frozen=True)
class Operation:
    """What the editor asked for besides saving its rows: ``kind`` one of save, split, join, delete; ``row`` the one
    it acts on; ``at`` the moment to split at (None: the middle), ``caret`` where in its text (None: by time)."""

    kind: str = "save"
    row: Row | None = None
    at: Decimal | None = None
    caret: int | None = None

    KINDS = ("save", "split", "join", "delete")


@dataclass(frozen=True)
class Saved:
    reason: str
    focus: int | None  # the segment (from 1) the editor goes on with
    at: Decimal | None  # the moment the player goes on from
    created: int = 0
    changed: int = 0
    deleted: int = 0
    rows: list[Row] = field(default_factory=list)
    translated: list[str] = field(default_factory=list)  # after a split: the languages only its first part has


@dataclass
class _Applied:
    rows: list[Row]
    reason: str
    focus: int | None = None
    at: Decimal | None = None
    joined: tuple[int | None, int | None] | None = None  # the segments a join made one
    split: int | None = None  # the segment a split divided


def transcript_rows(testimony: Testimony) -> list[Row]:
    return [
        Row(segment.pk, segment.start, segment.end, segment.text, segment.speaker_role, segment.speaker_person_id,
            segment.speaker)
        for segment in testimony.segments.order_by("start", "pk")
    ]  # fmt: skip


def transcript_version(testimony: Testimony) -> str:
    """A stamp of the stored transcript: any save by anyone changes it."""
    digest = hashlib.sha256()
    for row in transcript_rows(testimony):
        digest.update(repr((row.pk, *row.stored_values())).encode())
    return digest.hexdigest()[:32]


def arrange(rows: list[Row]) -> list[Row]:
    """Stored rows in the order given; each new one placed by its start, before the first later row (a segment
    added at the foot of the form, or after another by the editor's script, goes where its time puts it)."""
    arranged = [row for row in rows if row.pk is not None]
    for row in rows:
        if row.pk is None:
            at = next((i for i, other in enumerate(arranged) if other.start > row.start), len(arranged))
            arranged.insert(at, row)
    return arranged


def check_rows(rows: list[Row]) -> list[SegmentProblem]:
    """Every problem of the list, each naming its segment: what a save would refuse."""
    problems = []
    for number, row in enumerate(rows, start=1):

        def problem(message: str, number: int = number, row: Row = row) -> None:
            problems.append(SegmentProblem(number, message, row))

        if row.start < 0 or row.start > LONGEST_RECORDING:
            problem(_("It starts before the recording or more than 24 hours into it."))
        if row.end is not None and row.end <= row.start:
            # The model allows an end equal to the start, but such a segment has no length and WebVTT refuses it.
            problem(_("It ends before it starts or as it starts."))
        if not row.text.strip():
            problem(_("It has no text."))
        if row.role == TranscriptSegment.Speaker.PERSON and row.person_id is None:
            problem(_("Choose the person speaking."))
        if row.role != TranscriptSegment.Speaker.PERSON and row.person_id is not None:
            problem(_("A linked person speaks as 'A person in the archive'."))
        if number > 1:
            before = rows[number - 2]
            if row.start <= before.start:
                problem(_("It starts before segment %d above it or with it: segments must be in order.") % (number - 1))
            elif before.end is not None and row.start < before.end:
                problem(_("It starts before segment %d above it ends: segments must not overlap.") % (number - 1))
    return problems


def divide_text(text: str, *, caret: int | None, fraction: Decimal) -> tuple[str, str]:
    """The text split at the caret (a position in it), or else about ``fraction`` of the way in: at the nearest end of
    a sentence, or between words where it has none."""
    if caret is not None and 0 < caret < len(text):
        before, after = text[:caret].rstrip(), text[caret:].lstrip()
        if before and after:
            return before, after
    words = list(_WORD.finditer(text))
    if len(words) < 2:
        raise TranscriptError([SegmentProblem(None, _("Its text is one word: there is nothing to split."))])
    target = len(words) * fraction
    # A sentence's end near the moment is where a transcriber would cut: the nearest one within a quarter of the
    # words (two at least), else the nearest word.
    near = max(Decimal(2), Decimal(len(words)) / 4)
    sentences = [
        i for i in range(1, len(words)) if words[i - 1].group().endswith(_SENTENCE_ENDS) and abs(i - target) <= near
    ]
    if sentences:
        cut = min(sentences, key=lambda i: abs(i - target))
    else:
        cut = min(max(int(target.to_integral_value(ROUND_HALF_UP)), 1), len(words) - 1)
    at = words[cut].start()
    return text[:at].rstrip(), text[at:].lstrip()


def _until(rows: list[Row], index: int) -> Decimal | None:
    """Where a segment ends: its end, or the next one's start."""
    row = rows[index]
    if row.end is not None:
        return row.end
    return rows[index + 1].start if index + 1 < len(rows) else None


def split_row(rows: list[Row], index: int, *, at: Decimal | None, caret: int | None) -> list[Row]:
    """The segment at ``index`` as two: the first up to ``at`` with the text before the caret, the second from ``at``
    with the rest and the same speaker. Without a moment, the middle of the segment."""
    row = rows[index]
    number = index + 1
    until = _until(rows, index)
    if at is None:
        if until is None:
            raise TranscriptError([SegmentProblem(number, _("Say when to split it: it has no end to halve."), row)])
        at = ((row.start + until) / 2).quantize(_MILLISECOND)
    if not (row.start < at and (until is None or at < until)):
        raise TranscriptError([SegmentProblem(number, _("The moment to split at is not within it."), row)])
    fraction = (at - row.start) / (until - row.start) if until is not None else Decimal("0.5")
    try:
        first_text, second_text = divide_text(row.text, caret=caret, fraction=fraction)
    except TranscriptError as error:
        raise TranscriptError([SegmentProblem(number, problem.message, row) for problem in error.problems]) from None
    first = replace(row, end=at, text=first_text)
    second = Row(None, at, row.end, second_text, row.role, row.person_id, row.label)
    return [*rows[:index], first, second, *rows[index + 1 :]]


def join_rows(rows: list[Row], index: int) -> list[Row]:
    """The segment at ``index`` and the next as one, with the first's speaker, to the second's end."""
    if index + 1 >= len(rows):
        problem = SegmentProblem(index + 1, _("It is the last segment: there is none to join it with."), rows[index])
        raise TranscriptError([problem])
    first, second = rows[index], rows[index + 1]
    joined = replace(first, end=second.end, text=f"{first.text.rstrip()} {second.text.lstrip()}".strip())
    return [*rows[:index], joined, *rows[index + 2 :]]


def delete_row(rows: list[Row], index: int) -> list[Row]:
    return [*rows[:index], *rows[index + 1 :]]


def _apply(rows: list[Row], operation: Operation) -> _Applied:
    """The rows after the operation, the history's reason, the segment to go on with and the moment."""
    rows = arrange(rows)
    if operation.kind == "save" or operation.row is None:
        return _Applied(rows, _("transcript editor: saved"))
    index = next(i for i, row in enumerate(rows) if row is operation.row)
    number = index + 1
    if operation.kind == "split":
        after = split_row(rows, index, at=operation.at, caret=operation.caret)
        reason = _("transcript editor: split segment %d") % number
        return _Applied(after, reason, number + 1, after[index + 1].start, split=rows[index].pk)
    if operation.kind == "join":
        reason = _("transcript editor: joined segments %(first)d and %(second)d") % {
            "first": number,
            "second": number + 1,
        }
        joined = (rows[index].pk, rows[index + 1].pk) if index + 1 < len(rows) else None
        return _Applied(join_rows(rows, index), reason, number, rows[index].start, joined=joined)
    if operation.kind == "delete":
        return _Applied(delete_row(rows, index), _("transcript editor: deleted segment %d") % number, index or None)
    raise ValueError(operation.kind)


@transaction.atomic
def transcript_edit(
    *, testimony: Testimony, rows: list[Row], operation: Operation, user: AbstractBaseUser, version: str
) -> Saved:
    """Apply ``operation`` to the editor's ``rows`` and save the transcript; ``TranscriptError`` (naming each
    segment wrong) or ``StaleTranscript`` save nothing."""
    # Two saves of one transcript wait for each other here, so the second sees the first's stamp.
    Testimony.objects.select_for_update().filter(pk=testimony.pk).values_list("pk", flat=True).first()
    current = transcript_version(testimony)
    if version != current:
        raise StaleTranscript(current)
    applied = _apply(rows, operation)
    if problems := check_rows(applied.rows):
        raise TranscriptError(problems)
    reason = applied.reason[:REASON_LENGTH]
    translations = SegmentTranslation.objects.filter(segment__testimony=testimony)
    if applied.joined is not None and None not in applied.joined:
        _join_translations(translations, *applied.joined, user=user, reason=reason)
    saved = _write(testimony, applied.rows, user=user, reason=reason)
    translated = []
    if applied.split is not None:
        translated = list(translations.filter(segment_id=applied.split).values_list("language", flat=True))
    return replace(saved, focus=applied.focus, at=applied.at, rows=applied.rows, translated=translated)


def _delete_with_history(row: models.Model, *, user: AbstractBaseUser, reason: str) -> None:
    row._history_user = user
    row._change_reason = reason
    row.delete()


def _join_translations(translations, first: int, second: int, *, user: AbstractBaseUser, reason: str) -> None:
    """The second segment's translations joined to the first's, language by language (one the first lacks is
    taken as it is: nothing translated is lost), before the second goes."""
    ours = {row.language: row for row in translations.filter(segment_id=first)}
    for theirs in translations.filter(segment_id=second):
        kept = ours.get(theirs.language)
        if kept is None:
            kept = SegmentTranslation(segment_id=first, language=theirs.language, text=theirs.text)
        else:
            kept.text = f"{kept.text.rstrip()} {theirs.text.lstrip()}"
        _delete_with_history(theirs, user=user, reason=reason)
        save_with_history(kept, user=user, reason=reason)


def _write(testimony: Testimony, rows: list[Row], *, user: AbstractBaseUser, reason: str) -> Saved:
    stored = {segment.pk: segment for segment in testimony.segments.all()}
    kept = {row.pk for row in rows if row.pk in stored}
    deleted = 0
    for pk, segment in stored.items():
        if pk not in kept:
            for translation in segment.translations.all():  # in the history with the reason, not by cascade
                _delete_with_history(translation, user=user, reason=reason)
            _delete_with_history(segment, user=user, reason=reason)
            deleted += 1
    created = changed = 0
    for row in rows:
        segment = stored.get(row.pk) if row.pk is not None else None
        if segment is None:
            # New, or a segment someone deleted meanwhile in a transcript saved over on purpose: stored anew.
            segment = TranscriptSegment(testimony=testimony)
            created += 1
        elif (segment.start, segment.end, segment.text, segment.speaker_role, segment.speaker_person_id,
              segment.speaker) == row.stored_values():  # fmt: skip
            continue
        else:
            changed += 1
        if segment.text != row.text:
            segment.machine_draft = False  # a person changed a machine draft's words: checked (archive.transcription)
        segment.start, segment.end, segment.text = row.start, row.end, row.text
        segment.speaker_role, segment.speaker_person_id, segment.speaker = row.role, row.person_id, row.label
        save_with_history(segment, user=user, reason=reason)
        row.pk = segment.pk
    return Saved(reason=reason, focus=None, at=None, created=created, changed=changed, deleted=deleted)
