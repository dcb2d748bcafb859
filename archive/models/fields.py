"""Fields for partial dates: the text as written, and day bounds derived from it when saved."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from archive.dates import PartialDate, PartialDateError, parse_partial_date


def validate_partial_date(value: str) -> None:
    try:
        parse_partial_date(value)
    except PartialDateError as error:
        raise ValidationError(str(error), code="invalid_partial_date") from error


class PartialDateField(models.CharField):
    """A date as known: "1965", "1990-01", "1948~" (circa), "1990-01-20". Stored normalised."""

    default_validators = [validate_partial_date]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("blank", True)
        kwargs.setdefault(
            "help_text",
            _("As known: 1965, 1990-01, 1990-01-20; “circa 1948” or 1948~ if approximate, 1948? if uncertain."),
        )
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname) or ""
        try:
            parsed = parse_partial_date(value)
        except PartialDateError:
            return value  # full_clean reports it; a raw save keeps the text as written
        normal = parsed.text if parsed else ""
        setattr(model_instance, self.attname, normal)
        return normal

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "archive.models.fields.PartialDateField", args, kwargs


class DateBoundField(models.DateField):
    """The earliest or latest possible day of a sibling PartialDateField, kept for sorting and filtering."""

    BOUND_WORDS = {"earliest": _("earliest possible day"), "latest": _("latest possible day")}

    def __init__(self, *args, source: str = "", bound: str = "earliest", **kwargs):
        self.source, self.bound = source, bound
        # Named after its source ("date of birth — earliest possible day") unless given a name: in every language,
        # and without a migration each time the source's name changes.
        self.named_after_source = not args and "verbose_name" not in kwargs
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if self.named_after_source:
            # Read when shown: the model's fields are not all known while the class is being built.
            source_name = lazy(lambda: str(self.model._meta.get_field(self.source).verbose_name), str)()
            self.verbose_name = format_lazy("{} — {}", source_name, self.BOUND_WORDS[self.bound])

    def pre_save(self, model_instance, add):
        parsed = partial_date_of(model_instance, self.source)
        value = getattr(parsed, self.bound) if parsed else None
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, bound=self.bound)
        if self.named_after_source:
            kwargs.pop("verbose_name", None)
        return name, "archive.models.fields.DateBoundField", args, kwargs


def partial_date_of(instance: models.Model, field_name: str) -> PartialDate | None:
    try:
        return parse_partial_date(getattr(instance, field_name))
    except PartialDateError:
        return None
