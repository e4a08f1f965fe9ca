"""Where a company is, read from the words before each place it names.

News seldom says "operates in". A place a company is tied to is introduced by
what the company does there: "entered", "opened a plant in", "users in",
"revenue from", "offices in", "headquartered in". For every place in a
sentence, the nearest such word before it in the same clause decides the
relation (``data/presence.yaml``):

- headquarters words: ``headquarteredIn``;
- office words (offices, R&D centres): ``locatedIn``;
- entry words (entered, opened, set up, launched), or a facility word with an
  entry word before it ("built a plant in"): ``expandsInto``, ``via`` the
  facility;
- anything else that implies presence (stores, users, sales, revenue, market
  share, "sold in"): ``operatesIn``, less surely than a stated fact.

The subject is the clause's company; a clause without one ("... and arrived
in Singapore") belongs to the sentence's company, else to the document's
company in focus. A city stands for its country (the gazetteer maps it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from kg.extract.lexicon import alternation, data, literal_alternation, lower_regex
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.modality import status
from kg.extract.phrases import (
    BEEN_BEFORE,
    DATELINE,
    MARKET_LED_BY,
    PERSON_DESCRIBED,
    PRODUCES_AT,
    RATES_IT,
    UNIT_NOUNS,
    clause_end,
    owned_description,
)
from kg.extract.relations.claims import claim, earlier_market, plain, triggered_by, with_status
from kg.extract.view import HOME_ATTRIBUTE, OTHERS, PLACES, Claim, View

ACTORS = ("Company", "Brand", "Product")
RELATIONS = {
    "headquarters": "headquarteredIn",
    "offices": "locatedIn",
    "entry": "expandsInto",
    "presence": "operatesIn",
}
#: How sure each reading is: an entry or an office is stated; presence is implied.
CONFIDENCE = {"headquarters": 0.85, "offices": 0.8, "entry": 0.8, "presence": 0.65}
#: How far before a place its cue may stand (characters), and an entry word before a facility word.
REACH, ENTRY_REACH, OFFICE_REACH = 110, 70, 45
_CLAUSE = re.compile(
    # a bracketed clause of its own ("(it had offered a version since 2018)") ends where its bracket closes
    # "..., and in Mexico it now ranks ...": a clause that fronts its place before its pronoun subject
    r",\s+(?:and|but)\s+(?=(?:in|across)\s+[^,;]{2,40}?\s(?:it|they|we)\s)|"
    r";|:\s|\.\s|\((?:it|they|he|she|we|which|who|the)\s[^)]*\)|\b(?:which|who|whose|whereas|while|but|although|though)\b|"
    r"\b(?:said|says|reports|reported|wrote|writes|noted|notes|told)\b|"
    # "... opened in 2023 after Indonesia chose China over Japan": a clause of its own, with its own subject and verb
    r"\b(?:after|before|because|once|until|unless)\s+(?=(?:[\w-]+\s+){1,3}?(?:chose|won|lost|had|has|was|were|is|are|"
    r"agreed|became|began|took|gave|decided|signed|picked|selected|approved|awarded)\b)"
)
_DEMONYM_MARKET = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:market|markets|sales|consumers|users|customers|shoppers|buyers|revenue|operations|"
    r"business|subsidiary|unit|arm|plant|factory|factories|office|warehouse|store|stores|hub|(?<!media\s)(?<!news\s)outlets?|shops?|"
    r"showrooms?|dealerships?|boutiques?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str
    start: int
    end: int
    facility: str | None


@cache
def _cue_regex() -> re.Pattern[str]:
    lexicon = data("presence")
    groups = "|".join(f"(?P<{kind}>{alternation(lexicon[kind])})" for kind in RELATIONS)
    return lower_regex(rf"(?<![\w-])(?:{groups})(?![\w-])")


@cache
def _facility_regex() -> re.Pattern[str]:
    facilities = data("presence")["facilities"]
    # "factories": a facility ending in y, in the plural
    stems = [f[:-1] for f in facilities if f.endswith("y")]
    # "a fan base", "its user base": an audience, no facility
    audience = r"(?<!fan )(?<!user )(?<!customer )(?<!player )(?<!client )"
    return lower_regex(
        rf"(?<![\w-]){audience}(?:(?P<f>{literal_alternation(facilities)})(?:s|es)?|(?P<stem>{literal_alternation(stems)})ies)"
        rf"(?![\w-])"
    )


@cache
def _not_there_regex() -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-])(?:{alternation(data('presence')['not_there'])})\s+(?:the\s+)?$")


def cues(view: View) -> list[Cue]:
    """Every presence cue of the sentence, in order, with the facility word it names (if any)."""
    return view.cached(_cues)


def _cues(view: View) -> list[Cue]:
    out = []
    for match in _cue_regex().finditer(view.lower):
        facility = _facility_regex().fullmatch(view.lower, match.start(), match.end())
        named = (facility.group("f") or facility.group("stem") + "y") if facility else None
        out.append(Cue(match.lastgroup or "", match.start(), match.end(), named))
    return out


#: A production site's noun right after its name: "Ruashi mine", "Sabi Star mine", "Kamoa-Kakula mines".
_SITE_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?(?:mines?|deposits?|pits?|oilfields?|smelters?|refinery|mills?|farms?)\b")
#: Verbs a country does as well as a company: "Peru shipped goods to China", "Vietnam exports rice".
_PLACE_DOES = re.compile(
    r"(?:shipped|ships|exported|exports|imported|imports|supplied|supplies|sold|sells|produced|produces)\b"
)


def _place_does(view: View, pos: int) -> bool:
    """Whether the verb at ``pos`` is one a country does and a place is its subject right before it ("Peru
    shipped")."""
    return _PLACE_DOES.match(view.lower, pos) is not None and any(
        m.type in PLACES and m.origin != "anaphor" and _SUBJECT_GAP.fullmatch(view.text, m.end, pos)
        for m in view.mentions
    )


_SUBJECT_GAP = re.compile(r"\s+(?:(?:also|alone|itself|now|still|then)\s+)?")
#: An unnamed company's possessive before a facility: "a rival's tyre plant", "one customer's warehouses".
_OTHERS = r"\b(?:a|an|one|another|the)\s+(?:rival|competitor|peer|partner|customer|client|supplier)(?:'s|\u2019s)\s+"
_OTHERS_SITE = re.compile(_OTHERS + r"(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
#: ... and the place right after that facility: "a rival's tyre plant in ".
_OTHERS_SITE_IN = re.compile(_OTHERS + r"(?:[\w-]+\s+){0,3}(?:in|at|near)\s+(?:the\s+)?$", re.IGNORECASE)
#: A possessive right before a name: "its ", "Zijin's ".
_SITE_POSSESSOR = re.compile(r"(?:\b(?:its|their)|(?P<owner>\S+?)(?:'s|\u2019s|'))\s+$")


def _site_owner(view: View, subject: Mention) -> Mention:
    """ "its Ruashi mine in Congo", "Zijin's Buriticá mine in Colombia": the name of a site is no company; the
    owner its possessive names is present where the site is."""
    if (
        subject.origin == "anaphor"
        or subject.type not in (UNTYPED, "Product")
        or not _SITE_AFTER.match(view.text, subject.end)
    ):
        return subject
    before = _SITE_POSSESSOR.search(view.text, max(0, subject.start - 40), subject.start)
    if before is None:
        return subject
    owner = next(
        (
            m
            for m in view.mentions
            if m.end <= before.end()
            # "its": the pronoun itself; "Zijin Mining's": the name whose last word the possessive follows
            and m.start >= before.start() - (0 if before.group("owner") is None else 40)
            and m.type in ("Company", UNTYPED)
            and m is not subject
        ),
        None,
    )
    return owner if owner is not None else subject


@triggered_by()
def presence(view: View) -> Iterator[Claim]:
    """A relation to every place a presence cue introduces in its clause."""
    places = [m for m in view.mentions if m.type in PLACES and _is_object_place(view, m)]
    if not places:
        return
    found = cues(view)
    previous: tuple[Mention, tuple[str, Cue, str | None]] | None = None
    for place in places:
        reading = _reading(view, found, place)
        if reading is None and previous is not None and _LIST_ON.fullmatch(view.text, previous[0].end, place.start):
            reading = previous[1]  # "in 14 countries, from Vietnam ... to Japan, Canada and Australia": one long list
        if reading is not None:
            previous = (place, reading)
        if reading is None or _sold_unit(view, place):
            continue
        kind, cue_at, facility = reading
        built = _BUILT_NO_ENTRY.match(view.lower, cue_at.start) if kind == "entry" else None
        if built is not None and (
            built.group("business") or BEEN_BEFORE.search(view.lower, max(0, cue_at.start - 25), cue_at.start)
        ):
            # "the Kite EV is built at the plant in", "which built its business in Shaanxi": goods made somewhere
            # or a business grown, no facility the company opens
            continue
        if kind == "entry" and _BUILDS_FOR_OTHERS.match(view.text, cue_at.start):
            kind, facility = "presence", None  # "is building the Bar-Boljare motorway": a contractor at work there
        existing = kind in ("entry", "presence") and _existing_facility(view, place)
        if existing:
            kind, facility = "presence", None  # "is expanding its factory in Pune": a plant it already has
        elif kind == "entry" and _DEEPER.search(view.text, cue_at.start, place.start):
            kind, facility = "presence", None  # "pushes deeper into Europe": it is there already
        elif kind == "entry" and _producing_at(view, cue_at, place):
            kind, facility = "presence", None  # "builds excavators at factories in Turkey": plants it runs
        if kind == "headquarters" and PERSON_DESCRIBED.search(view.lower, max(0, cue_at.start - 50), cue_at.start):
            continue  # "said Ellen Brady, a transport consultant based in Washington": a person's home
        if MARKET_LED_BY.search(view.text, place.end, place.end + 80):
            continue  # "the Thai scooter market is led by Honda": the leaders are there, read with the segment
        subject = _agent_after(view, cue_at, place) or actor(view, cue_at.start)
        if subject is not None:
            subject = _site_owner(view, subject)  # "its Ruashi mine in Congo": the mine's owner is there
        if subject is None or subject.start <= place.start < subject.end:
            continue
        if subject.end == 0 and _place_does(view, cue_at.start):
            continue  # "In 2023, Peru shipped goods worth $36 billion to China": the country trades, not the company
        if _other_subject_between(view, cue_at.end, place.start, subject):
            continue  # "Feihe has built plants abroad, and Bright Dairy owns a processor in New Zealand"
        if (
            subject.end == 0
            and (measure := _MARKET_MEASURE.match(view.text))
            and _DIGIT.search(view.text, measure.end())
        ):
            continue  # "Car sales in Vietnam reached 300,000 units": the market's size, no company's presence
        rated = RATES_IT.match(view.lower, cue_at.start) or RATES_IT.search(view.lower, subject.end, cue_at.start)
        if rated is not None:
            # "research firm TechArc ranked it the country's third most-used app": the ranked company is there
            subject = next((m for m in view.mentions if m.start == rated.start("it") and m.origin == "anaphor"), None)
            if subject is None:
                continue
        if kind == "entry" and _CARRIES.match(view.lower, cue_at.start):
            subject = _carried(view, cue_at, place, subject) or subject
        if subject.type == "Product" and _SALE_CUE.match(view.lower, cue_at.start):
            # "its X5 camera sold well in Germany": goods sold or priced somewhere are their maker's sales there
            # (an app's users stay the app's)
            subject = _product_owner(view, subject) or subject
        if _OTHERS_SITE.search(view.text, max(0, cue_at.start - 50), cue_at.start) or _OTHERS_SITE_IN.search(
            view.text, max(cue_at.start, place.start - 60), place.start
        ):
            continue  # "visited a rival's tyre plant in Mexico": the plant is an unnamed company's
        if subject.end > 0 and _FORMER_BEFORE.search(view.text, max(0, subject.start - 20), subject.start):
            continue  # "restarted a former Peugeot factory near Lyon": Peugeot is no longer there
        qualifiers: tuple[tuple[str, str], ...] = ()
        if kind == "entry":
            date = view.date(place)
            qualifiers = ((("date", date),) if date else ()) + ((("via", facility),) if facility else ())
        note = facility if kind in ("offices", "headquarters") and facility else None
        made = claim(
            view,
            subject,
            RELATIONS[kind],
            place,
            cue_at.start,
            qualifiers=qualifiers,
            confidence=CONFIDENCE[kind],
            note=note,
        )
        if status(view.lower[cue_at.start : cue_at.end]) == "planned":
            made = with_status(made, "planned")
        if kind == "entry" and facility and _DUE_TO_OPEN.match(view.text, place.end):
            made = with_status(made, "planned")  # "a factory in northern Mexico, due to open in 2027": not open yet
        if kind in ("entry", "presence") and (
            _TO_BE_BUILT.match(view.text, place.end)
            or _UNDER_WAY_AFTER.match(view.text, place.end)
            or (facility and _UNDER_WAY.search(view.text, max(0, cue_at.start - 20), place.start))
        ):
            # "where in Morocco the plant will be built", "has showrooms in Chile under development",
            # "six more outlets under construction in Jakarta": not there yet
            made = with_status(made, "planned")
        if kind in ("entry", "presence") and _agreed_facility(view, cue_at, place):
            made = with_status(made, "planned")  # "signs deal for Turkish car plant": a plant agreed, not built
        if (
            kind == "presence"
            and not any(k == "status" for k, _ in made.qualifiers)
            and _PEOPLE_CUE.match(view.lower, cue_at.start)
            and _WILL_BUY.match(view.text, place.end)
        ):
            made = with_status(made, "planned")  # "Customers in France and Italy will buy them through ...": to come
        if (
            kind in ("entry", "presence")
            and not any(k == "status" for k, _ in made.qualifiers)
            and _DEAL_PURPOSE.search(view.text, subject.end, place.start)
        ):
            # "struck a deal with Uber to deploy its cars in the Middle East": what the deal is for is still to come
            made = with_status(made, "planned")
        if (
            kind in ("entry", "presence")
            and not any(k == "status" for k, _ in made.qualifiers)
            and _AND_THEN_PLAN.search(view.text, cue_at.end, place.start)
        ):
            made = with_status(made, "planned")  # "was launched in Malaysia and is due to follow in Thailand"
        if _closed_before(view, place, cue_at):
            made = with_status(made, "ended")  # "Sinobright closed its Nairobi office": an office it had
        if subject.end == 0 and not any(k == "status" for k, _ in made.qualifiers):
            # the company in focus stands in for a subject this sentence does not name ("The facility will stand
            # in Debrecen"): the clause's own words up to the place say whether it is a plan
            opening = status(view.lower[_clause_start(view, place.start) : place.start])
            if opening and not (opening == "planned" and earlier_market(view.text, place)):
                made = with_status(made, opening)
        if subject.end > 0 and _OWNS_CUE.fullmatch(view.text, subject.end, cue_at.start):
            # "will lead the carmaker's push into Spain": the clause's verb, before the owner, says it is a plan
            opening = status(view.lower[_clause_start(view, subject.start) : subject.start])
            if opening:
                made = with_status(made, opening)
        if existing or (kind == "presence" and _owned_facility(view, subject, cue_at, made)):
            made = replace(made, qualifiers=tuple(q for q in made.qualifiers if q[0] != "status" or q[1] == "ended"))
        if (
            kind == "presence"
            and ("status", "denied") in made.qualifiers
            and _PLANNED_MOVE.search(view.lower, subject.end, place.start)
            and (
                _DENIAL.search(view.lower, max(0, subject.start - 60), place.start)
                or _NEGATED_PLAN.search(view.lower, subject.end, place.start)
            )
        ):
            # "denied a report that it was studying a second factory in Argentina": a denied plan to go there
            yield replace(made, relation="expandsInto")
            continue
        if kind == "presence" and any(k == "status" and v in ("ended", "denied") for k, v in made.qualifiers):
            # "stopped selling through convenience stores in Japan" ends a channel, not the presence;
            # leaving a market is read by the exit patterns, from their own verbs.
            continue
        if kind == "presence" and _WHERE_NOW.match(view.text, place.end):
            # "will coordinate sales in A and B, where its scooters are sold": the presence is today's
            made = plain(made)
        yield _planned_presence_is_entry(made)
        if kind == "offices" and _entry_before(view, found, cue_at):
            # "has set up a European hub in Luxembourg": a new office abroad is also an entry
            hub = (("via", facility),) if facility else ()
            yield replace(
                made, relation="expandsInto", qualifiers=(*hub, *(q for q in made.qualifiers if q[0] == "status"))
            )
        if kind == "presence" and _PRESENT_CUE.match(view.lower, cue_at.start):
            # "has a presence in Europe via AliExpress": the unit it is there through is there too
            through = _VIA_UNIT.match(view.text, place.end)
            unit = view.at(through.end(), ("Company", "Brand", "Product", UNTYPED)) if through else None
            if unit is not None and unit.origin != "anaphor" and unit.name != subject.name:
                yield replace(made, subject=unit.typed("Company") if unit.type == UNTYPED else unit)
        if kind == "entry" and (
            (facility and _PRICED.search(view.text, cue_at.end, place.start)) or _COMMITTED.search(view.text, place.end)
        ):
            # "will build a $2 billion plant in Hungary", "... in Brazil, backed by an investment of BRL 1 billion":
            # an amount for an entry is an investment in the country
            yield replace(made, relation="investsIn", qualifiers=tuple(q for q in made.qualifiers if q[0] == "status"))


_SALE_CUE = re.compile(r"sold|sell|priced|retail|on\s+sale|shipped|shipments?|deliver")
#: Between an owner and its product: "Vexa Motors' V3", "its new X5"; after a product: "the Orin X1 phone from".
_OWNER_BEFORE = re.compile(r"(?:'s|')?\s+(?:[a-z][\w-]*\s+){0,2}")
_OWNER_AFTER = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:from|by)\s+(?:the\s+)?")


def _product_owner(view: View, product: Mention) -> Mention | None:
    """The company a product is said to be of, by a possessive before it or "from"/"by" after it: a product of a
    named maker is sold, priced or used somewhere as the maker's."""
    for m in view.mentions:
        if m.origin == "anaphor" and m.type not in ("Company", "Brand", UNTYPED) and m.end <= product.start:
            # "its X5 camera", where "its" was read as the product itself: the company the clause is about
            if _POSSESSIVE_PRONOUN.fullmatch(m.surface) and _OWNER_BEFORE.fullmatch(view.text, m.end, product.start):
                return actor(view, m.start, ("Company", "Brand"))
            continue
        if m.type not in ("Company", "Brand", UNTYPED) or m is product:
            continue
        if m.end <= product.start and _OWNER_BEFORE.fullmatch(view.text, m.end, product.start):
            if m.origin == "anaphor" and not _POSSESSIVE_PRONOUN.fullmatch(m.surface):
                continue
            if m.origin != "anaphor" and not view.text.startswith("'", m.end):
                continue  # "the Tesla Model Y": a name, not an owner
            return m.typed("Company") if m.type == UNTYPED else m
        if m.start >= product.end and _OWNER_AFTER.fullmatch(view.text, product.end, m.start):
            return m.typed("Company") if m.type == UNTYPED else m
    return None


#: Words that take a facility the company already has: "expanding its", "doubled the capacity of its", "its existing".
_EXISTING = (
    r"\b(?:(?:(?:expand|extend|upgrad|enlarg|moderni[sz]|retool|refurbish)(?:s|es|ed|ing|e)?|"
    r"(?:doubl|tripl|rais|increas|lift|boost)(?:es|ed|ing|e|s)?\s+(?:the\s+)?(?:capacity|output)\s+(?:of|at))\s+"
    r"(?:the\s+|its\s+|their\s+)|(?:its|their|the)\s+existing\s+)"
)
_EXISTING_BEFORE = re.compile(_EXISTING + r"(?:[\w&-]+\s+){0,2}$", re.IGNORECASE)


@cache
def _existing_facility_regex() -> re.Pattern[str]:
    """ "expanding its factory in Pune, ": an existing facility, then the place (a city and its country)."""
    facilities = literal_alternation(data("presence")["facilities"])
    return re.compile(
        _EXISTING + rf"(?:[\w&-]+\s+){{0,2}}?(?:{facilities})(?:s|es|ies)?\s+(?:in|at|near|outside)\s+"
        r"(?:the\s+)?(?:[A-Z][\w-]*\s*,?\s+){0,3}$",
        re.IGNORECASE,
    )


_EXISTING_HINT = re.compile(r"expand|extend|upgrad|enlarg|moderni|retool|refurbish|capacity|output|existing")


def _may_name_existing(view: View) -> bool:
    return bool(_EXISTING_HINT.search(view.lower))


def _existing_facility(view: View, place: Mention) -> bool:
    """The place is where a facility the company already has stands, whose size or kit the sentence says is
    changing: "is expanding its factory in Pune", "doubled the capacity of its Bekasi plant"."""
    if not view.cached(_may_name_existing):
        return False
    start = max(0, place.start - 90)
    if _existing_facility_regex().search(view.text, start, place.start):
        return True
    modified = _modified_cue(view, cues(view), place)
    return modified is not None and bool(_EXISTING_BEFORE.search(view.text, start, place.start))


def _producing_at(view: View, cue_at: Cue, place: Mention) -> bool:
    made = PRODUCES_AT.match(view.text, cue_at.start)
    if made is None or made.end() > place.start:
        return False
    # only other places of the same list between: "at factories in India, Poland and Brazil"
    gap = list(view.text[made.end() : place.start])
    for m in view.mentions:
        if m.type in PLACES and made.end() <= m.start and m.end <= place.start:
            gap[m.start - made.end() : m.end - made.end()] = " " * (m.end - m.start)
    return bool(_ONLY_LIST_WORDS.fullmatch("".join(gap)))


_ONLY_LIST_WORDS = re.compile(r"(?:\s|,|\band\b|\bor\b|\bthe\b)*")


_BUILT_NO_ENTRY = re.compile(r"built\b(?P<business>\s+(?:its|a|their|up\s+its|up\s+a)\s+(?:[\w-]+\s+)?business)?")
#: "pushes deeper into", "expanded further in": more of a market the company is in, not a new one.
_DEEPER = re.compile(r"\b(?:deeper|further)\s+(?:into|in|across)\s+(?!new\b)", re.IGNORECASE)
#: "588 million New Zealand dollars": a currency, not a place.
_CURRENCY_AFTER = re.compile(r"\s+(?:dollars?|cents)\b", re.IGNORECASE)


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


_PRESENT_CUE = re.compile(r"operat|presen|active")
_VIA_UNIT = re.compile(r"\s+(?:via|through)\s+(?:(?:its|their)\s+(?:[a-z][\w-]*\s+){0,2})?")


#: A sum of money: "$2 billion", "900 million euro", "5 billion baht".
_PRICED = re.compile(r"(?:[$€£¥]\s?\d|\b\d[\d.,]*\s*(?:million|billion|bn)\b)", re.IGNORECASE)
#: After the place: "committing up to US$1.9 billion to the site", "backed by an investment of BRL 1 billion".
_COMMITTED = re.compile(
    r"\b(?:committing|commits|committed|pledging|pledged|investing|invested|(?:an\s+)?investment\s+of|at\s+a\s+cost\s+of|"
    r"costing|will\s+cost|worth)\s+(?:up\s+to\s+|about\s+|around\s+|some\s+|nearly\s+|roughly\s+|more\s+than\s+)?"
    r"(?:[A-Z]{0,3}\$|[$€£¥]|[A-Z]{3}\s)?\s?\d",
    re.IGNORECASE,
)


#: A nominalised entry whose doer follows: "the opening of a hub in Belgium ... by Cainiao".
_NOMINAL_ENTRY = re.compile(
    r"(?:opening|launch|construction|establishment|creation|arrival|entry|debut)\b", re.IGNORECASE
)
_BY_AGENT = re.compile(r"[^.;]{0,60}?\bby\s+(?:the\s+)?", re.IGNORECASE)


#: Verbs that move something of the company's to a place: "take its Pelo brand to Mexico", "extend Lazulo to Europe".
_CARRIES = re.compile(r"(?:bring|brings|bringing|brought|take|takes|took|taking|extend|extends|extending)\s")


_APPOSED_UNIT = re.compile(
    r",\s+(?:its|their|the\s+[\w-]+'s)\s+(?:[\w-]+\s+){0,3}?(?:arm|unit|subsidiary|division|affiliate|business|brand|label)\b"
)


def _carried(view: View, cue_at: Cue, place: Mention, subject: Mention) -> Mention | None:
    """The unit or brand a company takes to a place, which is what enters it ("intends to extend Lazulo, its
    Southeast Asian arm, to Europe": Lazulo expands into Europe); goods carried leave the company the subject."""
    return next(
        (
            m
            for m in view.mentions
            if cue_at.start < m.start
            and m.end <= place.start
            and (m.type in ("Company", "Brand") or (m.type == UNTYPED and _APPOSED_UNIT.match(view.text, m.end)))
            and m.origin != "anaphor"
            and m.name != subject.name
        ),
        None,
    )


def _agent_after(view: View, cue_at: Cue, place: Mention) -> Mention | None:
    """The company a nominalised entry names after "by", in the same clause."""
    if not _NOMINAL_ENTRY.match(view.text, cue_at.start):
        return None
    by = _BY_AGENT.match(view.text, place.end)
    agent = view.named_after(by.end(), ("Company", "Brand", UNTYPED), words=3) if by else None
    return agent if agent is not None and agent.origin != "anaphor" else None


#: "In Europe, ...", "Next door in Saudi Arabia, ...", "Elsewhere in Asia, ...": a place fronted, maybe after a
#: word or two that say where it lies from the last one.
_FRONTED_PLACE = re.compile(
    r"\W*(?:(?:next\s+door|elsewhere|further\s+(?:afield|south|north|east|west)|back\s+home|closer\s+to\s+home|"
    r"meanwhile|separately|over|down|out)\s*,?\s+)?(?:in|across|throughout|within|inside)\s"
    # "In neighbouring Montenegro it is building ...": where the place lies from the last one
    r"(?:(?:neighbouring|neighboring|nearby|northern|southern|eastern|western|central)\s+)?",
    re.IGNORECASE,
)


@triggered_by("in ", "across ", "throughout ", "within ", "inside ")
def fronted_place(view: View) -> Iterator[Claim]:
    """ "In Europe, Kestrel Audio sells mainly through electronics chains": a place fronted before the subject
    is where the main clause's presence cue holds, unless that clause names a place of its own. A later clause
    may front one too ("..., and in Mexico it now ranks in the top ten")."""
    yield from _fronted_at(view, 0)
    for clause in _NEW_CLAUSE.finditer(view.text):
        yield from _fronted_at(view, clause.end())


#: Where a clause that may open with a fronted place starts inside a sentence.
_NEW_CLAUSE = re.compile(
    r"(?:,\s+(?:and|but|while|whereas)|;)\s+(?=(?:in|across|throughout|within|inside)\s)", re.IGNORECASE
)


_JOINED_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+", re.IGNORECASE)


def _fronted_at(view: View, start: int) -> Iterator[Claim]:
    opener = _FRONTED_PLACE.match(view.text, start)
    if not opener:
        return
    listed = view.listed_after(opener.end(), PLACES, within=4)
    comma = view.text.find(", ", listed[-1].end if listed else start)
    where = _WHERE.match(view.text, listed[-1].end) if listed else None
    if where is not None:
        # "In Canada, where it arrived in 2019, the chain now runs 85 outlets": the subject follows the where-clause
        comma = view.text.find(", ", where.end())
    if listed and not view.text.startswith(", ", listed[-1].end):
        # "In Nigeria and Kenya it also offers ...": without a comma the list of places ends the phrase
        places = listed
        subject = next((m for m in view.mentions if m.start == places[-1].end + 1), None) or view.named_after(
            places[-1].end, (*ACTORS, UNTYPED), words=2
        )  # "In Ghana the start-up Walo rents out ..."
    elif listed:
        places = listed  # "In Chile, Peru and Colombia, Andeo Pay offers ..."
        subject = next((m for m in view.mentions if m.start == comma + 2 and m.origin != "city"), None)
    elif comma >= 0 and start == 0:
        places = _last_list(
            [m for m in view.mentions if m.end <= comma and m.type in PLACES and _is_object_place(view, m)], view
        )
        subject = _main_subject_after(view, comma) if places else None
    else:
        return
    if subject is None or subject.type not in (*ACTORS, UNTYPED):
        return
    limit = len(view.text)
    if start > 0:
        limit = clause_end(view.text, subject.end)
    else:
        # "Across Asia, X delivered 90,000 cars, and it now sells ... in Thailand": the next clause's places are
        # its own
        joined = _JOINED_CLAUSE.search(view.text, subject.end)
        limit = joined.start() if joined is not None else limit
    after = [m for m in view.mentions if m.start >= subject.end and m.type in PLACES and m.start < limit]
    found = [c for c in cues(view) if c.start >= subject.end and c.kind in ("presence", "entry") and c.start < limit]
    if after or not found:
        return
    entries = [c for c in found if c.kind == "entry" and not _BUILDS_FOR_OTHERS.match(view.text, c.start)]
    kind = "entry" if entries and not _SINCE_FIRST.search(view.text, start, max(comma, start)) else "presence"
    # "Next door in Saudi Arabia, JinkoSolar and TCL Zhonghuan announced plans ...": each subject listed
    subjects = [
        s for s in view.listed_after(subject.start, (*ACTORS, UNTYPED), within=0) if s.type in ACTORS or not s.type
    ]
    for each in subjects or [subject]:
        for place in places:
            yield claim(view, each, RELATIONS[kind], place, found[0].start, confidence=CONFIDENCE[kind])


_LIST_GAP = re.compile(r"\s*(?:,\s*)?(?:(?:and|or)\s+)?(?:the\s+)?", re.IGNORECASE)


def _last_list(places: list[Mention], view: View) -> list[Mention]:
    """The last place and those listed with it ("In its first year in the UK and Ireland": the UK and Ireland)."""
    listed = places[-1:]
    for m in reversed(places[:-1]):
        if not _LIST_GAP.fullmatch(view.text, m.end, listed[0].start):
            break
        listed.insert(0, m)
    return listed


#: "In its first year in the UK, ...": the entry is behind the clause's news, which is presence.
_SINCE_FIRST = re.compile(r"\b(?:first|years?|months?|since|after)\b", re.IGNORECASE)
#: ", where ...", and ", which it entered" / ", a market it first entered": a clause hung on a place, telling an entry.
_WHERE = re.compile(
    r",\s+(?:where\s+|(?P<which>which\s+|(?:a|the)\s+(?:[\w-]+\s+)?(?:market|country|region)\s+(?:that\s+|which\s+)?)"
    r"(?=(?:it|they|the\s+(?:company|group|firm))\s+(?:had\s+|has\s+)?(?:first\s+|only\s+|originally\s+)?"
    r"(?:entered|re-?entered)\b))"
)
_PRONOUN_NEXT = re.compile(r"(?:it|they|its|their)\b", re.IGNORECASE)


_MARKET_GROWS = re.compile(r"grow|grew|popular")
#: Before a growth cue in a where-clause, what makes the growth the company's: "its", "it", "they", a measure of
#: its business ("where revenue grew 31%").
_WHOSE_GROWTH = re.compile(
    r"\b(?:its|it|they|their|our|we|sales|revenues?|shipments|deliveries|orders|users|subscribers|volumes?|"
    r"business|market\s+share|turnover|income|bookings)\b"
)


@triggered_by("where", "entered")
def where_clause(view: View) -> Iterator[Claim]:
    """ "Singapore, where it opened its first outlet in April 2023", "Vietnam, which it entered in 2019": the place
    the clause hangs on is where the clause's cue happened."""
    found = cues(view)
    for match in _WHERE.finditer(view.text):
        place = next((m for m in view.mentions if m.end == match.start() and m.type in PLACES), None)
        end = clause_end(view.text, match.end())
        inside = [c for c in found if match.end() <= c.start < end]
        if place is None or not inside:
            continue
        cue_at = inside[0]
        if match.group("which") and cue_at.kind != "entry":
            continue
        if _MARKET_GROWS.match(view.lower, cue_at.start) and not _WHOSE_GROWTH.search(
            view.lower, match.end(), cue_at.start
        ):
            continue  # "Japan, where interest in Chinese content is growing": the market grows, not the company
        kind = cue_at.kind if cue_at.kind in RELATIONS else "presence"
        # "Penwick's scooters sell well in Chile, where they have gained ...": "it" is the main clause's subject
        pronoun = _PRONOUN_NEXT.match(view.text, match.end())
        subject = actor(view, match.start() if pronoun else cue_at.start)
        if subject is None or subject.start <= place.start < subject.end:
            continue
        if subject.end == 0 and _place_does(view, cue_at.start):
            continue  # "In 2023, Peru shipped goods worth $36 billion to China": the country trades, not the company
        qualifiers: tuple[tuple[str, str], ...] = ()
        if kind == "entry":
            date = view.date()
            facility = next((c.facility for c in inside if c.facility), None)
            qualifiers = ((("date", date),) if date else ()) + ((("via", facility),) if facility else ())
        # "orders from Bogota and Lima, where its buses make up a third of the fleet": the clause is each place's;
        # an entry is one event, the last place's ("Peru, Ecuador and Argentina, where it arrived in 2021")
        listed = (
            _last_list([m for m in view.mentions if m.end <= place.end and m.type in PLACES], view)
            if kind != "entry"
            else [place]
        )
        for each in listed:
            made = claim(
                view, subject, RELATIONS[kind], each, cue_at.start, qualifiers=qualifiers, confidence=CONFIDENCE[kind]
            )
            if match.group("which"):
                # "plans a second line in Egypt, a market it first entered in 2016": the clause has its own tense
                own = status(view.lower[match.end() : cue_at.start])
                made = with_status(plain(made), own) if own else plain(made)
            yield made
        for other in inside[1:]:
            # "Latin America, where revenue grew 31% and Motorola's smartphone shipments hit a record": the owner
            # named before a later cue of the clause is there too
            owner = next(
                (
                    m
                    for m in view.mentions
                    if match.end() <= m.start
                    and m.end < other.start
                    and m.type in (*ACTORS, UNTYPED)
                    and m.origin != "anaphor"
                    and _OWNS_CUE.fullmatch(view.text, m.end, other.start)
                ),
                None,
            )
            if other.kind == "presence" and owner is not None and owner.name != subject.name:
                for each in listed:
                    yield claim(
                        view, _company(owner), "operatesIn", each, other.start, confidence=CONFIDENCE["presence"]
                    )
        comma = view.text.find(", ", match.end())
        if kind == "entry" and comma > 0 and _opens_clause(view, place) and _THEN_HAS.match(view.text, comma + 2):
            # "Nairobi, where it set up its first bakery in 2019, has 25": the entry has grown into presence
            date = view.date()
            since = (("since", date),) if date else ()
            yield claim(
                view, subject, "operatesIn", place, comma + 2, qualifiers=since, confidence=CONFIDENCE["presence"]
            )


#: After a where-clause, a main verb that counts what is there now: ", has 25", ", now counts 25 outlets".
_THEN_HAS = re.compile(
    r"(?:now\s+|still\s+|already\s+)?(?:has|have|had|counts|hosts|boasts|runs|operates)\s+(?:about\s+|around\s+|some\s+|"
    r"more\s+than\s+|over\s+|nearly\s+)?\d"
)


_WHERE_NOW = re.compile(
    r"(?:(?:,\s*|\s+and\s+)(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)*,?\s+where\s+[^.;]{0,60}?\b(?:is|are|has\s+been|have\s+been)"
    r"\s+(?:already\s+|now\s+)?(?:sold|available|present|on\s+sale|used|offered)\b"
)
_OWNS_CUE = re.compile(r"(?:'s|')\s+(?:[\w-]+\s+){0,2}")


_PLAN_CUE = re.compile(r"plans?\s+(?:to|for)")
#: "its plants in", "the group's two stores in": a facility the company has now, named by its owner.
_OWNER_OF_FACILITY = re.compile(
    r"(?:\b(?:its|their)|'s?)\s+(?:(?!(?:first|new|future|planned|proposed|next|second|third|own)\b)[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _owned_facility(view: View, subject: Mention, cue_at: Cue, made: Claim) -> bool:
    """A plan, or a denied plan, about a facility the company has ("is weighing closing its stores in Austria",
    "denied that it planned to shut its plants in Thailand"): the facility, and so the presence, is there today.
    The facility is the subject's: no other company is named between them ("agreed with B to take over its
    plant in Mexico" is B's plant)."""
    status_ = dict(made.qualifiers).get("status")
    owner = _OWNER_OF_FACILITY.search(view.text, max(0, cue_at.start - 40), cue_at.start)
    if status_ is not None and owner is not None and subject.start == owner.start():
        # "plans to list its Indonesian unit in Jakarta": the possessive is the subject, the plan before it
        opening = view.lower[_clause_start(view, subject.start) : subject.start]
        return status_ == "planned" or status(opening) == "planned"
    if status_ is None or owner is None or subject.end > owner.start():
        return False
    between = (subject.end, owner.start() + 1)
    if any(
        between[0] <= m.start and m.end <= between[1] and m.type in ("Company", UNTYPED) and m.origin != "anaphor"
        for m in view.mentions
    ):
        return False
    words = view.lower[subject.end : owner.start()]
    return status_ == "planned" or status(words) == "planned"  # a closure planned, or a denied plan


#: A plan to be somewhere, said under a denial: "denied that it was studying a plant in X", "looking for a partner to
#: assemble cars in X", "weighing an assembly site in X".
_PLANNED_MOVE = re.compile(
    r"\b(?:study(?:ing)?|weigh(?:ing)?|consider(?:ing)?|plan(?:s|ned|ning)?|looking\s+(?:for|at|to)|explor(?:e|ing)|"
    r"mull(?:s|ing)?|eyeing|would|to\s+(?:build|open|assemble|set\s+up|make|produce))\b"
)


#: The words of a denial before such a plan: "denied a report that", "dismissed talk that", "ruled out".
_DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|dismiss(?:ed|es|ing)|reject(?:ed|s|ing)|rul(?:ed|es|ing)\s+out)\b"
)


