"""HTML pages: the main text, found by trafilatura, with the page's title, author, site and date.

Navigation, footers, cookie notices and scripts are boilerplate and are
dropped; a page with no readable text is an error.  trafilatura is imported
when a page is loaded, so a missing extra breaks only this format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import LoaderError
from kg.model import Record
from loaders.document import check_size, document, iso_date

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)


class HtmlLoader:
    """An ``.html`` page as one document of its main text."""

    name = "html"
    suffixes = (".html", ".htm")

    def load(self, path: Path) -> Iterator[Record]:
        check_size(path)
        data = path.read_bytes()
        page = _decode(path, data)
        extracted = _main_text(path, page)
        text = (extracted.text or "").strip() if extracted is not None else ""
        if not text:
            raise LoaderError("no readable text in the page (only markup, scripts or boilerplate)", path=str(path))
        yield document(
            path,
            data,
            text,
            title=extracted.title,
            author=extracted.author,
            publisher=extracted.sitename or extracted.hostname,
            date=iso_date(extracted.date),
        )


def _decode(path: Path, data: bytes) -> str:
    """The page as text: UTF-8, or the charset its ``<meta>`` declares."""
    if b"\x00" in data[:8192]:
        raise LoaderError("binary file, not HTML", path=str(path))
    declared = _CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    try:
        return data.decode("utf-8-sig" if encoding in ("utf-8", "utf8") else encoding)
    except (UnicodeDecodeError, LookupError) as e:
        raise LoaderError(
            f"not valid {encoding} text ({e.__class__.__name__}); declare the page's charset", path=str(path)
        ) from None


def _main_text(path: Path, page: str):
    """trafilatura's reading of the page, or None when it finds no main text."""
    try:
        import trafilatura
    except ImportError as e:
        raise LoaderError(f"reading HTML needs trafilatura ({e})", path=str(path)) from None
    return trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, favor_recall=True)
