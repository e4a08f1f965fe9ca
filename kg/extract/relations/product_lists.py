"""Products a company makes, named in lists and possessives rather than as a verb's object.

- "its V7 and V9 models", "Tianhe Audio's Pulse and Echo speakers", "its mobile titles Sky Saga and Iron Petal":
  develops, one claim per name;
- "sells Auralux earbuds, homely smart plugs and Luma projectors": hasBrand, each name before the goods it marks
  (a lower-case name too, where capitalised brands share its list);
- "under the brand (name) airly": hasBrand;
- "Its Halo 3 phone, released in March 2024, ...", "moved into pool cleaning with the Aquo robot": launches, dated;
- "recalled 20,000 Cosmo 7 scooters": the goods a company recalls or ships by number are its own (develops).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from kg.extract.lexicon import alternation
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.periods import find_periods
from kg.extract.relations.claims import claim, triggered_by
from kg.extract.relations.presence import actor
from kg.extract.view import ORGANISATIONS, PLACES, Claim, View

#: Nouns for goods, singular; plurals are made from them.
GOODS = (
    "model", "car", "suv", "sedan", "hatchback", "vehicle", "pickup", "truck", "van", "bus", "handset", "phone",
    "smartphone", "drone", "aircraft", "speaker", "headphone", "earbud", "earphone", "scooter", "e-bike", "bike",
    "motorcycle", "tablet", "laptop", "watch", "smartwatch", "camera", "robot", "vacuum", "mower", "lawn mower",
    "game", "title", "app", "projector", "console", "chip", "charger", "power bank", "power station", "battery",
    "batteries", "television", "tv", "monitor", "printer", "router", "tyre", "tire", "drink", "drug", "plug",
    "lock", "appliance", "fridge", "refrigerator", "air conditioner", "air fryer", "tent", "backpack", "shoe",
    "sneaker", "jacket", "glasses", "cleaner", "doorbell", "purifier", "heater", "fan", "inverter", "panel",
    "chatbot", "assistant", "processor", "medicine", "vaccine", "therapy", "excavator", "crane", "locomotive",
)  # fmt: skip
_NAME = (
    r"(?:[A-Z][\w+.'-]*|\d+[A-Z][\w-]*)(?:\s+(?:[A-Z][\w+.-]*|\d[\w.]*|Pro|Max|Mini|Plus|Ultra))*"
    r"(?:\s+(?:of|of\s+the)\s+[A-Z][\w+.'-]*(?:\s+[A-Z][\w+.-]*)*)?"  # "League of Legends"
)


def _plural(noun: str) -> str:
    word = re.escape(noun).replace(r"\ ", r"\s+")
    if noun.endswith(("s", "craft")):
        return word
    if noun.endswith("y") and not noun.endswith(("ey", "ay", "oy")):
        return word[:-1] + "(?:y|ies)"
    return word + ("(?:es)?" if noun.endswith(("ch", "sh")) else "s?")


@cache
def _goods() -> str:
    return alternation(_plural(n) for n in sorted(GOODS, key=len, reverse=True))


@cache
def _any_goods() -> re.Pattern[str]:
    """A noun for goods anywhere in a sentence: the patterns below need one, and most sentences have none."""
    return re.compile(rf"\b{_goods()}\b")


def _mention_at(view: View, start: int, end: int, type_: str) -> Mention:
    """The mention of the span, or a new one of ``type_`` where the names found none."""
    found = next((m for m in view.mentions if m.start == start and m.end == end and m.origin != "anaphor"), None)
    text = view.text[start:end]
    if found is not None and found.type in (type_, UNTYPED, "Product", "Brand"):
        return found.typed(type_, found.confidence) if found.type != type_ else found
    return Mention(start, end, text, type_, text, "guess", 0.6)


def _owner(view: View, match: re.Match[str]) -> Mention | None:
    if match.group("pronoun"):
        return actor(view, match.start(), ORGANISATIONS)
    end = match.start("owner_end")
    return next(
        (m for m in view.mentions if m.end == end and m.type in ("Company", UNTYPED) and m.origin != "anaphor"), None
    )


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


def _listed(view: View, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the names in "A, B and C" between ``start`` and ``end``."""
    spans = []
    for m in re.finditer(_NAME, view.text[start:end]):
        stop = start + m.end()
        while view.text[stop - 1] in ".'-\u2019":
            stop -= 1  # "Skyfall." closing the sentence
        spans.append((start + m.start(), stop))
    return spans


