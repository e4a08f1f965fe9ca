"""Exports opened by the tools researchers use: Gephi (its toolkit, else its import rules), igraph and Graphviz.

Every fact must arrive as an edge of its own, with its IRI as an ordinary
attribute, and a picture must be drawn by the Graphviz engine asked for.
"""

from __future__ import annotations

import collections
import functools
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.exports.property_graph import EDGE_ATTRIBUTES

GEPHI = "org.gephi:gephi-toolkit:0.10.1:jar:all"
GEPHI_IMPORT = Path(__file__).with_name("GephiImport.java")
FACT = ox.NamedNode("https://w3id.org/expansion-kg/ontology#Fact")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def fact_iris(store) -> set[str]:
    return {q.subject.value for q in store.ox.quads_for_pattern(None, RDF_TYPE, FACT, None)}


def written_edges(path: Path) -> list[ET.Element]:
    return [e for e in ET.parse(path).getroot().iter() if e.tag.endswith("}edge")]


def gephi_type(fmt: str, edge: ET.Element) -> str:
    """The edge type Gephi's importer reads: GEXF's kind attribute, the GraphML edge element's label attribute."""
    return edge.get("kind" if fmt == "gexf" else "label") or ""


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_each_fact_has_an_edge_gephi_keeps_apart(store, exported, fmt):
    """Gephi merges edges with the same source, target and type (summing weights), so no two may share all three."""
    edges = written_edges(exported(fmt))
    keys = collections.Counter((e.get("source"), e.get("target"), gephi_type(fmt, e)) for e in edges)
    assert [key for key, count in keys.items() if count > 1] == []
    ids = collections.Counter(e.get("id") for e in edges)
    assert [i for i, count in ids.items() if count > 1] == []
    assert fact_iris(store) <= set(ids)
    # the example graph has facts of one relation between the same two nodes: they are what Gephi used to merge
    relations = collections.Counter((e.get("source"), e.get("target"), gephi_type(fmt, e).split(" ")[0]) for e in edges)
    assert any(count > 1 for count in relations.values())


@functools.cache
def gephi_toolkit() -> Path | None:
    """The Gephi toolkit jar from Maven Central (kept in the local repository after the first test run)."""
    mvn = shutil.which("mvn")
    if mvn is None or shutil.which("java") is None:
        return None
    quiet = [mvn, "-B", "-q", "-Dstyle.color=never"]
    got = subprocess.run(
        [*quiet, "dependency:get", f"-Dartifact={GEPHI}", "-Dtransitive=false"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if got.returncode != 0:
        return None
    where = subprocess.run(
        [*quiet, "help:evaluate", "-Dexpression=settings.localRepository", "-DforceStdout"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    found = re.sub(r"\x1b\[[0-9;]*m", "", where.stdout).strip()
    repository = Path(found) if found else Path.home() / ".m2" / "repository"
    jar = repository / "org/gephi/gephi-toolkit/0.10.1/gephi-toolkit-0.10.1-all.jar"
    return jar if jar.is_file() else None


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_gephi_imports_every_fact_with_its_iri(store, exported, fmt):
    jar = gephi_toolkit()
    if jar is None:
        pytest.skip(f"the Gephi toolkit ({GEPHI}) could not be had from Maven Central, or Java is missing")
    path = exported(fmt)
    done = subprocess.run(
        ["java", "-Djava.awt.headless=true", "-cp", str(jar), str(GEPHI_IMPORT), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line.split("\t") for line in done.stdout.splitlines()]
    counts = {line[0]: int(line[1]) for line in lines if line[0] in ("nodes", "edges")}
    edges = [line for line in lines if line[0] == "edge"]
    written = written_edges(path)
    assert counts["edges"] == len(written) == len(edges)
    facts = fact_iris(store)
    kept = {edge_id: iri for _, edge_id, iri, _ in edges}
    assert facts <= set(kept)
    assert all(kept[iri] == iri for iri in facts)
    assert all(float(weight) >= 1 for *_, weight in edges)  # no merged weights of 2 facts where support is 1


def test_igraph_reads_graphml_with_every_attribute(store, exported):
    igraph = pytest.importorskip("igraph")
    graph = igraph.Graph.Read_GraphML(str(exported("graphml")))
    assert {name for name, _ in EDGE_ATTRIBUTES} <= set(graph.es.attributes())
    facts = [edge for edge in graph.es if edge["relation"] != "hasObservation"]
    assert len(facts) == len(fact_iris(store))
    assert {edge["iri"] for edge in facts} == fact_iris(store)
    assert all(edge["kind"].split(" ")[0] == edge["relation"] for edge in facts)


def graph_line(dot_source: str) -> str:
    return next(line for line in dot_source.splitlines() if line.startswith("  graph "))


def around_ecovacs():
    from kg.exports.subgraph import Filters

    return Filters(company="Ecovacs")


@pytest.mark.parametrize("layout", ["neato", "fdp", "circo", "dot"])
def test_dot_honours_the_layout(store, tmp_path, layout):
    from kg.exports import export

    export(store, "dot", tmp_path / "default.dot", filters=around_ecovacs())
    assert 'layout="twopi"' in graph_line((tmp_path / "default.dot").read_text("utf-8"))
    export(store, "dot", tmp_path / f"{layout}.dot", layout=layout, filters=around_ecovacs())
    line = graph_line((tmp_path / f"{layout}.dot").read_text("utf-8"))
    assert f'layout="{layout}"' in line and 'layout="twopi"' not in line
    assert ('rankdir="LR"' in line) == (layout == "dot")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_draws_with_the_engine_asked_for(store, tmp_path):
    """The same subgraph drawn by neato and by circo: two different pictures, each by its engine."""
    from kg.exports import export

    pictures = {}
    for layout in ("neato", "circo"):
        out = tmp_path / f"{layout}.svg"
        export(store, "svg", out, layout=layout, filters=around_ecovacs())
        pictures[layout] = out.read_text("utf-8")
        assert pictures[layout].lstrip().startswith("<?xml") and "<svg" in pictures[layout]
    positions = {
        k: [line for line in v.splitlines() if "<ellipse" in line or "<polygon" in line] for k, v in pictures.items()
    }
    assert positions["neato"] != positions["circo"]


def test_layout_is_refused_where_it_means_nothing(data_folder):
    from kg.cli import cli

    for args, message in (
        (["--format", "gexf", "--layout", "neato"], "--layout applies to the pictures"),
        (["--format", "dot", "--layout", "sideways"], "unknown Graphviz layout 'sideways'"),
    ):
        result = CliRunner().invoke(cli, ["export", "--data", str(data_folder), *args])
        assert result.exit_code == 3, result.output
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
