"""Staff sessions: they end with the browser and after STAFF_SESSION_SECONDS at most, and a member of staff who must
use a second factor reaches nothing but the sign-in and the setup page until they have used it."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from memorial.security.two_factor import has_second_factor, requires_two_factor

SESSION_ENDS = "staff_session_ends"  # seconds since the epoch, set when a member of staff signs in
# Where a member of staff who still owes the second factor may go: signing in and out, setting it up.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {"admin:login", "admin:logout", "admin:jsi18n", "staff_two_factor", "set_language"}
)


# The health checks: a load balancer's probes, which must not depend on the session's database.
UNATTENDED = frozenset({"healthz", "healthz_ready"})


def staff_session_start(sender, request: HttpRequest, user: AbstractBaseUser, **kwargs) -> None:
    """At a staff sign-in (``user_logged_in``): a cookie that ends with the browser, and a session that ends after
    STAFF_SESSION_SECONDS whatever it is used for. Visitors' sessions (the family's status links) are left alone."""
    if request is not None and user.is_staff:
        request.session.set_expiry(0)
        request.session[SESSION_ENDS] = time.time() + settings.STAFF_SESSION_SECONDS


def _is_verified(user: AbstractBaseUser) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


class StaffSessionMiddleware:
    """After ``OTPMiddleware``. Only requests with a session cookie are looked at, so anonymous visitors cost
    nothing, and the health checks never read the session or the user (they must answer with the database down)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponseBase | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        view_name = request.resolver_match.view_name
        if view_name in UNATTENDED or not (request.user.is_authenticated and request.user.is_staff):
            return None
        user = request.user
        ends = request.session.get(SESSION_ENDS)
        if ends is None:  # a session from before this rule, or made without the sign-in page (tests)
            staff_session_start(None, request, user)
        elif time.time() >= ends:
            logout(request)
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        if view_name in OPEN_BEFORE_SECOND_FACTOR or not requires_two_factor(user) or _is_verified(user):
            return None
        if has_second_factor(user):
            # Signed in without the code (a session from before it was set up): sign in again, with it.
            logout(request)
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        return HttpResponseRedirect(f"{reverse('staff_two_factor')}?{urlencode({'next': request.get_full_path()})}")
