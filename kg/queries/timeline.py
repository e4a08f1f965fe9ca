"""A company's dated expansion events, in the order they happened."""

from __future__ import annotations

from kg.answers import COMPANY_KINDS, EVENT_RELATIONS, Event, event_order
from kg.queries.expansion import find_entity
from kg.stores.multigraph import MultiDiGraph

CONTROL_RELATIONS = ("hasSubsidiary", "hasBrand")


def controlled(graph: MultiDiGraph, start: str) -> list[str]:
    """The company and everything it controls through subsidiaries and brands, at any depth."""
    seen, stack = [start], [start]
    while stack:
        node = stack.pop()
        for _, target, data in graph.out_edges(node, data=True):
            if data["relation"] in CONTROL_RELATIONS and target not in seen:
                seen.append(target)
                stack.append(target)
    return seen


def timeline(graph: MultiDiGraph, company: str) -> list[Event]:
    """Every dated event of ``company`` and what it controls, oldest first."""
    start = find_entity(graph, company, COMPANY_KINDS)
    events = []
    for node in controlled(graph, start):
        for _, target, data in graph.out_edges(node, data=True):
            when = data.get("date") or data.get("since")
            if data["relation"] in EVENT_RELATIONS and when:
                events.append(
                    Event(
                        when,
                        data["relation"],
                        graph.nodes[node]["name"],
                        graph.nodes[target]["name"],
                        data.get("via"),
                        data.get("status"),
                        data.get("evidence"),
                        data.get("source"),
                    )
                )
    return sorted(set(events), key=event_order)
