"""The three kinds of public record, and the facts about each that other parts of the project ask.

Registered once here, in order (victims, testimonies, documents: the order pages and search list them in);
search, the memorial's selectors and views, the admin and the models themselves read them from here.

A leaf module: it imports none of the archive's models, so they can take their identifier prefix and names from it.
The model is looked up by label when first asked for, once the app registry is ready.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RecordKind:
    key: str  # "victim": the model's name, its URL name, its permission codenames, MediaFile's field for it
    plural: str  # "victims": the list page's URL name, search's ``kind`` parameter, the sitemap section
    prefix: str  # "V": the permanent identifier's letter (``V-000123``)
    model_label: str  # "archive.Victim"
    name: Promise  # the model's verbose name
    name_plural: Promise
    label: Promise  # the kind as a heading or a facet ("Victims")
    date_field: str  # the partial date a record is dated by, as written ("death_date")
    place_field: str | None  # the place a record is placed at, if the kind has one
    description_field: str  # the translated text (``<field>_az`` …) that describes a record

    @property
    def model(self) -> type[Model]:
        """The record model (an ``archive.models.publication.IdentifiedRecord``)."""
        return apps.get_model(self.model_label)

    @property
    def url_name(self) -> str:
        return f"memorial:{self.key}"

    @property
    def list_url_name(self) -> str:
        return f"memorial:{self.plural}"

    @property
    def media_field(self) -> str:
        """MediaFile's foreign key to a record of this kind (named after the kind)."""
        return self.key

    @property
    def date_bounds(self) -> str:
        """The stem of the date's derived day bounds: ``death_date`` → ``death_earliest``, ``death_latest``."""
        return self.date_field.removesuffix("_date")

    @property
    def earliest_field(self) -> str:
        return f"{self.date_bounds}_earliest"

    @property
    def latest_field(self) -> str:
        return f"{self.date_bounds}_latest"


VICTIM = RecordKind(
    key="victim",
    plural="victims",
    prefix="V",
    model_label="archive.Victim",
    name=_("victim"),
    name_plural=_("victims"),
    label=_("Victims"),
    date_field="death_date",
    place_field="incident_place",
    description_field="biography",
)
TESTIMONY = RecordKind(
    key="testimony",
    plural="testimonies",
    prefix="T",
    model_label="archive.Testimony",
    name=_("testimony"),
    name_plural=_("testimonies"),
    label=_("Testimonies"),
    date_field="recorded_date",
    place_field="recorded_place",
    description_field="summary",
)
DOCUMENT = RecordKind(
    key="document",
    plural="documents",
    prefix="D",
    model_label="archive.Document",
    name=_("document"),
    name_plural=_("documents"),
    label=_("Documents"),
    date_field="date",
    place_field=None,
    description_field="description",
)

RECORD_KINDS: tuple[RecordKind, ...] = (VICTIM, TESTIMONY, DOCUMENT)
KEYS: tuple[str, ...] = tuple(kind.key for kind in RECORD_KINDS)
PLURALS: tuple[str, ...] = tuple(kind.plural for kind in RECORD_KINDS)
PREFIXES = "".join(kind.prefix for kind in RECORD_KINDS)

_BY_KEY = {kind.key: kind for kind in RECORD_KINDS}
_BY_PLURAL = {kind.plural: kind for kind in RECORD_KINDS}
_BY_PREFIX = {kind.prefix: kind for kind in RECORD_KINDS}
_BY_MODEL_LABEL = {kind.model_label.lower(): kind for kind in RECORD_KINDS}


def by_key(key: str) -> RecordKind:
    """The kind named ``key`` ("victim"); KeyError for any other name."""
    return _BY_KEY[key]


def by_plural(plural: str) -> RecordKind:
    """The kind whose plural is ``plural`` ("victims"); KeyError for any other name."""
    return _BY_PLURAL[plural]


def by_prefix(prefix: str) -> RecordKind:
    """The kind whose identifiers begin with ``prefix`` ("V"), in either case; KeyError for any other letter."""
    return _BY_PREFIX[prefix.upper()]


def by_model(model: type | object) -> RecordKind | None:
    """The kind of a record model or record (``Victim`` or a victim), or None for a model of no kind."""
    return _BY_MODEL_LABEL.get(model._meta.label_lower)
