"""Attacks on the whole tool, each with the outcome a user can rely on.

Hostile files (tags, alias bombs, deep nesting, huge files), hostile text on a real terminal,
failing disks and interrupted writes. Other attacks are tested where their code lives:
injection into each export in tests/test_export_*.py, git revisions and paths in
tests/test_cli_diff.py, invisible ids and non-web addresses in tests/test_validate.py, symlinks
and concurrent writers in tests/test_edit.py and tests/test_cli_add.py, generated documents in
tests/test_fuzz.py, devices, pipes and sockets in tests/test_special_files.py, inputs that never
end in tests/test_endless_inputs.py, narrow output encodings in tests/test_output_encodings.py.
"""

from __future__ import annotations

import errno
import os
import re
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
from .processes import measured, needs_proc_status
from .terminal import start_on_terminal

Invoke = Callable[..., Any]


def _on_terminal(
    args: list[str], cwd: Path, *, interrupt_at_prompt: bool = False, colour: bool = False
) -> tuple[int, str]:
    """Run the CLI with stdin, stdout and stderr on a pseudo-terminal; optionally press Ctrl-C
    (send SIGINT) once it asks a question. Returns the exit status and everything it printed."""
    process, leader = start_on_terminal(
        args,
        cwd,
        {
            **{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "ANT_TIMELINE_FILE")},
            **({} if colour else {"NO_COLOR": "1"}),
            "COLUMNS": "120",
            "LINES": "500",
            "TERM": "xterm-256color",
        },
    )
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
        if interrupt_at_prompt and asking and time.monotonic() - signalled > 1:
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
    from ant_timeline.cli.extract import MAX_ARTICLE_BYTES

    text = "date 2023-05-17 The bank was fined in January. " + "x" * MAX_ARTICLE_BYTES
    result = invoke("extract", "-", input=text)
    assert result.exit_code == 2
    assert result.stderr == "error: <stdin>: the input is larger than 16 MiB; is it an article?\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_an_endless_article_from_a_pipe_is_refused_at_the_limit(
    invoke: Invoke, tmp_path: Path
) -> None:
    """A pipe (`extract <(curl ...)`) has no size to check first: reading stops at the limit."""
    import threading

    from ant_timeline.cli.extract import MAX_ARTICLE_BYTES

    pipe = tmp_path / "article"
    os.mkfifo(pipe)
    written = []

    def write_forever() -> None:
        # Closing the pipe flushes what is still buffered, which breaks the pipe again.
        try:
            with pipe.open("wb") as out:
                out.write(b"date 2023-05-17 The bank was fined in January. ")
                for _ in range(4 * MAX_ARTICLE_BYTES // 2**16):
                    out.write(b"x" * 2**16)
                    written.append(2**16)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    result = invoke("extract", str(pipe))
    writer.join(timeout=60)
    assert result.exit_code == 2
    assert result.stderr == f"error: {pipe}: the file is larger than 16 MiB; is it an article?\n"
    assert sum(written) < 2 * MAX_ARTICLE_BYTES  # it stopped reading; the writer gave up


# ---------------------------------------------------------------------------------------------
# YAML


def _laughs(levels: int = 9, width: int = 9, where: str = "top") -> str:
    """The "billion laughs": each anchor a list of `width` aliases of the one before."""
    lines = ["lol0: &lol0 " + repr(["lol"] * width).replace("'", '"')]
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [{', '.join([f'*lol{level - 1}'] * width)}]")
    top = f"*lol{levels - 1}"
    events = f"[{top}]" if where == "top" else f"[{{id: a, date: 2020, title: {top}}}]"
    return "\n".join(lines) + f"\nevents: {events}\n"


BOMBS = {
    # name: (document, what stderr says)
    "billion laughs": (_laughs(), "YAML anchors (&name) and aliases (*name) are not allowed"),
    "laughs in an event": (
        "events:\n  - id: a\n    date: 2020\n    title: &t0 [lol, lol]\n"
        + "".join(f"    summary{n}: &t{n} [*t{n - 1}, *t{n - 1}]\n" for n in range(1, 30)),
        "YAML anchors (&name) and aliases (*name) are not allowed",
    ),
    "a million brackets": ("events: " + "[" * 1_000_000 + "]" * 1_000_000, "nested more than 16"),
    "a million braces": ("events: " + "{a: " * 1_000_000 + "}" * 1_000_000, "nested more than 16"),
    "nested block lists": ("events:\n  " + "- " * 100_000 + "x\n", "nested more than 16"),
    "three million items": (
        "version: 1\nevents: []\nx: [" + ", ".join(["1"] * 3_000_000) + "]\n",
        "one value holds more than 100,000 values",
    ),
}


@needs_proc_status
@pytest.mark.parametrize("command", ["show", "check"])
@pytest.mark.parametrize("name", list(BOMBS))
def test_bombs_are_refused_with_bounded_memory(tmp_path: Path, name: str, command: str) -> None:
    document, message = BOMBS[name]
    (tmp_path / "bomb.yaml").write_text(document)
    code, stderr, peak = measured([command, "--file", "bomb.yaml"], tmp_path)
    if command == "show":
        assert code == 2
        assert stderr.startswith("error: bomb.yaml:") and message in stderr, stderr
    elif code == 2:  # not YAML at all: nothing to check
        assert stderr.startswith("error: bomb.yaml:") and message in stderr, stderr
    else:  # YAML whose problems check lists on stdout
        assert code == 1 and stderr == "", stderr
    assert "Traceback" not in stderr
    assert peak < 200, f"{peak} MiB"


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:subprocess.check_call",
        "!!python/name:os.system",
        "!<tag:yaml.org,2002:python/object/apply:os.system>",
        "!ruby/object:Gem::Installer",
        "!custom",
        "!!binary",
        "!!set",
    ],
)
def test_yaml_tags_are_refused_and_nothing_runs(invoke: Invoke, tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "events.yaml"
    path.write_text(
        "version: 1\nevents:\n  - id: a\n    date: 2020\n"
        f"    title: {tag} [touch, {marker}]\n"
        "    sources: [{url: 'https://example.org/a'}]\n"
    )
    before = path.read_bytes()
    shown = invoke("show", "--file", str(path))
    assert shown.exit_code == 2
    assert shown.stderr.startswith(
        f"error: {path}:5:12: YAML tags are not allowed in an events file"
    )
    checked = invoke("check", "--file", str(path))
    assert checked.exit_code == 1
    assert f"{path}:5:12: error: YAML tags are not allowed" in checked.stdout
    assert "[yaml-tag]" in checked.stdout
    added = invoke(
        "add",
        "event",
        "--file",
        str(path),
        "--date",
        "2021",
        "--title",
        "t",
        "--source",
        "https://example.org/b",
    )
    assert added.exit_code == 2
    assert path.read_bytes() == before
    assert not marker.exists()


def test_duplicate_top_level_keys_name_both_lines(
    invoke: Invoke, write: Callable[..., Path]
) -> None:
    # What a careless merge of two branches leaves behind: two `events:` lists.
    path = write(
        "version: 1\nevents:\n  - {id: a, date: 2020, title: A}\n"
        "timeline: {title: T}\nevents:\n  - {id: b, date: 2021, title: B}\n"
    )
    result = invoke("check", "--file", str(path))
    assert result.exit_code == 1
    assert (
        f"{path}:5:1: error: duplicate key 'events' (first at line 2, column 1) [duplicate-key]"
        in result.stdout
    )
    shown = invoke("show", "--file", str(path))
    assert shown.exit_code == 2
    assert "duplicate key 'events' (first at line 2, column 1)" in shown.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "version: 1\nevents: []\n".encode("utf-16-le"),
            "character U+0000 is not allowed in YAML",
        ),
        (b"\xff\xfe" + "events: []\n".encode("utf-16-le"), "the file is UTF-16-encoded"),
        (b"\xfe\xff" + "events: []\n".encode("utf-16-be"), "the file is UTF-16-encoded"),
        (b"\xff\xfe\x00\x00" + "events: []\n".encode("utf-32-le"), "the file is UTF-32-encoded"),
        ("events:\n  - id: café\n".encode("latin-1"), ":2:12: not valid UTF-8 (byte 0xe9)"),
        ("events:\n  - id: caf\u00e9\n".encode("cp1252"), ":2:12: not valid UTF-8 (byte 0xe9)"),
    ],
    ids=["utf-16 without bom", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "windows-1252"],
)
def test_other_encodings_are_refused_by_every_command(
    invoke: Invoke, write: Callable[..., Path], content: bytes, message: str
) -> None:
    path = write(content, "other.yaml")
    for args in (["show"], ["check"], ["export", "json"], ["diff", str(path), str(CURATED)]):
        result = invoke(*args, "--file", str(path))
        assert result.exit_code == 2, args
        assert "Traceback" not in result.stderr
        assert message in result.stderr + result.stdout, (args, result.stderr, result.stdout)


