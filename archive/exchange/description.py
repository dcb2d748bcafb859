"""What a public record says about itself to other archives, gathered once for every metadata format.

``describe(record, base_url=…)`` reads a victim, testimony or document into a ``Description`` of plain values;
``archive.exchange.dublin_core`` and ``archive.exchange.mods`` write it out. Only what the public may see goes in:
people and records it links to only if they are public themselves, a testimony's narrator as their consent allows,
files only where the record's media are open (a "metadata only" record is described, its files are not linked), no
transcript. A record that is not public at all should never be described for the public: that is the caller's rule
(``objects.public()``), since a preservation copy may well describe a private one.

Related rows are read through ``prefetch_for_description``, so a list of records costs a fixed number of queries
whatever its length; a record read on its own fetches what it lacks, filtered by the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Model, Prefetch, QuerySet
from django.utils import translation

from archive.kinds import DOCUMENT, TESTIMONY, VICTIM, by_model
from archive.models import Document, MediaFile, Place, Rights, Testimony, Victim
from archive.models.records import RIGHTS_URIS

PUBLISHER = "Yaddaş"
LANGUAGES = ("az", "en", "ru")


@dataclass(frozen=True)
class Text:
    value: str
    language: str = ""  # ISO 639-1 ("az", "en", "ru"); empty when not known


@dataclass(frozen=True)
class PlaceNamed:
    names: tuple[Text, ...]
    latitude: str = ""
    longitude: str = ""


@dataclass(frozen=True)
class Person:
    """A person named by the record: parts as kept, in one script."""

    family: str
    given: str = ""
    patronymic: str = ""
    language: str = ""
    dates: str = ""  # "1965/1990-01-20" as written (EDTF style)

    @property
    def full(self) -> str:
        return " ".join(part for part in (self.family, self.given, self.patronymic) if part)


@dataclass(frozen=True)
class Link:
    identifier: str
    url: str
    label: str = ""


@dataclass(frozen=True)
class File:
    url: str
    content_type: str


@dataclass
class Description:
    identifier: str  # "V-000123"
    kind: str  # "victim", "testimony", "document"
    url: str  # the record's page
    updated_at: datetime
    titles: list[Text] = field(default_factory=list)
    creators: list[str] = field(default_factory=list)
    contributors: list[tuple[str, str]] = field(default_factory=list)  # (name, MARC relator code)
    person: list[Person] = field(default_factory=list)  # a victim's name forms
    subjects: list[Text] = field(default_factory=list)
    people: list[Link] = field(default_factory=list)  # public victims the record is about
    descriptions: list[Text] = field(default_factory=list)
    date: str = ""  # as written: "1990-01-20", "1990-01", "1948~"
    date_label: str = ""  # what the date is: "death", "recorded", "created"
    places: list[PlaceNamed] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    dcmi_type: str = "Text"
    genre: str = ""
    rights_uri: str = ""
    rights_label: str = ""
    rights_holder: str = ""
    related: list[Link] = field(default_factory=list)  # other public records
    sources: list[str] = field(default_factory=list)
    files: list[File] = field(default_factory=list)
    holding_institution: str = ""
    shelf_mark: str = ""


def prefetch_for_description(queryset: QuerySet) -> QuerySet:
    """``queryset`` of one record kind with everything ``describe`` reads, in a fixed number of queries: the public
    victims, testimonies and documents it links, its subjects, sources, name variants and its files not withheld."""
    kind = by_model(queryset.model)
    files = Prefetch("media", queryset=MediaFile.objects.not_withheld(), to_attr="described_files")
    if kind == VICTIM:
        return queryset.select_related("incident_place", "burial_place").prefetch_related(
            "variants",
            "sources",
            files,
            Prefetch("testimonies", queryset=_public_identifiers(Testimony), to_attr="public_testimonies"),
            Prefetch("documents", queryset=_public_identifiers(Document), to_attr="public_documents"),
        )
    if kind == TESTIMONY:
        return queryset.select_related("recorded_place").prefetch_related(
            "subjects", "sources", files, Prefetch("victims", queryset=_public_victims(), to_attr="public_victims")
        )
    return queryset.prefetch_related(
        "sources",
        files,
        Prefetch("victims", queryset=_public_victims(), to_attr="public_victims"),
        Prefetch("testimonies", queryset=_public_identifiers(Testimony), to_attr="public_testimonies"),
    )


def _public_identifiers(model: type[Testimony | Document]) -> QuerySet:
    return model.objects.public().only("identifier")


def _public_victims() -> QuerySet:
    return Victim.objects.public().only(
        "identifier", "surname_az", "given_name_az", "patronymic_az", "surname_ru", "given_name_ru", "patronymic_ru"
    )


def _related(record: Model, attribute: str, relation: str, public: QuerySet) -> list:
    """The prefetched list, else the relation read now under the same rule."""
    if hasattr(record, attribute):
        return getattr(record, attribute)
    return list(public.filter(pk__in=getattr(record, relation).values("pk")))


def _files(record: Model) -> list[MediaFile]:
    if hasattr(record, "described_files"):
        return record.described_files
    return list(record.media.not_withheld())


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _record_url(record: Model, base_url: str) -> str:
    # Addresses in the default language carry no prefix: the same for every harvest, whatever language is active.
    with translation.override(settings.LANGUAGE_CODE):
        return _absolute(base_url, record.get_absolute_url())


def _texts(record: Model, stem: str) -> list[Text]:
    return [Text(value, code) for code in LANGUAGES if (value := getattr(record, f"{stem}_{code}", "").strip())]


def _place(place: Place | None) -> list[PlaceNamed]:
    if place is None:
        return []
    return [
        PlaceNamed(
            names=tuple(_texts(place, "name")),
            latitude="" if place.latitude is None else str(place.latitude),
            longitude="" if place.longitude is None else str(place.longitude),
        )
    ]


def _files_described(record: Model, files: list[MediaFile], base_url: str) -> list[File]:
    """Links to the files only where the public may open them (``/files/`` applies the same rule again)."""
    if not record.shows_media:
        return []
    return [File(_absolute(base_url, media.get_absolute_url()), media.content_type) for media in files]


def _rights(record: Testimony | Document, description: Description) -> None:
    description.rights_uri = RIGHTS_URIS.get(record.rights, "")
    with translation.override("en"):
        description.rights_label = str(Rights(record.rights).label) if record.rights in Rights.values else ""
    description.rights_holder = record.rights_holder


def _links(records: list[Model], base_url: str) -> list[Link]:
    """Links to other records; a person's carries their name (the others were read for their identifier alone)."""
    return [
        Link(item.identifier, _record_url(item, base_url), item.full_name if isinstance(item, Victim) else "")
        for item in records
    ]


