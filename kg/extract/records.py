"""Claims, mentions and figures of one document turned into :mod:`kg.model` records.

Each record carries its provenance: the document, the sentence as evidence
with its character span, the extractor and a confidence.  Facts whose
subject or object has a type the ontology does not allow for the relation
are dropped here, once every sentence has had its say about each name's
type; duplicates keep their most confident reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from kg.extract.figures import Figure
from kg.extract.lexicon import data
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.sentences import Sentence
from kg.extract.view import Claim
from kg.model import Entity, Fact, Observation, Provenance, Record
from kg.schema import load_schema

#: A name nothing typed, used as a subject or object, takes the first class its relation allows.
_DEFAULT_TYPES = {"Organization": "Company"}
_SPACING = re.compile(r"[\s-]+")
_COMPANY_TYPES = ("Company", UNTYPED)


@cache
def _corporate_words() -> frozenset[str]:
    """Words a company's full name adds to its short form: legal forms and "Group", "Holdings", "Motors"."""
    names = data("names")
    return frozenset(str(w).strip(",.") for w in (*names["legal_forms"], *names["full_name_words"]))


@dataclass
class _Named:
    type: str
    aliases: dict[str, None] = field(default_factory=dict)
    provenance: Provenance | None = None


@dataclass
class Collector:
    """Records of one document as its sentences are read."""

    source: str
    extractor: str
    names: dict[str, _Named] = field(default_factory=dict)
    facts: dict[tuple, Fact] = field(default_factory=dict)
    observations: dict[tuple, Observation] = field(default_factory=dict)
    _spelling: dict[str, str] = field(default_factory=dict)
    _seen: dict[str, str] = field(default_factory=dict)

    def provenance(self, sentence: Sentence, confidence: float) -> Provenance:
        """Where a record came from: this document, the sentence as evidence and its span."""
        return Provenance(
            source=self.source,
            evidence=sentence.evidence,
            span=(sentence.start, sentence.end),
            extractor=self.extractor,
            confidence=_confidence(confidence),
        )

    def canonical(self, name: str) -> str:
        """One spelling per name: "Sensor Tower" and "SensorTower" are the first one seen."""
        known = self._seen.get(name)
        if known is None:
            key = _SPACING.sub("", name).casefold()
            known = self._seen[name] = self._spelling.setdefault(key, name)
        return known

    def add_mentions(self, sentence: Sentence, mentions: list[Mention], types: dict[str, str]) -> None:
        """Each typed mention names an entity; a city names its country but is no alias of it."""
        for m in mentions:
            kind = types.get(m.name, m.type)
            if kind:
                self._name(sentence, m.name, kind, m.name if m.origin == "city" else m.surface, m.confidence)

    def _name(self, sentence: Sentence, name: str, kind: str, surface: str, confidence: float) -> str:
        canonical = self.canonical(name)
        named = self.names.get(canonical)
        if named is None:
            named = self.names[canonical] = _Named(kind, provenance=self.provenance(sentence, confidence))
        for alias in (name, " ".join(surface.split())):
            if alias != canonical:
                named.aliases.setdefault(alias)
        return canonical

    def add_claims(self, sentence: Sentence, claims: list[Claim]) -> None:
        """Facts from one sentence's claims; a fact read twice keeps its surest reading."""
        for c in claims:
            s = self._name(
                sentence, c.subject.name, c.subject.type or "Company", _alias(c.subject), c.subject.confidence
            )
            o = self._name(sentence, c.object.name, c.object.type or "Company", _alias(c.object), c.object.confidence)
            # most claims restate a fact already read: the record is built only when it is kept
            key = (s, c.relation, o, c.qualifiers)
            known = self.facts.get(key)
            if known is None or known.provenance.confidence < _confidence(c.confidence):
                self.facts[key] = Fact(
                    s, c.relation, o, c.qualifiers, self.provenance(sentence, c.confidence), note=c.note
                )

    def drop_claims(self, sentence: Sentence, claims: list[Claim]) -> None:
        """Take back the facts ``claims`` gave, where ``sentence`` is still what they rest on."""
        for c in claims:
            key = (self.canonical(c.subject.name), c.relation, self.canonical(c.object.name), c.qualifiers)
            known = self.facts.get(key)
            if known is not None and known.provenance.span == (sentence.start, sentence.end):
                del self.facts[key]

    def add_figure(
        self, sentence: Sentence, subject: str, kind: str, figure: Figure, period: str | None, confidence: float
    ) -> None:
        name = self._name(sentence, subject, kind, subject, confidence)
        note = f"{figure.quantity.hedge} {_number(figure.value)}" if figure.quantity.hedge else None
        obs = Observation(
            name,
            figure.metric,
            figure.value,
            figure.unit,
            period,
            self.provenance(sentence, confidence),
            subject_type=None,
            note=note,
        )
        self.observations.setdefault((name, figure.metric, period, figure.unit, figure.value), obs)

    def records(
        self, types: dict[str, str], homes: dict[str, str] | None = None, latest_year: int | None = None
    ) -> list[Record]:
        """Entities first, then facts the ontology allows, then figures; in the order they were read.

        ``homes``: the country each company is from, as the document told it (a head office, or "Chinese
        carmaker X"): a company expands into other countries, never into its own. ``latest_year``: the last year
        the document tells of; a deal agreed two years before it is history, done."""
        self._rename(self._without_legal_forms(types))
        self._merge_short_forms(types)
        final = {name: self._type(name, named, types) for name, named in self.names.items()}
        final |= self._owned_brands(final)
        final |= self._held_units(final)
        self._product_entries(final)
        entities = [
            Entity(
                n,
                final[n],
                tuple(a for a in named.aliases if a.casefold() != n.casefold()),
                provenance=named.provenance,
            )
            for n, named in self.names.items()
        ]
        told = {(self.canonical(name), country) for name, country in (homes or {}).items()}
        # a plan to be present becomes a planned entry first, so that an entry into the company's own country goes too
        facts = _without_planned_twins(
            _not_into_home(_plans_as_entries([f for f in self.facts.values() if _allowed(f, final)]), told)
        )
        facts = _with_named_units(facts, self._named_units(final, told))
        facts = _launched_not_developed(facts)
        facts = _bought_not_partnered(facts)
        facts = _settled_deals(facts, latest_year) if latest_year else facts
        observations = [_typed_observation(o, final) for o in self.observations.values()]
        return [*entities, *facts, *observations]

    def _named_units(self, final: dict[str, str], told: set[tuple[str, str]]) -> list[Fact]:
        """Units named after their parent: "Vivo India", "CRRC Zhuzhou Locomotive", "Serbia Zijin Copper", "DiDi
        Mobility Japan" are units of the document's "Vivo", "CRRC Corp.", "Zijin Mining Group", "DiDi Global".

        The unit's name holds the parent's first distinctive word, and every word it adds is a place or a line of
        business. A place that opens a Chinese name is where the company is registered ("Zhejiang Geely"), and
        the company's own country after its name is its full name ("Bellamy's Australia"), not a unit.
        """
        from kg.extract.gazetteer import places

        entries, corporate = places().entries, _corporate_words()
        homes = dict(told)
        companies = [n for n in self.names if final.get(n) == "Company"]
        out = []
        for parent in companies:
            words = [w.rstrip(".,") for w in parent.split()]
            # the first word that is no place ("Zhejiang Geely"), else one that only may be ("Torin Rail")
            own = [w for w in words if w not in corporate and w not in _UNIT_TRADE_WORDS]
            key = next((w for w in own if w not in entries), None) or next(
                (w for w in own if entries[w].ambiguous), None
            )
            # "CRRC MA", "Ecovacs Germany": a unit itself, or a name whose other words say nothing, is known by no key
            keyed = key is not None and not any(
                w != key and w not in corporate and w not in _UNIT_TRADE_WORDS for w in words[1:]
            )
            # how many of the parent's words are left once its corporate words are gone ("Qingyuan Water" of
            # "Qingyuan Water Technologies"); 0 when it ends in none
            bare = len(words)
            while bare > 1 and words[bare - 1] in corporate:
                bare -= 1
            bare = bare if bare < len(words) else 0
            for unit in companies:
                unit_words = [w.rstrip(".,") for w in unit.split()]
                if unit == parent or len(unit_words) <= 1:
                    continue
                # "ACM Research Korea", "ACM Research (Shanghai)": the parent's whole name, then a place
                whole = len(words) > 1 and unit.startswith(parent + " ") and _local(unit, len(words))
                # "Qingyuan Water (Singapore)" of "Qingyuan Water Technologies": the name less its corporate words
                whole = whole or (bare > 1 and unit_words[:bare] == words[:bare] and _local(" ".join(unit_words), bare))
                if not whole and not (
                    keyed
                    and key in unit_words
                    and _unit_of(unit_words, set(words), homes.get(parent), entries, corporate)
                ):
                    continue
                named = self.names[unit]
                if named.provenance is not None:
                    sure = replace(named.provenance, confidence=round(0.5 * named.provenance.confidence, 3))
                    out.append(Fact(parent, "hasSubsidiary", unit, (), sure))
        return out

    def _held_units(self, final: dict[str, str]) -> dict[str, str]:
        """Names typed as organisations that a company holds as a subsidiary ("Think Academy, the overseas arm of
        TAL"): companies, as what a company owns is."""
        return {
            f.object: "Company"
            for f in self.facts.values()
            if f.relation == "hasSubsidiary" and final.get(f.object) == "Organization"
        }

    def _owned_brands(self, final: dict[str, str]) -> dict[str, str]:
        """Names typed as companies that a company's hasBrand says are its brands ("PLAYBOX, the group's toy chain"):
        brands, unless the document has them do what only a company does."""
        schema = load_schema()

        def fits_a_brand(f: Fact, name: str) -> bool:
            relation = schema.relations.get(f.relation)
            return relation is None or (
                (f.subject != name or schema.accepts(relation.domain, "Brand"))
                and (f.object != name or schema.accepts(relation.range, "Brand"))
            )

        owned = {
            f.object
            for f in self.facts.values()
            if f.relation == "hasBrand" and final.get(f.object) == "Company" and final.get(f.subject) == "Company"
        }
        return {
            name: "Brand"
            for name in owned
            if all(fits_a_brand(f, name) for f in self.facts.values() if name in (f.subject, f.object))
        }

    def _merge_short_forms(self, types: dict[str, str]) -> None:
        """ "Zhipu", "Zhipu Motors"; "Mingde Pharma", "Mingde Pharmaceutical": one company, under its full name.

        A short form is the first words of a longer name, or the same words shortened. It joins the longer name
        that only adds corporate words ("Group", "Motors", "Inc"), else the only (or the first named) longer name it
        can stand for, unless the document relates the two ("Alibaba" and its unit "Alibaba Cloud").
        """
        companies = [n for n, named in self.names.items() if (types.get(n) or named.type) in _COMPANY_TYPES]
        related = {frozenset((f.subject, f.object)) for f in self.facts.values()}
        owned = {(f.subject, f.object) for f in self.facts.values() if f.relation == "hasSubsidiary"}
        full: dict[str, str] = {}
        for short in companies:  # "Mingde Pharma" -> "Mingde Pharmaceutical"
            # "HNA" beside "HNA Group" is that group's short name, whatever longer name its letters also spell
            opens_another = any(n.startswith(short + " ") for n in companies)
            longer = next(
                (
                    n
                    for n in companies
                    if n != short and (_abbreviates(short, n) or _initials_of(short, n, syllables=not opens_another))
                ),
                None,
            )
            if longer is not None and frozenset((short, longer)) not in related:
                full[short] = longer
        remaining = [n for n in companies if n not in full]
        for short in remaining:
            words = short.split()
            extending = [
                n
                for n in remaining
                if n != short
                and words in (n.split()[: len(words)], _after_home(n)[: len(words)])
                and not _local(n, len(words))
                # "United Imaging Healthcare America": another named company and a country is that one's local unit
                and not any(_local(n, len(o.split())) for o in companies if o != n and n.startswith(o + " "))
                and frozenset((short, n)) not in related  # "Lanting" and its unit "Lanting Games"
            ]
            corporate = [
                n
                for n in extending
                if all(w.strip(",.") in _corporate_words() for w in _after_home(n)[len(words) :])
                # "Tanmu Energy ... its US arm, Tanmu Inc": "Tanmu" is the parent, not the unit with the legal form
                and not any((o, n) in owned for o in extending)
            ]
            longest = max(extending, key=len, default=None)
            # "Solaris", "Solaris Power", "Solaris Power Technology": one chain of ever longer names
            chain = longest is not None and all(longest.split()[: len(n.split())] == n.split() for n in extending)
            # else the one named first: "Qilin Games ... its subsidiary Qilin Interactive ... Qilin's revenue"
            longer = corporate[0] if corporate else (longest if chain else (extending[0] if extending else None))
            if longer is not None:
                full[short] = longer
        for short, longer in list(full.items()):
            while longer in full:
                longer = full[longer]
            full[short] = longer
        self._rename(full)

    def _without_legal_forms(self, types: dict[str, str]) -> dict[str, str]:
        """ "Qiyun Robotics Co., Ltd." -> "Qiyun Robotics": a company goes by its name without the legal form (kept
        as an alias), unless the shorter name is another company the document relates it to ("Tanmu" and its US
        arm "Tanmu Inc") or names something else ("Segway Inc" and its Segway scooters)."""
        related = {frozenset((f.subject, f.object)) for f in self.facts.values()}
        plain: dict[str, str] = {}
        for name, named in self.names.items():
            if (types.get(name) or named.type) not in _COMPANY_TYPES:
                continue
            short = _LEGAL_FORM_END.sub("", name)
            if short == name or not _NAME_LEFT.search(short) or frozenset((name, short)) in related:
                continue
            other = self.names.get(short)
            if other is not None and (
                (types.get(short) or other.type) not in _COMPANY_TYPES
                or any(
                    n.startswith(short + " ")
                    and _LEGAL_FORM_END.sub("", n) != short
                    # "Boyuan Biopharma (Australia)": a local unit, which leaves the parent its short name
                    and not _local(_LEGAL_FORM_END.sub("", n), len(short.split()))
                    for n in self.names
                )
            ):
                continue  # "Segway" is the scooter; "Tanmu" may be "Tanmu Energy" as well as "Tanmu Inc"
            plain[name] = short
        return plain

    def _rename(self, renamed: dict[str, str]) -> None:
        """Give each name of ``renamed`` the new name, its spellings as aliases, and move its facts and figures."""
        for old, new in renamed.items():
            named = self.names.pop(old)
            target = self.names.setdefault(new, replace(named, aliases={}))
            for alias in (old, *named.aliases):
                if alias != new:
                    target.aliases.setdefault(alias)
        if not renamed:
            return
        facts: dict[tuple, Fact] = {}
        for fact in self.facts.values():
            moved = replace(
                fact, subject=renamed.get(fact.subject, fact.subject), object=renamed.get(fact.object, fact.object)
            )
            if moved.subject != moved.object:
                _keep_surest(facts, moved)
        self.facts = facts
        observations: dict[tuple, Observation] = {}
        for obs in self.observations.values():
            figure = replace(obs, subject=renamed.get(obs.subject, obs.subject))
            observations.setdefault((figure.subject, figure.metric, figure.period, figure.unit, figure.value), figure)
        self.observations = observations

    def _product_entries(self, final: dict[str, str]) -> None:
        """ "Dolo, the app run by Wenxin Commerce, went live in Chile": a product entering a market is its maker's
        entry, through the product (``via``); a product whose maker the document does not name is present there."""
        makers = {f.object: f.subject for f in self.facts.values() if f.relation in ("develops", "launches")}
        for key, fact in list(self.facts.items()):
            if fact.relation != "expandsInto" or final.get(fact.subject) != "Product":
                continue
            del self.facts[key]
            maker = makers.get(fact.subject)
            if maker is not None:
                qualifiers = (*(q for q in fact.qualifiers if q[0] != "via"), ("via", fact.subject))
                moved = replace(fact, subject=maker, qualifiers=qualifiers)
            else:
                qualifiers = tuple(("since", v) if k == "date" else (k, v) for k, v in fact.qualifiers if k != "via")
                moved = replace(fact, relation="operatesIn", qualifiers=qualifiers)
            self.facts.setdefault((moved.subject, moved.relation, moved.object, moved.qualifiers), moved)

    def _type(self, name: str, named: _Named, types: dict[str, str]) -> str:
        kind = types.get(name) or named.type or "Company"
        return _DEFAULT_TYPES.get(kind, kind) if kind == UNTYPED else kind


