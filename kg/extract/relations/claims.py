"""What every relation pattern builds on: a claim with the status its words give, dates, and the trigger words
that decide which patterns a sentence runs."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache

from kg.extract.mentions import Mention
from kg.extract.modality import status
from kg.extract.view import Claim, View

Pattern = Callable[[View], Iterator[Claim]]
_WORDY = re.compile(r"[a-z]{2}")
#: Where a verb phrase ends. "and a" / "and an" joins two things and "and to" two infinitives under one verb, not
#: two verbs: in "will put money into Japan, much of it going to a studio and a development office" the office is
#: as planned as the studio.
_CONJUNCTION = re.compile(r"\s(?:and(?!\s+(?:a|an|to)\s)|but|while|whereas|yet)\s|;", re.IGNORECASE)
_DENIED_BEFORE = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected|dismissed|refuted|ruled\s+out)\b[^.;]*\bthat\s+$", re.IGNORECASE
)

_DENIED_RIGHT_BEFORE = re.compile(r"\b(?:denied|denies|deny|denying)\s+$", re.IGNORECASE)


def claim(
    view: View,
    subject: Mention,
    relation: str,
    obj: Mention,
    cue_start: int,
    *,
    qualifiers: tuple[tuple[str, str], ...] = (),
    confidence: float = 0.85,
    note: str | None = None,
) -> Claim:
    """A claim whose status comes from the words between its subject and its cue."""
    window = (
        _main_clause_words(view, subject.end, cue_start)
        if subject.end <= cue_start
        else view.text[max(0, cue_start - 40) : cue_start]
    )
    opened = _last_relative(window) if ", " in window else None
    if opened is not None:
        # "Malaysia would be its second market after Singapore, where it opened stores in 2023": a relative clause
        # has a tense of its own, which the main clause's plan does not reach
        window = window[opened:]
    if (
        relation == "expandsInto"
        and subject.origin == "anaphor"
        and subject.surface.lower() in ("its", "their")
        and 0 <= cue_start - subject.end < 30
    ):
        # "said it would step up its push into X": a possessive's move takes the status of the verb governing it
        # (not its stake or its holding, which it has whatever is done with them)
        window = view.text[max(0, subject.start - 50) : subject.start] + window
    # "will assemble cars in Spain after signing a deal with Ebro": what follows "after" is done, whatever the
    # main clause plans
    found = None if _DONE_BEFORE.search(window) else _window_status(window, _cue_word(view.text, cue_start))
    if subject.end <= cue_start and _denied_before(view.text, subject.start):
        found = "denied"
    if found is None and relation in _MOVES and obj.end > 0 and _FUTURE_AFTER.match(view.text, obj.end):
        found = "planned"  # "goes on sale in Kenya next month": a time still to come after the object
    if found is None and relation in _MOVES and obj.end > 0 and _DUE_AFTER.match(view.text, obj.end):
        found = "planned"  # "a second plant in Binh Duong, Vietnam, ..., is due to start this summer"
    if found == "planned" and earlier_market(view.text, obj):
        found = None  # "Malaysia would be its second market after Singapore": the plan is Malaysia's, not Singapore's
    if found == "planned" and relation == "partnersWith" and _AGREED.search(window):
        found = None  # "has agreed to form a joint venture with X": the agreement is already a partnership
    if found:
        qualifiers = (*qualifiers, ("status", found))
    sure = confidence * (subject.confidence + obj.confidence) / 2
    return Claim(subject, relation, obj, tuple(qualifiers), round(sure, 3), note)


_DONE_BEFORE = re.compile(r"\b(?:after|since|following|having)\s+$", re.IGNORECASE)
_AGREED = re.compile(r"\bagree(?:d|s)\s+to\b", re.IGNORECASE)
#: An ordinal market and "after" before a place: the place is the market entered before.
_EARLIER_MARKET = re.compile(
    r"\b(?:second|third|fourth|fifth|sixth|next|\d+(?:st|nd|rd|th))\s+(?:[\w-]+\s+){0,2}?"
    r"(?:markets?|country|countries|destinations?)\s+(?:abroad\s+|overseas\s+|outside\s+China\s+)?after\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def earlier_market(text: str, place: Mention) -> bool:
    """Whether ``place`` is named as the market entered before an ordinal one ("its second market after Singapore")."""
    return place.start > 0 and bool(_EARLIER_MARKET.search(text, max(0, place.start - 60), place.start))


_RELATIVE_OPENER = re.compile(r",\s+(?:where|which|who|whose|when)\b", re.IGNORECASE)


def _last_relative(window: str) -> int | None:
    """Where the relative clause that ``window`` ends in opens, if it ends in one (not one a comma closed: "talks
    with B, which holds the franchise, about entering")."""
    found = list(_RELATIVE_OPENER.finditer(window))
    return found[-1].start() if found and "," not in window[found[-1].end() :] else None


#: What a facility in the object's place is still to do, told after it: ", with capacity for 5 million frames, is due
#: to start", " is set to open".
_DUE_AFTER = re.compile(
    r"(?:\s*,[^;.,]{0,90},)?\s+(?:is|are)\s+(?:due|set|scheduled|expected|slated|planned)\s+to\s+"
    r"(?:start|open|begin|come|enter|be\s+(?:built|completed|finished|opened))\b"
)
#: Relations a time after their object dates: where a company goes or launches, not what it owns or makes.
_MOVES = frozenset(("expandsInto", "operatesIn", "locatedIn", "launches"))
_FUTURE_AFTER = re.compile(
    r"\s+(?:(?:in|from|by)\s+)?(?:next\s+(?:year|month|week|quarter|spring|summer|autumn|winter)|later\s+this\s+year|"
    # "to launch its wallet in Malaysia by the end of the year"
    r"the\s+end\s+of\s+(?:the|this|next)\s+(?:year|quarter|month|decade))\b",
    re.IGNORECASE,
)


#: Cached: the words between a subject and its cue ("", " has", " plans to") recur throughout a corpus.
@lru_cache(maxsize=4096)
def _window_status(window: str, cue_word: str) -> str | None:
    """The status the words before a cue (from its clause on) and the cue's own word give a claim.

    "will open a plant in A and set up an office in B": a bare verb after "and" shares the plan of the verb before.
    """
    last = _last_clause(window)
    words = f"{last} {cue_word}"
    found = status(words) if _WORDY.search(words) else None
    if found is None and last != window and _BARE_VERB.match(f"{last} {cue_word}".strip()):
        shared = _PLAN_BEFORE.search(window[: len(window) - len(last)])
        return "planned" if shared else None
    return found


#: A clause that is a bare verb ("and set", "and open"), no tense of its own.
_BARE_VERB = re.compile(
    r"(?:(?:also|then|later)\s+)?(?:open|build|set|launch|enter|start|create|establish|add|expand|invest|hire|begin|"
    r"roll|bring|make|sell|ship|supply|acquire|buy|form|sign|list|move|relocate|produce|assemble|manufacture|develop|"
    r"introduce|release|run|operate|use|take)\b",
    re.IGNORECASE,
)
#: A plan's verb before the coordinated one: "will open ... and", "plans to build ... and".
_PLAN_BEFORE = re.compile(
    r"^\s*(?:\w+\s+)?(?:will|would|plans?\s+to|aims?\s+to|intends?\s+to|(?:is|are)\s+(?:set\s+|due\s+|expected\s+)?to)\s",
    re.IGNORECASE,
)


def _main_clause_words(view: View, start: int, end: int) -> str:
    """The words from ``start`` to ``end`` without the closed relative clauses in between: in "X, which plans to
    enter Ghana, opened a plant in Kenya" the plan is the relative clause's, not the opening's."""
    if "," not in view.text[start:end]:
        return view.text[start:end]
    asides = [(s, e) for s, e in view.closed_relatives() if start <= s and e <= end]
    if not asides:
        return view.text[start:end]
    words, at = [], start
    for s, e in asides:
        words.append(view.text[at:s])
        at = e
    return " ".join([*words, view.text[at:end]])


def _denied_before(text: str, pos: int) -> bool:
    """ "denied reports that <subject> ...": a denial's "that" stands right before ``pos``.

    Checking for the "that" first spares the search for nearly every subject, which has none.
    """
    start = max(0, pos - 120)
    if text[start:pos].rstrip()[-4:].lower() != "that":
        # "Lanshan denied it had offered ...": the "that" left out
        return bool(_DENIED_RIGHT_BEFORE.search(text, start, pos))
    return bool(_DENIED_BEFORE.search(text, start, pos))


def plain(made: Claim) -> Claim:
    """The claim without a ``status``: what it says holds whatever the clause around it plans or denies."""
    return replace(made, qualifiers=tuple(q for q in made.qualifiers if q[0] != "status"))


def replaced_status(made: Claim, value: str) -> Claim:
    """The claim with ``status`` ``value`` in place of any it had."""
    return replace(made, qualifiers=(*(q for q in made.qualifiers if q[0] != "status"), ("status", value)))


def with_status(made: Claim, value: str) -> Claim:
    """The claim with ``status`` set, unless the sentence already gave it one."""
    if any(k == "status" for k, _ in made.qualifiers):
        return made
    return replace(made, qualifiers=(*made.qualifiers, ("status", value)))


#: A relative clause hung on a noun set beside the clause: "wants to build near its buyers, a strategy that is
#: already taking it to Poland" (the wish is not the move).
_APPOSED_RELATIVE = re.compile(r",\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,4}?(?:that|which)\s", re.IGNORECASE)


#: A clause of time or reason set off by a comma: "will not become a shareholder ..., almost a year after the
#: Chinese maker of SUVs said": the main clause's "not" does not reach into it ("will not, after all," does).
_SUBORDINATE = re.compile(
    r",\s+(?:(?:almost|nearly|about|some|just|only|less\s+than|more\s+than)\s+)?"
    r"(?:(?:a|an|one|two|three|four|five|six|several|\d+)\s+(?:years?|months?|weeks?|days?)\s+)?"
    r"(?:after|before|since|because|although|though|as)\s+(?!all\b|well\b|part\b|much\b|many\b|of\b)",
    re.IGNORECASE,
)


#: A phrase fronted before the main clause, closed by its comma: "To reach players who do not hold credit cards, ",
#: "For shoppers who have no bank account, ".
_FRONTED_PHRASE = re.compile(r"^\W*(?:to|for|with|without|unlike|despite)\s[^,]*,\s+", re.IGNORECASE)


def _last_clause(window: str) -> str:
    """The words after the last conjunction: in "stopped X and now relies on Y", Y's verb is "now relies"."""
    cuts = [
        *_CONJUNCTION.finditer(window),
        *_APPOSED_RELATIVE.finditer(window),
        *_SUBORDINATE.finditer(window),
        *_FRONTED_PHRASE.finditer(window),
    ]
    return window[max(c.end() for c in cuts) :] if cuts else window


def _cue_word(text: str, start: int) -> str:
    """The cue's own first word: "exited" and "denied" carry a status themselves, and so does a plan's verb with
    its "to" ("Spain, where it plans to open eight stores": the cue starts at "plans")."""
    end = text.find(" ", start)
    word = text[start:end] if end >= 0 else text[start:]
    if end >= 0 and _PLAN_VERB.fullmatch(word) and text.startswith(" to ", end):
        return word + " to"
    return word


_PLAN_VERB = re.compile(r"(?:plan|aim|intend|hope|want|expect)(?:s|ed|ing)?", re.IGNORECASE)


def dated(view: View, *keys: str, near: Mention | None = None) -> tuple[tuple[str, str], ...]:
    """The date and since qualifiers a sentence gives, under the keys asked for (the date right after ``near``)."""
    out = []
    date = view.date(near) if "date" in keys else None
    if date:
        out.append(("date", date))
    if "since" in keys and view.since():
        out.append(("since", view.since() or ""))
    return tuple(out)


def triggered_by(*sources: str | tuple[str, str]) -> Callable[[Pattern], Pattern]:
    """Mark the words a pattern needs: :func:`read` runs it only on sentences holding one of them.

    A source is a cue of ``cues.yaml`` as ``(relation, kind)`` or a plain
    lower-case word; a cue that requires no particular word makes the pattern
    run on every sentence.
    """

    def mark(pattern: Pattern) -> Pattern:
        pattern.triggers = sources  # type: ignore[attr-defined]
        return pattern

    return mark
