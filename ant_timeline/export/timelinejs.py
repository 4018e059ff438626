"""TimelineJS3 JSON for newsroom timelines (Knight Lab's TimelineJS): a title slide and events.

Dates keep their precision: a start date object stops at the field the data has
(`{"year": 2021}` for a year, plus `month` for a month, plus `day` for a day). TimelineJS reads
a date without a day as the start of its month or year, so an end date is the last day of its
span: `2022-Q3` runs from July (`start_date`) to 30 September 2022 (`end_date`), `2021-H2` to
31 December, an interval ending `2023-05` to 31 May. `display_date` always carries our text
(`Q3 2022`, `c. 2021`), so the reader never sees a day the data does not have. An interval runs
from its start to its end; an open end is left out (an open start uses the known end as the
start).

Text is HTML, and each field is escaped for what TimelineJS 3.9 does with it (measured in
Chromium by tests/test_consumers_browser.py):

- `headline` and `text` go through DOMPurify, which parses and re-serialises them, and are then
  written as HTML: HTML-escaped once, they show as written. Only http(s) sources become links
  (`target="_blank" rel="noopener"`); TimelineJS's own autolinking is switched off.
- `group` and `display_date` are decoded to plain text (a DOMParser's `textContent`, which turns
  `&lt;b&gt;` into `<b>`) and that text is then written as HTML (`innerHTML`), so text escaped
  once would become markup and could run script. They are escaped twice: the decoding leaves
  escaped HTML, which shows the category or date exactly as written.
- No `media` is written (TimelineJS reads a media address that holds `iframe` or an embed's
  `<blockquote>` as HTML to insert).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from ant_timeline.dates import PartialDate, Precision
from ant_timeline.export.common import heading, one_line, paragraphs, source_label
from ant_timeline.export.json import dumps
from ant_timeline.text import link_url

if TYPE_CHECKING:
    from ant_timeline.export import ExportOptions
    from ant_timeline.model import Event, Source, Timeline


def date_object(when: PartialDate, *, last: bool = False) -> dict[str, int]:
    """A TimelineJS date with the fields the precision has; `last` makes it the span's last day.

    TimelineJS reads a date without a day as the first day of its month (or January), so an
    end that stopped at its month would end the span where that month begins.
    """
    if last and when.precision is not Precision.DAY:
        end = when.latest
        return {"year": end.year, "month": end.month, "day": end.day}
    fields = {"year": when.year}
    if when.precision in (Precision.DAY, Precision.MONTH):
        fields["month"] = when.part
    elif when.precision in (Precision.QUARTER, Precision.HALF):
        fields["month"] = when.earliest.month
    if when.precision is Precision.DAY:
        fields["day"] = when.day
    return fields


def dates(event: Event) -> dict[str, Any]:
    """`start_date`, `end_date` (when the span has one) and `display_date`."""
    when = event.date
    start, end = when.start, when.end
    if (
        not when.interval
        and start is not None
        and start.precision
        in (
            Precision.QUARTER,
            Precision.HALF,
        )
    ):
        end = start  # a quarter or half runs from its first month to its last
    if start is None:  # an open start: the known end is all there is to place it
        start, end = end, None
    if start is None:  # pragma: no cover - the grammar needs one end
        raise ValueError(f"{event.id}: a date without any end")
    fields: dict[str, Any] = {"start_date": date_object(start)}
    if end is not None:
        fields["end_date"] = date_object(end, last=True)
    fields["display_date"] = decoded_html_text(when.display())
    return fields


def html_text(value: str) -> str:
    """Text from the data as HTML text (one line, controls visible, markup escaped)."""
    return escape(one_line(value), quote=False)


def decoded_html_text(value: str) -> str:
    """Text for a field TimelineJS decodes to text and then writes as HTML: escaped twice."""
    return escape(html_text(value), quote=False)


def source_html(source: Source) -> str:
    """A source as a link labelled `Publisher, date` (or as text when not http(s))."""
    label = html_text(source_label(source))
    title = html_text(source.title) if source.title and source.publisher else ""
    target = link_url(source.url)
    if target is None:
        text = f"{label} ({html_text(source.url)})" if source.publisher or source.title else label
    else:
        href = escape(target, quote=True)
        text = f'<a href="{href}" target="_blank" rel="noopener">{label}</a>'
    text = f"{text}: {title}" if title else text
    if source.archived is not None:
        copy = link_url(source.archived)
        text += (
            f' (<a href="{escape(copy, quote=True)}" target="_blank" rel="noopener">archived</a>)'
            if copy
            else f" (archived: {html_text(source.archived)})"
        )
    return text


def body(event: Event, *, detail: bool) -> str:
    """The slide's HTML text: summary, actors and sources."""
    parts: list[str] = []
    if detail and event.summary:
        parts.extend(
            f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs(event.summary)
        )
    if event.actors:
        actors = ", ".join(html_text(actor) for actor in event.actors)
        parts.append(f"<p>{actors}</p>")
    if event.sources:
        items = "".join(f"<li>{source_html(source)}</li>" for source in event.sources)
        parts.append(f"<p>Sources:</p><ul>{items}</ul>")
    return "".join(parts)


def slide(event: Event, *, detail: bool, group: str | None = None) -> dict[str, Any]:
    """One event as a TimelineJS slide; its group is `group`, else its category."""
    fields = dates(event)
    fields["text"] = {"headline": html_text(event.title), "text": body(event, detail=detail)}
    group = group or event.category
    if group:
        fields["group"] = decoded_html_text(group)
    # Ids are unique within a timeline; with several, `KEY--ID` (both kebab-case, so the
    # double hyphen cannot occur in either) keeps them unique and fit for an HTML id.
    fields["unique_id"] = f"{event.timeline}--{event.id}" if event.timeline else event.id
    fields["autolink"] = False
    return fields


def document(timeline: Timeline, *, detail: bool) -> dict[str, Any]:
    """The whole TimelineJS3 data object."""
    info = timeline.info
    intro: list[str] = []
    if info.subject and info.subject != info.title:
        intro.append(f"<p>{html_text(info.subject)}</p>")
    if detail and info.description:
        intro.extend(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs(info.description))
    return {
        "title": {
            "text": {"headline": escape(heading(timeline), quote=False), "text": "".join(intro)},
            "autolink": False,
        },
        # Several timelines: each is a group (a row of its own), so the subjects stand apart.
        "events": [
            slide(
                event, detail=detail, group=timeline.subject_of(event) if timeline.several else None
            )
            for event in timeline.events
        ],
    }


def render(timeline: Timeline, options: ExportOptions) -> str:
    """The timeline as TimelineJS3 JSON."""
    return dumps(document(timeline, detail=options.detail))
