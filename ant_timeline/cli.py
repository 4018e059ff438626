"""The Typer app: parse options, call one core function, hand the result to `render`.

Errors a user can cause are `TimelineError`s; `_Group.invoke` is the one place that turns them
into `error: ...` on stderr and the documented exit code.
"""

# No `from __future__ import annotations` here: Typer would have to eval() every annotation
# back at start-up (~15 ms), and Python 3.11 reads `X | None` natively.
import importlib.util
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from ant_timeline import __version__
from ant_timeline.errors import (
    DateError,
    ExitCode,
    FileReadError,
    LoadError,
    TimelineError,
    UsageError,
)


def _lazy(name: str) -> ModuleType:
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
else:
    query = _lazy("ant_timeline.query")
    render = _lazy("ant_timeline.render")
    store = _lazy("ant_timeline.store")

MAX_LOAD_PROBLEMS_SHOWN = 20


def examples(*lines: str, note: str = "") -> str:
    """An epilog listing example command lines, one per line, never rewrapped (Click's `\\b`)."""
    body = "\n".join(f"  $ {line}" for line in lines)
    return f"Examples:\n\n\b\n{body}" + (f"\n\n{note}" if note else "")


class _Group(TyperGroup):
    """Runs every command; maps `TimelineError` and Ctrl-C to messages and exit codes."""

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


# ---------------------------------------------------------------------------------------------
# Options shared by several commands

FileOption = Annotated[
    Path | None,
    typer.Option(
        "--file",
        "-f",
        metavar="PATH",
        help="Events file. Default: $ANT_TIMELINE_FILE, else ./events.yaml, else the bundled "
        "Ant Group timeline.",
        show_default=False,
        dir_okay=True,
    ),
]


def _no_colour(value: bool) -> bool:
    if value:
        render.disable_colour()
    return value


WriteFileOption = Annotated[
    Path | None,
    typer.Option(
        "--file",
        "-f",
        metavar="PATH",
        help="Events file to change. Default: $ANT_TIMELINE_FILE, else ./events.yaml "
        "(never the bundled Ant Group timeline).",
        show_default=False,
    ),
]
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
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache", help="Parse the file even if an unchanged copy is in the parse cache."
    ),
]


def _user_date(option: str, text: str | None) -> Any:
    if text is None:
        return None
    from ant_timeline import dates  # noqa: PLC0415 - only commands with date options need it

    try:
        return dates.parse_user_date(text)
    except DateError as problem:
        raise DateError(f"{option}: {problem.message}") from None


def make_filter(
    since: str | None = None,
    until: str | None = None,
    tag: list[str] | None = None,
    actor: list[str] | None = None,
    category: list[str] | None = None,
    search: str | None = None,
    limit: int | None = None,
    reverse: bool = False,
) -> "query.Filter":
    """The filter options of `show`, `diff` and `export` as a `query.Filter`."""
    return query.Filter(
        since=_user_date("--since", since),
        until=_user_date("--until", until),
        tags=tuple(tag or ()),
        actors=tuple(actor or ()),
        categories=tuple(category or ()),
        search=search or None,
        limit=limit,
        reverse=reverse,
    )


# ---------------------------------------------------------------------------------------------
# show


