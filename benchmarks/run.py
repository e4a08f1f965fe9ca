"""Every benchmark of the project in one run, each figure beside its baseline.

Usage: python benchmarks/run.py [--size 1e4|1e5|1e6] [--only NAME ...] [--json FILE] [--repeat N]

Each benchmark module exposes ``rows(n_facts, seed) -> list[dict]``; a row is
``{"figure", "value", "unit", "baseline", "baseline_value"}``.  Every size up
to ``--size`` is measured (10^4, 10^5, ...), each ``--repeat`` times; the table
prints the median with its spread, the ratio to the baseline, and how the
figure grew from the previous size, so a cost that grows faster than the work
shows.  The synthetic data is seeded: every run measures the same work.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import count

BENCHMARKS = {
    "embedded_load": "embedded load, triples/s vs pyoxigraph bulk load",
    "neo4j_load": "Neo4j batched load vs one transaction per row and neo4j-admin import",
    "extraction": "extraction words/s vs spaCy's blank tokenizer",
    "paths": "paths latency vs networkx all_simple_paths",
    "sparql_endpoint": "SPARQL endpoint queries/s vs in-process",
    "exports": "export MB/s and peak memory vs reading the triples once",
    "cli_latency": "kg load, then kg paths / market / timeline / compare / entities as processes, first and warm, "
    "vs kg --version and in process",
    "neo4j_export": "one-hop company export from Neo4j, s, vs the same export from the embedded store",
}
#: Runs per figure unless --repeat says otherwise.  The long benchmarks repeat inside: neo4j_load times
#: each load twice and keeps the faster, paths takes 30 queries, sparql_endpoint three rounds, neo4j_export
#: runs each export three times.
DEFAULT_REPEATS = {
    "embedded_load": 3,
    "neo4j_load": 1,
    "extraction": 3,
    "paths": 1,
    "sparql_endpoint": 1,
    "cli_latency": 1,
    "exports": 1,
    "neo4j_export": 1,
}
#: Benchmarks all of whose rows need Neo4j (named so), and those with some Neo4j rows among others.
NEO4J_ONLY, WITH_NEO4J = {name for name in BENCHMARKS if name.startswith("neo4j_")}, {"paths"}


def neo4j_missing() -> str | None:
    """Why no Neo4j answers (the local server, or the one NEO4J_URI names), in one line; None when one does."""
    try:
        from kg.neo4j.local import connection_settings
        from kg.stores.neo4j import Neo4jStore

        Neo4jStore(connection_settings()).close()
    except Exception as e:  # noqa: BLE001 - whatever keeps Neo4j away, the answer is the same: no Neo4j rows
        return " ".join(str(e).split()) or type(e).__name__
    return None


def without_neo4j(names: list[str]) -> list[str]:
    """``names`` runnable now: when no Neo4j answers, one line on stderr says so and its rows are left out."""
    if not (set(names) & (NEO4J_ONLY | WITH_NEO4J)):
        return names
    reason = neo4j_missing()
    if reason is None:
        return names
    print(
        f"run.py: no Neo4j ({reason}); its rows are left out (kg neo4j start runs the project's local server)",
        file=sys.stderr,
        flush=True,
    )
    for name in set(names) & WITH_NEO4J:
        importlib.import_module(name).NO_NEO4J = reason  # so it does not try (and report) again at each size
    return [n for n in names if n not in NEO4J_ONLY]


def measure(name: str, n_facts: int, repeat: int, seed: int = 7) -> list[dict]:
    """Median and spread of each row of one benchmark over ``repeat`` runs."""
    module = importlib.import_module(name)
    runs = [module.rows(n_facts, seed) for _ in range(repeat)]
    merged = []
    for i, row in enumerate(runs[0]):
        values = [run[i]["value"] for run in runs]
        baselines = [run[i].get("baseline_value") for run in runs]
        merged.append(
            {
                **row,
                "value": statistics.median(values),
                "spread": (min(values), max(values)),
                "baseline_value": statistics.median(baselines) if None not in baselines else None,
            }
        )
    return merged


def sizes_up_to(size: int) -> list[int]:
    sizes, n = [], 10_000
    while n <= size:
        sizes.append(n)
        n *= 10
    return sizes or [size]


def _fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def print_table(results: dict) -> None:
    header = (
        f"{'benchmark':<16} {'figure':<42} {'facts':>8} {'median':>12} {'spread':>21} {'baseline':>12} "
        f"{'ratio':>7} {'growth':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, by_size in results.items():
        previous: dict = {}
        for n, rows in by_size.items():
            for row in rows:
                ratio = row["value"] / row["baseline_value"] if row.get("baseline_value") else None
                growth = row["value"] / previous[row["figure"]] if previous.get(row["figure"]) else None
                spread = f"{_fmt(row['spread'][0])}..{_fmt(row['spread'][1])}"
                print(
                    f"{name:<16} {row['figure'] + ' (' + row['unit'] + ')':<42} {n:>8} {_fmt(row['value']):>12} "
                    f"{spread:>21} {_fmt(row.get('baseline_value')):>12} {_fmt(ratio):>7} {_fmt(growth):>7}"
                )
                previous[row["figure"]] = row["value"]
            print(f"{'':<16} baseline: {rows[0]['baseline'] if rows else ''}")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=count, default="1e5", help="largest number of facts (1e4, 1e5, 1e6)")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), help="run only these benchmarks")
    parser.add_argument(
        "--repeat",
        type=count,
        help="runs per figure (median and spread); default: "
        + ", ".join(f"{k} {v}" for k, v in DEFAULT_REPEATS.items()),
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results: dict = {}
    for name in without_neo4j(list(args.only or BENCHMARKS)):
        for n in sizes_up_to(args.size):
            print(f"running {name} at {n:,} facts ...", file=sys.stderr, flush=True)
            results.setdefault(name, {})[n] = measure(name, n, args.repeat or DEFAULT_REPEATS[name])
    print(
        f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}"
    )
    print_table(results)
    print(f"total time: {time.perf_counter() - started:.0f}s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=list), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
