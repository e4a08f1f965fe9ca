"""Deals told in noun phrases and lists rather than by a verb with its object.

- "its deals include <descriptor> <A>, acquired in 2022 for $N, and <Country>'s <B>": acquires, each with the
  date and amount of its own aside;
- "buying control of <A>", "acquired the remaining shares of <A>": acquires;
- "bought 80% of <A>", "paid $N for 30% of <A>": acquires at a majority, investsIn below half, with ``share``;
- "offered EUR 12 a share for <A>": a bid, acquires pending;
- "The acquisition of <A> gave <B> ...", "After buying <A>, <B> ...": the buyer named after the deal;
- "bought the <X> mine in <Country> (from <Seller>) for $N": investsIn the country with the amount (an asset
  bought is no company acquired, and its seller is not bought).

:func:`kept_apart` then drops the readings such deals tempt other patterns into: the country of "Norway's
Funcom" as a place the buyer enters, the deal's target as a partner, a mine's name as a company bought.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from kg.extract.mentions import UNTYPED, Mention
from kg.extract.phrases import OWNERS_PART_AFTER, clause_end, named_part
from kg.extract.quantities import Quantity, find_quantities
from kg.extract.relations.claims import claim, dated, plain, replaced_status, triggered_by, with_status
from kg.extract.relations.deals import pending
from kg.extract.view import PLACES, Claim, View

COMPANIES = ("Company", UNTYPED)
_BUYERS = ("Company", "Organization", UNTYPED)

_DEAL_LIST = re.compile(
    # not "signed deals with retailers including A": a deal with a partner buys no one
    r"\b(?:deals|purchases|acquisitions|takeovers|buyouts|buys|investments)\s+(?:(?!with\b|between\b)[\w.&'-]+\s+){0,4}?"
    r"(?:include|includes|included|including|have\s+included)\s+",
    re.IGNORECASE,
)
#: ", acquired in 2022 for GBP 919 million": what a listed deal's aside says of it.
_DEAL_ASIDE = re.compile(
    r",\s+(?:which\s+it\s+|that\s+it\s+)?(?:acquired|bought|purchased|taken\s+over|snapped\s+up)\b[^,;]*",
    re.IGNORECASE,
)
#: Between the list's cue and its first item, and between items: a few describing words ("British developer",
#: "Norway's", "Lyon-based").
_FIRST_ITEM = re.compile(r"(?:the\s+)?(?:[\w'\u2019-]+\s+){0,4}")
_NEXT_ITEM = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:the\s+)?(?:[\w'\u2019-]+\s+){0,4}")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_GOVERNING = re.compile(r"\b(?:from|by|with|to|for|of|against|than)\s+(?:the\s+)?$", re.IGNORECASE)
_POSSESSED_BY = re.compile(r"(?:'s|\u2019s)\s+$")


def _money(text: str) -> Quantity | None:
    return next((q for q in find_quantities(text) if q.kind == "money"), None)


def _amount(q: Quantity | None) -> tuple[tuple[str, str], ...]:
    if q is None:
        return ()
    return (("amount", f"{q.value:.0f} {q.unit}" if q.value == int(q.value) else f"{q.value:g} {q.unit}"),)


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED or (m.type in ("Product", "Brand") and m.origin != "known") else m


def _focus(view: View) -> Mention | None:
    return next((m for m in (view.focus, view.main) if m is not None and m.type in COMPANIES), None)


def _unnamed(m: Mention) -> Mention:
    """The company in focus standing for a subject the sentence leaves out."""
    return Mention(0, 0, m.name, "Company", m.surface, "anaphor", 0.7 * m.confidence)


@triggered_by("include", "includes", "included", "including")
def listed_deals(view: View) -> Iterator[Claim]:
    """ "More recent deals include British developer A, acquired in 2022 for GBP 919 million, and Norway's B"."""
    for match in _DEAL_LIST.finditer(view.text):
        inside = [
            m
            for m in view.mentions
            if match.start() <= m.start < match.end() and m.type in _BUYERS and m.origin != "city"
        ]
        before = view.subject_before(match.start(), _BUYERS)
        buyer = inside[0] if inside else before
        if buyer is None:
            in_focus = _focus(view)
            buyer = _unnamed(in_focus) if in_focus is not None and view.focus_recent else None
        if buyer is None:
            continue
        end = view.text.find(";", match.end())
        end = len(view.text) if end < 0 else end
        last = match.end()
        for m in view.mentions:
            if m.start < last or m.start >= end or m.type not in (*COMPANIES, "Product", "Brand"):
                continue
            if m.origin in ("anaphor", "city") or m.name == buyer.name:
                continue
            gap = _FIRST_ITEM if last == match.end() else _NEXT_ITEM
            if not gap.fullmatch(view.text, last, m.start):
                break  # the list has ended
            if _GOVERNING.search(view.text, max(0, m.start - 12), m.start):
                break  # "a partnership with X", "bought from X": not what was bought
            aside = _DEAL_ASIDE.match(view.text, m.end)
            qualifiers: tuple[tuple[str, str], ...] = ()
            if aside is not None:
                year = _YEAR.search(aside.group())
                qualifiers = ((("date", year.group()),) if year else ()) + _amount(_money(aside.group()))
            last = aside.end() if aside is not None else m.end
            yield claim(view, _company(buyer), "acquires", _company(m), match.start(), qualifiers=qualifiers)


_CONTROL_OF = re.compile(
    r"\b(?:buy|buys|buying|bought|acquir(?:e|es|ed|ing)|gain(?:s|ed|ing)?|won|win|wins|winning|seiz(?:e|es|ed|ing)|"
    r"purchas(?:e|es|ed|ing)|took|take|takes|taking|taken|assum(?:e|es|ed|ing))\s+"
    r"(?:full\s+|majority\s+|outright\s+|effective\s+)?(?:control|ownership)\s+of\s+"
    r"|\b(?:buy|buys|buying|bought|acquir(?:e|es|ed|ing)|purchas(?:e|es|ed|ing))\s+(?:the\s+)?(?:remaining|outstanding|"
    r"rest\s+of\s+the|all\s+(?:of\s+)?the|all)\s+(?:shares|stake|equity|stock)\s+(?:of|in)\s+"
    r"|\b(?:took|take|takes|taking|bought|buy|buys|buying|acquired|acquire|acquires|acquiring)\s+(?:a\s+)?majority\s+of\s+",
    re.IGNORECASE,
)


@triggered_by("control", "remaining", "outstanding", "rest", "majority", "ownership")
def control_of(view: View) -> Iterator[Claim]:
    """ "entered Brazil by buying control of local app 99", "acquired the remaining shares of X"; "lost control of
    X": a unit it had."""
    for match in _LOST_CONTROL.finditer(view.text):
        target = view.named_after(match.end(), (*COMPANIES, "Product", "Brand"), words=5)
        owner = view.subject_before(match.start(), COMPANIES)
        if target is not None and owner is not None and target.name != owner.name:
            made = claim(view, _company(owner), "hasSubsidiary", _company(target), match.start(), confidence=0.7)
            yield with_status(plain(made), "ended")
    for match in _CONTROL_OF.finditer(view.text):
        # "local delivery app Rapidito": what a company takes control of is a company, whatever a cue called it
        target = view.named_after(match.end(), (*COMPANIES, "Product", "Brand"), words=5)
        buyer = view.subject_before(match.start(), COMPANIES)
        if target is None or buyer is None or target.name == buyer.name:
            continue
        yield pending(
            view,
            claim(view, _company(buyer), "acquires", _company(target), match.start(), qualifiers=dated(view, "date")),
        )


