"""``kg export``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import store_options
from kg.cli.progress import progress, quiet_option
from kg.exports import registry


def _format(fmt: str | None, output: str) -> str:
    """The format asked for, else the one the output file's suffix implies."""
    from kg.exports import format_for

    if fmt:
        return fmt
    if output == "-":
        raise click.UsageError("give --format, or an --output file whose suffix names one (graph.ttl)")
    return format_for(Path(output))


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(registry.names()),
    help="Output format (default: from the --output suffix). kg formats lists them.",
)
@click.option(
    "--output",
    "-o",
    default="-",
    show_default=True,
    help="File to write, - for standard output; a folder for neo4j-csv.",
)
@click.option("--company", help="Only this entity (a company, by name or alias) and its neighbourhood.")
@click.option("--depth", type=click.IntRange(min=0), default=None, help="Facts away from --company  [default: 1]")
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="CLASS",
    help="Only entities of this class or its subclasses (Company, Market, ...). Repeatable.",
)
@click.option(
    "--relation",
    "relations",
    multiple=True,
    metavar="RELATION",
    help="Only facts of this relation (expandsInto, ...) and the entities they link. Repeatable.",
)
@click.option(
    "--source", "sources", multiple=True, metavar="PATH", help="Only what this loaded source states. Repeatable."
)
@click.option(
    "--layout",
    metavar="ENGINE",
    help="Graphviz layout of a picture (dot, svg, png): dot, neato, fdp, sfdp, circo, twopi, osage or "
    "patchwork  [default: dot, twopi around --company]",
)
@quiet_option
@store_options(reads=True)
def export_cmd(fmt, output, company, depth, types, relations, sources, layout, quiet, open_store):
    """Export the graph, or part of it, in a format another tool opens.

    RDF (turtle, ntriples, nquads, trig, jsonld, rdfxml), property graphs
    (graphml, gexf, nodelink, cypher, neo4j-csv), fact lines that kg load
    reads back (factlines), one row per fact (csv), and pictures (dot, svg,
    png). The same graph always gives the same bytes. docs/exports.md says
    which tool opens each format.

    \b
    Example:
        kg export -o graph.ttl
        kg export --format graphml --company Ecovacs --depth 2 -o ecovacs.graphml
        kg export --format neo4j-csv -o import/
        kg export --format svg --company Ecovacs --layout neato -o ecovacs.svg
    """
    from kg.exports import export, writes_folder
    from kg.exports.subgraph import Filters

    if depth is not None and not company:
        raise click.UsageError("--depth needs --company")
    name = _format(fmt, output)
    filters = Filters(company, 1 if depth is None else depth, tuple(types), tuple(relations), tuple(sources))
    if writes_folder(name) and output == "-":
        raise click.UsageError(f"{name} writes several files: give a folder with --output DIR")
    target = sys.stdout.buffer if output == "-" else Path(output)
    # a closed pipe (kg export | head -1) ends quietly with exit 0: see kg.cli.quiet_broken_pipe
    with open_store() as store, progress(f"exporting {name}", unit="rows", quiet=quiet) as advance:
        export(store, name, target, filters=filters, progress=advance, layout=layout)
