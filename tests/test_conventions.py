"""The conventions run with the tests, so CI fails on any of them: ruff's lint and format, and mypy.

Their settings are in pyproject.toml ([tool.ruff], [tool.mypy]); each runs on its own from the repository
root as ``ruff check .``, ``ruff format --check .`` and ``mypy``. They come from the interpreter running the
tests (the test extra installs them), so the pinned versions check, not whatever is first on PATH.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter

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


def _bound_twice(source: str) -> list[str]:
    """Names a module's top level binds more than once (assignments, functions, classes)."""
    counts: Counter[str] = Counter()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            counts.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            counts[node.name] += 1
    return sorted(name for name, n in counts.items() if n > 1)


def test_a_bound_twice_name_is_found():
    assert _bound_twice("import re\n_X = re.compile('a')\ndef f(): return _X\n_X = re.compile('b')\n") == ["_X"]
    assert _bound_twice("_X = 1\ndef f():\n    _X = 2\n") == []


def test_no_module_binds_a_top_level_name_twice():
    # a second binding of a module-level pattern silently replaces the first for every function that reads it
    # (ruff and mypy let a plain reassignment pass)
    found = {
        str(path.relative_to(ROOT)): names
        for path in sorted((ROOT / "kg").rglob("*.py"))
        if (names := _bound_twice(path.read_text(encoding="utf-8")))
    }
    assert found == {}
