"""``kg entities``, ``kg merge`` and ``kg split``: see and correct how names were resolved."""

from __future__ import annotations

import click

from kg.cli.options import format_option, store_options
from kg.cli.render import table, to_csv, to_json


@click.command("entities")
@click.argument("name")
@format_option("table", "json", "csv")
@store_options(only="embedded", reads=True)
def entities_cmd(name, fmt, open_store):
    """Show the entities a name resolves to: aliases, identifiers, and why each alias was merged.

    \b
    Example:
        kg entities Kunlun
    """
    from kg.queries.entities import describe, matching_entities

    with open_store() as store:
        reports = [describe(store, iri) for iri in matching_entities(store, name)]
    if fmt == "json":
        return click.echo(to_json([vars(r) for r in reports]))
    if fmt == "csv":  # one row an entity; lists joined with ";" as in every kg csv
        rows = [
            {
                "name": r.name,
                "type": r.type,
                "iri": r.iri,
                "aliases": r.aliases,
                "identifiers": [f"{k}={v}" for k, v in r.identifiers.items()],
                "facts": r.facts,
                "sources": len(r.sources),
            }
            for r in reports
        ]
        return click.echo(to_csv(rows, ["name", "type", "iri", "aliases", "identifiers", "facts", "sources"]))
    for report in reports:
        click.echo(f"{report.name} ({report.type}) {report.iri}")
        click.echo(f"  aliases: {', '.join(report.aliases) or '-'}")
        click.echo(f"  identifiers: {', '.join(f'{k}={v}' for k, v in report.identifiers.items()) or '-'}")
        click.echo(f"  facts: {report.facts}; sources: {len(report.sources)}")
        if report.merges:
            click.echo("  merged names:")
            click.echo("    " + table(report.merges, ["label", "reason", "path"]).replace("\n", "\n    "))


@click.command("merge")
@click.argument("keep")
@click.argument("other")
@store_options(only="embedded")
def merge_cmd(keep, other, open_store):
    """Merge entity OTHER into KEEP; the correction survives reloading the sources.

    \b
    Example:
        kg merge "Kunlun Tech" "Kunlun Wanwei"
    """
    from kg.pipeline import merge

    with open_store() as store:
        reloaded = merge(store, keep, other)
    click.echo(f"merged {other!r} into {keep!r}; reloaded {len(reloaded)} sources")


@click.command("split")
@click.argument("name")
@click.option("--from", "entity", required=True, help="The entity NAME should no longer mean.")
@store_options(only="embedded")
def split_cmd(name, entity, open_store):
    """Split the name NAME off an entity it was merged into; it becomes an entity of its own.

    \b
    Example:
        kg split Kunlun --from "Kunlun Tech"
    """
    from kg.pipeline import split

    with open_store() as store:
        reloaded = split(store, name, entity)
    click.echo(f"split {name!r} from {entity!r}; reloaded {len(reloaded)} sources")
