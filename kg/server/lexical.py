"""What the endpoint must know about a SPARQL text before running it.

The endpoint refuses ``SERVICE`` and ``LOAD`` (both make Oxigraph fetch remote
data, and the server must never do that) and needs to know whether a query
names its own dataset with ``FROM``, because Oxigraph's union-default-graph
option would otherwise silently override it.  pyoxigraph exposes no parsed
algebra, so these checks read the tokens: comments, string literals and IRIs
are blanked out first, after the ``\\u`` escapes SPARQL decodes before parsing,
so a keyword hidden in an escape is still seen and a word inside a literal is
not.  A keyword that could be part of a prefixed name or a variable is not a
keyword; anything else that spells one counts, erring towards refusal.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'      # long double-quoted string
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"     # long single-quoted string
    r'|"(?:[^"\\\n\r]|\\.)*"'             # double-quoted string
    r"|'(?:[^'\\\n\r]|\\.)*'"             # single-quoted string
    r'|<[^<>"{}|^`\\\x00-\x20]*>'         # IRI reference
    r"|#[^\n\r]*",                        # comment
    re.DOTALL,
)
REMOTE_KEYWORDS = ("SERVICE", "LOAD")


def unescape(text: str) -> str:
    """Decode SPARQL's ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes, as the parser does first."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def blank_opaque(text: str) -> str:
    """The text with comments, strings and IRIs replaced by spaces, keeping keyword tokens."""
    return _OPAQUE.sub(" ", unescape(text))


def _keyword(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w?$:]){word}(?![\w:])", re.IGNORECASE)


_PATTERNS = {word: _keyword(word) for word in (*REMOTE_KEYWORDS, "FROM")}


def has_keyword(text: str, word: str) -> bool:
    """Whether ``word`` appears as a keyword token of the SPARQL ``text``.

    >>> has_keyword('SELECT * { SERVICE <http://x/> { ?s ?p ?o } }', 'SERVICE')
    True
    >>> has_keyword('SELECT ?service { ?s ex:service "SERVICE" }', 'SERVICE')
    False
    """
    pattern = _PATTERNS.get(word) or _keyword(word)
    return pattern.search(blank_opaque(text)) is not None


_ANY = re.compile(rf"(?<![\w?$:])({'|'.join(_PATTERNS)})(?![\w:])", re.IGNORECASE)


def keywords(text: str) -> set[str]:
    """Which of SERVICE, LOAD and FROM appear as keywords, from one pass over the text."""
    return {m.group(1).upper() for m in _ANY.finditer(blank_opaque(text))}


def remote_keyword(text: str) -> str | None:
    """The first keyword that would make the store fetch remote data, if any."""
    found = keywords(text)
    return next((w for w in REMOTE_KEYWORDS if w in found), None)


def names_dataset(query: str) -> bool:
    """Whether a query states its own dataset with ``FROM`` or ``FROM NAMED``."""
    return has_keyword(query, "FROM")