def _keep_surest(facts: dict[tuple, Fact], fact: Fact) -> None:
    """Add ``fact``; a fact read twice keeps its surest reading."""
    key = (fact.subject, fact.relation, fact.object, fact.qualifiers)
    known = facts.get(key)
    if known is None or known.provenance.confidence < fact.provenance.confidence:
        facts[key] = fact


def _after_home(name: str) -> list[str]:
    """ "Zhejiang Geely Holding Group" -> "Geely Holding Group": a Chinese legal name opens with its home province
    or city ("Shenzhen Mindray", "Inner Mongolia Yili"), which the short form leaves out."""
    from kg.extract.gazetteer import places

    words = name.split()
    for size in (1, 2):
        home = words[:size]
        if len(words) > size and (" ".join(home) in places().entries or home[-1] in places().entries):
            return words[size:]
    return words


def _local(name: str, prefix: int) -> bool:
    """ "Pellam Foods Vietnam", "Tarvo Europe", "Ulan America": a name that adds a country or region is the
    company's local unit, never its full name."""
    from kg.places import country, region_name

    rest = name.split()[prefix:]
    if len(rest) == 1 and rest[0].startswith("(") and rest[0].endswith(")"):
        return True  # "ACM Research (Shanghai)": a unit named by its seat in brackets
    if any(w in _corporate_words() or w == "of" for w in rest):
        return False  # "State Grid Corporation of China": a legal name that ends with its country, no local unit
    place = " ".join(rest)
    return country(place) is not None or region_name(place) is not None or place == "America"


