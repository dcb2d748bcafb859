from django import template
from django.contrib.auth.models import AbstractBaseUser

from submissions.models import Submission
from submissions.services import ACTION_LABELS

register = template.Library()


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
