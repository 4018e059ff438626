"""Writes to what is not a regular file: `export -o` onto devices, named pipes, sockets and
stdout, and the events file itself, which is never one.

A rename over a device replaces the device with a file, and a reader waiting on a named pipe
gets nothing, so `-o` writes into such a file as it is; `add`, `remove` and `init` refuse it.
Device nodes are made with mknod in the test's folder (never in /dev); each command runs as a
process of its own, so one that would block for ever fails by its timeout.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from .conftest import DATA, SMALL
from .processes import FULL, NULL, device, is_device, run

needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(SMALL)
    return path


def _export(tmp_path: Path, events: Path, name: str = "markdown") -> bytes:
    """The export as a regular file gets it: what every other destination must receive."""
    reference = tmp_path / "reference" / "export"
    reference.parent.mkdir(exist_ok=True)
    done = run(["export", name, "--file", str(events), "-o", str(reference)], tmp_path)
    assert done.returncode == 0, done.stderr
    return reference.read_bytes()


def _listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# ---------------------------------------------------------------------------------------------
# export -o


def test_a_full_device_is_one_clear_error_and_stays_a_device(tmp_path: Path, events: Path) -> None:
    full = device(tmp_path, "full", FULL)
    done = run(["export", "markdown", "--file", str(events), "-o", str(full)], tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"error: {full}: cannot write: No space left on device\n".encode()
    assert is_device(full, FULL)
    assert _listing(tmp_path) == ["events.yaml", "full"]


def test_a_null_device_takes_the_export_and_stays_a_device(tmp_path: Path, events: Path) -> None:
    null = device(tmp_path, "null", NULL)
    done = run(["export", "html", "--file", str(events), "-o", str(null)], tmp_path)
    assert (done.returncode, done.stderr, done.stdout) == (0, b"", b"")
    assert is_device(null, NULL)
    assert _listing(tmp_path) == ["events.yaml", "null"]


def test_a_link_to_a_device_is_written_through_and_stays_a_link(
    tmp_path: Path, events: Path
) -> None:
    null = device(tmp_path, "null", NULL)
    link = tmp_path / "out.md"
    link.symlink_to(null.name)
    done = run(["export", "markdown", "--file", str(events), "-o", str(link)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and is_device(null, NULL)


def test_a_block_device_is_refused(tmp_path: Path, events: Path) -> None:
    # Major 240 is for local, experimental use: no driver answers it, so even a regression that
    # wrote to it could not reach a disk.
    disk = device(tmp_path, "disk", (240, 0), block=True)
    done = run(["export", "csv", "--file", str(events), "-o", str(disk)], tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        f"error: {disk}: is a block device (a disk); name a file, a pipe or a terminal\n".encode()
    )
    assert is_device(disk, (240, 0), block=True)


def _read_all(fifo: Path, received: list[bytes], stop_after: int | None = None) -> threading.Thread:
    def read() -> None:
        with fifo.open("rb") as source:
            received.append(source.read() if stop_after is None else source.read(stop_after))

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@needs_fifos
def test_a_named_pipe_gets_the_whole_export_and_stays_a_pipe(tmp_path: Path, events: Path) -> None:
    expected = _export(tmp_path, events, "json")
    fifo = tmp_path / "export.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_all(fifo, received)
    done = run(["export", "json", "--file", str(events), "-o", str(fifo)], tmp_path)
    reader.join(timeout=60)
    assert (done.returncode, done.stderr) == (0, b"")
    assert received == [expected]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@needs_fifos
def test_a_reader_that_goes_away_is_one_clear_error(tmp_path: Path) -> None:
    # Large enough (some MB) that the export cannot all wait in the pipe's buffer.
    lines = ["version: 1", "events:"]
    for n in range(3000):
        lines += [
            f"  - id: event-{n}",
            f"    date: {2000 + n % 20}-{n % 12 + 1:02d}",
            f"    title: Event number {n} " + "with a long title " * 20,
            "    sources:",
            f"      - url: https://example.org/{n}",
        ]
    big = tmp_path / "big.yaml"
    big.write_text("\n".join(lines) + "\n")
    fifo = tmp_path / "export.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_all(fifo, received, stop_after=100)
    done = run(["export", "csv", "--file", str(big), "-o", str(fifo)], tmp_path)
    reader.join(timeout=60)
    assert done.returncode == 2
    assert (
        done.stderr
        == (
            f"error: {fifo}: cannot write: the reading end was closed before the whole export "
            "was written\n"
        ).encode()
    )
    assert len(received[0]) == 100
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_a_socket_gets_the_whole_export(tmp_path: Path, events: Path) -> None:
    expected = _export(tmp_path, events, "ics")
    path = tmp_path / "export.sock"
    received = bytearray()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        server.listen(1)

        def accept() -> None:
            connection, _ = server.accept()
            with connection:
                while chunk := connection.recv(65536):
                    received.extend(chunk)

        listener = threading.Thread(target=accept, daemon=True)
        listener.start()
        done = run(["export", "ics", "--file", str(events), "-o", str(path)], tmp_path)
        listener.join(timeout=60)
    assert (done.returncode, done.stderr) == (0, b"")
    assert bytes(received) == expected
    assert stat.S_ISSOCK(path.lstat().st_mode)


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_are_standard_output(tmp_path: Path, events: Path, name: str) -> None:
    expected = _export(tmp_path, events)
    done = run(["export", "markdown", "--file", str(events), "-o", name], tmp_path)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == expected
    assert _listing(tmp_path) == ["events.yaml", "reference"]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="/dev/stdout is /proc/self/fd/1")
def test_dev_stdout_appends_where_stdout_is_appending(tmp_path: Path, events: Path) -> None:
    """`-o /dev/stdout >> log` adds to the log: the export goes through the descriptor, not a
    new file put in the log's place."""
    expected = _export(tmp_path, events)
    log = tmp_path / "log.txt"
    log.write_bytes(b"earlier output\n")
    with log.open("ab") as appending:
        done = run(
            ["export", "markdown", "--file", str(events), "-o", "/dev/stdout"],
            tmp_path,
            stdout=appending,
        )
    assert (done.returncode, done.stderr) == (0, b"")
    assert log.read_bytes() == b"earlier output\n" + expected


