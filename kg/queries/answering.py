"""The expansion questions on whichever store holds the graph.

A store that answers them itself (Neo4j, in Cypher) gives its :class:`kg.answers.Answers` from
``store.answers()``; for any other store they are answered over the projection of its RDF view (a
multigraph, kept in step with the store by :func:`kg.stores.projection.project`) by
:class:`ProjectionAnswers`.
"""

from __future__ import annotations

from kg.answers import Answers, Comparison, Event, ExpansionPath, FactFilter, MarketEntry
from kg.queries.compare import compare
from kg.queries.expansion import expansion_paths
from kg.queries.market import market_counts, market_entrants
from kg.queries.timeline import timeline
from kg.stores.base import Store
from kg.stores.multigraph import MultiDiGraph


class ProjectionAnswers:
    """:class:`kg.answers.Answers` over an in-memory projection of the graph."""

    def __init__(self, graph: MultiDiGraph):
        self.graph = graph

    def expansion_paths(
        self, source: str, target: str | None = None, *, max_hops: int = 4, where: FactFilter = FactFilter()
    ) -> list[ExpansionPath]:
        return expansion_paths(self.graph, source, target, max_hops=max_hops, where=where)

    def timeline(self, company: str) -> list[Event]:
        return timeline(self.graph, company)

    def compare(self, names: list[str], *, max_hops: int = 4) -> Comparison:
        return compare(self.graph, names, max_hops=max_hops)

    def market_entrants(self, market: str, *, max_hops: int = 4, where: FactFilter = FactFilter()) -> list[MarketEntry]:
        return market_entrants(self.graph, market, max_hops=max_hops, where=where)

    def market_counts(self, market: str, *, max_hops: int = 4, where: FactFilter = FactFilter()) -> list[MarketEntry]:
        """The counts without building a path (much faster on a big market)."""
        return market_counts(self.graph, market, max_hops=max_hops, where=where)


def answers_for(store: Store) -> Answers:
    """Who answers the expansion questions for ``store``: the store itself, or its projection."""
    own = store.answers()
    if own is not None:
        return own
    from kg.stores.projection import project

    return ProjectionAnswers(project(store))
