"""Importers: a TimelineJS sheet or JSON, or our own csv and json exports, as events to add.

Each format is a module with a `read(text, label) -> Batch` function, named in the registry
below, so listing the formats (for `--help`) imports none of them. A `Batch` holds what the
input proposes: candidate events, each with the place it came from (`sheet.csv:14`,
`timeline.json: events[3]`), and the rows that are not valid events.

`run` adds a batch to an events file as `add event` adds one event, but in one edit: under
the lock, it reads the file once, works out every event's id and place (skipping duplicates
of events already there unless forced), splices them all in, loads the new text again to check
that it holds exactly the old events and the new ones, and replaces the file once, atomically.
All or nothing: an input with an invalid row changes nothing unless `skip_invalid`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING

from ant_timeline import dates
from ant_timeline.errors import DateError, TimelineError
from ant_timeline.model import DEFAULT_CATEGORIES, Event, TimelineInfo, normalise_title

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from ant_timeline.dates import EventDate
    from ant_timeline.edit import Change
    from ant_timeline.model import Source
    from ant_timeline.store import LoadReport, Progress, TimelineFile

# An input is read into memory whole; a timeline of 100,000 events exported as CSV is ~40 MiB.
MAX_INPUT_BYTES = 64 * 2**20
MAX_PROBLEMS_SHOWN = 20


@dataclass(frozen=True, slots=True)
class Importer:
    """One input format."""

    name: str
    description: str
    module: str

    def read(self, text: str, label: str) -> Batch:
        """The candidate events of an input in this format (`InputError` if it is not one)."""
        reader: Callable[[str, str], Batch] = import_module(self.module).read
        return reader(text, label)


REGISTRY: dict[str, Importer] = {
    importer.name: importer
    for importer in (
        Importer(
            "timelinejs",
            "a TimelineJS3 JSON file, or a TimelineJS Google Sheet saved as CSV",
            "ant_timeline.import_.timelinejs",
        ),
        Importer("csv", "a CSV made by `export csv`", "ant_timeline.import_.csv"),
        Importer(
            "json",
            "a JSON file made by `export json` (or `show --json`)",
            "ant_timeline.import_.json",
        ),
    )
}


def names() -> list[str]:
    """Every format name, in registry order."""
    return list(REGISTRY)


def get(name: str) -> Importer:
    """The importer called `name` (KeyError if none)."""
    return REGISTRY[name]


# ---------------------------------------------------------------------------------------------
# What an input proposes


class InputError(TimelineError):
    """The input is not in the format named, or cannot be read."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why a row of the input is not added: where it is, and what is wrong."""

    place: str  # "sheet.csv:14", "timeline.json: events[3]"
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class InvalidRowsError(TimelineError):
    """All or nothing: some rows are not valid events, so nothing was written."""

    def __init__(self, problems: Sequence[RowProblem], label: str) -> None:
        shown = [str(problem) for problem in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"... and {len(problems) - MAX_PROBLEMS_SHOWN:,} more")
        count = len(problems)
        shown.append(
            f"{count} invalid row{'' if count == 1 else 's'}: nothing written to {label}; fix "
            f"{'it' if count == 1 else 'them'}, or pass --skip-invalid to import the rest"
        )
        super().__init__("\n".join(shown))
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An event an input proposes, as it reads; `id` None: made from the title on adding."""

    place: str
    date: EventDate
    title: str
    id: str | None = None
    summary: str | None = None
    category: str | None = None
    # TimelineJS's group: the category when the file's vocabulary has it, else a tag.
    group: str | None = None
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    related: tuple[str, ...] = ()
    media_source: bool = False  # the one source is the row's media, for want of a link


@dataclass(slots=True)
class Batch:
    """Everything an input proposes: events, invalid rows, and a header for a new file."""

    label: str
    kind: str  # what the input was read as: "a TimelineJS sheet", ...
    unit: str = "row"  # what the input calls one of its items: "row", "slide", "event"
    candidates: list[Candidate] = field(default_factory=list)
    invalid: list[RowProblem] = field(default_factory=list)
    rows: int = 0  # rows (or slides, or events) read, valid or not
    info: TimelineInfo | None = None  # the title, subject, ... a new file may take
    notes: list[str] = field(default_factory=list)


def read_input(argument: str) -> tuple[str, str]:
    """The input's text (UTF-8) and how messages name it; `-` reads standard input.

    At most `MAX_INPUT_BYTES` are read, from a file, a pipe or standard input alike (the
    store's bounded read), so a huge or endless input costs no more memory than that.
    """
    from ant_timeline.store.files import decode  # noqa: PLC0415
    from ant_timeline.store.files import read_input as read_bounded  # noqa: PLC0415

    data, label = read_bounded(argument, MAX_INPUT_BYTES, what="a timeline to import")
    return decode(data, label), label


_HAS_YEAR = re.compile(r"\d{4}")


def read_date(text: str) -> EventDate:
    """A date as an input writes it: in the grammar (`2021-H2`), as `show` displays dates
    (`H2 2021`, `23 Sep – 8 Oct 2023`), or a phrase that names its year (`July 7, 2023`,
    `late 2021`), keeping the precision it has. `DateError` says why it is not a date."""
    text = text.strip()
    if not text:
        raise DateError("no date")
    try:
        return dates.parse(text)
    except DateError as error:
        grammar_error = error
    shown = dates.parse_display(text)
    if shown is not None:
        return shown
    if not _HAS_YEAR.search(text):
        raise DateError(
            f"{text!r} is not a date: give its year, in the grammar (2021-H2, 2023-07-07) or "
            "as a phrase such as 'July 7, 2023' or 'late 2021'"
        )
    if re.fullmatch(r"[\d\s\-/.~?%QqHh]+", text):
        raise grammar_error
    from datetime import date  # noqa: PLC0415

    # Phrases name their year, so nothing depends on today: a fixed day keeps runs repeatable.
    return dates.parse_user_date(text, relative_to=date(2000, 1, 1))


# ---------------------------------------------------------------------------------------------
# Adding a batch to a file


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an import did (or, with `dry_run`, would do)."""

    label: str  # the events file
    batch: Batch
    added: tuple[Event, ...]
    duplicates: tuple[RowProblem, ...]  # skipped: already in the file
    notes: tuple[str, ...]
    change: Change | None  # None when nothing is added
    created: bool  # the events file is new

    @property
    def without_source(self) -> int:
        """Added events with no source (a `check` problem)."""
        return sum(1 for event in self.added if not event.sources)


def run(
    where: TimelineFile,
    batch: Batch,
    *,
    force: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
    title: str | None = None,
    subject: str | None = None,
    before_write: Callable[[Outcome], None] | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Add the batch's events to the events file in one locked, atomic, verified write.

    A file that does not exist yet is created, with `title` and `subject` (else those the
    input has). Nothing is written when a row is invalid (unless `skip_invalid`), or when
    nothing is left to add. `progress` (done, total) follows reading the file and then
    reading the new text back, the two long steps.
    """
    from ant_timeline import edit  # noqa: PLC0415
    from ant_timeline.store import files, parse_text  # noqa: PLC0415

    if batch.invalid and not skip_invalid:
        raise InvalidRowsError(batch.invalid, where.label)
    path = files.writable(where)
    if not path.parent.is_dir():
        raise InputError(
            f"the folder {str(path.parent)!r} does not exist; create it first", where.label
        )
    with files.locked(path, where.label):
        created = not (path.exists() or path.is_symlink())
        if created:
            info = batch.info or TimelineInfo()
            categories = info.categories
            text = files.new_file_text(
                title=title or info.title,
                subject=subject or info.subject,
                description=info.description,
                categories=categories if categories and categories != DEFAULT_CATEGORIES else None,
            )
            bom = False
        else:
            text, bom = files.read_for_edit(path, where.label)
        # Reading the new text back (old events and new) is about twice reading the old.
        report = parse_text(text, where.label, _stage(progress, 0, 1 / 3))
        edit.refuse_unless_loadable(report)
        events, duplicates, notes = plan_events(report, batch, force=force)
        if not created and (title or subject):
            notes.append(f"--title and --subject are for a new file; {where.label} keeps its own")
        elif not created and batch.info is not None and batch.info.title:
            notes.append(
                f"the title {batch.info.title!r} is not used: {where.label} has a header of "
                "its own (a new file takes it)"
            )
        change = None
        if events:
            change = edit.plan_add_many(
                text, report, events, path, progress=_stage(progress, 1 / 3, 2 / 3)
            )
        if change is not None and created:
            from dataclasses import replace  # noqa: PLC0415

            change = replace(change, before="")  # the whole file is new
        outcome = Outcome(
            where.label, batch, tuple(events), tuple(duplicates), tuple(notes), change, created
        )
        if before_write is not None:
            before_write(outcome)
        if change is not None and not dry_run:
            files.write_atomic(path, ("\ufeff" if bom else "") + change.after)
    return outcome


def _stage(progress: Progress | None, start: float, share: float) -> Progress | None:
    """A progress callback for one step of several: its share of the whole, from `start`."""
    if progress is None:
        return None
    whole = progress

    def report(done: int, total: int) -> None:
        whole(round(1000 * (start + share * done / max(total, 1))), 1000)

    return report


def plan_events(
    report: LoadReport, batch: Batch, *, force: bool
) -> tuple[list[Event], list[RowProblem], list[str]]:
    """The events to add, in input order, the rows skipped as duplicates, and notes.

    Ids: an input's own id is kept; else one is made from the title as `add event` makes it;
    either is unique against the file and the rows before it. A duplicate of an event in the
    file (the same id, or the same span and nearly the same title) is skipped unless `force`
    (which gives a taken id a free one).
    """
    from ant_timeline.edit import slugify, unique_id  # noqa: PLC0415

    timeline = report.timeline
    in_file = {event.id: event for event in timeline.events}
    taken = set(in_file) | set(report.file_order)
    by_span: dict[tuple[object, object], list[Event]] = {}
    for event in timeline.events:
        by_span.setdefault(event.date.sort_key, []).append(event)
    vocabulary = timeline.info.vocabulary
    vocabulary_names = {name.casefold(): name for name in vocabulary}
    label = timeline.path
    events: list[Event] = []
    skipped: list[RowProblem] = []
    renamed: list[str] = []
    media = 0
    for candidate in batch.candidates:
        event_id = candidate.id
        if event_id is not None and event_id in in_file and not force:
            skipped.append(
                RowProblem(
                    candidate.place,
                    f"skipped: id {event_id!r} is already in {label}{_line(in_file[event_id])}"
                    "; --force adds it with an id of its own",
                )
            )
            continue
        if not force:
            same = _likely_same(by_span.get(candidate.date.sort_key, ()), candidate.title)
            if same is not None:
                skipped.append(
                    RowProblem(
                        candidate.place,
                        f"skipped: it looks like {same.id!r}{_line(same)}: the same date and "
                        "nearly the same title; --force adds it anyway",
                    )
                )
                continue
        if event_id is None:
            year = candidate.date.canonical.lstrip(".")[:4]
            event_id = unique_id(slugify(candidate.title, f"event-{year}"), taken)
        elif event_id in taken:
            fresh = unique_id(event_id, taken)
            renamed.append(f"{candidate.place}: id {event_id!r} is taken, so it is {fresh!r}")
            event_id = fresh
        category, tags = candidate.category, candidate.tags
        if candidate.group:
            # A sheet's groups are row labels, usually capitalised ("Enforcement"); the
            # vocabulary's own spelling is what `check` accepts.
            known = vocabulary_names.get(candidate.group.casefold())
            if category is None and known is not None:
                category = known
            elif candidate.group not in tags:
                tags = (*tags, candidate.group)
        taken.add(event_id)
        media += candidate.media_source
        events.append(
            Event(
                id=event_id,
                date=candidate.date,
                title=candidate.title,
                summary=candidate.summary,
                category=category,
                actors=candidate.actors,
                tags=tags,
                sources=candidate.sources,
                related=candidate.related,
            )
        )
    notes = [*renamed, *_check_notes(events, report)]
    if media:
        notes.insert(
            0,
            f"{media} {batch.unit}{'' if media == 1 else 's'} had no link but an http(s) Media "
            f"address, which {'is its' if media == 1 else 'are their'} source",
        )
    return events, skipped, notes


def _line(event: Event) -> str:
    where = event.where()
    return f" (line {where[0]})" if where else ""


def _likely_same(existing: Sequence[Event], title: str) -> Event | None:
    """The first of `existing` (events with the same span) whose title is nearly `title`."""
    if not existing:
        return None
    from ant_timeline.model import normalised_alike  # noqa: PLC0415

    wanted = normalise_title(title)
    for event in existing:
        if normalised_alike(normalise_title(event.title), wanted):
            return event
    return None


def _check_notes(events: Sequence[Event], report: LoadReport) -> list[str]:
    """What `check` will say about the added events, counted, beyond a missing source."""
    from ant_timeline.text import is_web_url  # noqa: PLC0415

    vocabulary = set(report.timeline.info.vocabulary)
    known = {event.id for event in report.timeline.events} | {event.id for event in events}
    notes = []
    outside = sum(
        1 for event in events if event.category is not None and event.category not in vocabulary
    )
    if outside:
        notes.append(f"{_events(outside)} a category outside the vocabulary")
    unresolved = sum(
        1
        for event in events
        if any("/" not in item and item not in known for item in event.related)
    )
    if unresolved:
        notes.append(f"{_events(unresolved)} a related id that is not in the file")
    not_web = sum(1 for event in events if any(not is_web_url(s.url) for s in event.sources))
    if not_web:
        notes.append(f"{_events(not_web)} a source address that is not http(s)")
    return notes


def _events(count: int) -> str:
    return f"{count} added event{' has' if count == 1 else 's have'}"


# ---------------------------------------------------------------------------------------------
# CSV, as the csv and timelinejs formats read it


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV input: its header and its rows, each with the line it starts on."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


# `sep=;` (or `sep=,`, `sep=\t`, `sep=|`) alone on the first line: what Excel writes, and
# honours, to name the separator.
_SEPARATOR_LINE = re.compile(r"sep=(?P<separator>[^\w\s\"'\r\n]|\t)")


def read_table(text: str, label: str) -> Table:
    """The rows of a CSV text (RFC 4180; any line endings); `InputError` if it is not CSV."""
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    previous_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_INPUT_BYTES + 1)  # a long summary is one long cell
    # Spreadsheets in many locales save CSV with `;` (or tabs) between cells: a first line
    # with none of the default commas but some of those tells.
    first_line, _, rest = text.partition("\n")
    line = 1
    declared = _SEPARATOR_LINE.fullmatch(first_line.rstrip("\r"))
    if declared:  # Excel's own `sep=;` line says which it is, and is not the header
        delimiter = declared["separator"]
        text, line = rest, 2
    elif "," not in first_line:
        delimiter = max(";\t", key=first_line.count) if any(c in first_line for c in ";\t") else ","
    else:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    first = line - 1  # lines before the reader's first
    try:
        for cells in reader:
            rows.append((line, cells))
            line = first + reader.line_num + 1
    except csv.Error as error:
        raise InputError(f"not CSV: {error}", f"{label}:{first + reader.line_num}") from None
    finally:
        csv.field_size_limit(previous_limit)
    if not rows:
        raise InputError("is empty: a CSV input starts with a header row", label)
    return Table([name.strip() for name in rows[0][1]], rows[1:])


def refuse_repeated_columns(table: Table, read: Iterable[str], label: str) -> None:
    """`InputError` when the header names a column that is read twice (any case): which of
    the two holds the events is a guess, and the other's cells would be lost without a word."""
    wanted = {name.lower() for name in read}
    first: dict[str, int] = {}
    for number, name in enumerate(table.header, start=1):
        key = name.lower()
        if key not in wanted:
            continue
        if key in first:
            raise InputError(
                f"the header has two {name!r} columns ({first[key]} and {number}); "
                "keep one, or rename the other",
                f"{label}:1",
            )
        first[key] = number


def looks_like_json(text: str) -> bool:
    """True when the text starts as a JSON object or list does."""
    return text.lstrip()[:1] in ("{", "[")
