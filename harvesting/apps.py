from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HarvestingConfig(AppConfig):
    """The archive's public records for other archives and aggregators to harvest: OAI-PMH 2.0 at ``/oai``.

    Builds on the archive (its publication rule, record kinds and the Dublin Core and MODS crosswalk of
    ``archive.exchange``); the archive imports nothing of it. No models: what it serves is read from the records."""

    name = "harvesting"
    verbose_name = _("Harvesting (OAI-PMH)")
