"""The endpoint answers as any SPARQL store would: over real HTTP on a loopback port, and in ``kg sparql``.

A triple stated by several sources is one triple of the default graph;
updates see the default graph queries see; the Graph Store Protocol gives
back exactly what was written; formats peers negotiate are offered; a
missing token is challenged; and a burst of clients is served whole.
"""

from __future__ import annotations

import json
import threading
from urllib.parse import quote, urlencode

import pytest

from kg.pipeline import load
from kg.server import Settings, running
from kg.stores.oxigraph import OxigraphStore
from tests.conftest import EXAMPLES
from tests.kg.test_server import TOKEN
from tests.kg.test_server_http import send

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?c a kgo:Company }"
DISTINCT = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a kgo:Company } }"
STATED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a kgo:Company } }"


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """The examples loaded into an embedded store; a pristine copy for each writing test."""
    folder = tmp_path_factory.mktemp("sets") / "kg"
    with OxigraphStore(folder) as store:
        assert not load(store, [EXAMPLES]).failed
    return folder


def writable(examples, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(examples, copy, ignore=shutil.ignore_patterns("LOCK"))
    return OxigraphStore(copy)


def number(url: str, query: str, **params: str) -> int:
    status, _, body = send(
        url, "GET", "/sparql?" + urlencode({"query": query, **params}), Accept="application/sparql-results+json"
    )
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def post_update(url: str, text: str, params: str = "", **headers: str):
    return send(url, "POST", "/sparql" + params, text, Content_Type="application/sparql-update", **headers)


AUTH = {"Authorization": f"Bearer {TOKEN}"}
WRITES = Settings(timeout=10, workers=1, allow_update=True, token=TOKEN)


# --- set semantics ---------------------------------------------------------------------------------------


def test_a_company_stated_by_several_sources_is_counted_once(examples, invoke, data_dir):
    with OxigraphStore(examples) as store, running(store, Settings(timeout=10, workers=1)) as url:
        companies, stated = number(url, DISTINCT), number(url, STATED)
        assert stated > companies > 0  # several sources state the same companies: provenance stays
        assert number(url, COUNT) == companies
        # a query naming the sources' graphs itself still gets every statement
        assert number(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a kgo:Company } }") == stated
    assert invoke("load", str(EXAMPLES)).exit_code == 0
    result = invoke("sparql", "--format", "json", COUNT)
    assert int(json.loads(result.output)["results"]["bindings"][0]["n"]["value"]) == companies


def test_removing_one_source_keeps_triples_another_states(examples, tmp_path):
    with writable(examples, tmp_path) as store:
        sources = sorted(store.sources().values(), key=lambda s: s.path)
        before = store.select(COUNT)[0]["n"]
        for source in sources[:-1]:
            store.remove_source(source.graph)
        left = store.select(
            f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH <{sources[-1].graph}> {{ ?c a kgo:Company }} }}"
        )[0]["n"]
        assert store.select(COUNT)[0]["n"] == left <= before
        store.remove_source(sources[-1].graph)
        assert store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"] == 0


def test_a_folder_loaded_without_the_default_graph_gets_it_on_opening(examples, tmp_path):
    with writable(examples, tmp_path) as store:
        companies = store.select(COUNT)[0]["n"]
        store.ox.update("CLEAR DEFAULT")
        assert store.select(COUNT)[0]["n"] == 0
    with OxigraphStore(tmp_path / "copy") as reopened:
        assert reopened.select(COUNT)[0]["n"] == companies


def test_a_large_source_is_in_the_default_graph_once_each_triple(tmp_path):
    """A source past the bulk threshold is written by the bulk loader, its default-graph copy on a second
    thread; the default graph must then hold exactly the distinct triples of the named graphs."""
    from kg.stores.oxigraph import BULK_THRESHOLD

    big, small = tmp_path / "big.jsonl", tmp_path / "small.jsonl"
    big.write_text(
        "".join(
            json.dumps({"s": f"Company {i}", "p": "expandsInto", "o": ["Germany", "Japan"][i % 2], "date": "2025"})
            + "\n"
            for i in range(600)
        ),
        encoding="utf-8",
    )
    small.write_text(
        "".join(json.dumps({"s": f"Company {i}", "p": "expandsInto", "o": "Germany"}) + "\n" for i in range(0, 20, 2)),
        encoding="utf-8",
    )
    with OxigraphStore(tmp_path / "kg") as store:
        assert not load(store, [big, small]).failed
        graph = store.sources()[str(big.resolve())].graph
        in_big = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0]["n"]
        assert in_big >= BULK_THRESHOLD
        distinct = store.select(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
        )[0]["n"]
        assert store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"] == distinct
        missing = store.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ ?s ?p ?o }} }}"
        )[0]["n"]
        assert missing == 0


# --- updates ---------------------------------------------------------------------------------------------


