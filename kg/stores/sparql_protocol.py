"""The SPARQL 1.1 Protocol and Graph Store Protocol over HTTP, with the standard library's ``http.client``.

Three endpoints make a SPARQL store: one for queries, one for updates, one for the Graph Store Protocol
(``?graph=IRI``).  Every request goes to one of the URLs the user configured and nowhere else: a redirect
is reported, never followed, so a store cannot send kg's writes (or its credentials) to another host.
A user and password written into a URL are sent as HTTP Basic authentication and masked in every message.
Errors are one line naming the endpoint (:class:`kg.errors.StoreError`).
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import StoreError

#: Seconds a request may wait for the server to say anything (a big source's write says nothing until done).
TIMEOUT = 600.0
#: Where docs/stores.md tells how to set the endpoints, for the message when none is set.
HELP = "docs/stores.md"
#: Query results as tab-separated values: terms in N-Triples form, streamed, and read back by Oxigraph.
RESULTS = "text/tab-separated-values"
_ERROR_LIMIT = 300


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of one SPARQL dataset (credentials, if any, still in them), and the dataset's own URL
    when they were derived from it."""

    query: str
    update: str
    graph_store: str
    dataset: str = ""

    @classmethod
    def of_dataset(cls, url: str) -> Endpoints:
        """Fuseki's layout: ``URL/query``, ``URL/update``, ``URL/data``.

        >>> Endpoints.of_dataset("http://127.0.0.1:3030/kg/").update
        'http://127.0.0.1:3030/kg/update'
        """
        base = url.rstrip("/")
        return cls(f"{base}/query", f"{base}/update", f"{base}/data", base)

    @property
    def where(self) -> str:
        """The store, for messages: the dataset's URL (else its query endpoint), any password masked."""
        return f"the SPARQL store at {safe_url(self.dataset or self.query)}"


def endpoints(url: str | None = None, env: dict[str, str] | None = None) -> Endpoints:
    """``url`` (``--sparql-url``), else ``KG_SPARQL_URL``, as a dataset in Fuseki's layout; each of
    ``KG_SPARQL_QUERY_URL``, ``KG_SPARQL_UPDATE_URL`` and ``KG_SPARQL_GSP_URL`` names its endpoint instead
    (GraphDB, Virtuoso and Neptune lay theirs out otherwise).

    >>> endpoints("http://h:3030/kg", env={"KG_SPARQL_GSP_URL": "http://h:3030/kg/graphs"}).graph_store
    'http://h:3030/kg/graphs'
    >>> endpoints("ftp://h/kg", env={})
    Traceback (most recent call last):
    kg.errors.StoreError: cannot use SPARQL URL ftp://h/kg: not an http:// or https:// URL with a host
    """
    env = dict(os.environ) if env is None else env
    base = url or env.get("KG_SPARQL_URL") or None
    given = {key: env.get(f"KG_SPARQL_{key.upper()}_URL") or None for key in ("query", "update", "gsp")}
    if base is None and None in given.values():
        raise StoreError(
            "no SPARQL store given: set --sparql-url (or KG_SPARQL_URL) to a dataset's URL, "
            f"or KG_SPARQL_QUERY_URL, KG_SPARQL_UPDATE_URL and KG_SPARQL_GSP_URL ({HELP})"
        )
    layout = Endpoints.of_dataset(checked_url(base)) if base else Endpoints("", "", "")
    return Endpoints(
        checked_url(given["query"]) if given["query"] else layout.query,
        checked_url(given["update"]) if given["update"] else layout.update,
        checked_url(given["gsp"]) if given["gsp"] else layout.graph_store,
        layout.dataset if not any(given.values()) else "",
    )


def checked_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host and no fragment; a one-line StoreError otherwise."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment:
        raise StoreError(f"cannot use SPARQL URL {safe_url(url)}: not an http:// or https:// URL with a host")
    return url.strip()


def safe_url(url: str) -> str:
    """The URL with any password written into it masked.

    >>> safe_url("https://kg:s3cret@db.example:7200/repositories/kg")
    'https://kg:***@db.example:7200/repositories/kg'
    """
    return re.sub(r"(//[^/@:]*):[^/@]*@", r"\1:***@", url)


