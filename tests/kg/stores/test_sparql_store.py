"""The SPARQL store on the Fuseki the tests start: the same answers as the embedded store, sources written whole
or not at all (even cut short), the sources read back by a fresh process, requests only to the configured URLs."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import cli
from kg.errors import StoreError
from kg.pipeline import content_hash, load, read_records
from kg.rdf import GraphBuilder, QuadSpool
from kg.resolve import Resolver
from kg.stores import sparql
from kg.stores.oxigraph import OxigraphStore
from kg.stores.sparql import SparqlStore
from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.fuseki

LOADED_AT = "2026-01-01T00:00:00Z"
#: Formats of every kind: RDF with and without the named graphs, a property graph, one row per fact.
EXPORTS = ("nquads", "turtle", "graphml", "csv", "factlines")


@dataclass(frozen=True)
class Embedded:
    """The examples in an embedded store's data folder, and the sources it holds."""

    folder: Path
    sources: frozenset[str]


def load_examples(store) -> None:
    """The examples, loaded at a fixed time (so every store holds the same quads)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kg.pipeline._now", lambda: LOADED_AT)
        assert not load(store, [EXAMPLES]).failed


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> Embedded:
    folder = tmp_path_factory.mktemp("embedded") / "kg"
    with OxigraphStore(folder) as store:
        load_examples(store)
        return Embedded(folder, frozenset(store.sources()))


@pytest.fixture
def examples(fuseki_url, embedded) -> SparqlStore:
    """The examples in Fuseki, loaded through the store (again only when another test changed the dataset)."""
    store = SparqlStore(fuseki_url)
    if store.sources().keys() != embedded.sources:
        store.client.update(b"DROP ALL")
        load_examples(store)
    return store


def kg(runner, *args: str, store: str, data: Path | None = None) -> str:
    """Run a kg command on one store; its output (the command must succeed)."""
    env = {"KG_STORE": store, "KG_DATA": str(data or "")}
    result = runner.invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_stats_paths_and_exports_are_the_embedded_stores(examples, embedded, runner):
    ours, theirs = {"store": "embedded", "data": embedded.folder}, {"store": f"sparql+{examples.endpoints.dataset}"}
    for command in (
        ("stats", "--format", "json"),
        ("paths", "Ecovacs", "--format", "json"),
        ("paths", "Ecovacs", "Middle East"),
        ("market", "Germany", "--format", "json"),
        *(("export", "--format", fmt) for fmt in EXPORTS),
    ):
        assert kg(runner, *command, **theirs) == kg(runner, *command, **ours), command


def test_kg_serve_publishes_what_the_store_holds(examples, embedded, runner):
    query = "SELECT ?path (COUNT(DISTINCT ?f) AS ?facts) WHERE { GRAPH ?g { ?g kgo:sourcePath ?path . ?f a kgo:Fact } }"
    path = "/sparql?" + urllib.parse.urlencode({"query": f"{query} GROUP BY ?path ORDER BY ?path"})
    served = kg(runner, "serve", "--get", path, store=f"sparql+{examples.endpoints.dataset}")
    assert "ecovacs.jsonl" in served
    assert served == kg(runner, "serve", "--get", path, store="embedded", data=embedded.folder)


def test_a_fresh_process_sees_what_is_loaded(examples):
    env = {**os.environ, "KG_STORE": f"sparql+{examples.endpoints.dataset}"}
    command = [sys.executable, "-c", "import sys; from kg.cli import cli; sys.argv[0] = 'kg'; cli()"]
    stats = subprocess.run([*command, "stats", "--format", "json"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert json.loads(stats.stdout)["sources"] == 7, stats.stderr
    again = subprocess.run(
        [*command, "load", str(EXAMPLES / "factsheets" / "ecovacs.jsonl")], capture_output=True, text=True, env=env
    )
    assert again.returncode == 0 and again.stdout.startswith("unchanged"), again.stdout + again.stderr


def built(store, path):
    """A source's graph and quads, resolved against what the store knows."""
    resolver = Resolver.from_known(store.known_entities())
    return GraphBuilder(str(path.resolve()), content_hash(path), resolver, LOADED_AT).build(read_records(path))


def graph_of(store: SparqlStore, graph: str) -> list[str]:
    return sorted(str(q) for q in store.quads() if q.graph_name.value == graph)


A = '{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco"}\n{"s": "Ecovacs", "p": "expandsInto", "o": "Germany"}\n'
B = '{"s": "Ecovacs", "p": "expandsInto", "o": "Japan", "evidence": "Ecovacs opened in Japan."}\n'


def test_a_source_streamed_by_put_is_the_source_sent_in_one_update(sparql_store, write):
    a = built(sparql_store, write("a.jsonl", A))
    sparql_store.replace_source(a.graph, a.quads)
    by_update = (graph_of(sparql_store, a.graph), sparql_store.sources(), sparql_store.stats())
    sparql_store.remove_source(a.graph)
    assert sparql_store.stats()["sources"] == 0 and not sparql_store.sources()
    streamed = SparqlStore(sparql_store.endpoints, put_from=1)
    streamed.replace_source(a.graph, a.quads)
    assert (graph_of(streamed, a.graph), streamed.sources(), streamed.stats()) == by_update


