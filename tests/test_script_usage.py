"""Scripts print their usage on --help and on missing or bad arguments, and do nothing else (issue 22)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

#: Every Python script in benchmarks/ and scripts/, so a new one is held to the same rule.
SCRIPTS = sorted(str(p.relative_to(ROOT)) for folder in ("benchmarks", "scripts") for p in (ROOT / folder).glob("*.py"))
#: Benchmarks that measure at the numbers of facts given as [N ...].
SIZED = [
    "benchmarks/cli_latency.py",
    "benchmarks/embedded_load.py",
    "benchmarks/exports.py",
    "benchmarks/neo4j_export.py",
    "benchmarks/neo4j_load.py",
    "benchmarks/paths.py",
    "benchmarks/sparql_endpoint.py",
]


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, script, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_every_script_is_covered():
    assert set(SIZED) | {"benchmarks/synthetic.py", "benchmarks/run.py", "scripts/cli_docs.py"} <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_help_prints_usage(script):
    result = run(script, "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: ") and result.stderr == "", result.stderr


@pytest.mark.parametrize("script", SCRIPTS)
def test_an_unknown_option_prints_usage_and_does_nothing(script):
    result = run(script, "--no-such-option")
    assert result.returncode == 2 and result.stdout == "", result.stdout
    # (a script with required arguments names those first)
    assert result.stderr.startswith("usage: ") and (
        "unrecognized arguments: --no-such-option" in result.stderr
        or "the following arguments are required" in result.stderr
    )


@pytest.mark.parametrize(
    "script, args, error",
    [
        *((script, ["abc"], "'abc' is not a number") for script in SIZED),
        *((script, ["1e4", "0"], "'0' is not a positive whole number") for script in SIZED),
        ("benchmarks/paths.py", ["--embedded-only", "--cypher-only"], "not allowed with argument"),
        ("benchmarks/synthetic.py", [], "the following arguments are required: target, lines"),
        ("benchmarks/synthetic.py", ["facts.jsonl", "many"], "'many' is not a number"),
        ("benchmarks/run.py", ["--size", "big"], "'big' is not a number"),
        ("benchmarks/run.py", ["--repeat", "0"], "'0' is not a positive whole number"),
        ("benchmarks/extraction.py", ["-3"], "'-3' is not a positive whole number"),
    ],
)
def test_bad_arguments_print_usage_not_a_traceback(script, args, error):
    result = run(script, *args)
    assert result.returncode == 2 and result.stdout == "", result.stdout
    assert result.stderr.startswith("usage: ") and error in result.stderr and "Traceback" not in result.stderr, (
        result.stderr
    )


def test_the_test_script_prints_its_usage_and_starts_nothing():
    result = subprocess.run(["bash", "scripts/test", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Usage: scripts/test [PYTEST ARGS...]" in result.stdout
