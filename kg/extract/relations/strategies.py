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

from kg.extract.inflection import lemmas, only_adjective, only_verb
from kg.extract.lexicon import alternation, cue, data, literal_alternation, lower_regex
from kg.extract.mentions import UNTYPED, Mention, one_name
from kg.extract.phrases import clause_end, drop_leading, split_list
from kg.extract.relations.claims import claim, triggered_by, with_status
from kg.extract.relations.presence import actor
from kg.extract.view import PLACES, Claim, View

COMPANIES = ("Company", UNTYPED)
_ARTICLES = frozenset(("the", "a", "an", "its", "their", "our", "this", "that", "his", "her"))
_TRAILING_WORDS = re.compile(r"(?:\s+(?:of|to|in|for|with|by|on|at|the|a|an|and|or))+$", re.IGNORECASE)
_PREPOSITION = re.compile(
    r"\s(?:of|from|to|in|for|with|by|across|through|at|on|as|into|over|among|while|rather\s+than|than|"
    r"and\s+(?:then|also)|everywhere|wherever|whenever|where|when)\s",
    re.IGNORECASE,
)


@cache
def _quoted_regex() -> re.Pattern[str]:
    cues = literal_alternation(data("strategies")["quote_cues"])
    return lower_regex(
        rf"(?<![\w-]){cues}\b[^\".;]{{0,30}}?\"(?P<s>[^\"]{{2,80}})\""
        # "its \"Alpha Plan\", a strategy to ...", "its \"Vision 2030\" programme, a plan": a name, not a quoted remark
        rf"|\"(?P<t>[^\"]{{1,60}}[^\",.!?])\"(?:\s+[a-z]+)?,?\s+(?:(?:a|an|the|its|their|our)\s+)?{cues}\b"
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
            yield claim(
                view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.9
            )


@triggered_by(("adoptsStrategy", "focus"))
def focuses(view: View) -> Iterator[Claim]:
    """ "<Company> focuses on / pursues / adopted X": X is the strategy, unless it names a place."""
    for match in _cue_regex("focus").finditer(view.lower):
        subject = view.subject_before(match.start(), COMPANIES)
        end = clause_end(view.text, match.end())
        if subject is None or '"' in view.text[match.end() : end + 1]:
            continue
        for start, stop in split_list(view.text, match.end(), end):
            if any(m.type in PLACES for m in view.between(start, stop)) and not _PLACE_AFTER.search(
                view.text, start, min(stop, _first_place(view, start, stop))
            ):
                continue  # "focuses on Southeast Asia", "focuses on markets in Europe": where, not how
            strategy = _strategy(view, start, stop)
            if strategy and _names_products(view, strategy):
                segment = Mention(strategy.start, strategy.end, strategy.name, "Segment", strategy.surface, "cue", 0.7)
                yield claim(view, _company(_whose(view, subject)), "competesIn", segment, match.start(), confidence=0.7)
            elif strategy and is_strategy(view, strategy):
                yield claim(
                    view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.7
                )


#: "chose an asset-light model in Europe": a way of doing business, then where.
_PLACE_AFTER = re.compile(r"\b(?:model|strategy|approach|structure|format|scheme)\s+(?:in|for|across)\s+$")


def _first_place(view: View, start: int, stop: int) -> int:
    return min((m.start for m in view.between(start, stop) if m.type in PLACES), default=stop)


_NOT_GOODS = frozenset(
    "partnerships acquisitions alliances exports imports sales markets customers users consumers clients margins "
    "profits costs prices operations investments services solutions stores channels platforms brands "
    "franchises franchisees licences licenses deals collaborations synergies efficiencies savings discounts "
    "subscriptions ads advertisements influencers livestreams rights".split()
)


def _names_products(view: View, phrase: Mention) -> bool:
    """ "focused on strategy games" names a kind of product: a segment to compete in, not a strategy."""
    head = phrase.name.split()[-1].lower()
    if head == "model" and len(phrase.name.split()) > 1:
        return False  # "chose an asset-light model": one way of doing business, not a kind of goods
    nouns = _product_nouns()
    return (
        head in nouns
        or head.rstrip("s") in nouns
        or any(m.type == "Segment" for m in view.between(phrase.start, phrase.end))
        # "focused on scooters and robot mowers": a plural count noun names goods, unless it is a way of doing
        # business ("partnerships", "acquisitions") or whom it serves ("markets", "customers")
        or (head.endswith("s") and not head.endswith(("ss", "ics", "ness")) and head not in _NOT_GOODS)
    )


@cache
def _product_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in data("names")["type_cues"]["Product"])


