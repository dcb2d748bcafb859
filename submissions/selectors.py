"""Reads that views and services share: who reviews, what is due for purge, the review queue and its filters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import django_filters
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from archive.roles import CURATORS, REVIEWERS
from preservation import selectors as preservation
from remembrance import selectors as remembrance
from remembrance.models import MODERATE_PERMISSION
from requests_desk import selectors as desk
from submissions.models import PendingUpload, Submission, normalise_reference


def reviewing_staff() -> QuerySet:
    """Who may be assigned a submission: the active members of the Reviewers and Curators groups."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=[REVIEWERS, CURATORS], is_active=True)
        .distinct()
        .order_by("username")
    )


def reviewer_emails() -> list[str]:
    """Where a new submission is announced: the active Reviewers with an address."""
    users = get_user_model().objects.filter(groups__name=REVIEWERS, is_active=True).exclude(email="")
    return sorted({user.email for user in users})


def spam_due_for_purge(*, days: int | None = None) -> list[Submission]:
    days = settings.SUBMISSION_SPAM_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return list(
        Submission.objects.filter(state=Submission.State.SPAM, closed_at__lte=cutoff, files__purged_at__isnull=True)
        .exclude(files__file="")
        .distinct()
    )


def pending_uploads_due(*, hours: float | None = None) -> QuerySet[PendingUpload]:
    """Pending files older than ``SUBMISSION_PENDING_UPLOAD_HOURS``: their forms were never sent again."""
    hours = settings.SUBMISSION_PENDING_UPLOAD_HOURS if hours is None else hours
    return PendingUpload.objects.filter(created_at__lte=timezone.now() - datetime.timedelta(hours=hours))


def pending_uploads_due_for_purge(*, hours: float | None = None) -> list[PendingUpload]:
    return list(pending_uploads_due(hours=hours))


OPEN = "open"
ALL = "all"


# The lists of "My work" (``my_work``), each also a filter of the queue (``?focus=``).
WAITING_LONG = "waiting_long"
DRAFTS = "drafts"
FOCUSES = {
    WAITING_LONG: lambda queryset: queryset.waiting_long(),
    DRAFTS: lambda queryset: queryset.with_draft_records(),
}


class SubmissionQueueFilter(django_filters.FilterSet):
    """The review queue's filters, as they stand in its URL: ``state`` (a state, ``open`` or ``all``), ``mine``
    (assigned to the user looking), ``reference`` (in any spelling a family reads it out) and ``focus`` (one of the
    lists of "My work": ``FOCUSES``)."""

    state = django_filters.CharFilter(method="filter_state")
    mine = django_filters.CharFilter(method="filter_mine")
    reference = django_filters.CharFilter(method="filter_reference")
    focus = django_filters.CharFilter(method="filter_focus")

    class Meta:
        model = Submission
        fields: list[str] = []

    def __init__(self, data: QueryDict, *, user: AbstractBaseUser) -> None:
        data = data.copy()
        if "state" not in data:
            data["state"] = OPEN
        super().__init__(data, queryset=Submission.objects.queue().select_related("assigned_to"))
        self.user = user

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == OPEN:
            return queryset.filter(state__in=Submission.OPEN_STATES)
        if value in Submission.State.values:
            return queryset.filter(state=value)
        return queryset

    def filter_mine(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(assigned_to=self.user)

    def filter_reference(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(reference=normalise_reference(value))

    def filter_focus(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return FOCUSES[value](queryset) if value in FOCUSES else queryset

    def value(self, name: str) -> str:
        return (self.form.cleaned_data.get(name) or "") if self.is_valid() else ""

    def state_counts(self) -> dict[str, int]:
        """How many submissions each state holds under the other filters, so each count says what its link shows."""
        queryset = Submission.objects.all()
        for name in ("mine", "reference", "focus"):
            if value := self.value(name):
                queryset = self.filters[name].filter(queryset, value)
        return dict(queryset.values_list("state").annotate(n=Count("pk")).order_by())


@dataclass(frozen=True)
class WorkList:
    """One list of "My work": how many, the first few, and the queue showing them all."""

    count: int
    first: list  # submissions, corrections or access requests
    query: str  # the queue's filters that show the whole list, or the address of the desk's list that does

    @property
    def has_more(self) -> bool:
        return self.count > len(self.first)


@dataclass(frozen=True)
class MyWork:
    assigned: WorkList  # open submissions assigned to this person
    waiting_long: WorkList  # waiting for the family's answer too long
    drafts: WorkList  # accepted, with records that could be published still drafts
    # What the public asks of the archive (requests_desk): its lists link to the desk's own pages.
    corrections_mine: WorkList  # open corrections assigned to this person
    corrections_new: WorkList  # corrections no one has taken on
    access_new: WorkList  # access requests waiting for a curator's decision
    # Visitors' messages of remembrance waiting for a curator (remembrance); None for staff who do not decide on them.
    remembrance: WorkList | None = None
    # Stored files whose latest fixity check failed or found them missing (preservation); None for staff who do not
    # read the checks.
    fixity: WorkList | None = None


def my_work(user: AbstractBaseUser, *, shown: int = 5) -> MyWork:
    """What waits for ``user``, for the top of the review queue. Two queries a list."""
    queue = Submission.objects.queue().select_related("assigned_to")

    def work_list(queryset: QuerySet, query: str) -> WorkList:
        return WorkList(count=queryset.count(), first=list(queryset[:shown]), query=query)

    corrections = reverse("requests_desk:corrections")
    return MyWork(
        assigned=work_list(queue.filter(assigned_to=user, state__in=Submission.OPEN_STATES), "?state=open&mine=1"),
        waiting_long=work_list(queue.waiting_long(), f"?state={Submission.State.WAITING}&focus={WAITING_LONG}"),
        drafts=work_list(queue.with_draft_records(), f"?state={Submission.State.ACCEPTED}&focus={DRAFTS}"),
        corrections_mine=work_list(desk.corrections_assigned_to(user), f"{corrections}?state=open&mine=1"),
        corrections_new=work_list(desk.new_corrections(), f"{corrections}?state=new"),
        access_new=work_list(desk.new_access_requests(), reverse("requests_desk:access_requests") + "?state=new"),
        remembrance=(
            work_list(remembrance.waiting(), reverse("remembrance:review_queue"))
            if user.has_perm(MODERATE_PERMISSION)
            else None
        ),
        fixity=(
            work_list(
                preservation.files_failing_fixity(),
                reverse("admin:preservation_fixitycheck_changelist") + "?outcome__in=fail,missing",
            )
            if user.has_perm(preservation.VIEW_PERMISSION)
            else None
        ),
    )
