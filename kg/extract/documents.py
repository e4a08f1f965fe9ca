"""Extraction over files and folders, one result per document, without a store.

A bad document (empty, binary, not UTF-8, a PDF without text) fails alone:
its result carries the one-line error and the others are still read.
Folders are walked for the suffixes the document loaders read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import KGError, LoaderError
from kg.model import Document, Entity, Record

#: The loaders that read documents (text for the extractor), not fact sheets.
DOCUMENT_LOADERS = ("text", "markdown", "html", "pdf")


@dataclass
class DocumentResult:
    """What extraction made of one file: its records, or the error that stopped it."""

    path: Path
    records: list[Record] = field(default_factory=list)
    error: str | None = None
    words: int = 0


def document_suffixes() -> tuple[str, ...]:
    """The file suffixes the document loaders read (.txt, .md, .html, .pdf, ...)."""
    import loaders

    return tuple(s for e in loaders.registry.entries() if e.name in DOCUMENT_LOADERS for s in e.suffixes)


def document_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders as the sorted document files below them; a missing path is an error."""
    suffixes = document_suffixes()
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
        elif path.exists():
            out.append(path)
        else:
            raise LoaderError("no such file or folder", path=str(path))
    return out


def extract_paths(
    paths: Iterable[Path],
    *,
    extractor: str = "rules",
    known: Iterable[Entity] = (),
    max_text_chars: int | None = None,
) -> Iterator[DocumentResult]:
    """One :class:`DocumentResult` per document file, in order; errors are results, not exceptions.

    ``max_text_chars`` bounds the text of each document (None: the loaders' default).
    """
    from kg.extract import registry

    registry.get(extractor)
    known = tuple(known)
    for path in document_paths(paths):
        yield extract_file(path, extractor=extractor, known=known, max_text_chars=max_text_chars)


def extract_file(
    path: Path,
    *,
    source: str | None = None,
    extractor: str = "rules",
    known: Iterable[Entity] = (),
    max_text_chars: int | None = None,
) -> DocumentResult:
    """One document file's result; ``source`` names the document in its records and its error instead of the
    path (a local copy of a document fetched from elsewhere)."""
    from kg.extract import extract
    from loaders.document import text_limit

    try:
        with text_limit(max_text_chars):
            document = load_document(path)
        if source is not None:
            document = replace(document, source=source)
        records = [document, *extract(document, extractor=extractor, known=known)]
        return DocumentResult(path, records, words=len((document.text or "").split()))
    except KGError as e:
        error = str(e)
    except Exception as e:  # noqa: BLE001 - a document no loader foresaw fails alone; the others are still read
        from loaders.base import unreadable

        error = str(unreadable(path, e))
    return DocumentResult(path, error=error if source is None else error.replace(str(path), source))


def load_document(path: Path) -> Document:
    """The document record a document loader reads from ``path``."""
    import loaders

    entry = loaders.registry.for_suffix(path.suffix)
    if entry.name not in DOCUMENT_LOADERS:
        raise LoaderError(
            f"not a document (extract reads {', '.join(document_suffixes())}); use kg load for fact sheets",
            path=str(path),
        )
    document = next((r for r in entry.load()().load(path) if isinstance(r, Document)), None)
    if document is None:
        raise LoaderError("the loader found no document", path=str(path))
    return document
