"""The admin in Azerbaijani and Russian without English left in it, with Azerbaijani capitals, singular nouns after
numbers, and a history a person reads."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from archive.models import NameVariant, Status, Victim
from tests.factories import TestimonyFactory, UserFactory, VictimFactory

pytestmark = pytest.mark.django_db

# Words the same in English and in the language, and names: not a sign of a missing translation.
SAME_IN = {"az": {"Status", "SHA-256"}, "ru": {"SHA-256"}}


def labels(html: str) -> set[str]:
    """The field labels of forms, and the column headings of lists."""
    found = set(re.findall(r"<label[^>]*>([^<]+)</label>", html))
    found |= set(re.findall(r'<th scope="col"[^>]*>\s*(?:<div class="text">)?\s*(?:<a [^>]*>)?([^<]+)<', html))
    return {label.strip().rstrip(":") for label in found if re.search("[A-Za-z]{3}", label)}


def address(path: str, language: str) -> str:
    return path.replace("/en/", "/" if language == "az" else f"/{language}/", 1)


@pytest.fixture
def administrator(client):
    user = UserFactory(username="administrator", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def archive_of_every_kind(administrator):
    call_command("load_history", verbosity=0)
    call_command("load_demo", verbosity=0)
    TOTPDevice.objects.create(user=administrator, name="Telefon")
    StaticDevice.objects.create(user=administrator, name="Bərpa kodları")


def admin_pages() -> list[str]:
    pages = []
    with translation.override("en"):
        for model in admin.site._registry:
            opts = model._meta
            some = model._default_manager.order_by("pk").first()
            for view, args in (("changelist", []), ("add", []), ("change", [some.pk] if some else None)):
                if args is None:
                    continue
                try:
                    pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args))
                except NoReverseMatch:
                    continue
    return pages


def test_no_admin_label_is_left_in_english(client, archive_of_every_kind):
    untranslated = []
    pages = admin_pages()
    assert len(pages) > 30
    for path in pages:
        english = client.get(path)
        if english.status_code != 200:
            continue
        in_english = labels(english.content.decode())
        for language in ("az", "ru"):
            page = client.get(address(path, language))
            assert page.status_code == 200, (path, language)
            same = (in_english & labels(page.content.decode())) - SAME_IN[language]
            untranslated += [f"{language} {path}: {label}" for label in sorted(same)]
    assert untranslated == []


def test_azerbaijani_capitals_have_their_dot(client, administrator):
    TestimonyFactory()
    index = client.get("/admin/").content.decode()
    assert "İfadələr" in index and "Ifadələr" not in index
    form = client.get(reverse("admin:archive_testimony_add")).content.decode()
    assert "İzahat (azərbaycanca)" in form and "Izahat" not in form
    assert not re.search(r">\s*I[a-zəğıöüçş]", form)  # no label starts with a dotless capital where İ belongs


def test_a_count_is_not_followed_by_a_plural_noun(client, administrator):
    VictimFactory.create_batch(3)
    text = re.sub(r"<[^>]+>", " ", client.get(reverse("admin:archive_victim_changelist")).content.decode())
    assert not re.search(r"\b3\s+\w+(lar|lər)\b", text)
    assert "Qurbanlar: 3" in text


def test_the_history_shows_labels_and_the_changes_made_elsewhere(client, administrator):
    victim = VictimFactory(status=Status.DRAFT, surname_az="Quliyev")
    victim.fate = Victim.Fate.INJURED
    victim.save()
    NameVariant.objects.create(victim=victim, name="Kuliev", kind=NameVariant.Kind.SPELLING)
    TestimonyFactory().victims.add(victim)
    page = client.get(reverse("admin:archive_victim_history", args=[victim.pk])).content.decode()
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    with translation.override("az"):
        injured, killed = str(Victim.Fate.INJURED.label), str(Victim.Fate.KILLED.label)
    assert f"{killed} → {injured}" in text
    assert "None" not in text  # no reason given, no account: said in words
    assert "injured" not in text  # the stored code
    assert "Adın variantı əlavə edildi: Kuliev" in text
    assert "bu şəxsin adını çəkir" in text
