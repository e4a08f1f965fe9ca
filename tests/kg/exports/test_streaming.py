"""Exports stream: the memory they allocate does not grow with the graph.

Buffers that are bounded by design (the sort's in-memory chunk, the merge's
fan-in, the caches, a Cypher batch) are made small here, so that graphs of a
few thousand facts already exceed them; then a four times larger graph must
not take more Python memory to export.  ``benchmarks/exports.py`` measures the
same at 10^5 facts and more, in resident memory.
"""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pytest

from kg.exports import cypher_script, export, registry, rows, sorting, subgraph
from tests.conftest import ROOT

PICTURES = {"dot", "svg", "png"}  # pictures hold their (small) subgraph by design


@pytest.fixture(scope="module")
def synthetic_stores(tmp_path_factory):
    """Stores of 400 and 1,600 synthetic facts."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_jsonl

    from kg.pipeline import load
    from kg.stores.oxigraph import OxigraphStore

    folders = {}
    for n in (400, 1600):
        work = tmp_path_factory.mktemp(f"synthetic-{n}")
        with OxigraphStore(work / "kg") as store:
            load(store, [write_jsonl(work / "facts.jsonl", n)])
        folders[n] = work / "kg"
    return folders


@pytest.fixture
def small_buffers(monkeypatch):
    monkeypatch.setattr(sorting, "CHUNK", 300)
    monkeypatch.setattr(sorting, "FAN_IN", 4)
    monkeypatch.setattr(subgraph, "CACHE", 64)
    monkeypatch.setattr(rows, "CACHE", 64)
    monkeypatch.setattr(cypher_script, "BATCH", 20)


def peak_bytes(folder: Path, fmt: str, out: Path, *, warm: bool = False) -> int:
    from kg.stores.oxigraph import OxigraphStore

    with OxigraphStore(folder) as store:
        if warm:
            export(store, fmt, out.with_suffix(".warm"))  # imports and one-time caches
        tracemalloc.start()
        try:
            export(store, fmt, out)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


@pytest.mark.parametrize("fmt", sorted(set(registry.names()) - PICTURES))
def test_memory_does_not_grow_with_the_graph(synthetic_stores, small_buffers, tmp_path, fmt):
    # tracemalloc counts every thread's allocations (a pytest-xdist worker's messaging thread too): that noise
    # only adds, so each figure is the lower of two runs
    small = min(peak_bytes(synthetic_stores[400], fmt, tmp_path / f"small{i}", warm=not i) for i in range(2))
    large = min(peak_bytes(synthetic_stores[1600], fmt, tmp_path / f"large{i}") for i in range(2))
    assert large <= small * 1.3 + 256 * 1024, f"{fmt}: {small // 1024} KiB for 400 facts, {large // 1024} KiB for 1600"