def _abbreviates(short: str, long: str) -> bool:
    """ "Mingde Pharma" shortens "Mingde Pharmaceutical": as many words, each the start of the other's.

    A word the longer name extends with a hyphen is another name: "Sarel Motor-CP" is a venture of "Sarel Motor"."""
    a, b = short.lower().split(), long.lower().split()
    return (
        len(a) == len(b) > 1
        and a != b
        and all(y.startswith(x) and y[len(x) : len(x) + 1] != "-" for x, y in zip(a, b, strict=True))
        and len(short) < len(long)
    )


def _initials_of(short: str, long: str, *, syllables: bool = True) -> bool:
    """ "SRBG" is "Sichuan Road and Bridge Group", "CHEC" "China Harbour Engineering Company": an acronym made of
    the capitalised words' first letters.

    A word of a Chinese name may give the initials of its two syllables ("TSHT" is "Tianshui Huatian Technology Co
    Ltd": Tian-shui, Hua-tian), and a legal form at the end none.

    >>> _initials_of("SRBG", "Sichuan Road and Bridge Group"), _initials_of("SRB", "Sichuan Road and Bridge Group")
    (True, False)
    >>> _initials_of("TSHT", "Tianshui Huatian Technology Co Ltd"), _initials_of("TSH", "Tianshui Huatian Technology")
    (True, False)
    """
    if not (2 <= len(short) <= 6 and short.isalpha() and short.isupper()):
        return False
    words = [w.rstrip(".,") for w in long.split() if w[:1].isupper()]
    while len(words) > 1 and words[-1] in _LEGAL_ENDS:
        words.pop()
    if "".join(w[0] for w in words) == short or "".join(w[0] for w in long.split() if w[:1].isupper()) == short:
        return len(long.split()) > 1
    return syllables and len(long.split()) > 1 and _spells(short, words)


