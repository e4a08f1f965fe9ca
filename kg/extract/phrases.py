"""Noun phrases in lower case: segments, channels, strategies, and lists of them.

Names in capitals are found by the gazetteers; "offline direct-sales stores,
distributors, and counters in large supermarkets" is a list of phrases,
split on commas and a final "and".  A bare "A and B" is split only when A
stands on its own: in "dealer and agent network" and "image and video
generation" the first word shares the head of the second.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.extract.mentions import Mention

#: "HONG KONG, March 4 (Reuters) - ", "SOMERSET, New Jersey, March 11 (Reuters) - ", "SHANGHAI (Bloomberg) - ",
#: "PARIS — ": where and when a wire story was filed, and the agency that filed it.
DATELINE = re.compile(
    r"[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de.'/-]+(?:\s+[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de.'/-]+)*"
    # "GREENVILLE, N.C. — ", "SAN JOSE, Calif. — ": a US state abbreviated after the town
    r"(?:,\s+(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[A-Z]\.[A-Z]\.|[A-Z][a-z]{2,4}\.)(?=,|\s*[-\u2013\u2014]))?"
    r"(?:,\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?)?\s*(?:\((?P<agency>[^)]{1,30})\)\s*)?[-\u2013\u2014]+\s+"
)

#: A part of a company's business ranked first, up to the noun that says what it is: "North America was the largest
#: overseas region", "Europe remained its biggest market" (the noun left to each reading).
RANKED_FIRST = (
    r"(?:was|is|remained|remains)\s+(?:again\s+|still\s+|also\s+)?(?:the|its|their)\s+(?:\w+est|top|main|leading)\s+"
    r"(?:[\w-]+\s+){0,2}?"
)

#: "HONG KONG, 27 March 2026 - ": a dateline with the day before the month, which only a figure's subject and period
#: read, and where a sentence's first word is (the dateline every reading shares moves the focus and the story's
#: "today" when it takes this form too).
DAY_FIRST_DATELINE = re.compile(
    # "XIANJU, China, 2 April 2026 - ": the country may come between
    r"[A-Z][A-Z.' -]+,(?:\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,)?"
    r"\s+\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}\s*[-\u2013\u2014]+\s+"
)


#: An owner's possessive and a few words describing what it owns: "Harbin Foods' frozen snack chain ".
OWNER_DESCRIBES = re.compile(r"(?:'s|\u2019s|(?<=s)'|(?<=s)\u2019)\s+(?:[a-z][\w-]*\s+){1,4}")
#: Nouns for a company another owns: "its logistics arm Brightway".
#: "bought Philips' home-care division", "a quarter of CMOC's Kisanfu cobalt project": a part or a site of the
#: owner's is what a deal is about, not the owner.
OWNERS_PART_AFTER = re.compile(
    r"(?:'s?|\u2019s?)\s+(?:[\w.%-]+\s+){0,3}?(?:division|unit|business|arm|operations|assets|plant|factory|"
    r"brands?|subsidiary|stake|shares|projects?|mines?|deposits?|fields?|terminals?|ports?|refinery|smelter|"
    r"farms?|hotels?|portfolio|properties|property)\b",
    re.IGNORECASE,
)
_POSSESSIVE_GAP = re.compile(r"(?:'s?|\u2019s?)\s+")


def named_part(text: str, owner_end: int, mentions: list[Mention]) -> Mention | None:
    """The part of a company a deal is about, when the text names it after the owner's possessive: "the takeover of
    ams OSRAM's Digital Systems business" is about Digital Systems (None when the part has no name of its own)."""
    if not OWNERS_PART_AFTER.match(text, owner_end):
        return None
    gap = _POSSESSIVE_GAP.match(text, owner_end)
    return next((m for m in mentions if gap and m.start == gap.end() and m.origin != "anaphor"), None)


