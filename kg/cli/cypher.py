"""``kg cypher``."""

from __future__ import annotations

import json
from typing import Any

import click

from kg.cli.options import format_option, store_options
from kg.cli.query import _query_text
from kg.cli.render import table, to_csv, to_json
from kg.errors import QueryError


def parse_params(pairs: tuple[str, ...], strings: tuple[str, ...] = ()) -> dict[str, Any]:
    """``NAME=VALUE`` pairs: from ``--param`` a value is JSON when it parses as JSON, else the text itself;
    from ``--param-string`` it is always the text (so ``from=2020`` stays the string "2020").

    >>> parse_params(("company=Ecovacs", "n=3", 'names=["a", "b"]'), ("year=2020",))
    {'company': 'Ecovacs', 'n': 3, 'names': ['a', 'b'], 'year': '2020'}
    """
    params: dict[str, Any] = {}
    for option, given, as_json in (("--param", pairs, True), ("--param-string", strings, False)):
        for pair in given:
            name, sep, value = pair.partition("=")
            name = name.strip()
            if not sep or not name:
                raise QueryError(f"{option} takes NAME=VALUE, not {pair!r}")
            if name in params:
                raise QueryError(f"parameter {name!r} is given twice")
            if as_json:
                try:
                    params[name] = json.loads(value)
                except ValueError:
                    params[name] = value
            else:
                params[name] = value
    return params


def _open_neo4j(ctx: click.Context):
    """The Neo4j store from the connection flags, whatever ``--store`` says: Cypher runs only there."""
    from kg.neo4j.local import connection_settings
    from kg.stores import registry

    p = ctx.params
    settings = connection_settings(
        uri=p.get("neo4j_uri"),
        user=p.get("neo4j_user"),
        password=p.get("neo4j_password"),
        database=p.get("neo4j_database"),
    )
    return registry.get("neo4j").load()(settings)


def _is_script(text: str) -> bool:
    """Several statements separated by ``;`` at line ends, as kg export --format cypher writes them."""
    return sum(1 for line in text.splitlines() if line.rstrip().endswith(";")) > 1


def _run_script(store, text: str, values: dict[str, Any]) -> list[dict]:
    """Each statement in a transaction of its own, as cypher-shell runs a script (schema and data can't mix)."""
    from kg.exports.cypher_script import statements

    rows: list[dict] = []
    for statement in statements(text):
        rows = store.cypher(statement, values, write=True)
    return rows


@click.command("cypher")
@click.argument("query")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help='A query parameter ($NAME); VALUE is read as JSON when it parses (3, true, ["a"], '
    '{"k": 1}), else as text. Repeatable.',
)
@click.option(
    "--param-string",
    "string_params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter ($NAME) that is always text, even when it looks like a number. Repeatable.",
)
@click.option("--write", is_flag=True, help="Allow the query to write (read-only otherwise).")
@format_option("table", "json", "csv")
@store_options(only="neo4j")
@click.pass_context
def cypher_cmd(ctx, query, params, string_params, write, fmt, open_store):
    """Run a Cypher query against Neo4j (read-only unless --write).

    QUERY is the query text, @FILE to read it from a file, or - for stdin.
    json is a list of row objects. docs/cypher.md has a cookbook.

    Without --write the query runs in a read transaction, and only if the
    server's EXPLAIN shows it reads the graph: LOAD CSV, TERMINATE, SHOW
    beyond indexes and constraints, and procedures other than db.labels,
    db.schema.* and the like are refused (docs/neo4j.md).

    \b
    Example:
        kg cypher 'MATCH (c:Company)-[:HAS_BRAND]->(b) RETURN c.name AS company, b.name AS brand'
        kg cypher 'MATCH (c:Company {name: $name}) RETURN c' --param name=Ecovacs --format json
        kg cypher 'MATCH ()-[l:LAUNCHES]->(p) WHERE l.date >= $from RETURN p.name' --param-string from=2020
    """
    values = parse_params(params, string_params)
    text = _query_text(query)
    with _open_neo4j(ctx) as store:
        if write and _is_script(text):
            rows = _run_script(store, text, values)
        else:
            rows = store.cypher(text, values, write=write)
    if fmt == "json":
        click.echo(to_json(rows))
    elif fmt == "csv":
        click.echo(to_csv(rows))
    else:
        click.echo(table(rows) if rows else "(no rows)")
