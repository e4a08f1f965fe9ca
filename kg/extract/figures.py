"""Figures: amounts, percentages and counts read as observations of a metric.

A number becomes a figure only when the words around it name a metric from
the controlled list in ``data/metrics.yaml``: "revenue reached 2.57 billion
yuan" (revenue), "a year-on-year increase of 45.69%" (growth of the metric
named before it), "accounted for 97%" (a share), "more than 100 countries"
(a count).  A number no metric claims ("12 times", "from 17.5% to 2.7%") is
left alone.  The subject and period are decided by :mod:`kg.extract.rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from kg.extract.inflection import known_word, lemmas, only_noun, plural_noun
from kg.extract.lexicon import alternation, data, lower_regex
from kg.extract.periods import Period
from kg.extract.phrases import RANKED_FIRST
from kg.extract.quantities import Quantity, find_quantities, number_in_words, word_quantities

_NOT_AMOUNT_AFTER = re.compile(r"\s*(?:times|-fold|fold|x\b|percentage)")


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a metric claims: where it is, what it measures, and where the metric's words are."""

    quantity: Quantity
    metric: str
    value: float
    unit: str
    cue_start: int
    #: A level given to compare with ("up from 37% in 2023", "against 1.6 billion in the first quarter"): its date is
    #: its own and sets no period for the figures after it.
    compared: bool = False


@cache
def metrics() -> dict[str, dict]:
    """The controlled list of metrics, with their kind, unit and cue words."""
    return dict(data("metrics")["metrics"])


def is_stock(metric: str) -> bool:
    """Counts hold at a point in time; they never inherit a period from earlier sentences."""
    name = metric.removesuffix("Target")
    if name.startswith("cumulative"):
        return True  # a running total holds at the time it is told ("has earned $4 billion since launch")
    if name.endswith("Openings"):
        return True  # outlets to be opened ("will open 40 stores by 2027") are dated by their own clause alone
    if name.startswith("overseas") and len(name) > 8:
        name = name[8].lower() + name[9:]  # "overseasMonthlyActiveUsers" counts what "monthlyActiveUsers" does
    base = metrics().get(name)
    if base is not None:
        return base.get("kind") == "stock"
    # an unlisted count of people or things held at a time ("roasteryCount", "payingSubscribers")
    return name.endswith(("Users", "Subscribers", "Employees", "Count"))


@cache
def _cue_regex(unit: str) -> re.Pattern[str]:
    groups = [
        f"(?P<{name}>{alternation(spec['cues'])})"
        for name, spec in metrics().items()
        if spec.get("cues") and spec["unit"] == unit
    ]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(groups)})(?![\w-])", re.IGNORECASE)


@cache
def _lower_cue_regex(unit: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """:func:`_cue_regex` for lower-cased text, without the case-blind flag, and the metric of each of its groups
    (lower-casing the pattern lower-cases the group names, so they are numbered)."""
    names = [name for name, spec in metrics().items() if spec.get("cues") and spec["unit"] == unit]
    groups = [f"(?P<m{i}>{alternation(metrics()[name]['cues'])})" for i, name in enumerate(names)]
    return lower_regex(rf"(?<![\w-])(?:{'|'.join(groups)})(?![\w-])"), {f"m{i}": n for i, n in enumerate(names)}


def _cues(unit: str, text: str) -> list[tuple[str, int]]:
    """The metric and start of each cue of ``unit`` in ``text``; ASCII text is searched lower-cased, faster."""
    if text.isascii():
        regex, metric = _lower_cue_regex(unit)
        return [(metric[m.lastgroup or ""], m.start()) for m in regex.finditer(text.lower())]
    return [(m.lastgroup or "", m.start()) for m in _cue_regex(unit).finditer(text)]


@cache
def _after_regex(unit: str) -> re.Pattern[str]:
    groups = [
        f"(?P<{name}>{alternation(spec['after'])})"
        for name, spec in metrics().items()
        if spec.get("after") and spec["unit"] == unit
    ]
    return re.compile(
        rf"^\s+(?:(?:of|in)\s+)?(?P<modifier>{_KIND_MODIFIERS}\s+)?(?:{'|'.join(groups)})(?![\w-])", re.IGNORECASE
    )


#: Words that make a figure a different quantity of the same kind: "adjusted net profit", "cumulative downloads".
_KIND_MODIFIERS = r"(?:adjusted|cumulative|lifetime|diluted|underlying)"
_KIND_MODIFIER_BEFORE = re.compile(rf"\b(?P<modifier>{_KIND_MODIFIERS})\s+$", re.IGNORECASE)


def _modified(metric: str, modifier: str | None) -> str:
    """ "adjustedNetProfit", "cumulativeDownloads": the modifier before a metric's own name."""
    if not modifier or metric.endswith(("GrowthYoY", "Share", "Target")):
        return metric
    return modifier.strip().lower() + metric[0].upper() + metric[1:]


@cache
def _regex(*path: str) -> re.Pattern[str]:
    spec = data("metrics")
    for key in path:
        spec = spec[key]
    return re.compile(rf"(?<![\w-]){alternation(spec)}(?![\w-])", re.IGNORECASE)


def find_figures(text: str, periods: list[Period], story_base: str | None = None) -> list[Figure]:
    """Every number of ``text`` that a metric claims, and every rank it states, in order.

    An amount's metric is named somewhere after the previous amount ("sales
    rose 18% to ¥84 billion": sales); a percentage's in the words right
    before or after it.  ``story_base`` is the level the document counted last: a bare "growth of 100%" grows it.
    """
    figures = [_tidy_name(f) for f in _number_figures(text, periods, story_base)]
    ranks = list(_rank_figures(text)) if _RANK_VERB_QUICK.search(text) else []
    ranks += list(_term_figures(text)) if "-year " in text else []
    return sorted([*figures, *ranks], key=lambda f: f.quantity.start) if ranks else figures


#: "a 35-year concession", "a 99-year lease", "a 25-year power purchase agreement": how long a deal runs.
_TERM = re.compile(
    r"\b(?P<n>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty|fifty)-year\s+"
    r"(?:[\w-]+\s+){0,3}?(?P<noun>concession|lease|licen[cs]e|contract|agreement|loan|ppa|partnership|deal)s?\b",
    re.IGNORECASE,
)
_TERM_NAMES = {"license": "licence", "deal": "agreement"}


def _term_figures(text: str) -> Iterator[Figure]:
    """How long a concession, lease, licence, contract, agreement or loan runs, in years ("a 99-year lease":
    leaseTerm 99 years)."""
    for match in _TERM.finditer(text):
        raw = match.group("n").lower()
        value = float(raw) if raw.isdigit() else number_in_words(raw)
        if value is None:
            continue
        noun = match.group("noun").lower()
        before = text[max(0, match.start("noun") - 25) : match.start("noun")].lower()
        name = "ppa" if "power purchase" in before else _TERM_NAMES.get(noun, noun)
        quantity = Quantity(match.start(), match.end("n") + 5, value, "years", "number")
        yield Figure(quantity, f"{name}Term", value, "years", match.start())


def _tidy_name(figure: Figure) -> Figure:
    """A metric named from the text's own words, without the adverbs those words carried ("eye make-up alone
    worth 3.4 billion yen": eyeMakeUp, not eyeMakeUpAlone; "more than 30% of the total": totalShare).

    >>> _tidy_name(Figure(Quantity(0, 1, 1.0, "JPY", "money"), "eyeMakeUpAlone", 1.0, "JPY", 0)).metric
    'eyeMakeUp'
    """
    words = _CAMEL_WORDS.findall(figure.metric)
    kept = [w for w in words if w.lower() not in _ADVERB_WORDS]
    if not kept or len(kept) == len(words):
        return figure
    return replace(figure, metric=kept[0][:1].lower() + kept[0][1:] + "".join(w[:1].upper() + w[1:] for w in kept[1:]))


_CAMEL_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
#: Words of a metric's name that only hedge or stress its number: "alone", "more", "only", "just", "roughly".
_ADVERB_WORDS = frozenset("alone more only just also roughly nearly almost about around some over even still".split())
_RANK_VERB_QUICK = re.compile(r"\b(?:rank|plac)", re.IGNORECASE)
_ORDINAL_WORDS = {
    w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1)
}
#: "ranking first", "ranked third among ...", "placed 212th on the Fortune Global 500 list": a stated position.
_POSITION = re.compile(
    r"\b(?:rank(?:s|ed|ing)?|plac(?:es|ed|ing))\s+(?:No\.\s*|number\s+)?"
    rf"(?P<ord>{'|'.join(_ORDINAL_WORDS)}|\d{{1,3}}(?:st|nd|rd|th)|\d{{1,3}}(?![\d.,%]))\b",
    re.IGNORECASE,
)
#: "on the Fortune Global 500 list": a published ranking, whose name names the rank.
_ON_LIST = re.compile(
    r"\s+(?:on|in)\s+(?:the\s+|this\s+year's\s+|its\s+)?(?P<name>(?:[A-Z][\w&]*|\d+)(?:\s+(?:[A-Z][\w&]*|\d+)){0,4})"
    r"(?P<kind>\s+(?:list|ranking|rankings|index|league\s+table))?\b"
)
_LIST_BEFORE = re.compile(
    r"\b(?:on|in)\s+(?:the\s+)?(?P<name>(?:[A-Z][\w&]*|\d+)(?:\s+(?:[A-Z][\w&]*|\d+)){0,4})\s+(?:list|ranking|index)\b"
)
#: "among European parcel carriers by revenue": what the companies were ranked by.
_RANKED_BY = re.compile(
    r"\bby\s+(?P<words>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)(?=\s*(?:[,;.]|$|\s+(?:in|during|for)\b))"
)
#: Where a position is held: "in Japan's mobile game market", "among Chinese publishers".
_RANKED_WHERE = re.compile(r"^\s+(?:in|among|on)\b", re.IGNORECASE)
_MARKET_BEFORE = re.compile(r"\bmarket\b[^.;]{0,40}$", re.IGNORECASE)


def _rank_figures(text: str) -> Iterator[Figure]:
    """Positions a company is said to hold: a market rank ("ranked second in Japan's mobile game market", "held 41%
    of the dashcam market, ranking first"), a rank by a metric ("ranked third among carriers by revenue":
    revenueRank) or on a named list (fortuneGlobal500Rank). A position with nothing said about where ("the app
    ranked first, ahead of ...") and a market's own rank ("its second-largest market") are not read."""
    for found in _POSITION.finditer(text):
        word = found.group("ord").lower()
        value = _ORDINAL_WORDS.get(word) or int(re.sub(r"\D", "", word))
        clause = re.split(r"[,;.](?:\s|$)", text[found.end() :], maxsplit=1)[0]
        listed = _ON_LIST.match(text, found.end())
        if listed and (listed.group("kind") or re.search(r"\d", listed.group("name"))):
            metric = _rank_name(listed.group("name").split())
        elif (named := list(_LIST_BEFORE.finditer(text, 0, found.start()))) and not _RANKED_WHERE.match(clause):
            metric = _rank_name(named[-1].group("name").split())  # "appeared on the X list in 2022, placing 266th"
        elif (by := _RANKED_BY.search(clause)) and _RANKED_WHERE.match(clause):
            metric = camel([*by.group("words").split(), "rank"])
        elif _RANKED_WHERE.match(clause) or (not clause.strip() and _MARKET_BEFORE.search(text, 0, found.start())):
            metric = "marketRank"
        else:
            continue
        quantity = Quantity(found.start("ord"), found.end("ord"), float(value), "rank", "rank")
        yield Figure(quantity, metric, float(value), "rank", found.start())


def _rank_name(words: list[str]) -> str:
    """ "Fortune Global 500" -> "fortuneGlobal500Rank": the list's name, digits kept."""
    parts = [re.sub(r"[^\w]", "", w) for w in words]
    return parts[0].lower() + "".join(p[:1].upper() + p[1:].lower() for p in parts[1:]) + "Rank"


def _number_figures(text: str, periods: list[Period], story_base: str | None) -> Iterator[Figure]:
    """Every number of ``text`` that a metric claims, in order."""
    last_base: str | None = None
    last: Figure | None = None
    held: Figure | None = None  # the last count of things held, not of the places they are in
    last_percent: Figure | None = None
    last_amount: Figure | None = None  # the last figure that is no percentage
    previous_end = previous_money_end = 0
    for q in _all_quantities(text):
        points = _share_points(text, q, last_percent, previous_end)
        if points is not None:
            previous_end = q.end  # "down 2.6 percentage points": the change of the share named before
            last = points
            yield points
            continue
        if _ignored(text, q, periods):
            continue
        if q.kind == "multiple":
            named = _cues("currency", text[previous_end : q.start])
            base = (named[-1][0] if named else None) or last_base or "revenue"
            counted = list(_count_base_regex().finditer(text, previous_end, q.start))
            if counted and counted[-1].lastgroup == "sharePrice" and (not named or counted[-1].start() > named[-1][1]):
                base = "sharePrice"  # "it raised $5.4 billion, and its shares more than doubled": the stock doubled
            yield Figure(q, growth_name(base), q.value, "percent", q.start)
            previous_end = q.end
            continue
        right = text[q.end : q.end + 60]
        # "412 bakeries in 11 countries, up from 380": a level compared with is of the thing counted, not of where
        level = _level(text, q, previous_end, held if last is not None and last.metric in _WHERE_COUNTS else last)
        if level is not None:
            figure = level
            if q.kind != "percent":
                previous_money_end = q.end
        elif q.kind == "physical":
            figure = None
        elif q.kind == "percent":
            figure = _percent(q, text[previous_end : q.start], right, previous_end, last_base, story_base)
            if (
                figure is None
                and last_percent is not None
                and _PAIRED.fullmatch(text, previous_end, q.start)
                and (_RESPECTIVELY_AFTER.match(text, q.end))
            ):
                figure = Figure(q, last_percent.metric, q.value, "percent", q.start)  # "100% and 259% respectively"
            if figure is None and last_percent is not None and _NEXT_IN_LIST.match(text, previous_end, q.start):
                figure = _next_in_list(q, last_percent.metric)  # "a 9.5% share, followed by B at 6.1%"
        else:
            if q.kind == "money" and _RANKED_PART_AT.search(text, previous_money_end, q.start):
                figure = Figure(q, "revenue", q.value, q.unit, q.start)  # "was the largest region at 960 million"
            else:
                figure = _money_or_count(q, text[previous_money_end : q.start], right, previous_money_end)
            if (
                figure is None
                and last is not None
                and last.unit == q.unit
                and (
                    _ELLIPSIS.match(text, previous_end, q.start)
                    # "North America ... at 960 million yuan, followed by Japan at 710 million yuan"
                    or (q.kind == "money" and _NEXT_IN_LIST.match(text, previous_end, q.start))
                )
            ):
                figure = Figure(
                    q, last.metric, q.value, q.unit, q.start
                )  # "... $680 million and those in Korea $250 million"
            previous_money_end = q.end
        figure = (
            figure
            or _bracketed_growth(q, text, previous_end, last)
            or _of_them(q, right, last)
            or _base_of_growth(q, text[previous_end : q.start], last, last_amount)
            or _level_after_growth(q, text[previous_end : q.start], last)
            or _parallel_count(q, text[previous_end : q.start], right, last)
        )
        figure = _abroad(figure or _of_that(q, text) or _unlisted(q, text, right), right)
        figure = _listing(_increment(_cumulative(_produced(figure, text), text), text), text)
        figure = _openings(_of_division(_jobs_to_come(figure, text), text), text)
        figure = _top_ranked(_with_segment(figure, last, text), q, text)
        figure = _share_earned_where(figure, q, text, previous_end, last)
        previous_end = q.end
        if figure is not None:
            last_base = _base(figure.metric) or last_base
            if figure.unit == "count" and figure.metric not in _WHERE_COUNTS:
                held = figure
            last = figure
            last_percent = figure if figure.unit == "percent" else last_percent
            last_amount = figure if figure.unit != "percent" else last_amount
            yield figure


