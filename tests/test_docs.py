"""The documentation keeps up with the code."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_cli_reference_is_current():
    # a fresh process: click caches each command's help option, so earlier tests could change the text
    generated = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cli_docs.py")], capture_output=True, text=True, check=True
    ).stdout
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == generated, (
        "docs/cli.md is stale: run python scripts/cli_docs.py > docs/cli.md"
    )


def test_every_loader_is_documented_in_the_readme():
    import loaders

    readme = (ROOT / "README.md").read_text(encoding="utf-8").lower()
    for entry in loaders.registry.entries():
        assert entry.name in readme or entry.suffixes[0] in readme, entry.name


def test_cli_reference_shows_output_formats_and_completion():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "## Output formats" in text and "--format csv" in text
    assert "_KG_COMPLETE=bash_source kg" in text and "_KG_COMPLETE=zsh_source kg" in text
