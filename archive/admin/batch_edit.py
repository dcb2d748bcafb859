"""The changelist's "Edit the selected…" action: one change made to every selected record, through
``archive.batch_editing``, each record's history saying who changed what."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.admin.actions import TrackedRecords, report_refusal
from archive.batch_editing import BatchChange, records_edit_in_bulk
from archive.models import Access, Place, Subject, Victim

UNCHANGED = ""
LEAVE = _("— leave as it is —")


def _choices(choices) -> list[tuple[str, str]]:
    return [(UNCHANGED, LEAVE), *choices]


class BatchEditForm(forms.Form):
    """Every field starts on "leave as it is"; only the fields a curator sets are changed. The fields offered are
    those of the model edited (``for_model``)."""

    PLACE_FIELDS = {"victim": "incident_place", "testimony": "recorded_place"}

    access = forms.ChoiceField(label=_("Access"), choices=_choices(Access.choices), required=False)
    embargo = forms.ChoiceField(
        label=_("Embargo"),
        choices=[(UNCHANGED, LEAVE), ("set", _("Embargo until the date below")), ("clear", _("No embargo"))],
        required=False,
    )
    embargo_until = forms.DateField(
        label=_("Embargo date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    content_warning = forms.ChoiceField(
        label=_("Content warning"),
        choices=[
            (UNCHANGED, LEAVE),
            ("on", _("Show their files behind a content warning")),
            ("off", _("Show their files without a content warning")),
        ],
        required=False,
    )
    note = forms.CharField(label=_("Why (kept in each record's history)"), required=False, max_length=300)

    def __init__(self, *args, model_name: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.model_name = model_name
        if model_name in self.PLACE_FIELDS:
            self.fields["place"] = forms.ModelChoiceField(
                label=_("Place of the incident") if model_name == "victim" else _("Place of recording"),
                queryset=Place.objects.all(),
                required=False,
                empty_label=LEAVE,
            )
        if model_name == "victim":
            self.fields["fate"] = forms.ChoiceField(
                label=_("Fate"), choices=_choices(Victim.Fate.choices), required=False
            )
        if model_name == "testimony":
            subjects = Subject.objects.all()
            self.fields["add_subjects"] = forms.ModelMultipleChoiceField(
                label=_("Add subjects"), queryset=subjects, required=False, widget=forms.CheckboxSelectMultiple
            )
            self.fields["remove_subjects"] = forms.ModelMultipleChoiceField(
                label=_("Remove subjects"), queryset=subjects, required=False, widget=forms.CheckboxSelectMultiple
            )
        self.order_fields(["place", "fate", "access", "embargo", "embargo_until", "add_subjects", "remove_subjects"])

    def clean(self) -> dict:
        data = super().clean()
        if data.get("embargo") == "set" and not data.get("embargo_until"):
            self.add_error("embargo_until", _("Give the date the embargo ends."))
        if set(data.get("add_subjects") or []) & set(data.get("remove_subjects") or []):
            self.add_error("remove_subjects", _("A subject cannot be both added and removed."))
        if not self.errors and self.change().is_empty:
            raise ValidationError(_("Choose at least one thing to change."), code="nothing_to_change")
        return data

    def change(self) -> BatchChange:
        data = self.cleaned_data
        values = {}
        if data.get("place"):
            values[self.PLACE_FIELDS[self.model_name]] = data["place"]
        if data.get("fate"):
            values["fate"] = data["fate"]
        if data.get("access"):
            values["access"] = data["access"]
        if data.get("embargo") == "set":
            values["embargo_until"] = data.get("embargo_until")
        elif data.get("embargo") == "clear":
            values["embargo_until"] = None
        warning = data.get("content_warning")
        return BatchChange(
            values=values,
            add_subjects=list(data.get("add_subjects") or []),
            remove_subjects=list(data.get("remove_subjects") or []),
            distressing={"on": True, "off": False}.get(warning),
            note=data.get("note", "").strip(),
        )


@admin.action(permissions=["change"], description=_("Edit the selected %(verbose_name_plural)s…"))
def edit_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
    opts = modeladmin.model._meta
    form = BatchEditForm(request.POST if "apply" in request.POST else None, model_name=opts.model_name)
    if form.is_valid():
        records = TrackedRecords(queryset)
        try:
            count = records_edit_in_bulk(records=records, change=form.change(), user=request.user)
        except ValidationError as error:
            report_refusal(modeladmin, request, records, error)
            return None
        modeladmin.message_user(request, gettext("Changed: %(count)d.") % {"count": count}, messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Edit %(count)d %(verbose_name_plural)s")
        % {"count": queryset.count(), "verbose_name_plural": opts.verbose_name_plural},
        "opts": opts,
        "form": form,
        "queryset": queryset,
        "action": "edit_selected",
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/archive/batch_edit.html", context)