#: Legal forms that end a company's registered name, one or two of them: "Co., Ltd.", "Sdn Bhd", "Inc.", "B.V."
#: ("Corporation", "Company", "Group" and "Holdings" stay: they are part of how the company is called).
_LEGAL_FORM_END = re.compile(
    r"(?:,?\s+(?:Co\.?|Ltd\.?|Limited|Inc\.?|Corp\.|LLC|L\.L\.C\.|Plc|PLC|plc|GmbH|AG|S\.A\.?C?|SAC|SA|SpA|S\.p\.A\.|"
    r"N\.V\.|B\.V\.|NV|BV|Sdn\.?|Bhd\.?|Pte\.?|Pty\.?|Tbk\.?|JSC|K\.K\.|Oy|ASA|AB|SE)){1,3}$"
)
#: What must be left of a name once its legal form is gone: a word of two letters or more.
_NAME_LEFT = re.compile(r"\w\w")
#: Legal forms an acronym leaves out: "TSHT" of "Tianshui Huatian Technology Co Ltd".
_LEGAL_ENDS = frozenset("Co Ltd Inc Corp Plc Limited LLC Bhd Sdn AG SA NV BV".split())


def _spells(short: str, words: list[str]) -> bool:
    """Whether ``short`` is the words' initials, each word giving its first letter or its first two syllables'."""
    if not words:
        return not short
    if not short or words[0][0] != short[0]:
        return False
    syllables = _TWO_SYLLABLES.fullmatch(words[0].lower())
    second = syllables is not None and len(short) > 1 and syllables.group(2)[0] == short[1].lower()
    return _spells(short[1:], words[1:]) or (second and _spells(short[2:], words[1:]))


