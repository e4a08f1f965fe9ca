"""Products and brands: launches, develops, hasBrand; the segment a product description names.

- "<Company> launched [the new AI video model] <Product>" gives launches, dated
  by the sentence, and competesIn from the words describing the product;
- "<Product>, launched by <Company>" is the same read backwards;
- "<Company> developed <Product>" / "<Product>, developed by <Company>";
- "its sub-brand <Brand>", "<Brand>, a brand of <Company>", "under the <Brand> brand";
- "its <Product> SUV", "<Company>'s <Product> robot vacuum": a product named in passing, between its owner's
  possessive and a noun saying what it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from kg.extract.lexicon import alternation, cue, data, literal_alternation, lower_regex, word_set
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.phrases import BRAND_NOUN_AFTER, SECOND_VERB, second_verb_phrase
from kg.extract.relations.claims import claim, dated, plain, triggered_by
from kg.extract.relations.presence import actor, pronoun_owner
from kg.extract.relations.product_lists import launched_beside, speaker
from kg.extract.relations.segments import MEASURE_WORD, lexicon_segment
from kg.extract.view import ORGANISATIONS, PLACES, Claim, View

SELLERS = ("Company", "Brand", UNTYPED)
PRODUCTS = ("Product", UNTYPED)
_GAP = re.compile(
    r"^\s+(?:(?:its|their|the|a|an|his|her)\s+)?(?P<desc>(?:[\w'+-]+\s+){0,7}?(?:[\w'+-]+,\s+)?)"
    r"(?:(?:called|named|dubbed)\s+)?(?:,\s*)?(?:the\s+)?$"
)
_BY_AFTER = re.compile(r"\s+by\b")
#: A verb of making used as a noun before a unit: "its software design arm", "its game development studio".
_UNIT_AFTER = re.compile(r"\s+(?:arm|unit|division|team|studio|centre|center|house|subsidiary|business)\b")
_PREPOSITION_FIRST = re.compile(r"(?:without|with|from|by|to|for|in|on|at|of|into)\s")
#: A description ending in a preposition: the name is its object ("will build its factory in Tarrant County").
_PREPOSITION_LAST = re.compile(
    r"(?:^|\s)(?:without|with|from|by|to|for|in|on|at|of|into|near|across)\s+(?:(?:the|a|an|The|A|An)\s+)?$"
)
#: A company described after the name: "launched Horvik Drive, an engine joint venture with ...", no product.
_COMPANY_APPOSED = re.compile(
    r",\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,3}?(?:joint\s+venture|venture|company|firm|start-?up|subsidiary|"
    r"unit|business|group|partnership)\b"
)
#: A place's preposition inside the description: the name belongs to the place ("a plant on the city's West End").
_LOCATIVE = re.compile(r"(?:^|\s)(?:in|on|at|near|into|across|inside|outside)\s")
_SITE_AFTER = re.compile(r"\s+(?:project|mine|resort|deposit|concession|oilfield)\b")
_APPOSITION_END = re.compile(r"\s*(?:[,.;:)]|$|\s(?:and|in|on|at|last|this|for)\b)")
_PLACE_NEXT = re.compile(r"\s+(?:in|into|across|to|on|at)\b")
#: "sold under the Ridgeback brand", "pickups carrying the Skarv badge", "models bearing its Lumo name"
_UNDER = re.compile(
    r"\b(?:under|carr(?:y|ies|ied|ying)|bear(?:s|ing)?|wear(?:s|ing)?|with|"
    # "is keeping the Dressta brand", "retains the Volvo marque": a brand it holds on to
    r"keep(?:s|ing)?|kept|retain(?:s|ed|ing)?|own(?:s|ed|ing)?)\s+(?:the|its|their)\s+",
    re.IGNORECASE,
)
_BRAND_NEXT = re.compile(r"\s+(?:sub-)?(?:brand|badge|marque|label|nameplate)s?\b", re.IGNORECASE)
#: The comma that closes a phrase opening the sentence.
_FRONTED_END = re.compile(r"\s*,\s*")
#: After "under the X": "the Kasa and Tapo names" are brands too.
_UNDER_BRAND_NEXT = re.compile(r"\s+(?:sub-)?(?:brand|badge|marque|label|nameplate|name|banner)s?\b", re.IGNORECASE)
#: "Tormund's Kessel brand": the owner's possessive, then the brand's name and the noun.
_POSSESSIVE = re.compile(r"'s?\s+")
#: Up to two lower-case words describing what a possessive owns: "its premium", "its two youth".
#: "its premium ...", "its English-language ...": words describing the names after them.
_DESCRIBING_WORDS = re.compile(r"(?:(?:[a-z][\w-]*|\d+|[A-Z][a-z]+-(?:language|speaking|style))\s+){1,2}(?=[A-Z])")


@cache
def _cue_regex(relation: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){cue(relation, 'active')}(?![\w-])")


@cache
def _passive_regex(relation: str) -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){cue(relation, 'passive')}\s+(?:the\s+)?")


@cache
def _brand_of_regex() -> re.Pattern[str]:
    # "Keeta, the overseas food-delivery brand of Chinese internet group Meituan"
    # "Wuling is the brand of SAIC-GM-Wuling": the same said with a verb
    return lower_regex(
        rf"(?:,|\s+(?:is|was|remains|has\s+been|became))\s+(?:a|an|the|its)\s+(?:[\w-]+\s+){{0,3}}?"
        rf"{cue('hasBrand', 'nouns')}\s+(?:of|owned\s+by|from)\s+"
    )


@cache
def _is_owners_brand() -> re.Pattern[str]:
    """ "Velia is Maison Orsel's budget brand": the owner's possessive before the noun."""
    return re.compile(
        # "Kiwa Drive, Lanyu Tech's robotaxi brand, ...": the same said in an apposition
        rf"(?:\s+(?:is|was|remains|has\s+been|became)|,)\s+(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)(?:'s|'|\u2019s)\s+"
        rf"(?:[\w-]+\s+){{0,3}}?(?i:{cue('hasBrand', 'nouns')})\b"
    )