#: A part of the company's business ranked, then its amount: "North America was the largest overseas region at",
#: "Europe remained the biggest market with".
_RANKED_PART_AT = re.compile(
    rf"\b{RANKED_FIRST}(?:region|market|contributor|source|earner|segment|business)\s+(?:at|with)\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+)?$",
    re.IGNORECASE,
)
#: Right after a growth rate, the level it grew from: "6,800 tractors in 2022, up 31 percent from 5,200 in 2021".
_GROWN_FROM = re.compile(r"^\s+from\s+(?:about\s+|around\s+|some\s+|nearly\s+|roughly\s+)?$", re.IGNORECASE)


#: A signed percentage in brackets right after an amount: "9.1 billion yuan (+3%)", "2.1 million units (-4%)".
_BRACKET_BEFORE = re.compile(r"\s*\(\s*(?P<sign>[+\-\u2212])\s*$")
_BRACKET_AFTER = re.compile(r"\s*(?:y/y|yoy|year\s+on\s+year)?\s*\)", re.IGNORECASE)


def _bracketed_growth(q: Quantity, text: str, previous_end: int, last: Figure | None) -> Figure | None:
    """ "Wall-hung gas boilers brought in 9.1 billion yuan (+3%)": the growth of the amount just told."""
    if q.unit != "percent" or last is None or last.unit == "percent" or last.quantity.end != previous_end:
        return None
    sign = _BRACKET_BEFORE.fullmatch(text, previous_end, q.start)
    if sign is None or not _BRACKET_AFTER.match(text, q.end):
        return None
    value = q.value if sign.group("sign") == "+" else -q.value
    return Figure(q, growth_name(last.metric), value, "percent", q.start)


def _base_of_growth(q: Quantity, between: str, last: Figure | None, amount: Figure | None) -> Figure | None:
    """The level a growth rate started from, of the amount the growth is of."""
    if last is None or amount is None or not last.metric.endswith("GrowthYoY") or q.kind == "percent":
        return None
    if amount.unit != q.unit or not _GROWN_FROM.match(between):
        return None
    return Figure(q, amount.metric, q.value, q.unit, q.start, compared=True)


_POINTS_AFTER = re.compile(r"\s+(?:percentage|per\s*cent(?:age)?)\s+points?\b|\s+(?:pp|ppts?)\b", re.IGNORECASE)
_POINTS_DOWN = re.compile(
    r"\b(?:down|fell|falling|dropped|declined|slipped|lost|losing|shed|shrank|narrowed|decrease|drop|fall|decline)\b"
    r"(?:\s+by)?\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+)?$",
    re.IGNORECASE,
)
_POINTS_TO = re.compile(r"\s+(?:percentage\s+|per\s*cent(?:age)?\s+)?points?\s+to\s+(?:about\s+|around\s+)?$")
_POINTS_SHARE = re.compile(r"\b(share|margin|penetration|rate|ratio)\b", re.IGNORECASE)


def _share_points(text: str, q: Quantity, last_percent: Figure | None, previous_end: int) -> Figure | None:
    """ "a 13.7% share, down 2.6 percentage points", "its share rose by 3 percentage points to 19%": a change of a
    share in points is ``<share>Change``, in percent, negative when it fell."""
    if q.kind != "number" or not _POINTS_AFTER.match(text, q.end):
        return None
    left = text[max(0, q.start - 100) : q.start]
    if last_percent is not None and not _is_rate(last_percent.metric) and last_percent.quantity.end >= previous_end:
        base = last_percent.metric
    elif (named := list(_POINTS_SHARE.finditer(left))) and named[-1].group(1).lower() == "share":
        base = "revenueShare" if re.search(r"\b(?:revenue|sales)\b", left[named[-1].start() - 30 :]) else "marketShare"
    elif named:
        # "its gross margin narrowed 1.2 percentage points": the rate the words before it name
        words = re.findall(r"[a-z]+", left[max(0, named[-1].start() - 20) : named[-1].end()].lower())[-2:]
        base = camel([w for w in words if w not in ("its", "the", "their")]) or named[-1].group(1).lower()
    else:
        return None
    sign = -1 if _POINTS_DOWN.search(left[-40:]) else 1
    return Figure(q, f"{base.removesuffix('Change')}Change", sign * q.value, "percent", q.start)


_MOVED = (
    r"(?:rose|risen|rising|grew|grown|growing|climbed|climbing|increased|jumped|fell|fallen|falling|dropped|"
    r"declined|slipped|slid|edged\s+(?:up|down)|went\s+(?:up|down)|moved|shrank|expanded|widened|narrowed)"
)
#: Verbs that move their object to a level: "raised its share of the pickup market to 12.4%".
_MOVED_OBJECT = r"(?:raised|raising|lifted|lifting|pushed|pushing|boosted|boosting|took|taking|brought|bringing)"
_FROM_LEVEL = re.compile(rf"\b{_MOVED}\s+(?:\w+\s+){{0,2}}?from\s+$|\b(?:up|down)\s+from\s+$", re.IGNORECASE)
_TO_LEVEL = re.compile(
    rf"\b{_MOVED}\s+(?:[\w.]+\s+){{0,4}}?to\s+$|\b{_MOVED_OBJECT}\s+(?:its|their|the)\s+(?:[\w'\u2019-]+\s+){{0,5}}?to\s+$",
    re.IGNORECASE,
)
#: "from 2.4 million monthly users in 2022 to 9.8 million": the counted words and a date may stand between.
_THEN_TO = re.compile(
    r"^\s*(?:[a-z][\w-]*\s+){0,3}?(?:(?:in|at|during|by)\s+[^,;]{1,30}?\s+)?(?:to|and\s+to)\s+$", re.IGNORECASE
)
_THEN_FROM = re.compile(
    r"^\s*(?:[a-z][\w-]*,?\s+){0,3}?(?:(?:in|at|during|by)\s+[^,;]{1,30}?\s+)?(?:,\s*)?(?:up\s+|down\s+)?from\s+$"
    # "31 million users across Latin America over the three months to June 2025, up from 24 million"
    r"|^[^,;:.%$\d]{1,90}(?:\d{4})?,\s*(?:up|down)\s+from\s+$"
)
#: "4,300 buses in 2024, more than double the 2,000 of 2022": a level the first is compared with.
_COMPARED_LEVEL = re.compile(
    r"^[^.;]{0,100}?\b(?:twice|double|triple|half|(?:two|three|four|five|\d+(?:\.\d+)?)\s+times)\s+the\s+$"
    # "9 billion yuan in 2024, compared with 2.2 billion yuan in 2019"
    r"|^(?:\s+[a-z]+){0,3}?(?:\s+(?:in|during|for|by)\s+[^,;.]{1,25}?)?,?\s+(?:compared\s+(?:with|to)|versus|vs\.?|against)\s+"
    r"(?:about\s+|around\s+|nearly\s+|just\s+)?$",
    re.IGNORECASE,
)
#: "raise that number to 600", "take the total to 58": a new level of the count just named.
_THAT_NUMBER_TO = re.compile(
    r"\b(?:lift|raise|increase|take|bring|grow|expand|push)(?:s|ed|ing)?\s+(?:that|this|the)\s+"
    r"(?:number|figure|total|count|network|tally)\s+to\s+(?:about\s+|around\s+|more\s+than\s+|over\s+)?$",
    re.IGNORECASE,
)
_PLANNED = re.compile(r"\b(?:plans?|planned|aims?|intends?|will|wants?|expects?|hopes?|targets?)\b", re.IGNORECASE)
#: "1.9 billion yuan, of which 1.1 billion yuan came in the second quarter": a part of the amount, the same metric.
_OF_WHICH_PART = re.compile(r"^\s*,?\s*of\s+which\s+(?:about\s+|around\s+|nearly\s+|some\s+|almost\s+|roughly\s+)?$")
#: "up from 37% in 2023 and 30% in 2022": after a level compared with, the next one of a list, with its own date.
_NEXT_COMPARED = re.compile(
    r"^(?:\s+(?:in|at|during|for|by)\s+[^,;%$\d]{0,30}?\d{4})?(?:\s*,\s*|\s+and\s+|,\s+and\s+)$"
)
#: "about 900 jobs, a figure expected to rise above 2,000": the same quantity, later.
_FIGURE_TO_COME = re.compile(
    r"\b(?:a\s+(?:figure|number|total|count)|which\s+is)\s+(?:expected|set|likely|forecast|due)\s+to\s+"
    r"(?:rise|grow|climb|increase|reach|top|exceed|pass|double)\s+(?:to\s+|above\s+|past\s+|beyond\s+|over\s+)?"
    r"(?:about\s+|around\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)
#: Between two amounts of one metric, the second's verb left out: " and those in Korea ", ", Japan ", " and B with ".
_ELLIPSIS = re.compile(
    r"(?:\s+on\s+(?:it|them|the\s+\w+))?\s*(?:,\s*|\s+and\s+|,\s+and\s+|\s+while\s+)"
    r"(?:(?:ahead\s+of|behind|followed\s+by|then)\s+)?(?:those\s+in\s+|the\s+)?"  # "ahead of Africa on 4.8 billion"
    r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}"
    r"\s+(?:at\s+|with\s+|had\s+|has\s+|on\s+)?(?:about\s+|around\s+|nearly\s+)?$"
)
#: "20,000 stores in China, while Singapore ... has 38.": a bare count in a parallel clause counts the same thing.
_PARALLEL_COUNT = re.compile(
    r"\b(?:while|whereas|and|but)\b[^;]{0,80}?\b(?:has|have|had|runs|ran|operates|operated|counts|owns|hosts)\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+|over\s+|just\s+|only\s+)?$",
    re.IGNORECASE,
)
_SHARE_WORDS = re.compile(r"\b(share|margin|rate|ratio|penetration)\b", re.IGNORECASE)


def _level(text: str, q: Quantity, previous_end: int, last: Figure | None) -> Figure | None:
    """A value in a from-to sequence is a level of the metric named before it, not a growth rate.

    "its share rose from 35% in 2022 to 52% in 2024" gives two shares; "net profit fell to 310 million
    yuan from 400 million yuan" two profits; "40 million users, up from 28 million" two user counts.
    """
    since_last = text[previous_end : q.start]
    unit = q.unit
    if last is not None and last.metric.endswith("Change") and q.kind == "percent" and _POINTS_TO.match(since_last):
        return Figure(q, last.metric.removesuffix("Change"), q.value, "percent", q.start)  # "... 3 points to 19%"
    if (
        last is not None
        and last.unit == unit
        and (
            _THEN_TO.match(since_last)
            or _THEN_FROM.match(since_last)
            or _COMPARED_LEVEL.search(since_last)
            or _FIGURE_TO_COME.search(since_last)
        )
        and (not _is_rate(last.metric) or unit == "percent")
    ):
        compared = bool(_THEN_FROM.match(since_last) or _COMPARED_LEVEL.search(since_last))
        right = text[q.end : q.end + 60]
        own = _unlisted(q, text, right) if q.kind == "number" and _COUNTED.match(right.lower()) else None
        metric = own.metric if own and own.metric.endswith("Count") else last.metric
        return Figure(q, metric, q.value, unit, q.start, compared=compared)  # "up from 1,650 shops": its own noun
    if last is not None and last.unit == "count" and q.kind == "number" and _THAT_NUMBER_TO.search(since_last):
        # "and it plans to raise that number to 600 by 2027": the count just named, as a goal when planned
        metric = last.metric + ("Target" if _PLANNED.search(since_last) else "")
        return Figure(q, metric, q.value, "count", q.start)
    if last is not None and last.unit == unit and q.kind != "percent" and _OF_WHICH_PART.search(since_last):
        return Figure(q, last.metric, q.value, unit, q.start)  # "1.9 billion yuan, of which 1.1 billion came in Q2"
    if last is not None and last.compared and last.unit == unit and _NEXT_COMPARED.match(since_last):
        return Figure(q, last.metric, q.value, unit, q.start, compared=True)  # "up from 37% in 2023 and 30% in 2022"
    if (
        last is not None
        and last.unit == unit
        and _NEXT_PERIOD.fullmatch(since_last)
        and _PERIOD_NEXT.match(text, q.end)
    ):
        # "revenue of CNY 6.8bn in 2025 and CNY 8.1bn in 2026": the same measure for the next period
        return Figure(q, last.metric, q.value, unit, q.start, compared=last.compared)
    if q.kind != "percent":
        return None
    tail = since_last[-60:]
    if not (_FROM_LEVEL.search(tail) or _TO_LEVEL.search(tail)):
        return None
    named = _SHARE_WORDS.search(text, max(0, q.start - 80), q.start)
    if named is None:
        return None
    level = last.metric if last is not None else None
    return Figure(q, _level_name(text[max(0, q.start - 80) : q.start], level), q.value, "percent", q.start)


