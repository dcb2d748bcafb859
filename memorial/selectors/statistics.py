"""Counts of the public victims for the statistics page, drawn as bar charts with the same data as tables.

Every figure is computed from ``Victim.objects.public()``: never a number typed in, never a hidden record.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from archive.models import Place, Victim
from archive.names import az_sort_key
from memorial.filters import age_is_within, with_age_bounds

# Age groups (youngest, oldest or None). A person counts in a group only when every age their dates
# allow lies in it; the others are counted apart, so the groups never add up to more than the whole.
AGE_GROUPS: list[tuple[int, int | None]] = [(0, 17), (18, 29), (30, 44), (45, 59), (60, None)]

# Chart geometry in SVG user units: the label above each bar, the count after it.
CHART_WIDTH, BAR_AREA, ROW_HEIGHT, BAR_HEIGHT = 600, 480, 44, 16


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    text_y: int
    bar_y: int
    width: float
    count_x: float


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    column: str
    bars: list[Bar]
    height: int

    @property
    def summary(self) -> str:
        """The chart in words, for screen readers (the table below says the same)."""
        return f"{self.title}: " + "; ".join(f"{bar.label} {bar.count}" for bar in self.bars)


def chart(key: str, title: str, column: str, rows: list[tuple[str, int]]) -> Chart:
    most = max((count for _label, count in rows), default=0) or 1
    bars = []
    for index, (label, count) in enumerate(rows):
        top = index * ROW_HEIGHT
        width = round(BAR_AREA * count / most, 1)
        bars.append(
            Bar(label=label, count=count, text_y=top + 14, bar_y=top + 20, width=width, count_x=round(width + 6, 1))
        )
    return Chart(key=key, title=title, column=column, bars=bars, height=max(len(rows), 1) * ROW_HEIGHT)


@dataclass
class Statistics:
    total: int
    charts: list[Chart]
    has_demo: bool


def _age_label(youngest: int, oldest: int | None) -> str:
    if youngest == 0 and oldest is not None:
        return str(_("Under %(age)s") % {"age": oldest + 1})
    if oldest is None:
        return str(_("%(age)s and over") % {"age": youngest})
    return f"{youngest}\N{EN DASH}{oldest}"


def statistics() -> Statistics:
    """Three queries: the victims counted by fate, gender and place at once (with the demo check), the names of
    those places, and the ages."""
    public = Victim.objects.public().order_by()
    fates: Counter[str] = Counter()
    genders: Counter[str] = Counter()
    at_place: Counter[int] = Counter()
    demo = 0
    # Gender first, having no index: by the fate or place index, SQLite would read the rows in random order.
    for row in public.values("gender", "fate", "incident_place_id").annotate(
        n=Count("pk"), demo=Count("pk", filter=Q(is_demo=True))
    ):
        fates[row["fate"]] += row["n"]
        genders[row["gender"]] += row["n"]
        if row["incident_place_id"] is not None:
            at_place[row["incident_place_id"]] += row["n"]
        demo += row["demo"]
    total = sum(fates.values())
    by_fate = [(str(label), fates[value]) for value, label in Victim.Fate.choices if fates[value]]

    places = Place.objects.filter(pk__in=list(at_place))
    by_place = sorted(
        ((str(place), at_place[place.pk]) for place in places), key=lambda row: (-row[1], az_sort_key(row[0]))
    )
    placed = sum(count for _label, count in by_place)
    if total - placed:
        by_place.append((str(_("Place not recorded")), total - placed))

    by_gender = [(str(label), genders[value]) for value, label in Victim.Gender.choices if genders[value]]
    if genders[""]:
        by_gender.append((str(_("Not recorded")), genders[""]))

    groups = {
        f"group_{index}": Count("pk", filter=age_is_within(youngest, oldest))
        for index, (youngest, oldest) in enumerate(AGE_GROUPS)
    }
    ages = with_age_bounds(public).aggregate(
        **groups, unknown=Count("pk", filter=Q(birth_earliest__isnull=True) | Q(death_earliest__isnull=True))
    )
    by_age = [
        (_age_label(youngest, oldest), ages[f"group_{index}"]) for index, (youngest, oldest) in enumerate(AGE_GROUPS)
    ]
    uncertain = total - ages["unknown"] - sum(count for _label, count in by_age)
    if uncertain:
        by_age.append((str(_("Age uncertain, spanning two groups")), uncertain))
    if ages["unknown"]:
        by_age.append((str(_("Age not known")), ages["unknown"]))

    return Statistics(
        total=total,
        charts=[
            chart("fate", str(_("By fate")), str(_("Fate")), by_fate),
            chart("place", str(_("By place of the incident")), str(_("Place")), by_place),
            chart("age", str(_("By age at death")), str(_("Age at death")), by_age),
            chart("gender", str(_("By gender")), str(_("Gender")), by_gender),
        ],
        has_demo=bool(demo),
    )
