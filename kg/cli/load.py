"""``kg load`` and ``kg remove``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import one_line
from kg.cli.options import extractor_option, format_option, max_text_chars_option, store_options
from kg.cli.progress import progress, quiet_option
from kg.cli.render import to_json
from kg.errors import KGError


@click.command("load")
# Kept as text: pathlib turns ./- into -, and only a bare - means standard input.
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--input-format",
    "loader",
    metavar="NAME",
    help="Loader to read the files and standard input with, whatever their suffix "
    "(jsonl, csv, turtle, text, ...; kg formats lists them). Needed for -.",
)
@click.option(
    "--source-name",
    metavar="NAME",
    help="Source name standard input is stored under, for kg remove --source.  [default: <stdin>]",
)
@click.option("--dry-run", is_flag=True, help="Print what would change and write nothing.")
@extractor_option("Extractor for documents (rules, spacy, llm, hybrid, or one a plugin registers).")
@max_text_chars_option
@format_option("text", "json")
@quiet_option
@store_options
def load_cmd(paths, loader, source_name, dry_run, extractor, max_text_chars, fmt, quiet, open_store):
    """Load fact sheets, RDF files and documents into the graph.

    Folders are read recursively, each file by the loader its suffix names;
    --input-format names the loader for files with another suffix. - reads
    standard input, which needs --input-format; it is stored as the source
    <stdin> (or --source-name), so loading the same bytes again changes
    nothing and kg remove --source '<stdin>' removes it.

    Each file is stored whole or not at all; loading an unchanged file again
    changes nothing. A file that fails (a bad line, a document whose text
    passes --max-text-chars) is reported on stderr in one line and stores
    nothing; the other files still load, and the exit code is 1 when any
    failed.

    \b
    Example:
        kg load examples/
        kg load report.jsonl --dry-run
        kg load notes.data --input-format jsonl
        curl -s https://example.com/facts.jsonl | kg load - --input-format jsonl --source-name crm
    """
    from kg.pipeline import check_loader, expand_paths, load

    sources = _sources(paths, loader, source_name)
    check_loader(loader, stream=STDIN in paths)
    with open_store() as store, progress("loading", len(expand_paths(sources)), quiet=quiet) as advance:
        report = load(
            store,
            sources,
            dry_run=dry_run,
            extractor=extractor,
            progress=lambda path: advance(1, path.name),
            max_text_chars=max_text_chars,
            loader=loader,
            stage=lambda text: advance(0, text),
        )
    if fmt == "json":
        click.echo(to_json({"dry_run": dry_run, "sources": [vars(s) for s in report.sources]}))
    else:
        for source in report.sources:
            click.echo(_source_line(source))
        click.echo(_summary(report))
    for warning in (w for source in report.sources for w in source.warnings):
        click.echo(f"Warning: {one_line(warning)}", err=True)
    for source in report.failed:
        click.echo(f"Error: {one_line(source.error or '')}", err=True)
    if report.failed:
        sys.exit(1)


STDIN = "-"


def _sources(paths: tuple[str, ...], loader: str | None, source_name: str | None) -> list:
    """The files given, with - as standard input under its source name; misuse refused in one line."""
    from kg.pipeline import STDIN_NAME, Stream

    if paths.count(STDIN) > 1:
        raise KGError("standard input (-) can be read only once")
    if source_name is not None:
        if STDIN not in paths:
            raise KGError("--source-name names standard input; give - too")
        if not source_name.strip():
            raise KGError("--source-name cannot be blank")
    if loader and any(Path(p).is_dir() for p in paths if p != STDIN):
        raise KGError("--input-format names the loader of files and standard input, not of a folder's files")
    stdin = Stream(sys.stdin.buffer, source_name or STDIN_NAME)
    return [stdin if p == STDIN else Path(p) for p in paths]


def _source_line(s) -> str:
    if s.status in ("failed", "unchanged"):
        return f"{s.status:<9} {s.path}"
    return (
        f"{s.status:<9} {s.path}: facts {s.facts_added} added, {s.facts_merged} merged, "
        f"{s.facts_unchanged} unchanged; figures {s.observations_added} added, "
        f"{s.observations_merged} merged, {s.observations_unchanged} unchanged"
    )


def _summary(report) -> str:
    counts = {k: sum(1 for s in report.sources if s.status == k) for k in ("added", "replaced", "unchanged", "failed")}
    head = "Dry run, nothing written: " if report.dry_run else ""
    return (
        f"{head}{len(report.sources)} sources ({', '.join(f'{v} {k}' for k, v in counts.items())}); "
        f"facts {report.total('facts_added')} added, {report.total('facts_merged')} merged, "
        f"{report.total('facts_unchanged')} unchanged; figures {report.total('observations_added')} added, "
        f"{report.total('observations_merged')} merged, {report.total('observations_unchanged')} unchanged"
    )


@click.command("remove")
@click.option(
    "--source",
    "source",
    required=True,
    type=click.Path(path_type=Path),
    help="The file whose facts to remove, as it was loaded, or the source name of standard "
    "input (<stdin>, or kg load's --source-name).",
)
@store_options
def remove_cmd(source, open_store):
    """Remove what one source states; facts other sources state stay.

    \b
    Example:
        kg remove --source examples/factsheets/ecovacs.jsonl
        kg remove --source '<stdin>'
    """
    from kg.pipeline import find_source, remove

    with open_store() as store:
        name = find_source(store, source).path
        remove(store, name)
    click.echo(f"removed {name}")
