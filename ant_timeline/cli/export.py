"""`export`: the timeline in another program's format, to stdout or a file."""

# No `from __future__ import annotations`: Typer reads the annotations at start-up (see options).
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ant_timeline.cli.options import (
    ActorOption,
    AsOfOption,
    CategoryOption,
    FileOption,
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

commands = command_group()


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


# How text an export writes to stdout escapes what stdout's encoding cannot hold, by the
# format's file extension (see `render.write_raw`); the rest escapes as plain text.
_STDOUT_ESCAPES = {".json": "json", ".html": "markup", ".md": "markup"}


def _write_output(path: Path, text: str, events_files: list[Path]) -> None:
    """Write an export to `path` (`-o`); never onto an events file it was made from.

    `-` and this process's own stdout (`/dev/stdout`) are standard output; a regular file is
    replaced atomically; a device, a named pipe or a socket is written to as it is.
    """
    import os  # noqa: PLC0415

    from ant_timeline.errors import RefusedError, WriteError  # noqa: PLC0415

    descriptor = store.files.own_descriptor(path)
    if descriptor in (1, 2):
        render.write_bytes(text.encode("utf-8"), stderr=descriptor == 2)
        return
    if descriptor is not None:
        store.files.write_stream(path, text.encode("utf-8"), descriptor=descriptor)
        return
    if path.exists() and any(
        events_file.exists() and os.path.samefile(path, events_file) for events_file in events_files
    ):
        raise RefusedError(
            "is the events file being exported; choose another output file", str(path)
        )
    # Through a symlink to its target, as writes to events files do, so the link stays a link.
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target.is_dir():
        raise WriteError("is a folder; name the file to write", str(path))
    store.files.write_output(target, text)


@commands.command(
    "export",
    help=_formats_help(),
    epilog=examples(
        "ant-timeline export markdown -o ant-timeline.md",
        "ant-timeline export markdown --tag nfra --brief",
        "ant-timeline export ics --since 2023 -o ant-2023.ics",
        "ant-timeline export timelinejs --tag nfra > nfra.json",
        "ant-timeline export csv --category enforcement -o enforcement.csv",
        "ant-timeline export markdown --as-of 2023-01-31",
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
    subject: SubjectOption = None,
    as_of: AsOfOption = None,
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
            help="Write to this file instead of stdout (a file is replaced atomically; a "
            "device or a named pipe is written to; - is stdout).",
            show_default=False,
            click_type=NamedPath(),
        ),
    ] = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Export the timeline as FORMAT."""
    from ant_timeline import export  # noqa: PLC0415

    day = one_as_of(as_of, "export")
    files = reading(file)
    with render.progress(progress_label(files)) as report:
        timeline = store.load_set(files, use_cache=not no_cache, progress=report)
    spec = make_filter(since, until, tag, actor, category, search, limit, reverse, subject)
    text = export.get(str(export_format)).render(
        query.apply(known_view(timeline, day, spec), spec),
        export.ExportOptions(detail=detail, as_of=day),
    )
    if output is None or str(output) == "-":
        escape = _STDOUT_ESCAPES.get(export.get(str(export_format)).extension, "text")
        render.write_raw(text, escape=escape)
    else:
        _write_output(output, text, [where.path for where in files.files])
