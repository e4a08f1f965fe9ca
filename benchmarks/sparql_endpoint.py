"""SPARQL endpoint throughput beside the same queries run in-process on the store.

Builds a seeded synthetic graph, starts ``kg serve`` in a subprocess, and
sends a mix of SELECT queries about expansion paths from this process over
loopback (several client threads, each on one keep-alive connection).  The
limit is the same query list run in this process on a read-only handle of
the same folder, serialised to SPARQL JSON by Oxigraph itself: once on one
thread, once on as many threads as the clients (pyoxigraph releases the GIL,
so threads scale).  The ratio compares the endpoint with the faster of the two.

Beside it runs Oxigraph's own server (``oxigraph serve-read-only``, from PyPI
``oxigraph``) on an N-Quads export of the same folder (its default graph
included, so both answer the same dataset), driven by the same client, the
rounds interleaved (kg serve, Oxigraph, kg serve, ...) so both see the same
machine.  Every query carries its own PREFIX lines, so both servers read the
same text.  Two more figures for both: how long ``ASK {}`` waits while slow
queries (a cross join stopped by the servers' timeout) hold the workers, and
how 64 clients connecting at once are served.

Usage: python benchmarks/sparql_endpoint.py [N_FACTS ...]   (default: 1e5)
"""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import sizes_parser, write_jsonl

from kg.pipeline import load
from kg.server.work import PREFIXES
from kg.stores.oxigraph import OxigraphStore

CLIENTS = 4
ROUNDS = 3
QUERIES_PER_ROUND = 300
TEMPLATES = {
    "markets a company entered": """SELECT ?market ?date WHERE {{
        ?f rdf:subject <{company}> ; rdf:predicate kgo:expandsInto ; rdf:object ?m .
        ?m kgo:name ?market OPTIONAL {{ ?f kgo:date ?date }} }}""",
    "companies entering a country": """SELECT DISTINCT ?company WHERE {{
        ?c kgo:expandsInto <{country}> ; kgo:name ?company }} LIMIT 100""",
    "channels and their markets": """SELECT DISTINCT ?channel ?market WHERE {{
        <{company}> kgo:sellsThrough ?ch . ?ch kgo:name ?channel .
        OPTIONAL {{ ?f rdf:subject <{company}> ; rdf:predicate kgo:sellsThrough ; rdf:object ?ch ;
                    kgo:market ?mk . ?mk kgo:name ?market }} }}""",
    "via a subsidiary": """SELECT DISTINCT ?via ?market WHERE {{
        <{company}> kgo:hasSubsidiary ?s . ?s kgo:locatedIn ?m . ?s kgo:name ?via . ?m kgo:name ?market }}""",
    "where facts came from": """SELECT ?fact ?source ?line WHERE {{
        ?fact rdf:subject <{company}> ; prov:qualifiedDerivation ?d . ?d prov:entity ?g ; kgo:line ?line .
        GRAPH ?g {{ ?g kgo:sourcePath ?source }} }} LIMIT 50""",
    "figures": """SELECT ?metric ?value ?period WHERE {{
        ?o kgo:subject <{company}> ; kgo:metric ?metric ; kgo:value ?value .
        OPTIONAL {{ ?o kgo:period ?period }} }} ORDER BY ?period""",
    "lookup by name": """SELECT ?e ?type WHERE {{ ?e kgo:name "{name}" ; a ?type }}""",
    "most entered markets": """SELECT ?m (COUNT(*) AS ?n) WHERE {{ ?c kgo:expandsInto ?m }}
        GROUP BY ?m ORDER BY DESC(?n) LIMIT 10""",
}


def build(work: Path, n_facts: int, seed: int) -> tuple[Path, int]:
    """The synthetic graph in ``work/kg``; returns the folder and its quad count."""
    facts = write_jsonl(work / "facts.jsonl", n_facts, seed)
    with OxigraphStore(work / "kg") as store:
        report = load(store, [facts])
        if report.failed:
            raise RuntimeError(report.failed[0].error)
        store.ox.optimize()
        return work / "kg", len(store.ox)