def test_a_source_spooled_to_disk_is_streamed_whole(sparql_store, write, monkeypatch):
    path = write("a.jsonl", A)
    a = built(sparql_store, path)
    sparql_store.replace_source(a.graph, a.quads)
    expected = graph_of(sparql_store, a.graph)
    sparql_store.remove_source(a.graph)
    monkeypatch.setattr(QuadSpool, "spill_at", 3)
    b = built(sparql_store, path)
    assert b.quads.spilled
    sparql_store.replace_source(b.graph, b.quads)
    assert graph_of(sparql_store, b.graph) == expected
    assert list(sparql_store.sources()) == [str(path.resolve())]


@pytest.fixture
def loaded(sparql_store, write):
    """A store holding source a, the same file's next version b (not yet written), and what a looks like."""
    path = write("a.jsonl", A)
    a = built(sparql_store, path)
    sparql_store.replace_source(a.graph, a.quads)
    path.write_text(B, encoding="utf-8")
    b = built(sparql_store, path)
    return sparql_store, a, b, (graph_of(sparql_store, a.graph), sparql_store.sources(), sparql_store.stats())


def test_an_update_refused_mid_way_leaves_the_previous_source_whole(loaded, monkeypatch):
    store, a, b, before = loaded
    whole = sparql.staged_replacement

    def broken(staging, graph, body):  # a bad line between two halves of the new graph
        middle = body.index(b"\n", len(body) // 2) + 1
        return whole(staging, graph, body[:middle] + b"<urn:s> <urn:p> 'unterminated .\n" + body[middle:])

    monkeypatch.setattr(sparql, "staged_replacement", broken)
    with pytest.raises(StoreError, match=r"answered 400"):
        store.replace_source(b.graph, b.quads)
    assert (graph_of(store, a.graph), store.sources(), store.stats()) == before


def send_cut_short(url: str, body: bytes, cut: int) -> None:
    """POST ``body`` to an update endpoint announcing its whole length but sending ``cut`` bytes, then stop
    sending, as a client killed mid-request would; returns once the server has answered."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port)) as connection:
        connection.sendall(
            f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/sparql-update\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body[:cut]
        )
        connection.shutdown(socket.SHUT_WR)
        while connection.recv(4096):
            pass


def test_a_request_cut_short_anywhere_leaves_the_old_source_or_the_new(loaded):
    """Fuseki commits what it parsed of a request whose body ends early: every prefix of a replacement must
    leave one whole version of the source."""
    store, a, b, old = loaded
    staging = ox.NamedNode("urn:kg:staging:cut")
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in b.quads]
    body = sparql.staged_replacement(
        staging, ox.NamedNode(b.graph), ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    )
    moved = body.index(b"MOVE")
    for cut in (len(body) // 3, moved - 1, moved, moved + 8, len(body) - 3):
        send_cut_short(store.endpoints.update, body, cut)
        assert (graph_of(store, a.graph), store.sources(), store.stats()) == old, cut
    send_cut_short(store.endpoints.update, body, len(body))
    assert graph_of(store, b.graph) == sorted(str(q) for q in b.quads) and store.stats()["facts"] == 1


class Interrupted(Exception):
    """Raised by a source's quads part way through, as a crash while writing would stop it."""


class CutShort(list):
    """Quads that give half of themselves, then fail."""

    def __iter__(self):
        items = list.__iter__(self)
        for _ in range(len(self) // 2):
            yield next(items)
        raise Interrupted


def graphs(store: SparqlStore) -> list[str]:
    """Every named graph the dataset holds, sources or not."""
    return sorted(r["g"].value for r in store.client.rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))


@pytest.mark.parametrize("chunk", [sparql.CHUNK, 4], ids=["before-any-chunk", "after-some-chunks"])
def test_a_put_cut_short_leaves_the_previous_source_whole(loaded, monkeypatch, chunk):
    store, a, b, before = loaded
    monkeypatch.setattr(sparql, "CHUNK", chunk)
    streamed = SparqlStore(store.endpoints, put_from=1)
    with pytest.raises(Interrupted):
        streamed.replace_source(b.graph, CutShort(b.quads))
    assert (graph_of(store, a.graph), store.sources(), store.stats()) == before
    assert graphs(store) == [a.graph]  # what reached the staging graph was dropped
    streamed.replace_source(b.graph, b.quads)  # and the next write goes through
    assert store.stats()["facts"] == 1 and graphs(store) == [b.graph]


def test_a_put_whose_chunks_fail_is_refused_whole_by_the_store(sparql_store):
    """Not cut: ended with a line that does not parse, so nothing of it is stored even with no cleanup after it."""
    node = ox.NamedNode("urn:kg:test:abandoned")
    lines = [f"<urn:s{i}> <urn:p> <urn:o> .\n".encode() for i in range(8)]
    with pytest.raises(Interrupted):
        sparql_store.client.put_graph(node.value, CutShort(lines))
    for _ in range(5):  # a cut request's part is committed some 0.1 s after the cut: watch for longer
        assert graphs(sparql_store) == []
        time.sleep(0.1)
    sparql_store.client.put_graph(node.value, lines)  # the same request, whole, is stored
    assert graphs(sparql_store) == [node.value]


def test_a_put_refused_leaves_the_previous_source_whole(loaded):
    store, a, b, before = loaded
    bad = [*b.quads, ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode("urn:g"))]
    streamed = SparqlStore(store.endpoints, put_from=1)
    whole = sparql.ntriples

    def with_a_bad_chunk(graph, quads, found):
        yield from whole(graph, quads, found)
        yield b"<urn:s> <urn:p> 'unterminated .\n"

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sparql, "ntriples", with_a_bad_chunk)
        with pytest.raises(StoreError, match=r"PUT .* answered 400"):
            streamed.replace_source(b.graph, bad)
    assert (graph_of(store, a.graph), store.sources(), store.stats()) == before


