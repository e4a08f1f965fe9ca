"""Relation frames: a cue and the names listed after it in its clause.

"its customers include A, B and C", "talks with A", "sponsor of A and B",
"its brands, A and B", "its flagship app A": one mechanism for every
relation whose object is a named organisation or product
(``data/frames.yaml``).  The subject is found as for presence (the clause's
company, else the sentence's, else the one in focus), so "the firm's
customers include A" and a subject-less "... and supplies B" are read alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from kg.extract.inflection import lemmas
from kg.extract.lexicon import (
    alternation,
    data,
    literal_alternation,
    lower_regex,
    required_words,
    top_level_alternatives,
    word_set,
)
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.names import ends_in_company_word, is_pronoun, type_cue
from kg.extract.phrases import (
    BRAND_NOUN_AFTER,
    DATELINE,
    EXCHANGE,
    GOODS_PHRASE_END,
    OWNERS_PART_AFTER,
    PACT_WITH,
    ROLE_NOUNS,
    SECOND_VERB,
    clause_end,
    drop_leading,
    drop_trailing,
    second_verb_phrase,
    split_list,
)
from kg.extract.relations import strategies
from kg.extract.relations.claims import claim, plain, triggered_by
from kg.extract.relations.deals import pending
from kg.extract.relations.presence import ACTORS, actor
from kg.extract.relations.products import others_brands
from kg.extract.relations.segments import (
    CHANNEL_WORDS,
    HOLDING_HEADS,
    TRADE_HEADS,
    describes_place,
    head_segment,
    modifier_segment,
    shared_head,
)
from kg.extract.view import PLACES, POSSESSIVE, Claim, View

#: Relations only an organisation can be the subject of: a product neither partners nor develops.
_BY_ORGANISATIONS = frozenset(("partnersWith", "hasBrand", "develops", "acquires", "investsIn"))
ORGANISATIONS = ("Company", "Brand", "Organization")
#: How far after its cue the first object may stand (characters).
FIRST_WITHIN = 45


@cache
def _frames() -> dict[str, dict]:
    return {name: spec for name, spec in data("frames").items() if name != "phrases"}


@cache
def _numbered_frames() -> tuple[tuple[str, dict], ...]:
    """The frames by position, as the groups of :func:`_cue_regex` name them."""
    return tuple(_frames().items())


@cache
def _cue_regex() -> re.Pattern[str]:
    # Group names are lower-cased with the pattern, so frames are named by position.
    groups = "|".join(f"(?P<f{i}>{alternation(spec['cues'])})" for i, spec in enumerate(_frames().values()))
    # a cue may start with a possessive's apostrophe ("X's app Z"), right after a letter
    return lower_regex(rf"(?:(?<![\w-])|(?='))(?:{groups})(?![\w-])")


#: Words one of which every frame cue holds (prefixes at word starts): a sentence with none is not scanned.
FRAME_WORDS = (
    "customer",
    "client",
    "suppl",
    "sponsor",
    "talks",
    "discussion",
    "negotiation",
    "agreement",
    "deal",
    "contract",
    "pact",
    "memorandum",
    "alliance",
    "partner",
    "alongside",
    "hand",
    "outsourc",
    "entrust",
    "subcontract",
    "named",
    "picked",
    "chose",
    "selected",
    "hired",
    "appointed",
    "formed",
    "founded",
    "established",
    "operated",
    "arrangement",
    "accord",
    "understanding",
    "collaborat",
    "cooperat",
    "venture",
    "tie-up",
    "work",
    "loan",
    "credit",
    "financ",
    "order",
    "franchise",
    "licen",
    "make",
    "making",
    "build",
    "brand",
    "sub-brand",
    "label",
    "marque",
    "banner",
    "chain",
    "portfolio",
    "stable",
    "under",
    "own",
    "acquir",
    "bought",
    "buy",
    "took",
    "take",
    "purchas",
    "stake",
    "holding",
    "shareholding",
    "interest",
    "invest",
    "round",
    "issue",
    "offering",
    "placement",
    "raise",
    "participa",
    "investor",
    "backed",
    "funded",
    "backer",
    "shareholder",
    "capital",
    "money",
    "funding",
    "backing",
    "app",
    "game",
    "model",
    "platform",
    "service",
    "wallet",
    "e-wallet",
    "chatbot",
    "assistant",
    "robot",
    "device",
    "phone",
    "handset",
    "smartphone",
    "vehicle",
    "suv",
    "car",
    "drug",
    "vaccine",
    "software",
    "title",
    "drink",
    "product",
    "earbuds",
    "headset",
    "console",
    "chip",
    "flagship",
    "develop",
    "maker",
    "creat",
    "design",
    "produc",
    "built",
    "station",
    "series",
    "tea",
    "coffee",
    "investor",
    "parent",
    "control",
    "holdings",
    "subsidiaries",
    "units",
    "affiliates",
)
PHRASE_WORDS = (
    # "(?:best )?known for its": an optional opening, which the derived words cannot see
    "known",
    "famous",
    "renowned",
    "range",
    "portfolio",
    "line-up",
    "lineup",
    "product",
    "offering",
    "catalog",
    "make",
    "manufactur",
    "produc",
    "build",
    "design",
    "sell",
    "sold",
    "offer",
    "suppl",
    "export",
    "assembl",
    "maker",
    "vendor",
    "provider",
    "retailer",
    "operator",
    "developer",
    "seller",
    "rank",
    "is",
    "was",
    "came",
    "top",
    "dominat",
    "call",
    "describ",
    "revenue",
    "sales",
    "income",
    "money",
    "speciali",
    "focus",
    "available",
    "retailed",
    "distribut",
    "listed",
    "stocked",
    "carried",
    "reach",
    "serv",
    "rel",
    "rely",
    "ship",
    "deliver",
    "orders",
    "network",
    "lean",
    "bet",
    "pilot",
    "trial",
    "testing",
    "bank",
    "our",
    "concentrat",
    "keep",
    "its",
    "a",
    "an",
    "their",
    "compet",
    "vie",
    "vying",
    "rival",
    "take",
    "took",
    "challeng",
)


#: "under the Vega and Nimbus brands" right after a cue: what follows are brands.
_UNDER_BRANDS = re.compile(
    r"\s*(?:(?:its|their)\s+)?(?:[a-z][\w-]*\s+){0,3}?under\s+(?:the|its|their)\s+[^.;,]{1,60}?\s(?:sub-?)?"
    r"(?:brands?|labels?|marques?)\b"
)


def _leading_cue_words(cues: list[str]) -> tuple[str, ...]:
    """The words one of which each cue's match opens with, where the cue says: a cue added to ``frames.yaml`` is
    run on the sentences that hold its words, without a hand-kept list of them (those whose opening is optional,
    "(?:best )?known for", are listed by hand)."""
    words: set[str] = set()
    for cue in cues:
        for alternative in top_level_alternatives(cue):
            words |= required_words(alternative) or set()
    return tuple(sorted(w for w in words if len(w) > 2 and w not in _TOO_COMMON_TO_TRIGGER))


#: Words nearly every sentence holds: a cue opening with one is run on the other words it needs.
_TOO_COMMON_TO_TRIGGER = frozenset(
    (
        *"and with its their are were been will would could can through via".split(),
        "the company's",
        "the firm's",
        "the group's",
    )
)


@triggered_by(
    *FRAME_WORDS,
    *_leading_cue_words([c for name, spec in data("frames").items() if name != "phrases" for c in spec["cues"]]),
)
def frames(view: View) -> Iterator[Claim]:
    """A claim to every name a frame's cue lists after it."""
    if len(view.mentions) < 1:
        return
    for match in _cue_regex().finditer(view.lower):
        name, spec = _numbered_frames()[int((match.lastgroup or "f0")[1:])]
        relation = spec.get("relation", name)
        if relation == "develops" and _UNDER_BRANDS.match(view.text, match.end()):
            continue  # "sells its phones under the Vega and Nimbus brands": brands, which the brand readings take
        if relation == "develops" and _LAUNCHED.search(view.lower, max(0, match.start() - 30), match.start() + 1):
            continue  # "launched its app X" is a launch, which the launch patterns read
        if relation == "hasBrand" and _BRAND_NOUN.search(match.group()) and others_brands(view, match.start()):
            continue  # "dominated by Japanese brands such as Toyota": others' brands
        if relation == "develops" and "such as" in match.group() and not _names_an_organisation(view):
            continue  # "Chinese titles such as A": only a company this sentence names has such products
        objects = view.listed_after(match.end(), tuple(spec["objects"]), within=FIRST_WITHIN)
        set_off = _COMMA_THEN_NAME.match(view.text, match.end()) if relation == "hasBrand" else None
        if not objects and set_off is not None:
            # "under a second brand, Yuanji": the name set off after the brand noun
            objects = view.listed_after(set_off.end(), tuple(spec["objects"]))
        objects = [o for o in objects if o.origin != "anaphor"]
        if relation == "develops" and objects and _PLACE_WORD_BETWEEN.search(view.lower, match.end(), objects[0].start):
            continue  # "produce its models at a former Nissan plant": where they are made, not what
        if spec.get("reverse") and objects and _PLATFORM_BETWEEN.search(view.lower, match.end(), objects[0].start):
            continue  # "raised $6 million from backers on Kickstarter": where the money was raised, not who gave it
        if objects and _UNIT_BETWEEN.fullmatch(view.lower, match.end(), objects[0].start):
            continue  # "its chip design arm HiSilicon": the cue word is a noun naming the unit's trade
        if (
            not objects
            or _VERB_BETWEEN.search(view.lower, match.end(), objects[0].start)
            or SECOND_VERB.search(view.text, match.end(), objects[0].start + 1)
            or second_verb_phrase().search(view.text, match.end(), objects[0].start)
        ):
            continue  # "its products are sold on Amazon": a new clause, whose verb says what Amazon is
        subject = (
            _apposed_owner(view, match)
            or _possessor(view, match)
            or actor(view, match.start(), ORGANISATIONS if relation in _BY_ORGANISATIONS else ACTORS)
        )
        if subject is None:
            continue
        for obj in objects:
            if obj.name == subject.name or (subject.start <= obj.start < subject.end):
                continue
            if relation == "develops" and _OWNERS_POSSESSIVE.match(view.text, obj.end):
                continue  # "puts its cars on Lyft's ride-hailing app": Lyft owns the app, it is no product
            typed = obj.typed(spec["as"], obj.confidence) if obj.type == UNTYPED else obj
            if relation == "hasBrand" and obj.type == UNTYPED and _PRODUCT_APPOSED.match(view.text, obj.end):
                # "its portfolio also includes Likee, a short-video app": a product it makes, no brand
                yield claim(view, _company(subject), "develops", obj.typed("Product"), match.start(), confidence=0.7)
                continue
            if relation == "partnersWith" and obj.type == "Brand" and obj.origin == "guess":
                typed = obj.typed("Company", obj.confidence)  # "a supplier to global brands including A": customers
            if relation == "partnersWith" and _GOODS_AFTER.match(view.lower, obj.end):
                continue  # "supplies the Vortex chips inside its laptops": a product line, not a partner
            if relation == "partnersWith":
                # "will supply cells to carmakers such as A", "opened talks with B": the partnership is stated,
                # what it will deliver is to come
                made = claim(view, _company(subject), relation, typed, match.start(), confidence=spec["confidence"])
                yield plain(made) if dict(made.qualifiers).get("status") == "planned" else made
            elif relation in ("acquires", "investsIn") and OWNERS_PART_AFTER.match(view.text, obj.end):
                continue  # "a 30% stake in Corvex Metals' Lomas deposit": the deposit's owner is not invested in
            elif relation in ("acquires", "investsIn") and not spec.get("reverse"):
                # "agreed to pay N for a 35% stake in X, subject to approval": a deal agreed, not yet closed
                made = claim(view, _company(subject), relation, typed, match.start(), confidence=spec["confidence"])
                yield pending(view, made)
            elif spec.get("reverse"):
                # "a round led by G", "backed by G": the names after the cue act on the clause's company
                yield claim(view, typed, relation, _company(subject), match.start(), confidence=spec["confidence"])
            elif (
                relation == "hasBrand"
                and match.group().startswith("portfolio")
                and _COMPANY_NOUN_AFTER.match(view.text, obj.end)
            ):
                continue  # "its portfolio includes League of Legends developer Riot Games": the game names its maker
            elif (
                relation == "hasBrand"
                and match.group().startswith("portfolio")
                and obj.type in ("Company", UNTYPED)
                and any(o.type == "Company" for o in objects)
            ):
                # "its portfolio includes Riot Games and Shift Up": companies an investor holds
                yield claim(view, _company(subject), "investsIn", obj, match.start(), confidence=spec["confidence"])
            else:
                yield claim(view, _company(subject), relation, typed, match.start(), confidence=spec["confidence"])


