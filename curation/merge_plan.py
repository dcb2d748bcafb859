"""What a merge of two victim records of one person would do, before it is done: for the confirmation page, the
command and the merge itself, which carries out exactly this plan.

The kept record keeps its values; each of its empty fields takes the other record's value. Everything attached to
the other record moves: testimonies, documents, media files, name variants, sources; and the other record's name
forms become name variants of the kept one, so that every spelling still finds the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from archive.models import Document, MediaFile, NameVariant, Source, Testimony, Victim
from curation.likeness import Likeness, compare
from curation.person import person_of, values_of
from search.folding import plain_lower

# The kept record's fields an empty value of which the other record fills, in the order the page shows them.
FILLED_FIELDS = (
    "surname_az",
    "given_name_az",
    "patronymic_az",
    "surname_ru",
    "given_name_ru",
    "patronymic_ru",
    "surname_en",
    "given_name_en",
    "patronymic_en",
    "gender",
    "birth_date",
    "death_date",
    "incident_place",
    "burial_place",
    "occupation_az",
    "occupation_ru",
    "occupation_en",
    "biography_az",
    "biography_ru",
    "biography_en",
)
# Shown side by side but never filled: each record keeps its own.
SHOWN_ONLY = ("identifier", "status", "fate", "access")
_SHOWN_WORDS = 12  # a biography is shown by its beginning


@dataclass
class FieldRow:
    """One line of the side-by-side table: the field, both records' values and what the kept record will hold."""

    label: str
    kept: str
    other: str
    result: str
    filled: bool = False  # the result is the other record's value


@dataclass
class MergePlan:
    kept: Victim
    other: Victim
    rows: list[FieldRow]
    fills: dict[str, object]  # field attribute name (``incident_place_id``…) → the value it takes from the other
    testimonies: list[Testimony]
    documents: list[Document]
    media: list[MediaFile]
    variants: list[NameVariant]  # the other record's variants that move
    variants_kept_back: list[NameVariant]  # the kept record has these names already: they stay where they are
    new_variants: list[str]  # the other record's name forms, new variants of the kept one
    sources: list[Source]
    likeness: Likeness
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "testimonies": len(self.testimonies),
            "documents": len(self.documents),
            "media": len(self.media),
            "variants": len(self.variants) + len(self.new_variants),
            "sources": len(self.sources),
        }


def check_mergeable(kept: Victim, other: Victim) -> None:
    """ValidationError if ``other`` cannot be merged into ``kept``."""
    if kept.pk == other.pk:
        raise ValidationError(_("A record cannot be merged into itself: choose two records."), code="same")
    for record in (kept, other):
        if record.is_merged:
            raise ValidationError(
                _("%(record)s was already merged into %(kept)s.")
                % {"record": record.identifier, "kept": record.merged_into.identifier},
                code="merged",
            )


def _shown(record: Victim, name: str) -> str:
    value = getattr(record, name)
    if isinstance(value, Model):
        return str(value)
    display = getattr(record, f"get_{name}_display", None)
    if display is not None and value:
        return str(display())
    return Truncator(value or "").words(_SHOWN_WORDS)


def _is_empty(record: Victim, name: str) -> bool:
    value = getattr(record, Victim._meta.get_field(name).attname)
    return value is None or (isinstance(value, str) and not value.strip())


def _normal(name: str) -> str:
    return plain_lower(" ".join(name.split()))


def merge_plan(*, kept: Victim, other: Victim) -> MergePlan:
    """What merging ``other`` into ``kept`` would do (ValidationError if it cannot be done). Reads, writes nothing."""
    check_mergeable(kept, other)
    fills: dict[str, object] = {}
    rows = []
    for name in (*SHOWN_ONLY[:2], *FILLED_FIELDS, *SHOWN_ONLY[2:]):
        model_field = Victim._meta.get_field(name)
        filled = name in FILLED_FIELDS and _is_empty(kept, name) and not _is_empty(other, name)
        if filled:
            fills[model_field.attname] = getattr(other, model_field.attname)
        kept_shown, other_shown = _shown(kept, name), _shown(other, name)
        if not (kept_shown or other_shown):
            continue
        rows.append(
            FieldRow(
                label=str(model_field.verbose_name),
                kept=kept_shown,
                other=other_shown,
                result=other_shown if filled else kept_shown,
                filled=filled,
            )
        )

    merged_names = Victim(**{name: getattr(kept, name) for name in FILLED_FIELDS[:9]})
    for attname, value in fills.items():
        if hasattr(merged_names, attname) and isinstance(value, str):
            setattr(merged_names, attname, value)
    kept_variants = list(kept.variants.all())
    known = {_normal(form) for form in merged_names.all_name_forms} | {_normal(v.name) for v in kept_variants}
    variants, kept_back = [], []
    for variant in other.variants.all():
        (kept_back if _normal(variant.name) in known else variants).append(variant)
        known.add(_normal(variant.name))
    max_length = NameVariant._meta.get_field("name").max_length
    new_variants = []
    for form in other.all_name_forms:
        if _normal(form) not in known:
            new_variants.append(form[:max_length])
            known.add(_normal(form))

    likeness = compare(
        person_of(values_of(other), [v.name for v in other.variants.all()], **_facts(other)),
        person_of(values_of(kept), [v.name for v in kept_variants], **_facts(kept)),
    )
    plan = MergePlan(
        kept=kept,
        other=other,
        rows=rows,
        fills=fills,
        testimonies=list(other.testimonies.order_by("identifier")),
        documents=list(other.documents.order_by("identifier")),
        media=list(other.media.all()),
        variants=variants,
        variants_kept_back=kept_back,
        new_variants=new_variants,
        sources=list(other.sources.exclude(pk__in=kept.sources.values("pk"))),
        likeness=likeness,
    )
    plan.warnings = _warnings(plan)
    return plan


def _facts(victim: Victim) -> dict[str, str]:
    return {"birth": victim.birth_date, "death": victim.death_date, "gender": victim.gender}


def _warnings(plan: MergePlan) -> list[str]:
    warnings = []
    if not plan.likeness.names_agree:
        warnings.append(_("The names differ: make sure these are one person."))
    elif plan.likeness.contradicted:
        warnings.append(
            _("These records disagree (%(reasons)s): make sure they are one person.")
            % {"reasons": plan.likeness.explained()}
        )
    if plan.other.is_public and not plan.kept.is_public:
        warnings.append(
            _(
                "%(other)s is public and %(kept)s is not: after the merge the person is not public until %(kept)s "
                "is published."
            )
            % {"other": plan.other.identifier, "kept": plan.kept.identifier}
        )
    return warnings
