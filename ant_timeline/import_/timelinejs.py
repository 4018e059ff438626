"""`import timelinejs`: a TimelineJS3 JSON file, or a TimelineJS Google Sheet saved as CSV.

Which of the two is told by the content: JSON starts with `{`. A sheet has the template's
columns (Year, Month, Day, Time, End Year, End Month, End Day, End Time, Display Date, Headline,
Text, Media, Media Credit, Media Caption, Media Thumbnail, Type, Group, Background), of which
Year and Headline are needed; a JSON file has `events`, each with a `start_date`.

Each slide is read as TimelineJS shows it:

- The date keeps the precision the input has: a year alone is a year, with a month a month,
  with a day a day; end fields make an interval (each end its own precision). A Display Date
  in the date grammar, as `show` displays dates, or a phrase with its year (`c. 2021`,
  `Q3 2022`, `late 2021`) is the date instead, when it overlaps what the fields say. Times are
  not kept: the grammar has none.
- The headline and text are HTML: they become plain text (paragraphs of the text kept, as
  blank-line-separated paragraphs of the summary); scripts, styles and other content that is
  not text are dropped. The text's http(s) links become sources, titled by their link text;
  so do bare addresses, which TimelineJS links unless the slide turns `autolink` off (or the
  cell is a formula).
- `Media` with an http(s) address becomes the source of a slide that has no link at all, with
  its caption as the title and its credit as the publisher.
- A cell that is a spreadsheet formula (`=HYPERLINK(...)`) is kept as the text it is.
- `Group` becomes the category when the events file's vocabulary has it, else a tag.
  TimelineJS decodes a group and a display date to text and then writes that text as HTML
  (which is why `export timelinejs` escapes them twice), so both are decoded twice here.
- A `title` row (the JSON `title` slide) is not an event: its headline, subject and text may
  start a new file's header. `era` rows are not events either.
- Ids are made from the headline, as `add event` makes them.

Our own `export timelinejs` comes back with its actors and every field of its sources, which
it marks for this purpose (see `ant_timeline.import_.html`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ant_timeline.dates import EventDate, PartialDate, Precision
from ant_timeline.errors import DateError
from ant_timeline.import_ import (
    Batch,
    Candidate,
    InputError,
    RowProblem,
    looks_like_json,
    read_date,
    read_table,
    refuse_repeated_columns,
)
from ant_timeline.import_.html import html_line, read_html
from ant_timeline.model import Source, TimelineInfo
from ant_timeline.text import is_web_url

if TYPE_CHECKING:
    from collections.abc import Mapping

SHEET_COLUMNS = (
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
)
# Read by TimelineJS too, but nothing for a timeline of events: left alone quietly.
OTHER_SHEET_COLUMNS = ("Alt Text", "Tag")


class _Invalid(Exception):
    """What is wrong with one slide: the field (a sheet's column or a JSON path) and why."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


@dataclass(frozen=True, slots=True)
class _DateFields:
    """One end of a slide's date as written: year, month, day (any may be missing)."""

    year: object
    month: object
    day: object
    names: tuple[str, str, str]  # how messages name the three fields


@dataclass(frozen=True, slots=True)
class _Slide:
    """A slide's fields, from a sheet row or a JSON object, before they are read."""

    place: str
    start: _DateFields | None
    end: _DateFields | None
    display_date: str
    headline: str
    text: str
    media_url: str
    media_caption: str
    media_credit: str
    group: str
    autolink: bool
    timed: bool  # a time of day is given
    # How problems are named: a sheet's row and its columns ("sheet.csv:14", "Month"), or a
    # JSON file and paths in it ("timeline.json", "events[3].start_date.month").
    problem_place: str
    start_name: str  # "Year", "events[3].start_date"
    headline_name: str  # "Headline", "events[3].text.headline"


@dataclass(slots=True)
class _Tally:
    """What is said about the whole input at the end."""

    display_not_used: int = 0
    display_example: str = ""
    dropped: int = 0
    times: int = 0  # slides with a time of day, which the grammar does not hold


def read(text: str, label: str) -> Batch:
    """The events of a TimelineJS JSON file or sheet."""
    if looks_like_json(text):
        return _read_json(text, label)
    return _read_sheet(text, label)


# ---------------------------------------------------------------------------------------------
# The two containers


def _read_sheet(text: str, label: str) -> Batch:
    table = read_table(text, label)
    names = {name.lower(): index for index, name in reversed(list(enumerate(table.header)))}
    missing = [name for name in ("Year", "Headline") if name.lower() not in names]
    if missing:
        if {"date", "title"} <= set(names):
            hint = "; it looks like an ant-timeline CSV export: import it with `import csv`"
        else:
            hint = f" (the TimelineJS template's columns are {', '.join(SHEET_COLUMNS)})"
        raise InputError(
            f"not a TimelineJS sheet: it has no {' or '.join(map(repr, missing))} column{hint}",
            f"{label}:1",
        )
    refuse_repeated_columns(table, SHEET_COLUMNS, label)
    batch = Batch(label, "a TimelineJS sheet")
    known = {name.lower() for name in (*SHEET_COLUMNS, *OTHER_SHEET_COLUMNS)}
    for name in table.header:
        if name and name.lower() not in known:
            batch.notes.append(f"column {name!r} is not a TimelineJS column; it was not read")
    tally = _Tally()
    titled = False
    for line, cells in table.rows:
        if not any(cell.strip() for cell in cells):
            continue
        batch.rows += 1

        def cell(name: str, cells: list[str] = cells) -> str:
            index = names.get(name.lower())
            return cells[index].strip() if index is not None and index < len(cells) else ""

        place = f"{label}:{line}"
        kind = cell("Type").lower()
        slide = _Slide(
            place=place,
            start=_DateFields(cell("Year"), cell("Month"), cell("Day"), ("Year", "Month", "Day"))
            if cell("Year") or cell("Month") or cell("Day")
            else None,
            end=_DateFields(
                cell("End Year"),
                cell("End Month"),
                cell("End Day"),
                ("End Year", "End Month", "End Day"),
            )
            if cell("End Year") or cell("End Month") or cell("End Day")
            else None,
            display_date=cell("Display Date"),
            headline=cell("Headline"),
            text=cell("Text"),
            media_url=cell("Media"),
            media_caption=cell("Media Caption"),
            media_credit=cell("Media Credit"),
            group=cell("Group") or cell("Tag"),
            # A formula (`=HYPERLINK(...)`) is kept as the text it is: nothing in it is a link.
            autolink=not cell("Text").startswith("="),
            timed=bool(cell("Time") or cell("End Time")),
            problem_place=place,
            start_name="Year",
            headline_name="Headline",
        )
        if kind == "era":
            batch.notes.append(f"{place}: an era, not an event; it was not read")
            continue
        if kind == "title" and not titled:  # TimelineJS shows a second title as an event
            titled = True
            batch.info = _title_info(slide)
            continue
        _add(batch, slide, tally)
    _tell(batch, tally)
    return batch


def _read_json(text: str, label: str) -> Batch:
    from ant_timeline.import_.json import load_json  # noqa: PLC0415

    document = load_json(text, label)
    if not isinstance(document, dict) or not isinstance(document.get("events"), list):
        raise InputError(
            'not TimelineJS JSON: expected an object with an "events" list of slides', label
        )
    if document.get("version") == 1 and "title" not in document:
        raise InputError(
            "this is an ant-timeline JSON export, not TimelineJS; import it with "
            "`ant-timeline import json`",
            label,
        )
    batch = Batch(label, "TimelineJS JSON", unit="slide")
    title = document.get("title")
    if isinstance(title, dict):
        batch.info = _title_info(_json_slide(title, label, "title"))
    eras = document.get("eras")
    if isinstance(eras, list) and eras:
        batch.notes.append(
            f"{len(eras)} era{'' if len(eras) == 1 else 's'} (spans drawn behind the events) "
            f"{'is' if len(eras) == 1 else 'are'} not events; not read"
        )
    tally = _Tally()
    for index, item in enumerate(document["events"]):
        batch.rows += 1
        path = f"events[{index}]"
        if not isinstance(item, dict):
            batch.invalid.append(RowProblem(f"{label}: {path}", "a slide must be an object"))
            continue
        _add(batch, _json_slide(item, label, path), tally)
    _tell(batch, tally)
    return batch


def _json_slide(item: Mapping[str, Any], label: str, path: str) -> _Slide:
    def text(value: object) -> str:
        return value if isinstance(value, str) else ""

    def part(name: str) -> Mapping[str, Any]:
        value = item.get(name)
        return value if isinstance(value, dict) else {}

    def fields(name: str) -> _DateFields | None:
        value = item.get(name)
        if not isinstance(value, dict):
            return None
        where = f"{path}.{name}"
        return _DateFields(
            value.get("year"),
            value.get("month"),
            value.get("day"),
            (f"{where}.year", f"{where}.month", f"{where}.day"),
        )

    def timed(name: str) -> bool:
        return any(not _blank(part(name).get(key)) for key in ("hour", "minute", "second"))

    words, media = part("text"), part("media")
    display = text(item.get("display_date")) or text(part("start_date").get("display_date"))
    return _Slide(
        place=f"{label}: {path}",
        start=fields("start_date"),
        end=fields("end_date"),
        display_date=display,
        headline=text(words.get("headline")),
        text=text(words.get("text")),
        media_url=text(media.get("url")).strip(),
        media_caption=text(media.get("caption")),
        media_credit=text(media.get("credit")),
        group=text(item.get("group")),
        autolink=item.get("autolink") is not False,
        timed=timed("start_date") or timed("end_date"),
        problem_place=label,
        start_name=f"{path}.start_date",
        headline_name=f"{path}.text.headline",
    )


# ---------------------------------------------------------------------------------------------
# A slide as an event


def _title_info(slide: _Slide) -> TimelineInfo:
    reading = read_html(slide.text)
    return TimelineInfo(
        title=html_line(slide.headline) or None,
        subject=reading.subject,
        description=reading.text or None,
    )


def _add(batch: Batch, slide: _Slide, tally: _Tally) -> None:
    try:
        batch.candidates.append(_candidate(slide, tally))
    except _Invalid as problem:
        batch.invalid.append(RowProblem(slide.problem_place, f"{problem.where}: {problem.message}"))


def _candidate(slide: _Slide, tally: _Tally) -> Candidate:
    title = html_line(slide.headline)
    if not title:
        raise _Invalid(slide.headline_name, "no headline")
    when = _when(slide, tally)
    reading = read_html(slide.text, autolink=slide.autolink)
    tally.dropped += reading.dropped
    tally.times += slide.timed
    sources: list[Source] = []
    for listed in reading.listed_sources:  # our own export's sources, every field
        url = listed.get("url", "")
        if not url.strip():
            continue
        published = None
        if listed.get("published"):
            try:
                published = read_date(listed["published"])
            except DateError:
                published = None
        sources.append(
            Source(
                url=url,
                title=listed.get("title"),
                publisher=listed.get("publisher"),
                published=published,
                archived=listed.get("archived"),
            )
        )
    seen = {source.url for source in sources}
    for link in reading.links:
        if link.url not in seen:
            seen.add(link.url)
            title_text = link.text if link.text and link.text != link.url else None
            sources.append(Source(url=link.url, title=title_text))
    media_source = False
    if not sources and is_web_url(slide.media_url):
        sources.append(
            Source(
                url=slide.media_url,
                title=html_line(slide.media_caption) or None,
                publisher=html_line(slide.media_credit) or None,
            )
        )
        media_source = True
    group = html_line(html_line(slide.group))
    return Candidate(
        place=slide.place,
        date=when,
        title=title,
        summary=reading.prose or None,
        group=group or None,
        actors=tuple(reading.actors or ()),
        sources=tuple(sources),
        media_source=media_source,
    )


def _when(slide: _Slide, tally: _Tally) -> EventDate:
    """The slide's date: its fields, or its display date where that is a date they allow."""
    if slide.start is None or _blank(slide.start.year):
        name = slide.start.names[0] if slide.start is not None else slide.start_name
        raise _Invalid(name, "no year: TimelineJS needs a year for every event")
    start = _partial(slide.start)
    end = None
    if slide.end is not None and not all(
        _blank(value) for value in (slide.end.year, slide.end.month, slide.end.day)
    ):
        if _blank(slide.end.year):
            given = slide.end.names[1] if not _blank(slide.end.month) else slide.end.names[2]
            raise _Invalid(given, f"an end date needs its year ({slide.end.names[0]})")
        end = _partial(slide.end)
        if end.latest < start.earliest:
            raise _Invalid(
                slide.end.names[0],
                f"the event ends ({end.display()}) before it starts ({start.display()})",
            )
    fields = EventDate.point(start) if end is None else EventDate.span(start, end)
    shown_text = html_line(html_line(slide.display_date))
    if not shown_text:
        return fields
    try:
        shown = read_date(shown_text)
    except DateError:
        shown = None
    if shown is None or not _overlap(shown, fields):
        tally.display_not_used += 1
        tally.display_example = tally.display_example or shown_text
        return fields
    if (
        not shown.interval
        and shown.start is not None
        and fields.interval
        and fields.start is not None
        and _plain(shown.start) == fields.start
        and fields.latest == shown.latest
    ):
        # An interval whose ends are the same date is displayed as that date; the fields
        # still say it is an interval (`2021/2021`).
        return EventDate.span(shown.start, shown.start)
    return shown


def _plain(when: PartialDate) -> PartialDate:
    return PartialDate(when.precision, when.year, when.part, when.day)


def _overlap(first: EventDate, second: EventDate) -> bool:
    low_a, high_a = first.sort_key
    low_b, high_b = second.sort_key
    return low_a <= high_b and low_b <= high_a


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_INTEGER = re.compile(r"[+-]?\d+")


def _number(value: object, name: str) -> int:
    """A whole number as TimelineJS reads one (spaces and thousands commas left out)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _Invalid(name, "must be a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise _Invalid(name, f"{value!r} is not a whole number")
        return int(value)
    if isinstance(value, int):
        return value
    cleaned = re.sub(r"[\s,]+", "", value)
    if not _INTEGER.fullmatch(cleaned):
        raise _Invalid(name, f"{value!r} is not a number")
    return int(cleaned)


def _partial(fields: _DateFields) -> PartialDate:
    import calendar  # noqa: PLC0415

    year_name, month_name, day_name = fields.names
    year = _number(fields.year, year_name)
    if not 1 <= year <= 9999:
        raise _Invalid(year_name, f"{year} is outside the years a date can have (1 to 9999)")
    if _blank(fields.month):
        if not _blank(fields.day):
            raise _Invalid(day_name, f"a day needs its month ({month_name})")
        return PartialDate(Precision.YEAR, year)
    month = _number(fields.month, month_name)
    if not 1 <= month <= 12:
        raise _Invalid(month_name, f"{month} is not a month (1 to 12)")
    if _blank(fields.day):
        return PartialDate(Precision.MONTH, year, month)
    day = _number(fields.day, day_name)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        shown = PartialDate(Precision.MONTH, year, month).display()
        raise _Invalid(day_name, f"{day} is not a day of {shown} (it has {last} days)")
    return PartialDate(Precision.DAY, year, month, day)


def _tell(batch: Batch, tally: _Tally) -> None:
    if tally.display_not_used:
        count = tally.display_not_used
        batch.notes.append(
            f"{count} Display Date{'' if count == 1 else 's'} (such as "
            f"{tally.display_example!r}) {'is' if count == 1 else 'are'} not a date this tool "
            "reads, or not the date of the fields; the Year, Month and Day were used"
        )
    if tally.times:
        unit = batch.unit
        timed = f"1 {unit} gives" if tally.times == 1 else f"{tally.times} {unit}s give"
        batch.notes.append(f"{timed} a time of day, which a date does not hold; the day is kept")
    if tally.dropped:
        batch.notes.append(
            f"dropped {tally.dropped} piece{'' if tally.dropped == 1 else 's'} of HTML that "
            "is not text (scripts, styles, frames, ...)"
        )