#: When, not what: "were sold in the first month" names no channel.
_TIME_NOUNS = frozenset("day days week weeks month months quarter quarters year years half period season".split())
#: A company noun right after a name: the name describes the company after it ("League of Legends developer X").
_COMPANY_NOUN_AFTER = re.compile(r"\s+(?:developer|maker|publisher|studio|owner|creator|operator)\s+[A-Z]")
_BRAND_NOUN = re.compile(r"\b(?:brand|label|marque)s?\b")
_COMMA_THEN_NAME = re.compile(r"(?<=[a-z]),\s+(?=[A-Z])")
_OWNERS_POSSESSIVE = re.compile(r"['\u2019]s?\s+[a-z]")
#: "the Snapdragon processors": goods named after a brand, which make the name no partner
_GOODS_AFTER = re.compile(
    r"\s+(?:processors?|chips?|chipsets?|modems?|panels?|cells?|modules?|batteries|engines?|parts|components|"
    r"sensors?|displays?|screens?|cameras?|lenses|tyres|tires|motors?|handsets?|phones?|laptops?|models?)\b"
)
_PLATFORM_BETWEEN = re.compile(r"\b(?:on|via|through)\b")
#: "produce its models at a former Nissan plant", "sells its robots through Amazon": where or how, not what
_PLACE_WORD_BETWEEN = re.compile(r"\b(?:at|in|near|from|for|to|through|via|on)\b")
_UNIT_BETWEEN = re.compile(r"\s*(?:[\w-]+\s+)?(?:arm|unit|division|subsidiary|affiliate|business),?\s+")
_VERB_BETWEEN = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might)\b")
_LAUNCHED = re.compile(
    r"\b(?:launch|launched|launches|released|releases|unveiled|unveils|introduced|introduces|debuted)\b"
)


_OWNER_NOUN = re.compile(r"(?:the\s+)?owners?\b", re.IGNORECASE)
_APPOSED_GAP = re.compile(r"\s*,\s*")


def _apposed_owner(view: View, match: re.Match[str]) -> Mention | None:
    """ "bought Finland's Amer Sports, owner of Salomon and Wilson", "along with Long-Z, a fund backed by Meituan":
    the subject is the name the apposition hangs on."""
    gap = (
        _APPOSED_GAP
        if _OWNER_NOUN.match(match.group())
        else _APPOSED_NOUN_GAP
        if _BACKED.match(match.group())
        else None
    )
    if gap is None:
        return None
    return next(
        (
            m
            for m in view.mentions
            if m.origin != "anaphor"
            and m.type in (*ORGANISATIONS, UNTYPED)
            and gap.fullmatch(view.text, m.end, match.start())
        ),
        None,
    )


