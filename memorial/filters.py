"""The filters of the public lists. Each lives in the URL (a GET form) and combines with the others.

A filter on an uncertain value keeps a record when the value *can* meet it: someone born "1948~" who died
in January 1990 may have been 41 or 42, so they are among both "aged 40 to 41" and "aged 42 to 50".
"""

from __future__ import annotations

from datetime import date

import django_filters
from django.db.models import F, Func, IntegerField, Q, QuerySet, TextField
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, ExtractDay, ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from archive.kinds import DOCUMENT, TESTIMONY, RecordKind
from archive.models import Document, Testimony, Victim
from archive.models.records import LANGUAGE_CHOICES
from archive.names import AZ_ALPHABET, az_lower, az_upper

# The letters of the A–Z jump, in alphabetical order, as a reader writes them (capitals; I and İ differ).
AZ_LETTERS = [az_upper(letter) for letter in AZ_ALPHABET]


def letter_prefix(letter: str) -> str:
    """The start of ``sort_key`` shared by every surname beginning with ``letter`` (see ``archive.names``)."""
    index = AZ_ALPHABET.index(az_lower(letter))
    return f"1{index:02d}"


class DayNumber(Func):
    """A date as the number YYYYMMDD: the difference of two is at least N×10000 exactly when N full years
    separate them, which lets both SQLite and PostgreSQL compare ages without date arithmetic.

    The number is the same on every database; only how it is worked out differs, in this one place. Through
    Django's year, month and day extraction it costs a Python call per part and row on SQLite (half a second
    for the statistics of 10,000 people) and numeric arithmetic on PostgreSQL, so each has a cheaper form.
    """

    output_field = IntegerField()

    def __init__(self, field: str) -> None:
        super().__init__(F(field))

    def as_sql(self, compiler, connection, **extra_context):  # any other database: Django's own extraction
        (field,) = self.get_source_expressions()
        number = ExtractYear(field) * 10000 + ExtractMonth(field) * 100 + ExtractDay(field)
        return compiler.compile(number.resolve_expression(compiler.query))

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite keeps a date as its ISO text, "1990-01-20": without the dashes, the number itself.
        template = "CAST(REPLACE(%(expressions)s, '-', '') AS INTEGER)"
        return super().as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = (
            "CAST(DATE_PART('year', %(expressions)s) * 10000 + DATE_PART('month', %(expressions)s) * 100"
            " + DATE_PART('day', %(expressions)s) AS INTEGER)"
        )
        return super().as_sql(compiler, connection, template=template, **extra_context)


def day_number(field: str) -> Combinable:
    """``field`` as the number YYYYMMDD (see ``DayNumber``)."""
    return DayNumber(field)


def with_age_bounds(queryset: QuerySet[Victim]) -> QuerySet[Victim]:
    """Alias the youngest and oldest possible age at death, as YYYYMMDD differences (see ``day_number``).

    The age filters and the statistics need it on the queryset they start from."""
    return queryset.alias(
        age_span_youngest=day_number("death_earliest") - day_number("birth_latest"),
        age_span_oldest=day_number("death_latest") - day_number("birth_earliest"),
    )


def age_can_be_at_least(years: int) -> Q:
    return Q(birth_earliest__isnull=False, death_latest__isnull=False, age_span_oldest__gte=years * 10000)


def age_can_be_at_most(years: int) -> Q:
    return Q(birth_latest__isnull=False, death_earliest__isnull=False, age_span_youngest__lt=(years + 1) * 10000)


def age_is_within(youngest: int, oldest: int | None) -> Q:
    """Every possible age lies in [youngest, oldest] (``None``: no upper limit). For counting, not filtering."""
    condition = Q(birth_latest__isnull=False, death_earliest__isnull=False, age_span_youngest__gte=youngest * 10000)
    if oldest is not None:
        condition &= Q(age_span_oldest__lt=(oldest + 1) * 10000)
    return condition


def _year_choices() -> list[tuple[int, str]]:
    return [(year, str(year)) for year in range(date.today().year, 1799, -1)]


class VictimFilter(django_filters.FilterSet):
    """Filters a queryset that went through ``with_age_bounds``."""

    letter = django_filters.ChoiceFilter(
        label=_("Surname begins with"), choices=[(letter, letter) for letter in AZ_LETTERS], method="filter_letter"
    )
    fate = django_filters.ChoiceFilter(label=_("Fate"), choices=Victim.Fate.choices)
    place = django_filters.CharFilter(label=_("Place of the incident"), field_name="incident_place__slug")
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Victim.Gender.choices)
    age_min = django_filters.NumberFilter(label=_("Age from"), method="filter_age_min")
    age_max = django_filters.NumberFilter(label=_("Age to"), method="filter_age_max")
    died_from = django_filters.DateFilter(label=_("Died from"), method="filter_died_from")
    died_to = django_filters.DateFilter(label=_("Died to"), method="filter_died_to")

    class Meta:
        model = Victim
        fields: list[str] = []

    def filter_letter(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(sort_key__startswith=letter_prefix(value))

    def filter_age_min(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(age_can_be_at_least(int(value)))

    def filter_age_max(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(age_can_be_at_most(int(value)))

    def filter_died_from(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(death_latest__gte=value)

    def filter_died_to(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(death_earliest__lte=value)


class TestimonyFilter(django_filters.FilterSet):
    """Needs the ``has_audio``, ``has_video`` and ``has_public_media`` annotations (see the selectors)."""

    class Kind:
        AUDIO, VIDEO, WRITTEN = "audio", "video", "written"
        choices = [(AUDIO, _("Audio recording")), (VIDEO, _("Video recording")), (WRITTEN, _("Written account"))]

    language = django_filters.ChoiceFilter(label=_("Language"), choices=LANGUAGE_CHOICES, method="filter_language")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices, method="filter_kind")
    year = django_filters.TypedChoiceFilter(
        label=_("Year recorded"), choices=_year_choices, coerce=int, method="filter_year"
    )
    media = django_filters.BooleanFilter(label=_("Recording or files to open"), field_name="has_public_media")

    class Meta:
        model = Testimony
        fields: list[str] = []

    def filter_language(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.alias(languages_text=languages_text()).filter(language_q(value))

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(kind_q(value))

    def filter_year(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(year_q(TESTIMONY, value))


def languages_text() -> Cast:
    # JSON containment is not available on SQLite; the list as text ('["az", "ru"]') is the same on both.
    return Cast("languages", TextField())


def language_q(code: str) -> Q:
    return Q(languages_text__contains=f'"{code}"')


def kind_q(kind: str) -> Q:
    if kind == TestimonyFilter.Kind.AUDIO:
        return Q(has_audio=True)
    if kind == TestimonyFilter.Kind.VIDEO:
        return Q(has_video=True)
    return Q(has_audio=False, has_video=False)


def year_q(kind: RecordKind, year: int) -> Q:
    """The record's date (its earliest … latest possible day) can fall in ``year``."""
    return Q(**{f"{kind.earliest_field}__lte": date(year, 12, 31), f"{kind.latest_field}__gte": date(year, 1, 1)})


class DocumentFilter(django_filters.FilterSet):
    """Needs the ``has_public_media`` annotation (see the selectors)."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Document.Kind.choices)
    year = django_filters.TypedChoiceFilter(label=_("Year"), choices=_year_choices, coerce=int, method="filter_year")
    media = django_filters.BooleanFilter(label=_("Scans or files to open"), field_name="has_public_media")

    class Meta:
        model = Document
        fields: list[str] = []

    def filter_year(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(year_q(DOCUMENT, value))
