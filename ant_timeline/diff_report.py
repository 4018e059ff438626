"""A `TimelineDiff` as data for other programs (`diff --json`) and as a pull-request changelog.

Pure text in, text out: nothing here prints, reads files or imports Rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ant_timeline.diff import (
    DateChange,
    SetChange,
    SourcesChange,
    TextChange,
    source_differences,
)
from ant_timeline.export.json import JSON_VERSION, event_object
from ant_timeline.export.markdown import code, escape, link
from ant_timeline.text import link_url

if TYPE_CHECKING:
    from ant_timeline.diff import EventChange, FieldChange, TimelineDiff
    from ant_timeline.model import Event, Source

ARROW = "→"


# ---------------------------------------------------------------------------------------------
# JSON


def envelope(result: TimelineDiff) -> dict[str, Any]:
    """`{"version": 1, "added": [EVENT], "removed": [EVENT], "changed": [...]}`."""
    return {
        "version": JSON_VERSION,
        "added": [event_object(event) for event in result.added],
        "removed": [event_object(event) for event in result.removed],
        "changed": [
            {
                "id": change.id,
                **({"timeline": change.new.timeline} if change.new.timeline else {}),
                "old_id": change.old_id,
                "changes": [_change_object(field) for field in change.changes],
            }
            for change in result.changed
        ],
    }


def _change_object(change: FieldChange) -> dict[str, Any]:
    if isinstance(change, DateChange):
        return {
            "field": "date",
            "old": change.old.canonical,
            "new": change.new.canonical,
            "kind": change.kind.value,
        }
    if isinstance(change, SourcesChange):
        return {
            "field": "sources",
            "old": [_source_object(source) for source in change.old],
            "new": [_source_object(source) for source in change.new],
        }
    if isinstance(change, SetChange):
        return {"field": change.field, "old": list(change.old), "new": list(change.new)}
    return {"field": change.field, "old": change.old, "new": change.new}


def _source_object(source: Source) -> dict[str, Any]:
    return {
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "published": source.published.canonical if source.published else None,
        "archived": source.archived,
    }


# ---------------------------------------------------------------------------------------------
# Markdown


def markdown_text(text: str) -> str:
    """Text from the data made literal in Markdown, as the Markdown export writes it."""
    return escape(text)


def markdown_code(text: str) -> str:
    """An inline code span that holds `text` literally."""
    return code(text)


def _link(label: str, url: str) -> str:
    target = link_url(url)
    if target is None:
        return f"{label} ({code(url)})" if label else code(url)
    return link(label or escape(url, in_link=True), target)


def to_markdown(result: TimelineDiff, *, stat: bool = False) -> str:
    """The diff as a Markdown changelog to paste into a pull request."""
    lines = ["## Timeline changes", ""]
    lines.append(
        f"{markdown_code(result.old_label)} {ARROW} {markdown_code(result.new_label)}: "
        f"{result.summary}"
    )
    per_timeline = result.by_timeline()
    if per_timeline:
        lines.append("")
        lines += [f"- {markdown_code(key)}: {counts}" for key, counts in per_timeline]
    if stat or not result:
        return "\n".join(lines) + "\n"
    entries = result.entries()
    for heading, kind in (
        ("Added", "added"),
        ("Removed", "removed"),
        ("Changed", "changed"),
        ("Renamed", "renamed"),
    ):
        chosen = [entry for entry in entries if entry.kind == kind]
        if not chosen:
            continue
        lines += ["", f"### {heading}", ""]
        for entry in chosen:
            if entry.change is None:
                lines.append(_event_item(entry.event))
            else:
                lines += _change_items(entry.change)
    return "\n".join(lines) + "\n"


def _event_item(event: Event, *, renamed_from: str | None = None) -> str:
    ids = markdown_code(event.ref)
    if renamed_from is not None:
        ids = f"{markdown_code(renamed_from)} {ARROW} {ids}"
    return f"- **{markdown_text(event.date.display())}** · {markdown_text(event.title)} ({ids})"


def _change_items(change: EventChange) -> list[str]:
    items = [_event_item(change.new, renamed_from=change.old_ref)]
    for field in change.changes:
        items += [f"  {line}" for line in _field_items(field)]
    return items


def _maybe(value: str | None) -> str:
    return markdown_text(value) if value is not None else "*(none)*"


def _field_items(change: FieldChange) -> list[str]:
    if isinstance(change, DateChange):
        return [
            f"- date: {markdown_text(change.old.display())} {ARROW} "
            f"{markdown_text(change.new.display())} ({change.kind.value})"
        ]
    if isinstance(change, TextChange):
        if change.field == "summary":
            return [
                "- summary:",
                f"  - before: {_maybe(change.old)}",
                f"  - after: {_maybe(change.new)}",
            ]
        return [f"- {change.field}: {_maybe(change.old)} {ARROW} {_maybe(change.new)}"]
    if isinstance(change, SetChange):
        parts = []
        if change.added:
            parts.append("added " + ", ".join(markdown_text(value) for value in change.added))
        if change.removed:
            parts.append("removed " + ", ".join(markdown_text(value) for value in change.removed))
        return [f"- {change.field}: {'; '.join(parts)}"]
    items = [f"- source added: {_source_text(source)}" for source in change.added]
    items += [f"- source removed: {_source_text(source)}" for source in change.removed]
    for before, after in change.changed:
        items.append(f"- source updated: {_source_text(after)}")
        items += [
            f"  - {field.field}: {_maybe(field.old)} {ARROW} {_maybe(field.new)}"
            for field in source_differences(before, after)
        ]
    return items


def _source_text(source: Source) -> str:
    about = []
    if source.publisher:
        about.append(markdown_text(source.publisher))
    if source.published:
        about.append(markdown_text(source.published.display()))
    link = _link(markdown_text(source.title) if source.title else "", source.url)
    return f"{link} ({', '.join(about)})" if about else link
