"""What the API answers, as pydantic schemas: the same types validate every answer and make the OpenAPI description.

Only what the public may see has a place here: no submitter, no internal note, no withdrawal reason, no storage
key. Files are given by the site's own ``/files/<key>/`` addresses, which apply the publication rule again.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field

from archive.models import Access, Document, MediaFile, NameVariant, Place, Rights, Testimony, Victim
from archive.models.records import LANGUAGE_CHOICES


def _one_of(values: list[str]):
    """A ``Literal`` of the stored choices: the schema lists them, and an answer with another value is refused."""
    return Literal.__getitem__(tuple(values))


Fate = _one_of(Victim.Fate.values)
Gender = _one_of(Victim.Gender.values)
DocumentKind = _one_of(Document.Kind.values)
PlaceKind = _one_of(Place.Kind.values)
Language = _one_of([code for code, _label in LANGUAGE_CHOICES])
ListedAccess = _one_of([Access.PUBLIC.value, Access.METADATA.value])  # private records are never listed
RightsCode = _one_of(Rights.values)


def _written_as_a_day(value: object) -> object:
    """A day as YYYY-MM-DD only: pydantic would take "0" or "1e9" as a time since 1970, which no one means."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("Give a day as YYYY-MM-DD.")
    return value


Day = Annotated[dt.date, BeforeValidator(_written_as_a_day)]  # a query parameter's day


class Texts(Schema):
    """A text kept in three languages, as stored; empty where the archive has none in a language."""

    az: str
    en: str
    ru: str


class PartialDateOut(Schema):
    text: str = Field(
        description="As known, as stored: 1965, 1990-01, 1990-01-20, 1948~ (circa), 1948? (uncertain), 196X, "
        "1948/1950 (between)."
    )
    earliest: dt.date | None = Field(description="The earliest day the date can be.")
    latest: dt.date | None = Field(description="The latest day the date can be.")


class NameParts(Schema):
    surname: str
    given_name: str
    patronymic: str


class Names(Schema):
    """The name in Azerbaijani Latin, in Russian Cyrillic as written in Soviet-era papers, and in English."""

    az: NameParts
    ru: NameParts
    en: NameParts


class Variant(Schema):
    name: str
    kind: _one_of(NameVariant.Kind.values)  # type: ignore[valid-type]
    note: str


class PlaceName(Schema):
    slug: str
    name: Texts


class Term(Schema):
    """A subject of the archive's vocabulary."""

    slug: str
    name: Texts


class PlaceRef(PlaceName):
    url: str = Field(description="The place in this API.")


class RecordRef(Schema):
    """Another public record this one is tied to."""

    identifier: str
    title: str
    url: str = Field(description="The record in this API.")
    page_url: str = Field(description="The record's permanent page on the site.")


class SourceRef(Schema):
    key: str
    citation: str
    url: str = Field(description="The source in this API.")


class FileOut(Schema):
    """A stored file the public may open: the address is the site's, which checks the publication rule again."""

    kind: _one_of(MediaFile.Kind.values)  # type: ignore[valid-type]
    role: _one_of(MediaFile.Role.values)  # type: ignore[valid-type]
    content_type: str
    size: int
    sha256: str
    width: int | None
    height: int | None
    duration: float | None = Field(description="Seconds, for recordings.")
    caption: Texts
    alt_text: str
    is_distressing: bool = Field(description="Shown on the site behind a warning, revealed on request.")
    url: str
    thumbnail_url: str | None


class CitationOut(Schema):
    text: str = Field(description="Chicago style, in Azerbaijani (the site's default language).")
    bibtex_url: str
    csl_json_url: str


class Cursor(Schema):
    """What every list answers: the number of records its filters keep, and the next page's address."""

    count: int = Field(description="How many records the filters keep, on every page.")
    limit: int
    next: str | None = Field(description="The next page (the same filters and an opaque cursor); null on the last.")


class RecordOut(Schema):
    identifier: str = Field(description="The permanent identifier, never changed or reused.")
    url: str
    page_url: str
    access: ListedAccess = Field(  # type: ignore[valid-type]
        description="public, or metadata (the record is described; its files and full text are closed)."
    )
    media_open: bool = Field(description="Whether its files and full text may be shown.")
    is_demo: bool = Field(description="Invented demonstration data.")


class VictimOut(RecordOut):
    name: str = Field(description="Surname first, in Azerbaijani, else in Russian.")
    names: Names
    variants: list[Variant]
    gender: Gender | None  # type: ignore[valid-type]
    fate: Fate  # type: ignore[valid-type]
    birth_date: PartialDateOut | None
    death_date: PartialDateOut | None
    incident_place: PlaceRef | None
    burial_place: PlaceRef | None


class VictimDetail(VictimOut):
    occupation: Texts
    biography: Texts
    testimonies: list[RecordRef]
    documents: list[RecordRef]
    sources: list[SourceRef]
    files: list[FileOut] = Field(description="Portrait and photographs; empty where the files are closed.")
    citation: CitationOut


