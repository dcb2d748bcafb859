"""Azerbaijani capitals in everything Django capitalises: "İfadələr", not "Ifadələr".

Django makes a label or a heading start with a capital by ``str.upper`` on its first letter (``capfirst``, in Python
and as a template filter), which turns the Azerbaijani dotted ``i`` into the dotless ``I`` and the dotless ``ı``
into ``I`` as well. Python knows no locale for letter case, so the admin in Azerbaijani says "Ifadələr" and
"Izahat". ``use_azerbaijani_capitals`` puts one capitalisation that follows the active language in place of
Django's, in every module that took Django's by name, and in the template filter.
"""

from __future__ import annotations

import sys

from django.template import defaultfilters
from django.utils import text
from django.utils.functional import keep_lazy_text
from django.utils.translation import get_language

from archive.names import az_upper

DOTTED_LANGUAGES = ("az", "tr")  # languages whose i has a dotted capital İ


@keep_lazy_text
def capfirst(value: object) -> str:
    """The first letter a capital, by the rules of the active language."""
    if not value:
        return value
    value = str(value)
    language = (get_language() or "").split("-")[0]
    first = az_upper(value[0]) if language in DOTTED_LANGUAGES else value[0].upper()
    return first + value[1:]


@defaultfilters.stringfilter
def capfirst_filter(value: str) -> str:
    return capfirst(value)


def use_azerbaijani_capitals() -> None:
    """Replace Django's ``capfirst`` everywhere it is in use: its modules, every loaded module that imported it by
    name, and the ``capfirst`` template filter."""
    replacements = {text.capfirst: capfirst, defaultfilters.capfirst: capfirst_filter}
    for module in list(sys.modules.values()):
        replacement = replacements.get(getattr(module, "capfirst", None)) if module is not None else None
        if replacement is not None:
            module.capfirst = replacement
    defaultfilters.register.filter("capfirst", capfirst_filter, is_safe=True)
