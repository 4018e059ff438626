"""Everything the terminal sees: Rich consoles, the layout of `show` and `check`, messages.

Layouts are built once as lines of (text, style) spans. On a terminal they become Rich `Text`
(styled, wrapped to the width, paged when long); anywhere else they are written as plain text,
without Rich's per-line cost, so piping 100,000 events stays fast.
"""

from __future__ import annotations

import codecs
import errno
import os
import shutil
import sys
import time
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from ant_timeline.dates import MONTH_ABBR, day_text
from ant_timeline.errors import WriteError
from ant_timeline.model import (
    covered_text,
    first_reported_text,
    gap_months,
    group_year,
    subject_labels,
    year_heading,
)
from ant_timeline.text import inert, is_web_url

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from datetime import date

    from ant_timeline.errors import Problem
    from ant_timeline.extract import Candidate, Extraction
    from ant_timeline.model import Event, Source, Timeline
    from ant_timeline.validate import CheckResult, SetCheck

Span = tuple[str, "str | Style"]  # (text, style)
Line = list[Span]

CATEGORY_STYLES = {
    "regulation": "blue",
    "enforcement": "red",
    "policy": "magenta",
    "corporate": "green",
    "political": "yellow",
    "market": "cyan",
    "context": "bright_black",
}
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
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                console=_stderr_console(),
                transient=True,
            )
            bar.start()
            task = bar.add_task(label, total=total)
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


# ---------------------------------------------------------------------------------------------
# Wrapping


