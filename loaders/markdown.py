"""Markdown documents: the markup stripped to plain text, the metadata of the front matter kept.

The text the loader yields is plain: headings, list items, quotes and table
rows become paragraphs of their own (separated by blank lines), wrapped
lines of one paragraph are joined, links keep their words and lose their
address, emphasis and code marks go, fenced code is dropped.  Character
offsets in extracted facts refer to this plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from kg.errors import LoaderError
from kg.model import Record
from loaders.base import SafeYamlLoader, YamlAliasError, yaml_error
from loaders.document import document, iso_date, read_document_text, text_metadata

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?P<text>.*)$")
_QUOTE = re.compile(r"^\s*>\s?")
_TABLE_ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
_TABLE_RULE = re.compile(r"^[\s|:-]+$")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"\[\^[^\]]+\]"), ""),
    (re.compile(r"<(?:https?|mailto):[^>]+>"), ""),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])"), r"\1"),
)


class MarkdownLoader:
    """A ``.md`` file as one document of plain text."""

    name = "markdown"
    suffixes = (".md", ".markdown")

    def load(self, path: Path) -> Iterator[Record]:
        data, source = read_document_text(path)
        try:
            front, body = front_matter(source)
        except yaml.YAMLError as e:
            raise yaml_error(e, path=path, first_line=2) from None  # the front matter starts on line 2
        text = plain_text(body)
        if not text.strip():
            raise LoaderError("no text once the Markdown markup is removed", path=str(path))
        meta = text_metadata(text)
        meta["title"] = _text(front.get("title")) or _first_heading(body) or meta["title"]
        meta["author"] = _text(front.get("author")) or meta["author"]
        meta["publisher"] = (
            _text(front.get("publisher") or front.get("source") or front.get("site")) or meta["publisher"]
        )
        meta["date"] = iso_date(_text(front.get("date"))) or meta["date"]
        yield document(path, data, text, **meta)


def front_matter(source: str) -> tuple[dict, str]:
    """The YAML front matter (empty when absent or unreadable) and the Markdown after it.

    A YAML alias raises yaml.YAMLError rather than being ignored: metadata
    built from one can expand to billions of values.
    """
    match = _FRONT_MATTER.match(source)
    if not match:
        return {}, source
    loader = SafeYamlLoader(match.group("yaml"))
    try:
        parsed = loader.get_single_data()
    except YamlAliasError:
        raise
    except (yaml.YAMLError, ValueError):
        parsed = None
    finally:
        loader.dispose()
    return (parsed if isinstance(parsed, dict) else {}), source[match.end() :]


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    return str(value).strip() or None


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        heading = _HEADING.match(line)
        if heading:
            return inline(heading.group("text"))
    return None


def plain_text(markdown: str) -> str:
    """Markdown as paragraphs of plain text separated by blank lines.

    >>> plain_text("# Title\\n\\nAcme *opened* a [store](http://x) in\\nJapan.\\n\\n- first item\\n- second")
    'Title\\n\\nAcme opened a store in Japan.\\n\\nfirst item\\n\\nsecond'
    """
    blocks = [inline(" ".join(block)) for block in _blocks(markdown.splitlines())]
    return "\n\n".join(b for b in blocks if b.strip())


def _blocks(lines: list[str]) -> Iterator[list[str]]:
    """Groups of source lines that make one paragraph each."""
    current: list[str] = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or _RULE.match(line) or (_TABLE_RULE.match(line) and "|" in line):
            continue
        kind, text = _line(line)
        if kind == "setext" and len(current) == 1:
            yield current
            current = []
            continue
        if kind in ("blank", "heading", "item", "row") and current:
            yield current
            current = []
        if kind in ("heading", "row"):
            yield [text]
        elif kind in ("item", "text"):
            current.append(text)
    if current:
        yield current


def _line(line: str) -> tuple[str, str]:
    """What one Markdown line is, and its text without the block markup."""
    if not line.strip():
        return "blank", ""
    line = _QUOTE.sub("", line)
    for kind, pattern in (("heading", _HEADING), ("item", _ITEM)):
        match = pattern.match(line)
        if match:
            return kind, match.group("text")
    if _SETEXT.match(line):
        return "setext", ""
    row = _TABLE_ROW.match(line)
    if row:
        return "row", "; ".join(c.strip() for c in row.group("cells").split("|") if c.strip())
    return "text", line.strip()


def inline(text: str) -> str:
    """Inline markup removed: links keep their words, emphasis and code marks go."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())
