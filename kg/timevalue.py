"""Dates that keep their precision, as Wikidata's time values do.

``2026``, ``2026-Q1``, ``2026-02``, ``2026-02-14`` and ``FY2026-Q1`` (a quarter of a company's fiscal year) are
different claims:
each is kept as written (in canonical form) with its precision, and compared
through the interval of days it covers.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PATTERNS = (
    ("day", re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")),
    ("month", re.compile(r"^(\d{4})-(\d{2})$")),
    ("quarter", re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)),
    ("half", re.compile(r"^(\d{4})-?H([12])$", re.IGNORECASE)),
    ("year", re.compile(r"^(\d{4})$")),
    ("fiscal quarter", re.compile(r"^FY(\d{4})-?Q([1-4])$", re.IGNORECASE)),
    ("fiscal half", re.compile(r"^FY(\d{4})-?H([12])$", re.IGNORECASE)),
    ("fiscal year", re.compile(r"^FY(\d{4})$", re.IGNORECASE)),
)


class InvalidDate(ValueError):
    """A text is not a date at any supported precision."""


@dataclass(frozen=True, slots=True, order=True)
class TimeValue:
    """A date at year, half, quarter, month or day precision."""

    start: date
    end: date
    precision: str
    text: str

    def __str__(self) -> str:
        return self.text

    def overlaps(self, other: TimeValue) -> bool:
        return self.start <= other.end and other.start <= self.end


def parse_time(text: str) -> TimeValue:
    """Parse ``2026``, ``2026-H1``, ``2026-Q1``, ``2026-02``, ``2026-02-14``, or ``FY2026``, ``FY2026-H1``,
    ``FY2026-Q1`` (a company's own year, and its halves and quarters).

    >>> parse_time("2026-q1")
    TimeValue(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31), precision='quarter', text='2026-Q1')
    >>> parse_time("2026-02").precision
    'month'
    """
    value = str(text).strip()
    for precision, pattern in _PATTERNS:
        match = pattern.match(value)
        if match:
            try:
                return _build(precision, *(int(g) for g in match.groups()))
            except ValueError as e:
                raise InvalidDate(f"{text!r} is not a valid date: {e}") from e
    raise InvalidDate(f"{text!r} is not a date (use 2026, 2026-Q1, 2026-02, 2026-02-14 or FY2026-Q1)")


def _build(precision: str, year: int, part: int = 1, day: int | None = None) -> TimeValue:
    if precision.startswith("fiscal"):
        return _fiscal(precision, year, part)
    if precision == "year":
        return TimeValue(date(year, 1, 1), date(year, 12, 31), "year", f"{year:04d}")
    if precision in ("quarter", "half"):
        months = 3 if precision == "quarter" else 6
        first = (part - 1) * months + 1
        last = first + months - 1
        label = f"{year:04d}-{'Q' if precision == 'quarter' else 'H'}{part}"
        return TimeValue(date(year, first, 1), _month_end(year, last), precision, label)
    if precision == "month":
        return TimeValue(date(year, part, 1), _month_end(year, part), "month", f"{year:04d}-{part:02d}")
    assert day is not None
    exact = date(year, part, day)
    return TimeValue(exact, exact, "day", exact.isoformat())


def _fiscal(precision: str, year: int, part: int) -> TimeValue:
    """A part of a company's own year, kept under its own name ("FY2026-Q2").

    The text does not say when the company's year starts: it may end in any month, and be named for the calendar
    year it ends in (FY2026 to March 2026) or, as in Japan, the one it starts in (FY2026 from April 2026). The
    interval holds every day the part could cover under either reading, so a search by date never misses it.

    >>> str(parse_time("FY2026-Q1").start), str(parse_time("FY2026-Q1").end)
    ('2025-02-01', '2027-02-28')
    """
    months = {"fiscal year": 12, "fiscal half": 6, "fiscal quarter": 3}[precision]
    first = 2 + months * (part - 1)  # the earliest start: a year ending in January of ``year``
    last = months * part - 1  # the latest end, in the next calendar year: a year starting in December of ``year``
    name = {"fiscal year": "", "fiscal half": f"-H{part}", "fiscal quarter": f"-Q{part}"}[precision]
    return TimeValue(date(year - 1, first, 1), _month_end(year + 1, last), precision, f"FY{year:04d}{name}")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_span(text: str) -> tuple[date, date]:
    """The first and last day a period covers, whatever its spelling: "2025-Q1/2025-Q3" and "2025-01/2025-09",
    "2023-H1" and "2023-01/2023-06" cover the same days.

    >>> period_span("2025-Q1/2025-Q3") == period_span("2025-01/2025-09")
    True
    """
    parts = str(text).split("/")
    if len(parts) > 2:
        raise InvalidDate(f"{text!r} is not a period (use 2026-Q1 or 2025-Q2/2026-Q1)")
    return parse_time(parts[0]).start, parse_time(parts[-1]).end


def parse_period(text: str) -> str:
    """Canonical text of a period: one time value or an interval ``A/B``.

    >>> parse_period("2025-q2/2026-Q1")
    '2025-Q2/2026-Q1'
    """
    parts = str(text).split("/")
    if len(parts) > 2:
        raise InvalidDate(f"{text!r} is not a period (use 2026-Q1 or 2025-Q2/2026-Q1)")
    return "/".join(parse_time(p).text for p in parts)
