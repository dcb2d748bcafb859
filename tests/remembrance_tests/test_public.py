"""A visitor's message of remembrance: sent from the form's own page, kept unseen until a curator approves it, then
shown on the victim's page as plain text, in the page's language order, and nowhere else."""

from __future__ import annotations

import json
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.abuse import issue_stamp
from archive.models import Status
from remembrance import services
from remembrance.forms import STAMP_SALT
from remembrance.models import MAX_TEXT, Message
from tests.factories import VictimFactory
from tests.remembrance_tests.conftest import form_data

pytestmark = pytest.mark.django_db


def page_of(client, victim, prefix: str = "/en") -> str:
    response = client.get(f"{prefix}/victims/{victim.identifier}/")
    assert response.status_code == 200
    return response.content.decode()


def approve(message: Message, curator) -> Message:
    return services.message_decide(message=message, decision="approve", user=curator, seen=message.state)


# --- the form's own page ----------------------------------------------------------------------------------------


def test_the_victim_page_links_to_the_form_and_holds_no_form_of_its_own(client, victim):
    page = page_of(client, victim)
    assert f'href="/en/victims/{victim.identifier}/remember/"' in page
    assert "csrfmiddlewaretoken" not in page and "<textarea" not in page  # it is kept for everyone by the page cache
    form = client.get(f"/en/victims/{victim.identifier}/remember/")
    assert form.status_code == 200
    assert "csrfmiddlewaretoken" in form.content.decode() and "<textarea" in form.content.decode()
    assert form["Cache-Control"] == "private, no-store"
    assert "noindex" in form["X-Robots-Tag"]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN])
def test_a_victim_the_public_cannot_see_takes_no_message(client, status):
    hidden = VictimFactory(status=status)
    assert client.get(f"/en/victims/{hidden.identifier}/remember/").status_code == 404
    assert client.post(f"/en/victims/{hidden.identifier}/remember/", form_data()).status_code == 404
    assert not Message.objects.exists()


def test_a_message_is_kept_new_and_shown_nowhere_until_a_curator_approves_it(client, send, victim, curator):
    response = send(victim, text="Biz səni heç vaxt unutmayacağıq.", name="Qonşusu Aygün")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/en/victims/{victim.identifier}/remember/sent/?m=")
    message = Message.objects.get()
    assert (message.state, message.language, message.name) == ("new", "en", "Qonşusu Aygün")
    assert message.sender_key and "127.0.0.1" not in message.sender_key  # the address hashed, never kept as it is
    assert "Biz səni heç vaxt unutmayacağıq." in client.get(response["Location"]).content.decode()  # the thanks
    assert "Biz səni heç vaxt unutmayacağıq." not in page_of(client, victim)

    approve(message, curator)

    page = page_of(client, victim)
    assert "Biz səni heç vaxt unutmayacağıq." in page and "Qonşusu Aygün" in page


def test_a_rejected_message_is_never_shown(client, send, victim, curator):
    send(victim, text="Bu yazı göstərilməməlidir.")
    message = Message.objects.get()
    services.message_decide(message=message, decision="reject", user=curator, seen="new")
    assert "Bu yazı göstərilməməlidir." not in page_of(client, victim)


def test_html_in_a_message_is_shown_as_text_and_no_address_becomes_a_link(client, send, victim, curator):
    text = (
        "<script>alert('x')</script> <b>bold</b> <a href=\"https://spam.example/buy\">click</a> "
        "see https://casino.example/win, www.cheap-pills.com or write to seller@example.org."
    )
    send(victim, text=text, name="<img src=x onerror=alert(1)>")
    message = Message.objects.get()
    assert "https://" not in message.text and "www." not in message.text and "@example.org" not in message.text
    approve(message, curator)

    page = page_of(client, victim)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<b>bold</b>" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    for address in ("spam.example", "casino.example", "cheap-pills.com", "seller@example.org"):
        assert address not in page
    shown = page[page.index('class="remembrance__list"') :]
    assert "<a " not in shown[: shown.index("</ul>")]  # nothing in the messages is a link


def test_a_message_of_links_alone_is_refused(client, send, victim):
    response = send(victim, text="https://spam.example/a www.spam.ru")
    assert response.status_code == 400
    assert "links and e-mail addresses are not kept" in response.content.decode()
    assert not Message.objects.exists()


def test_a_message_longer_than_the_limit_is_refused_with_nothing_kept(client, send, victim):
    response = send(victim, text="a" * (MAX_TEXT + 1))
    assert response.status_code == 400
    assert f"at most {MAX_TEXT} characters" in response.content.decode()
    assert not Message.objects.exists()
    assert send(victim, text="a" * MAX_TEXT).status_code == 302
    assert len(Message.objects.get().text) == MAX_TEXT