@app.command(
    epilog=examples(
        "ant-timeline show",
        "ant-timeline show --since 2023 --until 2023-06",
        "ant-timeline show --tag ipo --tag fine --detail",
        "ant-timeline show --search hangzhou --json",
    ),
)
def show(
    file: FileOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    tag: TagOption = None,
    actor: ActorOption = None,
    category: CategoryOption = None,
    search: SearchOption = None,
    limit: LimitOption = None,
    reverse: ReverseOption = False,
    detail: Annotated[
        bool, typer.Option("--detail", "-d", help="Add summaries and sources.")
    ] = False,
    json_output: JsonOption = False,
    pager: Annotated[
        bool | None,
        typer.Option(
            "--pager/--no-pager",
            help="Page long output on a terminal (default: when it does not fit).",
            show_default=False,
        ),
    ] = None,
    no_color: NoColorOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Show the timeline, grouped by year, with precision-aware dates."""
    where = store.locate(file)
    with render.progress(f"reading {where.path.name}") as report:
        timeline = store.load(where, use_cache=not no_cache, progress=report)
    spec = make_filter(since, until, tag, actor, category, search, limit, reverse)
    selected = query.apply(timeline, spec)
    if json_output:
        from ant_timeline import export  # noqa: PLC0415

        render.write_raw(export.get("json").render(selected))
        return
    screen = render.Screen.detect(no_color=no_color)
    lines = render.show_lines(
        selected, total=len(timeline.events), detail=detail, width=screen.width
    )
    render.emit(lines, screen, pager=pager)


# ---------------------------------------------------------------------------------------------
# check


@app.command(
    epilog=examples(
        "ant-timeline check",
        "ant-timeline check --file acme.yaml --strict",
        "ant-timeline check --json",
        note="Exit status: 0 clean (warnings allowed unless --strict), 1 problems found, "
        "2 the file cannot be read as YAML at all.",
    ),
)
def check(
    file: FileOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    json_output: JsonOption = False,
    no_color: NoColorOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Check an events file: every problem at once, each as file:line:column: message."""
    where = store.locate(file)
    with render.progress(f"reading {where.path.name}") as report:
        result = store.check_file(where, use_cache=not no_cache, progress=report)
    if json_output:
        from ant_timeline.export.json import dumps, problems_envelope  # noqa: PLC0415

        render.write_raw(dumps(problems_envelope(result.problems)))
    elif result.readable:
        render.emit(
            render.check_lines(result), render.Screen.detect(no_color=no_color), pager=False
        )
    if not result.readable:
        # Not YAML, or not readable at all: like any command's bad input (stderr, exit 2);
        # with --json the same problem is in the envelope, for programs that read stdout.
        if not json_output:
            render.error(str(result.problems[0]))
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    if result.errors or (strict and result.warnings):
        raise typer.Exit(int(ExitCode.FOUND))


# ---------------------------------------------------------------------------------------------
# init


@app.command(
    epilog=examples(
        "ant-timeline init",
        "ant-timeline init acme.yaml --title 'Acme: the antitrust years' --subject Acme",
    ),
)
def init(
    path: Annotated[
        Path, typer.Argument(help="Where to create the file.", show_default=True)
    ] = Path("events.yaml"),  # store.files.LOCAL_FILE, written out so --help needs no store
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="The timeline's title.")] = None,
    subject: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Who the timeline is about.")
    ] = None,
    no_color: NoColorOption = False,
) -> None:
    """Start a timeline of your own: a new events file with a commented header."""
    store.files.create(path, title=title, subject=subject)
    render.note(f"created {path}; add events with `ant-timeline add event --file {path} ...`")


# ---------------------------------------------------------------------------------------------
# add / remove  (write commands)

