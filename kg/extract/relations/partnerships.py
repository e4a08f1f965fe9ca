"""Partnerships told around the deal rather than with a partnership word (``partnersWith``).

- rights to a drug or title passed on: "granted B the rights to ...", "sold the overseas rights to its drug to B",
  "B gains exclusive rights to A's pill" (licensor and licensee);
- work done on another company's goods: "B will assemble A's pickups", "A's handsets are assembled by B",
  "builds its cars with local partner B", "assembles the heat pumps for B";
- a partner named by its role: "A's Turkish partner B", "with local partner B", "Apple supplier B",
  "appointed B as its distributor", "runs the outlets of B as its franchisee", "with B acting as its agent";
- work done together: "together with B, A ...", "in collaboration with B", "is building a plant with B",
  "A combines its drug with B's", "A and B agreed to ...";
- customers and suppliers: "B and C will buy most of the plant's output", "the cells will go into B's trucks",
  "among its customers are B and C", "its clients range from B to C", "sells its sensors to B and C",
  "most of its cells come from B"; lenders: "B and C lent A $N".

Both sides are organisations: a person, a place or a product is never a partner, and a rival is not named by
any of these cues.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.lexicon import lower_regex
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.relations.claims import claim, plain, triggered_by
from kg.extract.relations.presence import actor, attributive
from kg.extract.view import Claim, View

#: What may be a partner: a company, an organisation (a league, a bank, an agency), a brand, or a name untyped.
_PARTIES = ("Company", "Organization", "Brand", UNTYPED)
_DOERS = ("Company", "Brand", "Organization")
_CONFIDENCE = 0.65
#: Where a clause ends for the readings below: a full stop, a semicolon, a colon, a dash or a closed relative.
_CLAUSE_END = re.compile(r"[.;:]\s|\s[-\u2013\u2014]\s|,\s+(?:which|who|while|whereas|but)\b")
#: The owner of goods written before them: "Zhenyu Auto's pickups", "its cells" (up to three describing words).
_POSSESSED = re.compile(r"(?:'s?|\u2019s?)?(?:\s+[\w-]+){0,4}\s*$")
_NEW_CLAUSE = re.compile(r",\s+(?:and|but|while)\s+(?:a|an|the|its|their|this|that)\s", re.IGNORECASE)
_SPEAKER_BEFORE = re.compile(r",\s*(?:the\s+)?$", re.IGNORECASE)
_SPEAKER = re.compile(r"\s+(?:said|says|announced|added|confirmed|reported|explained)\b")


def _same(a: str, b: str) -> bool:
    """ "Sungrow" and "Sungrow Power Supply": one company under a short and a full name."""
    short, full = sorted((a.lower(), b.lower()), key=len)
    return full == short or full.startswith(short + " ")


def _company(m: Mention) -> Mention:
    return m.typed("Company") if m.type == UNTYPED else m


def _partner(
    view: View, a: Mention | None, b: Mention | None, cue_start: int, *, planned: bool = False
) -> Iterator[Claim]:
    if a is None or b is None or a.type not in _PARTIES or b.type not in _PARTIES or _same(a.name, b.name):
        return
    if b.origin == "anaphor" and b.end > 0:
        return  # "settled a dispute with it": what "it" stands for is read elsewhere
    # "will assemble its pickups from next year": the partnership is stated, what it delivers is to come (unless
    # what the partners make together is itself still to come: ``planned``)
    made = claim(view, _company(a), "partnersWith", _company(b), cue_start, confidence=_CONFIDENCE)
    yield made if planned else plain(made)


def _clause_stop(view: View, pos: int, end: int | None = None) -> int:
    """Where the clause from ``pos`` ends (before ``end``, else the sentence's end); "Merck & Co." ends none."""
    stop = len(view.text) if end is None else end
    for found in _CLAUSE_END.finditer(view.text, pos, stop):
        if not any(m.start <= found.start() < m.end for m in view.mentions):
            return found.start()
    return stop


def _possessor(view: View, pos: int, floor: int = 0) -> Mention | None:
    """The company whose goods the words before ``pos`` name: "Zhenyu Auto's pickups", "its city cars"."""
    for m in reversed(view.mentions):
        if m.end > pos or m.start < floor or m.end == 0:
            continue
        gap = view.text[m.end : pos]
        if len(gap) > 60:
            return None
        if m.type in _PARTIES and _POSSESSED.fullmatch(gap):
            if m.origin == "anaphor" and m.surface.lower() not in ("its", "their"):
                return None
            if m.origin != "anaphor" and not gap.lstrip().startswith(("'", "\u2019")) and not gap.startswith("'"):
                return None
            return m
        return None
    return None


def _named_here(view: View, m: Mention | None) -> Mention | None:
    """``m`` if the sentence names it: "it" alone, read from sentences before, is too weak a giver of rights or
    owner of goods (of several companies in a story, "it" is often not the one that was named last)."""
    if m is None or m.origin != "anaphor":
        return m
    return m if any(n.name == m.name and n.origin != "anaphor" for n in view.mentions) else None


def _speaker(view: View, pos: int) -> Mention | None:
    """ ", Yinfeng Materials said": the company that tells what the clause before says."""
    for m in view.mentions:
        if (
            m.start >= pos
            and m.type in _PARTIES
            and m.origin != "anaphor"
            and _SPEAKER.match(view.text, m.end)
            and _SPEAKER_BEFORE.search(view.text, max(pos, m.start - 8), m.start)
        ):
            return m
    return None


def _doer(view: View, pos: int) -> Mention | None:
    """Who does what the words at ``pos`` say: the clause's company, else the speaker, else the one in focus."""
    here = view.subject_before(pos, _PARTIES)
    if here is not None and here.end > 0 and _NEW_CLAUSE.search(view.text, here.end, pos):
        return None  # "X went on sale, and a cheaper model is being developed with B": the model's, not X's
    return here or _speaker(view, pos) or actor(view, pos, _DOERS)


def _named(view: View, pos: int, words: int = 4) -> Mention | None:
    found = view.named_after(pos, _PARTIES, words=words)
    return found if found is not None and found.origin != "anaphor" else None


# --- rights passed on -------------------------------------------------------------------------------------------

_RIGHTS = re.compile(r"\brights\b")
_RECEIVED = lower_regex(
    r"\b(?:gains?|gained|gaining|wins?|won|obtains?|obtained|secures?|secured|receives?|received|gets?|got|"
    r"acquires?|acquired|buys?|bought|takes?|took|regains?|regained|in-licensed|holds?|held)\s+"
    r"(?:(?:the|its|exclusive|global|worldwide|full|commercial|marketing|sales|distribution|development|"
    r"overseas|international|regional|us|u\.s\.|european|[a-z]+-wide|certain)\s+){0,4}$"
)
_GIVEN = lower_regex(
    r"\b(?:grant(?:s|ed|ing)?|gave|gives?|giving|hand(?:s|ed|ing)?|offer(?:s|ed|ing)?|sold|sells?|selling|"
    r"licen[cs](?:e|es|ed|ing)|out-licen[cs](?:e|es|ed|ing)|transferr?(?:s|ed|ing)?|assign(?:s|ed|ing)?)\s+"
)
_OWNER_AFTER = re.compile(r"(?:'s?|\u2019s?)\s|\s+(?:developed|made|discovered|owned)\s+by\s|\s+from\s")


@triggered_by("rights")
def rights(view: View) -> Iterator[Claim]:
    """Rights to a drug, a title or a technology passed from one company to another: licensor and licensee."""
    for match in _RIGHTS.finditer(view.lower):
        start = max(0, match.start() - 90)
        stop = _clause_stop(view, match.end())
        received = _RECEIVED.search(view.lower, start, match.start())
        if received is not None and received.end() == match.start():
            taker = view.subject_before(received.start(), _PARTIES) or actor(view, received.start(), _DOERS)
            yield from _partner(
                view, _owner_after(view, match.end(), stop) or _focus(view, taker), taker, match.start()
            )
            continue
        given = None
        for found in _GIVEN.finditer(view.lower, start, match.start()):
            given = found
        if given is None or _clause_stop(view, given.end(), match.start()) < match.start():
            continue
        giver = _named_here(view, view.subject_before(given.start(), _PARTIES) or actor(view, given.start(), _DOERS))
        between = [m for m in view.mentions if given.end() <= m.start and m.end <= match.start() and m.type in _PARTIES]
        if between:  # "granted Belgian biotech Corvis Bio the rights to ..."
            taker = between[0] if len(view.text[given.end() : between[0].start].split()) <= 4 else None
            yield from _partner(view, giver, taker, given.start())
            continue
        # "sold the overseas rights to its anticoagulant to Pellow Therapeutics"
        for to in re.finditer(r"\bto\s+", view.text[:stop]):
            if to.start() < match.end() or view.text[match.end() : to.start()].strip() == "":
                continue
            taker = _named(view, to.end(), words=3)
            if taker is not None and taker.type != "Product":
                yield from _partner(view, giver, taker, given.start())
                break


#: "licensed its Claudin 18.2 antibody to US biotech B", "out-licensed the drug to B": a licence given, no "rights".
_LICENSED_TO = lower_regex(r"\b(?:out-)?licen[cs]ed\s+(?:its|their|the|a|an)\s+(?:[^,;.]|\.(?=\d)){1,80}?\s+to\s+")


@triggered_by("licensed", "licenced")
def licensed(view: View) -> Iterator[Claim]:
    """A drug or a technology licensed to another company: licensor and licensee are partners."""
    for match in _LICENSED_TO.finditer(view.lower):
        taker = _named(view, match.end(), words=3)
        if taker is None or taker.type == "Product":
            continue
        giver = _named_here(view, view.subject_before(match.start(), _PARTIES) or actor(view, match.start(), _DOERS))
        yield from _partner(view, giver, taker, match.start())


def _owner_after(view: View, pos: int, stop: int) -> Mention | None:
    """ "rights to Shenlan Medicine's pill", "rights to two drugs developed by Huaxin Bio", "rights from Novartis"."""
    for m in view.mentions:
        if m.start < pos or m.start >= stop or m.type not in _PARTIES or m.origin == "anaphor":
            continue
        if _OWNER_AFTER.match(view.text, m.end) and not view.text[m.end :].startswith(" from"):
            return m
        if re.search(r"\b(?:by|from)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", view.text[pos : m.start]):
            return m
    return None


def _focus(view: View, other: Mention | None) -> Mention | None:
    focus = view.focus or view.main
    if focus is None or other is None or focus.name == other.name or not view.focus_recent:
        return None
    return Mention(0, 0, focus.name, focus.type or "Company", focus.surface, "anaphor", 0.7 * focus.confidence)


# --- work done on another company's goods ---------------------------------------------------------------------------

_WORK = (
    r"assembl(?:e|es|ed|ing)|build|builds|building|built|make|makes|making|produc(?:e|es|ed|ing)|"
    r"manufactur(?:e|es|ed|ing)|bottl(?:e|es|ed|ing)|packag(?:e|es|ed|ing)|distribut(?:e|es|ed|ing)|"
    r"carr(?:y|ies|ied|ying)|ship|ships|shipped|shipping|deliver(?:s|ed|ing)?"
)
_WORK_ON = lower_regex(rf"\b(?:{_WORK})\s+(?:the\s+)?(?=\S)")
_NOT_GOODS = re.compile(
    r"(?:'s?|\u2019s?)\s+(?:[\w-]+\s+){0,2}?(?:stakes?|shares?|business|unit|division|arm|subsidiary|operations|"
    r"assets|brand|name|reputation|case|point|debut|mark|way|life|bid|offer|plans?|headquarters|rivals?)\b",
    re.IGNORECASE,
)
_WORKED_BY = lower_regex(
    r"\b(?:assembled|built|made|produced|manufactured|bottled|packaged|distributed|published|operated|run)\s+"
    r"(?:[\w-]+\s+){0,4}?by\s+"
)
_WORK_FOR = lower_regex(
    r"\b(?:assembl(?:e|es|ed|ing)|produc(?:e|es|ed|ing)|manufactur(?:e|es|ed|ing))\s+(?:[\w-]+\s+){0,4}?for\s+"
)
_GOODS_OWNED = re.compile(r"(?:'s?|\u2019s?)\s+")


@triggered_by("assembl", "build", "built", "mak", "made", "produc", "manufactur", "bottl", "packag", "distribut",
              "carr", "ship", "deliver", "published", "operated", "run")  # fmt: skip
def contract_work(view: View) -> Iterator[Claim]:
    """ "B will assemble A's pickups", "A's handsets are assembled by B", "A's games are published by B", "B
    assembles the heat pumps for A"."""
    for match in _WORK_ON.finditer(view.lower):
        owner = next((m for m in view.mentions if m.start == match.end()), None)
        if owner is None or owner.origin == "anaphor" or owner.type not in _PARTIES:
            continue
        if not _GOODS_OWNED.match(view.text, owner.end) or _NOT_GOODS.match(view.text, owner.end):
            continue
        worker = view.subject_before(match.start(), _PARTIES)
        if worker is not None and worker.origin != "anaphor":
            yield from _partner(view, owner, worker, match.start())
    for match in _WORKED_BY.finditer(view.lower):
        maker = _named(view, match.end(), words=3)
        owner = _possessor(view, _goods_start(view, match.start()))
        yield from _partner(view, owner, maker, match.start())
    for match in _WORK_FOR.finditer(view.lower):
        client = _named(view, match.end(), words=3)
        if client is None or client.type == "Product" or client.start - match.end() > 40:
            continue
        yield from _partner(view, _doer(view, match.start()), client, match.start())


_BEFORE_PASSIVE = re.compile(
    r"(?:\s+(?:for|in|from|sold|made|built|bound|destined)\s+[\w\s-]{0,30}?)?\s+(?:are|is|were|was|will\s+be|would\s+be|"
    r"to\s+be|can\s+be|could\s+be|may\s+be|have\s+been|has\s+been|being)\s+(?:now\s+|also\s+|still\s+|mostly\s+|largely\s+)?$"
)


def _goods_start(view: View, pos: int) -> int:
    """Where the goods' noun ends before a passive verb: "Zhuoyue Phones' handsets for Africa are assembled by"."""
    found = _BEFORE_PASSIVE.search(view.text, max(0, pos - 60), pos)
    if found is None or found.end() != pos:
        return -1
    head = view.text[: found.start()].rstrip()
    return len(head) if head else -1


# --- a partner named by its role ---------------------------------------------------------------------------------

_ROLE = (
    r"partners?|licensees?|licensors?|franchisees?|franchisors?|franchisers?|distributors?|importers?|assemblers?|"
    r"bottlers?|contract\s+manufacturers?|suppliers?|customers?|clients?|lenders?|sponsors?|allies|ally|agents?"
)
_ROLE_BEFORE_NAME = lower_regex(rf"\b(?:{_ROLE})\s+(?=\S)")
#: "X's local partner, B,", "its Thai distributor, B,": the role named first, its holder in an apposition.
_ROLE_APPOSED = lower_regex(
    r"(?:'s?|\u2019s?|\bits|\btheir|\bour|\b(?P<with>with)\s+(?:a|an))\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<role>partner|licensee|franchisee|distributor|importer|assembler|bottler|supplier|lender|sponsor|ally|agent|"
    r"customer|client|buyer)"
    # "Hengrui's partner on that filing, Elevar": what the partnership is for may stand before the name
    r"(?:\s+(?:on|in|for)\s+(?:[\w-]+\s+){0,3}?[\w-]+)?\s*,\s+"
)
_CLAUSE_CLOSE = re.compile(r"\s*(?:[.;:]|$)")
#: A name's noun and where it is, closing an apposition: " cooperative in Parana,", " group,".
_NAME_THEN_NOUN = re.compile(r"\s+[a-z][\w-]*(?:\s+(?:in|of|from)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?\s*,")
#: Words describing the holder before its name: "its largest customer, US sportswear company Ridgeline Athletics,".
_HOLDER_DESCRIBED = re.compile(r"(?:(?:the\s+|a\s+|an\s+)?[\w&.-]+\s+){1,4}?")
#: "The anchor customer is Harbor & Pine", "our largest buyer in the US is Northgate Sports": the role first, then
#: who holds it (the owner: a possessive, "its"/"our", or the company in focus after "the").
_ROLE_IS = lower_regex(
    r"\b(?P<owner>its|their|our|the|(?:[\w&.-]+\s+){0,3}?[\w&.-]+(?:'s?|\u2019s?))\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<role>customer|client|buyer|partner|supplier|distributor)"
    r"(?:\s+(?:in|for|of|outside)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?"
    r"\s+(?:is|was|remains|remained|has\s+been|had\s+been)\s+(?:now\s+|still\s+|also\s+)?(?=\S)"
)
_ROLE_OWNER = re.compile(r"(?:'s?|\u2019s?)?\s+(?:[\w-]+\s+){0,3}$")
_WITH_ROLE = re.compile(r"\b(?:with|alongside|by)\s+(?:its\s+|their\s+|a\s+|the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_NOT_ROLE_OWNER = re.compile(r"\b(?:rivals?|competitors?|former|ex-|potential|possible|prospective)\b", re.IGNORECASE)
_IS_ROLE = lower_regex(
    r"(?:\b(?:is|was|remains|remained|became|becomes|(?:has|had|have)\s+become|(?:will|would)\s+be|"
    r"(?:has|had)\s+been)\s+(?:now\s+|still\s+|also\s+)?|"
    # "close to Lowe's, one of its largest customers", "B, its local partner,": an apposition that names the role
    # (without "one of", only an owner's possessive: a name, masked as x's, or "its")
    r",\s+(?:now\s+|still\s+|also\s+)?(?:(?:one\s+of\s+|among\s+)|"
    r"(?=(?:its|their|the\s+(?:company|group|firm)'s|x+(?:[\s-]+x+){0,3}'s?)\s)))(?=\S)"
    r"(?:its|their|the\s+(?:company|group|firm)'s|"
    rf"[^\s,.;]+(?:\s+[^\s,.;]+){{0,3}}?'s?)\s+(?:[\w-]+\s+){{0,3}}?(?:{_ROLE})\b"
)
_REPORTED = re.compile(r"\s+(?:said|says|added|noted|reported|expects|confirmed)(?:\s+that)?\s+", re.IGNORECASE)
#: Between a partner's name and "is": "Tsingshan, the park's developer, is X's partner" (an apposition), an adverb.
_BEFORE_COPULA = re.compile(r"\s*(?:,\s+(?:a|an|the)\s[^,;.]{1,60},\s*)?(?:(?:now|still|also|already|long|once)\s+)?")
_APPOINTED = lower_regex(
    r"\b(?:appoint(?:s|ed|ing)?|nam(?:e|es|ed|ing)|pick(?:s|ed|ing)?|chose|choos(?:e|es|ing)|select(?:s|ed|ing)?|"
    r"sign(?:s|ed|ing)?\s+up|hir(?:e|es|ed|ing)|tap(?:s|ped|ping)?|enlist(?:s|ed|ing)?)\s+"
)
_AS_ROLE = lower_regex(
    rf"\s*,?\s+(?:as|to\s+be)\s+(?:its|their|the\s+company's|the\s+group's|a|an|the)?\s*(?:[\w-]+\s+){{0,3}}?(?:{_ROLE})\b"
)
_AS_ROLE_OF = lower_regex(
    rf"\b(?:signed\s+on|signed\s+up|joined|serves|served|acts|acted|was\s+named|is\s+named|became|becomes)\s+as\s+"
    rf"(?:the\s+|an?\s+)?(?:[\w-]+\s+){{0,4}}?(?:{_ROLE})\s+(?:of|to|for)\s+"
)
_AS_ITS_ROLE = lower_regex(
    rf"\b(?:acting|serving|working|operating)?\s*\bas\s+(?:its|their)\s+(?:[\w-]+\s+){{0,2}}?(?:{_ROLE})\b"
)


@triggered_by("partner", "licens", "franchis", "distributor", "importer", "assembler", "bottler", "manufacturer",
              "supplier", "customer", "client", "buyer", "lender", "sponsor", "ally", "allies", "agent")  # fmt: skip
def roles(view: View) -> Iterator[Claim]:
    """ "A's Turkish partner B", "with local partner B", "appointed B as its distributor", "B acting as its agent"."""
    for match in _ROLE_BEFORE_NAME.finditer(view.lower):
        partner = next((m for m in view.mentions if m.start == match.end()), None)
        if partner is None or partner.origin == "anaphor" or partner.type not in _PARTIES:
            continue
        before = view.text[max(0, match.start() - 50) : match.start()]
        if _NOT_ROLE_OWNER.search(before[-25:]):
            continue
        owner = _role_owner(view, match.start())
        if owner is None and _WITH_ROLE.search(before):
            owner = _doer(view, match.start())
        yield from _partner(view, owner, partner, match.start())
    for match in _ROLE_APPOSED.finditer(view.lower):
        partner = next((m for m in view.mentions if m.start == match.end()), None)
        if (partner is None or partner.type not in _PARTIES) and match.group("role") in ("customer", "client", "buyer"):
            # "its largest customer, US sportswear company Ridgeline Athletics,": a described holder
            partner = next(
                (
                    m
                    for m in view.mentions
                    if m.start > match.end()
                    and m.type in _PARTIES
                    and _HOLDER_DESCRIBED.fullmatch(view.text, match.end(), m.start)
                ),
                None,
            )
        named_noun = None
        if partner is None and view.lower.startswith("the ", match.end()):
            # "Our partner, the Agrovia cooperative in Parana, lends ...": the holder named before its noun
            partner = next((m for m in view.mentions if m.start == match.end() + 4 and m.type in _PARTIES), None)
            named_noun = _NAME_THEN_NOUN.match(view.text, partner.end) if partner is not None else None
            partner = partner if named_noun is not None else None
        closed = view.text.startswith(",", partner.end) if partner is not None else False
        closed = closed or named_noun is not None
        if match.group("with") and partner is not None:
            # "an assembly plant with an Indonesian partner, PT Sinar Husada.": the name ends the clause
            closed = closed or _CLAUSE_CLOSE.match(view.text, partner.end) is not None
        if (
            partner is None
            or partner.origin == "anaphor"
            or partner.type not in _PARTIES
            or not closed
            or _NOT_ROLE_OWNER.search(view.text, max(0, match.start() - 25), match.end())
        ):
            continue  # "its partners, A and B" is a list; "X's partner, A, said" an apposition
        owner = (
            view.subject_before(match.start(), _PARTIES)
            if match.group("with")
            else _role_owner(view, match.start("role"))
        )
        yield from _partner(view, owner, partner, match.start())
    for match in _IS_ROLE.finditer(view.lower):
        # "Amgen remains its largest partner", "B had become the company's main supplier of turbines"; "close to
        # Lowe's, one of its largest customers": the name the apposition hangs on
        apposed = view.text.startswith(",", match.start())
        partner = (
            next((m for m in view.mentions if m.end == match.start() and m.type in _PARTIES), None)
            if apposed
            else view.subject_before(match.start(), _PARTIES)
        )
        if (
            partner is None
            or partner.origin == "anaphor"
            or not _BEFORE_COPULA.fullmatch(view.text, partner.end, match.start())
        ):
            continue
        owner = next(
            (m for m in view.mentions if match.start() < m.start < match.end() and m.type in _PARTIES),
            None,
        )
        if owner is not None and owner.origin == "anaphor" and owner.name == partner.name:
            # "its" read as the clause's subject says nothing: the reporter before ("A said B had become the
            # company's main supplier"), else the company in focus
            reporter = next(
                (
                    m
                    for m in reversed(view.mentions)
                    if m.end <= partner.start and m.origin != "anaphor" and m.type in _PARTIES
                    and _REPORTED.fullmatch(view.text, m.end, partner.start)
                ),
                None,
            )  # fmt: skip
            owner = reporter or _focus(view, partner)
        yield from _partner(view, owner, partner, match.start())
    for match in _ROLE_IS.finditer(view.lower):
        partner = next((m for m in view.mentions if m.start == match.end()), None)
        if partner is None or partner.origin == "anaphor" or partner.type not in _PARTIES:
            continue
        if match.group("owner") == "the":
            owner = _focus(view, partner)
        elif match.group("owner") in ("its", "their", "our"):
            owner = next(
                (m for m in view.mentions if m.start == match.start("owner") and m.origin == "anaphor"), None
            ) or _focus(view, partner)
        else:
            owner = _role_owner(view, match.end("owner"))
        yield from _partner(view, owner, partner, match.start())
    for match in _APPOINTED.finditer(view.lower):
        partner = _named(view, match.end(), words=3)
        if partner is None or not _AS_ROLE.match(view.lower, partner.end):
            continue
        yield from _partner(view, _doer(view, match.start()), partner, match.start())
    for match in _AS_ROLE_OF.finditer(view.lower):
        # "has signed on as official wearable technology partner of HYROX": the subject is the other's partner
        other = view.at(match.end(), _PARTIES)
        doer = _doer(view, match.start())
        if other is not None and other.origin != "anaphor" and doer is not None:
            yield from _partner(view, doer, other, match.start())
    for match in _AS_ITS_ROLE.finditer(view.lower):
        its = next((m for m in view.mentions if m.origin == "anaphor" and match.start() < m.start < match.end()), None)
        if match.group().lstrip().startswith(("acting", "serving", "working", "operating")):
            # "with British car retailer Inchcape acting as its agent"
            partner = next(
                (m for m in reversed(view.mentions) if m.end <= match.start() and m.origin != "anaphor"), None
            )
            if partner is None or view.text[partner.end : match.start()].strip():
                continue
            owner = its if its is not None and its.name != partner.name else _doer(view, partner.start)
            yield from _partner(view, owner, partner, match.start())
            continue
        # "runs the Indonesian outlets of Laowang Hotpot as its master franchisee": the company whose outlets
        doer = _doer(view, match.start())
        if doer is None:
            continue
        floor = doer.end if doer.end > 0 else 0
        named = [
            m
            for m in view.mentions
            if floor <= m.start and m.end <= match.start() and m.origin != "anaphor" and m.type in _PARTIES
        ]
        if named and _clause_stop(view, named[-1].end, match.start()) == match.start():
            yield from _partner(view, named[-1], doer, match.start())


def _role_owner(view: View, pos: int) -> Mention | None:
    """ "Kaili Scooters' Turkish partner", "its Thai partner", "Apple supplier": who the role is played for."""
    for m in reversed(view.mentions):
        if m.end > pos:
            continue
        gap = view.text[m.end : pos]
        if len(gap) > 45 or not _ROLE_OWNER.fullmatch(gap):
            return None
        if m.type not in _PARTIES:
            return None
        if m.origin == "anaphor":
            return m if m.surface.lower() in ("its", "their", "our") else None
        # a name right before the role or its possessive: "Apple supplier Foxconn", "Kaili Scooters' partner"
        if gap.startswith(("'", "\u2019")) or not gap.strip():
            return m
        return None
    return None


# --- work done together ----------------------------------------------------------------------------------------

_TOGETHER = lower_regex(
    r"\b(?:together|jointly|in\s+(?:collaboration|cooperation|co-operation|partnership|conjunction|tandem))\s+with\s+"
)
_AGREED_WITH = lower_regex(r"\b(?:agreed|agrees|agree)\s+with\s+")
_BUILT_WITH = lower_regex(
    r"\b(?:build|builds|building|built|construct(?:s|ed|ing)?|set(?:s|ting)?\s+up|co-develop(?:s|ed|ing)?)\s+"
    r"(?:[\w$.,%-]+\s+){0,7}?with\s+"
)
_COMBINED = lower_regex(
    r"\b(?:combin(?:e|es|ed|ing)|pair(?:s|ed|ing)?)\b(?:\s+[\w'\u2019-]+){0,5}?\s+with\s+(?:the\s+)?"
)
_FRONTED = re.compile(r"^\s*(?:(?:in|by|since|from|last|this|next|early|late)\s+[\w\s]{0,20}?,\s*)?$", re.IGNORECASE)


#: "co-owns the battery maker ACC with B and C", "co-founded the venture with B": the owners are partners.
_CO_OWNS = lower_regex(r"\bco-(?:own|found)(?:s|ed|ing|er|ers)?\b[^,;.]{0,60}?\s+with\s+(?:the\s+)?")


@triggered_by("together", "jointly", "collaboration", "cooperation", "co-operation", "partnership", "conjunction",
              "tandem", "build", "built", "construct", "set", "co-develop", "combin", "pair", "agree", "co-own",
              "co-found")  # fmt: skip
def together(view: View) -> Iterator[Claim]:
    """ "Together with B, A is testing ...", "built in collaboration with B, A said", "A combines its drug with B's",
    "A co-owns the cell maker C with B"."""
    for match in _TOGETHER.finditer(view.lower):
        partner = _named(view, match.end())
        if partner is None:
            continue
        if _FRONTED.match(view.text[: match.start()]):
            # "Together with Elevar, a unit of Korea's HLB, Hengrui has ...": the subject after the apposition
            comma = view.text.find(",", partner.end)
            aside = view.appositions()
            doer = next(
                (
                    m
                    for m in view.mentions
                    if comma >= 0 and m.start > comma and m.type in _PARTIES
                    and not any(s <= m.start < e for s, e in aside) and not view.governs(m)
                ),
                None,
            )  # fmt: skip
        else:
            doer = _doer(view, match.start())
        yield from _partner(view, doer, partner, match.start())
    for match in _CO_OWNS.finditer(view.lower):
        first = _named(view, match.end(), words=2)
        doer = _doer(view, match.start())
        for partner in view.listed_after(first.start, _PARTIES, within=0) if first is not None else []:
            yield from _partner(view, doer, partner, match.start())
    for match in _AGREED_WITH.finditer(view.lower):
        # "Pony.ai agreed with Dubai's transport authority to begin road tests": only a company named as the
        # clause's subject agrees (analysts agreeing with a research firm are no party)
        partner = _named(view, match.end())
        doer = view.subject_before(match.start(), _PARTIES)
        if partner is not None and doer is not None and _named_here(view, doer) is not None:
            yield from _partner(view, doer, partner, match.start())
    for match in _BUILT_WITH.finditer(view.lower):
        if ";" in match.group() or ", " in match.group():
            continue
        partner = _named(view, match.end())
        if partner is None or _GOODS_OWNED.match(view.text, partner.end):
            continue
        # "the service will be built with payments provider B": a partnership for what does not exist yet
        yield from _partner(view, _doer(view, match.start()), partner, match.start(), planned=True)
    for match in _COMBINED.finditer(view.lower):
        partner = next((m for m in view.mentions if m.start == match.end()), None)
        if partner is None or not _GOODS_OWNED.match(view.text, partner.end) or partner.origin == "anaphor":
            continue
        own = _possessor(view, match.start() + len(match.group().split()[0]) + 40, match.start())
        owner = next(
            (
                m
                for m in view.mentions
                if match.start() < m.start < partner.start
                and m.type in _PARTIES
                and _GOODS_OWNED.match(view.text, m.end)
            ),
            own,
        )
        yield from _partner(view, owner or _doer(view, match.start()), partner, match.start())


# --- agreeing together -------------------------------------------------------------------------------------------

_JOINT_VERB = lower_regex(
    r"(?:(?:have|has|had|also|both|all|will|would|then|later|are|were|been)\s+)*(?:(?P<lend>agreed\s+to\s+(?:fund|finance|lend|underwrite|back)\b)|agreed\s+(?:to|on)|agree\s+(?:to|on)|"
    r"jointly\b|together\s+(?:offered|bid|plan|will|are|have|run|own|develop|build|launched|created)|"
    # "A and B will develop the cars together", "A and B are co-developing a chip"
    r"(?:develop|build|design|make|produc|run|operat|sell|market)[a-z]*\s+(?:[\w-]+\s+){0,3}?together\b|"
    r"co-?(?:develop|build|design|produc|invest|found)[a-z]*\b|"
    r"(?:drew|drawn)\s+up\s+plans|offered\s+[^.;]{1,30}?\s+(?:a|per)\s+share|made\s+a\s+joint)"
)
_RIVAL = re.compile(r"\b(?:rivals?|competitors?|peers?|challengers?)\b", re.IGNORECASE)
_RENAMED = re.compile(r",\s+(?:then|now|formerly|previously|once|later)\b[^,;.]{0,60},", re.IGNORECASE)
_AND_GAP = re.compile(r"\s*,?\s*(?:and|&)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}")


@triggered_by(
    "agree", "jointly", "together", "drew", "drawn", "offered", "joint", "co-develop", "co-build", "co-design",
    "co-produc", "co-invest", "co-found", "codevelop", "two", "both",
)  # fmt: skip
def agreed_together(view: View) -> Iterator[Claim]:
    """ "A and the lessor B agreed to share the cost": the companies that act as one are partners."""
    ends = {m.end: m for m in view.mentions if m.type in _PARTIES and m.origin != "anaphor"}
    asides = view.appositions()
    for end, second in list(ends.items()):
        gap_end = next((e for s, e in asides if s == end), end)
        renamed = _RENAMED.match(view.text, gap_end)  # "Ardian, then still called Axa Private Equity, offered"
        gap_end = renamed.end() if renamed else gap_end
        gap = re.match(r"\s+", view.text[gap_end:])
        at = gap_end + (gap.end() if gap else 0)
        verb = _JOINT_VERB.match(view.lower, at)
        if verb is None:
            continue
        first = next(
            (
                m
                for m in reversed(view.mentions)
                if m.end <= second.start and m.type in _PARTIES and m.origin != "anaphor"
                and _AND_GAP.fullmatch(view.text, m.end, second.start)
            ),
            None,
        )  # fmt: skip
        if first is None or view.governs(first) or _RIVAL.search(view.text, first.end, second.start):
            continue  # "A and its rival B both agreed to cut prices": rivals acting alike are no partners
        if verb.group("lend"):
            # "A and B have agreed to fund the purchase": lenders of the company in focus, not partners of each other
            for lender in [*_listed_before(view, second), second]:
                yield from _partner(view, lender, _focus(view, lender), at)
            continue
        yield from _partner(view, first, second, at)
    for pair in _THE_TWO.finditer(view.text):
        # "B paid for a stake in A, and the two are jointly developing ...": the last two companies named
        if _JOINT_VERB.match(view.lower, pair.end()) is None:
            continue
        named: list[Mention] = []
        for m in reversed(view.mentions):
            if (
                m.end <= pair.start()
                and m.type in _PARTIES
                and m.origin != "anaphor"
                and m.name not in {n.name for n in named}
            ):
                named.append(m)
            if len(named) == 2:
                break
        if len(named) == 2:
            yield from _partner(view, named[1], named[0], pair.end())


#: "the two", "the two companies", "both groups": the pair of companies the sentence has just named.
_THE_TWO = re.compile(
    r"\b(?:[Tt]he\s+two|[Bb]oth)(?:\s+(?:companies|firms|groups|carmakers|automakers|sides|partners))?\s+"
    r"(?=(?:are|were|will|have|had|also|then|later|jointly|together|agreed|co-?\w))"
)


# --- customers, suppliers and lenders --------------------------------------------------------------------------

_OUTPUT = (
    r"output|production|cells|batteries|modules|chips|panels|wafers|components|parts|power|electricity|ore|"
    r"concentrate|supply|supplies|products|goods|vehicles|trucks|cars"
)
_BUY_OUTPUT = lower_regex(
    r"\b(?:buy|buys|buying|purchas(?:e|es|ing)|tak(?:e|es|ing)|absorb(?:s|ing)?)\s+"
    r"(?:(?:most|all|much|part|some|half|the\s+bulk|a\s+third|a\s+quarter|two-thirds|\d+\s*%|\d+\s+per\s*cent)\s+of\s+)?"
    rf"(?:the|its|their)\s+(?:[\w'\u2019-]+\s+){{0,2}}?(?:{_OUTPUT})\b"
)
_GOES_INTO = lower_regex(
    r"\b(?:go|goes|went|going|end\s+up|ends\s+up|(?:be|are|is|were)\s+(?:used|fitted|installed|built)|power|powers|powering)\s+"
    r"(?:(?:into|inside|in)\s+)?(?:the\s+)?(?=\S)"
)
_AMONG = lower_regex(
    r"\bamong\s+(?=\S)(?P<owner>[^,.;]{1,40}?)\s+(?:[\w-]+\s+){0,2}?(?:customers|clients|buyers|partners|suppliers|"
    r"licensees|distributors|sponsors|lenders)\s+(?:are|were|is|was|include|have\s+been)\s+"
)
#: "Sony, HP and Foxconn are big Yuto customers", "Samsung and LG are among Kaixin's largest clients": the names
#: before the verb are the owner's customers or suppliers.
_ARE_ITS = lower_regex(
    r"\s+(?:are|were|is|was|remain|remains|remained)\s+(?:also\s+|still\s+)?(?:among\s+)?(?P<owner>[^,.;]{1,40}?)\s+"
    r"(?:customers|clients|buyers|suppliers|lenders)\b"
)
_TO = re.compile(r"\s+to\s+")
_RANGE = lower_regex(r"\b(?:customers|clients|buyers|partners)\s+(?:range|ranged|ranging)\s+from\s+")
_SELLS_TO = lower_regex(r"\b(?:sell|sells|selling|supplies|supply|supplying)\s+(?:[\w-]+\s+){0,5}?to\s+(?:the\s+)?")
_PREPOSITION_BETWEEN = re.compile(r"\b(?:through|via|on|in|at|from|with|by|across)\b", re.IGNORECASE)
_NOT_SOLD_GOODS = re.compile(
    r"(?:\b(?:its|the|a|an|their)\s+(?:[\w-]+an\s+|local\s+|overseas\s+|[\w-]+-based\s+)?units?\b)|"
    r"\b(?:stakes?|shares?|business|businesses|division|arm|subsidiary|subsidiaries|plant|plants|factory|"
    r"factories|mill|mine|operations|assets|brand|brands|company|holding|interest|portfolio|rights|itself|bonds|"
    r"debt|majority|control|part|half|all)\b",
    re.IGNORECASE,
)
_BUYS_FROM = re.compile(
    r"\b(?:buy|buys|buying|bought|purchases?|purchased|purchasing|sources?|sourced|sourcing|procures?|procured|"
    r"licen[cs]es?|licen[cs]ed)\s+(?P<goods>(?:[a-z][\w-]*\s+){1,4}?)from\s+(?:the\s+)?"
)
_A_COMPANY = re.compile(
    r"\b(?:maker|makers|producer|manufacturer|operator|developer|retailer|chain|firm|group|start-?up|startup|"
    r"carmaker|miner|lender|insurer|bank)\b"
)
_COME_FROM = lower_regex(
    r"\b(?:cells|batteries|chips|processors|engines|parts|components|panels|modules|materials|ingredients|beans|"
    r"steel|glass|motors|screens|displays|tyres|tires|semiconductors|wafers|lithium)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:comes?|came|are\s+sourced|is\s+sourced|are\s+bought|are\s+supplied|is\s+supplied|are\s+made|are\s+provided)\s+"
    r"(?:mainly\s+|mostly\s+|largely\s+|chiefly\s+)?(?:from|by)\s+"
)
#: "its driver-assistance systems run on chips from NVIDIA": what the goods run on, and its maker, a supplier.
_RUNS_ON = lower_regex(
    r"\b(?:run|runs|ran|running|rely|relies|relied|relying|depend|depends|depended|built|based)\s+on\s+"
    r"(?:[\w-]+\s+){0,2}?(?:cells|batteries|chips|processors|engines|motors|panels|modules|screens|displays|software|"
    r"platforms?|systems?)\s+(?:made\s+by|from|supplied\s+by|designed\s+by)\s+"
)
_SUPPLYING_RELATIVE = lower_regex(
    r",\s+which\s+(?:(?:will|would|is\s+to|are\s+to|now|also|already|mainly|mostly)\s+)*"
    r"(?:supply|supplies|supplied|feed|feeds|serve|serves)\s+(?:the\s+)?(?=\S)"
)
#: "supplies carriers in Africa, including A and B", "sells to carmakers such as A": customers named as members
#: of the kind of buyer a company serves.
_SERVES_MEMBERS = lower_regex(
    r"\b(?:supplies|supplied|supply|supplying|serves|served|serving|sells\s+to|sold\s+to|selling\s+to)\s+"
    r"(?:[\w-]+\s+){0,5}?[a-z][\w-]*s\b[^.;:]{0,40}?,?\s+(?:including|such\s+as|among\s+them|like)\s+"
)
#: "won a $300 million contract", "secured an order worth ...", "was awarded a tender": work a customer gives.
_CONTRACT_WON = lower_regex(
    r"\b(?:won|wins|win|winning|secured|secures|secure|landed|lands|land|awarded|bagged|clinched)"
    r"\s+(?:[\w$\u20ac\u00a3.,-]+\s+){0,6}?(?:contracts?|orders?|tenders?|deals?)\b"
)
#: Who gives the work: "from", "for" or "by" the customer, or "with" it, within the clause.
_CONTRACT_PARTY = re.compile(r"\s(?:from|for|by|with)\s+(?:the\s+)?")
#: "began deliveries to B", "shipped its first cells to B", "has delivered 40 turbines to B": goods handed to a
#: customer (a place after "to" is a market, read elsewhere).
_DELIVERED_TO = lower_regex(
    r"\b(?:(?:began|begun|begins|begin|started|starts|start|made|makes|completed)\s+(?:its\s+|their\s+|the\s+)?"
    r"(?:first\s+)?deliver(?:y|ies)|deliver(?:s|ed|ing)?|ship(?:s|ped|ping)?)\s+(?:[\w-]+\s+){0,5}?to\s+(?:the\s+)?"
)
#: "shipped hardware to Azure data centres": the name qualifies a place the goods go to, no customer.
_SITE_AFTER = re.compile(
    r"\s+(?:[a-z][\w-]*\s+)?(?:data\s+cent(?:re|er)s?|plants?|factor(?:y|ies)|sites?|stores?|warehouses?|ports?|"
    r"facilit(?:y|ies)|hubs?|depots?|terminals?)\b"
)
_LENT = lower_regex(
    r"\b(?:lent|lend|lends|loaned|(?:extended|provided|granted|arranged)\s+(?:a\s+)?(?:[\w$.,-]+\s+){0,3}?"
    r"(?:loans?|credit(?:\s+lines?)?|financing)\s+to)\s+"
)


@triggered_by("buy", "purchas", "tak", "absorb", "go", "went", "end up", "used", "fitted", "installed", "power",
              "among", "range", "ranging", "sell", "supplies", "supply", "come", "came", "sourced", "bought",
              "made", "provided", "lent", "lend", "loan", "credit", "financing", "which", "run", "ran", "rel",
              "depend", "built", "based", "customers", "clients", "suppliers")  # fmt: skip
def trade(view: View) -> Iterator[Claim]:
    """Customers, suppliers and lenders named around what changes hands."""
    for match in _BUY_OUTPUT.finditer(view.lower):
        buyer = view.subject_before(match.start(), _PARTIES)
        if buyer is None or buyer.origin == "anaphor":
            continue
        seller = _speaker(view, match.end()) or _focus(view, buyer)
        for b in [*_listed_before(view, buyer), buyer]:
            yield from _partner(view, seller, b, match.start())
    for match in _GOES_INTO.finditer(view.lower):
        customer = next((m for m in view.mentions if m.start == match.end()), None)
        if customer is None or customer.origin == "anaphor" or not _GOODS_OWNED.match(view.text, customer.end):
            continue
        if _NOT_GOODS.match(view.text, customer.end):
            continue
        yield from _partner(view, _doer(view, match.start()), customer, match.start())
    for match in _AMONG.finditer(view.lower):
        owner_words = match.start("owner"), match.end("owner")
        owner = next(
            (m for m in view.mentions if owner_words[0] <= m.start < owner_words[1] and m.type in _PARTIES), None
        )
        owner = (
            owner
            if owner is not None and (owner.origin != "anaphor" or owner.surface.lower() in ("its", "their"))
            else None
        )
        if owner is None:
            owner = _speaker(view, match.end()) or actor(view, match.start(), _DOERS)
        for partner in view.listed_after(match.end(), _PARTIES, within=40):
            yield from _partner(view, owner, partner, match.start())
    for match in _RANGE.finditer(view.lower):
        first = _named(view, match.end())
        if first is None:
            continue
        owner = _possessor(view, match.start()) or _speaker(view, match.end()) or actor(view, match.start(), _DOERS)
        to = _TO.match(view.text, first.end)
        last = _named(view, to.end()) if to else None
        for ranged in (first, last):
            yield from _partner(view, owner, ranged, match.start())
    for match in _SELLS_TO.finditer(view.lower):
        if _NOT_SOLD_GOODS.search(match.group()):
            continue
        buyer = next((m for m in view.mentions if match.end() <= m.start <= match.end() + 40), None)
        if buyer is None or buyer.type not in ("Company", "Organization", UNTYPED) or buyer.origin == "anaphor":
            continue
        if _PREPOSITION_BETWEEN.search(view.text, match.end(), buyer.start):
            continue  # "sells subscriptions to these apps through Apple's App Store": Apple buys nothing
        doer = view.subject_before(match.start(), _PARTIES) or actor(view, match.start(), _DOERS)
        for partner in view.listed_after(match.end(), ("Company", "Organization", UNTYPED), within=40):
            yield from _partner(view, doer, partner, match.start())
    for match in _BUYS_FROM.finditer(view.text):
        # "Lanmo Photo will buy cloud services from Orbis Cloud": a supplier (what a company buys is no company here)
        if _NOT_SOLD_GOODS.search(match.group("goods")) or _A_COMPANY.search(match.group("goods")):
            continue  # "bought the concrete-pump maker from Aichtal": a company bought, from where or whom
        supplier = _named(view, match.end(), words=2)
        if supplier is not None:
            yield from _partner(view, _doer(view, match.start()), supplier, match.start())
    for match in _COME_FROM.finditer(view.lower):
        supplier = _named(view, match.end(), words=3)
        if supplier is None:
            continue
        owner = _possessor(view, match.start()) or _doer(view, match.start())
        yield from _partner(view, owner, supplier, match.start())
    for match in _RUNS_ON.finditer(view.lower):
        supplier = _named(view, match.end(), words=2)
        if supplier is not None:
            owner = _possessor(view, match.start()) or _doer(view, match.start())
            yield from _partner(view, owner, supplier, match.start())
    for match in _ARE_ITS.finditer(view.lower):
        owner = next(
            (m for m in view.mentions if match.start("owner") <= m.start < match.end("owner") and m.type in _PARTIES),
            None,
        )
        # the name right before the verb, and the names listed with it
        named = next(
            (m for m in view.mentions if m.end == match.start() and m.type in _PARTIES and m.origin != "anaphor"),
            None,
        )
        if owner is None or named is None:
            continue
        for each in [*_listed_before(view, named), named]:
            yield from _partner(view, owner, each, match.start())
    for match in _SUPPLYING_RELATIVE.finditer(view.lower):
        # "it is building a factory for its cylindrical cells, which will supply BMW": the goods' owner supplies
        owner = _named_here(view, _possessor(view, match.start()) or view.subject_before(match.start(), _PARTIES))
        for customer in view.listed_after(match.end(), _PARTIES, within=30):
            yield from _partner(view, owner, customer, match.start())
    for match in _LENT.finditer(view.lower):
        borrower = _named(view, match.end(), words=3)
        lender = view.subject_before(match.start(), _PARTIES)
        if borrower is None or lender is None or lender.origin == "anaphor":
            continue
        for lent in [*_listed_before(view, lender), lender]:
            yield from _partner(view, lent, borrower, match.start())


@triggered_by("supplies", "supplied", "supply", "serves", "served", "serving", "sells to", "sold to", "selling to",
              "contract", "order", "tender", "deal", "deliver", "shipped", "ships ", "shipping")  # fmt: skip
def customers(view: View) -> Iterator[Claim]:
    """Customers named around the work done for them: the kind of buyer served and its members, a contract or order
    won from a customer, goods delivered to one."""
    for match in _SERVES_MEMBERS.finditer(view.lower):
        doer = view.subject_before(match.start(), _PARTIES) or actor(view, match.start(), _DOERS)
        for customer in view.listed_after(match.end(), ("Company", "Organization", UNTYPED), within=0):
            yield from _partner(view, doer, customer, match.start())
    for match in _CONTRACT_WON.finditer(view.lower):
        stop = _clause_stop(view, match.end())
        for party in _CONTRACT_PARTY.finditer(view.text, match.end(), min(stop, match.end() + 80)):
            giver = _named(view, party.end(), words=3)
            if giver is not None and attributive(view, giver):
                break  # "the contract for the Stara Pazova-Novi Sad section": a name for the work, no customer
            if giver is not None and giver.type in ("Company", "Organization", UNTYPED):
                yield from _partner(view, _doer(view, match.start()), giver, match.start())
                break
    for match in _DELIVERED_TO.finditer(view.lower):
        if _NOT_SOLD_GOODS.search(match.group()):
            continue
        receiver = view.at(match.end(), ("Company", "Organization", UNTYPED))
        if receiver is not None and receiver.origin != "anaphor" and not _SITE_AFTER.match(view.text, receiver.end):
            yield from _partner(view, _doer(view, match.start()), receiver, match.start())


def _listed_before(view: View, last: Mention) -> list[Mention]:
    """ "Bank Mandala and Siam Commerce Bank lent ...": the names listed before ``last`` as subjects with it."""
    out: list[Mention] = []
    current = last
    for m in reversed([m for m in view.mentions if m.end <= last.start]):
        if m.origin == "anaphor" or m.type not in _PARTIES:
            break
        if not re.fullmatch(
            r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}",
            view.text[m.end : current.start],
        ):
            break
        out.append(m)
        current = m
    if out and view.governs(out[-1]):
        return []
    return out


# --- platforms ----------------------------------------------------------------------------------------------------

_PLATFORM = lower_regex(
    r"\b(?:booked|hailed|ordered|offered|integrated|added|bookable)\s+(?:on|through|via|into|in)\s+(?:the\s+)?"
    r"(?:(?:[\w-]+\s+){0,3}?(?:platform|app|network|service)\s+(?:of|run\s+by|operated\s+by)\s+(?:the\s+)?)?(?=\S)"
)
_PLATFORM_AFTER = re.compile(r"(?:'s?|\u2019s?)\s+(?:[\w-]+\s+){0,2}?(?:platform|app|network|service)\b", re.IGNORECASE)


@triggered_by("booked", "hailed", "ordered", "offered", "integrated", "added", "bookable")
def platforms(view: View) -> Iterator[Claim]:
    """ "Its robotaxis will be offered on B's platform", "cars can be booked on the app of B"."""
    for match in _PLATFORM.finditer(view.lower):
        host = _named(view, match.end(), words=3)
        if host is None:
            continue
        named_host = any(w in match.group() for w in ("platform", " app", "network", " service"))
        if not named_host and not _PLATFORM_AFTER.match(view.text, host.end):
            continue
        goods_end = _goods_start(view, match.start())
        owner = (_possessor(view, goods_end) if goods_end >= 0 else None) or _doer(view, match.start())
        yield from _partner(view, owner, host, match.start())


#: Work done with a company named by its role: "has run driverless shuttles with carmaker Renault", "launched the
#: service in 2024 with local fleet operator Tawasul".
_DONE_WITH = re.compile(
    r"\b(?:run|runs|ran|running|launch(?:es|ed|ing)?|operat(?:e|es|ed|ing)|buil(?:d|ds|t|ding)|develop(?:s|ed|ing)?|"
    r"test(?:s|ed|ing)?|trial(?:s|ed|led|ing|ling)?|start(?:s|ed|ing)?|open(?:s|ed|ing)?|deploy(?:s|ed|ing)?|"
    r"roll(?:s|ed|ing)?\s+out|set\s+up|sets\s+up|produc(?:e|es|ed|ing)|assembl(?:e|es|ed|ing)|offer(?:s|ed|ing)?)"
    r"\b[^,;.]{0,80}?\bwith\s+(?:(?:local|its|their|a|an|the|state-owned|japanese|french|german|korean|british|"
    r"american|us|european|indian|thai|saudi|emirati|[a-z]+-based)\s+){0,3}"
    r"(?:partner|carmaker|automaker|operator|fleet\s+operator|group|company|firm|carrier|retailer|distributor|bank|"
    r"lender|insurer|airline|platform|start-?up|developer|supplier|utility|maker|manufacturer|provider|chain|"
    r"publisher|telco|conglomerate)s?\s+",
    re.IGNORECASE,
)
_NOT_DONE_WITH = re.compile(r"\b(?:compet\w*|rival\w*|compar\w*|along|clash\w*|battl\w*|fight\w*)\b", re.IGNORECASE)


@triggered_by("with")
def done_with(view: View) -> Iterator[Claim]:
    """A company doing something with another that a role noun introduces: partners."""
    for match in _DONE_WITH.finditer(view.text):
        if _NOT_DONE_WITH.search(match.group()):
            continue
        partner = next((m for m in view.mentions if m.start == match.end() and m.origin != "anaphor"), None)
        if partner is None:
            continue
        yield from _partner(view, _doer(view, match.start()), partner, match.start())


#: Advisers and lenders on a deal: "Arden Partners acted as financial adviser to Fenwei", "... and Hale & Rook LLP as
#: its legal adviser", "Banque du Lac is providing acquisition financing".
_SERVES_AS = re.compile(
    r"\s+(?:(?:has|had|have)\s+)?(?:acted|acts|act|is\s+acting|are\s+acting|was\s+acting|will\s+act|served|serves|"
    r"is\s+serving|was|were|is|are)\s+as\s+|\s+as\s+(?=(?:its|their|the)\s)"
)
_ADVISER_ROLE = re.compile(
    r"(?:its\s+|their\s+|the\s+|sole\s+|exclusive\s+|lead\s+|joint\s+|independent\s+)*"
    r"(?:(?:financial|legal|m&a|strategic|transaction|tax)\s+)?(?:advis[eo]rs?|counsel|arrangers?|bookrunners?|lenders?)"
    r"(?P<to>\s+to\s+)?",
    re.IGNORECASE,
)
_FINANCES = re.compile(
    r"\s+(?:is|are|was|were|will\s+be|has\s+been)\s+(?:providing|arranging|supplying)\s+(?:the\s+)?"
    r"(?:(?:acquisition|bridge|debt|project|loan|bank)\s+)?(?:financing|finance|funding|loans?)\b"
)
_ADVISER_CUES = (
    "advise",
    "advisor",
    "counsel",
    "financing",
    "finance",
    "funding",
    "loan",
    "lender",
    "arranger",
    "bookrunner",
)


@triggered_by(*_ADVISER_CUES)
def advisers(view: View) -> Iterator[Claim]:
    """An adviser or lender on a deal works for the company it is named to ("adviser to Fenwei"), else for the
    story's company."""
    for m in view.mentions:
        if m.origin == "anaphor" or m.type not in ("Company", "Organization", UNTYPED):
            continue
        serves = _SERVES_AS.match(view.text, m.end)
        role = _ADVISER_ROLE.match(view.text, serves.end()) if serves else None
        lends = _FINANCES.match(view.text, m.end)
        if role is None and lends is None:
            continue
        client = None
        if role is not None and role.group("to"):
            client = next((c for c in view.mentions if c.start == role.end() and c.type in ("Company", UNTYPED)), None)
            if client is None:
                continue  # "adviser to the buyer": whoever that is, read elsewhere
        yield from _partner(view, client or _deal_company(view, m), m, m.start)


def _deal_company(view: View, adviser: Mention) -> Mention | None:
    """The story's company, for an adviser or lender named to no one ("Banque Rhodanienne is providing financing"
    after a sentence about another adviser): the deal is the story's."""
    company = view.main or view.focus
    if company is None or company.name == adviser.name:
        return None
    return Mention(0, 0, company.name, company.type or "Company", company.surface, "anaphor", 0.7 * company.confidence)


PATTERNS = (
    rights,
    licensed,
    contract_work,
    roles,
    together,
    agreed_together,
    trade,
    customers,
    platforms,
    done_with,
    advisers,
)
