"""A script tells a mistyped command (2, as click exits) from a store it could not reach (4)."""

from __future__ import annotations

import socket

from kg.cli import cli


def closed_port() -> int:
    """A port nothing listens on: bound, then let go."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_usage_error_exits_2(runner, tmp_path):
    result = runner.invoke(cli, ["stats", "--no-such-option"], env={"KG_DATA": str(tmp_path / "d")})
    assert result.exit_code == 2 and "No such option '--no-such-option'" in result.output


def test_a_store_that_cannot_be_reached_exits_4_in_one_line(runner):
    uri = f"bolt://127.0.0.1:{closed_port()}"
    result = runner.invoke(cli, ["stats", "--store", "neo4j"], env={"NEO4J_URI": uri, "NEO4J_PASSWORD": "x"})
    assert result.exit_code == 4, result.output
    assert result.output.startswith(f"Error: cannot reach Neo4j at {uri}") and result.output.count("\n") == 1


def test_an_endpoint_that_cannot_listen_exits_4_and_contradictory_settings_exit_2(runner, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        busy = runner.invoke(cli, ["serve", "--port", port, "--data", str(tmp_path / "d")])
    assert busy.exit_code == 4 and busy.output.startswith(f"Error: cannot listen on 127.0.0.1:{port}"), busy.output
    unsafe = runner.invoke(cli, ["serve", "--allow-update", "--data", str(tmp_path / "d")], env={"KG_SERVE_TOKEN": ""})
    assert unsafe.exit_code == 2 and unsafe.output.startswith("Error: --allow-update needs a token")
