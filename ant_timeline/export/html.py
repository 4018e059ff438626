"""HTML: one self-contained page to publish, a vertical timeline readers can filter.

The page makes no network request: the stylesheet and the small filter script are inline and a
Content-Security-Policy allows exactly those two blocks (by their sha256 hashes) and nothing else.
Every piece of text from the data is escaped for where it goes (text or attribute); only http(s)
addresses become links. Without JavaScript every event is shown and the filters stay hidden.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import escape
from typing import TYPE_CHECKING

from ant_timeline import __version__
from ant_timeline.dates import EN_DASH, Precision, day_text
from ant_timeline.export.html_assets import SCRIPT, STYLE
from ant_timeline.model import (
    DEFAULT_CATEGORIES,
    covered_text,
    first_reported_text,
    gap_months,
    group_year,
    source_known_from,
    year_heading,
)
from ant_timeline.text import inert, link_url

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from ant_timeline.dates import EventDate, PartialDate
    from ant_timeline.export import ExportOptions
    from ant_timeline.model import Event, Source, Timeline

TAGS_FIRST = 12  # tag buttons shown before "All N tags"
PALETTE_SIZE = 10  # colour slots in the stylesheet: .cat-0 .. .cat-9
# The default categories keep the colours `show` gives them in a terminal; others take the rest.
_FIXED_SLOTS = {name: slot for slot, name in enumerate(DEFAULT_CATEGORIES)}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_PRECISION_LABEL = {
    Precision.MONTH: "month",
    Precision.QUARTER: "quarter",
    Precision.HALF: "half-year",
    Precision.YEAR: "year",
}
# Marker lengths on the line, by how many days the date can cover (a log-like scale, so a
# two-day meeting and a three-year programme both fit): a CSS class per step, .span-1 .. .span-8.
_SPAN_STEPS = (3, 10, 45, 100, 200, 400, 1100)


def _hash(block: str) -> str:
    digest = hashlib.sha256(block.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CSP = "; ".join(
    (
        "default-src 'none'",
        f"style-src {_hash(STYLE)}",
        f"script-src {_hash(SCRIPT)}",
        "base-uri 'none'",
        "form-action 'none'",
    )
)


def render(timeline: Timeline, options: ExportOptions) -> str:
    """The timeline as one HTML page: header, filters, the events by year, footer."""
    info = timeline.info
    heading = _text(info.title or info.subject or "Timeline")
    slots = _category_slots(timeline)
    subjects = _subject_slots(timeline)
    body = "\n".join(
        (
            '<a class="skip" href="#timeline">Skip to the timeline</a>',
            '<div class="page">',
            _masthead(timeline, slots, subjects, as_of=options.as_of),
            _filters(timeline, slots, subjects, as_of=options.as_of),
            _events(timeline, slots, subjects, detail=options.detail),
            _footer(),
            "</div>",
        )
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<meta name="generator" content="ant-timeline {__version__}">\n'
        f"<title>{heading}</title>\n"
        f"<style>{STYLE}</style>\n"
        "</head>\n<body>\n"
        f"{body}\n"
        f"<script>{SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )


# ---------------------------------------------------------------------------------------------
# Escaping


def _text(value: str) -> str:
    """Data made inert (no controls or bidi tricks) and escaped for HTML text or attributes."""
    return escape(inert(value), quote=True)


def _paragraphs(value: str) -> list[str]:
    """A summary as escaped paragraphs: blank lines part them, single newlines are spaces."""
    text = inert(value, keep_newlines=True).strip()
    return [_text(part) for part in _PARAGRAPH_BREAK.split(text) if part.strip()]


def _data_json(values: list[str]) -> str:
    """A list for the filter script, as an attribute value (JSON, then HTML-escaped)."""
    return escape(json.dumps(values, ensure_ascii=False), quote=True)


def _key(value: str) -> str:
    """How filters compare tags and categories: whole values, any case (as `show`)."""
    return inert(value).lower()


# ---------------------------------------------------------------------------------------------
# Dates


def _machine(part: PartialDate) -> str:
    """A valid `<time datetime>` at the precision the date has: `2020-11-03`, `2023-01`, `2021`.

    HTML has no quarter or half-year value, so those give their year: less than the data
    says, never more.
    """
    if part.precision is Precision.DAY:
        return f"{part.year:04d}-{part.part:02d}-{part.day:02d}"
    if part.precision is Precision.MONTH:
        return f"{part.year:04d}-{part.part:02d}"
    return f"{part.year:04d}"


def _days_covered(when: EventDate) -> int | None:
    if when.earliest is None or when.latest is None:
        return None
    return (when.latest - when.earliest).days + 1


def _span_step(days: int | None) -> int:
    if days is None:
        return len(_SPAN_STEPS) + 1
    return 1 + sum(1 for limit in _SPAN_STEPS if days > limit)


def duration_text(days: int) -> str:
    """`4 days`, `6 weeks`, `5 months`, `2 years`: how long a span is, roughly."""
    if days < 32:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 63:
        return f"{round(days / 7)} weeks"
    if days < 730:
        months = round(days / 30.44)
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{round(days / 365.25)} years"


def _date_parts(when: EventDate) -> tuple[str, str, str, str]:
    """(the `<time>` markup, a short precision label, a tooltip, marker classes) of a date."""
    start, end = when.start, when.end
    days = _days_covered(when)
    exact = all(part.precision is Precision.DAY for part in (start, end) if part)
    classes = [f"span-{_span_step(days)}"]
    if not when.interval and start is not None:
        markup = f'<time datetime="{_machine(start)}">{escape(start.display())}</time>'
        label = _PRECISION_LABEL.get(start.precision, "")
        classes.insert(0, "point" if exact else "vague")
    else:
        # The same words as `display()`, with each end in its own <time>.
        left_text, _, right_text = when.display().partition(f" {EN_DASH} ")
        left = (
            f'<time datetime="{_machine(start)}">{escape(left_text)}</time>'
            if start
            else escape(left_text)
        )
        right = (
            f'<time datetime="{_machine(end)}">{escape(right_text)}</time>'
            if end
            else escape(right_text)
        )
        markup = f'{left}<span class="dash"> {EN_DASH} </span>{right}'
        if days is None:
            label = "ongoing" if end is None else "open start"
        else:
            label = duration_text(days)
        classes.insert(0, "interval" if exact else "interval vague")
        if start is None:
            classes.append("open-start")
        if end is None:
            classes.append("open-end")
    if when.approximate or when.uncertain:
        classes.append("fuzzy")
    tip = ""
    if when.earliest and when.latest and (not exact or when.interval):
        if exact:
            tip = f"From {day_text(when.earliest)} to {day_text(when.latest)}"
        else:
            tip = f"Some time between {day_text(when.earliest)} and {day_text(when.latest)}"
    elif when.earliest and not when.latest:
        tip = f"From {day_text(when.earliest)}, with no known end"
    elif when.latest and not when.earliest:
        tip = f"Until {day_text(when.latest)}, with no known start"
    if when.approximate:
        tip += " (approximate)" if tip else "Approximate"
    if when.uncertain:
        tip += " (uncertain)" if tip else "Uncertain"
    return markup, label, tip, " ".join(classes)


# ---------------------------------------------------------------------------------------------
# Categories and tags


def _category_slots(timeline: Timeline) -> dict[str, int]:
    """A colour slot per category (by its filter key), stable for a given vocabulary."""
    slots: dict[str, int] = {}
    spare = len(DEFAULT_CATEGORIES)
    named = [*timeline.info.vocabulary, *(e.category for e in timeline.events if e.category)]
    for name in named:
        key = _key(name)
        if key in slots:
            continue
        if key in _FIXED_SLOTS:
            slots[key] = _FIXED_SLOTS[key]
        else:
            slots[key] = spare % PALETTE_SIZE
            spare += 1
    return slots


SUBJECT_PALETTE = 8  # colour slots for timelines shown together: .subj-0 .. .subj-7


def _subject_slots(timeline: Timeline) -> dict[str, int]:
    """A colour slot per timeline key when several are shown together (else none)."""
    if not timeline.several:
        return {}
    return {member.key: index % SUBJECT_PALETTE for index, member in enumerate(timeline.members)}


def _anchor(event: Event) -> str:
    """The element id of an event's card: `event-ID`, `event-KEY--ID` with several timelines."""
    return f"event-{event.timeline}--{event.id}" if event.timeline else f"event-{event.id}"


