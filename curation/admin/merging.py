"""Merging two victims from the changelist, with a confirmation page showing both side by side and which values
survive, and undoing a merge from the merged record's page or its history. Both through ``curation.merging``, with
the permission to publish victims."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.models import Victim
from curation.merge_plan import merge_plan
from curation.merging import merge_undo, victims_merge
from curation.models import MergeRecord


class ReasonField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3, "cols": 60}))
        kwargs.setdefault("help_text", _("Kept in both records' history."))
        kwargs.setdefault("error_messages", {"required": _("Say why.")})
        super().__init__(**kwargs)

    def clean(self, value):
        value = " ".join((super().clean(value) or "").split())
        if not value:
            raise ValidationError(_("Say why."), code="reason_required")
        return value


class MergeForm(forms.Form):
    kept = forms.TypedChoiceField(label=_("Record kept"), coerce=int, widget=forms.RadioSelect)
    reason = ReasonField(label=_("Why are these one person?"))

    def __init__(self, *args, victims: list[Victim], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kept"].choices = [(victim.pk, f"{victim.identifier} {victim.full_name}") for victim in victims]


class UndoForm(forms.Form):
    reason = ReasonField(label=_("Why is the merge undone?"))


def default_kept(victims: list[Victim]) -> Victim:
    """The record to keep unless the curator chooses: the public one, else the one more material names, else the
    older (its identifier has been cited the longest)."""

    def weight(victim: Victim) -> tuple:
        return (not victim.is_public, -(victim.testimonies.count() + victim.documents.count()), victim.identifier)

    return min(victims, key=weight)


def _change_url(victim: Victim) -> str:
    return reverse("admin:archive_victim_change", args=[victim.pk])


@admin.action(permissions=["publish"], description=_("Merge the two selected victims…"))
def merge_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
    victims = list(queryset.select_related("merged_into", "incident_place", "burial_place").order_by("identifier")[:3])
    if len(victims) != 2:
        modeladmin.message_user(request, gettext("Select exactly two victims to merge."), messages.ERROR)
        return None
    chosen = request.POST.get("kept", "")
    kept = next((victim for victim in victims if str(victim.pk) == chosen), None) or default_kept(victims)
    other = victims[1] if kept is victims[0] else victims[0]
    try:
        plan = merge_plan(kept=kept, other=other)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return None
    if "apply" in request.POST:
        form = MergeForm(request.POST, victims=victims)
        if form.is_valid():
            return _merge(modeladmin, request, kept=kept, other=other, reason=form.cleaned_data["reason"])
    else:  # first shown, or shown again for another choice of the record kept ("show")
        form = MergeForm(victims=victims, initial={"kept": kept.pk, "reason": request.POST.get("reason", "")})
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Merge %(first)s and %(second)s") % {"first": victims[0], "second": victims[1]},
        "opts": opts,
        "form": form,
        "plan": plan,
        "victims": victims,
        "action": "merge_selected",
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/curation/merge_confirmation.html", context)


def _merge(modeladmin: admin.ModelAdmin, request: HttpRequest, *, kept: Victim, other: Victim, reason: str):
    try:
        victims_merge(kept=kept, other=other, user=request.user, reason=reason)
    except (PermissionDenied, ValidationError) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        modeladmin.message_user(request, gettext("Nothing was changed: %(reason)s") % {"reason": text}, messages.ERROR)
        return None
    modeladmin.message_user(
        request,
        gettext("%(other)s was merged into %(kept)s; its address now leads there.")
        % {"other": other.identifier, "kept": kept.identifier},
        messages.SUCCESS,
    )
    return HttpResponseRedirect(_change_url(kept))


def undo_merge_view(modeladmin: admin.ModelAdmin, request: HttpRequest, object_id: str) -> HttpResponse:
    """The merged record's "Undo this merge": what will go back, a reason, then ``merge_undo``."""
    if not modeladmin.has_publish_permission(request):
        raise PermissionDenied
    merge = get_object_or_404(
        MergeRecord.objects.select_related("kept", "other", "merged_by"), other_id=object_id, undone_at__isnull=True
    )
    form = UndoForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            merge_undo(merge=merge, user=request.user, reason=form.cleaned_data["reason"])
        except (PermissionDenied, ValidationError) as error:
            text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            modeladmin.message_user(
                request, gettext("Nothing was changed: %(reason)s") % {"reason": text}, messages.ERROR
            )
        else:
            modeladmin.message_user(
                request,
                gettext("The merge of %(other)s into %(kept)s is undone.")
                % {"other": merge.other.identifier, "kept": merge.kept.identifier},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(_change_url(merge.other))
    moved = merge.moved
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Undo the merge of %(other)s into %(kept)s")
        % {"other": merge.other.identifier, "kept": merge.kept.identifier},
        "opts": modeladmin.model._meta,
        "original": merge.other,
        "merge": merge,
        "going_back": {
            "testimonies": len(moved.get("testimonies", [])) + len(moved.get("testimonies_shared", [])),
            "documents": len(moved.get("documents", [])) + len(moved.get("documents_shared", [])),
            "media": len(moved.get("media", [])),
            "variants": len(moved.get("variants", [])),
            "variants_created": len(moved.get("variants_created", [])),
            "sources": len(moved.get("sources_removed", [])),
            "fields": len(moved.get("fields", {})),
        },
        "form": form,
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/curation/undo_merge.html", context)
