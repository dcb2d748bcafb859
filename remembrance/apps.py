from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemembranceConfig(AppConfig):
    """Messages of remembrance that visitors leave on a victim's page, shown once a curator approves them.

    Builds on the archive (its victims, the form protections of ``archive.abuse`` and the content version the page
    cache keys on); the archive imports nothing of it. The victim's page shows the approved messages
    (``remembrance_tags``); the review desk (``submissions``) lists the waiting ones under "My work"."""

    name = "remembrance"
    verbose_name = _("Remembrance messages")
