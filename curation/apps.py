from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    """The curator's tools across records: likely duplicates, merging two records of one person, importing lists.

    Builds on the archive (the records) and search (names folded across scripts); the archive imports neither."""

    name = "curation"
    verbose_name = _("Curation")
