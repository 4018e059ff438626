"""Where output goes: the Console objects, colour, plain or styled lines, pager, progress,
raw output in any encoding, and messages on stderr."""

from __future__ import annotations

import codecs
import errno
import os
import shutil
import sys
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console
from rich.style import Style
from rich.text import Text

from ant_timeline.errors import WriteError
from ant_timeline.text import inert

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

Span = tuple[str, "str | Style"]  # (text, style)
Line = list[Span]

BATCH_LINES = 2000


_COLOUR = {"disabled": False}  # set by --no-color, for every console this process opens


def disable_colour() -> None:
    """No colour anywhere from now on: stdout, stderr, progress (`--no-color`)."""
    _COLOUR["disabled"] = True


def colour_allowed() -> bool:
    """False after `--no-color`, or when `NO_COLOR` is set (https://no-color.org)."""
    return not _COLOUR["disabled"] and not os.environ.get("NO_COLOR")


@dataclass(frozen=True, slots=True)
class Screen:
    """Where output goes and how: colour, width, whether stdout is a terminal."""

    color: bool
    terminal: bool
    width: int | None  # None: do not wrap (not a terminal)

    @classmethod
    def detect(cls, *, no_color: bool = False) -> Screen:
        """Colour only on a terminal, and never with `--no-color` or `NO_COLOR`."""
        terminal = sys.stdout.isatty()
        color = terminal and not no_color and colour_allowed()
        width = shutil.get_terminal_size((100, 24)).columns if terminal else None
        return cls(color=color, terminal=terminal, width=width)

    def console(self, file: IO[str] | None = None) -> Console:
        """A Rich console on stdout (or `file`) that honours this screen's colour choice."""
        return Console(
            file=file,
            force_terminal=self.terminal,
            width=self.width,
            no_color=not self.color,
            color_system="auto" if self.color else None,
            highlight=False,
            emoji=False,
            markup=False,
            soft_wrap=True,
        )


# ---------------------------------------------------------------------------------------------
# Writing lines


@contextmanager
def _output() -> Iterator[None]:
    """Standard output that cannot take the text (a full disk, a terminal gone) is a
    `WriteError` with a message, not a traceback. A reader that stopped early (`| head`) is a
    broken pipe, which Typer ends quietly."""
    try:
        yield
    except OSError as error:
        if error.errno == errno.EPIPE:
            raise
        # What is still buffered would fail again when Python flushes stdout at exit.
        with suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        raise WriteError(f"cannot write the output: {error.strerror or error}") from None


def emit(lines: Iterable[Line], screen: Screen, *, pager: bool | None = None) -> None:
    """Write lines: styled (and paged when long) on a terminal, plain text otherwise."""
    with _output():
        _emit(lines, screen, pager)


def _emit(lines: Iterable[Line], screen: Screen, pager: bool | None) -> None:
    if not screen.terminal:
        _write_plain(lines, sys.stdout)
        return
    materialised = list(lines)
    console = screen.console()
    height = shutil.get_terminal_size((100, 24)).lines
    text = _to_text(materialised)
    if pager is None:
        pager = len(materialised) > height - 2
    if pager:
        os.environ.setdefault("LESS", "-R")  # let less show the colours
        with console.pager(styles=screen.color):
            console.print(text)
    else:
        console.print(text)


def _write_plain(lines: Iterable[Line], out: IO[str]) -> None:
    batch: list[str] = []
    for line in lines:
        batch.append("".join(span[0] for span in line))
        if len(batch) >= BATCH_LINES:
            out.write("\n".join(batch) + "\n")
            batch.clear()
    if batch:
        out.write("\n".join(batch) + "\n")
    out.flush()


def _to_text(lines: list[Line]) -> Text:
    text = Text(end="")
    for index, line in enumerate(lines):
        if index:
            text.append("\n")
        for content, style in line:
            text.append(content, style or None)
    text.append("\n")
    return text


