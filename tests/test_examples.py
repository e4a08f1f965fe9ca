"""The shipped examples teach right data: each name one entity, no stray aliases (issue 22)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    from click.testing import CliRunner

    from kg.cli import cli

    env = {"KG_DATA": str(tmp_path_factory.mktemp("examples") / "kg-data"), "KG_STORE": "embedded"}
    runner = CliRunner()
    result = runner.invoke(cli, ["load", str(EXAMPLES)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output

    def entities(name: str):
        out = runner.invoke(cli, ["entities", name, "--format", "json"], env=env)
        return json.loads(out.stdout) if out.exit_code == 0 else []

    return result, entities


def test_examples_load_without_warnings(loaded):
    result, _ = loaded
    assert "Warning:" not in result.stderr


def test_a_legal_form_is_no_alias_of_kunlun_tech(loaded):
    _, entities = loaded
    assert entities("Ltd.") == []
    (kunlun,) = entities("Kunlun Tech Co., Ltd.")
    assert kunlun["name"] == "Kunlun Tech" and "Ltd." not in kunlun["aliases"]


def test_chatgpt_is_one_product_holding_its_fact(loaded):
    _, entities = loaded
    (chatgpt,) = entities("ChatGPT")
    assert chatgpt["type"] == "Product" and chatgpt["facts"] >= 1


def test_service_robot_and_service_robots_are_one_segment(loaded):
    _, entities = loaded
    (robots,) = entities("service robots")
    assert entities("service robot") == [robots]