def _product_after(view: View, pos: int) -> tuple[Mention, re.Match[str]] | None:
    """The first name after a cue, with the words describing it; None when a clause or a place intervenes."""
    for m in view.mentions:
        if m.start < pos or m.origin == "anaphor":
            continue
        gap = _GAP.match(view.text[pos : m.start])
        if gap is None or m.type in PLACES or _PLACE_NEXT.match(view.text, pos):
            return None
        return (m, gap) if m.type in (*PRODUCTS, "Brand") else None
    return None


@triggered_by(("launches", "active"))
def launches(view: View) -> Iterator[Claim]:
    """<Company> launched/unveiled/released [description] <Product>; the description may name a segment."""
    yield from _made(view, "launches", ("date",))


@triggered_by(("develops", "active"))
def develops(view: View) -> Iterator[Claim]:
    """<Company> developed/built/designed <Product>."""
    yield from _made(view, "develops", ())


#: "made it the largest ...", "makes them ...": a causative "make" with a pronoun object, no goods made.
_MADE_INTO = re.compile(r"\s+(?:it|them|him|her|us|this|that|itself|themselves)\b", re.IGNORECASE)
_VERSIONS_OF = re.compile(r"\s+(?:versions?|editions?|translations?|ports?)\s+of\s+(?:the\s+)?", re.IGNORECASE)


def _made(view: View, relation: str, keys: tuple[str, ...]) -> Iterator[Claim]:
    yield from _made_in_relative(view, relation, keys)
    for match in _cue_regex(relation).finditer(view.text):
        if _BY_AFTER.match(view.text, match.end()) or _UNIT_AFTER.match(view.text, match.end()):
            continue  # "a vaccine developed by Zhenxin" (the passive, read by made_by); "its software design arm X"
        if _MADE_INTO.match(view.text, match.end()) and match.group().lower().startswith("ma"):
            continue  # "made it the fourth-largest vendor after Samsung": what it became, nothing it made
        found = _product_after(view, match.end())
        version = _VERSIONS_OF.match(view.text, found[0].end) if found is not None else None
        if found is not None and version is not None:
            # "publishes Arabic versions of Puzzles & Survival": the title, not the language
            after = view.at(version.end(), (*PRODUCTS, "Brand"))
            found = (after, found[1]) if after is not None else None
        subject = view.subject_before(match.start(), SELLERS if relation == "launches" else ORGANISATIONS)
        if found is None or subject is None:
            continue
        first, gap = found
        desc = gap.group("desc")
        if (
            _POSSESSIVE.match(view.text, first.end)
            or _PREPOSITION_FIRST.match(desc)
            or _PREPOSITION_LAST.search(desc)
            or _LOCATIVE.search(desc)
            or _COMPANY_APPOSED.match(view.text, first.end)
        ):
            continue  # "shipped without Orvell's apps": a name before a possessive owns the goods, it is none
        subject = _pronoun_subject(view, subject)
        if "," in gap.group() and not _APPOSITION_END.match(view.text, first.end):
            continue  # "which built its own couriers, Pindao relies on ...": the name opens the next clause
        if SECOND_VERB.search(view.text, match.end(), first.start + 1) or second_verb_phrase().search(
            view.text, match.end(), first.start
        ):
            continue  # "produces cells for cars and counts BMW among its clients": another verb's object
        desc_start = match.end() + gap.start("desc")
        if BRAND_NOUN_AFTER.match(view.text, first.end):
            # "makes coffee pods under the Brevo brand": the name is the brand the goods carry, not a product
            brand = first.typed("Brand") if first.type != "Brand" else first
            yield claim(view, _company(subject), "hasBrand", brand, match.start())
            continue
        listed = view.listed_after(first.start, (*PRODUCTS, "Brand"), within=0)
        for product in [*listed, *_each_with_its_noun(view, listed[-1] if listed else first)]:
            if subject.name == product.name or product.type == "Brand":
                continue
            product = product.typed("Product") if product.type != "Product" else product
            site = _SITE_AFTER.match(view.text, product.end)
            if site is not None:
                # "is developing the Rio Claro project": the site is named with its noun
                end = site.end()
                product = Mention(product.start, end, view.text[product.start : end], "Product", "", "guess", 0.6)
                product = replace(product, surface=product.name)
            yield claim(
                view, _company(subject), relation, product, match.start(), qualifiers=dated(view, *keys, near=product)
            )
            yield from _described_segment(view, product, gap.group("desc"), desc_start)


def _pronoun_subject(view: View, subject: Mention) -> Mention:
    """ "X started assembling A with local partner Y, and it unveiled B": a pronoun the resolver gave to a name a
    preposition governs in this sentence stands for the company that opens the sentence's clause instead."""
    if subject.origin != "anaphor":
        return subject
    named = [m for m in view.mentions if m.name == subject.name and m.origin != "anaphor" and m.end <= subject.start]
    if not named or not all(_governed(view, m) for m in named):
        return subject
    opener = next(
        (
            m
            for m in view.mentions
            if m.type in ("Company", UNTYPED)
            and m.origin != "anaphor"
            and m.end <= named[0].start
            and not _governed(view, m)
        ),
        None,
    )
    return replace(subject, name=opener.name, type=opener.type) if opener is not None else subject


