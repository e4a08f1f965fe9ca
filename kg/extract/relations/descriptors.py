"""What a description attached to a name says: what the company or product makes.

"Chinese electric-vehicle maker Zhenfeng Auto", "Orbita Cloud, a Malaysian
hosting provider", "the Aurora S7, a mid-size electric SUV": the words
before the noun give the segment the company or product competes in. The
adjective of nationality is read and set aside: it names no head office
(headquarteredIn comes from a named base city, see ``markets``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from kg.extract.lexicon import cue, data, literal_alternation, word_set
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.relations.claims import claim, plain, triggered_by
from kg.extract.relations.products import described_segment
from kg.extract.relations.segments import (
    CHANNEL_WORDS,
    HEAD_SEGMENTS,
    MAKER_COMPOUND,
    MEASURE_WORD,
    TRADE_HEADS,
    company_head_regex,
    head_segment,
    lexicon_segment,
    modifier_segment,
    plural,
    well_formed,
)
from kg.extract.view import HOME_ATTRIBUTE, PLACES, Claim, View

_WORD = r"(?:[a-z][\w-]*|[A-Z]{2,5}s?)"
#: What may stand before a description: the sentence start, an article or possessive, a comma, a capitalised word.
_CLAUSE_WORD = re.compile(
    r"(?:where|which|who|whose|that|when|while|whereas|and|but|as|because|since|after|before)\s", re.IGNORECASE
)
_OPENS = re.compile(
    r"(?:^\W*|(?:\b(?i:the|a|an|its|their|his|her|our|this|that|by|from|with|of|in|into|at)|\b[A-Z][\w&.'-]*|[,—-]"
    # a verb's object: "the deal gives condiment maker X", "it acquired chip designer X"
    r"|\b(?:gives|gave|acquired|bought|buys|joins|joined|overtook|overtakes|beat|beats|said|says|named|hired|backs|backed)"
    # "the company's pickup-truck label X": the owner named by an anaphor's possessive
    r"|\b(?i:company|group|firm|parent|conglomerate)(?:'s|\u2019s)"
    r")\s+)$"
)


@dataclass(frozen=True, slots=True)
class Description:
    """The parts of "a South Korean battery maker": origin, describing words, the noun."""

    start: int
    origin: Mention | None
    words: list[str]
    head: str
    owned: bool = False  # an owner before the goods: "a state carmaker"
    #: The words of a second line coordinated before the noun: "polyester" in "a polyester and petrochemicals maker".
    also: tuple[str, ...] = ()


@cache
def _heads() -> tuple[str, str]:
    company = cue("competesIn", "descriptor_heads")
    product = cue("competesIn", "product_heads")
    return company, product


@cache
def _description_regex() -> re.Pattern[str]:
    company, product = _heads()
    demonym = literal_alternation(data("names")["demonyms"])
    own = "|".join(HEAD_SEGMENTS)
    return re.compile(
        # "China's biggest privately owned wind turbine maker": who owns it says nothing of its goods
        rf"(?:(?P<demonym>{demonym})\s+)?(?:(?:privately|publicly|wholly|majority|family|state)[\s-]"
        rf"(?:owned|held|listed|backed|run|controlled)\s+)?(?P<words>(?:{_WORD}\s+){{0,3}}?)"
        rf"(?:(?P<company>(?:{company}|{own}|{MAKER_COMPOUND})s?|companies)|(?P<product>{product}))\b"
    )


#: Where a company is based or listed, said before what it does: "London-based ", "Shanghai-listed ".
_HOME_BEFORE = re.compile(r"[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}-(?:based|headquartered|listed|founded)\s+")
_POSSESSIVE_AFTER_PLACE = re.compile(r"(?:'s|\u2019s|')\s+")


def _describe(view: View, start: int, end: int | None = None) -> tuple[Description, re.Match[str]] | None:
    """The description starting at ``start`` (after an article), if the words there form one."""
    origin = next((m for m in view.mentions if m.start == start and m.type == "Country"), None)
    # "Greece's grid operator X": the description starts after the place and its possessive
    possessive = _POSSESSIVE_AFTER_PLACE.match(view.text, origin.end) if origin else None
    pos = possessive.end() if possessive else origin.end + 1 if origin else start
    based = HOME_ATTRIBUTE.match(view.text, origin.end) if origin else None
    pos = based.end() if based else pos
    home = _HOME_BEFORE.match(view.text, pos)
    pos = home.end() if home else pos  # "a London-based rubber trader", "the Shanghai-listed chemicals arm"
    end = end if end is not None else _description_end(view.text, pos)
    match = _description_regex().fullmatch(view.text, pos, end)
    opening = False
    if match is None and view.text[pos : pos + 2].istitle() and not view.text[:pos].strip(" \"'("):
        # "Collectible toy maker X ...": the sentence's capital is no name's
        match = _description_regex().fullmatch(
            view.text[:pos] + view.text[pos].lower() + view.text[pos + 1 :], pos, end
        )
        opening = True
    if match is None:
        return None
    if match.group("demonym") and not origin:
        origin = _demonym(view, match)
    described = match.group("words").split()
    also: tuple[str, ...] = ()
    if described.count("and") == 1 and 0 < described.index("and") < len(described) - 1:
        # "the polyester and petrochemicals maker": two lines of business share the noun
        cut = described.index("and")
        also, described = tuple(described[:cut]), described[cut + 1 :]
    if any(
        w.lower() in _FUNCTION_WORDS or w.lower() in _VERBS or w.lower() in _TIME_WORDS or MEASURE_WORD.match(w)
        for w in (*also, *described)
    ):
        return None  # "the 157-kilometre Lagos-Ibadan railway": a size says nothing of a line of business
    head = match.group("company") or match.group("product")
    # "an online fashion retailer": for a retailer, where it sells is part of its trade (online retail)
    kept = CHANNEL_WORDS if head.lower().rstrip("s") in _RETAIL_HEADS else frozenset()
    if len(described) > 1 and described[0].lower() in CHANNEL_WORDS and head.lower() in TRADE_HEADS:
        # "India's largest online travel company", "a digital lender's ...": online travel is a line of its own
        kept = CHANNEL_WORDS
    words = [
        w for w in described if w.lower() in kept or w.lower() not in word_set("segments", "descriptor_qualifiers")
    ]
    if opening and words and _PROPER_ADJECTIVE.search(words[0]):
        words = words[1:]  # "Tasmanian baby formula maker X": where it is from, capitalised, opens the sentence
    while words and _is_place_word(words[0]):
        words = words[1:]  # "Guangdong toymaker PonyStar", "a Shenzhen drone maker": a home, no goods
    owned = [i for i, w in enumerate(words) if w.lower() in _OWNERSHIP]
    words = words[owned[-1] + 1 :] if owned else words  # "a state carmaker", "state food group X": who owns it
    return Description(start, origin, words, head, bool(owned), also), match


def _is_place_word(word: str) -> bool:
    """Whether a describing word is a place's name, however the sentence capitalised it ("guangdong" opening it)."""
    from kg.extract.gazetteer import places

    return word[:1].isalpha() and (word.title() in places().entries or word in places().entries)