def test_the_same_form_sent_twice_is_one_message(client, victim):
    data = form_data(text="İki dəfə göndərildi.")
    for _attempt in range(2):
        assert client.post(f"/en/victims/{victim.identifier}/remember/", data).status_code == 302
    assert Message.objects.count() == 1


# --- spam protections ---------------------------------------------------------------------------------------------


def test_a_filled_honeypot_is_refused_and_nothing_kept(client, send, victim):
    response = send(victim, website="http://bot.example")
    assert response.status_code == 400
    assert "a field meant to stay empty was filled in" in response.content.decode()
    assert not Message.objects.exists()


def test_a_form_sent_faster_than_a_person_writes_is_refused_and_nothing_kept(client, victim, settings):
    settings.REMEMBRANCE_MIN_FILL_SECONDS = 3
    data = {**form_data(), "stamp": issue_stamp(salt=STAMP_SALT)}  # shown just now
    response = client.post(f"/en/victims/{victim.identifier}/remember/", data)
    assert response.status_code == 400
    assert "sent very quickly" in response.content.decode()
    assert not Message.objects.exists()


@pytest.mark.parametrize("stamp", ["", "forged", "another form's"])
def test_a_form_without_a_good_stamp_is_refused_and_shown_again_with_a_good_one(client, victim, stamp):
    if stamp == "another form's":
        stamp = issue_stamp(issued_at=time.time() - 60)  # the submission form's, good there and nowhere else
    response = client.post(f"/en/victims/{victim.identifier}/remember/", {**form_data(), "stamp": stamp})
    assert response.status_code == 400
    assert not Message.objects.exists()
    assert "Your message" in response.content.decode()
    shown = response.context["form"]["stamp"].value()
    assert shown != stamp and shown  # a fresh stamp, so the form can be sent as it stands


def test_too_many_messages_from_one_address_are_refused(client, send, victim, settings):
    settings.REMEMBRANCE_RATE_LIMIT = 2
    cache.clear()
    assert [send(victim, text=f"Xatirə {number}.").status_code for number in range(2)] == [302, 302]
    refused = send(victim, text="Üçüncü.")
    assert refused.status_code == 429 and "Retry-After" in refused
    assert Message.objects.count() == 2


def test_refused_posts_have_their_own_higher_limit(client, send, victim, settings):
    settings.REMEMBRANCE_RATE_LIMIT = 1
    cache.clear()
    statuses = [send(victim, website="x").status_code for _post in range(6)]
    assert statuses == [400] * 5 + [429]
    assert not Message.objects.exists()


# --- closed messages ----------------------------------------------------------------------------------------------


def test_closed_messages_show_a_note_and_no_form_and_a_post_is_refused(client, victim, curator):
    services.messages_set_closed(victim=victim, closed=True, note="at his sister's request", user=curator)

    page = page_of(client, victim)
    assert "Messages are closed for this person." in page
    assert "/remember/" not in page
    form_page = client.get(f"/en/victims/{victim.identifier}/remember/").content.decode()
    assert "Messages are closed for this person." in form_page and "<textarea" not in form_page
    assert "his sister" not in page + form_page  # the note is for staff

    response = client.post(f"/en/victims/{victim.identifier}/remember/", form_data())
    assert response.status_code == 403
    assert not Message.objects.exists()

    services.messages_set_closed(victim=victim, closed=False, note="the family agreed", user=curator)
    assert f"/en/victims/{victim.identifier}/remember/" in page_of(client, victim)
    assert client.post(f"/en/victims/{victim.identifier}/remember/", form_data()).status_code == 302


def test_messages_shown_before_closing_stay_shown(client, send, victim, curator):
    send(victim, text="Əvvəlcədən yazılıb.")
    approve(Message.objects.get(), curator)
    services.messages_set_closed(victim=victim, closed=True, note="the family asked", user=curator)
    page = page_of(client, victim)
    assert "Əvvəlcədən yazılıb." in page and "Messages are closed for this person." in page


# --- order ----------------------------------------------------------------------------------------------------------


