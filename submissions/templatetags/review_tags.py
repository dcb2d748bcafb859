from django import template
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from submissions.models import Submission

register = template.Library()

ACTION_LABELS = {
    "received": _("Received"),
    "claimed": _("Claimed"),
    "assigned": _("Assigned"),
    "asked_family": _("Question to the family"),
    "family_answered": _("The family answered"),
    "family_added_files": _("The family added files"),
    "family_added_person": _("The family added a person"),
    "consent_changed": _("Consent changed"),
    "note": _("Internal note"),
    "declined": _("Declined"),
    "marked_spam": _("Marked as spam"),
    "files_purged": _("Files deleted"),
    "accepted": _("Accepted"),
    "linked_victim": _("Victim linked"),
    "link_reissued": _("New status link sent"),
    "withdrawn": _("Withdrawn"),
}


@register.simple_tag
def submissions_awaiting(user: AbstractBaseUser) -> int | None:
    """How many submissions wait for a first look, for staff who review them; None for anyone else."""
    if not user.has_perm("submissions.review_submission"):
        return None
    return Submission.objects.filter(state=Submission.State.NEW).count()


@register.filter
def action_label(action: str) -> str:
    """What an audit entry's action code means, in words (the code itself if it has no label)."""
    return ACTION_LABELS.get(action, action)
