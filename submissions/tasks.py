"""The submissions' background tasks (``archive.jobs``): the lost-link job, every mail, and the scheduled purges."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import translation

from archive.jobs import Job
from submissions import services

TOKEN_SLOT = "TOKEN-SLOT"


@shared_task(base=Job, name="submissions.reissue_link")
def reissue_link(reference: str, email: str, status_url_templates: dict[str, str]) -> bool:
    """The lost-link job, run after the response: the matching, the new token, the log entry and the mail, so the
    page's response time says nothing about whether the reference and address matched. ``status_url_templates`` is
    the absolute status link in each language with ``TOKEN_SLOT`` for the token (built by the view: a task has no
    request). Run twice, it sends a second new link, which replaces the first: harmless, as the family asked."""

    def status_url(token: str) -> str:
        # Called by the service in the submission's language.
        template = status_url_templates.get(translation.get_language(), status_url_templates[settings.LANGUAGE_CODE])
        return template.replace(TOKEN_SLOT, token)

    return services.submission_reissue_link(reference=reference, email=email, status_url=status_url)
