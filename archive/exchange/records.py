"""A testimony's index and transcript to and from exchange files: what to write, and replacing them on import.

An import replaces the whole index (or transcript) in one transaction, each row's history saying it came from
the file; a file with any problem (badly formed, out of order, for another testimony, naming a person or place
the archive does not know) changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from archive.dates import parse_partial_date
from archive.exchange import ohms, webvtt
from archive.exchange.errors import ExchangeError, Problem
from archive.exchange.timecodes import clock
from archive.models import (
    IndexHyperlink,
    IndexPoint,
    MediaFile,
    Place,
    SegmentTranslation,
    Testimony,
    TranscriptSegment,
    Victim,
)
from archive.models.oralhistory import classify_speaker
from archive.signals import records_changed_in_bulk

LAST_CUE_SECONDS = Decimal(5)  # how long a last segment lasts when neither it nor the recording says


def cues_of(segments: list, duration: Decimal | None = None) -> list[webvtt.Cue]:
    """Cues from segments (anything with ``start``, ``end``, ``speaker``, ``text``): a segment without an end ends
    where the next starts, the last where the recording ends (else five seconds on)."""
    cues = []
    for position, segment in enumerate(segments):
        end = segment.end
        if end is None:
            following = segments[position + 1].start if position + 1 < len(segments) else None
            fallback = duration if duration and duration > segment.start else segment.start + LAST_CUE_SECONDS
            end = following if following is not None else fallback
        cues.append(
            webvtt.Cue(
                start=segment.start,
                end=max(end, segment.start),
                speaker=segment.speaker,
                text=segment.text,
                role=getattr(segment, "role", ""),
                person=getattr(segment, "person", ""),
            )
        )
    return cues


def _languages(testimony: Testimony, points: list[IndexPoint], translated: list[str] = ()) -> tuple[str, str]:
    """The record's language (the testimony's first), and the second: one both the points and the transcript's
    translations (``translated``) have, else the next one any point has text in, else the first translation's."""
    spoken = [code for code in (testimony.languages or []) if code in ohms.LANGUAGES]
    primary = spoken[0] if spoken else "az"
    in_points = [
        code
        for code in dict.fromkeys((*spoken, *ohms.LANGUAGES))
        if code != primary and any(getattr(p, f"{name}_{code}") for p in points for name in ohms.TEXT_FIELDS)
    ]
    others = [code for code in translated if code != primary]
    for code in in_points:
        if code in others:
            return primary, code
    if in_points:
        return primary, in_points[0]
    return primary, others[0] if others else ""


def ohms_file(
    testimony: Testimony,
    points: list[IndexPoint],
    cues: list[webvtt.Cue],
    *,
    site: str,
    recording: MediaFile | None = None,
    narrator: str = "",
    today: date | None = None,
    translations: dict[str, list[webvtt.Cue]] | None = None,
) -> bytes:
    """The testimony's OHMS XML. ``points`` with ``shown_victims`` (those the reader may see) and their places
    and links prefetched; ``site``: ``https://host`` for the addresses of people, places and the recording;
    ``translations``: the transcript's translations as cues, by language (OHMS carries the second language's)."""
    translations = translations or {}
    language, alt = _languages(testimony, points, list(translations))
    record = ohms.Record(accession=testimony.identifier, title=testimony.title, language=language, alt_language=alt)
    record.alt_cues = translations.get(alt) or None
    people: dict[str, ohms.Person] = {}
    places: dict[str, ohms.PlaceLink] = {}
    for point in points:
        item = ohms.Point(
            time=point.time,
            latitude=point.latitude,
            longitude=point.longitude,
            map_zoom=point.map_zoom,
            map_description=point.map_description,
            links=[(link.url, link.text) for link in point.hyperlinks.all()],
        )
        for name in ohms.TEXT_FIELDS:
            item.texts[name] = {code: getattr(point, f"{name}_{code}") for code in ohms.LANGUAGES}
        for victim in point.shown_victims:
            people[victim.identifier] = ohms.Person(
                victim.identifier, victim.shown_name, site + victim.get_absolute_url()
            )
            item.victims.append(victim.identifier)
        for place in point.places.all():
            places[place.slug] = ohms.PlaceLink(place.slug, str(place), f"{site}/places/{place.slug}/")
            item.places.append(place.slug)
        record.points.append(item)
    record.cues = cues
    recorded = parse_partial_date(testimony.recorded_date or "")
    details = {
        "record_id": str(int(testimony.identifier.split("-")[1])),  # the schema's id is a number
        "date": recorded.earliest.isoformat() if recorded and recorded.is_exact_day else "",
        "date_text": testimony.recorded_date or "",
        "duration": clock(recording.duration) if recording and recording.duration else "",
        "repository": "Yaddaş",
        "repository_url": site + "/",
        "interviewee": narrator,
        "interviewer": testimony.interviewer,
        "media_url": site + recording.get_absolute_url() if recording else "",
        "fmt": "video" if recording and recording.kind == MediaFile.Kind.VIDEO else "audio",
        "rights": testimony.get_rights_display(),
    }
    return ohms.write(record, people=people, places=places, details=details, today=today or date.today())


