"""Segments: competesIn.

- "In the field of X, <Company> ...", "Starting from X, <Company> ...";
- "<Company> ... its entry into the X track", "competes in the X market";
- "<Company> began with X", "specialises in X", "dominates the field of X";
- "<Company>, a maker of X and Y".

The segment is the phrase as written, without articles, qualifiers ("new",
"global") and the head noun that announced it ("track", "market").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from kg.extract.inflection import known_word, lemmas, only_adjective, only_verb, uncounted_noun
from kg.extract.lexicon import cue, data, lower_regex, word_set
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.phrases import (
    GOODS_PHRASE_END,
    MARKET_LED_BY,
    ROLE_NOUNS,
    clause_end,
    drop_leading,
    drop_trailing,
    split_list,
)
from kg.extract.relations.claims import claim, plain, triggered_by
from kg.extract.relations.presence import actor
from kg.extract.view import PLACES, Claim, View

COMPETITORS = ("Company", "Brand", "Product", UNTYPED)
_LOWER = re.compile(r"[a-z]")
_CAMEL = re.compile(r"[a-z][A-Z]")
_VERBISH = re.compile(
    r"\s(?:(?:based|headquartered|founded|said|says|has|have|had|is|are|was|were|will|plans|that|whose|"
    r"with|for|to|from|and\s+(?:is|has|now|then|later|also)|"
    # "the Shenzhen-based maker of crop-spraying drones earns close to half": the clause's own verb
    r"earns|earned|sells|sold|runs|ran|employs|employed|operates|exports|exported|ships|shipped|owns|holds|held|"
    r"posted|reported|opened|expects|expected|generates|generated|rose|fell|grew|wants|aims|hopes|became|becomes|"
    r"remains|remained|controls|supplies|supplied|builds|built|launched|launches|entered|enters)\b|"
    r"in\s+(?:the\s+)?(?:[A-Z]|\d))"
    # "the largest maker of e-bikes by volume": a measure, not part of the goods
    r"|\sby\s+(?:volume|value|sales|revenue|capacity|shipments|output|units|deliveries|market\s+share)\b"
    # ", pushing Ferrant into third": a participle after a comma starts a clause of its own
    r"|,\s+[a-z]+(?:ing|ed)\s"
    # "the maker of network routers fell 4%": a verb of a figure ends the goods
    r"|\s(?:rose|fell|grew|climbed|jumped|slumped|dropped|surged|soared|slipped|gained|declined|increased|decreased|"
    r"doubled|halved|totalled|totaled|reached|stood|was|were)\b"
    rf"|{GOODS_PHRASE_END}"
)
_FIGURE_VERBS = frozenset(
    "rose fell grew climbed jumped slumped dropped surged soared slipped gained declined increased decreased doubled "
    "halved totalled totaled reached stood boom booms boomed surge surges soar soars rise rises grow grows fall falls "
    "jump jumps climb climbs slump slumps".split()
)


def segment(view: View, start: int, end: int, confidence: float = 0.75) -> Mention | None:
    """A segment phrase cleaned of articles, qualifiers and head words ("the X track" -> "X")."""
    heads = word_set("segments", "heads")
    start, end = drop_leading(view.text, start, end, word_set("segments", "leading_qualifiers"))
    start = _after_place_owner(view, start, end)
    start, end = drop_leading(view.text, start, end, word_set("segments", "leading_qualifiers"))
    start, headed = drop_trailing(view.text, start, end, heads)
    name = view.text[start:headed].strip(" ,.'\"")
    words = name.split()
    acronym = headed < end and bool(words) and all(w.isupper() and 2 <= len(w) <= 5 for w in words)  # "the PC market"
    if not words or len(words) > 6 or not (_LOWER.search(name) or acronym) or _names_place(view, start, headed):
        return None
    if headed < end and not any(w[0].isupper() and not w.isupper() for w in words):
        # "the drone camera market": the words before the head name the goods, in the plural
        found = modifier_segment(words)
        if found is None:
            return None
        name, words, end = found, found.split(), headed
    end = headed
    if len(words) == 1 and name.lower() in heads:
        return None
    if words[0].lower() in _DETERMINERS or words[-1].lower() in _NOT_SEGMENT_HEADS:
        return None  # "apps for each region", "services for local customers": whom or where, not what
    if words[0].lower() in _PREPOSITIONS or words[-1].lower() in _PREPOSITIONS:
        return None  # "sold in Egypt through local retailer B.Tech": a preposition is no part of a segment
    if len(words) == 1 and name.lower() in word_set("names", "subject_verbs"):
        return None  # "the maker of Genshin Impact, runs an office": the verb after an apposition, no goods
    if any(w[0].isupper() and not w.isupper() and not _CAMEL.search(w) and not _ACRONYMS.fullmatch(w) for w in words):
        return None
    return Mention(start, end, name, "Segment", name, "cue", confidence)


_ACRONYMS = re.compile(r"[A-Z]{2,5}s")


_PREPOSITIONS = frozenset("through via with from into onto to by at in on of for across".split())
_DETERMINERS = frozenset("each every all any some this that these those both other many most several".split())
_NOT_SEGMENT_HEADS = (
    frozenset(
        "region regions country countries market markets city cities customers users people everyone consumers".split()
    )
    | ROLE_NOUNS
)


#: What "own" before it leaves no line of business in: "its own brands", "own products".
_OWNED_GENERICS = frozenset(("brands", "brand", "products", "goods", "labels", "lines", "business", "designs"))
#: A word that cannot end a segment phrase: a verb the phrase ran into ("its strategy game has earned").
_ENDING_VERB = frozenset("has have had is are was were will would can could may might must should does did".split())
_MEASURE = re.compile(r"[$€£¥]|\d\s*(?:%|percent\b)|\b(?:billion|million|trillion|bn)\b", re.IGNORECASE)


def modifier_segment(words: list[str], head: str = "") -> str | None:
    """The segment a noun used as a modifier names, as a plural noun phrase: "collectible toy" (maker) ->
    "collectible toys", "heat-pump" (market) -> "heat pumps", "battery" -> "batteries"; a mass noun stays
    ("dairy", "sportswear", "cloud computing"). None when the last word is an adjective ("outdoor" brand,
    "national postal" service): it names no line of business. Before a brand's or a unit's noun (``head``)
    any word the dictionary knows only as an adjective says which one it is ("its upmarket brand", "an
    indirect subsidiary"); before a maker's it may name the trade ("a nuclear operator", "a vascular specialist").
    """
    if not words:
        return None
    last = words[-1]
    lowered = last.lower()
    noun = lowered.rpartition("-")[2]  # "pickled-fish": the noun is the last part
    if lowered in _ADJECTIVES or (
        _ADJECTIVE_ENDING.search(noun) and noun not in word_set("segments", "noun_exceptions")
    ):
        return None
    if head.lower().rstrip("s") in HOLDING_HEADS and only_adjective(noun):
        return None
    if (
        noun.endswith("ed") and noun not in _NOUNS_IN_ED and not noun.endswith(("feed", "seed"))
    ) or noun in _PARTICIPLES:
        return None  # "the combined operator", "pushed brands such as X": a participle, no goods
    if "-" in last and not last.isupper():
        first, _, rest = last.rpartition("-")
        if rest.lower() in _PARTICLES:
            return " ".join(words)  # "make-up", "start-up": a phrasal noun, whole and as written
        # "electric-car" -> "electric car"; "e-bike", "two-wheeler", "ride-hailing" and lexicon words keep their hyphen
        if (
            len(first.split("-")[0]) > 2
            and first.lower() not in word_set("segments", "hyphen_prefixes")
            and lowered not in _lexicon_words()
        ):
            words = [*words[:-1], first.replace("-", " ") if first.isalpha() else first, rest]
            last = rest
    return " ".join([*words[:-1], plural(last)])


#: The adverb closing a phrasal noun ("make-up", "start-up", "pick-up", "roll-out").
_PARTICLES = frozenset(("up", "ups", "out", "outs", "down", "off", "offs", "on", "ons", "in", "ins"))


def plural(word: str) -> str:
    """A count noun in the plural ("toy" -> "toys", "battery" -> "batteries", "watch" -> "watches"); mass nouns,
    words already plural and acronyms other than those of goods ("AI", "IoT") stay as written.

    >>> plural("battery"), plural("dairy"), plural("machinery"), plural("intelligence"), plural("EV")
    ('batteries', 'dairy', 'machinery', 'intelligence', 'EVs')
    >>> plural("C-beauty"), plural("lingerie")
    ('C-beauty', 'lingerie')
    """
    lowered = word.lower()
    if word.isupper() or (word[:1].isupper() and any(c.isupper() for c in word[1:])):
        return word + "s" if word in _COUNTED_ACRONYMS else word
    if (
        lowered in word_set("segments", "mass_nouns")
        or lowered.rpartition("-")[2] in word_set("segments", "mass_nouns")  # "C-beauty", "K-food"
        or _MASS_ENDING.search(lowered)
        or uncounted_noun(lowered)  # "hosiery", "lingerie": the dictionary gives them no plural
        or (lowered.endswith("s") and not lowered.endswith(("ss", "bus")))
    ):
        return word
    if lowered.endswith("y") and lowered[-2:-1] not in ("a", "e", "o", "u"):
        return word[:-1] + "ies"
    if lowered.endswith(("ch", "sh", "x", "ss", "bus")):
        return word + "es"  # "watches", "buses"
    return word + "s"


#: A number or a size written as a modifier ("16", "157-kilometre", "5,000-seat", "600-MW"; not "5G"): it says how
#: many or how big, not what is made.
MEASURE_WORD = re.compile(
    r"\d[\d,.]*(?:-?(?:km|kilometre|kilometer|mile|metre|meter|mw|gw|gwh|mwh|tonne|ton|storey|lane|berth|seat|room|"
    r"bed|year|month|day|hectare|acre)s?)?$",
    re.IGNORECASE,
)
#: Nouns for what a company holds, whose modifiers say which one ("its upmarket brand") more often than its goods.
HOLDING_HEADS = frozenset("brand sub-brand label marque subsidiary unit arm division affiliate chain".split())
#: Nouns that end like a participle: "seed" (maker) and "aquafeed" are goods, "combined" (operator) is not.
_NOUNS_IN_ED = frozenset("seed seeds feed bed speed shed weed breed reed sled steed need".split())
_PARTICIPLES = frozenset(
    "driven given taken chosen broken written spoken hidden beaten forgotten grown shown known thrown drawn torn "
    "worn born hit cut put set led paid sold made built bought brought fought caught taught held kept left lost "
    "met sent spent won".split()
)
_COUNTED_ACRONYMS = frozenset(("EV", "NEV", "PC", "SUV", "MPV", "TV", "PHEV", "BEV", "GPU", "CPU", "ATM", "LED"))
_MASS_ENDING = re.compile(r"(?:ing|ware|wear|tech|ics|ism|ship|ness|ity|ium|ence|ance|agement|care)$")
_ADJECTIVE_ENDING = re.compile(r"(?:al|ous|ic|ish|ese|ful|less|able|ible)$")
_ADJECTIVES = frozenset(
    "outdoor indoor premium online offline mobile smart green clean electric digital national postal local global "
    "domestic international overseas foreign new young old big small large other mass consumer export capital stock "
    "home end target mainstream mid-range entry-level low-end high-end upper lower first second third fourth fifth "
    "sixth seventh eighth ninth tenth single dozen direct "
    "last latest only sole next midscale upscale mid-market larger bigger smaller cheaper costlier more most main "
    "major leading largest biggest smallest cheapest key core top emerging developed developing mature value budget "
    "fewer".split()
)


def lexicon_segment(words: list[str]) -> str | None:
    """The lexicon's segment that ``words`` name, hyphens aside ("food-delivery" -> "food delivery")."""
    trade = " ".join(words).replace("-", " ").lower()
    return next((p for p in data("segments")["phrases"] if p.lower().replace("-", " ") == trade), None)


@cache
def _lexicon_words() -> frozenset[str]:
    return frozenset(w.lower() for w in data("segments")["phrases"])


#: "India's tractor market", "the world's", "the African smartphone market": where, not what.
_PLACE_OWNER = re.compile(
    r"(?:the\s+)?(?:world|continent|country|region|nation|[A-Z][\w.-]*)(?:\s+[A-Z][\w.-]*)?(?:'s?\s+|\s+)"
)
_OWNER_WORD = re.compile(r"(?:the\s+)?(?:world|continent|country|region|nation|[A-Z][\w.-]*)(?:'s?\s+|\s+)")


def _after_place_owner(view: View, start: int, end: int) -> int:
    """Past a place that owns or qualifies the segment ("Poland's heat-pump market" -> "heat-pump market", "the Thai
    TV market" -> "TV market")."""
    for pattern in (_PLACE_OWNER, _OWNER_WORD):
        found = pattern.match(view.text, start, end)
        if found is None:
            continue
        owner = view.text[start : found.end()].strip()
        bare = owner.removesuffix("'s").removesuffix("'")
        generic = bare.lower().removeprefix("the ") in _GENERIC_PLACES
        if generic or _names_place(view, start, found.end()) or bare in data("names")["demonyms"]:
            return found.end()
    return start


_GENERIC_PLACES = frozenset(("world", "continent", "country", "region", "nation"))


def _names_place(view: View, start: int, end: int) -> bool:
    return any(m.type in PLACES for m in view.between(start, end))


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


@cache
def _field_regex() -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){cue('competesIn', 'field')}\s+(?P<seg>[^,;]+?),\s+")


