"""Reads for the record pages. Every query starts from ``objects.public()``: the one publication rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from archive.models import Document, MediaFile, NameVariant, Source, Testimony, Victim
from memorial.selectors.common import has_demo

_SCRIPT_LABELS = (("az", _("Azerbaijani")), ("ru", _("Russian")), ("en", _("English")))


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
    testimonies: list[Testimony]
    documents: list[Document]
    sources: list[Source]

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
    victims: list[Victim]
    sources: list[Source]

    @property
    def has_demo(self) -> bool:
        return has_demo([self.testimony, *self.victims])

    @property
    def narrator_relationship(self) -> str:
        """Only with a named narrator: "mother of …" would unmask an anonymous one."""
        if self.testimony.narrator_consent != Testimony.Consent.NAMED:
            return ""
        return self.testimony.narrator_relationship


@dataclass
class DocumentPage:
    document: Document
    pages: list[MediaFile]
    attachments: list[MediaFile]
    victims: list[Victim]
    testimonies: list[Testimony]
    sources: list[Source]

    @property
    def has_demo(self) -> bool:
        return has_demo([self.document, *self.victims, *self.testimonies])


def _public_or_404(queryset: QuerySet, identifier: str):
    record = queryset.filter(identifier=identifier).first()
    if record is None:
        # Not 403: a hidden record must look exactly like one that never existed.
        raise Http404
    return record


def victim_page(identifier: str) -> VictimPage:
    victim = _public_or_404(
        Victim.objects.public().select_related("incident_place", "burial_place"),
        identifier,
    )
    portrait = None
    if victim.shows_media:
        portrait = victim.media.filter(role=MediaFile.Role.PORTRAIT).first()
    return VictimPage(
        victim=victim,
        portrait=portrait,
        variants=list(victim.variants.all()),
        testimonies=list(victim.testimonies.public()),
        documents=list(victim.documents.public()),
        sources=list(victim.sources.all()),
    )


def testimony_page(identifier: str) -> TestimonyPage:
    testimony = _public_or_404(Testimony.objects.public().select_related("recorded_place"), identifier)
    recordings = []
    if testimony.shows_media:
        recordings = list(
            testimony.media.filter(role=MediaFile.Role.RECORDING, kind__in=[MediaFile.Kind.AUDIO, MediaFile.Kind.VIDEO])
        )
    return TestimonyPage(
        testimony=testimony,
        recordings=recordings,
        victims=list(testimony.victims.public()),
        sources=list(testimony.sources.all()),
    )


def document_page(identifier: str) -> DocumentPage:
    document = _public_or_404(Document.objects.public(), identifier)
    pages: list[MediaFile] = []
    attachments: list[MediaFile] = []
    if document.shows_media:
        for media in document.media.all():
            if media.kind == MediaFile.Kind.IMAGE:
                pages.append(media)
            else:
                attachments.append(media)
    return DocumentPage(
        document=document,
        pages=pages,
        attachments=attachments,
        victims=list(document.victims.public()),
        testimonies=list(document.testimonies.public()),
        sources=list(document.sources.all()),
    )
