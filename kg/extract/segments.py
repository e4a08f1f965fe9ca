"""Segments named by their context: "the generative AI track", "tracks such as A, B and C".

The lexicon knows common industry names; these patterns find the others,
from the nouns that announce a segment (``heads`` in ``data/segments.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kg.extract.lexicon import literal_alternation, word_set
from kg.extract.mentions import Mention
from kg.extract.phrases import clause_end, drop_leading, split_list

_NAMING_HEADS = ("track", "sector", "industry", "segment", "category")
_STEMS = ("track", "sector", "industr", "segment", "categor", "vertical", "field", "area")
#: Any of the stems, in one scan of the lower-cased sentence.
_ANY_STEM = re.compile("|".join(_STEMS))
_LOWER = re.compile(r"[a-z]")
_LIST_HEADS = ("tracks", "sectors", "segments", "industries", "categories", "verticals", "fields", "areas")


@cache
def _the_x_head() -> re.Pattern[str]:
    return re.compile(
        rf"\b(?:the|a|an|this|that|its|their)\s+(?P<x>(?:[\w-]+\s+){{0,4}}?[\w-]+)\s+"
        rf"{literal_alternation(_NAMING_HEADS)}\b",
        re.IGNORECASE,
    )


@cache
def _heads_such_as() -> re.Pattern[str]:
    return re.compile(rf"\b{literal_alternation(_LIST_HEADS)}\s+(?:such\s+as|including|like)\s+", re.IGNORECASE)


def segment_mentions(text: str) -> Iterator[Mention]:
    """Segments announced by a head noun ("the X track") or listed after one ("tracks such as A and B")."""
    if not _ANY_STEM.search(text.lower()):
        return
    qualifiers = word_set("segments", "leading_qualifiers")
    for match in _the_x_head().finditer(text):
        start, end = drop_leading(text, match.start("x"), match.end("x"), qualifiers)
        mention = _segment(text, start, end, match.end())
        if mention:
            yield mention
    for match in _heads_such_as().finditer(text):
        for start, end in split_list(text, match.end(), clause_end(text, match.end())):
            start, end = drop_leading(text, start, end, qualifiers)
            mention = _segment(text, start, end, end)
            if mention:
                yield mention


def _segment(text: str, start: int, end: int, stop: int) -> Mention | None:
    name = text[start:end]
    words = name.split()
    if not words or len(words) > 5 or not name[0].isalnum() or not _LOWER.search(name):
        return None
    if any(w[0].isupper() and not w.isupper() for w in words):
        return None
    return Mention(start, stop, name, "Segment", text[start:stop], "cue", 0.75)