#: Nouns for a site money is spent on: "the plant", "its new smelter", "a second line".
FACILITY_NOUN = (
    r"(?:plant|factory|facility|site|mill|refinery|smelter|complex|works|campus|gigafactory|line|project|"
    r"park|hub|warehouse|terminal|mine|base|centre|center)s?"
)
#: Roles toward other companies, which end no segment: "the largest maker of chargers and a key supplier to Apple".
ROLE_NOUNS = frozenset(
    "supplier suppliers partner partners customer client clients investor investors shareholder shareholders "
    "rival rivals competitor competitors".split()
)
UNIT_NOUNS = frozenset(("arm", "unit", "subsidiary", "division", "chain", "affiliate", "business", "venture"))

#: A verb right after a name: "opens", "Opens", "has opened", "will build".
VERB_AFTER_NAME = re.compile(
    r"\s+(?:(?:has|have|had|will|would|also|now|plans\s+to|to)\s+)?(?:[A-Za-z]+s|[a-z]+ed|is|was|said|began|took|"
    r"made|sold|won|built|grew|saw|became|kept|led|brought|bought|ran|went|chose|set\s+up)\b(?!')"
)


def owned_description(text: str, owner_end: int, owned_start: int, owned_end: int) -> str | None:
    """ "Harbin Foods' frozen snack chain Dumpling Lane opened ...": the noun an owner's possessive gives the name
    after it ("chain"), when that name is a clause's subject (a verb follows); None otherwise ("X's holdings
    include Y")."""
    described = OWNER_DESCRIBES.fullmatch(text, owner_end, owned_start)
    if described is None or not VERB_AFTER_NAME.match(text, owned_end):
        return None
    return described.group().split()[-1]


#: A verb of making in the present, its goods, then the plants they are made at: "builds excavators at
#: factories in", "makes washing machines at its plant in" (not "builds a plant in", nor "at a new plant in").
PRODUCES_AT = re.compile(
    r"(?:builds|makes|produces|manufactures|assembles)\s+(?!a\b|an\b|its\b|new\b)(?:[\w-]+\s+){1,3}?(?:at|in)\s+"
    r"(?:its\s+|their\s+|a\s+|the\s+|two\s+|three\s+|several\s+)?(?!new\b)(?:[\w-]+\s+){0,2}?"
    r"(?:factor(?:y|ies)|plants?|facilit(?:y|ies)|sites?|works)\s+(?:in|at|near)\s+",
    re.IGNORECASE,
)

#: A form of "be" or an adverb before a past participle: "is built", "would be built", "locally built".
BEEN_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being|locally|mostly|largely|partly|newly)\s+(?:\w+ly\s+)?$")

#: A verb of ranking and what it ranks: "ranked it third", "named the company the top brand", "put them first".
RATES_IT = re.compile(
    r"(?:(?:has|had|also|now)\s+)?(?:ranked|ranks|rank|rated|rates|rate|put|puts|placed|places|counted|counts|"
    r"named|names|listed|lists|estimated|estimates|called|calls)\s+"
    r"(?P<it>it|them|the\s+(?:company|group|firm|brand|maker))\b",
    re.IGNORECASE,
)

