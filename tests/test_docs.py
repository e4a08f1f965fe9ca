"""The documentation keeps up with the code."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from cli_docs import cli_reference  # noqa: E402


def test_cli_reference_is_current():
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == cli_reference(), \
        "docs/cli.md is stale: run python scripts/cli_docs.py > docs/cli.md"


def test_every_loader_is_documented_in_the_readme():
    import loaders

    readme = (ROOT / "README.md").read_text(encoding="utf-8").lower()
    for entry in loaders.registry.entries():
        assert entry.name in readme or entry.suffixes[0] in readme, entry.name
