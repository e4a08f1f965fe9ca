"""Progress on stderr for every long run: one look for load, extract, export.

A rich progress bar when stderr is a terminal; nothing when it is piped or
redirected (a log or a CI job wants the result lines, not redraws), nor with
``--quiet``.  ``KG_PROGRESS=always`` draws it whatever stderr is (a terminal
that does not say it is one, or a test); ``KG_PROGRESS=never`` silences it
everywhere.  The bar is transient: once the run ends only its result remains.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

#: ``advance(n=1, description=None)``: n more items done; the description names the current one.
Advance = Callable[..., None]


def quiet_option(func):
    return click.option(
        "--quiet", "-q", is_flag=True, help="No progress bar (it is drawn only when stderr is a terminal anyway)."
    )(func)


def wanted(quiet: bool = False) -> bool:
    """Whether to draw: not --quiet, and stderr a terminal or KG_PROGRESS=always."""
    mode = os.environ.get("KG_PROGRESS", "auto").lower()
    if quiet or mode == "never":
        return False
    return mode == "always" or sys.stderr.isatty()


def _ignore(n: int = 1, description: str | None = None) -> None:
    pass


@contextmanager
def progress(label: str, total: int | None = None, *, unit: str = "files", quiet: bool = False) -> Iterator[Advance]:
    """A bar counting ``total`` items (a counter with a spinner when the total is unknown) while the block runs."""
    if not wanted(quiet):
        yield _ignore
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(
        stderr=True, force_terminal=True if os.environ.get("KG_PROGRESS", "").lower() == "always" else None
    )
    counted = [MofNCompleteColumn(), BarColumn()] if total is not None else [TextColumn("{task.completed:,}")]
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        *counted,
        TextColumn(unit),
        TimeElapsedColumn(),
        transient=True,
        console=console,
    ) as bar:
        task = bar.add_task(label, total=total)

        def advance(n: int = 1, description: str | None = None) -> None:
            bar.update(task, advance=n, description=f"{label} {description}" if description else None)
            if not n:  # a stage of a long item: shown now, not at the next timed redraw (it may be the only one)
                bar.refresh()

        yield advance
