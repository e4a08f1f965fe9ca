"""Restores and backups racing real ``kg`` processes, and killed part-way: the store is always whole and opens."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import generate

EXTRA = '{"s": "Restore Probe Ltd", "p": "expandsInto", "o": "Iceland", "via": "subsidiary"}\n'


def env(data: Path, **more: str) -> dict[str, str]:
    return {**os.environ, "KG_DATA": str(data), "KG_STORE": "embedded", **more}


def kg(*args: str, data: Path, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["kg", *args], capture_output=True, text=True, env=env(data), check=check)


def spawn(*args: str, data: Path) -> subprocess.Popen:
    return subprocess.Popen(["kg", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(data))


def stats(data: Path) -> dict:
    return json.loads(kg("stats", "--format", "json", data=data).stdout)


def sources(data: Path) -> set[str]:
    query = "SELECT ?path WHERE { ?g kgo:sourcePath ?path }"
    rows = json.loads(kg("sparql", query, "--format", "json", data=data).stdout)["results"]["bindings"]
    return {r["path"]["value"] for r in rows}


def wait_for(pattern: str, folder: Path, process: subprocess.Popen, timeout: float = 60) -> bool:
    """Poll until a file matching ``pattern`` appears in ``folder``; False if the process ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if list(folder.glob(pattern)):
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.001)
    return False


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> dict:
    """A store of 4 x 2,500 synthetic fact lines, its backup, and its stats and sources."""
    folder = tmp_path_factory.mktemp("restore-snapshot")
    corpus = folder / "corpus"
    corpus.mkdir()
    for i in range(4):
        lines = generate(2_500, seed=300 + i)
        (corpus / f"part-{i}.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    data = folder / "kg"
    kg("load", str(corpus), data=data)
    kg("backup", str(folder / "snap.tar.gz"), data=data)
    return {"backup": folder / "snap.tar.gz", "stats": stats(data), "sources": sources(data), "corpus": corpus}


@pytest.fixture
def changed(snapshot, tmp_path) -> Path:
    """A data folder that differs from the backup (one source only), and a fact file to load meanwhile."""
    data = tmp_path / "kg"
    kg("load", str(snapshot["corpus"] / "part-0.jsonl"), data=data)
    (tmp_path / "extra.jsonl").write_text(EXTRA, encoding="utf-8")
    return data


def test_a_load_during_a_restore_waits_then_loads_into_the_restored_store(snapshot, changed):
    """The restore is paused while it holds the folder; the load must wait for it, not write underneath it."""
    extra = changed.parent / "extra.jsonl"
    restore = spawn("restore", str(snapshot["backup"]), data=changed)
    assert wait_for(".*restore*", changed.parent, restore), "the restore finished before it could be paused"
    os.kill(restore.pid, signal.SIGSTOP)
    try:
        load = spawn("load", str(extra), data=changed)
        time.sleep(3)
        waited = load.poll() is None
    finally:
        os.kill(restore.pid, signal.SIGCONT)
    _, restored_err = restore.communicate(timeout=120)
    load_out, load_err = load.communicate(timeout=120)
    assert waited, f"the load did not wait for the restore: {load_out} {load_err}"
    assert restore.returncode == 0, restored_err
    assert load.returncode == 0 and "facts 1 added" in load_out, load_err
    assert sources(changed) == snapshot["sources"] | {str(extra)}
    assert stats(changed)["sources"] == snapshot["stats"]["sources"] + 1


@pytest.mark.parametrize("delay", [0.3, 0.7])
def test_a_load_started_into_a_restore_never_leaves_a_corrupt_store(snapshot, changed, delay):
    """The timings of the review: whichever gets the folder first, the other goes after it, and nothing is lost."""
    extra = changed.parent / "extra.jsonl"
    restore = spawn("restore", str(snapshot["backup"]), data=changed)
    time.sleep(delay)
    load = spawn("load", str(extra), data=changed)
    ended: dict[str, float] = {}
    while len(ended) < 2:
        for name, process in (("restore", restore), ("load", load)):
            if name not in ended and process.poll() is not None:
                ended[name] = time.monotonic()
        time.sleep(0.005)
    load_out, load_err = load.communicate()
    assert restore.returncode == 0, restore.communicate()[1]
    assert load.returncode == 0 and "facts 1 added" in load_out, load_err
    expected = snapshot["sources"] | ({str(extra)} if ended["load"] > ended["restore"] else set())
    assert sources(changed) == expected
    assert not list(changed.parent.glob(".*restore*"))


@pytest.mark.parametrize("seed", range(3))
def test_a_killed_restore_leaves_a_whole_store_and_the_next_restore_cleans_up(snapshot, changed, seed):
    before = stats(changed)
    restore = spawn("restore", str(snapshot["backup"]), data=changed)
    started = wait_for(".*kg-restore*", changed.parent, restore)
    time.sleep(random.Random(seed).uniform(0, 0.4))
    restore.kill()
    restore.wait()
    assert started or restore.returncode == 0
    assert stats(changed) in (before, snapshot["stats"])  # the old store or the new one, whole, and it opens
    again = kg("restore", str(snapshot["backup"]), data=changed, check=False)
    assert again.returncode == 0, again.stderr
    assert stats(changed) == snapshot["stats"]
    assert not list(changed.parent.glob(".*restore*"))


def test_a_killed_backup_leaves_nothing_the_next_backup_trips_over(snapshot, changed, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "b.tar.gz"
    backup = spawn("backup", str(target), data=changed)
    assert wait_for("*", folder, backup), "the backup finished before it could be killed"
    backup.kill()
    backup.wait()
    again = kg("backup", str(target), data=changed, check=False)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["b.tar.gz"]
    assert kg("restore", str(target), data=changed, check=False).returncode == 0


def test_a_terminated_backup_removes_its_own_files(snapshot, changed, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    backup = spawn("backup", str(folder / "b.tar.gz"), data=changed)
    assert wait_for("*", folder, backup), "the backup finished before it could be stopped"
    backup.terminate()
    backup.wait()
    assert [p.name for p in folder.iterdir()] in ([], ["b.tar.gz"])
