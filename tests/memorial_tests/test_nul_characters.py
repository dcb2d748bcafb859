"""A NUL character never reaches the database (PostgreSQL refuses one in any text value): 404 or 400 instead."""

import pytest

from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/en/victims/%00/", 404),
        ("/victims/V-%0000001/", 404),
        ("/ru/testimonies/T-000001%00/", 404),
        ("/submissions/%00abc/", 404),
        ("/submit/?victim=%00", 400),
        ("/api/v1/search/?q=a&place=%00", 400),
        ("/search/?q=%00", 400),
        ("/victims/?place=%00&letter=M", 400),
        ("/search/suggest/?q=M%00", 400),
        ("/en/victims/?%00=1", 400),
    ],
)
def test_a_nul_in_the_address_or_its_parameters_is_refused_before_the_database(client, url, status):
    VictimFactory()

    response = client.get(url)

    assert response.status_code == status


def test_the_refusal_is_a_page_in_the_language_of_the_address(client):
    html = client.get("/en/victims/?place=%00").content.decode()

    assert '<html lang="en">' in html
    assert "The request could not be read" in html


def test_a_nul_in_a_staff_filter_is_refused(client, reviewer):
    client.force_login(reviewer)

    assert client.get("/review/?reference=%00").status_code == 400


def test_a_nul_in_a_posted_form_is_refused(client):
    response = client.post("/submissions/lost-link/", {"reference": "AB\x00CD", "email": "a@example.org"})

    assert response.status_code == 400


def test_a_cookie_holding_a_nul_is_ignored_not_fatal(client):
    VictimFactory()
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"

    assert client.get("/victims/").status_code == 200
