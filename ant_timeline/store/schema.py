"""The events file's schema: libyaml's event stream -> a `Timeline` with the place of every value.

`parse_text` never raises for what is wrong inside a valid YAML document: every schema problem
(an unknown key, a wrong type, an invalid date, a duplicate id) is collected with its line and
column in a `LoadReport`, so `check` can list them all. YAML syntax errors do raise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import TYPE_CHECKING

from ant_timeline import dates
from ant_timeline.errors import DateError, Problem
from ant_timeline.model import (
    EVENT_KEYS,
    LIST_FIELDS,
    SOURCE_KEYS,
    Event,
    PackedPositions,
    Source,
    Timeline,
    TimelineInfo,
)

if TYPE_CHECKING:
    from ant_timeline.yamlstream import Node, StreamReader

# The date of an event whose date did not load; such events never reach a Timeline.
UNKNOWN_DATE = dates.EventDate(None, None, True, None, None)
SUPPORTED_VERSION = 1

TOP_KEYS = ("version", "timeline", "events")
TIMELINE_KEYS = ("title", "subject", "description", "categories")


@dataclass(slots=True)
class LoadReport:
    """Everything reading a file found: the timeline (possibly partial) and its problems."""

    timeline: Timeline
    problems: list[Problem]
    text: str = ""
    file_order: list[str] = field(default_factory=list)
    # Where the `events:` list is, for edits: "block", "flow", "null" or "missing"; the
    # position of its value (of the key when null), and the key's 0-based column.
    events_style: str = "missing"
    events_position: tuple[int, int] = (0, 0)
    events_key_column: int = 0
    events_key_line: int = 0
    # Events that did not load (an invalid date, a missing title, a repeated id), with what could
    # be read of them, and how many items the events list has in all.
    partial: list[Event] = field(default_factory=list)
    event_count: int = 0

    @property
    def ok(self) -> bool:
        """True when the file loaded without errors."""
        return not any(p.severity == "error" for p in self.problems)


Progress = Callable[[int, int], None]  # (lines read, lines in all)
PROGRESS_EVERY = 2000  # events between two progress reports


def parse_text(
    text: str, path: str, progress: Progress | None = None, *, timeline: str = ""
) -> LoadReport:
    """Build a timeline from YAML text; schema problems are collected, syntax errors raise.

    `progress`, if given, is called now and then with the lines read so far and in all;
    `timeline` is the key the events carry when the file is read with others.
    """
    from ant_timeline.yamlstream import StreamReader, is_yaml_error  # noqa: PLC0415 - ruamel

    problems: list[Problem] = []
    reader = StreamReader(text, path, problems)
    builder = _Builder(reader, path)
    builder.timeline = timeline
    if progress is not None:
        total = text.count("\n") + 1
        builder.progress = lambda line: progress(line, total)
    gc_was_enabled = gc_pause()
    try:
        builder.read_document()
    except Exception as error:
        if is_yaml_error(error):
            raise reader.translate_errors(error) from None
        raise
    finally:
        gc_resume(gc_was_enabled)
    unlisted = reader.unlisted_problem()
    if unlisted is not None:
        problems.append(unlisted)
    built = Timeline.of(builder.info, builder.events, path)
    return LoadReport(
        built,
        problems,
        text,
        builder.file_order,
        builder.events_style,
        builder.events_position,
        builder.events_key_column,
        builder.events_key_line,
        builder.partial,
        builder.event_count,
    )


def gc_pause() -> bool:
    # Loading allocates many small objects and frees none; the cyclic collector only slows it.
    import gc  # noqa: PLC0415

    enabled = gc.isenabled()
    gc.disable()
    return enabled


def gc_resume(enabled: bool) -> None:
    import gc  # noqa: PLC0415

    if enabled:
        gc.enable()


class _Builder:
    """Walks the document: header values composed whole, events one at a time."""

    def __init__(self, reader: StreamReader, path: str) -> None:
        self.reader = reader
        self.path = path
        self.timeline = ""  # the key of the file's timeline, when read with others
        self.info = TimelineInfo()
        self.events: list[Event] = []
        self.partial: list[Event] = []  # events with load errors, kept for `check`
        self.event_count = 0  # items in the events list, loadable or not
        self.file_order: list[str] = []
        self._ids: dict[str, tuple[int, int]] = {}
        self._intern: dict[str, str] = {}
        self._dates: dict[str, dates.EventDate] = {}  # one object per distinct date text
        self.events_style = "missing"
        self.events_position = (0, 0)
        self.events_key_column = 0
        self.events_key_line = 0
        self.progress: Callable[[int], None] | None = None

    # -- problems -----------------------------------------------------------------------------

    def problem(
        self,
        node: Node | tuple[int, int],
        code: str,
        message: str,
        *,
        event: str | None = None,
        field_name: str | None = None,
    ) -> None:
        line, column = node if isinstance(node, tuple) else node.position
        self.reader.problem(line, column, code, message, event=event, field=field_name)

    def unknown_key(self, key: Node, known: tuple[str, ...], where: str, event: str | None) -> None:
        guess = get_close_matches(str(key.value), known, n=1, cutoff=0.6)
        hint = f"; did you mean {guess[0]!r}?" if guess else f"; known keys: {', '.join(known)}"
        self.problem(
            key,
            "unknown-key",
            f"unknown key {key.value!r} in {where}{hint}",
            event=event,
            field_name=str(key.value),
        )

    # -- the document -------------------------------------------------------------------------

    def read_document(self) -> None:
        reader = self.reader
        if not reader.document_start():
            self.problem(
                (1, 1), "empty-file", "the file is empty; start one with `ant-timeline init`"
            )
            return
        if not reader.at("MappingStartEvent"):
            node = reader.compose()
            if node.is_null:
                self.problem(
                    node,
                    "empty-file",
                    "the file has no content; start one with `ant-timeline init`",
                )
            else:
                kind = {"seq": "a list", "scalar": "a single value"}.get(node.kind, node.kind)
                self.problem(
                    node,
                    "not-a-timeline",
                    f"the top level is {kind}; an events file is a mapping with "
                    "'version', 'timeline' and 'events'",
                )
            reader.document_end()
            return
        start = reader.take()
        reader.check_node_event(start)
        seen: dict[str, Node] = {}
        while not reader.at("MappingEndEvent"):
            key = reader.key(1)
            if key is None:
                reader.compose(1)
                continue
            name = str(key.value)
            if name in seen:
                first = seen[name]
                self.problem(
                    key,
                    "duplicate-key",
                    f"duplicate key {name!r} (first at line {first.line}, column {first.column})",
                    field_name=name,
                )
                reader.compose(1)
                continue
            seen[name] = key
            if name == "events":
                self.events_key_column = key.column - 1
                self.events_key_line = key.line
                self.events_position = key.position
                self.events_style = "null"
            if name == "events" and reader.at("SequenceStartEvent"):
                start = reader.peek()
                self.events_style = "flow" if start.flow_style else "block"
                self.events_position = (start.start_mark.line + 1, start.start_mark.column + 1)
                self.read_events()
                continue
            value = reader.compose(1)
            if name == "version":
                self.read_version(value)
            elif name == "timeline":
                self.read_info(value)
            elif name == "events":
                if not value.is_null:
                    self.events_style = "other"
                    self.problem(value, "wrong-type", "'events' must be a list of events")
            else:
                self.unknown_key(key, TOP_KEYS, "the top level", None)
        reader.take()
        reader.document_end()
        if "events" not in seen:
            self.problem((1, 1), "missing-field", "the file has no 'events' list")

    def read_version(self, node: Node) -> None:
        if node.kind != "scalar" or node.value != str(SUPPORTED_VERSION):
            shown = node.value if node.kind == "scalar" else node.kind
            self.problem(
                node,
                "unsupported-version",
                f"version {shown!r} is not supported; this ant-timeline reads version "
                f"{SUPPORTED_VERSION}",
                field_name="version",
            )

    def read_info(self, node: Node) -> None:
        if node.is_null:
            return
        if node.kind != "map":
            self.problem(node, "wrong-type", "'timeline' must be a mapping (title, subject, ...)")
            return
        values: dict[str, object] = {}
        for name, (key, value) in node.value.items():
            if name not in TIMELINE_KEYS:
                self.unknown_key(key, TIMELINE_KEYS, "'timeline'", None)
            elif name == "categories":
                values[name] = self.string_list(value, "timeline.categories", None)
            else:
                values[name] = self.text(value, f"timeline.{name}", None)
        categories = values.get("categories")
        self.info = TimelineInfo(
            title=_opt_str(values.get("title")),
            subject=_opt_str(values.get("subject")),
            description=_opt_str(values.get("description")),
            categories=tuple(categories) if isinstance(categories, list) else None,
        )

    def read_events(self) -> None:
        reader = self.reader
        reader.take()  # SequenceStartEvent
        index = 0
        progress = self.progress
        while not reader.at("SequenceEndEvent"):
            node = reader.compose(2)
            self.read_event(node, index)
            index += 1
            if progress is not None and index % PROGRESS_EVERY == 0:
                progress(node.end[0])
        reader.take()

    # -- values -------------------------------------------------------------------------------

    def text(
        self, node: Node, where: str, event: str | None, *, required: bool = False
    ) -> str | None:
        """A scalar as text; None when null. Lists and mappings are type errors."""
        if node.is_null or (required and node.kind == "scalar" and not str(node.value).strip()):
            if required:
                self.problem(
                    node, "missing-field", f"{where} is empty", event=event, field_name=where
                )
            return None
        if node.kind != "scalar":
            kind = "a list" if node.kind == "seq" else "a mapping"
            self.problem(
                node,
                "wrong-type",
                f"{where} must be text, not {kind}",
                event=event,
                field_name=where,
            )
            return None
        return str(node.value)

    def string_list(self, node: Node, where: str, event: str | None) -> list[str]:
        """A list of texts; a bare value is a type error with the fix in the message."""
        if node.is_null:
            return []
        if node.kind != "seq":
            example = f"[{node.value}]" if node.kind == "scalar" else "[a, b]"
            self.problem(
                node,
                "wrong-type",
                f"{where} must be a list, e.g. {example}",
                event=event,
                field_name=where,
            )
            return []
        items = []
        for item in node.value:
            value = self.text(item, f"an item of {where}", event)
            if value is not None:
                items.append(self._intern.setdefault(value, value))
        return items

    def date(self, node: Node, where: str, event: str | None) -> dates.EventDate | None:
        value = self.text(node, where, event, required=True)
        if value is None:
            return None
        known = self._dates.get(value)
        if known is not None:
            return known
        try:
            parsed = self._dates[value] = dates.parse(value)
        except DateError as error:
            self.problem(
                node, "invalid-date", f"{where}: {error.message}", event=event, field_name=where
            )
            return None
        return parsed

    def read_event(self, node: Node, index: int) -> None:
        self.event_count += 1
        label = f"event {index + 1}"
        if node.kind != "map":
            self.problem(
                node,
                "wrong-type",
                f"{label} must be a mapping with id, date, title, ...",
            )
            return
        pairs: dict[str, tuple[Node, Node]] = node.value
        id_pair = pairs.get("id")
        event_id = None
        if id_pair is not None:
            event_id = self.text(id_pair[1], "id", None, required=True)
        name = event_id or label
        positions: dict[str, tuple[int, int]] = {"": node.position, "$end": node.end}
        fields: dict[str, object] = {}
        for key_name, (key, value) in pairs.items():
            positions[key_name] = value.position
            if key_name not in EVENT_KEYS:
                self.unknown_key(key, EVENT_KEYS, f"event {name!r}", event_id)
            elif key_name == "date":
                fields["date"] = self.date(value, "date", event_id)
            elif key_name in LIST_FIELDS:
                fields[key_name] = tuple(self.string_list(value, key_name, event_id))
                if value.kind == "seq":
                    for position, item in enumerate(value.value):
                        positions[f"{key_name}.{position}"] = item.position
            elif key_name == "sources":
                fields["sources"] = self.sources(value, event_id, positions)
            elif key_name != "id":
                required = key_name == "title"
                text = self.text(value, key_name, event_id, required=required)
                if key_name == "category" and text is not None:
                    text = self._intern.setdefault(text, text)
                fields[key_name] = text
        for required_field in ("id", "date", "title"):
            if required_field not in pairs:
                self.problem(
                    node,
                    "missing-field",
                    f"{name} has no {required_field!r}",
                    event=event_id,
                    field_name=required_field,
                )
        duplicate = False
        if event_id is not None:
            self.file_order.append(event_id)
            if event_id in self._ids:
                line, column = self._ids[event_id]
                self.problem(
                    id_pair[1] if id_pair else node,
                    "duplicate-id",
                    f"duplicate id {event_id!r} (first at line {line}, column {column}); "
                    "ids must be unique",
                    event=event_id,
                    field_name="id",
                )
                duplicate = True
            else:
                self._ids[event_id] = id_pair[1].position if id_pair else node.position
        event_date = fields.get("date")
        title = fields.get("title")
        complete = (
            isinstance(event_date, dates.EventDate) and isinstance(title, str) and not duplicate
        )
        if event_id is None:
            return
        event = Event(
            id=event_id,
            date=event_date if isinstance(event_date, dates.EventDate) else UNKNOWN_DATE,
            title=title if isinstance(title, str) else "",
            summary=_opt_str(fields.get("summary")),
            category=_opt_str(fields.get("category")),
            actors=_str_tuple(fields.get("actors")),
            tags=_str_tuple(fields.get("tags")),
            sources=_source_tuple(fields.get("sources")),
            related=_str_tuple(fields.get("related")),
            positions=PackedPositions.pack(positions),
            timeline=self.timeline,
        )
        # An event with a load error is kept aside, so that `check` still reports everything
        # else about it (its category, sources, related ids) in the same run.
        (self.events if complete else self.partial).append(event)

    def sources(
        self, node: Node, event_id: str | None, positions: dict[str, tuple[int, int]]
    ) -> tuple[Source, ...]:
        if node.is_null:
            return ()
        if node.kind != "seq":
            self.problem(
                node,
                "wrong-type",
                "sources must be a list of mappings with url, title, ...",
                event=event_id,
                field_name="sources",
            )
            return ()
        found = []
        for index, item in enumerate(node.value):
            where = f"sources.{index}"
            positions[where] = item.position
            if item.kind != "map":
                self.problem(
                    item,
                    "wrong-type",
                    f"source {index + 1} must be a mapping with url, title, publisher, published",
                    event=event_id,
                    field_name=where,
                )
                continue
            values: dict[str, object] = {}
            for key_name, (key, value) in item.value.items():
                positions[f"{where}.{key_name}"] = value.position
                if key_name not in SOURCE_KEYS:
                    self.unknown_key(key, SOURCE_KEYS, f"source {index + 1}", event_id)
                elif key_name == "published":
                    values[key_name] = (
                        None if value.is_null else self.date(value, f"{where}.published", event_id)
                    )
                else:
                    text = self.text(
                        value, f"{where}.{key_name}", event_id, required=key_name == "url"
                    )
                    if key_name == "publisher" and text is not None:
                        text = self._intern.setdefault(text, text)
                    values[key_name] = text
            url = values.get("url")
            if "url" not in item.value:
                self.problem(
                    item,
                    "missing-field",
                    f"source {index + 1} has no 'url'",
                    event=event_id,
                    field_name=f"{where}.url",
                )
            if not isinstance(url, str):
                continue
            published = values.get("published")
            found.append(
                Source(
                    url=url,
                    title=_opt_str(values.get("title")),
                    publisher=_opt_str(values.get("publisher")),
                    published=published if isinstance(published, dates.EventDate) else None,
                    archived=_opt_str(values.get("archived")),
                )
            )
        return tuple(found)


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _str_tuple(value: object) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else ()


def _source_tuple(value: object) -> tuple[Source, ...]:
    return value if isinstance(value, tuple) else ()
