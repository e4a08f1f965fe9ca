"""Dates and periods in a sentence, in the canonical forms of :mod:`kg.timevalue`.

"the first quarter of 2026", "Q1 2026" and "1Q26" are ``2026-Q1``; "H1 2026"
and "the first half of 2026" are ``2026-H1``; "in March 2026" is ``2026-03``;
"FY2025" and "fiscal 2025" are ``FY2025`` and "the second quarter of fiscal 2026"
``FY2026-Q2`` (a company's own year, whose months the text does not give); "from the third quarter of 2024 to
the second quarter of 2025" is the interval ``2024-Q3/2025-Q2``.  A bare year
counts only after a preposition ("in 2025"), so "2000 stores" stays a count.
A period after "since" is a starting point, not the period a figure covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.extract.lexicon import fold, lower_regex

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_SHORT_YEAR = rf"(?:{_YEAR}|'?\d{{2}})"
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_FISCAL = r"(?P<fiscal>fiscal\s+(?:year\s+)?|FY\s?)?"
_PREPOSITIONS = (
    r"(?:in|during|for|since|until|till|by|from|to|between|through|throughout|over|of|and|early|late|mid-?|as of)"
)

#: Each pattern starts at a word boundary, which ``_REGEX`` checks once before them all.
_PATTERNS = [
    # "the second quarter of fiscal 2025", "its fiscal third quarter of 2025": a quarter of the company's own year
    (
        "quarter",
        rf"(?P<fiscal2>fiscal\s+)?(?P<ord>{_ORD})[\s-]+(?P<fiscal3>fiscal\s+)?quarter\s+(?:of\s+)?{_FISCAL}"
        rf"(?P<year>{_YEAR})",
    ),
    ("quarter", rf"(?P<fiscal2>fiscal\s+)?Q(?P<num>[1-4])\s*(?:of\s+|,\s*)?{_FISCAL}(?P<year>{_SHORT_YEAR})\b"),
    ("quarter", rf"(?P<fiscal>FY\s?)?(?P<year>{_YEAR})\s*-?\s*Q(?P<num>[1-4])\b"),
    ("quarter", rf"(?P<num>[1-4])Q\s?(?P<year>{_SHORT_YEAR})\b"),
    (
        "half",
        rf"(?P<fiscal2>fiscal\s+)?(?P<ord>first|second|1st|2nd)[\s-]+(?P<fiscal3>fiscal\s+)?half\s+(?:of\s+)?{_FISCAL}"
        rf"(?P<year>{_YEAR})",
    ),
    ("half", rf"H(?P<num>[12])\s*(?:of\s+|,\s*)?{_FISCAL}(?P<year>{_SHORT_YEAR})\b"),
    ("half", rf"(?P<fiscal>FY\s?)(?P<year>{_YEAR})\s*-?\s*H(?P<num>[12])\b"),
    # "its 2024 first-half shipments", "2025 third-quarter revenue": the year before the part of it
    ("half", rf"(?P<year>{_YEAR})\s+(?P<ord>first|second|1st|2nd)[\s-]half\b"),
    ("quarter", rf"(?P<year>{_YEAR})\s+(?P<ord>{_ORD})[\s-]quarter\b"),
    ("half", rf"(?P<year>{_YEAR})\s*-?\s*H(?P<num>[12])\b"),
    ("half", rf"(?P<num>[12])H\s?(?P<year>{_SHORT_YEAR})\b"),
    ("day", rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>{_YEAR})\b"),
    ("day", rf"(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\s+(?P<year>{_YEAR})\b"),
    ("day", rf"(?P<year>{_YEAR})-(?P<mnum>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b"),
    # "between January and May 2021": both months in the year named once
    (
        "months",
        rf"(?:(?:between|from)\s+(?P<first>{_MONTH})\s+(?:and|to|through|until|-)\s+|"
        rf"(?P<first2>{_MONTH})(?:[\s-]+to[\s-]+|\s?[-\u2013/]\s?))"  # "April-to-June", "the July-September quarter"
        rf"(?P<month>{_MONTH})\s+(?:(?:period|quarter|half)\s+)?(?:of\s+)?(?P<year>{_YEAR})\b",
    ),
    # "Q1-Q3 2024", "Q2-Q4 2025": a run of quarters
    (
        "quarters",
        rf"Q(?P<first>[1-4])\s?[-\u2013]\s?Q(?P<num>[1-4])\s*(?:of\s+|,\s*)?{_FISCAL}(?P<year>{_YEAR})\b",
    ),
    # "in the first three quarters of 2024": the year to date, in quarters
    (
        "ytdq",
        rf"(?:first|opening)\s+(?P<count>two|three|2|3)\s+quarters\s+(?:of\s+)?{_FISCAL}(?P<year>{_YEAR})\b",
    ),
    # "9M 2024", "9M24": the first nine months
    ("ytd", rf"(?P<count>[2-9]|1[01])M\s?(?P<year>{_SHORT_YEAR})\b"),
    # "the March quarter of 2025": the quarter that ends with the month
    ("monthq", rf"(?P<month>{_MONTH})\s+quarter\s+(?:of\s+)?(?P<year>{_YEAR})\b"),
    # "during the 2024 fiscal year", "its 2025 financial year"
    ("year", rf"(?P<year>{_YEAR})\s+(?P<fiscal>fiscal|financial)\s+year\b"),
    # "in the first nine months of 2024": the year to date, from January
    (
        "ytd",
        rf"(?:first|opening)\s+(?P<count>two|three|four|five|six|seven|eight|nine|ten|eleven|[2-9]|1[01])\s+months\s+"
        rf"(?:of\s+)?{_FISCAL}(?P<year>{_YEAR})\b",
    ),
    # "in the six months to June 2024", "the 12 months ended March 31, 2025": the months up to the one named
    (
        "trailing",
        # "the fiscal year ended March 2026" stays the month it ended (the fiscal year's own name is "FY2026")
        rf"(?:(?P<count>three|six|nine|twelve|3|6|9|12)\s+months|(?<!fiscal\s)(?<!financial\s)(?P<unit>year|quarter|"
        rf"half[- ]year))\s+"
        rf"(?:to|ended|ending|through|up\s+to)\s+(?:the\s+end\s+of\s+)?"
        rf"(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTH})\s+(?:\d{{1,2}},?\s+)?{_FISCAL}(?P<year>{_YEAR})\b",
    ),
    # "over 2019-2025", "the 2019\u20132025 period": a span of years written with a dash
    ("years", rf"(?P<first>{_YEAR})\s?[-\u2013]\s?(?P<year>{_YEAR})\b"),
    ("month", rf"(?P<month>{_MONTH})\s+(?:of\s+)?(?P<year>{_YEAR})\b"),
    ("month", rf"(?P<year>{_YEAR})-(?P<mnum>0[1-9]|1[0-2])\b(?!-\d)"),
    (
        "year",
        rf"(?:(?P<fiscal>fiscal\s+(?:year\s+)?|financial\s+year\s+|FY\s?)|full[- ]year\s+|calendar\s+year\s+)"
        rf"(?P<year>{_SHORT_YEAR})\b",
    ),
    # "its 2024 results", "record 2024 sales": a year before what a report counts is the period reported
    (
        "year",
        rf"(?P<year>{_YEAR})\s+(?=(?:annual\s+|full[- ]year\s+|financial\s+|first[- ]half\s+)?"
        rf"(?:results|sales|revenues?|"
        rf"earnings|report|profits?|figures|turnover|shipments|deliveries)\b)",
    ),
    (
        "year",
        rf"(?:{_PREPOSITIONS}\s+|(?:end|mid|year-end)-)(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?(?P<year>{_YEAR})\b(?![-.,]\d|\s?%|\s*-?\s*[QH][1-4]\b)",
    ),
]
_REGEX = re.compile(
    r"\b(?:"
    + "|".join(f"(?P<p{i}>" + re.sub(r"\(\?P<(\w+)>", rf"(?P<\1_{i}>", p) + ")" for i, (_, p) in enumerate(_PATTERNS))
    + ")",
    re.IGNORECASE,
)
#: ``_REGEX`` for lower-cased ASCII text: the same matches without the case-blind flag, about 40% faster. What the
#: matches capture is then lower-case, which every reading of them folds anyway.
_LOWER_REGEX = lower_regex(_REGEX.pattern)
#: Per alternative of ``_REGEX``: its kind, its year's group and its own groups as (group, name); read per match.
_ALTERNATIVES = {
    f"p{i}": (kind, f"year_{i}", tuple((f"{name}_{i}", name) for name in re.findall(r"\(\?P<(\w+)>", pattern)))
    for i, (kind, pattern) in enumerate(_PATTERNS)
}
_DIGIT = re.compile(r"\d")
_YEARISH = re.compile(r"(?:19|20)\d\d|'\d\d|\b[1-4][QH]\d\d|FY\s?\d\d")
#: How far before a year the words of a period may start ("the fourth fiscal quarter of fiscal 2025").
_REACH = 45
_SINCE = re.compile(
    r"\b(?:since|starting(?:\s+(?:in|from))?|as\s+of|beginning\s+in|"
    # "since its launch in September 2022": the start of a running total
    r"since\s+(?:its|their|the)\s+(?:launch|release|debut|founding|inception|start|listing)\s+in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SINCE_CLAUSE = re.compile(r"^\W*since\b[^,;]*$", re.IGNORECASE)
#: "14% more than in 2023", "up 9% from 2023": the period compared with ("from 2019 to 2024" is joined into a range).
_THAN = re.compile(
    r"\b(?:than|versus|compared\s+(?:with|to)|(?:up|down|rise|increase|decrease|drop|fall|growth)\s+from|%\s+from)\s+"
    r"(?:in\s+|during\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_UNTIL = re.compile(r"\b(?:until|till|up\s+to|through)\s+(?:the\s+)?$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"\b(?:from|between|over)\s+(?:the\s+)?$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:to|through|until|and|-)\s+(?:the\s+)?$", re.IGNORECASE)
_NOT_BARE = re.compile(r"(?:fiscal|FY|full|calendar)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Period:
    """A period named in a sentence: offsets, canonical value, and its role there."""

    start: int
    end: int
    value: str
    role: str  # point | since | until | range


def find_periods(text: str) -> list[Period]:
    """Every period of ``text`` in order; "from A to B" becomes one range.

    >>> [p.value for p in find_periods("over the 2019-2025 period")]
    ['2019/2025']

    >>> [p.value for p in find_periods("from the third quarter of 2024 to the second quarter of 2025")]
    ['2024-Q3/2025-Q2']
    >>> [(p.value, p.role) for p in find_periods("Since 2010 it has grown; in March 2026 it had 40 stores")]
    [('2010', 'since'), ('2026-03', 'point')]
    >>> [p.value for p in find_periods("Between January and May 2021, deliveries rose")]
    ['2021-01/2021-05']
    >>> [p.value for p in find_periods("For the April-to-June period of 2022, it took 21.7%")]
    ['2022-Q2']
    >>> [p.value for p in find_periods("in the July-September quarter of 2025")]
    ['2025-Q3']
    >>> [p.value for p in find_periods("in the year to March 2025; Q1-Q3 2024; the first three quarters of 2023")]
    ['2024-04/2025-03', '2024-01/2024-09', '2023-01/2023-09']
    >>> [p.value for p in find_periods("in the first nine months of 2024")]
    ['2024-01/2024-09']
    """
    found: list[Period] = []
    for start, end in _windows(text):
        found += [p for p in _matches(text, start, end) if not found or p.start >= found[-1].end]
    return _join_ranges(text, found)


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches around each year ("2026", "'26"), where a period can be; merged when they overlap."""
    spans: list[tuple[int, int]] = []
    if not _DIGIT.search(text):  # most sentences have no number at all, and a digit is quickly looked for
        return spans
    for year in _YEARISH.finditer(text):
        start, end = max(0, year.start() - _REACH), min(len(text), year.end() + 40)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _matches(text: str, start: int = 0, end: int | None = None) -> Iterator[Period]:
    regex, searched = (_LOWER_REGEX, text.lower()) if text.isascii() else (_REGEX, text)
    for match in regex.finditer(searched, start, len(text) if end is None else end):
        key = match.lastgroup or ""
        kind, year, names = _ALTERNATIVES[key]
        groups = {name: value for group, name in names if (value := match.group(group)) is not None}
        start = match.start(year) if kind == "year" and _bare_year(match.group(key)) else match.start(key)
        role = "range" if kind in ("months", "years") else _role(text, start)
        yield Period(start, match.end(key), _value(kind, groups), role)


