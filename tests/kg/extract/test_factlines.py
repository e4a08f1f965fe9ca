"""Records as fact lines: entity lines first, the gold-file shape, loadable again by the fact-line loader."""

from __future__ import annotations

from kg.extract import extract
from kg.extract.factlines import to_fact_lines
from kg.model import Document, Entity, Fact, Observation
from loaders.factlines import records_from_line

TEXT = (
    "Acme Group has set up sales subsidiaries in France and Spain. In 2025, its revenue reached $2 billion, "
    "up 12% year on year. Acme Group plans to enter Mexico."
)


def lines():
    return list(to_fact_lines(extract(Document("note.txt", "0", text=TEXT))))


def test_entity_lines_come_first_then_relations_then_figures():
    kinds = ["entity" if "entity" in x else "metric" if "metric" in x else "relation" for x in lines()]
    assert kinds == sorted(kinds, key=["entity", "relation", "metric"].index)


def test_lines_have_the_gold_shape_with_provenance():
    planned = next(x for x in lines() if x.get("o") == "Mexico")
    assert planned["status"] == "planned" and planned["extractor"] == "rules" and planned["source"] == "note.txt"
    assert TEXT[slice(*planned["span"])] == planned["evidence"]
    revenue = next(x for x in lines() if x.get("metric") == "revenue")
    assert {k: revenue[k] for k in ("s", "metric", "value", "unit", "period")} == {
        "s": "Acme Group",
        "metric": "revenue",
        "value": 2e9,
        "unit": "USD",
        "period": "2025",
    }


def test_the_same_document_gives_the_same_lines():
    assert lines() == lines()


def test_the_lines_load_again_as_the_same_kind_of_records():
    for number, line in enumerate(lines(), start=1):
        records = list(records_from_line(line, source="out.jsonl", number=number, extractor="jsonl"))
        expected = Entity if "entity" in line else Observation if "metric" in line else Fact
        assert records and all(isinstance(r, expected) for r in records)
