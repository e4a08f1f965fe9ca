"""Scripts print their usage on --help and on missing arguments, and do nothing else (issue 22)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

SCRIPTS = ["benchmarks/synthetic.py", "benchmarks/run.py", "benchmarks/extraction.py", "benchmarks/faults.py",
           "scripts/cli_docs.py", "scripts/make_shapes.py", "scripts/make_world_cities.py"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_help_prints_usage(script):
    result = subprocess.run([sys.executable, script, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("usage: ") and result.stderr == ""


def test_synthetic_without_arguments_prints_usage_not_a_traceback():
    result = subprocess.run([sys.executable, "benchmarks/synthetic.py"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: synthetic.py") and "Traceback" not in result.stderr