_LOST_CONTROL = re.compile(
    r"\b(?:lost|loses|lose|losing|ceded|cedes|cede|ceding|gave\s+up|gives\s+up|give\s+up|relinquish(?:ed|es)?)\s+"
    r"(?:its\s+|their\s+)?(?:control|ownership)\s+(?:of|over)\s+",
    re.IGNORECASE,
)
_SHARE_OF = re.compile(
    r"\b(?P<verb>bought|buy|buys|buying|acquired|acquire|acquires|acquiring|purchased|took|take|takes|taking|"
    r"paid|pay|pays|paying)\s+(?P<money>[^,;]{0,40}?\s+for\s+)?(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+|"
    r"almost\s+)?(?P<share>\d+(?:\.\d+)?)\s?(?:%|percent|per\s+cent)\s+of\s+(?!the\s+(?:market|shares\b))",
    re.IGNORECASE,
)
#: "a Tencent-led consortium bought", "an Anta-led group of investors paid": the leader is the buyer.
_LED_BY_NAME = re.compile(
    r"\b(?P<name>[A-Z][\w.&]*(?:\s+[A-Z][\w.&]*)?)-led\s+(?:consortium|group|syndicate|investor\s+group|"
    r"group\s+of\s+investors)\s+$"
)


@triggered_by("%", "percent", "per cent")
def share_of(view: View) -> Iterator[Claim]:
    """ "bought 84% of Helsinki-based X from Y for $N": a majority is a takeover, less an investment."""
    for match in _SHARE_OF.finditer(view.text):
        paid = match.group("verb").lower().startswith("pa")
        if paid and not match.group("money"):
            continue  # "pays 30% of its revenue": no price for a share
        target = view.named_after(match.end(), COMPANIES, words=4)
        if target is None:
            continue
        led = _LED_BY_NAME.search(view.text, max(0, match.start() - 60), match.start())
        buyer: Mention | None = None
        if led is not None:
            buyer = next((m for m in view.mentions if m.start == led.start("name")), None) or Mention(
                led.start("name"), led.end("name"), led.group("name"), "Company", led.group("name"), "guess", 0.6
            )
        buyer = buyer or view.subject_before(match.start(), COMPANIES)
        if buyer is None or buyer.name == target.name:
            continue
        share = float(match.group("share"))
        money = _money(match.group("money") or "") or _money(_after_target(view.text, target.end))
        qualifiers = (*dated(view, "date"), ("share", match.group("share")), *_amount(money))
        relation = "acquires" if share >= 50 else "investsIn"
        yield pending(
            view, claim(view, _company(buyer), relation, _company(target), match.start(), qualifiers=qualifiers)
        )


