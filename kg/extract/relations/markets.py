"""Places: expandsInto, operatesIn, headquarteredIn, locatedIn, hasSubsidiary.

- "<Company> entered / expanded into / opened its first store in <A> and <B>":
  expandsInto each place, dated, ``via`` the channel or entry mode the
  sentence names ("through franchise partners", "via a subsidiary");
- "set up sales subsidiaries in <A> and <B>": hasSubsidiary to an unnamed
  subsidiary per place (named "<Company> <place>", located there), and
  expandsInto each place via subsidiary;
- "its subsidiary <X>", "<X>, a subsidiary of <Company>": a named subsidiary;
- "operates in", "is present in" (operatesIn, ``since``); "exited", "pulled
  out of" (operatesIn, ended);
- "headquartered in", "based in", "<Country>-based <X>"; "located in".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from kg.extract.lexicon import cue, cue_regex, data, lower_regex
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.modality import status
from kg.extract.phrases import BEEN_BEFORE, PERSON_DESCRIBED, PRODUCES_AT, clause_end
from kg.extract.relations.claims import claim, dated, plain, triggered_by, with_status
from kg.extract.relations.segments import company_head_regex, ranked_segment
from kg.extract.view import ORGANISATIONS, PLACES, POSSESSIVE, Claim, View

SELLERS = ("Company", "Brand", UNTYPED)
COMPANIES = ("Company", UNTYPED)
_VIA = re.compile(
    r"\b(?:through|via|by\s+way\s+of|by\s+(?:setting\s+up|opening|establishing|acquiring|buying)|"
    r"with\s+the\s+help\s+of|in\s+partnership\s+with)\s+(?:(?:its|their|a|an|the|local)\s+)*"
    r"(?P<via>[\w\s&'-]+?)(?=\s*(?:[,.;:]|$|\s(?:in|into|to|and|across|from|since|while|which)\b))",
    re.IGNORECASE,
)
_BASED = re.compile(r"(?P<place>[A-Z][\w.]*(?: [A-Z][\w.]*){0,2})-(?:based|headquartered)\b")
_IN_NEXT = re.compile(r",?\s+(?:in|across)\s+")
_UNIT_REGISTERED = re.compile(
    r",\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:subsidiary|unit|local\s+company)\s+(?:newly\s+|recently\s+)?"
    r"(?:registered|set\s+up|formed|created|established|founded|incorporated)\b"
)
#: "Korra, the electric-car maker controlled by Huayu Holding Group", "Brightway Cables is controlled by ...": what
#: stands between the company controlled and the verb.
_CONTROLLED_GAP = re.compile(
    r"\s*,\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,4}?|\s*,?\s*(?:which|that)\s+(?:is|was|has\s+been)\s+(?:now\s+)?|"
    r"\s+(?:is|was|has\s+been|had\s+been)\s+(?:now\s+|still\s+|also\s+)?"
)
_CONTROLLED_BY = re.compile(r"\b(?:majority-)?controlled\s+by\s+(?:the\s+)?")


_COMPETES_WITH = re.compile(
    r"\b(?:(?:compet(?:e|es|ed|ing)|vie|vies|vied|vying)\s+(?:head-on\s+|directly\s+|mainly\s+)?(?:with|against)|"
    r"(?:goes|go|going|went|is|are|comes|come)\s+up\s+against|(?:takes|take|took|taking)\s+on)\s+"
)
#: "In India, Envision goes up against A and B": a place fronted before the clause.
_FRONTED_IN = re.compile(r"\W*(?:in|across|throughout)\s+(?:the\s+)?", re.IGNORECASE)
_IN_PLACE_NEXT = re.compile(r"\s+in\s+(?:the\s+)?")
#: "In Mexico, where it competes with ...": the place the ", where" clause hangs on.
_WHERE_BEFORE = re.compile(r",\s+where\s+(?:it|they|[\w-]+)\s+(?:also\s+|now\s+|mainly\s+)?$")


@triggered_by("compet", "vie", "vying", "up against", "take on", "takes on", "took on", "taking on")
def rivals_there(view: View) -> Iterator[Claim]:
    """ "competes with Philips and Osram in Brazil", "In Mexico, where it competes with Italika and Vento": the
    rivals a company meets in a place are present there too."""
    for match in _COMPETES_WITH.finditer(view.text):
        rivals = view.listed_after(match.end(), (*COMPANIES, "Brand"), within=0)
        if not rivals:
            continue
        after = _IN_PLACE_NEXT.match(view.text, rivals[-1].end)
        place = view.at(after.end(), PLACES) if after else None
        if place is None:
            where = _WHERE_BEFORE.search(view.text, max(0, match.start() - 40), match.start())
            place = next((m for m in view.mentions if where and m.end == where.start() and m.type in PLACES), None)
        fronted = _FRONTED_IN.match(view.text) if place is None else None
        if fronted is not None:
            at = view.at(fronted.end(), PLACES)
            place = at if at is not None and view.text.startswith(",", at.end) else None
        if place is None:
            continue
        for rival in rivals:
            # "DiDi will compete with Uber in Egypt": the company's move is planned, its rivals are there now
            yield plain(claim(view, _company(rival), "operatesIn", place, match.start(), confidence=0.6))


@triggered_by("controlled by")
def controlled_by(view: View) -> Iterator[Claim]:
    """ "Korra, the electric-car maker controlled by Huayu Holding Group": the controller has the company."""
    for match in _CONTROLLED_BY.finditer(view.text):
        # ("of Qingdao-based pet food maker Ruipai Group": up to five words)
        owner = view.at(match.end(), COMPANIES) or view.named_after(match.end(), COMPANIES, words=5)
        before = [m for m in view.mentions if m.end <= match.start() and m.origin != "anaphor" and m.type in COMPANIES]
        unit = next((m for m in reversed(before) if _CONTROLLED_GAP.fullmatch(view.text, m.end, match.start())), None)
        if owner and unit and owner.name != unit.name and not _person_like(owner):
            yield claim(view, _company(owner), "hasSubsidiary", _company(unit), match.start(), confidence=0.75)


#: "X, Y's wholly owned operator of ...," and "Y's majority-owned Dutch developer X": whatever the noun, a company
#: an owner holds outright or by a majority is its subsidiary.
_WHOLLY_OWNED = re.compile(
    r"(?P<apposed>,\s+)?(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})(?:'s|\u2019s|')\s+"
    r"(?:wholly|majority|fully|100%)[\s-]owned\s+(?:[\w-]+\s+){0,3}?(?=[a-z][\w-]*[\s,]|[A-Z])"
)


#: A short name in brackets after a company's: "Piraeus Container Terminal (PCT)".
_SHORT_NAME = re.compile(r"\s*\([^()]{1,30}\)")


def _wholly_owned(view: View) -> Iterator[Claim]:
    """ "X (PCT), Y's wholly owned operator of ...", "Y's majority-owned Dutch developer X": Y has X."""
    for match in _WHOLLY_OWNED.finditer(view.text):
        owner = next((m for m in view.mentions if m.start <= match.end("owner") - 1 < m.end), None)
        if owner is None or owner.type not in COMPANIES or owner.origin == "anaphor":
            continue
        if match.group("apposed"):
            unit = next(
                (
                    m
                    for m in view.mentions
                    if m.origin != "anaphor"
                    and (m.end == match.start() or _SHORT_NAME.fullmatch(view.text, m.end, match.start()))
                ),
                None,
            )  # "Piraeus Container Terminal (PCT), COSCO's wholly owned operator"
        else:
            unit = view.named_after(match.end(), COMPANIES, words=3)
        if unit is not None and unit.type in COMPANIES and unit.name != owner.name:
            yield claim(view, _company(owner), "hasSubsidiary", _company(unit), match.start(), confidence=0.8)


def _person_like(owner: Mention) -> bool:
    """ "the conglomerate controlled by Guo Guangchang": a guessed name of two or three words with no company
    word in it and no place opening it is a person's (a company's is "Fosun International", "Zhejiang Lumo")."""
    from kg.extract.gazetteer import places

    words = owner.surface.split()
    return (
        owner.type in (UNTYPED, "Company")
        and owner.origin in ("guess", "cue")
        and 2 <= len(words) <= 3
        and not _company_words() & set(words)
        and words[0] not in places().entries
    )


@cache
def _company_words() -> frozenset[str]:
    """Words that make a name a company's: legal forms and the heads of full names ("Ltd", "Group", "Motors")."""
    return frozenset(str(w) for key in ("legal_forms", "full_name_words", "company_heads") for w in data("names")[key])


