"""The ``neo4j_settings`` fixture: settings of a reachable Neo4j server.

Without a server the Neo4j tests are skipped, except under ``CI=true``, where a
missing server is a failure: CI must not pass by skipping them.
"""

from __future__ import annotations

import os

import pytest

from kg.errors import KGError


@pytest.fixture(scope="session")
def neo4j_settings():
    """Connection settings (flags' defaults: NEO4J_* variables, else the local server) that were seen to work."""
    from kg.neo4j.local import connect, connection_settings

    try:
        settings = connection_settings()
        connect(settings).close()
    except KGError as e:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Neo4j is required under CI: {e}")
        pytest.skip(f"Neo4j not available: {e}")
    return settings
