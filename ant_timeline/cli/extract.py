"""`extract`: dated events proposed from a news article, and the review that adds them."""

# No `from __future__ import annotations`: Typer reads the annotations at start-up (see options).
from datetime import date
from enum import StrEnum
from pathlib import Path
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
    writing,
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


def _published_option(option: str | None) -> date | None:
    """The day `--published` gives, or None without it."""
    from ant_timeline import dates  # noqa: PLC0415

    if option is None:
        return None
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


def _published_on(option: str | None, text: str, label: str) -> date:
    from ant_timeline import extract as extracting  # noqa: PLC0415
    from ant_timeline.extract import batch  # noqa: PLC0415

    found = _published_option(option) or extracting.find_published(text)
    if found is None:
        raise UsageError(batch.NO_PUBLICATION_DATE, label)
    return found


@commands.command(
    "extract",
    epilog=examples(
        "ant-timeline extract article.txt",
        "ant-timeline extract article.txt --published 2023-05-17 --sort date",
        "cat article.txt | ant-timeline extract - --json",
        "ant-timeline extract articles/ --json > candidates.jsonl",
        "ant-timeline extract article.txt --add --file events.yaml --source-url "
        "https://example.org/article --publisher 'Daily Ledger'",
        note="Relative dates ('last week', 'on Tuesday', 'in January') are resolved against the "
        "publication date: --published, else a dateline on the first line of the text "
        "('date 2023-05-17 ...', 'May 17, 2023', '2023-05-17') or a byline's date below the "
        "headline ('Updated: 2023-05-17'). With --add, each candidate is "
        "shown on the terminal to accept (a), accept with a new title (e), skip (s) or stop "
        "(q); accepted ones are added like `add event` adds, citing the article. Several "
        "articles, or a folder of them (*.txt), are read in one run, each with its own "
        "dateline; --json then prints one envelope per article, one per line.",
    ),
)
def extract_command(
    articles: Annotated[
        list[str],
        typer.Argument(
            help="The article as a UTF-8 text file, or - to read standard input; several "
            "articles, or a folder of them (every *.txt in it), are read one after another.",
            metavar="ARTICLE...",
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
            "Default: the dateline at the top of the text (of each article).",
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

    if len(articles) > 1 or any(a != "-" and Path(a).is_dir() for a in articles):
        if add:
            raise UsageError(
                "--add reviews the candidates of one article: give a single ARTICLE, not "
                "several or a folder"
            )
        _extract_many(articles, published, sort.value, json_output, no_color)
        return
    article = articles[0]
    if add:
        # Check what --add needs before reading the article, so nothing is asked for in vain.
        where = writing(file)
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


def _extract_many(
    arguments: list[str], published: str | None, order: str, json_output: bool, no_color: bool
) -> None:
    """Every article in turn: its candidates (an envelope a line with --json, else a block
    headed by its name); one that cannot be read or dated is reported and skipped."""
    from ant_timeline.extract import batch  # noqa: PLC0415

    files = batch.article_paths(arguments)
    when = _published_option(published)
    screen = None if json_output else render.Screen.detect(no_color=no_color)
    skipped = 0
    for number, result in enumerate(batch.extract_articles(files, _read_article, when)):
        if result.problem is not None:
            render.error(f"{result.problem}; skipped")
            skipped += 1
        elif screen is None:
            render.write_raw(batch.json_line(result, order), escape="json")
        elif result.extraction is not None:
            lines = render.article_lines(
                result.file, result.extraction, order=order, width=screen.width, first=number == 0
            )
            render.emit(lines, screen, pager=False)
    if skipped:
        raise UsageError(
            f"{skipped} of {len(files)} article{'' if len(files) == 1 else 's'} skipped "
            "(see above); the others were read"
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
