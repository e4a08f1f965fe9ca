"""The store contract: a small interface every backend implements.

Writes are per source and atomic: ``replace_source`` swaps everything one source
states in a single transaction, ``remove_source`` drops it, so a source is
either wholly in the store or not at all.  Reads that every backend answers in
its own query language live in :mod:`kg.queries`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.resolve import KnownEntity


@dataclass(frozen=True)
class SourceInfo:
    """A loaded source: its named graph, path and content hash."""

    graph: str
    path: str
    content_hash: str


class Store(ABC):
    """A place where the graph lives: the embedded store or a Neo4j server."""

    name: str = "store"
    supports_sparql: bool = False
    supports_cypher: bool = False

    @abstractmethod
    def sources(self) -> dict[str, SourceInfo]:
        """Loaded sources by path."""

    @abstractmethod
    def replace_source(self, graph: str, quads: Sequence[ox.Quad]) -> None:
        """Make ``quads`` the whole of what source ``graph`` states, atomically."""

    @abstractmethod
    def remove_source(self, graph: str) -> None:
        """Drop everything source ``graph`` states, atomically."""

    @abstractmethod
    def known_entities(self) -> list[KnownEntity]:
        """Every entity with its names and identifiers, for the resolver."""

    @abstractmethod
    def existing(self, iris: Sequence[str]) -> dict[str, set[str]]:
        """For each fact or figure IRI already stored, the source graphs that state it."""

    @abstractmethod
    def stats(self) -> dict[str, int]:
        """Counts of entities, facts, observations and sources."""

    def corrections(self) -> list:
        """Hand-made resolution corrections (kg merge, kg split), applied before anything is resolved."""
        return []

    def add_correction(self, correction) -> None:
        from kg.errors import Unsupported

        raise Unsupported(f"the {self.name} store does not keep resolution corrections; use the embedded store")

    def sources_mentioning(self, iri: str) -> list[str]:
        """Paths of the sources that say anything about ``iri``."""
        from kg.errors import Unsupported

        raise Unsupported(f"the {self.name} store cannot list the sources of an entity")

    def close(self) -> None:  # noqa: B027 - optional for backends without resources
        """Release files, locks and connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