@dataclass(frozen=True)
class Imported:
    points: int
    segments: int | None  # None: the file had no time-coded transcript, the testimony's was kept


def _history_note(instance, reason: str):
    instance._change_reason = reason
    return instance


def import_ohms(testimony: Testimony, content: bytes, *, site_host: str, filename: str = "") -> Imported:
    """Replace the testimony's index (and its transcript, if the file has a time-coded one) with the file's."""
    record = ohms.read(content, site_host=site_host)
    problems = []
    if record.accession != testimony.identifier:
        problems.append(
            Problem(
                None,
                _("This file is for %(file)s, not %(record)s.")
                % {"file": record.accession or "?", "record": testimony.identifier},
            )
        )
    named = {identifier for point in record.points for identifier in point.victims}
    victims = {victim.identifier: victim for victim in Victim.objects.filter(identifier__in=named)}
    slugs = {slug for point in record.points for slug in point.places}
    places = {place.slug: place for place in Place.objects.filter(slug__in=slugs)}
    for point in record.points:
        for identifier in point.victims:
            if identifier not in victims:
                problems.append(Problem(point.line, _("No person in the archive has the identifier %s.") % identifier))
        for slug in point.places:
            if slug not in places:
                problems.append(Problem(point.line, _("No place in the archive has the key %s.") % slug))
    if problems:
        raise ExchangeError(problems)
    reason = _("Imported from OHMS XML %s") % (filename or "")
    with transaction.atomic():
        for old in testimony.index_points.all():
            _history_note(old, reason).delete()
        for point in record.points:
            row = IndexPoint(
                testimony=testimony,
                time=point.time,
                latitude=point.latitude,
                longitude=point.longitude,
                map_zoom=point.map_zoom,
                map_description=point.map_description,
            )
            for name, texts in point.texts.items():
                for code, text in texts.items():
                    setattr(row, f"{name}_{code}", text[:300] if name == "title" else text)
            _history_note(row, reason).save()
            row.victims.set([victims[key] for key in point.victims])
            row.places.set([places[key] for key in point.places])
            for url, text in point.links:
                _history_note(IndexHyperlink(point=row, url=url, text=text), reason).save()
        segments = _replace_segments(testimony, record.cues, reason) if record.cues is not None else None
        if record.alt_cues:
            from archive.exchange.translations import match_segments, replace_translation  # it imports this module

            rows = list(testimony.segments.order_by("start"))
            duration = next(iter(testimony.media.filter(role=MediaFile.Role.RECORDING).values_list("duration")), None)
            matched = match_segments(rows, record.alt_cues, duration[0] if duration else None)
            replace_translation(testimony, record.alt_language, matched, reason)
    return Imported(points=len(record.points), segments=segments)