_SECOND_VERB = (
    r"\sand\s+(?:also\s+|now\s+|still\s+|later\s+)?(?-i:[a-z]+(?:s|ed))\s+"
    # "routers and modems a year": a measure after a plural noun, no second verb
    r"(?=(?:the|a(?!\s+year)|an|its|their|his|her|more|about|some|over|nearly)\s|\d|(?-i:[A-Z]))"
)
_CLAUSE_END = re.compile(
    r"[;!?:()\"]|\.(?![\da-z])|\s-\s|\s—\s|"
    # "X, which sells A, B and C, also owns Y": an adverb and a verb after a comma open the main clause again
    r",\s+(?:also|now|still|then|later|meanwhile)\s+[a-z]+(?:s|ed)\s|"
    r",\s+(?:(?:which|while|whereas|but|so)\b|and\s+(?:has|have|had|is|are|was|were|will|also|then|it|its|it's)|"
    # "and in-store displays", "or on-demand": a hyphenated word is a noun's modifier, no preposition
    r"(?:and|but|or)\s+(?:in|on|at|by|for|from|with|after|before|during|since|then|later|now|also|they|their|the\s+company|we|he|she)\b(?!-)|"
    r"a\s+year|up\s|down\s|with\s|as\s|in\s+a\s|in\s+order|to\s+\w+\s)|"
    r"(?<!\sand)(?<!\sor)(?<!\sas)\s(?:through|via)\b|"  # "through A and through B" is one list
    r"\s(?:which|while|whereas|but|because|so\s+that|where|when|who|after|before|during|since|rather\s+than|"
    r"instead\s+of|"
    r"thanks\s+to|and\s+(?:has|have|had|is|are|was|were|will|also|then|plans|aims|expects|hopes)|to\s+(?:help|boost|"
    r"expand|reach|grow|enter|build|serve|capture|drive|support|increase|become))\b(?!-)|" + _SECOND_VERB,
    re.IGNORECASE,
)
#: A second verb after "and" ends the first verb's objects ("produces cells for cars and counts BMW among its
#: clients"); it is known by the object after it.
SECOND_VERB = re.compile(_SECOND_VERB, re.IGNORECASE)
#: A brand noun right after a name or a list of names: "the Vega brand", "the Orla and Brisk labels" (not "the brand
#: of", "label for", which name something else).
BRAND_NOUN_AFTER = re.compile(r"\s+(?:sub-?)?(?:brand|brands|label|labels|marque|marques)\b(?!\s+(?:of|for)\b)")
#: Verbs of the subject list that are also plural nouns ("cars and trucks", "its stores and partners").
_NOUN_LIKE_VERBS = frozenset(
    "counts leads markets partners plans posts ranks records rivals stocks teams targets tops trails works sees "
    "signs set still now also is was has had will".split()
)


@cache
def second_verb_phrase() -> re.Pattern[str]:
    """ "built its brand on organic milk and sells through Coles": "and", a verb the subject list knows, and a
    preposition open a second verb phrase; its object is never the first verb's ("develops Coles")."""
    from kg.extract.lexicon import data, literal_alternation

    verbs = sorted(set(map(str, data("names")["subject_verbs"])) - _NOUN_LIKE_VERBS)
    return re.compile(
        rf"\sand\s+(?:also\s+|now\s+|still\s+|later\s+)?{literal_alternation(verbs)}\s+"
        r"(?:through|via|to|in|into|on|at|across|from|with|under|for)\s",
        re.IGNORECASE,
    )


_COMMA = re.compile(r",\s+(?:(?:and|or|as\s+well\s+as)\s+)?", re.IGNORECASE)
_BARE_AND = re.compile(r"\s+(?:and|or|as\s+well\s+as)\s+", re.IGNORECASE)
#: Trailing punctuation, and a dangling conjunction ("distributors and, since 2024, through ...").
_TRAILING = re.compile(r"(?:\s+\([^()]{1,30}\))?(?:(?:\s+(?:and|or))?[\s,;:.'\"]+$|\s+(?:and|or)$)|\s+\([^()]{1,30}\)$")
_FIRST_WORD = re.compile(r"([\w'-]+)\s+")
_QUANTITY_OF = re.compile(
    r"(?:most|all|some|many|much|half|part|parts|each|any|none|the\s+(?:bulk|majority|rest)|a\s+(?:third|quarter|"
    r"majority|fraction|portion|mix|combination|blend|variety|handful|number|range|host|couple|selection|string|"
    r"(?:small|large|growing|limited|wide)\s+(?:number|range|group))|millions|thousands|billions|hundreds|dozens|tens)"
    r"\s+of\s+"
    # "120,000 tonnes of fiberglass", "100,000 tonnes a year of cathode material": a measure of the goods after it
    r"|(?:metric\s+)?(?:tonnes|tons|units|barrels|kilograms|litres|liters|pieces|sets|pairs|cubic\s+metres|"
    r"square\s+metres|gigawatt-hours|gigawatts|megawatts|GWh|GW|MW)(?:\s+(?:a|per|each)\s+year|\s+annually)?\s+of\s+",
    re.IGNORECASE,
)
_LAST_WORD = re.compile(r"\s+([\w'-]+)$")
#: A count before a noun, with its hedge: "about 300 own stores", "more than 1,200 pharmacies", "some 40 dealers".
_COUNT = re.compile(
    r"(?:(?:about|around|some|nearly|almost|roughly|approximately|over|under|more\s+than|fewer\s+than|less\s+than|"
    r"up\s+to|at\s+least|close\s+to|just\s+over|just\s+under)\s+)?"
    r"(?:\d[\d,.]*|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a)(?=\s+(?:thousand|million|hundred)))"
    r"(?:\s+(?:thousand|million|hundred))?\s+",
    re.IGNORECASE,
)