#: ", a fund ", ", the Shenzhen start-up ": an apposition's article and words before its participle.
_APPOSED_NOUN_GAP = re.compile(r"\s*,\s+(?:a|an|the)\s+(?:[\w-]+\s+){1,4}")
_BACKED = re.compile(r"(?:backed|funded|financed)\s+by", re.IGNORECASE)


def _possessor(view: View, match: re.Match[str]) -> Mention | None:
    """ "the agency cleared its drug Tarvesta", "Mingde's drug Tarvesta": the owner the cue starts with, whoever
    the clause's subject is."""
    if not _POSSESSIVE_CUE.match(match.group()):
        # "Sunwell Battery's broad customer base, which includes ...": an owner's possessive before the cue's words
        return next(
            (
                m
                for m in view.mentions
                if m.end < match.start()
                and m.origin != "anaphor"
                and m.type in (*ORGANISATIONS, UNTYPED)
                and _OWNER_GAP.fullmatch(view.text, m.end, match.start())
            ),
            None,
        )
    return next(
        (
            m
            for m in view.mentions
            if (m.start <= match.start() < m.end or m.end == match.start()) and m.type in (*ORGANISATIONS, UNTYPED)
        ),
        None,
    )


_RENAMED_STRATEGY = re.compile(
    r"\s*,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:strategy|approach|playbook|formula|tactic|model)\b", re.IGNORECASE
)
_OWNER_GAP = re.compile(POSSESSIVE.pattern + r"(?:[a-z][\w-]*\s+){0,2}")
_POSSESSIVE_CUE = re.compile(r"(?:its|their|the\s+\w+'s?|')\s*", re.IGNORECASE)


def _names_an_organisation(view: View) -> bool:
    """Whether the sentence names (or points to) an organisation, or a name nothing has typed yet."""
    return any(m.type in ("Company", "Brand", "Organization", UNTYPED) for m in view.mentions)


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


_SEGMENT_USE = re.compile(
    r"\s+(?:market|markets|shipments|sales|business|businesses|division|segment|category|unit|exports|"
    r"maker|makers|brand|brands|vendor|vendors|industry|sector|space|chain|chains|player|players|giant|rival)\b",
    re.IGNORECASE,
)


@triggered_by()
def segment_context(view: View) -> Iterator[Claim]:
    """A segment used as a modifier of a market or business noun is the clause's company's segment.

    "its share of the African smartphone market", "the firm's robot vacuum shipments".
    """
    for segment in view.mentions:
        if segment.type != "Segment" or not _SEGMENT_USE.match(view.text, segment.end):
            continue
        subject = actor(view, segment.start)
        if subject is not None and subject.type in ("Company", "Brand", UNTYPED):
            yield plain(claim(view, _company(subject), "competesIn", segment, segment.start, confidence=0.6))


@cache
def _described_regex() -> re.Pattern[str]:
    heads = literal_alternation(data("cues")["competesIn"]["descriptor_heads"])
    return re.compile(
        rf"(?:\b(?:the|a|an)\s+(?:[\w-]+'s\s+)?|(?<![\w'-])(?-i:[A-Z])[\w-]+(?:\s(?-i:[A-Z])[\w-]+)?'s\s+)"
        rf"(?P<words>(?:[\w-]+\s+){{1,5}}?)"
        # "an industry chain", "the supply chain": a chain of firms, not a chain of stores
        rf"(?<!industry\s)(?<!supply\s)(?<!value\s)(?<!production\s)(?P<head>{heads})\b(?!\s+(?-i:[A-Z]))",
        re.IGNORECASE,
    )


_APPOSED = re.compile(r"\s*,\s+")
#: "the group's": the owner of the brand or unit the description names.
_OWNER_BEFORE = re.compile(r"(?:'s|\u2019s)\s")
#: A description only one company fits: "China's largest ... maker", "the world's biggest ... maker".
_UNIQUE = re.compile(r"(?:the\s+world|(?-i:[A-Z])[\w-]+)'s\s+(?:largest|biggest|leading|top|No\.\s*1)\s", re.IGNORECASE)

#: "X is the world's largest ...", "X is already the ...": the description is said of the clause's subject.
_PREDICATE = re.compile(
    r"(?:\b(?:is|was|as|becomes|became|remains|that\s+is|which\s+is)(?:\s+(?:already|now|still|also))?|,)\s+$",
    re.IGNORECASE,
)


@triggered_by(("competesIn", "descriptor_heads"))
def described(view: View) -> Iterator[Claim]:
    """ "the worldwide TV and home appliances maker" (an anaphor), "X is the world's largest battery maker",
    "X, the group that is the biggest EV maker": the words before the noun are the company's segments."""
    for match in _described_regex().finditer(view.text):
        segments = _segment_words(match.group("words"), match.group("head"))
        pointed = next((m for m in view.mentions if m.origin == "anaphor" and m.start <= match.start() < m.end), None)
        if not segments and not _other_company_before(view, match.start(), pointed):
            # "the Wuhan-based state-owned carmaker", unless another company named just before may be the one meant
            segments = _named_by_head(match.group("words"), match.group("head"))
        if not segments or _source_words() & set(match.group("words").lower().split()):
            continue  # "the research firm": a source of the text, not a company it follows
        subject = pointed
        apposed = next((m for m in view.mentions if _APPOSED.fullmatch(view.text, m.end, match.start())), None)
        owner = _OWNER_BEFORE.search(view.text, match.start(), match.start("words"))
        if apposed is not None and owner is not None and match.group("head").lower().rstrip("s") in HOLDING_HEADS:
            continue  # "Pika, the group's snack brand": the brand's goods, read with the apposition
        opening = match.start() == 0 or not view.text[: match.start()].strip(" \"'(")
        if (
            subject is None
            and apposed is None
            and (opening or _PREDICATE.search(view.text, max(0, match.start() - 16), match.start()))
        ):
            # "X is the world's largest battery maker"; an apposition ("Y, a hosting provider") is Y's, read elsewhere
            subject = view.relative_antecedent(match.start()) or actor(view, match.start(), ORGANISATIONS)
        if subject is None and apposed is None and _UNIQUE.match(view.text, match.start()):
            # "giving China's largest medical-device maker its first plant in Europe": one company fits, the one
            # the story is about
            subject = view.focus
        if subject is None or subject.type not in ("Company", "Brand", UNTYPED):
            continue
        for named in segments:
            # "the world's largest EV battery maker": EV batteries
            name = modifier_segment(named.split(), match.group("head"))
            if name is None:
                continue
            obj = Mention(match.start("words"), match.end("words"), name, "Segment", name, "cue", 0.7)
            yield plain(claim(view, _company(subject), "competesIn", obj, match.start(), confidence=0.6))


@cache
def _source_words() -> frozenset[str]:
    return frozenset(str(w) for w in data("names")["source_modifiers"])


_CLAUSE_WORDS = frozenset("is are was were be been the a an of to in for with from by on at its their".split())
#: Words that qualify a company rather than name what it makes: "privately owned", "state-backed".
_MODIFIER_ONLY = re.compile(
    r"[a-z]+ly|[a-z-]*(?:owned|based|backed|listed|run|controlled|funded|headquartered)|"
    r"(?:[a-z]+-)?(?:largest|biggest|leading|best-selling|smallest|oldest|youngest|top)"
)
_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")