@needs_proc_status
def test_a_file_of_hundreds_of_megabytes_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.write(b"version: 1\nevents: []\n# ")
        handle.truncate(300 * 2**20)  # sparse: costs no disk
    message = f"error: {huge.name}: the file is 300 MiB; events files are limited to 128 MiB\n"
    for args in (
        ["show"],
        ["export", "csv"],
        ["add", "event", "--date", "2020", "--title", "t", "--source", "https://example.org/a"],
    ):
        code, stderr, peak = measured([*args, "--file", huge.name], tmp_path)
        assert (code, stderr) == (2, message), args
        assert peak < 200, f"{args}: {peak} MiB"
    code, stderr, _ = measured(["check", "--file", huge.name], tmp_path)
    assert (code, stderr) == (2, message)
    code, stderr, _ = measured(["diff", huge.name, str(CURATED)], tmp_path)
    assert code == 2 and "old side: huge.yaml: the file is 300 MiB" in stderr, stderr
    article = tmp_path / "article.txt"
    with article.open("wb") as handle:
        handle.truncate(300 * 2**20)
    code, stderr, _ = measured(["extract", article.name], tmp_path)
    assert (code, stderr) == (
        2,
        "error: article.txt: the file is larger than 16 MiB; is it an article?\n",
    )
    assert huge.stat().st_size == 300 * 2**20


