"""A SPARQL 1.1 Protocol endpoint over the graph: ``kg serve``.

The pieces, each in its own module: :mod:`~kg.server.protocol` reads
requests, :mod:`~kg.server.app` routes them and enforces the limits,
:mod:`~kg.server.work` is the store work, :mod:`~kg.server.pool` runs that
work in killable worker processes, :mod:`~kg.server.dataset` says what is
served (the embedded folder, or an export of Neo4j), and
:mod:`~kg.server.httpd` puts it all on the standard library's HTTP server.
"""

from __future__ import annotations

import importlib

#: Public names and the module that defines each; imported on first use, so a
#: worker process that imports ``kg.server.worker`` loads only what it runs.
_EXPORTS = {
    "Endpoint": "app",
    "Response": "app",
    "Settings": "app",
    "Request": "protocol",
    "ServeError": "serving",
    "check": "serving",
    "get": "serving",
    "request": "serving",
    "running": "serving",
    "serve": "serving",
}


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kg.server' has no attribute {name!r}")
    return getattr(importlib.import_module(f"kg.server.{_EXPORTS[name]}"), name)


__all__ = sorted(_EXPORTS)
