"""The commands that change an events file: `add event`, `add source`, `remove event`."""

# No `from __future__ import annotations`: Typer reads the annotations at start-up (see options).
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ant_timeline.cli.options import (
    DryRunOption,
    NoColorOption,
    WriteFileOption,
    check_url,
    command_group,
    examples,
    interactive,
    render,
    store,
    user_date,
    writing,
)
from ant_timeline.errors import DateError, ExitCode, UsageError

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
commands = command_group()
commands.add_typer(add_app, name="add")
commands.add_typer(remove_app, name="remove")


def _ask(value: str | None, option: str, question: str, *, required: bool) -> str | None:
    """An option's value, prompted for on a terminal when it is missing."""
    if value:
        return value
    if not interactive():
        if required:
            raise UsageError(f"{option} is required (or run on a terminal to be asked for it)")
        return None
    answer: str = typer.prompt(question, default="" if not required else None, show_default=False)
    return answer.strip() or None


def _ask_list(values: list[str] | None, question: str, asked: bool) -> list[str]:
    if values or not asked or not interactive():
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


def _show_change(change: Any, dry_run: bool, lines: list[str], label: str) -> None:
    """What a write understood, on stderr; with --dry-run, the diff on stdout."""
    for line in lines:
        render.note(line)
    for note in change.notes:
        render.note(f"note: {note}", style="yellow")
    if dry_run:
        render.write_patch(change.unified_diff(label))


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

    where = writing(file)
    store.files.writable(where)
    asked = not (date_text and title and source)
    date_text = _ask(date_text, "--date", "Date (e.g. 2023-07-07, 'January 2023')", required=True)
    title = _ask(title, "--title", "Title", required=True)
    urls = _ask_list(source, "Source URLs (comma-separated)", asked)
    if not urls:
        raise UsageError("at least one --source URL is required: every event is sourced")
    from ant_timeline.text import is_web_url  # noqa: PLC0415

    while interactive() and not source and not all(is_web_url(url) for url in urls):
        render.error("a source URL must start with http:// or https:// and have no spaces")
        urls = _ask_list(None, "Source URLs (comma-separated)", True)
    for url in urls:
        check_url("--source", url)
    if asked and interactive():
        summary = _ask(summary, "--summary", "Summary (optional)", required=False)
        category = _ask(category, "--category", "Category (optional)", required=False)
        actor = _ask_list(actor, "Actors (comma-separated, optional)", True)
        tag = _ask_list(tag, "Tags (comma-separated, optional)", True)
    base = _day("--relative-to", relative_to)
    try:
        when = dates.parse_user_date(date_text or "", relative_to=base)
    except DateError as problem:
        raise DateError(f"--date: {problem.message}") from None
    published = user_date("--source-published", source_published)
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

    where = writing(file)
    cited = Source(
        url=url,
        title=title,
        publisher=publisher,
        published=user_date("--published", published),
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

    where = writing(file)
    store.files.writable(where)
    if not (yes or dry_run or interactive()):
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
