"""``kg paths``."""

from __future__ import annotations

import click

from kg.cli.options import format_option, store_options
from kg.cli.render import table, to_json


@click.command("paths")
@click.argument("source")
@click.argument("target", required=False)
@click.option("--max-hops", default=4, show_default=True, type=int, help="Longest path, in facts.")
@click.option("--limit", default=None, type=int, help="Show at most this many paths.")
@format_option("table", "json")
@store_options
def paths_cmd(source, target, max_hops, limit, fmt, open_store):
    """Show how a company reaches a market: its expansion paths.

    With TARGET (a country, region or segment): every way SOURCE reaches it.
    Without: every market SOURCE reaches, by entry mode.

    \b
    Example:
        kg paths Ecovacs "United States"
        kg paths Ecovacs --format json
    """
    from kg.queries.paths import find_paths

    with open_store() as store:
        paths = find_paths(store, source, target, max_hops=max_hops)[:limit]
    if fmt == "json":
        click.echo(to_json([p.as_dict() for p in paths]))
        return
    if not paths:
        click.echo(f"no path from {source} to {target or 'any market'} within {max_hops} hops")
        return
    rows = [{"market": p.market, "mode": p.mode, "path": _chain(p), "support": p.support} for p in paths]
    click.echo(table(rows))


def _chain(path) -> str:
    parts = [path.hops[0].source_name]
    for hop in path.hops:
        qualifier = ", ".join(x for x in (hop.date, f"via {hop.via}" if hop.via else None) if x)
        parts.append(f"-[{hop.relation}{' ' + qualifier if qualifier else ''}]-> {hop.target_name}")
    return " ".join(parts)
