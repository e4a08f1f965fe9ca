"""The endpoint as a function from request to response, independent of any HTTP server.

:class:`Endpoint` routes ``/sparql`` (SPARQL 1.1 Protocol), ``/rdf-graphs``
(Graph Store Protocol) and ``/`` (the query page), checks that writes are
allowed and authorised, and runs the store work through an executor with the
request's deadline.

Pages on other origins may read answers only from the origin ``kg serve
--cors`` names (``*`` for any); by default no CORS header is sent, so a page
the user happens to open cannot read the graph through their browser.  Writes
are never cross-origin: a write whose ``Origin`` is not the endpoint's own is
refused whatever ``--cors`` says, so no page can drive an update even where a
token would pass.
"""

from __future__ import annotations

import functools
import hmac
import re
import sys
import time
import uuid
from dataclasses import dataclass, field, replace
from importlib.resources import files

from kg.server import formats
from kg.server.dataset import Dataset
from kg.server.description import service_description
from kg.server.executors import Executor
from kg.server.pool import Overloaded, TimedOut
from kg.server.protocol import Operation, Request, parse
from kg.server.work import HttpError, Job, Outcome

EXPOSED = "Content-Type, Content-Length, X-SPARQL-MaxRows"
#: What a page on an allowed origin may send: reads only (a query may be POSTed), and no credentials.
CROSS_ORIGIN_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
ROUTES = {
    "/sparql": ("GET", "HEAD", "POST", "OPTIONS"),
    "/rdf-graphs": ("GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"),
    "/": ("GET", "HEAD", "OPTIONS"),
    "/index.html": ("GET", "HEAD", "OPTIONS"),
}


@dataclass(frozen=True)
class Settings:
    """How the endpoint behaves: limits, and whether (and with which token) it accepts writes."""

    timeout: float = 30.0
    max_rows: int = 100_000
    allow_update: bool = False
    token: str | None = None
    workers: int | None = None
    #: The one origin (or ``*``) whose pages may read answers; None sends no CORS header.
    cors: str | None = None


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return self.body.decode("utf-8")


