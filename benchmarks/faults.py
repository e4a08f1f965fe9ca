"""The long fault runs, bounded in count and time: loads killed, an endpoint under load, fuzzed input.

Three figures, each with what was lost (nothing, or the run fails):

- **killed loads**: ``kg load`` of a folder of synthetic files is killed with
  SIGKILL at a random moment, ``--kills`` times; after each kill every source
  in the store must be whole (as many facts as an undisturbed load gives it),
  and rerunning the load must reach the undisturbed end state.
- **endpoint under load**: ``kg serve`` in its own process on a synthetic graph,
  ``--clients`` client threads in this process sending a SELECT mix (with a
  share of queries far too slow for the timeout) for ``--seconds``; every
  request must be answered (200) or refused cleanly (503 with Retry-After),
  and the server's memory (its process and its workers) must stop growing.
- **fuzzed input**: the hostile-input tests of ``tests/faults/test_fuzz_inputs.py``
  with ``--examples`` examples each, through pytest.
- **killed graph-store PUTs**: a PUT replacing a 20 000-quad graph with
  30 000 quads, its writer killed by a random timeout (0.2 – 8 s); the graph
  must then be exactly the old one or exactly the new one.
- **writer restart**: a write stopped at the timeout while ``kg load`` waits
  for the folder; the load must still be waiting (the server kept the
  folder) and the next write must succeed.
- **killed restores**: ``kg restore`` killed with SIGKILL at a random moment,
  ``--kills`` times, alternating between two backups; the data folder must
  then open and hold exactly the old store or exactly the new one, and the
  next restore must succeed and remove what the killed one left.

Usage: python benchmarks/faults.py [--facts 1e4] [--kills 10] [--clients 32] [--seconds 30] [--examples 500]
       [--rows loads,endpoint,fuzz,puts,writer,restores]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sparql_endpoint import _free_port, build, query_mix, start_server
from synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
#: A four-way cross join: far beyond any sane timeout, so the server must stop it and say so.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


# ---------------------------------------------------------------- killed loads


def _kg(*args: str, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "KG_DATA": str(data), "KG_STORE": "embedded"}
    return subprocess.run(["kg", *args], capture_output=True, text=True, env=env, check=True)


def _facts_per_source(data: Path) -> dict[str, int]:
    query = (
        "SELECT ?path (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g { ?f a kgo:Fact } "
        "?g kgo:sourcePath ?path } GROUP BY ?path"
    )
    rows = json.loads(_kg("sparql", query, "--format", "json", data=data).stdout)["results"]["bindings"]
    return {r["path"]["value"]: int(r["n"]["value"]) for r in rows}


def killed_loads(kills: int, files: int = 6, facts_per_file: int = 2_500, seed: int = 7) -> dict:
    """Kill ``kg load`` ``kills`` times at random moments; count sources found whole, and recoveries."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i in range(files):
            lines = generate(facts_per_file, seed=seed * 100 + i)
            (corpus / f"part-{i}.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
        reference = Path(tmp) / "reference"
        started = time.perf_counter()
        _kg("load", str(corpus), data=reference)
        full_s = time.perf_counter() - started
        expected, expected_stats = _facts_per_source(reference), _kg("stats", "--format", "json", data=reference).stdout
        out = Counter()
        for k in range(kills):
            data = Path(tmp) / f"kg-{k}"
            load = subprocess.Popen(
                ["kg", "load", str(corpus)],
                env={**os.environ, "KG_DATA": str(data)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(rng.uniform(0.5, max(1.0, full_s)))
            finished = load.poll() is not None
            load.send_signal(signal.SIGKILL)
            load.wait()
            out["finished before the kill" if finished else "killed"] += 1
            partial = _facts_per_source(data)
            out["sources whole after a kill"] += sum(partial[p] == expected[p] for p in partial)
            out["sources half-written"] += sum(partial[p] != expected[p] for p in partial)
            _kg("load", str(corpus), data=data)
            recovered = _kg("stats", "--format", "json", data=data).stdout == expected_stats
            out["recovered by a rerun" if recovered else "not recovered"] += 1
    return {"kills": kills, "undisturbed_load_s": full_s, **out}


# ---------------------------------------------------------------- killed restores


def _stats(data: Path) -> str | None:
    """The store's stats, or None when it does not open."""
    env = {**os.environ, "KG_DATA": str(data), "KG_STORE": "embedded"}
    done = subprocess.run(["kg", "stats", "--format", "json"], capture_output=True, text=True, env=env)
    return done.stdout if done.returncode == 0 else None


def killed_restores(kills: int, facts_per_file: int = 2_500, seed: int = 7) -> dict:
    """Kill ``kg restore`` ``kills`` times, switching between a one-file and a four-file backup; count outcomes."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i in range(4):
            lines = generate(facts_per_file, seed=seed * 100 + i)
            (corpus / f"part-{i}.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
        small, large, data = Path(tmp) / "small", Path(tmp) / "large", Path(tmp) / "kg"
        _kg("load", str(corpus / "part-0.jsonl"), data=small)
        _kg("load", str(corpus), data=large)
        backups = {"small": Path(tmp) / "small.tar.gz", "large": Path(tmp) / "large.tar.gz"}
        _kg("backup", str(backups["small"]), data=small)
        _kg("backup", str(backups["large"]), data=large)
        states = {_stats(small): "small", _stats(large): "large"}
        _kg("restore", str(backups["small"]), data=data)
        started = time.perf_counter()
        _kg("restore", str(backups["large"]), data=data)
        restore_s = time.perf_counter() - started
        env = {**os.environ, "KG_DATA": str(data), "KG_STORE": "embedded"}
        out = Counter()
        for _ in range(kills):
            before = states.get(_stats(data))
            target = "small" if before == "large" else "large"
            restore = subprocess.Popen(
                ["kg", "restore", str(backups[target])], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(rng.uniform(0.2, max(0.4, restore_s)))
            finished = restore.poll() is not None
            restore.send_signal(signal.SIGKILL)
            restore.wait()
            out["finished before the kill" if finished else "killed"] += 1
            after = states.get(_stats(data))
            out[
                "old store, whole"
                if after == before
                else "new store, whole"
                if after == target
                else "store torn or not opening"
            ] += 1
            left = list(data.parent.glob(f".{data.name}.kg-restore-*"))
            _kg("restore", str(backups[target]), data=data)
            if left:
                cleaned = not list(data.parent.glob(f".{data.name}.kg-restore-*"))
                out["leftovers removed by the next restore" if cleaned else "leftovers kept"] += 1
    return {"kills": kills, "undisturbed_restore_s": restore_s, **out}


# ---------------------------------------------------------------- the endpoint under load


def _rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (from /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def endpoint_under_load(n_facts: int, clients: int, seconds: float, slow_share: float = 0.05, seed: int = 7) -> dict:
    """Status counts, throughput and memory of ``kg serve`` while ``clients`` threads hammer it."""
    with tempfile.TemporaryDirectory() as tmp:
        import pyoxigraph as ox

        folder, quads = build(Path(tmp), n_facts, seed)
        queries = query_mix(ox.Store.read_only(str(folder)), seed, 2_000)
        port = _free_port()
        server = start_server(folder, port, extra=["--timeout", "2", "--workers", "2"])
        statuses: Counter = Counter()
        lock, stop = threading.Lock(), threading.Event()
        memory: list[tuple[float, int]] = []

        def client(i: int) -> None:
            rng = random.Random(seed + i)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            while not stop.is_set():
                query = SLOW if rng.random() < slow_share else rng.choice(queries)
                try:
                    conn.request(
                        "GET", "/sparql?query=" + quote(query), headers={"Accept": "application/sparql-results+json"}
                    )
                    response = conn.getresponse()
                    response.read()
                    key = str(response.status)
                    if response.status == 503 and not response.getheader("Retry-After"):
                        key = "503 without Retry-After"
                except (OSError, http.client.HTTPException) as e:
                    key = f"connection error ({type(e).__name__})"
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with lock:
                    statuses[key] += 1

        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
        baseline_kb = _rss_kb(server.pid)
        started = time.monotonic()
        for t in threads:
            t.start()
        try:
            while time.monotonic() - started < seconds:
                memory.append((time.monotonic() - started, _rss_kb(server.pid)))
                time.sleep(0.5)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=90)
            alive = server.poll() is None
            server.terminate()
            server.wait(timeout=30)
    third = max(1, len(memory) // 3)
    return {
        "facts": n_facts,
        "quads": quads,
        "clients": clients,
        "seconds": seconds,
        "requests": sum(statuses.values()),
        "statuses": dict(statuses),
        "server_alive": alive,
        "rss_start_mb": baseline_kb / 1024,
        "rss_peak_mb": max(m for _, m in memory) / 1024,
        "rss_first_third_mb": max(m for _, m in memory[:third]) / 1024,
        "rss_last_third_mb": max(m for _, m in memory[-third:]) / 1024,
    }


# ---------------------------------------------------------------- graph-store writes stopped midway


def _graph_size(url: str, graph: str) -> int:
    """The graph's data quads (predicate ex:p), wherever the server keeps its source marker."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s <https://example.org/p> ?o }} }}"
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request("GET", "/sparql?query=" + quote(query))
    return int(json.loads(conn.getresponse().read())["results"]["bindings"][0]["n"]["value"])


def _write(url: str, method: str, path: str, body: str, content_type: str) -> int:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=600)
    conn.request(
        method, path, body=body.encode(), headers={"Content-Type": content_type, "Authorization": "Bearer fault-token"}
    )
    return conn.getresponse().status


def killed_puts(kills: int, old: int = 20_000, new: int = 30_000, seed: int = 11) -> dict:
    """Graph-store PUTs replacing a graph, each stopped (its writer killed) at a random moment by the timeout.

    Afterwards the reopened store must hold exactly the old quads or exactly
    the new ones; a served count that differs from it (readers lagging a write
    the timeout cut after its commit) is reported beside the outcome.
    """
    import pyoxigraph as ox

    from kg.server import Settings, running
    from kg.server.work import marker
    from kg.stores.oxigraph import OxigraphStore

    rng, outcomes = random.Random(seed), Counter()
    target = "https://example.org/replaced"
    body = "".join(f'<https://example.org/new{i}> <https://example.org/p> "{i}" .\n' for i in range(new))
    for _ in range(kills):
        with tempfile.TemporaryDirectory() as work:
            with OxigraphStore(Path(work) / "kg") as store:
                node, p = ox.NamedNode(target), ox.NamedNode("https://example.org/p")
                store.ox.bulk_extend(
                    [
                        ox.Quad(ox.NamedNode(f"https://example.org/old{i}"), p, ox.Literal(str(i)), node)
                        for i in range(old)
                    ]
                    + marker(node, "old")
                )
                timeout = rng.uniform(0.2, 8.0)
                settings = Settings(timeout=timeout, workers=1, allow_update=True, token="fault-token")
                with running(store, settings) as url:
                    status = _write(
                        url, "PUT", "/rdf-graphs?graph=" + quote(target, safe=""), body, "application/n-triples"
                    )
                    served = _graph_size(url, target)
            with OxigraphStore(Path(work) / "kg") as reopened:  # what a restart finds, not what a reader last saw
                size = len(
                    list(
                        reopened.ox.quads_for_pattern(
                            None, ox.NamedNode("https://example.org/p"), None, ox.NamedNode(target)
                        )
                    )
                )
            if served != size:  # whole either way, but the readers lag the store: reported, not counted as lost
                outcomes[f"served size differed from the stored one (served {served}, stored {size})"] += 1
            outcome = {old: "old graph whole", new: "new graph whole"}.get(size, f"torn: {size} quads")
            outcomes[f"{status} {outcome}"] += 1
    return dict(outcomes)


def writer_restart_with_a_waiting_load(timeout: float = 1.0) -> dict:
    """A write stopped at the timeout while a kg load waits for the folder: who holds it, do writes resume?"""
    from kg.server import Settings, running
    from kg.stores.oxigraph import OxigraphStore

    slow = (
        "INSERT { <https://example.org/s> <https://example.org/n> ?a } WHERE { GRAPH ?w { ?a ?b ?c } "
        "GRAPH ?x { ?d ?e ?f } GRAPH ?y { ?g ?h ?i } GRAPH ?z { ?j ?k ?l } }"
    )
    with tempfile.TemporaryDirectory() as work:
        data, source = Path(work) / "kg", Path(work) / "facts.jsonl"
        source.write_text('{"s": "Waiting Co", "p": "expandsInto", "o": "France"}\n', encoding="utf-8")
        _kg("load", str(source), data=data)
        settings = Settings(timeout=timeout, workers=1, allow_update=True, token="fault-token")
        with OxigraphStore(data) as store, running(store, settings) as url:
            loader = subprocess.Popen(
                ["kg", "load", str(source)],
                env={**os.environ, "KG_DATA": str(data), "KG_STORE": "embedded", "KG_LOCK_TIMEOUT": "30"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1.0)
            stopped = _write(url, "POST", "/sparql", slow, "application/sparql-update")
            started, status = time.monotonic(), 0
            while status != 204 and time.monotonic() - started < 20:
                status = _write(
                    url,
                    "POST",
                    "/sparql",
                    "INSERT DATA { <https://example.org/t> <p:q> 1 }",
                    "application/sparql-update",
                )
                time.sleep(0.2)
            waiting = loader.poll() is None
            loader.kill()
            loader.wait()
    return {
        "stopped_write": stopped,
        "next_write": status,
        "seconds_to_next_write": time.monotonic() - started,
        "load_still_waiting_for_the_folder": waiting,
    }


# ---------------------------------------------------------------- fuzzed input


def fuzzed(examples: int) -> dict:
    """Run the hostile-input tests with ``examples`` examples each; count tests and examples run."""
    env = {**os.environ, "KG_FUZZ_EXAMPLES": str(examples)}
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--hypothesis-show-statistics",
            "tests/faults/test_fuzz_inputs.py",
            "tests/faults/test_fuzz_sparql_guard.py",
            "tests/faults/test_fuzz_http_head.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    counts = re.findall(r"- (\d+) passing, (\d+) failing", done.stdout)
    passing, failing = sum(int(p) for p, _ in counts), sum(int(f) for _, f in counts)
    summary = re.findall(r"(\d+) (passed|failed)", done.stdout)
    return {
        "examples_per_test": examples,
        "inputs_passed": passing,
        "inputs_failed": failing,
        "tests": {state: int(n) for n, state in summary},
        "seconds": time.perf_counter() - started,
        "ok": done.returncode == 0,
    }


ROWS = ("loads", "endpoint", "fuzz", "puts", "writer", "restores")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", default="1e4", help="facts in the served graph")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--examples", type=int, default=500)
    parser.add_argument(
        "--rows", default=",".join(ROWS), help=f"comma-separated rows to run, of {', '.join(ROWS)} (default: all)"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = [r.strip() for r in args.rows.split(",") if r.strip()]
    if unknown := set(rows) - set(ROWS):
        parser.error(f"unknown rows: {', '.join(sorted(unknown))}; known: {', '.join(ROWS)}")
    runs = {
        "loads": ("killed_loads", lambda: killed_loads(args.kills)),
        "endpoint": ("endpoint", lambda: endpoint_under_load(int(float(args.facts)), args.clients, args.seconds)),
        "fuzz": ("fuzz", lambda: fuzzed(args.examples)),
        "puts": ("killed_puts", lambda: killed_puts(max(args.kills // 2, 1))),
        "writer": ("writer_restart", writer_restart_with_a_waiting_load),
        "restores": ("killed_restores", lambda: killed_restores(args.kills)),
    }
    results = {}
    for row in ROWS:
        if row in rows:
            key, run = runs[row]
            results[key] = run()
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    kills, endpoint, fuzz = results.get("killed_loads", {}), results.get("endpoint"), results.get("fuzz")
    writer, restores = results.get("writer_restart"), results.get("killed_restores", {})
    lost = (
        kills.get("sources half-written", 0)
        or kills.get("not recovered", 0)
        or (endpoint is not None and (not endpoint["server_alive"] or set(endpoint["statuses"]) - {"200", "503"}))
        or (fuzz is not None and not fuzz["ok"])
        or any("torn" in k for k in results.get("killed_puts", {}))
        or (writer is not None and (writer["next_write"] != 204 or not writer["load_still_waiting_for_the_folder"]))
        or restores.get("store torn or not opening", 0)
        or restores.get("leftovers kept", 0)
    )
    print("nothing lost" if not lost else "SOMETHING WAS LOST: see above")
    if lost:
        sys.exit(1)
    return results


if __name__ == "__main__":
    main()