#: A plan said not to exist: "is not planning a factory in X", "was not considering a plant in X".
_NEGATED_PLAN = re.compile(
    r"\b(?:not|never)\s+(?:\w+\s+)?(?:planning|considering|studying|weighing|exploring|looking\s+at)\b"
)


#: Building a railway, a motorway, a dam or a power station: a contractor's work for an owner, no entry of its own.
_BUILDS_FOR_OTHERS = re.compile(
    r"(?:buil(?:d|ds|t|ding)|construct(?:s|ed|ing)?)\s+(?:[\w'-]+\s+){0,5}?(?:railways?|motorways?|highways?|"
    r"expressways?|bridges?|ports?|dams?|power\s+stations?|power\s+plants?|hydropower|rail\s+links?|pipelines?|"
    r"airports?|tunnels?|metro|terminals?)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
#: A sentence opening with a whole market's measure: "Car sales in Vietnam", "Smartphone shipments to India" (then
#: measured: "Corn seed sales in Paraguay begin this year" are the company's).
_MARKET_MEASURE = re.compile(
    r"\W*(?:(?:new|used|total|overall|annual|global|domestic|retail|wholesale)\s+)?"
    r"(?!(?:Its|Their|Our|Overseas|International|Foreign|Group|Company)\b)"
    r"[A-Za-z][a-z-]+(?:\s+[a-z][a-z-]+)?\s+(?:sales|shipments|deliveries|imports|exports|registrations|demand)\s+"
    r"(?:in|to|across)\b"
)


#: A second verb, planned, between an entry's cue and a later place: "and is due to follow in", "and will follow in".
_AND_THEN_PLAN = re.compile(
    r"\band\s+(?:(?:is|are)\s+)?(?:due|set|expected|scheduled|poised|planning|plans|aims|intends|hopes|will|would)\b",
    re.IGNORECASE,
)
_CLAUSE_JOIN = re.compile(r",\s+(?:and|but|while|whereas)\s+(?:the\s+)?")


def _other_subject_between(view: View, start: int, end: int, subject: Mention) -> bool:
    """Whether a clause with a subject of its own, another company, opens between a cue and its place."""
    for join in _CLAUSE_JOIN.finditer(view.text, start, end):
        named = next((m for m in view.mentions if m.start == join.end()), None)
        if (
            named is not None
            and named.origin != "anaphor"
            and named.type in (*ACTORS, UNTYPED)
            and named.name != subject.name
            and named.end < end
        ):
            return True
    return False


def _planned_presence_is_entry(made: Claim) -> Claim:
    """Presence that is only planned ("will be sold in Thailand") is a planned entry, not presence today."""
    if made.relation == "operatesIn" and ("status", "planned") in made.qualifiers:
        return replace(made, relation="expandsInto")
    return made


_OF_HOME = re.compile(r"\s+of\s+(?:the\s+)?")
_POSSESSIVE_GAP = re.compile(r"'s?\s+")
#: A preposition of place before a place: "opened in Singapore's Marina Bay Sands" is in Singapore.
_AT_PLACE = re.compile(r"\b(?:in|at|near|inside|into|across)\s+(?:the\s+)?$")
_BOUGHT_BEFORE = re.compile(
    r"\b(?:bought|buys?|buying|acquir(?:e|es|ed|ing)|purchas(?:e|es|ed|ing)|took\s+over|takes?\s+over|"
    r"snapped\s+up|(?:stake|interest|holding)\s+in|merg(?:e|es|ed|ing)\s+with|(?:acquisition|takeover|purchase)\s+of)"
    r"\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)


def _is_object_place(view: View, place: Mention) -> bool:
    """A place the company is in: not an origin or comparison ("from Taiwan", "than Japan"), not the home of a
    company it describes ("Quizly, a Singapore quiz-app developer", "Tokyo convenience store chain X"); a
    nationality adjective only where it qualifies a market ("the Brazilian market", "European sales")."""
    if _CURRENCY_AFTER.match(view.text, place.end):
        return False  # "300 million New Zealand dollars"
    blocked = _not_there_regex().search(view.lower, max(0, place.start - 60), place.start)
    if blocked and not (place.origin == "city" and blocked.group().startswith("outside")):
        return False  # "outside Lisbon" is near Lisbon; "outside China" is everywhere else
    first = _list_start(view, place)
    left_out = _EXCEPT_BEFORE.search(view.lower, max(0, first - 30), first) if first < place.start else None
    if left_out is not None and not (
        left_out.group().startswith(("outside", "beyond"))
        and _LARGEST_BEFORE.search(view.lower, max(0, left_out.start() - 50), left_out.start())
    ):
        # "everywhere except mainland China, Hong Kong and Macau": the whole list is left out (not in "its biggest
        # operation outside China and the United States", which it has there too)
        return False
    if first < place.start and _COMPARED.search(view.lower, max(0, first - 60), first):
        return False  # "compared with the hotel markets in Europe and the United States": the whole list is a yardstick
    if _describes_a_company(view, place) or HOME_ATTRIBUTE.match(view.text, place.end):
        return False  # "Shenzhen-based": a home, not a market
    if _EXCHANGE_AFTER.match(view.text, place.end):
        return False  # "debuted on the Hong Kong stock exchange": where its shares trade, not where it sells
    if _RIVALS_AFTER.match(view.text, place.end) and not _AT_PLACE.search(
        view.lower, max(0, place.start - 12), place.start
    ):
        return False  # "competes with a growing list of US rivals": where the rivals are from
    if _AUTHORITY_AFTER.match(view.text, place.end):
        return False  # "the sale collapsed after a US antitrust probe": whose regulators, not where it sells
    if any(m.type not in PLACES and _OF_HOME.fullmatch(view.text, m.end, place.start) for m in view.mentions):
        return False  # "Vestas of Denmark": where a company is from
    if not _AT_PLACE.search(view.lower, max(0, place.start - 12), place.start) and any(
        m.type in ("Company", "Organization", UNTYPED)
        and m.origin != "anaphor"
        and _POSSESSIVE_GAP.fullmatch(view.text, place.end, m.start)
        # "Russia's Tula Oblast region": a place inside the place, where the company is
        and not (m.type == UNTYPED and _REGION_NOUN_AFTER.match(view.text, m.end))
        for m in view.mentions
    ):
        return False  # "a unit of South Korea's HLB", "teamed up with Japan's Denso": the name's home, no market
    if _BOUGHT_BEFORE.search(view.text, max(0, place.start - 40), place.start) and any(
        m.type in ("Company", "Brand", UNTYPED) and _POSSESSIVE_GAP.fullmatch(view.text, place.end, m.start)
        for m in view.mentions
    ):
        return False  # "bought Finland's Amer Sports": where the company bought is from
    if (
        place.surface.lower() != place.name.lower()
        and place.origin == "place"
        and place.surface[:1].isupper()
        and place.surface in _demonyms()
    ):
        return bool(_DEMONYM_MARKET.match(view.text, place.end))
    return True


_RIVALS_AFTER = re.compile(
    r"(?:\s+(?:and|or)\s+[A-Z][\w-]*)?\s+(?:[\w-]+\s+){0,2}?(?:rivals?|competitors?|challengers?|peers|incumbents)\b"
)
_REGION_NOUN_AFTER = re.compile(
    r"\s+(?:region|province|state|oblast|county|district|prefecture|city|area|zone|valley|island|coast)\b"
)
_EXCEPT_BEFORE = re.compile(
    # "all markets outside mainland China, Hong Kong and Macau": the rest of a list after "outside" is left out too
    r"\b(?:except(?:\s+for|\s+in)?|excluding|other\s+than|apart\s+from|save\s+for|outside(?:\s+of)?|beyond),?\s+"
    r"(?:the\s+)?(?:mainland\s+)?$"
)
_LARGEST_BEFORE = re.compile(r"\b(?:biggest|largest|main|most\s+important|top)\b[^,;.]*$")
_COMPARED = re.compile(
    r"\b(?:compared\s+(?:with|to)|relative\s+to|unlike|than(?!\s+(?:\d|a\s+(?:dozen|hundred|thousand|handful)\b|"
    # "more than a dozen shops across A, B and C": a count, no yardstick
    r"(?:dozens|hundreds|thousands|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|half)\b))|versus)\s+(?:[\w-]+\s+){0,4}?(?:(?:in|of)\s+)?(?:the\s+)?$"
)
_EXCHANGE_AFTER = re.compile(r"\s+(?:stock\s+)?(?:exchange|bourse|stock\s+market)\b", re.IGNORECASE)
#: A place's authorities right after its name: "US antitrust probe", "EU competition regulators", "UK sanctions",
#: "Chile's antitrust court".
_AUTHORITY_AFTER = re.compile(
    r"(?:['\u2019]s)?\s+(?:antitrust|competition|regulators?|regulatory|authorities|sanctions|watchdogs?|lawmakers|officials|"
    r"prosecutors|customs|probes?|investigat(?:ion|ors?)|courts?|judges?)\b"
)


@cache
def _demonyms() -> frozenset[str]:
    return frozenset(data("names")["demonyms"])


@cache
def _company_head_regex() -> re.Pattern[str]:
    heads = literal_alternation(data("cues")["competesIn"]["descriptor_heads"])
    # the describing words are no preposition: "a hub in Jakarta by cloud firm Yunshu" is no Jakarta firm
    return lower_regex(rf"(?:'s)?\s+(?:(?!(?:by|of|in|from|with|for|to|and|at|on)\s)[a-z][\w&-]*\s+){{0,3}}?{heads}\b")


def _describes_a_company(view: View, place: Mention) -> bool:
    """The place is the first word of a company's description: "a Singapore quiz-app developer"."""
    return bool(_company_head_regex().match(view.lower, place.end))


#: ", which it entered in 2018 through Melbourne, and in Japan": a relative clause closed before the next place.
_RELATIVE_THEN_PLACE = re.compile(
    r",\s+(?:which|where|when)\b[^,;]{1,120},(?=\s+(?:and\s+|but\s+)?(?:in|across|into|to|throughout)\s)"
)


def _relative_spans(view: View) -> list[tuple[int, int]]:
    """The sentence's relative clauses closed by a comma: ", which ... ," before a verb or a place."""
    if ", wh" not in view.text:
        return []
    return [*view.closed_relatives(), *((r.start(), r.end()) for r in _RELATIVE_THEN_PLACE.finditer(view.text))]


#: A fronted participle that tells how the subject began: "Set up in 2014, ...", "Founded in Shenzhen in 2006, ...".
_FOUNDED_OPENER = re.compile(
    r"\W*(?:set\s+up|founded|established|launched|created|started|formed|incorporated)\b[^,;]{0,60},\s+",
    re.IGNORECASE,
)


def _reading(view: View, found: list[Cue], place: Mention) -> tuple[str, Cue, str | None] | None:
    """Which relation the cues before ``place`` in its clause give it, the cue that decides, and the facility."""
    floor = _clause_start(view, place.start)
    before = [c for c in found if floor <= c.start and c.end <= place.start and place.start - c.end <= REACH]
    founded = _FOUNDED_OPENER.match(view.text) if before and before[0].start == 0 else None
    if founded is not None and founded.end() <= place.start:
        # "Set up in 2014, ISEC runs 11 clinics across Singapore": the founding the opening phrase tells is the
        # subject's, not an entry into the places its clause names
        before = [c for c in before if c.start >= founded.end()]
    if before and "," in view.text[before[0].start : place.start]:
        # "runs services in A, which it entered in 2018, and in B": a cue inside a relative clause closed before
        # the place is the clause's own
        closed = [(s, e) for s, e in view.cached(_relative_spans) if e <= place.start]
        if closed:
            before = [c for c in before if not any(s <= c.start < e for s, e in closed)]
    if (
        before
        and _PLAN_CUE.fullmatch(view.lower, before[-1].start, before[-1].end)
        and _OWNER_OF_FACILITY.search(view.text, max(0, place.start - 40), place.start)
    ):
        before = before[:-1]  # "plans to list its Indonesian unit": a plan for a unit it has, not an entry
    modified = _modified_cue(view, found, place)
    if modified is not None:
        # "its Cairo office", "the Czech plant": the place qualifies the noun right after it
        if modified.kind == "headquarters":
            return "offices", modified, modified.facility  # "its US headquarters": a head office for one country
        if modified.kind == "offices":
            return modified.kind, modified, modified.facility
        entries = [
            c
            for c in before
            if c.kind == "entry"
            and place.start - c.end <= ENTRY_REACH
            # "entered Brazil and runs a Chilean plant": another place and another verb end the entry
            and not (
                _place_between(view, c.end, place.start) and _NEW_VERB_PHRASE.search(view.text, c.end, place.start)
            )
        ]
        if entries:
            return "entry", entries[-1], modified.facility
        if _OPENS_AFTER.match(view.text, modified.end) or _DUE_TO_OPEN.match(view.text, modified.end):
            return "entry", modified, modified.facility  # "its Czech plant will open in May", "..., due to open"
        return "presence", modified, None
    if not before:
        counted = _counted_earlier(view, found, place)
        if counted is not None:
            return "presence", counted, None
        after = _demonym_market_cue(view, found, place)
        return ("presence", after, None) if after else None
    nearest = before[-1]
    # "opened a plant in Kenya and plans to enter Ghana": a facility another place follows is that place's
    facility = next(
        (
            c.facility
            for c in reversed(before)
            if c.facility and not _place_between(view, c.end, _list_start(view, place))
        ),
        None,
    )
    if nearest.kind == "headquarters" and _place_between(view, nearest.end, place.start):
        # a company has one head office: the first place after the word ("to Amsterdam, leaving a team in Hangzhou")
        return None
    if nearest.kind in ("headquarters", "offices"):
        # "offices in Dubai and Riyadh", not "an office that handles registrations across North Africa"
        listed = _list_start(view, place)
        # "offices in A (X), B (Y) and C": a list of places right after the office's "in" starts near it
        reach = (listed if _IN_BEFORE_LIST.fullmatch(view.text, nearest.end, listed) else place.start) - nearest.end
        if reach > OFFICE_REACH or _NEW_OBJECT.search(view.text, nearest.end, place.start):
            return None  # "an innovation hub in Lisbon plus a depot in Peru": the depot, not the hub, is in Peru
        if nearest.kind == "headquarters" and any(
            m.type in PLACES and m.end <= nearest.start and not view.text[m.end : nearest.start].strip()
            for m in view.mentions
        ):
            return "offices", nearest, nearest.facility  # "its US headquarters in Fremont": one country's head office
        return nearest.kind, nearest, nearest.facility
    entries = [
        c
        for c in before
        if c.kind == "entry"
        and nearest.start - c.end <= ENTRY_REACH
        and not _place_between(view, c.end, nearest.start, modifying=nearest)
        and not _NEW_VERB_PHRASE.search(view.text, c.end, nearest.end)
    ]
    if (
        nearest.kind == "entry"
        and not facility
        and _BUILT.match(view.lower, nearest.start)
        and not _BUILT_IN.fullmatch(view.lower, nearest.start, place.start)
    ):
        return "presence", nearest, None  # "has built its biggest following in Asia": something else was built
    if nearest.kind == "entry" or entries:
        return "entry", (entries[-1] if entries else nearest), facility
    if nearest.facility and (_OPENS_AFTER.match(view.text, place.end) or _DUE_TO_OPEN.match(view.text, place.end)):
        # "X's plant in Monterrey began shipping in May", "a factory in Vietnam planned for 2026": a new plant
        return "entry", nearest, nearest.facility
    return "presence", nearest, None


#: "140 restaurants; 70 of them were in Europe and 20 in Japan", "300 stores, 45 of which are in
#: Poland": a part of a count named earlier in the sentence, by place.
_PART_OF_COUNT = re.compile(
    r"(?:\b\d[\d,.]*\s+(?:(?:million|thousand)\s+)?of\s+(?:them|which|these|those|the\s+total)\s+"
    r"(?:(?:are|were|is|was)\s+(?:now\s+|still\s+)?)?(?:located\s+|based\s+)?|"
    r"(?:,\s*|\s+)(?:and\s+|while\s+)?(?:another\s+)?\d[\d,.]*\s+(?:(?:million|thousand)\s+)?)"
    r"(?:in|across)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _counted_earlier(view: View, found: list[Cue], place: Mention) -> Cue | None:
    """The presence cue of the count a place takes a part of ("... of which are in Poland"), if any."""
    part = _PART_OF_COUNT.search(view.text, max(0, place.start - 60), place.start)
    if part is None:
        return None
    counts = [c for c in found if c.end <= part.start() and c.kind == "presence"]
    if not counts:
        return None
    if not re.search(r"\bof\s+(?:them|which|these|those|the\s+total)\b", view.text[counts[-1].end : place.start]):
        return None  # "... and 17 in North America" continues only a part already split off
    return counts[-1]


#: A second thing the company has, after an office and its place: ", a depot", "and its warehouse", "plus a".
_NEW_OBJECT = re.compile(r"(?:,|\band|\bplus|\bas\s+well\s+as)\s+(?:a|an|its|their)\s", re.IGNORECASE)
#: After a facility and its place, words that say it is yet to open: "a plant in Chile, due to open in 2027".
#: A facility a deal or plan is for: "a $1 billion deal for a car plant", "plans for a plant"; "The agreement
#: covers a plant in Manisa".
_DEAL_FOR = re.compile(
    r"\b(?:deal|agreement|contract|pact|memorandum|plans?|proposal|approval|permit|bid|tender|talks)\s+"
    r"(?:for|on|to\s+(?:build|set\s+up|open))\s+(?:an?\s+|the\s+|its\s+)?(?:[\w$.,'-]+\s+){0,4}",
    re.IGNORECASE,
)
#: Between two places of one list: a comma, "and", "or", "to" (a span), maybe "the".
_LIST_ON = re.compile(
    # "offices in A and B, and further afield in C": the same list, on after a phrase of distance
    r"\s*(?:,\s*(?:and\s+|or\s+)?(?:(?:further\s+afield|also|elsewhere|more\s+recently)\s+in\s+)?|"
    r"\s+(?:and|or|to)\s+)(?:the\s+)?"
)
#: People a company serves, as a presence cue: "customers in A and B".
_PEOPLE_CUE = re.compile(
    r"(?:customers?|users?|buyers?|shoppers?|consumers?|drivers?|players?|clients?|subscribers?)\b"
)
#: After a place of such people, the verb that says they are still to buy: "(in A and B) will buy them".
_WILL_BUY = re.compile(
    r"(?:(?!\b(?:who|which|where|that)\b)[^.;:]){0,120}?\b(?:will|would|are\s+(?:set|due|expected|going)\s+to)\s+"
    r"(?:soon\s+)?(?:be\s+able\s+to\s+)?"
    r"(?:buy|order|use|get|find|see|have|pay|book|download|access)\b"
)
#: A deal and the infinitive of its purpose: "signed with Uber to bring", "a deal with Lyft to put".
_DEAL_PURPOSE = re.compile(
    r"\b(?:deal|agreement|contract|pact|accord|partnership|tie-up|signed|signs)"
    r"(?:\s+with\s+[^,;.]{1,60}?)?\s+to\s+(?!(?:the|a|an|its|their|buy|acquire|purchase|take)\b)[a-z]+\b"
)
_DEAL_FOR_BEFORE = re.compile(_DEAL_FOR.pattern + "$", re.IGNORECASE)
_DEAL_SUBJECT = re.compile(
    r"\W*(?:the|this|that)\s+(?:deal|agreement|contract|pact|memorandum|project|plan|proposal)\b", re.IGNORECASE
)


def _agreed_facility(view: View, cue_at: Cue, place: Mention) -> bool:
    """Whether the facility a cue names is what a deal or plan is for, so not built yet; "deal for Turkish car
    plant": the deal is the cue, the facility follows the place."""
    start = _clause_start(view, cue_at.start)
    if _DEAL_FOR.fullmatch(view.text, cue_at.start, place.start):
        if _facility_regex().search(view.lower, cue_at.end, place.start):
            return True  # "a deal for a plant in Chile"
        facility = _facility_regex().search(view.lower, place.end, place.end + 25)
        return facility is not None and not _CLAUSE_BREAK.search(view.text, place.end, facility.start())
    if place.start >= cue_at.end and _CLAUSE_BREAK.search(view.text, cue_at.end, place.start):
        return False  # "deal for a car plant as EU duties bite": the place is not the plant's
    deal = _DEAL_FOR_BEFORE.search(view.text, max(start, cue_at.start - 60), cue_at.start)
    if deal is not None:
        return place.start >= deal.start()  # "approval for Portuguese cell factory", "a deal for a plant in Oman"
    return start == 0 and place.start >= cue_at.end and bool(_DEAL_SUBJECT.match(view.text))


_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:as|and|but|while|after)\b")


_TO_BE_BUILT = re.compile(
    r"[^.;,]{0,40}?\b(?:will|would|is\s+to|are\s+to|is\s+set\s+to|are\s+set\s+to)\s+be\s+"
    r"(?:built|opened|set\s+up|constructed|located|sited|established)\b",
    re.IGNORECASE,
)
#: Words saying a facility is still being made: "under construction", "in the pipeline".
_UNDER_WAY = re.compile(r"\b(?:under\s+(?:development|construction)|in\s+the\s+(?:pipeline|works))\b", re.IGNORECASE)
#: ... after a place or a list of places: "in Chile and Peru under development".
_UNDER_WAY_AFTER = re.compile(
    r"(?:(?:,\s*|\s+(?:and|or)\s+)[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})*\s+(?i:" + _UNDER_WAY.pattern + ")"
)
_DUE_TO_OPEN = re.compile(
    # "a plant in Gdansk, Poland, is planned to open": past the country after a town
    r"(?:,\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}(?=,))?"
    r",?\s+(?:which\s+|that\s+)?(?:(?:is|are)\s+)?(?:(?:due|set|scheduled|slated|expected|planned|poised)\s+to\s+"
    r"(?:open|start|begin|be\s+(?:completed|built|finished|operational)|come\s+on\s*(?:line|stream)|go\s+live)\b"
    # "a new factory in Vietnam planned for 2026"
    r"|(?:planned|scheduled|slated|due)\s+for\s+(?:(?:early|late|mid-?|the\s+end\s+of)\s*)?\d{4}\b)",
    re.IGNORECASE,
)
#: After a facility and its place, a verb that says the facility is new: it opens, starts, is being built.
_OPENS_AFTER = re.compile(
    # "in Thailand's Rayong province was opened": the province between the country and the verb
    r"(?:(?:'s\s+(?:[A-Z][\w-]*\s+){1,3}|\s+)(?:province|state|region|county|prefecture|district)\b)?"
    # "in Mesquite, Texas started assembly": the state after the town, no comma closing it
    r"(?:,\s+[^,]{1,40},|,\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?(?=\s))?(?:,\s+(?=(?:due|set|scheduled|slated|expected)\s))?\s*(?:(?:that|which)\s+)?(?:(?:has|have|had|will|is|was|are|were)\s+(?:just\s+|now\s+|recently\s+)?)?"
    r"(?:(?:due|set|scheduled|slated|expected)\s+to\s+)?"
    r"(?:(?:be|been|being)\s+)?(?:open(?:s|ed)?|opening|beg[au]n|begins?|start(?:s|ed)?|starting|broke\s+ground|"
    r"(?:went|go|goes)\s+(?:live|into\s+operation)|inaugurated|launched|built|under\s+construction|"
    r"came\s+on\s*line|comes\s+on\s*line|switched\s+on|set\s+up|established|commissioned)\b",
    re.IGNORECASE,
)


#: "formed a joint venture in 2024 and has since supplied projects in Turkey": the entry's verb phrase has ended.
#: "Lumo, launched in 2025, is sold only in China": after the aside, the main verb.
def _entry_before(view: View, found: list[Cue], cue_at: Cue) -> bool:
    """An entry word ("set up", "opened") right before an office word, in the same verb phrase."""
    return any(
        c.kind == "entry"
        and c.end <= cue_at.start
        and cue_at.start - c.end <= 30
        and not _NEW_VERB_PHRASE.search(view.text, c.end, cue_at.start)
        and not _PLAN_WORD.match(view.lower, c.start)
        for c in found
    )


_PLAN_WORD = re.compile(r"plans?\s")
_BUILT = re.compile(r"buil(?:d|ds|t|ding)\b")
#: "builds in Hungary", "is building there and in Spain": building in a place, what is built not named.
_BUILT_IN = re.compile(r"buil(?:d|ds|t|ding)\s+(?:(?:there|locally|factories|plants)\s+)?(?:in|and\s+in)\s+(?:the\s+)?")
_NEW_VERB_PHRASE = re.compile(
    # "first went abroad in 2014 and already sells its phones in ...": the second verb's places are its own
    r"(?:\b(?:and|but)|,)\s+(?:(?:already|still|now|also)\s+)?"
    r"(?:has|have|had|is|was|are|were|will|would|could|should|may|might|can|keeps?|since|also|"
    r"then|now|later|runs|operates|owns|holds|sells|makes|employs|supplies|serves|manages)\b"
    # "Since we bought Gorenje in 2018 we have had factories in Slovenia": a clause of its own, its subject a pronoun
    r"|\b(?:we|they)\s+(?:(?:now|also|still|already)\s+)?(?:have|had|run|ran|operate|own|owned|sell|sold|employ)\b"
)


#: Between two places of one list; "Dubai (United Arab Emirates), Jakarta (Indonesia) and Lima": a town's country
#: in brackets is part of the list.
_PLACE_LIST_GAP = re.compile(r"\)?\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\()(?:the\s+)?")


_IN_BEFORE_LIST = re.compile(r"\s+(?:in|across|at)\s+(?:the\s+)?")


def _list_start(view: View, place: Mention) -> int:
    """Where the list of places ``place`` ends starts ("plants in Kenya, Ghana and Togo": at Kenya)."""
    start = place.start
    for m in reversed([m for m in view.mentions if m.type in PLACES and m.end <= place.start]):
        if not _PLACE_LIST_GAP.fullmatch(view.text, m.end, start):
            break
        start = m.start
    return start


def _place_between(view: View, start: int, end: int, modifying: Cue | None = None) -> bool:
    """ "entered Brazil ... users in Mexico": the entry was Brazil's, Mexico only has users; a place that
    qualifies the facility ``modifying`` ("opened its first Southeast Asian plant, in Rayong") does not count."""
    return any(
        m.type in PLACES
        and start <= m.start
        and m.end <= end
        and not (
            modifying is not None and modifying.facility and _MODIFIES.fullmatch(view.text, m.end, modifying.start)
        )
        for m in view.mentions
    )


#: The words between a place and the noun it qualifies are adjectives or nouns ("its Seattle research lab"), never
#: a conjunction, article or preposition: "a lab in Munich and a plant in Poland" puts no plant in Munich.
_MODIFIES = re.compile(
    r"(?:'s)?\s+(?:(?!(?:and|or|but|a|an|the|in|at|of|to|for|with|from|on|by|plus|as)\s)[a-z][\w-]*\s+){0,2}?"
)


def _modified_cue(view: View, found: list[Cue], place: Mention) -> Cue | None:
    """The office, plant or store noun a place stands before as a modifier, with at most two words between."""
    for cue in found:
        if cue.start > place.end + 30:
            break
        if (
            cue.start >= place.end
            and cue.kind != "entry"
            and _MODIFIES.fullmatch(view.text, place.end, cue.start)
            and (cue.kind in ("offices", "headquarters") or cue.facility)
        ):
            return cue
    return None


def _demonym_market_cue(view: View, found: list[Cue], place: Mention) -> Cue | None:
    """ "European sales", "the Brazilian market": the cue stands right after the place."""
    following = _DEMONYM_MARKET.match(view.text, place.end)
    if following is None:
        return None
    return next((c for c in found if place.end <= c.start <= following.end()), None)


def _clause_start(view: View, pos: int) -> int:
    starts = view.cached(_clause_starts)
    before = bisect_right(starts, pos)
    return starts[before - 1] if before else 0


def _clause_starts(view: View) -> list[int]:
    """Where the sentence's clauses start, in order.

    The whole sentence is searched: a clause's start may be recognised by what follows it.
    """
    return [m.end() for m in _CLAUSE.finditer(view.lower)]


_ALIAS_OPEN = re.compile(r"\s*\(\s*")
#: "who" right before the cue's verb, after a common noun: the doer is a person ("farmers who sell in Lagos").
_PERSON_WHO = re.compile(r"\b[a-z]+\s+who\s+(?:also\s+|now\s+|still\s+)?$")
#: Companies the sentence names only by a plural noun, then what they do: "manufacturers that have opened".
_OTHERS_THAT = re.compile(rf"\b{OTHERS}\s+(?:that|which|who)\s+(?:[a-z]+\s+){{0,3}}$")


def pronoun_owner(view: View, pos: int, types: tuple[str, ...] = ACTORS) -> Mention | None:
    """Whose the "its" at ``pos`` is: the company the sentence's pronoun was resolved to ("..., Counterpoint said,
    as demand grew for its X": not the source named last), else the actor of the clause."""
    resolved = next((m for m in view.mentions if m.start == pos and m.origin == "anaphor"), None)
    if view.relative_antecedent(pos) is not None:
        return actor(view, pos, types)  # "Alibaba, which publishes its Qwen models": the relative clause's own
    if resolved is not None and resolved.name and resolved.type in (*types, UNTYPED):
        return resolved
    return actor(view, pos, types)


def actor(view: View, pos: int, types: tuple[str, ...] = ACTORS) -> Mention | None:
    """Who does what the cue at ``pos`` says: the clause's company, else the sentence's, else the one in focus.

    ``types`` are the kinds of subject the relation allows (a product may operate somewhere, but only a company
    develops or partners). A company in focus stands in with no place in this sentence (offsets 0), so a status is
    read from the sentence's opening words.
    """
    if _PERSON_WHO.search(view.lower, max(0, pos - 24), pos):
        return None  # "a girl who builds a rocket": a person does it, no company
    if _OTHERS_THAT.search(view.lower, max(0, pos - 60), pos):
        return None  # "manufacturers that have opened plants in Vietnam": other companies, none named
    here = view.subject_before(pos, (*types, UNTYPED))
    if here is not None and _ALIAS_OPEN.search(view.text, max(0, here.start - 3), here.start):
        # "GDS International (GDSI), has agreed to": the short name in brackets stands for the name before it
        named = next(
            (m for m in view.mentions if m.end <= here.start and _ALIAS_OPEN.fullmatch(view.text, m.end, here.start)),
            None,
        )
        here = named or here
    if (
        here is not None
        and here.origin == "anaphor"
        and _POSSESSIVE_PRONOUN.fullmatch(here.surface)
        and (antecedent := view.relative_antecedent(here.start)) is not None
    ):
        # "owns 70% of BOC Aviation, which besides its Singapore head office runs offices in": the relative
        # clause's "its" is the name the clause hangs on
        here = antecedent
    elif (
        here is not None
        and here.origin == "anaphor"
        and _POSSESSIVE_PRONOUN.fullmatch(here.surface)
        and _NOUN_AFTER.match(view.text, here.end)  # "its speakers", not "its Southeast Asian unit Lazada"
    ):
        # "Lumen Audio markets its speakers under ...": "its" is the name that opens the sentence, whose words up
        # to the cue say whether it is done ("Sinobright closed its Nairobi office")
        opener = next((m for m in view.mentions if m.name == here.name and _at_start(view, m)), None)
        named_between = any(here.end <= m.start < pos and m.type in (*ACTORS, UNTYPED) for m in view.mentions)
        if opener is not None and not named_between and not _CLOSED.search(view.text, opener.end, here.start):
            here = opener  # not "Sinobright closed its Nairobi office", which the exit readings take
    if here is not None and attributive(view, here):
        # "which holds the Starbucks franchise in Malaysia": a name used as a modifier is no subject
        here = view.relative_antecedent(pos)
    if here is not None and (
        here.type
        or _at_start(view, here)
        or _after_opening(view, here)
        or _after_break(view, here)
        or (here.origin != "anaphor" and _NEXT_TO_VERB.fullmatch(view.text, here.end, pos))
        # "Tencent's WeTV, which streams dramas, has audiences in ...": the name a closed relative clause hangs on
        or (
            here.origin != "anaphor"
            and any(
                (s == here.end or _NOUN_AFTER.fullmatch(view.text, here.end, s))  # "Lumo app, which ..."
                and _NEXT_TO_VERB.fullmatch(view.text, e - 1, pos)
                for s, e in view.closed_relatives()
            )
        )
        or (here.origin == "anaphor" and _REPORTED_CLAUSE.search(view.text, max(0, here.start - 20), here.start))
        or here == view.relative_antecedent(pos)  # "Hexa Home, which has a factory in Lodz"
        # "Carrow, an agency based in Dublin,": a company the apposition describes (a product's, its owner's)
        or here == view.apposed_name(pos, ("Company", "Organization", UNTYPED))
    ):
        return _possessed_head(view, here, pos)
    first = next((m for m in view.mentions if m.type in types and m.start < pos and _is_subject(view, m)), None)
    if first is not None:
        return _possessed_head(view, first, pos)
    fronted = _main_subject_after(view, pos, types)
    if fronted is not None:
        return fronted
    focus = view.focus or view.main
    if focus is not None and focus.type and focus.type not in types:
        return None  # a game in focus develops nothing: only a subject of the relation's kind stands in
    opener = next((m for m in view.mentions if _at_start(view, m)), None)
    if opener is not None and opener.type in PLACES and _PLACE_SUBJECT.match(view.text, opener.end):
        return None  # "Morocco already exports cars to the EU": the sentence is the country's, not the company's
    if (
        opener is not None
        and opener.origin != "anaphor"
        and opener.type in ("Company", "Organization", UNTYPED)
        and focus is not None
        and opener.name.split()[0] != focus.name.split()[0]  # "Luckin" is "Luckin Coffee"
    ):
        return None  # "Huawei has been losing ground in Europe since ...": another company's sentence, not the focus's
    if focus is None or not (view.focus_recent or any(m.origin == "anaphor" for m in view.mentions)):
        # a sentence far from where its company was named, with nothing pointing back, is about something else
        return None
    return Mention(0, 0, focus.name, focus.type or "Company", focus.surface, "anaphor", 0.7 * focus.confidence)


_OPENING_COMMA = re.compile(r",\s+$")
_POSSESSIVE_PRONOUN = re.compile(r"its|their", re.IGNORECASE)


def _closed_before(view: View, place: Mention, cue_at: Cue) -> bool:
    """ "Sinobright closed its Nairobi office", "Radisson sold its Americas business": its own verb, after any
    "and", says the place was left."""
    words = view.text[_clause_start(view, place.start) : min(cue_at.start, place.start)]
    return bool(_CLOSED.search(_AND_SPLIT.split(words)[-1]))


def _sold_unit(view: View, place: Mention) -> bool:
    """ "Radisson sold its Americas business", "divested the Brazilian unit": the unit in the place was sold off."""
    before = view.text[_clause_start(view, place.start) : place.start]
    return bool(_SOLD_UNIT.search(before)) and bool(_UNIT_WORD.match(view.lower, place.end + 1))


#: "sold its Americas business", "divested the Brazilian unit": a part of the company sold off (not "sold its
#: scooters in Brazil", whose cue is the sale).
_SOLD_UNIT = re.compile(
    r"\b(?:sold|sells|sell|selling|divested|divests|spun\s+off|spins\s+off|offloaded|offloads)\s+(?:its|their|the)\s+"
    r"(?:[\w-]+\s+){0,2}?$",
    re.IGNORECASE,
)
_UNIT_WORD = re.compile(
    r"(?:unit|units|business|businesses|arm|subsidiary|subsidiaries|operations|division|plant|factory|stake)\b"
)


_AND_SPLIT = re.compile(r"\b(?:and|but)\b")
_CLOSED = re.compile(r"\b(?:closed|closes|shut|shuts|shutting|exited|quit)\b", re.IGNORECASE)
#: "X says its business now serves ...": "its" opens the reported clause, whose subject it is.
_REPORTED_CLAUSE = re.compile(r"\b(?:says|said|added|adds|reported|reports|noted|notes)\s+(?:that\s+)?$")
#: "Tormund's Kessel brand runs a plant", "Lumo app has 3 million users in": a name with at most four small words or
#: numbers before the cue.
_NEXT_TO_VERB = re.compile(r"\s+(?:(?:[a-z][\w-]*|\d[\d.,]*)\s+){0,4}")


#: "the Starbucks franchise", "3 Tesla suppliers"; a year is no count ("In 2024 Tecsun sold ...").
_FORMER_BEFORE = re.compile(r"\b(?:former|ex-|one-time|disused|shuttered|defunct|abandoned)\s*$", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"(?:\b(?:the|a|an)|(?<!\b(?:19|20)\d)\d)\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+[a-z][\w-]*")


def attributive(view: View, m: Mention) -> bool:
    """ "the Starbucks franchise", "a Tesla supplier": a name between an article and a common noun."""
    return bool(_ARTICLE_BEFORE.search(view.text, max(0, m.start - 5), m.start)) and bool(
        _NOUN_AFTER.match(view.text, m.end)
    )


_BREAK_BEFORE = re.compile(r"(?:\bwhile|\bwhereas|\bwhere|\bbut|\band|\bthat|;|,)\s+(?:the\s+)?$", re.IGNORECASE)


def _after_break(view: View, m: Mention) -> bool:
    """ "..., while AliExpress will keep ...": a name that opens a new clause is its subject."""
    return bool(_BREAK_BEFORE.search(view.text, max(0, m.start - 12), m.start))


def _after_opening(view: View, m: Mention) -> bool:
    """ "Backed by G, Nuvora opened ...": a name right after the comma that ends a fronted phrase."""
    first_comma = view.text.find(", ")
    return first_comma >= 0 and m.start == first_comma + 2


#: How a fronted phrase opens: a preposition, a participle or an adverb, never a name or a pronoun.
_FRONTED_OPENER = re.compile(
    r"^\W*(?:with|after|before|backed|already|in|as|following|having|despite|like|unlike|since|through|thanks|"
    r"alongside|besides|beyond|amid|among|once|while|by|for|from|at|on|under|best|long|three|two|four|five|"
    r"across|throughout|within|inside|"
    r"[a-z]+ed|[a-z]+ing|[a-z]+ly)\b",
    re.IGNORECASE,
)


def _main_subject_after(view: View, pos: int, types: tuple[str, ...] = ACTORS) -> Mention | None:
    """A cue inside a fronted phrase ("After entering Vietnam in 2021, Tidewell ...", "With its plant in
    Monterrey, Harvo ...") belongs to the main clause's subject, named right after the phrase's comma."""
    first_comma = view.text.find(", ")
    if first_comma < 0 or pos > first_comma or not _FRONTED_OPENER.match(view.text):
        return None
    return next(
        (m for m in view.mentions if m.start == first_comma + 2 and m.type in (*types, UNTYPED) and m.origin != "city"),
        None,
    )


def _at_start(view: View, m: Mention) -> bool:
    """ "X ...", "Vancouver-based X ...": the name opens the sentence, maybe after where it is based."""
    dateline = DATELINE.match(view.text)  # "PORTO, January 21, 2020 — X ...": the dateline opens no clause
    opening = view.text[dateline.end() if dateline else 0 : m.start].strip(" \"'(")
    return not opening or bool(_HOME_OPENING.fullmatch(opening))


_HOME_OPENING = re.compile(
    # "Today Borun Tyres produces ...": an adverb of time before the subject, with no comma
    r"[A-Z][\w.' -]*-(?:based|headquartered|listed|born)|Today|Now|Currently|Meanwhile|Nowadays|Separately"
)
#: A place that opens the sentence as its subject: "Morocco already exports cars ...", not "Singapore followed".
_PLACE_SUBJECT = re.compile(
    # a place's share of the company's sales ("North America contributed 43%") is the company's market
    r"\s+(?!(?:followed|came|joined|was\s+next|is\s+next|opened\s+(?:next|later)|contribut\w*|account\w*|made\s+up|"
    r"makes\s+up|generat\w*|represent\w*|brought|brings|supplied|supplies|grew|grows|rose|rises|fell|falls|jumped|"
    r"climbed|remained|remains|deliver\w*|led|leads|topped|tops|ranked|ranks|overtook|trailed|trails)\b)"
    r"(?:already\s+|also\s+|now\s+)?(?!(?:is|was|has|does)\b)(?:[a-z]+s|[a-z]+ed)\b"
)


def _possessed_head(view: View, m: Mention, pos: int) -> Mention:
    """ "Harbin Foods' snack chain Dumpling Lane ... and has restaurants in Chile": the company the possessive
    describes is the subject, not its owner."""
    owned = next(
        (o for o in view.mentions if m.end < o.start < pos and o.type not in ("Segment", "Channel", "Strategy")), None
    )
    if owned is None or owned.origin == "anaphor":
        return m
    noun = owned_description(view.text, m.end, owned.start, owned.end)
    if noun is None:
        return m
    if owned.type == "Company":
        return owned
    return owned.typed("Company") if owned.type == UNTYPED and noun in UNIT_NOUNS else m


def _is_subject(view: View, m: Mention) -> bool:
    """Not governed by a preposition ("with Acme", "from Acme", "makers including Bosch and TTI")."""
    return not re.search(
        r"\b(?:of|from|by|with|than|to|for|at|in|on|against|and)\s+(?:the\s+)?$",
        view.lower[max(0, m.start - 12) : m.start],
    ) and (_OWNS.match(view.text, m.end) is not None or not view.governs(m))


#: "Among Sinova Pharma's clients are ...": a possessive owner speaks for itself after a preposition.
_OWNS = re.compile(r"'s?\s")


_FOLLOWED = re.compile(
    r"\s*(?:,\s*|\s+and\s+|\s+as\s+well\s+as\s+)?(?:[\w\s,]{0,30}?)\b(?:followed|came\s+next|were\s+added|was\s+added|joined)\b",
    re.IGNORECASE,
)


@triggered_by("followed", "came next", "added", "joined")
def followed(view: View) -> Iterator[Claim]:
    """ "Vietnam followed a year later, and Thailand this spring": places that follow where the company went
    are where it now operates."""
    places = [m for m in view.mentions if m.type in PLACES]
    if not places or not _at_start(view, places[0]):
        return
    listed = [places[0]]
    for m in places[1:]:
        if re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)", view.text[listed[-1].end : m.start]):
            listed.append(m)
    cue = _FOLLOWED.match(view.text, listed[-1].end)
    if cue is None:
        return
    later = [m for m in places if m.start > cue.end() and re.search(r"(?:,\s*and|\band)\s+$", view.text[: m.start])]
    subject = view.focus or view.main
    if subject is None:
        return
    actor_ = Mention(
        0, 0, subject.name, subject.type or "Company", subject.surface, "anaphor", 0.7 * subject.confidence
    )
    for place in [*listed, *later]:
        # "Singapore followed in March 2021": the entry's date is told, so this is an entry; undated, a presence
        date = view.date(place)
        relation, qualifiers = ("expandsInto", (("date", date),)) if date else ("operatesIn", ())
        yield claim(
            view, actor_, relation, place, cue.start(), qualifiers=qualifiers, confidence=CONFIDENCE["presence"]
        )


#: "Thailand and Malaysia have become its strongest markets", "North America remained its largest region".
#: "Japan and Korea are among its top markets"; the place an object: "counts Spain among its fastest-growing
#: markets", "named Peru as its key market"; an aside: "Chile, one of the group's biggest markets, ...".
_ITS_MARKET = re.compile(
    r"(?:\s+(?:(?:is|are|was|were|remains?|remained|has\s+become|have\s+become|(?:has|have|had)\s+(?:long\s+)?been|"
    r"became|becomes|ranks?|ranked|being|"
    # "Malaysia would be its second market", "Brazil is set to become its third": a market still to come
    r"(?P<future>(?:will|would|could|is\s+(?:set|due|expected|likely|poised)\s+to|are\s+(?:set|due|expected)\s+to)"
    r"\s+(?:be|become)))\s+)"
    r"(?:now\s+|still\s+|also\s+)?(?:as\s+|among\s+|one\s+of\s+)?|(?P<object>\s+(?:among|as)\s+)|"
    r"(?P<aside>,\s+(?:now\s+|still\s+)?(?:one\s+of\s+|among\s+)?))(?P<owner>its|their|our|the\s+(?:company|group|firm|brand)'s|(?:[A-Z][\w&.-]*\s+){0,3}[A-Z][\w&.-]*'s?|"
    # "is looking to Southeast Asia as the first market for its platform": the market the subject picks
    r"(?<=as\s)the(?=\s+(?:first|next|new|key|main|priority|launch)\s))\s+"
    r"(?:[\w-]+\s+){0,3}?(?:markets?|regions?|sources?\s+of\s+(?:revenue|sales|income))\b"
)
#: "Europe accounted for 22% of sales", "... and Japan for 10%": a place's part of the company's sales.
_PART_OF_SALES = re.compile(
    # "Indonesia, now its second-biggest market, generated ...": an aside between the place and its verb
    r"(?:,\s+(?P<aside>[^,;]{2,60}),)?"
    # "Asia currently accounts for ...": an adverb before the verb
    r"(?:\s+(?:now|currently|still|also|alone|already|again|today|together))?"
    r"\s+(?:(?:accounted|accounts|accounting)\s+for|contributed|contributes|contributing|made\s+up|makes\s+up|"
    r"represented|represents|generated|generates|brought\s+in|supplied|supplies|delivered|delivers|added|adds|for)"
    r"\s+(?:about\s+|around\s+|roughly\s+|some\s+|"
    r"nearly\s+|almost\s+|over\s+|more\s+than\s+|less\s+than\s+|just\s+)?(?P<part>(?:[$\u20ac\u00a3\u00a5]|[A-Z]{2,3}\$?\s?)?\d|"
    r"a\s+(?:third|quarter|fifth|half)|half|one|two|three|"
    # "accounted for the most spending", "made up the biggest part of its revenue"
    r"(?P<top>the\s+(?:largest|biggest|greatest|most|lion's)\s+(?:(?:share|part|portion|slice)\s+of\s+)?"
    r"(?:(?:its|their|the\s+[a-z]+'s|[A-Z][\w&.-]*'s)\s+)?(?:(?:paying|active|monthly|daily|registered|overseas|"
    r"international|foreign|online)\s+){0,2}(?:spending|revenues?|sales|income|turnover|orders|downloads|users|players)\b))"
)
#: "Mexico and Chile are priority markets for Ildra", "Taiwan became the second-largest market for B": the owner
#: named after the market.
_MARKET_FOR = re.compile(
    r"\s+(?:is|are|was|were|remains?|remained|has\s+become|have\s+become|became|becomes)\s+"
    r"(?:now\s+|still\s+|also\s+)?(?:among\s+|one\s+of\s+)?(?:the\s+)?(?:(?!for\b)[\w-]+\s+){0,3}?"
    r"(?:markets?|regions?)\s+for\s+(?:the\s+)?(?=[A-Z])"
)
#: Whose sales the parts are: "of its sales", "of the group's revenue", "of Anker's turnover", "of the total".
_OWN_SALES = re.compile(
    r"\b(?:its|their|the\s+[a-z]+'s|[A-Z][\w&.-]*'s?)\s+(?:[\w-]+\s+)?"
    r"(?:sales|revenues?|turnover|income)\b|\bof\s+(?:group\s+|total\s+|overall\s+)?(?:sales|revenues?|turnover)\b|"
    r"\bof\s+(?:the|that|this)\s+total\b|\bof\s+that\b"
)
#: A sum of money right after the verb: "contributed 780 million yuan", "brought in US$97 million", "$40 million".
_MONEY_PART = re.compile(
    r"\s*(?:(?:[$\u20ac\u00a3\u00a5]|[A-Z]{2,3}\$?\s?)?\d[\d,.]*\s*(?:(?:million|billion|bn|m|thousand)\s+)?"
    r"(?:[$\u20ac\u00a3\u00a5]|yuan|renminbi|dollars?|euros?|pounds?|francs?|yen|won|rupees?|riyals?|dirhams?|reais|real|"
    r"pesos?|ringgit|baht|rupiah|dong|(?:[A-Z]{3})\b)|"
    # "contributed CNY 1.42 billion", "HK$380 million": the currency before the number says it is money
    r"(?:[$\u20ac\u00a3\u00a5]|(?:CNY|RMB|USD|EUR|GBP|JPY|HKD|SGD|AUD|CAD|CHF|INR|KRW|BRL|MXN|US|HK|S|A|C)\$?\s?)\d[\d,.]*"
    r"(?:\s*(?:million|billion|bn|m|thousand)\b)?)",
)
#: "its second-biggest market", "the company's biggest foreign region": an aside that calls the place a market.
_MARKET_ASIDE = re.compile(
    r"(?:now\s+|still\s+|also\s+)?(?:its|their|the\s+(?:company|group|firm|brand|chain)'s)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:markets?|regions?)$"
)
#: "North America was the largest region with ...", "Japan remained the biggest market for the brand": a
#: superlative market with no owner is the company's in focus (not "the largest smartphone market in Asia").
_TOP_MARKET = re.compile(
    r"\s+(?:is|are|was|were|remains?|remained|has\s+become|became)\s+(?:still\s+|again\s+|now\s+)?the\s+"
    # "Germany, France and the United Kingdom were the three largest markets there"
    r"(?:(?:two|three|four|five)\s+)?(?:(?:largest|biggest|top|main|leading|strongest|fastest-growing|(?:second|third)[\s-](?:largest|biggest))\s+"
    r"(?:(?:overseas|foreign|international|export|single|sales|regional)\s+)?(?:markets?|regions?)|standout|star)\b"
    r"(?!\s+(?:in|of|on|across|worldwide|globally)\b)"
)
_LISTED_PLACE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:the\s+)?")


