"""What a SPARQL text may do before Oxigraph runs it: never fetch remote data.

``SERVICE`` (federated query) and ``LOAD`` make Oxigraph send HTTP requests
to any address a query names, so ``kg serve`` and ``kg sparql`` refuse both.
The decision comes from a real parser, rdflib's SPARQL 1.1 grammar: the text
is parsed and the parse tree walked for a ``ServiceGraphPattern`` or a
``Load``, wherever it sits (an OPTIONAL, an EXISTS filter, an update's WHERE).
A text that grammar cannot parse is refused: the guard fails closed.

Two parsers reading one text differently would reopen the hole, so the text
Oxigraph runs is the one the guard parsed: SPARQL decodes ``\\uXXXX`` escapes
over the whole text before parsing (rdflib does), while Oxigraph decodes them
only inside strings, where a ``\\u0022`` could end a string for one parser and
not the other.  :class:`Checked` carries the decoded text to run.

Parsing costs milliseconds, so parsed texts are cached, and a text that
cannot hold a keyword at all (ASCII, and none of ``service``, ``load`` or
``from`` in it, in any case) is passed without parsing: Oxigraph's keywords
are ASCII and case-insensitive, so such a text has none of them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from kg.errors import QueryError

#: Parse-tree nodes (rdflib's names) that would make the store fetch remote data, and the keyword each is.
REMOTE = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
_WORDS = ("service", "load", "from")


class Refused(QueryError):
    """A SPARQL text that may not run: it fetches remote data, or the guard cannot parse it."""


@dataclass(frozen=True)
class Checked:
    """A text that passed the guard: what to run, and whether it names its own dataset with FROM."""

    text: str
    names_dataset: bool = False


def check_query(text: str) -> Checked:
    """The query to run, or :class:`Refused` if it uses SERVICE or cannot be parsed."""
    return _check(text, update=False)


def check_update(text: str) -> Checked:
    """The update to run, or :class:`Refused` if it uses SERVICE or LOAD or cannot be parsed."""
    return _check(text, update=True)


def _check(text: str, update: bool) -> Checked:
    decoded = _decode(text)
    if decoded.isascii() and not any(word in decoded.lower() for word in _WORDS):
        return Checked(decoded)
    outcome = _parsed(decoded, update)
    if isinstance(outcome, Refused):
        raise outcome
    return outcome


def _decode(text: str) -> str:
    if "\\" not in text:
        return text
    # rdflib's parser module costs a fifth of a second to import: a query worker that starts while slow
    # queries hold the others must be ready at once, so a text with no escapes never imports it
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    return expandUnicodeEscapes(text)


@functools.lru_cache(maxsize=2048)
def _parsed(decoded: str, update: bool) -> Checked | Refused:
    """The verdict on one decoded text; refusals are cached too (returned, since a cached raise would re-raise)."""
    from rdflib.plugins.sparql.parser import Query, UpdateUnit

    try:
        tree = (UpdateUnit if update else Query).parse_string(decoded, parse_all=True)
    except Exception as e:  # noqa: BLE001 - whatever the parser fails with (syntax, recursion), refuse
        return Refused(f"SPARQL syntax error: {_one_line(e)}")
    keyword = _remote(tree)
    if keyword:
        return Refused(f"{keyword} is refused: kg never fetches remote data")
    return Checked(decoded, names_dataset=not update and "datasetClause" in tree[1])


def _remote(tree: object) -> str | None:
    """The first remote-fetching keyword anywhere in rdflib's parse tree; iterative, so depth cannot overflow."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name in REMOTE:
                return REMOTE[node.name]
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
    return None


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__
