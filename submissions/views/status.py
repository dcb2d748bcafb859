"""The family's private status page. The link they receive (``/submissions/<token>/``) is only a way in: it puts the
token's fingerprint in the session and leads on to the page's own address, which carries the reference alone, so
the token stays out of access logs, Referer headers and browser history from then on."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
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
    answer = AnswerForm(prefix="answer")
    files = Files(prefix="files")
    consent = FamilyConsentForm(
        prefix="consent",
        initial={
            "consent": submission.consent,
            "pseudonym": submission.pseudonym,
            "media_consent": "yes" if submission.media_consent else "no",
        },
    )
    withdraw = WithdrawForm(prefix="withdraw")
    person = AddPersonForm(prefix="person")
    error = ""
    refusals: list[str] = []
    code = 200
    if request.method == "POST":
        action = request.POST.get("action")
        refusals = getattr(request, "submission_upload_refusals", [])
        try:
            with transaction.atomic():
                done = _family_action(request, action, submission, answer_files=Files, refusals=refusals)
        except TransitionRefused as refused:
            error = refused.message
            done = None
        except (DatabaseError, OSError):
            logger.exception("A family's change could not be saved")
            error, done, code = str(SAVE_FAILED), None, 503
        if isinstance(done, tuple):  # a form with errors, shown again
            _name, bound = done
            answer, files, consent, withdraw, person = (
                bound.get("answer", answer),
                bound.get("files", files),
                bound.get("consent", consent),
                bound.get("withdraw", withdraw),
                bound.get("person", person),
            )
            code = 400
        elif done:
            return redirect(request.path + "#top")
        elif code != 503:
            code = 409 if error else 400
    submission.refresh_from_db()
    state_label, state_meaning = FAMILY_STATES[submission.state]
    return render(
        request,
        "submissions/status.html",
        {
            "submission": submission,
            "state_label": state_label,
            "state_meaning": state_meaning,
            "published": _published_records(submission),
            "error_summary": _error_summary(
                error=error, refusals=refusals, forms=[answer, files, person, consent, withdraw]
            ),
            "messages_for_family": submission.messages.exclude(kind="note"),
            "files_sent": submission.files.all(),
            "answer": answer,
            "files": files,
            "consent_form": consent,
            "withdraw": withdraw,
            "person_form": person,
            "error": error,
            "refusals": refusals,
            "max_files": settings.SUBMISSION_MAX_FILES,
            "others": submission.others.select_related("victim"),
        },
        status=code,
    )


# What each state means for the family, in their words. Spam is "closed" to them: the internal name is for staff.
FAMILY_STATES = {
    Submission.State.NEW: (
        _("Received"),
        _("The archive has received what you sent. A member of its staff will read it soon."),
    ),
    Submission.State.IN_REVIEW: (
        _("Being read"),
        _(
            "A member of the archive's staff is reading what you sent. If we have a question, it will appear on this "
            "page, and we will e-mail you if you gave an address."
        ),
    ),
    Submission.State.WAITING: (
        _("Waiting for your answer"),
        _("We asked you a question: see the messages below. Please answer here; the review goes on once you do."),
    ),
    Submission.State.ACCEPTED: (
        _("Accepted"),
        _(
            "The archive has taken your testimony in. A curator checks the records made from it before anything is "
            "published, and publishes only what your consent allows."
        ),
    ),
    Submission.State.DECLINED: (
        _("Declined"),
        _("The archive cannot take this submission in. The reason is in the messages below."),
    ),
    Submission.State.WITHDRAWN: (
        _("Withdrawn by you"),
        _("You took this submission back. Nothing from it is shown to the public."),
    ),
    Submission.State.SPAM: (
        _("Closed"),
        _("This submission is closed. Nothing from it is shown to the public."),
    ),
}


def _published_records(submission: Submission) -> list:
    """The records made from the submission that the public can see now (publication can be undone)."""
    records = []
    if submission.testimony_id:
        records.extend(Testimony.objects.public().filter(pk=submission.testimony_id))
    records.extend(Document.objects.public().filter(pk__in=submission.documents.values("pk")).order_by("identifier"))
    return records


def _error_summary(*, error: str, refusals: list[str], forms: list) -> list[dict[str, str]]:
    """Every problem of the status page's forms, each linked to its field where it has one."""
    items = [{"text": text} for text in ([error] if error else []) + list(refusals)]
    for form in forms:
        if isinstance(form, BaseFormSet):
            items.extend({"text": text} for text in form.non_form_errors())
            for number, row in enumerate(form.forms, start=1):
                items.extend(_field_errors(row, number=number))
        else:
            items.extend({"text": text} for text in form.non_field_errors())
            items.extend(_field_errors(form))
    return items


def _field_errors(form, *, number: int | None = None) -> list[dict[str, str]]:
    items = []
    for field in form:
        # Radio buttons have no element with the field's own id: link to the first one.
        anchor = field.id_for_label or f"{field.auto_id}_0"
        label = gettext("File %(number)s") % {"number": number} if field.name == "file" and number else field.label
        items.extend({"text": f"{label}: {error}", "anchor": anchor} for error in field.errors)
    return items


def _family_action(request, action, submission, *, answer_files, refusals):
    """True when done; (name, {form name: bound form}) when a form has errors."""
    if action in ("answer", "files"):
        answer = AnswerForm(request.POST, prefix="answer")
        files = answer_files(request.POST, request.FILES, prefix="files")
        if not (answer.is_valid() and files.is_valid()) or refusals:
            return action, {"answer": answer, "files": files}
        services.submission_family_answer(
            submission=submission, text=answer.cleaned_data["text"], files=files.incoming()
        )
        return True
    if action == "consent":
        form = FamilyConsentForm(request.POST, prefix="consent")
        if not form.is_valid():
            return action, {"consent": form}
        services.submission_change_consent(
            submission=submission,
            consent=form.cleaned_data["consent"],
            media_consent=form.cleaned_data["media_consent"],
            pseudonym=form.cleaned_data["pseudonym"],
        )
        return True
    if action == "person":
        form = AddPersonForm(request.POST, prefix="person")
        if not form.is_valid():
            return action, {"person": form}
        services.submission_add_person(submission=submission, person=form.person())
        return True
    if action == "withdraw":
        form = WithdrawForm(request.POST, prefix="withdraw")
        if not form.is_valid():
            return action, {"withdraw": form}
        services.submission_withdraw(submission=submission, reason=form.cleaned_data["reason"])
        return True
    raise TransitionRefused(gettext("Unknown action."))
