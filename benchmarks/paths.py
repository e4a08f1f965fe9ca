"""``paths`` latency beside bare networkx ``all_simple_paths`` on the same graph.

The floor is networkx enumerating simple paths with the same cutoff on the
projection already in memory; ``expansion_paths`` adds the rules (which
relations, which markets, filters, ranking, evidence) on top of that walk.
With the Neo4j store available, the same questions are also timed as Cypher
on the same facts, loaded as sheets of 25,000 lines.

Usage: python benchmarks/paths.py [N ...] [--embedded-only | --cypher-only]
(default: 1e4 1e5; 1e6 takes about half an hour, most of it the embedded store and networkx, which
``--cypher-only`` leaves out; the companies and markets asked about are then read from Neo4j, and are the
same ones: both sides pick them from the names in sorted order, not from a store's own order.)

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
from synthetic import sizes_parser, write_jsonl, write_sources

from kg.pipeline import load
from kg.queries.expansion import MARKET_RELATIONS, STEP_RELATIONS, expansion_paths
from kg.stores.oxigraph import OxigraphStore
from kg.stores.projection import scan_projection

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
    view = nx.subgraph_view(
        graph, filter_edge=lambda u, v, k: graph.edges[u, v, k]["relation"] in (*STEP_RELATIONS, *MARKET_RELATIONS)
    )
    targets = [market] if market else [n for n, d in graph.nodes(data=True) if d["type"] in ("Country", "Region")]
    return sum(1 for _ in nx.all_simple_paths(view, company, targets, cutoff=CUTOFF))


#: Why no Neo4j answers, when run.py found none beforehand: the Cypher figures are then left out without a try.
NO_NEO4J: str | None = None


def _neo4j_store():
    """The Neo4j store of the local server (or NEO4J_URI), or None when none answers."""
    if NO_NEO4J:
        return None
    try:
        from kg.neo4j.local import connection_settings
        from kg.stores.neo4j import Neo4jStore

        return Neo4jStore(connection_settings())
    except Exception as e:  # noqa: BLE001 - no server means no Cypher figures, not a failed benchmark
        print(f"paths: no Cypher figures ({type(e).__name__}: {e})", file=sys.stderr)
        return None


def _picks(companies: list[str], markets: list[str], seed: int, samples: int) -> list[tuple[str, str]]:
    """(company, market) names to ask about: companies with more than three facts, countries; drawn from the
    names in sorted order, so that every store (and ``--cypher-only``) asks the same questions."""
    rng = random.Random(seed)
    companies, markets = sorted(companies), sorted(markets)
    return [(rng.choice(companies), rng.choice(markets)) for _ in range(samples)]


def _neo4j_picks(neo4j, seed: int, samples: int) -> list[tuple[str, str]]:
    """The picks of :func:`_picks`, from the Neo4j store (a company's out-degree counts its facts, as the
    projection's does)."""
    from kg.stores import cypher

    companies = neo4j.cypher(
        f"MATCH (c:Company) WHERE COUNT {{ (c)-[:{cypher.fact_types()}]->(:Entity) }} > 3 RETURN c.name AS name"
    )
    markets = neo4j.cypher("MATCH (c:Country) RETURN c.name AS name")
    return _picks([r["name"] for r in companies], [r["name"] for r in markets], seed, samples)


def cypher_figures(neo4j, picks: list[tuple[str, str]]) -> dict:
    """Median and p95 latency of ``paths`` in Cypher, to a market and to every market, for each pick."""
    with neo4j:
        return {
            "cypher_target": _timed(lambda c, m: neo4j.answers().expansion_paths(c, m, max_hops=CUTOFF), picks),
            "cypher_all": _timed(lambda c, m: neo4j.answers().expansion_paths(c, max_hops=CUTOFF), picks),
        }


def run(n_facts: int, seed: int = 7, samples: int = 30, *, cypher: bool = True, embedded: bool = True) -> dict:
    """Median and p95 latency of ``paths`` on the projection, on Neo4j (when reachable), and of the floor.

    Neo4j's database is emptied and loaded with the same facts.  Without ``embedded``, only the Cypher
    figures (and the questions are read from Neo4j).
    """
    graph, neo4j, result = None, None, {"facts": n_facts}
    with tempfile.TemporaryDirectory() as tmp:
        if embedded:
            store = OxigraphStore(Path(tmp) / "kg")
            load(store, [write_jsonl(Path(tmp) / "facts.jsonl", n_facts, seed)])
            started = time.perf_counter()
            graph = scan_projection(store)  # what the load kept, built afresh to time it
            result["projection_s"] = time.perf_counter() - started
            store.close()
        neo4j = _neo4j_store() if cypher else None
        if neo4j is not None:
            neo4j.clear()
            # the same lines as sheets, so that no source outgrows one transaction's memory
            load(neo4j, [write_sources(Path(tmp) / "sheets", n_facts, seed)])
    if graph is None:
        return {**result, **cypher_figures(neo4j, _neo4j_picks(neo4j, seed, samples))} if neo4j else result
    floor = graph.to_networkx()  # the same graph, for networkx's own algorithms
    nodes = {d["name"]: n for n, d in graph.nodes(data=True)}
    picks = _picks(
        [d["name"] for n, d in graph.nodes(data=True) if d["type"] == "Company" and floor.out_degree(n) > 3],
        [d["name"] for _, d in graph.nodes(data=True) if d["type"] == "Country"],
        seed,
        samples,
    )
    # networkx's figures carry the same statistics, so both sides print median and p95
    result["kg_target"] = _timed(lambda c, m: expansion_paths(graph, c, m, max_hops=CUTOFF), picks)
    result["nx_target"] = _timed(lambda c, m: _floor(floor, nodes[c], nodes[m]), picks)
    result["kg_all"] = _timed(lambda c, m: expansion_paths(graph, c, max_hops=CUTOFF), picks)
    result["nx_all"] = _timed(lambda c, m: _floor(floor, nodes[c], None), picks)
    if neo4j is not None:
        result.update(cypher_figures(neo4j, picks))
    return result


QUERIES = (("to market", "target"), ("all markets", "all"))


def main(argv: list[str] | None = None) -> None:
    parser = sizes_parser(__doc__, [10_000, 100_000])
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--embedded-only", action="store_true", help="time the embedded store only, not Cypher")
    only.add_argument(
        "--cypher-only", action="store_true", help="time Cypher on Neo4j only (no embedded store, no networkx floor)"
    )
    args = parser.parse_args(argv)
    sizes, cypher, embedded = args.sizes, not args.embedded_only, not args.cypher_only
    print(f"{'facts':>8} {'query':>12} {'store':>9} {'median ms':>10} {'p95 ms':>8} {'nx median ms':>13} {'ratio':>6}")
    for n in sizes:
        r = run(n, cypher=cypher, embedded=embedded)
        for label, key in QUERIES:
            floor = r[f"nx_{key}"]["median_ms"] if f"nx_{key}" in r else None
            for store, ours in (("embedded", f"kg_{key}"), ("neo4j", f"cypher_{key}")):
                if ours in r:
                    vs = (
                        f"{floor:>13.2f} {r[ours]['median_ms'] / max(floor, 1e-9):>6.2f}"
                        if floor is not None
                        else f"{'-':>13} {'-':>6}"
                    )
                    print(f"{n:>8} {label:>12} {store:>9} {r[ours]['median_ms']:>10.2f} {r[ours]['p95_ms']:>8.2f} {vs}")
        if "projection_s" in r:
            print(f"{n:>8} projection {r['projection_s']:.2f}s (a full scan; the loads keep it up to date)")


def rows(n_facts: int, seed: int = 7) -> list[dict]:
    """The rows ``benchmarks/run.py`` prints: embedded and Cypher latency beside the networkx floor."""
    r = run(n_facts, seed)
    baseline = f"networkx all_simple_paths, cutoff {CUTOFF}, same graph in memory"
    out = []
    for label, key in QUERIES:
        for store, ours in (("embedded", f"kg_{key}"), ("neo4j", f"cypher_{key}")):
            for stat in ("median_ms", "p95_ms"):
                if ours in r:
                    out.append(
                        {
                            "figure": f"paths {label} {store} {stat[:-3]}",
                            "unit": "ms",
                            "value": r[ours][stat],
                            "baseline": baseline,
                            "baseline_value": r[f"nx_{key}"][stat],
                        }
                    )
    return out


if __name__ == "__main__":
    main()
