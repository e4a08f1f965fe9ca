"""Score predicted fact lines against gold ones: precision, recall and F1.

Relations compare as ``(subject, relation, object, status)`` (``partnersWith`` either way round); figures as
``(subject, metric, period, unit)`` with values equal within 1% (relative), a period by the days it covers
("2025-Q1/2025-Q3" is "2025-01/2025-09").

Names are compared as people read them:

- case, hyphens, quotes, a leading "the" and a final plural "s" do not count
  ("Floor-cleaning robots" = "floor cleaning robot");
- the entity lines of *both* files join names with their aliases, so a
  gold "Seedance 2.0" with alias "Secdance2.0" matches a prediction of either;
- countries compare by ISO code and regions by canonical name (pycountry and
  :mod:`kg.places`), so "US" = "the US" = "United States".

A gold object ``"*"`` stands for an entity the text does not name; its
``o_locatedIn`` (or any ``o_<relation>``) says what is known of it.  It
matches a predicted fact with the same subject and relation whose object
either has a predicted ``<relation>`` fact to that place or carries the
place in its name ("Ecovacs Germany" for ``o_locatedIn: Germany``).  The
predicted ``locatedIn`` facts that described such a matched object are
counted neither right nor wrong: they are the prediction's way of writing
the same gold line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kg.errors import LoaderError
from kg.timevalue import InvalidDate, period_span

TOLERANCE = 0.01
_PUNCT = re.compile(r"[\s\-_–—/'\"“”‘’.,:;()]+")


@dataclass(frozen=True)
class Score:
    """Counts of one comparison, with the usual ratios (1.0 when there was nothing to find or claim)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if not self.fp else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass
class Report:
    """Scores per relation, for all relations together, and for figures, with what was missed or wrong."""

    relations: dict[str, Score] = field(default_factory=dict)
    figures: Score = field(default_factory=Score)
    #: Figures matched on value and unit alone, one to one: did the number reach the graph at all?
    figure_values: Score = field(default_factory=Score)
    #: Of the value-matched figures with a gold period, how many carry that period.
    periods: Score = field(default_factory=Score)
    misses: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        return sum(self.relations.values(), Score())

    def __add__(self, other: Report) -> Report:
        """Micro-averaging: the counts of two reports added."""
        relations = dict(self.relations)
        for name, score in other.relations.items():
            relations[name] = relations.get(name, Score()) + score
        return Report(
            relations,
            self.figures + other.figures,
            self.figure_values + other.figure_values,
            self.periods + other.periods,
            self.misses + other.misses,
            self.false_positives + other.false_positives,
        )

    @property
    def period_accuracy(self) -> float:
        """The share of value-matched gold figures with a period whose period was found too."""
        total = self.periods.tp + self.periods.fn
        return self.periods.tp / total if total else 1.0

    def rows(self) -> list[dict[str, Any]]:
        """One row per relation, then ``relations`` (all together), ``figures`` (strict) and ``figure values``."""
        named = [(name, self.relations[name]) for name in sorted(self.relations)]
        totals = [("relations", self.overall), ("figures", self.figures), ("figure values", self.figure_values)]
        return [_row(name, s) for name, s in [*named, *totals]]

    def summary(self) -> dict[str, Any]:
        """The headline numbers: relations, figures strict and value-matched, period accuracy."""
        r, f, v = self.overall, self.figures, self.figure_values
        return {
            "relations P": round(r.precision, 3),
            "relations R": round(r.recall, 3),
            "relations F1": round(r.f1, 3),
            "figures F1": round(f.f1, 3),
            "figure values P": round(v.precision, 3),
            "figure values R": round(v.recall, 3),
            "figure values F1": round(v.f1, 3),
            "period accuracy": round(self.period_accuracy, 3),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "scores": self.rows(),
            "summary": self.summary(),
            "misses": self.misses,
            "false_positives": self.false_positives,
        }


def _row(name: str, s: Score) -> dict[str, Any]:
    return {
        "relation": name,
        "gold": s.tp + s.fn,
        "predicted": s.tp + s.fp,
        "tp": s.tp,
        "precision": round(s.precision, 3),
        "recall": round(s.recall, 3),
        "f1": round(s.f1, 3),
    }


