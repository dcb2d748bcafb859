from django import template
from django.contrib.auth.models import AbstractBaseUser

from submissions.models import REVIEW_PERMISSION, Submission

register = template.Library()


@register.simple_tag
def submissions_awaiting(user: AbstractBaseUser) -> int | None:
    """How many submissions wait for a first look, for staff who review them; None for anyone else."""
    if not user.has_perm(REVIEW_PERMISSION):
        return None
    return Submission.objects.filter(state=Submission.State.NEW).count()
