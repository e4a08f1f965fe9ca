"""What a person at the command line waits: the query commands as processes, after a load and warm.

Each command runs as its own process on a store of N synthetic facts, as from a
shell: the interpreter starts, imports what the command needs, opens the data
folder, reads the projection (which ``kg load`` keeps up to date) and answers.
The load itself is timed too, and the first query after it.  Baselines:
``kg --version`` (the interpreter and the CLI starting, nothing opened) and the
same question asked in process with the cache warm (opening the folder, reading
the projection, answering), which is the most a process could save by staying
up.  Wall time is the median of five runs; CPU time is the processes' own (user
+ system), which another load on the machine does not inflate as it does wall
time.

Usage: python benchmarks/cli_latency.py [N ...]   (default: 1e4 1e5)
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
from synthetic import sizes_parser, write_jsonl

ROOT = Path(__file__).resolve().parent.parent
#: The kg command of this checkout, whatever is installed.
KG = "import sys; sys.argv[0] = 'kg'; from kg.cli import cli; cli()"
RUNS = 5


def kg(data: Path, *args: str) -> tuple[float, float]:
    """Wall and CPU seconds of one ``kg`` process."""
    wall, cpu, _ = kg_peak(data, *args)
    return wall, cpu


def kg_peak(data: Path, *args: str) -> tuple[float, float, float]:
    """Wall and CPU seconds and peak resident memory (MB) of one ``kg`` process."""
    env = {
        **os.environ,
        "KG_DATA": str(data),
        "KG_STORE": "embedded",
        "KG_PROGRESS": "never",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", KG, *args], env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own figures, whatever ran before it
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            out.seek(0)
            last = (out.read().decode(errors="replace").strip().splitlines() or ["no message"])[-1]
            raise SystemExit(f"cli_latency: kg {' '.join(args)} failed: {last}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def median_of(data: Path, *args: str) -> tuple[float, float]:
    runs = [kg(data, *args) for _ in range(RUNS)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def question(data: Path) -> tuple[str, str]:
    """The best-connected company and a country it expands into."""
    from kg.stores.oxigraph import OxigraphStore
    from kg.stores.projection import project

    with OxigraphStore(data, share=True) as store:
        graph = project(store)
    companies = sorted(
        (n for n, d in graph.nodes(data=True) if d["type"] == "Company"),
        key=lambda n: -sum(1 for _ in graph.out_edges(n)),
    )
    for company in companies:
        for _, target, d in graph.out_edges(company, data=True):
            if d["relation"] == "expandsInto" and graph.nodes[target]["type"] == "Country":
                return graph.nodes[company]["name"], graph.nodes[target]["name"]
    raise SystemExit("cli_latency: no company of the synthetic graph expands into a country")


def in_process(data: Path, company: str, market: str) -> float:
    """Seconds to open the folder, read the stored projection and answer, inside one running process."""
    from kg.queries.paths import find_paths
    from kg.stores.oxigraph import OxigraphStore

    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        with OxigraphStore(data) as store:
            find_paths(store, company, market)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(n_facts: int, seed: int = 7) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "kg-data"
        facts = write_jsonl(Path(tmp) / "facts.jsonl", n_facts, seed)
        *load, load_peak = kg_peak(data, "load", str(facts))
        first = kg(data, "paths", "Company 000000", "Germany")  # the first query after the load
        company, market = question(data)
        other = "Company 000001" if company != "Company 000001" else "Company 000002"
        return {
            "company": company,
            "market": market,
            "load": load,
            "load_peak_mb": load_peak,
            "input_mb": facts.stat().st_size / 1e6,
            "first": first,
            "paths": median_of(data, "paths", company, market),
            "market_q": median_of(data, "market", market),
            "timeline": median_of(data, "timeline", company),
            "compare": median_of(data, "compare", company, other),
            "entities": median_of(data, "entities", company),
            "version": median_of(data, "--version"),
            "in_process": in_process(data, company, market),
        }


#: The warm commands the rows show, by the key :func:`run` keeps them under.
WARM = (
    ("paths", "kg paths"),
    ("market_q", "kg market"),
    ("timeline", "kg timeline"),
    ("compare", "kg compare"),
    ("entities", "kg entities"),
)


def rows(n_facts: int, seed: int = 7) -> list[dict]:
    """The rows ``benchmarks/run.py`` prints: each command's wall time beside kg --version's."""
    r = run(n_facts, seed)
    version = "kg --version (interpreter and CLI start-up)"
    return [
        {
            "figure": "kg load, wall",
            "unit": "s",
            "value": r["load"][0],
            "baseline": version,
            "baseline_value": r["version"][0],
        },
        {
            "figure": "kg load, peak memory",
            "unit": "MB",
            "value": r["load_peak_mb"],
            "baseline": "the fact file's size",
            "baseline_value": r["input_mb"],
        },
        {
            "figure": "kg paths, first after load",
            "unit": "s",
            "value": r["first"][0],
            "baseline": version,
            "baseline_value": r["version"][0],
        },
        *(
            {
                "figure": f"{name}, warm",
                "unit": "s",
                "value": r[key][0],
                "baseline": version,
                "baseline_value": r["version"][0],
            }
            for key, name in WARM
        ),
        {
            "figure": "kg paths, warm, CPU",
            "unit": "s",
            "value": r["paths"][1],
            "baseline": version + ", CPU",
            "baseline_value": r["version"][1],
        },
        {
            "figure": "kg paths, warm, vs in process",
            "unit": "s",
            "value": r["paths"][0],
            "baseline": "the same question in process: open, stored projection, answer",
            "baseline_value": r["in_process"],
        },
    ]


def main() -> None:
    args = sizes_parser(__doc__, [10_000, 100_000]).parse_args()
    for n in args.sizes:
        r = run(n)
        warm = "; ".join(f"{name} {r[key][0]:.2f} s" for key, name in WARM)
        print(
            f"{n:>9,} facts: kg load {r['load'][0]:.2f} s, peak {r['load_peak_mb']:.0f} MB "
            f"(a {r['input_mb']:.1f} MB file); first kg paths after it {r['first'][0]:.2f} s; "
            f"warm ({r['company']!r}, {r['market']!r}): {warm}; kg paths CPU {r['paths'][1]:.2f} s; "
            f"kg --version {r['version'][0]:.2f} s ({r['version'][1]:.2f} s CPU); in process {r['in_process']:.3f} s"
        )


if __name__ == "__main__":
    main()
