"""The interface in Azerbaijani, English and Russian: complete catalogues, compiled the way `make` does it."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from tests.factories import VictimFactory

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED_LANGUAGES = ("az", "ru")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "language", "names", "skip_link", "page_not_found"),
    [
        ("", "az", "Adlar", "Məzmuna keçin", "Səhifə tapılmadı"),
        ("/en", "en", "Names", "Skip to content", "Page not found"),
        ("/ru", "ru", "Имена", "Перейти к содержанию", "Страница не найдена"),
    ],
)
def test_the_same_victim_page_speaks_the_language_of_its_address(
    client, prefix, language, names, skip_link, page_not_found
):
    victim = VictimFactory()
    content = client.get(f"{prefix}/victims/{victim.identifier}/").content.decode()

    assert f'<html lang="{language}">' in content
    assert f">{names}</a></li>" in content
    assert skip_link in content
    missing = client.get(f"{prefix}/victims/V-999999/").content.decode()
    assert page_not_found in missing


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_interface_string_is_translated(language):
    po = catalogue(language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    empty_plurals = [entry.msgid for entry in po if entry.msgid_plural and not all(entry.msgstr_plural.values())]
    assert untranslated == []
    assert fuzzy == []
    assert empty_plurals == []


@pytest.mark.parametrize(
    ("language", "plural_forms", "forms"),
    [
        ("az", "nplurals=2; plural=(n != 1);", 2),
        (
            "ru",
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
            3,
        ),
    ],
)
def test_plural_forms_fit_the_language(language, plural_forms, forms):
    po = catalogue(language)
    assert po.metadata["Plural-Forms"] == plural_forms
    for entry in po:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == forms, entry.msgid


def test_azerbaijani_translations_use_azerbaijani_letters():
    # A catalogue typed on a Turkish or Russian keyboard would miss ə and use look-alikes.
    translations = " ".join(entry.msgstr for entry in catalogue("az"))
    assert "ə" in translations
    assert "ı" in translations
    assert not set(translations) & set("äÄ€")


def test_compile_translations_builds_catalogues_that_django_uses(settings, tmp_path):
    messages = tmp_path / "az" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="Names", msgstr="Sınaq adları"))
    po.save(str(messages / "django.po"))
    # Changing LOCALE_PATHS makes Django drop the catalogues it has loaded, so the new one is read.
    settings.LOCALE_PATHS = [tmp_path]

    call_command("compile_translations", verbosity=0)

    assert (messages / "django.mo").exists()
    with translation.override("az"):
        assert translation.gettext("Names") == "Sınaq adları"


def test_the_project_catalogues_compile_and_django_serves_them(settings):
    call_command("compile_translations", verbosity=0)
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS]  # drop catalogues loaded before the compile

    for language in TRANSLATED_LANGUAGES:
        assert (LOCALE / language / "LC_MESSAGES" / "django.mo").exists()
        with translation.override(language):
            for entry in catalogue(language).translated_entries():
                if entry.msgid_plural:
                    assert translation.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
                elif entry.msgctxt:
                    assert translation.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
                else:
                    assert translation.gettext(entry.msgid) == entry.msgstr, entry.msgid