#: Between a value for one year and the next value: " in 2025 and ", " pumps for 2024, ".
_NEXT_PERIOD = re.compile(
    r"(?:\s+[a-z]+)?\s+(?:in|for)\s+(?:fiscal\s+|FY\s*)?(?:19|20)\d\d\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
    r"(?:to\s+|about\s+|around\s+|nearly\s+)?"
)
#: A year right after a value: " in 2026".
_PERIOD_NEXT = re.compile(r"\s+(?:in|for)\s+(?:fiscal\s+|FY\s*)?(?:19|20)\d\d\b")
#: Counts of where things are, which a compared level after them does not continue.
_WHERE_COUNTS = frozenset(("countryCount", "marketCount", "cityCount", "regionCount"))


def _is_rate(metric: str) -> bool:
    return metric.endswith(("GrowthYoY", "Growth"))


_OF_TOTAL = re.compile(
    r"\bshare\s+of\s+(?:the\s+|its\s+|their\s+)?(?:group(?:'s)?\s+|company(?:'s)?\s+)?(?:total|overall)\b"
    r"(?!\s+(?:market|shipments|deliveries))"
)


def _revenue_share(lower: str) -> str:
    """A share of revenue, from abroad where the words say so."""
    return "overseasRevenueShare" if ("overseas" in lower or "abroad" in lower) else "revenueShare"


def _level_name(left: str, level: str | None = None) -> str:
    """The percentage a from-to sequence moves: a market share, a revenue share, a margin; ``level``, the figure
    named before it."""
    lower = left.lower()
    if _OF_TOTAL.search(lower) and not re.search(r"\bmarket\b", lower):
        # "Overseas revenue climbed 62% ..., lifting its share of the total to 22%": the level just named, of the whole
        shares = data("metrics")["share"]["names"]
        if level in shares:
            return str(shares[level])
        return _revenue_share(lower)
    if "market" in lower or "shipments" in lower or re.search(r"\bshare\s+of\b", lower):
        return "marketShare"  # "lifted its share of Brazil's budget-phone segment to 18.2%"
    if "revenue" in lower or "sales" in lower:
        return _revenue_share(lower)
    moved = list(re.finditer(_MOVED, lower))
    words = re.findall(r"[a-z]+", lower[: moved[-1].start()] if moved else lower)[-2:]
    return camel(words) or "share"


def _all_quantities(text: str) -> list[Quantity]:
    """Numbers in digits, then those in words where no digits stand ("a dozen", "a fifth of", "doubled")."""
    digits = find_quantities(text)
    words = [w for w in word_quantities(text) if not any(d.start < w.end and w.start < d.end for d in digits)]
    return sorted([*digits, *words], key=lambda q: q.start) if words else digits


def segment_metric(metric: str) -> str:
    """The metric of a segment of the company: "revenue" -> "segmentRevenue", "revenueGrowthYoY" ->
    "segmentRevenueGrowthYoY", "operatingMargin" -> "segmentOperatingMargin"."""
    if metric.startswith("segment") or metric.startswith("overseas"):
        return metric
    return "segment" + metric[0].upper() + metric[1:]


def growth_name(base: str) -> str:
    """The year-on-year growth metric of ``base``: the listed name, else ``<base>GrowthYoY``."""
    return str(data("metrics")["growth"]["names"].get(base) or f"{base}GrowthYoY")


_TICKER = re.compile(r"\.[A-Z]{1,2}\b")
_NUMBER_SIGN = re.compile(r"(?:\bNo\.|\bNo|#)\s*$")


def _ignored(text: str, q: Quantity, periods: list[Period]) -> bool:
    """Years, multipliers and ranges like "18-44" are not figures."""
    if any(p.start <= q.start < p.end or q.start <= p.start < q.end for p in periods):
        return True
    if _TICKER.match(text, q.end):
        return True  # "(600123.SS)", "(1234.HK)": a stock code
    if q.kind == "number" and _NUMBER_SIGN.search(text, max(0, q.start - 8), q.start):
        return True  # "climbs to No. 2 among phone brands": a place in a ranking, no count of brands
    following = text[q.end : q.end + 12].lower()
    if _NOT_AMOUNT_AFTER.match(following) and _TIMES_COUNTED.search(text, max(0, q.start - 40), q.start):
        return False  # "downloaded 52 million times": the times are the count
    return q.kind == "number" and (
        bool(_NOT_AMOUNT_AFTER.match(following)) or text[max(0, q.start - 1) : q.start] == "-"
    )


#: Verbs whose count is written in times: "was downloaded 37.3 million times", "installed 12 million times".
_TIMES_COUNTED = re.compile(
    r"\b(?:downloaded|installed|streamed|viewed|played|watched)\s+(?:[a-z]+\s+){0,2}?"
    r"(?:about\s+|around\s+|nearly\s+|almost\s+|roughly\s+|more\s+than\s+|over\s+|some\s+)?$",
    re.IGNORECASE,
)


def _counted_by(left: str) -> str | None:
    """The count metric the words before a number of units name: a listed cue ("sold"), else a counted noun."""
    cued = [c for c in _cues("count", left) if c[0]]
    counted = list(_count_base_regex().finditer(left))
    if counted and (not cued or counted[-1].start() > cued[-1][1]):
        return _COUNT_OF_BASE.get(counted[-1].lastgroup or "")
    return cued[-1][0] if cued else None


#: The count metric of each growth base: "shipments rose 30% to 1.2 million units" counts shipments.
_COUNT_OF_BASE = {
    "shipment": "shipments",
    "sales": "salesVolume",
    "userCount": "userCount",
    "downloads": "downloads",
    "storeCount": "storeCount",
    "registration": "vehicleRegistrations",
}
#: "capacity for up to 80,000 vehicles": capacity named before the number, with no other number between.
_CAPACITY_BEFORE = re.compile(
    r"\bcapacity\b[^.;\d]*$|"
    # "the plant it opened in Penang adds 300,000 units", "a second site will add 1.5 million units": what a plant
    # can make
    r"\b(?:plant|factory|site|line|base|facility|works)\b[^.;]{0,80}?\b(?:adds?|added|adding|will\s+add)\s+"
    r"(?:about\s+|around\s+|another\s+|a\s+further\s+|up\s+to\s+)?$",
    re.IGNORECASE,
)
#: "80,000 vehicles a year", but not "a year earlier": the date of a level compared with
_PER_YEAR = re.compile(
    r"\s+(?:a|per|each)\s+year\b(?!\s+(?:earlier|ago|before|later|on|after)\b)|\s+annually\b", re.IGNORECASE
)
#: What a plant makes: "a 6 GW cell plant", "a 90,000-tonne production line", "the first 8 GWh phase of its plant"
_PLANT_AFTER = re.compile(
    r"\s*(?:[a-z-]+\s+){0,2}(?:facility|plant|factory|gigafactory|site|base|line|mill|smelter|refinery|phase)\b"
)
_ABROAD = re.compile(r"\s+(?:abroad|overseas|outside\s+(?:China|its\s+home\s+market))\b")
_CONVERSION = re.compile(r"^\s*\([^()]{1,40}\)")
#: Between two percentages of one list: "..., followed by Hailun at 6.1% and Greenway at" or "X (12%), Y ("
_NEXT_IN_LIST = re.compile(
    # "Europe accounted for 41% of sales, Asia for 30% and the Americas for 12%": the verb left out after the first
    r"[^.;]{0,60}?(?:(?:,|\band\b|followed\s+by|then|ahead\s+of|behind)[^.;,]{0,40}?(?:\s(?:at|with|on|for)\s+|\(\s*)|"
    r"\b(?:compared\s+(?:with|to)|versus|against)\s+|"
    # "held 28% of shipments, Mivel Group 15% and Corra 11%": the next name and its number, the verb left out
    r"(?:,|\band\b)\s+(?-i:[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3})\s+)$"
)
#: "growth of 100% and 259% respectively": the second number of a pair shares the first's metric.
_PAIRED = re.compile(r"\s*(?:,\s*|\s+and\s+|,\s+and\s+)")
_RESPECTIVELY_AFTER = re.compile(r"\s*(?:,\s*)?respectively\b", re.IGNORECASE)
_ABROAD_AFTER = re.compile(
    r"^\s+(?:of\s+)?(?:[a-z][\w-]*\s+){0,3}?(?:to\s+(?:customers|buyers|clients)\s+)?"  # "of cabinets to customers"
    r"(?:abroad|overseas|internationally|outside\s+(?:mainland\s+)?(?:China|its\s+home\s+market))\b"
)


#: "900 shops; 250 of them are abroad": a part of the count just named, counted abroad.
_OF_THEM_ABROAD = re.compile(
    r"\s+of\s+(?:them|those|these|which)\b[^.;\d]{0,30}?\b(?:abroad|overseas|outside\s+(?:China|its\s+home\s+market|"
    r"the\s+country|[A-Z][a-z]+))\b"
)
#: "1,240 restaurants in China and 65 abroad": a number with no noun, then where it is counted.
_BARE_ABROAD = re.compile(r"\s+(?:abroad|overseas|outside\s+(?:mainland\s+)?China|internationally)\b")
#: A workforce a plan or forecast speaks of: "is expected to employ 1,500 people", "will hire 800 workers".
_JOBS_TO_COME = re.compile(
    r"\b(?:will|would|expected\s+to|set\s+to|due\s+to|plans?\s+to|aims?\s+to|to)\s+(?:eventually\s+|ultimately\s+)?"
    r"(?:employ|hire|create|add)\s+(?:about\s+|around\s+|some\s+|up\s+to\s+|more\s+than\s+|over\s+|nearly\s+)?$",
    re.IGNORECASE,
)


#: People a company is to take on, whatever they are called: "plans to hire 300 baristas", "will recruit 80 engineers".
_HIRES_TO_COME = re.compile(
    r"\b(?:will|would|expected\s+to|set\s+to|plans?\s+to|aims?\s+to|intends?\s+to|wants?\s+to)\s+"
    r"(?:eventually\s+|also\s+|[^.;]{1,60}?\band\s+)?(?:hire|recruit|employ|take\s+on)\s+"  # "would open ... and hire"
    r"(?:about\s+|around\s+|some\s+|up\s+to\s+|more\s+than\s+|over\s+|nearly\s+|another\s+)?$",
    re.IGNORECASE,
)


def _of_them(q: Quantity, right: str, last: Figure | None) -> Figure | None:
    if last is None or q.kind != "number" or last.unit != "count":
        return None
    if not (_OF_THEM_ABROAD.match(right) or _BARE_ABROAD.match(right)):
        return None
    metric = (
        last.metric if last.metric.startswith("overseas") else "overseas" + last.metric[0].upper() + last.metric[1:]
    )
    return Figure(q, metric, q.value, "count", q.start)


#: "order volume rose 25% to 80 million": after a growth rate, "to" and the level it grew to.
_TO_AFTER_RATE = re.compile(r"^\s+(?:(?:in|during|for)\s+[^,;]{1,20}?\s+)?to\s+(?:about\s+|around\s+|nearly\s+)?$")


def _level_after_growth(q: Quantity, since_last: str, last: Figure | None) -> Figure | None:
    """The level an unlisted metric grew to, named by the growth before it ("orderVolumeGrowthYoY" -> orderVolume).

    Listed metrics name their levels from their own cues; only a level of the same kind (a count, no money) is read.
    """
    if last is None or q.kind == "percent" or not _is_rate(last.metric) or not _TO_AFTER_RATE.match(since_last):
        return None
    if q.kind == "number" and last.metric in _level_of_growth():
        return Figure(q, _level_of_growth()[last.metric], q.value, "count", q.start)  # "deliveries rose 65% to 517,547"
    base = last.metric.removesuffix("GrowthYoY").removesuffix("Growth")
    if not base or base in metrics() or base in _COUNT_OF_BASE.values() or base in ("user", "download", "sales"):
        return None
    if q.kind == "money":
        # "the average order value climbed 9% to 38 dollars": an amount the unlisted growth before it names
        return Figure(q, base, q.value, q.unit, q.start) if not _COUNTED_HEAD.fullmatch(base.lower()) else None
    # "imports rose 20 percent to about 40,000 tonnes": a physical level keeps its unit
    return Figure(q, base, q.value, q.unit if q.kind == "physical" else "count", q.start)


@cache
def _level_of_growth() -> dict[str, str]:
    """The count metric each listed growth rate grows: salesGrowthYoY -> salesVolume, shipmentGrowthYoY -> shipments."""
    names = data("metrics")["growth"]["names"]
    out: dict[str, str] = {}
    for base, growth in names.items():
        level = _COUNT_OF_BASE.get(base, base)
        if metrics().get(level, {}).get("unit") == "count":
            out.setdefault(growth, level)
    return out


#: "Of that output, 60 percent will be sold within Thailand": a part of the whole named before the comma.
_OF_THAT = re.compile(
    r"\b[Oo]f\s+(?:that|this|the|its|their|these|those)\s+(?:[a-z-]+\s+)?(?P<noun>[a-z]{3,}),\s+"
    r"(?:about\s+|around\s+|nearly\s+|almost\s+|roughly\s+|some\s+|more\s+than\s+|over\s+)?$"
)


def _of_that(q: Quantity, text: str) -> Figure | None:
    if q.kind != "percent":
        return None
    found = _OF_THAT.search(text, max(0, q.start - 60), q.start)
    if found is None or found.group("noun") in _FUNCTION_WORDS:
        return None
    noun = found.group("noun")
    share = (
        "revenueShare" if noun in ("revenue", "revenues", "sales", "turnover") else camel([_singular(noun), "share"])
    )
    return Figure(q, share, q.value, "percent", found.start())


