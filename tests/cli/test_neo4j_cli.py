"""``kg neo4j``: start says whether it started the server, so scripts stop only what they started."""

from __future__ import annotations

import json

import pytest

from kg.cli import cli


@pytest.fixture
def fake_server(monkeypatch, tmp_path):
    from kg.neo4j import local

    state = {"pid": None, "starts": 0}

    def start(server, timeout, progress):
        state["starts"] += 1
        return "bolt://127.0.0.1:7687"

    monkeypatch.setattr(local, "running_pid", lambda server: state["pid"])
    monkeypatch.setattr(local, "start", start)
    return state


def test_start_reports_that_it_started_the_server(runner, fake_server, tmp_path):
    result = runner.invoke(cli, ["neo4j", "start", "--home", str(tmp_path), "--format", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert {k: report[k] for k in ("uri", "started", "user")} == {
        "uri": "bolt://127.0.0.1:7687",
        "started": True,
        "user": "neo4j",
    }
    assert report["password_file"].endswith("password") and report["browser"].endswith("/browser/")


def test_start_reports_a_server_that_already_ran(runner, fake_server, tmp_path):
    fake_server["pid"] = 4242
    result = runner.invoke(cli, ["neo4j", "start", "--home", str(tmp_path), "--format", "json"])
    assert json.loads(result.stdout)["started"] is False
    text = runner.invoke(cli, ["neo4j", "start", "--home", str(tmp_path)])
    assert text.stdout == "bolt://127.0.0.1:7687\n" and "already runs" in text.stderr


@pytest.mark.parametrize("sub", ["start", "stop", "status"])
def test_each_neo4j_command_has_an_example(runner, sub):
    assert "Example:" in runner.invoke(cli, ["neo4j", sub, "--help"]).output