#: Where a noun phrase of goods ends before its clause does: an adverb ("induction hobs largely sold in Europe"), a
#: participle with its phrase ("charging cables backed by a fund", "bikes made in Hungary"), a time ("last year",
#: "a year"). Shared by every pattern that reads goods from lower-case words.
GOODS_PHRASE_END = (
    r"\s(?:largely|mainly|mostly|chiefly|primarily|principally|annually|globally|locally|directly|increasingly|"
    r"partly|especially|typically|usually|widely|already|heavily|exclusively|solely|entirely)\b"
    r"|\s(?:(?![a-z]*eed\b)[a-z]{3,}ed|made|built|sold|known|grown|shown|held|run|worn|driven)\s+"
    r"(?:by|in|with|for|to|at|from|under|as|on|across|through|abroad|overseas|locally)\b"
    r"|\s(?:last|this|next)\s+(?:year|month|week|quarter|spring|summer|autumn|fall|winter)\b"
    r"|\s(?:a|per|each)\s+year\b"
    # "puzzle apps popular across the Gulf", "a basic plan paid for by adverts": an adjective or an irregular
    # participle with its phrase
    r"|\s(?:popular|famous|available|common|favoured|favored|beloved|paid|bought|kept|found|seen|sent|spent|"
    r"taken|given|brought|chosen)\s+(?:by|in|with|for|to|at|from|among|across|throughout|around|on|as)\b"
    # "its strategy game has earned": the verb of the clause the goods are the subject of
    r"|\s(?:has|have|had|is|are|was|were|will|would|can|could|may|might|must|should)\b"
)


#: "the Thai scooter market is led by", "Indonesia's yoghurt market, which has long been controlled by": a market
#: whose leaders the words after name.
MARKET_LED_BY = re.compile(
    r"\b(?:market|industry|sector)\s*,?\s+(?:which\s+|that\s+)?(?:is|was|are|were|remains|(?:has|have)\s+(?:long\s+)?"
    r"been)\s+(?:\w+\s+){0,2}?(?:dominated|led|controlled|ruled)\s+by\s+",
    re.IGNORECASE,
)


#: A stock exchange's name: shares are listed on it, no goods are sold through it.
EXCHANGE = re.compile(
    r"^(?:nasdaq|nyse|hkex|sgx|szse|bursa malaysia|euronext(?: \w+)?|kosdaq|tadawul|borsa istanbul|bovespa|asx|tsx)$|"
    r"\b(?:exchange|bourse|star market|chinext)$",
    re.IGNORECASE,
)