def read_fact_lines(path: Path | str) -> list[dict]:
    """The JSON objects of a fact-line file, one a line; a one-line error names a bad line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise LoaderError(f"cannot read fact lines: {e}", path=str(path)) from None
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.strip():
            try:
                line = json.loads(raw)
            except json.JSONDecodeError as e:
                raise LoaderError(f"malformed JSON: {e.msg} (column {e.colno})", path=str(path), line=number) from None
            if not isinstance(line, dict):
                raise LoaderError("expected a JSON object", path=str(path), line=number)
            lines.append(line)
    return lines


def evaluate(gold_lines: Iterable[Mapping[str, Any]], predicted_lines: Iterable[Mapping[str, Any]]) -> Report:
    """Compare predicted fact lines with gold ones (see the module docstring for how names match)."""
    gold, predicted = [dict(x) for x in gold_lines], [dict(x) for x in predicted_lines]
    names = Names.from_lines([*gold, *predicted])
    report = Report()
    _score_relations(report, names, [x for x in gold if "p" in x], [x for x in predicted if "p" in x])
    _score_figures(report, names, [x for x in gold if "metric" in x], [x for x in predicted if "metric" in x])
    return report


class Names:
    """Name keys: normalised text, joined through aliases, places by code."""

    def __init__(self, not_places: frozenset[str] = frozenset()) -> None:
        self.parent: dict[str, str] = {}
        #: Names a place's (folded) that the entity lines give only to companies, brands and the like: "Sanmu" is a
        #: Japanese town and "Songyuan" a Chinese city, but as a company's short name neither stands for a country.
        self.not_places = not_places

    @classmethod
    def from_lines(cls, lines: list[dict]) -> Names:
        typed: dict[str, set[bool]] = {}
        for line in lines:
            if "entity" in line and line.get("type"):
                for name in (line["entity"], *(line.get("aliases") or [])):
                    typed.setdefault(_fold(str(name)), set()).add(line["type"] in _PLACE_TYPES)
        names = cls(frozenset(name for name, kinds in typed.items() if kinds == {False} and _place_key(name)))
        for line in lines:
            if "entity" in line:
                for alias in line.get("aliases") or []:
                    names.join(str(line["entity"]), str(alias))
        return names

    def join(self, a: str, b: str) -> None:
        """Record that ``a`` and ``b`` name the same thing (an entity line's name and alias)."""
        ra, rb = self._root(self._key(a)), self._root(self._key(b))
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def key(self, name: str) -> str:
        """The key two names share when they name the same thing."""
        return self._root(self._key(str(name)))

    def _key(self, name: str) -> str:
        if self.not_places and _fold(name) in self.not_places:
            return _text_key(name)
        return _base_key(name)

    def _root(self, key: str) -> str:
        while self.parent.get(key, key) != key:
            key = self.parent[key]
        return key


_PLACE_TYPES = frozenset(("Country", "Region", "City", "Market", "Place"))


@cache
def _base_key(name: str) -> str:
    """A place's code, or the name folded: case, punctuation, a leading article and a plural set aside."""
    return _place_key(name) or _text_key(name)


def _fold(name: str) -> str:
    """A name as the place gazetteer looks it up: spaces collapsed, a leading "the" gone, case folded."""
    return re.sub(r"^the\s+", "", " ".join(str(name).split()), flags=re.IGNORECASE).casefold()


@cache
def _text_key(name: str) -> str:
    """The name folded: case, punctuation, a leading article and a plural set aside."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    words = _PUNCT.sub(" ", text).split()
    if words and len(words[-1]) > 4 and words[-1].endswith("ies"):
        words[-1] = words[-1][:-3] + "y"  # "therapies", "batteries": the plural of "therapy", "battery"
    elif words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


@cache
def _place_key(name: str) -> str | None:
    """``country:<ISO code>`` or ``region:<name>`` when the whole name is a place, else None."""
    from kg.places import country

    phrase = _folded_places().get(_fold(name))
    if phrase is None:
        return None
    if phrase.type == "Region":
        return f"region:{phrase.name}"
    found = country(phrase.name)
    return f"country:{found.code}" if found else None


@cache
def _folded_places() -> dict:
    from kg.extract.gazetteer import places

    return {label.casefold(): phrase for label, phrase in places().entries.items()}


def _places_in(name: str) -> set[str]:
    """The place keys any run of up to three words of ``name`` denotes ("Ecovacs Germany" -> Germany)."""
    words = str(name).split()
    runs = (" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 3) + 1))
    return {k for k in map(_place_key, runs) if k}


#: Relations that hold both ways: "A partners with B" is "B partners with A".
SYMMETRIC = frozenset(("partnersWith",))


def _relation_key(names: Names, line: dict) -> tuple:
    s, o = names.key(line["s"]), names.key(line["o"])
    if line["p"] in SYMMETRIC:
        s, o = sorted((s, o))
    return (s, line["p"], o, _status(line))


def _status(line: dict) -> str:
    """A line's status; a gold line that writes a plan only in its note ("planned; ...") is planned."""
    if line.get("status"):
        return str(line["status"])
    return "planned" if str(line.get("note", "")).lower().startswith("planned") else ""


def _about(names: Names, line: dict) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k[2:], names.key(v)) for k, v in line.items() if k.startswith("o_")))


