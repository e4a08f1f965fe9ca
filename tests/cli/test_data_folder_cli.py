"""One graph whatever the folder: the data folder is found as git finds a repository, and named in answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import datafolder
from kg.cli import cli
from tests.conftest import EXAMPLES

ECOVACS = EXAMPLES / "factsheets" / "ecovacs.jsonl"


def kg(*args: str, **env: str | None):
    """Run kg with KG_DATA unset (unless given), as a user who never set it."""
    return CliRunner().invoke(cli, list(args), env={"KG_DATA": None, "KG_STORE": "embedded", **env})


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A project holding a kg-data folder, with the current folder two levels below it."""
    root = tmp_path / "project"
    (root / "kg-data").mkdir(parents=True)
    deep = root / "notes" / "2026"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    return root


def test_kg_data_wins_over_everything(tmp_path, project):
    assert datafolder.find(environ={"KG_DATA": str(tmp_path / "elsewhere")}) == tmp_path / "elsewhere"


def test_the_nearest_kg_data_upward_is_found(project):
    assert datafolder.find(environ={}) == project / "kg-data"
    inner = project / "notes" / "kg-data"
    inner.mkdir()
    assert datafolder.find(environ={}) == inner  # the nearest one, as git takes the innermost repository
    assert datafolder.find(cwd=project, environ={}) == project / "kg-data"


def test_a_file_named_kg_data_is_not_a_data_folder(tmp_path):
    (tmp_path / "kg-data").write_text("not a folder")
    assert datafolder.find(cwd=tmp_path, environ={"XDG_DATA_HOME": str(tmp_path / "xdg")}) == tmp_path / "xdg" / "kg"


def test_otherwise_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert datafolder.find(cwd=tmp_path, environ={"XDG_DATA_HOME": str(tmp_path / "xdg")}) == tmp_path / "xdg" / "kg"
    # unset, or relative (which the XDG spec says to ignore): ~/.local/share/kg
    for environ in ({}, {"XDG_DATA_HOME": "relative/dir"}):
        assert datafolder.find(cwd=tmp_path, environ=environ) == tmp_path / "home" / ".local" / "share" / "kg"


def test_a_load_anywhere_in_the_project_reaches_one_graph(project, monkeypatch):
    assert kg("load", str(ECOVACS)).exit_code == 0
    monkeypatch.chdir(project)
    result = kg("paths", "Ecovacs", "Germany")
    assert result.exit_code == 0 and "Ecovacs Germany" in result.output
    assert "ecovacs.jsonl" in kg("sources").output
    assert not (project / "notes" / "2026" / "kg-data").exists()  # no stray folder where the command ran


def test_without_a_project_the_user_folder_holds_the_graph(tmp_path, monkeypatch):
    xdg = tmp_path / "xdg"
    monkeypatch.chdir(tmp_path)
    for where in (tmp_path / "a", tmp_path / "b"):
        where.mkdir()
    monkeypatch.chdir(tmp_path / "a")
    assert kg("load", str(ECOVACS), XDG_DATA_HOME=str(xdg)).exit_code == 0
    monkeypatch.chdir(tmp_path / "b")
    result = kg("stats", XDG_DATA_HOME=str(xdg))
    assert result.output.splitlines()[0] == f"data folder {xdg / 'kg'}"
    assert not (tmp_path / "a" / "kg-data").exists()


def test_stats_names_the_folder_it_counts(project):
    kg("load", str(ECOVACS))
    lines = kg("stats").output.splitlines()
    assert lines[0] == f"data folder {project / 'kg-data'}"
    assert lines[2].split() == ["what", "count"]
    assert json.loads(kg("stats", "--format", "json").output)["sources"] == 1  # programs get the counts alone


def test_not_found_names_the_folder(project, tmp_path):
    kg("load", str(ECOVACS))
    for args in (["paths", "Nobody"], ["timeline", "Nobody"], ["market", "Atlantis"], ["entities", "Nobody"]):
        result = kg(*args)
        assert result.exit_code == 1, args
        assert result.output.count("\n") == 1 and "Traceback" not in result.output
        assert (
            result.output.startswith("Error: no entity named") and f"data folder {project / 'kg-data'}" in result.output
        )
    result = kg("remove", "--source", "never.csv")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: never.csv: this source was never loaded in the data folder {project / 'kg-data'} "
        "(kg sources lists them)\n"
    )
    # an empty folder elsewhere, given by KG_DATA: the answer says which folder was asked
    result = kg("paths", "Ecovacs", KG_DATA=str(tmp_path / "empty"))
    assert result.exit_code == 1 and f"data folder {tmp_path / 'empty'}" in result.output


def test_sources_lists_path_kind_facts_and_load_time(project):
    kg("load", str(ECOVACS), str(EXAMPLES / "factsheets" / "kunlun-tech.yaml"), str(EXAMPLES / "documents"))
    rows = json.loads(kg("sources", "--format", "json").output)
    by_path = {Path(r["path"]).name: r for r in rows}
    assert {name: (r["kind"], r["facts"] > 0) for name, r in by_path.items()} == {
        "ecovacs.jsonl": ("jsonl", True),
        "kunlun-tech.yaml": ("yaml", True),
        "ai-going-global.txt": ("text", True),
    }
    assert by_path["kunlun-tech.yaml"]["observations"] > 0
    assert all(r["loaded_at"] and r["loaded_at"][:2] == "20" and "T" in r["loaded_at"] for r in rows)
    stats = json.loads(kg("stats", "--format", "json").output)
    assert sum(r["facts"] for r in rows) >= stats["facts"]  # a fact two sources state counts for each
    table = kg("sources").output.splitlines()
    assert table[0] == f"data folder {project / 'kg-data'}" and table[2].split() == [
        "path",
        "kind",
        "facts",
        "observations",
        "loaded_at",
    ]
    csv_lines = kg("sources", "--format", "csv").output.splitlines()
    assert csv_lines[0] == "path,kind,facts,observations,loaded_at" and len(csv_lines) == 4


def test_sources_of_an_empty_store_is_the_header(project):
    assert kg("sources", "--format", "csv").output == "path,kind,facts,observations,loaded_at\n"


def test_sources_is_refused_on_neo4j_in_one_line():
    result = kg("sources", "--store", "neo4j")
    assert result.exit_code == 3 and result.output.count("\n") == 1
