"""``kg extract`` (documents to fact lines, nothing stored) and ``kg eval`` (score them against gold)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from kg.cli import one_line
from kg.cli.options import extractor_option, max_text_chars_option
from kg.cli.progress import progress, quiet_option
from kg.cli.render import table, to_json

#: Fewer documents than this are read too fast for a bar to help.
PROGRESS_FROM = 10


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="Fact lines (loadable by kg load) or a table for reading.",
)
@extractor_option(
    "rules (offline), spacy (a statistical spaCy pipeline), llm (KG_LLM_URL), hybrid (rules plus llm "
    "relations), or one a plugin registers."
)
@click.option("--stats", is_flag=True, help="Print words per second on stderr at the end.")
@max_text_chars_option
@quiet_option
def extract_cmd(files, fmt, extractor, stats, max_text_chars, quiet):
    """Extract facts from documents and print them without storing.

    Reads .txt, .md, .html and .pdf files; folders are read recursively. A
    bad document (or one whose text passes --max-text-chars) is reported on
    stderr and the others are still read; the exit code is 1 when any failed.

    \b
    Example:
        kg extract examples/documents/ai-going-global.txt
        kg extract reports/ --format table --stats
    """
    from kg.extract.documents import document_paths, extract_paths

    paths = document_paths(files)
    started = time.perf_counter()
    results = []
    with progress("extracting", len(paths), unit="documents", quiet=quiet or len(paths) < PROGRESS_FROM) as advance:
        for result in extract_paths(paths, extractor=extractor, max_text_chars=max_text_chars):
            results.append(result)
            _print(result, fmt)
            advance(1, Path(result.path).name)
    _report(results, time.perf_counter() - started, stats)
    if any(r.error for r in results):
        sys.exit(1)


def _print(result, fmt: str) -> None:
    from kg.extract.factlines import to_fact_lines

    if result.error:
        click.echo(f"Error: {one_line(result.error)}", err=True)
        return
    lines = list(to_fact_lines(result.records))
    if fmt == "jsonl":
        for line in lines:
            click.echo(json.dumps(line, ensure_ascii=False))
    else:
        click.echo(f"# {result.path}")
        click.echo(
            table(
                [_row(line) for line in lines if "entity" not in line],
                ["subject", "relation", "object", "details", "confidence"],
            )
        )


def _row(line: dict) -> dict:
    if "metric" in line:
        return {
            "subject": line["s"],
            "relation": line["metric"],
            "object": f"{line['value']:g} {line['unit']}",
            "details": line.get("period", ""),
            "confidence": line.get("confidence"),
        }
    skip = {"s", "p", "o", "source", "evidence", "span", "extractor", "confidence", "note"}
    details = ", ".join(f"{k}={v}" for k, v in line.items() if k not in skip)
    return {
        "subject": line["s"],
        "relation": line["p"],
        "object": line["o"],
        "details": details,
        "confidence": line.get("confidence"),
    }


def _report(results: list, seconds: float, stats: bool) -> None:
    """The summary line on stderr, and words/s when asked."""
    from kg.model import Entity, Fact, Observation

    failed = sum(1 for r in results if r.error)
    records = [x for r in results for x in r.records]
    counts = {
        kind: sum(isinstance(x, cls) for x in records)
        for kind, cls in (("facts", Fact), ("figures", Observation), ("entities", Entity))
    }
    click.echo(
        f"{len(results)} documents: {len(results) - failed} read, {failed} failed; "
        f"{counts['facts']} facts, {counts['figures']} figures, {counts['entities']} entities",
        err=True,
    )
    if stats:
        words = sum(r.words for r in results)
        click.echo(f"{words:,} words in {seconds:.2f} s: {words / max(seconds, 1e-9):,.0f} words/s", err=True)


@click.command("eval")
@click.argument("gold", type=click.Path(path_type=Path, exists=True))
@click.argument("pred", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table of scores, or JSON with the misses and false positives too.",
)
@click.option("--details", is_flag=True, help="With the table, list what was missed and what was wrong.")
@extractor_option("With folders: the extractor that reads documents that have no fact-line file beside them.")
def eval_cmd(gold, pred, fmt, details, extractor):
    """Score predicted fact lines against gold ones.

    Relations compare by subject, relation, object and status, names matched
    through the aliases of both files; figures strictly by subject, metric,
    period (the days it covers: 2023-H1 = 2023-01/2023-06) and value (within
    1%), and by value and unit alone ("figure values"), with the share of
    those whose period is right.

    GOLD and PRED may be folders: each NAME.facts.jsonl of GOLD is scored
    against NAME.jsonl in PRED, or against the document NAME.txt (.md, .html,
    .pdf) read now by --extractor. Each document gets a row, then the
    micro-averaged totals.

    \b
    Example:
        kg extract article.txt > predicted.jsonl
        kg eval article.facts.jsonl predicted.jsonl --details
        kg eval gold/dev/ corpus/dev/                 # extract and score a folder
    """
    from kg.evaluate import evaluate, evaluate_folder, micro, read_fact_lines

    if gold.is_dir() != pred.is_dir():
        raise click.UsageError("GOLD and PRED must both be files or both be folders")
    if gold.is_dir():
        scored = evaluate_folder(gold, pred, extractor=extractor)
        report = micro(scored)
        if fmt == "json":
            documents = [{"document": s.name, **s.report.summary()} for s in scored]
            click.echo(to_json({**report.to_dict(), "documents": documents}))
            return
        rows = [{"document": s.name, **s.report.summary()} for s in scored]
        rows.append({"document": "all (micro)", **report.summary()})
        click.echo(table(rows, list(rows[0])))
        click.echo()
    else:
        report = evaluate(read_fact_lines(gold), read_fact_lines(pred))
        if fmt == "json":
            click.echo(to_json(report.to_dict()))
            return
    click.echo(table(report.rows(), ["relation", "gold", "predicted", "tp", "precision", "recall", "f1"]))
    click.echo(f"\nperiod accuracy (value-matched figures with a gold period): {report.period_accuracy:.3f}")
    if details:
        for title, lines in (("missed", report.misses), ("wrong", report.false_positives)):
            click.echo(f"\n{title} ({len(lines)}):")
            for line in lines:
                click.echo(f"  {_describe(line)}")


def _describe(line: dict) -> str:
    if "metric" in line:
        period = line.get("period") or "no period"
        return f"{line['s']} {line['metric']} = {line['value']:g} {line.get('unit', '')} ({period})"
    extra = f" [{line['status']}]" if line.get("status") else ""
    return f"{line['s']} {line['p']} {line['o']}{extra}"
