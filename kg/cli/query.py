"""``kg stats``, ``kg sparql``, ``kg validate``, ``kg formats`` and ``kg ontology``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import format_option, require, store_options
from kg.cli.render import table, to_csv, to_json


@click.command("stats")
@format_option("table", "json", "csv")
@store_options(reads=True)
def stats_cmd(fmt, open_store):
    """Count entities, facts, observations and sources; the table names the data folder (or server) counted.

    \b
    Example:
        kg stats --format json
    """
    with open_store() as store:
        counts = store.stats()
        place = store.where
    rows = [{"what": k, "count": v} for k, v in counts.items()]
    if fmt == "json":
        click.echo(to_json(counts))
    elif fmt == "csv":
        click.echo(to_csv(rows, ["what", "count"]))
    else:  # the table is for people, who need to know which graph they are counting
        click.echo(f"{place}\n\n{table(rows, ['what', 'count'])}")


@click.command("sources")
@format_option("table", "json", "csv")
@store_options(only="embedded", reads=True)
def sources_cmd(fmt, open_store):
    """List the loaded sources: path, kind (the loader that read it), facts, observations, when loaded.

    The table begins with the data folder it lists.

    \b
    Example:
        kg sources --format csv
    """
    from kg.queries.sources import loaded_sources

    with open_store() as store:
        rows = [s.as_dict() for s in loaded_sources(store)]
        place = store.where
    columns = ["path", "kind", "facts", "observations", "loaded_at"]
    if fmt == "json":
        click.echo(to_json(rows))
    elif fmt == "csv":
        click.echo(to_csv(rows, columns))
    else:
        click.echo(f"{place}\n\n{table(rows, columns)}")


def _query_text(query: str) -> str:
    """A query given inline, as ``@file.rq``, or ``-`` for standard input."""
    if query == "-":
        return sys.stdin.read()
    if query.startswith("@"):
        return Path(query[1:]).read_text(encoding="utf-8")
    return query


@click.command("sparql")
@click.argument("query")
@format_option("table", "json", "csv", "tsv", "xml", "turtle", "ntriples")
@store_options(only="embedded", reads=True)
def sparql_cmd(query, fmt, open_store):
    """Run a SPARQL query over the embedded store (every source graph as one).

    QUERY is the query text, @FILE to read it from a file, or - for stdin.
    json is the W3C SPARQL 1.1 results JSON.

    \b
    Example:
        kg sparql 'SELECT ?c WHERE { ?c a kgo:Company }' --format json
    """
    from kg.queries.sparql import run_sparql

    with open_store() as store:
        require(store.supports_sparql, f"the {store.name} store does not answer SPARQL; use kg cypher or kg serve")
        click.echo(run_sparql(store, _query_text(query), fmt), nl=False)


@click.command("validate")
@format_option("table", "json")
@store_options(only="embedded", reads=True)
def validate_cmd(fmt, open_store):
    """Validate the stored graph against the SHACL shapes (pyshacl).

    Exits 1 when the graph does not conform.

    \b
    Example:
        kg validate
    """
    from kg.validate import to_rdflib, validate_graph

    with open_store() as store:
        require(store.supports_sparql, "kg validate runs on the embedded store")
        violations = validate_graph(to_rdflib(store.ox.quads_for_pattern(None, None, None)))
    rows = [vars(v) for v in violations]
    if fmt == "json":
        click.echo(to_json({"conforms": not rows, "violations": rows}))
    elif rows:
        click.echo(table(rows, ["name", "path", "message", "focus"]))
    else:
        click.echo("conforms: the graph satisfies every shape")
    if rows:
        sys.exit(1)


@click.command("formats")
def formats_cmd():
    """List the registered loaders, exporters and stores.

    \b
    Example:
        kg formats
    """
    import loaders
    from kg.stores import registry as stores

    rows = [
        {"kind": "loader", "name": e.name, "suffixes": " ".join(e.suffixes), "description": e.description}
        for e in loaders.registry.entries()
    ]
    from kg.exports import registry as exporters

    rows += [
        {"kind": "exporter", "name": e.name, "suffixes": " ".join(e.suffixes), "description": e.description}
        for e in exporters.entries()
    ]
    rows += [{"kind": "store", "name": e.name, "suffixes": "", "description": e.description} for e in stores.entries()]
    click.echo(table(rows))


@click.command("ontology")
def ontology_cmd():
    """Print the ontology's classes and relations as Markdown tables (docs/ontology.md).

    \b
    Example:
        kg ontology > docs/ontology.md
    """
    from kg.schema import ontology_markdown

    click.echo(ontology_markdown(), nl=False)
