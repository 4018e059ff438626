"""Inputs that never end: every read stops at its limit, whatever `stat` says about the source.

A character device (/dev/zero, /dev/urandom), a pipe and a named pipe report a size of 0, so
the limit is on the bytes read. Each command runs as a process of its own under a memory limit
(tests/processes.py), so a read without bound fails the test instead of filling the machine;
the devices are copies made with mknod in the test's folder.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

# Through the package: `ant_timeline.store` may be a lazily loaded module by now (the CLI's).
from ant_timeline.store import files

from .conftest import CURATED
from .processes import URANDOM, ZERO, device, measured, needs_proc_status, run

needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")

LIMIT_MESSAGE = "reading stopped at 128 MiB; events files are limited to 128 MiB"
# The limit is 128 MiB; what the process needs besides (Python, the CLI) is some 30 MiB.
PEAK_CEILING_MIB = 200


def test_a_read_stops_one_byte_past_the_limit() -> None:
    assert files.read_limited(io.BytesIO(b"x" * 10), 10) == b"x" * 10
    assert files.read_limited(io.BytesIO(b"x" * 11), 10) is None
    source = io.BytesIO(b"x" * 100)
    assert files.read_limited(source, 10) is None
    assert source.tell() == 11  # and no further
    # A file that grew after its size was taken is read to its end, within the limit too.
    assert files.read_limited(io.BytesIO(b"x" * 8), 10, expected=5) == b"x" * 8
    assert files.read_limited(io.BytesIO(b"x" * 12), 10, expected=5) is None
    assert files.read_limited(io.BytesIO(b"x" * 12), 10, expected=20) is None
    assert files.read_limited(io.BytesIO(b""), 10) == b""


@needs_proc_status
@pytest.mark.parametrize(
    "args",
    [["show"], ["check"], ["export", "csv"], ["diff", "DEVICE", str(CURATED)]],
    ids=["show", "check", "export", "diff"],
)
@pytest.mark.parametrize("numbers", [ZERO, URANDOM], ids=["zero", "urandom"])
def test_an_endless_device_is_refused_at_the_limit_in_bounded_memory(
    tmp_path: Path, args: list[str], numbers: tuple[int, int]
) -> None:
    endless = device(tmp_path, "endless", numbers)
    if "DEVICE" in args:
        command = [argument.replace("DEVICE", endless.name) for argument in args]
        expected = f"error: old side: endless: {LIMIT_MESSAGE}\n"
    else:
        command = [*args, "--file", endless.name]
        expected = f"error: endless: {LIMIT_MESSAGE}\n"
    code, stderr, peak = measured(command, tmp_path)
    assert (code, stderr) == (2, expected)
    assert peak < PEAK_CEILING_MIB, f"{peak} MiB"


def test_an_endless_device_as_an_article_is_refused_at_the_limit(tmp_path: Path) -> None:
    endless = device(tmp_path, "endless", ZERO)
    code, stderr, peak = measured(["extract", endless.name, "--published", "2023-05-17"], tmp_path)
    assert (code, stderr) == (
        2,
        "error: endless: the file is larger than 16 MiB; is it an article?\n",
    )
    assert peak < 100, f"{peak} MiB"


# A writer that never stops: 64 KiB at a time until the reader goes away.
ENDLESS_WRITER = """
import sys
block = b"events: [" + b"x" * 65536
try:
    while True:
        sys.stdout.buffer.write(block)
except (BrokenPipeError, OSError):
    pass