_PAID_FOR_STAKE = re.compile(
    r"\b(?:paid|pays|pay|paying|spent|spends|spend|spending|(?P<offer>offered|offers|offer|offering|bid|bids|bidding))"
    r"\s+(?P<money>[^,;]{0,40}?)\s+for\s+(?:a|an|its)\s+"
    r"(?:(?P<share>\d+(?:\.\d+)?)\s?(?:%|percent|per\s+cent)\s+|(?P<size>majority|minority|controlling|small|large)\s+)?"
    r"(?:stake|interest|holding|shareholding)\s+in\s+",
    re.IGNORECASE,
)


@triggered_by("stake", "interest", "holding", "shareholding")
def paid_for_stake(view: View) -> Iterator[Claim]:
    """ "paid about US$700 million for a 4.99% stake in X": an investment, a takeover at a majority or control."""
    for match in _PAID_FOR_STAKE.finditer(view.text):
        money = _money(match.group("money"))
        if money is None:
            continue
        target = view.named_after(match.end(), COMPANIES, words=4)
        investor = view.subject_before(match.start(), _BUYERS)
        if target is None or investor is None or target.name == investor.name:
            continue
        share, size = match.group("share"), (match.group("size") or "").lower()
        control = float(share) >= 50 if share else size in ("majority", "controlling")
        qualifiers = (*dated(view, "date"), *((("share", share),) if share else ()), *_amount(money))
        relation = "acquires" if control else "investsIn"
        made = claim(view, _company(investor), relation, _company(target), match.start(), qualifiers=qualifiers)
        # "offered NZ$400 million for a controlling stake in X": an offer stands until it is accepted and cleared
        yield _offered(made) if match.group("offer") else pending(view, made)


def _offered(made: Claim) -> Claim:
    """A bid made: pending until accepted and cleared, unless the sentence denies it."""
    if dict(made.qualifiers).get("status") == "denied":
        return made
    return replaced_status(made, "pending")


#: "offered NZ$400 million for Kowhai": a price offered for a whole company.
_OFFERED_FOR = re.compile(
    r"\b(?:offered|offers|offering|bid|bids|bidding)\s+(?P<money>[^,;]{1,35}?\d[^,;]{0,25}?)\s+for\s+"
    r"(?!(?:a|an|the|its)\s)"
)


