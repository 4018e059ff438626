"""Standard streams that are closed or full from the start: every command still ends with a
message (where one can be shown) and its documented exit status, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SMALL
from .processes import FULL, device

pytestmark = pytest.mark.skipif(os.name != "posix", reason="closes descriptors the POSIX way")


def run_with(
    args: list[str], cwd: Path, *, close: tuple[int, ...] = (), stdout: object = None
) -> subprocess.CompletedProcess[bytes]:
    """`python -m ant_timeline ARGS` with the given descriptors closed before it starts."""

    def closing() -> None:
        for descriptor in close:
            os.close(descriptor)

    return subprocess.run(
        [sys.executable, "-m", "ant_timeline", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=closing,
        env={**os.environ, "ANT_TIMELINE_NO_CACHE": "1"},
        timeout=120,
        check=False,
    )


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [["show"], ["show", "--json"], ["export", "markdown"], ["check"]])
def test_a_closed_stdout_is_a_write_error(tmp_path: Path, events: Path, args: list[str]) -> None:
    done = run_with([*args, "--file", str(events)], tmp_path, close=(1,))
    assert done.returncode == 2, done.stderr
    assert done.stderr == b"error: cannot write the output: standard output is closed\n"


def test_help_and_version_on_a_full_or_closed_stdout(tmp_path: Path) -> None:
    full = device(tmp_path, "full", FULL)
    for args in (["--help"], ["--version"], ["show", "--help"]):
        with full.open("wb") as stdout:
            done = run_with(args, tmp_path, stdout=stdout)
        assert done.returncode == 2, done.stderr
        assert done.stderr == b"error: cannot write the output: No space left on device\n"
        closed = run_with(args, tmp_path, close=(1,))
        assert closed.returncode == 2, closed.stderr
        assert b"Traceback" not in closed.stderr


def test_a_command_that_writes_only_to_stderr_works_with_stdout_closed(tmp_path: Path) -> None:
    done = run_with(["init", "new.yaml", "--subject", "Acme"], tmp_path, close=(1,))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "new.yaml").read_text(encoding="utf-8").startswith("# Acme: a timeline")


def test_a_closed_stderr_keeps_the_exit_status(tmp_path: Path, events: Path) -> None:
    missing = run_with(["check", "--file", str(tmp_path / "gone.yaml")], tmp_path, close=(2,))
    assert missing.returncode == 2
    clean = run_with(["check", "--file", str(events)], tmp_path, close=(2,))
    assert clean.returncode == 0
    assert clean.stdout == f"{events}: no problems in 3 events\n".encode()


def test_a_closed_stdin_reads_as_empty(tmp_path: Path, events: Path) -> None:
    shown = run_with(["show", "--file", str(events)], tmp_path, close=(0,))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(b"Acme: the antitrust years\n")
    article = run_with(["extract", "-", "--published", "2023-05-17"], tmp_path, close=(0,))
    assert article.returncode == 0, article.stderr
    assert b"Traceback" not in article.stderr
