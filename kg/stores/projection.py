"""The graph as the path queries see it: entities as nodes, facts as edges.

A fact stated by several sources is one edge whose ``support`` counts them;
its qualifiers and one piece of evidence (the most confident) ride along, so
path queries can explain every hop.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.rdf import DERIVATION, KGO, PROV_ENTITY, RDF_OBJECT, RDF_PREDICATE, RDF_SUBJECT, TYPE, QuadSpool, term_value
from kg.stores import projection_cache
from kg.stores.multigraph import MultiDiGraph
from ontology import ONTOLOGY_NS

ENTITY_QUERY = """
SELECT ?e ?type ?name (SAMPLE(?code) AS ?iso) (GROUP_CONCAT(DISTINCT ?alias; SEPARATOR="\\u001f") AS ?aliases) WHERE {
  VALUES ?type { %s }
  ?e a ?type ; kgo:name ?name .
  OPTIONAL { ?e kgo:alias ?alias }
  OPTIONAL { ?e kgo:isoCode ?code }
} GROUP BY ?e ?type ?name
"""

#: A fact's evidence is the most confident non-empty one, the first by source path and line on a tie (the
#: Neo4j store's rule): the least of keys "<1 - confidence, 7 digits>\x01<path>\x01<line, 10 digits>\x01<text>";
#: statements without evidence key "~", after every digit.
FACT_QUERY = """
SELECT ?f ?s ?p ?o ?date ?since ?until ?via ?viaName ?market ?status
       (COUNT(DISTINCT ?g) AS ?support) (MAX(?conf) AS ?confidence)
       (MIN(?evidenceKey) AS ?evidence) (MIN(?path) AS ?source) WHERE {
  ?f a kgo:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     prov:qualifiedDerivation ?d .
  ?d prov:entity ?g ; kgo:confidence ?conf .
  ?g kgo:sourcePath ?path .
  OPTIONAL { ?d kgo:evidence ?ev FILTER(STRLEN(?ev) > 0) }
  OPTIONAL { ?d kgo:line ?line }
  BIND(STR(1000000 - xsd:integer(ROUND(?conf * 1000000))) AS ?rank)
  BIND(COALESCE(STR(?line), "0") AS ?at)
  BIND(IF(BOUND(?ev), CONCAT(SUBSTR(CONCAT("0000000", ?rank), STRLEN(?rank) + 1), "\\u0001", ?path, "\\u0001",
                             SUBSTR(CONCAT("0000000000", ?at), STRLEN(?at) + 1), "\\u0001", ?ev), "~")
       AS ?evidenceKey)
  OPTIONAL { ?f kgo:date ?date } OPTIONAL { ?f kgo:since ?since } OPTIONAL { ?f kgo:until ?until }
  OPTIONAL { ?f kgo:via ?via OPTIONAL { ?via kgo:name ?viaName } }
  OPTIONAL { ?f kgo:market ?market } OPTIONAL { ?f kgo:status ?status }
} GROUP BY ?f ?s ?p ?o ?date ?since ?until ?via ?viaName ?market ?status
"""


#: Part of the cache key: a projection kept by an older rule is rebuilt, not reused.
RULES = (ENTITY_QUERY, FACT_QUERY, "scan 1")


def state_key(store) -> str:
    """The cache key of the store's current state: its sources and their content hashes."""
    state = (RULES, sorted((s.graph, s.content_hash) for s in store.sources().values()))
    return hashlib.sha256(repr(state).encode()).hexdigest()


def project(store) -> MultiDiGraph:
    """The projection of an embedded store, kept in step with it by the loads and read from its data folder.

    ``kg load`` and ``kg remove`` update the projection for what the source
    changed (:func:`refresh`) and store it, keyed by the stored sources and
    their content hashes, so a query reads it and builds nothing.  A store
    changed some other way (an older kg, a crash mid-load) keys differently:
    the projection is then built here, once.  The file is plain JSON behind a
    checksum (:mod:`kg.stores.projection_cache`): a file that fails a check is
    rebuilt.
    """
    path = store.path
    if path is None:
        return build_projection(store)
    key = state_key(store)
    kept = _kept(store, key)
    if kept is not None:
        return kept
    cached = projection_cache.read(Path(path), key)
    if cached is not None:
        return cached
    # a big store is read fact by fact, in bounded memory, as a big first load is (counting costs about 3% of it)
    graph = scan_projection(store, by_lookup=len(store.ox) >= LOOKUP_FROM)
    if not store.read_only:  # a reader beside another process writes nothing into its folder
        projection_cache.write(Path(path), key, graph)
    return graph


