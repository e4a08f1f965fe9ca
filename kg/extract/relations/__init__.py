"""Relation patterns: one function per way a relation is written, grouped by subject matter.

Each pattern takes a :class:`~kg.extract.view.View` and yields
:class:`~kg.extract.view.Claim` objects.  The cue words live in
``data/cues.yaml``; the functions say where the subject and the objects sit
around them and which qualifiers the sentence gives.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from kg.extract.lexicon import cue, required_words
from kg.extract.mentions import Mention
from kg.extract.relations.claims import Pattern
from kg.extract.view import Claim, View

#: Every relation has a subject of one of these types; a sentence naming none holds no relation.
_ACTORS = ("Company", "Brand", "Product", "Organization", "")


def _trigger_words(sources: tuple[str | tuple[str, str], ...]) -> frozenset[str] | None:
    words: set[str] = set()
    for source in sources:
        found = required_words(cue(*source)) if isinstance(source, tuple) else frozenset([source])
        if found is None:
            return None
        words |= found
    return frozenset(words)


@functools.cache
def _dispatch() -> tuple[re.Pattern[str], dict[str, frozenset[int]], frozenset[int]]:
    """One scan of a sentence finds every trigger word in it, and so the patterns worth running.

    The scan looks at every word start (a lookahead, so triggers inside other
    triggers are found; cues match whole words, so nothing starts mid-word); a
    trigger that is a prefix of a longer one found at the same position counts too.
    """
    from kg.extract.gazetteer import trie_pattern

    table: dict[str, set[int]] = {}
    always: set[int] = set()
    for index, pattern in enumerate(patterns()):
        words = _trigger_words(getattr(pattern, "triggers", ()))
        if not words:
            always.add(index)
            continue
        for word in words:
            table.setdefault(word, set()).add(index)
    closed = {w: frozenset(i for v, ids in table.items() if w.startswith(v) for i in ids) for w in table}
    starts = r"(?:(?<![a-z])|(?=[^a-z]))"
    return re.compile(starts + "(?=(" + trie_pattern(table) + "))"), closed, frozenset(always)


@functools.cache
def patterns() -> tuple[Pattern, ...]:
    """Every relation pattern, in the order they run."""
    from kg.extract.relations import (
        channels,
        deal_phrases,
        deals,
        descriptors,
        frames,
        joint_ventures,
        markets,
        partnerships,
        presence,
        product_lists,
        products,
        segments,
        strategies,
        units,
    )

    return (
        *products.PATTERNS,
        *product_lists.PATTERNS,
        *segments.PATTERNS,
        *descriptors.PATTERNS,
        *markets.PATTERNS,
        *channels.PATTERNS,
        *strategies.PATTERNS,
        *deals.PATTERNS,
        *deal_phrases.PATTERNS,
        *presence.PATTERNS,
        *frames.PATTERNS,
        *partnerships.PATTERNS,
        *units.PATTERNS,
        *joint_ventures.PATTERNS,
    )


def read(view: View) -> list[Claim]:
    """Every claim the patterns read in one sentence; patterns whose words it lacks are not run.

    A sentence that names no actor may still speak of the company in focus ("the worldwide TV maker ...").
    """
    if view.focus is None and view.main is None and not any(m.type in _ACTORS for m in view.mentions):
        return []
    scan, table, always = _dispatch()
    wanted = set(always)
    for found in scan.finditer(view.lower):
        wanted |= table[found.group(1)]
    run = patterns()
    from kg.extract.relations.channels import reseller_roles, signed_are_entries
    from kg.extract.relations.deal_phrases import kept_apart
    from kg.extract.relations.deals import bought_outright, sized_stakes
    from kg.extract.relations.presence import running_or_building
    from kg.extract.relations.segments import list_heads, names_business, placeless, rivals

    claims = placeless(rivals(coordinated([c for index in sorted(wanted) for c in run[index](view)], view), view))
    claims = [
        c
        for c in claims
        # no company buys, partners or invests in itself, whichever pattern read it so
        if c.subject.name != c.object.name
        and (c.relation != "competesIn" or names_business(c.object.name))
        and not (c.relation in _GOODS_RELATIONS and _not_goods(c.object, view))
    ]
    claims = signed_are_entries(reseller_roles(running_or_building(list_heads(claims, view), view), view), view)
    return kept_apart(bought_outright(sized_stakes(claims, view), view), view)


_GOODS_RELATIONS = frozenset(("develops", "launches"))
#: A describing word, not a product's name: "Android-based", "Cantonese-style".
_ADJECTIVE_NAME = re.compile(r"[\w-]+-(?:based|style|made|owned|backed|listed|run|driven|powered)")


def _not_goods(obj: Mention, view: View) -> bool:
    """Whether a name read as goods is a describing word or the owner of the goods named after it ("games such as
    Garena's Free Fire": Garena owns Free Fire, it is no game)."""
    if _ADJECTIVE_NAME.fullmatch(obj.name.split()[-1]):
        return True
    return obj.end > 0 and view.text.startswith(("'s ", "\u2019s "), obj.end)


#: What joins the subjects of one verb: "A and B", "A, B and C", "A as well as B" (", a battery company," between).
_COORDINATION = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:the\s+)?"
    # "A, the Hefei-based battery maker, and Slovak start-up B will build ...": B described before its name
    r"(?:(?:[A-Z][a-z]+\s+)?(?:[\w-]+\s+){0,2}?(?:start-?up|company|firm|group|maker|carmaker|automaker|partner|"
    r"utility|producer|developer|operator|supplier|conglomerate)\s+)?$"
)
_AND = re.compile(r"\b(?:and|as\s+well\s+as)\b")
_ORGANISATIONS = frozenset(("Company", "Brand", "Organization", ""))
#: Before a list of subjects: nothing, a comma (and a word opening a clause: ", where A and B dominate ..."), or up
#: to three capitalised words ("This year, China's A, ..."),
#: maybe with the noun they share ("Mingcha's rivals A and B").
_OPENING_WORDS = re.compile(
    r"(?:^|,)\s*(?:(?:where|while|whereas|though|although|but|and)\s+)?(?:[A-Z][\w'-]*\s+){0,3}"
    r"(?:(?:rivals|peers|competitors|brands|makers|chains)\s+)?$"
)
_GOVERNED_LIST = re.compile(
    # ", and A and B are ...": a clause of its own after the comma, not a list governed by "and"
    r"\b(?:of|with|by|from|to|for|in|at|on|through|via|across|besides|beside|unlike|despite|after|before|"
    r"over|under|among|against|alongside|beyond|including|such\s+as|like|(?<!,\s)and)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: A relative clause that a list shares: "A and B, which between them / together / both / all ...", or whose verb
#: is plural ("A and B, which run ..."); "A and B, which runs ..." is B's alone.
_SHARED_RELATIVE = re.compile(
    r",\s+(?:(?:both|all|each)\s+of\s+(?:which|whom)\b|(?:which|who)\s+(?:between\s+them|together|both|all|each|jointly|"
    r"(?=(?:are|were|have|run|operate|hold|sell|"
    r"account|control|dominate|make|own|serve)\b)))",
    re.IGNORECASE,
)
_SUBJECT_RELATIONS = frozenset(("expandsInto", "operatesIn", "competesIn", "investsIn", "locatedIn", "sellsThrough"))


def coordinated(claims: list[Claim], view: View) -> list[Claim]:
    """A claim whose subject closes a list of coordinated subjects holds for each of them.

    "Orbis Pay, a payments start-up, and Lantern Bank will enter Kenya together": the patterns find the subject
    nearest the verb; the names coordinated before it share the verb.
    """
    out = list(claims)
    for c in claims:
        if c.relation not in _SUBJECT_RELATIONS or c.subject.origin == "anaphor" or c.subject.end == 0:
            continue
        for earlier in _coordinated_before(view, c.subject):
            out.append(replace(c, subject=earlier))
    return out


def _coordinated_before(view: View, last: Mention) -> list[Mention]:
    """The names listed before ``last`` as subjects of the same clause, nearest last."""
    aside = view.appositions()
    listed: list[Mention] = []
    current = last
    joined: list[bool] = []  # whether each gap, from the last name back, has "and" (or "as well as") in it
    for m in reversed([m for m in view.mentions if m.end <= last.start]):
        if any(s < m.start < e for s, e in aside):
            continue  # "A, the Hefei-based carmaker, and B": the apposition's own words name no one else
        if (m.type != last.type and {m.type, last.type} - _ORGANISATIONS) or m.origin == "anaphor":
            break
        gap_start = next((e for s, e in aside if s == m.end and e <= current.start), m.end)
        gap = _COORDINATION.fullmatch(view.text, gap_start, current.start)
        if not gap:
            break
        joined.append(bool(_AND.search(gap.group())))
        if joined[-1] and len(joined) > 1 and not joined[0]:
            return []  # "Unlike A and B, C assembles ...": a list closes at its "and", so C is a clause of its own
        listed.append(m)
        current = m
    if not listed:
        return []
    first = listed[-1]
    if _SHARED_RELATIVE.match(view.text, last.end):
        return listed  # "squeezes A and B, which together hold a third of sales": the relative clause is theirs
    # the list is the clause's subject: it opens the sentence or follows an opening phrase, nothing governs it
    opening = view.text[: first.start]
    if opening.strip() and not _OPENING_WORDS.search(opening):
        return []
    return [] if _GOVERNED_LIST.search(opening) else listed
