"""The family's pages: the form, the confirmation, a lost link (the status page: ``status``). No account needed."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from archive.jobs import enqueue
from submissions import services, tasks
from submissions.abuse import (
    count_hit,
    issue_stamp,
    limit_reached,
    rate_limited,
    rate_limited_for,
    seconds_until_reset,
    stamp_token,
)
from submissions.forms import (
    LostLinkForm,
    SubmissionForm,
    file_formset,
    other_people_formset,
)
from submissions.models import PendingUpload, Submission, normalise_reference
from submissions.pending import PendingFiles
from submissions.uploads import SubmissionUploadHandler

logger = logging.getLogger(__name__)
RECEIPT_KEY = "submission_receipt"
STATUS_POST_LIMIT = 60
STATUS_MISS_LIMIT = 30
LOST_LINK_LIMIT = 10  # requests per address per hour
LOST_LINK_PER_REFERENCE = 3  # new links per reference per hour, so no one can flood a family's mailbox
# Accepted submissions count against SUBMISSION_RATE_LIMIT; refused posts (a missing name, the rights box...) against
# this many times it, so a family correcting mistakes is not locked out while a bot still cannot hammer the form.
REFUSED_POSTS_FACTOR = 5
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
    wait = seconds_until_reset()
    retry_at = timezone.now() + datetime.timedelta(seconds=wait)
    response = _private(render(request, "submissions/too_many.html", {"retry_at": retry_at}, status=429))
    response["Retry-After"] = str(wait)
    return response


def _streaming_uploads(view):
    """Swap in the streaming, size-capped upload handler before anything reads the body, then check CSRF."""
    protected = csrf_protect(view)

    @csrf_exempt
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Only a multipart body carries files; any other form may already have been read (memorial.middleware).
        if request.method == "POST" and request.content_type == "multipart/form-data":
            request.upload_handlers = [SubmissionUploadHandler(request)]
        return protected(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _status_url(request: HttpRequest):
    return lambda token: request.build_absolute_uri(reverse("submissions:status", kwargs={"token": token}))


def _lost_link_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("submissions:lost_link"))


def _status_url_templates(request: HttpRequest) -> dict[str, str]:
    """The absolute status link in each language, with a slot for the token, built now: a background task has no
    request. The e-mail goes out in the submission's language, and its link must open the page in it too."""
    templates = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            templates[code] = request.build_absolute_uri(
                reverse("submissions:status", kwargs={"token": tasks.TOKEN_SLOT})
            )
    return templates


@transaction.non_atomic_requests  # no transaction held open while a long upload arrives; the services open their own
@csrf_exempt  # checked by _submit, after the streaming upload handler is in place (the check reads the body)
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    limit = settings.SUBMISSION_RATE_LIMIT
    try:
        if request.method == "POST" and (
            limit_reached(request, "submit", limit)
            or limit_reached(request, "submit-refused", limit * REFUSED_POSTS_FACTOR)
        ):
            return _too_many(request)
        return _submit(request)
    except DatabaseError:
        # Anywhere in a post (the kept files, the form's checks, a cache kept in the database): the family gets the
        # designed answer and their words back, not a bare error page that loses them.
        if request.method != "POST":
            raise
        logger.exception("A submission could not be saved")
        return _save_failed(request)


def _save_failed(request: HttpRequest) -> HttpResponse:
    """The form as the family filled it in, with "could not save", shown without the database: what they typed is
    read back without checking it, since the checks may need the database. Files must be chosen again."""
    Others = other_people_formset()
    typed = _as_typed(SubmissionForm(request.POST))
    chosen = typed.pop("victim", "")
    form = SubmissionForm(initial=typed)
    # Put back once made: given as initial, the form would look the chosen person up in the archive.
    form.initial["victim"] = chosen
    rows = [row for row in map(_as_typed, Others(request.POST, prefix="others").forms) if any(row.values())]
    chosen_others = [row.pop("victim", "") for row in rows]
    others = Others(initial=rows, prefix="others")
    for row, victim in zip(others.forms, chosen_others, strict=False):
        row.initial["victim"] = victim
    return _submit_page(
        request,
        form=form,
        files=file_formset()(prefix="files"),
        others=others,
        refusals=[str(SAVE_FAILED)],
        files_lost=bool(request.FILES),
        status=503,
    )