def test_approved_messages_come_in_the_page_languages_order(client, send, victim, curator):
    for prefix, text in [
        ("/en", "Old English words."),
        ("", "Köhnə Azərbaycan sözləri."),
        ("/ru", "Старые русские слова."),
        ("/en", "New English words."),
        ("", "Yeni Azərbaycan sözləri."),
    ]:
        assert send(victim, prefix=prefix, text=text).status_code == 302
        time.sleep(0.01)  # written one after another
    for message in Message.objects.all():
        approve(message, curator)

    def order(prefix: str) -> list[str]:
        page = page_of(client, victim, prefix)
        texts = [message.text for message in Message.objects.all()]
        return sorted(texts, key=page.index)

    assert order("/en") == [
        "New English words.",
        "Old English words.",
        "Yeni Azərbaycan sözləri.",
        "Старые русские слова.",
        "Köhnə Azərbaycan sözləri.",
    ]
    assert order("")[:2] == ["Yeni Azərbaycan sözləri.", "Köhnə Azərbaycan sözləri."]
    assert order("/ru")[0] == "Старые русские слова."
    assert 'lang="ru"' in page_of(client, victim, "/en")  # each message marked with the language it was written in


# --- nowhere but the victim's page ------------------------------------------------------------------------------


def test_approved_messages_are_in_no_search_sitemap_feed_or_api(client, send, victim, curator):
    word = "Zümrüdqanadlı"
    send(victim, text=f"{word} quş kimi uçdun.")
    approve(Message.objects.get(), curator)
    assert word in page_of(client, victim)

    results = client.get("/en/search/", {"q": word}).content.decode()  # the word is echoed, as typed
    assert victim.identifier not in results and "quş kimi" not in results
    api = json.loads(client.get("/api/v1/search/", {"q": word}).content)
    assert api["count"] == 0 and api["results"] == []
    for path in ("/sitemap.xml", "/sitemap-victims.xml", "/feeds/recent/", "/en/victims/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert word not in response.content.decode(), path


# --- the page cache -------------------------------------------------------------------------------------------


def fetch(client, path: str, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    response.queries = [query for query in captured if "SAVEPOINT" not in query["sql"]]
    return response


def test_the_victim_page_stays_cached_and_shows_an_approved_message_on_the_next_request(client, send, victim, curator):
    path = f"/en/victims/{victim.identifier}/"
    send(victim, text="Keşdən sonra görünəcək.")  # received, not approved: the page is unchanged
    first = fetch(client, path)
    kept = fetch(client, path)
    assert len(kept.queries) == 1  # served from the page cache: only the content version was read
    assert "Keşdən sonra görünəcək." not in kept.content.decode()

    approve(Message.objects.get(), curator)

    fresh = fetch(client, path)
    assert "Keşdən sonra görünəcək." in fresh.content.decode()
    assert fresh["ETag"] != first["ETag"]
    again = fetch(client, path)
    assert len(again.queries) == 1 and again.content == fresh.content  # kept again
    # A browser holding the page from before the approval is sent the new one, not "304 Not Modified".
    assert fetch(client, path, if_none_match=first["ETag"]).status_code == 200
    assert fetch(client, path, if_none_match=fresh["ETag"]).status_code == 304


def test_a_message_received_leaves_the_kept_page_alone(client, send, victim):
    path = f"/en/victims/{victim.identifier}/"
    fetch(client, path)
    send(victim, text="Yeni, hələ oxunmayıb.")
    assert len(fetch(client, path).queries) == 1  # nothing the public sees changed


def test_a_victim_page_without_messages_asks_nothing_more_of_the_database(client, victim, settings):
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as captured:
        page_of(client, victim)
    assert not any("remembrance_message" in query["sql"] and "COUNT" not in query["sql"] for query in captured)


# --- merged records -----------------------------------------------------------------------------------------------


def test_messages_left_on_a_record_merged_into_another_show_on_the_kept_ones_page(client, send, curator):
    from curation.merging import victims_merge

    kept = VictimFactory(surname_az="Quliyev", given_name_az="Samir")
    other = VictimFactory(surname_az="Kuliyev", given_name_az="Samir")
    send(other, text="Köhnə səhifədə yazılmışdı.")
    approve(Message.objects.get(), curator)
    victims_merge(kept=kept, other=other, user=curator, reason="one person")

    assert "Köhnə səhifədə yazılmışdı." in page_of(client, kept)
    response = client.get(f"/en/victims/{other.identifier}/remember/")
    assert response.status_code == 301
    assert response["Location"] == f"/en/victims/{kept.identifier}/remember/"


def test_the_thanks_page_shows_the_message_only_by_the_link_the_sender_was_given(client, send, victim):
    response = send(victim, text="Bu sözlər, linksiz: https://spam.example/x")
    thanks = client.get(response["Location"]).content.decode()
    assert "Bu sözlər, linksiz: […]" in thanks and "spam.example" not in thanks
    for forged in ("", "?m=1", "?m=bad"):
        page = client.get(f"/en/victims/{victim.identifier}/remember/sent/{forged}")
        assert page.status_code == 302 and page["Location"] == f"/en/victims/{victim.identifier}/remember/"
    assert "sessionid" not in client.cookies  # no session for a visitor: their next pages come from the cache
