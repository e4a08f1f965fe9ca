"""benchmarks/run.py without a reachable Neo4j: one line says so, the Neo4j rows are left out, the rest runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from tests.conftest import ROOT


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # free once closed: nothing listens there


def test_no_neo4j_is_one_line_and_the_other_rows_still_print(tmp_path):
    env = {**os.environ, "NEO4J_URI": f"bolt://127.0.0.1:{closed_port()}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--size", "300", "--repeat", "1", "--only", "paths", "neo4j_load"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    told = [line for line in done.stderr.splitlines() if not line.startswith("running ")]
    assert len(told) == 1 and told[0].startswith("run.py: no Neo4j (cannot reach Neo4j at bolt://127.0.0.1:"), told
    assert "running neo4j_load" not in done.stderr
    assert "paths to market embedded median" in done.stdout
    assert "neo4j" not in done.stdout.lower().replace("bolt", "")  # no Neo4j rows, not even empty ones
