"""The work behind every request, run wherever the store handle lives.

A :class:`Job` is a small picklable description of one request's store work;
:func:`execute` turns it into an :class:`Outcome` (status, media type, body).
Worker processes call it on their own read-only handle, the writer process on
the primary, and ``kg serve --get`` in-process on the store it opened, so all
three give byte-identical answers.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox

from kg.queries.guard import Checked, Refused, check_query, check_update
from kg.server import formats
from kg.server.errors import HttpError
from kg.server.results import serialize_within_cap, write_boolean, write_graph, write_solutions
from ontology import ONTOLOGY_NS

PREFIXES = {
    "kgo": ONTOLOGY_NS,
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
READS = ("query", "graph", "graphs")
WRITES = ("update", "put", "post", "delete")
_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
DEFAULT = ox.DefaultGraph()
_KGO = {name: ox.NamedNode(ONTOLOGY_NS + name) for name in ("Document", "sourcePath", "contentHash", "loadedAt")}


@dataclass(frozen=True)
class Job:
    """One request's store work; ``snapshot`` names the data a reader must have open."""

    op: str
    text: str = ""
    accept: str | None = None
    max_rows: int = 100_000
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    graph: str | None = None
    body: bytes = b""
    content_type: str | None = None
    base_iri: str | None = None
    snapshot: tuple[str, int] = ("", 0)

    @property
    def writes(self) -> bool:
        return self.op in WRITES


@dataclass
class Outcome:
    """What a job produced: an HTTP status, a media type and a body; ``changed`` marks a write."""

    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    changed: bool = False
    value: Any = None


def execute(store: ox.Store, job: Job) -> Outcome:
    """Run ``job`` on ``store``; protocol-level failures come back as error outcomes, never raised."""
    try:
        return _OPS[job.op](store, job)
    except HttpError as e:
        return Outcome(e.status, (e.message + "\n").encode("utf-8"), "text/plain; charset=utf-8", e.headers)


def _named(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as e:
        raise HttpError(400, f"not an absolute IRI: {iri!r} ({e})") from None


def dataset_options(job: Job, checked: Checked) -> dict[str, Any]:
    """pyoxigraph's dataset arguments for a job.

    Protocol parameters replace the query's own dataset (SPARQL 1.1 Protocol
    2.1.4); otherwise the query's FROM clauses, or the store's default graph,
    which holds every source's triples once each (:mod:`kg.stores.oxigraph`).
    """
    if job.default_graphs is not None or job.named_graphs is not None:
        return {
            "default_graph": [_named(g) for g in job.default_graphs or ()],
            "named_graphs": [_named(g) for g in job.named_graphs or ()],
        }
    return {}


def _guarded(check: Callable[[str], Checked], text: str) -> Checked:
    """The text to run, checked here, in the process that runs it: nothing that fetches remote data."""
    try:
        return check(text)
    except Refused as e:
        raise HttpError(400, str(e)) from None


def _evaluate(store: ox.Store, job: Job) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    checked = _guarded(check_query, job.text)
    try:
        return store.query(checked.text, base_iri=job.base_iri, prefixes=PREFIXES, **dataset_options(job, checked))
    except SyntaxError as e:
        raise HttpError(400, f"SPARQL syntax error: {e}") from None


def _query(store: ox.Store, job: Job) -> Outcome:
    answer = _evaluate(store, job)
    if isinstance(answer, ox.QueryTriples):
        return _graph_outcome(answer, job)
    fmt = _negotiate(job.accept, formats.RESULTS)
    if isinstance(answer, ox.QueryBoolean):
        return Outcome(200, write_boolean(answer, fmt.media_type), formats.content_type(fmt))
    body = serialize_within_cap(answer, fmt.media_type, job.max_rows)
    truncated = False
    if body is None:  # a long answer: evaluated again, written row by row and cut at the cap
        again = _evaluate(store, job)
        assert isinstance(again, ox.QuerySolutions)
        body, truncated = write_solutions(again, fmt.media_type, job.max_rows)
    return Outcome(200, body, formats.content_type(fmt), _cap_headers(truncated, job))


def _negotiate(accept: str | None, offered: tuple[formats.Format, ...]) -> formats.Format:
    fmt = formats.negotiate(accept, offered)
    if fmt is None:
        raise HttpError(
            406,
            f"none of the acceptable types ({accept}) can carry this answer; offered: {formats.offered_list(offered)}",
        )
    return fmt


def _cap_headers(truncated: bool, job: Job) -> dict[str, str]:
    """Virtuoso's header for an answer cut at the cap, so clients can tell a partial answer."""
    return {"X-SPARQL-MaxRows": str(job.max_rows)} if truncated else {}


def _graph_outcome(triples: Iterable[ox.Triple], job: Job) -> Outcome:
    fmt = _negotiate(job.accept, formats.GRAPHS)
    body, truncated = write_graph(triples, fmt.media_type, job.max_rows)
    return Outcome(200, body, formats.content_type(fmt), _cap_headers(truncated, job))


def _read_graph(store: ox.Store, job: Job) -> Outcome:
    """Graph Store Protocol GET: one named graph, or with ``?default`` the default graph the queries see."""
    if job.graph is None:
        return _graph_outcome((q.triple for q in store.quads_for_pattern(None, None, None, DEFAULT)), job)
    node = _named(job.graph)
    if not store.contains_named_graph(node):
        raise HttpError(404, f"no graph named <{job.graph}> in this store")
    return _graph_outcome((q.triple for q in store.quads_for_pattern(None, None, None, node)), job)


def _list_graphs(store: ox.Store, job: Job) -> Outcome:
    """The named graphs, for the service description."""
    return Outcome(200, value=sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))


