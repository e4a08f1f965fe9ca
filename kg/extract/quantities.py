"""Amounts of money, percentages and plain numbers, with their scale and currency.

"2.57 billion yuan" is 2.57e9 CNY, "$150 million" 1.5e8 USD, "€3bn" 3e9 EUR,
"RMB 1.2 billion" 1.2e9 CNY, "HK$500m" 5e8 HKD, "45.69%" 45.69 percent,
"140 trillion" 1.4e14.  Currency marks and scale words come from
``data/currencies.yaml``.  A hedge before the number ("nearly", "more than")
is kept as a note; the value is the number as stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extract.gazetteer import trie_pattern
from kg.extract.lexicon import data, fold, literal_alternation, lower_regex

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_HEDGE = (
    r"(?:nearly|almost|about|around|approximately|roughly|some|over|more\s+than|less\s+than|under|up\s+to|"
    r"as\s+(?:high|much|many|low)\s+as|at\s+least|close\s+to|above|below|in\s+excess\s+of|upwards\s+of|"
    r"exceeding|over)"
)


_DIGIT = re.compile(r"\d")
#: Physical units written right after a number ("8.8GW", "100 GWh", "120,000 tonnes"), with their canonical spelling.
PHYSICAL_UNITS = {
    "gw": "GW",
    "gwh": "GWh",
    "mw": "MW",
    "mwh": "MWh",
    "twh": "TWh",
    "kwh": "kWh",
    "tw": "TW",
    "tonnes": "tonnes",
    "tonne": "tonnes",
    "tons": "tonnes",
    "metric tons": "tonnes",
    "litres": "litres",
    "liters": "litres",
    "hectares": "hectares",
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometer": "km",
    "teu": "TEU",
    "twenty foot equivalent units": "TEU",
    "megawatts": "MW",
    "megawatt": "MW",
    "gigawatts": "GW",
    "gigawatt": "GW",
    "megawatt hours": "MWh",
    "megawatt hour": "MWh",
    "gigawatt hours": "GWh",
    "gigawatt hour": "GWh",
    "kilowatt hours": "kWh",
    "kilowatt hour": "kWh",
    "terawatt hours": "TWh",
    "terawatt hour": "TWh",
    "kg": "kg",
    "kilograms": "kg",
    "kilogram": "kg",
    "square metres": "square metres",
    "square meters": "square metres",
    "square metre": "square metres",
    "square meter": "square metres",
    "sq m": "square metres",
    "sqm": "square metres",
    "square feet": "square feet",
    "square foot": "square feet",
    "sq ft": "square feet",
}
_PHYSICAL = (
    r"[\s-]?(?:GWh|GW|MWh|MW|TWh|kWh|TW)|[\s-](?:metric\s+tons|tonnes|tonne|tons)"
    # "280 million litres of milk", "300,000 hectares", "a 142 km line", "1 million TEU a year"
    r"|[\s-](?:litres|liters|hectares|kilometres|kilometers|kilometre|kilometer|km|TEU)"
    # "2.2 million twenty-foot equivalent units (TEU)": the container unit spelled out
    r"|\s(?:twenty-foot|twenty\s+foot)\s+equivalent\s+units"
    # "a 2.5 kg payload", "about 2.5 kilograms", "100,000 kg of vegetables"
    r"|[\s-](?:kilograms?|kg)(?![\w-])"
    # "18 megawatts of IT capacity", "a 2-gigawatt plant", "40 gigawatt-hours of cells": the units spelled out
    r"|[\s-](?:(?:mega|giga|kilo|tera)watt[\s-]hours?|(?:mega|giga)watts?)(?![\w-])"
    # "covers 52,000 square metres", "a 30,000-square-metre sorting centre", "20,000 sq m", "a 1-million-sq-ft plant"
    r"|[\s-](?:square[\s-](?:metres|meters|metre|meter|feet|foot)|sq[\s-](?:m|ft)|sqm)(?![\w])"
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in a sentence: offsets, value, unit (ISO 4217 code, ``percent`` or ``count``) and hedge."""

    start: int
    end: int
    value: float
    unit: str
    kind: str  # money | percent | number
    hedge: str | None = None


