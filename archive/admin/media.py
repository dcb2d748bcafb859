"""Media files in the admin: previews through the permission-checked URLs, uploads through ingest."""

from __future__ import annotations

import logging

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive import services
from archive.admin.base import ArchiveAdminForm, ArchiveModelAdmin
from archive.ingest import IngestError, prepare_upload
from archive.models import MediaFile

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = ["role", "order", "caption_az", "caption_en", "caption_ru", "alt_text", "is_distressing", "withheld"]
FILE_FACTS = [
    "kind",
    "content_type",
    "size_display",
    "dimensions",
    "duration",
    "codec",
    "sha256",
    "source_sha256",
    "processing",
    "processing_error",
]


def media_preview(media: MediaFile, *, size: int = 160) -> str:
    """A thumbnail, player or link for ``media``, always through the URLs that check who may see the file."""
    if media.pk is None:
        return "—"
    url = media.get_absolute_url()
    if media.kind == MediaFile.Kind.IMAGE:
        # Its size from a class (memorial/static/memorial/admin.css): the Content Security Policy allows no style
        # attribute.
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" class="media-preview media-preview--{}" loading="lazy"></a>',
            url,
            media.get_thumbnail_url() or url,
            media.alt_text,
            size,
        )
    if media.kind == MediaFile.Kind.AUDIO:
        return format_html('<audio controls preload="none" src="{}"></audio>', url)
    if media.kind == MediaFile.Kind.VIDEO:
        return format_html('<video controls preload="none" width="{}" src="{}"></video>', size * 2, url)
    return format_html('<a href="{}">{}</a>', url, gettext("Open the file"))


class MediaFileFactsMixin:
    """Read-only facts recorded at ingest, shown the same way in the inline and on the media file's own page."""

    @admin.display(description=_("preview"))
    def preview(self, obj: MediaFile) -> str:
        return media_preview(obj)

    @admin.display(description=_("size"), ordering="size")
    def size_display(self, obj: MediaFile) -> str:
        if obj.size is None:
            return "—"
        return format_html("{} ({} B)", filesizeformat(obj.size), obj.size)

    @admin.display(description=_("dimensions"))
    def dimensions(self, obj: MediaFile) -> str:
        if not (obj.width and obj.height):
            return "—"
        return gettext("%(width)d × %(height)d px") % {"width": obj.width, "height": obj.height}


class MediaFileUploadForm(ArchiveAdminForm):
    """A new file comes in through ``upload`` and archive.ingest; the stored file itself is never edited."""

    upload = forms.FileField(
        label=_("file to add"),
        required=False,
        help_text=_("Image, audio, video or PDF. Its type is decided by its content; its name is not kept in storage."),
    )

    class Meta:
        model = MediaFile
        fields = EDITABLE_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.prepared = None
        if self.instance.pk is not None:
            self.fields["upload"].disabled = True
            self.fields["upload"].help_text = _(
                "A stored file is never replaced; add a new file as another media file."
            )

    def clean_upload(self) -> File | None:
        if self.instance.pk is not None:
            return None
        upload = self.cleaned_data.get("upload")
        if not upload:
            raise ValidationError(_("Choose a file to add."), code="required")
        try:
            self.prepared = prepare_upload(upload)
        except IngestError as error:
            raise ValidationError(str(error), code="ingest") from error
        return upload


class MediaFileInline(MediaFileFactsMixin, admin.StackedInline):
    model = MediaFile
    form = MediaFileUploadForm
    extra = 0
    fields = ["preview", "upload", *EDITABLE_FIELDS, *FILE_FACTS, "original_name", "is_demo"]
    readonly_fields = ["preview", *FILE_FACTS, "original_name", "is_demo"]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class MediaUploadAdminMixin:
    """Saves new rows of the media inline through services.media_file_attach; edits of stored rows save plainly."""

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OSError:
            if request.method != "POST":
                raise  # only a save writes files; sending a page back to itself would loop
            # Storage failed (a full disk, an unreachable bucket): the admin's transaction rolled the whole change
            # back and ingest deleted what it had written, so the curator is told plainly rather than shown a 500.
            logger.exception("A file could not be stored from the admin")
            self.message_user(
                request, gettext("The change could not be saved. Nothing was changed; try again."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())

    def save_formset(self, request: HttpRequest, form: forms.ModelForm, formset, change: bool) -> None:
        if formset.model is not MediaFile:
            super().save_formset(request, form, formset, change)
            return
        record = formset.instance
        # The admin builds its change message from these, which formset.save() would otherwise fill.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.initial_forms:
            if inline_form.instance.pk is not None and inline_form.has_changed():
                formset.changed_objects.append((inline_form.save(), inline_form.changed_data))
        for inline_form in formset.extra_forms:
            if inline_form.prepared is None or not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            media = services.media_file_attach(
                record=record,
                prepared=inline_form.prepared,
                role=data["role"],
                order=data["order"],
                caption_az=data["caption_az"],
                caption_en=data["caption_en"],
                caption_ru=data["caption_ru"],
                alt_text=data["alt_text"],
                is_distressing=data["is_distressing"],
                withheld=data["withheld"],
                is_demo=record.is_demo,
                user=request.user,
            )
            formset.new_objects.append(media)


@admin.register(MediaFile)
class MediaFileAdmin(MediaFileFactsMixin, ArchiveModelAdmin):
    """Every stored file in one list. Files are added on their record's page and never deleted here."""

    list_display = [
        "thumbnail_preview",
        "__str__",
        "record_link",
        "role",
        "kind",
        "processing",
        "size_display",
        "withheld",
        "demo_flag",
    ]
    list_display_links = ["__str__"]
    list_filter = ["kind", "role", "is_distressing", "withheld", "is_demo"]
    list_select_related = ["victim", "testimony", "document"]
    search_fields = [
        "sha256",
        "original_name",
        "caption_az",
        "caption_en",
        "caption_ru",
        "victim__identifier",
        "testimony__identifier",
        "document__identifier",
    ]
    fields = ["preview", "record_link", *EDITABLE_FIELDS, *FILE_FACTS, "original_name", "is_demo", "created_at"]
    readonly_fields = ["preview", "record_link", *FILE_FACTS, "original_name", "is_demo", "created_at"]
    ordering = ["-created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    @admin.display(description=_("preview"))
    def thumbnail_preview(self, obj: MediaFile) -> str:
        return media_preview(obj, size=80)

    @admin.display(description=_("record"))
    def record_link(self, obj: MediaFile) -> str:
        record = obj.record
        if record is None:
            return "—"
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record)