_NAMED_NEXT = re.compile(r",\s+(?:called\s+|named\s+)?")
_COMMA_NEXT = re.compile(r",?\s*")
_ENTRY_MODES = (
    ("subsidiar", "subsidiary"),
    ("acqui", "acquisition"),
    ("joint venture", "partner"),
    ("partner", "partner"),
    ("brand", "brand"),
)


_SOLD_FACILITY = re.compile(
    r"\b(?:its|their)\s+(?:[\w-]+\s+)?(?:stores|shops|cafes|restaurants|plants?|factory|factories|stakes?|units?|"
    r"business|businesses|operations|subsidiar(?:y|ies)|division|hotels?|mines?)\b"
)


def _exit(made: Claim) -> Claim:
    """Leaving a market ends operating there; "will not leave" and "plans to leave" (or "is weighing closing its
    stores in") say the company is there today: a plain fact."""
    status = dict(made.qualifiers).get("status")
    if status in ("denied", "planned"):
        return plain(made)
    return with_status(made, "ended")


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


@triggered_by(("expandsInto", "active"))
def expands(view: View) -> Iterator[Claim]:
    """ "<Company> entered / expanded into / opened stores in <places>"."""
    for match in cue_regex("expandsInto", "active").finditer(view.lower):
        places = view.listed_after(match.end(), PLACES, within=25)
        subject = view.subject_before(match.start(), SELLERS)
        if not places or subject is None or PRODUCES_AT.match(view.text, match.start()):
            continue  # "builds excavators at factories in Turkey": plants it runs, which presence reads
        if view.lower.startswith("built", match.start()) and BEEN_BEFORE.search(
            view.lower, max(0, match.start() - 25), match.start()
        ):
            continue  # "the Kite EV is built at the plant in Cikarang": goods made there, no entry
        via = _via(view, match.start())
        for place in places:
            qualifiers = dated(view, "date", near=place) + ((("via", via),) if via else ())
            yield claim(view, _company(subject), "expandsInto", place, match.start(), qualifiers=qualifiers)


#: "bets on Latin America", "eyes Mexico and Brazil": a market named right after the verb is where the company
#: goes (a plan, for "eyes"); "bets on Alipay+ to link Asia's e-wallets" names none.
_BETS_ON = re.compile(r"\b(?:(?P<bets>bets|betting)\s+on|(?:eyes|eyeing))\s+(?P<the>the\s+)?")


@triggered_by("bets on", "betting on", "eyes", "eyeing")
def bets_on(view: View) -> Iterator[Claim]:
    """ "<Company> bets on <places>", "<Company> eyes <places>": an entry, planned when only eyed."""
    for match in _BETS_ON.finditer(view.text):
        # "bets on the Gulf": the place's name may take in the article
        starts = (match.end(), match.start("the"))
        first = next((m for m in view.mentions if m.start in starts and m.type in PLACES), None)
        subject = view.subject_before(match.start(), SELLERS)
        if first is None or subject is None:
            continue
        for place in view.listed_after(first.start, PLACES, within=0):
            made = claim(view, _company(subject), "expandsInto", place, match.start())
            yield made if match.group("bets") else with_status(made, "planned")


def _via(view: View, cue_start: int) -> str | None:
    """The channel, company or entry mode a sentence says a market was entered through."""
    aside = [(s, e) for s, e in view.closed_relatives() if not s <= cue_start < e]
    for match in _VIA.finditer(view.text):
        if any(s <= match.start() < e for s, e in aside):
            continue  # "X, which sells through its website, plans to open stores in Y": not how Y is entered
        phrase = " ".join(match.group("via").split())
        named = view.between(match.start("via"), match.end("via"))
        if named and named[0].type in ("Company", "Channel", UNTYPED):
            return named[0].name
        mode = next((word for stem, word in _ENTRY_MODES if stem in phrase.lower()), None)
        if mode:
            return mode
        if phrase.split()[-1].lower() in {h.lower() for h in data("channels")["heads"]}:
            return phrase
    return None


@cache
def _subsidiary_regex() -> re.Pattern[str]:
    return lower_regex(
        rf"(?<![\w-]){cue('hasSubsidiary', 'founding')}\s+(?:[\w-]+\s+){{0,4}}?"
        rf"(?P<noun>{cue('hasSubsidiary', 'unnamed')})\s+(?:in|across)\s+"
    )


@triggered_by(("hasSubsidiary", "unnamed"))
def unnamed_subsidiaries(view: View) -> Iterator[Claim]:
    """ "set up sales subsidiaries in <A> and <B>": one unnamed subsidiary per place."""
    for match in _subsidiary_regex().finditer(view.lower):
        places = view.listed_after(match.end(), PLACES, within=6)
        town = _TOWN_THEN_COUNTRY.match(view.text, match.end()) if not places else None
        if town is not None:
            # "a sales subsidiary in Valencia, Spain, X": the town read with its country, which stands after it
            places = view.listed_after(town.end(), PLACES, within=0)[:1]
        subject = view.subject_before(match.start(), COMPANIES)
        if subject:
            named = _named_after_places(view, places)
            yield from _subsidiaries_in(view, _company(subject), places, match.start(), named)
    for match in _named_unit_regex().finditer(view.lower):
        unit = view.at(match.end(), COMPANIES)
        after = _IN_NEXT.match(view.text, unit.end) if unit else None
        subject = view.subject_before(match.start(), COMPANIES) if unit else None
        if subject and unit and after:
            places = view.listed_after(after.end(), PLACES, within=6)
            yield from _subsidiaries_in(view, _company(subject), places, match.start(), unit)
        elif subject and unit and subject.name != unit.name and "venture" not in match.group():
            # "has registered a local company, Korra Brasil, to handle imports": named, with no place after it (a
            # joint venture is its owners' together, not the subject's unit)
            yield claim(view, _company(subject), "hasSubsidiary", _company(unit), match.start(), confidence=0.8)
    for match in _UNIT_REGISTERED.finditer(view.text):
        # "run by Korra Chile, a subsidiary registered in May": a unit just founded is the company in focus's
        unit = next((m for m in view.mentions if m.end == match.start() and m.type in COMPANIES), None)
        owner = next((m for m in (view.focus, view.main) if m is not None and m.type == "Company"), None)
        if unit and owner and view.focus_recent and unit.name != owner.name and unit.origin != "anaphor":
            unnamed = Mention(0, 0, owner.name, "Company", owner.surface, "anaphor", 0.7 * owner.confidence)
            made = claim(view, unnamed, "hasSubsidiary", _company(unit), match.start(), confidence=0.75)
            # registered already: the clause's plan ("the plant will be run by ...") is not the unit's
            yield plain(made)
    for place in view.mentions:
        noun = _unit_noun_regex().match(view.lower, place.end) if place.type in PLACES else None
        if noun and not view.at(noun.end() + _comma(view.text, noun.end()), COMPANIES):
            opener = _founding_before_regex().search(view.lower, max(0, place.start - 60), place.start)
            subject = view.subject_before(opener.start(), COMPANIES) if opener else None
            if subject and opener:
                yield from _subsidiaries_in(view, _company(subject), [place], opener.start())


