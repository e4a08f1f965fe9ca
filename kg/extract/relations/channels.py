"""Channels: sellsThrough, and expansion through a channel.

- "<Company> sells through / has deployed through channels such as A, B and C";
- "relies on A and B to sell";
- "<Company> is expanding its dealer network in <R1> and <R2>": sellsThrough
  the network, and expandsInto each place via it.

A phrase is a channel when the lexicon knows it or its last word is a
channel head ("stores", "distributors", "network"); places right after the
list ("through distributors in Europe") become the ``market`` qualifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from kg.extract.inflection import lemmas, plural_noun
from kg.extract.lexicon import cue, data, lower_regex, word_set
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.phrases import EXCHANGE, PACT_WITH, VERB_AFTER_NAME, clause_end, drop_leading, split_list
from kg.extract.relations.claims import claim, dated, triggered_by
from kg.extract.relations.presence import actor
from kg.extract.view import PLACES, Claim, View

SELLERS = ("Company", "Brand", UNTYPED)
_CHANNELS_SUCH_AS = re.compile(
    r"^(?:(?:multiple|various|several|many|numerous|diverse|different|its|their|a\s+range\s+of|"
    r"a\s+mix\s+of|a\s+number\s+of|a\s+network\s+of)\s+)*(?:(?:sales|distribution|retail|"
    r"online|offline)\s+)*channels?,?\s+(?:such\s+as|including|like|of)\s+",
    re.IGNORECASE,
)
_ADVERB_AFTER = re.compile(
    r"(?:\s+(?:there|here|too|also|now|today|later|soon|as\s+well|alike|instead|worldwide|globally))+$", re.IGNORECASE
)
_EXAMPLES = re.compile(r",?\s+(?:such\s+as|including|like)\s+", re.IGNORECASE)
#: "and through retail chains": the preposition repeated inside a list is not part of the channel.
_PREPOSITIONS = frozenset(("through", "via", "on", "at", "in", "using", "across"))
_BARE_AND = re.compile(rf"\s+(?:and|or|as\s+well\s+as)\s+(?:(?:{'|'.join(sorted(_PREPOSITIONS))})\s+)?", re.IGNORECASE)
_RELATIVE_PRONOUN = re.compile(r"\b(?:that|which|who|whose)\s+(?!is\b|are\b)")
#: What ends a channel phrase without naming another: a count of places, who runs the outlets, a new clause.
_CHANNEL_TAIL = re.compile(
    r"\s+(?:in|across)\s+(?:(?:more\s+than|over|about|around|nearly|some)\s+)?(?:\d[\d,]*|dozens\s+of|hundreds\s+of|"
    r"scores\s+of|many|several|most|all)\s+"
    r"(?:countries|markets|cities|states|provinces|regions|territories)\b|"
    r"\s+(?:run|operated|owned|managed)\s+by\b|"
    # "PetVida, a pet-store chain with around 280 outlets": how big the channel is, not which
    r"\s+with\s+(?:(?:about|around|some|nearly|roughly|almost|over|more\s+than)\s+)?\d[\d,]*\s+"
    r"(?:outlets|stores|shops|branches|locations|pharmacies|members|points\s+of\s+sale|supermarkets|dealers)\b|"
    # "through its own website from next spring": when, not which channel
    r"\s+(?:from|starting|beginning|until|by|in|since)\s+(?:next|this|early|late|mid|the\s+(?:end|start|middle)|(?:19|20)\d\d|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|"
    r"fall|winter)\b|"
    r",\s+and\s+(?:the\s+)?[\w-]+\s+(?:[a-z]+ly\s+)?(?:plans?|aims?|expects?|wants?|hopes?|intends?|will|would|is|are|has|have|"
    r"had)\b|,\s+and\s+the\s+[\w-]+\s+(?:[a-z]+ly\s+)?[a-z]+ed\b|"
    # "sales through e-commerce platforms rose 27%": the verb of the sales the channels carried
    r"\s+(?:rose|grew|fell|jumped|climbed|increased|decreased|declined|doubled|tripled|surged|slipped|dropped|"
    r"totall?ed|amounted|accounted|made\s+up|represented|reached)\b",
    re.IGNORECASE,
)
_MARKET_CUT = re.compile(
    # "through distributors in most of Latin America": where the channel serves, however much of it
    r"\s+(?:in|across|throughout|into)\s+(?:(?:most|much|parts|part|some|all|many)\s+of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)


#: Up to four words, then how much of the selling goes that way: "sells its drinks mainly through".
_GOODS_THEN_HOW_MUCH = (
    r"\s+(?:[\w-]+\s+){0,4}?(?:(?:mainly|primarily|largely|chiefly|mostly|also|only|exclusively)\s+)?"
)


@cache
def _through_regex() -> re.Pattern[str]:
    return lower_regex(
        rf"(?<![\w-])(?:{cue('sellsThrough', 'active')}{_GOODS_THEN_HOW_MUCH}{cue('sellsThrough', 'through')}|"
        rf"{cue('sellsThrough', 'sold_on')}{_GOODS_THEN_HOW_MUCH}(?:on|at)(?!\s+home\b))\s+"
    )


@cache
def _to_outlets_regex() -> re.Pattern[str]:
    """ "sells frozen dumplings to supermarkets": goods sold to shops that resell them, which are its channel (not to
    "customers" or "carmakers", who buy them)."""
    return lower_regex(
        rf"(?<![\w-]){cue('sellsThrough', 'active')}\s+(?:[\w-]+\s+){{0,5}}?to\s+"
        r"(?=(?:[\w-]+\s+)?(?:supermarkets|hypermarkets|retailers|wholesalers|distributors|dealers|department\s+stores|"
        r"convenience\s+stores|retail\s+chains|grocers|grocery\s+chains|pharmacies)\b)"
    )


#: Those who resell a company's goods: "works with local importers", "works with dealers in Chile".
_RESELLERS = (
    r"(?:importers|distributors|dealers|dealerships|retailers|resellers|wholesalers|sales\s+agents|franchisees|installers|stockists|"
    r"dealer\s+networks|distribution\s+partners)"
)


@cache
def _works_with_regex() -> re.Pattern[str]:
    """ "works with local importers": resellers it works with are its channel (a named company it works with is a
    partner, read by ``partnersWith``)."""
    return lower_regex(rf"(?<![\w-])work(?:s|ed|ing)?\s+(?:closely\s+)?with\s+(?=(?:[\w-]+\s+){{0,2}}{_RESELLERS}\b)")


#: "entered Brazil in 2020 through a local distributor": a market entered through resellers is sold in through them
#: (not "entered Europe through its purchase of Volvo", which names no channel).
_ENTERED_THROUGH = re.compile(
    r"(?<![\w-])(?:enter(?:s|ed|ing)?|entry\s+into)\s+(?:[\w-]+\s+){0,4}?(?:through|via)\s+"
    r"(?=(?:[\w-]+\s+){0,3}?(?:importers?|distributors?|dealers?|dealerships?|retailers?|resellers?|wholesalers?|"
    r"(?:sales\s+)?agents?|franchisees?|stockists?)\b)"
)


@cache
def _list_regex() -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-])(?:{cue('sellsThrough', 'list')}|{cue('sellsThrough', 'relies')})\s+")


@cache
def _heads() -> frozenset[str]:
    return frozenset(h.lower() for h in data("channels")["heads"])


@cache
def _active_regex() -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){cue('sellsThrough', 'active')}(?![\w-])")


#: Where a clause running on from a selling verb stops at "through": "sells its drinks in Singapore through",
#: "sells monitors to hospitals in 190 countries, mostly through".
_THROUGH_AT = re.compile(
    # "has sold drones in the US since 2019, through Amazon": when it began, between the clause and its channel
    r"(?:\s+(?:since|from|in|until)\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d|"
    r"\s+for\s+(?:(?:more\s+than|over|nearly|almost|about|some)\s+)?(?:a|two|three|four|five|several|many|\d+)\s+"
    r"(?:decades?|years?))?"
    r",?\s+(?:(?:mainly|primarily|largely|chiefly|mostly|also|only|exclusively|partly)\s+)?(?:through|via)\s+",
    re.IGNORECASE,
)
_GAP_PLACE = re.compile(r"\b(?:in|across|throughout)\s+(?:the\s+)?$", re.IGNORECASE)


def _far_through(view: View) -> Iterator[tuple[int, int, list[Mention]]]:
    """A selling verb whose objects, and the places it sells in, come before "through" or "via" in its clause:
    the verb's start, where the channels start, and the places named on the way (the channel's market)."""
    if " through " not in view.lower and " via " not in view.lower:
        return
    for verb in _active_regex().finditer(view.lower):
        end = clause_end(view.text, verb.end())
        if end - verb.end() > 160:
            continue
        through = _THROUGH_AT.match(view.text, end) or _THROUGH_AT.match(view.text, end - 1)
        if through is None:
            continue
        places = [
            m
            for m in view.mentions
            if verb.end() < m.start < end and m.type in PLACES and _GAP_PLACE.search(view.text, verb.end(), m.start)
        ]
        yield verb.start(), through.end(), places


#: An answer with its verb left out: "Mostly through specialist dealers." (asked how the company sells).
_ELLIPTIC_THROUGH = re.compile(
    r"\W*(?:[qa]:\s+)?(?:(?:mostly|mainly|largely|chiefly|primarily|partly)\s+)?(?:through|via)\s+"
    # a noun phrase to the end, no clause of its own ("Through its partners it also reaches Asia")
    r"(?=(?:(?!\b(?:it|they|we|he|she|which|who|is|are|was|were|has|have)\b)[^,;:]){1,60}[.!]?\W*$)"
)


@triggered_by(
    ("sellsThrough", "active"),
    ("sellsThrough", "sold_on"),
    ("sellsThrough", "list"),
    ("sellsThrough", "relies"),
    "entered",
    "enters",
    "entering",
    "enter",
    "entry",
)
def sells_through(view: View) -> Iterator[Claim]:
    """ "sells/deployed through A, B and C" and "channels such as A, B and C"."""
    seen: set[int] = set()
    found: list[tuple[int, int, list[Mention]]] = [
        (m.start(), m.end(), [])
        for regex in (_through_regex(), _list_regex(), _to_outlets_regex(), _works_with_regex(), _ENTERED_THROUGH)
        for m in regex.finditer(view.lower)
    ]
    elliptic = _ELLIPTIC_THROUGH.match(view.lower)
    if elliptic is not None:
        found.append((elliptic.start(), elliptic.end(), []))
    far = list(_far_through(view))
    far_verbs = {f[0] for f in far} | ({elliptic.start()} if elliptic is not None else set())
    for at, after, gap_places in [*found, *far]:
        start = _after_such_as(view.text, after)
        if PACT_WITH.match(view.text, start):
            continue  # "relies on a last-mile agreement with DPD": a partner, which the partnership frames read
        subject = view.subject_before(at, SELLERS)
        if subject is None and at in far_verbs:
            # "X's food business, which sells soup bases through supermarkets": the clause's company
            subject = actor(view, at, SELLERS)
        if subject is None or start in seen:
            continue
        seen.add(start)
        # "established importers: A in the UAE, B in Saudi Arabia and C in Qatar": each channel with its own market
        named = _NOUN_THEN_NAMES.match(view.text, start)
        pairs = _named_in_places(view, named.end() if named else start)
        if len(pairs) > 1:
            if named is not None:
                yield from _sold_through(view, subject, [_noun_channel(view, start, named)], [], at)
            for channel, place in pairs:
                yield from _sold_through(view, subject, [channel.typed("Channel")], [place], at)
                yield claim(view, _company(subject), "operatesIn", place, at, confidence=0.6)
                if channel.type in ("Company", UNTYPED):
                    yield claim(view, channel.typed("Company"), "operatesIn", place, at, confidence=0.6)
            continue
        channels, markets = _channels(view, start)
        markets = markets or gap_places
        yield from _sold_through(view, subject, channels, markets, at, before=dated(view, "since"))


def _sold_through(
    view: View,
    subject: Mention,
    channels: list[Mention],
    markets: list[Mention],
    at: int,
    *,
    confidence: float = 0.85,
    before: tuple[tuple[str, str], ...] = (),
    unplaced: tuple[tuple[str, str], ...] = (),
) -> Iterator[Claim]:
    """``subject`` sells through each channel in each market named after it (``unplaced`` qualifies the claims
    when none is); a channel that is the subject itself is none of its channels."""
    for channel in channels:
        if channel.name == subject.name:
            continue
        for market in markets or (None,):
            qualifiers = before + ((("market", market.name),) if market else unplaced)
            yield claim(
                view, _company(subject), "sellsThrough", channel, at, qualifiers=qualifiers, confidence=confidence
            )


def _after_such_as(text: str, pos: int) -> int:
    found = _CHANNELS_SUCH_AS.match(text[pos:])
    return pos + found.end() if found else pos


#: A channel noun, then its names: "established importers: ", "distributors such as ".
_NOUN_THEN_NAMES = re.compile(
    r"(?P<noun>(?:[\w-]+\s+){0,2}?(?:importers|distributors|dealers|retailers|resellers|partners|wholesalers|chains))"
    r"(?::\s+|,?\s+(?:such\s+as|including|like)\s+)(?=[A-Z])"
)
_IN_PLACE = re.compile(r"\s+in\s+")
_PAIR_JOIN = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _noun_channel(view: View, start: int, named: re.Match[str]) -> Mention:
    """The channel noun before its names ("distributors" of "distributors such as A in X and B in Y")."""
    end = named.end("noun")
    found = _channel(view, start, end)
    return (
        found
        if found is not None
        else Mention(start, end, view.text[start:end], "Channel", view.text[start:end], "cue")
    )


def _named_in_places(view: View, start: int) -> list[tuple[Mention, Mention]]:
    """ "A in the UAE, B in Saudi Arabia and C in Qatar" from ``start``: each name with the place after it."""
    pairs: list[tuple[Mention, Mention]] = []
    pos = start
    while True:
        name = next((m for m in view.mentions if m.start == pos and m.type in (*SELLERS, "Channel")), None)
        gap = _IN_PLACE.match(view.text, name.end) if name is not None else None
        place = view.at(gap.end(), PLACES) if gap is not None else None
        if name is None or place is None:
            return pairs
        pairs.append((name, place))
        join = _PAIR_JOIN.match(view.text, place.end)
        if join is None:
            return pairs
        pos = join.end()


def _channels(view: View, start: int) -> tuple[list[Mention], list[Mention]]:
    """The channel phrases listed from ``start``, and the places that follow them."""
    end = view.clause_end(start, clause_end(view.text, start))
    again = _THROUGH_NEXT.match(view.text, end)
    if again is not None and _AND_ADVERB.search(view.text, start, end):
        # "via its website and offline through carriers": the list goes on after its second preposition
        end = view.clause_end(again.end(), clause_end(view.text, again.end()))
    relative = _RELATIVE_PRONOUN.search(view.text, start, end)
    end = relative.start() if relative else end  # "through Kvik, a dealer that also carries Bosch": Kvik only
    # "through about 750 outlets in 30 countries, and the partners plan ...", "showrooms run by an importer"
    tail = _CHANNEL_TAIL.search(view.text, start, end)
    end = tail.start() if tail else end
    purpose = _PURPOSE.search(view.text, start, end)
    if purpose is not None and "VERB" in lemmas(purpose.group(1)):
        end = purpose.start()  # "a network of local integrators to install its robots": the integrators
    markets: list[Mention] = []
    for m in view.mentions:
        if start <= m.start < end and m.type in PLACES:
            cut = _MARKET_CUT.search(view.text, start, m.start)
            if cut:
                markets = view.listed_after(m.start, PLACES, within=0)
                end = cut.start()
            break
    spans = _named_before_head(view, start, end) or [
        span for item in split_list(view.text, start, end) for span in _items(view, *item)
    ]
    found = [_channel(view, s, e) for s, e in spans]
    return [c for c in found if c is not None], markets


_SALES_WORD = re.compile(
    r"\s*(?:(?:overall|total|group|annual|its|their|the)\s+)*(?:sales|revenues?|income|turnover|orders)(?:\s+of\b.*)?\s*",
    re.IGNORECASE | re.DOTALL,
)
_THROUGH_NEXT = re.compile(r"\s+(?:through|via)\s+", re.IGNORECASE)
#: "... to install", "... to serve": an infinitive of purpose after the channels, in its base form.
_PURPOSE = re.compile(r"\s+to\s+([a-z]+(?<!s))\b")
_AND_ADVERB = re.compile(r"\s+(?:and|or)\s+(?:online|offline|directly|also|mainly|mostly|elsewhere)$", re.IGNORECASE)
#: "its website and through carriers", "its website and offline through carriers": a repeated preposition starts
#: a new item.
_REPEATED_THROUGH = re.compile(
    r"\s+(?:and|or)\s+(?:(?:online|offline|directly|also|mainly|mostly|elsewhere)\s+)?(?:through|via)\s+", re.IGNORECASE
)


def _items(view: View, start: int, end: int) -> list[tuple[int, int]]:
    """One list item as the channels it names (a repeated "through" splits it first).

    "electronics chains such as Vela Mart and Ostro": the chains and each example; "Vela Mart and Ostro": each name
    (a list of names is split at every "and", which a list of phrases is not: "dealer and agent network").
    """
    repeated = _REPEATED_THROUGH.search(view.text, start, end)
    if repeated is not None:
        return [*_items(view, start, repeated.start()), *_items(view, repeated.end(), end)]
    start, end = drop_leading(view.text, start, end, _PREPOSITIONS)
    second = _SECOND_VERB_ITEM.match(view.text, start, end)
    if second is not None:
        # "stocked by electrical chains and sold by online retailers": the second verb's own channels
        start = second.end()
    first = next((m for m in view.mentions if m.start == start), None)
    owned = _OWNER_POSSESSIVE.match(view.text, first.end) if first else None
    store = next((m for m in view.mentions if m.start == owned.end() and m.type == "Channel"), None) if owned else None
    if store is not None:
        first, start = store, store.start  # "Apple's App Store and Google Play": the store, not its owner
    joined = _BARE_AND.match(view.text, first.end) if first else None
    if first and joined and first.end < end:
        return [(first.start, first.end), *_items(view, joined.end(), end)]  # "Amazon and through chains such as A"
    named = _named_after_head(view, start, end)
    if named:
        return named  # "third-party marketplaces Zalando and Allegro": the role, then the names that fill it
    hosted = _HOSTED_ON.search(view.text, start, end)
    if hosted and (
        any(start <= m.start < hosted.start() and m.type != "Channel" and m.origin != "anaphor" for m in view.mentions)
        or _AND_BEFORE_ON.search(view.text, start, hosted.start() + 1)
    ):
        hosted = None  # "chains such as Best Buy and Costco and on Amazon": a channel of its own, read as one
    hosts = (
        [m for m in view.listed_after(hosted.end(), (*SELLERS, "Channel"), within=0) if m.start < end] if hosted else []
    )
    if hosted and hosts:
        return [(start, hosted.start()), *((m.start, m.end) for m in hosts)]  # "flagship stores on Tmall and JD.com"
    example = _EXAMPLES.search(view.text, start, end)
    if example:
        examples = [m for m in view.listed_after(example.end(), (*SELLERS, "Channel"), within=0) if m.end <= end]
        return [(start, example.start()), *((m.start, m.end) for m in examples)]
    pair = _PLURALS_JOINED.fullmatch(view.text, start, end)
    if pair is not None and all(plural_noun(pair.group(side).split()[-1]) for side in ("a", "b")):
        # "equipment rental firms and dealers", "supermarkets and pharmacies": two channels, each with its own noun
        return [(pair.start("a"), pair.end("a")), (pair.start("b"), pair.end("b"))]
    return [(start, end)]


_PLURALS_JOINED = re.compile(r"(?P<a>[a-z][\w -]*?)\s+(?:and|or)\s+(?P<b>[a-z][\w -]*)")


#: "flagship stores on Tmall and JD.com", "counters at Sephora": the platforms or retailers the outlets are on.
_HOSTED_ON = re.compile(r"\s+(?:on|at)\s+(?:the\s+)?(?=[A-Z])")
_AND_BEFORE_ON = re.compile(r"\b(?:and|or)\s*$")
_NUMBER_PREFIX = re.compile(r"\d+-$")
_SECOND_VERB_ITEM = re.compile(
    r"(?:sold|stocked|distributed|carried|marketed|offered|available)\s+(?:by|through|via|at|in|on)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_OWNER_POSSESSIVE = re.compile(r"(?:'s|\u2019s)\s+")
#: "7-Eleven stores", "Carrefour hypermarkets", "Alfamart and Indomaret convenience stores": a retailer's stores.
_STORES_AFTER = re.compile(
    r"\s+(?:(?:convenience|department|electronics|grocery|drug|DIY|home-improvement|sporting-goods|toy|flagship|"
    r"duty-free)\s+)?(?:stores|shops|outlets|supermarkets|hypermarkets|superstores|supercenters|branches|pharmacies|"
    r"drugstores|doors|locations|counters)\b",
    re.IGNORECASE,
)
_NOT_CHANNEL_HEADS = frozenset(
    (
        "office",
        "offices",
        "team",
        "teams",
        "staff",
        "data",
        "figures",
        "growth",
        "volume",
        "volumes",
        "target",
        "targets",
        "manager",
        "managers",
        "director",
        "chief",
        "head",
        "revenue",
        "numbers",
        "strategy",
    )
)
#: "a network of some 40,000 dealers", "a nationwide network of dealers", "a network of camera retailers": the
#: dealers, the retailers.
_NETWORK_OF = re.compile(
    r"(?:[\w-]+\s+){0,2}?(?:network|web|string)\s+of\s+(?=(?:\w+\s+){0,3}?\d|(?:[\w-]+\s+){0,2}?[\w-]+(?:s|\s+partners)\b)",
    re.IGNORECASE,
)
_HEAD_BEFORE = re.compile(r"([\w-]+)\s+$")


def _named_after_head(view: View, start: int, end: int) -> list[tuple[int, int]]:
    """The names listed right after a channel noun inside ``start:end``, when the list runs to ``end``."""
    first = next((m for m in view.mentions if start < m.start < end and m.type in SELLERS), None)
    head = _HEAD_BEFORE.search(view.text, start, first.start) if first else None
    if first is None or head is None or head.group(1).lower() not in _heads():
        return []
    listed = [m for m in view.listed_after(first.start, SELLERS, within=0) if m.end <= end]
    rest = view.text[listed[-1].end : end] if listed else ""
    # what follows the names may only be more names the gazetteer took for places ("Coppel and Liverpool")
    for m in view.mentions:
        if listed[-1].end <= m.start and m.end <= end:
            rest = rest.replace(m.surface, "")
    if not listed or rest.replace(" and ", " ").strip(" ,.;"):
        return []
    return [(m.start, m.end) for m in listed]


_PLURAL_HEAD = re.compile(r"\s+([\w-]+)\s*$")


def _named_before_head(view: View, start: int, end: int) -> list[tuple[int, int]]:
    """Two or more names and then the plural channel noun they share, running to ``end``: "the Shopee and Lazada
    marketplaces", "the Lulu and Carrefour chains"."""
    first = view.at(start + 4 if view.lower.startswith("the ", start) else start, SELLERS)
    listed = [m for m in view.listed_after(first.start, SELLERS, within=0) if m.end <= end] if first else []
    head = _PLURAL_HEAD.fullmatch(view.text, listed[-1].end, end) if len(listed) > 1 else None
    if head is None or head.group(1).lower() not in _heads() or not plural_noun(head.group(1)):
        return []
    return [(m.start, m.end) for m in listed]


