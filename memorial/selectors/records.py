"""Reads for the record pages. Every query starts from ``objects.public()``: the one publication rule.

Files are those ``MediaFile.objects.public()`` gives: of a record whose media are open, the files not withheld on
their own (the family did not allow them to be shown), while the record's text still shows as its access allows.

A page is read in two steps. ``public_record`` reads the record with the rows it is joined to and its version
(when it last changed and what it shows, for conditional GET) in one query, or answers 404; a request whose copy
is still current stops there. The page's ``*_page`` function then loads the related rows with a fixed number of
queries (one per kind of relation), whatever the number of testimonies, documents, segments or files it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, prefetch_related_objects
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.kinds import RECORD_KINDS, by_key
from archive.models import (
    Document,
    MediaFile,
    NameVariant,
    Processing,
    Rights,
    Source,
    Status,
    Subject,
    Testimony,
    Victim,
)
from memorial.selectors.common import has_demo, listed
from memorial.selectors.index import (
    DocumentMention,
    IndexEntry,
    Moment,
    PageEntry,
    document_index,
    index_entries,
    index_points,
    victim_document_mentions,
    victim_moments,
)
from memorial.selectors.transcripts import (
    TRANSCRIPT_LANGUAGE_NAMES,
    Segment,
    TranscriptVersion,
    public_segments,
    segment_translations,
    translated_segments,
)
from remembrance import selectors as remembrance

_SCRIPT_LABELS = (("az", _("Azerbaijani")), ("ru", _("Russian")), ("en", _("English")))
PLAYABLE = (MediaFile.Kind.AUDIO, MediaFile.Kind.VIDEO)


@dataclass(frozen=True)
class NameForm:
    label: str
    text: str
    language: str


@dataclass
class VictimPage:
    victim: Victim
    variants: list[NameVariant]
    portrait: MediaFile | None
    photos: list[MediaFile]
    testimonies: list[Testimony]
    documents: list[Document]
    sources: list[Source]
    moments: list[Moment] = field(default_factory=list)  # index points of public testimonies that speak of them
    document_mentions: list[DocumentMention] = field(default_factory=list)  # and of public documents

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
    index: list[IndexEntry] = field(default_factory=list)
    translations: list[str] = field(default_factory=list)  # the languages the transcript is translated into
    transcript_language: str = ""  # the translation shown; "" for the transcript as spoken

    @property
    def record(self) -> Testimony:
        return self.testimony

    @property
    def has_machine_draft(self) -> bool:
        return any(segment.machine_draft for segment in self.segments)

    @property
    def has_iiif_manifest(self) -> bool:
        """A IIIF viewer has a recording to play (iiif.selectors asks the same: a recording of known length)."""
        return any(recording.duration for recording in self.recordings)

    @property
    def transcript_versions(self) -> list[TranscriptVersion]:
        """The transcript as spoken, then each translation, the one in the page's language first: what the page's
        switch and the player's tracks offer. The transcript as spoken stays the one shown unless the reader chooses."""
        if not self.translations:
            return []
        page_language = (get_language() or "")[:2]
        ordered = sorted(self.translations, key=lambda code: code != page_language)
        original = TranscriptVersion("", self.captions_language, self.transcript_language == "")
        return [original] + [TranscriptVersion(code, code, self.transcript_language == code) for code in ordered]

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

    @property
    def captions_language(self) -> str:
        """The language the captions are in (the recording's first), as ``srclang`` names it; "" if unknown."""
        languages = self.testimony.languages if isinstance(self.testimony.languages, list) else []
        return next((code for code in languages if code in ("az", "ru", "en")), "")


@dataclass
class DocumentPage:
    document: Document
    pages: list[MediaFile]
    attachments: list[MediaFile]
    victims: list[Victim]
    testimonies: list[Testimony]
    sources: list[Source]
    index: list[PageEntry] = field(default_factory=list)  # what its pages hold, where its files are open

    @property
    def record(self) -> Document:
        return self.document

    @property
    def has_demo(self) -> bool:
        return has_demo([self.document, *self.victims, *self.testimonies])

    @property
    def has_iiif_manifest(self) -> bool:
        """A IIIF viewer has an image to show (iiif.selectors asks the same: an image of known size)."""
        return any(image.width and image.height for image in self.pages)

    @property
    def downloadable(self) -> bool:
        """Files may be downloaded unless the rights are plain "in copyright" (then they are shown only)."""
        return self.document.rights != Rights.IN_COPYRIGHT


def _public_or_404(queryset: QuerySet, identifier: str):
    # By the unique identifier, without the model's ordering: with one, SQLite walked the sort index instead.
    record = next(iter(queryset.filter(identifier=identifier).order_by()[:1]), None)
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