_TOWN_THEN_COUNTRY = re.compile(r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?,\s+(?=[A-Z])")


def _named_after_places(view: View, places: list[Mention]) -> Mention | None:
    """ "a subsidiary in Singapore, Cloudwise Asia Pte. Ltd.": the name that follows one place (a town with its
    country is one place: "in Campinas, Brazil, Kaiyo do Brasil Ltda.")."""
    if len(places) == 2 and places[0].name == places[1].name and view.text[places[0].end : places[1].start] == ", ":
        places = places[1:]
    if len(places) != 1:
        return None
    gap = _NAMED_NEXT.match(view.text, places[0].end)
    return view.at(gap.end(), COMPANIES) if gap else None


def _comma(text: str, pos: int) -> int:
    """How many characters of ", " stand at ``pos``."""
    found = _COMMA_NEXT.match(text, pos, pos + 3)
    return found.end() - pos if found else 0


@cache
def _named_unit_regex() -> re.Pattern[str]:
    """ "established a European subsidiary, Veltrix Europe B.V., in ...": a founding verb, the noun, then a name."""
    return lower_regex(
        rf"(?<![\w-]){cue('hasSubsidiary', 'founding')}\s+(?:[\w-]+\s+){{0,4}}?"
        rf"{cue('hasSubsidiary', 'unnamed')},?\s+(?:called\s+|named\s+)?"
    )


@cache
def _unit_noun_regex() -> re.Pattern[str]:
    return lower_regex(rf"\s+{cue('hasSubsidiary', 'unnamed')}\b")


@cache
def _founding_before_regex() -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){cue('hasSubsidiary', 'founding')}\s+(?:[\w-]+\s+){{0,3}}?$")


_ONCE = re.compile(r"\b(?:once|formerly)\b")


@cache
def _subsidiary_of_regex() -> re.Pattern[str]:
    # ", the courier arm of Y" and "is a subsidiary of Y", "became a unit of Y"
    copula = r"(?:,\s+which)?\s+(?:is|was|became|becomes|has\s+been|remains)(?:\s+now|\s+once|\s+formerly)?"
    return lower_regex(
        # "the Culver City-based, US-listed publishing arm of": descriptions may be set apart by a comma
        # "The Finnish company, now a wholly owned unit of Y": an adverb of time before the description
        rf"(?:,|{copula})\s+(?:(?:now|still|currently|since\s+then|by\s+then)\s+)?(?:a|an|the)\s+(?:[\w-]+,?\s+){{0,4}}?"
        rf"(?:{cue('hasSubsidiary', 'nouns')}|business)\s+of\s+(?:the\s+)?"
    )


def _subsidiaries_in(
    view: View, owner: Mention, places: list[Mention], cue_start: int, named: Mention | None = None
) -> Iterator[Claim]:
    for place in places:
        name = named.name if named else f"{owner.name} {place.name}"
        unit = _company(named) if named else Mention(place.start, place.end, name, "Company", name, "cue", 0.7)
        note = None if named else "a subsidiary the text does not name"
        yield claim(view, owner, "hasSubsidiary", unit, cue_start, confidence=0.85, note=note)
        yield claim(view, unit, "locatedIn", place, cue_start, confidence=0.85)
        yield claim(
            view,
            owner,
            "expandsInto",
            place,
            cue_start,
            qualifiers=(*dated(view, "date"), ("via", "subsidiary")),
            confidence=0.85,
        )


@cache
def _named_subsidiary_regex() -> re.Pattern[str]:
    return re.compile(
        # "the company's", "The Nanjing-based conglomerate's": an anaphor's possessive
        rf"(?<![\w-])(?P<owner>(?i:its|their|our|the|the\s+(?:[\w-]+\s+){{0,2}}?[a-z-]+'s)|"
        rf"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*(?:'s|')|"
        # "Glencore subsidiary Katanga Mining": a company's name, then the unit's noun
        rf"(?P<bare>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*))\s+"
        rf"(?P<mods>(?:(?!(?:its|their|the|a|an|his|her)\s)[\w-]+\s+){{0,3}}?){cue('hasSubsidiary', 'nouns')}\s*,?\s+"
        r"(?:called\s+|named\s+)?"
    )


@cache
def _apposed_unit_regex() -> re.Pattern[str]:
    owner = (
        # "another CASC subsidiary": a unit named beside its sibling
        r"its|their|our|(?:a|an|the|another)\s+[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*'s?|"
        r"the\s+(?:group|company|firm|parent|conglomerate)'s"  # "PLAYBOX, the group's toy chain"
    )
    return re.compile(
        rf",\s+(?P<owner>{owner})\s+(?:[\w-]+\s+){{0,3}}?"
        # "Valyou, Telenor Group's remittance fintech": a company noun the owner's possessive holds
        # (not "its biggest lender", "its main bank": a partner's role)
        r"(?P<noun>subsidiary|unit|arm|division|affiliate|marketplace|chain|brand|label|start-?up|fintech|studio|"
        r"(?<=[a-z] )(?<!parent )(?<!holding )company)"
        r"(?=\s*[,.;)]|\s+(?:that|which|and|in|to|for)\b|$)"
    )


def _named_parent(view: View, unit: Mention) -> Mention | None:
    """The story's company when a unit carries its name ("Hexin Vina, its subsidiary"): "its" is that company's,
    whatever company the story turned to before."""
    main = view.main
    if main is None or main.name == unit.name or unit.name.split()[0] != main.name.split()[0]:
        return None
    return Mention(0, 0, main.name, main.type or "Company", main.surface, "anaphor", 0.8 * main.confidence)