_GOVERNING = re.compile(r"\b(?:with|from|to|for|by|of)\s+(?:(?:the|its|a|an)\s+)?(?:(?-i:[a-z])[\w-]*\s+){0,3}$", re.I)


def _governed(view: View, m: Mention) -> bool:
    """A preposition before the name, maybe through a lower-case description ("with local partner Y")."""
    return view.governs(m) or _GOVERNING.search(view.text, max(0, m.start - 60), m.start) is not None


#: "the Korra S7 sedan and the smaller Korra Q3 crossover": after a product's own noun, "and" and another
#: described name of the same kind.
@cache
def _and_another() -> re.Pattern[str]:
    nouns = literal_alternation((*PRODUCT_NOUNS, "crossover", "coupe", "wagon", "van", "shooting brake"))
    return re.compile(rf"\s+{nouns}\s+and\s+(?:the|its|a|an)\s+(?:(?-i:[a-z])[\w-]*\s+){{0,2}}", re.IGNORECASE)


def _each_with_its_noun(view: View, last: Mention) -> list[Mention]:
    """ "launched the Korra S7 sedan and the smaller Korra Q3 crossover": the second product, after the first's noun."""
    more = _and_another().match(view.text, last.end)
    following = view.at(more.end(), (*PRODUCTS, "Brand")) if more else None
    return [following] if following is not None and following.origin != "anaphor" else []


#: "Skyforge Tactics, which ...", "the Helix platform that ...": the name, then maybe its own noun (one or two
#: lower-case words), then the relative word; without a comma only "that" ("the Vela scooter that X sold").
_WHICH = re.compile(
    r"(?:(?:\s+(?-i:[a-z])[\w-]*){1,2}\s+that|(?:\s+(?-i:[a-z])[\w-]*){0,2},\s+(?:which|that))\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,3}?$"
)


def _made_in_relative(view: View, relation: str, keys: tuple[str, ...]) -> Iterator[Claim]:
    """ "Skyforge Tactics, which Chengdu studio Emberline released in 2024": the name before "which" is what the
    company after it made."""
    for match in _cue_regex(relation).finditer(view.text):
        maker = next((m for m in reversed(view.mentions) if m.end <= match.start()), None)
        if maker is None or maker.type not in ("Company", UNTYPED) or maker.origin == "anaphor":
            continue
        if view.text[maker.end : match.start()].strip():
            continue  # the verb follows its subject directly
        which = _WHICH.search(view.text, max(0, maker.start - 60), maker.start)
        product = next((m for m in view.mentions if which and m.end == which.start()), None)
        if product is None or product.type not in PRODUCTS or product.name == maker.name:
            continue
        product = product.typed("Product") if product.type != "Product" else product
        yield claim(view, _company(maker), relation, product, match.start(), qualifiers=dated(view, *keys))


@triggered_by(("launches", "passive"), ("develops", "passive"))
def made_by(view: View) -> Iterator[Claim]:
    """<Product>, launched/developed by <Company>."""
    for relation in ("launches", "develops"):
        for match in _passive_regex(relation).finditer(view.lower):
            if _NOT_GOODS_BEFORE.search(view.lower, max(0, match.start() - 30), match.start()):
                continue  # "a buyout offer made by Qilin Capital": an offer, not goods
            maker = view.at(match.end(), ORGANISATIONS)
            maker = view.unit_of(maker) if maker else None  # "developed by Sony's Team Asobi": the studio
            product = view.subject_before(match.start(), PRODUCTS)
            if maker and product and maker.name != product.name and (relation == "develops" or "by" in match.group()):
                yield claim(
                    view,
                    _company(maker),
                    relation,
                    product.typed("Product") if not product.type else product,
                    match.start(),
                    qualifiers=dated(view, "date") if relation == "launches" else (),
                )


#: Nouns for what is said or proposed, never goods, right before "made by".
_NOT_GOODS_BEFORE = re.compile(
    r"\b(?:offers?|bids?|proposals?|deals?|decisions?|announcements?|statements?|comments?|remarks?|investments?|"
    r"acquisitions?|payments?|changes?|moves?|claims?|complaints?|requests?|applications?|loans?)\s+$"
)


def _described_segment(view: View, product: Mention, desc: str, start: int) -> Iterator[Claim]:
    """ "the AI video generation model X": X competes in AI video generation."""
    name = described_segment(desc.replace(",", " ").split())
    if name:
        segment = Mention(start, start + len(desc), name, "Segment", name, "cue", 0.7)
        yield claim(view, product, "competesIn", segment, start, confidence=0.7)


_GENERIC_GOODS = frozenset("drug drugs medicine medicines game games title titles device devices".split())


def described_segment(words: list[str]) -> str | None:
    """The segment words describing a product name: "the new AI video generation model" -> "AI video generation".

    A generic product noun at the end ("model", "app") is dropped when at
    least two words stay before it; "companion app" stays whole.
    """
    words = [w for w in words if w.lower() not in word_set("segments", "product_qualifiers")]
    if not words or not any(w.islower() for w in words) or any(w[0].isupper() and not w.isupper() for w in words):
        return None
    if any(MEASURE_WORD.match(w) for w in words):
        return None  # "the 157-kilometre Lagos-Ibadan railway", "its 5,000-seat arena": a size, no line of business
    if len(words) == 1 and words[0].lower() in _GENERIC_GOODS:
        return None  # "a drug, VT-101", "Mira, its best-known game": what it is, not a line of business
    if words[-1].lower() in word_set("segments", "container_nouns"):
        if len(words) == 1:
            return None
        # "their own short-video formats": the segment the lexicon knows by the words before the noun
        words = words[:-1] if len(words) > 2 or lexicon_segment(words[:-1]) else words
    return " ".join(words)


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


