"""The endpoint on the standard library's threaded HTTP server.

One thread per connection parses HTTP and waits on a worker; the store work
itself happens in the worker processes, so the threads stay cheap and a
slow query never holds up a fast one.  HTTP/1.1 keep-alive is on, which is
what lets clients such as SPARQLWrapper reuse a connection.
"""

from __future__ import annotations

import sys
import time
from http import HTTPStatus
from http.client import HTTPMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from kg.server.app import Endpoint, Response
from kg.server.protocol import Request

#: Largest request body read (a graph-store PUT or a long query), in bytes.
MAX_BODY = 64 * 1024 * 1024
#: http.client's limits on a request's header block.
MAX_HEADER_LINE, MAX_HEADERS = 65536, 100


_date: tuple[int, str] = (0, "")


class HeadError(Exception):
    """A request head that cannot be served: its status, and a one-line reason; the connection then closes."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def parse_fields(lines: list[str]) -> list[tuple[str, str]]:
    """Header lines (decoded, line ends stripped) as (name, value) pairs; obsolete folded lines joined."""
    fields: list[list[str]] = []
    for text in lines:
        if text[:1] in (" ", "\t") and fields:
            fields[-1][1] += " " + text.strip()
            continue
        name, colon, value = text.partition(":")
        if not colon or not name or name != name.strip():
            raise HeadError(400, f"Bad header line ({text[:80]!r})")
        fields.append([name, value.strip()])
    return [(name, value) for name, value in fields]


def body_length(fields: list[tuple[str, str]]) -> int:
    """The length of the body the head announces, by RFC 9112 section 6; HeadError when it is not certain.

    A body whose length two parties could read differently is how requests
    are smuggled past a proxy, so every doubt is refused rather than guessed:
    Transfer-Encoding with Content-Length, codings that do not end in chunked
    (400) or other than chunked (501), Content-Length repeated, negative or
    not a plain decimal number (400).  Chunked bodies themselves are not read
    (411).
    """
    lengths = [v for n, v in fields if n.lower() == "content-length"]
    codings = [c.strip().lower() for n, v in fields if n.lower() == "transfer-encoding" for c in v.split(",")]
    if codings:
        if lengths:
            raise HeadError(400, "a request may not carry both Transfer-Encoding and Content-Length")
        if codings[-1] != "chunked":
            raise HeadError(400, "the last transfer coding must be chunked (RFC 9112 6.1)")
        if any(c != "chunked" for c in codings):
            raise HeadError(501, f"transfer codings other than chunked are not supported ({', '.join(codings)})")
        raise HeadError(411, "send a Content-Length; chunked bodies are not read")
    if not lengths:
        return 0
    if len(lengths) > 1 or "," in lengths[0]:
        raise HeadError(400, "a request may carry one Content-Length only")
    if not (lengths[0].isascii() and lengths[0].isdigit()):
        raise HeadError(400, f"Content-Length must be a decimal number of bytes, not {lengths[0][:40]!r}")
    length = int(lengths[0])
    if length > MAX_BODY:
        raise HeadError(413, f"bodies over {MAX_BODY} bytes are refused")
    return length


class Handler(BaseHTTPRequestHandler):
    """Adapts http.server's handler to :meth:`Endpoint.handle`."""

    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    #: Headers and body leave in separate writes; with Nagle's algorithm on, the client's delayed ACK
    #: would hold every response back by ~40 ms.
    disable_nagle_algorithm = True
    #: Seconds an idle keep-alive connection (or a stalled upload) may hold its thread.
    timeout = 120
    endpoint: Endpoint
    quiet = False
    raw_requestline: bytes  # set by http.server's handle_one_request

    def parse_request(self) -> bool:
        """Read the request line and headers as http.server does, without the email parser.

        http.server hands the header block to ``email.parser``, which took a
        fifth of the server's own time per query.  The rules are the same:
        HTTP/1.x (HTTP/2 and later refused with 505, HTTP/0.9 with 400), at
        most 100 header lines of 64 KiB, folded lines joined, and the
        ``Connection`` and ``Expect: 100-continue`` headers honoured.
        """
        self.command = None  # type: ignore[assignment]  # as http.server's own parse_request does
        self.request_version = "HTTP/1.0"  # not 0.9, which would make error answers go without a status line
        self.close_connection = True
        self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = self.requestline.split()
        if not words:
            return False
        if len(words) != 3:
            self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request syntax ({self.requestline!r})")
            return False
        self.command, self.path, version = words
        major, _, minor = version.removeprefix("HTTP/").partition(".")
        if not version.startswith("HTTP/") or not (major.isdigit() and minor.isdigit()) or len(major + minor) > 20:
            self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request version ({version!r})")
            return False
        if int(major) >= 2:
            self.send_error(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, f"Invalid HTTP version ({version[5:]})")
            return False
        self.request_version = version
        http11 = (int(major), int(minor)) >= (1, 1)
        self.close_connection = not http11
        if self.path.startswith("//"):
            self.path = "/" + self.path.lstrip("/")  # as http.server: no scheme-relative paths
        headers = self._read_headers()
        if headers is None:
            return False
        self.headers = headers
        try:  # before any 100 Continue: a body whose length is in doubt is never invited
            self.content_length = body_length(self.fields)
        except HeadError as e:
            self._reply(Response(e.status, (e.message + "\n").encode()), close=True)
            return False
        connection = headers.get("Connection", "").lower()
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive":
            self.close_connection = False
        if headers.get("Expect", "").lower() == "100-continue" and http11:
            return self.handle_expect_100()
        return True

    def _read_headers(self) -> HTTPMessage | None:
        lines: list[str] = []
        while True:
            line = self.rfile.readline(MAX_HEADER_LINE + 1)
            if len(line) > MAX_HEADER_LINE:
                self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long")
                return None
            if line in (b"\r\n", b"\n", b""):
                break
            lines.append(line.decode("iso-8859-1").rstrip("\r\n"))
            if len(lines) > MAX_HEADERS:
                self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers")
                return None
        try:
            self.fields = parse_fields(lines)
        except HeadError as e:
            self.send_error(e.status, e.message)
            return None
        headers = HTTPMessage()
        for name, value in self.fields:
            headers[name] = value
        return headers

    def _dispatch(self) -> None:
        length = self.content_length
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        headers: dict[str, str] = {}
        for name, value in self.headers.items():  # a repeated header's values joined, in order
            name = name.lower()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        self._reply(self.endpoint.handle(Request(self.command, url.path, url.query, headers, body)))

    def _reply(self, response: Response, close: bool = False) -> None:
        """Write the status line, headers and body in one send, so the answer leaves as one segment."""
        self.log_request(response.status, len(response.body))
        head = [
            f"{self.protocol_version} {response.status} {self.responses.get(response.status, ('',))[0]}",
            f"Server: {self.version_string()}",
            f"Date: {self.date_time_string()}",
        ]
        if response.content_type:
            head.append(f"Content-Type: {response.content_type}")
        head += [f"{name}: {value}" for name, value in response.headers.items()]
        head.append(f"Content-Length: {len(response.body)}")
        if close:
            head.append("Connection: close")
            self.close_connection = True
        data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
        try:
            self.wfile.write(data if self.command == "HEAD" else data + response.body)
        except ConnectionError:
            self.close_connection = True  # the client left; nothing to tell it

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header, formatted once per second rather than once per response."""
        if timestamp is not None:
            return super().date_time_string(timestamp)
        global _date
        second = int(time.time())
        if _date[0] != second:
            _date = (second, super().date_time_string(second))  # one assignment: threads see old or new, whole
        return _date[1]

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = _dispatch

    def log_message(self, format: str, *args: object) -> None:
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class EndpointServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    #: The listen queue: socketserver's default of 5 turns a burst of clients connecting at once into
    #: refused or retried connections; the kernel caps it at net.core.somaxconn.
    request_queue_size = 1024


def make_server(endpoint: Endpoint, host: str, port: int, *, quiet: bool = False) -> EndpointServer:
    """A server for ``endpoint`` bound to ``host:port`` (port 0 picks a free one)."""
    handler = type("BoundHandler", (Handler,), {"endpoint": endpoint, "quiet": quiet})
    return EndpointServer((host, port), handler)
