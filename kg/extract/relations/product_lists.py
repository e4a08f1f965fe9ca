"""Products a company makes, named in lists and possessives rather than as a verb's object.

- "its V7 and V9 models", "Tianhe Audio's Pulse and Echo speakers", "its mobile titles Sky Saga and Iron Petal":
  develops, one claim per name;
- "sells Auralux earbuds, homely smart plugs and Luma projectors": hasBrand, each name before the goods it marks
  (a lower-case name too, where capitalised brands share its list);
- "under the brand (name) airly": hasBrand;
- "Its Halo 3 phone, released in March 2024, ...", "moved into pool cleaning with the Aquo robot": launches, dated;
- "recalled 20,000 Cosmo 7 scooters": the goods a company recalls or ships by number are its own (develops);
- products said to be a company's with no verb of making (develops): its possessive, words describing the product
  and a noun saying what it is ("its HER2 antibody zanfertamab", "Kestrel's app store Skymart", "its language
  model, dubbed Wenhai", "the company's Polar chips"), a drug's name alone ("Ardell's relatumab", by the stems
  of nonproprietary names), an apposition ("KRT-4410, a pain drug it is developing", "ZX-118, a vaccine developed
  by Zhenxin"), a maker noun ("the game's developer, X", "the maker of Y, X"), a named generation ("the Aurora
  Line, Velden's next generation of vans"), a project, mine or resort owned or run, named with its noun ("the
  Rio Claro project"), and a model with its noun in a story about one maker that names no other company;
- "its Nova 12 phones, launched last week": a launch told right after the product gives launches, not develops.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kg.extract.lexicon import alternation, data, word_set
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.periods import find_periods
from kg.extract.relations.claims import claim, dated, plain, triggered_by
from kg.extract.relations.presence import actor, pronoun_owner
from kg.extract.view import ORGANISATIONS, PLACES, POSSESSIVE, Claim, View

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
    "toy", "figure", "figurine", "doll", "browser", "marketplace", "website", "cell", "module", "inhaler",
    "humanoid", "quadruped", "robot dog",
    "milk powder", "formula", "crisps", "snack", "noodles",
    "dryer", "hair dryer", "toothbrush", "treadmill", "rubber", "racket", "helmet", "fountain", "feeder",
    "litter box", "mattress", "sofa", "lamp", "headlamp", "headlight", "bulb", "drill", "kettle", "blender",
    "cooker", "lipstick", "serum",
    "firewall", "database", "tricycle", "bicycle",
)  # fmt: skip
_NAME = (
    # a month, a quarter or a unit is never a product's name: "its Q3 figures", "shipped 78 GW of modules"
    r"(?!(?:Q[1-4]|H[12]|FY\d*|January|February|March|April|May|June|July|August|September|October|November|"
    r"December|[kMGT]Wh?|[MG]Ah)\b)"
    r"(?:[A-Z][\w+.'&-]*|\d+[A-Z][\w-]*)(?:\s+(?:[A-Z][\w+.&-]*|\d[\w.]*|Pro|Max|Mini|Plus|Ultra))*"
    r"(?:\s+(?:of|of\s+the)\s+[A-Z][\w+.'-]*(?:\s+[A-Z][\w+.-]*)*)?"  # "League of Legends"
)


def _plural(noun: str) -> str:
    word = re.escape(noun).replace(r"\ ", r"\s+")
    if noun.endswith(("s", "craft")) and not noun.endswith("ss"):
        return word  # a plural already ("noodles", "glasses")
    if noun.endswith("y") and not noun.endswith(("ey", "ay", "oy")):
        return word[:-1] + "(?:y|ies)"
    return word + ("(?:es)?" if noun.endswith(("ch", "sh", "ss", "x")) else "s?")


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
    # "Black Myth: Wukong": a name the document vouches for may run on past where a pattern's name stops
    found = found or next(
        (m for m in view.mentions if m.start == start and m.end > end and m.origin == "cue" and ":" in m.surface), None
    )
    text = view.text[start:end]
    if found is not None and found.type in (type_, UNTYPED, "Product", "Brand"):
        return found.typed(type_, found.confidence) if found.type != type_ else found
    return Mention(start, end, text, type_, text, "guess", 0.6)


def _owner(view: View, match: re.Match[str]) -> Mention | None:
    if match.group("pronoun"):
        return pronoun_owner(view, match.start("pronoun"), ORGANISATIONS)
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
_OWNER = r"(?:\b(?P<pronoun>(?i:its|their))|(?P<owner_end>'s|\u2019s|(?<=s)'))\s+"
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
                    m.start <= start < m.end and m.type in (*PLACES, "Company", "Channel") for m in view.mentions
                ):
                    continue  # "its Germany and France units": places, not goods; "Apple's App Store": a store
                if launched_beside(view, end):
                    continue  # "its A and B phones, launched last week": launches, read where the launch is
                made = claim(view, _company(owner), "develops", product, match.start(), confidence=0.75)
                # "will assemble its V7 and V9 models": the plan is the verb's, the models are the owner's already
                yield plain(made)


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
            if name.lower() in word_set("names", "generic_terms"):
                continue  # "makes USB cables and GaN chargers": a technology the goods use, no brand
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


#: The participles that tell a product's release beside it ("..., released in March 2024").
_RELEASED = r"released|launched|unveiled|introduced|debuted|rolled\s+out"


@cache
def _released() -> re.Pattern[str]:
    """ "Its Halo 3 phone, released in March 2024," / "DJI's Mini 5 Pro, released in September 2025,"."""
    return re.compile(
        rf"(?:\b(?P<pronoun>its|their|the)|(?P<owner_end>'s|\u2019s))\s+(?:(?:new|latest|flagship)\s+)?(?P<name>{_NAME})"
        rf"(?:\s+(?:[a-z-]+\s+)?(?i:{_goods()}))?\s*,\s+(?:which\s+was\s+)?(?:{_RELEASED})\s+(?:in|on)\s+"
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
        # "X, maker of Y" (no article) too; and "The maker of Y" opening a sentence, the story's company
        r"(?:(?P<opening>^(?:The|the)\s+)|(?:,|\s+(?:is|was|remains))\s+(?:the\s+|a\s+|an\s+)?)(?:[\w'-]+\s+){0,3}?(?:maker|manufacturer|producer|developer|creator|studio|publisher|"
        # "the Beijing start-up behind the Kimi chatbot": any company noun before "behind"
        r"designer|company|firm|(?:start-?up|group|lab|team|outfit|retailer|operator|owner)(?=\s+behind)|"
        # "the operator of dating apps Lira and Pemo": an operator of named apps or games (not "of the port")
        r"operator(?=\s+of\s+(?:the\s+)?(?:[a-z][\w-]+\s+){0,2}?(?:apps?|games?|platforms?|websites?|services?)\s+[A-Z]))"
        r"\s+(?:of|behind)\s+"
        r"(?:the\s+)?(?:[a-z][\w-]+\s+){0,2}?"  # "of the chatbot X"
        rf"(?P<list>{_NAME}(?:\s*,\s*{_NAME})*(?:\s*,?\s+and\s+{_NAME})?)"
    )


@triggered_by(
    "maker",
    "manufacturer",
    "producer",
    "developer",
    "creator",
    "studio",
    "publisher",
    "designer",
    "company",
    "firm",
    "behind",
    "operator",
)
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
        if match.group("opening"):
            maker = _focus_company(view)  # "The maker of the Vela series later added ...": the story's company
        if maker is None:
            continue
        # "the company behind the MediaMarkt and Saturn electronics chains": names of chains or labels are brands
        branded = _BRAND_NOUN_AFTER.match(view.text, match.end("list")) is not None or (
            _DESCRIBED_BRAND_AFTER.match(view.text, match.end("list")) is not None
        )  # "the start-up behind the HiPhi luxury electric car brand": a brand, whatever it sells
        for start, end in _listed(view, match.start("list"), match.end("list")):
            if any(
                m.start <= start < m.end and m.type in (*PLACES, "Company", "Organization", "Segment")
                for m in view.mentions
            ):
                continue  # "the maker of Samsung phones", "the maker of Ebro Foods": not a product it names
            if _demonym_or_acronym(view.text[start:end]) and re.match(r"\s+[a-z]", view.text[end:]):
                continue  # "the investment firm of Italian financier X": a people's adjective, no product
            made = _mention_at(view, start, end, "Brand" if branded else "Product")
            if made.name != maker.name:
                relation = "hasBrand" if branded else "develops"
                yield claim(view, _company(maker), relation, made, match.start(), confidence=0.7)


#: A few describing words, then a brand noun: "HiPhi luxury electric car brand".
_DESCRIBED_BRAND_AFTER = re.compile(
    r"(?:\s+[a-z][\w-]*){1,3}\s+(?:sub-?)?(?:brand|label|marque)s?\b(?!\s+(?:of|for)\b)"
)


@cache
def _group_behind() -> re.Pattern[str]:
    """ "the group behind Peugeot, Fiat and Jeep": a group is behind brands, not products."""
    return re.compile(
        r"\b(?:[Tt]he|[Aa])\s+(?:[\w'-]+\s+){0,2}?(?:group|conglomerate|owner|parent|carmaker|automaker|chain|retailer)\s+behind\s+"
        rf"(?:the\s+)?(?P<list>{_NAME}(?:\s*,\s*{_NAME})*(?:\s*,?\s+and\s+{_NAME})?)"
    )


@triggered_by("behind")
def group_behind(view: View) -> Iterator[Claim]:
    """The brands a group is said to be behind: its brands."""
    for match in _group_behind().finditer(view.text):
        # "Stellantis, the carmaker behind Peugeot": the name the description stands beside (a bare "the group
        # behind Peugeot" describes a company the sentence does not name)
        owner = next((m for m in view.mentions if m.end == match.start() - 2 and m.origin != "anaphor"), None)
        if owner is None or owner.type not in ("Company", UNTYPED) or view.text[owner.end : match.start()] != ", ":
            continue
        for start, end in _listed(view, match.start("list"), match.end("list")):
            if any(m.start <= start < m.end and m.type in (*PLACES, "Organization", "Segment") for m in view.mentions):
                continue
            brand = _mention_at(view, start, end, "Brand")
            if brand.name != owner.name:
                yield claim(view, _company(owner), "hasBrand", brand, match.start(), confidence=0.7)


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
    # "its new", "its first", "its rugged": one describing word, never a preposition, article or conjunction
    r"(?:(?!(?:in|of|for|to|from|by|with|on|at|and|or|the|a|an|stake|share|unit)\s)[a-z][a-z-]+\s+)?"
)
#: Single-word names that are peoples' or places' adjectives ("its Chinese phones"), no products.
#: An acronym ("EV", "US") or a word shaped as a nationality ("Nordic" aside) before a noun for goods.
_ADJECTIVE_SHAPE = re.compile(r"[A-Z]{2,3}|IoT|SaaS|[A-Z][a-z]+(?:ese|ian|ean|ish)")


def _demonym_or_acronym(word: str) -> bool:
    """ "its Chinese phones", "its EV chips": an adjective or an acronym before the goods' noun, not their name
    ("its Kiri app" is one, though it ends as "Saudi" does)."""
    return word in data("names")["demonyms"] or _ADJECTIVE_SHAPE.fullmatch(word) is not None


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
                if len(spans) == 1 and " " not in text and _demonym_or_acronym(text):
                    continue
                if any(
                    m.start <= start < m.end and m.type in (*PLACES, "Company", "Organization") for m in view.mentions
                ):
                    continue  # "its Germany unit", "the Toyota cars": places and other companies, not goods
                product = _mention_at(view, start, end, "Product")
                if product.name == owner.name or product.name in seen or launched_beside(view, end):
                    continue
                seen.add(product.name)
                made = claim(view, _company(owner), "develops", product, match.start(), confidence=0.7)
                yield plain(made)


#: Lower-case drug names by their international nonproprietary name's stem ("zanfertamab", "dovatinib",
#: "lanovaparin"): the word alone says it is a drug, so its owner's possessive is enough.
_DRUG_NAME = (
    r"(?-i:[a-z]{3,}(?:mab|nib|parib|ciclib|lisib|degib|previr|buvir|asvir|navir|ciclovir|glutide|enatide|paratide|"
    r"ercept|parin|xaban|gatran|sartan|prazole|setron|gliptin|gliflozin|platin|taxel|rubicin|mycin|cillin|cycline|"
    r"floxacin|conazole|olimus|zomib|lukast|siran|tecan|trozole|lutamide|vastatin|tinib))"
)
#: Nouns that say the name beside them is a product of its owner (one each; plurals are made from them).
_KIND_NOUNS = (
    "drug", "antibody", "inhibitor", "treatment", "therapy", "medicine", "vaccine", "candidate", "compound",
    "biosimilar", "blood-thinner", "painkiller", "app store", "app", "operating system", "platform", "chatbot",
    "model", "language model", "processor", "chip", "chipset", "game", "title", "software", "assistant",
    "delivery service", "streaming service", "payment service", "ride-hailing service", "messaging service",
    "music service", "video service", "cloud service",
)  # fmt: skip
#: Words that may describe a product between its owner and its noun ("its HER2 antibody", "its lung cancer
#: drug"), never a preposition, article or a word naming someone else's part in it ("its stake in the game").
_DESCRIBING = (
    r"(?:(?!(?:in|of|for|with|to|from|by|on|at|the|a|an|and|or|rival|rivals|partner|partners|stake|investment|"
    r"customer|customers|client|clients|licence|license|deal|rights)\b)[\w/+.-]+\s+)"
)
_NAMING = r"(?:,?\s+(?:called|named|dubbed|known\s+as)\s+|,\s+|\s+)"
_OWNER_WORD = r"(?:\b(?P<pronoun>(?i:its|their|whose|our))|(?P<owner_end>'s|\u2019s|(?<=s)'))\s+"


@cache
def _kind_nouns() -> str:
    return alternation(_plural(n) for n in sorted(_KIND_NOUNS, key=len, reverse=True))


@cache
def _owned_kinds() -> tuple[re.Pattern[str], ...]:
    """ "its HER2 antibody zanfertamab", "Kestrel's app store Skymart", "its large language model, dubbed Wenhai"
    (the owner, words describing the product, its noun and its name); "Ardell's relatumab" (a drug's name)."""
    return (
        re.compile(
            rf"{_OWNER_WORD}(?:(?:new|latest|flagship|experimental)\s+)?{_DESCRIBING}{{0,3}}?{_kind_nouns()}"
            rf"{_NAMING}(?P<list>{_NAME}|{_DRUG_NAME})(?![\w'-])(?!\s*,?\s+(?:and|or)\s)"
        ),
        re.compile(rf"{_OWNER_WORD}{_DESCRIBING}{{0,4}}?(?P<list>{_DRUG_NAME})\b"),
        # "one of its own titles, Iron Lotus": a name set after a plural noun of its owner's goods
        re.compile(
            rf"\bone\s+of\s+{_OWNER_WORD}(?:[a-z-]+\s+){{0,2}}?(?:{_kind_nouns()}|(?i:{_goods()})),\s+(?P<list>{_NAME})"
            r"(?=\s*,)"
        ),
        # "the company's Polar chips", "Ardell, whose Vela phones": the name, then the goods' noun
        re.compile(
            rf"{_OWNER_WORD}(?:(?:new|latest|flagship)\s+)?(?P<list>{_NAME})\s+(?:(?!(?:of|for|in|with|to|from|by|on|at|and|or|the|a|an)\b)[a-z-]+\s+){{0,2}}?"
            rf"(?i:{_goods()}|{_kind_nouns()})\b"
            r"(?!\s+(?:maker|makers|firm|company|unit|division|business|market|sales|shipments)\b)"
        ),
        # "its newest model, the T60 Mantis,", "Sonoview's handheld line, SonoPal,": a noun for one of its owner's
        # goods, then the name set after it by a comma
        re.compile(
            rf"{_OWNER_WORD}{_DESCRIBING}{{0,3}}?(?!(?i:website|site|store|shop|platform)\b)"
            rf"(?:{_kind_nouns()}|(?i:line|range|series|{_goods()})),\s+(?:the\s+)?"
            rf"(?P<list>{_NAME})(?=\s*[,;.)]|\s+(?:is|was|has|had|will|which|that|carries|costs|sells)\b)"
        ),
        # "PixelBeam, Lumira's adaptive LED headlamp,", "Jinqiao Go, the company's payment app for travellers": the
        # name first, then its owner's noun for it set after a comma
        re.compile(
            rf"(?<![\w'-])(?P<list>{_NAME}|{_DRUG_NAME}),\s+(?:the\s+[a-z]+|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){{0,3}})?"
            rf"{_OWNER_WORD}(?:(?:new|latest|flagship|own)\s+)?{_DESCRIBING}{{0,3}}?"
            # (not "AliExpress, Alibaba's cross-border marketplace": a platform may be a unit as much as goods)
            rf"(?!(?i:platforms?|marketplaces?|app\s+stores?|services?)\b)"
            rf"(?:{_kind_nouns()}|(?i:{_goods()}))(?=\s*[,;.)]|\s+(?:for|that|which|with|is|was|in|on)\b)"
        ),
    )


@cache
def _any_kind() -> re.Pattern[str]:
    """A product noun or a drug's name anywhere in a sentence: most sentences have neither."""
    return re.compile(rf"\b(?:{_kind_nouns()}|(?i:line|range|series|{_goods()}))\b|{_DRUG_NAME}\b")


def _names_goods(view: View) -> bool:
    """Whether the sentence holds a product noun or a drug's name (read once, by several patterns)."""
    return _any_kind().search(view.text) is not None


#: Nouns for a company whose possessive is its own without doubt: "the company's Polar chips", "the airline's app".
_OWNER_NOUNS = r"(?:company|group|firm|airline|carrier|studio|developer|publisher|bank|chain|retailer|carmaker|maker)"
_PLAIN_ANAPHOR = re.compile(rf"the\s+{_OWNER_NOUNS}\s*(?:'s|\u2019s)", re.IGNORECASE)


def _possessor(view: View, match: re.Match[str]) -> Mention | None:
    """Whose product: "its"/"their" -> the actor, "X, whose" -> X, "X's"/"the company's" -> X."""
    pronoun = match.group("pronoun")
    if pronoun and pronoun.lower() == "whose":
        before = view.text[: match.start()].rstrip()
        if not before.endswith(","):
            return None
        end = len(before) - 1
        return next((m for m in view.mentions if m.end == end and m.type in ("Company", UNTYPED)), None)
    if pronoun:
        return pronoun_owner(view, match.start("pronoun"), ORGANISATIONS)
    start, end = match.start("owner_end"), match.end("owner_end")
    for m in view.mentions:
        if m.type not in ("Company", UNTYPED):
            continue
        if m.end == start and m.origin != "anaphor":
            return m
        if m.end == end and m.origin == "anaphor" and _PLAIN_ANAPHOR.fullmatch(m.surface):
            return m
    return None


def _foreign(view: View, start: int, end: int) -> bool:
    """Whether the span is (part of) a place, a company or an organisation rather than a product."""
    return any(
        m.start < end and start < m.end and m.type in (*PLACES, "Company", "Organization", "Segment")
        for m in view.mentions
        if m.origin != "anaphor"
    )


#: A launch told right after the product: "its Nova 12 phones, launched last week", ", which went on sale in May".
@cache
def _launched_after() -> re.Pattern[str]:
    return re.compile(
        rf"(?:\s+(?:[a-z-]+\s+)?(?i:{_goods()}))?\s*,\s+(?:(?:which|that)\s+(?:was\s+|were\s+|has\s+been\s+|"
        r"have\s+been\s+)?)?(?:first\s+|officially\s+)?(?:launched|unveiled|released|introduced|debuted|rolled\s+out|"
        r"went\s+on\s+sale|hit\s+(?:the\s+)?(?:shelves|stores))\b(?!\s+by\b)"
    )


def launched_beside(view: View, end: int) -> bool:
    """Whether a launch of the product ending at ``end`` is told right after it (then it launches, no more)."""
    return _launched_after().match(view.text, end) is not None


def _launch_date(view: View, pos: int) -> tuple[tuple[str, str], ...]:
    """The date of the launch clause starting at ``pos``: the first period before its next comma or stop."""
    stop = min((i for i in (view.text.find(",", pos), view.text.find(";", pos)) if i >= 0), default=len(view.text))
    found = [p for p in view.periods if pos <= p.start < stop and p.role == "point"] if view.periods else []
    return (("date", found[0].value),) if found else ()


_LAUNCH_VERB_BEFORE = re.compile(
    r"\b(?:launch|launched|launches|unveiled|unveils|released|releases|introduced|introduces|debuted)\s+(?:\w+\s+)?$"
)


@triggered_by("its", "their", "whose", "our", "'s", "\u2019s", "'")
def owned_kinds(view: View) -> Iterator[Claim]:
    """A product named after its owner's possessive and a noun saying what it is, or a drug named after it: the
    owner develops it (launches it where a launch is told right after, or a launch verb leads the owner)."""
    if not view.cached(_names_goods):
        return
    seen: set[str] = set()
    named: list[tuple[int, int]] = []  # what the earlier patterns read, kept from the name-then-noun one
    for index, pattern in enumerate(_owned_kinds()):
        for match in pattern.finditer(view.text):
            start, end = match.start("list"), match.end("list")
            if index == 3 and any(s < match.end() and match.start() < e for s, e in named):
                continue  # "its HER2 antibody zanfertamab": HER2 describes the drug named after the noun
            if _foreign(view, start, end):
                continue  # "its main rival Ardell": a company, not a product
            owner = _possessor(view, match)
            if owner is None and match.group("pronoun") and match.start() == 0:
                owner = speaker(view, end)  # "Its Ravel marketplace ..., Orsa Group said"
            if owner is None or owner.type not in ("Company", UNTYPED):
                continue
            spans = (
                _listed(view, start, end)
                if view.text[start].isupper() or view.text[start].isdigit()
                else [(start, end)]
            )
            for first, last in spans[:1]:
                if index == 3 and " " not in view.text[first:last] and _demonym_or_acronym(view.text[first:last]):
                    continue  # "its Chinese phones", "its EV chips"
                product = _mention_at(view, first, last, "Product")
                if product.name == owner.name or product.name in seen or product.type != "Product":
                    continue
                seen.add(product.name)
                named.append((match.start(), match.end()))
                told = _launched_after().match(view.text, last)
                led = _LAUNCH_VERB_BEFORE.search(view.lower, max(0, match.start() - 30), match.start())
                if told is not None:
                    yield _told_launch(view, owner, product, match.start(), told.end(), 0.7)
                    continue
                relation = "launches" if led else "develops"
                yield plain(claim(view, _company(owner), relation, product, match.start(), confidence=0.7))


@cache
def _launched_told() -> re.Pattern[str]:
    """ "Its Nova 12 phones, launched last week", "Zhonghe Mobile's new Nova 12 phones, unveiled at a fair"."""
    return re.compile(
        rf"{_OWNER}(?:(?:new|latest|flagship)\s+)?(?P<name>{_NAME})(?=(?:\s+[a-z-]+)?\s+(?i:{_goods()})|,)"
    )


@triggered_by("launched", "unveiled", "released", "introduced", "debuted", "rolled", "went", "hit")
def launches_told_beside(view: View) -> Iterator[Claim]:
    """A company's product whose launch the words right after it tell: the company launches it."""
    for match in _launched_told().finditer(view.text):
        told = _launched_after().match(view.text, match.end("name"))
        if told is None or _foreign(view, match.start("name"), match.end("name")):
            continue
        owner = _owner(view, match)
        if owner is None and match.group("pronoun"):
            owner = speaker(view, told.end())  # "Its X tablets, unveiled on Tuesday, ..., Leiyu Digital said"
        if owner is None or owner.type not in ("Company", UNTYPED):
            continue
        product = _mention_at(view, match.start("name"), match.end("name"), "Product")
        if product.name == owner.name or product.type != "Product":
            continue
        yield _told_launch(view, owner, product, match.start(), told.end(), 0.75)


def _told_launch(view: View, owner: Mention, product: Mention, at: int, told_end: int, confidence: float) -> Claim:
    """The launch of ``product`` by ``owner`` that the words after the product tell, dated by them."""
    qualifiers = _launch_date(view, told_end)
    return claim(view, _company(owner), "launches", product, at, qualifiers=qualifiers, confidence=confidence)


_SAID_BY = re.compile(r",\s+(?:the\s+)?(?P<name>[^,.;]{2,60}?)\s+(?:said|says|announced|confirmed)\b")


def speaker(view: View, pos: int, *, named_only: bool = True) -> Mention | None:
    """The company that says the sentence after ``pos`` (", Leiyu Digital said"), the owner "its" stands for when
    the sentence names nobody before it; ``named_only=False`` takes "the company said" too."""
    said = _SAID_BY.search(view.text, pos)
    if said is None:
        return None
    return next(
        (
            m
            for m in view.mentions
            if said.start("name") <= m.start
            and m.end <= said.end("name")
            and m.type in ("Company", UNTYPED)
            and (m.origin != "anaphor" or not named_only)
        ),
        None,
    )


_MAKING = {
    "developing": "develops", "developed": "develops", "develops": "develops", "makes": "develops",
    "made": "develops", "making": "develops", "builds": "develops", "built": "develops", "building": "develops",
    "designed": "develops", "designs": "develops", "created": "develops", "discovered": "develops",
    "invented": "develops", "owns": "develops", "runs": "develops", "operates": "develops", "testing": "develops",
    "launched": "launches", "released": "launches", "unveiled": "launches", "introduced": "launches",
}  # fmt: skip


@cache
def _apposed_kind() -> re.Pattern[str]:
    """ "KRT-4410, an oral pain drug it is developing", "ZX-118, a vaccine candidate developed by Zhenxin"."""
    verbs = "|".join(sorted(_MAKING, key=len, reverse=True))
    return re.compile(
        rf"(?P<list>{_NAME}|{_DRUG_NAME}),\s+(?:a|an|the|one)\s+(?:(?:new|experimental)\s+)?{_DESCRIBING}{{0,4}}?"
        rf"(?:{_kind_nouns()}|{_goods()})(?:\s+candidate)?\s+(?:(?:that|which)\s+)?"
        rf"(?:(?P<who>it|they|the\s+company|the\s+group)\s+(?:is\s+|are\s+|was\s+|has\s+|had\s+|have\s+)?"
        rf"(?P<verb>{verbs})\b|(?:being\s+|been\s+)?(?P<passive>developed|made|built|designed|created|discovered|"
        rf"invented|owned|run|operated)\s+by\s+)"
    )


@triggered_by(*_MAKING, "owned", "run", "operated")
def apposed_kinds(view: View) -> Iterator[Claim]:
    """A product named, then described as what a company develops, owns or launched: "KRT-44, a drug it is
    developing", "ZX-118, a vaccine candidate developed by Zhenxin Biologics"."""
    for match in _apposed_kind().finditer(view.text):
        start, end = match.start("list"), match.end("list")
        if _foreign(view, start, end):
            continue
        if match.group("passive"):
            maker = view.at(match.end(), ("Company", UNTYPED)) or view.named_after(
                match.end(), ("Company", UNTYPED), words=3
            )
            relation = "develops"
        else:
            maker = next(
                (m for m in view.mentions if m.start == match.start("who") and m.type in ("Company", UNTYPED)), None
            )
            relation = _MAKING[match.group("verb").lower()]
        if maker is None or maker.type not in ("Company", UNTYPED):
            continue
        product = _mention_at(view, start, end, "Product")
        if product.name == maker.name or product.type != "Product":
            continue
        if relation == "launches":
            dated = _launch_date(view, match.start("verb"))
            yield claim(view, _company(maker), relation, product, match.start(), qualifiers=dated, confidence=0.7)
        else:
            yield plain(claim(view, _company(maker), relation, product, match.start(), confidence=0.7))


@cache
def _apposed_from() -> re.Pattern[str]:
    """ "Skyline, a newer title from the same studio", "Velor, an electric scooter from Kaimo Mobility"."""
    return re.compile(
        rf"(?P<list>{_NAME}),\s+(?:a|an|the|another|one)\s+{_DESCRIBING}{{0,3}}?(?:{_kind_nouns()}|{_goods()})\s+from\s+"
        r"(?:(?P<same>the\s+same\s+(?:studio|developer|company|maker|publisher|group|firm|carmaker))\b|(?=[A-Z]))"
    )


@triggered_by("from")
def apposed_from(view: View) -> Iterator[Claim]:
    """A product described as goods "from" a company (or "from the same studio", the one the story is about):
    the company develops it."""
    if not view.cached(_names_goods):
        return
    for match in _apposed_from().finditer(view.text):
        start, end = match.start("list"), match.end("list")
        if _foreign(view, start, end) or _DEBUTS_AFTER.match(view.text, match.end()):
            continue  # "Velor, a scooter from Kaimo, went on sale in Rome": its launch, read by the launch patterns
        if match.group("same"):
            maker = _focus_company(view)
        else:
            maker = view.at(match.end(), ("Company", UNTYPED)) or view.named_after(
                match.end(), ("Company", UNTYPED), words=3
            )
            if maker is not None and _POSSESSIVE_AFTER.match(view.text, maker.end):
                continue  # "a game from Apple's store": the name owns what follows
        if maker is None or maker.type not in ("Company", UNTYPED):
            continue
        product = _mention_at(view, start, end, "Product")
        if product.type == "Product" and product.name != maker.name:
            yield plain(claim(view, _company(maker), "develops", product, match.start(), confidence=0.7))


@cache
def _goods_phrases() -> tuple[re.Pattern[str], ...]:
    """ "the Ernbot chatbot from Valo Tech"; "Mira, Valo Tech's best-known game,"; "Valo Tech's flagship Ernbot";
    "Valo Tech's best-selling product is the Orin X1": a product the phrase gives a company without a verb."""
    goods = rf"(?:{_kind_nouns()}|(?i:{_goods()}))"
    return (
        re.compile(rf"\b[Tt]he\s+(?P<list>{_NAME})\s+(?:[a-z-]+\s+){{0,2}}?{goods}\s+from\s+(?=[A-Z])"),
        re.compile(
            rf"(?P<list>{_NAME}),\s+(?:(?P<pronoun>its|their)|(?:(?:[A-Z][\w&.-]*\s+){{0,3}}[A-Z][\w&.-]*|"
            rf"the\s+{_OWNER_NOUNS})(?P<owner_end>'s|\u2019s|(?<=s)'))\s+(?:[\w-]+\s+){{0,3}}?"
            rf"(?!(?:platform|marketplace|site|website|service)s?\b){goods}\s*[,.;]"
        ),
        re.compile(
            rf"{_OWNER_WORD}(?:flagship|best-selling|bestselling|best-known|most\s+popular|top-selling|signature)\s+"
            rf"(?P<list>{_NAME})\b(?!\s+(?:stores?|shops?|offices?|plants?|factory|factories|brand|unit|arm|outlet))"
        ),
        re.compile(
            rf"{_OWNER_WORD}(?:[\w-]+\s+){{0,2}}?(?:product|{goods})\s+(?:is|was|remains|remained)\s+"
            rf"(?:still\s+)?(?:the\s+)?(?P<list>{_NAME})"
        ),
    )


_APPOSED_OWNER = re.compile(r",\s+(?:its|their|the\s+[a-z]+(?:'s|\u2019s)|[A-Z][^,;]{0,40}?(?:'s?|\u2019s))\s")
_PRAISE = re.compile(r"flagship|best-selling|bestselling|best-known|most popular|top-selling|signature")
_FROM_NAME = re.compile(r"\sfrom\s+[A-Z]")
_OWNER_IS_NAME = re.compile(
    r"(?:\b(?:its|their)|'s?)\s+(?:[\w-]+\s+){0,3}?(?:is|was|remains|remained)\s+(?:still\s+)?(?:the\s+)?[A-Z0-9]"
)


@triggered_by("from", "its", "their", "our", "'s", "\u2019s", "'")
def goods_phrases(view: View) -> Iterator[Claim]:
    """A product a phrase gives its maker: after "from", in an apposition with the owner's possessive, after
    "flagship" or "best-selling", or as what the owner's product "is" (see :func:`_goods_phrases`)."""
    goods = view.cached(_names_goods)
    # each shape's own words, looked for before its pattern runs (most sentences hold none of them)
    wanted = (
        goods and _FROM_NAME.search(view.text) is not None,
        goods and _APPOSED_OWNER.search(view.text) is not None,
        _PRAISE.search(view.lower) is not None,
        goods and _OWNER_IS_NAME.search(view.text) is not None,
    )
    seen: set[str] = set()
    for index, pattern in enumerate(_goods_phrases()):
        if not wanted[index]:
            continue
        for match in pattern.finditer(view.text):
            start, end = match.start("list"), match.end("list")
            if view.text.startswith("The ", start):
                start += 4  # "The X50 Ultra, Valo Tech's newest robot vacuum, ...": the article opens the sentence
            if start >= end or _foreign(view, start, end):
                continue
            if index == 0:
                maker = view.at(match.end(), ("Company", UNTYPED))
                if maker is not None and _POSSESSIVE_AFTER.match(view.text, maker.end):
                    continue  # "the X app from Apple's store": the name owns what follows
            else:
                maker = _possessor(view, match)
            if maker is None or maker.type not in ("Company", UNTYPED):
                continue
            product = _mention_at(view, start, end, "Product")
            if product.type != "Product" or product.name == maker.name or product.name in seen:
                continue
            seen.add(product.name)
            yield plain(claim(view, _company(maker), "develops", product, match.start(), confidence=0.65))


@cache
def _apposed_release() -> re.Pattern[str]:
    """ "Call of Dragons, a second strategy game launched in March 2023,", "R2, its model released in May"."""
    return re.compile(
        rf"(?P<list>{_NAME}),\s+(?:(?P<pronoun>its|their)|a|an|the)\s+(?:[\w-]+\s+){{0,4}}?"
        # "Pocket Wardens, an idle RPG released in ...": any noun of a title's kind before the release
        rf"(?:{_kind_nouns()}|(?i:{_goods()})|[A-Z]{{2,5}}s?)\s+(?:first\s+)?(?P<verb>{_RELEASED})\b(?!\s+by\b)"
    )


@triggered_by("released", "launched", "unveiled", "introduced", "debuted", "rolled")
def apposed_releases(view: View) -> Iterator[Claim]:
    """A product whose apposition tells its release: its owner ("its"), else the story's company, launches it,
    dated by the release's own words."""
    for match in _apposed_release().finditer(view.text):
        start, end = match.start("list"), match.end("list")
        if view.text.startswith("The ", start):
            start += 4
        if start >= end or _foreign(view, start, end):
            continue
        maker = actor(view, match.start(), ORGANISATIONS) if match.group("pronoun") else _focus_company(view)
        if maker is None or maker.type not in ("Company", UNTYPED):
            continue
        product = _mention_at(view, start, end, "Product")
        if product.type != "Product" or product.name == maker.name:
            continue
        dated = _launch_date(view, match.start("verb"))
        yield claim(view, _company(maker), "launches", product, match.start("verb"), qualifiers=dated, confidence=0.65)


_DEBUTS_AFTER = re.compile(
    r"[^,.;]{0,80},\s+(?:first\s+|officially\s+)?(?:debuted|debuts|went\s+on\s+sale|goes\s+on\s+sale|"
    r"hit\s+(?:the\s+)?(?:shelves|stores)|made\s+its\s+debut|(?:was|were|has\s+been)\s+(?:launched|released|"
    r"unveiled|rolled\s+out))\b"
)
_POSSESSIVE_AFTER = re.compile(r"'s?\b|\u2019s\b")
_MAKER_NOUNS = r"(?:developer|maker|creator|publisher|studio|designer|manufacturer)"


@cache
def _makers_apposed() -> tuple[re.Pattern[str], ...]:
    """ "the game's developer, Qingmu Studio" and "The maker of the hit title Moonfall Tactics, Lanxi Games,"."""
    return (
        re.compile(
            r"\bthe\s+(?:game|app|title|drug|film|show|model|phone|car|product|platform|chatbot|software|device)"
            rf"(?:'s|\u2019s)\s+(?:[a-z-]+\s+)?{_MAKER_NOUNS},\s+"
        ),
        re.compile(
            rf"\b(?:The|the)\s+(?:[a-z-]+\s+){{0,2}}?{_MAKER_NOUNS}\s+(?:of|behind)\s+(?:the\s+)?(?:[a-z-]+\s+){{0,3}}?"
            rf"(?P<list>{_NAME}),\s+"
        ),
    )


@triggered_by("developer", "maker", "creator", "publisher", "studio", "designer", "manufacturer")
def makers_apposed(view: View) -> Iterator[Claim]:
    """A company set after the product's maker noun ("the game's developer, X"; "the maker of Y, X") develops it."""
    mentioned, named = _makers_apposed()
    for pattern in (mentioned, named):
        for match in pattern.finditer(view.text):
            maker = view.at(match.end(), ("Company", UNTYPED))
            if maker is None or maker.origin == "anaphor":
                continue
            if pattern is named:
                start, end = match.start("list"), match.end("list")
                if _foreign(view, start, end):
                    continue
                product = _mention_at(view, start, end, "Product")
            else:
                # the product the noun points back to: the last name before it in the sentence that is no company
                found = next(
                    (
                        m
                        for m in reversed(view.mentions)
                        if m.end <= match.start() and m.origin not in ("anaphor", "city")
                    ),
                    None,
                )
                if found is None or found.type not in PRODUCT_TYPES:
                    continue
                product = found.typed("Product") if found.type != "Product" else found
            if product.type == "Product" and product.name != maker.name:
                yield plain(claim(view, _company(maker), "develops", product, match.start(), confidence=0.7))


PRODUCT_TYPES = ("Product", UNTYPED)
_SERIES_NOUNS = r"(?:generation|family|line|line-up|lineup|range)"
_SERIES_OF = re.compile(rf"\b{_SERIES_NOUNS}\s+of\s")


@cache
def _generations() -> tuple[re.Pattern[str], ...]:
    """ "the Aurora Line, Velden Motors' next generation of electric vans" and "Kroll's Terra generation of SUVs"."""
    return (
        re.compile(
            rf"(?P<list>{_NAME}),\s+(?:(?P<pronoun>(?i:its|their))|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*"
            rf"(?P<owner_end>'s|\u2019s|(?<=s)'))\s+(?:[a-z-]+\s+){{0,3}}?{_SERIES_NOUNS}\s+of\s+"
        ),
        re.compile(rf"{_OWNER}(?:(?:new|next|latest)\s+)?(?P<list>{_NAME})\s+{_SERIES_NOUNS}\s+of\s+"),
    )


@triggered_by("generation", "family", "line", "line-up", "lineup", "range")
def generations(view: View) -> Iterator[Claim]:
    """A named generation or family of goods that is a company's: the company develops it."""
    if not _SERIES_OF.search(view.text):
        return
    for pattern in _generations():
        for match in pattern.finditer(view.text):
            start, end = match.start("list"), match.end("list")
            if _foreign(view, start, end):
                continue
            owner = (
                actor(view, match.start("pronoun"), ORGANISATIONS)
                if match.group("pronoun")
                else next(
                    (
                        m
                        for m in view.mentions
                        if m.end == match.start("owner_end")
                        and m.type in ("Company", UNTYPED)
                        and m.origin != "anaphor"
                    ),
                    None,
                )
            )
            if owner is None or owner.type not in ("Company", UNTYPED):
                continue
            product = _mention_at(view, start, end, "Product")
            if product.type == "Product" and product.name != owner.name:
                yield plain(claim(view, _company(owner), "develops", product, match.start(), confidence=0.7))


#: "its own brands, Campfold and Lumilo", "the company's two brands, Ridgewave and Drift&Co", "Tianhe's labels:
#: A and B": the brands named after the owner's noun for them.
_BRANDS_NAMED = re.compile(
    rf"{_OWNER}(?:own\s+)?(?:(?:two|three|four|five|several|main|core|key|other|premium|budget)\s+)?"
    r"(?:sub-?)?(?:brands|labels|marques)\s*(?:,|:)\s+"
)


@triggered_by("brands", "labels", "marques")
def brands_named(view: View) -> Iterator[Claim]:
    """The brands a company's noun for them names: "The rest comes from its own brands, Campfold (tents) and
    Lumilo (lanterns)" (whatever verb the clause has, or none)."""
    for match in _BRANDS_NAMED.finditer(view.text):
        owner = _owner(view, match)
        if owner is None or owner.type not in ("Company", UNTYPED):
            continue
        for brand in _named_in_list(view, match.end()):
            if brand.name != owner.name:
                made = claim(view, _company(owner), "hasBrand", brand.typed("Brand"), match.start(), confidence=0.7)
                yield plain(made)


#: Between two names of a list, with what each is in brackets: "Campfold (tents) and Lumilo".
_LIST_GAP = re.compile(r"\s*(?:\([^()]{1,60}\)\s*)?(?:,\s*(?:and\s+)?|\s+and\s+)")


def _named_in_list(view: View, pos: int) -> list[Mention]:
    """The names listed from ``pos``, each perhaps followed by a bracketed word on what it is."""
    out: list[Mention] = []
    for m in view.mentions:
        if m.start < pos or m.origin == "anaphor":
            continue
        if m.start != pos or m.type not in ("Brand", "Product", UNTYPED):
            break
        out.append(m)
        gap = _LIST_GAP.match(view.text, m.end)
        if gap is None:
            break
        pos = gap.end()
    return out


#: Nouns of places a company owns and runs as its own undertaking: the noun is part of the name ("the Rio Claro
#: project", "an Atlantis resort").
SITE_NOUNS = r"(?:project|mine|resort|deposit|concession|oilfield|gas\s+field)"


@cache
def _sites() -> tuple[re.Pattern[str], ...]:
    """ "the Pico Alto mine, owned by X", "X owns the Puerto Sol resort", "X's Rio Claro project"."""
    site = rf"(?P<list>{_NAME}\s+{SITE_NOUNS})\b"
    return (
        re.compile(
            rf"\b(?:the|an?)\s+{site},?\s+(?:which\s+is\s+)?(?:(?:wholly|fully)\s+)?(?:owned|run|operated|"
            rf"developed)\s+by\s+"
        ),
        re.compile(
            rf"\b(?:owns|owned|operates|operated|runs|ran|is\s+developing|is\s+building|developed|built)\s+"
            rf"(?:the|an?)\s+{site}"
        ),
        re.compile(rf"{_OWNER}{site}"),
    )


@triggered_by("project", "mine", "resort", "deposit", "concession", "oilfield", "field")
def sites(view: View) -> Iterator[Claim]:
    """A project, mine or resort a company owns, runs or develops: it develops the site, named with its noun."""
    owned_by, owns, possessed = _sites()
    for pattern in (owned_by, owns, possessed):
        for match in pattern.finditer(view.text):
            start, end = match.start("list"), match.end("list")
            if any(m.start <= start < m.end and m.type in (*PLACES, "Company", "Organization") for m in view.mentions):
                continue
            if pattern is owned_by:
                owner = view.at(match.end(), ("Company", UNTYPED)) or view.named_after(
                    match.end(), ("Company", UNTYPED), words=3
                )
            elif pattern is owns:
                owner = actor(view, match.start(), ORGANISATIONS)
            else:
                owner = _owner(view, match)
            if owner is None or owner.type not in ("Company", UNTYPED):
                continue
            product = _mention_at(view, start, end, "Product")
            if product.type == "Product" and product.name != owner.name:
                yield plain(claim(view, _company(owner), "develops", product, match.start(), confidence=0.7))


#: Nouns for one model of goods, a vehicle or a device ("the K7 city car", "the Vela 5, a compact SUV").
_ONE_MODEL_NOUNS = (
    "car", "suv", "sedan", "hatchback", "crossover", "pickup", "truck", "van", "coupe", "wagon", "minivan", "bus",
    "phone", "smartphone", "handset", "foldable", "scooter", "e-bike", "motorcycle", "drone", "camera", "tablet",
    "laptop", "smartwatch", "robot vacuum", "earbuds", "tractor", "excavator",
)  # fmt: skip
#: Words that set the goods beside another maker's: then the story's company need not be the maker.
_OTHERS_GOODS = re.compile(
    r"\b(?:rivals?|competitors?|compet\w*|against|than|beat\w*|overt\w*|ahead|behind|versus|vs|like|such\s+as|"
    r"imports?|imported|stocks?|resells?|sells?\s+other)\b",
    re.IGNORECASE,
)


@cache
def _focus_models() -> tuple[re.Pattern[str], ...]:
    nouns = alternation(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(_ONE_MODEL_NOUNS, key=len, reverse=True))
    code = r"(?=[^,;]*?\d|\S+\s+[A-Z])"  # a model number, or a name of two capitalised words at least
    return (
        # "The K7 city car, priced from ...", "the Rano RX compact SUV and the Rano 4 hatchback"
        re.compile(rf"\b(?:[Tt]he|[Aa]n?)\s+{code}(?P<list>{_NAME})\s+(?:[a-z-]+\s+){{0,2}}?(?i:{nouns})\b(?!-)"),
        # "Sales of the Vela 5, a small SUV, rose in March"
        re.compile(
            rf"\b(?:[Tt]he|[Aa]n?)\s+{code}(?P<list>{_NAME}),\s+(?:a|an|the|its)\s+(?:[a-z-]+\s+){{0,3}}?"
            rf"(?i:{nouns})\b(?!-)"
        ),
    )


_UNDER_THE = re.compile(r"\bunder\s+(?:the|its)\s+$")


@triggered_by(*(n.split()[-1] for n in _ONE_MODEL_NOUNS), "suvs")
def focus_models(view: View) -> Iterator[Claim]:
    """A model named with a noun for one vehicle or device in a story about its maker, and no other company in the
    sentence: "Velden Motors ... The K7 city car, priced from 15,000 euros, ..." (the company in focus develops it)."""
    maker = _focus_company(view)
    if maker is None or _OTHERS_GOODS.search(view.text):
        return
    if any(
        m.type in ("Company", "Organization", "Brand")
        and m.origin != "anaphor"
        and m.name != maker.name
        and not (m.type == "Brand" and _UNDER_THE.search(view.text, max(0, m.start - 12), m.start))
        for m in view.mentions
    ):
        return  # another company or brand named beside the model may be its maker (not the brand it is sold under)
    for pattern in _focus_models():
        for match in pattern.finditer(view.text):
            start, end = match.start("list"), match.end("list")
            if _foreign(view, start, end) or _LAUNCH_VERB_BEFORE.search(view.lower, max(0, start - 40), start):
                continue  # a launch verb before the name: the launch patterns read it
            if " " not in view.text[start:end] and _demonym_or_acronym(view.text[start:end]):
                continue
            product = _mention_at(view, start, end, "Product")
            if product.type == "Product" and product.name != maker.name:
                yield plain(claim(view, maker, "develops", product, match.start(), confidence=0.65))


@cache
def _released_subject() -> re.Pattern[str]:
    """ "The Sora 3, a wireless headphone ..., was released in May 2025", "the Vista 8 lens, released in February",
    "The English version of Star Harbor, which launched on 4 June": a product the sentence says came out."""
    code = r"(?=[^,;]*?\d|\S+\s+[A-Z])"  # a model number, or a name of two capitalised words at least
    return re.compile(
        rf"\b(?:[Tt]he|(?P<its>[Ii]ts))\s+(?:(?P<version>(?:[A-Z][a-z]+|[a-z]+-language|local|new)\s+version)\s+of\s+)?"
        # the name: one with a model number or of two capitalised words, any name after "its", or one before a noun
        # for goods ("The Cloudrest mattress")
        rf"(?:(?:new|latest|flagship)\s+)?(?:(?P<coded>(?:[a-z][a-z-]+\s+){{0,3}}?{code}|(?<=[Ii]ts\s))(?P<name>{_NAME})|"
        rf"(?P<noun_named>{_NAME})(?=\s+"
        rf"(?:[a-z-]+\s+)?(?:{_kind_nouns()}|(?i:{_goods()}))\b))"
        r"(?:\s+[a-z][a-z-]*){0,2}?"  # what it is: "lens", "smart meter", "coated glass"
        # told in an apposition or relative clause, or as the verb of the clause the product opens
        r"(?:\s*,\s+(?:which\s+(?:was\s+|were\s+|has\s+been\s+|(?:we|it|they)\s+(?:have\s+|had\s+)?)?)?"
        r"(?:first\s+|officially\s+)?(?P<told>"
        rf"{_RELEASED}|went\s+on\s+sale|went\s+live)|(?:\s*,\s+[^,;.]{{3,90}},)?\s+(?:was|were|has\s+been|had\s+been)\s+"
        rf"(?:first\s+|officially\s+)?(?P<passive>{_RELEASED})|\s+(?P<went>went\s+live|debuted))"
        r"\b(?!\s+by\b)"
    )


@triggered_by("released", "launched", "unveiled", "introduced", "debuted", "rolled", "went on sale", "went live")
def released_subjects(view: View) -> Iterator[Claim]:
    """A product the sentence says was released, in a story about its maker and with no other company beside it:
    the company in focus ("its": the company it stands for) launches it, dated by the release's words."""
    if _OTHERS_GOODS.search(view.text):
        return
    for match in _released_subject().finditer(view.text):
        name = "name" if match.group("coded") is not None else "noun_named"
        start, end = match.start(name), match.end(name)
        if _foreign(view, start, end) or (
            " " not in view.text[start:end] and _demonym_or_acronym(view.text[start:end])
        ):
            continue
        if match.group("its"):
            maker = pronoun_owner(view, match.start("its"), ORGANISATIONS)
            if maker is not None and maker.type == UNTYPED:
                maker = _focus_company(view)  # "HUDs remained ... Its Halo AR-HUD": a name of no known type
        else:
            # the story's own company, however long ago named, when no other company stands in the sentence
            maker = _focus_company(view) or _main_company(view)
        if maker is None or maker.type != "Company" or _others_named(view, maker):
            continue
        trim = _TRIM_WORD.match(view.text, end)
        product = _mention_at(view, start, trim.end() if trim else end, "Product")
        if product.type != "Product" or product.name == maker.name:
            continue
        verb = next(match.start(g) for g in ("told", "passive", "went") if match.group(g) is not None)
        qualifiers = _launch_date(view, verb)
        yield claim(view, _company(maker), "launches", product, verb, qualifiers=qualifiers, confidence=0.65)


def _main_company(view: View) -> Mention | None:
    """The story's own company as a stand-in mention, when it is a company."""
    main = view.main
    if main is None or main.type != "Company":
        return None
    return Mention(0, 0, main.name, "Company", main.surface, "anaphor", 0.6 * main.confidence)


#: A trim word written in lower case that is part of a model's name ("the A1 mini", "the YUKA mini").
_TRIM_WORD = re.compile(r"\s+(?:mini|lite|pro|max|plus|ultra)\b")


def _others_named(view: View, maker: Mention) -> bool:
    """Whether the sentence names a company, organisation or brand other than ``maker``."""
    return any(
        m.type in ("Company", "Organization", "Brand") and m.origin != "anaphor" and m.name != maker.name
        for m in view.mentions
    )


@triggered_by("'", "\u2019")
def possessed_products(view: View) -> Iterator[Claim]:
    """ "Sony's PlayStation 5", "Epic Games' Unreal Engine 5": a name whose own shape says it is a product, after a
    company's possessive, is that company's."""
    for owner in view.mentions:
        gap = POSSESSIVE.match(view.text, owner.end)
        if gap is None or owner.origin == "anaphor" or owner.type not in ("Company", UNTYPED):
            continue
        product = next((m for m in view.mentions if m.start == gap.end()), None)
        if product is None or product.type != "Product" or product.origin == "anaphor" or product.name == owner.name:
            continue
        made = claim(view, _company(owner), "develops", product, owner.start, confidence=0.6)
        yield plain(made)


@cache
def _known_for() -> re.Pattern[str]:
    return re.compile(
        rf"\b(?:best|well|widely|mostly|chiefly)\s+known\s+(?:abroad\s+|overseas\s+)?for\s+(?:the\s+|its\s+)?"
        rf"(?P<list>{_NAME})(?=\s*[,.;)]|\s+(?:and|in|outside|abroad|overseas)\b)"
    )


@triggered_by("known for", "known abroad for", "known overseas for")
def known_for(view: View) -> Iterator[Claim]:
    """ "Creality, best known for the Ender-3, ...": what a company is best known for, a name, is its product."""
    for match in _known_for().finditer(view.text):
        owner = actor(view, match.start(), ("Company",))
        product = next((m for m in view.mentions if m.start == match.start("list")), None)
        if product is None:
            product = _mention_at(view, match.start("list"), match.end("list"), "Product")
        if owner is None or product.type not in ("Product", UNTYPED) or product.name == owner.name:
            continue
        made = claim(view, _company(owner), "develops", product.typed("Product"), match.start(), confidence=0.65)
        yield plain(made)


#: "its Kimi app, which it launched in October 2023": a release told in a relative clause after the product.
_WHICH_IT_RELEASED = re.compile(
    rf",\s+which\s+(?:it|they|the\s+(?:company|group|firm|studio|start-up|startup))\s+(?:first\s+)?(?:{_RELEASED})\b"
)


_GOODS_NOUN_GAP = re.compile(r"(?:\s+[a-z][\w-]*){0,2}")


@triggered_by(", which it", ", which they", ", which the")
def released_in_relative(view: View) -> Iterator[Claim]:
    """ "its Kimi app, which it launched in October 2023": the company the pronoun stands for launched it."""
    for match in _WHICH_IT_RELEASED.finditer(view.text):
        product = next((m for m in reversed(view.mentions) if m.end <= match.start() and m.origin != "anaphor"), None)
        maker = next(
            (m for m in view.mentions if match.start() < m.start < match.end() and m.origin == "anaphor"), None
        ) or _focus_company(view)
        if product is None or maker is None or product.type not in ("Product", UNTYPED) or maker.type != "Company":
            continue
        if not _GOODS_NOUN_GAP.fullmatch(view.text, product.end, match.start()):
            continue  # the relative clause hangs on the name right before it ("its Kimi app, which ...")
        made = claim(
            view,
            maker,
            "launches",
            product.typed("Product") if product.type == UNTYPED else product,
            match.start(),
            qualifiers=dated(view, "date"),
            confidence=0.7,
        )
        # the relative clause tells a done launch, whatever the main clause does with the product
        yield plain(made)


PATTERNS = (
    own_name_launched,
    released_in_relative,
    possessed_products,
    known_for,
    maker_of,
    group_behind,
    model_lists,
    brand_goods,
    brand_named_after,
    dated_releases,
    counted_goods,
    single_models,
    owned_kinds,
    launches_told_beside,
    apposed_kinds,
    apposed_from,
    goods_phrases,
    apposed_releases,
    makers_apposed,
    generations,
    brands_named,
    sites,
    focus_models,
    released_subjects,
)
