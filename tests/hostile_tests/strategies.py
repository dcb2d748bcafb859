"""Hostile values and requests for property-based tests, sent as raw bytes the way an attacker's client sends them.

Django's test client encodes text as UTF-8 itself, so lone surrogates (which no UTF-8 encoder accepts) could not
reach the server through it. These helpers build the query string and the body by hand instead.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote_from_bytes

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from hypothesis import strategies as st

# Every parameter a public view or its filters read, and a few no view reads.
PARAMETERS = [
    "q", "kind", "fate", "place", "language", "year", "media", "sort", "page", "letter", "gender", "age_min",
    "age_max", "died_from", "died_to", "victim", "print", "reveal", "next", "reference", "state", "mine", "format",
    "t", "lang", "callback", "id", "o", "p", "all",
]  # fmt: skip

_ODD = [
    "\x00", "\ud800", "\udfff", "\ufeff", "\u202e", "\u0130", "İ", "ı", "ə", "Ə", "ğ", "№", "—", "…", "%", "%00",
    "'", '"', "<script>", "../", "\\", ";", "--", "\r\n", "\t", "*", "?", "&", "=", "+", " ", "١٢", "𝔄", "🕯",
    "V-000001", "V-0", "T-999999999999999999999", "1990-01-20", "-1", "99999999999999999999", "1e308", "NaN",
]  # fmt: skip

# Random text of every plane (surrogates included), the odd values above, punctuation alone, very long values.
hostile_text = st.one_of(
    st.text(max_size=40),
    # Lone surrogates, controls, marks and format characters, which st.text leaves out or rarely draws.
    st.text(
        alphabet=st.characters(categories=["Cs", "Cc", "Cf", "Mn", "Zs", "Lu", "Ll", "Lo", "Nd", "Po"]), max_size=20
    ),
    st.lists(st.sampled_from(_ODD), min_size=1, max_size=6).map("".join),
    st.text(alphabet=st.sampled_from(".,;:!?-—_*%№()[]{}«»\"'/\\|#@&^~`"), min_size=1, max_size=12),
    st.builds(lambda text, count: text * count, st.text(min_size=1, max_size=3), st.integers(1_000, 20_000)),
)


def raw(text: str) -> bytes:
    """``text`` as the bytes a client may send: lone surrogates become the invalid UTF-8 they would be."""
    return text.encode("utf-8", "surrogatepass")


def query_string(params: list[tuple[str, str]]) -> str:
    return "&".join(
        f"{quote_from_bytes(raw(key), safe='')}={quote_from_bytes(raw(value), safe='')}" for key, value in params
    )


def form_body(fields: list[tuple[str, str]]) -> bytes:
    return query_string(fields).encode("ascii")


def multipart_body(fields: list[tuple[str, str]], boundary: str) -> bytes:
    parts = []
    for name, value in fields:
        parts.append(f"--{boundary}\r\n".encode())
        parts.append(b'Content-Disposition: form-data; name="' + raw(name).replace(b'"', b"%22") + b'"\r\n\r\n')
        parts.append(raw(value) + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def new_boundary() -> str:
    return uuid.uuid4().hex


def path_segment(text: str) -> str:
    return quote_from_bytes(raw(text), safe="") or "x"


def public_routes() -> list[str]:
    """Every URL pattern of the site outside the admin, as a route with ``<converter:name>`` placeholders."""
    routes: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            pattern = entry.pattern
            if isinstance(pattern, LocalePrefixPattern):
                here = prefix  # the default language has no prefix; /en/ and /ru/ are tried by the tests
            elif isinstance(pattern, RoutePattern):
                here = prefix + str(pattern)
            else:
                continue  # no regex patterns of the project's own
            if isinstance(entry, URLResolver):
                if here.startswith("admin/"):
                    continue
                walk(entry.url_patterns, here)
            elif isinstance(entry, URLPattern):
                routes.append("/" + here)

    walk(get_resolver().url_patterns, "")
    return sorted(set(routes))
