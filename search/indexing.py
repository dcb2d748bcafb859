"""Keep the search index in step with the archive, and rebuild it from scratch.

The index holds words only, never visibility: searches always join back to ``objects.public()``.
So a save re-indexes the record's words, while publishing, withdrawing and embargoes need nothing here,
and no cached answer outlives a change: every save, delete, link or bulk write of archive rows replaces the
archive's content version (``archive.content_version``) that answers are kept under; a rebuild replaces it too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from django.db import transaction
from django.db.models import F, Prefetch, QuerySet, Value
from django.db.models.functions import Greatest
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from archive.models import (
    Document,
    IndexPoint,
    NameVariant,
    SegmentTranslation,
    Testimony,
    TranscriptSegment,
    Victim,
)
from archive.signals import records_changed_in_bulk
from search.backends import backend
from search.cache import change_version
from search.folding import PATRONYMIC_MARKERS, fold_bare, fold_text, fold_word, patronymic_root, plain_lower, words
from search.models import NameKey, NameWord, TextEntry

BATCH_SIZE = 2000
# The name fields a victim's index rows are made from (the rest of the record is not loaded to rebuild).
NAME_FIELDS = [f"{part}_{script}" for script in ("az", "ru", "en") for part in ("surname", "given_name", "patronymic")]


class NameRow(NamedTuple):
    key: str
    spellings: str
    is_primary: bool
    is_patronymic: bool


ROW_COLUMNS = ["victim_id", "key", "spellings", "is_primary", "is_patronymic"]


def _is_fathers(typed: list[str], index: int) -> bool:
    """Whether the word at ``index`` of a name written in one line belongs to a patronymic: a marker
    (oğlu, кызы), the name before one, or a Russian patronymic (Расимович)."""
    following = fold_word(typed[index + 1]) if index + 1 < len(typed) else ""
    key = fold_word(typed[index])
    return key in PATRONYMIC_MARKERS or following in PATRONYMIC_MARKERS or patronymic_root(typed[index]) is not None


def victim_name_rows(victim: Victim, variants: Iterable[str]) -> list[NameRow]:
    """One row per distinct key over every name form (az, ru, en) and every variant, and per key of a name
    word as typed without ş and ç (``fold_bare``). A Russian patronymic also gives the key of the father's name in
    it (Расимович: расим), and a key that only a patronymic gives is marked so (``is_patronymic``): meeting it
    counts for less than meeting the person's own name."""
    primary_script = "az" if victim.surname_az else "ru"
    primary_words = words(" ".join(victim.name_parts(primary_script)))
    primary = {key for word in primary_words for key in (fold_word(word), fold_bare(word))}
    spellings: dict[str, set[str]] = {}
    own: set[str] = set()
    written = [(text, False) for script in ("az", "ru", "en") for text in victim.name_parts(script)[:2]]
    written += [(text, True) for script in ("az", "ru", "en") for text in victim.name_parts(script)[2:]]
    written += [(text, None) for text in variants]  # a variant tells its patronymic by its words
    for text, fathers in written:
        typed = words(text)
        for index, word in enumerate(typed):
            root = patronymic_root(word)
            is_fathers = _is_fathers(typed, index) if fathers is None else fathers
            for form in (word, root) if root else (word,):
                for key in {fold_word(form), fold_bare(form)}:
                    if key:
                        spellings.setdefault(key, set()).add(plain_lower(form))
                        if not is_fathers:
                            own.add(key)
    return [
        NameRow(key[:100], (" " + " ".join(sorted(forms)) + " ")[:600], key in primary, key not in own)
        for key, forms in spellings.items()
    ]


def victim_name_words(victim: Victim, variants: Iterable[str]) -> list[NameWord]:
    """The victim's index rows as NameWord objects (see ``victim_name_rows``)."""
    return [NameWord(victim_id=victim.pk, **row._asdict()) for row in victim_name_rows(victim, variants)]


