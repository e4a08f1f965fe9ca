"""HTML pages: the main text, found by trafilatura, with the page's title, author, site and date.

Navigation, footers, cookie notices and scripts are boilerplate and are
dropped; a page with no readable text is an error.  trafilatura is imported
when a page is loaded, so a missing extra breaks only this format.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import LoaderError
from kg.model import Record
from loaders.base import bom_encoding, decode_text
from loaders.document import check_size, document, iso_date

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)
#: Python's names for the encodings of the WHATWG Encoding Standard (less UTF-16, which a BOM announces instead).
_WEB_CHARSETS = frozenset(
    {
        "utf-8",
        "ascii",
        "iso8859-1",
        "cp866",
        "koi8-r",
        "koi8-u",
        "mac-roman",
        "mac-cyrillic",
        "cp874",
        *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
        *(f"cp{n}" for n in range(1250, 1259)),
        "gbk",
        "gb2312",
        "gb18030",
        "big5",
        "big5hkscs",
        "euc_jp",
        "iso2022_jp",
        "shift_jis",
        "euc_kr",
        "cp949",
    }
)


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
    """The page as text: by its byte-order mark, else the charset its ``<meta>`` declares, else UTF-8.

    The order is the HTML standard's, and as there only the charsets of web
    pages count: a ``<meta>`` naming a Python codec such as punycode, idna or
    unicode_escape is ignored, as one naming UTF-16 in ASCII bytes is.
    """
    if bom_encoding(data):
        return decode_text(data, path)
    if b"\x00" in data[:8192]:
        raise LoaderError("binary file, not HTML", path=str(path))
    encoding = declared_charset(data[:4096]) or "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise LoaderError(
            f"not valid {encoding} text (byte {e.start}); declare the page's charset", path=str(path)
        ) from None


def declared_charset(head: bytes) -> str | None:
    """The Python codec of the charset a ``<meta>`` declares, when it is one web pages use."""
    declared = _CHARSET.search(head)
    if not declared:
        return None
    try:
        codec = codecs.lookup(declared.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError, ValueError):
        return None
    return codec if codec in _WEB_CHARSETS else None


def _main_text(path: Path, page: str):
    """trafilatura's reading of the page, or None when it finds no main text."""
    try:
        import trafilatura
    except ImportError as e:
        raise LoaderError(f"reading HTML needs trafilatura ({e})", path=str(path)) from None
    return trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, favor_recall=True)
