"""The SPARQL endpoint in-process: protocol, content negotiation, datasets, limits, writes, ``--get``.

Everything here goes through :class:`kg.server.app.Endpoint` with the
in-process executor, so it needs no socket and no worker processes;
``test_server_http.py`` runs the same endpoint on a real port.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import Unsupported
from kg.pipeline import load
from kg.queries.guard import Refused, check_query, check_update
from kg.rdf import source_iri
from kg.server import Settings, get, request
from kg.server.dataset import ExportedDataset, dataset_for
from kg.server.formats import GRAPHS, RESULT_WRITERS, RESULTS, negotiate
from kg.server.protocol import Request
from kg.server.results import serialize_within_cap
from kg.stores.oxigraph import OxigraphStore
from tests.kg.stores.bare import BareStore

ECOVACS = """\
{"entity": "Ecovacs", "type": "Company", "aliases": ["Ecovacs Robotics"]}
{"entity": "Tineco", "type": "Brand"}
{"entity": "dealer network", "type": "Channel"}
{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco", "evidence": "Tineco is a sub-brand of Ecovacs."}
{"s": "Ecovacs", "p": "expandsInto", "o": "Germany", "via": "subsidiary", "date": "2019"}
{"s": "Tineco", "p": "sellsThrough", "o": "dealer network", "market": "Middle East"}
{"s": "Tineco", "p": "expandsInto", "o": "Middle East", "via": "dealer network"}
"""
LUMORA = """\
{"entity": "Lumora Robotics", "type": "Company"}
{"s": "Lumora Robotics", "p": "expandsInto", "o": "Japan"}
{"s": "Lumora Robotics", "metric": "revenue", "value": 12000000, "unit": "USD", "period": "2025"}
"""
KGO = "https://w3id.org/expansion-kg/ontology#"
TOKEN = "s3cret-token"
EXPANSIONS = "SELECT ?c ?m WHERE { ?c kgo:expandsInto ?m } ORDER BY ?c ?m"
INDEX = Path(__file__).resolve().parents[2] / "kg" / "server" / "index.html"


@dataclass(frozen=True)
class HandWrittenGraph:
    """The hand-written test graph: the folder tests serve, a never-opened copy to clone, the source graphs."""

    path: Path
    pristine: Path
    graphs: dict[str, str]

    def clone(self, to: Path) -> Path:
        """A private copy to write to; copied from the pristine folder, which no store has open."""
        shutil.copytree(self.pristine, to)
        return to


def build_graph(folder: Path) -> HandWrittenGraph:
    """Load the two hand-written sources into an embedded store under ``folder``."""
    sources = {"ecovacs": folder / "ecovacs-facts.jsonl", "lumora": folder / "lumora-facts.jsonl"}
    sources["ecovacs"].write_text(ECOVACS, encoding="utf-8")
    sources["lumora"].write_text(LUMORA, encoding="utf-8")
    with OxigraphStore(folder / "kg") as store:
        report = load(store, list(sources.values()))
    assert not report.failed, report.failed
    shutil.copytree(folder / "kg", folder / "pristine", ignore=shutil.ignore_patterns("LOCK"))
    return HandWrittenGraph(
        folder / "kg", folder / "pristine", {name: source_iri(str(path.resolve())) for name, path in sources.items()}
    )


@pytest.fixture(scope="module")
def test_graph(tmp_path_factory) -> HandWrittenGraph:
    return build_graph(tmp_path_factory.mktemp("served"))


@pytest.fixture(scope="module")
def served(test_graph):
    """The test graph, opened once for every read-only test in this module."""
    store = OxigraphStore(test_graph.path)
    yield store
    store.close()


@pytest.fixture(scope="module")
def graphs(test_graph) -> dict[str, str]:
    return test_graph.graphs


@pytest.fixture
def writable(test_graph, tmp_path):
    """A private copy of the test graph that a test may write to."""
    store = OxigraphStore(test_graph.clone(tmp_path / "copy"))
    yield store
    store.close()


def call(store, method: str, path: str, *, body: bytes | str = b"", settings: Settings | None = None, **headers: str):
    """One request to the endpoint over ``store``; header names as keyword arguments (``content_type=``)."""
    route, _, query = path.partition("?")
    data = body.encode("utf-8") if isinstance(body, str) else body
    lowered = {k.replace("_", "-").lower(): v for k, v in headers.items()}
    return request(store, Request(method, route, query, lowered, data), settings)


def sparql_get(store, query: str, accept: str | None = None, extra: str = "", **kwargs):
    headers = {"accept": accept} if accept else {}
    return call(store, "GET", f"/sparql?query={quote(query)}{extra}", **headers, **kwargs)


def bindings(response) -> list[dict[str, str]]:
    assert response.status == 200, response.text()
    return [{k: v["value"] for k, v in row.items()} for row in json.loads(response.body)["results"]["bindings"]]


def names(response, var: str) -> list[str]:
    return [row[var].rsplit("/", 1)[-1] for row in bindings(response)]


# --- the query operation ---------------------------------------------------------------------------


def test_get_query_answers_json_over_the_union_of_sources(served):
    response = sparql_get(served, EXPANSIONS)
    assert response.content_type == "application/sparql-results+json"
    assert sorted(names(response, "m")) == ["DE", "JP", "middle-east"]


def test_post_form_and_post_direct_give_the_same_answer_as_get(served):
    by_get = sparql_get(served, EXPANSIONS).body
    form = call(
        served,
        "POST",
        "/sparql",
        body=urlencode({"query": EXPANSIONS}),
        content_type="application/x-www-form-urlencoded",
    )
    direct = call(served, "POST", "/sparql", body=EXPANSIONS, content_type="application/sparql-query")
    assert form.body == by_get and direct.body == by_get


def test_project_prefixes_are_predeclared(served):
    assert bindings(sparql_get(served, "SELECT ?n WHERE { ?c a kgo:Company ; kgo:name ?n } ORDER BY ?n")) == [
        {"n": "Ecovacs"},
        {"n": "Lumora Robotics"},
    ]


@pytest.mark.parametrize(
    "accept, media_type",
    [
        (None, "application/sparql-results+json"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_content_negotiation(served, accept, media_type):
    response = sparql_get(served, EXPANSIONS, accept)
    assert response.status == 200 and response.content_type.split(";")[0] == media_type
    assert response.headers["Vary"] == "Accept"


@pytest.mark.parametrize(
    "media_type", ["application/sparql-results+json", "application/sparql-results+xml", "text/tab-separated-values"]
)
def test_select_formats_parse_back_to_the_same_solutions(served, media_type):
    formats = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }
    query = "SELECT ?c ?m ?date WHERE { ?f rdf:subject ?c ; rdf:object ?m . OPTIONAL { ?f kgo:date ?date } }"
    expected = [[str(t) for t in row] for row in served.sparql(query)]
    parsed = ox.parse_query_results(sparql_get(served, query, media_type).body, format=formats[media_type])
    assert [[str(t) for t in row] for row in parsed] == expected


def test_csv_follows_the_w3c_layout(served):
    text = sparql_get(served, 'SELECT ?n ?e WHERE { ?p kgo:evidence ?e . BIND("a, b" AS ?n) }', "text/csv").text()
    assert text == 'n,e\r\n"a, b",Tineco is a sub-brand of Ecovacs.\r\n'


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("application/sparql-results+json", b'{"head":{},"boolean":true}'),
        ("application/sparql-results+xml", b"<boolean>true</boolean>"),
    ],
)
def test_ask_content_negotiation(served, accept, expected):
    assert expected in sparql_get(served, "ASK { ?c kgo:expandsInto ?m }", accept).body


@pytest.mark.parametrize(
    "accept, media_type, rdflib_format",
    [
        (None, "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_construct_content_negotiation_gives_the_same_graph(served, accept, media_type, rdflib_format):
    query = "CONSTRUCT { ?c kgo:expandsInto ?m } WHERE { ?c kgo:expandsInto ?m }"
    response = sparql_get(served, query, accept)
    assert response.content_type.split(";")[0] == media_type
    got = rdflib.Graph().parse(data=response.body, format=rdflib_format)
    expected = rdflib.Graph().parse(data=sparql_get(served, query, "application/n-triples").body, format="nt")
    assert len(got) == 3 and isomorphic(got, expected)


def test_describe_returns_a_graph(served):
    response = sparql_get(served, 'DESCRIBE ?c WHERE { ?c kgo:name "Lumora Robotics" }')
    assert response.status == 200 and "Lumora Robotics" in response.text()


@pytest.mark.parametrize(
    "query, accept",
    [
        (EXPANSIONS, "text/turtle"),
        ("CONSTRUCT WHERE { ?s kgo:name ?n }", "text/csv"),
        (EXPANSIONS, "image/png"),
    ],
)
def test_nothing_acceptable_is_406_listing_what_is_offered(served, query, accept):
    response = sparql_get(served, query, accept)
    assert response.status == 406 and "offered:" in response.text()


# --- datasets ----------------------------------------------------------------------------------------


def test_default_graph_uri_restricts_the_default_graph_to_one_source(served, graphs):
    extra = "&default-graph-uri=" + quote(graphs["lumora"])
    assert names(sparql_get(served, EXPANSIONS, extra=extra), "m") == ["JP"]


def test_several_default_graph_uris_merge(served, graphs):
    extra = "".join("&default-graph-uri=" + quote(g) for g in graphs.values())
    assert len(bindings(sparql_get(served, EXPANSIONS, extra=extra))) == 3


def test_named_graph_uri_limits_graph_patterns_and_empties_the_default_graph(served, graphs):
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    rows = bindings(sparql_get(served, query, extra="&named-graph-uri=" + quote(graphs["ecovacs"])))
    assert [r["g"] for r in rows] == [graphs["ecovacs"]]
    empty = sparql_get(served, EXPANSIONS, extra="&named-graph-uri=" + quote(graphs["ecovacs"]))
    assert bindings(empty) == []


def test_protocol_dataset_overrides_the_query_from_clause(served, graphs):
    query = f"SELECT ?c ?m FROM <{graphs['ecovacs']}> WHERE {{ ?c kgo:expandsInto ?m }}"
    assert len(bindings(sparql_get(served, query))) == 2
    assert names(sparql_get(served, query, extra="&default-graph-uri=" + quote(graphs["lumora"])), "m") == ["JP"]


def test_each_source_is_a_named_graph_that_says_where_a_fact_came_from(served, graphs):
    query = 'SELECT ?g WHERE { GRAPH ?g { ?c kgo:expandsInto ?m . ?m kgo:name "Japan" } }'
    assert bindings(sparql_get(served, query)) == [{"g": graphs["lumora"]}]


def test_bad_graph_iri_is_400(served):
    response = sparql_get(served, "ASK {}", extra="&default-graph-uri=not%20an%20iri")
    assert response.status == 400 and "not an absolute IRI" in response.text()


# --- errors and refusals ----------------------------------------------------------------------------


def test_malformed_query_is_400_with_the_parser_message(served):
    response = sparql_get(served, "SELECT ?x WHERE { ?x ?p }")
    assert response.status == 400
    assert response.text().startswith("SPARQL syntax error: error at 1:")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?x } }",
        "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { ?s ?p ?o .service ?endpoint { ?s ?p ?x } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://example.org/sparql> { ?s ?p ?x } } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?x } } } }",
    ],
)
def test_service_is_refused(served, query):
    response = sparql_get(served, query)
    assert response.status == 400 and response.text() == "SERVICE is refused: kg never fetches remote data\n"


def test_an_escaped_hash_in_a_local_name_does_not_hide_service(served):
    """Finding 1 of issue 21: a token scanner read ``x:a\\#`` as a comment and let the SERVICE through."""
    query = (
        "PREFIX x: <http://e/> SELECT * WHERE { OPTIONAL { ?s x:a\\# ?o } "
        "SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c } }"
    )
    response = sparql_get(served, query)
    assert response.status == 400 and response.text().startswith("SPARQL syntax error")


def test_the_guard_and_oxigraph_read_one_text(served):
    """A ``\\u0022`` ends a string for SPARQL's escape rule but not for Oxigraph, which decodes only in strings.

    Read Oxigraph's way, this text runs a SERVICE; read SPARQL's way, the
    SERVICE sits in a comment.  The store runs the decoded text the guard
    parsed, so the SERVICE is a comment for both, and the query binds nothing.
    """
    query = 'SELECT * WHERE { BIND("\\u0022 # " AS ?x) SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c }\nAS ?y) }'
    response = sparql_get(served, query)
    assert response.status == 200, response.text()
    assert bindings(response) == [{"y": ""}]


def test_load_is_refused_even_with_updates_allowed(writable):
    settings = Settings(allow_update=True, token=TOKEN)
    response = call(
        writable,
        "POST",
        "/sparql",
        body="LOAD <http://example.org/data.ttl>",
        content_type="application/sparql-update",
        authorization=f"Bearer {TOKEN}",
        settings=settings,
    )
    assert response.status == 400 and "LOAD is refused" in response.text()


@pytest.mark.parametrize(
    "method, path, content_type, body, status",
    [
        ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", None, "", 400),
        ("GET", "/sparql?query=ASK%7B%7D&update=CLEAR%20ALL", None, "", 400),
        ("GET", "/sparql?update=CLEAR%20ALL", None, "", 400),
        ("POST", "/sparql", "text/plain", "ASK {}", 415),
        ("POST", "/sparql", None, "query=ASK%20%7B%7D", 415),
        ("POST", "/sparql", "application/x-www-form-urlencoded", "nothing=here", 400),
        ("POST", "/sparql", "application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"), 415),
        ("POST", "/sparql", "application/sparql-query", b"ASK { \xff }", 400),
        ("PUT", "/sparql?query=ASK%7B%7D", None, "", 405),
        ("GET", "/nowhere", None, "", 404),
    ],
)
def test_protocol_errors(served, method, path, content_type, body, status):
    headers = {"content_type": content_type} if content_type else {}
    response = call(served, method, path, body=body, **headers)
    assert response.status == status, response.text()
    assert response.content_type == "text/plain; charset=utf-8" and response.body.strip()


