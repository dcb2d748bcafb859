"""The search index: folded name keys of victims, folded text of testimonies and documents.

The index says only *what words* a record holds. Whether the record may be shown is never stored
here: every search joins back to ``objects.public()`` (and ``with_public_media()`` for transcripts),
so publishing, withdrawing or an embargo passing takes effect at once, even with a stale index.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.models import Document, Testimony, Victim


class NameWord(models.Model):
    """One distinct folded word of a victim's names (all scripts and variants meet in one key)."""

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="search_words")
    key = models.CharField(max_length=100, db_index=True)
    # Every unfolded (lowercased) spelling that folded to this key, space-delimited at both ends so an
    # exact spelling is found with `contains " word "`: it ranks the exact person above a broad match.
    spellings = models.CharField(max_length=600)
    # The words of the Azerbaijani (else Russian) full name, for the order of a full-name query.
    is_primary = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("name word")
        verbose_name_plural = _("name words")
        constraints = [models.UniqueConstraint(fields=["victim", "key"], name="search_nameword_unique")]

    def __str__(self) -> str:
        return self.key


class NameKey(models.Model):
    """The vocabulary: every distinct folded name word, for prefix and typo (trigram) candidates.

    PostgreSQL: a pg_trgm GIN index on ``key``. SQLite: the FTS5 trigram table ``search_namekey_fts``,
    kept in step by triggers. Both made by this app's migrations.
    """

    key = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = _("name key")
        verbose_name_plural = _("name keys")

    def __str__(self) -> str:
        return self.key


class TextEntry(models.Model):
    """The folded words of one testimony or document.

    ``meta`` holds what a metadata-only record may be found by (title, summary or description);
    ``body`` the transcript or transcription, searched only for records whose media the public may see.
    PostgreSQL: GIN full-text indexes (``simple``) on both. SQLite: the FTS5 table ``search_textentry_fts``.
    """

    testimony = models.OneToOneField(
        Testimony, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    meta = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        verbose_name = _("text entry")
        verbose_name_plural = _("text entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(testimony__isnull=True, document__isnull=False)
                | models.Q(testimony__isnull=False, document__isnull=True),
                name="search_textentry_one_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.testimony_id or self.document_id}"