_WHERE_AFTER = re.compile(
    r"\s+(?:across|throughout|around|in)\s+(?=(?:the\s+)?[A-Z]|(?:\w+\s+){0,2}(?:provinces?|regions?|cities|city|states?|countries|country|markets?)\b)"
)


#: The owner before "own" ("Lumiz's", "the company's"): the channel is the seller's own, whoever the sentence says.
_OWNER = r"(?:the\s+)?(?:[\w&.-]+\s+){0,3}?[\w&.-]+(?:'s|\u2019s|')\s+"
_OWNERS_OWN = re.compile(rf"{_OWNER}(?=own\s)")


def _channel(view: View, start: int, end: int) -> Mention | None:
    """The channel a list item names, if it names one."""
    if _SALES_WORD.fullmatch(view.text, start, end):
        # "through sales of strollers", "and overall sales rose": what is sold, not where (unlike "direct sales")
        return None
    start, end = drop_leading(view.text, start, end, word_set("channels", "leading_qualifiers"))
    own = _OWNERS_OWN.match(view.text, start, end)
    start = own.end() if own else start  # "Lumiz's own online store", "the company's own web shop": its own store
    network = _NETWORK_OF.match(view.text, start, end)
    if network is not None:  # "a network of some 40,000 dealers": the dealers
        start, end = drop_leading(view.text, network.end(), end, word_set("channels", "leading_qualifiers"))
    end = start + len(_ADVERB_AFTER.sub("", view.text[start:end]))
    place = view.at(start, PLACES)
    if place is not None and place.surface[:1].isupper() and place.end < end:
        start = place.end + 1  # "a Nairobi distributor", "Texas dealers": where the resellers are, not which
    where = _WHERE_AFTER.search(view.text, start, end)
    end = where.start() if where else end  # "dealers across Thai provinces": the dealers, not where they are
    named = view.between(start, end)
    whole = bool(named) and named[-1].start == start and named[-1].type == "Channel"
    store_of = _STORES_AFTER.fullmatch(view.text, named[-1].end, end) if named else None
    if (
        store_of is not None
        and named[-1].type in ("Company", UNTYPED)
        and (named[-1].start == start or _NUMBER_PREFIX.fullmatch(view.text, start, named[-1].start))
    ):
        end = named[-1].end  # "7-Eleven stores", "Walmart supercenters": the chain
    if named and named[-1].end == end and (whole or named[-1].type in ("Company", UNTYPED)):
        last = named[-1]
        prefix = _NUMBER_PREFIX.search(view.text, max(start, last.start - 4), last.start)
        if prefix is not None and prefix.start() == start:
            # "7-Eleven": the number is part of the name
            surface = view.text[start : last.end]
            return Mention(start, last.end, surface, "Channel", surface, last.origin, last.confidence)
        return Mention(last.start, last.end, last.name, "Channel", last.surface, last.origin, last.confidence)
    text = view.text[start:end]
    words = text.split()
    if not words or len(words) > 6 or not any(w.lower().strip(",.") in _heads() for w in words):
        return None
    if len(words) == 1 and words[0].lower() in ("sales", "revenue", "business"):
        return None  # "grew its sales in Kenya" measures, it names no channel ("direct sales" does)
    if words[-1].lower().strip(",.") in _NOT_CHANNEL_HEADS:
        return None  # "set up a sales office", "its retail team": a channel word describing something else
    return Mention(start, end, text, "Channel", text, "cue", 0.8)