def _plain(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", dict(headers or {}))


@functools.cache
def index_page() -> bytes:
    """The query page, shipped as package data."""
    return files("kg.server").joinpath("index.html").read_bytes()


class Endpoint:
    """Answers HTTP requests about one dataset, running store work through ``executor``."""

    def __init__(self, dataset: Dataset, executor: Executor, settings: Settings | None = None):
        self.dataset, self.executor = dataset, executor
        self.settings = settings or Settings()

    def handle(self, request: Request) -> Response:
        """The response to ``request``; never raises for anything a client sent."""
        try:
            response = self._route(request)
        except HttpError as e:
            response = _plain(e.status, e.message, e.headers)
        except Exception as e:  # noqa: BLE001 - one bad request must not take the connection down
            print(f"kg serve: {request.method} {request.path} failed: {type(e).__name__}: {e}", file=sys.stderr)
            response = _plain(500, f"the server failed on this request: {type(e).__name__}: {e}")
        response.headers.update(self._cors(request))
        if self.settings.cors not in (None, "*"):  # the answer depends on Origin: caches must not share it
            vary = response.headers.get("Vary")
            response.headers["Vary"] = f"{vary}, Origin" if vary else "Origin"
        return response

    def _cors(self, request: Request) -> dict[str, str]:
        """CORS headers for a request from an origin ``--cors`` allows; none otherwise."""
        allowed, origin = self.settings.cors, request.headers.get("origin")
        if allowed is None or origin is None or allowed not in ("*", origin):
            return {}
        return {"Access-Control-Allow-Origin": allowed, "Access-Control-Expose-Headers": EXPOSED}

    def _route(self, request: Request) -> Response:
        allowed = ROUTES.get("/rdf-graphs" if request.path.startswith("/rdf-graphs/") else request.path)
        if allowed is None:
            raise HttpError(404, f"nothing at {request.path}; the SPARQL endpoint is /sparql, the query page /")
        if request.method not in allowed:
            raise HttpError(405, f"{request.method} is not allowed on {request.path}", {"Allow": ", ".join(allowed)})
        if request.method == "OPTIONS":
            return self._preflight(request, allowed)
        if request.path == "/sparql":
            return self._sparql(request)
        if request.path == "/rdf-graphs" or request.path.startswith("/rdf-graphs/"):
            return self._graph_store(request)
        return Response(200, index_page(), "text/html; charset=utf-8")

    def _sparql(self, request: Request) -> Response:
        operation = parse(request)
        if operation is None:
            return self._describe(request)
        if operation.kind == "update":
            self._authorize(request)
            return self._run(
                Job(
                    "update",
                    operation.text,
                    base_iri=_endpoint(request),
                    default_graphs=operation.default_graphs,
                    named_graphs=operation.named_graphs,
                )
            )
        return self._run(self._query_job(operation, request))

    def _query_job(self, operation: Operation, request: Request) -> Job:
        """The job for a query; relative IRIs resolve against the endpoint's URL (Protocol 2.1.4)."""
        return Job(
            "query",
            operation.text,
            request.headers.get("accept"),
            self.settings.max_rows,
            default_graphs=operation.default_graphs,
            named_graphs=operation.named_graphs,
            base_iri=_endpoint(request),
        )

    def _describe(self, request: Request) -> Response:
        accept = request.headers.get("accept")
        fmt = formats.negotiate(accept, (*formats.GRAPHS, formats.HTML))
        if fmt is formats.HTML:
            return Response(200, index_page(), "text/html; charset=utf-8")
        if fmt is None:
            raise HttpError(406, f"the service description is offered as {formats.offered_list(formats.GRAPHS)}")
        graphs = self._outcome(Job("graphs")).value or []
        body = service_description(
            _endpoint(request), graphs, fmt.media_type, updates=self.settings.allow_update and self.dataset.writable
        )
        return Response(200, body, formats.content_type(fmt), {"Vary": "Accept"})

    def _graph_store(self, request: Request) -> Response:
        """Graph Store Protocol: ``?graph=IRI``, ``?default``, a graph's own URL under /rdf-graphs/, or
        a POST to /rdf-graphs itself, which creates a graph and answers its IRI in ``Location``."""
        created = None
        graph: str | None
        if request.path == "/rdf-graphs" and request.method == "POST" and not request.params():
            created = graph = f"{_own_origin(request)}/rdf-graphs/{uuid.uuid4()}"
        else:
            graph = self._target_graph(request)
        if request.method in ("GET", "HEAD"):
            return self._run(
                Job("graph", accept=request.headers.get("accept"), max_rows=self.settings.max_rows, graph=graph)
            )
        self._authorize(request)
        response = self._run(
            Job(
                request.method.lower(),
                graph=graph,
                body=request.body,
                content_type=request.headers.get("content-type"),
                base_iri=_endpoint(request),
            )
        )
        if created and response.status == 201:
            response.headers["Location"] = created
        return response

    @staticmethod
    def _target_graph(request: Request) -> str | None:
        params = request.params()
        if request.path.startswith("/rdf-graphs/"):  # direct identification: the URL is the graph's name
            if params:
                raise HttpError(400, "a graph's own URL takes no ?graph= or ?default (Graph Store Protocol 4.1)")
            return _own_origin(request) + request.path
        graphs = [v for k, v in params if k == "graph"]
        default = any(k == "default" for k, _ in params)
        if len(graphs) + default != 1:
            raise HttpError(400, "name exactly one graph: ?graph=IRI or ?default (Graph Store Protocol 4.2)")
        return graphs[0] if graphs else None

    def _authorize(self, request: Request) -> None:
        """Writes need --allow-update, the server's bearer token and no foreign Origin.

        No credentials at all is 401 with a ``WWW-Authenticate`` challenge (RFC 6750), so a client
        knows to send the token; a wrong token, a foreign origin or a read-only endpoint is 403.
        """
        if not (self.settings.allow_update and self.dataset.writable and self.settings.token):
            raise HttpError(403, "this endpoint is read-only; writes need kg serve --allow-update --token ...")
        origin = request.headers.get("origin")
        if origin is not None and origin != _own_origin(request):
            raise HttpError(403, f"writes from another origin ({origin}) are refused; send them without a browser")
        if not request.headers.get("authorization", "").strip():
            raise HttpError(
                401,
                "writes need the header 'Authorization: Bearer <token>' with the server's token",
                {"WWW-Authenticate": 'Bearer realm="kg"'},
            )
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), self.settings.token.encode()):
            raise HttpError(
                403,
                "writes need the header 'Authorization: Bearer <token>' with the server's token",
                {"WWW-Authenticate": 'Bearer realm="kg"'},
            )

    def _preflight(self, request: Request, allowed: tuple[str, ...]) -> Response:
        """The answer to a CORS preflight: reads, from the allowed origin only; never a write or a token."""
        response = Response(204, headers={"Allow": ", ".join(allowed)})
        if self._cors(request):
            methods = [m for m in allowed if m in CROSS_ORIGIN_METHODS]
            response.headers.update(
                {
                    "Access-Control-Allow-Methods": ", ".join(methods),
                    "Access-Control-Allow-Headers": "Accept, Content-Type",
                    "Access-Control-Max-Age": "86400",
                }
            )
        return response

    def _run(self, job: Job) -> Response:
        outcome = self._outcome(job)
        headers = dict(outcome.headers)
        if outcome.status == 200:
            headers["Vary"] = "Accept"
        return Response(outcome.status, outcome.body, outcome.content_type, headers)

    def _outcome(self, job: Job) -> Outcome:
        """Run ``job`` within the timeout, turning an overrun into a clear 503."""
        timeout = self.settings.timeout
        if self.dataset.unavailable:
            raise HttpError(
                503,
                f"the graph's store cannot be reached ({self.dataset.unavailable}); answers resume when it is back",
                {"Retry-After": "5"},
            )
        job = replace(job, snapshot=self.dataset.snapshot())
        try:
            outcome = self.executor.run(job, time.monotonic() + timeout)
        except TimedOut:
            raise HttpError(
                503,
                f"the {'update' if job.writes else 'query'} was stopped after the {timeout:g}s "
                "limit (kg serve --timeout); narrow it or add a LIMIT",
                {"Retry-After": "1"},
            ) from None
        except Overloaded:
            raise HttpError(
                503, f"every query worker stayed busy for {timeout:g}s; try again shortly", {"Retry-After": "1"}
            ) from None
        except (EOFError, OSError) as e:
            raise HttpError(
                500, f"the worker running this request died ({type(e).__name__}); it has been replaced"
            ) from None
        if outcome.changed:
            self.dataset.changed()
        return outcome


_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def _endpoint(request: Request) -> str:
    """The endpoint's own URL as the client addressed it (a malformed Host header is ignored)."""
    host = request.headers.get("host", "")
    return f"http://{host if _HOST.fullmatch(host) else 'localhost'}/sparql"


def _own_origin(request: Request) -> str:
    """The origin of the endpoint's own pages (the query page), as the client addressed the server."""
    return _endpoint(request).removesuffix("/sparql")