def wrap(text: str, width: int | None) -> list[str]:
    """Word-wrap `text` to `width` terminal cells (CJK counts double); no wrap when None."""
    if width is None or _cells(text) <= width:
        return [text]
    width = max(width, 10)
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if _cells(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        rest = word
        while _cells(rest) > width:  # a word longer than the line (a URL, CJK text)
            cut = _fit(rest, width)
            lines.append(rest[:cut])
            rest = rest[cut:]
        current = rest
    if current:
        lines.append(current)
    return lines or [""]


def _fit(word: str, width: int) -> int:
    used = 0
    for index, char in enumerate(word):
        used += _cells(char)
        if used > width:
            return max(index, 1)
    return len(word)


def _cells(text: str) -> int:
    """How many terminal cells text takes: its length when it is ASCII (the common case, and
    Rich's measure is many times slower), else Rich's measure of wide and zero-width
    characters."""
    return len(text) if text.isascii() else cell_len(text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _cells(text), 0)


# ---------------------------------------------------------------------------------------------
# show


def _date_text(event: Event) -> str:
    text = event.date.display()
    # Day numbers line up: " 2 Nov 2020" under "24 Oct 2020".
    return f" {text}" if len(text) > 1 and text[0].isdigit() and text[1] == " " else text


_NO_YEAR_YET = -1  # before the first heading; `group_year` is an int or None


SUBJECT_STYLES = (
    "bold bright_cyan",
    "bold bright_magenta",
    "bold bright_green",
    "bold bright_yellow",
    "bold bright_blue",
    "bold bright_red",
    "bold cyan",
    "bold magenta",
)


def _events_text(shown: int, total: int) -> str:
    return (
        f"{shown} event{'s' if shown != 1 else ''}"
        if shown == total
        else f"{shown} of {total} events"
    )


def subject_styles(timeline: Timeline) -> dict[str, str]:
    """A colour per loaded timeline, by key, in the order they were named."""
    return {
        member.key: SUBJECT_STYLES[index % len(SUBJECT_STYLES)]
        for index, member in enumerate(timeline.members)
    }


def show_lines(
    timeline: Timeline,
    *,
    total: int,
    detail: bool = False,
    width: int | None = None,
    as_of: date | None = None,
) -> Iterator[Line]:
    """The `show` layout: a header, then events grouped by year (as known on `as_of`)."""
    events = timeline.events
    info = timeline.info
    heading = inert(info.title or info.subject or "Timeline")
    yield [(heading, "bold")]
    meta = []
    if timeline.several:
        meta.append(f"{len(timeline.members)} timelines")
    elif info.subject and info.subject != info.title:
        meta.append(inert(info.subject))
    meta.append(_events_text(len(events), total))
    covered = covered_text(events)
    if covered:
        meta.append(covered)
    if as_of is not None:
        meta.append(f"as known on {day_text(as_of)}")
    yield [(" · ".join(meta), "dim")]
    labels = {key: inert(label) for key, label in subject_labels(timeline).items()}
    styles = subject_styles(timeline)
    label_width = max((_cells(label) for label in labels.values()), default=0)
    if timeline.several:
        shown = Counter(event.timeline for event in events)
        for member in timeline.members:
            yield [
                ("  ", ""),
                (_pad(labels[member.key], label_width), styles[member.key]),
                ("  ", ""),
                (f"{inert(member.path)} · {_events_text(shown[member.key], member.count)}", "dim"),
            ]
    else:
        label_width = 0
    if not events:
        yield []
        yield [("No events match.", "dim")]
        return
    dates = [_date_text(event) for event in events]
    categories = [inert(event.category or "") for event in events]
    date_width = max(_cells(text) for text in dates)
    category_width = max((_cells(text) for text in categories), default=0)
    indent = "  "
    column = len(indent) + date_width + 2 + (category_width + 2 if category_width else 0)
    column += label_width + 2 if label_width else 0
    hanging = " " * column
    text_width = None if width is None else max(width - column, 20)
    previous: Event | None = None
    previous_year: int | None = _NO_YEAR_YET
    for event, date_text, category in zip(events, dates, categories, strict=True):
        gap = gap_months(previous, event) if previous is not None else 0
        if gap:
            yield [(hanging, ""), (f"· {gap} months without events ·", "dim")]
        year = group_year(event)
        if year != previous_year:
            yield []
            yield [(year_heading(year), "bold")]
            previous_year = year
        elif detail:
            yield []  # detailed events are paragraphs: a blank line between them
        title_lines = wrap(inert(event.title), text_width)
        first: Line = [(indent, ""), (_pad(date_text, date_width), "bold"), ("  ", "")]
        if label_width:
            first.append((_pad(labels[event.timeline], label_width), styles[event.timeline]))
            first.append(("  ", ""))
        if category_width:
            first.append((_pad(category, category_width), CATEGORY_STYLES.get(category, "white")))
            first.append(("  ", ""))
        first.append((title_lines[0], "bold" if detail else ""))
        yield first
        for more in title_lines[1:]:
            yield [(hanging, ""), (more, "bold" if detail else "")]
        yield from _people_and_tags(event, hanging, text_width)
        if detail:
            yield from _detail(event, hanging, text_width)
        previous = event


def _people_and_tags(event: Event, hanging: str, width: int | None) -> Iterator[Line]:
    actors = ", ".join(inert(actor) for actor in event.actors)
    tags = " ".join(f"#{inert(tag)}" for tag in event.tags)
    if not actors and not tags:
        return
    if width is not None and _cells(actors) + _cells(tags) + 2 > width:
        for part in wrap(actors, width):
            yield [(hanging, ""), (part, "dim")]
        if tags:
            for part in wrap(tags, width):
                yield [(hanging, ""), (part, "cyan")]
        return
    line: Line = [(hanging, "")]
    if actors:
        line.append((actors, "dim"))
    if tags:
        line.append(("  " if actors else "", ""))
        line.append((tags, "cyan"))
    yield line


def _detail(event: Event, hanging: str, width: int | None) -> Iterator[Line]:
    if event.summary:
        for paragraph in inert(event.summary, keep_newlines=True).split("\n"):
            for part in wrap(paragraph, width):
                yield [(hanging, ""), (part, "")]
    reported = first_reported_text(event)
    if reported is not None:
        yield [(hanging, ""), (reported, "dim italic")]
    for source in event.sources:
        yield from _source_lines(source, hanging, width)


def _source_lines(source: Source, hanging: str, width: int | None) -> Iterator[Line]:
    parts = [inert(source.publisher)] if source.publisher else []
    if source.published:
        parts.append(source.published.display())
    label = ", ".join(parts)
    if source.title:
        label = f"{label}: {inert(source.title)}" if label else inert(source.title)
    url = inert(source.url)
    is_link = is_web_url(source.url)
    style = Style(color="blue", underline=True, link=url) if is_link else Style(dim=True)
    if not label:  # nothing but the address: it goes on the bullet's own line
        yield [(hanging, ""), ("· ", ""), (url, style)]
    else:
        for index, part in enumerate(wrap(f"· {label}", width)):
            yield [(hanging, ""), (part if index == 0 else f"  {part}", "italic" if index else "")]
        yield [(hanging + "  ", ""), (url, style)]
    if source.archived is not None:
        copy = inert(source.archived)
        copy_style = (
            Style(color="blue", underline=True, link=copy)
            if is_web_url(source.archived)
            else Style(dim=True)
        )
        yield [(hanging + "  ", ""), ("archived ", "dim"), (copy, copy_style)]


# ---------------------------------------------------------------------------------------------
# check

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow"}


def check_lines(result: CheckResult) -> Iterator[Line]:
    """`file:line:column: severity: message [code]` per problem, then a summary."""
    for problem in result.problems:
        yield _problem_line(problem)
    if not result.problems:
        yield [(f"{result.path}: no problems in {_count(result.event_count, 'event')}", "green")]
        return
    counts = []
    if result.errors:
        counts.append(_count(result.errors, "error"))
    if result.warnings:
        counts.append(_count(result.warnings, "warning"))
    yield [(f"{result.path}: {', '.join(counts)} in {_count(result.event_count, 'event')}", "bold")]


def check_set_lines(result: SetCheck) -> Iterator[Line]:
    """Each readable file's report in turn, then the problems across the timelines and a total."""
    for each in result.results:
        if each.readable:
            yield from check_lines(each)
    for problem in result.across:
        yield _problem_line(problem)
    counts = []
    if result.errors:
        counts.append(_count(result.errors, "error"))
    if result.warnings:
        counts.append(_count(result.warnings, "warning"))
    timelines = _count(len(result.results), "timeline")
    if counts:
        yield [(f"{timelines}: {', '.join(counts)} in all", "bold")]
    else:
        yield [(f"{timelines}: no problems, in each or across them", "green")]


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _problem_line(problem: Problem) -> Line:
    return [
        (f"{inert(problem.place)}: ", "bold"),
        (f"{problem.severity}: ", SEVERITY_STYLES.get(problem.severity, "")),
        (inert(problem.message), ""),
        (f" [{problem.code}]", "dim"),
    ]


# ---------------------------------------------------------------------------------------------
# diff

if TYPE_CHECKING:
    from ant_timeline.diff import Entry, FieldChange, TextChange, TimelineDiff

DIFF_SIGNS = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}
DIFF_STYLES = {"added": "green", "removed": "red", "changed": "yellow", "renamed": "cyan"}
DIFF_LABEL_WIDTH = 10
ARROW = "→"