def held_projection(store) -> MultiDiGraph | None:
    """The projection of the store as it is now, from memory or its data folder, or None (none stored, or stale)."""
    key = state_key(store)
    kept = _kept(store, key)
    if kept is not None:
        return kept
    if not store.sources():
        return MultiDiGraph()
    return projection_cache.read(Path(store.path), key, lazy=False)


def _kept(store, key: str) -> MultiDiGraph | None:
    """The projection a load left on the store, if it is of the store as it is now (``key``)."""
    held = store.projection
    return held[1] if held is not None and held[0] == key else None


#: The predicates whose subjects a source's load or removal can change in the projection: a type (facts and
#: entities), a name or an alias (the label index).
SUBJECT_PREDICATES = (TYPE, KGO.name, KGO.alias)


def affected_subjects(quads) -> set[str]:
    """The IRIs a source's quads type, name or alias: its facts and the entities it states."""
    wanted = SUBJECT_PREDICATES
    return {q.subject.value for q in quads if q.predicate in wanted and isinstance(q.subject, ox.NamedNode)}


def stated_subjects(store, graph: ox.NamedNode) -> set[str]:
    """:func:`affected_subjects` of what the store holds in a source's graph."""
    return {
        q.subject.value
        for p in SUBJECT_PREDICATES
        for q in store.ox.quads_for_pattern(None, p, None, graph)
        if isinstance(q.subject, ox.NamedNode)
    }


def labelled(graph: MultiDiGraph, key: str) -> list[str] | None:
    """The IRIs (under ``/id/``) one of whose names or aliases has ``key``; None when the projection has no label
    index (the caller asks the store)."""
    labels = graph.graph.get("labels")
    return None if labels is None else sorted(labels.get(key, ()))


def _label_keys(pairs) -> set[str]:
    from kg.resolve import name_key

    return {
        name_key(o.value)
        for p, o in pairs
        if p in (KGO.name.value, KGO.alias.value) and isinstance(o, ox.Literal) and isinstance(term_value(o), str)
    }


#: A first load of at least this many quads projects by lookups (bounded memory: the scan would hold about a
#: kilobyte per quad, 2 GB at this size) rather than by the scan (which takes about a quarter less CPU).
LOOKUP_FROM = 2_000_000


def refresh(store, before: MultiDiGraph | None, subjects: set[str], only=None) -> MultiDiGraph:
    """The projection after a source was written or removed: ``before`` (the projection of the store before it)
    with the entities and facts ``subjects`` names recomputed, and every fact touching those entities; a full
    scan when there was none before, read from ``only`` when those quads are all the store now holds.  Held
    on the store, written to the data folder when the store closes."""
    if isinstance(only, QuadSpool) and len(only) >= LOOKUP_FROM:  # too many to hold at once: fact by fact
        graph = scan_projection(store, by_lookup=True)
    elif only is not None:
        graph = scan_projection(store, only)
    elif before is None or len(subjects) > before.number_of_nodes() + before.number_of_edges():
        graph = scan_projection(store)  # as much to redo as there is: one scan reads it all faster
    else:
        graph = before
        _patch(store, graph, subjects)
    store.projection = (state_key(store), graph)
    store.projection_changed = True
    return graph


def save(store) -> None:
    """Write the projection a load kept up to date, if it changed; called as the store closes."""
    if store.projection_changed and store.path is not None and not store.read_only:
        key, graph = store.projection
        projection_cache.write(Path(store.path), key, graph)
        store.projection_changed = False


def build_projection(store) -> MultiDiGraph:
    """A MultiDiGraph of every entity and fact in an embedded store."""
    from kg.resolve import ENTITY_CLASSES

    graph = MultiDiGraph()
    types = " ".join(f"kgo:{c}" for c in ENTITY_CLASSES)
    for row in store.select(ENTITY_QUERY % types):
        _add_node(
            graph,
            row["e"],
            row["type"].removeprefix(ONTOLOGY_NS),
            row["name"],
            [a for a in (row["aliases"] or "").split("\x1f") if a],
            row["iso"],
        )
    for row in store.select(FACT_QUERY):
        if row["s"] in graph and row["o"] in graph:
            graph.add_edge(row["s"], row["o"], key=row["f"], **_edge(row))
    return graph


