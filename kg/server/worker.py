"""A worker process: one store handle, jobs in, outcomes out, over a socket.

Started by :mod:`kg.server.pool` as ``python -m kg.server.worker FD MODE PATH PARENT``.
A reader (``read-only``) opens its own ``pyoxigraph.Store.read_only`` handle,
which Oxigraph allows beside the primary another process holds; it is a
snapshot, so when a job names a newer snapshot the worker reopens first.  The
writer (``primary``) opens the data folder like any ``kg`` command, taking its
lock.  Either may be killed at any moment: readers hold nothing, and an
Oxigraph write is one transaction, so a killed write leaves no trace.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.server.work import Job, Outcome, execute

if TYPE_CHECKING:
    from kg.stores.oxigraph import OxigraphStore

READ_ONLY, PRIMARY = "read-only", "primary"
#: What pyoxigraph raises when files vanish under a handle: OSError, or RuntimeError for "Corruption".
STORE_FAILURES = (OSError, RuntimeError)


class Handle:
    """The store a worker answers from, reopened when the served snapshot moves on."""

    def __init__(self, mode: str, path: str):
        self.mode, self.path, self.generation = mode, path, 0
        self._owner: OxigraphStore | None = None
        self.store = self._open(path)

    def _open(self, path: str) -> ox.Store:
        if self.mode == PRIMARY:
            from kg.stores.oxigraph import OxigraphStore as Primary

            self._owner = Primary(path, folder_lock=False)  # the server holds kg's folder lock for its writer
            return self._owner.ox
        return open_read_only(path)

    def run(self, job: Job) -> Outcome:
        """Execute ``job``; a reader whose files moved under it reopens once and retries."""
        if self.mode == READ_ONLY and job.snapshot[0] and job.snapshot != (self.path, self.generation):
            self.path, self.generation = job.snapshot
            self.store = open_read_only(self.path)
        try:
            return execute(self.store, job)
        except STORE_FAILURES:
            if self.mode != READ_ONLY:
                raise
            self.store = open_read_only(self.path)
            return execute(self.store, job)


def open_read_only(path: str, patience: float = 10.0) -> ox.Store:
    """A read-only handle, retried for a while: the primary may be replacing table files."""
    deadline, pause = time.monotonic() + patience, 0.02
    while True:
        try:
            return ox.Store.read_only(path)
        except STORE_FAILURES:
            if time.monotonic() >= deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


def _exit_with_parent(parent: int, period: float = 1.0) -> None:
    """End this worker when the server is gone, so a stuck query never outlives it.

    A thread polls the parent id, which pyoxigraph lets run while a query
    holds the worker (it releases the GIL); Linux's parent-death signal would
    be simpler but fires when the *thread* that started the worker ends.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(period)
        os._exit(0)

    threading.Thread(target=watch, name="kg-worker-watchdog", daemon=True).start()


def serve_jobs(conn: Connection, handle: Handle) -> None:
    """Answer jobs until the server closes its end."""
    while True:
        try:
            job = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            outcome = handle.run(job)
        except Exception as e:  # noqa: BLE001 - any failure must reach the client as a 500, not kill the worker
            outcome = Outcome(500, f"the store failed: {type(e).__name__}: {e}\n".encode(), "text/plain; charset=utf-8")
        conn.send_bytes(pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL))


def main(argv: list[str]) -> None:
    fd, mode, path = int(argv[0]), argv[1], argv[2]
    _exit_with_parent(int(argv[3]) if len(argv) > 3 else os.getppid())
    conn = Connection(fd)
    try:
        handle = Handle(mode, path)
    except Exception as e:  # noqa: BLE001 - reported to the parent, which turns it into a KGError
        _tell(conn, ("error", str(e)))
        return
    # the first job pays for first-use set-up; a worker started to stand in for a slow query's must
    # answer its first cheap one at once
    execute(handle.store, Job("query", "ASK {}"))
    if _tell(conn, ("ready", os.getpid())):
        serve_jobs(conn, handle)


def _tell(conn: Connection, message: tuple[str, object]) -> bool:
    """Send ``message`` to the server; False, quietly, when it stopped while this worker was starting."""
    try:
        conn.send(message)
    except OSError:
        return False
    return True


if __name__ == "__main__":
    main(sys.argv[1:])
