"""What every service of the desk does the same way: the permission check, the row locked with its version check,
the move through the model's state table, the audit entry.

Private to ``requests_desk.services``: callers use the services, never these.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext

from requests_desk.models import TransitionRefused, new_reference

M = TypeVar("M", bound=models.Model)


def record_event(
    event_model: type[M],
    subject: models.Model,
    *,
    action: str,
    user: AbstractBaseUser | None,
    from_state: str,
    note: str = "",
) -> M:
    """An audit entry of ``subject`` (a correction or an access request): who (no one for the public), what, from
    which state to the one it is in now, and why. The event model names its subject by its one foreign key."""
    subject_field = next(
        field.name for field in event_model._meta.fields if field.is_relation and field.related_model is type(subject)
    )
    return event_model.objects.create(
        **{subject_field: subject},
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        from_state=from_state,
        to_state=subject.state,
        note=note,
    )


def require_permission(user: AbstractBaseUser, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(gettext("Only the archive's staff with this role may do this."))


def lock(row: M, expected_version: int | None) -> M:
    """The row, locked for this transaction; refused if someone changed it since the page was shown."""
    locked = type(row).objects.select_for_update().get(pk=row.pk)
    if expected_version is not None and locked.version != expected_version:
        raise TransitionRefused(
            gettext(
                "Someone else changed this request while you were looking at it (it is now “%(state)s”). "
                "Nothing was done: reload the page and check before acting again."
            )
            % {"state": locked.get_state_display()}
        )
    return locked


def move(row: models.Model, action: str) -> str:
    """Refuse ``action`` unless the model's table allows it in this state, and move to the state it leads to;
    returns the state it left."""
    previous = row.state
    row.state = row.state_after(action)
    return previous


def save_with_new_version(row: models.Model) -> None:
    """Save the row with its version bumped, so a page shown before this step refuses to act on it."""
    row.version += 1
    row.save()


def create_once(model: type[M], *, form_token: str, prefix: str, **values: object) -> tuple[M, bool]:
    """A new row of ``model`` for the form shown with ``form_token``, under a reference no other row has; or the row
    that form already made (sent twice: a double click, a reload), and ``True`` for "already received"."""
    existing = model.objects.filter(form_token=form_token).first()
    if existing is not None:
        return existing, True
    reference = _unused_reference(model, prefix)
    try:
        with transaction.atomic():
            return model.objects.create(form_token=form_token, reference=reference, **values), False
    except IntegrityError:
        # Two copies of one form raced past the check above: the first one wins.
        existing = model.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing, True
        raise


def _unused_reference(model: type[models.Model], prefix: str) -> str:
    for _attempt in range(20):
        reference = new_reference(prefix)
        if not model.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("No free reference after 20 attempts")  # 30⁶ codes: never in practice
