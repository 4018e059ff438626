"""The commands that read a timeline or start one: `show`, `check`, `init`."""

# No `from __future__ import annotations`: Typer reads the annotations at start-up (see options).
from pathlib import Path
from typing import Annotated, Any

import typer

from ant_timeline.cli.options import (
    ActorOption,
    AsOfOption,
    CategoryOption,
    FileOption,
    JsonOption,
    LimitOption,
    NamedPath,
    NoCacheOption,
    NoColorOption,
    ReverseOption,
    SearchOption,
    SinceOption,
    SubjectOption,
    TagOption,
    UntilOption,
    command_group,
    examples,
    known_view,
    make_filter,
    one_as_of,
    progress_label,
    query,
    reading,
    render,
    store,
)
from ant_timeline.errors import ExitCode

commands = command_group()


@commands.command(
    epilog=examples(
        "ant-timeline show",
        "ant-timeline show --since 2023 --until 2023-06",
        "ant-timeline show --tag ipo --tag fine --detail",
        "ant-timeline show --search hangzhou --json",
        "ant-timeline show --as-of 2021-06-30",
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
    subject: SubjectOption = None,
    as_of: AsOfOption = None,
    detail: Annotated[
        bool,
        typer.Option(
            "--detail", "-d", help="Add summaries, sources and when each event was first reported."
        ),
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
    day = one_as_of(as_of, "show")
    files = reading(file)
    with render.progress(progress_label(files)) as report:
        timeline = store.load_set(files, use_cache=not no_cache, progress=report)
    spec = make_filter(since, until, tag, actor, category, search, limit, reverse, subject)
    selected = query.apply(known_view(timeline, day, spec), spec)
    if json_output:
        from ant_timeline import export  # noqa: PLC0415

        render.write_raw(export.get("json").render(selected), escape="json")
        return
    screen = render.Screen.detect(no_color=no_color)
    lines = render.show_lines(
        selected, total=len(timeline.events), detail=detail, width=screen.width, as_of=day
    )
    render.emit(lines, screen, pager=pager)


# ---------------------------------------------------------------------------------------------
# check


@commands.command(
    epilog=examples(
        "ant-timeline check",
        "ant-timeline check --file acme.yaml --strict",
        "ant-timeline check --file timelines/",
        "ant-timeline check timelines/ant.yaml timelines/didi.yaml --json",
        note="Files may also be given as arguments (as pre-commit passes them); several "
        "files, or a folder, are checked each on its own and then across them. Exit status: "
        "0 clean (warnings allowed unless --strict), 1 problems found, 2 a file cannot be "
        "read as YAML at all.",
    ),
)
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Events files or folders to check, as --file takes them.",
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    json_output: JsonOption = False,
    no_color: NoColorOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Check an events file: every problem at once, each as file:line:column: message."""
    files = reading([*(file or ()), *(paths or ())] or None)
    with render.progress(progress_label(files)) as report:
        if files.together:
            result: Any = store.check_set(
                files, use_cache=not no_cache, progress=report, strict=strict
            )
            unreadable = [r.problems[0] for r in result.results if not r.readable]
        else:
            result = store.check_file(
                files.single, use_cache=not no_cache, progress=report, strict=strict
            )
            unreadable = [] if result.readable else [result.problems[0]]
    if json_output:
        from ant_timeline.export.json import dumps, problems_envelope  # noqa: PLC0415

        render.write_raw(dumps(problems_envelope(result.problems)), escape="json")
    elif files.together:
        render.emit(
            render.check_set_lines(result), render.Screen.detect(no_color=no_color), pager=False
        )
    elif result.readable:
        render.emit(
            render.check_lines(result), render.Screen.detect(no_color=no_color), pager=False
        )
    if unreadable:
        # Not YAML, or not readable at all: like any command's bad input (stderr, exit 2);
        # with --json the same problem is in the envelope, for programs that read stdout.
        if not json_output:
            for problem in unreadable:
                render.error(str(problem))
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    if result.errors or (strict and result.warnings):
        raise typer.Exit(int(ExitCode.FOUND))


# ---------------------------------------------------------------------------------------------
# init


@commands.command(
    epilog=examples(
        "ant-timeline init",
        "ant-timeline init acme.yaml --title 'Acme: the antitrust years' --subject Acme",
    ),
)
def init(
    path: Annotated[
        Path,
        typer.Argument(help="Where to create the file.", show_default=True, click_type=NamedPath()),
    ] = Path("events.yaml"),  # files.LOCAL_FILE, written out so --help needs no store
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="The timeline's title.")] = None,
    subject: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Who the timeline is about.")
    ] = None,
    no_color: NoColorOption = False,
) -> None:
    """Start a timeline of your own: a new events file with a commented header."""
    from ant_timeline.store import files  # noqa: PLC0415 - the write side of the store

    files.create(path, title=title, subject=subject)
    render.note(f"created {path}; add events with `ant-timeline add event --file {path} ...`")