class TestimonyOut(RecordOut):
    title: str
    narrator: str = Field(description="As the narrator agreed to be named: their name, a pseudonym or 'anonymous'.")
    interviewer: str
    recorded_date: PartialDateOut | None
    recorded_place: PlaceRef | None
    languages: list[Language]  # type: ignore[valid-type]
    rights: RightsCode  # type: ignore[valid-type]


class Segment(Schema):
    start: float = Field(description="Seconds from the start of the recording.")
    end: float | None
    speaker: str
    text: str
    machine_draft: bool = Field(
        description="Written by a speech recognizer and not yet corrected by a person: a draft, not the archive's text."
    )


class TranscriptTranslation(Schema):
    language: Language  # type: ignore[valid-type]
    webvtt_url: str = Field(
        description="The translation as WebVTT on the transcript's times; lines not translated left out."
    )


class Transcript(Schema):
    text: str
    segments: list[Segment]
    text_url: str
    webvtt_url: str | None
    translations: list[TranscriptTranslation] = Field(
        description="The transcript's translations, each a parallel track."
    )


class IndexPointOut(Schema):
    """A point of the interview's index, as the testimony's page shows it: its text in Azerbaijani where the archive
    has it, else in the first language that has it (``title_language``)."""

    start: float = Field(description="Seconds from the start of the recording.")
    end: float | None = Field(description="Where the next point starts, else the recording's end, if known.")
    title: str
    title_language: str
    partial_transcript: str
    synopsis: str
    keywords: list[str]
    subjects: list[str]
    victims: list[RecordRef]
    places: list[PlaceRef]
    page_url: str = Field(description="The testimony's page opened at this moment.")


class TestimonyDetail(TestimonyOut):
    narrator_relationship: str = Field(description="Given only for a narrator who agreed to be named.")
    summary: Texts
    rights_holder: str
    provenance: _one_of(Testimony.Provenance.values)  # type: ignore[valid-type]
    subjects: list[Term]
    victims: list[RecordRef]
    documents: list[RecordRef]
    sources: list[SourceRef]
    files: list[FileOut] = Field(description="The recordings; empty where the files are closed.")
    transcript: Transcript | None = Field(description="Null where the full text is closed or there is none.")
    index: list[IndexPointOut] = Field(description="The interview's index; empty where the full text is closed.")
    ohms_url: str | None = Field(description="The interview's index as OHMS XML, where the full text is open.")
    citation: CitationOut


class DocumentOut(RecordOut):
    title: str
    kind: DocumentKind  # type: ignore[valid-type]
    date: PartialDateOut | None
    creator: str
    holding_institution: str
    reference: str
    rights: RightsCode  # type: ignore[valid-type]


class DocumentDetail(DocumentOut):
    description: Texts
    rights_holder: str
    transcription: str | None = Field(description="Null where the full text is closed.")
    downloadable: bool = Field(description="False for 'in copyright': shown on the site, not offered to download.")
    pages: list[FileOut]
    attachments: list[FileOut]
    victims: list[RecordRef]
    testimonies: list[RecordRef]
    sources: list[SourceRef]
    citation: CitationOut


class PlaceOut(Schema):
    slug: str
    url: str
    page_url: str
    kind: PlaceKind  # type: ignore[valid-type]
    name: Texts
    historical_names: str
    within: PlaceName | None
    latitude: float | None
    longitude: float | None
    is_demo: bool


class PlaceDetail(PlaceOut):
    description: Texts
    sources: list[SourceRef]
    victims_url: str = Field(description="The victims of an incident here.")
    testimonies_url: str = Field(description="The testimonies recorded here.")
    events_url: str


class EventOut(Schema):
    key: str | None = Field(description="Its key, where curators gave it one: the address of the event in the API.")
    url: str | None
    title: Texts
    date: PartialDateOut | None
    time: dt.time | None = Field(description="Local time in Baku, where known.")
    place: PlaceRef | None
    description: Texts
    sources: list[SourceRef]
    is_demo: bool


class SourceOut(Schema):
    key: str
    url: str
    citation: str
    author: str
    title: str
    publisher: str
    date: str = Field(description="The date of publication as written.")
    web_url: str = Field(description="Where the source is online; empty if not.")
    accessed: dt.date | None
    note: str


class VictimList(Cursor):
    results: list[VictimOut]


class TestimonyList(Cursor):
    results: list[TestimonyOut]


class DocumentList(Cursor):
    results: list[DocumentOut]


class PlaceList(Cursor):
    results: list[PlaceOut]


class EventList(Cursor):
    results: list[EventOut]


class SourceList(Cursor):
    results: list[SourceOut]


class Gone(Schema):
    """A record withdrawn after the public could see it: its identifier keeps answering, as gone."""

    identifier: str
    status: Literal["withdrawn"]
    title: str
    withdrawn_at: dt.datetime | None
    note: str = Field(description="The archive's public note on the withdrawal; empty if it gave none.")
    page_url: str


class Error(Schema):
    detail: str
    errors: list[ParameterError] = Field(default_factory=list)


class ParameterError(Schema):
    parameter: str
    message: str


Error.model_rebuild()
