"""Failed background tasks in the admin: read, retried or dismissed by staff, never edited or deleted."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from archive.jobs import failed_task_dismiss, failed_task_retry
from archive.models import FailedTask


class UnresolvedFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", _("Not yet retried or dismissed"))]

    def queryset(self, request, queryset):
        return queryset.unresolved() if self.value() == "yes" else queryset


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    list_display = ["task_name", "short_error", "attempts", "failed_at", "resolution", "resolved_by"]
    list_filter = [UnresolvedFilter, "resolution", "task_name"]
    search_fields = ["task_name", "error"]
    date_hierarchy = "failed_at"
    actions = ["retry", "dismiss"]
    fields = [
        "task_name",
        "task_id",
        "shown_arguments",
        "error",
        "traceback",
        "attempts",
        "failed_at",
        "resolution",
        "resolved_at",
        "resolved_by",
    ]
    readonly_fields = fields

    @admin.display(description=_("error"))
    def short_error(self, obj: FailedTask) -> str:
        return obj.short_error

    @admin.display(description=_("arguments"))
    def shown_arguments(self, obj: FailedTask) -> str:
        if obj.arguments_private:
            return gettext("Kept for a retry, not shown: they hold a family's private link.")
        return ", ".join([*map(repr, obj.arguments), *(f"{k}={v!r}" for k, v in obj.keyword_arguments.items())])

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: FailedTask | None = None) -> bool:
        return False

    @admin.action(description=_("Run the selected tasks again"), permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet[FailedTask]) -> None:
        retried = unknown = 0
        for failed in queryset.unresolved():
            if failed_task_retry(failed=failed, user=request.user):
                retried += 1
            else:
                unknown += 1
        self.message_user(
            request,
            ngettext("%(count)d task is run again.", "%(count)d tasks are run again.", retried) % {"count": retried},
        )
        if unknown:
            self.message_user(
                request,
                ngettext(
                    "%(count)d task no longer exists and was not run.",
                    "%(count)d tasks no longer exist and were not run.",
                    unknown,
                )
                % {"count": unknown},
                messages.WARNING,
            )

    @admin.action(description=_("Dismiss the selected failures"), permissions=["change"])
    def dismiss(self, request: HttpRequest, queryset: QuerySet[FailedTask]) -> None:
        count = 0
        for failed in queryset.unresolved():
            failed_task_dismiss(failed=failed, user=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d failure dismissed.", "%(count)d failures dismissed.", count) % {"count": count},
        )
