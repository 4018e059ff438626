"""What the commands share: the options they take, the lazy core modules, help examples.

Each command module (`read`, `write`, `diff`, `export`, `extract`) builds its commands from
these; `app` registers the modules and never needs them at start-up.
"""

# No `from __future__ import annotations` here: Typer would have to eval() every annotation
# back at start-up (~15 ms), and Python 3.11 reads `X | None` natively.
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.models import TyperPath

from ant_timeline.errors import DateError

__all__ = [
    "ActorOption",
    "AsOfOption",
    "CategoryOption",
    "DryRunOption",
    "FileOption",
    "JsonOption",
    "LimitOption",
    "NamedPath",
    "NoCacheOption",
    "NoColorOption",
    "ReverseOption",
    "SearchOption",
    "SinceOption",
    "SubjectOption",
    "TagOption",
    "UntilOption",
    "WriteFileOption",
    "as_of_day",
    "check_url",
    "command_group",
    "examples",
    "interactive",
    "known_view",
    "lazy",
    "make_filter",
    "one_as_of",
    "progress_label",
    "query",
    "reading",
    "render",
    "store",
    "undated_note",
    "user_date",
    "writing",
]


def lazy(name: str) -> ModuleType:
    """A module that is imported on its first attribute access (Python's `LazyLoader`).

    `--help` and every command share this module, but only the commands need the core and Rich
    rendering; importing them here would add ~30 ms to `--help`.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # pragma: no cover - our own package
        raise ImportError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


if TYPE_CHECKING:
    from ant_timeline import query, render, store
    from ant_timeline.model import Timeline
else:
    query = lazy("ant_timeline.query")
    render = lazy("ant_timeline.render")
    store = lazy("ant_timeline.store")


def examples(*lines: str, note: str = "") -> str:
    """An epilog listing example command lines, one per line, never rewrapped (Click's `\\b`)."""
    body = "\n".join(f"  $ {line}" for line in lines)
    return f"Examples:\n\n\b\n{body}" + (f"\n\n{note}" if note else "")


def command_group() -> typer.Typer:
    """The Typer app a command module adds its commands to (plain help, as the root's)."""
    return typer.Typer(rich_markup_mode=None, add_completion=False)


class NamedPath(TyperPath):
    """A path on the command line, completed as one. An empty one (`--file "$UNSET"`) names
    nothing: as a `Path` it would be the current folder, read or written in its place."""

    def __init__(self, path_type: type = Path) -> None:
        super().__init__(path_type=path_type)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("an empty path names no file or folder", param, ctx)
        return super().convert(value, param, ctx)


FileOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--file",
        "-f",
        metavar="PATH",
        help="Events file, or a folder of them; repeat for several timelines in one view. "
        "Default: $ANT_TIMELINE_FILE, else ./events.yaml, else the bundled Ant Group timeline.",
        show_default=False,
        click_type=NamedPath(),
    ),
]


def reading(file: list[Path] | None) -> "store.FileSet":
    """The events files a reading command uses: one, or several timelines shown together."""
    return store.locate_set(file)


def progress_label(files: "store.FileSet") -> str:
    """What the progress bar says while the files are read."""
    if files.together:
        return f"reading {len(files.files)} files"
    return f"reading {files.single.path.name}"


def _no_colour(value: bool) -> bool:
    if value:
        render.disable_colour()
    return value


WriteFileOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--file",
        "-f",
        metavar="PATH",
        help="Events file to change. Default: $ANT_TIMELINE_FILE, else ./events.yaml "
        "(never the bundled Ant Group timeline).",
        show_default=False,
        click_type=NamedPath(),
    ),
]


def writing(file: list[Path] | None) -> "store.TimelineFile":
    """The one events file a writing command changes; several (or a folder) are refused."""
    files = store.locate_set(file)
    if files.together:
        from ant_timeline.errors import UsageError  # noqa: PLC0415

        given = "$ANT_TIMELINE_FILE" if files.files[0].origin == "environment" else "--file"
        folder = next((path for path in files.named if store.files.is_folder(path)), None)
        if folder is not None:
            raise UsageError(
                f"this command changes one events file, but {given} names the folder "
                f"{folder}; give the file to change with --file PATH (such as "
                f"{files.files[0].label})"
            )
        raise UsageError(
            f"this command changes one events file, but {given} names "
            f"{len(files.files)} ({files.label}); give the one to change with a single "
            "--file PATH"
        )
    return files.single


NoColorOption = Annotated[
    bool,
    typer.Option(
        "--no-color",
        callback=_no_colour,
        help="No colours (also when NO_COLOR is set or not a terminal).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the JSON envelope instead.")]
SinceOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Keep events that end on or after this date: 2023, 2023-01, 'Jan 2023', "
        "'2 years ago'.",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Keep events that start on or before this date (--until 2023 includes all of 2023).",
        show_default=False,
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
        help="Keep events with this tag (repeat for any of several).",
        show_default=False,
    ),
]
ActorOption = Annotated[
    list[str] | None,
    typer.Option(
        "--actor",
        "-a",
        metavar="ACTOR",
        help="Keep events with this actor (repeatable).",
        show_default=False,
    ),
]
CategoryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--category",
        "-c",
        metavar="CATEGORY",
        help="Keep events in this category (repeatable).",
        show_default=False,
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-s",
        metavar="TEXT",
        help="Keep events whose title, summary, actors or tags contain this text (any case).",
        show_default=False,
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=0,
        metavar="N",
        help="Keep the first N events in display order.",
        show_default=False,
    ),
]
ReverseOption = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]
SubjectOption = Annotated[
    list[str] | None,
    typer.Option(
        "--subject",
        metavar="NAME",
        help="Keep events of this timeline, by its subject or key (repeatable).",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    list[str] | None,  # a list, so that a second --as-of is refused rather than ignored
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="The timeline as known on DATE: only sources published by then (one published "
        "'2023-01' counts from 31 Jan 2023), only events with one. DATE as for --since.",
        show_default=False,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache", help="Parse the file even if an unchanged copy is in the parse cache."
    ),
]


def user_date(option: str, text: str | None) -> Any:
    """A date option (grammar or phrase) as an `EventDate`; None when not given."""
    if text is None:
        return None
    from ant_timeline import dates  # noqa: PLC0415 - only commands with date options need it

    try:
        return dates.parse_user_date(text)
    except DateError as problem:
        raise DateError(f"{option}: {problem.message}") from None


def one_as_of(texts: list[str] | None, command: str) -> Any:
    """The day of the one `--as-of` of `show` or `export` (None without it); given more than
    once it has no meaning there, and is refused."""
    if texts and len(texts) > 1:
        from ant_timeline.errors import UsageError  # noqa: PLC0415

        raise UsageError(
            f"--as-of is given {len(texts)} times; {command} shows the timeline as known on one "
            "day (`ant-timeline diff --as-of A --as-of B` compares two)"
        )
    return as_of_day(texts[0] if texts else None)


def as_of_day(text: str | None) -> Any:
    """`--as-of DATE` as the day it stands for, its last one (`2023-01` is 31 Jan 2023, as a
    source published `2023-01` counts from then); None when not given."""
    when = user_date("--as-of", text)
    if when is None:
        return None
    if when.latest is None:
        raise DateError(
            f"--as-of: {text!r} has no last day; give a day, a month or a year, such as 2023-06-30"
        )
    return when.latest


def undated_note(count: int) -> None:
    """Say on stderr how many events `--as-of` left out for want of a dated source."""
    if count:
        one = count == 1
        render.note(
            f"{count} event{'' if one else 's'} left out for want of a dated source "
            f"(none of {'its' if one else 'their'} sources has a published date)"
        )


def known_view(timeline: "Timeline", day: Any, spec: "query.Filter") -> "Timeline":
    """The timeline as known on `day` (itself when None), with the note on undated events."""
    if day is None:
        return timeline
    known = query.as_known(timeline, day)
    undated_note(known.undated_matching(spec))
    return known.timeline


def make_filter(
    since: str | None = None,
    until: str | None = None,
    tag: list[str] | None = None,
    actor: list[str] | None = None,
    category: list[str] | None = None,
    search: str | None = None,
    limit: int | None = None,
    reverse: bool = False,
    subject: list[str] | None = None,
) -> "query.Filter":
    """The filter options of `show`, `diff` and `export` as a `query.Filter`."""
    first, last = user_date("--since", since), user_date("--until", until)
    starts, ends = first and first.earliest, last and last.latest
    if starts is not None and ends is not None and starts > ends:
        from ant_timeline.errors import UsageError  # noqa: PLC0415

        raise UsageError(
            f"--since {since} begins after --until {until} ends, so no event can match; swap them?"
        )
    return query.Filter(
        since=first,
        until=last,
        tags=tuple(tag or ()),
        actors=tuple(actor or ()),
        categories=tuple(category or ()),
        search=search or None,
        limit=limit,
        reverse=reverse,
        subjects=tuple(subject or ()),
    )


DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the change as a unified diff; write nothing.")
]


def interactive() -> bool:
    """Whether the user can be asked: standard input is a terminal."""
    return sys.stdin.isatty()


def check_url(option: str, url: str) -> None:
    """Refuse a source address that is not a web address before any work is done."""
    from ant_timeline.errors import RefusedError  # noqa: PLC0415
    from ant_timeline.text import is_web_url  # noqa: PLC0415

    if not is_web_url(url):
        raise RefusedError(f"{option} {url!r} is not an http(s) address")
