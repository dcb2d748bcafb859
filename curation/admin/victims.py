"""The victims' admin with the curation tools: the archive's own (``archive.admin.records.VictimAdmin``), plus
merging two selected victims, undoing a merge, and importing from a CSV file. Registered in its place: the archive
does not import curation."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.admin.records import VictimAdmin
from archive.models import Victim
from curation.admin.importing import import_preview_view, import_upload_view
from curation.admin.merging import merge_selected, undo_merge_view
from curation.models import MergeRecord


class CuratedVictimAdmin(VictimAdmin):
    actions = [*VictimAdmin.actions, merge_selected]
    # The archive's list (with its export button) and an "Import from CSV" button for those who may add victims.
    change_list_template = "admin/curation/victim_change_list.html"
    object_history_template = "admin/curation/victim_object_history.html"

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        own = [
            path("import/", view(self.import_upload), name="archive_victim_import"),
            path("import/<str:token>/", view(self.import_preview), name="archive_victim_import_preview"),
            path("<path:object_id>/undo-merge/", view(self.undo_merge), name="archive_victim_undo_merge"),
        ]
        return own + super().get_urls()

    def import_upload(self, request: HttpRequest) -> HttpResponse:
        return import_upload_view(self, request)

    def import_preview(self, request: HttpRequest, token: str) -> HttpResponse:
        return import_preview_view(self, request, token)

    def undo_merge(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return undo_merge_view(self, request, object_id)

    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None) -> HttpResponse:
        victim = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if victim is not None and (victim.is_merged or victim.merges_received.exists()):
            context["merges"] = merges_of(victim, may_undo=self.has_publish_permission(request))
        return super().history_view(request, object_id, extra_context=context)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # A merged record is read, not edited: what it held is now the kept record's. Undo the merge to edit it.
        if obj is not None and obj.is_merged:
            return False
        return super().has_change_permission(request, obj)

    def get_fieldsets(self, request: HttpRequest, obj: Victim | None = None) -> list:
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and (obj.is_merged or obj.merges_received.exists()):
            fieldsets.insert(1, (_("Merges"), {"fields": [self._merges_field(request)]}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Victim | None = None) -> list:
        return [*super().get_readonly_fields(request, obj), self._merges_field(request)]

    def _merges_field(self, request: HttpRequest):
        """The "merges" line of a record's page, made for this request: its undo links only for those who may."""
        field = getattr(request, "_curation_merges_field", None)
        if field is None:
            may_undo = self.has_publish_permission(request)

            def merges(obj: Victim) -> str:
                return merges_of(obj, may_undo=may_undo)

            merges.short_description = _("merges")
            field = request._curation_merges_field = merges
        return field


def merges_of(victim: Victim, *, may_undo: bool) -> str:
    """Where this record was merged, or which records were merged into it, each with its undo link."""
    lines = []
    for merge in MergeRecord.objects.filter(other=victim).select_related("kept", "merged_by")[:20]:
        lines.append(_merge_line(merge, gettext("Merged into %(record)s"), merge.kept, may_undo))
    for merge in MergeRecord.objects.filter(kept=victim).select_related("other", "merged_by")[:20]:
        lines.append(_merge_line(merge, gettext("%(record)s merged into this record"), merge.other, may_undo))
    return format_html("<ul class='merges'>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines)))


def _merge_line(merge: MergeRecord, words: str, record: Victim, may_undo: bool) -> str:
    link = format_html('<a href="{}">{}</a>', reverse("admin:archive_victim_change", args=[record.pk]), record)
    # The translated words escaped, the link built by format_html: nothing unescaped goes in.
    named = mark_safe(conditional_escape(words) % {"record": link})
    by = merge.merged_by or gettext("a command")
    text = format_html("{} — {}, {}: {}", named, date_format(merge.merged_at, "DATETIME_FORMAT"), by, merge.reason)
    if merge.is_undone:
        undone = gettext("undone %(when)s: %(reason)s") % {
            "when": date_format(merge.undone_at, "DATETIME_FORMAT"),
            "reason": merge.undo_reason,
        }
        return format_html("<s>{}</s> ({})", text, undone)
    if may_undo:
        undo = reverse("admin:archive_victim_undo_merge", args=[merge.other_id])
        return format_html('{} <a class="button" href="{}">{}</a>', text, undo, gettext("Undo this merge…"))
    return text


admin.site.unregister(Victim)
admin.site.register(Victim, CuratedVictimAdmin)