def _segment_words(words: str, head: str = "") -> list[str]:
    """ "worldwide TV and home appliances " -> ["TVs", "home appliances"]: qualifiers dropped, a list split."""
    drop = (
        word_set("segments", "descriptor_qualifiers")
        | _EXTRA_QUALIFIERS
        | set(map(str.lower, data("names")["demonyms"]))
    )
    if head.lower() in TRADE_HEADS and len(words.split()) > 1:
        drop -= CHANNEL_WORDS  # "the largest online travel company": online travel is its trade
    if any(w.lower() in _CLAUSE_WORDS for w in words.split()):
        return []  # "the plant is the Chinese automaker": a clause, not a description
    kept = [w for w in words.split() if w.lower().strip(",") not in drop and not _MODIFIER_ONLY.fullmatch(w.lower())]
    out = []
    for part in _SPLIT.split(" ".join(kept)):
        part = part.strip()
        if not part or not re.fullmatch(r"(?:[a-z][\w-]*|[A-Z]{2,4}s?)(?:\s+(?:[a-z][\w-]*|[A-Z]{2,4}s?)){0,3}", part):
            continue
        if part.lower() in _NOT_SEGMENTS:
            continue
        out.append(part + "s" if part.isupper() else part)
    return out


def _named_by_head(words: str, head: str) -> list[str]:
    """ "the Wuhan-based state-owned carmaker", "the French insurer": with only qualifiers before it, a noun that names
    its own goods is the segment."""
    if any(w.lower() in _CLAUSE_WORDS for w in words.split()) or _segment_words(
        " ".join(w for w in words.split() if w.lower() not in _OWNERS)
    ):
        return []
    own = head_segment(head, [])
    return [own] if own else []


_OWNERS = frozenset(("state", "government"))


def _other_company_before(view: View, pos: int, pointed: Mention | None) -> bool:
    """Whether the sentence names a company before ``pos`` other than the one the description points to ("supplies
    BMW for the German carmaker's cars": which carmaker is meant, coreference may not know)."""
    return any(
        m.end <= pos
        and m.origin != "anaphor"
        and m.type in ("Company", "Brand", UNTYPED)
        and (pointed is None or m.name != pointed.name)
        for m in view.mentions
    )


_EXTRA_QUALIFIERS = frozenset(
    "worldwide overseas international global domestic world's country's continent's nation's most best-selling "
    "second-largest third-largest "
    "no. number one two three very fastest-growing entire whole full complete overall industrial commercial "
    "physical financial strategic technological key core main same other such".split()
)
_NOT_SEGMENTS = frozenset("same other such this that new own second third first former current parent".split())


_OWNED = re.compile(r"-(owned|backed|controlled|funded)\b")


@triggered_by("-owned", "-backed", "-controlled", "-funded")
def owned_by(view: View) -> Iterator[Claim]:
    """ "Sinobright-owned brand Voltara", "Orchid Ventures-backed Fenlo", "Sonora, the Kestrel Audio-owned brand"."""
    for match in _OWNED.finditer(view.text):
        owner = next((m for m in view.mentions if m.end == match.start() and m.origin != "anaphor"), None)
        described = None
        if owner is None:
            owner, described = _owner_inside_description(view, match.start())
        if owner is None:
            continue
        # "Moonton, the ByteDance-owned studio", "The Baidu-backed company": what the description stands for
        owned = described or view.named_after(match.end(), ("Company", "Brand", "Product", UNTYPED), words=3)
        if owned is None:
            apposed = re.search(r"(?P<name>\S)\s*,\s+(?:the|a|an)\s+$", view.text[: owner.start])
            owned = next((m for m in view.mentions if apposed and m.end == apposed.end("name")), None)
        if owned is None or owned.name == owner.name:
            continue
        kind = match.group(1)
        if kind in ("backed", "funded"):
            yield claim(
                view,
                owner.typed("Organization") if owner.type == UNTYPED else owner,
                "investsIn",
                _company(owned),
                match.start(),
                confidence=0.7,
            )
        else:
            brandish = re.search(r"\b(?:brand|label|marque|line)\b", view.text[match.end() : match.end() + 40])
            typed = owned.typed("Brand") if owned.type == UNTYPED and brandish else _company(owned)
            relation = "hasBrand" if typed.type == "Brand" else "hasSubsidiary"
            yield claim(view, _company(owner), relation, typed, match.start(), confidence=0.7)


_NAME_BEFORE_OWNED = re.compile(r"(?<![\w-])(?!(?:The|A|An|Its|Their)\s)[A-Z][\w&.]*(?:\s+[A-Z][\w&.]*){0,2}$")


def _owner_inside_description(view: View, pos: int) -> tuple[Mention | None, Mention | None]:
    """ "Moonton, the ByteDance-owned studio": the owner's name inside a description read whole as "the studio", and
    the description (which stands for the company it describes)."""
    described = next((m for m in view.mentions if m.origin == "anaphor" and m.start < pos < m.end), None)
    name = _NAME_BEFORE_OWNED.search(view.text, described.start, pos) if described is not None else None
    if name is None or described is None or not described.name:
        return None, None
    return Mention(name.start(), pos, name.group(), UNTYPED, name.group(), "guess", 0.6), described


_PRODUCT_APPOSED = re.compile(
    r",\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:app|game|platform|service|title|website|browser|chatbot)\b"
)
#: "Balabala owner Semir", "Ugg parent Deckers": a name, its owner's title, the owner's name.
_OWNER_TITLE = re.compile(r"\s+(?:owner|parent(?:\s+company|\s+group)?)\s+(?=[A-Z])")


@triggered_by("owner", "parent")
def titled_owner(view: View) -> Iterator[Claim]:
    """ "Balabala owner Semir completes purchase of ...": the owner's brand (a company's name before "owner" is its
    subsidiary, a product's is what it makes)."""
    for owned in view.mentions:
        title = _OWNER_TITLE.match(view.text, owned.end)
        if title is None or owned.origin == "anaphor" or owned.type in (*PLACES, "Organization"):
            continue
        owner = view.at(title.end(), ("Company", UNTYPED))
        if owner is None or owner.origin == "anaphor" or owner.name == owned.name:
            continue
        if owned.type == "Product":
            kind, typed = "develops", owned
        elif ends_in_company_word(owned.name):
            kind, typed = "hasSubsidiary", _company(owned)  # "Ugg Holdings owner ...": a company's name
        else:
            kind, typed = "hasBrand", owned.typed("Brand")
        yield claim(view, _company(owner), kind, typed, title.start(), confidence=0.7)


_BOUGHT_LABEL = re.compile(
    r",\s+(?:(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:brand|label|marque|line|chain|business|unit|maker|app|company|firm|"
    r"platform|service|site|retailer|studio|developer|operator|start-?up|producer|publisher|network|carrier|"
    r"marketplace)\s+(?:that\s+|which\s+)?|"
    # "Gmarket, which its retail arm E-Mart bought from eBay": a relative clause whose subject is the buyer
    r"(?:which|that)\s+(?:(?:its|their)\s+(?:[\w-]+\s+){0,3}?)?)$"
)
_BOUGHT = re.compile(r"\s+(?:bought|acquired|purchased|took\s+over|owns|snapped\s+up)\b")
#: "Amflow, a new brand DJI created for the launch": a brand a company made is its own.
_CREATED = re.compile(r"\s+(?:created|launched|set\s+up|started|founded|introduced|established|unveiled)\b")


