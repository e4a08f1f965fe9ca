"""The SPARQL store: the graph in any SPARQL 1.1 store (Fuseki, GraphDB, Virtuoso, Neptune), over HTTP.

The layout is the embedded store's: one named graph per source, whose IRI is the source's ``kgo:Document``
node, and which says of itself what the embedded store reads its sources from: ``kgo:sourcePath`` and
``kgo:contentHash``.  Those self-descriptions are the store's list of sources, so a fresh process reads what
is loaded from the store itself; every read joins through them, so a graph that does not describe itself
(another application's, or a staging graph) is not a source.

A source is written whole or not at all, and a write cut short at any byte leaves the previous source
whole.  One request is not enough for that: Fuseki 5.6 takes a request body that ends early (the client
killed, the connection lost; chunked or with a ``Content-Length``) as the whole body and commits what it
parsed, so a cut ``DROP GRAPH <g> ; INSERT DATA {...}`` would drop the graph and insert nothing.  So the new
triples go first into a staging graph, by ``INSERT DATA`` in the same request for a small source, by a
Graph Store Protocol ``PUT`` streamed as N-Triples for one of :data:`PUT_FROM` quads or more (answered
before anything else is sent); then a single operation, ``MOVE <staging> TO <g>``, replaces the source's
graph.  Every prefix of a request is then a syntax error or harmless: at worst a staging graph is left,
which no read sees.  The writer drops it after a failure; when the failure is kg's own (producing the quads
failed, or was interrupted), the PUT is not cut but ended with a line that does not parse, so the store
refuses it whole and has answered before the drop is sent (a drop racing a cut request's late commit could
otherwise run first).  The request holding the ``MOVE`` is one transaction in Fuseki, GraphDB and Neptune.

Reads are SPARQL SELECT queries sent to the store, with terms written by Oxigraph's serialiser (never
pasted text), results read as tab-separated values.  The expansion questions are answered by the in-memory
projection, which reads :meth:`SparqlStore.select` over a copy of the graph held in memory for the life of
the store object.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence

import pyoxigraph as ox

from kg.errors import StoreError
from kg.rdf import KGO, Quads, QuadSpool, term_value
from kg.resolve import ENTITY_CLASSES, KnownEntity
from kg.stores.base import SourceInfo, Store
from kg.stores.oxigraph import IDENTIFIER_SCHEMES, PREFIXES, STAGING, OxigraphStore
from kg.stores.sparql_protocol import Client, Endpoints, endpoints
from ontology import ONTOLOGY_NS

#: Sources of at least this many quads are streamed with a Graph Store Protocol PUT instead of one update.
PUT_FROM = 20_000
#: Triples per chunk of a PUT's streamed body.
CHUNK = 20_000
#: IRIs per ``existing`` query.
BATCH = 1_000
#: Seconds to wait for the store when dropping a staging graph after a failed write.
CLEANUP_TIMEOUT = 10.0

PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
ENTITY_VALUES = " ".join(f"kgo:{c}" for c in ENTITY_CLASSES)
#: What a source says of its own graph that makes it a source: its path and content hash.
DESCRIBED_BY = (KGO.sourcePath, KGO.contentHash)
DEFAULT = ox.DefaultGraph()


def in_sources(pattern: str, graph: str = "g") -> str:
    """``pattern`` matched in the graph of any source, that graph bound to ``?graph``."""
    return f"GRAPH ?{graph} {{ ?{graph} kgo:contentHash [] . {pattern} }}"


SOURCES = "SELECT ?g ?path ?hash WHERE { GRAPH ?g { ?g kgo:sourcePath ?path ; kgo:contentHash ?hash } }"
ANY_SOURCE = "SELECT ?g WHERE { GRAPH ?g { ?g kgo:contentHash [] } } LIMIT 1"
#: One query, so the four counts are of one state of the store.
STATS = f"""SELECT ?entities ?facts ?observations ?sources WHERE {{
  {{ SELECT (COUNT(DISTINCT ?e) AS ?entities) WHERE {{ VALUES ?t {{ {ENTITY_VALUES} }} {in_sources("?e a ?t")} }} }}
  {{ SELECT (COUNT(DISTINCT ?f) AS ?facts) WHERE {{ {in_sources("?f a kgo:Fact")} }} }}
  {{ SELECT (COUNT(DISTINCT ?x) AS ?observations) WHERE {{ {in_sources("?x a kgo:Observation")} }} }}
  {{ SELECT (COUNT(DISTINCT ?d) AS ?sources) WHERE {{ {in_sources("?d a kgo:Document")} }} }}
}}"""
_IDENTIFIERS = " ".join(f'(kgo:{s} "{s}")' for s in IDENTIFIER_SCHEMES)
#: The embedded store's query for the resolver, each pattern in whichever source states it.
KNOWN_ENTITIES = f"""SELECT ?e ?type ?name (GROUP_CONCAT(DISTINCT ?alias; SEPARATOR="\\u001f") AS ?aliases)
       (GROUP_CONCAT(DISTINCT CONCAT(?scheme, "=", ?id); SEPARATOR="\\u001f") AS ?ids)