add_app = typer.Typer(
    cls=TyperGroup,
    help="Add an event, or a source to an event, keeping every other byte of the file.",
    epilog=examples(
        "ant-timeline add event --date 2023-07-07 --title 'Ant fined' --source https://e.org/f",
        "ant-timeline add source ant-fined --url https://e.org/more --publisher Reuters",
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
remove_app = typer.Typer(
    cls=TyperGroup,
    help="Remove an event from the events file.",
    epilog=examples("ant-timeline remove event ant-share-buyback --yes"),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(add_app, name="add")
app.add_typer(remove_app, name="remove")

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the change as a unified diff; write nothing.")
]


def _interactive() -> bool:
    import sys  # noqa: PLC0415

    return sys.stdin.isatty()


def _ask(value: str | None, option: str, question: str, *, required: bool) -> str | None:
    """An option's value, prompted for on a terminal when it is missing."""
    if value:
        return value
    if not _interactive():
        if required:
            raise UsageError(f"{option} is required (or run on a terminal to be asked for it)")
        return None
    answer: str = typer.prompt(question, default="" if not required else None, show_default=False)
    return answer.strip() or None


def _ask_list(values: list[str] | None, question: str, asked: bool) -> list[str]:
    if values or not asked or not _interactive():
        return list(values or [])
    answer: str = typer.prompt(question, default="", show_default=False)
    return [part.strip() for part in answer.split(",") if part.strip()]


def _day(option: str, text: str | None) -> Any:
    if text is None:
        return None
    from ant_timeline import dates  # noqa: PLC0415

    try:
        parsed = dates.parse_user_date(text)
    except DateError as problem:
        raise DateError(f"{option}: {problem.message}") from None
    if parsed.earliest is None or parsed.earliest != parsed.latest:
        raise UsageError(f"{option} must be a day, such as 2023-05-17")
    return parsed.earliest


def _check_url(option: str, url: str) -> None:
    """Refuse a source address that is not a web address before any work is done."""
    from ant_timeline.errors import RefusedError  # noqa: PLC0415
    from ant_timeline.text import is_web_url  # noqa: PLC0415

    if not is_web_url(url):
        raise RefusedError(f"{option} {url!r} is not an http(s) address")


def _show_change(change: Any, dry_run: bool, lines: list[str], label: str) -> None:
    """What a write understood, on stderr; with --dry-run, the diff on stdout."""
    for line in lines:
        render.note(line)
    for note in change.notes:
        render.note(f"note: {note}", style="yellow")
    if dry_run:
        render.write_raw(change.unified_diff(label))


@add_app.command(
    "event",
    epilog=examples(
        "ant-timeline add event --date 'July 7, 2023' --title 'Regulators fine Ant 7.12bn "
        "yuan' --category enforcement --actor \"People's Bank of China\" --tag fine "
        "--source https://example.org/ant-fine --related ant-ipo-suspended",
        "ant-timeline add event --date 2021-H2 --title 'Liu Jie becomes party chief' "
        "--source https://example.org/liu --dry-run",
        "ant-timeline add event --date 'last Tuesday' --relative-to 2023-05-17 --title "
        "'Ant signs Hangzhou pact' --source https://example.org/pact",
        note="Without --date, --title or --source, a terminal asks for them. The event goes "
        "in at its place in time, in the style of its neighbours; nothing else in the file "
        "changes. Refused (exit 2, file untouched): a duplicate id, a likely duplicate "
        "(unless --force), an unknown --related id or category, a non-http(s) URL, a date "
        "that cannot be understood.",
    ),
)
def add_event(
    file: WriteFileOption = None,
    date_text: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="When: 2023-07-07, 2023-01, 2021-H2, an interval A/B, or a phrase such as "
            "'July 7, 2023', 'January 2023', 'late 2021', 'last Tuesday'.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option(metavar="TEXT", help="What happened.", show_default=False)
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source", metavar="URL", help="URL of a report (repeatable).", show_default=False
        ),
    ] = None,
    source_title: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Title of the first --source.", show_default=False),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Publisher of the first --source.", show_default=False),
    ] = None,
    source_published: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Publication date of the first --source.", show_default=False
        ),
    ] = None,
    summary: Annotated[
        str | None, typer.Option(metavar="TEXT", help="One paragraph.", show_default=False)
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(metavar="CATEGORY", help="A category of the vocabulary.", show_default=False),
    ] = None,
    actor: Annotated[
        list[str] | None,
        typer.Option("--actor", metavar="ACTOR", help="Who (repeatable).", show_default=False),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", metavar="TAG", help="A tag (repeatable).", show_default=False),
    ] = None,
    related: Annotated[
        list[str] | None,
        typer.Option(
            "--related",
            metavar="ID",
            help="Id of an event this follows from (repeatable).",
            show_default=False,
        ),
    ] = None,
    event_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="The event's id (default: made from the title).",
            show_default=False,
        ),
    ] = None,
    relative_to: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="Resolve phrases like 'last Tuesday' against this day, not today.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Add even if it looks like an existing event.")
    ] = False,
    dry_run: DryRunOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Add an event at its chronological place, in the style of the file."""
    from ant_timeline import dates, edit  # noqa: PLC0415
    from ant_timeline.model import Source  # noqa: PLC0415

    where = store.locate(file)
    store.files.writable(where)
    asked = not (date_text and title and source)
    date_text = _ask(date_text, "--date", "Date (e.g. 2023-07-07, 'January 2023')", required=True)
    title = _ask(title, "--title", "Title", required=True)
    urls = _ask_list(source, "Source URLs (comma-separated)", asked)
    if not urls:
        raise UsageError("at least one --source URL is required: every event is sourced")
    from ant_timeline.text import is_web_url  # noqa: PLC0415

    while _interactive() and not source and not all(is_web_url(url) for url in urls):
        render.error("a source URL must start with http:// or https:// and have no spaces")
        urls = _ask_list(None, "Source URLs (comma-separated)", True)
    for url in urls:
        _check_url("--source", url)
    if asked and _interactive():
        summary = _ask(summary, "--summary", "Summary (optional)", required=False)
        category = _ask(category, "--category", "Category (optional)", required=False)
        actor = _ask_list(actor, "Actors (comma-separated, optional)", True)
        tag = _ask_list(tag, "Tags (comma-separated, optional)", True)
    base = _day("--relative-to", relative_to)
    try:
        when = dates.parse_user_date(date_text or "", relative_to=base)
    except DateError as problem:
        raise DateError(f"--date: {problem.message}") from None
    published = _user_date("--source-published", source_published)
    sources = tuple(
        Source(
            url=url,
            title=source_title if index == 0 else None,
            publisher=publisher if index == 0 else None,
            published=published if index == 0 else None,
        )
        for index, url in enumerate(urls)
    )
    draft = edit.Draft(
        date=when,
        title=title or "",
        summary=summary,
        category=category,
        actors=tuple(actor or ()),
        tags=tuple(tag or ()),
        sources=sources,
        related=tuple(related or ()),
        id=event_id,
    )
    understood = f"{date_text!r} -> {when.canonical} ({when.precision.value})"
    if date_text == when.canonical:
        understood = f"{when.canonical} ({when.precision.value})"

    def report(change: edit.Change) -> None:
        _show_change(
            change,
            dry_run,
            [
                f"date   {understood}",
                f"id     {change.event_id}",
                f"where  {change.summary} in {where.label}",
            ],
            where.label,
        )

    change = edit.add_event(where, draft, force=force, dry_run=dry_run, before_write=report)
    render.note(
        f"dry run: nothing written to {where.label}"
        if dry_run
        else f"added {change.event_id!r} to {where.label}"
    )


@add_app.command(
    "source",
    epilog=examples(
        "ant-timeline add source ant-fined --url https://example.org/fine --title 'Ant fined' "
        "--publisher Reuters --published 2023-07-07",
        "ant-timeline add source ant-fined --url https://example.org/fine --dry-run",
    ),
)
def add_source(
    event_id: Annotated[
        str, typer.Argument(help="The event to cite a source for.", metavar="EVENT_ID")
    ],
    url: Annotated[str, typer.Option(metavar="URL", help="The report's address (http or https).")],
    file: WriteFileOption = None,
    title: Annotated[
        str | None, typer.Option(metavar="TEXT", help="The report's title.", show_default=False)
    ] = None,
    publisher: Annotated[
        str | None, typer.Option(metavar="NAME", help="Who published it.", show_default=False)
    ] = None,
    published: Annotated[
        str | None, typer.Option(metavar="DATE", help="When it was published.", show_default=False)
    ] = None,
    dry_run: DryRunOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Cite one more source for an event."""
    from ant_timeline import edit  # noqa: PLC0415
    from ant_timeline.model import Source  # noqa: PLC0415

    where = store.locate(file)
    cited = Source(
        url=url,
        title=title,
        publisher=publisher,
        published=_user_date("--published", published),
    )

    def report(change: edit.Change) -> None:
        _show_change(change, dry_run, [f"where  {change.summary} in {where.label}"], where.label)

    change = edit.add_source(where, event_id, cited, dry_run=dry_run, before_write=report)
    render.note(
        f"dry run: nothing written to {where.label}"
        if dry_run
        else f"added a source to {change.event_id!r} in {where.label}"
    )


