from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsDeskConfig(AppConfig):
    """What the public asks of the archive about its records: corrections of what a record says, and access to the
    files of records whose files are closed ("metadata only").

    Builds on the archive (the records, their files and the form protections of ``archive.abuse``); the archive
    imports nothing of it. The review desk (``submissions``) lists its new work under "My work"."""

    name = "requests_desk"
    verbose_name = _("Corrections and access requests")
