"""Fixtures shared by every test: data folders, stores, the CLI runner, example files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def private_user_folder(tmp_path_factory, monkeypatch):
    """A command given no data folder, run where no kg-data folder is, uses the user's; never the real one in a test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "kg-data"


@pytest.fixture
def fresh_store(data_dir: Path):
    from kg.stores.oxigraph import OxigraphStore

    store = OxigraphStore(data_dir)
    yield store
    store.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner, data_dir: Path):
    """Run ``kg`` with a private data folder; returns click's Result."""
    from kg.cli import cli

    def run(*args: str, input: str | None = None):
        return runner.invoke(
            cli, [*args], input=input, env={"KG_DATA": str(data_dir), "KG_STORE": "embedded"}, catch_exceptions=False
        )

    return run


@pytest.fixture
def write(tmp_path: Path):
    """Write a small hand-made file into the test's folder and return its path."""

    def write_file(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    return write_file


def neo4j_unavailable(reason: str):
    """Under CI a missing Neo4j is a failure; elsewhere the test is skipped."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"Neo4j is required under CI: {reason}")
    pytest.skip(f"Neo4j not available: {reason}")
