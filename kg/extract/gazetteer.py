"""Names the extractor recognises on sight: known entities, countries, regions, lexicons.

Each table compiles its phrases into one regular expression shaped like a
trie, so a sentence is scanned once whatever the number of phrases (an
alternation of a thousand names would be tried name by name at every
position).  Countries come from pycountry and country_converter, regions from
``kg/data/regions.yaml``; segment and channel phrases from
``kg/extract/data``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.extract.lexicon import data
from kg.extract.mentions import Mention
from kg.model import Entity

_BEFORE = r"(?<![\w-])"
_AFTER = r"(?!\w)(?![$])(?!-(?!based\b|headquartered\b|listed\b|made\b)\w)"
_PLACE_CONTEXT = re.compile(
    r"(?:\b(?:in|into|to|across|from|and|of|or|throughout|outside|enter|enters|entered|entering)|,)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """What a phrase names: the canonical name, its class, and who vouches for it."""

    name: str
    type: str
    origin: str
    ambiguous: bool = False


def trie_pattern(phrases: Iterable[str]) -> str:
    """A regular expression matching any of ``phrases``, built as a trie (longest match first).

    >>> re.fullmatch(trie_pattern(["Asia", "Asia-Pacific", "Africa"]), "Asia-Pacific") is not None
    True
    """
    root: dict = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(root) if root else "(?!)"


def _branch(node: dict) -> str:
    alternatives = [re.escape(c) + _branch(child) for c, child in sorted(node.items()) if c]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return f"(?:{body})?" if "" in node else body


class PhraseTable:
    """Phrases and what they name, found in text through one compiled trie."""

    def __init__(self, entries: dict[str, Phrase], *, ignore_case: bool):
        self.ignore_case = ignore_case
        self.entries = {(k.lower() if ignore_case else k): v for k, v in entries.items()}
        self.pattern = re.compile(_BEFORE + "(" + trie_pattern(self.entries) + ")" + _AFTER)

    def find(self, text: str, lower: str | None = None) -> Iterator[Mention]:
        """Mentions of the table's phrases; a case-blind table reads ``lower`` (``text`` lower-cased, same offsets)."""
        searched = (lower if lower is not None else text.lower()) if self.ignore_case else text
        for match in self.pattern.finditer(searched):
            phrase = self.entries[match.group(1)]
            surface = text[match.start(1) : match.end(1)]
            if phrase.ambiguous and not _PLACE_CONTEXT.search(text, max(0, match.start() - 20), match.start()):
                continue
            yield Mention(match.start(), match.end(), phrase.name, phrase.type, surface, phrase.origin)


@cache
def places() -> PhraseTable:
    """Countries (pycountry, country_converter, everyday aliases), regions and major cities, case-sensitive.

    A city is read as its country (origin ``city``): "an office in São Paulo" is in Brazil.
    """
    import pycountry

    from kg.places import country_name, regions

    spec = data("places")
    ambiguous = set(spec["ambiguous_countries"])
    entries: dict[str, Phrase] = {}
    for c in pycountry.countries:
        canonical = country_name(c.alpha_2)
        for label in {c.name, getattr(c, "common_name", c.name), canonical}:
            if "," not in label and "(" not in label:
                entries[label] = Phrase(canonical, "Country", "place", label in ambiguous)
    for label, code in spec["country_aliases"].items():
        entries[label] = Phrase(country_name(code), "Country", "place", label in ambiguous)
    for region in regions():
        for label in (region.name, *region.aliases):
            entries[label] = Phrase(region.name, "Region", "place")
    for label, code in data("cities")["cities"].items():
        entries.setdefault(label, Phrase(country_name(code), "Country", "city"))
    return PhraseTable(entries, ignore_case=False)


@cache
def lexicon() -> PhraseTable:
    """Segment and channel phrases of the data files, case-insensitive."""
    entries = {p: Phrase(p, "Segment", "lexicon") for p in data("segments")["phrases"]}
    entries |= {p: Phrase(p, "Channel", "lexicon") for p in data("channels")["phrases"]}
    return PhraseTable(entries, ignore_case=True)


def known_tables(known: Iterable[Entity]) -> tuple[PhraseTable, ...]:
    """Tables of the entities already in the graph: names with capitals match exactly, others in any case."""
    key = tuple((e.name, e.type, tuple(e.aliases)) for e in known)
    return _known_tables(key) if key else ()


@lru_cache(maxsize=8)
def _known_tables(key: tuple[tuple[str, str, tuple[str, ...]], ...]) -> tuple[PhraseTable, ...]:
    exact: dict[str, Phrase] = {}
    folded: dict[str, Phrase] = {}
    for name, type_, aliases in key:
        for label in (name, *aliases):
            label = " ".join(label.split())
            if len(label) >= 2:
                (exact if label != label.lower() else folded)[label] = Phrase(name, type_, "known")
    return tuple(PhraseTable(t, ignore_case=t is folded) for t in (exact, folded) if t)


_CAPITALS = re.compile(r"\b[A-Z]{4,}(?:[ -][A-Z]{2,})*\b")
#: Four capitals in a row; the class is written out first so that the engine skips straight to capitals.
_FOUR_CAPITALS = re.compile(r"[A-Z][A-Z]{3}")


def capitalised_places(text: str) -> list[Mention]:
    """Places written in capitals, as datelines are ("ISTANBUL, 14 May 2026 -")."""
    entries = places().entries
    found: list[Mention] = []
    if not _FOUR_CAPITALS.search(text):  # a quick scan that spares most sentences the full pattern
        return found
    for match in _CAPITALS.finditer(text):
        label = match.group().title()
        phrase = entries.get(label)
        if phrase is not None:
            found.append(Mention(match.start(), match.end(), phrase.name, phrase.type, label, phrase.origin))
    return found


def find(text: str, known: tuple[PhraseTable, ...] = ()) -> list[Mention]:
    """Every mention the gazetteers propose in ``text``, overlaps included."""
    lower = text.lower()
    lower = lower if len(lower) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    found: list[Mention] = capitalised_places(text)
    for table in (*known, places(), lexicon()):
        found += table.find(text, lower)
    return found
