from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreservationConfig(AppConfig):
    """Keeping the archive's bits safe over time: fixity audits of every stored file against the SHA-256 recorded at
    ingest, backups that restore into an empty database and storage, and BagIt bags of records for other archives.

    Builds on the archive (its records, files and storages); the archive imports nothing of it. The review desk
    (``submissions``) shows files that failed their audit under "My work"."""

    name = "preservation"
    verbose_name = _("Preservation")
