"""The Neo4j layout of a source, both ways: a source's quads as write rows, and the graph back as quads.

:func:`source_rows` turns what one source states into the parameter rows of
the write statements in :mod:`kg.stores.cypher`; the ``*_quads`` functions
invert it, giving back, from what Neo4j holds, the quads each source's named
graph had in the embedded store.  That RDF view is what ``kg serve --store
neo4j`` publishes, so SPARQL consumers and Cypher researchers see the same
facts.  Name-merge explanations (``kgo:NameMerge``) are not part of the
layout, so the view does not have them.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias, cast

import pyoxigraph as ox

from kg.memory import paused_cycle_collection
from kg.rdf import (
    DERIVATION,
    DOUBLE,
    INTEGER,
    KGO,
    PROV_ENTITY,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    TYPE,
    XSD,
    Quads,
    QuadSpool,
    StoredQuad,
    Term,
    local_name,
    provenance_iri,
    term_value,
)
from kg.resolve import ENTITY_CLASSES, name_key
from kg.schema import load_schema
from kg.stores import cypher
from kg.timevalue import InvalidDate, TimeValue, parse_time
from ontology import ONTOLOGY_NS

QUALIFIERS = ("date", "since", "until", "share", "amount", "status")
DOCUMENT_FIELDS = ("title", "publisher", "author", "published")


# ---------------------------------------------------------------- quads -> rows


@dataclass
class SourceRows:
    """What one source states, as parameter rows for the write statements."""

    graph: str
    document: dict[str, Any]
    entities: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, list[list[Any]]] = field(default_factory=dict)
    observations: list[list[Any]] = field(default_factory=list)
    #: Each statement as a node (the layout is in :data:`kg.stores.cypher.WRITE_EVIDENCE`).
    evidence: list[list[Any]] = field(default_factory=list)


_key = local_name
_value = term_value


def _group(quads: Quads) -> dict[str, dict[str, list[Any]]]:
    """Quads by subject, then by predicate's local name: one pass over the source."""
    out: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    keys: dict[str, str] = {}
    for q in cast("Iterable[StoredQuad]", quads):  # kg's own quads (see StoredQuad)
        predicate = q.predicate.value
        key = keys.get(predicate)
        if key is None:
            key = keys[predicate] = _key(predicate)
        out[q.subject.value][key].append(q.object)
    return out


def source_rows(graph: str, quads: Quads) -> SourceRows:
    """Rows for the write statements, built from a source's quads without asking the server."""
    with paused_cycle_collection():
        return _source_rows(graph, quads)


def _document(graph: str, doc: dict[str, list[Any]]) -> dict[str, Any]:
    """The properties of a source's document node, from its quads."""
    fields = {
        "path": _one(doc, "sourcePath") or graph,
        "contentHash": _one(doc, "contentHash"),
        "loadedAt": _one(doc, "loadedAt"),
        **{k: _one(doc, k) for k in DOCUMENT_FIELDS},
    }
    return {k: v for k, v in fields.items() if v is not None}


def _source_rows(graph: str, quads: Quads) -> SourceRows:
    subjects = _group(quads)
    rows = SourceRows(graph, _document(graph, subjects.get(graph, {})))
    names = {s: _one(p, "name") for s, p in subjects.items() if "name" in p}
    for subject, props in subjects.items():
        types = {_local(t) for t in props.get("type", ())}
        if types & set(ENTITY_CLASSES):
            rows.entities.append({"iri": subject, "state": _entity_state(props, types)})
        elif "Fact" in types:
            relation, row = _fact_row(subject, props, subjects, names)
            rows.facts.setdefault(relation, []).append(row)
            rows.evidence += _evidence_rows(
                subject, props, subjects, _mentions(row), {"relation": load_schema().relations[relation].neo4j_type}
            )
        elif "Observation" in types:
            row = _observation_row(subject, props, subjects)
            rows.observations.append(row)
            rows.evidence += _evidence_rows(subject, props, subjects, [["subject", row[1]]], {}, figure=True)
    return rows