@triggered_by("offered", "offers", "offering", "bid", "bids", "bidding")
def offered_for(view: View) -> Iterator[Claim]:
    """ "Lanshan offered NZ$400 million for Kowhai": a bid for the company, pending until it closes."""
    for match in _OFFERED_FOR.finditer(view.text):
        target = view.at(match.end(), COMPANIES)
        buyer = view.subject_before(match.start(), COMPANIES)
        if target is None or buyer is None or target.name == buyer.name:
            continue
        money = _money(match.group("money"))
        if money is None:
            continue  # "offered 40 jobs for", "bid twice for": no price
        qualifiers = (*dated(view, "date"), *_amount(money))
        yield _offered(claim(view, _company(buyer), "acquires", _company(target), match.start(), qualifiers=qualifiers))


def _after_target(text: str, pos: int) -> str:
    """ " from SoftBank for US$8.6 billion": the price said after the target, up to the clause's end."""
    found = re.match(r"(?:\s+from\s+[^,;]{1,40}?)?\s*,?\s+for\s+(?:about\s+|up\s+to\s+)?[^,;]{1,30}", text[pos:])
    return found.group() if found else ""


_PER_SHARE_BID = re.compile(
    r"\b(?:offer|offers|offered|offering|bid|bids|bidding)\s+(?:[A-Z]{0,3}[$\u20ac\u00a3\u00a5]|[A-Z]{3}\s?)"
    r"[\d.,]+\s+(?:a|per)\s+share\s+for\s+",
)


@triggered_by("share")
def per_share_bid(view: View) -> Iterator[Claim]:
    """ "agreed to offer EUR 4.60 a share for X": a bid for the whole company, pending until it closes."""
    for match in _PER_SHARE_BID.finditer(view.text):
        target = view.named_after(match.end(), COMPANIES, words=4)
        buyer = view.subject_before(match.start(), COMPANIES)
        if target is None or buyer is None or target.name == buyer.name:
            continue
        made = claim(view, _company(buyer), "acquires", _company(target), match.start(), qualifiers=dated(view, "date"))
        # an offer stands until it is accepted and cleared: pending, whatever plan the verb before it says
        yield replaced_status(made, "pending")


#: "made a bid for", "has launched a A$1.2 billion takeover offer for": a bid for a company, named after "for".
_BID_FOR = re.compile(
    r"\b(?:made|makes|make|making|launched|launches|launch|submitted|submits|tabled|tables|lodged|put\s+in|puts\s+in|"
    # "is preparing a bid for Deoleo", "weighing an offer for": a bid still to come
    r"(?P<preparing>preparing|prepares|prepared|weighing|weighs|weighed|considering|considers|mulling|mulls))"
    r"\s+(?:a|an|its|their)\s+(?:[\w$.,-]+\s+){0,4}?(?:bid|offer|approach)\s+for\s+(?!(?:a|an|the|its)\s)"
)


@triggered_by("bid", "offer", "approach")
def bid_for(view: View) -> Iterator[Claim]:
    """ "Kavo Group made a bid for Lindt Foods": a bid for a company, pending until it is accepted and cleared (or
    denied, where the sentence denies it)."""
    for match in _BID_FOR.finditer(view.text):
        target = view.at(match.end(), COMPANIES) or view.named_after(match.end(), COMPANIES, words=4)
        buyer = view.subject_before(match.start(), COMPANIES)
        if target is None or buyer is None or target.name == buyer.name:
            continue
        made = claim(view, _company(buyer), "acquires", _company(target), match.start(), qualifiers=dated(view, "date"))
        if match.group("preparing") and dict(made.qualifiers).get("status") != "denied":
            yield replaced_status(made, "planned")
        else:
            yield _offered(made)


_DEAL_THEN_BUYER = re.compile(
    r"(?P<deal>^(?:The|Its|Their)\s+(?:[\w$.,-]+\s+){0,3}?(?:acquisition|takeover|purchase|buyout)\s+of\s+)"
    r"|(?P<fronted>^(?:After|Since|Following|Having|By)\s+(?:buying|acquiring|purchasing|taking\s+over|bought|"
    r"acquired|purchased|snapping\s+up)\s+)"
)
_GAVE = re.compile(
    r"[^,;]{0,30}?\s+(?:gave|gives|brought|brings|handed|hands|provided|provides|offered|offers|made|makes)\s+"
    r"(?:the\s+)?$"
)


