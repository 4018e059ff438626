"""The parse cache: a parsed events file kept on disk, so an unchanged file is not parsed again.

A parsed file is kept as plain tuples (marshal: the fastest stdlib format to read back) under
the user's cache folder, one file per events file. Reading it back skips YAML (and importing
ruamel) entirely. It is never trusted over the file: the key includes the content's hash, so
the file is read and hashed every time; a missing, stale, corrupt or unreadable cache entry
just means parsing again. Entries are written atomically (temporary file, rename), so
concurrent runs never see half an entry.
"""

from __future__ import annotations

import os
import sys
from array import array
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ant_timeline import dates
from ant_timeline.errors import Problem
from ant_timeline.model import (
    KEY_NAMES,
    Event,
    PackedPositions,
    Source,
    Timeline,
    TimelineInfo,
    key_id,
)
from ant_timeline.store.files import read_regular, write_cache
from ant_timeline.store.schema import UNKNOWN_DATE, LoadReport, gc_pause, gc_resume

CACHE_FORMAT = 6  # 5: sources have `archived`; 6: dates kept as their fields
# An entry is at most this many bytes per character of its events file (about 4 at worst, for
# files of many tiny events), plus room for the key names the process has seen: anything
# larger is not an entry we wrote, and is not read.
MAX_ENTRY_RATIO = 16
ENTRY_SLACK = 64 * 2**20
CACHE_ENV = "ANT_TIMELINE_CACHE_DIR"
NO_CACHE_ENV = "ANT_TIMELINE_NO_CACHE"


