"""Joint ventures and shareholdings: who owns how much of what, and who owns it together.

- "X, a 50-50 joint venture between A and B", "X, a venture owned equally by A and B", "X, the venture that A
  formed with B and C", "A and B set up X, a joint venture": the owners partner each other (those who formed it
  with those they formed it with, else every pair) and each invests in X; none of them is X's parent;
- "A, B and C each hold 30% of X, with D holding the remaining 10%": each holder invests in X; when the thing
  held is an unnamed venture ("of the venture", "of the JV"), the later holders partner the first;
- "A holds 19.9% of B", "B is 40% owned by A": an investment below half, a subsidiary at half or more
  (unless B is a venture the holders share);
- "B's largest shareholder, A", "A is one of the biggest shareholders in B", "counts A as its largest
  shareholder", "A's 18% stake in B", "A bought into B": A invests in B;
- "through its subsidiary X, A ...", "A, through its battery business X, ...": A has X.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from kg.extract.mentions import UNTYPED, Mention
from kg.extract.phrases import clause_end
from kg.extract.relations.claims import claim, dated, plain, replaced_status, triggered_by
from kg.extract.relations.deals import pending
from kg.extract.view import PLACES, Claim, View

_OWNERS = ("Company", "Organization", UNTYPED)
_HELD = ("Company", "Organization", "Brand", UNTYPED)

_PCT = r"\d+(?:\.\d+)?\s?(?:%|percent|per\s+cent)"
_FRACTION = r"(?:a|one|two)[\s-](?:third|quarter|fifth|tenth)s?|half"
_SHARE = rf"(?:{_PCT}|{_FRACTION})"
_VENTURE_NOUN = r"(?:joint[\s-]ventures?|jvs?|ventures?)"
_APPROX = (
    r"(?:(?:about|roughly|around|nearly|almost|some|just|only|over|under|more\s+than|less\s+than|just\s+under|"
    r"a\s+further|another)\s+)?"
)

#: Between two items of a list of owners: a separator and up to four describing words ("Korean battery maker",
#: "its partner", "truckmakers"), none of them a verb or a word that opens a clause.
_STOP = (
    r"(?!(?:which|whose|who|where|that|said|says|is|was|are|were|has|have|had|will|would|holds?|owns?|held|owned|took|takes|"
    r"bought|sold|formed|set|launched|created|each|with|while|from|to|for|by|of|in|on|at)\b)"
)
_DESCRIBING = rf"(?:the\s+)?(?:{_STOP}(?:[a-z][\w-]*|[A-Z][\w-]*(?:'s|\u2019s)?)\s+){{0,4}}?"
_LIST_GAP = re.compile(
    rf"\s*(?:,\s+(?:through|via)\s+(?:its|their)\s+[^,;]{{1,60}}?)?(?:,\s*(?:and\s+)?|\s+and\s+|\s+&\s+|\s+as\s+well\s+as\s+)"
    rf"{_DESCRIBING}"
)
#: "Through its subsidiary X," / ", through its battery business X,": the unit an owner holds its stake through.
_THROUGH_ASIDE = re.compile(r"(?:^|,)\s*(?:through|via)\s+(?:its|their)\s+[^,;]{1,60}?(?=,)", re.IGNORECASE)
#: Before the first owner after a cue: up to four describing words.
_LEAD = re.compile(_DESCRIBING)


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


def _names(view: View, types: tuple[str, ...]) -> list[Mention]:
    return [m for m in view.mentions if m.type in types and m.origin != "anaphor"]


def _listed_after(view: View, pos: int, types: tuple[str, ...] = _OWNERS) -> list[Mention]:
    """ "A, Korean battery maker B and C" from ``pos``: the names listed there, describing words skipped."""
    out: list[Mention] = []
    end = pos
    for m in _names(view, types):
        if m.start < end:
            continue
        gap = _LEAD if not out else _LIST_GAP
        if not gap.fullmatch(view.text, end, m.start):
            break
        out.append(m)
        end = m.end
    return out


def _listed_before(view: View, last: Mention, types: tuple[str, ...] = _OWNERS) -> list[Mention]:
    """The names listed before ``last`` and ``last`` itself, in their order: "A, B and C" from C."""
    out = [last]
    asides = [(a.start(), a.end()) for a in _THROUGH_ASIDE.finditer(view.text)]
    for m in reversed([m for m in _names(view, types) if m.end <= last.start]):
        if any(s <= m.start < e for s, e in asides):
            continue  # "A, through its unit X, B and C": X is A's means, not an owner of its own
        if not _LIST_GAP.fullmatch(view.text, m.end, out[-1].start):
            break
        out.append(m)
    return out[::-1]


def _name_ending_at(view: View, pos: int, types: tuple[str, ...] = _HELD) -> Mention | None:
    return next((m for m in _names(view, types) if m.end == pos), None)


def _partners(view: View, first: list[Mention], second: list[Mention], pos: int) -> Iterator[Claim]:
    """Each of ``first`` partners each of ``second``; with no ``second``, every pair of ``first``."""
    pairs = (
        [(a, b) for a in first for b in second]
        if second
        else [(a, b) for i, a in enumerate(first) for b in first[i + 1 :]]
    )
    seen = set()
    for a, b in pairs:
        if a.name == b.name or frozenset((a.name, b.name)) in seen:
            continue
        seen.add(frozenset((a.name, b.name)))
        yield claim(view, _partner(a), "partnersWith", _partner(b), pos, confidence=0.7)


def _partner(m: Mention) -> Mention:
    """A venture's partner is a company, whatever a brand it owns made it look like ("the US owner of the brands")."""
    return m.typed("Company") if m.type == UNTYPED or (m.type == "Brand" and m.origin != "known") else m


