"""The transcript editor's form: the testimony's segments as a formset (times typed as a clock or seconds, the
speaker as a role, a person's identifier or a label), the moment to split at, the caret, the version stamp, and
which button was pressed (``op``: ``save``, or ``split``, ``join``, ``delete`` with the row's number in the form).

It reads and checks what was typed; what the edit does is ``archive.transcript_editing``'s."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.admin.oralhistory import TimeField
from archive.models import SegmentTranslation, Testimony, TranscriptSegment, Victim
from archive.models.oralhistory import TRANSLATION_LANGUAGES
from archive.transcript_editing import Operation, Row, SegmentProblem, transcript_rows, transcript_version

_IDENTIFIER = re.compile(r"^V-?(\d{6})$")
_OPERATION = re.compile(r"^(split|join|delete):(\d{1,5})$")


class SegmentForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    start = TimeField(label=_("starts at"), help_text="")
    end = TimeField(label=_("ends at"), required=False, help_text="")
    speaker_role = forms.ChoiceField(label=_("speaker"), required=False)
    speaker_person = forms.CharField(
        label=_("person speaking"), required=False, max_length=20, widget=forms.TextInput(attrs={"size": 10})
    )
    speaker = forms.CharField(label=_("speaker's label"), required=False, max_length=100)
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 3, "cols": 70}))

    def __init__(self, *args, speakers: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker_role"].choices = speakers

    def clean_text(self) -> str:
        # A browser sends a textarea's lines with CRLF but counts the caret over LF: one newline, as the caret.
        return self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")

    def clean_speaker_person(self) -> str:
        value = self.cleaned_data["speaker_person"].strip().upper()
        if value and not (found := _IDENTIFIER.match(value)):
            raise forms.ValidationError(_("A person's identifier, such as V-000123."), code="identifier")
        return f"V-{found.group(1)}" if value else ""


class BaseSegmentFormSet(forms.BaseFormSet):
    def __init__(self, *args, testimony: Testimony, **kwargs) -> None:
        self.testimony = testimony
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        narrator = self.testimony.narrator_name or _("The narrator")
        interviewer = self.testimony.interviewer or _("The interviewer")
        speakers = [
            ("", "—"),
            (TranscriptSegment.Speaker.NARRATOR, _("Narrator: %s") % narrator),
            (TranscriptSegment.Speaker.INTERVIEWER, _("Interviewer: %s") % interviewer),
            (TranscriptSegment.Speaker.PERSON, TranscriptSegment.Speaker.PERSON.label),
            (TranscriptSegment.Speaker.OTHER, TranscriptSegment.Speaker.OTHER.label),
        ]
        return {"speakers": speakers}

    def clean(self) -> None:
        """The people named, in one query; an identifier the archive does not know is the row's error."""
        self.people: dict[str, Victim] = {}
        named = {form.cleaned_data.get("speaker_person") for form in self.forms if form.is_valid()} - {"", None}
        self.people = {victim.identifier: victim for victim in Victim.objects.filter(identifier__in=named)}
        for form in self.forms:
            identifier = form.cleaned_data.get("speaker_person") if form.is_valid() else ""
            if identifier and identifier not in self.people:
                form.add_error("speaker_person", _("No person in the archive has the identifier %s.") % identifier)


SegmentFormSet = forms.formset_factory(SegmentForm, formset=BaseSegmentFormSet, extra=1, max_num=5000)


class EditorForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, max_length=64)
    at = TimeField(
        label=_("Moment"),
        required=False,
        help_text=_("Where “Split” divides a segment (HH:MM:SS, MM:SS or seconds); empty: its middle."),
    )
    caret = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


@dataclass
class ShownRow:
    form: SegmentForm
    index: int  # the form's number in the formset, as the buttons name it
    number: int  # the segment's place on the page, from 1
    is_new: bool  # the blank row at the foot (or one the script added)
    person_name: str
    problems: list[str]
    translations: str = ""  # the languages it is translated into, named
    segment_url: str = ""  # its own admin page, which holds its translations
    machine_draft: bool = False  # written by a speech recognizer, its words not yet changed by a person


