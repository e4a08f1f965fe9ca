"""Extraction of a corpus as a job: a map over partitions of documents, on Dask distributed or in this process.

Each document goes to the partition its source (the path as listed) hashes to, so a document keeps its
partition when others are added or removed.  A partition is the unit of work and of output: one task reads
its documents with the same extraction ``kg extract`` runs and writes, into the output folder::

    part-00000.jsonl          the fact lines of its documents, in order of source; each document's lines
                              exactly as ``kg extract`` prints them (provenance in source, evidence, span)
    manifest/part-00000.json  each document's content hash and line count, or its error; the part's hash
    failures.json             every document that failed, with its error (an empty list when none did)
    job.json                  the settings, the partition count and the totals (no times: the same input
                              gives the same folder, byte for byte)

The folder loads with ``kg load``: only the ``.jsonl`` files are fact lines.  A rerun over the same folder
reuses the lines of every document whose content hash is unchanged and rewrites only the partitions where
something changed; failed documents are read again.  The fingerprint of the extraction code and settings
is part of every manifest, so lines made by another extractor, version or text limit are never reused, and
a worker whose code differs from the client's refuses its partition rather than mixing outputs.

The work travels as module-level functions over frozen records, which is all Dask needs to ship it: the
workers import this module from the same installed package.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.errors import KGError

#: A partition holds this many documents on average when the job is first run: enough work per task (a
#: second or more) to hide the scheduler's per-task cost, few enough that a worker holds a partition's lines
#: in memory and that a corpus of a few thousand documents already keeps several workers busy.
DOCUMENTS_PER_PARTITION = 250

#: How each document's error begins when its partition's task raised (its worker died, its disk filled); the
#: partition's files stay as the last run left them, and a rerun reads its documents again.
LOST = "partition {index} was not written"

#: Why a partition was lost when Dask gave up on it: every worker that ran it died (Dask tries three).
KILLED = "every worker that ran it died (out of memory, or a crash in native code)"


class ClusterError(KGError):
    """The Dask cluster could not be started or reached, or Dask is not installed."""

    exit_code = 4


@dataclass(frozen=True)
class JobSettings:
    """What decides the lines a document gives: which extractor, how much text, which code."""

    extractor: str = "rules"
    max_text_chars: int | None = None

    @property
    def fingerprint(self) -> str:
        return extraction_fingerprint(self.extractor, self.max_text_chars)


@dataclass(frozen=True)
class PartitionTask:
    """One unit of work: the sources of a partition, sorted, and where to write them."""

    output: str
    index: int
    partitions: int
    sources: tuple[str, ...]
    settings: JobSettings
    fingerprint: str


@dataclass(frozen=True)
class Failure:
    """A document that gave no lines, and why (one line naming the file)."""

    source: str
    error: str


@dataclass(frozen=True)
class PartitionReport:
    """What one partition's task did."""

    index: int
    documents: int
    extracted: int = 0
    reused: int = 0
    lines: int = 0
    written: bool = False
    failures: tuple[Failure, ...] = ()


@dataclass
class JobReport:
    """The totals of a whole job; ``failures`` sorted by source."""

    output: Path
    partitions: int
    documents: int = 0
    extracted: int = 0
    reused: int = 0
    lines: int = 0
    written: int = 0
    failures: list[Failure] = field(default_factory=list)


#: Runs every task and yields one report per task, in any order; a task that raised is reported, not raised.
PartitionMapper = Callable[[Sequence[PartitionTask]], Iterator[PartitionReport]]


def partition_of(source: str, partitions: int) -> int:
    """The partition a document's source falls in: stable across runs, machines and Python processes.

    >>> partition_of("news/2026/acme.txt", 8), partition_of("news/2026/acme.txt", 1000)
    (1, 161)
    """
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % partitions