@triggered_by(
    "market",
    "markets",
    "region",
    "regions",
    "accounted",
    "accounts",
    "contributed",
    "contributing",
    "made up",
    "represented",
    "generated",
    "brought in",
    "supplied",
    "supplies",
    "delivered",
    "delivers",
    "added",
    "adds",
    "source",
    "sources",
    "standout",
    "star",
)
def place_as_market(view: View) -> Iterator[Claim]:
    """A place said to be the company's market or a part of its sales, the place first: "Thailand and Malaysia
    have become its strongest markets", "Europe accounted for 22% of sales and Japan for 10%"."""
    places = [m for m in view.mentions if m.type in PLACES and m.origin != "anaphor"]
    if not places:
        return
    own_sales = bool(_OWN_SALES.search(view.text))
    for i, place in enumerate(places):
        market = _ITS_MARKET.match(view.text, place.end)
        market_for = None if market else _MARKET_FOR.match(view.text, place.end)
        part = None if market or market_for else _PART_OF_SALES.match(view.text, place.end)
        top = _TOP_MARKET.match(view.text, place.end) if market is None and part is None else None
        if (
            part is not None
            and not own_sales
            and not part.group("top")
            and not _MONEY_PART.match(view.text, part.start("part"))
            and not (part.group("aside") and _MARKET_ASIDE.search(part.group("aside")))
        ):
            part = None  # "contributed 3% to the price": a part of something else
        if market is None and market_for is None and part is None and top is None:
            continue
        if (
            part is not None
            and part.group().lstrip().startswith("for")
            and not _JOINED_BEFORE.search(view.text, max(0, place.start - 8), place.start)
        ):
            continue  # only "..., and Japan for 10%" after a part of the sales is elliptical
        listed = [place]
        for earlier in reversed(places[:i]):
            if not _LISTED_PLACE.fullmatch(view.text, earlier.end, listed[0].start):
                break
            listed.insert(0, earlier)
        if not (market is not None and market.group("object")) and not _opens_clause(view, listed[0]):
            continue
        owner = None
        if market is not None or market_for is not None:
            at = market.start("owner") if market is not None else market_for.end() if market_for else -1
            owner = next((m for m in view.mentions if m.start == at and m.type in (*ACTORS, UNTYPED)), None)
            if market_for is not None and owner is None:
                continue  # "are key markets for electric cars": no company's
        if owner is None and part is not None:
            owner = _sales_owner(view, part.end())  # "Asia accounts for 10% of Wolford's sales": Wolford's market
        subject = owner or actor(view, listed[0].start) or _speaker_before(view, listed[0])
        if subject is None:
            continue
        for m in listed:
            if market is not None and market.group("future"):
                made = claim(view, subject, "expandsInto", m, place.end, confidence=CONFIDENCE["entry"])
                yield with_status(made, "planned")
                continue
            made = claim(view, subject, "operatesIn", m, place.end, confidence=CONFIDENCE["presence"])
            yield _planned_presence_is_entry(made)