@triggered_by(
    "bought",
    "acquired",
    "purchased",
    "took",
    "owns",
    "snapped",
    "created",
    "launched",
    "set up",
    "started",
    "founded",
    "introduced",
    "established",
    "unveiled",
)
def bought_label(view: View) -> Iterator[Claim]:
    """ "Passo, the sneaker brand Tessaro Group bought in 2022": the buyer owns the brand; "Amflow, a new brand DJI
    created" (or "a brand it created"): so does the company that made it."""
    for i, buyer in enumerate(view.mentions):
        created = _CREATED.match(view.text, buyer.end) is not None
        if not (created or _BOUGHT.match(view.text, buyer.end)) or (
            buyer.origin == "anaphor" and not created and not is_pronoun(buyer)
        ):
            continue  # "the taxi app it bought": "it" stands for the clause's company, which the rules resolved
        label = next(
            (m for m in reversed(view.mentions[:i]) if _BOUGHT_LABEL.fullmatch(view.text, m.end, buyer.start)), None
        )
        if label is None or label.origin == "anaphor":
            continue
        brandish = re.search(r"\b(?:brand|label|marque|line)\b", view.text[label.end : buyer.start])
        if created and not brandish:
            continue  # "X, the unit Y set up": what a unit is, the unit readings say
        typed = label.typed("Brand") if label.type == UNTYPED and brandish else label
        relation = "hasBrand" if typed.type in ("Brand", "Product") or brandish else "acquires"
        # "the diamond label Chow Tai Fook bought": the cue before the buyer's name ("label X") does not make the
        # buyer a brand
        owner = buyer.typed("Company") if buyer.type in (UNTYPED, "Brand") else buyer
        # "FreeNow, the taxi app Lyft bought": what is bought is a business, whatever it runs
        yield claim(
            view,
            owner,
            relation,
            _company(typed) if relation == "acquires" else typed,
            buyer.end,
            confidence=0.7,
        )


@cache
def _phrase_regex() -> re.Pattern[str]:
    groups = "|".join(f"(?P<{r.lower()}>{alternation(cues)})" for r, cues in data("frames")["phrases"].items())
    return lower_regex(rf"(?<![\w-])(?:{groups})(?![\w-])")


_PHRASE_RELATIONS = {r.lower(): r for r in ("competesIn", "sellsThrough", "adoptsStrategy")}
#: Where a listed phrase stops: a preposition or a clause word ("cargo bikes at its plant in Chongqing").
_PHRASE_STOP = re.compile(
    r"\s(?:at|in|on|to|for|across|from|with|through|via|near|since|by|under|into|after|before|during|than|alike|"
    r"which|that|who|while|where|when|last|this|next|each|every|per|a\s+year|was|were|is|are|has|have|had|will|"
    # "..., the maker of pumps and valves said": the verb of the speaker the phrase describes
    r"said|says|told|added|noted|reported|announced|stated|explained|"
    # "makes the watches an easy sell": a second noun phrase, opened by its article, is no part of the first
    r"a|an|the)\b|[,;:.()]"
    rf"|{GOODS_PHRASE_END}",
    re.IGNORECASE,
)
_LEADING = frozenset(
    "its their his her our a an the some about around nearly roughly more than over up to mainly mostly chiefly "
    "only also own both all other new popular various several many network of".split()
)
#: Lower-case words and acronyms, "GaN" and "SiC" among them: "GaN wall chargers", "SiC power chips".
_PHRASE = re.compile(
    r"(?:[a-z][a-z0-9'-]*|[A-Z]{2,5}s?|[A-Z][a-z][A-Z]s?)(?:\s+(?:[a-z][a-z0-9'-]*|[A-Z]{2,5}s?|[A-Z][a-z][A-Z]s?)){0,3}"
)
_EXAMPLE_ITEM = re.compile(r"(?:including|such\s+as|like|notably|especially|among\s+them)\b", re.IGNORECASE)
_NOT_PHRASES = frozenset(
    "it them this that these those what which customers shoppers users people consumers buyers orders goods products "
    "items sales revenue money market markets business way ways one ones year years time first second third most half "
    "all everything something things some more less its own countries markets nations regions cities places "
    "models model versions version units lines line variants exports imports factories factory plants plant offices "
    "office warehouses warehouse sites site facilities facility operations vehicles output production capacity "
    "volumes tonnes tons units barrels kilograms pieces sets pairs doses "
    "debut debuts mark name bet bets return comeback entry move moves push case point start appearance".split()
)


_OBJECT_NEXT = re.compile(r"\s+(?:the|a|an|its|their|our|new|more|ways?)\b")
_CATEGORY_NOUNS = frozenset("category categories market markets segment segments sector sectors industry space".split())
_NOT_CATEGORY_WORDS = frozenset(
    "abroad overseas home there here for to of in on at by with from world global domestic local mark effort ground "
    "million billion thousand hundred dozen half third quarter two-thirds percent share lot lots kind kinds type "
    "types range number deal deals plan plans way ways part parts under it them every each online offline directly "
    "about into onto across through via over than most".split()
)
#: "offers subsidies and cuts in import duties", "offers fibre and room to grow": help given, no goods (as last
#: words: "room air conditioners" are goods)
_NOT_CATEGORY_ENDS = frozenset("cuts subsidies incentives breaks room".split())


_STRATEGY = re.compile(
    # "leans on a sports-marketing push": the article is no part of the strategy's name
    r"\s*(?:(?:a|an|the|its|their)\s+)?(?P<name>(?:[a-z][\w-]*,?\s+){0,3}?(?:strategy|model|system|approach|playbook)\b|"
    r"(?:[a-z][\w-]*)(?:\s+(?:and\s+)?[a-z][\w-]*){0,3}?(?=\s+(?:to|for|in|at|as|which|that|while|when|from|with|by|"
    r"through|across|on)\b|[,;.]|$))"
)


_APPOSED_ARTICLE = re.compile(r",\s+(?:a|an|the|its|their)\b", re.IGNORECASE)


def _strategy(view: View, pos: int, end: int) -> list[Mention]:
    """A strategy is one phrase, "and" included: "influencers and discounts", "a made-to-order system"."""
    found = _STRATEGY.match(view.text, pos, end)
    if found is None or not _is_category(found.group("name")) or len(found.group("name").split()) > 5:
        return []
    if _APPOSED_ARTICLE.search(found.group("name")):
        return []  # "close to its buyers, a strategy that ...": the noun before the comma is not the strategy
    name = found.group("name")
    strategy = Mention(found.start("name"), found.end("name"), name, "Strategy", name, "cue", 0.55)
    return [strategy] if strategies.is_strategy(view, strategy) else []


def _is_category(phrase: str) -> bool:
    """A phrase that can name a segment or a channel: not a pronoun, a quantity or a bare adverb."""
    words = phrase.lower().split()
    if phrase.lower() in _NOT_PHRASES or words[0] in _NOT_CATEGORY_WORDS or words[-1] in _NOT_CATEGORY_WORDS:
        return False
    if words[-1] in _NOT_CATEGORY_ENDS:
        return False
    return any(len(w) >= 3 for w in words)


