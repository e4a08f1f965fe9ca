"""Units a company owns: hasSubsidiary from a unit noun beside a name.

- "Y, the Hong Kong-listed unit, ...", "Y, the Madrid-based sales arm": a unit of the company the story is about;
- "Y, a wholly owned subsidiary of X", "Y, a unit of X": X has Y;
- "set up Y, a wholly owned subsidiary, in Z": the clause's company has Y;
- "is run by a subsidiary, Y", "its sales arm, Y": the company in the clause or story has Y;
- "through its Y arm": the company "its" stands for has Y.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.mentions import UNTYPED, Mention
from kg.extract.relations.claims import claim, plain, triggered_by
from kg.extract.relations.presence import actor
from kg.extract.view import PLACES, Claim, View

_UNIT_NOUN = r"(?:subsidiary|unit|arm|division|affiliate)"
#: The words a unit noun may carry: "wholly owned", "Hong Kong-listed", "Amsterdam-based sales", "European".
_UNIT_WORDS = r"(?:(?:wholly[\s-]owned|majority[\s-]owned|[A-Z][\w.&'-]*|[\w-]+-(?:listed|based|registered))\s+){0,4}"
_UNIT_KIND = r"(?:(?:sales|storage|manufacturing|local|overseas|international|european|us|u\.s\.|software|retail|"
_UNIT_KIND += r"financing|finance|trading|operating|investment|logistics|research|service|services)\s+)?"
#: "Y, the Hong Kong-listed unit" / "Y, a wholly owned subsidiary of X".
_APPOSED = re.compile(
    rf",\s+(?P<article>the|a|an)\s+{_UNIT_WORDS}{_UNIT_KIND}{_UNIT_NOUN}\b(?P<of>\s+of\s+(?:the\s+)?)?"
)
#: "run by a subsidiary, Y", "its sales arm, Y".
_UNIT_THEN_NAME = re.compile(
    # "under a new unit, Fosun Fashion Group": a unit still to be formed, named
    # "through a newly formed local unit, Hengrui Maroc": a unit just formed, named
    rf"\b(?P<det>a|its|their)\s+(?:new\s+|(?P<formed>(?:newly|recently)\s+(?:formed|created|established|incorporated|"
    r"registered|set[\s-]up))\s+)?"
    rf"{_UNIT_WORDS}{_UNIT_KIND}{_UNIT_NOUN},\s+(?:called\s+|named\s+)?"
)
#: "through its Y arm": a name between the possessive and the unit noun.
_ITS_NAMED_UNIT = re.compile(rf"\s+{_UNIT_KIND}{_UNIT_NOUN}\b(?!\s+of\b)")
_UNITS = ("Company", UNTYPED)
#: "its real assets arm Ravel Partners": a few describing words, the unit noun, then the unit's name.
_ITS_UNIT_THEN_NAME = re.compile(rf"\b(?:its|their)\s+(?:[\w-]+\s+){{0,3}}?{_UNIT_NOUN}\s+(?=[A-Z])")
#: "<owner>'s international commerce unit, which includes A, B and C": the units the owner's unit holds.
_UNIT_INCLUDES = re.compile(
    rf"(?:'s|\u2019s|')\s+(?:[\w-]+\s+){{0,3}}?(?:{_UNIT_NOUN}|business|businesses),\s+which\s+(?:includes|included|"
    r"comprises|comprised|spans|runs|owns)\s+(?:the\s+)?"
)
_BELONGS_TO = re.compile(r"\s+(?:now\s+|also\s+|still\s+)?(?:belongs|belonged)\s+to\s+")
#: "Y, a joint venture with Z": Y is run by the company the clause is about.
_VENTURE = re.compile(r",\s+(?:a|its|the)\s+(?:[\w-]+\s+)?joint\s+venture\s+(?:with|between)\s+")


def _main_company(view: View) -> Mention | None:
    main = view.main or view.focus
    if main is None or main.type not in ("Company", UNTYPED):
        return None
    return Mention(0, 0, main.name, "Company", main.surface, "anaphor", 0.6 * main.confidence)


_GENERIC_NAME_WORDS = frozenset(
    "group holding holdings company co corp corporation inc ltd limited international global technology "
    "technologies industries industry the of and".split()
)


def _shares_name(owner: str, unit: str) -> bool:
    """Whether a unit bears a distinctive word of its owner's name ("Geely Automobile Holdings" of "Zhejiang Geely
    Holding Group")."""
    words = {w.lower() for w in re.findall(r"[\w&.-]+", owner)} - _GENERIC_NAME_WORDS
    return any(w.lower() in words for w in re.findall(r"[\w&.-]+", unit))


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


def _made(view: View, owner: Mention | None, unit: Mention | None, pos: int) -> Iterator[Claim]:
    if owner is None or unit is None or owner.type not in ("Company", UNTYPED) or unit.type not in _UNITS:
        return
    if owner.name == unit.name or unit.origin == "anaphor" or unit.type in PLACES:
        return
    yield claim(view, _company(owner), "hasSubsidiary", _company(unit), pos, confidence=0.7)


