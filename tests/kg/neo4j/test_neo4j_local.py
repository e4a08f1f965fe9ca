"""The project's local Neo4j server and the connection helpers, against a real server (no mocks).

Tests marked ``neo4j`` need a running server (``kg neo4j start``); the others
check errors and settings that need none.  One test stops and restarts the
local server: it is the last in this file, and the only restart.
"""

from __future__ import annotations

import os
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.errors import StoreError
from kg.neo4j import local
from kg.neo4j.local import LocalServer, Neo4jSettings, connect, connection_settings

NEO4J_ENV = (
    "NEO4J_URI",
    "NEO4J_USERNAME",
    "NEO4J_PASSWORD",
    "NEO4J_DATABASE",
    "KG_NEO4J_HOME",
    "KG_NEO4J_BOLT_PORT",
    "KG_NEO4J_HTTP_PORT",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def one_line_error(settings: Neo4jSettings) -> str:
    with pytest.raises(StoreError) as caught:
        connect(settings)
    message = str(caught.value)
    assert "\n" not in message
    if settings.password:
        assert settings.password not in message
    return message


@pytest.fixture
def local_server(neo4j_settings) -> LocalServer:
    """This checkout's local server, when it is the server the tests reach."""
    server = local.default_server()
    if neo4j_settings.uri != server.uri or local.running_pid(server) is None:
        pytest.skip(f"the tests reach {neo4j_settings.uri}, not the local server in {server.home}")
    return server


@pytest.fixture
def clean_env(monkeypatch, tmp_path: Path) -> Iterator[Path]:
    """No NEO4J_* or KG_NEO4J_* variables, and a local home in tmp_path with a known password."""
    for name in NEO4J_ENV:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "neo4j-home"
    home.mkdir()
    (home / "password").write_text("pw-from-local-file\n")
    monkeypatch.setenv("KG_NEO4J_HOME", str(home))
    monkeypatch.setenv("KG_NEO4J_BOLT_PORT", "7999")
    yield home


# ------------------------------------------------------------------ settings, no server needed


def test_settings_fall_back_to_the_local_server(clean_env):
    assert connection_settings() == Neo4jSettings("bolt://127.0.0.1:7999", "neo4j", "pw-from-local-file", "neo4j")


def test_env_wins_over_the_local_server(clean_env, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://graph.example.org:7687")
    monkeypatch.setenv("NEO4J_USERNAME", "alice")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-from-env")
    monkeypatch.setenv("NEO4J_DATABASE", "markets")
    assert connection_settings() == Neo4jSettings("neo4j+s://graph.example.org:7687", "alice", "pw-from-env", "markets")


def test_flags_win_over_env(clean_env, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://graph.example.org:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-from-env")
    settings = connection_settings(
        uri="bolt+s://other.example.org:7687", user="bob", password="pw-from-flag", database="flagged"
    )
    assert settings == Neo4jSettings("bolt+s://other.example.org:7687", "bob", "pw-from-flag", "flagged")


def test_another_server_never_gets_the_local_password(clean_env, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j://graph.example.org")
    assert connection_settings() == Neo4jSettings("neo4j://graph.example.org", "neo4j", None, None)


@pytest.mark.parametrize("uri", ["neo4j://h:7687", "neo4j+s://h.example.org", "bolt+s://h:7687", "bolt://h"])
def test_uris_are_kept_as_given(clean_env, uri):
    assert connection_settings(uri=uri).uri == uri


def test_repr_hides_the_password():
    settings = Neo4jSettings("bolt://127.0.0.1:7687", "neo4j", "pw-very-secret", "neo4j")
    assert "pw-very-secret" not in repr(settings)
    assert "***" in repr(settings)


def test_unreachable_port_is_one_line():
    port = free_port()
    message = one_line_error(Neo4jSettings(f"bolt://127.0.0.1:{port}", "neo4j", "pw-unused-here", "neo4j"))
    assert message.startswith(f"cannot reach Neo4j at bolt://127.0.0.1:{port}: ")


def test_non_bolt_uri_is_one_line():
    message = one_line_error(Neo4jSettings("http://127.0.0.1:7474", "neo4j", "pw-unused-here", "neo4j"))
    assert message.startswith("cannot use Neo4j URI http://127.0.0.1:7474: not a Bolt URI")


# ------------------------------------------------------------------ a home with no server


def test_status_and_stop_when_not_running(tmp_path):
    server = LocalServer(tmp_path / "home", bolt_port=free_port(), http_port=free_port())
    assert local.status(server)["running"] is False
    assert local.stop(server) == f"Neo4j in {server.home} is not running"


def test_a_pid_file_naming_another_process_is_ignored(tmp_path):
    server = LocalServer(tmp_path / "home")
    server.run_dir.mkdir(parents=True)
    server.pid_file.write_text(f"{os.getpid()}\n")
    assert local.running_pid(server) is None
    assert not server.pid_file.exists()


def test_a_taken_port_fails_before_anything_is_laid_out(tmp_path):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        server = LocalServer(tmp_path / "home", bolt_port=port, http_port=free_port())
        with pytest.raises(StoreError, match=f"Bolt port 127.0.0.1:{port} is already in use"):
            local.start(server, timeout=5)
    assert not server.lib_dir.exists()


# ------------------------------------------------------------------ the running server


@pytest.mark.neo4j
def test_wrong_password_is_one_line(neo4j_settings):
    settings = Neo4jSettings(neo4j_settings.uri, "kg-test-nobody", "pw-Wr0ng-on-purpose", neo4j_settings.database)
    message = one_line_error(settings)
    assert message == f"Neo4j at {neo4j_settings.uri} refused the credentials for user kg-test-nobody"


@pytest.mark.neo4j
def test_unknown_database_is_one_line(neo4j_settings):
    settings = Neo4jSettings(neo4j_settings.uri, neo4j_settings.user, neo4j_settings.password, "nosuchdatabase")
    assert one_line_error(settings) == f"Neo4j at {neo4j_settings.uri} has no database 'nosuchdatabase'"


@pytest.mark.neo4j
def test_start_is_idempotent(local_server):
    pid = local.running_pid(local_server)
    started = time.monotonic()
    assert local.start(local_server) == local_server.uri
    assert time.monotonic() - started < 10
    assert local.running_pid(local_server) == pid


@pytest.mark.neo4j
def test_status_shows_running(local_server):
    info = local.status(local_server)
    assert info["running"] is True
    assert info["pid"] == int(local_server.pid_file.read_text())
    assert info["uri"] == local_server.uri
    assert info["version"] == local.neo4j_version()
    assert info["version"].startswith("5.26.")


@pytest.mark.neo4j
def test_password_file_is_owner_only(local_server):
    assert stat.S_IMODE(local_server.password_file.stat().st_mode) == 0o600


@pytest.mark.neo4j
def test_jars_are_not_resolved_again(local_server, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert local.resolve_jars(local_server) == local_server.lib_dir


@pytest.mark.neo4j
def test_admin_tool_runs_from_the_local_lib(local_server):
    assert local.admin(local_server, "--version").stdout.strip() == local.neo4j_version()
    assert local.admin(local_server, "database", "import", "full", "--help").returncode == 0


@pytest.mark.neo4j
def test_cli_status_json(local_server):
    import json

    from kg.cli.neo4j_cmd import neo4j_group

    result = CliRunner().invoke(neo4j_group, ["status", "--format", "json", "--home", str(local_server.home)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["running"] is True


@pytest.mark.neo4j
def test_stop_then_start(local_server):
    """The one restart of the suite: stop, see it gone, start again, connect."""
    old_pid = local.running_pid(local_server)
    assert local.stop(local_server) == f"stopped Neo4j in {local_server.home} (pid {old_pid})"
    assert local.status(local_server)["running"] is False
    assert not local_server.pid_file.exists()
    assert local.start(local_server) == local_server.uri
    assert local.running_pid(local_server) not in (None, old_pid)
    connect(connection_settings()).close()
