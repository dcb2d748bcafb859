"""Publish and withdraw, from the changelist (actions on the selected records) and from a record's own page
(buttons). Every path goes through archive.services, like every other caller, with the same permission."""

from __future__ import annotations

from collections.abc import Iterator

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from archive import services
from archive.kinds import KEYS

# Records with their own publish permission; any other publishable model (Event) needs change permission.
OWN_PUBLISH_PERMISSION = frozenset(KEYS)


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Kept with the record and in its history."),
    )

    public_note = forms.CharField(
        label=_("Public note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_(
            "Shown to visitors at the record's address, which stays (410 Gone) with its identifier, title and "
            "citation. Empty: “This record has been withdrawn from the public archive.”"
        ),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the records are withdrawn."), code="reason_required")
        return reason


class TrackedRecords:
    """Iterates a queryset and remembers the record in hand, so a refusal can name the record refused."""

    def __init__(self, queryset: QuerySet) -> None:
        self.queryset = queryset
        self.current: Model | None = None

    def __iter__(self) -> Iterator[Model]:
        for record in self.queryset:
            self.current = record
            yield record


def report_refusal(
    modeladmin: admin.ModelAdmin, request: HttpRequest, records: TrackedRecords, error: Exception
) -> None:
    text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    if records.current is not None:
        message = gettext("Nothing was changed. %(record)s: %(reason)s") % {"record": records.current, "reason": text}
    else:
        message = gettext("Nothing was changed: %(reason)s") % {"reason": text}
    modeladmin.message_user(request, message, messages.ERROR)


@admin.action(permissions=["publish"], description=_("Publish the selected %(verbose_name_plural)s"))
def publish_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    records = TrackedRecords(queryset)
    try:
        count = services.records_publish(records=records, user=request.user)
    except (PermissionDenied, ValidationError) as error:
        report_refusal(modeladmin, request, records, error)
        return
    modeladmin.message_user(request, gettext("Published: %(count)d.") % {"count": count}, messages.SUCCESS)


@admin.action(permissions=["publish"], description=_("Withdraw the selected %(verbose_name_plural)s…"))
def withdraw_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
    form = WithdrawalForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        records = TrackedRecords(queryset)
        try:
            count = services.records_withdraw(
                records=records,
                user=request.user,
                reason=form.cleaned_data["reason"],
                public_note=form.cleaned_data["public_note"],
            )
        except (PermissionDenied, ValidationError) as error:
            report_refusal(modeladmin, request, records, error)
            return None
        modeladmin.message_user(request, gettext("Withdrawn: %(count)d.") % {"count": count}, messages.SUCCESS)
        return None

    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Withdraw %(verbose_name_plural)s") % {"verbose_name_plural": opts.verbose_name_plural},
        "opts": opts,
        "form": form,
        "queryset": queryset,
        "action": "withdraw_selected",
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/archive/withdraw_confirmation.html", context)


class PublicationAdminMixin:
    """Publish and withdraw actions, and the same as buttons on a record's page, offered only to those who may
    publish this kind of record."""

    actions = [publish_selected, withdraw_selected]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        opts = self.opts
        if opts.model_name in OWN_PUBLISH_PERMISSION:
            return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")
        return self.has_change_permission(request)

    def get_urls(self) -> list:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        own = [
            path("<path:object_id>/publish/", self.admin_site.admin_view(self.publish_view), name=f"{name}_publish"),
            path("<path:object_id>/withdraw/", self.admin_site.admin_view(self.withdraw_view), name=f"{name}_withdraw"),
        ]
        return own + super().get_urls()

    def render_change_form(self, request: HttpRequest, context: dict, *args, obj: Model | None = None, **kwargs):
        may_publish = obj is not None and self.has_publish_permission(request)
        context["publication_buttons"] = {
            "publish": may_publish and obj.can_be_published,
            "withdraw": may_publish and obj.can_be_withdrawn,
        }
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def _record_for_publication(self, request: HttpRequest, object_id: str) -> Model:
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=object_id)

    def _back_to(self, record: Model) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[record.pk])
        )

    def publish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return require_POST(self._publish)(request, object_id)

    def _publish(self, request: HttpRequest, object_id: str) -> HttpResponse:
        record = self._record_for_publication(request, object_id)
        try:
            services.record_publish(record=record, user=request.user)
        except ValidationError as error:
            self.message_user(
                request, gettext("Not published: %(reason)s") % {"reason": "; ".join(error.messages)}, messages.ERROR
            )
        else:
            self.message_user(request, gettext("Published: %(record)s.") % {"record": record}, messages.SUCCESS)
        return self._back_to(record)

    def withdraw_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        record = self._record_for_publication(request, object_id)
        form = WithdrawalForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                services.record_withdraw(
                    record=record,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    public_note=form.cleaned_data["public_note"],
                )
            except ValidationError as error:
                message = gettext("Not withdrawn: %(reason)s") % {"reason": "; ".join(error.messages)}
                self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(request, gettext("Withdrawn: %(record)s.") % {"record": record}, messages.SUCCESS)
            return self._back_to(record)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Withdraw %(record)s") % {"record": record},
            "opts": self.opts,
            "original": record,
            "form": form,
            "queryset": [record],
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/archive/withdraw_confirmation.html", context)
