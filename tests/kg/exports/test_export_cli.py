"""``kg export`` through click's runner: formats from suffixes, standard output, one-line errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import kg.cli
from kg.cli import cli


@pytest.fixture
def run(data_folder, monkeypatch):
    """Run ``kg`` on the session store; ``export`` is registered here if the group does not list it yet."""
    if "export" not in kg.cli.COMMANDS:
        monkeypatch.setitem(kg.cli.COMMANDS, "export", ("kg.cli.export:export_cmd", "Export the graph."))

    def invoke(*args: str):
        return CliRunner().invoke(
            cli, list(args), env={"KG_DATA": str(data_folder), "KG_STORE": "embedded"}, catch_exceptions=False
        )

    return invoke


def test_format_comes_from_the_output_suffix(run, tmp_path):
    result = run("export", "-o", str(tmp_path / "graph.ttl"))
    assert result.exit_code == 0 and result.output == ""
    assert (tmp_path / "graph.ttl").read_text("utf-8").startswith("@prefix")


def test_standard_output_is_the_default(run):
    result = run("export", "--format", "nodelink", "--company", "Tineco", "--depth", "0")
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert [n["name"] for n in document["nodes"]] == ["Tineco"] and document["edges"] == []


def test_neo4j_csv_writes_a_folder(run, tmp_path):
    result = run("export", "--format", "neo4j-csv", "-o", str(tmp_path / "import"))
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "import").iterdir()) == [
        "after-import.cypher",
        "documents.csv",
        "entities.csv",
        "evidence.csv",
        "facts.csv",
        "has_entity.csv",
        "has_observation.csv",
        "import.args",
        "observations.csv",
        "part_of.csv",
        "states.csv",
        "supports.csv",
    ]


@pytest.mark.parametrize(
    "args, code, line",
    [
        (("--format", "turtle", "--type", "Widget"), 1, "Error: unknown type 'Widget' in --type; known: Brand, "),
        (("--format", "turtle", "--company", "Nobody At All"), 1, "Error: no entity named 'Nobody At All' (--company)"),
        (("-o", "graph.xyz"), 1, "Error: unknown exporter suffix '.xyz'; known: .cql, .csv"),
        (("--format", "neo4j-csv"), 2, "Error: neo4j-csv writes several files: give a folder with --output DIR"),
        (("--format", "turtle", "--depth", "2"), 2, "Error: --depth needs --company"),
        ((), 2, "Error: give --format, or an --output file whose suffix names one (graph.ttl)"),
    ],
)
def test_bad_input_is_one_error_line(run, args, code, line):
    result = run("export", *args)
    assert result.exit_code == code
    assert result.output.splitlines()[-1].startswith(line)


def test_failed_export_leaves_no_file(run, tmp_path):
    target = tmp_path / "graph.ttl"
    assert run("export", "-o", str(target), "--relation", "owns").exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_help_has_an_example(run):
    result = run("export", "-h")
    assert result.exit_code == 0 and "Example:" in result.output and "--company" in result.output


def test_every_exporter_is_documented():
    from kg.exports import registry
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "exports.md").read_text("utf-8")
    missing = [name for name in registry.names() if f"### `{name}`" not in text and f"`{name}` |" not in text]
    assert not missing, f"docs/exports.md says nothing of {missing}"