"""


@pytest.fixture
def endless_pipe() -> Iterator[subprocess.Popen[bytes]]:
    """A child process writing into a pipe for ever; its stdout is the pipe's reading end."""
    writer = subprocess.Popen(
        [sys.executable, "-c", ENDLESS_WRITER], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    yield writer
    writer.kill()
    writer.wait(timeout=60)


@needs_proc_status
@pytest.mark.parametrize(
    ("args", "message", "ceiling"),
    [
        (["show", "--file", "/dev/stdin"], f"error: /dev/stdin: {LIMIT_MESSAGE}\n", 200),
        (["check", "--file", "/dev/stdin"], f"error: /dev/stdin: {LIMIT_MESSAGE}\n", 200),
        (
            ["extract", "-", "--published", "2023-05-17"],
            "error: <stdin>: the input is larger than 16 MiB; is it an article?\n",
            100,
        ),
    ],
    ids=["show", "check", "extract"],
)
def test_an_endless_pipe_on_stdin_is_refused_at_the_limit_in_bounded_memory(
    tmp_path: Path,
    endless_pipe: subprocess.Popen[bytes],
    args: list[str],
    message: str,
    ceiling: int,
) -> None:
    assert endless_pipe.stdout is not None
    code, stderr, peak = measured(args, tmp_path, stdin=endless_pipe.stdout)
    assert (code, stderr) == (2, message)
    assert peak < ceiling, f"{peak} MiB"


def _write_into(fifo: Path, data: bytes | None) -> threading.Thread:
    """A thread that opens the named pipe and writes `data`, or writes for ever if None."""

    def write() -> None:
        try:
            with fifo.open("wb") as out:
                if data is not None:
                    out.write(data)
                    return
                block = b"x" * 65536
                while True:
                    out.write(block)
        except OSError:  # the reader went away
            pass

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@needs_fifos
@needs_proc_status
def test_a_named_pipe_whose_writer_never_stops_is_refused_at_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    writer = _write_into(fifo, None)
    code, stderr, peak = measured(["show", "--file", fifo.name], tmp_path)
    writer.join(timeout=60)
    assert (code, stderr) == (2, f"error: events.fifo: {LIMIT_MESSAGE}\n")
    assert peak < PEAK_CEILING_MIB, f"{peak} MiB"
    assert not writer.is_alive()  # it stopped writing once the reader gave up


@needs_fifos
def test_a_named_pipe_that_ends_is_read_like_a_file(tmp_path: Path) -> None:
    from_file = run(["show", "--file", str(CURATED)], tmp_path)
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    writer = _write_into(fifo, CURATED.read_bytes())
    from_pipe = run(["show", "--file", fifo.name], tmp_path)
    writer.join(timeout=60)
    assert from_pipe.returncode == 0, from_pipe.stderr
    assert from_pipe.stdout == from_file.stdout
    assert list(tmp_path.iterdir()) == [fifo]


def test_a_pipe_that_ends_is_read_on_stdin_and_as_a_diff_side(tmp_path: Path) -> None:
    from_file = run(["check", "--file", str(CURATED)], tmp_path)
    checked = run(["check", "--file", "/dev/stdin"], tmp_path, input=CURATED.read_bytes())
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == from_file.stdout.replace(bytes(CURATED), b"/dev/stdin")
    assert checked.stdout.endswith(b" events\n")
    # As `diff <(git show v1:events.yaml) events.yaml` passes it: a pipe, not a revision.
    compared = run(["diff", "/dev/stdin", str(CURATED)], tmp_path, input=CURATED.read_bytes())
    assert compared.returncode == 0, compared.stderr
    assert compared.stdout == f"/dev/stdin → {CURATED}\n\nno differences\n".encode()


def _cache_entry(tmp_path: Path, events: Path) -> Path:
    """Where the parse cache (in `tmp_path`/cache) keeps the entry for `events`."""
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from ant_timeline.store import cache; "
            "print(cache.entry_path(Path(sys.argv[1])))",
            str(events),
        ],
        env={**os.environ, "ANT_TIMELINE_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(found.stdout.strip())


@needs_proc_status
@pytest.mark.parametrize("kind", ["named pipe", "endless device"])
def test_a_cache_entry_that_is_not_a_file_is_ignored_unread(tmp_path: Path, kind: str) -> None:
    events = tmp_path / "events.yaml"
    events.write_bytes(CURATED.read_bytes())
    entry = _cache_entry(tmp_path, events)
    entry.parent.mkdir()
    if kind == "named pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("needs named pipes")
        os.mkfifo(entry)  # no writer: opening it to read would wait for ever
    else:
        device(entry.parent, entry.name, ZERO)
    environment = {"ANT_TIMELINE_NO_CACHE": "", "ANT_TIMELINE_CACHE_DIR": str(tmp_path / "cache")}
    code, stderr, peak = measured(["show", "--file", "events.yaml"], tmp_path, env=environment)
    assert (code, stderr) == (0, "")
    assert peak < 100, f"{peak} MiB"
    assert entry.is_file()  # replaced by a real entry, which the next run reads back
    assert measured(["show", "--file", "events.yaml"], tmp_path, env=environment)[:2] == (0, "")


# Stands in for git: every command goes to the real one, but `cat-file` (which prints the blob)
# prints for ever, as a corrupt repository or a hostile git on PATH could.
ENDLESS_GIT = """#!{python}
import os, subprocess, sys
if "cat-file" in sys.argv:
    block = b"x" * 65536
    try:
        while True:
            sys.stdout.buffer.write(block)
    except OSError:
        sys.exit(1)
sys.exit(subprocess.call([{git!r}, *sys.argv[1:]]))
"""


@needs_proc_status
def test_git_printing_without_end_is_stopped_at_the_limit(tmp_path: Path) -> None:
    import shutil

    real_git = shutil.which("git")
    if real_git is None:
        pytest.skip("needs git")
    repository = tmp_path / "repository"
    repository.mkdir()
    (repository / "events.yaml").write_bytes(CURATED.read_bytes())
    for command in (
        ["init", "-q"],
        ["add", "events.yaml"],
        ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "v1"],
    ):
        subprocess.run([real_git, *command], cwd=repository, check=True, capture_output=True)
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    fake = bin_folder / "git"
    fake.write_text(ENDLESS_GIT.format(python=sys.executable, git=real_git))
    fake.chmod(0o755)
    environment = {"PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"}
    code, stderr, peak = measured(["diff", "HEAD"], repository, env=environment)
    assert (code, stderr) == (
        2,
        "error: old side: git printed more than 128 MiB reading 'HEAD'; events files are "
        "limited to 128 MiB\n",
    )
    assert peak < PEAK_CEILING_MIB, f"{peak} MiB"