# ---------------------------------------------------------------- quads -> rows, a part at a time


class _Lookup:
    """A source's quads by subject, read from an index on disk instead of held: what :func:`_group` gives,
    one subject at a time."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._keys: dict[str, str] = {}

    def get(self, subject: str, default: Any = None) -> dict[str, list[Any]] | Any:
        out: dict[str, list[Any]] = defaultdict(list)
        for q in self.store.quads_for_pattern(ox.NamedNode(subject), None, None, None):
            predicate = q.predicate.value
            key = self._keys.get(predicate)
            if key is None:
                key = self._keys[predicate] = _key(predicate)
            out[key].append(q.object)
        return out if out else default

    def typed(self, cls: ox.NamedNode) -> Iterator[str]:
        """The subjects of one class, in the index's order."""
        for q in cast("Iterable[StoredQuad]", self.store.quads_for_pattern(None, TYPE, cls, None)):
            yield q.subject.value


#: Quads by subject: all of them grouped (:func:`_group`), or looked up one subject at a time.
Subjects: TypeAlias = "dict[str, dict[str, list[Any]]] | _Lookup"


@contextmanager
def source_parts(
    graph: str, quads: Quads, facts_per_part: int, folder: Path | None = None
) -> Iterator[tuple[SourceRows, Iterator[SourceRows]]]:
    """:func:`source_rows` in parts, for a source too big to write (or hold) at once.

    Gives the head (the document and every entity the source states) and an iterator of parts, each with
    at most ``facts_per_part`` facts and figures and their evidence.  The quads go to a temporary on-disk
    index (``folder``, else the system's temporary folder) and rows are built from lookups in it, so memory
    holds one part and the entities' names, never the source.
    """
    with tempfile.TemporaryDirectory(prefix="kg-neo4j-rows-", dir=folder) as tmp:
        index = ox.Store(tmp)
        if isinstance(quads, QuadSpool):
            for chunk in quads.nquads():
                index.bulk_load(chunk, ox.RdfFormat.N_QUADS)
        else:
            index.bulk_extend(quads)
        try:
            lookup = _Lookup(index)
            head = _head(graph, lookup)
            names = {row["iri"]: row["state"].get("name") for row in head.entities}
            yield head, _parts(graph, lookup, names, facts_per_part)
        finally:
            del index


def _head(graph: str, lookup: _Lookup) -> SourceRows:
    head = SourceRows(graph, _document(graph, lookup.get(graph, {})))
    seen: set[str] = set()
    for cls in ENTITY_CLASSES:
        for subject in lookup.typed(getattr(KGO, cls)):
            if subject not in seen:
                seen.add(subject)
                props = lookup.get(subject, {})
                types = {_local(t) for t in props["type"]}
                head.entities.append({"iri": subject, "state": _entity_state(props, types)})
    return head


def _parts(graph: str, lookup: _Lookup, names: dict[str, Any], size: int) -> Iterator[SourceRows]:
    part = SourceRows(graph, {})
    count = 0
    for subject in lookup.typed(KGO.Fact):
        props = lookup.get(subject, {})
        relation, row = _fact_row(subject, props, lookup, names)
        part.facts.setdefault(relation, []).append(row)
        part.evidence += _evidence_rows(
            subject, props, lookup, _mentions(row), {"relation": load_schema().relations[relation].neo4j_type}
        )
        count += 1
        if count % size == 0:
            yield part
            part = SourceRows(graph, {})
    for subject in lookup.typed(KGO.Observation):
        props = lookup.get(subject, {})
        row = _observation_row(subject, props, lookup)
        part.observations.append(row)
        part.evidence += _evidence_rows(subject, props, lookup, [["subject", row[1]]], {}, figure=True)
        count += 1
        if count % size == 0:
            yield part
            part = SourceRows(graph, {})
    if part.facts or part.observations:
        yield part


def _mentions(row: list[Any]) -> list[list[str]]:
    """The entities a fact's evidence names: its subject and object, and its via and market when they are nodes."""
    qualifiers = row[3]
    return [["subject", row[1]], ["object", row[2]]] + [
        [key, qualifiers[f"{key}Iri"]] for key in ("via", "market") if qualifiers.get(f"{key}Iri")
    ]


