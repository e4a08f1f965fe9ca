"""The graph as property-graph rows, read lazily from the embedded store.

Every property-graph export (GraphML, GEXF, node-link JSON, Cypher, the
neo4j-admin CSV files, fact lines, the spreadsheet CSV, pictures) writes the
same rows: entities, facts, figures and documents, assembled from the RDF
layout of :mod:`kg.rdf` by index lookups, one node at a time, so memory does
not grow with the graph.

Rows come in IRI order (facts grouped by relation): the IRIs are sorted
with :func:`kg.exports.sorting.sorted_unique`, so two stores holding the
same quads give the same rows whatever order they were loaded in.  Values
follow the Neo4j mapping of :mod:`kg.stores.neo4j`: an entity's name is the
one its first source (by path) gives, aliases are the union of what every
source states, and a fact's statements are ordered by source path, line,
evidence, confidence, extractor, cited source, note and graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from kg.exports.sorting import sorted_unique
from kg.exports.subgraph import CACHE, Selection
from kg.rdf import KGO, RDF_PREDICATE, TYPE, local_name, named_quads
from kg.rdf import term_value as _python
from kg.resolve import ENTITY_CLASSES, name_key
from kg.schema import load_schema
from ontology import ONTOLOGY_NS

IDENTIFIERS = ("wikidata", "lei", "ticker", "domain")
#: Qualifiers of a fact, in the order exports list them.
QUALIFIERS = ("date", "since", "until", "via", "market", "share", "amount", "status")
DOCUMENT_FIELDS = ("title", "publisher", "author", "published")
ENTITY_PREDICATES = ("type", "name", "alias", "isoCode", *IDENTIFIERS)


@dataclass(frozen=True, slots=True)
class Statement:
    """One source's statement of a fact or figure: where, how sure, and the sentence."""

    graph: str
    source: str
    line: int | None = None
    evidence: str | None = None
    confidence: float = 1.0
    extractor: str | None = None
    cited: str | None = None
    note: str | None = None
    span: tuple[int, int] | None = None

    def sort_key(self) -> tuple[str, int, str, float, str, str, str, str]:
        """The order of the Neo4j store's provenance lists (missing values as ``""``/``0``)."""
        return (
            self.source,
            self.line or 0,
            self.evidence or "",
            self.confidence,
            self.extractor or "",
            self.cited or "",
            self.note or "",
            self.graph,
        )


@dataclass(frozen=True, slots=True)
class EntityState:
    """What one source states about an entity."""

    graph: str
    types: tuple[str, ...]
    name: str | None
    aliases: tuple[str, ...]
    iso_code: str | None
    identifiers: tuple[tuple[str, str], ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """Normalised names that find the entity (the Neo4j store's ``keys``)."""
        return tuple(sorted({k for k in map(name_key, [self.name or "", *self.aliases]) if k}))


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity with what each of its sources states, in source-path order."""

    iri: str
    states: tuple[EntityState, ...]

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(sorted({t for s in self.states for t in s.types}))

    @property
    def type(self) -> str:
        return most_specific(self.types)

    @property
    def name(self) -> str:
        return next((s.name for s in self.states if s.name), self.iri)

    @property
    def aliases(self) -> tuple[str, ...]:
        name = self.name
        return tuple(a for a in _ordered_union(s.aliases for s in self.states) if a != name)

    @property
    def keys(self) -> tuple[str, ...]:
        return _ordered_union(s.keys for s in self.states)

    @property
    def iso_code(self) -> str | None:
        return next((s.iso_code for s in self.states if s.iso_code), None)

    @property
    def identifiers(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for state in self.states:
            for scheme, value in state.identifiers:
                found.setdefault(scheme, value)
        return {k: found[k] for k in IDENTIFIERS if k in found}

    @property
    def labels(self) -> tuple[str, ...]:
        """The class labels of the Neo4j mapping: each class and its superclasses (without ``Entity``)."""
        schema = load_schema()
        return tuple(dict.fromkeys(c for t in self.types for c in schema.labels(t)))


@dataclass(frozen=True, slots=True)
class FactRow:
    """A fact (one relation instance) with its qualifiers and every statement of it."""

    iri: str
    relation: str
    subject: str
    object: str
    qualifiers: tuple[tuple[str, Any], ...]
    via_iri: str | None
    market_iri: str | None
    statements: tuple[Statement, ...]

    def qualifier(self, key: str) -> Any:
        return dict(self.qualifiers).get(key)

    @property
    def support(self) -> int:
        return len({s.graph for s in self.statements})

    @property
    def confidence(self) -> float:
        return max((s.confidence for s in self.statements), default=0.0)

    @property
    def evidence(self) -> str | None:
        """The most confident evidence (the first in statement order on a tie)."""
        return best_evidence(self.statements)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.source for s in self.statements))


@dataclass(frozen=True, slots=True)
class ObservationRow:
    """A figure: a metric of a subject over a period, and every statement of it."""

    iri: str
    subject: str
    metric: str
    value: float
    unit: str
    period: str | None
    statements: tuple[Statement, ...]

    @property
    def support(self) -> int:
        return len({s.graph for s in self.statements})

    @property
    def confidence(self) -> float:
        return max((s.confidence for s in self.statements), default=0.0)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A loaded source."""

    iri: str
    path: str
    content_hash: str | None
    loaded_at: str | None
    fields: tuple[tuple[str, str], ...]


def most_specific(types: tuple[str, ...] | frozenset[str]) -> str:
    """The class with the most superclasses (Company over Organization); alphabetical on a tie."""
    return load_schema().most_specific(types)


def best_evidence(statements: tuple[Statement, ...]) -> str | None:
    best: Statement | None = None
    for s in statements:
        if s.evidence and (best is None or s.confidence > best.confidence):
            best = s
    return best.evidence if best else None


def _ordered_union(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for group in groups for v in group))


