"""Write docs/cli.md from the ``--help`` of every ``kg`` command.

Usage: python scripts/cli_docs.py > docs/cli.md   (tests/test_docs.py checks it is current)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's kg, whatever is installed


OUTPUT_FORMATS = """## Output formats

Every command that prints rows takes `--format`: `table` (for people, the default), `json` and `csv`
(for programs; csv has the table's columns, lists joined by `;`). `paths`, `timeline` and `market` also
draw pictures (`svg`, `png` with Graphviz; `html`, `dot` without) and take `-o FILE`.

```sh
kg paths Ecovacs Germany --format csv > ecovacs-germany.csv
kg stats --format json | jq .facts
kg export --format ntriples | head -1      # a closed pipe ends quietly, exit 0
```
"""

EXIT_CODES = """## Exit codes

Errors are one line on stderr (`Error: <file>:<line>: <what>`), never a traceback, and the exit code says
which kind (`kg.errors` gives each error its code):

| code | meaning | for example |
|---|---|---|
| 0 | ok | |
| 1 | bad input or validation failure | a file that fails to load (the others still load), a name no entity has, a graph `kg validate` finds not conforming |
| 2 | usage error, as click exits | an unknown command or option, a `--store` or `--extractor` no registry lists, contradictory settings |
| 3 | unsupported | a command on a store it does not run on, `kg load` of a GraphML export |
| 4 | store or environment error | Neo4j out of reach, the data folder in use by another kg process, a port already taken, an extraction service out of reach |

```sh
kg load examples/ || case $? in 2) echo "fix the command";; 4) echo "try again later";; esac
```
"""  # noqa: E501 - docs/cli.md's table, a row a line

COMPLETION = """## Shell completion

Click completes commands, options and choices. Add one line to your shell's start-up file:

```sh
eval "$(_KG_COMPLETE=bash_source kg)"                  # ~/.bashrc
eval "$(_KG_COMPLETE=zsh_source kg)"                   # ~/.zshrc
_KG_COMPLETE=fish_source kg > ~/.config/fish/completions/kg.fish   # fish
```
"""


def cli_reference() -> str:
    from kg.cli import COMMANDS, cli

    runner = CliRunner()
    parts = [
        "# Command-line reference",
        "",
        "Generated from `kg --help` by `scripts/cli_docs.py`; do not edit by hand.",
        "",
    ]
    parts += ["```", runner.invoke(cli, ["--help"], terminal_width=100).output.rstrip(), "```", ""]
    parts += [OUTPUT_FORMATS, EXIT_CODES, COMPLETION]
    for name in sorted(COMMANDS):
        command = cli.get_command(click.Context(cli), name)
        subcommands = sorted(command.commands) if isinstance(command, click.Group) else []
        for words in [[name]] + [[name, sub] for sub in subcommands]:
            parts += [
                f"## kg {' '.join(words)}",
                "",
                "```",
                runner.invoke(cli, [*words, "--help"], terminal_width=100).output.rstrip(),
                "```",
                "",
            ]
    return "\n".join(parts)


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(
        description=__doc__.splitlines()[0], epilog="usage: python scripts/cli_docs.py > docs/cli.md"
    ).parse_args()
    sys.stdout.write(cli_reference())
