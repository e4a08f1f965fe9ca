"""``kg serve``: the graph over the SPARQL 1.1 Protocol."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from kg.cli.options import store_options
from kg.stores.base import Store


@click.command("serve")
@store_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=float,
    help="Seconds a query or update may run before it is stopped (503).",
)
@click.option(
    "--max-rows",
    default=100_000,
    show_default=True,
    type=int,
    help="Rows (or triples) an answer may hold; longer ones are cut and marked X-SPARQL-MaxRows.",
)
@click.option("--workers", type=int, help="Query worker processes (default: one more than the CPUs).")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update and graph-store writes (needs --token).")
@click.option("--token", envvar="KG_SERVE_TOKEN", help="Bearer token writes must carry (default: KG_SERVE_TOKEN).")
@click.option(
    "--cors",
    metavar="ORIGIN",
    help="Let pages on ORIGIN (e.g. https://dash.example, or * for any) read answers; "
    "off by default. Writes are never allowed from another origin.",
)
@click.option("--get", "get_path", metavar="PATH", help="Answer one GET for PATH in-process, print it and exit.")
@click.option("--quiet", is_flag=True, help="Do not log each request.")
def serve_cmd(
    open_store: Callable[[], Store],
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int | None,
    allow_update: bool,
    token: str | None,
    cors: str | None,
    get_path: str | None,
    quiet: bool,
) -> None:
    """Serve the graph as a SPARQL 1.1 endpoint at /sparql, with a query page at /.

    Read-only unless started with --allow-update and a token. The default graph
    is the union of every source; each source is a named graph. SERVICE and
    LOAD are refused (the server never fetches remote data), and pages on
    other origins cannot read answers unless --cors names their origin.

    \b
    Example:
        kg serve --port 7878
        curl 'http://127.0.0.1:7878/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D'
        kg serve --get '/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201'
    """
    from kg.server.app import Settings
    from kg.server.serving import check, get, serve

    settings = Settings(
        timeout=timeout, max_rows=max_rows, allow_update=allow_update, token=token, workers=workers, cors=cors
    )
    check(settings)
    with open_store() as store:
        if get_path is None:
            return serve(store, settings, host=host, port=port, quiet=quiet)
        response = get(store, get_path, settings)
    click.echo(response.body.decode("utf-8", errors="replace"), nl=not response.body.endswith(b"\n"))
    if response.status >= 400:
        sys.exit(1)
