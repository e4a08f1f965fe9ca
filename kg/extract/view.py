"""One sentence as the relation patterns see it: text, mentions, periods, the company in focus.

The helpers answer the questions every pattern asks: who is the subject
before this verb, which names are listed after it ("in Germany and the US"),
which date does the sentence give.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kg.extract.mentions import UNTYPED, Mention
from kg.extract.periods import Period

#: Types a subject may have when a relation's domain allows organisations; "" is a name nothing typed yet.
ORGANISATIONS = ("Company", "Brand", "Organization", UNTYPED)
PLACES = ("Country", "Region")
_AND_WORD = re.compile(r"\b(?:and|or)\b")
_LIST_GAP = re.compile(
    r"^(?:\s+(?:in|since|from|by|during)\s+(?:[\w-]+\s+){0,3}?(?:19|20)\d\d)?"
    # "Pelton, a Dutch pump maker, and Arvik": an item's apposition, closed by its comma, before the next item
    r"(?:\s*,\s+(?:a|an|the|its|their)\s+[a-zA-Z][\w' -]{0,40}?(?=\s*,\s*(?:and|or)\s))?"
    r"\s*(?:,\s*(?:and\s+|or\s+|as\s+well\s+as\s+)?|and\s+|or\s+|&\s+|as\s+well\s+as\s+)"
    r"(?:also\s+)?(?:in\s+|to\s+|into\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
#: An apposition that ends by opening a relative clause: ", a workshop in Braunschweig that".
_OPENS_RELATIVE = re.compile(r"\s(?:that|which|who)$")
_APPOSITION = re.compile(
    r",\s+(?:(?:a|an|the|its|their|one\s+of|(?:owned|backed|controlled|run|founded|led)\s+by)\s+|"
    # "Velia, Maison Orsel's budget label, opened ...": an owner's possessive and a noun
    r"(?-i:[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}(?:'s|\u2019s)\s+(?=[a-z][^,;]{0,60},)))"
    r"[^,;]{1,140}?(?:,|(?=\s(?:has|have|had|is|was|will|said|says)\b))"
    # "control of Ostrava Grid, a utility that operates in Slovakia.": one opened by "a" may end the sentence
    # (not one holding a clause with its own subject: "Wenling Brunei, a venture in which the group holds 70%.")
    r"|,\s+an?\s+(?![^,;]*\b(?:which|whom|whose|where)\b)[^,;]{1,140}?(?=[.!?]?\s*$)",
    re.IGNORECASE,
)
#: An apposition whose words are its owner's ("Carizon, its joint venture with CARIAD", "X, a joint venture with
#: SoftBank"): what it says is the owner's deal, not the venture's.
_OWNER_SPEAKS = re.compile(r",\s+(?:(?:its|their)\s|[A-Z][\w&.-]*(?:'s|\u2019s)\s|[^,;]*\bventure\b)", re.IGNORECASE)
#: "Keeta, the app operated by Meituan, will ...": a passive verb's agent follows it.
_AGENT = re.compile(r"[a-z]+ed\s+by\b", re.IGNORECASE)
#: After a fronted phrase's comma, a clause, not an apposition: "Besides Vespari, the group owns Kiway, ...".
_CLAUSE_AFTER_COMMA = re.compile(
    r",\s+(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:group|company|firm|carmaker|maker|brand|chain|business)\s+"
    r"(?:also\s+|now\s+|still\s+)?(?:owns|runs|has|had|sells|sold|makes|made|operates|opened|bought|plans|will|is|was|"
    r"said|says|agreed|added|entered|launched|relies|relied|uses|used|works|worked|signed|ships|shipped|exports|"
    r"exported|offers|offered|supplies|supplied|expects|expected|wants|aims|hopes|intends|sees|saw|employs|"
    r"counts|holds|held|built|builds|began|begins|started|starts|set|sets|moved|moves|depends|depended)\b",
    re.IGNORECASE,
)
#: A name right after one of these is the object of a preposition, not a subject ("an office in São Paulo").
_GOVERNED = re.compile(
    r"\b(?:in|at|from|to|with|of|for|by|into|across|on|than|like|including|via|through|under|over|"
    r"between|among|about|against|outside|near|such\s+as|namely|past|behind|beyond|ahead\s+of|over)\s+(?:the\s+)?$"
    # "sells under its Aerolux brand": the brand goods are sold under is no seller
    r"|\bunder\s+(?:its|their|our)\s+$",
    re.IGNORECASE,
)
_RIGHT_AFTER = re.compile(r"\s+(?:in|on|during|from|by)\s+(?:the\s+)?", re.IGNORECASE)
#: Where one clause ends and another, which may have dates of its own, starts: "..., but", "; ", "and plans to".
_DATE_CLAUSE_BREAK = re.compile(
    r",\s+(?:and|but|while|whereas)\s+|;\s*|\s(?:but|while|whereas)\s|\sand\s+(?=(?:also\s+|now\s+|then\s+|later\s+)?"
    r"(?:plans?|aims?|intends?|expects?|hopes?|wants?|will|would|has|have|had|is|was|are|were|[a-z]+ed)\s)"
)
#: "After entering Kenya in 2022, X ...": a fronted subordinate clause, whose date is its own.
_FRONTED_CLAUSE = re.compile(r"\W*(?:after|before|since|following|having|when|once|until|upon|while)\b[^,;]{0,120},\s*")
_INFINITIVE = re.compile(r"\bto\s+(?:\w+ly\s+)?$", re.IGNORECASE)
#: Companies a sentence names only by a plural noun, then a relative clause saying what they do ("manufacturers
#: that have opened plants in Vietnam"): the clause is theirs, not a name's before them.
OTHERS = (
    r"(?:manufacturers|makers|companies|firms|brands|rivals|competitors|suppliers|exporters|carmakers|automakers|"
    r"retailers|producers|players|peers|customers|clients|groups|businesses|merchants|sellers)"
)
_OTHERS_WHO = re.compile(rf"\b{OTHERS}\s+(?:that|which|who)\b")
#: "A owns B in Germany and runs plants in India", "A formed a venture with B and has since supplied ...": the verb
#: after "and" shares the clause's subject, not the object named last.
_COORDINATED_VERB = re.compile(
    r"\band\s+(?:(?:already|still|currently|recently)\s+)?"
    r"(?:(?:also|now|later|since|then|has|have|had|will|is|was|[a-z]+(?:s|ed)|took|bought|won|built|sold|made|"
    r"set|began|ran|held|got|put|led|brought|grew|became|kept|saw|paid)\s+(?:[a-z][\w-]*\s+){0,3})?$"
    # "bought A, and in 2022 bought B": a time or place put before the second verb
    r"|\band\s+(?:in|by|during|since|last|early|late)\s+(?:[\w-]+\s+){0,2}?$"
)
#: "A owns B, a bakery chain, and agreed last week to buy a 25% stake in C": a verb after ", and", then an
#: infinitive whose object carries the cue.
_COORDINATED_INFINITIVE = re.compile(
    r",\s+and\s+(?:also\s+|later\s+|then\s+)?[a-z]+(?:s|ed)\s+(?:[a-z][\w-]*\s+){0,3}?to\s+[a-z]+\s+"
    r"(?:[\w%.,-]+\s+){0,4}$"
)
#: "Shenzhen-based", "Chengdu-founded": the attribute that makes a place a company's home, not its market.
HOME_ATTRIBUTE = re.compile(r"-(?:based|headquartered|founded|born|listed)\b\s*")
_ARTICLE = re.compile(r"\s*(?:(?:the|a|an)\s+)?")
_COMMA = re.compile(r"\s*,\s*")
#: Between a relative clause's antecedent and its ", which": nothing, or the noun of a name used as a modifier
#: ("the Brevo brand, which is also sold in Spain": the brand is sold there).
_ANTECEDENT_GAP = re.compile(r"(?:\s+(?:brand|label|marque))?\s*,\s*")
_PUNCTUATION = re.compile(r"[,;:.()\"]")
#: The word boundary is checked once for all the words, which halves the scan.
_PRONOUN_SUBJECT = re.compile(r",?\s+(?:it|they|we|he|she)\s")
#: ", which it" / ", where it" still open (no comma since) before a cue: the cue is the relative clause's.
_OPEN_RELATIVE = re.compile(r",\s+(?:which|where)\s+[^,;]*$")
_CLAUSE_CLOSED = re.compile(r",\s+(?:and|but)\s+(?:in|into|to|across)\s")
#: A verb right after a name (maybe after an adverb): the name is a clause's subject.
VERB_NEXT = re.compile(
    r"\s+(?:(?:later|then|also|itself|soon|eventually|quickly|now|has|have|had|will|would)\s+)?"
    r"(?:[a-z]+ed|said|says|sold|bought|took|made|won|ran|grew|fell|rose|plans|agreed|is|was|are|were)\b"
)
_DESCRIBED_GAP = re.compile(
    # "in 2008, German dry-mortar equipment maker m-tec": the item before may close with its year, and a
    # nationality may open the description
    r"(?:\s+(?:in|since)\s+(?:[\w-]+\s+){0,2}?(?:19|20)\d\d)?"
    r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s+|as\s+well\s+as\s+)(?:[A-Z][a-z]+\s+)?"
    r"(?:[a-z][\w-]*\s+){0,3}?(?P<head>[a-z][\w-]*)\s+"
)


def _described_gap(gap: str) -> bool:
    """Whether ``gap`` joins the next list item with its description: ", grocer Pellmart", "and logistics group
    Dunmore" (a noun that says what kind of company the name after it is, with up to two words before it)."""
    from kg.extract.names import type_cue

    match = _DESCRIBED_GAP.fullmatch(gap)
    return match is not None and (
        type_cue(match.group("head")) in ("Company", "Organization", "Brand") or match.group("head") in _ROLE_HEADS
    )


