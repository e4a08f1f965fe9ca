"""The rule-based extractor: offline, deterministic, fast.

A document is split into sentences (spaCy's blank English and sentencizer);
each sentence's mentions come from the gazetteers and name patterns; the
relation patterns and figure rules read claims from it; a little state
carried from sentence to sentence resolves "it" and "the company" (the
company in focus), gives a figure the period of the figures before it, and
remembers what each name was found to be.  Everything is compiled regular
expressions over sentence text: no per-token Python work.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from kg.extract import gazetteer, relations
from kg.extract.figures import Figure, find_figures, goods_line, is_stock, names_a_segment, segment_metric
from kg.extract.inflection import can_be_noun, known_word, only_noun
from kg.extract.lexicon import data, literal_alternation
from kg.extract.mentions import UNTYPED, Mention, one_name, select
from kg.extract.modality import denied_nearby, status
from kg.extract.names import (
    ATTRIBUTE_PARTICIPLES,
    COMPOUND_ADJECTIVE,
    GOODS_MAKER,
    NUMBER_WORD,
    PERSON_BEFORE,
    PERSON_ROLE_AFTER,
    VOICE_NOUNS,
    DocumentWords,
    anaphors,
    company_ends,
    corporate_voice,
    demonym_places,
    document_words,
    ends_in_company_word,
    guessed_names,
    infrastructure_names,
    is_pronoun,
    named_in_body,
    names_a_pair,
    never_a_name,
    place_led_names,
    place_named,
    product_anaphors,
    title_case,
    type_cue,
)
from kg.extract.periods import Period, find_periods, in_year_of, undated_months, undated_parts
from kg.extract.phrases import (
    DATELINE,
    DAY_FIRST_DATELINE,
    EXCHANGE,
    FACILITY_NOUN,
    RANKED_FIRST,
    RATES_IT,
    UNIT_NOUNS,
    VERB_AFTER_NAME,
    owned_description,
)
from kg.extract.records import Collector
from kg.extract.relations.claims import claim, replaced_status, with_status
from kg.extract.relations.deals import pending_nearby, town_place
from kg.extract.segments import segment_mentions
from kg.extract.sentences import Sentence, split_sentences
from kg.extract.view import HOME_ATTRIBUTE, PLACES, Claim, View, governed
from kg.model import Document, Entity, Record

FOCUS_TYPES = ("Company", "Brand")
#: What a headline states as news; a strategy too ("X rolls into Chile with a direct sales model"), and a segment
#: ("How Lumen Foods carved out a niche in frozen dumplings").
HEADLINE_RELATIONS = frozenset(
    ("expandsInto", "operatesIn", "acquires", "launches", "investsIn", "adoptsStrategy", "competesIn")
)
#: How many sentences after its company was named a figure without a subject may still be the company's.
ZERO_ANAPHORA_SENTENCES = 2
_NOT_SUBJECT_BEFORE = re.compile(
    r"\b(?:of|from|by|with|than|like|unlike|besides|except|beside|as|including|namely|such\s+as|to|versus|vs\.?|"
    r"against|and|or|among|between|for|about|on|at|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SOURCE = re.compile(
    r"(?:according\s+to|data\s+from|figures\s+from|cited\s+by|per|citing|estimates\s+by)\s+(?:the\s+)?$", re.IGNORECASE
)
_REPORTS = re.compile(
    r"^\s+(?:says|said|told|notes|noted|adds|added|believes|thinks|(?:reports|reported|estimates|"
    r"estimated|expects|expected)\s+that)\b",
    re.IGNORECASE,
)
#: A line's label before its colon, which opens no lead-in: "Source: Expansion KG example corpus".
_LABEL = (
    r"(?:Sources?|Authors?|By|Photos?|Credits?|Editor|Editing|Reporting|Contact|Tags|Category|Date|Published|"
    r"Updated|Image|Caption|Note|Disclaimer)"
)
#: What may stand before a clause's subject: a phrase closed by a comma or a dash, or a date with no comma
#: ("In 2024 X").
_OPENING = re.compile(
    # a wire dateline first: "HONG KONG, March 4 (Reuters) - ", "WENZHOU, 12 February 2026 - "
    r"(?:[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de .'-]+(?:,\s+(?:\d{1,2}\s+)?[A-Z][a-z]+\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?)?"
    r"\s*(?:\([^)]{1,30}\))?\s*[-\u2014\u2013]\s+)?"
    # "'We stopped being invisible': X chief on ...": a lead-in closed by a colon too (not a label: "Source: ...")
    r"\W*(?:[^,]*,\s*|[^-—]{0,60}\s[-—]\s*|(?!" + _LABEL + r"\s*:)[^,:\n]{3,80}:\s+|"
    r"(?i:in|during|since|by|until|through)\s+(?:(?:early|late|mid-?)\s*)?"
    r"(?:(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|half)\s+of\s+)?"
    r"(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\s+)?"
    # "Shenzhen-based Tecsun shipped ...": an attribute of the subject, not a clause of its own
    r"(?:(?:[A-Z][\w.'-]*\s+){0,2}[\w.'-]+-(?:based|headquartered|founded|listed)\s+)?"
)
#: "(Yicai Global) Sept. 1, 2023 — ": the agency, then the date, before the story's first word.
_AGENCY_FIRST = re.compile(
    r"\((?P<agency>[^)]{1,30})\)\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?\s*[-\u2013\u2014]+\s+"
)
#: A press release's wire credit: "SHENZHEN, China, March 5, 2024 /PRNewswire/ -- ".
_WIRE_CREDIT = re.compile(r"[^/\n]{0,120}?/(?P<agency>[A-Z][^/\n]{1,30})/\s*[-\u2013\u2014]+\s+")
_BOUGHT_BY = re.compile(
    r",?\s+(?:was|were|has\s+been|had\s+been)\s+(?:acquired|bought|purchased|taken\s+over)\b", re.IGNORECASE
)
#: "buying DiaSys lets us ...", "Acquiring Nordkabel gives ...": a name right after a gerund is its object.
_GERUND_BEFORE = re.compile(r"(?:\b[a-z]+ing|(?:^|[\"\u201c(])\s*[A-Z][a-z]+ing)\s+(?:the\s+)?$")
_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s*|\s(?:while|whereas)\s", re.IGNORECASE)
_LIST_CUE = re.compile(r"(?:such\s+as|namely|including|like|represented\s+by)\s+", re.IGNORECASE)
#: The same cue for lower-cased text: without the case-blind flag the engine skips to the cues' first letters.
_LIST_CUE_LOWER = re.compile(_LIST_CUE.pattern)
_BREAK_BEFORE = re.compile(r"(?:,\s+(?:and|but|while|whereas)|;)\s+$", re.IGNORECASE)
_FOLLOWS = re.compile(
    r"\s*(?:[\w.,$€£¥-]+\s+){0,4}?(?:in|during|for|as\s+of|(?:at|by)\s+the\s+end\s+of|by|over)\s+(?:the\s+)?"
    r"(?:same\s+(?:quarter|half|period|month)\s+(?:of\s+)?)?|\s+of\s+",
    re.IGNORECASE,
)
_COMMA_GAP = re.compile(r"\s*,?\s*")
_POSSESSIVE_MARK = re.compile(r"(?:'s|')\s")
_POSSESSIVE_GAP = re.compile(r"(?:'s|')?\s+(?:[\w-]+\s+){0,3}")
_OWNER_GAP = re.compile(r"(?:'s|')\s+(?:[\w-]+\s+){0,3}")
_SOURCE_AFTER = re.compile(
    r"^'?s?\s+(?:data|report|research|survey|figures|estimates|statistics|analysis|analysts)\b", re.IGNORECASE
)


@dataclass
class State:
    """What one sentence leaves to the next: the company in focus and the period of recent figures."""

    focus: Mention | None = None
    focus_paragraph: int = -1
    focus_sentence: int = -10
    sentence: int = 0
    topic: Mention | None = None
    product: Mention | None = None
    period: str | None = None
    #: The period the headline reports ("... in March 2025"): a month the body names without a year is in it.
    story_period: str | None = None
    #: The last date a sentence named: "at the same date" points back to it.
    last_point: str | None = None
    #: Products and companies whose running total the story gave ("has grossed $4 billion since launch").
    running_totals: set[str] = field(default_factory=set)
    types: dict[str, str] = field(default_factory=dict)
    heading: bool = False
    #: Names the body describes as another company's unit ("Cainiao, the logistics arm of Alibaba Group").
    units: frozenset[str] = frozenset()
    #: Short names given in brackets after a full one: "CASC" of "China Aerospace Science and Technology Corp (CASC)".
    acronyms: dict[str, str] = field(default_factory=dict)
    #: The document's own company: named in its headline, else the first company a sentence is about.
    main: Mention | None = None
    main_in_headline: bool = False
    #: Names an apposition called a product ("Koi Garden, a casual puzzle game"): never what "the company" means.
    apposed_products: set[str] = field(default_factory=set)
    #: Where companies are based, as the story said it ("Munich-based Kessel"): company name -> country name.
    homes: dict[str, str] = field(default_factory=dict)
    #: Companies the story's company bought, invested in or partnered with (:attr:`View.counterparts`).
    counterparts: set[str] = field(default_factory=set)
    #: The last place named: "the continent", "the country" point back to it; and the places of its sentence.
    place: Mention | None = None
    last_places: list[Mention] = field(default_factory=list)
    #: The level metric the story counted last ("shipments"): a bare "growth" later is its growth.
    #: The company or product the last figure was about: a place's share of revenue is its ("the game's revenue").
    figure_owner: Mention | None = None
    #: The segment a sentence's industry-wide figures were about, and that sentence: the next may go on with it.
    industry: Mention | None = None
    industry_sentence: int = -10
    base: str | None = None
    #: How often each market place and segment was named: the one named most is the story's ("the local leader").
    markets: dict[str, tuple[int, Mention]] = field(default_factory=dict)
    #: The segments claimed for each company, each with how often: company -> segment name -> (count, mention).
    lines: dict[str, dict[str, tuple[int, Mention]]] = field(default_factory=dict)
    #: The noun each company was described with ("bubble tea chain X", "X, a milk tea brand"): "the chain" is X.
    described: dict[str, Mention] = field(default_factory=dict)
    #: The companies named lately, last last: "the pet-products company" is the one whose name says "Pets".
    named: list[Mention] = field(default_factory=list)
    #: The company the current sentence ends by quoting ("..., X said").
    reporter: Mention | None = None
    #: In a question-and-answer interview, the paragraphs that answer (:func:`_interview`): their "we" is
    #: the company interviewed, as inside a quote.
    answers: frozenset[int] = frozenset()
    #: ... and the paragraphs that ask: their "you" and "your" are the company interviewed.
    questions: frozenset[int] = frozenset()
    #: The company interviewed: the one in focus when the first question is asked, whatever units its answers name.
    interviewee: Mention | None = None
    #: The paragraph whose quotation a sentence left open ('"Japanese players are patient. Our game ..." Lin said'),
    #: or -1.
    open_quote: int = -1
    #: Names written in lower case that a sentence marked ("Another brand, realme, ..."), found again later.
    lower_names: dict[str, Mention] = field(default_factory=dict)
    #: Companies the story's company bought or holds: "it" opening a new paragraph is no longer one of them.
    bought: set[str] = field(default_factory=set)
    #: The company that owns each brand the story named with its owner ("Kessel's Vanta brand"): brand -> owner.
    owners: dict[str, Mention] = field(default_factory=dict)
    #: Where the last facility the story placed stands (:attr:`View.facility`).
    facility: Mention | None = None
    #: Research houses a note's masthead names ("Harbourline Securities | Equity Research | ..."): whoever writes
    #: about the company, never the company written about.
    research_houses: set[str] = field(default_factory=set)
    #: Places the current sentence gave a part of the company's own figures ("Asia-Pacific contributed 1.4 billion
    #: yuan"): place, company. The company is present there (:func:`_regional_presence`).
    regional_parts: list[tuple[Mention, Mention]] = field(default_factory=list)
    #: The paragraph being read, and whether the current sentence opens it.
    paragraph: int = -1
    paragraph_opens: bool = False


#: A year the document tells of, not one a target is set for ("by 2030", "until 2028").
_TOLD_YEAR = re.compile(r"(?<!\bby )(?<!\buntil )(?<!\bthrough )(?<!\bbefore )(?<!\bto )\b((?:19|20)\d\d)\b")


def _backs_main(state: State, claims: list[Claim], view: View) -> bool:
    """Whether the sentence tells of an investor or partner of the story's company, which is in focus ("Google led
    a round in X", "Orrin Motors holds 51% of the venture")."""
    main, focus = state.main, state.focus
    if main is None or focus is None or not _same_company(focus.name, main.name):
        return False  # "Lenovo" of the headline is "Lenovo Group" of the body
    if any(c.relation in ("investsIn", "partnersWith") and _same_company(c.object.name, main.name) for c in claims):
        return True
    return any(
        _same_company(m.name, main.name) and _HOLDS_STAKE.search(view.text, max(0, m.start - 60), m.start)
        for m in view.mentions
    )


#: A holder's stake in what follows: "holds 51% of", "owns a 20 percent stake in".
_HOLDS_STAKE = re.compile(
    r"\b(?:holds?|owns?|controls?|has|keeps?|retains?)\s+(?:a\s+|the\s+other\s+|the\s+remaining\s+)?"
    r"\d+(?:\.\d+)?\s*(?:%|percent|per\s+cent)\s+(?:stake\s+)?(?:of|in)\s+$"
)


def _latest_year(text: str) -> int | None:
    """The last year a document tells of: targets and plans aside ("expected to close in the first half of
    2026")."""
    told = []
    for found in _TOLD_YEAR.finditer(text):
        opening = max(text.rfind(". ", 0, found.start()), text.rfind("\n", 0, found.start()), 0)
        if status(text[max(opening, found.start() - 80) : found.start()].lower()) != "planned":
            told.append(int(found.group(1)))
    return max(told, default=None)


def extract_rules(document: Document, known: Iterable[Entity] = (), *, extractor: str = "rules") -> list[Record]:
    """Entities, facts and figures the rules read in ``document``, with provenance naming ``extractor``."""
    text = document.text or ""
    sentences = split_sentences(text)
    words = document_words([s.text for s in sentences], "\n".join(s.text for s in sentences if not s.heading))
    tables = gazetteer.known_tables(known)
    state, out = State(), Collector(document.source, extractor)
    state.units = frozenset(m.group(1).lower() for m in _DESCRIBED_UNIT.finditer(words.body))
    state.questions, state.answers = _interview(sentences)
    headline: list[tuple[Sentence, list[Claim]]] = []
    body: list[Claim] = []
    read: list[tuple[int, Sentence, str, list[Claim]]] = []  # the body's claims, for pending_nearby and denied_nearby
    for number, sentence in enumerate(sentences):
        state.sentence, state.heading = number, sentence.heading
        if sentence.heading:
            state.period = None
            if not _is_headline(sentence, state):
                continue
        view = _view(sentence, tables, words, state)
        claims = relations.read(view)
        claims = [*claims, *_focus_brands(view, claims, state)]
        claims = _without_plain_twins(_corporate_subjects(claims, state))
        claims = [_waiting(c, claims) for c in claims]
        outsider = _THIRD_PARTY_VIEW.search(view.text)
        if outsider is not None:
            # "Analysts say Latin America could offer openings for X": an outsider's guess is no plan of the company's
            claims = [
                c for c in claims if dict(c.qualifiers).get("status") != "planned" or c.object.start < outsider.start()
            ]
        claims = [c for c in claims if not (c.subject.name in _GOVERNMENT_SEATS and c.relation in _MARKET_MOVES)]
        if view.text.rstrip().endswith("?"):
            # "Will you build a factory in Europe?", "Any plans for Latin America?": a question plans nothing
            claims = [c for c in claims if dict(c.qualifiers).get("status") != "planned"]
        read_claims = claims  # what the sentence says of its names, asserted or not, types them all the same
        declined = _DECLINED.match(view.text)
        if declined is not None:
            # "Rather than build its own sales force in America, X licenses ...": what it chose not to do is no fact
            claims = [c for c in claims if not (c.object.end > 0 and c.object.start < declined.end())]
        for c in claims:
            if c.object.type == "Segment":  # "the continent's leading smartphone maker": the story's segment
                _count_market(state, c.object)
            if c.relation == "competesIn":
                _count_line(state, c)
        if sentence.heading:
            # a headline restates the story in shorthand; only its moves into markets and its deals are kept,
            # the rest is read from the body, where it is spelled out
            claims = _headline_claims(view, [c for c in claims if c.relation in HEADLINE_RELATIONS])
            headline.append((sentence, claims))
        else:
            body.extend(claims)
            read.append((number, sentence, view.text, claims))
        out.add_claims(sentence, claims)
        _remember_types(state, view, read_claims)
        _remember_counterparts(state, claims)
        _remember_owners(state, claims)
        state.homes.update((c.subject.name, c.object.name) for c in claims if c.relation == "headquarteredIn")
        _remember_nationalities(state, view)
        out.add_mentions(sentence, [m for m in view.mentions if m.origin != "anaphor"], state.types)
        # "Atlas 3" is a name, not three of something
        figures = [
            f for f in find_figures(view.text, view.periods, state.base) if not _inside_name(view, f.quantity.start)
        ]
        state.base = next((b for b in (_level_base(f.metric) for f in reversed(figures)) if b), state.base)
        previous = None
        state.regional_parts = []
        for figure in figures:
            previous = _add_figure(out, sentence, view, figure, state, previous) or previous
        if state.regional_parts and not sentence.heading:
            out.add_claims(sentence, _regional_presence(view, state.regional_parts))
        if not figures:
            _remember_reporting_period(state, view, sentence.heading)
        state.last_point = next((p.value for p in reversed(view.periods) if p.role == "point"), state.last_point)
        backed = (state.focus, state.topic) if _backs_main(state, claims, view) else None
        _move_focus(state, view, sentence.paragraph)
        if backed is not None:
            # "Google led a funding round in Mobvoi": the story, and "it" next, stay with Mobvoi, not its backer
            state.focus, state.topic = backed
        _remember_descriptions(state, view)
        facility = _facility_place(view)
        if facility is not None and (facility.type == "Country" or state.facility is None):
            # "its largest base in Southeast Asia": a region tells the facility's reach more than its site
            state.facility = facility
        places = [m for m in view.mentions if _is_market_place(view.text, m)]
        if places:
            state.place, state.last_places = places[-1], places
        for m in view.mentions:
            if (_is_market_place(view.text, m) or m.type == "Segment") and m.origin != "anaphor":
                _count_market(state, m)
    claims_of = {id(sentence): claims for _, sentence, _, claims in read}
    deals = [(n, c.subject.name) for n, _, _, claims in read for c in claims if _is_pending_deal(c)]
    numbers = {id(sentence): n for n, sentence, _, _ in read}
    for sentence, done, pending in pending_nearby(read):
        out.drop_claims(sentence, [done])
        out.add_claims(sentence, [pending])
        deals.append((numbers[id(sentence)], pending.subject.name))
        entries = [c for c in claims_of.get(id(sentence), []) if _waiting(c, [pending]) is not c]
        out.drop_claims(sentence, entries)
        out.add_claims(sentence, [_waiting(c, [pending]) for c in entries])
    for number, told_in, told_text, told_claims in read:
        # "Once completed, it would give Hualan its first stores in France": an entry the pending deal brings
        buyers = {buyer for n, buyer in deals if 0 <= number - n <= 2} if _ONCE_DONE.search(told_text) else set()
        entries = [c for c in told_claims if c.subject.name in buyers and _planned_entry(c)]
        out.drop_claims(told_in, entries)
        out.add_claims(told_in, [replaced_status(c, "pending") for c in entries])
    for sentence, told, denied in denied_nearby(read):
        out.drop_claims(sentence, [told])
        out.add_claims(sentence, [denied])
    for sentence, claims in headline:
        out.drop_claims(sentence, [c for c in claims if _restated_with_status(c, body)])
    return out.records(state.types, state.homes, _latest_year(text))


#: "Chery to assemble SUVs in Spain", "Lazada set to enter Europe": right after its subject, a headline's
#: infinitive announces a plan.
_HEADLINE_PLAN = re.compile(r"\s+(?:is\s+|are\s+)?(?:(?:set|poised|due)\s+)?to\s+(?!be\b)[a-z]{3,}\b")
_SUBJECT_JOIN = re.compile(r"\s*,\s*|\s+(?:and|&)\s+")


#: Relations a product is never the subject of: deals, units, offices, moves into markets.
_CORPORATE = frozenset(
    (
        "acquires",
        "investsIn",
        "hasSubsidiary",
        "hasBrand",
        "partnersWith",
        "locatedIn",
        "headquarteredIn",
        "expandsInto",
    )
)


#: What a government named by its seat ("Washington launched an investigation into imports from Y") never does.
_MARKET_MOVES = _CORPORATE | {"operatesIn", "competesIn", "sellsThrough", "launches", "develops"}


#: Ownership a claim already gives a brand: as the object of these relations, or as the owner of another.
_OWNING = frozenset(("hasBrand", "acquires", "develops", "launches", "hasSubsidiary", "investsIn"))
#: "the rival Packwell brand", "competing labels such as X": another company's brand.
_OTHERS_BRAND = re.compile(
    r"\b(?:(?:rival|rivals|competitor|competitors|competing|peer|peers|other|sister)\b[^.;]{0,30}"
    r"|(?:with|a|an)\b[^.;,]{0,30})$",
    re.I,
)
#: "Gongcha, a milk tea brand from Taiwan", "Harbor & Pine, a US casual-wear label": a brand described by its
#: origin or by an indefinite noun is some other company's.
_DESCRIBED_BRAND = re.compile(
    r",\s+(?:a|an|another)\s+(?P<words>[^,.;]{0,60}?)(?:brand|label|marque)s?(?:\s+(?P<origin>from|owned|by)\b)?", re.I
)


def _focus_brands(view: View, claims: list[Claim], state: State) -> list[Claim]:
    """ "Backpacks, led by the Packwell label, grew faster", "Midnight Wok, a brand of rice bowls": a name a brand
    noun types, whose owner the sentence does not name, is a brand of the company in focus, when no other company is
    named beside it."""
    focus = state.focus
    if focus is None or state.types.get(focus.name, focus.type) != "Company":
        return []
    owned = {c.object.name for c in claims if c.relation in _OWNING} | {
        c.subject.name for c in claims if c.relation == "hasBrand"
    }
    others = [
        m
        for m in view.mentions
        if m.origin != "anaphor"
        and state.types.get(m.name, m.type) in ("Company", "Organization", UNTYPED)
        and m.type not in PLACES
        and not (focus.name == m.name or focus.name.startswith(m.name + " "))
    ]
    found = []
    for m in view.mentions:
        if (
            m.type != "Brand"
            or m.origin != "cue"
            or m.name in owned
            or m.name == focus.name
            or m.name in state.bought
            or _OTHERS_BRAND.search(view.text, max(0, m.start - 40), m.start)
            or _foreign_brand(view, m)
            or _cited(view, m)
            or any(o.name != m.name for o in others)
        ):
            continue
        found.append(Claim(replace(focus, start=0, end=0, origin="anaphor"), "hasBrand", m, confidence=0.5))
    return found


def _foreign_brand(view: View, brand: Mention) -> bool:
    """ "Gongcha, a milk tea brand from Taiwan", "Harbor & Pine, a US casual-wear label": described by its origin."""
    described = _DESCRIBED_BRAND.match(view.text, brand.end)
    if described is None:
        return False
    words = described.group("words")
    return (
        bool(described.group("origin"))
        or any(described.start("words") <= p.start < described.end("words") for p in view.mentions if p.type in PLACES)
        or any(w in _demonyms() for w in words.split())
    )


def _corporate_subjects(claims: list[Claim], state: State) -> list[Claim]:
    """ "The short-video app reached Brazil": a product a pronoun or a product noun points to enters no market and
    buys nothing; the company in focus does (the story's own company if the one in focus is a unit it bought)."""
    out = []
    for c in claims:
        kind = state.types.get(c.subject.name, c.subject.type)
        if c.relation in _CORPORATE and c.subject.origin == "anaphor" and kind == "Product":
            focus = state.main if state.focus is not None and state.focus.name in state.bought else state.focus
            owner = next(
                (
                    m
                    for m in (focus, state.main)
                    if m is not None and m.name != c.subject.name and state.types.get(m.name, m.type) != "Product"
                ),
                None,
            )
            if owner is None:
                continue
            kind = state.types.get(owner.name) or "Company"
            c = replace(
                c,
                subject=Mention(
                    c.subject.start,
                    c.subject.end,
                    owner.name,
                    kind,
                    c.subject.surface,
                    "anaphor",
                    0.8 * owner.confidence,
                ),
            )
        out.append(c)
    return out


