"""Attacks on the whole tool, each with the outcome a user can rely on.

Hostile files (tags, alias bombs, deep nesting, huge files), hostile text on a real terminal,
failing disks and interrupted writes. Other attacks are tested where their code lives; the
README's "Safety" section lists where.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import CURATED, DATA, REPO

Invoke = Callable[..., Any]


def _on_terminal(
    args: list[str], cwd: Path, *, interrupt_at_prompt: bool = False
) -> tuple[int, str]:
    """Run the CLI with stdin, stdout and stderr on a pseudo-terminal; optionally press Ctrl-C
    (send SIGINT) once it asks a question. Returns the exit status and everything it printed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "ant_timeline", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "LINES": "500"},
    )
    os.close(follower)
    transcript = b""
    signalled = 0.0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            transcript += chunk
        asking = transcript.rstrip().endswith((b":", b"]"))
        # A signal that lands just before Python starts reading the answer waits for the
        # next key; a second one (after a pause) interrupts the read, as a user would press
        # Ctrl-C again. Python raises KeyboardInterrupt once either way.
        if interrupt_at_prompt and asking and time.monotonic() - signalled > 3:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
            signalled = time.monotonic()
    code = process.wait(timeout=60)
    os.close(leader)
    return code, transcript.decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------------------------
# Interrupts


@pytest.mark.parametrize(
    "args",
    [["remove", "event", "ant-fined"], ["add", "event"]],
    ids=["confirmation", "prompt"],
)
def test_ctrl_c_at_a_question_exits_130_and_changes_nothing(
    tmp_path: Path, args: list[str]
) -> None:
    path = tmp_path / "events.yaml"
    path.write_bytes(CURATED.read_bytes())
    code, transcript = _on_terminal(args, tmp_path, interrupt_at_prompt=True)
    assert code == 130, transcript
    assert transcript.rstrip().endswith("error: interrupted"), transcript
    assert "Aborted" not in transcript and "Traceback" not in transcript
    assert path.read_bytes() == CURATED.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.yaml"]


# ---------------------------------------------------------------------------------------------
# Output that cannot be written


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["show"],
        ["show", "--json"],
        ["check"],
        ["export", "html"],
        ["diff", str(CURATED), str(DATA / "export" / "timeline.yaml")],
        ["extract", str(REPO / "docs" / "example-article.txt")],
    ],
    ids=lambda args: " ".join(args[:2]).replace(str(REPO), ""),
)
def test_a_full_disk_under_stdout_is_a_message_not_a_traceback(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "ant_timeline", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "ANT_TIMELINE_FILE": str(CURATED)},
            timeout=120,
            check=False,
        )
    assert result.returncode == 2, result.stderr
    assert result.stderr == "error: cannot write the output: No space left on device\n"


# ---------------------------------------------------------------------------------------------
# Size limits


def test_an_endless_article_on_stdin_is_refused_at_the_limit(invoke: Invoke) -> None:
    from ant_timeline.cli import MAX_ARTICLE_BYTES

    text = "date 2023-05-17 The bank was fined in January. " + "x" * MAX_ARTICLE_BYTES
    result = invoke("extract", "-", input=text)
    assert result.exit_code == 2
    assert result.stderr == "error: <stdin>: the input is larger than 16 MiB; is it an article?\n"