@triggered_by(
    *(w for w in PHRASE_WORDS if len(w) > 2),
    *_leading_cue_words([c for cues in data("frames")["phrases"].values() for c in cues]),
)
def phrase_frames(view: View) -> Iterator[Claim]:
    """Segments and channels named as lower-case phrases after a cue: "its range covers heat pumps and boilers",
    "sold through furniture retailers", "stocked by Tesco and Sainsbury's"."""
    for match in _phrase_regex().finditer(view.lower):
        relation = _PHRASE_RELATIONS[match.lastgroup or ""]
        if relation == "competesIn" and not view.text[: match.start()].strip(" \"'("):
            continue  # "Exports rose ...": a sentence's first word is a noun, not the verb of a company
        if relation == "competesIn" and describes_place(view, match.start()):
            continue  # "Australia, the world's biggest exporter of coking coal": a country's trade
        subject = _apposed_head(view, match.start()) if relation == "competesIn" else None
        if relation == "adoptsStrategy" and match.group().lower() == "our":
            # "Our asset-light strategy ...," said X's chief: the possessive is the owner, inside a quote its speaker's
            subject = next((m for m in view.mentions if m.start == match.start() and m.origin == "anaphor"), None)
            if subject is None:
                continue
        if relation == "adoptsStrategy" and subject is None:
            subject = strategies.owner(view, match.start())  # "For X, the deal is part of a ... strategy"
        subject = subject or actor(view, match.start())
        if subject is not None and subject.origin != "anaphor" and POSSESSIVE.match(view.text, subject.end):
            # "CATL, which supplies NIO's batteries and is the largest maker of cells": a possessor inside a relative
            # clause is no subject; the clause's is the name it hangs on
            hung = view.relative_antecedent(match.start())
            subject = hung if hung is not None and hung.end <= subject.start else subject
        if subject is None or subject.type not in ("Company", "Brand", "Product", UNTYPED):
            continue
        if relation == "adoptsStrategy" and PACT_WITH.match(view.text, match.end() + 1):
            continue  # "relies on a last-mile agreement with DPD": a partner, no way of doing business
        verbs = _MORE_VERBS.match(view.text, match.end())  # "designs, manufactures and exports X": X is the object
        objects = _listed_phrases(view, verbs.end() if verbs else match.end(), relation)
        if relation == "competesIn" and objects and _RENAMED_STRATEGY.match(view.text, objects[-1].end):
            # "offers free delivery and heavy discounts, a playbook that ...": what it offers is how it competes
            relation = "adoptsStrategy"
            objects = [replace(o, type="Strategy") for o in objects]
        for obj in objects:
            if obj.name.rsplit(None, 1)[-1].lower() in ("and", "or"):
                continue  # "through its app and website and through agents": a list cut before its own conjunction
            if relation == "competesIn" and obj.name.lower() in word_set("names", "subject_verbs"):
                continue  # "the maker of Genshin Impact, runs an office": the verb after an apposition, no goods
            if relation == "competesIn" and obj.name.split()[-1].lower() in ROLE_NOUNS:
                continue  # "a key supplier to Apple": a role toward another company, no goods
            if relation == "competesIn" and _no_goods(obj.name):
                continue  # "makes more sense", "sells direct": an idiom or an adverb, no goods
            if obj.name != subject.name:
                made = claim(view, _company(subject), relation, obj, match.start(), confidence=0.55)
                planned = dict(made.qualifiers).get("status") == "planned"
                # a segment has no status; a strategy "it will keep" is one it has
                yield plain(made) if relation == "competesIn" or (relation == "adoptsStrategy" and planned) else made


#: What "makes" takes in an idiom, not goods: "makes more sense", "makes money", "made steady progress".
_IDIOM_OBJECTS = frozenset(("sense", "money", "progress", "headway", "use", "debut", "room", "way", "difference"))


def _no_goods(name: str) -> bool:
    """A phrase that names no goods: an idiom's object ("more sense"), a noun for brands ("its own brands"), or one
    word the dictionary knows as no noun ("direct", "abroad"; not "leasing" or "banking", which are trades)."""
    words = name.lower().split()
    if len(words) <= 2 and words[-1] in _IDIOM_OBJECTS:
        return True
    if words[-1] in ("brand", "brands", "marques"):
        return True  # "sells its own brands, A and B": the brands, read as hasBrand, not a kind of goods
    if len(words) == 1 and not words[0].endswith("ing"):
        known = lemmas(words[0])
        return bool(known) and "NOUN" not in known
    return False


_APPOSED_DESCRIPTION = re.compile(r"\s*,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}$")
#: Further verbs sharing the cue's object: "designs, manufactures and exports", "makes and sells".
_MORE_VERBS = re.compile(
    r"(?:,?\s+(?:and\s+|or\s+)?(?:makes|manufactures|exports|imports|sells|designs|develops|produces|builds|assembles|"
    r"distributes|supplies|markets|installs|services|maintains|operates|repairs|tests|retails)(?=[\s,]))+"
)


def _apposed_head(view: View, pos: int) -> Mention | None:
    """ "its purchase of Vetro, an Austrian maker of glass doors": the maker is the name the apposition hangs on."""
    return next(
        (
            m
            for m in reversed(view.mentions)
            if m.end <= pos
            and m.origin != "anaphor"
            and m.type in ("Company", "Brand", UNTYPED)
            and _APPOSED_DESCRIPTION.fullmatch(view.text, m.end, pos)
        ),
        None,
    )


def listed_phrases(view: View, pos: int, relation: str) -> list[Mention]:
    """The channel or segment phrases (or names) listed from ``pos`` to the clause's end."""
    return _listed_phrases(view, pos, relation)


#: A dash set off by spaces, which opens an aside: " - ", " \u2013 ", " \u2014 ".
_SPACED_DASH = re.compile(r"\s[-\u2013\u2014]\s")


def _listed_phrases(view: View, pos: int, relation: str) -> list[Mention]:
    """The phrases (or, for channels, names) listed from ``pos`` to the clause's end."""
    end = clause_end(view.text, pos)
    if relation == "adoptsStrategy":
        return _strategy(view, pos, end)
    relative = _RELATIVE_PRONOUN.search(view.text, pos, end)
    end = relative.start() if relative else end  # "a dealer that also carries Bosch": what the dealer does
    dash = _SPACED_DASH.search(view.text, pos, end)
    end = dash.start() if dash else end  # "makes water valves - butterfly, gate and check types - for": an aside
    out: list[Mention] = []
    governed = False
    for start, stop in split_list(view.text, pos, end):
        if governed:
            break  # the rest of the list is what the preposition in the item before governs
        governed = relation == "competesIn" and bool(_GOVERNING.search(view.text, start, stop))
        example = _EXAMPLE_ITEM.match(view.text, start)
        if example:
            start = example.end() + 1  # "channels, including TikTok Shop": the examples are the items
        if view.at(start, PLACES) is not None:
            continue  # "markets, including the UK": a place is no segment or channel
        named = next(
            (
                m
                for m in view.mentions
                if start <= m.start <= start + 12
                and m.end <= stop + 1
                and m.origin != "anaphor"
                and m.type not in ("Country", "Region")
                and not (m.type == UNTYPED and m.surface.isupper())
            ),
            None,
        )
        if named is not None and named.type == "Segment" and named.start > start:
            named = None  # "its camera drones": the segment the lexicon knows ends a longer phrase, read whole
        if named is not None:
            if relation == "sellsThrough" and EXCHANGE.search(named.name):
                break  # "listed in Hong Kong and on Nasdaq": where its shares trade, not where it sells
            if relation == "sellsThrough" and named.type in ("Company", "Brand", "Channel", UNTYPED):
                out.append(named.typed("Channel") if named.type == UNTYPED else named)
            elif relation == "competesIn" and named.type == "Segment" and named.start == start:
                out.append(named)  # a segment the lexicon knows: "takes on Uber in ride-hailing"
            continue
        start, stop = drop_leading(view.text, start, stop, _LEADING)
        while start < stop and (view.text[start].isdigit() or view.text[start] in ",. "):
            start += 1
        start, stop = drop_leading(view.text, start, stop, _LEADING)
        if _COORDINATED_PARTICIPLE.match(view.text, start, stop):
            break  # "stocked by chains and sold by online retailers": another verb's phrase, read from its own cue
        if _VERB_OPENS.match(view.text, start, stop):
            break  # "Pop Mart, the maker of Labubu, are all still pushing ...": the clause's verb, no item
        cut = _PHRASE_STOP.search(view.text, start, stop)
        stop = cut.start() if cut else stop
        start, headed = drop_trailing(view.text, start, stop, _CATEGORY_NOUNS)
        if headed < stop and modifier_segment(view.text[start:headed].split()[-1:]) is None:
            continue  # "emerging markets", "mature markets": an adjective before "markets" names places, not goods
        stop = headed
        phrase = _PHRASE.fullmatch(view.text, start, stop)
        if phrase is None or not _is_category(phrase.group()):
            break
        words = phrase.group().split()
        if len(words) == 1 and words[0].endswith("ing") and _OBJECT_NEXT.match(view.text, phrase.end()):
            break  # "focused on finding the right investors": a verb with its object, no line of business
        if len(words) > 1 and words[-1].isupper() and type_cue(words[-2]) in ("Company", "Brand"):
            break  # "supplies fast-food chain KFC": a customer named after its kind, no line of business
        if words[-1].lower() in _TIME_NOUNS:
            break  # "100,000 kilograms were sold in the first month": when, not through what
        if relation == "sellsThrough" and phrase.group().lower().split()[-1] in _SOURCES | _WORKERS:
            break  # "ships most orders straight from suppliers", "a network of drivers": no way of selling
        if relation == "competesIn" and phrase.group().lower().split()[-1] in _CHANNEL_HEADS:
            break  # "supplies a national network of dealers": a way of selling, no line of business
        kind = "Segment" if relation == "competesIn" else "Channel"
        out.append(Mention(start, stop, phrase.group(), kind, phrase.group(), "cue", 0.6))
    return _shared_heads(out)