#: Words that make a level a running total: "has generated sales topping $4 billion in a little over two years",
#: "downloads since launch", "to date".
_CUMULATIVE = re.compile(
    r"\b(?:since\s+(?:its\s+|the\s+game's\s+|the\s+app's\s+)?(?:launch|release|debut|inception|founding)|to\s+date|"
    r"since\s+(?:it|they)\s+(?:was|were)\s+(?:founded|launched|released|established|set\s+up)|"
    r"(?:in\s+(?:a\s+little\s+|just\s+)?(?:over|more\s+than|under|less\s+than)|(?:over|in)\s+the\s+(?:past|last))\s+"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+years|so\s+far|all[- ]time|lifetime)\b",
    re.IGNORECASE,
)
#: "took six months to reach $1 billion in revenue": a total summed since launch.
_TOOK_TO_REACH = re.compile(
    r"\btook\s+[^.;,]{0,30}?\bto\s+(?:reach|hit|pass|top|cross|surpass)\s+(?:about\s+|around\s+|more\s+than\s+|over\s+)?$",
    re.IGNORECASE,
)
_RUNNING_TOTALS_LOWER = frozenset(
    ("revenue", "downloads", "salesvolume", "shipments", "inapppurchaserevenue", "productionvolume")
)
#: "assembled 14,000 trucks", "has built 300,000 vehicles": goods a company made, not things it holds.
_PRODUCED_BEFORE = re.compile(
    r"\b(?:built|builds|produced|produces|manufactured|manufactures|assembled|assembles|rolled\s+out|turned\s+out)\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+|over\s+|almost\s+|roughly\s+)?$",
    re.IGNORECASE,
)
#: What a company builds and keeps (plants, stores, stations, centres): counted, not produced.
_NOT_PRODUCED = re.compile(
    r"(?:store|station|plant|factor|roaster|warehouse|cent(?:er|re)|office|lab|hub|line|site|base|employee|job|dealer|"
    r"country|market|school|hospital|park|mall|house|home|network|facilit|studio|bakery|restaurant)",
    re.IGNORECASE,
)


def _produced(figure: Figure | None, text: str) -> Figure | None:
    """Goods counted right after a verb of making are what the company produced (``productionVolume``)."""
    if figure is None or figure.unit != "count" or _NOT_PRODUCED.search(figure.metric):
        return figure
    if figure.metric != "unitSales" and not figure.metric.endswith("Count"):
        return figure
    if not _PRODUCED_BEFORE.search(text, max(0, figure.quantity.start - 30), figure.quantity.start):
        return figure
    return replace(figure, metric="productionVolume")


def _cumulative(figure: Figure | None, text: str) -> Figure | None:
    """A level summed over a product's life or several years is ``cumulative<Metric>`` ("cumulativeRevenue")."""
    if figure is None or figure.metric.removeprefix("overseas").lower() not in _RUNNING_TOTALS_LOWER:
        return figure
    clause = re.split(r"[;.]\s", text[figure.quantity.end :], maxsplit=1)[0][:80]
    before = text[max(0, figure.cue_start - 60) : figure.quantity.start]
    if not (_CUMULATIVE.search(clause) or _CUMULATIVE.search(before) or _TOOK_TO_REACH.search(before)):
        return figure
    if figure.metric == "productionVolume":
        return replace(figure, metric="cumulativeProduction")  # "has built 300,000 vehicles since it was founded"
    return replace(figure, metric="cumulative" + figure.metric[0].upper() + figure.metric[1:])


def _parallel_count(q: Quantity, since_last: str, right: str, last: Figure | None) -> Figure | None:
    if last is None or q.kind != "number" or last.unit != "count" or _is_rate(last.metric):
        return None
    listed = _COUNT_LISTED_BEFORE.match(since_last) is not None and _PLACED_AFTER.match(right) is not None
    if not listed and (not _PARALLEL_COUNT.search(since_last) or not re.match(r"\s*(?:[.;,)]|$)", right)):
        return None
    return Figure(q, last.metric, q.value, "count", q.start)


#: "46 stores in Malaysia, 21 in Thailand and 15 in Vietnam": a count listed after the last, each in its place.
_COUNT_LISTED_BEFORE = re.compile(
    r"(?:\s+[a-z-]+){0,3}?\s+(?:in|at)\s+(?:the\s+)?[A-Z][\w.'\u2019 -]{0,40}?(?:,\s*(?:and\s+)?|\s+and\s+)$"
)
_PLACED_AFTER = re.compile(r"\s+(?:(?:are|were|is)\s+)?(?:each\s+)?in\s+(?:the\s+)?[A-Z]")


#: A listing: what a company raised then is its IPO's proceeds, how its shares moved its first-day gain.
_LISTING = re.compile(
    r"\b(?:IPO|initial\s+public\s+offering|listing|flotation|first\s+(?:trading\s+)?day|debut(?:ed)?|went\s+public)\b",
    re.IGNORECASE,
)
#: Money raised by selling shares: "listed in Hong Kong in 2008, raising $285 million", "sold 14.7 million American
#: depositary shares at $28 apiece, raising about $411 million".
_SHARES_SOLD = re.compile(
    r"\b(?:listed\s+(?:on|in)|offer(?:ing)?\s+price|depositary\s+shares|"
    r"(?:sold|selling|offered|offering|priced|pricing)\s+(?:its\s+|their\s+)?(?:[\d.,]+\s+(?:million\s+|billion\s+)?)?"
    r"(?:[a-z]+\s+){0,2}?shares)\b",
    re.IGNORECASE,
)


def _listing(figure: Figure | None, text: str) -> Figure | None:
    """ "The float brought in 900 million dollars and the stock jumped 40% in its debut": ipoProceeds and
    firstDayShareGain, not a funding round and a share-price change."""
    if figure is None or figure.metric not in ("fundingRaised", "sharePriceChange"):
        return figure
    if figure.metric == "fundingRaised" and (_LISTING.search(text) or _SHARES_SOLD.search(text)):
        return replace(figure, metric="ipoProceeds")
    if figure.metric == "fundingRaised" or not _LISTING.search(text):
        return figure
    return replace(figure, metric="firstDayShareGain") if figure.value > 0 else figure


#: "added at least 100,000 units to its shipments": an increment of the count named after "to its".
_ADDED_BEFORE = re.compile(
    r"\b(?:added|adds|adding)\s+(?:at\s+least\s+|about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+|over\s+)?$",
    re.IGNORECASE,
)
_TO_ITS = re.compile(r"\s+(?:[a-z-]+\s+)?to\s+(?:its|their|the\s+company's)\s+(?P<noun>[a-z]+)\b")
_INCREMENTS = {
    "shipments": "shipmentIncrement",
    "sales": "salesIncrement",
    "deliveries": "salesIncrement",
    "users": "userIncrement",
    "revenue": "revenueIncrement",
    "stores": "storeIncrement",
}


def _increment(figure: Figure | None, text: str) -> Figure | None:
    if figure is None or figure.unit == "percent":
        return figure
    q = figure.quantity
    added = _ADDED_BEFORE.search(text, max(0, q.start - 30), q.start)
    to_its = _TO_ITS.match(text, q.end)
    if added is None or to_its is None or to_its.group("noun") not in _INCREMENTS:
        return figure
    return replace(figure, metric=_INCREMENTS[to_its.group("noun")])


#: "its Smart Home Group earned revenue of": a division the company names as its own, right before the figure's words.
_OWN_DIVISION = re.compile(
    r"\b(?:its|their|the\s+(?:company|group|firm)['\u2019]s)\s+(?:[A-Z][\w&-]*\s+){1,4}"
    r"(?:Group|Division|Unit|Segment|Business|Arm)\s+(?:[a-z]+\s+){0,2}$"
)


#: "Harrow Tools' garden-equipment business, which sells mowers, contributed": a line of business named as the
#: company's, its figure's subject, with a relative clause or a verb or two before the number.
_OWN_BUSINESS = re.compile(
    r"(?:\b(?:[Ii]ts|[Tt]heir)|[A-Z][\w&.-]*['\u2019]s?)\s+(?P<words>(?:[a-z][\w&-]*\s+|and\s+){1,4})"
    r"(?:business|division|unit|segment|arm)\b(?!\s+(?:there|abroad|overseas|in\s+[A-Z]))"
    r"(?:,\s+(?:(?:in|of|for|through)\s+)?(?:which|that|whose)\s+[^,;]{1,80},)?"
    r"\s+(?:[a-z]+\s+){1,4}(?:about\s+|around\s+|nearly\s+|some\s+|roughly\s+)?$"
)
#: "Advertising services brought in", "while payment services revenue grew 11% to", "said cloud and data services,
#: which include ..., added": a line of services that opens its clause and earns the figure is a segment of the company.
_SERVICES_LINE = re.compile(
    r"(?:^|[.;:]\s+|,\s+(?:while|whereas|and|but)\s+|\b(?:said|says|reported)\s+(?:that\s+)?)"
    r"(?P<words>(?:[A-Za-z][\w&-]*\s+|and\s+){1,4})services(?:\s+revenues?)?"
    r"(?:,\s+(?:which|that)\s+[^,;]{1,80},)?\s+(?:[a-z]+\s+){1,4}(?:about\s+|around\s+|nearly\s+|some\s+|roughly\s+)?$"
)
#: Words that make "... services" no line of business: "revenue from services", "the group's services".
_NOT_SERVICE_LINE_WORDS = frozenset(
    "the its their a an of from for in at by revenue revenues sales income total".split()
)
#: Words that make a business the whole company or a place, no segment: "its main business", "its overseas business".
_NOT_SEGMENT_WORDS = frozenset(
    "main core overall whole entire total home domestic overseas international foreign global local".split()
)
_SEGMENT_METRICS = frozenset(("revenue", "revenueGrowthYoY", "operatingProfit", "operatingMargin", "revenueShare"))


def _of_division(figure: Figure | None, text: str) -> Figure | None:
    """A figure of a division the company calls its own is the company's segment figure ("segmentRevenue")."""
    if figure is None or figure.metric not in _SEGMENT_METRICS:
        return figure
    named = _OWN_DIVISION.search(text, max(0, figure.cue_start - 70), figure.cue_start)
    business = _OWN_BUSINESS.search(text, max(0, figure.quantity.start - 160), figure.quantity.start)
    if business is not None and set(business.group("words").split()) & _NOT_SEGMENT_WORDS:
        business = None
    if (
        named is None
        and business is None
        and not _services_line(text, figure.quantity.start)
        and not _line_of_goods(text, figure.cue_start)
        and not (figure.metric in ("revenue", "revenueGrowthYoY") and goods_line(text, figure.quantity.start))
    ):
        return figure
    return replace(figure, metric=segment_metric(figure.metric))


#: A clause whose subject is a line of goods, then what it earned: "Ready meals brought in 2.8 billion yuan",
#: "By segment, suitcases, sold mainly under the Altavio brand, remained the largest business with revenue of",
#: "while solar water heaters slipped 5% to".
_GOODS_CLAUSE = re.compile(
    r"(?:^\W*By\s+(?:segment|business(?:\s+line)?|division|product(?:\s+line)?|category),\s+|^\W*|[;:]\s*|"
    r",\s+(?:while|and|but|whereas)\s+|\b(?:while|whereas)\s+|\b(?:said|says|reported)\s+(?:that\s+)?)"
    r"(?P<line>[A-Za-z][a-z-]*(?:\s+(?:and\s+)?[a-z][a-z-]*){0,3})"
    r"(?:,\s+[^,;]{1,70},)?\s+(?:(?:remained|was|were|became)\s+(?:again\s+|still\s+)?the\s+(?:\w+est|top|main|biggest)\s+"
    r"(?:business|division|segment|unit|line|category)\b[^;]*|brought\s+in|contributed|generated|earned|booked|added|"
    r"(?:rose|grew|jumped|climbed|slipped|fell|declined|increased|dropped)\b[^;,]{0,30}|"
    r"grew\s+fastest,\s+rising)(?P<tail>[^;,]{0,60})$"
)
#: Words that make a clause's subject the whole company's money or a place's, no line of goods.
_NOT_GOODS_WORDS = frozenset(
    "revenue revenues sales profit profits income margin margins earnings turnover orders shipments deliveries "
    "exports imports business markets market customers group company total overseas international domestic "
    "abroad it they its their this that prices price costs cost rates rate wages tariffs volumes shares stocks "
    "bookings arrivals visitors tourists visits trips rides passengers users subscribers members downloads installs "
    "transactions guests players streams views".split()
)


def goods_line(text: str, end: int) -> tuple[int, int] | None:
    """Where the line of goods is whose money the figure ending at ``end`` tells ("Ready meals brought in ..."),
    or None."""
    found = _GOODS_CLAUSE.search(text, max(0, end - 200), end)
    if found is None:
        return None
    words = found.group("line").lower().split()
    if set(found.group("tail").lower().split()) & _NOT_GOODS_WORDS - {"revenue", "sales"}:
        return None  # "... when group sales reached": the whole company's money, told in a later clause
    if len(words) > 1 and words[-1] in ("revenue", "revenues", "sales") and all(map(only_noun, words[:-1])):
        # "Harvester revenue slipped 3% to": the revenue of a line of goods named by a noun (not "quarterly")
        words = words[:-1]
        if set(words) & _NOT_GOODS_WORDS or _place_word(" ".join(words)):
            return None
        return found.span("line")
    if set(words) & _NOT_GOODS_WORDS or _place_word(found.group("line")):
        return None
    if not _plural_goods(words[-1]) and _DIVISION_APPOSED.search(found.group()) is None:
        return None  # "Pet food, the largest division, brought in": a division says the line is one, plural or not
    return found.span("line")


#: An apposition that calls a line of business a division: ", the largest division,", ", its fastest-growing unit,".
_DIVISION_APPOSED = re.compile(r",\s+(?:the|its|our)\s+[^,;]{0,40}?\b(?:division|segment|unit|business)\s*,")


def _plural_goods(word: str) -> bool:
    if word in ("equipment", "apparel", "software", "furniture", "footwear", "luggage"):
        return True
    # "generic injectables": a plural the dictionary does not know is still a plural
    return plural_noun(word) or (word.endswith("s") and not word.endswith("ss") and not known_word(word))


def _place_word(words: str) -> bool:
    from kg.extract.names import place_named

    return any(place_named(w) for w in (words, words.title()))


#: "revenue from dialysis products", "sales from its cloud business": the revenue of one line of the company's goods.
_FROM_LINE = re.compile(
    r"(?:[Rr]evenues?|[Ss]ales|[Ii]ncome)\s+from\s+(?:its\s+|the\s+)?"
    r"(?P<line>[a-z][\w-]*(?:\s+(?:and\s+)?[a-z][\w-]*){0,3})\b"
)
#: Words that make what revenue comes from a place, a kind of customer or the whole company, no line of goods.
_NOT_LINE_WORDS = frozenset(
    "overseas abroad international foreign outside domestic home local export exports markets market customers "
    "clients sales operations countries regions the a an its their other continuing discontinued".split()
)


