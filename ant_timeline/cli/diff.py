"""`diff`: what changed in the story between two timelines."""

# No `from __future__ import annotations`: Typer reads the annotations at start-up (see options).
from dataclasses import replace
from enum import StrEnum
from typing import Annotated, Any

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
    as_of_day,
    command_group,
    examples,
    make_filter,
    query,
    reading,
    render,
    store,
    undated_note,
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
        "ant-timeline diff --as-of 2022-12-31 --as-of 2023-07-31",
        note="OLD and NEW are each a file, REV:PATH, or a git revision (the events file as it "
        "was then); with NEW left out, OLD is compared with the working events file. "
        "Without them, two --as-of dates compare the timeline as known on each day: what "
        "became public in between. "
        "Exit status: 0 no differences, 1 differences, 2 bad input or bad revision.",
    ),
)
def diff_command(
    old: Annotated[
        str | None,
        typer.Argument(
            metavar="OLD",
            help="Old side: a file, REV:PATH, or a revision of the events file "
            "(left out with two --as-of dates).",
            show_default=False,
        ),
    ] = None,
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
    as_of: Annotated[
        list[str] | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Once: each side as known on DATE. Twice, without OLD and NEW: the timeline "
            "as known on the first DATE against the second (what became public in between).",
            show_default=False,
        ),
    ] = None,
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
    days = _as_of_days(as_of or [], old, new)
    spec = make_filter(since, until, tag, actor, category, search, limit, reverse, subject)
    files = reading(file)
    with render.progress("reading") as report:
        if old is None:  # two --as-of dates: one timeline, as known on each day
            before = after = store.load_set(files, use_cache=not no_cache, progress=report)
        elif git.is_set_diff(old, new, files):
            before, after = git.diff_set_sides(
                old, new, files, use_cache=not no_cache, progress=report
            )
        else:
            before, after = git.diff_sides(
                old, new, files.single, use_cache=not no_cache, progress=report
            )
    if days:
        from ant_timeline.dates import day_text  # noqa: PLC0415

        old_day, new_day = days[0], days[-1]
        known_before = query.as_known(before, old_day)
        known_after = query.as_known(after, new_day)
        undated = {
            event.ref: event for known in (known_before, known_after) for event in known.undated
        }
        undated_note(query.count_matching(undated.values(), spec, before, after))
        result = replace(
            diffing.diff(known_before.timeline, known_after.timeline, spec),
            old_label=f"{before.path} as known on {day_text(old_day)}",
            new_label=f"{after.path} as known on {day_text(new_day)}",
        )
    else:
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


def _as_of_days(texts: list[str], old: str | None, new: str | None) -> list[Any]:
    """The `--as-of` days, once each is known to fit with OLD and NEW: none or one with the
    two sides (one argument stands for it and the working file), or two without them."""
    if len(texts) > 2:
        raise UsageError(
            f"--as-of is given {len(texts)} times; give it once (both sides as known on that "
            "day) or twice without OLD and NEW (the timeline as known on two days)"
        )
    if len(texts) == 2 and old is not None:
        raise UsageError(
            "two --as-of dates compare the timeline (--file) as known on each day; they are the "
            "two sides, so leave out OLD and NEW, or give --as-of once to see "
            + ("both sides" if new is not None else f"{old!r} and the working file")
            + " as known on one day"
        )
    if old is None:
        if len(texts) == 1:
            raise UsageError(
                "one --as-of date has nothing to compare: give a second --as-of to see what "
                "became public in between, or OLD (and NEW) to compare two timelines as known "
                "on that day"
            )
        if not texts:
            raise UsageError(
                "diff needs OLD (a file, REV:PATH or a git revision), or two --as-of dates; "
                "see `ant-timeline diff --help`"
            )
    return [as_of_day(text) for text in texts]