def _update(store: ox.Store, job: Job) -> Outcome:
    """SPARQL Update on the same default graph queries see; graphs it creates are recorded as sources."""
    from kg.server.dataset_text import with_dataset
    from kg.stores.oxigraph import register_graph

    checked = _guarded(check_update, job.text)
    text = with_dataset(checked.text, job.default_graphs, job.named_graphs)
    try:
        store.update(text, base_iri=job.base_iri, prefixes=PREFIXES)
    except SyntaxError as e:
        raise HttpError(400, f"SPARQL syntax error: {e}") from None
    digest = hashlib.sha256(job.text.encode("utf-8")).hexdigest()
    for graph in list(_unmarked(store)):
        register_graph(store, graph, description(graph, digest))
    store.flush()
    return Outcome(204, changed=True)


def _unmarked(store: ox.Store) -> Iterator[ox.NamedNode]:
    """Named graphs without the completion marker the embedded store drops unmarked graphs for."""
    from kg.stores.oxigraph import HTTP_SOURCES

    registry = ox.NamedNode(HTTP_SOURCES)
    for graph in store.named_graphs():
        if isinstance(graph, ox.NamedNode) and not any(
            next(iter(store.quads_for_pattern(graph, _KGO["contentHash"], None, where)), None)
            for where in (graph, registry)
        ):
            yield graph


def description(graph: ox.NamedNode, digest: str) -> list[ox.Triple]:
    """What makes a graph written over HTTP a source like any loaded file.

    The embedded store treats a named graph without ``kgo:contentHash`` as a
    load a crash interrupted and drops it on the next open, so every graph
    this endpoint creates is described, with its IRI as its path, in the
    store's registry of HTTP sources rather than in the graph itself: a
    graph reads back exactly as it was written.
    """
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    stamp = ox.Literal(now, datatype=ox.NamedNode(PREFIXES["xsd"] + "dateTime"))
    return [
        ox.Triple(graph, _TYPE, _KGO["Document"]),
        ox.Triple(graph, _KGO["sourcePath"], ox.Literal(graph.value)),
        ox.Triple(graph, _KGO["contentHash"], ox.Literal(digest)),
        ox.Triple(graph, _KGO["loadedAt"], stamp),
    ]


def marker(graph: ox.NamedNode, digest: str) -> list[ox.Quad]:
    """The registry quads :func:`description` stands for, for writing a graph without the endpoint."""
    from kg.stores.oxigraph import HTTP_SOURCES

    registry = ox.NamedNode(HTTP_SOURCES)
    return [
        ox.Quad(t.subject, t.predicate, t.object, registry)
        for t in (*description(graph, digest), ox.Triple(registry, _KGO["contentHash"], ox.Literal("registry")))
    ]