#: Who owns a company, said before what it makes.
_OWNERSHIP = frozenset(
    ("state", "state-owned", "state-run", "state-backed", "government", "government-owned", "family", "family-owned")
)
_PROPER_ADJECTIVE = re.compile(r"^[a-z]+(?:ian|an|ese|ish|ic)$")


_DESCRIPTION_END = re.compile(
    # "a bus and truck maker": an "and" between two lines of business the noun shares does not end it
    r"\s+(?:headquartered|based|founded|that|which|who|whose|with|in|from|for|of|known|listed|to|"
    r"and(?!\s+[a-z][\w-]*\s+(?:makers?|producers?|manufacturers?|suppliers?|retailers?|groups?|companies|company|"
    r"brands?|chains?|specialists?|developers?|operators?)\b)|"
    r"said|says|has|is|was|will|by|under|at|on|across|since|behind|through|it|they|we|"
    r"(?:[a-z]+ed|run|made|built|sold|owned|drawn|known)\s+by)\b(?!-)"
    r"|[,;.()]|$"
)


def _description_end(text: str, pos: int) -> int:
    """Where a description after a name stops: punctuation, or a word that starts a new phrase."""
    found = _DESCRIPTION_END.search(text, pos)
    return found.start() if found else len(text)


def _demonym(view: View, match: re.Match[str]) -> Mention | None:
    from kg.places import country

    place = country(data("names")["demonyms"][match.group("demonym")])
    if place is None:
        return None
    return Mention(match.start("demonym"), match.end("demonym"), place.name, "Country", match.group("demonym"), "place")


