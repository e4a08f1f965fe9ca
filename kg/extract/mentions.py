"""Mentions: a stretch of a sentence that names a thing, and what it names.

Several recognisers propose mentions (known entities, places, lexicons,
guessed names, anaphors); :func:`select` keeps one reading of each stretch,
preferring the longest, then the most trusted origin.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: Origins from the most to the least trusted; an earlier one wins a tie.
ORIGINS = ("known", "place", "city", "cue", "lexicon", "guess", "anaphor")
#: Lexicon phrases and guesses give way to any overlapping mention a gazetteer, a cue or an anaphor
#: vouches for; within a tier the longest wins ("the fintech" over "fintech", "the Hangzhou-based
#: company" over "Hangzhou").
_TIER = {"known": 0, "place": 0, "city": 0, "cue": 0, "anaphor": 0, "lexicon": 1, "guess": 1}
#: Types a guessed name gets when nothing says more; the relation it fills may say more.
UNTYPED = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in a sentence: offsets into the sentence's normalised text, canonical name, type."""

    start: int
    end: int
    name: str
    type: str
    surface: str
    origin: str
    confidence: float = 1.0

    @property
    def guessed(self) -> bool:
        return self.origin == "guess"

    def typed(self, type_: str, confidence: float | None = None) -> Mention:
        """The same mention with a type it did not have (a guessed name in a relation slot)."""
        sure = self.confidence if confidence is None else confidence
        return Mention(self.start, self.end, self.name, type_, self.surface, self.origin, sure)


_TRUST = {origin: i for i, origin in enumerate(ORIGINS)}


def _rank(m: Mention) -> tuple[int, int, int, int]:
    return (_TIER[m.origin], -(m.end - m.start), _TRUST[m.origin], m.start)


def select(candidates: Iterable[Mention]) -> list[Mention]:
    """Non-overlapping mentions in sentence order: vouched-for first, then longest, then most trusted."""
    chosen: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in sorted(candidates, key=_rank):
        if all(m.end <= s or m.start >= e for s, e in taken):
            chosen.append(m)
            taken.append((m.start, m.end))
    return sorted(chosen, key=lambda m: m.start)


def one_name(a: str, b: str) -> bool:
    """Whether one of two names is the other's short form, all its words the other's: "Hengrui" and "Jiangsu Hengrui
    Pharmaceuticals", "Lumina" and "Lumina Gold"."""
    x, y = set(a.split()), set(b.split())
    return bool(x) and bool(y) and (x <= y or y <= x)
