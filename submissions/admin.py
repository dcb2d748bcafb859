"""Submissions in the admin: read-only (the review pages are where staff work); actions go through services."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from submissions.models import (
    Submission,
    SubmissionEvent,
    SubmissionFile,
    SubmissionMail,
    SubmissionMessage,
    SubmissionPerson,
    TransitionRefused,
)
from submissions.services import submission_mark_spam


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PersonInline(ReadOnlyInline):
    model = SubmissionPerson
    fields = ["position", "victim", "person_name", "new_surname", "new_given_name", "new_death_date", "linked_victim"]
    readonly_fields = fields


class FileInline(ReadOnlyInline):
    model = SubmissionFile
    fields = ["kind", "caption", "content_type", "size", "sha256", "media_file", "purged_at"]
    readonly_fields = fields


class MessageInline(ReadOnlyInline):
    model = SubmissionMessage
    fields = ["created_at", "kind", "author", "text"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = SubmissionEvent
    fields = ["created_at", "actor", "user", "action", "from_state", "to_state", "note"]
    readonly_fields = fields


class MailInline(ReadOnlyInline):
    """The mails sent about the submission, and any that could not be sent and wait for staff to send them again
    (from the failed background tasks on the staff home). Seen by whoever may read the submission; the text a mail
    keeps for that holds the family's private link, so only its subject is shown."""

    model = SubmissionMail
    fields = ["created_at", "name", "recipients", "sent_at", "waiting"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("submissions.view_submission")

    @admin.display(description=_("waiting to be sent again"))
    def waiting(self, obj: SubmissionMail) -> str:
        return obj.subject if obj.sent_at is None and obj.body else ""


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["reference", "state", "created_at", "assigned_to", "consent"]
    list_filter = ["state", "consent"]
    search_fields = ["reference"]
    ordering = ["created_at"]
    inlines = [PersonInline, FileInline, MessageInline, EventInline, MailInline]
    actions = ["mark_spam"]
    exclude = ["documents"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Submission._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # nothing lost: spam is purged of its files by purge_spam_submissions, not deleted

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        for submission in queryset:
            try:
                submission_mark_spam(submission=submission, user=request.user)
            except TransitionRefused as refused:
                self.message_user(request, f"{submission}: {refused.message}", messages.WARNING)