@cache
def _regex() -> re.Pattern[str]:
    """A number with its scale and a unit after it.

    It starts at a digit, and says so first, so the lookbehinds after it are tried only at digits, not at every
    position of the text (at every position they cost more than the rest of the search).
    """
    spec = data("currencies")
    words = trie_pattern(spec["words"])
    long_scales = literal_alternation(s for s in spec["scales"] if len(s) > 2)
    # "1.37 bn yuan": an abbreviated scale may stand apart from the number (a lone "m" or "k" may not: metres)
    scale = rf"(?:\s?{long_scales}\b|\s?(?:tn|trn|bn|bln|mn|mln)\b|[bmk]\b)"
    return re.compile(
        # "RMB3.2bn", "EUR1.5bn": a currency code may stand right against the number
        rf"(?=\d)(?:(?<![\w.,])|(?<=RMB|CNY|USD|EUR|GBP|JPY|HKD|SGD|INR|KRW|AUD|CAD|CHF|TWD|BRL|MYR|IDR|THB|VND))"
        rf"(?P<number>{_NUMBER})(?P<scale>{scale})?"
        rf"(?:\s?(?P<percent>%|percent\b|per\s+cent\b|pct\b)|\s(?P<word>{words})\b|(?P<physical>{_PHYSICAL})\b)?"
        # "1,000-plus stores", "10,000+ users": at least the number; never a part of a longer number ("1" of "1,000-")
        rf"(?:-plus\b|-odd\b|\+)?(?![\w-]|[.,]\d)",
        re.IGNORECASE,
    )


@cache
def _before_pattern() -> str:
    """What may stand right before a number: a hedge, then a currency symbol or code."""
    spec = data("currencies")
    symbols = trie_pattern(spec["symbols"])
    words = trie_pattern(spec["words"])
    return (
        rf"(?:(?<!\w)(?P<hedge>{_HEDGE})\s+)?"
        rf"(?:(?P<symbol>{symbols})\s?|(?<!\w)(?P<code>{words})(?:\s|(?<=[A-Z]{{3}})))?$"
    )


@cache
def _before_regex() -> re.Pattern[str]:
    return re.compile(_before_pattern(), re.IGNORECASE)


@cache
def _lower_before_regex() -> re.Pattern[str]:
    """:func:`_before_regex` for lower-cased ASCII text, where it finds the same matches several times faster."""
    return lower_regex(_before_pattern())


_UNITS_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
_TENS_WORDS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_WORD_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_WORD_NUMBER = re.compile(
    rf"(?<![\w-])(?P<words>(?:a\s+)?dozens?|(?:{'|'.join(_TENS_WORDS)})(?:-(?:{'|'.join(list(_UNITS_WORDS)[1:10])}))?|"
    rf"{'|'.join(sorted(list(_UNITS_WORDS)[2:], key=len, reverse=True))})"
    rf"(?:\s+(?P<scale>hundred|thousand|million|billion))?(?![\w-])",
    re.IGNORECASE,
)
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0}
_FRACTION = re.compile(
    r"(?<![\w-])(?:(?P<one>a|one)\s+|(?P<many>two|three|four|six|seven|eight|nine)[\s-])"  # "seven tenths of"
    r"(?P<part>half|third|quarter|fifth|tenth)s?(?=\s+of\b)"
    # "roughly half of its shipments", "Half of the plant's output": a half with no article, not a year's half
    r"|(?:^|(?<=[,;:(]\s)|\b(?:about|around|roughly|some|over|just|than|under)\s+)"
    r"(?P<part2>half)(?=\s+of\s+(?!(?:19|20)\d\d\b))"
    # "aims to earn half of its revenue abroad": half of what a company has, not the first half of a year
    # ("nearly half of its income" restates a figure given exactly, as "about half" does not)
    r"|(?<!first\s)(?<!second\s)(?<!the\s)(?<!almost\s)(?<!nearly\s)(?<![\w-])(?P<part3>half)(?=\s+of\s+(?:its|their|all)\b)",
    re.IGNORECASE,
)
_MULTIPLE = re.compile(
    # "double-digit growth", "triple-digit rates": a size of a number, not a multiple
    r"(?<![\w-])(?:(?P<verb>doubl|tripl|quadrupl)(?:e|ed|es|ing)\b(?!\s+down|[\s-]digits?\b)|"
    r"(?P<times>two|three|four|five|ten|\d+)\s+times\s+(?:as\s+(?:many|much)|more|higher|larger|bigger)\b)",
    re.IGNORECASE,
)
_VERB_FACTOR = {"doubl": 2, "tripl": 3, "quadrupl": 4}
#: "has built two roasteries", "opened two cafes": a company's own two of something, not "the two countries".
_HAS_BEFORE = re.compile(
    r"\b(?:has|have|had|now)\s+(?:(?:built|opened|set\s+up|launched|acquired)\s+)?$|"
    r"\b(?:built|opened|operates|runs|owns|set\s+up)\s+$",
    re.IGNORECASE,
)
_COMPARED = re.compile(r"\s+the\s+(?:\d|amount|number|level|figure|total|volume)", re.IGNORECASE)
#: Substrings one of which any number word contains: most sentences have none, and substring tests are cheap.
_QUICK_WORDS = (
    "dozen",
    "teen",
    "ty",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "half",
    "third",
    "quarter",
    "fifth",
    "doubl",
    "tripl",
    "times",
)