_MAKER_HEADS = frozenset(("maker", "makers", "developer", "developers", "creator", "publisher", "studio"))


def _claims(view: View, name: Mention, desc: Description, cue_start: int) -> Iterator[Claim]:
    if desc.also:
        # "the polyester and petrochemicals maker": each line of business the noun is shared by
        yield from _claims(view, name, replace(desc, words=list(desc.also), also=()), cue_start)
    is_company = bool(company_head_regex().fullmatch(desc.head))
    if is_company and name.type in ("Company", "Organization", "Brand", UNTYPED):
        subject = name.typed("Company") if name.type == UNTYPED else name
        words = [w for w in desc.words if w.lower() not in _SCOPE_WORDS]  # "overseas food-delivery brand"
        if " ".join(words).lower() in word_set("segments", "investor_kinds"):
            return  # "private equity firm KKR", "buyout group Apax": an investor, whose line of business is others'
        named_before = next(
            (
                m
                for m in view.mentions
                if m.end == desc.start - 1 and m.type in (UNTYPED, "Product") and m.origin != "anaphor"
            ),
            None,
        )
        if named_before is None and len(words) == 1 and view.text[desc.start : desc.start + 1].isupper():
            # "Solis maker Ginlong targets ...": a headline's first word, a name the document vouched for
            named_before = next(
                (
                    m
                    for m in view.mentions
                    if m.start == desc.start
                    and m.name.lower() == words[0].lower()
                    and m.type in (UNTYPED, "Product", "Brand")
                    and m.origin != "anaphor"
                ),
                None,
            )
            words = [] if named_before is not None else words
        if desc.head.lower() in _MAKER_HEADS and not words and named_before is not None:
            # "Starfall maker Lirra Games" (mid-sentence): the name before the maker's noun is its product
            product = named_before.typed("Product") if named_before.type == UNTYPED else named_before
            yield plain(claim(view, subject, "develops", product, cue_start, confidence=0.65))
            return
        own = head_segment(desc.head, words)
        if own is not None and well_formed(own.lower().split()):
            # "Portugal's biggest insurer", "truckmakers A and B", "an electric carmaker": the noun names the goods
            yield plain(claim(view, subject, "competesIn", _segment(desc, own), cue_start, confidence=0.65))
            return
        if words and not _SOURCE_WORDS & {w.lower() for w in words}:  # "research firm X" is a source
            # "an online fashion retailer" sells in online fashion retail; "a heat-pump maker" competes in heat pumps
            retail = desc.head.lower().rstrip("s") in _RETAIL_HEADS
            trading = desc.head.lower().rstrip("s") == "trader"
            # "a car retailer" sells in car retail, "a rubber trader" in rubber trading; "a heat-pump maker"
            # competes in heat pumps
            named = " ".join(words) if retail or trading else modifier_segment(words, desc.head)
            if named is None:
                return  # "outdoor brand X": an adjective names no line of business
            segment = f"{named} retail" if retail else f"{named} trading" if trading else named
            # what a company is holds whatever the clause plans: "will work with payments provider X"
            yield plain(claim(view, subject, "competesIn", _segment(desc, segment), cue_start, confidence=0.65))
    elif not is_company and name.type in ("Product", UNTYPED):
        described = described_segment([*desc.words, desc.head]) if desc.words else None
        if described and desc.head.lower() in word_set("segments", "container_nouns"):
            # "the food-delivery app Keeta": an app or service of a segment the lexicon knows competes in it
            described = lexicon_segment(desc.words) or described
        elif described and described.split()[-1] == desc.head:
            described = f"{described[: -len(desc.head)]}{plural(desc.head)}"  # "a compact SUV" -> compact SUVs
        if described and modifier_segment(described.split()[-1:]) is not None:  # "the national postal service"
            yield claim(
                view,
                name.typed("Product") if name.type == UNTYPED else name,
                "competesIn",
                _segment(desc, described),
                cue_start,
                confidence=0.65,
            )


_RETAIL_HEADS = frozenset(("retailer", "e-tailer"))
_CHAIN_HEADS = frozenset(("chain", "store", "supermarket", "marketplace", "platform", "distributor", "dealer"))
#: Words that say where a company works, not in what.
_SCOPE_WORDS = frozenset(("overseas", "international", "global", "domestic", "worldwide", "local", "regional"))
_SOURCE_WORDS = frozenset(
    (
        "research",
        "market-research",
        "analytics",
        "analyst",
        "consulting",
        "consultancy",
        "data",
        "advisory",
        "rating",
        "ratings",
        "polling",
        "intelligence",
        "tracking",
    )
)


