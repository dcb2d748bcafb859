"""``load_demo``: the real places and events first, then the invented records with their generated media."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction

from archive.demo.documents import DOCUMENTS, PHOTOGRAPH_ALT_TEXT, PHOTOGRAPH_CAPTION, page_alt_text, page_caption
from archive.demo.marking import CHANGE_REASON, Translations, marked, marked_translations, translations
from archive.demo.media import RECORDING_SECONDS, demo_page_image, demo_photograph, demo_portrait, demo_wav
from archive.demo.testimonies import DEMO_SUBJECTS, RECORDING_CAPTION, TESTIMONIES
from archive.demo.victims import PORTRAIT_ALT_TEXT, PORTRAIT_CAPTION, PUBLISHED, VICTIMS, WITHDRAWN
from archive.history_data import load_history
from archive.models import (
    Access,
    Document,
    DocumentIndexPoint,
    IndexPoint,
    MediaFile,
    NameVariant,
    Place,
    Rights,
    SegmentTranslation,
    Source,
    Subject,
    Testimony,
    TranscriptSegment,
    Victim,
)
from archive.models.oralhistory import classify_speaker

DEMO_SOURCE_KEY = "numayis-menbe"
DEMO_RIGHTS = {"rights": Rights.CC_BY, "rights_holder": "Yaddaş (nümayiş / demonstration)"}


@dataclass
class DemoSummary:
    verb: str
    counts: Counter = field(default_factory=Counter)
    files: int = 0

    def lines(self) -> list[str]:
        self.counts = Counter({name: count for name, count in self.counts.items() if count})
        if not self.counts and not self.files:
            return [
                f"Nothing {self.verb}: the demonstration data is already {'there' if self.verb == 'added' else 'gone'}."
            ]
        parts = [f"{count} {name}" for name, count in sorted(self.counts.items())]
        return [f"Demonstration data {self.verb}: {', '.join(parts)}.", f"Stored files {self.verb}: {self.files}."]


class _Loader:
    def __init__(self, summary: DemoSummary, written: list[str]) -> None:
        from archive.ingest import prepare_upload
        from archive.services import media_file_attach

        self.prepare_upload, self.media_file_attach = prepare_upload, media_file_attach
        self.summary, self.written = summary, written
        self.places = {place.slug: place for place in Place.objects.all()}
        self.victims: dict[str, Victim] = {}
        self.testimonies: list[Testimony] = []

    def attach(
        self, record: models.Model, content: bytes, name: str, role: str, *, caption: Translations, **extra: Any
    ) -> MediaFile:
        prepared = self.prepare_upload(ContentFile(content, name=name))
        captions = translations("caption", caption)
        media = self.media_file_attach(record=record, prepared=prepared, role=role, is_demo=True, **captions, **extra)
        names = [name for name in (media.file.name, media.thumbnail.name) if name]
        self.written.extend(names)
        self.summary.counts["media files"] += 1
        self.summary.files += len(names)
        return media

    def place(self, slug: str | None) -> Place | None:
        return self.places.get(slug) if slug else None

    def reference_rows(self) -> tuple[Source, dict[str, Subject]]:
        source, created = Source.objects.get_or_create(
            key=DEMO_SOURCE_KEY,
            defaults={
                "title": "Nümayiş mənbəyi / Demonstration source / Демонстрационный источник",
                "note": marked("Uydurulmuş mənbə. / An invented source. / Выдуманный источник."),
                "is_demo": True,
            },
        )
        self.summary.counts["sources"] += created
        subjects = {}
        for slug, az, en, ru in DEMO_SUBJECTS:
            subject, created = Subject.objects.get_or_create(
                slug=slug, defaults={"name_az": az, "name_en": en, "name_ru": ru, "is_demo": True}
            )
            subjects[slug] = subject
            self.summary.counts["subjects"] += created
        return source, subjects

    def load(self) -> None:
        source, subjects = self.reference_rows()
        self.load_victims(source)
        self.load_testimonies(source, subjects)
        self.load_documents(source)

    def load_victims(self, source: Source) -> None:
        for spec in VICTIMS:
            fields = {k: v for k, v in spec.items() if k not in {"ref", "status", "variants", "portrait"}}
            fields["incident_place"] = self.place(fields.get("incident_place"))
            fields["burial_place"] = self.place(fields.get("burial_place"))
            existing = Victim.objects.filter(
                is_demo=True, surname_az=spec["surname_az"], given_name_az=spec["given_name_az"]
            ).first()
            if existing:
                self.victims[spec["ref"]] = existing
                continue
            victim = Victim(**fields, is_demo=True)
            _set_status(victim, spec.get("status", PUBLISHED))
            _save(victim)
            victim.sources.add(source)
            for name, kind, note in spec.get("variants", []):
                _save(NameVariant(victim=victim, name=name, kind=kind, note=note))
                self.summary.counts["name variants"] += 1
            if "portrait" in spec:
                self.attach(
                    victim,
                    demo_portrait(spec["portrait"]),
                    "portrait.png",
                    MediaFile.Role.PORTRAIT,
                    caption=PORTRAIT_CAPTION,
                    alt_text=PORTRAIT_ALT_TEXT,
                )
            self.victims[spec["ref"]] = victim
            self.summary.counts["victims"] += 1

    def load_testimonies(self, source: Source, subjects: dict[str, Subject]) -> None:
        for spec in TESTIMONIES:
            existing = Testimony.objects.filter(is_demo=True, title=spec["title"]).first()
            if existing:
                self.testimonies.append(existing)
                continue
            segments = _segments(spec.get("segments", []))
            testimony = Testimony(
                title=spec["title"],
                narrator_name=spec["narrator_name"],
                narrator_relationship=spec.get("narrator_relationship", ""),
                narrator_consent=spec["narrator_consent"],
                narrator_pseudonym=spec.get("narrator_pseudonym", ""),
                interviewer=spec.get("interviewer", ""),
                recorded_date=spec["recorded_date"],
                recorded_place=self.place(spec.get("recorded_place")),
                languages=spec["languages"],
                **marked_translations("summary", spec["summary"]),
                transcript=spec.get("transcript") or _transcript(segments),
                access=spec.get("access", Access.PUBLIC),
                **DEMO_RIGHTS,
                provenance_note=marked("Layihə tərəfindən yaradılıb. / Generated by the project."),
                is_demo=True,
            )
            if testimony.narrator_consent != Testimony.Consent.ARCHIVE_ONLY:
                testimony.publish()
            _save(testimony)
            testimony.victims.set([self.victims[ref] for ref in spec.get("victims", [])])
            testimony.subjects.set([subjects[slug] for slug in spec.get("subjects", [])])
            testimony.sources.add(source)
            for number, (start, end, speaker, text) in enumerate(segments):
                role, label = classify_speaker(testimony, speaker)
                segment = TranscriptSegment(
                    testimony=testimony, start=start, end=end, speaker_role=role, speaker=label, text=text
                )
                _save(segment)
                self.summary.counts["transcript segments"] += 1
                for language, lines in spec.get("translations", {}).items():
                    if number < len(lines):
                        _save(SegmentTranslation(segment=segment, language=language, text=lines[number]))
            if "notes" in spec:
                self.attach(
                    testimony,
                    demo_wav(spec["notes"]),
                    "recording.wav",
                    MediaFile.Role.RECORDING,
                    caption=RECORDING_CAPTION,
                )
            for spec_point in spec.get("index", []):
                point = IndexPoint(testimony=testimony, time=Decimal(spec_point["time"]), **_point_texts(spec_point))
                _save(point)
                point.victims.set([self.victims[ref] for ref in spec_point.get("victims", [])])
                point.places.set([self.places[slug] for slug in spec_point.get("places", [])])
                self.summary.counts["index points"] += 1
            self.testimonies.append(testimony)
            self.summary.counts["testimonies"] += 1

    def load_documents(self, source: Source) -> None:
        for spec in DOCUMENTS:
            if Document.objects.filter(is_demo=True, title=spec["title"]).exists():
                continue
            document = Document(
                title=spec["title"],
                kind=spec["kind"],
                date=spec["date"],
                creator=spec.get("creator", ""),
                holding_institution=spec.get("holding_institution", ""),
                reference=spec.get("reference", ""),
                **marked_translations("description", spec["description"]),
                transcription=spec.get("transcription", ""),
                **DEMO_RIGHTS,
                is_demo=True,
            )
            document.publish()
            _save(document)
            document.victims.set([self.victims[ref] for ref in spec.get("victims", [])])
            document.testimonies.set([self.testimonies[index] for index in spec.get("testimonies", [])])
            document.sources.add(source)
            pages = spec.get("pages", [])
            images = {}
            for order, (heading, lines) in enumerate(pages, start=1):
                images[order] = self.attach(
                    document,
                    demo_page_image(f"{spec['title']} — {heading}", page=order, pages=len(pages), lines=lines),
                    f"page-{order}.png",
                    MediaFile.Role.PAGE,
                    order=order,
                    caption=page_caption(order),
                    alt_text=page_alt_text(order, len(pages)),
                )
            if spec.get("photograph"):
                self.attach(
                    document,
                    demo_photograph(),
                    "photograph.png",
                    MediaFile.Role.PHOTO,
                    caption=PHOTOGRAPH_CAPTION,
                    alt_text=PHOTOGRAPH_ALT_TEXT,
                    is_distressing=True,
                )
            for spec_point in spec.get("index", []):
                point = DocumentIndexPoint(
                    document=document, page=images[spec_point["page"]], **_point_texts(spec_point)
                )
                _save(point)
                point.victims.set([self.victims[ref] for ref in spec_point.get("victims", [])])
                self.summary.counts["index points"] += 1
            self.summary.counts["documents"] += 1


def _set_status(record: Victim, status: str) -> None:
    if status in (PUBLISHED, WITHDRAWN):
        record.publish()
    if status == WITHDRAWN:
        record.withdraw(marked("Geri çəkilmə nümunəsi. / An example of a withdrawal. / Пример отзыва."))


def _save(instance: models.Model) -> None:
    instance._change_reason = CHANGE_REASON
    instance.save()


def _point_texts(spec: dict[str, Any]) -> dict[str, str]:
    """An index point's title, and its synopsis and keywords where it has them, in the three languages."""
    texts = translations("title", spec["title"])
    for field_name in ("synopsis", "keywords"):
        if field_name in spec:
            texts.update(translations(field_name, spec[field_name]))
    return texts


def _segments(lines: Sequence[tuple[str, str]]) -> list[tuple[Decimal, Decimal, str, str]]:
    """Spread the lines evenly over the recording, so each starts on one of the chimes."""
    if not lines:
        return []
    step = Decimal(RECORDING_SECONDS) / len(lines)
    return [
        (round(step * index, 3), round(step * (index + 1), 3), speaker, text)
        for index, (speaker, text) in enumerate(lines)
    ]


def _transcript(segments: Iterable[tuple[Decimal, Decimal, str, str]]) -> str:
    return "\n".join(f"[{_clock(start)}] {speaker}: {text}" for start, _end, speaker, text in segments)


def _clock(seconds: Decimal) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def load_demo() -> DemoSummary:
    """Add the demonstration records (after the real places and events); running it again adds nothing."""
    summary = DemoSummary("added")
    written: list[str] = []
    try:
        with transaction.atomic():
            load_history()
            _Loader(summary, written).load()
    except BaseException:
        # The rows are rolled back; the files already written are not, so they go here.
        delete_stored_files(written)
        raise
    return summary


def delete_stored_files(names: Iterable[str]) -> None:
    for name in names:
        if name and default_storage.exists(name):
            default_storage.delete(name)
