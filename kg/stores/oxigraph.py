"""The embedded store: Oxigraph on disk, one named graph per source.

Oxigraph (through pyoxigraph) is a transactional RDF store with full SPARQL
1.1; each source is written in one transaction, so a crash leaves a source
either wholly stored or absent.  Only one process may open a data folder at a
time; a second one waits for it (``KG_LOCK_TIMEOUT`` seconds, default 30) and
then gives up with a message saying so.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from hashlib import sha256
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError, StoreError, StoreLocked
from kg.rdf import KGO, TYPE
from kg.rdf import term_value as _python
from kg.resolve import ENTITY_CLASSES, Correction, KnownEntity
from kg.stores.base import SourceInfo, Store
from ontology import ID_NS, ONTOLOGY_NS

#: The graph holding hand-made resolution corrections; it is not a source.
CORRECTIONS_GRAPH = f"{ID_NS}source/corrections"

PREFIXES = {"kgo": ONTOLOGY_NS, "prov": "http://www.w3.org/ns/prov#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "xsd": "http://www.w3.org/2001/XMLSchema#"}
ENTITY_VALUES = " ".join(f"kgo:{c}" for c in ENTITY_CLASSES)
IDENTIFIER_SCHEMES = ("wikidata", "lei", "ticker", "domain")
#: Sources with at least this many quads are written with the bulk loader.
BULK_THRESHOLD = 5_000


def default_data_dir() -> Path:
    return Path(os.environ.get("KG_DATA") or "kg-data")


def _open(path: Path, timeout: float) -> ox.Store:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return ox.Store(str(path))
        except OSError as e:
            if "lock" not in str(e).lower():
                raise StoreError(f"cannot open the data folder {path}: {e}") from None
            if time.monotonic() >= deadline:
                raise StoreLocked(
                    f"the data folder {path} is in use by another kg process "
                    f"(waited {timeout:g}s); wait for it to finish, or stop it (kg serve holds it open)"
                ) from None
            time.sleep(0.2)


class OxigraphStore(Store):
    """An on-disk Oxigraph store in a data folder."""

    name = "embedded"
    supports_sparql = True

    def __init__(self, data: Path | str | None = None, *, lock_timeout: float | None = None):
        self.path = Path(data) if data else default_data_dir()
        timeout = float(os.environ.get("KG_LOCK_TIMEOUT", 30)) if lock_timeout is None else lock_timeout
        self.path.mkdir(parents=True, exist_ok=True)
        self.ox = _open(self.path, timeout)
        self.recovered = self._recover()

    @classmethod
    def in_memory(cls) -> "OxigraphStore":
        store = cls.__new__(cls)
        store.path, store.ox = None, ox.Store()
        return store

    def close(self) -> None:
        if getattr(self, "ox", None) is not None:
            self.ox.flush() if self.path else None
            self.ox = None

    def select(self, query: str) -> list[dict]:
        """Run a SELECT over the union of every source graph; rows as plain Python values."""
        try:
            solutions = self.ox.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
        names = [v.value for v in solutions.variables]
        return [{n: _python(row[n]) for n in names} for row in solutions]

    def sparql(self, query: str, *, union: bool = True):
        try:
            return self.ox.query(query, prefixes=PREFIXES, use_default_graph_as_union=union)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None

    def sources(self) -> dict[str, SourceInfo]:
        rows = self.select("SELECT ?g ?path ?hash WHERE { GRAPH ?g { ?g a kgo:Document ; "
                           "kgo:sourcePath ?path ; kgo:contentHash ?hash } }")
        return {r["path"]: SourceInfo(r["g"], r["path"], r["hash"]) for r in rows}

    def replace_source(self, graph: str, quads: Sequence[ox.Quad]) -> None:
        node = ox.NamedNode(graph)
        try:
            if self.ox.contains_named_graph(node):
                self._swap(graph, quads)
            else:
                self._add_new(node, quads)
        except OSError as e:
            raise StoreError(f"writing to {self.path} failed: {e}") from None

    def _swap(self, graph: str, quads: Sequence[ox.Quad]) -> None:
        """Replace a source's graph in one SPARQL Update, which Oxigraph runs as one transaction."""
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        self.ox.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")

    def _add_new(self, node: ox.NamedNode, quads: Sequence[ox.Quad]) -> None:
        """Write a new source, then its completion marker.

        Large sources go through the bulk loader, several times faster than a
        transaction but not atomic by itself; the source's ``kgo:contentHash``
        quad is written last, and :meth:`_recover` drops any graph that lacks
        it, so after a crash a source is either whole or absent.
        """
        body = [q for q in quads if not (q.predicate == KGO.contentHash and q.subject == node)]
        marker = [q for q in quads if q.predicate == KGO.contentHash and q.subject == node]
        (self.ox.bulk_extend if len(body) >= BULK_THRESHOLD else self.ox.extend)(body)
        self.ox.extend(marker)

    def _recover(self) -> list[str]:
        """Drop source graphs a crash left without their completion marker."""
        dropped = []
        for graph in list(self.ox.named_graphs()):
            if next(iter(self.ox.quads_for_pattern(graph, KGO.contentHash, None, graph)), None) is None:
                self.ox.remove_graph(graph)
                dropped.append(graph.value)
        return dropped

    def remove_source(self, graph: str) -> None:
        self.ox.remove_graph(ox.NamedNode(graph))

    def existing(self, iris: Sequence[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for iri in iris:
            graphs = {q.graph_name.value for q in self.ox.quads_for_pattern(ox.NamedNode(iri), TYPE, None)}
            if graphs:
                found[iri] = graphs
        return found

    def is_empty(self) -> bool:
        return next(iter(self.ox.quads_for_pattern(None, TYPE, KGO.Fact)), None) is None

    def corrections(self) -> list[Correction]:
        rows = self.select("SELECT ?action ?label ?e WHERE { GRAPH ?g { ?c a kgo:Correction ; kgo:action ?action ; "
                           "kgo:label ?label ; kgo:entity ?e } } ORDER BY ?c")
        return [Correction(r["action"], r["label"], r["e"]) for r in rows]

    def add_correction(self, correction: Correction) -> None:
        graph = ox.NamedNode(CORRECTIONS_GRAPH)
        node = ox.NamedNode(f"{CORRECTIONS_GRAPH}/{correction.action}/{sha256((correction.label + correction.iri).encode()).hexdigest()[:24]}")
        self.ox.extend([ox.Quad(node, TYPE, KGO.Correction, graph),
                        ox.Quad(node, KGO.action, ox.Literal(correction.action), graph),
                        ox.Quad(node, KGO.label, ox.Literal(correction.label), graph),
                        ox.Quad(node, KGO.entity, ox.NamedNode(correction.iri), graph),
                        ox.Quad(graph, KGO.contentHash, ox.Literal("corrections"), graph)])

    def sources_mentioning(self, iri: str) -> list[str]:
        node = ox.NamedNode(iri)  # validated: its N-Triples form cannot break out of the query
        rows = self.select(f"SELECT DISTINCT ?path WHERE {{ GRAPH ?g {{ {node} ?p ?o }} ?g kgo:sourcePath ?path }} "
                           "ORDER BY ?path")
        return [r["path"] for r in rows]

    def _owners(self) -> dict[str, tuple[str, ...]]:
        rows = self.select("SELECT ?product ?owner WHERE { VALUES ?p { kgo:launches kgo:develops } ?owner ?p ?product }")
        owners: dict[str, list[str]] = {}
        for r in rows:
            owners.setdefault(r["product"], []).append(r["owner"])
        return {k: tuple(v) for k, v in owners.items()}

    def known_entities(self) -> list[KnownEntity]:
        rows = self.select(f"""
            SELECT ?e ?type ?name (GROUP_CONCAT(DISTINCT ?alias; SEPARATOR="\\u001f") AS ?aliases)
                   (GROUP_CONCAT(DISTINCT CONCAT(?scheme, "=", ?id); SEPARATOR="\\u001f") AS ?ids)
            WHERE {{
              VALUES ?type {{ {ENTITY_VALUES} }}
              ?e a ?type ; kgo:name ?name .
              OPTIONAL {{ ?e kgo:alias ?alias }}
              OPTIONAL {{ VALUES (?p ?scheme) {{ {' '.join(f'(kgo:{s} "{s}")' for s in IDENTIFIER_SCHEMES)} }}
                          ?e ?p ?id }}
            }} GROUP BY ?e ?type ?name""")
        owners = self._owners()
        return [replace(_known(r), owners=owners.get(r["e"], ())) for r in rows]

    def stats(self) -> dict[str, int]:
        row = self.select(f"""
            SELECT (COUNT(DISTINCT ?e) AS ?entities) WHERE {{ VALUES ?t {{ {ENTITY_VALUES} }} ?e a ?t }}""")[0]
        counts = {"entities": row["entities"]}
        for key, cls in (("facts", "Fact"), ("observations", "Observation"), ("sources", "Document")):
            counts[key] = self.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a kgo:{cls} }}")[0]["n"]
        return counts


def _known(row: dict) -> KnownEntity:
    aliases = tuple(a for a in (row.get("aliases") or "").split("\x1f") if a)
    ids = tuple(tuple(i.split("=", 1)) for i in (row.get("ids") or "").split("\x1f") if "=" in i)
    return KnownEntity(row["e"], row["type"].removeprefix(ONTOLOGY_NS), row["name"], aliases, ids)
