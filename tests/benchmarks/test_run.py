"""Every benchmark at a tiny size, through the one entry point, so none can rot unnoticed.

Figures at this size mean nothing; what is checked is that each benchmark runs
to the end and prints each of its figures beside a baseline.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.neo4j

sys.path.insert(0, str(ROOT / "benchmarks"))
from run import BENCHMARKS  # noqa: E402


def test_every_benchmark_runs_at_a_tiny_size(neo4j_settings, tmp_path: Path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--size", "300", "--repeat", "1", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results) == set(BENCHMARKS)
    for name, by_size in results.items():
        rows = by_size["300"]
        assert rows, name
        for row in rows:
            assert row["value"] > 0 and row["baseline_value"] and row["baseline"], (name, row)
            assert f"{name:<16} {row['figure']}" in done.stdout
    figures = {row["figure"] for rows in results["paths"].values() for row in rows}
    assert {"paths to market neo4j median", "paths all markets embedded p95"} <= figures