def _category_class(category: str | None, slots: dict[str, int]) -> str:
    if category is None:
        return "cat-none"
    return f"cat-{slots.get(_key(category), 0)}"


def _counted(values: list[str]) -> list[tuple[str, str, int]]:
    """(key, first spelling, events) per distinct value, in order of first appearance."""
    seen: dict[str, tuple[str, int]] = {}
    for value in values:
        key = _key(value)
        spelling, count = seen.get(key, (value, 0))
        seen[key] = (spelling, count + 1)
    return [(key, spelling, count) for key, (spelling, count) in seen.items()]


# ---------------------------------------------------------------------------------------------
# The page


def _masthead(
    timeline: Timeline, slots: dict[str, int], subjects: dict[str, int], *, as_of: date | None
) -> str:
    info = timeline.info
    events = timeline.events
    lines = ['<header class="masthead">']
    kicker = "Timeline" + (f" · {info.subject}" if info.subject else "")
    lines.append(f'<p class="kicker">{_text(kicker)}</p>')
    lines.append(f"<h1>{_text(info.title or info.subject or 'Timeline')}</h1>")
    if info.description:
        lines.extend(f'<p class="dek">{part}</p>' for part in _paragraphs(info.description))
    sources = {source.url for event in events for source in event.sources}
    meta = [f"{len(timeline.members)} timelines"] if subjects else []
    meta.append(f"{len(events)} event{'s' if len(events) != 1 else ''}")
    covered = covered_text(timeline.events)
    if covered:
        meta.append(covered)
    meta.append(f"{len(sources)} source{'s' if len(sources) != 1 else ''} cited")
    if as_of is not None:
        meta.append(f"as known on {day_text(as_of)}")
    lines.append(f'<p class="meta">{escape(" · ".join(meta))}</p>')
    lines.append('<div class="legend">')
    lines.append('<ul class="legend-marks" aria-label="How dates are drawn">')
    lines.append('<li><span class="key point"></span>one day</li>')
    lines.append('<li><span class="key interval"></span>a span of days, drawn to its length</li>')
    lines.append(
        '<li><span class="key vague"></span>some time in a month, quarter or year: '
        "the day is not known</li>"
    )
    lines.append("</ul>")
    if subjects:
        lines.append('<ul class="legend-subjects" aria-label="Timelines">')
        lines.extend(
            f'<li class="subj-{subjects[member.key]}"><span class="swatch" aria-hidden="true">'
            f"</span>{_text(member.subject)}</li>"
            for member in timeline.members
        )
        lines.append("</ul>")
    categories = _counted([e.category for e in events if e.category])
    if categories:
        lines.append('<ul class="legend-categories" aria-label="Categories">')
        lines.extend(
            f'<li class="cat-{slots.get(key, 0)}"><span class="swatch" aria-hidden="true">'
            f"</span>{_text(name)}</li>"
            for key, name, _ in categories
        )
        lines.append("</ul>")
    lines.append("</div>")
    lines.append("</header>")
    return "\n".join(lines)


