"""The development article, scored against its hand-labelled gold facts.

The gold file is only read here, to measure; the extractor never sees it.
Fails below relation F1 0.85 or figure F1 0.9.  The shared folder lives
beside the repository; without it the test is skipped, except under CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.cli.render import table
from kg.evaluate import evaluate, read_fact_lines
from kg.extract import extract
from kg.extract.factlines import to_fact_lines
from loaders.text import TextLoader

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
ARTICLE = SHARED / "corpus" / "seed-article.txt"
GOLD = SHARED / "gold" / "seed-article.facts.jsonl"
RELATION_F1, FIGURE_F1 = 0.85, 0.9


@pytest.fixture(scope="module")
def report():
    if not (ARTICLE.exists() and GOLD.exists()):
        if os.environ.get("CI") == "true":
            pytest.fail(f"the development article is required under CI: {ARTICLE}")
        pytest.skip(f"the shared development article is not here: {ARTICLE}")
    document = next(TextLoader().load(ARTICLE))
    predicted = list(to_fact_lines(extract(document)))
    return evaluate(read_fact_lines(GOLD), predicted)


def test_relations_and_figures_reach_their_floors(report):
    print("\n" + table(report.rows()))
    assert report.overall.f1 >= RELATION_F1, report.misses + report.false_positives
    assert report.figures.f1 >= FIGURE_F1, report.misses + report.false_positives


def test_the_document_states_its_author_and_publisher():
    if not ARTICLE.exists():
        pytest.skip("the shared development article is not here")
    document = next(TextLoader().load(ARTICLE))
    assert (document.author, document.publisher) == ("Xiaguang Think Tank", "36Kr")
    assert document.title and document.title.startswith("AI reshapes")
