"""The visitor's pages: the form for a message of remembrance on a victim, and the thanks after it.

The form has a page of its own (``/victims/<identifier>/remember/``), linked from the victim's page, rather than
sitting on the victim's page: that page is kept by the page cache and served alike to everyone, so it can hold
neither a visitor's CSRF token nor the form's one-time stamp, which times each showing. This page carries both,
and is never kept (not in ``memorial.page_cache.PUBLIC_PAGES``: it goes out ``private, no-store``).
"""

from __future__ import annotations

import datetime
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from archive.abuse import client_key, count_hit, issue_stamp, limit_reached, seconds_until_reset
from archive.models import Victim
from remembrance import selectors, services
from remembrance.forms import STAMP_SALT, MessageForm
from remembrance.models import Message

logger = logging.getLogger(__name__)
# The thanks page shows the message back by a signed reference in its address, not a session: a visitor who writes
# a message gets no session, so the page cache goes on answering their next pages without reading one.
SENT_SALT = "remembrance.sent"
SENT_MAX_AGE = 3600
BUCKET = "remembrance"
# Accepted messages count against REMEMBRANCE_RATE_LIMIT; refused posts against this many times it, so a visitor
# correcting a mistake is not locked out while a bot still cannot hammer the form.
REFUSED_POSTS_FACTOR = 5
SAVE_FAILED = _(
    "We could not save your message, because of a fault on our side. Nothing was kept. "
    "Please try again in a few minutes."
)


def _private(response: HttpResponse) -> HttpResponse:
    """A page with a visitor's own values (a CSRF token, a stamp, their message): never cached, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _victim(identifier: str) -> Victim:
    """The public victim the form is for; 404 for any other (a draft, withdrawn or unknown record)."""
    victim = Victim.objects.public().filter(identifier=identifier).first()
    if victim is None:
        raise Http404
    return victim


def _merged_leads_to_kept(view):
    """A merged victim's form leads to the form of the record kept in its place, as its page does."""

    def page(request: HttpRequest, identifier: str) -> HttpResponse:
        try:
            return view(request, identifier)
        except Http404:
            kept = Victim.objects.public().kept_in_place_of(identifier)
            if kept is None:
                raise
            return redirect("remembrance:remember", identifier=kept.identifier, permanent=True)

    page.__name__, page.__doc__ = view.__name__, view.__doc__
    return page


def _page(request: HttpRequest, victim: Victim, form: MessageForm | None, *, status: int = 200) -> HttpResponse:
    context = {"victim": victim, "form": form, "closed": form is None}
    return _private(render(request, "remembrance/form.html", context, status=status))


def _too_many(request: HttpRequest, victim: Victim) -> HttpResponse:
    wait = seconds_until_reset()
    context = {"victim": victim, "retry_at": timezone.now() + datetime.timedelta(seconds=wait)}
    response = _private(render(request, "remembrance/too_many.html", context, status=429))
    response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET", "POST"])
@_merged_leads_to_kept
def remember(request: HttpRequest, identifier: str) -> HttpResponse:
    victim = _victim(identifier)
    if selectors.is_closed(victim):
        # No form: the note alone. A post (from a page shown before they were closed) is refused, nothing kept.
        return _page(request, victim, None, status=403 if request.method == "POST" else 200)
    if request.method != "POST":
        return _page(request, victim, MessageForm(initial=MessageForm.fresh_initial()))
    limit = settings.REMEMBRANCE_RATE_LIMIT
    refused = f"{BUCKET}-refused"
    if limit_reached(request, BUCKET, limit) or limit_reached(request, refused, limit * REFUSED_POSTS_FACTOR):
        return _too_many(request, victim)
    form = MessageForm(request.POST)
    if not form.is_valid():
        count_hit(request, refused)
        if "stamp" in form.errors:  # shown again with a stamp that is good, or it could never be sent
            form.data = form.data.copy()
            form.data["stamp"] = issue_stamp(salt=STAMP_SALT)
        return _page(request, victim, form, status=400)
    try:
        received = services.message_receive(
            victim=victim,
            text=form.cleaned_data["text"],
            name=form.cleaned_data["name"],
            language=get_language(),  # the page's: the language the visitor read the form in
            form_token=form.form_token,
            sender_key=client_key(request),
        )
    except services.MessagesClosed:
        return _page(request, victim, None, status=403)
    except DatabaseError:
        logger.exception("A remembrance message could not be saved")
        form.add_error(None, str(SAVE_FAILED))
        return _page(request, victim, form, status=503)
    if not received.duplicate:
        count_hit(request, BUCKET)
    sent_url = reverse("remembrance:sent", kwargs={"identifier": victim.identifier})
    return redirect(f"{sent_url}?{urlencode({'m': signing.dumps(received.message.pk, salt=SENT_SALT)})}")


@require_safe
@_merged_leads_to_kept
def sent(request: HttpRequest, identifier: str) -> HttpResponse:
    """Thanks, with the message as it was kept (links removed), for the visitor who sent it (an hour long)."""
    victim = _victim(identifier)
    try:
        pk = signing.loads(request.GET.get("m", ""), salt=SENT_SALT, max_age=SENT_MAX_AGE)
    except signing.BadSignature:
        pk = None
    message = Message.objects.filter(pk=pk, victim=victim).first() if isinstance(pk, int) else None
    if message is None:
        return redirect("remembrance:remember", identifier=victim.identifier)
    return _private(render(request, "remembrance/sent.html", {"victim": victim, "message": message}))
