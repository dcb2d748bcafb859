"""A testimony's index in the admin: points inline on the testimony (time typed as HH:MM:SS or seconds), each
point's own page for its links."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.admin.base import ArchiveModelAdmin
from archive.exchange.timecodes import clock, parse_time
from archive.models import IndexHyperlink, IndexPoint


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
