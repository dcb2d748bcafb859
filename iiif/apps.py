from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IiifConfig(AppConfig):
    name = "iiif"
    verbose_name = _("IIIF")

    def ready(self) -> None:
        # The archive must not import this app: it listens to the archive's saves instead (iiif/signals.py).
        from iiif import signals

        signals.connect_signals()
