"""Words shown by Django and by the packages the staff use, given here so that ``makemessages`` puts them in the
project's catalogues, which are read before the packages' own: where those lack Azerbaijani or Russian
(django-axes, django-simple-history), or get them wrong ("4 daxiletmələr": after a number an
Azerbaijani noun stays singular). Nothing calls this function; its calls are what ``makemessages`` reads."""

from django.utils.translation import gettext_noop, ngettext


def _catalog_additions(n: int) -> None:  # pragma: no cover - read by makemessages, never run
    # django-simple-history's history page
    ngettext("entry", "entries", n)
    gettext_noop("Object")
    gettext_noop("Date/time")
    gettext_noop("Comment")
    gettext_noop("Changed by")
    gettext_noop("Change reason")
    gettext_noop("Changes")
    gettext_noop("Created")
    gettext_noop("Changed")
    gettext_noop("Deleted")
    gettext_noop("None")
    gettext_noop("View history: %s")
    gettext_noop("This object doesn't have a change history.")
    # django-axes' admin: failed sign-ins and the access log
    gettext_noop("Attempt Time")
    gettext_noop("IP Address")
    gettext_noop("Logout Time")
    gettext_noop("Path")
    gettext_noop("User Agent")
    gettext_noop("Username")
    gettext_noop("HTTP Accept")
    gettext_noop("GET Data")
    gettext_noop("POST Data")
    gettext_noop("Failed Logins")
    gettext_noop("Access lock out")
    gettext_noop("Expires At")
    gettext_noop("access failure")
    gettext_noop("access failures")
    gettext_noop("access attempt")
    gettext_noop("access attempts")
    gettext_noop("Access Attempt")
    gettext_noop("access attempt expiration")
    gettext_noop("access attempt expirations")
    gettext_noop("access log")
    gettext_noop("access logs")