def _ensure_vocabulary(keys: Iterable[str]) -> None:
    # Conflicts are ignored: another save may add the same word at the same moment. On SQLite the
    # FTS5 trigram table follows through triggers; on PostgreSQL the trigram index is on the table.
    NameKey.objects.bulk_create([NameKey(key=key) for key in sorted(set(keys))], ignore_conflicts=True)


def _count_victims(added: set[str], removed: set[str]) -> None:
    """Keep ``NameKey.frequency`` in step: one update each way, relative, so concurrent saves add up."""
    _change_frequencies({**dict.fromkeys(added, 1), **dict.fromkeys(removed, -1)})


def _change_frequencies(change: dict[str, int]) -> None:
    """Add ``change[key]`` victims to each key's frequency (never below 0): one relative update per distinct change,
    so thousands of victims indexed at once cost a few dozen statements, and concurrent saves still add up."""
    keys_by_change: dict[int, list[str]] = {}
    for key, amount in change.items():
        if amount:
            keys_by_change.setdefault(amount, []).append(key)
    for amount, keys in keys_by_change.items():
        for start in range(0, len(keys), BATCH_SIZE):
            chunk = keys[start : start + BATCH_SIZE]
            NameKey.objects.filter(key__in=chunk).update(frequency=Greatest(F("frequency") + amount, Value(0)))


def index_victim(victim_id: int) -> None:
    victim = Victim.objects.filter(pk=victim_id).first()
    old_keys = set(NameWord.objects.filter(victim_id=victim_id).values_list("key", flat=True))
    if old_keys:
        NameWord.objects.filter(victim_id=victim_id).delete()
    rows = [] if victim is None else victim_name_words(victim, victim.variants.values_list("name", flat=True))
    new_keys = {row.key for row in rows}
    _ensure_vocabulary(new_keys)
    NameWord.objects.bulk_create(rows)
    _count_victims(new_keys - old_keys, old_keys - new_keys)


def index_victims(victim_ids: Iterable[int]) -> None:
    """``index_victim`` for many victims at once, as a rebuild does it: their rows read and written in batches
    (the victims and their variants in two queries, the name rows in one insert), the vocabulary and its counts
    changed once a batch. Then the testimonies and documents that name them, as a victim's save does."""
    ids = sorted(set(victim_ids))
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        old_keys: dict[int, set[str]] = {}
        for victim_id, key in NameWord.objects.filter(victim_id__in=chunk).values_list("victim_id", "key"):
            old_keys.setdefault(victim_id, set()).add(key)
        if old_keys:
            NameWord.objects.filter(victim_id__in=list(old_keys)).delete()
        rows = []
        change: Counter[str] = Counter()
        variants: dict[int, list[str]] = {}
        for victim_id, name in NameVariant.objects.filter(victim_id__in=chunk).values_list("victim_id", "name"):
            variants.setdefault(victim_id, []).append(name)
        for victim in Victim.objects.filter(pk__in=chunk).only("pk", *NAME_FIELDS):
            name_rows = victim_name_rows(victim, variants.get(victim.pk, ()))
            rows += [(victim.pk, *row) for row in name_rows]
            new_keys = {row.key for row in name_rows}
            old = old_keys.pop(victim.pk, set())
            change.update(new_keys - old)
            change.subtract(old - new_keys)
        for gone in old_keys.values():  # victims no longer there: their rows went above, their counts go now
            change.subtract(gone)
        _ensure_vocabulary(row[1] for row in rows)
        _insert(NameWord._meta.db_table, ROW_COLUMNS, rows)
        _change_frequencies(change)
        _index_records_naming_any(chunk)


def _index_records_naming_any(victim_ids: Sequence[int]) -> None:
    """``_index_records_naming`` for many victims: one query a link table, each record re-indexed once."""
    testimonies = Testimony.victims.through.objects.filter(victim_id__in=victim_ids)
    for testimony_id in sorted(set(testimonies.values_list("testimony_id", flat=True))):
        index_testimony(testimony_id)
    documents = Document.victims.through.objects.filter(victim_id__in=victim_ids)
    for document_id in sorted(set(documents.values_list("document_id", flat=True))):
        index_document(document_id)