def _line_of_goods(text: str, cue_start: int) -> bool:
    """ "Revenue from dialysis products rose 31%": the figure is of a segment; "revenue from overseas markets" is
    not."""
    found = _FROM_LINE.match(text, cue_start) or _FROM_LINE_GREW.search(text, max(0, cue_start - 90), cue_start)
    return found is not None and not set(found.group("line").lower().split()) & _NOT_LINE_WORDS


#: "revenue from dialysis products rose 31 percent": the growth told right after the line's revenue.
_FROM_LINE_GREW = re.compile(
    _FROM_LINE.pattern + r"\s+(?:rose|fell|grew|jumped|climbed|increased|declined|dropped|slipped|surged|"
    r"was\s+up|was\s+down)\s+(?:by\s+)?(?:about\s+|around\s+|nearly\s+|some\s+)?$"
)


#: Between a segment's figure and the next one of its clause: "grew 11% to", "added $2.3 billion at an operating
#: margin of"; a comma, a whole-company word or a new number ends the segment's clause.
_SEGMENT_CLAUSE_GAP = re.compile(r"(?![^.;,]*\b(?:total|group|overall|company|firm|whole)\b)[^.;,\d]{0,40}")


def _with_segment(figure: Figure | None, last: Figure | None, text: str) -> Figure | None:
    """The figure right after a segment's figure in the same clause is the segment's too ("payment services revenue
    grew 11% to 2.1 billion yuan", "added $2.3 billion at an operating margin of 22.1%")."""
    if (
        figure is None
        or last is None
        or figure.metric not in _SEGMENT_METRICS
        or not last.metric.startswith("segment")
        or not _SEGMENT_CLAUSE_GAP.fullmatch(text, last.quantity.end, figure.quantity.start)
    ):
        return figure
    return replace(figure, metric=segment_metric(figure.metric))


def _services_line(text: str, end: int) -> bool:
    line = _SERVICES_LINE.search(text, max(0, end - 160), end)
    if line is None:
        return False
    words = set(line.group("words").lower().split())
    return not words & (_NOT_SEGMENT_WORDS | _NOT_SERVICE_LINE_WORDS)


#: "will open 60 new stores", "plans to open 25 restaurants abroad", "a goal of opening 1,000 kiosks": outlets still
#: to be opened, a flow the company plans, not the outlets it holds.
_OPENINGS_TO_COME = re.compile(
    r"\b(?:to|will|would|shall|goal\s+of|plans?\s+(?:of|for)|target\s+of|aim\s+of)\s+(?:\w+\s+)?"
    r"(?:open|opening|add|adding)\s+(?:about\s+|around\s+|up\s+to\s+|more\s+than\s+|over\s+|some\s+|another\s+|"
    r"a\s+further\s+|roughly\s+|nearly\s+|at\s+least\s+)?$",
    re.IGNORECASE,
)
_OUTLETS_HELD = re.compile(r"^(overseas)?[sS]toreCount(?:Target)?$")


#: "among the top five smartphone brands in 31 markets", "a top-three vendor ... in 18 countries", "and among the top
#: five in 67": the markets where a company ranks that high.
_TOP_N_BEFORE = re.compile(
    r"\btop[\s-]+(?P<n>two|three|four|five|ten|\d{1,2})\b[^.;\d]{0,60}?\b(?:in|across)\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+|over\s+|almost\s+)?$",
    re.IGNORECASE,
)
_TOP_N = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
_MARKETS_AFTER = re.compile(r"\s*(?:[.,;]|and\b|$)")


def _top_ranked(figure: Figure | None, q: Quantity, text: str) -> Figure | None:
    """A count of markets where the company ranks in the top N is ``top<N>MarketCount``."""
    if figure is not None and figure.metric not in _WHERE_COUNTS:
        return figure
    top = _TOP_N_BEFORE.search(text, max(0, q.start - 90), q.start)
    if top is None or q.kind != "number":
        return figure
    if figure is None and not _MARKETS_AFTER.match(text, q.end):
        return None  # a bare number after "top five in" only where nothing is counted after it
    n = top.group("n").lower()
    metric = f"top{_TOP_N.get(n, n)}MarketCount"
    return Figure(q, metric, q.value, "count", figure.cue_start if figure else q.start)


def _openings(figure: Figure | None, text: str) -> Figure | None:
    """Outlets a company will open are its ``storeOpeningsTarget`` (abroad: ``overseasStoreOpeningsTarget``)."""
    if figure is None or figure.unit != "count":
        return figure
    held = _OUTLETS_HELD.match(figure.metric)
    if held is None or not _OPENINGS_TO_COME.search(text, max(0, figure.quantity.start - 60), figure.quantity.start):
        return figure
    return replace(figure, metric="overseasStoreOpeningsTarget" if held.group(1) else "storeOpeningsTarget")


def _jobs_to_come(figure: Figure | None, text: str) -> Figure | None:
    """A headcount still to be reached is the jobs a project creates, not the staff employed today."""
    if figure is None or figure.unit != "count":
        return figure
    window = max(0, figure.quantity.start - 90), figure.quantity.start
    if figure.metric == "employeeCount" and _JOBS_TO_COME.search(text, *window):
        return replace(figure, metric="jobsCreated")
    if _HIRES_TO_COME.search(text, *window):
        return replace(figure, metric="jobsCreated")  # "plans to hire 300 baristas": people to be taken on
    return figure


def _next_in_list(q: Quantity, previous: str) -> Figure | None:
    """The next percentage of a list of levels is the same metric; after a change ("dropped by 2.6%, leaving it
    with 13.7%") it is the level that changed; after a growth rate, nothing says what it is."""
    if _is_rate(previous):
        return None
    return Figure(q, previous.removesuffix("Change"), q.value, "percent", q.start)


def _abroad(figure: Figure | None, right: str) -> Figure | None:
    """ "shipped 41,000 scooters abroad": a level counted abroad is the overseas metric."""
    if figure is None or figure.unit == "percent" or "oversea" in figure.metric.lower():
        return figure
    if not _ABROAD_AFTER.match(right):
        return figure
    return replace(figure, metric="overseas" + figure.metric[0].upper() + figure.metric[1:])


#: "its overseas shipments reached 640,000 units": what counted the units was counted abroad.
_ABROAD_COUNTED = re.compile(
    r"\b(?:overseas|international|foreign)\s+(?:[a-z]+\s+)?(?:shipments|sales|deliveries|volumes?)\b[^.;\d]*$",
    re.IGNORECASE,
)
_ABROAD_BEFORE = re.compile(r"\b(?:overseas|international|foreign)\s+$", re.IGNORECASE)


#: Where the next clause of a sentence begins: the part a share is of is told in the share's own clause.
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:and|but|while|whereas)\b|\s(?:while|whereas)\b|\.\s")
#: Words for the company's home market, after the words for abroad are taken out ("outside mainland China").
_HOME_WORDS = re.compile(r"\b(?:domestic|home|mainland|china|chinese)\b", re.IGNORECASE)
#: "which excludes mainland China": the home market named as what the part is not.
_NOT_HOME = re.compile(
    r"\b(?:exclud\w*|except|besides|apart\s+from|not\s+counting)\s+(?:the\s+)?(?:mainland\s+)?(?:china|home|domestic)\b",
    re.IGNORECASE,
)
#: "grew 30 percent in 2024 and made up 26 percent": the part the figure before was of, with no subject of its own.
_AND_THEN_SHARE = re.compile(
    r"(?:\s+(?:in|for)\s+(?:fiscal\s+)?(?:19|20)\d\d)?\s+and\s+(?:made\s+up|accounted\s+for|contributed|represented|"
    r"generated|brought\s+in)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|roughly\s+)?$"
)
#: "71% of overseas revenue": abroad is the whole the share is of, not its part.
_OF_WHOLE = re.compile(
    r"\bof\s+(?:the\s+|its\s+|their\s+|total\s+|all\s+|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}['\u2019]s?\s+)*$"
)
#: "Its three largest international markets": some markets abroad, not all of them.
_SOME_OF = re.compile(
    r"\b(?:largest|biggest|top|leading|main|key|two|three|four|five|six|several|some)\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)
#: "of its 2025 revenue came from outside mainland China", "of its revenue outside China", "of the company's
#: revenue in the third quarter of 2024 came from overseas": the share is of what was earned abroad.
_EARNED_ABROAD_AFTER = re.compile(
    r"\s+of\s+(?:[\w'\u2019.-]+\s+){0,6}?(?:revenues?|sales|turnover|income)\b"
    r"(?:\s+(?:in|for|during)\s+(?:[\w-]+\s+){0,4}?(?:19|20)\d\d)?,?\s+"
    r"(?:(?:was|were|is|are|came|comes|come|had\s+been)\s+)?(?:(?:earned|generated|made|booked|derived)\s+)?"
    r"(?:from\s+)?(?:abroad|overseas|outside\s+(?:mainland\s+)?china|outside\s+(?:its|their)\s+home|"
    r"(?:international|foreign)\s+(?:markets|customers|clients))\b",
    re.IGNORECASE,
)


def _share_earned_where(
    figure: Figure | None, q: Quantity, text: str, previous_end: int, last: Figure | None
) -> Figure | None:
    """A share of revenue is of what was earned abroad when its clause says the part is: "overseas markets as a
    whole made up 39 percent", "with customers abroad accounting for 72% of the total", "55% of its revenue was earned
    abroad"; and not when the part is the home market ("Despite the push abroad, mainland China still made up 83
    percent of revenue"); abroad as the whole a share is of is no part ("contributed 12% of overseas sales, up from
    8%"). A growth of revenue is abroad as plainly ("its overseas
    business grew 30 percent"), the words for abroad running into the verb with no comma between."""
    if figure is None or figure.metric not in ("revenueShare", "overseasRevenueShare", "revenueGrowthYoY"):
        return figure
    if figure.metric == "revenueGrowthYoY":
        part = _part_abroad(text, q.start)
        if part is not None and "," not in text[part : q.start]:
            return replace(figure, metric="overseasRevenueGrowthYoY")
        return figure
    if _EARNED_ABROAD_AFTER.match(text, q.end):
        return replace(figure, metric="overseasRevenueShare")
    if (
        last is not None
        and last.metric.startswith("overseas")
        and _AND_THEN_SHARE.match(text, previous_end, q.start)
        and not _CLAUSE_BREAK.search(text, previous_end, q.start)
    ):
        return replace(figure, metric="overseasRevenueShare")  # "its overseas business grew 30% and made up 26%"
    if _part_abroad(text, q.start) is not None:
        return replace(figure, metric="overseasRevenueShare")
    if figure.metric == "overseasRevenueShare" and _part_not_abroad(text, q.start):
        return replace(figure, metric="revenueShare")
    return figure


def _clause_parts(text: str, end: int) -> tuple[int, list[re.Match[str]], list[re.Match[str]], str]:
    """The clause ending at ``end``: where it begins, its words for abroad that name a part (not the whole a share
    is "of"), and its words for home."""
    breaks = list(_CLAUSE_BREAK.finditer(text, 0, end))
    begin = breaks[-1].end() if breaks else 0
    clause = text[begin:end]
    named = [
        m
        for m in _ABROAD_WORDS.finditer(clause)
        if (m.group()[0].islower() or m.start() == 0) and not _OF_WHOLE.search(clause, 0, m.start())
    ]
    blanked = _NOT_HOME.sub(lambda m: "_" * len(m.group()), _ABROAD_WORDS.sub(lambda m: "_" * len(m.group()), clause))
    return begin, named, list(_HOME_WORDS.finditer(blanked)), clause


def _part_abroad(text: str, end: int) -> int | None:
    """Where the clause ending at ``end`` names all of abroad as its part, after any word for home; else None."""
    begin, named, home, clause = _clause_parts(text, end)
    whole = [m for m in named if not _SOME_OF.search(clause, 0, m.start())]
    if whole and (not home or home[-1].start() < whole[-1].start()):
        return begin + whole[-1].start()
    return None


def _part_not_abroad(text: str, end: int) -> bool:
    """The clause ending at ``end`` names home, or only some markets abroad ("its three largest overseas markets")."""
    _, named, home, clause = _clause_parts(text, end)
    return bool(home) or (bool(named) and all(_SOME_OF.search(clause, 0, m.start()) for m in named))


def _abroad_before(metric: str, text: str, cue_start: int) -> str:
    """ "its overseas shipments hit 10 million": a level whose cue is counted abroad is the overseas metric."""
    if metric.startswith("overseas") or not _ABROAD_BEFORE.search(text, max(0, cue_start - 16), cue_start):
        return metric
    return "overseas" + metric[0].upper() + metric[1:]


def _money_or_count(q: Quantity, left: str, right: str, offset: int) -> Figure | None:
    unit = "currency" if q.kind == "money" else "count"
    # "RMB 34 billion (EUR 4.98 billion) in revenue from abroad": the conversion in brackets is no part of the name
    stripped = _CONVERSION.sub("", right, count=1)
    after = _after_regex(unit).match(stripped)
    if after and after.lastgroup and after.lastgroup != "modifier":
        # "shipments climbed 12% to 17.9 million units", "it sold 1.11 million vehicles": what counted them
        metric = (_counted_by(left[-80:]) if after.lastgroup == "unitSales" else None) or after.lastgroup
        if after.lastgroup == "unitSales" and (
            _CAPACITY_BEFORE.search(left[-110:]) or _PER_YEAR.match(stripped, after.end())
        ):
            metric = "annualProductionCapacity"  # "capacity for up to 80,000 vehicles annually"
        abroad = _ABROAD.match(stripped, after.end()) or _ABROAD_COUNTED.search(left[-80:])
        if abroad and not metric.startswith("overseas"):
            metric = "overseas" + metric[0].upper() + metric[1:]  # "sold 42,000 cars abroad"
        return Figure(q, _modified(metric, after.group("modifier")), q.value, q.unit, q.end)
    cues = _cues(unit, left)
    if cues and cues[-1][0] and (q.kind == "money" or q.value >= 1e3 or _CUE_RIGHT_BEFORE.search(left)):
        metric = _abroad_before(compound_metric(cues[-1][0], left, cues[-1][1]), left, cues[-1][1])
        modifier = _KIND_MODIFIER_BEFORE.search(left, max(0, cues[-1][1] - 16), cues[-1][1])
        metric = _modified(metric, modifier.group("modifier") if modifier else None)
        return Figure(q, metric, q.value, q.unit, offset + cues[-1][1])
    verb = _verb_regex().search(left)
    if verb and q.kind == "money":
        return Figure(q, "revenue", q.value, q.unit, offset + verb.start())
    return None


#: A small count right after its verb is still that count: "employs forty technicians".
_CUE_RIGHT_BEFORE = re.compile(
    r"\b(?:employs|employed|employing|hires|hired)\s+(?:about\s+|around\s+|some\s+|more\s+than\s+|over\s+)?$",
    re.IGNORECASE,
)


@cache
def _verb_regex() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){alternation(metrics()['revenue']['verbs'])}\s+$", re.IGNORECASE)


