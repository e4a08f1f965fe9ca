"""Every exporter, read back by the tool it is for, and byte-identical on every run."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from kg.exports import export, registry
from tests.kg.exports.conftest import AWKWARD_BRAND, AWKWARD_COMPANY, AWKWARD_EVIDENCE, AWKWARD_NOTE

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib 7 warns about its own internals

RDF_GRAPH_FORMATS = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml"}
RDF_DATASET_FORMATS = {"nquads": "nquads", "trig": "trig", "jsonld": "json-ld"}
GRAPH_FORMATS = ("graphml", "gexf", "nodelink")


def reference(store) -> rdflib.Dataset:
    """The store's source graphs as rdflib reads Oxigraph's own N-Quads writer (not the exporter's).

    The default graph is left out: it is the union of the source graphs, which exports do not repeat.
    """
    named = [q for q in store.ox if isinstance(q.graph_name, ox.NamedNode)]
    dataset = rdflib.Dataset()
    dataset.parse(data=ox.serialize(named, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    return dataset


def triples(dataset: rdflib.Dataset) -> set:
    return {(s, p, o) for s, p, o, _ in dataset.quads()}


def read_graph(fmt: str, path: Path) -> nx.MultiDiGraph:
    if fmt == "graphml":
        return nx.read_graphml(path)
    if fmt == "gexf":
        return nx.read_gexf(path)
    return nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="edges")


@pytest.mark.parametrize("fmt", registry.names())
def test_export_is_byte_identical_twice(exported, fmt):
    first, second = exported(fmt), exported(fmt)
    if first.is_dir():
        assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in second.iterdir())
        for path in first.iterdir():
            assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    else:
        assert first.read_bytes() and first.read_bytes() == second.read_bytes()


def _contents(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.iterdir()} if path.is_dir() else {"": path.read_bytes()}


@pytest.mark.parametrize("fmt", sorted(set(registry.names()) - {"png"}))
def test_the_same_quads_stored_in_another_order_export_the_same_bytes(data_folder, shuffled_folder, tmp_path, fmt):
    from kg.stores.oxigraph import OxigraphStore

    outputs = []
    for n, folder in enumerate((data_folder, shuffled_folder)):
        with OxigraphStore(folder) as store:
            out = tmp_path / f"{n}.out"
            export(store, fmt, out)
        outputs.append(_contents(out))
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("fmt", ["nquads", "turtle", "graphml", "cypher"])
def test_an_in_memory_store_exports_the_same_bytes(store, tmp_path, fmt):
    """Oxigraph's in-memory store iterates in insertion order; sorting makes that irrelevant."""
    import random

    from kg.stores.oxigraph import OxigraphStore

    quads = list(store.ox.quads_for_pattern(None, None, None, None))
    random.Random(5).shuffle(quads)
    memory = OxigraphStore.in_memory()
    memory.ox.extend(quads)
    export(store, fmt, tmp_path / "disk")
    export(memory, fmt, tmp_path / "memory")
    assert (tmp_path / "disk").read_bytes() == (tmp_path / "memory").read_bytes()


@pytest.mark.parametrize("fmt", sorted(RDF_GRAPH_FORMATS))
def test_rdf_graph_formats_read_back_by_rdflib(store, exported, fmt):
    graph = rdflib.Graph()
    graph.parse(exported(fmt), format=RDF_GRAPH_FORMATS[fmt])
    assert set(graph) == triples(reference(store))


@pytest.mark.parametrize("fmt", sorted(RDF_DATASET_FORMATS))
def test_rdf_dataset_formats_keep_a_named_graph_per_source(store, exported, fmt):
    expected = reference(store)
    dataset = rdflib.Dataset()
    dataset.parse(exported(fmt), format=RDF_DATASET_FORMATS[fmt])
    graphs = {g.identifier for g in expected.graphs() if len(g)}
    assert {g.identifier for g in dataset.graphs() if len(g)} == graphs
    for name in graphs:
        assert set(dataset.graph(name)) == set(expected.graph(name)), name


def test_jsonld_uses_the_ontology_context(exported):
    from kg.exports.jsonld import context

    document = json.loads(exported("jsonld").read_text("utf-8"))
    assert document["@context"] == context()["@context"]
    nodes = [n for g in document["@graph"] for n in g.get("@graph", [])]
    company = next(n for n in nodes if n.get("name") == AWKWARD_COMPANY)
    assert company["@type"] == "Company" and company["domain"] == "acme.example"


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_property_graphs_read_back_by_networkx(store, exported, fmt):
    from kg.stores.projection import project

    expected = project(store)
    graph = read_graph(fmt, exported(fmt))
    entities = {n for n, d in graph.nodes(data=True) if d["kind"] != "Observation"}
    assert entities == set(expected.nodes)
    assert all(graph.nodes[n]["kind"] == expected.nodes[n]["type"] for n in entities)
    assert all(graph.nodes[n]["name"] == expected.nodes[n]["name"] for n in entities)
    facts = {(s, o, k): d for s, o, k, d in graph.edges(keys=True, data=True) if d["relation"] != "hasObservation"}
    assert set(facts) == set(expected.edges(keys=True))
    for s, o, k, data in expected.edges(keys=True, data=True):
        edge = facts[(s, o, k)]
        assert edge["relation"] == data["relation"] and edge["support"] == data["support"]
        assert edge["confidence"] == pytest.approx(data["confidence"])
    observations = store.stats()["observations"]
    assert sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "Observation") == observations


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_property_graphs_keep_awkward_text_intact(exported, fmt):
    graph = read_graph(fmt, exported(fmt))
    names = {d["name"] for _, d in graph.nodes(data=True)}
    assert {AWKWARD_COMPANY, AWKWARD_BRAND} <= names
    brand_edge = next(
        d for _, _, d in graph.edges(data=True) if d["relation"] == "hasBrand" and d.get("evidence") == AWKWARD_EVIDENCE
    )
    sources = brand_edge["sources"] if fmt == "nodelink" else json.loads(brand_edge["sources"])
    assert sources[0].endswith("awkward.jsonl")
    company = next(d for _, d in graph.nodes(data=True) if d["name"] == AWKWARD_COMPANY)
    aliases = company["aliases"] if fmt == "nodelink" else json.loads(company["aliases"])
    assert "Acme <&>" in aliases


