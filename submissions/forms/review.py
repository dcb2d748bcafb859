"""Forms of the review page: each action carries the submission's ``version``, so of two staff acting at once
the second is told."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from archive.models import Victim
from submissions.inputs import PersonDecision
from submissions.models import Submission, SubmissionPerson
from submissions.selectors import reviewing_staff


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class QuestionForm(ActionForm):
    question = forms.CharField(
        label=_("Question to the family"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(ActionForm):
    text = forms.CharField(
        label=_("Internal note (staff only)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeclineForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason (the family will read it)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SpamForm(ActionForm):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class AssignForm(ActionForm):
    """Hand the submission to a reviewer or curator (the service checks that they review)."""

    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewing_staff()
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class LinkVictimForm(ActionForm):
    victim = forms.ModelChoiceField(queryset=Victim.objects.all(), to_field_name="identifier")
    # Empty for the first person; one of the other people otherwise (the service checks it is this submission's).
    person = forms.ModelChoiceField(queryset=SubmissionPerson.objects.all(), required=False)


class AcceptForm(ActionForm):
    NEW = "new"
    NONE = "none"

    person = forms.CharField(label=_("Person"), initial=NONE)
    title = forms.CharField(label=_("Title of the testimony"), required=False, max_length=300)
    files = forms.ModelMultipleChoiceField(
        label=_("Files to take into the records"),
        queryset=None,
        required=False,
        to_field_name="key",
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args, submission: Submission, likely: dict[int, list] | None = None, **kwargs) -> None:
        """``likely``: the likely matches of each other person (by its pk), offered as choices too, so accepting
        does not make a new record of someone the archive already holds."""
        super().__init__(*args, **kwargs)
        self.fields["files"].queryset = submission.files.filter(purged_at__isnull=True)
        self.fields["files"].label_from_instance = lambda row: " · ".join(
            filter(None, [row.original_name, row.caption, row.get_kind_display()])
        )
        self.others = list(submission.others.select_related("victim", "linked_victim"))
        likely = likely or {}
        for person in self.others:
            self.fields[self.other_field(person)] = forms.ChoiceField(
                label=person.new_person_name or person.person_name or str(person.victim),
                choices=self._choices_for(person, [match.victim for match in likely.get(person.pk, [])]),
                initial=(person.linked_victim or person.victim).identifier
                if (person.linked_victim or person.victim)
                else self.NONE,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def other_field(person: SubmissionPerson) -> str:
        return f"other_{person.pk}"

    def _choices_for(self, person: SubmissionPerson, likely: list[Victim]) -> list[tuple[str, str]]:
        chosen = dict.fromkeys(filter(None, [person.linked_victim, person.victim]))
        choices = [(victim.identifier, str(victim)) for victim in chosen]
        choices += [
            (
                victim.identifier,
                _("%(victim)s (%(identifier)s), a likely match") % {"victim": victim, "identifier": victim.identifier},
            )
            for victim in likely[:3]
            if victim not in chosen
        ]
        if person.new_surname or person.person_name:
            choices.append((self.NEW, _("Create a new victim record from the description")))
        return [*choices, (self.NONE, _("No victim"))]

    @property
    def other_fields(self) -> list:
        """The bound radio groups of the other people, for the template to loop over."""
        return [self[self.other_field(person)] for person in self.others]

    def decisions(self) -> list[PersonDecision]:
        decisions = []
        for person in self.others:
            value = self.cleaned_data[self.other_field(person)]
            victim = Victim.objects.filter(identifier=value).first() if value not in (self.NEW, self.NONE) else None
            decisions.append(PersonDecision(person=person, victim=victim, create=value == self.NEW))
        return decisions

    def clean_person(self) -> str:
        value = self.cleaned_data["person"]
        if value in (self.NEW, self.NONE):
            return value
        if not Victim.objects.filter(identifier=value).exists():
            raise ValidationError(_("Choose a victim from the list."))
        return value

    def victim(self) -> Victim | None:
        value = self.cleaned_data["person"]
        return Victim.objects.get(identifier=value) if value not in (self.NEW, self.NONE) else None