class Client:
    """Requests to one store's endpoints; a connection per request, closed when it is answered."""

    def __init__(self, where: Endpoints, timeout: float = TIMEOUT):
        self.endpoints = where
        self.timeout = timeout

    @contextmanager
    def solutions(self, query: str) -> Iterator[ox.QuerySolutions]:
        """Run a SELECT query (form-encoded POST); its solutions, read as they arrive."""
        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        with self._exchange(
            "POST",
            self.endpoints.query,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": RESULTS},
        ) as answer:
            try:
                found = ox.parse_query_results(answer, format=ox.QueryResultsFormat.TSV)
            except (SyntaxError, ValueError) as e:
                raise self.unreadable(e) from None
            if not isinstance(found, ox.QuerySolutions):
                raise StoreError(f"{self.endpoints.where}: a SELECT query was answered with a boolean")
            yield found

    def rows(self, query: str) -> list[ox.QuerySolution]:
        """Every solution of a SELECT query."""
        with self.solutions(query) as found:
            try:
                return list(found)
            except (SyntaxError, OSError) as e:
                raise self.unreadable(e) from None

    def update(self, body: bytes | Iterable[bytes]) -> None:
        """Run a SPARQL Update request (POSTed as ``application/sparql-update``; an iterable is streamed)."""
        with self._exchange("POST", self.endpoints.update, body, {"Content-Type": "application/sparql-update"}):
            pass

    def put_graph(self, graph: str, ntriples: Iterable[bytes]) -> None:
        """Replace one named graph with N-Triples streamed in chunks (Graph Store Protocol ``PUT ?graph=``).

        Should producing the chunks fail, the request is not cut (a store may commit the part it parsed of a
        body cut short, and commit it after any cleanup the caller sends next): it ends with a line that is not
        N-Triples, so the store refuses the whole body, and the producer's error is raised once it has answered.
        """
        url = _with_query(self.endpoints.graph_store, {"graph": graph})
        body = _Abandonable(ntriples)
        try:
            with self._exchange("PUT", url, body, {"Content-Type": "application/n-triples"}):
                pass
        except StoreError:
            if body.failure is None:
                raise
        if body.failure is not None:
            raise body.failure

    def unreadable(self, e: Exception) -> StoreError:
        """The one-line error for results that stopped short or could not be parsed."""
        return StoreError(f"{self.endpoints.where} answered results kg cannot read: {_one_line(str(e))}")

    @contextmanager
    def _exchange(
        self, method: str, url: str, body: bytes | Iterable[bytes] | None, headers: dict[str, str]
    ) -> Iterator[http.client.HTTPResponse]:
        """Send one request and hold its answer open while the caller reads it; a refusal is a StoreError.

        A body that is not bytes is sent chunked as it is produced: should producing it fail, the connection
        closes mid-body (a store may then still apply the part it read: :meth:`put_graph` avoids that).
        """
        parts = urllib.parse.urlsplit(url)
        connection_type = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_type(parts.hostname or "", parts.port, timeout=self.timeout)
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        sent = {**headers, **_authorization(parts)}
        try:
            try:
                connection.request(method, target, body=body, headers=sent)
                answer = connection.getresponse()
            except (OSError, http.client.HTTPException) as e:
                raise StoreError(f"cannot reach {self.endpoints.where}: {_reason(e)}") from None
            _check(answer, method, url)
            yield answer
        finally:
            connection.close()


class _Abandonable:
    """Chunks of N-Triples that, should producing them fail, end with a line no parser accepts instead of
    stopping; the failure is kept for the caller to raise."""

    #: A literal as subject: a syntax error in N-Triples (and in Turtle), whatever came before it.
    REFUSED = b'\n"abandoned by the client" <urn:kg:abandoned> "" .\n'

    def __init__(self, chunks: Iterable[bytes]):
        self.chunks = chunks
        self.failure: BaseException | None = None

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self.chunks
        except (Exception, KeyboardInterrupt) as e:  # noqa: BLE001 - raised again by put_graph once answered
            self.failure = e
            yield self.REFUSED


def _with_query(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` added to its query string (percent-encoded)."""
    parts = urllib.parse.urlsplit(url)
    query = "&".join(q for q in (parts.query, urllib.parse.urlencode(params)) if q)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _authorization(parts: urllib.parse.SplitResult) -> dict[str, str]:
    """HTTP Basic credentials from the URL's user and password, if it has any."""
    if parts.username is None:
        return {}
    user = urllib.parse.unquote(parts.username)
    password = urllib.parse.unquote(parts.password or "")
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def _check(answer: http.client.HTTPResponse, method: str, url: str) -> None:
    """A 2xx answer passes; anything else is one line saying what the endpoint answered."""
    if 200 <= answer.status < 300:
        return
    where = f"{method} {safe_url(url)}"
    if 300 <= answer.status < 400:
        location = safe_url(answer.getheader("Location") or "nowhere")
        raise StoreError(
            f"{where} answered {answer.status} {answer.reason}, a redirect to {location}; "
            "kg follows no redirect: configure the URL it points to"
        )
    if answer.status in (401, 403):
        raise StoreError(f"{where} answered {answer.status} {answer.reason}: check the user and password in the URL")
    text = answer.read(4096).decode("utf-8", errors="replace")
    raise StoreError(f"{where} answered {answer.status} {answer.reason}: {_one_line(text) or 'no reason given'}")


def _reason(e: BaseException) -> str:
    return _one_line(getattr(e, "strerror", None) or str(e) or type(e).__name__)


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= _ERROR_LIMIT else line[: _ERROR_LIMIT - 3] + "..."