@triggered_by(
    ("hasSubsidiary", "nouns"),
    "business",
    "parent",
    "marketplace",
    "chain",
    "brand",
    "label",
    "owned",
    "controlled",
    "company",
    "fintech",
    "start-up",
    "startup",
    "studio",
    "set up by",
    "established",
    "created by",
    "formed by",
    "incorporated by",
    "registered by",
    "spun off by",
)
def named_subsidiaries(view: View) -> Iterator[Claim]:
    """ "its German subsidiary <X>" and "<X>, a subsidiary of <Company>"."""
    yield from _wholly_owned(view)
    for match in _named_subsidiary_regex().finditer(view.text):
        unit = view.at(match.end(), ("Company", UNTYPED))
        if unit is not None and "," in match.group() and _LIST_NEXT.match(view.text, unit.end):
            continue  # "Siemens' rail unit, Alstom and Stadler": a list, not the unit's name
        owners = [m for m in view.mentions if match.start("owner") <= m.start < match.end("owner")]
        if match.group("bare") and not (owners and owners[-1].type in COMPANIES and owners[-1].origin != "anaphor"):
            continue  # "Chinese subsidiary X", "Its subsidiary X": no company's name before the noun
        if not owners and match.group("owner") == "the":
            owners = [o for o in [view.subject_before(match.start(), COMPANIES)] if o is not None]
        if unit and owners and owners[-1].name != unit.name:
            yield claim(view, _company(owners[-1]), "hasSubsidiary", _company(unit), match.start(), confidence=0.85)
            for place in (m for m in view.between(match.start("mods"), match.end("mods")) if m.type in PLACES):
                yield claim(view, _company(unit), "locatedIn", place, match.start(), confidence=0.8)
    for match in _apposed_unit_regex().finditer(view.text):
        # "Tessel, its rail-signalling division," / "Kelvo Pay, Marlin Group's payments unit" /
        # "Hopscotch, an Ostara Holdings affiliate"
        # "China Great Wall Industry Corp (CGWIC), CASC's international trade arm": past the short name in brackets
        bracket = _BRACKETED_BEFORE.search(view.text, max(0, match.start() - 16), match.start())
        at = bracket.start() if bracket is not None else match.start()
        unit = next((m for m in view.mentions if m.end == at and m.origin != "anaphor"), None)
        owners = [m for m in view.mentions if match.start("owner") <= m.start < match.end("owner")]
        if unit and owners and owners[-1].name != unit.name and owners[-1].type in (*COMPANIES, UNTYPED):
            owner = _named_parent(view, unit) if owners[-1].origin == "anaphor" else None
            # "PLAYBOX, the group's collectible-toy chain": a chain or a label the group runs is its brand
            branded = match.group("noun") in ("chain", "brand", "label")
            relation, owned = ("hasBrand", unit.typed("Brand")) if branded else ("hasSubsidiary", _company(unit))
            # the apposition states what the unit is: the sentence's own verb ("plans to list Tessel", a quote's "is
            # no longer a luxury") is no modality, only the apposition's own words are ("its former unit")
            made = plain(claim(view, _company(owner or owners[-1]), relation, owned, match.end(), confidence=0.8))
            own = status(match.group())
            yield with_status(made, own) if own else made
    yield from _parents(view)
    for match in _PARENT_NAMED.finditer(view.text):
        # "Its parent, Kashgar Orvo Fishing Co., Ltd, is based in Karamay": the parent of the company "its" points to
        pointed = next((m for m in view.mentions if m.start == match.start("its") and m.origin == "anaphor"), None)
        holder = view.at(match.end(), COMPANIES) or view.named_after(match.end(), COMPANIES, words=2)
        if pointed is None or holder is None or not pointed.name or pointed.name == holder.name:
            continue
        if pointed.type not in (*COMPANIES, UNTYPED) or holder.origin == "anaphor":
            continue
        yield plain(claim(view, _company(holder), "hasSubsidiary", _company(pointed), match.start(), confidence=0.75))
    for match in _APPOSED_OWNED_BY.finditer(view.text):
        # "RayNeo, the Shenzhen-based glasses maker controlled by TCL Electronics,", "Goldstone, owned by Citic"
        unit = next((m for m in view.mentions if m.end == match.start() and m.origin != "anaphor"), None)
        owner = view.at(match.end(), COMPANIES) or view.named_after(match.end(), COMPANIES, words=3)
        if unit is None or owner is None or unit.name == owner.name or unit.type not in (*COMPANIES, UNTYPED):
            continue
        if (
            owner.origin == "anaphor"
            or owner.type != "Company"
            or _OTHER_OWNER.match(view.text, owner.end)
            or ("controlled" in match.group() and _person_like(owner))
        ):
            continue  # "owned by A and B": a venture's owners; "controlled by Guo Guangchang": a person
        if _STAKE_OR_VENTURE.search(match.group()):
            continue  # "a venture 40% owned by China Telecom": a stake, which the holdings readings take
        brand_like = unit.type == "Brand" or _BRAND_HEAD.search(match.group()) is not None
        relation, owned = ("hasBrand", unit.typed("Brand")) if brand_like else ("hasSubsidiary", _company(unit))
        yield plain(claim(view, _company(owner), relation, owned, match.start(), confidence=0.75))
    for match in _STATED_OWNED_BY.finditer(view.text):
        # "Tarvo Moto has been controlled since 2016 by Zhejiang Lumo", "X is majority-owned by Y"
        unit = view.subject_before(match.start(), (*COMPANIES, UNTYPED))
        owner = view.at(match.end(), (*COMPANIES, UNTYPED)) or view.named_after(match.end(), COMPANIES, words=3)
        if unit and owner and unit.name != owner.name and owner.origin != "anaphor":
            yield claim(view, _company(owner), "hasSubsidiary", _company(unit), match.start(), confidence=0.75)
    for match in _SET_UP_BY.finditer(view.text):
        # "Huatian Technology (Malaysia) Sdn Bhd, set up by TSHT itself": a company another company set up is its unit
        unit = next((m for m in view.mentions if m.end == match.start() and m.origin != "anaphor"), None)
        owner = view.at(match.end(), COMPANIES) or view.named_after(match.end(), COMPANIES, words=3)
        parent_word = _PARENT_AFTER.match(view.text, owner.end) if owner is not None else None
        if parent_word is not None:
            owner = view.at(parent_word.end(), COMPANIES)  # "set up by TSHT's parent Tianshui Huatian Electronics"
        if unit is None or owner is None or unit.name == owner.name or unit.type not in (*COMPANIES, UNTYPED):
            continue
        if _OTHER_OWNER.match(view.text, owner.end):
            continue  # "a venture set up by A and B": its owners hold stakes, neither is its parent
        yield plain(claim(view, _company(owner), "hasSubsidiary", _company(unit), match.start(), confidence=0.75))
    for match in _WHOSE_UNIT.finditer(view.text):
        # "Picara Robotics, whose subsidiary Santel Tech ...": the name the relative clause hangs on owns the unit
        owner = next((m for m in view.mentions if m.end == match.start() and m.origin != "anaphor"), None)
        unit = view.at(match.end(), (*COMPANIES, UNTYPED))
        if owner and unit and owner.name != unit.name and owner.type in (*COMPANIES, UNTYPED):
            yield plain(claim(view, _company(owner), "hasSubsidiary", _company(unit), match.start(), confidence=0.8))
    for match in _RUN_BY_UNIT.finditer(view.text):
        # "its mine in Laos, run by subsidiary Velpa Mining Lao": the unit of the company whose mine it is
        unit = view.at(match.end(), (*COMPANIES, UNTYPED))
        owner = view.subject_before(match.start(), COMPANIES)
        if unit and owner and owner.name != unit.name:
            yield plain(claim(view, _company(owner), "hasSubsidiary", _company(unit), match.start(), confidence=0.75))
    for match in _OWNERS_NAMED_UNIT.finditer(view.text):
        owner = next((m for m in view.mentions if m.end == match.start() and m.origin != "anaphor"), None)
        unit = next((m for m in view.mentions if m.start == match.start("unit") and m.origin != "anaphor"), None)
        if owner and unit and owner.name != unit.name and owner.type in COMPANIES and unit.type in COMPANIES:
            yield claim(view, _company(owner), "hasSubsidiary", _company(unit), match.start(), confidence=0.75)
    for match in _ITS_PARENT.finditer(view.text):
        # "its parent, Oppo", "NFC's parent, China Nonferrous Metal Mining": the name or pronoun before is owned
        pronoun = next(
            (
                m
                for m in view.mentions
                if (m.start == match.start() and m.origin == "anaphor")
                or (m.end == match.start() and m.origin != "anaphor")
            ),
            None,
        )
        parent = view.at(match.end(), COMPANIES)
        if pronoun and parent and pronoun.type in COMPANIES and pronoun.name != parent.name:
            yield claim(view, _company(parent), "hasSubsidiary", _company(pronoun), match.start(), confidence=0.75)
    for match in _subsidiary_of_regex().finditer(view.lower):
        # "Sales at Parcelio, the courier arm of Tandem Retail": the name the apposition hangs on, governed or not
        # ("Think Academy, the overseas arm of ...": a name typed an organisation is a unit all the same)
        unit = next(
            (m for m in view.mentions if m.end == match.start() and m.type in (*COMPANIES, "Organization")), None
        )
        unit = unit or view.subject_before(match.start(), COMPANIES)
        # "the heating arm of Swiss building-materials group Arbonia": the owner may come with its description
        # ("of Qingdao-based pet food maker Ruipai Group": up to five words)
        owner = view.at(match.end(), COMPANIES) or view.named_after(match.end(), COMPANIES, words=5)
        if owner is not None and owner.origin == "anaphor" and _NOUN_NEXT.match(view.text, owner.end):
            continue  # "a unit of its rival": whose unit, this does not say
        if unit and owner and unit.end >= match.start() - 1 and unit.name != owner.name:
            made = claim(view, _company(owner), "hasSubsidiary", _company(unit), match.start(), confidence=0.85)
            if match.group().startswith(","):
                # "agreed to buy X, the heating arm of Y": the apposition says what X is now, whatever is planned
                made = plain(made)
            # "was once a division of Y": it no longer is
            yield with_status(made, "ended") if _ONCE.search(match.group()) else made


