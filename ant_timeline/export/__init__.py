"""Exporters: each format declares a name, a file extension and a function Timeline -> text.

The registry names the module that implements each format, so listing formats (for `--help`)
imports none of them; `get(name).render(...)` imports just the one asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from ant_timeline.model import Timeline


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Choices every exporter may honour."""

    detail: bool = True  # include summaries
    # The day the timeline is shown as known on (`--as-of`): it holds only what was public then,
    # and a format with a header says so.
    as_of: date | None = None


# An exporter's entry point: the timeline (already filtered) and the options -> the text.
Render = Callable[["Timeline", ExportOptions], str]


@dataclass(frozen=True, slots=True)
class Exporter:
    """One output format."""

    name: str
    extension: str
    description: str
    module: str

    def render(self, timeline: Timeline, options: ExportOptions | None = None) -> str:
        """The timeline in this format."""
        render: Render = import_module(self.module).render
        return render(timeline, options or ExportOptions())


REGISTRY: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter(
            "json",
            ".json",
            "the `show --json` envelope, for other programs",
            "ant_timeline.export.json",
        ),
        # -- formats for articles, spreadsheets, calendars, diagrams and newsrooms --
        Exporter(
            "markdown",
            ".md",
            "CommonMark for articles and briefings, sources as links",
            "ant_timeline.export.markdown",
        ),
        Exporter(
            "csv",
            ".csv",
            "a row per event for spreadsheets (UTF-8, formula-safe)",
            "ant_timeline.export.csv",
        ),
        Exporter(
            "ics",
            ".ics",
            "iCalendar all-day events; importing again updates them",
            "ant_timeline.export.ics",
        ),
        Exporter(
            "mermaid",
            ".mmd",
            "a Mermaid `timeline` diagram, a section per year",
            "ant_timeline.export.mermaid",
        ),
        Exporter(
            "timelinejs",
            ".json",
            "TimelineJS3 JSON for an interactive newsroom timeline",
            "ant_timeline.export.timelinejs",
        ),
        #
        # -- the HTML page --
        Exporter(
            "html",
            ".html",
            "one self-contained page to publish: a visual timeline readers can filter",
            "ant_timeline.export.html",
        ),
    )
}


def names() -> list[str]:
    """Every format name, in registry order."""
    return list(REGISTRY)


def get(name: str) -> Exporter:
    """The exporter called `name` (KeyError if none)."""
    return REGISTRY[name]
