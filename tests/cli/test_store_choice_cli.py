"""``--store`` takes the stores' registry for its choices: an installed plugin's store is one of them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kg.cli import cli
from tests.conftest import ROOT


def test_an_unknown_store_is_one_line_naming_the_known_ones(runner, tmp_path):
    result = runner.invoke(cli, ["stats", "--store", "bogus", "--data", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert result.output == "Error: unknown store 'bogus' in --store (or KG_STORE); known: embedded, neo4j, sparql\n"


def test_an_unknown_kg_store_is_the_same_line(runner, tmp_path):
    result = runner.invoke(cli, ["paths", "Ecovacs"], env={"KG_STORE": "bogus", "KG_DATA": str(tmp_path / "d")})
    assert result.exit_code == 2 and result.output.startswith("Error: unknown store 'bogus' in --store")
    assert result.output.count("\n") == 1


@pytest.fixture
def plugin_path(tmp_path):
    """A folder on sys.path holding a store plugin as pip would install it: a module and its dist-info."""
    folder = tmp_path / "site"
    (folder / "kg_scratch_store-0.1.dist-info").mkdir(parents=True)
    (folder / "kg_scratch_store-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: kg-scratch-store\nVersion: 0.1\n", encoding="utf-8"
    )
    (folder / "kg_scratch_store-0.1.dist-info" / "entry_points.txt").write_text(
        "[kg.stores]\nscratch = kg_scratch_store:ScratchStore\n", encoding="utf-8"
    )
    (folder / "kg_scratch_store.py").write_text(
        "from kg.stores.oxigraph import OxigraphStore\n\n\n"
        "class ScratchStore(OxigraphStore):\n"
        '    """The embedded store under another name."""\n',
        encoding="utf-8",
    )
    return folder


def kg(plugin_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin_path), str(ROOT)]), "KG_STORE": "embedded"}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from kg.cli import cli; sys.argv[0] = 'kg'; cli()", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )


def test_a_plugin_store_is_a_choice_and_opens(plugin_path, tmp_path):
    assert "--store [embedded|neo4j|scratch|sparql]" in kg(plugin_path, "stats", "--help").stdout
    done = kg(plugin_path, "stats", "--store", "scratch", "--data", str(tmp_path / "d"), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert '"sources": 0' in done.stdout
    refused = kg(plugin_path, "stats", "--store", "bogus")
    assert refused.returncode == 2
    assert (
        refused.stderr
        == "Error: unknown store 'bogus' in --store (or KG_STORE); known: embedded, neo4j, scratch, sparql\n"
    )


def test_kg_help_imports_no_store():
    code = (
        "import sys; from kg.cli import cli; sys.argv = ['kg', '--help']\ntry: cli()\nexcept SystemExit: pass\n"
        "print('IMPORTED', sorted(m for m in sys.modules if m.startswith('kg.stores')))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert "IMPORTED []" in done.stdout, done.stdout + done.stderr