def _as_typed(form) -> dict:
    """The values typed into a bound form, read without checking them."""
    return {name: form[name].value() for name in form.fields}


@_streaming_uploads
def _submit(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _submit_page(
            request,
            form=SubmissionForm(initial=_initial(request)),
            files=file_formset()(prefix="files"),
            others=other_people_formset()(prefix="others"),
        )
    files = file_formset()(request.POST, request.FILES, prefix="files")
    others = other_people_formset()(request.POST, prefix="others")
    stamp = stamp_token(request.POST.get("stamp", ""))
    pending = PendingFiles(PendingUpload.objects.for_form(stamp), data=request.POST)
    form = SubmissionForm(request.POST, has_files=bool(request.FILES) or bool(pending.kept))
    if form.is_bot:
        count_hit(request, "submit-refused")
        return render(request, "submissions/received.html", {"receipt": None})
    files_valid, others_valid = files.is_valid(), others.is_valid()
    valid = form.is_valid() and files_valid and others_valid
    try:
        attempt = services.submission_attempt(
            details=form.details(others=others.people()) if valid else None,
            files=files.incoming(),
            pending=pending,
            stamp=stamp,
            form_token=form.form_token,
            links=_links(request),
            refusals=getattr(request, "submission_upload_refusals", []),
        )
    except (DatabaseError, OSError):
        logger.exception("A submission could not be saved")
        form.add_error(None, str(SAVE_FAILED))
        return _submit_page(
            request, form=form, files=files, others=others, files_lost=bool(request.FILES), status=503, stamp=stamp
        )
    if attempt.duplicate is not None:
        return _duplicate(request, form.form_token, attempt.duplicate)
    if attempt.receipt is not None:
        count_hit(request, "submit")
        request.session[RECEIPT_KEY] = {
            "form_token": form.form_token,
            "reference": attempt.receipt.submission.reference,
            "token": attempt.receipt.token,
        }
        return redirect("submissions:received")
    count_hit(request, "submit-refused")
    return _submit_page(
        request,
        form=form,
        files=files,
        others=others,
        refusals=attempt.refusals,
        files_lost=attempt.files_lost,
        status=400,
        stamp=stamp,
    )


def _submit_page(
    request: HttpRequest,
    *,
    form: SubmissionForm,
    files,
    others,
    refusals: Sequence[str] = (),
    files_lost: bool = False,
    status: int = 200,
    stamp: str = "",
) -> HttpResponse:
    """The form, with what was kept from earlier posts of it listed as it stands now."""
    pending = PendingFiles(PendingUpload.objects.for_form(stamp), data=request.POST) if stamp else PendingFiles([])
    context = {
        "form": form,
        "files": files,
        "others": others,
        "pending": pending,
        "refusals": list(refusals),
        "files_lost": files_lost,
        "max_files": settings.SUBMISSION_MAX_FILES,
    }
    return render(request, "submissions/submit.html", context, status=status)


def _links(request: HttpRequest) -> services.Links:
    return services.Links(
        status_url=_status_url(request),
        review_url=lambda submission: request.build_absolute_uri(submission.get_review_url()),
        lost_link_url=_lost_link_url(request),
        lost_link_phone_url=request.build_absolute_uri(reverse("submissions:lost_link_text")),
    )


def _initial(request: HttpRequest) -> dict:
    initial = {"stamp": issue_stamp()}
    if identifier := request.GET.get("victim"):
        initial["victim"] = identifier
    if name := request.GET.get("name", "").strip():  # "tell the archive about this person", from a search
        initial["person_name"] = name[:300]
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
    # The page speaks of the contact the family gave: the link by e-mail, the reference by text, or neither.
    contact = Submission.objects.filter(reference=receipt["reference"]).values("submitter_email", "submitter_phone")
    given = contact.first() or {}
    context = {
        "receipt": receipt,
        "status_url": status_url,
        "gave_email": bool(given.get("submitter_email")),
        "gave_phone": bool(given.get("submitter_phone")),
    }
    return _private(render(request, "submissions/received.html", context))


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
                enqueue(tasks.reissue_link, reference, form.cleaned_data["email"], _status_url_templates(request))
            return redirect(reverse("submissions:lost_link") + "?sent=1")
        code = 400
    else:
        form, code = LostLinkForm(), 200
    return _private(
        render(request, "submissions/lost_link.html", {"form": form, "sent": "sent" in request.GET}, status=code)
    )
