"""What every archive admin shares: history with who and when, no reverting past the services, the demo badge."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from archive.admin.actions import PublicationAdminMixin
from archive.admin.history import ReadableHistoryMixin


class ArchiveAdminForm(forms.ModelForm):
    """Shows a model's error about a field the admin keeps read-only (e.g. status) on the form, not as a crash."""

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            placed: dict[str, list] = {}
            for field, field_errors in errors.error_dict.items():
                key = field if field == NON_FIELD_ERRORS or field in self.fields else NON_FIELD_ERRORS
                placed.setdefault(key, []).extend(field_errors)
            errors = ValidationError(placed)
        super()._update_errors(errors)


class ArchiveModelAdmin(ReadableHistoryMixin, SimpleHistoryAdmin):
    form = ArchiveAdminForm
    list_per_page = 50
    show_full_result_count = True

    def revert_disabled(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # A revert rewrites every field, status and publication dates included, around the services that
        # publish, withdraw and ingest; the history is for reading.
        return True

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description=_("demo"), ordering="is_demo")
    def demo_flag(self, obj: Model) -> str:
        if not obj.is_demo:
            return ""
        # Styled by memorial/static/memorial/admin.css: the Content Security Policy allows no style attribute.
        return format_html(
            '<strong class="demo-badge" title="{}">{}</strong>', gettext("Invented for demonstration"), gettext("DEMO")
        )


class PublishableAdmin(PublicationAdminMixin, ArchiveModelAdmin):
    """Victims, testimonies, documents and events: published and withdrawn by actions, never deleted."""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
