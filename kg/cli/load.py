"""``kg load`` and ``kg remove``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import one_line
from kg.cli.options import format_option, max_text_chars_option, store_options
from kg.cli.render import to_json


@click.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print what would change and write nothing.")
@click.option("--extractor", default="rules", show_default=True, help="Extractor for documents (rules, spacy, llm).")
@max_text_chars_option
@format_option("text", "json")
@store_options
def load_cmd(paths, dry_run, extractor, max_text_chars, fmt, open_store):
    """Load fact sheets, RDF files and documents into the graph.

    Folders are read recursively. Each file is stored whole or not at all;
    loading an unchanged file again changes nothing. A file that fails (a bad
    line, a document whose text passes --max-text-chars) is reported on stderr
    in one line and stores nothing; the other files still load, and the exit
    code is 1 when any failed.

    \b
    Example:
        kg load examples/
        kg load report.jsonl --dry-run
    """
    from kg.pipeline import expand_paths, load

    with open_store() as store, _progress(len(expand_paths(paths))) as advance:
        report = load(store, paths, dry_run=dry_run, extractor=extractor, progress=advance,
                      max_text_chars=max_text_chars)
    if fmt == "json":
        click.echo(to_json({"dry_run": dry_run, "sources": [vars(s) for s in report.sources]}))
    else:
        for source in report.sources:
            click.echo(_source_line(source))
        click.echo(_summary(report))
    for warning in (w for source in report.sources for w in source.warnings):
        click.echo(f"Warning: {one_line(warning)}", err=True)
    for source in report.failed:
        click.echo(f"Error: {one_line(source.error)}", err=True)
    if report.failed:
        sys.exit(1)


def _source_line(s) -> str:
    if s.status in ("failed", "unchanged"):
        return f"{s.status:<9} {s.path}"
    return (f"{s.status:<9} {s.path}: facts {s.facts_added} added, {s.facts_merged} merged, "
            f"{s.facts_unchanged} unchanged; figures {s.observations_added} added, "
            f"{s.observations_merged} merged, {s.observations_unchanged} unchanged")


def _summary(report) -> str:
    counts = {k: sum(1 for s in report.sources if s.status == k) for k in ("added", "replaced", "unchanged", "failed")}
    head = "Dry run, nothing written: " if report.dry_run else ""
    return (f"{head}{len(report.sources)} sources ({', '.join(f'{v} {k}' for k, v in counts.items())}); "
            f"facts {report.total('facts_added')} added, {report.total('facts_merged')} merged, "
            f"{report.total('facts_unchanged')} unchanged; figures {report.total('observations_added')} added, "
            f"{report.total('observations_merged')} merged, {report.total('observations_unchanged')} unchanged")


class _progress:
    """A progress bar on stderr when it is a terminal and there is more than one file."""

    def __init__(self, total: int):
        self.total, self.bar = total, None

    def __enter__(self):
        if self.total > 1 and sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(transient=True, console=_stderr_console())
            self.bar.start()
            task = self.bar.add_task("loading", total=self.total)
            return lambda path: self.bar.update(task, advance=1, description=path.name)
        return None

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@click.command("remove")
@click.option("--source", "source", required=True, type=click.Path(path_type=Path),
              help="The file whose facts to remove, as it was loaded.")
@store_options
def remove_cmd(source, open_store):
    """Remove what one source states; facts other sources state stay.

    \b
    Example:
        kg remove --source examples/factsheets/ecovacs.jsonl
    """
    from kg.pipeline import remove

    with open_store() as store:
        remove(store, source)
    click.echo(f"removed {Path(source).resolve()}")