def _add_node(graph: MultiDiGraph, iri: str, type_: str, name: str, aliases: list[str], iso: str | None = None) -> None:
    """Keep the most specific type when an entity carries several (Company over Organization)."""
    if iri in graph and graph.nodes[iri]["type"] == "Company":
        type_ = "Company"
    previous = graph.nodes[iri].get("aliases", []) if iri in graph else []
    graph.add_node(iri, type=type_, name=name, aliases=sorted(set(previous) | set(aliases)), iso=iso)


def _edge(row: dict) -> dict:
    via = row["viaName"] or row["via"]
    return {
        "relation": row["p"].removeprefix(ONTOLOGY_NS),
        "date": row["date"],
        "since": row["since"],
        "until": row["until"],
        "via": via,
        "market": row["market"],
        "status": row["status"],
        "support": row["support"],
        "confidence": row["confidence"],
        "evidence": _evidence(row["evidence"]),
        "source": row["source"],
    }


def _evidence(key: str | None) -> str | None:
    """The text of :data:`FACT_QUERY`'s evidence key."""
    return None if key is None or key == "~" else key.split("\x01", 3)[3]


# The same projection read by pattern lookups instead of the two SPARQL queries above: several times faster
# for the whole store, and it can recompute a few entities and facts (what one source changed) alone.
# tests/kg/stores/test_projection_refresh.py holds it equal to build_projection.

DEFAULT = ox.DefaultGraph()
_FACT_QUALIFIERS = ("date", "since", "until", "via", "market", "status")
# the IRIs the readings compare predicates with, as text once (``NamedNode.value`` makes a new string per call)
_TYPE, _NAME, _ALIAS, _ISO = TYPE.value, KGO.name.value, KGO.alias.value, KGO.isoCode.value
_SUBJECT, _PREDICATE, _OBJECT = RDF_SUBJECT.value, RDF_PREDICATE.value, RDF_OBJECT.value
_DERIVATION, _ENTITY = DERIVATION.value, PROV_ENTITY.value
_CONFIDENCE, _EVIDENCE, _LINE = KGO.confidence.value, KGO.evidence.value, KGO.line.value
_QUALIFIER = {ONTOLOGY_NS + q: q for q in _FACT_QUALIFIERS}
#: Literal datatype IRI -> how :func:`kg.rdf.term_value` reads its text (float, int, or as it is)
_READ: dict = {}


