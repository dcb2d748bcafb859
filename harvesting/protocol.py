"""OAI-PMH 2.0's requests: the arguments each verb takes, how they are checked, and the errors a request can meet.

Every problem is an ``OaiError`` with its protocol code; the view answers it as an ``<error>`` with HTTP 200, as the
protocol asks. ``parse`` turns a request's arguments into a ``Request`` or raises the first error found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.http import QueryDict
from django.utils.translation import gettext as _


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# The arguments each verb may take: required, optional, and the one that excludes all others.
@dataclass(frozen=True)
class Verb:
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    exclusive: str = ""


_LIST = Verb(frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), "resumptionToken")
VERBS = {
    "Identify": Verb(),
    "ListMetadataFormats": Verb(optional=frozenset({"identifier"})),
    "ListSets": Verb(exclusive="resumptionToken"),
    "GetRecord": Verb(frozenset({"identifier", "metadataPrefix"})),
    "ListIdentifiers": _LIST,
    "ListRecords": _LIST,
}

DAY = "%Y-%m-%d"
SECOND = "%Y-%m-%dT%H:%M:%SZ"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"


@dataclass(frozen=True)
class Bound:
    """A ``from`` or ``until`` as given, and the instant it stands for."""

    text: str
    at: datetime
    day: bool  # given at day granularity


@dataclass(frozen=True)
class Request:
    verb: str
    arguments: dict[str, str]

    def get(self, name: str) -> str:
        return self.arguments.get(name, "")


def parse(data: QueryDict) -> Request:
    """The request ``data`` makes (GET's query or POST's form), checked against its verb's arguments."""
    verbs = data.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError(
            "badVerb",
            _("The verb is missing, repeated or not one of OAI-PMH's.") if len(verbs) != 1 else _("Illegal verb."),
        )
    verb = VERBS[verbs[0]]
    arguments: dict[str, str] = {}
    for name in data:
        if name == "verb":
            continue
        values = data.getlist(name)
        if len(values) != 1:
            raise OaiError("badArgument", _("The argument %(name)s is repeated.") % {"name": name})
        if name not in verb.required | verb.optional | ({verb.exclusive} - {""}):
            raise OaiError("badArgument", _("%(verb)s takes no argument %(name)s.") % {"verb": verbs[0], "name": name})
        arguments[name] = values[0]
    if verb.exclusive and verb.exclusive in arguments:
        if len(arguments) > 1:
            raise OaiError("badArgument", _("resumptionToken is an exclusive argument."))
        return Request(verbs[0], arguments)
    missing = sorted(verb.required - arguments.keys())
    if missing:
        raise OaiError("badArgument", _("Missing argument: %(names)s.") % {"names": ", ".join(missing)})
    request = Request(verbs[0], arguments)
    check_range(request)
    return request


def bound(text: str, *, until: bool) -> Bound:
    """``from`` (the first instant it names) or ``until`` (the last: a day or a second is included whole), read at
    either granularity the repository supports."""
    for pattern, step, day in ((SECOND, timedelta(seconds=1), False), (DAY, timedelta(days=1), True)):
        try:
            at = datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
        # strptime takes "2026-1-2" and other loose forms: only the exact form is the protocol's.
        if at.strftime(pattern) != text:
            break
        return Bound(text, at + step if until else at, day)
    raise OaiError("badArgument", _("%(value)s is not a UTC date or date and time.") % {"value": text})


def check_range(request: Request) -> tuple[Bound | None, Bound | None]:
    """``from`` and ``until``, read; badArgument for either malformed, at two granularities, or the wrong way round."""
    start = bound(request.get("from"), until=False) if request.get("from") else None
    end = bound(request.get("until"), until=True) if request.get("until") else None
    if start and end:
        if start.day != end.day:
            raise OaiError("badArgument", _("from and until are given at different granularities."))
        if start.at >= end.at:
            raise OaiError("badArgument", _("from is later than until."))
    return start, end
