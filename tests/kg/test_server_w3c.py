"""The W3C SPARQL 1.1 Protocol and Graph Store Protocol test cases, read from their manifests, against ``kg serve``.

The manifests are vendored from w3c/rdf-tests under ``tests/fixtures/w3c-sparql11``
(see its README for the commit and LICENSE.md for the terms).  Each case is a
sequence of HTTP requests with the response expected for each: a status or
class of statuses (``mf:expectedStatus``), an ASK answer
(``mf:expectedBoolean``), a kind of answer (``mf:expectedFormat``: boolean,
tabular or RDF), a ``Location`` to reuse in later requests
(``mf:expectedLocation``), a media type, and a graph the answer must be
isomorphic to.  This module reads them with rdflib and sends every request to
a real ``kg serve`` on a loopback port.

The deprecated ``http-rdf-update`` manifest describes its requests in prose
(a raw HTTP request and response in each ``rdfs:comment``) and its cases
build on each other, so they run in manifest order on one server.

Cases that do not pass are listed in :data:`KNOWN`, with the reason, and in
docs/sparql.md; they are strict expected failures, so one that starts to pass
fails the run until it is taken off both lists.
"""

from __future__ import annotations

import http.client
import json
import re
import textwrap
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from kg.server import Settings, running
from kg.stores.oxigraph import OxigraphStore
from tests.conftest import FIXTURES, ROOT
from tests.kg.test_server import TOKEN

SUITE = FIXTURES / "w3c-sparql11"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
HTS = "http://www.w3.org/2011/http-statusCodes#"
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
DAWGT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
#: Where the manifests put each endpoint, and where kg serve has it (the manifests say to substitute).
PREFIXES = (("/sparql/", "/sparql"), ("/gsp", "/rdf-graphs"))
#: Statuses by name, as the http-statusCodes vocabulary spells them ("NoContent" for 204).
STATUS_NAMES = {s.phrase.replace(" ", "").replace("-", ""): s.value for s in HTTPStatus}
RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = RESULT_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}

#: Cases that do not pass, and why.  Each is also listed in docs/sparql.md.
KNOWN: dict[str, str] = {
    "http-rdf-update:put__default_graph": "expects 201 Created, but the default graph already holds person/1.ttl's "
    "triples (kg's default graph is the union of the named graphs), so replacing it is 204; on an empty default "
    "graph it is 201",
    "http-rdf-update:delete__existing_graph": "the deprecated manifest deletes person/2.ttl, which none of its cases "
    "creates; kg serve answers 404 (the graph-store-protocol manifests create it first, and pass)",
    "http-rdf-update:post__existing_graph": "its Turtle body lacks the final '.', so it does not parse: 400",
    "http-rdf-update:get_of_post__existing_graph": "expects the card of the first PUT ('John Doe') after the second "
    "PUT replaced it ('Jane Doe')",
    "http-rdf-update:post__multipart_formdata": "the Turtle in both parts lacks the final '.', so they do not parse: "
    "400",
    "http-rdf-update:get_of_post__multipart_formdata": "expects the triples of the two POSTs before it, which do "
    "not parse",
}


@dataclass
class Expected:
    statuses: list[str] = field(default_factory=list)
    boolean: bool | None = None
    format: str | None = None
    location: str | None = None
    content_type: str | None = None
    graph: str | None = None


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    encoding: str
    expected: Expected


@dataclass
class Case:
    manifest: str
    name: str
    title: str
    steps: list[Step]
    graph_data: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.manifest}:{self.name}"


# --- reading the manifests ----------------------------------------------------------------------------


def _graph(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle", publicID=path.as_uri())


def _entries(graph: rdflib.Graph) -> list[rdflib.URIRef]:
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    return list(Collection(graph, graph.value(manifest, MF.entries)))


def _fields(graph: rdflib.Graph, node: rdflib.term.Node | None) -> dict[str, str]:
    if node is None:
        return {}
    return {
        str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue)) for h in Collection(graph, node)
    }


