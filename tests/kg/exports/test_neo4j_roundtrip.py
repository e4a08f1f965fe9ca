"""The Cypher script and the neo4j-admin CSV files, run against real Neo4j servers.

Both must build exactly the graph the Neo4j store itself writes for the same
sources, and ``kg stats --store neo4j`` must then give the embedded store's
figures.  The script runs on the project's server (emptied first); the CSV
import needs a stopped database, so it goes into a scratch server of its own
(its own home and ports, sharing the shared server's jars) and the shared
server's data is never touched.
"""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.exports.cypher_script import literal, statements
from tests.conftest import neo4j_unavailable, quick_starting_jvm
from tests.kg.exports.conftest import LOADED_AT, write_sources

pytestmark = pytest.mark.neo4j


@pytest.fixture
def frozen_clock(monkeypatch):
    from kg import pipeline

    monkeypatch.setattr(pipeline, "_now", lambda: LOADED_AT)


@pytest.fixture
def embedded(tmp_path, frozen_clock):
    """An embedded store of the example sheets and the awkward sheet, and the files it was loaded from."""
    from kg.pipeline import load
    from kg.stores.oxigraph import OxigraphStore

    files = write_sources(tmp_path / "sources")
    store = OxigraphStore(tmp_path / "kg")
    assert not load(store, files).failed
    yield store, files
    store.close()


def dump(driver) -> tuple[list, list]:
    """Every node and relationship with its labels or type and properties, sorted, as plain values."""

    def plain(props: dict) -> str:
        return json.dumps(props, sort_keys=True, ensure_ascii=False, default=str)

    with driver.session() as session:
        nodes = sorted(
            (sorted(r["labels"]), plain(r["props"]))
            for r in session.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
        )
        rels = sorted(
            (r["a"], r["type"], r["b"], plain(r["props"]))
            for r in session.run(
                "MATCH (a)-[r]->(b) RETURN a.iri AS a, type(r) AS type, b.iri AS b, properties(r) AS props"
            )
        )
    return nodes, rels


def run_script(driver, text: str) -> None:
    """Each statement in auto-commit mode, as cypher-shell runs a file."""
    with driver.session() as session:
        for statement in statements(text):
            session.run(statement).consume()


def neo4j_stats(settings) -> dict:
    from kg.cli import cli

    result = CliRunner().invoke(
        cli,
        [
            "stats",
            "--store",
            "neo4j",
            "--format",
            "json",
            "--neo4j-uri",
            settings.uri,
            "--neo4j-user",
            settings.user,
            "--neo4j-password",
            settings.password or "",
            "--neo4j-database",
            settings.database or "neo4j",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def written_by_the_store(store, files: list[Path]) -> tuple[list, list]:
    """The graph the Neo4j store writes for ``files`` (the database is emptied first)."""
    from kg.pipeline import load

    store.clear()
    assert not load(store, files).failed
    return dump(store.driver)


def test_literals_read_back_as_the_values_they_write(neo4j_store):
    values = [
        "it's",
        'say "hi"',
        "back\\slash\\",
        "a\nb\r\tc\x07",
        "科沃斯 🚀",
        "}]);",
        0.1,
        1e16,
        -3,
        ["x", ""],
        {"nested": [1, 2.5]},
    ]
    with neo4j_store.driver.session() as session:
        for value in values:
            assert session.run(f"RETURN {literal(value)} AS v").single()["v"] == value


def test_cypher_script_builds_the_graph_the_store_writes(neo4j_store, embedded, tmp_path):
    from kg.exports import export

    store, files = embedded
    expected = written_by_the_store(neo4j_store, files)
    export(store, "cypher", tmp_path / "graph.cypher")
    neo4j_store.clear()
    run_script(neo4j_store.driver, (tmp_path / "graph.cypher").read_text("utf-8"))
    assert dump(neo4j_store.driver) == expected
    run_script(neo4j_store.driver, (tmp_path / "graph.cypher").read_text("utf-8"))
    assert dump(neo4j_store.driver) == expected  # running it again changes nothing
    assert neo4j_stats(neo4j_store.settings) == store.stats()


def test_kg_cypher_write_runs_the_exported_script(neo4j_store, embedded, tmp_path):
    from kg.cli import cli
    from kg.exports import export

    store, files = embedded
    expected = written_by_the_store(neo4j_store, files)
    export(store, "cypher", tmp_path / "graph.cypher")
    neo4j_store.clear()
    s = neo4j_store.settings
    result = CliRunner().invoke(
        cli,
        [
            "cypher",
            "--write",
            f"@{tmp_path / 'graph.cypher'}",
            "--neo4j-uri",
            s.uri,
            "--neo4j-user",
            s.user,
            "--neo4j-password",
            s.password or "",
            "--neo4j-database",
            s.database or "neo4j",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert dump(neo4j_store.driver) == expected


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def scratch_server(tmp_path):
    """A stopped server in its own home, with the shared server's jars; stopped again afterwards."""
    try:
        from kg.neo4j import local

        shared = local.default_server()
        local.resolve_jars(shared)
    except Exception as e:  # noqa: BLE001 - any reason the jars are missing is reported the same way
        neo4j_unavailable(f"no Neo4j jars for a scratch server: {type(e).__name__}: {e}")
    server = local.LocalServer(tmp_path / "neo4j-scratch", bolt_port=_free_port(), http_port=_free_port())
    server.home.mkdir(parents=True)
    (server.home / "lib").symlink_to(shared.lib_dir, target_is_directory=True)
    with quick_starting_jvm():
        yield server
        local.stop(server)
    shutil.rmtree(server.home / "data", ignore_errors=True)  # half a gigabyte of preallocated logs


def test_neo4j_admin_import_gives_the_store_figures_and_graph(scratch_server, embedded, tmp_path):
    from kg.exports import export
    from kg.exports.neo4j_csv import import_arguments
    from kg.neo4j import local
    from kg.stores.neo4j import Neo4jStore

    store, files = embedded
    folder = tmp_path / "import"
    export(store, "neo4j-csv", folder)
    done = local.admin(scratch_server, "database", "import", "full", "neo4j", *import_arguments(folder))
    assert done.returncode == 0, (done.stdout + done.stderr)[-2000:]
    local.start(scratch_server, timeout=240)
    settings = local.Neo4jSettings(scratch_server.uri, local.USER, local.read_password(scratch_server), "neo4j")
    neo4j = Neo4jStore(settings)
    try:
        run_script(neo4j.driver, (folder / "after-import.cypher").read_text("utf-8"))
        assert neo4j_stats(settings) == store.stats()
        imported = dump(neo4j.driver)
        assert imported == written_by_the_store(neo4j, files)
    finally:
        neo4j.close()


@pytest.mark.parametrize("fmt", ["csv", "factlines", "graphml", "nodelink"])
def test_exports_from_neo4j_are_the_embedded_stores(neo4j_store, embedded, fmt):
    """Exports read Neo4j through its RDF view, so the same facts give the same bytes."""
    import io

    from kg.exports import export
    from kg.pipeline import load

    store, files = embedded
    assert not load(neo4j_store, files).failed
    ours, theirs = io.BytesIO(), io.BytesIO()
    export(store, fmt, ours)
    export(neo4j_store, fmt, theirs)
    assert theirs.getvalue() == ours.getvalue()
