"""Nodes and edges shared by the GraphML, GEXF and node-link exports.

Entities and figures are nodes (``kind`` says which class, or
``Observation``); facts are edges typed by ``relation``, and each figure hangs
off its subject by a ``hasObservation`` edge.  Documents are not nodes here:
an edge's ``sources`` lists the paths of the sources that state it.  The
attributes and their types are fixed up front, as GraphML and GEXF declare
them before the first node.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kg.exports.rows import EntityRow, FactRow, GraphReader, ObservationRow

#: Node attributes and their types (string, int, double); lists are string lists.
NODE_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("name", "string"),
    ("kind", "string"),
    ("aliases", "list"),
    ("isoCode", "string"),
    ("wikidata", "string"),
    ("lei", "string"),
    ("ticker", "string"),
    ("domain", "string"),
    ("metric", "string"),
    ("value", "double"),
    ("unit", "string"),
    ("period", "string"),
    ("support", "int"),
    ("confidence", "double"),
)
EDGE_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("relation", "string"),
    ("date", "string"),
    ("since", "string"),
    ("until", "string"),
    ("via", "string"),
    ("market", "string"),
    ("status", "string"),
    ("share", "double"),
    ("amount", "string"),
    ("support", "int"),
    ("confidence", "double"),
    ("weight", "double"),
    ("evidence", "string"),
    ("sources", "list"),
    ("iri", "string"),
    ("kind", "string"),
)
HAS_OBSERVATION = "hasObservation"


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    attributes: dict[str, Any]

    @property
    def label(self) -> str:
        return str(self.attributes.get("name") or self.attributes.get("metric") or self.id)


@dataclass(frozen=True, slots=True)
class Edge:
    id: str
    source: str
    target: str
    attributes: dict[str, Any]

    @property
    def relation(self) -> str:
        return str(self.attributes["relation"])


def _present(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    return {k: v for k, v in pairs if v is not None and v != () and v != []}


def entity_node(row: EntityRow) -> Node:
    return Node(
        row.iri,
        _present(
            [
                ("name", row.name),
                ("kind", row.type),
                ("aliases", list(row.aliases)),
                ("isoCode", row.iso_code),
                *row.identifiers.items(),
            ]
        ),
    )


def observation_node(row: ObservationRow) -> Node:
    return Node(
        row.iri,
        _present(
            [
                ("name", f"{row.metric} {row.period or ''}".strip()),
                ("kind", "Observation"),
                ("metric", row.metric),
                ("value", row.value),
                ("unit", row.unit),
                ("period", row.period),
                ("support", row.support),
                ("confidence", row.confidence),
            ]
        ),
    )


def fact_edge(row: FactRow, kind: str | None = None) -> Edge:
    qualifiers = [(k, v) for k, v in row.qualifiers]
    # the IRI is also an ordinary attribute: igraph and others drop GraphML edge ids
    return Edge(
        row.iri,
        row.subject,
        row.object,
        _present(
            [
                ("relation", row.relation),
                *qualifiers,
                ("support", row.support),
                ("confidence", row.confidence),
                ("weight", float(row.support)),
                ("evidence", row.evidence),
                ("sources", list(row.sources)),
                ("iri", row.iri),
                ("kind", kind or row.relation),
            ]
        ),
    )


def observation_edge(iri: str, subject: str) -> Edge:
    return Edge(f"{iri}#subject", subject, iri, {"relation": HAS_OBSERVATION, "kind": HAS_OBSERVATION})


def nodes(reader: GraphReader) -> Iterator[Node]:
    """Entities, then figures, each in IRI order."""
    for entity in reader.entities():
        yield entity_node(entity)
    for observation in reader.observations():
        yield observation_node(observation)


def edges(reader: GraphReader) -> Iterator[Edge]:
    """Facts (relation by relation), then the figures' ``hasObservation`` edges.

    Each edge's ``kind`` is its relation, except that the second, third, ... fact of one relation between
    the same two nodes (an entry into one country on two dates) is ``relation 2``, ``relation 3``: Gephi
    keeps parallel edges only when their edge types (GEXF ``kind``, the GraphML edge's ``label``) differ,
    and otherwise merges them into one, summing their weights.
    """
    seen: dict[tuple[str, str, str], int] = {}
    for fact in reader.facts():
        key = (fact.subject, fact.object, fact.relation)
        seen[key] = count = seen.get(key, 0) + 1
        yield fact_edge(fact, fact.relation if count == 1 else f"{fact.relation} {count}")
    for iri, subject in reader.observation_links():
        yield observation_edge(iri, subject)