#: A word of two pinyin syllables ("Tianshui", "Huatian", "Hainan"), whose second syllable may give an initial.
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uan|uai|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ui|ua|uo|ue|er|a|o|e|i|u)"
)
_TWO_SYLLABLES = re.compile(rf"({_SYLLABLE})({_SYLLABLE})")


def _confidence(value: float) -> float:
    """A confidence as records carry it: at most 1, three decimals."""
    return round(min(value, 1.0), 3)


def _alias(m: Mention) -> str:
    """The spelling a mention adds as an alias: its surface, unless it points at something else (it, a city)."""
    return m.name if m.origin in ("anaphor", "city") else m.surface


def _not_into_home(facts: list[Fact], told: set[tuple[str, str]]) -> list[Fact]:
    """A company expands into other countries, never into the one the document says it is based in or from:
    "Hangzhou-based X opened a new factory in China" is growth at home, not an entry."""
    homes = told | {(f.subject, f.object) for f in facts if f.relation == "headquarteredIn" and not f.qualifiers}
    return [f for f in facts if not (f.relation == "expandsInto" and (f.subject, f.object) in homes)]


#: Words a unit's name adds to its parent's that say what the unit does ("Geely Automobile Holdings").
_UNIT_TRADE_WORDS = frozenset(
    "Mobility Copper Gold Mining Manufacturing Automobile Automotive Locomotive Appliances Energy Solar Cloud Pay "
    "Payments Capital Logistics Retail Trading Studio Studios Games Labs Foods Dairy Pharma Pharmaceuticals Finance "
    "Financial Insurance Electronics Semiconductor Semiconductors Battery Batteries Power Rail Trucks Vehicles Cars "
    "Express Delivery Music Video Media Sales Software Robotics".split()
)