def _bare_year(matched: str) -> bool:
    """A year after a preposition starts at its digits; "FY2025" starts at "FY"."""
    return not _NOT_BARE.match(matched)


def _value(kind: str, g: dict[str, str]) -> str:
    year = _year(g["year"])
    # "fiscal 2025", "Q3 FY2025": the company's own year, whose months the text does not give (labelled FY2025)
    fiscal = "FY" if {"fiscal", "fiscal2", "fiscal3"} & g.keys() else ""
    if kind in ("quarter", "half"):
        part = _ORDINALS[fold(g["ord"])] if "ord" in g else int(g["num"])
        return f"{fiscal}{year}-{'Q' if kind == 'quarter' else 'H'}{part}"
    if kind == "months":
        first, last = _month(g.get("first") or g["first2"]), _month(g["month"])
        if last - first == 2 and first % 3 == 1:
            return f"{year}-Q{first // 3 + 1}"  # "the April-to-June period of 2022" is a quarter
        if last - first == 5 and first in (1, 7):
            return f"{year}-H{1 if first == 1 else 2}"
        return f"{year}-{first:02d}/{year}-{last:02d}"
    if kind == "years":
        return f"{_year(g['first'])}/{year}"
    if kind == "trailing":
        span = _TRAILING_COUNTS[fold(g["count"])] if "count" in g else _UNIT_MONTHS[fold(g["unit"])[:4]]
        return _trailing(year, _month(g["month"]), span)
    if kind == "quarters":
        first, last = int(g["first"]), int(g["num"])
        if first == last:
            return f"{year}-Q{last}"
        if (first, last) in ((1, 2), (3, 4)):
            return f"{year}-H{last // 2}"
        return f"{year}-{3 * first - 2:02d}/{year}-{3 * last:02d}"  # "Q1-Q3 2024" is January to September
    if kind == "ytdq":
        words = g["count"]
        quarters = int(words) if words.isdigit() else (2 if fold(words) == "two" else 3)
        return f"{year}-H1" if quarters == 2 else f"{year}-01/{year}-{3 * quarters:02d}"
    if kind == "monthq":
        return f"{year}-Q{(_month(g['month']) - 1) // 3 + 1}"
    if kind == "ytd":
        count = g["count"]
        months = int(count) if count.isdigit() else _COUNT_WORDS.index(fold(count)) + 2
        if months in (3, 6):
            return f"{fiscal}{year}-{'Q1' if months == 3 else 'H1'}"
        return f"{year}-01/{year}-{months:02d}"
    if kind in ("month", "day"):
        month = int(g["mnum"]) if "mnum" in g else _month(g["month"])
        return f"{year}-{month:02d}" + (f"-{int(g['day']):02d}" if kind == "day" else "")
    return f"{fiscal}{year}"


