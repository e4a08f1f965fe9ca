"""Deals between companies: acquires, investsIn, partnersWith.

- "<Company> acquired [a 30% stake in] <Company> for $N": acquires, with
  ``share`` and ``amount``, dated; "<X> was acquired by <Company>";
- "<Company> invested $N in <anything>": investsIn with ``amount``;
- "<A> partnered / teamed up / signed a deal with <B> [and <C>]",
  "<A> and <B> formed a joint venture": partnersWith.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import TypeVar

from kg.extract.gazetteer import subject_verb_follows
from kg.extract.lexicon import cue, cue_regex, lower_regex
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.phrases import FACILITY_NOUN, OWNERS_PART_AFTER, clause_end, named_part
from kg.extract.quantities import Quantity, find_quantities
from kg.extract.relations.claims import claim, dated, plain, replaced_status, triggered_by, with_status
from kg.extract.relations.presence import actor, attributive
from kg.extract.view import ORGANISATIONS, PLACES, VERB_NEXT, Claim, View

T = TypeVar("T")
COMPANIES = ("Company", UNTYPED)
ANYTHING = ("Company", "Organization", "Brand", "Product", "Country", "Region", "Segment", UNTYPED)
_AMOUNT_CUE = re.compile(r"\s*,?\s*(?:for|worth|valued\s+at|in\s+a\s+deal\s+(?:worth|valued\s+at))\s+", re.IGNORECASE)
_WITH_NEXT = re.compile(r"\s+with\b")
_AND_BETWEEN = re.compile(r"\s*(?:,\s*)?(?:and|&)\s+")


@cache
def _acquire_regex() -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){cue('acquires', 'active')}\s+(?:{cue('acquires', 'stake')}\s+)?(?:the\s+)?")


@cache
def _acquired_by_regex() -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){cue('acquires', 'passive')}\s+")


#: "Quiroga's 94.47% stake in", "Harlan's 60 per cent holding in": a seller's stake in the company named next.
_SELLERS_STAKE = re.compile(
    r"(?:'s?|\u2019s?)\s+(?P<size>\d[\d.,]*\s*(?:%|per\s*cent|percent)\s+)?(?:controlling\s+|majority\s+|minority\s+|"
    r"remaining\s+)?(?:stake|holding|shareholding|interest)\s+in\s+(?:the\s+)?",
    re.IGNORECASE,
)


#: "Steigenberger owner Deutsche Hospitality", "Genshin maker miHoYo": a name before a noun for whoever has it.
_OWNER_NOUN = re.compile(r"\s+(?:owner|parent|maker|developer|publisher|operator)\s+$")


_OWNS = re.compile(r"\s+(?:owner|parent|operator)\s")


def _owner_named_after(view: View, m: Mention) -> Mention:
    """The company a name's owner noun points to ("Steigenberger owner Deutsche Hospitality"), else the name."""
    owner = next((o for o in view.mentions if m.end < o.start <= m.end + 12 and o.origin != "anaphor"), None)
    if (
        owner is not None
        and owner.type in (*COMPANIES, UNTYPED)
        and _OWNER_NOUN.fullmatch(view.text, m.end, owner.start)
    ):
        return owner
    return m


@triggered_by(("acquires", "active"), ("acquires", "passive"))
def acquires(view: View) -> Iterator[Claim]:
    """ "<Company> acquired [a 30% stake in] <Company> [for $N]"."""
    for match in _acquire_regex().finditer(view.lower):
        if _BY_NEXT.match(view.lower, match.end()):
            continue  # "bought by Arkwright Retail" is the passive, read below
        if view.lower.startswith("into ", match.end()):
            continue  # "bought into X": a stake, read with the shareholdings
        if (
            _DETERMINER_BEFORE.search(view.lower, max(0, match.start() - 8), match.start())
            and not _OF_IN.search(match.group())
            and not _RELATIVE_VERB.search(view.lower, max(0, match.start() - 12), match.end())
        ):
            continue  # "agreed to fund the purchase and have extended a U.S. credit line": a noun whose "of" is missing
        target = view.named_after(match.end(), (*COMPANIES, "Organization", "Brand", "Product")) or _owner_of_part(
            view, match.end()
        )
        relative = _relative_buyer(view, match.start()) if target is None else None
        buyer: Mention | None
        if relative is not None:
            buyer, target = relative  # "Delmore, the miner that parent Sinoval Group took over"
        else:
            buyer = view.subject_before(match.start(), COMPANIES) or _leader(view, match.start())
        if target is None and buyer is not None:
            target = _relative_antecedent(view, buyer)  # "Pinto Foods, which Marlo Group bought in 2019"
        elif target is not None and buyer is None:
            buyer = _buyer_after(view, match, target)  # "the takeover of X by Y", "Buying X gave Y ..."
        if target is None or buyer is None or target.name == buyer.name:
            continue
        sold_stake = _SELLERS_STAKE.match(view.text, target.end)
        if sold_stake is not None:
            # "to buy Quiroga's 94.47% stake in Australis": the stake is in Australis; Quiroga sells it
            held = view.at(sold_stake.end(), COMPANIES) or view.named_after(sold_stake.end(), COMPANIES, words=3)
            if held is not None and held.name != buyer.name:
                share = (("share", sold_stake.group("size").strip()),) if sold_stake.group("size") else ()
                yield _acquisition(view, buyer, held, match.start(), dated(view, "date", near=held) + share)
            continue
        if OWNERS_PART_AFTER.match(view.text, target.end):
            # "bought Philips' home-care division": a part of Philips, not Philips; the part itself where named
            # ("bought ams OSRAM's Digital Systems business")
            part = named_part(view.text, target.end, view.mentions)
            if part is None or part.name == buyer.name:
                continue
            target = part
        owned, target = target, _owner_named_after(view, target)
        if owned is not target and owned.type in ("Brand", UNTYPED) and _OWNS.match(view.text, owned.end):
            # "to buy Steigenberger owner Deutsche Hospitality": the owner is bought, and the brand is its
            yield plain(claim(view, _company(target), "hasBrand", owned.typed("Brand"), target.start, confidence=0.7))
        if _FROM_BEFORE.search(view.lower, match.end(), target.start):
            continue  # "a bakery it purchased from Pekara Group": Pekara sold it
        if _FOR_BEFORE.search(view.lower, match.end(), target.start) or _ON_BEFORE.search(
            view.lower, match.end(), target.start
        ):
            # "is buying tests for the Biden administration", "buy the scooters through Rakuten", "bought the
            # dryers on Amazon": what is bought is for the name or bought through it, not the name
            continue
        qualifiers = dated(view, "date", near=target) + _share(match) + _amount(view.text, target.end)
        yield _acquisition(view, buyer, target, match.start(), qualifiers)
        for also in _also_bought(view, target):
            yield _acquisition(view, buyer, also, match.start(), dated(view, "date", near=also))
    for match in _acquired_by_regex().finditer(view.lower):
        target = view.subject_before(match.start(), COMPANIES)
        # "bought by Japanese conglomerate Kiyomori": the buyer may follow a few describing words
        buyer = view.at(match.end(), COMPANIES) or view.named_after(match.end(), COMPANIES, words=3)
        if buyer is not None and _OF_NEXT.match(view.text, buyer.end):
            continue  # "welcomed the takeover by Y of Z": the target follows the buyer
        if target is not None and _JUDGED.search(view.lower, target.end, match.start()):
            continue  # "Treasurer X approved a takeover by Y": a regulator judges the deal, it is not the target
        if target and buyer and target.name != buyer.name and not attributive(view, target):
            # "once a Tamsin Logistics depot and bought by X": the depot was bought, not Tamsin Logistics
            qualifiers = dated(view, "date") + _amount(view.text, buyer.end)
            yield _pending(
                view, claim(view, _company(buyer), "acquires", _company(target), match.start(), qualifiers=qualifiers)
            )