_GOING = re.compile(r"(?:go|going|stay|staying|remain|become)\s+(?=[a-z][\w-]*-)", re.IGNORECASE)
_ABROAD = re.compile(
    r"\s+(?:abroad|overseas|globally|internationally|locally|at\s+home|worldwide)[\s,.]*$", re.IGNORECASE
)


@cache
def _finite_verb() -> re.Pattern[str]:
    """A finite verb inside a would-be strategy phrase ("its approach of open releases mirrors that of ..."): the
    phrase was the sentence's subject, and its verb ends it."""
    verbs = {*data("names")["subject_verbs"], *data("strategies")["verbs_after_subject"]}
    verbs -= {"markets", "rivals", "targets", "leads", "works", "runs", "cuts", "rolls", "forms", "files"}  # also nouns
    return re.compile(rf"\s(?:{literal_alternation(sorted(verbs, key=len, reverse=True))})\b")


def _strategy(view: View, start: int, end: int, confidence: float = 0.7) -> Mention | None:
    """A strategy phrase cleaned of articles and cut at its first preposition or finite verb."""
    start, end = drop_leading(view.text, start, end, _ARTICLES)
    acting = bool(_INFINITIVE_BEFORE.search(view.text, max(0, start - 4), start))
    # "Our strategy is to stay close to our customers wherever they build": a way of acting, whose own prepositions
    # and object belong to it, ends where a subordinate clause starts; a noun phrase at its first preposition
    cut = (_VERB_PHRASE_END if acting else _PREPOSITION).search(view.text, start, end)
    end = cut.start() if cut else end
    # the last one: "open releases mirrors that" (a plural noun may look like a verb, the verb comes after it)
    verb = None if acting else next(reversed(list(_finite_verb().finditer(view.text, start, end))), None)
    end = verb.start() if verb else end
    going = _GOING.match(view.text, start, end)  # "is to go asset-light abroad": the way, not the verb or the place
    start = going.end() if going else start
    abroad = _ABROAD.search(view.text, start, end)
    end = abroad.start() if abroad else end
    name = _TRAILING_WORDS.sub("", view.text[start:end].strip(" ,."))
    words = name.split()
    if not 1 <= len(words) <= 6 or not name.replace("-", "").replace(" ", "").isalpha() or not name[0].islower():
        return None
    if words[0].lower() in {"it", "them", "this", "that", "these", "those", "which", "what", "how"} | _PLACE_WORDS:
        return None  # "The group's newest push is in Australia": where, not how
    return Mention(start, end, name, "Strategy", name, "cue", confidence)


_INFINITIVE_BEFORE = re.compile(r"\bto\s+$")
_VERB_PHRASE_END = re.compile(
    r"\s(?:wherever|where|when|whenever|while|because|which|that|who|but|rather|instead|if|unless|before|after)\b"
    r"|[,;:.\"\u201d]"
)


@cache
def _possessive_regex() -> re.Pattern[str]:
    heads = literal_alternation(data("strategies")["heads"])
    return re.compile(rf"(?:'s|')\s+(?P<x>(?:[a-z][\w-]*,?\s+){{1,4}}?){heads}\b")


@triggered_by("'")
def possessive(view: View) -> Iterator[Claim]:
    """ "Acme's asset-light approach": a named company's approach, with the head word kept."""
    for match in _possessive_regex().finditer(view.text):
        # the name before the possessive, or an anaphor that takes the "'s" in ("The company's ... strategy")
        owner = next(
            (m for m in reversed(view.mentions) if m.start < match.start() and m.end >= match.start() - 1), None
        )
        if owner is None or owner.type not in COMPANIES:
            continue
        name = " ".join(view.text[match.start("x") : match.end()].replace(",", " ").split())
        strategy = Mention(match.start("x"), match.end(), name, "Strategy", name, "cue", 0.7)
        modifiers = name.lower().replace(",", " ").split()[:-1]
        if not is_strategy(view, strategy) or any(w in _DETERMINERS for w in name.lower().split()):
            continue  # "X's core strategy", "X's founder describes its approach"
        if all(w in _RANKING_WORDS for w in modifiers):
            continue  # "the search giant's biggest push into Europe": which push, not what kind
        yield claim(view, _company(_whose(view, owner)), "adoptsStrategy", strategy, match.start(), confidence=0.7)


