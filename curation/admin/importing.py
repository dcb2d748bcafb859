"""Importing victims from the admin: upload a CSV file, see what it holds (line-numbered problems and likely
duplicates), confirm. The same checks and import as ``manage.py import_victims`` (``curation.importing``).

Between the preview and the confirmation the file is kept as uploaded in a private temporary file named by a random
token, in the folder of upload temporaries (never served; ``purge_upload_temporaries`` removes one left behind after
UPLOAD_TEMPORARY_HOURS). The session lists the tokens of its own uploads with their checksum, so a token is no good
to anyone else, and a file changed on disk is refused.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from archive.importing import ImportRefused, ImportResult, ImportRow
from archive.models import Victim
from archive.temporaries import upload_temp_dir
from curation.importing import DuplicatesRefused, Preview, victims_import, victims_preview

MAX_BYTES = 20 * 1024**2  # about 100,000 rows: more is an operator's job (manage.py import_victims)
SESSION_KEY = "curation_imports"
KEPT_PER_SESSION = 5
SHOWN_ROWS = 50
_FOLDER = "curation-imports"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma-separated, with a header row; the columns are those of import_victims."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most %(max)d MB can be imported here. Use manage.py import_victims.")
                % {"size": f"{upload.size / 1024**2:.1f}", "max": MAX_BYTES // 1024**2}
            )
        return upload


class ImportOptionsForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label=_("Skip invalid rows"), required=False, help_text=_("Import the valid rows; the others are listed.")
    )
    allow_duplicates = forms.BooleanField(
        label=_("Import likely duplicates too"),
        required=False,
        help_text=_("Rows that are likely a person already in the archive or earlier in the file."),
    )
    publish = forms.BooleanField(
        label=_("Publish the imported victims"), required=False, help_text=_("Otherwise they are drafts.")
    )

    def __init__(self, *args, may_publish: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["publish"]


@dataclass(frozen=True)
class KeptUpload:
    token: str
    name: str
    data: bytes


def _folder() -> Path:
    folder = Path(upload_temp_dir(), _FOLDER)
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def keep_upload(request: HttpRequest, name: str, data: bytes) -> str:
    """Keep the uploaded bytes until the confirmation; the token that finds them again."""
    token = secrets.token_urlsafe(24)
    path = _folder() / f"{token}.csv"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as kept:
        kept.write(data)
    uploads = dict(request.session.get(SESSION_KEY, {}))
    uploads[token] = {"name": name, "sha256": hashlib.sha256(data).hexdigest()}
    for old in list(uploads)[:-KEPT_PER_SESSION]:  # a session keeps its last few; the rest are let go
        forget_upload(request, old, uploads)
    request.session[SESSION_KEY] = uploads
    return token


def kept_upload(request: HttpRequest, token: str) -> KeptUpload | None:
    """The upload this session kept under ``token``, unchanged; None if there is none (another session's, gone)."""
    facts = request.session.get(SESSION_KEY, {}).get(token)
    if facts is None or not token.replace("-", "").replace("_", "").isalnum():
        return None
    try:
        data = (_folder() / f"{token}.csv").read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != facts["sha256"]:
        return None
    return KeptUpload(token=token, name=facts["name"], data=data)


def forget_upload(request: HttpRequest, token: str, uploads: dict | None = None) -> None:
    uploads = uploads if uploads is not None else dict(request.session.get(SESSION_KEY, {}))
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    (_folder() / f"{token}.csv").unlink(missing_ok=True)


def _require_add(modeladmin: admin.ModelAdmin, request: HttpRequest) -> None:
    if not modeladmin.has_add_permission(request):
        raise PermissionDenied


def _context(modeladmin: admin.ModelAdmin, request: HttpRequest, **extra) -> dict:
    request.current_app = modeladmin.admin_site.name
    return {**modeladmin.admin_site.each_context(request), "opts": modeladmin.model._meta, **extra}


def import_upload_view(modeladmin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    """Step 1: the file. A file that cannot be read at all (not UTF-8, no header, binary, too large) is refused here."""
    _require_add(modeladmin, request)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            victims_preview(data=data, file_name=upload.name)
        except ImportRefused as refused:
            refusal = refused.message
        else:
            token = keep_upload(request, upload.name, data)
            return HttpResponseRedirect(reverse("admin:archive_victim_import_preview", args=[token]))
    context = _context(modeladmin, request, title=gettext("Import victims from a CSV file"), form=form, refusal=refusal)
    return TemplateResponse(request, "admin/curation/import_upload.html", context)


def import_preview_view(modeladmin: admin.ModelAdmin, request: HttpRequest, token: str) -> HttpResponse:
    """Step 2: what the file holds and what would be refused; confirming imports it, all or nothing."""
    _require_add(modeladmin, request)
    upload = kept_upload(request, token)
    if upload is None:
        modeladmin.message_user(
            request, gettext("That upload is no longer kept here: upload the file again."), messages.WARNING
        )
        return HttpResponseRedirect(reverse("admin:archive_victim_import"))
    may_publish = modeladmin.has_publish_permission(request)
    options = ImportOptionsForm(request.POST if request.method == "POST" else None, may_publish=may_publish)
    refusal = ""
    if request.method == "POST" and options.is_valid():
        choice = options.cleaned_data
        try:
            result = victims_import(
                data=upload.data,
                file_name=upload.name,
                user=request.user,
                publish=choice.get("publish", False),
                skip_invalid=choice["skip_invalid"],
                allow_duplicates=choice["allow_duplicates"],
            )
        except ImportRefused as refused:
            refusal = _refusal_words(refused)
        except (DatabaseError, PermissionDenied) as error:
            refusal = gettext("Nothing was saved: %(error)s") % {"error": error}
        else:
            forget_upload(request, token)
            modeladmin.message_user(request, _imported_words(upload.name, result), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:archive_victim_changelist"))
    preview = victims_preview(data=upload.data, file_name=upload.name)
    context = _context(
        modeladmin,
        request,
        title=gettext("Import %(file)s") % {"file": upload.name},
        upload=upload,
        preview=preview,
        shown_rows=[_shown(row) for row in preview.checked.rows[:SHOWN_ROWS]],
        options=options,
        refusal=refusal,
        warnings=_warnings(preview),
    )
    return TemplateResponse(request, "admin/curation/import_preview.html", context)


@dataclass(frozen=True)
class ShownRow:
    line: int
    name: str
    birth: str
    death: str
    fate: str
    place: str


def _shown(row: ImportRow) -> ShownRow:
    victim = row.victim()
    return ShownRow(
        line=row.line,
        name=victim.full_name,
        birth=victim.birth_date,
        death=victim.death_date,
        fate=str(Victim.Fate(victim.fate).label) if victim.fate else "",
        place=row.place_name,
    )


def _imported_words(file_name: str, result: ImportResult) -> str:
    victims = ngettext("%(count)d victim (%(state)s)", "%(count)d victims (%(state)s)", result.created) % {
        "count": result.created,
        "state": gettext("published") if result.published else gettext("drafts"),
    }
    places = ngettext("%(count)d new place", "%(count)d new places", len(result.places_created)) % {
        "count": len(result.places_created)
    }
    return gettext("Imported from %(file)s: %(victims)s, %(places)s.") % {
        "file": file_name,
        "victims": victims,
        "places": places,
    }


def _refusal_words(refused: ImportRefused) -> str:
    """The command's message names its options; the page names its boxes."""
    if isinstance(refused, DuplicatesRefused):
        return gettext(
            "Nothing was saved: some rows are likely people already in the archive or earlier in the file. "
            "Correct the file, or tick “Import likely duplicates too”."
        )
    return gettext(
        "Nothing was saved: some rows cannot be imported. Correct the file, or tick “Skip invalid rows” (and "
        "“Import likely duplicates too” if there are any)."
    )


def _warnings(preview: Preview) -> list[str]:
    warnings = []
    if preview.checked.problems:
        count = preview.checked.bad_lines
        warnings.append(
            ngettext(
                "%(count)d row cannot be imported as it is.", "%(count)d rows cannot be imported as they are.", count
            )
            % {"count": count}
        )
    if preview.duplicates:
        count = preview.duplicate_lines
        warnings.append(
            ngettext(
                "%(count)d row is likely a person already in the archive or earlier in the file.",
                "%(count)d rows are likely people already in the archive or earlier in the file.",
                count,
            )
            % {"count": count}
        )
    return warnings
