"""The Atom feed of newly published testimonies and documents, in the language of its URL."""

from __future__ import annotations

from datetime import datetime
from itertools import chain

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.models import Document, Testimony

FEED_LENGTH = 30


def recent_publications(limit: int = FEED_LENGTH) -> list[Testimony | Document]:
    """The newest public testimonies and documents together, by the time they were published."""
    # nulls_last: PostgreSQL and SQLite disagree on where a missing date sorts.
    newest_first = (F("published_at").desc(nulls_last=True), "-updated_at", "-pk")
    testimonies = Testimony.objects.public().order_by(*newest_first)[:limit]
    documents = Document.objects.public().order_by(*newest_first)[:limit]
    return sorted(chain(testimonies, documents), key=_published, reverse=True)[:limit]


def _published(record: Testimony | Document) -> datetime:
    return record.published_at or record.updated_at


class RecentPublicationsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Yaddaş: newly published testimonies and documents")
    subtitle = _("Testimonies and documents of 19–20 January 1990 in Baku, as the archive publishes them.")

    def link(self) -> str:
        return reverse("memorial:home")

    def items(self) -> list[Testimony | Document]:
        return recent_publications()

    def item_title(self, record: Testimony | Document) -> str:
        if record.is_demo:
            # Invented records must never pass for real ones, in a feed reader either.
            return gettext("[DEMO] %(title)s") % {"title": record.title}
        return record.title

    def item_description(self, record: Testimony | Document) -> str:
        text, _language = record.translated(record.RECORD_KIND.description_field)
        # Atom summaries are typed HTML; family-written text must reach the reader escaped, as on the page.
        return escape(text)

    def item_author_name(self, record: Testimony | Document) -> str | None:
        # narrator_display is the consent rule: the name only when the narrator chose to be named.
        return record.narrator_display if isinstance(record, Testimony) else None

    def item_pubdate(self, record: Testimony | Document) -> datetime:
        return _published(record)

    def item_updateddate(self, record: Testimony | Document) -> datetime:
        return record.updated_at

    def item_categories(self, record: Testimony | Document) -> list[str]:
        return [str(record._meta.verbose_name)]