_NOUN_NEXT = re.compile(r"\s+[a-z][\w-]*")
_LIST_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?-i:[A-Z])")
#: "Lanxin Holdings, Tapo's parent company," and "Yidong Tech, the parent of ride-hailing app Zooma".
_PARENT_POSSESSIVE = re.compile(r",\s+(?P<owned>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*)'s?\s+parent\b")
_PARENT_OF = re.compile(
    r"(?:,|\s+(?:is|was|has\s+been|became|remains))\s+(?:now\s+)?(?:the|a)\s+(?:[\w-]+\s+){0,2}?"
    r"parent(?:\s+(?:company|group|firm))?\s+of\s+",
    re.IGNORECASE,
)
#: "Johnson & Johnson's Janssen unit", "Sony's Team Asobi studio": a unit named between its owner and its noun.
_OWNERS_NAMED_UNIT = re.compile(
    r"(?:'s|\u2019s|(?<=s)')\s+(?P<unit>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})\s+"
    r"(?:unit|arm|division|subsidiary|studio|affiliate)\b"
)
#: "Tarvo Moto has been controlled since 2016 by Zhejiang Lumo", "X is majority-owned by Y": a clause's verb.
_STATED_OWNED_BY = re.compile(
    r"\s(?:is|was|are|were|has\s+been|had\s+been|have\s+been|remains|became|is\s+now)\s+"
    r"(?:(?:majority|wholly|fully|jointly|partly)-?\s?)?(?:owned|controlled)\s+(?:[\w-]+\s+){0,3}?by\s+(?:the\s+)?",
    re.IGNORECASE,
)
#: ", set up by X", ", established in 2015 by X": the company the name hangs on was created by X.
_SET_UP_BY = re.compile(
    r",\s+(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:vehicle|company|unit|subsidiary|firm|entity)\s+)?"
    r"(?:set\s+up|established|created|formed|incorporated|registered|spun\s+off)\s+(?:in\s+\d{4}\s+)?by\s+(?:its\s+)?"
)
_APPOSED_OWNED_BY = re.compile(
    r",\s+(?:(?:the|a|an)\s+[^,;()]{0,80}?\s+)?(?:(?:majority|wholly|fully)-?\s?)?(?:owned|controlled)\s+by\s+"
    r"(?:the\s+)?(?=[A-Z])"
)
_STAKE_OR_VENTURE = re.compile(r"\d\s*(?:%|per\s*cent|percent)|\bventure\b", re.IGNORECASE)
_BRAND_HEAD = re.compile(r"\b(?:chain|brand|label|marque)\b")
_BRACKETED_BEFORE = re.compile(r"\s*\([A-Z][\w&.-]{1,12}\)$")
_PARENT_NAMED = re.compile(
    r"\b(?P<its>[Ii]ts|[Tt]heir)\s+(?:[\w-]+\s+)?parent(?:\s+(?:company|group|firm))?\s*,?\s+(?:is\s+|was\s+)?(?=[A-Z])"
)
_PARENT_AFTER = re.compile(r"['\u2019]s?\s+parent(?:\s+company|\s+group)?,?\s+")
_OTHER_OWNER = re.compile(
    r"(?:'s?\s+parent\s+)?[^,.;]{0,30}?\s+(?:and|&)\s+[A-Z]|'s?\s+(?:founder|chairman|chief|boss)"
)
#: ", whose subsidiary X", ", whose Dutch unit X": the unit of the name before the comma.
_WHOSE_UNIT = re.compile(
    r",\s+whose\s+(?:[\w-]+\s+){0,2}?(?:subsidiary|subsidiaries|unit|arm|affiliate|division)\s+(?=[A-Z])"
)
#: "run by subsidiary X", "operated through its local subsidiary X": a unit that does the work of its owner.
_RUN_BY_UNIT = re.compile(
    r"\b(?:run|operated|managed|held|handled|owned|built)\s+(?:by|through|via)\s+(?:its\s+|a\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:subsidiary|unit|affiliate)\s+(?=[A-Z])",
    re.IGNORECASE,
)
_ITS_PARENT = re.compile(
    r"(?:\bits|(?<=\w)['\u2019]s|(?<=s)['\u2019])\s+(?:Chinese\s+|state-owned\s+)?parent(?:\s+(?:company|group|firm))?,?\s+"
    r"(?=[A-Z])"
)
#: Nouns that say a name is a company: "the parent of courier X", "... of chipmaker Y", "... of online brokerage Z".
_COMPANY_WORDS = re.compile(
    r"\b(?:company|group|firm|\w*maker|chain|retailer|operator|brand|start-?up|courier|brokerage|bank|lender|"
    r"insurer|carrier|airline|miner|developer|publisher|studio|house)\b",
    re.I,
)
_APP_WORDS = re.compile(r"\b(?:apps?|games?|titles?|wallets?|chatbots?|platforms?)\b", re.IGNORECASE)


_LIST_NAME = r"[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*)*"
#: The rest of a list of names and a noun for brands after them: "(Sandro), Maje and Claudie Pierlot labels".
_LABELS_AFTER = re.compile(
    rf"(?:\s*,\s*{_LIST_NAME})*(?:\s*,?\s+(?:and|&)\s+{_LIST_NAME})?\s+(?:labels?|brands?|marques?|sub-brands?)\b"
)


def _parents(view: View) -> Iterator[Claim]:
    """A parent named in apposition: it owns the company (or makes the product) the apposition names."""
    for regex in (_PARENT_POSSESSIVE, _PARENT_OF):
        for match in regex.finditer(view.text):
            parent = next((m for m in view.mentions if m.end == match.start() and m.origin != "anaphor"), None)
            if regex is _PARENT_POSSESSIVE:
                owned = next((m for m in view.mentions if match.start("owned") <= m.start < match.end("owned")), None)
                described = ""
            else:
                owned = view.named_after(match.end(), ("Company", "Product", "Brand", UNTYPED), words=3)
                described = view.text[match.end() : owned.start] if owned else ""
            if parent is None or owned is None or parent.name == owned.name or parent.type not in COMPANIES:
                continue
            if owned.type == "Product" or _APP_WORDS.search(described):
                product = owned.typed("Product") if owned.type != "Product" else owned
                yield claim(view, _company(parent), "develops", product, match.start(), confidence=0.75)
                continue
            if owned.type == "Brand":
                yield claim(view, _company(parent), "hasBrand", owned, match.start(), confidence=0.75)
                continue
            labels = _LABELS_AFTER.match(view.text, owned.end)
            if labels is not None:
                # "the parent of the Sandro, Maje and Claudie Pierlot labels": brands, each of them
                for brand in view.between(owned.start, labels.end()):
                    if brand.origin != "anaphor" and brand.type in ("Brand", UNTYPED) and brand.name != parent.name:
                        yield claim(
                            view, _company(parent), "hasBrand", brand.typed("Brand"), match.start(), confidence=0.75
                        )
                continue
            # "X is the parent of Y", "X, the parent company of Y": stated; "Kuaishou, Kwai's parent company": an app
            # or a company, nothing here says which
            stated = regex is _PARENT_OF and (match.group()[0] != "," or bool(_COMPANY_WORDS.search(match.group())))
            if _subsidiary_named(owned, described, stated=stated):
                yield claim(view, _company(parent), "hasSubsidiary", _company(owned), match.start(), confidence=0.75)


def _subsidiary_named(owned: Mention, described: str, *, stated: bool) -> bool:
    """Whether the name a parent owns is a company: typed one and described as one ("the parent of ride-hailing
    firm X"), or any name in a sentence that states it ("X is the parent of Y", "X became the parent of Y")."""
    if stated:
        return owned.type in ("Company", UNTYPED)
    return owned.type in ("Company", UNTYPED) and bool(_COMPANY_WORDS.search(described))


#: What leaves a place without the company leaving it: "its tea train left Huangshan", "the ship left Santos".
_VEHICLE_BETWEEN = re.compile(
    r"\b(?:trains?|ships?|vessels?|flights?|planes?|trucks?|cargo|shipments?|containers?|convoys?|delegations?|"
    r"teams?|staff|executives?|engineers?)\b"
)


@triggered_by(("operatesIn", "active"), ("operatesIn", "leaves"))
def operates(view: View) -> Iterator[Claim]:
    """ "operates in", "is present in" (since the date given); "exited", "pulled out of" (ended)."""
    for kind, extra in (("active", False), ("leaves", True)):
        for match in cue_regex("operatesIn", kind).finditer(view.lower):
            if not extra and match.group().startswith("sell") and _SOLD_FACILITY.search(match.group()):
                continue  # "may sell its cafes in Japan": a sale of the cafes, not sales there
            places = view.listed_after(match.end(), PLACES, within=12)
            subject = view.subject_before(match.start(), ("Company", "Brand", "Product", UNTYPED))
            if not subject:
                continue
            if extra and _VEHICLE_BETWEEN.search(view.lower, subject.end, match.start()):
                continue  # "the company's first tea train left Huangshan": a departure, no exit
            for place in places:
                made = claim(
                    view, _company(subject), "operatesIn", place, match.start(), qualifiers=dated(view, "since")
                )
                yield _exit(made) if extra else made


