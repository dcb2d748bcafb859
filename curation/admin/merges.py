"""The list of merges: which record went into which, who merged it and why, and whether it was undone. Read-only:
merges are made from the victims' list and undone from the merged record's page, through ``curation.merging``."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from curation.models import MergeRecord


@admin.register(MergeRecord)
class MergeRecordAdmin(admin.ModelAdmin):
    list_display = ["merged_at", "other", "kept", "merged_by", "reason", "state"]
    list_select_related = ["other", "kept", "merged_by"]
    search_fields = ["other__identifier", "kept__identifier", "reason"]
    date_hierarchy = "merged_at"
    fields = ["other", "kept", "reason", "merged_at", "merged_by", "undone_at", "undone_by", "undo_reason", "state"]
    readonly_fields = fields

    # Whoever may read victims may read their merges; no one edits or deletes one here.
    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.has_perm("archive.view_victim")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    @admin.display(description=_("state"))
    def state(self, merge: MergeRecord) -> str:
        """Undone, or in force with a link to the merged record's page, where it is undone."""
        if merge.is_undone:
            return gettext("undone")
        url = reverse("admin:archive_victim_change", args=[merge.other_id])
        return format_html('{} · <a href="{}">{}</a>', gettext("in force"), url, merge.other.identifier)
