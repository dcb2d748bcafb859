"""``remove_demo``: every demonstration row, its stored files and its history go; nothing else is touched."""

from __future__ import annotations

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q

from archive.demo.loading import DemoSummary, delete_stored_files
from archive.kinds import RECORD_KINDS
from archive.models import (
    Document,
    DocumentIndexPoint,
    Event,
    IndexHyperlink,
    IndexPoint,
    MediaFile,
    NameVariant,
    Place,
    SegmentTranslation,
    Source,
    Subject,
    Testimony,
    TranscriptSegment,
    Victim,
)


def remove_demo() -> DemoSummary:
    """Delete every demonstration row, its stored files and its history; nothing else is touched.

    Identifier counters are left alone, so identifiers given to demonstration records are never reused.
    """
    summary = DemoSummary("removed")
    with transaction.atomic():
        victims = set(Victim.objects.demo().values_list("pk", flat=True))
        testimonies = set(Testimony.objects.demo().values_list("pk", flat=True))
        documents = set(Document.objects.demo().values_list("pk", flat=True))
        media = MediaFile.objects.filter(
            Q(is_demo=True) | Q(victim__in=victims) | Q(testimony__in=testimonies) | Q(document__in=documents)
        )
        ids: dict[type[models.Model], set[int]] = {
            MediaFile: set(media.values_list("pk", flat=True)),
            Victim: victims,
            Testimony: testimonies,
            Document: documents,
            NameVariant: set(NameVariant.objects.filter(victim__in=victims).values_list("pk", flat=True)),
            TranscriptSegment: set(
                TranscriptSegment.objects.filter(testimony__in=testimonies).values_list("pk", flat=True)
            ),
            IndexPoint: set(IndexPoint.objects.filter(testimony__in=testimonies).values_list("pk", flat=True)),
            IndexHyperlink: set(
                IndexHyperlink.objects.filter(point__testimony__in=testimonies).values_list("pk", flat=True)
            ),
            SegmentTranslation: set(
                SegmentTranslation.objects.filter(segment__testimony__in=testimonies).values_list("pk", flat=True)
            ),
            DocumentIndexPoint: set(
                DocumentIndexPoint.objects.filter(document__in=documents).values_list("pk", flat=True)
            ),
            Event: set(Event.objects.demo().values_list("pk", flat=True)),
            Place: set(Place.objects.filter(is_demo=True).values_list("pk", flat=True)),
            Subject: set(Subject.objects.filter(is_demo=True).values_list("pk", flat=True)),
            Source: set(Source.objects.filter(is_demo=True).values_list("pk", flat=True)),
        }
        files = [name for pair in media.values_list("file", "thumbnail") for name in pair if name]

        # Media first: their foreign keys to records are PROTECT. Variants and segments cascade.
        for model in (MediaFile, Document, Testimony, Victim, Event, Place, Subject, Source):
            count = model.objects.filter(pk__in=ids[model]).count()
            if count:
                summary.counts[str(model._meta.verbose_name_plural)] += count
            if model is Victim:
                _delete_victims(ids[Victim])
            else:
                model.objects.filter(pk__in=ids[model]).delete()
        summary.counts["name variants"] += len(ids[NameVariant])
        summary.counts["transcript segments"] += len(ids[TranscriptSegment])
        # A testimony's points and a document's, as load_demo counts them.
        if ids[IndexPoint] or ids[DocumentIndexPoint]:
            summary.counts["index points"] += len(ids[IndexPoint]) + len(ids[DocumentIndexPoint])

        history_rows = _delete_link_history(ids)
        for model, pks in ids.items():
            rows = model.history.model.objects.filter(_history_filter(model, pks, ids))
            history_rows += rows.count()
            rows.delete()
        if history_rows:
            summary.counts["history entries"] = history_rows
        summary.files = len(files)
        transaction.on_commit(lambda: delete_stored_files(files))
    return summary


def _delete_victims(pks: set[int]) -> None:
    """A merged record points at the one kept in its place, which may not go first (PROTECT): the merged records go
    before their kept ones, a merge of a merge in turn."""
    remaining = set(pks)
    while remaining:
        kept = set(
            Victim.objects.filter(pk__in=remaining, merged_into__in=remaining).values_list("merged_into", flat=True)
        )
        Victim.objects.filter(pk__in=(remaining - kept) or remaining).delete()
        remaining = kept if kept != remaining else set()


def _link_history_models() -> list[type[models.Model]]:
    """The history tables of links between records (simple_history's m2m_fields), e.g. a testimony's victims."""
    return [
        model
        for model in apps.get_app_config("archive").get_models()
        if model.__name__.startswith("Historical") and "m2m_history_id" in {f.name for f in model._meta.fields}
    ]


def _delete_link_history(ids: dict[type[models.Model], set[int]]) -> int:
    """Link history rows of demonstration records, and rows anywhere that point at one (no cascade exists)."""
    deleted = 0
    for link_model in _link_history_models():
        owner_history = link_model._meta.get_field("history").related_model
        owner = owner_history.instance_type
        condition = Q(history__in=owner_history.objects.filter(_history_filter(owner, ids[owner], ids)))
        for link_field in link_model._meta.fields:
            if link_field.is_relation and link_field.name != "history" and link_field.related_model in ids:
                condition |= Q(**{f"{link_field.name}_id__in": ids[link_field.related_model]})
        rows = link_model.objects.filter(condition)
        deleted += rows.count()
        rows.delete()
    return deleted


def _history_filter(model: type[models.Model], pks: set[int], ids: dict[type[models.Model], set[int]]) -> Q:
    """History rows that belonged to demonstration objects, including those deleted before this run."""
    condition = Q(id__in=pks)
    names = {f.name for f in model._meta.get_fields()}
    if "is_demo" in names:
        condition |= Q(is_demo=True)
    for kind in RECORD_KINDS:
        # Rows that belong to a record (its files, variants, segments) name it by the kind's key.
        if kind.key in names and model is not kind.model:
            condition |= Q(**{f"{kind.key}_id__in": ids[kind.model]})
    if model is IndexHyperlink:
        # A link names its point, which names the testimony: points taken out before this run included.
        points = IndexPoint.history.filter(testimony_id__in=ids[Testimony]).values("id")
        condition |= Q(point_id__in=points)
    if model is SegmentTranslation:
        # A translation names its segment, which names the testimony: segments taken out before this run included.
        segments = TranscriptSegment.history.filter(testimony_id__in=ids[Testimony]).values("id")
        condition |= Q(segment_id__in=segments)
    return condition
