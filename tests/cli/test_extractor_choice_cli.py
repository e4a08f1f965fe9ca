"""``--extractor`` takes the extractors' registry for its choices: an installed plugin's extractor is one of them.

The plugin is a real distribution on ``sys.path`` (a module and its ``.dist-info`` with ``entry_points.txt``),
which is what ``pip install`` leaves behind.
"""

from __future__ import annotations

import json

import pytest

import kg.extract

PLUGIN = '''
from kg.model import Entity, Fact, Provenance


def extract_arrows(document, known):
    """Every line "A -> B" of a document as A partnersWith B."""
    records = []
    for number, line in enumerate(document.text.splitlines(), 1):
        if "->" in line:
            a, b = (part.strip() for part in line.split("->"))
            where = Provenance(document.source, line=number, evidence=line, extractor="arrows")
            records += [Entity(a, "Company", provenance=where), Entity(b, "Company", provenance=where),
                        Fact(a, "partnersWith", b, provenance=where)]
    return records
'''


@pytest.fixture
def arrows_plugin(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "kg_arrows_plugin-0.1.dist-info").mkdir(parents=True)
    (site / "kg_arrows_plugin.py").write_text(PLUGIN, "utf-8")
    (site / "kg_arrows_plugin-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: kg-arrows-plugin\nVersion: 0.1\n", "utf-8"
    )
    (site / "kg_arrows_plugin-0.1.dist-info" / "entry_points.txt").write_text(
        "[kg.extractors]\narrows = kg_arrows_plugin:extract_arrows\n", "utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    # the registry scans entry points once a process: let this test's scan see the new distribution
    monkeypatch.setattr(kg.extract.registry, "_entries", dict(kg.extract.registry._entries))
    monkeypatch.setattr(kg.extract.registry, "_scanned", False)
    return site


def test_a_plugin_extractor_is_a_choice_of_kg_extract(arrows_plugin, invoke, write):
    assert "--extractor [arrows|hybrid|llm|rules|spacy]" in invoke("extract", "--help").output
    path = write("note.txt", "Ecovacs -> Lumora Robotics\n")
    result = invoke("extract", str(path), "--extractor", "arrows")
    assert result.exit_code == 0, result.output
    facts = [json.loads(line) for line in result.output.splitlines() if '"p"' in line]
    assert [(f["s"], f["p"], f["o"], f["extractor"]) for f in facts] == [
        ("Ecovacs", "partnersWith", "Lumora Robotics", "arrows")
    ]


def test_kg_load_and_kg_eval_take_a_plugin_extractor(arrows_plugin, invoke, write):
    assert "[arrows|hybrid|llm|rules|spacy]" in invoke("load", "--help").output
    assert "[arrows|hybrid|llm|rules|spacy]" in invoke("eval", "--help").output
    path = write("note.txt", "Ecovacs -> Lumora Robotics\n")
    result = invoke("load", str(path), "--extractor", "arrows")
    assert result.exit_code == 0, result.output
    assert json.loads(invoke("stats", "--format", "json").output)["facts"] == 1


def test_an_unknown_extractor_is_a_usage_error_naming_the_plugins_too(arrows_plugin, invoke, write):
    path = write("note.txt", "Ecovacs -> Lumora Robotics\n")
    for command in ("extract", "load"):
        result = invoke(command, str(path), "--extractor", "bogus")
        assert result.exit_code == 2
        assert "'bogus' is not one of 'arrows', 'hybrid', 'llm', 'rules', 'spacy'" in result.output
