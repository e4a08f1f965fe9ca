"""The conventions run with the tests, so CI fails on any of them: ruff's lint and format, and mypy.

Their settings are in pyproject.toml ([tool.ruff], [tool.mypy]); each runs on its own from the repository
root as ``ruff check .``, ``ruff format --check .`` and ``mypy``. They come from the interpreter running the
tests (the test extra installs them), so the pinned versions check, not whatever is first on PATH.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

CHECKS = {
    "ruff check": ["ruff", "check", "--output-format", "concise", "."],
    "ruff format": ["ruff", "format", "--check", "."],
    "mypy": ["mypy"],
}


@pytest.mark.parametrize("name", list(CHECKS))
def test_the_code_keeps_the_conventions(name):
    command = [sys.executable, "-m", *CHECKS[name]]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if "No module named" in result.stderr:
        pytest.fail(f"{name} is not installed (python -m pip install -e '.[test]'): {result.stderr}")
    assert result.returncode == 0, f"{' '.join(CHECKS[name])} found:\n{result.stdout}{result.stderr}"
