"""Curators edit an interview's index in the admin: points inline on the testimony, times typed as a clock."""

from decimal import Decimal

import pytest

from archive.models import IndexHyperlink, IndexPoint
from tests.factories import TestimonyFactory

pytestmark = pytest.mark.django_db

ADD = "/en/admin/archive/indexpoint/add/"


def point_form(testimony, time: str, **extra) -> dict:
    return {
        "testimony": testimony.pk,
        "time": time,
        "title_az": "Tanklar",
        "hyperlinks-TOTAL_FORMS": "1",
        "hyperlinks-INITIAL_FORMS": "0",
        "hyperlinks-0-url": "https://example.org/tanks",
        "hyperlinks-0-text": "Tanks",
        **extra,
    }


@pytest.mark.parametrize(("typed", "seconds"), [("12:34", "754"), ("01:02:03", "3723"), ("75.5", "75.5")])
def test_a_point_is_added_with_its_time_as_a_clock_or_seconds(client, curator, typed, seconds):
    testimony = TestimonyFactory()
    client.force_login(curator)
    response = client.post(ADD, point_form(testimony, typed))
    assert response.status_code == 302, response.content.decode()[:2000]
    point = IndexPoint.objects.get(testimony=testimony)
    assert point.time == Decimal(seconds)
    assert [(link.url, link.text) for link in IndexHyperlink.objects.filter(point=point)] == [
        ("https://example.org/tanks", "Tanks")
    ]
    assert point.history.count() == 1


@pytest.mark.parametrize(
    ("typed", "extra", "message"),
    [
        ("12:75", {}, "Type the time as HH:MM:SS, MM:SS or seconds."),
        ("soon", {}, "Type the time as HH:MM:SS, MM:SS or seconds."),
        ("12:34", {"title_az": ""}, "Give the point a title in at least one language."),
        ("12:34", {"latitude": "40.4"}, "Give both latitude and longitude."),
        ("12:34", {"hyperlinks-0-url": "javascript:alert(1)"}, "Enter a valid URL."),
    ],
)
def test_a_bad_point_is_refused_with_a_message_and_nothing_saved(client, curator, typed, extra, message):
    testimony = TestimonyFactory()
    client.force_login(curator)
    response = client.post(ADD, point_form(testimony, typed, **extra))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IndexPoint.objects.exists() and not IndexHyperlink.objects.exists()


def test_the_testimony_page_shows_its_points_inline_with_clock_times(client, curator):
    testimony = TestimonyFactory()
    IndexPoint.objects.create(testimony=testimony, time=Decimal("3723"), title_az="Səhər")
    client.force_login(curator)
    page = client.get(f"/en/admin/archive/testimony/{testimony.pk}/change/").content.decode()
    assert "Index points" in page
    assert 'value="01:02:03"' in page
