"""Pictures of expansion answers: Graphviz DOT, SVG and PNG, or one self-contained interactive HTML page.

Each function turns query results into a scene (:mod:`kg.pictures.scene`)
and draws it; the same input always gives the same bytes.
"""

from __future__ import annotations

from kg.answers import ExpansionPath, MarketEntry
from kg.errors import UnknownFormat
from kg.pictures import dot, html
from kg.pictures.scene import Scene, market_scene, paths_scene, timeline_scene
from kg.queries.timeline import Event

FORMATS = ("dot", "svg", "png", "html")
MEDIA_TYPES = {
    "dot": "text/vnd.graphviz; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "html": "text/html; charset=utf-8",
}

__all__ = ["FORMATS", "MEDIA_TYPES", "draw", "market_picture", "paths_picture", "timeline_picture"]


def draw(scene: Scene, fmt: str) -> bytes:
    """A scene in one of :data:`FORMATS`; ``svg`` and ``png`` need Graphviz, ``dot`` and ``html`` do not."""
    if fmt not in FORMATS:
        raise UnknownFormat("picture format", fmt, FORMATS)
    if fmt == "html":
        return html.page(scene).encode("utf-8")
    source = dot.dot_source(scene)
    return source.encode("utf-8") if fmt == "dot" else dot.render(source, fmt)


def paths_picture(paths: list[ExpansionPath], fmt: str, *, title: str = "") -> bytes:
    """Expansion paths as a left-to-right graph: hops as edges styled by entry mode."""
    return draw(paths_scene(paths, title), fmt)


def timeline_picture(events: list[Event], fmt: str, *, title: str = "") -> bytes:
    """Dated events on a left-to-right time axis, coloured by relation."""
    return draw(timeline_scene(events, title), fmt)


def market_picture(market: str, entries: list[MarketEntry], fmt: str) -> bytes:
    """A market in the centre with the companies that reach it around it, edges counting entry modes."""
    return draw(market_scene(market, entries), fmt)
