"""Exports: the graph in the formats other tools open, found through a registry by name or suffix.

Every exporter streams: it reads the store through :class:`~kg.exports.rows.GraphReader`
(property-graph rows) or :meth:`~kg.exports.subgraph.Selection.rdf_quads`, and writes
as it reads.  Every export is sorted, so the same graph gives the same bytes.
An exporter is a class with ``name`` and ``write(reader, out)``, where ``out``
is a binary stream, or, when ``folder`` is true, a folder to write files into.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from kg.errors import Unsupported
from kg.registry import Entry, Registry

if TYPE_CHECKING:
    from kg.exports.subgraph import Filters
    from kg.stores.base import Store

registry = Registry("exporter", "kg.exporters")

for _entry in (
    Entry("turtle", "kg.exports.rdf:TurtleExporter", (".ttl",), "RDF Turtle of the merged graph", "text/turtle"),
    Entry(
        "ntriples",
        "kg.exports.rdf:NTriplesExporter",
        (".nt",),
        "RDF N-Triples, one sorted line per triple",
        "application/n-triples",
    ),
    Entry(
        "nquads",
        "kg.exports.rdf:NQuadsExporter",
        (".nq",),
        "RDF N-Quads, a named graph per source",
        "application/n-quads",
    ),
    Entry("trig", "kg.exports.rdf:TriGExporter", (".trig",), "RDF TriG, a named graph per source", "application/trig"),
    Entry(
        "jsonld",
        "kg.exports.jsonld:JsonLdExporter",
        (".jsonld",),
        "JSON-LD with the ontology's context",
        "application/ld+json",
    ),
    Entry(
        "rdfxml",
        "kg.exports.rdf:RdfXmlExporter",
        (".rdf", ".owl"),
        "RDF/XML of the merged graph",
        "application/rdf+xml",
    ),
    Entry(
        "graphml",
        "kg.exports.graphml:GraphMLExporter",
        (".graphml",),
        "GraphML for networkx, Gephi and yEd",
        "application/graphml+xml",
    ),
    Entry("gexf", "kg.exports.gexf:GexfExporter", (".gexf",), "GEXF 1.3 for Gephi", "application/gexf+xml"),
    Entry(
        "nodelink",
        "kg.exports.nodelink:NodeLinkExporter",
        (".json",),
        "node-link JSON for networkx and d3",
        "application/json",
    ),
    Entry(
        "cypher",
        "kg.exports.cypher_script:CypherExporter",
        (".cypher", ".cql"),
        "Cypher script for cypher-shell",
        "application/x-cypher-query",
    ),
    Entry("neo4j-csv", "kg.exports.neo4j_csv:Neo4jCsvExporter", (), "CSV folder for neo4j-admin database import full"),
    Entry(
        "factlines",
        "kg.exports.factlines:FactLinesExporter",
        (".jsonl",),
        "fact lines (JSONL) that kg load reads",
        "application/x-ndjson",
    ),
    Entry(
        "csv", "kg.exports.spreadsheet:SpreadsheetExporter", (".csv",), "one row per fact, for spreadsheets", "text/csv"
    ),
    Entry(
        "dot",
        "kg.exports.picture:DotExporter",
        (".dot", ".gv"),
        "Graphviz DOT picture of a subgraph",
        "text/vnd.graphviz",
    ),
    Entry("svg", "kg.exports.picture:SvgExporter", (".svg",), "SVG picture of a subgraph", "image/svg+xml"),
    Entry(
        "png", "kg.exports.picture:PngExporter", (".png",), "PNG picture of a subgraph (needs Graphviz)", "image/png"
    ),
):
    registry.register(_entry)


class Exporter(Protocol):
    """What every exporter offers; ``folder`` exporters get a folder instead of a stream."""

    name: str

    def write(self, reader: Any, out: Any) -> None: ...


def get(name: str) -> Any:
    """An instance of the exporter registered under ``name``."""
    return registry.get(name).load()()


def format_for(path: Path) -> str:
    """The export format a file name implies (``graph.ttl`` -> ``turtle``)."""
    return registry.for_suffix(path.suffix).name


def writes_folder(name: str) -> bool:
    return bool(getattr(registry.get(name).load(), "folder", False))


def export(
    store: Any,
    fmt: str,
    output: Path | BinaryIO,
    *,
    filters: Filters | None = None,
    progress: Callable[[int], None] | None = None,
    layout: str | None = None,
) -> None:
    """Write the graph in ``store`` (or the part ``filters`` select) as ``fmt`` to ``output``.

    ``output`` is a binary stream or a path; a file is replaced only once it is
    complete, so a failed export leaves no half-written file behind.  ``layout``
    names the Graphviz engine of a picture (dot, svg, png).
    """
    from kg.exports.rows import GraphReader
    from kg.exports.subgraph import Filters, Selection

    exporter = get(fmt)
    if layout is not None:
        if not hasattr(exporter, "layout"):
            raise Unsupported(f"--layout applies to the pictures (dot, svg, png), not to {fmt}")
        from kg.exports.picture import LAYOUTS

        if layout not in LAYOUTS:
            raise Unsupported(f"unknown Graphviz layout {layout!r}; use one of {', '.join(LAYOUTS)}")
        exporter.layout = layout
    if getattr(exporter, "folder", False) and not isinstance(output, Path):
        raise Unsupported(f"{fmt} writes several files: give a folder with --output DIR")
    reader = GraphReader(Selection(_rdf_view(store, filters or Filters()), filters or Filters()), progress)
    try:
        if isinstance(output, Path) and not getattr(exporter, "folder", False):
            with _replaced(output) as out:
                exporter.write(reader, out)
        else:
            exporter.write(reader, output)
    finally:
        reader.close()


def _rdf_view(store: Store, filters: Filters) -> Any:
    """The Oxigraph store to read: the embedded store itself, or a copy of another store's RDF view in memory.

    With ``--company``, a store that can (Neo4j) gives only the neighbourhood the export can reach, so a
    one-hop export does not copy the whole graph; a name it does not know gets the whole view, whose
    lookup then says what the name is not, with suggestions.
    """
    own = store.oxigraph()
    if own is not None:
        return own
    if not store.supports_rdf_view:
        raise Unsupported(f"the {store.name} store has no RDF view to export")
    import pyoxigraph as ox

    quads = None
    if filters.company:
        from kg.resolve import name_key

        quads = store.neighbourhood_quads(name_key(filters.company), filters.depth)
    view = ox.Store()
    view.bulk_extend(store.quads() if quads is None else quads)
    return view


@contextmanager
def _replaced(path: Path) -> Iterator[BinaryIO]:
    """A file written beside ``path`` and moved over it once complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with open(handle, "wb") as out:
            yield out
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (temporary files are created private; the export should not be)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
