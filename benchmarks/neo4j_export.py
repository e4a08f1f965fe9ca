"""One-hop company export from Neo4j, beside the same export from the embedded store.

For N synthetic facts (in fact sheets of 25,000 lines, as a collection of files
would be), both stores are loaded; then ``kg export --store neo4j --company X
--depth 1 -o out.ttl`` runs as a user runs it, in its own process (start-up
included), for the company with the most facts and for one from the middle of
the long tail; then the export alone, in this process with the store open.  The
baseline is the same command, and the same call, on the embedded store.  The
two files must be the same lines but the sources' load times, so both figures
time the same answer.  Each
command runs three times; the median counts.

Usage: python benchmarks/neo4j_export.py [N ...]   (default: 1e5; needs `kg neo4j start`; empties its database)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import sizes_parser, write_sources

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def _kg(*args: str, data: Path) -> float:
    """Seconds one ``kg`` command takes in its own process, from this checkout's code."""
    env = {**os.environ, "KG_DATA": str(data), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", "from kg.cli import cli; cli()", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"kg {' '.join(args)} failed: {done.stderr.strip()[-2000:]}")
    return seconds


def _without_load_times(path: Path) -> list[str]:
    """An export's lines but the sources' load times, which differ between the two stores' loads."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if "kgo:loadedAt" not in line]


def companies(n_facts: int) -> dict[str, str]:
    """The giant (``Company 000000``, a Zipf-like share of every fact) and a company from the middle of the tail."""
    n_companies = max(3, n_facts // 25)
    return {"giant": "Company 000000", "median": f"Company {n_companies // 2:06d}"}


def run(n_facts: int, seed: int = 7) -> dict:
    """Median seconds of the one-hop export of each company, from Neo4j and from the embedded store."""
    from kg.neo4j.local import connection_settings
    from kg.pipeline import load
    from kg.stores.neo4j import Neo4jStore

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sheets = write_sources(work / "sheets", n_facts, seed)
        data = work / "kg"
        started = time.perf_counter()
        _kg("load", str(sheets), data=data)
        embedded_load = time.perf_counter() - started
        with Neo4jStore(connection_settings()) as store:
            store.clear()
            started = time.perf_counter()
            report = load(store, [sheets])
            neo4j_load = time.perf_counter() - started
            if report.failed:
                raise RuntimeError(f"Neo4j load failed: {report.failed[0].error}")
            facts = store.stats()["facts"]
        out: dict = {
            "facts": n_facts,
            "stored_facts": facts,
            "embedded_load_s": embedded_load,
            "neo4j_load_s": neo4j_load,
            "exports": {},
        }
        for kind, name in companies(n_facts).items():
            files = {s: work / f"{kind}-{s}.ttl" for s in ("neo4j", "embedded")}
            seconds = {
                s: statistics.median(
                    _kg("export", "--store", s, "--company", name, "--depth", "1", "-o", str(files[s]), data=data)
                    for _ in range(RUNS)
                )
                for s in files
            }
            if _without_load_times(files["neo4j"]) != _without_load_times(files["embedded"]):
                raise RuntimeError(f"the two stores export {name}'s neighbourhood differently")
            inside = {s: _in_process(s, name, data, work / f"{kind}-{s}-inside.ttl") for s in files}
            out["exports"][kind] = {
                "company": name,
                "bytes": files["neo4j"].stat().st_size,
                **seconds,
                **{f"{s}_in_process": v for s, v in inside.items()},
            }
    return out


def _in_process(store_name: str, company: str, data: Path, path: Path) -> float:
    """Median seconds of the export alone, the store already open: what is left once Python and the imports
    (the Neo4j driver's take most of a second) are paid."""
    from kg.exports import export
    from kg.exports.subgraph import Filters

    if store_name == "neo4j":
        from kg.neo4j.local import connection_settings
        from kg.stores.neo4j import Neo4jStore

        store = Neo4jStore(connection_settings())
    else:
        from kg.stores.oxigraph import OxigraphStore

        store = OxigraphStore(data)
    try:
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            export(store, "turtle", path, filters=Filters(company, 1, (), (), ()))
            timings.append(time.perf_counter() - started)
    finally:
        store.close()
    return statistics.median(timings)


def main(argv: list[str] | None = None) -> None:
    sizes = sizes_parser(__doc__, [100_000]).parse_args(argv).sizes
    print(
        f"{'facts':>8} {'company':<16} {'bytes':>9} {'neo4j s':>8} {'embedded s':>11} {'ratio':>6}"
        f" {'in process: neo4j s':>20} {'embedded s':>11}"
    )
    for n in sizes:
        r = run(n)
        for e in r["exports"].values():
            print(
                f"{n:>8} {e['company']:<16} {e['bytes']:>9,} {e['neo4j']:>8.2f} {e['embedded']:>11.2f} "
                f"{e['neo4j'] / e['embedded']:>6.2f} {e['neo4j_in_process']:>20.2f} {e['embedded_in_process']:>11.2f}"
            )
        print(
            f"{'':>8} loads: Neo4j {r['neo4j_load_s']:.1f} s, embedded {r['embedded_load_s']:.1f} s "
            f"({r['stored_facts']:,} facts stored)"
        )


def rows(n_facts: int, seed: int = 7) -> list[dict]:
    """The rows of ``benchmarks/run.py``: each company's export, in seconds, beside the embedded store's."""
    r = run(n_facts, seed)
    return [
        row
        for kind, e in r["exports"].items()
        for row in (
            {
                "figure": f"one-hop export, {kind} company",
                "value": e["neo4j"],
                "unit": "s",
                "baseline": "the same kg export --company --depth 1 on the embedded store",
                "baseline_value": e["embedded"],
            },
            {
                "figure": f"one-hop export, {kind} company, in process",
                "value": e["neo4j_in_process"],
                "unit": "s",
                "baseline": "the same kg export --company --depth 1 on the embedded store",
                "baseline_value": e["embedded_in_process"],
            },
        )
    ]


if __name__ == "__main__":
    main()
