from archive.names import az_lower, az_sort_key, az_upper


def test_azerbaijani_case_rules_for_dotted_and_dotless_i():
    assert az_lower("İSMAYILOV") == "ismayılov"
    assert az_lower("IŞIQ") == "ışıq"
    assert az_upper("ismayılov") == "İSMAYILOV"


def test_sort_key_follows_the_azerbaijani_alphabet():
    surnames = ["Zeynalov", "Əliyev", "Cəfərov", "İsmayılov", "Çələbiyev", "Işıqlı", "Ağayev", "Hüseynov", "Xəlilov"]
    ordered = sorted(surnames, key=az_sort_key)
    expected = ["Ağayev", "Cəfərov", "Çələbiyev", "Əliyev", "Hüseynov", "Xəlilov", "Işıqlı", "İsmayılov", "Zeynalov"]
    assert ordered == expected


def test_a_shorter_name_sorts_before_its_longer_form():
    assert sorted(["Əliyeva", "Əliyev"], key=az_sort_key) == ["Əliyev", "Əliyeva"]
    assert az_sort_key("Əliyev", "Zaur") < az_sort_key("Əliyeva", "Aygün")
