"""The `links` and `archive` reports: each link's status, grouped by event on a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style

from ant_timeline.dates import MONTH_ABBR
from ant_timeline.render.console import Line
from ant_timeline.render.layout import ARROW, event_date_text, pad
from ant_timeline.text import inert, is_web_url

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ant_timeline.links import LinkCheck, LinkReport
    from ant_timeline.links.wayback import Found
    from ant_timeline.model import Event


LINK_STYLES = {"ok": "green", "moved": "yellow", "dead": "bold red", "failing": "magenta"}


def _link_detail(result: LinkCheck) -> str:
    if result.status == "moved" and result.location:
        return f"{ARROW} {inert(result.location)} ({inert(result.reason)})"
    return inert(result.reason)


def link_lines(report: LinkReport, *, grouped: bool, width: int | None = None) -> Iterator[Line]:
    """The `links` layout. Grouped (a terminal): each event's date and title, then a line per
    link with its status; the summary last. Not grouped (a pipe): one tab-separated line per
    link: status, event id, which link (`source 2`, `source 2 archived`), address, detail."""
    if not grouped:
        for link, result in report.rows:
            yield [
                (
                    "\t".join(
                        (
                            result.status.value,
                            inert(link.event.ref),
                            link.label,
                            inert(link.url),
                            inert(result.location or "")
                            if result.status == "moved"
                            else inert(result.reason),
                        )
                    ),
                    "",
                )
            ]
        return
    label_width = max((len(link.label) for link, _ in report.rows), default=0)
    previous: Event | None = None
    for link, result in report.rows:
        if link.event is not previous:
            if previous is not None:
                yield []
            yield [
                (event_date_text(link.event), "bold"),
                ("  ", ""),
                (inert(link.event.title), ""),
                (f"  [{inert(link.event.ref)}]", "dim"),
            ]
            previous = link.event
        style = LINK_STYLES.get(result.status.value, "")
        url = inert(link.url)
        line: Line = [
            ("  ", ""),
            (pad(result.status.value, 9), style),
            (pad(link.label, label_width), "dim"),
            ("  ", ""),
            (url, Style(link=url) if is_web_url(link.url) else ""),
        ]
        if result.status != "ok":
            line += [("  ", ""), (_link_detail(result), style)]
        if result.cached:
            line.append(("  (cached)", "dim"))
        yield line
    if report.rows:
        yield []
    yield _links_summary(report)


def _links_summary(report: LinkReport) -> Line:
    cached = sum(1 for _, result in report.rows if result.cached)
    text = report.summary + (f"; {cached} from the cache" if cached else "")
    return [(text, "bold red" if report.dead else "bold")]


def links_summary(report: LinkReport) -> str:
    """The summary line on its own (on stderr when the links themselves go to a pipe)."""
    return "".join(span[0] for span in _links_summary(report))


def archive_lines(found: Iterable[Found], *, save: bool) -> Iterator[str]:
    """What `archive` learned about each source, one line each (for stderr)."""
    for item in found:
        what = f"{item.wanted.event} source {item.wanted.source + 1}"
        url = inert(item.wanted.url)
        if item.snapshot is not None:
            day = item.snapshot.day
            taken = f"{day.day} {MONTH_ABBR[day.month - 1]} {day.year}" if day else "undated"
            how = "saved now" if item.saved else f"copy of {taken}"
            yield f"{what}: {how}: {inert(item.snapshot.url)}"
        elif item.problem is not None:
            yield f"{what}: {inert(item.problem)} ({url})"
        elif item.asked:
            yield (
                f"{what}: asked the archive to save {url}; it has no copy to record yet: "
                "run `ant-timeline archive` again later"
            )
        else:
            hint = "" if save else " (`--save` asks the archive to take one)"
            yield f"{what}: the archive has no copy of {url}{hint}"