@triggered_by("acquisition", "takeover", "purchase", "buyout", "buying", "acquiring", "purchasing", "bought")
def buyer_after_deal(view: View) -> Iterator[Claim]:
    """ "The acquisition of A gave B a foothold", "After buying A in 2018, B started ...": B bought A."""
    match = _DEAL_THEN_BUYER.match(view.text)
    if match is None:
        return
    target = view.named_after(match.end(), COMPANIES, words=4)
    if target is None:
        return
    buyer: Mention | None = None
    if match.group("deal"):
        for m in view.mentions:
            if m.start > target.end and m.type in COMPANIES and m.origin != "anaphor":
                if _GAVE.fullmatch(view.text, target.end, m.start):
                    buyer = m
                break
    else:
        comma = view.text.find(", ", target.end)
        after = view.subject_after(comma + 2, COMPANIES) if comma >= 0 else None
        if after is not None and after.start == comma + 2 + _article(view.text, comma + 2):
            buyer = after
    if buyer is None or buyer.name == target.name:
        return
    yield claim(view, _company(buyer), "acquires", _company(target), match.start(), qualifiers=dated(view, "date"))


def _article(text: str, pos: int) -> int:
    return 4 if text.startswith(("the ", "The "), pos) else 0


_ASSET = (
    r"(?:mines?|plants?|factor(?:y|ies)|mills?|smelters?|refiner(?:y|ies)|deposits?|oilfields?|fields?|"
    r"facilit(?:y|ies)|terminals?|ports?|projects?|assets?|warehouses?|stakes?)"
)
_ASSET_BOUGHT = re.compile(
    r"\b(?:bought|buy|buys|buying|acquired|acquire|acquires|acquiring|purchased|purchase|purchases|purchasing|"
    r"paid|pay|pays|paying)\s+(?P<between>[^;]{0,60}?)\b(?:the|a|an|its|two|three)\s+(?:[\w'\u2019-]+\s+){0,4}?"
    rf"{_ASSET}\s+in\s+(?:the\s+)?",
    re.IGNORECASE,
)


@triggered_by("mine", "mines", "plant", "plants", "factory", "factories", "mill", "smelter", "refinery", "deposit")
def asset_bought(view: View) -> Iterator[Claim]:
    """ "bought the Akyem gold mine in Ghana from Newmont for up to US$1 billion": investsIn Ghana, with the amount."""
    for match in _ASSET_BOUGHT.finditer(view.text):
        place = next((m for m in view.mentions if m.start == match.end() and m.type in PLACES), None)
        if place is None or "stake" in match.group().lower():
            continue
        end = clause_end(view.text, place.end)
        money = _money(match.group("between")) or _money(view.text[place.end : min(end, place.end + 80)])
        if money is None:
            continue  # only an asset bought for a stated price is an investment the text measures
        buyer = view.subject_before(match.start(), COMPANIES)
        if buyer is None:
            continue
        year = _clause_year(view.text, match.start())
        qualifiers = ((("date", year),) if year else dated(view, "date")) + _amount(money)
        made = claim(view, _company(buyer), "investsIn", place, match.start(), qualifiers=qualifiers)
        if _AGREED_PRICE.search(view.text, max(0, match.start() - 20), match.end()):
            # "agreed to pay $N for the X mine": the price is agreed, the money committed to the country
            made = replace(made, qualifiers=tuple(q for q in made.qualifiers if q != ("status", "planned")))
        yield made


_AGREED_PRICE = re.compile(r"\bagreed\s+to\s+(?:pay|buy|acquire|purchase)\b", re.IGNORECASE)


_CLAUSE_YEAR = re.compile(r"\b[Ii]n\s+((?:19|20)\d{2})\b(?![^,;]*(?:,\s+and\b|;))[^;]*$")


def _clause_year(text: str, pos: int) -> str | None:
    """The year that opens the clause of ``pos``: "In 2024 X agreed ..., and in 2025 it bought ..." (2025)."""
    start = max(text.rfind(", and ", 0, pos), text.rfind(";", 0, pos), 0)
    found = _CLAUSE_YEAR.search(text, start, pos)
    return found.group(1) if found else None


_BUYOUT_OF = re.compile(r"\b(?:buyout|buy-out|takeover|acquisition|purchase)\s+of\s+", re.IGNORECASE)
_NOMINAL_DEAL = re.compile(
    r"\b(?:completed|completes|complete|announced|announces|finished|finishes|closed|closes|sealed|seals|agreed)\s+"
    r"(?:the|its|a|an|their)\s+[^,;]{0,40}?$",
    re.IGNORECASE,
)


