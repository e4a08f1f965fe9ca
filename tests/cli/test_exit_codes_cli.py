"""A script tells a mistyped command (2, as click exits) from a store it could not reach or a folder in use (4)."""

from __future__ import annotations

import re
import socket

from kg import errors
from kg.cli import cli
from tests.conftest import ROOT


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


def test_a_data_folder_in_use_exits_4_in_one_line(runner, tmp_path, fresh_store, data_dir, write):
    """The test holds the folder, as another kg process would: a load may not wait for it (KG_LOCK_TIMEOUT=0)."""
    path = write("brands.jsonl", '{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco"}\n')
    result = runner.invoke(cli, ["load", str(path)], env={"KG_DATA": str(data_dir), "KG_LOCK_TIMEOUT": "0"})
    assert result.exit_code == 4, result.output
    assert result.output.startswith(f"Error: the data folder {data_dir} is in use by another kg process")
    assert result.output.count("\n") == 1


def test_the_exit_codes_are_documented_as_the_errors_give_them():
    """docs/cli.md's table of exit codes names each code kg.errors gives, and click's usage error."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    documented = {int(code): meaning for code, meaning in re.findall(r"^\| (\d) \| ([^|]+) \|", text, re.M)}
    assert documented.keys() == {0, 1, 2, 3, 4}
    assert "usage" in documented[2]
    assert "store" in documented[errors.StoreError.exit_code] and "store" in documented[errors.StoreLocked.exit_code]
    assert "unsupported" in documented[errors.Unsupported.exit_code]
    assert "bad input" in documented[errors.KGError.exit_code]
