"""Which facts a query may use: entry modes, date windows, and what was true as of a date."""

from __future__ import annotations

from kg.answers import ENTRY_MODES, FactFilter
from kg.errors import QueryError
from kg.timevalue import InvalidDate, TimeValue, parse_time


def make_filter(
    via: str | None = None, since: str | None = None, until: str | None = None, as_of: str | None = None
) -> FactFilter:
    """Build a filter from command-line text; one-line errors for unknown modes and malformed dates."""
    modes = frozenset(m.strip() for m in (via or "").split(",") if m.strip())
    unknown = sorted(modes - set(ENTRY_MODES))
    if unknown:
        raise QueryError(f"unknown entry mode {unknown[0]!r} in --via; known: {', '.join(ENTRY_MODES)}")
    return FactFilter(
        modes,
        *(_parse_option(name, value) for name, value in (("--since", since), ("--until", until), ("--as-of", as_of))),
    )


def _parse_option(name: str, value: str | None) -> TimeValue | None:
    try:
        return parse_time(value) if value else None
    except InvalidDate as e:
        raise QueryError(f"{name}: {e}") from None
