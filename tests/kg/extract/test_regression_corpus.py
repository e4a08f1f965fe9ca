"""The regression corpus (``regression/*.jsonl``): invented sentences per extraction mechanism.

Each file holds at least 40 cases written before the mechanisms they test, in
wording of their own (see ``regression/README.md``).  The floors below are the
recall each mechanism reached when its code was last changed, less a margin,
and the ceilings the forbidden readings it produced, plus a margin: a change
that makes any mechanism worse fails here, and the table printed with ``-s``
shows where it stands.  They record the state of the rules, not a target.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from kg.cli.render import table
from kg.evaluate import CaseResult, score_case

CORPUS = Path(__file__).parent / "regression"
MECHANISMS = sorted(p.stem for p in CORPUS.glob("*.jsonl"))
#: mechanism -> (recall floor, most forbidden lines allowed)
FLOORS = {
    "antecedents": (0.78, 4),
    "figure_context": (0.85, 3),
    "channels": (0.93, 2),
    "deals": (0.93, 2),
    "figures": (0.88, 6),
    "focus": (0.59, 8),
    "fronted": (0.60, 5),
    "headlines": (0.90, 1),
    "joint_ventures": (0.9, 1),
    "lists": (0.69, 6),
    "modality": (0.78, 4),
    "names": (0.80, 1),
    "noun_phrases": (0.56, 3),
    "partners": (0.77, 1),
    "partnerships": (0.89, 1),
    "ownership": (0.94, 4),
    "people_and_objects": (0.82, 2),
    "presence": (0.84, 3),
    "presence_evidence": (0.94, 2),
    "product_ownership": (0.88, 1),
    "products": (0.76, 3),
    "segment_descriptions": (0.95, 1),
    "segments": (0.92, 1),
    "segments_channels": (0.56, 4),
    "strategies": (0.89, 1),
}


def cases(mechanism: str) -> list[dict]:
    lines = (CORPUS / f"{mechanism}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@cache
def results(mechanism: str) -> tuple[CaseResult, ...]:
    return tuple(score_case(case) for case in cases(mechanism))


def test_every_mechanism_has_forty_cases_and_a_floor():
    assert set(MECHANISMS) == set(FLOORS)
    assert all(len(cases(m)) >= 40 for m in MECHANISMS)


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_cases_are_well_formed(mechanism):
    for case in cases(mechanism):
        assert {"id", "text", "facts", "not"} <= set(case), case.get("id")
        for line in [*case["facts"], *case["not"]]:
            assert "s" in line and ({"p", "o"} <= set(line) or {"metric", "value", "unit"} <= set(line)), case["id"]


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_mechanism_holds_its_recall_and_avoids_forbidden_readings(mechanism):
    found = results(mechanism)
    required = sum(r.required for r in found)
    recall = sum(r.found for r in found) / required
    violations = [(r.id, v) for r in found for v in r.violations]
    floor, ceiling = FLOORS[mechanism]
    print(f"\n{mechanism}: recall {recall:.2f} of {required} required lines, {len(violations)} forbidden readings")
    assert recall >= floor, [(r.id, m) for r in found for m in r.missed]
    assert len(violations) <= ceiling, violations


def test_table_of_all_mechanisms(capsys):
    rows = []
    for mechanism in MECHANISMS:
        found = results(mechanism)
        required = sum(r.required for r in found)
        rows.append(
            {
                "mechanism": mechanism,
                "cases": len(found),
                "required": required,
                "recall": round(sum(r.found for r in found) / required, 2),
                "forbidden": sum(len(r.violations) for r in found),
            }
        )
    print("\n" + table(rows))
    assert len(rows) == len(FLOORS)
