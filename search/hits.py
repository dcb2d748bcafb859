"""What a search result shows of each record: its title, link and a snippet with the query's words marked.

A testimony's hit links to the moment in its recording where an index point or a transcript segment holds the
words, when the public may play it (an index point's hit opens the page at the point: ``?t=…#point-…``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import get_language

from archive.models import Document, IndexPoint, MediaFile, NameVariant, Testimony, TranscriptSegment, Victim
from search.query import QueryWord
from search.snippets import beginning, excerpt, mark, name_matcher, text_matcher

_PLAYABLE = (MediaFile.Kind.AUDIO, MediaFile.Kind.VIDEO)


@dataclass
class Hit:
    kind: str
    identifier: str
    title: str
    url: str
    snippet: SafeString
    record: object
    time: int | None = None
    anchor: str = ""  # an index point's anchor on the testimony's page

    @property
    def link(self) -> str:
        if self.anchor:
            moment = f"?t={self.time}" if self.time is not None else ""
            return f"{self.url}{moment}#{self.anchor}"
        return f"{self.url}#t={self.time}" if self.time is not None else self.url


def hits(items: list[tuple[str, object]], words: list[QueryWord]) -> list[Hit]:
    victims = [record for kind, record in items if kind == "victims"]
    variants: dict[int, list[str]] = {}
    if victims:
        for victim_id, name in NameVariant.objects.filter(victim__in=victims).values_list("victim_id", "name"):
            variants.setdefault(victim_id, []).append(name)
    listening = [record.pk for kind, record in items if kind == "testimonies" and record.shows_media]
    segments: dict[int, list[TranscriptSegment]] = {}
    points: dict[int, list[IndexPoint]] = {}
    playable: set[int] = set()
    if listening:
        rows = TranscriptSegment.objects.filter(testimony_id__in=listening).prefetch_related("translations")
        for segment in rows.order_by("testimony", "start"):
            segments.setdefault(segment.testimony_id, []).append(segment)
        for point in IndexPoint.objects.filter(testimony_id__in=listening).order_by("testimony", "time", "pk"):
            points.setdefault(point.testimony_id, []).append(point)
    if segments or points:
        # A moment links into a recording only where one is shown: not withheld (the family's consent).
        recordings = MediaFile.objects.not_withheld().filter(
            testimony_id__in=[*segments, *points], role=MediaFile.Role.RECORDING, kind__in=_PLAYABLE
        )
        playable = set(recordings.values_list("testimony_id", flat=True))
    hits = []
    for kind, record in items:
        if kind == "victims":
            hits.append(_victim_hit(record, variants.get(record.pk, []), words))
        elif kind == "testimonies":
            found = _index_point_hit(record, points.get(record.pk, []), words, record.pk in playable)
            hits.append(found or _testimony_hit(record, segments.get(record.pk, []), words, record.pk in playable))
        else:
            hits.append(_document_hit(record, words))
    return hits


def _victim_hit(victim: Victim, variants: list[str], words: list[QueryWord]) -> Hit:
    matcher = name_matcher(words)
    forms = [*victim.all_name_forms, *variants]
    matching = [mark(form, matcher) for form in forms if any(matcher(word) for word in form.split())]
    snippet = SafeString(" · ".join(matching[:4]))
    return Hit("victims", victim.identifier, victim.shown_name, victim.get_absolute_url(), snippet, victim)


def _in_language_order(record, field_name: str) -> list[str]:
    language = (get_language() or "az")[:2]
    order = [language, *(code for code in ("az", "en", "ru") if code != language)]
    return [getattr(record, f"{field_name}_{code}") for code in order if getattr(record, f"{field_name}_{code}")]


def _testimony_hit(
    testimony: Testimony, segments: list[TranscriptSegment], words: list[QueryWord], playable: bool = False
) -> Hit:
    """``playable``: the testimony has a recording the public may play, so a hit in a segment links to its moment."""
    matcher = text_matcher(words)
    snippet, time = None, None
    if testimony.shows_media:
        # The moment in the recording: the first time-coded segment whose text holds a hit.
        for segment in segments:
            found = excerpt(segment.text, matcher)
            if found:
                snippet, time = found[0], int(segment.start) if playable else None
                break
        # Else a translation of the transcript that holds the words (searched as the transcript is), in the page's
        # language first: the moment is the same, since a translation shares the original's times.
        language = (get_language() or "az")[:2]
        for segment in segments if snippet is None else []:
            texts = sorted(segment.translations.all(), key=lambda row: row.language != language)
            if found := next((hit for row in texts if (hit := excerpt(row.text, matcher))), None):
                snippet, time = found[0], int(segment.start) if playable else None
                break
    for summary in _in_language_order(testimony, "summary"):
        if snippet is None and (found := excerpt(summary, matcher)):
            snippet = found[0]
    if snippet is None and testimony.shows_media and (found := excerpt(testimony.transcript, matcher)):
        snippet = found[0]
    if snippet is None:
        summaries = _in_language_order(testimony, "summary")
        snippet = beginning(summaries[0]) if summaries else SafeString("")
    url = testimony.get_absolute_url()
    return Hit("testimonies", testimony.identifier, testimony.title, url, snippet, testimony, time)


def _index_point_hit(
    testimony: Testimony, points: list[IndexPoint], words: list[QueryWord], playable: bool
) -> Hit | None:
    """The first index point whose title, synopsis or keywords hold the words; None if none does."""
    matcher = text_matcher(words)
    for point in points:
        for field_name in ("title", "synopsis", "keywords", "subjects"):
            for text in _in_language_order(point, field_name):
                if found := excerpt(text, matcher):
                    time = int(point.time) if playable else None
                    url = testimony.get_absolute_url()
                    return Hit(
                        "testimonies",
                        testimony.identifier,
                        testimony.title,
                        url,
                        found[0],
                        testimony,
                        time,
                        anchor=f"point-{point.pk}",
                    )
    return None


def _document_hit(document: Document, words: list[QueryWord]) -> Hit:
    matcher = text_matcher(words)
    descriptions = _in_language_order(document, "description")
    snippet = None
    for text in descriptions:
        if snippet is None and (found := excerpt(text, matcher)):
            snippet = found[0]
    if snippet is None and document.shows_media and (found := excerpt(document.transcription, matcher)):
        snippet = found[0]
    if snippet is None:
        snippet = beginning(descriptions[0]) if descriptions else SafeString("")
    return Hit("documents", document.identifier, document.title, document.get_absolute_url(), snippet, document)