def _headline_claims(view: View, claims: list[Claim]) -> list[Claim]:
    """A headline's moves and deals; where its subject's verb is an infinitive ("X to build a plant in Y") they
    are plans."""
    described = {m.name for m in view.mentions if _NAMES_ANOTHER_COMPANY.match(view.text, m.end)}
    claims = [c for c in claims if c.subject.name not in described]  # "X's European arm opens ...": not X's move
    named = [m for m in view.mentions if m.origin != "anaphor"]
    planning = [m for m in named if _HEADLINE_PLAN.match(view.text, m.end)]
    for m in reversed(named):
        # "Vexa and Kora to build a plant in Spain": every subject listed before the infinitive plans it
        if planning and m.end <= planning[0].start and _SUBJECT_JOIN.fullmatch(view.text, m.end, planning[0].start):
            planning.insert(0, m)
    planners = {m.name for m in planning}
    if not planners:
        return claims
    # a deal announced is pending until it closes ("X to buy Y"), anything else a plan
    planned = [
        with_status(c, "pending" if c.relation == "acquires" else "planned") if c.subject.name in planners else c
        for c in claims
    ]
    return [_as_entry(c) for c in planned]


def _as_entry(c: Claim) -> Claim:
    """Presence that is only planned is a planned entry."""
    return (
        replace(c, relation="expandsInto")
        if c.relation == "operatesIn" and ("status", "planned") in c.qualifiers
        else c
    )


_PLACE_RELATIONS = frozenset(("expandsInto", "operatesIn"))


def _restated_with_status(c: Claim, body: list[Claim]) -> bool:
    """A plain headline claim the body states only as a plan, a denial or a pending deal ("X returns to Brazil"
    over "X will roll out its service in Sao Paulo"): the body's reading stands, the headline's shorthand goes."""
    if any(k == "status" for k, _ in c.qualifiers):
        return False
    # an entry the headline tells is confirmed only by an entry the body tells, not by presence there already
    family = _PLACE_RELATIONS if c.relation == "operatesIn" else frozenset((c.relation,))
    same = [
        b
        for b in body
        if b.relation in family and b.object.name == c.object.name and _same_company(b.subject.name, c.subject.name)
    ]
    return bool(same) and all(any(k == "status" for k, _ in b.qualifiers) for b in same)


def _same_company(a: str, b: str) -> bool:
    """One company under a short and a full name ("Chery", "Chery Automobile")."""
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def _count_market(state: State, m: Mention) -> None:
    """One more naming of a market place or segment: the story is about the one named most."""
    count = state.markets.get(m.name, (0, m))[0]
    state.markets[m.name] = (count + 1, m)


def _count_line(state: State, c: Claim) -> None:
    """One more claim of a segment for a company: the one claimed most is its line of business."""
    counted = state.lines.setdefault(c.subject.name, {})
    counted[c.object.name] = (counted.get(c.object.name, (0, c.object))[0] + 1, c.object)


def _level_base(metric: str) -> str | None:
    """The level a figure counts or grows, when it is one of the listed levels or their growth."""
    from kg.extract.figures import metrics

    spec = metrics().get(metric)
    if spec is not None and spec.get("unit") != "percent":
        return metric
    return _grown_bases().get(metric)  # "shipments rose 8%": the story counts shipments


@cache
def _grown_bases() -> dict[str, str]:
    """Growth metric -> the level it grows ("shipmentGrowthYoY" -> "shipments")."""
    return {name: base for base, name in data("metrics")["growth"]["names"].items()}


def _inside_name(view: View, pos: int) -> bool:
    return any(m.start < pos < m.end and m.origin != "anaphor" for m in view.mentions)


_BYLINE = re.compile(r"^(?:https?://|www\.|by\s|photo|source|image)", re.IGNORECASE)


_REPORTING = re.compile(
    r"\b(?:results?|report(?:s|ed)?|earnings|figures|quarter|half|fiscal|financial\s+year|sales|revenue|annual)\b",
    re.IGNORECASE,
)


def _remember_reporting_period(state: State, view: View, heading: bool) -> None:
    """ "Harvo posts record 2024 sales" (a headline), "X reported first-quarter 2025 results": the period the
    figures after it are for, until a figure names its own."""
    points = [p for p in view.periods if p.role in ("point", "range")]
    if points and (heading or _REPORTING.search(view.text)):
        state.period = points[0].value
        if heading:
            state.story_period = state.period


def _without_plain_twins(claims: list[Claim]) -> list[Claim]:
    """One sentence read two ways ("will lead X's push into Mexico": planned, and plainly by a narrower
    pattern): the reading with a status wins, so a plan is never also stated as done."""
    marked = {
        (c.subject.name, c.relation, c.object.name) for c in claims if any(k == "status" for k, _ in c.qualifiers)
    }
    return [
        c
        for c in claims
        if (c.subject.name, c.relation, c.object.name) not in marked or any(k == "status" for k, _ in c.qualifiers)
    ]


#: An entry that waits on a deal's closing: "Once completed, it would give ...", "if the deal goes through".
_ONCE_DONE = re.compile(
    r"\b(?:once|when|after|if|upon)\s+(?:it\s+is\s+|the\s+(?:deal|purchase|acquisition|transaction|takeover)\s+"
    r"(?:is\s+)?|(?:the\s+)?(?:deal\s+)?)?(?:completed|complete|completes|closed|closes|closing|completion|approved|"
    r"cleared|finali[sz]ed|goes\s+through|went\s+through)\b",
    re.IGNORECASE,
)


def _is_pending_deal(c: Claim) -> bool:
    return c.relation == "acquires" and dict(c.qualifiers).get("status") == "pending"


def _planned_entry(c: Claim) -> bool:
    return c.relation in ("expandsInto", "operatesIn") and dict(c.qualifiers).get("status") == "planned"


def _waiting(entry: Claim, claims: list[Claim]) -> Claim:
    """A planned entry told after a deal of its company's that has not closed, in one sentence, waits on the deal:
    "agreed to buy Van Noord, a deal that would give it a foothold in the Netherlands" is pending, as the purchase
    is. An entry with a way of its own ("plans to open a plant in Hungary and agreed to buy ...") stays a plan."""
    found = dict(entry.qualifiers)
    if entry.relation != "expandsInto" or found.get("status") != "planned" or "via" in found:
        return entry
    deal = next(
        (
            c
            for c in claims
            if c.relation == "acquires"
            and c.subject.name == entry.subject.name
            and dict(c.qualifiers).get("status") == "pending"
            and c.object.start < entry.object.start
        ),
        None,
    )
    if deal is None:
        return entry
    return replaced_status(entry, "pending")


def _is_headline(sentence: Sentence, state: State) -> bool:
    """A heading before the document's company is known is its headline: read for facts and for the company."""
    return state.main is None and not _BYLINE.match(sentence.text) and len(sentence.text.split()) >= 3


@cache
def _descriptor_regex() -> re.Pattern[str]:
    nouns = literal_alternation([*data("names")["anaphor_nouns"], "venture"])  # "X, the joint venture": "the venture"
    return re.compile(rf"(?<![\w-])(?P<noun>{nouns})s?(?![\w-])", re.IGNORECASE)


_AFTER_HEAD = re.compile(r"\s(?:with|of|for|at|on|from|by|that|which|who|whose)\s")
_APPOSED_DESCRIPTION = re.compile(r",\s+(?:a|an|the|its|their)\s+([^,;]{0,50})")


_PART_OF = re.compile(r"(?:[\w-]+\s+){0,3}?(?:unit|arm|subsidiary|division|affiliate|business)\s+of\b", re.IGNORECASE)


#: Nouns every company is: after a name in passing, "the company" is still the story's company.
_GENERIC_NOUNS = frozenset(("company", "firm", "group", "business"))


_DEALINGS = frozenset(("acquires", "investsIn", "partnersWith", "hasSubsidiary"))


def _remember_counterparts(state: State, claims: list[Claim]) -> None:
    """The companies the story's company deals with: one of them taking the focus does not make the story its."""
    if state.main is None:
        return
    main = state.main.name
    for c in claims:
        # "Hengrui" in the headline is "Jiangsu Hengrui Pharmaceuticals" in the body: the short name's words
        if c.relation in _DEALINGS and one_name(main, c.subject.name):
            state.counterparts.add(c.object.name)
        elif c.relation == "partnersWith" and one_name(main, c.object.name):
            state.counterparts.add(c.subject.name)


def _spelled_out(text: str, mentions: list[Mention], state: State) -> list[Mention]:
    """ "China Aerospace Science and Technology Corp (CASC) ... CASC said": a short name in brackets right after a
    full one stands for it wherever the document uses it."""
    for a in mentions:
        if (
            a.origin != "anaphor"
            and a.surface.isupper()
            and 2 <= len(a.surface) <= 10
            and text[a.start - 1 : a.start] == "("
            and text[a.end : a.end + 1] == ")"
        ):
            full = next(
                (
                    m
                    for m in mentions
                    if m.end in (a.start - 2, a.start - 1)
                    and m.origin != "anaphor"
                    and m.type not in PLACES
                    and m.name != a.name
                    and " " in m.name
                ),
                None,
            )
            if full is None:
                continue
            name = full.name
            place = next((p for p in mentions if p.type in PLACES and p.end + 1 == full.start), None)
            if place is not None and a.surface[0] == place.surface[0] != full.surface[0]:
                # "China Railway Signal & Communication (CRSC)": the place its short name spells opens the name
                name = text[place.start : full.end]
            state.acronyms.setdefault(a.surface, name)
    if not state.acronyms:
        return mentions
    return [
        replace(m, name=state.acronyms[m.surface], type=m.type or state.types.get(state.acronyms[m.surface], ""))
        if m.surface in state.acronyms and m.origin != "anaphor" and m.type not in PLACES
        else m
        for m in mentions
    ]


def _places_read(found: list[Mention], read: dict[str, str]) -> list[Mention]:
    """ "Nuevo León economy secretary ...": a town or province the document names after a place word elsewhere is
    that place wherever a guessed name is just its words ("Nuevo León Foods" stays a company)."""
    return [
        Mention(m.start, m.end, read[m.surface], "Country", m.surface, "city", m.confidence)
        if m.origin == "guess" and m.surface in read
        else m
        for m in found
    ]


def _meant_places(found: list[Mention], meant: dict[str, str]) -> list[Mention]:
    """ "Congo" where the document says it means DR Congo: the country it names, by its short name."""
    return [replace(m, name=meant[m.surface]) if m.surface in meant and m.type == "Country" else m for m in found]


def _short_company(m: Mention, state: State, text: str) -> Mention:
    """ "Zhejiang Qianjiang Motorcycle ... Qianjiang bought Benelli": a city name that is the distinctive word of a
    company the story named stands for that company."""
    if m.origin != "city" or " " in m.surface:
        return m
    main = state.main
    if (
        main is not None
        and " " in main.name
        and main.name.split()[0] == m.surface
        and state.types.get(main.name, main.type) == "Company"
        and not _PLACE_PREPOSITION.search(text, max(0, m.start - 12), m.start)
        and not HOME_ATTRIBUTE.match(text, m.end)
    ):
        # "Jinghong New Energy ... Jinghong has sold small systems on Mercado Libre": the story's company by its
        # first word, though a town shares it (not "in Jinghong", "Jinghong-based")
        return Mention(m.start, m.end, main.name, "Company", m.surface, "guess", 0.6)
    for name in reversed(state.named):
        words = name.name.split()
        if len(words) < 2 or state.types.get(name.name, name.type) not in ("Company", UNTYPED):
            continue
        # "Smithfield Foods ... Smithfield sells": a town only a place word lets the gazetteer read, opening a name
        # whose other words are company words, is that company's short name
        town = words[0] == m.surface and _is_small_town(m.surface) and all(w in company_ends() for w in words[1:])
        if m.surface in words[1:] or town:
            return Mention(m.start, m.end, name.name, "Company", m.surface, "guess", 0.6)
    return m


_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|from|near|to|into|outside|around|across|of)\s+$", re.IGNORECASE)


def _first_word_of_ours(text: str, m: Mention, state: State) -> Mention:
    """ "Kangshi Eyewear ... said Kangshi had offered": a word no sentence has typed that opens the name of the
    story's company (or the one in focus), and of no other name the story used, is that company (not a short name
    given in brackets, '("Corvance")', which is a name of its own)."""
    if m.origin != "guess" or m.type != UNTYPED or text[max(0, m.start - 2) : m.start].endswith(("(", '("', "(\u201c")):
        return m
    longer = _opens_one_company(m.surface, state)
    return m if longer is None else Mention(m.start, m.end, longer, "Company", m.surface, "guess", 0.6)


def _opens_one_company(word: str, state: State) -> str | None:
    """The one company the story named whose name ``word`` opens, also where a headline used the word alone
    ("Bluecrane chief: ... Bluecrane Games made ... Bluecrane's revenue")."""
    if " " in word or len(word) < 4:
        return None
    opened = {n for n in [*state.types, *(m.name for m in state.named)] if _opened_by(n, word)}
    # "Beiyang Watch Group and Beiyang Optical": two names it may stand for, so neither
    longer = opened.pop() if len(opened) == 1 else None
    # the story's own company, or the one in focus: a parent named in passing ("the Alibaba Group logistics unit")
    # leaves "Alibaba" alone
    ours = {m.name for m in (state.main, state.focus) if m is not None}
    if longer is None or longer not in ours:
        return None
    if state.types.get(longer) != "Company" and not (
        state.main is not None and longer == state.main.name and not longer.startswith(word + " ")
    ):
        # "Jiangsu Dongling Textile was founded in 1998. ... Dongling opened": the story's company after its
        # province, though nothing typed it; a name's first word untyped may be a parent ("Tencent" of "Tencent Cloud")
        return None
    return longer


def _opened_by(name: str, word: str) -> bool:
    """Whether ``word`` opens ``name``, or follows the province or city a Chinese company's name opens with
    ("Dongling" of "Jiangsu Dongling Textile")."""
    if name.startswith(word + " "):
        return True
    words = name.split()
    return len(words) > 2 and words[1] == word and words[0] in gazetteer.world_cities()


def _is_small_town(name: str) -> bool:
    """A city name the gazetteer reads only after a place word ("in Smithfield"): a town, not a province."""
    city = gazetteer.world_cities().get(name)
    return city is not None and city.cue


def _remember_owners(state: State, claims: list[Claim]) -> None:
    """Who owns each brand: "the group" later is the owner, not its brand."""
    for c in claims:
        if (
            c.relation in ("hasBrand", "hasSubsidiary")
            and dict(c.qualifiers).get("status") is None
            and c.subject.name != c.object.name
        ):
            state.owners.setdefault(c.object.name, c.subject)


_FROM_BEFORE = re.compile(r"\bfrom\s+$")
#: A noun right after a name, naming what it is: "its Pearl Tea brand", "the Vexa chain".
_HEAD_NOUN_AFTER = re.compile(r"\s+(?P<noun>brand|label|chain)\b(?!\s+(?:of|for)\b)")


def _remember_descriptions(state: State, view: View) -> None:
    """ "Bubble tea chain X" and "X, a milk tea brand": the noun that describes each company names it later."""
    for m in view.mentions:
        if m.origin == "anaphor" or state.types.get(m.name, m.type) not in (*FOCUS_TYPES, UNTYPED):
            continue
        if not _FROM_BEFORE.search(view.text, max(0, m.start - 6), m.start):
            # "bought from Starwood Capital": a seller is left behind, "the company" next is not it
            state.named = [*[n for n in state.named if n.name != m.name][-7:], m]
        if state.types.get(m.name, m.type) == UNTYPED:
            continue
        before = view.text[max(0, m.start - 30) : m.start]
        after = view.text[m.end : m.end + 60]
        nouns = [x.group("noun") for x in _descriptor_regex().finditer(before) if x.end() >= len(before) - 1]
        apposed = _APPOSED_DESCRIPTION.match(after) if after.startswith(",") else None
        headed = _HEAD_NOUN_AFTER.match(after)
        nouns += [headed.group("noun")] if headed else []  # "Heyu Group's Pearl Tea brand": "the brand" is Pearl Tea
        if apposed:
            part = _PART_OF.match(apposed.group(1))
            # "Arbonia Climate, the heating arm of Arbonia": "the division" later is this part, by any part noun
            nouns += list(data("names")["part_anaphor_nouns"]) if part else []
            # "Volt Andes, its venture with a Peruvian utility": the head noun comes before the phrase that follows it
            head = _AFTER_HEAD.split(apposed.group(1), maxsplit=1)[0]
            # "Chagee Malaysia, the brand's local unit": a possessive's noun is the owner's, not this name's
            owned = [x for x in _descriptor_regex().finditer(head) if not head.startswith(("'", "\u2019"), x.end())]
            nouns += [x.group("noun") for x in owned][-1:] if not part else []
        # "the company", "the group" later point to the company in focus, whatever was called so (``_resolved``)
        nouns = [n for n in nouns if n.lower() not in _GENERIC_NOUNS]
        for noun in nouns:
            state.described[noun.lower()] = m


#: Before a town: "the Tuscumbia, Alabama company", "near Clarksville, Tennessee".
_TOWN_LEAD = re.compile(r"\b(?:the|in|of|near|at|from|outside)\s+$")
_PLACE_ATTRIBUTE = re.compile(r"['\u2019]s\b|-based\b")


def _towns_before_places(text: str, found: list[Mention]) -> list[Mention]:
    """A guessed name set before a place it lies in ("the Tuscumbia, Alabama company") is a town the gazetteer
    does not know, no company: the place after it stands for both."""
    places = {m.start for m in found if m.type in ("Country", "Region") and m.origin in ("place", "city")}
    if not places:
        return found
    return [
        m
        for m in found
        if not (
            m.origin == "guess"
            and len(m.surface.split()) <= 2
            and text.startswith(", ", m.end)
            and m.end + 2 in places
            and _TOWN_LEAD.search(text, max(0, m.start - 8), m.start)
            and not _PLACE_ATTRIBUTE.match(text, next(p.end for p in found if p.start == m.end + 2))
        )
    ]


def _view(sentence: Sentence, tables: tuple, words: DocumentWords, state: State) -> View:
    text = sentence.text
    state.paragraph_opens, state.paragraph = sentence.paragraph != state.paragraph, sentence.paragraph
    found = [
        *product_anaphors(text),
        *gazetteer.find(text, tables),
        *demonym_places(text),
        *segment_mentions(text),
        *guessed_names(text, words),
        *anaphors(text),
        *_headline_name(text, words, state),
        *_lower_names_again(text, state),
        *_main_again(text, state),
    ]
    found += _owners(text, found)
    voice = corporate_voice(text)
    placed = {(m.start, m.end) for m in found if m.origin in ("place", "city")}
    if voice and not any(
        m.type in ("Company", "Organization", UNTYPED)
        and m.origin != "anaphor"
        and m.start >= voice[0].end
        and (m.start, m.end) not in placed
        for m in found
    ):
        found += voice  # "Management told us it will ...", with no company named
    if words.towns:
        # "From Yongkang to the Alps": a word the story calls a town ("the Yongkang-based company") is none of its
        # companies, though the gazetteer does not know it
        found = [m for m in found if not (m.origin == "guess" and m.surface.casefold() in words.towns)]
    if words.terms:
        # "head-up displays (HUDs) ... HUDs made up half of sales": a short form of common words names no company
        found = [m for m in found if not (m.origin == "guess" and m.surface in words.terms)]
    if words.sites:
        # "Production at Arcadia ...": a name the document gave a mine is the mine's, no town elsewhere
        found = [m for m in found if not (m.origin == "city" and m.surface in words.sites)]
    found = _towns_before_places(text, _city_regions(text, place_led_names(found)))
    if words.short_places:
        found = _meant_places(found, dict(words.short_places))
    if words.places_read:
        found = _places_read(found, dict(words.places_read))
    if not sentence.heading:
        found = _local_units(found, words.body)
    elif title_case(text):
        found = [n for m in found if (n := named_in_body(m, words)) is not None]
    else:
        # 'Interview: "Retail shelves buy you trust"': a headline's capital on a word the story writes only in lower
        # case ("about retail") names no one
        found = [m for m in found if not _common_word(m, words)]
    quotes = [(q.start(), q.end()) for q in _QUOTE.finditer(text)]
    quotes = _quote_carried(text, sentence.paragraph, quotes, state)
    if state.interviewee is None and sentence.paragraph in state.questions:
        state.interviewee = state.main or state.focus
    if sentence.paragraph in state.answers:
        quotes = [(0, len(text))]  # an interview's answer is the company's own words, with or without quote marks
    found += _quoted_we(text, quotes)
    if sentence.paragraph in state.questions:
        # "Q: You opened an office in Riyadh. Why?": the interviewer's "you" is the company interviewed
        found = [m for m in found if m.surface.lower() not in _YOU] + _asked_you(text)
        quotes = [(0, len(text))]
    kicker = _KICKER.match(text)
    if kicker is not None and all(w.lower() in _KICKER_WORDS for w in kicker.group(1).split()):
        # "Analyst note: Rainbow Agro's ...", "Interview: ...": the label of the piece names no one
        found = [m for m in found if m.start >= kicker.end()]
    credit = DATELINE.match(text) or _AGENCY_FIRST.match(text) or _WIRE_CREDIT.match(text)
    if credit is not None and credit.group("agency"):
        # "(Reuters) - ": the agency that filed the story is no party to it
        found = [m for m in found if not credit.start("agency") <= m.start < credit.end("agency")]
    if credit is not None:
        # "PREMSTAETTEN, Austria — ": a dateline's town the gazetteer does not know is still no company
        found = [m for m in found if not (m.origin == "guess" and m.end <= credit.end())]
    day_first = DAY_FIRST_DATELINE.match(text)
    if day_first is not None:
        # "CAN THO, 9 June 2025 - ": nor is the town of a dateline that gives the day first
        found = [m for m in found if not (m.origin == "guess" and m.end <= day_first.end())]
    for m in found:
        if m.origin == "guess" and " " in m.surface and _OFFICE_NAME.fullmatch(m.surface):
            # "Trade and Industry Minister Ebrahim Patel": the office holder is a person even where another
            # reading of the words wins ("Trade and Industry"), so "Patel" later is no company
            _is_person(text, m, state)
    chosen = [
        piece
        for m in select(found)
        if not _MEASURE.fullmatch(m.surface)
        and not _unit_after_number(text, m)
        and not _TICKER_SUFFIX.search(text, max(0, m.start - 3), m.start)
        and not _is_exchange_ticker(text, m)
        for piece in _split_owned(_without_gerund(text, m, words))
    ]
    if sentence.heading:
        state.research_houses |= _masthead_houses(text, chosen)
    state.research_houses |= _rating_houses(text, chosen)
    kept = [
        m
        for m in chosen
        if m is not None
        and not _is_person(text, m, state)
        and not _is_source(text, m)
        and m.name not in state.research_houses
        # "In a statement to the Shenzhen Stock Exchange, the company said": where shares trade, never an actor
        and not (m.origin in ("guess", "cue") and " " in m.name and EXCHANGE.search(m.name))
    ]
    kept = [m for m in infrastructure_names(text, kept) if not _places_joined(m)]
    state.lower_names |= {m.name: m for m in kept if m.origin == "cue" and m.surface.islower()}
    mentions = _typed_lists(
        text,
        [
            _employer(text, _short_company(_first_word_of_ours(text, _retyped(m, state), state), state, text))
            for m in kept
        ],
    )
    mentions = _with_place_anaphors(text, mentions, state)
    if "(" in text or state.acronyms:
        mentions = _spelled_out(text, mentions, state)
    for m in mentions:
        if m.type == "Company" and m.origin != "anaphor" and state.types.get(m.name) == "Organization":
            state.types[m.name] = "Company"  # "Bambu Lab, the Shenzhen-based maker ...": a company after all
    speaker = _speaker(text, mentions, quotes, state)
    state.reporter = _reporter(text, mentions)
    resolved: list[Mention] = []
    for i, m in enumerate(mentions):
        cataphor = _fronted_cataphor(text, m, mentions)
        if m.origin == "anaphor" and m.surface.lower() in _WE | _YOU:
            named = _pointing(m, speaker)
        elif cataphor is not None:
            named = _pointing(m, _retyped(cataphor, state))
        else:
            named = _resolved(text, m, mentions[i + 1] if i + 1 < len(mentions) else None, resolved, state)
            if named is not None and not is_pronoun(m) and named.name in state.apposed_products and state.main:
                named = _pointing(m, state.main)  # "Koi Garden, a puzzle game, ... The company said": not the game
        if named is not None and named.type == UNTYPED and m.origin == "anaphor" and not is_pronoun(m):
            kind = type_cue(_anaphor_noun(m))
            if kind == "Company":  # not "the brand": a company is called its brand too
                # "...: Yutong. The Zhengzhou-based manufacturer has ...": the noun types the name it points to
                named = named.typed(kind)
                state.types.setdefault(named.name, kind)
        if named is not None:
            resolved.append(named)
            if m.origin == "anaphor" and named.name and (m.surface.startswith("The") or _SPEAKS.match(text, m.end)):
                # "..., the British company said", "The Wuhan-based carmaker ...": where the company it points to is
                # based, for later descriptions (not from "approved by the French carmaker's board", whose owner may
                # be any company the sentence named)
                home = _home_country(m.surface) or _nationality(m.surface)
                if home:
                    state.homes.setdefault(named.name, home)
    if (
        state.questions
        and state.interviewee is None
        and not sentence.heading
        and sentence.paragraph < min(state.questions)
    ):
        # "We spoke to Lanting International's president, Wen Jiahui, about ...": whose executive answers
        holder = _title_holder(text, resolved)
        if holder is not None and holder.type == UNTYPED:
            # "Tarvo's president": the short name of the story's company, else a company by its title
            known = [c for c in (state.main, state.focus) if c is not None and c.name.startswith(holder.name)]
            holder = known[0] if known else holder.typed("Company")
        state.interviewee = holder
    if state.bought:
        resolved = _named_local_unit(text, resolved, state)
    if state.focus is not None and any(
        m.origin == "anaphor" and m.name == state.focus.name and not is_pronoun(m) for m in resolved
    ):
        # "chief executive Lin Qiao said more than half of the Guangzhou-based company's revenue ...": a sentence
        # that points back to the company in focus by a description keeps it there for the sentences after it
        state.focus_sentence = state.sentence
    recent = state.sentence - state.focus_sentence <= ZERO_ANAPHORA_SENTENCES
    # "An executive told Reuters that X plans ...": whom the words were told to takes no part in what they tell
    resolved = [
        m
        for m in resolved
        if m.origin == "anaphor" or m.type in PLACES or not _TOLD_BEFORE.search(text, max(0, m.start - 12), m.start)
    ]
    # "XIANJU, China, 2 April 2026 - Over the past year X has opened ...": the day the story was filed dates none of
    # what it tells
    filed = _filed_at(text)
    if filed is not None and _TODAY.search(text):
        filed = None  # "KUALA LUMPUR, 15 October 2024 - Zesto today launched ...": the day it was filed is the day
    return View(
        text,
        resolved,
        [p for p in find_periods(text) if filed is None or p.start >= filed.end()],
        state.focus,
        state.main,
        recent,
        _most_named(state, PLACES),
        _most_named(state, ("Segment",)),
        frozenset(state.counterparts),
        {name: max(counted.values(), key=lambda c: c[0])[1] for name, counted in state.lines.items()},
        state.facility,
    )