def _segment(desc: Description, name: str) -> Mention:
    return Mention(desc.start, desc.start + len(name), name, "Segment", name, "cue", 0.7)


@triggered_by(("competesIn", "descriptor_heads"), ("competesIn", "product_heads"), "brewer", "shipbuilder", "reinsurer")
def before_name(view: View) -> Iterator[Claim]:
    """ "Chinese electric-vehicle maker Zhenfeng Auto": the description stands before the name."""
    for name in view.mentions:
        if name.origin == "anaphor" or not _head_before(view.text, name.start):
            continue
        for start in _starts_before(view, name.start):
            if (
                not (_OPENS.search(view.text, max(0, start - 30), start) or _compound_after_and(view.text, start, name))
                or _CLAUSE_WORD.match(view.text, start)
                or _PREPOSITION_WORD.match(view.text, start)
            ):
                continue  # "Japan, where its mobile game X", "through local retailer X": the description starts later
            found = _describe(view, start, end=name.start - 1)
            if found and found[0].owned:
                break  # "a stake in state copper producer X": a counterparty named by who owns it, said in passing
            served = (
                _served_before(view, start, name.start) if _ROLE_HEAD.search(view.text, start, name.start) else None
            )
            if served is not None:
                # "Tesla suppliers Tuopu and H&T": the name before the role is a customer, no line of business
                for each in view.listed_after(name.start, _LISTED, within=0) or [name]:
                    yield plain(claim(view, each, "partnersWith", served, start, confidence=0.6))
                break
            if found:
                plural_head = found[0].head.lower().endswith("s") and company_head_regex().fullmatch(found[0].head)
                # "the truckmakers A and B": each name listed after a plural noun is one of them
                listed = view.listed_after(name.start, _LISTED, within=0) if plural_head else []
                for each in listed or [name]:
                    yield from _claims(view, each, found[0], start)
                break


_LISTED = ("Company", "Brand", "Organization", UNTYPED)
#: The roles a company has to the one named before them: "Tesla suppliers", "Apple's contract manufacturer".
_ROLE_HEAD = re.compile(r"\b(?:suppliers?|vendors?|partners?|distributors?|contractors?|assemblers?)\s+$")


def _served_before(view: View, start: int, end: int) -> Mention | None:
    """A company named inside the words describing the next name ("Tesla suppliers X"), or None."""
    return next(
        (
            m
            for m in view.mentions
            if start <= m.start and m.end <= end and m.origin != "anaphor" and m.type in ("Company", "Brand", UNTYPED)
        ),
        None,
    )


_AND_BEFORE = re.compile(r"\band\s+$")


def _compound_after_and(text: str, start: int, name: Mention) -> bool:
    """ "engine maker A and truckmakers B and C": after "and", a one-word noun that names its goods starts a
    description of its own."""
    word = text[start : name.start].strip()
    return (
        bool(_AND_BEFORE.search(text, max(0, start - 6), start))
        and " " not in word
        and head_segment(word, []) is not None
    )


@triggered_by()
def before_compound_name(view: View) -> Iterator[Claim]:
    """ "truckmakers A and B", "toymaker X": a "-maker" compound before a name, which no trigger word starts (the
    check is a substring search, so sentences without one cost next to nothing)."""
    if "maker" in view.lower and _COMPOUND_HEAD.search(view.text):
        yield from before_name(view)


_COMPOUND_HEAD = re.compile(rf"\b(?i:(?!(?:car|auto|chip)makers?\b){MAKER_COMPOUND}s?)\s+[A-Z]")
_PREPOSITION_WORD = re.compile(r"(?:through|via|with|from|into|to|by|at|in|on|for|across)\s", re.IGNORECASE)
#: Possessive: giving back letters of the word can never reach the space, so the engine is told not to try.
_LAST_WORD = re.compile(r"([\w-]++)\s$")
_WORD_START = re.compile(r"(?<!\S)\S")