def _invests(view: View, owners: list[Mention], venture: Mention | None, pos: int, share: str = "") -> Iterator[Claim]:
    if venture is None:
        return
    qualifiers = (("share", share),) if share else ()
    for owner in owners:
        if owner.name != venture.name:
            yield claim(
                view, _company(owner), "investsIn", _company(venture), pos, qualifiers=qualifiers, confidence=0.7
            )


# --- ventures described by their owners -------------------------------------------------------------------------

#: "a 50-50 joint venture", "the battery venture", "an equally owned JV": the venture noun and its words.
_VENTURE = re.compile(
    rf"\b(?P<det>a|an|the|its|their)\s+(?P<words>(?:[\w-]+\s+){{0,3}}?){_VENTURE_NOUN}\b",
    re.IGNORECASE,
)
#: What names the owners after the venture noun: "between", "of", "owned equally by", "set up by".
_OWNED_BY = re.compile(
    r"\s*,?\s+(?:(?:that|which)\s+)?(?:(?:is|was|are|were|will\s+be)\s+)?(?:(?P<between>between|among)|(?P<of>of)|"
    r"(?:(?:owned|held)\s+(?:equally|jointly|50[-/]50|fifty-fifty|in\s+equal\s+parts)|"
    r"(?:(?:jointly\s+)?(?:set\s+up|formed|created|established|founded|launched|owned|controlled))"
    r"(?:\s+in\s+(?:19|20)\d{2})?)\s+by)\s+",
    re.IGNORECASE,
)
#: "the venture that A and B formed [with C]", "a venture which A and B own jointly".
_THAT_OWNERS = re.compile(r"\s+(?:that|which)\s+", re.IGNORECASE)
_FORMED = re.compile(
    r"\s+(?:(?:had|have|has|jointly|together|also)\s+)?(?:formed|form|set\s+up|created|create|established|"
    r"founded|launched|own|owns|run|control|set\s+it\s+up)(?:\s+(?:jointly|together))?(?:\s+in\s+(?:19|20)\d{2})?"
    r"(?P<with>\s+with\s+)?",
    re.IGNORECASE,
)
#: "X, a joint venture", "X is a joint venture": the name the venture noun describes.
_NAME_BEFORE = re.compile(r"(?:\s*\([^()]{1,30}\))?(?:\s*,\s*|\s+(?:is|was|will\s+be|became|becomes|remains)\s+)$")
#: "A and B set up X, a joint venture", "A and B formed a joint venture, X,".
_SET_UP = re.compile(
    r"\b(?:formed|form|forms|forming|set\s+up|sets\s+up|setting\s+up|created|create|creates|established|"
    r"establish|establishes|founded|launched|launch|launches|started|start|starts)\s+",
    re.IGNORECASE,
)
_FORMED_WITH = re.compile(
    r"\s+(?:(?:that|which)\s+(?:it|they)\s+)?(?:formed|set\s+up|created|established|founded|launched|started)"
    r"(?:\s+in\s+(?:19|20)\d{2})?\s+with\s+",
    re.IGNORECASE,
)
#: "The joint venture between A and B was dissolved in 2019": a venture that no longer exists.
_ENDED = re.compile(
    r"\b(?:(?:was|were|has\s+been|had\s+been|have\s+been)\s+(?:dissolved|wound\s+up|disbanded|unwound|terminated|"
    r"scrapped|liquidated)|collapsed|folded|broke\s+up)\b",
    re.IGNORECASE,
)
_EQUAL = re.compile(r"\b(?:50[-/]50|fifty-fifty|equally|equal)\b", re.IGNORECASE)