def import_webvtt(testimony: Testimony, content: bytes, *, filename: str = "") -> Imported:
    """Replace the testimony's transcript with the file's cues."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ExchangeError([Problem(None, _("A WebVTT file is UTF-8 text."))]) from None
    cues = webvtt.read(text)
    with transaction.atomic():
        count = _replace_segments(testimony, cues, _("Imported from WebVTT %s") % (filename or ""))
    return Imported(points=0, segments=count)


@dataclass(frozen=True)
class StaffSegment:
    """A segment as the staff's file writes it: the narrator by their name, any linked person by theirs."""

    start: Decimal
    end: Decimal | None
    speaker: str
    text: str
    role: str
    person: str


def staff_segments(testimony: Testimony, rows: list[TranscriptSegment] | None = None) -> list[StaffSegment]:
    """The segments as staff files write them; ``rows``: the testimony's segments, if already read."""
    if rows is None:
        rows = list(testimony.segments.select_related("speaker_person"))
    return [
        StaffSegment(
            row.start,
            row.end,
            row.speaker_name(public=False),
            row.text,
            row.speaker_role,
            row.speaker_person.identifier if row.speaker_person else "",
        )
        for row in rows
    ]


def _speakers(testimony: Testimony, cues: list[webvtt.Cue]) -> list[tuple[str, Victim | None, str]]:
    """Each cue's speaker as (role, person, label); a person the archive does not know refuses the file."""
    named = {cue.person for cue in cues if cue.person}
    people = {victim.identifier: victim for victim in Victim.objects.filter(identifier__in=named)}
    unknown = [cue for cue in cues if cue.person and cue.person not in people]
    if unknown:
        raise ExchangeError(
            [Problem(cue.line, _("No person in the archive has the identifier %s.") % cue.person) for cue in unknown]
        )
    speakers = []
    for cue in cues:
        if cue.person:
            speakers.append((TranscriptSegment.Speaker.PERSON, people[cue.person], ""))  # named by their record
        elif cue.role in (TranscriptSegment.Speaker.NARRATOR, TranscriptSegment.Speaker.INTERVIEWER):
            speakers.append((cue.role, None, ""))
        elif cue.role == TranscriptSegment.Speaker.OTHER:
            speakers.append((cue.role, None, cue.speaker))
        else:
            role, label = classify_speaker(testimony, cue.speaker)
            speakers.append((role, None, label))
    return speakers


def _replace_segments(testimony: Testimony, cues: list[webvtt.Cue], reason: str) -> int:
    speakers = _speakers(testimony, cues)
    # Translations follow the times: a segment of the new transcript on the same start and end as an old one keeps
    # its translations (a corrected original does not lose them); the others go with their segment.
    kept: dict[tuple[Decimal, Decimal | None], list[tuple[str, str]]] = {}
    for row in SegmentTranslation.objects.filter(segment__testimony=testimony).select_related("segment"):
        kept.setdefault((row.segment.start, row.segment.end), []).append((row.language, row.text))
    for old in testimony.segments.all():
        _history_note(old, reason).delete()
    rows = [
        _history_note(
            TranscriptSegment(
                testimony=testimony,
                start=cue.start,
                end=cue.end,
                speaker_role=role,
                speaker_person=person,
                speaker=label,
                text=cue.text,
            ),
            reason,
        )
        for cue, (role, person, label) in zip(cues, speakers, strict=True)
    ]
    bulk_create_with_history(rows, TranscriptSegment, default_change_reason=reason)
    if kept:
        carried = [
            _history_note(SegmentTranslation(segment=segment, language=language, text=text), reason)
            for segment in testimony.segments.all()
            for language, text in kept.get((segment.start, segment.end), [])
        ]
        bulk_create_with_history(carried, SegmentTranslation, default_change_reason=reason)
    # A bulk insert sends no post_save: the search index and the content version follow this signal instead (sent
    # once the translations are in, which the index reads with the segments).
    records_changed_in_bulk.send(sender=TranscriptSegment, pks=list(testimony.segments.values_list("pk", flat=True)))
    return len(rows)
