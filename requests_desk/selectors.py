"""Reads for the desk's pages: the public record a form is about, the staff lists and "My work", a grant's files."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, QuerySet

from archive.kinds import by_model, by_plural
from archive.models import Access, Document, MediaFile, Testimony, Victim
from archive.roles import CURATORS, REVIEWERS
from requests_desk.models import AccessGrant, AccessRequest, Correction, normalise_reference

Record = Victim | Testimony | Document

OPEN = "open"
ALL = "all"


def public_record(plural: str, identifier: str) -> Record | None:
    """The public record at ``/<plural>/<identifier>/``, through the one publication rule; None for any other (a draft,
    a withdrawn or private record, an identifier of another kind, an unknown kind)."""
    try:
        kind = by_plural(plural)
    except KeyError:
        return None
    return kind.model.objects.public().filter(identifier=identifier).first()


def files_closed(record: Record) -> bool:
    """Whether the record's files are closed to the public and may be asked for: "metadata only", not yet opened."""
    return record.access == Access.METADATA and not record.shows_media


def handling_staff() -> QuerySet:
    """Whom a correction may be assigned to: the active Reviewers and Curators."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=[REVIEWERS, CURATORS], is_active=True)
        .distinct()
        .order_by("username")
    )


# --- the staff lists ---------------------------------------------------------------------------------------------


def corrections_queue(*, state: str, user: AbstractBaseUser, mine: bool = False, reference: str = "") -> QuerySet:
    """Corrections in ``state`` (a state, ``open`` or ``all``), oldest first; only ``user``'s with ``mine``."""
    queryset = _filtered(Correction.objects.queue(), mine=mine, user=user, reference=reference)
    return _in_state(queryset, state, Correction)


def correction_counts(*, user: AbstractBaseUser, mine: bool = False, reference: str = "") -> dict[str, int]:
    """How many corrections each state holds under the other filters, so each count says what its link shows."""
    queryset = _filtered(Correction.objects.all(), mine=mine, user=user, reference=reference)
    return dict(queryset.values_list("state").annotate(n=Count("pk")).order_by())


def access_queue(*, state: str, reference: str = "") -> QuerySet:
    return _in_state(_filtered(AccessRequest.objects.queue(), reference=reference), state, AccessRequest)


def access_counts(*, reference: str = "") -> dict[str, int]:
    queryset = _filtered(AccessRequest.objects.all(), reference=reference)
    return dict(queryset.values_list("state").annotate(n=Count("pk")).order_by())


def _filtered(
    queryset: QuerySet, *, mine: bool = False, user: AbstractBaseUser | None = None, reference: str = ""
) -> QuerySet:
    if mine and user is not None:
        queryset = queryset.filter(assigned_to=user)
    if reference:
        queryset = queryset.filter(reference=normalise_reference(reference))
    return queryset


def _in_state(queryset: QuerySet, state: str, model: type[Correction | AccessRequest]) -> QuerySet:
    if state == OPEN:
        return queryset.filter(state__in=model.OPEN_STATES)
    if state in model.State.values:
        return queryset.filter(state=state)
    return queryset


# --- "My work" (submissions.selectors.my_work shows these lists at the top of /review/) ------------------------------


def new_corrections() -> QuerySet:
    """Corrections no one has taken on yet."""
    return Correction.objects.queue().filter(state=Correction.State.NEW)


def corrections_assigned_to(user: AbstractBaseUser) -> QuerySet:
    """Open corrections assigned to ``user``."""
    return Correction.objects.queue().filter(state__in=Correction.OPEN_STATES, assigned_to=user)


def new_access_requests() -> QuerySet:
    """Access requests waiting for a curator's decision."""
    return AccessRequest.objects.queue().filter(state=AccessRequest.State.NEW)


# --- a grant's page and files ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenGrant:
    """A grant that opens its record's files now, with the record and those files."""

    grant: AccessGrant
    record: Record
    files: list[MediaFile]


def open_grant(grant: AccessGrant) -> OpenGrant | None:
    """What ``grant`` opens, if it still works: not withdrawn, not expired, and its record still public (a record
    withdrawn or made private since closes its files to everyone). Files withheld on their own (the family did
    not allow them to be shown) and files not yet processed stay closed whatever the grant."""
    access_request = grant.request
    if not grant.is_valid or access_request.state != AccessRequest.State.GRANTED:
        return None
    kind = by_model(access_request.record)
    record = kind.model.objects.public().filter(pk=access_request.record.pk).first()
    if record is None:
        return None
    files = list(MediaFile.objects.not_withheld().filter(**{kind.media_field: record}).order_by("order", "pk"))
    return OpenGrant(grant=grant, record=record, files=files)