def diff_lines(
    result: TimelineDiff, *, stat: bool = False, width: int | None = None
) -> Iterator[Line]:
    """The `diff` layout: differences grouped by year, each with its sign, then a summary."""
    summary: Line = [(result.summary, "bold" if result else "")]
    if stat:
        for key, counts in result.by_timeline():
            yield [(f"{inert(key)}: ", "bold"), (counts, "")]
        yield summary
        return
    yield [(f"{inert(result.old_label)} {ARROW} {inert(result.new_label)}", "dim")]
    entries = result.entries()
    dates = [_date_text(entry.event) for entry in entries]
    date_width = max((_cells(text) for text in dates), default=0)
    hanging = " " * (2 + date_width + 2)
    text_width = None if width is None else max(width - len(hanging), 20)
    previous_year: int | None = _NO_YEAR_YET
    for entry, date_text in zip(entries, dates, strict=True):
        year = group_year(entry.event)
        if year != previous_year:
            yield []
            yield [(year_heading(year), "bold")]
            previous_year = year
        yield from _diff_entry(entry, date_text, date_width, hanging, text_width)
    yield []
    yield summary


def _diff_entry(
    entry: Entry, date_text: str, date_width: int, hanging: str, width: int | None
) -> Iterator[Line]:
    style = DIFF_STYLES[entry.kind]
    event = entry.event
    ids = inert(event.ref)
    if entry.change is not None and entry.change.old_ref is not None:
        ids = f"{inert(entry.change.old_ref)} {ARROW} {ids}"
    title_lines = wrap(f"{inert(event.title)} [{ids}]", width)
    yield [
        (DIFF_SIGNS[entry.kind], f"bold {style}"),
        (" ", ""),
        (_pad(date_text, date_width), "bold"),
        ("  ", ""),
        (title_lines[0], ""),
    ]
    for more in title_lines[1:]:
        yield [(hanging, ""), (more, "")]
    if entry.change is not None:
        for change in entry.change.changes:
            yield from _field_lines(change, hanging, width)


