"""An index of a document's pages: where a letter, a newspaper or a file of papers speaks of what, page by page.

The counterpart of an interview's index (``IndexPoint``) for a record read rather than heard: a point marks a page
instead of a time, with a title, synopsis and keywords in the three languages and the people it speaks of. Kept
apart from ``IndexPoint``, whose time, partial transcript, map point and links belong to a recording and travel
through OHMS XML, which has no pages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archive.models.media import MediaFile
from archive.models.publication import Translated
from archive.models.records import Document, Victim


class DocumentIndexPoint(Translated, models.Model):
    """A page of a document and what it holds: the document page's table of contents."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="index_points"
    )
    page = models.ForeignKey(
        MediaFile,
        verbose_name=_("page"),
        null=True,
        blank=True,
        # A page scan taken away leaves its point on the whole document rather than losing the curator's words.
        on_delete=models.SET_NULL,
        related_name="index_points",
        help_text=_("One of the document's page images; empty for the document as a whole."),
    )
    title_az = models.CharField(_("title (Azerbaijani)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    synopsis_az = models.TextField(_("synopsis (Azerbaijani)"), blank=True)
    synopsis_en = models.TextField(_("synopsis (English)"), blank=True)
    synopsis_ru = models.TextField(_("synopsis (Russian)"), blank=True)
    keywords_az = models.TextField(_("keywords (Azerbaijani)"), blank=True, help_text=_("Separated by semicolons."))
    keywords_en = models.TextField(_("keywords (English)"), blank=True, help_text=_("Separated by semicolons."))
    keywords_ru = models.TextField(_("keywords (Russian)"), blank=True, help_text=_("Separated by semicolons."))
    victims = models.ManyToManyField(
        Victim, verbose_name=_("people spoken of"), blank=True, related_name="document_index_points"
    )
    history = HistoricalRecords(m2m_fields=[victims])

    class Meta:
        ordering = ["document", "page__order", "page__pk", "pk"]
        verbose_name = _("index point of a document")
        verbose_name_plural = _("index points of documents")

    def __str__(self) -> str:
        return self.any_title

    @property
    def any_title(self) -> str:
        return self.title_az or self.title_en or self.title_ru

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if not self.any_title.strip():
            errors["title_az"] = _("Give the point a title in at least one language.")
        if self.page_id is not None and (
            self.page.document_id != self.document_id or self.page.kind != MediaFile.Kind.IMAGE
        ):
            errors["page"] = _("Choose one of this document's pages.")
        if errors:
            raise ValidationError(errors)

    def keyword_list(self, language: str | None = None) -> list[str]:
        text, _code = self.translated("keywords", language)
        return [word.strip() for word in text.split(";") if word.strip()]
