"""The staff side: the queue, one submission side by side with its files, and the actions on it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from archive.views import serve_stored_file
from submissions import services
from submissions.forms import (
    AcceptForm,
    ActionForm,
    AssignForm,
    DeclineForm,
    LinkVictimForm,
    NoteForm,
    QuestionForm,
    SpamForm,
)
from submissions.matching import Match, likely_victims, strong_among
from submissions.models import REVIEW_PERMISSION, Submission, SubmissionFile, TransitionRefused
from submissions.selectors import ALL, OPEN, SubmissionQueueFilter, my_work

logger = logging.getLogger(__name__)
PAGE_SIZE = 50


def _staff(view):
    return login_required(permission_required(REVIEW_PERMISSION, raise_exception=True)(view))


def _queue_url(filters: dict[str, str], **changes: str | int | None) -> str:
    """The queue with every active filter kept, ``changes`` applied (None drops one)."""
    query = {**filters, **changes}
    return "?" + urlencode({name: value for name, value in query.items() if value not in (None, "")})


@_staff
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    filters = SubmissionQueueFilter(request.GET, user=request.user)
    counts = filters.state_counts()
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    state, mine, reference = filters.value("state"), bool(filters.value("mine")), filters.value("reference")
    focus = filters.value("focus")
    kept = {"state": state, "mine": "1" if mine else None, "reference": reference, "focus": focus}
    choices = [
        (OPEN, gettext("Open"), sum(counts.get(value, 0) for value in Submission.OPEN_STATES)),
        *((value, label, counts.get(value, 0)) for value, label in Submission.State.choices),
        (ALL, gettext("All"), sum(counts.values())),
    ]
    return render(
        request,
        "submissions/review/queue.html",
        {
            "page": page,
            "states": [
                {"value": value, "label": label, "count": count, "url": _queue_url(kept, state=value)}
                for value, label, count in choices
            ],
            "previous_url": _queue_url(kept, page=page.previous_page_number()) if page.has_previous() else "",
            "next_url": _queue_url(kept, page=page.next_page_number()) if page.has_next() else "",
            "state": state,
            "mine": mine,
            "reference": reference,
            "focus": focus,
            "work": my_work(request.user),
        },
    )


@dataclass(frozen=True)
class ReviewAction:
    """One form of the review page: the form that reads it and the service that answers it, given the form's
    cleaned data, the arguments every action shares (submission, user, version) and the request."""

    form: type[forms.Form]
    act: Callable[[forms.Form, dict[str, Any], HttpRequest], object]
    scores_people: bool = False  # the form offers each person's likely matches


def _assign(form: forms.Form, common: dict[str, Any], request: HttpRequest) -> object:
    return services.submission_assign(
        **common,
        assignee=form.cleaned_data["assignee"],
        review_url=request.build_absolute_uri(common["submission"].get_review_url()),
    )


def _ask(form: forms.Form, common: dict[str, Any], request: HttpRequest) -> object:
    # The mail and the text are in the family's language, and so are the pages they point to.
    with translation.override(common["submission"].language):
        lost_link_url = request.build_absolute_uri(reverse("submissions:lost_link"))
        lost_link_phone_url = request.build_absolute_uri(reverse("submissions:lost_link_text"))
    return services.submission_ask_family(
        **common,
        question=form.cleaned_data["question"],
        lost_link_url=lost_link_url,
        lost_link_phone_url=lost_link_phone_url,
    )


def _accept(form: forms.Form, common: dict[str, Any], request: HttpRequest) -> object:
    data = form.cleaned_data
    return services.submission_accept(
        **common,
        victim=form.victim(),
        create_victim=form.creates_victim(),
        title=data["title"],
        files=list(data["files"]),
        note=data["note"],
        others=form.decisions(),
        publish=data["publish"],
    )


# Services are looked up when called, so a test that replaces ``services.<name>`` replaces it here too.
ACTIONS = {
    "claim": ReviewAction(ActionForm, lambda form, common, request: services.submission_claim(**common)),
    "assign": ReviewAction(AssignForm, _assign),
    "ask": ReviewAction(QuestionForm, _ask),
    "note": ReviewAction(
        NoteForm, lambda form, common, request: services.submission_note(**common, text=form.cleaned_data["text"])
    ),
    "decline": ReviewAction(
        DeclineForm,
        lambda form, common, request: services.submission_decline(**common, reason=form.cleaned_data["reason"]),
    ),
    "spam": ReviewAction(
        SpamForm,
        lambda form, common, request: services.submission_mark_spam(**common, note=form.cleaned_data["note"]),
    ),
    "link": ReviewAction(
        LinkVictimForm,
        lambda form, common, request: services.submission_link_victim(
            **common, victim=form.cleaned_data["victim"], person=form.cleaned_data["person"]
        ),
    ),
    "accept": ReviewAction(AcceptForm, _accept, scores_people=True),
}


@_staff
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    submission = get_object_or_404(Submission.objects.select_related("victim", "assigned_to"), reference=reference)
    bound = {}
    code = 200
    scores = None  # each person's likely matches: scored once per request, for the page and the accept form
    if request.method == "POST":
        name = request.POST.get("action", "")
        action = ACTIONS.get(name)
        if action is None:
            raise Http404
        scoring = {}
        if action.scores_people:
            scores = PeopleScores.of(submission)
            scoring = {"submission": submission, "likely": scores.likely, "strong": scores.strong}
        form = action.form(request.POST, **scoring)
        if form.is_valid():
            common = {"submission": submission, "user": request.user, "expected_version": form.cleaned_data["version"]}
            try:
                action.act(form, common, request)
            except TransitionRefused as refused:
                messages.error(request, refused.message)
                return redirect(submission.get_review_url())
            except (DatabaseError, OSError):
                # A storage fault (copying files into the archive) is rolled back like a database one.
                logger.exception("A review action on %s could not be saved", submission.reference)
                messages.error(request, gettext("The change could not be saved. Nothing was changed; try again."))
                return redirect(submission.get_review_url())
            messages.success(request, gettext("Done."))
            return redirect(submission.get_review_url())
        bound[name] = form
        code = 400
    initial = {"version": submission.version}
    if scores is None:
        scores = PeopleScores.of(submission)
    others = [
        {"person": person, "matches": scores.likely.get(AcceptForm.other_field(person), [])}
        for person in submission.others.select_related("victim", "linked_victim")
    ]
    forms = {
        "ask": QuestionForm(initial=initial),
        "note": NoteForm(initial=initial),
        "decline": DeclineForm(initial=initial),
        "spam": SpamForm(initial=initial),
        "assign": AssignForm(initial={**initial, "assignee": submission.assigned_to_id}),
        "accept": AcceptForm(
            likely=scores.likely,
            strong=scores.strong,
            initial={**initial, "files": [row.key for row in submission.files.filter(purged_at__isnull=True)]},
            submission=submission,
        ),
        **bound,
    }
    return render(
        request,
        "submissions/review/detail.html",
        {
            "submission": submission,
            "files_sent": submission.files.all(),
            "thread": submission.messages.select_related("author"),
            "events": submission.events.select_related("user"),
            "matches": scores.likely.get("person", []),
            "others": others,
            "forms": forms,
            "may_publish": services.may_publish_accepted(request.user),
        },
        status=code,
    )


@dataclass(frozen=True)
class PeopleScores:
    """Each person's likely matches and strong match, by the person's field of the accept form."""

    likely: dict[str, list[Match]]
    strong: dict[str, Match]

    @classmethod
    def of(cls, submission: Submission) -> PeopleScores:
        if not submission.can(Submission.Action.LINK_VICTIM):
            return cls({}, {})
        people = [("person", submission), *((AcceptForm.other_field(p), p) for p in submission.others.all())]
        likely = {name: likely_victims(person) for name, person in people}
        strong = {name: match for name, matches in likely.items() if (match := strong_among(matches))}
        return cls(likely, strong)


def _visible_file(request: HttpRequest, key: UUID) -> SubmissionFile:
    """Staff with the permission only; anyone else gets 404, as if the file did not exist."""
    if not request.user.has_perm("submissions.view_submissionfile"):
        raise Http404
    row = SubmissionFile.objects.filter(key=key, purged_at__isnull=True).exclude(file="").first()
    if row is None:
        raise Http404
    return row


@require_safe
def submission_file(request: HttpRequest, key: UUID) -> HttpResponse:
    row = _visible_file(request, key)
    extension = row.file.name.rsplit(".", 1)[-1]
    return serve_stored_file(
        request,
        row.file,
        row.content_type,
        filename=f"{row.submission.reference}-{row.key.hex[:8]}.{extension}",
        public=False,
        etag=f'"{row.sha256}"',
    )


@require_safe
def submission_thumbnail(request: HttpRequest, key: UUID) -> HttpResponse:
    row = _visible_file(request, key)
    if not row.thumbnail:
        raise Http404
    return serve_stored_file(
        request,
        row.thumbnail,
        "image/jpeg",
        filename=f"{row.submission.reference}-{row.key.hex[:8]}-thumbnail.jpg",
        public=False,
        etag=f'"{row.sha256[:32]}-thumbnail"',
    )
