"""The curators' admin. Importing the modules registers their admins with the default site."""

from archive.admin import media, records, reference

__all__ = ["media", "records", "reference"]