def _step(graph: rdflib.Graph, request: rdflib.term.Node) -> Step:
    body = graph.value(request, HT.body)
    response = graph.value(request, HT.resp)
    expected_body = graph.value(response, HT.body)
    boolean = graph.value(response, MF.expectedBoolean)
    fmt, location = graph.value(response, MF.expectedFormat), graph.value(response, MF.expectedLocation)
    headers = _fields(graph, graph.value(response, HT.headers))
    return Step(
        method=str(graph.value(request, HT.methodName)),
        path=str(graph.value(request, HT.absolutePath)),
        headers=_fields(graph, graph.value(request, HT.headers)),
        body=None if body is None else str(graph.value(body, CNT.chars)),
        encoding=str(graph.value(body, CNT.characterEncoding) or "UTF-8") if body is not None else "UTF-8",
        expected=Expected(
            statuses=sorted(str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus)),
            boolean=None if boolean is None else boolean.toPython(),
            format=None if fmt is None else str(fmt),
            location=None if location is None else str(location),
            content_type=headers.get("content-type"),
            graph=None if expected_body is None else str(graph.value(expected_body, CNT.chars)),
        ),
    )


def structured_cases(relative: str) -> list[Case]:
    """The cases of a manifest that describes its requests in the http vocabulary (ht:requests)."""
    path = SUITE / relative
    graph = _graph(path)
    cases = []
    for entry in _entries(graph):
        action = graph.value(entry, MF.action)
        requests = Collection(graph, graph.value(action, HT.requests))
        data = [
            (Path(urlsplit(str(graph.value(d, UT.graph))).path), str(graph.value(d, RDFS.label)))
            for d in graph.objects(entry, UT.graphData)
        ]
        cases.append(
            Case(
                path.parent.name,
                entry.fragment,
                str(graph.value(entry, MF.name)),
                [_step(graph, r) for r in requests],
                sorted(data, key=lambda d: d[1]),
            )
        )
    return cases


def _prose_part(text: str) -> tuple[str, dict[str, str], str]:
    """A raw HTTP message as the prose writes it, indented: (first line, headers, body)."""
    lines = textwrap.dedent(text).strip("\n").splitlines()
    first, headers, i = lines[0].strip(), {}, 1
    while i < len(lines) and lines[i].strip():
        name, _, value = lines[i].partition(":")
        headers[name.strip().lower()] = value.strip()
        i += 1
    return first, headers, "\n".join(lines[i:]).strip()


def prose_cases(relative: str) -> list[Case]:
    """The cases of the deprecated http-rdf-update manifest, whose requests are raw HTTP in a comment."""
    path = SUITE / relative
    graph = _graph(path)
    cases = []
    for entry in _entries(graph):
        prose = next(str(c) for c in graph.objects(entry, RDFS.comment) if "#### Request" in str(c))
        request, _, response = prose.partition("#### Request")[2].partition("#### Response")
        line, headers, body = _prose_part(request)
        method, target, _ = line.split()
        status, response_headers, expected_body = _prose_part(response)
        headers.pop("host", None)
        expected = Expected(
            statuses=[status.split(" ", 1)[1].replace(" ", "")],
            content_type=response_headers.get("content-type"),
            graph=expected_body or None,
        )
        if method == "POST" and target == "$GRAPHSTORE$" and status.startswith("201"):
            expected.location = "$NEWPATH$"
        step = Step(method, target, headers, body or None, "UTF-8", expected)
        cases.append(Case(path.parent.name, entry.fragment, str(graph.value(entry, MF.name)), [step]))
    return cases


PROTOCOL = structured_cases("protocol/manifest.ttl")
GRAPH_STORE = structured_cases("graph-store-protocol/manifest-indirect.ttl") + structured_cases(
    "graph-store-protocol/manifest-direct.ttl"
)
HTTP_RDF_UPDATE = prose_cases("http-rdf-update/manifest.ttl")


def params(cases: list[Case]) -> list:
    return [
        pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=KNOWN[c.id])] if c.id in KNOWN else [])
        for c in cases
    ]


