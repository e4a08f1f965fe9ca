"""A job's partitioned output loads as one graph: the same company named in two partitions is one entity.

Each part file is a source of its own, so each is written whole or not at all (one transaction per
partition on Neo4j).  Resolution does not depend on which partition a name lands in: an entity's IRI is
made from its type and name key (``org/orvane-robotics``), and the resolver of a load knows what the
store and the part files loaded before it declared, so a name met again in another part file resolves to
the node already there.  The reference is the same documents extracted by ``kg extract`` into one file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract.distributed import JobSettings, corpus_sources, extract_corpus
from kg.extract.documents import document_paths, extract_paths
from kg.extract.factlines import to_fact_lines
from kg.pipeline import load
from kg.stores.oxigraph import OxigraphStore

PLACES = ["Chile", "Norway", "Kenya", "Portugal", "Vietnam", "Peru", "Morocco", "Finland"]


def _corpus(folder: Path) -> Path:
    """Sixteen items about two firms, each naming a place where a firm opened an office."""
    folder.mkdir()
    for i in range(16):
        firm = "Orvane Robotics" if i % 2 else "Telquist Foods"
        place = PLACES[i % len(PLACES)]
        (folder / f"item-{i:02d}.txt").write_text(
            f"{firm} opened a sales office in {place} in {2015 + i}. The firm also sells through local dealers.\n"
        )
    return folder


def _one_file(corpus: Path, target: Path) -> Path:
    """The corpus as ``kg extract`` prints it, in one file."""
    lines = []
    for result in extract_paths(document_paths([corpus])):
        assert result.error is None, result.error
        lines += [json.dumps(line, ensure_ascii=False) for line in to_fact_lines(result.records)]
    target.write_text("\n".join(lines) + "\n")
    return target


def _graph(store) -> tuple[dict, set]:
    """Each company's name -> its IRIs, and every (subject, relation, object) fact, from the store itself."""
    companies: dict[str, set[str]] = {}
    for row in store.select("SELECT ?c ?name WHERE { ?c a kgo:Company ; kgo:name ?name }"):
        companies.setdefault(row["name"], set()).add(row["c"])
    facts = {
        (r["s"], r["p"], r["o"])
        for r in store.select(
            "SELECT ?s ?p ?o WHERE { ?f a kgo:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }"
        )
    }
    return companies, facts


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    """The corpus, its job output in four partitions, and the same corpus extracted into one file."""
    root = tmp_path_factory.mktemp("job")
    corpus = _corpus(root / "corpus")
    output = root / "facts"
    report = extract_corpus(corpus_sources([corpus]), output, settings=JobSettings(), partitions=4)
    assert not report.failures
    parts = sorted(output.glob("part-*.jsonl"))
    holding = [p for p in parts if "Orvane Robotics" in p.read_text()]
    assert len(holding) >= 2, "the firm must be named in more than one partition for this test to mean anything"
    return output, _one_file(corpus, root / "all.jsonl")


def test_the_parts_load_into_the_embedded_store_as_the_one_file_does(job, tmp_path):
    output, one_file = job
    with OxigraphStore(tmp_path / "parts") as parts, OxigraphStore(tmp_path / "one") as one:
        assert not load(parts, [output]).failed
        assert not load(one, [one_file]).failed
        companies, facts = _graph(parts)
        assert {name: len(iris) for name, iris in companies.items()} == {"Orvane Robotics": 1, "Telquist Foods": 1}
        assert (companies, facts) == _graph(one)
        assert len(parts.sources()) == len(list(output.glob("part-*.jsonl")))


@pytest.mark.neo4j
def test_the_parts_load_into_neo4j_one_transaction_each_with_one_node_per_company(job, neo4j_store):
    output, _ = job
    report = load(neo4j_store, [output])
    assert not report.failed
    assert {s.status for s in report.sources} == {"added"}
    rows = neo4j_store.cypher("MATCH (c:Company) RETURN c.name AS name, count(*) AS nodes ORDER BY name")
    assert rows == [{"name": "Orvane Robotics", "nodes": 1}, {"name": "Telquist Foods", "nodes": 1}]
    offices = neo4j_store.cypher(
        "MATCH (:Company {name: $name})-[r]->(p:Country) RETURN count(DISTINCT p) AS places",
        {"name": "Orvane Robotics"},
    )
    assert offices[0]["places"] >= 2  # facts from several partitions meet on the one node