@triggered_by(("headquarteredIn", "active"), "-based", "-headquartered")
def headquarters(view: View) -> Iterator[Claim]:
    """ "headquartered in / based in <city,> <Country>" and "<Country>-based <X>"."""
    for match in cue_regex("headquarteredIn", "active").finditer(view.lower):
        if _REGIONAL.search(view.lower, max(0, match.start() - 25), match.start()) or any(
            m.type in PLACES and view.text[m.end : match.start()].strip() == "" and m.end <= match.start()
            for m in view.mentions
        ):
            continue  # "its European headquarters in the Netherlands", "its US headquarters": an office abroad
        if PERSON_DESCRIBED.search(view.lower, max(0, match.start() - 50), match.start()):
            continue  # "said Ellen Brady, a transport consultant based in Washington": a person's home
        end = min(clause_end(view.text, match.end()) + 1, match.end() + 45)
        country = next((m for m in view.mentions if match.end() <= m.start < end and m.type == "Country"), None)
        subject = view.subject_before(match.start(), ORGANISATIONS)
        if country and subject:
            yield claim(view, _company(subject), "headquarteredIn", country, match.start(), confidence=0.85)
    yield from _based(view)


_MOVED = re.compile(
    r"\b(?:mov|shift|relocat|transferr?)(?:e|es|ed|ing|s)?\s+(?:its|their|the\s+company's|the\s+group's)\s+"
    r"(?:global\s+)?(?:headquarters|head\s+office|hq|base|home\s+base)\b",
    re.IGNORECASE,
)
_MOVE_ENDS = re.compile(r"\b(?P<word>from|to)\s+(?:the\s+)?$", re.IGNORECASE)


@triggered_by("headquarters", "head office", "hq", "base", "home base")
def moved_headquarters(view: View) -> Iterator[Claim]:
    """ "moved its head office from Shenzhen to Dubai": home now (since the date) and home before (until it)."""
    for match in _MOVED.finditer(view.text):
        subject = view.subject_before(match.start(), ORGANISATIONS)
        if subject is None:
            continue
        end = match.end() + 120  # "from Shenzhen, its home for a decade, to Dubai"
        date = view.date()
        for place in (m for m in view.mentions if match.end() <= m.start < end and m.type == "Country"):
            word = _MOVE_ENDS.search(view.text, max(match.end(), place.start - 12), place.start)
            if word is None:
                continue
            bound = "since" if word.group("word").lower() == "to" else "until"
            qualifiers = ((bound, date),) if date else ()
            yield claim(
                view, _company(subject), "headquarteredIn", place, match.start(), qualifiers=qualifiers, confidence=0.85
            )


_HEAD_AFTER_CITY = re.compile(r"\s+(?:[\w-]+\s+)?(?P<head>[\w-]+)\s+$")


@triggered_by(
    ("competesIn", "descriptor_heads"), "distributor", "dealer", "importer", "reseller", "wholesaler", "franchisee"
)
def city_before_name(view: View) -> Iterator[Claim]:
    """ "Oslo publisher Fjordlys", "the Shenzhen start-up Pinecore": the city the description names is home."""
    for place in view.mentions:
        if place.type != "Country" or (place.origin != "city" and place.surface not in _CITY_STATES):
            continue
        hung = _APPOSED_CITY.search(view.text, max(0, place.start - 12), place.start)
        if hung is not None:
            # "Nuvola, a Seoul startup,": the description follows the name
            name = next((m for m in view.mentions if m.end == hung.start() and m.origin != "anaphor"), None)
            head = _DESCRIPTION_HEAD.match(view.text, place.end)
        else:
            name = view.named_after(place.end, ORGANISATIONS, words=2)
            head = _HEAD_AFTER_CITY.fullmatch(view.text, place.end, name.start) if name else None
        if name is None or name.origin == "anaphor" or name.type not in ORGANISATIONS or head is None:
            continue
        if company_head_regex().fullmatch(head.group("head")) or _RESELLER_HEAD.fullmatch(head.group("head")):
            # where a description says a company is from holds whatever the sentence plans for it ("its planned
            # purchase of Helsinki mobile studio Revontuli Games")
            yield plain(claim(view, _company(name), "headquarteredIn", place, place.start, confidence=0.75))
    yield from _city_anaphors(view)


#: "Sky Horizon Mobility, a Dubai distributor", "Daehan Automation, a Seoul factory-equipment dealer": a reseller
#: is a company too, at home in the city its description names.
_RESELLER_HEAD = re.compile(r"(?:distributor|dealer|importer|reseller|wholesaler|franchisee)s?", re.IGNORECASE)


_CITY_ANAPHOR = re.compile(r"(?i:the)\s+(?P<city>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)\s+[a-z][\w-]*$")


def _city_anaphors(view: View) -> Iterator[Claim]:
    """ "The Ningbo company will supply ...": the city in the words that point back to a company is its home."""
    from kg.extract.gazetteer import places

    for m in view.mentions:
        found = _CITY_ANAPHOR.fullmatch(m.surface) if m.origin == "anaphor" and m.type in COMPANIES else None
        phrase = places().entries.get(found.group("city")) if found else None
        if found is None or phrase is None or phrase.type != "Country" or phrase.origin != "city":
            continue
        home = Mention(
            m.start + found.start("city"),
            m.start + found.end("city"),
            phrase.name,
            "Country",
            found.group("city"),
            "city",
        )
        yield claim(view, _company(m), "headquarteredIn", home, m.start, confidence=0.7)


#: City-states, whose country's name is also the city's.
_CITY_STATES = frozenset(("Singapore", "Hong Kong", "Macau", "Macao", "Monaco"))
_APPOSED_CITY = re.compile(r",\s+(?:a|an|the)\s+$", re.IGNORECASE)
_DESCRIPTION_HEAD = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?P<head>[\w-]+)(?=\s*[,.;]|\s+(?:that|which|with|in|has|is|was)\b)"
)


_REGIONAL = re.compile(
    r"\b(?:european|asian|african|regional|international|overseas|americas|emea|apac|latin american|north american|"
    r"middle east|global|[a-z]+ern|[a-z]+an)\s+$"
)


def _based(view: View) -> Iterator[Claim]:
    """ "Shenzhen-based Pinecore", "the Istanbul-based group", "Jalan, the Jakarta-based app": the place is home."""
    from kg.extract.gazetteer import places

    for match in _BASED.finditer(view.text):
        words = match.group("place").split()
        label = next((" ".join(words[i:]) for i in range(len(words)) if " ".join(words[i:]) in places().entries), None)
        phrase = places().entries.get(label) if label else None
        if label is None or phrase is None or phrase.type != "Country":
            continue
        home = Mention(match.end("place") - len(label), match.end("place"), phrase.name, "Country", label, "city")
        company = _based_company(view, match.start(), match.end())
        if company is not None:
            made = claim(view, _company(company), "headquarteredIn", home, match.start(), confidence=0.8)
            # an attribute states where the company is now, whatever the clause around it plans
            yield plain(made)


def _in_apposition(view: View, pos: int) -> bool:
    """Whether ``pos`` is inside an apposition, closed by a comma or open."""
    return any(s <= pos < e for s, e in view.appositions()) or bool(
        _OPEN_APPOSITION.search(view.text, max(0, pos - 8), pos)
    )


def _apposed_to(view: View, pos: int) -> Mention | None:
    """The name an apposition holding ``pos`` hangs on, closed by a comma or open ("Kvik, an Oslo-based dealer that
    also represents Bosch")."""
    hung = next((s for s, e in view.appositions() if s <= pos < e), None)
    if hung is not None:
        return next((m for m in reversed(view.mentions) if m.end <= hung), None)
    opened = _OPEN_APPOSITION.search(view.text, max(0, pos - 8), pos)
    if opened is not None:
        return next((m for m in view.mentions if m.end == opened.start() and m.origin != "anaphor"), None)
    return None


_UNIT_NOUN_NEXT = re.compile(r"\s+(?:unit|arm|subsidiary|affiliate|division|supplier|partner|distributor)\b")