@cache
def _is_regex() -> re.Pattern[str]:
    heads = literal_alternation(data("strategies")["heads"])
    return lower_regex(
        rf"(?:(?<![\w-])(?:its|their|our)|'s|')\s+(?:[\w-]+\s+)?{heads}\s+"
        rf"(?:is|was|remains|has\s+been|will\s+be)\s+(?:to\s+)?"
    )


@triggered_by(" is ", " was ", " remains ", " has been ", " will be ")
def stated(view: View) -> Iterator[Claim]:
    """ "Its approach is a platform-based matrix ...": the owner's strategy, cut at its first preposition."""
    for match in _is_regex().finditer(view.lower):
        owner = next((m for m in view.mentions if m.start <= match.start() <= m.end), None)
        owner = owner or view.subject_before(match.start(), COMPANIES)
        if owner is None and match.group().startswith("our"):
            owner = actor(view, match.start(), COMPANIES)  # "Our approach is ...," said its chief: the speaker's
        # "Our plan is simple: China for the world, ...": the word before the colon only announces the strategy
        announced = _WORD_THEN_COLON.match(view.text, match.end())
        start = announced.end() if announced else match.end()
        end = clause_end(view.text, start)
        strategy = _strategy(view, start, end) if owner and owner.type in COMPANIES else None
        if strategy and _DESCRIBED.match(strategy.name.lower()) and "ADJ" in lemmas(strategy.name.split()[0]):
            continue  # "its overseas push remains small next to ...", "was cautious": what it is like, not what it is
        if strategy and owner and is_strategy(view, strategy):
            yield claim(view, _company(_whose(view, owner)), "adoptsStrategy", strategy, match.start(), confidence=0.7)


#: An adjective alone, or before a comparison: "cautious", "small next to", "modest compared with".
_DESCRIBED = re.compile(r"[\w-]+(?:\s+(?:next|compared|relative|than|to|for|so|at|in|by)\b.*)?$")
_WORD_THEN_COLON = re.compile(r"(?:simple|clear|straightforward|obvious|twofold|threefold)\s*:\s+")


@triggered_by(("adoptsStrategy", "of"))
def layout_of(view: View) -> Iterator[Claim]:
    """ "<Company> has completed the layout of X", "a strategy of X"."""
    for match in _cue_regex("of").finditer(view.lower):
        subject = view.subject_before(match.start(), COMPANIES)
        if subject is None:
            continue
        start, end = split_list(view.text, match.end(), clause_end(view.text, match.end()))[0]
        strategy = _strategy(view, start, end)
        if (
            strategy
            and is_strategy(view, strategy)
            and not any(m.type in PLACES for m in view.between(strategy.start, strategy.end))
        ):
            yield claim(
                view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.7
            )


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
    r"\b(?:shift(?:s|ed|ing)?|pivot(?:s|ed|ing)?|switch(?:es|ed|ing)?|"
    r"(?:mov(?:e|es|ed|ing)|turn(?:s|ed|ing)?)\s+away\s+from\s+"
    r"(?:[\w-]+\s+){1,4}?)\s*(?:towards?|to|into)\s+(?:the\s+|a\s+|an\s+)?(?=[a-z])"
)


@triggered_by(" as ")
def regarded(view: View) -> Iterator[Claim]:
    """ "X regards local assembly as the cheapest way into Africa": local assembly is X's strategy."""
    for match in _REGARDED.finditer(view.text):
        subject = view.subject_before(match.start(), COMPANIES)
        strategy = _strategy(view, match.start("x"), match.end("x")) if subject else None
        if subject and strategy:
            yield claim(
                view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.7
            )


#: "runs 12,000 hotels under an asset-light strategy": the way of doing business a company works under.
_UNDER_STRATEGY = re.compile(
    r"\bunder\s+(?:a|an|its|their|the)\s+(?P<x>(?:[a-z][\w-]*\s+){1,3}?(?:strategy|model|approach))\b"
)


