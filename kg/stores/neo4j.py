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

from kg import places
from kg.answers import (
    ASPECTS,
    EVENT_RELATIONS,
    Comparison,
    Event,
    ExpansionPath,
    FactFilter,
    Hop,
    event_order,
    path_rank,
    tie_rank,
)
from kg.errors import AmbiguousName, EntityNotFound, QueryError, StoreError, Unsupported
from kg.memory import paused_cycle_collection
from kg.queries.market import MarketEntry, market_entry, most_ways_in_first
from kg.resolve import ENTITY_CLASSES, KnownEntity, name_key
from kg.schema import load_schema
from kg.stores import cypher, cypher_guard
from kg.stores.base import SourceInfo, Store
from kg.stores.neo4j_mapping import SourceRows, document_quads, entity_quads, fact_quads, observation_quads, source_rows
from kg.vocabulary import MARKET_TYPES, MAX_HOPS, STEP_RELATIONS


def _batches(rows: Sequence[Any], size: int = cypher.BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


# ---------------------------------------------------------------- transaction bodies


def _closure() -> dict[str, list[str]]:
    schema = load_schema()
    return {cls: [cls, *schema.superclasses.get(cls, ())] for cls in ENTITY_CLASSES}


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
    closure = _closure()
    for batch in _batches(sorted(iris)):
        tx.run(
            cypher.refresh_entities(), iris=list(batch), closure=closure, classLabels=cypher.class_labels()
        ).consume()
    for batch in _batches(sorted(dropped)):
        tx.run(cypher.DELETE_UNSTATED, iris=list(batch)).consume()


def _replace(tx: neo4j.ManagedTransaction, graph: str, rows: SourceRows) -> None:
    """The whole of one source's write: its old share out, its new share in, entities recomputed."""
    touched = _detach(tx, graph)
    tx.run(cypher.WRITE_DOCUMENT, graph=graph, props=rows.document).consume()
    for batch in _batches(rows.entities):
        tx.run(cypher.WRITE_ENTITIES, graph=graph, rows=list(batch)).consume()
    source = rows.document["path"]
    for relation in sorted(rows.facts):
        for batch in _batches(rows.facts[relation]):
            tx.run(cypher.write_facts(relation), rows=list(batch), source=source).consume()
    for batch in _batches(rows.observations):
        tx.run(cypher.WRITE_OBSERVATIONS, rows=list(batch), source=source).consume()
    for batch in _batches(rows.evidence):
        tx.run(cypher.WRITE_EVIDENCE, graph=graph, rows=list(batch)).consume()
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
        """Constraints and indexes before the first write; each statement is idempotent."""
        if self._schema_ready:
            return
        with self._session() as session:
            for statement in cypher.schema_statements():
                self._schema_statement(session, statement)
            session.run(cypher.AWAIT_INDEXES).consume()
        self._schema_ready = True

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

    def replace_source(self, graph: str, quads: Sequence[ox.Quad]) -> None:
        self.replace_rows(source_rows(graph, quads))

    def replace_rows(self, rows: SourceRows) -> None:
        """:meth:`replace_source` for rows already built by :func:`source_rows` (the load benchmark times both)."""
        self._ensure_schema()
        with paused_cycle_collection():
            self._run(lambda tx: _replace(tx, rows.graph, rows), write=True)

    def remove_source(self, graph: str) -> None:
        self._ensure_schema()
        self._run(lambda tx: _remove(tx, graph), write=True)

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
        for batch in _batches(list(iris)):
            for row in self._read(cypher.existing(), iris=list(batch)):
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

    # -- expansion paths, in Cypher

    def expansion_paths(
        self, source: str, target: str | None = None, *, max_hops: int = 4, where: FactFilter = FactFilter()
    ) -> list[ExpansionPath]:
        """The answer of :func:`kg.queries.expansion.expansion_paths`, computed by the server."""
        if not 1 <= max_hops <= MAX_HOPS:
            raise QueryError(f"--max-hops must be between 1 and {MAX_HOPS}, not {max_hops}")
        start = self._find(source, ("Company", "Organization", "Brand"))
        rows = self._paths(max_hops, starts=[start["iri"]], **self._target(target), **_filter_params(where))
        return sorted(rows, key=path_rank)

    def timeline(self, company: str) -> list[Event]:
        """The answer of :func:`kg.queries.timeline.timeline`, computed by the server."""
        start = self._find(company, ("Company", "Organization", "Brand"))
        rows = self._read(cypher.timeline(EVENT_RELATIONS), start=start["iri"], relations=cypher.relation_names())
        return sorted({Event(**r) for r in rows}, key=event_order)

    def compare(self, names: list[str], *, max_hops: int = 4) -> Comparison:
        """The answer of :func:`kg.queries.compare.compare`, computed by the server."""
        if len(names) < 2:
            raise QueryError("compare needs at least two companies")
        starts = [self._find(n, ("Company", "Organization", "Brand")) for n in names]
        companies = tuple(s["name"] for s in starts)
        aspects: dict[str, dict[str, list[str]]] = {"markets": {}, **{a: {} for a in ASPECTS}}
        by_relation = {relation: aspect for aspect, relation in ASPECTS.items()}
        for name, start in zip(companies, starts, strict=True):
            aspects["markets"][name] = sorted({p.market for p in self.expansion_paths(name, max_hops=max_hops)})
            found = {
                r["relation"]: r["names"]
                for r in self._read(
                    cypher.controlled_objects(tuple(ASPECTS.values())),
                    start=start["iri"],
                    relations=cypher.relation_names(),
                )
            }
            for relation, aspect in by_relation.items():
                aspects[aspect][name] = sorted(found.get(relation, []))
        return Comparison(companies, aspects)

    def market_entrants(self, market: str, *, max_hops: int = 4, where: FactFilter = FactFilter()) -> list[MarketEntry]:
        """The answer of :func:`kg.queries.market.market_entrants`: every top-level company's paths, in one query."""
        if not 1 <= max_hops <= MAX_HOPS:
            raise QueryError(f"--max-hops must be between 1 and {MAX_HOPS}, not {max_hops}")
        target = self._target(market)
        starts = [r["iri"] for r in self._read(cypher.TOP_LEVEL_COMPANIES, specific=_naming()["specific"])]
        grouped: dict[int, list[ExpansionPath]] = {}
        for start, path in self._paths(max_hops, starts=starts, **target, **_filter_params(where), rows=True):
            grouped.setdefault(start, []).append(path)
        return most_ways_in_first(
            [market_entry(paths[0].hops[0].source_name, sorted(paths, key=path_rank)) for paths in grouped.values()]
        )

    def _paths(self, max_hops: int, *, rows: bool = False, **params: Any) -> list:
        """The paths of :func:`cypher.expansion_paths` (with the index of their start in ``$starts`` when ``rows``),
        in no order.

        One read transaction: the paths, as their facts' element ids, then each of those facts as a hop (names,
        evidence, source, types), read and built once however many paths share it.  The server folds together
        the paths with the same hops (by names) that end at the same node; those that end at two nodes of one
        name meet here, and the better stays by the server's rule.
        """
        params.update(_naming())

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[list[Any]], dict[str, tuple[Hop, str, str]]]:
            found = tx.run(cypher.expansion_paths(max_hops), params).values()
            if not found:
                return found, {}
            ids = sorted({f for _, _, facts in found for f in facts})
            rows = tx.run(cypher.HOP_FACTS, facts=ids, relations=params["relations"], specific=params["specific"])
            return found, {r[0]: (Hop(*r[1:11]), r[11], r[12]) for r in rows.values()}

        found, hops = self._run(work, write=False)
        kept: dict[tuple, tuple[tuple, int, ExpansionPath]] = {}
        for start, mode, facts in found:
            path = _path(mode, facts, hops)
            key = (start, path.hops[0].source_name, *((h.relation, h.target_name) for h in path.hops))
            rank = tie_rank(path, [hops[f][2] for f in facts])
            if key not in kept or rank < kept[key][0]:
                kept[key] = (rank, start, path)
        return [(start, path) for _, start, path in kept.values()] if rows else [p for _, _, p in kept.values()]

    def _find(self, name: str, types: tuple[str, ...]) -> dict[str, Any]:
        """The entity a name or alias denotes, with the same errors as :func:`kg.queries.expansion.find_entity`."""
        rows = self._lookup(name_key(name), types)
        if len(rows) == 1:
            return rows[0]
        if rows:
            listed = "; ".join(f"{r['name']} ({entity_type(r['labels'])}, {r['iri']})" for r in rows)
            raise AmbiguousName(f"{name!r} names {len(rows)} entities: {listed}")
        names = [r["name"] for r in self._read(cypher.ENTITY_NAMES, types=list(types))]
        raise EntityNotFound(f"no entity named {name!r}{_suggestions(name, names)}")

    def _lookup(self, key: str, types: tuple[str, ...]) -> list[dict[str, Any]]:
        """Entities holding ``key``, found through the full-text index; a scan of every entity's keys only when
        the index finds none (a database written before the index existed, or a name that is not there)."""
        if key:
            try:
                rows = self._read(cypher.FIND_ENTITY_INDEXED, words=f'keys:"{key}"', key=key, types=list(types))
            except StoreError:
                rows = []
            if rows:
                return rows
        return self._read(cypher.FIND_ENTITY, key=key, types=list(types))

    def _target(self, market: str | None) -> dict[str, Any]:
        """Parameters of the target test, as :func:`kg.queries.expansion.target_test` decides it."""
        params: dict[str, Any] = {
            "any": market is None,
            "target": None,
            "country": None,
            "members": [],
            "regionName": None,
        }
        if market is None:
            return params
        country, region = places.country(market), places.region(market)
        if country is None and region is None:
            found = self._find(market, (*MARKET_TYPES, "Segment"))
            params["target"] = found["iri"]
            region = places.region(found["name"]) if entity_type(found["labels"]) == "Region" else None
        params["country"] = country.code if country else None
        params["members"] = sorted(region.members) if region else []
        params["regionName"] = region.name if region else None
        return params