@triggered_by("subsidiary", "unit", "arm", "division", "affiliate", "joint venture")
def units(view: View) -> Iterator[Claim]:
    """Units named beside a unit noun (see the module's docstring)."""
    for match in _APPOSED.finditer(view.text):
        unit = next((m for m in reversed(view.mentions) if m.end <= match.start()), None)
        if unit is None or unit.end != match.start():
            continue
        if match.group("of"):
            owner = view.at(match.end(), ("Company", "Organization", UNTYPED)) or view.named_after(
                match.end(), ("Company", "Organization", UNTYPED), words=3
            )
            if owner is not None and owner.origin == "anaphor":
                owner = None  # "a unit of its rival": whose, this does not say
            if owner is not None and owner.type == "Organization":
                owner = owner.typed("Company")
        elif inside := [
            m
            for m in view.between(match.start(), match.end())
            if m.type in ("Company", UNTYPED) and m.origin != "anaphor"  # "the local subsidiary" points back itself
        ]:
            owner = inside[0]  # "Y, a ByteDance subsidiary": the name before the unit noun
        elif match.group("article") == "the":
            # "Y, the Hong Kong-listed unit": the story's company, when the unit bears its name
            owner = _main_company(view)
            if owner is not None and not _shares_name(owner.name, unit.name):
                owner = None
        else:
            # "set up Y, a wholly owned subsidiary, in Z": the clause's company
            owner = view.subject_before(unit.start, ("Company", UNTYPED))
        yield from _made(view, owner, unit, match.start())
    for match in _UNIT_THEN_NAME.finditer(view.text):
        unit = view.at(match.end(), _UNITS)
        if match.group("det") == "a":
            owner = (
                view.subject_before(match.start(), ("Company", UNTYPED))
                # "the site, which will be run by a new subsidiary, Y": the sentence's company, not the site
                or actor(view, match.start(), ("Company", UNTYPED))
                or _main_company(view)
            )
            if owner is not None and owner.origin == "anaphor":
                # "Haolin plans to move its brands into a new unit, X": the clause's subject, whose verb plans it
                owner = next((m for m in view.mentions if m.name == owner.name and m.end <= owner.start), owner)
        else:
            owner = next((m for m in view.mentions if m.start == match.start() and m.origin == "anaphor"), None)
            owner = owner or view.subject_before(match.start(), ("Company", UNTYPED))
        # "will hold the project through a newly formed unit, X": the unit exists, whatever the clause plans
        yield from (plain(c) if match.group("formed") else c for c in _made(view, owner, unit, match.start()))
    for match in _VENTURE.finditer(view.text):
        unit = next((m for m in reversed(view.mentions) if m.end <= match.start()), None)
        if unit is None or unit.end != match.start():
            continue
        # "runs in Japan through Y, a joint venture with Z": the clause's company, not its partner Z
        owner = view.subject_before(unit.start, ("Company", UNTYPED))
        partners = {m.name for m in view.between(match.end(), match.end() + 60)}
        if owner is not None and owner.name not in partners and _shares_name(owner.name, unit.name):
            yield from _made(view, owner, unit, match.start())
    for pronoun in view.mentions:
        if pronoun.origin != "anaphor" or pronoun.surface.lower() not in ("its", "their"):
            continue
        unit = view.at(pronoun.end + 1, _UNITS)
        if unit is not None and _ITS_NAMED_UNIT.match(view.text, unit.end):
            yield from _made(view, pronoun, unit, pronoun.start)
    for match in _ITS_UNIT_THEN_NAME.finditer(view.text):
        # "Hillstone and its real assets arm Ravel Partners": "its" is the name it follows, if no earlier one
        its = next((m for m in view.mentions if m.start == match.start() and m.origin == "anaphor"), None)
        before = [m for m in view.mentions if m.end <= match.start() and m.type in ("Company", UNTYPED)]
        owner = its or (before[-1] if before and before[-1].origin != "anaphor" else None)
        yield from _made(view, owner, view.at(match.end(), _UNITS), match.start())
    for match in _UNIT_INCLUDES.finditer(view.text):
        # "Kovo Group's international commerce unit, which includes Trendyx, Shopvia and Lazmo"
        owner = next((m for m in view.mentions if m.end == match.start() and m.origin != "anaphor"), None)
        for unit in view.listed_after(match.end(), _UNITS, within=0):
            yield from _made(view, owner, unit, match.start())


@triggered_by("belongs to", "belonged to")
def belongs_to(view: View) -> Iterator[Claim]:
    """ "Sanyo Renewable Energy, which listed in Shanghai in 2022, belongs to Sanyo Group": the owner has the unit."""
    for match in _BELONGS_TO.finditer(view.text):
        unit = view.subject_before(match.start(), _UNITS)
        owner = view.at(match.end(), ("Company", "Organization", UNTYPED))
        if unit is not None and owner is not None and owner.origin != "anaphor":
            yield from _made(
                view, owner.typed("Company") if owner.type == "Organization" else owner, unit, match.start()
            )


PATTERNS = (units, belongs_to)
