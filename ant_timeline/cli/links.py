"""The commands for sources that last: `links` (check every link) and `archive` (record copies)."""

# No `from __future__ import annotations`: Typer reads the annotations at start-up (see options).
import math
import sys
from typing import Annotated

import typer

from ant_timeline.cli.options import (
    ActorOption,
    CategoryOption,
    DryRunOption,
    FileOption,
    JsonOption,
    LimitOption,
    NoColorOption,
    ReverseOption,
    SearchOption,
    SinceOption,
    SubjectOption,
    TagOption,
    UntilOption,
    WriteFileOption,
    command_group,
    examples,
    make_filter,
    progress_label,
    query,
    reading,
    render,
    store,
    writing,
)
from ant_timeline.errors import ExitCode

commands = command_group()

JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs", "-j", min=1, max=64, metavar="N", help="Requests at a time (at most 2 per host)."
    ),
]


def _seconds(value: float) -> float:
    # `nan` passes any range check (no comparison holds), and `inf` would wait for ever.
    if not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number of seconds")
    return value


TimeoutOption = Annotated[
    float,
    typer.Option(
        min=0.1, metavar="SECONDS", help="How long to wait for each answer.", callback=_seconds
    ),
]
DeadlineOption = Annotated[
    float,
    typer.Option(
        min=1,
        metavar="SECONDS",
        help="The most the whole run may take; later links are failing.",
        callback=_seconds,
    ),
]


@commands.command(
    "links",
    epilog=examples(
        "ant-timeline links",
        "ant-timeline links --tag fine --json",
        "ant-timeline links --jobs 4 --timeout 20 --no-cache",
        "ant-timeline links | grep ^dead",
        note="Every source url and archived url is checked: HEAD first (GET where HEAD is "
        "refused; bodies are never read past 64 KiB), redirects followed (at most 10). Each "
        "link is ok, moved (a permanent redirect: the new address is shown), dead (404, 410, "
        "no such host) or failing (5xx, timeout, TLS or connection trouble, other refusals, "
        "after one retry). Results are cached for --max-age. Exit status: 0 no dead link, "
        "1 a dead link, 2 bad input, 130 interrupted.",
    ),
)
def links_command(
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
    jobs: JobsOption = 8,
    timeout: TimeoutOption = 10.0,
    deadline: DeadlineOption = 300.0,
    max_age: Annotated[
        str,
        typer.Option(
            metavar="AGE",
            help="Reuse results checked within this long: 90s, 30m, 12h, 1d, 2w (0: none).",
        ),
    ] = "1d",
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Check every link again; neither read nor update the caches."
        ),
    ] = False,
    json_output: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Check every source link and archived copy: ok, moved, dead or failing."""
    from ant_timeline import links  # noqa: PLC0415
    from ant_timeline.links.check import check_links  # noqa: PLC0415

    age = links.parse_age(max_age)
    spec = make_filter(since, until, tag, actor, category, search, limit, reverse, subject)
    files = reading(file)
    with render.progress(progress_label(files)) as report:
        timeline = store.load_set(files, use_cache=not no_cache, progress=report)
    selected = links.collect(query.apply(timeline, spec))
    with render.progress("checking links") as report:
        result = check_links(
            selected,
            jobs=jobs,
            timeout=timeout,
            deadline=deadline,
            max_age=age,
            use_cache=not no_cache,
            progress=report,
        )
    if json_output:
        from ant_timeline.export.json import dumps  # noqa: PLC0415

        render.write_raw(dumps(links.envelope(result)), escape="json")
    else:
        screen = render.Screen.detect(no_color=no_color)
        render.emit(
            render.link_lines(result, grouped=screen.terminal, width=screen.width),
            screen,
            pager=False,
        )
        if not screen.terminal:
            render.note(render.links_summary(result))
    if result.dead:
        raise typer.Exit(int(ExitCode.FOUND))


@commands.command(
    "archive",
    epilog=examples(
        "ant-timeline archive --dry-run",
        "ant-timeline archive",
        "ant-timeline archive --save",
        "ant-timeline archive --tag fine --file acme.yaml",
        note="For each source without an archived copy, the Wayback Machine's availability API "
        "is asked for the snapshot closest to the source's published date, and `archived: URL` "
        "is written under the source's url: only those lines change, atomically, under the "
        "lock. A source the archive has no copy of is reported, never given one; --save asks "
        "the archive to take one and records it when the archive says where. The service is "
        "$ANT_TIMELINE_WAYBACK_URL (default https://archive.org). Exit status: 0 done, 1 the "
        "archive could not be asked about some sources (the rest are written), 2 bad input, "
        "130 interrupted (nothing written).",
    ),
)
def archive_command(
    file: WriteFileOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    tag: TagOption = None,
    actor: ActorOption = None,
    category: CategoryOption = None,
    search: SearchOption = None,
    limit: LimitOption = None,
    reverse: ReverseOption = False,
    save: Annotated[
        bool,
        typer.Option("--save", help="Ask the archive to save pages it has no copy of yet."),
    ] = False,
    jobs: JobsOption = 8,
    timeout: TimeoutOption = 10.0,
    deadline: DeadlineOption = 300.0,
    dry_run: DryRunOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Record an archived copy (a Wayback Machine snapshot) for each source that has none."""
    from ant_timeline import edit  # noqa: PLC0415
    from ant_timeline.links import wayback  # noqa: PLC0415

    where = writing(file)
    store.files.writable(where)
    wayback.service()  # a bad $ANT_TIMELINE_WAYBACK_URL stops here, before any work
    spec = make_filter(since, until, tag, actor, category, search, limit, reverse)
    timeline = store.load(where, use_cache=False)
    wanted = wayback.wanted(query.apply(timeline, spec))
    if not wanted:
        render.note(f"every source in {where.label} already has an archived copy")
        return
    with render.progress("asking the archive") as report:
        found = wayback.find_copies(
            wanted,
            save_missing=save,
            jobs=jobs,
            timeout=timeout,
            deadline=deadline,
            progress=report,
        )
    for line in render.archive_lines(found, save=save):
        render.note(line)
    copies = {
        (item.wanted.event, item.wanted.source, item.wanted.url): item.snapshot.url
        for item in found
        if item.snapshot is not None
    }
    failed = sum(1 for item in found if item.problem is not None)
    if copies:

        def show(change: edit.Change) -> None:
            for note in change.notes:
                render.note(f"note: {note}", style="yellow")
            if dry_run:
                render.write_patch(change.unified_diff(where.label))

        change = edit.archive(where, copies, dry_run=dry_run, before_write=show)
        render.note(
            f"dry run: nothing written to {where.label} ({change.summary})"
            if dry_run
            else f"added {change.summary} to {where.label}"
        )
    else:
        render.note(f"no archived copy to add to {where.label}")
    if failed:
        render.note(
            f"the archive could not be asked about {failed} source{'' if failed == 1 else 's'}; "
            "run `ant-timeline archive` again later",
            style="yellow",
        )
        sys.stdout.flush()
        raise typer.Exit(int(ExitCode.FOUND))