def _filters(
    timeline: Timeline, slots: dict[str, int], subjects: dict[str, int], *, as_of: date | None
) -> str:
    """The filter panel: hidden until the script runs, so a page without JS shows no dead UI."""
    events = timeline.events
    vocabulary = [_key(name) for name in timeline.info.vocabulary]
    order = {key: index for index, key in enumerate(vocabulary)}
    categories = sorted(
        _counted([e.category for e in events if e.category]),
        key=lambda item: order.get(item[0], len(order)),
    )
    tags = sorted(
        _counted([tag for e in events for tag in e.tags]),
        key=lambda item: (-item[2], item[0]),
    )
    lines = [
        '<section class="filters" id="filters" aria-label="Filter the timeline" hidden>',
        '<div class="search">',
        '<label for="filter-search">Search</label>',
        '<input type="search" id="filter-search" autocomplete="off" spellcheck="false" '
        'placeholder="Title, summary, actor or tag">',
        "</div>",
    ]
    if subjects:
        shown = _counted([event.timeline for event in events])
        counts = {key: count for key, _, count in shown}
        lines.append('<fieldset class="group"><legend>Timeline</legend><div class="chips">')
        lines.extend(
            _chip(
                "subject",
                member.key,
                member.subject,
                counts.get(member.key, 0),
                f"chip subj-{subjects[member.key]}",
                swatch=True,
            )
            for member in timeline.members
            if counts.get(member.key)
        )
        lines.append("</div></fieldset>")
    if categories:
        lines.append('<fieldset class="group"><legend>Category</legend><div class="chips">')
        lines.extend(
            _chip("category", key, name, count, f"chip cat-{slots.get(key, 0)}", swatch=True)
            for key, name, count in categories
        )
        lines.append("</div></fieldset>")
    if tags:
        lines.append('<fieldset class="group"><legend>Tag</legend>')
        lines.append(f'<div class="chips" id="tag-chips" data-first="{TAGS_FIRST}">')
        lines.extend(_chip("tag", key, name, count, "chip") for key, name, count in tags)
        if len(tags) > TAGS_FIRST:
            # The script shows the most used tags first and the rest on demand.
            lines.append(
                '<button type="button" class="more" id="tag-more" aria-expanded="false" '
                f'aria-controls="tag-chips" data-all="All {len(tags)} tags">'
                f"All {len(tags)} tags</button>"
            )
        lines.append("</div></fieldset>")
    lines.extend(_as_known_on(events, as_of))
    lines.extend(
        (
            '<div class="status">',
            f'<p id="filter-count" role="status">Showing all {_events_count(len(events))}</p>',
            '<button type="button" id="filter-clear" class="clear" disabled>Clear filters</button>',
            "</div>",
            "</section>",
        )
    )
    return "\n".join(lines)


