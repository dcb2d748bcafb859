"""An upload handler for the public forms: files stream to temporary files on disk (never a 2 GB video in
memory; in the project's folder for them, ``archive.temporaries``), and a file is dropped as soon as it passes the
limit for its kind, or the request passes its total, or there are too many files. What was dropped is named in
``request.submission_upload_refusals`` for the form.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadhandler import SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, ngettext

from archive.ingest import size_limit_for, sniff_kind
from archive.temporaries import UploadTemporaryFileHandler

TOO_MANY_NAMED = 5  # files named in the message about too many files; the rest are counted


def _limit_for(head: bytes) -> int:
    # The same sniffing prepare_upload uses, so the early limit is the one the full check will apply.
    kind = sniff_kind(head)
    if kind is None:
        # Refused later by its contents anyway; no reason to take in more than the smallest limit.
        return min(settings.ARCHIVE_MAX_UPLOAD_SIZE.values())
    return size_limit_for(kind)


class SubmissionUploadHandler(UploadTemporaryFileHandler):
    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.files_seen = 0
        self.total = 0
        self.refusals: list[str] = []
        self.too_many: list[str] = []  # names of the files past SUBMISSION_MAX_FILES
        if request is not None:
            request.submission_upload_refusals = self.refusals

    def new_file(self, field_name, file_name, *args, **kwargs) -> None:
        self.files_seen += 1
        self.current_name = file_name
        self.current_size = 0
        self.current_limit: int | None = None
        if self.files_seen > settings.SUBMISSION_MAX_FILES:
            self._refuse_one_too_many(file_name)
            # The parser closes ``self.file`` on SkipFile: it must not be the previous, finished upload.
            self.file = io.BytesIO()
            raise SkipFile
        super().new_file(field_name, file_name, *args, **kwargs)

    def _refuse_one_too_many(self, file_name: str) -> None:
        """One message for all the files past the limit, however many were chosen (sixty photos at once)."""
        if not self.too_many:
            self.refusals.append("")
            self.too_many_at = len(self.refusals) - 1
        self.too_many.append(file_name)
        shown = ", ".join(f"“{name}”" for name in self.too_many[:TOO_MANY_NAMED])
        if len(self.too_many) > TOO_MANY_NAMED:
            shown += ", …"
        self.refusals[self.too_many_at] = ngettext(
            "%(names)s was not taken: at most %(count)d files can be sent at once.",
            "%(number)d files were not taken (%(names)s): at most %(count)d files can be sent at once.",
            len(self.too_many),
        ) % {"names": shown, "number": len(self.too_many), "count": settings.SUBMISSION_MAX_FILES}

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.current_limit is None:
            self.current_limit = _limit_for(raw_data)
        self.current_size += len(raw_data)
        self.total += len(raw_data)
        if self.current_size > self.current_limit:
            self._drop(
                gettext("“%(name)s” is too large: the limit is %(limit)s.")
                % {"name": self.current_name, "limit": filesizeformat(self.current_limit)}
            )
        if self.total > settings.SUBMISSION_MAX_TOTAL_BYTES:
            self._drop(
                gettext("“%(name)s” was not taken: everything sent at once may be at most %(limit)s.")
                % {"name": self.current_name, "limit": filesizeformat(settings.SUBMISSION_MAX_TOTAL_BYTES)}
            )
        return super().receive_data_chunk(raw_data, start)

    def _drop(self, message: str) -> None:
        self.refusals.append(message)
        self.file.close()  # the temporary file is deleted on close
        raise SkipFile

    def upload_interrupted(self) -> None:
        # After a skipped file ``self.file`` may be the stand-in, which has no temporary file to remove.
        if hasattr(getattr(self, "file", None), "temporary_file_path"):
            super().upload_interrupted()