@cache
def _brand_regex() -> re.Pattern[str]:
    qualifiers = r"(?:own|new|premium|budget|high-end|mass-market|younger|flagship|global)"
    listing = r"(?:called|named|such\s+as|including|among\s+them|like|namely)"
    return lower_regex(rf"(?<![\w-])(?:{qualifiers}\s+)?{cue('hasBrand', 'nouns')}(?:,?\s+{listing})?\s+")


@triggered_by("brand", "label", "marque")
def brands(view: View) -> Iterator[Claim]:
    """ "its sub-brand Tineco", "Acme's brand Lumea": the owner has the brand that follows."""
    for match in _brand_regex().finditer(view.lower):
        if others_brands(view, match.start()):
            continue  # "a supply deal with brands such as A": brands served, not owned
        listed = view.listed_after(match.end(), ("Brand", UNTYPED, "Product"), within=1)
        owner = _owner(view, match.start()) if listed else None
        if not owner or owner.type not in ("Company", UNTYPED):
            continue
        if owner.origin != "anaphor" and _LIST_ITEM_BEFORE.fullmatch(view.text, owner.end, match.start()):
            continue  # "owns shoemaker Sergio Rossi, hosiery brand Wolford": the noun describes the next list item
        for brand in listed:
            if _CLAUSE_VERB_AFTER.match(view.text, brand.end):
                continue  # "Honor, the smartphone brand Huawei sold off": Huawei is who sold it, not a brand
            if owner.name != brand.name:
                yield claim(
                    view,
                    _company(owner),
                    "hasBrand",
                    brand.typed("Brand", max(brand.confidence, 0.7)),
                    match.start(),
                    confidence=0.9,
                )


#: A list's comma or "and", then describing words: the brand noun after them opens another item of the list.
_LIST_ITEM_BEFORE = re.compile(r"(?:,|,?\s+and)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,4}")
#: A verb right after the name a brand noun introduces: the name is a clause's subject ("the brand Huawei sold").
_CLAUSE_VERB_AFTER = re.compile(
    r"\s+(?:(?:has|had|later|once|first|then)\s+)?(?:sold|bought|acquired|launched|created|founded|built|started|"
    r"spun|set\s+up|introduced|owns|owned|took|runs|ran|developed|kept|dropped|revived|licensed)\b"
)
_OTHERS_BRANDS = re.compile(
    r"\b(?:with|for|to|from|by|against|like|than|over|supplying|supplies|supplied|serving|serves|served|"
    r"makes\s+for|rivals?)\s+(?:(?!its\b|their\b|our\b)[\w-]+\s+){0,2}$"
    # "has signed up fast-growing Chinese beauty brands such as A", "makes jars for more than 250 beauty and fragrance
    # brands, among them A": clients won or counted, not brands owned
    r"|\b(?:signed\s+up|signs\s+up|signing\s+up|won|wins|landed|lands|for\s+(?:more\s+than|over|some|about|\d))\s+"
    r"(?:(?!its\b|their\b|our\b)[\w-]+\s+){0,5}$"
)
#: "Japanese brands such as Toyota", "rival labels like Kiro": brands of others, whoever the sentence is about.
_FOREIGN_BRANDS = re.compile(
    r"(?<!\bits\s)(?<!\btheir\s)(?<!\bour\s)(?<!\bwhose\s)(?<!'s\s)\b(?:other|rival|competing|foreign|international|western|"
    r"local|established|incumbent|legacy|big-name)\s+$"
)


#: "Its customers in Europe include the consumer-electronics brands A and B": brands served, not owned.
_CUSTOMERS_BEFORE = re.compile(
    r"\b(?:customers|clients|buyers|shippers|tenants)(?:\s+in\s+[^.;]{1,30}?)?\s+"
    r"(?:include|includes|included|are|were|such\s+as|like|among\s+them)\b[^.;]{0,40}$"
)


def others_brands(view: View, pos: int) -> bool:
    """Whether the brand noun at ``pos`` names other companies' brands: governed by a preposition of serving or
    competing ("a deal with brands such as A", "dominated by Japanese brands like B"), or qualified as foreign,
    rival or by a nationality, with no owner's possessive before."""
    before = view.lower[max(0, pos - 60) : pos]
    if _OTHERS_BRANDS.search(before) or _FOREIGN_BRANDS.search(before) or _CUSTOMERS_BEFORE.search(before):
        return True
    word = view.text[max(0, pos - 30) : pos].split()[-1:]
    owned = view.text[max(0, pos - 40) : pos].lower().split()[-2:-1] in (["its"], ["their"], ["our"])
    return bool(word) and word[0] in data("names")["demonyms"] and not owned


def _owner(view: View, pos: int) -> Mention | None:
    """Whose brand: "its" or "Acme's" right before the cue, else the subject of the clause."""
    before = [m for m in view.mentions if m.end <= pos and pos - m.end <= 3]
    if before and (before[-1].origin == "anaphor" or view.text[before[-1].end : pos].startswith("'")):
        return before[-1]
    return view.subject_before(pos, ("Company", UNTYPED))