# The rows each record page shows joined to its record, read with it.
_JOINED = {"victim": ("incident_place", "burial_place"), "testimony": ("recorded_place",), "document": ()}


def _back_name(model, relation: str) -> str:
    """The name by which the records of ``model.relation`` reach back to ``model`` (``victims`` for testimonies)."""
    field = model._meta.get_field(relation)
    return field.field.name if field.auto_created and not field.concrete else field.related_query_name()


def _tied(queryset: QuerySet, back: str) -> QuerySet:
    """The rows of ``queryset`` tied to the outer record, as one group: what its aggregates are taken over."""
    return queryset.order_by().filter(**{back: OuterRef("pk")}).values(back)


def _aggregate(tied: QuerySet, **expression) -> Subquery:
    """One aggregate over ``tied`` rows, as a subquery of the record's query."""
    ((name, value),) = expression.items()
    return Subquery(tied.annotate(**{name: value}).values(name)[:1])


def _version_names(kind: str) -> list[str]:
    shown_here = remembrance.VERSION_NAMES if kind == "victim" else []  # a victim's page shows its messages too
    return ["media_count", "media_latest", "media_withheld", *shown_here] + [
        f"{relation}_{part}" for relation in _shown_with(kind) for part in ("count", "latest")
    ]


def _version_annotations(kind: str) -> dict:
    """What a record's version is made of (``_version_names``), as subqueries of its own query: one small
    aggregate each, where joining every relation at once multiplied the rows (files × testimonies × documents).

    Related records count whatever their state, so publishing or withdrawing one changes the page's version;
    the counts catch a link added or removed. Media count by their number, newest addition and which are not shown:
    withheld, or not processed yet (a photo that becomes ready after its upload changes the page).
    """
    media = _tied(MediaFile.objects.all(), kind)
    annotations = {
        "media_count": _aggregate(media, n=Count("pk")),
        "media_latest": _aggregate(media, latest=Max("created_at")),
        "media_withheld": _aggregate(
            media, withheld=Sum("pk", filter=Q(withheld=True) | ~Q(processing=Processing.READY))
        ),
    }
    model = by_key(kind).model
    for relation in _shown_with(kind):
        related = _tied(model._meta.get_field(relation).related_model.objects.all(), _back_name(model, relation))
        annotations[f"{relation}_count"] = _aggregate(related, n=Count("pk"))
        annotations[f"{relation}_latest"] = _aggregate(related, latest=Max("updated_at"))
    if kind == "victim":
        annotations.update(remembrance.version_annotations())
    return annotations


def public_record(kind: str, identifier: str) -> Victim | Testimony | Document:
    """The public record, with the rows its page shows joined to it and its version (``version_of``); else 404."""
    model = by_key(kind).model
    queryset = model.objects.public().select_related(*_JOINED[kind]).annotate(**_version_annotations(kind))
    return _public_or_404(queryset, identifier)


def withdrawn_record(kind: str, identifier: str) -> Victim | Testimony | Document | None:
    """The record at ``identifier`` if it was withdrawn after the public could see it (``was_public``): its address
    answers as gone. None for any other record that is not public, which stays unknown."""
    record = by_key(kind).model.objects.filter(identifier=identifier, status=Status.WITHDRAWN).first()
    return record if record is not None and record.was_public else None


def kept_in_place_of(identifier: str) -> str | None:
    """The identifier of the public victim kept in place of a merged one, whose address leads there; else None (a
    kept record the public may not see leads nowhere: its merged record's address is a 404, like any hidden one)."""
    kept = Victim.objects.public().kept_in_place_of(identifier)
    return kept.identifier if kept is not None else None


def version_of(record: Victim | Testimony | Document) -> RecordVersion:
    """When a record's page last changed, and a fingerprint of what it shows, from a ``public_record``."""
    row = {"updated_at": record.updated_at}
    for name in _version_names(record.RECORD_KIND.key):
        value = getattr(record, name)
        row[name] = 0 if value is None and name.endswith("_count") else value  # no row to count: no group, no count
    latest = max(value for value in row.values() if isinstance(value, datetime))
    fingerprint = "|".join(
        f"{key}={value.isoformat() if isinstance(value, datetime) else value}" for key, value in sorted(row.items())
    )
    return RecordVersion(updated_at=latest, fingerprint=fingerprint)


def record_version(kind: str, identifier: str) -> RecordVersion:
    """404 for a hidden record (before any 304); else the latest change of the record and the records it shows."""
    return version_of(public_record(kind, identifier))


def _public_victims() -> QuerySet[Victim]:
    return listed(Victim.objects.public()).select_related("incident_place")