# --- sending them --------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def send(base: str, step: Step, variables: dict[str, str]) -> Answer:
    """One request as the manifest gives it, on the endpoint's own paths, with the bearer token.

    kg serve takes writes only from a client holding its token, which the
    manifests (written for open endpoints) do not send; every request carries
    it, so reads and writes are judged on what the cases are about.
    """

    def fill(text: str) -> str:
        for name, value in variables.items():
            text = text.replace(name, value)
        return text

    target = fill(step.path)
    for theirs, ours in PREFIXES:
        if target.startswith(theirs):
            target = ours + target[len(theirs) :]
            break
    if not target.startswith(("/", "http://")):
        target = "/" + target
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    body = None if step.body is None else fill(step.body).encode(step.encoding.lower())
    headers = {**{k: fill(v) for k, v in step.headers.items()}, "Authorization": f"Bearer {TOKEN}"}
    try:
        connection.request(step.method, target, body=body, headers=headers)
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def _status_matches(status: int, names: list[str]) -> bool:
    for name in names:
        if name.startswith("StatusCode") and name.endswith("xx"):
            if status // 100 == int(name[len("StatusCode")]):
                return True
        elif STATUS_NAMES.get(name) == status:
            return True
    return False


def _media_type(answer: Answer) -> str:
    return answer.headers.get("content-type", "").split(";")[0].strip().lower()


def _boolean(answer: Answer) -> bool:
    kind = _media_type(answer)
    if kind == "application/sparql-results+json":
        value = json.loads(answer.body)["boolean"]
    elif kind == "application/sparql-results+xml":
        found = ElementTree.fromstring(answer.body).find("{http://www.w3.org/2005/sparql-results#}boolean")
        assert found is not None, answer.body
        value = {"true": True, "false": False}[found.text.strip()]
    else:
        raise AssertionError(f"an ASK answer came as {kind!r}")
    assert isinstance(value, bool)
    return value


def _tabular(answer: Answer) -> None:
    kind = _media_type(answer)
    assert kind in TABULAR_TYPES, f"a SELECT answer came as {kind!r}"
    if kind == "application/sparql-results+json":
        assert "bindings" in json.loads(answer.body)["results"]
    elif kind == "application/sparql-results+xml":
        assert ElementTree.fromstring(answer.body).find("{http://www.w3.org/2005/sparql-results#}results") is not None
    else:
        assert answer.body.decode("utf-8").splitlines(), "a CSV or TSV answer without its header row"


def _rdf(answer: Answer, base: str) -> rdflib.Graph:
    kind = _media_type(answer)
    assert kind in RDF_TYPES, f"a graph came as {kind!r}"
    return rdflib.Graph().parse(data=answer.body, format=RDF_TYPES[kind], publicID=base)


def check(base: str, step: Step, answer: Answer, variables: dict[str, str]) -> None:
    """Everything the manifest expects of one response."""
    expected, where = step.expected, f"{step.method} {step.path[:90]}"
    assert _status_matches(answer.status, expected.statuses), (
        f"{where}: status {answer.status}, expected {expected.statuses}: {answer.body[:300]!r}"
    )
    if expected.location:
        assert "location" in answer.headers, f"{where}: no Location header"
        variables[expected.location] = answer.headers["location"]
    if expected.format == "boolean" or expected.boolean is not None:
        value = _boolean(answer)
        if expected.boolean is not None:
            assert value is expected.boolean, f"{where}: the answer is {value}, expected {expected.boolean}"
    elif expected.format == "tabular":
        _tabular(answer)
    elif expected.format == "RDF":
        _rdf(answer, base)
    if expected.content_type:
        wanted = expected.content_type.split(";")[0].strip().lower()
        assert _media_type(answer) == wanted, f"{where}: Content-Type {answer.headers.get('content-type')}"
        charset = re.search(r"charset=([\w-]+)", answer.headers.get("content-type", ""), re.I)
        assert charset is None or charset.group(1).lower() == "utf-8"
    if expected.graph and step.method != "HEAD":
        text = expected.graph
        for name, value in variables.items():
            text = text.replace(name, value)
        want = rdflib.Graph().parse(data=text, format="turtle", publicID=base + "/")
        got = _rdf(answer, base + "/")
        assert isomorphic(got, want), (
            f"{where}: got\n{got.serialize(format='nt')}\nexpected\n{want.serialize(format='nt')}"
        )