@triggered_by("brand", "label", "marque", "badge", "nameplate", "name", "banner")
def brand_of(view: View) -> Iterator[Claim]:
    """ "<Brand>, a brand of <Company>" and "under the <Brand> brand"."""
    for match in _brand_of_regex().finditer(view.lower):
        # "Bing Chun is a sub-brand of Liangdi": said to be a brand, whatever an earlier noun called it ("tea chain")
        brand = view.subject_before(match.start(), ("Brand", "Company", UNTYPED))
        owner = view.at(match.end(), ORGANISATIONS) or view.named_after(match.end(), ("Company", UNTYPED), words=3)
        if brand and owner and brand.end >= match.start() - 1:
            yield claim(view, _company(owner), "hasBrand", brand.typed("Brand"), match.start(), confidence=0.85)
    for match in _is_owners_brand().finditer(view.text):
        brand = next((m for m in view.mentions if m.end == match.start() and m.origin != "anaphor"), None)
        owner = next((m for m in view.mentions if m.start == match.start("owner")), None)
        if brand and owner and brand.type in ("Brand", "Product", UNTYPED) and owner.type in ("Company", UNTYPED):
            yield claim(view, _company(owner), "hasBrand", brand.typed("Brand"), match.start(), confidence=0.8)
    for match in _UNDER.finditer(view.text):
        first = view.at(match.end(), ("Brand", UNTYPED))
        # "under the Eufy and Soundcore brands": every name of the list before the noun
        brands = view.listed_after(first.start, ("Brand", UNTYPED), within=0) if first else []
        # "Under its Brightpath brand, Yuxin Lighting sells ...": the list ends at the brand noun
        ends = [i for i, b in enumerate(brands) if _UNDER_BRAND_NEXT.match(view.text, b.end)]
        brands = brands[: ends[0] + 1] if ends else brands
        noun = _UNDER_BRAND_NEXT.match(view.text, brands[-1].end) if brands else None
        if noun is not None:
            # the clause may be about a model ("the R2, a pickup sold under the Ridgeback brand"): the maker in focus
            owner = actor(view, match.start(), ("Company",)) or _story_company(view)
            fronted = _FRONTED_END.match(view.text, noun.end())
            if fronted is not None and not view.text[: match.start()].strip():
                # "Under its Brightpath brand, Yuxin Lighting sells ...": the subject after the fronted phrase
                owner = view.subject_after(fronted.end(), ("Company", UNTYPED)) or owner
            if owner is not None and owner.type == UNTYPED:
                # "the company sells Vela systems, Orro gear and cameras under the Kiva name": a company the
                # sentence named before the goods, not the nearest untyped name among them
                owner = next((m for m in view.mentions if m.end <= match.start() and m.type == "Company"), owner)
            for brand in brands:
                if owner is None or owner.name == brand.name:
                    continue
                # the brand is owned now, whatever the sentence says of the model ("Next will come a sedan carrying
                # the Ora badge")
                made = claim(view, _company(owner), "hasBrand", brand.typed("Brand"), match.start(), confidence=0.8)
                yield plain(made)
    for owner in view.mentions:
        possessive = _possessive_after(view, owner)
        if possessive is None or owner.type not in ("Company", UNTYPED):
            continue
        # "Tormund's Kessel brand", "its Zora and Pixo brands", "Tecsun, whose Zora and Pixo brands ...", "its
        # premium Denza and Yangwang brands"
        described = _DESCRIBING_WORDS.match(view.text, possessive)
        listed = view.listed_after(described.end() if described else possessive, ("Brand", UNTYPED), within=0)
        if listed and _BRAND_NEXT.match(view.text, listed[-1].end):
            for brand in listed:
                if brand.name != owner.name:
                    yield claim(view, _company(owner), "hasBrand", brand.typed("Brand"), owner.end, confidence=0.8)


def _story_company(view: View) -> Mention | None:
    """The company the story is about, standing in for the owner of a badge no nearer company claims."""
    main = view.main
    if main is None or main.type not in ("Company", UNTYPED):
        return None
    return Mention(0, 0, main.name, "Company", main.surface, "anaphor", 0.6 * main.confidence)


_OWNER_PRONOUN = re.compile(r"its|their|our", re.IGNORECASE)
_WHOSE = re.compile(r",\s+whose\s+")


def _possessive_after(view: View, owner: Mention) -> int | None:
    """Where what ``owner`` owns starts: after "X's ", "its ", or "X, whose "."""
    if owner.origin == "anaphor" and _OWNER_PRONOUN.fullmatch(owner.surface):
        return owner.end + 1
    found = _POSSESSIVE.match(view.text, owner.end) or _WHOSE.match(view.text, owner.end)
    return found.end() if found else None


@cache
def _owned_by_regex() -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){cue('hasBrand', 'owned_by')}\s+")


@cache
def _owns_regex() -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){cue('hasBrand', 'owns')}\s+(?:the\s+)?(?:brands?\s+)?")


@triggered_by(("hasBrand", "owned_by"), ("hasBrand", "owns"))
def owned(view: View) -> Iterator[Claim]:
    """ "The brand, owned by luxury group Arvel SA": Arvel has the brand; "Arvel owns Lune and Ciel" too."""
    for match in _owned_by_regex().finditer(view.lower):
        brand = view.subject_before(match.start(), ("Brand",))
        owner = view.named_after(match.end(), ("Company", UNTYPED), words=3)
        if brand and owner and brand.name != owner.name:
            yield claim(view, _company(owner), "hasBrand", brand, match.start(), confidence=0.8)
    for match in _owns_regex().finditer(view.lower):
        owner = view.subject_before(match.start(), ("Company", UNTYPED))
        if not owner:
            continue
        for brand in view.listed_after(match.end(), ("Brand",), within=2):
            yield claim(view, _company(owner), "hasBrand", brand, match.start(), confidence=0.8)


