"""Sources in, graph out: load -> (extract) -> resolve -> RDF -> check -> store.

Every source is written whole or not at all: its records are read, resolved and
checked first, and only then handed to the store in one transaction.  A source
whose bytes have not changed since it was loaded is left alone, so loading
the same file twice changes nothing.  ``kg merge`` and ``kg split`` record a
correction and reload, here, the sources it changes.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import loaders
from kg.errors import KGError, LoaderError, StoreError, Unsupported
from kg.memory import paused_cycle_collection
from kg.model import Document, Entity, Record
from kg.rdf import DocumentGraph, GraphBuilder, source_iri
from kg.resolve import Correction, Resolver, name_key
from kg.stores.base import SourceInfo, Store
from loaders.base import unreadable


@dataclass
class SourceReport:
    """What loading one source did (or would do, in a dry run)."""

    path: str
    status: str  # added | replaced | unchanged | failed
    facts_added: int = 0
    facts_merged: int = 0
    facts_unchanged: int = 0
    observations_added: int = 0
    observations_merged: int = 0
    observations_unchanged: int = 0
    triples: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    sources: list[SourceReport] = field(default_factory=list)
    dry_run: bool = False

    @property
    def failed(self) -> list[SourceReport]:
        return [s for s in self.sources if s.status == "failed"]

    def total(self, key: str) -> int:
        return sum(getattr(s, key) for s in self.sources)


#: The source name standard input is stored under unless the caller names it.
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Stream:
    """A byte stream (standard input) to load as one source, stored under ``name``.

    It has no suffix to choose a loader by, so it needs a loader name; the name
    stands in for a path in the store, in reports and in error messages, so
    loading the same stream again is recognised and ``remove`` finds it.
    """

    file: BinaryIO
    name: str = STDIN_NAME


def expand_paths(paths: Iterable[Path | Stream]) -> list[Path | Stream]:
    """Files as given, folders as the sorted files below them that a loader reads; streams as given."""
    suffixes = {s for e in loaders.registry.entries() for s in e.suffixes}
    out: list[Path | Stream] = []
    for path in paths:
        if isinstance(path, Stream):
            out.append(path)
        elif path.is_dir():
            out += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in suffixes and not p.name.endswith(".facts.jsonl.expected")
            )
        elif path.exists():
            out.append(path)
        else:
            raise LoaderError("no such file or folder", path=str(path))
    return out


#: Loaders whose files are documents for the extractor, not fact sheets.
DOCUMENT_LOADERS = frozenset({"text", "markdown", "html", "pdf"})


def _is_document(path: Path | Stream, loader: str | None = None) -> bool:
    """Documents load after fact sheets, so the extractor knows the names the fact sheets declare."""
    if loader:
        return loader in DOCUMENT_LOADERS
    if isinstance(path, Stream):
        return False
    try:
        return loaders.registry.for_suffix(path.suffix.lower()).name in DOCUMENT_LOADERS
    except KGError:
        return False


def read_records(
    path: Path,
    *,
    extractor: str = "rules",
    known: Iterable[Entity] = (),
    max_text_chars: int | None = None,
    loader: str | None = None,
) -> Iterable[Record]:
    """Every record a file states; documents go through the extractor.

    A fact sheet's records are read from the file each time they are iterated (a file of millions of
    lines is never held whole); a document's are read once and held, with what the extractor adds.
    ``max_text_chars`` bounds the text a document may give (None: the loaders' default).
    ``loader`` names the loader to read it with (None: the one its suffix names).
    """
    from loaders.document import text_limit

    reader = loaders.get(loader) if loader else loaders.for_path(path)
    if reader.name not in DOCUMENT_LOADERS:
        return Rereadable(lambda: reader.load(path))
    with text_limit(max_text_chars):
        records = list(reader.load(path))
    documents = [r for r in records if isinstance(r, Document) and r.text is not None]
    if documents:
        from kg.extract import extract

        for doc in documents:
            records += extract(doc, extractor=extractor, known=known)
    return records


class Rereadable:
    """Records read afresh from their file each time they are iterated, the loader's errors included."""

    def __init__(self, read: Callable[[], Iterable[Record]]) -> None:
        self._read = read

    def __iter__(self) -> Iterator[Record]:
        return iter(self._read())


class Announced:
    """Records that say, every :attr:`every` of them, how far a pass over them has come."""

    every = 20_000

    def __init__(self, records: Iterable[Record], say: Callable[[str], None], name: str) -> None:
        self.records, self.say, self.name, self.passes = records, say, name, 0

    def __iter__(self) -> Iterator[Record]:
        self.passes += 1
        what = "reading entities" if self.passes == 1 else "resolving facts"
        for count, record in enumerate(self.records, 1):
            if not count % self.every:
                self.say(f"{self.name}: {what}, {count:,} records")
            yield record


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load(
    store: Store,
    paths: Iterable[Path | Stream],
    *,
    dry_run: bool = False,
    extractor: str = "rules",
    progress: Callable[[Path | Stream], None] | None = None,
    force: bool = False,
    max_text_chars: int | None = None,
    loader: str | None = None,
    stage: Callable[[str], None] | None = None,
) -> LoadReport:
    """Load files, folders and streams into ``store``; see :class:`LoadReport` for what happened.

    ``force`` reloads sources even when their bytes are unchanged (after a correction).
    ``max_text_chars`` bounds the text of each document (None: the loaders' default).
    ``loader`` names the loader for every file and stream (None: each file's suffix names it);
    a stream needs one, and one that cannot read a stream is refused before anything loads.
    ``progress`` is told of each source once it is done; ``stage`` of what a big one is doing meanwhile
    (records read so far, quads being written), a line of text at a time.
    """
    items = list(paths)
    check_loader(loader, stream=any(isinstance(item, Stream) for item in items))
    if not loader:
        check_read_back(items)
    # stable: the order given, documents last
    files = sorted(expand_paths(items), key=lambda path: _is_document(path, loader))
    known = store.known_entities()
    resolver = Resolver.from_known(known, store.corrections())
    gazetteer = [Entity(k.name, k.type, k.aliases) for k in known]
    run = _Run(store, resolver, gazetteer, store.sources(), dry_run, extractor, force, max_text_chars, loader, stage)
    report = LoadReport(dry_run=dry_run)
    for path in files:
        with paused_cycle_collection():
            report.sources.append(_load_one(run, path))
        if progress:
            progress(path)
    return report


def check_loader(loader: str | None, *, stream: bool = False) -> None:
    """Refuse, in one line and before anything loads, an unknown loader name, a stream without a loader
    name, or a stream for a loader that cannot read one."""
    if loader:
        loaders.registry.get(loader)  # an unknown name lists the known ones
    if not stream:
        return
    if not loader:
        raise KGError(
            f"standard input (-) needs --input-format to name its loader; known: {', '.join(loaders.registry.names())}"
        )
    if not loaders.reads_stream(loader):
        raise KGError(f"the {loader} loader cannot read standard input; give it a file")


def check_read_back(paths: Iterable[Path | Stream]) -> None:
    """Refuse, in one line naming the file and before anything loads, a file named on its own that ``kg export``
    writes but no loader reads (GraphML, GEXF, DOT, ...): a known format kg does not read back, not a bad file."""
    readable = {s for e in loaders.registry.entries() for s in e.suffixes}
    for path in paths:
        if isinstance(path, Stream) or path.suffix.lower() in readable or not path.is_file():
            continue
        from kg.exports import registry as exporters  # only here: kg load does not pay for the exporters' import

        written = next((e for e in exporters.entries() if path.suffix.lower() in e.suffixes), None)
        if written is not None:
            raise Unsupported(
                f"{path}: unsupported: kg load does not read kg export's {written.name} format "
                f"back; load a trig, nquads, turtle, jsonld, rdfxml or factlines export instead"
            )


@dataclass
class _Run:
    """What every source of one :func:`load` shares: the store, the resolver and what it knows, the options."""

    store: Store
    resolver: Resolver
    #: Entities fact sheets declared, for the extractor of documents loaded after them (grows as they load).
    gazetteer: list[Entity]
    #: The sources the store held when the load began, by path.
    stored: dict[str, SourceInfo]
    dry_run: bool
    extractor: str
    force: bool
    max_text_chars: int | None
    loader: str | None
    stage: Callable[[str], None] | None


def _load_one(run: _Run, path: Path | Stream) -> SourceReport:
    if not isinstance(path, Stream):
        return _load_file(run, path, str(path.resolve()))
    assert run.loader is not None, "check_loader refuses standard input without a loader"
    with _spooled(path.file, loaders.registry.get(run.loader).suffixes[:1]) as file:
        report = _load_file(run, file, path.name)
    if report.error:  # loaders name the file they read; the user knows it by the stream's name
        report.error = report.error.replace(str(file), path.name)
    return report


@contextmanager
def _spooled(stream: BinaryIO, suffix: tuple[str, ...]) -> Iterator[Path]:
    """The stream's bytes in a temporary file, as loaders read files (PDF and RDF parsers want a path)."""
    with tempfile.TemporaryDirectory(prefix="kg-stdin-") as folder:
        path = Path(folder) / f"stdin{''.join(suffix)}"
        with path.open("wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
        yield path


def _load_file(run: _Run, path: Path, source: str) -> SourceReport:
    store, stage = run.store, run.stage
    previous = run.stored.get(source)
    try:
        digest = content_hash(path)
        if previous and previous.content_hash == digest and not run.force:
            return SourceReport(source, "unchanged")
        records = read_records(
            path, extractor=run.extractor, known=run.gazetteer, max_text_chars=run.max_text_chars, loader=run.loader
        )
        if stage:
            records = Announced(records, stage, Path(source).name)
        built = GraphBuilder(source, digest, run.resolver, _now(), spool_folder=store.path).build(records)
        # What a fact sheet declares types the names documents loaded after it mention (ChatGPT is a
        # Product there, not the Company an extractor would guess).
        if not built.from_document:
            run.gazetteer += built.declared
    except StoreError:
        raise  # the store itself failed: the remaining files would fail the same way
    except KGError as e:
        return SourceReport(source, "failed", error=str(e))
    except Exception as e:  # noqa: BLE001 - nothing is written yet: a file no loader foresaw fails alone, the others still load
        return SourceReport(source, "failed", error=str(unreadable(path, e)))
    try:
        report = _diff(store, built, SourceReport(source, "replaced" if previous else "added", warnings=built.warnings))
        if not run.dry_run:
            if stage and built.quads.spilled:
                stage(f"{Path(source).name}: writing {len(built.quads):,} quads")
            store.replace_source(built.graph, built.quads, stage)
        return report
    except StoreError:
        raise
    except KGError as e:
        return SourceReport(source, "failed", error=str(e))
    finally:
        built.quads.close()


def _diff(store: Store, built: DocumentGraph, report: SourceReport) -> SourceReport:
    """Count what is new to the store, what gains one more source, and what was already there."""
    report.triples = len(built.quads)
    empty = store.is_empty()
    existing = {} if empty else store.existing(sorted(built.facts | built.observations))
    for kind, iris in (("facts", built.facts), ("observations", built.observations)):
        for iri in iris:
            graphs = existing.get(iri, set())
            state = "unchanged" if built.graph in graphs else "merged" if graphs else "added"
            setattr(report, f"{kind}_{state}", getattr(report, f"{kind}_{state}") + 1)
    return report


def find_source(store: Store, source: Path | str) -> SourceInfo:
    """A loaded source by its stored name (a stream's, ``<stdin>``) or its file, as given or relative to here."""
    sources = store.sources()
    info = sources.get(str(source)) or sources.get(str(Path(source).resolve()))
    if info is None:
        raise LoaderError(
            f"this source was never loaded in the {store.where} (kg sources lists them)", path=str(source)
        )
    return info


def remove(store: Store, source: Path | str) -> str:
    """Remove what one source states; facts other sources also state stay."""
    info = find_source(store, source)
    store.remove_source(info.graph)
    return info.graph


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def iter_sources(store: Store) -> Iterator[str]:
    yield from sorted(store.sources())


def merge(store: Store, keep: str, other: str) -> list[str]:
    """Make ``other`` (every name of it) mean ``keep``; reload the sources that mention either."""
    from kg.queries.entities import describe

    keep_iri, other_iri = _one(store, keep), _one(store, other)
    if keep_iri == other_iri:
        raise KGError(f"{keep!r} and {other!r} are already one entity ({keep_iri})")
    names = describe(store, other_iri)
    for label in {names.name, *names.aliases}:
        store.add_correction(Correction("merge", label, keep_iri))
    return _reload(store, {*store.sources_mentioning(keep_iri), *store.sources_mentioning(other_iri)})


def split(store: Store, name: str, entity: str) -> list[str]:
    """Stop ``name`` meaning ``entity``; reload the sources that mention the entity."""
    from kg.queries.entities import describe

    iri = _one(store, entity)
    if name_key(describe(store, iri).name) == name_key(name):
        raise KGError(f"{name!r} is the entity's own name; split another of its names off it")
    store.add_correction(Correction("split", name, iri))
    return _reload(store, set(store.sources_mentioning(iri)))


def _one(store: Store, name: str) -> str:
    from kg.queries.entities import matching_entities

    if name.startswith(("http://", "https://")):
        return name
    found = matching_entities(store, name)
    if len(found) > 1:
        raise KGError(f"{name!r} names {len(found)} entities: {', '.join(found)}; pass the IRI instead")
    return found[0]


def _reload(store: Store, paths: set[str]) -> list[str]:
    existing = sorted(p for p in paths if Path(p).exists())
    report = load(store, [Path(p) for p in existing], force=True)
    if report.failed:
        raise KGError(f"reloading after the correction failed: {report.failed[0].error}")
    return existing


__all__ = [
    "STDIN_NAME",
    "LoadReport",
    "SourceReport",
    "Stream",
    "expand_paths",
    "load",
    "merge",
    "read_records",
    "remove",
    "source_iri",
    "split",
]
