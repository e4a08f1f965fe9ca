"""Expansion paths on whichever store holds the graph."""

from __future__ import annotations

from kg.queries.expansion import ExpansionPath, expansion_paths
from kg.queries.filters import FactFilter


def find_paths(store, source: str, target: str | None = None, *, max_hops: int = 4,
               where: FactFilter = FactFilter()) -> list[ExpansionPath]:
    """Paths from ``source`` to ``target`` (or every market), computed where the graph lives."""
    if hasattr(store, "expansion_paths"):
        return store.expansion_paths(source, target, max_hops=max_hops, where=where)
    from kg.stores.projection import project

    return expansion_paths(project(store), source, target, max_hops=max_hops, where=where)