def _shared_heads(items: list[Mention]) -> list[Mention]:
    """ "electric and plug-in hybrid cars": a lone adjective before the next item shares that item's noun, and so
    does one inside an item ("electric and diesel locomotives")."""
    out: list[Mention] = []
    for index, item in enumerate(items):
        words = item.name.split()
        lone = len(words) == 1 and item.type == "Segment" and words[0].islower()
        if index + 1 < len(items) and lone and modifier_segment(words) is None:
            named = f"{item.name} {items[index + 1].name.split()[-1]}"
            item = replace(item, name=named, surface=named)
        names = shared_head(item.name) if item.type == "Segment" else [item.name]
        out.extend(replace(item, name=name, surface=name) if name != item.name else item for name in names)
    return out


_VERB_OPENS = re.compile(
    r"(?:are|is|was|were|has|have|had|will|would|can|could|goes|go|went|said|says|remains?|became|becomes)\b",
    re.IGNORECASE,
)
#: A list item that is a second verb of the clause: "sold by ...", "marketed through ...", "shipped".
_COORDINATED_PARTICIPLE = re.compile(
    r"(?:sold|stocked|distributed|carried|marketed|offered|supplied|shipped|exported|made|built|assembled)\b",
    re.IGNORECASE,
)
_CHANNEL_HEADS = frozenset(
    "dealers distributors retailers resellers wholesalers dealerships agents channels kiosks stores shops outlets "
    "supermarkets hypermarkets pharmacies chains".split()
)


#: A preposition inside a list's item: the items after it are its objects ("a maker of batteries for scooters, power
#: tools and boats").
_GOVERNING = re.compile(r"\s(?:for|to|from|with|across|at|in|on|into|by)\s", re.IGNORECASE)


_RELATIVE_PRONOUN = re.compile(r"\b(?:that|which|who|whose)\s+(?!is\b|are\b)")
#: A stock market: "Nasdaq", "NYSE", "the Shenzhen Stock Exchange", "the STAR Market".
#: Where goods come from: what a company ships "from" them is bought or made there, not sold through them.
_SOURCES = frozenset(
    "suppliers supplier factories factory plants plant manufacturers manufacturer producers producer farms farm "
    "workshops workshop mills mill contractors contractor sources source vendors".split()
)

#: People who work for a company or use it: "a ready-made network of drivers" is no sales channel.
_WORKERS = frozenset(
    "drivers driver couriers courier riders rider engineers engineer employees staff workers users members "
    "developers researchers scientists volunteers countries markets regions cities".split()
)


_OWNED_BY_VERB = re.compile(
    r"\b(?:owned|made|developed|published|created|operated|designed|built|produced|run|launched)\s+by\s+(?:the\s+)?"
)


_POSSESSIVE_AFTER = re.compile(r"'s?\s+")


_LISTING = re.compile(r"(?:the\s+)?[\w.&-]+-(?:listed|based|headquartered)\s+")


def _past_home(view: View, pos: int) -> int:
    """ "owned by Beijing's Lanting Interactive": the maker stands after its home city's possessive;
    "owned by Nasdaq-listed PDD Holdings" after its listing."""
    listing = _LISTING.match(view.text, pos)
    if listing is not None and view.at(pos) is None:
        pos = listing.end()
    home = view.at(pos, PLACES)
    after = _POSSESSIVE_AFTER.match(view.text, home.end) if home is not None else None
    return after.end() if after else pos


def _company_noun(noun: str) -> bool:
    """Whether ``noun`` says a name is a company ("courier", "insurer", "start-up"), not goods or a brand."""
    from kg.extract.names import type_cue
    from kg.extract.relations.segments import HEAD_SEGMENTS

    lowered = noun.lower()
    return (
        (type_cue(lowered) in ("Company", "Organization") and lowered not in _BRAND_NOUNS)
        or lowered in HEAD_SEGMENTS
        or bool(_MAKER_NOUN.fullmatch(lowered))  # "the chipmaker owned by Wingtech"
        or lowered in ("house", "studio")  # "the animation house owned by China Media Capital"
    )


_MAKER_NOUN = re.compile(r"[a-z-]{3,}maker")