def _parse_body(job: Job, graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    media_type = (job.content_type or "").split(";")[0].strip().lower()
    if media_type == "multipart/form-data" and job.op == "post":
        return [q for part in _form_parts(job) for q in _parse_body(part, graph)]
    fmt = formats.GRAPH_READERS.get(media_type)
    if fmt is None:
        raise HttpError(
            415,
            f"cannot read a graph sent as {media_type or 'no Content-Type'}; "
            f"send one of {', '.join(sorted(formats.GRAPH_READERS))}",
        )
    base = graph.value if isinstance(graph, ox.NamedNode) else job.base_iri
    try:
        # a blank node's label names it within one document only: the same label in another body (a second
        # POST, another part of a multipart one) is another node, so labels are replaced by fresh ones
        triples = list(
            ox.parse(job.body, format=fmt, base_iri=base, without_named_graphs=True, rename_blank_nodes=True)
        )
    except (SyntaxError, ValueError) as e:
        raise HttpError(400, f"the {media_type} body does not parse: {e}") from None
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def _form_parts(job: Job) -> list[Job]:
    """The files of a ``multipart/form-data`` POST, each a body of its own type (Graph Store Protocol 5.5).

    Each part is parsed on its own, as if the files were POSTed one by one,
    so a blank node in one file is not the one of the same label in another.
    """
    from email.parser import BytesParser
    from email.policy import HTTP

    head = f"Content-Type: {job.content_type}\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + job.body)
    if not message.is_multipart() or message.defects:
        raise HttpError(400, "the multipart/form-data body does not parse (is its boundary right?)")
    parts = []
    for part in message.iter_parts():
        if part.is_multipart():
            raise HttpError(400, "a multipart/form-data part may not be multipart itself")
        payload = part.get_payload(decode=True)
        parts.append(
            replace(
                job,
                op="put",
                body=payload if isinstance(payload, bytes) else b"",
                content_type=part.get("Content-Type"),
            )
        )
    if not parts:
        raise HttpError(400, "the multipart/form-data body holds no part")
    return parts


def _write_graph(store: ox.Store, job: Job) -> Outcome:
    """Graph Store Protocol PUT (replace), POST (merge) and DELETE; each graph change one transaction.

    A named graph is a source: its triples join the default graph, and leave
    it with the graph unless another source states them.  ``?default``
    writes the default graph alone.
    """
    from kg.stores.oxigraph import add_quads, forget_graph, register_graph, swap_graph

    if job.graph is None:
        return _write_default(store, job)
    graph = _named(job.graph)
    existed = store.contains_named_graph(graph)
    if job.op == "delete":
        if not existed:
            raise HttpError(404, f"no graph named <{job.graph}> in this store")
        forget_graph(store, graph)
    else:
        quads = _parse_body(job, graph)
        if job.op == "put" and existed:
            swap_graph(store, graph, quads)  # never a removal and a write: a kill between them lost the graph
        else:
            add_quads(store, quads)
        if job.op == "put" or not existed:
            register_graph(store, graph, description(graph, hashlib.sha256(job.body).hexdigest()))
    store.flush()
    return Outcome(201 if job.op != "delete" and not existed else 204, changed=True)


def _write_default(store: ox.Store, job: Job) -> Outcome:
    """``?default``: PUT replaces the default graph, POST adds to it, DELETE empties it; each one transaction."""
    from kg.stores.oxigraph import BULK_THRESHOLD, STAGING

    # content written to an empty default graph is new content, which Graph Store Protocol 5.3 answers with 201
    was_empty = next(iter(store.quads_for_pattern(None, None, None, DEFAULT)), None) is None
    if job.op == "delete":
        store.update("CLEAR SILENT DEFAULT")
    elif job.op == "post":
        store.extend(_parse_body(job, ox.DefaultGraph()))
    else:
        staging = ox.NamedNode(f"{STAGING}{uuid.uuid4()}")
        quads = [ox.Quad(q.subject, q.predicate, q.object, staging) for q in _parse_body(job, ox.DefaultGraph())]
        (store.bulk_extend if len(quads) >= BULK_THRESHOLD else store.extend)(quads)
        store.update(f"CLEAR SILENT DEFAULT ;\nADD SILENT {staging} TO DEFAULT")
        store.remove_graph(staging)
    store.flush()
    created = job.op != "delete" and was_empty and next(iter(store.quads_for_pattern(None, None, None, DEFAULT)), None)
    return Outcome(201 if created else 204, changed=True)


_OPS: dict[str, Callable[[ox.Store, Job], Outcome]] = {
    "query": _query,
    "graph": _read_graph,
    "graphs": _list_graphs,
    "update": _update,
    "put": _write_graph,
    "post": _write_graph,
    "delete": _write_graph,
}
