"""Seeded synthetic fact sheets of any size, shaped like real expansion data.

Companies get a Zipf-like share of the facts (a few giants, a long tail), each
with subsidiaries, brands, products, channels, markets and figures; the same
seed always gives the same lines, so every run measures the same work.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from pathlib import Path

import pycountry

RELATION_MIX = [
    ("hasSubsidiary", 8),
    ("hasBrand", 6),
    ("launches", 14),
    ("expandsInto", 14),
    ("operatesIn", 12),
    ("sellsThrough", 14),
    ("competesIn", 10),
    ("adoptsStrategy", 4),
    ("partnersWith", 6),
    ("acquires", 4),
    ("headquarteredIn", 2),
    ("locatedIn", 6),
]
CHANNELS = [
    "distributors",
    "dealer network",
    "franchise partners",
    "online marketplaces",
    "direct-sales stores",
    "supermarket counters",
    "carrier partners",
    "system integrators",
]
SEGMENTS = [
    "floor-cleaning robots",
    "AI video generation",
    "electric vehicles",
    "battery cells",
    "cloud software",
    "mobile games",
    "smart home devices",
    "payments",
    "e-commerce",
]
STRATEGIES = ["overseas direct sales", "open-source strategy", "localised production", "platform ecosystem"]
REGIONS = ["Middle East", "Asia-Pacific", "Europe", "Latin America", "Southeast Asia", "North America"]
METRICS = [
    ("revenue", "USD"),
    ("revenueGrowthYoY", "percent"),
    ("overseasRevenueShare", "percent"),
    ("storeCount", "count"),
]


def _countries() -> list[str]:
    return sorted(c.name for c in pycountry.countries if "," not in c.name and "(" not in c.name)[:120]


def generate(n_facts: int, seed: int = 7) -> list[dict]:
    """``n_facts`` fact lines (relations and figures), entity lines first."""
    rng = random.Random(seed)
    countries = _countries()
    n_companies = max(3, n_facts // 25)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(n_companies)))
    lines = [{"entity": f"Company {i:06d}", "type": "Company", "aliases": [f"C{i:06d}"]} for i in range(n_companies)]
    relations, rel_weights = zip(*RELATION_MIX, strict=True)
    for n in range(n_facts):
        company = rng.choices(range(n_companies), cum_weights=cumulative)[0]
        if n % 10 == 9:
            metric, unit = rng.choice(METRICS)
            lines.append(
                {
                    "s": f"Company {company:06d}",
                    "metric": metric,
                    "value": round(rng.uniform(1, 1e6), 2),
                    "unit": unit,
                    "period": f"{rng.randint(2015, 2026)}-Q{rng.randint(1, 4)}",
                }
            )
            continue
        lines.append(_relation(rng, company, rng.choices(relations, rel_weights)[0], countries, n))
    return lines


def _relation(rng: random.Random, company: int, relation: str, countries: list[str], n: int) -> dict:
    s = f"Company {company:06d}"
    place = rng.choice(countries if rng.random() < 0.8 else REGIONS)
    objects = {
        "hasSubsidiary": f"Company {company:06d} Sub {n % 7}",
        "hasBrand": f"Brand {company:06d}-{n % 5}",
        "launches": f"Product {company:06d}-{n % 40}",
        "expandsInto": place,
        "operatesIn": place,
        "sellsThrough": rng.choice(CHANNELS),
        "competesIn": rng.choice(SEGMENTS),
        "adoptsStrategy": rng.choice(STRATEGIES),
        "partnersWith": f"Company {rng.randrange(company + 1):06d}",
        "acquires": f"Company {company:06d} Target {n % 11}",
        "headquarteredIn": rng.choice(countries),
    }
    if relation == "locatedIn":
        return {"s": f"Company {company:06d} Sub {n % 7}", "p": "locatedIn", "o": place}
    line = {
        "s": s,
        "p": relation,
        "o": objects[relation],
        "evidence": f"Synthetic sentence {n} about {s}.",
        "confidence": round(rng.uniform(0.5, 1), 2),
    }
    if relation in ("launches", "expandsInto", "acquires"):
        line["date"] = f"{rng.randint(2010, 2026)}-{rng.randint(1, 12):02d}"
    if relation == "sellsThrough" and rng.random() < 0.5:
        line["market"] = place
    return line


def write_sources(folder: Path, n_facts: int, seed: int = 7, per_file: int = 25_000) -> Path:
    """The same lines as :func:`write_jsonl`, split into files of ``per_file`` lines, as a collection of
    fact sheets would be (and so that no single source is one huge transaction); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = generate(n_facts, seed)
    for start in range(0, len(lines), per_file):
        with (folder / f"sheet-{start // per_file:04d}.jsonl").open("w", encoding="utf-8") as f:
            for line in lines[start : start + per_file]:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return folder


def write_jsonl(path: Path, n_facts: int, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for line in generate(n_facts, seed):
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


def count(text: str) -> int:
    """A positive whole number written as 100000, 100_000 or 1e5; an argparse type, so a bad one prints usage."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (write 100000 or 1e5)") from None
    if not value.is_integer() or value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(value)


def sizes_parser(doc: str, default: list[int]) -> argparse.ArgumentParser:
    """The command line of a benchmark that measures at several numbers of facts: ``[N ...]``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(
        "sizes",
        nargs="*",
        type=count,
        default=default,
        metavar="N",
        help="numbers of synthetic facts to measure at (1e5 is fine; default: "
        + " ".join(f"{n:.0e}".replace("+0", "") for n in default)
        + ")",
    )
    return parser


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], epilog="example: python benchmarks/synthetic.py facts.jsonl 1e5"
    )
    parser.add_argument("target", type=Path, help="JSONL file to write")
    parser.add_argument("lines", type=count, help="number of fact lines (1e5 is fine)")
    args = parser.parse_args()
    write_jsonl(args.target, args.lines)
