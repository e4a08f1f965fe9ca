"""Neo4j going away in the middle of a load: a clean error, nothing half-written, and a rerun that completes.

The test runs its own scratch server (its own folder and ports, sharing the
resolved jars), so killing it disturbs nobody else.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import neo4j_unavailable, quick_starting_jvm

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import generate

pytestmark = pytest.mark.neo4j


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    from kg.neo4j import local

    shared = local.default_server()
    if not shared.lib_dir.exists():
        neo4j_unavailable(f"no resolved Neo4j jars in {shared.lib_dir}; run kg neo4j start once")
    home = tmp_path_factory.mktemp("neo4j-scratch") / "home"
    home.mkdir(mode=0o700)
    (home / "lib").symlink_to(shared.lib_dir)
    server = local.LocalServer(home, free_port(), free_port())
    with quick_starting_jvm():
        try:
            local.start(server, timeout=180)
        except Exception as e:  # noqa: BLE001 - any failure to start means the environment lacks Neo4j
            neo4j_unavailable(str(e))
        yield server
        local.stop(server)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("neo4j-corpus")
    for i in range(4):
        # big enough that the kill after the first source lands while a later one is being written
        lines = generate(1_000, seed=200 + i)
        (folder / f"part-{i}.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return folder


def env_for(server) -> dict:
    from kg.neo4j.local import read_password

    return {
        **os.environ,
        "KG_STORE": "neo4j",
        "NEO4J_URI": server.uri,
        "NEO4J_USERNAME": "neo4j",
        "NEO4J_PASSWORD": read_password(server),
        "NEO4J_DATABASE": "neo4j",
    }


def neo4j_stats(server) -> dict:
    out = subprocess.run(
        ["kg", "stats", "--format", "json"], env=env_for(server), capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


def embedded_stats(paths, data: Path) -> dict:
    env = {**os.environ, "KG_STORE": "embedded", "KG_DATA": str(data)}
    if paths:
        subprocess.run(["kg", "load", *paths], env=env, capture_output=True, check=True)
    return json.loads(
        subprocess.run(["kg", "stats", "--format", "json"], env=env, capture_output=True, text=True, check=True).stdout
    )


def sources_in(server) -> list[str]:
    from kg.neo4j.local import connection_settings
    from kg.stores.neo4j import Neo4jStore

    settings = connection_settings(
        uri=server.uri, user="neo4j", password=env_for(server)["NEO4J_PASSWORD"], database="neo4j"
    )
    with Neo4jStore(settings) as store:
        return sorted(store.sources())


def test_server_killed_mid_load_then_rerun(scratch, corpus, tmp_path):
    from kg.neo4j import local

    load = subprocess.Popen(
        ["kg", "load", str(corpus)], env=env_for(scratch), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and load.poll() is None and not sources_in(scratch):
        time.sleep(0.3)
    os.kill(local.running_pid(scratch), signal.SIGKILL)
    _, stderr = load.communicate(timeout=300)
    assert load.returncode != 0
    errors = [line for line in stderr.splitlines() if line.strip()]
    assert errors and all(line.startswith("Error: ") for line in errors), stderr
    assert "Traceback" not in stderr and env_for(scratch)["NEO4J_PASSWORD"] not in stderr

    local.start(scratch, timeout=180)
    kept = sources_in(scratch)
    assert neo4j_stats(scratch) == embedded_stats(kept, tmp_path / "kept"), "a source was half-written"

    rerun = subprocess.run(["kg", "load", str(corpus)], env=env_for(scratch), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert neo4j_stats(scratch) == embedded_stats([str(corpus)], tmp_path / "all")


def test_endpoint_answers_503_while_neo4j_is_away_and_recovers(scratch, corpus):
    """``kg serve --store neo4j`` across a server restart: 503 with Retry-After while it is down, then answers."""
    import urllib.error
    import urllib.parse
    import urllib.request

    from kg.neo4j import local
    from kg.neo4j.local import connection_settings
    from kg.server.app import Settings
    from kg.server.serving import running
    from kg.stores.neo4j import Neo4jStore

    def status() -> tuple[int, str]:
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
        try:
            with urllib.request.urlopen(f"{url}/sparql?{query}", timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, f"{e.headers.get('Retry-After')} {e.read().decode('utf-8')}"

    def wait_for(code: int) -> tuple[int, str]:
        deadline = time.monotonic() + 90
        while (seen := status())[0] != code and time.monotonic() < deadline:
            time.sleep(0.3)
        return seen

    env = env_for(scratch)
    settings = connection_settings(uri=scratch.uri, user="neo4j", password=env["NEO4J_PASSWORD"], database="neo4j")
    if not sources_in(scratch):
        subprocess.run(["kg", "load", str(corpus / "part-0.jsonl")], env=env, check=True, capture_output=True)
    with Neo4jStore(settings) as store, running(store, Settings(workers=1), refresh_every=0.2) as url:
        before = status()
        assert before[0] == 200
        os.kill(local.running_pid(scratch), signal.SIGKILL)
        away = wait_for(503)
        assert away[0] == 503 and away[1].startswith("5 ") and "cannot be reached" in away[1], away
        assert env["NEO4J_PASSWORD"] not in away[1]
        local.start(scratch, timeout=180)
        assert wait_for(200) == before
