"""The page where staff set up their authenticator app and get recovery codes (``/admin/two-factor/``)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from memorial.security.forms import AuthenticatorCodeForm
from memorial.security.two_factor import (
    authenticator_confirm,
    authenticator_pending,
    has_authenticator,
    qr_code_svg,
    recovery_codes_left,
    recovery_codes_replace,
    requires_two_factor,
    secret_text,
)


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("admin:index")


def _context(request: HttpRequest, title: str, **values) -> dict:
    return {**admin.site.each_context(request), "title": title, "next": _next_url(request), **values}


def _recovery_codes_page(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """The codes, this once: only their tokens are kept, and this answer is private and never stored."""
    return render(request, "security/recovery_codes.html", _context(request, _("Your recovery codes"), codes=codes))


@never_cache
@staff_member_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if has_authenticator(user):
        if request.method == "POST":
            if not user.is_verified():  # new codes only for a session that gave a code
                raise PermissionDenied
            return _recovery_codes_page(request, recovery_codes_replace(user=user))
        return render(
            request,
            "security/two_factor.html",
            _context(request, _("Two-factor authentication"), codes_left=recovery_codes_left(user)),
        )

    device = authenticator_pending(user=user)
    form = AuthenticatorCodeForm(request.POST or None)
    if form.is_valid():
        codes = authenticator_confirm(device=device, token=form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, device)  # this session has just given a code
            return _recovery_codes_page(request, codes)
        form.add_error("token", _("This code is not the one the app shows now. Check the app and try again."))
    return render(
        request,
        "security/two_factor_setup.html",
        _context(
            request,
            _("Set up two-factor authentication"),
            form=form,
            qr_code=qr_code_svg(device),
            secret=secret_text(device),
            required=requires_two_factor(user),
        ),
    )