# --- the server ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """An empty store behind kg serve, writes allowed with the token; yields the base URL."""
    settings = Settings(timeout=20, workers=1, allow_update=True, token=TOKEN)
    with OxigraphStore(tmp_path_factory.mktemp("w3c") / "kg") as store, running(store, settings) as url:
        yield url


def reset(base: str, case: Case) -> None:
    """An empty dataset, then the case's graphs (``ut:graphData``), written through the endpoint itself."""
    clear = Step(
        "POST",
        "/sparql",
        {"content-type": "application/sparql-update"},
        "DROP ALL",
        "UTF-8",
        Expected(["StatusCode2xx"]),
    )
    check(base, clear, send(base, clear, {}), {})
    for path, iri in case.graph_data:
        put = Step(
            "PUT",
            f"/rdf-graphs?graph={quote(iri, safe='')}",
            {"content-type": "application/n-triples"},
            path.read_text(encoding="utf-8"),
            "UTF-8",
            Expected(["Created"]),
        )
        check(base, put, send(base, put, {}), {})


def run(base: str, case: Case, variables: dict[str, str]) -> None:
    for step in case.steps:
        check(base, step, send(base, step, variables), variables)


@pytest.mark.parametrize("case", params(PROTOCOL))
def test_protocol(endpoint, case):
    reset(endpoint, case)
    run(endpoint, case, {})


@pytest.mark.parametrize("case", params(GRAPH_STORE))
def test_graph_store_protocol(endpoint, case):
    reset(endpoint, case)
    run(endpoint, case, {})


def test_a_put_giving_an_empty_default_graph_content_is_created(endpoint):
    """Graph Store Protocol 5.3: new content is 201, a replaced graph 204 (the cases accept either)."""
    reset(endpoint, Case("", "", "", []))
    body = "<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
    put = Step(
        "PUT", "/rdf-graphs?default", {"content-type": "application/n-triples"}, body, "UTF-8", Expected(["Created"])
    )
    check(endpoint, put, send(endpoint, put, {}), {})
    put.expected = Expected(["NoContent"])
    check(endpoint, put, send(endpoint, put, {}), {})


@pytest.fixture(scope="module")
def http_rdf_update(endpoint):
    """The deprecated manifest's cases in order on one dataset, as they build on each other: id -> failure."""
    reset(endpoint, Case("", "", "", []))
    host = urlsplit(endpoint).netloc
    variables = {"$HOST$": host, "$GRAPHSTORE$": "rdf-graphs"}
    failures: dict[str, str | None] = {}
    for case in HTTP_RDF_UPDATE:
        try:
            run(endpoint, case, variables)
            failures[case.id] = None
        except AssertionError as e:
            failures[case.id] = str(e)
    return failures


@pytest.mark.parametrize("case", params(HTTP_RDF_UPDATE))
def test_http_rdf_update(http_rdf_update, case):
    failure = http_rdf_update[case.id]
    assert failure is None, failure


def test_the_manifests_are_read_whole():
    """Every entry of every manifest became a case with its requests, and the known failures name real cases."""
    assert (len(PROTOCOL), len(GRAPH_STORE), len(HTTP_RDF_UPDATE)) == (34, 13, 18)
    assert all(c.steps and all(s.expected.statuses for s in c.steps) for c in PROTOCOL + GRAPH_STORE)
    assert (sum(len(c.steps) for c in PROTOCOL), sum(len(c.steps) for c in GRAPH_STORE)) == (39, 39)
    assert {c.id for c in PROTOCOL + GRAPH_STORE + HTTP_RDF_UPDATE} >= set(KNOWN)


def test_docs_list_exactly_the_known_failures():
    """docs/sparql.md names each case that does not pass, and no other."""
    text = (ROOT / "docs" / "sparql.md").read_text(encoding="utf-8")
    section = text.split("### W3C test cases", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([\w-]+:\w+)`", section))
    assert listed == set(KNOWN)
