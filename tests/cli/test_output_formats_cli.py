"""csv and json on every command that prints rows, as sqlite-utils and the oxigraph CLI offer (issue 22)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import EXAMPLES

COMMANDS = {
    "paths": (["paths", "Ecovacs", "Germany"], ["market", "mode", "path", "support"]),
    "market": (["market", "Germany"], ["company", "paths", "modes"]),
    "timeline": (["timeline", "ByteDance"], ["date", "subject", "relation", "object", "via", "status", "evidence"]),
    "compare": (["compare", "Ecovacs", "Lumora Robotics"], ["aspect", "company", "values"]),
    "entities": (["entities", "Kunlun"], ["name", "type", "iri", "aliases", "identifiers", "facts", "sources"]),
    "stats": (["stats"], ["what", "count"]),
}


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    from click.testing import CliRunner

    from kg.cli import cli

    env = {"KG_DATA": str(tmp_path_factory.mktemp("formats") / "kg-data"), "KG_STORE": "embedded"}
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(EXAMPLES / "factsheets")], env=env).exit_code == 0
    return lambda *args: runner.invoke(cli, list(args), env=env)


@pytest.mark.parametrize("name", COMMANDS)
def test_csv_has_a_header_and_rows(kg, name):
    args, header = COMMANDS[name]
    result = kg(*args, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == header and len(rows) > 1 and all(len(r) == len(header) for r in rows)


@pytest.mark.parametrize("name", COMMANDS)
def test_json_parses(kg, name):
    args, _ = COMMANDS[name]
    result = kg(*args, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)


def test_csv_with_no_rows_is_the_header_alone(kg):
    assert kg("paths", "Ecovacs", "Japan", "--format", "csv").stdout == "market,mode,path,support\n"