def _as_known_on(events: tuple[Event, ...], as_of: date | None) -> Iterator[str]:
    """The "as known on" slider: one step per day on which a source of the page starts to count
    (nothing changes between two of them), and a last step for every event on the page (today,
    or the day the page was exported as known on). The script shows only the events and sources
    known on the chosen day, as `--as-of` does."""
    known = sorted(
        {
            day
            for event in events
            for source in event.sources
            if (day := source_known_from(source)) is not None
        }
    )
    if not known:
        return
    days = [day.isoformat() for day in known]
    end = day_text(as_of) if as_of is not None else "today"
    yield '<div class="asof">'
    yield '<label for="filter-asof">As known on</label>'
    yield '<div class="asof-row">'
    yield (
        f'<input type="range" id="filter-asof" min="0" max="{len(days)}" step="1" '
        f'value="{len(days)}" data-days="{_data_json(days)}" data-end="{end}" '
        f'aria-valuetext="{end}" aria-describedby="filter-asof-ends">'
    )
    yield f'<output id="filter-asof-day" for="filter-asof">{end}</output>'
    yield "</div>"
    first, last = day_text(known[0]), day_text(known[-1])
    yield (
        '<p class="asof-ends" id="filter-asof-ends">Replays the story as it was reported: each '
        f"step is a day a source became public, from {first} to {last}; the last step, {end}, "
        "shows every event.</p>"
    )
    yield "</div>"


def _events_count(number: int) -> str:
    return f"{number} event{'s' if number != 1 else ''}"


def _chip(kind: str, key: str, name: str, count: int, classes: str, *, swatch: bool = False) -> str:
    mark = '<span class="swatch" aria-hidden="true"></span>' if swatch else ""
    return (
        f'<button type="button" class="{classes}" aria-pressed="false" '
        f'data-filter="{kind}" data-value="{escape(key, quote=True)}">{mark}'
        f'<span class="name">{_text(name)}</span> '
        f'<span class="n">{count}<span class="vh"> {"event" if count == 1 else "events"}'
        "</span></span></button>"
    )


def _events(
    timeline: Timeline, slots: dict[str, int], subjects: dict[str, int], *, detail: bool
) -> str:
    events = timeline.events
    lines = ['<main class="timeline" id="timeline">']
    if not events:
        lines.append('<p class="empty">No events.</p>')
    titles = {event.ref: (event, event.title) for event in events}
    subject_names = {member.key: member.subject for member in timeline.members}
    heading: str | None = None
    for index, event in enumerate(events):
        if year_heading(group_year(event)) != heading:
            if heading is not None:
                lines.append("</ol>\n</section>")
            heading = year_heading(group_year(event))
            anchor = f"year-{heading.lower()}"
            lines.append(
                f'<section class="year" aria-labelledby="{anchor}">\n'
                f'<h2 id="{anchor}"><span>{heading}</span></h2>\n<ol class="events">'
            )
        following = events[index + 1] if index + 1 < len(events) else None
        subject = (
            (subjects[event.timeline], subject_names[event.timeline])
            if event.timeline in subjects
            else None
        )
        lines.append(_event(event, following, slots, titles, subject, detail=detail))
    if heading is not None:
        lines.append("</ol>\n</section>")
    lines.append(
        '<p class="empty" id="filter-empty" hidden>No events match these filters. '
        '<button type="button" class="clear" data-clear>Show all events</button></p>'
    )
    lines.append("</main>")
    return "\n".join(lines)


