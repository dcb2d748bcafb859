"""The site's header and footer, rendered once per language and page, then reused.

They hold links and translated labels, which change with a deploy, never with the data; every page rendered
them afresh (a dozen URL reversals, some thirty translations, three includes), which was most of what a cached
search answer still cost. The few values that do vary per request (the search words, the page's address for the
language switcher) are filled into slots of the stored markup, escaped as the template would.
"""

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import escape, format_html, format_html_join
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


# Query parameters that change how a page is shown, not what it is: left out of its canonical address.
VIEW_ONLY_PARAMETERS = frozenset({"reveal", "print"})


def _without_view_only(full_path: str) -> str:
    parts = urlsplit(full_path)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not any(name in VIEW_ONLY_PARAMETERS for name, _value in pairs):
        return full_path
    kept = urlencode([(name, value) for name, value in pairs if name not in VIEW_ONLY_PARAMETERS])
    return parts.path + (f"?{kept}" if kept else "")


@register.simple_tag(takes_context=True)
def page_addresses(context) -> SafeString:
    """The page's canonical address (itself, in its own language) and the same page in every language, for search
    engines: ``rel=canonical`` and ``rel=alternate hreflang`` links, absolute, with ``x-default`` the default
    language's. Parameters that only change how a page is shown (``VIEW_ONLY_PARAMETERS``) are left out."""
    request = context.get("request")
    if request is None:
        return mark_safe("")
    path = _without_view_only(request.get_full_path())
    addresses = [(code, request.build_absolute_uri(address_in(path, code))) for code, _name in settings.LANGUAGES]
    addresses.append(("x-default", request.build_absolute_uri(address_in(path, settings.LANGUAGE_CODE))))
    return format_html(
        '<link rel="canonical" href="{}">\n{}',
        request.build_absolute_uri(address_in(path, get_language())),
        format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', addresses),
    )


@register.simple_tag(takes_context=True)
def search_box(context) -> SafeString:
    return _filled("includes/search_box.html", q=str(context.get("q") or ""))