#: "China's", "the world's": a possessive that stands where an article would
@triggered_by("such as", "including", "among them", "like")
def category_list(view: View) -> Iterator[Claim]:
    """ "Korean skincare brands like Dewy Lab and Mossa", "phone makers such as Oppo and Vivo": each name listed
    after a plural description competes in what it describes."""
    for match in _CATEGORY_LIST.finditer(view.text):
        start = _category_start(view.text, match.start("desc"), match.end("desc"))
        found = _describe(view, start, end=match.end("desc"))
        if not found or not found[0].words or not company_head_regex().fullmatch(found[0].head):
            continue
        if found[0].head.lower().rstrip("s") in _RETAIL_HEADS | _CHAIN_HEADS:
            continue  # "electronics retailers such as Best Buy": where goods are sold, told for the seller's sake
        for name in view.listed_after(match.end(), ("Company", "Brand", "Organization", UNTYPED), within=2):
            yield from _claims(view, name, found[0], match.start())


_CATEGORY_LIST = re.compile(
    r"(?P<desc>(?:[\w-]+\s+){1,4}?[a-z][\w-]*s)\s*,?\s+(?:such\s+as|including|among\s+them|like|notably)\s+"
)
_CATEGORY_OPENER = re.compile(
    r"\b(?:of|by|from|through|via|on|in|at|into|to|across|under|other|rival|fellow|the|with|and|as|among|for|between|which|that|who|whose|where|when|while|owns?|has|have|sells?|makes?|them|its|their)\s+",
    re.IGNORECASE,
)


def _category_start(text: str, start: int, end: int) -> int:
    """The description proper: after the last function word or article in the words before the noun."""
    last = None
    for match in _CATEGORY_OPENER.finditer(text, start, end):
        last = match
    return last.end() if last else start


#: "Spain's", "the world's", "the Philippines'", "the UAE's": a place's possessive where an article would stand.
_PLACE_POSSESSIVE = (
    r"(?:(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}|the\s+(?:world|continent|country|region))(?:'s|(?<=s)')"
)
#: "X, its scooter brand,", "X, the group's snack label,": a unit or brand described by its owner's anaphor.
_OWNER_POSSESSIVE = r"its|their|the\s+(?:company|group|firm|parent|conglomerate)(?:'s|\u2019s)"
#: "X, a ...", "X, Spain's ...", "X, one of China's ..."
_ARTICLE_AFTER = re.compile(rf",\s+(?:one\s+of\s+)?(?:{_PLACE_POSSESSIVE}|{_OWNER_POSSESSIVE}|a|an|the)\s+")


def _head_before(text: str, pos: int) -> bool:
    """The word right before a name is a noun that a description ends with ("maker", "app", "truckmakers")."""
    word = _LAST_WORD.search(text, max(0, pos - 30), pos)
    return (
        word is not None
        and (
            word.group(1).lower() in _head_words()
            # "rival tea chains A and B", "packaging groups A and B": the plural of a head, before a list
            or (word.group(1).lower().endswith("s") and word.group(1).lower()[:-1] in _head_words())
            or word.group(1).lower() == "companies"
            or bool(_MAKER_WORD.fullmatch(word.group(1).lower()))
            or word.group(1).lower().rstrip("s") in HEAD_SEGMENTS
        )
    )


_MAKER_WORD = re.compile(rf"(?:{MAKER_COMPOUND})s?")


@cache
def _head_words() -> frozenset[str]:
    spec = data("cues")["competesIn"]
    return frozenset(w.lower() for w in (*spec["descriptor_heads"], *spec["product_heads"]))


def _starts_before(view: View, end: int) -> list[int]:
    """Word starts in the four words (or a country's name) before ``end``, nearest last."""
    window_start = max(0, end - 60)
    starts = [window_start + m.start() for m in _WORD_START.finditer(view.text[window_start:end])]
    return starts[-6:]