#: A product as the subject of its own launch: "the Linga Pro debuted", "Nova X went on sale in Kenya".
_DEBUT = re.compile(
    r"\s+(?:(?:first|finally|officially|quietly)\s+)?(?:debuted|debuts|went\s+on\s+sale|goes\s+on\s+sale|"
    r"hit\s+(?:the\s+)?(?:shelves|stores)|made\s+its\s+debut|(?:was|were|has\s+been|have\s+been)\s+"
    r"(?:launched|released|unveiled|rolled\s+out))\b",
    re.IGNORECASE,
)
#: Nouns that say a name is a product, one product each (plurals are made from them where needed).
PRODUCT_NOUNS = (
    "handset", "phone", "smartphone", "earbuds", "headphones", "model", "car", "electric car", "ev", "suv", "sedan",
    "hatchback", "vehicle", "pickup", "truck", "app", "game", "title", "device", "robot", "robot vacuum", "vacuum",
    "vacuum cleaner", "chatbot", "drink", "drug", "console", "tablet", "laptop", "scooter", "e-bike", "bike",
    "watch", "smartwatch", "camera", "drone", "chip", "product", "series",
)  # fmt: skip


def _one_or_more(noun: str) -> str:
    """The noun's pattern, its plural too: "phones?", "watch(?:es)?", "earbuds"."""
    word = re.escape(noun).replace(r"\ ", r"\s+")
    if noun.endswith("s"):
        return word
    return word + ("(?:es)?" if noun.endswith(("ch", "sh")) else "s?")


#: A product noun, one or several: "the handset, called Nova X", "translation earbuds, the Linga Pro".
_PRODUCT_NOUN = re.compile(rf"\b{alternation(map(_one_or_more, PRODUCT_NOUNS))}\b", re.IGNORECASE)
_OWNER_POSSESSIVE = re.compile(r"'s?\s+(?:[\w-]+\s+){0,3}?[\w-]+,?\s+(?:the\s+|called\s+|named\s+|dubbed\s+)?")


@triggered_by("debut", "went on sale", "goes on sale", "hit", "launched", "released", "unveiled", "rolled out")
def product_debuts(view: View) -> Iterator[Claim]:
    """ "Yunji Tech's earbuds, the Linga Pro, debuted in Berlin", "The handset, called Nova X, went on sale in Kenya,
    Tecra said": the product is the verb's subject; its maker is the possessive before it or the one who says so."""
    for match in _DEBUT.finditer(view.text):
        product = next((m for m in reversed(view.mentions) if m.end <= match.start() and m.origin != "anaphor"), None)
        if product is None or product.type not in PRODUCTS:
            continue
        # the verb follows its subject directly ("the Linga Pro, debuted"), or after an apposition ("The Korra S7, a
        # mid-size sedan, went on sale")
        after = next((e for s, e in view.appositions() if s == product.end and e <= match.start()), product.end)
        if view.text[after : match.start()].strip(" ,"):
            continue
        before = view.text[max(0, product.start - 60) : product.start]
        if product.type == UNTYPED and not _PRODUCT_NOUN.search(before):
            continue  # nothing says the name is a product
        maker = next(
            (
                m
                for m in reversed(view.mentions)
                if m.end <= product.start
                and m.type in ("Company", UNTYPED)
                and m.origin != "anaphor"
                and _OWNER_POSSESSIVE.fullmatch(view.text, m.end, product.start)
            ),
            None,
        )
        if maker is None:
            maker = speaker(view, match.end(), named_only=False)
        maker = maker or _company_in_focus(view, product, match.start())
        if maker is None or maker.name == product.name:
            continue
        typed = product.typed("Product") if product.type != "Product" else product
        yield claim(view, _company(maker), "launches", typed, match.start(), qualifiers=dated(view, "date"))


def _company_in_focus(view: View, product: Mention, verb: int) -> Mention | None:
    """ "Korra Motors builds cars. The Korra S7 went on sale in Oslo": a product no one else is said to own is the
    company in focus's, named in a recent sentence (it stands for the whole clause, as a subject left out does)."""
    focus = view.focus or view.main
    if focus is None or not view.focus_recent or focus.type != "Company" or focus.name == product.name:
        return None
    if any(
        m.type in ("Company", UNTYPED) and m.origin != "anaphor" and m.name != product.name and m.end <= verb
        for m in view.mentions
    ):
        return None  # another company named before the verb may be the maker
    return Mention(0, 0, focus.name, "Company", focus.surface, "anaphor", 0.7 * focus.confidence)


#: Nouns that name several products at once ("its Nova series"), more likely a brand's line.
_RANGES = frozenset({"series", "product"})
#: A noun for one product right after its name ("its Omoda 5 SUV"); a plural ("its Casarte refrigerators") is a
#: range, more likely a brand's, so it is left to the brand patterns.
_ONE_PRODUCT_AFTER = re.compile(
    rf"\s+{literal_alternation(n for n in PRODUCT_NOUNS if n not in _RANGES)}\b(?!\s+(?-i:[A-Z])|-)", re.IGNORECASE
)
#: A model's name, with letters and a number in it: "HD-550", "RK-Lumi 800", "X9 Pro".
_MODEL_NAME = re.compile(r"(?=.*[A-Za-z])(?=.*\d)")
#: After a model's name, any goods it is of, in lower case: "its HD-550 endoscopy systems", "its RK-Lumi 800
#: chemiluminescence analysers" (a plain name needs a product noun: "its Casarte refrigerators" is a brand's range).
_GOODS_AFTER_MODEL = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*\b(?!\s+(?-i:[A-Z])|-)")
_NO_MODEL_AFTER = re.compile(
    r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:inhibitors?|antibod(?:y|ies)|vaccines?|trials?|stud(?:y|ies)|pandemic|patients|"
    r"treatments?|therapy|therapies|drugs?|receptors?|agonists?|cases|infections?|variants?|outbreak)\b"
)
#: The owner's possessive right before the name, with at most an adjective of novelty between.
_OWNER_BEFORE = re.compile(
    r"(?:\b(?P<pronoun>its|their|our)|(?P<possessive>\w's?))\s+(?:(?:new|latest|flagship|upcoming)\s+)?$", re.IGNORECASE
)
_LAUNCH_BEFORE = re.compile(r"\b(?:launch|launched|launches|unveiled|unveils|released|releases|introduced|debuted)\s+$")


