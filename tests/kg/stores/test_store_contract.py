"""The Store contract, run against every store: the embedded one, Neo4j on a real server, and the SPARQL store on
the Fuseki the tests start."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import content_hash, load, read_records, remove
from kg.rdf import GraphBuilder
from kg.resolve import Resolver

A = """{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco"}
{"s": "Ecovacs", "p": "expandsInto", "o": "Germany", "via": "subsidiary"}
{"s": "Ecovacs", "metric": "revenue", "value": 1.5e10, "unit": "CNY", "period": "2025"}
"""
B = """{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco", "evidence": "Tineco is Ecovacs's brand."}
{"s": "Tineco", "p": "expandsInto", "o": "the Middle East"}
{"s": "Ecovacs", "metric": "revenue", "value": 1.5e10, "unit": "CNY", "period": "2025"}
"""
HOSTILE = [
    'O\'Brien "Robotics"',
    "Back`tick` Ltd",
    "{braces} & [brackets]",
    "}) DETACH DELETE n //",
    "x'}) MATCH (n) DETACH DELETE n //",
    "$param and \\u0000 \\\\ slash",
]


@pytest.fixture(
    params=[
        "embedded",
        pytest.param("neo4j", marks=pytest.mark.neo4j),
        pytest.param("sparql", marks=pytest.mark.fuseki),
    ]
)
def store(request, fresh_store):
    """Each store in turn, empty."""
    if request.param == "embedded":
        return fresh_store
    return request.getfixturevalue(f"{request.param}_store")


def support(store, relation: str) -> list[int]:
    """How many sources state each fact of one relation."""
    if store.name == "neo4j":
        from kg.stores.cypher import rel_type

        rows = store.cypher(f"MATCH ()-[r:{rel_type(relation)}]->() RETURN r.support AS n ORDER BY n")
        return [r["n"] for r in rows]
    rows = store.select(f"""SELECT ?f (COUNT(DISTINCT ?g) AS ?n) WHERE {{
        ?f rdf:predicate kgo:{relation} ; prov:qualifiedDerivation/prov:entity ?g }} GROUP BY ?f ORDER BY ?n""")
    return [r["n"] for r in rows]


def snapshot(store) -> object:
    """Everything the store holds, in a comparable form."""
    if store.name == "neo4j":
        nodes = store.cypher("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.iri")
        rels = store.cypher(
            "MATCH (a)-[r]->(b) RETURN a.iri AS a, type(r) AS type, b.iri AS b, "
            "properties(r) AS props ORDER BY a, type, b, r.iri"
        )
        return [{**n, "labels": sorted(n["labels"])} for n in nodes], rels
    if store.name == "sparql":
        return sorted(str(q) for q in store.quads())
    return sorted(str(q) for q in store.ox.quads_for_pattern(None, None, None))


def built(store, path: Path):
    """A source's graph and quads, resolved against what the store knows."""
    source = str(path.resolve())
    resolver = Resolver.from_known(store.known_entities())
    return GraphBuilder(source, content_hash(path), resolver, "2026-01-01T00:00:00Z").build(read_records(path))


def test_loading_twice_changes_nothing(store, write):
    path = write("a.jsonl", A)
    assert load(store, [path]).sources[0].status == "added"
    before = (store.stats(), snapshot(store))
    assert load(store, [path]).sources[0].status == "unchanged"
    assert (store.stats(), snapshot(store)) == before


def test_replacing_a_source_with_the_same_quads_gives_the_same_graph(store, write):
    a = built(store, write("a.jsonl", A))
    store.replace_source(a.graph, a.quads)
    b = built(store, write("b.jsonl", B))
    store.replace_source(b.graph, b.quads)
    before = snapshot(store)
    store.replace_source(a.graph, a.quads)
    assert snapshot(store) == before


def test_a_fact_from_two_sources_is_one_fact_supported_twice(store, write):
    load(store, [write("a.jsonl", A)])
    report = load(store, [write("b.jsonl", B)])
    assert (report.sources[0].facts_added, report.sources[0].facts_merged) == (1, 1)
    assert (report.sources[0].observations_added, report.sources[0].observations_merged) == (0, 1)
    assert store.stats() == {"entities": 4, "facts": 3, "observations": 1, "sources": 2}
    assert support(store, "hasBrand") == [2]
    assert support(store, "expandsInto") == [1, 1]


def test_remove_drops_exactly_what_only_that_source_supports(store, write):
    a, b = write("a.jsonl", A), write("b.jsonl", B)
    load(store, [a, b])
    remove(store, a)
    assert store.stats() == {"entities": 3, "facts": 2, "observations": 1, "sources": 1}
    assert support(store, "hasBrand") == [1]
    assert support(store, "expandsInto") == [1]  # Tineco's, from b; Ecovacs's went with a
    assert {e.name for e in store.known_entities()} == {"Ecovacs", "Tineco", "Middle East"}
    remove(store, b)
    assert store.stats() == {"entities": 0, "facts": 0, "observations": 0, "sources": 0}


def test_a_changed_file_replaces_its_previous_version(store, write):
    path = write("a.jsonl", A)
    load(store, [path])
    path.write_text(B, encoding="utf-8")
    assert load(store, [path]).sources[0].status == "replaced"
    assert store.stats() == {"entities": 3, "facts": 2, "observations": 1, "sources": 1}
    assert support(store, "hasBrand") == [1]


def test_existing_names_the_graphs_that_state_each_fact(store, write):
    a_path, b_path = write("a.jsonl", A), write("b.jsonl", B)
    a = built(store, a_path)
    store.replace_source(a.graph, a.quads)
    b = built(store, b_path)
    store.replace_source(b.graph, b.quads)
    found = store.existing([*sorted(a.facts | a.observations), "https://example.org/not-a-fact"])
    assert set(found) == a.facts | a.observations
    for iri in a.facts & b.facts:
        assert found[iri] == {a.graph, b.graph}
    assert {p: s.graph for p, s in store.sources().items()} == {
        str(a_path.resolve()): a.graph,
        str(b_path.resolve()): b.graph,
    }


def test_known_entities_carry_names_aliases_and_identifiers(store, write):
    load(
        store,
        [
            write(
                "e.jsonl",
                '{"entity": "Ecovacs", "type": "Company", "aliases": ["Ecovacs Robotics"], '
                '"ticker": "SHA:603486"}\n{"s": "Ecovacs", "p": "expandsInto", "o": "DE"}\n',
            )
        ],
    )
    known = {(k.name, k.type): k for k in store.known_entities()}
    assert known["Ecovacs", "Company"].aliases == ("Ecovacs Robotics",)
    assert known["Ecovacs", "Company"].identifiers == (("ticker", "SHA:603486"),)
    assert known["Germany", "Country"].iri.endswith("/country/DE")


def test_hostile_names_are_stored_as_text(store, write):
    lines = [f'{{"entity": {_json(n)}, "type": "Company"}}' for n in HOSTILE]
    lines += [f'{{"s": {_json(n)}, "p": "expandsInto", "o": "Germany", "evidence": {_json(n)}}}' for n in HOSTILE]
    report = load(store, [write("hostile.jsonl", "\n".join(lines) + "\n")])
    assert not report.failed, report.failed[0].error
    assert store.stats() == {"entities": len(HOSTILE) + 1, "facts": len(HOSTILE), "observations": 0, "sources": 1}
    assert {k.name for k in store.known_entities()} == {*(" ".join(n.split()) for n in HOSTILE), "Germany"}


def test_a_source_that_was_never_loaded_cannot_be_removed(store, write):
    from kg.errors import LoaderError

    with pytest.raises(LoaderError, match="never loaded"):
        remove(store, write("a.jsonl", A))


def _json(text: str) -> str:
    import json

    return json.dumps(text)
