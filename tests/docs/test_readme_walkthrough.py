"""The README's walkthrough runs as written on a fresh clone and touches no tracked file (issue 22)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def shown_outputs() -> dict[str, str]:
    """Command -> the output the README shows under it, for the commands shown with their whole output."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Walkthrough", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```console\n(.*?)```", section, re.S).group(1)
    shown: dict[str, str] = {}
    for piece in re.split(r"^\$ ", block, flags=re.M)[1:]:
        command, _, output = piece.partition("\n")
        if output.strip() and "..." not in output:
            shown[re.sub(r"\s+#.*$", "", command).strip()] = output.strip("\n")
    return shown


def walkthrough() -> list[str]:
    """The ``$ kg ...`` lines of the README's Walkthrough section, comments cut."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Walkthrough", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```console\n(.*?)```", section, re.S).group(1)
    return [re.sub(r"\s+#.*$", "", line[2:]).strip() for line in block.splitlines() if line.startswith("$ ")]


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A copy of the repository's tracked files (as they are now), with a kg command that runs its code."""
    repo = tmp_path / "repo"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "kg").write_text(
        f'#!/bin/sh\nexec {sys.executable} -c \'import sys; sys.path.insert(0, "{repo}"); '
        f'sys.argv[0] = "kg"; from kg.cli import cli; cli()\' "$@"\n'
    )
    (bin_dir / "kg").chmod(0o755)
    return repo


def digest(repo: Path) -> dict[str, bytes]:
    return {str(p.relative_to(repo)): p.read_bytes() for p in repo.rglob("*") if p.is_file()}


def test_the_walkthrough_runs_and_touches_no_tracked_file(clone):
    lines = walkthrough()
    assert lines[0] == "kg load examples/" and any("--format svg" in line for line in lines)
    before = digest(clone)
    # checked apart from running: without Graphviz an svg line writes nothing, wherever it points
    outputs = [m.group(1) for line in lines for m in [re.search(r"(?:-o|--output)\s+(\S+)", line)] if m]
    assert outputs and not [o for o in outputs if o in before], "a walkthrough line overwrites a tracked file"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "NEO4J_"))}
    env["PATH"] = f"{clone.parent / 'bin'}:{env['PATH']}"
    shown = shown_outputs()
    assert "kg stats" in shown, "the README shows what kg stats prints"
    for line in lines:
        result = subprocess.run(line, shell=True, cwd=clone, env=env, capture_output=True, text=True, timeout=300)
        if line in shown:
            # the output the README shows is what the command prints (the data folder is the reader's own)
            printed = re.sub(r"^data folder .*$", "data folder /home/you/.local/share/kg", result.stdout, flags=re.M)
            assert printed.strip("\n") == shown[line], f"README shows stale output for {line!r}:\n{result.stdout}"
        if "--format svg" in line and shutil.which("dot") is None:
            # without Graphviz the picture is refused in one line, as the README's prerequisites say
            assert result.returncode == 3 and result.stderr.count("\n") == 1, (line, result.stderr)
            continue
        assert result.returncode == 0, (line, result.stderr)
        assert "Traceback" not in result.stderr, line
    after = digest(clone)
    changed = [name for name, data in before.items() if after.get(name) != data]
    assert changed == [], f"the walkthrough changed tracked files: {changed}"
    if shutil.which("dot"):
        assert (clone / "ecovacs-paths.svg").read_bytes().lstrip().startswith(b"<")


def test_the_prerequisites_name_graphviz():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    two_commands = readme.split("## Two commands", 1)[1].split("```", 1)[0]
    assert "Graphviz" in two_commands
