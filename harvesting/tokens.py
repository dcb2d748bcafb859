"""Resumption tokens: where a list stopped, and the request it continues, signed so no one can forge or alter one.

A token carries the list's arguments and the last record given (its datestamp and identifier): the next page is
the records after that point in (datestamp, identifier) order, not an offset, so a token used again gives the same
page, and records that change meanwhile are neither skipped nor given twice (a changed record moves to the end of
the order, to be harvested again there). Tokens never expire: they hold no state on the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.utils.translation import gettext as _

from harvesting.protocol import OaiError

_SALT = "harvesting.resumption-token"


@dataclass(frozen=True)
class Position:
    verb: str
    arguments: dict[str, str]  # metadataPrefix, and from, until, set as the first request gave them
    after: tuple[datetime, str]  # the last record given: its datestamp (full precision) and identifier
    cursor: int  # how many records the list gave before this page


def issue(position: Position) -> str:
    """The token for ``position``; the same position always gives the same token."""
    moment, identifier = position.after
    payload = {
        "v": position.verb,
        "a": position.arguments,
        "t": moment.isoformat(),
        "i": identifier,
        "c": position.cursor,
    }
    return signing.dumps(payload, salt=_SALT, compress=True)


def read(token: str, *, verb: str) -> Position:
    """The position ``token`` names, for ``verb``; badResumptionToken for a token altered, made up or another verb's."""
    try:
        payload = signing.loads(token, salt=_SALT)
        if payload["v"] != verb:
            raise ValueError(payload["v"])
        arguments = {str(key): str(value) for key, value in payload["a"].items()}
        return Position(verb, arguments, (datetime.fromisoformat(payload["t"]), str(payload["i"])), int(payload["c"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError) as error:
        raise OaiError("badResumptionToken", _("The resumption token is not valid.")) from error
