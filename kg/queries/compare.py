"""Companies side by side: markets, channels, strategies and segments, shared and unique."""

from __future__ import annotations

from kg.answers import ASPECTS, COMPANY_KINDS, Comparison
from kg.errors import QueryError
from kg.queries.expansion import expansion_paths, find_entity
from kg.queries.timeline import controlled
from kg.stores.multigraph import MultiDiGraph


def compare(graph: MultiDiGraph, names: list[str], *, max_hops: int = 4) -> Comparison:
    """Compare two or more companies, counting what their subsidiaries and brands do as theirs."""
    if len(names) < 2:
        raise QueryError("compare needs at least two companies")
    nodes = [find_entity(graph, n, COMPANY_KINDS) for n in names]
    companies = tuple(graph.nodes[n]["name"] for n in nodes)
    aspects: dict[str, dict[str, list[str]]] = {"markets": {}}
    for name, node in zip(companies, nodes, strict=True):
        aspects["markets"][name] = sorted({p.market for p in expansion_paths(graph, name, max_hops=max_hops)})
        for aspect, relation in ASPECTS.items():
            aspects.setdefault(aspect, {})[name] = _objects(graph, node, relation)
    return Comparison(companies, aspects)


def _objects(graph: MultiDiGraph, start: str, relation: str) -> list[str]:
    found = set()
    for node in controlled(graph, start):
        for _, target, data in graph.out_edges(node, data=True):
            if data["relation"] == relation and not data.get("status"):
                found.add(graph.nodes[target]["name"])
    return sorted(found)