def _unit_of(unit_words: list[str], parent_words: set[str], home: str | None, entries: dict, corporate) -> bool:
    """Whether the words a name adds to its parent's are a unit's: places abroad and lines of business.

    A place counts only when the text says where the parent is from, and it is elsewhere; a line of business
    counts anyway ("Geely Automobile Holdings")."""
    marks = 0
    # a place counts when the parent's home is known, or when a line of business already says it is a unit
    places_count = home is not None or any(w in _UNIT_TRADE_WORDS and w not in parent_words for w in unit_words)
    for i, word in enumerate(unit_words):
        if word in parent_words or word in corporate:
            continue
        place = entries.get(word)
        if place is not None:
            if i == 0 and place.origin == "city":
                return False  # "Zhejiang Geely": the province a Chinese company is registered in
            if not places_count or (place.origin != "city" and place.name == home):
                return False  # "Bellamy's Australia": the company under its full name, as far as the text tells
            marks += 1
        elif word in _UNIT_TRADE_WORDS:
            marks += 1
        else:
            return False
    return marks > 0


def _settled_deals(facts: list[Fact], latest_year: int) -> list[Fact]:
    """ "In 2016 Ruyi agreed to take control of SMCP", told by a story that goes on to 2019: a deal agreed two
    years or more before the last year the document tells of is history, no longer pending or planned (one year
    before, it may still be closing)."""
    out = []
    for f in facts:
        year = (f.qualifier("date") or "")[:4]
        pending = f.relation in _DEALS and f.qualifier("status") in ("pending", "planned")
        if pending and year.isdigit() and int(year) < latest_year - 1:
            f = replace(f, qualifiers=tuple(q for q in f.qualifiers if q[0] != "status"))
        out.append(f)
    return out


