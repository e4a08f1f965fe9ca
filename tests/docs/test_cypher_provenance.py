"""The cookbook's provenance recipes give the right rows, on the examples and on a 10^4-fact load.

Each recipe runs as docs/cypher.md writes it (its query text and its command line; on the synthetic load,
the same line with other names), and its rows are compared with what the loaded files say, read here
without the graph.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.docs.test_cypher_cookbook import arguments, recipes, run_in

pytestmark = pytest.mark.neo4j

SAYS, SUPPORT = "What does a document say about an entity?", "Which sentences support the facts between two entities?"
FIGURES, DISSENT = (
    "Which sources give different values for the same figure?",
    "Which sources deny, or only plan, what another states?",
)
TYPES = {"hasBrand": "HAS_BRAND", "expandsInto": "EXPANDS_INTO"}


def countries() -> set[str]:
    """Country names as kg names them (the synthetic data also enters regions)."""
    import pycountry

    return {c.name for c in pycountry.countries}


def recipe(question: str) -> tuple[str, str]:
    return next((command, query) for q, command, query in recipes() if q == question)


def ask(folder, monkeypatch, question: str, *params: str) -> list[dict]:
    """A recipe's rows: by its own command line, or by that line with ``params`` (NAME=VALUE) in place of its own."""
    command, query = recipe(question)
    args = ["cypher", "@query.cypher"] + [w for p in params for w in ("--param", p)] if params else arguments(command)
    return run_in(folder, monkeypatch, query, [*args, "--format", "json"])


def lines(path: Path) -> list[tuple[int, dict]]:
    """A fact sheet's statements (not its entity lines) with their line numbers."""
    out = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = json.loads(text)
        if "entity" not in line:
            out.append((number, line))
    return out


# ---------------------------------------------------------------- the examples


def test_what_ecovacs_jsonl_says_about_tineco(neo4j_examples, tmp_path, monkeypatch):
    rows = ask(tmp_path, monkeypatch, SAYS)
    expected = [
        n for n, line in lines(EXAMPLES / "factsheets" / "ecovacs.jsonl") if "Tineco" in (line["s"], line.get("o"))
    ]
    assert [r["line"] for r in rows] == expected and len(expected) >= 4
    assert {(r["subject"], r["says"], r["what"]) for r in rows} >= {
        ("Ecovacs", "HAS_BRAND", "Tineco"),
        ("Tineco", "EXPANDS_INTO", "Middle East"),
    }
    assert rows[0]["sentence"] == "Tineco is a sub-brand of Ecovacs."


def test_the_sentences_from_tineco_to_the_middle_east(neo4j_examples, tmp_path, monkeypatch):
    rows = ask(tmp_path, monkeypatch, SUPPORT)
    source = str((EXAMPLES / "factsheets" / "ecovacs.jsonl").resolve())
    assert [(r["relation"], r["status"], r["source"], r["line"]) for r in rows] == [("EXPANDS_INTO", None, source, 20)]


def test_the_examples_disagree_on_lumoras_revenue_and_its_german_launch(neo4j_examples, tmp_path, monkeypatch):
    news, ttl = (str((EXAMPLES / "factsheets" / name).resolve()) for name in ("lumora-news.jsonl", "lumora.ttl"))
    assert ask(tmp_path, monkeypatch, FIGURES) == [
        {
            "subject": "Lumora Robotics",
            "metric": "revenue",
            "period": "2025",
            "unit": "USD",
            "value": 95e6,
            "source": news,
            "line": 3,
            "other_value": 120e6,
            "other_source": ttl,
            "other_line": None,
        }
    ]
    [row] = ask(tmp_path, monkeypatch, DISSENT)
    assert (
        row["subject"],
        row["relation"],
        row["object"],
        row["source"],
        row["status"],
        row["dissent"],
        row["dissent_line"],
    ) == ("Lumora Robotics", "EXPANDS_INTO", "Germany", ttl, "planned", news, 2)
    assert row["dissent_sentence"].startswith("Lumora Robotics says its German launch is still planned")


# ---------------------------------------------------------------- 10^4 synthetic facts


