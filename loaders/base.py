"""The contract every loader follows: a name, suffixes, and ``load(path)``.

A loader turns one file into :mod:`kg.model` records with provenance.  It never
writes to a store; it raises :class:`kg.errors.LoaderError` naming the file and
line of the first bad record, so a file loads whole or not at all.

Standard input reaches a loader as a copy in a temporary file.  A loader that
needs the file where it is (files next to it, its own name) sets the optional
class attribute ``reads_stream = False``, and ``kg load -`` refuses it.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import yaml

from kg.errors import LoaderError
from kg.model import Record

#: Longest piece of a value quoted in an error message; a message never carries a whole value.
QUOTE_LIMIT = 80


class Loader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def load(self, path: Path) -> Iterator[Record]: ...


#: Byte-order marks and the codec each names; UTF-32's come first, as UTF-16 LE's is a prefix of UTF-32 LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def read_text(path: Path) -> str:
    """The file's text: UTF-8, or UTF-16/UTF-32 when a byte-order mark says so (the mark is dropped)."""
    return decode_text(path.read_bytes(), path)


def bom_encoding(data: bytes) -> tuple[str, str] | None:
    """The codec and display name a leading byte-order mark names, or None without one."""
    return next(((codec, name) for bom, codec, name in _BOMS if data.startswith(bom)), None)


def decode_text(data: bytes, path: Path | str) -> str:
    """Bytes as text, by their byte-order mark or else as UTF-8; a one-line error naming the line otherwise."""
    codec, name = bom_encoding(data) or ("utf-8", "UTF-8")
    if name == "UTF-8" and b"\x00" in data[:8192]:
        hint = "; it looks like UTF-16 without a byte-order mark, save it as UTF-8" if _looks_utf16(data) else ""
        raise LoaderError(f"binary file, not text{hint}", path=str(path))
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        line = data[: e.start].decode(codec, errors="replace").count("\n") + 1
        raise LoaderError(f"not valid {name} (byte {e.start})", path=str(path), line=line) from None


def _looks_utf16(data: bytes) -> bool:
    """Mostly ASCII text in UTF-16: every other byte of the first few hundred is a NUL."""
    head = data[:512]
    return len(head) >= 8 and max(head[0::2].count(0), head[1::2].count(0)) >= 0.9 * (len(head) // 2)


def unreadable(path: Path | str, error: Exception) -> LoaderError:
    """An exception no loader turned into a LoaderError, as one short line naming the file."""
    if isinstance(error, OSError):
        return LoaderError(f"cannot read: {error.strerror or error}", path=str(path))
    first = next(iter(str(error).splitlines()), "")[:200]
    return LoaderError(f"cannot read ({error.__class__.__name__}{': ' + first if first else ''})", path=str(path))


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr`` of a value for an error message, cut to ``limit`` characters.

    Text is cut before it is quoted and containers are only named, so a huge
    or deeply shared value never has to be printed whole.
    """
    if isinstance(value, str):
        return repr(value[:limit]) + ("..." if len(value) > limit else "")
    if isinstance(value, (list, tuple, dict, set)):
        return f"a {type(value).__name__} of {len(value)}"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return "a very long number"
    text = repr(value)
    return text[:limit] + ("..." if len(text) > limit else "")


def value_error(e: ValueError) -> str:
    """A parser's ValueError as a short message; Python's int-string digit limit named plainly."""
    text = str(e)
    if "integer string conversion" in text:
        return f"a number with more than {sys.get_int_max_str_digits():,} digits"
    return text.splitlines()[0][:200] if text else e.__class__.__name__


class YamlAliasError(yaml.composer.ComposerError):
    """A YAML alias where none is allowed."""


class SafeYamlLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases.

    An alias re-uses an anchored node, so a few hundred bytes of nested
    aliases stand for billions of values ("billion laughs") that hang
    whatever walks or prints them.  Fact sheets and front matter have no
    need of them, so the first one is an error naming its line.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlAliasError(
                None,
                None,
                f"YAML aliases (*{event.anchor[:40]}) are not allowed; write the value out",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def yaml_error(e: yaml.YAMLError, *, path: Path | str, first_line: int = 1) -> LoaderError:
    """A PyYAML error as a one-line LoaderError naming the file line (YAML that starts at ``first_line``)."""
    mark = getattr(e, "problem_mark", None)
    problem = (getattr(e, "problem", None) or str(e).splitlines()[0])[:200]
    line = mark.line + first_line if mark else None
    return LoaderError(
        problem if isinstance(e, YamlAliasError) else f"malformed YAML: {problem}", path=str(path), line=line
    )
