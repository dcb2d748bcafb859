import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from archive.roles import CURATORS, REVIEWERS, sync_roles
from tests.factories import UserFactory


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