_DEALS = frozenset(("acquires", "investsIn"))


def _launched_not_developed(facts: list[Fact]) -> list[Fact]:
    """A product whose launch the document tells is launched, not also "developed": develops is for products
    the text only says are the company's."""
    launched = {(f.subject, f.object) for f in facts if f.relation == "launches" and not f.qualifier("status")}
    return [f for f in facts if not (f.relation == "develops" and (f.subject, f.object) in launched)]


def _bought_not_partnered(facts: list[Fact]) -> list[Fact]:
    """Talks to buy a company are about the purchase: "denied it was in negotiations with Thamesfield" after a
    report that it would buy Thamesfield is a denied acquisition, not also a partnership (nor is a company bought a
    partner)."""
    bought = {(f.subject, f.object) for f in facts if f.relation == "acquires"}
    return [f for f in facts if not (f.relation == "partnersWith" and (f.subject, f.object) in bought)]


def _with_named_units(facts: list[Fact], units: list[Fact]) -> list[Fact]:
    """The named units a document's facts do not already relate otherwise."""
    related = {frozenset((f.subject, f.object)) for f in facts}
    return [*facts, *(u for u in units if frozenset((u.subject, u.object)) not in related)]


#: Presence that holds now: a company operates, or keeps an office, only where it already is.
_PRESENCE_NOW = frozenset(("operatesIn", "locatedIn"))


def _plans_as_entries(facts: list[Fact]) -> list[Fact]:
    """A plan to be present in a place is a planned entry into it: "will start selling phones in Spain", "plans an
    office in Dubai" are expandsInto, planned, not operatesIn or locatedIn."""
    planned = {
        (f.subject, f.object) for f in facts if f.relation == "expandsInto" and f.qualifier("status") == "planned"
    }
    out = []
    for f in facts:
        if f.relation in _PRESENCE_NOW and f.qualifier("status") == "planned":
            if (f.subject, f.object) in planned:
                continue
            f = replace(f, relation="expandsInto")
            planned.add((f.subject, f.object))
        out.append(f)
    return out


def _without_planned_twins(facts: list[Fact]) -> list[Fact]:
    """A plan the document also tells as done is the done fact alone: "entered Brazil in 2023" and, elsewhere,
    "plans to grow in Brazil" give one expandsInto Brazil, not a second, planned one."""
    done = {(f.subject, f.relation, f.object) for f in facts if not f.qualifier("status")}
    return [
        f for f in facts if not (("status", "planned") in f.qualifiers and (f.subject, f.relation, f.object) in done)
    ]


def _allowed(fact: Fact, types: dict[str, str]) -> bool:
    relation = load_schema().relations.get(fact.relation)
    if relation is None:
        return False
    schema = load_schema()
    return schema.accepts(relation.domain, types.get(fact.subject, "Company")) and schema.accepts(
        relation.range, types.get(fact.object, "Company")
    )


def _typed_observation(obs: Observation, types: dict[str, str]) -> Observation:
    return Observation(
        obs.subject,
        obs.metric,
        obs.value,
        obs.unit,
        obs.period,
        obs.provenance,
        subject_type=types.get(obs.subject),
        note=obs.note,
    )


def _number(value: float) -> str:
    """
    >>> _number(9000000.0), _number(2.5), _number(11000.0)
    ('9000000', '2.5', '11000')
    """
    return str(int(value)) if value == int(value) else repr(value)