WHERE {{
  VALUES ?type {{ {ENTITY_VALUES} }}
  {in_sources("?e a ?type", "g1")}
  {in_sources("?e kgo:name ?name", "g2")}
  OPTIONAL {{ {in_sources("?e kgo:alias ?alias", "g3")} }}
  OPTIONAL {{ VALUES (?p ?scheme) {{ {_IDENTIFIERS} }} {in_sources("?e ?p ?id", "g4")} }}
}} GROUP BY ?e ?type ?name"""
OWNERS = f"""SELECT DISTINCT ?product ?p ?owner WHERE {{
  VALUES ?p {{ kgo:launches kgo:develops }} {in_sources("?owner ?p ?product")} }}"""
QUADS = f"SELECT ?s ?p ?o ?g WHERE {{ {in_sources('?s ?p ?o')} }}"


def existing_query(iris: Sequence[ox.NamedNode]) -> str:
    """Which sources type each of ``iris`` (facts and figures are typed by every source stating them)."""
    values = " ".join(str(iri) for iri in iris)
    return f"SELECT DISTINCT ?x ?g WHERE {{ VALUES ?x {{ {values} }} {in_sources('?x a ?type')} }}"


def mentioning_query(iri: ox.NamedNode) -> str:
    return f"SELECT DISTINCT ?path WHERE {{ GRAPH ?g {{ ?g kgo:sourcePath ?path . {iri} ?p ?o }} }} ORDER BY ?path"


def staged_replacement(staging: ox.NamedNode, graph: ox.NamedNode, body: bytes) -> bytes:
    """One SPARQL Update request writing ``body`` (N-Triples) into ``staging``, then moving it over ``graph``."""
    return b"".join((f"INSERT DATA {{ GRAPH {staging} {{\n".encode(), body, b"} } ;\n", move(staging, graph)))


def move(staging: ox.NamedNode, graph: ox.NamedNode) -> bytes:
    """The one operation that replaces ``graph`` with ``staging`` (and drops ``staging``)."""
    return f"MOVE {staging} TO {graph}\n".encode()


def description(graph: ox.NamedNode, triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """What a source says of its own graph that makes it a source: its path and content hash."""
    return [t for t in triples if t.subject == graph and t.predicate in DESCRIBED_BY]


def described_lines(graph: ox.NamedNode, nquads: bytes) -> list[ox.Triple]:
    """:func:`description` read from a chunk of N-Quads, parsing only the lines that can hold it."""
    starts = tuple(f"{graph} {p} ".encode() for p in DESCRIBED_BY)
    if f"{graph} ".encode() not in nquads:
        return []
    lines = b"".join(line for line in nquads.splitlines(keepends=True) if line.startswith(starts))
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(lines, format=ox.RdfFormat.N_QUADS)]


def ntriples(graph: ox.NamedNode, quads: Quads, found: list[ox.Triple]) -> Iterator[bytes]:
    """A source's triples as N-Triples, a chunk at a time; its description is added to ``found`` on the way.

    A source spooled to disk is read back as written (N-Quads, every line ending in its graph's IRI), its
    graph cut from each line end in bytes, as the embedded store's bulk write does.
    """
    if isinstance(quads, QuadSpool) and quads.spilled:
        ending, cut = f" {graph} .\n".encode(), b" .\n"
        for chunk in quads.nquads():
            found += described_lines(graph, chunk)
            yield chunk.replace(ending, cut)
        return
    batch: list[ox.Triple] = []
    for q in quads:
        batch.append(ox.Triple(q.subject, q.predicate, q.object))
        if len(batch) >= CHUNK:
            found += description(graph, batch)
            yield ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b""
            batch = []
    found += description(graph, batch)
    yield ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b""


class SparqlStore(Store):
    """A dataset in a SPARQL 1.1 store, reached by its query, update and Graph Store Protocol endpoints."""

    name = "sparql"
    supports_rdf_view = True

    def __init__(self, where: Endpoints | str | None = None, *, put_from: int = PUT_FROM):
        """``where``: the endpoints, or a dataset's URL in Fuseki's layout; None reads them from the environment
        (:func:`kg.stores.sparql_protocol.endpoints`)."""
        self.endpoints = where if isinstance(where, Endpoints) else endpoints(where)
        self.client = Client(self.endpoints)
        self.put_from = put_from
        self._view: OxigraphStore | None = None

    @property
    def where(self) -> str:
        return self.endpoints.where

    def close(self) -> None:
        self._view = None

    # -- writes

    def replace_source(self, graph: str, quads: Quads, progress: Callable[[str], None] | None = None) -> None:
        node, staging = ox.NamedNode(graph), ox.NamedNode(f"{STAGING}{uuid.uuid4()}")
        self._view = None
        try:
            if len(quads) >= self.put_from or (isinstance(quads, QuadSpool) and quads.spilled):
                found: list[ox.Triple] = []
                self.client.put_graph(staging.value, ntriples(node, quads, found))
                self._check_described(node, found)
                self.client.update(move(staging, node))
            else:
                triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
                self._check_described(node, description(node, triples))
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
                self.client.update(staged_replacement(staging, node, body))
        except BaseException:
            self._drop_quietly(staging)
            raise

    def _check_described(self, graph: ox.NamedNode, found: list[ox.Triple]) -> None:
        """A graph that does not describe itself would be no source at all: refuse it before it replaces one."""
        if sorted(t.predicate.value for t in found) != sorted(p.value for p in DESCRIBED_BY):
            raise StoreError(
                f"{self.where}: the quads of {graph.value} do not give its source path and content hash once; "
                "kg writes only the sources it builds"
            )

    def _drop_quietly(self, staging: ox.NamedNode) -> None:
        """Drop a staging graph a failed write may have left; a store that does not answer keeps it (no read
        sees it)."""
        with contextlib.suppress(StoreError):
            Client(self.endpoints, CLEANUP_TIMEOUT).update(f"DROP SILENT GRAPH {staging}".encode())

    def remove_source(self, graph: str) -> None:
        self._view = None
        self.client.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}".encode())

    # -- reads

    def sources(self) -> dict[str, SourceInfo]:
        rows = self.client.rows(PROLOGUE + SOURCES)
        return {
            _text(r["path"]): SourceInfo(_text(r["g"]), _text(r["path"]), _text(r["hash"]))
            for r in rows
            if isinstance(r["g"], ox.NamedNode)
        }

    def is_empty(self) -> bool:
        return not self.client.rows(PROLOGUE + ANY_SOURCE)

    def stats(self) -> dict[str, int]:
        rows = self.client.rows(PROLOGUE + STATS)
        row = rows[0] if rows else None
        return {
            k: int(_text(row[k])) if row is not None else 0 for k in ("entities", "facts", "observations", "sources")
        }

    def known_entities(self) -> list[KnownEntity]:
        owners: dict[str, list[str]] = {}
        for r in self.client.rows(PROLOGUE + OWNERS):
            owners.setdefault(_text(r["product"]), []).append(_text(r["owner"]))
        known = []
        for r in self.client.rows(PROLOGUE + KNOWN_ENTITIES):
            iri = _text(r["e"])
            aliases = tuple(sorted(a for a in _text(r["aliases"]).split("\x1f") if a))
            ids = tuple(sorted((k, v) for k, _, v in (i.partition("=") for i in _text(r["ids"]).split("\x1f")) if v))
            known.append(
                KnownEntity(
                    iri,
                    _text(r["type"]).removeprefix(ONTOLOGY_NS),
                    _text(r["name"]),
                    aliases,
                    ids,
                    tuple(owners.get(iri, ())),
                )
            )
        return known

    def existing(self, iris: Sequence[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        nodes = [ox.NamedNode(iri) for iri in iris]
        for start in range(0, len(nodes), BATCH):
            for r in self.client.rows(PROLOGUE + existing_query(nodes[start : start + BATCH])):
                found.setdefault(_text(r["x"]), set()).add(_text(r["g"]))
        return found

    def sources_mentioning(self, iri: str) -> list[str]:
        return [_text(r["path"]) for r in self.client.rows(PROLOGUE + mentioning_query(ox.NamedNode(iri)))]

    def quads(self) -> Iterator[ox.Quad]:
        """Every source's quads in its named graph, in one query: a store that answers a query from one
        state (Fuseki, GraphDB) gives a write running meanwhile whole or not at all."""
        with self.client.solutions(PROLOGUE + QUADS) as found:
            try:
                for r in found:
                    yield ox.Quad(r["s"], r["p"], r["o"], r["g"])
            except (SyntaxError, OSError) as e:  # results cut off or garbled in transit
                raise self.client.unreadable(e) from None

    def select(self, query: str) -> list[dict]:
        """A SELECT over every source's triples as one graph, as the embedded store's default graph: run on a
        copy of the graph in memory, made at the first call (what the projection reads: kg paths, timeline,
        compare, market)."""
        if self._view is None:
            view = OxigraphStore.in_memory()
            view.ox.bulk_extend(
                part for q in self.quads() for part in (q, ox.Quad(q.subject, q.predicate, q.object, DEFAULT))
            )
            self._view = view
        return self._view.select(query)


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """A bound term's text (an IRI, a literal's lexical form); '' for an unbound one."""
    value = term_value(term)
    return "" if value is None else str(value)
