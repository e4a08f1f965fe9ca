"""docs/img/neo4j-model.svg is drawn from a real database: the example graph as Neo4j holds it now."""

from __future__ import annotations

import html
import re
import shutil
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.neo4j
IMG = ROOT / "docs" / "img"


def texts(svg: str) -> list[str]:
    """What an SVG writes, in order: its text elements."""
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


@pytest.fixture
def scene(neo4j_examples):
    sys.path.insert(0, str(ROOT / "scripts"))
    from neo4j_model import model_scene

    return model_scene(neo4j_examples)


def test_the_committed_dot_is_what_the_database_gives_now(scene):
    from kg.pictures import dot

    assert dot.dot_source(scene) == (IMG / "neo4j-model.dot").read_text(encoding="utf-8"), (
        "the model changed: run python scripts/neo4j_model.py and commit docs/img/neo4j-model.*"
    )


def test_the_picture_shows_the_pattern_and_the_disagreement(scene):
    labels = {e.label for e in scene.edges}
    assert {
        "PART_OF",
        "SUPPORTS",
        "STATES",
        "HAS_OBSERVATION",
        "HAS_ENTITY {role: subject}",
        "HAS_ENTITY {role: object}",
    } <= labels
    facts = sorted(label.split("\n")[0] for label in labels if label.startswith("EXPANDS_INTO"))
    assert facts == ["EXPANDS_INTO", "EXPANDS_INTO {status: planned}"]
    figures = sorted(n.label for n in scene.nodes if n.kind == "Observation")
    assert figures == [":Observation\nrevenue 120,000,000 USD, 2025", ":Observation\nrevenue 95,000,000 USD, 2025"]
    # each Evidence names its fact by the same IRI the fact relationship carries
    evidence = {n.label.rsplit("fact ", 1)[1] for n in scene.nodes if n.kind == "Evidence"}
    assert {label.rsplit("iri ", 1)[1] for label in labels if "\niri " in label} <= evidence


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz draws the SVG")
def test_the_committed_svg_is_the_dot_drawn(scene):
    from kg.pictures import dot

    drawn = dot.render((IMG / "neo4j-model.dot").read_text(encoding="utf-8"), "svg").decode("utf-8")
    assert texts((IMG / "neo4j-model.svg").read_text(encoding="utf-8")) == texts(drawn)
    assert "Lumora Robotics says its German launch is still planned" in "".join(texts(drawn))
