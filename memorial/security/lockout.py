"""The page a sign-in gets once django-axes has locked its username or address (``AXES_LOCKOUT_CALLABLE``)."""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """A page in the admin's look and the page's language, 429: what happened, for how long, whom to ask."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Signing in is locked for a while"),
        "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
        "contact_email": settings.CONTACT_EMAIL,
    }
    return TemplateResponse(
        request, "security/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    ).render()