@triggered_by("under ")
def under(view: View) -> Iterator[Claim]:
    """ "X runs 12,000 hotels under an asset-light strategy": the strategy, its head word kept."""
    for match in _UNDER_STRATEGY.finditer(view.text):
        subject = view.subject_before(match.start(), COMPANIES)
        name = match.group("x")
        strategy = Mention(match.start("x"), match.end("x"), name, "Strategy", name, "cue", 0.7)
        if subject is not None and is_strategy(view, strategy) and not any(w in _DETERMINERS for w in name.split()):
            yield claim(
                view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.7
            )


@triggered_by("shift", "pivot", "switch", " away from ")
def shifting(view: View) -> Iterator[Claim]:
    """ "X has been shifting towards premium models": the course it turns to, unless that is a place."""
    for match in _SHIFT.finditer(view.text):
        subject = view.subject_before(match.start(), COMPANIES)
        end = clause_end(view.text, match.end())
        comma = view.text.find(",", match.end(), end)
        strategy = _strategy(view, match.end(), comma if comma > 0 else end) if subject else None
        if subject and strategy and not any(m.type in PLACES for m in view.between(strategy.start, strategy.end)):
            yield claim(
                view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.7
            )


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
        yield claim(view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.7)


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
    made = claim(view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start("x"), confidence=0.7)
    yield with_status(made, "denied")


#: Words that make no strategy on their own ("core strategy", "its growth plan", "the new approach").
_GENERIC = frozenset(
    "strategy strategies approach approaches plan plans model models system systems core key main overall new "
    "current broader wider long-term business growth corporate company group same own earlier previous former old "
    "older usual traditional existing".split()
)
_ACTORS = frozenset(
    "partner partners supplier suppliers customer customers distributor distributors investor investors ally allies "
    "rival rivals competitor competitors".split()
)
#: A technology the company's goods run on ("an operating system", "its seventh-generation system") is no strategy.
_TECHNOLOGY = re.compile(r"\boperating\s+system|generation\b", re.IGNORECASE)
#: What goods run on or are built on: "run on an upgraded flight-control system".
_INSTRUMENT = re.compile(r"\b(?:on|upon|with|by)\s+(?:\w+\s+)?$", re.IGNORECASE)


def is_strategy(view: View, strategy: Mention) -> bool:
    """Whether a phrase names a way of doing business: not generic words alone, not a technology goods run on."""
    words = strategy.name.lower().replace(",", " ").split()
    if not words or all(w in _GENERIC for w in words) or _TECHNOLOGY.search(strategy.name):
        return False
    if words[0] == "to":
        return False  # "chose to try its luck abroad": what it chose to do, not a named way of doing it
    lone = words[0] if len(words) == 1 and not words[0].endswith("ing") else ""  # "franchising" is a way of working
    if lone and (lone.endswith("ed") or only_adjective(lone) or only_verb(lone)):
        return False  # "has backed ...", "keeps it simple": a participle or a bare adjective names no way of working
    if _CLAUSE_INSIDE & set(words):
        return False  # "electric cars is slowing", "packaging and hoped": a clause ran into the phrase
    if words[0] in _person_roles() or words[0].startswith("vice"):
        return False  # "Heytea's vice president of strategy": a person's title
    if words[-1] in _ACTORS and not {"to", "with", "through", "via"} & set(words[1:-1]):
        # "bets on a local partner": a partner is a company to work with, not a way of doing business ("license
        # its drugs to Western partners" is one)
        return False
    if words[-1] in ("model", "models") and _NAMED_MODEL.match(view.text, strategy.end):
        return False  # "its best-selling model, the Vega X5": a product's model, which a name follows
    before = view.text[max(0, strategy.start - 30) : strategy.start]
    return not (words[-1] in ("system", "systems") and _INSTRUMENT.search(before))


#: Words of a clause, not of a noun phrase naming a strategy.
_CLAUSE_INSIDE = frozenset("is are was were has have had will would that which who hoped hopes says said".split())

#: After "model": the name of one ("model, the Vega X5", "model, called X7"); not the clause's subject ("Under its
#: asset-light model, Corvel rents ...").
_NAMED_MODEL = re.compile(r"\s*,?\s+(?:the|called|named|dubbed)\s+[A-Z0-9]")


@cache
def _person_roles() -> frozenset[str]:
    return frozenset(w for w in data("names")["person_roles"] if " " not in w)


_FOR_COMPANY = re.compile(r"^\W*for\s+$", re.IGNORECASE)


