"""The contract every loader follows: a name, suffixes, and ``load(path)``.

A loader turns one file into :mod:`kg.model` records with provenance.  It never
writes to a store; it raises :class:`kg.errors.LoaderError` naming the file and
line of the first bad record, so a file loads whole or not at all.
"""

from __future__ import annotations

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


def read_text(path: Path) -> str:
    """The file's text as UTF-8 (a BOM is dropped); a one-line error otherwise."""
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise LoaderError("binary file, not text", path=str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise LoaderError(f"not valid UTF-8 (byte {e.start})", path=str(path), line=line) from None


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
                None, None, f"YAML aliases (*{event.anchor[:40]}) are not allowed; write the value out",
                event.start_mark)
        return super().compose_node(parent, index)


def yaml_error(e: yaml.YAMLError, *, path: Path | str, first_line: int = 1) -> LoaderError:
    """A PyYAML error as a one-line LoaderError naming the file line (YAML that starts at ``first_line``)."""
    mark = getattr(e, "problem_mark", None)
    problem = (getattr(e, "problem", None) or str(e).splitlines()[0])[:200]
    line = mark.line + first_line if mark else None
    return LoaderError(problem if isinstance(e, YamlAliasError) else f"malformed YAML: {problem}",
                       path=str(path), line=line)
