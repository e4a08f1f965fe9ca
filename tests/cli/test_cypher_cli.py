"""``kg cypher``, and the other commands with ``--store neo4j``, through click's runner."""

from __future__ import annotations

import json

import pytest

from kg.cli import cli
from kg.cli.cypher import parse_params
from kg.errors import QueryError
from tests.conftest import EXAMPLES

NAMES = (
    "MATCH (c:Company) WHERE c.name STARTS WITH $prefix RETURN c.name AS name, size(c.aliases) AS aliases ORDER BY name"
)


def kg(runner, *args: str):
    return runner.invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    "pairs, params",
    [
        ((), {}),
        (("name=Ecovacs",), {"name": "Ecovacs"}),
        (("n=3", "ok=true", "none=null"), {"n": 3, "ok": True, "none": None}),
        (('names=["a", "b"]', 'where={"x": 1}'), {"names": ["a", "b"], "where": {"x": 1}}),
        (("text=a=b", 'quoted="7"'), {"text": "a=b", "quoted": "7"}),
    ],
)
def test_params_are_json_when_they_parse_else_text(pairs, params):
    assert parse_params(pairs) == params


@pytest.mark.parametrize("pair", ["oops", "=1"])
def test_a_param_without_a_name_is_refused(pair):
    with pytest.raises(QueryError, match=r"^--param takes NAME=VALUE, not "):
        parse_params((pair,))


@pytest.mark.neo4j
def test_json_is_a_list_of_row_objects(runner, neo4j_examples):
    result = kg(runner, "cypher", NAMES, "--param", "prefix=Eco", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"name": "Ecovacs", "aliases": 2},
        {"name": "Ecovacs Germany", "aliases": 0},
        {"name": "Ecovacs United States", "aliases": 0},
    ]


@pytest.mark.neo4j
def test_table_and_csv(runner, neo4j_examples):
    table = kg(runner, "cypher", NAMES, "--param", "prefix=Lumora")
    assert table.output == (
        "name                aliases\n------------------  -------\nLumora Europe GmbH  0\nLumora Robotics     1\n"
    )
    csv = kg(runner, "cypher", NAMES, "--param", "prefix=Lumora", "--format", "csv")
    assert csv.output == "name,aliases\nLumora Europe GmbH,0\nLumora Robotics,1\n"
    empty = kg(runner, "cypher", NAMES, "--param", "prefix=Nobody")
    assert empty.output == "(no rows)\n"


@pytest.mark.neo4j
def test_values_reach_the_server_as_parameters(runner, neo4j_store):
    hostile = "}) DETACH DELETE n //"
    result = kg(
        runner,
        "cypher",
        "RETURN $text AS text, $n + 1 AS next",
        "--param",
        f"text={hostile}",
        "--param",
        "n=41",
        "--format",
        "json",
    )
    assert json.loads(result.output) == [{"text": hostile, "next": 42}]


@pytest.mark.neo4j
def test_writes_are_refused_unless_asked(runner, neo4j_store):
    create = "CREATE (p:Probe {name: $name})"
    refused = runner.invoke(cli, ["cypher", create, "--param", "name=x"])
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: Neo4j at ") and refused.output.count("\n") == 1
    assert kg(runner, "cypher", "--write", create, "--param", "name=x").exit_code == 0
    assert json.loads(kg(runner, "cypher", "MATCH (p:Probe) RETURN p.name AS name", "--format", "json").output) == [
        {"name": "x"}
    ]


@pytest.mark.neo4j
def test_a_syntax_error_is_one_line(runner, neo4j_store):
    result = runner.invoke(cli, ["cypher", "MATCH (n RETURN n"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: Neo4j at ") and result.output.count("\n") == 1


@pytest.mark.neo4j
def test_cypher_uses_neo4j_whatever_kg_store_says(runner, neo4j_examples, monkeypatch):
    monkeypatch.setenv("KG_STORE", "embedded")
    result = kg(runner, "cypher", "MATCH (d:Document) RETURN count(d) AS n", "--format", "json")
    assert json.loads(result.output) == [{"n": 6}]
    refused = kg(runner, "cypher", "RETURN 1", "--store", "embedded")
    assert refused.exit_code == 3 and refused.output.count("\n") == 1


def test_an_unreachable_server_is_one_line_and_exit_4(runner):
    result = runner.invoke(
        cli,
        [
            "cypher",
            "RETURN 1",
            "--neo4j-uri",
            "bolt://127.0.0.1:9",
            "--neo4j-user",
            "neo4j",
            "--neo4j-password",
            "wrong",
        ],
    )
    assert result.exit_code == 4, result.output
    assert result.output.startswith("Error: ") and "bolt://127.0.0.1:9" in result.output
    assert result.output.count("\n") == 1


@pytest.mark.neo4j
def test_load_questions_and_remove_on_neo4j_match_the_embedded_store(runner, neo4j_store, tmp_path):
    embedded = ["--store", "embedded", "--data", str(tmp_path / "kg")]
    for store in (["--store", "neo4j"], embedded):
        assert kg(runner, "load", str(EXAMPLES / "factsheets"), *store).exit_code == 0
    for args in (
        ["stats", "--format", "json"],
        ["paths", "Ecovacs", "Germany", "--format", "json"],
        ["timeline", "ByteDance", "--format", "json"],
        ["compare", "Ecovacs", "Kunlun Tech", "--format", "json"],
        ["market", "Europe", "--format", "json"],
    ):
        neo, emb = kg(runner, *args, "--store", "neo4j"), kg(runner, *args, *embedded)
        assert json.loads(neo.output) == json.loads(emb.output), args
    source = str(EXAMPLES / "factsheets" / "ecovacs.jsonl")
    for store in (["--store", "neo4j"], embedded):
        assert kg(runner, "remove", "--source", source, *store).exit_code == 0
    neo, emb = (
        kg(runner, "stats", "--format", "json", "--store", "neo4j"),
        kg(runner, "stats", "--format", "json", *embedded),
    )
    assert json.loads(neo.output) == json.loads(emb.output)
    assert json.loads(neo.output)["sources"] == 5