def clause_end(text: str, pos: int) -> int:
    """Where the clause that runs on from ``pos`` ends.

    A short aside in brackets inside a list does not end it: "defibrillators (AEDs), electrocardiographs and
    heart monitors" lists three.

    >>> t = "makes defibrillators (AEDs), electrocardiographs and monitors, which sell"
    >>> t[: clause_end(t, 0)]
    'makes defibrillators (AEDs), electrocardiographs and monitors'
    """
    match = _CLAUSE_END.search(text, pos)
    while match is not None and match.group() == "(":
        aside = _LISTED_ASIDE.match(text, match.start())
        if aside is None:
            break
        match = _CLAUSE_END.search(text, aside.end())
    return match.start() if match else len(text)


#: A bracketed aside of a few words that a list goes on after: "(AEDs), ", "(EVs) and ".
_LISTED_ASIDE = re.compile(r"\([^()\n]{1,30}\)(?=,\s|\s+(?:and|or)\s)")


def split_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each item of the list ``text[start:end]``.

    >>> t = "stores, distributors, and counters in malls"
    >>> [t[s:e] for s, e in split_list(t, 0, len(t))]
    ['stores', 'distributors', 'counters in malls']
    >>> t = "AI agents, chatbots and image and video generation"
    >>> [t[s:e] for s, e in split_list(t, 0, len(t))]
    ['AI agents', 'chatbots', 'image and video generation']
    >>> t = "battery packs, today said"
    >>> [t[s:e] for s, e in split_list(t, 0, len(t))]
    ['battery packs']
    >>> t = "ride-hailing, food delivery and payments, entered Malaysia"
    >>> [t[s:e] for s, e in split_list(t, 0, len(t))]
    ['ride-hailing', 'food delivery', 'payments']
    >>> t = "dealer and agent network"
    >>> [t[s:e] for s, e in split_list(t, 0, len(t))]
    ['dealer and agent network']
    """
    region = text[start:end]
    commas = list(_COMMA.finditer(region))
    bounds = [0] + [x for m in commas for x in (m.start(), m.end())] + [len(region)]
    items = [(start + bounds[i], start + bounds[i + 1]) for i in range(0, len(bounds), 2)]
    oxford = any(m.group().strip(", ") for m in commas)
    if commas and oxford:
        closing = next(i for i, m in enumerate(commas) if m.group().strip(", "))
        items = items[: closing + 2]
    elif commas:
        items = _up_to_final_and(text, items)
    else:
        items = _split_and(text, *items[-1])
    return [_strip(text, s, e) for s, e in items if text[s:e].strip()]


def _up_to_final_and(text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """In "A, B and C, did X" the list ends with the item holding its "and"; without one it is only A."""
    for i, (start, end) in enumerate(items):
        last = _BARE_AND.search(text, start, end)
        if last:
            # "electric and diesel locomotives and metro cars, reported": the "and" that ends a whole item
            pieces = _split_and(text, start, end) if _LONE_MODIFIER.fullmatch(text, start, last.start()) else []
            if len(pieces) == 1 and any(_BARE_AND.search(text, s, e) for s, e in items[i + 1 :]):
                # "petrol and battery chainsaws, brush cutters and mowers": a shared modifier's "and" in the first
                # item, the list's own "and" in its last
                return [*items[:i], (start, last.start()), (last.end(), end), *_up_to_final_and(text, items[i + 1 :])]
            return [*items[:i], *pieces] if len(pieces) > 1 else [*items[:i], (start, last.start()), (last.end(), end)]
    return items[:1]


def _split_and(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "A and B" at the first "and" before which the words stand on their own: "electric and diesel
    locomotives and metro cars" is two items, the first a modifier shared before its own "and".

    >>> t = "electric and diesel locomotives and metro cars"
    >>> [t[s:e] for s, e in _split_and(t, 0, len(t))]
    ['electric and diesel locomotives', 'metro cars']
    """
    cut = _BARE_AND.search(text, start, end)
    while cut is not None and not _stands_alone(text[start : cut.start()], text[cut.end() : end]):
        if not _LONE_MODIFIER.fullmatch(text, start, cut.start()):
            return [(start, end)]
        cut = _BARE_AND.search(text, cut.end(), end)
    if cut is None:
        return [(start, end)]
    return [(start, cut.start()), *_split_and(text, cut.end(), end)]