@triggered_by("venture", "ventures", "jv", "jvs")
def described_ventures(view: View) -> Iterator[Claim]:
    """Ventures described by their owners (see the module's docstring)."""
    for match in _VENTURE.finditer(view.text):
        if match.group("words") and re.search(r"\b(?:capital|ventures?)\s+$", match.group("words"), re.IGNORECASE):
            continue
        named = _NAME_BEFORE.search(view.text, max(0, match.start() - 30), match.start())
        venture = _name_ending_at(view, named.start()) if named else None
        owners: list[Mention] = []
        partners_of: list[Mention] = []
        timeless = True  # "X, a venture owned by A and B" describes X: the clause's plans are not its
        by = _OWNED_BY.match(view.text, match.end())
        if by is not None:
            owners = _listed_after(view, by.end())
            if by.group("of") and len(owners) < 2:
                owners = []  # "the venture of the year", "a joint venture of its own"
        else:
            that = _THAT_OWNERS.match(view.text, match.end())
            if that is not None:
                first = _listed_after(view, that.end())
                formed = _FORMED.match(view.text, first[-1].end) if first else None
                if formed is not None:
                    owners = first
                    if formed.group("with"):
                        partners_of = _listed_after(view, formed.end())
        if not owners and (formed_with := _FORMED_WITH.match(view.text, match.end())) is not None:
            # "runs its stores through a joint venture formed in 2019 with B": the clause's company and B
            subject = view.subject_before(match.start(), _OWNERS)
            partners_of = _listed_after(view, formed_with.end(), (*_OWNERS, "Brand"))
            owners = [subject] if subject is not None and partners_of else []
        if not owners:
            venture, owners, partners_of = _founders(view, venture, match)
            timeless = False
        if not owners:
            continue
        ended = _ENDED.search(view.text, match.end(), clause_end(view.text, match.end()))
        share = "50%" if _EQUAL.search(match.group("words") + (by.group() if by else "")) and len(owners) == 2 else ""
        for made in (
            *_partners(view, owners, partners_of, match.start()),
            *_invests(view, [*owners, *partners_of], venture, match.start(), share),
        ):
            if ended or (timeless and dict(made.qualifiers).get("status") == "planned"):
                made = plain(made)
            if ended:
                made = replace(made, qualifiers=(*made.qualifiers, ("status", "ended")))
            yield made


def _founders(
    view: View, venture: Mention | None, match: re.Match[str]
) -> tuple[Mention | None, list[Mention], list[Mention]]:
    """ "A and B set up X, a joint venture", "A and B formed a joint venture, X," and "A set up X, a joint venture,
    with B": the venture, the clause's subjects that own it, and those they set it up with."""
    if venture is not None:
        verb = _SET_UP.search(view.text, max(0, venture.start - 40), venture.start)
        if verb is None or not re.fullmatch(r"\s*(?:the\s+)?", view.text[verb.end() : venture.start]):
            return venture, [], []
    else:
        verb = _SET_UP.search(view.text, max(0, match.start() - 30), match.start())
        if verb is None or verb.end() != match.start():
            return None, [], []
        apposed = re.match(r"\s*,\s+", view.text[match.end() :])
        venture = view.at(match.end() + apposed.end(), _HELD) if apposed else None
        if venture is not None and venture.origin == "anaphor":
            return None, [], []
        with_ = _WITH_NEXT.match(view.text, match.end())
        if venture is None and with_ is not None:
            # "A formed a joint venture with B and C": A partners each of them
            subject = view.subject_before(verb.start(), _OWNERS)
            if subject is None or subject.origin == "anaphor":
                return None, [], []
            return None, [subject], _listed_after(view, with_.end())
        if venture is None:
            return None, [], []
    subject = view.subject_before(verb.start(), _OWNERS)
    if subject is None or subject.origin == "anaphor":
        return venture, [], []
    owners = _listed_before(view, subject)
    with_ = _WITH_LATER.match(view.text, match.end())
    partners_of = _listed_after(view, with_.end()) if with_ and "," in view.text[match.end() : with_.end()] else []
    return venture, owners, partners_of


_WITH_NEXT = re.compile(r"(?:\s+(?:in|last|this)\s+(?:(?:19|20)\d{2}|year|month))?\s+with\s+", re.IGNORECASE)
_WITH_LATER = re.compile(r"[^.;]{0,40}?\bwith\s+")


# --- holdings ------------------------------------------------------------------------------------------------

