"""The endpoint's one error: a request it cannot answer as asked, which becomes a response with its status.

A module of its own so that the request's parts (``kg.server.work``, ``kg.server.dataset_text``, ...) raise it
without importing one another.
"""

from __future__ import annotations


class HttpError(Exception):
    """A request the store cannot answer as asked; becomes a response with ``status``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}