@cache
def _grows_regex() -> re.Pattern[str]:
    return lower_regex(
        rf"(?<![\w-]){cue('sellsThrough', 'grows')}\s+(?:(?:its|their|the|a)\s+)(?P<channel>[\w\s&'-]+?)"
        rf"\s+(?:in|across|into|throughout|to)\s+"
    )


@triggered_by(("sellsThrough", "grows"))
def grows_channel(view: View) -> Iterator[Claim]:
    """ "is expanding its dealer network in <R1> and <R2>": the channel, and each market entered through it."""
    for match in _grows_regex().finditer(view.lower):
        channel = _channel(view, match.start("channel"), match.end("channel"))
        places = view.listed_after(match.end(), PLACES, within=6)
        subject = view.subject_before(match.start(), SELLERS)
        if channel is None or subject is None or not places:
            continue
        yield claim(view, _company(subject), "sellsThrough", channel, match.start())
        for place in places:
            qualifiers = (*dated(view, "date"), ("via", channel.name))
            yield claim(view, _company(subject), "expandsInto", place, match.start(), qualifiers=qualifiers)


#: The kind of channel a company's role of reselling makes it.
_RESELLER_CHANNELS = {
    "distributor": "distributors",
    "distribution": "distributors",
    "dealer": "dealers",
    "reseller": "resellers",
    "importer": "importers",
    "wholesaler": "wholesalers",
    "franchisee": "franchisees",
}
#: "its exclusive distributor", "master franchisee": a kind of reseller, named with its role.
_KIND = r"(?P<kind>exclusive|master|official|sole|authori[sz]ed)\s+"
#: "Najd Medical Company, a Riyadh-based distributor": the role in an apposition after the name.
_ROLE_APPOSED = re.compile(
    rf",\s+(?:a|an|the|its|their)\s+(?:(?![a-z]+\s+(?:of|for|to)\b)[\w&.'-]+\s+){{0,4}}?(?:{_KIND})?"
    r"(?P<role>distributor|dealer|reseller|importer|wholesaler|franchisee)\b(?!\s+of\b)"
)
#: "its long-time Indonesian distributor PT Mitra", "a distribution agreement with Polmed": the role before it.
_ROLE_BEFORE = re.compile(
    rf"\b(?:{_KIND})?(?P<role>distributor|dealer|reseller|importer|wholesaler|franchisee|distribution)"
    r"(?:\s+(?:agreement|deal|contract|pact|partnership|partner)s?\s+with)?(?:\s+(?:group\s+)?|,\s+)$"
)


