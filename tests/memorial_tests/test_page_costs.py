"""What a public page costs when it is computed: a fixed number of queries whatever the number of records, and
counts summed from grouped queries that say exactly what a count per filter said."""

import hashlib
import itertools
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from archive.models import (
    Access,
    Document,
    DocumentIndexPoint,
    IndexHyperlink,
    IndexPoint,
    MediaFile,
    Status,
    Testimony,
    TranscriptSegment,
    Victim,
)
from memorial.filters import AZ_LETTERS, DocumentFilter, TestimonyFilter, VictimFilter, with_age_bounds
from memorial.selectors import browse
from tests.factories import (
    DocumentFactory,
    EventFactory,
    NameVariantFactory,
    PlaceFactory,
    SourceFactory,
    SubjectFactory,
    TestimonyFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def computed_pages(settings):
    """Every page computed, as on the first request after a change: the page cache in front keeps nothing."""
    settings.PAGE_CACHE_SECONDS = 0


SURNAMES = ["Əliyev", "Cəfərov", "Çələbiyev", "İsmayılov", "Işıqlı", "Məmmədov", "Qasımov", "Şirinov", "Zeynalov"]


def selects(client, path: str, **headers) -> tuple[int, object]:
    """The SELECT statements a request makes (ATOMIC_REQUESTS adds savepoints; only reads depend on the data)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return sum(1 for query in queries if query["sql"].lstrip().upper().startswith("SELECT")), response


def attach(record, role: str, kind: str = MediaFile.Kind.IMAGE, **extra) -> MediaFile:
    content = f"stored bytes {role} {MediaFile.objects.count()}".encode()
    digest = hashlib.sha256(content).hexdigest()
    media = MediaFile(
        role=role,
        kind=kind,
        content_type="image/jpeg" if kind == MediaFile.Kind.IMAGE else "audio/mpeg",
        size=len(content),
        sha256=digest,
        source_sha256=digest,
        **{record._meta.model_name: record},
        **extra,
    )
    media.file.save("upload.bin", ContentFile(content), save=False)
    media.save()
    return media


def archive(count: int, start: int = 0) -> None:
    """``count`` victims of every fate, gender, letter and place, and as many testimonies and documents, some of
    them hidden, some with media, some metadata only."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    places = [PlaceFactory(), PlaceFactory(), None]
    fates = itertools.cycle(Victim.Fate.values)
    genders = itertools.cycle(["m", "f", ""])
    births = itertools.cycle(["1950", "1970-05-04", "1948~", "", "1975/1977", "1989"])
    deaths = itertools.cycle(["1990-01-20", "1990-01", "", "1990-02-03"])
    hidden = itertools.cycle([{}, {}, {}, {"status": Status.DRAFT}, {"embargo_until": tomorrow}])
    for index in range(start, start + count):
        victim = VictimFactory(
            surname_az=SURNAMES[index % len(SURNAMES)],
            given_name_az=f"Ad{index}",
            fate=next(fates),
            gender=next(genders),
            birth_date=next(births),
            death_date=next(deaths),
            incident_place=places[index % 3],
            burial_place=places[(index + 1) % 3],
            access=Access.METADATA if index % 7 == 0 else Access.PUBLIC,
            **next(hidden),
        )
        if index % 2:
            attach(victim, MediaFile.Role.PORTRAIT, withheld=index % 4 == 1)
        testimony = TestimonyFactory(
            languages=[["az"], ["ru"], ["az", "ru"], ["en", "other"]][index % 4],
            recorded_date=["2020", "1990/1991", "", "2005-06"][index % 4],
            access=Access.METADATA if index % 5 == 0 else Access.PUBLIC,
            **next(hidden),
        )
        testimony.victims.add(victim)
        if index % 3 == 0:
            attach(testimony, MediaFile.Role.RECORDING, kind=[MediaFile.Kind.AUDIO, MediaFile.Kind.VIDEO][index % 2])
        document = DocumentFactory(
            kind=Document.Kind.values[index % len(Document.Kind.values)],
            date=["1990-01", "1991", "", "1989/1990"][index % 4],
            **next(hidden),
        )
        if index % 2 == 0:
            attach(document, MediaFile.Role.PAGE)
        EventFactory(place=places[0]).sources.add(SourceFactory())


# --- counts summed from groups say what a count per filter said -----------------------------------------


def reference_count(filter_class, base, data: dict) -> int:
    """What a filter's option used to count: the records the filters would keep with that option chosen."""
    query = QueryDict(mutable=True)
    query.update(data)
    return filter_class(query, queryset=base).qs.count()


def options_match_reference(listing, filter_class, base, data: dict) -> None:
    for name, options in listing.facets.items():
        rest = {key: value for key, value in data.items() if key != name}
        for option in options:
            assert option.count == reference_count(filter_class, base, {**rest, name: option.value}), (name, option)
    assert listing.count == reference_count(filter_class, base, data)


def query(data: dict) -> QueryDict:
    result = QueryDict(mutable=True)
    result.update(data)
    return result


VICTIM_FILTERS = [
    {},
    {"fate": "killed"},
    {"gender": "f", "fate": "injured"},
    {"letter": "Ə"},
    {"letter": "I", "gender": "m"},
    {"age_min": "20", "died_to": "1990-12-31"},
    {"age_max": "40", "fate": "missing"},
    {"fate": "bogus", "gender": "m"},
    {"place": "no-such-place", "fate": "killed"},
]


@pytest.mark.parametrize("data", VICTIM_FILTERS)
def test_victim_filter_options_count_what_choosing_them_would_show(data):
    archive(24)
    place = Victim.objects.exclude(incident_place=None).first().incident_place
    for data_with_place in (data, {**data, "place": data.get("place", place.slug)}):
        listing = browse.victim_listing(query(data_with_place))
        base = with_age_bounds(Victim.objects.public())
        options_match_reference(listing, VictimFilter, base, data_with_place)
        rest = {key: value for key, value in data_with_place.items() if key != "letter"}
        for letter in listing.letters:
            assert letter.count == reference_count(VictimFilter, base, {**rest, "letter": letter.letter}), letter
        assert [letter.letter for letter in listing.letters] == AZ_LETTERS


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"language": "az"},
        {"kind": "audio", "year": "1990"},
        {"media": "true", "language": "ru"},
        {"kind": "written"},
    ],
)
def test_testimony_filter_options_count_what_choosing_them_would_show(data):
    archive(20)
    listing = browse.testimony_listing(query(data))
    base = listing.filterset.queryset
    for name, options in listing.facets.items():
        rest = {key: value for key, value in data.items() if key != name}
        for option in options:
            assert option.count == reference_count(TestimonyFilter, base, {**rest, name: option.value}), (name, option)
    assert listing.count == reference_count(TestimonyFilter, base, data)