def _field_lines(change: FieldChange, hanging: str, width: int | None) -> Iterator[Line]:
    from ant_timeline.diff import (  # noqa: PLC0415 - only diff
        DateChange,
        SetChange,
        TextChange,
        source_differences,
    )

    label = (hanging + _pad(change.field, DIFF_LABEL_WIDTH), "dim")
    inner = hanging + " " * DIFF_LABEL_WIDTH
    text_width = None if width is None else max(width - DIFF_LABEL_WIDTH, 20)
    rows: list[tuple[str, str]] = []  # (text, style) of each row after the label
    if isinstance(change, DateChange):
        rows.append(
            (f"{change.old.display()} {ARROW} {change.new.display()} ({change.kind})", "yellow")
        )
    elif isinstance(change, TextChange) and change.field == "summary":
        rows.append((f"- {_or_none(change.old)}", "red"))
        rows.append((f"+ {_or_none(change.new)}", "green"))
    elif isinstance(change, TextChange):
        rows.append((f"{_or_none(change.old)} {ARROW} {_or_none(change.new)}", ""))
    elif isinstance(change, SetChange):
        rows += [(f"+ {inert(value)}", "green") for value in change.added]
        rows += [(f"- {inert(value)}", "red") for value in change.removed]
    else:
        rows += [(f"+ {_source_label(source)}", "green") for source in change.added]
        rows += [(f"- {_source_label(source)}", "red") for source in change.removed]
        rows += [
            (f"~ {inert(after.url)}: {_source_fields(source_differences(before, after))}", "yellow")
            for before, after in change.changed
        ]
    first = True
    for text, style in rows:
        # Continuation lines are indented by two more cells, so wrap two cells shorter.
        for index, part in enumerate(wrap(text, None if text_width is None else text_width - 2)):
            lead = label if first else (inner, "")
            first = False
            yield [lead, (part if index == 0 else f"  {part}", style)]


def _or_none(value: str | None) -> str:
    return inert(value) if value is not None else "(none)"


def _source_fields(changes: Iterable[TextChange]) -> str:
    return "; ".join(
        f"{change.field} {_or_none(change.old)} {ARROW} {_or_none(change.new)}"
        for change in changes
    )


def _source_label(source: Source) -> str:
    parts = [inert(source.publisher)] if source.publisher else []
    if source.published:
        parts.append(source.published.display())
    label = ", ".join(parts)
    if source.title:
        label = f"{label}: {inert(source.title)}" if label else inert(source.title)
    url = inert(source.url)
    return f"{label} <{url}>" if label else url


# ---------------------------------------------------------------------------------------------
# extract

EXCERPT_LENGTH = 160


def extract_lines(
    extraction: Extraction, *, order: str = "article", width: int | None = None
) -> Iterator[Line]:
    """One block per candidate: canonical and display date, confidence and phrase on the first
    line, then the suggested title, then the sentence trimmed around the phrase."""
    candidates = extraction.ordered(order)
    published = extraction.published
    count = len(candidates)
    heading = (
        f"Published {published.day} {MONTH_ABBR[published.month - 1]} {published.year} · "
        f"{count} dated reference{'' if count == 1 else 's'}"
    )
    if count > 1:
        heading += ", in date order" if order == "date" else ", in article order"
    yield [(heading, "bold")]
    if not candidates:
        yield [("No dated references found.", "dim")]
        return
    canonical_width = max(_cells(c.date.canonical) for c in candidates)
    shown_width = max(_cells(c.date.display()) for c in candidates)
    for candidate in candidates:
        yield []
        yield from candidate_lines(candidate, width, canonical_width, shown_width)


def article_lines(
    file: str, extraction: Extraction, *, order: str, width: int | None, first: bool
) -> Iterator[Line]:
    """One article of many: a blank line before all but the first, its name, its candidates."""
    if not first:
        yield []
    yield [(f"== {inert(file)} ==", "bold")]
    yield from extract_lines(extraction, order=order, width=width)


def candidate_lines(
    candidate: Candidate, width: int | None, canonical_width: int = 0, shown_width: int = 0
) -> Iterator[Line]:
    """One candidate: its dates, confidence and phrase, then its title and trimmed sentence."""
    indent = "    "
    text_width = None if width is None else max(width - len(indent), 20)
    limit = EXCERPT_LENGTH if text_width is None else max(text_width * 2, 40)
    yield [
        (_pad(candidate.date.canonical, canonical_width), "bold"),
        ("  ", ""),
        (_pad(candidate.date.display(), shown_width), "cyan"),
        ("  ", ""),
        (f"{candidate.confidence:.2f}", _confidence_style(candidate.confidence)),
        ("  ", ""),
        (inert(candidate.text), "yellow"),
    ]
    if candidate.title:
        for part in wrap(inert(candidate.title), text_width):
            yield [(indent, ""), (part, "")]
    for part in wrap(inert(excerpt(candidate.sentence, candidate.text, limit)), text_width):
        yield [(indent, ""), (part, "dim")]


