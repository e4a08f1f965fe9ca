"""Provenance as a pattern in Neo4j: each statement of a fact or figure is an Evidence node of its source."""

from __future__ import annotations

import pytest

from kg.pipeline import load, remove

pytestmark = pytest.mark.neo4j

#: Every statement as the provenance lists on facts and figures hold it: (source, fact IRI, evidence, line, confidence).
FROM_LISTS = """
CALL () {
  MATCH ()-[r]->() WHERE r.sources IS NOT NULL RETURN r.iri AS iri, properties(r) AS p
  UNION ALL
  MATCH (o:Observation) RETURN o.iri AS iri, properties(o) AS p
}
UNWIND range(0, size(p.sources) - 1) AS i
RETURN p.sources[i] AS source, iri AS fact, p.evidence[i] AS text, p.lines[i] AS line, p.confidences[i] AS confidence
"""
#: The same, as the Evidence nodes hold it.
FROM_NODES = """
MATCH (ev:Evidence)-[:PART_OF]->(d:Document)
RETURN d.path AS source, ev.fact AS fact, coalesce(ev.text, '') AS text, coalesce(ev.line, 0) AS line,
       ev.confidence AS confidence
"""


def statements(store, query: str) -> list[tuple]:
    return sorted(tuple(r.values()) for r in store.cypher(query))


def shape(store) -> dict:
    """What the provenance pattern holds, for comparing one state of the database with another."""
    return {
        "documents": sorted(r["path"] for r in store.cypher("MATCH (d:Document) RETURN d.path AS path")),
        "evidence": statements(store, FROM_NODES),
        "orphans": store.cypher("MATCH (ev:Evidence) WHERE NOT (ev)-[:PART_OF]->(:Document) RETURN count(ev) AS n"),
        "mentions": sorted(
            (r["text"], r["role"], r["name"])
            for r in store.cypher(
                "MATCH (ev:Evidence)-[m:HAS_ENTITY]->(e) RETURN coalesce(ev.text, '') AS text, m.role AS role, "
                "e.name AS name"
            )
        ),
    }


def test_every_statement_is_one_evidence_node_of_its_source(neo4j_examples):
    from_lists, from_nodes = statements(neo4j_examples, FROM_LISTS), statements(neo4j_examples, FROM_NODES)
    assert from_nodes == from_lists and len(from_nodes) > 40
    # a figure's statements reach it by a relationship; a fact's name it by IRI, and name its two ends
    assert neo4j_examples.cypher(
        "MATCH (ev:Evidence)-[:SUPPORTS]->(o:Observation) WHERE ev.fact <> o.iri RETURN count(*) AS n"
    ) == [{"n": 0}]
    [row] = neo4j_examples.cypher(
        "MATCH (ev:Evidence)-[:PART_OF]->(d:Document) WHERE d.path ENDS WITH 'ecovacs.jsonl' AND ev.line = 18 "
        "RETURN ev.relation AS relation, [(ev)-[m:HAS_ENTITY]->(e) | [m.role, e.name]] AS mentions, "
        "ev.citedSource AS cited, ev.extractor AS extractor"
    )
    assert row["relation"] == "SELLS_THROUGH" and row["extractor"] == "jsonl" and row["cited"] == "seed article, 36Kr"
    assert sorted(row["mentions"]) == [
        ["market", "Middle East"],
        ["object", "dealer and agent network"],
        ["subject", "Tineco"],
    ]
    # every entity a statement names is one its document states, so removing another source never cuts the link
    assert neo4j_examples.cypher(
        "MATCH (d:Document)<-[:PART_OF]-(:Evidence)-[:HAS_ENTITY]->(e) "
        "WHERE NOT (d)-[:STATES]->(e) RETURN count(*) AS n"
    ) == [{"n": 0}]


A = (
    '{"s": "Acme", "p": "expandsInto", "o": "Japan", "evidence": "Acme entered Japan.", "confidence": 0.9}\n'
    '{"s": "Acme", "metric": "revenue", "value": 5, "unit": "USD", "period": "2025", "evidence": "Acme made 5."}\n'
)
B = (
    '{"s": "Acme", "p": "expandsInto", "o": "Japan", "evidence": "Japan is Acme\'s first market."}\n'
    '{"s": "Acme", "p": "operatesIn", "o": "Peru", "evidence": "Acme works in Peru."}\n'
)
B2 = '{"s": "Acme", "p": "expandsInto", "o": "Japan", "evidence": "Acme opened a Tokyo office."}\n'


def test_reloading_and_removing_a_source_keep_documents_and_evidence_exact(neo4j_store, write, tmp_path):
    a, b = write("a.jsonl", A), write("b.jsonl", B)
    load(neo4j_store, [a, b])
    both = shape(neo4j_store)
    assert [t for _, _, t, _, _ in both["evidence"]] == sorted(
        ["Acme entered Japan.", "Acme made 5.", "Japan is Acme's first market.", "Acme works in Peru."]
    )
    assert statements(neo4j_store, FROM_NODES) == statements(neo4j_store, FROM_LISTS)

    b.write_text(B2, encoding="utf-8")  # b changes: its old sentences go, Peru with them, its new one comes
    load(neo4j_store, [b])
    texts = {r[2] for r in statements(neo4j_store, FROM_NODES)}
    assert texts == {"Acme entered Japan.", "Acme made 5.", "Acme opened a Tokyo office."}
    assert statements(neo4j_store, FROM_NODES) == statements(neo4j_store, FROM_LISTS)
    assert not neo4j_store.cypher("MATCH (e:Entity {name: 'Peru'}) RETURN e")

    remove(neo4j_store, b)
    alone = shape(neo4j_store)
    assert alone["documents"] == [str(a.resolve())] and alone["orphans"] == [{"n": 0}]
    assert {r[2] for r in alone["evidence"]} == {"Acme entered Japan.", "Acme made 5."}

    b.write_text(B, encoding="utf-8")
    load(neo4j_store, [b])
    assert shape(neo4j_store) == both
    remove(neo4j_store, a)
    remove(neo4j_store, b)
    assert neo4j_store.cypher("MATCH (n) WHERE n:Evidence OR n:Document RETURN count(n) AS n") == [{"n": 0}]


def test_a_document_written_before_evidence_nodes_is_rewritten_by_the_next_load(neo4j_store, write):
    a = write("a.jsonl", A)
    load(neo4j_store, [a])
    expected = shape(neo4j_store)
    # the layout an older kg wrote: no Evidence nodes, no layout mark on the document
    neo4j_store.cypher("MATCH (ev:Evidence) DETACH DELETE ev", write=True)
    neo4j_store.cypher("MATCH (d:Document) REMOVE d.layout", write=True)
    [report] = load(neo4j_store, [a]).sources
    assert report.status == "replaced"
    assert shape(neo4j_store) == expected
    [again] = load(neo4j_store, [a]).sources
    assert again.status == "unchanged"