PROGRESS_AFTER = 1.0  # seconds of work before a progress bar is worth showing


@contextmanager
def progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A callback (done, total) that draws a progress bar on stderr once work passes a second.

    None when stderr is not a terminal: then nothing is drawn at all.
    """
    if not sys.stderr.isatty():
        yield None
        return
    started = time.monotonic()
    bar: Any = None
    task = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if time.monotonic() - started < PROGRESS_AFTER:
                return
            # ~35 ms to import: only once a bar is really needed
            from rich.progress import (  # noqa: PLC0415
                BarColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
            )

            bar = Progress(
                # The label may hold a file's name: text, not markup, and nothing that drives
                # the terminal.
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                TaskProgressColumn(),
                console=_stderr_console(),
                transient=True,
            )
            bar.start()
            task = bar.add_task(inert(label), total=total)
        if task is not None:
            bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


def write_raw(content: str, *, escape: str = "text") -> None:
    """Write text as is (JSON, exports) to stdout.

    What stdout's encoding cannot hold (`PYTHONIOENCODING=ascii`, a C locale) is escaped the
    way the text's own format escapes: `escape="json"` as `\\u00b7` (so JSON stays valid JSON
    with the same values), `"markup"` (HTML, Markdown) as `&#xb7;` (which renders as the
    character itself), and plain text as `\\xb7`, by the stream's own error handler.
    """
    with _output():
        sys.stdout.write(_encodable(content, sys.stdout, escape))
        sys.stdout.flush()


def write_patch(patch: str) -> None:
    """A `--dry-run` diff: as is when piped (a patch to apply), and on a terminal with every
    control character of the file's text (a comment may hold any) shown as an escape."""
    if sys.stdout.isatty():
        patch = inert(patch, keep_newlines=True)
    write_raw(patch)


def write_bytes(data: bytes, *, stderr: bool = False) -> None:
    """Write bytes as they are to stdout (or stderr): `export -o /dev/stdout`, in UTF-8."""
    stream = sys.stderr if stderr else sys.stdout
    if stream is None:  # Python was started with that descriptor closed
        raise WriteError("cannot write the output: it is closed")
    with _output():
        stream.flush()
        binary = getattr(stream, "buffer", None)
        if binary is None:  # a text-only stream (an embedding program's): give it text
            stream.write(data.decode("utf-8"))
        else:
            binary.write(data)
            binary.flush()


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    # Outside its strings JSON text is ASCII, so every character escaped here is inside one,
    # where \uXXXX (a surrogate pair above U+FFFF) means that same character.
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escaped = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped), error.end


codecs.register_error("ant-timeline-json", _json_escape)
_ESCAPE_HANDLERS = {
    "json": "ant-timeline-json",
    "markup": "xmlcharrefreplace",
    "text": "backslashreplace",
}


def _encodable(content: str, stream: IO[str], escape: str) -> str:
    """`content` with what `stream` cannot encode escaped for its format (see `write_raw`)."""
    if content.isascii():
        return content
    if escape == "text" and getattr(stream, "errors", None) not in ("strict", "surrogateescape"):
        return content  # the stream escapes what it cannot encode itself
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        content.encode(encoding)
    except UnicodeEncodeError:
        return content.encode(encoding, _ESCAPE_HANDLERS[escape]).decode(encoding)
    except LookupError:  # an encoding Python does not know: leave it to the stream
        pass
    return content


def _stderr_console() -> Console:
    color = sys.stderr.isatty() and colour_allowed()
    return Console(
        stderr=True,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )


def error(message: str) -> None:
    """`error: message` on stderr."""
    console = _stderr_console()
    line = Text("error: ", style="bold red")
    line.append(inert(message, keep_newlines=True))
    console.print(line)


def note(message: str, style: str = "") -> None:
    """An informational line on stderr."""
    _stderr_console().print(Text(inert(message, keep_newlines=True), style=style))
