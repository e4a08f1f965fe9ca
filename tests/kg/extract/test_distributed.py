"""Extraction as a job (kg.extract.distributed, ``kg extract-job``) on a Dask LocalCluster the tests start.

The reference is ``kg extract`` itself: its printed lines, sorted, must equal the job's part files' lines,
sorted, byte for byte.  The big corpus runs on the cluster once (and once more to show a rerun reads
nothing); the other cases use small corpora, on the cluster or in this process.  Dask comes with the test
extra, so a missing Dask fails these tests rather than skipping them.
"""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.extract.distributed import (
    ClusterError,
    Failure,
    JobSettings,
    corpus_sources,
    dask_mapper,
    extract_corpus,
    in_process,
    part_name,
    partition_of,
    plan,
    run_partition,
)

N_DOCUMENTS = 10_000

FIRMS = ["Orvane", "Telquist", "Mirabo", "Castrel", "Unduvo", "Pelrath", "Quenby", "Sarvik", "Lodemar", "Brisk"]
KINDS = ["Foods", "Robotics", "Textiles", "Energy", "Logistics", "Optics"]
PLACES = ["Chile", "Norway", "Kenya", "Portugal", "Vietnam", "Peru", "Morocco", "Finland", "São Paulo", "Zürich"]
SENTENCES = [
    "{firm} opened a sales office in {place} in {year}.",
    "{firm} sells its lamps through local dealers and online marketplaces.",
    "{firm} reported revenue of ${amount} million for {year}, up {pct}% on the year before.",
    "{firm} set up a subsidiary in {place} and partnered with {other} there.",
    "The company plans to enter {place} next year.",
    "{firm} acquired {other} for €{amount} million in {year}.",
    "Its rivals kept their prices low through the winter.",
]


def write_corpus(folder: Path, n: int, seed: int = 11) -> list[Path]:
    """``n`` short invented news items (one to three sentences), the same for the same seed."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        slots = {
            "firm": f"{rng.choice(FIRMS)} {rng.choice(KINDS)}",
            "other": f"{rng.choice(FIRMS)}{rng.choice(['', 'a', 'on'])} {rng.choice(KINDS)}",
            "place": rng.choice(PLACES),
            "year": rng.randint(2014, 2026),
            "amount": rng.randint(2, 900),
            "pct": rng.randint(1, 60),
        }
        text = " ".join(s.format(**slots) for s in rng.sample(SENTENCES, rng.randint(1, 3)))
        path = folder / f"item-{i:05d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def kg_extract(*inputs: Path) -> tuple[list[str], list[str]]:
    """What ``kg extract`` prints for ``inputs``: its stdout lines, sorted, and its error lines."""
    from click.testing import CliRunner

    from kg.cli.extract_cmd import extract_cmd

    result = CliRunner().invoke(extract_cmd, ["-q", *map(str, inputs)], catch_exceptions=False)
    return sorted(result.stdout.splitlines()), [e for e in result.stderr.splitlines() if e.startswith("Error: ")]


def job_lines(output: Path) -> list[str]:
    return sorted(line for part in sorted(output.glob("part-*.jsonl")) for line in part.read_text().splitlines())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, one thread each, as ``kg extract-job --workers 2`` starts them."""
    from dask.distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.CRITICAL,
    ) as local:
        yield local


@pytest.fixture(scope="module")
def on_cluster(cluster):
    with dask_mapper(cluster.scheduler_address) as mapper:
        yield mapper


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, N_DOCUMENTS)
    (folder / "item-empty.txt").write_text("")  # fails: an empty document
    return folder


@pytest.fixture(scope="module")
def big_run(big_corpus, on_cluster, tmp_path_factory):
    output = tmp_path_factory.mktemp("job") / "facts"
    return output, extract_corpus(corpus_sources([big_corpus]), output, mapper=on_cluster)


def test_the_job_on_a_cluster_prints_what_kg_extract_prints(big_corpus, big_run):
    output, report = big_run
    printed, errors = kg_extract(big_corpus)
    assert (report.documents, report.extracted, report.partitions) == (N_DOCUMENTS + 1, N_DOCUMENTS + 1, 41)
    assert len(printed) > 5 * N_DOCUMENTS and job_lines(output) == printed
    empty = big_corpus / "item-empty.txt"
    assert errors == [f"Error: {empty}: empty document"]
    assert report.failures == [Failure(str(empty), f"{empty}: empty document")]
    listed = json.loads((output / "failures.json").read_text())
    assert listed == [{"source": str(empty), "error": f"{empty}: empty document"}]


def test_a_rerun_reads_only_the_failed_document_and_changes_no_byte(big_corpus, big_run, on_cluster):
    output, _ = big_run
    before = snapshot(output)
    again = extract_corpus(corpus_sources([big_corpus]), output, mapper=on_cluster)
    assert (again.extracted, again.reused, again.written, len(again.failures)) == (1, N_DOCUMENTS, 1, 1)
    assert snapshot(output) == before