def owner(view: View, pos: int) -> Mention | None:
    """Whose strategy a phrase at ``pos`` names: a clause opened by "For <Company>," ("For X, the deal is part of
    a localisation strategy") is that company's, whoever else the clause names; else None."""
    for m in view.mentions:
        if m.start >= pos:
            break
        if (
            m.type in COMPANIES
            and m.origin != "anaphor"
            and _FOR_COMPANY.match(view.text[: m.start])
            and re.match(r"\s*,", view.text[m.end : m.end + 3])
        ):
            return m
    return None


def _subject(view: View, pos: int) -> Mention | None:
    """The company a strategy cue at ``pos`` belongs to: a fronted "For X," else the clause's, else the actor."""
    found = owner(view, pos) or view.subject_before(pos, COMPANIES) or actor(view, pos, COMPANIES)
    if (found is None or found.type not in COMPANIES) and _WE.search(view.text, max(0, pos - 30), pos):
        found = view.main  # "We are building an ecosystem," an executive said: the story's company speaks
    return found if found is not None and found.type in COMPANIES else None


_WE = re.compile(r"\b(?i:we)(?:'re|\s+are|\s+have\s+been|\s+will\s+be|\s+were)?\s+(?:now\s+|also\s+)?$")


_PLACE_WORDS = frozenset(("in", "into", "at", "on", "across", "throughout", "inside", "outside", "abroad"))
#: Words that rank or date a strategy without saying what it is: "its biggest push", "the group's newest bet".
_RANKING_WORDS = frozenset(
    "biggest largest boldest newest latest first second third next new recent current main own overall big bold "
    "major key overseas international global foreign".split()
)
_DETERMINERS = frozenset(
    "the a an this that these those it its their our his her such which what there here each every some".split()
)


def _opening_phrase(view: View, start: int, end: int) -> Mention | None:
    """A practice named at a clause's start ("Out-licensing", "Open-sourcing its models", "Subscription pricing"):
    its words up to a possessive or article, the first letter lower-cased, no name inside."""
    words = view.text[start:end].split()
    kept: list[str] = []
    for word in words:
        if word.lower() in _DETERMINERS or not re.fullmatch(r"[A-Za-z][a-z-]*[a-z]", word):
            break
        kept.append(word)
    if not kept or kept[0].lower() in _DETERMINERS or len(kept) > 4:
        return None
    stop = start + len(" ".join(kept))
    if any(m.start < stop and start < m.end for m in view.mentions):
        return None
    name = kept[0].lower() + (" " + " ".join(kept[1:]) if kept[1:] else "")
    return Mention(start, stop, name, "Strategy", view.text[start:stop], "cue", 0.7)


#: "Out-licensing has become a pillar of X's strategy", "franchising remains the backbone of the company's approach":
#: the practice opening the clause is the owner's strategy.
_PILLAR = re.compile(
    r"(?P<x>(?-i:[A-Za-z])[a-z-]+(?:\s+[a-z][\w-]*){0,3}?)\s+(?:has\s+(?:now\s+|long\s+)?(?:become|turned\s+into|been)|"
    r"is|was|remains|became|sits\s+at|lies\s+at|is\s+now|are)\s+(?:now\s+|still\s+)?(?:(?:a|an|the)\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:pillar|cornerstone|backbone|centrepiece|centerpiece|linchpin|core|heart|centre|center|"
    r"foundation|plank|mainstay|part|element)\s+of\s+(?P<o>(?:[\w&.'-]+\s+){1,5}?)(?:[\w-]+\s+)?"
    r"(?:strategy|strategies|approach|business\s+model|growth\s+plan|playbook|expansion)\b",
    re.IGNORECASE,
)
#: "Open-sourcing is a way for X to win developers", "franchising is the fastest route for X to ...".
_WAY_FOR = re.compile(
    r"(?P<x>(?-i:[A-Za-z])[a-z-]+(?:\s+[a-z][\w-]*){0,3}?)\s+(?:is|was|remains|has\s+been|would\s+be|will\s+be)\s+"
    r"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}?(?:way|route|path|means)\s+for\s+(?P<o>)",
    re.IGNORECASE,
)
_CLAUSE_OPENING = re.compile(r"(?:^|[.;:]\s+|,\s+)\W*$")
_PILLAR_OF = re.compile(
    r"\b(?:pillar|cornerstone|backbone|centrepiece|centerpiece|linchpin|core|heart|centre|center|foundation|plank|"
    r"mainstay|part|element)\s+of\b[^.;]*?\b(?:strateg|approach|business\s+model|growth\s+plan|playbook|expansion)"
)
_WAY_FOR_ANCHOR = re.compile(r"\b(?:way|route|path|means)\s+for\b")