def _evidence_rows(
    target: str,
    props: dict,
    subjects: Subjects,
    mentions: list[list[str]],
    extra: dict[str, Any],
    *,
    figure: bool = False,
) -> list[list[Any]]:
    """Rows of :data:`kg.stores.cypher.WRITE_EVIDENCE`: one per statement of a fact or figure, keyed by the IRI
    the statement has in the RDF (its ``kgo:Provenance``), with the fields a source gave it and no others."""
    out = []
    for node in props.get("qualifiedDerivation", ()):
        prov = subjects.get(node.value, {})
        fields = {
            "text": _one(prov, "evidence"),
            "line": _one(prov, "line"),
            "spanStart": _one(prov, "spanStart"),
            "spanEnd": _one(prov, "spanEnd"),
            "confidence": _one(prov, "confidence"),
            "extractor": _one(prov, "extractor"),
            "citedSource": _one(prov, "citedSource"),
            "note": _one(prov, "note"),
            **extra,
        }
        out.append([node.value, target, {k: v for k, v in fields.items() if v not in (None, "")}, mentions, figure])
    return out


def _local(term: Any) -> str:
    return term.value.removeprefix(ONTOLOGY_NS)


def _one(props: dict[str, list[Any]], key: str) -> Any:
    """The value of a property, the least one when a source gives several (so the choice is stable)."""
    values = props.get(key)
    if not values:
        return None
    return _value(values[0]) if len(values) == 1 else min(_value(v) for v in values)


_name_key = name_key


def _entity_state(props: dict[str, list[Any]], types: set[str]) -> dict[str, Any]:
    """What a source says about one entity: its classes, names and identifiers."""
    name = _one(props, "name")
    aliases = sorted({_value(a) for a in props.get("alias", ())} - {name})
    keys = sorted({k for k in map(_name_key, [name or "", *aliases]) if k})
    state = {
        "types": sorted(types & set(ENTITY_CLASSES)),
        "name": name,
        "aliases": aliases,
        "keys": keys,
        "isoCode": _one(props, "isoCode"),
    }
    state.update({k: _one(props, k) for k in cypher.IDENTIFIERS})
    return {k: v for k, v in state.items() if v is not None}


def _fact_row(iri: str, props: dict, subjects: Subjects, names: dict) -> tuple[str, list]:
    """A fact's relation and its row (the layout is in :data:`kg.stores.cypher.ROW_LISTS`)."""
    relation = _local(props["predicate"][0])
    qualifiers: dict[str, Any] = {k: _one(props, k) for k in QUALIFIERS}
    for key in ("via", "market"):
        term = props.get(key, [None])[0]
        if isinstance(term, ox.NamedNode):
            qualifiers[key], qualifiers[f"{key}Iri"] = names.get(term.value, term.value), term.value
        else:
            qualifiers[key], qualifiers[f"{key}Iri"] = (term.value if term is not None else None), None
    qualifiers.update(_time_window(qualifiers))
    row = [
        iri,
        props["subject"][0].value,
        props["object"][0].value,
        {k: v for k, v in qualifiers.items() if v is not None},
        _provenance(props, subjects),
    ]
    return relation, row


def _time_window(qualifiers: dict[str, Any]) -> dict[str, date | None]:
    """The days a fact's date (else its ``since``) covers, and the last day of its ``until``, as Neo4j dates.

    Path filters compare these on the server exactly as :class:`kg.answers.FactFilter` does.
    """
    when, until = _time(qualifiers["date"] or qualifiers["since"]), _time(qualifiers["until"])
    return {
        "dateStart": when.start if when else None,
        "dateEnd": when.end if when else None,
        "untilEnd": until.end if until else None,
    }


def _time(text: str | None) -> TimeValue | None:
    try:
        return parse_time(text) if text else None
    except InvalidDate:
        return None