def reseller_roles(claims: list[Claim], view: View) -> list[Claim]:
    """A partner or channel the sentence names as a distributor, dealer or importer is a partner, and the kind of
    reseller it is the channel: "Lepu signed an agreement with Najd Medical Company, a Riyadh-based distributor"
    gives Lepu partnersWith Najd and sellsThrough distributors; "through distributor Brightstar" the same."""
    claims = [*claims, *_named_resellers(claims, view)]
    channels: dict[tuple[str, str], Claim] = {}
    partners = {(c.subject.name, c.object.name) for c in claims if c.relation == "partnersWith"}
    resold: set[tuple[str, str]] = set()
    added: list[Claim] = []
    for c in claims:
        if c.relation not in ("partnersWith", "sellsThrough") or c.object.end == 0 or c.subject.type not in SELLERS:
            continue
        role = _ROLE_APPOSED.match(view.text, c.object.end) or _ROLE_BEFORE.search(
            view.lower, max(0, c.object.start - 60), c.object.start
        )
        if role is None:
            continue
        kind, noun = role.group("kind"), _RESELLER_CHANNELS[role.group("role")]
        name = f"{kind} {noun}" if kind else noun
        status = tuple(q for q in c.qualifiers if q[0] == "status")
        start = role.start("kind") if kind else role.start("role")
        channel = Mention(start, role.end("role"), name, "Channel", view.text[start : role.end("role")], "cue", 0.7)
        channels.setdefault(
            (c.subject.name, name),
            replace(c, relation="sellsThrough", object=channel, qualifiers=(*status, *_market(view))),
        )
        pair = (c.subject.name, c.object.name)
        if c.relation == "sellsThrough" and pair not in partners:
            partners.add(pair)
            added.append(replace(c, relation="partnersWith", object=c.object.typed("Company"), qualifiers=status))
        resold.add(pair)
    if not resold:
        return claims
    kept = [c for c in claims if c.relation != "sellsThrough" or (c.subject.name, c.object.name) not in resold]
    have = {(c.subject.name, c.object.name) for c in kept if c.relation == "sellsThrough"}
    return _territories([*kept, *added, *(c for key, c in channels.items() if key not in have)], resold)


#: After a reseller channel, its name set off: "a single distributor in Lahore, Indus Solar Traders, which ...".
_NAME_SET_OFF = re.compile(r"(?:\s+(?:in|based\s+in)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})?,\s+")


def _named_resellers(claims: list[Claim], view: View) -> list[Claim]:
    """ "worked through a single distributor in Lahore, Indus Solar Traders": the reseller named after the channel it
    stands for is the seller's partner."""
    added = []
    for c in claims:
        if (
            c.relation != "sellsThrough"
            or c.object.type != "Channel"
            or not c.object.name[:1].islower()
            or not c.object.name.endswith((*_RESELLER_CHANNELS, *_RESELLER_CHANNELS.values()))
        ):
            continue
        gap = _NAME_SET_OFF.match(view.text, c.object.end)
        named = view.at(gap.end(), ("Company", UNTYPED)) if gap is not None else None
        if named is not None and named.origin != "anaphor" and named.name != c.subject.name:
            status = tuple(q for q in c.qualifiers if q[0] == "status")
            added.append(replace(c, relation="partnersWith", object=named.typed("Company"), qualifiers=status))
    return added


def _territories(claims: list[Claim], resold: set[tuple[str, str]]) -> list[Claim]:
    """ "appointed Al Zahra Watches as exclusive distributor of its watches in the UAE and Qatar": the places a
    reseller is named for are where the company it sells for is (the reseller itself is where its home says)."""
    principals = {reseller: seller for seller, reseller in resold}
    sellers = {c.subject.name: c.subject for c in claims if c.subject.name in principals.values()}
    out = []
    for c in claims:
        seller = sellers.get(principals.get(c.subject.name, ""))
        if seller is not None and c.relation in ("operatesIn", "expandsInto") and c.object.start > c.subject.end:
            c = replace(c, subject=seller)
        out.append(c)
    return out


#: "has signed 40 new dealers in Germany, Italy and Poland", "signed distribution agreements in Japan", "plans to
#: recruit dealers in Spain": resellers taken on in places.
_SIGNED_RESELLERS = re.compile(
    r"\b(?:sign(?:s|ed|ing)?(?:\s+up)?|recruit(?:s|ed|ing)?|appoint(?:s|ed|ing)?|add(?:s|ed|ing)?|took\s+on|tak(?:e|es|ing)\s+on)\s+"
    r"(?:(?:more\s+than|over|about|some|nearly|another)\s+)?(?:\d[\d,]*\s+|(?:two|three|four|five|six|seven|eight|nine|ten|"
    r"a\s+dozen|dozens\s+of|several|its\s+first|a|an)\s+)?(?:new\s+|local\s+|exclusive\s+|more\s+)*"
    r"(?P<role>dealers?|distributors?|resellers?|importers?|franchisees?|distribution\s+(?:agreements?|deals?|partners?|contracts?))"
    r"\s+(?:in|across|for|covering)\s+(?:the\s+)?"
)


@triggered_by(
    "sign",
    "signs",
    "signed",
    "signing",
    "recruit",
    "recruits",
    "recruited",
    "recruiting",
    "appoint",
    "appoints",
    "appointed",
    "appointing",
    "add",
    "adds",
    "added",
    "adding",
    "took on",
    "take on",
    "takes on",
)
def signed_resellers(view: View) -> Iterator[Claim]:
    """ "Autel has signed 40 new dealers in Germany, Italy and Poland": it sells through dealers, and enters each
    place through them."""
    for match in _SIGNED_RESELLERS.finditer(view.text):
        places = view.listed_after(match.end(), PLACES, within=2)
        subject = actor(view, match.start(), SELLERS)
        if subject is None or not places or subject.start > match.start():
            continue
        role = match.group("role").split()[0]
        noun = _RESELLER_CHANNELS.get(role.rstrip("s"), role)
        start, end = match.span("role")
        channel = Mention(start, end, noun, "Channel", view.text[start:end], "cue", 0.75)
        yield claim(view, _company(subject), "sellsThrough", channel, match.start(), confidence=0.7)
        for place in places:
            qualifiers = (*dated(view, "date"), ("via", noun))
            yield claim(view, _company(subject), "expandsInto", place, match.start(), qualifiers=qualifiers)


def signed_are_entries(claims: list[Claim], view: View) -> list[Claim]:
    """Places a sentence says resellers were just signed in are entered, not yet places it sells in: "has signed
    40 new dealers in Germany" gives no presence in Germany beside the entry."""
    entered = {
        (c.subject.name, c.object.name)
        for c in claims
        if c.relation == "expandsInto" and dict(c.qualifiers).get("via") in _RESELLER_CHANNELS.values()
    }
    if not entered or not _SIGNED_RESELLERS.search(view.text):
        return claims  # most sentences: no entry through resellers, and no search of the sentence
    return [c for c in claims if c.relation != "operatesIn" or (c.subject.name, c.object.name) not in entered]


_AND_WITH = re.compile(r"(?:\s+(?:in|across)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})?,?\s+and\s+with\s+")


@cache
def _agreement_regex() -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){cue('sellsThrough', 'agreement')}\s+(?:the\s+)?")


@triggered_by(("sellsThrough", "agreement"))
def distribution_deal(view: View) -> Iterator[Claim]:
    """ "signed a distribution agreement with X": X is a channel, and a partner."""
    for match in _agreement_regex().finditer(view.lower):
        partner = view.named_after(match.end(), ("Company", "Organization", UNTYPED), words=3)
        subject = view.subject_before(match.start(), SELLERS)
        partners = [partner] if partner else []
        while partners:
            # "deals with Grab in Malaysia and with Deliveroo in Britain"
            more = _AND_WITH.match(view.text, partners[-1].end)
            after = view.named_after(more.end(), ("Company", "Organization", UNTYPED), words=1) if more else None
            if after is None or after in partners:
                break
            partners.append(after)
        for partner in partners:
            if not (subject and partner.name != subject.name):
                continue
            channel = Mention(
                partner.start, partner.end, partner.name, "Channel", partner.surface, partner.origin, partner.confidence
            )
            yield claim(view, _company(subject), "sellsThrough", channel, match.start(), confidence=0.7)
            yield claim(view, _company(subject), "partnersWith", _company(partner), match.start(), confidence=0.75)


#: A role of selling someone else's goods, then a name, where a verb or preposition governs it ("works with
#: franchisee X", "through distributor X"); "British retailer X grew sales" is only a description of X.
_ROLE = re.compile(
    r"\b(?:with|through|via|by|from|to|appointed|named|signed|chose|uses|using)\s+"
    # "through Hanoi-based importer Viet Thanh Trading", "with its long-time local distributor Medix"
    r"(?:its\s+|their\s+|the\s+|a\s+)?(?:(?:local|exclusive|official|master|national|regional|long-?time|"
    # "through a Nairobi distributor, Afyamed Supplies": where the reseller is, and its name set after a comma
    r"[A-Z][\w-]*-based|[A-Z][a-z]+)\s+){0,2}"
    r"(?:distributors?|distribution\s+partners?|franchisees?|franchise\s+partners?|dealers?|resellers?|"
    r"importers?|sales\s+agents?)(?:\s+group)?(?:,\s+|\s+)(?=[A-Z])"
)


