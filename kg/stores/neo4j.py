"""The Neo4j store: the graph as a researcher would build it by hand, on a real server.

Classes become labels (with their superclasses), relations become relationship
types in UPPER_SNAKE_CASE, and each fact is one relationship carrying its
qualifiers and provenance; :mod:`kg.stores.cypher` describes the layout and
holds every statement.  Each source is written in one managed transaction
(``session.execute_write``), which the driver retries on transient errors and
which leaves nothing of the source behind when it fails.  What each source
states is kept beside the graph (``STATES`` links, per-fact provenance
lists and the source's ``Evidence`` nodes), so replacing or removing a source
is exact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import neo4j
import pyoxigraph as ox
from neo4j.exceptions import ClientError, DriverError, Neo4jError
from neo4j.graph import Node, Path, Relationship

from kg.errors import QueryError, StoreError, Unsupported
from kg.memory import paused_cycle_collection, resumed_cycle_collection
from kg.rdf import Quads
from kg.resolve import KnownEntity
from kg.schema import load_schema
from kg.stores import cypher, cypher_guard, neo4j_parts
from kg.stores.base import SourceInfo, Store
from kg.stores.cypher_answers import CypherAnswers
from kg.stores.neo4j_mapping import (
    SourceRows,
    document_quads,
    entity_quads,
    fact_quads,
    observation_quads,
    source_parts,
    source_rows,
)
from kg.stores.neo4j_parts import TRANSACTION_LIMIT, TooBig, too_big_is_final

#: A source of more quads than this (about 30,000 facts) is written in parts (:mod:`kg.stores.neo4j_parts`)
#: rather than in one transaction; so is a smaller one that the server finds too big for one.
PARTS_FROM_QUADS = 400_000
#: Facts and figures per part: about 200 MB of transaction state each.
FACTS_PER_PART = 10_000


# ---------------------------------------------------------------- transaction bodies


def _detach(tx: neo4j.ManagedTransaction, graph: str) -> set[str]:
    """Take a source out of the graph; returns the entities it stated, to refresh."""
    found = tx.run(cypher.STATED_ENTITIES, graph=graph).single()
    if found is None:
        return set()
    tx.run(cypher.DELETE_EVIDENCE, graph=graph).consume()
    tx.run(cypher.detach_facts(), graph=graph, source=found["source"]).consume()
    tx.run(cypher.DETACH_OBSERVATIONS, graph=graph, source=found["source"]).consume()
    tx.run(cypher.DELETE_DOCUMENT, graph=graph).consume()
    return set(found["iris"])


def _refresh(tx: neo4j.ManagedTransaction, iris: set[str], dropped: set[str]) -> None:
    """Recompute entities from their sources; of those a source stopped stating, delete the unstated."""
    closure = cypher.entity_closure()
    for batch in cypher.batches(sorted(iris)):
        tx.run(cypher.refresh_entities(), iris=batch, closure=closure, classLabels=cypher.class_labels()).consume()
    for batch in cypher.batches(sorted(dropped)):
        tx.run(cypher.DELETE_UNSTATED, iris=batch).consume()


def _replace(tx: neo4j.ManagedTransaction, graph: str, rows: SourceRows) -> None:
    """The whole of one source's write: its old share out, its new share in, entities recomputed."""
    touched = _detach(tx, graph)
    tx.run(cypher.WRITE_DOCUMENT, graph=graph, props=rows.document).consume()
    for batch in cypher.batches(rows.entities):
        tx.run(cypher.WRITE_ENTITIES, graph=graph, rows=batch).consume()
    source = rows.document["path"]
    for relation in sorted(rows.facts):
        for batch in cypher.batches(rows.facts[relation]):
            tx.run(cypher.write_facts(relation), rows=batch, source=source).consume()
    for batch in cypher.batches(rows.observations):
        tx.run(cypher.WRITE_OBSERVATIONS, rows=batch, source=source).consume()
    for batch in cypher.batches(rows.evidence):
        tx.run(cypher.WRITE_EVIDENCE, graph=graph, rows=batch).consume()
    stated = {e["iri"] for e in rows.entities}
    _refresh(tx, touched | stated, touched - stated)