def cache_dir() -> Path:
    """`$ANT_TIMELINE_CACHE_DIR`, else the platform's user cache folder + `ant-timeline`."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":  # pragma: no cover - documented, not run here
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "ant-timeline" / "Cache"
    if sys.platform == "darwin":  # pragma: no cover
        return Path.home() / "Library" / "Caches" / "ant-timeline"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "ant-timeline"


def _blake2b(data: bytes, digest_size: int) -> Any:
    # `hashlib` loads OpenSSL (~5 ms) on import; BLAKE2 is built into CPython on its own.
    try:
        from _blake2 import blake2b  # noqa: PLC0415
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import blake2b  # noqa: PLC0415
    return blake2b(data, digest_size=digest_size)


def key_of(data: bytes, status: os.stat_result) -> tuple[object, ...]:
    """What an entry must match to stand for these bytes: format, version, size, time, hash."""
    from ant_timeline import __version__  # noqa: PLC0415

    digest = _blake2b(data, digest_size=20).hexdigest()
    return (CACHE_FORMAT, __version__, status.st_size, status.st_mtime_ns, digest)


def entry_path(path: Path) -> Path:
    """The cache file for an events file (named by a hash of its real path)."""
    name = _blake2b(os.fsencode(os.path.realpath(path)), digest_size=16).hexdigest()
    return cache_dir() / f"{name}.timeline"


def load(
    path: Path, key: tuple[object, ...], text: str, label: str, *, timeline: str = ""
) -> LoadReport | None:
    """The report cached for `path` under `key`, or None (missing, stale or unreadable);
    its events carry the key `timeline` (the cache itself holds none)."""
    import marshal  # noqa: PLC0415

    try:
        payload = read_regular(entry_path(path), len(text) * MAX_ENTRY_RATIO + ENTRY_SLACK)
        if payload is None:
            return None
        stored = marshal.loads(payload)  # noqa: S302 - our own file
        if stored[0] != key:
            return None
        enabled = gc_pause()
        try:
            return _decode_report(stored[1], text, label, timeline)
        finally:
            gc_resume(enabled)
    except Exception:
        return None


def save(path: Path, key: tuple[object, ...], report: LoadReport) -> None:
    """Keep `report` for `path` under `key`; a cache that cannot be written is skipped."""
    import marshal  # noqa: PLC0415

    entry: Any = (key, _encode_report(report))
    try:
        payload = marshal.dumps(entry)
    except ValueError:
        return  # not something marshal can keep: only a slower next run
    write_cache(entry_path(path), payload)


def _encode_date(when: dates.EventDate | None) -> str | None:
    return when.canonical if when is not None else None


def _packed(positions: Mapping[str, tuple[int, int]]) -> bytes:
    if isinstance(positions, PackedPositions):
        return positions.packed
    return PackedPositions.pack(positions).packed


def _encode_events(events: Iterable[Event]) -> tuple[object, ...]:
    return tuple(
        (
            e.id,
            None if e.date is UNKNOWN_DATE else e.date.canonical,
            e.title,
            e.summary,
            e.category,
            e.actors,
            e.tags,
            tuple(
                (s.url, s.title, s.publisher, _encode_date(s.published), s.archived)
                for s in e.sources
            ),
            e.related,
            _packed(e.positions),
        )
        for e in events
    )


def _encode_report(report: LoadReport) -> tuple[object, ...]:
    info = report.timeline.info
    problems = tuple(
        (p.line, p.column, p.code, p.message, p.severity, p.event, p.field, p.count)
        for p in report.problems
    )
    return (
        (info.title, info.subject, info.description, info.categories),
        _encode_events(report.timeline.events),
        problems,
        tuple(report.file_order),
        (
            report.events_style,
            report.events_position,
            report.events_key_column,
            report.events_key_line,
        ),
        tuple(KEY_NAMES),  # what the key numbers in the packed positions mean
        _encode_events(report.partial),
        report.event_count,
        _date_table(report),
    )


def _date_table(report: LoadReport) -> dict[str, tuple[object, ...]]:
    """Every distinct date of the file, by its text, as the fields that make it: reading them
    back costs a third of parsing the text again."""
    table: dict[str, tuple[object, ...]] = {}
    for event in (*report.timeline.events, *report.partial):
        for when in (event.date, *(source.published for source in event.sources)):
            if when is not None and when is not UNKNOWN_DATE:
                canonical = when.canonical
                if canonical not in table:
                    table[canonical] = _date_fields(when)
    return table


def _part_fields(part: dates.PartialDate | None) -> tuple[object, ...] | None:
    if part is None:
        return None
    return (part.precision.value, part.year, part.part, part.day, part.approximate, part.uncertain)


def _date_fields(when: dates.EventDate) -> tuple[object, ...]:
    return (
        _part_fields(when.start),
        _part_fields(when.end),
        when.interval,
        when.earliest.toordinal() if when.earliest else 0,
        when.latest.toordinal() if when.latest else 0,
    )


_PRECISIONS = {precision.value: precision for precision in dates.Precision}


def _date_of(fields: tuple[Any, ...]) -> dates.EventDate:
    start, end, interval, earliest, latest = fields

    def part(values: tuple[Any, ...] | None) -> dates.PartialDate | None:
        if values is None:
            return None
        precision, *rest = values
        return dates.PartialDate(_PRECISIONS[precision], *rest)

    return dates.EventDate(
        part(start),
        part(end),
        interval,
        date.fromordinal(earliest) if earliest else None,
        date.fromordinal(latest) if latest else None,
    )


# Dates read back, by their text, for the whole process: dates are values, and timelines read
# together share many.
_DATES: dict[str, dates.EventDate] = {}


def _decode_report(
    payload: tuple[Any, ...], text: str, label: str, timeline: str = ""
) -> LoadReport:
    (title, subject, description, categories), rows, problems, order, layout, names = payload[:6]
    partial_rows, event_count, table = payload[6:]
    known: dict[str, dates.EventDate] = {}
    for canonical, fields in table.items():
        value = _DATES.get(canonical)
        if value is None:
            value = _DATES[canonical] = _date_of(fields)
        known[canonical] = value
    same_numbers = list(names) == KEY_NAMES[: len(names)]

    def positions_of(packed: bytes) -> PackedPositions:
        if same_numbers:
            return PackedPositions(packed)
        numbers = array("I")
        numbers.frombytes(packed)
        return PackedPositions(
            array(
                "I",
                [key_id(names[n]) if i % 3 == 0 else n for i, n in enumerate(numbers)],
            ).tobytes()
        )

    def when(canonical: str | None) -> dates.EventDate:
        if canonical is None:
            return UNKNOWN_DATE
        parsed = known.get(canonical)
        if parsed is None:
            parsed = known[canonical] = dates.parse(canonical)
        return parsed

    def events_of(stored: tuple[Any, ...]) -> tuple[Event, ...]:
        return tuple(
            Event(
                id=event_id,
                date=when(date_text),
                title=event_title,
                summary=summary,
                category=category,
                actors=actors,
                tags=tags,
                sources=tuple(
                    Source(
                        url, source_title, publisher, when(published) if published else None, copy
                    )
                    for url, source_title, publisher, published, copy in sources
                ),
                related=related,
                positions=positions_of(positions),
                timeline=timeline,
            )
            for (
                event_id,
                date_text,
                event_title,
                summary,
                category,
                actors,
                tags,
                sources,
                related,
                positions,
            ) in stored
        )

    info = TimelineInfo(title, subject, description, categories)
    style, position, key_column, key_line = layout
    return LoadReport(
        Timeline(info, events_of(rows), label),  # stored in display order already
        [Problem(label, *problem) for problem in problems],
        text,
        list(order),
        style,
        position,
        key_column,
        key_line,
        list(events_of(partial_rows)),
        event_count,
    )
