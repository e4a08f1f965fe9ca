"""Extraction throughput: the rule-based extractor's words/s beside spaCy's blank tokenizer.

The floor of any spaCy-based reading is tokenizing the text once; the
extractor adds sentence splitting, gazetteers, relation patterns and figures
on top.  The synthetic documents are seeded (the same seed always writes the
same folder) and built from sentence templates with varied names, so the
rules have real work to do: names, places, amounts, periods, coreference.
Both are timed in CPU seconds of this process, so other work on a shared
machine does not distort the figures or their ratio.

Usage: python benchmarks/extraction.py [N_DOCS] [--seed 7] [--keep FOLDER]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(1, str(Path(__file__).resolve().parent))
from synthetic import count

SYLLABLES = [
    "nor",
    "va",
    "tek",
    "lum",
    "zen",
    "ka",
    "ori",
    "sol",
    "mar",
    "qui",
    "ban",
    "dex",
    "ro",
    "vi",
    "tal",
    "pri",
    "hal",
    "cor",
    "mi",
    "sen",
    "ax",
    "lo",
    "fen",
    "gra",
]
SUFFIXES = ["Tech", "Group", "Motors", "Robotics", "Energy", "Labs", "Holdings", "Inc.", "Systems", "Retail"]
COUNTRIES = [
    "Germany",
    "France",
    "Japan",
    "South Korea",
    "the United States",
    "Brazil",
    "India",
    "Vietnam",
    "Thailand",
    "Spain",
    "Italy",
    "Poland",
    "Mexico",
    "Indonesia",
    "the Netherlands",
    "Australia",
    "Canada",
    "Turkey",
]
REGIONS = [
    "Southeast Asia",
    "the Middle East",
    "Latin America",
    "Europe",
    "North America",
    "Africa",
    "the Asia-Pacific region",
]
CHANNELS = [
    "distributors",
    "franchise partners",
    "online marketplaces",
    "flagship stores",
    "system integrators",
    "dealers",
    "department stores",
    "telecom operators",
]
SEGMENTS = [
    "electric vehicles",
    "smart home devices",
    "cloud software",
    "mobile games",
    "home appliances",
    "industrial robots",
    "payments",
    "batteries",
]
CURRENCIES = ["$", "€", "£", "RMB ", "HK$", "¥"]
TEMPLATES = [
    "{A}, a {demonym} maker of {segment}, said on {weekday} that it had entered {country} through local {channel}.",
    "In {month} {year}, {A} launched the {Product}, its new {segment_word} model, in {country} and {country2}.",
    "The company plans to open a sales subsidiary in {country} next year and is considering a move into {region}.",
    "{A} reported revenue of {money} for the {ordinal} quarter of {year}, up {pct}% year on year.",
    "Its overseas revenue accounted for {pct}% of the total, while operating profit rose {pct2}% to {money2}.",
    "{A} acquired a {share}% stake in {B} for {money} in {year}, giving it a foothold in {region}.",
    "{B} is headquartered in {country} and sells through {channel} and {channel2}.",
    "Analysts at a regional brokerage expect the market for {segment} to keep growing for several years.",
    "{A} partnered with {B} to build a charging network across {country}.",
    "It now runs {count} stores in more than {small} countries and serves about {users} million users.",
    "{A} denied reports that it would acquire {B}, a {demonym} rival.",
    "{A} no longer sells through {channel} in {country} after demand there weakened.",
    "Management said the focus for the coming year would be on cost control and on service quality.",
    "{A} has set up subsidiaries in {country} and {country2} and is expanding its dealer network in {region}.",
    "The group invested {money} in {B} in {month} {year}.",
    "Starting from {segment}, {A} is accelerating its entry into the {segment_word} track.",
    "Shares of the company closed slightly higher on the day, in line with the broader index.",
    "Its sub-brand {Brand} competes in {segment} and is sold through {channel} in {region}.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DEMONYMS = ["Chinese", "Korean", "Japanese", "German", "French", "Indian", "Brazilian", "Swedish"]


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _company(rng: random.Random) -> str:
    return f"{_name(rng, rng.randint(2, 3))} {rng.choice(SUFFIXES)}"


def _money(rng: random.Random) -> str:
    scale = rng.choice(["million", "billion", "bn", "m"])
    amount = f"{rng.uniform(1, 900):.1f}"
    return f"{rng.choice(CURRENCIES)}{amount}{'' if len(scale) <= 2 else ' '}{scale}"


def _slots(rng: random.Random) -> dict[str, str]:
    countries = rng.sample(COUNTRIES, 2)
    channels = rng.sample(CHANNELS, 2)
    return {
        "A": _company(rng),
        "B": _company(rng),
        "Product": f"{_name(rng)} {rng.randint(2, 9)}",
        "Brand": _name(rng),
        "country": countries[0],
        "country2": countries[1],
        "region": rng.choice(REGIONS),
        "channel": channels[0],
        "channel2": channels[1],
        "segment": rng.choice(SEGMENTS),
        "segment_word": rng.choice(["AI video", "home robot", "fintech", "logistics"]),
        "demonym": rng.choice(DEMONYMS),
        "weekday": rng.choice(WEEKDAYS),
        "month": rng.choice(MONTHS),
        "year": str(rng.randint(2019, 2026)),
        "ordinal": rng.choice(["first", "second", "third", "fourth"]),
        "money": _money(rng),
        "money2": _money(rng),
        "pct": f"{rng.uniform(1, 80):.1f}",
        "pct2": str(rng.randint(2, 40)),
        "share": str(rng.randint(5, 60)),
        "count": f"{rng.randint(100, 9000):,}",
        "small": str(rng.randint(10, 120)),
        "users": str(rng.randint(1, 300)),
    }


def document(rng: random.Random) -> str:
    """One synthetic news article: a title line, then paragraphs of templated sentences."""
    slots = _slots(rng)
    title = f"{slots['A']} pushes into {slots['country']}"
    paragraphs = [
        " ".join(t.format(**slots) for t in rng.sample(TEMPLATES, rng.randint(3, 6))) for _ in range(rng.randint(3, 5))
    ]
    return "\n".join([title, *paragraphs]) + "\n"


def write_corpus(folder: Path, n_docs: int, seed: int = 7) -> list[Path]:
    """``n_docs`` seeded documents written to ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n_docs):
        path = folder / f"doc-{i:05d}.txt"
        path.write_text(document(rng), encoding="utf-8")
        paths.append(path)
    return paths


