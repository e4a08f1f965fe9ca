"""``using-graph-uri`` and ``using-named-graph-uri`` (SPARQL 1.1 Protocol 2.2.3) as USING clauses.

Oxigraph's update call takes no dataset, so the protocol's parameters are
written into the update itself: ``USING <g>`` / ``USING NAMED <g>`` before
the WHERE of every DELETE/INSERT operation, and a ``DELETE WHERE { P }``
spelled ``DELETE { P } USING ... WHERE { P }``, which means the same.  The
protocol forbids the parameters beside an update's own USING, USING NAMED
or WITH (400).  Only keywords outside braces, strings, IRIs and comments
count, so a subquery's WHERE or a literal holding the word is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox

from kg.server.errors import HttpError

_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*(?::[A-Za-z0-9_\-.]*)?")
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'",
    re.S,
)


def _top_level(text: str) -> Iterator[tuple[str, int, int]]:
    """(upper-cased keyword, start, depth) for every bare word, with ``{``/``}`` as words of their own."""
    depth, i = 0, 0
    while i < len(text):
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif c in "\"'":
            m = _STRING.match(text, i)
            i = m.end() if m else i + 1
        elif c == "<":
            m = _IRI.match(text, i)
            i = m.end() if m else i + 1
        elif c in "?$":
            m = _WORD.match(text, i + 1)
            i = m.end() if m else i + 1
        elif c == "{":
            yield "{", i, depth
            depth += 1
            i += 1
        elif c == "}":
            depth -= 1
            yield "}", i, depth
            i += 1
        elif c.isalpha() or c == "_":
            m = _WORD.match(text, i)
            assert m
            yield m.group().upper(), i, depth
            i = m.end()
        else:
            i += 1


def with_dataset(text: str, using: tuple[str, ...] | None, using_named: tuple[str, ...] | None) -> str:
    """``text`` with the protocol's dataset written in, or unchanged when the request gave none."""
    if not using and not using_named:
        return text
    try:
        clauses = " ".join(
            [f"USING {ox.NamedNode(g)}" for g in using or ()]
            + [f"USING NAMED {ox.NamedNode(g)}" for g in using_named or ()]
        )
    except ValueError as e:
        raise HttpError(400, f"using-graph-uri and using-named-graph-uri take absolute IRIs ({e})") from None
    words = [w for w in _top_level(text) if w[2] == 0]
    if any(w in ("USING", "WITH") for w, _, _ in words):
        raise HttpError(
            400,
            "an update with its own USING, USING NAMED or WITH cannot take using-graph-uri "
            "or using-named-graph-uri as well (SPARQL 1.1 Protocol 2.2.3)",
        )
    edits: list[tuple[int, int, str]] = []
    for k, (word, start, _) in enumerate(words):
        if word != "WHERE":
            continue
        if k and words[k - 1][0] == "DELETE":  # DELETE WHERE { P }: the pattern is its own template
            close = _closing(text, start)
            pattern = text[text.index("{", start) : close + 1]
            edits.append((start, close + 1, f"{pattern} {clauses} WHERE {pattern}"))
        else:
            edits.append((start, start, f"{clauses} "))
    for start, end, new in reversed(edits):
        text = text[:start] + new + text[end:]
    return text


def _closing(text: str, start: int) -> int:
    """The index of the ``}`` that closes the first group after ``start``."""
    for word, at, depth in _top_level(text[start:]):
        if word == "}" and depth == 0:
            return start + at
    raise HttpError(400, "the update's DELETE WHERE has no closing brace")