@pytest.mark.parametrize("data", [{}, {"kind": "letter"}, {"year": "1990", "media": "false"}, {"media": "true"}])
def test_document_filter_options_count_what_choosing_them_would_show(data):
    archive(20)
    listing = browse.document_listing(query(data))
    options_match_reference(listing, DocumentFilter, listing.filterset.queryset, data)


def names_on(page: str) -> list[str]:
    return re.findall(r'class="record__name" href="([^"]+)"', page)


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("/victims/", Victim),
        ("/testimonies/", Testimony),
        ("/documents/", Document),
    ],
)
def test_each_page_of_a_list_shows_the_next_records_in_the_lists_order(client, path, model):
    archive(110)
    if model is Victim:
        ordered = list(with_age_bounds(Victim.objects.public()))
    else:
        ordered = list(getattr(browse, f"{model._meta.model_name}_listing")(QueryDict()).records)
    assert len(ordered) > 50
    shown = []
    for number in (1, 2):
        shown += names_on(client.get(path, {"page": number}).content.decode())
    assert shown == [record.get_absolute_url() for record in ordered]
    # A page past the end shows the last one, as Django's paginator says.
    assert names_on(client.get(path, {"page": 99}).content.decode()) == shown[50:]


# --- a fixed number of queries whatever the number of records ---------------------------------------------

LIST_PAGES = {
    "/": 4,  # figures by fate, recent testimonies, the events cited and their sources
    "/victims/": 5,  # fate × gender × place groups, the places named, the letters, the page, its portraits
    "/victims/?page=2": 5,
    "/victims/?fate=killed&gender=m&age_min=20&died_to=1990-12-31": 5,
    "/victims/?letter=Ə&age_max=50": 5,
    "/victims/?print=1": 5,
    "/testimonies/": 2,  # the groups of every filter, the page
    "/testimonies/?language=ru&kind=written&media=false": 2,
    "/documents/": 2,
    "/documents/?kind=letter&media=true": 2,
    "/timeline/": 2,  # the events, their sources
    "/places/": 2,  # victims grouped by place, the places with their testimonies and events
    "/statistics/": 3,  # fate × gender × place groups, the places named, the ages
}