@cache
def _phrase_regex() -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){cue('competesIn', 'phrase')}\s+")


@cache
def _maker_regex() -> re.Pattern[str]:
    return lower_regex(
        rf"(?<![\w-])(?:leading\s+|major\s+|global\s+)?"
        rf"(?:{cue('competesIn', 'makers')}s?\s+of|{cue('competesIn', 'experts')}s?\s+in(?!\s+terms\b)"
        # "a specialist in the field of battery recycling": the field's name follows
        rf"(?:\s+the\s+(?:field|area|domain|sector|business)\s+of)?)\s+"
    )


@triggered_by(("competesIn", "field"))
def field_of(view: View) -> Iterator[Claim]:
    """ "In the field of X, <subject> ..." and "Starting from X, <subject> ...": the subject competes in X."""
    for match in _field_regex().finditer(view.lower):
        subject = view.subject_after(match.end(), COMPETITORS)
        if subject is None or view.text[match.end() : subject.start].strip(" ,'\"").count(" ") > 3:
            continue
        for start, end in split_list(view.text, match.start("seg"), match.end("seg")):
            found = segment(view, start, end)
            if found:
                yield claim(view, _company(subject), "competesIn", found, subject.end, confidence=0.75)


@cache
def _entry_regex() -> re.Pattern[str]:
    heads = "|".join(data("segments")["heads"])
    return lower_regex(rf"(?<![\w-]){cue('competesIn', 'active')}\s+(?P<seg>(?:the\s+)?[\w\s'-]+?\s+(?:{heads}))\b")


def _is_source(view: View, subject: Mention) -> bool:
    """Whether the sentence names ``subject`` as a source ("research firm IDC said ..., giving it a 25% share")."""
    words = frozenset(str(w) for w in data("names")["source_modifiers"])
    for m in view.mentions:
        if m.name == subject.name and m.origin != "anaphor":
            before = view.text[max(0, m.start - 40) : m.start].lower().split()
            if any(w in words for w in before[-3:]) or before[-2:] == ["according", "to"]:
                return True
    return False


@triggered_by(("competesIn", "active"))
def entry_into(view: View) -> Iterator[Claim]:
    """ "<Company> is accelerating its entry into the X track", "competes in the X market"."""
    for match in _entry_regex().finditer(view.lower):
        subject = view.subject_before(match.start(), COMPETITORS)
        if subject is not None and subject.origin == "anaphor" and _is_source(view, subject):
            continue  # "it" read as the firm that reports the share
        found = segment(view, match.start("seg"), match.end("seg"))
        if subject and found:
            yield claim(view, _company(subject), "competesIn", found, match.start(), confidence=0.75)


#: "its share of Japanese smartphone shipments", "held 23% of Pakistan's handset shipments": the goods a share is of.
_SHARE_OF_MEASURE = re.compile(
    r"\b(?:(?:market\s+)?share\s+of|(?:held|holds?|had|has|took|takes|captured|commands?|commanded)\s+"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+|some\s+)?[\d.,]+\s?"
    r"(?:%|percent|per\s+cent)\s+of)\s+(?P<seg>(?:the\s+)?(?:[\w'\u2019-]+\s+){1,4}?)"
    r"(?:shipments|sales|deliveries|registrations)\b"
    # "Lumo's smartphone market share", "doubled its electric-bus market share"
    r"|(?:['\u2019]s?|\bits|\btheir)\s+(?P<owned>(?:[\w-]+\s+){1,3}?)market\s+share\b",
    re.IGNORECASE,
)


@triggered_by("share", "%", "percent", "per cent")
def share_of_goods(view: View) -> Iterator[Claim]:
    """ "X's share of Japanese smartphone shipments rose", "X held 23% of Pakistan's handset shipments": a company
    with a share of a market's goods competes in them."""
    for match in _SHARE_OF_MEASURE.finditer(view.text):
        subject = view.subject_before(match.start(), COMPETITORS)
        if subject is None or (subject.origin == "anaphor" and _is_source(view, subject)):
            continue
        group = "seg" if match.group("seg") else "owned"
        found = segment(view, match.start(group), match.end(group))
        if found is None or found.name.lower().split()[-1] in _NOT_SHARED_GOODS:
            continue
        named = modifier_segment(found.name.split())
        if named is not None:
            goods = replace(found, name=named, surface=named)
            yield claim(view, _company(subject), "competesIn", goods, match.start(), confidence=0.65)


#: Words a share is of that are no goods: "40% of its sales", "a share of total shipments".
_NOT_SHARED_GOODS = frozenset(
    "its their total overall global worldwide annual quarterly group company system systems product products unit "
    "units goods".split()
)


@triggered_by(("competesIn", "phrase"))
def named_after(view: View) -> Iterator[Claim]:
    """ "<Company> began with X and Y", "specialises in X", "dominates the field of X"."""
    for match in _phrase_regex().finditer(view.lower):
        subject = view.subject_before(match.start(), COMPETITORS)
        end = _phrase_end(view.text, match.end())
        if not subject:
            continue
        fields: list[Mention] = []
        for start, stop in split_list(view.text, match.end(), end):
            found = segment(view, start, stop, 0.7)
            for named in _shared_heads(found):
                fields.append(named)
                yield claim(view, _company(subject), "competesIn", named, match.start(), confidence=0.7)
        rivals = (
            _RIVALS_WITH.match(view.text, fields[-1].end) if fields and match.group().startswith("compet") else None
        )
        for rival in view.listed_after(rivals.end(), COMPETITORS, within=0) if rivals else ():
            # "competes in distributed SQL databases with Cockroach Labs and Yugabyte": its rivals are in the field
            for named in fields:  # already there, whatever the company's plan ("will compete ... with")
                yield plain(claim(view, _company(rival), "competesIn", named, rival.start, confidence=0.6))


_RIVALS_WITH = re.compile(r"\s+(?:head-on\s+|directly\s+)?(?:with|against)\s+(?:the\s+likes\s+of\s+)?")


def _phrase_end(text: str, start: int) -> int:
    end = clause_end(text, start)
    verb = _VERBISH.search(text, start, end)
    return verb.start() if verb else end


_APPOSED_DESCRIPTION = re.compile(r"\s*,\s+(?:a|an|the)\s+(?:[\w'\u2019-]+\s+){0,3}$")


@triggered_by(("competesIn", "makers"), ("competesIn", "experts"))
def maker_of(view: View) -> Iterator[Claim]:
    """ "<Company>, a maker of X and Y" (or "a specialist in X and Y") competes in X and in Y."""
    for match in _maker_regex().finditer(view.lower):
        # "its purchase of Vetro, an Austrian maker of glass doors": the maker is the name the apposition hangs on
        apposed = next(
            (
                m
                for m in reversed(view.mentions)
                if m.end <= match.start()
                and m.origin != "anaphor"
                and m.type in ("Company", "Brand", UNTYPED)
                and _APPOSED_DESCRIPTION.fullmatch(view.text, m.end, match.start())
            ),
            None,
        )
        if apposed is None and describes_place(view, match.start()):
            continue  # "Australia, the world's biggest exporter of coking coal": a country's trade, no company's
        described = _APPOSED_DESCRIPTION.search(view.text, max(0, match.start() - 60), match.start())
        if apposed is None and described and _unread_name_before(view, described.start()):
            continue  # "it acquired m-tec, a German specialist in dry-mortar equipment": a name not read, not the buyer
        subject = (
            apposed
            or view.relative_antecedent(match.start())
            or view.subject_before(match.start(), ("Company", "Brand", UNTYPED))
            or _described_focus(view, match.start())
        )
        if not subject:
            continue
        items = split_list(view.text, match.end(), _phrase_end(view.text, match.end()))
        for start, stop in (i for a, b in items for i in _split_phrases(view.text, a, b)):
            found = segment(view, start, stop, 0.7)
            for named in _shared_heads(found):
                yield claim(view, _company(subject), "competesIn", named, match.start(), confidence=0.7)