def _observation_row(iri: str, props: dict, subjects: Subjects) -> list:
    values = {k: _one(props, k) for k in ("metric", "value", "unit", "period")}
    return [
        iri,
        props["subject"][0].value,
        {k: v for k, v in values.items() if v is not None},
        _provenance(props, subjects),
    ]


def _provenance(props: dict, subjects: Subjects) -> list[list[Any]]:
    """One fact's or figure's statements in this source, in line order (see :data:`kg.stores.cypher.ROW_LISTS`)."""
    records = [_record(subjects.get(d.value, {})) for d in props.get("qualifiedDerivation", ())]
    return sorted(records, key=lambda r: (r[1], r))


def _record(prov: dict) -> list[Any]:
    """One statement's provenance, in the order of :data:`kg.stores.cypher.ROW_LISTS`."""
    start, end = _one(prov, "spanStart"), _one(prov, "spanEnd")
    return [
        _one(prov, "evidence") or "",
        _one(prov, "line") or 0,
        _one(prov, "confidence") or 0.0,
        _one(prov, "extractor") or "",
        _one(prov, "citedSource") or "",
        _one(prov, "note") or "",
        span_text(start, end),
    ]


def span_text(start: int | None, end: int | None) -> str:
    """A character span as the ``spans`` list holds it (``"12-40"``), or ``""`` without one."""
    return f"{start}-{end}" if start is not None and end is not None else ""


def _span(text: str) -> tuple[int, int] | None:
    start, _, end = text.partition("-")
    return (int(start), int(end)) if end else None


# ---------------------------------------------------------------- Neo4j -> quads

_DATETIME = ox.NamedNode(XSD + "dateTime")


def _quad(s: str | ox.NamedNode, p: ox.NamedNode, o: Term, g: ox.NamedNode) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s) if isinstance(s, str) else s, p, o, g)


def _double(value: float) -> ox.Literal:
    return ox.Literal(repr(float(value)), datatype=DOUBLE)


def document_quads(props: dict[str, Any]) -> list[ox.Quad]:
    """A source's own description: path, content hash, load time and what the document says of itself."""
    g = ox.NamedNode(props["iri"])
    out = [_quad(g, TYPE, KGO.Document, g), _quad(g, KGO.sourcePath, ox.Literal(props["path"]), g)]
    if props.get("contentHash") is not None:
        out.append(_quad(g, KGO.contentHash, ox.Literal(props["contentHash"]), g))
    if props.get("loadedAt") is not None:
        out.append(_quad(g, KGO.loadedAt, ox.Literal(props["loadedAt"], datatype=_DATETIME), g))
    out += [_quad(g, getattr(KGO, k), ox.Literal(str(props[k])), g) for k in DOCUMENT_FIELDS if props.get(k)]
    return out


def entity_quads(graph: str, iri: str, state: dict[str, Any]) -> list[ox.Quad]:
    """What one source states about an entity (its ``STATES`` properties): classes, name, aliases, identifiers."""
    g, node = ox.NamedNode(graph), ox.NamedNode(iri)
    out = [_quad(node, TYPE, getattr(KGO, t), g) for t in state.get("types", ())]
    if state.get("name") is not None:
        out.append(_quad(node, KGO.name, ox.Literal(state["name"]), g))
    out += [_quad(node, KGO.alias, ox.Literal(a), g) for a in state.get("aliases", ())]
    out += [
        _quad(node, getattr(KGO, k), ox.Literal(state[k]), g)
        for k in ("isoCode", *cypher.IDENTIFIERS)
        if state.get(k) is not None
    ]
    return out


def _qualifier_terms(props: dict[str, Any]) -> Iterator[tuple[ox.NamedNode, Term]]:
    for key in QUALIFIERS:
        value = props.get(key)
        if value is not None:
            yield getattr(KGO, key), _double(value) if key == "share" else ox.Literal(str(value))
    for key in ("via", "market"):
        if props.get(f"{key}Iri"):
            yield getattr(KGO, key), ox.NamedNode(props[f"{key}Iri"])
        elif props.get(key) is not None:
            yield getattr(KGO, key), ox.Literal(props[key])