def test_graphml_declares_typed_keys(exported):
    root = ET.parse(exported("graphml")).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    types = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.findall("g:key", ns)}
    assert types[("edge", "support")] == "int" and types[("edge", "confidence")] == "double"
    assert types[("node", "value")] == "double" and types[("node", "label")] == "string"


def test_gexf_colours_node_kinds(exported):
    graph = nx.read_gexf(exported("gexf"))
    colours = {d["kind"]: d["viz"]["color"] for _, d in graph.nodes(data=True)}
    assert colours["Company"] != colours["Brand"] != colours["Country"]


def stats_after_load(path: Path, data: Path) -> dict:
    from kg.pipeline import load
    from kg.stores.oxigraph import OxigraphStore

    with OxigraphStore(data) as fresh:
        report = load(fresh, [path])
        assert not report.failed, [s.error for s in report.failed]
        counts = fresh.stats()
        facts = {
            q.subject.value
            for q in fresh.ox.quads_for_pattern(
                None, None, ox.NamedNode("https://w3id.org/expansion-kg/ontology#Fact"), None
            )
        }
    return {**counts, "fact_iris": facts}


@pytest.mark.parametrize("fmt", ["turtle", "factlines", "trig", "nquads", "rdfxml"])
def test_export_loads_back_to_the_same_stats(store, exported, tmp_path, fmt):
    expected = store.stats()
    facts = {
        q.subject.value
        for q in store.ox.quads_for_pattern(
            None, None, ox.NamedNode("https://w3id.org/expansion-kg/ontology#Fact"), None
        )
    }
    path = exported(fmt)
    store.close()
    loaded = stats_after_load(path, tmp_path / "fresh")
    for key in ("entities", "facts", "observations"):
        assert loaded[key] == expected[key], key
    assert loaded["fact_iris"] == facts


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "dot", "nodelink"])
def test_an_export_kg_load_cannot_read_back_is_refused_in_one_line(exported, tmp_path, fmt):
    import os
    import subprocess
    import sys

    path = exported(fmt)
    good = tmp_path / "good.jsonl"
    good.write_text('{"s": "Acme", "p": "expandsInto", "o": "Japan"}\n', encoding="utf-8")
    env = {**os.environ, "KG_DATA": str(tmp_path / "kg"), "KG_STORE": "embedded"}

    def kg(*args: str) -> subprocess.CompletedProcess:
        """The command as a user runs it, in its own process: exit code and both streams as they are."""
        return subprocess.run(
            [sys.executable, "-c", "from kg.cli import cli; cli()", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    result = kg("load", str(good), str(path))
    assert result.returncode == 3 and result.stdout == ""
    assert result.stderr == (
        f"Error: {path}: unsupported: kg load does not read kg export's {fmt} format back; "
        "load a trig, nquads, turtle, jsonld, rdfxml or factlines export instead\n"
    )
    # refused before anything loads: the good file named beside it is not half of a load
    assert json.loads(kg("stats", "--format", "json").stdout)["facts"] == 0


def test_fact_lines_carry_provenance(exported):
    lines = [json.loads(line) for line in exported("factlines").read_text("utf-8").splitlines()]
    brand = next(line for line in lines if line.get("p") == "hasBrand" and line["s"] == AWKWARD_COMPANY)
    assert brand == {
        "s": AWKWARD_COMPANY,
        "s_type": "Company",
        "p": "hasBrand",
        "o": AWKWARD_BRAND,
        "evidence": AWKWARD_EVIDENCE,
        "confidence": 0.75,
        "span": [3, 9],
        "extractor": "jsonl",
        "note": AWKWARD_NOTE.strip(),
        "source": 'report "2026" <p. 3>',
    }
    kinds = [("entity" in line, "p" in line, "metric" in line) for line in lines]
    assert kinds == sorted(kinds, reverse=True)  # entity lines, then relation lines, then metric lines


def test_spreadsheet_has_one_row_per_fact(store, exported):
    with exported("csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == store.stats()["facts"]
    brand = next(r for r in rows if r["relation"] == "hasBrand" and r["subject"] == AWKWARD_COMPANY)
    assert brand["object"] == AWKWARD_BRAND and brand["evidence"] == AWKWARD_EVIDENCE
    assert brand["support"] == "1" and brand["confidence"] == "0.75"


def test_spreadsheet_guards_formula_cells():
    from kg.exports.spreadsheet import cell

    assert cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and cell("-5 units") == "'-5 units"
    assert cell("Acme") == "Acme" and cell(0.5) == 0.5 and cell(None) == ""


def test_context_file_is_generated_from_the_ontology():
    from kg.exports.jsonld import context_text
    from ontology import path

    assert path("context.jsonld").read_text("utf-8") == context_text(), (
        "regenerate: python -m kg.exports.jsonld > ontology/context.jsonld"
    )
