"""The Chicago-style citation in each language's punctuation: «…» with the period after in Azerbaijani and
Russian, “…” with the period inside in English; never a doubled period or a space before a mark."""

from datetime import date

import pytest
from django.utils import translation

from memorial.citations import Citation, chicago

ACCESSED = date(2026, 6, 2)


def cite(language: str, **values) -> str:
    values.setdefault("identifier", "T-000007")
    values.setdefault("url", "https://yaddas.example/testimonies/T-000007/")
    values.setdefault("accessed", ACCESSED)
    values.setdefault("kind", "victim")
    with translation.override(language):
        return chicago(Citation(**values))


def test_english_uses_curly_quotes_with_the_period_inside():
    text = cite("en", title="Məmmədov Rauf", genre="Memorial record")
    assert text.startswith("“Məmmədov Rauf.” Memorial record. Yaddaş, T-000007. Accessed June 2, 2026. https://")


@pytest.mark.parametrize("language", ["az", "ru"])
def test_azerbaijani_and_russian_use_guillemets_with_the_period_after(language):
    text = cite(language, title="Məmmədov Rauf", genre="Memorial record")
    assert text.startswith("«Məmmədov Rauf». Memorial record. Yaddaş, T-000007.")
    assert "“" not in text and "”" not in text


def test_russian_access_date_has_one_period_after_its_abbreviation():
    text = cite("ru", title="Гасанов Али", genre="Мемориальная запись")
    assert "Дата обращения: 2 июня 2026 г. https://" in text
    assert ".." not in text


def test_month_names_are_lowercase_mid_sentence_in_azerbaijani_and_russian():
    testimony = {
        "kind": "testimony",
        "title": "Gecə",
        "authors": ["Aygün Adlı"],
        "interviewer": "Elçin",
        "issued": "1990-06",
    }
    az = cite("az", **testimony)
    assert "Müsahibəni aparan: Elçin, iyun 1990." in az and "Baxılma tarixi: 2 iyun 2026." in az
    assert "İyun" not in az  # not "i̇yun" either: Azerbaijani lowercase
    assert "июнь 1990 г." in cite("ru", **testimony)
    assert "June 1990." in cite("en", **testimony)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "“Kim atdı?” Letter"), ("ru", "«Kim atdı?» Letter"), ("az", "«Kim atdı?» Letter")],
)
def test_a_title_ending_in_a_question_mark_gets_no_period(language, expected):
    text = cite(language, kind="document", title="Kim atdı?", genre="Letter")
    assert expected in text and "?." not in text and "?»." not in text and "?”." not in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "“Order No. 1.” Order."), ("ru", "«Order No. 1». Order."), ("az", "«Order No. 1». Order.")],
)
def test_a_title_ending_in_a_period_has_exactly_one(language, expected):
    assert expected in cite(language, kind="document", title="Order No. 1.", genre="Order")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "“Meeting of the ‘People’s Front’ at the square.”"),
        ("ru", "«Meeting of the „People’s Front“ at the square»."),
        ("az", "«Meeting of the „People’s Front“ at the square»."),
    ],
)
def test_quotes_inside_a_title_become_the_inner_pair(language, expected):
    text = cite(language, kind="document", title="Meeting of the «People’s Front» at the square", genre="Photograph")
    assert expected in text


@pytest.mark.parametrize("language", ["az", "ru", "en"])
def test_no_space_before_punctuation_and_no_doubled_periods(language):
    text = cite(
        language,
        kind="document",
        title="  Letter  to the family ",
        authors=["S. H. "],
        genre="Letter ",
        issued="1990-02",
        holding="State Archive ",
        reference="f. 1 , op. 2.",
        demo=True,
    )
    assert " ," not in text and " ." not in text and "  " not in text
    assert ".." not in text.replace("...", "")
    assert text.startswith("S. H. ")  # the initial's period ends the author: no second one
    assert "State Archive, f. 1, op. 2. Yaddaş" in text
    assert text.endswith(".]")