_NAMED_SALES = re.compile(
    r"[^,;]*?\s+of\s+(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2})'s\s+(?:[\w-]+\s+)?(?:sales|revenues?|turnover|income|users)\b"
)


def _sales_owner(view: View, pos: int) -> Mention | None:
    """The company named as the owner of the sales a part is of: "... 10% of Wolford's sales"."""
    named = _NAMED_SALES.match(view.text, pos, pos + 80)
    if named is None:
        return None
    return next((m for m in view.mentions if m.start == named.start("owner") and m.type in (*ACTORS, UNTYPED)), None)


_SAID = re.compile(r"\s+(?:said|says|reported|reports|added|adds)\s+(?:that\s+)?")


def _speaker_before(view: View, m: Mention) -> Mention | None:
    """ "Qingmu Furniture said Australia accounted for 15% of its revenue": the one who says it."""
    return next(
        (
            s
            for s in view.mentions
            if s.end <= m.start and s.type in (*ACTORS, UNTYPED) and _SAID.match(view.text, s.end, m.start)
        ),
        None,
    )


_JOINED_BEFORE = re.compile(r"(?:,|\band)\s+(?:the\s+)?$")
_CLAUSE_OPENER = re.compile(
    r"(?:^|[,;:]\s+|\b(?:and|while|whereas|but|with|said|says|that|reported|added)\s+)(?:[Tt]he\s+)?$"
)