#: Every query carries the prefixes kg serve predeclares, so Oxigraph's server reads the same text.
PROLOGUE = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def query_mix(store: ox.Store, seed: int, count: int) -> list[str]:
    """``count`` queries drawn (seeded) from the templates over real companies and countries."""

    def values(query: str) -> list[str]:
        return [row[0].value for row in store.query(query, prefixes=PREFIXES)]

    companies = values("SELECT DISTINCT ?c WHERE { ?c a kgo:Company ; kgo:hasBrand|kgo:expandsInto ?x } ORDER BY ?c")
    countries = values("SELECT DISTINCT ?c WHERE { ?c a kgo:Country } ORDER BY ?c")
    names = values("SELECT DISTINCT ?n WHERE { ?c a kgo:Company ; kgo:name ?n } ORDER BY ?n")
    rng = random.Random(seed)
    templates = list(TEMPLATES.values())
    return [
        PROLOGUE
        + rng.choice(templates).format(
            company=rng.choice(companies), country=rng.choice(countries), name=rng.choice(names)
        )
        for _ in range(count)
    ]


def in_process(folder: Path, queries: list[str], threads: int) -> tuple[float, list[float]]:
    """Queries per second and latencies (s) of running ``queries`` here, on ``threads`` threads, over the
    store's default graph (each triple once, as the endpoint answers)."""
    store = ox.Store.read_only(str(folder))

    def one(query: str) -> float:
        started = time.perf_counter()
        store.query(query, prefixes=PREFIXES).serialize(format=ox.QueryResultsFormat.JSON)
        return time.perf_counter() - started

    return _drive(queries, threads, lambda: one)


def _drive(queries: list[str], threads: int, make_runner) -> tuple[float, list[float]]:
    """Run ``queries`` split round-robin over ``threads`` threads, each with its own runner."""
    latencies: list[list[float]] = [[] for _ in range(threads)]

    def client(i: int) -> None:
        run = make_runner()
        latencies[i] = [run(q) for q in queries[i::threads]]

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    return len(queries) / elapsed, [x for part in latencies for x in part]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_command() -> list[str]:
    """``kg serve`` once the command is registered; until then the same command, called directly."""
    from kg.cli import COMMANDS

    if "serve" in COMMANDS:
        return [sys.executable, "-c", "from kg.cli import cli; cli()", "serve"]
    return [sys.executable, "-c", "from kg.cli.serve import serve_cmd; serve_cmd()"]


def start_server(folder: Path, port: int, extra: list[str] | None = None) -> subprocess.Popen:
    command = [*_serve_command(), "--data", str(folder), "--port", str(port), "--quiet", *(extra or [])]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"kg serve exited: {server.stderr.read().decode()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/sparql?query=ASK%7B%7D")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("kg serve did not answer within 120 s")