_UNIT_MONTHS = {"year": 12, "quar": 3, "half": 6}
_TRAILING_COUNTS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "3": 3, "6": 6, "9": 9, "12": 12}


def _trailing(year: int, month: int, months: int) -> str:
    """The ``months`` months up to ``month`` of ``year``: a quarter, a half or a year where they are one.

    >>> _trailing(2024, 6, 6), _trailing(2024, 9, 3), _trailing(2024, 12, 12), _trailing(2025, 3, 12)
    ('2024-H1', '2024-Q3', '2024', '2024-04/2025-03')
    """
    if months == 3 and month % 3 == 0:
        return f"{year}-Q{month // 3}"
    if months == 6 and month in (6, 12):
        return f"{year}-H{month // 6}"
    if months == 12 and month == 12:
        return str(year)
    start = month - months + 1
    first_year, first_month = (year, start) if start >= 1 else (year - 1, start + 12)
    return f"{first_year}-{first_month:02d}/{year}-{month:02d}"


_COUNT_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven")


def _year(text: str) -> int:
    digits = text.lstrip("'")
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _month(text: str) -> int:
    prefix = fold(text).rstrip(".")[:3]
    return next(i for i, name in enumerate(_MONTHS, start=1) if name.startswith(prefix))


def _role(text: str, start: int) -> str:
    before = text[max(0, start - 30) : start]
    if _THAN.search(before):
        return "base"  # "14% more than in 2023": the period compared with, not the one the figure covers
    if _SINCE.search(before) or _SINCE_CLAUSE.match(text[:start]):
        return "since"
    if _UNTIL.search(before):
        return "until"
    return "point"


