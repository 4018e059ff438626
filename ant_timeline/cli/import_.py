"""`import`: events from a TimelineJS sheet or JSON, or from our own exports, into a file."""

# No `from __future__ import annotations`: Typer reads the annotations at start-up (see options).
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ant_timeline.cli.options import (
    DryRunOption,
    NamedPath,
    NoColorOption,
    WriteFileOption,
    command_group,
    examples,
    render,
    writing,
)

commands = command_group()

HELP = "Import events from a TimelineJS sheet or JSON, or from a csv or json export."


def _format_choices() -> Any:
    from enum import StrEnum  # noqa: PLC0415

    from ant_timeline import import_  # noqa: PLC0415

    return StrEnum("ImportFormat", {name: name for name in import_.names()})


if TYPE_CHECKING:
    ImportFormat = str
else:
    # The choices come from the registry, as `export`'s do.
    ImportFormat = _format_choices()


def _help() -> str:
    from ant_timeline import import_  # noqa: PLC0415

    width = max(len(name) for name in import_.names())
    listed = "\n\n".join(
        f"  {importer.name:<{width}}  {importer.description}"
        for importer in import_.REGISTRY.values()
    )
    return (
        f"{HELP}\n\nEach event goes in at its place in time, in the file's style, as `add event` "
        "adds one; all of them in one write.\n\n"
        f"Formats:\n\n{listed}"
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@commands.command(
    "import",
    help=_help(),
    epilog=examples(
        "ant-timeline import timelinejs didi-sheet.csv --file didi.yaml --dry-run",
        "ant-timeline import timelinejs didi-sheet.csv --file didi.yaml",
        "ant-timeline import timelinejs timeline.json --file didi.yaml",
        "ant-timeline export csv | ant-timeline import csv - --file copy.yaml",
        note="PATH - reads standard input. A file that does not exist yet is created. All or "
        "nothing: if a row is invalid (no date, no headline, a date that cannot be read), each "
        "is named (sheet.csv:14: ...) and nothing is written, unless --skip-invalid. Events "
        "already in the file (the same id, or the same date and nearly the same title) are "
        "skipped unless --force.",
    ),
)
def import_command(
    import_format: Annotated[
        ImportFormat,
        typer.Argument(
            metavar="FORMAT",
            help="The input's format (listed above).",
            show_default=False,
            case_sensitive=False,
        ),
    ],
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH",
            help="The file to import, or - for standard input.",
            click_type=NamedPath(str),
        ),
    ],
    file: WriteFileOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Add rows that look like events already in the file.")
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid", help="Import the valid rows, skipping (and naming) the rest."
        ),
    ] = False,
    title: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="The title of a new file (default: the input's, if it has one).",
            show_default=False,
        ),
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Who a new file is about.", show_default=False),
    ] = None,
    dry_run: DryRunOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Import events from a TimelineJS sheet or JSON, or from a csv or json export."""
    from ant_timeline import import_  # noqa: PLC0415

    where = writing(file)
    text, label = import_.read_input(path)
    batch = import_.get(str(import_format)).read(text, label)

    def report(outcome: import_.Outcome) -> None:
        if dry_run and outcome.change is not None:
            render.write_patch(outcome.change.unified_diff(where.label))

    with render.progress(f"importing into {where.path.name}") as progress:
        outcome = import_.run(
            where,
            batch,
            force=force,
            skip_invalid=skip_invalid,
            dry_run=dry_run,
            title=title,
            subject=subject,
            before_write=report,
            progress=progress,
        )
    # Said once the progress bar (on a terminal) is gone.
    render.note(f"read {_plural(batch.rows, batch.unit)} of {label} ({batch.kind})")
    for problem in batch.invalid:
        render.note(f"skipped {problem.place}: {problem.message}", style="yellow")
    for problem in outcome.duplicates:
        render.note(f"{problem.place}: {problem.message}", style="yellow")
    for note in (*batch.notes, *outcome.notes):
        render.note(f"note: {note}", style="yellow")
    skipped = []
    if outcome.duplicates:
        skipped.append(_plural(len(outcome.duplicates), "duplicate"))
    if batch.invalid:
        skipped.append(_plural(len(batch.invalid), "invalid row"))
    tail = f"; skipped {' and '.join(skipped)}" if skipped else ""
    count = _plural(len(outcome.added), "event")
    new = " (a new file)" if outcome.created else ""
    if not outcome.added:
        render.note(f"nothing to add to {where.label}{tail}")
    elif dry_run:
        render.note(f"dry run: would add {count} to {where.label}{new}{tail}; nothing written")
    else:
        render.note(f"added {count} to {where.label}{new}{tail}")
    if outcome.without_source:
        render.note(
            f"{outcome.without_source} of them {'has' if outcome.without_source == 1 else 'have'}"
            " no source: `ant-timeline check` reports each; cite one with `add source`",
            style="yellow",
        )