_OF_NEXT = re.compile(r"\s+of\s")
_JUDGED = re.compile(
    r"\b(?:approved|approves|approving|cleared|clears|blocked|blocks|rejected|rejects|welcomed|welcomes|opposed|"
    r"opposes|vetted|reviewed|reviews|probed|probes|investigated|investigates)\b"
)
#: An agreed deal not yet closed: "agreed to buy", "subject to regulatory approval", "expected to close in June".
_PENDING = re.compile(
    r"\b(?:agreed|agrees|agree|agreeing)\s+(?:[\w-]+\s+){0,3}?to\s+(?:buy|acquire|purchase|take\s+over|pay|invest)\b|"
    r"\bpending\b|"
    # "struck a deal to buy", "signed an agreement to take over": agreed, not yet done
    r"\b(?:deal|agreement|accord|contract)\s+to\s+(?:buy|acquire|purchase|take\s+over)\b|"
    r"\b(?:has|have|needs?|need)\s+(?:yet\s+)?to\s+be\s+(?:cleared|approved|completed|finalised|finalized)\b|"
    r"\b(?:awaiting|awaits|await)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:approvals?|clearance|sign-off|green\s+light)\b|"
    # "is still waiting for clearance from Germany's screening office"
    r"\b(?:waiting|waits|wait)\s+(?:for|on)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:approvals?|clearance|sign-off|green\s+light)\b|"
    r"\b(?:subject\s+to|awaiting|awaits|await|requires|needs|still\s+needs)\s+(?:\w+\s+){0,3}?(?:approvals?|clearance|sign-off)\b|"
    r"\b(?:expected|set|due|scheduled)\s+to\s+(?:close|complete|be\s+completed|be\s+finalised|be\s+finalized)\b|"
    r"\b(?:has|have)\s+yet\s+to\s+(?:close|be\s+completed)\b|"
    # "will buy X for 90 million euros": a price is agreed
    r"\b(?:will|would)\s+(?:buy|acquire|purchase|take\s+over)\b[^.;]{0,120}?\bfor\s+(?:about\s+|around\s+|nearly\s+)?"
    r"(?:[$€£¥]|US\$|RMB|CNY|EUR|USD)?\s?\d|"
    # "will pay about $300 million for X": the price comes first
    r"\b(?:will|would)\s+pay\s+(?:about\s+|around\s+|nearly\s+|some\s+)?(?:[$€£¥]|US\$|HK\$)?\s?\d[^.;]{0,40}?\bfor\b",
    re.IGNORECASE,
)


def pending(view: View, made: Claim) -> Claim:
    """A deal (an acquisition or a stake) agreed but not yet closed: its status is pending."""
    return _pending(view, made)


def _acquisition(
    view: View, buyer: Mention, bought: Mention, cue_start: int, qualifiers: tuple[tuple[str, str], ...]
) -> Claim:
    """``buyer`` acquires ``bought``, pending while the deal is agreed but not closed."""
    return _pending(view, claim(view, _company(buyer), "acquires", _bought(bought), cue_start, qualifiers=qualifiers))


def _pending(view: View, made: Claim) -> Claim:
    """An acquisition agreed but not yet closed is pending, not merely planned; a denial stays a denial."""
    status = dict(made.qualifiers).get("status")
    if status in (None, "planned") and _PENDING.search(view.text, *_own_clause(view.text, made.object.start)):
        return replaced_status(made, "pending")
    return made


