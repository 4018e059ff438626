"""The Typer app: parse options, call one core function, hand the result to `render`.

Errors a user can cause are `TimelineError`s; `_Group.invoke` is the one place that turns them
into `error: ...` on stderr and the documented exit code.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ant_timeline import __version__, query, render, store
from ant_timeline.errors import (
    DateError,
    ExitCode,
    FileReadError,
    LoadError,
    TimelineError,
    UsageError,
)

MAX_LOAD_PROBLEMS_SHOWN = 20


def examples(*lines: str, note: str = "") -> str:
    """An epilog listing example command lines, one per line, in every help format."""
    body = "\n\n".join(f"  $ {line}" for line in lines)
    return f"Examples:\n\n{body}" + (f"\n\n{note}" if note else "")


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


def _error_text(problem: TimelineError) -> str:
    if not isinstance(problem, LoadError):
        return str(problem)
    shown = [str(p) for p in problem.problems[:MAX_LOAD_PROBLEMS_SHOWN]]
    more = len(problem.problems) - len(shown)
    if more > 0:
        shown.append(f"... and {more} more")
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
        help="Events file. Default: $ANT_TIMELINE_FILE, else ./events.yaml, else the bundled "
        "Ant Group timeline.",
        show_default=False,
        dir_okay=True,
    ),
]
NoColorOption = Annotated[
    bool,
    typer.Option("--no-color", help="No colours (also when NO_COLOR is set or not a terminal)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the JSON envelope instead.")]
SinceOption = Annotated[
    str | None,
    typer.Option(
        help="Keep events that end on or after this date: 2023, 2023-01, 'Jan 2023', "
        "'2 years ago'.",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        help="Keep events that start on or before this date (--until 2023 includes all of 2023).",
        show_default=False,
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        help="Keep events with this tag (repeat for any of several).",
        show_default=False,
    ),
]
ActorOption = Annotated[
    list[str] | None,
    typer.Option(
        "--actor", "-a", help="Keep events with this actor (repeatable).", show_default=False
    ),
]
CategoryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--category", "-c", help="Keep events in this category (repeatable).", show_default=False
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-s",
        help="Keep events whose title, summary, actors or tags contain this text (any case).",
        show_default=False,
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit", "-n", min=0, help="Keep the first N events in display order.", show_default=False
    ),
]
ReverseOption = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]


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
) -> query.Filter:
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
) -> None:
    """Show the timeline, grouped by year, with precision-aware dates."""
    timeline = store.load(store.locate(file))
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
) -> None:
    """Check an events file: every problem at once, each as file:line:column: message."""
    from ant_timeline import validate  # noqa: PLC0415

    result = validate.check_file(store.locate(file))
    if json_output:
        from ant_timeline.export.json import dumps, problems_envelope  # noqa: PLC0415

        render.write_raw(dumps(problems_envelope(result.problems)))
    else:
        render.emit(
            render.check_lines(result), render.Screen.detect(no_color=no_color), pager=False
        )
    if not result.readable:
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
    ] = Path(store.LOCAL_FILE),
    title: Annotated[str | None, typer.Option(help="The timeline's title.")] = None,
    subject: Annotated[str | None, typer.Option(help="Who the timeline is about.")] = None,
) -> None:
    """Start a timeline of your own: a new events file with a commented header."""
    store.create(path, title=title, subject=subject)
    render.note(f"created {path}; add events with `ant-timeline add event --file {path} ...`")


# ---------------------------------------------------------------------------------------------
# add / remove  (write commands)


# ---------------------------------------------------------------------------------------------
# diff


# ---------------------------------------------------------------------------------------------
# export


# ---------------------------------------------------------------------------------------------
# extract

MAX_ARTICLE_BYTES = 16 * 2**20


class ExtractOrder(StrEnum):
    """How `extract` lists its candidates."""

    article = "article"
    date = "date"


def _read_article(argument: str) -> tuple[str, str]:
    """The article's text (UTF-8) and the name to use for it in messages."""
    if argument == "-":
        return store.decode(typer.get_binary_stream("stdin").read(), "<stdin>"), "<stdin>"
    path = Path(argument)
    try:
        if path.is_dir():
            raise FileReadError("is a folder, not an article", argument)
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise FileReadError(
                f"the file is larger than {MAX_ARTICLE_BYTES // 2**20} MiB; is it an article?",
                argument,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileReadError("no such file; check the path", argument) from None
    except OSError as error:
        raise FileReadError(f"cannot read: {error.strerror}", argument) from None
    return store.decode(data, argument), argument


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
        note="Relative dates ('last week', 'on Tuesday', 'in January') are resolved against the "
        "publication date: --published, else a dateline on the first line of the text "
        "('date 2023-05-17 ...', 'May 17, 2023', '2023-05-17').",
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
) -> None:
    """Propose dated events from a news article: each date phrase, resolved."""
    from ant_timeline import extract as extracting  # noqa: PLC0415

    text, label = _read_article(article)
    result = extracting.extract(text, _published_on(published, text, label))
    if json_output:
        from ant_timeline.export.json import dumps  # noqa: PLC0415

        render.write_raw(dumps(extracting.json_envelope(result, sort.value)))
        return
    screen = render.Screen.detect(no_color=no_color)
    render.emit(
        render.extract_lines(result, order=sort.value, width=screen.width), screen, pager=False
    )


def main() -> None:
    """The `ant-timeline` console script."""
    app(prog_name="ant-timeline")
