"""SPARQL endpoint throughput beside the same queries run in-process on the store.

Builds a seeded synthetic graph, starts ``kg serve`` in a subprocess, and
sends a mix of SELECT queries about expansion paths from this process over
loopback (several client threads, each on one keep-alive connection).  The
limit is the same query list run in this process on a read-only handle of
the same folder, serialised to SPARQL JSON by Oxigraph itself: once on one
thread, once on as many threads as the clients (pyoxigraph releases the GIL,
so threads scale).  The ratio compares the endpoint with the faster of the two.

Usage: python benchmarks/sparql_endpoint.py [N_FACTS ...]   (default: 1e5)
"""

from __future__ import annotations

import http.client
import json
import random
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
from synthetic import sizes_parser, write_jsonl  # noqa: E402

from kg.pipeline import load  # noqa: E402
from kg.server.work import PREFIXES  # noqa: E402
from kg.stores.oxigraph import OxigraphStore  # noqa: E402

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


def query_mix(store: ox.Store, seed: int, count: int) -> list[str]:
    """``count`` queries drawn (seeded) from the templates over real companies and countries."""
    def values(query: str) -> list[str]:
        return [row[0].value for row in store.query(query, prefixes=PREFIXES)]

    companies = values("SELECT DISTINCT ?c WHERE { ?c a kgo:Company ; kgo:hasBrand|kgo:expandsInto ?x } ORDER BY ?c")
    countries = values("SELECT DISTINCT ?c WHERE { ?c a kgo:Country } ORDER BY ?c")
    names = values("SELECT DISTINCT ?n WHERE { ?c a kgo:Company ; kgo:name ?n } ORDER BY ?n")
    rng = random.Random(seed)
    templates = list(TEMPLATES.values())
    return [rng.choice(templates).format(company=rng.choice(companies), country=rng.choice(countries),
                                         name=rng.choice(names)) for _ in range(count)]


def in_process(folder: Path, queries: list[str], threads: int) -> tuple[float, list[float]]:
    """Queries per second and latencies (s) of running ``queries`` here, on ``threads`` threads, over the
    store's default graph (each triple once, as the endpoint answers)."""
    store = ox.Store.read_only(str(folder))

    def one(query: str) -> float:
        started = time.perf_counter()
        store.query(query, prefixes=PREFIXES).serialize(
            format=ox.QueryResultsFormat.JSON)
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


def over_http(port: int, queries: list[str], threads: int) -> tuple[float, list[float]]:
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
            sock.sendall(("GET /sparql?query=" + quote(query) + head).encode())
            status, length = answers.readline(), 0
            while (line := answers.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            body = answers.read(length)
            if not status.startswith(b"HTTP/1.1 200 "):
                raise RuntimeError(f"{status.decode().strip()}: {body[:200]!r}")
            return time.perf_counter() - started
        return one

    return _drive(queries, threads, make_runner)


def same_answers(folder: Path, port: int, queries: list[str]) -> bool:
    """Whether the endpoint returns as many rows as the store for each distinct query (a sanity check)."""
    store = ox.Store.read_only(str(folder))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for query in dict.fromkeys(queries[:40]):
        local = len(list(store.query(query, prefixes=PREFIXES)))
        conn.request("GET", "/sparql?query=" + quote(query))
        remote = len(json.loads(conn.getresponse().read())["results"]["bindings"])
        if local != remote:
            return False
    return True


def run(n_facts: int, seed: int = 7) -> dict:
    """Endpoint and in-process queries per second and median latency on an ``n_facts`` graph, and their ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, quads = build(Path(tmp), n_facts, seed)
        queries = query_mix(ox.Store.read_only(str(folder)), seed, QUERIES_PER_ROUND)
        in_process(folder, queries, 1)  # warm the page cache
        one = [in_process(folder, queries, 1) for _ in range(ROUNDS)]
        many = [in_process(folder, queries, CLIENTS) for _ in range(ROUNDS)]
        port = _free_port()
        server = start_server(folder, port)
        try:
            over_http(port, queries, CLIENTS)  # warm the workers
            endpoint = [over_http(port, queries, CLIENTS) for _ in range(ROUNDS)]
            checked = same_answers(folder, port, queries)
        finally:
            server.terminate()
            server.wait(timeout=30)
    best = max((max(one)[0], max(many)[0]))
    return {"facts": n_facts, "quads": quads, "queries": len(queries) * ROUNDS, "clients": CLIENTS,
            "in_process_qps": max(one)[0], "in_process_threads_qps": max(many)[0],
            "in_process_median_ms": 1000 * statistics.median(x for _, lat in one for x in lat),
            "endpoint_qps": max(endpoint)[0],
            "endpoint_median_ms": 1000 * statistics.median(x for _, lat in endpoint for x in lat),
            "ratio": max(endpoint)[0] / best, "same_answers": checked}


def main(argv: list[str] | None = None) -> None:
    sizes = sizes_parser(__doc__, [100_000]).parse_args(argv).sizes
    print(f"{'facts':>8} {'quads':>9} {'in-proc q/s':>11} {f'x{CLIENTS} q/s':>9} {'median ms':>9} "
          f"{'endpoint q/s':>12} {'median ms':>9} {'ratio':>6}")
    for n in sizes:
        r = run(n)
        print(f"{r['facts']:>8} {r['quads']:>9} {r['in_process_qps']:>11.0f} {r['in_process_threads_qps']:>9.0f} "
              f"{r['in_process_median_ms']:>9.2f} {r['endpoint_qps']:>12.0f} {r['endpoint_median_ms']:>9.2f} "
              f"{r['ratio']:>6.2f}" + ("" if r["same_answers"] else "  (answers differ!)"))


def rows(n_facts: int, seed: int = 7) -> list[dict]:
    """The rows ``benchmarks/run.py`` prints: the endpoint beside the same queries in-process."""
    r = run(n_facts, seed)
    limit = max(r["in_process_qps"], r["in_process_threads_qps"])
    return [{"figure": "SPARQL over loopback", "unit": "queries/s", "value": r["endpoint_qps"],
             "baseline": "the same SELECT mix in-process on the store (best of 1 and 4 threads)",
             "baseline_value": limit},
            {"figure": "SPARQL median latency", "unit": "ms", "value": r["endpoint_median_ms"],
             "baseline": "the same SELECT mix in-process on the store", "baseline_value": r["in_process_median_ms"]}]


if __name__ == "__main__":
    main()