#: ", and earlier this year it agreed to pay ...": a new clause with its own verb (a name after ", and" goes on a list)
_NEW_CLAUSE = re.compile(r"(?:,\s+(?:and|but|while|whereas)|;)\s+(?=[a-z])")


def _own_clause(text: str, pos: int) -> tuple[int, int]:
    """The span of the clause holding ``pos`` ("In 2021 X bought Y for N, and this year it agreed to buy Z": the
    agreement is Z's, not Y's); the whole sentence when ``pos`` is not in the text (an unnamed object)."""
    if pos <= 0:
        return 0, len(text)
    start, end = 0, len(text)
    for match in _NEW_CLAUSE.finditer(text):
        if match.end() <= pos:
            start = match.start()
        elif match.start() >= pos:
            end = match.start()
            break
    return start, end


#: "The transaction still needs the approval of EU regulators": a sentence that speaks of the deal as not yet closed.
_DEAL_NOUN = re.compile(
    r"\b(?:the|this|that|its|their)\s+(?:[\w-]+\s+)?(?:deal|sale|transaction|purchase|takeover|acquisition|"
    r"buyout|merger)\b",
    re.IGNORECASE,
)
_SUBJECT_TO = re.compile(r"\b(?:is|remains)\s+subject\s+to\b|\bhas\s+yet\s+to\s+(?:close|be)\b", re.IGNORECASE)
_DONE = re.compile(r"\b(?:completed|closed|finali[sz]ed)\b", re.IGNORECASE)


def pending_nearby(read: list[tuple[int, T, str, list[Claim]]]) -> Iterator[tuple[T, Claim, Claim]]:
    """Acquisitions a sentence near them (two either side) calls a deal not yet closed: (sentence, claim, pending).

    "X bought Y on Monday. The deal is subject to clearance by regulators": the purchase is pending. A purchase
    dated by its year, or said to be completed, is another deal, done.
    """
    pending = [
        n for n, _, text, _ in read if _DEAL_NOUN.search(text) and (_PENDING.search(text) or _SUBJECT_TO.search(text))
    ]
    if not pending:
        return
    for number, sentence, text, claims in read:
        if not any(abs(number - p) <= 2 for p in pending) or _DONE.search(text):
            continue
        for c in claims:
            found = dict(c.qualifiers)
            if c.relation != "acquires" or found.get("status") not in (None, "planned") or "date" in found:
                continue
            yield (
                sentence,
                c,
                replaced_status(c, "pending"),
            )


_BY_NEXT = re.compile(
    r"(?:(?:last|this|earlier\s+this|late\s+last|in)\s+(?:year|month|week|quarter|decade|\d{4})\s+)?by\s"
)
#: "a consortium that bought X": a relative pronoun and a finite verb, not a determiner and a noun.
_RELATIVE_VERB = re.compile(r"\b(?:that|which)\s+(?:bought|acquired|purchased|took|snapped|buys|acquires)\b")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|this|that)\s+(?:[\w$.,-]+\s+){0,2}$")
_OF_IN = re.compile(r"\bof\s|\bin\s|\bover\s")
_BY_AFTER = re.compile(r"\s+by\s+(?:the\s+)?")
#: ", which ", ", the Johannesburg-based miner that parent ": between a name and the buyer of its relative clause.
_WHICH_GAP = re.compile(
    r"\s*,\s*(?:(?:the|a|an)\s+(?:[\w-]+\s+){0,5}?)?(?:which|that)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
)
#: A sentence that opens with the gerund: "Buying X, ..., gave Y ...".
_OPENING = re.compile(r"\W*$")


