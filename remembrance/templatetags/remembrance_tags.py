"""The remembrance section of a victim's page: the approved messages in the page's language order, and the link to
the form, or the note that messages are closed. The page is kept by the page cache: nothing here is per visitor."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from archive.models import Victim
from remembrance import selectors

register = template.Library()


@register.inclusion_tag("remembrance/includes/section.html")
def remembrance_section(victim: Victim) -> dict:
    return {
        "victim": victim,
        "closed": selectors.is_closed(victim),
        "remembrance_messages": selectors.shown_messages(victim, language=get_language()),
    }
