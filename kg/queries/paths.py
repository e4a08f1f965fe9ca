"""The expansion questions as functions of a store, answered where the graph lives (see
:mod:`kg.queries.answering`)."""

from __future__ import annotations

from kg.answers import Comparison, Event, ExpansionPath, FactFilter, MarketEntry
from kg.queries.answering import answers_for
from kg.stores.base import Store


def find_paths(
    store: Store, source: str, target: str | None = None, *, max_hops: int = 4, where: FactFilter = FactFilter()
) -> list[ExpansionPath]:
    """Paths from ``source`` to ``target`` (or every market), computed where the graph lives."""
    return answers_for(store).expansion_paths(source, target, max_hops=max_hops, where=where)


def find_timeline(store: Store, company: str) -> list[Event]:
    """The dated expansion events of ``company`` and what it controls, oldest first."""
    return answers_for(store).timeline(company)


def find_comparison(store: Store, names: list[str], *, max_hops: int = 4) -> Comparison:
    """Two or more companies side by side."""
    return answers_for(store).compare(names, max_hops=max_hops)


def find_market_entrants(
    store: Store, market: str, *, max_hops: int = 4, where: FactFilter = FactFilter(), paths: bool = True
) -> list[MarketEntry]:
    """Every top-level company that reaches ``market``, most ways in first; with ``paths=False`` the entries
    may carry their counts only (their ``paths`` empty), which the embedded store finds much faster."""
    answers = answers_for(store)
    if paths:
        return answers.market_entrants(market, max_hops=max_hops, where=where)
    return answers.market_counts(market, max_hops=max_hops, where=where)