def _score_relations(report: Report, names: Names, gold: list[dict], predicted: list[dict]) -> None:
    described = _descriptions(names, predicted)
    gold_keys = {_gold_key(names, g): g for g in gold}
    matched: set[tuple] = set()
    consumed: set[tuple] = set()
    claimed: dict[tuple, dict] = {}
    for line in predicted:
        keys = _predicted_keys(names, line, described)
        hit = next((k for k in keys if k in gold_keys), None)
        if hit:
            matched.add(hit)
            consumed |= {(keys[0][2], rel, place) for rel, place in hit[2][1]} if hit[2][0] == "*" else set()
        else:
            claimed.setdefault(keys[0], line)
    for key, line in claimed.items():
        if not (key[1] == "locatedIn" and (key[0], key[1], key[2]) in consumed):
            _tally(report, line["p"], fp=1)
            report.false_positives.append(line)
    for key, line in gold_keys.items():
        if key in matched:
            _tally(report, line["p"], tp=1)
        else:
            _tally(report, line["p"], fn=1)
            report.misses.append(line)


def _gold_key(names: Names, line: dict) -> tuple:
    if line.get("o") == "*":
        return (names.key(line["s"]), line["p"], ("*", _about(names, line)), _status(line))
    return _relation_key(names, line)


def _descriptions(names: Names, predicted: list[dict]) -> dict[str, set[tuple[str, str]]]:
    """What predicted facts say about each object: ``{object key: {(relation, place key)}}``."""
    out: dict[str, set[tuple[str, str]]] = {}
    for line in predicted:
        out.setdefault(names.key(line["s"]), set()).add((line["p"], names.key(line["o"])))
        for relation, value in _about(names, line):
            out.setdefault(names.key(line["o"]), set()).add((relation, value))
    return out


def _predicted_keys(names: Names, line: dict, described: dict[str, set[tuple[str, str]]]) -> list[tuple]:
    """The predicted fact's own key, then the unnamed-object keys it could stand for."""
    own = _relation_key(names, line) if line.get("o") != "*" else _gold_key(names, line)
    o = names.key(line["o"])
    facts = described.get(o, set()) | {("locatedIn", p) for p in _places_in(line["o"])}
    stars = [(own[0], own[1], ("*", (fact,)), own[3]) for fact in sorted(facts)]
    return [own, *stars]


def _tally(report: Report, relation: str, *, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
    report.relations[relation] = report.relations.get(relation, Score()) + Score(tp, fp, fn)


def _figure_key(names: Names, line: dict) -> tuple:
    return (names.key(line["s"]), line["metric"], _period_key(line.get("period")), str(line.get("unit", "")).casefold())


def _period_key(period: Any) -> Any:
    """The days a period covers, so two spellings of one span match ("2023-H1", "2023-01/2023-06"); the text as
    written when it is no period."""
    if not period:
        return None
    try:
        return period_span(str(period))
    except InvalidDate:
        return period


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b)) or a == b


def _score_figures(report: Report, names: Names, gold: list[dict], predicted: list[dict]) -> None:
    pool = [(_figure_key(names, p), float(p["value"]), p) for p in predicted]
    tp = 0
    for g in gold:
        key, value = _figure_key(names, g), float(g["value"])
        hit = next((i for i, (k, v, _) in enumerate(pool) if k == key and _close(v, value)), None)
        if hit is None:
            report.misses.append(g)
        else:
            pool.pop(hit)
            tp += 1
    report.false_positives += [p for _, _, p in pool]
    report.figures = Score(tp, len(pool), len(gold) - tp)
    _score_figure_values(report, gold, predicted)


def _unit_key(line: dict) -> str:
    return str(line.get("unit", "")).casefold()


def _score_figure_values(report: Report, gold: list[dict], predicted: list[dict]) -> None:
    """Figures matched by value and unit only, each prediction used once; and how often the period agrees."""
    pool = [(float(p["value"]), _unit_key(p), p) for p in predicted]
    tp = period_hits = period_total = 0
    for g in gold:
        value, unit = float(g["value"]), _unit_key(g)
        candidates = [i for i, (v, u, _) in enumerate(pool) if u == unit and _close(v, value)]
        if not candidates:
            continue
        same_period = [i for i in candidates if _period_key(pool[i][2].get("period")) == _period_key(g.get("period"))]
        hit = (same_period or candidates)[0]
        found = pool.pop(hit)[2]
        tp += 1
        if g.get("period"):
            period_total += 1
            period_hits += _same_period(found.get("period"), g["period"])
    report.figure_values = Score(tp, len(pool), len(gold) - tp)
    report.periods = Score(period_hits, 0, period_total - period_hits)