_HOLD_VERB = (
    r"(?:(?:will|would|now|still|also|already|currently|together|jointly|between\s+them)\s+)*"
    r"(?P<verb>hold|holds|held|holding|own|owns|owned|owning|has|have|had|having|control|controls|controlling|"
    r"keep|keeps|keeping|retain|retains|retaining|get|gets|getting|take|takes|took|taking)\s+"
)
#: "each hold 30% of X", "has a 49% stake in X", "will own 60% of the venture", "holds 19.9 percent each".
_HOLDS = re.compile(
    rf"(?P<each1>\s+each)?\s+{_HOLD_VERB}(?P<each2>each\s+)?(?:a|an|the)?\s*{_APPROX}(?P<share>{_SHARE})"
    rf"(?:\s+(?:stake|interest|holding|shareholding))?(?P<each3>\s+each)?(?:\s+(?P<prep>of|in)\s+(?P<rest>the\s+)?)?",
    re.IGNORECASE,
)
#: ", with D holding the remaining 10%", ", while E owns the rest", "and its partner F the other 51%".
#: ", where F owns the remaining 75%": the place the stake is in, the company it names
_MORE = re.compile(
    r"(?:\s*,\s*(?:(?:with|while|whereas|and|where)\s+)?|\s+(?:with|while|whereas|and)\s+)", re.IGNORECASE
)
_MORE_SHARE = re.compile(
    rf"(?:\s*,[^,;]{{1,120}}?,)?\s+(?:(?:will\s+)?(?:holding|owning|having|taking|keeping|with|holds|owns|has|have|"
    rf"hold|own|takes|keeps|controls|controlling)\s+)?(?:a|an|the|its)?\s*(?:remaining|other|another|last)?\s*"
    rf"(?:{_APPROX}(?P<share>{_SHARE})|(?P<rest>rest|remainder|balance))",
    re.IGNORECASE,
)
_PARTNER = re.compile(r"\bpartners?\b", re.IGNORECASE)
_JOINT = re.compile(rf"\b{_VENTURE_NOUN}\b|\bpartners?\b|\bco-owners?\b", re.IGNORECASE)
_UNNAMED_VENTURE = re.compile(rf"(?:the|this|that|their|its)\s+(?:[\w-]+\s+){{0,2}}?{_VENTURE_NOUN}\b", re.IGNORECASE)


def _share_value(share: str) -> float:
    number = re.match(r"\d+(?:\.\d+)?", share)
    if number:
        return float(number.group())
    words = share.lower()
    return 50.0 if "half" in words else 33.0 if "third" in words else 25.0 if "quarter" in words else 10.0


@triggered_by("%", "percent", "per cent", "third", "half", "quarter")
def holdings(view: View) -> Iterator[Claim]:
    """Shares held by one or several owners, told with their sizes (see the module's docstring)."""
    for match in _HOLDS.finditer(view.text):
        verb = match.group("verb").lower()
        verb_at = match.start("verb")  # "will hold 51% of X": the stake's status is its verb's
        taken = verb.startswith(("take", "took", "get"))
        last = _holder_before(view, match.start())
        each = bool(match.group("each1") or match.group("each2") or match.group("each3"))
        if last is None:
            continue
        holders = _each_of(view, last) if last.origin == "anaphor" else _listed_before(view, last)
        if not holders or (taken and not each and len(holders) == 1 and match.group("prep")):
            continue  # "took 65% of X": a purchase, read by the deal patterns
        target, venture, unnamed, end = _held(view, match)
        if target is None and not unnamed:
            continue  # "owns 40% of the market"
        groups = [holders]
        shares = [" ".join(match.group("share").split())]
        while (more := _MORE.match(view.text, end)) is not None:
            listed = _listed_after(view, more.end())
            rest = _MORE_SHARE.match(view.text, listed[-1].end) if listed else None
            if rest is None:
                break
            groups.append(listed)
            shares.append(" ".join(rest.group("share").split()) if rest.group("share") else "")
            end = rest.end()
        if (
            target is not None
            and len(holders) == 1
            and holders[0].origin == "anaphor"
            and holders[0].name == target.name
        ):
            # "X, a venture in which the Chinese group holds 70%": the group is not the venture it holds a stake in;
            # the story's company is
            main = view.main
            if main is None or main.name == target.name:
                continue
            holders = [Mention(0, 0, main.name, main.type or "Company", main.surface, "anaphor", 0.7 * main.confidence)]
            groups[0] = holders
        if target is not None and target.name in {h.name for g in groups for h in g}:
            continue
        joint = unnamed or len(groups) > 1 or each or bool(_JOINT.search(view.text))
        share = " ".join(match.group("share").split())
        if target is not None:
            if (
                not joint
                and len(holders) == 1
                and _share_value(share) >= 50
                and verb.startswith(("own", "hold", "control"))
            ):
                made = claim(view, _company(holders[0]), "hasSubsidiary", _company(target), verb_at, confidence=0.7)
                yield pending(view, made)
            else:
                majority = _share_value(share) > 50 and verb.startswith(("own", "hold", "control"))
                for group, held in zip(groups, shares, strict=True):
                    for holder in group:
                        later_majority = (
                            group is not holders
                            and len(group) == 1
                            and bool(held)
                            and any(c.isdigit() for c in held or "")
                            and _share_value(held or "") > 50
                        )
                        if (majority and group is holders and len(holders) == 1) or later_majority:
                            # "Orrin Motors holds 51% of the venture and Lanyu Auto the other 49%": the venture is the
                            # majority holder's subsidiary, the rest a stake ("holds 25% of X, where F owns the
                            # remaining 75%": F's)
                            made = claim(
                                view, _company(holder), "hasSubsidiary", _company(target), verb_at, confidence=0.7
                            )
                            yield pending(view, made)
                        elif holder.origin != "anaphor" or group is holders:
                            yield pending(
                                view,
                                claim(
                                    view,
                                    _company(holder),
                                    "investsIn",
                                    _company(target),
                                    verb_at,
                                    qualifiers=(*dated(view, "date"), *((("share", held),) if held else ())),
                                    confidence=0.7,
                                ),
                            )
        if len(groups) > 1 and (target is None or re.search(r"\bpartners?\b", view.text[match.end() : end])):
            for later in groups[1:]:
                yield from _partners(view, holders, later, match.start())
        elif len(holders) > 1 and (venture or _PARTNER.search(view.text, holders[0].end, holders[-1].start)):
            yield from _partners(view, [h for h in holders if h.origin != "anaphor"], [], match.start())


