"""The layers of ``kg/layers.py`` hold: every module has a layer, no import points up, no imports form a cycle.

The imports are read from the source with ``ast``, every one of them: at the top of a module, inside a function
(a lazy import is still a dependency), under ``TYPE_CHECKING``.  Nothing is imported to read them.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

from kg.layers import LAYERS, RANK, layer_of
from tests.conftest import ROOT

PACKAGES = ("kg", "loaders", "ontology")


@cache
def modules() -> dict[str, Path]:
    """Every module of the packages, by dotted name (a package by its own name)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _own(name: str) -> str | None:
    """The module ``name`` lives in: itself, or the nearest package holding it (``kg.errors.KGError`` -> kg.errors)."""
    while name and name not in modules():
        name = name.rpartition(".")[0]
    return name or None


@cache
def imports(module: str) -> frozenset[str]:
    """The project's modules ``module`` imports, anywhere in its source."""
    path = modules()[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(_own(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            # "from kg import datafolder" imports the module kg.datafolder; "from kg.errors import KGError" kg.errors
            found.update(
                _own(f"{base}.{alias.name}") if f"{base}.{alias.name}" in modules() else _own(base)
                for alias in node.names
            )
    return frozenset(found - {None, module})


def graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(modules())
    g.add_edges_from((m, target) for m in modules() for target in imports(m))
    return g


def upward(module: str) -> set[tuple[str, str]]:
    here = RANK[layer_of(module)]
    return {(module, target) for target in imports(module) if RANK[layer_of(target)] > here}


def test_every_module_has_a_layer():
    assert sorted(modules()) and [m for m in sorted(modules()) if layer_of(m) is None] == []


def test_every_listed_layer_member_exists():
    """A layer naming a module that is gone (renamed, moved) would hide a module without a layer."""
    assert [m for _, members in LAYERS for m in members if m not in modules()] == []


@pytest.mark.parametrize("module", sorted(modules()))
def test_imports_point_down(module):
    if layer_of(module) is None:
        pytest.skip("no layer: test_every_module_has_a_layer fails")
    found = sorted(
        f"{source} ({layer_of(source)}) imports {target} ({layer_of(target)})" for source, target in upward(module)
    )
    assert found == [], "imports pointing up a layer"


def test_no_import_cycles():
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph()) if len(c) > 1]
    assert cycles == [], "modules that import each other"


def test_the_reader_sees_every_kind_of_import():
    """The parser above is the test: an import it missed would be an edge no check sees."""
    assert "kg.pipeline" in imports("kg.cli.load")  # from kg.pipeline import ... in a function
    assert "kg.datafolder" in imports("kg.cli.options")  # from kg import datafolder
    assert "loaders.base" in imports("loaders.csv")  # from loaders.base import ...
    assert "kg.stores.oxigraph" in imports("kg.server.dataset")  # under TYPE_CHECKING
    assert "kg.extract.relations.channels" in imports("kg.extract.relations")  # a package's own submodule
    assert "kg.registry" in imports("loaders")  # a package's __init__


def test_no_module_outside_the_cli_imports_it():
    assert [m for m in modules() if layer_of(m) != "cli" and any(layer_of(t) == "cli" for t in imports(m))] == []


def test_the_design_notes_show_the_layers_in_order():
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[1:] == [name for name, _ in LAYERS]


def test_no_caller_probes_a_store_for_what_it_can_do():
    """What a store can do is declared on :class:`kg.stores.base.Store` (``supports_*``, ``oxigraph()``,
    ``answers()``, ...) with a default for the stores that cannot; asking ``hasattr(store, ...)`` would
    hide a capability from that contract."""
    import re

    probe = re.compile(r"\b(?:getattr|hasattr)\(\s*(?:self\.)?store\b")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in modules().values()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if probe.search(line)
    ]
    assert found == []