# ---------------------------------------------------------------------------------------------
# Text from the data on a real terminal

# Each payload as YAML escapes it, what a terminal would do with it, and how it must show.
TERMINAL_PAYLOADS = {
    "window title": ("\\e]0;pwned\\a", "\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
    "osc 8 link": (
        "\\e]8;;https://evil.example\\aclick\\e]8;;\\a",
        "\x1b]8;;https://evil.example\x07",
        "\\x1b]8;;https://evil.example\\x07click",
    ),
    "clipboard write": ("\\e]52;c;cHduZWQ=\\a", "\x1b]52;", "\\x1b]52;c;cHduZWQ=\\x07"),
    "clear screen": ("\\e[2J\\e[H", "\x1b[2J", "\\x1b[2J\\x1b[H"),
    "c1 csi": ("\\x9b31m", "\x9b", "\\x9b31m"),
    "bidi override": ("\\u202eevil", "\u202e", "\\u202eevil"),
    "bidi isolate": ("\\u2066iso", "\u2066", "\\u2066iso"),
    "zero width": ("a\\u200bb", "\u200b", "a\\u200bb"),
    "rich markup": ("[bold red]markup[/]", None, "[bold red]markup[/]"),
}
HOSTILE_TEXT = " ".join(written for written, _, _ in TERMINAL_PAYLOADS.values())


def _hostile_timeline(folder: Path, title: str) -> Path:
    path = folder / f"{title}.yaml"
    path.write_text(
        "version: 1\n"
        f'timeline: {{title: "{HOSTILE_TEXT}"}}\n'
        "events:\n"
        '  - id: "evil\\u200bid"\n'
        "    date: 2021-03-04\n"
        f'    title: "{title} {HOSTILE_TEXT}"\n'
        f'    summary: "{HOSTILE_TEXT}"\n'
        f'    actors: ["{HOSTILE_TEXT}"]\n'
        f'    tags: ["{HOSTILE_TEXT}"]\n'
        f'    category: "{HOSTILE_TEXT}"\n'
        "    sources:\n"
        f'      - url: "https://example.org/\\e]8;;x\\a"\n'
        f'        title: "{HOSTILE_TEXT}"\n'
        f'        publisher: "{HOSTILE_TEXT}"\n'
        "        published: 2021-03-04\n"
    )
    return path


# What the tool itself sends a terminal: colours, and links to the http(s) sources of `show`.
OURS = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;id=\d+;https?://[^\x00-\x1f\x7f]*\x1b\\|\x1b\]8;;\x1b\\")


def _assert_inert(output: str) -> None:
    """Only our own escape sequences reach the terminal; the payloads show as text."""
    assert "\x1b" not in OURS.sub("", output), repr(OURS.sub("", output))
    for name, (_, raw, shown) in TERMINAL_PAYLOADS.items():
        if raw is not None:
            assert raw not in output, name
        assert shown in output.replace("\r\n", "").replace("\n", ""), name
    assert "\x07" not in output
    assert "\x1b[" in output  # coloured, so this is what a terminal really gets


def test_data_shows_inert_on_a_terminal_in_every_command(tmp_path: Path) -> None:
    old = _hostile_timeline(tmp_path, "old")
    new = _hostile_timeline(tmp_path, "new")
    article = tmp_path / "article.txt"
    article.write_text(
        "date 2023-05-17 The \x1b]0;pwned\x07 bank \x1b]8;;https://evil.example\x07click "
        "\u202eevil [bold red]markup[/] \x9b31m was fined on Tuesday."
    )
    wide = ["--no-pager"]
    runs = {
        "show": ["show", "--detail", "--file", str(old), *wide],
        "check": ["check", "--file", str(old)],
        "diff": ["diff", str(old), str(new)],
        "extract": ["extract", str(article)],
    }
    for name, args in runs.items():
        code, output = _on_terminal(args, tmp_path, colour=True)
        assert code in (0, 1), (name, output)
        if name == "extract":
            assert "\x1b" not in OURS.sub("", output), repr(output)
            for shown in ("\\x1b]0;pwned\\x07", "\\x1b]8;;https://evil", "\\u202eevil", "\\x9b31m"):
                assert shown in output
            assert "[bold red]markup[/]" in output
            continue
        _assert_inert(output)
    # check refuses the id with the invisible character, naming it
    code, output = _on_terminal(runs["check"], tmp_path)
    assert code == 1
    assert "id 'evil\\u200bid' contains invisible characters (U+200B) [invalid-id]" in output


# ---------------------------------------------------------------------------------------------
# Writes that fail


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary file takes half the text, then the disk is full."""
    real_fdopen = os.fdopen

    class HalfWritten:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> HalfWritten:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda *args, **kw: HalfWritten(real_fdopen(*args, **kw)))


def _read_only_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating the temporary file is refused (tests run as root, so chmod would not stop it)."""
    real_open = os.open

    def refuse(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)


def _failing_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)