@triggered_by("buyout", "buy-out", "takeover", "acquisition", "purchase")
def nominal_deal(view: View) -> Iterator[Claim]:
    """ "announced the A$120 million buyout of Australia's X", "completed the C$1.86 billion takeover of X"."""
    for match in _BUYOUT_OF.finditer(view.text):
        verb = _NOMINAL_DEAL.search(view.text, max(0, match.start() - 60), match.start())
        if verb is None:
            continue
        target = view.named_after(match.end(), COMPANIES, words=4)
        buyer = view.subject_before(verb.start(), COMPANIES)
        if target is None or buyer is None or target.name == buyer.name:
            continue
        if OWNERS_PART_AFTER.match(view.text, target.end):
            # "the takeover of ams OSRAM's Digital Systems business": the part named, not its owner
            target = named_part(view.text, target.end, view.mentions)
            if target is None or target.name == buyer.name:
                continue
        money = _money(view.text[verb.start() : match.start()])
        qualifiers = dated(view, "date", near=target) + _amount(money)
        yield claim(view, _company(buyer), "acquires", _company(target), verb.start(), qualifiers=qualifiers)


_OWNERS_PART = re.compile(
    r"\s*,\s+(?P<owner>(?:the\s+)?(?:[\w-]+\s+)?(?:group|company|firm|parent)(?:'s|\u2019s)|its)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:arm|unit|subsidiary|division|affiliate)\b(?!\s+(?:of|in)\b)",
    re.IGNORECASE,
)


@triggered_by("arm", "unit", "subsidiary", "division", "affiliate")
def apposed_unit(view: View) -> Iterator[Claim]:
    """ "X Logistics, the group's logistics arm," / "X Pay, its payments unit,": the owner the possessive points to
    has the named unit as a subsidiary."""
    for unit in view.mentions:
        if unit.type not in COMPANIES or unit.origin in ("anaphor", "city"):
            continue
        match = _OWNERS_PART.match(view.text, unit.end)
        if match is None:
            continue
        owner = next(
            (
                m
                for m in view.mentions
                if m.origin == "anaphor"
                and match.start("owner") <= m.start < match.end("owner")
                and m.type == "Company"
            ),
            None,
        )
        if owner is None or owner.name == unit.name:
            continue
        # the cue is the unit noun after the owner: the sentence's own verb ("intends to take X, its arm, to Y")
        # says nothing of whose unit X is
        yield claim(view, owner, "hasSubsidiary", _company(unit), match.end(), confidence=0.75)


_SPUN_OFF = re.compile(
    r"\b(?:spun|spins|spin|spinning)\s+off\s+(?:its\s+|their\s+|the\s+)?[^,;]{0,50}?\s+(?:into|as)\s+",
    re.IGNORECASE,
)


@triggered_by("spun", "spins", "spin", "spinning")
def spun_off(view: View) -> Iterator[Claim]:
    """ "spun off its overseas gold assets into X Gold International": the new company is the spinner's."""
    for match in _SPUN_OFF.finditer(view.text):
        unit = view.at(match.end(), COMPANIES)
        owner = view.subject_before(match.start(), COMPANIES)
        if unit is None or owner is None or unit.name == owner.name:
            continue
        yield claim(view, _company(owner), "hasSubsidiary", _company(unit), match.start(), confidence=0.75)


#: "sold its Italian unit X to Y", "agreed to sell a 51% stake in its unit X to Y": the verb and what is sold.
_SOLD = re.compile(
    r"\b(?:sell|sells|sold|selling|divest|divests|divested|divesting|offload|offloads|offloaded|offloading)\s+"
    r"(?:off\s+)?(?:(?:a|an|its|the|their)\s+)?(?:(?:about\s+|roughly\s+|around\s+|some\s+)?"
    r"(?P<share>\d+(?:\.\d+)?)\s?(?:%|percent|per\s+cent)\s+|(?P<size>majority|minority|controlling|remaining)\s+)?"
    r"(?:(?P<stake>stake|interest|holding|shareholding|shares?)\s+in\s+|of\s+)?",
    re.IGNORECASE,
)
#: ", the London payments firm, in 2020 for $N to": an apposition, a time or a price before the buyer's "to"
_SOLD_TO = re.compile(r"(?P<aside>\s*,[^,;.]{1,60},)?(?:\s+(?:in|for|last|this|early|late)\s+[^,;.]{1,40}?)?\s+to\s+")


