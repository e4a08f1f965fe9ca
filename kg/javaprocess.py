"""What the project's local Java servers (Neo4j in :mod:`kg.neo4j.local`, Fuseki in :mod:`kg.fuseki.local`)
share: the version a pom pins, its jars laid out by Maven, the java that runs them, and a detached server
process known by its pid file.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from kg.errors import StoreError

#: What marks a line of a log or of Maven's output as an error.
ERROR_MARK = r"\b(ERROR|FATAL)\b|Exception|Error"
#: The file in a laid-out folder that holds the hash of the pom it was laid out from.
STAMP = ".kg-pom.sha256"
#: Maven's lines that point to help rather than say what failed.
MAVEN_NOISE = (
    "To see the full stack trace",
    "Re-run Maven using",
    "For more information about the errors",
    "[Help ",
    "After correcting the problems",
    "mvn <args> -rf",
)


#: The servers this process started, by pid, so a dead one is reaped rather than left a zombie that looks alive.
launched: dict[int, subprocess.Popen[bytes]] = {}


def pom_property(pom: Path, name: str) -> str:
    """A property a pom sets (``neo4j.version``), or a StoreError naming the pom."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = ET.parse(pom).getroot().find(f"m:properties/m:{name}", ns)
    value = (node.text or "").strip() if node is not None else ""
    if not value:
        raise StoreError(f"{pom}: no <{name}> property")
    return value


def lay_out(
    pom: Path, target: Path, *, what: str, progress: Callable[[str], None] | None = None, transitive: bool = True
) -> Path:
    """Copy ``pom``'s runtime dependencies into ``target`` with Maven, unless its stamp holds the pom's hash.

    Maven writes into a fresh folder beside ``target``, which then replaces it in one rename: two processes
    laying it out at once (two test sessions, two ``kg neo4j start``) each see a whole folder, never one the
    other is writing.
    """
    digest = hashlib.sha256(pom.read_bytes()).hexdigest()
    if stamp_of(target) == digest:
        return target
    mvn = shutil.which("mvn")
    if mvn is None:
        raise StoreError(f"cannot lay out {target}: Maven (mvn) is not on PATH; install Maven 3.8 or later")
    if progress:
        progress(f"resolving {what} with Maven into {target} ...")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f"{target.name}.", suffix=".partial", dir=target.parent))
    try:
        _run_maven(mvn, pom, partial, target, transitive)
        (partial / STAMP).write_text(digest + "\n", encoding="utf-8")
        if stamp_of(target) != digest:  # another process may have laid it out meanwhile
            shutil.rmtree(target, ignore_errors=True)
            partial.rename(target)
    except OSError as e:
        if stamp_of(target) != digest:
            raise StoreError(f"cannot lay out {target}: {e}") from None
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return target


def stamp_of(target: Path) -> str:
    """The pom hash a laid-out folder was made from, or "" when it has none."""
    try:
        return (target / STAMP).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _run_maven(mvn: str, source: Path, output: Path, target: Path, transitive: bool) -> None:
    """Copy the pom's runtime dependencies into ``output``; the pom is copied there so Maven writes nothing
    beside the project's files."""
    pom = output / "pom.xml"
    shutil.copyfile(source, pom)
    command = [
        mvn,
        "-B",
        "-q",
        "-Dstyle.color=never",
        "-f",
        str(pom),
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={output}",
    ]
    if not transitive:
        command.append("-DexcludeTransitive=true")
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=output, stdin=subprocess.DEVNULL)
    except OSError as e:
        raise StoreError(f"cannot run Maven ({mvn}) to lay out {target}: {e.strerror}") from e
    finally:
        pom.unlink(missing_ok=True)
    if done.returncode != 0:
        cause = maven_cause(done.stdout + "\n" + done.stderr) or f"exit code {done.returncode}"
        raise StoreError(f"Maven could not lay out {target} from {source}: {cause}")


def maven_cause(output: str) -> str:
    """The last line of Maven's output that says something, without its [ERROR] prefix and help pointers."""
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in output.splitlines()]
    lines = [re.sub(r"^\[(ERROR|WARNING)\]\s*|\s*-> \[Help \d+\]$", "", line) for line in lines]
    useful = [line for line in lines if line and not line.startswith(MAVEN_NOISE)]
    return last_error_line(useful[-1]) if useful else ""


def java(server: str, versions: str) -> str:
    """``$JAVA_HOME/bin/java`` when set, else ``java`` on PATH; a StoreError saying which Java ``server`` needs."""
    java_home = os.environ.get("JAVA_HOME")
    found = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not found or not os.access(found, os.X_OK):
        where = "JAVA_HOME=" + java_home if java_home else "PATH"
        raise StoreError(f"cannot start {server}: no Java found ({where}); install Java {versions}")
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, reaped here when it is a child of this process, counts as dead)."""
    child = launched.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[-1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def runs(pid: int, main_class: str, argument: str) -> bool:
    """Whether ``pid`` is a live JVM running ``main_class`` with ``argument``, not a process that reused the number."""
    if not alive(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.exists():
        return True
    args = cmdline.read_bytes().split(b"\0")
    return main_class.encode() in args and argument.encode() in args


def pid_in(pid_file: Path, ours: Callable[[int], bool]) -> int | None:
    """The pid in ``pid_file`` when ``ours`` says it is the server's, else None (a stale file is removed)."""
    try:
        pid = int(pid_file.read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):
        return None
    if ours(pid):
        return pid
    pid_file.unlink(missing_ok=True)
    return None


def terminate(pid: int, timeout: float) -> None:
    """SIGTERM, then SIGKILL if ``pid`` is still there after ``timeout`` seconds."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not alive(pid):
            break
    launched.pop(pid, None)


def log_cause(log_file: Path, mark: str = ERROR_MARK) -> str:
    """The line of a server's log that says why it failed, for a one-line error."""
    try:
        text = log_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "the log file is missing"
    return last_error_line(text, mark) or "the log is empty"


def last_error_line(text: str, mark: str = ERROR_MARK, limit: int = 300) -> str:
    """The last line that reports an error (else the last line), without Maven's level prefix, on one line."""
    lines = [re.sub(r"^\[(ERROR|WARNING)\]\s*", "", line.strip()) for line in text.splitlines() if line.strip()]
    marked = [line for line in lines if re.search(mark, line)]
    line = " ".join((marked or lines or [""])[-1].split())
    return line if len(line) <= limit else line[: limit - 3] + "..."
