"""Reads for the record pages. Every query starts from ``objects.public()``: the one publication rule.

Files too come through ``MediaFile.objects.public()``: a file withheld on its own (the family did not allow
it to be shown) is left out, while the record's text still shows as its access allows.

Each page loads its related rows with a fixed number of queries (one per kind of relation), whatever
the number of testimonies, documents, segments or files a record has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from archive.kinds import RECORD_KINDS, by_key
from archive.models import (
    Document,
    MediaFile,
    NameVariant,
    Rights,
    Source,
    Subject,
    Testimony,
    TranscriptSegment,
    Victim,
)
from memorial.selectors.common import has_demo

_SCRIPT_LABELS = (("az", _("Azerbaijani")), ("ru", _("Russian")), ("en", _("English")))
PLAYABLE = (MediaFile.Kind.AUDIO, MediaFile.Kind.VIDEO)


@dataclass(frozen=True)
class NameForm:
    label: str
    text: str
    language: str


@dataclass(frozen=True)
class Segment:
    """A transcript line as the public sees it: an anonymous narrator's real name never reaches it."""

    start: Decimal
    end: Decimal | None
    speaker: str
    text: str

    @property
    def seconds(self) -> str:
        """The start as a media-fragment number: ``12.5``, ``3``."""
        return f"{self.start.normalize():f}"


@dataclass
class VictimPage:
    victim: Victim
    variants: list[NameVariant]
    portrait: MediaFile | None
    photos: list[MediaFile]
    testimonies: list[Testimony]
    documents: list[Document]
    sources: list[Source]

    @property
    def record(self) -> Victim:
        return self.victim

    @property
    def has_demo(self) -> bool:
        return has_demo([self.victim, *self.testimonies, *self.documents])

    @property
    def name_forms(self) -> list[NameForm]:
        """The name in each script the archive keeps it in, surname first."""
        forms = []
        for script, label in _SCRIPT_LABELS:
            text = " ".join(part for part in self.victim.name_parts(script) if part)
            if text:
                forms.append(NameForm(label=str(label), text=text, language=script))
        return forms


@dataclass
class TestimonyPage:
    testimony: Testimony
    recordings: list[MediaFile]
    segments: list[Segment]
    victims: list[Victim]
    documents: list[Document]
    subjects: list[Subject]
    sources: list[Source]

    @property
    def record(self) -> Testimony:
        return self.testimony

    @property
    def has_demo(self) -> bool:
        return has_demo([self.testimony, *self.victims, *self.documents])

    @property
    def narrator_relationship(self) -> str:
        """Only with a named narrator: "mother of …" would unmask an anonymous one."""
        if self.testimony.narrator_consent != Testimony.Consent.NAMED:
            return ""
        return self.testimony.narrator_relationship

    @property
    def recording(self) -> MediaFile | None:
        """The recording the transcript follows: the first one."""
        return self.recordings[0] if self.recordings else None

    @property
    def has_transcript(self) -> bool:
        return self.testimony.shows_media and bool(self.segments or self.testimony.transcript.strip())


@dataclass
class DocumentPage:
    document: Document
    pages: list[MediaFile]
    attachments: list[MediaFile]
    victims: list[Victim]
    testimonies: list[Testimony]
    sources: list[Source]

    @property
    def record(self) -> Document:
        return self.document

    @property
    def has_demo(self) -> bool:
        return has_demo([self.document, *self.victims, *self.testimonies])

    @property
    def downloadable(self) -> bool:
        """Files may be downloaded unless the rights are plain "in copyright" (then they are shown only)."""
        return self.document.rights != Rights.IN_COPYRIGHT


def _public_or_404(queryset: QuerySet, identifier: str):
    record = queryset.filter(identifier=identifier).first()
    if record is None:
        # Not 403: a hidden record must look exactly like one that never existed.
        raise Http404
    return record


def _shown_with(kind: str) -> list[str]:
    """What else a record's page shows: a change to any of these must change the page's ETag too.

    Each record links to the records of the other kinds, through relations named by their plurals.
    """
    return [other.plural for other in RECORD_KINDS if other.key != kind]


@dataclass(frozen=True)
class RecordVersion:
    """When a record's page last changed, and a fingerprint of what it shows, for conditional GET."""

    updated_at: datetime
    fingerprint: str


def record_version(kind: str, identifier: str) -> RecordVersion:
    """404 for a hidden record (before any 304); else the latest change of the record and the records it shows.

    Related records count whatever their state, so publishing or withdrawing one changes the page's version;
    the counts catch a link added or removed. Media count by their number, newest addition and which are withheld.
    """
    aggregates = {
        "media_count": Count("media", distinct=True),
        "media_latest": Max("media__created_at"),
        "media_withheld": Sum("media__pk", filter=Q(media__withheld=True), distinct=True),
    }
    for relation in _shown_with(kind):
        aggregates[f"{relation}_count"] = Count(relation, distinct=True)
        aggregates[f"{relation}_latest"] = Max(f"{relation}__updated_at")
    model = by_key(kind).model
    row = (
        model.objects.public()
        .filter(identifier=identifier)
        .values("updated_at")
        .annotate(**aggregates)
        .order_by("pk")
        .first()
    )
    if row is None:
        raise Http404
    latest = max(value for key, value in row.items() if isinstance(value, datetime))
    fingerprint = "|".join(
        f"{key}={value.isoformat() if isinstance(value, datetime) else value}" for key, value in sorted(row.items())
    )
    return RecordVersion(updated_at=latest, fingerprint=fingerprint)


