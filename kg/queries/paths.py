"""The expansion questions on whichever store holds the graph.

A store that answers a question itself (Neo4j, in Cypher) does; for the
embedded store the answer comes from the projection (a multigraph), kept in step
with the store by :func:`kg.stores.projection.project`.
"""

from __future__ import annotations

from kg.queries.compare import Comparison, compare
from kg.queries.expansion import ExpansionPath, expansion_paths
from kg.queries.filters import FactFilter
from kg.queries.market import MarketEntry, market_counts, market_entrants
from kg.queries.timeline import Event, timeline


def _projection(store):
    from kg.stores.projection import project

    return project(store)


def find_paths(
    store, source: str, target: str | None = None, *, max_hops: int = 4, where: FactFilter = FactFilter()
) -> list[ExpansionPath]:
    """Paths from ``source`` to ``target`` (or every market), computed where the graph lives."""
    if hasattr(store, "expansion_paths"):
        return store.expansion_paths(source, target, max_hops=max_hops, where=where)
    return expansion_paths(_projection(store), source, target, max_hops=max_hops, where=where)


def find_timeline(store, company: str) -> list[Event]:
    """The dated expansion events of ``company`` and what it controls, oldest first."""
    if hasattr(store, "timeline"):
        return store.timeline(company)
    return timeline(_projection(store), company)


def find_comparison(store, names: list[str], *, max_hops: int = 4) -> Comparison:
    """Two or more companies side by side."""
    if hasattr(store, "compare"):
        return store.compare(names, max_hops=max_hops)
    return compare(_projection(store), names, max_hops=max_hops)


def find_market_entrants(
    store, market: str, *, max_hops: int = 4, where: FactFilter = FactFilter(), paths: bool = True
) -> list[MarketEntry]:
    """Every top-level company that reaches ``market``, most ways in first; with ``paths=False`` the entries
    may carry their counts only (their ``paths`` empty), which the embedded store finds much faster."""
    if hasattr(store, "market_entrants"):
        return store.market_entrants(market, max_hops=max_hops, where=where)
    if not paths:
        return market_counts(_projection(store), market, max_hops=max_hops, where=where)
    return market_entrants(_projection(store), market, max_hops=max_hops, where=where)