#: "from Temasek and existing backers GGV and Matrix": a party's role before the next item is the list's own
_ROLE_HEADS = frozenset("shareholders shareholder backers backer investors investor lenders lender".split())


#: An item's description that a semicolon closes: ", a subsidiary of China Unicom;", ", owned by Citic;".
_APPOSED_ITEM = re.compile(
    r",\s+(?:a|an|the|its|their|(?:owned|backed|controlled|run|led)\s+by)\s+[^;.]{1,100}?(?=;)", re.IGNORECASE
)
_SEMICOLON_GAP = re.compile(r";\s+(?:and\s+)?(?:the\s+)?")
#: A counted or kind group, then its members: "40 airlines, among them", "several European retailers, such as".
_GROUP_THEN_MEMBERS = re.compile(
    r"\s*(?:[\w-]+\s+){0,5}?(?:[a-z][\w-]*s,\s+(?:among\s+them|including|such\s+as|notably|like|led\s+by)|"
    # "operations in six countries: Poland, Romania and Spain": the members after a colon
    r"(?:countries|markets|nations|cities|regions|states|provinces):|"
    # "Southeast Asian countries like A and B": places need no comma before their members, nor do companies
    # ("a supplier to global brands including A and B")
    r"(?:countries|markets|nations|economies|cities|destinations|brands|companies|carmakers|automakers|retailers|"
    r"chains|manufacturers|firms|groups|customers|clients)\s+(?:such\s+as|like|including))\s+"
)
_BARRIER = re.compile(
    r";|\b(?:which|while|whereas|but|who|whose|said|says|according to|reports|reported|wrote|writes|noted|notes)\b",
    re.IGNORECASE,
)
#: The barriers in lower-cased ASCII text: the same matches without the case-blind flag, found faster.
_BARRIER_LOWER = re.compile(_BARRIER.pattern)
_RELATIVE = re.compile(r"(?P<comma>,\s+)(?:which|who|whose|that)\b[^,;]*$")
#: ", which owns brands such as A, B and C, has ...": a relative clause closed by the comma before its
#: clause's verb. What it mentions is not the subject of the verb after it.
_CLOSED_RELATIVE = re.compile(
    r",\s+(?:(?:both|all|each|most|many|some|two|three|four)\s+of\s+(?:which|whom)|which|who|whose|where)\b"
    # "which supplies balls, rubbers and tables to clubs": a list item after the comma, not the antecedent's verb
    r"[^;]{1,200}?,\s+(?![a-z]+(?:,|\s+(?:and|or)\s))(?=(?:has|have|had|is|are|was|were|will|would|can|could|may|might|"
    r"should|must|also|now|already|still|recently|[a-z]+ed|[a-z]+s|spent|sold|made|took|won|grew|rose|fell|bought|"
    r"built|paid|led|ran|began|became|kept|held|saw|put|set|cut|got|brought)\b)"
)
#: ", the report says," between a subject and its verb is an aside, not the start of a new clause.
_ASIDE = re.compile(
    r",\s+(?:[\w'-]+\s+){0,4}(?:says|said|notes|noted|reports|reported|argues|argued|adds|added),\s+", re.IGNORECASE
)