def _unread_name_before(view: View, pos: int) -> bool:
    """The word before a comma at ``pos`` is in no mention (nor closes an aside such as '("Brenner")')."""
    return view.text[pos - 1 : pos] not in ')"\u201d' and not any(m.start < pos <= m.end for m in view.mentions)


#: A description set after a name by a comma: ", the world's biggest ", ", a ".
_DESCRIPTION_AFTER = re.compile(r"\s*,\s+(?:a|an|the)\s+(?:[\w'\u2019-]+\s+){0,4}$")


def describes_place(view: View, pos: int) -> bool:
    """The description ending at ``pos`` is set after a place ("Australia, the world's biggest exporter of"), whose
    trade it tells, not a company's."""
    return any(
        m.type in PLACES
        and _DESCRIPTION_AFTER.fullmatch(view.text, m.end, pos)
        and not view.between(m.end, pos)  # "In Pakistan, the company assembles": a clause's subject after the place
        and not any(o.start <= m.start and m.end < o.end for o in view.mentions)  # "China Glass, a maker of"
        for m in view.mentions
    )


_SHARED_HEAD = re.compile(r"(?P<lone>[a-z][\w-]*)\s+(?:and|or)\s+(?P<rest>(?:[\w-]+\s+)+)(?P<head>[\w-]+)")


def shared_head(name: str) -> list[str]:
    """ "electric and hybrid vans" -> "electric vans", "hybrid vans": an adjective before "and" shares the noun of
    the phrase after it; "oil and gas equipment", whose first word is a noun, stays one line of business.

    >>> shared_head("electric and hybrid vans"), shared_head("oil and gas equipment")
    (['electric vans', 'hybrid vans'], ['oil and gas equipment'])
    """
    found = _SHARED_HEAD.fullmatch(name)
    if found is None or modifier_segment([found["lone"]]) is not None:
        return [name]
    return [f"{found['lone']} {found['head']}", f"{found['rest']}{found['head']}"]


def _shared_heads(found: Mention | None) -> list[Mention]:
    if found is None:
        return []
    return [replace(found, name=name, surface=name) for name in shared_head(found.name)]


def _split_phrases(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "telecom network equipment and smartphones": a phrase of several words before "and" is an item of its own
    (one word may be a modifier the two share: "solar and wind turbines")."""
    cut = _AND.search(text, start, end)
    if cut is None or len(text[start : cut.start()].split()) < 2:
        return [(start, end)]
    return [(start, cut.start()), (cut.end(), end)]


def _described_focus(view: View, pos: int) -> Mention | None:
    """The company a definite description with no name points to ("Profit at the Turin-based maker of dried pasta
    rose": the company coreference found for "the Turin-based maker")."""
    return next((m for m in view.mentions if m.origin == "anaphor" and m.start <= pos < m.end), None)


@cache
def _serving_regex() -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){cue('competesIn', 'serving')}\s+for\s+")


@triggered_by(" for ")
def serving(view: View) -> Iterator[Claim]:
    """ "Jalan, the super-app for ride-hailing, food delivery and payments": the name competes in each."""
    for match in _serving_regex().finditer(view.lower):
        hung = next((s for s, e in view.appositions() if s <= match.start() < e), None)
        subject = next((m for m in reversed(view.mentions) if m.end <= hung), None) if hung is not None else None
        subject = subject or view.subject_before(match.start(), COMPETITORS)
        end = _phrase_end(view.text, match.end())
        if not subject:
            continue
        for start, stop in split_list(view.text, match.end(), end):
            found = segment(view, start, stop, 0.65)
            if found:
                yield claim(view, _company(subject), "competesIn", found, match.start(), confidence=0.65)


_DIVISION = re.compile(
    r"(?:'s?|\b(?:its|their))\s+(?P<words>(?:[a-z][\w-]*\s+){1,3}?)(?:division|unit|business|arm|segment|operations|"
    # "Motorola's smartphone shipments", "its truck exports": the goods counted are the company's
    r"(?P<goods>shipments|sales|exports|deliveries))\b"
)


@triggered_by(
    "division", "unit", "business", "arm", "segment", "operations", "shipments", "sales", "exports", "deliveries",
)  # fmt: skip
def division(view: View) -> Iterator[Claim]:
    """ "Qiyuan Battery's energy-storage division", "its biosimilars unit": the company competes in what the
    division does (a region's unit, "its overseas business", names no segment)."""
    for match in _DIVISION.finditer(view.text):
        owner = next((m for m in view.mentions if m.end == match.start() or m.start <= match.start() < m.end), None)
        if owner is None or owner.type not in ("Company", "Brand", UNTYPED):
            continue
        if set(match.group("words").lower().split()) & _NOT_SEGMENT_WORDS:
            continue  # "its income comes from business", "Kuaishou's director of international operations"
        if _NAMED_UNIT_BEFORE.search(view.text, max(0, owner.start - 40), owner.start):
            continue  # "Parcelio, Tandem Retail's courier arm": the named unit's line of business, not the parent's
        if _CHANGES_HANDS.search(view.text, max(0, owner.start - 40), owner.start):
            continue  # "bought Philips' home-care division": a seller's former line, told for the buyer's sake
        if match.group("goods") and set(match.group("words").lower().split()) & _NOT_GOODS:
            continue  # "its first-half sales", "its unit shipments": when or how much, not what
        found = segment(view, match.start("words"), match.end("words"), 0.65)
        # "its listed retail arm": how its shares trade says nothing of its trade
        kept = (
            [w for w in found.name.split() if w.lower() not in word_set("segments", "descriptor_qualifiers")]
            if found
            else []
        )
        named = modifier_segment(kept) if found else None
        if found and named and not any(w in _NOT_A_LINE for w in found.name.lower().split()):
            found = replace(found, name=named, surface=named)
            # "the group's retail arm, Nanshan.com,": the line of business is the named unit's
            unit = next((m for m in view.mentions if m.start == match.end() + 2 and m.origin != "anaphor"), None)
            doer = (
                unit
                if unit is not None and view.text.startswith(", ", match.end()) and unit.type in ("Company", UNTYPED)
                else owner
            )
            yield claim(view, _company(doer), "competesIn", found, match.start(), confidence=0.65)


_NOT_SEGMENT_WORDS = frozenset(
    "of from in to for with by at on the a an and or is are was were comes came goes director head chief".split()
)
_NAMED_UNIT_BEFORE = re.compile(r"[A-Z][\w&.-]*,\s+$")
_CHANGES_HANDS = re.compile(
    r"\b(?:bought|buys?|buying|acquir(?:e|es|ed|ing)|purchas(?:e|es|ed|ing)|sold|sells?|selling|took\s+over|"
    r"takes?\s+over|(?:acquisition|takeover|purchase|sale)\s+of)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_NOT_GOODS = frozenset(
    "first-half second-half half-year full-year annual quarterly monthly weekly daily total net gross combined record "
    "overall unit units same-store like-for-like year-on-year fiscal retail wholesale cumulative average peak "
    "vehicle vehicles product products".split()
)
#: Words that make a unit a part of the company, not a line of business: "its core business", "its new unit".
_NOT_A_LINE = frozenset("core main new own largest biggest smallest other whole entire family".split())


_RIVAL_TYPES = ("Company", "Brand", "Product", UNTYPED)
#: Rivals met head on: "competes with A and B", "is up against A", "rivals A".
_HEAD_ON = re.compile(
    r"\b(?:compet(?:e|es|ed|ing)\s+(?:head-on\s+)?(?:with|against)|[Cc]ompetition\s+(?:with|from)|vie[sd]?\s+with|"
    r"vying\s+with|up\s+against|(?:takes?|took|taking)\s+on|rivalling|rivaling|"
    r"(?:[Rr]ivals?|[Cc]ompetitors?)(?:\s+(?:include|including|are|were|such\s+as|like))?)"
    r"\s+(?:the\s+likes\s+of\s+|such\s+as\s+|local\s+|global\s+)?"
)
#: What may stand before a rival's name: where it is based ("Lagos-based X", "Kenya's X").
_RIVAL_ORIGIN = re.compile(r"(?:[A-Z][\w.-]*\s+)?[\w.-]+-(?:based|headquartered)\s+|[A-Z][a-z]+(?:'s|\u2019s)\s+")
#: Rivals on a ranking: "ahead of A at 18% and B at 9%", "behind A's 30%", "after A and B", "second only to A".
_RANKED = re.compile(
    r"\b(?:(?P<loose>behind|after)|ahead\s+of|second\s+only\s+to|trail(?:s|ed|ing)|followed\s+by|outs(?:old|ell|ells|elling)|"
    r"overt(?:ake|akes|ook|aken|aking)|surpass(?:es|ed|ing)?|pip(?:s|ped|ping)|beat(?:s|ing|en)?|unseat(?:s|ed|ing)?|"
    r"dethron(?:e|es|ed|ing)|outpac(?:e|es|ed|ing))\s+(?:(?:first|second|third)-placed\s+|rivals?\s+|the\s+likes\s+of\s+|the\s+)?"
)
#: Shares listed name by name, the verb left out: "held 28% of the market, Mivel 15% and Corra 11%".
_SHARE_LIST = re.compile(
    r"(?:%|\bper\s*cent\b|\bpercent\b)[^.;%]{0,60}?,\s+"
    r"(?=[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3}\s+(?:about\s+|around\s+|nearly\s+)?[\d.,]+\s*(?:%|per\s*cent|percent))"
)
#: A ranking or a share before the rivals of a ranking: without one, "after A bought B" is no rival.
_RANKING_BEFORE = re.compile(
    r"\d\s*(?:%|percent|per\s+cent)|\b(?:first|second|third|fourth|fifth|top|largest|biggest|No\.\s*\d|number\s+"
    r"(?:one|two|three)|leader|leading|share|ranks?|ranked|ranking|place|spot)\b",
    re.IGNORECASE,
)
#: What a rival's name may carry before the next: "'s 30.7%", "at 18%", "on 19.8%", "with 12%".
_RIVAL_FIGURE = re.compile(
    r"(?:'s?)?(?:\s*\(?\s*(?:(?:at|on|with)\s+)?(?:about\s+|around\s+|nearly\s+|roughly\s+)?"
    r"[\d.,]+\s*(?:%|percent|per\s+cent)(?:\s+(?:share|each))?\)?)?"
)
#: "A, B and C", "A and with B" (the preposition said again before the last rival).
_RIVAL_JOIN = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s+as\s+well\s+as\s+)(?:(?:with|against)\s+)?"
)
_ARTICLE = re.compile(r"(?:a|an|the)\s", re.IGNORECASE)
#: "competes in robot vacuums with A and B": the market before the rivals.
_MARKET_FIRST = re.compile(
    r"\bcompet(?:e|es|ed|ing)\s+in\s+(?P<seg>(?:the\s+)?[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,3}?)\s+"
    r"(?:with|against)\s+(?:the\s+likes\s+of\s+|rivals?\s+(?:such\s+as\s+)?)?"
)
#: "competes with A, B and C in patient monitors": the market after the rivals.
_IN_MARKET = re.compile(r"\s+in\s+(?P<seg>(?:the\s+)?[\w'-]+(?:\s+[a-z][\w'-]*){0,4})")
#: "In patient monitors the company competes with ...": the market fronted.
_FRONTED_MARKET = re.compile(
    r"^\W*(?i:in)\s+(?P<seg>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)\s*,?\s+(?=the\s|its\s|it\s|[A-Z])"
)
_MARKET_END = re.compile(r"\s(?:across|in|at|on|for|from|to|by|with|since|during|and\s+(?!\w+s\b))\b|[,;.]")
_NOT_FRONTED = frozenset("addition contrast turn response particular general short fact total practice short".split())