@triggered_by(
    "distributor",
    "distribution partner",
    "franchisee",
    "franchise partner",
    "dealer",
    "reseller",
    "importer",
    "sales agent",
)
def role_named(view: View) -> Iterator[Claim]:
    """ "it works with franchisee Harbour Brews", "sold by its distributor Velamed": the name is a channel."""
    for match in _ROLE.finditer(view.text):
        named = view.at(match.end(), ("Company", "Organization", UNTYPED))
        if named is None or named.origin == "anaphor":
            continue
        subject = actor(view, match.start(), SELLERS)
        if subject is None or subject.name == named.name or subject.start >= match.start():
            continue
        if subject.end == 0 and not view.focus_recent:
            continue
        channel = Mention(named.start, named.end, named.name, "Channel", named.surface, named.origin, named.confidence)
        yield claim(
            view, _company(subject), "sellsThrough", channel, match.start(), qualifiers=_market(view), confidence=0.7
        )


#: "Through its Thai distributor Siam Medtech, ": a reseller fronted before the clause that says who sells.
_FRONTED_ROLE = re.compile(
    r"\W*(?:Through|Via|With)\s+(?:its|their|the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:distributors?|dealers?|resellers?|"
    r"importers?|wholesalers?|franchisees?|distribution\s+partners?)\s+(?=[A-Z])"
)
_INFINITIVE = re.compile(r"\s+to\s+\w+")


@triggered_by("through", "via", "with")
def fronted_reseller(view: View) -> Iterator[Claim]:
    """ "Through its Thai distributor Siam Medtech, Yuling Diagnostics plans to sell ...": the clause's subject
    sells through the reseller named before it."""
    fronted = _FRONTED_ROLE.match(view.text)
    named = view.at(fronted.end(), ("Company", "Organization", UNTYPED)) if fronted else None
    if named is None or not view.text.startswith(", ", named.end):
        return
    subject = view.at(named.end + 2, SELLERS)
    verb = VERB_AFTER_NAME.match(view.text, subject.end) if subject is not None else None
    if subject is not None and subject.origin != "anaphor" and verb is not None:
        channel = Mention(named.start, named.end, named.name, "Channel", named.surface, named.origin, named.confidence)
        # the verb after the subject carries the status ("plans to sell")
        cue = _INFINITIVE.match(view.text, verb.end())
        yield claim(
            view, _company(subject), "sellsThrough", channel, cue.end() if cue else verb.end(), qualifiers=_market(view)
        )


_APPOINTED = re.compile(
    r"\b(?:appointed|appoints|appoint|named|names|signed\s+up|signs\s+up|tapped|taps|picked|picks)\s+"
)


@triggered_by("appointed", "appoints", "appoint", "named", "names", "signed up", "signs up", "tapped", "taps", "picked")
def appointed_reseller(view: View) -> Iterator[Claim]:
    """ "Orvix has appointed Tecnomac, an authorised dealer, to ...": a reseller appointed is a partner."""
    for match in _APPOINTED.finditer(view.text):
        named = view.at(match.end(), ("Company", "Organization", UNTYPED))
        if named is None or named.origin == "anaphor" or not _ROLE_APPOSED.match(view.text, named.end):
            continue
        subject = actor(view, match.start(), SELLERS)
        if subject is not None and subject.name != named.name and subject.start < match.start():
            yield claim(view, _company(subject), "partnersWith", _company(named), match.start(), confidence=0.7)


#: "600 cafes abroad, nearly all of them run by franchisees", "showrooms are operated by local dealers".
_OUTLETS_RUN_BY = re.compile(
    r"\b(?:outlets?|stores?|shops?|cafes?|caf\u00e9s?|restaurants?|showrooms?|kiosks?|branches|counters|"
    r"dealerships?|boutiques?|them)\s+(?:(?:are|is|were|was)\s+)?(?:mostly\s+|mainly\s+|largely\s+|all\s+)?"
    r"(?:run|operated|managed|owned)\s+by\s+",
    re.IGNORECASE,
)
_STORE_BEFORE = re.compile(
    r"\b(?:outlets?|stores?|shops?|cafes?|restaurants?|showrooms?|kiosks?|branches|dealerships?|boutiques?)\b",
    re.IGNORECASE,
)


@triggered_by("run by", "operated by", "managed by", "owned by")
def outlets_run_by(view: View) -> Iterator[Claim]:
    """Who runs a company's outlets sells its goods: "cafes ..., nearly all of them run by franchisees"."""
    from kg.extract.relations.frames import listed_phrases

    for match in _OUTLETS_RUN_BY.finditer(view.text):
        if match.group().lower().startswith("them") and not _STORE_BEFORE.search(view.text, 0, match.start()):
            continue  # "them" must stand for outlets named before it
        owner = next(
            (
                m
                for m in reversed(view.mentions)
                if m.end < match.start() and m.type in SELLERS and view.text.startswith("'", m.end)
            ),
            None,
        )  # "Most of Lurong's 90 showrooms are operated by dealers"
        subject = owner or actor(view, match.start(), SELLERS)
        if subject is None or subject.start >= match.start():
            continue
        for channel in listed_phrases(view, match.end(), "sellsThrough"):
            if channel.name != subject.name:
                yield claim(view, _company(subject), "sellsThrough", channel, match.start(), confidence=0.6)


def _market(view: View) -> tuple[tuple[str, str], ...]:
    """ "In Australia, it works with franchisee X": the fronted place is the market the channel serves."""
    fronted = next((m for m in view.mentions if m.type in PLACES and _FRONTED.match(view.text[: m.start])), None)
    return (("market", fronted.name),) if fronted else ()


_FRONTED = re.compile(r"^\s*(?:in|across)\s+(?:the\s+)?$", re.IGNORECASE)


_SELLING_MODEL = re.compile(
    r"\bsell(?:s|ing)?\b[^.;,]{0,30}?\b(?:under|with|through|via|using)\s+(?:a|an|its|their|the)\s+"
    r"(?P<phrase>[\w-]+(?:\s+[\w-]+)?)\s+model\b",
    re.IGNORECASE,
)


@triggered_by("sell")
def selling_model(view: View) -> Iterator[Claim]:
    """ "sells under a direct-to-consumer model": the way it sells is its channel."""
    for match in _SELLING_MODEL.finditer(view.text):
        subject = actor(view, match.start(), SELLERS)
        phrase = match.group("phrase")
        if subject is None or not phrase[:1].islower():
            continue
        channel = Mention(match.start("phrase"), match.end("phrase"), phrase, "Channel", phrase, "cue", 0.7)
        yield claim(view, _company(subject), "sellsThrough", channel, match.start(), confidence=0.65)


def _opener(view: View) -> Mention | None:
    """The name that opens the sentence ("Linsen Kitchen said ...; the rest came from ...")."""
    first = view.mentions[0] if view.mentions else None
    if first is None or first.type not in SELLERS or first.origin == "anaphor" or view.text[: first.start].strip():
        return None
    return first


def _in_focus(view: View) -> Mention | None:
    """The company in focus, for a clause that names none ("the rest came from retailers")."""
    focus = view.focus or view.main
    if focus is None or not view.focus_recent or focus.type not in SELLERS:
        return None
    return Mention(0, 0, focus.name, focus.type or "Company", focus.surface, "anaphor", 0.7 * focus.confidence)


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


_OWNER_GAP = re.compile(r"(?:'s|')\s+(?:[\w-]+\s+){0,2}")
#: "most of its revenue comes from its web shops", "the rest came from retailers such as A, B and C", "most sales
#: still go through Amazon": what sales come through is the channel.
_REVENUE_FROM = re.compile(
    r"\b(?:sales|revenues?|orders|income|turnover|rest|remainder|balance|business|bookings|"
    # "most of its volume in the Gulf goes through Noon": a volume owned, not "transaction volume on UnionPay cards"
    r"(?:(?:its|our|their)\s+|[\w-]+(?:'s|')\s+)(?:[\w-]+\s+)?volumes?)\s+(?:"
    r"(?:[\w-]+\s+){0,3}?"
    r"(?:comes?|came|coming|go|goes|went|flows?|flowed|arriv(?:e|es|ed|ing)|"
    r"(?:is|was|are|were)\s+(?:generated|made|placed|booked))\s+"
    r"(?:now\s+|still\s+)?(?:mainly\s+|mostly\s+|largely\s+|chiefly\s+|primarily\s+|entirely\s+)?"
    r"(?:from|through|via)|"
    # "sales through e-commerce platforms rose", "wins most of its business through public tenders"
    r"(?:in\s+(?:the\s+)?(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*)?\s+)?"  # "its business in Vietnam via TikTok Shop"
    r"(?:mainly\s+|mostly\s+|largely\s+|chiefly\s+|primarily\s+|entirely\s+)?(?:through|via)(?!\s+(?:the\s+)?"
    r"(?:end|middle|start|rest|first|second|third|fourth|(?:19|20)\d\d|january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\b))\s+",
    re.IGNORECASE,
)


def _whose_sales(view: View, at: int) -> Mention | None:
    """Whose sales the words at ``at`` are: the name they are owned by ("70% of Pengyu Tea's revenue", "Yuanfeng
    Bikes' European volume"), else the subject before them, the company in focus or the story's opener."""
    owner = next(
        (
            m
            for m in view.mentions
            if m.type in SELLERS and (_OWNER_GAP.fullmatch(view.text, m.end, at) or m.start <= at < m.end)
        ),
        None,
    )
    return owner or view.subject_before(at, SELLERS) or _in_focus(view) or _opener(view)


