"""Which facts a query may use: entry modes, date windows, and what was true as of a date."""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import QueryError
from kg.timevalue import InvalidDate, TimeValue, parse_time

ENTRY_MODES = ("subsidiary", "brand", "product", "channel", "partner", "acquisition", "direct")


@dataclass(frozen=True)
class FactFilter:
    """Restrictions on the facts a path may use; the default lets every positive fact through."""

    via: frozenset[str] = frozenset()
    since: TimeValue | None = None
    until: TimeValue | None = None
    as_of: TimeValue | None = None

    def admits(self, data: dict) -> bool:
        """A fact is usable if it is a plain positive claim inside the date window."""
        if data.get("status"):
            return False
        if not (self.since or self.until or self.as_of):  # no window: no date to read (a walk asks per edge)
            return True
        date = _time(data.get("date") or data.get("since"))
        if date is not None:
            if self.since and date.end < self.since.start:
                return False
            if self.until and date.start > self.until.end:
                return False
            if self.as_of and date.start > self.as_of.end:
                return False
        ended = _time(data.get("until"))
        return not (self.as_of and ended and ended.end < self.as_of.start)

    def allows_mode(self, mode: str) -> bool:
        return not self.via or mode in self.via


def _time(text: str | None) -> TimeValue | None:
    try:
        return parse_time(text) if text else None
    except InvalidDate:
        return None


def make_filter(via: str | None = None, since: str | None = None, until: str | None = None,
                as_of: str | None = None) -> FactFilter:
    """Build a filter from command-line text; one-line errors for unknown modes and malformed dates."""
    modes = frozenset(m.strip() for m in (via or "").split(",") if m.strip())
    unknown = sorted(modes - set(ENTRY_MODES))
    if unknown:
        raise QueryError(f"unknown entry mode {unknown[0]!r} in --via; known: {', '.join(ENTRY_MODES)}")
    return FactFilter(modes, *(_parse_option(name, value) for name, value in
                               (("--since", since), ("--until", until), ("--as-of", as_of))))


def _parse_option(name: str, value: str | None) -> TimeValue | None:
    try:
        return parse_time(value) if value else None
    except InvalidDate as e:
        raise QueryError(f"{name}: {e}") from None