#: "its ..." or "Tianhe Audio's ...": whose the listed goods are.
_OWNER = r"(?:\b(?P<pronoun>(?i:its|their))|(?P<owner_end>'s|\u2019s))\s+"
#: "A and B", "A, B or C": two or more names.
_LISTED_NAMES = rf"(?P<list>{_NAME}(?:\s*,\s*{_NAME})*\s*,?\s+(?:and|or)\s+{_NAME})"


@cache
def _models_after() -> re.Pattern[str]:
    """ "its G6 and G9 models", "Tianhe Audio's Pulse and Echo speakers": the names, then the goods' noun."""
    return re.compile(
        rf"{_OWNER}(?:(?:new|latest|flagship|popular|best-selling)\s+)?{_LISTED_NAMES}\s+(?:[a-z-]+\s+)?(?i:{_goods()})\b"
    )


@cache
def _models_before() -> re.Pattern[str]:
    """ "its mobile titles Sky Saga and Iron Petal": the goods' noun, then the names."""
    return re.compile(rf"{_OWNER}(?:[a-z-]+\s+){{0,2}}?(?i:{_goods()})\s+{_LISTED_NAMES}\b")


@triggered_by("its", "their", "'s", "\u2019s")
def model_lists(view: View) -> Iterator[Claim]:
    """Names listed between an owner's possessive and a noun for goods (or after it) are the owner's products."""
    if not _any_goods().search(view.lower):
        return
    for pattern in (_models_after(), _models_before()):
        for match in pattern.finditer(view.text):
            if pattern is _models_after() and not _capitalised_list(match.group("list")):
                continue
            owner = _owner(view, match)
            if owner is None:
                continue
            for start, end in _listed(view, match.start("list"), match.end("list")):
                product = _mention_at(view, start, end, "Product")
                if product.name == owner.name or any(
                    m.start <= start < m.end and m.type in (*PLACES, "Company") for m in view.mentions
                ):
                    continue  # "its Germany and France units": places, not goods
                made = claim(view, _company(owner), "develops", product, match.start(), confidence=0.75)
                # "will assemble its V7 and V9 models": the plan is the verb's, the models are the owner's already
                yield replace(made, qualifiers=tuple(q for q in made.qualifiers if q[0] != "status"))


def _capitalised_list(text: str) -> bool:
    return bool(re.match(r"[A-Z\d]", text))


_SELLS = re.compile(
    r"\b(?:sells|sold|selling|offers|offered|markets|marketed|makes|made|carries)\s+(?:(?:also|both)\s+)?",
)


@cache
def _brand_item() -> re.Pattern[str]:
    """One item of a list of goods by brand: "Soundcore headphones and speakers", "eufy security cameras"."""
    goods = rf"(?:[a-z-]+\s+){{0,2}}(?i:{_goods()})"
    return re.compile(rf"(?P<brand>{_NAME}|[a-z][a-z0-9]{{2,15}})\s+(?P<goods>{goods}(?:\s+and\s+{goods})?)\b")


_ITEM_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
#: Words a list of goods may open with that are no brand: "sells smart plugs", "makes portable projectors".
_NOT_BRANDS = frozenset(
    (
        "smart", "home", "portable", "wireless", "security", "electric", "mobile", "robot", "solar", "power", "gaming",
        "budget", "premium", "cheap", "affordable", "own", "other", "more", "new", "its", "their", "the", "and",
        "household", "kitchen", "outdoor", "indoor", "luxury", "high-end", "low-cost", "compact", "small", "large",
        "consumer", "industrial", "digital", "cordless", "handheld", "spraying", "lawn", "air", "instant", "frozen",
    )
)  # fmt: skip