def _stands_alone(first: str, rest: str = "") -> bool:
    """In "A and B", A is an item of its own when it ends in a plural ("distributors and agents"), or when it is
    a whole noun phrase of its own before a plural ("its own website and company-run stores"), which a bare
    modifier sharing B's noun is not ("dealer and agent network").

    >>> _stands_alone("its own website", "company-run experience centres"), _stands_alone("dealer", "agent network")
    (True, False)
    >>> _stands_alone("its own online store", "retailers such as Micro Center")
    True
    """
    words = first.split()
    if bool(words) and (_plural(words[-1]) or words[-1].endswith(")")):
        return True  # "head-up displays (HUDs) and dashboard screens": a short form in brackets closes an item
    after = _EXAMPLES.split(rest, maxsplit=1)[0].split()  # "retailers such as Micro Center": the noun is "retailers"
    return len(words) > 1 and words[0].lower() in _DETERMINERS and bool(after) and _plural(after[-1])


_DETERMINERS = frozenset(("its", "their", "our", "his", "her", "a", "an", "the"))
#: One lower-case word before "and", which may be a modifier the next item's noun is shared with ("electric and").
_LONE_MODIFIER = re.compile(r"\s*[a-z][\w'\u2019-]*\s*")
_EXAMPLES = re.compile(r",?\s+(?:such\s+as|including|like|notably)\s", re.IGNORECASE)


def _plural(word: str) -> bool:
    # "men's and women's boots": a possessive shares the noun after it
    return word.lower().endswith("s") and not word.lower().endswith(("ss", "'s", "\u2019s"))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    item = text[start:end]
    lead = len(item) - len(item.lstrip())
    trail = _TRAILING.search(item)
    return start + lead, start + (trail.start() if trail else len(item))


def drop_leading(text: str, start: int, end: int, skip: Collection[str]) -> tuple[int, int]:
    """Move ``start`` past leading words of ``skip`` (lower-cased articles, qualifiers), quantities of
    ("most of its phones" are phones) and counts ("about 300 own stores" are own stores).

    >>> t = "most of its phones"
    >>> s, e = drop_leading(t, 0, len(t), {"its"})
    >>> t[s:e]
    'phones'
    >>> t = "more than 1,200 pharmacies"
    >>> s, e = drop_leading(t, 0, len(t), set())
    >>> t[s:e]
    'pharmacies'
    """
    while True:
        match = (
            _QUANTITY_OF.match(text, start, end)
            or _COUNT.match(text, start, end)
            or _FIRST_WORD.match(text, start, end)
        )
        if not match or (match.re is _FIRST_WORD and match.group(1).lower() not in skip):
            return start, end
        start = match.end()


def drop_trailing(text: str, start: int, end: int, skip: Collection[str]) -> tuple[int, int]:
    """Move ``end`` before trailing words of ``skip`` (lower-cased head words such as "track" or "strategy")."""
    while True:
        match = _LAST_WORD.search(text, start, end)
        if not match or match.group(1).lower() not in skip:
            return start, end
        end = match.start()


#: ", a transport consultant " before "based in": the words describe a person.
PERSON_DESCRIBED = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:consultant|analyst|economist|professor|lawyer|adviser|advisor|"
    r"strategist|researcher|investor|banker|journalist|academic|scholar|fellow)\s+$"
)


#: "a last-mile agreement with", "its supply deal with": a pact with another company, not a channel or a strategy.
PACT_WITH = re.compile(
    r"(?:a|an|its|their|the)\s+(?:[\w$.,-]+\s+){0,3}?(?:agreements?|deals?|contracts?|pacts?|partnerships?|"
    r"alliances?|tie-ups?|joint\s+ventures?)\s+with\b",
    re.IGNORECASE,
)