_REGION_AFTER_CITY = re.compile(r",\s+$")
_REGION_END = re.compile(r"\s*(?:[,.;:)]|$)")


def _city_regions(text: str, found: list[Mention]) -> list[Mention]:
    """ "Jacksonville, Florida,": a capitalised word set off after a city is its state or province, in the
    city's country, not a name that could do anything."""
    cities = [m for m in found if m.origin == "city"]
    if not cities:
        return found
    # "Kingston, Ontario", "Perth, Scotland": the province after a city says which of the cities bearing its name
    regions = {c.start: country for c in cities if (country := _region_country(text, c)) not in (None, c.name)}
    found = [
        Mention(m.start, m.end, regions[m.start], m.type, m.surface, "city", m.confidence)
        if m.origin == "city" and m.start in regions
        else m
        for m in found
    ]
    cities = [m for m in found if m.origin == "city"]
    out = []
    for m in found:
        city = next(
            (c for c in cities if m.origin == "guess" and _REGION_AFTER_CITY.fullmatch(text, c.end, m.start)), None
        )
        if city is not None and " " not in m.surface and _REGION_END.match(text, m.end):
            m = Mention(m.start, m.end, city.name, city.type, m.surface, "city", city.confidence)
        out.append(m)
    return out


_REGION_NAMED = re.compile(r",\s+([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)(?=\s*[,.;:)(\u2014-]|\s+(?:[a-z(]|\u2014)|$)")


def _region_country(text: str, city: Mention) -> str | None:
    """The country of the state or province set off after ``city`` ("Birmingham, Alabama"), if it is one."""
    match = _REGION_NAMED.match(text, city.end)
    if match is None:
        return None
    entries = gazetteer.places().entries
    phrase = entries.get(match.group(1)) or entries.get(match.group(1).split()[0])
    # provinces are read only after a place word elsewhere ("in Ontario"); a country name ("Atlanta, Georgia") is not
    return phrase.name if phrase is not None and phrase.origin == "city" and phrase.ambiguous else None


def _most_named(state: State, types: tuple[str, ...]) -> Mention | None:
    """The place (or segment) the story has named most so far: what it is about."""
    counted = [c for c in state.markets.values() if c[1].type in types]
    return max(counted, key=lambda c: c[0])[1] if counted else None


def _local_units(found: list[Mention], body: str) -> list[Mention]:
    """ "Zhipu Auto Thailand", "Lazada Vietnam": a name that ends with a country is a company's local unit, not
    the country; the guess is trusted over the place inside it.  "Haier Europe" ends with a region, which events
    and cables end with too ("GITEX Asia", "Pakistan and East Africa Connecting Europe"): it is a unit only where
    the document names its company alone too ("Haier")."""
    places = [m for m in found if m.origin == "place" and m.type in ("Country", "Region")]
    return [
        Mention(m.start, m.end, m.name, "Company", m.surface, "cue", m.confidence)
        if m.origin == "guess" and " " in m.surface and any(_ends_unit(m, p, body) for p in places)
        else m
        for m in found
    ]


def _ends_unit(m: Mention, place: Mention, body: str) -> bool:
    if not m.start < place.start < m.end:
        return False
    if place.end < m.end:  # "Minth Serbia Automotive": a country inside a name that ends with a company word
        # "Yashili New Zealand Dairy": a country inside a name a company's word ends is the local unit's name
        return place.type == "Country" and ends_in_company_word(m.surface)
    if place.end > m.end or place.type == "Country":
        return place.end == m.end
    company = m.surface[: place.start - m.start].rstrip()
    return bool(re.search(rf"\b{re.escape(company)}\b(?!\s+{re.escape(place.surface)})", body))


#: ("A Runxin-owned showroom": an article opening the sentence is no part of the owner's name)
_OWNED_BY = re.compile(
    r"\b(?!(?:A|An|The|Its|Their)\s)([A-Z][\w&.]*(?:\s+[A-Z][\w&.]*){0,3})-(?:owned|backed|controlled|funded)\b"
)


def _owners(text: str, found: list[Mention]) -> list[Mention]:
    """ "Sinobright-owned", "Orchid Ventures-backed": the owner's name before the hyphen is a name of its own."""
    if "-" not in text:
        return []
    return [
        Mention(m.start(1), m.end(1), m.group(1), UNTYPED, m.group(1), "guess", 0.6)
        for m in _OWNED_BY.finditer(text)
        # "the Russian-owned app", "a state-owned bank": whose nationals, or what kind of owner, not a name
        if m.group(1) not in data("names")["demonyms"] and m.group(1) not in _OWNER_KINDS
    ]


_OWNER_KINDS = frozenset(("State", "Family", "Government", "Foreign", "Privately", "Publicly"))


def _split_owned(m: Mention | None) -> list[Mention]:
    """ "Orchid Ventures-backed Fenlo" guessed as one name is two: the backer and the name it backs."""
    if m is None:
        return []
    found = _OWNED_BY.search(m.surface) if m.origin == "guess" else None
    if found is None:
        return [m]
    owner = Mention(
        m.start + found.start(1), m.start + found.end(1), found.group(1), UNTYPED, found.group(1), "guess", 0.6
    )
    rest = re.search(r"[A-Z][\w&.]*(?:\s+[A-Z][\w&.]*)*$", m.surface[found.end() :])
    if rest is None:
        return [owner]
    start = m.start + found.end() + rest.start()
    return [owner, Mention(start, m.end, rest.group(), m.type, rest.group(), m.origin, m.confidence)]


#: "the country", "the local market", and "there" where it is no existential ("there are 40 stores"): the place
#: named last.
_PLACE_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:local\s+)?(?P<noun>continent|region|country|nation|kingdom|territory|market)(?:'s)?(?![\w-])"
    r"|(?<![\w-])(?P<there>[Tt]here)(?![\w-])(?!\s+(?:is|are|was|were|has|have|had|will|would|could|may|might|"
    r"seems?|appears?|remains?|exists?|should|must|can|used)\b)"
)
_PLACE_NOUN_TYPES = {
    "there": ("Country", "Region"),
    "market": ("Country", "Region"),
    "continent": ("Region",),
    "region": ("Region", "Country"),
    "country": ("Country",),
    "nation": ("Country",),
    "kingdom": ("Country",),
    "territory": ("Country", "Region"),
}


_ORIGIN_BEFORE = re.compile(r"\b(?:from|based\s+in|headquartered\s+in|than|outside)\s+(?:the\s+)?$", re.IGNORECASE)


def _is_market_place(text: str, m: Mention) -> bool:
    """A place "the country" may later point to: not an origin ("a brand from Taiwan") or a comparison."""
    return m.type in ("Country", "Region") and not _ORIGIN_BEFORE.search(text, max(0, m.start - 25), m.start)


def _places_joined(m: Mention) -> bool:
    """ "China-Europe freight trains", "the Asia-Pacific-Americas route": places joined by hyphens, no company."""
    if m.origin != "guess" or "-" not in m.surface or " " in m.surface:
        return False
    entries = gazetteer.places().entries
    return all(part in entries and entries[part].type in ("Country", "Region") for part in m.surface.split("-"))


def _with_place_anaphors(text: str, mentions: list[Mention], state: State) -> list[Mention]:
    """ "the leader on the continent", "its shops in the country": the place named last, of the noun's kind."""
    if not _PLACE_ANAPHOR.search(text):
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    added = []
    for a in _PLACE_ANAPHOR.finditer(text):
        kinds = _PLACE_NOUN_TYPES[(a.group("noun") or "there").lower()]
        earlier = [
            m
            for m in mentions
            if m.end <= a.start()
            and m.type in kinds
            and m.origin != "anaphor"
            # "its only terminal outside China, and it has invested $300 million there": not China
            and not _ORIGIN_BEFORE.search(text, max(0, m.start - 25), m.start)
        ]
        place = earlier[-1] if earlier else _place_before(state, kinds)
        if place is not None and place.type in kinds and all(a.end() <= s or a.start() >= e for s, e in taken):
            added.append(Mention(a.start(), a.end(), place.name, place.type, a.group(), "anaphor", 0.6))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions


#: A facility and the place it stands in: "a cell plant near Setubal, Portugal", "its plants in Hungary".
_FACILITY_IN = re.compile(
    rf"\b{FACILITY_NOUN}\s+(?P<prep>(?:in|at|near|outside|on\s+the\s+outskirts\s+of)\s+)?", re.IGNORECASE
)
#: A place that names a facility before its noun: "its Debrecen battery plant", "the Hungarian factory".
_PLACE_THEN_FACILITY = re.compile(rf"\s+(?:[a-z][\w-]*\s+){{0,2}}{FACILITY_NOUN}\b")


def _facility_place(view: View) -> Mention | None:
    """Where the last facility a sentence places stands: the place right after its noun ("a plant in Sines,
    Portugal", "a second line there") or right before it ("its Debrecen plant")."""
    found = []
    for m in _FACILITY_IN.finditer(view.text):
        place = view.at(m.end(), PLACES) or (town_place(view, m.end()) if m.group("prep") else None)
        if place is not None and (m.group("prep") or place.surface.lower() == "there"):
            if (
                (m.group("prep") or "").lower().startswith("outside")
                and place.type != "City"
                and place.surface == place.name
            ):
                continue  # "its first plant outside China": anywhere but there ("a mill outside Jakarta" is by it)
            found.append((m.start(), place))
    found += [(p.start, p) for p in view.mentions if p.type in PLACES and _PLACE_THEN_FACILITY.match(view.text, p.end)]
    # a country over a region: "a factory in Indonesia, its largest base in Southeast Asia"
    return max(found, key=lambda f: (f[1].type == "Country", f[0]))[1] if found else None


def _place_before(state: State, kinds: tuple[str, ...]) -> Mention | None:
    """The place "the country" opening a sentence points to: the story's own market if the sentence before named
    it ("Egypt, whose deals give access to the EU and the US. Two firms plan plants in the country": Egypt), else
    the last place named."""
    story = _most_named(state, kinds[:1])  # "the region" is the story's region, not a country it names more
    if story is not None and any(p.name == story.name for p in state.last_places):
        return story
    return state.place


_QUOTE = re.compile(r'"[^"]{3,}"')
_WE = frozenset(("we", "our", "us", "ours"))
_YOU = frozenset(("you", "your", "yours"))
_YOU_WORD = re.compile(r"\b(?:[Yy]ou|[Yy]our|yours)\b")


def _asked_you(text: str) -> list[Mention]:
    """ "You opened an office in Riyadh", "your plant": in an interview's question, the company interviewed."""
    return [Mention(m.start(), m.end(), "", UNTYPED, m.group(), "anaphor", 0.8) for m in _YOU_WORD.finditer(text)]


_WE_WORD = re.compile(r"\b(?:[Ww]e|[Oo]ur|us|ours)\b")


#: "Q: You also opened an office in Bangkok.": a question labelled as one, even without its question mark.
_QUESTION_LABEL = re.compile(r"\s*(?:Q|Question)\s*[:.]\s")


def _interview(sentences: list[Sentence]) -> tuple[frozenset[int], frozenset[int]]:
    """The paragraphs that ask and those that answer in a question-and-answer interview: the questions are paragraphs
    of one or two sentences, the last ending in "?"; the answers, after the first question, every paragraph that is
    not one. A document with fewer than two questions is no interview (no paragraphs either way)."""
    paragraphs: dict[int, list[str]] = {}
    for sentence in sentences:
        if not sentence.heading:
            paragraphs.setdefault(sentence.paragraph, []).append(sentence.text)
    questions = [
        p
        for p, texts in paragraphs.items()
        if len(texts) <= 2 and (texts[-1].rstrip().endswith("?") or _QUESTION_LABEL.match(texts[0]))
    ]
    if len(questions) < 2:
        return frozenset(), frozenset()
    answers = frozenset(p for p in paragraphs if p > questions[0] and p not in questions)
    return (frozenset(questions) if answers else frozenset()), answers


def _common_word(m: Mention, words: DocumentWords) -> bool:
    """A guessed one-word name the document writes in lower case and never capitalised mid-sentence."""
    return (
        m.origin == "guess"
        and " " not in m.surface
        and m.surface.lower() in words.lower
        and m.surface not in words.capitalised
    )


#: The marks that open or close a quotation: a straight one does either, a curly one says which.
_QUOTE_MARKS = re.compile(r"[\"\u201c\u201d]")
_CURLY = {"\u201c": True, "\u201d": False}


def _quote_carried(text: str, paragraph: int, quotes: list[tuple[int, int]], state: State) -> list[tuple[int, int]]:
    """The sentence's quotations, with the part a quotation opened in an earlier sentence of the paragraph still
    holds ('Our naval strategy game ...' between '"Japanese players are patient.' and '..." Lin said'); records
    whether the sentence leaves one open."""
    inside = state.open_quote == paragraph
    marks = list(_QUOTE_MARKS.finditer(text))
    carried = [(0, marks[0].start() if marks else len(text))] if inside else []
    for mark in marks:
        inside = _CURLY.get(mark.group(), not inside)
    if inside and not carried and marks and not quotes:
        # the quotation opened here runs on past the sentence: its words from the mark on are quoted too
        carried = [(marks[-1].start(), len(text))]
    state.open_quote = paragraph if inside else -1
    return [*carried, *quotes]


def _quoted_we(text: str, quotes: list[tuple[int, int]]) -> list[Mention]:
    """ "We opened ...", "our stores": inside a quote, the speaker's company."""
    return [
        Mention(m.start(), m.end(), "", UNTYPED, m.group(), "anaphor", 0.8)
        for start, end in quotes
        for m in _WE_WORD.finditer(text, start, end)
    ]


#: An executive's title after a company's possessive: "Lanting International's president" (before the name, "chief
#: executive of Kaiyo Pets", is ``_TITLE_OF``).
_TITLE_WORDS = (
    r"(?:chief\s+(?:executive|\w+\s+officer)|ceo|cfo|cto|coo|founder|co-founder|chairman|chairwoman|president|"
    r"vice-president|(?:general\s+|managing\s+)?manager|(?:managing\s+)?director|head)"
)
_TITLE_AFTER = re.compile(rf"(?:'s|\u2019s|(?<=s)')\s+(?:[\w-]+\s+){{0,2}}?{_TITLE_WORDS}\b", re.IGNORECASE)


def _title_holder(text: str, mentions: list[Mention]) -> Mention | None:
    """The company an interview's introduction names an executive of, if it names one."""
    for m in mentions:
        if m.origin == "anaphor" or m.type not in ("Company", "Organization", UNTYPED):
            continue
        if _TITLE_AFTER.match(text, m.end) or _TITLE_OF.search(text, max(0, m.start - 60), m.start):
            return m
    return None


#: A speaker's name standing alone before its verb or at the sentence's end ('," Zhou said', '," said Lin.'), not
#: before a role noun ("Qiyuan chairman Zhou Ming said", "a Harvo spokesperson").
_SPEAKS_ALONE = re.compile(r"\s+(?:said|says|told|added|explained|noted)\b|\s*[.!?]?\s*$")


def _speaker(text: str, mentions: list[Mention], quotes: list[tuple[int, int]], state: State) -> Mention | None:
    """Whose words a quote is: the company its attribution names ("said Li Wei, chief executive of Kaiyo Pets",
    "a spokeswoman for Dragonsea said"), else the story's company."""
    if not quotes:
        return None
    outside = [
        m
        for m in mentions
        if m.origin != "anaphor"
        and not any(s <= m.start < e for s, e in quotes)
        and state.types.get(m.name, m.type) in ("Company", "Brand", "Organization", UNTYPED)
        # "founder Li Wei told Yicai": the outlet spoken to is not whose words they are
        and not _TOLD_BEFORE.search(text, max(0, m.start - 12), m.start)
        # '"Our strategy game ...," Zhou said': one word nothing typed is a person's name, not a company
        and not (
            m.type == UNTYPED
            and m.origin == "guess"
            and " " not in m.surface
            and not state.types.get(m.name)
            and _SPEAKS_ALONE.match(text, m.end) is not None
        )
    ]
    if outside:
        return outside[0]
    if state.interviewee is not None and quotes == [(0, len(text))]:
        # "A: ... through Lanxin GmbH, our subsidiary in Düsseldorf. ... We also signed ...": the company interviewed
        return state.interviewee
    # "Ardersier is part of a freeport. 'We are excited ...,' founder Zhang said": an executive the attribution
    # names no company for speaks for the story's company, whatever the sentence before was about
    if state.main is not None and not state.types.get(state.main.name, state.main.type) and state.focus is not None:
        return state.focus  # "Bluecrane chief: ..." heads a story about "Bluecrane Games", which nothing typed it as
    return state.main or state.focus


_HEADLINE_START = re.compile(
    r"^(?:(?:[A-Z][\w.-]*\s+){0,2}[\w.-]+-(?:listed|based|headquartered)\s+)?"  # "Hong Kong-listed Qilin Games ..."
    r"([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2}?)(?:'s)?\s+(?=[a-z])"
)
_NOT_HEADLINE_NAMES = frozenset(
    "the a an why how what when where who which this these those china chinese us new more most top first "
    "inside exclusive analysis update breaking opinion explainer interview report".split()
)


#: "X's European arm", "X's new owner", "X's Gulf franchisee": a headline whose subject is another company,
#: described by what it is to the name.
_NAMES_ANOTHER_COMPANY = re.compile(
    r"'s?\s+(?:[\w-]+\s+){0,2}?(?:arm|unit|operator|owner|parent|subsidiary|affiliate|division|spin-?off|"
    r"franchisee|licensee|distributor|partner|rival|supplier|buyer|backer|investor)s?\b",
    re.IGNORECASE,
)


def _describes_next_name(rest: str) -> bool:
    """ "phone maker Tecsun ships ...": lower-case words ending in a noun that says what the next name is."""
    words = rest.split()
    for i, word in enumerate(words[:4]):
        if not word[:1].islower():
            return False
        if type_cue(word) and i + 1 < len(words) and words[i + 1][:1].isupper():
            return True
    return False


def _headline_name(text: str, words: DocumentWords, state: State) -> list[Mention]:
    """A headline starts with its subject: "Veloza bets on Mexico", "Rivoo names Europe chief"."""
    if not state.heading or state.main is not None:
        return []
    found = _HEADLINE_START.match(text)
    if found is None:
        return []
    name = found.group(1)
    first = name.split()[0].lower()
    if first in _NOT_HEADLINE_NAMES or first in words.lower or name in _demonyms() or len(name) < 3:
        return []
    if never_a_name(name.split()[0]):
        return []  # "From a Wenzhou workshop to the Dubai Mall: how Kanlu Eyewear ...", with no "from" in the body
    if NUMBER_WORD.fullmatch(name):  # "Two years on, Kelan ...": a count, no name
        return []
    if len(name.split()) == 1 and GOODS_MAKER.match(text, found.end(1) + 1):
        return []  # "Drone maker widens Brazil push": the goods of a maker the body names
    if COMPOUND_ADJECTIVE.match(name) or _describes_next_name(text[found.end() :]):
        # "Cross-border shopping app Dolo launches ...", "Budget phone maker Tecsun ...": the name comes later
        return []
    from kg.extract.gazetteer import places

    if name in places().entries or names_a_pair(name, text, found.end(1)):
        return []
    return [Mention(found.start(1), found.end(1), name, "Company", name, "guess", 0.6)]


#: An outsider's reading of a company: "analysts say", "according to brokers", "investors expect".
_THIRD_PARTY_VIEW = re.compile(
    r"\b(?:analysts?|observers?|experts?|economists?|investors?|brokers?|critics?|commentators?)\s+"
    r"(?:(?:at|from|with)\s+[^,;]{1,40}?\s+)?(?:say|said|says|expect|expects|expected|believe|believes|reckon|think|"
    r"thinks|warn|warned|warns|argue|argued|predict|predicted|speculate|speculated|suggest|suggested)\b|"
    r"\baccording\s+to\s+(?:\w+\s+){0,3}?(?:analysts?|brokers?|observers?)\b",
    re.IGNORECASE,
)
#: A preposition before a name, as in a person's post: "head of sales at X", "a director of X".
_WHERE_ONE_WORKS = re.compile(r"\b(?:at|of|from|with)\s+(?:the\s+)?$")
_PERSON_AFTER = re.compile(
    # "X, led by chief executive Y": a company whose aside names its head is no person
    r"^(?:,\s+who\b|,\s+speaking\s+(?:for|on\s+behalf\s+of)\b|,\s+(?:the\s+|a\s+|an\s+)?"
    rf"(?:(?!(?:by|whose|which|with)\b)[\w&'-]+\s+){{0,5}}?(?:{PERSON_ROLE_AFTER}|"
    # "Li Na, a managing partner at Fangda" is a person; "Kelin, a technology partner of Leica" a company
    r"(?:managing|senior|founding|general|equity)\s+partner|partner(?!\s+(?:of|to|for|in|with)\b))\b|"
    r"\s+\((?:ceo|cfo|cto)\)|"
    # "Oliver Bonke stays on as CEO of the unit", "X will remain chairman"
    r"\s+(?:stays?\s+on|stayed\s+on|remains?|remained|serves?|served|continues?|will\s+(?:stay|remain|serve))\s+"
    r"(?:on\s+)?(?:as\s+)?(?:the\s+|its\s+)?(?:ceo|cfo|cto|chief\s+executive|chairman|chairwoman|president|"
    r"managing\s+director|general\s+manager)\b)",
    re.IGNORECASE,
)


#: A label opening a headline or a line, before a colon: "Analyst note:", "Interview:", "Market update:".
_KICKER = re.compile(r"^((?:[A-Z][\w&-]*|Q&A)(?:\s+[A-Za-z][\w-]*){0,2}):\s+")
_KICKER_WORDS = frozenset(
    "analyst analysts analysis note notes research exclusive interview update explainer opinion comment commentary "
    "feature profile preview review q&a briefing insight market sector company report factbox timeline "
    "summary view outlook brief".split()
)
#: A research note's masthead: its publisher and desk, set apart by bars, commas or dashes ("Harbourline Securities |
#: Equity Research | Industrial Gases", "Analyst note, Kestrel Securities equity research, 9 May").
_MASTHEAD = re.compile(
    r"\b(?:[a-z]+\s+research|research\s+note|analyst\s+note|"
    r"(?:company|sector)\s+(?:update|note)|initiation\s+of\s+coverage)\b",
    re.IGNORECASE,
)
#: What a masthead part may say beside the house's name: its desk ("equity research").
_DESK = re.compile(r"(?:\s+(?:[a-z&]+\s+){0,2}research(?:\s+note)?)?", re.IGNORECASE)


