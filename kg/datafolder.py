"""Which data folder the embedded store uses, found the way git finds a repository.

``KG_DATA`` when set; else the nearest ``kg-data`` folder in the current folder
or any folder above it, so every command run inside a project sees the
project's graph; else one folder per user (``$XDG_DATA_HOME/kg``, by default
``~/.local/share/kg``), so a command run anywhere else still sees the same
graph rather than a new, empty one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

#: The folder name looked for upward from the current folder.
NAME = "kg-data"


def find(cwd: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The data folder for a command started in ``cwd`` with ``environ`` (default: this process's)."""
    environ = os.environ if environ is None else environ
    given = environ.get("KG_DATA")
    if given:
        return Path(given).expanduser()
    here = Path.cwd() if cwd is None else Path(cwd).absolute()
    for folder in (here, *here.parents):
        if (folder / NAME).is_dir():
            return folder / NAME
    return user_folder(environ)


def user_folder(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME/kg``, or ``~/.local/share/kg`` when it is unset (or, against the spec, relative)."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_DATA_HOME")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / "kg"


HELP = (
    "Data folder of the embedded store "
    "(default: KG_DATA, else the nearest kg-data folder upward, else ~/.local/share/kg)."
)
