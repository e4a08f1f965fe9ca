"""Each hand-written document of ``tests/fixtures/docs`` scored against its gold facts.

A case is ``<case>.facts.jsonl`` beside ``<case>.txt``, ``.md`` or ``.html``
(or, for the example article, in ``examples/documents``).  The floors are
the scores measured when the rules were written, less a margin, so a change
that makes extraction worse on any kind of document fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import loaders
from kg.cli.render import table
from kg.evaluate import evaluate, read_fact_lines
from kg.extract import extract
from kg.extract.factlines import to_fact_lines

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "docs"
PLACES = (FIXTURES, ROOT / "examples" / "documents")
SUFFIXES = (".txt", ".md", ".html", ".pdf")
#: Relation F1 and figure F1 floors per case (measured, less a margin); the default applies to any case not listed.
FLOORS = {
    "default": (0.8, 0.8),
    "fashion-retail": (0.65, 0.85),
    "feature-article": (0.75, 0.7),
    "press-release": (0.7, 0.9),
}
CASES = sorted(p.name.removesuffix(".facts.jsonl") for p in FIXTURES.glob("*.facts.jsonl"))


def document_for(case: str) -> Path:
    found = [d / f"{case}{s}" for d in PLACES for s in SUFFIXES if (d / f"{case}{s}").exists()]
    assert found, f"no document for the gold file {case}.facts.jsonl"
    return found[0]


def score(case: str):
    path = document_for(case)
    document = next(r for r in loaders.for_path(path).load(path))
    predicted = list(to_fact_lines(extract(document)))
    return evaluate(read_fact_lines(FIXTURES / f"{case}.facts.jsonl"), predicted)


def test_there_are_enough_cases():
    assert len(CASES) >= 7


@pytest.mark.parametrize("case", CASES)
def test_case_scores_at_least_its_floor(case):
    report = score(case)
    print(f"\n{case}\n" + table(report.rows()))
    relations, figures = FLOORS.get(case, FLOORS["default"])
    if report.overall.tp + report.overall.fn:
        assert report.overall.f1 >= relations, report.misses + report.false_positives
    if report.figures.tp + report.figures.fn:
        assert report.figures.f1 >= figures, report.misses + report.false_positives
