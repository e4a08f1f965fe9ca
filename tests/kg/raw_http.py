"""Bytes sent to the endpoint as they are, for request heads no HTTP client would write."""

from __future__ import annotations

import socket
from urllib.parse import quote, urlsplit

#: The smallest query the endpoint answers 200 to.
ASK = "/sparql?query=" + quote("ASK {}")


def raw(url: str, data: bytes) -> bytes:
    """Bytes sent as they are on a fresh connection; everything the server sends until it closes."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)
