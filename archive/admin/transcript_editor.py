"""The transcript editor on a testimony's admin page (``/admin/archive/testimony/<pk>/transcript/``): the recording's
player beside the segments as a form. Each button saves (split, join, delete, save), through
``archive.transcript_editing``; the page's script (memorial/static/memorial/js/transcript-editor.js) plays, marks
times, keeps its shortcuts and sends the form without reloading the player, and without it the page is a form.

Curators only: it takes changing the testimony and adding and changing its segments, which reviewers do not have."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from archive.admin.transcript_forms import TranscriptEditor
from archive.exchange.timecodes import parse_time
from archive.models import MediaFile, Testimony, TranscriptSegment
from archive.models.oralhistory import TRANSLATION_LANGUAGES
from archive.transcript_editing import Saved, StaleTranscript, TranscriptError, transcript_edit

SEGMENT_PERMISSIONS = ["archive.add_transcriptsegment", "archive.change_transcriptsegment"]


class TestimonyTranscriptEditorMixin:
    """Adds the editor's page and the "Edit the transcript" button to the testimony's admin."""

    def get_urls(self) -> list:
        name = f"{self.opts.app_label}_{self.opts.model_name}_transcript"
        own = [path("<path:object_id>/transcript/", self.admin_site.admin_view(self.transcript_view), name=name)]
        return own + super().get_urls()

    def may_edit_transcript(self, request: HttpRequest, testimony: Testimony | None = None) -> bool:
        return self.has_change_permission(request, testimony) and request.user.has_perms(SEGMENT_PERMISSIONS)

    def render_change_form(self, request: HttpRequest, context: dict, *args, obj=None, **kwargs):
        context["may_edit_transcript"] = obj is not None and self.may_edit_transcript(request, obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def transcript_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        testimony = self.get_object(request, object_id)
        if testimony is None:
            raise Http404
        if not self.may_edit_transcript(request, testimony):
            raise PermissionDenied
        status = 200
        if request.method != "POST":
            editor = TranscriptEditor(testimony)
        else:
            editor = TranscriptEditor(testimony, request.POST)
            if editor.is_valid():
                try:
                    saved = transcript_edit(
                        testimony=testimony,
                        rows=editor.rows(),
                        operation=editor.operation(),
                        user=request.user,
                        version=editor.version,
                    )
                except TranscriptError as error:
                    editor.refuse(error.problems)
                except StaleTranscript as stale:
                    # Their rows stay on the page under the new stamp: saving again replaces the other save, knowingly.
                    data = request.POST.copy()
                    data["version"] = stale.version
                    editor = TranscriptEditor(testimony, data)
                    editor.is_valid()
                    self.message_user(request, _stale_message(testimony), messages.ERROR)
                    status = 409
                else:
                    self.message_user(request, _saved_message(saved), messages.SUCCESS)
                    return redirect(_editor_url(testimony, saved))
        recording = testimony.media.filter(role=MediaFile.Role.RECORDING).first()
        moment = parse_time(request.GET.get("t", "")[:20])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": testimony,
            "title": _("Edit the transcript of %(identifier)s") % {"identifier": testimony.identifier},
            "editor": editor,
            "rows": editor.shown_rows(),
            "recording": recording,
            "moment": moment,
            "focus": request.GET.get("focus", ""),
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/archive/testimony/transcript_editor.html", context, status=status)


def _editor_url(testimony: Testimony, saved: Saved) -> str:
    address = reverse("admin:archive_testimony_transcript", args=[testimony.pk])
    query = {}
    if saved.at is not None:
        query["t"] = str(saved.at.normalize() if saved.at != saved.at.to_integral_value() else int(saved.at))
    if saved.focus is not None:
        query["focus"] = saved.focus
    return f"{address}?{urlencode(query)}" if query else address


def _saved_message(saved: Saved) -> str:
    message = _("Saved (%(reason)s): %(created)d added, %(changed)d changed, %(deleted)d deleted.") % {
        "reason": saved.reason,
        "created": saved.created,
        "changed": saved.changed,
        "deleted": saved.deleted,
    }
    if saved.translated and saved.focus:
        names = dict(TRANSLATION_LANGUAGES)
        message += " " + _(
            "The translations of segment %(first)d (%(languages)s) still hold both parts; segment %(second)d is not "
            "translated yet: divide them on the segments' pages."
        ) % {
            "first": saved.focus - 1,
            "second": saved.focus,
            "languages": ", ".join(str(names[code]) for code in saved.translated),
        }
    return message


def _stale_message(testimony: Testimony) -> str:
    last = (
        TranscriptSegment.history.filter(testimony_id=testimony.pk)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    who = str(last.history_user) if last and last.history_user else _("someone")
    when = date_format(localtime(last.history_date), "DATETIME_FORMAT") if last else ""
    return _(
        "%(who)s saved this transcript (%(when)s) after you opened it: nothing of yours was saved. Your version is "
        "below: save again to replace theirs with it, or reload the page to see theirs."
    ) % {"who": who, "when": when}