def _local(term: ox.NamedNode) -> str:
    return local_name(term.value)


class GraphReader:
    """Rows of the selected part of a store, produced lazily in a fixed order."""

    def __init__(self, selection: Selection, progress: Callable[[int], None] | None = None):
        self.selection = selection
        self.ox = selection.ox
        self._progress = progress
        self.summary = lru_cache(CACHE)(self._summary)

    def close(self) -> None:
        """Release the store, so that the data folder can be opened again in this process."""
        self.summary.cache_clear()
        self.selection.close()
        self.ox = None  # type: ignore[assignment]

    def tick(self, n: int = 1) -> None:
        if self._progress:
            self._progress(n)

    # -- documents

    def documents(self) -> list[DocumentRow]:
        """The selected sources, by path (a handful of rows per source, held in memory)."""
        rows = []
        for graph in self.selection.selected_graphs():
            node = ox.NamedNode(graph)
            props = {_local(q.predicate): q.object.value for q in named_quads(self.ox, node, None, None, node)}
            if "sourcePath" not in props or not self.selection.keeps_document(graph):
                continue
            fields = tuple((k, props[k]) for k in DOCUMENT_FIELDS if k in props)
            rows.append(
                DocumentRow(graph, props["sourcePath"], props.get("contentHash"), props.get("loadedAt"), fields)
            )
        return rows

    # -- entities

    def entity_iris(self, *, described: bool = False) -> Iterator[str]:
        """Kept entities in IRI order; with ``described``, also those only named by kept facts' qualifiers."""
        keep = self.selection.describes_entity if described else self.selection.keeps_entity
        candidates = (
            q.subject.value for cls in ENTITY_CLASSES for q in self.selection.quads(None, TYPE, getattr(KGO, cls))
        )
        for iri in sorted_unique(candidates):
            if keep(iri):
                yield iri

    def entities(self, *, described: bool = False) -> Iterator[EntityRow]:
        for iri in self.entity_iris(described=described):
            yield self.entity(iri)
            self.tick()

    def entity(self, iri: str) -> EntityRow:
        node = ox.NamedNode(iri)
        values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for key in ENTITY_PREDICATES:
            predicate = TYPE if key == "type" else getattr(KGO, key)
            for q in self.selection.quads(node, predicate):
                values[q.graph_name.value][key].append(q.object.value)
        graphs = sorted(values, key=lambda g: (self.selection.source_path(g), g))
        return EntityRow(iri, tuple(_state(g, values[g]) for g in graphs))

    def _summary(self, iri: str) -> tuple[str, str]:
        """An entity's name and most specific class, cached: facts name their ends over and over."""
        types = self.selection.entity_types(iri)
        names = sorted(
            (self.selection.source_path(q.graph_name.value), q.object.value)
            for q in self.selection.quads(ox.NamedNode(iri), KGO.name)
        )
        return (names[0][1] if names else iri), most_specific(types)

    # -- facts

    def facts(self) -> Iterator[FactRow]:
        """Kept facts, relation by relation (in the ontology's order), each in IRI order."""
        for relation in load_schema().relations:
            predicate = getattr(KGO, relation)
            for iri in sorted_unique(q.subject.value for q in self.selection.quads(None, RDF_PREDICATE, predicate)):
                row = self.fact(iri)
                if row is not None and self.selection.keeps_fact(row.subject, row.relation, row.object):
                    yield row
                self.tick()

    def fact(self, iri: str) -> FactRow | None:
        props, derivations = self._node(iri)
        if not derivations or not all(props.get(k) for k in ("subject", "predicate", "object")):
            return None
        qualifiers: list[tuple[str, Any]] = []
        links: dict[str, str | None] = {"via": None, "market": None}
        for key in QUALIFIERS:
            terms = sorted(props.get(key, ()), key=str)
            if not terms:
                continue
            term = terms[0]
            if isinstance(term, ox.NamedNode):
                links[key] = term.value
                qualifiers.append((key, self.summary(term.value)[0]))
            else:
                qualifiers.append((key, _python(term)))
        return FactRow(
            iri,
            _local(props["predicate"][0]),
            props["subject"][0].value,
            props["object"][0].value,
            tuple(qualifiers),
            links["via"],
            links["market"],
            self._statements(derivations),
        )

    def _node(self, iri: str) -> tuple[dict[str, list[Any]], list[tuple[str, str]]]:
        """A fact's or figure's own quads by predicate, and its (provenance node, graph) pairs."""
        props: dict[str, list[Any]] = defaultdict(list)
        derivations = []
        for q in self.selection.quads(ox.NamedNode(iri)):
            key = _local(q.predicate)
            if key == "qualifiedDerivation":
                derivations.append((q.object.value, q.graph_name.value))
            elif q.object not in props[key]:
                props[key].append(q.object)
        return props, derivations

    def _statements(self, derivations: list[tuple[str, str]]) -> tuple[Statement, ...]:
        found = [self._statement(node, graph) for node, graph in sorted(set(derivations))]
        return tuple(sorted(found, key=Statement.sort_key))

    def _statement(self, node: str, graph: str) -> Statement:
        props: dict[str, Any] = {
            _local(q.predicate): _python(q.object)
            for q in named_quads(self.ox, ox.NamedNode(node), None, None, ox.NamedNode(graph))
        }
        start, end = props.get("spanStart"), props.get("spanEnd")
        return Statement(
            graph,
            self.selection.source_path(graph),
            props.get("line"),
            props.get("evidence"),
            float(props.get("confidence", 1.0)),
            props.get("extractor"),
            props.get("citedSource"),
            props.get("note"),
            (start, end) if start is not None and end is not None else None,
        )

    # -- figures

    def observations(self) -> Iterator[ObservationRow]:
        """Kept figures (their subject is kept), in IRI order."""
        for iri in sorted_unique(q.subject.value for q in self.selection.quads(None, TYPE, KGO.Observation)):
            row = self.observation(iri)
            if row is not None and self.selection.keeps_entity(row.subject):
                yield row
            self.tick()

    def observation_links(self) -> Iterator[tuple[str, str]]:
        """(figure, subject) of the kept figures, in the order of :meth:`observations`, read cheaply."""
        for iri in sorted_unique(q.subject.value for q in self.selection.quads(None, TYPE, KGO.Observation)):
            found = next(self.selection.quads(ox.NamedNode(iri), KGO.subject), None)
            if found is not None and self.selection.keeps_entity(found.object.value):
                yield iri, found.object.value

    def observation(self, iri: str) -> ObservationRow | None:
        props, derivations = self._node(iri)
        if not props.get("subject") or not props.get("metric") or not props.get("value"):
            return None
        first: dict[str, Any] = {
            k: sorted(props[k], key=str)[0] if props.get(k) else None for k in ("metric", "value", "unit", "period")
        }
        return ObservationRow(
            iri,
            props["subject"][0].value,
            first["metric"].value,
            float(first["value"].value),
            first["unit"].value if first["unit"] else "",
            first["period"].value if first["period"] else None,
            self._statements(derivations),
        )


def _state(graph: str, values: dict[str, list[str]]) -> EntityState:
    types = tuple(sorted({c for t in values.get("type", ()) if (c := t.removeprefix(ONTOLOGY_NS)) in ENTITY_CLASSES}))
    names = sorted(values.get("name", ()))
    name = names[0] if names else None
    aliases = tuple(sorted(set(values.get("alias", ())) - {name}))
    iso = sorted(values.get("isoCode", ()))
    ids = tuple((k, sorted(values[k])[0]) for k in IDENTIFIERS if values.get(k))
    return EntityState(graph, types, name, aliases, iso[0] if iso else None, ids)