def oxigraph_server(folder: Path, work: Path, port: int, timeout: float) -> subprocess.Popen:
    """Oxigraph's own server on an N-Quads export of ``folder`` (every graph, the default one included)."""
    binary = shutil.which("oxigraph")
    if binary is None:
        raise RuntimeError("the oxigraph command is missing: python -m pip install oxigraph")
    export, location = work / "export.nq", work / "oxigraph"
    ox.Store.read_only(str(folder)).dump(str(export), format=ox.RdfFormat.N_QUADS)
    for step in (
        ["load", "--location", str(location), "--file", str(export)],
        ["optimize", "--location", str(location)],
    ):  # compacted, as build() leaves kg's folder
        subprocess.run([binary, *step], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.unlink(export)
    server = subprocess.Popen(
        [
            binary,
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout-s",
            f"{timeout:g}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _await(server, port, "/query?query=ASK%7B%7D", "oxigraph serve-read-only")
    return server


def _await(server: subprocess.Popen, port: int, path: str, name: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"{name} exited: {server.stderr.read().decode()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"{name} did not answer within 120 s")


def over_http(port: int, queries: list[str], threads: int, path: str = "/sparql") -> tuple[float, list[float]]:
    """Queries per second and latencies (s) of ``queries`` sent to the endpoint on ``threads`` connections.

    A lean load generator, like wrk: each thread keeps one connection, sends
    GET requests and reads each answer by its Content-Length.  The client
    shares the machine's CPUs with the endpoint, and http.client would spend
    about 0.2 ms of them parsing each response.
    """

    def make_runner():
        sock = socket.create_connection(("127.0.0.1", port), timeout=120)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        answers = sock.makefile("rb")
        head = f" HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/sparql-results+json\r\n\r\n"

        def one(query: str) -> float:
            started = time.perf_counter()
            sock.sendall((f"GET {path}?query=" + quote(query) + head).encode())
            status, length, chunked = answers.readline(), 0, False
            while (line := answers.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
                elif name.lower() == b"transfer-encoding":  # Oxigraph's server streams its answers
                    chunked = b"chunked" in value.lower()
            body = _chunks(answers) if chunked else answers.read(length)
            if not status.startswith(b"HTTP/1.1 200 "):
                raise RuntimeError(f"{status.decode().strip()}: {body[:200]!r}")
            return time.perf_counter() - started

        return one

    return _drive(queries, threads, make_runner)


def _chunks(answers) -> bytes:
    """A chunked body (RFC 9112 7.1), read to its last chunk; trailers skipped."""
    body = b""
    while size := int(answers.readline().split(b";")[0], 16):
        body += answers.read(size)
        answers.readline()
    while answers.readline() not in (b"\r\n", b""):
        pass
    return body


def same_answers(folder: Path, port: int, queries: list[str], path: str = "/sparql") -> bool:
    """Whether the endpoint returns as many rows as the store for each distinct query (a sanity check)."""
    store = ox.Store.read_only(str(folder))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for query in dict.fromkeys(queries[:40]):
        local = len(list(store.query(query, prefixes=PREFIXES)))
        conn.request("GET", f"{path}?query=" + quote(query), headers={"Accept": "application/sparql-results+json"})
        remote = len(json.loads(conn.getresponse().read())["results"]["bindings"])
        if local != remote:
            return False
    return True


#: A four-way cross join over every triple: far longer than the timeout, so each holds a worker until stopped.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
#: Both servers' query timeout, in seconds: the slow queries of the starvation figure run until it stops them.
SLOW_TIMEOUT = 4
BURST = 64


def _get(port: int, path: str, query: str, timeout: float = 60) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", f"{path}?query=" + quote(query), headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        conn.close()


def starvation(port: int, path: str, slow_queries: int) -> dict:
    """How long ``ASK {}`` takes while ``slow_queries`` cross joins run: median of five, and the longest."""
    # each slow client gives up as the ASK ones do: a server that overruns its own timeout (Oxigraph's
    # did, at any size) would otherwise hold the run for the client's whole minute
    slow = [threading.Thread(target=_get, args=(port, path, SLOW, SLOW_TIMEOUT + 20)) for _ in range(slow_queries)]
    for t in slow:
        t.start()
    time.sleep(1.0)  # every slow query has reached the server and is running
    waits, failed = [], 0
    for _ in range(5):
        began = time.perf_counter()
        failed += _get(port, path, "ASK {}", timeout=SLOW_TIMEOUT + 20) != 200
        waits.append(time.perf_counter() - began)
        time.sleep(0.1)
    for t in slow:
        t.join()
    return {"median_ms": 1000 * statistics.median(waits), "max_ms": 1000 * max(waits), "failed": failed}


def burst(port: int, path: str, clients: int = BURST) -> dict:
    """``clients`` connections opened at once, each sending ``ASK {}``: median and longest answer, failures."""
    start, waits, failures = threading.Barrier(clients), [], []
    request = f"GET {path}?query=ASK%20%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"

    def client() -> None:
        try:
            start.wait(timeout=30)
            began = time.perf_counter()
            with socket.create_connection(("127.0.0.1", port), timeout=60) as conn:
                conn.sendall(request.encode())
                reply = b""
                while chunk := conn.recv(65536):
                    reply += chunk
            waits.append(time.perf_counter() - began)
            if not reply.startswith(b"HTTP/1.1 200"):
                failures.append(reply[:40])
        except OSError as e:
            failures.append(repr(e))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "median_ms": 1000 * statistics.median(waits) if waits else float("nan"),
        "max_ms": 1000 * max(waits, default=float("nan")),
        "failed": len(failures),
    }


def run(n_facts: int, seed: int = 7) -> dict:
    """Endpoint and in-process queries per second and median latency on an ``n_facts`` graph, and their ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, quads = build(Path(tmp), n_facts, seed)
        queries = query_mix(ox.Store.read_only(str(folder)), seed, QUERIES_PER_ROUND)
        in_process(folder, queries, 1)  # warm the page cache
        one = [in_process(folder, queries, 1) for _ in range(ROUNDS)]
        many = [in_process(folder, queries, CLIENTS) for _ in range(ROUNDS)]
        port, peer_port = _free_port(), _free_port()
        server = start_server(folder, port, ["--timeout", str(SLOW_TIMEOUT)])
        peer = None
        try:
            peer = oxigraph_server(folder, Path(tmp), peer_port, SLOW_TIMEOUT)
            over_http(port, queries, CLIENTS)  # warm the workers and both page caches
            over_http(peer_port, queries, CLIENTS, "/query")
            endpoint, oxigraph = [], []
            for _ in range(ROUNDS):  # interleaved, so a slow spell of the shared machine hits both
                endpoint.append(over_http(port, queries, CLIENTS))
                oxigraph.append(over_http(peer_port, queries, CLIENTS, "/query"))
            checked = same_answers(folder, port, queries)
            peer_checked = same_answers(folder, peer_port, queries, "/query")
            starved = {
                (name, n): starvation(p, path, n)
                for n in (3, 6)
                for name, p, path in (("kg", port, "/sparql"), ("oxigraph", peer_port, "/query"))
            }
            bursts = {
                name: burst(p, path) for name, p, path in (("kg", port, "/sparql"), ("oxigraph", peer_port, "/query"))
            }
        finally:
            for process in (server, peer):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=30)
    best = max((max(one)[0], max(many)[0]))
    return {
        "facts": n_facts,
        "quads": quads,
        "queries": len(queries) * ROUNDS,
        "clients": CLIENTS,
        "in_process_qps": max(one)[0],
        "in_process_threads_qps": max(many)[0],
        "in_process_median_ms": 1000 * statistics.median(x for _, lat in one for x in lat),
        "endpoint_qps": max(endpoint)[0],
        "endpoint_median_ms": 1000 * statistics.median(x for _, lat in endpoint for x in lat),
        "ratio": max(endpoint)[0] / best,
        "same_answers": checked,
        "oxigraph_qps": max(oxigraph)[0],
        "oxigraph_median_ms": 1000 * statistics.median(x for _, lat in oxigraph for x in lat),
        "oxigraph_same_answers": peer_checked,
        "kg_rounds_qps": [r[0] for r in endpoint],
        "oxigraph_rounds_qps": [r[0] for r in oxigraph],
        "starvation": starved,
        "burst": bursts,
    }


def main(argv: list[str] | None = None) -> None:
    sizes = sizes_parser(__doc__, [100_000]).parse_args(argv).sizes
    print(
        f"{'facts':>8} {'quads':>9} {'in-proc q/s':>11} {f'x{CLIENTS} q/s':>9} {'median ms':>9} "
        f"{'endpoint q/s':>12} {'median ms':>9} {'ratio':>6}"
    )
    for n in sizes:
        r = run(n)
        print(
            f"{r['facts']:>8} {r['quads']:>9} {r['in_process_qps']:>11.0f} {r['in_process_threads_qps']:>9.0f} "
            f"{r['in_process_median_ms']:>9.2f} {r['endpoint_qps']:>12.0f} {r['endpoint_median_ms']:>9.2f} "
            f"{r['ratio']:>6.2f}" + ("" if r["same_answers"] else "  (answers differ!)")
        )
        print(f"\n{'':<34} {'kg serve':>14} {'oxigraph':>14} {'kg/oxigraph':>11}")
        print(
            f"{'queries/s (best round)':<34} {r['endpoint_qps']:>14.0f} {r['oxigraph_qps']:>14.0f} "
            f"{r['endpoint_qps'] / r['oxigraph_qps']:>11.2f}"
        )
        print(
            f"{'queries/s (each round)':<34} {' '.join(f'{x:.0f}' for x in r['kg_rounds_qps']):>14} "
            f"{' '.join(f'{x:.0f}' for x in r['oxigraph_rounds_qps']):>14}"
        )
        print(
            f"{'median latency, ms':<34} {r['endpoint_median_ms']:>14.2f} {r['oxigraph_median_ms']:>14.2f} "
            f"{r['endpoint_median_ms'] / r['oxigraph_median_ms']:>11.2f}"
        )
        for n in (3, 6):
            kg, peer = r["starvation"][("kg", n)], r["starvation"][("oxigraph", n)]
            print(f"{f'ASK during {n} slow queries, ms':<34} {_figure(kg):>14} {_figure(peer):>14}")
        kg, peer = r["burst"]["kg"], r["burst"]["oxigraph"]
        print(f"{f'{BURST} clients at once, ms':<34} {_figure(kg):>14} {_figure(peer):>14}")
        if not r["oxigraph_same_answers"]:
            print("(Oxigraph's answers differ in row counts!)")


def _figure(f: dict) -> str:
    """median/longest, and the failures if any."""
    return f"{f['median_ms']:.0f}/{f['max_ms']:.0f}" + (f" {f['failed']}x" if f["failed"] else "")


def rows(n_facts: int, seed: int = 7) -> list[dict]:
    """The rows ``benchmarks/run.py`` prints: the endpoint beside the same queries in-process."""
    r = run(n_facts, seed)
    limit = max(r["in_process_qps"], r["in_process_threads_qps"])
    return [
        {
            "figure": "SPARQL over loopback",
            "unit": "queries/s",
            "value": r["endpoint_qps"],
            "baseline": "the same SELECT mix in-process on the store (best of 1 and 4 threads)",
            "baseline_value": limit,
        },
        {
            "figure": "SPARQL median latency",
            "unit": "ms",
            "value": r["endpoint_median_ms"],
            "baseline": "the same SELECT mix in-process on the store",
            "baseline_value": r["in_process_median_ms"],
        },
        {
            "figure": "SPARQL beside Oxigraph's server",
            "unit": "queries/s",
            "value": r["endpoint_qps"],
            "baseline": "Oxigraph's server on the same export, same client",
            "baseline_value": r["oxigraph_qps"],
        },
        {
            "figure": "SPARQL median latency beside Oxigraph's server",
            "unit": "ms",
            "value": r["endpoint_median_ms"],
            "baseline": "Oxigraph's server on the same export, same client",
            "baseline_value": r["oxigraph_median_ms"],
        },
        *(
            {
                "figure": f"ASK while {n} slow queries run (median)",
                "unit": "ms",
                "value": r["starvation"][("kg", n)]["median_ms"],
                "baseline": "Oxigraph's server",
                "baseline_value": r["starvation"][("oxigraph", n)]["median_ms"],
            }
            for n in (3, 6)
        ),
        {
            "figure": f"{BURST} clients connecting at once (median)",
            "unit": "ms",
            "value": r["burst"]["kg"]["median_ms"],
            "baseline": "Oxigraph's server",
            "baseline_value": r["burst"]["oxigraph"]["median_ms"],
        },
    ]


if __name__ == "__main__":
    main()
