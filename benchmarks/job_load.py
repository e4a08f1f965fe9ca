"""A job's partitioned output loaded into each store, beside the same facts loaded as one file.

The corpus is the seeded news items of ``extraction.py``; ``kg extract-job`` (in this process) writes it
as part files, and the same lines are also written into one file.  Then ``kg load`` runs as the user
types it, in a fresh process each time: the parts and the one file into a new embedded data folder, into
the local Neo4j (emptied first; left out when none is reachable) and into a Fuseki the benchmark starts
(left out without Java and Maven).  For each: wall seconds, facts stated per second (the fact lines), and
the ``kg load`` process's peak resident memory.  The parts are one source each: one transaction per
partition on Neo4j, one staged graph each on Fuseki.

Usage: python benchmarks/job_load.py [N_DOCS] [--partitions 8] [--seed 7] [--stores embedded neo4j fuseki]
[--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(1, str(Path(__file__).resolve().parent))
from synthetic import count

STORES = ["embedded", "neo4j", "fuseki"]
#: The in-memory dataset holds every quad on the JVM's heap: the tests' 512 MB is too little for a file of
#: 50,000 fact lines (about 900,000 quads), which the server drops mid-request.
FUSEKI_HEAP = "3g"


def write_job(root: Path, n_docs: int, partitions: int, seed: int) -> tuple[Path, Path, int]:
    """The corpus, the job's output folder and the same lines in one file; returns those and the fact lines."""
    from extraction import write_corpus

    from kg.extract.distributed import corpus_sources, extract_corpus, in_process

    sources = corpus_sources(write_corpus(root / "corpus", n_docs, seed))
    output = root / "parts"
    report = extract_corpus(sources, output, partitions=partitions, mapper=in_process)
    if report.failures:
        raise SystemExit(f"job_load: {len(report.failures)} documents failed, first: {report.failures[0].error}")
    one = root / "one-file.jsonl"
    with one.open("w", encoding="utf-8") as out:
        for part in sorted(output.glob("part-*.jsonl")):
            out.write(part.read_text(encoding="utf-8"))
    facts = sum(1 for line in one.open(encoding="utf-8") if '"p": ' in line)
    return output, one, facts


def kg_load(target: Path, env: dict[str, str], *store: str) -> tuple[float, float, str | None]:
    """Wall seconds, peak resident MB and the error line (None when it loaded) of one ``kg load`` process."""
    started = time.perf_counter()
    command = ["kg", "load", "--quiet", *store, str(target)]
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    failed = os.waitstatus_to_exitcode(status) != 0
    return wall, usage.ru_maxrss / 1024, (errors.strip().splitlines() or ["failed"])[-1] if failed else None


def stores(wanted: list[str]) -> list[tuple[str, object]]:
    """(name, a function giving the --store arguments of an empty store and what stops it) for each store
    of ``wanted`` reachable here."""
    found: list[tuple[str, object]] = []
    for name in wanted:
        try:
            found.append((name, _empty_store(name)))
        except Exception as e:  # noqa: BLE001 - any reason a server is missing leaves its rows out
            print(f"job_load: no {name} ({type(e).__name__}: {e}); its rows are left out", file=sys.stderr)
    return found


def _empty_store(name: str):
    if name == "embedded":
        return lambda: ([], None)
    if name == "neo4j":
        from kg.neo4j.local import connect, connection_settings
        from kg.stores.neo4j import Neo4jStore

        settings = connection_settings()
        connect(settings).close()
        return lambda: (_clear_neo4j(Neo4jStore, settings), None)
    from kg.fuseki import local

    local.resolve_jar(local.default_home())
    return _fresh_fuseki


def _fresh_fuseki() -> tuple[list[str], object]:
    """A Fuseki of its own with an empty dataset in memory (a heap for a million quads), and what stops it."""
    from kg.fuseki import local

    server = local.start(heap=FUSEKI_HEAP)
    return ["--store", f"sparql+{server.url}"], lambda: local.stop(server)


def _clear_neo4j(store_class, settings) -> list[str]:
    store = store_class(settings)
    try:
        store.clear()
    finally:
        store.close()
    return ["--store", "neo4j"]


def run(n_docs: int, partitions: int, seed: int = 7, wanted: list[str] = STORES) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        parts, one, facts = write_job(root, n_docs, partitions, seed)
        n_parts = len(list(parts.glob("part-*.jsonl")))
        for name, empty_store in stores(wanted):
            for label, target in (("one file", one), (f"{n_parts} parts", parts)):
                env = {**os.environ, "KG_DATA": str(root / f"kg-{name}-{len(rows)}")}
                store, stop = empty_store()
                try:
                    wall, peak, error = kg_load(target, env, *store)
                finally:
                    if stop:
                        stop()
                rows.append(
                    {
                        "store": name,
                        "input": label,
                        "facts": facts,
                        "wall_s": round(wall, 1),
                        "facts_per_s": round(facts / wall),
                        "peak_mb": round(peak),
                        "error": error,
                    }
                )
                print(_line(rows[-1]), flush=True)
    return rows


def _line(row: dict) -> str:
    where = f"{row['store']:9} {row['input']:10} {row['facts']:>7} fact lines"
    if row["error"]:
        return f"{where} failed after {row['wall_s']} s: {row['error']}"
    return f"{where} {row['wall_s']:>7} s {row['facts_per_s']:>6} facts/s, peak {row['peak_mb']} MB"


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_docs", nargs="?", type=count, default=2000, help="documents in the corpus (default 2000)")
    parser.add_argument("--partitions", type=count, default=8, help="part files (default 8)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stores", nargs="+", choices=STORES, default=STORES, help="stores to load (default all)")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args(argv)
    rows = run(args.n_docs, args.partitions, args.seed, args.stores)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return rows


if __name__ == "__main__":
    main()