def test_a_part_holds_its_documents_in_order_of_source_as_the_manifest_says(big_run):
    output, report = big_run
    manifest = json.loads((output / "manifest" / "part-00000.json").read_text())
    sources = [d["source"] for d in manifest["documents"]]
    assert sources == sorted(sources) and all(partition_of(s, report.partitions) == 0 for s in sources)
    lines = (output / part_name(0)).read_text().splitlines()
    assert len(lines) == sum(d.get("lines", 0) for d in manifest["documents"])
    first = manifest["documents"][0]
    assert all(json.loads(line).get("source", first["source"]) == first["source"] for line in lines[: first["lines"]])


def test_the_same_input_gives_the_same_folder_on_the_cluster_and_in_process(tmp_path, on_cluster):
    sources = corpus_sources([*write_corpus(tmp_path / "corpus", 300)])
    extract_corpus(sources, tmp_path / "a", mapper=on_cluster)
    extract_corpus(sources[::-1], tmp_path / "b", mapper=in_process)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b") and len(snapshot(tmp_path / "a")) == 2 + 2 * 2


def test_a_rerun_reads_the_changed_and_new_documents_and_drops_the_removed(tmp_path):
    corpus = tmp_path / "corpus"
    paths = write_corpus(corpus, 300)
    extract_corpus(corpus_sources([corpus]), tmp_path / "out")
    paths[3].write_text("Brisk Optics opened a sales office in Kenya in 2021.\n", encoding="utf-8")
    (corpus / "item-new.txt").write_text("Sarvik Energy set up a subsidiary in Peru.\n", encoding="utf-8")
    paths[7].unlink()
    report = extract_corpus(corpus_sources([corpus]), tmp_path / "out")
    assert (report.documents, report.extracted, report.reused, report.failures) == (300, 2, 298, [])
    assert 1 <= report.written <= 2 and job_lines(tmp_path / "out") == kg_extract(corpus)[0]


def test_a_new_partition_count_or_a_damaged_part_means_reading_again(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 120)
    out = tmp_path / "out"
    extract_corpus(corpus_sources([corpus]), out, partitions=5)
    report = extract_corpus(corpus_sources([corpus]), out, partitions=3)
    assert report.extracted == 120 and sorted(p.name for p in out.glob("part-*")) == [part_name(i) for i in range(3)]
    assert len(list((out / "manifest").glob("*.json"))) == 3
    (out / part_name(1)).write_text("{}\n")
    report = extract_corpus(corpus_sources([corpus]), out)
    assert report.partitions == 3 and report.written == 1 and 0 < report.extracted < 120
    assert job_lines(out) == kg_extract(corpus)[0]


def test_an_empty_corpus_gives_an_empty_part(tmp_path):
    (tmp_path / "corpus").mkdir()
    report = extract_corpus(corpus_sources([tmp_path / "corpus"]), tmp_path / "out")
    assert (report.documents, report.partitions, report.written) == (0, 1, 1)
    assert (tmp_path / "out" / part_name(0)).read_bytes() == b""


def test_other_settings_are_not_taken_for_this_runs(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40)
    extract_corpus(corpus_sources([corpus]), tmp_path / "out")
    report = extract_corpus(corpus_sources([corpus]), tmp_path / "out", settings=JobSettings(max_text_chars=10_000))
    assert report.extracted == 40


def test_a_partition_that_cannot_be_written_reports_each_of_its_documents(tmp_path, on_cluster):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 30)
    out = tmp_path / "out"
    (out / part_name(0) / "in-the-way").mkdir(parents=True)
    (out / "manifest").mkdir()
    report = extract_corpus(corpus_sources([corpus]), out, mapper=on_cluster)
    assert len(report.failures) == 30 and report.lines == 0
    assert all("partition 0 was not written: IsADirectoryError" in f.error for f in report.failures)
    assert all(f.error.startswith(f.source) for f in report.failures)


def test_a_partition_whose_workers_died_says_so_for_each_document():
    from kg.extract.distributed import lost_partition

    class KilledWorker(Exception):  # what Dask raises, by name: the test needs no dying worker
        pass

    (task,) = plan(["a.txt", "b.txt"], 1, Path("out"), JobSettings())
    report = lost_partition(task, KilledWorker("run_partition-0", "<WorkerState>", 3))
    assert [f.error for f in report.failures] == [
        f"{s}: partition 0 was not written: every worker that ran it died (out of memory, or a crash in native code)"
        for s in ("a.txt", "b.txt")
    ]


