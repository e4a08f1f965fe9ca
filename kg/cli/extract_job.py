"""``kg extract-job``: extraction of a whole corpus as a job, on Dask distributed or in this process."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.cli import one_line
from kg.cli.options import extractor_option, max_text_chars_option
from kg.cli.progress import progress, quiet_option

#: Failures printed on stderr; the rest are in the output folder's failures.json.
SHOWN_FAILURES = 10


@click.command("extract-job")
# text, not click.Path: an input may be a URL ("s3://bucket/news/"), which a path would fold to "s3:/bucket/news"
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder of the job's output; a rerun over it reads only the documents that changed.",
)
@click.option(
    "--engine",
    type=click.Choice(["dask", "serial"]),
    default="dask",
    show_default=True,
    help="dask: a map on Dask distributed; serial: one partition after another in this process.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    envvar="DASK_SCHEDULER_ADDRESS",
    help="A running Dask scheduler (tcp://host:8786; default: DASK_SCHEDULER_ADDRESS, else a local cluster).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes of the local cluster (default: one per core); ignored with --scheduler.",
)
@click.option(
    "--partitions",
    type=click.IntRange(min=1),
    help="Number of part files (default: the last run's, else one per 250 documents).",
)
@extractor_option("rules (offline), spacy, llm (KG_LLM_URL on every worker), hybrid, or one a plugin registers.")
@max_text_chars_option
@quiet_option
def extract_job_cmd(inputs, output, engine, scheduler, workers, partitions, extractor, max_text_chars, quiet):
    """Extract facts from a corpus as a job, into partitioned fact-line files.

    Reads .txt, .md, .html and .pdf files; folders are read recursively.
    An input may be a URL of an object store (s3://bucket/news/, gs://...,
    with fsspec's backend for it installed: s3fs, gcsfs); every worker
    reads the documents from there. OUTPUT gets part-NNNNN.jsonl files (the lines kg extract prints, loadable
    by kg load), a manifest of each document's content hash, failures.json
    and job.json; the same input always gives the same files. A rerun reuses
    the lines of unchanged documents. A failed document is listed with its
    error and the exit code is 1.

    \b
    Example:
        kg extract-job corpus/ -o facts/ --workers 4
        kg extract-job /shared/news/ -o /shared/facts/ --scheduler tcp://10.0.0.5:8786
        kg extract-job s3://news-archive/2026/ -o /shared/facts/ --scheduler tcp://10.0.0.5:8786
        kg load facts/
    """
    from kg.extract.distributed import JobSettings, corpus_sources, dask_mapper, extract_corpus

    settings = JobSettings(extractor=extractor, max_text_chars=max_text_chars)
    sources = corpus_sources(inputs)
    started = time.perf_counter()
    with (
        dask_mapper(scheduler, workers) if engine == "dask" else _serial() as mapper,
        progress("extracting", len(sources), unit="documents", quiet=quiet) as advance,
    ):
        report = extract_corpus(
            sources,
            output,
            settings=settings,
            partitions=partitions,
            mapper=mapper,
            on_partition=lambda done: advance(done.documents),
        )
    seconds = time.perf_counter() - started
    for failure in report.failures[:SHOWN_FAILURES]:
        click.echo(f"Error: {one_line(failure.error)}", err=True)
    if len(report.failures) > SHOWN_FAILURES:
        click.echo(f"... and {len(report.failures) - SHOWN_FAILURES} more in {output / 'failures.json'}", err=True)
    click.echo(
        f"{report.documents} documents: {report.extracted} extracted, {report.reused} unchanged, "
        f"{len(report.failures)} failed; {report.lines} lines in {report.partitions} partitions "
        f"({report.written} written) in {seconds:.1f} s",
        err=True,
    )
    if report.failures:
        sys.exit(1)


def _serial():
    from contextlib import nullcontext

    from kg.extract.distributed import in_process

    return nullcontext(in_process)
