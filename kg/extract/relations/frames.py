"""Relation frames: a cue and the names listed after it in its clause.

"its customers include A, B and C", "talks with A", "sponsor of A and B",
"its brands, A and B", "its flagship app A": one mechanism for every
relation whose object is a named organisation or product
(``data/frames.yaml``).  The subject is found as for presence (the clause's
company, else the sentence's, else the one in focus), so "the firm's
customers include A" and a subject-less "... and supplies B" are read alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from kg.extract.lexicon import alternation, data, lower_regex
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.relations import claim, triggered_by
from kg.extract.relations.presence import actor
from kg.extract.view import Claim, View

#: How far after its cue the first object may stand (characters).
FIRST_WITHIN = 45


@cache
def _frames() -> dict[str, dict]:
    return dict(data("frames"))


@cache
def _cue_regex() -> object:
    # Group names are lower-cased with the pattern, so frames are named by position.
    groups = "|".join(f"(?P<f{i}>{alternation(spec['cues'])})" for i, spec in enumerate(_frames().values()))
    return lower_regex(rf"(?<![\w-])(?:{groups})(?![\w-])")


@triggered_by()
def frames(view: View) -> Iterator[Claim]:
    """A claim to every name a frame's cue lists after it."""
    if len(view.mentions) < 1:
        return
    for match in _cue_regex().finditer(view.lower):
        relation, spec = list(_frames().items())[int((match.lastgroup or "f0")[1:])]
        objects = view.listed_after(match.end(), tuple(spec["objects"]), within=FIRST_WITHIN)
        objects = [o for o in objects if o.origin != "anaphor"]
        if not objects:
            continue
        subject = actor(view, match.start())
        if subject is None:
            continue
        for obj in objects:
            if obj.name == subject.name or (subject.start <= obj.start < subject.end):
                continue
            typed = obj.typed(spec["as"], obj.confidence) if obj.type == UNTYPED else obj
            yield claim(view, _company(subject), relation, typed, match.start(), confidence=spec["confidence"])


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


PATTERNS = (frames,)