#: What a research house does to a company's shares: "raised its target price for", "kept a 'buy' rating on",
#: "keeps 'buy' on", "initiated coverage of".
_RATES = re.compile(
    # "Harbour Peak upgrades Zhongyu Building Materials as ...": an upgrade names the company it rates
    r"\s+(?:has\s+|have\s+)?(?:upgraded|upgrades|downgraded|downgrades)\s+(?:shares\s+(?:of|in)\s+)?(?-i:[A-Z])|"
    r"\s+(?:has\s+|have\s+)?(?:raised|raises|lifted|lifts|cut|cuts|lowered|lowers|trimmed|trims|kept|keeps|"
    r"reiterated|reiterates|maintained|maintains|initiated|initiates|started|starts|resumed|upgraded|upgrades|"
    r"downgraded|downgrades|rates|rated)\s+"
    r"(?:[^.;]{0,40}?(?:target\s+price|price\s+target|rating|coverage|"
    r"['\u2018\u2019\"\u201c](?:buy|sell|hold|outperform|underperform|overweight|underweight|neutral)\b)"
    # "lifts Shilin Leather target as ...": another company's name, then its target
    r"|(?-i:[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3}\s+target(?=\s+[a-z]|\s*[,:;]|\s*$)))",
    re.IGNORECASE,
)
#: The words after a research house's own name: "Harbourline Securities" is "Harbourline" later in the note.
_HOUSE_WORDS = frozenset(("Securities", "Research", "Capital", "Markets", "Equities", "Brokerage", "Partners"))


def _rating_houses(text: str, mentions: Sequence[Mention | None]) -> set[str]:
    """ "Harbourline Securities raised its target price for Shilin ...": whoever rates a company's shares writes
    about the company, and the figures of the note are the company's, never the house's."""
    houses = set()
    for m in mentions:
        if (
            m is not None
            and m.type in (UNTYPED, "Company", "Organization")
            and m.origin in ("guess", "cue")
            and _RATES.match(text, m.end)
        ):
            houses.add(m.name)
            words = m.name.split()
            while len(words) > 1 and words[-1] in _HOUSE_WORDS:
                words.pop()
                houses.add(" ".join(words))
    return houses


def _masthead_houses(text: str, mentions: Sequence[Mention | None]) -> set[str]:
    """The research house a note's masthead names: a name filling one part of it, with at most its desk after."""
    if _MASTHEAD.search(text) is None:
        return set()
    houses = set()
    for part in re.finditer(r"[^|,\u2013\u2014]+", text):
        for piece in re.split(r"\s-\s", part.group()):
            start = part.start() + part.group().find(piece)
            head, end = start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())
            # "Analyst note", "Equity Research": the kind of piece, no one's name
            label = all(w.lower() in _KICKER_WORDS or w.lower() == "equity" for w in piece.split())
            for m in mentions:
                if (
                    m is not None
                    and m.type in (UNTYPED, "Company", "Organization")
                    and m.origin in ("guess", "cue")
                    and (
                        (label and head <= m.start and m.end <= end)
                        or (m.start == head and _DESK.fullmatch(text, m.end, end))
                    )
                ):
                    houses.add(m.name)
    return houses


#: "reports that Harbin Snacks is ...": a name right after the verb of saying and "that" is the reported
#: clause's subject.
_REPORTED_SUBJECT = re.compile(r"\s+\w+\s+(?:that\s+)?")
_SAYS = re.compile(
    r"\s+(?:said|says|told\s+[\w\s]{1,30}?|reported|reports|noted|notes|added|adds|estimates|estimated)\b",
    re.IGNORECASE,
)
_SOURCE_BEFORE = re.compile(r"\b(?:according\s+to|cited\s+by|reported\s+by)\s+(?:the\s+)?$", re.IGNORECASE)
_AS_REPORTED = re.compile(r"(?:^|[.;,:]\s*)[Aa]s\s+(?:the\s+)?$")
_REPORTS_AFTER = re.compile(
    r"\s+(?:has\s+|had\s+)?(?:reported|reports|said|says|noted|notes|wrote|writes|told|first\s+reported)\b"
)


def _unit_after_number(text: str, m: Mention) -> bool:
    """ "a 40 GWh plant", "120 MW": a guessed name that is the unit of the number before it."""
    return (
        m.origin == "guess" and m.surface in _UNITS and bool(_NUMBER_BEFORE.search(text, max(0, m.start - 16), m.start))
    )


_UNITS = frozenset(
    ("GW", "GWh", "MW", "MWh", "kW", "kWh", "TWh", "TW", "MT", "Mt", "km", "KM", "TEU", "DWT", "GB", "TB")
)
_NUMBER_BEFORE = re.compile(r"\d\s?$")
#: "8GW", "100km": a number with its unit is not a name.
#: "(600123.SS)": the exchange of a stock code, not a name. Searched in the three characters before a name (a match
#: ends there, or before a final newline), not from the sentence's start.
_TICKER_SUFFIX = re.compile(r"\d\.$")
#: "(HKEX: 2389)", "(NYSE: LUMO; HKEX: 9877)": an exchange's name before a ticker, in brackets after a company's.
_TICKER_AFTER = re.compile(r"\s*:\s*[A-Z0-9][A-Z0-9.]{0,9}\s*[;,)]")


def _is_exchange_ticker(text: str, m: Mention) -> bool:
    """Whether the name is an exchange's in a bracketed ticker: it names where shares trade, no party to the news."""
    return _TICKER_AFTER.match(text, m.end) is not None and text.rfind("(", 0, m.start) > text.rfind(")", 0, m.start)


#: "58.com" is a name, not a measure.
#: "300MW", "5G", "US$2bn", "40GWh": a number and its unit, no name ("52TOYS", "3irobotix" are names, and so is
#: "01VC": no quantity is written with a leading zero).
_MEASURE = re.compile(r"(?!\d+\.[a-z]{2,3}$)(?!0\d)(?:[A-Z]{2,3}\$?)?\d[\d.,]*(?:[A-Za-z]{0,3}|[GMTk]Wh|mAh)")
_GERUND = re.compile(r"[A-Z][a-z]{2,}ing\s+")
#: Verbs that open a sentence as a gerund before a company's name ("Buying Kestrel Group gave ..."); other words
#: ending in -ing before a company's name are names ("Yunjing Labs", "Huating Hotels").
_OPENING_GERUNDS = frozenset(
    "buying acquiring selling having making building opening expanding entering launching taking using adding "
    "following bringing moving leaving becoming getting including starting growing setting running owning "
    "combining merging backing funding licensing partnering joining hiring listing spinning closing".split()
)
_LONE_GERUND = re.compile(r"[A-Z][a-z]{2,}ing")
_LOWER_WORD_NEXT = re.compile(r"\s+[a-z]")