@triggered_by(
    "come",
    "comes",
    "came",
    "coming",
    "generated",
    "made",
    " go ",
    " goes ",
    " went ",
    " flow",
    "arriv",
    "through",
    "via",
)
def revenue_source(view: View) -> Iterator[Claim]:
    """ "Most of its sales come from chains such as Fnac and Currys": the chains and each example."""
    for match in _REVENUE_FROM.finditer(view.text):
        subject = _whose_sales(view, match.start())
        if subject is None:
            continue
        channels, markets = _channels(view, match.end())
        yield from _sold_through(view, subject, channels, markets, match.start(), confidence=0.7)


#: "sales on Amazon rose 40%", "orders are placed on Shopee and Lazada", "online sales, mostly on Tmall and JD.com",
#: "orders from American shoppers on Walmart.com": selling done on a named marketplace. Only names follow "on" here
#: (not "sales on the mainland" or "on track"), and no day ("orders on Monday", "sales on Black Friday").
_SALES_ON = re.compile(
    r"\b(?:sales|orders|bookings)(?:\s+(?:of|from|to|in)\s+(?:[\w.-]+\s+){0,3}?[\w.-]+)?"
    r"(?:\s+(?:are|is|were|was)\s+(?:now\s+|still\s+)?(?:placed|made|booked)|,)?\s+"
    r"(?:(?:mainly|mostly|largely|chiefly|primarily|entirely|all)\s+)?(?:placed\s+)?on\s+(?:the\s+)?"
    r"(?=(?-i:[A-Z]|[a-z]+[A-Z]))(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Black\s+Friday|"
    r"Cyber\s+Monday|Singles|Prime\s+Day|Christmas|New\s+Year)\b)",
    re.IGNORECASE,
)


@triggered_by(" on ")
def sales_on(view: View) -> Iterator[Claim]:
    """ "Its online sales, mostly on Tmall and JD.com, grew 30%": the marketplaces named after "on"."""
    for match in _SALES_ON.finditer(view.text):
        hosts = [m for m in view.listed_after(match.end(), (*SELLERS, "Channel"), within=0) if m.origin != "anaphor"]
        if not hosts:
            continue
        subject = _whose_sales(view, match.start())
        if subject is None:
            continue
        channels = [m.typed("Channel") if m.type == UNTYPED else m for m in hosts]
        yield from _sold_through(view, subject, channels, [], match.start(), confidence=0.7)


#: "its scooters are stocked by MediaMarkt", "the drone is available at Walmart": goods on a seller's shelves.
_STOCKED_BY = re.compile(
    r"\b(?:is|are|was|were|be|been|being)\s+(?:now\s+|also\s+|already\s+|widely\s+|mainly\s+|mostly\s+|largely\s+)*"
    r"(?:(?:stocked|carried|sold|distributed|retailed)\s+(?:(?:mainly|mostly|largely|chiefly|exclusively)\s+)?by|"
    r"available\s+(?:at|from)|stocked\s+(?:at|in)|(?:found|sold|available)\s+(?:in|at)(?=\s+(?:[\w-]+\s+){0,2}?"
    r"(?:stores|shops|supermarkets|outlets|pharmacies|chains|kiosks|malls)\b))\s+(?:the\s+)?",
    re.IGNORECASE,
)
#: What is stocked is goods, not a company: "Volvo was sold by Ford" is a deal.
_GOODS_BEFORE = re.compile(r"\b[a-z][\w-]*,?\s+$")
#: The maker named inside the goods' phrase: "dumplings made by Hualin Foods", "the X2 drone from Skyloft".
_MAKER_BEFORE = re.compile(r"\b(?:made|produced|manufactured|designed|built)\s+by\s+$|\bfrom\s+$|(?:'s|')\s")


@triggered_by(
    "stocked",
    "carried by",
    "sold by",
    "distributed by",
    "retailed by",
    "available at",
    "available from",
    "available in",
    "found in",
    "found at",
    "sold in",
    "sold at",
)
def stocked_by(view: View) -> Iterator[Claim]:
    """ "Its e-scooters are stocked by MediaMarkt and Decathlon": the retailers sell the maker's goods."""
    for match in _STOCKED_BY.finditer(view.text):
        named = next((m for m in view.mentions if m.end == match.start() - 1), None)
        if named is not None and not _MAKER_BEFORE.search(view.text, max(0, named.start - 20), named.start):
            continue  # "Volvo was sold by Ford": a company changing hands, not goods on shelves
        makers = [
            m
            for m in view.mentions
            if m.end <= match.start()
            and m.type in SELLERS
            and (
                _MAKER_BEFORE.search(view.text, max(0, m.start - 20), m.start)
                or view.text.startswith(("'s ", "' "), m.end)
            )
        ]
        goods = _GOODS_BEFORE.search(view.text, max(0, match.start() - 30), match.start())
        if named is None and not (goods and (makers or not goods.group().rstrip().endswith(","))):
            continue  # "soup bases made by Yihai, a condiment maker, are stocked by": after an aside, a named maker
        subject = makers[-1] if makers else actor(view, match.start(), SELLERS)
        if subject is None:
            continue
        channels, markets = _channels(view, match.end())
        yield from _sold_through(
            view, subject, channels, markets, match.start(), confidence=0.65, unplaced=_market(view)
        )


#: "has about 400 dealers abroad", "works with 35 distributors", "signed up 90 resellers": agents it sells through.
_AGENT_COUNT = re.compile(
    r"\b(?:has|have|had|counts?|counted|works?\s+with|worked\s+with|working\s+with|signed\s+up|signs\s+up|recruited|"
    r"appointed|added)\s+(?:(?:about|around|some|nearly|almost|roughly|more\s+than|over|at\s+least)\s+)?\d[\d,]*\s+"
    r"(?P<channel>(?:(?:local|independent|authori[sz]ed|overseas|official|exclusive|regional|national|franchised)\s+)?"
    r"(?:dealers|distributors|resellers|franchisees|sales\s+agents|dealerships|importers|franchise\s+partners))\b",
    re.IGNORECASE,
)


@triggered_by("dealers", "distributors", "resellers", "franchisees", "sales agents", "dealerships", "importers")
def agent_count(view: View) -> Iterator[Claim]:
    """ "Sanlu now has about 400 dealers abroad": a company counting its agents sells through them."""
    for match in _AGENT_COUNT.finditer(view.text):
        subject = actor(view, match.start(), SELLERS)
        if subject is None:
            continue
        phrase = match.group("channel")
        channel = Mention(match.start("channel"), match.end("channel"), phrase, "Channel", phrase, "cue", 0.8)
        yield claim(
            view, _company(subject), "sellsThrough", channel, match.start(), qualifiers=_market(view), confidence=0.65
        )


#: "will not use traditional franchised dealers", "uses its own showrooms": the outlets or agents it sells with.
_USES = re.compile(
    r"\b(?:use|uses|used|using|employ|employs|employed)\s+(?:(?:its|their|the|a|an)\s+)?(?:own\s+)?"
    r"(?P<channel>(?:[a-z][\w-]*\s+){0,2}?(?:dealers|dealerships|distributors|franchisees|resellers|retailers|"
    r"showrooms|sales\s+agents|dealer\s+networks?|marketplaces))\b",
    re.IGNORECASE,
)


@triggered_by("use", "uses", "used", "using", "employ", "employs", "employed")
def uses_channel(view: View) -> Iterator[Claim]:
    """ "The company will not use traditional franchised dealers": the outlets or agents it sells through (or,
    denied, does not)."""
    for match in _USES.finditer(view.text):
        subject = actor(view, match.start(), SELLERS)
        if subject is None:
            continue
        channel = _channel(view, match.start("channel"), match.end("channel"))
        if channel is None:
            continue
        yield claim(
            view, _company(subject), "sellsThrough", channel, match.start(), qualifiers=_market(view), confidence=0.6
        )


#: "went on sale on the Steam store", "sold on Amazon", "can be downloaded from Hugging Face", "lists its lamps on
#: Amazon": a selling verb, then "on" or "from" and a marketplace, named or with its noun.
_SOLD_ON = re.compile(
    r"\b(?:sell(?:s|ing)?|sold|(?:went|goes|go|is|are|was|were)\s+on\s+sale|download(?:s|ed|able)?|"
    r"available|offered|stocked|(?P<raised>raised|raises|raising|crowdfunded)|launch(?:es|ed|ing)?|"
    # "In America we started on Amazon in 2023", "the brand debuted on Tmall"
    r"(?:started|starts|began|begins|debuted|debuts)(?=\s+on\s)|"
    # "customers bought its kettles on Amazon": the goods' maker sells there
    r"(?P<bought>buy|buys|bought|buying|order|ordered|purchase[sd]?|purchasing)|"
    # "lists its lamps on Amazon", "first listed on Shopee" ("listed its shares on Nasdaq" is a stock listing)
    # "listing it on Rakuten and Qoo10": the goods just named
    r"list(?:s|ed|ing)?(?=\s+(?:its|their|it|them)\s+(?!shares\b|stock\b|bonds\b))|listed(?=\s+on\s)|"
    # "opened a storefront on Amazon", "flagship stores on Shopee and Lazada", "product pages on Shopee"
    r"(?P<shopfront>(?:store|storefront|shop|flagship|page|listing)s?(?=\s+on\s))|"
    # "Online we are on Amazon", "its mowers are also on Allegro": where the goods are, a marketplace
    r"(?:is|are)(?:\s+(?:also|now|only|already))?(?=\s+on\s))\s+(?:[^,;.]{1,50}?\s+)??"
    r"(?P<preposition>on|from|via|through|at)\s+(?:the\s+)?(?!(?:backers|investors|supporters|fans|donors)\b)",
    re.IGNORECASE,
)
#: Who buys goods in a shop: "customers in Europe bought", "shoppers can order", "they can be ordered".
_BUYERS_BEFORE = re.compile(
    r"\b(?:customers|consumers|shoppers|buyers|users|households|fans|gamers|drivers|diners|patients|parents|"
    r"travell?ers|people|families)\b(?:\s+[\w-]+){0,4}\s+(?:can\s+|could\s+|will\s+|mostly\s+|mainly\s+|also\s+)?$|"
    r"\b(?:be|been|is|are|was|were)\s+$",
    re.IGNORECASE,
)
#: "on Amazon and at Walmart", "on Amazon and with Fnac": a second marketplace after its own preposition.
_AND_AT = re.compile(
    # "on Amazon in Germany and with Fnac in France": the first marketplace's market may stand between
    r"(?:\s+in\s+(?:the\s+)?(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*){0,2})?"
    r"\s*,?\s+(?:and|or)\s+(?:also\s+)?"
    # "on Amazon, and in Poland on Allegro": the second one's market may come first
    r"(?:in\s+(?:the\s+)?(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*){0,2}\s+)?(?:on|at|via|through|with)\s+(?:the\s+)?",
    re.IGNORECASE,
)


