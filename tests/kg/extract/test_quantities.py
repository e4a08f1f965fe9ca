"""Amounts and periods whose letters only a case-blind match recognises: read, never a crash."""

from __future__ import annotations

import pytest

from kg.extract.periods import find_periods
from kg.extract.quantities import find_quantities


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("hk$3 billion", 3e9, "HKD"),
        ("us$150 million", 1.5e8, "USD"),
        ("HK$3 billion", 3e9, "HKD"),
        ("3 YUAN", 3.0, "CNY"),
    ],
)
def test_currency_symbols_and_words_in_any_case(text, value, unit):
    [found] = find_quantities(text)
    assert (found.value, found.unit) == (value, unit)


@pytest.mark.parametrize(
    "text, value",
    [
        ("the f\u0131rst quarter of 2026", "2026-Q1"),
        ("the \u017fecond half of 2025", "2025-H2"),
        ("in \u017feptember 2026", "2026-09"),
        ("in MARCH 2024", "2024-03"),
    ],
)
def test_periods_with_letters_case_blind_matching_equates(text, value):
    assert [p.value for p in find_periods(text)] == [value]


def test_a_document_with_such_letters_extracts_without_error():
    from kg.extract import extract
    from kg.model import Document, Observation

    text = "Acme Corp reported revenue of hk$3 billion in the f\u0131rst quarter of 2026."
    figures = [r for r in extract(Document("note.txt", "0", text=text)) if isinstance(r, Observation)]
    assert [(f.value, f.unit, f.period) for f in figures] == [(3e9, "HKD", "2026-Q1")]