@pytest.fixture(scope="module")
def synthetic(neo4j_settings, tmp_path_factory):
    """10^4 synthetic facts in four fact sheets, and a fifth that denies one fact and only plans another.

    The plan is an entry into a country, whose name resolves to itself alone (two products of one company
    one edit apart are one product, so a launch's name would not be what the file says).
    """
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_sources

    from kg.pipeline import load
    from kg.stores.neo4j import Neo4jStore

    folder = write_sources(tmp_path_factory.mktemp("synthetic") / "sheets", 10_000, per_file=2_700)
    sheets = sorted(folder.glob("*.jsonl"))
    statements = [(path, n, line) for path in sheets for n, line in lines(path)]
    brand = next(line for _, _, line in statements if line.get("p") == "hasBrand")
    entry = next(line for _, _, line in statements if line.get("p") == "expandsInto" and line["o"] in countries())
    dissent = folder / "dissent.jsonl"
    dissent.write_text(
        json.dumps(
            {
                "s": brand["s"],
                "p": "hasBrand",
                "o": brand["o"],
                "status": "denied",
                "evidence": f"{brand['s']} denies owning {brand['o']}.",
            }
        )
        + "\n"
        + json.dumps(
            {
                "s": entry["s"],
                "p": "expandsInto",
                "o": entry["o"],
                "status": "planned",
                "evidence": f"{entry['s']} only plans to enter {entry['o']}.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    store = Neo4jStore(neo4j_settings)
    store.clear()
    report = load(store, [folder])
    assert not report.failed and len(report.sources) == len(sheets) + 1
    yield folder, statements, (brand, entry), dissent
    store.close()


def test_what_a_sheet_says_about_a_giant_at_ten_thousand_facts(synthetic, tmp_path, monkeypatch):
    folder, statements, _, _ = synthetic
    sheet, name = folder / "sheet-0000.jsonl", "Company 000000"
    rows = ask(tmp_path, monkeypatch, SAYS, f"file={sheet.name}", f"name={name}")
    expected = [n for path, n, line in statements if path == sheet and name in (line["s"], line.get("o"))]
    assert [r["line"] for r in rows] == expected and len(expected) > 100
    assert {r["subject"] for r in rows if name not in (r["subject"], r["what"])} == set()


def test_the_sentences_between_a_company_and_its_brand_at_ten_thousand_facts(synthetic, tmp_path, monkeypatch):
    _, statements, (brand, _), _ = synthetic
    rows = ask(tmp_path, monkeypatch, SUPPORT, f"from={brand['s']}", f"to={brand['o']}")
    plain = sorted(
        (str(path.resolve()), n, line["evidence"])
        for path, n, line in statements
        if (line.get("s"), line.get("o")) == (brand["s"], brand["o"])
    )
    assert sorted((r["source"], r["line"], r["sentence"]) for r in rows if r["status"] is None) == plain
    assert [(r["relation"], r["sentence"]) for r in rows if r["status"] == "denied"] == [
        ("HAS_BRAND", f"{brand['s']} denies owning {brand['o']}.")
    ]


def test_sources_that_disagree_on_figures_at_ten_thousand_facts(synthetic, tmp_path, monkeypatch):
    _, statements, _, _ = synthetic
    figures = defaultdict(list)
    for path, n, line in statements:
        if "metric" in line:
            figures[(line["s"], line["metric"], line["unit"], line["period"])].append(
                (float(line["value"]), str(path.resolve()), n)
            )
    expected = sorted(
        (s, metric, period, a[0], a[1], a[2], b[0], b[1], b[2])
        for (s, metric, _, period), found in figures.items()
        for a in found
        for b in found
        if a[0] < b[0] and a[1] != b[1]
    )
    rows = ask(tmp_path, monkeypatch, FIGURES)
    assert (
        sorted(
            (
                r["subject"],
                r["metric"],
                r["period"],
                r["value"],
                r["source"],
                r["line"],
                r["other_value"],
                r["other_source"],
                r["other_line"],
            )
            for r in rows
        )
        == expected
    )
    assert len(expected) > 10


def test_sources_that_deny_or_plan_at_ten_thousand_facts(synthetic, tmp_path, monkeypatch):
    _, statements, found, dissent = synthetic
    expected = sorted(
        (
            line["s"],
            TYPES[line["p"]],
            str(path.resolve()),
            n,
            "denied" if line["p"] == "hasBrand" else "planned",
            str(dissent.resolve()),
            1 if line["p"] == "hasBrand" else 2,
        )
        for path, n, line in statements
        for f in found
        if (line.get("s"), line.get("p"), line.get("o")) == (f["s"], f["p"], f["o"])
    )
    rows = ask(tmp_path, monkeypatch, DISSENT)
    assert (
        sorted(
            (r["subject"], r["relation"], r["source"], r["line"], r["status"], r["dissent"], r["dissent_line"])
            for r in rows
        )
        == expected
    )
    assert {r["object"] for r in rows if r["relation"] == "HAS_BRAND"} == {found[0]["o"]}
    assert {r["status"] for r in rows} == {"denied", "planned"}
