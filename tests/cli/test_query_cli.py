"""``kg sparql``, ``kg paths``, ``kg validate``, ``kg formats``, ``--help`` and ``--version``."""

from __future__ import annotations

import json
import subprocess

import click
import pytest

from kg.cli import COMMANDS, cli
from tests.conftest import EXAMPLES


@pytest.fixture
def examples(invoke):
    assert invoke("load", str(EXAMPLES / "factsheets")).exit_code == 0
    return invoke


def test_help_lists_every_command_with_a_summary(runner):
    result = runner.invoke(cli, ["-h"])
    for name, (_, summary) in COMMANDS.items():
        assert f"{name}" in result.output and summary.split()[0] in result.output


def test_the_command_table_says_what_each_command_says_of_itself(runner):
    # kg --help reads the table so that it imports no command; the table must not drift from the commands
    ctx = click.Context(cli)
    for name, (_, summary) in COMMANDS.items():
        assert cli.get_command(ctx, name).help.strip().splitlines()[0] == summary, name


def test_every_command_has_help_with_an_example(runner):
    for name in COMMANDS:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        if name != "neo4j":
            assert "Example:" in result.output, name


def test_version(runner):
    assert runner.invoke(cli, ["--version"]).output.startswith("kg, version ")


def test_installed_entry_point_runs():
    result = subprocess.run(["kg", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("kg, version")


def test_sparql_json_is_w3c_results_json(examples):
    result = examples("sparql", "SELECT ?name WHERE { ?b a kgo:Brand ; kgo:name ?name }", "--format", "json")
    assert json.loads(result.output) == {
        "head": {"vars": ["name"]},
        "results": {"bindings": [{"name": {"type": "literal", "value": "Tineco"}}]},
    }


def test_sparql_csv_and_table(examples):
    query = "SELECT ?name WHERE { ?b a kgo:Brand ; kgo:name ?name }"
    assert examples("sparql", query, "--format", "csv").output.splitlines() == ["name", "Tineco"]
    assert examples("sparql", query).output == "name\n------\nTineco\n"


def test_sparql_syntax_error_is_one_line(examples):
    result = examples("sparql", "SELECT WHERE {")
    assert result.exit_code == 1 and result.output.startswith("Error: SPARQL syntax error:")
    assert len(result.output.strip().splitlines()) == 1


def test_sparql_service_is_refused_in_one_line_and_nothing_is_sent(examples):
    """Issue 21, finding 12: a SERVICE in kg sparql gave a traceback (and would have sent the request)."""
    import socket

    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.3)
    remote = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    try:
        for query in (
            f"SELECT * WHERE {{ SERVICE <{remote}> {{ ?a ?b ?c }} }}",
            f"PREFIX x: <http://e/> SELECT * WHERE {{ OPTIONAL {{ ?s x:a\\# ?o }} SERVICE <{remote}> {{ ?a ?b ?c }} }}",
        ):
            result = examples("sparql", query)
            assert result.exit_code == 1 and result.output.startswith("Error: "), result.output
            assert len(result.output.strip().splitlines()) == 1
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()


def test_sparql_updates_that_fetch_are_refused_in_one_line_and_nothing_is_sent(examples):
    """Issue 21: no request leaves the machine from kg sparql whatever the text, an update included."""
    import socket

    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.3)
    remote = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    try:
        for text in (
            f"LOAD <{remote}>",
            f"LOAD SILENT <{remote}> INTO GRAPH <http://e/g>",
            f"INSERT {{ ?a ?b ?c }} WHERE {{ SERVICE <{remote}> {{ ?a ?b ?c }} }}",
            f"PREFIX x: <http://e/> INSERT DATA {{ <http://e/s> x:a\\# 1 }} ;\nLOAD <{remote}>",
            f"ASK {{ FILTER EXISTS {{ SERVICE SILENT <{remote}> {{ ?a ?b ?c }} }} }}",
            f"SELECT * WHERE {{ SERVICE <{remote.replace('sparql', 'sp%61rql')}> {{ ?a ?b ?c }} }}",
            f"SELECT * WHERE {{ \\u0053ERVICE <{remote}> {{ ?a ?b ?c }} }}",
        ):
            result = examples("sparql", text)
            assert result.exit_code == 1 and result.output.startswith("Error: "), (text, result.output)
            assert len(result.output.strip().splitlines()) == 1, result.output
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()
    assert examples("sparql", 'ASK { ?c kgo:name "Ecovacs" }').output.strip() == "true"  # nothing was changed


def test_paths_json_shape(examples):
    paths = json.loads(examples("paths", "Ecovacs", "Middle East", "--format", "json").output)
    assert paths and all(set(p) >= {"hops", "market", "mode"} for p in paths)
    hops = paths[0]["hops"]
    assert (hops[0]["from"], hops[0]["relation"], hops[0]["to"]) == ("Ecovacs", "hasBrand", "Tineco")
    assert hops[-1]["to"] == "Middle East" and hops[-1]["via"] == "dealer and agent network"


def test_paths_through_a_subsidiary(examples):
    paths = json.loads(examples("paths", "Ecovacs", "Germany", "--format", "json").output)
    chains = [[(h["from"], h["relation"], h["to"]) for h in p["hops"]] for p in paths]
    assert [("Ecovacs", "expandsInto", "Germany")] in chains
    assert [("Ecovacs", "hasSubsidiary", "Ecovacs Germany"), ("Ecovacs Germany", "locatedIn", "Germany")] in chains


def test_paths_resolves_aliases_and_reports_unknown_names(examples):
    assert json.loads(examples("paths", "Ecovacs Robotics", "the US", "--format", "json").output)
    result = examples("paths", "Ecovax")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no entity named 'Ecovax'; did you mean ") and "'Ecovacs'" in result.output


def test_paths_refuses_absurd_hop_limits(examples):
    result = examples("paths", "Ecovacs", "--max-hops", "1000000")
    assert result.exit_code == 1 and result.output == "Error: --max-hops must be between 1 and 8, not 1000000\n"


def test_formats_lists_loaders_and_stores(runner):
    output = runner.invoke(cli, ["formats"]).output
    for name in ("jsonl", "csv", "yaml", "turtle", "ntriples", "jsonld", "embedded", "neo4j"):
        assert f" {name} " in output


def test_validate_reports_violations(invoke, data_dir):
    from kg.stores.oxigraph import OxigraphStore

    with OxigraphStore(data_dir) as store:
        store.ox.update(
            "INSERT DATA { GRAPH <https://w3id.org/expansion-kg/id/source/x> { "
            "<https://w3id.org/expansion-kg/id/org/x> a <https://w3id.org/expansion-kg/ontology#Company> ; "
            "<https://w3id.org/expansion-kg/ontology#hasBrand> <https://w3id.org/expansion-kg/id/org/y> . "
            '<https://w3id.org/expansion-kg/id/source/x> <https://w3id.org/expansion-kg/ontology#contentHash> "h" } }'
        )
    result = invoke("validate", "--format", "json")
    report = json.loads(result.output)
    assert result.exit_code == 1 and not report["conforms"]
    messages = {v["message"] for v in report["violations"]}
    assert "a Company needs a name" in messages and "the object of hasBrand must be a Brand" in messages