def _holder_before(view: View, pos: int) -> Mention | None:
    """The owner right before the verb: a name or "it"/"they", maybe with an aside between."""
    asides = view.appositions()
    before = [
        m for m in view.mentions if m.end <= pos and m.type in _OWNERS and not any(s <= m.start < e for s, e in asides)
    ]
    if not before:
        return None
    last = before[-1]
    gap = view.text[last.end : pos]
    if re.fullmatch(
        r"\s*(?:,[^,;]{1,120}?,\s*|,\s+(?:which|that)\s*)?(?:(?:will|would|now|still|also|already|currently|together|jointly)\s*)*",
        gap,
    ):
        return last
    return None


def _each_of(view: View, pronoun: Mention) -> list[Mention]:
    """ "A and B launched X, a venture in which each holds 45%": "each" after "in which" is the clause's subjects."""
    if pronoun.surface.lower() not in ("it", "they") and not _GROUP_NOUN.search(pronoun.surface):
        return []
    return [pronoun]  # "in which the Chinese group holds 70%": the company the noun points to


_GROUP_NOUN = re.compile(r"\b(?:group|company|firm|carmaker|maker|conglomerate|parent)$", re.IGNORECASE)


def _held(view: View, match: re.Match[str]) -> tuple[Mention | None, bool, bool, int]:
    """What the share is of: (a name, whether it is a venture, whether the venture is unnamed, where it ends).

    A name may have describing words or "the venture," before it; "of the venture" or no object at all is an
    unnamed venture.
    """
    if not match.group("prep"):
        # "Wenling Brunei, a joint venture in which the group holds 70%": the venture the relative clause is of
        which = _VENTURE_IN_WHICH.search(view.text, 0, match.start())
        named = (
            next((m for m in view.mentions if m.end == which.start() and m.origin != "anaphor"), None)
            if which
            else None
        )
        if named is not None and named.type in _HELD:
            return named, True, False, match.end()
        return None, True, True, match.end()
    pos = match.start("rest") if match.group("rest") else match.end()
    venture = _UNNAMED_VENTURE.match(view.text, pos)
    if venture is not None:
        apposed = re.match(r"\s*,\s+", view.text[venture.end() :])
        named = view.at(venture.end() + apposed.end(), _HELD) if apposed else None
        if named is not None and named.origin != "anaphor" and not _MORE_SHARE.match(view.text, named.end):
            return named, True, False, named.end  # "of the venture, X," (not "of the venture, B another 40%")
        # "holds 51% of the venture": the venture the story named before, when "the venture" points to it
        told = next(
            (m for m in view.mentions if m.origin == "anaphor" and pos <= m.start < venture.end() and m.type in _HELD),
            None,
        )
        if told is not None:
            return told, True, False, venture.end()
        return None, True, True, venture.end()
    target = view.named_after(pos, _HELD, words=4)
    if (
        target is None
        or target.origin == "anaphor"
        or target.type in PLACES
        or _ASSET.match(view.text, target.end)
        or view.text.startswith(("'s", "\u2019s"), target.end)  # "60% of X's market": a share of something of X's
    ):
        return None, False, False, match.end()  # "39.6% of the Kamoa copper complex": an asset, not a company
    return target, False, False, target.end


