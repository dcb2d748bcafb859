"""Fixity checks and audits in the admin, to read only: checks are evidence, kept as they were written."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from preservation.models import AuditRun, FixityCheck


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(FixityCheck)
class FixityCheckAdmin(ReadOnlyAdmin):
    list_display = ["checked_at", "outcome", "kind", "path", "record_identifier", "agent", "run"]
    list_filter = ["outcome", "kind", "agent", "checked_at"]
    search_fields = ["path", "record_identifier", "=media_key", "=expected_sha256", "=computed_sha256"]
    date_hierarchy = "checked_at"
    list_select_related = ["run"]
    fields = [
        "outcome",
        "kind",
        "path",
        "record_identifier",
        "media_key",
        "media_file",
        "submission_file",
        "expected_sha256",
        "computed_sha256",
        "checked_at",
        "agent",
        "software",
        "run",
    ]
    readonly_fields = fields


@admin.register(AuditRun)
class AuditRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "agent", "checked", "problems"]
    list_filter = ["agent"]
    fields = ["started_at", "finished_at", "agent", "checked", "problems", "last_kind", "last_pk"]
    readonly_fields = fields
