"""Which part of the graph an export covers: ``--company``/``--depth``, ``--type``, ``--relation``, ``--source``.

A :class:`Selection` answers questions about single nodes (is this entity,
fact or quad in the export?) by index lookups in the store, so filtering
streams like the full export does.  Only ``--company`` holds a set: the
neighbourhood's entity IRIs, found breadth-first before the export starts.

What the filters mean:

- ``--source PATH`` (repeatable): only what those sources state, as if the
  store held nothing else (support, provenance and names come from them alone);
- ``--type T`` (repeatable): entities of class T or a subclass of it
  (``Organization`` includes companies, ``Market`` countries and regions);
- ``--relation R`` (repeatable): facts of relation R, and the entities they link;
- ``--company NAME --depth N``: the entity NAME (a company, or any entity by
  name or alias) and what is at most N facts away from it, in either direction,
  along the facts and through the entities the other filters keep.

Facts are kept when their relation is kept and both ends are.  RDF and fact
line exports also describe (name and type) the channels and markets that kept
facts cite in ``via`` and ``market``, so they load back on their own.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from kg.answers import COMPANY_KINDS, NamedEntity, pick_entity
from kg.errors import EntityNotFound, QueryError
from kg.rdf import (
    DERIVATION,
    KGO,
    PROV_ENTITY,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    TYPE,
    NamedQuad,
    named_quads,
    source_iri,
    stored_quads,
)
from kg.resolve import ENTITY_CLASSES, name_key
from kg.schema import load_schema
from ontology import ONTOLOGY_NS

CACHE = 1 << 14


@dataclass(frozen=True)
class Filters:
    """The filters of ``kg export``, as given on the command line."""

    company: str | None = None
    depth: int = 1
    types: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def narrows(self) -> bool:
        """True when entities or facts are left out (not only whole sources)."""
        return bool(self.company or self.types or self.relations)


def entity_kinds() -> tuple[str, ...]:
    """Classes ``--type`` accepts: the entity classes and their superclasses in the ontology."""
    schema = load_schema()
    supers = {s for c in ENTITY_CLASSES for s in schema.superclasses.get(c, ())}
    return tuple(sorted(set(ENTITY_CLASSES) | supers))


def _check(filters: Filters) -> None:
    unknown = [t for t in filters.types if t not in entity_kinds()]
    if unknown:
        raise QueryError(f"unknown type {unknown[0]!r} in --type; known: {', '.join(entity_kinds())}")
    relations = load_schema().relations
    unknown = [r for r in filters.relations if r not in relations]
    if unknown:
        raise QueryError(f"unknown relation {unknown[0]!r} in --relation; known: {', '.join(relations)}")
    if filters.depth < 0:
        raise QueryError(f"--depth must be 0 or more, not {filters.depth}")


class Selection:
    """The part of one Oxigraph store that an export covers."""

    def __init__(self, store: ox.Store, filters: Filters = Filters()):
        self.ox, self.filters = store, filters
        del store  # a traceback of a failed export must not keep the data folder open through this frame
        self.entity_types = lru_cache(CACHE)(self._entity_types)
        self.keeps_entity = lru_cache(CACHE)(self._keeps_entity)
        self.describes_entity = lru_cache(CACHE)(self._describes_entity)
        self.fact_triple = lru_cache(CACHE)(self._fact_triple)
        self._subject_kind = lru_cache(CACHE)(self._kind)
        self.keeps_document = lru_cache(CACHE)(self._keeps_document)
        self.neighbourhood: frozenset[str] | None = None
        self.start: str | None = None
        try:
            self._prepare(filters)
        except BaseException:
            self.close()
            raise

    def _prepare(self, filters: Filters) -> None:
        _check(filters)
        self.paths = _source_paths(self.ox)
        self.graphs = _graphs_of(self.paths, filters.sources) if filters.sources else None
        self._relation_iris = {ONTOLOGY_NS + r: r for r in (filters.relations or load_schema().relations)}
        self._all_relations = {ONTOLOGY_NS + r: r for r in load_schema().relations}
        if filters.company:
            self.start = find_entity(self, filters.company)
            self.neighbourhood = self._neighbourhood(self.start, filters.depth)

    def close(self) -> None:
        """Let go of the store: the caches refer back to this object, so it is freed only by the cycle collector."""
        for cached in (
            self.entity_types,
            self.keeps_entity,
            self.describes_entity,
            self.fact_triple,
            self._subject_kind,
            self.keeps_document,
        ):
            cached.cache_clear()
        self.ox = None  # type: ignore[assignment]

    # -- graphs

    def has_graph(self, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
        """Whether quads of this graph are in the export (the default graph only without --source)."""
        if self.graphs is None:
            return True
        return isinstance(graph, ox.NamedNode) and graph.value in self.graphs

    def source_path(self, graph: str) -> str:
        """The path a source graph was loaded from (its IRI when it has no document node)."""
        return self.paths.get(graph, graph)

    def selected_graphs(self) -> list[str]:
        """The source graphs in the export, in source-path order."""
        graphs = self.graphs if self.graphs is not None else {g.value for g in self.ox.named_graphs()}
        return sorted(graphs, key=lambda g: (self.source_path(g), g))

    def quads(
        self,
        subject: ox.NamedNode | None = None,
        predicate: ox.NamedNode | None = None,
        obj: ox.NamedNode | ox.Literal | None = None,
    ) -> Iterator[NamedQuad]:
        """Quads matching a pattern in the selected graphs."""
        found = stored_quads(self.ox, subject, predicate, obj)
        # the store's default graph is its sources' union (kg.stores.oxigraph): a copy, never exported
        if self.graphs is None:
            return cast("Iterator[NamedQuad]", (q for q in found if isinstance(q.graph_name, ox.NamedNode)))
        return cast("Iterator[NamedQuad]", (q for q in found if self.has_graph(q.graph_name)))

    # -- entities and facts

    def _entity_types(self, iri: str) -> frozenset[str]:
        node = ox.NamedNode(iri)
        return frozenset(
            c for q in self.quads(node, TYPE) if (c := q.object.value.removeprefix(ONTOLOGY_NS)) in ENTITY_CLASSES
        )

    def _passes(self, iri: str) -> bool:
        """An entity stated in the selected sources whose class passes ``--type``."""
        types = self.entity_types(iri)
        if not types:
            return False
        schema = load_schema()
        return not self.filters.types or any(schema.is_a(t, want) for t in types for want in self.filters.types)

    def _core(self, iri: str) -> bool:
        return self._passes(iri) and (self.neighbourhood is None or iri in self.neighbourhood)

    def _keeps_entity(self, iri: str) -> bool:
        if not self._core(iri):
            return False
        if self.filters.relations and self.neighbourhood is None:
            return self._has_kept_fact(iri)
        return True

    def keeps_fact(self, subject: str, relation: str, obj: str) -> bool:
        """A fact is kept when its relation is and both of its ends are."""
        if self.filters.relations and relation not in self.filters.relations:
            return False
        return self._core(subject) and self._core(obj)

    def _describes_entity(self, iri: str) -> bool:
        """Kept, or named by a kept fact's ``via`` or ``market``: RDF and fact lines then name it."""
        if self.keeps_entity(iri):
            return True
        if not self.filters.narrows or not self.entity_types(iri):
            return False
        node = ox.NamedNode(iri)
        return any(
            self.keeps_fact(*self.fact_triple(q.subject.value))
            for key in (KGO.via, KGO.market)
            for q in self.quads(None, key, node)
        )

    def _has_kept_fact(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        for predicate, relation in self._relation_iris.items():
            p = ox.NamedNode(predicate)
            if any(self.keeps_fact(iri, relation, q.object.value) for q in self.quads(node, p)):
                return True
            if any(self.keeps_fact(q.subject.value, relation, iri) for q in self.quads(None, p, node)):
                return True
        return False

    def _fact_triple(self, fact: str) -> tuple[str, str, str]:
        node = ox.NamedNode(fact)
        parts = []
        for key in (RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT):
            found = next(self.quads(node, key), None)
            parts.append(found.object.value if found else "")
        return parts[0], parts[1].removeprefix(ONTOLOGY_NS), parts[2]

    def _neighbourhood(self, start: str, depth: int) -> frozenset[str]:
        """Entities at most ``depth`` kept facts away from ``start``, found breadth-first."""
        seen, frontier = {start}, [start]
        for _ in range(depth):
            following = []
            for node in frontier:
                for other in self._neighbours(node):
                    if other not in seen and self._passes(other):
                        seen.add(other)
                        following.append(other)
            frontier = following
        return frozenset(seen)

    def _neighbours(self, iri: str) -> Iterator[str]:
        node = ox.NamedNode(iri)
        for q in self.quads(node):
            if q.predicate.value in self._relation_iris and isinstance(q.object, ox.NamedNode):
                yield q.object.value
        for q in self.quads(None, None, node):
            if q.predicate.value in self._relation_iris:
                yield q.subject.value

    # -- RDF quads

    def rdf_quads(self) -> Iterator[ox.Quad]:
        """The quads of the export, graph by graph; subjects are kept or left out whole."""
        if self.graphs is None and not self.filters.narrows:
            yield from (
                q for q in self.ox.quads_for_pattern(None, None, None, None) if isinstance(q.graph_name, ox.NamedNode)
            )
            return
        for graph in self.selected_graphs():
            for quad in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
                if not self.filters.narrows or self._keeps_quad(cast(NamedQuad, quad)):
                    yield quad

    def _keeps_quad(self, quad: NamedQuad) -> bool:
        subject = quad.subject.value
        kind = self._subject_kind(subject, quad.graph_name.value)
        if kind == "entity":
            relation = self._all_relations.get(quad.predicate.value)
            if relation:
                return self.keeps_fact(subject, relation, quad.object.value)
            return self.describes_entity(subject)
        return self._keeps_node(subject, kind, quad.graph_name.value)

    def _keeps_node(self, subject: str, kind: str, graph: str) -> bool:
        if kind == "fact":
            return self.keeps_fact(*self.fact_triple(subject))
        if kind == "observation":
            found = next(self.quads(ox.NamedNode(subject), KGO.subject), None)
            return found is not None and self.keeps_entity(found.object.value)
        if kind == "provenance":
            target = next(named_quads(self.ox, None, DERIVATION, ox.NamedNode(subject), ox.NamedNode(graph)), None)
            return target is not None and self._keeps_node(
                target.subject.value, self._subject_kind(target.subject.value, graph), graph
            )
        return kind == "document" and self.keeps_document(graph)

    def _keeps_document(self, graph: str) -> bool:
        """A source is in a narrowed export when it states a kept entity, fact or figure."""
        if not self.filters.narrows:
            return True
        node = ox.NamedNode(graph)
        for prov in named_quads(self.ox, None, PROV_ENTITY, node, node):
            target = next(named_quads(self.ox, None, DERIVATION, prov.subject, node), None)
            if target is not None and self._keeps_node(
                target.subject.value, self._subject_kind(target.subject.value, graph), graph
            ):
                return True
        return any(
            self.describes_entity(q.subject.value)
            for cls in ENTITY_CLASSES
            for q in named_quads(self.ox, None, TYPE, getattr(KGO, cls), node)
        )

    def _kind(self, subject: str, graph: str) -> str:
        types = {
            q.object.value.removeprefix(ONTOLOGY_NS)
            for q in named_quads(self.ox, ox.NamedNode(subject), TYPE, None, ox.NamedNode(graph))
        }
        for kind in ("Fact", "Observation", "Provenance", "Document"):
            if kind in types:
                return kind.lower()
        return "entity" if types & set(ENTITY_CLASSES) else "other"


def _source_paths(store: ox.Store) -> dict[str, str]:
    """Source graph IRI -> the path it was loaded from (a few per source, read once)."""
    return {
        q.subject.value: q.object.value for q in stored_quads(store, None, KGO.sourcePath) if q.subject == q.graph_name
    }


def _graphs_of(paths: dict[str, str], sources: Iterable[str]) -> frozenset[str]:
    """The graphs of ``--source`` paths, given as loaded or relative to here."""
    by_path = {p: g for g, p in paths.items()}
    graphs = set()
    for source in sources:
        resolved = str(Path(source).resolve())
        graph = by_path.get(source) or by_path.get(resolved) or (source if source in paths else None)
        if graph is None and source_iri(resolved) in paths:
            graph = source_iri(resolved)
        if graph is None:
            known = ", ".join(sorted(paths.values())[:5]) or "none"
            raise QueryError(f"no loaded source {source!r} (--source); loaded sources include: {known}")
        graphs.add(graph)
    return frozenset(graphs)


def find_entity(selection: Selection, name: str) -> str:
    """The IRI of the entity named ``name`` (or with it as an alias), by :func:`kg.answers.pick_entity`: a
    company, else a brand, else an entity of any kind."""
    key = name_key(name)
    iris = {
        q.subject.value
        for p in (KGO.name, KGO.alias)
        for q in selection.quads(None, p)
        if name_key(q.object.value) == key and selection.entity_types(q.subject.value)
    }
    schema = load_schema()
    found = [NamedEntity(i, _name(selection, i), schema.most_specific(selection.entity_types(i))) for i in iris]
    picked = pick_entity(name, found, (*COMPANY_KINDS, frozenset(e.kind for e in found)), " (--company)")
    if picked is not None:
        return picked
    raise EntityNotFound(f"no entity named {name!r} (--company){_suggestions(selection, name)}")


def _name(selection: Selection, iri: str) -> str:
    found = next(selection.quads(ox.NamedNode(iri), KGO.name), None)
    return found.object.value if found else iri


def _suggestions(selection: Selection, name: str) -> str:
    """Up to three close names, keeping only the best few while streaming over every name."""
    from rapidfuzz import fuzz, utils

    best: list[tuple[float, str]] = []
    for quad in selection.quads(None, KGO.name):
        value = quad.object.value
        score = fuzz.ratio(name, value, processor=utils.default_process)
        if score >= 60 and all(v != value for _, v in best):
            heapq.heappush(best, (score, value))
            if len(best) > 3:
                heapq.heappop(best)
    close = [v for _, v in sorted(best, key=lambda sv: (-sv[0], sv[1]))]
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
