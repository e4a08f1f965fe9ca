"""The extractor's word lists, read once from ``kg/extract/data/*.yaml``.

The rules name what the language does ("launched", "sells through"); the
words themselves are data, so a new way of saying a thing is one more line
in a YAML file, not more code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

_UPPER_OUTSIDE_SYNTAX = re.compile(r"\(\?P[<=>]|\\.|[A-Z]")
_BOOL = "tag:yaml.org,2002:bool"


class _WordLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader (libyaml's parser when PyYAML was built with it: read about ten times faster) with
    YAML 1.2's booleans: only ``true`` and ``false``. YAML 1.1 also reads on, off, yes, no, y and n as booleans,
    which silently drops the words "On" and "No" from a list of sentence openers."""


_WordLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|false)$"), list("tf"))


@cache
def data(name: str) -> Any:
    """The parsed contents of ``kg/extract/data/<name>.yaml``."""
    text = files("kg.extract").joinpath(f"data/{name}.yaml").read_text("utf-8")
    return yaml.load(text, Loader=_WordLoader)


#: Letters Python's case-blind matching takes for ASCII ones (dotted and dotless i, long s, the Kelvin sign).
_CASE_BLIND_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def fold(text: str) -> str:
    """The key a case-blind match is looked up by: lower case, with the letters ``re.IGNORECASE`` equates folded.

    >>> fold("F\u0131rst"), fold("\u017fecond")
    ('first', 'second')
    """
    return text.translate(_CASE_BLIND_ASCII).lower()


def alternation(patterns: Iterable[str]) -> str:
    """One non-capturing group matching any of ``patterns`` (regular expressions), longest first."""
    ordered = sorted(set(patterns), key=len, reverse=True)
    return "(?:" + "|".join(ordered) + ")"


def literal_alternation(words: Iterable[str]) -> str:
    """Like :func:`alternation` for plain words: each is escaped, spaces match any whitespace."""
    return alternation(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@cache
def cue(relation: str, kind: str) -> str:
    """The cue alternation of one relation and kind from ``cues.yaml`` (``launches``, ``active``)."""
    return alternation(data("cues")[relation][kind])


@cache
def cue_regex(relation: str, kind: str) -> re.Pattern[str]:
    """:func:`cue` compiled for whole-word search in lower-cased text (see :func:`lower_regex`)."""
    return lower_regex(rf"(?<![\w-]){cue(relation, kind)}(?![\w-])")


@cache
def lower_regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled to run on lower-cased text: the same matches as ignoring case, several times faster.

    Only letters outside escapes are lowered, so ``\\w`` and ``\\s`` keep their meaning;
    the pattern must not rely on case (no ``[A-Z]``).
    """
    return re.compile(
        _UPPER_OUTSIDE_SYNTAX.sub(lambda m: m.group().lower() if len(m.group()) == 1 else m.group(), pattern)
    )


@cache
def word_set(name: str, key: str) -> frozenset[str]:
    """A list of ``<name>.yaml`` as a set of lower-cased words."""
    return frozenset(str(w).lower() for w in data(name)[key])


def required_words(pattern: str) -> frozenset[str] | None:
    """Lower-case words one of which any match of ``pattern`` contains; None when nothing is required.

    A sentence without any of them cannot match, so a cheap substring test
    spares running the regular expression.

    >>> sorted(required_words("launch(?:es|ed)?|roll(?:s|ed)? out|(?:unveil|reveal)s?"))
    ['launch', 'reveal', 'roll', 'unveil']
    >>> required_words("(?:un)?veil") is None
    True
    """
    words: set[str] = set()
    for alternative in top_level_alternatives(pattern):
        found = _leading_words(alternative)
        if found is None:
            return None
        words |= found
    return frozenset(words)


def _leading_words(alternative: str) -> set[str] | None:
    literal = re.match(r"[A-Za-z' -]+", alternative)
    word = literal.group() if literal else ""
    if word and alternative[len(word) : len(word) + 1] in ("?", "*", "{"):
        word = word[:-1]
    if len(word.strip()) >= 2:
        return {word.strip().lower()}
    if alternative.startswith("(?:"):
        inner, rest = _first_group(alternative)
        if rest[:1] in ("?", "*"):
            return None
        found = required_words(inner)
        return set(found) if found is not None else None
    return None


def top_level_alternatives(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` split at its top-level bars."""
    depth, start, parts = 0, 0, []
    for i, char in enumerate(pattern):
        if char == "\\":
            continue
        if char == "(" and (i == 0 or pattern[i - 1] != "\\"):
            depth += 1
        elif char == ")" and pattern[i - 1] != "\\":
            depth -= 1
        elif char == "|" and depth == 0 and pattern[i - 1] != "\\":
            parts.append(pattern[start:i])
            start = i + 1
    return [*parts, pattern[start:]]


def _first_group(text: str) -> tuple[str, str]:
    """The inside of the group ``text`` opens with ``(?:``, and what follows it."""
    depth = 0
    for i, char in enumerate(text):
        if char == "(" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif char == ")" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[3:i], text[i + 1 :]
    return text[3:], ""