_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_REVENUE_LEVELS = frozenset(("revenue", "overseasRevenue", "segmentRevenue"))


def _percent(
    q: Quantity, left: str, right: str, offset: int, last_base: str | None, story_base: str | None = None
) -> Figure | None:
    tail = left[-60:]
    named = _cues("currency", left)
    base = compound_metric(named[-1][0], left, named[-1][1]) if named else last_base
    of_revenue = _SHARE_OF_REVENUE.search(left[-70:])
    if of_revenue is not None:
        # "lifting their share of group revenue from 10.6% to 14.5%": a share of the whole, not of a market; of
        # what was earned abroad when the part the sentence names is
        abroad = _ABROAD_WORDS.search(left, 0, of_revenue.start()) or last_base == "overseasRevenue"
        metric = "overseasRevenueShare" if abroad else "revenueShare"
        return Figure(q, metric, q.value, "percent", offset + of_revenue.start())
    share = _share(tail, right, base, last_base in _REVENUE_LEVELS)
    if share:
        return Figure(q, share, q.value, "percent", offset + (named[-1][1] if named else len(left)))
    growth, sign = _growth(tail, right)
    if growth:
        what = _named_after_change(right)
        if what:
            # "reported a 15% rise in net profit for 2025", "a 9% rise in shipments": the growth of what is named
            return Figure(q, growth_name(what), sign * q.value, "percent", offset + len(left))
        if named and named[-1][0] == "overseasRevenue" and _TO_UNITS.match(right):
            # "Exports dropped 4% to 96,000 units": exports counted in units, not money
            return Figure(q, growth_name("overseasSalesVolume"), sign * q.value, "percent", offset + named[-1][1])
        # "took $1.89 billion from players abroad, up 8.9%": those the money came from are no count that grew
        counted = [c for c in _count_base_regex().finditer(left) if not _FROM_BEFORE.search(left, 0, c.start())]
        if counted and (not named or counted[-1].start() > named[-1][1]):
            base = counted[-1].lastgroup  # "its shipments rose 9%": the count nearest before the number
        # "Guest visits rose 6%": a sentence's first word is capitalised, and no name for that
        opening = left[:1].lower() + left[1:] if offset == 0 else left
        unlisted = _GROWING.search(opening) if not named and not counted else None
        if (
            unlisted
            and not set(unlisted.group("words").split()) & _FUNCTION_WORDS
            and unlisted.group("words").split()[-1] not in _WHOLE_BUSINESS
        ):
            words = unlisted.group("words").split()
            if len(words) > 1 and _COUNTED_HEAD.fullmatch(words[-1]):
                words = words[-1:]  # "heat-pump installations rose 18%": the goods are the subject, the count grew
            # "Guitars and string instruments rose 18%": a line of goods grew its revenue (a segment's, read later);
            # "brand awareness increased 56%": brandAwarenessGrowth
            base = "revenue" if goods_line(left, len(left)) else camel(words)
        elif base is None and story_base in data("metrics")["growth"]["names"]:
            base = story_base  # a bare "growth of 100%" in a story counting shipments
        return Figure(q, growth_name(base or "revenue"), sign * q.value, "percent", offset + len(left))
    return None


#: A plural head noun that counts events or things ("installations", "orders", "bookings").
_COUNTED_HEAD = re.compile(r"[a-z]{4,}(?:tions|ings|ers|als)")
#: "... 4% to 96,000 units": the level after a growth rate is a count of units.
_TO_UNITS = re.compile(
    r"\s+(?:in\s+[^,;]{1,20}?\s+)?to\s+(?:about\s+|around\s+|nearly\s+)?[\d.,]+(?:\s+(?:million|thousand))?\s+"
    r"(?:units|vehicles|cars|trucks|buses|devices|phones|smartphones|tonnes|tons)\b",
    re.IGNORECASE,
)
#: Nouns for a whole business or segment: "the mobile games track grew 30%" grows its revenue, no metric of its own.
_WHOLE_BUSINESS = frozenset("track market segment sector industry business category division unit arm".split())
#: An unlisted noun phrase right before a growth verb names what grew ("brand value jumped 156%").
_GROWING = re.compile(
    r"(?:^|[,;]\s+|\b(?:and|that|worldwide|global)\s+|(?<!\bof\s)\b(?:its|their|the)\s+|\w['\u2019]s?\s+)"
    r"(?P<words>(?!(?:the|its|their|a|an|this|that)\s)[a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,2})\s+"
    r"(?:of\s+(?:the|its|their)\s+[a-z][a-z-]+\s+)?"  # "the average price of the devices rose 7.6%"
    r"(?:rose|grew|jumped|increased|climbed|surged|soared|gained|expanded|fell|dropped|declined|decreased|slipped|"
    r"shrank)(?:\s+by)?\s+$"
)


@cache
def _count_base_regex() -> re.Pattern[str]:
    bases = data("metrics")["growth"]["count_bases"]
    groups = [f"(?P<{name}>{alternation(words)})" for name, words in bases.items()]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(groups)})(?![\w-])", re.IGNORECASE)


def _ends_with(regex: re.Pattern[str], text: str) -> bool:
    found = list(regex.finditer(text))
    return bool(found) and not text[found[-1].end() :].strip(" ,:")


#: "shares closed 2.3% higher", "ended 4% lower": a close against the last one.
_CLOSED = re.compile(r"\b(?:closed|ended|finished|opened|traded)\s+$", re.IGNORECASE)
_CLOSED_MOVE = re.compile(r"\s*(?:%|percent|per\s+cent)?\s*(higher|lower)\b", re.IGNORECASE)


#: "a 15% rise in net profit", "a 4% drop in its 2025 revenue": what grew, named after the change.
_RISE_IN = re.compile(
    r"\s*(?:rise|increase|jump|gain|growth|climb|fall|drop|decline|slump|surge)\s+in\s+(?:(?:its|their|the)\s+)?"
    r"(?:(?:\d{4}|first-half|full-year|annual|quarterly|half-year)\s+)?(?P<what>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})",
    re.IGNORECASE,
)


def _named_after_change(right: str) -> str | None:
    """The metric a change names after its percentage ("rise in net profit": netProfit, "rise in shipments":
    shipments), or None."""
    rise_in = _RISE_IN.match(right)
    if rise_in is None:
        return None
    named = _cues("currency", rise_in.group("what"))
    if named:
        return named[0][0] if named[0][1] == 0 else None
    counted = _count_base_regex().match(rise_in.group("what"))
    return counted.lastgroup if counted else None


def _growth(tail: str, right: str) -> tuple[bool, int]:
    """Whether a percentage is a growth rate, and its sign."""
    if _ends_with(_regex("growth", "decline_cues"), tail) or _regex("growth", "decline_after").match(right.strip()):
        return True, -1
    closed = _CLOSED_MOVE.match(right) if _ends_with(_CLOSED, tail) else None
    if closed is not None:
        return True, 1 if closed.group(1).lower() == "higher" else -1  # "shares closed 2.3% higher", "4% lower"
    if (
        _ends_with(_regex("growth", "cues"), tail)
        or _ends_with(_regex("growth", "verb_object"), tail)
        or _regex("growth", "after").match(right.strip())
    ):
        return True, 1
    return False, 1


#: "its share of group revenue from", "their share of the total rose to": a share of the company's whole revenue.
_SHARE_OF_REVENUE = re.compile(
    r"\b(?:its|their|the)\s+share\s+of\s+(?:the\s+|its\s+|their\s+|group\s+|total\s+|overall\s+)*"
    r"(?:revenues?|sales|turnover|income|total)\b(?:\s+(?:rose|grew|climbed|increased|fell|dropped|jumped|went))?"
    r"\s+(?:from|to|of|at|was|is|reached)\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?(?:[\d.]+%?\s+(?:to|from)\s+)?$",
    re.IGNORECASE,
)


def _share(tail: str, right: str, base: str | None, money_told: bool = False) -> str | None:
    """The share metric a percentage is, if it is one."""
    spec = data("metrics")["share"]
    names = spec["names"]
    if (
        not money_told
        and (_ends_with(_regex("share", "cues"), tail) or _RATIO_CUE.search(tail))
        and _OF_SALES.match(right)
        and _GOODS_ABROAD.search(tail)
    ):
        # "Exports made up 49% of its sales": goods sold abroad, a share of sales; after a sentence's revenue
        # ("revenue rose to 48 billion lira, while exports made up 42% of sales") the sales are that money
        return "overseasSalesShare"
    stream = _STREAM_PART.search(tail) if _OF_REVENUE.match(right) else None
    if stream is not None and not _ABROAD_WORDS.search(tail):
        # "expects advertising to make up 30% of its income": the share of revenue one stream brings in
        return camel([_singular(stream.group("part").lower()), "revenue", "share"])
    if _OF_WHICH.search(tail) and _CAME_FROM_ABROAD.match(right) and base in (None, "revenue", "overseasRevenue"):
        return str(names["overseasRevenue"])
    if _ends_with(_regex("share", "market_cues"), tail) or _regex("share", "market_after").match(right.strip()):
        if _STAKE.search(tail):
            return None  # "a venture in which Lanshan Power holds 51%": a stake, not a share of a market
        return str(names["market"])
    if base in names and _regex("share", "of_total").match(right.strip()):
        return str(names[base])
    if base in names and _OF_IT.match(right) and _ends_with(_regex("share", "cues"), tail):
        return str(names[base])  # "revenue of 3.3 billion yuan, with clients abroad contributing 58% of it"
    counted = _count_share(base, tail, right)
    if counted:
        return counted
    if base in ("overseasRevenue", "segmentRevenue") and _RATIO_CUE.search(tail) and _OF_REVENUE.match(right):
        return str(names[base])  # "export revenue of 3.1 billion yuan, equal to 41% of sales": a part of the whole
    if base and base not in names and not _is_rate(base) and _RATIO_CUE.search(tail) and _OF_REVENUE.match(right):
        return f"{base}ShareOfRevenue"  # "R&D spending of 640 million yuan, equivalent to 9.1% of sales"
    for kind in spec["of_after"]:
        if _regex("share", "of_after", kind).match(right.strip()):
            return str(names[kind])
    if _ends_with(_regex("share", "cues"), tail) and base in names:
        return str(names[base])
    if _ends_with(_regex("share", "cues"), tail) and _OF_REVENUE.match(right):
        # "Overseas markets contributed 38% of Solaris' revenue"
        return str(names["overseasRevenue"] if _ABROAD_WORDS.search(tail) else names["revenue"])
    owned = _OF_OWN.match(right) if _ends_with(_regex("share", "cues"), tail) else None
    if owned:
        return camel([_singular(owned.group("noun")), "share"])  # "Europe accounted for 22% of its deliveries"
    return None


