"""A testimony's transcript in the admin beyond its segments: translations (each segment's own page, and a
WebVTT file per language imported and exported from the testimony's exchange page) and machine drafts (asked for
from the testimony's page when a speech recognizer is configured; marked on each segment until a person checks it).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from archive.admin.base import ArchiveAdminForm, ArchiveModelAdmin
from archive.exchange import webvtt
from archive.exchange.records import cues_of, staff_segments
from archive.exchange.translations import LANGUAGES, staff_translation_webvtt, translation_languages
from archive.models import MediaFile, SegmentTranslation, Testimony, TranscriptSegment
from archive.transcription import is_configured
from archive.transcription.services import DraftRefused, draft_request, human_segment_count, recording_of


class SegmentForm(ArchiveAdminForm):
    """A segment's row: a machine draft whose text a person edits is no longer a machine draft."""

    class Meta:
        model = TranscriptSegment
        fields = ["start", "end", "speaker_role", "speaker_person", "speaker", "text", "machine_draft"]

    def clean(self) -> dict:
        data = super().clean()
        if self.instance.pk and self.instance.machine_draft and "text" in self.changed_data:
            data["machine_draft"] = False
        return data


class SegmentTranslationInline(admin.TabularInline):
    model = SegmentTranslation
    fields = ["language", "text"]
    extra = 0


@admin.register(TranscriptSegment)
class TranscriptSegmentAdmin(ArchiveModelAdmin):
    """A segment's own page: its text in other languages (the translations of the transcript share its times)."""

    form = SegmentForm
    list_display = ["testimony", "start", "end", "text", "machine_draft"]
    list_filter = ["machine_draft"]
    list_select_related = ["testimony"]
    search_fields = ["testimony__identifier", "text", "translations__text"]
    autocomplete_fields = ["testimony", "speaker_person"]
    fields = ["testimony", ("start", "end"), ("speaker_role", "speaker_person", "speaker"), "text", "machine_draft"]
    inlines = [SegmentTranslationInline]


class DraftForm(forms.Form):
    replace_human = forms.BooleanField(
        label=_("Replace the segments people wrote"),
        required=False,
        help_text=_("Without this, the draft is written only if the transcript has no segments written by people."),
    )


class TestimonyTranscriptMixin:
    """The testimony's page: the staff's WebVTT of the transcript and of each translation, and the machine draft."""

    def get_urls(self) -> list:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        own = [
            path("<path:object_id>/transcribe/", view(self.draft_view), name=f"{name}_transcribe"),
            path("<path:object_id>/exchange/transcript.vtt", view(self.webvtt_export_view), name=f"{name}_webvtt"),
            path(
                "<path:object_id>/exchange/transcript.<str:language>.vtt",
                view(self.webvtt_export_view),
                name=f"{name}_webvtt_translation",
            ),
        ]
        return own + super().get_urls()

    def render_change_form(self, request: HttpRequest, context: dict, *args, **kwargs) -> HttpResponse:
        context["transcription_configured"] = is_configured()
        return super().render_change_form(request, context, *args, **kwargs)

    def webvtt_export_view(self, request: HttpRequest, object_id: str, language: str = "") -> HttpResponse:
        """The transcript (or its translation into ``language``) as the staff's WebVTT: speakers as written."""
        testimony = self._testimony_or_404(request, object_id, change=False)
        if language:
            if language not in LANGUAGES:
                raise Http404
            content = staff_translation_webvtt(testimony, language)
        else:
            recording = testimony.media.filter(role=MediaFile.Role.RECORDING).first()
            content = webvtt.write(cues_of(staff_segments(testimony), recording.duration if recording else None))
        response = HttpResponse(content, content_type=webvtt.CONTENT_TYPE)
        suffix = f".{language}" if language else ""
        response["Content-Disposition"] = f'attachment; filename="{testimony.identifier}{suffix}.vtt"'
        return response

    def exchange_context(self, testimony: Testimony) -> dict:
        return {**super().exchange_context(testimony), "translations": translation_languages(testimony)}

    def draft_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Ask for a machine draft: says what will happen (and asks before replacing people's segments), then
        queues it. Answers 404 when no recognizer is configured: the page offers nothing then."""
        testimony = self._testimony_or_404(request, object_id, change=True)
        if not is_configured():
            raise Http404
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[testimony.pk])
        form = DraftForm(request.POST if request.method == "POST" else None)
        error = ""
        if request.method == "POST" and form.is_valid():
            try:
                draft_request(testimony=testimony, replace_human=form.cleaned_data["replace_human"])
            except DraftRefused as refused:
                error = str(refused)
            else:
                self.message_user(
                    request,
                    _("The machine draft was asked for: its segments appear here, marked as drafts, once it has run."),
                    messages.SUCCESS,
                )
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": testimony,
            "title": _("Machine draft of the transcript"),
            "form": form,
            "error": error,
            "recording": recording_of(testimony),
            "human_segments": human_segment_count(testimony),
        }
        return TemplateResponse(request, "admin/archive/testimony/transcribe.html", context)