@triggered_by(" on ", " from ", " at ", "buy", "bought", "order", "purchas")
def sold_on(view: View) -> Iterator[Claim]:
    """ "The game went on sale on the Steam store", "sold on Amazon": the marketplace is a channel of the seller (the
    clause's company, or the maker of the product it names)."""
    for match in _SOLD_ON.finditer(view.text):
        first = view.at(match.end(), _MARKETPLACES)
        described = _CHANNEL_DESCRIPTION.match(view.text, match.end()) if first is None else None
        if described is not None:
            first = view.at(described.end(), _MARKETPLACES)  # "listed on the Dutch marketplace Bol"
        if match.group("shopfront") and first is not None and _STREET_END.search(first.name):
            continue  # "a store on Orchard Road": a street, no marketplace
        if first is None or first.origin == "anaphor" or EXCHANGE.search(first.name):
            continue  # "listed on Nasdaq": an exchange (an organisation) sells nothing
        if match.group("raised") and first.name.lower() not in word_set("channels", "crowdfunding"):
            continue  # "raised $1 billion from investors": money, no sale; "raised $1 million on Kickstarter": a sale
        if view.text.startswith(("'s ", "\u2019s ", "' "), first.end):
            continue  # "order through Luckin's app", "on Uber's platform": the owner's own channel, named after it
        if match.group("bought"):
            if not _BUYERS_BEFORE.search(view.text, max(0, match.start() - 60), match.start()) or match.group(
                "preposition"
            ).lower() in ("from", "at"):
                continue  # "bought the site from Nestle", "buys chips from Qualcomm": a purchase, no shop
            # "shoppers bought Laxin's purifiers on Amazon": whose goods, not who bought
            subject = _goods_owner(view, first.start) or actor(view, match.start(), SELLERS)
        else:
            subject = actor(view, match.start(), SELLERS) or _goods_owner(view, match.start())
        if match.group("raised") and (subject is None or subject.type in ("Product", UNTYPED)):
            # "The TicWatch 2 raised $1 million on Kickstarter": the product's maker, the company in focus
            subject = next((m for m in (view.focus, view.main) if m is not None and m.type == "Company"), subject)
        listed, again, second = _marketplaces_listed(view, first)
        own = _OWN_STORE.match(view.text, again.end()) if again and second is None else None
        if own is not None:  # "on Amazon and on the company's own website"
            listed.append(Mention(own.start("own"), own.end(), own.group("own"), "Channel", own.group("own"), "cue"))
        for place in listed:
            if subject is not None and subject.name != place.name and place.origin != "anaphor":
                channel = place.typed("Channel") if place.type != "Channel" else place
                yield claim(view, subject, "sellsThrough", channel, match.start(), confidence=0.7)


_MARKETPLACES = ("Channel", "Company", UNTYPED)
#: A marketplace's description before its name: "the Dutch marketplace Bol", "online grocer Ocado".
_CHANNEL_DESCRIPTION = re.compile(
    r"(?:[\w-]+\s+){0,2}?(?:marketplace|platform|retailer|grocer|e-?tailer|website|site|app|store|chain)\s+(?=[A-Z])",
    re.IGNORECASE,
)
_STREET_END = re.compile(r"\b(?:Road|Street|Avenue|Boulevard|Lane|Square|Drive|Way|Mall|Plaza|Centre|Center)$")


def _marketplaces_listed(view: View, first: Mention) -> tuple[list[Mention], re.Match[str] | None, Mention | None]:
    """The marketplaces listed from ``first`` ("on Amazon, eBay and Temu"), with those a repeated preposition adds
    ("on Amazon in Germany and with Fnac in France"): the list, the "and <preposition>" and the marketplace after it."""
    listed = [first, *(m for m in view.listed_after(first.start, _MARKETPLACES, within=2) if m != first)]
    again = _AND_AT.match(view.text, listed[-1].end)
    second = view.at(again.end(), _MARKETPLACES) if again else None
    listed += view.listed_after(second.start, _MARKETPLACES, within=0) if second is not None else []
    return listed, again, second


#: "in some 300 Fnac and Darty stores", "in about 80 Carrefour hypermarkets": stores a named retailer runs.
_IN_COUNTED_STORES = re.compile(
    r"\b(?:in|at|across|into|inside|through)\s+(?:(?:about|around|some|roughly|nearly|almost|over|more\s+than|up\s+to|"
    r"all|most|many|selected|select|hundreds\s+of|dozens\s+of|thousands\s+of)\s+)*(?:[\d,]+\s+|[a-z]+\s+of\s+)?"
    r"(?:the\s+)?(?=[A-Z0-9])"
)
#: What puts goods in a retailer's stores: a selling word earlier in the clause.
_SELLING_WORD = re.compile(
    r"\b(?:sell(?:s|ing)?|sold|on\s+sale|available|stock(?:s|ed|ing)?|carr(?:y|ies|ied|ying)|listed|shelves|"
    r"roll(?:s|ed|ing)?\s+out|distribut(?:e|es|ed|ing))\b",
    re.IGNORECASE,
)


@triggered_by("stores", "shops", "outlets", "supermarkets", "hypermarkets", "branches", "pharmacies", "doors")
def counted_stores(view: View) -> Iterator[Claim]:
    """ "Its headphones are on sale in some 300 Fnac and Darty stores", "began selling its fountains in 120 Petco
    stores": the retailers whose stores sell the goods are channels of the goods' maker."""
    for match in _IN_COUNTED_STORES.finditer(view.text):
        first = view.at(match.end(), _MARKETPLACES)
        if first is None or first.origin == "anaphor":
            continue
        listed = [first, *(m for m in view.listed_after(first.start, _MARKETPLACES, within=0) if m != first)]
        if _STORES_AFTER.match(view.text, listed[-1].end) is None:
            continue
        selling = list(_SELLING_WORD.finditer(view.text, max(0, match.start() - 100), match.start()))
        if not selling:
            continue  # "opened 12 stores", "works in 40 Bosch branches": no goods put on a retailer's shelves
        subject = actor(view, selling[-1].start(), SELLERS) or _goods_owner(view, selling[-1].start())
        for store in listed:
            if subject is not None and subject.name != store.name:
                yield claim(
                    view, _company(subject), "sellsThrough", store.typed("Channel"), match.start(), confidence=0.7
                )


#: A seller's own store, whoever's it is said to be: "its own website", "the company's own web shop".
_OWN_STORE = re.compile(
    rf"(?:(?:its|their)\s+|{_OWNER})(?P<own>own\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:websites?|web\s?shops?|online\s+stores?|online\s+shops?|stores|shops|apps?|boutiques|showrooms))\b"
)
_OWNS_GOODS = re.compile(r"(?:'s?|\u2019s?)\s")
_GOODS_FROM = re.compile(r"\b(?:from|by)\s+$")


def _goods_owner(view: View, pos: int) -> Mention | None:
    """Whose goods a clause's subject is: "Stonegate Games' new title went on sale", "the models from Qiyuan Labs
    can be downloaded"."""
    owners = [
        m
        for m in view.mentions
        if m.end <= pos
        and m.type in ("Company", UNTYPED)
        and m.origin != "anaphor"
        and (_OWNS_GOODS.match(view.text, m.end) or _GOODS_FROM.search(view.text, max(0, m.start - 6), m.start))
    ]
    return owners[-1].typed("Company") if owners and owners[-1].type == UNTYPED else (owners[-1] if owners else None)


_CHANNEL_NOUN = (
    r"(?:(?:main|biggest|largest|most\s+important|key|primary|top|leading|chief|single\s+biggest|second-biggest|"
    r"second-largest|fastest-growing|dominant|principal)\s+)?(?:(?:online|offline|retail|sales|distribution|e-commerce)\s+)?"
    r"(?:channels?|outlets?|routes?\s+to\s+market|marketplaces?|sales\s+platforms?)\b"
)
#: "Amazon is its biggest sales channel", "Amazon and the brand's own website remain the main online outlets".
_IS_CHANNEL = re.compile(
    r"\s+(?:is|are|was|were|remains?|remained|(?:has|have)\s+become|became)\s+(?:now\s+|still\s+|also\s+)?"
    rf"(?P<owner>its|their|the\s+company's|the\s+brand's|the\s+group's|the|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*'s?)\s+"
    rf"{_CHANNEL_NOUN}",
)
#: "Its biggest channel is Amazon", "EcoFlow's main sales channels are Amazon and its own website".
_CHANNEL_IS = re.compile(
    rf"(?P<owner>\b(?:its|their)|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*'s?)\s+{_CHANNEL_NOUN}\s+"
    r"(?:(?:is|are|remains?|remained|was|were)\s+)(?:still\s+|now\s+)?"
)


