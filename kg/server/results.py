"""Query answers written in the negotiated format, cut at the row cap.

Graphs (CONSTRUCT, DESCRIBE, graph-store reads) go through Oxigraph's own
serialisers fed by a counted iterator, so the cap costs nothing.  SELECT
solutions cannot be cut that way: pyoxigraph serialises a solution sequence
only whole.  So an answer is first written by Oxigraph into a byte budget
small enough that no answer within it can hold more rows than the cap (every
row takes at least a few bytes in each format); nearly every answer fits, and
costs no Python per row.  An answer that outgrows the budget is evaluated
again and written here, row by row, which lets a cut answer stay a
well-formed document.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

import pyoxigraph as ox

from kg.server import formats

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
TURTLE_PREFIXES = {
    "kgo": "https://w3id.org/expansion-kg/ontology#",
    "id": "https://w3id.org/expansion-kg/id/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


#: Named in the ``link`` of a SELECT answer's head (SPARQL JSON and XML results) when the row cap cut it.
TRUNCATED = "https://w3id.org/expansion-kg/ontology#truncatedAnswer"

T = TypeVar("T")
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Rows = Iterable[ox.QuerySolution]


class Capped(Generic[T]):
    """An iterator that stops after ``limit`` items and remembers whether more were left."""

    def __init__(self, items: Iterable[T], limit: int):
        self._items = iter(items)
        self.limit = limit
        self.count = 0
        self.truncated = False

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        if self.count >= self.limit:
            self.truncated = next(self._items, None) is not None
            raise StopIteration
        item = next(self._items)
        self.count += 1
        return item


def write_graph(triples: Iterable[ox.Triple], media_type: str, max_rows: int) -> tuple[bytes, bool]:
    """Triples as ``media_type``; the flag says whether the cap cut them."""
    capped = Capped(triples, max_rows)
    prefixes = TURTLE_PREFIXES if media_type == formats.TURTLE.media_type else None
    body = ox.serialize(capped, format=formats.GRAPH_WRITERS[media_type], prefixes=prefixes)
    return body or b"", capped.truncated


def write_boolean(answer: ox.QueryBoolean, media_type: str) -> bytes:
    return answer.serialize(format=formats.RESULT_WRITERS[media_type]) or b""


#: The fewest bytes one row can take in each results format: ``{}`` in JSON, an empty
#: ``<result></result>`` in XML, a bare line end in CSV (CRLF) and TSV (LF).
MIN_ROW_BYTES = {
    formats.SPARQL_JSON.media_type: 2,
    formats.SPARQL_XML.media_type: 17,
    formats.CSV.media_type: 2,
    formats.TSV.media_type: 1,
}


class OverBudget(Exception):
    """Raised into Oxigraph's serialiser to stop it once an answer outgrows its budget."""


class _Budget(io.BytesIO):
    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def write(self, data) -> int:
        if self.tell() + len(data) > self.limit:
            raise OverBudget
        return super().write(data)


def serialize_within_cap(solutions: ox.QuerySolutions, media_type: str, max_rows: int) -> bytes | None:
    """SELECT solutions written by Oxigraph, or ``None`` if they might hold more than ``max_rows`` rows.

    Within ``MIN_ROW_BYTES * max_rows`` bytes no answer can have more rows than
    the cap, so an answer that fits is whole; one that does not stops being
    written as soon as it outgrows the budget.
    """
    sink = _Budget(MIN_ROW_BYTES[media_type] * max_rows)
    try:
        solutions.serialize(sink, format=formats.RESULT_WRITERS[media_type])
    except OverBudget:
        return None
    return sink.getvalue()


def write_solutions(solutions: ox.QuerySolutions, media_type: str, max_rows: int) -> tuple[bytes, bool]:
    """SELECT solutions as ``media_type``; the flag says whether the cap cut them."""
    names = [v.value for v in solutions.variables]
    rows = Capped(solutions, max_rows)
    body = _WRITERS[media_type](names, rows)
    return body, rows.truncated


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _json(names: list[str], rows: Rows) -> bytes:
    bindings = []
    for row in rows:
        bindings.append({name: _json_term(term) for name, term in zip(names, row, strict=True) if term is not None})
    head: dict[str, Any] = {"vars": names}
    if getattr(rows, "truncated", False):
        head["link"] = [TRUNCATED]
    return json.dumps(
        {"head": head, "results": {"bindings": bindings}}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    parts = "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
    return f"<triple>{parts}</triple>"


def _xml(names: list[str], rows: Rows) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        out += [
            f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
            for n, t in zip(names, row, strict=True)
            if t is not None
        ]
        out.append("</result>")
    out.append("</results></sparql>\n")
    if getattr(rows, "truncated", False):
        out.insert(1 + len(names), f"<link href={quoteattr(TRUNCATED)}/>")
    return "".join(out).encode("utf-8")


def _csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _csv(names: list[str], rows: Rows) -> bytes:
    """SPARQL 1.1 CSV: plain values, CRLF line ends, quoting where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([_csv_term(t) for t in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _tsv_term(term: Term | None) -> str:
    """A term in Turtle syntax, with the tabs and line breaks a TSV cell cannot hold escaped."""
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _tsv(names: list[str], rows: Rows) -> bytes:
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def escape(text: str) -> str:
    """XML character data (``xml.sax.saxutils`` would pull in the HTTP client at import)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """A double-quoted XML attribute value."""
    return '"' + escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'


_WRITERS: dict[str, Callable[[list[str], Rows], bytes]] = {
    formats.SPARQL_JSON.media_type: _json,
    formats.SPARQL_XML.media_type: _xml,
    formats.CSV.media_type: _csv,
    formats.TSV.media_type: _tsv,
}
