"""Cursor pagination: each page starts after the last row of the one before (a keyset), never at an OFFSET.

A list is walked in a stable order whose last column is unique, so every record is on exactly one page however
long the walk takes: a record published meanwhile shows on a later page if it sorts after the cursor, and no
page repeats or skips a row because another was added before it (an OFFSET would). The cursor carries the last
row's values of that order and the list's name, signed so that it stays opaque: a client passes it on, and a
cursor changed by hand or given to another list is refused (400), never read as something else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core import signing
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema

from api.representations import Addresses

SALT = "api.cursor"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BadCursor(ValueError):
    """The cursor was not made by this list: changed, cut short, from another list or another secret key."""


def reading(router: Router, path: str, **options) -> Callable:
    """A GET operation of ``router``, answering HEAD too (as every page of the site does, and HTTP says a GET
    resource should). HEAD is left out of the description: it is GET without a body, whatever the operation."""

    def decorator(view: Callable) -> Callable:
        router.add_api_operation(path, ["HEAD"], view, include_in_schema=False, **options)
        return router.get(path, **options)(view)

    return decorator


class PageQuery(Schema):
    """The parameters of every list."""

    cursor: str | None = Field(None, max_length=2000, description="From the previous page's `next`.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Records per page.")


@dataclass(frozen=True)
class Order:
    """A list's stable order: ascending columns (or annotations) of the queryset, the last one unique."""

    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    rows: list
    count: int
    limit: int
    next: str | None


def _plain(value: object) -> object:
    """A value as JSON keeps it; dates and times as ISO text, which the database compares as the value itself."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def encode(order: Order, row: Model) -> str:
    return signing.dumps([order.name, [_plain(getattr(row, column)) for column in order.columns]], salt=SALT)


def decode(order: Order, cursor: str) -> list:
    try:
        name, values = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadCursor("This cursor was not given by this list.") from error
    if name != order.name or not isinstance(values, list) or len(values) != len(order.columns):
        raise BadCursor("This cursor was not given by this list.")
    return values


def after(columns: Sequence[str], values: Sequence[object]) -> Q:
    """Rows that come after ``values`` in the order of ``columns``: (a, b) > (x, y) as a > x, or a = x and b > y."""
    condition = Q(pk__in=[])
    for index, column in enumerate(columns):
        earlier = {name: value for name, value in zip(columns[:index], values[:index], strict=True)}
        condition |= Q(**earlier, **{f"{column}__gt": values[index]})
    return condition


def page(queryset: QuerySet, order: Order, *, cursor: str | None, limit: int, request: HttpRequest) -> Page:
    """One page of ``queryset`` in ``order``, after ``cursor``: two queries (the count and the rows), and the
    queryset's own prefetches, whatever ``limit`` is."""
    count = queryset.order_by().count()
    ordered = queryset.order_by(*order.columns)
    if cursor:
        ordered = ordered.filter(after(order.columns, decode(order, cursor)))
    rows = list(ordered[: limit + 1])
    more, rows = len(rows) > limit, rows[:limit]
    return Page(rows=rows, count=count, limit=limit, next=next_url(request, encode(order, rows[-1])) if more else None)


def next_url(request: HttpRequest, cursor: str) -> str:
    """This address with the same filters and the next page's cursor."""
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def answer(request: HttpRequest, queryset: QuerySet, order: Order, query: PageQuery, show: Callable) -> dict:
    """A list's answer (``api.schemas.Cursor``): one page of ``queryset``, each row as ``show`` gives it."""
    found = page(queryset, order, cursor=query.cursor, limit=query.limit, request=request)
    at = Addresses(request)
    rows = [show(row, at) for row in found.rows]
    return {"count": found.count, "limit": found.limit, "next": found.next, "results": rows}
