"""The family's pages: the form, the confirmation, the private status page. No account needed."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from memorial.background import run_later
from submissions import services
from submissions.abuse import issue_stamp, rate_limited, rate_limited_for
from submissions.forms import (
    AddPersonForm,
    AnswerForm,
    FamilyConsentForm,
    LostLinkForm,
    SubmissionForm,
    WithdrawForm,
    file_formset,
    other_people_formset,
)
from submissions.models import Submission, TransitionRefused, normalise_reference
from submissions.uploads import SubmissionUploadHandler

logger = logging.getLogger(__name__)
RECEIPT_KEY = "submission_receipt"
STATUS_POST_LIMIT = 60
STATUS_MISS_LIMIT = 30
LOST_LINK_LIMIT = 10  # requests per address per hour
LOST_LINK_PER_REFERENCE = 3  # new links per reference per hour, so no one can flood a family's mailbox
SAVE_FAILED = _(
    "We could not save what you sent, because of a fault on our side. Nothing was kept. "
    "Please try again in a few minutes."
)


def _private(response: HttpResponse) -> HttpResponse:
    """The status link is the family's key: never cached, never sent on as a referrer, never indexed."""
    response["Cache-Control"] = "private, no-store"
    # same-origin, not no-referrer: the link never leaves the site, yet forms keep their Origin for CSRF.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _too_many(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "submissions/too_many.html", status=429))


def _streaming_uploads(view):
    """Swap in the streaming, size-capped upload handler before anything reads the body, then check CSRF."""
    protected = csrf_protect(view)

    @csrf_exempt
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            request.upload_handlers = [SubmissionUploadHandler(request)]
        return protected(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _status_url(request: HttpRequest):
    return lambda token: request.build_absolute_uri(reverse("submissions:status", kwargs={"token": token}))


def _lost_link_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("submissions:lost_link"))


TOKEN_SLOT = "TOKEN-SLOT"


def _status_url_template(request: HttpRequest) -> str:
    """The absolute status link with a slot for the token, built now: a background job has no request."""
    return request.build_absolute_uri(reverse("submissions:status", kwargs={"token": TOKEN_SLOT}))


def _reissue_link(reference: str, email: str, status_url_template: str) -> None:
    """The lost-link job, run after the response (``memorial.background``)."""
    head, tail = status_url_template.rsplit(TOKEN_SLOT, 1)
    services.submission_reissue_link(reference=reference, email=email, status_url=lambda token: head + token + tail)


@csrf_exempt  # checked by _submit, after the streaming upload handler is in place (the check reads the body)
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and rate_limited(request, "submit", settings.SUBMISSION_RATE_LIMIT):
        return _too_many(request)
    return _submit(request)


@_streaming_uploads
def _submit(request: HttpRequest) -> HttpResponse:
    Files = file_formset()
    Others = other_people_formset()
    status = 200
    if request.method == "POST":
        files = Files(request.POST, request.FILES, prefix="files")
        others = Others(request.POST, prefix="others")
        refusals = getattr(request, "submission_upload_refusals", [])
        form = SubmissionForm(request.POST, has_files=bool(request.FILES))
        if form.is_bot:
            return render(request, "submissions/received.html", {"receipt": None})
        files_valid, others_valid = files.is_valid(), others.is_valid()
        if form.is_valid() and files_valid and others_valid and not refusals:
            try:
                receipt = services.submission_create(
                    details=form.details(others=others.people()),
                    files=files.incoming(),
                    form_token=form.form_token,
                    status_url=_status_url(request),
                    review_url=lambda submission: request.build_absolute_uri(submission.get_review_url()),
                    lost_link_url=_lost_link_url(request),
                )
            except services.DuplicateSubmission as duplicate:
                return _duplicate(request, form.form_token, duplicate.submission)
            except (DatabaseError, OSError):
                logger.exception("A submission could not be saved")
                form.add_error(None, str(SAVE_FAILED))
                status = 503
            else:
                request.session[RECEIPT_KEY] = {
                    "form_token": form.form_token,
                    "reference": receipt.submission.reference,
                    "token": receipt.token,
                }
                return redirect("submissions:received")
        else:
            status = 400
    else:
        form = SubmissionForm(initial=_initial(request))
        files = Files(prefix="files")
        others = Others(prefix="others")
        refusals = []
    return render(
        request,
        "submissions/submit.html",
        {
            "form": form,
            "files": files,
            "others": others,
            "refusals": refusals,
            "max_files": settings.SUBMISSION_MAX_FILES,
        },
        status=status,
    )


def _initial(request: HttpRequest) -> dict:
    initial = {"stamp": issue_stamp()}
    if identifier := request.GET.get("victim"):
        initial["victim"] = identifier
    return initial


def _duplicate(request: HttpRequest, form_token: str, submission: Submission) -> HttpResponse:
    """The same form sent twice (a double tap, a reload): one submission, and the same confirmation."""
    receipt = request.session.get(RECEIPT_KEY) or {}
    if receipt.get("form_token") == form_token:
        return redirect("submissions:received")
    return _private(render(request, "submissions/already_received.html", {"reference": submission.reference}))


@require_http_methods(["GET"])
def received(request: HttpRequest) -> HttpResponse:
    receipt = request.session.get(RECEIPT_KEY)
    if not receipt:
        return redirect("submissions:submit")
    status_url = request.build_absolute_uri(reverse("submissions:status", kwargs={"token": receipt["token"]}))
    return _private(render(request, "submissions/received.html", {"receipt": receipt, "status_url": status_url}))


@csrf_exempt  # checked by _status, after the streaming upload handler is in place
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST" and rate_limited(request, "status", STATUS_POST_LIMIT):
        return _too_many(request)
    submission = Submission.objects.by_token(token)
    if submission is None:
        # Guessing is hopeless (256 bits), but a flood of guesses is still slowed down.
        if rate_limited(request, "status-miss", STATUS_MISS_LIMIT):
            return _too_many(request)
        raise Http404
    return _private(_status(request, submission=submission, token=token))


@_streaming_uploads
def _status(request: HttpRequest, *, submission: Submission, token: str) -> HttpResponse:
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
            error, done = str(SAVE_FAILED), None
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
        else:
            code = 409 if error else 400
    submission.refresh_from_db()
    return render(
        request,
        "submissions/status.html",
        {
            "submission": submission,
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


@require_http_methods(["GET", "POST"])
def lost_link(request: HttpRequest) -> HttpResponse:
    """A new status link, e-mailed to the address the submission was sent with. The answer is the same whether
    the reference and address match or not, so the form tells no one who sent what; and so is the work done in the
    request: the matching, the new token, the log entry and the e-mail happen after the response, in the
    background, so the response time tells no one either."""
    if request.method == "POST":
        if rate_limited(request, "lost-link", LOST_LINK_LIMIT):
            return _too_many(request)
        form = LostLinkForm(request.POST)
        if form.is_valid():
            reference = form.cleaned_data["reference"]
            if not rate_limited_for(normalise_reference(reference), "lost-link-reference", LOST_LINK_PER_REFERENCE):
                run_later(_reissue_link, reference, form.cleaned_data["email"], _status_url_template(request))
            return redirect(reverse("submissions:lost_link") + "?sent=1")
        code = 400
    else:
        form, code = LostLinkForm(), 200
    return _private(
        render(request, "submissions/lost_link.html", {"form": form, "sent": "sent" in request.GET}, status=code)
    )
