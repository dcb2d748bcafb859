"""Forms of the review page: each action carries the submission's ``version``, so of two staff acting at once
the second is told."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.models import Status, Victim
from submissions.inputs import PersonDecision
from submissions.matching import Match
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


class PersonChoiceField(forms.ChoiceField):
    """A person's victim: one of the choices offered, or any victim record not withdrawn (one the reviewer found
    by its identifier). The service decides what "new" and "none" do."""

    def valid_value(self, value: str) -> bool:
        return (
            super().valid_value(value)
            or Victim.objects.exclude(status=Status.WITHDRAWN).filter(identifier=value).exists()
        )


class AcceptForm(ActionForm):
    """What to make of the submission. Each person the submission speaks of (the first, ``person``, and the
    others, ``other_<pk>``) is linked to a victim, to a new record made from the family's description, or to no
    one. The choice starts on the victim already linked or chosen by the family, else on a strong likely match
    (``strong``), which the form says; "no victim" is never the silent default while a strong match exists.
    A victim already linked to another person of the submission is not offered again."""

    NEW = "new"
    NONE = "none"

    title = forms.CharField(
        label=_("Title of the testimony"),
        required=False,
        max_length=300,
        help_text=_("Left empty, the title is made in Azerbaijani from the names: “… haqqında ifadə”."),
    )
    files = forms.ModelMultipleChoiceField(
        label=_("Files to take into the records"),
        queryset=None,
        required=False,
        to_field_name="key",
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    publish = forms.BooleanField(required=False, widget=forms.HiddenInput)  # set by the "accept and publish" button

    def __init__(
        self,
        *args,
        submission: Submission,
        likely: dict[str, list[Match]] | None = None,
        strong: dict[str, Match] | None = None,
        **kwargs,
    ) -> None:
        """``likely`` and ``strong``: each person's likely matches and strong match, by the person's field name."""
        super().__init__(*args, **kwargs)
        self.fields["files"].queryset = submission.files.filter(purged_at__isnull=True)
        self.fields["files"].label_from_instance = lambda row: " · ".join(
            filter(None, [row.original_name, row.caption, row.get_kind_display()])
        )
        self.others = list(submission.others.select_related("victim", "linked_victim"))
        self.people = [("person", submission), *((self.other_field(person), person) for person in self.others)]
        likely, strong = likely or {}, strong or {}
        # The victim each person is linked to, or else the one the family chose for them.
        linked = {name: person.linked_victim or person.victim for name, person in self.people}
        self.strong_matches = {}
        for name, person in self.people:
            taken = {victim for other, victim in linked.items() if other != name and victim}
            field_strong = strong.get(name)
            if field_strong is not None and (field_strong.victim in taken or person.linked_victim or person.victim):
                field_strong = None
            choices, initial = self._choices_for(person, likely.get(name, []), field_strong, taken)
            self.fields[name] = PersonChoiceField(
                label=person.new_person_name or person.person_name or str(person.victim or _("The person")),
                choices=choices,
                initial=initial,
                widget=forms.RadioSelect,
            )
            if field_strong is not None:
                self.strong_matches[name] = field_strong
        self.order_fields(["version", *(name for name, _person in self.people)])

    @staticmethod
    def other_field(person: SubmissionPerson) -> str:
        return f"other_{person.pk}"

    def _choices_for(
        self, person, likely: list[Match], strong: Match | None, taken: set[Victim]
    ) -> tuple[list[tuple[str, str]], str]:
        chosen = [victim for victim in dict.fromkeys([person.linked_victim, person.victim]) if victim]
        choices = [(victim.identifier, str(victim)) for victim in chosen]
        if strong is not None:
            choices.append((strong.victim.identifier, strong_label(strong)))
        choices += [
            (
                match.victim.identifier,
                _("%(victim)s, a likely match: %(why)s") % {"victim": match.victim, "why": match_reasons(match)},
            )
            for match in likely[:3]
            if match.victim not in chosen
            and match.victim not in taken
            and match is not strong
            and (strong is None or match.victim != strong.victim)
        ]
        if person.new_surname or person.person_name:
            choices.append((self.NEW, _("Create a new victim record from the description")))
        choices.append((self.NONE, _("No victim")))
        initial = chosen[0].identifier if chosen else (strong.victim.identifier if strong else self.NONE)
        return choices, initial

    @property
    def person_fields(self) -> list:
        """The bound radio groups of every person, the first one first, for the template to loop over."""
        return [self[name] for name, _person in self.people]

    def victim_for(self, name: str) -> Victim | None:
        value = self.cleaned_data[name]
        if value in (self.NEW, self.NONE):
            return None
        return Victim.objects.get(identifier=value)

    def victim(self) -> Victim | None:
        return self.victim_for("person")

    def creates_victim(self) -> bool:
        return self.cleaned_data["person"] == self.NEW

    def decisions(self) -> list[PersonDecision]:
        return [
            PersonDecision(
                person=person,
                victim=self.victim_for(self.other_field(person)),
                create=self.cleaned_data[self.other_field(person)] == self.NEW,
            )
            for person in self.others
        ]


def match_reasons(match: Match) -> str:
    return ", ".join(str(reason) for reason in match.reasons)


def strong_label(match: Match) -> str:
    return _("%(victim)s — a strong match (%(why)s), chosen for you: check it") % {
        "victim": match.victim,
        "why": match_reasons(match),
    }