def _sales(view: View) -> Iterator[tuple[re.Match[str], Mention | None, Mention | None]]:
    """Each sale in the sentence: the verb, the company sold (a name right after it) and its buyer ("to Y")."""
    for match in _SOLD.finditer(view.text):
        end = clause_end(view.text, match.end())
        sold = view.named_after(match.end(), COMPANIES, words=4)
        if sold is not None and sold.start >= end:
            sold = None
        after = sold.end if sold is not None else match.end()
        to = _SOLD_TO.match(view.text, after)
        buyer = view.named_after(to.end(), _BUYERS, words=3) if to is not None else None
        # "sell YY Live, its domestic business, to Baidu": an apposition the clause runs on past
        reach = clause_end(view.text, to.end()) if to is not None and to.group("aside") else end
        if buyer is not None and buyer.start >= reach:
            buyer = None
        yield match, sold, buyer


@triggered_by("sell", "sells", "sold", "selling", "divest", "divests", "divested", "offload", "offloaded")
def sold_to(view: View) -> Iterator[Claim]:
    """ "sold its Italian unit Moda Riva to Lusso Partners": the buyer acquires what is sold (invests in it below
    half); the seller gains nothing."""
    for match, sold, buyer in _sales(view):
        if sold is None or buyer is None or sold.name == buyer.name:
            continue
        share, size = match.group("share"), (match.group("size") or "").lower()
        whole = not match.group("stake") and not share
        control = whole or (float(share) >= 50 if share else size in ("majority", "controlling", "remaining"))
        qualifiers = (*dated(view, "date"), *((("share", share),) if share else ()))
        relation = "acquires" if control else "investsIn"
        made = claim(view, _company(buyer), relation, _company(sold), match.start(), qualifiers=qualifiers)
        if _AGREED_SALE.search(view.text, max(0, match.start() - 40), match.start()):
            # "agreed to sell X to Y": the sale is agreed, Y's purchase waits to close
            made = replaced_status(made, "pending")
        yield pending(view, made)


_AGREED_SALE = re.compile(r"\bagree(?:s|d)?\s+(?:in\s+\w+\s+(?:\d{4}\s+)?)?to\s+$", re.IGNORECASE)


def _sellers_readings(claims: list[Claim], view: View) -> set[tuple[str, str]]:
    """(subject, object) of deals that are a sale told from the seller's side: "sold its stake in X", "agreed to
    sell its unit X to Y" give no acquisition or stake of the seller's in X."""
    if not _SOLD.search(view.text):
        return set()
    found = set()
    for _match, sold, buyer in _sales(view):
        if sold is None:
            continue
        for c in claims:
            if c.object.name == sold.name and (buyer is None or c.subject.name != buyer.name):
                found.add((c.subject.name, c.object.name))
    return found


_IN_WHICH = re.compile(r"\s*,\s+in\s+which\s+")
_HOLDS = re.compile(
    r"\s+(?:now\s+|still\s+|also\s+)?(?:holds|owns|has|held|owned|took|bought|acquired)\s+(?:a\s+|an\s+)?"
    r"(?:about\s+|roughly\s+|around\s+|some\s+|nearly\s+)?(?:(?P<share>\d+(?:\.\d+)?)\s?(?:%|percent|per\s+cent)|"
    r"(?P<size>minority|small)?\s*(?:stake|holding|interest|shareholding))",
    re.IGNORECASE,
)


@triggered_by("which")
def held_in_which(view: View) -> Iterator[Claim]:
    """ "Yunqi Health, in which Meridian Pharma holds 20%, ...": the holder invests in the name the clause hangs
    on (a holding of half or more is control, read elsewhere)."""
    for held in view.mentions:
        if held.origin == "anaphor" or not _fits_company(held):
            continue
        opening = _IN_WHICH.match(view.text, held.end)
        if opening is None:
            continue
        holder = view.named_after(opening.end(), _BUYERS, words=2)
        if holder is None or holder.name == held.name:
            continue
        holds = _HOLDS.match(view.text, holder.end)
        if holds is None or (holds.group("share") and float(holds.group("share")) >= 50):
            continue
        share = holds.group("share")
        qualifiers = (("share", share),) if share else ()
        yield claim(view, _company(holder), "investsIn", _company(held), opening.start(), qualifiers=qualifiers)


