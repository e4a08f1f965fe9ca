"""``kg export`` behaves like the pipe tools people know (issue 22)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, ROOT


@pytest.fixture
def examples(invoke):
    assert invoke("load", str(EXAMPLES / "factsheets")).exit_code == 0
    return invoke


def test_a_closed_pipe_ends_quietly_with_exit_0(examples, data_dir):
    """kg export | head -1: the reader leaves after one line; no traceback, no error, exit 0."""
    kg = subprocess.Popen(
        [sys.executable, "-c", "from kg.cli import cli; cli()", "export", "--format", "ntriples"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", "KG_DATA": str(data_dir), "KG_STORE": "embedded"},
    )
    assert kg.stdout.readline().startswith(b"<")
    kg.stdout.close()  # well before the export's end: the graph is larger than a pipe's buffer
    assert kg.wait(timeout=120) == 0
    assert kg.stderr.read() == b""


def test_svg_without_graphviz_is_refused_in_one_line_like_paths(examples, monkeypatch):
    import kg.pictures.dot as dot

    monkeypatch.setattr(dot.shutil, "which", lambda name: None)
    exported = examples("export", "--format", "svg", "--company", "Ecovacs")
    drawn = examples("paths", "Ecovacs", "--format", "svg")
    assert exported.exit_code == drawn.exit_code == 3
    assert exported.output.count("\n") == 1 and exported.output.startswith("Error: --format svg needs Graphviz")
    assert exported.output == drawn.output
