"""A lazy plugin registry, as rdflib finds its parsers and serializers.

Entries map a name to ``"module:attr"`` plus metadata (suffixes, MIME type),
so listing the registry imports no backend.  Third parties add entries through
the entry-point group given to the registry (``kg.loaders``, ...).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from kg.errors import UnknownFormat


@dataclass(frozen=True)
class Entry:
    """One registered implementation."""

    name: str
    target: str
    suffixes: tuple[str, ...] = ()
    description: str = ""
    media_type: str | None = None

    def load(self) -> Any:
        module, _, attr = self.target.partition(":")
        return getattr(importlib.import_module(module), attr)


@dataclass
class Registry:
    """Named implementations of one kind (loader, exporter, store, extractor)."""

    kind: str
    group: str
    _entries: dict[str, Entry] = field(default_factory=dict)
    _scanned: bool = False

    def register(self, entry: Entry) -> None:
        self._entries[entry.name] = entry

    def entries(self) -> list[Entry]:
        self._scan_entry_points()
        return sorted(self._entries.values(), key=lambda e: e.name)

    def names(self) -> list[str]:
        return [e.name for e in self.entries()]

    def get(self, name: str) -> Entry:
        # a built-in name is final (plugins never replace one), so only other names need the entry-point scan,
        # which costs more start-up than the rest of a small query
        if name in self._entries:
            return self._entries[name]
        self._scan_entry_points()
        try:
            return self._entries[name]
        except KeyError:
            raise UnknownFormat(self.kind, name, self._entries) from None

    def for_suffix(self, suffix: str) -> Entry:
        """The entry whose suffixes include ``suffix`` (``.jsonl``, ``.ttl``, ...)."""
        wanted = suffix.lower()
        for entry in self.entries():
            if wanted in entry.suffixes:
                return entry
        known = sorted(s for e in self.entries() for s in e.suffixes)
        raise UnknownFormat(f"{self.kind} suffix", suffix or "(none)", known)

    def _scan_entry_points(self) -> None:
        if self._scanned:
            return
        self._scanned = True
        from importlib.metadata import entry_points

        for ep in entry_points(group=self.group):
            if ep.name not in self._entries:
                self._entries[ep.name] = _plugin_entry(ep.name, ep.value)


def _plugin_entry(name: str, target: str) -> Entry:
    """A plugin's entry, with the suffixes and description its class declares (``suffixes``, its docstring).

    Only an installed plugin is imported here, and only once the registry is asked for a name or a suffix
    it does not know: a plugin that cannot be imported is listed without suffixes, and fails with its own
    error when it is used by name.
    """
    entry = Entry(name, target)
    try:
        obj = entry.load()
    except Exception:  # noqa: BLE001 - a broken plugin must not break the built-in formats
        return entry
    suffixes = tuple(s.lower() for s in getattr(obj, "suffixes", ()) or ())
    doc = (getattr(obj, "__doc__", None) or "").strip().splitlines()
    return Entry(name, target, suffixes, getattr(obj, "description", None) or (doc[0] if doc else ""))
