"""The lost-link page's text-message route, for a family that gave a phone number: the reference and the number
(``lost_link_text``), then the code texted to it (``lost_link_code``), which opens the status page with a new link.

The first answer is the same whether or not the reference exists and the number is its own, and so is the work done
in the request (an attempt saved, a job handed to the background, which matches and texts): neither the page nor
its timing tells anyone who sent what. An attempt for which no code was sent fails at the code as a real one does.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from submissions import services
from submissions.abuse import issue_stamp, rate_limited, rate_limited_for
from submissions.forms import LinkCodeForm, LostLinkTextForm
from submissions.models import MAX_CODE_TRIES, normalise_reference
from submissions.views.public import LOST_LINK_LIMIT, LOST_LINK_PER_REFERENCE, _private, _too_many
from submissions.views.status import remember_status_link

ATTEMPT_KEY = "submission_link_code_attempt"  # the attempt's token, in the family's session
CODE_POST_LIMIT = 30  # codes entered per address per hour, over all attempts (each also locks after MAX_CODE_TRIES)


@require_http_methods(["GET", "POST"])
def lost_link_text(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if rate_limited(request, "lost-link-text", LOST_LINK_LIMIT):
            return _too_many(request)
        form = LostLinkTextForm(request.POST)
        if form.is_bot:
            return redirect("submissions:lost_link_code")  # answered as anyone is; nothing is made or sent
        if form.is_valid():
            reference = form.cleaned_data["reference"]
            # Per reference, so no one can flood a family's phone with codes (or the archive's bill with texts).
            per_reference = normalise_reference(reference)
            send = not rate_limited_for(per_reference, "lost-link-text-reference", LOST_LINK_PER_REFERENCE)
            request.session[ATTEMPT_KEY] = services.link_code_request(
                reference=reference, phone=form.cleaned_data["phone"], send=send
            )
            return redirect("submissions:lost_link_code")
        code = 400
    else:
        form, code = LostLinkTextForm(initial={"stamp": issue_stamp()}), 200
    if form.is_bound:
        form.data = form.data.copy()
        form.data["stamp"] = issue_stamp()  # a new one: the time is counted from this showing
    return _private(render(request, "submissions/lost_link_text.html", {"form": form}, status=code))


@require_http_methods(["GET", "POST"])
def lost_link_code(request: HttpRequest) -> HttpResponse:
    attempt = request.session.get(ATTEMPT_KEY)
    if not attempt:
        return redirect("submissions:lost_link_text")
    refusal, ended, code = "", False, 200
    if request.method == "POST":
        if rate_limited(request, "lost-link-code", CODE_POST_LIMIT):
            return _too_many(request)
        form = LinkCodeForm(request.POST)
        code = 400
        if form.is_valid():
            outcome = services.link_code_redeem(attempt_token=attempt, code=form.cleaned_data["code"])
            if outcome.token:
                del request.session[ATTEMPT_KEY]
                remember_status_link(request, outcome.submission, outcome.token)
                # Shown once, as on the "received" page: the family keeps the new link to come back on any device.
                context = {
                    "status_url": request.build_absolute_uri(
                        reverse("submissions:status", kwargs={"token": outcome.token})
                    ),
                    "status_page_url": reverse(
                        "submissions:status_page", kwargs={"reference": outcome.submission.reference}
                    ),
                    "reference": outcome.submission.reference,
                }
                return _private(render(request, "submissions/link_renewed.html", context))
            refusal, ended = outcome.refusal, outcome.ended
    else:
        form = LinkCodeForm()
    context = {
        "form": form,
        "refusal": refusal,
        "ended": ended,
        "minutes": services.LINK_CODE_MINUTES,
        "tries": MAX_CODE_TRIES,
        "again_url": reverse("submissions:lost_link_text"),
        "contact_email": settings.CONTACT_EMAIL,
    }
    return _private(render(request, "submissions/lost_link_code.html", context, status=code))
