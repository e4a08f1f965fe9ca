"""kg serve and the CLI on one data folder: reads answer beside the server, no log files pile up."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import StoreLocked
from kg.stores.oxigraph import KEEP_INFO_LOGS, OxigraphStore
from tests.conftest import EXAMPLES, ROOT

READS = [
    ["stats", "--format", "json"],
    ["paths", "Ecovacs", "Germany", "--format", "json"],
    ["market", "Germany", "--format", "json"],
    ["sources", "--format", "json"],
    ["entities", "Tineco", "--format", "json"],
    ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "json"],
    ["export", "--format", "ntriples"],
]


def kg(data: Path, *args: str, **env: str):
    return CliRunner().invoke(cli, list(args), env={"KG_DATA": str(data), "KG_STORE": "embedded", **env})


def info_logs(data: Path) -> list[str]:
    return sorted(p.name for p in data.glob("LOG.old.*"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def loaded(tmp_path) -> Path:
    data = tmp_path / "kg-data"
    assert kg(data, "load", str(EXAMPLES / "factsheets")).exit_code == 0
    return data


@contextmanager
def server_on(data: Path):
    """kg serve on the folder, in its own process, until the block ends."""
    port = free_port()
    code = "import sys; sys.argv[0] = 'kg'; from kg.cli import cli; cli()"
    server = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--quiet"],
        env={**os.environ, "KG_DATA": str(data), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "kg serve did not start"
                time.sleep(0.2)
        yield data
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def serving(loaded):
    with server_on(loaded):
        yield loaded


def test_reads_answer_beside_the_server_as_they_do_alone(loaded):
    alone = {" ".join(args): kg(loaded, *args).stdout for args in READS}
    with server_on(loaded):
        for args in READS:
            started = time.monotonic()
            result = kg(loaded, *args, KG_LOCK_TIMEOUT="30")
            assert result.exit_code == 0, (args, result.output)
            assert time.monotonic() - started < 10, f"{args} waited for the server's lock"
            assert result.stdout == alone[" ".join(args)], args


def test_a_load_beside_the_server_says_what_to_do_in_one_line(serving):
    result = kg(serving, "load", str(EXAMPLES / "documents"), KG_LOCK_TIMEOUT="1")
    assert result.exit_code == 4 and result.output.count("\n") == 1
    assert "in use by another kg process" in result.output and "kg serve" in result.output
    assert json.loads(kg(serving, "stats", "--format", "json").stdout)["sources"] == len(
        list((EXAMPLES / "factsheets").iterdir())
    )  # nothing of the refused load landed


def test_no_log_files_pile_up(serving):
    for _ in range(5):
        for args in (["stats"], ["paths", "Ecovacs"]):
            assert kg(serving, *args).exit_code == 0
        kg(serving, "remove", "--source", "nothing.csv", KG_LOCK_TIMEOUT="0.5")  # a writer that waits, and gives up
    assert len(info_logs(serving)) <= KEEP_INFO_LOGS


def test_each_opening_keeps_the_info_logs_few(loaded):
    for _ in range(6):
        assert kg(loaded, "stats").exit_code == 0
        assert kg(loaded, "remove", "--source", "nothing.csv").exit_code == 1
    assert len(info_logs(loaded)) <= KEEP_INFO_LOGS


def test_waiting_on_another_process_lock_writes_no_log_file(loaded):
    """A process holding RocksDB's lock (not kg's): each retry of the opening used to leave a LOG.old file."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('open', flush=True); sys.stdin.read()",
            str(loaded),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        before = info_logs(loaded)
        with pytest.raises(StoreLocked, match="in use by another kg process"):
            OxigraphStore(loaded, lock_timeout=1.5)
        assert info_logs(loaded) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    with OxigraphStore(loaded) as store:  # and once it is gone, the folder opens as ever
        assert store.stats()["sources"] > 0


def test_a_read_only_store_writes_no_projection_cache(serving):
    (serving / "projection.json").unlink(missing_ok=True)
    assert kg(serving, "paths", "Ecovacs").exit_code == 0
    assert not (serving / "projection.json").exists()
    with OxigraphStore(serving, share=True) as store:
        assert store.read_only
