"""Expansion paths: how a company reaches a market.

A path walks from the company through the things it controls or works with
(subsidiaries at any depth, brands, products it launches, companies it
acquires, partners) and ends with a hop into a market: a subsidiary located
there, a presence or entry stated for it, or a channel fact whose ``market``
qualifier names it.  Facts that are only planned, denied or ended are not
paths.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from kg import places
from kg.answers import (
    COMPANY_KINDS,
    MARKET_KINDS,
    ExpansionPath,
    FactFilter,
    Hop,
    NamedEntity,
    path_rank,
    pick_entity,
    tie_rank,
)
from kg.errors import EntityNotFound, QueryError
from kg.resolve import name_key
from kg.stores.multigraph import MultiDiGraph
from kg.stores.names import name_index
from kg.vocabulary import MARKET_RELATIONS, MARKET_TYPES, MAX_HOPS, STEP_RELATIONS


def find_entity(graph: MultiDiGraph, name: str, kinds: Sequence[frozenset[str]] = ()) -> str:
    """The node a name or alias denotes, by :func:`kg.answers.pick_entity`; one-line errors for unknown or
    ambiguous names."""
    nodes = graph.nodes
    found = [NamedEntity(n, nodes[n]["name"], nodes[n]["type"]) for n in name_index(graph).get(name_key(name), ())]
    picked = pick_entity(name, found, kinds)
    if picked is None:
        raise EntityNotFound(f"no entity named {name!r}{_suggestions(graph, name, tuple(set().union(*kinds)))}")
    return picked


def _suggestions(graph: MultiDiGraph, name: str, types: tuple[str, ...]) -> str:
    from rapidfuzz import fuzz, process, utils

    names = sorted({d["name"] for _, d in graph.nodes(data=True) if not types or d["type"] in types})
    close = [
        m
        for m, score, _ in process.extract(name, names, scorer=fuzz.ratio, processor=utils.default_process, limit=3)
        if score >= 60
    ]
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def expansion_paths(
    graph: MultiDiGraph, company: str, market: str | None = None, *, max_hops: int = 4, where: FactFilter = FactFilter()
) -> list[ExpansionPath]:
    """Every path from ``company`` to ``market`` (or to every market), best first.

    >>> g = MultiDiGraph()
    >>> g.add_node("e", type="Company", name="Ecovacs", aliases=[])
    >>> g.add_node("de", type="Country", name="Germany", aliases=[], iso="DE")
    >>> _ = g.add_edge("e", "de", relation="expandsInto", via="subsidiary", support=1)
    >>> [p.mode for p in expansion_paths(g, "Ecovacs", "Germany")]
    ['subsidiary']
    """
    if not 1 <= max_hops <= MAX_HOPS:
        raise QueryError(f"--max-hops must be between 1 and {MAX_HOPS}, not {max_hops}")
    start = find_entity(graph, company, COMPANY_KINDS)
    return paths_from(
        graph, start, target_test(graph, market) if market else _is_place(graph), max_hops=max_hops, where=where
    )


def paths_from(
    graph: MultiDiGraph,
    start: str,
    accept,
    *,
    max_hops: int = 4,
    where: FactFilter = FactFilter(),
    reach: dict[str, int] | None = None,
    edges: dict | None = None,
) -> list[ExpansionPath]:
    """The kernel of :func:`expansion_paths`: paths from node ``start`` to nodes ``accept`` admits.

    Of the paths with the same hops (by names), the one :func:`tie_rank` puts first stays.  ``reach``
    (from :func:`hops_to_market`) lets the walk skip every node that cannot reach an accepted market
    within the hops left; the answer is the same.  ``edges``, a dict shared by the walks of one
    question, keeps each node's edges that can lie on an answer (see :func:`useful_edges`).
    """
    found: dict[tuple, tuple[tuple, ExpansionPath]] = {}
    for path, facts in _walk(graph, start, max_hops, where, reach, accept, edges):
        if where.allows_mode(path.mode):
            key = tuple((h.source_name, h.relation, h.target_name) for h in path.hops)
            rank = tie_rank(path, facts)
            if key not in found or rank < found[key][0]:
                found[key] = (rank, path)
    return sorted((path for _, path in found.values()), key=path_rank)


def _is_place(graph: MultiDiGraph):
    return lambda node: graph.nodes[node]["type"] in MARKET_TYPES


def target_test(graph: MultiDiGraph, market: str):
    """Reaching the market itself counts, and so does reaching a member country of a region.

    Countries and regions are recognised by name through :mod:`kg.places`
    first, so "the US" finds the United States even if no source spelt it so.
    """
    country = places.country(market)
    region = places.region(market)
    if country is None and region is None:
        target = find_entity(graph, market, MARKET_KINDS)
        region = places.region(graph.nodes[target]["name"]) if graph.nodes[target]["type"] == "Region" else None
        country_code = None
    else:
        target, country_code = None, country.code if country else None
    members = region.members if region else frozenset()
    region_name = region.name if region else None

    def accept(node: str) -> bool:
        data = graph.nodes[node]
        return (
            node == target
            or (country_code is not None and data.get("iso") == country_code)
            or data.get("iso") in members
            or (data["type"] == "Region" and data["name"] == region_name)
        )

    return accept


def _walk(
    graph: MultiDiGraph,
    start: str,
    max_hops: int,
    where: FactFilter,
    reach: dict[str, int] | None = None,
    accept=None,
    edges: dict | None = None,
) -> Iterator[tuple[ExpansionPath, tuple[str, ...]]]:
    """Every path from ``start`` to a market ``accept`` admits (any, without it), with its facts' IRIs (the
    graph's edge keys); with ``reach``, only the paths through nodes from which such a market is near enough."""
    stack: list[tuple[str, tuple[Hop, ...], tuple[str, ...], frozenset[str]]] = [(start, (), (), frozenset([start]))]
    if reach is not None and reach.get(start, max_hops + 1) > max_hops:
        return
    useful = {} if edges is None else edges
    while stack:
        node, hops, facts, seen = stack.pop()
        out = useful.get(node)
        if out is None:
            out = useful[node] = useful_edges(graph, node, max_hops, where, reach, accept)
        for is_market, target, fact, data in out:
            if is_market:
                yield _market_hop(graph, node, target, data, hops), (*facts, fact)
            elif target not in seen and len(hops) + 1 < max_hops:
                if reach is not None and reach.get(target, max_hops + 1) > max_hops - len(hops) - 1:
                    continue
                stack.append((target, (*hops, _hop(graph, node, target, data)), (*facts, fact), seen | {target}))


