"""Requests the site refuses before any view or database sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views import defaults

from memorial.views.site import bad_request

NUL = "\x00"


def _holds_nul(values: dict) -> bool:
    return any(NUL in key or any(NUL in value for value in values.getlist(key)) for key in values)


class RefuseNulCharactersMiddleware:
    """No text with a NUL character reaches the database: PostgreSQL cannot store or compare one.

    A NUL in the address answers 404 (no page is there), in a query string or a posted form 400. Browsers never
    send one; a cookie that carries one is dropped rather than refused, so a visitor is never locked out by it.
    Multipart posts are left to their forms (Django's form fields refuse NUL), because reading ``request.POST``
    here would parse the upload before the view chooses how files are streamed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name in [name for name, value in request.COOKIES.items() if NUL in name or NUL in value]:
            del request.COOKIES[name]
        if NUL in request.path_info:
            refusal = defaults.page_not_found
        elif _holds_nul(request.GET) or (_is_form_post(request) and _holds_nul(request.POST)):
            refusal = bad_request
        else:
            return self.get_response(request)
        # Answered before LocaleMiddleware runs: the page speaks the language of its address all the same.
        with translation.override(translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE):
            return refusal(request, exception=None)


def _is_form_post(request: HttpRequest) -> bool:
    return request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
