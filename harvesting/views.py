"""``/oai``: the OAI-PMH 2.0 endpoint, GET and POST alike (``verbs`` answers, ``protocol`` checks the request)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from harvesting import protocol, responses
from harvesting.verbs import ANSWERS, Context


@csrf_exempt  # harvesters POST the same arguments as a form, with no session and nothing to protect
@require_http_methods(["GET", "HEAD", "POST"])
def oai(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    context = Context(
        base_url=request.build_absolute_uri(reverse("oai")),
        site_url=request.build_absolute_uri("/").rstrip("/"),
        repository=settings.OAI_REPOSITORY_IDENTIFIER,
    )
    try:
        parsed = protocol.parse(data)
    except protocol.OaiError as problem:
        # badVerb and badArgument: the request element names the base URL alone.
        root, _request = responses.envelope(context.base_url, None)
        responses.error(root, problem.code, problem.message)
        return _answer(root)
    root, request_element = responses.envelope(context.base_url, {"verb": parsed.verb, **parsed.arguments})
    try:
        ANSWERS[parsed.verb](root, parsed, context)
    except protocol.OaiError as problem:
        if problem.code in ("badArgument", "badVerb"):
            request_element.attrib.clear()
        responses.keep_valid_arguments(request_element)
        responses.error(root, problem.code, problem.message)
    return _answer(root)


def _answer(root) -> HttpResponse:
    return HttpResponse(responses.serialise(root), content_type=responses.CONTENT_TYPE)