def _remove(tx: neo4j.ManagedTransaction, graph: str) -> None:
    touched = _detach(tx, graph)
    _refresh(tx, touched, touched)


# ---------------------------------------------------------------- the store


class Neo4jStore(Store):
    """A Neo4j database reached through the official driver (a local server, a cluster or a hosted one)."""

    name = "neo4j"
    supports_cypher = True
    supports_rdf_view = True

    def __init__(self, settings: Any):
        from kg.neo4j.local import connect

        self.settings = settings
        self.driver: neo4j.Driver | None = connect(settings)
        self._schema_ready = False

    def close(self) -> None:
        if self.driver is not None:
            self.driver.close()
            self.driver = None

    @property
    def where(self) -> str:
        """The server and database, for error messages (a password written into the URI is masked)."""
        database = getattr(self.settings, "database", None)
        uri = re.sub(r"(//[^/@:]*):[^/@]*@", r"\1:***@", self.settings.uri)
        return f"Neo4j at {uri}" + (f" (database {database})" if database else "")

    def _session(self, mode: str = neo4j.WRITE_ACCESS) -> neo4j.Session:
        if self.driver is None:
            raise StoreError(f"{self.where}: the store is closed")
        return self.driver.session(
            database=getattr(self.settings, "database", None),
            default_access_mode=mode,
            notifications_min_severity="OFF",
        )

    def _run(
        self, work: Callable[[neo4j.ManagedTransaction], Any], *, write: bool, error: type[Exception] = StoreError
    ) -> Any:
        """Run ``work`` in one managed transaction; driver errors become one-line project errors."""
        try:
            with self._session(neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS) as session:
                return (session.execute_write if write else session.execute_read)(work)
        except ClientError as e:
            raise error(f"{self.where}: {_first_line(e.message or str(e))}") from e
        except (Neo4jError, DriverError) as e:
            raise StoreError(f"{self.where}: {_first_line(getattr(e, 'message', None) or str(e))}") from e

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return self._run(lambda tx: [r.data() for r in tx.run(query, params)], write=False)

    def _ensure_schema(self) -> None:
        """Constraints and indexes before the first write (each statement is idempotent); then whatever a
        killed load or removal left unfinished is finished (:func:`kg.stores.neo4j_parts.recover`)."""
        if self._schema_ready:
            return
        with self._session() as session:
            for statement in cypher.schema_statements():
                self._schema_statement(session, statement)
            session.run(cypher.AWAIT_INDEXES).consume()
        self._schema_ready = True
        neo4j_parts.recover(self._write)

    def _write(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        return self._run(work, write=True)

    def _schema_statement(self, session: neo4j.Session, statement: str) -> None:
        try:
            session.run(statement).consume()
        except ClientError as e:
            relation = next(
                (r for r in load_schema().relations.values() if f"fact_iri_{r.neo4j_type.lower()} " in statement), None
            )
            if relation is None:
                raise StoreError(f"{self.where}: {_first_line(e.message or str(e))}") from e
            session.run(cypher.fact_index_fallback(relation.name)).consume()

    # -- the Store contract

    def sources(self) -> dict[str, SourceInfo]:
        return {r["path"]: SourceInfo(r["graph"], r["path"], r["hash"]) for r in self._read(cypher.SOURCES)}

    def replace_source(self, graph: str, quads: Quads, progress: Callable[[str], None] | None = None) -> None:
        """One transaction for a source that fits in one; a bigger one in parts (:mod:`kg.stores.neo4j_parts`)."""
        self._ensure_schema()
        if len(quads) <= PARTS_FROM_QUADS:
            try:
                self._replace_at_once(source_rows(graph, quads))
                return
            except TooBig:
                pass
        with resumed_cycle_collection(), source_parts(graph, quads, FACTS_PER_PART) as (head, parts):
            try:
                neo4j_parts.write(self._write, head, parts, progress)
            except TooBig:
                raise StoreError(
                    f"{self.where}: {head.document['path']}: a part of {FACTS_PER_PART:,} facts and figures needs "
                    f"more memory than the server's {TRANSACTION_LIMIT} lets one transaction use; nothing of it "
                    "was stored"
                ) from None

    def replace_rows(self, rows: SourceRows) -> None:
        """:meth:`replace_source` in one transaction, for rows already built by :func:`source_rows` (the load
        benchmark times both)."""
        self._ensure_schema()
        try:
            self._replace_at_once(rows)
        except TooBig:
            facts = sum(map(len, rows.facts.values())) + len(rows.observations)
            raise StoreError(
                f"{self.where}: {rows.document.get('path', rows.graph)} ({facts:,} facts and figures) needs more "
                f"memory than the server's {TRANSACTION_LIMIT} lets one transaction use; nothing of it was stored"
            ) from None

    def _replace_at_once(self, rows: SourceRows) -> None:
        def work(tx: neo4j.ManagedTransaction) -> None:
            too_big_is_final(lambda: _replace(tx, rows.graph, rows))

        with paused_cycle_collection():
            self._run(work, write=True)

    def remove_source(self, graph: str) -> None:
        """One transaction, or, for a source too big for one, a removal in parts that a crash cannot leave half."""
        self._ensure_schema()
        try:
            self._run(lambda tx: too_big_is_final(lambda: _remove(tx, graph)), write=True)
        except TooBig:
            path = next(info.path for info in self.sources().values() if info.graph == graph)
            neo4j_parts.remove(self._write, graph, path)

    def fingerprint(self) -> tuple[object, ...]:
        """What changes whenever the graph does: each source's content hash, and the counts.

        Asked in one auto-commit session, without the driver's retries, so an unreachable server shows at
        once (``kg serve --store neo4j`` polls this to answer 503 while the server is away).
        """
        try:
            with self._session(neo4j.READ_ACCESS) as session:
                sources = sorted((r["path"], r["hash"]) for r in session.run(cypher.SOURCES))
                counts = session.run(cypher.stats()).single(strict=True).data()
        except (Neo4jError, DriverError, OSError) as e:
            raise StoreError(f"{self.where}: {_first_line(getattr(e, 'message', None) or str(e))}") from e
        return tuple(sources), tuple(sorted(counts.items()))

    def is_empty(self) -> bool:
        return not self._read(cypher.ANY_DOCUMENT)

    def existing(self, iris: Sequence[str]) -> dict[str, set[str]]:
        graphs = {path: info.graph for path, info in self.sources().items()}
        found: dict[str, set[str]] = {}
        for batch in cypher.batches(list(iris)):
            for row in self._read(cypher.existing(), iris=batch):
                found.setdefault(row["iri"], set()).update(graphs[p] for p in row["sources"] or () if p in graphs)
        return found

    def known_entities(self) -> list[KnownEntity]:
        return [
            KnownEntity(
                r["iri"],
                r["type"],
                r["name"],
                tuple(r["aliases"] or ()),
                tuple((k, r[k]) for k in cypher.IDENTIFIERS if r[k] is not None),
                tuple(r["owners"]),
            )
            for r in self._read(cypher.KNOWN_ENTITIES)
        ]

    def sources_mentioning(self, iri: str) -> list[str]:
        return [r["path"] for r in self._read(cypher.SOURCES_MENTIONING, iri=iri)]

    def stats(self) -> dict[str, int]:
        row = self._read(cypher.stats())[0]
        return {k: int(row[k]) for k in ("entities", "facts", "observations", "sources")}

    def clear(self, *, batch: int = 10_000) -> None:
        """Delete every node and relationship, in batches small enough for any transaction memory limit."""
        for statement in (cypher.CLEAR_RELATIONSHIPS, cypher.CLEAR_NODES):

            def work(tx: neo4j.ManagedTransaction, statement: str = statement) -> int:
                return tx.run(statement, batch=batch).single(strict=True)["deleted"]

            while self._run(work, write=True):
                pass

    def quads(self) -> Iterator[ox.Quad]:
        """The RDF view: every source's quads in its named graph, as the embedded store would hold them.

        Read in one transaction, so a load running meanwhile is seen whole or not at all.
        """

        def work(tx: neo4j.ManagedTransaction) -> list[list[dict[str, Any]]]:
            return [
                [r.data() for r in tx.run(q)]
                for q in (cypher.RDF_DOCUMENTS, cypher.RDF_STATEMENTS, cypher.rdf_facts(), cypher.RDF_OBSERVATIONS)
            ]

        return self._rdf(*self._run(work, write=False))

    @staticmethod
    def _rdf(
        documents: list[dict], states: list[dict], facts: list[dict], observations: list[dict]
    ) -> Iterator[ox.Quad]:
        """Quads from the rows of the RDF view's queries."""
        graphs = {d["props"]["path"]: d["props"]["iri"] for d in documents}
        relations = cypher.relation_names()
        for d in documents:
            yield from document_quads(d["props"])
        for r in states:
            yield from entity_quads(r["graph"], r["iri"], r["state"])
        for r in facts:
            yield from fact_quads(relations[r["type"]], r["subject"], r["object"], r["props"], graphs)
        for r in observations:
            yield from observation_quads(r["subject"], r["props"], graphs)

    def neighbourhood_quads(self, key: str, depth: int) -> Iterator[ox.Quad] | None:
        """The RDF view of what ``kg export --company`` can reach, or None when no entity holds the name ``key``.

        Every entity holding the key starts a breadth-first walk of ``depth`` facts, either way, along every
        fact; the view holds those entities, the channels and markets their facts cite, the facts between
        them, their figures and every document.  The export's own filters then choose within it exactly as
        within the whole graph: they only ever keep less, and the walk never needs what lies further.
        """

        def work(tx: neo4j.ManagedTransaction) -> list[list[dict[str, Any]]] | None:
            starts = {r["iri"] for r in tx.run(cypher.ENTITIES_WITH_KEY, key=key)}
            if not starts:
                return None
            seen, frontier = set(starts), sorted(starts)
            for _ in range(depth):
                found = {r["iri"] for r in tx.run(cypher.neighbours(), iris=frontier)} - seen
                seen |= found
                frontier = sorted(found)
                if not frontier:
                    break
            seen |= {r["iri"] for r in tx.run(cypher.cited(), iris=sorted(seen))}
            iris = sorted(seen)
            return [
                [r.data() for r in tx.run(q, iris=iris)]
                for q in (
                    cypher.RDF_DOCUMENTS,
                    cypher.RDF_STATEMENTS_OF,
                    cypher.rdf_facts_of(),
                    cypher.RDF_OBSERVATIONS_OF,
                )
            ]

        rows = self._run(work, write=False)
        return None if rows is None else self._rdf(*rows)

    def select(self, query: str) -> list[dict]:
        """Commands built on the SPARQL projection get one line saying so, not a traceback."""
        raise Unsupported(
            f"the {self.name} store does not answer SPARQL; this command runs on the embedded store "
            "(docs/neo4j.md lists the commands that run on Neo4j)"
        )

    # -- Cypher for researchers

    def cypher(self, query: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[dict]:
        """Run a researcher's query; read-only unless ``write``.

        Read-only is a read transaction (the server refuses writes in one) and,
        before it runs, the server's ``EXPLAIN`` of the query judged by
        :mod:`kg.stores.cypher_guard` (a read transaction still allows LOAD CSV,
        TERMINATE TRANSACTIONS and procedures that change the server).
        """

        def work(tx: neo4j.ManagedTransaction) -> list[dict]:
            if not write:
                reason = cypher_guard.refusal(tx.run(f"EXPLAIN {query}", params or {}).consume())
                if reason:
                    raise QueryError(f"{self.where}: refused without --write: {reason}")
            result = tx.run(query, params or {})
            return [{k: plain(v) for k, v in zip(record.keys(), record.values(), strict=True)} for record in result]

        return self._run(work, write=write, error=QueryError)

    def answers(self) -> CypherAnswers:
        """The expansion questions, answered in Cypher by the server."""
        return CypherAnswers(self._read, lambda work: self._run(work, write=False))


def _first_line(text: str) -> str:
    return " ".join(text.strip().splitlines()[:1]) or "unknown error"


def plain(value: Any) -> Any:
    """Driver values as plain JSON-ready Python: nodes and relationships as property maps."""
    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes], "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
