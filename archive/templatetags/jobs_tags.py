from django import template
from django.contrib.auth.models import AbstractBaseUser

from archive.models import FailedTask

register = template.Library()
SHOWN = 5


@register.simple_tag
def failed_tasks(user: AbstractBaseUser) -> dict | None:
    """The background tasks that failed for good and await staff (the latest few, and how many), for those who may
    see them; None for anyone else."""
    if not user.has_perm("archive.view_failedtask"):
        return None
    unresolved = FailedTask.objects.unresolved()
    latest = list(unresolved[:SHOWN])
    return {"latest": latest, "count": len(latest) if len(latest) < SHOWN else unresolved.count()}
