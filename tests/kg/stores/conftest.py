"""Fixtures for the Neo4j tests: a real server, emptied before each test.

Tests elsewhere (``tests/cli``, ``tests/docs``) import ``neo4j_settings``,
``neo4j_store`` and ``neo4j_examples`` from here.  The database of the server the
tests reach (the project's local one unless NEO4J_URI says otherwise) is
cleared before each test that writes.
"""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES, neo4j_unavailable


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