@triggered_by("sells", "sold", "selling", "offers", "offered", "markets", "marketed", "makes", "made", "carries")
def brand_goods(view: View) -> Iterator[Claim]:
    """ "sells Soundcore headphones and speakers, eufy security cameras and Nebula projectors": each item's first
    word(s) name a brand of the seller, capitalised or, where a capitalised brand shares the list, lower-case."""
    if not _any_goods().search(view.lower):
        return
    for verb in _SELLS.finditer(view.text):
        items: list[re.Match[str]] = []
        pos = verb.end()
        while True:
            item = _brand_item().match(view.text, pos)
            if item is None:
                break
            items.append(item)
            gap = _ITEM_GAP.match(view.text, item.end())
            if gap is None:
                break
            pos = gap.end()
        capitalised = [i for i in items if i.group("brand")[0].isupper()]
        if not capitalised:
            continue
        seller = actor(view, verb.start(), ORGANISATIONS)
        if seller is None:
            continue
        for item in items:
            name = item.group("brand")
            if name.lower() in _NOT_BRANDS or (name.islower() and name.endswith(("ly", "ed", "ing", "al", "ic"))):
                continue
            start, end = item.start("brand"), item.end("brand")
            if any(m.start <= start < m.end and m.type in (*PLACES, "Company", "Organization") for m in view.mentions):
                continue  # "sells Apple phones": another company's goods, not a brand of the seller
            brand = _mention_at(view, start, end, "Brand")
            if brand.name != seller.name:
                yield claim(view, _company(seller), "hasBrand", brand, verb.start(), confidence=0.7)


_UNDER_BRAND_NAME = re.compile(r"\bunder\s+the\s+brand(?:\s+name)?\s+(?P<name>[a-z][a-z0-9-]{2,15}|[A-Z][\w-]*)\b")


@triggered_by("brand")
def brand_named_after(view: View) -> Iterator[Claim]:
    """ "sells fans in India under the brand airly", "under the brand name ecoza"."""
    for match in _UNDER_BRAND_NAME.finditer(view.text):
        owner = actor(view, match.start(), ORGANISATIONS)
        brand = _mention_at(view, match.start("name"), match.end("name"), "Brand")
        if owner is not None and owner.name != brand.name:
            yield claim(view, _company(owner), "hasBrand", brand, match.start(), confidence=0.7)


@cache
def _released() -> re.Pattern[str]:
    """ "Its Halo 3 phone, released in March 2024," / "DJI's Mini 5 Pro, released in September 2025,"."""
    return re.compile(
        rf"(?:\b(?P<pronoun>its|their|the)|(?P<owner_end>'s|\u2019s))\s+(?:(?:new|latest|flagship)\s+)?(?P<name>{_NAME})"
        rf"(?:\s+(?:[a-z-]+\s+)?(?i:{_goods()}))?\s*,\s+(?:which\s+was\s+)?(?:released|launched|unveiled|introduced|"
        rf"debuted|rolled\s+out)\s+(?:in|on)\s+"
    )


@cache
def _entered_with() -> re.Pattern[str]:
    """ "moved beyond aircraft with the Romo robot vacuum": a company entering a line of goods with a product."""
    return re.compile(
        rf"\b(?:moved|moves|expanded|expands|branched|branches|ventured|ventures|entered|enters|stepped|steps)\s+"
        rf"(?:out\s+)?(?:into|beyond|in)\s+[^,;]{{0,40}}?\bwith\s+(?:the|its|a)\s+(?P<name>{_NAME})\s+"
        rf"(?:[a-z-]+\s+)?(?i:{_goods()})\b"
    )


_MONTH_YEAR = re.compile(
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?(?:19|20)\d{2}"
)