def _opens_clause(view: View, m: Mention) -> bool:
    """The place stands where a clause's subject does: first, or after a comma or a conjunction."""
    return bool(_CLAUSE_OPENER.search(view.text, max(0, m.start - 12), m.start)) or not view.text[: m.start].strip(
        " \"'("
    )


#: "its Southeast Asian unit Lazada", "Mesa Market, its Mexican grocery business": a unit named by its place.
_UNIT_HEAD = re.compile(
    r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:unit|arm|subsidiary|division|affiliate|business|operations|operator|branch)\b"
)
_OWNER_WORD = re.compile(r"(?:\b(?:its|their|the\s+(?:company|group|firm)'s)|'s?)\s+$", re.IGNORECASE)
_APPOSED_BEFORE = re.compile(r",\s+$")


@triggered_by("unit", "arm", "subsidiary", "division", "affiliate", "business", "operations", "operator", "branch")
def unit_of_place(view: View) -> Iterator[Claim]:
    """A unit its owner names by a place works there: "its Southeast Asian unit Lazada", "Tolo Holdings' Indian
    subsidiary Tolo Finance", "Lazada, its Southeast Asian arm"."""
    for place in view.mentions:
        if place.type not in PLACES or not _OWNER_WORD.search(view.text, max(0, place.start - 30), place.start):
            continue
        head = _UNIT_HEAD.match(view.text, place.end)
        if head is None:
            continue
        unit = view.at(head.end() + (1 if view.text.startswith(" ", head.end()) else 0), ("Company", "Brand", UNTYPED))
        if unit is None:
            owner = _OWNER_WORD.search(view.text, max(0, place.start - 30), place.start)
            start = owner.start() if owner else place.start
            if owner is not None and owner.group().startswith(("'", "'s")):
                start = next((m.start for m in view.mentions if m.end == owner.start()), start)
            unit = next(
                (
                    m
                    for m in view.mentions
                    if m.type in ("Company", "Brand", UNTYPED)
                    and m.origin != "anaphor"
                    and _APPOSED_BEFORE.fullmatch(view.text, m.end, start)
                ),
                None,
            )
        if unit is None or unit.origin == "anaphor":
            continue
        made = claim(view, unit.typed("Company") if unit.type == UNTYPED else unit, "operatesIn", place, head.start())
        yield plain(made)