#: The part of a share that is goods sold abroad ("Exports", "cars sold abroad", "shipments overseas").
_GOODS_ABROAD = re.compile(
    r"\b(?:exports|exported|(?:shipments|deliveries|sales\s+volumes?)\s+(?:abroad|overseas)|"
    r"(?:sold|shipped|delivered)\s+(?:abroad|overseas)|overseas\s+(?:shipments|deliveries))\b[^.;]{0,40}$",
    re.IGNORECASE,
)
#: The whole a share is of, counted as sales: "of Chery's sales", "of its sales volume", "of total deliveries".
_OF_SALES = re.compile(
    r"\s+of\s+(?:[\w'\u2019-]+\s+){0,3}?(?:total\s+|overall\s+)?(?:sales(?:\s+volumes?)?|deliveries|shipments)\b"
    r"(?!\s+(?:revenues?|income))",
    re.IGNORECASE,
)
#: A stream of revenue that makes up a share of it: "advertising to make up 30% of its income".
_STREAM_PART = re.compile(
    r"\b(?P<part>[a-z]{4,}ing|subscriptions|royalties|commissions|licen[cs]es|fees)\s+(?:to\s+|will\s+|would\s+)?"
    r"(?:make\s+up|made\s+up|makes\s+up|account(?:ed|s)?\s+for|contribute[sd]?|brought\s+in|brings?\s+in|"
    r"represent(?:ed|s)?)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|roughly\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)
_STAKE = re.compile(r"\b(?:in\s+which|stake|owns|owned|equity)\b[^.;]{0,40}$", re.IGNORECASE)
#: "of its total sales", "of the total", "of all its deliveries": the whole a count level is part of.
_OF_COUNT_TOTAL = re.compile(
    r"\s+of\s+(?:its|their|the|the\s+(?:company|group|firm|carmaker)'s)\s+(?:total|overall|global|combined)?\s*"
    r"(?:sales|deliveries|shipments|volumes?|units|output)?\b",
    re.IGNORECASE,
)
#: The share of its own total each count level is: "accounting for 31% of its total sales" after units sold abroad.
_COUNT_SHARES = {
    "salesVolume": "salesShare",
    "unitSales": "salesShare",
    "overseasSalesVolume": "overseasSalesShare",
    "shipments": "shipmentShare",
    "overseasShipments": "overseasShipmentShare",
}


def _count_share(base: str | None, tail: str, right: str) -> str | None:
    """ "exported 210,000 vehicles, accounting for 31% of its total sales": the share of the units just counted
    (overseasSalesShare), not of revenue."""
    if base not in _COUNT_SHARES or not _OF_COUNT_TOTAL.match(right):
        return None
    if not (_ends_with(_regex("share", "cues"), tail) or _RATIO_CUE.search(tail) or re.search(r",\s*$", tail)):
        return None
    return _COUNT_SHARES[base]


#: What makes a percentage after an amount that amount's ratio to revenue: "equal to", "equivalent to", ", or".
_RATIO_CUE = re.compile(
    r"(?:\b(?:equal|equivalent)\s+to|,\s*or|\brepresenting)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|roughly\s+)?$"
    r"|,\s+(?:about|around|nearly|almost|some|roughly)\s+$",  # "75 million dollars on marketing, roughly a third of"
    re.IGNORECASE,
)
_OF_OWN = re.compile(
    r"\s+of\s+(?:its|their|the\s+(?:company|group|firm|brand)'s|(?:[A-Z][\w&.-]*\s+){0,3}[A-Z][\w&.-]*['\u2019]s?)\s+"
    r"(?:global\s+|total\s+|overall\s+|worldwide\s+)?"
    r"(?P<noun>[a-z]{4,})\b"
)


_OF_REVENUE = re.compile(
    r"\s+of\s+(?:[\w'’-]+\s+){0,3}?(?:total\s+|overall\s+)?(?:revenues?|sales|turnover|income)\b", re.IGNORECASE
)
_ABROAD_WORDS = re.compile(
    r"\b(?:overseas|international|abroad|foreign|outside\s+(?:mainland\s+)?china|other\s+than\s+(?:mainland\s+)?china|"
    r"non-china|beyond\s+china)\b",
    re.IGNORECASE,
)
#: "revenue of 5.1 billion yuan, of which 37% was generated abroad": the share of the amount earned abroad.
_OF_WHICH = re.compile(r"\bof\s+(?:which|this|that|it)\s+(?:about\s+|around\s+|nearly\s+|some\s+|roughly\s+)?$")
#: "of it" closing a clause: the share is of the whole the sentence named before.
_OF_IT = re.compile(r"\s+of\s+(?:it|that)\s*(?:[,.;)]|$)")
_CAME_FROM_ABROAD = re.compile(
    r"\s*(?:was|were|is|are|came|comes|had\s+been)\s+(?:earned\s+|generated\s+|made\s+|booked\s+|from\s+|in\s+)*"
    r"(?:abroad|overseas|outside|international|foreign)",
    re.IGNORECASE,
)


def _base(metric: str) -> str | None:
    """The metric a growth or share of this one is built on (revenue for revenue)."""
    if metric in metrics():
        return metric
    for base, name in {**data("metrics")["share"]["names"]}.items():
        if name == metric and base in metrics():
            return base
    if metric == growth_name("sharePrice"):
        return "sharePrice"  # "shares fell 3.1% on Monday and regained 2.4% on Tuesday": the price moves again
    if metric.endswith(("GrowthYoY", "Growth", "Share", "Change")):
        return None
    return metric  # an unlisted level ("overseasSalesVolume"): a growth right after it is its growth


# An unlisted metric: a number no listed metric claims still measures something the words around it name.
#: The counted noun after a number, past up to two modifiers; an adjective ending in s ("overseas") is no noun.
_COUNTED = re.compile(
    r"^\s+['\"\u2018\u201c]?(?P<mods>(?:[a-z][\w-]*\s+){0,3}?)"
    r"(?P<noun>(?!(?:overseas|various|numerous|previous|famous|serious|gross|plus|nearly|always|perhaps)\b)"
    r"[a-z][a-z-]{2,}s)\b"
)
_OF_ITS_NAMED = re.compile(r"\s+of\s+(?:its|their)\s+(?P<words>(?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+s)\b")
#: People who spent an amount: "Gamers in Japan spent", "Viewers in the US spent", "shoppers spent".
_PEOPLE_SPENT = re.compile(
    r"\b(?:users|players|gamers|viewers|consumers|shoppers|customers|fans|subscribers|buyers)\s+(?:in\s+[^,;.]{1,30}?\s+)?"
    r"spent\s+(?:about\s+|around\s+|nearly\s+|more\s+than\s+|over\s+|some\s+|roughly\s+)?$",
    re.IGNORECASE,
)
_ON_IT = re.compile(r"\s+on\s+(?:it|the\s+(?:game|app|title|platform|service))\b", re.IGNORECASE)
_PER_UNIT_AFTER = re.compile(r"\s+(?:each|apiece|a\s+share|per\s+share|a\s+piece)\b", re.IGNORECASE)
_SHARES_AT = re.compile(
    r"\b(?:shares?|stock|ADSs?)\b[^.;]{0,40}\b(?:at|to)\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$", re.IGNORECASE
)
_ABROAD_MODIFIER = re.compile(r"\b(?:overseas|foreign|international)\b")
_OF_WHAT = re.compile(
    r"^\s+of\s+(?:the\s+|its\s+|their\s+|all\s+|[a-z]+'s\s+|(?:[A-Z][\w&.-]*\s+){0,3}[A-Z][\w&.-]*['\u2019]s?\s+)*(?P<words>(?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)(?![\w'-])"
)
_ACTIVE_USERS = re.compile(r"\b(monthly|daily|weekly)\s+active\s+$")
#: Verbs that end the noun phrase after "of": "40% of those downloads came from Indonesia".
_VERBS_AFTER_NOUN = frozenset(
    "came come comes went go goes was were is are had have has rose fell grew stood remained originated".split()
)
_RANKED = re.compile(
    r"(?:\b(?:top|no\.?|number|among|rank(?:ed|s)?)\s*$)|\b[a-z]+est\b|\b(?:top|leading|biggest|largest)\b",
    re.IGNORECASE,
)
_NOT_COUNTED = frozenset(
    "years months weeks days hours minutes seconds decades quarters times points places percents cents inches "
    "acres hectares metres meters kilometres kilometers miles kilograms tonnes tons units-per pages ages odds "
    "shares spots positions notches rungs".split()
)
_NAME_WORDS = re.compile(r"[a-z]+")
_IN_WHAT = re.compile(
    r"^\s+(?:in|of|for|from)\s+(?:a\s+|an\s+|the\s+|its\s+|their\s+)?(?P<words>(?:[a-z][a-z-]*\s+){0,1}[a-z][a-z-]*)\b"
)
_MONEY_BEFORE = re.compile(
    r"(?<![A-Za-z'\u2019-])(?P<words>(?:[a-z][a-z-]*\s+){0,3}[a-z][a-z-]*)\s+(?:of|at|worth|totall?ing|totall?ed|reached|hit|was|were|is|"
    r"stood\s+at|(?:rose|climbed|grew|fell|jumped|increased|dropped|came|amounted)\s+to)\s+$"
)
_SPENT = re.compile(
    r"\b(?:spent|spends|spend|spending)\s+(?:about\s+|around\s+|nearly\s+|some\s+|roughly\s+|more\s+than\s+|over\s+)?$",
    re.IGNORECASE,
)
_SPENT_ON = re.compile(
    r"\s+on\s+(?P<words>(?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)(?=\s*(?:[,;.]|$|\s+(?:in|during|for|and|last|this|over)\b))"
)
#: An amount invested (the investment's qualifier), not "advertising spending reached 900 million yuan", where
#: the spending is the metric and a verb of its own comes before the amount.
_INVESTED = re.compile(
    r"\b(?:invest(?:s|ed|ing|ment)?|spend(?:s|ing)?|spent|inject(?:s|ed|ing)?|pour(?:s|ed|ing)?|cost(?:s|ing)?)\b"
    r"(?![^.;]*\b(?:reached|was|were|is|rose|grew|fell|hit|totall?ed|came|amounted|stood|climbed|jumped)\b)[^.;]{0,25}$"
)
#: "its customer retention rate was 78%": a rate or ratio the words before it name.
_RATE_BEFORE = re.compile(
    r"(?<![A-Za-z'\u2019-])(?P<words>(?:[a-z][a-z-]*\s+){0,2}(?:rate|ratio|margin|penetration))\s+(?:was|is|of|stood\s+at|reached|hit|"
    r"(?:rose|fell|climbed|improved|widened|narrowed|dropped)\s+to)\s+(?:about\s+|around\s+|nearly\s+)?$"
)
_MARKET_WORDS = re.compile(r"\b(?:market|shipments|sales|revenue|deliveries)\b")
_FUNCTION_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "year years quarter quarters month week day half first second third fourth fiscal "
    "financial ".split()
) | frozenset(
    "a an the its their his her our this that these those and or of in on at to for from by with "
    "as is was were be been are it than about some but yet so while although though when if then only just still "
    "also even".split()
)


#: What an area measures, by the nouns around it.
_AREA_OF = (
    (("warehouse",), "warehouseArea"),
    (("store", "shop", "outlet", "flagship", "showroom", "restaurant", "boutique"), "storeArea"),
    (("site", "land", "plot", "campus", "park"), "siteArea"),
)


def _physical_metric(left: str, right: str = "", unit: str = "") -> str:
    """Capacity in GW or GWh, volumes in tonnes: the words around say which capacity; an area or a length is one."""
    if unit == "hectares":
        return "landArea"
    if unit == "kg":
        return "payloadCapacity" if "payload" in left[-40:] + right[:30] else "weight"
    if unit in ("square metres", "square feet"):
        # "a 30,000-square-metre sorting centre", "its warehouse space grew to 420,000 square metres"
        near = (left[-50:] + " " + right[:40]).lower()
        for words, metric in _AREA_OF:
            if any(w in near for w in words):
                return metric
        return "facilityArea"
    if unit == "km":
        return "length"
    if "installed" in left or "installation" in left or _INSTALLED_AFTER.match(right):
        return "installedCapacity"  # "818 MW of installed capacity in operation"
    if _DAILY.search(left[-30:]) or _DAILY_AFTER.match(right):
        return "dailyProductionCapacity"  # "can produce 15,000 tonnes of cement a day"
    if (
        "capacity" in left
        or "a year" in left
        or "annual" in left
        or _PLANT_AFTER.match(right)
        or _YEARLY_AFTER.match(right)
        or (_MADE_TO.search(left[-40:]) and _YEARLY_LATER.match(right))
    ):
        return "annualProductionCapacity"  # "the 100 GWh facility": what a plant can make
    if _PRODUCED.search(left[-70:]):
        return "productionVolume"  # "the mine turned out 214,000 tonnes of copper in 2015", "output reached"
    if any(w in left for w in ("purchase", "buy", "import")):
        return "purchaseVolume"
    counted = list(_count_base_regex().finditer(left[-60:]))
    if counted and counted[-1].lastgroup in _COUNT_OF_BASE:
        return _COUNT_OF_BASE[counted[-1].lastgroup]  # "battery shipments rose 48% to 95 GWh"
    moved = _MOVED_GOODS.search(left[-40:])
    if moved:  # "it delivered 9.5 GWh of battery cabinets": what was shipped, not what a plant can make
        verb = moved.group(1).lower()
        if verb.startswith("export"):
            return "overseasSalesVolume"  # "exported 48,000 tonnes of float glass"
        return "salesVolume" if verb.startswith("sol") else "shipments"
    noun = _DEAL_NOUN.match(right)
    if noun:  # "a 3.2 GWh order", "a 500 MW solar project": the deal's or the project's size
        word = noun.group("noun").lower()
        return f"{word}Volume" if word in ("order", "contract", "deal", "tender", "agreement") else f"{word}Capacity"
    return "capacity"


#: Verbs that move goods, right before a physical amount: "shipped 28 GWh", "sent 14.5 GWh overseas".
_MOVED_GOODS = re.compile(
    r"\b(shipped|ships|shipping|delivered|delivers|supplied|supplies|sent|sends|exported|exports|sold|sells)\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+|over\s+|almost\s+|roughly\s+)?$",
    re.IGNORECASE,
)
#: What was made, not what could be: "produced 60,000 tonnes", "turned out", "output climbed from", "production rose
#: to".
_PRODUCED = re.compile(
    r"\b(?:produced|produces|turned\s+out|turns\s+out|refined|mined|smelted|harvested|manufactured|"
    r"(?:output|production)(?:\s+of\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)?(?:\s+at\s+[^,;.]{1,40}?)?"
    r"(?:\s+(?:therefore|also|then|again|alone|itself))?\s+"
    r"(?:was|were|reached|rose|fell|climbed|grew|jumped|dropped|declined|totall?ed|came\s+to|hit|increased|slipped)"
    r"(?:\s+(?:by\s+)?\d[\d.,]*\s*(?:%|percent|per\s+cent))?)\b[^.;]{0,40}?"
    r"(?:\s(?:to|from|of|about|around|nearly|some|more\s+than|over|almost|roughly))?\s*$",
    re.IGNORECASE,
)
_INSTALLED_AFTER = re.compile(r"(?:\s+of)?(?:\s+[a-z][\w-]*){0,2}?\s+installed\b")
_DAILY = re.compile(r"\b(?:daily|a\s+day|per\s+day)\b")
_DAILY_AFTER = re.compile(r"(?:\s+of)?(?:\s+[a-z][\w-]*){0,3}?\s+(?:a|per|each)\s+day\b|\s+daily\b")
#: "300,000 tonnes of steel pipe a year": a yearly volume a plant can make.
_YEARLY_AFTER = re.compile(
    r"(?:\s+of)?(?:\s+[a-z][\w-]*){0,3}?\s+(?:a|per|each|every)\s+year\b(?!\s+(?:earlier|ago|before|later|on|after)\b)"
    r"|(?:\s+[a-z][\w-]*){0,3}?\s+annually\b"
    # "12 GWh of annual output", "70,000 tonnes of nickel capacity", not "18 MW of IT capacity" (what is served)
    r"|\s+of\s+annual\b"
    r"|\s+of(?:\s+(?!(?:it|power|generating|generation|renewable|wind|storage|computing|data|total)\b)[a-z][\w-]*){1,2}?"
    r"\s+capacity\b"
)
#: What a plant is made to turn out, told as a list with its "a year" at the end: "designed to turn out 60,000 tonnes
#: of foil and 12,000 tonnes of sheet a year", "can make 40,000 tonnes of tyres, along with ..., every year"
_MADE_TO = re.compile(
    r"\b(?:can|could|will|would|to|designed\s+to|able\s+to)\s+(?:produce|make|turn\s+out|build|process|roll\s+out)\s*$"
)
_YEARLY_LATER = re.compile(
    r"[^.;]{0,100}?\b(?:a|per|each|every)\s+year\b(?!\s+(?:earlier|ago|before|later|on|after)\b)"
)
_DEAL_NOUN = re.compile(
    r"\s+(?:[a-z][\w-]*\s+){0,2}?(?P<noun>order|contract|deal|tender|agreement|project|park|farm|station)\b",
    re.IGNORECASE,
)


