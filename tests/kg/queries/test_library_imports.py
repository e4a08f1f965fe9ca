"""The library sits below the CLI: a query renders a table without importing click or the ``kg`` command."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT


def test_importing_the_sparql_query_imports_neither_click_nor_the_cli():
    code = "import kg.queries.sparql, sys; print(sorted(m for m in ('click', 'kg.cli') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]"], out.stdout + out.stderr


def test_no_library_module_imports_the_cli_or_click():
    """An import of kg.cli from below it closes a cycle (kg.cli -> kg.exports -> kg.stores -> kg.queries -> kg.cli)."""
    upward = []
    for path in sorted([*(ROOT / "kg").rglob("*.py"), *(ROOT / "loaders").rglob("*.py")]):
        if (ROOT / "kg" / "cli") in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                # "from kg import cli" names the CLI package as an imported name
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            upward += [
                f"{path.relative_to(ROOT)}: {n}"
                for n in names
                if n.split(".")[0] == "click" or n == "kg.cli" or n.startswith("kg.cli.")
            ]
    assert upward == []


def test_the_cli_renders_with_the_library_renderer():
    from kg import render
    from kg.cli import render as cli_render

    assert cli_render.table is render.table and cli_render.to_json is render.to_json
    assert render.table([{"name": "Eco\nvacs"}]).splitlines() == ["name", "---------", "Eco\\nvacs"]
