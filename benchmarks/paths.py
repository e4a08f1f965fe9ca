"""``paths`` latency beside bare networkx ``all_simple_paths`` on the same graph.

The floor is networkx enumerating simple paths with the same cutoff on the
projection already in memory; ``expansion_paths`` adds the rules (which
relations, which markets, filters, ranking, evidence) on top of that walk.
With the Neo4j store available, the same questions are also timed as Cypher
on the same facts, loaded as sheets of 25,000 lines.

Usage: python benchmarks/paths.py [N ...] [--embedded-only]   (default: 1e4 1e5; 1e6 takes about half an hour)

The Cypher figures empty the Neo4j database the local server (or NEO4J_URI) holds.
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
from synthetic import write_jsonl, write_sources  # noqa: E402

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


def _neo4j_store():
    """The Neo4j store of the local server (or NEO4J_URI), or None when none answers."""
    try:
        from kg.neo4j.local import connection_settings
        from kg.stores.neo4j import Neo4jStore

        return Neo4jStore(connection_settings())
    except Exception as e:  # noqa: BLE001 - no server means no Cypher figures, not a failed benchmark
        print(f"paths: no Cypher figures ({type(e).__name__}: {e})", file=sys.stderr)
        return None


def run(n_facts: int, seed: int = 7, samples: int = 30, *, cypher: bool = True) -> dict:
    """Median and p95 latency of ``paths`` on the projection, on Neo4j (when reachable), and of the floor.

    Neo4j's database is emptied and loaded with the same facts.
    """
    with tempfile.TemporaryDirectory() as tmp:
        store = OxigraphStore(Path(tmp) / "kg")
        load(store, [write_jsonl(Path(tmp) / "facts.jsonl", n_facts, seed)])
        started = time.perf_counter()
        graph = project(store)
        projection_s = time.perf_counter() - started
        store.close()
        neo4j = _neo4j_store() if cypher else None
        if neo4j is not None:
            neo4j.clear()
            # the same lines as sheets, so that no source outgrows one transaction's memory
            load(neo4j, [write_sources(Path(tmp) / "sheets", n_facts, seed)])
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
    if neo4j is not None:
        with neo4j:
            result["cypher_target"] = _timed(lambda c, m: neo4j.expansion_paths(name(c), name(m), max_hops=CUTOFF),
                                             picks)
            result["cypher_all"] = _timed(lambda c, m: neo4j.expansion_paths(name(c), max_hops=CUTOFF), picks)
    return result


QUERIES = (("to market", "target"), ("all markets", "all"))


def main(sizes: list[int], *, cypher: bool = True) -> None:
    print(f"{'facts':>8} {'query':>12} {'store':>9} {'median ms':>10} {'p95 ms':>8} {'nx median ms':>13} {'ratio':>6}")
    for n in sizes:
        r = run(n, cypher=cypher)
        for label, key in QUERIES:
            floor = r[f"nx_{key}"]["median_ms"]
            for store, ours in (("embedded", f"kg_{key}"), ("neo4j", f"cypher_{key}")):
                if ours in r:
                    print(f"{n:>8} {label:>12} {store:>9} {r[ours]['median_ms']:>10.2f} {r[ours]['p95_ms']:>8.2f} "
                          f"{floor:>13.2f} {r[ours]['median_ms'] / max(floor, 1e-9):>6.2f}")
        print(f"{n:>8} projection {r['projection_s']:.2f}s (once per store state, then cached)")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--embedded-only"]
    main([int(float(a)) for a in args] or [10_000, 100_000], cypher="--embedded-only" not in sys.argv)


def rows(n_facts: int, seed: int = 7) -> list[dict]:
    """The rows ``benchmarks/run.py`` prints: embedded and Cypher latency beside the networkx floor."""
    r = run(n_facts, seed)
    baseline = f"networkx all_simple_paths, cutoff {CUTOFF}, same graph in memory"
    out = []
    for label, key in QUERIES:
        for store, ours in (("embedded", f"kg_{key}"), ("neo4j", f"cypher_{key}")):
            for stat in ("median_ms", "p95_ms"):
                if ours in r:
                    out.append({"figure": f"paths {label} {store} {stat[:-3]}", "unit": "ms", "value": r[ours][stat],
                                "baseline": baseline, "baseline_value": r[f"nx_{key}"][stat]})
    return out