@triggered_by(
    "released", "launched", "unveiled", "introduced", "debuted", "rolled", "moved", "moves", "expanded", "expands",
    "branched", "branches", "ventured", "ventures", "entered", "enters", "stepped", "steps",
)  # fmt: skip
def dated_releases(view: View) -> Iterator[Claim]:
    """A product's release told beside it: launches, dated by the release's own month and year."""
    for match in _released().finditer(view.text):
        when = _MONTH_YEAR.match(view.text, match.end())
        if when is None:
            continue
        owner = _focus_company(view) if match.group("pronoun") == "the" else _owner(view, match)
        if owner is None:
            continue
        product = _mention_at(view, match.start("name"), match.end("name"), "Product")
        if product.name == owner.name or product.type != "Product":
            continue
        yield claim(
            view, _company(owner), "launches", product, match.start(), qualifiers=_date(when.group()), confidence=0.75
        )
    for match in _entered_with().finditer(view.text):
        owner = actor(view, match.start(), ORGANISATIONS)
        if owner is None:
            continue
        product = _mention_at(view, match.start("name"), match.end("name"), "Product")
        if product.name == owner.name or product.type != "Product":
            continue
        periods = [p for p in view.periods if p.start < match.start()] if view.periods else []
        qualifiers = (("date", periods[-1].value),) if periods else ()
        yield claim(view, _company(owner), "launches", product, match.start(), qualifiers=qualifiers, confidence=0.7)


def _date(text: str) -> tuple[tuple[str, str], ...]:
    found = find_periods(text)
    return (("date", found[0].value),) if found else ()


def _focus_company(view: View) -> Mention | None:
    focus = view.focus or view.main
    if focus is None or not view.focus_recent or focus.type != "Company":
        return None
    return Mention(0, 0, focus.name, "Company", focus.surface, "anaphor", 0.7 * focus.confidence)


@cache
def _counted_goods() -> re.Pattern[str]:
    """ "recalled more than 1.1 million PowerCore 10000 power banks": goods counted by the company that recalls
    or ships them."""
    return re.compile(
        r"\b(?:recalled|recalls|recalling|shipped|ships|shipping|delivered|delivers)\s+(?:more\s+than\s+|over\s+|"
        r"about\s+|some\s+|nearly\s+|almost\s+|around\s+)?(?:[\d.,]+(?:\s+(?:million|thousand|billion))?|"
        # "shipped a batch of G3 SUVs", "delivered its first shipment of ..."
        r"(?:a|an|its|the)\s+(?:first\s+)?(?:batch|shipment|consignment|fleet|handful)\s+of)\s+"
        rf"(?P<name>{_NAME})\s+(?:[a-z-]+\s+)?(?i:{_goods()})\b"
    )


@triggered_by("recalled", "recalls", "recalling", "shipped", "ships", "shipping", "delivered", "delivers")
def counted_goods(view: View) -> Iterator[Claim]:
    """The goods a company recalls, ships or delivers by number are its own products."""
    if not _any_goods().search(view.lower):
        return
    for match in _counted_goods().finditer(view.text):
        owner = actor(view, match.start(), ORGANISATIONS)
        if owner is None:
            continue
        start, end = match.start("name"), match.end("name")
        if any(m.start <= start < m.end and m.type in (*PLACES, "Company", "Organization") for m in view.mentions):
            continue  # "shipped 5,000 Tesla cars": another maker's goods
        product = _mention_at(view, start, end, "Product")
        if product.name != owner.name:
            yield claim(view, _company(owner), "develops", product, match.start(), confidence=0.7)


@cache
def _maker_of() -> re.Pattern[str]:
    """ ", the maker of Fortnite", ", the Los Angeles studio behind League of Legends": what the name made."""
    return re.compile(
        r"(?:,|\s+(?:is|was|remains))\s+(?:the|a|an)\s+(?:[\w'-]+\s+){0,3}?(?:maker|developer|creator|studio|publisher|"
        r"designer|company|firm)\s+(?:of|behind)\s+(?:the\s+)?(?:[a-z][\w-]+\s+){0,2}?"  # "of the chatbot X"
        rf"(?P<list>{_NAME}(?:\s*,\s*{_NAME})*(?:\s*,?\s+and\s+{_NAME})?)"
    )