def _event(
    event: Event,
    following: Event | None,
    slots: dict[str, int],
    titles: dict[str, tuple[Event, str]],
    subject: tuple[int, str] | None,
    *,
    detail: bool,
) -> str:
    anchor = escape(_anchor(event), quote=True)
    markup, label, tip, marker = _date_parts(event.date)
    tags = _data_json([_key(tag) for tag in event.tags])
    category = escape(_key(event.category), quote=True) if event.category else ""
    of_subject = f' data-subject="{escape(event.timeline, quote=True)}"' if subject else ""
    known = event.known_from
    lines = [
        f'<li class="event" id="{anchor}" data-category="{category}" data-tags="{tags}"'
        f'{of_subject} data-date="{escape(event.date.canonical, quote=True)}" '
        f'data-known="{known.isoformat() if known else ""}">',
        f'<article class="{_category_class(event.category, slots)} {marker}" '
        f'aria-labelledby="{anchor}-title">',
    ]
    tip_attribute = f' title="{escape(tip, quote=True)}"' if tip else ""
    precision = f'<span class="precision">{escape(label)}</span>' if label else ""
    lines.append(f'<p class="when"{tip_attribute}>{markup}{precision}</p>')
    lines.append('<div class="mark" aria-hidden="true"></div>')
    lines.append('<div class="card">')
    if subject is not None:
        lines.append(
            f'<p class="subject subj-{subject[0]}"><span class="vh">Timeline: </span>'
            f"{_text(subject[1])}</p>"
        )
    if event.category:
        lines.append(
            '<p class="category"><span class="swatch" aria-hidden="true"></span>'
            f'<span class="vh">Category: </span>{_text(event.category)}</p>'
        )
    lines.append(f'<h3 class="title" id="{anchor}-title">{_text(event.title)}</h3>')
    if event.actors:
        actors = ", ".join(_text(actor) for actor in event.actors)
        lines.append(f'<p class="actors"><span class="vh">Actors: </span>{actors}</p>')
    if detail and event.summary:
        lines.append('<div class="summary">')
        lines.extend(f"<p>{part}</p>" for part in _paragraphs(event.summary))
        lines.append("</div>")
    if event.tags:
        lines.append('<ul class="tags" aria-label="Tags">')
        lines.extend(f"<li>{_text(tag)}</li>" for tag in event.tags)
        lines.append("</ul>")
    lines.extend(_related(event, titles))
    lines.extend(_sources(event))
    lines.append("</div>\n</article>")
    if following is not None:
        months = gap_months(event, following)
        if months:
            lines.append(f'<p class="gap">{months} months without events</p>')
    lines.append("</li>")
    return "\n".join(lines)


def _related(event: Event, titles: dict[str, tuple[Event, str]]) -> Iterator[str]:
    """Links to the events this one follows from, where they are on the page."""
    shown = [titles[ref] for ref in event.related_refs() if ref in titles]
    if not shown:
        return
    links = "; ".join(
        f'<a href="#{escape(_anchor(target), quote=True)}">{_text(title)}</a>'
        for target, title in shown
    )
    yield f'<p class="related"><span class="label">Follows from</span> {links}</p>'


def _sources(event: Event) -> Iterator[str]:
    sources = event.sources
    if not sources:
        yield '<p class="sources unsourced">No source cited.</p>'
        return
    heading = "Source" if len(sources) == 1 else "Sources"
    yield f'<div class="sources"><h4>{heading}</h4>'
    reported = first_reported_text(event)
    if reported is not None:
        yield f'<p class="reported">{escape(reported[0].upper() + reported[1:])}</p>'
    yield "<ul>"
    for source in sources:
        known = source_known_from(source)
        yield f'<li data-known="{known.isoformat() if known else ""}">{_source(source)}</li>'
    yield "</ul></div>"


def _source(source: Source) -> str:
    url = link_url(source.url)
    name = _text(source.title or source.publisher or source.url)
    if url is not None:
        cited = (
            f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">'
            f'<cite class="source-title">{name}</cite></a>'
        )
    else:
        cited = f'<cite class="source-title">{name}</cite>'
    about = []
    if source.publisher and source.title:
        about.append(_text(source.publisher))
    if source.published is not None:
        about.append(escape(source.published.display()))
    text = cited
    if about:
        text += f' <span class="source-meta">{", ".join(about)}</span>'
    if url is None:
        text += (
            f' <span class="not-a-link">(not a web address: <code>{_text(source.url)}</code>)'
            "</span>"
        )
    if source.archived is not None:
        copy = link_url(source.archived)
        text += (
            f' <a class="archived" href="{escape(copy, quote=True)}" rel="noopener noreferrer">'
            "archived</a>"
            if copy
            else f' <span class="not-a-link">(archived: <code>{_text(source.archived)}</code>)'
            "</span>"
        )
    return text


def _footer() -> str:
    return (
        '<footer class="colophon">\n'
        "<p>Dates keep the precision their sources support: an event known only to the month "
        "or quarter is drawn as a dashed span, never pinned to a day.</p>\n"
        f"<p>Made with ant-timeline {escape(__version__)}.</p>\n"
        "</footer>"
    )