#: "picked Szeged in Hungary for its first European car factory", "chose Debrecen as the site of its plant": a site
#: chosen for a facility not built yet.
_SITE_CHOSEN = re.compile(
    r"\b(?:pick|chose|choose|chosen|select|settle[ds]?\s+on|settled\s+on)(?:s|ed|ing)?\s+(?:the\s+city\s+of\s+)?"
    r"(?P<site>[A-Z][^,;:]{0,60}?)\s+(?:as|for)\s+(?:the\s+(?:site|home|location)\s+(?:of|for)\s+)?"
    r"(?:its|their|a|an|the)\s+(?P<f>(?:[\w-]+\s+){0,5}?[a-z]+)\b",
)


@triggered_by("pick", "chose", "choose", "select", "settle")
def site_chosen(view: View) -> Iterator[Claim]:
    """A site picked for a facility: a planned entry into the place, through the facility."""
    for match in _SITE_CHOSEN.finditer(view.text):
        facility = _facility_regex().search(view.lower, match.start("f"), match.end("f") + 40)
        if facility is None or _CLAUSE_BREAK.search(view.text, match.start("f"), facility.start()):
            continue
        named = facility.group("f") or facility.group("stem") + "y"
        subject = actor(view, match.start())
        places = [m for m in view.mentions if m.type in PLACES and match.start("site") <= m.start < match.end("f")]
        if subject is None or not places:
            continue
        place = next((m for m in places if m.origin == "place"), places[0])
        qualifiers = (("via", named),)
        made = claim(view, subject, "expandsInto", place, match.start(), qualifiers=qualifiers, confidence=0.75)
        yield with_status(made, "planned")


