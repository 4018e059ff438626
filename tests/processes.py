"""Running the CLI as a process of its own: its peak memory, under a memory limit, and the
device nodes and named pipes the tests give it (made in a temporary folder, never in /dev)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

import pytest

# The address space a child may take. Far above what any command needs (a few hundred MiB,
# threads' reservations included), far below what the machine has: a regression that reads
# without bound ends in a MemoryError inside the child instead of taking the machine down.
MEMORY_LIMIT = 2**30

# Runs the CLI as `python -m ant_timeline` does, after limiting its own address space (set in
# the child itself: a `preexec_fn` is not safe while the test runs writer threads).
LIMITED = f"""
import resource, runpy, sys

resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))
"""
START = """
sys.argv[0] = "ant-timeline"
runpy.run_module("ant_timeline", run_name="__main__", alter_sys=True)
"""

# The same, and at exit it writes the process's own peak memory (VmHWM, in KiB) to the file
# named by $PEAK_FILE. getrusage's ru_maxrss would not do: on Linux it also counts the memory
# of the test process the child was forked from.
REPORTING_PEAK = (
    LIMITED
    + """
import atexit, os

def report():
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(peak)

atexit.register(report)
"""
    + START
)

needs_proc_status = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="reads peak memory from /proc"
)


def measured(
    args: list[str],
    cwd: Path,
    *,
    stdin: int | IO[Any] | None = subprocess.DEVNULL,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> tuple[int, str, int]:
    """Run the CLI as a process of its own, under the memory limit, with the parse cache off
    unless `env` says otherwise: exit status, stderr, and its peak memory in MiB."""
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        result = subprocess.run(
            [sys.executable, "-c", REPORTING_PEAK, *args],
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env={
                **os.environ,
                "ANT_TIMELINE_NO_CACHE": "1",
                **(env or {}),
                "PEAK_FILE": str(peak_file),
            },
            timeout=timeout,
            check=False,
        )
        peak_kib = int(peak_file.read_text()) if peak_file.exists() else 0
    return result.returncode, result.stderr.decode("utf-8", errors="replace"), peak_kib // 1024


def run(
    args: list[str],
    cwd: Path,
    *,
    stdin: int | IO[Any] | None = subprocess.DEVNULL,
    stdout: int | IO[Any] | None = subprocess.PIPE,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    input: bytes | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """The CLI as `python -m ant_timeline ARGS` does, under the memory limit; stdout (unless redirected) and
    stderr captured as bytes; `input` is written to stdin through a pipe. A command that blocks
    for good fails the test by its timeout."""
    return subprocess.run(
        [sys.executable, "-c", LIMITED + START, *args],
        stdin=stdin if input is None else None,
        input=input,
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


# The Linux character devices the tests make copies of: (major, minor).
NULL, ZERO, FULL, URANDOM = (1, 3), (1, 5), (1, 7), (1, 9)


def device(folder: Path, name: str, numbers: tuple[int, int], *, block: bool = False) -> Path:
    """A device node made with mknod in `folder`; the test is skipped where that is refused."""
    path = folder / name
    kind = stat.S_IFBLK if block else stat.S_IFCHR
    if not hasattr(os, "mknod"):
        pytest.skip("needs os.mknod")
    try:
        os.mknod(path, kind | 0o666, os.makedev(*numbers))
    except PermissionError:
        pytest.skip("making device nodes needs root (or CAP_MKNOD)")
    return path


def is_device(path: Path, numbers: tuple[int, int], *, block: bool = False) -> bool:
    """True while `path` is still the device node it was made as."""
    status = path.lstat()
    test = stat.S_ISBLK if block else stat.S_ISCHR
    return test(status.st_mode) and (os.major(status.st_rdev), os.minor(status.st_rdev)) == numbers
