"""A testimony's index in the admin: points inline on the testimony (time typed as HH:MM:SS or seconds), each
point's own page for its links; importing an OHMS XML or WebVTT file from the testimony's page, and the staff's
OHMS XML (every linked person, the speakers as written)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from archive.admin.base import ArchiveModelAdmin
from archive.exchange import ohms
from archive.exchange.errors import ExchangeError
from archive.exchange.records import Imported, cues_of, import_ohms, import_webvtt, ohms_file, staff_segments
from archive.exchange.timecodes import clock, parse_time
from archive.exchange.translations import import_translation, staff_translation_cues
from archive.models import IndexHyperlink, IndexPoint, MediaFile, Testimony, Victim


class TimeField(forms.Field):
    """A time in the recording: ``12:34``, ``01:02:03`` or seconds (``754.5``)."""

    widget = forms.TextInput(attrs={"size": 12, "inputmode": "decimal"})

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("help_text", _("HH:MM:SS, MM:SS or seconds"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return clock(value, milliseconds=value != value.to_integral_value())
        return value

    def to_python(self, value) -> Decimal | None:
        text = str(value or "").strip()
        if not text:
            return None
        seconds = parse_time(text[:20])
        if seconds is None or len(text) > 20:
            raise forms.ValidationError(_("Type the time as HH:MM:SS, MM:SS or seconds."), code="time")
        return seconds


class IndexPointForm(forms.ModelForm):
    time = TimeField(label=_("time"))

    class Meta:
        model = IndexPoint
        fields = ["time"]  # the admin adds the rest from its fieldsets


class IndexPointInline(admin.StackedInline):
    model = IndexPoint
    form = IndexPointForm
    extra = 0
    show_change_link = True  # the point's own page holds its links
    autocomplete_fields = ["victims", "places"]
    fieldsets = [
        (None, {"fields": ["time", ("title_az", "title_en", "title_ru")]}),
        (
            _("Text"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("partial_transcript_az", "partial_transcript_en", "partial_transcript_ru"),
                    ("synopsis_az", "synopsis_en", "synopsis_ru"),
                    ("keywords_az", "keywords_en", "keywords_ru"),
                    ("subjects_az", "subjects_en", "subjects_ru"),
                ],
            },
        ),
        (_("People and places"), {"fields": ["victims", "places"]}),
        (
            _("Map point"),
            {"classes": ["collapse"], "fields": [("latitude", "longitude", "map_zoom"), "map_description"]},
        ),
    ]


class IndexHyperlinkInline(admin.TabularInline):
    model = IndexHyperlink
    fields = ["url", "text"]
    extra = 0


@admin.register(IndexPoint)
class IndexPointAdmin(ArchiveModelAdmin):
    form = IndexPointForm
    list_display = ["testimony", "time", "title_az", "title_en", "title_ru"]
    list_select_related = ["testimony"]
    search_fields = ["testimony__identifier", "title_az", "title_en", "title_ru"]
    autocomplete_fields = ["testimony", "victims", "places"]
    fieldsets = [(None, {"fields": ["testimony"]}), *IndexPointInline.fieldsets]
    inlines = [IndexHyperlinkInline]


class ExchangeFileForm(forms.Form):
    file = forms.FileField(
        label=_("OHMS XML or WebVTT file"),
        help_text=_(
            "An OHMS XML file replaces the index (and the transcript, if it has a time-coded one); a WebVTT file "
            "replaces the transcript. A file with any problem changes nothing."
        ),
    )

    translation = forms.ChoiceField(
        label=_("A WebVTT file holds"),
        choices=[
            ("", _("the transcript as spoken")),
            ("az", _("its translation into Azerbaijani")),
            ("en", _("its translation into English")),
            ("ru", _("its translation into Russian")),
        ],
        required=False,
        help_text=_(
            "A translation replaces the transcript's translation into that language; each cue must start and end "
            "where a segment of the transcript does."
        ),
    )

    LIMIT = 5 * 1024 * 1024  # a transcript of many hours is well under a megabyte

    def clean(self) -> dict:
        data = super().clean()
        upload = data.get("file")
        if data.get("translation") and upload is not None and not upload.name.lower().endswith(".vtt"):
            self.add_error("translation", _("A translation is imported from a WebVTT file (.vtt)."))
        return data

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.LIMIT:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        name = upload.name.lower()
        if not name.endswith((".xml", ".vtt")):
            raise forms.ValidationError(_("Choose an OHMS XML file (.xml) or a WebVTT file (.vtt)."))
        return upload


class TestimonyExchangeMixin:
    """The testimony's page in the admin: import an OHMS XML or WebVTT file, download the staff's OHMS XML."""

    def get_urls(self) -> list:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        own = [
            path("<path:object_id>/exchange/", self.admin_site.admin_view(self.exchange_view), name=f"{name}_exchange"),
            path(
                "<path:object_id>/exchange/ohms.xml",
                self.admin_site.admin_view(self.ohms_export_view),
                name=f"{name}_ohms",
            ),
        ]
        return own + super().get_urls()

    def _testimony_or_404(self, request: HttpRequest, object_id: str, *, change: bool) -> Testimony:
        testimony = self.get_object(request, object_id)
        if testimony is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, testimony) if change else self.has_view_permission(request, testimony)
        )
        if not allowed:
            raise PermissionDenied
        return testimony

    def exchange_context(self, testimony: Testimony) -> dict:
        """What else the exchange page shows (the translations' exports: ``archive.admin.transcripts``)."""
        return {}

    def exchange_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        testimony = self._testimony_or_404(request, object_id, change=True)
        form = ExchangeFileForm(request.POST or None, request.FILES or None)
        problems: list = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            is_webvtt = upload.name.lower().endswith(".vtt")
            language = form.cleaned_data.get("translation") or ""
            try:
                if language:
                    count = import_translation(testimony, language, content, filename=upload.name)
                    result = Imported(points=0, segments=count)
                elif is_webvtt:
                    result = import_webvtt(testimony, content, filename=upload.name)
                else:
                    result = import_ohms(
                        testimony, content, site_host=request.get_host().split(":")[0], filename=upload.name
                    )
            except ExchangeError as error:
                problems = error.problems
            else:
                text = (
                    _("The translation was replaced: %(segments)d segments.") % {"segments": result.segments}
                    if language
                    else _imported_message(result, index=not is_webvtt)
                )
                self.message_user(request, text, messages.SUCCESS)
                return redirect(
                    reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[testimony.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": testimony,
            "title": _("Import an index or transcript"),
            "form": form,
            "problems": problems,
            **self.exchange_context(testimony),
        }
        return TemplateResponse(request, "admin/archive/testimony/exchange.html", context)

    def ohms_export_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The staff's file: every linked person and the speakers as written, whatever the public may see."""
        testimony = self._testimony_or_404(request, object_id, change=False)
        points = list(
            testimony.index_points.prefetch_related(
                Prefetch("victims", queryset=Victim.objects.all(), to_attr="shown_victims"), "places", "hyperlinks"
            )
        )
        recording = testimony.media.filter(role=MediaFile.Role.RECORDING).first()
        cues = cues_of(staff_segments(testimony), recording.duration if recording else None)
        site = request.build_absolute_uri("/").rstrip("/")
        content = ohms_file(
            testimony,
            points,
            cues,
            site=site,
            recording=recording,
            narrator=testimony.narrator_name,
            translations=staff_translation_cues(testimony),
        )
        response = HttpResponse(content, content_type=ohms.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{testimony.identifier}.ohms.xml"'
        return response


def _imported_message(result: Imported, *, index: bool) -> str:
    if not index:
        return _("The transcript was replaced: %(segments)d segments.") % {"segments": result.segments}
    if result.segments is None:
        return _(
            "The index was replaced: %(points)d points. The transcript was kept (the file has no time-coded one)."
        ) % {"points": result.points}
    return _("The index was replaced: %(points)d points; the transcript: %(segments)d segments.") % {
        "points": result.points,
        "segments": result.segments,
    }
