"""The curators' admin. Importing the modules registers their admins with the default site."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.admin import jobs, media, oralhistory, records, reference

admin.site.site_header = _("Yaddaş — the curators' desk")
admin.site.site_title = _("Yaddaş curators")
admin.site.index_title = _("Records, submissions and sources")

__all__ = ["jobs", "media", "oralhistory", "records", "reference"]