_TITLE_OF = re.compile(
    r"\b(?:chief\s+\w+(?:\s+officer)?|ceo|cfo|cto|coo|founder|co-founder|chairman|chairwoman|president|director|"
    r"head|manager|spokes(?:man|woman|person)|executive|officer|vice-president|partner|boss)\s+(?:\w+\s+){0,3}?"
    r"(?:of|at|for)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _employer(text: str, m: Mention) -> Mention:
    """ "chief executive of Lumask", "a spokeswoman for Dragonsea": the name a title belongs to is a company."""
    if m.type or m.origin != "guess" or not _TITLE_OF.search(text, max(0, m.start - 60), m.start):
        return m
    return m.typed("Company", m.confidence)


#: Seats of government a story names for the government itself; the gazetteer does not take them for places.
_GOVERNMENT_SEATS = frozenset(("Washington", "Whitehall", "Kremlin", "White House", "Downing Street", "Zhongnanhai"))
_GOVERNMENT_VERB = re.compile(
    r"\s+(?:(?:has|had|also|then|later|now|again)\s+)*(?:imposed|imposes|launched|launches|opened|opens|approved|"
    r"approves|banned|bans|blocked|blocks|said|says|announced|raised|raises|placed|ordered|slapped|warned|accused|"
    r"sanctioned|restricted|restricts|barred|bars|extended|granted|cleared|rejected|added|put|levied|will|would|"
    r"is|was|has|had)\b"
)


def _is_government(text: str, m: Mention) -> bool:
    """ "Washington imposed duties on imports from Vietnam": the government, an organization that moves into no
    market and is no company the story turns to."""
    return m.name in _GOVERNMENT_SEATS and m.origin in ("guess", "cue") and bool(_GOVERNMENT_VERB.match(text, m.end))


def _is_source(text: str, m: Mention) -> bool:
    """ "As PingWest reported", "according to Canalys": who reports a fact is not what the fact is about."""
    if m.origin not in ("guess", "cue") or m.type not in ("", "Company", "Organization"):
        return False
    if _SOURCE_BEFORE.search(text, max(0, m.start - 20), m.start):
        return True
    return bool(_AS_REPORTED.search(text, max(0, m.start - 8), m.start)) and bool(_REPORTS_AFTER.match(text, m.end))


#: "Lanting Motors' stores": a possessive after the name makes it the owner, a name, not a verb's object.
_POSSESSED_AFTER = re.compile(r"(?:'s?|\u2019s?)\s+[a-z]")


def _without_gerund(text: str, m: Mention, words: DocumentWords) -> Mention | None:
    """ "Buying GE Appliances ...": a sentence's opening gerund is not part of the name after it.

    A word the document also capitalises inside a sentence is a name, whatever its ending ("Lanting").
    """
    if m.origin not in ("guess", "cue") or m.surface.split()[0] in words.capitalised:
        return m
    if _LONE_GERUND.fullmatch(m.surface) and _LOWER_WORD_NEXT.match(text, m.end):
        return None  # "Having started with rice cookers, ...": a verb that opens the sentence
    gerund = _GERUND.match(m.surface)
    # "Haixing Turbines has delivered ...": a name's first word that only ends like a verb, no verb of the language
    if gerund is not None and not known_word(gerund.group().strip().lower()):
        return m
    if gerund is not None and m.type == "Company" and gerund.group().strip().lower() not in _OPENING_GERUNDS:
        return m  # "Yunjing Labs has ...": a name whose first word only ends like a verb, its last a company's
    if gerund is None or _acts_as_subject(text, m.end) or _POSSESSED_AFTER.match(text, m.end):
        # "Rising Solar opened ...", "Hengxing Dairy said ...": a whole name that a verb of its own follows is the
        # sentence's subject; an opening gerund takes an object and is followed by a comma or the main clause
        return m
    rest = m.surface[gerund.end() :]
    if not rest[:1].isupper():
        return None
    start = m.start + gerund.end()
    return Mention(start, m.end, rest, m.type, rest, m.origin, m.confidence)


def _lower_names_again(text: str, state: State) -> list[Mention]:
    """The lower-case names marked in earlier sentences ("realme"), wherever this one uses them again."""
    if not state.lower_names:
        return []
    found = []
    for name, first in state.lower_names.items():
        for at in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            found.append(Mention(at.start(), at.end(), name, first.type, name, "cue", first.confidence))
    return found


def _main_again(text: str, state: State) -> list[Mention]:
    """The story's company opening a sentence ("Honor named Google ... as its allies"): a name, though its one
    word is also a common noun and the word after it no usual verb of a subject."""
    main = state.main
    if main is None or main.origin == "anaphor" or not text.startswith(main.name):
        return []
    if not re.match(r"\s+[a-z]", text[len(main.name) :]):
        return []
    return [
        Mention(
            0, len(main.name), main.name, state.types.get(main.name, main.type), main.name, "guess", main.confidence
        )
    ]


def _acts_as_subject(text: str, end: int) -> bool:
    """The name ending at ``end`` is followed by a verb of its own or owns what follows ("X said", "X's plant")."""
    return gazetteer.subject_verb_follows(text, end) or text.startswith(("'s ", "\u2019s ", " ("), end)


#: "Chief Strategy Officer He Jihong", "Vice President Li Wei": a capitalised title that opens a person's name.
_TITLED_NAME = re.compile(
    r"(?:(?:Chief|Vice|Executive|Senior|Deputy|Global|Regional|General|Managing|Group)\s+)(?:[A-Z][\w&-]*\s+){0,3}?"
    r"(?:Officer|President|Director|Manager|Chairman|Chairwoman|Executive|Head|Secretary|Partner)\s+"
    r"(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})"
)


#: "Industry Minister Ebrahim Patel", "Governor Tariq Bajwa": a public office's title, then the holder's name.
_OFFICE_NAME = re.compile(
    r"(?:[A-Z][\w&-]*\s+){0,3}?(?:Minister|Secretary|Governor|Mayor|Ambassador|Senator|Premier|Chancellor|"
    r"Commissioner|Envoy|Treasurer|Congressman|Congresswoman|Lawmaker)\s+(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})"
)


#: "Founded by Don Gao in 1994": a founder with a name of two or three words and no company word is a person
#: (a company founder has one: "founded by Alibaba Group").
_FOUNDED_BY = re.compile(
    r"\b(?:[Cc]o-)?[Ff]ounded\s+(?:in\s+\d{4}\s+)?by\s+(?:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){1,2},?\s+and\s+)?$"
)


def _is_person(text: str, m: Mention, state: State) -> bool:
    """A guessed name that a title or "who" marks as a person: never a company, a subject or the focus.

    The vocabulary has no class for people, so they are left out; once marked, the name stays a person.
    """
    if m.origin != "guess" or m.type:
        return False
    known = state.types.get(m.name)
    if known:
        return known == "Person"
    words = m.surface.split()
    titled = _TITLED_NAME.fullmatch(m.surface) or _OFFICE_NAME.fullmatch(m.surface)
    if titled is not None:
        # "Chief Strategy Officer He Jihong told ...": a capitalised title and the person's name after it
        state.types[m.name] = "Person"
        for word in titled.group("name").split():
            state.types.setdefault(word, "Person")
        state.types.setdefault(titled.group("name"), "Person")
        return True
    if not 1 <= len(words) <= 3:
        return False
    after = _PERSON_AFTER.match(text[m.end : m.end + 80])
    if after and after.group().startswith(", who") and _WHERE_ONE_WORKS.search(text, max(0, m.start - 12), m.start):
        after = None  # "said Yuan Zhang, head of sales at DJI Agriculture, who pointed ...": "who" is the person
    if len(words) == 1 and not (after and after.group().startswith((", who", ", speaking"))):
        return False  # one word is a person only where "who" or "speaking for" says so
    founder = len(words) > 1 and _FOUNDED_BY.search(text, max(0, m.start - 40), m.start) is not None
    if after or founder or PERSON_BEFORE.search(text, max(0, m.start - 40), m.start) or _gendered(text, m):
        state.types[m.name] = "Person"
        for word in words if len(words) > 1 else ():
            state.types.setdefault(word, "Person")  # "Chief executive Wu Lan ... Wu said": the same person
        return True
    return False


#: A pronoun only a person takes: "Lu Wenqian has spent more time ... than sitting at her desk".
_GENDERED_PRONOUN = re.compile(r"\b(?:she|he|her|his|him|herself|himself)\b", re.IGNORECASE)
#: A role between a name and the pronoun, whom the pronoun may be: "Lanxin Tea's chief executive says he".
_ROLE_BETWEEN = re.compile(
    r"\b(?:chief|executive|ceo|cfo|founder|co-founder|chairman|chairwoman|chair|president|head|director|manager|"
    r"spokes\w+|boss|owner|officer|analyst|minister|official|partner|investor|customer|buyer|rider|driver|"
    r"farmer|worker|engineer|designer|who)\b",
    re.IGNORECASE,
)
#: Capitalised words between a name and the pronoun: another name the pronoun may point to.
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*")


def _gendered(text: str, m: Mention) -> bool:
    """A name of two or three words opening its clause, then a person's pronoun with no other name between: a
    person ("Lu Wenqian has spent ... at her desk"); a company is never "she" or "his"."""
    words = m.surface.split()
    if not 2 <= len(words) <= 3 or ends_in_company_word(m.surface) or not _at_clause_start(text, m.start):
        return False
    pronoun = _GENDERED_PRONOUN.search(text, m.end, m.end + 160)
    if pronoun is None or _ROLE_BETWEEN.search(text, m.end, pronoun.start()):
        return False  # "Lanxin Tea's chief executive says he ...": the pronoun is the role's
    # a place or a company between them is no one the pronoun may point to ("in Ontario than sitting at her desk",
    # "the Jakarta office of Lanxin Tea, where she"); a name of words no dictionary knows may be a person's
    between = [w.group() for w in _CAPITALISED_RUN.finditer(text, m.end, pronoun.start())]
    return not any(
        len(w.split()) > 1 and not place_named(w) and not any(known_word(x) for x in w.split()) for w in between
    )


def _retyped(m: Mention, state: State) -> Mention:
    """A guessed name keeps the type an earlier sentence found for it."""
    if m.type == UNTYPED and m.name in state.types:
        return m.typed(state.types[m.name])
    return m


#: ", a casual puzzle game published by ...", ", an app that ...": an apposition whose noun ends its phrase.
_APPOSED_NOUN = re.compile(
    r",\s+(?:a|an)\s+(?:[\w-]+\s+){0,4}?(?P<noun>[a-z]+)(?=\s+(?:published|made|developed|released|launched|"
    r"designed|sold|from|by|that|which|for|with)\b|\s*[,.;])"
)


def _apposed_product(text: str, end: int) -> bool:
    """Whether an apposition right after ``end`` says the name is a product ("Koi Garden, a casual puzzle game")."""
    apposed = _APPOSED_NOUN.match(text, end)
    return apposed is not None and type_cue(apposed.group("noun")) == "Product"


#: A closing quotation mark right before an attribution: '..., formal or informal," the company said'.
_AFTER_QUOTE = re.compile(r"[,.!?][\"\u201d]\s*$")


def _resolved(text: str, m: Mention, following: Mention | None, before: list[Mention], state: State) -> Mention | None:
    """An anaphor becomes what it points back to, less surely; without one it is dropped.

    "the drug" is the product named last; "it"/"its" is the nearest company or brand named earlier in the sentence,
    else the previous sentence's subject, else the company in focus; "the
    company" is the nearest company in the sentence, else the one in focus.
    "the Korean company Hanbit" names its company and points nowhere.
    """
    if m.origin != "anaphor" or m.type in ("Country", "Region"):
        return m  # a name, or a place already resolved ("the continent")
    if (
        not is_pronoun(m)
        and following is not None
        and following.origin not in ("anaphor", "place")
        and following.type not in ("Segment", "Channel", "Strategy")  # "the Chinese company's smartphones"
        and not m.surface.endswith("'s")
        and _COMMA_GAP.fullmatch(text, m.end, following.start)
    ):
        return None  # "the Korean company Hanbit", "the mobile title Star Drift": the name follows
    if m.type == "Product":
        product = next((b for b in reversed(before) if b.type == "Product"), None) or state.product
        return _pointing(m, product or _untyped_topic(state))
    unit = _fronted_unit(text, m, before)
    if unit is not None:
        return _pointing(m, unit)  # "Through its Hollen Grid unit, the company sells ...": the unit sells
    if not is_pronoun(m) and _AFTER_QUOTE.search(text, max(0, m.start - 4), m.start):
        # '"There are no talks with Haneul Soft," the company said': the speaker is no name its own words hold
        before = [b for b in before if b.start > m.start]
    if _FRONTED_GERUND.fullmatch(text, 0, m.start) or (
        not is_pronoun(m) and _FRONTED_OPENING.fullmatch(text, 0, m.start)
    ):
        # "Founded in 2011 by former Google engineer Steven Yang, the company ...", "After buying Y, the firm ...":
        # the main clause's subject is the company in focus, not a name inside the phrase fronted before it
        before = []
    if (
        (m.surface.endswith(("'s", "\u2019s")) or m.surface.lower() in ("its", "their"))
        and before
        and _APPOSED.fullmatch(text, before[-1].end, m.start)
    ):
        # "X Logistics, the group's logistics arm", "Hexin Vina, its subsidiary in Vietnam": the possessive is
        # X's owner's, not X's
        before = before[:-1]
    if _AMONG_BEFORE.search(text, max(0, m.start - 30), m.start):
        # "Tencent and Hillhouse are among its backers": "its" is not one of the names it ranks among its own
        opened = max([b.end() for b in _CLAUSE_BREAK.finditer(text, 0, m.start)], default=0)
        before = [b for b in before if b.end <= opened]
    if _anaphor_noun(m) == "venture" and not m.surface.lower().startswith(("the venture's", "the joint venture's")):
        venture = state.described.get("venture") or state.described.get("joint venture")
        if venture is not None and not any(b.name == venture.name and b.origin != "anaphor" for b in before):
            # "Orrin Motors holds 51% of the venture": the venture the story described, not the holder
            return _pointing(m, venture)
    if (
        not is_pronoun(m)
        and before
        and before[-1].origin != "anaphor"
        and _APPOSED.fullmatch(text, before[-1].end, m.start)
        and state.types.get(before[-1].name, before[-1].type) in (*FOCUS_TYPES, UNTYPED)
        # "X agreed to sell its plant to Y, the Wuxi-based maker said": the one speaking is X, not Y
        and not (_SPEAKS.match(text, m.end) and not _at_clause_start(text, before[-1].start))
    ):
        return _pointing(m, before[-1])  # "Torrelli, the Milan-based maker of ...": the name it stands beside
    companies = [
        b
        for b in before
        if not _RATES_IT.match(text, b.end)  # "Autometrix rated it the top brand in Chile, where it ...": not "it"
        and not _IS_ITS.match(text, b.end)  # "Amazon is its biggest sales channel, and the company ...": not Amazon
        and not _modifies_noun(text, b.end)  # "40 retail, F&B and grocery brands signed up, it said": not F&B
        and not _apposed_product(text, b.end)  # "Koi Garden, a puzzle game published by the company's unit"
        # "Meta held 73%, Counterpoint said, as demand grew for its glasses": a source set off by commas
        and not (text[max(0, b.start - 2) : b.start] == ", " and _SAID_ASIDE.match(text, b.end))
        and (
            state.types.get(b.name, b.type) in FOCUS_TYPES
            or _is_main(b, state)  # "Between 2019 and 2023 Kavo bought ...: it ...": the story's company, named again
            or (
                b.type == UNTYPED
                and b.origin == "guess"
                and (_at_clause_start(text, b.start) or _STOCK_OF.search(text, 0, b.start))
            )
        )
    ]
    # "A partnered with B to run its warehouses", "A, which owns brands such as B and C, kept its lead":
    # "its" is the clause subject's, not a preposition's object or a list member.
    counted = _counted_names(text, before)
    companies = [b for b in companies if b not in counted]  # "count Apple and Sony among its clients": not "its"
    ungoverned = [
        b for b in companies if b.origin == "anaphor" or not (_governed(text, b.start) or governed(text, before, b))
    ]
    # "The company competes with Volvo, Scania and Daimler, and in June it launched ...": a list item after a
    # comma does not open a clause
    subjects = [
        b
        for b in ungoverned
        if b.origin == "anaphor" or (_starts_clause(text, b.start) and not _later_list_item(text, before, b))
    ]
    subjects = [_possessed_head(text, before, b, state) for b in subjects]
    found = subjects or ungoverned or companies
    nearest = found[-1] if found else None
    if subjects and _SPEAKS.match(text, m.end):
        nearest = subjects[0]  # "X agreed to buy Y, the company said": the one speaking is the sentence's subject
    if nearest is not None and _object_of(text, nearest, m):
        # "KION described the Shanghai-based company as ...": a description a verb takes as its object is not
        # the verb's own subject, but the other company the story named last
        other = next((n for n in reversed(state.named) if n.name != nearest.name and n.type == "Company"), None)
        nearest = other or nearest
    if nearest is not None:
        return _pointing(m, nearest)
    if is_pronoun(m):
        topic = state.topic
        if (
            topic is not None
            and state.types.get(topic.name, topic.type) == "Product"
            and _CORPORATE_VERB.match(text, m.end)
        ):
            topic = None  # "The app has 20 million users. It bought Dalbit": a product buys nothing, its maker does
        return _pointing(m, _turned_back(state, topic or state.focus) or state.main or state.reporter)
    # no generic noun ("the company", "the group") is recorded as a description: those point to the company in focus
    # ("Halong Holdings, a Hanoi-based group, will sell the cars. ... the group already assembles ...")
    described = state.described.get(_anaphor_noun(m)) or _named_alike(m, state.named)
    lately = state.named[-1] if state.named else None  # "Shares of X jumped. The firm said ...": X, named last
    parent = _parent_of(m, state)
    if parent is not None:
        # "Tarlo Coal is 62% owned by Hanyu Energy. The parent's Australian push ...": the owner the story named
        return _pointing(m, parent)
    if _anaphor_noun(m) in VOICE_NOUNS:
        # "Management plans ...": the story's company, where the one in focus is it, a unit or a short name of it
        # ("Qingyuan Water (Singapore)", "Qingyuan" of "Qingyuan Water Technologies"), however long ago it was
        # named; else the sentence is read as one without a subject
        focus, main = state.focus, state.main
        alike = focus is not None and main is not None and focus.name.split()[0] == main.name.split()[0]
        return _pointing(m, main) if alike else None
    if not described and _anaphor_noun(m) in _WHOLE_GROUP and state.main is not None:
        # "the group's logistics arm": the story's company, whatever unit is in focus
        return _pointing(m, _at_home(m, _owner_of_brand(m, state.main, state), state))
    focus = state.focus
    if not described and focus is not None and _anaphor_noun(m) in _GENERIC_NOUNS:
        owner = state.owners.get(focus.name)
        if owner is not None and state.main is not None and one_name(owner.name, state.main.name):
            focus = state.main  # "PLAYBOX, the group's toy chain, grew. The company's strategy ...": the group's
    target = described or _turned_back(state, focus) or state.main or state.reporter or lately
    return _pointing(m, _at_home(m, _owner_of_brand(m, target, state), state))


def _possessed_head(text: str, before: list[Mention], subject: Mention, state: State) -> Mention:
    """ "Harbin Foods' snack chain Dumpling Lane opened its ...": the company a clause subject's possessive
    describes is the clause's subject, which "its" points back to."""
    owned = next(
        (b for b in before if b.start > subject.end and b.type not in ("Segment", "Channel", "Strategy")), None
    )
    if owned is None or owned.origin == "anaphor":
        return subject
    noun = owned_description(text, subject.end, owned.start, owned.end)
    if noun is not None and (
        state.types.get(owned.name, owned.type) == "Company" or (owned.type == UNTYPED and noun in UNIT_NOUNS)
    ):
        return owned if owned.type else owned.typed("Company")
    return subject


#: Nouns for a corporate owner, never for a brand it owns: "the group", "the conglomerate".
_OWNER_NOUNS = frozenset(("group", "parent", "conglomerate", "company", "firm", "holding"))


def _parent_of(m: Mention, state: State) -> Mention | None:
    """What "the parent" (company, group) points to: the owner the story named for its company or the one in
    focus, if it named one."""
    words = m.surface.lower().removesuffix("'s").split()
    if "parent" not in words[-3:] and words[:2] != ["its", "owner"]:
        return None
    for company in (state.focus, state.main):
        if company is not None and company.name in state.owners:
            return state.owners[company.name]
    return None


def _owner_of_brand(m: Mention, target: Mention | None, state: State) -> Mention | None:
    """ "Tarvo Auto's Kestra brand sold ... The Hefei-based group ...": a noun for a company points past a brand to
    the company the story said owns it."""
    if target is None or _anaphor_noun(m) not in _OWNER_NOUNS:
        return target
    if state.types.get(target.name, target.type) == "Brand":
        return state.owners.get(target.name, target)
    owner = state.owners.get(target.name)
    if (
        _anaphor_noun(m) in ("group", "conglomerate")
        and owner is not None
        and _GROUP_NAME.search(owner.name)
        and not _GROUP_NAME.search(target.name)
    ):
        # "Parcelo, the courier owned by Lantern Group, ... The group counted ...": the unit is no group, its owner
        # is one by name
        return owner
    if owner is None and _anaphor_noun(m) in ("group", "parent"):
        # "Tencent Cloud picks Asia ... Tencent, China's biggest games company, ... Tencent Cloud, the group's cloud
        # arm": the group is the company named earlier whose name the unit's extends
        earlier = next((n for n in reversed(state.named) if target.name.startswith(n.name + " ")), None)
        if earlier is not None and state.types.get(earlier.name, earlier.type) in ("Company", UNTYPED):
            return earlier.typed("Company") if not earlier.type else earlier
    return target


_GROUP_NAME = re.compile(r"\b(?:Group|Holdings?|Conglomerate)\b")
#: A fronted alternative the sentence turns down: "Rather than build a plant in Mexico, ", "Instead of opening shops, ".
_DECLINED = re.compile(r"\W*(?:Rather\s+than|Instead\s+of|Asked\s+(?:whether|if|about|when))\b[^;:]*?,")
#: A phrase fronted before the main clause: "Rather than build its own sales force abroad, X ...".
_FRONTED_PHRASE = re.compile(
    r"\W*(?:Rather\s+than|Instead\s+of|Unlike|Besides|Apart\s+from|To|In\s+order\s+to|While|Despite|Having|"
    r"After|Before|Since|When|Like|With)\b[^,;:\"\u201c\u201d]*$"
)


def _fronted_cataphor(text: str, m: Mention, mentions: list[Mention]) -> Mention | None:
    """The name opening the main clause that a pronoun inside a fronted phrase points forward to: "Rather than
    build its own sales force abroad, Qilu Biotech lets partners ...": "its" is Qilu Biotech's."""
    if not is_pronoun(m) or not _FRONTED_PHRASE.fullmatch(text, 0, m.start):
        return None
    comma = text.find(", ", m.end)
    if comma < 0 or any(c in text[m.end : comma] for c in ';:"\u201c\u201d'):
        return None
    return next(
        (n for n in mentions if n.start == comma + 2 and n.origin != "anaphor" and n.type in (*FOCUS_TYPES, UNTYPED)),
        None,
    )


def _at_home(m: Mention, target: Mention | None, state: State) -> Mention | None:
    """ "The Munich-based company", "the German firm": of the companies the story named, the one it said is based
    in that country; never one it said is based elsewhere."""
    country = _home_country(m.surface) or _nationality(m.surface)
    if country is None or not state.homes:
        return target
    based = next((n for n in reversed(state.named) if _home(state, n.name) == country), None)
    if based is not None:
        return based
    if target is None or _home(state, target.name) in (None, country):
        return target
    # the company it would point to is based elsewhere: the story's own company, else the last company named
    # whose home the story did not say
    main = state.main
    if main is not None and _home(state, main.name) in (None, country):
        return main
    unsaid = (n for n in reversed(state.named) if state.types.get(n.name) == "Company" and _home(state, n.name) is None)
    return next(unsaid, target)


def _home(state: State, name: str) -> str | None:
    """Where the story said a company is based, under its name or a longer one it shortens ("Jin Jiang" for "Jin
    Jiang International", "Ruyi" for "Shandong Ruyi")."""
    found = state.homes.get(name)
    if found is None:
        found = next(
            (home for full, home in state.homes.items() if full.startswith(name + " ") or full.endswith(" " + name)),
            None,
        )
    return found


_HOME_PLACE = re.compile(r"([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)-(?:based|headquartered)\b")


#: "Chinese carmaker X", "China's X", "the Chinese electric-car maker X": a nationality right before a name.
_NATIONAL_BEFORE = re.compile(r"(?:^|\s)(?:the\s+)?([A-Z][a-z]+)('s)?\s+(?:[a-z][\w-]*\s+){0,2}$")


def _remember_nationalities(state: State, view: View) -> None:
    """Where the story says a company is from, by a nationality or a country's possessive before its name."""
    demonyms = data("names")["demonyms"]
    for m in view.mentions:
        if m.origin == "anaphor" or m.name in state.homes or state.types.get(m.name, m.type) != "Company":
            continue
        found = _NATIONAL_BEFORE.search(view.text, max(0, m.start - 60), m.start)
        if found is None:
            continue
        word, possessive = found.group(1), found.group(2)
        place = gazetteer.places().entries.get(word) if possessive else None  # "China's X", not "in China, X"
        country = (demonyms.get(word) if not possessive else None) or (
            place.name if place is not None and place.type == "Country" else None
        )
        if country:
            state.homes[m.name] = str(country)


def _nationality(description: str) -> str | None:
    """The country a description's nationality names ("the British company" -> United Kingdom), or None."""
    demonyms = data("names")["demonyms"]
    return next((str(demonyms[w]) for w in description.split() if w in demonyms), None)


def _home_country(description: str) -> str | None:
    """The country a description's home place is in ("the Lianyungang-based company" -> China), or None."""
    found = _HOME_PLACE.search(description)
    if found is None:
        return None
    name = re.sub(r"^(?:The|A|An|Its)\s+", "", found.group(1))  # "The Munich-based company" opening a sentence
    place = gazetteer.places().entries.get(name)
    if place is not None:
        return place.name if place.type == "Country" else None
    city = gazetteer.world_cities().get(name)
    if city is None:
        return None
    from kg.places import country_name

    return country_name(city.code)


#: What only a company does, right after its subject: deals, stakes, partners, offices and plants.
_CORPORATE_VERB = re.compile(
    r"\s+(?:(?:has|had|have|also|then|later|since|now|recently|will|would)\s+)*(?:acquired|acquires|bought|buys|"
    r"took\s+(?:over|a\s+stake|control)|invested|invests|partnered|partners|merged|set\s+up|founded|established|"
    r"opened|opens|hired|agreed\s+to\s+(?:buy|acquire|invest)|signed|holds\s+a\s+stake|owns|listed)\b",
    re.IGNORECASE,
)


def _is_main(m: Mention, state: State, *, anaphor: bool = False) -> bool:
    """The story's company named again (or, with ``anaphor``, pointed back to)."""
    return state.main is not None and (anaphor or m.origin != "anaphor") and m.name == state.main.name


def _untyped_topic(state: State) -> Mention | None:
    """The name the story just spoke of, nothing typed and not its company: "Marvo Quest drew 3 million players.
    The game ...": a product noun tells what it is."""
    topic = state.topic
    if topic is None or topic.origin != "guess" or _is_main(topic, state):
        return None
    if state.types.get(topic.name, topic.type) not in (UNTYPED, "Company") or topic.name in state.bought:
        return None  # a company a descriptor named ("developer Kettu Works") or one the story bought is no product
    return topic.typed("Product")


def _turned_back(state: State, target: Mention | None) -> Mention | None:
    """What "it" or "the company" opening a new paragraph points to: not a company the story's company bought,
    which the paragraph before was about ("X bought Y in 2010. Y builds cranes in Turin. || It runs a plant in
    Brazil"): the story turns back to its own company."""
    if target is None or state.main is None or not state.paragraph_opens or target.name not in state.bought:
        return target
    return state.main


#: Nouns for a whole corporate group: the story's main company, not a unit or store brand the story turned to.
_WHOLE_GROUP = frozenset(("group", "parent"))


_FRONTED_OPENING = re.compile(
    r"(?:[A-Z][a-z]+(?:ed|ing)|Set\s+up|After|Before|Since|Like|Unlike|Despite|Besides|Following|Apart\s+from|"
    r"Alongside|Beside|Along\s+with|In\s+addition\s+to|As\s+well\s+as)\b"
    r"[^;:\"\u201c\u201d]*,\s+"
)
#: "Through its Hollen Grid unit, ", "Via its subsidiary Baiyun Oceania, ": a unit fronted before its clause.
_FRONTED_UNIT = re.compile(
    r"(?:[Tt]hrough|[Vv]ia)\s+(?:its|the\s+(?:company|group|firm)'s)\s+"
    r"(?:(?:unit|arm|subsidiary|division|brand|business|affiliate)\s+)?(?P<name>[A-Z][^,;]*?)"
    r"(?:\s+(?:unit|arm|subsidiary|division|brand|business|affiliate))?,\s+$"
)


def _fronted_unit(text: str, m: Mention, before: list[Mention]) -> Mention | None:
    """The unit a fronted "Through its X unit," names: the subject right after it ("the company", "it") is the
    unit doing what the clause says, not its parent."""
    if not (is_pronoun(m) or _anaphor_noun(m) in _WHOLE_GROUP | {"company", "firm"}) or m.surface.endswith("'s"):
        return None
    fronted = _FRONTED_UNIT.fullmatch(text, 0, m.start)
    if fronted is None:
        return None
    start, end = fronted.span("name")
    return next((b for b in before if b.start == start and b.end == end and b.origin != "anaphor"), None)


#: "Five years after leaving Huawei, the company ...": a name a fronted gerund governs is no antecedent.
_FRONTED_GERUND = re.compile(
    r"[^,;:\"\u201c\u201d]*\b(?:[Aa]fter|[Bb]efore|[Ss]ince|[Ww]hile|[Dd]espite|[Uu]pon|[Ww]ithout|[Ww]hen|[Oo]n)\s+"
    r"[a-z]+ing\b[^,;:\"\u201c\u201d]*,\s+"
)
_REPORTER = re.compile(r",\s+$")
_APPOSED = re.compile(r",\s+")
_SPEAKS = re.compile(r"\s+(?:said|says|added|adds|told|announced|noted|confirmed)\b")
_REPORTED_BY = re.compile(r"\s+(?:said|says|added|adds|told|announced|noted|confirmed)\b[^,;]*[.!]?\s*$", re.IGNORECASE)


def _reporter(text: str, mentions: list[Mention]) -> Mention | None:
    """The company a sentence ends by quoting: "..., Pelmo Home said." Before any company is in focus, "the firm"
    earlier in that sentence is the one speaking."""
    return next(
        (
            m
            for m in mentions
            if m.origin != "anaphor"
            and m.type in (*FOCUS_TYPES, UNTYPED)
            and _REPORTER.search(text, max(0, m.start - 3), m.start)
            and _REPORTED_BY.match(text, m.end)
        ),
        None,
    )


def _named_alike(m: Mention, named: list[Mention]) -> Mention | None:
    """The company named lately whose name shares a word with the anaphor's description.

    "Lanbo supplies motors to Kaiyo Pets. The pet-products company ...": the description fits Kaiyo Pets.
    """
    described = {_stem(w) for w in _WORDS.findall(m.surface.lower())[:-1] if len(w) > 2 and w not in _GENERIC}
    if not described:
        return None
    return next((n for n in reversed(named) if described & {_stem(w) for w in _WORDS.findall(n.name.lower())}), None)


def _stem(word: str) -> str:
    """ "pets" and "pet", "motors" and "motoring" alike: a plural's s dropped, then at most five letters."""
    return (word[:-1] if len(word) > 3 and word.endswith("s") else word)[:5]


_WORDS = re.compile(r"[a-z]+")
#: Words of a description that say nothing of which company it is.
_GENERIC = frozenset(("the", "its", "their", "company", "firm", "group", "based", "listed", "owned", "new", "chinese"))


#: "Shares of Qinghe Dairy rose after the company said ...": the company whose stock moved.
_STOCK_OF = re.compile(r"\b(?:[Ss]hares|[Ss]tock)\s+(?:of|in)\s+$")
_REPORTED_BEFORE = re.compile(r"\b(?:said|says|that|reported|reports|added|noted)\s+(?:the\s+)?$", re.IGNORECASE)


_LIST_ITEM_GAP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _later_list_item(text: str, before: list[Mention], m: Mention) -> bool:
    """ "supplies Ikea, Leroy Merlin and Obi": a name listed after another is no clause's subject."""
    earlier = [b for b in before if b.end <= m.start and b.origin != "anaphor"]
    return bool(earlier) and bool(_LIST_ITEM_GAP.fullmatch(text, earlier[-1].end, m.start))


def _starts_clause(text: str, pos: int) -> bool:
    """A name that opens its sentence or clause: "A said B had ...", "In 2025, A ...", "... and A"."""
    return _at_clause_start(text, pos) or bool(_REPORTED_BEFORE.search(text, max(0, pos - 16), pos))


def _anaphor_noun(m: Mention) -> str:
    """ "The Chengdu-based chain's" -> "chain"."""
    words = m.surface.lower().removesuffix("'s").split()
    return words[-1] if words else ""


#: A verb, perhaps after an auxiliary or an adverb, between a subject and its object: "described", "will help",
#: "has since moved"; not a verb of saying or thinking, whose object is a clause ("said the company would").
_VERB_TO_OBJECT = re.compile(
    r"\s+(?:(?:has|have|had|will|would|can|could|to|also|since|then|later|now)\s+){0,2}"
    r"(?!(?:said|says|told|tells|added|announced|expects|expected|believes|believed|thinks|hopes|hoped|noted|"
    r"confirmed|reported|estimates|estimated|predicts|predicted|argues|argued|warned|insists|insisted|"
    r"is|was|are|were|be|been|became|becomes|remains|remained)\b)[a-z]+(?:ed|es|s)?\s+$"
)


def _object_of(text: str, subject: Mention, m: Mention) -> bool:
    """Whether the description ``m`` is the object of a verb whose subject is ``subject``, with no verb after it
    that would make it the subject of a clause of its own ("KION called the Shanghai-based company a leader")."""
    if is_pronoun(m) or m.surface.lower().endswith(("'s", "\u2019s")) or subject.origin == "anaphor":
        return False
    if not _VERB_TO_OBJECT.fullmatch(text, subject.end, m.start):
        return False
    return not gazetteer.subject_verb_follows(text, m.end)


#: "The Polish unit", "the German subsidiary": a part of a company called by where it is.
_NATIONAL_PART = re.compile(r"\b[Tt]he\s+([A-Z][a-z]+)\s+(?:unit|arm|subsidiary|division|affiliate)\b")


def _named_local_unit(text: str, mentions: list[Mention], state: State) -> list[Mention]:
    """ "It bought 70% of Smycz-Pol, a maker based in Lodz, Poland. The Polish unit now supplies ...": a local unit
    called by its country is the company bought there, when the story bought one (else the place readings take the
    country: "the Brazilian unit" of a company that bought none there says where the company is)."""
    for match in _NATIONAL_PART.finditer(text):
        country = _nationality(match.group(1))
        bought = next(
            (n for n in reversed(state.named) if n.name in state.bought and _home(state, n.name) == country), None
        )
        if country is None or bought is None:
            continue
        unit = Mention(match.start(), match.end(), bought.name, "Company", match.group(), "anaphor", 0.7)
        mentions = sorted(
            [*(m for m in mentions if m.end <= match.start() or m.start >= match.end()), unit], key=lambda m: m.start
        )
    return mentions


def _pointing(m: Mention, target: Mention | None) -> Mention | None:
    """The anaphor as a mention of what it points to, less surely; None when it points nowhere."""
    if target is None:
        return None
    return Mention(m.start, m.end, target.name, target.type, m.surface, "anaphor", 0.8 * target.confidence)


def _typed_lists(text: str, mentions: list[Mention]) -> list[Mention]:
    """Untyped names listed after "companies such as" or "apps including" take the list's type."""
    out = list(mentions)
    if not _has_list_cue(text):
        return out
    for type_, pattern in _list_regexes():
        for match in pattern.finditer(text):
            listed = View(text, out).listed_after(match.end(), (UNTYPED, type_, "Country"), within=0)
            # "brands including Velto and Amara": a town's name in a list of brands is a brand's
            listed = list(itertools.takewhile(lambda m: m.type != "Country" or m.origin == "city", listed))
            # "labels including Gallo Record Company": a name its own words make a company stays one
            keys = {
                (m.start, m.end) for m in listed if m.type in (UNTYPED, "Country") and not ends_in_company_word(m.name)
            }
            out = [_as_listed(m, type_) if (m.start, m.end) in keys else m for m in out]
            last = _LOWER_LAST_ITEM.match(text, listed[-1].end) if len(listed) > 1 else None
            if last and last.group(1) not in _stop_words():
                # "brands such as Tecno, Infinix and itel": a name written in lower case closes the list
                word = last.group(1)
                out.append(Mention(last.start(1), last.end(1), word, type_, word, "cue", 0.6))
    return sorted(out, key=lambda m: m.start)


def _as_listed(m: Mention, type_: str) -> Mention:
    if m.type == UNTYPED:
        return m.typed(type_, 0.7)
    return Mention(m.start, m.end, m.surface, type_, m.surface, "cue", 0.7)


_LOWER_LAST_ITEM = re.compile(r"(?:,\s*(?:and|or)\s+|\s+(?:and|or)\s+)([a-z][a-z0-9-]{1,20})(?=[,.;:)]|\s*$)")


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"others", "more", "similar", "rivals", "peers", "competitors", "co", "etc"}


def _has_list_cue(text: str) -> bool:
    """Whether ``text`` holds a list cue ("such as", "including"); it is checked in every sentence.

    ASCII letters match case-blind exactly when their lower case matches, so ASCII text is searched lower-cased.
    """
    if text.isascii():
        return _LIST_CUE_LOWER.search(text.lower()) is not None
    return _LIST_CUE.search(text) is not None


@cache
def _list_regexes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (type_, re.compile(rf"\b{literal_alternation(nouns)},?\s+{_LIST_CUE.pattern}", re.IGNORECASE))
        for type_, nouns in data("names")["type_cues"].items()
    )


#: Relations whose subject may be a brand as well as a company (the ontology's domains).
_BRAND_DOMAINS = frozenset(("operatesIn", "expandsInto", "competesIn", "sellsThrough"))


def _remember_types(state: State, view: View, claims: list[Claim]) -> None:
    """Types given by cues hold for the rest of the document; a relation that needs a company overrides them.

    "Brava Tonic, a craft soda brand" is a Brand by its cue, but a company
    once the sentence says it was acquired.
    """
    for m in view.mentions:
        if m.type == "Product" and m.origin != "anaphor":
            state.product = m
        if m.type and m.origin != "anaphor":
            current = state.types.get(m.name)
            if current is None or (current == "Organization" and m.type == "Company"):
                state.types[m.name] = m.type
    # a brand the sentence names ("Tormund's Kessel brand runs a plant") stays a brand where the relation
    # allows one
    brands = {c.object.name for c in claims if c.object.type == "Brand"}
    forcing = [c.subject for c in claims if not (c.relation in _BRAND_DOMAINS and c.subject.name in brands)]
    forcing += [c.object for c in claims]
    for m in forcing:
        if m.type == "Company" and m.origin in ("guess", "cue"):
            state.types[m.name] = m.type
        if m.type == "Product" and m.origin != "anaphor":
            state.product = m  # "released Skyforge Tactics": "the game" now points to it
    # "publishes the title Star Drift, which has been downloaded in Japan": what a company makes is a product,
    # though its presence in Japan alone would have taken it for a company
    for c in claims:
        if c.relation in ("develops", "launches") and c.object.type == "Product" and c.object.origin == "guess":
            state.types[c.object.name] = "Product"
        if c.relation == "hasBrand" and c.object.origin != "anaphor" and state.types.get(c.object.name) == "Product":
            # "Kiwa Drive, Lanyu Tech's robotaxi brand": said to be a brand, whatever goods named after it suggested
            state.types[c.object.name] = "Brand"
        if (
            c.relation in ("acquires", "hasBrand")
            and c.object.origin != "anaphor"
            and (state.main is None or _is_main(c.subject, state, anaphor=True))
        ):
            state.bought.add(c.object.name)
    # "The game drew 3 million players": the name a product noun points to is a product, no company
    for m in view.mentions:
        if m.origin == "anaphor" and m.type == "Product" and not is_pronoun(m) and not _is_main(m, state, anaphor=True):
            state.types[m.name] = "Product"
        if _is_government(view.text, m):
            state.types[m.name] = "Organization"


