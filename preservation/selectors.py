"""Reads for the staff pages: which stored files failed their latest fixity check."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from archive.models import MediaFile
from preservation.models import FixityCheck
from submissions.models import SubmissionFile

VIEW_PERMISSION = "preservation.view_fixitycheck"


def files_failing_fixity() -> QuerySet[FixityCheck]:
    """The latest check of each stored file (a record's original, its thumbnail, a submitted file), where it failed
    or found the file missing (a file checked again and found whole leaves the list); files whose rows were since
    deleted are left out. The newest first."""
    latest = (
        FixityCheck.objects.filter(media_key=OuterRef("media_key"), kind=OuterRef("kind"))
        .order_by("-pk")
        .values("pk")[:1]
    )
    return (
        FixityCheck.objects.problems()
        .filter(pk=Subquery(latest))
        .filter(
            Exists(MediaFile.objects.filter(pk=OuterRef("media_file_id")))
            | Exists(SubmissionFile.objects.filter(pk=OuterRef("submission_file_id")))
        )
        .order_by("-pk")
    )