def test_a_source_without_its_own_description_is_refused(sparql_store):
    quads = [ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode("urn:g"))]
    with pytest.raises(StoreError, match="source path and content hash"):
        sparql_store.replace_source("urn:g", quads)
    assert sparql_store.is_empty()


# ---------------------------------------------------------------- configuration and errors, without Fuseki


@pytest.mark.parametrize(
    "name", ["load", "remove", "stats", "paths", "timeline", "compare", "market", "export", "serve"]
)
def test_the_commands_that_run_on_it_take_its_url(runner, name):
    assert "--sparql-url" in runner.invoke(cli, [name, "--help"]).output


def test_a_command_of_the_embedded_store_refuses_it_in_one_line(runner, tmp_path):
    assert "--sparql-url" not in runner.invoke(cli, ["sparql", "--help"]).output
    result = runner.invoke(cli, ["sparql", "ASK {}", "--store", "sparql+http://127.0.0.1:1/kg"])
    assert result.exit_code == 3
    assert result.output.startswith("Error: kg sparql does not work with --store sparql: it runs on the embedded")
    assert result.output.count("\n") == 1


def test_an_unreachable_store_is_one_line_and_exit_4(runner, free_port):
    result = runner.invoke(cli, ["stats", "--store", f"sparql+http://127.0.0.1:{free_port}/kg"])
    assert result.exit_code == 4
    assert (
        result.output
        == f"Error: cannot reach the SPARQL store at http://127.0.0.1:{free_port}/kg: Connection refused\n"
    )


@pytest.mark.parametrize(
    "args, env, expected",
    [
        (["--store", "sparql"], {}, "Error: no SPARQL store given: set --sparql-url (or KG_SPARQL_URL)"),
        (["--store", "sparql", "--sparql-url", "file:///etc"], {}, "Error: cannot use SPARQL URL file:///etc: not"),
        (["--store", "sparql+http://"], {}, "Error: cannot use SPARQL URL http://: not an http:// or https:// URL"),
    ],
)
def test_a_bad_configuration_is_one_line(runner, args, env, expected):
    result = runner.invoke(cli, ["stats", *args], env={"KG_SPARQL_URL": "", **env})
    assert result.exit_code == 4 and result.output.startswith(expected) and result.output.count("\n") == 1


@pytest.fixture
def free_port() -> int:
    from kg.fuseki.local import free_port

    return free_port()


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request with ``answer`` (status, headers) and keeps each request's path and credentials."""

    answer: tuple[int, dict[str, str]] = (200, {})
    seen: list[tuple[str, str | None]]

    def do_POST(self) -> None:  # the name http.server calls
        self.seen.append((self.path, self.headers.get("Authorization")))
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, headers = self.answer
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    """A loopback HTTP server answering as its handler says; yields (base URL, handler class)."""
    handler = type("Handler", (Recorder,), {"seen": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    httpd.shutdown()
    httpd.server_close()


def test_a_redirect_is_reported_never_followed(server):
    here, handler = server
    handler.answer = (307, {"Location": f"{here}/elsewhere/query"})
    with pytest.raises(StoreError, match=rf"a redirect to {here}/elsewhere/query; kg follows no redirect"):
        SparqlStore(f"{here}/kg").stats()
    assert handler.seen == [("/kg/query", None)]


def test_credentials_in_the_url_are_sent_and_masked(server):
    here, handler = server
    handler.answer = (401, {})
    url = here.replace("http://", "http://kg:s3cret@") + "/kg"
    with pytest.raises(StoreError) as refused:
        SparqlStore(url).stats()
    assert "s3cret" not in str(refused.value) and "kg:***@" in str(refused.value)
    assert "answered 401" in str(refused.value)
    assert handler.seen == [("/kg/query", "Basic a2c6czNjcmV0")]  # base64 of kg:s3cret