def describe(record: Victim | Testimony | Document, *, base_url: str) -> Description:
    """What ``record`` says of itself, its links made absolute on ``base_url`` (``https://yaddas.example``)."""
    kind = by_model(record)
    if kind is None:
        raise TypeError(f"{type(record).__name__} is not a record of the archive")
    description = Description(
        identifier=record.identifier,
        kind=kind.key,
        url=_record_url(record, base_url),
        updated_at=record.updated_at,
        descriptions=_texts(record, kind.description_field),
        sources=[str(source) for source in record.sources.all()],
    )
    files = _files(record)
    description.files = _files_described(record, files, base_url)
    {VICTIM: _victim, TESTIMONY: _testimony, DOCUMENT: _document}[kind](record, description, files, base_url)
    return description


def _victim(victim: Victim, description: Description, files: list[MediaFile], base_url: str) -> None:
    # Life dates as an EDTF interval, an unknown end left open ("../1990-01-20").
    known = victim.birth_date or victim.death_date
    dates = "/".join((victim.birth_date or "..", victim.death_date or "..")) if known else ""
    for script in ("az", "ru", "en"):
        family, given, patronymic = victim.name_parts(script)
        if family:
            description.person.append(Person(family, given, patronymic, script, dates))
            description.titles.append(Text(" ".join(p for p in (family, given, patronymic) if p), script))
    description.titles.extend(Text(variant.name) for variant in victim.variants.all())
    description.date, description.date_label = victim.death_date, "death"
    description.places = _place(victim.incident_place) + _place(victim.burial_place)
    # A record about a person is a text about them, whatever portrait illustrates it.
    description.dcmi_type, description.genre = "Text", "biography"
    public_testimonies = _related(victim, "public_testimonies", "testimonies", _public_identifiers(Testimony))
    public_documents = _related(victim, "public_documents", "documents", _public_identifiers(Document))
    description.related = _links([*public_testimonies, *public_documents], base_url)


def _testimony(testimony: Testimony, description: Description, files: list[MediaFile], base_url: str) -> None:
    description.titles = [Text(testimony.title)]
    # The narrator by their consent: their name only if they chose to be named, else the pseudonym they gave.
    if testimony.narrator_consent == Testimony.Consent.NAMED and testimony.narrator_name:
        description.creators.append(testimony.narrator_name)
    elif testimony.narrator_pseudonym:
        description.creators.append(testimony.narrator_pseudonym)
    if testimony.interviewer:
        description.contributors.append((testimony.interviewer, "ivr"))
    description.date, description.date_label = testimony.recorded_date, "recorded"
    description.places = _place(testimony.recorded_place)
    description.languages = [code for code in testimony.languages or [] if code in LANGUAGES]
    description.subjects = [text for subject in testimony.subjects.all() for text in _texts(subject, "name")[:1]]
    victims = _related(testimony, "public_victims", "victims", _public_victims())
    description.people = _links(victims, base_url)
    kinds = {media.kind for media in files if media.role == MediaFile.Role.RECORDING}
    description.dcmi_type = (
        "MovingImage" if MediaFile.Kind.VIDEO in kinds else "Sound" if MediaFile.Kind.AUDIO in kinds else "Text"
    )
    description.genre = "oral history"
    _rights(testimony, description)


# Photographs and posters are images; every other kind of document is read as text.
_IMAGE_DOCUMENTS = {Document.Kind.PHOTOGRAPH, Document.Kind.POSTER}


def _document(document: Document, description: Description, files: list[MediaFile], base_url: str) -> None:
    description.titles = [Text(document.title)]
    if document.creator:
        description.creators.append(document.creator)
    description.date, description.date_label = document.date, "created"
    description.dcmi_type = "StillImage" if document.kind in _IMAGE_DOCUMENTS else "Text"
    description.genre = document.kind
    description.holding_institution, description.shelf_mark = document.holding_institution, document.reference
    victims = _related(document, "public_victims", "victims", _public_victims())
    description.people = _links(victims, base_url)
    testimonies = _related(document, "public_testimonies", "testimonies", _public_identifiers(Testimony))
    description.related = _links(testimonies, base_url)
    _rights(document, description)