def test_a_worker_with_other_extraction_code_refuses_its_partition(tmp_path):
    from dataclasses import replace

    from kg.errors import KGError

    (task,) = plan([str(write_corpus(tmp_path, 1)[0])], 1, tmp_path / "out", JobSettings())
    with pytest.raises(KGError, match="differs from the client's"):
        run_partition(replace(task, fingerprint="0" * 16))


def test_an_unreachable_scheduler_is_one_error():
    unreachable = r"cannot reach the Dask scheduler tcp://127\.0\.0\.1:9"
    with pytest.raises(ClusterError, match=unreachable) as caught, dask_mapper("tcp://127.0.0.1:9", timeout="1s"):
        pass
    assert caught.value.exit_code == 4


# --- the command -----------------------------------------------------------------------------------------


def test_the_command_on_a_cluster_then_again_in_process(invoke, tmp_path, cluster):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 60)
    (corpus / "item-empty.txt").write_text("")
    out = tmp_path / "facts"
    first = invoke("extract-job", str(corpus), "-o", str(out), "--scheduler", cluster.scheduler_address)
    assert first.exit_code == 1 and first.stdout == ""
    error, summary = first.stderr.splitlines()
    assert error == f"Error: {corpus / 'item-empty.txt'}: empty document"
    assert summary.startswith("61 documents: 61 extracted, 0 unchanged, 1 failed; ")
    assert job_lines(out) == kg_extract(corpus)[0]
    again = invoke("extract-job", str(corpus), "-o", str(out), "--engine", "serial")
    assert again.exit_code == 1 and again.stderr.splitlines()[1].startswith("61 documents: 1 extracted, 60 unchanged")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: (tmp / "missing", tmp / "out"), "missing: no such file or folder"),
        (lambda tmp: (tmp / "corpus", tmp / "notes.md"), "notes.md: not a folder"),
        (lambda tmp: (tmp / "corpus", tmp), "is not the output of an extraction job"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(invoke, tmp_path, make, message):
    write_corpus(tmp_path / "corpus", 2)
    (tmp_path / "notes.md").write_text("# notes\n")
    inputs, out = make(tmp_path)
    result = invoke("extract-job", str(inputs), "-o", str(out), "--engine", "serial")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr


def test_the_command_draws_its_bar_only_when_asked(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    write_corpus(tmp_path / "corpus", 12)
    args = ["extract-job", str(tmp_path / "corpus"), "--engine", "serial", "-o"]
    drawn = CliRunner().invoke(cli, [*args, str(tmp_path / "a")], env={"KG_PROGRESS": "always"})
    piped = CliRunner().invoke(cli, [*args, str(tmp_path / "b")])
    assert drawn.exit_code == piped.exit_code == 0
    assert "\x1b[?25l" in drawn.stderr and "extracting" in drawn.stderr  # rich hides the cursor while it draws
    assert piped.stderr.startswith("12 documents: 12 extracted") and len(piped.stderr.splitlines()) == 1
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_documents_named_by_urls_give_what_their_files_give_with_the_url_as_source(tmp_path, on_cluster):
    """An object store's documents are listed and read through fsspec, on every worker (here file:// URLs, which
    the worker processes can read as they would s3://); each line is the file's own, its source the URL, and a
    document that cannot be read fails alone."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 30, seed=5)
    (corpus / "item-empty.txt").write_text("")
    url = corpus.as_uri()
    sources = corpus_sources([url])
    assert sources == [f"{url}/{p.name}" for p in sorted(corpus.iterdir())]
    report = extract_corpus(sources, tmp_path / "by-url", partitions=3, mapper=on_cluster)
    from_files = extract_corpus(corpus_sources([corpus]), tmp_path / "by-path", partitions=3)
    assert report.documents == 31 and [f.source for f in report.failures] == [f"{url}/item-empty.txt"]
    assert report.failures[0].error == f"{url}/item-empty.txt: empty document"

    def by_path(line: str) -> str:
        fields = json.loads(line)
        if "source" in fields:
            fields["source"] = str(corpus / fields["source"].rsplit("/", 1)[1])
        return json.dumps(fields, ensure_ascii=False)

    assert sorted(map(by_path, job_lines(tmp_path / "by-url"))) == job_lines(tmp_path / "by-path")
    assert all(json.loads(line).get("source", url).startswith(url) for line in job_lines(tmp_path / "by-url"))
    assert from_files.failures[0].error.endswith("item-empty.txt: empty document")


def test_a_url_that_lists_nothing_is_one_line(tmp_path):
    with pytest.raises(KGError, match=r"^file://.*/missing: no such file or folder$"):
        corpus_sources([(tmp_path / "missing").as_uri()])
    with pytest.raises(KGError, match=r"^nosuchscheme://bucket/news: cannot list it: "):
        corpus_sources(["nosuchscheme://bucket/news"])