@triggered_by(
    "pillar",
    "cornerstone",
    "backbone",
    "centrepiece",
    "centerpiece",
    "linchpin",
    "core",
    "heart",
    "centre",
    "center",
    "foundation",
    "plank",
    "mainstay",
    "part",
    "element",
    "way",
    "route",
    "path",
    "means",
)
def pillar(view: View) -> Iterator[Claim]:
    """ "Out-licensing has become a pillar of X's strategy", "Open-sourcing is a way for X to win developers"."""
    for regex, anchor in ((_PILLAR, _PILLAR_OF), (_WAY_FOR, _WAY_FOR_ANCHOR)):
        if not anchor.search(view.lower):
            continue  # most sentences with "part" or "way" have no "part of ... strategy": look for that first
        for match in regex.finditer(view.text):
            if not _CLAUSE_OPENING.search(view.text, 0, match.start()):
                continue
            strategy = _opening_phrase(view, match.start("x"), match.end("x"))
            if strategy is None or not is_strategy(view, strategy):
                continue
            pos = match.start("o")
            if regex is _WAY_FOR:
                subject = view.named_after(pos, COMPANIES, words=1)
            else:
                subject = next(
                    (m for m in reversed(view.mentions) if pos <= m.start < match.end() and m.type in COMPANIES), None
                ) or _subject(view, match.start())
            if subject is not None and subject.type in COMPANIES:
                yield claim(view, _company(_whose(view, subject)), "adoptsStrategy", strategy, pos, confidence=0.7)


_UPMARKET = re.compile(
    r"\b(?:mov(?:e|es|ed|ing)|push(?:es|ed|ing)?|head(?:s|ed|ing)?|go(?:es|ing)?|went|gone|shift(?:s|ed|ing)?|"
    r"trad(?:e|es|ed|ing))\s+(?P<d>up-?market|down-?market|upscale)\b",
    re.IGNORECASE,
)
_DIVERSIFY = re.compile(
    r"\bdiversif(?:y|ies|ied|ying)\s+(?:away\s+from|beyond|into|its|their|out\s+of|from)\b", re.IGNORECASE
)


@triggered_by("upmarket", "up-market", "downmarket", "down-market", "upscale", "diversif")
def repositions(view: View) -> Iterator[Claim]:
    """ "X is moving upmarket, shutting cheaper sites", "X wants to diversify away from copper"."""
    for match in _UPMARKET.finditer(view.text):
        subject = _subject(view, match.start())
        name = "moving " + match.group("d").lower().replace("-", "")
        if subject is not None:
            strategy = Mention(match.start(), match.end(), name, "Strategy", match.group(), "cue", 0.7)
            yield claim(
                view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.7
            )
    for match in _DIVERSIFY.finditer(view.text):
        subject = _subject(view, match.start())
        if subject is not None:
            strategy = Mention(match.start(), match.end(), "diversification", "Strategy", match.group(), "cue", 0.7)
            yield claim(
                view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.7
            )


_STRATEGY_NOUNS = (
    r"(?:approach|strategy|model|formula|playbook|policy|philosophy|move|purchase|acquisition|deal|tie-up|expansion|"
    r"entry|investment|venture|takeover|push|shift|bet)"
)
#: "calls this approach localised production", "describes the purchase of the mine as diversification", "the
#: approach its chairman sums up as pairing capital with brands": the name a company gives its way of doing business.
_NAMED = re.compile(
    rf"\b(?:calls?|called|calling|dubs?|dubbed|terms?|termed|labels?|labell?ed)\s+(?:this|that|the|its|their|our)\s+"
    rf"(?:[\w-]+\s+)?(?:approach|strategy|model|formula|playbook|policy)\s+(?P<x>(?-i:[a-z]))|"
    rf"\b(?:describes?|described|describing|characteri[sz]e[sd]?|frames?|framed|presents?|presented|pitch(?:es|ed)?)\s+"
    rf"(?:this|that|the|its|their|our)\s+(?:[\w-]+\s+)?{_STRATEGY_NOUNS}\s+(?:[\w'-]+\s+){{0,5}}?as\s+(?P<y>(?-i:[a-z]))|"
    rf"\bsum(?:s|med|ming)?\s+up\s+as\s+(?P<z>(?-i:[a-z]))",
    re.IGNORECASE,
)
_TITLED = re.compile(
    r"(?:(?P<p>\S+?)(?:'s?)?\s+)?(?:chairman|chairwoman|chair|founder|co-founder|chief\s+executive|ceo|president|boss)\s+$",
    re.IGNORECASE,
)
_SUMMED_NOUN = re.compile(rf"\b{_STRATEGY_NOUNS}\b", re.IGNORECASE)