def test_an_update_sees_the_default_graph_queries_see(examples, tmp_path):
    with writable(examples, tmp_path) as store, running(store, WRITES) as url:
        companies = number(url, COUNT)
        status, _, body = post_update(url, 'INSERT { ?c kgo:note "seen" } WHERE { ?c a kgo:Company }', **AUTH)
        assert status == 204, body
        assert number(url, 'SELECT (COUNT(*) AS ?n) WHERE { ?c kgo:note "seen" }') == companies


def test_using_graph_uri_and_using_named_graph_uri(examples, tmp_path):
    with OxigraphStore(examples) as store:
        source = sorted(store.sources().values(), key=lambda s: s.path)[0].graph
    with writable(examples, tmp_path) as store, running(store, WRITES) as url:
        in_source = number(
            url, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH <{source}> {{ ?c a kgo:Company }} }}"
        )
        update = 'INSERT { GRAPH <https://example.org/marks> { ?c kgo:note "used" } } WHERE { ?c a kgo:Company }'
        status, _, body = post_update(url, update, "?" + urlencode({"using-graph-uri": source}), **AUTH)
        assert status == 204, body
        marks = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://example.org/marks> { ?c kgo:note "used" } }'
        assert number(url, marks) == in_source
        named = (
            'INSERT { GRAPH <https://example.org/named> { ?c kgo:note "named" } } '
            "WHERE { GRAPH ?g { ?c a kgo:Company } }"
        )
        status, _, _ = post_update(url, named, "?" + urlencode({"using-named-graph-uri": source}), **AUTH)
        assert status == 204
        assert number(url, 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c kgo:note "named" } }') == in_source
        own = "DELETE { ?s ?p ?o } USING <https://example.org/marks> WHERE { ?s ?p ?o }"
        status, _, body = post_update(url, own, "?" + urlencode({"using-graph-uri": source}), **AUTH)
        assert status == 400 and b"USING" in body


# --- negotiation, auth and the row cap -------------------------------------------------------------------


def test_text_plain_select_and_n_quads_construct(examples):
    with OxigraphStore(examples) as store, running(store, Settings(timeout=10, workers=1)) as url:
        status, headers, body = send(url, "GET", "/sparql?" + urlencode({"query": COUNT}), Accept="text/plain")
        assert status == 200 and body.decode().splitlines()[0] == "?n"
        construct = "CONSTRUCT { ?c a kgo:Company } WHERE { ?c a kgo:Company }"
        status, headers, body = send(
            url, "GET", "/sparql?" + urlencode({"query": construct}), Accept="application/n-quads"
        )
        assert status == 200 and headers["content-type"].startswith("application/n-quads")
        assert len(body.decode().splitlines()) == number(url, COUNT)


def test_a_missing_token_is_challenged_and_a_wrong_one_refused(examples, tmp_path):
    with writable(examples, tmp_path) as store, running(store, WRITES) as url:
        status, headers, _ = post_update(url, "INSERT DATA { <https://e/a> <https://e/b> 1 }")
        assert status == 401 and headers["www-authenticate"].startswith("Bearer")
        status, _, _ = post_update(url, "INSERT DATA { <https://e/a> <https://e/b> 1 }", Authorization="Bearer no")
        assert status == 403


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_an_answer_cut_at_the_row_cap_says_so_in_its_head(examples, accept):
    from kg.server.results import TRUNCATED

    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    with OxigraphStore(examples) as store, running(store, Settings(timeout=10, workers=1, max_rows=5)) as url:
        status, headers, body = send(url, "GET", "/sparql?" + urlencode({"query": query}), Accept=accept)
        assert status == 200 and headers["x-sparql-maxrows"] == "5"
        if "json" in accept:
            answer = json.loads(body)
            assert answer["head"]["link"] == [TRUNCATED] and len(answer["results"]["bindings"]) == 5
        else:
            assert f'<link href="{TRUNCATED}"/>' in body.decode() and body.decode().count("<result>") == 5
        whole = "SELECT ?c WHERE { ?c a kgo:Company } LIMIT 5"
        status, headers, body = send(url, "GET", "/sparql?" + urlencode({"query": whole}), Accept=accept)
        assert "x-sparql-maxrows" not in headers and TRUNCATED not in body.decode()


# --- Graph Store Protocol --------------------------------------------------------------------------------