def _value(term):
    """:func:`kg.rdf.term_value`, with each datatype's reading looked up once."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        read = _READ.get(datatype)
        if read is None:
            read = _READ[datatype] = (
                float
                if datatype.endswith(("#double", "#decimal", "#float"))
                else int
                if datatype.endswith(("#integer", "#long", "#int"))
                else str
            )
        return read(term.value)
    return None if term is None else term.value


class _Reader:
    """Pattern lookups on the store's default graph (every source's triples once), with the values kept."""

    def __init__(self, store):
        self.ox = store.ox
        self.paths: dict = {}
        self.classes = {ONTOLOGY_NS + c: c for c in _entity_classes()}
        self.fact_class = ONTOLOGY_NS + "Fact"

    def about(self, iri: str) -> list:
        return [
            (q.predicate.value, q.object) for q in self.ox.quads_for_pattern(ox.NamedNode(iri), None, None, DEFAULT)
        ]

    def source_path(self, graph) -> str | None:
        if graph not in self.paths:
            found = (
                [q.object for q in self.ox.quads_for_pattern(graph, KGO.sourcePath, None, DEFAULT)]
                if isinstance(graph, ox.NamedNode)
                else []
            )
            self.paths[graph] = min((term_value(o) for o in found), default=None)
        return self.paths[graph]

    def node(self, iri: str) -> tuple | None:
        """(type, name, aliases, iso) as :data:`ENTITY_QUERY` and :func:`_add_node` give them, or None."""
        types, names, aliases, isos = [], [], set(), []
        classes = self.classes
        for p, o in self.about(iri):
            if p == _TYPE:
                kind = classes.get(o.value)
                if kind is not None:
                    types.append(kind)
            elif p == _NAME:
                names.append(_value(o))
            elif p == _ALIAS:
                aliases.add(_value(o))
            elif p == _ISO:
                isos.append(_value(o))
        if not types or not names:
            return None
        type_ = "Company" if "Company" in types else min(types)
        return type_, min(names), sorted(aliases), min(isos, default=None)

    def edge(self, iri: str) -> tuple | None:
        """(subject, object, edge data) as :data:`FACT_QUERY` and :func:`_edge` give them, or None."""
        spo: dict = {}
        values: dict = {}
        derivations: list = []
        typed = False
        fact_class, qualifier = self.fact_class, _QUALIFIER
        for p, o in self.about(iri):
            if p == _TYPE:
                if o.value == fact_class:
                    typed = True
            elif p in (_SUBJECT, _PREDICATE, _OBJECT):
                spo[p] = o
            elif p == _DERIVATION:
                derivations.append(o)
            else:
                local = qualifier.get(p)
                if local is not None:
                    values.setdefault(local, []).append(o)
        if (
            not typed
            or len(spo) < 3
            or not isinstance(spo[_SUBJECT], ox.NamedNode)
            or not isinstance(spo[_OBJECT], ox.NamedNode)
        ):
            return None
        graphs, confidences, keys, paths = set(), [], [], []
        for d in derivations:
            if not isinstance(d, ox.NamedNode):
                continue
            fields: dict = {}
            for p, o in self.about(d.value):
                found = fields.get(p)
                if found is None:
                    fields[p] = [o]
                else:
                    found.append(o)
            evidence: list[str] | None = None
            lines: list[str] = []  # set with evidence
            for g in fields.get(_ENTITY, ()):
                path = self.source_path(g)
                if path is None:
                    continue
                for conf in map(_value, fields.get(_CONFIDENCE, ())):
                    graphs.add(g.value)
                    confidences.append(conf)
                    paths.append(path)
                    rank = str(1000000 - math.floor(conf * 1000000 + 0.5)).zfill(7)
                    if evidence is None:  # the same for every source and confidence of the derivation
                        evidence = [e for e in map(_value, fields.get(_EVIDENCE, ())) if len(e) > 0]
                        lines = [str(_value(n)).zfill(10) for n in fields.get(_LINE, ())] or ["0".zfill(10)]
                    keys += [f"{rank}\x01{path}\x01{line}\x01{e}" for e in evidence for line in lines]
                    if not evidence:
                        keys.append("~")
        if not graphs:
            return None
        one = {k: min(map(_value, v), key=str) for k, v in values.items()}
        via = values.get("via")
        if via:
            via_node = min(via, key=lambda o: o.value)
            named = (
                [_value(o) for p, o in self.about(via_node.value) if p == _NAME]
                if isinstance(via_node, ox.NamedNode)
                else []
            )
            one["via"] = (min(named) if named else None) or _value(via_node)
        data = {
            "relation": spo[_PREDICATE].value.removeprefix(ONTOLOGY_NS),
            **{k: one.get(k) for k in _FACT_QUALIFIERS},
            "support": len(graphs),
            "confidence": max(confidences),
            "evidence": _evidence(min(keys)),
            "source": min(paths),
        }
        return spo[_SUBJECT].value, spo[_OBJECT].value, data

    def facts_touching(self, entity: str) -> set[str]:
        node = ox.NamedNode(entity)
        return {
            q.subject.value
            for p in (RDF_SUBJECT, RDF_OBJECT, KGO.via)
            for q in self.ox.quads_for_pattern(None, p, node, DEFAULT)
            if isinstance(q.subject, ox.NamedNode)
        }


def _entity_classes() -> tuple[str, ...]:
    from kg.resolve import ENTITY_CLASSES

    return ENTITY_CLASSES


class _Scan(_Reader):
    """The same reads from one pass over each predicate the projection uses, for the whole store at once
    (a lookup per subject costs more than the triples it returns)."""

    PREDICATES = (
        TYPE,
        KGO.name,
        KGO.alias,
        KGO.isoCode,
        RDF_SUBJECT,
        RDF_PREDICATE,
        RDF_OBJECT,
        DERIVATION,
        PROV_ENTITY,
        KGO.confidence,
        KGO.evidence,
        KGO.line,
        *(getattr(KGO, q) for q in _FACT_QUALIFIERS),
    )

    def __init__(self, store, quads=None):
        super().__init__(store)
        self.triples: dict[str, list] = {}
        #: (subject, object) of every type, and of every name and alias: what picks the nodes, facts and labels
        self.typed: list[tuple] = []
        self.labelled: list[tuple] = []
        type_, name, alias = TYPE.value, KGO.name.value, KGO.alias.value
        if quads is not None:  # the store holds these quads and nothing else: read them where they are
            # (a triple stated in two graphs comes twice; every reading above takes a set, a min or a max)
            # each predicate's text kept once (not once per triple: 60 MB fewer to allocate at 10^5 facts)
            wanted = {p.value: p.value for p in self.PREDICATES}
            triples, named, typed, labelled = self.triples, ox.NamedNode, self.typed, self.labelled
            for subject, predicate, value, _ in quads:
                p = wanted.get(predicate.value)
                if p is not None and type(subject) is named:
                    iri = subject.value
                    pairs = triples.get(iri)
                    if pairs is None:
                        triples[iri] = [(p, value)]
                    else:
                        pairs.append((p, value))
                    if p == type_:
                        typed.append((iri, value))
                    elif p in (name, alias):
                        labelled.append((iri, value))
            return
        for predicate in self.PREDICATES:
            p = predicate.value
            also = self.typed if p == type_ else self.labelled if p in (name, alias) else None
            for q in self.ox.quads_for_pattern(None, predicate, None, DEFAULT):
                subject = q.subject
                if isinstance(subject, ox.NamedNode):
                    self.triples.setdefault(subject.value, []).append((p, q.object))
                    if also is not None:
                        also.append((subject.value, q.object))

    def about(self, iri: str) -> list:
        return self.triples.get(iri, [])


def scan_projection(store, quads=None, *, by_lookup: bool = False) -> MultiDiGraph:
    """:func:`build_projection`'s graph, read by pattern lookups (what a load or a stale cache builds); from
    ``quads`` when they are all the store holds (a first load: already in memory, they read faster).

    ``by_lookup`` reads each entity and fact by its own lookups instead of holding every triple the
    projection uses at once: slower per fact, but what it holds beside the graph is only the IRIs, so a
    source of millions of facts is projected in bounded memory.
    """
    from kg.resolve import name_key

    if by_lookup:
        reader = _Reader(store)
        typed, labelled = _stored(store, (TYPE,)), _stored(store, (KGO.name, KGO.alias))
    else:
        reader = scan = _Scan(store, quads)
        typed, labelled = iter(scan.typed), iter(scan.labelled)
    graph = MultiDiGraph()
    entities: set[str] = set()
    facts: set[str] = set()
    for iri, o in typed:
        if o.value in reader.classes:
            entities.add(iri)
        elif o.value == reader.fact_class:
            facts.add(iri)
    for iri in sorted(entities):
        _set_node(graph, iri, reader.node(iri))
    for iri in sorted(facts - entities):
        _set_edge(graph, iri, reader.edge(iri))
    labels: dict[str, set[str]] = {}
    for iri, o in labelled:
        if "/id/" in iri and isinstance(o, ox.Literal) and isinstance(term_value(o), str):
            labels.setdefault(name_key(o.value), set()).add(iri)
    graph.graph["labels"] = labels
    return graph


def _stored(store, predicates) -> Iterator[tuple[str, ox.NamedNode | ox.Literal]]:
    """(subject, object) of each triple of the default graph with one of ``predicates``, one at a time."""
    for predicate in predicates:
        for q in store.ox.quads_for_pattern(None, predicate, None, DEFAULT):
            if isinstance(q.subject, ox.NamedNode):
                yield q.subject.value, q.object


def _patch(store, graph: MultiDiGraph, subjects: set[str]) -> None:
    """Recompute, in place, the nodes among ``subjects``, the edges among them, and every edge touching a node
    that appears, changes or goes (an edge stands only between two nodes, and carries its via's name).

    A node that reads as it did keeps its place and its edges: a source that names Germany again recomputes
    its own facts, not every fact about Germany (with the sources of a job's partitions, each naming the same
    places and companies, that was most of a load's time)."""
    reader = _Remembering(store)
    entities = {s for s in subjects if s in graph or _is_entity(reader, s)}
    facts = set(subjects) - entities
    nodes = {entity: reader.node(entity) for entity in entities}
    entities = {entity for entity, data in nodes.items() if data != _node_data(graph, entity)}
    for entity in entities:
        facts |= reader.facts_touching(entity)
        if entity in graph:
            facts |= {k for _, keyed in graph.succ[entity].items() for k in keyed}
            facts |= {k for _, keyed in graph.pred[entity].items() for k in keyed}
    edge_at: dict[str, tuple[str, str]] | None = graph.graph.get("edge_at")
    if edge_at is None:  # fact -> its edge's ends, built once per graph and kept up to date below
        edge_at = graph.graph["edge_at"] = {
            k: (u, v) for u, targets in graph.succ.items() for v, keyed in targets.items() for k in keyed
        }
    for fact in facts:
        ends = edge_at.pop(fact, None)
        if ends is not None:
            _remove_edge(graph, *ends, fact)
    index = graph.graph.get("name_index") if graph.graph.get("name_index_size") == graph.number_of_nodes() else None
    for entity in entities:
        if entity in graph:
            if index is not None:
                _unindex(index, graph, entity)
            del graph._node[entity], graph._succ[entity], graph._pred[entity]
    for entity in sorted(entities):
        data = nodes[entity]
        _set_node(graph, entity, data)
        if index is not None and data is not None:
            _index(index, graph, entity)
    for fact in sorted(facts):
        found = reader.edge(fact)
        _set_edge(graph, fact, found)
        if found is not None and found[0] in graph and found[1] in graph:
            edge_at[fact] = found[:2]
    if index is not None:
        graph.graph["name_index_size"] = graph.number_of_nodes()
    labels = graph.graph.get("labels")
    if labels is not None:
        named = {s for s in subjects if "/id/" in s}
        for key in [k for k, iris in labels.items() if not iris.isdisjoint(named)]:
            labels[key] -= named
            if not labels[key]:
                del labels[key]
        for iri in named:
            for key in _label_keys(reader.about(iri)):
                labels.setdefault(key, set()).add(iri)


class _Remembering(_Reader):
    """A reader that keeps what it read: a patch reads a subject to tell a fact from an entity, then again
    to project it."""

    def __init__(self, store):
        super().__init__(store)
        self.read: dict[str, list] = {}

    def about(self, iri: str) -> list:
        found = self.read.get(iri)
        if found is None:
            found = self.read[iri] = super().about(iri)
        return found


def _node_data(graph: MultiDiGraph, iri: str) -> tuple | None:
    """A node as :meth:`_Reader.node` reads it, or None when the graph has none."""
    if iri not in graph:
        return None
    data = graph.nodes[iri]
    return data["type"], data["name"], data["aliases"], data["iso"]


def _is_entity(reader: _Reader, iri: str) -> bool:
    return any(p == TYPE.value and o.value in reader.classes for p, o in reader.about(iri))


def _set_node(graph: MultiDiGraph, iri: str, data: tuple | None) -> None:
    if data is not None:
        type_, name, aliases, iso = data
        graph.add_node(iri, type=type_, name=name, aliases=aliases, iso=iso)


def _set_edge(graph: MultiDiGraph, fact: str, found: tuple | None) -> None:
    if found is not None and found[0] in graph and found[1] in graph:
        graph.add_edge(found[0], found[1], key=fact, **found[2])


def _remove_edge(graph: MultiDiGraph, u: str, v: str, key: str) -> None:
    keyed = graph.succ[u][v]
    del keyed[key]
    if not keyed:
        del graph.succ[u][v], graph.pred[v][u]


def _labels(graph: MultiDiGraph, node: str) -> list[str]:
    data = graph.nodes[node]
    return [data["name"], *data.get("aliases", ())]


def _index(index: dict, graph: MultiDiGraph, node: str) -> None:
    from kg.resolve import name_key

    for label in _labels(graph, node):
        index.setdefault(name_key(label), set()).add(node)


def _unindex(index: dict, graph: MultiDiGraph, node: str) -> None:
    from kg.resolve import name_key

    for label in _labels(graph, node):
        nodes = index.get(name_key(label))
        if nodes is not None:
            nodes.discard(node)
            if not nodes:
                del index[name_key(label)]
