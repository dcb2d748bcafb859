"""The family's private status page. The link they receive (``/submissions/<token>/``) is only a way in: it puts the
token's fingerprint in the session and leads on to the page's own address, which carries the reference alone, so
the token stays out of access logs, Referer headers and browser history from then on."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from archive.models import Document, Testimony
from submissions import services
from submissions.abuse import rate_limited
from submissions.forms import AddPersonForm, AnswerForm, FamilyConsentForm, WithdrawForm, file_formset
from submissions.models import Submission, TransitionRefused, hash_token
from submissions.views.public import (
    SAVE_FAILED,
    STATUS_MISS_LIMIT,
    STATUS_POST_LIMIT,
    _private,
    _streaming_uploads,
    _too_many,
)

logger = logging.getLogger(__name__)
# reference → fingerprint of the status link followed in this browser: one family may have sent several submissions.
SESSION_KEY = "submission_status_links"


def remember_status_link(request: HttpRequest, submission: Submission, token: str) -> None:
    # The fingerprint, not the token: a copy of the session table must not hold keys that outlive the session.
    links = dict(request.session.get(SESSION_KEY, {}))
    links[submission.reference] = hash_token(token)
    request.session[SESSION_KEY] = links


def remembered_submission(request: HttpRequest, reference: str) -> Submission | None:
    """The submission whose status link was followed in this browser, while that link is still its current one."""
    fingerprint = request.session.get(SESSION_KEY, {}).get(reference)
    if not fingerprint:
        return None
    submission = Submission.objects.by_fingerprint(reference=reference, fingerprint=fingerprint)
    if submission is None:  # the link was replaced: forget it
        links = dict(request.session[SESSION_KEY])
        del links[reference]
        request.session[SESSION_KEY] = links
    return submission


def _not_working(request: HttpRequest) -> HttpResponse:
    # Guessing is hopeless (256 bits), but a flood of guesses is still slowed down.
    if rate_limited(request, "status-miss", STATUS_MISS_LIMIT):
        return _too_many(request)
    # Still a 404, but a family whose old link was replaced is told where to get a new one.
    return _private(render(request, "submissions/link_not_working.html", status=404))


@require_safe
def status_link(request: HttpRequest, token: str) -> HttpResponse:
    submission = Submission.objects.by_token(token)
    if submission is None:
        return _not_working(request)
    remember_status_link(request, submission, token)
    response = _private(redirect("submissions:status_page", reference=submission.reference))
    # Not even same-origin: the next request's Referer would carry the token into this site's own access log.
    response["Referrer-Policy"] = "no-referrer"
    return response


@transaction.non_atomic_requests  # as submit: the family's change runs in its own transaction, after the upload
@csrf_exempt  # checked by _status, after the streaming upload handler is in place
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, reference: str) -> HttpResponse:
    if request.method == "POST" and rate_limited(request, "status", STATUS_POST_LIMIT):
        return _too_many(request)
    submission = remembered_submission(request, reference)
    if submission is None:
        # The reference is not secret: without the link followed in this browser, the page is as unknown as a
        # wrong link.
        return _not_working(request)
    return _private(_status(request, submission=submission))


@_streaming_uploads
def _status(request: HttpRequest, *, submission: Submission) -> HttpResponse:
    Files = file_formset(extra=2)
    forms = {
        "answer": AnswerForm(prefix="answer"),
        "files": Files(prefix="files"),
        "consent": FamilyConsentForm(
            prefix="consent",
            initial={
                "consent": submission.consent,
                "pseudonym": submission.pseudonym,
                "media_consent": "yes" if submission.media_consent else "no",
            },
        ),
        "withdraw": WithdrawForm(prefix="withdraw"),
        "person": AddPersonForm(prefix="person"),
    }
    error = ""
    refusals: list[str] = []
    code = 200
    if request.method == "POST":
        # Reading the post takes the upload in: outside the transaction, and before the handler's refusals exist.
        action = request.POST.get("action")
        refusals = getattr(request, "submission_upload_refusals", [])
        try:
            with transaction.atomic():
                invalid = _family_action(request, action, submission, Files, refusals)
        except TransitionRefused as refused:
            error = refused.message
            code = 409 if error else 400
        except (DatabaseError, OSError):
            logger.exception("A family's change could not be saved")
            error, code = str(SAVE_FAILED), 503
        else:
            if invalid is None:
                return redirect(request.path + "#top")
            forms.update(invalid)  # shown again with their errors
            code = 400
    submission.refresh_from_db()
    return render(
        request,
        "submissions/status.html",
        {
            "submission": submission,
            "published": _published_records(submission),
            "messages_for_family": submission.messages.exclude(kind="note"),
            "files_sent": submission.files.all(),
            "answer": forms["answer"],
            "files": forms["files"],
            "consent_form": forms["consent"],
            "withdraw": forms["withdraw"],
            "person_form": forms["person"],
            "error": error,
            "refusals": refusals,
            "max_files": settings.SUBMISSION_MAX_FILES,
            "others": submission.others.select_related("victim"),
        },
        status=code,
    )


def _published_records(submission: Submission) -> list:
    """The records made from the submission that the public can see now (publication can be undone)."""
    records = []
    if submission.testimony_id:
        records.extend(Testimony.objects.public().filter(pk=submission.testimony_id))
    records.extend(Document.objects.public().filter(pk__in=submission.documents.values("pk")).order_by("identifier"))
    return records


@dataclass(frozen=True)
class FamilyAction:
    """One form of the status page: the forms it binds, by name, and the service that answers it."""

    bind: Callable[[HttpRequest, type[BaseFormSet]], dict[str, Any]]
    act: Callable[[Submission, dict[str, Any]], object]
    takes_files: bool = False  # refused when the upload handler dropped a file


def _bind_answer(request: HttpRequest, files: type[BaseFormSet]) -> dict[str, Any]:
    return {
        "answer": AnswerForm(request.POST, prefix="answer"),
        "files": files(request.POST, request.FILES, prefix="files"),
    }


def _answer(submission: Submission, forms: dict[str, Any]) -> object:
    return services.submission_family_answer(
        submission=submission, text=forms["answer"].cleaned_data["text"], files=forms["files"].incoming()
    )


def _change_consent(submission: Submission, forms: dict[str, Any]) -> object:
    data = forms["consent"].cleaned_data
    return services.submission_change_consent(
        submission=submission,
        consent=data["consent"],
        media_consent=data["media_consent"],
        pseudonym=data["pseudonym"],
    )


# Services are looked up when called, so a test that replaces ``services.<name>`` replaces it here too.
FAMILY_ACTIONS = {
    "answer": FamilyAction(_bind_answer, _answer, takes_files=True),
    "files": FamilyAction(_bind_answer, _answer, takes_files=True),
    "consent": FamilyAction(
        lambda request, _files: {"consent": FamilyConsentForm(request.POST, prefix="consent")}, _change_consent
    ),
    "person": FamilyAction(
        lambda request, _files: {"person": AddPersonForm(request.POST, prefix="person")},
        lambda submission, forms: services.submission_add_person(
            submission=submission, person=forms["person"].person()
        ),
    ),
    "withdraw": FamilyAction(
        lambda request, _files: {"withdraw": WithdrawForm(request.POST, prefix="withdraw")},
        lambda submission, forms: services.submission_withdraw(
            submission=submission, reason=forms["withdraw"].cleaned_data["reason"]
        ),
    ),
}


def _family_action(
    request: HttpRequest, action: str | None, submission: Submission, files: type[BaseFormSet], refusals: list[str]
) -> dict[str, Any] | None:
    """None when done; the action's bound forms when one of them has errors."""
    entry = FAMILY_ACTIONS.get(action or "")
    if entry is None:
        raise TransitionRefused(gettext("Unknown action."))
    bound = entry.bind(request, files)
    if not all(form.is_valid() for form in bound.values()) or (entry.takes_files and refusals):
        return bound
    entry.act(submission, bound)
    return None