_VENTURE_IN_WHICH = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:joint\s+)?(?:venture|company|unit)\s+in\s+which\s+[^,;]{0,60}$"
)
_ASSET = re.compile(
    r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:mines?|complex|projects?|fields?|deposits?|plants?|factory|refinery|smelter|"
    r"concessions?|blocks?|licen[cs]es?|sites?|assets?|terminals?|ports?|farms?|parks?)\b"
)


_IN_WHICH_EACH = re.compile(
    rf",?\s+in\s+which\s+each\s+(?:will\s+)?(?:holds?|owns?|has|have|takes?)\s+(?:a\s+)?{_APPROX}(?P<share>{_SHARE})",
    re.IGNORECASE,
)


@triggered_by("in which each")
def each_in_which(view: View) -> Iterator[Claim]:
    """ "A and B launched X, an engine venture in which each holds 45%": each subject invests in X."""
    for match in _IN_WHICH_EACH.finditer(view.text):
        venture_noun = _VENTURE.search(view.text, max(0, match.start() - 60), match.start())
        if venture_noun is None:
            continue
        named = _NAME_BEFORE.search(view.text, max(0, venture_noun.start() - 30), venture_noun.start())
        venture = _name_ending_at(view, named.start()) if named else None
        if venture is None:
            continue
        _, owners, _ = _founders(view, venture, venture_noun)
        if not owners:
            continue
        yield from _invests(view, owners, venture, match.start(), match.group("share"))
        end = match.end()
        while (more := _MORE.match(view.text, end)) is not None:
            # "... in which each holds 45% and C the remaining 10%": C invests too
            listed = _listed_after(view, more.end())
            rest = _MORE_SHARE.match(view.text, listed[-1].end) if listed else None
            if rest is None:
                break
            yield from _invests(view, listed, venture, match.start(), rest.group("share") or "")
            end = rest.end()


# --- shareholders -------------------------------------------------------------------------------------------

_RANK = (
    r"(?:(?:single|second|third|fourth|second-|third-)?\s*(?:largest|biggest|main|major|key|top|leading|strategic|"
    r"anchor|cornerstone|minority|principal|dominant|core)\s+|second-largest\s+|second-biggest\s+|third-largest\s+)*"
)
#: "B's largest shareholder, A" / "B's biggest shareholder is A" / "A, B's largest shareholder".
_POSSESSED_SHAREHOLDER = re.compile(
    rf"(?:'s|\u2019s|'|\u2019)\s+{_RANK}(?:share|stock)holders?\b(?P<is>\s*,\s*(?:is\s+)?|\s+(?:is|was|remains|became)\s+)?",
    re.IGNORECASE,
)
#: "A is one of the biggest shareholders in B", "A, the largest shareholder of B".
_SHAREHOLDER_OF = re.compile(
    rf"(?:\s*,\s*|\s+(?:is|was|are|were|became|becomes|become|remains|remain|will\s+become|is\s+to\s+become|"
    rf"would\s+become|as|stays|stay)\s+)(?:(?:also|now|still)\s+)?(?:one\s+of\s+)?(?:the|a|an)\s+{_RANK}"
    r"(?:share|stock)holders?\s+(?:in|of)\s+",
    re.IGNORECASE,
)
#: "counts A as its largest shareholder", "A, its largest shareholder", "A is its biggest shareholder".
_ITS_SHAREHOLDER = re.compile(
    rf"(?:\s+as|\s*,|\s+(?:is|was|remains|became))\s+(?P<its>its|their)\s+{_RANK}(?:share|stock)holders?\b",
    re.IGNORECASE,
)
#: "Kuaishou and Hillhouse are also shareholders.": the holders, of the company the story is about.
_ARE_SHAREHOLDERS = re.compile(
    rf"\s+(?:is|are|was|were|remain|remains|became|become)\s+(?:also\s+|now\s+|still\s+|among\s+)?(?:the\s+|a\s+|an\s+)?"
    rf"{_RANK}(?:share|stock)holders?\b(?!\s+(?:in|of)\b)",
    re.IGNORECASE,
)
_CONTROLLING = re.compile(r"\bcontrolling\b", re.IGNORECASE)


