"""RDF exports: Turtle, N-Triples, N-Quads, TriG and RDF/XML.

Each is a sorted, deduplicated stream of N-Triples or N-Quads lines
(:func:`kg.exports.sorting.sorted_unique`), written as it is or re-read by
pyoxigraph's streaming parser and handed to its streaming serializer, so
memory stays flat and the bytes depend only on the quads.  N-Quads and TriG
keep one named graph per source; the others merge every source's graph (a
triple several sources state appears once).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, TypeVar, cast

import pyoxigraph as ox

from kg.errors import Unsupported
from kg.exports.rows import GraphReader
from kg.exports.sorting import sorted_unique
from ontology import ONTOLOGY_NS

PREFIXES = {
    "kgo": ONTOLOGY_NS,
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
#: Characters XML 1.0 cannot carry, even as character references.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PROGRESS_EVERY = 10_000
T = TypeVar("T")


def counted(items: Iterable[T], reader: GraphReader) -> Iterator[T]:
    """Pass items through, reporting progress every :data:`PROGRESS_EVERY`."""
    n = 0
    for item in items:
        yield item
        n += 1
        if n == PROGRESS_EVERY:
            reader.tick(n)
            n = 0
    reader.tick(n)


def triple_lines(reader: GraphReader) -> Iterator[str]:
    """The merged graph as sorted, unique N-Triples lines."""
    quads = counted(reader.selection.rdf_quads(), reader)
    return sorted_unique(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def quad_lines(reader: GraphReader) -> Iterator[str]:
    """Every quad as sorted, unique N-Quads lines."""
    quads = counted(reader.selection.rdf_quads(), reader)
    return sorted_unique(_nquad(q) for q in quads)


def graph_major_lines(reader: GraphReader) -> Iterator[str]:
    """N-Quads lines ordered by graph, then subject: what TriG and JSON-LD write graph by graph.

    The sort key puts the graph first, separated by a tab (N-Triples escapes
    every tab inside a term, so the first tab is the separator).
    """
    quads = counted(reader.selection.rdf_quads(), reader)
    keyed = sorted_unique(f"{_graph(q)}\t{q.subject} {q.predicate} {q.object}" for q in quads)
    for line in keyed:
        graph, _, triple = line.partition("\t")
        yield f"{triple} {graph} ." if graph else f"{triple} ."


def _graph(quad: ox.Quad) -> str:
    return "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)


def _nquad(quad: ox.Quad) -> str:
    graph = _graph(quad)
    return (
        f"{quad.subject} {quad.predicate} {quad.object} {graph} ."
        if graph
        else f"{quad.subject} {quad.predicate} {quad.object} ."
    )


class _LineStream(io.RawIOBase):
    """A readable byte stream over lines produced lazily, for pyoxigraph's streaming parser."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            line = next(self._lines, None)
            if line is None:
                return 0
            self._buffer = line.encode("utf-8") + b"\n"
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def parse_lines(lines: Iterable[str], fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    """Triples or quads from N-Triples/N-Quads lines, parsed as they are needed."""
    return ox.parse(io.BufferedReader(_LineStream(lines), buffer_size=1 << 16), format=fmt)


def write_lines(lines: Iterable[str], out: BinaryIO) -> None:
    for line in lines:
        out.write(line.encode("utf-8"))
        out.write(b"\n")


class NTriplesExporter:
    """Canonical N-Triples, one sorted line per distinct triple."""

    name = "ntriples"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        write_lines(triple_lines(reader), out)


class NQuadsExporter:
    """N-Quads, one sorted line per quad; the graph of a quad is its source."""

    name = "nquads"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        write_lines(quad_lines(reader), out)


class TurtleExporter:
    """Turtle of the merged graph, with the project's prefixes."""

    name = "turtle"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        triples = parse_lines(triple_lines(reader), ox.RdfFormat.N_TRIPLES)
        ox.serialize((q.triple for q in triples), out, ox.RdfFormat.TURTLE, prefixes=PREFIXES)


class TriGExporter:
    """TriG: one named graph per source, graphs and subjects in IRI order."""

    name = "trig"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        quads = parse_lines(graph_major_lines(reader), ox.RdfFormat.N_QUADS)
        ox.serialize(quads, out, ox.RdfFormat.TRIG, prefixes=PREFIXES)


class RdfXmlExporter:
    """RDF/XML of the merged graph (one element per subject)."""

    name = "rdfxml"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        triples = parse_lines(triple_lines(reader), ox.RdfFormat.N_TRIPLES)
        ox.serialize(
            (_xml_safe(q.triple) for q in triples),
            cast(BinaryIO, _CarriageReturns(out)),
            ox.RdfFormat.RDF_XML,
            prefixes=PREFIXES,
        )


class _CarriageReturns:
    """Writes ``\\r`` as ``&#13;``: XML parsers turn a raw carriage return in text into a line feed.

    The serializer writes its own markup with ``\\n`` only, so every carriage
    return in its output is inside a literal.
    """

    def __init__(self, out: BinaryIO):
        self._out = out

    def write(self, data: bytes) -> int:
        self._out.write(bytes(data).replace(b"\r", b"&#13;"))
        return len(data)

    def flush(self) -> None:
        self._out.flush()


def _xml_safe(triple: ox.Triple) -> ox.Triple:
    """Refuse a literal XML 1.0 cannot hold, rather than write a file no XML parser reads."""
    if isinstance(triple.object, ox.Literal) and XML_ILLEGAL.search(triple.object.value):
        raise Unsupported(
            f"{triple.subject} {triple.predicate} holds a control character that XML cannot "
            f"carry; export to Turtle, N-Triples or JSON-LD instead"
        )
    return triple
