"""Print (or write into docs/extraction.md) the rules extractor's scores, from real runs.

    python scripts/extraction_scores.py [--shared ../shared] [--write docs/extraction.md]

Scores the seed article and the development corpus (``<shared>/gold`` against
``<shared>/corpus``, the same as ``kg eval``) and the regression corpus of
``tests/kg/extract/regression``.  With ``--write`` the tables replace the part
of the file between ``<!-- scores:start -->`` and ``<!-- scores:end -->``;
tests/docs/test_extraction_doc.py checks that the file holds what this prints.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- scores:start -->", "<!-- scores:end -->"


def _markdown(rows: list[dict]) -> str:
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(r[k]) for k in head) + " |" for r in rows]
    return "\n".join(lines)


def scores_markdown(shared: Path) -> str:
    from kg.evaluate import evaluate_folder, micro, score_case

    parts = []
    seed = micro(evaluate_folder(shared / "gold", shared / "corpus"))
    parts.append("Seed article (`kg eval ../shared/gold ../shared/corpus`):\n\n" + _markdown([seed.summary()]))
    scored = evaluate_folder(shared / "gold" / "dev", shared / "corpus" / "dev")
    total = micro(scored)
    rows = [{"document": s.name, **s.report.summary()} for s in scored]
    rows.append({"document": "**all (micro)**", **total.summary()})
    parts.append("Development corpus (`kg eval ../shared/gold/dev ../shared/corpus/dev`):\n\n" + _markdown(rows))
    relations = [r for r in total.rows() if r["relation"] not in ("figures", "figure values")]
    parts.append("Development corpus, by relation:\n\n" + _markdown(relations))
    corpus = ROOT / "tests" / "kg" / "extract" / "regression"
    mechanisms = []
    for path in sorted(corpus.glob("*.jsonl")):
        cases = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        results = [score_case(c) for c in cases]
        required = sum(r.required for r in results)
        mechanisms.append(
            {
                "mechanism": path.stem,
                "cases": len(cases),
                "required lines": required,
                "recall": f"{sum(r.found for r in results) / required:.2f}",
                "forbidden readings": f"{sum(len(r.violations) for r in results)} of "
                f"{sum(len(c['not']) for c in cases)}",
            }
        )
    parts.append("Regression corpus (`tests/kg/extract/regression`, invented sentences):\n\n" + _markdown(mechanisms))
    return "\n\n".join(parts) + "\n"


def write_into(path: Path, text: str) -> None:
    document = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(document):
        sys.exit(f"{path}: no {START} ... {END} block to replace")
    path.write_text(pattern.sub(lambda _: f"{START}\n{text}{END}", document), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (corpus, gold)")
    parser.add_argument("--write", type=Path, help="replace the scores block of this Markdown file")
    args = parser.parse_args(argv)
    if not (args.shared / "gold" / "dev").is_dir():
        parser.error(f"{args.shared}/gold/dev not found (give --shared)")
    text = scores_markdown(args.shared)
    if args.write:
        write_into(args.write, text)
    else:
        print(text, end="")


if __name__ == "__main__":
    main()
