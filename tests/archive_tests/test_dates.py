from datetime import date

import pytest

from archive.dates import PartialDateError, age_range, parse_partial_date


@pytest.mark.parametrize(
    ("text", "stored", "earliest", "latest"),
    [
        ("1965", "1965", date(1965, 1, 1), date(1965, 12, 31)),
        ("1990-01", "1990-01", date(1990, 1, 1), date(1990, 1, 31)),
        ("1990-01-20", "1990-01-20", date(1990, 1, 20), date(1990, 1, 20)),
        ("1988-02", "1988-02", date(1988, 2, 1), date(1988, 2, 29)),
        ("circa 1948", "1948~", date(1948, 1, 1), date(1948, 12, 31)),
        ("təxminən 1948", "1948~", date(1948, 1, 1), date(1948, 12, 31)),
        ("около 1948", "1948~", date(1948, 1, 1), date(1948, 12, 31)),
        ("1948?", "1948?", date(1948, 1, 1), date(1948, 12, 31)),
        ("1948%", "1948%", date(1948, 1, 1), date(1948, 12, 31)),
        ("196X", "196X", date(1960, 1, 1), date(1969, 12, 31)),
        ("1948/1950", "1948/1950", date(1948, 1, 1), date(1950, 12, 31)),
    ],
)
def test_partial_date_is_kept_as_written_with_its_possible_days(text, stored, earliest, latest):
    parsed = parse_partial_date(text)
    assert (parsed.text, parsed.earliest, parsed.latest) == (stored, earliest, latest)


@pytest.mark.parametrize("text", ["1990-13", "1990-02-30", "20 January", "1990-1-5", "2999", "1950/1940", "19XX-01"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(PartialDateError):
        parse_partial_date(text)


def test_empty_date_is_unknown():
    assert parse_partial_date("  ") is None


def test_only_an_exact_day_is_exact():
    assert parse_partial_date("1990-01-20").is_exact_day
    assert not parse_partial_date("1990-01").is_exact_day
    assert not parse_partial_date("1990-01-20~").is_exact_day


def test_age_at_death_is_a_range_when_the_birthday_is_unknown():
    assert age_range(parse_partial_date("1965"), parse_partial_date("1990-01-20")) == (24, 25)
    assert age_range(parse_partial_date("1965-03-01"), parse_partial_date("1990-01-20")) == (24, 24)
    assert age_range(None, parse_partial_date("1990-01-20")) is None