def _confidence_style(confidence: float) -> str:
    return "green" if confidence >= 0.85 else "yellow" if confidence >= 0.7 else "red"


def excerpt(sentence: str, phrase: str, limit: int = EXCERPT_LENGTH) -> str:
    """The sentence trimmed to about `limit` characters around the phrase, cut at words (…)."""
    if len(sentence) <= limit:
        return sentence
    at = max(sentence.find(phrase), 0)
    room = max(limit - len(phrase), 0)
    start = max(at - room // 2, 0)
    end = min(start + limit, len(sentence))
    start = max(end - limit, 0)
    if start > 0:
        space = sentence.find(" ", start, at) if at > start else -1
        start = space + 1 if space >= 0 else start
    if end < len(sentence):
        space = sentence.rfind(" ", at + len(phrase), end)
        end = space if space >= 0 else end
    text = sentence[start:end].strip()
    return ("… " if start > 0 else "") + text + (" …" if end < len(sentence) else "")


# ---------------------------------------------------------------------------------------------
# links and archive

if TYPE_CHECKING:
    from ant_timeline.links import LinkCheck, LinkReport
    from ant_timeline.links.wayback import Found

LINK_STYLES = {"ok": "green", "moved": "yellow", "dead": "bold red", "failing": "magenta"}


def _link_detail(result: LinkCheck) -> str:
    if result.status == "moved" and result.location:
        return f"{ARROW} {inert(result.location)} ({inert(result.reason)})"
    return inert(result.reason)


def link_lines(report: LinkReport, *, grouped: bool, width: int | None = None) -> Iterator[Line]:
    """The `links` layout. Grouped (a terminal): each event's date and title, then a line per
    link with its status; the summary last. Not grouped (a pipe): one tab-separated line per
    link: status, event id, which link (`source 2`, `source 2 archived`), address, detail."""
    if not grouped:
        for link, result in report.rows:
            yield [
                (
                    "\t".join(
                        (
                            result.status.value,
                            inert(link.event.ref),
                            link.label,
                            inert(link.url),
                            inert(result.location or "")
                            if result.status == "moved"
                            else inert(result.reason),
                        )
                    ),
                    "",
                )
            ]
        return
    label_width = max((len(link.label) for link, _ in report.rows), default=0)
    previous: Event | None = None
    for link, result in report.rows:
        if link.event is not previous:
            if previous is not None:
                yield []
            yield [
                (_date_text(link.event), "bold"),
                ("  ", ""),
                (inert(link.event.title), ""),
                (f"  [{inert(link.event.ref)}]", "dim"),
            ]
            previous = link.event
        style = LINK_STYLES.get(result.status.value, "")
        url = inert(link.url)
        line: Line = [
            ("  ", ""),
            (_pad(result.status.value, 9), style),
            (_pad(link.label, label_width), "dim"),
            ("  ", ""),
            (url, Style(link=url) if is_web_url(link.url) else ""),
        ]
        if result.status != "ok":
            line += [("  ", ""), (_link_detail(result), style)]
        if result.cached:
            line.append(("  (cached)", "dim"))
        yield line
    if report.rows:
        yield []
    yield _links_summary(report)


def _links_summary(report: LinkReport) -> Line:
    cached = sum(1 for _, result in report.rows if result.cached)
    text = report.summary + (f"; {cached} from the cache" if cached else "")
    return [(text, "bold red" if report.dead else "bold")]


def links_summary(report: LinkReport) -> str:
    """The summary line on its own (on stderr when the links themselves go to a pipe)."""
    return "".join(span[0] for span in _links_summary(report))


def archive_lines(found: Iterable[Found], *, save: bool) -> Iterator[str]:
    """What `archive` learned about each source, one line each (for stderr)."""
    for item in found:
        what = f"{item.wanted.event} source {item.wanted.source + 1}"
        url = inert(item.wanted.url)
        if item.snapshot is not None:
            day = item.snapshot.day
            taken = f"{day.day} {MONTH_ABBR[day.month - 1]} {day.year}" if day else "undated"
            how = "saved now" if item.saved else f"copy of {taken}"
            yield f"{what}: {how}: {inert(item.snapshot.url)}"
        elif item.problem is not None:
            yield f"{what}: {inert(item.problem)} ({url})"
        elif item.asked:
            yield (
                f"{what}: asked the archive to save {url}; it has no copy to record yet: "
                "run `ant-timeline archive` again later"
            )
        else:
            hint = "" if save else " (`--save` asks the archive to take one)"
            yield f"{what}: the archive has no copy of {url}{hint}"
