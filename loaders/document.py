"""What the document loaders share: size limits, content hashes, and metadata stated in the text.

A document loader yields one :class:`kg.model.Document` with the text the
extractor reads; it never extracts facts itself.  Bad input fails with a
one-line :class:`kg.errors.LoaderError`: an empty file, a binary one, text
that is not UTF-8, a file over the size limit (50 MB unless
``KG_MAX_DOCUMENT_BYTES`` says otherwise), text longer than the text limit
(5 million characters unless :func:`text_limit` raises it).  The byte limit
alone is not enough: a small compressed PDF can hold hundreds of millions of
characters, so the text is bounded where it is made.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path

from kg.errors import LoaderError
from kg.model import Document
from loaders.base import read_text

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_TEXT_CHARS = 5_000_000
#: The text limit of the load or extraction under way (a context variable, so concurrent callers keep their own).
_max_text_chars: ContextVar[int] = ContextVar("max_text_chars", default=DEFAULT_MAX_TEXT_CHARS)
_FIELD = re.compile(
    r"^\s*(?P<key>author|by|source|publisher|published by|date|published|dated)\s*:\s*(?P<value>[^\n]+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_BYLINE = re.compile(r"^\s*By\s+(?P<value>[A-Z][^\n]{1,80}?)\s*$", re.MULTILINE)
_REPUBLISHED = re.compile(
    r"\b(?:Republished|Reprinted|Syndicated|Published)\s+by\s+(?P<value>[A-Z0-9][\w&.'-]*(?:\s+[A-Z0-9][\w&.'-]*)*)"
)
_AUTHOR_INLINE = re.compile(r"\bAuthor\s*:\s*(?P<value>[^.\n]{2,80})")
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y", "%B %Y", "%Y-%m")


def max_bytes() -> int:
    """The size limit for one document, from ``KG_MAX_DOCUMENT_BYTES`` (default 50 MB)."""
    value = os.environ.get("KG_MAX_DOCUMENT_BYTES")
    if not value:
        return DEFAULT_MAX_BYTES
    try:
        return int(float(value))
    except ValueError:
        raise LoaderError(f"KG_MAX_DOCUMENT_BYTES must be a number of bytes, not {value!r}") from None


def max_text_chars() -> int:
    """Characters of text one document may give, as set by :func:`text_limit`."""
    return _max_text_chars.get()


@contextmanager
def text_limit(chars: int | None) -> Iterator[int]:
    """Documents read inside the block may give up to ``chars`` characters of text (None: the default)."""
    token = _max_text_chars.set(DEFAULT_MAX_TEXT_CHARS if chars is None else chars)
    try:
        yield _max_text_chars.get()
    finally:
        _max_text_chars.reset(token)


def text_too_long(path: Path | str, where: str = "") -> LoaderError:
    """The error for a document whose text passes the limit (``where``: e.g. " by page 3")."""
    return LoaderError(
        f"text longer than {max_text_chars():,} characters{where}; raise the limit with --max-text-chars",
        path=str(path),
    )


def check_size(path: Path) -> None:
    """Fail when the file is missing, empty, or over the size limit."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise LoaderError(f"cannot read: {e.strerror or e}", path=str(path)) from None
    limit = max_bytes()
    if size > limit:
        raise LoaderError(
            f"too large ({size:,} bytes; the limit is {limit:,}, set by KG_MAX_DOCUMENT_BYTES)", path=str(path)
        )
    if size == 0:
        raise LoaderError("empty document", path=str(path))


def read_document_text(path: Path) -> tuple[bytes, str]:
    """The bytes and the UTF-8 text of a text-like document, checked for size, encoding and content."""
    check_size(path)
    text = read_text(path)
    if not text.strip():
        raise LoaderError("empty document", path=str(path))
    return path.read_bytes(), text


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def iso_date(text: str | None) -> str | None:
    """A date as ISO 8601 (``2026-04-12``), or the text as written when no format fits."""
    if not text:
        return None
    value = text.strip().rstrip(".")
    head = re.match(r"\d{4}-\d{2}-\d{2}", value)
    if head:
        return head.group()
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return parsed.strftime("%Y-%m" if fmt in ("%B %Y", "%Y-%m") else "%Y-%m-%d")
    return value


def text_metadata(text: str) -> dict[str, str | None]:
    """Title, author, publisher and date a plain text states: a first-line title, "Author: X", "Source: X"."""
    meta: dict[str, str | None] = {"title": _title(text), "author": None, "publisher": None, "date": None}
    for match in _FIELD.finditer(text[:4000]):
        key, value = match.group("key").lower(), match.group("value")
        if key in ("author", "by"):
            meta["author"] = meta["author"] or value
        elif key in ("source", "publisher", "published by"):
            meta["publisher"] = meta["publisher"] or value
        else:
            meta["date"] = meta["date"] or iso_date(value)
    byline = _BYLINE.search(text[:2000])
    author = _AUTHOR_INLINE.search(text)
    meta["author"] = meta["author"] or (
        byline.group("value") if byline else author.group("value").strip() if author else None
    )
    republished = _REPUBLISHED.search(text)
    meta["publisher"] = meta["publisher"] or (republished.group("value") if republished else None)
    return meta


def _title(text: str) -> str | None:
    """The first line, when it reads as a title: short, not a sentence, and followed by more text."""
    lines = [line.strip() for line in text.strip().splitlines()]
    first = lines[0] if lines else ""
    if len(lines) < 2 or not first or len(first) > 200 or re.search(r"[.!?:;,]$", first) or _FIELD.match(first):
        return None
    return first


def document(path: Path, data: bytes, text: str, **meta: str | None) -> Document:
    """The one record a document loader yields; its text is checked against the text limit."""
    if len(text) > max_text_chars():
        raise text_too_long(path)
    return Document(
        source=str(path),
        content_hash=content_hash(data),
        text=text,
        title=meta.get("title"),
        publisher=meta.get("publisher"),
        author=meta.get("author"),
        date=meta.get("date"),
    )
