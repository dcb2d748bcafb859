"""A record's history as a person reads it: choice labels instead of stored codes, yes and no, and, on a victim's
page, the changes made elsewhere that concern the victim (its name variants, the testimonies and documents that
name it or stop naming it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_lazy
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """The "Changes" column: a state or choice by its label in the reader's language, yes/no, a dash for nothing."""

    def prepare_delta_change_value(self, change, value: Any) -> Any:
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value in (None, ""):
            return EMPTY
        if isinstance(value, bool):
            return gettext("yes") if value else gettext("no")
        if getattr(field, "flatchoices", None):
            labels = {str(code): label for code, label in field.flatchoices}
            if isinstance(value, list):
                return [str(labels.get(str(item), item)) for item in value]
            return str(labels.get(str(value), value))
        return value


@dataclass(frozen=True)
class RelatedChange:
    """A change made on another row that concerns this record, for its history page."""

    when: datetime
    who: Any
    what: str


def _variant_changes(victim_pk: int) -> list[RelatedChange]:
    history = (
        apps.get_model("archive", "NameVariant").history.filter(victim_id=victim_pk).select_related("history_user")
    )
    words = {
        "+": gettext_lazy("Name variant added: %(name)s (%(kind)s)"),
        "~": gettext_lazy("Name variant changed: %(name)s (%(kind)s)"),
        "-": gettext_lazy("Name variant removed: %(name)s (%(kind)s)"),
    }
    return [
        RelatedChange(
            entry.history_date,
            entry.history_user,
            words[entry.history_type] % {"name": entry.name, "kind": entry.get_kind_display()},
        )
        for entry in history
    ]


def _link_changes(victim_pk: int, model_name: str) -> list[RelatedChange]:
    """When a testimony or document began or stopped naming the victim: each of its history entries holds the
    victims it named then, so the moments the victim comes in or goes out of that set are the links made and undone."""
    model = apps.get_model("archive", model_name)
    snapshots = apps.get_model("archive", f"Historical{model.__name__}_victims")
    record_ids = snapshots.objects.filter(victim_id=victim_pk).values("history__id").distinct()
    history = model.history.filter(id__in=record_ids).select_related("history_user").order_by("id", "history_date")
    named_in = set(snapshots.objects.filter(victim_id=victim_pk).values_list("history_id", flat=True))
    linked = gettext_lazy("Named by %(record)s")
    unlinked = gettext_lazy("No longer named by %(record)s")
    changes, previous = [], {}
    for entry in history:
        names_victim = entry.history_id in named_in
        before = previous.get(entry.id, False)
        if names_victim != before:
            label = linked if names_victim else unlinked
            record = f"{entry.identifier} {getattr(entry, 'title', '')}".strip()
            changes.append(RelatedChange(entry.history_date, entry.history_user, label % {"record": record}))
        previous[entry.id] = names_victim
    return changes


def related_changes(victim: Model) -> list[RelatedChange]:
    changes = [
        *_variant_changes(victim.pk),
        *_link_changes(victim.pk, "testimony"),
        *_link_changes(victim.pk, "document"),
    ]
    return sorted(changes, key=lambda change: change.when, reverse=True)


class ReadableHistoryMixin:
    """For a model admin with simple_history's history page."""

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record
    ) -> HistoricalRecordContextHelper:
        return ReadableHistoryHelper(self.model, historical_record)


class VictimHistoryMixin(ReadableHistoryMixin):
    object_history_template = "admin/archive/victim/object_history.html"

    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None) -> HttpResponse:
        victim = self.get_object(request, object_id)
        context = {**(extra_context or {}), "related_changes": related_changes(victim) if victim else []}
        return super().history_view(request, object_id, extra_context=context)