def _based_company(view: View, start: int, end: int) -> Mention | None:
    """Whose home: the anaphor the words sit in, the name an apposition hangs on, or the name that follows."""
    inside = next((m for m in view.mentions if m.start <= start < m.end and m.origin == "anaphor"), None)
    if inside is not None:
        return inside
    next_to = view.at(end, ORGANISATIONS)
    if next_to is not None and _UNIT_NOUN_NEXT.match(view.text, next_to.end) and _in_apposition(view, start):
        # "Tencent Music, the Shenzhen-based Tencent unit behind QQ Music": the unit's home, the owner only names it
        return _apposed_to(view, start)
    if next_to is not None:
        return next_to  # "a unit of Shenzhen-based Greenway Holdings": the attribute is the next name's
    if _GOVERNED.search(view.text, max(0, start - 6), start):
        # "the Dutch subsidiary of Qingdao-based pet food maker Ruipai Group": the governed name's, described
        return view.named_after(end, ORGANISATIONS, words=4)
    if _in_apposition(view, start):
        return _apposed_to(view, start)
    if _PREDICATE_BEFORE.search(view.text, max(0, start - 20), start):
        # "Kedah Polymers is a Penang-based maker listed on Bursa Malaysia": the subject's home, not the next name's
        return view.subject_before(start, ORGANISATIONS)
    after = view.subject_after(end, ORGANISATIONS)
    if after is not None and _RELATIVE_WORD.search(view.text, end, after.start):
        return None  # "an Oslo-based dealer that represents Bosch": Bosch is what the dealer does, not its name
    if after is not None and after.start - end < 40:
        return after
    if _THE_BEFORE.search(view.text, max(0, start - 5), start) and _COMPANY_NOUN_AFTER.match(view.text, end):
        # "as the Tianjin-based drugmaker leans on ...": a definite description of the company in focus
        focus = view.focus or view.main
        return focus if focus is not None and focus.type in ("Company", UNTYPED) else None
    return None


_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_PREDICATE_BEFORE = re.compile(r"\b(?:is|was|remains|became)\s+(?:a|an)\s+$")
_COMPANY_NOUN_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+)?(?:company|group|firm|[a-z]*maker|giant|operator|retailer|chain|developer|producer|"
    r"manufacturer|conglomerate|lender|bank|insurer|miner|start-?up|supplier|contractor|builder|lessor|carrier|airline|"
    r"utility|shipper|brewer|refiner|publisher|studio|platform|app)\b"
)


_GOVERNED = re.compile(r"\b(?:of|by|from)\s+$", re.IGNORECASE)
_OPEN_APPOSITION = re.compile(r",\s+(?:a|an|the)\s+$")
_RELATIVE_WORD = re.compile(r"\b(?:that|which|who|whose)\b")


@triggered_by(("locatedIn", "active"))
def located(view: View) -> Iterator[Claim]:
    """ "<Organisation> located / registered in <place>"."""
    for match in cue_regex("locatedIn", "active").finditer(view.lower):
        places = view.listed_after(match.end(), PLACES, within=12)
        subject = view.subject_before(match.start(), ORGANISATIONS)
        if not subject:
            continue
        for place in places[:1]:
            yield claim(view, _company(subject), "locatedIn", place, match.start(), confidence=0.8)


#: Words that rank the name after them against the clause's subject in a market: "overtook Apple", "ahead of X".
_RANKED_AGAINST = re.compile(
    r"\b(?:overt(?:ake|akes|ook|aken|aking)|ahead\s+of|behind|trail(?:s|ed|ing)|followed\s+by|beat(?:s|ing|en)?|"
    r"outs(?:old|ell|ells|elling)|outpac(?:e|es|ed|ing)|unseat(?:s|ed|ing)?|dethron(?:e|es|ed|ing))\s+"
    r"(?:(?:first|second|third)-placed\s+|the\s+)?",
    re.IGNORECASE,
)
#: What ranks a name "behind" another: "second behind Apple", "ranked just behind", "fell behind".
_RANK_BEFORE = re.compile(
    r"\b(?:rank(?:s|ed|ing)?|second|third|fourth|fifth|sixth|No\.\s*\d|place[ds]?|came|comes|finish(?:ed|es)|"
    r"f[ae]ll|falls|lag(?:s|ged)?|slipped|slips|trail(?:s|ed)?|stays?|stayed|remains?|remained|behind)\b[\w\s,]{0,20}$"
    r"|\b(?:just|only|closely|narrowly|slightly|far|well)\s+$",
    re.IGNORECASE,
)
#: "Vestas, the local market leader", "Samsung, for years the leader on the continent": a leader in apposition.
_LEADER_APPOSED = re.compile(
    r",\s+(?:[\w\s]{0,20}?)\bthe\s+(?:local\s+|domestic\s+)?(?:market\s+)?leader\b", re.IGNORECASE
)
_ARENA_BEFORE = re.compile(r"\b(?:in|on|across|throughout)\s+(?:the\s+)?$", re.IGNORECASE)
_LOCAL = re.compile(r"\b(?:local|domestic)\s+(?:market\s+)?leader\b", re.IGNORECASE)
_RANKABLE = ("Company", "Brand", UNTYPED)


@triggered_by(
    "overtake",
    "overtakes",
    "overtook",
    "overtaken",
    "overtaking",
    "ahead of",
    "behind",
    "trails",
    "trailed",
    "trailing",
    "followed by",
    "leader",
    "beat",
    "beats",
    "beating",
    "beaten",
    "outsold",
    "outsell",
    "outsells",
    "outselling",
    "outpace",
    "outpaces",
    "outpaced",
    "outpacing",
    "unseat",
    "unseats",
    "unseated",
    "unseating",
    "dethrone",
    "dethrones",
    "dethroned",
    "dethroning",
)
def ranked(view: View) -> Iterator[Claim]:
    """Companies ranked against each other in a market are present in it and compete in its segment: "Xiaomi
    overtook Apple to become Europe's second-largest smartphone brand" (Apple too), "Vestas, the local market
    leader" (in the story's market and segment)."""
    arena, segment = _arena(view), ranked_segment(view)
    if arena is None and segment is None:
        return
    for match in _RANKED_AGAINST.finditer(view.text):
        if match.group().lower().startswith("behind") and not _RANK_BEFORE.search(
            view.text, max(0, match.start() - 30), match.start()
        ):
            continue  # "the consortium behind the Jakarta-Bandung line": who made it, no ranking
        rival = view.at(match.end(), _RANKABLE)
        if rival is None or _PERIOD_LIKE.search(rival.surface):
            continue
        ranker = view.subject_before(match.start(), _RANKABLE)
        for ranked_one in (rival, ranker) if ranker is not None and ranker.name != rival.name else (rival,):
            # the segment of a ranking is the one named nearest before it (segments.rivals), not the sentence's first
            yield from _ranked_in(view, ranked_one, arena, None, match.start())
    for m in view.mentions:
        origin = _OF.match(view.text, m.end)
        home = view.at(origin.end(), PLACES) if origin else None  # "Vestas of Denmark, the local leader"
        leader = _LEADER_APPOSED.match(view.text, home.end if home else m.end)
        if leader and m.type in _RANKABLE and m.origin != "anaphor":
            place = (view.market or arena) if _LOCAL.search(leader.group()) else arena
            yield from _ranked_in(view, m, place, segment or view.segment, leader.start())


def _ranked_in(
    view: View, company: Mention, place: Mention | None, segment: Mention | None, cue_start: int
) -> Iterator[Claim]:
    # a rank holds today whatever the clause plans: "aims to unseat Whirlpool" says Whirlpool is there now
    if place is not None:
        yield plain(claim(view, _company(company), "operatesIn", place, cue_start, confidence=0.6))
    if segment is not None:
        yield plain(claim(view, _company(company), "competesIn", segment, cue_start, confidence=0.5))


_PERIOD_LIKE = re.compile(
    r"\d|-to-|January|February|March|April|May|June|July|August|September|October|November|December"
)


def _arena(view: View) -> Mention | None:
    """The market a ranking is in: a place owning it ("Europe's", "the continent's") or after "in", else, for "the
    local market leader", the market the story is about."""
    for m in view.mentions:
        if m.type in PLACES and (
            view.text.startswith("'", m.end) or _ARENA_BEFORE.search(view.text, max(0, m.start - 12), m.start)
        ):
            if view.text.startswith("'", m.end) and _names_company_next(view, m):
                continue  # "Sweden's Ericsson": where a company is from, no market a ranking is in
            return m
    if not _LOCAL.search(view.text):
        return None
    # "The Brazilian unit aims to unseat Whirlpool of the United States, the local market leader"
    named = [m for m in view.mentions if m.type in PLACES and not _OF_PLACE.search(view.text, 0, m.start)]
    return view.market or (named[0] if named else None)


