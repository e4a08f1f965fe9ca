"""Export throughput and memory of every format, beside reading the store's quads once.

For N synthetic facts (``benchmarks/synthetic.py``), the graph is loaded once
into an embedded store; then each format is exported in its own process, which
reports its wall time, output size and peak resident memory (``VmHWM``: the
high-water mark of the process's own image; ``ru_maxrss`` would report the
parent's size at the fork).  The ceiling is a
process that only iterates over every quad of the store (no sorting, no
formatting): no export can be faster than reading its input.  Peak memory is
shown beside the reading process's, so a flat difference as N grows means the
export streams.

Usage: python benchmarks/exports.py [N ...]   (default: 1e4 1e5)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import sizes_parser, write_jsonl

CHILD = """
import json, resource, sys, time

def peak_mb():
    try:
        with open("/proc/self/status") as f:
            return int(next(l for l in f if l.startswith("VmHWM:")).split()[1]) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def main(fmt, data, out):
    from kg.stores.oxigraph import OxigraphStore
    store = OxigraphStore(data)
    started = time.perf_counter()
    if fmt == "read":
        count = sum(1 for _ in store.ox.quads_for_pattern(None, None, None, None))
        size = count
    else:
        from kg.exports import export
        export(store, fmt, out)
        size = sum(p.stat().st_size for p in out.iterdir()) if out.is_dir() else out.stat().st_size
    seconds = time.perf_counter() - started
    store.close()
    print(json.dumps({"seconds": seconds, "size": size, "peak_mb": peak_mb()}))

from pathlib import Path
main(sys.argv[1], sys.argv[2], Path(sys.argv[3]))  # the format, the store's folder, the file to write
"""


def _child(fmt: str, data: Path, out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, fmt, str(data), str(out)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _load(work: Path, n_facts: int, seed: int) -> Path:
    """Load the facts in a child process, so that this one stays small."""
    facts = write_jsonl(work / "facts.jsonl", n_facts, seed)
    data = work / "kg"
    subprocess.run(
        [sys.executable, "-c", "from kg.cli import cli; cli()", "load", str(facts)],
        env={**os.environ, "KG_DATA": str(data)},
        capture_output=True,
        check=True,
    )
    return data


def run(n_facts: int, seed: int = 7) -> dict:
    """Seconds, MB, MB/s and peak memory (MB) of every export of ``n_facts`` synthetic facts."""
    from kg.exports import registry

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = _load(work, n_facts, seed)
        _child("read", data, work / "none")  # warm the page cache, as every export after it finds it
        read = _child("read", data, work / "none")
        rows = {
            "read": {
                "seconds": read["seconds"],
                "quads": read["size"],
                "peak_mb": read["peak_mb"],
                "quads_per_s": read["size"] / read["seconds"],
            }
        }
        for entry in registry.entries():
            if entry.name in ("svg", "png", "dot"):
                continue  # pictures refuse graphs this size, by design
            out = work / f"out-{entry.name}{entry.suffixes[0] if entry.suffixes else ''}"
            r = _child(entry.name, data, out)
            rows[entry.name] = {
                "seconds": r["seconds"],
                "mb": r["size"] / 1e6,
                "mb_per_s": r["size"] / 1e6 / r["seconds"],
                "peak_mb": r["peak_mb"],
                "extra_peak_mb": r["peak_mb"] - read["peak_mb"],
            }
    return {"facts": n_facts, "seed": seed, "formats": rows}


def main(argv: list[str] | None = None) -> None:
    sizes = sizes_parser(__doc__, [10_000, 100_000]).parse_args(argv).sizes
    for n in sizes:
        started = time.perf_counter()
        result = run(n)
        read = result["formats"]["read"]
        print(
            f"\n{n:,} facts: reading {read['quads']:,} quads takes {read['seconds']:.2f}s "
            f"({read['quads_per_s']:,.0f} quads/s, peak {read['peak_mb']:.0f} MB)"
        )
        print(f"{'format':<10} {'seconds':>8} {'MB':>8} {'MB/s':>7} {'x read':>7} {'peak MB':>8} {'+MB':>6}")
        for name, r in result["formats"].items():
            if name == "read":
                continue
            print(
                f"{name:<10} {r['seconds']:>8.2f} {r['mb']:>8.1f} {r['mb_per_s']:>7.2f} "
                f"{r['seconds'] / read['seconds']:>7.1f} {r['peak_mb']:>8.0f} {r['extra_peak_mb']:>6.0f}"
            )
        print(f"(whole run {time.perf_counter() - started:.0f}s)")


def rows(n_facts: int, seed: int = 7) -> list[dict]:
    """The rows ``benchmarks/run.py`` prints: each format's MB/s and peak memory beside one read of the quads."""
    r = run(n_facts, seed)["formats"]
    read = r.pop("read")
    out = []
    for name, f in sorted(r.items()):
        out.append(
            {
                "figure": f"export {name}",
                "unit": "MB/s",
                "value": f["mb_per_s"],
                "baseline": "the same MB in the time of one read of every quad (ceiling)",
                "baseline_value": f["mb"] / read["seconds"],
            }
        )
        out.append(
            {
                "figure": f"export {name} peak",
                "unit": "MB",
                "value": f["peak_mb"],
                "baseline": "reading every quad once (peak MB)",
                "baseline_value": read["peak_mb"],
            }
        )
    return out


if __name__ == "__main__":
    main()