@triggered_by(", a ", ", an ", ", the ", "'s ", ", one of ", ", its ", ", their ")
def after_name(view: View) -> Iterator[Claim]:
    """ "Orbita Cloud, a Malaysian hosting provider", "Kobalt Rail, Spain's leading signalling supplier": the
    description follows the name."""
    for name in view.mentions:
        article = _ARTICLE_AFTER.match(view.text, name.end)
        if name.origin == "anaphor" or article is None:
            continue
        start = _after_ranking(view.text, article.end())
        found = _describe(view, start)
        second = None
        if found is None:
            # "a mobile game developer and esports operator headquartered in Xiamen": two descriptions, each with
            # its own noun
            joined = _JOINED_HEADS.match(view.text, start, _description_end(view.text, start))
            if joined is not None:
                found = _describe(view, start, joined.end("first"))
                second = _describe(view, joined.start("second"), joined.end())
        if found is not None and second is not None:
            yield from _claims(view, name, second[0], name.end)
        # "the snowbound strategy game published by X": a product described at length is read only when its
        # words name a segment the lexicon knows ("the food-delivery app operated by X")
        if (
            found
            and _PARTICIPLE_BY.match(view.text, found[1].end())
            and not company_head_regex().fullmatch(found[0].head)
            and lexicon_segment(found[0].words) is None
        ):
            continue
        if found:
            yield from _claims(view, name, found[0], name.end)
            yield from _ranked_in_place(view, name, article, found)
        elif name.type in ("Company", "Brand", UNTYPED):
            yield from _unit_of(view, name, article.end())
        if name.type in ("Company", "Brand", UNTYPED) and " whose " in view.text:
            yield from _whose_goods(view, name, article.end())


#: Two descriptions joined by "and", each ending in its own noun: "mobile game developer and esports operator".
_JOINED_HEADS = re.compile(
    r"(?P<first>[a-z][\w-]*(?:\s+[a-z][\w-]*){1,3}?)\s+and\s+(?P<second>[a-z][\w-]*(?:\s+[a-z][\w-]*){1,3})"
)


def _ranked_in_place(
    view: View, name: Mention, article: re.Match[str], found: tuple[Description, re.Match[str]]
) -> Iterator[Claim]:
    """ "Tnuva, Israel's largest food company", "X, the biggest cinema operator in Sweden and Finland": a company
    ranked first (or among the first) in a place is present there."""
    ranked = _after_ranking(view.text, article.end()) > article.end()
    if (
        not ranked
        or not company_head_regex().fullmatch(found[0].head)
        or name.type not in ("Company", "Brand", UNTYPED)
    ):
        return
    places = [m for m in view.mentions if article.start() <= m.start < article.end() and m.type in PLACES]
    after = _IN_PLACE.match(view.text, found[1].end())
    if after is not None:
        places += view.listed_after(after.end(), PLACES, within=2)
    for place in places:
        company = name.typed("Company") if name.type == UNTYPED else name
        made = claim(view, company, "operatesIn", place, name.end, confidence=0.6)
        yield plain(made)


_IN_PLACE = re.compile(r"\s+(?:by\s+[\w\s]{1,20}?\s+)?in\s+(?:the\s+)?")


#: "Okai, the Chinese manufacturer whose electric scooters ride in rental fleets": the maker's goods.
_WHOSE_GOODS = re.compile(
    r"(?:[\w-]+\s+){0,3}?(?:maker|manufacturer|producer|company|firm|group|supplier)\s+whose\s+"
    r"(?P<goods>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*s)\s+(?:are|were|ride|run|sell|sold|power|go|have|can|now)\b"
)


def _whose_goods(view: View, name: Mention, pos: int) -> Iterator[Claim]:
    """ "Okai, the Chinese manufacturer whose electric scooters ride in rental fleets": it competes in its goods."""
    match = _WHOSE_GOODS.match(view.text, pos)
    if match is None:
        return
    words = match.group("goods").split()
    goods = modifier_segment(words)
    if goods is None:
        return
    segment = Mention(match.start("goods"), match.end("goods"), goods, "Segment", match.group("goods"), "cue", 0.7)
    company = name.typed("Company") if name.type == UNTYPED else name
    yield claim(view, company, "competesIn", segment, pos, confidence=0.7)


#: "X, the electric-scooter unit of Y": a unit described by its goods.
_UNIT_OF = re.compile(
    r"(?P<words>[a-z][\w-]*\s+(?:and\s+[a-z][\w-]*\s+)?(?:[a-z][\w-]*\s+){0,2}?)"
    r"(?:unit|arm|division|subsidiary|affiliate|business)\s+of\s"
)


