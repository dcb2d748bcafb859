import itertools
import uuid

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import translation
from pytest_django.fixtures import validate_django_db

import sms
from archive.roles import CURATORS, REVIEWERS, sync_roles
from submissions.models import Submission
from submissions.services import SubmissionDetails, submission_create
from tests.celery_worker import background_worker, broker, worker_processes  # noqa: F401  (fixtures for every test folder)
from tests.factories import UserFactory
from tests.s3 import media_storage, s3_bucket, s3_server  # noqa: F401 - fixtures: an S3 server, a bucket, both storages


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test runs with ``serialized_rollback``. Without it, the flush after the test (Django's
    TransactionTestCase: sequences not reset, post_migrate sent) makes the content types and permissions again under
    new ids; the next serialized test then loads the database's first content types under their old ids beside them
    and fails with IntegrityError on django_content_type (app_label, model). Serialized, the flush leaves the tables
    empty for the next test to load. ``make test`` gives each xdist worker whole files in varying order, so a plain
    transactional test anywhere (a marker, ``live_server``, ``background_worker``) broke whichever serialized test
    came after it on that worker."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        marker = item.get_closest_marker("django_db")
        transaction, reset_sequences, databases, serialized, available_apps = (
            validate_django_db(marker) if marker else (False, False, None, False, None)
        )
        if serialized or not (
            transaction or reset_sequences or "transactional_db" in fixtures or "live_server" in fixtures
        ):
            continue
        serialized_marker = pytest.mark.django_db(
            transaction=True,
            reset_sequences=reset_sequences,
            databases=databases,
            serialized_rollback=True,
            available_apps=available_apps,
        )
        item.add_marker(serialized_marker, append=False)  # the closest: it is the one pytest-django reads


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Each test stores files in its own folder, so real files are written and nothing leaks between tests."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    return root


@pytest.fixture(autouse=True)
def own_upload_temp_dir(settings, tmp_path):
    """Each test's upload temporaries in its own folder, not the project's tmp/uploads."""
    folder = tmp_path / "upload-temporaries"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


@pytest.fixture(autouse=True)
def own_cache(settings):
    """Each test starts with an empty cache of its own (cached search answers, rate-limit counters)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(uuid.uuid4())}
    }


@pytest.fixture(autouse=True)
def sms_outbox(settings) -> list:
    """Text messages go to ``sms.outbox`` (the locmem backend), emptied for each test as Django empties mail.outbox."""
    settings.SMS_BACKEND, settings.SMS_OPTIONS = "sms.backends.locmem.SmsBackend", {}
    sms.outbox.clear()
    return sms.outbox


@pytest.fixture(autouse=True)
def second_factor_not_required(settings):
    """Tests sign staff in with ``force_login``, which gives no second factor: it is required only where a test
    says so (tests/memorial_tests/test_two_factor.py and the browser's sign-in tests set it back to True)."""
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def default_language(settings):
    """A test that switches language (translation.activate) must not leave the next test speaking it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def staff_roles(db):
    """The groups the migrations make; a transactional test's flush may have emptied them, so make them again."""
    if Group.objects.filter(name__in=[CURATORS, REVIEWERS]).count() != 2:
        sync_roles(apps)


@pytest.fixture
def curator(staff_roles):
    user = UserFactory(username="curator", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


@pytest.fixture
def reviewer(staff_roles):
    user = UserFactory(username="reviewer", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


_SUBMISSIONS = itertools.count(1)


@pytest.fixture
def make_submission(db):
    """A family's submission, as received: ``details`` override the form's fields."""

    def make(*, files=(), consent=Submission.Consent.NAMED, media_consent=True, **details):
        values = {
            "submitter_name": "Leyla Məmmədova",
            "submitter_email": "leyla@example.org",
            "relationship": "sister",
            # Each call a testimony of its own: the same words from the same address within a day are one.
            "testimony_text": f"My brother went out on the night of 19 January. ({next(_SUBMISSIONS)})",
            "new_surname": "Məmmədov",
            "new_given_name": "Rauf",
            "new_death_date": "1990-01-20",
            "new_fate": "killed",
            **details,
        }
        receipt = submission_create(
            details=SubmissionDetails(consent=consent, media_consent=media_consent, rights_confirmed=True, **values),
            files=list(files),
            form_token=uuid.uuid4().hex,
            status_url=lambda token: f"http://testserver/submissions/{token}/",
        )
        return receipt

    return make
