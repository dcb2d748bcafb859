"""Whom a testimony is about: a victim of the archive by number, or a name, or a new person described. Used by
the public form (the first person and the other people's rows) and the status page (a person added later)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from archive.models import Victim, parse_identifier
from search.selectors import Suggestion
from submissions.inputs import PersonDetails
from submissions.models import MAX_OTHER_PEOPLE

OTHER_PEOPLE_SLOTS = 2  # rows shown for more people; empty ones are ignored, so the form works without JavaScript
# With JavaScript, "Add another person" adds rows up to MAX_OTHER_PEOPLE (the formset refuses more); without it,
# more people are added afterwards on the status page (AddPersonForm).
PERSON_FIELDS = [
    "victim", "person_name", "new_surname", "new_given_name", "new_patronymic",
    "new_birth_date", "new_death_date", "new_fate", "new_place",
]  # fmt: skip


class VictimField(forms.CharField):
    """A public victim by permanent identifier (``V-000123``), never a list of them: the archive holds up to a
    million names. With JavaScript the "Name of the person" combobox (victim-picker.js, fed by the search
    suggestions) fills it in; without, it comes from a victim's page (``/submit/?victim=V-000123``) or is typed."""

    default_error_messages = {
        "unknown": _(
            "No published person in the archive has the number %(identifier)s. Check the number, or leave it "
            "empty and write the name: we will find the person."
        ),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            # Not kept across pages by keep-answers.js: a choice must be made, and seen, on the page that sends it.
            forms.TextInput(
                attrs={
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "autocapitalize": "characters",
                    "data-not-kept": "",
                }
            ),
        )
        super().__init__(**kwargs)

    @staticmethod
    def normalise(value: str) -> str:
        """``v-123``, ``V000123`` and ``V-000123`` are the same identifier."""
        return parse_identifier(value, prefixes="V") or (value or "").strip().upper()

    @staticmethod
    def find(identifier: str) -> Victim | None:
        """The public victim with this identifier, or None (drafts and withdrawn records alike: never revealed). A
        merged record's identifier, cited before the merge, finds the record kept in its place."""
        identifier = VictimField.normalise(identifier)
        if not identifier:
            return None
        public = Victim.objects.public().select_related("incident_place")
        return public.filter(identifier=identifier).first() or public.kept_in_place_of(identifier)

    def clean(self, value) -> Victim | None:
        value = super().clean(value)
        if not value:
            return None
        victim = self.find(value)
        if victim is None:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"identifier": self.normalise(value)}
            )
        return victim

    def prepare_value(self, value):
        return value.identifier if isinstance(value, Victim) else value

    def has_changed(self, initial, data) -> bool:
        return self.normalise(self.prepare_value(initial) or "") != self.normalise(data or "")


class PersonForm(forms.Form):
    """Whom the testimony is about: chosen from the archive, or a name in any spelling, or a new person described."""

    victim = VictimField(
        label=_("The person's number in the archive, if you know it"),
        required=False,
        help_text=_(
            "It is on the person's page in the archive, e.g. V-000123. Leave it empty if you do not know it: "
            "the name is enough."
        ),
    )
    person_name = forms.CharField(
        label=_("Name of the person"),
        required=False,
        max_length=300,
        help_text=_("As you know it, in any spelling. We will find them in the archive."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    new_surname = forms.CharField(label=_("Surname"), required=False, max_length=100)
    new_given_name = forms.CharField(label=_("Given name"), required=False, max_length=100)
    new_patronymic = forms.CharField(label=_("Patronymic (father's name)"), required=False, max_length=100)
    new_birth_date = forms.CharField(
        label=_("Date of birth"), required=False, max_length=40, help_text=_("As much as you know: 1965, or 1965-03.")
    )
    new_death_date = forms.CharField(label=_("Date of death or of what happened"), required=False, max_length=40)
    new_fate = forms.ChoiceField(
        label=_("What happened to them"), required=False, choices=[("", "—"), *Victim.Fate.choices]
    )
    new_place = forms.CharField(label=_("Where it happened"), required=False, max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._prechosen: Victim | None = None
        if not self.is_bound and (wanted := self.initial.get("victim")):
            # From a victim's page (?victim=V-000123). Anything but a public victim is dropped without a word:
            # the form must not tell whether a draft or a withdrawn record has that number.
            victim = VictimField.find(wanted.identifier if isinstance(wanted, Victim) else str(wanted))
            if victim is None:
                self.initial.pop("victim")
            else:
                self._prechosen = victim
                self.initial["victim"] = victim.identifier
                self.initial.setdefault("person_name", victim.full_name)

    @property
    def chosen(self) -> Suggestion | None:
        """The person chosen from the archive, as "is this the person?" shows them (name, dates, place, link)."""
        victim = getattr(self, "cleaned_data", {}).get("victim") if self.is_bound else self._prechosen
        return Suggestion.of(victim) if victim is not None else None

    def person(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(victim=data.get("victim"), **{name: data.get(name) or "" for name in PERSON_FIELDS[1:]})


class OtherPersonForm(PersonForm):
    """One more person the testimony is about; an empty row is ignored."""

    def clean(self):
        cleaned = super().clean()
        described = any(cleaned.get(name) for name in PERSON_FIELDS[3:])
        named = cleaned.get("victim") or cleaned.get("person_name") or cleaned.get("new_surname")
        if described and not named:
            self.add_error("new_surname", _("Give this person's name, or choose them from the archive."))
        return cleaned


class BaseOtherPeopleFormSet(forms.BaseFormSet):
    summary_anchor = "more-people"  # where the page's error summary links this formset's own errors
    default_error_messages = {
        "too_many_forms": _("This form takes at most %(num)d more people. Write about the others in your testimony."),
    }

    @property
    def full_message(self) -> str:
        """What "Add another person" says once the form holds as many people as it takes."""
        return self.error_messages["too_many_forms"] % {"num": self.max_num}

    def people(self) -> list[PersonDetails]:
        found = [form.person() for form in self.forms if form.is_valid()]
        return [person for person in found if not person.is_empty]


def other_people_formset(extra: int = OTHER_PEOPLE_SLOTS):
    return forms.formset_factory(
        OtherPersonForm,
        formset=BaseOtherPeopleFormSet,
        extra=extra,
        max_num=MAX_OTHER_PEOPLE,
        absolute_max=MAX_OTHER_PEOPLE,
        validate_max=True,
    )
