import contextlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")

    def ready(self) -> None:
        from archive import content_version
        from archive.temporaries import upload_temp_dir

        content_version.connect_signals()

        # Django's checks refuse to start without the folder for upload temporaries (git-ignored, so absent from a
        # fresh checkout). If it cannot be made (a read-only disk), that check says so.
        with contextlib.suppress(OSError):
            upload_temp_dir()
