"""Victims, testimonies and documents: the public records curators edit, publish and withdraw."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import JSON
from import_export.forms import ExportForm

from archive.admin.base import ArchiveAdminForm, PublishableAdmin
from archive.admin.batch_edit import edit_selected
from archive.admin.document_index import DocumentIndexPointInline
from archive.admin.history import VictimHistoryMixin
from archive.admin.media import MediaFileInline, MediaUploadAdminMixin
from archive.admin.oralhistory import IndexPointInline, TestimonyExchangeMixin
from archive.admin.transcript_editor import TestimonyTranscriptEditorMixin
from archive.admin.transcripts import SegmentForm, TestimonyTranscriptMixin
from archive.models import Document, NameVariant, Testimony, TranscriptSegment, Victim
from archive.models.records import LANGUAGE_CHOICES
from archive.resources import SpreadsheetSafeCSV, VictimResource

PUBLICATION_FIELDSET = (
    _("Publication"),
    {
        "fields": [
            ("status", "access"),
            ("embargo_until", "media_closed_until"),
            ("published_at", "withdrawn_at"),
            "withdrawal_reason",
            "withdrawal_note",
            "is_demo",
            ("created_at", "updated_at"),
        ]
    },
)
# Status changes only through the publish and withdraw actions, which check permission and keep the reason.
PUBLICATION_READONLY = [
    "identifier",
    "status",
    "published_at",
    "withdrawn_at",
    "withdrawal_reason",
    "is_demo",
    "created_at",
    "updated_at",
]


class RecordAdmin(MediaUploadAdminMixin, PublishableAdmin):
    """A record with a permanent identifier and stored files."""

    actions = [*PublishableAdmin.actions, edit_selected]


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    fields = ["name", "kind", "note"]
    extra = 0


class TranscriptSegmentInline(admin.TabularInline):
    model = TranscriptSegment
    form = SegmentForm  # editing a machine draft's text marks it checked
    fields = ["start", "end", "speaker_role", "speaker_person", "speaker", "text", "machine_draft"]
    autocomplete_fields = ["speaker_person"]
    extra = 0
    show_change_link = True  # the segment's own page holds its translations


@admin.register(Victim)
class VictimAdmin(VictimHistoryMixin, ExportMixin, RecordAdmin):
    list_display = ["identifier", "name", "fate", "incident_place", "status", "access", "demo_flag"]
    list_display_links = ["identifier", "name"]
    list_filter = ["fate", "status", "access", "gender", "incident_place", "is_demo"]
    list_select_related = ["incident_place"]
    search_fields = [
        "identifier",
        "surname_az",
        "given_name_az",
        "patronymic_az",
        "surname_ru",
        "given_name_ru",
        "patronymic_ru",
        "surname_en",
        "given_name_en",
        "patronymic_en",
        "variants__name",
    ]
    search_help_text = _("Identifier, or any part of a name in any script, including other spellings.")
    autocomplete_fields = ["incident_place", "burial_place", "sources"]
    readonly_fields = [*PUBLICATION_READONLY, "birth_earliest", "birth_latest", "death_earliest", "death_latest"]
    inlines = [NameVariantInline, MediaFileInline]
    fieldsets = [
        (None, {"fields": ["identifier"]}),
        (
            _("Name"),
            {
                "fields": [
                    ("surname_az", "given_name_az", "patronymic_az"),
                    ("surname_ru", "given_name_ru", "patronymic_ru"),
                    ("surname_en", "given_name_en", "patronymic_en"),
                ]
            },
        ),
        (
            _("Life"),
            {
                "fields": [
                    "gender",
                    "birth_date",
                    ("birth_earliest", "birth_latest"),
                    "death_date",
                    ("death_earliest", "death_latest"),
                    "fate",
                    ("incident_place", "burial_place"),
                    ("occupation_az", "occupation_ru", "occupation_en"),
                ]
            },
        ),
        (_("Biography"), {"fields": ["biography_az", "biography_ru", "biography_en"]}),
        (_("Sources"), {"fields": ["sources"]}),
        PUBLICATION_FIELDSET,
    ]
    # Export only: importing is `manage.py import_victims`, which validates the whole file first.
    resource_classes = [VictimResource]
    export_formats = [SpreadsheetSafeCSV, JSON]
    export_form_class = ExportForm

    @admin.display(description=_("name"), ordering="sort_key")
    def name(self, obj: Victim) -> str:
        return obj.full_name

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_or_change_permission(request)


class TestimonyAdminForm(ArchiveAdminForm):
    # Stored as a JSON list of codes; curators tick languages instead of typing JSON.
    languages = forms.MultipleChoiceField(
        label=_("languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Testimony
        fields = ["languages"]  # the admin adds the rest from its fieldsets


@admin.register(Testimony)
class TestimonyAdmin(TestimonyTranscriptEditorMixin, TestimonyTranscriptMixin, TestimonyExchangeMixin, RecordAdmin):
    form = TestimonyAdminForm
    list_display = [
        "identifier",
        "title",
        "narrator_name",
        "narrator_consent",
        "recorded_date",
        "status",
        "access",
        "demo_flag",
    ]
    list_display_links = ["identifier", "title"]
    list_filter = ["status", "access", "narrator_consent", "provenance", "rights", "recorded_place", "is_demo"]
    list_select_related = ["recorded_place"]
    search_fields = ["identifier", "title", "narrator_name", "narrator_pseudonym", "interviewer"]
    autocomplete_fields = ["recorded_place", "victims", "subjects", "sources"]
    readonly_fields = [*PUBLICATION_READONLY, "recorded_earliest", "recorded_latest"]
    inlines = [IndexPointInline, TranscriptSegmentInline, MediaFileInline]
    fieldsets = [
        (None, {"fields": ["identifier", "title"]}),
        (
            _("Narrator"),
            {
                "fields": [
                    ("narrator_name", "narrator_relationship"),
                    "narrator_consent",
                    "narrator_pseudonym",
                    "interviewer",
                ]
            },
        ),
        (
            _("Recording"),
            {"fields": ["recorded_date", ("recorded_earliest", "recorded_latest"), "recorded_place", "languages"]},
        ),
        (_("Content"), {"fields": ["summary_az", "summary_ru", "summary_en", "transcript"]}),
        (_("Related"), {"fields": ["victims", "subjects", "sources"]}),
        (_("Rights and provenance"), {"fields": [("rights", "rights_holder"), "provenance", "provenance_note"]}),
        PUBLICATION_FIELDSET,
    ]


@admin.register(Document)
class DocumentAdmin(RecordAdmin):
    list_display = ["identifier", "title", "kind", "date", "status", "access", "demo_flag"]
    list_display_links = ["identifier", "title"]
    list_filter = ["kind", "status", "access", "rights", "is_demo"]
    search_fields = ["identifier", "title", "creator", "holding_institution", "reference"]
    autocomplete_fields = ["victims", "testimonies", "sources"]
    readonly_fields = [*PUBLICATION_READONLY, "date_earliest", "date_latest"]
    inlines = [MediaFileInline, DocumentIndexPointInline]
    fieldsets = [
        (None, {"fields": ["identifier", "kind", "title"]}),
        (
            _("Origin"),
            {"fields": ["date", ("date_earliest", "date_latest"), "creator", "holding_institution", "reference"]},
        ),
        (_("Content"), {"fields": ["description_az", "description_ru", "description_en", "transcription"]}),
        (_("Related"), {"fields": ["victims", "testimonies", "sources"]}),
        (_("Rights"), {"fields": [("rights", "rights_holder")]}),
        PUBLICATION_FIELDSET,
    ]