@triggered_by(
    "owned by",
    "made by",
    "developed by",
    "published by",
    "created by",
    "operated by",
    "designed by",
    "built by",
    "produced by",
    "run by",
    "launched by",
)
def made_by(view: View) -> Iterator[Claim]:
    """ "A and B, two of the games owned by Tencent": the maker named after "by" develops (or owns) what the
    clause named before it."""
    for match in _OWNED_BY_VERB.finditer(view.text):
        maker = view.at(_past_home(view, match.end()), ("Company", "Organization", UNTYPED)) or _described_maker(
            view, match.end()
        )
        if maker is None:
            continue
        maker = view.unit_of(maker)  # "developed by Sony's Team Asobi": the studio
        floor = max([b.end() for b in re.finditer(r"[;:]|\.\s", view.text[: match.start()])], default=0)
        dateline = DATELINE.match(view.text)
        floor = max(floor, dateline.end() if dateline else 0)
        made = [
            m
            for m in view.mentions
            if floor <= m.start
            and m.end <= match.start()
            and (
                m.type in ("Product", "Brand", UNTYPED)
                # "Temu, the discount shopping app owned by PDD": a product noun says what the name is
                or (m.type == "Company" and _PRODUCT_APPOSITION.fullmatch(view.text, m.end, match.start()))
            )
            and m.origin not in ("anaphor", "city")
        ]
        noun = _NOUN_BEFORE.search(view.text, max(0, match.start() - 40), match.start())
        held_company = (
            next(
                (
                    m
                    for m in view.mentions
                    if m.origin not in ("anaphor", "city")
                    and m.type in ("Company", UNTYPED)
                    and m.name != maker.name
                    and _APPOSED_NOUN.fullmatch(view.text, m.end, noun.start("noun"))
                ),
                None,
            )
            if noun is not None and _company_noun(noun.group("noun"))
            else None
        )
        if held_company is not None:
            # "Parcelo, the courier owned by Lantern Group": a company the owner holds, not goods it makes
            yield claim(view, _company(maker), "hasSubsidiary", _company(held_company), match.start(), confidence=0.65)
            continue
        if (
            noun is not None
            and noun.group("noun").lower() not in _NOT_MADE_NOUNS
            and not (made and made[-1].end >= noun.start("noun"))
            and not (made and _APPOSED_NOUN.fullmatch(view.text, made[-1].end, noun.start("noun")))
        ):
            # "sells through 40 outlets run by Kvik": the outlets are run by Kvik, not the name named before them
            yield from _outlets_run_by(view, noun, maker)
            continue
        stake = _STAKE_OWNED.search(view.text, max(0, match.start() - 30), match.end())
        owned = [
            m
            for m in view.mentions
            if floor <= m.start
            and m.end <= match.start()
            and m.type in ("Company", UNTYPED)
            and m.origin in ("guess", "cue")
        ]
        if stake is not None and owned:
            # "Nightfall, which is 40% owned by Tencent": a company held, not a product made
            held = owned[-1].typed("Company") if owned[-1].type == UNTYPED else owned[-1]
            share = stake.group("share")
            if (share and float(share) < 50) or stake.group("part"):
                # "40% owned by", "partly owned by": a stake; "majority-owned", "wholly owned": a subsidiary
                qualifiers = (("share", share),) if share else ()
                yield claim(
                    view, _company(maker), "investsIn", held, match.start(), qualifiers=qualifiers, confidence=0.65
                )
            elif held.type == "Company":
                yield claim(view, _company(maker), "hasSubsidiary", held, match.start(), confidence=0.65)
            continue
        if (
            made
            and match.group().lower().startswith("owned")
            and _BARE_OWNED.fullmatch(view.text, made[-1].end, match.start())
        ):
            thing = made[-1]
            if thing.type == UNTYPED or (thing.type == "Company"):
                # "Lumora, which is owned by Qingyun Holdings": a bare name owned is a company held, not a product
                yield claim(view, _company(maker), "hasSubsidiary", _company(thing), match.start(), confidence=0.65)
                continue
        apposed = next(
            (
                m
                for m in view.mentions
                if noun is not None
                and m.origin not in ("anaphor", "city")
                and m.type in ("Company", "Brand", "Product", UNTYPED)
                and _APPOSED_NOUN.fullmatch(view.text, m.end, noun.start("noun"))
            ),
            None,
        )
        if apposed is not None and noun is not None:
            # "Chalu, the noodle chain owned by Wenhe Group": the name the description hangs on, and what the
            # description calls it; names before it belong to another clause
            if noun.group("noun").lower() in _BRAND_NOUNS:
                # the owner's brand; a chain the document types as a company is left unsaid (brand or subsidiary)
                if apposed.type != "Company":
                    yield claim(
                        view, _company(maker), "hasBrand", apposed.typed("Brand"), match.start(), confidence=0.65
                    )
                continue
            made = [m for m in made if m.start >= apposed.start]
        for thing in made[-3:]:
            # "The Vega brand, owned by X", "the Orla and Brisk labels, owned by X": brands, not products
            branded = (
                thing.type == "Brand"
                or bool(BRAND_NOUN_AFTER.match(view.text, made[-1].end))
                # "Velia is a brand owned by Maison Orsel"
                or (noun is not None and noun.group("noun").lower() in _BRAND_NOUNS - {"chain", "chains"})
            )
            relation = "hasBrand" if branded else "develops"
            typed = thing.typed("Brand") if branded and thing.type != "Brand" else thing
            typed = typed.typed("Product") if typed.type in (UNTYPED, "Company") else typed
            yield claim(view, _company(maker), relation, typed, match.start(), confidence=0.65)


@cache
def _maker_description() -> re.Pattern[str]:
    from kg.extract.lexicon import cue

    return re.compile(
        rf"(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){{0,3}}?{cue('competesIn', 'descriptor_heads')}s?\s+(?=[A-Z])",
        re.IGNORECASE,
    )


def _described_maker(view: View, pos: int) -> Mention | None:
    """ "operated by Chinese internet group Xunda", "run by Hangzhou e-commerce company Lanmu": the maker after the
    noun that says what it is."""
    described = _maker_description().match(view.text, pos)
    return view.at(described.end(), ("Company", "Organization", UNTYPED)) if described else None


#: "Kado, the marketplace run by X": the noun is the name's apposition, so the name is what X runs.
_APPOSED_NOUN = re.compile(r"\s*,\s+(?:the|a|an|its)\s+(?:[\w-]+\s+){0,3}")
_NOUN_BEFORE = re.compile(r"(?<![\w'-])(?P<noun>[a-z][a-z-]+)\s*$")
#: Words before "owned by", "run by" that do not name the thing made or owned: verbs, adverbs, product nouns.
_NOT_MADE_NOUNS = frozenset(
    "is are was were be been being which that who now also wholly fully partly partially jointly majority minority "
    "still once originally formerly long privately publicly state family and or all both each "
    "game games app apps title titles brand brands label labels product products model models platform platforms "
    "service services drink drinks series device devices phone phones car cars robot robots software drug drugs "
    "show shows film films character characters chain chains".split()
)
#: What a description calls a name that makes it a brand of the owner: "the noodle chain owned by X".
_BRAND_NOUNS = frozenset(("brand", "brands", "label", "labels", "marque", "chain", "chains"))
_STORE_NOUNS = frozenset(
    "outlets outlet stores store shops shop showrooms showroom dealerships dealership counters kiosks branches "
    "franchises boutiques points".split()
)
_THROUGH_BEFORE = re.compile(r"\b(?:through|via|at|in|by)\s+(?:[\w,-]+\s+){0,4}$", re.IGNORECASE)


def _outlets_run_by(view: View, noun: re.Match[str], maker: Mention) -> Iterator[Claim]:
    """ "sells its mowers through 40 outlets run by Kvik": the company sells through Kvik too."""
    if noun.group("noun").lower() not in _STORE_NOUNS or not _THROUGH_BEFORE.search(
        view.text, max(0, noun.start() - 50), noun.start()
    ):
        return
    subject = actor(view, noun.start())
    if subject is not None and subject.name != maker.name and subject.type in ("Company", "Brand", UNTYPED):
        channel = maker.typed("Company") if maker.type == UNTYPED else maker
        yield claim(view, _company(subject), "sellsThrough", channel, noun.start(), confidence=0.6)


_PRODUCT_APPOSITION = re.compile(
    r"\s*,\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:app|apps|game|title|platform|marketplace|service|software|"
    r"wallet|chatbot|assistant|model|device|phone|handset|drink|drug)\s+(?:that\s+is\s+|which\s+is\s+)?"
)
#: Nothing but a relative's verb between a name and "owned by": no noun says the name is a product.
_BARE_OWNED = re.compile(
    r"\s*,?\s*(?:(?:which|that)\s+(?:is|was|has\s+been|had\s+been)\s+)?(?:now\s+|also\s+|still\s+|long\s+)?"
    r"(?:wholly\s+|fully\s+|entirely\s+)?"
)


_STAKE_OWNED = re.compile(
    r"(?:(?P<share>\d+(?:\.\d+)?)\s?(?:%|percent|per\s+cent)[\s-]|\b(?P<part>partly|partially|minority)[\s-]|"
    r"\b(?:majority|wholly|fully)[\s-])"
    r"owned\s+by\s+$",
    re.IGNORECASE,
)


PATTERNS = (frames, segment_context, described, owned_by, titled_owner, bought_label, phrase_frames, made_by)
