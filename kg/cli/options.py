"""Flags shared by several commands, bundled as decorators."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import click

from kg.errors import Unsupported


def store_options(func):
    """``--store``, ``--data`` and the Neo4j connection flags; passes ``open_store``."""

    @click.option("--store", "store_name", type=click.Choice(["embedded", "neo4j"]),
                  default=lambda: os.environ.get("KG_STORE", "embedded"), show_default="embedded (or KG_STORE)",
                  help="Where the graph lives.")
    @click.option("--data", type=click.Path(file_okay=False, path_type=Path), envvar="KG_DATA",
                  help="Data folder of the embedded store (default: KG_DATA, else ./kg-data).")
    @click.option("--neo4j-uri", envvar="NEO4J_URI", help="Neo4j URI (default: NEO4J_URI, else the local server).")
    @click.option("--neo4j-user", envvar="NEO4J_USERNAME", help="Neo4j user (default: NEO4J_USERNAME).")
    @click.option("--neo4j-password", envvar="NEO4J_PASSWORD", help="Neo4j password (default: NEO4J_PASSWORD).")
    @click.option("--neo4j-database", envvar="NEO4J_DATABASE", help="Neo4j database (default: NEO4J_DATABASE).")
    @functools.wraps(func)
    def wrapper(*args, store_name, data, neo4j_uri, neo4j_user, neo4j_password, neo4j_database, **kwargs):
        def open_store():
            from kg.stores import registry

            if store_name == "embedded":
                return registry.get("embedded").load()(data)
            settings = _neo4j_settings(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
            return registry.get("neo4j").load()(settings)

        return func(*args, open_store=open_store, **kwargs)

    return wrapper


def _neo4j_settings(uri, user, password, database):
    from kg.neo4j.local import connection_settings

    return connection_settings(uri=uri, user=user, password=password, database=database)


def format_option(*choices: str, default: str | None = None):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default or choices[0],
                        show_default=True, help="Output format.")


def max_text_chars_option(func):
    """``--max-text-chars``: the most text one document may give (a small PDF can expand to millions)."""
    from loaders.document import DEFAULT_MAX_TEXT_CHARS

    return click.option("--max-text-chars", type=click.IntRange(min=1), default=DEFAULT_MAX_TEXT_CHARS,
                        show_default=True,
                        help="Most characters of text one document may give; a longer one fails alone.")(func)


def require(condition: bool, message: str) -> None:
    if not condition:
        raise Unsupported(message)
