"""Who reaches a market, and how: entry modes counted per company."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kg.errors import QueryError
from kg.queries.expansion import MAX_HOPS, ExpansionPath, hops_to_market, paths_from, target_test
from kg.queries.filters import FactFilter
from kg.stores.multigraph import MultiDiGraph

OWNED_RELATIONS = ("hasSubsidiary", "hasBrand", "acquires")


@dataclass(frozen=True)
class MarketEntry:
    """One company's ways into a market."""

    company: str
    modes: dict[str, int]
    paths: list[ExpansionPath] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"company": self.company, "modes": self.modes, "paths": len(self.paths)}


def top_level_companies(graph: MultiDiGraph) -> list[str]:
    """Companies nobody in the graph owns: the ones a market question is about."""
    owned = {t for _, t, d in graph.edges(data=True) if d["relation"] in OWNED_RELATIONS}
    return sorted(n for n, d in graph.nodes(data=True) if d["type"] in ("Company", "Organization") and n not in owned)


def market_entrants(graph: MultiDiGraph, market: str, *, max_hops: int = 4,
                    where: FactFilter = FactFilter()) -> list[MarketEntry]:
    """Every top-level company that reaches ``market``, most ways in first."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise QueryError(f"--max-hops must be between 1 and {MAX_HOPS}, not {max_hops}")
    accept = target_test(graph, market)
    reach = hops_to_market(graph, accept, max_hops)
    entries, edges = [], {}
    for node in top_level_companies(graph):
        paths = paths_from(graph, node, accept, max_hops=max_hops, where=where, reach=reach, edges=edges)
        if paths:
            entries.append(market_entry(graph.nodes[node]["name"], paths))
    return most_ways_in_first(entries)


def market_entry(company: str, paths: list[ExpansionPath]) -> MarketEntry:
    """One company's paths into a market, with its entry modes counted."""
    return MarketEntry(company, dict(sorted(Counter(p.mode for p in paths).items())), paths)


def most_ways_in_first(entries: list[MarketEntry]) -> list[MarketEntry]:
    return sorted(entries, key=lambda e: (-sum(e.modes.values()), e.company))
