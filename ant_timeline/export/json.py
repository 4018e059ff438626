"""JSON: the versioned envelope of `show --json` (see the README's JSON section)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ant_timeline.dates import EventDate
    from ant_timeline.errors import Problem
    from ant_timeline.export import ExportOptions
    from ant_timeline.model import Event, Timeline

JSON_VERSION = 1


def date_fields(when: EventDate) -> dict[str, Any]:
    """`date`, `earliest`, `latest`, `precision`, `approximate`, `uncertain` of a date."""
    return {
        "date": when.canonical,
        "earliest": when.earliest.isoformat() if when.earliest else None,
        "latest": when.latest.isoformat() if when.latest else None,
        "precision": when.precision.value,
        "approximate": when.approximate,
        "uncertain": when.uncertain,
    }


def event_object(event: Event) -> dict[str, Any]:
    """One event as the JSON contract describes it (with its timeline's key, when several
    timelines are loaded together)."""
    keyed = {"timeline": event.timeline} if event.timeline else {}
    reported = event.first_reported
    return {
        "id": event.id,
        **keyed,
        **date_fields(event.date),
        "title": event.title,
        "summary": event.summary,
        "category": event.category,
        "actors": list(event.actors),
        "tags": list(event.tags),
        "sources": [
            {
                "title": source.title,
                "publisher": source.publisher,
                "url": source.url,
                "published": source.published.canonical if source.published else None,
                "archived": source.archived,
            }
            for source in event.sources
        ],
        "related": list(event.related),
        # When the event became public: derived from the sources (see `Event.first_report`).
        "first_reported": reported.canonical if reported is not None else None,
    }


def envelope(timeline: Timeline) -> dict[str, Any]:
    """`{"version": 1, "timeline": {...}, "events": [...]}`."""
    info = timeline.info
    timelines = {"timelines": timelines_list(timeline)} if timeline.members else {}
    return {
        "version": JSON_VERSION,
        "timeline": {
            "title": info.title,
            "subject": info.subject,
            "description": info.description,
            "categories": list(info.vocabulary),
        },
        **timelines,
        "events": [event_object(event) for event in timeline.events],
    }


def timelines_list(timeline: Timeline) -> list[dict[str, Any]]:
    """`[{"key", "title", "subject", "file"}]`: the timelines loaded together."""
    return [
        {
            "key": member.key,
            "title": member.info.title,
            "subject": member.info.subject,
            "file": member.path,
        }
        for member in timeline.members
    ]


def problems_envelope(problems: Iterable[Problem]) -> dict[str, Any]:
    """`{"version": 1, "problems": [...]}`, as `check --json` prints it."""
    return {
        "version": JSON_VERSION,
        "problems": [
            {
                "file": problem.path,
                "line": problem.line,
                "column": problem.column,
                "event": problem.event,
                "field": problem.field,
                "code": problem.code,
                "severity": problem.severity,
                "message": problem.message,
            }
            for problem in problems
        ],
    }


def dumps(document: dict[str, Any]) -> str:
    """JSON text as every `--json` prints it: UTF-8, indented, newline-terminated."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render(timeline: Timeline, options: ExportOptions) -> str:
    """The timeline as the `show --json` envelope."""
    del options  # JSON always carries everything
    return dumps(envelope(timeline))