def _statements(props: dict[str, Any], graphs: dict[str, str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each statement of a fact or figure, as (graph, its provenance fields), from the aligned lists."""
    lists = {p: props.get(p) or [""] * len(props["sources"]) for p in cypher.PROVENANCE_LISTS}
    for i, path in enumerate(props["sources"]):
        graph = graphs.get(path)
        if graph is not None:
            yield graph, {p: lists[p][i] for p in cypher.PROVENANCE_LISTS}


def _provenance_quads(target: str, graph: str, entry: dict[str, Any]) -> list[ox.Quad]:
    g, span = ox.NamedNode(graph), _span(entry["spans"])
    node = ox.NamedNode(provenance_iri(target, graph, entry["lines"], span, entry["evidence"]))
    out = [
        _quad(target, DERIVATION, node, g),
        _quad(node, TYPE, KGO.Provenance, g),
        _quad(node, PROV_ENTITY, g, g),
        _quad(node, KGO.extractor, ox.Literal(entry["extractors"]), g),
        _quad(node, KGO.confidence, _double(entry["confidences"]), g),
    ]
    if entry["lines"]:
        out.append(_quad(node, KGO.line, ox.Literal(str(entry["lines"]), datatype=INTEGER), g))
    if entry["evidence"]:
        out.append(_quad(node, KGO.evidence, ox.Literal(entry["evidence"]), g))
    if span:
        out += [
            _quad(node, KGO.spanStart, ox.Literal(str(span[0]), datatype=INTEGER), g),
            _quad(node, KGO.spanEnd, ox.Literal(str(span[1]), datatype=INTEGER), g),
        ]
    if entry["citedSources"]:
        out.append(_quad(node, KGO.citedSource, ox.Literal(entry["citedSources"]), g))
    if entry["notes"]:
        out.append(_quad(node, KGO.note, ox.Literal(entry["notes"]), g))
    return out


def fact_quads(relation: str, subject: str, obj: str, props: dict[str, Any], graphs: dict[str, str]) -> list[ox.Quad]:
    """A fact in every source graph that states it: the plain triple, the reified fact and each statement.

    ``graphs`` maps source paths (the ``sources`` list) to their graph IRIs.
    """
    s, p, o, fact = ox.NamedNode(subject), getattr(KGO, relation), ox.NamedNode(obj), ox.NamedNode(props["iri"])
    qualifiers = list(_qualifier_terms(props))
    out: list[ox.Quad] = []
    for graph in dict.fromkeys(graphs[path] for path in props["sources"] if path in graphs):
        g = ox.NamedNode(graph)
        out += [
            _quad(s, p, o, g),
            _quad(fact, TYPE, KGO.Fact, g),
            _quad(fact, RDF_SUBJECT, s, g),
            _quad(fact, RDF_PREDICATE, p, g),
            _quad(fact, RDF_OBJECT, o, g),
        ]
        out += [_quad(fact, key, value, g) for key, value in qualifiers]
    for graph, entry in _statements(props, graphs):
        out += _provenance_quads(props["iri"], graph, entry)
    return out


def observation_quads(subject: str, props: dict[str, Any], graphs: dict[str, str]) -> list[ox.Quad]:
    """A figure in every source graph that states it, with each statement's provenance."""
    node = ox.NamedNode(props["iri"])
    out: list[ox.Quad] = []
    for graph in dict.fromkeys(graphs[path] for path in props["sources"] if path in graphs):
        g = ox.NamedNode(graph)
        out += [
            _quad(node, TYPE, KGO.Observation, g),
            _quad(node, KGO.subject, ox.NamedNode(subject), g),
            _quad(node, KGO.metric, ox.Literal(props["metric"]), g),
            _quad(node, KGO.value, _double(props["value"]), g),
            _quad(node, KGO.unit, ox.Literal(props["unit"]), g),
        ]
        if props.get("period") is not None:
            out.append(_quad(node, KGO.period, ox.Literal(props["period"]), g))
    for graph, entry in _statements(props, graphs):
        out += _provenance_quads(props["iri"], graph, entry)
    return out
