"""Strategies: adoptsStrategy.

- a quoted strategy: "its core strategy of 'All in AGI'", "an 'Asia first' approach";
- "<Company> focuses on / pursues / adopted X";
- "<Company>'s asset-light approach", "Acme's platform-based matrix";
- "the layout / strategy of X" after the company it belongs to;
- "<Company> regards / sees X as the best way ...", "<Company> is shifting towards X".

Only companies adopt strategies (the ontology's domain); a phrase naming a
place is left to the market patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kg.extract.lexicon import alternation, cue, data, literal_alternation, lower_regex
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.phrases import clause_end, drop_leading, split_list
from kg.extract.relations.claims import claim, triggered_by, with_status
from kg.extract.relations.presence import actor
from kg.extract.view import PLACES, Claim, View

COMPANIES = ("Company", UNTYPED)
_ARTICLES = frozenset(("the", "a", "an", "its", "their", "our", "this", "that", "his", "her"))
_TRAILING_WORDS = re.compile(r"(?:\s+(?:of|to|in|for|with|by|on|at|the|a|an|and|or))+$", re.IGNORECASE)
_PREPOSITION = re.compile(
    r"\s(?:of|from|to|in|for|with|by|across|through|at|on|as|into|over|among|while|rather\s+than|than|"
    r"and\s+(?:then|also))\s",
    re.IGNORECASE,
)


@cache
def _quoted_regex() -> re.Pattern[str]:
    cues = literal_alternation(data("strategies")["quote_cues"])
    return lower_regex(
        rf"(?<![\w-]){cues}\b[^\".;]{{0,30}}?\"(?P<s>[^\"]{{2,80}})\""
        rf"|\"(?P<t>[^\"]{{2,80}})\"\s+{cues}\b"
    )


@cache
def _cue_regex(kind: str) -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){cue('adoptsStrategy', kind)}\s+(?!\")")


@triggered_by('"')
def quoted(view: View) -> Iterator[Claim]:
    """A strategy in quotes, named as one."""
    for match in _quoted_regex().finditer(view.lower):
        group = "s" if match.group("s") else "t"
        subject = view.subject_before(match.start(), COMPANIES)
        name = " ".join(view.text[match.start(group) : match.end(group)].split()).strip(" .,")
        if subject and name:
            strategy = Mention(match.start(group), match.end(group), name, "Strategy", name, "cue", 0.9)
            yield claim(view, _company(subject), "adoptsStrategy", strategy, match.start(), confidence=0.9)


@triggered_by(("adoptsStrategy", "focus"))
def focuses(view: View) -> Iterator[Claim]:
    """ "<Company> focuses on / pursues / adopted X": X is the strategy, unless it names a place."""
    for match in _cue_regex("focus").finditer(view.lower):
        subject = view.subject_before(match.start(), COMPANIES)
        end = clause_end(view.text, match.end())
        if (
            subject is None
            or '"' in view.text[match.end() : end + 1]
            or any(m.type in PLACES for m in view.between(match.end(), end))
        ):
            continue
        for start, stop in split_list(view.text, match.end(), end):
            strategy = _strategy(view, start, stop)
            if strategy and _names_products(view, strategy):
                segment = Mention(strategy.start, strategy.end, strategy.name, "Segment", strategy.surface, "cue", 0.7)
                yield claim(view, _company(subject), "competesIn", segment, match.start(), confidence=0.7)
            elif strategy:
                yield claim(view, _company(subject), "adoptsStrategy", strategy, match.start(), confidence=0.7)


def _names_products(view: View, phrase: Mention) -> bool:
    """ "focused on strategy games" names a kind of product: a segment to compete in, not a strategy."""
    head = phrase.name.split()[-1].lower()
    nouns = _product_nouns()
    return (
        head in nouns
        or head.rstrip("s") in nouns
        or any(m.type == "Segment" for m in view.between(phrase.start, phrase.end))
    )


@cache
def _product_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in data("names")["type_cues"]["Product"])


def _strategy(view: View, start: int, end: int, confidence: float = 0.7) -> Mention | None:
    """A strategy phrase cleaned of articles and cut at its first preposition."""
    start, end = drop_leading(view.text, start, end, _ARTICLES)
    cut = _PREPOSITION.search(view.text, start, end)
    end = cut.start() if cut else end
    name = _TRAILING_WORDS.sub("", view.text[start:end].strip(" ,."))
    words = name.split()
    if not 1 <= len(words) <= 6 or not name.replace("-", "").replace(" ", "").isalpha() or not name[0].islower():
        return None
    if words[0].lower() in {"it", "them", "this", "that", "these", "those", "which", "what", "how"}:
        return None
    return Mention(start, end, name, "Strategy", name, "cue", confidence)


@cache
def _possessive_regex() -> re.Pattern[str]:
    heads = literal_alternation(data("strategies")["heads"])
    return re.compile(rf"(?:'s|')\s+(?P<x>(?:[a-z][\w-]*,?\s+){{1,4}}?){heads}\b")


@triggered_by("'")
def possessive(view: View) -> Iterator[Claim]:
    """ "Acme's asset-light approach": a named company's approach, with the head word kept."""
    for match in _possessive_regex().finditer(view.text):
        owner = next(
            (m for m in reversed(view.mentions) if m.end <= match.start() + 1 and m.end >= match.start() - 1), None
        )
        if owner is None or owner.type not in COMPANIES:
            continue
        name = " ".join(view.text[match.start("x") : match.end()].replace(",", " ").split())
        strategy = Mention(match.start("x"), match.end(), name, "Strategy", name, "cue", 0.7)
        yield claim(view, _company(owner), "adoptsStrategy", strategy, match.start(), confidence=0.7)