@triggered_by("shareholder", "shareholders", "stockholder", "stockholders")
def shareholders(view: View) -> Iterator[Claim]:
    """A company called another's shareholder invests in it (a controlling one has it)."""
    names = _names(view, _OWNERS)
    for match in _POSSESSED_SHAREHOLDER.finditer(view.text):
        held = _name_ending_at(view, match.start())
        if held is None:
            continue
        holder = None
        if match.group("is"):
            holder = view.named_after(match.end(), _OWNERS, words=3)  # "B's largest shareholder, A" / "... is A"
        if holder is None:  # "A, B's largest shareholder"
            holder = next((m for m in reversed(names) if m.end <= held.start), None)
            if holder is not None and not re.fullmatch(r"\s*,\s+", view.text[holder.end : held.start]):
                holder = None
        yield from _holder_claim(view, holder, held, match)
    for match in _SHAREHOLDER_OF.finditer(view.text):
        holder = _name_ending_at(view, match.start(), _OWNERS)
        held = view.named_after(match.end(), _HELD, words=4)
        yield from _holder_claim(view, holder, held, match)
    for match in _ARE_SHAREHOLDERS.finditer(view.text):
        holder = _name_ending_at(view, match.start(), _OWNERS)
        story = view.main or view.focus  # "... and Kuaishou and Hillhouse are also shareholders": the story's company
        if holder is not None and story is not None and story.type in ("Company", UNTYPED):
            held = Mention(0, 0, story.name, "Company", story.surface, "anaphor", 0.6 * story.confidence)
            yield from _holder_claim(view, holder, held, match)
    for match in _ITS_SHAREHOLDER.finditer(view.text):
        holder = _name_ending_at(view, match.start(), _OWNERS)
        its = next((m for m in view.mentions if m.start == match.start("its") and m.origin == "anaphor"), None)
        yield from _holder_claim(view, holder, its, match)


def _holder_claim(view: View, holder: Mention | None, held: Mention | None, match: re.Match[str]) -> Iterator[Claim]:
    if holder is None or held is None or holder.name == held.name or held.type in PLACES or holder.type in PLACES:
        return
    relation = "hasSubsidiary" if _CONTROLLING.search(match.group()) else "investsIn"
    made = claim(view, _company(holder), relation, _company(held), match.end(), confidence=0.7)
    if dict(made.qualifiers).get("status") == "planned" and _DEAL.search(view.text):
        # "is to become one of its biggest shareholders under a capital increase": an agreed deal, not yet closed
        made = replaced_status(made, "pending")
    yield pending(view, made)


_DEAL = re.compile(
    r"\b(?:capital\s+increase|share\s+issues?|rights\s+issue|placement|deal|agreement|transaction|offer)\b",
    re.IGNORECASE,
)


#: "A's 18% stake in B", "A's holding in B".
_POSSESSED_STAKE = re.compile(
    rf"(?:'s|\u2019s)\s+(?:{_APPROX}(?P<share>{_PCT})\s+|(?:small|minority|sizeable|large|remaining)\s+)?"
    r"(?:stake|holding|shareholding|interest)\s+in\s+",
    re.IGNORECASE,
)
_BOUGHT_INTO = re.compile(r"\b(?:bought|buys|buy|buying)\s+into\s+", re.IGNORECASE)


@triggered_by("stake", "holding", "shareholding", "interest", "into")
def stakes_held(view: View) -> Iterator[Claim]:
    """ "A's 18% stake in B", "A first bought into B in 2010": A invests in B."""
    for match in _POSSESSED_STAKE.finditer(view.text):
        holder = _name_ending_at(view, match.start(), _OWNERS)
        held = view.named_after(match.end(), _HELD, words=4)
        share = match.group("share")
        if holder is None or held is None or holder.name == held.name or held.type in PLACES:
            continue
        if share and _share_value(share) >= 50:
            continue
        qualifiers = (("share", " ".join(share.split())),) if share else ()
        yield claim(
            view, _company(holder), "investsIn", _company(held), match.start(), qualifiers=qualifiers, confidence=0.7
        )
    for match in _BOUGHT_INTO.finditer(view.text):
        held = view.at(match.end(), _HELD)
        holder = view.subject_before(match.start(), _OWNERS)
        if holder is None or held is None or holder.name == held.name:
            continue
        yield claim(view, _company(holder), "investsIn", _company(held), match.start(), qualifiers=dated(view, "date"))


#: "40% owned by A", "majority-owned by A", "is 50-50 owned by A and B".
_OWNED_BY_SHARE = re.compile(
    rf"\b(?:(?P<share>{_PCT})|(?P<size>majority|minority|wholly|jointly|equally|50-50|fifty-fifty))[\s-]owned\s+by\s+",
    re.IGNORECASE,
)
_OWNED_SIZE_AFTER = re.compile(r"\bowned\s+(?P<size>50-50|fifty-fifty|equally|jointly)\s+by\s+", re.IGNORECASE)


#: Anaphors that point to the company in focus whatever else the story names: "The firm is 60% owned by X".
_COMPANY_ANAPHORS = frozenset(("it", "the company", "the firm", "the group"))