def _same_period(a: Any, b: Any) -> bool:
    return a is not None and _period_key(a) == _period_key(b)


GOLD_SUFFIX = ".facts.jsonl"


@dataclass(frozen=True)
class Scored:
    """One document's report in a folder evaluation."""

    name: str
    report: Report


def evaluate_folder(gold_dir: Path, predicted_dir: Path, *, extractor: str = "rules") -> list[Scored]:
    """Score every ``<name>.facts.jsonl`` in ``gold_dir`` against ``<name>`` in ``predicted_dir``.

    The prediction is a fact-line file (``<name>.jsonl`` or ``<name>.facts.jsonl``) when there is one,
    else a document (``<name>.txt``, ``.md``, ``.html``, ``.pdf``) read now by ``extractor``.
    """
    golds = sorted(p for p in Path(gold_dir).iterdir() if p.name.endswith(GOLD_SUFFIX))
    if not golds:
        raise LoaderError(f"no *{GOLD_SUFFIX} files", path=str(gold_dir))
    return [Scored(g.name[: -len(GOLD_SUFFIX)], _score_one(g, Path(predicted_dir), extractor)) for g in golds]


def _score_one(gold: Path, predicted_dir: Path, extractor: str) -> Report:
    name = gold.name[: -len(GOLD_SUFFIX)]
    for candidate in (predicted_dir / f"{name}.jsonl", predicted_dir / f"{name}{GOLD_SUFFIX}"):
        if candidate.is_file() and candidate.resolve() != gold.resolve():
            return evaluate(read_fact_lines(gold), read_fact_lines(candidate))
    from kg.extract.documents import document_suffixes, extract_paths
    from kg.extract.factlines import to_fact_lines

    document = next(
        (predicted_dir / f"{name}{s}" for s in document_suffixes() if (predicted_dir / f"{name}{s}").is_file()), None
    )
    if document is None:
        raise LoaderError(f"no prediction or document named {name} in {predicted_dir}", path=str(gold))
    result = next(extract_paths([document], extractor=extractor))
    if result.error:
        raise LoaderError(result.error, path=str(document))
    return evaluate(read_fact_lines(gold), list(to_fact_lines(result.records)))


def micro(scored: Iterable[Scored]) -> Report:
    """The reports of a folder added up (micro-averaged)."""
    return sum((s.report for s in scored), Report())


@dataclass(frozen=True)
class CaseResult:
    """One regression case: the required lines it missed and the forbidden lines it produced."""

    id: str
    required: int
    missed: list[dict]
    violations: list[dict]

    @property
    def found(self) -> int:
        return self.required - len(self.missed)


def score_case(case: Mapping[str, Any], *, extractor: str = "rules") -> CaseResult:
    """Extract a case's ``text`` and check its ``facts`` (all required) and ``not`` lines (none allowed).

    Relations compare by subject, relation, object and status; figures by value and unit, and by
    subject, metric and period where the case gives them (see :func:`evaluate`).
    """
    from kg.extract import extract
    from kg.extract.factlines import to_fact_lines
    from kg.model import Document

    document = Document(f"case:{case['id']}", "0", text=str(case["text"]))
    predicted = list(to_fact_lines(extract(document, extractor=extractor)))
    required = [dict(x) for x in case.get("facts", [])]
    missed = [line for line in required if not _produced(line, predicted)]
    violations = [dict(x) for x in case.get("not", []) if _produced(dict(x), predicted)]
    return CaseResult(str(case["id"]), len(required), missed, violations)


def _produced(line: dict, predicted: list[dict]) -> bool:
    """Whether ``predicted`` holds ``line``: a relation with its status, or a figure of that subject, metric, value
    and unit (and period, where ``line`` gives one)."""
    if "p" in line:
        return evaluate([line], predicted).overall.tp == 1
    names = Names.from_lines([line, *predicted])
    for p in predicted:
        if "metric" not in p or _unit_key(p) != _unit_key(line) or not _close(float(p["value"]), float(line["value"])):
            continue
        if p["metric"] != line["metric"] or names.key(p["s"]) != names.key(line["s"]):
            continue
        if "period" not in line or _same_period(p.get("period"), line["period"]):
            return True
    return False