def _fits_company(m: Mention) -> bool:
    return m.type in COMPANIES or m.type == "Organization"


PATTERNS = (
    bid_for,
    held_in_which,
    sold_to,
    apposed_unit,
    spun_off,
    nominal_deal,
    listed_deals,
    control_of,
    share_of,
    paid_for_stake,
    offered_for,
    per_share_bid,
    buyer_after_deal,
    asset_bought,
)

#: "the Akyem gold mine": an asset's noun after the name, with no verb between ("BlauwBad added warehouses" is
#: the company bought).
_ASSET_AFTER = re.compile(
    rf"\s+(?:(?![a-z]+ed\s|(?:gave|gives|brought|brings|adds|has|had|have|is|was|were|are|will|would|took)\s)"
    rf"[a-z][\w-]*\s+){{0,2}}{_ASSET}\b"
)
_PRESENCE = frozenset(("expandsInto", "operatesIn", "locatedIn"))


def _share_of(made: Claim) -> float:
    """The stake a deal's ``share`` qualifier gives, in percent ("70", "60 per cent"); 0 without one."""
    found = re.match(r"\d+(?:\.\d+)?", dict(made.qualifiers).get("share", ""))
    return float(found.group()) if found else 0.0


_CONTROL_STAKE = re.compile(r"\b(?:controlling|majority)\s+(?:stake|interest|holding|shareholding)\b")
_WORK_TOGETHER = re.compile(r"\b(?:jointly|together|co-?develop\w*|co-?design\w*)\b")


def kept_apart(claims: list[Claim], view: View) -> list[Claim]:
    """Readings a deal tempts other patterns into, dropped.

    - "Norway's Funcom" bought: Norway is where the target is from, not a place the buyer enters;
    - a target bought or invested in is not also a partner in the same sentence;
    - "the Akyem gold mine" bought: a mine's name is no company acquired.
    """
    deals = [c for c in claims if c.relation in ("acquires", "investsIn")]
    if not deals:
        return claims
    sold = _sellers_readings(deals, view)
    bought = {(c.subject.name, c.object.name) for c in deals}
    targets = [c.object for c in deals if c.object.end > 0]
    owners = {
        m.name
        for m in view.mentions
        if m.type in PLACES
        and any(t.start > m.end and _POSSESSED_BY.fullmatch(view.text, m.end, t.start) for t in targets)
    }
    # one deal read by two patterns: the reading with the most qualifiers (amount, share, date) stands
    richest: dict[tuple, int] = {}
    for c in deals:
        key = (c.subject.name, c.relation, c.object.name, dict(c.qualifiers).get("status"))
        richest[key] = max(richest.get(key, 0), len(c.qualifiers))
    # "offered NZ$400 million for a controlling stake in X": a stake that gives control is the takeover read
    controlled = {(c.subject.name, c.object.name) for c in deals if c.relation == "acquires"}
    control_stake = bool(controlled) and _CONTROL_STAKE.search(view.lower) is not None
    # "would pay 38 million euros for a 70% stake in Brenninger": the majority read as a takeover is the deal
    majority = {(c.subject.name, c.object.name) for c in deals if c.relation == "acquires" and _share_of(c) >= 50}
    out = []
    for c in claims:
        if c.relation in ("acquires", "investsIn") and (c.subject.name, c.object.name) in sold:
            continue
        if c.relation == "investsIn" and (
            (control_stake and (c.subject.name, c.object.name) in controlled)
            or (c.subject.name, c.object.name) in majority
        ):
            continue
        if c.relation in ("acquires", "investsIn"):
            key = (c.subject.name, c.relation, c.object.name, dict(c.qualifiers).get("status"))
            if len(c.qualifiers) < richest[key]:
                continue
            richest[key] += 1  # the first of equally rich readings only
        if c.relation in _PRESENCE and c.object.name in owners:
            continue
        if (
            c.relation == "partnersWith"
            and ((c.subject.name, c.object.name) in bought or (c.object.name, c.subject.name) in bought)
            and not _WORK_TOGETHER.search(view.lower)
        ):
            continue  # unless the sentence says they also work together ("..., and the two are jointly developing")
        if c.relation == "acquires" and c.object.end > 0 and _ASSET_AFTER.match(view.text, c.object.end):
            continue
        out.append(c)
    return out