def _looks_like_year(text: str, q: Quantity) -> bool:
    """ "its 2021 earnings", "the 2024 Olympics": a four-digit year is a date, not a count."""
    raw = text[q.start : q.end].split()[-1] if text[q.start : q.end].split() else ""
    return raw.isdigit() and len(raw) == 4 and 1900 <= q.value <= 2100  # "around 2018": the hedge set aside


def camel(words: list[str]) -> str:
    """A metric name in camelCase from plain words: ["store", "count"] -> "storeCount"."""
    parts = [w for w in (_NAME_WORDS.findall(" ".join(words).lower())) if w not in _FUNCTION_WORDS]
    name = parts[0] + "".join(p.capitalize() for p in parts[1:]) if parts else ""
    return str(data("metrics").get("synonyms", {}).get(name, name))  # "average price": averageSellingPrice


def _singular(noun: str) -> str:
    """
    >>> [_singular(n) for n in ("buses", "warehouses", "stores", "factories", "branches", "boxes", "glasses")]
    ['bus', 'warehouse', 'store', 'factory', 'branch', 'box', 'glass']
    """
    if noun in ("series", "species"):
        return noun
    if noun.endswith("uses") and not noun.endswith("ouses") and len(noun) > 4:
        return noun[:-2]  # "buses", "bonuses"
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("ches", "shes", "sses", "xes")):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


#: Modifiers that say how many or which ones, not what kind of thing is counted ("200 new stations").
_NEUTRAL_MODIFIERS = frozenset(
    "new more other own local existing additional total current former major large small big full-time part-time "
    "overseas foreign international domestic retail physical offline online active registered such further "
    "extra fewer less least most several cent percent".split()
)
_ADJECTIVE_END = re.compile(r"(?:al|ic|ive|ous|ful|able|ible|ed|ly|ean|ian|ican|ese|ish)$")


#: Places that sell, counted as stores whatever the story calls them.
_OUTLET_NOUNS = frozenset(("outlet", "shop", "store", "cafe", "kiosk", "restaurant", "teahouse", "showroom"))


def _noun_modifiers(words: list[str]) -> list[str]:
    """The nouns before a counted noun that name its kind ("battery swap stations": battery, swap; "new charging
    stations": charging), all or none: an adjective among them ("regional") makes the phrase a description, and
    the count is the head's."""
    after_stop = [i + 1 for i, w in enumerate(words) if w in _stop_words()]
    words = words[after_stop[-1] :] if after_stop else words  # "among phone brands": the phrase starts after "among"
    kept = [w for w in words if w not in _NEUTRAL_MODIFIERS and w not in _FUNCTION_WORDS]
    if any(_ADJECTIVE_END.search(w) or not w.isalpha() or _only_a_verb(w) for w in kept):
        return []  # "a skincare group, said revenue rose": a verb before the noun names no kind of it
    return kept


def _only_a_verb(word: str) -> bool:
    # a gerund names a kind ("manufacturing bases", "paying subscribers", "vending machines")
    return not word.endswith("ing") and set(lemmas(word)) == {"VERB"}


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


#: A generic money noun ("income", "revenue") whose kind the nouns before it name: "net interest income",
#: "hotel revenue". Whatever grows or sums, the name says what.
_GENERIC_MONEY = re.compile(r"(?:revenues?|income)\b", re.IGNORECASE)
_MODIFIERS_BEFORE = re.compile(r"(?<![\w'-])((?:[a-z][a-z-]*\s+){1,3})$")
#: Words before a money noun that say which part of the same total, not a different quantity.
_TOTAL_WORDS = frozenset(
    "total annual quarterly overall global worldwide consolidated combined reported record group company "
    "full-year first-half second-half half-year monthly yearly core underlying".split()
)


#: Where a noun phrase starts: after a determiner, a possessive, a preposition or punctuation.
_NOUN_PHRASE_START = re.compile(
    r"(?:^|[,;:(]|\b(?:its|their|the|a|an|our|his|her|of|from|in|and|whose|total|annual)|['\u2019]s?)\s*$",
    re.IGNORECASE,
)


def compound_metric(metric: str, text: str, cue_start: int) -> str:
    """``metric`` named more exactly by the nouns right before its cue: "net interest income" is netInterestIncome
    and "subscription revenue" subscriptionRevenue, not revenue; "total revenue" or "net revenue" stay revenue."""
    if metric != "revenue" or not _GENERIC_MONEY.match(text, cue_start):
        return metric
    before = _MODIFIERS_BEFORE.search(text, max(0, cue_start - 40), cue_start)
    if before is None:
        return metric
    words = before.group(1).split()
    while words and (words[0] in _FUNCTION_WORDS or words[0] in _TOTAL_WORDS or not words[0].isalpha()):
        words.pop(0)
    skipped = before.group(1).split()[: len(before.group(1).split()) - len(words)]
    if not _NOUN_PHRASE_START.search(" ".join([text[max(0, before.start(1) - 12) : before.start(1)], *skipped])):
        return metric  # "its target is to double revenue": a verb before the noun, not a kind of revenue
    kinds = _noun_modifiers(words)
    if not kinds or kinds == words[-1:] == ["net"] or kinds in (["net"], ["gross"]):
        return metric
    if any(w in _NEUTRAL_MODIFIERS or w in _TOTAL_WORDS or w in _NOT_KINDS for w in kinds):
        return metric
    if names_a_segment(kinds):
        return metric  # "Hanbit's battery revenue": the revenue of one of its segments, which the segment qualifies
    head = _GENERIC_MONEY.match(text, cue_start)
    noun = "revenue" if head is None or head.group().lower().startswith("revenue") else "income"
    return camel([*kinds, noun])


def names_a_segment(words: list[str]) -> bool:
    """Whether ``words`` name a segment of the lexicon, in the singular or plural ("battery" -> "batteries")."""
    from kg.extract.gazetteer import lexicon

    phrase = " ".join(words)
    plural = phrase[:-1] + "ies" if phrase.endswith("y") else phrase + "s"
    entries = lexicon().entries
    return any(getattr(entries.get(p), "type", None) == "Segment" for p in (phrase, plural))


#: Words before "revenue" that are verbs or numbers' companions, not kinds of revenue ("reported revenue").
_NOT_KINDS = frozenset("in of reported posted generated booked earned its their million billion".split())


#: A count whose noun comes before its verb: "registered merchants numbered 1.8 million", "Registrations of electric
#: motorbikes in Vietnam climbed to 210,000" (the head noun, past what qualifies it).
_COUNT_BEFORE = re.compile(
    r"(?:^|[,;:]\s+|\b(?:its|their|the|and)\s+|['\u2019]s?\s+)(?P<words>(?:[A-Za-z][a-z-]+\s+){0,2}[A-Za-z][a-z-]+s)"
    r"(?:\s+(?:of|in|across|at|for|on)\s+[^,;:.\d]{1,50}?)?\s+(?:numbered|totall?ed|reached|stood\s+at|came\s+to|hit|"
    r"topped|exceeded|passed|(?:rose|climbed|grew|jumped|increased|fell|dropped|declined|swelled)\s+to)\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+|over\s+|almost\s+|roughly\s+)?$"
)


def _counted_before(text: str, q: Quantity) -> str | None:
    """The count metric a noun phrase before the verb names: a listed count ("Registrations" -> vehicleRegistrations),
    else ``<kind><noun>Count`` ("registered merchants" -> merchantCount)."""
    found = _COUNT_BEFORE.search(text, max(0, q.start - 110), q.start)
    if found is None:
        return None
    words = found.group("words").lower().split()
    head = words[-1]
    if head in _NOT_COUNTED or head in ("sales", "revenues", "earnings", "profits", "shares", "sales") or len(head) < 4:
        return None
    based = _count_base_regex().fullmatch(head)
    if based and based.lastgroup == "userCount" and {"paying", "paid"} & set(words):
        return "payingUserCount"  # "Paying users in South Korea grew to 1.2 million": not all its users
    if based and based.lastgroup in _COUNT_OF_BASE:
        return _COUNT_OF_BASE[based.lastgroup]
    if based:
        return None
    kinds = _noun_modifiers(words[:-1])
    return camel([*kinds, _singular(head), "count"])


def _unlisted(q: Quantity, text: str, right: str) -> Figure | None:
    """A figure whose metric the list lacks, named in camelCase from its words.

    "11,000 employees" is employeeCount, "48% of the vote" voteShare, "$2 billion in a funding round"
    fundingRound; a number with no such words stays unread.
    """
    if q.kind == "physical":
        left = text[max(0, q.start - 80) : q.start].lower()
        # a list of goods may end in its "a year" well past the next figure: the words after reach further
        following = text[q.end : q.end + 120]
        metric = _physical_metric(left, _CONVERSION.sub("", following, count=1).lower(), q.unit)
        return Figure(q, metric, q.value, q.unit, q.end)
    if q.kind == "number":
        if _looks_like_year(text, q):
            return None
        counted = _COUNTED.match(right.lower())
        named_goods = _OF_ITS_NAMED.match(right)
        if not counted and named_goods and q.value >= 2:
            # "1,000 of its Power Swap Stations": the count of a named kind of thing the company runs
            words = named_goods.group("words").lower().split()
            return Figure(q, camel([*words[:-1], _singular(words[-1]), "count"]), q.value, "count", q.end)
        if counted and _RANKED.search(text[max(0, q.start - 12) : q.start] + " " + counted.group().lower()):
            return None  # "the top 5 smartphone makers", "its three largest markets" rank, they do not count
        if not counted or counted.group("noun") in _NOT_COUNTED:
            named = _counted_before(text, q)
            if named:
                return Figure(q, named, q.value, "count", q.start)
        if counted and counted.group("noun") not in _NOT_COUNTED and q.value >= 2:
            # "100 overseas warehouses": overseasWarehouseCount
            abroad = ["overseas"] if _ABROAD_MODIFIER.search(counted.group("mods")) else []
            # "20 million smart vacuum units": units count whatever the words before name; that is no kind of unit
            noun = counted.group("noun")
            # "412 Doremi bakeries": a capitalised word before the noun is a brand, no kind of bakery
            brands = {w.lower() for w in re.findall(r"\b[A-Z][\w-]*", right[: counted.end("mods")])}
            mods = [w for w in counted.group("mods").split() if w not in brands]
            kinds = _noun_modifiers(mods) if noun != "units" else []
            thing = _singular(noun)
            active = _ACTIVE_USERS.search(counted.group("mods"))
            if active is not None:
                # "48 million monthly active members", "daily active recipients": active users of the period
                return Figure(q, f"{active.group(1)}ActiveUsers", q.value, "count", q.end)
            if thing in _OUTLET_NOUNS:
                thing, kinds = "store", []  # "1,000 overseas outlets", "40 flagship shops": a store count
            name = camel([*abroad, *kinds, thing, "count"])
            return Figure(q, name, q.value, "count", q.end)
        return None
    if q.kind == "percent":
        owned = _OF_OWN.match(right)
        if owned and owned.group("noun") in ("revenue", "revenues", "sales", "turnover"):
            # "a quarter of X's sales there": its own; "foreign markets to supply seven tenths of its sales": abroad
            from_abroad = _ABROAD_WORDS.search(text, max(0, q.start - 50), q.start)
            return Figure(q, "overseasRevenueShare" if from_abroad else "revenueShare", q.value, "percent", q.end)
        if owned and owned.group("noun") != "market":
            return Figure(q, camel([_singular(owned.group("noun")), "share"]), q.value, "percent", q.end)
        of = _OF_WHAT.match(right)
        if of and _MARKET_WORDS.search(right[:50].lower()):
            return Figure(
                q, "revenueShare" if "revenue" in right[:50].lower() else "marketShare", q.value, "percent", q.end
            )
        words = of.group("words").split() if of else []
        verb = next((i for i, w in enumerate(words) if i and w in _VERBS_AFTER_NOUN), None)
        words = words[:verb] if verb is not None else words  # "of those downloads came from": downloadShare
        if words and words[-1] in ("downloads", "installs"):
            words = ["downloads"]
        name = camel([*words[:-1], _singular(words[-1]), "share"]) if words else ""  # "of revenues": revenueShare
        if not words:
            # "Gross margin improved to 14.5%": the sentence's capitalised first word is part of the name
            rate = _RATE_BEFORE.search(text[:1].lower() + text[1:], max(0, q.start - 60), q.start)
            name = camel(rate.group("words").split()) if rate else ""
        return Figure(q, name, q.value, "percent", q.end) if name and name != "share" else None
    left = text[max(0, q.start - 40) : q.start]
    if q.kind == "money" and goods_line(text, q.start):
        # "Guitars and string instruments rose 18% to 1.48 billion yuan": a line of goods' revenue
        return Figure(q, "revenue", q.value, q.unit, q.start)
    if _PEOPLE_SPENT.search(text, max(0, q.start - 60), q.start):
        # "Gamers in Japan spent 95 million dollars on it": what a product earned there; else what people spent
        return Figure(q, "revenue" if _ON_IT.match(right) else "consumerSpending", q.value, q.unit, q.start)
    if _PER_UNIT_AFTER.match(right) or _SHARES_AT.search(text, max(0, q.start - 60), q.start):
        return None  # "shares at 28 dollars each", "trade over the counter at about 35 dollars": a share's price
    spent_on = _SPENT_ON.match(right) if _SPENT.search(left) else None
    if spent_on and not set(spent_on.group("words").split()) & _FUNCTION_WORDS:
        # "spent 120 million dollars on user acquisition": what the money went on, named without an article (a
        # thing bought, "on a new studio", is an investment)
        return Figure(q, camel([*spent_on.group("words").split(), "spending"]), q.value, q.unit, q.start)
    if _INVESTED.search(left.lower()):
        return None  # an amount invested is the investment's qualifier (investsIn ... amount), not a figure
    before = _MONEY_BEFORE.search(left)
    words = before.group("words").split() if before else []
    cut = [i + 1 for i, w in enumerate(words) if w in _FUNCTION_WORDS]
    words = words[cut[-1] :] if cut else words  # "and average spending per guest was": the noun phrase alone
    if not words:
        after = _IN_WHAT.match(right)
        words = after.group("words").split() if after else []
    name = camel(words)
    return Figure(q, name, q.value, q.unit, q.start) if name else None