@triggered_by("maker", "developer", "creator", "studio", "publisher", "designer", "company", "firm")
def maker_of(view: View) -> Iterator[Claim]:
    """A company set beside the named things it makes ("Rivo Games, the studio behind Star Quest") develops them."""
    for match in _maker_of().finditer(view.text):
        maker = next(
            (
                m
                for m in view.mentions
                if m.end == match.start() and m.type in ("Company", UNTYPED) and m.origin != "anaphor"
            ),
            None,
        )
        if maker is None:
            continue
        # "the company behind the MediaMarkt and Saturn electronics chains": names of chains or labels are brands
        branded = _BRAND_NOUN_AFTER.match(view.text, match.end("list")) is not None
        for start, end in _listed(view, match.start("list"), match.end("list")):
            if any(
                m.start <= start < m.end and m.type in (*PLACES, "Company", "Organization", "Segment")
                for m in view.mentions
            ):
                continue  # "the maker of Samsung phones", "the maker of Ebro Foods": not a product it names
            made = _mention_at(view, start, end, "Brand" if branded else "Product")
            if made.name != maker.name:
                relation = "hasBrand" if branded else "develops"
                yield claim(view, _company(maker), relation, made, match.start(), confidence=0.7)


_BRAND_NOUN_AFTER = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}(?:chains?|stores?|brands?|labels?|restaurants?|outlets?|retailers?|shops?|marques?)\b"
)


@cache
def _own_name_launched() -> re.Pattern[str]:
    """ "Korra Pay went live in Mexico in 2019", "the company later added Korra Card, a credit card"."""
    return re.compile(
        rf"(?P<name>{_NAME})\s+(?:went|goes|has\s+gone|had\s+gone)\s+live\b"
        rf"|\b(?:added|adds|adding|introduced|introduces|rolled\s+out|rolls\s+out)\s+(?P<added>{_NAME}),\s+(?:a|an)\s+"
    )


@triggered_by("live", "added", "adds", "adding", "introduced", "introduces", "rolled", "rolls")
def own_name_launched(view: View) -> Iterator[Claim]:
    """A product named after its maker ("Korra Pay" of Korra Global) that goes live or is added: the maker
    launches it, dated by the sentence."""
    focus = view.focus or view.main
    if focus is None or focus.type != "Company" or not view.focus_recent:
        return
    first = focus.name.split()[0].lower()
    for match in _own_name_launched().finditer(view.text):
        group = "name" if match.group("name") else "added"
        start, end = _listed(view, match.start(group), match.end(group))[0]
        words = view.text[start:end].split()
        if len(words) < 2 or words[0].lower() != first or view.text[start:end] == focus.name:
            continue
        product = _mention_at(view, start, end, "Product")
        maker = Mention(0, 0, focus.name, "Company", focus.surface, "anaphor", 0.7 * focus.confidence)
        # "went live there in 2019": the sentence's date; "later added X": a later, undated step
        periods = [p for p in view.periods if p.role == "point"] if group == "name" else []
        qualifiers = (("date", periods[0].value),) if periods else ()
        yield claim(view, maker, "launches", product, match.start(), qualifiers=qualifiers, confidence=0.7)


#: Verbs whose object goods are the subject's own: "exports the Tess and Vanta models", "sells drugs A and B".
_OWN_GOODS_VERBS = (
    r"(?:sells?|sold|selling|exports?|exported|exporting|builds?|built|building|makes?|made|making|markets?|"
    r"marketed|marketing|offers?|offered|offering|assembles?|assembled|assembling|produces?|produced|producing|"
    r"supplies|supplied|supplying|released?|releases|releasing|rolled\s+out|rolls\s+out|unveiled|unveils|"
    r"introduced|introduces|launched|launches|ships|shipped|develops|developed|developing)"
)
_NAME_LIST = rf"{_NAME}(?:\s*,\s*{_NAME})*(?:\s*,?\s+(?:and|or)\s+{_NAME})?"
#: Words before goods that say how they stand, not what they are: a product's name is not among them.
_MODEL_QUALIFIERS = (
    r"(?:(?:new|latest|flagship|popular|best-selling|top-selling|hit|cheapest|newest|[a-z]+-[a-z]+)\s+)?"
)
#: Single-word names that are peoples' or places' adjectives ("its Chinese phones"), no products.
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ese|ian|ean|ish|ch|an|ic|i)|[A-Z]{2,3}")