_NAMED = ("Company", "Brand", "Product", "Organization", UNTYPED)
#: Two word characters: a position between them is inside a word.
_WORD_PAIR = re.compile(r"\w\w")
_T = TypeVar("_T")
_LETTER = re.compile(r"[^\W\d_]")


def _mask_names(lowered: str, mentions: list[Mention]) -> str:
    """The lower-case text with the letters of multi-word names masked, so no cue is read inside a name.

    "Best Buy" is a retailer, not a purchase; "Great Wall" builds no wall.  Offsets stay the same.
    """
    spans = [m for m in mentions if m.type in _NAMED and m.origin != "anaphor" and " " in m.surface]
    for m in spans:
        lowered = lowered[: m.start] + _LETTER.sub("x", lowered[m.start : m.end]) + lowered[m.end :]
    return lowered


@dataclass(frozen=True, slots=True)
class Claim:
    """A relation a pattern read in a sentence, before it becomes a :class:`kg.model.Fact`."""

    subject: Mention
    relation: str
    object: Mention
    qualifiers: tuple[tuple[str, str], ...] = ()
    confidence: float = 0.8
    note: str | None = None


#: A possessive and the space after it: "Sony's ", "Epic Games' ".
POSSESSIVE = re.compile(r"(?:'s|\u2019s|(?<=s)'|(?<=s)\u2019)\s+")


