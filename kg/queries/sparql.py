"""SPARQL over the embedded store, serialised in the standard result formats."""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import QueryError
from kg.queries.guard import check_query
from kg.render import table

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "json": ox.RdfFormat.JSON_LD if hasattr(ox.RdfFormat, "JSON_LD") else ox.RdfFormat.N_TRIPLES,
}


def run_sparql(store, query: str, fmt: str) -> str:
    """Run ``query`` and serialise its answer in ``fmt`` (table, json, csv, tsv, xml, turtle, ntriples).

    The query passes :mod:`kg.queries.guard` first, so it never fetches remote
    data; a failure while it runs (Oxigraph raises OSError) is a one-line error.
    """
    checked = check_query(query)
    try:
        return _serialized(store.sparql(checked.text), fmt)
    except OSError as e:
        raise QueryError(f"the query failed: {e}") from None


def _serialized(result, fmt: str) -> str:
    if isinstance(result, (bool, ox.QueryBoolean)):  # pyoxigraph answers ASK with a QueryBoolean
        return _boolean(bool(result), fmt)
    if isinstance(result, ox.QuerySolutions):
        return _solutions(result, fmt)
    if fmt not in GRAPH_FORMATS:
        fmt = "turtle"
    return result.serialize(format=GRAPH_FORMATS[fmt]).decode("utf-8")


def _boolean(value: bool, fmt: str) -> str:
    if fmt == "json":
        return '{"head": {}, "boolean": %s}\n' % ("true" if value else "false")
    return ("true" if value else "false") + "\n"


def _solutions(solutions: ox.QuerySolutions, fmt: str) -> str:
    if fmt in RESULT_FORMATS:
        return (solutions.serialize(format=RESULT_FORMATS[fmt]) or b"").decode("utf-8").rstrip("\r\n") + "\n"
    if fmt != "table":
        raise QueryError(f"a SELECT query cannot be printed as {fmt}; use table, json, csv, tsv or xml")
    names = [v.value for v in solutions.variables]
    rows = [{n: (row[n].value if row[n] is not None else None) for n in names} for row in solutions]
    return table(rows, names) + "\n"
