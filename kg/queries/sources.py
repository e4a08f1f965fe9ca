"""What the embedded store holds, source by source: ``kg sources``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import PurePath

from kg.errors import UnknownFormat


@dataclass(frozen=True)
class LoadedSource:
    path: str
    kind: str
    facts: int
    observations: int
    loaded_at: str | None

    def as_dict(self) -> dict:
        return asdict(self)


def loaded_sources(store) -> list[LoadedSource]:
    """Every source in the store by path: the loader that read it, its facts and observations, when it was loaded.

    A graph written over HTTP (kg serve's graph store) has kind ``http``; a
    stream whose name has no loader suffix, ``stream``.
    """
    from kg.stores.oxigraph import HTTP_SOURCES

    rows = store.select(f"""
        SELECT ?path ?loaded ?http (COUNT(DISTINCT ?fact) AS ?facts) (COUNT(DISTINCT ?obs) AS ?observations) WHERE {{
          GRAPH ?m {{ ?g a kgo:Document ; kgo:sourcePath ?path ; kgo:contentHash ?hash
                      OPTIONAL {{ ?g kgo:loadedAt ?loaded }} }}
          FILTER (?m = ?g || ?m = <{HTTP_SOURCES}>)
          BIND (IF(?m = <{HTTP_SOURCES}>, "http", "") AS ?http)
          OPTIONAL {{ GRAPH ?g {{ ?fact a kgo:Fact }} }}
          OPTIONAL {{ GRAPH ?g {{ ?obs a kgo:Observation }} }}
        }} GROUP BY ?path ?loaded ?http ORDER BY ?path""")
    return [
        LoadedSource(r["path"], r["http"] or _kind(r["path"]), r["facts"], r["observations"], _text(r["loaded"]))
        for r in rows
    ]


def _kind(path: str) -> str:
    import loaders

    try:
        return loaders.registry.for_suffix(PurePath(path).suffix.lower()).name
    except UnknownFormat:
        return "stream"


def _text(value) -> str | None:
    return None if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)
