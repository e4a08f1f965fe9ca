"""``kg neo4j import``: files into a local server's empty database through neo4j-admin's importer.

The import stops and starts the server, so it runs on a scratch server of its own (its own home and ports,
the shared server's jars), never on the shared one.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.pipeline import load
from kg.stores.oxigraph import OxigraphStore
from tests.conftest import EXAMPLES
from tests.kg.exports.test_neo4j_roundtrip import neo4j_stats, scratch_server  # noqa: F401 - a fixture

pytestmark = pytest.mark.neo4j


def test_the_files_land_in_the_empty_database_and_a_second_import_is_refused(scratch_server, tmp_path):  # noqa: F811
    from kg.neo4j import local

    local.start(scratch_server, timeout=240)
    files = [str(EXAMPLES / "factsheets"), str(EXAMPLES / "documents")]
    ports = {"KG_NEO4J_BOLT_PORT": str(scratch_server.bolt_port), "KG_NEO4J_HTTP_PORT": str(scratch_server.http_port)}
    runner = CliRunner(env=ports)
    result = runner.invoke(cli, ["neo4j", "import", *files, "--home", str(scratch_server.home)])
    assert result.exit_code == 0, result.output
    with OxigraphStore(tmp_path / "kg") as embedded:
        assert not load(embedded, [EXAMPLES / "factsheets", EXAMPLES / "documents"]).failed
        expected = embedded.stats()
    assert local.running_pid(scratch_server) is not None
    settings = local.Neo4jSettings(scratch_server.uri, local.USER, local.read_password(scratch_server), "neo4j")
    assert neo4j_stats(settings) == expected
    assert f"imported 7 sources into the Neo4j in {scratch_server.home}" in result.stdout

    again = runner.invoke(cli, ["neo4j", "import", files[0], "--home", str(scratch_server.home)])
    assert again.exit_code == 1 and "Traceback" not in again.output
    assert again.stderr.strip().splitlines()[-1].startswith("Error: the database of the local Neo4j in ")
    assert neo4j_stats(settings) == expected  # refused before anything stopped or changed


def test_a_server_that_is_not_running_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["neo4j", "import", str(EXAMPLES / "factsheets"), "--home", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: the local Neo4j in {tmp_path} is not running; start it (kg neo4j start) and import again"
    )


def test_a_source_too_big_for_one_transaction_is_written_in_parts(
    scratch_server,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """A source past the server's transaction memory cap is written in parts; one whose parts are still too
    big fails in one line that names the file and the setting, and what was stored before stays as it was."""
    import sys

    from kg.neo4j import local
    from kg.stores import neo4j, neo4j_parts
    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_jsonl

    monkeypatch.setattr(local, "TRANSACTION_TOTAL_MAX", "10m")  # the least the server takes
    local.start(scratch_server, timeout=240)
    env = {
        "KG_STORE": "neo4j",
        "NEO4J_URI": scratch_server.uri,
        "NEO4J_USERNAME": local.USER,
        "NEO4J_PASSWORD": local.read_password(scratch_server),
    }
    runner = CliRunner(env=env)
    assert runner.invoke(cli, ["load", str(EXAMPLES / "factsheets"), "--quiet"]).exit_code == 0
    settings = local.Neo4jSettings(scratch_server.uri, local.USER, local.read_password(scratch_server), "neo4j")
    before = neo4j_stats(settings)
    big = write_jsonl(tmp_path / "big.jsonl", 1500, seed=2)  # over the 10 MiB in one transaction, 8 parts of 200
    result = runner.invoke(cli, ["load", str(big), "--quiet"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    message = result.stderr.strip().splitlines()[-1]
    assert str(big) in message and "dbms.memory.transaction.total.max" in message, message
    assert "nothing of it was stored" in message
    assert neo4j_stats(settings) == before

    monkeypatch.setattr(neo4j, "FACTS_PER_PART", 200)
    monkeypatch.setattr(neo4j_parts, "BATCH", 200)  # the other transactions too stay under the 10 MiB
    result = runner.invoke(cli, ["load", str(big), "--quiet"])
    assert result.exit_code == 0, result.output
    with OxigraphStore(tmp_path / "kg") as embedded:
        assert not load(embedded, [EXAMPLES / "factsheets", big]).failed
        assert neo4j_stats(settings) == embedded.stats()
