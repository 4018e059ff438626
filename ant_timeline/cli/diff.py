"""`diff`: what changed in the story between two timelines."""

# No `from __future__ import annotations`: Typer reads the annotations at start-up (see options).
from enum import StrEnum
from typing import Annotated

import typer

from ant_timeline.cli.options import (
    ActorOption,
    CategoryOption,
    FileOption,
    JsonOption,
    LimitOption,
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
    make_filter,
    reading,
    render,
)
from ant_timeline.errors import ExitCode, UsageError

commands = command_group()


class DiffFormat(StrEnum):
    """How `diff` prints: for the terminal, or as a Markdown changelog."""

    TEXT = "text"
    MARKDOWN = "markdown"


@commands.command(
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
    subject: SubjectOption = None,
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
    spec = make_filter(since, until, tag, actor, category, search, limit, reverse, subject)
    files = reading(file)
    with render.progress("reading") as report:
        if git.is_set_diff(old, new, files):
            before, after = git.diff_set_sides(
                old, new, files, use_cache=not no_cache, progress=report
            )
        else:
            before, after = git.diff_sides(
                old, new, files.single, use_cache=not no_cache, progress=report
            )
    result = diffing.diff(before, after, spec)
    if json_output:
        from ant_timeline.diff_report import envelope  # noqa: PLC0415
        from ant_timeline.export.json import dumps  # noqa: PLC0415

        render.write_raw(dumps(envelope(result)), escape="json")
    elif output_format is DiffFormat.MARKDOWN:
        from ant_timeline.diff_report import to_markdown  # noqa: PLC0415

        render.write_raw(to_markdown(result, stat=stat), escape="markup")
    else:
        screen = render.Screen.detect(no_color=no_color)
        render.emit(render.diff_lines(result, stat=stat, width=screen.width), screen, pager=False)
    if result:
        raise typer.Exit(int(ExitCode.FOUND))