def part_name(index: int) -> str:
    """The name of a partition's fact-line file.

    >>> part_name(7)
    'part-00007.jsonl'
    """
    return f"part-{index:05d}.jsonl"


def manifest_path(output: Path, index: int) -> Path:
    return output / "manifest" / f"part-{index:05d}.json"


@cache
def extraction_fingerprint(extractor: str, max_text_chars: int | None) -> str:
    """A hash of the settings and of the code and data that turn a document into lines (kg.extract,
    the loaders, the records): lines from a different version are never taken for current ones."""
    import kg.extract
    import loaders

    digest = hashlib.sha256(f"{extractor}\0{max_text_chars}".encode())
    roots = (Path(kg.extract.__file__).parent, Path(loaders.__file__).parent)
    files = [p for root in roots for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    for path in [*files, Path(kg.extract.__file__).parent.parent / "model.py"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def plan(sources: Sequence[str], partitions: int, output: Path, settings: JobSettings) -> list[PartitionTask]:
    """One task per partition (the empty ones too, so the same input always gives the same files)."""
    members: list[list[str]] = [[] for _ in range(partitions)]
    for source in dict.fromkeys(sources):
        members[partition_of(source, partitions)].append(source)
    fingerprint = settings.fingerprint
    return [
        PartitionTask(str(output), i, partitions, tuple(sorted(m)), settings, fingerprint)
        for i, m in enumerate(members)
    ]


# --- the worker's side: one partition --------------------------------------------------------------------


@dataclass(frozen=True)
class _Previous:
    """A document's entry in the partition's last manifest: its hash and lines, or None when it failed."""

    sha256: str | None
    lines: tuple[str, ...] | None


def run_partition(task: PartitionTask) -> PartitionReport:
    """Extract the partition's changed documents, reuse the others' lines, and write the partition if it
    changed: the part file first, then its manifest, each replaced whole (a reader never sees half)."""
    if extraction_fingerprint(task.settings.extractor, task.settings.max_text_chars) != task.fingerprint:
        raise KGError("this worker's kg (extraction code or data) differs from the client's; install one version")
    output = Path(task.output)
    last = _previous(output, task)
    previous = last or {}
    hashes = {source: _content_hash(source) for source in task.sources}
    changed = [s for s, sha in hashes.items() if isinstance(sha, str) and _reused(previous, s, sha) is None]
    fresh = _extract(changed, task.settings)
    documents = [_document(source, hashes[source], previous, fresh) for source in task.sources]
    failures = tuple(d.failure for d in documents if d.failure is not None)
    lines = [line for d in documents for line in d.lines]
    # an empty partition is written too: the same input always gives the same files
    written = last is None or bool(changed or failures) or set(last) != set(task.sources)
    if written:
        _write_partition(output, task, lines, [d.entry for d in documents])
    return PartitionReport(
        task.index,
        len(task.sources),
        extracted=len(changed),
        reused=sum(isinstance(sha, str) for sha in hashes.values()) - len(changed),
        lines=len(lines),
        written=written,
        failures=failures,
    )


@dataclass(frozen=True)
class _Document:
    """What one document adds to its partition: its manifest entry, its lines, its failure if it failed."""

    entry: dict[str, object]
    lines: tuple[str, ...] = ()
    failure: Failure | None = None


def _extract(sources: list[str], settings: JobSettings) -> dict:
    """The extraction results of ``sources``, by source: what ``kg extract`` reads each one into."""
    from kg.extract.documents import extract_paths

    local = [s for s in sources if not is_url(s)]
    results = extract_paths(
        [Path(s) for s in local], extractor=settings.extractor, max_text_chars=settings.max_text_chars
    )
    out = dict(zip(local, results, strict=True))
    return out | {url: _extract_url(url, settings) for url in sources if is_url(url)}


def _extract_url(url: str, settings: JobSettings):
    """A document behind a URL: its bytes copied to a temporary file of the same name (the loaders read
    files, and its suffix names the loader), extracted there with the URL as its source."""
    import tempfile

    from kg.extract.documents import DocumentResult, extract_file

    name = Path(url.split("?", 1)[0].rstrip("/")).name or "document"
    with tempfile.TemporaryDirectory(prefix="kg-job-") as folder:
        local = Path(folder) / name
        try:
            local.write_bytes(_read_url(url))
        except (OSError, ValueError, ImportError) as e:
            return DocumentResult(local, error=f"{url}: cannot read: {e}")
        return extract_file(local, source=url, extractor=settings.extractor, max_text_chars=settings.max_text_chars)


def _read_url(url: str) -> bytes:
    fs, path = _filesystem(url)
    return fs.cat_file(path)


def _document(source: str, sha: str | Failure, previous: dict[str, _Previous], fresh: dict) -> _Document:
    if isinstance(sha, Failure):
        return _Document({"source": source, "error": sha.error}, failure=sha)
    lines = _reused(previous, source, sha)
    if lines is None:
        result = fresh[source]
        if result.error:
            return _Document(
                {"source": source, "sha256": sha, "error": result.error}, failure=Failure(source, result.error)
            )
        lines = fact_line_texts(result.records)
    return _Document({"source": source, "sha256": sha, "lines": len(lines)}, lines)


def fact_line_texts(records: Iterable) -> tuple[str, ...]:
    """A document's fact lines as ``kg extract`` prints them: one JSON object each, non-ASCII kept."""
    from kg.extract.factlines import to_fact_lines

    return tuple(json.dumps(line, ensure_ascii=False) for line in to_fact_lines(records))


def _content_hash(source: str) -> str | Failure:
    """The SHA-256 of a document's bytes, or the failure to read them (a file gone since it was listed)."""
    try:
        return hashlib.sha256(_read_url(source) if is_url(source) else Path(source).read_bytes()).hexdigest()
    except (OSError, ValueError, ImportError) as e:
        return Failure(source, f"{source}: cannot read: {getattr(e, 'strerror', None) or e}")


def _reused(previous: dict[str, _Previous], source: str, sha256: str) -> tuple[str, ...] | None:
    entry = previous.get(source)
    return entry.lines if entry is not None and entry.sha256 == sha256 else None


def _previous(output: Path, task: PartitionTask) -> dict[str, _Previous] | None:
    """The documents of the partition's last run, by source, if it can be reused: same fingerprint and
    partition count, and a part file whose hash matches its manifest.  Anything else: None."""
    try:
        manifest = json.loads(manifest_path(output, task.index).read_text(encoding="utf-8"))
        if (manifest.get("fingerprint"), manifest.get("partitions")) != (task.fingerprint, task.partitions):
            return None
        body = (output / part_name(task.index)).read_bytes()
    except (OSError, ValueError):
        return None
    if hashlib.sha256(body).hexdigest() != manifest.get("part_sha256"):
        return None
    lines = body.decode("utf-8").splitlines()
    found, at = {}, 0
    for entry in manifest.get("documents", []):
        if "error" in entry:
            found[entry["source"]] = _Previous(None, None)
        else:
            found[entry["source"]] = _Previous(entry["sha256"], tuple(lines[at : at + entry["lines"]]))
            at += entry["lines"]
    return found if at == len(lines) else None


def _write_partition(output: Path, task: PartitionTask, lines: list[str], entries: list[dict[str, object]]) -> None:
    body = "".join(line + "\n" for line in lines).encode("utf-8")
    _replace(output / part_name(task.index), body)
    manifest = {
        "partition": task.index,
        "partitions": task.partitions,
        "fingerprint": task.fingerprint,
        "part_sha256": hashlib.sha256(body).hexdigest(),
    }
    # a document a line: a manifest of a thousand documents stays readable and diffable
    documents = ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries)
    text = json.dumps(manifest, ensure_ascii=False)[:-1] + f', "documents": [\n{documents}\n]}}\n'
    _replace(manifest_path(output, task.index), text.encode("utf-8"))


def _replace(path: Path, body: bytes) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(body)
    os.replace(temporary, path)


def _json_bytes(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --- the client's side: the whole job --------------------------------------------------------------------


def corpus_sources(inputs: Iterable[Path | str]) -> list[str]:
    """The documents under ``inputs`` as ``kg extract`` lists them (a folder's files sorted), each once; an
    input written as a URL (``s3://bucket/news/``, ``gs://...``, ``file:///...``) is listed the same way
    through fsspec, its documents named by their URLs."""
    from kg.extract.documents import document_paths

    found: list[str] = []
    for given in inputs:
        text = str(given)
        found += _listed(text) if is_url(text) else [str(p) for p in document_paths([Path(given)])]
    return list(dict.fromkeys(found))


def is_url(source: str) -> bool:
    """Whether a source is named by a URL, read through fsspec (any store it has a backend for), not a path.

    >>> is_url("s3://news/2026/a.html"), is_url("corpus/a.txt")
    (True, False)
    """
    return "://" in source


def _listed(url: str) -> list[str]:
    """The document files at or under ``url``, sorted, as URLs; one line naming the URL when it cannot be read."""
    from kg.extract.documents import document_suffixes

    suffixes = document_suffixes()
    try:
        fs, root = _filesystem(url)
        if fs.isdir(root):
            return [fs.unstrip_protocol(p) for p in sorted(fs.find(root)) if Path(p).suffix.lower() in suffixes]
        if fs.isfile(root):
            return [url]
    except (OSError, ValueError, ImportError) as e:
        raise KGError(f"{url}: cannot list it: {e}") from None
    raise KGError(f"{url}: no such file or folder")


def _filesystem(url: str):
    """fsspec's filesystem for ``url`` and the path on it (fsspec comes with Dask; its backends for s3, gcs
    or azure are installed as the store needs: s3fs, gcsfs, adlfs)."""
    import fsspec

    return fsspec.core.url_to_fs(url)


def extract_corpus(
    sources: Sequence[str],
    output: Path,
    *,
    settings: JobSettings = JobSettings(),
    partitions: int | None = None,
    mapper: PartitionMapper | None = None,
    on_partition: Callable[[PartitionReport], None] | None = None,
) -> JobReport:
    """Extract every document of ``sources`` (:func:`corpus_sources`) into partitioned fact-line files in ``output``.

    ``partitions`` defaults to the previous run's count in ``output``, else one per
    :data:`DOCUMENTS_PER_PARTITION` documents; ``mapper`` runs the tasks (:func:`in_process` unless given,
    :func:`dask_mapper` for a cluster).  Failed documents are in the report and in ``failures.json``.
    """
    from kg.extract import registry

    registry.get(settings.extractor)  # an unknown extractor is one error here, not one per partition
    _check_output(output)
    last = _last_job(output)
    count = partitions or last.get("partitions") or max(1, math.ceil(len(sources) / DOCUMENTS_PER_PARTITION))
    tasks = plan(sources, count, output, settings)
    report = JobReport(output, count)
    for done in (mapper or in_process)(tasks):
        report.documents += done.documents
        report.extracted += done.extracted
        report.reused += done.reused
        report.lines += done.lines
        report.written += done.written
        report.failures += done.failures
        if on_partition:
            on_partition(done)
    report.failures.sort(key=lambda f: f.source)
    _remove_partitions_from(output, count)
    _replace(output / "failures.json", _json_bytes([{"source": f.source, "error": f.error} for f in report.failures]))
    summary = {
        "partitions": count,
        "extractor": settings.extractor,
        "max_text_chars": settings.max_text_chars,
        "fingerprint": settings.fingerprint,
        "documents": report.documents,
        "lines": report.lines,
        "failed": len(report.failures),
    }
    _replace(output / "job.json", _json_bytes(summary))
    return report


def _check_output(output: Path) -> None:
    """The output folder is new, empty, or a job's: a job never writes its parts among someone's files."""
    if output.exists() and not output.is_dir():
        raise KGError(f"{output}: not a folder")
    is_job = (output / "job.json").exists() or (output / "manifest").is_dir()
    if output.is_dir() and not is_job and any(output.iterdir()):
        raise KGError(f"{output}: holds files and is not the output of an extraction job; give a new folder")
    output.mkdir(parents=True, exist_ok=True)


def _last_job(output: Path) -> dict:
    try:
        return json.loads((output / "job.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _remove_partitions_from(output: Path, count: int) -> None:
    """Partitions a run with more of them left behind (the count changed) are not this run's output."""
    for path in [*output.glob("part-*.jsonl"), *(output / "manifest").glob("part-*.json")]:
        index = path.name.removeprefix("part-").split(".")[0]
        if index.isdigit() and int(index) >= count:
            path.unlink()


def lost_partition(task: PartitionTask, error: BaseException) -> PartitionReport:
    """A task that raised (its worker died, its disk filled): every document of it reported failed."""
    # Dask's KilledWorker prints as a tuple of internals; what it means is said instead
    what = KILLED if type(error).__name__ == "KilledWorker" else f"{type(error).__name__}: {error}"
    reason = f"{LOST.format(index=task.index)}: {what}".splitlines()[0][:300]
    return PartitionReport(
        task.index, len(task.sources), failures=tuple(Failure(s, f"{s}: {reason}") for s in task.sources)
    )


def in_process(tasks: Sequence[PartitionTask]) -> Iterator[PartitionReport]:
    """The tasks one after another in this process: the job without a cluster."""
    for task in tasks:
        try:
            yield run_partition(task)
        except Exception as e:  # noqa: BLE001 - a partition that cannot be written is reported, the others run
            yield lost_partition(task, e)


@contextmanager
def dask_mapper(
    scheduler: str | None = None, workers: int | None = None, *, timeout: str = "10s"
) -> Iterator[PartitionMapper]:
    """Tasks on Dask distributed: the cluster at ``scheduler`` (``tcp://host:8786``), or a local cluster of
    ``workers`` processes (one thread each: extraction is Python holding the GIL) started and stopped here."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        raise ClusterError(f"Dask is not installed ({e}); pip install 'expansion-kg[dask]'") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=timeout)
        else:
            # the status page on a free port of loopback: 8787 may be taken, and it is no page for the network
            cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address="127.0.0.1:0",
                # a task's error comes back with its result and is reported there, not logged by the worker too
                silence_logs=logging.CRITICAL,
            )
            client = Client(cluster)
    except (OSError, TimeoutError) as e:
        raise ClusterError(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'}: {e}") from None
    try:
        yield lambda tasks: on_client(client, tasks)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def on_client(client, tasks: Sequence[PartitionTask]) -> Iterator[PartitionReport]:
    """The tasks on a Dask client, reported as they finish; the biggest partitions are submitted first."""
    from dask.distributed import as_completed

    ordered = sorted(tasks, key=lambda t: (-len(t.sources), t.index))
    lost = "lost the Dask scheduler during the job; the partitions written stand, a rerun finishes the rest"
    try:
        futures = client.map(run_partition, ordered, pure=False)
        by_future = dict(zip((f.key for f in futures), ordered, strict=True))
        for future in as_completed(futures):
            # "error": the task raised, or its workers kept dying (KilledWorker): its documents are reported
            if future.status == "error":
                yield lost_partition(by_future[future.key], future.exception())
            elif future.status == "finished":
                yield future.result()
            else:
                raise ClusterError(f"{lost} (a task was {future.status})")
            future.release()
    except (OSError, TimeoutError) as e:
        raise ClusterError(f"{lost}: {e}") from None
