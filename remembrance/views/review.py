"""The curators' side, in the review desk (``/review/remembrance/``): the messages by state, a decision on one, and a
victim's messages with the setting that closes them. Curators only (``remembrance.moderate_message``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from archive.models import Victim, parse_identifier
from remembrance import selectors, services
from remembrance.forms import DecisionForm, SettingForm
from remembrance.models import MODERATE_PERMISSION, DecisionRefused, Message

PAGE_SIZE = 50


def _curators(view):
    return login_required(permission_required(MODERATE_PERMISSION, raise_exception=True)(view))


def _queue_url(state: str) -> str:
    return reverse("remembrance:review_queue") + "?" + urlencode({"state": state})


@_curators
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in Message.State.values:
        state = Message.State.NEW
    page = Paginator(selectors.queue(state), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.state_counts()
    states = [
        {"value": value, "label": label, "count": counts[value], "url": _queue_url(value)}
        for value, label in Message.State.choices
    ]
    context = {
        "page": page,
        "state": state,
        "states": states,
        "here": request.get_full_path(),
        "closed": selectors.closed_victims(),
        "identifier": request.GET.get("identifier", ""),
    }
    return render(request, "remembrance/review/queue.html", context)


@_curators
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        flash.error(request, gettext("That decision could not be read. Nothing was changed."))
    else:
        try:
            services.message_decide(
                message=message,
                decision=form.cleaned_data["decision"],
                user=request.user,
                seen=form.cleaned_data["seen"],
            )
        except DecisionRefused as refused:
            flash.error(request, refused.message)
        else:
            done = {
                "approve": gettext("Approved: the message is shown on %(name)s’s page."),
                "reject": gettext("Rejected: the message is not shown on %(name)s’s page."),
            }[form.cleaned_data["decision"]]
            flash.success(request, done % {"name": message.victim.full_name})
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect(_queue_url(message.state))


@_curators
@require_safe
def find(request: HttpRequest) -> HttpResponse:
    """The settings of the victim whose identifier the curator typed (``v-123`` as well as ``V-000123``)."""
    identifier = parse_identifier(request.GET.get("identifier", "").strip(), prefixes="V")
    if identifier is None or not Victim.objects.filter(identifier=identifier).exists():
        flash.error(request, gettext("No victim has that identifier. Type it as on the person’s page: V-000123."))
        return redirect("remembrance:review_queue")
    return redirect("remembrance:review_victim", identifier=identifier)


@_curators
@require_http_methods(["GET", "POST"])
def victim(request: HttpRequest, identifier: str) -> HttpResponse:
    """One person's messages, in every state, and whether the page takes messages: closed or opened here, by a curator,
    on the curator's own judgement or at the family's request (the note says which)."""
    person = get_object_or_404(Victim, identifier=identifier)
    closed = selectors.is_closed(person)
    if request.method == "POST":
        form = SettingForm(request.POST)
        if form.is_valid():
            services.messages_set_closed(
                victim=person, closed=form.cleaned_data["closed"], note=form.cleaned_data["note"], user=request.user
            )
            flash.success(
                request,
                gettext("Messages are now closed for this person.")
                if form.cleaned_data["closed"]
                else gettext("Messages are now open for this person."),
            )
            return redirect("remembrance:review_victim", identifier=person.identifier)
    else:
        form = SettingForm(initial={"closed": "0" if closed else "1"})
    context = {
        "person": person,
        "closed": closed,
        "form": form,
        "history": selectors.setting_history(person),
        "person_messages": selectors.victim_messages(person),
        "here": request.get_full_path(),
    }
    return render(request, "remembrance/review/victim.html", context, status=400 if form.errors else 200)