def named_in_passing(view: View) -> Iterator[Claim]:
    """ "Chery said its Omoda 5 SUV ...", "Roborock's Saros 10 robot vacuum sold ...": the name between its
    owner's possessive and a product noun is the owner's product (launched where a launch verb leads it)."""
    for product in view.mentions:
        if product.type not in PRODUCTS or product.origin == "anaphor":
            continue
        model = _MODEL_NAME.search(product.name) and _GOODS_AFTER_MODEL.match(view.text, product.end)
        if model and _NO_MODEL_AFTER.match(view.text, product.end):
            model = None  # "its PD-1 inhibitor", "its COVID-19 vaccine": a drug's target or a disease, no model
        one = _ONE_PRODUCT_AFTER.match(view.text, product.end) or model
        if not one or launched_beside(view, product.end):
            continue
        before = _OWNER_BEFORE.search(view.text, max(0, product.start - 40), product.start)
        if before is None:
            continue
        if before.group("pronoun"):
            owner = pronoun_owner(view, before.start("pronoun"), ORGANISATIONS)
        else:
            at = before.start("possessive") + 1
            owner = next((m for m in view.mentions if m.end == at and m.type in ORGANISATIONS), None)
        if owner is None or owner.name == product.name or owner.start >= product.start:
            continue
        launched = _LAUNCH_BEFORE.search(view.lower, max(0, before.start() - 30), before.start())
        typed = product.typed("Product", 0.75) if product.type == UNTYPED else product
        made = claim(
            view,
            _company(owner),
            "launches" if launched else "develops",
            typed,
            before.start(),
            qualifiers=dated(view, "date", near=product) if launched else (),
            confidence=0.75,
        )
        # "Goldwind will supply 166 units of its GW165 turbine": the plan is the supply; the product exists
        yield made if launched else plain(made)


#: Verbs of owning or running brands: "sells the A, B and C labels", "runs three brands: A, B and C".
_KEEPS = (
    r"(?:sells?|sold|selling|runs?|ran|running|operates?|operated|operating|owns?|owned|owning|markets?|marketed|"
    r"manages?|managed|controls?|controlled|added|adds|acquired|bought|has|had|"
    # "whose stable also includes the Zeekr and Lynk & Co brands", "brought with it the Hoover and Rosieres brands"
    r"includes|included|brought\s+with\s+it|keeps|kept)"
)
_KEPT_LIST = re.compile(rf"\b{_KEEPS}\s+(?:also\s+)?(?:the|its)\s+(?=[A-Z])")
_COUNTED_BRANDS = re.compile(
    rf"\b{_KEEPS}\s+(?:\w+\s+){{0,3}}?(?:sub-?)?(?:brands|labels|marques)\s*(?::|\u2014|--|,\s+(?:namely|including))\s*"
)
_AS_BRAND = re.compile(r"(?:\s+as\s+(?:a|an|its|their)\s+(?:[\w-]+\s+){0,2}?(?:sub-?brand|brand|label|marque)\b)")
_TRADES_AS = re.compile(r"\b(?:trades|traded|trading|does\s+business|doing\s+business)\s+as\s+")
_ITS_BRAND = re.compile(
    r",\s+(?:its|their|the\s+(?:company|group|firm)['\u2019]s)\s+(?:[\w-]+\s+){0,2}?(?:sub-?brand|brand|label|marque)\s*[,.;]"
)
#: "its own food-delivery brand, Lekas,", "a second, lower-priced brand, Tidelite,": the brand noun, then its name.
_BRAND_THEN_NAME = re.compile(
    r"\b(?P<det>[Ii]ts|[Tt]heir|a|an)\s+(?:[\w-]+,?\s+){0,3}?(?:sub-?brand|brand|label|marque),\s+(?:called\s+|named\s+)?"
    r"(?=[A-Z])"
)
_BRANDISH = ("Brand", UNTYPED, "Product")
#: "sells models of its e.MAS brand", "their Vega and Orla labels": the owner's pronoun, names, the brand noun.
_ITS_NAMES = re.compile(r"\b(?:its|their)\s+(?=\S)")
#: "The company's three brands, Tecno, Infinix and itel, ...": the owner's brands listed in apposition.
_OWNERS_BRANDS_LISTED = re.compile(
    r"(?:'s|\u2019s|\bits|\btheir)\s+(?:[\w-]+\s+){0,2}?(?:sub-?)?(?:brands|labels|marques),\s+(?:namely\s+)?"
)
_OWNER_OF = re.compile(r",\s+(?:the|its)\s+(?:[\w-]+\s+)?owners?\s+of\s+(?:the\s+)?")
#: "Xiaomi, whose Mijia range covers similar products": a range or line named after "whose" is the owner's brand.
_WHOSE_NAMED = re.compile(r"\bwhose\s+(?=[A-Z])")
_BEFORE_WHOSE = re.compile(r"\s*,\s*")
_RANGE_NOUN = re.compile(r"\s+(?:range|line|lineup|line-up|series|brand|label|sub-brand)\b")