#: "runs or is building facilities in A and B", "operates and is developing plants in A": some stand already.
_RUNS_OR_BUILDS = re.compile(
    r"\b(?:runs|operates|owns|has)\s+(?:or|and)\s+(?:is|are)\s+(?:building|constructing|developing|planning)\b",
    re.IGNORECASE,
)


def running_or_building(claims: list[Claim], view: View) -> list[Claim]:
    """Entries told as facilities a company "runs or is building" are presence: the places after the verbs hold
    facilities it runs, whichever are still being built."""
    found = _RUNS_OR_BUILDS.search(view.text)
    if found is None:
        return claims
    out: list[Claim] = []
    for c in claims:
        if c.relation == "expandsInto" and c.object.start >= found.end():
            c = replace(
                c, relation="operatesIn", qualifiers=tuple(q for q in c.qualifiers if q[0] not in ("status", "via"))
            )
        out.append(c)
    return out


#: "in the US and Germany, its two biggest markets": places the company already sells in, called its markets.
_CALLED_ITS_MARKETS = re.compile(
    r",\s+(?:now\s+|still\s+|already\s+)?(?P<whose>(?:its|our|their|the\s+(?:company|group|firm|brand|chain)'s|"
    r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2}'s))\s+"
    # not "its first market outside Asia", "its 30th region", "its next market": an entry, not a market held
    r"(?:(?!(?:new|next|target|future|first|latest|newest|\d+(?:st|nd|rd|th))\b)[\w-]+\s+){0,3}?"
    r"(?:markets|regions|market|region)\b"
)