def _rivals_at(view: View, pos: int) -> list[Mention]:
    """The names listed from ``pos``, each maybe with its figure ("A at 18% and B at 9%")."""
    listed: list[Mention] = []
    while True:
        found = _rival_at(view, pos)
        origin = _RIVAL_ORIGIN.match(view.text, pos) if found is None else None
        found = _rival_at(view, origin.end()) if origin else found
        if found is None or found.origin == "anaphor":
            return listed
        listed.append(found)
        figure = _RIVAL_FIGURE.match(view.text, found.end)
        pos = figure.end() if figure else found.end
        join = _RIVAL_JOIN.match(view.text, pos)
        if join is None or _ARTICLE.match(view.text, join.end()):
            return listed  # "A, a CAR-T therapy from B": an apposition, no further rival
        pos = join.end()


def _rival_at(view: View, pos: int) -> Mention | None:
    return view.at(pos, _RIVAL_TYPES) or next(
        (m for m in view.mentions if m.start == pos and m.type in _RIVAL_TYPES), None
    )


def _market_after(view: View, pos: int) -> Mention | None:
    found = _IN_MARKET.match(view.text, pos)
    if found is None:
        return None
    stop = _MARKET_END.search(view.text, found.start("seg"))
    end = min(stop.start() if stop else found.end("seg"), found.end("seg"))
    return segment(view, found.start("seg"), end, 0.65) if end > found.start("seg") else None


@triggered_by("compet", "vie", "vying", "up against", "take on", "takes on", "took on", "taking on", "rival")
def head_on(view: View) -> Iterator[Claim]:
    """ "X competes with A and B in endoscopes", "In patient monitors X competes with A, B and C": X and each rival
    compete in the market named before or after the rivals."""
    for match in _HEAD_ON.finditer(view.text):
        rivals = _rivals_at(view, match.end())
        if not rivals:
            continue
        market = _market_after(view, _RIVAL_FIGURE.match(view.text, rivals[-1].end).end())  # type: ignore[union-attr]
        if market is None:
            fronted = _FRONTED_MARKET.match(view.text, 0, match.start())
            if fronted and fronted.group("seg").split()[0].lower() not in _NOT_FRONTED | {"the", "a", "an"}:
                market = segment(view, fronted.start("seg"), fronted.end("seg"), 0.65)
        subject = view.subject_before(match.start(), COMPETITORS)
        if market is None:
            market = _rivals_goods(view, rivals[-1].end)
        if market is None:
            # "It competes with A and B", "Rivals include A": the line of business the story gave the company
            owner = subject or view.focus
            market = (view.lines.get(owner.name) if owner is not None else None) or view.segment
        if market is None:
            continue
        yield from _compete(view, [subject] if subject else [], rivals, market, match.start())
    for match in _MARKET_FIRST.finditer(view.text):
        rivals = _rivals_at(view, match.end())
        if not rivals:
            continue
        # "competes in Brazil with A and B, the houses that dominate the grain trade": a place is no market
        market = segment(view, match.start("seg"), match.end("seg"), 0.65) or _rivals_goods(view, rivals[-1].end)
        if market is None:
            continue
        subject = view.subject_before(match.start(), COMPETITORS)
        yield from _compete(view, [subject] if subject else [], rivals, market, match.start())


def _compete(view: View, subjects: list[Mention], rivals: list[Mention], market: Mention, at: int) -> Iterator[Claim]:
    """The company and each rival named against it compete in the market."""
    for named in [*subjects, *rivals]:
        yield plain(claim(view, _company(named), "competesIn", market, at, confidence=0.6))


#: What the rivals make, said in a clause after them: "A, B and C, which together supply most of the soybean
#: traits planted in the country", "A and B, the four houses that dominate the global grain trade".
_RIVALS_GOODS = re.compile(
    r"\s*,\s+(?:which|who|(?:the\s+)?(?:[\w-]+\s+){1,2}?(?:that|which))\s+(?:together\s+|between\s+them\s+|also\s+)?"
    r"(?:supply|make|sell|dominate|control|lead|produce|run)\s+(?:most\s+of\s+|much\s+of\s+|half\s+of\s+)?"
    r"(?:the\s+)?(?:global\s+|world's\s+|country's\s+|local\s+)?(?!(?:the|a|an|market|industry)\b)"
    r"(?P<seg>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)"
    r"(?=\s*[,.;]|\s+(?:planted|sold|used|made|in|on|across|for|market|industry|business)\b)"
)


def _rivals_goods(view: View, pos: int) -> Mention | None:
    found = _RIVALS_GOODS.match(view.text, pos)
    if found is None:
        return None
    named = segment(view, found.start("seg"), found.end("seg"), 0.6)
    if named is not None and named.name.endswith(" trade"):
        named = replace(named, name=named.name[: -len("trade")] + "trading")  # "the grain trade": grain trading
    return named


_MARKET_BEFORE = re.compile(
    r"(?:\bthe|\ba|\ban|'s)\s+(?:"
    # "the global market for robotic lawn mowers": the goods after the noun
    r"(?:[\w'-]+\s+){0,2}?market\s+for\s+(?P<goods>[\w'-]+(?:\s+[a-z][\w'-]*){0,3}?)"
    r"(?=\s*[,;.]|\s+(?:is|was|are|it|its|behind|ahead|after)\b)"
    r"|(?P<seg>(?:[\w'-]+\s+){1,4}?(?:market|segment|industry|sector))\b)",
    re.IGNORECASE,
)


def _market_before(view: View, pos: int) -> Mention | None:
    """The market named last before ``pos`` by its goods ("a 25% share of the global PC market, ahead of A")."""
    found = None
    for match in _MARKET_BEFORE.finditer(view.text, 0, pos):
        found = match
    if found is None:
        return None
    group = "seg" if found.group("seg") else "goods"
    return segment(view, found.start(group), found.end(group), 0.6)


def rivals(claims: list[Claim], view: View) -> list[Claim]:
    """Rivals ranked against a company in its market compete in it too: "X ranked first in the Asia-Pacific cloud
    market, ahead of A at 18% and B at 9%", "the second-largest action camera brand, behind A's 31%"; with no
    segment claimed before the ranking, the ranker and its rivals compete in the market the sentence ranks in
    ("is now second in the global air fryer market, having outsold A")."""
    makers = {
        m.name for m in view.mentions if m.type in ("Brand", "Company", "Product", UNTYPED) and m.origin != "anaphor"
    }
    claims = [
        c
        for c in claims
        if c.relation != "competesIn" or (_names_a_line(c.object.name) and not _names_a_maker(c.object.name, makers))
    ]
    rankings = [*_RANKED.finditer(view.text), *_SHARE_LIST.finditer(view.text)]
    if not rankings:
        return claims
    segments = [c for c in claims if c.relation == "competesIn"]
    out = list(claims)
    for match in rankings:
        if match.groupdict().get("loose") and not _RANKING_BEFORE.search(view.text, 0, match.start()):
            continue  # "after A bought B": no ranking, no rivals
        listed = _rivals_at(view, match.end())
        before = [c for c in segments if c.object.start < match.start()]
        if before:
            nearest = max(c.object.start for c in before)
            out.extend(
                replace(c, subject=_company(rival), confidence=round(c.confidence * 0.9, 3))
                for rival in listed
                for c in before
                if c.object.start == nearest and rival.name != c.subject.name
            )
            continue
        market = (_market_before(view, match.start()) or ranked_segment(view)) if listed else None
        if market is None:
            continue
        ranker = view.subject_before(match.start(), _RIVAL_TYPES)
        if ranker is not None and (ranker.origin == "anaphor" or ranker.name in {m.name for m in listed}):
            ranker = None  # "giving it a 25% share of the PC market, ahead of A": who "it" is, is not read here
        for named in [*([ranker] if ranker else []), *listed]:
            made = claim(view, _company(named), "competesIn", market, match.start(), confidence=0.5)
            out.append(plain(made))
    return out


#: Words for goods of any kind: "sells devices in Kenya", "makes machines", "supplies equipment" name no line of
#: business of their own.
_GENERIC_GOODS = frozenset(
    "devices device machines machine equipment products product goods items things gadgets "
    "panels hardware solutions offerings tools parts supplies wares merchandise".split()
)
#: Modifiers that only say how a thing stands ("listed", "latest", "state-owned"), read as if they were goods.
_STANDING_WORDS = frozenset("listeds latests helds newests performances state court with under abroad".split())