def _filter_params(where: FactFilter) -> dict[str, Any]:
    return {
        "allowedModes": sorted(where.via),
        "sinceStart": where.since.start if where.since else None,
        "untilEnd": where.until.end if where.until else None,
        "asOfStart": where.as_of.start if where.as_of else None,
        "asOfEnd": where.as_of.end if where.as_of else None,
    }


def _naming() -> dict[str, Any]:
    """Relation names, entry modes and the class order that name hops as the projection does."""
    schema = load_schema()
    specific = sorted(ENTITY_CLASSES, key=lambda c: -len(schema.superclasses.get(c, ())))
    return {
        "relations": cypher.relation_names(),
        "specific": specific,
        "stepModes": {schema.relations[r].neo4j_type: m for r, m in STEP_RELATIONS.items()},
    }


def entity_type(labels: Sequence[str]) -> str:
    """The most specific class among a node's labels (Company over Organization)."""
    schema = load_schema()
    classes = [c for c in labels if c in ENTITY_CLASSES]
    for cls in classes:
        if not any(cls in schema.superclasses.get(other, ()) for other in classes):
            return cls
    return classes[0] if classes else "Entity"


def _suggestions(name: str, names: list[str]) -> str:
    """Close names, scored as :func:`kg.queries.expansion.find_entity` scores them."""
    from rapidfuzz import fuzz, process, utils

    close = [
        m
        for m, score, _ in process.extract(name, names, scorer=fuzz.ratio, processor=utils.default_process, limit=3)
        if score >= 60
    ]
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def _path(mode: str, facts: list[str], hops: dict[str, tuple[Hop, str, str]]) -> ExpansionPath:
    """A path of :func:`cypher.expansion_paths` from its facts' hops (shared by every path through a fact)."""
    last, market_iri, _ = hops[facts[-1]]
    return ExpansionPath(tuple(hops[f][0] for f in facts), last.target_name, mode, market_iri)


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
