"""The Typer app: the root command, the registry of command modules, and the one place a
`TimelineError` becomes an `error: ...` message and its documented exit code.

A command module parses its options, calls one core function and hands the result to `render`.
Each is imported only when one of its commands runs or shows its help: `show` never loads the
code of `diff` or `extract`, and `ant-timeline --help` loads none of them.
"""

# No `from __future__ import annotations` here: Typer would have to eval() every annotation
# back at start-up (~15 ms), and Python 3.11 reads `X | None` natively.
import importlib
import os
from collections.abc import Iterator, MutableMapping
from contextlib import suppress
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ant_timeline import __version__
from ant_timeline.cli.options import examples, render
from ant_timeline.errors import ExitCode, LoadError, TimelineError

MAX_LOAD_PROBLEMS_SHOWN = 20

# Every top-level command: the module under ant_timeline.cli that defines it, and the line
# `ant-timeline --help` shows for it (kept equal to the command's own help by a test), in the
# order `--help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "show": ("read", "Show the timeline, grouped by year, with precision-aware dates."),
    "check": (
        "read",
        "Check an events file: every problem at once, each as file:line:column: message.",
    ),
    "init": ("read", "Start a timeline of your own: a new events file with a commented header."),
    "diff": ("diff", "Show what changed in the story between two timelines, event by event."),
    "export": ("export", "Export the timeline as FORMAT, to stdout or (atomically) to a file."),
    "extract": (
        "extract",
        "Propose dated events from a news article: each date phrase, resolved.",
    ),
    "add": (
        "write",
        "Add an event, or a source to an event, keeping every other byte of the file.",
    ),
    "remove": ("write", "Remove an event from the events file."),
    "links": ("links", "Check every source link and archived copy: ok, moved, dead or failing."),
    "archive": (
        "links",
        "Record an archived copy (a Wayback Machine snapshot) for each source that has none.",
    ),
}


class _Commands(MutableMapping[str, Any]):
    """The root's commands by name; a command module is imported on the first look-up of one
    of its commands, and its commands are built once."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            module = importlib.import_module(f"ant_timeline.cli.{COMMANDS[name][0]}")
            group = typer.main.get_group(module.commands)
            for built_name, command in group.commands.items():
                self._built.setdefault(built_name, command)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:  # pragma: no cover - Click never removes one
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._built))


class _Group(TyperGroup):
    """Runs every command; maps `TimelineError` and Ctrl-C to messages and exit codes."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands()

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # As Click lists them, from the registry's lines, so no command module is imported.
        from typer._click.utils import make_default_short_help  # noqa: PLC0415

        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, make_default_short_help(text, limit)) for name, (_, text) in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as problem:
            render.error(_error_text(problem))
            raise typer.Exit(int(problem.exit_code)) from None
        except KeyboardInterrupt:
            render.error("interrupted")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except typer.Abort as abort:
            # A prompt turns Ctrl-C into Abort ("Aborted!", exit 1); it is an interrupt like any
            # other. (End of input at a prompt stays an Abort.)
            if not isinstance(abort.__context__, KeyboardInterrupt):
                raise
            render.error("interrupted")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


def _error_text(problem: TimelineError) -> str:
    if not isinstance(problem, LoadError):
        return str(problem)
    shown = [str(p) for p in problem.problems[:MAX_LOAD_PROBLEMS_SHOWN]]
    more = sum(p.count for p in problem.problems) - len(shown)
    if more > 0:
        shown.append(f"... and {more:,} more")
    if len(problem.problems) > 1 or more:
        shown.append("run `ant-timeline check` to see every problem with its place")
    return "\n".join(shown)


app = typer.Typer(
    cls=_Group,
    name="ant-timeline",
    help=(
        "Build, read, check, diff and publish sourced corporate-regulatory timelines "
        "kept in a YAML events file."
    ),
    epilog=examples(
        "ant-timeline show --since 2023 --tag nfra",
        "ant-timeline check",
        "ant-timeline init acme.yaml --subject Acme",
        note="The events file is --file, else $ANT_TIMELINE_FILE, else ./events.yaml, else the "
        "bundled Ant Group timeline. Exit status: 0 ok, 1 found something (check, diff), "
        "2 bad usage or bad input, 130 interrupted.",
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    # Plain help: Typer's Rich help imports rich.markdown and markdown-it (~70 ms per --help).
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ant-timeline {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Build, read, check, diff and publish sourced corporate-regulatory timelines."""


def main() -> None:
    """The `ant-timeline` console script."""
    _closed_streams()
    _tolerant_streams()
    try:
        app(prog_name="ant-timeline")
    except OSError as error:
        # Output written before a command runs (--help, --version, a usage message) that
        # stdout cannot take: a full disk, a closed descriptor. (A broken pipe ends quietly.)
        import sys  # noqa: PLC0415

        with suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        render.error(f"cannot write the output: {error.strerror or error}")
        raise SystemExit(int(ExitCode.BAD_INPUT)) from None


class _ClosedOutput:
    """Standard output when the command was started with it closed (`>&-`): every write fails
    as writing to a closed descriptor does, so it ends in `cannot write the output` (exit 2)."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        import errno  # noqa: PLC0415

        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        import errno  # noqa: PLC0415

        raise OSError(errno.EBADF, "standard output is closed")


def _closed_streams() -> None:
    """A command started with stdin, stdout or stderr closed still ends with its exit code.

    Python leaves such a stream as None. Its descriptor is taken by /dev/null, so no file the
    command opens later becomes "standard output" by accident; stdin then reads as empty,
    messages to a closed stderr go nowhere, and output to a closed stdout is a write error.
    """
    import sys  # noqa: PLC0415

    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != descriptor:
                os.dup2(opened, descriptor)
                os.close(opened)
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the whole run
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()


def _tolerant_streams() -> None:
    """stdout and stderr escape what their encoding cannot hold instead of raising.

    Under `PYTHONIOENCODING=ascii`, or a C locale without UTF-8 mode, stdout is ASCII and its
    error handler `strict`: the first `·` would end the command in a traceback. Escaped as
    `\\xb7` instead; bytes of a file name that was not UTF-8 (which a C locale keeps as
    surrogates, "surrogateescape") are still written back as the bytes they were. JSON and
    the exports escape in their own syntax first (`render.write_raw`).
    """
    import codecs  # noqa: PLC0415
    import sys  # noqa: PLC0415

    codecs.register_error(_ESCAPE_KEEPING_BYTES, _escape_keeping_bytes)
    tolerant = {"strict": "backslashreplace", "surrogateescape": _ESCAPE_KEEPING_BYTES}
    # An answer typed at a prompt that stdin cannot decode is kept as surrogates, which every
    # write refuses with its own message ("is not UTF-8 text"), rather than a traceback.
    for stream, handlers in (
        (sys.stdout, tolerant),
        (sys.stderr, tolerant),
        (sys.stdin, {"strict": "surrogateescape"}),
    ):
        errors = getattr(stream, "errors", None)
        if errors in handlers and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors=handlers[errors])
            except (OSError, ValueError):  # pragma: no cover - a stream that refuses: as it is
                continue


_ESCAPE_KEEPING_BYTES = "ant-timeline-escape"


def _escape_keeping_bytes(error: UnicodeError) -> tuple[str | bytes, int]:
    """ "surrogateescape" for the bytes it stands for, "backslashreplace" for the rest."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    char = error.object[error.start]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return bytes([code - 0xDC00]), error.start + 1
    if code < 0x100:
        return f"\\x{code:02x}", error.start + 1
    return (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"), error.start + 1