@cache
def _one_model() -> tuple[re.Pattern[str], ...]:
    """ "its flagship Aurel sedan", "Qingyun Audio's best-selling Sonata earbuds" (a name, then the goods' noun);
    "its blood-cancer drug Oncavir", "its Lumo chatbot" (the noun, then the name)."""
    owner = r"(?:\b(?P<pronoun>(?i:its|their))|(?P<owner_end>'s|\u2019s))\s+"
    return (
        re.compile(rf"{owner}{_MODEL_QUALIFIERS}(?P<list>{_NAME})\s+(?:[a-z-]+\s+)?(?i:{_goods()})\b"),
        re.compile(rf"{owner}{_MODEL_QUALIFIERS}(?:[a-z-]+\s+)?{_goods()}\s+(?P<list>{_NAME})(?!\s*,?\s+(?:and|or)\s)"),
    )


@cache
def _verb_models() -> tuple[re.Pattern[str], ...]:
    """ "exports the Tess and Vanta models", "supplies the Snapdragon processors"; "sells drugs A and B"."""
    verb = rf"\b{_OWN_GOODS_VERBS}\s+(?:also\s+)?"
    return (
        re.compile(rf"{verb}the\s+{_MODEL_QUALIFIERS}(?P<list>{_NAME_LIST})\s+(?:[a-z-]+\s+)?(?i:{_goods()})\b"),
        re.compile(rf"{verb}{_MODEL_QUALIFIERS}(?:[a-z-]+\s+)?{_goods()}\s+(?P<list>{_NAME_LIST})\b"),
        # "is best known for Chatta, a companion chatbot app": what a company is known for, named as goods
        re.compile(
            rf"\b(?:known|famous|noted)\s+(?:abroad\s+|overseas\s+)?for\s+(?P<list>{_NAME}),\s+(?:a|an|its|the)\s+"
            rf"(?:[\w-]+\s+){{0,3}}?(?i:{_goods()})\b"
        ),
    )


@triggered_by("its", "their", "'s", "\u2019s", *(v.split("(")[0] for v in ("sell", "sold", "export", "buil", "mak",
    "made", "market", "offer", "assembl", "produc", "suppl", "releas", "rolled", "rolls", "unveil", "introduc",
    "launch", "ship", "develop", "known", "famous", "noted")))  # fmt: skip
def single_models(view: View) -> Iterator[Claim]:
    """A product named beside a noun for goods, after its owner's possessive or a verb of making or selling it:
    the owner (or the verb's subject) develops it."""
    if not _any_goods().search(view.lower):
        return
    seen: set[str] = set()
    for pattern in (*_one_model(), *_verb_models()):
        for match in pattern.finditer(view.text):
            if "pronoun" in pattern.groupindex:
                owner = _owner(view, match)
            elif match.group().startswith(("known", "famous", "noted")):
                owner = actor(view, match.start(), ("Company",))
            else:
                owner = view.subject_before(match.start(), ("Company", UNTYPED))
            if owner is None or owner.type not in ("Company", UNTYPED):
                continue
            spans = _listed(view, match.start("list"), match.end("list"))
            for start, end in spans:
                text = view.text[start:end]
                if len(spans) == 1 and " " not in text and _DEMONYM.fullmatch(text):
                    continue
                if any(
                    m.start <= start < m.end and m.type in (*PLACES, "Company", "Organization") for m in view.mentions
                ):
                    continue  # "its Germany unit", "the Toyota cars": places and other companies, not goods
                product = _mention_at(view, start, end, "Product")
                if product.name == owner.name or product.name in seen:
                    continue
                seen.add(product.name)
                made = claim(view, _company(owner), "develops", product, match.start(), confidence=0.7)
                yield replace(made, qualifiers=tuple(q for q in made.qualifiers if q[0] != "status"))


PATTERNS = (
    own_name_launched,
    maker_of,
    model_lists,
    brand_goods,
    brand_named_after,
    dated_releases,
    counted_goods,
    single_models,
)
