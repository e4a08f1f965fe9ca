"""Media types the endpoint speaks, and content negotiation over them.

Each result kind offers its formats in the server's order of preference; the
first one is the default when a client sends no ``Accept`` header.  Clients
in the wild send aliases (SPARQLWrapper asks for ``application/json`` and
``application/turtle``, browsers for ``application/xml``), so each format
lists the names it also answers to.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One serialisation: its canonical media type and the other names clients use for it."""

    media_type: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


SPARQL_JSON = Format("application/sparql-results+json", ("application/json",))
SPARQL_XML = Format("application/sparql-results+xml", ("application/xml", "text/xml"))
CSV = Format("text/csv")
#: ``text/plain`` is what curl users and some peers ask a SELECT for; TSV is plain text, one row a line.
TSV = Format("text/tab-separated-values", ("text/plain",))
TURTLE = Format("text/turtle", ("application/turtle", "application/x-turtle"))
N_TRIPLES = Format("application/n-triples", ("text/plain",))
JSON_LD = Format("application/ld+json", ("application/x-json+ld",))
RDF_XML = Format("application/rdf+xml", ("application/xml", "text/xml"))
N_QUADS = Format("application/n-quads", ("text/x-nquads",))
TRIG = Format("application/trig", ("application/x-trig",))
HTML = Format("text/html", ("application/xhtml+xml",))

#: What a SELECT or ASK answer can be written as.
RESULTS = (SPARQL_JSON, SPARQL_XML, CSV, TSV)
#: What a CONSTRUCT or DESCRIBE answer, a graph or the service description can be written as.
GRAPHS = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML, N_QUADS, TRIG)

RESULT_WRITERS = {
    SPARQL_JSON.media_type: ox.QueryResultsFormat.JSON,
    SPARQL_XML.media_type: ox.QueryResultsFormat.XML,
    CSV.media_type: ox.QueryResultsFormat.CSV,
    TSV.media_type: ox.QueryResultsFormat.TSV,
}
GRAPH_WRITERS = {
    TURTLE.media_type: ox.RdfFormat.TURTLE,
    N_TRIPLES.media_type: ox.RdfFormat.N_TRIPLES,
    JSON_LD.media_type: ox.RdfFormat.JSON_LD,
    RDF_XML.media_type: ox.RdfFormat.RDF_XML,
    N_QUADS.media_type: ox.RdfFormat.N_QUADS,
    TRIG.media_type: ox.RdfFormat.TRIG,
}
#: What a graph-store write may be sent as: every name of a graph format, and N3.
GRAPH_READERS = {name: GRAPH_WRITERS[fmt.media_type] for fmt in GRAPHS for name in fmt.names()}
GRAPH_READERS["text/n3"] = ox.RdfFormat.N3


def _ranges(accept: str) -> list[tuple[str, float, int]]:
    """``(media range, q, position)`` for every range a client listed."""
    ranges = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, position))
    return ranges


def _specificity(media_range: str, name: str) -> int:
    """How precisely a range names a media type: 3 exact, 2 ``type/*``, 1 ``*/*``, 0 not at all."""
    if media_range == name:
        return 3
    if media_range == "*/*" or media_range == "*":
        return 1
    if media_range.endswith("/*") and name.startswith(media_range[:-1]):
        return 2
    return 0


def _quality(ranges: list[tuple[str, float, int]], fmt: Format) -> tuple[float, int]:
    """The q a client gives a format (most specific range wins) and how early it listed it.

    Wildcards match a format's canonical type only: ``text/*`` means CSV, not
    XML results under their ``text/xml`` alias.
    """
    best = (0, 0.0, 0)
    for media_range, q, position in ranges:
        for name in fmt.names():
            spec = _specificity(media_range, name) if name == fmt.media_type else 3 * (media_range == name)
            if spec > best[0] or (spec == best[0] and spec and q > best[1]):
                best = (spec, q, position)
    return best[1], -best[2]


def negotiate(accept: str | None, offered: tuple[Format, ...]) -> Format | None:
    """The offered format a client prefers, or ``None`` when it accepts none of them.

    Ties go to the range the client listed first, then to the server's order.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULTS).media_type
    'application/sparql-results+xml'
    >>> negotiate(None, GRAPHS).media_type
    'text/turtle'
    >>> negotiate("image/png", RESULTS) is None
    True
    """
    if not accept or not accept.strip():
        return offered[0]
    ranges = _ranges(accept)
    scored = [(_quality(ranges, fmt), -i, fmt) for i, fmt in enumerate(offered)]
    (q, _), _, fmt = max(scored, key=lambda s: (s[0], s[1]))
    return fmt if q > 0 else None


def content_type(fmt: Format) -> str:
    """The Content-Type header for a format; text formats name their charset."""
    return f"{fmt.media_type}; charset=utf-8" if fmt.media_type.startswith("text/") else fmt.media_type


def offered_list(offered: tuple[Format, ...]) -> str:
    """The media types of ``offered``, for a 406 body."""
    return ", ".join(f.media_type for f in offered)
