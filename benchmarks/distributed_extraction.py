"""Extraction as a job on Dask distributed: documents/s with 1 and 2 workers beside one process.

The baseline is what ``kg extract`` does, in this process with the extractor warm: read each document,
extract, turn the records into fact lines.  Then the same corpus as ``kg extract-job`` runs it: in this
process (the job's own cost: hashing, writing parts and manifests), and on a local Dask cluster of 1 and
2 worker processes (one thread each), each started and warmed before the clock starts, into a new output
folder; then a rerun over the 2-worker output, which only hashes.  For each: wall seconds, documents/s,
documents per worker-CPU-second (the workers' own CPU time, so other work on a shared machine does not
distort it), how busy the workers were (their CPU time / (workers x wall time): below 1, something else
held the cores), scaling efficiency (rate with N workers / (N x the 1-worker rate)) and the peak resident
memory of each worker.  The documents are the seeded news items of ``extraction.py`` (about 300 words).

Usage: python benchmarks/distributed_extraction.py [N_DOCS] [--workers 1 2] [--seed 7] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(1, str(Path(__file__).resolve().parent))
from synthetic import count


def _peak_mb() -> float:
    """This process's peak resident memory (Linux reports KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _warm() -> bool:
    """Load the extractor's models and tables, as the first document of a job would."""
    from kg.extract import extract
    from kg.model import Document

    extract(Document("warm-up", "0", text="Acme Robotics opened a sales subsidiary in Japan in 2025."))
    return True


def single_process(paths: list[Path]) -> dict:
    """``kg extract``'s work in this process: the baseline."""
    from kg.extract.distributed import fact_line_texts
    from kg.extract.documents import extract_paths

    _warm()
    started, cpu = time.perf_counter(), time.process_time()
    lines = sum(len(fact_line_texts(r.records)) for r in extract_paths(paths))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return _row("single process (kg extract)", len(paths), wall, cpu, 1, [_peak_mb()], lines)


def serial_job(sources: list[str], output: Path) -> dict:
    from kg.extract.distributed import extract_corpus, in_process

    started, cpu = time.perf_counter(), time.process_time()
    report = extract_corpus(sources, output, mapper=in_process)
    _no_failures(report)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return _row("job, in this process", len(sources), wall, cpu, 1, [_peak_mb()], report.lines)


def dask_jobs(sources: list[str], folder: Path, workers: int) -> list[dict]:
    """The job on a fresh local cluster of ``workers`` processes; with more than one, a rerun too."""
    from dask.distributed import Client, LocalCluster

    from kg.extract.distributed import dask_mapper, extract_corpus

    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
        dask_mapper(cluster.scheduler_address) as mapper,
    ):
        client.run(_warm)
        ready = time.perf_counter() - started
        rows = []
        for rerun in (False, True) if workers > 1 else (False,):
            cpu = sum(client.run(time.process_time).values())
            begun = time.perf_counter()
            report = extract_corpus(sources, folder, mapper=mapper)
            _no_failures(report)
            wall = time.perf_counter() - begun
            cpu = sum(client.run(time.process_time).values()) - cpu
            peaks = sorted(v / 1024 for v in client.run(_worker_peak_kb).values())
            label = f"Dask, {workers} worker(s){', rerun' if rerun else ''}"
            rows.append(_row(label, len(sources), wall, cpu, workers, peaks, report.lines))
            rows[-1] |= {"cluster_start_s": round(ready, 1), "extracted": report.extracted}
    return rows


def _client(cluster):
    from dask.distributed import Client

    return Client(cluster)


def _no_failures(report) -> None:
    """A failed document would make the rate a lie (a worker refusing its partitions fails them all at once)."""
    if report.failures:
        raise SystemExit(f"{len(report.failures)} documents failed, the first: {report.failures[0].error}")


def _worker_peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _row(label: str, documents: int, wall: float, cpu: float, workers: int, peaks: list[float], lines: int) -> dict:
    return {
        "run": label,
        "workers": workers,
        "documents": documents,
        "lines": lines,
        "wall_s": round(wall, 2),
        "documents_per_s": round(documents / wall, 1),
        "documents_per_cpu_s": round(documents / cpu, 1) if cpu > 0 else None,
        # the share of the wall time the workers were on a CPU: below 1, the machine, not the job, held them
        "busy": round(cpu / (workers * wall), 2),
        "peak_mb_per_worker": [round(p) for p in peaks],
    }


def run(n_docs: int, workers: list[int], seed: int = 7, folder: Path | None = None) -> list[dict]:
    from extraction import write_corpus

    from kg.extract.distributed import corpus_sources

    with tempfile.TemporaryDirectory() as tmp:
        root = folder or Path(tmp)
        paths = write_corpus(root / "corpus", n_docs, seed)
        sources = corpus_sources(paths)
        rows = [single_process(paths), serial_job(sources, root / "serial")]
        for n in workers:
            rows += dask_jobs(sources, root / f"dask-{n}", n)
    base = next((r for r in rows if r["run"] == "Dask, 1 worker(s)"), None)
    for r in rows:
        if base and r["run"].startswith("Dask") and "rerun" not in r["run"]:
            r["scaling_efficiency"] = round(r["documents_per_s"] / (r["workers"] * base["documents_per_s"]), 2)
    return rows


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'run':<34} {'docs':>6} {'wall s':>8} {'docs/s':>8} {'docs/CPU-s':>10} {'busy':>5} {'eff.':>5}  "
        "peak MB/worker"
    )
    print(header)
    for r in rows:
        efficiency = f"{r['scaling_efficiency']:.2f}" if "scaling_efficiency" in r else ""
        print(
            f"{r['run']:<34} {r['documents']:>6} {r['wall_s']:>8.2f} {r['documents_per_s']:>8.1f} "
            f"{r['documents_per_cpu_s'] or 0:>10.1f} {r['busy']:>5.2f} {efficiency:>5}  "
            f"{', '.join(map(str, r['peak_mb_per_worker']))}"
        )
    print(f"cores {os.cpu_count()}, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_docs", nargs="?", type=count, default=2000, help="documents (default: 2000)")
    parser.add_argument("--workers", type=count, nargs="+", default=[1, 2], help="cluster sizes (default: 1 2)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the corpus and the outputs to this folder and keep them")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args(argv)
    rows = run(args.n_docs, args.workers, args.seed, args.keep)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    main()