def _move_focus(state: State, view: View, paragraph: int) -> None:
    """The sentence's subject becomes the topic; if it is a company or brand, the company in focus."""
    # "SINGAPORE, May 27 - X said ...": a dateline's place, a city-state's too, is where the story was filed
    dateline = DATELINE.match(view.text)
    mentions = [_retyped(m, state) for m in view.mentions if not (dateline and m.end <= dateline.end())]
    pulled = _PULL_QUOTE.match(view.text)
    if pulled is not None:
        # "'Europe is our second home': Taiyu Bikes founder on ...": the headline's quote is not its subject
        mentions = [m for m in mentions if m.start >= pulled.end()]
    mentions = _after_fronted_phrase(view.text, mentions)
    subject = next(
        (
            m
            for m in mentions
            if _is_clause_subject(view, m)
            and not HOME_ATTRIBUTE.match(view.text, m.end)
            # "China Jushi started ...": a country right before a name is the name's attribute
            and not (m.type in PLACES and any(n.start == m.end + 1 and n.type not in PLACES for n in mentions))
            and not _GERUND_BEFORE.search(view.text, max(0, m.start - 30), m.start)
            # "Dumpling giant Yuen Kee files ...", "Tesla rival BYD ...": a name before a noun for the next name
            # describes it
            and not _describes_next_name(view.text[m.end :])
        ),
        None,
    )  # "Hong Kong-listed Qilin Games ...": the place is the company's attribute, the company the subject
    possessed = _possessed_subject(view, mentions, subject, state) if subject is not None else None
    subject = possessed or subject  # "Alibaba's Cainiao opens ...": the company owned is the subject
    if state.focus is not None and state.types.get(state.focus.name) == "Product":
        state.focus = state.main  # "The game drew 3 million players": a product is in focus no longer
    fronted = _FOR_TOPIC.match(view.text)
    topic = next((m for m in mentions if fronted and m.start == fronted.end()), None)
    covered = _COVERAGE.search(view.text) if topic is None else None
    # "We keep our Buy rating on Dongsen Tools", "initiates coverage of X": a note's company is the one it rates
    rated = next(
        (m for m in mentions if covered and m.start == covered.end() and m.type in (UNTYPED, *FOCUS_TYPES)), None
    )
    topic = rated or topic
    kind = state.types.get(topic.name, topic.type) if topic is not None else ""
    kind = kind or ("Company" if rated else "")
    if topic is not None and not kind:
        # "For Duna, ...": the short form of a company named before ("Duna Metals")
        named = next((n for n in reversed(state.named) if n.name.startswith(topic.name + " ")), None)
        topic, kind = (named, state.types.get(named.name, named.type) or "Company") if named else (topic, kind)
    if topic is not None and kind in FOCUS_TYPES:
        # "For Orrin, whose ships serve Asian ports, the venture is its first base": the sentence is about Orrin,
        # whatever its grammatical subject, and "the company" next is Orrin
        state.topic = topic.typed(kind)
        state.focus, state.focus_paragraph, state.focus_sentence = state.topic, paragraph, state.sentence
        if rated is not None and state.main is None:
            # "Harbourline lifts Shilin Leather target": the story is about the company it rates
            state.main, state.main_in_headline = state.topic, state.heading
        return
    if subject is None or (state.heading and _NAMES_ANOTHER_COMPANY.match(view.text, subject.end)):
        return  # "Corvane's European arm opens ...": the headline is about the arm, which the body names
    if _RATES_IT.match(view.text, subject.end):
        return  # "At home, Sinodata ranked it third": who ranks the company is not what the story turns to
    if state.focus is not None and _ITS_ROLE.match(
        view.text, next((e for s, e in view.appositions() if s == subject.end), subject.end)
    ):
        return  # "Zalando is its largest channel": a name described by its tie to the company leaves the focus
    if _BOUGHT_BY.match(view.text, next((e for s, e in view.appositions() if s == subject.end), subject.end)):
        return  # "Cucina Nova, an oven maker, was acquired (by Harvo)": the story stays with its buyer
    owner = state.owners.get(state.main.name) if state.main is not None else None
    if owner is not None and one_name(subject.name, owner.name) and _TOOK_CONTROL.match(view.text, subject.end):
        return  # "Hanyu took control in 2021": the owner's deal is told, the story stays with its company
    # "Latepost, a unit of Caijing Magazine, reports that ...": the verb may follow an apposition
    said_at = next((e for s, e in view.appositions() if s == subject.end), subject.end)
    if _SAYS.match(view.text, said_at):
        # "Arvel said Maison Lune's sales grew": what was said is about the company named next; a source
        # nothing has typed ("Canalys said shipments rose") does not take the focus from the document's company.
        reported = next(
            (
                m
                for m in mentions
                if m.start > said_at
                and (m.type in FOCUS_TYPES or _REPORTED_SUBJECT.fullmatch(view.text, said_at, m.start))
            ),
            None,
        )
        if reported is None and not state.types.get(subject.name, subject.type) and (state.focus or state.main):
            return
        subject = reported or subject
    kind = state.types.get(subject.name, subject.type)
    if not kind and _apposed_product(view.text, subject.end):
        # "Koi Garden, a casual puzzle game published by ..., climbed": what its figures are about, but "the
        # company" later is still the story's company
        state.apposed_products.add(subject.name)
    opens_report = _REPORTED_SUBJECT.fullmatch(view.text, said_at, subject.start) if subject.start > said_at else None
    if not kind and not _at_clause_start(view.text, subject.start) and not opens_report:
        return
    if kind in ("Country", "Region", "Segment", "Channel", "Strategy"):
        return  # "it" and "its" point back to a company or a product, never to a place or a market
    state.topic = subject.typed(kind or "Company")
    if (kind or "Company") in FOCUS_TYPES:
        state.focus, state.focus_paragraph, state.focus_sentence = state.topic, paragraph, state.sentence
        if state.main is None and subject.origin != "anaphor":
            state.main = state.topic
            state.main_in_headline = state.heading


#: A quotation a headline opens with, closed by a colon: "'We stopped being invisible': ".
_PULL_QUOTE = re.compile(r"\s*['\"\u2018\u201c][^'\"\u2019\u201d]{1,100}['\"\u2019\u201d]\s*:\s+")
_OWNER_S = re.compile(r"['\u2019]s?\s+")


def _possessed_subject(view: View, mentions: list[Mention], subject: Mention, state: State) -> Mention | None:
    """ "Alibaba's Cainiao opens a hub": a company named right after its owner's possessive, then a verb, is the
    sentence's subject (not a product: "Huawei's Mate 60 sells well" stays Huawei's news)."""
    gap = _OWNER_S.match(view.text, subject.end)
    if gap is None or state.types.get(subject.name, subject.type) in PLACES:
        return None  # "Shandong's Yuntai rides ...": a home province, no owner
    owned = next((m for m in mentions if m.start == gap.end() and m.origin != "anaphor"), None)
    if owned is None:
        return None
    # a headline's names are untyped yet: the body must call the name a unit ("Meituan's Keeta", an app, is not)
    kind = state.types.get(owned.name, owned.type)
    if (state.heading and owned.surface.lower() not in state.units) or (not state.heading and kind != "Company"):
        return None
    return owned if VERB_AFTER_NAME.match(view.text, owned.end) else None


#: "Cainiao, the logistics arm of Alibaba Group": a name the text describes as a unit.
_DESCRIBED_UNIT = re.compile(
    r"(?<![\w-])([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}),\s+(?:the|a|an|its)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:(?:arm|unit|subsidiary|division|affiliate|business)\s+of|(?:controlled|owned)\s+by)\b"
)


#: A verb of taking or holding control, right after an owner's name: "took control", "bought it", "owns 60%".
_TOOK_CONTROL = re.compile(
    r"\s+(?:(?:has|had|then|later|also|finally)\s+)?(?:took|takes|gained|won|acquired|bought|holds|held|owns|owned|"
    r"controls|controlled|increased|raised|lifted)\s+(?:full\s+|majority\s+|a\s+|its\s+)?(?:control|stake|"
    r"it|the\s+(?:company|firm|group|business)|\d)\b",
    re.IGNORECASE,
)
#: A copula, then the company in focus by a possessive: "is its", "was the company's", "became one of its".
_ITS_ROLE = re.compile(
    r",?\s+(?:is|was|are|were|remains|remained|became|becomes|has\s+been|had\s+been)\s+(?:now\s+|also\s+|still\s+)?"
    r"(?:(?:one|some|two|three|among)\s+(?:of\s+)?)?(?:its|their|the\s+(?:company|firm|group|brand|chain|carmaker)'s)\s",
    re.IGNORECASE,
)
#: "For X, ...": a company fronted as what the sentence is about.
_FOR_TOPIC = re.compile(r"\W*For\s+")
#: What a research note does to the company it is about: rates it or covers it.
_COVERAGE = re.compile(
    r"\b(?:(?:initiat|start|resum|launch|assum)(?:e|es|ed|ing|s)?\s+(?:our\s+)?coverage\s+(?:of|on)|"
    r"(?:keep|keeps|kept|maintain\w*|reiterat\w*|retain\w*|reaffirm\w*|have|has)\s+(?:our|its|a|the)\s+"
    r"(?:['\u2018\u201c\"]?[\w-]+['\u2019\u201d\"]?\s+){0,2}?(?:rating|recommendation|call)\s+on|"
    r"(?:we|analysts?)\s+(?:rate|rates|rated|like|upgrad\w*|downgrad\w*)|"
    # "raised its target price for X", "cut its price target on X", "keeps 'buy' on X", "lifts X target"
    r"(?:rais|lift|cut|lower|trimm|trim|set|increas)\w*\s+(?:its|our|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:target\s+price|price\s+target|target)\s+(?:for|on|of)|"
    r"(?:keep|keeps|kept|reiterat\w*|maintain\w*)\s+['\u2018\u2019\"\u201c](?:buy|sell|hold|outperform|neutral)"
    r"['\u2018\u2019\"\u201d]\s+(?:rating\s+)?on|"
    r"(?:rais|lift|cut|lower|trimm|trim)\w*(?=\s+[A-Z][^.;]{0,40}?\s+target\b)|"
    r"(?-i:[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3})\s+(?:upgrad|downgrad)(?:e|es|ed))\s+(?:shares\s+(?:of|in)\s+)?"
)


def _rated(text: str, start: int) -> bool:
    """Whether the name at ``start`` is the company a research house rates ("raised its target price for X")."""
    return any(c.end() == start for c in _COVERAGE.finditer(text, max(0, start - 90), start))


#: "X is its biggest sales channel": X is said of the company "its" points to, so X is not that company.
_IS_ITS = re.compile(
    r"\s+(?:is|was|remains|remained|has\s+become|became)\s+(?:now\s+|still\s+|also\s+)?(?:its|their)\s"
)
#: A subject whose verb takes the company in focus as its object: an analyst ranking or rating it.
_RATES_IT = re.compile(r"\s+" + RATES_IT.pattern, RATES_IT.flags)


_SAID_ASIDE = re.compile(r"\s+(?:said|says|reported|reports|estimated|estimates|noted|wrote|added)\s*,")
_TOLD_BEFORE = re.compile(r"\b(?:told|tells|telling|tell|informed|briefed)\s+(?:the\s+)?$")


