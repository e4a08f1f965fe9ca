"""scripts/test stops only a Neo4j server it started (issue 22), run with stand-ins for python and kg."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

FAKE_KG = """#!/usr/bin/env bash
echo "kg $*" >> "$CALLS"
if [ "$1 $2" = "neo4j start" ]; then
  printf '{\\n  "uri": "bolt://127.0.0.1:7687",\\n  "started": %s\\n}\\n' "$STARTED"
fi
"""
FAKE_PYTHON = """#!/usr/bin/env bash
echo "python $*" >> "$CALLS"
"""


def run_script(tmp_path: Path, started: str, **env: str) -> list[str]:
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "test", repo / "scripts" / "test")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("kg", FAKE_KG), ("python", FAKE_PYTHON)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    calls = tmp_path / "calls"
    environ = {
        k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "KG_TEST_NO_NEO4J", "CI", "KG_TEST_WORKERS")
    }
    environ.update(PATH=f"{bin_dir}:{environ['PATH']}", CALLS=str(calls), STARTED=started, **env)
    result = subprocess.run([str(repo / "scripts" / "test"), "-q"], env=environ, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return calls.read_text().splitlines()


def test_a_server_that_already_ran_is_left_running(tmp_path):
    calls = run_script(tmp_path, "false")
    assert (
        "kg neo4j start --format json" in calls
        and "python -m pytest -n 2 --dist loadgroup --no-loadscope-reorder -q" in calls
    )
    assert not any(c.startswith("kg neo4j stop") for c in calls)


def test_a_server_this_run_started_is_stopped(tmp_path):
    calls = run_script(tmp_path, "true")
    assert calls[-1] == "kg neo4j stop"


def test_with_neo4j_uri_no_server_is_started_or_stopped(tmp_path):
    calls = run_script(tmp_path, "true", NEO4J_URI="bolt://elsewhere:7687")
    assert not any(c.startswith("kg neo4j") for c in calls)


def test_help_prints_usage_and_runs_nothing(tmp_path):
    result = subprocess.run([str(ROOT / "scripts" / "test"), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "Usage: scripts/test" in result.stdout