@triggered_by("owned")
def owned_by(view: View) -> Iterator[Claim]:
    """ "B is 40% owned by A" (an investment), "B is majority-owned by A" (a subsidiary), "the venture is owned
    50-50 by A and B" (partners, each invests in B when B is named)."""
    for match in (*_OWNED_BY_SHARE.finditer(view.text), *_OWNED_SIZE_AFTER.finditer(view.text)):
        owners = _listed_after(view, match.end())
        if not owners:
            continue
        size = (match.group("size") or "").lower() if "size" in match.groupdict() else ""
        share = match.groupdict().get("share")
        subject = view.subject_before(match.start(), _HELD)
        if subject is not None and (
            (subject.origin == "anaphor" and subject.surface.lower() not in _COMPANY_ANAPHORS) or subject.type in PLACES
        ):
            subject = None  # "the venture is owned 50-50 by ...": which venture, the words before do not say
        if size in ("jointly", "equally", "50-50", "fifty-fifty"):
            if len(owners) > 1:
                yield from _partners(view, owners, [], match.start())
                yield from _invests(view, owners, subject, match.start(), "50%" if len(owners) == 2 else "")
            continue
        if subject is None or len(owners) != 1 or owners[0].name == subject.name:
            continue
        if size == "wholly":
            continue  # read with the unit nouns
        control = size == "majority" or (share is not None and _share_value(share) >= 50)
        relation = "hasSubsidiary" if control else "investsIn"
        qualifiers = (("share", " ".join(share.split())),) if share and not control else ()
        yield claim(
            view, _company(owners[0]), relation, _company(subject), match.start(), qualifiers=qualifiers, confidence=0.7
        )


# --- units a stake is held through ----------------------------------------------------------------------------

_THROUGH_UNIT = re.compile(
    r"\b(?:through|via)\s+(?P<its>its|their)\s+(?:[\w-]+\s+){0,3}?(?:subsidiary|unit|arm|business|division|affiliate|"
    r"holding\s+company|vehicle)\s+",
    re.IGNORECASE,
)


#: "its chip design arm X", "their Dutch subsidiary X": a unit named right after its noun, no comma between.
_ITS_UNIT_NAMED = re.compile(
    r"\b(?P<its>its|their)\s+(?:[\w-]+\s+){0,3}?(?:subsidiary|unit|arm|division|affiliate)\s+(?=[A-Z])",
    re.IGNORECASE,
)


@triggered_by("through", "via", "subsidiary", "unit", "arm", "division", "affiliate")
def through_unit(view: View) -> Iterator[Claim]:
    """ "Through its subsidiary X, A owns ...", "A, through its battery business X, holds ...", "its chip design
    arm X": A (or the company "its" stands for) has X."""
    for match in _ITS_UNIT_NAMED.finditer(view.text):
        unit = view.at(match.end(), ("Company", "Product", "Brand", UNTYPED))
        if unit is not None and unit.type in ("Product", "Brand"):
            if unit.origin == "known":
                continue
            unit = unit.typed("Company")  # "its chip design arm X": a unit, whatever its name looked like
        its = next((m for m in view.mentions if m.start == match.start("its") and m.origin == "anaphor"), None)
        if unit is None or unit.origin == "anaphor" or its is None or its.type not in ("Company", UNTYPED):
            continue
        if re.match(r"\s*,", view.text[unit.end :]) and _THROUGH_UNIT.search(view.text, match.start() - 9, match.end()):
            continue  # "Through its subsidiary X, A ...": the owner is A, read below
        if its.name != unit.name:
            yield claim(view, _company(its), "hasSubsidiary", _company(unit), match.start(), confidence=0.7)
    for match in _THROUGH_UNIT.finditer(view.text):
        unit = view.at(match.end(), ("Company", UNTYPED))
        if unit is None or unit.origin == "anaphor":
            continue
        after = re.match(r"\s*,\s*", view.text[unit.end :])
        if re.fullmatch(r"\s*", view.text[: match.start()]) and after:
            owner = view.at(unit.end + after.end(), ("Company", UNTYPED))  # fronted: the subject after it
        elif re.search(r",\s*$", view.text[: match.start()]) and after:
            owner = _name_ending_at(view, view.text.rindex(",", 0, match.start()), ("Company", UNTYPED))
        else:
            owner = None
        if owner is None or owner.name == unit.name or owner.origin == "anaphor":
            continue
        yield claim(view, _company(owner), "hasSubsidiary", _company(unit), match.start(), confidence=0.7)


PATTERNS = (described_ventures, holdings, each_in_which, shareholders, stakes_held, owned_by, through_unit)
