"""The staff side under ``/review/``: the lists of corrections and access requests, and one of each with its actions
and history. Which form and service answer each action is one table per page (``CORRECTION_ACTIONS``,
``ACCESS_ACTIONS``); which action is allowed in which state is the model's (``ACTIONS``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
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

from requests_desk import selectors, services
from requests_desk.forms import (
    AccessDeclineForm,
    ActionForm,
    ApplyForm,
    AssignForm,
    DeclineForm,
    GrantForm,
    NoteForm,
    RevokeForm,
)
from requests_desk.models import (
    DECIDE_ACCESS,
    HANDLE_CORRECTIONS,
    VIEW_ACCESS_REQUESTS,
    AccessRequest,
    Correction,
    TransitionRefused,
)

logger = logging.getLogger(__name__)
PAGE_SIZE = 50


def _staff(permission: str):
    def decorate(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorate


def _list_url(filters: dict[str, str | None], **changes: str | int | None) -> str:
    """The list with every active filter kept, ``changes`` applied (None drops one)."""
    query = {**filters, **changes}
    return "?" + urlencode({name: value for name, value in query.items() if value not in (None, "")})


def _states(model, counts: dict[str, int], kept: dict[str, str | None]) -> list[dict[str, Any]]:
    choices = [
        (selectors.OPEN, gettext("Open"), sum(counts.get(value, 0) for value in model.OPEN_STATES)),
        *((value, label, counts.get(value, 0)) for value, label in model.State.choices),
        (selectors.ALL, gettext("All"), sum(counts.values())),
    ]
    return [
        {"value": value, "label": label, "count": count, "url": _list_url(kept, state=value, page=None)}
        for value, label, count in choices
    ]


def _list_page(request: HttpRequest, template: str, queryset, kept: dict[str, str | None], states, **context):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "page": page,
            "states": states,
            "previous_url": _list_url(kept, page=page.previous_page_number()) if page.has_previous() else "",
            "next_url": _list_url(kept, page=page.next_page_number()) if page.has_next() else "",
            **kept,
            **context,
        },
    )


@_staff("requests_desk.view_correction")
@require_safe
def corrections(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") or selectors.OPEN
    mine, reference = bool(request.GET.get("mine")), request.GET.get("reference", "").strip()
    kept = {"state": state, "mine": "1" if mine else None, "reference": reference}
    counts = selectors.correction_counts(user=request.user, mine=mine, reference=reference)
    queryset = selectors.corrections_queue(state=state, user=request.user, mine=mine, reference=reference)
    states = _states(Correction, counts, kept)
    return _list_page(request, "requests_desk/review/corrections.html", queryset, kept, states)


@_staff(VIEW_ACCESS_REQUESTS)
@require_safe
def access_requests(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") or selectors.OPEN
    reference = request.GET.get("reference", "").strip()
    kept = {"state": state, "reference": reference}
    counts = selectors.access_counts(reference=reference)
    queryset = selectors.access_queue(state=state, reference=reference)
    states = _states(AccessRequest, counts, kept)
    return _list_page(request, "requests_desk/review/access_requests.html", queryset, kept, states)


# --- one correction / one access request --------------------------------------------------------------------------


@dataclass(frozen=True)
class DeskAction:
    """One form of a review page: the form that reads it, and the service that answers it, given the form's cleaned
    data, the arguments every action shares (the row, the user, the version) and the request."""

    form: type[forms.Form]
    act: Callable[[dict[str, Any], dict[str, Any], HttpRequest], object]


def _record_url(row: Correction | AccessRequest, request: HttpRequest) -> str:
    """The record's public page, in the language the sender wrote in: the mail they get links to it."""
    with translation.override(row.language):
        return request.build_absolute_uri(row.record.get_absolute_url())


def _access_link(access_request: AccessRequest, request: HttpRequest) -> Callable[[str], str]:
    def link_for(token: str) -> str:
        with translation.override(access_request.language):
            return request.build_absolute_uri(reverse("requests_desk:access_link", kwargs={"token": token}))

    return link_for