def _names_a_line(name: str) -> bool:
    """Whether a segment names a line of business: not a generic goods word ("machines", "equipment"), not a
    participle or superlative made plural ("listeds", "latests"), not a phrase that a preposition opens or ends
    ("batch of", "name on")."""
    words = name.lower().split()
    if not words or (len(words) == 1 and words[0] in _GENERIC_GOODS):
        return False
    if words[0] in _STANDING_WORDS or words[-1] in _STANDING_WORDS:
        return False
    return well_formed(words) and words[0] not in _PREPOSITIONS and words[-1] not in _PREPOSITIONS


def well_formed(words: list[str]) -> bool:
    """Whether lower-case ``words`` can name a line of business: a noun phrase that no function word opens or
    ends ("without", "among"), not a verb's clause ("counts state food"), not places ("states"), a part of a
    company ("arm", "unit"), or a policy or finance word ("tax breaks", "investments", "zero emissions")."""
    last = words[-1].rpartition("-")[2]
    if words[0] in _FUNCTION_WORDS or words[-1] in _FUNCTION_WORDS or words[0] in _CLAUSE_VERBS:
        return False
    if any(w in _RELATIVE_WORDS or w in _INSIDE_STOPS for w in words):
        # "battery venture that cars", "sliver of its sales", "model weights under permissive": a clause or a
        # preposition's phrase runs through it, no goods' name
        return False
    if any(w in _NOT_IN_A_LINE for w in words) or words == ["contracts"]:
        # "the new plant will house ..." read as "plant wills", "its highest ever sales", "a contract manufacturer"
        return False
    if any(w.endswith("-") or ("'s" in w and w not in _FOR_WHOM) or w in _ORDINALS for w in words) or (
        words[-1] in _MEASURED_NOUNS
    ):
        # "mid- to high-end LEDs", "the capital's railway", "the ninth vaccine", "music app downloads"
        return False
    if len(words) == 1 and words[0].endswith("s") and words[0][:-1] in _FUNCTION_WORDS | _PREPOSITIONS:
        return False  # "lead in markets" read as "ins": a preposition made plural
    if len(words) == 1 and words[0] in _VAGUE_LINES:
        return False  # "sells charging products and services": what kind of services, it does not say
    if len(words) == 1 and words[0] in _SELLING_VERBS:
        return False  # "Yuntai designs, manufactures and exports machines": the verbs of a list, no goods
    if words[0] == "one" and len(words) > 1:
        return False  # "one of the busiest categories"
    if len(words) == 1 and words[0].endswith("s") and words[0][:-1] in _place_words():
        return False  # "the US company" read as a maker of "USs": a place, not goods
    if words[-1].endswith("ed") and words[-1] not in _ED_NOUNS:
        return False  # "the maker of the X series, aimed at ...", "controls based in": a participle, no goods
    if any(w.endswith("ly") and w not in _LY_NOUNS for w in words) or words[0] in _ORDINALS | _SUPERLATIVES | _COUNTS:
        return False  # "aimed mainly", "the first company to list": an adverb or an ordinal names no goods
    if words[-1] in _FIGURE_VERBS:
        return False  # "frozen pizzas climbed": the goods and the verb of the clause's figure
    if words[0] in _OWNERSHIP_WORDS or last in _NOT_A_LINE_HEADS:
        return False
    if (
        words[-1] in _ENDING_VERB
        or "as" in words
        or _MEASURE.search(" ".join(words))
        or (words[-1].endswith("s") and words[-1][:-1] in _FUNCTION_WORDS)
    ):
        # "its strategy game has earned", "restaurants as related parties", "for €4.6 billion", "ins" (a
        # preposition made plural; "iron ore" is no "or")
        return False
    if words[-1] in word_set("segments", "not_segment_words") or (words[0] == "own" and words[-1] in _OWNED_GENERICS):
        return False  # "every phone it sells worldwide", "known for decades", "its own brands"
    if words[0].startswith(("most-", "least-")) or any(only_verb(w) for w in words if not w.endswith(("ing", "ed"))):
        return False  # "the five most-installed inverter brands", "others include e-bike makers": no goods' name
    if (words[-1].endswith("er") and only_adjective(words[-1])) or _ORDINAL.fullmatch(words[0]):
        # "makes its foreign business steadier", "the cheaper X" (a comparative; "solar" is a line), "its twelfth
        # sales company"
        return False
    if words[-1] in ("start-up", "start-ups", "startup", "startups", "start"):
        return False  # "a start-up airline": how young the company is, not what it sells
    if len(words) == 1 and words[0].endswith("ing") and {"ADJ", "NOUN"} & set(lemmas(words[0])) == {"ADJ"}:
        return False  # "its existing sales": an adjective, no goods ("mining", "gaming" are read as verbs only)
    return not (len(words) == 1 and words[0] in _COMPANY_PARTS)


#: Ordinal numbers past tenth (the first ten are in _ORDINALS), and what a plural makes of them ("twelfths" of
#: "its twelfth sales company").
_ORDINAL = re.compile(
    r"(?:eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|(?:twen|thir|for|fif|six|seven|eigh|nine)tieth|"
    r"hundredth|\d+(?:st|nd|rd|th))s?"
)


def list_heads(claims: list[Claim], view: View) -> list[Claim]:
    """Segments listed before one that carries the list's noun take that noun too: "string, hybrid and storage
    inverters" are string inverters, hybrid inverters and storage inverters; "premium dog and cat food" is premium
    dog food and cat food. Only an item whose last word is neither plural nor a mass noun takes it, and only the last
    word of another segment the sentence gives (what :func:`shared_head` does inside one phrase, across the claims
    every pattern made).

    >>> _with_list_head("premium dog", "maker of premium dog and cat food", {"food"})
    'premium dog food'
    >>> _with_list_head("string", "sells string, hybrid and storage inverters", {"inverters"})
    'string inverters'
    >>> _with_list_head("electric", "electric and plug-in hybrid cars", {"cars"})
    'electric cars'
    >>> _with_list_head("tea", "tea and coffee drinks", {"drinks"}) is None
    True
    >>> _with_list_head("tunnel boring", "tunnel boring and metro construction", {"construction"}) is None
    True
    """
    segments = [c for c in claims if c.relation == "competesIn"]
    if len(segments) < 2:
        return claims
    named = {c.object.name.lower() for c in segments}
    heads = {c.object.name.split()[-1] for c in segments if len(c.object.name.split()) > 1}
    out = []
    for c in claims:
        if c.relation == "competesIn":
            whole = _with_list_head(c.object.name, view.text, heads)
            if whole is not None and whole.lower() not in named:
                c = replace(c, object=replace(c.object, name=whole, surface=whole))
        out.append(c)
    return out


#: The rest of a list after its first item: ", hybrid and storage inverters", " and cat food".
_LIST_REST = re.compile(r"(?:,\s+(?:[a-z-]+|[A-Z]{2,5}))*,?\s+(?:and|or|&)\s+(?P<rest>[\w -]{1,60})")


def _with_list_head(item: str, text: str, heads: set[str]) -> str | None:
    """``item`` with the noun of the list it opens, one of ``heads``, if it lacks one (see :func:`list_heads`)."""
    words = item.lower().split()
    last = words[-1]
    if "-" in last or last.endswith(("s", "ware", "wear")) or last in word_set("segments", "mass_nouns"):
        return None  # "electronics and home appliances", "software and cloud services": each a line already
    if len(words) > 1 and last.endswith("ing"):
        return None  # "rail engineering and transit construction": a noun and its gerund name a trade already
    lowered, key = text.lower(), item.lower()
    at = lowered.find(key)
    while at >= 0:
        if at == 0 or not (lowered[at - 1].isalnum() or lowered[at - 1] == "-"):
            rest = _LIST_REST.match(text, at + len(key))
            head = next((w for w in rest.group("rest").split()[:3] if w in heads), None) if rest else None
            if head is not None:
                return f"{item} {head}"
        at = lowered.find(key, at + 1)
    return None


def names_business(name: str) -> bool:
    """Whether a segment any pattern read can name a line of business (:func:`well_formed`): every competesIn
    claim passes this last, whichever pattern made it.

    >>> [names_business(n) for n in ("puzzle apps", "available", "strategy game has", "€4.6 billion", "own brands")]
    [True, False, False, False, False]
    >>> [names_business(n) for n in ("local sellers", "download charts", "best electric scooters", "e-bikes")]
    [False, False, False, True]
    >>> [names_business(n) for n in ("two private hospitals", "private hospitals")]
    [False, True]
    """
    words = name.lower().split()
    return (
        bool(words)
        and well_formed(words)
        and not (len(words) == 1 and words[0] in word_set("segments", "generic_lines"))
    )


def without_places(name: str) -> str:
    """A segment's name without the place words that open it ("pan-Asian retail" -> "retail", "pan Asians" -> "");
    a place says where a company trades, not what.

    >>> [without_places(n) for n in ("pan-Asian retail", "pan Asians", "European retail", "panels")]
    ['retail', '', 'retail', 'panels']
    """
    words = name.split()
    demonyms = data("names")["demonyms"]
    while len(words) > 1 and words[0].lower() in _STANDING_OPENERS:
        words = words[1:]  # "official ice cream supplier": ice cream
    while words and (
        words[0].lower() == "pan" or words[0].lower().startswith("pan-") or words[0].removesuffix("s") in demonyms
    ):
        words = words[1:]
    return " ".join(words)


def placeless(claims: list[Claim]) -> list[Claim]:
    """Segment claims with the place words that open their names set aside (:func:`without_places`)."""
    out = []
    for c in claims:
        name = without_places(c.object.name) if c.relation == "competesIn" else c.object.name
        out.append(c if name == c.object.name else replace(c, object=replace(c.object, name=name, surface=name)))
    return out


