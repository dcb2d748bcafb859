"""The ways a record's page leads to the desk: "Report a correction" on every public record, "Request access" where
its files are closed. Record pages are kept by the page cache: the links depend on the record alone."""

from __future__ import annotations

from django import template
from django.urls import reverse

from archive.kinds import by_model
from requests_desk.selectors import Record, files_closed

register = template.Library()


@register.simple_tag
def correction_url(record: Record) -> str:
    kwargs = {"kind": by_model(record).plural, "identifier": record.identifier}
    return reverse("requests_desk:correction", kwargs=kwargs)


@register.simple_tag
def request_access_url(record: Record) -> str:
    """The request form's address for a record whose files are closed; empty for any other."""
    if not files_closed(record):
        return ""
    return reverse(
        "requests_desk:request_access", kwargs={"kind": by_model(record).plural, "identifier": record.identifier}
    )


@register.inclusion_tag("requests_desk/includes/ask_the_archive.html")
def ask_the_archive(record: Record) -> dict[str, str]:
    """The section at the foot of a record's page (the shared include every record page shows)."""
    return {"correction_url": correction_url(record), "access_url": request_access_url(record)}
