"""Embedded load throughput beside pyoxigraph's own bulk load of the same triples.

``kg load`` reads fact lines, resolves names, checks them against the shapes
and writes one transaction per file; the baseline is Oxigraph bulk-loading the
N-Quads that load produced, the fastest way those triples can enter the store.

Usage: python benchmarks/embedded_load.py [N ...]   (default: 1e4 1e5)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import sizes_parser, write_jsonl

from kg.pipeline import load
from kg.stores.oxigraph import OxigraphStore


def run(n_facts: int, seed: int = 7) -> dict:
    """Triples per second of ``kg load`` and of a bulk load of the same N-Quads, and their ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        facts = write_jsonl(work / "facts.jsonl", n_facts, seed)
        store = OxigraphStore(work / "kg")
        started = time.perf_counter()
        load(store, [facts])
        store.ox.flush()
        ours = time.perf_counter() - started
        triples = len(store.ox)
        nquads = work / "same.nq"
        store.ox.dump(str(nquads), format=ox.RdfFormat.N_QUADS)
        store.close()
        bulk_store = ox.Store(str(work / "bulk"))
        started = time.perf_counter()
        bulk_store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        bulk_store.flush()
        bulk = time.perf_counter() - started
    return {
        "facts": n_facts,
        "triples": triples,
        "kg_load_s": ours,
        "bulk_load_s": bulk,
        "kg_triples_per_s": triples / ours,
        "bulk_triples_per_s": triples / bulk,
        "ratio": bulk / ours,
    }


def main(argv: list[str] | None = None) -> None:
    sizes = sizes_parser(__doc__, [10_000, 100_000]).parse_args(argv).sizes
    print(f"{'facts':>9} {'triples':>10} {'kg load t/s':>12} {'bulk t/s':>12} {'ratio':>6}")
    for n in sizes:
        r = run(n)
        print(
            f"{r['facts']:>9} {r['triples']:>10} {r['kg_triples_per_s']:>12,.0f} "
            f"{r['bulk_triples_per_s']:>12,.0f} {r['ratio']:>6.2f}"
        )


def rows(n_facts: int, seed: int = 7) -> list[dict]:
    """The rows ``benchmarks/run.py`` prints."""
    r = run(n_facts, seed)
    return [
        {
            "figure": "embedded load",
            "unit": "triples/s",
            "value": r["kg_triples_per_s"],
            "baseline": "pyoxigraph bulk_load of the same N-Quads",
            "baseline_value": r["bulk_triples_per_s"],
        }
    ]


if __name__ == "__main__":
    main()