def word_quantities(text: str) -> list[Quantity]:
    """Numbers written as words: "a dozen stores", "two hundred people" (counts), "a fifth of" (a percentage),
    "doubled" or "three times as many" (a rise, in percent).

    >>> [(q.value, q.unit) for q in word_quantities("a dozen stores and two hundred staff; a fifth of sales")]
    [(12.0, 'count'), (200.0, 'count'), (20.0, 'percent')]
    """
    lower = text.lower()
    if not any(word in lower for word in _QUICK_WORDS):
        return []
    # "the two countries", "two people familiar with": only three and more count as a figure in words.
    out = [
        _as_physical(text, _as_percent(text, q))
        for q in map(_counted, _WORD_NUMBER.finditer(text))
        if q.value >= 3
        or (q.value == 2 and _HAS_BEFORE.search(text, max(0, q.start - 30), q.start))
        or _PERCENT_AFTER.match(text, q.end)
        or _physical_after().match(text, q.end)
    ]
    for m in _FRACTION.finditer(text):
        part = (m.group("part") or m.group("part2") or m.group("part3")).lower()
        share = _FRACTIONS[part] * (_UNITS_WORDS[m.group("many").lower()] if m.group("many") else 1)
        bare = "part2" if m.group("part2") else "part3" if m.group("part3") else None
        start = m.start(bare) if bare else m.start()
        out.append(Quantity(start, m.end(), round(share, 1), "percent", "percent"))
    for m in _MULTIPLE.finditer(text):
        if _COMPARED.match(text, m.end()):
            continue  # "double the 2,000 of 2022", "twice the amount": a comparison with a level, no growth rate
        factor = _VERB_FACTOR.get((m.group("verb") or "").lower()) or _number_word(m.group("times") or "2")
        out.append(Quantity(m.start(), m.end(), 100.0 * (factor - 1), "percent", "multiple"))
    spans = [(q.start, q.end) for q in out if q.kind != "number"]
    out = [q for q in out if q.kind != "number" or not any(s <= q.start < e for s, e in spans)]
    return sorted(out, key=lambda q: q.start)


_PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)


@cache
def _physical_after() -> re.Pattern[str]:
    return re.compile(rf"(?P<physical>{_PHYSICAL})(?![\w])")


def _as_physical(text: str, q: Quantity) -> Quantity:
    """ "six million tonnes per annum", "two gigawatts": a number in words before a physical unit measures in it."""
    if q.kind != "number":
        return q
    after = _physical_after().match(text, q.end)
    if after is None:
        return q
    return Quantity(q.start, after.end(), q.value, _physical_unit(after.group("physical")), "physical", q.hedge)


def _physical_unit(written: str) -> str:
    """The unit a physical unit's words name ("-square-metre", " gigawatt-hours" -> "square metres", "GWh")."""
    return PHYSICAL_UNITS[" ".join(written.lower().replace("-", " ").split())]


def _as_percent(text: str, q: Quantity) -> Quantity:
    """ "twelve percent": a number in words followed by percent is a percentage."""
    after = _PERCENT_AFTER.match(text, q.end)
    return Quantity(q.start, after.end(), q.value, "percent", "percent") if after else q


def number_in_words(word: str) -> float | None:
    """A whole number written as one word ("fifteen", "thirty"), None for any other word.

    >>> number_in_words("fifteen"), number_in_words("Thirty"), number_in_words("several")
    (15.0, 30.0, None)
    """
    lowered = word.lower()
    value = _UNITS_WORDS.get(lowered, _TENS_WORDS.get(lowered))
    return float(value) if value is not None else None


def _number_word(word: str) -> float:
    return float(word) if word.isdigit() else float(_UNITS_WORDS.get(word.lower(), 2))