class TranscriptEditor:
    """The page's form: its formset of segments and its own fields, read into rows and an operation."""

    prefix = "segments"

    def __init__(self, testimony: Testimony, data: QueryDict | None = None) -> None:
        self.testimony = testimony
        self.problems: list[SegmentProblem] = []
        self._rows: dict[int, Row] = {}
        if data is None:
            rows = transcript_rows(testimony)
            people = dict(
                Victim.objects.filter(pk__in={row.person_id for row in rows} - {None}).values_list("pk", "identifier")
            )
            initial = [
                {
                    "id": row.pk,
                    "start": row.start,
                    "end": row.end,
                    "speaker_role": row.role,
                    "speaker_person": people.get(row.person_id, ""),
                    "speaker": row.label,
                    "text": row.text,
                }
                for row in rows
            ]
            self.formset = SegmentFormSet(initial=initial, prefix=self.prefix, testimony=testimony)
            self.form = EditorForm(initial={"version": transcript_version(testimony)})
        else:
            self.formset = SegmentFormSet(data, prefix=self.prefix, testimony=testimony)
            self.form = EditorForm(data)
        self.data = data

    def is_valid(self) -> bool:
        form_valid = self.form.is_valid()
        return self.formset.is_valid() and form_valid  # both checked, so every error is shown at once

    @property
    def version(self) -> str:
        return self.form.cleaned_data["version"]

    def rows(self) -> list[Row]:
        """The rows typed, in the form's order; a blank row left blank is no segment."""
        people = getattr(self.formset, "people", {})
        rows = []
        for index, form in enumerate(self.formset.forms):
            if index >= self.formset.initial_form_count() and not form.has_changed():
                continue
            data = form.cleaned_data
            person = people.get(data["speaker_person"])
            row = Row(
                data["id"],
                data["start"],
                data["end"],
                data["text"],
                data["speaker_role"],
                person.pk if person else None,
                data["speaker"].strip(),
            )
            self._rows[index] = row
            rows.append(row)
        return rows

    def operation(self) -> Operation:
        """What the pressed button asks; call after ``rows``."""
        found = _OPERATION.match((self.data or {}).get("op", "save"))
        if found is None:
            return Operation()
        return Operation(
            kind=found.group(1),
            row=self._rows.get(int(found.group(2))),  # None (a blank row, a tampered number): a plain save
            at=self.form.cleaned_data.get("at"),
            caret=self.form.cleaned_data.get("caret"),
        )

    def refuse(self, problems: list[SegmentProblem]) -> None:
        self.problems = problems

    def shown_rows(self) -> list[ShownRow]:
        forms_of = {id(row): index for index, row in self._rows.items()}
        by_form: dict[int, list[str]] = {}
        for problem in self.problems:
            if problem.row is not None and id(problem.row) in forms_of:
                by_form.setdefault(forms_of[id(problem.row)], []).append(problem.message)
        names = self._person_names()
        translated = self._translations()
        drafts = set(self.testimony.segments.filter(machine_draft=True).values_list("pk", flat=True))
        return [
            ShownRow(
                form=form,
                index=index,
                number=index + 1,
                is_new=index >= self.formset.initial_form_count(),
                person_name=names.get(form["speaker_person"].value() or "", ""),
                problems=by_form.get(index, []),
                machine_draft=_pk_of(form) in drafts,
                **translated.get(_pk_of(form), {}),
            )
            for index, form in enumerate(self.formset.forms)
        ]

    def _translations(self) -> dict[int, dict[str, str]]:
        """For each segment translated: the languages named, and the page where its translations are edited."""
        names = dict(TRANSLATION_LANGUAGES)
        languages: dict[int, list[str]] = {}
        for segment, code in SegmentTranslation.objects.filter(segment__testimony=self.testimony).values_list(
            "segment_id", "language"
        ):
            languages.setdefault(segment, []).append(str(names[code]))
        return {
            segment: {
                "translations": ", ".join(found),
                "segment_url": reverse("admin:archive_transcriptsegment_change", args=[segment]),
            }
            for segment, found in languages.items()
        }

    def _person_names(self) -> dict[str, str]:
        people = getattr(self.formset, "people", None)
        if people is None:
            named = {form["speaker_person"].value() for form in self.formset.forms} - {"", None}
            people = {victim.identifier: victim for victim in Victim.objects.filter(identifier__in=named)}
        return {identifier: victim.full_name for identifier, victim in people.items()}


def _pk_of(form: SegmentForm) -> int | None:
    """The stored segment a row is, as typed (a form sent back with errors holds what was sent)."""
    try:
        return int(form["id"].value())
    except (TypeError, ValueError):
        return None
