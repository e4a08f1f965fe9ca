"""What the endpoint serves: a dataset provider over an Oxigraph folder.

The server never queries a :class:`kg.stores.base.Store` directly.  It asks a
provider for a *snapshot*, an Oxigraph data folder plus a generation number,
that worker processes open read-only, and tells the provider when a write
changed it.  The embedded store is its own snapshot.  Neo4j is served through
its RDF view (the inverse of the loader's mapping), exported into a private
Oxigraph folder and exported again, into a fresh folder, whenever the sources
or counts in Neo4j change; readers move to the new folder on their next job.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox

from kg.errors import KGError, Unsupported
from kg.stores.base import Store

if TYPE_CHECKING:
    from kg.stores.oxigraph import OxigraphStore


class Dataset(ABC):
    """A store as the endpoint sees it: folders to read, a handle for in-process use, and a version."""

    #: Whether SPARQL Update and graph-store writes may change it.
    writable: bool = False

    def __init__(self) -> None:
        self.generation = 0
        #: Why the store behind the snapshot cannot be reached, while it cannot (queries then get a 503).
        self.unavailable: str | None = None
        self._lock = threading.Lock()

    @abstractmethod
    def folder(self) -> str:
        """The Oxigraph folder workers open read-only for the current snapshot."""

    @abstractmethod
    def handle(self) -> ox.Store:
        """A handle in this process, for ``kg serve --get`` and tests."""

    def settle(self) -> None:  # noqa: B027 - a dataset without background work has nothing to settle
        """Finish the store's background work before readers open the folder; see :class:`EmbeddedDataset`."""

    def snapshot(self) -> tuple[str, int]:
        return self.folder(), self.generation

    def changed(self) -> None:
        """A write went through: readers must reopen before their next job."""
        with self._lock:
            self.generation += 1

    def refresh(self) -> None:  # noqa: B027 - only derived datasets have anything to refresh
        """Bring the snapshot up to date with a store that changes behind the server's back."""

    def release_primary(self) -> str:
        """Hand the data folder's write lock to a writer process; returns the folder it must open."""
        raise Unsupported(f"the {type(self).__name__} cannot be written over HTTP")

    def close(self) -> None:  # noqa: B027
        """Release what the dataset created; the store itself belongs to whoever opened it."""


class EmbeddedDataset(Dataset):
    """The embedded store, served from its own folder.

    The server keeps the folder's primary handle open, which holds the lock
    that keeps ``kg load`` from writing under the readers.  With updates
    allowed, that lock moves to the writer process instead.
    """

    writable = True

    def __init__(self, store: OxigraphStore):
        super().__init__()
        if store.path is None:
            raise Unsupported("an in-memory store cannot be served to worker processes; give it a data folder")
        self.store = store
        self.path = str(Path(store.path).resolve())

    def folder(self) -> str:
        return self.path

    def handle(self) -> ox.Store:
        return self.store.ox

    def settle(self) -> None:
        """Compact the folder once, so no background compaction deletes files a reader is about to open.

        Opening a freshly loaded folder starts RocksDB compactions that
        replace its table files; a read-only handle opened meanwhile can find
        a file gone.  A full compaction is a no-op when the folder is already
        compact (2.6 s once for a 10^5-fact graph, then instant).
        """
        self.store.ox.optimize()

    def release_primary(self) -> str:
        """Close the handle but keep kg's folder lock: the writer may be killed and restarted, the lock stays."""
        self.store.release_handle()
        return self.path


class ExportedDataset(Dataset):
    """A store whose RDF view is copied into private Oxigraph folders, one per version.

    The store must have an RDF view (``quads()``): every source's quads in its
    named graph, the inverse of the mapping that wrote them.
    """

    def __init__(self, store: Store, *, keep: int = 2):
        super().__init__()
        if not store.supports_rdf_view:
            raise Unsupported(
                f"the {store.name} store has no RDF export (a quads() method) yet, "
                "so it cannot be served over SPARQL; serve the embedded store instead"
            )
        self.store, self.keep = store, keep
        self._root = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        self._exports: list[tuple[Path, ox.Store]] = []
        self._fingerprint = self._current()
        self._export()

    def _current(self) -> tuple[object, ...]:
        """What changes whenever the graph does: each source's content hash and the counts."""
        return self.store.fingerprint()

    def _export(self) -> None:
        folder = self._root / f"v{self.generation + 1}"
        from kg.stores.oxigraph import in_default

        copy = ox.Store(str(folder))
        copy.bulk_extend(self.store.quads())
        # the default graph holds every source's triples once each, as in the embedded store
        copy.bulk_extend(
            in_default(q for q in copy.quads_for_pattern(None, None, None) if isinstance(q.graph_name, ox.NamedNode))
        )
        copy.flush()
        copy.optimize()
        with self._lock:
            self._exports.append((folder, copy))
            self.generation += 1
            stale, self._exports = self._exports[: -self.keep], self._exports[-self.keep :]
        for old, _ in stale:
            shutil.rmtree(old, ignore_errors=True)

    def folder(self) -> str:
        return str(self._exports[-1][0])

    def handle(self) -> ox.Store:
        return self._exports[-1][1]

    def refresh(self) -> None:
        """Export again if the graph changed; while the store cannot be reached, say so instead of serving.

        A consumer told 503 retries; one served the last export would not know it may be stale.
        """
        try:
            current = self._current()
            if current != self._fingerprint:
                self._export()
                self._fingerprint = current
        except KGError as e:
            self.unavailable = str(e)
            raise
        self.unavailable = None

    def close(self) -> None:
        self._exports.clear()
        shutil.rmtree(self._root, ignore_errors=True)


def dataset_for(store: Store) -> Dataset:
    """The provider that serves ``store``: its own folder if it has one, else an export of its RDF view."""
    if store.oxigraph() is not None:
        return EmbeddedDataset(cast("OxigraphStore", store))
    return ExportedDataset(store)