def _join_ranges(text: str, periods: list[Period]) -> list[Period]:
    """``from A to B`` and ``between A and B`` become one range period."""
    out: list[Period] = []
    i = 0
    while i < len(periods):
        here = periods[i]
        nxt = periods[i + 1] if i + 1 < len(periods) else None
        if (
            nxt
            and _RANGE_JOIN.match(text[here.end : nxt.start])
            and _RANGE_OPEN.search(text[max(0, here.start - 20) : here.start])
        ):
            out.append(Period(here.start, nxt.end, f"{here.value}/{nxt.value}", "range"))
            i += 2
            continue
        out.append(here)
        i += 1
    return out


#: "in the second quarter alone", "first-half revenue", "Q4": a part of a year that the sentence leaves undated.
_UNDATED_PART = re.compile(
    r"\b(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?(?P<kind>quarter|half)\b"
    r"(?!\s+(?:in\s+a\s+row|running|of\s+(?:the\s+)?(?:decade|century)))|Q(?P<num>[1-4])\b)",
    re.IGNORECASE,
)


def undated_parts(text: str, dated: list[Period]) -> list[Period]:
    """Quarters and halves named without a year, their value the part alone ("Q2", "H1").

    >>> [(p.value, p.start) for p in undated_parts("In the second quarter alone, it grew", [])]
    [('Q2', 7)]
    >>> undated_parts("in the second quarter of 2025", find_periods("in the second quarter of 2025"))
    []
    """
    found = []
    for match in _UNDATED_PART.finditer(text):
        if any(p.start <= match.start() < p.end for p in dated):
            continue
        if match.group("num"):
            value = f"Q{match.group('num')}"
        else:
            number = _ORDINALS[fold(match.group("ord"))]
            half = fold(match.group("kind")) == "half"
            if half and number > 2:
                continue
            value = f"{'H' if half else 'Q'}{number}"
        found.append(Period(match.start(), match.end(), value, _role(text, match.start())))
    return found


