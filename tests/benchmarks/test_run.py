"""Every benchmark at a tiny size, through the one entry point, so none can rot unnoticed.

Figures at this size mean nothing; what is checked is that each benchmark runs
to the end and prints each of its figures beside a baseline.  Each benchmark
runs in a process of its own (``run.py --only NAME``), so the ones that need no
Neo4j run beside the Neo4j tests; that ``run.py`` alone runs every benchmark is
checked apart, in this process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import run
from run import BENCHMARKS, NEO4J_ONLY, WITH_NEO4J


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.neo4j) if n in NEO4J_ONLY | WITH_NEO4J else n for n in BENCHMARKS]
)
def test_every_benchmark_runs_at_a_tiny_size(name, request, tmp_path: Path):
    if name in NEO4J_ONLY | WITH_NEO4J:
        request.getfixturevalue("neo4j_settings")  # skipped (failed under CI=true) without a server
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--size", "300", "--repeat", "1", "--only", name, "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results) == {name}
    rows = results[name]["300"]
    assert rows, name
    for row in rows:
        assert row["value"] > 0 and row["baseline_value"] and row["baseline"], (name, row)
        assert f"{name:<16} {row['figure']}" in done.stdout
    if name == "paths":
        figures = {row["figure"] for row in rows}
        assert {"paths to market neo4j median", "paths all markets embedded p95"} <= figures


def test_run_without_only_runs_every_benchmark(monkeypatch, capsys):
    measured: list[tuple[str, int, int]] = []

    def measure(name: str, n_facts: int, repeat: int) -> list[dict]:
        measured.append((name, n_facts, repeat))
        return [{"figure": f"{name} figure", "unit": "x", "value": 1.0, "spread": (1.0, 1.0), "baseline": "b"}]

    monkeypatch.setattr(run, "measure", measure)
    monkeypatch.setattr(run, "without_neo4j", lambda names: names)
    results = run.main(["--size", "300", "--repeat", "1"])
    assert list(results) == list(BENCHMARKS) and measured == [(name, 300, 1) for name in BENCHMARKS]
    printed = capsys.readouterr().out
    assert all(f"{name:<16} {name} figure" in printed for name in BENCHMARKS)