@pytest.mark.parametrize(("path", "expected"), LIST_PAGES.items())
def test_list_pages_make_a_fixed_few_queries_for_12_and_72_records(client, path, expected):
    for key in browse.HOME_EVENT_KEYS:
        EventFactory(key=key).sources.add(SourceFactory())
    archive(12)
    few, response = selects(client, path)
    assert response.status_code == 200
    archive(60, start=12)
    many, response = selects(client, path)
    assert response.status_code == 200
    assert (few, many) == (expected, expected)


def test_place_page_makes_five_queries_however_many_records_are_tied_to_it(client):
    place = PlaceFactory()

    def tie(count: int) -> None:
        for _index in range(count):
            VictimFactory(incident_place=place)
            VictimFactory(burial_place=place, incident_place=PlaceFactory())
            TestimonyFactory(recorded_place=place)
            EventFactory(place=place)
            place.sources.add(SourceFactory())

    tie(2)
    few, _response = selects(client, f"/places/{place.slug}/")
    tie(30)
    many, response = selects(client, f"/places/{place.slug}/")
    assert response.content.decode().count('class="record"') == 32 * 4
    assert (few, many) == (5, 5)  # the place, its victims and burials, testimonies, events, sources


def grow_victim(victim: Victim, count: int) -> None:
    for index in range(count):
        NameVariantFactory(victim=victim, name=f"Başqa ad {index}")
        attach(victim, MediaFile.Role.PHOTO)
        TestimonyFactory().victims.add(victim)
        DocumentFactory().victims.add(victim)
        IndexPoint.objects.create(testimony=TestimonyFactory(), time=index, title_az=f"An {index}").victims.add(victim)
        DocumentIndexPoint.objects.create(document=DocumentFactory(), title_az=f"Səh. {index}").victims.add(victim)
        victim.sources.add(SourceFactory())


def grow_testimony(testimony: Testimony, count: int) -> None:
    for index in range(count):
        testimony.victims.add(VictimFactory(incident_place=PlaceFactory()))
        DocumentFactory().testimonies.add(testimony)
        testimony.subjects.add(SubjectFactory())
        testimony.sources.add(SourceFactory())
        TranscriptSegment.objects.create(testimony=testimony, start=index * 10, speaker="Rauf", text=f"Söz {index}")
        attach(testimony, MediaFile.Role.RECORDING, kind=MediaFile.Kind.AUDIO)
        point = IndexPoint.objects.create(testimony=testimony, time=index * 10, title_az=f"Bölmə {index}")
        point.victims.add(VictimFactory())
        point.places.add(PlaceFactory())
        IndexHyperlink.objects.create(point=point, url=f"https://example.org/{index}")


def grow_document(document: Document, count: int) -> None:
    for _index in range(count):
        document.victims.add(VictimFactory(incident_place=PlaceFactory()))
        document.testimonies.add(TestimonyFactory())
        document.sources.add(SourceFactory())
        page = attach(document, MediaFile.Role.PAGE)
        attach(document, MediaFile.Role.ATTACHMENT, kind=MediaFile.Kind.PDF)
        point = DocumentIndexPoint.objects.create(document=document, page=page, title_az=f"Səhifə {_index}")
        point.victims.add(VictimFactory())


RECORD_PAGES = [
    # Each first reads the archive's content version, for the page's ETag (with the page cache on, its key has
    # read it already), then:
    # the record with its version and joined places; variants, sources, testimonies, documents; its images;
    # the index points of testimonies and of documents that speak of them
    (VictimFactory, grow_victim, 9),
    # the record; subjects, sources, victims, documents; its recordings; its transcript and its translations; its
    # index points with their victims, places and links
    (TestimonyFactory, grow_testimony, 13),
    # the record; sources, victims, testimonies; its files; its index points with their people
    (DocumentFactory, grow_document, 8),
]


@pytest.mark.parametrize(("factory", "grow", "expected"), RECORD_PAGES)
def test_record_pages_make_a_fixed_few_queries_for_1_and_25_related_rows(client, factory, grow, expected):
    archive(5)  # other records in the archive
    few_record, many_record = factory(), factory()
    grow(few_record, 1)
    grow(many_record, 25)
    few, _response = selects(client, few_record.get_absolute_url())
    many, response = selects(client, many_record.get_absolute_url())
    assert response.status_code == 200
    assert (few, many) == (expected, expected)


@pytest.mark.parametrize(("factory", "grow", "_expected"), RECORD_PAGES)
def test_a_record_page_still_current_costs_the_query_that_reads_the_record_and_the_content_version(
    client, factory, grow, _expected
):
    record = factory()
    grow(record, 3)
    etag = client.get(record.get_absolute_url())["ETag"]
    count, response = selects(client, record.get_absolute_url(), if_none_match=etag)
    assert (response.status_code, count) == (304, 2)