FOUR = "".join(f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n' for i in range(4))


def graph_path(iri: str) -> str:
    return "/rdf-graphs?graph=" + quote(iri, safe="")


def triples(url: str, path: str) -> set[str]:
    status, _, body = send(url, "GET", path, Accept="application/n-triples")
    assert status == 200, body
    return set(body.decode().splitlines())


def test_a_graph_written_over_http_reads_back_exactly(examples, tmp_path):
    with writable(examples, tmp_path) as store, running(store, WRITES) as url:
        path = graph_path("https://example.org/four")
        status, _, _ = send(url, "PUT", path, FOUR, Content_Type="application/n-triples", **AUTH)
        assert status == 201
        assert triples(url, path) == set(FOUR.splitlines())
        # a source all the same: in the default graph, and described as one elsewhere
        assert number(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/p> ?o }") == 4
        assert number(url, "SELECT (COUNT(*) AS ?n) WHERE { <https://example.org/four> kgo:contentHash ?h }") == 1
        assert send(url, "DELETE", path, **AUTH)[0] == 204
        assert number(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/p> ?o }") == 0


def test_put_post_delete_on_the_default_graph(examples, tmp_path):
    with writable(examples, tmp_path) as store, running(store, WRITES) as url:
        status, _, body = send(url, "PUT", "/rdf-graphs?default", FOUR, Content_Type="application/n-triples", **AUTH)
        assert status == 204, body
        assert triples(url, "/rdf-graphs?default") == set(FOUR.splitlines())
        assert number(url, COUNT) == 0  # replaced: the sources are still in their own graphs
        assert number(url, DISTINCT) > 0
        more = '<https://example.org/t> <https://example.org/p> "5" .\n'
        assert send(url, "POST", "/rdf-graphs?default", more, Content_Type="application/n-triples", **AUTH)[0] == 204
        assert len(triples(url, "/rdf-graphs?default")) == 5
        assert send(url, "DELETE", "/rdf-graphs?default", **AUTH)[0] == 204
        assert triples(url, "/rdf-graphs?default") == set()


def test_post_to_the_graph_store_creates_a_graph_with_a_location(examples, tmp_path):
    with writable(examples, tmp_path) as store, running(store, WRITES) as url:
        status, headers, _ = send(url, "POST", "/rdf-graphs", FOUR, Content_Type="application/n-triples", **AUTH)
        assert status == 201 and headers["location"].startswith(url + "/rdf-graphs/")
        created = headers["location"]
        assert triples(url, graph_path(created)) == set(FOUR.splitlines())
        assert triples(url, created.removeprefix(url)) == set(FOUR.splitlines())  # its own URL names it too


def test_blank_nodes_of_separate_bodies_stay_apart(examples, tmp_path):
    """A blank node label names a node within one document: two POSTs, or two parts of one multipart POST,
    each saying ``_:x`` speak of two nodes."""
    one = '_:x <https://example.org/p> "1" .\n'
    graph = "/rdf-graphs?graph=" + quote("https://example.org/blank", safe="")
    with writable(examples, tmp_path) as store, running(store, WRITES) as url:
        for _ in range(2):
            assert send(url, "POST", graph, one, Content_Type="application/n-triples", **AUTH)[0] in (201, 204)
        form = (
            "".join(
                f'--b0undary\r\nContent-Disposition: form-data; name="f{i}"; filename="f{i}.nt"\r\n'
                f"Content-Type: application/n-triples\r\n\r\n{one}\r\n"
                for i in range(2)
            )
            + "--b0undary--\r\n"
        )
        status, _, body = send(url, "POST", graph, form, Content_Type="multipart/form-data; boundary=b0undary", **AUTH)
        assert status == 204, body
        nodes = {line.split(" ", 1)[0] for line in triples(url, graph)}
        assert len(nodes) == 4 and all(n.startswith("_:") for n in nodes)


# --- bursts ----------------------------------------------------------------------------------------------


def test_sixty_four_clients_connecting_at_once_are_all_served(examples):
    import socket
    import time

    ask = "/sparql?" + urlencode({"query": "ASK {}"})
    with OxigraphStore(examples) as store, running(store, Settings(timeout=10, workers=2)) as url:
        host, port = url.removeprefix("http://").split(":")
        assert host == "127.0.0.1"
        start, answers, errors, connects = threading.Barrier(64), [], [], []

        def client() -> None:
            try:
                start.wait(timeout=10)
                began = time.monotonic()
                with socket.create_connection((host, int(port)), timeout=20) as conn:
                    connects.append(time.monotonic() - began)
                    conn.sendall(f"GET {ask} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
                    reply = b""
                    while chunk := conn.recv(65536):
                        reply += chunk
                answers.append(reply.split(b" ", 2)[1])
            except OSError as e:
                errors.append(repr(e))

        threads = [threading.Thread(target=client) for _ in range(64)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors and answers == [b"200"] * 64
        # a connection attempt the listen queue dropped is retried by the kernel after a second
        assert max(connects) < 0.9, sorted(connects)[-5:]


# --- slow queries ----------------------------------------------------------------------------------------

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize("slow_queries", [3, 6])
def test_a_cheap_query_is_answered_while_slow_queries_run(examples, slow_queries):
    import time

    with OxigraphStore(examples) as store, running(store, Settings(timeout=8, workers=2)) as url:
        slow = [
            threading.Thread(target=send, args=(url, "GET", "/sparql?" + urlencode({"query": SLOW})))
            for _ in range(slow_queries)
        ]
        for t in slow:
            t.start()
        time.sleep(2.0)  # every slow query is running, and the pool has stood a worker in for them
        waits = []
        for _ in range(3):
            began = time.monotonic()
            status, _, body = send(url, "GET", "/sparql?" + urlencode({"query": "ASK {}"}))
            waits.append(time.monotonic() - began)
            assert status == 200, body
        for t in slow:
            t.join(timeout=30)
        # before the pool grew, the cheap query queued behind the slow ones until one was stopped (8 s here)
        assert sorted(waits)[1] < 0.1, waits
