"""Worker processes that run the store work, so a timeout really stops it.

pyoxigraph cannot interrupt a query from another thread, so each query runs
in a pre-started worker process holding its own read-only handle; the server
waits for the answer up to the deadline and, past it, kills the worker and
starts a fresh one in the background.  Workers are reused across requests,
so a query costs one round trip over a local socket, not a process start.
"""

from __future__ import annotations

import os
import pickle
import queue
import select
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection

from kg.errors import KGError
from kg.server.work import Job, Outcome
from kg.server.worker import READ_ONLY

START_TIMEOUT = 60.0


class WorkerStartError(KGError):
    """A worker process could not open the store."""

    exit_code = 4


class Overloaded(Exception):
    """No worker became free before the request's deadline."""


class TimedOut(Exception):
    """A worker did not finish before the deadline and was stopped."""


class Worker:
    """One child process and the socket the server talks to it over."""

    def __init__(self, mode: str, path: str):
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-m", "kg.server.worker", str(theirs.fileno()), mode, path, str(os.getpid())]
        self.process = subprocess.Popen(
            command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, start_new_session=True
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.demoted = False
        # one poll object per worker: Connection.poll builds a new selector on every call
        self._answer = select.poll()
        self._answer.register(self.conn.fileno(), select.POLLIN)
        self._await_ready()

    def _await_ready(self) -> None:
        if not self.conn.poll(START_TIMEOUT):
            self.kill()
            raise WorkerStartError(f"a query worker did not start within {START_TIMEOUT:g}s")
        try:
            kind, detail = self.conn.recv()
        except EOFError:
            kind, detail = "error", f"the worker exited with code {self.process.wait()}"
        if kind != "ready":
            self.kill()
            raise WorkerStartError(f"a query worker could not open the store: {detail}")

    def call(self, job: Job, timeout: float) -> Outcome:
        """Send ``job`` and wait up to ``timeout`` seconds for its outcome."""
        self.send(job)
        return self.receive(timeout)

    def send(self, job: Job) -> None:
        # plain pickle: multiprocessing's own (send/recv) builds a pickler object per message
        self.conn.send_bytes(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))

    def ready(self, timeout: float) -> bool:
        """Whether the outcome arrived within ``timeout`` seconds."""
        return bool(self._answer.poll(max(timeout, 0.0) * 1000))

    def receive(self, timeout: float) -> Outcome:
        if not self.ready(timeout):
            raise TimedOut
        outcome: Outcome = pickle.loads(self.conn.recv_bytes())
        return outcome

    def demote(self) -> None:
        """Lower the worker's CPU priority while it runs a slow job, so cheap jobs on other workers get
        the CPUs first (the query runs on the worker's main thread, whose id is the process id)."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, SLOW_NICENESS)
            self.demoted = True
        except OSError:
            pass

    def restore(self) -> bool:
        """Back to normal priority; False where the system does not let this process raise it again."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 0)
        except OSError:
            return False
        self.demoted = False
        return True

    def kill(self) -> None:
        """Stop the process now, whatever it is doing."""
        self.process.kill()
        self.process.wait()
        self.conn.close()


#: A job still running after this many seconds is slow: the pool starts a worker to stand in for its worker.
SLOW_AFTER = 0.05
#: How many workers beyond its size a pool may start for slow jobs.
EXTRA_WORKERS = 8
#: The nice value of a reader running a slow job: with six slow queries on two CPUs, a cheap query's
#: worker at the default priority gets the CPU about nine times as often as each of them.
SLOW_NICENESS = 10


