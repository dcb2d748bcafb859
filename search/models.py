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

    # No index of its own: the unique (victim, key) constraint below serves every lookup by victim.
    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="search_words", db_index=False)
    # Indexed with the victim (Meta.indexes): a query walks one key's victims from the index alone.
    key = models.CharField(max_length=100)
    # Every unfolded (lowercased) spelling that folded to this key, space-delimited at both ends so an
    # exact spelling is found with `contains " word "`: it ranks the exact person above a broad match.
    spellings = models.CharField(max_length=600)
    # The words of the Azerbaijani (else Russian) full name, for the order of a full-name query.
    is_primary = models.BooleanField(default=False)
    # Only a patronymic holds this key (the father's name): a query word meeting it counts for less.
    is_patronymic = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("name word")
        verbose_name_plural = _("name words")
        constraints = [models.UniqueConstraint(fields=["victim", "key"], name="search_nameword_unique")]
        # The spellings ride along (PostgreSQL; SQLite ignores INCLUDE) so that walking a common key reads
        # the index only: PostgreSQL otherwise judged the key's rows scattered and walked every victim.
        indexes = [models.Index(fields=["key", "victim"], name="search_nameword_key_victim", include=["spellings"])]

    def __str__(self) -> str:
        return self.key


class NameKey(models.Model):
    """The vocabulary: every distinct folded name word, for prefix and typo (trigram) candidates.

    PostgreSQL: a pg_trgm GIN index on ``key``. SQLite: the FTS5 trigram table ``search_namekey_fts``,
    kept in step by triggers. Both made by this app's migrations.
    """

    key = models.CharField(max_length=100, unique=True)
    # How many victims (public or not) hold the key: a query starts from its rarest word. Kept in step
    # by ``search.indexing``; a count a little off only changes which word goes first, never a result.
    frequency = models.PositiveIntegerField(default=0)

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