def named_victims(victims: Iterable[Victim]) -> list[str]:
    """The name forms of the victims a record speaks of, given only its *public* ones (``record.victims.public()``):
    a testimony is found by the names of the people it is about, but a hidden person's name must find nothing.
    As they stand when the record is indexed; a victim's save re-indexes its records."""
    return [form for victim in victims for form in victim.all_name_forms]


INDEX_POINT_FIELDS = [
    f"{name}_{code}"
    for name in ("title", "synopsis", "keywords", "subjects", "partial_transcript")
    for code in ("az", "en", "ru")
]


def index_point_text(point: IndexPoint) -> str:
    """An index point's words in every language: found with the transcript, since they tell what is said."""
    return " ".join(getattr(point, name) for name in INDEX_POINT_FIELDS)


def testimony_text(
    testimony: Testimony, segments: Iterable[str], names: Iterable[str] = (), points: Iterable[str] = ()
) -> tuple[str, str]:
    """What a testimony is found by: (title, summaries, the narrator as the public sees them and the names of the
    people it is about; transcript, time-coded segments and the index's points). An anonymous narrator's name is
    never indexed. The index is in the body, searched only where the media are open, as the transcript is."""
    named = testimony.narrator_consent == Testimony.Consent.NAMED
    narrator = testimony.narrator_name if named else testimony.narrator_pseudonym
    summaries = [testimony.summary_az, testimony.summary_en, testimony.summary_ru]
    meta = " ".join([testimony.title, *summaries, narrator, *names])
    body = " ".join([testimony.transcript, *segments, *points])
    return fold_text(meta), fold_text(body)


def document_text(document: Document, names: Iterable[str] = ()) -> tuple[str, str]:
    meta = " ".join([document.title, document.description_az, document.description_en, document.description_ru, *names])
    return fold_text(meta), fold_text(document.transcription)


def index_testimony(testimony_id: int) -> None:
    testimony = Testimony.objects.filter(pk=testimony_id).first()
    if testimony is None:
        TextEntry.objects.filter(testimony_id=testimony_id).delete()
        return
    names = named_victims(testimony.victims.public())
    points = (index_point_text(point) for point in testimony.index_points.only("testimony_id", *INDEX_POINT_FIELDS))
    # The transcript's translations are found as its words are: a reader searches in their own language.
    translations = SegmentTranslation.objects.filter(segment__testimony_id=testimony_id).values_list("text", flat=True)
    segments = [*testimony.segments.values_list("text", flat=True), *translations]
    meta, body = testimony_text(testimony, segments, names, points)
    TextEntry.objects.update_or_create(testimony_id=testimony_id, defaults={"meta": meta, "body": body})


def index_document(document_id: int) -> None:
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        TextEntry.objects.filter(document_id=document_id).delete()
        return
    meta, body = document_text(document, named_victims(document.victims.public()))
    TextEntry.objects.update_or_create(document_id=document_id, defaults={"meta": meta, "body": body})


def _batches(queryset: QuerySet, size: int = BATCH_SIZE) -> Iterator[list]:
    """Walk a table by primary key in batches, so a million rows never sit in memory at once."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _insert(table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert many plain rows at once: COPY on PostgreSQL, one prepared statement on SQLite."""
    if rows:
        backend().insert_rows(table, columns, rows)


