"""Demonstration content: load_demo adds invented, marked records with generated media; remove_demo takes
every trace of them away and nothing else."""

import io
import wave
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from archive import demo
from archive.demo import DEMO_MARKER, load_demo
from archive.history_data import load_history
from archive.models import (
    Document,
    Event,
    IdentifierCounter,
    MediaFile,
    NameVariant,
    Place,
    Source,
    Status,
    Subject,
    Testimony,
    TranscriptSegment,
    Victim,
)
from archive.names import az_lower
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db

DEMO_MODELS = (Victim, Testimony, Document, MediaFile, Subject, Source, Place, Event)


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def history_counts() -> dict[str, int]:
    """Rows in every history table, those of the links between records included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("archive").get_models()
        if model.__name__.startswith("Historical")
    }


def test_demo_victims_cover_every_fate_and_every_form_of_partial_date():
    load_demo()

    victims = Victim.objects.demo()
    assert set(victims.values_list("fate", flat=True)) == set(Victim.Fate.values)
    dates = set(victims.values_list("birth_date", flat=True)) | set(victims.values_list("death_date", flat=True))
    assert {"1965", "1948~", "1990-01", "1990-01-20", "196X", "1960?", "1990-02~"} <= dates
    assert set(victims.values_list("status", flat=True)) == {Status.PUBLISHED, Status.DRAFT, Status.WITHDRAWN}
    assert NameVariant.objects.filter(victim__is_demo=True, kind=NameVariant.Kind.MAIDEN).exists()


def test_demo_surnames_exercise_the_azerbaijani_alphabet():
    load_demo()

    initials = {az_lower(surname[0]) for surname in Victim.objects.demo().values_list("surname_az", flat=True)}
    assert {"ç", "ə", "ı", "i", "ö", "ş", "ü"} <= initials
    public_names = [victim.surname_az for victim in Victim.objects.public().filter(is_demo=True)]
    assert public_names.index("Çərçivəli") < public_names.index("Əyaniyev") < public_names.index("Işıqnümunəli")
    assert public_names.index("Işıqnümunəli") < public_names.index("İllüstrasiyeva")


def test_every_demo_text_says_it_is_invented():
    load_demo()

    for victim in Victim.objects.demo():
        for text in (victim.biography_az, victim.biography_en, victim.biography_ru):
            assert text.startswith(DEMO_MARKER)
        assert "invented" in victim.biography_en
    for testimony in Testimony.objects.demo():
        assert testimony.summary_az.startswith(DEMO_MARKER) and testimony.summary_en.startswith(DEMO_MARKER)
    for document in Document.objects.demo():
        assert document.description_ru.startswith(DEMO_MARKER)


def test_testimonies_have_a_playable_wav_with_its_duration_and_matching_segments(private_media_root):
    load_demo()

    recordings = MediaFile.objects.filter(testimony__is_demo=True, role=MediaFile.Role.RECORDING)
    assert recordings.count() == 3
    for media in recordings:
        assert media.kind == MediaFile.Kind.AUDIO and media.is_demo
        with media.file.open("rb") as stored, wave.open(io.BytesIO(stored.read())) as audio:
            seconds = audio.getnframes() / audio.getframerate()
            assert audio.getnchannels() == 1 and audio.getframerate() == 16_000
        assert float(media.duration) == pytest.approx(seconds, abs=0.05)
        assert 8 <= seconds <= 15
        segments = list(media.testimony.segments.all())
        assert segments[0].start == 0
        assert float(segments[-1].end) == pytest.approx(seconds, abs=0.05)
        assert "demonstration" in media.caption_en.lower()


def test_testimonies_show_each_consent_and_the_archive_only_one_stays_unpublished():
    load_demo()

    testimonies = Testimony.objects.demo()
    assert set(testimonies.values_list("narrator_consent", flat=True)) == set(Testimony.Consent.values)
    archive_only = testimonies.get(narrator_consent=Testimony.Consent.ARCHIVE_ONLY)
    assert archive_only.status == Status.DRAFT and not archive_only.is_public
    metadata_only = testimonies.get(access="metadata")
    assert metadata_only.is_public and not metadata_only.shows_media
    anonymous = testimonies.get(narrator_consent=Testimony.Consent.ANONYMOUS)
    assert anonymous.narrator_display == "K. M."


def test_documents_have_generated_pages_and_one_image_is_marked_distressing():
    load_demo()

    documents = Document.objects.demo()
    assert documents.values("kind").distinct().count() == 4
    letter = documents.get(kind=Document.Kind.LETTER)
    pages = letter.media.filter(role=MediaFile.Role.PAGE).order_by("order")
    assert [page.order for page in pages] == [1, 2, 3]
    assert all(page.kind == MediaFile.Kind.IMAGE and page.width and page.height for page in pages)
    assert MediaFile.objects.filter(document__is_demo=True, is_distressing=True).count() == 1
    assert MediaFile.objects.filter(victim__is_demo=True, role=MediaFile.Role.PORTRAIT).exists()


def test_demo_victims_point_at_real_places_without_changing_them():
    load_demo()

    neftchala = Place.objects.get(slug="neftcala")
    assert not neftchala.is_demo
    assert neftchala.victims.filter(is_demo=True).exists()


def test_every_row_created_by_load_demo_is_marked_as_demonstration():
    load_history()
    before = {model: set(model.objects.values_list("pk", flat=True)) for model in DEMO_MODELS}

    load_demo()

    for model in DEMO_MODELS:
        new = model.objects.exclude(pk__in=before[model])
        assert not new.filter(is_demo=False).exists(), model
    assert Victim.objects.filter(is_demo=True).count() == 12
    assert NameVariant.objects.exclude(victim__is_demo=True).count() == 0
    assert TranscriptSegment.objects.exclude(testimony__is_demo=True).count() == 0


def test_running_load_demo_twice_creates_nothing_new(private_media_root):
    load_demo()
    counts = {model: model.objects.count() for model in (*DEMO_MODELS, NameVariant, TranscriptSegment)}
    files = stored_files(private_media_root)

    summary = load_demo()

    assert {model: model.objects.count() for model in counts} == counts
    assert stored_files(private_media_root) == files
    assert summary.lines()[0].startswith("Nothing added")


def test_remove_demo_leaves_no_demo_row_history_or_file_and_keeps_real_records(
    private_media_root, django_capture_on_commit_callbacks
):
    real = VictimFactory(surname_az="Həqiqiyev")
    load_history()
    history_before = history_counts()
    call_command("load_demo", stdout=io.StringIO())
    assert stored_files(private_media_root)
    highest_demo = max(int(identifier[2:]) for identifier in Victim.objects.demo().values_list("identifier", flat=True))

    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_demo", stdout=output)

    for model in DEMO_MODELS:
        assert not model.objects.filter(is_demo=True).exists(), model
    assert not NameVariant.objects.exists() and not TranscriptSegment.objects.exists()
    assert history_counts() == history_before
    assert not Victim.history.filter(surname_az="Nümunəli").exists()
    assert stored_files(private_media_root) == []
    assert Victim.objects.get(pk=real.pk).surname_az == "Həqiqiyev"
    assert Event.objects.filter(key="1990-01-22-funerals").exists() and Place.objects.filter(slug="baki").exists()
    assert IdentifierCounter.objects.get(prefix="V").last >= highest_demo
    assert int(VictimFactory().identifier[2:]) > highest_demo
    assert "victims" in output.getvalue()


def test_a_failed_load_leaves_no_rows_and_no_files(private_media_root, monkeypatch):
    def fail(self, source):
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo._Loader, "load_documents", fail)

    with pytest.raises(RuntimeError):
        load_demo()

    assert not Victim.objects.exists() and not MediaFile.objects.exists() and not Testimony.objects.exists()
    assert stored_files(private_media_root) == []
