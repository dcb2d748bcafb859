"""The site's navigation and footer, rendered once per language and page, then reused.

They hold only links and translated labels, which change with a deploy, never with the data; every page
rendered them afresh (a dozen URL reversals and thirty translations), which was a large part of what a
cached search answer still cost.
"""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=256)
def _rendered(template_name: str, language: str, script_prefix: str, current: str) -> SafeString:
    # The language and script prefix are in the key because reversing and translating depend on them.
    return mark_safe(render_to_string(template_name, {"current": current}))


@register.simple_tag(takes_context=True)
def site_nav(context) -> SafeString:
    match = getattr(context.get("request"), "resolver_match", None)
    current = match.url_name if match else ""
    return _rendered("includes/site_nav.html", get_language(), get_script_prefix(), current or "")


@register.simple_tag
def site_footer() -> SafeString:
    return _rendered("includes/site_footer.html", get_language(), get_script_prefix(), "")
