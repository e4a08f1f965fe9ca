"""Every query of docs/cypher.md runs against the example graph in Neo4j, by the command line the doc shows."""

from __future__ import annotations

import itertools
import json
import re
import shlex

import pytest
from click.testing import CliRunner

from kg.cli.cypher import parse_params
from tests.conftest import ROOT

COOKBOOK = ROOT / "docs" / "cypher.md"
SECTION = re.compile(
    r"^### (?P<question>.+?)\n\n```bash\n(?P<command>kg cypher @query\.cypher\b[^\n]*)\n```\n"
    r".*?```cypher\n(?P<query>.*?)```",
    re.MULTILINE | re.DOTALL,
)


def recipes() -> list[tuple[str, str, str]]:
    text = COOKBOOK.read_text(encoding="utf-8")
    return [(m["question"], m["command"], m["query"]) for m in SECTION.finditer(text)]


def arguments(command: str) -> list[str]:
    """The words after ``kg`` as the shell would pass them."""
    words = shlex.split(command)
    assert words[:2] == ["kg", "cypher"]
    return words[1:]


def params_of(command: str) -> dict:
    words = arguments(command)
    given = {"--param": [], "--param-string": []}
    for option, value in itertools.pairwise(words):
        if option in given:
            given[option].append(value)
    return parse_params(tuple(given["--param"]), tuple(given["--param-string"]))


def run_in(folder, monkeypatch, query: str, args: list[str]):
    """``kg ARGS`` run in ``folder`` with the query saved there as query.cypher, against the server the tests use."""
    from kg.cli import cli
    from kg.neo4j.local import default_home

    (folder / "query.cypher").write_text(query, encoding="utf-8")
    # the local server's home is ./.neo4j-local by default: keep it when the command runs elsewhere
    monkeypatch.setenv("KG_NEO4J_HOME", str(default_home()))
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_cookbook_answers_ten_questions_or_more():
    text = COOKBOOK.read_text(encoding="utf-8")
    assert len(recipes()) >= 10
    assert len(recipes()) == text.count("\n### ") == text.count("```cypher")


@pytest.mark.parametrize("question, command, query", recipes(), ids=[r[0] for r in recipes()])
def test_every_parameter_is_given(question, command, query):
    used = set(re.findall(r"\$(\w+)", query))
    assert used == set(params_of(command)), question


def test_param_reads_json_and_param_string_keeps_text():
    assert parse_params(("from=2020", 'names=["a"]', "region=Middle East"), ("year=2020",)) == {
        "from": 2020,
        "names": ["a"],
        "region": "Middle East",
        "year": "2020",
    }


@pytest.mark.neo4j
@pytest.mark.parametrize("question, command, query", recipes(), ids=[r[0] for r in recipes()])
def test_each_recipe_returns_rows_by_its_command_line(neo4j_examples, tmp_path, monkeypatch, question, command, query):
    assert run_in(tmp_path, monkeypatch, query, [*arguments(command), "--format", "json"]), f"no rows for: {question}"


@pytest.mark.neo4j
def test_launches_from_a_year_whether_the_year_is_a_number_or_text(neo4j_examples, tmp_path, monkeypatch):
    query = next(q for question, _, q in recipes() if question == "Product launches by date")
    answers = [
        run_in(tmp_path, monkeypatch, query, ["cypher", "@query.cypher", option, "from=2020", "--format", "json"])
        for option in ("--param", "--param-string")
    ]
    assert answers[0] and answers[0] == answers[1]
