"""Reads: the messages a victim's page shows and what its version is made of, the curators' queue and "My work".

Only ``Message.objects.shown()`` (approved) ever reaches a public page, and only the victim's page: no list, search,
sitemap, feed or API answer reads this app.
"""

from __future__ import annotations

from django.db.models import Count, DateTimeField, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery

from archive.models import Victim
from remembrance.models import Message, VictimSetting

# What the victim page's version (ETag, Last-Modified) takes from this app, annotated on the victim by
# ``version_annotations``: how many messages it shows, the latest decision on any of them, whether messages are
# closed and when that last changed. The page cache follows the content version; these keep a browser's copy honest.
VERSION_NAMES = ["remembrance_count", "remembrance_reviewed", "remembrance_closed", "remembrance_changed"]


def _about_outer_victim() -> Q:
    return Q(victim=OuterRef("pk")) | Q(victim__merged_into=OuterRef("pk"))


def _single(queryset: QuerySet, function: str, field: str, output_field) -> Subquery:
    """One aggregate over the whole of ``queryset``, as a subquery (a plain function: no GROUP BY)."""
    return Subquery(queryset.order_by().values(value=Func(F(field), function=function, output_field=output_field)))


def version_annotations() -> dict:
    """``VERSION_NAMES`` as subqueries of a victim's own query (OuterRef ``pk``), read with the record."""
    messages = Message.objects.filter(_about_outer_victim())
    setting = VictimSetting.objects.filter(victim=OuterRef("pk"))
    return {
        "remembrance_count": _single(messages.shown(), "COUNT", "pk", IntegerField()),
        "remembrance_reviewed": _single(messages, "MAX", "reviewed_at", DateTimeField()),
        "remembrance_closed": Subquery(setting.values("closed")[:1]),
        "remembrance_changed": Subquery(setting.values("changed_at")[:1]),
    }


def is_closed(victim: Victim) -> bool:
    """Whether ``victim``'s messages are closed; from the annotation when the victim was read with it."""
    if hasattr(victim, "remembrance_closed"):
        return bool(victim.remembrance_closed)
    return VictimSetting.objects.filter(victim=victim, closed=True).exists()


def shown_messages(victim: Victim, *, language: str) -> list[Message]:
    """The approved messages of ``victim``'s page in the order it shows them: those written on pages in ``language``
    first, then the others, newest first within each. No query when the victim was read with a count of none."""
    if getattr(victim, "remembrance_count", None) == 0:
        return []
    return list(Message.objects.shown().about(victim).in_language_order(language))


# --- the curators' side ------------------------------------------------------------------------------------------


def queue(state: str) -> QuerySet[Message]:
    """Messages in ``state``: new ones oldest first (the first written is read first), decided ones latest first."""
    messages = Message.objects.filter(state=state).select_related("victim", "reviewed_by")
    if state == Message.State.NEW:
        return messages.order_by("created_at", "pk")
    return messages.order_by("-reviewed_at", "-pk")


def state_counts() -> dict[str, int]:
    counts = dict.fromkeys(Message.State.values, 0)
    counts.update(Message.objects.order_by().values_list("state").annotate(n=Count("pk")))
    return counts


def waiting() -> QuerySet[Message]:
    """New messages, oldest first: what "My work" lists for the curators."""
    return queue(Message.State.NEW)


def closed_victims() -> QuerySet[VictimSetting]:
    return VictimSetting.objects.filter(closed=True).select_related("victim", "changed_by").order_by("-changed_at")


def victim_messages(victim: Victim) -> QuerySet[Message]:
    """Every message left for ``victim`` (and records merged into it), whatever its state, newest first."""
    return Message.objects.about(victim).select_related("victim", "reviewed_by").order_by("-created_at", "-pk")


def setting_history(victim: Victim) -> list:
    """Who closed and opened ``victim``'s messages, when and why, latest first."""
    setting = VictimSetting.objects.filter(victim=victim).first()
    if setting is None:
        return []
    return list(setting.history.select_related("history_user").order_by("-history_date"))
