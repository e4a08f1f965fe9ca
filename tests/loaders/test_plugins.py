"""A loader installed as a plugin (the ``kg.loaders`` entry point) is found by name and by suffix.

The plugin is a real distribution on ``sys.path`` (a module and its ``.dist-info`` with
``entry_points.txt``), which is what ``pip install`` leaves behind.
"""

from __future__ import annotations

import json
import textwrap

import pytest

import loaders

PLUGIN = '''
from kg.model import Fact, Provenance


class TsvLoader:
    """Tab-separated fact lines: subject, relation, object."""

    name = "tsv"
    suffixes = (".tsv",)

    def load(self, path):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            s, p, o = line.split("\\t")
            yield Fact(s, p, o, provenance=Provenance(str(path), line=number))
'''


@pytest.fixture
def tsv_plugin(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "kg_tsv_plugin-0.1.dist-info").mkdir(parents=True)
    (site / "kg_tsv_plugin.py").write_text(textwrap.dedent(PLUGIN), "utf-8")
    (site / "kg_tsv_plugin-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: kg-tsv-plugin\nVersion: 0.1\n", "utf-8"
    )
    (site / "kg_tsv_plugin-0.1.dist-info" / "entry_points.txt").write_text(
        "[kg.loaders]\ntsv = kg_tsv_plugin:TsvLoader\n", "utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    # the registry scans entry points once a process: let this test's scan see the new distribution
    monkeypatch.setattr(loaders.registry, "_entries", dict(loaders.registry._entries))
    monkeypatch.setattr(loaders.registry, "_scanned", False)
    return site


def test_a_plugin_loader_is_found_by_its_suffix(tsv_plugin, tmp_path):
    entry = loaders.registry.for_suffix(".tsv")
    assert entry.name == "tsv" and entry.suffixes == (".tsv",)
    assert entry.description == "Tab-separated fact lines: subject, relation, object."


def test_kg_load_reads_a_file_of_the_plugins_format(tsv_plugin, invoke, write):
    path = write("brands.tsv", "Ecovacs\thasBrand\tTineco\n")
    result = invoke("load", str(path))
    assert result.exit_code == 0, result.output
    facts = json.loads(invoke("stats", "--format", "json").output)["facts"]
    assert facts == 1


def test_a_built_in_suffix_stays_with_the_built_in_loader(tsv_plugin):
    assert loaders.registry.for_suffix(".jsonl").name == "jsonl"