def useful_edges(graph: MultiDiGraph, node: str, max_hops: int, where: FactFilter, reach, accept) -> list[tuple]:
    """A node's out-edges that can lie on an answer, in the graph's order: market hops into an accepted market
    and steps towards one (``reach`` permitting), each fact the filter admits; the rest are skipped once per
    question, not once per path that passes the node (a market's big companies have thousands of market hops,
    and partner chains pass through them from most other companies)."""
    out = []
    for _, target, fact, data in graph.out_edges(node, keys=True, data=True):
        if not where.admits(data):
            continue
        relation = data["relation"]
        if relation in MARKET_RELATIONS:
            market = market_of(target, data)
            if (
                market
                and market in graph
                and graph.nodes[market]["type"] in (*MARKET_TYPES, "Segment")
                and (accept is None or accept(market))
            ):
                out.append((True, target, fact, data))
        elif relation in STEP_RELATIONS and (reach is None or reach.get(target, max_hops + 1) <= max_hops - 1):
            out.append((False, target, fact, data))
    return out


def hops_to_market(graph: MultiDiGraph, accept, max_hops: int) -> dict[str, int]:
    """Node -> the fewest hops from it to a market ``accept`` admits (the market hop counts one), up to ``max_hops``.

    A walk backwards from the markets over the step relations, filters left aside (a lower bound, so
    pruning by it never loses a path).  A market question walks from every company; without this each
    walk would follow every chain of partners and subsidiaries to its end, to find most lead nowhere.
    """
    reach: dict[str, int] = {}
    for node in graph.nodes:
        for _, target, data in graph.out_edges(node, data=True):
            if data["relation"] in MARKET_RELATIONS:
                market = market_of(target, data)
                if (
                    market
                    and market in graph
                    and graph.nodes[market]["type"] in (*MARKET_TYPES, "Segment")
                    and accept(market)
                ):
                    reach[node] = 1
                    break
    frontier = list(reach)
    for hops in range(2, max_hops + 1):
        reached = []
        for node in frontier:
            for before, keyed in graph.pred[node].items():
                if before not in reach and any(d["relation"] in STEP_RELATIONS for d in keyed.values()):
                    reach[before] = hops
                    reached.append(before)
        frontier = reached
    return reach


def _market_hop(graph, node, target, data, hops) -> ExpansionPath:
    """The path ending with a market hop :func:`useful_edges` kept."""
    market = market_of(target, data)
    assert market is not None, "useful_edges keeps only the market hops whose market is named"
    hop = _hop(graph, node, market, data)
    if data["relation"] == "sellsThrough":
        hop = replace(hop, via=graph.nodes[target]["name"])
    return ExpansionPath((*hops, hop), graph.nodes[market]["name"], entry_mode(hops, data), market)


def market_of(target: str, data: dict) -> str | None:
    """The market a market hop reaches: the edge's target, or for ``sellsThrough`` the market it names."""
    return data.get("market") if data["relation"] == "sellsThrough" else target


def entry_mode(hops: tuple[Hop, ...], data: dict) -> str:
    if hops:
        return STEP_RELATIONS[hops[0].relation]
    if data["relation"] == "sellsThrough":
        return "channel"
    via = (data.get("via") or "").lower()
    if via:
        return "subsidiary" if via.startswith("subsidiar") else "channel"
    return "direct"


def _hop(graph: MultiDiGraph, source: str, target: str, data: dict) -> Hop:
    return Hop(
        graph.nodes[source]["name"],
        data["relation"],
        graph.nodes[target]["name"],
        data.get("date"),
        data.get("via"),
        data.get("evidence"),
        data.get("source"),
        data.get("support", 1),
        graph.nodes[source]["type"],
        graph.nodes[target]["type"],
    )
