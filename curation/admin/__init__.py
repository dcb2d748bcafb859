"""The curation tools in the admin: the victims' list and pages gain merging, undoing a merge and importing from a
CSV file (``victims``), and merges are listed (``merges``). Importing the modules registers them."""

from curation.admin import merges, victims

__all__ = ["merges", "victims"]