@remove_app.command(
    "event",
    epilog=examples(
        "ant-timeline remove event ant-share-buyback",
        "ant-timeline remove event ant-share-buyback --yes",
        "ant-timeline remove event ant-share-buyback --dry-run",
        note="On a terminal it asks first; elsewhere it needs --yes.",
    ),
)
def remove_event(
    event_id: Annotated[str, typer.Argument(help="The event to remove.", metavar="EVENT_ID")],
    file: WriteFileOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    dry_run: DryRunOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Remove an event (and the comment block directly above it)."""
    from ant_timeline import edit  # noqa: PLC0415

    where = store.locate(file)
    store.files.writable(where)
    if not (yes or dry_run or _interactive()):
        raise UsageError("remove needs --yes when it cannot ask (stdin is not a terminal)")

    def report(change: edit.Change) -> None:
        _show_change(
            change,
            dry_run,
            [f"remove {change.event_id!r} ({change.summary}) from {where.label}"],
            where.label,
        )

    asking = not (yes or dry_run)
    if asking:
        # Ask before taking the lock for the write: other writers should not wait on an answer.
        edit.remove_event(where, event_id, dry_run=True, before_write=report)
        if not typer.confirm("Remove it?", default=False):
            render.note("nothing removed")
            raise typer.Exit(int(ExitCode.FOUND))
    change = edit.remove_event(
        where, event_id, dry_run=dry_run, before_write=None if asking else report
    )
    render.note(
        f"dry run: nothing written to {where.label}"
        if dry_run
        else f"removed {change.event_id!r} from {where.label}"
    )


# ---------------------------------------------------------------------------------------------
# diff


class DiffFormat(StrEnum):
    """How `diff` prints: for the terminal, or as a Markdown changelog."""

    TEXT = "text"
    MARKDOWN = "markdown"


@app.command(
    "diff",
    epilog=examples(
        "ant-timeline diff old.yaml new.yaml",
        "ant-timeline diff HEAD~3",
        "ant-timeline diff v1.0 main --tag fine",
        "ant-timeline diff main:data/ant.yaml ./ant.yaml --format markdown",
        note="OLD and NEW are each a file, REV:PATH, or a git revision (the events file as it "
        "was then); with NEW left out, OLD is compared with the working events file. "
        "Exit status: 0 no differences, 1 differences, 2 bad input or bad revision.",
    ),
)
def diff_command(
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            help="Old side: a file, REV:PATH, or a revision of the events file.",
            show_default=False,
        ),
    ],
    new: Annotated[
        str | None,
        typer.Argument(
            metavar="NEW",
            help="New side, in the same forms. Default: the working events file.",
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    tag: TagOption = None,
    actor: ActorOption = None,
    category: CategoryOption = None,
    search: SearchOption = None,
    limit: LimitOption = None,
    reverse: ReverseOption = False,
    stat: Annotated[bool, typer.Option("--stat", help="Print only the one-line summary.")] = False,
    output_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            help="text for the terminal, markdown for a pull request.",
            case_sensitive=False,
        ),
    ] = DiffFormat.TEXT,
    json_output: JsonOption = False,
    no_color: NoColorOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Show what changed in the story between two timelines, event by event."""
    from ant_timeline import diff as diffing  # noqa: PLC0415 - only diff needs it
    from ant_timeline.store import git  # noqa: PLC0415 - nor does any other command run git

    if json_output and (stat or output_format is not DiffFormat.TEXT):
        raise UsageError("--json prints the whole diff; it does not go with --stat or --format")
    spec = make_filter(since, until, tag, actor, category, search, limit, reverse)
    with render.progress("reading") as report:
        before, after = git.diff_sides(
            old, new, store.locate(file), use_cache=not no_cache, progress=report
        )
    result = diffing.diff(before, after, spec)
    if json_output:
        from ant_timeline.diff_report import envelope  # noqa: PLC0415
        from ant_timeline.export.json import dumps  # noqa: PLC0415

        render.write_raw(dumps(envelope(result)))
    elif output_format is DiffFormat.MARKDOWN:
        from ant_timeline.diff_report import to_markdown  # noqa: PLC0415

        render.write_raw(to_markdown(result, stat=stat))
    else:
        screen = render.Screen.detect(no_color=no_color)
        render.emit(render.diff_lines(result, stat=stat, width=screen.width), screen, pager=False)
    if result:
        raise typer.Exit(int(ExitCode.FOUND))


# ---------------------------------------------------------------------------------------------
# export


# The registry module is light (each format's module loads only when it is used); it is imported
# in the functions below to keep this command's imports in its own section.


def _format_choices() -> Any:
    from enum import StrEnum  # noqa: PLC0415

    from ant_timeline import export  # noqa: PLC0415

    return StrEnum("ExportFormat", {name: name for name in export.names()})


if TYPE_CHECKING:
    ExportFormat = str
else:
    # Typer shows an Enum's values as the choices; this one is built from the registry, so a
    # format added there appears in `--help`, in completion and in the error for a typo.
    ExportFormat = _format_choices()


def _formats_help() -> str:
    from ant_timeline import export  # noqa: PLC0415

    width = max(len(name) for name in export.names())
    listed = "\n\n".join(
        f"  {exporter.name:<{width}}  {exporter.description}"
        for exporter in export.REGISTRY.values()
    )
    return (
        "Export the timeline as FORMAT, to stdout or (atomically) to a file.\n\n"
        f"Formats:\n\n{listed}"
    )


def _write_output(path: Path, text: str, events_file: Path) -> None:
    """Write an export to `path` atomically; never onto the events file it was made from."""
    import os  # noqa: PLC0415

    from ant_timeline.errors import RefusedError, WriteError  # noqa: PLC0415

    if path.exists() and events_file.exists() and os.path.samefile(path, events_file):
        raise RefusedError(
            "is the events file being exported; choose another output file", str(path)
        )
    # Through a symlink to its target, as writes to events files do, so the link stays a link.
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target.is_dir():
        raise WriteError("is a folder; name the file to write", str(path))
    store.files.write_atomic(target, text)


@app.command(
    "export",
    help=_formats_help(),
    epilog=examples(
        "ant-timeline export markdown -o ant-timeline.md",
        "ant-timeline export markdown --tag nfra --brief",
        "ant-timeline export ics --since 2023 -o ant-2023.ics",
        "ant-timeline export timelinejs --tag nfra > nfra.json",
        "ant-timeline export csv --category enforcement -o enforcement.csv",
        note="With -o the file is replaced only once the whole export is written; a failed "
        "export leaves any earlier file as it was.",
    ),
)
def export_command(
    export_format: Annotated[
        ExportFormat,
        typer.Argument(
            metavar="FORMAT",
            help="The output format (listed above).",
            show_default=False,
            case_sensitive=False,
        ),
    ],
    file: FileOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    tag: TagOption = None,
    actor: ActorOption = None,
    category: CategoryOption = None,
    search: SearchOption = None,
    limit: LimitOption = None,
    reverse: ReverseOption = False,
    detail: Annotated[
        bool,
        typer.Option("--detail/--brief", help="Include or leave out event summaries."),
    ] = True,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write to this file instead of stdout (replaced atomically).",
            show_default=False,
            dir_okay=True,
        ),
    ] = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Export the timeline as FORMAT."""
    from ant_timeline import export  # noqa: PLC0415

    where = store.locate(file)
    with render.progress(f"reading {where.path.name}") as report:
        timeline = store.load(where, use_cache=not no_cache, progress=report)
    spec = make_filter(since, until, tag, actor, category, search, limit, reverse)
    text = export.get(str(export_format)).render(
        query.apply(timeline, spec), export.ExportOptions(detail=detail)
    )
    if output is None:
        render.write_raw(text)
    else:
        _write_output(output, text, where.path)


# ---------------------------------------------------------------------------------------------
# extract

MAX_ARTICLE_BYTES = 16 * 2**20


class ExtractOrder(StrEnum):
    """How `extract` lists its candidates."""

    article = "article"
    date = "date"


def _read_article(argument: str) -> tuple[str, str]:
    """The article's text (UTF-8) and the name to use for it in messages.

    At most `MAX_ARTICLE_BYTES` are read from standard input, a file or a pipe such as
    `<(curl ...)`, whose size is not known before it is read."""
    label, what = ("<stdin>", "input") if argument == "-" else (argument, "file")
    try:
        if argument == "-":
            data = typer.get_binary_stream("stdin").read(MAX_ARTICLE_BYTES + 1)
        elif Path(argument).is_dir():
            raise FileReadError("is a folder, not an article", argument)
        else:
            with Path(argument).open("rb") as handle:
                data = handle.read(MAX_ARTICLE_BYTES + 1)
    except FileNotFoundError:
        raise FileReadError("no such file; check the path", label) from None
    except OSError as error:
        raise FileReadError(f"cannot read: {error.strerror}", label) from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise FileReadError(
            f"the {what} is larger than {MAX_ARTICLE_BYTES // 2**20} MiB; is it an article?", label
        )
    return store.files.decode(data, label), label


def _published_on(option: str | None, text: str, label: str) -> date:
    from ant_timeline import dates  # noqa: PLC0415
    from ant_timeline import extract as extracting  # noqa: PLC0415

    if option is not None:
        try:
            when = dates.parse_user_date(option)
        except DateError as problem:
            raise DateError(f"--published: {problem.message}") from None
        if when.precision is not dates.Precision.DAY or when.earliest is None:
            raise UsageError(
                f"--published: {option!r} is not a day; give the day the article was "
                "published, e.g. --published 2023-05-17"
            )
        return when.earliest
    found = extracting.find_published(text)
    if found is None:
        raise UsageError(
            "cannot tell when the article was published: give it with --published DATE "
            "(e.g. --published 2023-05-17), or start the text with a dateline such as "
            "'date 2023-05-17' or 'May 17, 2023' on its first line",
            label,
        )
    return found


@app.command(
    "extract",
    epilog=examples(
        "ant-timeline extract article.txt",
        "ant-timeline extract article.txt --published 2023-05-17 --sort date",
        "cat article.txt | ant-timeline extract - --json",
        "ant-timeline extract article.txt --add --file events.yaml --source-url "
        "https://example.org/article --publisher 'Daily Ledger'",
        note="Relative dates ('last week', 'on Tuesday', 'in January') are resolved against the "
        "publication date: --published, else a dateline on the first line of the text "
        "('date 2023-05-17 ...', 'May 17, 2023', '2023-05-17'). With --add, each candidate is "
        "shown on the terminal to accept (a), accept with a new title (e), skip (s) or stop "
        "(q); accepted ones are added like `add event` adds, citing the article.",
    ),
)
def extract_command(
    article: Annotated[
        str,
        typer.Argument(
            help="The article as a UTF-8 text file, or - to read standard input.",
            metavar="ARTICLE",
            show_default=False,
        ),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            "-p",
            metavar="DATE",
            help="The day the article was published: 2023-05-17 or 'May 17, 2023'. "
            "Default: the dateline at the top of the text.",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        ExtractOrder,
        typer.Option("--sort", help="List candidates in article order or by date."),
    ] = ExtractOrder.article,
    json_output: JsonOption = False,
    no_color: NoColorOption = False,
    add: Annotated[
        bool,
        typer.Option("--add", help="Review each candidate on the terminal and add the accepted."),
    ] = False,
    file: WriteFileOption = None,
    source_url: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            help="With --add: the article's address, cited by every added event.",
            show_default=False,
        ),
    ] = None,
    source_title: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="With --add: the article's title.", show_default=False),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="With --add: who published it.", show_default=False),
    ] = None,
) -> None:
    """Propose dated events from a news article: each date phrase, resolved."""
    from ant_timeline import extract as extracting  # noqa: PLC0415

    if add:
        # Check what --add needs before reading the article, so nothing is asked for in vain.
        where = store.locate(file)
        store.files.writable(where)
        if article == "-" or not _interactive():
            raise UsageError(
                "--add reviews candidates on a terminal: run it on a terminal, with the article "
                "as a file (not -)"
            )
        if not source_url:
            raise UsageError("--add needs --source-url: every added event cites the article")
        _check_url("--source-url", source_url)
    text, label = _read_article(article)
    result = extracting.extract(text, _published_on(published, text, label))
    if add:
        _review_and_add(result, where, source_url or "", source_title, publisher, no_color)
        return
    if json_output:
        from ant_timeline.export.json import dumps  # noqa: PLC0415

        render.write_raw(dumps(extracting.json_envelope(result, sort.value)))
        return
    screen = render.Screen.detect(no_color=no_color)
    render.emit(
        render.extract_lines(result, order=sort.value, width=screen.width), screen, pager=False
    )


def _review_and_add(
    result: Any,
    where: "store.TimelineFile",
    url: str,
    title: str | None,
    publisher: str | None,
    no_color: bool,
) -> None:
    """Walk the candidates on the terminal; add each accepted one as `add event` would."""
    from ant_timeline import edit  # noqa: PLC0415
    from ant_timeline.dates import EventDate  # noqa: PLC0415
    from ant_timeline.model import Source  # noqa: PLC0415

    cited = Source(url, title, publisher, EventDate.of_days(result.published, result.published))
    screen = render.Screen.detect(no_color=no_color)
    candidates = result.ordered("article")
    added, skipped, refused = [], 0, 0
    for number, candidate in enumerate(candidates, start=1):
        lines: list[render.Line] = [[(f"[{number}/{len(candidates)}]", "bold")]]
        lines.extend(render.candidate_lines(candidate, screen.width))
        render.emit(lines, screen, pager=False)
        choice = ""
        while choice not in ("a", "e", "s", "q"):
            answer: str = typer.prompt(
                "Add it? a = accept, e = edit the title, s = skip, q = stop", default="s"
            )
            choice = answer.strip().lower()[:1]
        if choice == "q":
            skipped += len(candidates) - number + 1
            break
        if choice == "s":
            skipped += 1
            continue
        event_title = candidate.title
        if choice == "e" or not event_title:
            event_title = typer.prompt("Title", default=event_title or None)
        draft = edit.Draft(date=candidate.date, title=event_title, sources=(cited,))
        try:
            change = edit.add_event(where, draft)
        except TimelineError as problem:
            render.error(f"not added: {problem}")
            refused += 1
            continue
        render.note(f"added {change.event_id!r} ({candidate.date.canonical}) {change.summary}")
        added.append(change.event_id)
    summary = f"added {len(added)} event{'' if len(added) == 1 else 's'} to {where.label}"
    if skipped:
        summary += f", skipped {skipped}"
    if refused:
        summary += f", {refused} refused"
    render.note(summary)


def main() -> None:
    """The `ant-timeline` console script."""
    app(prog_name="ant-timeline")