#: "led a consortium that bought", "headed an investor group which acquired": the group's leader is the buyer.
_LED_GROUP = re.compile(
    r"\b(?:led|leads|leading|headed|heads|formed|forms|joined|joins)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:consortium|group|groups|investors|club|syndicate|alliance)\s+(?:that|which)\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)


#: "the imaging business of", "the animal-health operations of": a part of a company, bought from it.
_PART_OF = re.compile(
    r"(?:[\w-]+\s+){0,3}?(?:business|businesses|arm|unit|division|operations|activities|assets)\s+of\s+",
    re.IGNORECASE,
)


def _owner_of_part(view: View, pos: int) -> Mention | None:
    """ "bought the imaging business of German engineering group Hessler Werke": the deal is with the owner of
    the part, whose description may run to four words."""
    part = _PART_OF.match(view.text, pos)
    return view.named_after(part.end(), COMPANIES) if part else None


def _leader(view: View, pos: int) -> Mention | None:
    """ "X led a consortium that bought Y": X, the subject before the group the relative clause hangs on."""
    found = _LED_GROUP.search(view.text, max(0, pos - 80), pos)
    return view.subject_before(found.start(), COMPANIES) if found else None


def _relative_antecedent(view: View, buyer: Mention) -> Mention | None:
    """ "Pinto Foods, which Marlo Group acquired": the name the relative clause of the buyer hangs on."""
    before = [m for m in view.mentions if m.end <= buyer.start and m.type in COMPANIES and m.origin != "anaphor"]
    if before and _WHICH_GAP.fullmatch(view.text, before[-1].end, buyer.start):
        return before[-1]
    return None


def _relative_buyer(view: View, pos: int) -> tuple[Mention, Mention] | None:
    """ "Brava Foods, a salmon farmer that Taiyu Fisheries bought": the buyer right before the verb, and the name
    whose relative clause it opens (the sentence's subject is not the buyer here)."""
    buyer = next(
        (
            m
            for m in reversed(view.mentions)
            if m.end <= pos and m.type in COMPANIES and m.origin != "anaphor" and not view.text[m.end : pos].strip()
        ),
        None,
    )
    target = _relative_antecedent(view, buyer) if buyer is not None else None
    return (buyer, target) if buyer is not None and target is not None else None


def _buyer_after(view: View, match: re.Match[str], target: Mention) -> Mention | None:
    """The buyer a nominal or gerund acquisition names after its target: "the takeover of X by Y" (Y), and in a
    sentence opened by the gerund ("Acquiring X gave Y a foothold in Spain") the first company after what the
    sentence says of X in passing."""
    by = _BY_AFTER.match(view.text, target.end)
    if by is not None:
        return view.at(by.end(), COMPANIES)
    if not _OPENING.fullmatch(view.text, 0, match.start()):
        return None
    asides = [*view.closed_relatives(), *view.appositions()]
    return next(
        (
            m
            for m in view.mentions
            if m.start >= target.end
            and m.type in COMPANIES
            and m.origin != "anaphor"
            and not any(s <= m.start < e for s, e in asides)
            and not _FROM_BEFORE.search(view.lower, max(0, m.start - 8), m.start)
        ),
        None,
    )


_FROM_BEFORE = re.compile(r"\bfrom\b")
_ON_BEFORE = re.compile(r"\bon\s+(?:the\s+)?$")
_FOR_BEFORE = re.compile(r"\b(?:for|to|with|on\s+behalf\s+of|through|via)\b")
#: Between names bought in one list: a conjunction, maybe a year or "a year later", and describing words
#: ("Norwegian studio", "Austria's", "Lyon-based"), none of them a verb.
_ALSO = re.compile(
    r"(?:\s+in\s+(?:19|20)\d{2})?\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:,?\s*(?:a|one|two|three|four)\s+years?\s+later,\s+)?"
    r"(?:(?:the\s+)?[\w-]+-based\s+)?(?:(?:[A-Z][\w-]*(?:'s|\u2019s)?|(?!(?:also|then|later|sold|sells|buys|took|is|was|has|had|"
    r"will|plans|said|says|opened|runs|owns|owner|owners|of|in|for|with|from|to|by|at|on|which|who|that)\b)[a-z][\w-]*(?<!ed))\s+){0,3}"
)


_LOWER_NEXT = re.compile(r"\s+[a-z]")


def _also_bought(view: View, first: Mention) -> list[Mention]:
    """ "bought Lyon-based Outilor and Hamburg-based Werkhaus": the names listed after the first one bought."""
    out, last = [], first
    for m in view.mentions:
        if m.start < last.end or m.origin == "city":
            continue  # "Hamburg" in "Hamburg-based" describes the next name
        possessed = view.text.startswith(("'s ", "\u2019s "), m.end)
        if m.type in PLACES and (possessed or _LOWER_NEXT.match(view.text, m.end)):
            continue  # "Austria's Alpenbild", "Norwegian studio Fjordline": where the next name is from
        if m.type not in COMPANIES or not _ALSO.fullmatch(view.text, last.end, m.start):
            break
        if m.origin == "anaphor" or possessed:
            break  # "bought X, and the venture's future was in doubt": a new clause's owner, not a second purchase
        if subject_verb_follows(view.text, m.end) or VERB_NEXT.match(view.text, m.end):
            break  # "..., and Pelt later bought it": the name opens a clause of its own
        out.append(m)
        last = m
    return out


def _bought(m: Mention) -> Mention:
    """What is bought is a company, unless the graph already knows it as something else."""
    return m.typed("Company") if m.type == UNTYPED or (m.type in ("Product", "Brand") and m.origin != "known") else m


def _share(match: re.Match[str]) -> tuple[tuple[str, str], ...]:
    share = match.groupdict().get("share")
    return (("share", share),) if share else ()


def _amount(text: str, pos: int) -> tuple[tuple[str, str], ...]:
    """ "for $2 billion" right after the object: the amount, as number and currency."""
    found = _AMOUNT_CUE.match(text, pos)
    money = _money_at(text, found.end()) if found else None
    return (("amount", _format(money)),) if money else ()


def _money_at(text: str, pos: int) -> Quantity | None:
    found = find_quantities(text[pos : pos + 60])
    return found[0] if found and found[0].kind == "money" and found[0].start <= 12 else None


def _format(q: Quantity) -> str:
    return f"{q.value:.0f} {q.unit}" if q.value == int(q.value) else f"{q.value:g} {q.unit}"


@cache
def _invest_regex() -> re.Pattern[str]:
    return lower_regex(
        # the amount may hold decimals and brackets: "MYR 1.8 billion ($380 million) in a plant in Malaysia"
        rf"(?<![\w-]){cue('investsIn', 'active')}\s+(?P<between>(?:[^,;.]|\.(?=\d)){{0,60}}?)\b"
        rf"{cue('investsIn', 'into')}\s+(?:the\s+|a\s+|an\s+|its\s+)?"
    )


@triggered_by(("investsIn", "active"))
def invests(view: View) -> Iterator[Claim]:
    """ "<Company> invested $N in <anything>" (a company, a market, a product, a segment)."""
    for match in _invest_regex().finditer(view.lower):
        investor = view.subject_before(match.start(), COMPANIES)
        target = view.at(match.end(), ANYTHING) or _place_in_clause(view, match.end())
        money = _money_at(view.text, match.start("between"))
        if target is None and money is not None:
            target = _placed_facility(view, match)
        if investor is None or target is None or target.name == investor.name:
            continue
        if money is None and not match.group().startswith("invest"):
            continue  # "put its chargers on shelves", "spent a year in Brazil": only money put somewhere is invested
        qualifiers = dated(view, "date", near=target) + ((("amount", _format(money)),) if money else ())
        yield claim(
            view,
            _company(investor),
            "investsIn",
            _company(target) if target.type == UNTYPED else target,
            match.start(),
            qualifiers=qualifiers,
            confidence=0.8,
        )


#: "the plant", "its new cell factory": a facility the story placed before (not "a plant", which is another).
_FACILITY_AFTER = re.compile(rf"(?:[\w-]+\s+){{0,2}}?{FACILITY_NOUN}\b(?!\s+(?:in|at|near)\b)")


def _placed_facility(view: View, match: re.Match[str]) -> Mention | None:
    """ "will invest 1.5 billion euros in the plant": the place of the facility the story placed last."""
    if view.facility is None or not match.group().endswith(("the ", "its ")):
        return None
    noun = _FACILITY_AFTER.match(view.lower, match.end())
    if noun is None or (noun.group().endswith("s") and not noun.group().endswith(("campus", "works"))):
        return None  # "in the plants abroad": more than the one placed
    return view.facility


#: "The mill cost about $300 million", "the factory, built at a cost of 90 million euros,", "a second line there,
#: costing $120 million": what a facility cost is money invested where it stands.
_FACILITY_COST = re.compile(
    rf"\b(?P<det>the|its|a|an)\s+(?:[\w-]+\s+){{0,2}}?{FACILITY_NOUN}\b(?P<gap>[^,;.]{{0,40}}?)(?:,\s+(?:which\s+)?|\s+)"
    r"(?:(?:has|had|will|would|is\s+expected\s+to|is\s+set\s+to)\s+)?(?:cost|costs|costing|"
    r"(?:was\s+|were\s+)?built\s+(?:at\s+a\s+cost\s+of|for)|"
    # "a plant in Hungary, budgeted at 90 million euros", "a unit in Kenya at a cost of about $18 million",
    # "its first factory in Mexico, with capacity of 12 million pairs and a budget of $140 million"
    r"budgeted\s+at|at\s+(?:a|an)\s+(?:estimated\s+|total\s+|planned\s+)?cost\s+of|"
    r"with\s+(?:[^;.]{0,60}?\s+and\s+)?(?:a|an)\s+(?:estimated\s+|total\s+|planned\s+)?(?:budget|cost|price\s+tag)\s+of)\s+",
    re.IGNORECASE,
)


#: After the facility's cost, its verb: "..., is due next year", "will open in 2027": it stands not yet.
_NOT_BUILT_YET = re.compile(
    r"[\s,]*(?:(?:is|are)\s+(?:due|set|scheduled|expected|slated|planned|to\s+be\s+built)|"
    r"will\s+(?:open|be\s+(?:built|completed|finished|ready)))\b",
    re.IGNORECASE,
)


#: A town the gazetteer does not know, then maybe where it lies: "Sines, on Portugal's Atlantic coast".
_UNKNOWN_TOWN = re.compile(r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?(?P<then>,\s+(?:on|in)\s+(?:the\s+)?)?")


def town_place(view: View, pos: int) -> Mention | None:
    """Where a town no gazetteer knows lies: the place named right after it ("in Sines, on Portugal's coast"),
    else where the story's facility stands ("BYD's Indonesian plant ... its factory in Subang")."""
    town = _UNKNOWN_TOWN.match(view.text, pos)
    if town is None or any(pos <= m.start < town.end() and m.type != UNTYPED for m in view.mentions):
        return None  # a name the story gave a type is no town
    after = view.at(town.end(), PLACES) if town.group("then") else None
    return after or view.facility


_ITS_BEFORE = re.compile(r"\b(?:its|their)\s+(?:US)?\$?$")
#: After an amount: "(its 80 million euro) cheese plant in (Leeuwarden)".
_PRICED_FACILITY = re.compile(rf"[\s-]+(?:[\w-]+\s+){{0,2}}?{FACILITY_NOUN}\s+(?:in|at|near|outside)\s+", re.IGNORECASE)
#: A number, a few words, then a facility and where it stands: the sentences the priced reading can read.
_DIGIT_BEFORE_FACILITY = re.compile(
    rf"\d[^,;.]{{0,40}}?[\s-](?:[\w-]+\s+){{0,2}}?{FACILITY_NOUN}\s+(?:in|at|near|outside)\s", re.IGNORECASE
)


@triggered_by("plant", "factory", "facility", "site", "mill", "refinery", "smelter")
def priced_facilities(view: View) -> Iterator[Claim]:
    """ "its 80 million euro plant in Leeuwarden": the company invests in the country where the facility stands."""
    if not _DIGIT_BEFORE_FACILITY.search(view.text):
        return  # no number before a placed facility: the sentence's amounts need not be parsed again here
    for money in find_quantities(view.text):
        priced = _PRICED_FACILITY.match(view.text, money.end) if money.kind == "money" else None
        place = (view.at(priced.end(), PLACES) or town_place(view, priced.end())) if priced else None
        investor = actor(view, money.start, COMPANIES) if place else None
        if place is None or investor is None:
            continue
        qualifiers = (*dated(view, "date"), ("amount", _format(money)))
        made = claim(view, _company(investor), "investsIn", place, money.start, qualifiers=qualifiers, confidence=0.7)
        # "will begin output at its $1 billion plant": the plant is its own, whatever is still to come there
        yield plain(made) if _ITS_BEFORE.search(view.text, max(0, money.start - 8), money.start) else made


@triggered_by("cost", "costs", "costing", "budget", "budgeted")
def facility_costs(view: View) -> Iterator[Claim]:
    """ "The mill cost about $300 million", "the factory, built at a cost of 90 million euros": the company invests
    in the country where the facility stands."""
    for match in _FACILITY_COST.finditer(view.text):
        money = _money_at(view.text, match.end())
        if money is None:
            continue
        place = next((m for m in view.between(match.start(), match.end("gap")) if m.type in PLACES), None)
        if place is None and match.group("det").lower() in ("the", "its"):
            place = view.facility
        investor = actor(view, match.start(), COMPANIES)
        if place is None or investor is None:
            continue
        qualifiers = (*dated(view, "date"), ("amount", _format(money)))
        made = claim(view, _company(investor), "investsIn", place, match.start(), qualifiers=qualifiers, confidence=0.7)
        # the facility is the clause's subject: its verb tells whether it stands yet ("... is due next year")
        rest = view.text[match.end() + money.end : clause_end(view.text, match.end() + money.end)]
        yield with_status(made, "planned") if _NOT_BUILT_YET.match(rest) else made


_IN_WHICH = re.compile(r",?\s+in\s+which\s+")
#: "Quanxin Solar, the Wuxi-based panel maker in which ...": a description between the name and the clause.
_DESCRIBED_GAP = re.compile(r"(?:\s*,\s+(?:the|a|an)\s+[^,;()]{1,60}?)?")
_HOLDS_STAKE = re.compile(
    r"\s+(?:now\s+|still\s+|also\s+)?(?:holds|held|owns|owned|has|had|took|takes|bought|controls)\s+"
    r"(?:a|an|the|about|roughly|around|nearly|almost|some|just|over|more\s+than|less\s+than|\s)*"
    r"(?P<share>[\d.,]+\s?(?:%|percent|per\s+cent)|a\s+(?:third|quarter|fifth|tenth)|half|majority|minority|"
    r"controlling|small|large|significant)?(?:\s+[\w-]+){0,2}?\s*(?:stakes?|shares?|holdings?|interests?|of\s+the\s+(?:shares|equity|stock))\b",
    re.IGNORECASE,
)


@triggered_by("in which")
def stake_holder(view: View) -> Iterator[Claim]:
    """ "Hanwen Textiles, in which Itochu holds a 20% stake": the holder invests in the name the clause hangs on."""
    for match in _IN_WHICH.finditer(view.text):
        held = next(
            (
                m
                for m in reversed(view.mentions)
                if m.end <= match.start()
                and m.type in COMPANIES
                and m.origin != "anaphor"
                and _DESCRIBED_GAP.fullmatch(view.text, m.end, match.start())
            ),
            None,
        )
        if held is not None and held.end == match.start() and not match.group().startswith(","):
            continue  # "invested in which": no relative clause on a name
        holder = view.at(match.end(), (*COMPANIES, "Organization"))
        if held is None or holder is None or holder.name == held.name:
            continue
        stake = _HOLDS_STAKE.match(view.text, holder.end)
        if stake is None:
            continue
        share = stake.group("share")
        qualifiers = (("share", " ".join(share.split())),) if share else ()
        yield claim(
            view, _org(holder), "investsIn", _company(held), match.start(), qualifiers=qualifiers, confidence=0.7
        )


#: ", its chief executive said at a fair in Barcelona": where the words were spoken, not where the money goes
_SPEECH = re.compile(r",\s+(?:[\w'-]+\s+){0,4}?(?:said|says|told|added|adds|announced|according)\b", re.IGNORECASE)


def _place_in_clause(view: View, pos: int) -> Mention | None:
    end = clause_end(view.text, pos)
    speech = _SPEECH.search(view.text, pos, end)
    end = speech.start() if speech else end
    return next((m for m in view.mentions if pos <= m.start < end and m.type in PLACES), None)


@triggered_by(("partnersWith", "active"), ("partnersWith", "mutual"))
def partners(view: View) -> Iterator[Claim]:
    """ "<A> partnered with <B> and <C>" and "<A> and <B> formed a partnership"."""
    for match in cue_regex("partnersWith", "active").finditer(view.lower):
        subject = view.subject_before(match.start(), ORGANISATIONS)
        if subject is None and not view.text[: match.start()].strip():
            # "Under a deal with Andina Telecom, subscribers can pay ..., Luoxi said": the clause's company
            subject = actor(view, clause_end(view.text, match.end()), ORGANISATIONS)
        if not subject:
            continue
        listed = view.listed_after(match.end(), ORGANISATIONS, within=30)
        more = _AND_WITH.match(view.text, listed[-1].end) if listed else None
        if more is not None:
            # "works with the fintech Credimex, which lends to drivers, and with Movilia Leasing": a second "with"
            listed += view.listed_after(more.end(), ORGANISATIONS, within=30)
        for partner in listed:
            if partner.name != subject.name:
                yield claim(
                    view, _org(subject), "partnersWith", _org(partner), match.start(), qualifiers=dated(view, "since")
                )
    for match in cue_regex("partnersWith", "mutual").finditer(view.lower):
        if _WITH_NEXT.match(view.text, match.end()):
            continue
        second = view.subject_before(match.start(), ORGANISATIONS)
        first = _coordinated_before(view, second) if second else None
        if first and second:
            yield claim(view, _org(first), "partnersWith", _org(second), match.start())


#: Between one partner and the next "with": its relative clause or description, then "and with".
_AND_WITH = re.compile(r"(?:,\s+(?:which|who|whose|a|an|the)\b[^;.()]{0,100}?)?,?\s+and\s+(?:also\s+)?with\s+")


def _coordinated_before(view: View, m: Mention) -> Mention | None:
    """In "A and B", A when ``m`` is B."""
    before = [x for x in view.mentions if x.end <= m.start and x.type in ORGANISATIONS]
    if before and _AND_BETWEEN.fullmatch(view.text, before[-1].end, m.start):
        return before[-1]
    return None


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


def _org(m: Mention) -> Mention:
    """A partner nothing typed is taken for a company, the usual partner in business news."""
    return m.typed("Company") if m.type == UNTYPED else m


#: "Cucina Nova, an Italian oven maker, was bought in 2021": a purchase told without its buyer.
_BOUGHT_BY_NOBODY = re.compile(
    r"\b(?:was|were|has\s+been|had\s+been|have\s+been)\s+(?:acquired|bought|purchased|taken\s+over|snapped\s+up)\b",
    re.IGNORECASE,
)
_BY_LATER = re.compile(r"\bby\b")
_GIVING = re.compile(r"[^.;]{0,40}?,\s+(?:giving|handing|bringing)\s+")
#: "Its rival Sonora was acquired": a rival bought is someone else's purchase.
_RIVAL_BEFORE = re.compile(r"\b(?:rivals?|competitors?|peers?)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


@triggered_by("acquired", "bought", "purchased", "taken over", "snapped up")
def bought_by_the_company(view: View) -> Iterator[Claim]:
    """ "Papelera Sur was taken over in 2019": with no buyer named, the story's company in focus bought it (a
    passive with "by" names its buyer and is read by :func:`acquires`)."""
    # a brand in focus buys nothing: its company, the story's, does
    in_focus = next((m for m in (view.focus, view.main) if m is not None and m.type in COMPANIES), None)
    for match in _BOUGHT_BY_NOBODY.finditer(view.text):
        if _BY_LATER.search(view.text, match.end(), clause_end(view.text, match.end())):
            continue  # "was acquired in 2020 by an American fund": a buyer the sentence names
        giving = _GIVING.match(view.text, match.end())
        given = view.at(giving.end(), COMPANIES) if giving else None  # "..., giving Yili a factory near Bangkok"
        buyer = given or (in_focus if view.focus_recent else None)
        if buyer is None:
            continue
        target = view.subject_before(match.start(), COMPANIES)
        if (
            target is None
            or target.name == buyer.name
            or target.origin == "anaphor"
            or _RIVAL_BEFORE.search(view.text, max(0, target.start - 40), target.start)
        ):
            continue
        # the buyer was named in an earlier sentence: here it stands for the whole clause, as a subject left out does
        unnamed = Mention(0, 0, buyer.name, "Company", buyer.surface, "anaphor", 0.7 * buyer.confidence)
        yield _pending(
            view, claim(view, unnamed, "acquires", _company(target), match.start(), qualifiers=dated(view, "date"))
        )


#: ", its shipping partner since 2020", ", its largest customer in Spain": the name before is the company's partner
_ITS_PARTNER = re.compile(
    r"\s*,\s+(?:its|their)\s+(?:[\w-]+\s+){0,3}?(?:partners?|suppliers?|distributors?|customers?|clients?|"
    r"licensees?|licensors?|franchisees?|bottlers?|dealers?|sponsors?|lenders?|bankers?|contract\s+manufacturers?)\b",
    re.IGNORECASE,
)


@triggered_by("its", "their")
def apposed_partner(view: View) -> Iterator[Claim]:
    """ "Brightway said Zellar Logistics, its shipping partner since 2020, ...": Zellar partners the company "its"
    stands for, else the clause's subject before the name."""
    for m in view.mentions:
        if m.origin == "anaphor" or m.type not in (*COMPANIES, "Organization"):
            continue
        match = _ITS_PARTNER.match(view.text, m.end)
        if match is None:
            continue
        its = next((a for a in view.mentions if a.origin == "anaphor" and match.start() <= a.start < match.end()), None)
        # "its" read as the name it follows says nothing: the clause's subject, else the company in focus, owns it
        owner = next(
            (
                o
                for o in (its, view.subject_before(m.start, ORGANISATIONS), _named_before(view, m), view.focus)
                if o is not None and o.name != m.name and o.type in (*COMPANIES, "Organization")
            ),
            None,
        )
        if owner is None:
            continue
        yield claim(view, _org(owner), "partnersWith", _org(m), match.start(), confidence=0.65)


def _named_before(view: View, m: Mention) -> Mention | None:
    """The last company the sentence names before ``m`` ("Brightway said Zellar, its partner": Brightway)."""
    return next(
        (
            o
            for o in reversed(view.mentions)
            if o.end <= m.start and o.origin != "anaphor" and o.type in (*COMPANIES, "Organization")
        ),
        None,
    )


#: "A, B and C are among its investors", "Lumo is one of Brightway's customers": the names before are the owner's.
_AMONG_ITS = re.compile(
    r"\s+(?:are|were|is|was)\s+(?:also\s+|now\s+)?(?:among|one\s+of)\s+(?P<owner>its|their|(?:the\s+)?[\w&.'-]+(?:\s+[\w&.-]+){0,3}?['\u2019]s?)\s+"
    r"(?:[\w-]+\s+){0,2}?(?P<role>backers|investors|shareholders|customers|clients|partners|suppliers)\b",
    re.IGNORECASE,
)
_ROLE_RELATION = {"backers": "investsIn", "investors": "investsIn", "shareholders": "investsIn"}


@triggered_by("among", "one of")
def among_its(view: View) -> Iterator[Claim]:
    """ "SAIC, GM and Toyota are among its investors": each name listed before invests in the company "its" stands
    for (customers, suppliers and partners partner it)."""
    for match in _AMONG_ITS.finditer(view.text):
        owner = next(
            (m for m in view.mentions if match.start("owner") <= m.start < match.end("owner") and m.type in COMPANIES),
            None,
        )
        listed = _listed_before(view, match.start())
        if owner is None or not listed:
            continue
        relation = _ROLE_RELATION.get(match.group("role").lower(), "partnersWith")
        for m in listed:
            if m.name != owner.name:
                made = claim(view, _org(m), relation, _company(owner), match.start(), confidence=0.7)
                yield plain(made) if relation == "investsIn" else made


#: "The Chinese group is SQM's second-largest shareholder", "became Ubisoft's biggest investor": the holder is the
#: clause's subject, the company the possessive names is held.
_POSSESSIVE_HOLDER = re.compile(
    r"\b(?:is|was|became|becomes|remains|remained|has\s+become|had\s+become)\s+(?:now\s+|also\s+|still\s+)?"
    r"(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})['\u2019]s?\s+(?:[\w-]+\s+){0,2}?"
    r"(?:shareholder|stakeholder|investor|backer|owner)\b"
)


@triggered_by("shareholder", "stakeholder", "investor", "backer", "owner")
def possessive_holder(view: View) -> Iterator[Claim]:
    """ "Tianqi is SQM's second-largest shareholder": the subject invests in the company the possessive names."""
    for match in _POSSESSIVE_HOLDER.finditer(view.text):
        held = next(
            (m for m in view.mentions if m.start == match.start("owner") and m.type in (*COMPANIES, UNTYPED)), None
        )
        holder = actor(view, match.start(), (*COMPANIES, "Organization"))
        if held is None or holder is None or holder.name == held.name or holder.start >= match.start():
            continue
        yield claim(view, _org(holder), "investsIn", _company(held), match.start(), confidence=0.7)


def _listed_before(view: View, end: int) -> list[Mention]:
    """The names of a list that ends at ``end`` ("A, B and C"), back to where the list starts."""
    out: list[Mention] = []
    for m in reversed([m for m in view.mentions if m.end <= end and m.origin != "anaphor"]):
        gap = view.text[m.end : out[-1].start if out else end]
        if not _LIST_GAP.fullmatch(gap) or m.type not in (*COMPANIES, "Organization", UNTYPED):
            break
        out.append(m)
    return out[::-1]


_LIST_GAP = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*)")


PATTERNS = (
    acquires,
    invests,
    priced_facilities,
    facility_costs,
    partners,
    stake_holder,
    bought_by_the_company,
    apposed_partner,
    among_its,
    possessive_holder,
)

#: "bought a 12% stake in", "took a minority interest in", "agreed to buy a 70% stake in Czech bus maker": a
#: stake bought, its size, and up to four words describing the company it is in.
_BOUGHT_STAKE = re.compile(
    r"\b(?:acquir(?:e|es|ed|ing)|buy|buys|buying|bought|purchas(?:e|es|ed|ing)|take|takes|took|taking|taken)\s+"
    r"(?:a|an|its|their)\s+(?:(?P<share>\d+(?:\.\d+)?)\s?(?:%|percent|per\s+cent)\s+|(?P<size>[\w-]+)\s+)?"
    r"(?:stake|interest|holding|shareholding)\s+in\s+(?:[\w&'.-]+\s+){0,4}?$",
    re.IGNORECASE,
)
_CONTROL = frozenset(("majority", "controlling"))


def sized_stakes(claims: list[Claim], view: View) -> list[Claim]:
    """A stake bought is an investment below half and a takeover at a majority or control.

    "bought a 12% stake in X" or "a stake in X" (no size) is investsIn, not acquires; "agreed to buy a 70%
    stake in X" is acquires, and the investsIn the word "stake" also reads is the same deal told twice. A
    stake held, not bought ("its 51% stake in X was approved"), is left as read.
    """
    sizes = {}
    for c in claims:
        if c.relation in ("acquires", "investsIn") and c.object.name not in sizes:
            bought = _BOUGHT_STAKE.search(view.text, max(0, c.object.start - 140), c.object.start)
            if bought is not None:
                share, size = bought.group("share"), (bought.group("size") or "").lower()
                sizes[c.object.name] = float(share) >= 50 if share else size in _CONTROL
    if not sizes:
        return claims
    out: list[Claim] = []
    seen: set[tuple] = set()
    for c in claims:
        control = sizes.get(c.object.name) if c.relation in ("acquires", "investsIn") else None
        if control is not None:
            c = replace(c, relation="acquires" if control else "investsIn")
        key = (c.subject.name, c.relation, c.object.name, dict(c.qualifiers).get("status"))
        if control is not None and key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


#: "... before buying it outright", "and later took full control of it": the company just invested in is bought.
_BUYS_IT = re.compile(
    r"\b(?:buying|bought|buys|buy|acquiring|acquired|acquires|acquire|taking\s+over|took\s+over|takes\s+over)\s+"
    r"(?:it|the\s+rest(?:\s+of\s+it)?|the\s+remaining\s+(?:shares|stake))(?:\s+outright)?\b|"
    r"\b(?:took|taking|takes|take)\s+(?:full\s+)?(?:control|ownership)\s+of\s+it\b",
    re.IGNORECASE,
)


def bought_outright(claims: list[Claim], view: View) -> list[Claim]:
    """A stake taken in X and then "buying it outright" later in the sentence: X is acquired too."""
    stakes = [c for c in claims if c.relation == "investsIn" and c.object.type in COMPANIES and c.object.end > 0]
    if not stakes:
        return claims
    out = list(claims)
    for stake in stakes:
        found = _BUYS_IT.search(view.text, stake.object.end)
        if found is None or any(
            m.type in COMPANIES and m.origin != "anaphor" for m in view.between(stake.object.end, found.start())
        ):
            continue  # another company named in between may be what "it" stands for
        # "buying it outright in 2021": a date right after the purchase is its own
        when = next((p.value for p in view.periods if p.role == "point" and 0 <= p.start - found.end() <= 4), None)
        kept = tuple(q for q in stake.qualifiers if q[0] == "status")
        made = replace(stake, relation="acquires", qualifiers=kept + ((("date", when),) if when else ()))
        if not any(
            c.relation == "acquires" and c.subject.name == made.subject.name and c.object.name == made.object.name
            for c in out
        ):
            out.append(made)
    return out
