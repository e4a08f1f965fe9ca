"""Who reaches a market, and how: entry modes counted per company."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from kg.answers import MarketEntry, market_entry, most_ways_in_first
from kg.errors import QueryError
from kg.queries.expansion import (
    MARKET_RELATIONS,
    MARKET_TYPES,
    MAX_HOPS,
    STEP_RELATIONS,
    entry_mode,
    hops_to_market,
    market_of,
    paths_from,
    target_test,
    useful_edges,
)
from kg.queries.filters import FactFilter
from kg.stores.multigraph import MultiDiGraph

OWNED_RELATIONS = ("hasSubsidiary", "hasBrand", "acquires")


def top_level_companies(graph: MultiDiGraph) -> list[str]:
    """Companies nobody in the graph owns: the ones a market question is about."""
    links = graph.graph.get("links")
    if links is not None:  # a stored projection lists each relation's (subject, object) pairs: no edge to decode
        owned = {t for relation in OWNED_RELATIONS for _, t in links[0].get(relation, ())}
    else:
        owned = {t for _, t, d in graph.edges(data=True) if d["relation"] in OWNED_RELATIONS}
    return sorted(n for n, d in graph.nodes(data=True) if d["type"] in ("Company", "Organization") and n not in owned)


def reach_of(graph: MultiDiGraph, accept, max_hops: int) -> dict[str, int]:
    """:func:`kg.queries.expansion.hops_to_market`, from the stored projection's relation pairs when it has
    them (the same numbers, without decoding every node's edges to find the few that lead to the market)."""
    links = graph.graph.get("links")
    if links is None:
        return hops_to_market(graph, accept, max_hops)
    pairs, markets = links[0], links[1]
    is_market = market_test(graph, accept)
    reach: dict[str, int] = {}
    for relation in MARKET_RELATIONS:  # a node with a market hop into an accepted market: one hop
        ends = markets.get(relation, ()) if relation == "sellsThrough" else pairs.get(relation, ())
        for node, market in ends:
            if node not in reach and is_market(market):
                reach[node] = 1
    before: dict[str, set] = {}
    for relation in STEP_RELATIONS:
        for u, v in pairs.get(relation, ()):
            before.setdefault(v, set()).add(u)
    return walk_back(reach, before, max_hops)


def market_test(graph: MultiDiGraph, accept) -> Callable[[str | None], bool]:
    """Whether a node is a market ``accept`` admits: a place or segment of the graph (each node judged once)."""
    nodes = graph.nodes
    wanted = (*MARKET_TYPES, "Segment")
    accepted: dict[str, bool] = {}

    def is_market(node: str | None) -> bool:
        if not node:
            return False
        found = accepted.get(node)
        if found is None:
            found = accepted[node] = node in graph and nodes[node]["type"] in wanted and bool(accept(node))
        return found

    return is_market


def walk_back(reach: dict[str, int], before: Mapping[str, Iterable[str]], max_hops: int) -> dict[str, int]:
    """``reach`` (the nodes one hop from the market) with every node that reaches one of them in steps
    backwards along ``before`` (node -> the nodes with a step into it), each at its fewest hops."""
    frontier = list(reach)
    for hops in range(2, max_hops + 1):
        reached = []
        for node in frontier:
            for u in before.get(node, ()):
                if u not in reach:
                    reach[u] = hops
                    reached.append(u)
        frontier = reached
    return reach


def market_entrants(
    graph: MultiDiGraph, market: str, *, max_hops: int = 4, where: FactFilter = FactFilter()
) -> list[MarketEntry]:
    """Every top-level company that reaches ``market``, most ways in first."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise QueryError(f"--max-hops must be between 1 and {MAX_HOPS}, not {max_hops}")
    accept = target_test(graph, market)
    reach = reach_of(graph, accept, max_hops)
    entries: list[MarketEntry] = []
    edges: dict[str, list] = {}
    for node in top_level_companies(graph):
        paths = paths_from(graph, node, accept, max_hops=max_hops, where=where, reach=reach, edges=edges)
        if paths:
            entries.append(market_entry(graph.nodes[node]["name"], paths))
    return most_ways_in_first(entries)


def market_counts(
    graph: MultiDiGraph, market: str, *, max_hops: int = 4, where: FactFilter = FactFilter()
) -> list[MarketEntry]:
    """:func:`market_entrants` without the paths: each company's entry modes counted, in the same order.

    The full answer keeps one path per sequence of hops (by names); each is a way to a node (a prefix of
    steps) followed by one market hop from it.  So the walk here goes over the prefixes only, and adds for
    each distinct prefix the distinct market hops (relation, market) from the nodes it ends on: at 10^5
    facts a big market's answer holds a quarter of a million paths, but a few times fewer prefixes, and no
    path or hop is built.
    """
    if not 1 <= max_hops <= MAX_HOPS:
        raise QueryError(f"--max-hops must be between 1 and {MAX_HOPS}, not {max_hops}")
    accept = target_test(graph, market)
    entries: list[MarketEntry] = []
    # when no two entities share a name, distinct prefixes read differently: no need to compare them by names;
    # with no date window either, the paths are counted, not walked (PlainPathCounts)
    by_names = len({d["name"] for _, d in graph.nodes(data=True)}) < graph.number_of_nodes()
    counts = None if by_names or where.dated else PlainPathCounts(graph, accept, max_hops)
    if counts is None:
        reach = reach_of(graph, accept, max_hops)
        edges: dict[str, list] = {}
        ends: dict[str, set] = {}
        lasts: dict[str, tuple[int, dict]] = {}
    for node in top_level_companies(graph):
        if counts is not None:
            modes = counts.modes(node, max_hops, where)
        else:
            modes = _count_modes(graph, node, max_hops, where, reach, accept, edges, ends, by_names, lasts)
        if modes:
            entries.append(MarketEntry(graph.nodes[node]["name"], dict(sorted(modes.items()))))
    return most_ways_in_first(entries)


def _count_modes(
    graph: MultiDiGraph,
    start: str,
    max_hops: int,
    where: FactFilter,
    reach: dict,
    accept,
    edges: dict,
    ends: dict,
    by_names: bool = True,
    lasts: dict | None = None,
) -> Counter:
    """Entry mode -> paths from ``start``, as :func:`kg.queries.expansion.paths_from` would keep them.

    ``by_names=False`` when no two nodes share a name: each prefix the walk takes (it takes one fact of each
    relation between two nodes) then reads differently from every other, and is counted as it is met; and
    the prefixes one step short of the longest are not extended one by one: each adds what every step from
    its end is worth (:func:`last_steps`: the market hops from the step's target), less the steps back
    onto a node the prefix already passed (a path visits a node once).  ``lasts`` keeps those sums for the
    walks of one question."""
    modes: Counter = Counter()
    if reach.get(start, max_hops + 1) > max_hops:
        return modes
    nodes = graph.nodes
    lasts = {} if lasts is None else lasts

    def useful(node: str) -> list:
        out = edges.get(node)
        if out is None:
            out = edges[node] = useful_edges(graph, node, max_hops, where, reach, accept)
        return out

    def market_hops(node: str) -> set:
        """The distinct (relation, market name) hops from ``node`` into the market."""
        found = ends.get(node)
        if found is None:
            found = ends[node] = {
                (data["relation"], nodes[market_of(target, data)]["name"])
                for is_market, target, _, data in useful(node)
                if is_market
            }
        return found

    def last_steps(node: str) -> tuple[int, dict]:
        """What the steps from ``node`` that end a prefix add: (the market hops from their targets, summed
        over the distinct (relation, target) steps; target -> its share of that sum)."""
        found = lasts.get(node)
        if found is None:
            total, taken = 0, set()
            shares: dict[str, int] = {}
            for is_market, target, _, data in useful(node):
                step = (data["relation"], target)
                if is_market or step in taken:
                    continue
                taken.add(step)
                # a target with market hops is one hop from the market, so the walk's reach test keeps it
                count = len(market_hops(target))
                if count:
                    total += count
                    shares[target] = shares.get(target, 0) + count
            found = lasts[node] = (total, shares)
        return found

    # one hop: of the hops with the same names, the best supported stays, then the first mode by name
    best: dict[tuple, tuple] = {}
    for is_market, target, _, data in useful(start):
        if not is_market:
            continue
        hop_mode = entry_mode((), data)
        if where.allows_mode(hop_mode):
            key = (data["relation"], nodes[market_of(target, data)]["name"])
            rank = (-data.get("support", 1), hop_mode)
            if key not in best or rank < best[key]:
                best[key] = rank
    modes.update(mode for _, mode in best.values())
    # longer paths: a prefix of steps (its mode is its first step's), then a market hop from where it ends
    prefixes: dict[tuple, tuple[str | None, set]] = {}
    stack: list[tuple[str, tuple, frozenset[str], str | None]] = [(start, (), frozenset([start]), None)]
    while stack:
        node, key, seen, mode = stack.pop()
        if key:
            if by_names:
                prefixes.setdefault(key, (mode, set()))[1].add(node)
            else:
                count = len(market_hops(node))
                if count:
                    modes[mode] += count
        depth = len(key) // 2
        if depth + 1 >= max_hops:
            continue
        if not by_names and key and depth + 2 == max_hops:  # the next steps end the prefix: sum them up
            total, shares = last_steps(node)
            if total:
                count = total - sum(shares.get(n, 0) for n in seen)
                if count:
                    modes[mode] += count
            continue
        pushed = set()
        for is_market, target, _, data in useful(node):
            relation = data["relation"]
            if (
                is_market
                or target in seen
                or (relation, target) in pushed
                or reach.get(target, max_hops + 1) > max_hops - depth - 1
            ):
                continue
            step_mode = mode or STEP_RELATIONS[relation]
            if not key and not where.allows_mode(step_mode):
                continue
            pushed.add((relation, target))  # a second fact of the same relation leads to the same paths by names
            stack.append((target, (*key, relation, nodes[target]["name"]), seen | {target}, step_mode))
    for mode, ending in prefixes.values():
        count = (
            len(market_hops(next(iter(ending))))
            if len(ending) == 1
            else len(set().union(*(market_hops(n) for n in ending)))
        )
        if count:
            modes[mode] += count
    return modes


def plain_links(graph: MultiDiGraph, relations) -> dict[str, list[tuple[str, str]]]:
    """Relation -> distinct (subject, object) pairs of the facts with no ``status`` (the edges a filter
    without a date window admits), for each of ``relations``."""
    links = graph.graph.get("links")
    if links is not None:  # a stored projection: every pair, less those only facts with a status give
        pairs, qualified = links[0], links[2]
        return {
            r: [p for p in found if p not in left] if (left := set(qualified.get(r, ()))) else found
            for r in relations
            if (found := pairs.get(r)) is not None
        }
    plain: dict[str, set] = {}
    for u, v, d in graph.edges(data=True):
        if not d.get("status") and d["relation"] in relations:
            plain.setdefault(d["relation"], set()).add((u, v))
    return {r: list(found) for r, found in plain.items()}


def plain_hops(graph: MultiDiGraph) -> dict[str, list[tuple[str, str | None, str | None, int]]]:
    """Relation -> (subject, market, via, support) of the plain facts that can end in a market, one for each
    distinct (subject, market, via) with the highest support (the stored projection keeps them so)."""
    hops = graph.graph.get("hops")
    if hops is not None:
        return hops
    best: dict[str, dict[tuple, int]] = {}
    for u, v, d in graph.edges(data=True):
        if not d.get("status") and d["relation"] in MARKET_RELATIONS:
            found = best.setdefault(d["relation"], {})
            hop = (u, market_of(v, d), d.get("via"))
            found[hop] = max(found.get(hop, 0), d.get("support", 1))
    return {r: [(*hop, support) for hop, support in found.items()] for r, found in best.items()}


class PlainPathCounts:
    """The number of paths into a market from each node, counted over the plain facts without walking them.

    A path is a chain of distinct steps (one per relation between two nodes) visiting no node twice, then one
    market hop, counted once per distinct (relation, market name) hop: what :func:`_count_modes` counts when
    no two nodes share a name.  From a node ``a`` already on a path (the nodes ``S``), with two steps left the
    count is a sum over ``a``'s neighbours ``b`` of what ``b`` gives on its own (``F(b)``: its hops, and its
    neighbours' hops) less what would revisit ``S``; the sums that do not depend on ``S`` are kept per node
    for the whole question, so a company's count costs about its own steps, not the paths behind them (a big
    market's companies have a hundred thousand paths each at 10^6 facts).  Longer paths are walked down to
    those last two steps.  Nothing here decodes an edge: a stored projection gives the plain pairs and the
    hops with their via and support.
    """

    def __init__(self, graph: MultiDiGraph, accept, max_hops: int):
        nodes = graph.nodes
        is_market = market_test(graph, accept)
        #: node -> (relation, market name) -> the best (-support, entry mode) of the facts giving that hop
        self.best: dict[str, dict[tuple[str, str], tuple[int, str]]] = {}
        for relation, hops in plain_hops(graph).items():
            for node, market, via, support in hops:
                if is_market(market):
                    key = (relation, nodes[market]["name"])
                    rank = (-support, entry_mode((), {"relation": relation, "via": via}))
                    found = self.best.setdefault(node, {})
                    if key not in found or rank < found[key]:
                        found[key] = rank
        #: node -> its distinct market hops into the market
        self.hops = {node: len(found) for node, found in self.best.items()}
        #: node -> its distinct steps (relation, target); node -> target -> how many relations lead there
        self.steps: dict[str, list[tuple[str, str]]] = {}
        self.succ: dict[str, dict[str, int]] = {}
        self.pred: dict[str, dict[str, int]] = {}
        pairs = plain_links(graph, STEP_RELATIONS)
        for relation in STEP_RELATIONS:
            for u, v in pairs.get(relation, ()):
                self.steps.setdefault(u, []).append((relation, v))
                out = self.succ.setdefault(u, {})
                out[v] = out.get(v, 0) + 1
                into = self.pred.setdefault(v, {})
                into[u] = into.get(u, 0) + 1
        #: node -> the fewest hops from it into the market, over the plain facts
        self.reach = walk_back(dict.fromkeys(self.hops, 1), self.pred, max_hops)
        self._one: dict[str, int] = {}
        self._own: dict[str, int] = {}
        self._two: dict[str, int] = {}

    # -- what a node gives, whatever the path before it

    def one(self, a: str) -> int:
        """``L(a)``: the hops of ``a``'s neighbours, one per step to them."""
        found = self._one.get(a)
        if found is None:
            hops = self.hops
            found = self._one[a] = sum(c * hops.get(b, 0) for b, c in self.succ.get(a, {}).items())
        return found

    def own(self, b: str) -> int:
        """``F(b)``: paths from ``b`` of one or two hops that do not come back to ``b``."""
        found = self._own.get(b)
        if found is None:
            m = self.hops.get(b, 0)
            found = self._own[b] = m + self.one(b) - self.succ.get(b, {}).get(b, 0) * m
        return found

    def two(self, a: str) -> int:
        """``G(a)``: ``F`` of each of ``a``'s neighbours, one per step to them."""
        found = self._two.get(a)
        if found is None:
            found = self._two[a] = sum(c * self.own(b) for b, c in self.succ.get(a, {}).items())
        return found

    def walks(self, a: str, x: str) -> int:
        """Two-step walks from ``a`` to ``x`` (through any node), one per pair of steps."""
        out, into = self.succ.get(a, {}), self.pred.get(x, {})
        if len(into) < len(out):
            return sum(c * out.get(b, 0) for b, c in into.items())
        return sum(c * into.get(b, 0) for b, c in out.items())

    # -- what a node gives after the path ``on`` (the node itself last)

    def rest(self, a: str, on: tuple[str, ...], steps: int) -> int:
        """Paths from ``a`` of at most ``steps`` steps then a market hop, visiting none of ``on``."""
        hops, succ = self.hops, self.succ.get(a, {})
        if steps == 0:
            return hops.get(a, 0)
        if steps == 1:
            return hops.get(a, 0) + self.one(a) - sum(succ.get(x, 0) * hops.get(x, 0) for x in on)
        if steps == 2:
            count = hops.get(a, 0) + self.two(a) - sum(succ.get(x, 0) * self.own(x) for x in on)
            for x in on:  # less the two-step walks that end on the path: a -> b -> x, b off the path
                m = hops.get(x, 0)
                if m:
                    back = self.walks(a, x) - sum(succ.get(b, 0) * self.succ.get(b, {}).get(x, 0) for b in on)
                    count -= m * back
            return count
        count = hops.get(a, 0)
        reach = self.reach
        for b, c in succ.items():
            if b not in on and reach.get(b, steps + 2) <= steps:
                count += c * self.rest(b, (*on, b), steps - 1)
        return count

    def modes(self, start: str, max_hops: int, where: FactFilter) -> Counter:
        """Entry mode -> paths from ``start``."""
        modes: Counter = Counter()
        if self.reach.get(start, max_hops + 1) > max_hops:
            return modes
        for _, hop_mode in self.best.get(start, {}).values():  # the best supported fact of each hop gives its mode
            if where.allows_mode(hop_mode):
                modes[hop_mode] += 1
        if max_hops < 2:
            return modes
        given: dict[str, int] = {}
        for relation, a in self.steps.get(start, ()):
            mode = STEP_RELATIONS[relation]
            if a == start or not where.allows_mode(mode):
                continue
            count = given.get(a)
            if count is None:
                count = given[a] = self.rest(a, (start, a), max_hops - 2)
            if count:
                modes[mode] += count
        return modes