def _tokenizer_seconds(texts: list[str]) -> float:
    import spacy

    nlp = spacy.blank("en")
    started = time.process_time()
    for _ in nlp.tokenizer.pipe(texts, batch_size=256):
        pass
    return time.process_time() - started


def _extract_seconds(paths: list[Path], progress: bool) -> tuple[float, int, int]:
    from kg.extract import extract
    from kg.model import Document, Fact, Observation
    from loaders.text import TextLoader

    loader, facts, figures = TextLoader(), 0, 0
    documents = [next(loader.load(p)) for p in paths]
    extract(Document("warm-up", "0", text="Acme Robotics entered Japan in 2025."))
    started = time.process_time()
    for document_ in _progress(documents, progress):
        records = extract(document_)
        facts += sum(isinstance(r, Fact) for r in records)
        figures += sum(isinstance(r, Observation) for r in records)
    return time.process_time() - started, facts, figures


def _progress(items: list, show: bool):
    if not show:
        yield from items
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("extracting", total=len(items))
        for item in items:
            yield item
            bar.advance(task)


def run(n_docs: int, seed: int = 7, *, progress: bool = False, folder: Path | None = None) -> dict:
    """Words/s of the rules extractor and of spaCy's blank tokenizer on ``n_docs`` seeded documents."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(folder or Path(tmp), n_docs, seed)
        texts = [p.read_text(encoding="utf-8") for p in paths]
        words = sum(len(t.split()) for t in texts)
        seconds, facts, figures = _extract_seconds(paths, progress)
        ceiling = _tokenizer_seconds(texts)
    return {
        "documents": n_docs,
        "words": words,
        "seconds": round(seconds, 3),
        "facts": facts,
        "figures": figures,
        "words_per_s": round(words / seconds),
        "tokenizer_words_per_s": round(words / ceiling),
        "ratio": round(ceiling / seconds, 3),
    }


#: Sizes of one document for the scaling rows: extraction must stay linear in the size of its input.
SCALING_KB = (10, 100, 1000)


def scaling_sizes(n_facts: int) -> tuple[int, ...]:
    """The document sizes timed beside a run of ``n_facts``: 10 KB to 1 MB from 10^5 facts on, a tenth of that
    below (a tiny run stays quick, and still shows whether time grows with the input)."""
    return SCALING_KB if n_facts >= 100_000 else tuple(kb // 10 for kb in SCALING_KB)


def scaling(seed: int = 7, sizes: tuple[int, ...] = SCALING_KB) -> list[dict]:
    """Words/s on one document of each size (KB): seeded paragraphs joined, and the same text as one run-on line."""
    from kg.extract import extract
    from kg.model import Document

    rng = random.Random(seed)
    paragraphs = [document(rng) for _ in range(400)]
    extract(Document("warm-up", "0", text=paragraphs[0]))
    out = []
    for kb in sizes:
        text, i = "", 0
        while len(text) < kb * 1000:
            text += paragraphs[i % len(paragraphs)] + "\n\n"
            i += 1
        for shape, body in (("paragraphs", text), ("one run-on line", text.replace("\n", " ").replace(". ", ", "))):
            start = time.perf_counter()
            extract(Document(f"{kb}kb", "0", text=body))
            seconds = time.perf_counter() - start
            out.append({"size_kb": kb, "shape": shape, "words_per_s": round(len(body.split()) / seconds)})
    return out


def rows(n_facts: int, seed: int = 7) -> list[dict]:
    """Rows for ``benchmarks/run.py``: about one document per ten facts of the size asked for, then one
    document of 10 KB, 100 KB and 1 MB (a tenth of those below 10^5 facts), each beside the smallest one's
    figure (linear extraction keeps them level)."""
    result = run(max(50, min(n_facts // 10, 5000)), seed)
    out = [
        {
            "figure": "rules extraction",
            "value": result["words_per_s"],
            "unit": "words/s",
            "baseline": "spaCy blank tokenizer",
            "baseline_value": result["tokenizer_words_per_s"],
        }
    ]
    sizes = scaling_sizes(n_facts)
    sized = scaling(seed, sizes)
    first = {r["shape"]: r["words_per_s"] for r in sized if r["size_kb"] == sizes[0]}
    for r in sized:
        out.append(
            {
                "figure": f"rules extraction, one {r['size_kb']:,} KB document ({r['shape']})",
                "value": r["words_per_s"],
                "unit": "words/s",
                "baseline": f"the same at {sizes[0]} KB",
                "baseline_value": first[r["shape"]],
            }
        )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_docs", nargs="?", type=count, default=1000, help="documents to extract from (default: 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the documents to this folder and keep them")
    parser.add_argument("--scaling", action="store_true", help="also time one document of 10 KB, 100 KB and 1 MB")
    args = parser.parse_args(argv)
    result = run(args.n_docs, args.seed, progress=sys.stderr.isatty(), folder=args.keep)
    print(
        f"{result['documents']} documents, {result['words']:,} words, {result['facts']:,} facts, "
        f"{result['figures']:,} figures"
    )
    print(f"rules extractor      {result['words_per_s']:>10,} words/s")
    print(f"spaCy blank tokenizer {result['tokenizer_words_per_s']:>9,} words/s (the ceiling)")
    print(f"ratio                {result['ratio']:>10.1%} of the ceiling")
    if args.scaling:
        for r in scaling(args.seed):
            print(f"one {r['size_kb']:>5,} KB document, {r['shape']:<15} {r['words_per_s']:>10,} words/s")


if __name__ == "__main__":
    main()
