import pytest

from kg.timevalue import InvalidDate, parse_period, parse_time


@pytest.mark.parametrize(
    "text, precision, canonical",
    [
        ("2026", "year", "2026"),
        ("2026-02", "month", "2026-02"),
        ("2026-q1", "quarter", "2026-Q1"),
        ("2026Q3", "quarter", "2026-Q3"),
        ("2026-H2", "half", "2026-H2"),
        ("2026-02-14", "day", "2026-02-14"),
    ],
)
def test_dates_keep_their_precision(text, precision, canonical):
    value = parse_time(text)
    assert (value.precision, value.text) == (precision, canonical)


def test_different_precisions_are_different_claims():
    assert len({parse_time(t) for t in ("2026", "2026-Q1", "2026-02", "2026-02-14")}) == 4
    assert parse_time("2026-Q1").overlaps(parse_time("2026-02"))
    assert not parse_time("2026-Q2").overlaps(parse_time("2026-02"))


@pytest.mark.parametrize("bad", ["2026-13", "2026-02-30", "Q1 2026", "yesterday", "", "2026-Q5"])
def test_malformed_dates_are_refused(bad):
    with pytest.raises(InvalidDate):
        parse_time(bad)


def test_periods_may_be_intervals():
    assert parse_period("2025-q2/2026-Q1") == "2025-Q2/2026-Q1"
    with pytest.raises(InvalidDate):
        parse_period("2025/2026/2027")


@pytest.mark.parametrize(
    "text, precision, canonical",
    [
        ("FY2026", "fiscal year", "FY2026"),
        ("fy2026-h1", "fiscal half", "FY2026-H1"),
        ("FY2026Q2", "fiscal quarter", "FY2026-Q2"),
    ],
)
def test_fiscal_periods_keep_their_own_name(text, precision, canonical):
    value = parse_time(text)
    assert (value.precision, value.text) == (precision, canonical)


def test_a_fiscal_period_covers_every_day_it_could_mean():
    # FY2026 may end in any month of 2026 (Lenovo's, to March) or start in any month of it (Japanese practice)
    quarter = parse_time("FY2026-Q1")
    assert (str(quarter.start), str(quarter.end)) == ("2025-02-01", "2027-02-28")
    assert quarter.overlaps(parse_time("2025-Q2")) and not quarter.overlaps(parse_time("2024"))
    assert parse_period("FY2025-Q4/FY2026-Q1") == "FY2025-Q4/FY2026-Q1"