@transaction.atomic
def rebuild(*, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Empty the index and fill it again from every record (public or not: visibility is decided at query time)."""
    TextEntry.objects.all().delete()
    NameWord.objects.all().delete()
    NameKey.objects.all().delete()
    counts = {"victims": 0, "name_words": 0, "testimonies": 0, "documents": 0}
    frequency: Counter[str] = Counter()
    victims = Victim.objects.only("pk", *NAME_FIELDS).prefetch_related(
        Prefetch("variants", queryset=NameVariant.objects.only("victim_id", "name"))
    )
    for batch in _batches(victims, size=BATCH_SIZE * 5):
        rows = []
        for victim in batch:
            for row in victim_name_rows(victim, (v.name for v in victim.variants.all())):
                rows.append((victim.pk, *row))
                frequency[row.key] += 1
        _insert(NameWord._meta.db_table, ROW_COLUMNS, rows)
        counts["victims"] += len(batch)
        counts["name_words"] += len(rows)
        if progress:
            progress(f"victims: {counts['victims']}")
    NameKey.objects.bulk_create(
        [NameKey(key=key, frequency=n) for key, n in sorted(frequency.items())], batch_size=BATCH_SIZE
    )
    named = Prefetch("victims", queryset=Victim.objects.public().only("pk", *NAME_FIELDS))
    for batch in _batches(Testimony.objects.prefetch_related("segments__translations", "index_points", named)):
        entries = []
        for testimony in batch:
            segments = [segment.text for segment in testimony.segments.all()]
            segments += [row.text for segment in testimony.segments.all() for row in segment.translations.all()]
            points = (index_point_text(point) for point in testimony.index_points.all())
            meta, body = testimony_text(testimony, segments, named_victims(testimony.victims.all()), points)
            entries.append(TextEntry(testimony_id=testimony.pk, meta=meta, body=body))
        TextEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
        counts["testimonies"] += len(batch)
    for batch in _batches(Document.objects.prefetch_related(named)):
        entries = []
        for document in batch:
            meta, body = document_text(document, named_victims(document.victims.all()))
            entries.append(TextEntry(document_id=document.pk, meta=meta, body=body))
        TextEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
        counts["documents"] += len(batch)
    change_version()
    return counts


# --- receivers: registered by SearchConfig.ready(); `raw` saves (fixtures) carry their index rows along ---


def _on_victim_saved(sender, instance: Victim, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_victim(instance.pk)
        _index_records_naming(instance.pk)


def _index_records_naming(victim_id: int) -> None:
    """The testimonies and documents found by this victim's names (published, renamed, withdrawn: all change it)."""
    for testimony_id in Testimony.victims.through.objects.filter(victim_id=victim_id).values_list(
        "testimony_id", flat=True
    ):
        index_testimony(testimony_id)
    for document_id in Document.victims.through.objects.filter(victim_id=victim_id).values_list(
        "document_id", flat=True
    ):
        index_document(document_id)


def _on_victims_linked(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    index = index_testimony if sender is Testimony.victims.through else index_document
    if not reverse:
        index(instance.pk)
        return
    # From the victim's side: the records added or removed (a clear has lost them: re-index what is left is moot).
    for pk in pk_set or ():
        index(pk)


def _on_victim_deleted(sender, instance: Victim, **kwargs) -> None:
    # The name rows go with the victim (cascade); their keys' counts must go down first.
    keys = set(NameWord.objects.filter(victim_id=instance.pk).values_list("key", flat=True))
    _count_victims(set(), keys)
    # The links go too, without m2m signals: the records that named this victim are indexed again after.
    links = (Testimony.victims.through.objects, "testimony_id"), (Document.victims.through.objects, "document_id")
    instance._search_named_in = [
        list(rows.filter(victim_id=instance.pk).values_list(f, flat=True)) for rows, f in links
    ]


def _on_victim_gone(sender, instance: Victim, **kwargs) -> None:
    testimonies, documents = getattr(instance, "_search_named_in", ([], []))
    for testimony_id in testimonies:
        index_testimony(testimony_id)
    for document_id in documents:
        index_document(document_id)


def _cascaded(sender, origin) -> bool:
    """Whether a delete came from deleting something else (the victim or testimony itself, say).

    Re-indexing the parent then would write index rows for a record about to disappear.
    """
    if origin is None:
        return False
    origin_model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return origin_model is not sender


def _on_variant_changed(sender, instance: NameVariant, raw: bool = False, origin=None, **kwargs) -> None:
    if not raw and not _cascaded(sender, origin):
        index_victim(instance.victim_id)


def _on_testimony_saved(sender, instance: Testimony, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_testimony(instance.pk)


def _on_segment_changed(sender, instance: TranscriptSegment, raw: bool = False, origin=None, **kwargs) -> None:
    if not raw and not _cascaded(sender, origin):
        index_testimony(instance.testimony_id)


def _on_translation_changed(sender, instance: SegmentTranslation, raw: bool = False, origin=None, **kwargs) -> None:
    if not raw and not _cascaded(sender, origin):
        testimony_id = TranscriptSegment.objects.filter(pk=instance.segment_id).values_list("testimony_id", flat=True)
        for found in testimony_id:
            index_testimony(found)


def _on_index_point_changed(sender, instance: IndexPoint, raw: bool = False, origin=None, **kwargs) -> None:
    if not raw and not _cascaded(sender, origin):
        index_testimony(instance.testimony_id)


def _on_document_saved(sender, instance: Document, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_document(instance.pk)


def _on_changed_in_bulk(sender, pks: Sequence[int], **kwargs) -> None:
    """Bulk writes (``bulk_create``, ``update``) send ``records_changed_in_bulk`` where a save sends post_save:
    index what changed in batches (the content version follows the same signal: ``archive.content_version``)."""
    if sender is Victim:
        index_victims(pks)
    elif sender is NameVariant:
        index_victims(_values_for(NameVariant.objects, pks, "victim_id"))
    elif sender is Testimony or sender is Document:
        index = index_testimony if sender is Testimony else index_document
        for pk in pks:
            index(pk)
    elif sender is TranscriptSegment:
        for testimony_id in sorted(set(_values_for(TranscriptSegment.objects, pks, "testimony_id"))):
            index_testimony(testimony_id)
    elif sender is SegmentTranslation:
        for testimony_id in sorted(set(_values_for(SegmentTranslation.objects, pks, "segment__testimony_id"))):
            index_testimony(testimony_id)


def _values_for(rows: QuerySet, pks: Sequence[int], field: str) -> list:
    values = []
    for start in range(0, len(pks), BATCH_SIZE):
        values += rows.filter(pk__in=pks[start : start + BATCH_SIZE]).values_list(field, flat=True)
    return values


def connect_signals() -> None:
    uid = "search.indexing"
    post_save.connect(_on_victim_saved, sender=Victim, dispatch_uid=f"{uid}.victim")
    pre_delete.connect(_on_victim_deleted, sender=Victim, dispatch_uid=f"{uid}.victim_deleted")
    post_delete.connect(_on_victim_gone, sender=Victim, dispatch_uid=f"{uid}.victim_gone")
    post_save.connect(_on_variant_changed, sender=NameVariant, dispatch_uid=f"{uid}.variant_saved")
    post_delete.connect(_on_variant_changed, sender=NameVariant, dispatch_uid=f"{uid}.variant_deleted")
    post_save.connect(_on_testimony_saved, sender=Testimony, dispatch_uid=f"{uid}.testimony")
    post_save.connect(_on_segment_changed, sender=TranscriptSegment, dispatch_uid=f"{uid}.segment_saved")
    post_delete.connect(_on_segment_changed, sender=TranscriptSegment, dispatch_uid=f"{uid}.segment_deleted")
    post_save.connect(_on_translation_changed, sender=SegmentTranslation, dispatch_uid=f"{uid}.translation_saved")
    post_delete.connect(_on_translation_changed, sender=SegmentTranslation, dispatch_uid=f"{uid}.translation_deleted")
    post_save.connect(_on_index_point_changed, sender=IndexPoint, dispatch_uid=f"{uid}.index_point_saved")
    post_delete.connect(_on_index_point_changed, sender=IndexPoint, dispatch_uid=f"{uid}.index_point_deleted")
    post_save.connect(_on_document_saved, sender=Document, dispatch_uid=f"{uid}.document")
    m2m_changed.connect(_on_victims_linked, sender=Testimony.victims.through, dispatch_uid=f"{uid}.testimony_victims")
    m2m_changed.connect(_on_victims_linked, sender=Document.victims.through, dispatch_uid=f"{uid}.document_victims")
    records_changed_in_bulk.connect(_on_changed_in_bulk, dispatch_uid=f"{uid}.bulk")