@triggered_by("market", "markets", "region", "regions")
def called_markets(view: View) -> Iterator[Claim]:
    """Places the sentence calls a company's markets are where it is, whatever else it says it does there:
    "restore growth in the US and Germany, our two biggest markets", "Austria, Aroma's fastest-growing market"."""
    places = [m for m in view.mentions if m.type in PLACES and m.origin != "anaphor"]
    for called in _CALLED_ITS_MARKETS.finditer(view.text):
        owner = next(
            (m for m in view.mentions if m.start == called.start("whose") and m.type in (*ACTORS, UNTYPED)), None
        )
        last = next((p for p in places if p.end == called.start()), None)
        if owner is None or last is None:
            continue
        listed = [last]
        for earlier in reversed([p for p in places if p.end <= last.start]):
            if not _LISTED_PLACE.fullmatch(view.text, earlier.end, listed[0].start):
                break
            listed.insert(0, earlier)
        for place in listed:
            made = claim(view, owner, "operatesIn", place, called.start(), confidence=CONFIDENCE["presence"])
            yield plain(made)  # the plan the sentence states is about what is done there, not about being there


#: A description set off after a company's name that places the company: ", a ferry operator in New Zealand",
#: ", which holds two silver projects in Mexico", ", the owner of two container berths in Gdansk".
_DESCRIBED_IN = re.compile(
    r",\s+(?:(?:a|an|the)\s+|which\s+(?:holds|owns|runs|operates|has|develops|is\s+developing|"
    r"is\s+building|manages|controls)\s+)(?P<words>[^,;()]{0,90}?)\s(?:in|across|throughout)\s+(?:the\s+)?(?=[A-Z])"
)
#: Descriptions that place someone else or nothing of the company's: "a deal in", "a stake in", "a unit of Y in".
_NOT_ITS_OWN = re.compile(
    r"\b(?:stakes?|shares?|deals?|investments?|interest|holdings?)$|"
    r"\b(?:subsidiary|unit|arm|division|for|to|from|by|with\s+(?!\w+\s+"
    r"(?:plants?|stores?|hotels?|mines?|sites?|outlets?|factories|branches|offices?)\b)|said|says|told)\b|"
    # "a company based in", not "a Toronto-listed company": where its head office or shares are, read elsewhere
    r"(?<![\w-])(?:based|headquartered|listed|registered|incorporated|founded|established|born)\b|"
    # "which has offices in": offices are read as such by :func:`presence`
    r"\b(?:offices?|headquarters|head\s+office|base)\b"
)


@triggered_by(", a ", ", an ", ", the ", ", which ")
def described_presence(view: View) -> Iterator[Claim]:
    """ "Tasman Ferries, a ferry operator in New Zealand", "Sierra Plata, which holds two silver projects in Mexico":
    the description after a company's name says where that company works."""
    for match in _DESCRIBED_IN.finditer(view.text):
        named = next((m for m in view.mentions if m.end == match.start() and m.origin != "anaphor"), None)
        if named is None or named.type not in ("Company", "Organization") or _NOT_ITS_OWN.search(match.group("words")):
            continue  # a name nothing typed may be a building or a place ("the Iconic Tower, a skyscraper in Cairo")
        if any(match.start() < m.start < match.end() and m.type not in PLACES for m in view.mentions):
            continue  # "a unit of Orsa Group in Mexico": a name inside the description may be the one placed
        place = view.at(match.end(), PLACES)
        if place is None:
            continue
        for there in view.listed_after(place.start, PLACES, within=0) or [place]:
            yield plain(claim(view, named, "operatesIn", there, match.start(), confidence=CONFIDENCE["presence"]))


PATTERNS = (
    presence,
    described_presence,
    where_clause,
    fronted_place,
    followed,
    place_as_market,
    called_markets,
    unit_of_place,
    site_chosen,
)