FAILURES = {
    "disk full": (_full_disk, "No space left on device"),
    "read-only folder": (_read_only_folder, "Read-only file system"),
    "rename refused": (_failing_rename, "Permission denied"),
}
WRITES = {
    "add event": [
        "add", "event", "--date", "2022-01", "--title", "Acme appeals",
        "--source", "https://example.org/appeal",
    ],
    "add source": ["add", "source", "acme-fined", "--url", "https://example.org/more"],
    "remove event": ["remove", "event", "acme-fined", "--yes"],
}  # fmt: skip


@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("write", list(WRITES))
def test_a_failed_write_keeps_the_file_and_leaves_nothing_behind(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: str, failure: str
) -> None:
    path = tmp_path / "events.yaml"
    path.write_bytes((DATA / "edit" / "handkept.yaml").read_bytes())
    before = path.read_bytes()
    fail, reason = FAILURES[failure]
    fail(monkeypatch)
    result = invoke(*WRITES[write], "--file", str(path))
    monkeypatch.undo()
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"error: {path}: cannot write: {reason}; the file is unchanged\n"
    ), result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.yaml"]
    # and once the disk is fine again, the same command works
    assert invoke(*WRITES[write], "--file", str(path)).exit_code == 0


# ---------------------------------------------------------------------------------------------
# Interrupted writes


