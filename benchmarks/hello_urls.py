"""The site's URLs plus ``/hello/``: a Django view that does nothing, the yardstick of ``benchmarks/pages.py``.

It goes through the same middleware as every page (sessions, locale, CSRF, history...), so the ratio of a page's
requests per second to hello world's is what the page itself costs, on the same server and machine."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

import memorial.urls

handler400 = memorial.urls.handler400


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [path("hello/", hello), *memorial.urls.urlpatterns]
