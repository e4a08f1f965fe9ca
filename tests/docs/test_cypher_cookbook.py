"""Every query of docs/cypher.md runs against the example graph in Neo4j and answers with rows."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROOT
from tests.kg.stores.conftest import neo4j_examples, neo4j_settings, neo4j_store  # noqa: F401 - fixtures

COOKBOOK = ROOT / "docs" / "cypher.md"
SECTION = re.compile(r"^### (?P<question>.+?)\n\nParameters: (?P<params>\{.*?\})\n.*?```cypher\n(?P<query>.*?)```",
                     re.MULTILINE | re.DOTALL)


def recipes() -> list[tuple[str, dict, str]]:
    text = COOKBOOK.read_text(encoding="utf-8")
    return [(m["question"], json.loads(m["params"]), m["query"]) for m in SECTION.finditer(text)]


def test_the_cookbook_answers_ten_questions_or_more():
    text = COOKBOOK.read_text(encoding="utf-8")
    assert len(recipes()) >= 10
    assert len(recipes()) == text.count("\n### ") == text.count("```cypher")


@pytest.mark.parametrize("question, params, query", recipes(), ids=[r[0] for r in recipes()])
def test_every_parameter_is_given(question, params, query):
    used = set(re.findall(r"\$(\w+)", query))
    assert used == set(params), question


@pytest.mark.neo4j
@pytest.mark.parametrize("question, params, query", recipes(), ids=[r[0] for r in recipes()])
def test_each_recipe_returns_rows(neo4j_examples, question, params, query):
    rows = neo4j_examples.cypher(query, params)
    assert rows, f"no rows for: {question}"
