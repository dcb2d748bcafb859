"""The site's header and footer, rendered once per language and page, then reused.

They hold links and translated labels, which change with a deploy, never with the data; every page rendered
them afresh (a dozen URL reversals, some thirty translations, three includes), which was most of what a cached
search answer still cost. The few values that do vary per request (the search words, the page's address for the
language switcher) are filled into slots of the stored markup, escaped as the template would.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_from_path, get_language_info

register = template.Library()

# Characters no escaping changes and no text holds: the stored markup's slots.
_SLOT = "\x00{}\x00"


@lru_cache(maxsize=256)
def _rendered(template_name: str, language: str, script_prefix: str, current: str) -> str:
    # The language and script prefix are in the key because reversing and translating depend on them.
    slots = {name: _SLOT.format(name) for name in ("q",)}
    languages = [
        {"code": code, "name": get_language_info(code)["name_local"], "href": _SLOT.format(f"href_{code}")}
        for code, _name in settings.LANGUAGES
    ]
    context = {"current": current, "slot": slots, "languages": languages, "LANGUAGE_CODE": language}
    return render_to_string(template_name, context)


def _filled(template_name: str, current: str = "", **values: str) -> SafeString:
    markup = _rendered(template_name, get_language(), get_script_prefix(), current)
    for name, value in values.items():
        markup = markup.replace(_SLOT.format(name), escape(value))
    return mark_safe(markup)


@register.simple_tag(takes_context=True)
def site_nav(context) -> SafeString:
    match = getattr(context.get("request"), "resolver_match", None)
    return _filled("includes/site_nav.html", (match.url_name if match else "") or "")


@register.simple_tag
def site_footer() -> SafeString:
    return _filled("includes/site_footer.html")


@register.simple_tag(takes_context=True)
def language_switcher(context) -> SafeString:
    """Links to this page in each language: plain links, so a public page holds nothing of one visitor's (no CSRF
    token, no cookie) and can be kept whole by the page cache and by CDNs."""
    path = context["request"].get_full_path()
    links = {f"href_{code}": address_in(path, code) for code, _name in settings.LANGUAGES}
    return _filled("includes/language_switcher.html", **links)


def address_in(full_path: str, language: str) -> str:
    """``full_path`` (with its query) in ``language``: the same address under that language's prefix (none for
    the default language), as ``i18n_patterns(prefix_default_language=False)`` writes it."""
    script = get_script_prefix()
    rest = full_path[len(script) - 1 :] if full_path.startswith(script) else full_path
    current = get_language_from_path(rest)
    if current and rest.startswith(f"/{current}/"):
        rest = rest[len(current) + 1 :]
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    return f"{script.rstrip('/')}{prefix}{rest}"


@register.simple_tag(takes_context=True)
def search_box(context) -> SafeString:
    return _filled("includes/search_box.html", q=str(context.get("q") or ""))