@triggered_by("call", "dub", "term", "label", "describ", "characteri", "frame", "present", "pitch", " up as ")
def named(view: View) -> Iterator[Claim]:
    """The name a company gives its approach: "calls this approach localised production"."""
    for match in _NAMED.finditer(view.text):
        group = next(g for g in ("x", "y", "z") if match.group(g))
        start = match.start(group)
        end = clause_end(view.text, start)
        comma = view.text.find(",", start, end)
        end = comma if comma > 0 else end
        if group == "z":
            if not _SUMMED_NOUN.search(view.text, max(0, match.start() - 80), match.start()):
                continue
            name = " ".join(view.text[start:end].split())
            if not 1 <= len(name.split()) <= 8:
                continue
            strategy: Mention | None = Mention(start, end, name, "Strategy", name, "cue", 0.7)
        elif group == "y" and re.match(r"(?:a|an|the)\s", view.text[start : start + 4]):
            continue  # "described the deal as a huge step forward": a judgement, not the name of a practice
        else:
            strategy = _strategy(view, start, end)
        if strategy is None or not is_strategy(view, strategy):
            continue
        subject = _subject(view, match.start())
        if subject is not None and _TITLED.search(view.text, max(0, subject.start - 40), subject.start):
            # "the approach its chairman Wei Jun sums up as ...": the chairman's company, not the chairman
            owned = _TITLED.search(view.text, max(0, subject.start - 40), subject.start)
            subject = next(
                (m for m in view.mentions if owned and m.start == owned.start("p") and m.type in COMPANIES), None
            )
        if subject is None:
            subject = view.named_after(end, COMPANIES, words=2)  # "..., Hexin Group said"
        if subject is not None:
            yield claim(
                view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.7
            )


_ARTICLE_STRATEGY = re.compile(r"\b(?:a|an)\s+(?P<x>(?:[a-z][\w-]*\s+){1,3}?(?:strategy|approach))\b")


@triggered_by("strategy", "approach")
def for_company(view: View) -> Iterator[Claim]:
    """ "For X, the tie-up is part of an internationalisation strategy": the strategy of the company fronted."""
    for match in _ARTICLE_STRATEGY.finditer(view.text):
        subject = owner(view, match.start())
        name = match.group("x")
        strategy = Mention(match.start("x"), match.end("x"), name, "Strategy", name, "cue", 0.7)
        if subject is not None and is_strategy(view, strategy):
            yield claim(
                view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.7
            )


_DEMONSTRATIVE = re.compile(
    r"\b(?:that|this|the\s+same)\s+(?P<x>(?:[a-z][\w-]*\s+){1,2}?(?:approach|strategy|playbook))\b", re.IGNORECASE
)


@triggered_by("approach", "strategy", "playbook")
def demonstrative(view: View) -> Iterator[Claim]:
    """ "That hands-off approach has been tested": the approach the story told of, its company's."""
    for match in _DEMONSTRATIVE.finditer(view.text):
        if view.text.count('"', 0, match.start()) % 2 or view.text.count('"', match.end()) % 2:
            continue  # a remark in quotes, often an analyst's, about someone's approach
        name = match.group("x")
        strategy = Mention(match.start("x"), match.end("x"), name, "Strategy", name, "cue", 0.6)
        subject = _subject(view, match.start())
        if subject is not None and is_strategy(view, strategy) and name[0].islower():
            yield claim(
                view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.6
            )


