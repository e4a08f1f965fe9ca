"""PDF documents: the text layer read by pypdf, with the title, author and date of the PDF's metadata.

A scanned PDF has no text layer and is an error (run OCR first).  Words
hyphenated across a line break are joined again.  pypdf is imported when a
PDF is loaded, so a missing extra breaks only this format.

The text limit is checked as pypdf hands over each piece of a page's text:
a form XObject drawn thousands of times turns a few kilobytes into hundreds
of millions of characters, and extraction stops at the limit instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import LoaderError
from kg.model import Record
from loaders.document import check_size, document, iso_date, max_text_chars, text_metadata, text_too_long

_HYPHENATED = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


class PdfLoader:
    """A ``.pdf`` file as one document of its text layer."""

    name = "pdf"
    suffixes = (".pdf",)

    def load(self, path: Path) -> Iterator[Record]:
        check_size(path)
        data = path.read_bytes()
        reader = _reader(path)
        text = _text(path, reader)
        if not text.strip():
            raise LoaderError("no text layer (a scanned PDF?); run OCR on it first", path=str(path))
        meta = text_metadata(text)
        info = reader.metadata or {}
        meta["title"] = _info(info, "/Title") or meta["title"]
        meta["author"] = _info(info, "/Author") or meta["author"]
        meta["publisher"] = _info(info, "/Publisher") or meta["publisher"]
        meta["date"] = _pdf_date(_info(info, "/CreationDate")) or meta["date"]
        yield document(path, data, text, **meta)


def _reader(path: Path):
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as e:
        raise LoaderError(f"reading PDF needs pypdf ({e})", path=str(path)) from None
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoaderError("encrypted PDF; decrypt it first", path=str(path))
        return reader
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as e:
        raise LoaderError(f"not a readable PDF ({e})", path=str(path)) from None


class _TextLimit(BaseException):
    """Stops pypdf mid-page once the text passes the limit.

    A BaseException because pypdf catches Exception around each form XObject
    and would carry on with the next one.
    """


def _text(path: Path, reader) -> str:
    """The text of every page, stopped as soon as it passes the text limit."""
    budget, pages = max_text_chars(), []
    try:
        for number, page in enumerate(reader.pages, start=1):
            try:
                text = page.extract_text(visitor_text=_counter(budget)) or ""
            except _TextLimit:
                raise text_too_long(path, f" by page {number}") from None
            budget -= len(text)
            if budget < 0:
                raise text_too_long(path, f" by page {number}")
            pages.append(text)
    except LoaderError:
        raise
    except Exception as e:  # noqa: BLE001 - pypdf raises many kinds of errors on damaged content streams
        raise LoaderError(
            f"cannot read the PDF's text ({e.__class__.__name__}: {str(e)[:200]})", path=str(path)
        ) from None
    return _HYPHENATED.sub("", "\n\n".join(p.strip() for p in pages if p.strip()))


def _counter(budget: int):
    """A pypdf text visitor that counts the characters of a page and stops past ``budget``."""
    seen = 0

    def visit(text, *_):
        nonlocal seen
        seen += len(text)
        if seen > budget:
            raise _TextLimit

    return visit


def _info(info, key: str) -> str | None:
    value = info.get(key) if hasattr(info, "get") else None
    return str(value).strip() or None if value else None


def _pdf_date(value: str | None) -> str | None:
    """``D:20260203...`` (the PDF date format) as ``2026-02-03``."""
    if not value:
        return None
    match = re.match(r"D?:?(\d{4})(\d{2})?(\d{2})?", value)
    if not match:
        return iso_date(value)
    year, month, day = match.groups()
    return "-".join(p for p in (year, month, day) if p)
