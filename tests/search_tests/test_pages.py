"""The search page, its facets, sorting and paging, the snippets, and the JSON API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Access, IdentifierCounter, Status, TranscriptSegment, Victim
from search import selectors
from tests.factories import DocumentFactory, PlaceFactory, TestimonyFactory, VictimFactory
from tests.search_tests.test_withheld_media import recording

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    baku = PlaceFactory(slug="baku", name_en="Baku")
    sumqayit = PlaceFactory(slug="sumqayit", name_en="Sumqayit")
    victims = [
        VictimFactory(surname_az="Məmmədov", given_name_az=f"Ad{n}", incident_place=baku if n % 2 else sumqayit)
        for n in range(5)
    ]
    victims.append(
        VictimFactory(surname_az="Məmmədova", given_name_az="Səbinə", fate=Victim.Fate.INJURED, death_date="")
    )
    testimony = TestimonyFactory(
        title="Məmmədovun ailəsi", languages=["ru"], recorded_date="2005", transcript="", recorded_place=baku
    )
    TranscriptSegment.objects.create(testimony=testimony, start=10, text="Biz evdə idik.")
    TranscriptSegment.objects.create(testimony=testimony, start="754.5", text="Qonşumuz Məmmədov yaralandı.")
    document = DocumentFactory(title="Arayış", description_en="Certificate for Mammadov", date="1990-02")
    return victims, testimony, document


def test_results_are_grouped_by_kind_with_counts(client, archive):
    response = client.get("/en/search/", {"q": "Mammadov"})
    assert response.status_code == 200
    found = response.context["found"]
    assert found.counts == {"victims": 6, "testimonies": 1, "documents": 1}
    assert [hit.kind for hit in found.hits] == ["victims"] * 6 + ["testimonies", "documents"]
    html = response.content.decode()
    assert 'id="group-victims"' in html and 'id="group-testimonies"' in html and 'id="group-documents"' in html


def test_a_transcript_hit_links_to_its_moment(client, archive):
    _victims, testimony, _document = archive
    recording(testimony)
    data = client.get("/api/v1/search/", {"q": "yaralandı", "kind": "testimonies"}).json()
    assert data["results"] == [
        {
            "kind": "testimonies",
            "identifier": testimony.identifier,
            "title": testimony.title,
            "url": f"http://testserver{testimony.get_absolute_url()}#t=754",
            "snippet": "Qonşumuz Məmmədov <mark>yaralandı</mark>.",
            "demo": False,
        }
    ]


def test_snippets_escape_the_text_before_marking_hits(found):
    document = DocumentFactory(title="Poster", description_en='<script>alert("x")</script> Barricade & <b>tanks</b>')
    hits = selectors.search("tanks", selectors.Filters()).hits
    assert found("tanks") == [document.identifier]
    assert str(hits[0].snippet) == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Barricade &amp; &lt;b&gt;<mark>tanks</mark>&lt;/b&gt;"
    )


def test_facets_combine_and_live_in_the_url(client, archive):
    response = client.get("/en/search/", {"q": "Mammadov", "kind": "victims", "place": "baku"})
    found = response.context["found"]
    assert found.total == 2
    assert {hit.kind for hit in found.hits} == {"victims"}
    facets = {facet.name: facet for facet in found.facets}
    assert [(v.value, v.count) for v in facets["fate"].values] == [("killed", 2)]
    place = next(v for v in facets["place"].values if v.value == "baku")
    assert place.selected and "place=" not in place.url  # following a chosen value removes it
    assert "q=Mammadov" in place.url and "kind=victims" in place.url


def test_a_facet_for_one_kind_leaves_the_others_out(found, archive):
    victims, testimony, document = archive
    assert found("Mammadov", fate="injured") == [victims[5].identifier]
    assert found("Mammadov", language="ru") == [testimony.identifier]
    assert found("Mammadov", year=1990) == [v.identifier for v in victims[:5]] + [document.identifier]
    assert found("Mammadov", year=2005) == [testimony.identifier]


def test_has_media_facet_counts_only_records_that_show_media(found, archive):
    assert found("Mammadov", media=True) == []


def test_sort_by_name_and_date(found, archive):
    victims, _testimony, _document = archive
    by_name = found("Mammadov", kind="victims", sort="name")
    assert by_name[-1] == victims[5].identifier  # Məmmədova after every Məmmədov
    by_date = found("Mammadov", kind="victims", sort="date")
    assert by_date[-1] == victims[5].identifier  # no date sorts last


def test_paging_keeps_the_query_and_facets(client):
    for n in range(25):
        VictimFactory(surname_az="Rzayev", given_name_az=f"Ad{n}")
    first = client.get("/en/search/", {"q": "Rzayev", "kind": "victims"})
    assert len(first.context["found"].hits) == 20
    assert "?q=Rzayev&amp;kind=victims&amp;page=2" in first.content.decode()
    second = client.get("/en/search/", {"q": "Rzayev", "kind": "victims", "page": 2})
    assert len(second.context["found"].hits) == 5
    api = client.get("/api/v1/search/", {"q": "Rzayev", "page": 2}).json()
    assert api["page"] == 2 and api["count"] == 25 and len(api["results"]) == 5


def test_a_results_page_makes_a_fixed_number_of_queries(client):
    def queries_for(q: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/search/", {"q": q}).status_code == 200
        return len(captured)

    place = PlaceFactory()
    victim = VictimFactory(surname_az="Kazımov", incident_place=place)
    testimony = TestimonyFactory(title="Kazımov haqqında")
    TranscriptSegment.objects.create(testimony=testimony, start=1, text="Kazımov")
    DocumentFactory(title="Kazımov arayışı")
    few = queries_for("Kazımov")
    for n in range(15):
        VictimFactory(surname_az="Kazımov", given_name_az=f"Ad{n}", incident_place=PlaceFactory())
        t = TestimonyFactory(title=f"Kazımov {n}", access=Access.PUBLIC)
        TranscriptSegment.objects.create(testimony=t, start=n, text="Kazımov")
        DocumentFactory(title=f"Kazımov {n}")
    assert victim.pk
    assert queries_for("Kazımov") <= few  # never more with more results (fewer kinds on page one)


def test_pages_in_every_language_and_without_a_query(client, archive):
    for path in ["/search/", "/en/search/", "/ru/search/"]:
        assert client.get(path, {"q": "Мамедов"}).status_code == 200
        assert client.get(path).status_code == 200
    assert client.get("/api/v1/search/").status_code == 400


def test_every_page_has_a_labelled_search_form(client):
    html = client.get("/en/").content.decode()
    assert 'role="search"' in html and 'for="site-search"' in html and 'action="/en/search/"' in html


@pytest.mark.parametrize("typed", ["V-000123", "v-123", "V000123", " V 123 ", "v–000123"])
def test_a_permanent_identifier_goes_straight_to_its_record(client, typed):
    IdentifierCounter.objects.update_or_create(prefix="V", defaults={"last": 122})
    victim = VictimFactory(surname_az="Kazımov")
    assert victim.identifier == "V-000123"
    response = client.get("/en/search/", {"q": typed})
    assert response.status_code == 302 and response["Location"] == victim.get_absolute_url()
    api = client.get("/api/v1/search/", {"q": typed}).json()
    assert [(hit["kind"], hit["identifier"]) for hit in api["results"]] == [("victims", "V-000123")]


def test_the_identifier_of_a_hidden_record_finds_nothing(client):
    testimony = TestimonyFactory(title="Gizli", status=Status.DRAFT)
    response = client.get("/en/search/", {"q": testimony.identifier})
    assert response.status_code == 200 and 'class="search-hit' not in response.content.decode()
    assert client.get("/api/v1/search/", {"q": testimony.identifier}).json()["count"] == 0


def test_demo_records_are_marked_in_suggestions_and_the_api(client):
    VictimFactory(surname_az="Nümunəli", given_name_az="Elvin", is_demo=True)
    suggestion = client.get("/search/suggest/", {"q": "Numun"}).json()["suggestions"][0]
    assert suggestion["demo"] is True
    assert client.get("/api/v1/search/", {"q": "Numunali"}).json()["results"][0]["demo"] is True
    assert 'data-demo-label="DEMO"' in client.get("/en/victims/").content.decode()  # the header's search box


@pytest.mark.parametrize("typed", ["?", "—", "...", "*", "%", "№", "« »", "-- ''"])
def test_a_query_of_only_punctuation_shows_the_empty_search_page(client, archive, typed):
    response = client.get("/en/search/", {"q": typed})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Type a name in any script or spelling" in html
    assert 'id="group-victims"' not in html


@pytest.mark.parametrize("typed", ["?", "—", "...", "*", "%", "№"])
def test_the_api_answers_a_query_of_only_punctuation_with_no_results(client, archive, typed):
    response = client.get("/api/v1/search/", {"q": typed, "kind": "testimonies"})

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 0 and data["results"] == [] and data["next"] is None
    assert client.get("/search/suggest/", {"q": typed}).json() == {"suggestions": []}
