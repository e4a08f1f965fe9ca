"""Flags shared by several commands, bundled as decorators."""

from __future__ import annotations

import functools
import importlib
import os
from pathlib import Path

import click

from kg import datafolder
from kg.errors import EntityNotFound, UnknownFormat, Unsupported

#: What each store lacks, for the one line that refuses a command on it.
_ONLY = {
    "embedded": "it runs on the embedded store only; docs/neo4j.md lists what runs on Neo4j",
    "neo4j": "it runs on Neo4j only; the embedded store answers SPARQL (kg sparql)",
}
#: ``--store sparql+URL`` (or KG_STORE) is ``--store sparql --sparql-url URL`` in one value.
SPARQL_SCHEMES = ("sparql+http://", "sparql+https://")


def store_options(func=None, *, only: str | None = None, reads: bool = False):
    """``--store``, ``--data``, the Neo4j connection flags and ``--sparql-url``; passes ``open_store``.

    ``only="embedded"`` leaves out the Neo4j flags, ``only="neo4j"`` leaves out ``--data`` and makes Neo4j
    the default: a command shows only the flags it can use, and ``--store`` naming the other store is
    refused in one line (exit 3) rather than running somewhere else.  ``reads=True`` for a command that
    writes nothing: beside a kg process holding the data folder (kg serve), it reads the folder read-only
    instead of waiting for it.
    """
    if func is None:
        return functools.partial(store_options, only=only, reads=reads)

    @functools.wraps(func)
    def wrapper(
        *args,
        store_name,
        data=None,
        neo4j_uri=None,
        neo4j_user=None,
        neo4j_password=None,
        neo4j_database=None,
        sparql_url=None,
        **kwargs,
    ):
        if store_name.startswith(SPARQL_SCHEMES):
            store_name, sparql_url = "sparql", store_name.removeprefix("sparql+")
        if only and store_name != only:
            name = click.get_current_context().command_path.replace("cli ", "kg ", 1)
            raise Unsupported(f"{name} does not work with --store {store_name}: {_ONLY[only]}")

        opened = []

        def open_store():
            from kg.stores import registry

            if store_name == "embedded":
                opened.append(registry.get("embedded").load()(data, **({"share": True} if reads else {})))
            elif store_name == "neo4j":
                settings = _neo4j_settings(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
                opened.append(registry.get("neo4j").load()(settings))
            elif store_name == "sparql":
                opened.append(registry.get("sparql").load()(sparql_url))
            else:
                # a store from a plugin gets the one setting that is not Neo4j's, as the embedded store does
                opened.append(registry.get(store_name).load()(data))
            return opened[-1]

        try:
            return func(*args, open_store=open_store, **kwargs)
        except EntityNotFound as e:
            if not opened:
                raise
            # a name missing from a graph one did not mean to ask (another folder, another server) reads the same
            # as a name missing from the right one: say which graph was asked
            raise EntityNotFound(f"{e} ({opened[-1].where})") from None

    if only is None:
        wrapper = click.option(
            "--sparql-url",
            envvar="KG_SPARQL_URL",
            help="SPARQL dataset URL for --store sparql (default: KG_SPARQL_URL; docs/stores.md).",
        )(wrapper)
    if only != "embedded":
        for flag, env, text in reversed(_NEO4J_FLAGS):
            wrapper = click.option(flag, envvar=env, help=text)(wrapper)
    if only != "neo4j":
        wrapper = click.option(
            "--data", type=click.Path(file_okay=False, path_type=Path), envvar="KG_DATA", help=datafolder.HELP
        )(wrapper)
    if only == "neo4j":
        return click.option(
            "--store",
            "store_name",
            type=StoreChoice(),
            default="neo4j",
            show_default=True,
            help="Where the graph lives; Cypher runs on Neo4j only.",
        )(wrapper)
    return click.option(
        "--store",
        "store_name",
        type=StoreChoice(),
        default=lambda: os.environ.get("KG_STORE", "embedded"),
        show_default="embedded (or KG_STORE)",
        help="Where the graph lives."
        if only is None
        else "Where the graph lives; this command runs on the embedded store only.",
    )(wrapper)


class UnknownStore(UnknownFormat):
    """A ``--store`` (or KG_STORE) no store answers to: a usage error, said in one line with the known names."""

    exit_code = 2

    def __str__(self) -> str:
        return f"unknown store {self.name!r} in --store (or KG_STORE); known: {', '.join(self.known)}"


class RegistryChoice(click.Choice):
    """The names in one of the registries (``"kg.extract:registry"``, ...), plugins' included.

    The registry is read when a value is checked or help is shown, never when the option is declared, so
    ``kg --help`` imports no backend; a built-in name is accepted without scanning the entry points.  Any
    other name is click's usage error (exit 2), which lists the choices.
    """

    def __init__(self, registry: str) -> None:  # no fixed list: ``choices`` is read from the registry
        self.registry = registry
        self.case_sensitive = True

    def _registry(self):
        module, _, attr = self.registry.partition(":")
        return getattr(importlib.import_module(module), attr)

    @property  # read from the registry each time; nothing sets it (click.Choice.__init__ is not called)
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self._registry().names())

    def convert(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return self._registry().get(value).name
        except UnknownFormat:
            return super().convert(value, param, ctx)


class StoreChoice(RegistryChoice):
    """The names in the stores' registry, or ``sparql+URL``; a name no store answers to is one line naming the
    known stores."""

    def __init__(self) -> None:
        super().__init__("kg.stores:registry")

    def convert(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if value.startswith(SPARQL_SCHEMES):
            return value
        try:
            return self._registry().get(value).name
        except UnknownFormat:
            raise UnknownStore("store", value, self.choices) from None


def extractor_option(help: str):
    """``--extractor``: a name in the extractors' registry (``rules`` by default), plugins' included."""
    return click.option(
        "--extractor", type=RegistryChoice("kg.extract:registry"), default="rules", show_default=True, help=help
    )


_NEO4J_FLAGS = (
    ("--neo4j-uri", "NEO4J_URI", "Neo4j URI (default: NEO4J_URI, else the local server)."),
    ("--neo4j-user", "NEO4J_USERNAME", "Neo4j user (default: NEO4J_USERNAME)."),
    ("--neo4j-password", "NEO4J_PASSWORD", "Neo4j password (default: NEO4J_PASSWORD)."),
    ("--neo4j-database", "NEO4J_DATABASE", "Neo4j database (default: NEO4J_DATABASE)."),
)


def _neo4j_settings(uri, user, password, database):
    from kg.neo4j.local import connection_settings

    return connection_settings(uri=uri, user=user, password=password, database=database)


def format_option(*choices: str, default: str | None = None):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def max_text_chars_option(func):
    """``--max-text-chars``: the most text one document may give (a small PDF can expand to millions)."""
    from loaders.document import DEFAULT_MAX_TEXT_CHARS

    return click.option(
        "--max-text-chars",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_TEXT_CHARS,
        show_default=True,
        help="Most characters of text one document may give; a longer one fails alone.",
    )(func)


def require(condition: bool, message: str) -> None:
    if not condition:
        raise Unsupported(message)