def _after_fronted_phrase(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions from the main clause's subject on, when a phrase is fronted before it ("Founded in 2022 by two
    former Luckin executives who left after its scandal, Cotti went abroad"): the names inside the phrase are not
    what the sentence is about. All of them when no name after a comma is followed by its verb."""
    if not _FRONTED_OPENING.match(text):
        return mentions
    subject = next(
        (
            m
            for m in mentions
            if text[max(0, m.start - 2) : m.start] == ", "
            and m.origin != "anaphor"
            and VERB_AFTER_NAME.match(text, m.end)
        ),
        None,
    )
    return [m for m in mentions if m.start >= subject.start] if subject is not None else mentions


def _is_clause_subject(view: View, m: Mention) -> bool:
    """A name not governed by a preposition, not in an apposition, not a channel or strategy."""
    if m.type in ("Channel", "Strategy") or m.origin == "city" or _governed(view.text, m.start):
        return False
    if view.governs(m):
        return False  # "a venture with Spanish firm Ebro", "retailers such as Walmart, Best Buy and MediaMarkt"
    if any(s <= m.start < e for s, e in view.appositions()) or _SOURCE_AFTER.match(view.text[m.end :]):
        return False
    if _DESCRIBED_OBJECT.search(view.text, max(0, m.start - 60), m.start):
        return False  # "bought 84% of Helsinki-based X", "deals include British developer X": what was bought
    if _COUNTED_BEFORE.search(view.text, max(0, m.start - 20), m.start):
        return False  # "analysts count Apple, Meta and Sony among its biggest clients": the clients are objects
    if _TOLD_BEFORE.search(view.text, max(0, m.start - 12), m.start):
        return False  # "founder Li Wei told Yicai": the outlet told is no subject
    role = _ROLE_BEFORE_NAME.match(view.text, m.end)
    if role is not None and any(n.start == role.end() for n in view.mentions):
        return False  # "Lowe's supplier Chervon jumps ...": the first name says whose supplier Chervon is
    if _INCLUDED.search(view.text, max(0, m.start - 120), m.start):
        return False  # "Customers include Lowe's in the United States and Kingfisher, ...": every name listed
    if _LOWER_ITEM_BEFORE.search(view.text, max(0, m.start - 30), m.start) and _modifies_noun(view.text, m.end):
        return False  # "50 retail, F&B and convenience-store brands signed up": a list of modifiers of "brands"
    return m.type != UNTYPED or _at_clause_start(view.text, m.start)


#: A lower-case list item before a name: "retail, " in "50 retail, F&B and convenience-store brands".
_LOWER_ITEM_BEFORE = re.compile(r"\b[a-z][\w-]*,\s+$")
#: The lower-case words after a name, alone or after "and"/"or": "Bimbo managers", "F&B and grocery brands".
_WORDS_AFTER_NAME = re.compile(r"\s+(?:(?:and|or)\s+(?P<listed>[a-z][\w-]*)\s+)?(?P<word>[a-z][a-z-]*)\b")


def _modifies_noun(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is a modifier of the noun after it ("Bimbo Foods managers", "F&B and
    grocery brands"), not a noun phrase of its own: the word after it is only a noun in the dictionary, or a noun
    after another listed with it."""
    words = _WORDS_AFTER_NAME.match(text, end)
    if words is None:
        return False
    listed = words.group("listed")
    if listed is not None:  # "F&B and convenience-store brands": the listed word's noun is its last part
        return can_be_noun(listed.rpartition("-")[2]) and can_be_noun(words.group("word"))
    return only_noun(words.group("word"))


def _counted_names(text: str, before: list[Mention]) -> list[Mention]:
    """The names a counting verb takes as its objects, with the names listed after them ("count A, B and C")."""
    out: list[Mention] = []
    for b in before:
        if _COUNTED_BEFORE.search(text, max(0, b.start - 20), b.start) or (
            out and _NAME_LIST_GAP.fullmatch(text, out[-1].end, b.start)
        ):
            out.append(b)
    return out


#: "A and B are among its backers": a copula and "among" or "one of" right before a possessive.
_AMONG_BEFORE = re.compile(r"\b(?:are|is|were|was)\s+(?:also\s+|now\s+)?(?:among|one\s+of)\s+$", re.IGNORECASE)
#: A verb that takes the names after it as its objects, counting them in a group: "count X among", "name X as".
_COUNTED_BEFORE = re.compile(r"\b(?:count|counts|counted|counting|lists?|listed|listing|names?|named|naming)\s+$")


#: A role noun between two names: the second is the one the clause is about.
_ROLE_BEFORE_NAME = re.compile(
    r"(?:'s|\u2019s)?\s+(?:supplier|partner|owner|parent|rival|backer|investor|customer|distributor|maker|"
    r"developer|publisher|operator)\s+"
)
#: "include" and the list it opens, up to a name: "Customers include A in the United States and B".
_INCLUDED = re.compile(r"\binclud(?:e|es|ed|ing)\s+(?:[^;:.!?](?!\b(?:said|says|will|has|have|is|was|which)\b))*$")
#: A name a preposition or a deal's verb governs across the words describing it.
_DESCRIBED_OBJECT = re.compile(
    r"\b(?:of|from|by|with|to|for|include|includes|included|including|bought|acquired|purchased|buying|acquiring)"
    r"\s+(?:the\s+)?(?:(?:[\w-]+-based|[A-Z][\w-]*(?:'s|\u2019s)|[a-z][\w-]*)\s+){1,4}$"
)


def _governed(text: str, pos: int) -> bool:
    """A preposition (or a list's "and") governs the name at ``pos``, unless a new clause starts right before it."""
    window = max(0, pos - 30)
    return not _BREAK_BEFORE.search(text, window, pos) and bool(_NOT_SUBJECT_BEFORE.search(text, window, pos))


def _at_clause_start(text: str, pos: int) -> bool:
    """Nothing but an opening phrase ("In 2025, ") stands between the clause's start and ``pos``."""
    start = max([b.end() for b in _CLAUSE_BREAK.finditer(text, 0, pos)], default=0)
    return bool(_OPENING.fullmatch(text, start, pos))


def _add_figure(
    out: Collector, sentence: Sentence, view: View, figure: Figure, state: State, previous: Mention | None = None
) -> Mention | None:
    """The figure recorded under its subject, which is returned (None when it has none)."""
    # the period is read even when the figure's subject is not: "X sold 1.4 million units in 2025" dates the next
    period = _figure_period(view, figure, state)
    subject = _figure_subject(view, figure, state, sentence.paragraph, previous)
    if subject is None:
        return None
    subject = _reported_on(view, subject, figure) or _apposed_holder(view, figure) or _whose(view, figure) or subject
    subject, figure = _whole_company(view, figure, subject, state)
    if state.types.get(subject.name, subject.type) in ("Company", "Brand", "Product"):
        state.figure_owner = subject
        state.industry = None
    elif subject.type == "Segment":
        state.industry, state.industry_sentence = subject, state.sentence
    kind = state.types.get(subject.name, subject.type) or "Company"
    figure = _as_target(view.text, _as_forecast(view.text, _over_span(figure, period)))
    figure = _part_of_running_total(view, figure, subject, period, state)
    out.add_figure(sentence, subject.name, kind, figure, period, round(0.85 * subject.confidence, 3))
    if kind == "Company" and figure.unit == "count" and _OUTLET_COUNT.search(figure.metric):
        # "410 were outside mainland China: 160 in Malaysia, 95 in Thailand": the company's outlets in each place
        counted_in = _COUNT_IN.match(view.text, figure.quantity.end)
        place = view.at(counted_in.end(), PLACES) if counted_in else None
        if place is not None and place.origin != "anaphor":
            out.add_claims(sentence, [Claim(subject, "operatesIn", place, confidence=0.5)])
    line = goods_line(view.text, figure.quantity.start) if figure.metric.startswith("segmentRevenue") else None
    if line is not None and kind == "Company" and not _SERVICES_WORD.search(view.text, line[0], line[1]):
        # "Ready meals brought in 2.8 billion yuan": a line of goods the company earns from is a segment it is in
        words = view.text[line[0] : line[1]]
        name = words if words.split()[0].isupper() else words[0].lower() + words[1:]
        goods = Mention(line[0], line[1], name, "Segment", words, "cue", 0.7)
        out.add_claims(sentence, [Claim(subject, "competesIn", goods, confidence=0.5)])
    return subject


#: Counts of a company's outlets and sites, whose places are where it operates.
_OUTLET_COUNT = re.compile(r"(?:store|shop|outlet|restaurant|branch|office|showroom|clinic|hotel|cafe|dealer)\w*Count$")
_COUNT_IN = re.compile(r"\s+(?:in|across)\s+(?:the\s+)?")


#: "X, a bakery chain with 340 shops", "Y, a German maker of drills with 1,200 employees": the apposition's name
#: holds what its description counts.
_APPOSED_WITH = re.compile(
    r",\s+(?:a|an|the)\s+[^,;()]{0,60}?\bwith\s+(?:about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+|over\s+|"
    r"almost\s+|roughly\s+)?$"
)


#: "Alpenmilch, whose sales reached": the name before "whose" owns the figure named after it.
_WHOSE = re.compile(r",\s+whose\s+(?:[a-z][\w-]*\s+){1,5}?(?:about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+)?$")


def _whose(view: View, figure: Figure) -> Mention | None:
    """ "agreed to buy Alpenmilch, whose sales reached 310 million francs": Alpenmilch's figure."""
    found = _WHOSE.search(view.text, max(0, figure.quantity.start - 70), figure.quantity.start)
    if found is None:
        return None
    return next(
        (
            m
            for m in view.mentions
            if m.end == found.start() and m.origin != "anaphor" and m.type in ("Company", "Brand", "Product", UNTYPED)
        ),
        None,
    )


def _apposed_holder(view: View, figure: Figure) -> Mention | None:
    """The name an apposition with the figure describes ("also owns PLAYBOX, a chain with 270 stores")."""
    if figure.unit != "count":
        return None
    found = _APPOSED_WITH.search(view.text, max(0, figure.quantity.start - 90), figure.quantity.start)
    if found is None:
        return None
    return next(
        (
            m
            for m in reversed(view.mentions)
            if m.end == found.start() and m.origin != "anaphor" and m.type in ("Company", "Brand", "Product", UNTYPED)
        ),
        None,
    )


def _part_of_running_total(view: View, figure: Figure, subject: Mention, period: str | None, state: State) -> Figure:
    """After "has grossed $4 billion since launch", an undated amount by place ("Players in Japan spent $960
    million") is a part of that running total: ``cumulativeRevenue`` too."""
    if figure.metric.startswith("cumulative"):
        state.running_totals.add(subject.name)
        return figure
    if (
        figure.metric != "revenue"
        or period is not None
        or subject.name not in state.running_totals
        or not any(m.type in ("Country", "Region") for m in view.mentions)
    ):
        return figure
    return replace(figure, metric="cumulativeRevenue")


def _reported_on(view: View, subject: Mention, figure: Figure) -> Mention | None:
    """ "Canalys said Vanta shipped 8 million phones, giving it a 21% share": "it" is the company the source
    reports on, named after it, not the source."""
    if subject.origin != "anaphor":
        return None
    source = next((m for m in view.mentions if m.name == subject.name and m.origin != "anaphor"), None)
    if source is None or source.end > figure.quantity.start or not _cited(view, source):
        return None
    reported = next((m for m in view.mentions if m.start >= source.end), None)
    if (
        reported is None
        or reported.origin == "anaphor"
        or reported.start >= figure.quantity.start
        or reported.type not in ("Company", "Brand", "Product", UNTYPED)
        or not _SOURCE_REPORTS.fullmatch(view.text, source.end, reported.start)
    ):
        return None
    return reported


#: Between a source and the subject of the clause it reports: "Canalys said (that) ", "IDC estimates ".
_SOURCE_REPORTS = re.compile(
    r"\s+(?:said|says|estimated|estimates|reported|reports|found|finds|showed|shows|noted|notes)\s+(?:that\s+)?",
    re.IGNORECASE,
)


#: "Solutions and services added $2.3 billion": a line of business, but no market it competes in.
_SERVICES_WORD = re.compile(r"\b(?:services|solutions|business|operations)\b", re.IGNORECASE)
#: "the Home Appliances Group", "the Cloud Computing Division": a part of the company in focus, named with "the".
_DIVISION_NAME = re.compile(r"\b(?:Group|Division|Unit|Business|Segment|Arm|Department)$")


#: After a name that starts a line of business: " and services", " business", " cloud unit".
_LINE_OF_BUSINESS_AFTER = re.compile(
    r"(?:\s+(?:and\s+)?[a-z][\w&-]*){0,3}?\s+(?:services|business|division|segment|unit|arm)\b"
)
_MAKERS_FIGURES = frozenset(("sharePriceChange", "marketCap", "annualProductionCapacity"))


def _whole_company(view: View, figure: Figure, subject: Mention, state: State) -> tuple[Mention, Figure]:
    """A figure of the company's division is the company's segment figure; a product's stock move is its maker's."""
    owner = state.focus or state.main
    if owner is None or owner.name == subject.name:
        return subject, figure
    if figure.metric.startswith("segment") and _LINE_OF_BUSINESS_AFTER.match(view.text, subject.end):
        # "Solutions and services added $2.3 billion": a line of business read as a name is the company's segment
        company = state.main or owner  # the document's company, not a division the story named last
        return replace(company, confidence=0.7 * company.confidence), figure
    if (
        _DIVISION_NAME.search(subject.name)
        and view.text[max(0, subject.start - 4) : subject.start].lower() == "the "
        and not set(owner.name.lower().split()[:1]) & set(subject.name.lower().split())
    ):
        return replace(owner, confidence=0.7 * owner.confidence), replace(figure, metric=segment_metric(figure.metric))
    kind = state.types.get(subject.name, subject.type)
    # a product's stock move is its maker's, and so is the capacity of the plant that will build it
    if kind == "Product" and figure.metric in _MAKERS_FIGURES and state.main is not None:
        return replace(state.main, confidence=0.7 * state.main.confidence), figure
    return subject, figure


#: Words that make the figure after them a goal, not a result: "aims to sell 100,000 cars by 2028".
_TARGET_BEFORE = re.compile(
    # a plan ("plans to buy 120,000 tonnes") is a planned figure of the metric itself; an aim or target is a goal
    r"\b(?:aims?|aiming|aimed|targets?|targeting|targeted|goal|goals|ambition|ambitions|pledged?|pledges|promised?|"
    r"promises|vow(?:s|ed)?|wants?|wanted)\b[^.;,]{0,60}$"
    # "its listing could raise up to $1.5 billion": the most a plan may bring
    r"|\b(?:could|might|(?-i:may))\s+(?:[a-z]+\s+){0,2}?(?:up\s+to\s+)?$"  # the month "May" is no modal
    # "expects its overseas revenue to double": a multiple expected
    r"|\bexpects?\s+[^.;,]{0,40}?\bto\s+$"
    # "expects international revenue to top 3 billion yuan": a level a company expects to reach
    r"|\bexpects?\s+[^.;,]{0,40}?\bto\s+(?:reach|top|exceed|hit|surpass|pass|double|triple|rise\s+to|grow\s+to|"
    r"make\s+up|account\s+for|contribute|represent|bring\s+in)\s+"
    r"(?:about\s+|around\s+|more\s+than\s+|over\s+)?$",
    re.IGNORECASE,
)
#: Metrics that already name an aim, an estimate or a change: no "Target" added ("targetPrice", "revenueForecast").
_TARGET_WORDS = ("Target", "GrowthYoY", "Growth", "Change", "Forecast", "targetPrice")


#: An estimate of a figure still to come, its measure named between: "we forecast overseas revenue of", "expects
#: an overseas share of".
_FORECAST_BEFORE = re.compile(
    r"\b(?:forecasts?|forecasting|estimates?|estimating|expects?|expecting|projects?|projecting|predicts?|"
    r"pencils?\s+in|model(?:s|led|ling)?)\s+"
    r"(?![a-z]+ed\s+(?:a|an|the)\b)"  # "overseas projects earned a margin of": a noun, no estimate
    r"(?:[\w'\u2019-]+\s+){0,6}?(?:of|at)\s+"
    # "of CNY 22.4 billion in 2025 and": a value for another year before, the same estimate
    r"(?:(?:[^\s;]+\s+){1,4}?(?:in|for)\s+(?:FY)?(?:19|20)\d\d[EF]?,?\s+(?:and\s+)?){0,3}"
    r"(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|almost\s+)?(?:[A-Z]{0,3}[$\u20ac\u00a3\u00a5]|[A-Z]{3}\s)?$",
    re.IGNORECASE,
)


def _as_forecast(text: str, figure: Figure) -> Figure:
    """A figure estimated for a period to come is its ``<metric>Forecast`` ("overseasRevenueForecast")."""
    named = figure.metric.lower()
    if figure.metric.endswith(_TARGET_WORDS) or "forecast" in named or "estimate" in named:
        return figure
    if not _FORECAST_BEFORE.search(text, max(0, figure.quantity.start - 80), figure.quantity.start):
        return figure
    return replace(figure, metric=f"{figure.metric}Forecast")


def _as_target(text: str, figure: Figure) -> Figure:
    """A figure a company aims at is its ``<metric>Target`` ("revenueTarget"), not a result it reported."""
    if not _TARGET_BEFORE.search(text, max(0, figure.quantity.start - 80), figure.quantity.start):
        return figure
    if figure.quantity.kind == "multiple" and figure.metric.endswith("GrowthYoY"):
        # "expects overseas revenue to double within two years": a growth aimed at over a span, no yearly rate
        return replace(figure, metric=figure.metric.removesuffix("YoY") + "Target")
    if figure.metric.endswith(_TARGET_WORDS):
        return figure
    return replace(figure, metric=f"{figure.metric}Target")


_AS_OF = re.compile(r"\b(?:by|as\s+of|at\s+the\s+end\s+of|end\s+of)\s+(?:the\s+)?$", re.IGNORECASE)
_YEAR_SPAN = re.compile(r"((?:19|20)\d\d)\S*/((?:19|20)\d\d)")


def _over_span(figure: Figure, period: str | None) -> Figure:
    """Growth over several years ("from 2018 to 2024") is no year-on-year rate: ``revenueGrowth``."""
    span = _YEAR_SPAN.fullmatch(period or "")
    if span and int(span.group(2)) - int(span.group(1)) >= 2 and figure.metric.endswith("GrowthYoY"):
        return replace(figure, metric=figure.metric.removesuffix("YoY"))
    return figure


def _figure_subject(
    view: View, figure: Figure, state: State, paragraph: int, previous: Mention | None = None
) -> Mention | None:
    """Whose figure: "<X>'s revenue", else the sentence's subject, else the company in focus.

    The company in focus stands in for a missing subject ("Among them, overseas
    revenue accounted for 97%") only within its paragraph, a sentence or two
    after it was named (a list of results under "Key points:"), or when the
    sentence itself points back to it ("... and the company now counts ...").
    """
    if figure.metric == "marketSize":
        return _market_of(view, figure)  # a market's size is the segment's (or the place's), not a company's
    maker = next(
        (
            m
            for m in view.mentions
            if m.type in ("Company", "Brand", UNTYPED)
            and m.origin != "anaphor"
            and _MAKER_GAP.fullmatch(view.text, figure.quantity.end, m.start)
            and _GOODS_AFTER_NAME.match(view.text, m.end)
            and not _COMPANY_COUNT.search(figure.metric)  # "runs 96 Wuyi Noodle House restaurants": the runner's
        ),
        None,
    )
    if maker is not None:
        return maker  # "1,150 Kaida Motors pickups were registered": the maker of the goods counted
    before = [m for m in view.mentions if m.end <= figure.cue_start]
    if before and _possessive(view.text, before[-1], figure.cue_start):
        if before[-1].type in PLACES and len(before) > 1:
            actor = _actor_in_clause(view, figure, 0, before[-1])
            if actor is not None:
                return actor  # "Dongfu raised its share of Mexico's pickup market to 12.4%": Dongfu's share
        if before[-1].type in PLACES and len(before) == 1:
            # "Vietnam's exports of solar panels reached ...": a country's trade in goods is the goods' figure
            goods = _goods_measured(view, figure)
            if goods is not None:
                return goods
        return before[-1]
    if len(before) > 1 and before[-1].type == "Segment" and before[-2].type not in PLACES:
        owner = before[-2]
        if _OWNER_GAP.fullmatch(view.text, owner.end, before[-1].start) or (
            owner.surface.endswith("'s") and _COMMA_GAP.fullmatch(view.text, owner.end, before[-1].start)
        ):
            return owner  # "the Chinese company's smartphones made up 48%": the company's share
    paired = _respectively(view, figure)
    if paired is not None:
        return paired
    held_by = _metric_of(view, figure)
    if held_by is not None:
        return held_by
    owned = any(_OWNER_WORD.fullmatch(m.surface) or m.surface.endswith("'s") for m in before)
    if (
        view.segment is not None
        and not owned
        and _MARKET_WIDE.search(view.text, max(0, figure.cue_start - 60), figure.quantity.start)
    ):
        return view.segment  # "shipments across the region climbed 12%": the industry's figure
    held = view.relative_antecedent(figure.quantity.start)
    if held is not None and held.type not in PLACES:
        return held  # "iFood, which holds more than 80% of the market": the clause's antecedent holds it
    if (
        before
        and before[-1].type not in PLACES
        and _AT_FIGURE.fullmatch(view.text, before[-1].end, figure.quantity.start)
    ):
        return before[-1]  # "followed by Hailun at 6.1%"
    if (
        before
        and before[-1].type not in PLACES
        and _BARE_FIGURE.fullmatch(view.text, before[-1].end, figure.quantity.start)
        and _LISTED_BEFORE.search(view.text, 0, before[-1].start)
    ):
        return before[-1]  # "held 28% of shipments, Mivel Group 15% and Corra 11%": each name its number
    after = _owner_after(view, figure)
    if after is not None:
        return after
    # A place measures its own market only where no company or product is in the sentence ("the US market leads").
    actors = any(
        (
            state.types.get(m.name, m.type) in ("Company", "Brand", "Product", "Organization")
            or (m.type == UNTYPED and m.start == 0 and _is_clause_subject(view, m))  # "Fengda's plant in Hungary ..."
        )
        and not _cited(view, m)  # "Consultancy Wood Mackenzie estimates that global installations ..."
        for m in view.mentions
    )
    if not actors:
        goods = _goods_measured(view, figure)
        if goods is not None:
            return goods  # "Global shipments of robot lawnmowers rose 18%": the industry's figure, not a place's
    candidates = [
        m
        for m in view.mentions
        if m.start < figure.quantity.start
        and _can_be_subject(view, m)
        and not (actors and m.type in ("Country", "Region"))
    ]
    clause = max([b.end() for b in _CLAUSE_BREAK.finditer(view.text, 0, figure.quantity.start)], default=0)
    candidates = [m for m in candidates if m.start >= clause] or candidates
    subjects = [m for m in candidates if _is_clause_subject(view, m)]
    if subjects or candidates:
        chosen = (subjects or candidates)[0]
        focus = state.focus or state.main or state.figure_owner or _company_before(view, chosen, state)
        if chosen.type in PLACES:
            actor = _actor_in_clause(view, figure, clause, chosen)
            if actor is not None:
                return actor  # "The capacity Voltera has built in Latin America rose to ...": Voltera's figure
            if previous is not None and previous.type not in PLACES and previous.type != "Segment":
                # "Players in the US contributed $680 million and those in Korea $250 million": the sentence's
                # earlier figure was the game's; the place only says which part
                return previous
        if (
            chosen.type in PLACES
            and focus is not None
            and (
                _SPLIT_METRIC.search(figure.metric)
                or figure.metric == "productPrice"  # "A bubble tea in Vietnam costs ...": the seller's price there
                or _COMPANY_COUNT.search(figure.metric)
                or _OWN_METRIC_IN.search(view.text, 0, chosen.start)
                or _OWN_PLACE.search(view.text)
                or _OWN_PLACE_APPOSITION.match(view.text, chosen.end)
                or _PLACE_CONTRIBUTED.match(view.text, chosen.end)
                or _PLACE_WHERE.match(view.text, chosen.end)
            )
        ):
            # "The United States accounted for 31% of that spending": the split of the company's (or game's) own
            # revenue, the place only says which part
            state.regional_parts.append((chosen, focus))
            return replace(focus, confidence=0.7 * focus.confidence)
        return chosen
    if previous is not None:
        return previous  # "41% of Mavo's revenue, compared with 30% in 2023": the sentence's earlier figure's subject
    possessed = next(
        (
            (m, x)
            for m, x in zip(view.mentions, view.mentions[1:], strict=False)
            if m.end <= figure.quantity.start
            and x.start < figure.quantity.start
            and m.start >= clause
            and m.type not in PLACES
            and _OWNER_GAP.fullmatch(view.text, m.end, x.start)
            and not _governed(view.text, m.start)
        ),
        None,
    )
    if possessed is not None:
        # "MiniMax's Talkie app had 11 million users": the owned product, named after its owner, is the subject
        return possessed[1] if possessed[1].type not in PLACES else possessed[0]
    fronted = _OPENING_PHRASE.match(view.text)
    if fronted is not None and figure.quantity.end <= fronted.end():
        # "After raising $300 million in May, Lumio was valued at ...": the phrase is the subject's, after its comma
        after = view.subject_after(fronted.end(), (*FOCUS_TYPES, UNTYPED))
        if after is not None and after.start == fronted.end():
            return after
    reporter = next(
        (
            m
            for m in before
            if m.type in (*FOCUS_TYPES, UNTYPED)
            # "Minxin Cosmetics, a skincare group, said revenue rose ...": the speaker, past what describes it
            and (_REPORTS.match(view.text[m.end :]) or _REPORTS_PAST_APPOSITION.match(view.text, m.end))
        ),
        None,
    )
    if reporter is None:
        # "In 2024, revenue rose 12% to 3 billion yuan, Lumio said": the attribution after the figures
        reporter = next(
            (
                m
                for m in view.mentions
                if m.start >= figure.quantity.end
                and m.type in (*FOCUS_TYPES, UNTYPED)
                and m.origin != "anaphor"
                and view.text[: m.start].rstrip().endswith(",")
                and _REPORTS.match(view.text[m.end :])
            ),
            None,
        )
    if reporter is not None and state.types.get(reporter.name) != "Organization":
        return reporter  # "Pelion Tech said sales to Europe grew 35%": nobody else is named, the speaker's figure
    pointed = any(m.origin == "anaphor" for m in view.mentions)
    recent = state.sentence - state.focus_sentence <= ZERO_ANAPHORA_SENTENCES
    # A count holds at a point in time and may belong to anyone named: only a company named just before, or
    # pointed to, may stand in for its missing subject.
    if state.industry is not None and not pointed and state.sentence - state.industry_sentence <= 1:
        # "A total of 20.6 million units were shipped in 2024. Revenue came to $9.31 billion": the market's still
        state.industry_sentence = state.sentence
        return state.industry
    if state.focus and (pointed or recent or (state.focus_paragraph == paragraph and not is_stock(figure.metric))):
        state.focus_sentence = state.sentence
        return replace(state.focus, confidence=0.7 * state.focus.confidence)
    # A document whose headline names its company is about it: a figure nothing else claims is most likely its own.
    if state.main is not None and state.main_in_headline:
        return replace(state.main, confidence=0.5 * state.main.confidence)
    return None


def _company_before(view: View, place: Mention, state: State) -> Mention | None:
    """ "Meridian Pumps said North America was its largest region": in a story's first sentence, the company named
    before the place is the one whose part it is."""
    return next(
        (
            m
            for m in view.mentions
            if m.end <= place.start
            and m.origin != "anaphor"
            and (
                state.types.get(m.name, m.type) in ("Company", "Brand")
                or (m.type == UNTYPED and _is_clause_subject(view, m))
            )
        ),
        None,
    )


def _regional_presence(view: View, parts: list[tuple[Mention, Mention]]) -> list[Claim]:
    """ "Asia-Pacific contributed 1.4 billion yuan": a place whose part of the company's own figures the sentence
    gives is where the company operates (less surely than a place the text says it is in)."""
    claims = []
    for place, company in [*parts, *_ranked_after(view, parts)]:
        if company.type not in ("Company", "Brand", "Product", UNTYPED) or place.origin == "anaphor":
            continue
        subject = Mention(0, 0, company.name, company.type or "Company", company.surface, "anaphor", 0.6)
        made = claim(view, subject, "operatesIn", place, place.start, confidence=0.6)
        if dict(made.qualifiers).get("status") is None:
            claims.append(made)
    return claims


#: "followed by Japan and South Korea combined at 710 million yuan, Southeast Asia at 480 million yuan": the places
#: ranked after the first, each with its amount.
_FOLLOWED_BY = re.compile(r"\bfollowed\s+by\s+")
_AND_BETWEEN = re.compile(r"\s+and\s+(?:the\s+)?")
_AMOUNT_AFTER_PLACE = re.compile(
    r"(?:\s+and\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})?(?:\s+(?:combined|together))?\s+(?:at|with)\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+)?(?:[$\u20ac\u00a3\u00a5\d]|(?:RMB|CNY|USD|EUR|HK\$|US\$)\b)"
)


def _ranked_after(view: View, parts: list[tuple[Mention, Mention]]) -> list[tuple[Mention, Mention]]:
    """The places a sentence ranks after a place whose part of the company's figures it gave, each with its own
    amount ("North America was the largest region at 960 million yuan, followed by Japan at 710 million yuan")."""
    if not parts:
        return []
    first, company = parts[0]
    followed = _FOLLOWED_BY.search(view.text, first.end)
    if followed is None:
        return []
    places = [m for m in view.mentions if m.type in PLACES and m.start >= followed.end() and m.origin != "anaphor"]
    ranked = [m for m in places if _AMOUNT_AFTER_PLACE.match(view.text, m.end)]
    # "Japan and South Korea combined at": the place joined before the one whose amount follows
    joined = [m for m in places for r in ranked if _AND_BETWEEN.fullmatch(view.text, m.end, r.start)]
    return [(m, company) for m in sorted({*ranked, *joined}, key=lambda m: m.start) if m.name != first.name]


#: "sales there rose 36%": the company's figure for the place just named.
_OWN_PLACE = re.compile(
    r"\b(?:revenues?|sales|shipments|deliveries|income|profits?|orders|business|registrations)\s+there\b", re.IGNORECASE
)
#: "Europe contributed 1.4 billion yuan", "North America was its largest region with ...": a place's part of the
#: company's own total, not the place's economy.
_PLACE_CONTRIBUTED = re.compile(
    # "mainland China still generated", "Asia-Pacific markets outside China generated", "Europe alone added"
    r"(?:\s+(?:markets?|region|business|operations))?(?:\s+outside\s+(?:mainland\s+)?[A-Z][\w-]*)?"
    r"(?:\s+(?:still|again|alone|also|together|now|then))?"
    r"\s+(?:contributed|contributes|generated|generates|brought\s+in|brings\s+in|added|adds|supplied|delivered|"
    r"made\s+up|make\s+up)\b"
    # "Europe was the fastest grower, with revenue up 29%", "North America was again the biggest contributor"
    rf"|\s+{RANKED_FIRST}(?:grower|contributor|earner|market|region|source)\b"
    # "Europe grew fastest among regions, with revenue up 24%"
    r"|\s+(?:grew|rose|expanded)\s+(?:the\s+)?(?:fastest|most|quickest)\b"
    r"|\s+(?:was|remained|is|stayed)\s+(?:its|their|the\s+(?:company|group|firm|brand)'s)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:region|market)\b",
    re.IGNORECASE,
)
#: "strongest in Latin America, where revenue grew 31%": what the company earned there.
_PLACE_WHERE = re.compile(
    r"\s*,\s+where\s+(?:its\s+|their\s+)?(?:revenues?|sales|income|profits?|shipments|deliveries|orders|business)\b",
    re.IGNORECASE,
)
#: "North America, the group's second-largest market, contributed ...": a place described as the company's.
_OWN_PLACE_APPOSITION = re.compile(
    r"\s*,\s+(?:its|their|the\s+(?:company|group|firm|brand|carmaker)'s|"
    # "North America, Daxen's biggest market, generated": a company named in the possessive too
    r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2}(?:['\u2019]s|(?<=s)['\u2019]))\s+[^,;]{1,60},"
)


def _cited(view: View, m: Mention) -> bool:
    """A source or a reporter: "according to X", "X said", "X, a research firm, estimates"."""
    return bool(
        _SOURCE.search(view.text, max(0, m.start - 30), m.start)
        or _REPORTS.match(view.text[m.end :])
        or _REPORTS_PAST_APPOSITION.match(view.text, m.end)
    )


def _actor_in_clause(view: View, figure: Figure, clause: int, place: Mention) -> Mention | None:
    """A company, brand or product named in the figure's clause, neither governed by a preposition nor cited: whose
    figure it is when a place was the nearest candidate ("The capacity Voltera has built in Latin America")."""
    return next(
        (
            m
            for m in view.mentions
            if clause <= m.start
            and m.end <= figure.quantity.start
            and m is not place
            and m.origin != "anaphor"
            and m.type in ("Company", "Brand", "Product", UNTYPED)
            and not _governed(view.text, m.start)
            and not view.governs(m)
            and not _cited(view, m)
            and not _owns_next(view, m)
            and _VERB_AFTER.match(view.text, m.end)
        ),
        None,
    )


#: A name followed by its verb: "Voltera has built", "Sorento Auto registered".
_VERB_AFTER = re.compile(r"\s+(?:has\s+|have\s+|had\s+|now\s+|also\s+)*[a-z]+(?:ed|s)\b")


#: Between a count and the maker named before the goods: "3.4 million Pelora air fryers".
_MAKER_GAP = re.compile(r"\s+")
_GOODS_AFTER_NAME = re.compile(r"(?:['\u2019]s?)?\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*s\b")
#: The goods an industry-wide figure counts: "shipments of robot lawnmowers", "Smartphone shipments in Africa".
_GOODS_OF = re.compile(
    r"\b(?i:(?:exports|imports|shipments|sales|deliveries|output|production|registrations|installations)\s+of|"
    r"spending\s+on)\s+(?P<goods>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)"
    r"(?=\s+(?:from|in|to|across|worldwide|globally|rose|grew|fell|reached|hit|climbed|jumped|totall?ed|were|was|dropped|"
    r"declined|increased)\b|[,.])"
)
_GOODS_BEFORE = re.compile(
    r"(?:^|\b(?i:global|worldwide|world)\s+)(?P<goods>(?!(?:[Tt]he|[Ii]ts|[Tt]heir|[Gg]lobal|[Ww]orldwide|[Tt]otal)\b)[A-Za-z][a-z-]+"
    r"(?:\s+[a-z][a-z-]+)?)\s+(?:exports|imports|shipments|sales|deliveries|installations|registrations)\b"
)
_GOODS_NOT = frozenset(
    "total overall annual quarterly global its their the company group unit retail online overseas international "
    "domestic foreign net gross comparable organic same-store like-for-like export import research development r&d "
    "marketing advertising capital staff".split()
)
#: "..., according to IDC", "..., Canalys estimated": an analyst's count of a whole market.
_CITED = re.compile(r"\b(?:according\s+to|data\s+from|figures\s+from|estimated|estimates|said|says|reported)\b")


def _goods_measured(view: View, figure: Figure) -> Mention | None:
    """The goods a figure with no company in its sentence counts, as a segment; None when the words name none.

    "shipments of e-readers" names them; "Tablet shipments" only where the noun is a known segment, the figure is
    global, or an analyst is cited and nothing points back to a company ("Net sales reached ..." is the company's).
    """
    installed = _GOODS_INSTALLED_AFTER.match(view.text, figure.quantity.end)
    if installed is not None and _INSTALLED_BEFORE.search(
        view.text, max(0, figure.quantity.start - 40), figure.quantity.start
    ):
        # "Brazil installed 4.8 GW of onshore wind turbines": a country's installations are the goods' figure
        words = installed.group("goods")
        if view.segment is not None and words.lower().endswith(view.segment.name.lower()):
            return view.segment
        words = " ".join(words.split()[-2:])
        start = installed.end("goods") - len(words)
        return Mention(start, installed.end("goods"), words.lower(), "Segment", words, "cue", 0.7)
    found = _GOODS_OF.search(view.text, 0, figure.quantity.start)
    passive = _GOODS_PASSIVE.match(view.text, figure.quantity.end)
    if found is None and passive is not None:
        # "Some 14 million robot mowers were sold worldwide in 2023": the goods of the story's market
        return view.segment or Mention(
            passive.start("goods"),
            passive.end("goods"),
            passive.group("goods"),
            "Segment",
            passive.group("goods"),
            "cue",
            0.7,
        )
    if found is None:
        found = _GOODS_BEFORE.search(view.text, 0, figure.quantity.start)
        if found is None or not (
            names_a_segment(found.group("goods").lower().split())
            or not found.group().startswith(found.group("goods"))  # "Global shipments of ...", "world sales"
            or (_CITED.search(view.text) and not any(m.origin == "anaphor" for m in view.mentions))
        ):
            return None
    if found.group("goods").lower().split()[0] in _GOODS_NOT:
        return None
    words = found.group("goods")
    name = words[0].lower() + words[1:]
    return Mention(found.start("goods"), found.end("goods"), name, "Segment", words, "cue", 0.7)


