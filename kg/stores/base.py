"""The store contract: what every backend implements, and what some can do besides.

Writes are per source and atomic: ``replace_source`` swaps everything one source
states in a single transaction, ``remove_source`` drops it, so a source is
either wholly in the store or not at all.

The optional capabilities are declared here with a default that says "not
this store", so callers ask the store instead of probing its attributes:
``oxigraph()`` (the store is an Oxigraph store, readable directly),
``supports_rdf_view``/``quads()`` (its graph as quads, for exports and the
SPARQL endpoint), ``answers()`` (it answers the expansion questions itself;
otherwise the in-memory projection of its RDF view does), ``supports_sparql``,
``supports_cypher``, hand corrections and per-entity sources.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.resolve import KnownEntity

if TYPE_CHECKING:
    from kg.answers import Answers
    from kg.rdf import Quads


@dataclass(frozen=True)
class SourceInfo:
    """A loaded source: its named graph, path and content hash."""

    graph: str
    path: str
    content_hash: str


class Store(ABC):
    """A place where the graph lives: the embedded store or a Neo4j server."""

    name: str = "store"
    #: ``select()`` and ``sparql()`` run SPARQL over the store itself.
    supports_sparql: bool = False
    #: ``cypher()`` runs Cypher on the store.
    supports_cypher: bool = False
    #: ``quads()`` gives the graph as quads, one named graph per source.
    supports_rdf_view: bool = False
    #: The data folder the store lives in; None for a server or a store in memory.
    path: Path | None = None
    #: Opened beside another process that writes: nothing may be written, not even caches.
    read_only: bool = False
    #: The projection a load keeps up to date, as (state key, graph), and whether it changed since it was saved;
    #: kept on the store by :mod:`kg.stores.projection`.
    projection: tuple[str, Any] | None = None
    projection_changed: bool = False

    @abstractmethod
    def sources(self) -> dict[str, SourceInfo]:
        """Loaded sources by path."""

    @abstractmethod
    def replace_source(self, graph: str, quads: Quads, progress: Callable[[str], None] | None = None) -> None:
        """Make ``quads`` the whole of what source ``graph`` states, atomically; ``progress`` is told, a line at a
        time, how a write that takes long is getting on."""

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

    @property
    def where(self) -> str:
        """Where the graph lives, for messages."""
        return f"data folder {self.path.absolute()}" if self.path is not None else f"the {self.name} store"

    def is_empty(self) -> bool:
        """No source loaded (a load into an empty store need not ask what is already there)."""
        return not self.sources()

    def fingerprint(self) -> tuple[object, ...]:
        """What changes whenever the graph does: each source's content hash, and the counts."""
        sources = tuple(sorted((path, info.content_hash) for path, info in self.sources().items()))
        return sources, tuple(sorted(self.stats().items()))

    def oxigraph(self) -> ox.Store | None:
        """The Oxigraph store the graph lives in, to read directly; None when it lives elsewhere."""
        return None

    def quads(self) -> Iterator[ox.Quad]:
        """Every source's quads in its named graph (when ``supports_rdf_view``)."""
        from kg.errors import Unsupported

        raise Unsupported(f"the {self.name} store has no RDF view")

    def neighbourhood_quads(self, key: str, depth: int) -> Iterator[ox.Quad] | None:
        """The quads within ``depth`` hops of the entity named ``key``, when the store can narrow its RDF view
        to them; None: take the whole view."""
        return None

    def answers(self) -> Answers | None:
        """The store's own answers to the expansion questions; None: they come from the in-memory projection
        of its RDF view (:func:`kg.queries.answering.answers_for`)."""
        return None

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
