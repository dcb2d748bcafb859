"""Pages about the site itself, and endpoints for operators and crawlers."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import i18n
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

# Each language has its own copy of the admin (i18n_patterns), so each prefix is listed.
_PRIVATE_PREFIXES = ("admin/", "review/", "submissions/", "access/")  # access/: a researcher's files


# Why a request was refused whole, by the exception Django raised while reading it; anything else (a NUL
# character, a broken header) gets the general wording.
_BAD_REQUEST_REASONS = {
    TooManyFilesSent: _(
        "More files were sent at once than the site takes. A testimony may have at most %(files)d files: go back, "
        "choose fewer, and send the others later from your status page."
    ),
    TooManyFieldsSent: _("The form sent more fields than the site takes. Go back and try again."),
    RequestDataTooBig: _(
        "The form’s text is longer than the site takes. Shorten the longest answer, or send it as a file."
    ),
}
_UNREADABLE = _(
    "The address or the form held characters the site cannot read. Check the address, or go back and try again."
)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page (``handler400``), saying why the request was refused."""
    reason = next((text for kind, text in _BAD_REQUEST_REASONS.items() if isinstance(exception, kind)), _UNREADABLE)
    return render(request, "400.html", {"message": reason % {"files": settings.SUBMISSION_MAX_FILES}}, status=400)


class SitePage(TemplateView):
    """About, methodology, terms, privacy: fixed text, plus the address for corrections and takedowns."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact_email=settings.CONTACT_EMAIL, **kwargs)


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, made to keep the visitor on the same page from any language.

    Django translates ``next`` by resolving it in the language of the request, which for /i18n/ is
    always Azerbaijani; "/en/victims/V-1/" does not resolve there, so the visitor stayed in English.
    Resolving it in the language of its own prefix lets every language reach every other.
    """
    next_url = request.POST.get("next", request.GET.get("next")) or ""
    language = translation.get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return i18n.set_language(request)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    prefixes = ["/"] + [f"/{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}{private}" for prefix in prefixes for private in _PRIVATE_PREFIXES]
    # "Allow" after the exceptions: some crawlers take the first matching line, not the longest.
    lines += ["Disallow: /i18n/", "Allow: /", "", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
