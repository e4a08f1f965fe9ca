"""The CLI's renderers; they live in :mod:`kg.render` so the query library renders without importing the CLI."""

from kg.render import table, to_csv, to_json, visible

__all__ = ["table", "to_csv", "to_json", "visible"]