def test_405_names_the_allowed_methods(served):
    assert call(served, "DELETE", "/sparql").headers["Allow"] == "GET, HEAD, POST, OPTIONS"


# --- limits ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("accept", [None, "application/sparql-results+xml", "text/csv", "text/tab-separated-values"])
def test_answers_past_max_rows_are_cut_and_marked(served, accept):
    response = sparql_get(served, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", accept, settings=Settings(max_rows=2))
    assert response.status == 200 and response.headers["X-SPARQL-MaxRows"] == "2"
    if accept is None:
        assert len(bindings(response)) == 2
    if accept == "text/csv":
        assert response.text().count("\r\n") == 3


def test_graphs_past_max_rows_are_cut_and_marked(served):
    response = sparql_get(
        served, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples", settings=Settings(max_rows=5)
    )
    assert response.headers["X-SPARQL-MaxRows"] == "5" and response.text().count("\n") == 5


def test_answers_within_max_rows_carry_no_cap_header(served):
    response = sparql_get(served, EXPANSIONS, settings=Settings(max_rows=3))
    assert len(bindings(response)) == 3 and "X-SPARQL-MaxRows" not in response.headers


@pytest.mark.parametrize("media_type", [f.media_type for f in RESULTS])
def test_oxigraph_writes_answers_that_cannot_pass_the_cap(media_type):
    store = ox.Store()
    store.extend(
        ox.Quad(ox.NamedNode(f"http://example.org/{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(str(i)))
        for i in range(50)
    )
    query = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    # fifty rows never fit the budget of a 49-row cap, however short the rows
    assert serialize_within_cap(store.query(query), media_type, 49) is None
    assert serialize_within_cap(store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 50"), media_type, 49) is None
    fmt = {f.media_type: f for f in RESULTS}[media_type]
    assert serialize_within_cap(store.query(query), media_type, 10_000) == store.query(query).serialize(
        format=RESULT_WRITERS[fmt.media_type]
    )


# --- CORS ----------------------------------------------------------------------------------------------

DASHBOARD = "https://dashboard.example"


@pytest.mark.parametrize("path", ["/sparql?query=ASK%7B%7D", "/sparql?query=ASK%7B", "/", "/nowhere", "/sparql"])
def test_no_cors_header_by_default(served, path):
    """Issue 21: every answer allowed any origin, so any page the user opened could read the graph."""
    response = call(served, "GET", path, origin=DASHBOARD)
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]


@pytest.mark.parametrize("path", ["/sparql?query=ASK%7B%7D", "/sparql?query=ASK%7B", "/", "/nowhere", "/sparql"])
def test_cors_allows_the_named_origin_only(served, path):
    settings = Settings(cors=DASHBOARD)
    response = call(served, "GET", path, origin=DASHBOARD, settings=settings)
    assert response.headers["Access-Control-Allow-Origin"] == DASHBOARD
    assert "X-SPARQL-MaxRows" in response.headers["Access-Control-Expose-Headers"]
    assert "Origin" in response.headers["Vary"]
    other = call(served, "GET", path, origin="https://evil.example", settings=settings)
    assert "Access-Control-Allow-Origin" not in other.headers


def test_cors_star_allows_any_origin(served):
    response = call(served, "GET", "/sparql?query=ASK%7B%7D", origin="https://any.example", settings=Settings(cors="*"))
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_preflight_offers_reads_and_never_a_token(served):
    headers = {
        "origin": DASHBOARD,
        "access_control_request_method": "POST",
        "access_control_request_headers": "content-type",
    }
    assert "Access-Control-Allow-Methods" not in call(served, "OPTIONS", "/sparql", **headers).headers
    response = call(served, "OPTIONS", "/rdf-graphs", settings=Settings(cors=DASHBOARD), **headers)
    assert response.status == 204
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST, OPTIONS"
    assert "PUT" not in response.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]
    assert "Authorization" not in response.headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("cors", [None, DASHBOARD, "*"])
@pytest.mark.parametrize("origin", [DASHBOARD, "null", "http://localhost:7878"])
def test_writes_from_another_origin_are_refused_even_with_the_token(writable, cors, origin):
    settings = Settings(allow_update=True, token=TOKEN, cors=cors)
    auth = {"authorization": f"Bearer {TOKEN}", "settings": settings, "origin": origin, "host": "127.0.0.1:7878"}
    response = update(writable, INSERT, **auth)
    assert response.status == 403 and "another origin" in response.text()
    put = call(
        writable,
        "PUT",
        "/rdf-graphs?graph=" + quote("https://example.org/x"),
        body="",
        content_type="text/turtle",
        **auth,
    )
    assert put.status == 403
    assert not bindings(sparql_get(writable, 'SELECT ?n WHERE { ?a kgo:name "Note" }'))


def test_a_write_from_the_endpoints_own_page_is_accepted(writable):
    settings = Settings(allow_update=True, token=TOKEN)
    response = update(
        writable,
        INSERT,
        settings,
        authorization=f"Bearer {TOKEN}",
        origin="http://127.0.0.1:7878",
        host="127.0.0.1:7878",
    )
    assert response.status == 204, response.text()


# --- service description and the query page -----------------------------------------------------------


def test_service_description_parses_and_lists_each_source(served, graphs):
    response = call(served, "GET", "/sparql", accept="text/turtle", host="kg.example:7878")
    assert response.status == 200 and response.content_type.startswith("text/turtle")
    g = rdflib.Graph().parse(data=response.body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert set(g.objects(None, sd.endpoint)) == {rdflib.URIRef("http://kg.example:7878/sparql")}
    assert set(g.objects(None, sd.name)) == {rdflib.URIRef(iri) for iri in graphs.values()}
    assert (None, sd.feature, sd.UnionDefaultGraph) in g
    assert set(g.objects(None, sd.supportedLanguage)) == {sd.SPARQL11Query}


@pytest.mark.parametrize(
    "accept, rdflib_format",
    [("application/rdf+xml", "xml"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")],
)
def test_service_description_in_other_rdf_formats(served, accept, rdflib_format):
    response = call(served, "GET", "/sparql", accept=accept)
    assert len(rdflib.Graph().parse(data=response.body, format=rdflib_format)) > 10


def test_service_description_announces_updates_only_when_allowed(served):
    settings = Settings(allow_update=True, token=TOKEN)
    g = rdflib.Graph().parse(data=call(served, "GET", "/sparql", settings=settings).body, format="turtle")
    assert rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#SPARQL11Update") in set(g.objects())


def test_a_browser_at_sparql_gets_the_query_page(served):
    response = call(served, "GET", "/sparql", accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.content_type.startswith("text/html") and b"<textarea" in response.body


def test_query_page_needs_nothing_from_other_hosts(served):
    page = call(served, "GET", "/").text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert not re.search(r"""(fetch|import)\s*\(\s*["'](https?:)?//""", page) and "@import" not in page


def page_examples() -> list[tuple[str, str]]:
    return re.findall(
        r'<script type="text/plain" class="example" data-title="([^"]+)">(.*?)</script>',
        INDEX.read_text(encoding="utf-8"),
        re.S,
    )


@pytest.mark.parametrize("title, query", page_examples(), ids=[t for t, _ in page_examples()])
def test_every_example_on_the_query_page_runs(served, title, query):
    accept = "text/turtle" if query.strip().startswith("CONSTRUCT") else None
    response = sparql_get(served, query, accept)
    assert response.status == 200, response.text()
    assert response.body.strip()


# --- the graph store protocol (reading) ----------------------------------------------------------------


def test_graph_store_get_returns_one_source(served, graphs):
    response = call(served, "GET", "/rdf-graphs?graph=" + quote(graphs["lumora"]), accept="application/n-triples")
    g = rdflib.Graph().parse(data=response.body, format="nt")
    assert response.status == 200 and (None, rdflib.URIRef(KGO + "name"), rdflib.Literal("Lumora Robotics")) in g
    assert (None, rdflib.URIRef(KGO + "name"), rdflib.Literal("Ecovacs")) not in g


def test_graph_store_default_is_the_union_without_duplicates(served):
    response = call(served, "GET", "/rdf-graphs?default", accept="application/n-triples")
    lines = response.text().splitlines()
    assert response.status == 200 and len(lines) == len(set(lines))
    triples = {(q.subject, q.predicate, q.object) for q in served.ox.quads_for_pattern(None, None, None)}
    assert len(lines) == len(triples)


@pytest.mark.parametrize(
    "path, status",
    [
        ("/rdf-graphs?graph=https%3A%2F%2Fexample.org%2Fnone", 404),
        ("/rdf-graphs", 400),
        ("/rdf-graphs?default&graph=https%3A%2F%2Fexample.org%2Fg", 400),
    ],
)
def test_graph_store_errors(served, path, status):
    assert call(served, "GET", path).status == status


def test_graph_store_head_answers_like_get(served, graphs):
    assert call(served, "HEAD", "/rdf-graphs?graph=" + quote(graphs["lumora"])).status == 200


# --- writes ----------------------------------------------------------------------------------------------

INSERT = 'INSERT DATA { GRAPH <https://example.org/notes> { <https://example.org/a> kgo:name "Note" } }'


def update(store, text: str, settings: Settings, **headers: str):
    return call(
        store, "POST", "/sparql", body=text, content_type="application/sparql-update", settings=settings, **headers
    )


def test_update_is_refused_on_a_read_only_endpoint(writable):
    response = update(writable, INSERT, Settings(), authorization=f"Bearer {TOKEN}")
    assert response.status == 403 and "read-only" in response.text()
    assert not bindings(sparql_get(writable, 'SELECT ?n WHERE { ?a kgo:name "Note" }'))


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
def test_update_needs_the_bearer_token(writable, authorization):
    headers = {"authorization": authorization} if authorization else {}
    response = update(writable, INSERT, Settings(allow_update=True, token=TOKEN), **headers)
    # no credentials at all is a challenge (RFC 6750: 401); credentials that do not pass are forbidden
    assert response.status == (401 if authorization is None else 403)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_authorised_update_writes_a_graph_that_survives_reopening(writable, tmp_path):
    settings = Settings(allow_update=True, token=TOKEN)
    form = urlencode({"update": INSERT})
    response = call(
        writable,
        "POST",
        "/sparql",
        body=form,
        content_type="application/x-www-form-urlencoded",
        authorization=f"Bearer {TOKEN}",
        settings=settings,
    )
    assert response.status == 204
    writable.close()
    with OxigraphStore(tmp_path / "copy") as reopened:
        assert "https://example.org/notes" in {s.graph for s in reopened.sources().values()}
        # an update writes what it says, as in any SPARQL store: into its named graph, not the default graph
        assert bindings(
            sparql_get(reopened, 'SELECT ?a WHERE { GRAPH <https://example.org/notes> { ?a kgo:name "Note" } }')
        ) == [{"a": "https://example.org/a"}]


def test_update_syntax_error_is_400(writable):
    response = update(
        writable, "INSERT DATA {", Settings(allow_update=True, token=TOKEN), authorization=f"Bearer {TOKEN}"
    )
    assert response.status == 400 and "SPARQL syntax error" in response.text()


def test_graph_store_writes_are_refused_without_allow_update(writable, graphs):
    for method in ("PUT", "POST", "DELETE"):
        response = call(
            writable,
            method,
            "/rdf-graphs?graph=" + quote(graphs["lumora"]),
            body="",
            content_type="text/turtle",
            authorization=f"Bearer {TOKEN}",
        )
        assert response.status == 403, method


def test_graph_store_put_post_delete_with_the_token(writable):
    settings = Settings(allow_update=True, token=TOKEN)
    auth = {"authorization": f"Bearer {TOKEN}", "settings": settings}
    target = "/rdf-graphs?graph=" + quote("https://example.org/extra")
    first = '<https://example.org/x> <https://w3id.org/expansion-kg/ontology#name> "X" .'
    second = '<https://example.org/y> <https://w3id.org/expansion-kg/ontology#name> "Y" .'
    assert call(writable, "PUT", target, body=first, content_type="text/turtle", **auth).status == 201
    assert call(writable, "POST", target, body=second, content_type="application/n-triples", **auth).status == 204
    text = call(writable, "GET", target, accept="application/n-triples").text()
    assert '"X"' in text and '"Y"' in text and "Document" not in text  # described elsewhere, not in the graph
    assert call(writable, "PUT", target, body=second, content_type="text/turtle", **auth).status == 204
    assert '"X"' not in call(writable, "GET", target, accept="application/n-triples").text()
    assert call(writable, "DELETE", target, **auth).status == 204
    assert call(writable, "DELETE", target, **auth).status == 404
    assert call(writable, "PUT", "/rdf-graphs?default", body=first, content_type="text/turtle", **auth).status == 204


@pytest.mark.parametrize(
    "content_type, body, status",
    [
        ("image/png", b"\x89PNG", 415),
        ("text/turtle", "<a> <b> .", 400),
    ],
)
def test_graph_store_write_errors(writable, content_type, body, status):
    response = call(
        writable,
        "PUT",
        "/rdf-graphs?graph=" + quote("https://example.org/bad"),
        body=body,
        content_type=content_type,
        authorization=f"Bearer {TOKEN}",
        settings=Settings(allow_update=True, token=TOKEN),
    )
    assert response.status == status, response.text()


# --- kg serve --get ---------------------------------------------------------------------------------------


@pytest.fixture
def kg_serve(monkeypatch, runner, test_graph, tmp_path):
    """Run ``kg serve ...`` through the real command group, on a private copy of the test graph."""
    from kg.cli import COMMANDS, cli

    monkeypatch.setitem(COMMANDS, "serve", ("kg.cli.serve:serve_cmd", "Serve the graph over SPARQL."))
    data = test_graph.clone(tmp_path / "cli-copy")

    def run(*args: str, env: dict[str, str] | None = None):
        return runner.invoke(cli, ["serve", "--data", str(data), *args], env=env or {})

    return run


def test_serve_get_prints_the_answer(kg_serve):
    result = kg_serve("--get", "/sparql?query=" + quote("SELECT ?n WHERE { ?c a kgo:Company ; kgo:name ?n }"))
    assert result.exit_code == 0, result.output
    assert {b["n"]["value"] for b in json.loads(result.output)["results"]["bindings"]} == {"Ecovacs", "Lumora Robotics"}


def test_serve_get_exits_1_on_a_client_error(kg_serve):
    result = kg_serve("--get", "/sparql?query=SELECT")
    assert result.exit_code == 1 and result.output.startswith("SPARQL syntax error")


def test_allow_update_without_a_token_is_refused_before_opening_the_store(kg_serve):
    result = kg_serve("--allow-update", "--get", "/")
    assert result.exit_code == 2
    assert result.output == "Error: --allow-update needs a token: pass --token or set KG_SERVE_TOKEN\n"


def test_cors_must_name_an_origin(kg_serve):
    result = kg_serve("--cors", "dash.example/page", "--get", "/")
    assert result.exit_code == 2 and result.output.startswith("Error: --cors takes an origin")


def test_get_helper_answers_like_the_endpoint(served):
    assert get(served, "/sparql?query=" + quote(EXPANSIONS)).body == sparql_get(served, EXPANSIONS).body


# --- what is served --------------------------------------------------------------------------------------


class QuadStore(BareStore):
    """The smallest store with an RDF export: what a Neo4j store offers to be served."""

    name = "exported"
    supports_rdf_view = True

    def __init__(self, quads: list[ox.Quad]):
        self.data = list(quads)

    def quads(self):
        return iter(self.data)

    def sources(self):
        return {}

    def stats(self):
        return {"quads": len(self.data)}

    def close(self):
        pass


def test_a_store_without_rdf_export_is_unsupported():
    class NoExport(BareStore):
        name = "neo4j"

    with pytest.raises(Unsupported, match="the neo4j store has no RDF export"):
        dataset_for(NoExport())


def test_an_exported_store_is_served_and_refreshed_when_it_changes(served):
    store = QuadStore(served.ox.quads_for_pattern(None, None, None))
    dataset = ExportedDataset(store)
    try:
        first = dataset.snapshot()
        assert len(bindings(sparql_get(store, EXPANSIONS))) == 3
        dataset.refresh()
        assert dataset.snapshot() == first
        store.data = [q for q in store.data if "lumora" not in str(q.subject).lower()]
        dataset.refresh()
        assert dataset.snapshot()[1] == first[1] + 1 and dataset.snapshot()[0] != first[0]
        assert (
            len(list(dataset.handle().query("SELECT * { GRAPH ?g { ?c kgo:expandsInto ?m } }", prefixes={"kgo": KGO})))
            == 2
        )
    finally:
        dataset.close()


# --- the pieces ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, keyword",
    [
        ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * {?s ?p ?o .SERVICE <x> {}}", "SERVICE"),
        ("SELECT * { \\u0053ERVICE <http://x/> {} }", "SERVICE"),
        ("SELECT * { OPTIONAL { ?s ?p ?o } MINUS { SERVICE SILENT ?where { ?s ?p ?o } } }", "SERVICE"),
        ("LOAD <http://example.org/x.ttl> INTO GRAPH <g>", "LOAD"),
        ("load silent <http://example.org/x.ttl>", "LOAD"),
        ("INSERT DATA { <a:b> <c:d> 1 } ; LOAD <http://example.org/x.ttl>", "LOAD"),
        ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT ?service { ?s ex:service ?o }", None),
        ('SELECT * { ?s ?p "SERVICE <x> {}" }', None),
        ("SELECT * { ?s ?p '''LOAD\n<x>''' }", None),
        ("SELECT * { ?s <http://example.org/SERVICE> ?o } # SERVICE <x> {}", None),
        ("SELECT * { ?s service:p ?o }", None),
        ('INSERT DATA { <a:b> <c:d> "download" }', None),
    ],
)
def test_remote_keywords_are_found_by_the_parser(text, keyword):
    check = check_query if text.split()[0] == "SELECT" else check_update
    if keyword is None:
        check(text)
    else:
        with pytest.raises(Refused, match=f"^{keyword} is refused"):
            check(text)


def test_a_query_worker_answers_plain_queries_without_loading_the_guards_parser():
    """A worker started to stand in for a slow query's is ready at once: rdflib's SPARQL parser, a fifth of a
    second to import, loads only for a text that needs it (escapes, or a word that may be a remote keyword)."""
    probe = (
        "import sys, pyoxigraph as ox\n"
        "from kg.server.work import Job, execute\n"
        "store = ox.Store()\n"
        "execute(store, Job('query', 'ASK {}'))\n"
        "execute(store, Job('query', 'SELECT * WHERE { ?s ?p ?o } LIMIT 1'))\n"
        "print('rdflib' in sys.modules)\n"
        "execute(store, Job('query', 'SELECT * WHERE { ?s ?p \"\\\\u0041\" }'))\n"
        "print('rdflib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_a_worker_whose_server_stopped_while_it_started_exits_quietly(tmp_path):
    """Stopping kg serve while it starts a stand-in worker prints no traceback from that worker."""
    ox.Store(str(tmp_path / "store")).flush()
    ours, theirs = socket.socketpair()
    ours.close()
    command = [sys.executable, "-m", "kg.server.worker", str(theirs.fileno()), "read-only", str(tmp_path / "store")]
    done = subprocess.run(command, pass_fds=[theirs.fileno()], capture_output=True, text=True, timeout=60)
    theirs.close()
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM {",
        "SELECT * { ?s ?p ?o } SERVICE",
        "PREFIX x: <http://e/> SELECT * { ?s x:a\\# ?o SERVICE <http://e/> {} }",
    ],
)
def test_a_text_the_guard_cannot_parse_is_refused(text):
    """Only a text holding a keyword needs the parser; when it cannot parse one, the text does not run."""
    with pytest.raises(Refused, match=r"^SPARQL syntax error: "):
        check_query(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("SELECT * FROM <g> { ?s ?p ?o }", True),
        ("SELECT * from named <g> { ?s ?p ?o }", True),
        ("SELECT ?from { ?from ?p 'FROM' }", False),
        ("SELECT * { ?s ?p ?o } # FROM <g>", False),
    ],
)
def test_names_dataset(text, expected):
    assert check_query(text).names_dataset is expected


@pytest.mark.parametrize(
    "accept, offered, expected",
    [
        (
            "application/sparql-results+json,application/json,text/javascript,application/javascript",
            RESULTS,
            "application/sparql-results+json",
        ),
        ("application/turtle,text/turtle", GRAPHS, "text/turtle"),
        ("application/ld+json,application/x-json+ld", GRAPHS, "application/ld+json"),
        ("text/*", RESULTS, "text/csv"),
        ("text/*", GRAPHS, "text/turtle"),
        ("text/csv;q=0, */*;q=0.1", RESULTS, "application/sparql-results+json"),
        ("application/xml", RESULTS, "application/sparql-results+xml"),
        ("application/xml", GRAPHS, "application/rdf+xml"),
        ("", GRAPHS, "text/turtle"),
        ("image/png", GRAPHS, None),
    ],
)
def test_negotiate(accept, offered, expected):
    fmt = negotiate(accept, offered)
    assert (fmt.media_type if fmt else None) == expected


def test_tsv_escapes_what_a_cell_cannot_hold(served):
    text = sparql_get(served, 'SELECT ?x WHERE { BIND("a\\tb\\nc" AS ?x) }', "text/tab-separated-values").text()
    assert io.StringIO(text).read().splitlines() == ["?x", '"a\\tb\\nc"']
