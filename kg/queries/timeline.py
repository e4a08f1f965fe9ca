"""A company's dated expansion events, in the order they happened."""

from __future__ import annotations

from dataclasses import dataclass

from kg.queries.expansion import find_entity
from kg.stores.multigraph import MultiDiGraph
from kg.timevalue import InvalidDate, parse_time

EVENT_RELATIONS = ("launches", "expandsInto", "operatesIn", "hasSubsidiary", "acquires", "hasBrand",
                   "locatedIn", "partnersWith", "investsIn", "sellsThrough")
CONTROL_RELATIONS = ("hasSubsidiary", "hasBrand")


@dataclass(frozen=True)
class Event:
    """One dated fact about a company or something it controls."""

    date: str
    relation: str
    subject: str
    object: str
    via: str | None = None
    status: str | None = None
    evidence: str | None = None
    source: str | None = None

    def as_dict(self) -> dict:
        return dict(vars(self))


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
    start = find_entity(graph, company, ("Company", "Organization", "Brand"))
    events = []
    for node in controlled(graph, start):
        for _, target, data in graph.out_edges(node, data=True):
            when = data.get("date") or data.get("since")
            if data["relation"] in EVENT_RELATIONS and when:
                events.append(Event(when, data["relation"], graph.nodes[node]["name"], graph.nodes[target]["name"],
                                    data.get("via"), data.get("status"), data.get("evidence"), data.get("source")))
    return sorted(set(events), key=event_order)


def event_order(event: Event) -> tuple:
    """Oldest first (by the first day a date covers, then the last), then by subject, relation and object."""
    try:
        value = parse_time(event.date)
        return (value.start, value.end, event.subject, event.relation, event.object)
    except InvalidDate:
        return (event.date, event.date, event.subject, event.relation, event.object)
