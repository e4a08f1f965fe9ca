"""Progress on long runs: a bar on stderr on a terminal, nothing when piped, nothing with --quiet."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import EXAMPLES, ROOT

#: What rich draws: the cursor hidden while the bar runs, and the spinner's line redrawn.
DRAWN = "\x1b[?25l"


def kg(data, *args, **env):
    return CliRunner().invoke(cli, list(args), env={"KG_DATA": str(data), "KG_STORE": "embedded", **env})


@pytest.fixture
def docs(tmp_path):
    """Twelve small documents: enough for kg extract to draw its bar."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(12):
        (folder / f"note-{i:02}.txt").write_text(f"Acme Robotics{i} expanded into Germany in 2025.\n")
    return folder


def test_load_draws_a_bar_when_forced_and_prints_the_same_result(tmp_path):
    drawn = kg(tmp_path / "a", "load", str(EXAMPLES / "factsheets"), KG_PROGRESS="always")
    plain = kg(tmp_path / "b", "load", str(EXAMPLES / "factsheets"))
    assert drawn.exit_code == plain.exit_code == 0
    assert DRAWN in drawn.stderr and "loading" in drawn.stderr and "files" in drawn.stderr
    assert plain.stderr == ""  # CliRunner's stderr is no terminal: nothing drawn
    strip = lambda text: text.replace(str(tmp_path / "a"), "").replace(str(tmp_path / "b"), "")  # noqa: E731
    assert strip(drawn.stdout) == strip(plain.stdout)  # the bar never reaches stdout


def test_a_big_file_says_how_far_its_load_has_come(tmp_path, monkeypatch):
    """One file is one step of the bar: meanwhile its description counts records, then names the write."""
    from kg.pipeline import Announced
    from kg.rdf import QuadSpool

    monkeypatch.setattr(Announced, "every", 40)  # as a file of a million lines does every 20,000
    monkeypatch.setattr(QuadSpool, "spill_at", 300)
    lines = "".join(f'{{"s": "Maker {i}", "p": "expandsInto", "o": "Germany"}}\n' for i in range(100))
    (tmp_path / "big.jsonl").write_text(lines, encoding="utf-8")
    drawn = kg(tmp_path / "a", "load", str(tmp_path / "big.jsonl"), KG_PROGRESS="always")
    assert drawn.exit_code == 0, drawn.output
    assert "big.jsonl: resolving facts, 80 records" in drawn.stderr
    assert "big.jsonl: writing " in drawn.stderr and " quads" in drawn.stderr
    assert "records" not in drawn.stdout
    piped = kg(tmp_path / "b", "load", str(tmp_path / "big.jsonl"))
    assert piped.exit_code == 0 and piped.stderr == ""


@pytest.mark.parametrize("how", [{"args": ["--quiet"]}, {"args": ["-q"]}, {"env": {"KG_PROGRESS": "never"}}])
def test_quiet_silences_the_bar(tmp_path, how):
    env = {"KG_PROGRESS": "always", **how.get("env", {})}
    result = kg(tmp_path / "d", "load", str(EXAMPLES / "factsheets"), *how.get("args", []), **env)
    assert result.exit_code == 0 and result.stderr == ""


def test_export_counts_rows_when_forced(tmp_path):
    data = tmp_path / "d"
    kg(data, "load", str(EXAMPLES / "factsheets"))
    drawn = kg(data, "export", "--format", "ntriples", "-o", str(tmp_path / "a.nt"), KG_PROGRESS="always")
    assert drawn.exit_code == 0 and DRAWN in drawn.stderr and "exporting ntriples" in drawn.stderr
    quiet = kg(data, "export", "--format", "ntriples", "-o", str(tmp_path / "b.nt"), "--quiet", KG_PROGRESS="always")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()


def test_extract_of_a_folder_draws_a_bar_when_forced(tmp_path, docs):
    drawn = kg(tmp_path / "d", "extract", str(docs), KG_PROGRESS="always")
    assert drawn.exit_code == 0 and DRAWN in drawn.stderr and "extracting" in drawn.stderr
    quiet = kg(tmp_path / "d", "extract", str(docs), "--quiet", KG_PROGRESS="always")
    assert DRAWN not in quiet.stderr and "12 documents" in quiet.stderr  # the summary line stays
    assert drawn.stdout == quiet.stdout


def run_kg(args, data, *, stderr_tty: bool) -> tuple[str, str]:
    """Run kg in a process whose stderr is a pseudo-terminal or a pipe; its stdout is always a pipe."""
    env = {k: v for k, v in os.environ.items() if k != "KG_PROGRESS"}
    env.update(KG_DATA=str(data), KG_STORE="embedded", PYTHONPATH=str(ROOT), COLUMNS="100")
    code = "import sys; sys.argv[0] = 'kg'; from kg.cli import cli; cli()"
    if not stderr_tty:
        done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=300)
        return done.stdout, done.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    err = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 300)
        try:
            chunk = os.read(leader, 4096) if ready else b""
        except OSError:  # the process closed the terminal
            chunk = b""
        if not chunk:
            break
        err += chunk
    out = proc.stdout.read().decode()
    proc.wait(timeout=60)
    os.close(leader)
    return out, err.decode(errors="replace")


def test_a_real_terminal_gets_the_bar_and_a_pipe_does_not(tmp_path):
    out_tty, err_tty = run_kg(["load", str(EXAMPLES / "factsheets")], tmp_path / "a", stderr_tty=True)
    out_pipe, err_pipe = run_kg(["load", str(EXAMPLES / "factsheets")], tmp_path / "b", stderr_tty=False)
    assert DRAWN in err_tty and "loading" in err_tty
    assert err_pipe == "" and "\x1b" not in out_pipe
    assert out_tty.count("\n") == out_pipe.count("\n") and "sources (" in out_pipe