def _unit_of(view: View, name: Mention, pos: int) -> Iterator[Claim]:
    """ "Velora, the electric-scooter unit of Dunhill Group", "Hexa, the lidar arm of Korvin": the unit competes in
    what the words before its noun name (not "the local unit", "the investment arm")."""
    home = _HOME_BEFORE.match(view.text, pos)
    match = _UNIT_OF.match(view.text, home.end() if home else pos)  # "the Shanghai-listed chemicals arm of Y"
    if match is None:
        return
    words = match.group("words").split()
    drop = word_set("segments", "descriptor_qualifiers") | _SCOPE_WORDS
    if any(w.lower() in drop or w.lower() in _FUNCTION_WORDS - {"and"} or w.lower() in _VERBS for w in words):
        return  # "its new unit", "the overseas arm": which unit, not what it makes
    # "the milk and juice business of Y": one line of business, its two goods named together
    left, _, right = " ".join(words).partition(" and ")
    if right and any(modifier_segment(side.split()) != side for side in (left, right)):
        return  # "the heating and ventilation arm": two goods of one business, named together only when both are mass
    named = " ".join(words) if right else modifier_segment(words, "unit")
    if named is not None and well_formed(named.lower().split()):
        subject = name.typed("Company") if name.type == UNTYPED else name
        yield plain(claim(view, subject, "competesIn", _segment_at(match.start(), named), name.end, confidence=0.6))


def _segment_at(start: int, name: str) -> Mention:
    return Mention(start, start + len(name), name, "Segment", name, "cue", 0.7)


_PARTICIPLE_BY = re.compile(r"\s+(?:[a-z]+ed|run|made|built|sold|owned|drawn|known)\s+by\b")


@triggered_by("become", "became", "becomes", "is", "was", "remains", "remained", "as", "among", "rank", "placed", "put")
def predicate(view: View) -> Iterator[Claim]:
    """ "Oska Foods became Poland's third largest dumpling maker", "X was among the top three phone vendors":
    what the subject is said to be names its segment."""
    for match in _PREDICATE.finditer(view.text):
        found = _describe(view, _after_ranking(view.text, match.end()))
        if match.group("put"):  # "a survey put it third among ...": the company is the object, not the survey
            subject = next((m for m in view.mentions if m.start == match.start("put")), None)
        else:
            subject = view.subject_before(match.start(), ("Company", "Brand", UNTYPED)) if found else None
        if found and subject is not None and company_head_regex().fullmatch(found[0].head):
            yield from _claims(view, subject, found[0], match.start())


_PREDICATE = re.compile(
    r"\b(?:becomes?|became|is|was|remains?|remained|ranks?\s+as|ranked\s+as|emerged\s+as|"
    # "ranked fourth among the world's crane makers", "a survey put it third among ..."
    r"(?:ranks?|ranked|ranking|placed|puts?\s+(?P<put>it|them))\s+(?:[\w.]+\s+){0,2}?among)"
    rf"\s+(?:(?:now|still|already|again|also)\s+)?(?:among\s+|one\s+of\s+)?(?:{_PLACE_POSSESSIVE}|the|a|an)\s+"
)
#: Ranking words between the article and the description: "second most popular", "top three", "No. 2".
_RANKING = re.compile(
    r"(?:(?:second|third|fourth|fifth|most|top|largest|biggest|larger|bigger|smaller|leading|best-selling|popular|fastest-growing|oldest|"
    # "the Philippines' newest mobile operator", "the country's only private carrier": one of the place's own
    r"newest|youngest|first|only|sole|main|dominant|major|best-known|well-known|better-known|"
    r"(?:second|third|fourth|fifth|\w+)-(?:largest|biggest|oldest)|"
    r"No\.\s*\d+|number\s+\w+|one|two|three|four|five|ten|\d+)\s+)*"
)


def _after_ranking(text: str, pos: int) -> int:
    """Where the ranking words at ``pos`` end (``pos`` itself when there are none: the pattern matches empty)."""
    found = _RANKING.match(text, pos)
    return found.end() if found else pos


_FUNCTION_WORDS = frozenset(
    ("by", "of", "in", "for", "with", "to", "from", "at", "on", "and", "or", "the", "a", "an", "behind")
)
#: "Last year shoemaker X": when, before the description.
_TIME_WORDS = frozenset(
    "last next year years month months week weeks day days today yesterday monday tuesday wednesday thursday friday "
    "saturday sunday january february march april may june july august september october november december".split()
)
#: Verbs that end a clause before a description ("the deal gives condiment maker X"): the description starts after.
_VERBS = frozenset(
    "gives gave give makes made takes took sees saw says said lets helps helped becomes became leaves left brings "
    "brought sends sent keeps kept adds added puts named buys bought acquired acquires joins joined hits owns owned "
    "hired hires backs backed beat beats overtook overtakes".split()
)


PATTERNS = (before_name, before_compound_name, after_name, predicate, category_list)
