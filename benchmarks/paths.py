"""``paths`` latency beside bare networkx ``all_simple_paths`` on the same graph.

The floor is networkx enumerating simple paths with the same cutoff on the
projection already in memory; ``expansion_paths`` adds the rules (which
relations, which markets, filters, ranking, evidence) on top of that walk.
With the Neo4j store available, the same questions are also timed as Cypher.

Usage: python benchmarks/paths.py [N ...]   (default: 1e4 1e5)
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_jsonl  # noqa: E402

from kg.pipeline import load  # noqa: E402
from kg.queries.expansion import MARKET_RELATIONS, STEP_RELATIONS, expansion_paths  # noqa: E402
from kg.stores.oxigraph import OxigraphStore  # noqa: E402
from kg.stores.projection import project  # noqa: E402

CUTOFF = 4


def _timed(func, samples: list) -> dict:
    func(*samples[0])  # warm: the first call loads country data and builds the name index
    times = []
    for sample in samples:
        started = time.perf_counter()
        func(*sample)
        times.append(time.perf_counter() - started)
    times.sort()
    return {"median_ms": statistics.median(times) * 1e3, "p95_ms": times[int(0.95 * (len(times) - 1))] * 1e3}


def _floor(graph: nx.MultiDiGraph, company: str, market: str | None) -> int:
    """Bare networkx: simple paths over the same relations with the same cutoff."""
    view = nx.subgraph_view(graph, filter_edge=lambda u, v, k: graph.edges[u, v, k]["relation"] in
                            (*STEP_RELATIONS, *MARKET_RELATIONS))
    targets = [market] if market else [n for n, d in graph.nodes(data=True) if d["type"] in ("Country", "Region")]
    return sum(1 for _ in nx.all_simple_paths(view, company, targets, cutoff=CUTOFF))


def run(n_facts: int, seed: int = 7, samples: int = 30) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        store = OxigraphStore(Path(tmp) / "kg")
        load(store, [write_jsonl(Path(tmp) / "facts.jsonl", n_facts, seed)])
        started = time.perf_counter()
        graph = project(store)
        projection_s = time.perf_counter() - started
        store.close()
    rng = random.Random(seed)
    companies = [n for n, d in graph.nodes(data=True) if d["type"] == "Company" and graph.out_degree(n) > 3]
    markets = [n for n, d in graph.nodes(data=True) if d["type"] == "Country"]
    picks = [(rng.choice(companies), rng.choice(markets)) for _ in range(samples)]
    name = lambda n: graph.nodes[n]["name"]  # noqa: E731
    result = {"facts": n_facts, "projection_s": projection_s}
    # networkx's figures carry the same statistics, so both sides print median and p95
    result["kg_target"] = _timed(lambda c, m: expansion_paths(graph, name(c), name(m), max_hops=CUTOFF), picks)
    result["nx_target"] = _timed(lambda c, m: _floor(graph, c, m), picks)
    result["kg_all"] = _timed(lambda c, m: expansion_paths(graph, name(c), max_hops=CUTOFF), picks)
    result["nx_all"] = _timed(lambda c, m: _floor(graph, c, None), picks)
    return result


def main(sizes: list[int]) -> None:
    print(f"{'facts':>8} {'query':>10} {'kg median ms':>13} {'kg p95 ms':>10} {'nx median ms':>13} {'ratio':>6}")
    for n in sizes:
        r = run(n)
        for label, ours, floor in (("to market", "kg_target", "nx_target"), ("all", "kg_all", "nx_all")):
            print(f"{n:>8} {label:>10} {r[ours]['median_ms']:>13.2f} {r[ours]['p95_ms']:>10.2f} "
                  f"{r[floor]['median_ms']:>13.2f} {r[ours]['median_ms'] / max(r[floor]['median_ms'], 1e-9):>6.2f}")
        print(f"{n:>8} projection {r['projection_s']:.2f}s (once per process)")


if __name__ == "__main__":
    main([int(float(a)) for a in sys.argv[1:]] or [10_000, 100_000])


def rows(n_facts: int, seed: int = 7) -> list[dict]:
    """The rows ``benchmarks/run.py`` prints: embedded latency beside the networkx floor."""
    r = run(n_facts, seed)
    baseline = f"networkx all_simple_paths, cutoff {CUTOFF}, same graph in memory"
    out = []
    for label, ours, floor in (("to market", "kg_target", "nx_target"), ("all markets", "kg_all", "nx_all")):
        for stat in ("median_ms", "p95_ms"):
            out.append({"figure": f"paths {label} {stat[:-3]}", "unit": "ms", "value": r[ours][stat],
                        "baseline": baseline, "baseline_value": r[floor][stat]})
    return out
