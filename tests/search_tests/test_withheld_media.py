"""A withheld recording: its testimony's words are still found, but nothing counts or links to the file."""

import pytest

from archive.models import MediaFile, TranscriptSegment
from search import selectors
from tests.factories import TestimonyFactory

pytestmark = pytest.mark.django_db


def recording(testimony, *, withheld: bool = False) -> MediaFile:
    """A recording row on ``testimony`` (search reads rows only; the bytes are never opened)."""
    return MediaFile.objects.create(
        testimony=testimony,
        role=MediaFile.Role.RECORDING,
        kind=MediaFile.Kind.AUDIO,
        content_type="audio/wav",
        size=1,
        sha256="a" * 64,
        source_sha256="a" * 64,
        file="records/aa/recording.wav",
        withheld=withheld,
    )


@pytest.fixture
def told():
    testimony = TestimonyFactory(title="Gecə", transcript="")
    TranscriptSegment.objects.create(testimony=testimony, start="42", text="Tanklar şəhərə girdi.")
    return testimony


def test_a_withheld_recording_gives_no_moment_link_but_the_words_are_found(client, told):
    recording(told, withheld=True)
    results = client.get("/api/v1/search/", {"q": "tanklar", "kind": "testimonies"}).json()["results"]
    assert [(hit["identifier"], hit["url"]) for hit in results] == [
        (told.identifier, f"http://testserver{told.get_absolute_url()}")
    ]
    assert "<mark>Tanklar</mark>" in results[0]["snippet"]


def test_a_withheld_recording_is_not_media_for_the_facet(found, told):
    media = recording(told, withheld=True)
    assert found("tanklar") == [told.identifier]
    assert found("tanklar", media=True) == []
    facets = selectors.search("tanklar", selectors.Filters()).facets
    assert all(value.count == 0 for facet in facets if facet.name == "media" for value in facet.values)

    media.withheld = False
    media.save()
    assert found("tanklar", media=True) == [told.identifier]
    assert selectors.search("tanklar", selectors.Filters()).hits[0].link.endswith("#t=42")