def _public_victims() -> QuerySet[Victim]:
    return Victim.objects.public().select_related("incident_place")


def victim_page(identifier: str) -> VictimPage:
    victim = _public_or_404(
        Victim.objects.public()
        .select_related("incident_place", "burial_place")
        .prefetch_related(
            "variants",
            "sources",
            Prefetch("testimonies", queryset=Testimony.objects.public(), to_attr="public_testimonies"),
            Prefetch("documents", queryset=Document.objects.public(), to_attr="public_documents"),
        ),
        identifier,
    )
    portrait, photos = None, []
    if victim.shows_media:
        for media in victim.media.public().filter(kind=MediaFile.Kind.IMAGE):
            if media.role == MediaFile.Role.PORTRAIT and portrait is None:
                portrait = media
            elif media.role in (MediaFile.Role.PORTRAIT, MediaFile.Role.PHOTO):
                photos.append(media)
    return VictimPage(
        victim=victim,
        portrait=portrait,
        photos=photos,
        variants=list(victim.variants.all()),
        testimonies=victim.public_testimonies,
        documents=victim.public_documents,
        sources=list(victim.sources.all()),
    )


def public_segments(testimony: Testimony, segments: list[TranscriptSegment]) -> list[Segment]:
    """Segments as shown: a speaker named like an anonymous narrator is shown by the narrator's pseudonym."""
    hidden_name = ""
    if testimony.narrator_consent != Testimony.Consent.NAMED:
        hidden_name = testimony.narrator_name.strip().casefold()
    shown = []
    for segment in segments:
        speaker = segment.speaker
        if hidden_name and speaker.strip().casefold() == hidden_name:
            speaker = testimony.narrator_display
        shown.append(Segment(start=segment.start, end=segment.end, speaker=speaker, text=segment.text))
    return shown


def testimony_page(identifier: str) -> TestimonyPage:
    testimony = _public_or_404(
        Testimony.objects.public()
        .select_related("recorded_place")
        .prefetch_related(
            "subjects",
            "sources",
            Prefetch("victims", queryset=_public_victims(), to_attr="public_victims"),
            Prefetch("documents", queryset=Document.objects.public(), to_attr="public_documents"),
        ),
        identifier,
    )
    recordings: list[MediaFile] = []
    segments: list[Segment] = []
    if testimony.shows_media:
        recordings = list(testimony.media.public().filter(role=MediaFile.Role.RECORDING, kind__in=PLAYABLE))
        segments = public_segments(testimony, list(testimony.segments.all()))
    return TestimonyPage(
        testimony=testimony,
        recordings=recordings,
        segments=segments,
        victims=testimony.public_victims,
        documents=testimony.public_documents,
        subjects=list(testimony.subjects.all()),
        sources=list(testimony.sources.all()),
    )


def testimony_transcript(identifier: str) -> tuple[Testimony, list[Segment], MediaFile | None]:
    """A testimony's transcript for download; 404 unless its full text is public."""
    testimony = _public_or_404(Testimony.objects.with_public_media(), identifier)
    segments = public_segments(testimony, list(testimony.segments.all()))
    if not segments and not testimony.transcript.strip():
        raise Http404
    recording = testimony.media.public().filter(role=MediaFile.Role.RECORDING, kind__in=PLAYABLE).first()
    return testimony, segments, recording


def document_page(identifier: str) -> DocumentPage:
    document = _public_or_404(
        Document.objects.public().prefetch_related(
            "sources",
            Prefetch("victims", queryset=_public_victims(), to_attr="public_victims"),
            Prefetch("testimonies", queryset=Testimony.objects.public(), to_attr="public_testimonies"),
        ),
        identifier,
    )
    pages: list[MediaFile] = []
    attachments: list[MediaFile] = []
    if document.shows_media:
        for media in document.media.public():
            if media.kind == MediaFile.Kind.IMAGE:
                pages.append(media)
            else:
                attachments.append(media)
    return DocumentPage(
        document=document,
        pages=pages,
        attachments=attachments,
        victims=document.public_victims,
        testimonies=document.public_testimonies,
        sources=list(document.sources.all()),
    )


def citable_record(kind: str, identifier: str) -> Victim | Testimony | Document:
    """The public record a citation download is for (metadata-only records may be cited too)."""
    return _public_or_404(by_key(kind).model.objects.public(), identifier)
