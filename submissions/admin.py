"""Submissions in the admin: read-only (the review pages are where staff work); actions go through services."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from submissions.models import (
    Submission,
    SubmissionEvent,
    SubmissionFile,
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


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["reference", "state", "created_at", "assigned_to", "consent"]
    list_filter = ["state", "consent"]
    search_fields = ["reference"]
    ordering = ["created_at"]
    inlines = [PersonInline, FileInline, MessageInline, EventInline]
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