@triggered_by(
    "brand",
    "label",
    "marque",
    "sub-brand",
    "trades",
    "traded",
    "trading",
    "does business",
    "doing business",
    "owner",
    "whose",
)
def brand_lists(view: View) -> Iterator[Claim]:
    """Brands a company keeps, named in a list or beside a brand noun: "sells the A, B and C labels", "runs three
    brands: A, B and C", "runs A as a sub-brand", "trades as A abroad", "A, its premium brand, ..."."""
    seen: set[str] = set()

    def made(owner: Mention | None, brand: Mention, pos: int, confidence: float) -> Iterator[Claim]:
        if owner is None or owner.type not in ("Company", UNTYPED) or owner.name == brand.name:
            return
        if brand.name in seen or brand.type in PLACES:
            return
        seen.add(brand.name)
        yield claim(view, _company(owner), "hasBrand", brand.typed("Brand"), pos, confidence=confidence)

    for match in _WHOSE_NAMED.finditer(view.text):
        named = view.at(match.end(), _BRANDISH)
        if named is not None and _RANGE_NOUN.match(view.text, named.end):
            owner = next((m for m in view.mentions if _BEFORE_WHOSE.fullmatch(view.text, m.end, match.start())), None)
            yield from made(owner, named, match.start(), 0.7)
    for match in _KEPT_LIST.finditer(view.text):
        listed = view.listed_after(match.end(), _BRANDISH, within=0)
        if listed and BRAND_NOUN_AFTER.match(view.text, listed[-1].end):
            owner = view.subject_before(match.start(), ("Company", UNTYPED))
            for brand in listed:
                yield from made(owner, brand, match.start(), 0.75)
    for match in _COUNTED_BRANDS.finditer(view.text):
        owner = view.subject_before(match.start(), ("Company", UNTYPED))
        stop = view.clause_end(match.end(), len(view.text))
        end = view.text.find(";", match.end())
        stop = min(stop, end) if end >= 0 else stop
        for brand in view.between(match.end(), stop):
            if brand.type in (*_BRANDISH, "Company"):
                yield from made(owner, brand, match.start(), 0.7)
    for match in _AS_BRAND.finditer(view.text):
        named = next((m for m in reversed(view.mentions) if m.end <= match.start()), None)
        if named is None or match.start() - named.end > 1 or named.type not in _BRANDISH:
            continue
        yield from made(view.subject_before(named.start, ("Company", UNTYPED)), named, match.start(), 0.7)
    for match in _TRADES_AS.finditer(view.text):
        named = view.at(match.end(), _BRANDISH)
        if named is not None:
            yield from made(view.subject_before(match.start(), ("Company", UNTYPED)), named, match.start(), 0.7)
    for match in _OWNER_OF.finditer(view.text):
        # "Bellmar, the owner of Corvessa": the company just named owns the brand after
        holder = next((m for m in reversed(view.mentions) if m.end <= match.start()), None)
        if holder is None or holder.end != match.start() or holder.origin == "anaphor":
            continue
        named = view.at(match.end(), ("Brand", UNTYPED))
        if named is not None:
            yield from made(holder, named, match.start(), 0.7)
    for match in _ITS_NAMES.finditer(view.text):
        listed = view.listed_after(match.end(), _BRANDISH, within=0)
        its = next((m for m in view.mentions if m.start == match.start() and m.origin == "anaphor"), None)
        if listed and its is not None and BRAND_NOUN_AFTER.match(view.text, listed[-1].end):
            for brand in listed:
                yield from made(its, brand, match.start(), 0.75)
    for match in _OWNERS_BRANDS_LISTED.finditer(view.text):
        owner = next(
            (m for m in reversed(view.mentions) if m.end <= match.start() + 1 and m.end >= match.start()), None
        )
        for brand in view.listed_after(match.end(), (*_BRANDISH, "Company"), within=0):
            yield from made(owner, brand, match.start(), 0.7)
    for match in _BRAND_THEN_NAME.finditer(view.text):
        named = view.at(match.end(), _BRANDISH)
        if named is None or named.origin == "anaphor":
            continue
        its = next((m for m in view.mentions if m.start == match.start() and m.origin == "anaphor"), None)
        owner = its if match.group("det").lower() in ("its", "their") else actor(view, match.start(), ("Company",))
        yield from made(owner, named, match.start(), 0.7)
    for match in _ITS_BRAND.finditer(view.text):
        named = next((m for m in reversed(view.mentions) if m.end <= match.start()), None)
        if named is None or match.start() - named.end > 0 or named.type not in _BRANDISH:
            continue
        yield from made(view.subject_before(named.start, ("Company", UNTYPED)), named, match.start(), 0.7)


#: "ByteDance's overseas apps, including A, B and C", "its games such as A": goods of the owner, named after them.
_GOODS_INCLUDING = re.compile(
    r"(?:'s?|\u2019s?|\b[Ii]ts|\b[Tt]heir)\s+(?:[\w-]+\s+){0,2}?(?:apps|games|titles|drugs|medicines|models|"
    r"phones|smartphones|vehicles|cars|devices|platforms)\s*,?\s+(?:including|such\s+as|like|among\s+them|namely)\s+"
)


@triggered_by("including", "such as", "like", "among them", "namely")
def goods_including(view: View) -> Iterator[Claim]:
    """ "ByteDance's overseas apps, including TikTok, CapCut and Lemon8": the owner develops each one named."""
    for match in _GOODS_INCLUDING.finditer(view.text):
        # the name the possessive ends, or what "its" stands for
        owner = next((m for m in view.mentions if match.start() in (m.end, m.start)), None)
        if owner is not None and owner.end != match.start() and owner.origin != "anaphor":
            owner = None
        if owner is None or owner.type not in ("Company", UNTYPED) or others_brands(view, match.start()):
            continue
        for product in view.listed_after(match.end(), ("Product", UNTYPED), within=1):
            if product.name != owner.name and product.origin != "anaphor":
                yield claim(view, _company(owner), "develops", product.typed("Product"), match.start(), confidence=0.7)


PATTERNS = (
    launches,
    develops,
    made_by,
    brands,
    brand_of,
    owned,
    product_debuts,
    named_in_passing,
    brand_lists,
    goods_including,
)
