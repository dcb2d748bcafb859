"""What the family's status page says about its submission's state, and the summary of its forms' problems."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from submissions.models import Submission

register = template.Library()

# What each state means for the family, in their words. Spam is "closed" to them: the internal name is for staff.
FAMILY_STATES = {
    Submission.State.NEW: (
        _("Received"),
        _("The archive has received what you sent. A member of its staff will read it soon."),
    ),
    Submission.State.IN_REVIEW: (
        _("Being read"),
        _(
            "A member of the archive's staff is reading what you sent. If we have a question, it will appear on this "
            "page, and we will e-mail you if you gave an address."
        ),
    ),
    Submission.State.WAITING: (
        _("Waiting for your answer"),
        _("We asked you a question: see the messages below. Please answer here; the review goes on once you do."),
    ),
    Submission.State.ACCEPTED: (
        _("Accepted"),
        _(
            "The archive has taken your testimony in. A curator checks the records made from it before anything is "
            "published, and publishes only what your consent allows."
        ),
    ),
    Submission.State.DECLINED: (
        _("Declined"),
        _("The archive cannot take this submission in. The reason is in the messages below."),
    ),
    Submission.State.WITHDRAWN: (
        _("Withdrawn by you"),
        _("You took this submission back. Nothing from it is shown to the public."),
    ),
    Submission.State.SPAM: (
        _("Closed"),
        _("This submission is closed. Nothing from it is shown to the public."),
    ),
}


@register.simple_tag
def family_state(submission: Submission) -> dict[str, str]:
    """The state as the family reads it: ``label``, ``meaning`` and the ``css`` modifier of its box (spam shows as
    closed, like its label)."""
    label, meaning = FAMILY_STATES[submission.state]
    css = "closed" if submission.state == Submission.State.SPAM else submission.state
    return {"label": label, "meaning": meaning, "css": css}


@register.simple_tag
def error_summary(
    *forms: BaseForm | BaseFormSet, error: str = "", refusals: Iterable[str] = ()
) -> list[dict[str, str]]:
    """Every problem of the page's ``forms``, each linked to its field where it has one (a formset's own errors to
    its ``summary_anchor``), after the page's own ``error`` and the upload's ``refusals``."""
    items = [{"text": text} for text in ([error] if error else []) + list(refusals)]
    for form in forms:
        if isinstance(form, BaseFormSet):
            anchor = getattr(form, "summary_anchor", "")
            items.extend({"text": text, "anchor": anchor} for text in form.non_form_errors())
            for number, row in enumerate(form.forms, start=1):
                items.extend(_field_errors(row, number=number))
        else:
            items.extend({"text": text} for text in form.non_field_errors())
            items.extend(_field_errors(form))
    return items


def _field_errors(form, *, number: int | None = None) -> list[dict[str, str]]:
    items = []
    for field in form:
        # Radio buttons have no element with the field's own id: link to the first one.
        anchor = field.id_for_label or f"{field.auto_id}_0"
        label = gettext("File %(number)s") % {"number": number} if field.name == "file" and number else field.label
        items.extend({"text": f"{label}: {error}", "anchor": anchor} for error in field.errors)
    return items