def _shown_files(record: Victim | Testimony | Document) -> QuerySet[MediaFile]:
    """The files of a public record whose media are open (``shows_media``): those not withheld. What
    ``MediaFile.objects.public()`` gives for this record, asked of it alone rather than of every public record."""
    return record.media.not_withheld()


def victim_page(victim: Victim) -> VictimPage:
    """The page of a victim read by ``public_record``."""
    prefetch_related_objects(
        [victim],
        "variants",
        "sources",
        Prefetch("testimonies", queryset=listed(Testimony.objects.public()), to_attr="public_testimonies"),
        Prefetch("documents", queryset=listed(Document.objects.public()), to_attr="public_documents"),
    )
    portrait, photos = None, []
    if victim.shows_media:
        for media in _shown_files(victim).filter(kind=MediaFile.Kind.IMAGE):
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
        moments=victim_moments(victim),
        document_mentions=victim_document_mentions(victim),
    )


def testimony_page(testimony: Testimony, transcript_language: str = "") -> TestimonyPage:
    """The page of a testimony read by ``public_record``; ``transcript_language``: the translation of the transcript
    the reader chose (``?transcript=ru``), shown where there is one, else the transcript as spoken."""
    prefetch_related_objects(
        [testimony],
        "subjects",
        "sources",
        Prefetch("victims", queryset=_public_victims(), to_attr="public_victims"),
        Prefetch("documents", queryset=listed(Document.objects.public()), to_attr="public_documents"),
    )
    recordings: list[MediaFile] = []
    segments: list[Segment] = []
    index: list[IndexEntry] = []
    translations: dict[str, dict[int, str]] = {}
    if testimony.shows_media:
        recordings = list(_shown_files(testimony).filter(role=MediaFile.Role.RECORDING, kind__in=PLAYABLE))
        rows = list(testimony.segments.select_related("speaker_person"))
        segments = public_segments(testimony, rows)
        translations = segment_translations(rows)
        if transcript_language in translations:
            segments = translated_segments(rows, segments, translations[transcript_language])
        duration = recordings[0].duration if recordings else None
        index = index_entries(list(index_points(testimony)), duration)
    return TestimonyPage(
        testimony=testimony,
        recordings=recordings,
        segments=segments,
        victims=testimony.public_victims,
        documents=testimony.public_documents,
        subjects=list(testimony.subjects.all()),
        sources=list(testimony.sources.all()),
        index=index,
        translations=[code for code in TRANSCRIPT_LANGUAGE_NAMES if code in translations],
        transcript_language=transcript_language if transcript_language in translations else "",
    )


def testimony_transcript(identifier: str, language: str = "") -> tuple[Testimony, list[Segment], MediaFile | None]:
    """A testimony's transcript for download, or its translation into ``language`` (segments not translated marked
    ``untranslated``); 404 unless its full text is public, or when there is no such translation."""
    testimony = _public_or_404(Testimony.objects.with_public_media(), identifier)
    rows = list(testimony.segments.select_related("speaker_person"))
    segments = public_segments(testimony, rows)
    if language:
        translation = segment_translations(rows).get(language)
        if not translation:
            raise Http404
        # Every segment stays, those not translated marked: a cue's end is taken from the next segment's start.
        segments = translated_segments(rows, segments, translation)
    if not segments and not testimony.transcript.strip():
        raise Http404
    recording = _shown_files(testimony).filter(role=MediaFile.Role.RECORDING, kind__in=PLAYABLE).first()
    return testimony, segments, recording


def document_page(document: Document) -> DocumentPage:
    """The page of a document read by ``public_record``."""
    prefetch_related_objects(
        [document],
        "sources",
        Prefetch("victims", queryset=_public_victims(), to_attr="public_victims"),
        Prefetch("testimonies", queryset=listed(Testimony.objects.public()), to_attr="public_testimonies"),
    )
    pages: list[MediaFile] = []
    attachments: list[MediaFile] = []
    index: list[PageEntry] = []
    if document.shows_media:
        for media in _shown_files(document):
            if media.kind == MediaFile.Kind.IMAGE:
                pages.append(media)
            else:
                attachments.append(media)
        # Like a testimony's index, shown only where the files are open: it tells what the pages say.
        index = document_index(document, pages)
    return DocumentPage(
        document=document,
        pages=pages,
        attachments=attachments,
        victims=document.public_victims,
        testimonies=document.public_testimonies,
        sources=list(document.sources.all()),
        index=index,
    )


def citable_record(kind: str, identifier: str) -> Victim | Testimony | Document:
    """The public record a citation download is for (metadata-only records may be cited too)."""
    return _public_or_404(by_key(kind).model.objects.public(), identifier)
