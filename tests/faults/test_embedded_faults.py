"""Crashes, concurrent writers and snapshots on the embedded store: nothing lost, nothing half-written."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.stores.oxigraph import _hold_folder

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import generate

#: Three files: a kill can land before any file is finished, between files, or in the last one.
FILES, FACTS_PER_FILE = 3, 2_500


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(FILES):
        lines = generate(FACTS_PER_FILE, seed=100 + i)
        (folder / f"part-{i}.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict:
    """Facts per source and final stats of an undisturbed load, its data folder (only ever copied), and the
    seconds the load took (to time the kills)."""
    data = tmp_path_factory.mktemp("reference") / "kg"
    started = time.monotonic()
    kg("load", str(corpus), data=data)
    took = time.monotonic() - started
    return {"stats": stats(data), "per_source": facts_per_source(data), "data": data, "took": took}


def kg(*args: str, data: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "KG_DATA": str(data), "KG_STORE": "embedded"}
    return subprocess.run(["kg", *args], capture_output=True, text=True, env=env, check=check)


def stats(data: Path) -> dict:
    return json.loads(kg("stats", "--format", "json", data=data).stdout)


def facts_per_source(data: Path) -> dict[str, int]:
    query = (
        "SELECT ?path (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g { ?f a kgo:Fact } "
        "?g kgo:sourcePath ?path } GROUP BY ?path"
    )
    rows = json.loads(kg("sparql", query, "--format", "json", data=data).stdout)["results"]["bindings"]
    return {r["path"]["value"]: int(r["n"]["value"]) for r in rows}


@pytest.mark.parametrize("seed", range(4))
def test_a_killed_load_keeps_finished_files_whole_and_the_rerun_completes(corpus, reference, tmp_path, seed):
    data = tmp_path / "kg"
    process = subprocess.Popen(
        ["kg", "load", str(corpus)],
        env={**os.environ, "KG_DATA": str(data)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # killed somewhere between a tenth and nine tenths of the way through an undisturbed load
    time.sleep(reference["took"] * random.Random(seed).uniform(0.1, 0.9))
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = facts_per_source(data)
    assert all(partial[path] == reference["per_source"][path] for path in partial), "a source was half-written"
    kg("load", str(corpus), data=data)
    assert stats(data) == reference["stats"]


def test_two_loads_on_one_folder_both_finish_with_every_fact_once(corpus, reference, tmp_path):
    data = tmp_path / "kg"
    env = {**os.environ, "KG_DATA": str(data), "KG_LOCK_TIMEOUT": "300"}
    first = subprocess.Popen(["kg", "load", str(corpus)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    second = subprocess.Popen(["kg", "load", str(corpus)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert first.wait() == 0 and second.wait() == 0
    assert stats(data) == reference["stats"]


def held(folder: Path) -> bool:
    """Whether a kg process holds the data folder: kg's own lock on it cannot be taken at once."""
    if not folder.is_dir():
        return False
    fd = _hold_folder(folder, 0, busy_is_none=True)
    if fd is None:
        return True
    os.close(fd)  # closing the descriptor drops the lock just taken
    return False


def test_a_second_writer_that_cannot_wait_is_refused_cleanly(corpus, tmp_path):
    data = tmp_path / "kg"
    holder = subprocess.Popen(
        ["kg", "load", str(corpus)],
        env={**os.environ, "KG_DATA": str(data)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # the second command runs as soon as the load holds the folder, however long its start takes
    deadline = time.monotonic() + 60
    while holder.poll() is None and not held(data) and time.monotonic() < deadline:
        time.sleep(0.1)
    env = {**os.environ, "KG_DATA": str(data), "KG_LOCK_TIMEOUT": "0"}
    # a writer: a command that only reads opens a held folder read-only beside the load instead
    refused = subprocess.run(["kg", "load", str(corpus / "part-0.jsonl")], capture_output=True, text=True, env=env)
    holder.kill()  # it held the folder while the second command ran; the rest of its load is not what is tested
    holder.wait()
    if refused.returncode == 0:
        pytest.skip("the first load finished before the second command ran")
    assert refused.returncode == 4
    assert refused.stderr.startswith("Error: the data folder") and "in use by another kg process" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_backup_while_open_and_restore(corpus, reference, tmp_path):
    data = tmp_path / "kg"
    shutil.copytree(reference["data"], data)  # the undisturbed load, without loading it again
    kg("backup", str(tmp_path / "snap.tar.gz"), data=data)
    kg("remove", "--source", str(corpus / "part-0.jsonl"), data=data)
    assert stats(data) != reference["stats"]
    kg("restore", str(tmp_path / "snap.tar.gz"), data=data)
    assert stats(data) == reference["stats"]
    again = kg("backup", str(tmp_path / "snap.tar.gz"), data=data, check=False)
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"not a tarball")
    refused = kg("restore", str(bad), data=data, check=False)
    assert refused.returncode == 1 and "not a kg backup" in refused.stderr
    assert stats(data) == reference["stats"]


def _staging_graphs(data: Path) -> int:
    query = (
        'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER STRSTARTS(STR(?g), "urn:kg:staging:") }'
    )
    rows = json.loads(kg("sparql", query, "--format", "json", data=data).stdout)["results"]["bindings"]
    return int(rows[0]["n"]["value"])


def test_a_killed_reload_leaves_the_old_graph_whole(tmp_path):
    """Issue 21: a reload replaces a source's graph in one transaction; killed at any moment, the graph is the old
    one or the one the finished reload gives, whole, and the next open leaves no staging copy behind."""
    source, data = tmp_path / "source.jsonl", tmp_path / "kg"
    versions = ["".join(json.dumps(line) + "\n" for line in generate(n, seed=500 + n)) for n in (750, 1_500)]
    source.write_text(versions[0], encoding="utf-8")
    kg("load", str(source), data=data)
    source.write_text(versions[1], encoding="utf-8")
    started = time.monotonic()
    kg("load", str(source), data=data)  # an undisturbed reload, to time the kills
    took = time.monotonic() - started
    rng = random.Random(21)
    for attempt in range(3):
        before = facts_per_source(data)[str(source)]
        source.write_text(versions[attempt % 2], encoding="utf-8")
        process = subprocess.Popen(
            ["kg", "load", str(source)],
            env={**os.environ, "KG_DATA": str(data)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, max(took, 1.0)))
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed = facts_per_source(data).get(str(source))
        assert _staging_graphs(data) == 0
        kg("load", str(source), data=data)  # finish it: now the graph is the new one
        after = facts_per_source(data)[str(source)]
        assert before != after
        assert killed in (before, after), f"the reloaded source is neither old nor new: {killed} of {before} -> {after}"