#: "installed 4.8 GW of wind turbines", "imported 300,000 tonnes of soybeans": what a place put in or brought in.
_INSTALLED_BEFORE = re.compile(
    r"\b(?:installed|added|imported|commissioned|connected|deployed)\s+(?:about\s+|around\s+|nearly\s+|some\s+|"
    r"more\s+than\s+|over\s+|almost\s+|roughly\s+)?$",
    re.IGNORECASE,
)
_GOODS_INSTALLED_AFTER = re.compile(r"\s+of\s+(?P<goods>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*s)\b")
_GOODS_PASSIVE = re.compile(
    r"\s+(?P<goods>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*?)(?:\s+units)?\s+(?:were|had\s+been|have\s+been)\s+"
    r"(?:shipped|sold|delivered|installed)\b"
)
#: A phrase that opens a sentence before its subject: "After raising $300 million in May, ...".
_OPENING_PHRASE = re.compile(
    r"\W*(?:after|before|since|following|having|when|once|by|with|while|in|as)\b[^,;]{0,120},\s*", re.IGNORECASE
)
#: "Sales in the Middle East grew 27%", "..., while its shipments to Europe fell": the company's own figure for a
#: place (an industry's would name its goods first: "Smartphone sales in Europe").
_OWN_METRIC_IN = re.compile(
    r"(?:^|[,;]\s+|\b(?:and|while|but|whereas)\s+)(?:its\s+|their\s+|the\s+(?:company|group|firm)'s\s+)?"
    r"(?:(?:paying\s+|registered\s+|active\s+)?(?:sales|revenues?|shipments|deliveries|orders|income|bookings|users|"
    r"customers|subscribers|members|players|stores|shops))\s+(?:in|across|from|to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: "The global e-bike market was worth ...": the goods named before "market", past a word of scope.
_GOODS_MARKET = re.compile(
    r"\b(?:[Tt]he|[Aa]|[Ii]ts)\s+(?:(?:global|worldwide|world|overall|total|domestic|local|entire)\s+)?"
    r"(?P<segment>(?!(?:global|worldwide|world|overall|total|domestic|local|entire)\b)[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)"
    r"\s+market\s+(?:was|is|will|worth|valued|stood|reached|hit|totall?ed|grew|rose)\b"
)
_MARKET_FOR = re.compile(
    r"\bmarket\s+for\s+(?P<segment>(?:[a-z][\w-]*\s+){0,4}?[a-z][\w-]*)\s+(?:at|was|is|will|worth|valued)\b"
)


#: "Revenue at Dunhe Tools rose 14%", "Sales of Kaida Motors fell": what is measured, then whose it is.
_METRIC_AT = re.compile(
    r"(?:^|[,;]\s+)\W*(?:the\s+|its\s+)?(?:[a-z][\w-]*\s+){0,2}(?:revenues?|sales|profits?|earnings|income|"
    r"turnover|shipments|deliveries|orders|output|exports)\s+(?:at|of|for)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _metric_of(view: View, figure: Figure) -> Mention | None:
    """The company a clause's opening metric names with "at", "of" or "for" before the number."""
    return next(
        (
            m
            for m in view.mentions
            if m.end <= figure.quantity.start
            and m.origin != "anaphor"
            and m.type in (*FOCUS_TYPES, UNTYPED)
            and _METRIC_AT.search(view.text, max(0, m.start - 60), m.start)
        ),
        None,
    )


def _market_of(view: View, figure: Figure) -> Mention | None:
    """Whose size a market's is: "the market for freshly made tea drinks" (the segment), a segment named in the
    sentence, else the place ("the British market")."""
    named = _MARKET_FOR.search(view.text, 0, figure.quantity.start) or _GOODS_MARKET.search(
        view.text, 0, figure.quantity.start
    )
    if named is not None:
        words = named.group("segment")
        return Mention(named.start("segment"), named.end("segment"), words, "Segment", words, "cue", 0.7)
    segment = next((m for m in view.mentions if m.type == "Segment" and m.start < figure.quantity.start), None)
    place = next((m for m in view.mentions if m.type in PLACES and m.start < figure.quantity.start), None)
    return segment or place or view.segment


#: Words that make a figure the whole market's, not one company's.
_MARKET_WIDE = re.compile(
    r"\b(?:across|throughout|in)\s+the\s+(?:whole\s+|entire\s+)?(?:region|market|industry|continent|sector)\b",
    re.IGNORECASE,
)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_NAME_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def _respectively(view: View, figure: Figure) -> Mention | None:
    """ "A and B posted gains of 100% and 259% respectively": the n-th number is the n-th name's."""
    if not _RESPECTIVELY.search(view.text, figure.quantity.end):
        return None
    names = [m for m in view.mentions if m.type in (*FOCUS_TYPES, UNTYPED) and m.end <= figure.quantity.start]
    listed: list[Mention] = []
    for m in names:
        if listed and not _NAME_LIST_GAP.fullmatch(view.text, listed[-1].end, m.start):
            listed = []
        listed.append(m)
    numbers = [q for q in _NUMBERS.finditer(view.text, listed[-1].end if listed else 0)]
    positions = [q.start() for q in numbers]
    if len(listed) < 2 or figure.quantity.start not in positions:
        return None
    index = positions.index(figure.quantity.start)
    return listed[index] if index < len(listed) else None


_NUMBERS = re.compile(r"(?<![\w.])\d[\d.,]*")
#: Shares of a whole that belongs to someone (revenue, spending, sales), not of a market.
_SPLIT_METRIC = re.compile(r"^(?:revenue|revenues|spending|sales|income|overseasRevenue)Share$")
#: A prepositional phrase of place that opens the sentence or a clause, before its comma: "In Chile and Peru, ...".
_FRONTED_WHERE = re.compile(
    r"(?:^|[;:]\s+|,\s+(?:and|but|while|whereas)\s+)\W*(?:in|across|throughout|within|outside|beyond|at)\s+[^,;]*$",
    re.IGNORECASE,
)
_TOWARDS = re.compile(r"\b(?:to|into|outside|beyond|other\s+than)\s+(?:the\s+|mainland\s+)?$", re.IGNORECASE)
_PERIOD_OF_NUMBER = re.compile(
    r"\d(?:[\d.,]*\d)?\s*(?:%|percent|per\s+cent)\s+(?:in|for|during|by)\s+(?:the\s+)?$"
    r"|\bthe\s+\d(?:[\d.,]*\d)?(?:\s+(?:million|billion|units|[a-z]+s))?\s+(?:of|in)\s+$"  # "twice the 46,000 of 2023"
)
_COMPARED_PERIOD = re.compile(
    r"\b(?:from|compared\s+(?:with|to)|against|versus)\s+(?:about\s+|around\s+|nearly\s+)?[$\u20ac\u00a3\u00a5]?\d[\d.,]*[^,;:]{0,30}?"
    r"\s+(?:in|at\s+the\s+end\s+of|by|during|for)\s+(?:the\s+)?(?:same\s+(?:quarter|half|period|month)\s+of\s+)?$|"
    # "little changed from 2024", "up from 2023", "compared with 2024": the period compared with, no figure's own
    r"\b(?:(?:little\s+|barely\s+|largely\s+)?(?:changed|unchanged)|up|down|higher|lower|more|less)\s+(?:from|on|than)\s+$|"
    r"\b(?:compared\s+(?:with|to)|against|versus)\s+$",
    re.IGNORECASE,
)
_BARE_FIGURE = re.compile(r"\s+(?:about\s+|around\s+|nearly\s+|some\s+)?")
_LISTED_BEFORE = re.compile(r"(?:,|\band)\s+(?:the\s+)?$")
_AT_FIGURE = re.compile(r"\s+(?:at|with|on)\s+(?:about\s+|around\s+|nearly\s+)?|\s*\(\s*")
_OF_OWNER = re.compile(r"\s+of\s+(?:the\s+|its\s+)?$")


def _owner_after(view: View, figure: Figure) -> Mention | None:
    """ "28% of the game's players", "a fifth of Kaiyo Pets' revenue": the owner named after the number."""
    q = figure.quantity
    for m in view.mentions:
        if m.start <= q.end or m.start > q.end + 25 or m.type not in ("Company", "Brand", "Product", UNTYPED):
            continue
        owned = (
            m.surface.endswith("'s")
            or view.text.startswith(("'s ", "' "), m.end)
            or m.surface.lower() in ("its", "their")
        )
        if owned and _OF_OWNER.fullmatch(view.text, q.end, m.start):
            return m
    return None


def _possessive(text: str, m: Mention, pos: int) -> bool:
    """``m`` owns what stands before ``pos``: "Acme's overseas revenue", "the company's revenue"."""
    between = text[m.end : pos]
    owned = m.surface.endswith("'s") or _POSSESSIVE_MARK.match(between)
    return bool(owned) and bool(_POSSESSIVE_GAP.fullmatch(between))


_OWNER_WORD = re.compile(r"its|their", re.IGNORECASE)
#: A name after one of these (directly, through a short description or as a later list item) is a partner, a
#: rival or an example, not whose figure it is.
_NOT_OWNER_BEFORE = re.compile(
    r"\b(?:with|than|including|such\s+as|like|against|versus|among)\s+(?:(?:the|a|an)\s+)?"
    r"(?:[\w-]+\s+){0,2}(?:[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*(?:,\s+|\s+and\s+|,\s+and\s+))*$"
)


def _can_be_subject(view: View, m: Mention) -> bool:
    """Sources ("according to X"), reporters ("X said") and possessors of a later name are not what a figure measures;
    neither is an adjective of nationality ("its European market share")."""
    if m.type in ("Channel", "Strategy") or m.origin == "city" or (m.origin == "place" and m.surface in _demonyms()):
        return False
    dateline = _filed_at(view.text) if m.start == 0 else None
    if dateline is not None and m.end <= dateline.end():
        return False  # "SINGAPORE, May 27 - X said ...": where the story was filed, not whose figure
    if _SOURCE.search(view.text, max(0, m.start - 30), m.start) or _SOURCE_AFTER.match(view.text[m.end :]):
        return False
    if _REPORTS.match(view.text[m.end :]) or _REPORTS_PAST_APPOSITION.match(view.text, m.end) or _owns_next(view, m):
        return False
    if (
        m.origin != "anaphor"
        and _IN_REPORTERS_APPOSITION.search(view.text, max(0, m.start - 80), m.start)
        and _SAID_AFTER.match(view.text, m.end)
    ):
        return False  # "Hexin Holdings, the parent of the apps Lito and Wavo, said ...": Lito describes the speaker
    if _SOLD_UNDER.search(view.text, max(0, m.start - 16), m.start):
        return False  # "suitcases, sold mainly under the Altavio brand, remained the largest business with revenue of"
    if _ATTRIBUTE_COMPOUND.match(view.text, m.end):
        return False  # "The Hong Kong-listed group reported revenue of ...", "The Tencent-backed app has": the noun's
    if m.type in PLACES and _FRONTED_WHERE.search(view.text, 0, m.start):
        # "In Brazil, revenue rose 30%": a place fronted before the clause says where, the company in focus is whose
        return False
    if m.type in PLACES and _TOWARDS.search(view.text, max(0, m.start - 12), m.start):
        # "shipments to Europe grew 70%": the company's figure, Europe its destination ("calls in China" are China's)
        return False
    if m.origin == "anaphor" and m.name and _OWNER_WORD.fullmatch(m.surface) and not _governed(view.text, m.start):
        return True  # "X said its shipments fell 4%": "its" is the company it points to
    if m.type not in PLACES and _NOT_OWNER_BEFORE.search(view.text, max(0, m.start - 60), m.start):
        return False  # "a joint venture with Spanish firm Ebro ... will build 50,000 cars a year": not Ebro's figure
    # "cut its price target on Fenda Tools to 12.40 yuan": the rated company's, whatever governs it
    return (
        m.type != UNTYPED
        or _rated(view.text, m.start)
        or (
            (
                _at_clause_start(view.text, m.start)
                or bool(_REPORTED_CLAUSE.search(view.text, max(0, m.start - 30), m.start))
                or bool(_FRONTED_DATE.fullmatch(view.text, 0, m.start))  # "At the end of 2024 Liangpin Bakery ran ..."
            )
            and not _governed(view.text, m.start)
        )
    )


#: The brand goods are sold under: "sold mainly under the Altavio brand".
_SOLD_UNDER = re.compile(r"\bunder\s+(?:the|its|their)\s+$", re.IGNORECASE)
#: A name in a compound adjective ("Hong Kong-listed", "Tencent-backed") describes the noun after it.
_ATTRIBUTE_COMPOUND = re.compile(rf"-(?:{ATTRIBUTE_PARTICIPLES})\b")
_TODAY = re.compile(r"\btoday\b", re.IGNORECASE)


def _filed_at(text: str) -> re.Match[str] | None:
    """The dateline that opens ``text``, with or without the day before the month."""
    return DATELINE.match(text) or DAY_FIRST_DATELINE.match(text)


#: "Lumina Play, a studio owned by Jiahe Media, said ...": the speaker, past what describes it.
_REPORTS_PAST_APPOSITION = re.compile(r",[^,;.]{1,80},\s+(?:says|said|told|noted|estimated|estimates)\b", re.IGNORECASE)
#: Inside an apposition that a reporting verb follows: "X, the owner of <here> and Y, said".
_IN_REPORTERS_APPOSITION = re.compile(r",\s+(?:the|a|an)\s+[^,;.]{0,70}$")
_SAID_AFTER = re.compile(r"[^,;.]{0,60},\s+(?:says|said|told|noted)\b")
#: A date phrase opening the sentence without a comma: "At the end of 2024 ", "In the first half of 2025 ".
_FRONTED_DATE = re.compile(
    r"\W*(?:In|At|By|During|Over|As\s+of|Since|Last\s+year|This\s+year)\b[^,;.]{0,40}?(?:(?:19|20)\d\d|year|quarter)\s+"
)
#: "Omdia said Brightway shipped ...": a name right after a reporting verb starts the clause it reports.
_REPORTED_CLAUSE = re.compile(
    r"\b(?:says|said|estimated|estimates|reported|reports|noted|notes|believes|reckons|thinks)"
    r"(?:\s+on\s+[A-Z][a-z]+)?\s+(?:that\s+)?$"  # "said on Tuesday that it would open ..."
)


@cache
def _demonyms() -> frozenset[str]:
    return frozenset(data("names")["demonyms"])


def _owns_next(view: View, m: Mention) -> bool:
    """ "Nuvola's chatbot Kiri": Nuvola only qualifies Kiri."""
    following = next((x for x in view.mentions if x.start >= m.end), None)
    if following is not None and following.type in ("Segment", "Country", "Region"):
        # "the company's smartphones made up 48%", "X's plant in Slovakia can build": X keeps the figure
        return False
    return following is not None and bool(_OWNER_GAP.fullmatch(view.text, m.end, following.start))


def _figure_period(view: View, figure: Figure, state: State) -> str | None:
    """The period right after the number, else the nearest before it, else the one recent figures had.

    A count ("100 countries") holds at a point in time: it takes only a period
    named right after it, never one from elsewhere in the sentence or before it.
    """
    q = figure.quantity
    # "Kelan, which listed in Shenzhen in 2021, spent 2.3 billion yuan": a relative clause's date is its own
    aside = [(s, e) for s, e in view.closed_relatives() if not s <= q.start < e]
    points = [p for p in view.periods if p.role in ("point", "range") and not any(s <= p.start < e for s, e in aside)]
    filed = _filed_at(view.text)
    if filed is not None:
        points = [p for p in points if p.start >= filed.end()]  # "HONG KONG, 27 March 2026 - ": the day it was filed
    same = _SAME_DATE.match(view.text, q.end)
    if same is not None:
        # "9.1 million members at the same date": the date the sentence, or the one before, named last
        earlier = [p for p in view.periods if p.role == "point" and p.end <= q.start]
        return _month_of(earlier[-1].value) if earlier else state.last_point
    months = _undated_months(view, state)
    parts = [*_undated_parts(view, state, points), *months]
    points = sorted([*points, *parts], key=lambda p: p.start) if parts else points
    # "fell to 42 million euros from 57 million euros in 2024": a period after another number is that number's
    following = [
        p
        for p in points
        if p.start >= q.end
        and _FOLLOWS.fullmatch(view.text[q.end : p.start])
        and not _DIGIT.search(view.text, q.end, p.start)
        and not _CLAUSE_BREAK.search(view.text, q.end, p.start)
    ]
    if is_stock(figure.metric):
        # "2,350 stores as of 31 March 2025": "as of" reads as a start; for a count it is the date it held on
        held_on = [
            p
            for p in view.periods
            if p.start >= q.end
            and _AS_OF.search(view.text, max(0, p.start - 20), p.start)
            and _FOLLOWS.fullmatch(view.text[q.end : p.start])
            and not _DIGIT.search(view.text, q.end, p.start)
        ]
        if following or held_on:
            return _month_of((following or held_on)[0].value) or None
        # "would serve 25 countries with its products by 2025": the date a count is to be reached, later in its clause
        reached = [
            p
            for p in view.periods
            if p.start >= q.end
            and _BY_DATE.search(view.text, max(0, p.start - 4), p.start)
            and _REACHED_GAP.fullmatch(view.text, q.end, p.start - 3)
        ]
        if reached:
            return _month_of(reached[0].value)
        elliptic = _ELLIPTIC_TAIL.search(view.text, max(0, q.start - 50), q.start)
        if elliptic is not None:
            # "first in 12 markets in Q3 2024, and in the top three in 40": the verbless clause's date is
            # the one its first part named
            earlier = [p for p in view.periods if p.role == "point" and p.end <= elliptic.start()]
            if earlier:
                return _month_of(earlier[-1].value)
        # "by December 2021 it had more than 200 outlets": a date the count was reached by, in its own clause
        clause = max([b.end() for b in _CLAUSE_BREAK.finditer(view.text, 0, q.start)], default=0)
        held = [
            p
            for p in view.periods  # "as of June 2025" reads as a start; for a count it is the date it held on
            if clause <= p.start
            and p.end <= q.start
            and (_AS_OF.search(view.text, max(0, p.start - 20), p.start) or _AT_DATE.fullmatch(view.text, 0, p.start))
        ]
        return _month_of(held[-1].value) if held else None
    # "900 shops, up from 640 at the end of 2022": the date of a level compared with is that level's alone
    own = [p for p in points if not _COMPARED_PERIOD.search(view.text, max(0, p.start - 60), p.start)]
    preceding = [p for p in own if p.end <= q.start]
    # "38% of revenue last year, compared with 25% in 2023": a later period that follows a number of its own
    # is that number's
    unclaimed = [
        p
        for p in own
        if (p not in parts or p in months)  # "ranked second ... in March": the sentence's month is the rank's
        and not _PERIOD_OF_NUMBER.search(view.text, max(0, p.start - 30), p.start)
        and ";" not in view.text[q.end : p.start]  # a clause after a semicolon dates its own figures
    ]
    goal = _TARGET_BEFORE.search(view.text, max(0, q.start - 80), q.start)
    if goal is not None and not _BY_THEN.match(view.text, q.end):
        # "spent $20 million in 2025 and aims to raise Japan's share to a quarter": a date of the clause before
        # the goal's is not the goal's ("... by 2027 and wants ... by then" points back to it)
        preceding = [p for p in preceding if not _AND.search(view.text, p.end, goal.start())]
        unclaimed = [p for p in unclaimed if not _AND.search(view.text, p.end, goal.start())]
    chosen = following[0] if following else preceding[-1] if preceding else (unclaimed[0] if unclaimed else None)
    if chosen is not None and not chosen.value:
        return None  # "raised $2 billion in March": a month the story gives no year for stays undated
    if not following and (
        _NOW_AFTER.match(view.text, q.end) or _NOW_BEFORE.search(view.text, max(0, q.start - 40), q.start)
    ):
        return None  # "up from less than 3% today", "it currently sells 90,000": now, no period the text names
    relative = _RELATIVE_TIME.search(view.text, max(0, q.start - 60), min(len(view.text), q.end + 60))
    if (
        relative is not None
        and not following
        and (chosen is None or _RELATIVE_AFTER.match(view.text, q.end))
        and not _YEAR_EARLIER.match(view.text, q.end)
    ):
        # "brought in 9 billion dollars of global revenue last year": the relative date after the figure is its own
        return None  # a relative date names no period (labelling convention), and no earlier period stands in
    # a goal's year ("aims to sell 1.5 million cars in 2025") and a compared level's ("up from 37% in 2023") date
    # no later figure
    if (
        chosen
        and (chosen not in parts or chosen in months)  # a month the headline dates ("in March") dates the next
        and not figure.compared
        and not _TARGET_BEFORE.search(view.text, max(0, q.start - 80), q.start)
    ):
        state.period = chosen.value
    if chosen is None and (
        figure.unit == "rank"
        or figure.metric in _DAY_MOVES
        or _TARGET_BEFORE.search(view.text, max(0, q.start - 80), q.start)
        or _RUNNING_TOTAL.search(view.text, max(0, q.start - 40), q.start)
    ):
        # a rank held "for nine years", a share price's move on a day, a goal with no year of its own, a total an
        # app "has been downloaded": no earlier sentence's period
        return None
    value = _same_part(chosen, view.text, state.period) if chosen else state.period
    if value and chosen is None and figure.compared:
        # "revenue rose 8% from a year earlier ..., while net profit slipped to 44 million from 61 million", "Gross
        # margin improved to 39.6% from 37.9%": a level compared with, the sentence dating nothing, is the period
        # before the story's
        return _year_before(value)
    if (
        value
        and not figure.metric.endswith(("GrowthYoY", "Growth", "Change"))
        and _YEAR_EARLIER.match(view.text, q.end)
    ):
        return _year_before(value)  # "narrowed to 1.2 billion from 2.1 billion a year earlier": last year's level
    return value


#: "At June 30, 2025, the chain operated ...": a date that opens the sentence is the one its counts held on.
_AT_DATE = re.compile(r"\s*(?:At|On|As\s+of|By)\s+(?:the\s+end\s+of\s+)?", re.IGNORECASE)
#: "has been downloaded 18 million times", "have sold": a total reached by now, of no period.
_RUNNING_TOTAL = re.compile(
    r"\b(?:has|have)\s+(?:now\s+|so\s+far\s+|already\s+)?(?:been\s+)?(?:downloaded|installed|sold|shipped|delivered|"
    r"registered|built|produced|played|streamed|viewed)\s+(?:about\s+|around\s+|nearly\s+|more\s+than\s+|over\s+|"
    r"some\s+|almost\s+|roughly\s+)?$",
    re.IGNORECASE,
)
_DAY = re.compile(r"^(\d{4}-\d\d)-\d\d$")
#: "a year earlier", "the previous year": the year before the one a figure is of.
_A_YEAR_BEFORE = r"(?:a|one)\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|prior)\s+year"
_YEAR_ON_YEAR = re.compile(rf"\b(?:{_A_YEAR_BEFORE}|year[- ]on[- ]year|year[- ]over[- ]year)\b", re.IGNORECASE)
#: Moves of a share price, which happen on a day, not over the period a report covers.
_DAY_MOVES = frozenset(("sharePriceChange", "firstDayShareGain"))
#: "in the same quarter of fiscal 2025": the part of the year the story reports, in the year named.
_SAME_PART = re.compile(r"\bsame\s+(?:quarter|half|period|month)\s+(?:of|in|last)\s+$", re.IGNORECASE)
_PART = re.compile(r"-([QH][1-4]|\d\d)$")


def _month_of(period: str) -> str:
    """A count held on a day ("as of 31 March 2025") is labelled with its month."""
    return _DAY.sub(r"\1", period)


def _same_part(chosen: Period, text: str, running: str | None) -> str:
    """ "against 900 million yen in the same quarter of fiscal 2025": that year's part the story reports."""
    part = _PART.search(running or "")
    year = re.fullmatch(r"(FY)?\d{4}", chosen.value)
    if part is None or year is None or not _SAME_PART.search(text, max(0, chosen.start - 30), chosen.start):
        return chosen.value
    return f"{chosen.value}-{part.group(1)}"


#: A clause that leaves out its verb and goes on with the one before: ", and among the top five in ".
_ELLIPTIC_TAIL = re.compile(r",\s+and\s+(?:among|in|at|with|on)\b[^,;.\d]{0,40}$")
_BY_THEN = re.compile(r"[^.;]{0,60}?\bby\s+then\b", re.IGNORECASE)
_AND = re.compile(r"\band\b")
#: "at the same date", "at that time": the date named last.
_SAME_DATE = re.compile(
    r"[^.;\d]{0,40}?\b(?:at|on|by)\s+(?:the\s+same\s+(?:date|time|day|point)|that\s+(?:date|time|point))\b",
    re.IGNORECASE,
)
_BY_DATE = re.compile(r"\bby\s+$", re.IGNORECASE)
#: Words between a count and the "by" date it is to be reached by: no number, no new clause.
_REACHED_GAP = re.compile(r"(?:\s+[A-Za-z'-]+){0,8}\s*")
#: "... 3% today", "8% at present": a level as it stands now.
_NOW_AFTER = re.compile(
    r"\s*(?:%|percent|per\s+cent)?[^.;,\d]{0,12}?\b(?:today|currently|at\s+present|these\s+days|now)\b"
)
_NOW_BEFORE = re.compile(r"\b(?:currently|at\s+present|today)\s+[^.;,\d]{0,30}$", re.IGNORECASE)


def _undated_months(view: View, state: State) -> list[Period]:
    """ "earned $138 million in March" under a headline about March 2025: the headline's month. A month the story
    gives no year for is kept, valueless, so that no other period stands in for it."""
    story = re.fullmatch(r"(?:FY)?\d{4}-(\d\d)", state.story_period or "")
    return [
        replace(m, value=story.group(0) if story and story.group(1) == m.value else "")
        for m in undated_months(view.text, view.periods)
    ]


def _undated_parts(view: View, state: State, dated: list[Period]) -> list[Period]:
    """ "In the second quarter alone, revenue was ...": a quarter or half without a year is one of the year the
    sentence named before it, else of the period the story reports; with neither, it stays undated."""
    parts = []
    for part in undated_parts(view.text, view.periods):
        before = [p for p in dated if p.end <= part.start]
        value = in_year_of(part.value, before[-1].value if before else state.period)
        if value:
            parts.append(replace(part, value=value))
    return parts


#: A date relative to when the story was written: it is not turned into a period, and no earlier one stands in.
_RELATIVE_TIME = re.compile(
    # "up 44% on the previous year", "from last year": the base of a change, not the figure's own date
    r"(?<!from\s)(?<!than\s)(?<!with\s)(?<!over\s)(?<!on\sthe\s)(?<!from\sthe\s)(?<!over\sthe\s)(?<!than\sthe\s)"
    r"(?<!with\sthe\s)(?<!versus\s)\b(?:last|this|next|previous|past)\s+(?:fiscal\s+)?(?:year|quarter|month|half)\b",
    re.IGNORECASE,
)
_RELATIVE_AFTER = re.compile(
    r"(?:\s+[\w$€£¥.,-]+){0,5}?\s+(?:last|this|next|previous|past)\s+(?:fiscal\s+)?(?:year|quarter|month|half)\b",
    re.IGNORECASE,
)
#: Counts that only a company keeps: a place is where they are, not whose ("Singapore ... has 38" stores).
_COMPANY_COUNT = re.compile(
    r"(?:[sS]tore|[eE]mployee|[dD]ealer|[oO]ffice|[wW]arehouse|[fF]actory|[rR]estaurant)(?:Count|Openings)(?:Target)?$"
)
#: A value compared with the same period a year before: "from 2.1 billion yuan a year earlier".
_YEAR_EARLIER = re.compile(
    rf"(?:\s+[a-z]+){{0,4}}?\s+(?:{_A_YEAR_BEFORE}|the\s+year\s+before)\b"
    r"|\s+in\s+the\s+same\s+(?:period|quarter)\s+"
    r"(?:a\s+year\s+(?:earlier|ago)|last\s+year)\b",
    re.IGNORECASE,
)
_PERIOD_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_DIGIT = re.compile(r"\d")


def _year_before(period: str) -> str:
    """ "2026-Q2" -> "2025-Q2", "2025" -> "2024", "2024/2025" -> "2023/2024".

    >>> _year_before("2026-Q2"), _year_before("2025"), _year_before("2025-03")
    ('2025-Q2', '2024', '2024-03')
    """
    return _PERIOD_YEAR.sub(lambda m: str(int(m.group(1)) - 1), period)