@cache
def _is_regex() -> re.Pattern[str]:
    heads = literal_alternation(data("strategies")["heads"])
    return lower_regex(
        rf"(?:(?<![\w-])(?:its|their)|'s|')\s+(?:[\w-]+\s+)?{heads}\s+"
        rf"(?:is|was|remains|has\s+been|will\s+be)\s+(?:to\s+)?"
    )


@triggered_by(" is ", " was ", " remains ", " has been ", " will be ")
def stated(view: View) -> Iterator[Claim]:
    """ "Its approach is a platform-based matrix ...": the owner's strategy, cut at its first preposition."""
    for match in _is_regex().finditer(view.lower):
        owner = next((m for m in view.mentions if m.start <= match.start() <= m.end), None)
        owner = owner or view.subject_before(match.start(), COMPANIES)
        end = clause_end(view.text, match.end())
        strategy = _strategy(view, match.end(), end) if owner and owner.type in COMPANIES else None
        if strategy and owner:
            yield claim(view, _company(owner), "adoptsStrategy", strategy, match.start(), confidence=0.7)


@triggered_by(("adoptsStrategy", "of"))
def layout_of(view: View) -> Iterator[Claim]:
    """ "<Company> has completed the layout of X", "a strategy of X"."""
    for match in _cue_regex("of").finditer(view.lower):
        subject = view.subject_before(match.start(), COMPANIES)
        if subject is None:
            continue
        start, end = split_list(view.text, match.end(), clause_end(view.text, match.end()))[0]
        strategy = _strategy(view, start, end)
        if strategy and not any(m.type in PLACES for m in view.between(strategy.start, strategy.end)):
            yield claim(view, _company(subject), "adoptsStrategy", strategy, match.start(), confidence=0.7)


#: "regards local assembly as the cheapest way into Africa", "sees franchising as the fastest route to scale":
#: what a company holds to be its way forward (a name there, "views Jakarta as a testing ground", is a place).
_REGARDED = re.compile(
    r"\b(?:regards?|regarded|sees|saw|views?|viewed|considers?|considered)\s+(?P<x>(?:[a-z][\w-]*\s+){1,4}?)as\s+"
    r"(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,3}?(?:way|ways|route|path|strategy|approach|engine|key|lever|"
    r"priority|driver|recipe|formula)\b"
)
#: "has been shifting towards premium models", "is moving away from wholesale towards direct sales": the course a
#: company turns to is its strategy, a product word or not ("premium models" is how it sells, not a segment).
_SHIFT = re.compile(
    r"\b(?:shift(?:s|ed|ing)?|pivot(?:s|ed|ing)?|(?:mov(?:e|es|ed|ing)|turn(?:s|ed|ing)?)\s+away\s+from\s+"
    r"(?:[\w-]+\s+){1,4}?)\s*(?:towards?|to|into)\s+(?:the\s+|a\s+|an\s+)?(?=[a-z])"
)