def test_an_interrupt_as_the_temporary_file_is_created_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ant_timeline import edit, store
    from ant_timeline.dates import parse
    from ant_timeline.model import Source

    path = tmp_path / "events.yaml"
    path.write_bytes((DATA / "edit" / "handkept.yaml").read_bytes())
    before = path.read_bytes()
    real_open = os.open

    def open_then_interrupted(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        descriptor = real_open(file, flags, *args, **kwargs)
        if flags & os.O_CREAT:  # Ctrl-C lands just as the temporary file exists
            os.close(descriptor)
            raise KeyboardInterrupt
        return descriptor

    monkeypatch.setattr(os, "open", open_then_interrupted)
    draft = edit.Draft(parse("2022-01"), "Acme appeals", sources=(Source("https://e.org/a"),))
    with pytest.raises(KeyboardInterrupt):
        edit.add_event(store.TimelineFile(path, "option"), draft)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.yaml"]
    assert path.read_bytes() == before


def _long_timeline(count: int) -> str:
    lines = ["# A long timeline, so that a write takes a while.", "version: 1", "events:"]
    for n in range(count):
        lines += [
            f"  - id: event-{n}",
            f"    date: {2000 + n % 20}-{n % 12 + 1:02d}",
            f"    title: Event number {n}",
            "    sources:",
            f"      - url: https://example.org/{n}",
        ]
    return "\n".join(lines) + "\n"


ADD_ONE = [
    "add", "event", "--date", "2010-06", "--title", "An interrupted event",
    "--source", "https://example.org/new",
]  # fmt: skip


def _holds_folder(pid: int, folder: Path) -> bool:
    """True once the process has the folder open: the write lock, taken before reading."""
    try:
        return any(
            os.readlink(f"/proc/{pid}/fd/{fd}") == str(folder)
            for fd in os.listdir(f"/proc/{pid}/fd")
        )
    except OSError:
        return False


def _add_interrupted(path: Path, moment: str) -> tuple[int, str]:
    """Run `add event` on `path` and send SIGINT at `moment`: "before" the write (the lock is
    held, the file being read), "during" it (the temporary file exists) or "after" it (the file
    has been replaced). Returns the exit status and stderr."""
    folder = path.parent
    inode = path.stat().st_ino
    process = subprocess.Popen(
        [sys.executable, "-m", "ant_timeline", *ADD_ONE, "--file", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=folder.parent,
    )
    reached = {
        "before": lambda: _holds_folder(process.pid, folder),
        "during": lambda: any(name.endswith(".tmp") for name in os.listdir(folder)),
        "after": lambda: path.stat().st_ino != inode,
    }[moment]
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if reached():
            process.send_signal(signal.SIGINT)
            break
    _, stderr = process.communicate(timeout=120)
    # A signal that lands as Python shuts down, after the command has finished, ends the
    # process by SIGINT itself; a shell reports that as 130 too.
    code = 130 if process.returncode == -signal.SIGINT else process.returncode
    return code, stderr.decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def long_timeline(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """A 20,000-event file, and the same file after an uninterrupted `add event`."""
    folder = tmp_path_factory.mktemp("reference")
    path = folder / "events.yaml"
    path.write_text(_long_timeline(20_000))
    original = path.read_bytes()
    subprocess.run(
        [sys.executable, "-m", "ant_timeline", *ADD_ONE, "--file", str(path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return original, path.read_bytes()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches the process in /proc")
@pytest.mark.parametrize("moment", ["before", "during", "after"])
def test_ctrl_c_during_a_write_leaves_the_old_file_or_the_new_never_a_mix(
    tmp_path: Path, long_timeline: tuple[bytes, bytes], moment: str
) -> None:
    original, complete = long_timeline
    path = tmp_path / "events.yaml"
    path.write_bytes(original)
    code, stderr = _add_interrupted(path, moment)
    assert "Traceback" not in stderr, stderr
    assert code in (0, 130), stderr
    if code == 130:
        assert stderr.endswith("error: interrupted\n"), stderr
    after = path.read_bytes()
    assert after in (original, complete), "a mix of the old file and the new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.yaml"]
    if moment == "before":
        assert (code, after) == (130, original)
    if moment == "after" or code == 0:
        assert after == complete


@pytest.mark.fuzz
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches the process in /proc")
def test_ctrl_c_at_many_moments_of_a_write(tmp_path: Path) -> None:
    """`make fuzz`: the interrupt lands all over the write of a smaller file, many times."""
    path = tmp_path / "events.yaml"
    path.write_text(_long_timeline(2_000))
    original = path.read_bytes()
    subprocess.run(
        [sys.executable, "-m", "ant_timeline", *ADD_ONE, "--file", str(path)],
        check=True,
        capture_output=True,
    )
    complete = path.read_bytes()
    seen = set()
    for moment in ["during"] * 40 + ["before", "after"] * 5:
        path.write_bytes(original)
        code, stderr = _add_interrupted(path, moment)
        assert "Traceback" not in stderr and code in (0, 130), stderr
        after = path.read_bytes()
        assert after in (original, complete)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["events.yaml"]
        seen.add((code, after == complete))
    assert (130, False) in seen and ((130, True) in seen or (0, True) in seen)


# ---------------------------------------------------------------------------------------------
# Command-line text in another encoding


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["init", "new.yaml", "--title", "caf\udce9"], "--title"),
        (["init", "new.yaml", "--subject", "caf\udce9"], "--subject"),
        (["add", "event", "--date", "2022", "--title", "caf\udce9", "--source", "https://e.org/a"], "--title"),
        (["add", "event", "--date", "2022", "--title", "T", "--summary", "caf\udce9", "--source", "https://e.org/a"], "--summary"),
        (["add", "event", "--date", "2022", "--title", "T", "--actor", "caf\udce9", "--source", "https://e.org/a"], "--actor"),
        (["add", "event", "--date", "2022", "--title", "T", "--source", "https://e.org/caf\udce9"], "--source"),
        (["add", "source", "acme-fined", "--url", "https://e.org/b", "--title", "caf\udce9"], "--title"),
        (["add", "source", "acme-fined", "--url", "https://e.org/b", "--publisher", "caf\udce9"], "--publisher"),
    ],
    ids=["init title", "init subject", "title", "summary", "actor", "source", "source title", "publisher"],
)  # fmt: skip
def test_text_that_is_not_utf8_is_refused_by_every_write(
    invoke: Invoke, tmp_path: Path, args: list[str], option: str
) -> None:
    # A terminal in Latin-1 sends "café" as b"caf\xe9"; Python keeps the byte as "\udce9".
    path = tmp_path / "events.yaml"
    path.write_bytes((DATA / "edit" / "handkept.yaml").read_bytes())
    before = path.read_bytes()
    file_option = [] if args[0] == "init" else ["--file", str(path)]
    result = invoke(*args, *file_option)
    assert result.exit_code == 2, result.output
    assert result.stderr.endswith(
        "is not UTF-8 text: set your terminal to UTF-8, or write it in the file by hand\n"
    ), result.stderr
    assert f"error: {option} " in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.yaml"]