def _names_company_next(view: View, place: Mention) -> bool:
    """Whether a company's name follows the place's possessive directly ("Finland's Nokia")."""
    gap = POSSESSIVE.match(view.text, place.end)
    return gap is not None and any(m.start == gap.end() and m.type in ("Company", UNTYPED) for m in view.mentions)


_OF_PLACE = re.compile(r"\s+of\s+(?:the\s+)?$")
_OF = re.compile(r"\s+of\s+(?:the\s+)?")


#: "expects Colombia and Peru to drive most of its growth": markets counted on for growth are markets to come.
_COUNTED_ON = re.compile(
    r"\b(?:expects?|expected|sees|saw|counts\s+on|is\s+counting\s+on|bets?\s+on|is\s+betting\s+on|is\s+relying\s+on)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_TO_DRIVE_GROWTH = re.compile(
    r"\s+to\s+(?:drive|fuel|power|lead|deliver|underpin|account\s+for)\s+(?:[\w'-]+\s+){0,6}?growth\b",
    re.IGNORECASE,
)


@triggered_by("expect", "sees", "saw", "counts", "counting", "bet", "betting", "relying")
def growth_markets(view: View) -> Iterator[Claim]:
    """ "X's founder expects Germany and France to drive most of the firm's growth abroad": planned entries."""
    for first in (m for m in view.mentions if m.type in PLACES):
        counted = _COUNTED_ON.search(view.text, max(0, first.start - 30), first.start)
        if counted is None:
            continue
        places = [first, *(m for m in view.mentions if m.start > first.start and _in_list(view, first, m))]
        if not _TO_DRIVE_GROWTH.match(view.text, places[-1].end):
            continue
        subject = view.subject_before(counted.start(), ("Company", "Brand", UNTYPED)) or _possessor_before(
            view, counted.start()
        )
        if subject is None:
            continue
        for place in places:
            made = claim(view, subject, "expandsInto", place, counted.start(), confidence=0.6)
            yield with_status(made, "planned")


_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:the\s+)?")


def _in_list(view: View, first: Mention, m: Mention) -> bool:
    """Whether ``m`` continues the list of places ``first`` opens ("Germany, France and Spain")."""
    last = first
    for x in view.mentions:
        if x.start <= first.start or x.type not in PLACES:
            continue
        if not _LIST_JOIN.fullmatch(view.text, last.end, x.start):
            return False
        if x is m:
            return True
        last = x
    return False


def _possessor_before(view: View, pos: int) -> Mention | None:
    """ "Veloza's founder expects ...": the company whose person speaks."""
    owners = [
        m for m in view.mentions if m.end <= pos and m.type in ("Company", "Brand", UNTYPED) and m.origin != "anaphor"
    ]
    if owners and view.text.startswith(("'s", "' ", "\u2019s"), owners[-1].end):
        return owners[-1]
    return None


#: "Tourists arriving in Lisbon can now pay with Zento": people somewhere use the service, so it is there.
_CAN_USE = re.compile(
    r"\bcan\s+(?:now\s+|also\s+|already\s+)?(?:pay|order|shop|buy|book|ride|top\s+up|send\s+money|stream|watch)"
    r"\s+(?:[\w-]+\s+){0,3}?(?:with|on|via|through|using)\s+(?:the\s+)?",
    re.IGNORECASE,
)


@triggered_by("can")
def usable_in(view: View) -> Iterator[Claim]:
    """The service people in a place can pay, order or ride with is present there (not the people)."""
    for match in _CAN_USE.finditer(view.text):
        service = view.at(match.end(), ("Company", "Brand", "Product", UNTYPED))
        if service is None:
            continue
        for place in (m for m in view.mentions if m.type in PLACES and not _FROM_BEFORE.search(view.lower, 0, m.start)):
            yield claim(view, service, "operatesIn", place, match.start(), confidence=0.5)


_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$")
#: "Diners in Lisbon and Porto can now order from 300 restaurants": with no service named, the one in focus.
_PEOPLE_IN = re.compile(
    r"\b(?:people|users|customers|shoppers|consumers|diners|riders|drivers|commuters|travell?ers|buyers|gamers|"
    r"players|viewers|subscribers|residents|patients|households|families|students|motorists|homeowners)\s+"
    r"(?:in|across|throughout)\s+",
    re.IGNORECASE,
)
_CAN_DO = re.compile(
    r"\s+(?:can|could)\s+(?:now\s+|also\s+|already\s+|soon\s+)?(?:pay|order|shop|buy|book|ride|rent|hire|"
    r"download|stream|watch|use|top\s+up|send\s+money|charge|swap)\b",
    re.IGNORECASE,
)


@triggered_by("can", "could")
def usable_by_people_in(view: View) -> Iterator[Claim]:
    """People in a place who can order, ride or pay with the company in focus (no service named): it is there."""
    if view.focus is None or not view.focus_recent or view.focus.type not in ("Company", "Brand", "Product"):
        return
    if any(m.type in ("Company", "Brand", "Product", UNTYPED) and m.origin != "anaphor" for m in view.mentions):
        return  # a sentence that names someone: the readings of names decide
    for match in _PEOPLE_IN.finditer(view.text):
        places = view.listed_after(match.end(), PLACES, within=4)
        if not places or not _CAN_DO.match(view.text, places[-1].end):
            continue
        focus = replace(view.focus, start=0, end=0, type=UNTYPED)  # the type is the other readings' to give
        for place in places:
            yield claim(view, focus, "operatesIn", place, match.start(), confidence=0.5)


_FOUNDED = re.compile(
    r"\b(?:set\s+up|sets\s+up|setting\s+up|established|establishes|founded|incorporated|registered|"
    # "We opened Yunhe do Brasil in Londrina": a company opened that carries the opener's name
    r"opened|opens|launched|created|formed)\s+(?=[A-Z])"
)


@triggered_by(
    "set",
    "sets",
    "setting",
    "established",
    "establishes",
    "founded",
    "incorporated",
    "registered",
    "created",
    "opened",
    "opens",
    "launched",
    "formed",
)
def founded_units(view: View) -> Iterator[Claim]:
    """ "Ronda Mobile established Ronda Brasil Ltda", "Kestrel Foods set up Kestrel Nordic AB", "We opened Yunhe
    Germany": a company founded by one whose name it carries is that one's subsidiary."""
    for match in _FOUNDED.finditer(view.text):
        founder = view.subject_before(match.start(), ("Company", UNTYPED))
        unit = next((m for m in view.mentions if m.start == match.end() and m.origin != "anaphor"), None)
        if founder is not None and (unit is None or unit.type in PLACES):
            unit = _named_for_place(view, match.end(), founder)
        if unit is None or founder is None or unit.type not in ("Company", UNTYPED) or unit.name == founder.name:
            continue
        first, own = founder.name.split()[0], unit.name.split()
        if len(own) > 1 and own[0] == first and len(first) > 2:
            yield claim(view, _company(founder), "hasSubsidiary", _company(unit), match.start(), confidence=0.7)


def _named_for_place(view: View, start: int, founder: Mention) -> Mention | None:
    """ "Yunhe Germany" after "opened": the founder's first word and the place it serves, one company's name."""
    first = founder.name.split()[0]
    if not view.text.startswith(first + " ", start):
        return None
    place = next((m for m in view.mentions if m.start == start + len(first) + 1 and m.type in PLACES), None)
    if place is None:
        return None
    name = view.text[start : place.end]
    return Mention(start, place.end, name, "Company", name, "cue", 0.7)


PATTERNS = (
    controlled_by,
    rivals_there,
    usable_in,
    usable_by_people_in,
    growth_markets,
    ranked,
    unnamed_subsidiaries,
    named_subsidiaries,
    founded_units,
    expands,
    bets_on,
    operates,
    headquarters,
    moved_headquarters,
    city_before_name,
    located,
)
