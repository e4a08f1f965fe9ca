"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

The rules follow the W3C Recommendation (section 2): a query arrives by GET
with ``query=``, by a URL-encoded POST, or as a POST body of type
``application/sparql-query``; an update only by POST (form ``update=`` or an
``application/sparql-update`` body); ``default-graph-uri`` and
``named-graph-uri`` may repeat.  Bodies must be UTF-8.  Anything else is a
client error with a message saying which rule it broke.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from kg.server.work import HttpError

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


@dataclass(frozen=True)
class Request:
    """An HTTP request as the endpoint sees it; header names are lower-case."""

    method: str
    path: str
    query_string: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def params(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query_string, keep_blank_values=True)


@dataclass(frozen=True)
class Operation:
    """A query or an update, with the dataset the request asked for (an update's ``using-`` parameters)."""

    kind: str
    text: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


def media_type(headers: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """The request's Content-Type, lower-cased, and its parameters."""
    raw = headers.get("content-type", "")
    kind, *params = [p.strip() for p in raw.split(";")]
    options = {}
    for p in params:
        key, _, value = p.partition("=")
        options[key.strip().lower()] = value.strip().strip('"')
    return kind.lower(), options


def _text(body: bytes, charset: str | None) -> str:
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii"):
        raise HttpError(415, f"the body must be UTF-8, not {charset} (SPARQL 1.1 Protocol 2.1)")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise HttpError(400, f"the body is not valid UTF-8: {e}") from None


def _fields(request: Request) -> tuple[list[tuple[str, str]], str | None, str | None]:
    """Protocol parameters, plus a query or update sent as the whole body."""
    params = request.params()
    if request.method in ("GET", "HEAD"):
        return params, None, None
    kind, options = media_type(request.headers)
    if kind == FORM:
        body = _text(request.body, options.get("charset"))
        return params + parse_qsl(body, keep_blank_values=True), None, None
    if kind == QUERY_BODY:
        return params, _text(request.body, options.get("charset")), None
    if kind == UPDATE_BODY:
        return params, None, _text(request.body, options.get("charset"))
    raise HttpError(
        415, f"a SPARQL POST must be {FORM}, {QUERY_BODY} or {UPDATE_BODY}, not {kind or 'without a Content-Type'}"
    )


def _values(params: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in params if k == name]


def _graphs(params: list[tuple[str, str]], name: str) -> tuple[str, ...] | None:
    values = _values(params, name)
    return tuple(values) if values else None


def parse(request: Request) -> Operation | None:
    """The operation a ``/sparql`` request asks for; ``None`` for a plain GET (the service description)."""
    params, body_query, body_update = _fields(request)
    queries = _values(params, "query") + ([body_query] if body_query is not None else [])
    updates = _values(params, "update") + ([body_update] if body_update is not None else [])
    if queries and updates:
        raise HttpError(400, "a request carries either a query or an update, not both")
    if len(queries) > 1 or len(updates) > 1:
        raise HttpError(400, "a request carries exactly one query or update")
    if updates:
        return _update(request, params, updates[0])
    if not queries:
        if request.method in ("GET", "HEAD"):
            return None
        raise HttpError(400, "the request has no query= or update= parameter")
    return Operation("query", queries[0], _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri"))


def _update(request: Request, params: list[tuple[str, str]], text: str) -> Operation:
    if request.method not in ("POST",):
        raise HttpError(400, "an update must be sent by POST (SPARQL 1.1 Protocol 2.2)")
    return Operation("update", text, _graphs(params, "using-graph-uri"), _graphs(params, "using-named-graph-uri"))