# Services are looked up when called, so a test that replaces ``services.<name>`` replaces it here too.
CORRECTION_ACTIONS = {
    "claim": DeskAction(ActionForm, lambda data, common, request: services.correction_claim(**common)),
    "assign": DeskAction(
        AssignForm, lambda data, common, request: services.correction_assign(**common, assignee=data["assignee"])
    ),
    "note": DeskAction(NoteForm, lambda data, common, request: services.correction_note(**common, text=data["text"])),
    "apply": DeskAction(
        ApplyForm,
        lambda data, common, request: services.correction_apply(
            **common, message=data["message"], record_url=_record_url(common["correction"], request)
        ),
    ),
    "decline": DeskAction(
        DeclineForm,
        lambda data, common, request: services.correction_decline(
            **common, reason=data["reason"], record_url=_record_url(common["correction"], request)
        ),
    ),
}
ACCESS_ACTIONS = {
    "grant": DeskAction(
        GrantForm,
        lambda data, common, request: services.access_request_grant(
            **common, message=data["message"], link_for=_access_link(common["access_request"], request)
        ),
    ),
    "decline": DeskAction(
        AccessDeclineForm,
        lambda data, common, request: services.access_request_decline(**common, reason=data["reason"]),
    ),
    "revoke": DeskAction(
        RevokeForm, lambda data, common, request: services.access_grant_revoke(**common, reason=data["reason"])
    ),
    "note": DeskAction(
        NoteForm, lambda data, common, request: services.access_request_note(**common, text=data["text"])
    ),
}


def _act(request: HttpRequest, row, actions: dict[str, DeskAction], row_name: str) -> tuple[HttpResponse | None, dict]:
    """Answer a posted action: a redirect to the page when it was taken (or refused with a message), or the bound
    form with its errors to show again."""
    action = actions.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    form = action.form(request.POST)
    if not form.is_valid():
        return None, {request.POST["action"]: form}
    common = {row_name: row, "user": request.user, "expected_version": form.cleaned_data["version"]}
    try:
        action.act(form.cleaned_data, common, request)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    except DatabaseError:
        logger.exception("A review action on %s could not be saved", row.reference)
        messages.error(request, gettext("The change could not be saved. Nothing was changed; try again."))
    else:
        messages.success(request, gettext("Done."))
    return redirect(row.get_review_url()), {}


@_staff("requests_desk.view_correction")
@require_http_methods(["GET", "POST"])
def correction_detail(request: HttpRequest, reference: str) -> HttpResponse:
    correction = get_object_or_404(Correction.objects.queue(), reference=reference)
    bound: dict[str, forms.Form] = {}
    if request.method == "POST":
        answered, bound = _act(request, correction, CORRECTION_ACTIONS, "correction")
        if answered is not None:
            return answered
    initial = {"version": correction.version}
    page_forms = {
        "assign": AssignForm(initial={**initial, "assignee": correction.assigned_to_id}),
        "note": NoteForm(initial={**initial, "text": correction.internal_note}),
        "apply": ApplyForm(initial=initial),
        "decline": DeclineForm(initial=initial),
        **bound,
    }
    context = {
        "correction": correction,
        "events": correction.events.select_related("user"),
        "forms": page_forms,
        "may_handle": request.user.has_perm(HANDLE_CORRECTIONS),
    }
    return render(request, "requests_desk/review/correction_detail.html", context, status=400 if bound else 200)


@_staff(VIEW_ACCESS_REQUESTS)
@require_http_methods(["GET", "POST"])
def access_detail(request: HttpRequest, reference: str) -> HttpResponse:
    access_request = get_object_or_404(AccessRequest.objects.queue(), reference=reference)
    bound: dict[str, forms.Form] = {}
    if request.method == "POST":
        answered, bound = _act(request, access_request, ACCESS_ACTIONS, "access_request")
        if answered is not None:
            return answered
    initial = {"version": access_request.version}
    page_forms = {
        "grant": GrantForm(initial=initial),
        "decline": AccessDeclineForm(initial=initial),
        "revoke": RevokeForm(initial=initial),
        "note": NoteForm(initial={**initial, "text": access_request.internal_note}),
        **bound,
    }
    grant = getattr(access_request, "grant", None)
    context = {
        "access_request": access_request,
        "grant": grant,
        "uses": grant.uses.select_related("media") if grant is not None else [],
        "files_closed": selectors.files_closed(access_request.record),
        "events": access_request.events.select_related("user"),
        "forms": page_forms,
        "may_decide": request.user.has_perm(DECIDE_ACCESS),
        "grant_days": settings.ACCESS_GRANT_DAYS,
    }
    return render(request, "requests_desk/review/access_detail.html", context, status=400 if bound else 200)
