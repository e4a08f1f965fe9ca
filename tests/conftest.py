"""Fixtures shared by every test: data folders, stores, the CLI runner, example files."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


#: Fixtures that start a Neo4j server of the test's own (its own home and ports), not the shared one.
OWN_SERVER_FIXTURES = frozenset({"scratch", "scratch_server", "browser_server", "second"})
#: Fixtures that reach the Fuseki server a test session starts (on the one worker that runs them all).
FUSEKI_FIXTURES = frozenset({"fuseki_url", "sparql_store"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Groups for pytest-xdist's ``--dist loadgroup`` (scripts/test runs two workers).

    Every test that uses the shared Neo4j server (the ``neo4j`` marker or the
    ``neo4j_settings`` fixture) runs on one worker, one at a time, as the
    tests empty, reload and even restart that server.  Tests that start a
    server of their own run one at a time on one worker too (each server
    takes two gigabytes and a core while it starts).  The tests of the SPARQL
    store (the ``fuseki`` marker or a Fuseki fixture) share one worker, so one
    worker starts Fuseki.  Every other test runs with the rest of its file, so
    a module's fixtures are built once.
    """
    in_group_worker = hasattr(config, "workerinput") and config.getvalue("loadgroup")
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & OWN_SERVER_FIXTURES:
            group = "neo4j-own-server"
        elif item.get_closest_marker("neo4j") is not None or "neo4j_settings" in fixtures:
            group = "neo4j"
        elif item.get_closest_marker("fuseki") is not None or fixtures & FUSEKI_FIXTURES:
            group = "fuseki"
        else:
            group = item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(group))
        if in_group_worker:
            _name_group(item, group)


def _name_group(item: pytest.Item, group: str) -> None:
    """The group in the node id, as pytest-xdist's loadgroup schedules by it ("path::test@group").

    pytest-xdist 3.8 writes the suffix to a field pytest 9.2 no longer reads (pytest-xdist issue
    1386), so the marks alone would group nothing; on older pytest xdist's own hook adds it.
    """
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:
        return
    if "@" not in item.nodeid.rpartition("]")[2]:
        item._id = coerce_node_id(f"{item.nodeid}@{group}")


@pytest.fixture(autouse=True)
def private_user_folder(tmp_path_factory, monkeypatch):
    """A command given no data folder, run where no kg-data folder is, uses the user's; never the real one in a test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "kg-data"


@pytest.fixture
def fresh_store(data_dir: Path):
    from kg.stores.oxigraph import OxigraphStore

    store = OxigraphStore(data_dir)
    yield store
    store.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner, data_dir: Path):
    """Run ``kg`` with a private data folder; returns click's Result."""
    from kg.cli import cli

    def run(*args: str, input: str | None = None):
        return runner.invoke(
            cli, [*args], input=input, env={"KG_DATA": str(data_dir), "KG_STORE": "embedded"}, catch_exceptions=False
        )

    return run


@pytest.fixture
def write(tmp_path: Path):
    """Write a small hand-made file into the test's folder and return its path."""

    def write_file(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    return write_file


def server_unavailable(server: str, reason: str):
    """Under CI a server the tests need and cannot reach or start is a failure; elsewhere the test is skipped."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{server} is required under CI: {reason}")
    pytest.skip(f"{server} not available: {reason}")


def neo4j_unavailable(reason: str):
    server_unavailable("Neo4j", reason)


@contextlib.contextmanager
def quick_starting_jvm() -> Iterator[None]:
    """Neo4j servers and neo4j-admin started meanwhile run with the JIT's first tier only.

    A server a test starts for itself lives a minute or two: its start and first queries are mostly compiling,
    and on two cores C2 compiling beside them made each start about 30 s instead of about 18 s.
    """
    from kg.neo4j import local

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(local, "JVM_FLAGS", (*local.JVM_FLAGS, "-XX:TieredStopAtLevel=1"))
        patch.setattr(local, "ADMIN_FLAGS", (*local.ADMIN_FLAGS, "-XX:TieredStopAtLevel=1"))
        yield


# The Neo4j fixtures every folder shares: a real server (the project's local one unless NEO4J_URI says
# otherwise), emptied before each test that writes; skipped without one, failed under CI=true.
@pytest.fixture(scope="session")
def neo4j_settings():
    """Connection settings of a reachable server; skipped (failed under CI=true) when there is none."""
    try:
        from kg.neo4j.local import connect, connection_settings

        settings = connection_settings()
        connect(settings).close()
    except Exception as e:  # noqa: BLE001 - any reason the server is missing is reported the same way
        neo4j_unavailable(f"{type(e).__name__}: {e}")
    return settings


@pytest.fixture
def neo4j_store(neo4j_settings):
    """A Neo4j store on an empty database."""
    from kg.stores.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_settings)
    store.clear()
    yield store
    store.close()


_loaded: dict[str, object] = {}


def _fingerprint(store) -> object:
    counts = store.cypher("MATCH (n) RETURN count(n) AS nodes, COUNT { ()-[]->() } AS relationships")
    return counts, sorted(store.sources())


@pytest.fixture
def neo4j_examples(neo4j_settings):
    """A Neo4j store holding the example fact sheets (reloaded only when another test changed the database).

    Tests that use it only read.
    """
    from kg.pipeline import load
    from kg.stores.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_settings)
    if _loaded.get("examples") != _fingerprint(store):
        store.clear()
        report = load(store, [EXAMPLES / "factsheets"])
        assert not report.failed, [s.error for s in report.failed]
        _loaded["examples"] = _fingerprint(store)
    yield store
    store.close()


def fuseki_unavailable(reason: str):
    server_unavailable("Fuseki", reason)


@pytest.fixture(scope="session")
def fuseki_url():
    """The dataset URL of an in-memory Fuseki this session starts on a free loopback port, and stops at its end.

    Its jar comes from Maven Central the first time (kg/fuseki/pom.xml) into ``.fuseki-local/`` (or
    ``$KG_FUSEKI_HOME``); skipped without Java or Maven, failed under CI=true.
    """
    from kg.fuseki import local

    home = Path(os.environ["KG_FUSEKI_HOME"]) if os.environ.get("KG_FUSEKI_HOME") else ROOT / ".fuseki-local"
    try:
        server = local.start(home)
    except Exception as e:  # noqa: BLE001 - any reason the server cannot start is reported the same way
        fuseki_unavailable(f"{type(e).__name__}: {e}")
    yield server.url
    local.stop(server)


@pytest.fixture
def sparql_store(fuseki_url):
    """A SPARQL store on the session's Fuseki, its dataset emptied first."""
    from kg.stores.sparql import SparqlStore

    store = SparqlStore(fuseki_url)
    store.client.update(b"DROP ALL")
    yield store
    store.close()