@triggered_by("channel", "outlet", "route to market", "marketplace", "sales platform")
def named_channels(view: View) -> Iterator[Claim]:
    """A channel named as what a company sells through: "Amazon is its biggest sales channel", "its main outlets
    are Amazon and its own website"."""
    for match in _IS_CHANNEL.finditer(view.text):
        start = _clause_opening(view, match.start())
        seller = _owner_of(view, match, match.start("owner"))
        if seller is None:
            continue
        items = [_channel_or_name(view, s, e) for s, e in _named_items(view, start, match.start())]
        channels = [c for c in items if c is not None]
        if any(c.name == seller.name for c in channels):
            # "Rakuten has become the company's biggest channel": the company is not the channel named before it
            seller = next((m for m in (view.focus, view.main) if m is not None and m.name != seller.name), None)
            seller = seller or _goods_owner(view, start)
        if seller is not None:
            yield from _sold_through(view, seller, channels, [], match.start(), confidence=0.7)
    for match in _CHANNEL_IS.finditer(view.text):
        seller = _owner_of(view, match, match.start("owner"))
        if seller is None:
            continue
        end = view.clause_end(match.end(), clause_end(view.text, match.end()))
        items = [_channel_or_name(view, s, e) for s, e in _named_items(view, match.end(), end)]
        yield from _sold_through(view, seller, [c for c in items if c is not None], [], match.start(), confidence=0.7)


_NAME_AND = re.compile(r"\s*,?\s+and\s+|\s*,\s+")


def _named_items(view: View, start: int, end: int) -> list[tuple[int, int]]:
    """The list's items, a name before "and" an item of its own ("Amazon and the brand's own website")."""
    out = []
    for s, e in split_list(view.text, start, end):
        name = next((m for m in view.mentions if m.start == s and m.end < e and m.origin != "anaphor"), None)
        name_end = name.end if name is not None else None
        if name_end is None and (capitalised := _CAPITALISED.match(view.text, s, e)) is not None:
            name_end = capitalised.end()  # "Amazon and ...", opening the sentence, where no name was vouched for
        gap = _NAME_AND.match(view.text, name_end) if name_end is not None else None
        if name_end is not None and gap is not None:
            out += [(s, name_end), (gap.end(), e)]
        else:
            out.append((s, e))
    return out


_CAPITALISED = re.compile(r"[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*(?=\s*,?\s+and\s)")


def _channel_or_name(view: View, start: int, end: int) -> Mention | None:
    """A channel phrase, or a capitalised name no sentence vouched for ("Amazon" opening a sentence)."""
    owned = _OWNER_PREFIX.match(view.text, start, end)
    found = _channel(view, owned.end() if owned else start, end)
    listed = _NAME_AND.match(view.text, end) is not None  # "Amazon and ...": a name as a list's first item
    if found is None and listed and _CAPITALISED_NAME.fullmatch(view.text, start, end):
        text = view.text[start:end]
        found = Mention(start, end, text, "Channel", text, "guess", 0.6)
    return found


_CAPITALISED_NAME = re.compile(r"[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3}")
#: "the brand's own website": whose the channel is, said before it.
_OWNER_PREFIX = re.compile(
    r"(?:the\s+)?(?:brand|company|group|firm|chain|retailer|maker)(?:'s|\u2019s)\s+", re.IGNORECASE
)


def _clause_opening(view: View, end: int) -> int:
    """Where the clause that ends at ``end`` starts: after the last comma, semicolon or "while" before it."""
    opening = max(view.text.rfind(", ", 0, end) + 2, view.text.rfind("; ", 0, end) + 2, 0)
    opening = opening if opening > 1 else 0
    conjunction = _CONJUNCTION.match(view.text, opening, end)
    return conjunction.end() if conjunction else opening


_CONJUNCTION = re.compile(r"(?:while|whereas|and|but|although|though|as)\s+", re.IGNORECASE)


def _owner_of(view: View, match: re.Match[str], at: int) -> Mention | None:
    """The seller a possessive names ("EcoFlow's", "its", "the brand's"), else the clause's company."""
    owner = match.group("owner")
    if owner[:1].isupper() and owner not in ("Its", "Their"):
        named = next((m for m in view.mentions if m.start == at and m.type in SELLERS), None)
        return named.typed("Company") if named is not None and named.type == UNTYPED else named
    pronoun = next((m for m in view.mentions if m.start == at and m.origin == "anaphor"), None)
    if pronoun is not None and pronoun.type in SELLERS:
        return pronoun
    return actor(view, at, SELLERS) or _goods_owner(view, at)


#: "on the shelves of MediaMarkt", "put the Halo onto Target's shelves", "helped by listings at MediaMarkt": goods a
#: retailer stocks, named right after.
_ON_SHELVES = re.compile(
    r"\b(?:on|onto|into)\s+(?:the\s+)?shelves\s+(?:of|at|in)\s+(?:the\s+)?|"
    r"\blistings?\s+(?:at|with|in)\s+(?:the\s+)?(?=[A-Z])",
    re.IGNORECASE,
)
#: "entered Saudi Arabia through the online marketplace Noon", "reached Kenya via the retailer Carrefour": a channel
#: its noun names, whatever verb leads to it.
_VIA_NAMED_RETAILER = re.compile(
    r"\b(?:through|via)\s+(?:the\s+|its\s+)?(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:marketplaces?|retailers?|retail\s+chains?|e-commerce\s+platforms?|shopping\s+platforms?|online\s+stores?|"
    r"supermarket\s+chains?|electronics\s+chains?)\s+(?=[A-Z0-9])"
)


@triggered_by("shelves", "listing", "listings", "through", "via")
def on_shelves(view: View) -> Iterator[Claim]:
    """ "we have been on the shelves of MediaMarkt in Germany and Fnac in France", "entered Saudi Arabia through the
    online marketplace Noon": the retailer named sells the clause's company's goods."""
    for regex in (_ON_SHELVES, _VIA_NAMED_RETAILER):
        for match in regex.finditer(view.text):
            first = view.at(match.end(), _MARKETPLACES)
            if first is None or first.origin == "anaphor" or EXCHANGE.search(first.name):
                continue
            if regex is _VIA_NAMED_RETAILER and _active_regex().search(
                view.lower, max(0, match.start() - 80), match.start()
            ):
                continue  # "sells under its brands X and Y through the marketplaces A and B": the selling verb's own
            subject = _goods_owner(view, match.start()) or actor(view, match.start(), SELLERS)
            if subject is None:
                continue
            for shop in _marketplaces_listed(view, first)[0]:
                if shop.name != subject.name and shop.origin != "anaphor" and shop.type not in PLACES:
                    channel = shop.typed("Channel") if shop.type != "Channel" else shop
                    yield claim(view, subject, "sellsThrough", channel, match.start(), confidence=0.65)


#: A named company that resells another's goods: "Luzon MedSupply has distributed its products in Vietnam".
_RESELLS_ITS = re.compile(
    r"\s+(?:has\s+|have\s+|had\s+|also\s+|now\s+|will\s+)*(?P<verb>distribut(?:es|ed|ing|e)|import(?:s|ed|ing)?|"
    r"resell(?:s|ing)?|resold|stock(?:s|ed|ing)?)\s+(?P<its>its|their)\s+"
)
_RESELLER_OF_VERB = {"distribut": "distributors", "import": "importers", "resell": "resellers", "resold": "resellers"}


@triggered_by("distributes", "distributed", "distribute", "distributing", "imports", "imported", "resells", "stocks")
def resells_its_goods(view: View) -> Iterator[Claim]:
    """ "Manila-based Luzon MedSupply has distributed its products in Vietnam and the Philippines since 2024": the
    reseller is a partner of the company whose goods "its" names, that company's channel is the kind of reseller,
    and the places are where that company is."""
    for m in view.mentions:
        if m.origin == "anaphor" or m.type not in ("Company", UNTYPED):
            continue
        found = _RESELLS_ITS.match(view.text, m.end)
        if found is None:
            continue
        story = next((c for c in (view.focus, view.main) if c is not None and c.type == "Company"), None)
        if story is None or story.name == m.name or _OWN_ROUTE.match(view.text, found.end()):
            continue  # the story's company selling its own goods, or "its phones through dealers": its own route
        owner = replace(story, start=0, end=0, origin="anaphor")
        yield claim(view, owner, "partnersWith", m.typed("Company"), found.start(), confidence=0.6)
        verb = found.group("verb").lower()
        noun = next((n for stem, n in _RESELLER_OF_VERB.items() if verb.startswith(stem)), "retailers")
        channel = Mention(found.start("verb"), found.end("verb"), noun, "Channel", found.group("verb"), "cue", 0.6)
        yield claim(view, owner, "sellsThrough", channel, found.start(), confidence=0.5)
        clause_end = _CLAUSE_END.search(view.text, found.end())
        end = clause_end.start() if clause_end else len(view.text)
        for place in view.mentions:
            if found.end() <= place.start < end and place.type in ("Country", "Region"):
                yield claim(view, owner, "operatesIn", place, found.start(), confidence=0.5)


#: "distributes its phones through dealers": the goods' own route to buyers, told after them.
_OWN_ROUTE = re.compile(r"(?:[\w-]+\s+){1,4}?(?:through|via|using|by\s+way\s+of)\b")
_CLAUSE_END = re.compile(r"[;.]|,\s+(?:but|while|whereas|and\s+(?:it|its|the))\b")


PATTERNS = (
    resells_its_goods,
    uses_channel,
    sold_on,
    on_shelves,
    counted_stores,
    named_channels,
    outlets_run_by,
    sells_through,
    grows_channel,
    distribution_deal,
    role_named,
    signed_resellers,
    fronted_reseller,
    appointed_reseller,
    selling_model,
    revenue_source,
    sales_on,
    stocked_by,
    agent_count,
)