class WorkerPool:
    """Workers on one store; a request borrows one for its job.

    Slow queries get a lane of their own rather than starving cheap ones: a
    job still running after :data:`SLOW_AFTER` seconds while no worker is
    idle makes the pool start another (up to :data:`EXTRA_WORKERS` beyond
    its size), so the next request finds one free instead of queueing
    behind it, and the operating system shares the CPUs between them.  A
    worker beyond the pool's size stops when it comes back while another
    is idle.
    """

    def __init__(self, mode: str, path: str, size: int, *, extra: int = EXTRA_WORKERS):
        self.mode, self.path, self.size, self.extra = mode, path, size, extra
        self._starting = self._waiting = 0
        self._idle: queue.SimpleQueue[Worker] = queue.SimpleQueue()  # no Condition per put and get
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        starters = [threading.Thread(target=self._add, kwargs={"raise_errors": True}) for _ in range(size)]
        self._errors: list[Exception] = []
        for t in starters:
            t.start()
        for t in starters:
            t.join()
        if self._errors:
            self.close()
            raise self._errors[0]

    def _add(self, raise_errors: bool = False) -> None:
        try:
            worker = Worker(self.mode, self.path)
        except Exception as e:  # noqa: BLE001 - start-up errors are re-raised; later ones are logged
            if raise_errors:
                self._errors.append(e)
            else:
                print(f"kg serve: could not replace a worker: {e}", file=sys.stderr)
            return
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def run(self, job: Job, deadline: float) -> Outcome:
        """The outcome of ``job``, or :class:`Overloaded` / :class:`TimedOut` once ``deadline`` passes."""
        with self._lock:
            self._waiting += 1
        try:
            worker = self._borrow(deadline)
        finally:
            with self._lock:
                self._waiting -= 1
        try:
            worker.send(job)
            if not worker.ready(min(SLOW_AFTER, deadline - time.monotonic())):
                self._stand_in()
                if self.mode == READ_ONLY:  # a write holds the folder's lock: it is never slowed down
                    worker.demote()
            outcome = worker.receive(deadline - time.monotonic())
        except (TimedOut, EOFError, OSError):
            self._retire(worker)
            raise
        self._give_back(worker)
        return outcome

    def _borrow(self, deadline: float) -> Worker:
        """An idle worker; one more is started only when none came back within :data:`SLOW_AFTER`.

        Under a steady stream of cheap queries every worker is often busy for
        a fraction of a millisecond; starting (and later stopping) a process
        each time cost more CPU than the queries themselves, about 1.4 ms a
        query on 2 CPUs with four clients.  A worker still busy after
        :data:`SLOW_AFTER` has usually started its stand-in already (see
        :meth:`run`), so a cheap query behind slow ones finds it.
        """
        try:
            return self._idle.get(timeout=max(min(SLOW_AFTER, deadline - time.monotonic()), 0.001))
        except queue.Empty:
            self._stand_in()
        try:
            return self._idle.get(timeout=max(deadline - time.monotonic(), 0.001))
        except queue.Empty:
            raise Overloaded from None

    def _stand_in(self) -> None:
        """Start a worker in the background unless the idle and starting ones cover every waiting request
        and one more, or the pool may not grow."""
        with self._lock:
            if (
                self._closed
                or self._idle.qsize() + self._starting > self._waiting
                or len(self._all) + self._starting >= self.size + self.extra
            ):
                return
            self._starting += 1
        threading.Thread(target=self._add_extra, name="kg-worker-extra", daemon=True).start()

    def _add_extra(self) -> None:
        try:
            self._add()
        finally:
            with self._lock:
                self._starting -= 1

    def _give_back(self, worker: Worker) -> None:
        """Return a worker to the idle queue, or stop it if it is one too many and two others are idle.

        One idle worker beyond the pool's size stays, ready for the next slow query's stand-in.  A
        demoted worker whose priority cannot be raised again is replaced, not kept at low priority.
        """
        if worker.demoted and not worker.restore():
            self._retire(worker)
            return
        with self._lock:
            surplus = len(self._all) > self.size and self._idle.qsize() >= 2
            if surplus:
                self._all.discard(worker)
        if surplus:
            worker.kill()
        else:
            self._idle.put(worker)

    def _retire(self, worker: Worker) -> None:
        """Kill a worker and start its replacement without making the request wait for it."""
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        threading.Thread(target=self._add, name="kg-worker-start", daemon=True).start()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