#: Possessives that name whom goods are for: "women's apparel", "children's wear".
_FOR_WHOM = frozenset("women's men's children's kids' girls' boys' babies' baby's".split())
#: What is counted of goods, not the goods: "music app downloads", "car sales".
_MEASURED_NOUNS = frozenset("downloads sales revenue revenues shipments orders deliveries bookings".split())
#: Words that say how a company stands to its goods, not what they are: "official ice cream", "the entire lithium
#: chain", "a complete e-bike drive".
_STANDING_OPENERS = frozenset("official exclusive entire complete whole sole main".split())
#: Modal verbs (also as read plural) and "ever": a clause or a superlative runs through the phrase, no goods.
_NOT_IN_A_LINE = frozenset("will wills would could should shall might must ever evers".split())


#: Where goods are sold, a word that names part of a trade only before a noun for a whole business.
CHANNEL_WORDS = frozenset(("online", "offline", "digital"))
#: Nouns for a business as a whole, before which "online" names the trade ("online travel company"); before a brand
#: or label it names where the goods sell ("online fast-fashion brand").
TRADE_HEADS = frozenset(
    ("company", "companies", "firm", "firms", "group", "platform", "operator", "provider", "lender")
)
#: Nouns too vague to name a line of business on their own ("products and services").
_VAGUE_LINES = frozenset("products services solutions goods items offerings things businesses".split())
_SELLING_VERBS = frozenset(
    "makes manufactures produces designs develops builds sells exports imports supplies distributes assembles "
    "operates markets ships offers".split()
)
_LY_NOUNS = frozenset(("supply", "family", "jelly", "belly", "rally", "assembly", "poly", "monopoly", "italy"))
_ORDINALS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth last latest only sole next".split()
)
#: "owns and runs two private hospitals, A and B": how many, then what; the count is no part of a line's name.
_COUNTS = frozenset(
    "two three four five six seven eight nine ten eleven twelve dozens hundreds thousands several many".split()
)
#: "the best electric motorbike makers", "the biggest appliance maker": a rank among makers, not their goods.
_SUPERLATIVES = frozenset(("best", "biggest", "largest", "leading", "top", "greatest", "fastest-growing"))
#: Words that never open or end a noun phrase naming goods.
_FUNCTION_WORDS = frozenset(
    "without within despite against among amongst about above below under over between behind beyond than as per "
    "via through into onto upon toward towards during until since while whereas although though because unless "
    "whether if and or but nor so yet the a an this that these those it its their his her our them they we he she "
    "who whom whose which what where when how not no also only just even still already very same other such now "
    "today".split()
)
_RELATIVE_WORDS = frozenset(("that", "which", "who", "whom", "whose"))
_INSIDE_STOPS = frozenset(
    # "consumer electronics started the site": an article inside is a clause run on
    "the its their his her under without into onto than per via through against since until while because "
    # "lines up subsidiaries", "sets out plans": a phrasal verb's particle
    "up out off".split()
)
#: Goods whose names end as participles do: "feed", "seed", "bed".
_ED_NOUNS = frozenset(("feed", "seed", "seeds", "bed", "beds", "speed", "tweed"))


@cache
def _place_words() -> frozenset[str]:
    """Every place name of the gazetteer, lower-cased."""
    from kg.extract.gazetteer import places

    return frozenset(label.lower() for label in places().entries)


#: Verbs that end a clause before a noun phrase: "counts state food group X as ..." opens with no goods.
_CLAUSE_VERBS = frozenset(
    "counts count says said sees saw has have had gets got gives gave takes took wants needs expects hopes plans "
    "includes included holds held keeps kept names named calls called lists listed ranks ranked "
    # "the business, which designs and makes products for others": the clause's verb, no goods
    "makes made designs designed builds built sells sold supplies supplied".split()
)
#: Who owns a company, not what it makes: "a state carmaker", "government lender".
_OWNERSHIP_WORDS = frozenset(("state", "states", "state-owned", "state-run", "state-backed", "government"))
#: Places, policies and money a sentence may put where goods stand: "several states", "tax breaks", "investments".
_NOT_A_LINE_HEADS = frozenset(
    "states provinces regions countries counties cities nations territories municipalities prefectures districts "
    "breaks credits subsidies incentives tariffs taxes levies duties grants investments stakes shares dividends "
    "profits earnings revenues emissions emission prices pricing quality reliability affordability discounts".split()
)
#: A part of a company named as if it were goods: "its chip design arm X".
_COMPANY_PARTS = frozenset("arm arms unit units division divisions subsidiary subsidiaries business businesses".split())


def _names_a_maker(segment: str, named: set[str]) -> bool:
    """Whether a segment opens with a brand or company the sentence names ("MG cars", "MGs"): a maker's goods,
    not a line of business."""
    first = segment.split()[0]
    return first in named or (first.endswith("s") and first[:-1] in named)


_OPERATES = re.compile(
    r"\b(?:runs?|running|ran|operates?|operating|operated)\s+(?:(?:[A-Z][\w'&.-]*|\d[\d,]*)\s+){0,3}"
    r"(?P<seg>(?:[a-z][\w-]*\s+){0,2}?(?:restaurants|hotels|cafes|cafés|coffee\s+shops|teahouses|bakeries|bars|cinemas|"
    r"gyms|clinics|hospitals|pharmacies|supermarkets|hypermarkets|convenience\s+stores|kindergartens|schools))\b"
)
#: "runs its own restaurants", "operates franchised hotels": how, not what.
_OUTLET_QUALIFIERS = frozenset("its their own company-run company-owned franchised flagship new more the some".split())


@triggered_by("run", "ran", "operat")
def operated(view: View) -> Iterator[Claim]:
    """ "X, which runs Laocheng noodle restaurants outside China", "operates budget hotels in Vietnam": the kind of
    place a company runs is its segment."""
    for match in _OPERATES.finditer(view.text):
        words = match.group("seg").split()
        if len(words) < 2 or any(w.lower() in _OUTLET_QUALIFIERS for w in words):
            continue  # "operated 126 Haidilao restaurants": a count of outlets, no kind of them
        subject = view.relative_antecedent(match.start()) or view.subject_before(match.start(), COMPETITORS)
        found = segment(view, match.start("seg"), match.end("seg"), 0.65)
        if subject is not None and found is not None:
            yield plain(claim(view, _company(subject), "competesIn", found, match.start(), confidence=0.6))


_OWNED_GOODS = re.compile(
    r"'s?\s+(?P<goods>(?:[a-z][\w-]*|[A-Z]{2,5}s?)(?:(?:\s+|\s*,\s*(?:and\s+)?|\s+and\s+)(?:[a-z][\w-]*|[A-Z]{2,5}s?)){0,9}?)"
    r"\s+(?:(?:now|also|still|all|both)\s+)?(?P<verb>are|were|have|had|will|can|could|sold|sell|serve|served|reach|reached|"
    r"made|make|go|went|account|accounted|compete|competed|dominate|dominated|lead|led|won|win|ship|shipped|appeal|"
    r"appealed|[a-z]{3,}ed)\b(?!-)"
)
_WHOSE_GOODS = re.compile(r",\s+whose\s+" + _OWNED_GOODS.pattern.removeprefix(r"'s?\s+"))
#: Where a clause starts: what opens the sentence, a comma, a conjunction or "that".
_CLAUSE_OPENING = re.compile(
    r"(?:^\W*|[,;:]\s*|\b(?:and|but|while|whereas|that|as|because|since|although|after|when)\s+)$", re.IGNORECASE
)
#: Things a company has that are not goods it sells: "Lenovo's shares", "its customers", "Yanbo's new plants".
_NOT_GOODS_NOUNS = frozenset(
    "shares stock stocks revenue revenues profits sales earnings results customers clients users employees staff "
    "workers engineers executives managers founders investors shareholders partners rivals competitors plants "
    "factories stores shops outlets offices markets subsidiaries units operations plans targets prices margins debts "
    "losses bonds deliveries shipments exports imports orders products models vehicles brands sites centres centers "
    "facilities warehouses headquarters teams efforts costs assets funds accounts numbers figures hopes ambitions "
    "chances days years months weeks talks deals lines ranks fans followers players viewers drivers riders members "
    "owners dealers distributors suppliers retailers channels services goods items devices apps games titles "
    "operations businesses divisions arms ads campaigns lenders banks creditors backers bankers advisers advisors "
    "lawyers auditors analysts critics officials volumes volume output capacities sizes totals rates levels gains "
    "fortunes prospects finances valuations holdings stakes".split()
)


@triggered_by("'s ", "' ", "whose")
def owned_goods(view: View) -> Iterator[Claim]:
    """ "Ventra's laptops, tablets and AI servers sold strongly", "Beilun Foods' frozen noodles are stocked by X",
    "X, whose frozen dumplings are sold in 20 countries": a company's goods named as the subject of their clause are
    what it competes in."""
    for owner in view.mentions:
        if owner.type not in ("Company", "Brand", UNTYPED) or owner.origin == "anaphor":
            continue
        match = _WHOSE_GOODS.match(view.text, owner.end)  # a relative clause of its own: no clause need open here
        if match is None:
            match = _OWNED_GOODS.match(view.text, owner.end)
            if match is None or not _CLAUSE_OPENING.search(view.text, max(0, owner.start - 12), owner.start):
                continue
        items = split_list(view.text, match.start("goods"), match.end("goods"))
        names = [view.text[s:e] for s, e in items]
        if not names or not all(_goods_item(n) for n in names):
            continue  # "Taiyu's shares and customers", "Kaimo's smart connected": not all goods, so none
        for start, end in items:
            found = segment(view, start, end, 0.6)
            if found is not None:
                yield plain(claim(view, _company(owner), "competesIn", found, start, confidence=0.6))


