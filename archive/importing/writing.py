"""Writing the valid rows of an import file, a batch at a time, through the archive's bulk services."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.utils.text import slugify

from archive.importing.validation import ImportRow
from archive.models import NameVariant, Place, Victim
from archive.names import az_lower
from archive.services import places_create_in_bulk, victims_create_in_bulk

_SLUG_LETTERS = str.maketrans("əıöüğçş", "eiougcs")


def write_batch(
    rows: Sequence[ImportRow],
    *,
    places: PlaceFinder,
    reason: str,
    publish: bool,
    user: AbstractBaseUser | None = None,
) -> list[Victim]:
    """Create the victims of ``rows`` with their variants and any new places, in a handful of statements, each in
    its history as made by ``user`` (None: a command)."""
    victims, variants = [], []
    for row in rows:
        victim = row.victim()
        if row.place_name:
            victim.incident_place = places.find_or_add(row.place_name)
        victims.append(victim)
        variants += [NameVariant(victim=victim, name=name) for name in row.variants]
    places.create_added()
    return victims_create_in_bulk(victims=victims, variants=variants, user=user, reason=reason, publish=publish)


class PlaceFinder:
    """Finds a place by any of its names, ignoring case (by Azerbaijani rules too), or adds a new one.

    New places wait in ``create_added()`` to be written together, before the victims that name them.
    """

    def __init__(self, reason: str, *, user: AbstractBaseUser | None = None) -> None:
        self.reason = reason
        self.user = user
        self.created: list[Place] = []
        self._added: list[Place] = []
        self._by_key: dict[str, Place] = {}
        places = list(Place.objects.order_by("pk"))
        self._slugs = {place.slug for place in places}
        # Azerbaijani names first, so they win over another place's English or Russian name.
        for language in ("az", "en", "ru"):
            for place in places:
                self._remember(getattr(place, f"name_{language}"), place)

    def find_or_add(self, name: str) -> Place:
        for key in _place_keys(name):
            if key in self._by_key:
                return self._by_key[key]
        place = Place(name_az=name, slug=self._unique_slug(name))
        place.full_clean()
        self._slugs.add(place.slug)
        self._added.append(place)
        self._remember(name, place)
        return place

    def create_added(self) -> None:
        if self._added:
            self.created += places_create_in_bulk(places=self._added, user=self.user, reason=self.reason)
            self._added = []

    def _remember(self, name: str, place: Place) -> None:
        for key in _place_keys(name):
            self._by_key.setdefault(key, place)

    def _unique_slug(self, name: str) -> str:
        max_length = Place._meta.get_field("slug").max_length
        base = place_slug(name)[:max_length].strip("-")
        slug, number = base, 1
        while slug in self._slugs:
            number += 1
            suffix = f"-{number}"
            slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        return slug


def _place_keys(name: str) -> Iterable[str]:
    # SQLite's case-insensitive lookups know only ASCII, and str.lower() does not know Azerbaijani
    # (I → ı), so both lowercasings are compared in Python.
    normal = " ".join(name.split())
    return {key for key in (az_lower(normal), normal.lower()) if key}


def place_slug(name: str) -> str:
    """A slug for a place name: Azerbaijani letters made ASCII (ə → e, ş → s …), anything else dropped."""
    return slugify(az_lower(name).translate(_SLUG_LETTERS)) or "place"
