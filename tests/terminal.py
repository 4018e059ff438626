"""Running the CLI on a pseudo-terminal, as a user at a terminal would."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

PROMPT_ENDINGS = (b":", b"?", b"]")


def start_on_terminal(
    args: list[str], cwd: Path, env: dict[str, str]
) -> tuple[subprocess.Popen[bytes], int]:
    """Start `python -m ant_timeline ARGS` with stdin, stdout and stderr on a new
    pseudo-terminal; returns the process and the terminal's other end, to read and type on."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "ant_timeline", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=cwd,
        env=env,
    )
    os.close(follower)
    return process, leader


def converse(
    args: list[str], answers: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run `python -m ant_timeline ARGS` on a terminal, answering each prompt in turn.

    Returns the exit code and everything the terminal showed.
    """
    process, leader = start_on_terminal(
        args,
        cwd,
        {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "LINES": "200", **(env or {})},
    )
    transcript = b""
    pending = list(answers)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        transcript += chunk
        if pending and transcript.rstrip().endswith(PROMPT_ENDINGS):
            os.write(leader, pending.pop(0).encode() + b"\r")
    code = process.wait(timeout=120)
    os.close(leader)
    return code, transcript.decode("utf-8", errors="replace")


def run_in_terminal(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run the CLI with stdout on a terminal (stderr and stdin elsewhere); return stdout."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "ant_timeline", *args],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "120", "LINES": "200", **env},
        cwd=cwd,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")