#: "in March", "during May": a month a sentence names without its year.
_UNDATED_MONTH = re.compile(
    r"\b(?i:in|during|for|by|since|until|through|of)\s+(?:early\s+|late\s+|mid-)?"
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"(?!\s*,?\s*(?:\d|'\d))"
)


def undated_months(text: str, dated: list[Period]) -> list[Period]:
    """Months named without a year, their value the month alone ("03").

    >>> [(p.value, p.start) for p in undated_months("It earned $9 million in March.", [])]
    [('03', 24)]
    >>> undated_months("in March 2025", find_periods("in March 2025"))
    []
    """
    found = []
    for match in _UNDATED_MONTH.finditer(text):
        start = match.start("month")
        if any(p.start <= start < p.end for p in dated):
            continue
        value = f"{_month(match.group('month')):02d}"
        found.append(Period(start, match.end(), value, _role(text, start)))
    return found


_LAST_YEAR_OF = re.compile(r"(FY)?((?:19|20)\d\d)(?!.*(?:19|20)\d\d)")


def in_year_of(part: str, period: str | None) -> str | None:
    """A quarter or half ("Q2") in the year of a period the story gave: the company's own year for a fiscal one.

    >>> in_year_of("Q2", "2025-H1"), in_year_of("Q3", "FY2026-Q1"), in_year_of("H2", "2024-01/2024-09")
    ('2025-Q2', 'FY2026-Q3', '2024-H2')
    >>> in_year_of("Q1", None)
    """
    year = _LAST_YEAR_OF.search(period or "")
    return f"{year.group(1) or ''}{year.group(2)}-{part}" if year else None