def _goods_item(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 4 or any(w.lower() in _NOT_GOODS_NOUNS or w.lower() in _ADJECTIVES for w in words):
        return False
    last = words[-1]
    return (last.endswith("s") and not last.endswith("ss")) or last.lower() in word_set("segments", "mass_nouns")


#: "whose businesses span insurance, steel and tourism", "its portfolio ranges from noodles to dumplings",
#: "a portfolio dominated by copper and cobalt": the lines a company's holdings take in.
_PORTFOLIO = re.compile(
    r"\b(?P<owner>(?i:its|their|whose|an?|the)|[A-Z][\w&.-]*'s?)\s+(?:[a-z]+\s+)?(?:businesses|interests|operations|holdings|"
    r"activities|assets|portfolio|investments)\s+(?:now\s+|also\s+|still\s+|already\s+)?(?:spans?|spanned|spanning|"
    r"includes?|included|including|covers?|covered|covering|(?P<from>(?:ranges?|ranged|ranging|stretch(?:es|ed)?|"
    r"runs?|ran)\s+from)|(?:dominated|led)\s+by)\s+"
)
_FROM_TO = re.compile(r"\s+to\s+")
_COMMA_GAP = re.compile(r"\s*,\s+")
_REPORTED_BY = re.compile(r",\s+(?=[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}\s+(?:said|says)\b)")
#: Where a list of lines ends: a preposition, a clause word, or a comma before a new subject (", the deal is ...").
_FROM_ITEMS_END = re.compile(
    r"\s(?:said|says|that|which|whose|who|while|with|for|from|in|at|on|across|as|and\s+(?:is|has|was|will|its))\b|"
    r",\s+(?:the|a|an|it|its|their|[A-Z])"
)
_ITEMS_END = re.compile(rf"{_FROM_ITEMS_END.pattern}|\sto\b")
_AND = re.compile(r"\s+and\s+")


def _split_words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "copper and zinc": single words joined by "and" are items of their own (a mass noun is no plural, so the list
    reader keeps it whole)."""
    parts = _AND.split(text[start:end])
    if len(parts) < 2 or any(len(p.split()) != 1 for p in parts):
        return [(start, end)]
    out, pos = [], start
    for part in parts:
        at = text.index(part, pos, end)
        out.append((at, at + len(part)))
        pos = at + len(part)
    return out


_ITEM = re.compile(r"(?:[a-z][\w-]*|[A-Z]{2,5}s?)(?:\s+(?:[a-z][\w-]*|[A-Z]{2,5}s?)){0,2}")


def _holder(view: View, match: re.Match[str]) -> Mention | None:
    """Whose holdings a portfolio phrase names: the possessive name, the name "whose" hangs on, else the clause's
    company."""
    owner = match.group("owner")
    if owner.endswith("'") or owner.endswith("'s"):  # "Mirova Group's interests": the name the owner word ends
        return next((m for m in view.mentions if m.start <= match.start("owner") < m.end), None)
    if owner == "whose":  # "For X, whose businesses span ..."
        return next((m for m in view.mentions if _COMMA_GAP.fullmatch(view.text, m.end, match.start("owner"))), None)
    if owner.lower() in ("a", "an", "the"):  # "a portfolio dominated by copper": only a company the clause names
        return view.subject_before(match.start(), COMPETITORS)
    return _pointed(view, match.start("owner")) or actor(view, match.start())


def _pointed(view: View, pos: int) -> Mention | None:
    """The company a possessive pronoun at ``pos`` points to ("its" -> the company coreference found)."""
    return next((m for m in view.mentions if m.start == pos and m.origin == "anaphor"), None)


@triggered_by(
    "businesses", "interests", "operations", "holdings", "activities", "assets", "portfolio", "investments",
)  # fmt: skip
def portfolio(view: View) -> Iterator[Claim]:
    """ "For Hengsha, whose businesses span insurance, steel and tourism", "Mirova's interests include shipping and
    banking": a company competes in each line its holdings are said to cover. Every item must be a bare lower-case
    noun phrase ("span Europe and Asia", "include two plants in Chile" name no lines)."""
    for match in _PORTFOLIO.finditer(view.text):
        subject = _holder(view, match)
        end = clause_end(view.text, match.end())
        stop = (_FROM_ITEMS_END if match.group("from") else _ITEMS_END).search(view.text, match.end(), end)
        end = stop.start() if stop else end
        reporter = _REPORTED_BY.match(view.text, end)
        if reporter and (subject is None or subject.origin == "anaphor"):
            # "Its holdings span retail and logistics, X said": the speaker owns them
            subject = next((m for m in view.mentions if m.start == reporter.end()), subject)
        if subject is None or subject.type not in ("Company", "Brand", UNTYPED):
            continue
        items = [i for a, b in split_list(view.text, match.end(), end) for i in _split_words(view.text, a, b)]
        if match.group("from") and len(items) == 1:
            # "ranges from instant noodles to frozen dumplings"
            first, last = items[0]
            cut = _FROM_TO.search(view.text, first, last)
            items = [(first, cut.start()), (cut.end(), last)] if cut else items
        found = [segment(view, a, b, 0.6) for a, b in items]
        if not found or not all(
            f is not None and _ITEM.fullmatch(f.name) and _portfolio_item(f.name.lower().split()) for f in found
        ):
            continue
        for item in found:
            if item is not None:
                yield plain(claim(view, _company(subject), "competesIn", item, match.start(), confidence=0.6))


def _portfolio_item(words: list[str]) -> bool:
    return well_formed(words) and not (set(words) & (_NOT_GOODS_NOUNS | _QUANTITY_WORDS | _GENERIC_GOODS))


_QUANTITY_WORDS = frozenset(
    "more less most many much several some two three four five six seven eight nine ten".split()
)
#: "its copper and zinc mines", "its obesity pipeline": what a miner digs or a drugmaker develops.
_WORKINGS = re.compile(
    r"(?:'s?|\b(?:its|their|whose))\s+(?P<goods>[a-z][\w-]*(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)[a-z][\w-]*){0,4})"
    r"\s+(?:mines?|deposits|(?:drug\s+|clinical\s+)?pipelines?)\b"
)
#: "The group also mines niobium and phosphates": the verb, after its subject or an adverb.
_MINES = re.compile(
    r"(?:\b(?:it|which|that|who|also|still|now|already|mainly|chiefly|and)|[A-Z][\w&.-]*)\s+(?:mines|mined)\s+"
    r"(?P<goods>[a-z][\w-]*(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)[a-z][\w-]*){0,4})\b"
)
_NOT_WORKED = _ADJECTIVES | frozenset(
    "new own existing main core biggest largest flagship early-stage late-stage open-pit underground first second "
    "third two three four five several other drug clinical research product development".split()
)


@triggered_by("mine", "mines", "mined", "deposits", "pipeline")
def workings(view: View) -> Iterator[Claim]:
    """ "its copper and zinc mines", "also mines lithium and nickel", "its oncology pipeline": a miner competes in
    what it digs, a drugmaker in the field of the drugs it develops."""
    for pattern in (_WORKINGS, _MINES):
        for match in pattern.finditer(view.text):
            if pattern is _WORKINGS:
                owner = next((m for m in view.mentions if m.end == match.start()), None)
                subject = owner or _pointed(view, match.start()) or actor(view, match.start())
            else:
                subject = view.relative_antecedent(match.start() + 1) or view.subject_before(
                    match.start("goods"), COMPETITORS
                )
            if subject is None or subject.type not in ("Company", "Brand", UNTYPED):
                continue
            items = [
                i
                for a, b in split_list(view.text, match.start("goods"), match.end("goods"))
                for i in _split_words(view.text, a, b)
            ]
            words = [view.text[a:b].strip().lower() for a, b in items]
            if not words or any(
                not w or set(w.split()) & (_NOT_WORKED | _NOT_GOODS_NOUNS) or _demonym(w) for w in words
            ):
                continue  # "its new mines", "its foreign mines", "its Chilean mines": which, not what
            for (a, b), name in zip(items, words, strict=True):
                if well_formed(name.split()) and not _names_place(view, a, b):
                    obj = Mention(a, b, name, "Segment", name, "cue", 0.6)
                    yield plain(claim(view, _company(subject), "competesIn", obj, a, confidence=0.6))


def _demonym(word: str) -> bool:
    return word in _demonyms()


@cache
def _demonyms() -> frozenset[str]:
    return frozenset(str(w).lower() for w in data("names")["demonyms"])


#: "mined 1.07 million tonnes of copper and 73 tonnes of gold", "to produce 300,000 barrels of oil a day": a bulk
#: commodity a company produces, counted by weight or volume after a verb of production.
_TONNAGE = re.compile(
    r"\b(?:produc(?:e|es|ed|ing|tion)|mine[sd]?|mining|output|extract(?:s|ed|ing)?|refin(?:e|es|ed|ing)|"
    r"smelt(?:s|ed|ing)?|pump(?:s|ed|ing)?)\s+(?:(?:about|around|nearly|some|roughly|almost|more\s+than|over|up\s+to)\s+)?"
    r"[\d][\d.,]*\s+(?:(?:million|billion|thousand)\s+)?(?:metric\s+)?(?:tonnes|tons|ounces|barrels|carats)\s+of\s+"
    r"(?P<goods>[a-z][\w-]*)\b(?!\s+(?:emissions|dioxide|equivalent|waste))"
)
#: After a first tonnage: "... and 73 tonnes of gold".
_MORE_TONNAGE = re.compile(
    r"\s+(?:and|,)\s+(?:about\s+|around\s+|nearly\s+|some\s+)?[\d][\d.,]*\s+(?:(?:million|billion|thousand)\s+)?"
    r"(?:metric\s+)?(?:tonnes|tons|ounces|barrels|carats)\s+of\s+(?P<goods>[a-z][\w-]*)\b(?!\s+(?:emissions|dioxide))"
)
_NOT_COMMODITIES = frozenset("carbon co2 emissions waste cargo water ore rock soil debris goods freight".split())


@triggered_by("tonnes", "tons", "ounces", "barrels", "carats")
def tonnage(view: View) -> Iterator[Claim]:
    """ "Zijin mined 1.07 million tonnes of copper and 73 tonnes of gold": what a company produces by the tonne or
    barrel is its segment (not what it buys, cuts or emits: "buy 90,000 tonnes of coffee beans", "tonnes of
    carbon")."""
    for match in _TONNAGE.finditer(view.text):
        subject = actor(view, match.start())
        if subject is None or subject.type not in ("Company", "Brand", UNTYPED):
            continue
        found = [match]
        while (more := _MORE_TONNAGE.match(view.text, found[-1].end())) is not None:
            found.append(more)
        for each in found:
            name = each.group("goods")
            if name in _NOT_COMMODITIES or not well_formed([name]) or _names_place(view, *each.span("goods")):
                continue
            obj = Mention(each.start("goods"), each.end("goods"), name, "Segment", name, "cue", 0.6)
            yield plain(claim(view, _company(subject), "competesIn", obj, match.start(), confidence=0.6))


#: Where the noun phrase before "market" starts: after an article, a possessive or a comma.
_PHRASE_OPENING = re.compile(r".*(?:,\s|\bthe\s|\ba\s|\ban\s|'s\s|^)", re.IGNORECASE | re.DOTALL)


@triggered_by("dominated", "led", "controlled", "ruled")
def led_by(view: View) -> Iterator[Claim]:
    """ "The Thai scooter market is led by Honda and Yamaha": each leader competes in the segment, and is present
    in the place the market is named after."""
    for match in MARKET_LED_BY.finditer(view.text):
        opening = _PHRASE_OPENING.match(view.text, max(0, match.start() - 60), match.start())
        start = opening.end() if opening else match.start()
        market_end = match.start() + len(view.text[match.start() :].split(None, 1)[0].rstrip(","))
        found = segment(view, start, market_end, 0.65)
        places = [m for m in view.mentions if start <= m.start < market_end and m.type in PLACES]
        leaders = view.listed_after(match.end(), COMPETITORS, within=25)
        owned = next((m for m in view.mentions if leaders and m.start == leaders[0].end + 3), None)
        if owned is not None and view.text[leaders[0].end : owned.start] in ("'s ", "\u2019s "):
            leaders = view.listed_after(owned.start, COMPETITORS, within=0)  # "Tencent's WeChat Pay, Alipay and ..."
        for leader in leaders:
            leader = _company(leader) if leader.type == UNTYPED else leader
            if found is not None:
                yield plain(claim(view, leader, "competesIn", found, match.start(), confidence=0.65))
            for place in places:
                yield plain(claim(view, leader, "operatesIn", place, match.start(), confidence=0.6))


#: A money figure or a share right after its verb: "CNY 27.3 billion", "about 60%", "$4.4 billion".
_AMOUNT = (
    r"(?:about\s+|around\s+|nearly\s+|roughly\s+|some\s+|almost\s+|over\s+|more\s+than\s+)?"
    r"(?:[$\u20ac\u00a3\u00a5]|[A-Z]{2,3}\$?\s?)?\d"
)
#: A sum of money with no verb before it: "ride-hailing CNY 14.1 billion", "warehousing 3.1 billion yuan".
_MONEY = (
    r"(?:(?:[$\u20ac\u00a3\u00a5]|[A-Z]{3}\s)\d|\d[\d.,]*\s*(?:billion|million|bn)\s+"
    r"(?:yuan|renminbi|euros?|dollars|pounds|yen|won|rupees|reais|ringgit|baht|rupiah|pesos))"
)
_EARNS = (
    r"(?:rose|fell|grew|jumped|climbed|increased|declined|dropped|slipped|surged|edged\s+up|reached|totall?ed|"
    r"came\s+to|brought\s+in|contributed|generated|earned|accounted\s+for|made\s+up|was|were)"
)
#: A line of business earning part of the company's revenue, opening its clause: "By business line, food delivery
#: brought in CNY 27.3 billion", "medical imaging contributed 4.4 billion yuan", "in-vitro diagnostics revenue rose
#: 16.8 percent", "revenue from cell and gene therapy services fell 6.1%".
_EARNING_LINE = re.compile(
    r"(?:^|[.;:]\s+|,\s+(?:while|whereas|and|but)\s+|\b[Bb]y\s+(?:business|segment|division|product)(?:\s+line)?,\s+|"
    rf",\s+(?:and\s+)?(?=[a-z][\w-]*(?:\s+[a-z][\w-]*){{0,3}}\s+{_MONEY}))"
    r"(?:(?:(?:[Rr]evenues?|[Ss]ales|[Ii]ncome)\s+from\s+)?(?P<line>[A-Za-z][a-z-]*(?:\s+(?:and\s+)?[a-z][\w-]*){0,3}?)"
    rf"(?:\s+(?:revenues?|sales))?\s+(?:{_EARNS}\s+(?:by\s+|to\s+)?{_AMOUNT}|(?={_MONEY})))"
)
#: Words that make a clause's first words a whole company, a place or a kind of figure, no line of business.
_NOT_EARNING_LINES = frozenset(
    "group total overall overseas international foreign domestic global local net operating gross annual quarterly "
    "first-half second-half full-year first second third fourth half revenue revenues sales income profit it its "
    "their the this that which exports imports shipments orders deliveries market share shares company rest "
    "remainder balance online offline channel channels brands models tickets ticket".split()
)
#: Words of spending or of a period anywhere in them make the words no line of business: "research and development
#: spending rose", "fourth-quarter revenue".
_SPENDING_OR_PERIOD = re.compile(
    r"\b(?:research|development|spending|expenses?|costs?|fees?|forecasts?|estimates?|grades?|marketing|capex|"
    r"investments?|dividends?|raising|"
    r"(?:first|second|third|fourth)-(?:quarter|half)|quarter|half-year|full-year)\b",
    re.IGNORECASE,
)


@triggered_by(
    "revenue", "revenues", "sales", "income", "brought in", "contributed", "generated", "earned", "accounted",
    "made up",
)  # fmt: skip
def earning_line(view: View) -> Iterator[Claim]:
    """A line of business whose revenue is told is one the company in focus competes in ("food delivery brought in
    CNY 27.3 billion", "revenue from cell and gene therapy services fell 6.1%"); places, names, spending and periods
    are no lines of business."""
    for match in _EARNING_LINE.finditer(view.text):
        line = match.group("line")
        words = line.lower().split()
        if not words or words[0] in _NOT_EARNING_LINES or words[-1] in _NOT_EARNING_LINES:
            continue
        if _SPENDING_OR_PERIOD.search(line):
            continue
        if any(m.type != "Segment" for m in view.between(match.start("line"), match.end("line"))):
            continue  # "Europe contributed 43%", "Tineco brought in": a place or a name, read elsewhere
        subject = actor(view, match.start("line"), ("Company", UNTYPED))
        if subject is None:
            continue
        start, end = match.start("line"), match.end("line")
        others = _AND_OTHERS.search(view.text, start, end)
        end = others.start() if others else end  # "payments and other services": payments
        found = segment(view, start, end, 0.6)
        first = line.split()[0]
        if (
            found is None
            and first[0].isupper()
            and known_word(first.lower().partition("-")[0])
            and not any(w[0].isupper() for w in line.split()[1:])
        ):
            # "In-vitro diagnostics revenue rose": a capital that only opens the sentence
            name = view.text[start].lower() + view.text[start + 1 : end]
            found = Mention(start, end, name, "Segment", name, "cue", 0.6)
        for named in _shared_heads(found):
            yield plain(claim(view, _company(subject), "competesIn", named, start, confidence=0.6))


_AND_OTHERS = re.compile(r"\s+and\s+other\s+[\w-]+$")


PATTERNS = (
    field_of, entry_into, share_of_goods, named_after, maker_of, serving, division, head_on, operated, owned_goods,
    portfolio, workings, tonnage, led_by, earning_line,
)  # fmt: skip


def ranked_segment(view: View) -> Mention | None:
    """The segment a ranking is in: "Europe's second smartphone brand", "the worldwide robot vacuum market"."""
    named = next((m for m in view.mentions if m.type == "Segment"), None)
    if named is not None:
        return named
    market = _SEGMENT_MARKET.search(view.text)
    if market is None or market.group("segment").split()[0] in _NOT_RANKED_SEGMENT_WORDS:
        return None
    return Mention(
        market.start("segment"),
        market.end("segment"),
        market.group("segment"),
        "Segment",
        market.group("segment"),
        "cue",
        0.6,
    )


_SEGMENT_MARKET = re.compile(
    r"(?:\b(?:the|a|its|their)\s+(?:(?:worldwide|global|world|overseas|domestic|local|[A-Z][\w-]*'s?)\s+)?|"
    r"\b[A-Z][\w-]*'s\s+)"
    r"(?P<segment>[a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,2})\s+market\b"
)
_NOT_RANKED_SEGMENT_WORDS = frozenset(
    "overall whole entire stock home mass target key main core biggest largest fastest-growing growing new local "
    "domestic global overseas".split()
)


@cache
def company_head_regex() -> re.Pattern[str]:
    """A noun that says a description is of a company ("maker", "chain", "operator", "truckmaker"), singular or
    plural."""
    own = "|".join(HEAD_SEGMENTS)
    return re.compile(rf"(?:{cue('competesIn', 'descriptor_heads')}|{own}|{MAKER_COMPOUND})s?|companies", re.IGNORECASE)


#: "truckmaker", "toymaker", "shoemaker": a maker whose goods are the first part of its noun.
#: Not "policymaker" or "chipmaker" (whether chips or semiconductors are meant, the noun does not say).
MAKER_COMPOUND = (
    r"(?!(?:policy|law|deal|money|peace|match|play|home|rain|trouble|king|decision|news|chip)maker)[a-z]{3,}maker"
)
_MAKER_GOODS = re.compile(rf"(?P<goods>{MAKER_COMPOUND[:-5]})maker", re.IGNORECASE)
#: Company nouns that name their own line of business: "Portugal's biggest insurer" competes in insurance.
HEAD_SEGMENTS = {
    "insurer": "insurance",
    "reinsurer": "reinsurance",
    "miner": "mining",
    "brewer": "beer",
    "winemaker": "wine",
    "steelmaker": "steel",
    "carmaker": "cars",
    "automaker": "cars",
    "drugmaker": "pharmaceuticals",
    "shipbuilder": "shipbuilding",
    "lender": "banking",
    "bank": "banking",
    "lessor": "leasing",
    "courier": "express delivery",
    "hotelier": "hotels",
    "refiner": "refining",
}


def head_segment(head: str, words: list[str]) -> str | None:
    """The segment a company noun names by itself, with the words before it: "insurer" -> insurance, "a life
    insurer" -> life insurance, "a copper miner" -> copper, "truckmakers" -> trucks, "electric carmaker" -> electric
    cars; None for a noun that names none ("group", "firm")."""
    noun = head.lower()
    if noun.endswith("s") and (noun[:-1] in HEAD_SEGMENTS or _MAKER_GOODS.fullmatch(noun[:-1])):
        noun = noun[:-1]
    known = HEAD_SEGMENTS.get(noun)
    if known is not None and not words:
        return None if noun == "miner" else known  # "a Luoyang-based miner": what it digs is named elsewhere
    if known is not None and noun.endswith("maker"):
        return modifier_segment([*words, known]) if known.endswith("s") else None
    if known is not None:
        return " ".join(words) if noun == "miner" else " ".join([*words, known])
    compound = _MAKER_GOODS.fullmatch(noun)
    return modifier_segment([*words, compound.group("goods")]) if compound else None