@triggered_by(" as ")
def regarded(view: View) -> Iterator[Claim]:
    """ "X regards local assembly as the cheapest way into Africa": local assembly is X's strategy."""
    for match in _REGARDED.finditer(view.text):
        subject = view.subject_before(match.start(), COMPANIES)
        strategy = _strategy(view, match.start("x"), match.end("x")) if subject else None
        if subject and strategy:
            yield claim(view, _company(subject), "adoptsStrategy", strategy, match.start(), confidence=0.7)


@triggered_by("shift", "pivot", " away from ")
def shifting(view: View) -> Iterator[Claim]:
    """ "X has been shifting towards premium models": the course it turns to, unless that is a place."""
    for match in _SHIFT.finditer(view.text):
        subject = view.subject_before(match.start(), COMPANIES)
        end = clause_end(view.text, match.end())
        comma = view.text.find(",", match.end(), end)
        strategy = _strategy(view, match.end(), comma if comma > 0 else end) if subject else None
        if subject and strategy and not any(m.type in PLACES for m in view.between(strategy.start, strategy.end)):
            yield claim(view, _company(subject), "adoptsStrategy", strategy, match.start(), confidence=0.7)


@cache
def _grown_by_regex() -> re.Pattern[str]:
    modes = data("strategies")["growth_modes"]
    groups = "|".join(f"(?P<{name}>{alternation(words)})" for name, words in modes.items())
    # up to three words between the verb and "by" ("abroad largely", "in Europe mostly"); a figure ("grew by 18%")
    # is no way of growing, so only the listed modes count
    return lower_regex(
        rf"\b(?:grown|grew|grows?|growing|expanded|expands?|expanding)\s+(?:[a-z][\w-]*\s+){{0,3}}?"
        rf"(?:by|through|via)\s+(?:{groups})(?![\w-])"
    )


@triggered_by("grown", "grew", "grow", "expand")
def grown_by(view: View) -> Iterator[Claim]:
    """ "Hongda has expanded overseas mostly by acquiring rivals": the way a company grows is its strategy."""
    for match in _grown_by_regex().finditer(view.lower):
        subject = view.subject_before(match.start(), COMPANIES)
        mode = match.lastgroup
        if subject is None or mode is None:
            continue
        strategy = Mention(match.start(mode), match.end(mode), mode, "Strategy", mode, "cue", 0.7)
        yield claim(view, _company(subject), "adoptsStrategy", strategy, match.start(), confidence=0.7)


#: "Franchising has been ruled out", "Discounting is off the table": a way of doing business (one gerund opening
#: the sentence) the company rejects. Not "-thing" words ("Nothing was rejected").
_RULED_OUT = re.compile(
    r"^\W*(?P<x>(?-i:[A-Z])[a-z]{2,}(?<!thing)ing)\s+(?:has\s+been|had\s+been|was|is|were|are)\s+(?:now\s+|also\s+)?"
    r"(?:ruled\s+out|rejected|dismissed|shelved|scrapped|off\s+the\s+table)\b"
)


@triggered_by("ruled out", "rejected", "dismissed", "shelved", "scrapped", "off the table")
def ruled_out(view: View) -> Iterator[Claim]:
    """ "Franchising has been ruled out, Li said": the company in focus denies that strategy."""
    match = _RULED_OUT.match(view.text)
    if match is None or any(m.start < match.end("x") and match.start("x") < m.end for m in view.mentions):
        return  # "Beijing was rejected": a name, not a way of doing business
    subject = actor(view, match.end(), COMPANIES)
    if subject is None:
        return
    name = match.group("x").lower()
    strategy = Mention(match.start("x"), match.end("x"), name, "Strategy", match.group("x"), "cue", 0.7)
    made = claim(view, _company(subject), "adoptsStrategy", strategy, match.start("x"), confidence=0.7)
    yield with_status(made, "denied")


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


PATTERNS = (quoted, focuses, possessive, stated, layout_of, regarded, shifting, grown_by, ruled_out)
