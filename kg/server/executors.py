"""Where a job runs: in worker processes (the server) or in this process (``--get``, tests).

Both take a job and an absolute deadline (``time.monotonic()``) and return
an :class:`~kg.server.work.Outcome`; only the pool can keep the deadline, by
killing the process that overruns it.
"""

from __future__ import annotations

import os
import threading
from typing import Protocol

from kg.server.dataset import Dataset
from kg.server.pool import WorkerPool
from kg.server.work import HttpError, Job, Outcome, execute
from kg.server.worker import PRIMARY, READ_ONLY


class Executor(Protocol):
    """Runs a job before an absolute deadline (``time.monotonic()``)."""

    def run(self, job: Job, deadline: float) -> Outcome: ...

    def close(self) -> None: ...


def default_workers() -> int:
    """One reader more than there are CPUs (so at least two: one slow query never blocks every other).

    While one reader's answer travels back through the server, another is
    ready to take a query.  More than that only adds contention: on 2 CPUs
    under four busy clients, three readers answered about 4% more queries per
    second than two, and four about 10% fewer.
    """
    return (os.cpu_count() or 1) + 1


class InlineExecutor:
    """Runs jobs on the dataset's handle in the calling thread; deadlines are not enforced."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self._write_lock = threading.Lock()

    def run(self, job: Job, deadline: float) -> Outcome:
        if job.writes:
            with self._write_lock:
                return execute(self.dataset.handle(), job)
        return execute(self.dataset.handle(), job)

    def close(self) -> None:
        pass


class PoolExecutor:
    """Readers in a pool of processes, and, when updates are allowed, one writer process.

    The writer opens the data folder as its primary, so it takes over the
    folder's lock from the server; a write that overruns the deadline is
    killed like a query, and Oxigraph's transactions make that a rollback.
    """

    def __init__(self, dataset: Dataset, *, workers: int | None = None, allow_update: bool = False):
        self.dataset = dataset
        dataset.settle()
        self.readers = WorkerPool(READ_ONLY, dataset.folder(), workers or default_workers())
        self.writer: WorkerPool | None = None
        if allow_update and dataset.writable:
            try:
                # one primary only: it holds the folder's lock, so the writer never grows
                self.writer = WorkerPool(PRIMARY, dataset.release_primary(), 1, extra=0)
            except Exception:
                self.readers.close()
                raise

    def run(self, job: Job, deadline: float) -> Outcome:
        if not job.writes:
            return self.readers.run(job, deadline)
        if self.writer is None:
            raise HttpError(403, "this dataset cannot be written over HTTP")
        return self.writer.run(job, deadline)

    def close(self) -> None:
        self.readers.close()
        if self.writer is not None:
            self.writer.close()
