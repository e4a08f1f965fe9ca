"""``kg paths``, ``kg timeline``, ``kg compare`` and ``kg market``: the expansion questions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import store_options
from kg.cli.render import table, to_csv, to_json

PICTURES = ("svg", "png", "html", "dot")


def picture_options(func):
    func = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file instead of standard output.",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(("table", "json", "csv", *PICTURES)),
        default="table",
        show_default=True,
        help="Output format; csv has the table's columns, svg, png, html and dot draw a picture.",
    )(func)


def filter_options(func):
    for flag, text in (
        ("--as-of", "Only what was true by this date."),
        ("--until", "Only hops dated up to this date."),
        ("--since", "Only hops dated from this date on."),
        ("--via", "Entry modes to keep: subsidiary,brand,product,channel,partner,acquisition,direct."),
    ):
        func = click.option(flag, default=None, help=text)(func)
    return func


def emit(data: bytes | str, output: Path | None) -> None:
    """Write text or a picture to a file or standard output."""
    if output:
        output.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        click.echo(f"wrote {output}", err=True)
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        click.echo(data)


@click.command("paths")
@click.argument("source")
@click.argument("target", required=False)
@click.option("--max-hops", default=4, show_default=True, type=int, help="Longest path, in facts.")
@click.option("--limit", default=None, type=click.IntRange(min=1), help="Show at most this many paths.")
@filter_options
@picture_options
@store_options(reads=True)
def paths_cmd(source, target, max_hops, limit, via, since, until, as_of, fmt, output, open_store):
    """Show how a company reaches a market: its expansion paths.

    With TARGET (a country, region or segment): every way SOURCE reaches it;
    reaching a member country of a region counts. Without: every market
    SOURCE reaches, grouped by entry mode.

    \b
    Example:
        kg paths Ecovacs "United States"
        kg paths Ecovacs --via brand,channel --format json
        kg paths Ecovacs "Middle East" --format html -o paths.html
    """
    from kg.queries.filters import make_filter
    from kg.queries.paths import find_paths

    where = make_filter(via, since, until, as_of)
    with open_store() as store:
        paths = find_paths(store, source, target, max_hops=max_hops, where=where)[:limit]
    if fmt in PICTURES:
        from kg.pictures import paths_picture

        return emit(paths_picture(paths, fmt, title=f"{source} → {target or 'markets'}"), output)
    if fmt == "json":
        return emit(to_json([p.as_dict() for p in paths]), output)
    rows = [
        {"mode": p.mode, "market": p.market, "path": chain(p), "support": p.support}
        for p in (sorted(paths, key=lambda p: p.mode) if not target else paths)
    ]
    columns = ["market", "mode", "path", "support"] if target else ["mode", "market", "path", "support"]
    if fmt == "csv":
        return emit(to_csv(rows, columns), output)
    if not paths:
        return emit(f"no path from {source} to {target or 'any market'} within {max_hops} hops", output)
    emit(table(rows, columns), output)


def chain(path) -> str:
    parts = [path.hops[0].source_name]
    for hop in path.hops:
        qualifier = ", ".join(x for x in (hop.date, f"via {hop.via}" if hop.via else None) if x)
        parts.append(f"-[{hop.relation}{' ' + qualifier if qualifier else ''}]-> {hop.target_name}")
    return " ".join(parts)


@click.command("timeline")
@click.argument("company")
@picture_options
@store_options(reads=True)
def timeline_cmd(company, fmt, output, open_store):
    """List a company's dated expansion events in date order, with evidence.

    Events of its subsidiaries and brands count as its own.

    \b
    Example:
        kg timeline ByteDance
    """
    from kg.queries.paths import find_timeline

    with open_store() as store:
        events = find_timeline(store, company)
    if fmt in PICTURES:
        from kg.pictures import timeline_picture

        return emit(timeline_picture(events, fmt, title=f"{company}: timeline"), output)
    if fmt == "json":
        return emit(to_json([e.as_dict() for e in events]), output)
    columns = ["date", "subject", "relation", "object", "via", "status", "evidence"]
    if fmt == "csv":
        return emit(to_csv([e.as_dict() for e in events], columns), output)
    if not events:
        return emit(f"no dated events for {company}", output)
    emit(table([e.as_dict() for e in events], columns), output)


@click.command("compare")
@click.argument("companies", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format; csv has the table's columns.",
)
@store_options(reads=True)
def compare_cmd(companies, fmt, open_store):
    """Compare companies side by side: markets, channels, strategies, segments.

    Shows what all of them share and what is unique to each.

    \b
    Example:
        kg compare Ecovacs "Lumora Robotics"
    """
    from kg.queries.paths import find_comparison

    with open_store() as store:
        result = find_comparison(store, list(companies))
    if fmt == "json":
        return click.echo(to_json(result.as_dict()))
    rows = []
    for aspect in result.aspects:
        rows.append({"aspect": aspect, "company": "(shared)", "values": result.shared(aspect)})
        rows += [{"aspect": aspect, "company": c, "values": result.unique(aspect, c)} for c in result.companies]
    click.echo((to_csv if fmt == "csv" else table)(rows, ["aspect", "company", "values"]))


@click.command("market")
@click.argument("market")
@click.option("--max-hops", default=4, show_default=True, type=int, help="Longest path, in facts.")
@filter_options
@picture_options
@store_options(reads=True)
def market_cmd(market, max_hops, via, since, until, as_of, fmt, output, open_store):
    """Show who reaches a market, and how (entry modes counted).

    \b
    Example:
        kg market Germany
        kg market "Middle East" --format svg -o middle-east.svg
    """
    from kg.queries.filters import make_filter
    from kg.queries.paths import find_market_entrants

    with open_store() as store:
        entries = find_market_entrants(
            store, market, max_hops=max_hops, where=make_filter(via, since, until, as_of), paths=fmt in PICTURES
        )  # a table counts the paths; a picture reads them
    if fmt in PICTURES:
        from kg.pictures import market_picture

        return emit(market_picture(market, entries, fmt), output)
    if fmt == "json":
        return emit(to_json([e.as_dict() for e in entries]), output)
    rows = [
        {"company": e.company, "paths": e.ways_in, "modes": ", ".join(f"{m} {n}" for m, n in e.modes.items())}
        for e in entries
    ]
    if fmt == "csv":
        return emit(to_csv(rows, ["company", "paths", "modes"]), output)
    if not entries:
        return emit(f"no company reaches {market}", output)
    emit(table(rows), output)
