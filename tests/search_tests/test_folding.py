"""The script-neutral key, and the traps of the usual tools (DESIGN.md, "Name matching")."""

import unicodedata

import pytest

from search.folding import fold, fold_word, plain_lower, similarity

MEET = [
    ["Məmmədov", "Мамедов", "Мәммәдов", "Mamedov", "Mammadov", "MƏMMƏDOV"],
    ["Cəfərov", "Джафаров", "Jafarov", "Dzhafarov", "Ҹәфәров"],
    ["Hüseynov", "Гусейнов", "Guseynov", "Huseynov", "Һүсејнов"],
    ["İsmayılov", "Исмаилов", "ISMAYILOV", "Ismayilov"],
    ["Əliyev", "Алиев", "Aliyev", "Aliev"],
    ["Ağayev", "Агаев", "Aghayev", "Agaev"],
    ["Xəyyam", "Хайям", "Khayyam"],
    ["Cəmilə", "Джамиля", "Jamila"],
]


@pytest.mark.parametrize("spellings", MEET, ids=lambda spellings: spellings[0])
def test_every_spelling_of_a_name_folds_to_one_key(spellings):
    assert len({fold_word(spelling) for spelling in spellings}) == 1


def test_keys_are_plain_ascii_letters_and_digits():
    for spellings in MEET:
        for spelling in spellings:
            key = fold_word(spelling)
            assert key.isascii() and key.isalnum(), spelling


def test_schwa_is_folded_where_unidecode_gives_an_at_sign():
    assert fold_word("Ələsgər") == fold_word("Alasgar")
    assert "@" not in fold_word("Ələsgər")


def test_dotted_capital_i_is_lowered_without_a_combining_dot():
    assert "İ".lower() == "i\u0307"  # the trap: str.lower / casefold
    assert plain_lower("İsmayıl") == "ismayıl"
    assert "\u0307" not in fold_word("İSMAYIL")
    assert fold_word("İsmayıl") == fold_word("ISMAYIL") == fold_word("Исмаил")


def test_decomposed_input_is_composed_first():
    decomposed = unicodedata.normalize("NFD", "Şirinov Güllü İsa")
    assert fold(decomposed) == fold("Şirinov Güllü İsa")


def test_short_i_is_not_decomposed_into_i():
    # NFKD would make й into и + breve; й is the glide y and must fold as Azerbaijani y does.
    assert fold_word("Эйвазов") == fold_word("Eyvazov")
    assert fold_word("Гусейнов") == fold_word("Hüseynov")


def test_dotless_i_and_schwa_are_not_kept_as_in_unaccent_or_fts5():
    assert fold_word("Tağıyev") == fold_word("Тагиев") == fold_word("Tagiev")
    assert "ə" not in fold_word("Rəsulov") and "ı" not in fold_word("Tağıyev")


def test_doubled_letters_collapse():
    assert fold_word("Məhərrəmov") == fold_word("Magerramov") == fold_word("Maharramov")


def test_sh_and_ch_stay_distinct_from_s_and_c():
    assert fold_word("Şamil") != fold_word("Samil")
    assert fold_word("Çələbiyev") == fold_word("Челебиев") == fold_word("Chalabiyev")
    assert fold_word("Cəlil") != fold_word("Çəlil")


def test_apostrophes_do_not_split_words_and_punctuation_does():
    assert fold("Ma'mmad-Əli") == fold("Mammad Əli")


def test_similarity_is_pg_trgm_similarity():
    assert similarity("mamadov", "mamadov") == 1.0
    assert similarity("mamadov", "mamadof") == pytest.approx(6 / 10)
    assert similarity("abc", "xyz") == 0.0
