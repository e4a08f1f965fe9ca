"""One exception tree for the whole project.

Every error's ``str()`` is one self-sufficient line that names the file, line,
fact or setting at fault, so the CLI can print it as ``Error: ...`` with no
traceback.  ``exit_code`` follows a documented convention:

0 ok, 1 bad input or validation failure, 2 usage error (as click exits for
a bad option or argument), 3 unsupported, 4 store or environment error.
A script can tell a mistyped command from a store it could not reach.
"""

from __future__ import annotations

from collections.abc import Iterable


class KGError(Exception):
    """Base class of every error the project raises on purpose."""

    exit_code = 1


class LoaderError(KGError):
    """A source file could not be read or holds a bad record.

    The message is cut to ``MESSAGE_LIMIT`` characters: it may quote a value
    from the file, and a file can hold values of any length.
    """

    MESSAGE_LIMIT = 300

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.message = message if len(message) <= self.MESSAGE_LIMIT else message[: self.MESSAGE_LIMIT - 3] + "..."
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class OntologyError(LoaderError):
    """A record breaks the ontology (unknown class or relation, wrong domain or range)."""


class UnknownFormat(KGError):
    """No registered loader, exporter or store answers to a name or suffix."""

    def __init__(self, kind: str, name: str, known: Iterable[str]):
        self.kind, self.name, self.known = kind, name, sorted(known)
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"unknown {self.kind} {self.name!r}; known: {', '.join(self.known)}"


class StoreError(KGError):
    """The store could not be opened, read or written."""

    exit_code = 4


class StoreLocked(StoreError):
    """Another process holds the data folder."""


class QueryError(KGError):
    """A query is malformed or asks for something the graph cannot answer."""


class EntityNotFound(QueryError):
    """A name does not resolve to any entity."""


class AmbiguousName(QueryError):
    """A name resolves to several entities."""


class Unsupported(KGError):
    """An option or operation this store or format does not support."""

    exit_code = 3