@dataclass
class View:
    """A sentence's normalised text with its mentions (anaphors resolved) and periods."""

    text: str
    mentions: list[Mention]
    periods: list[Period] = field(default_factory=list)
    focus: Mention | None = None
    #: The document's own company (named in its headline), for clauses and sentences without a subject.
    main: Mention | None = None
    #: Whether the company in focus was named in this sentence or the two before it.
    focus_recent: bool = True
    #: The market the story is about, the one it names most ("the local market leader" leads there).
    market: Mention | None = None
    #: The segment the story is about, the one it names most.
    segment: Mention | None = None
    #: Companies the story's company dealt with so far (bought, invested in, partnered): its counterparts.
    counterparts: frozenset[str] = frozenset()
    #: Each company's line of business so far, the segment claimed for it most often: its rivals compete in it.
    lines: Mapping[str, Mention] = field(default_factory=dict)
    #: Where the last facility the story placed stands ("a plant in Sines, Portugal"): "the plant" later is there.
    facility: Mention | None = None
    #: The text in lower case, with the same offsets (a letter whose lower case is longer stays as it is).
    lower: str = field(init=False, repr=False, compare=False)
    # Computed on first use, then kept: the patterns of a sentence ask again and again.  (Plain attributes rather
    # than functools.cached_property, which takes a lock on every first access before Python 3.12.)
    _appositions: list[tuple[int, int]] | None = field(default=None, init=False, repr=False, compare=False)
    _relatives: list[tuple[int, int]] | None = field(default=None, init=False, repr=False, compare=False)
    _barriers: tuple[list[re.Match[str]], list[int], list[int]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _asides: dict[int, bool] = field(default_factory=dict, init=False, repr=False, compare=False)
    _governed: dict[int, bool] = field(default_factory=dict, init=False, repr=False, compare=False)
    _memo: dict[Callable[[View], Any], Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lowered = self.text.lower()
        if len(lowered) != len(self.text):
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.text)
        self.lower = _mask_names(lowered, self.mentions)

    def cached(self, compute: Callable[[View], _T]) -> _T:
        """``compute(self)``, computed once per sentence: what several patterns read off it (the caller must not
        change what it gets)."""
        if compute not in self._memo:
            self._memo[compute] = compute(self)
        result: _T = self._memo[compute]
        return result

    def between(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def at(self, start: int, types: tuple[str, ...] = ()) -> Mention | None:
        """The mention starting at ``start`` after spaces and an article, if any and of ``types``."""
        skipped = _ARTICLE.match(self.text, start)
        pos = skipped.end() if skipped else start
        found = next((m for m in self.mentions if m.start == pos), None)
        home = HOME_ATTRIBUTE.match(self.text, found.end) if found is not None and found.type in PLACES else None
        if home is not None:  # "Shenzhen-based Greenway Holdings": the name after its home's attribute
            found = next((m for m in self.mentions if m.start == home.end()), None)
        return found if found and _fits(found, types) else None

    def unit_of(self, owner: Mention) -> Mention:
        """The organisation a possessive names after ``owner`` ("Sony's Team Asobi"), else ``owner`` itself."""
        gap = POSSESSIVE.match(self.text, owner.end)
        unit = next((m for m in self.mentions if m.start == gap.end()), None) if gap else None
        return unit if unit is not None and unit.type in ("Company", "Organization", UNTYPED) else owner

    def clause_end(self, pos: int, end: int) -> int:
        """``end``, or sooner the end of a closed relative clause ``pos`` lies in ("X, which sells online, plans")."""
        return min([e for s, e in self.closed_relatives() if s <= pos < e] + [end])

    def subject_before(self, pos: int, types: tuple[str, ...] = ORGANISATIONS, floor: int = 0) -> Mention | None:
        """The nearest mention of ``types`` before ``pos`` within its clause, appositions skipped.

        Inside a relative clause (", which ...") with no subject of its own, the
        subject is the name the clause hangs on.
        """
        described = self.apposed_name(pos, types)
        if described is not None:
            return described  # "Harwick, the steelmaker headquartered in Sheffield,": the apposition's own name
        closed = [(s, e) for s, e in self.closed_relatives() if e <= pos]
        barriers = [
            b
            for b in self._barriers_between(floor, pos)
            if not self._in_aside(b.start()) and not any(s <= b.start() < e for s, e in closed)
        ]
        start = barriers[-1].end() if barriers else floor
        aside = self.appositions() + closed
        if (
            _INFINITIVE.search(self.text, max(start, pos - 20), pos)
            or _COORDINATED_VERB.search(self.text, max(start, pos - 40), pos)
            or (
                ", and " in self.text[max(start, pos - 90) : pos]
                and _COORDINATED_INFINITIVE.search(self.text, max(start, pos - 90), pos) is not None
            )
        ):
            main = self._clause_subject(start, pos, types, aside)
            if main is not None:
                return main
        for m in reversed(self.mentions):
            if (
                m.end <= pos
                and m.start >= start
                and _fits(m, types)
                and not any(s <= m.start < e for s, e in aside)
                and not self._governed_mention(m)
            ):
                return None if _OTHERS_WHO.search(self.lower, m.end, pos) else m
        if barriers and barriers[-1].group().lower() in ("which", "who", "whose"):
            # "Kowhai, whose Canterbury plant exports to Japan": what the clause tells is the antecedent's
            return self._antecedent(barriers[-1].start(), types)
        return None

    def apposed_name(self, pos: int, types: tuple[str, ...]) -> Mention | None:
        """The name an apposition hangs on, when ``pos`` is a verb inside it (", the steelmaker based in")."""
        for start, end in self.appositions():
            if (
                start < pos < end
                and not _OWNER_SPEAKS.match(self.text, start, end)
                and not _AGENT.match(self.text, pos)
            ):
                # a product's apposition tells what it is; what it does there is its maker's
                return next(
                    (m for m in self.mentions if m.end == start and m.type != "Product" and _fits(m, types)), None
                )
        return None

    def _barriers_between(self, floor: int, pos: int) -> list[re.Match[str]]:
        """The clause barriers from ``floor`` to ``pos``, read off one scan of the sentence.

        A barrier of the scan that ends right at ``pos`` counts only if the word there ends too; a ``pos``
        inside a word ("who" of "whose") is searched afresh, as the text cut at ``pos`` reads.
        """
        text = self.text
        if pos > 0 and _WORD_PAIR.match(text, pos - 1):
            return list(_BARRIER.finditer(text, floor, pos))
        if self._barriers is None:
            found = list(_BARRIER_LOWER.finditer(text.lower()) if text.isascii() else _BARRIER.finditer(text))
            self._barriers = (found, [b.start() for b in found], [b.end() for b in found])
        # the barriers do not overlap: their starts and their ends both ascend
        found, starts, ends = self._barriers
        return found[bisect_left(starts, floor) : bisect_right(ends, pos)]

    def governs(self, m: Mention) -> bool:
        """Whether a preposition governs ``m``, one of this sentence's mentions (see :func:`governed`)."""
        return self._governed_mention(m)

    def _governed_mention(self, m: Mention) -> bool:
        """Whether a preposition governs ``m`` (of this sentence's mentions), directly, through a description
        or as a later item of a list: no subject then."""
        key = id(m)
        found = self._governed.get(key)
        if found is None:
            found = self._governed[key] = governed(self.text, self.mentions, m)
        return found

    def relative_antecedent(self, pos: int) -> Mention | None:
        """ "Morvan Cells, which supplies Aster Motors and is the largest cell maker in France": the name the
        relative clause around ``pos`` hangs on."""
        found = _RELATIVE.search(self.text, max(0, pos - 160), pos)
        if found is None:
            return None
        return next(
            (
                m
                for m in self.mentions
                if m.origin != "anaphor"
                and (m.end == found.start("comma") or _ANTECEDENT_GAP.fullmatch(self.text, m.end, found.end("comma")))
            ),
            None,
        )

    def _in_aside(self, pos: int) -> bool:
        """Whether ``pos`` lies in an aside such as ", the report says," (which does not end the clause)."""
        found = self._asides.get(pos)
        if found is None:
            windows = _ASIDE.finditer(self.text, max(0, pos - 60), pos + 30)
            found = self._asides[pos] = any(a.start() <= pos < a.end() for a in windows)
        return found

    def _clause_subject(self, start: int, pos: int, types: tuple[str, ...], aside: list) -> Mention | None:
        """ "A partnered with B to run its warehouses": the one who runs them is A, the clause's subject."""
        for m in self.mentions:
            if m.start < start or m.end > pos or not _fits(m, types) or any(s <= m.start < e for s, e in aside):
                continue
            owned = POSSESSIVE.match(self.text, m.end)
            if owned is not None and any(n.start == owned.end() and _fits(n, types) for n in self.mentions):
                continue  # "Alibaba's Miravia woos brands and eyes France": the possessed name is the subject
            if not _GOVERNED.search(self.text, max(0, m.start - 16), m.start):
                return m
        return None

    def _antecedent(self, pos: int, types: tuple[str, ...]) -> Mention | None:
        before = [m for m in self.mentions if m.end <= pos and _ANTECEDENT_GAP.fullmatch(self.text, m.end, pos)]
        if before and _fits(before[-1], types):
            return before[-1]
        # "Grindr, the dating app based in West Hollywood, which ...": the clause hangs on the name the apposition
        # describes
        aside = next(
            (s for s, e in self.appositions() if pos - 3 <= e <= pos and not self.text[e:pos].strip(", ")), None
        )
        if aside is None:
            return None
        named = next((m for m in reversed(self.mentions) if m.end == aside and m.origin != "anaphor"), None)
        return named if named is not None and _fits(named, types) else None

    def closed_relatives(self) -> list[tuple[int, int]]:
        """Spans of ", which ... ," that end before their antecedent's verb."""
        if self._relatives is None:
            self._relatives = (
                [(r.start(), r.end()) for r in _CLOSED_RELATIVE.finditer(self.text)] if "," in self.text else []
            )
        return self._relatives

    def appositions(self) -> list[tuple[int, int]]:
        """Spans of ", a Seoul startup," after a name: what they mention is not the clause's subject."""
        if self._appositions is None:
            # matched at each name's end: a comma earlier in the sentence ("Within six months of opening, the plant
            # shipped ...") must not swallow the apposition that follows a name
            self._appositions = [
                (a.start(), a.end())
                for end in sorted({m.end for m in self.mentions})
                if (a := _APPOSITION.match(self.text, end)) is not None and not _CLAUSE_AFTER_COMMA.match(a.group())
            ]
        return self._appositions

    def named_after(self, pos: int, types: tuple[str, ...], words: int = 4) -> Mention | None:
        """The first name after ``pos``, with at most ``words`` describing words between ("the Vietnamese app X")."""
        for m in self.mentions:
            if m.start < pos or m.origin == "anaphor":
                continue
            gap = self.text[pos : m.start]
            if _apposed_description(gap) and _fits(m, types):
                return m  # "a Vietnamese cable maker, Tien Phong Cable"
            if len(gap.split()) > words or _PUNCTUATION.search(gap):
                return None
            if _fits(m, types):
                return m
        return None

    def subject_after(self, pos: int, types: tuple[str, ...] = ORGANISATIONS) -> Mention | None:
        """The first mention of ``types`` after ``pos`` (the subject after an opening phrase)."""
        return next((m for m in self.mentions if m.start >= pos and _fits(m, types)), None)

    def listed_after(self, pos: int, types: tuple[str, ...], within: int = 40) -> list[Mention]:
        """Mentions of ``types`` listed from ``pos``: the first within ``within`` characters, then "A, B and C"."""
        window = self.text[pos : pos + 90]
        group = (
            _GROUP_THEN_MEMBERS.match(self.text, pos)
            if "," in window or " like " in window or " as " in window or " including " in window or ":" in window
            else None
        )
        if group is not None and not any(
            pos <= m.start < group.end() and m.type not in PLACES and m.origin != "lexicon" for m in self.mentions
        ):
            pos = group.end()  # "include 40 airlines, among them A and B": the members named after the group
        first = next((m for m in self.mentions if pos <= m.start <= pos + within and _fits(m, types)), None)
        if first is None or _BARRIER.search(self.text, pos, first.start) or "," in self.text[pos : first.start]:
            return []
        listed = [first]
        end = _item_end(self.text, first)
        places_listed = any(t in PLACES for t in types)
        # "Australia, which it entered through Melbourne, and ... Japan": the list ends with its relative clause
        in_relative = ", wh" in self.text and _OPEN_RELATIVE.search(self.text, max(0, pos - 100), pos) is not None
        closed_by_and = False
        for m in self.mentions:
            if m.start < end:
                continue  # inside "Lotto's China franchise": the item's own words
            if not places_listed and m.type in PLACES and _ITEM_PLACE.fullmatch(self.text, end, m.start):
                end = m.end  # "GCash in the Philippines, Dana in Indonesia": where each item is, not an item
                continue
            apposed = _APPOSED_ITEM.match(self.text, end) if ";" in self.text[end : end + 110] else None
            if apposed is not None:
                # "A, a subsidiary of B; C and D, the investment arms of E; and F": items that carry their own
                # descriptions are kept apart by semicolons
                if m.start < apposed.end():
                    continue  # a name inside the description of the item before
                if _fits(m, types) and _SEMICOLON_GAP.fullmatch(self.text, apposed.end(), m.start):
                    listed.append(m)
                    end = _item_end(self.text, m)
                    continue
            if _fits(m, types) and (
                _LIST_GAP.match(self.text[end : m.start]) or _described_gap(self.text[end : m.start])
            ):
                if "," in self.text[end : m.start] and _PRONOUN_SUBJECT.match(self.text, m.end):
                    break  # "..., and in Mexico it now ranks ...": the place opens a clause of its own
                if "," in self.text[end : m.start] and VERB_NEXT.match(self.text, m.end):
                    break  # "a stake in Orvo, and Pelt later bought it": the name is the next clause's subject
                if in_relative and _CLAUSE_CLOSED.match(self.text, end, m.start):
                    break  # ", which it entered through Melbourne, and in Japan": the main clause's again
                gap = self.text[end : m.start]
                if closed_by_and and "," in gap and "as well as" not in gap:
                    break  # "the owner of Ugg and Hoka, and VF, which ...": "and" closed the list before
                closed_by_and = closed_by_and or bool(_AND_WORD.search(gap))
                listed.append(m)
                end = _item_end(self.text, m)
            else:
                break
        return listed

    def date(self, after: Mention | None = None) -> str | None:
        """The date a sentence puts on an event: the point in time right after ``after`` if one is, else its first.

        "entered Malaysia in 2024 and the Philippines in March 2026" dates each country apart.
        """
        points = [p for p in self.periods if p.role == "point"]
        if after is not None and points:
            near = next((p for p in points if _RIGHT_AFTER.fullmatch(self.text[after.end : p.start])), None)
            if near is not None:
                return near.value
            # "opened a plant in Kenya in 2022 and plans to enter Ghana": a date belongs to its own clause, or to
            # the whole sentence when it is fronted before anything is named ("In 2022 X entered A and opened ...")
            start, end = self._date_clause(after.start)
            inside = [p for p in points if start <= p.start < end]
            if inside:
                return inside[0].value
            first_name = min([m.start for m in self.mentions], default=len(self.text))
            return points[0].value if points[0].start < first_name else None
        # "for a 70% stake in Brenninger, a workshop that had sales of 21 million euros in 2024": a date inside what
        # describes a name is the description's
        asides = [self._with_its_relative(s, e) for s, e in self.appositions()] if "," in self.text else []
        told = [p for p in points if not any(s <= p.start < e for s, e in asides)]
        return told[0].value if told else None

    def _with_its_relative(self, start: int, end: int) -> tuple[int, int]:
        """An apposition's span, with the relative clause it opens ("a workshop that had sales of ... in 2024")."""
        if _OPENS_RELATIVE.search(self.text, start, end):
            stop = self.text.find(";", end)
            return start, stop if stop >= 0 else len(self.text)
        return start, end

    def _date_clause(self, pos: int) -> tuple[int, int]:
        """The span of the clause around ``pos`` that a date may qualify."""
        breaks = [(b.start(), b.end()) for b in _DATE_CLAUSE_BREAK.finditer(self.lower)]
        fronted = _FRONTED_CLAUSE.match(self.lower)
        if fronted is not None:
            breaks.append((fronted.end() - 1, fronted.end()))
        for s, e in self.closed_relatives():  # ", which entered Kenya in 2022,": a clause of its own
            if s <= pos < e:
                return s, e
            breaks += [(s, s + 1), (e - 1, e)]
        start = max([e for s, e in breaks if e <= pos], default=0)
        end = min([s for s, e in breaks if s >= pos], default=len(self.text))
        return start, end

    def since(self) -> str | None:
        return next((p.value.split("/")[0] for p in self.periods if p.role == "since"), None)


@functools.cache
def _described_object_regex() -> re.Pattern[str]:
    from kg.extract.lexicon import cue

    preposition = r"(?:with|to|from|by|for|of|at|in|into|against|than|including|like|between|among|through|via)"
    return re.compile(
        rf"\b{preposition}\s+(?:(?:the|a|an|its|their)\s+)?(?:(?!(?:the|a|an)\s)[A-Za-z][\w-]*\s+){{0,2}}"
        rf"(?:{cue('competesIn', 'descriptor_heads')}|{_ROLE_NOUNS})s?\s+$",
        re.IGNORECASE,
    )


#: What one company is to another, before the other's name: "with local partner X", "to buyer Y".
_ROLE_NOUNS = (
    r"(?:partner|rival|competitor|customer|client|supplier|investor|shareholder|backer|buyer|seller|distributor|"
    r"dealer|licensee|licensor|ally|peer|lender|insurer|publisher|contractor|subcontractor)"
)


@functools.cache
def _apposed_description_regex() -> re.Pattern[str]:
    from kg.extract.lexicon import cue

    return re.compile(
        rf"(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){{0,4}}{cue('competesIn', 'descriptor_heads')}s?,\s+(?:the\s+)?",
        re.IGNORECASE,
    )


def _apposed_description(gap: str) -> bool:
    """Whether ``gap`` describes the name after it, set off by a comma: "a Vietnamese cable maker, "."""
    return gap.endswith(" ") and bool(_apposed_description_regex().fullmatch(gap))


def _described_object(text: str, pos: int) -> bool:
    """ "talks with Danish retailer Brunsgaard": a name a preposition governs through a description."""
    return bool(_described_object_regex().search(text, max(0, pos - 60), pos))


#: "Lotto's China franchise, Peak Trail and Urbano": an item that is a possessive phrase ends before its comma.
_POSSESSIVE_ITEM = re.compile(r"'s?\s+(?:[\w-]+\s+){0,2}?[a-z][\w-]*(?=\s*,)")


_ITEM_PLACE = re.compile(r"\s+(?:in|from)\s+(?:the\s+)?")


#: "the Eufo smart-home brand, the Soundo audio line and ...": what an item is, said after its name.
_ITEM_KIND = re.compile(
    r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:brand|label|line|marque|range|business|unit|arm)(?=\s*(?:,|and\b))"
)


def _item_end(text: str, m: Mention) -> int:
    found = _POSSESSIVE_ITEM.match(text, m.end) or _ITEM_KIND.match(text, m.end)
    return found.end() if found else m.end


def governed(text: str, mentions: list[Mention], m: Mention) -> bool:
    """Whether a preposition governs ``m``: directly ("with Acme"), through a description ("with Spanish firm
    Ebro") or as a later item of a list whose first item it governs ("retailers such as A, B and C")."""
    return bool(
        _GOVERNED.search(text, max(0, m.start - 16), m.start)
        or _described_object(text, m.start)
        or _in_governed_list(text, mentions, m)
    )


def _in_governed_list(text: str, mentions: list[Mention], m: Mention) -> bool:
    """ "brands including Sunmi, Orra and Pique": a later item of a list whose first item a preposition governs."""
    end = _LIST_END.search(text, max(0, m.start - 16), m.start)
    if end is None:
        return False
    if end.group().startswith(",") and not _LIST_GOES_ON.match(text, m.end):
        return False  # "Following its purchase of Passo, Tessaro Group opened ...": a comma alone ends a phrase
    earlier = [e for e in mentions if e.end <= m.start]
    item = m
    while earlier and _same_kind(earlier[-1], m) and _LIST_GAP.match(text[earlier[-1].end : item.start]):
        item = earlier.pop()
    return item is not m and bool(
        _GOVERNED.search(text, max(0, item.start - 16), item.start) or _described_object(text, item.start)
    )


_LIST_GOES_ON = re.compile(r"\s*(?:,|\band\b|\bor\b|&|\bas\s+well\s+as\b)")


def _same_kind(a: Mention, b: Mention) -> bool:
    """Items of one list: of one type, or organisations of any kind ("including Bosch and TTI")."""
    return a.type == b.type or (a.type in ORGANISATIONS and b.type in ORGANISATIONS)


#: What stands right before a later item of a list: a comma, "and", "or", "as well as".
_LIST_END = re.compile(r"(?:,|\band|\bor|&|\bas\s+well\s+as)\s+(?:also\s+)?(?:in\s+|to\s+|into\s+)?(?:the\s+)?$")


def _fits(m: Mention, types: tuple[str, ...]) -> bool:
    return not types or m.type in types