def test_dev_stdout_on_a_full_device_is_the_stdout_message(tmp_path: Path, events: Path) -> None:
    full = device(tmp_path, "full", FULL)
    with full.open("wb") as stdout:
        done = run(
            ["export", "markdown", "--file", str(events), "-o", "/dev/stdout"],
            tmp_path,
            stdout=stdout,
        )
    assert done.returncode == 2
    assert done.stderr == b"error: cannot write the output: No space left on device\n"
    assert is_device(full, FULL)


def test_a_regular_file_is_still_replaced_atomically(tmp_path: Path, events: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old export")
    before = target.stat().st_ino
    done = run(["export", "markdown", "--file", str(events), "-o", str(target)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() == _export(tmp_path, events)
    assert target.stat().st_ino != before  # a new file renamed into place
    assert _listing(tmp_path) == ["events.yaml", "out.md", "reference"]


# ---------------------------------------------------------------------------------------------
# The events file is never a device, a pipe or a socket

WRITES = {
    "add event": [
        "add", "event", "--date", "2022-01", "--title", "Acme appeals",
        "--source", "https://example.org/appeal",
    ],
    "add source": ["add", "source", "acme-fined", "--url", "https://example.org/more"],
    "remove event": ["remove", "event", "acme-fined", "--yes"],
    "dry run": ["remove", "event", "acme-fined", "--dry-run"],
}  # fmt: skip


def _special(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """An events file that is not a regular file, and how the message names what it is."""
    if kind == "character device":
        return device(tmp_path, "events.yaml", NULL), "a character device"
    if kind == "named pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("needs named pipes")
        path = tmp_path / "events.yaml"
        os.mkfifo(path)  # no writer: a command that opened it to read would wait for ever
        return path, "a named pipe (FIFO)"
    path = tmp_path / "events.yaml"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    return path, "a socket"


KINDS = ["character device", "named pipe", "socket"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("write", list(WRITES))
def test_writes_refuse_an_events_file_that_is_not_a_regular_file(
    tmp_path: Path, write: str, kind: str
) -> None:
    path, described = _special(tmp_path, kind)
    mode = path.lstat()
    done = run([*WRITES[write], "--file", str(path)], tmp_path, timeout=60)
    assert done.returncode == 2
    assert (
        done.stderr
        == (
            f"error: {path}: is {described}, not a regular file; add and remove edit only a "
            "regular events file\n"
        ).encode()
    )
    assert path.lstat().st_mode == mode.st_mode and path.lstat().st_ino == mode.st_ino
    assert _listing(tmp_path) == ["events.yaml"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_link_to_a_special_file_is_refused_too(tmp_path: Path, kind: str) -> None:
    path, described = _special(tmp_path, kind)
    link = tmp_path / "linked.yaml"
    link.symlink_to(path.name)
    done = run([*WRITES["add event"], "--file", str(link)], tmp_path, timeout=60)
    assert done.returncode == 2
    assert f"error: {link}: is {described}, not a regular file".encode() in done.stderr
    assert link.is_symlink()


@pytest.mark.parametrize("kind", KINDS)
def test_init_refuses_a_special_file(tmp_path: Path, kind: str) -> None:
    path, described = _special(tmp_path, kind)
    done = run(["init", str(path)], tmp_path, timeout=60)
    assert done.returncode == 2
    assert (
        done.stderr
        == (
            f"error: {path}: is {described}; init creates a new regular file and never replaces "
            "anything\n"
        ).encode()
    )
    assert _listing(tmp_path) == ["events.yaml"]


def test_an_events_file_that_is_a_regular_file_is_still_written(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_bytes((DATA / "edit" / "handkept.yaml").read_bytes())
    done = run([*WRITES["add event"], "--file", str(path)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"Acme appeals" in path.read_bytes()
