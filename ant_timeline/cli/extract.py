"""`extract`: dated events proposed from a news article, and the review that adds them."""

# No `from __future__ import annotations`: Typer reads the annotations at start-up (see options).
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer

from ant_timeline.cli.options import (
    JsonOption,
    NoColorOption,
    WriteFileOption,
    check_url,
    command_group,
    examples,
    interactive,
    render,
    store,
)
from ant_timeline.errors import DateError, TimelineError, UsageError

commands = command_group()


MAX_ARTICLE_BYTES = 16 * 2**20


class ExtractOrder(StrEnum):
    """How `extract` lists its candidates."""

    article = "article"
    date = "date"


def _read_article(argument: str) -> tuple[str, str]:
    """The article's text (UTF-8) and the name to use for it in messages.

    At most `MAX_ARTICLE_BYTES` are read from standard input, a file or a pipe such as
    `<(curl ...)`, whose size is not known before it is read."""
    data, label = store.files.read_input(argument, MAX_ARTICLE_BYTES, what="an article")
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


@commands.command(
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
        if article == "-" or not interactive():
            raise UsageError(
                "--add reviews candidates on a terminal: run it on a terminal, with the article "
                "as a file (not -)"
            )
        if not source_url:
            raise UsageError("--add needs --source-url: every added event cites the article")
        check_url("--source-url", source_url)
    text, label = _read_article(article)
    result = extracting.extract(text, _published_on(published, text, label))
    if add:
        _review_and_add(result, where, source_url or "", source_title, publisher, no_color)
        return
    if json_output:
        from ant_timeline.export.json import dumps  # noqa: PLC0415

        render.write_raw(dumps(extracting.json_envelope(result, sort.value)), escape="json")
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
