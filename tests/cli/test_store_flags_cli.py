"""Each command shows the store flags it can use and refuses the other store in one line (issue 22)."""

from __future__ import annotations

import pytest

from kg.cli import cli

EMBEDDED_ONLY = [
    ["backup", "x.tar.gz"],
    ["merge", "a", "b"],
    ["split", "a", "--from", "b"],
    ["validate"],
    ["entities", "Kunlun"],
    ["sparql", "ASK {}"],
]
BOTH = ["load", "remove", "stats", "paths", "timeline", "compare", "market", "export", "serve"]


@pytest.mark.parametrize("args", EMBEDDED_ONLY, ids=lambda a: a[0])
def test_embedded_only_commands_show_no_neo4j_flags(runner, args):
    text = runner.invoke(cli, [args[0], "--help"]).output
    assert "--data" in text and "--neo4j-" not in text


@pytest.mark.parametrize("args", EMBEDDED_ONLY, ids=lambda a: a[0])
def test_embedded_only_commands_refuse_neo4j_in_one_line(runner, args, tmp_path):
    result = runner.invoke(cli, [*args, "--store", "neo4j"], env={"KG_DATA": str(tmp_path / "d")})
    assert result.exit_code == 3
    assert result.output == (
        f"Error: kg {args[0]} does not work with --store neo4j: it runs on the embedded store "
        "only; docs/neo4j.md lists what runs on Neo4j\n"
    )


@pytest.mark.parametrize("name", BOTH)
def test_commands_for_both_stores_keep_every_flag(runner, name):
    text = runner.invoke(cli, [name, "--help"]).output
    assert "--data" in text and "--neo4j-uri" in text


def test_cypher_refuses_the_embedded_store_in_one_line(runner, tmp_path):
    text = runner.invoke(cli, ["cypher", "--help"]).output
    assert "--neo4j-uri" in text and "--data" not in text
    # a server that would answer is never asked: the refusal comes first
    result = runner.invoke(
        cli,
        ["cypher", "--store", "embedded", "RETURN 1"],
        env={"NEO4J_URI": "bolt://127.0.0.1:1", "KG_STORE": "embedded"},
    )
    assert result.exit_code == 3
    assert result.output == (
        "Error: kg cypher does not work with --store embedded: it runs on Neo4j only; "
        "the embedded store answers SPARQL (kg sparql)\n"
    )


def test_cypher_runs_on_neo4j_whatever_kg_store_says(runner):
    """KG_STORE=embedded picks the store of the other commands; Cypher has one store."""
    result = runner.invoke(cli, ["cypher", "RETURN 1"], env={"NEO4J_URI": "bolt://127.0.0.1:1", "KG_STORE": "embedded"})
    assert result.exit_code == 4 and "127.0.0.1:1" in result.output


def test_ontology_says_markdown(runner):
    summary = runner.invoke(cli, ["--help"]).output
    assert "relations as Markdown tables" in summary
    assert runner.invoke(cli, ["ontology"]).output.lstrip().startswith(("#", "|"))
