"""Each action of the desk is allowed exactly in the states the model's table (``ACTIONS``) allows it: the services
follow the table, and refuse the rest without changing anything."""

from __future__ import annotations

import itertools

import pytest

from archive.models import Access
from requests_desk.inputs import AccessRequestDetails, CorrectionDetails
from requests_desk.models import AccessRequest, Correction, TransitionRefused
from requests_desk.services import (
    access_grant_revoke,
    access_request_decline,
    access_request_grant,
    access_request_note,
    access_request_receive,
    correction_apply,
    correction_assign,
    correction_claim,
    correction_decline,
    correction_note,
    correction_receive,
)
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db
_FORMS = itertools.count()

CORRECTION_SERVICES = {
    Correction.Action.CLAIM: lambda row, user: correction_claim(correction=row, user=user),
    Correction.Action.ASSIGN: lambda row, user: correction_assign(correction=row, user=user, assignee=user),
    Correction.Action.NOTE: lambda row, user: correction_note(correction=row, user=user, text="Seen."),
    Correction.Action.APPLY: lambda row, user: correction_apply(correction=row, user=user),
    Correction.Action.DECLINE: lambda row, user: correction_decline(correction=row, user=user, reason="No source."),
}
ACCESS_SERVICES = {
    AccessRequest.Action.GRANT: lambda row, user: access_request_grant(
        access_request=row, user=user, link_for=lambda token: f"http://testserver/access/{token}/"
    ),
    AccessRequest.Action.DECLINE: lambda row, user: access_request_decline(access_request=row, user=user, reason="No."),
    AccessRequest.Action.REVOKE: lambda row, user: access_grant_revoke(access_request=row, user=user, reason="Done."),
    AccessRequest.Action.NOTE: lambda row, user: access_request_note(access_request=row, user=user, text="Seen."),
}


def new_correction() -> Correction:
    details = CorrectionDetails("wrong", "right", "source", sender_email="a@example.org")
    return correction_receive(record=VictimFactory(), details=details, language="en", form_token=f"{next(_FORMS)}")[0]


def new_access_request() -> AccessRequest:
    details = AccessRequestDetails("Aysel", "aysel@example.org", "A study.", True)
    record = VictimFactory(access=Access.METADATA)
    return access_request_receive(record=record, details=details, language="en", form_token=f"{next(_FORMS)}")[0]


@pytest.mark.parametrize("state", Correction.State.values)
@pytest.mark.parametrize("action", list(Correction.Action))
def test_correction_actions_follow_the_state_table(curator, state, action):
    correction = new_correction()
    Correction.objects.filter(pk=correction.pk).update(state=state)
    correction.refresh_from_db()
    if correction.can(action):
        CORRECTION_SERVICES[action](correction, curator)
        correction.refresh_from_db()
        assert correction.state == Correction.ACTIONS[action][state]
    else:
        with pytest.raises(TransitionRefused):
            CORRECTION_SERVICES[action](correction, curator)
        correction.refresh_from_db()
        assert correction.state == state and correction.events.count() == 1


@pytest.mark.parametrize("state", AccessRequest.State.values)
@pytest.mark.parametrize("action", list(AccessRequest.Action))
def test_access_actions_follow_the_state_table(curator, state, action):
    access_request = new_access_request()
    AccessRequest.objects.filter(pk=access_request.pk).update(state=state)
    access_request.refresh_from_db()
    if access_request.can(action):
        ACCESS_SERVICES[action](access_request, curator)
        access_request.refresh_from_db()
        assert access_request.state == AccessRequest.ACTIONS[action][state]
    else:
        with pytest.raises(TransitionRefused):
            ACCESS_SERVICES[action](access_request, curator)
        access_request.refresh_from_db()
        assert access_request.state == state and access_request.events.count() == 1