def _counted(m: re.Match[str]) -> Quantity:
    words = m.group("words").lower()
    if "dozen" in words:
        value = 12.0
    elif "-" in words:
        tens, units = words.split("-")
        value = float(_TENS_WORDS[tens] + _UNITS_WORDS[units])
    else:
        value = float(_TENS_WORDS.get(words, _UNITS_WORDS.get(words, 0)))
    scale = _WORD_SCALES.get((m.group("scale") or "").lower(), 1.0)
    return Quantity(m.start(), m.end(), value * scale, "count", "number")


def find_quantities(text: str) -> list[Quantity]:
    """Every amount, percentage and number of ``text`` in order.

    >>> [(q.value, q.unit) for q in find_quantities("revenue of 2.57 billion yuan, up 45.69%")]
    [(2570000000.0, 'CNY'), (45.69, 'percent')]
    >>> [(q.value, q.unit, q.hedge) for q in find_quantities("over $4.4 billion and €3bn")]
    [(4400000000.0, 'USD', 'over'), (3000000000.0, 'EUR', None)]
    >>> find_quantities("exports still carry Section 301 tariffs")
    []
    """
    out: list[Quantity] = []
    if not _DIGIT.search(text):
        return out
    # The case-blind search before each number is tried at every position of its window; ASCII letters match
    # case-blind exactly when their lower case matches, so ASCII text is searched lower-cased, without the flag.
    before_regex, searched = (_lower_before_regex(), text.lower()) if text.isascii() else (_before_regex(), text)
    for match in _regex().finditer(text):
        if _LAW_PART.search(text, max(0, match.start() - 10), match.start()):
            continue  # "Section 301 tariffs": the number names a part of a law
        before = before_regex.search(searched, max(0, match.start() - 40), match.start())
        out.append(_quantity(text, match, before))
    return out


#: Words a number after them names a part of a law or treaty with: "Section 301", "Article 5".
_LAW_PART = re.compile(r"\b(?:Section|Article|Chapter|Clause)\s+$")


def _quantity(text: str, match: re.Match[str], before: re.Match[str] | None) -> Quantity:
    number = float(match.group("number").replace(",", ""))
    value = number * _scale(match.group("scale"))
    hedge = " ".join(before.group("hedge").split()).lower() if before and before.group("hedge") else None
    start = before.start() if before and before.group() else match.start()
    if match.group("percent"):
        return Quantity(start, match.end(), number, "percent", "percent", hedge)
    if match.group("physical"):
        return Quantity(
            start,
            match.end(),
            value,
            _physical_unit(match.group("physical")),
            "physical",
            hedge,
        )
    currency = _currency(text, match, before)
    if currency:
        return Quantity(start, match.end(), value, currency, "money", hedge)
    return Quantity(start, match.end(), value, "count", "number", hedge)


def _scale(text: str | None) -> float:
    if not text:
        return 1.0
    scales = data("currencies")["scales"]
    key = " ".join(text.split()).lower()
    return float(scales.get(key, scales.get(key.rstrip("s"), 1.0)))


def _currency(text: str, match: re.Match[str], before: re.Match[str] | None) -> str | None:
    """The currency the symbol, code or word around the number names; "$" before "HK dollars" yields to the word.

    ``before`` may have matched a lower-cased copy of ``text``: what it found is read from ``text`` by offsets.
    """
    symbol = _found(text, before, "symbol")
    word = match.group("word") or _found(text, before, "code")
    if symbol and not (word and symbol == "$"):
        return _symbol_currency(symbol)
    return _word_currency(word) if word else None


def _found(text: str, match: re.Match[str] | None, group: str) -> str | None:
    """What ``group`` of ``match`` covers in ``text``, if it matched."""
    if match is None or match.start(group) < 0:
        return None
    return text[match.start(group) : match.end(group)]


def _word_currency(word: str) -> str:
    return _currency_words()[fold(" ".join(word.split()))]


def _symbol_currency(symbol: str) -> str:
    """The currency of a symbol as written, else as matched case-blind ("hk$" is "HK$")."""
    symbols = data("currencies")["symbols"]
    return str(symbols.get(symbol) or _folded_symbols()[fold(symbol)])


@cache
def _folded_symbols() -> dict[str, str]:
    return {fold(k): v for k, v in data("currencies")["symbols"].items()}


@cache
def _currency_words() -> dict[str, str]:
    """Lower-cased currency word -> ISO 4217 code."""
    return {fold(k): v for k, v in data("currencies")["words"].items()}
