"""The curators' side: the messages by state with who decided and when, decisions that change the victim's page,
"My work", and closing a person's messages at the family's request."""

from __future__ import annotations

import pytest

from remembrance import services
from remembrance.models import Message
from tests.factories import UserFactory, VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(send, victim):
    assert send(victim, text="Gözləyən xatirə sözləri.", name="Aygün").status_code == 302
    return Message.objects.get()


def decide(client, message: Message, decision: str, *, seen: str | None = None, prefix: str = "/en"):
    return client.post(
        f"{prefix}/review/remembrance/{message.pk}/decide/",
        {"decision": decision, "seen": seen or message.state, "next": f"{prefix}/review/remembrance/"},
    )


def test_only_curators_reach_the_messages(client, reviewer, curator, waiting):
    assert client.get("/en/review/remembrance/").status_code == 302  # to the sign-in
    client.force_login(reviewer)
    assert client.get("/en/review/remembrance/").status_code == 403
    assert decide(client, waiting, "approve").status_code == 403
    assert Message.objects.get().state == "new"
    client.force_login(curator)
    page = client.get("/en/review/remembrance/")
    assert page.status_code == 200 and "Gözləyən xatirə sözləri." in page.content.decode()


def test_a_curator_approves_and_the_queue_says_who_and_when(client, curator, waiting, victim):
    client.force_login(curator)
    response = decide(client, waiting, "approve")
    assert response.status_code == 302 and response["Location"] == "/en/review/remembrance/"
    message = Message.objects.get()
    assert (message.state, message.reviewed_by, message.reviewed_at is not None) == ("approved", curator, True)
    approved = client.get("/en/review/remembrance/?state=approved").content.decode()
    assert "Gözləyən xatirə sözləri." in approved and "curator" in approved
    assert "Approved (1)" in approved and "New (0)" in approved
    assert "Gözləyən xatirə sözləri." in client.get(f"/en/victims/{victim.identifier}/").content.decode()
    # Every step kept, with who.
    steps = [(entry.history_change_reason, entry.history_user) for entry in message.history.order_by("history_date")]
    assert steps == [("received", None), ("approve", curator)]


def test_rejecting_an_approved_message_takes_it_off_the_page(client, curator, waiting, victim):
    client.force_login(curator)
    decide(client, waiting, "approve")
    decide(client, Message.objects.get(), "reject")
    assert Message.objects.get().state == "rejected"
    assert "Gözləyən xatirə sözləri." not in client.get(f"/en/victims/{victim.identifier}/").content.decode()
    rejected = client.get("/en/review/remembrance/?state=rejected").content.decode()
    assert "Gözləyən xatirə sözləri." in rejected and ">Approve<" in rejected  # a mistake can be put right


def test_a_decision_taken_meanwhile_by_someone_else_is_not_overturned(client, curator, waiting):
    other = UserFactory(username="other-curator")
    services.message_decide(message=waiting, decision="reject", user=other, seen="new")
    client.force_login(curator)
    response = decide(client, waiting, "approve", seen="new")
    assert Message.objects.get().state == "rejected"
    shown = client.get(response["Location"]).content.decode()
    assert "Someone else decided on this message meanwhile" in shown


def test_no_message_is_approved_while_messages_are_closed(client, curator, waiting, victim):
    services.messages_set_closed(victim=victim, closed=True, note="the family asked", user=curator)
    client.force_login(curator)
    shown = client.get(decide(client, waiting, "approve")["Location"]).content.decode()
    assert Message.objects.get().state == "new"
    assert "Messages are closed for this person" in shown


def test_my_work_lists_waiting_messages_for_curators_only(client, curator, reviewer, waiting, victim):
    client.force_login(curator)
    work = client.get("/en/review/").content.decode()
    assert "Remembrance messages waiting" in work and "Gözləyən xatirə sözləri." in work
    assert f"/en/review/remembrance/victims/{victim.identifier}/" in work
    client.force_login(reviewer)
    assert "Remembrance messages waiting" not in client.get("/en/review/").content.decode()
    client.force_login(curator)
    decide(client, waiting, "reject")
    assert "No message is waiting to be read." in client.get("/en/review/").content.decode()


def test_a_curator_closes_a_persons_messages_at_the_familys_request_and_opens_them_again(client, curator, victim):
    client.force_login(curator)
    found = client.get("/en/review/remembrance/victims/", {"identifier": victim.identifier.lower().replace("-0", " ")})
    assert found["Location"] == f"/en/review/remembrance/victims/{victim.identifier}/"
    page = f"/en/review/remembrance/victims/{victim.identifier}/"

    refused = client.post(page, {"closed": "1", "note": ""})
    assert refused.status_code == 400 and not services.messages_closed(victim)  # the reason is asked for

    client.post(page, {"closed": "1", "note": "Leyla, his sister, asked by phone"})
    assert services.messages_closed(victim)
    assert "Messages are closed for this person." in client.get(f"/en/victims/{victim.identifier}/").content.decode()
    shown = client.get(page).content.decode()
    assert "Leyla, his sister, asked by phone" in shown and "Open messages again" in shown
    queue = client.get("/en/review/remembrance/").content.decode()
    assert victim.identifier in queue[queue.index("data-closed-list") :]

    client.post(page, {"closed": "0", "note": "the family agreed"})
    assert not services.messages_closed(victim)
    history = client.get(page).content.decode()
    assert history.index("the family agreed") < history.index("Leyla, his sister, asked")  # latest first
    table = history[history.index("<table") : history.index("</table>")]
    assert table.count("<td>curator</td>") == 2  # who, each time


def test_an_unknown_identifier_is_said_so(client, curator):
    client.force_login(curator)
    response = client.get("/en/review/remembrance/victims/", {"identifier": "V-999999"}, follow=True)
    assert "No victim has that identifier" in response.content.decode()


def test_the_victims_page_lists_its_messages_in_every_state(client, curator, send, victim):
    other = VictimFactory(surname_az="Başqası")
    send(victim, text="Birinci söz.")
    send(victim, text="İkinci söz.")
    send(other, text="Başqa adama.")
    first = Message.objects.get(text="Birinci söz.")
    services.message_decide(message=first, decision="approve", user=curator, seen="new")
    client.force_login(curator)
    page = client.get(f"/en/review/remembrance/victims/{victim.identifier}/").content.decode()
    assert "Birinci söz." in page and "İkinci söz." in page and "Başqa adama." not in page