_USED = re.compile(
    r"\b(?i:the|a|an)\s+(?P<x>(?:[a-z][\w-]*\s+){1,3}?(?:strategy|approach|model|playbook|formula))\s+"
    r"(?:that\s+|which\s+)?(?P<s>\S+(?:\s+[A-Z]\S*){0,3})\s+(?:(?:has|had)\s+)?(?:also\s+)?"
    r"(?P<v>uses|used|adopted|adopts|follows|followed|pursues|pursued|employs|employed|applies|applied|relies\s+on)\b"
)


@triggered_by("strategy", "approach", "model", "playbook", "formula")
def used(view: View) -> Iterator[Claim]:
    """ "The low-price strategy it uses at home ...": the strategy of the relative clause's subject."""
    for match in _USED.finditer(view.text):
        strategy = _strategy(view, match.start("x"), match.end("x"))
        subject = next((m for m in view.mentions if m.start == match.start("s")), None)
        if subject is None and match.group("s").lower() in ("it", "they"):
            subject = actor(view, match.start("v"), COMPANIES)
        if strategy is None or subject is None or subject.type not in COMPANIES or not is_strategy(view, strategy):
            continue
        yield claim(view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start("v"), confidence=0.7)


#: "has been building its own software ecosystem", "runs its own fleet of riders", "uses a so-called NewCo structure".
_OWN = re.compile(
    r"\b(?:build|builds|built|building|develop|develops|developed|developing|runs?|ran|running|creat(?:e|es|ed|ing)|"
    r"set(?:s|ting)?\s+up|operat(?:e|es|ed|ing)|(?:relies|relied|rely|relying)\s+on)\s+(?:its|their|our)\s+own\s+(?P<x>(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:ecosystem|platform|fleet|logistics\s+network|delivery\s+network|supply\s+chain|app\s+store)"
    r"(?:\s+of\s+[a-z]+(?<!s\s)(?=[\s,.;]))?)",
    re.IGNORECASE,
)
#: "is building an ecosystem of apps and watches", "building a smart-home ecosystem": not "its own" but still the
#: company's way of keeping its users.
_ECOSYSTEM = re.compile(
    r"\b(?:build|builds|built|building|creat(?:e|es|ed|ing))\s+(?:an?|its|their|our)\s+"
    r"(?P<x>(?!own\b)(?:[a-z][\w-]*\s+){0,2}?ecosystem)\b",
    re.IGNORECASE,
)
_SO_CALLED = re.compile(
    r"\bso-called\s+(?P<x>(?:[\w-]+\s+){0,2}?(?:structure|model|approach|strategy|scheme|format))\b", re.IGNORECASE
)


@triggered_by(" own ", "so-called", "ecosystem")
def own_means(view: View) -> Iterator[Claim]:
    """What a company builds for itself ("its own software ecosystem") or a practice it uses by name."""
    for regex in (_OWN, _SO_CALLED, _ECOSYSTEM):
        for match in regex.finditer(view.text):
            x = match.group("x")
            name = ("own " + x if regex is _OWN else x).strip()
            subject = _subject(view, match.start())
            if subject is not None:
                strategy = Mention(match.start("x"), match.end("x"), name, "Strategy", x, "cue", 0.7)
                yield claim(
                    view, _company(_whose(view, subject)), "adoptsStrategy", strategy, match.start(), confidence=0.7
                )


def _whose(view: View, subject: Mention) -> Mention:
    """A strategy told of "it" or "the company" is the story's own company's: a company the story names in passing
    (a buyer's target, a licensee) may take the focus, but the way of doing business is the story's subject's."""
    main = view.main
    if (
        subject.origin == "anaphor"
        and main is not None
        and main.type in COMPANIES
        and main.name != subject.name
        and not any(m.name == subject.name and m.origin != "anaphor" for m in view.mentions)
        # only a company the story's company dealt with (its licensee, its target): in a story of several companies
        # ("ByteDance unveiled a model. Its approach is ..."), "its" is the one the story turned to
        and any(one_name(subject.name, other) for other in view.counterparts)
    ):
        return main  # not when the sentence names the company "it" stands for ("Kunlun Tech ... its core strategy")
    return subject


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


PATTERNS = (
    quoted,
    focuses,
    possessive,
    stated,
    layout_of,
    regarded,
    shifting,
    under,
    grown_by,
    ruled_out,
    pillar,
    repositions,
    named,
    own_means,
    for_company,
    demonstrative,
    used,
)
