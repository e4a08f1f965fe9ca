"""Running the endpoint: in a background thread, in the foreground, or for one in-process GET."""

from __future__ import annotations

import re
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from kg.errors import KGError
from kg.server.app import Endpoint, Response, Settings
from kg.server.dataset import Dataset, dataset_for
from kg.server.executors import InlineExecutor, PoolExecutor
from kg.server.httpd import EndpointServer, make_server
from kg.server.protocol import Request
from kg.stores.base import Store

#: How often a derived dataset (Neo4j's RDF view) checks whether its store changed or went away, in seconds.
REFRESH_EVERY = 2.0


class ServeError(KGError):
    """The endpoint could not start: the address is taken."""

    exit_code = 4


class BadSettings(ServeError):
    """The settings contradict each other: a usage error, though found after click parsed the options."""

    exit_code = 2


#: A serialised web origin, as browsers send it in the Origin header.
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def check(settings: Settings) -> None:
    """Refuse settings that would open the store to writes without a token, or name no real origin."""
    if settings.allow_update and not settings.token:
        raise BadSettings("--allow-update needs a token: pass --token or set KG_SERVE_TOKEN")
    if settings.cors is not None and settings.cors != "*" and not _ORIGIN.fullmatch(settings.cors):
        raise BadSettings(f"--cors takes an origin such as https://dash.example:8443, or *, not {settings.cors!r}")
    if settings.timeout <= 0 or settings.max_rows <= 0:
        raise BadSettings("--timeout and --max-rows must be positive")


def get(
    store: Store, path: str, settings: Settings | None = None, *, headers: dict[str, str] | None = None
) -> Response:
    """Answer one GET for ``path`` in this process, without a server or workers (``kg serve --get``)."""
    return request(store, Request("GET", *_split(path), {k.lower(): v for k, v in (headers or {}).items()}), settings)


def request(store: Store, req: Request, settings: Settings | None = None) -> Response:
    """Answer one request in this process; the timeout is not enforced here."""
    dataset = dataset_for(store)
    try:
        return Endpoint(dataset, InlineExecutor(dataset), settings).handle(req)
    finally:
        dataset.close()


def _split(path: str) -> tuple[str, str]:
    route, _, query = path.partition("?")
    return route or "/", query


@contextmanager
def running(
    store: Store,
    settings: Settings | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    quiet: bool = True,
    refresh_every: float = REFRESH_EVERY,
) -> Iterator[str]:
    """Serve ``store`` in a background thread; yields the base URL (``http://host:port``)."""
    settings = settings or Settings()
    check(settings)
    dataset = dataset_for(store)
    executor = PoolExecutor(dataset, workers=settings.workers, allow_update=settings.allow_update)
    try:
        server = _bind(Endpoint(dataset, executor, settings), host, port, quiet)
    except BaseException:
        executor.close()
        raise
    stop = threading.Event()
    threads = [
        threading.Thread(target=server.serve_forever, name="kg-serve", daemon=True),
        threading.Thread(
            target=_refresh_loop, args=(dataset, stop, refresh_every), name="kg-serve-refresh", daemon=True
        ),
    ]
    for t in threads:
        t.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        executor.close()
        dataset.close()


def _bind(endpoint: Endpoint, host: str, port: int, quiet: bool) -> EndpointServer:
    try:
        return make_server(endpoint, host, port, quiet=quiet)
    except OSError as e:
        raise ServeError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None


def _refresh_loop(dataset: Dataset, stop: threading.Event, every: float) -> None:
    """Keep a derived snapshot in step with its store; report each outage once, and its end."""
    failing: str | None = None
    while not stop.wait(every):
        try:
            dataset.refresh()
        except Exception as e:  # noqa: BLE001 - a failed refresh must not end the loop
            if str(e) != failing:
                print(f"kg serve: could not refresh the served graph: {e}", file=sys.stderr, flush=True)
            failing = str(e)
            continue
        if failing is not None:
            print("kg serve: the graph's store is reachable again", file=sys.stderr, flush=True)
        failing = None


def serve(
    store: Store, settings: Settings | None = None, *, host: str = "127.0.0.1", port: int = 7878, quiet: bool = False
) -> None:
    """Serve ``store`` until Ctrl-C or SIGTERM."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with running(store, settings, host=host, port=port, quiet=quiet) as url:
        print(
            f"kg serve: SPARQL endpoint at {url}/sparql, query page at {url}/ (Ctrl-C to stop)",
            file=sys.stderr,
            flush=True,
        )
        with suppress(KeyboardInterrupt):
            threading.Event().wait()
