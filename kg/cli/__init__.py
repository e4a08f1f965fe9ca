"""The ``kg`` command: a thin layer that parses, calls one library function, and renders.

Commands are found lazily (name -> "module:attr"), so ``kg --help`` and each
command import only what they use.  Every :class:`kg.errors.KGError` becomes
one ``Error: ...`` line on stderr and the error's exit code, never a traceback.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from kg.errors import KGError

#: Each command's target and summary: the summary is the first line of the command's own help (a test checks
#: it), kept here so that ``kg --help`` imports no command.
COMMANDS = {
    "load": ("kg.cli.load:load_cmd", "Load fact sheets, RDF files and documents into the graph."),
    "remove": ("kg.cli.load:remove_cmd", "Remove what one source states; facts other sources state stay."),
    "stats": (
        "kg.cli.query:stats_cmd",
        "Count entities, facts, observations and sources; the table names the data folder (or server) counted.",
    ),
    "sources": (
        "kg.cli.query:sources_cmd",
        "List the loaded sources: path, kind (the loader that read it), facts, observations, when loaded.",
    ),
    "sparql": ("kg.cli.query:sparql_cmd", "Run a SPARQL query over the embedded store (every source graph as one)."),
    "paths": ("kg.cli.paths:paths_cmd", "Show how a company reaches a market: its expansion paths."),
    "timeline": ("kg.cli.paths:timeline_cmd", "List a company's dated expansion events in date order, with evidence."),
    "compare": ("kg.cli.paths:compare_cmd", "Compare companies side by side: markets, channels, strategies, segments."),
    "market": ("kg.cli.paths:market_cmd", "Show who reaches a market, and how (entry modes counted)."),
    "validate": ("kg.cli.query:validate_cmd", "Validate the stored graph against the SHACL shapes (pyshacl)."),
    "formats": ("kg.cli.query:formats_cmd", "List the registered loaders, exporters and stores."),
    "ontology": (
        "kg.cli.query:ontology_cmd",
        "Print the ontology's classes and relations as Markdown tables (docs/ontology.md).",
    ),
    "extract": ("kg.cli.extract_cmd:extract_cmd", "Extract facts from documents and print them without storing."),
    "extract-job": (
        "kg.cli.extract_job:extract_job_cmd",
        "Extract facts from a corpus as a job, into partitioned fact-line files.",
    ),
    "eval": ("kg.cli.extract_cmd:eval_cmd", "Score predicted fact lines against gold ones."),
    "entities": (
        "kg.cli.entities:entities_cmd",
        "Show the entities a name resolves to: aliases, identifiers, and why each alias was merged.",
    ),
    "merge": (
        "kg.cli.entities:merge_cmd",
        "Merge entity OTHER into KEEP; the correction survives reloading the sources.",
    ),
    "split": (
        "kg.cli.entities:split_cmd",
        "Split the name NAME off an entity it was merged into; it becomes an entity of its own.",
    ),
    "backup": ("kg.cli.backup:backup_cmd", "Write a consistent snapshot of the embedded store to a .tar.gz file."),
    "restore": (
        "kg.cli.backup:restore_cmd",
        "Replace the embedded store's data folder with a snapshot from kg backup.",
    ),
    "export": ("kg.cli.export:export_cmd", "Export the graph, or part of it, in a format another tool opens."),
    "serve": ("kg.cli.serve:serve_cmd", "Serve the graph as a SPARQL 1.1 endpoint at /sparql, with a query page at /."),
    "neo4j": ("kg.cli.neo4j_cmd:neo4j_group", "Run a local Neo4j Community server for this project."),
    "cypher": ("kg.cli.cypher:cypher_cmd", "Run a Cypher query against Neo4j (read-only unless --write)."),
}


def _version() -> str:
    # importlib.metadata is read only for --version: importing it costs every other command start-up time
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("expansion-kg")
    except PackageNotFoundError:
        return "0+unknown"


def _print_version(ctx: click.Context) -> None:
    click.echo(f"kg, version {_version()}")
    ctx.exit()


class LazyGroup(click.Group):
    """A group whose commands are imported when used, and whose errors are one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, _, attr = COMMANDS[name][0].partition(":")
        command = getattr(importlib.import_module(module), attr)
        _short_help_option(command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        # The Neo4j driver logs retries and dropped connections; the command reports the outcome itself.
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)
        try:
            return super().invoke(ctx)
        except KGError as e:
            click.echo(f"Error: {one_line(str(e))}", err=True)
            sys.exit(e.exit_code)
        except BrokenPipeError:
            quiet_broken_pipe()


def quiet_broken_pipe() -> None:
    """The reader went away (``kg export | head -1``): stop at once, quietly and with exit 0, as cat and
    grep do under ``head``; the reader has all it asked for."""
    import os

    # Python flushes stdout again at exit; pointing it at /dev/null keeps that flush from failing too.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def _short_help_option(command: click.Command) -> None:
    """``-h`` works everywhere; set on each command because click caches a command's help option."""
    command.context_settings.setdefault("help_option_names", ["-h", "--help"])
    for sub in getattr(command, "commands", {}).values():
        _short_help_option(sub)


def one_line(message: str) -> str:
    """Messages from libraries sometimes span lines; an error here is always one."""
    return "; ".join(part.strip() for part in message.splitlines() if part.strip())


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    help="Show the version and exit.",
    callback=lambda ctx, param, value: _print_version(ctx) if value and not ctx.resilient_parsing else None,
)
def cli() -> None:
    """A knowledge graph of companies, products, markets and strategies.

    Load fact sheets and documents, then ask how companies reach markets.

    \b
    Example:
        kg load examples/
        kg paths Ecovacs "United States"
    """
