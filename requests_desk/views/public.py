"""The public forms of a record's page: "Report a correction" (any public record) and "Request access" (a record whose
files are closed). No account needed; each answered with a reference. Never kept by the page cache: each page
carries its visitor's CSRF token (they are not in ``memorial.page_cache.PUBLIC_PAGES``, so they go out
``private, no-store``)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from archive.abuse import count_hit, limit_reached, seconds_until_reset
from archive.kinds import by_model
from requests_desk import selectors, services
from requests_desk.forms import AccessRequestForm, CorrectionForm
from requests_desk.forms.public import GuardedForm
from requests_desk.models import TransitionRefused, title_of

logger = logging.getLogger(__name__)
RECEIPTS = "requests_desk_receipts"  # in the session: "<form>:<identifier>" → the reference it was answered with
# Accepted posts count against PUBLIC_REQUEST_RATE_LIMIT; refused ones against this many times it, so someone
# correcting their mistakes is not locked out while a bot still cannot hammer the form.
REFUSED_POSTS_FACTOR = 5
SAVE_FAILED = _(
    "We could not save what you sent, because of a fault on our side. Nothing was kept. "
    "Please try again in a few minutes."
)


@dataclass(frozen=True)
class PublicForm:
    """One of the two forms: its form class, the service that receives it, its templates and rate-limit bucket, and
    which records it is offered for."""

    name: str  # "correction", "access": the rate-limit bucket and the receipt's key
    form: type[GuardedForm]
    receive: Callable[..., tuple[object, bool]]
    template: str
    sent_template: str
    url_name: str
    sent_url_name: str
    offered: Callable[[object], bool]


CORRECTION = PublicForm(
    name="correction",
    form=CorrectionForm,
    receive=lambda **kwargs: services.correction_receive(**kwargs),
    template="requests_desk/correction_form.html",
    sent_template="requests_desk/correction_sent.html",
    url_name="requests_desk:correction",
    sent_url_name="requests_desk:correction_sent",
    offered=lambda record: True,
)
ACCESS = PublicForm(
    name="access",
    form=AccessRequestForm,
    receive=lambda **kwargs: services.access_request_receive(**kwargs),
    template="requests_desk/access_form.html",
    sent_template="requests_desk/access_sent.html",
    url_name="requests_desk:request_access",
    sent_url_name="requests_desk:request_access_sent",
    offered=selectors.files_closed,
)


def private(response: HttpResponse) -> HttpResponse:
    """A page with a visitor's own values (a CSRF token, a reference): never cached, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _record_or_404(public_form: PublicForm, kind: str, identifier: str):
    """The public record the form is about; 404 for a draft, withdrawn, private or unknown record, or (access) one
    whose files are open or that has none to ask for."""
    record = selectors.public_record(kind, identifier)
    if record is None or not public_form.offered(record):
        raise Http404
    return record


def _too_many(request: HttpRequest, record) -> HttpResponse:
    wait = seconds_until_reset()
    retry_at = timezone.now() + datetime.timedelta(seconds=wait)
    context = {"retry_at": retry_at, "record": record}
    response = private(render(request, "requests_desk/too_many.html", context, status=429))
    response["Retry-After"] = str(wait)
    return response


def _answer(request: HttpRequest, public_form: PublicForm, kind: str, identifier: str) -> HttpResponse:
    record = _record_or_404(public_form, kind, identifier)
    if request.method != "POST":
        return _page(request, public_form, record, public_form.form(initial=public_form.form.fresh_initial()))
    limit = settings.PUBLIC_REQUEST_RATE_LIMIT
    refused_bucket = f"{public_form.name}-refused"
    if limit_reached(request, public_form.name, limit) or limit_reached(
        request, refused_bucket, limit * REFUSED_POSTS_FACTOR
    ):
        return _too_many(request, record)
    form = public_form.form(request.POST)
    if form.is_valid():
        try:
            row, duplicate = public_form.receive(
                record=record, details=form.details(), language=get_language(), form_token=form.form_token
            )
        except TransitionRefused as refused:
            form.add_error(None, refused.message)
        except DatabaseError:
            logger.exception("A %s could not be saved", public_form.name)
            form.add_error(None, str(SAVE_FAILED))
            return _page(request, public_form, record, form, status=503)
        else:
            if not duplicate:
                count_hit(request, public_form.name)
            receipts = dict(request.session.get(RECEIPTS, {}))
            receipts[f"{public_form.name}:{record.identifier}"] = row.reference
            request.session[RECEIPTS] = receipts
            return redirect(public_form.sent_url_name, kind=kind, identifier=identifier)
    count_hit(request, refused_bucket)
    return _page(request, public_form, record, form, status=400)


def _about(record) -> dict[str, object]:
    """What the desk's pages say of the record they are about."""
    return {"record": record, "record_title": title_of(record), "kind": by_model(record)}


def _page(request: HttpRequest, public_form: PublicForm, record, form: GuardedForm, *, status: int = 200):
    context = {**_about(record), "form": form, "grant_days": settings.ACCESS_GRANT_DAYS}
    return private(render(request, public_form.template, context, status=status))


def _sent(request: HttpRequest, public_form: PublicForm, kind: str, identifier: str) -> HttpResponse:
    record = _record_or_404(public_form, kind, identifier)
    reference = request.session.get(RECEIPTS, {}).get(f"{public_form.name}:{record.identifier}")
    if not reference:
        return redirect(public_form.url_name, kind=kind, identifier=identifier)
    context = {**_about(record), "reference": reference}
    return private(render(request, public_form.sent_template, context))


@require_http_methods(["GET", "POST"])
def correction(request: HttpRequest, kind: str, identifier: str) -> HttpResponse:
    return _answer(request, CORRECTION, kind, identifier)


@require_safe
def correction_sent(request: HttpRequest, kind: str, identifier: str) -> HttpResponse:
    return _sent(request, CORRECTION, kind, identifier)


@require_http_methods(["GET", "POST"])
def request_access(request: HttpRequest, kind: str, identifier: str) -> HttpResponse:
    return _answer(request, ACCESS, kind, identifier)


@require_safe
def request_access_sent(request: HttpRequest, kind: str, identifier: str) -> HttpResponse:
    return _sent(request, ACCESS, kind, identifier)
