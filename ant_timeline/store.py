"""Reading events files: which file, its bytes, its schema; the only module that touches them.

`load()` returns a `Timeline` or raises; `read_report()` returns everything found, for `check`.
Writes are atomic and locked (`write_atomic`, `locked`); what to write is worked out as text by
`ant_timeline.edit`, from the positions recorded here.
"""

from __future__ import annotations

import codecs
import os
import sys
from array import array
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from difflib import get_close_matches
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ant_timeline import dates
from ant_timeline.errors import (
    DateError,
    FileReadError,
    LoadError,
    Problem,
    RefusedError,
    WriteError,
)
from ant_timeline.model import (
    EVENT_KEYS,
    KEY_NAMES,
    LIST_FIELDS,
    SOURCE_KEYS,
    Event,
    PackedPositions,
    Source,
    Timeline,
    TimelineInfo,
    key_id,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ant_timeline.yamlstream import Node, StreamReader

MAX_FILE_BYTES = 128 * 1024 * 1024
# The date of an event whose date did not load; such events never reach a Timeline.
UNKNOWN_DATE = dates.EventDate(None, None, True, None, None)
ENV_FILE = "ANT_TIMELINE_FILE"
LOCAL_FILE = "events.yaml"
SUPPORTED_VERSION = 1

TOP_KEYS = ("version", "timeline", "events")
TIMELINE_KEYS = ("title", "subject", "description", "categories")


@dataclass(frozen=True, slots=True)
class TimelineFile:
    """Which events file a command uses, and why."""

    path: Path
    origin: str  # "option", "environment", "current folder" or "bundled"

    @property
    def bundled(self) -> bool:
        """The curated dataset shipped with the package (never written to)."""
        return self.origin == "bundled"

    @property
    def label(self) -> str:
        """How messages name the file."""
        if self.bundled:
            return LOCAL_FILE
        return str(self.path)


def bundled_path() -> Path:
    """The curated dataset: package data when installed, the repository's copy in a checkout."""
    packaged = Path(str(resources.files("ant_timeline"))) / "data" / LOCAL_FILE
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / LOCAL_FILE


def locate(option: str | Path | None) -> TimelineFile:
    """`--file`, else `$ANT_TIMELINE_FILE`, else `./events.yaml`, else the bundled dataset."""
    if option:
        return TimelineFile(Path(option), "option")
    from_env = os.environ.get(ENV_FILE)
    if from_env:
        return TimelineFile(Path(from_env), "environment")
    local = Path(LOCAL_FILE)
    if local.is_file():
        return TimelineFile(local, "current folder")
    return TimelineFile(bundled_path(), "bundled")


def read_text(path: Path, label: str | None = None) -> str:
    """The file's text as UTF-8 (a BOM is dropped); `FileReadError` names what is wrong."""
    data, _ = read_bytes(path, label)
    return decode(data, label or str(path))


def read_bytes(path: Path, label: str | None = None) -> tuple[bytes, os.stat_result]:
    """The file's bytes and its status, refusing folders and files over the size limit."""
    name = label or str(path)
    try:
        status = path.stat()
        size = status.st_size
    except FileNotFoundError:
        raise FileReadError(
            "no such file; check the path, or start one with `ant-timeline init`", name
        ) from None
    except OSError as error:
        raise FileReadError(f"cannot read: {error.strerror}", name) from None
    if path.is_dir():
        raise FileReadError("is a folder, not an events file", name)
    if size > MAX_FILE_BYTES:
        raise FileReadError(
            f"the file is {size / 2**20:.0f} MiB; events files are limited to "
            f"{MAX_FILE_BYTES // 2**20} MiB",
            name,
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FileReadError(f"cannot read: {error.strerror}", name) from None
    return data, status


def decode(data: bytes, name: str) -> str:
    """UTF-8 bytes to text; other encodings are refused with the place of the first bad byte."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            raise FileReadError(f"the file is {encoding}-encoded; save it as UTF-8", name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        raise FileReadError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            f"{name}:{line}:{column}",
        ) from None
    return text.removeprefix("\ufeff")


def read_for_edit(path: Path, label: str | None = None) -> tuple[str, bool]:
    """The file's text for an edit, and whether it starts with a UTF-8 byte-order mark."""
    text = read_text(path, label)
    with path.open("rb") as handle:
        bom = handle.read(3) == codecs.BOM_UTF8
    return text, bom


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


def load(
    source: TimelineFile | Path | str | None = None,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> Timeline:
    """Load a timeline; raise `LoadError` (every problem) or `FileReadError`/`YamlSyntaxError`."""
    report = read_report(source, use_cache=use_cache, progress=progress)
    if not report.ok:
        raise LoadError(report.problems)
    return report.timeline


def read_report(
    source: TimelineFile | Path | str | None = None,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> LoadReport:
    """Read and validate the schema of an events file; syntax errors still raise.

    With `use_cache`, an unchanged file (same size, modification time and content hash) is
    read back from the parse cache instead of being parsed again.
    """
    where = source if isinstance(source, TimelineFile) else locate(source)
    data, status = read_bytes(where.path, where.label)
    text = decode(data, where.label)
    caching = use_cache and not os.environ.get(NO_CACHE_ENV)
    key = _cache_key(data, status) if caching else ()
    del data  # the text is all that is needed from here on; at 100,000 events this is 50 MB
    if not caching:
        return parse_text(text, where.label, progress)
    cached = _cache_load(where.path, key, text, where.label)
    if cached is not None:
        return cached
    report = parse_text(text, where.label, progress)
    _cache_save(where.path, key, report)
    return report


Progress = Callable[[int, int], None]  # (lines read, lines in all)
PROGRESS_EVERY = 2000  # events between two progress reports


def parse_text(text: str, path: str, progress: Progress | None = None) -> LoadReport:
    """Build a timeline from YAML text; schema problems are collected, syntax errors raise.

    `progress`, if given, is called now and then with the lines read so far and in all.
    """
    from ant_timeline.yamlstream import StreamReader, is_yaml_error  # noqa: PLC0415 - ruamel

    problems: list[Problem] = []
    reader = StreamReader(text, path, problems)
    builder = _Builder(reader, path)
    if progress is not None:
        total = text.count("\n") + 1
        builder.progress = lambda line: progress(line, total)
    gc_was_enabled = _gc_pause()
    try:
        builder.read_document()
    except Exception as error:
        if is_yaml_error(error):
            raise reader.translate_errors(error) from None
        raise
    finally:
        _gc_resume(gc_was_enabled)
    unlisted = reader.unlisted_problem()
    if unlisted is not None:
        problems.append(unlisted)
    timeline = Timeline.of(builder.info, builder.events, path)
    return LoadReport(
        timeline,
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


def _gc_pause() -> bool:
    # Loading allocates many small objects and frees none; the cyclic collector only slows it.
    import gc  # noqa: PLC0415

    enabled = gc.isenabled()
    gc.disable()
    return enabled


def _gc_resume(enabled: bool) -> None:
    import gc  # noqa: PLC0415

    if enabled:
        gc.enable()


class _Builder:
    """Walks the document: header values composed whole, events one at a time."""

    def __init__(self, reader: StreamReader, path: str) -> None:
        self.reader = reader
        self.path = path
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
                )
            )
        return tuple(found)


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _str_tuple(value: object) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else ()


def _source_tuple(value: object) -> tuple[Source, ...]:
    return value if isinstance(value, tuple) else ()


# ---------------------------------------------------------------------------------------------
# Writing


def writable(where: TimelineFile) -> Path:
    """The path to write to; the bundled dataset is refused with the way to start one's own."""
    if where.bundled:
        raise RefusedError(
            "no events file to write to: the bundled Ant Group timeline is read-only. Start your "
            "own with `ant-timeline init`, or name one with --file or $ANT_TIMELINE_FILE"
        )
    # Write through a symlink to its target, so the link itself stays a link.
    target = Path(os.path.realpath(where.path))
    if where.origin != "option" and target == Path(os.path.realpath(bundled_path())):
        # In a checkout of ant-timeline itself, ./events.yaml is the curated dataset.
        raise RefusedError(
            f"{where.label} is the bundled Ant Group timeline, which is not written to "
            "unless you name it: use --file to edit it on purpose, or start your own with "
            "`ant-timeline init`"
        )
    return target


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for a read-modify-write of `path`; other writers wait.

    The lock is on the folder (flock), not the file: the file is replaced by rename on every
    write, so a lock on it would not be seen by a writer that opened the new one.
    """
    try:
        import fcntl  # noqa: PLC0415 - POSIX only
    except ImportError:  # pragma: no cover - Windows: no locking, documented in the README
        yield
        return
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)  # closing releases the lock


def write_atomic(path: Path, text: str, *, keep_mode_of: Path | None = None) -> None:
    """Replace `path` with `text`: a temporary file in the same folder, fsync, then rename.

    If anything fails before the rename, the original is untouched and the temporary file is
    removed; the error names the file.
    """
    import secrets  # noqa: PLC0415

    data = text.encode("utf-8")
    source = keep_mode_of or path
    try:
        mode = source.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    # Named before it exists, so that Ctrl-C at any moment after (even inside the call that
    # creates it) finds it to remove. Random, so no other file has the name.
    temporary = path.parent / f".{path.name}.{secrets.token_hex(8)}.tmp"
    try:
        handle = os.open(temporary, _NEW_FILE, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        if not isinstance(error, FileExistsError):  # a file that is not ours stays
            with suppress(OSError):
                os.unlink(temporary)
        if isinstance(error, OSError):
            raise WriteError(
                f"cannot write: {error.strerror or error}; the file is unchanged", str(path)
            ) from None
        raise
    _fsync_folder(path.parent)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk.
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


NEW_FILE_TEMPLATE = """\
# {title}
#
# A timeline kept with ant-timeline. Each event needs an id, a date and a title, and at least one
# source for `ant-timeline check` to pass. Dates keep their precision: 2020-11-03, 2023-01,
# 2022-Q3, 2021-H2, 2021; add ~ (approximate) or ? (uncertain); an interval is
# 2023-09-23/2023-10-08. Add events with `ant-timeline add event`, or by hand.
version: 1
timeline:
  title: {quoted_title}
  subject: {quoted_subject}
events: []
"""


def create(path: Path, *, title: str | None = None, subject: str | None = None) -> None:
    """A new events file with a commented header; never overwrites an existing file."""
    from ant_timeline.text import NOT_UTF8, undecodable  # noqa: PLC0415

    for option, value in (("--title", title), ("--subject", subject)):
        if value and undecodable(value):
            raise RefusedError(f"{option} {value!r} {NOT_UTF8}")
    subject = subject or "Untitled"
    title = title or f"{subject}: a timeline"
    text = NEW_FILE_TEMPLATE.format(
        title="".join(map(_shown, " ".join(title.split()))),
        quoted_title=_double_quoted(title),
        quoted_subject=_double_quoted(subject),
    )
    with locked(path.resolve()):
        if path.exists() or path.is_symlink():
            raise RefusedError("already exists; init never overwrites a file", str(path))
        write_atomic(path.resolve(), text)


def _shown(char: str) -> str:
    """A character as YAML may hold it anywhere: itself if printable, else an escape."""
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _double_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back as exactly `text`.

    Controls, line separators (U+0085, U+2028, which YAML would fold) and other characters that
    are not printable are escaped; the rest, Chinese included, is written as it is.
    """
    return '"' + "".join("\\" + c if c in '"\\' else _shown(c) for c in text) + '"'


# ---------------------------------------------------------------------------------------------
# Parse cache
#
# A parsed file is kept as plain tuples (marshal: the fastest stdlib format to read back) under
# the user's cache folder, one file per events file. Reading it back skips YAML (and importing
# ruamel) entirely. It is never trusted over the file: the key includes the content's hash, so
# the file is read and hashed every time; a missing, stale, corrupt or unreadable cache entry
# just means parsing again. Entries are written atomically (temporary file, rename), so
# concurrent runs never see half an entry.

CACHE_FORMAT = 4
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


def _cache_key(data: bytes, status: os.stat_result) -> tuple[object, ...]:
    from ant_timeline import __version__  # noqa: PLC0415

    digest = _blake2b(data, digest_size=20).hexdigest()
    return (CACHE_FORMAT, __version__, status.st_size, status.st_mtime_ns, digest)


def _cache_file(path: Path) -> Path:
    name = _blake2b(os.fsencode(os.path.realpath(path)), digest_size=16).hexdigest()
    return cache_dir() / f"{name}.timeline"


def _cache_load(path: Path, key: tuple[object, ...], text: str, label: str) -> LoadReport | None:
    import marshal  # noqa: PLC0415

    try:
        stored = marshal.loads(_cache_file(path).read_bytes())  # noqa: S302 - our own file
        if stored[0] != key:
            return None
        enabled = _gc_pause()
        try:
            return _decode_report(stored[1], text, label)
        finally:
            _gc_resume(enabled)
    except Exception:
        return None


def _cache_save(path: Path, key: tuple[object, ...], report: LoadReport) -> None:
    import marshal  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    target = _cache_file(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        entry: Any = (key, _encode_report(report))
        payload = marshal.dumps(entry)
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(payload)
            os.replace(temporary, target)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary)
            raise
    except (OSError, ValueError):
        return  # a cache we cannot write is only a slower next run


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
            tuple((s.url, s.title, s.publisher, _encode_date(s.published)) for s in e.sources),
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
    )


def _decode_report(payload: tuple[Any, ...], text: str, label: str) -> LoadReport:
    (title, subject, description, categories), rows, problems, order, layout, names = payload[:6]
    partial_rows, event_count = payload[6:]
    known: dict[str, dates.EventDate] = {}
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
                    Source(url, source_title, publisher, when(published) if published else None)
                    for url, source_title, publisher, published in sources
                ),
                related=related,
                positions=positions_of(positions),
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


# ---------------------------------------------------------------------------------------------
# Git revisions
#
# `diff` reads a side as a file, as `REV:PATH`, or as the working events file at a revision.
# git runs with an argument list (never a shell), `--end-of-options`/`--` before anything the
# user typed, and a revision that could pass for an option is refused before git sees it.

from ant_timeline.errors import GitError, TimelineError  # noqa: E402 - kept with the git code

if TYPE_CHECKING:
    import subprocess

GIT_TIMEOUT_SECONDS = 60
MAX_PROBLEMS_PER_SIDE = 10
_UNSAFE_TEXT = frozenset(chr(code) for code in (*range(0x20), 0x7F))
_OBJECT_ID = frozenset("0123456789abcdef")


@dataclass(frozen=True, slots=True)
class _Repository:
    top: Path  # the working tree's top folder, resolved
    prefix: str  # where git was run, relative to `top` ("" or "sub/dir/")
    folder: Path  # where git is run


def diff_sides(
    old: str,
    new: str | None,
    working: TimelineFile,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> tuple[Timeline, Timeline]:
    """The two timelines `diff OLD [NEW]` compares; with one argument, NEW is the working file.

    Each argument is a path to an existing file, `REV:PATH`, or a bare revision meaning the
    working events file (`working`) as it was at that revision. Every failure is a
    `TimelineError` whose message starts with the side it is about.
    """

    def side(argument: str, name: str) -> Timeline:
        return read_side(argument, name, working, use_cache=use_cache, progress=progress)

    if new is not None:
        return side(old, "old"), side(new, "new")
    before = side(old, "old")
    if not _is_file(old):
        # OLD is a revision, so the working file it is compared with must be under git too.
        _repository(_folder_of(working, "new"), "new", working.label, working_file=True)
    try:
        report = read_report(working, use_cache=use_cache, progress=progress)
    except TimelineError as error:
        raise _on_side("new", error) from None
    return before, _checked(report, "new")


def read_side(
    argument: str,
    side: str,
    working: TimelineFile,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> Timeline:
    """One side of a diff: a file, `REV:PATH`, or the working events file at revision REV."""
    if argument and _is_file(argument):
        try:
            report = read_report(
                TimelineFile(Path(argument), "option"), use_cache=use_cache, progress=progress
            )
        except TimelineError as error:
            raise _on_side(side, error) from None
        return _checked(report, side)
    revision, has_path, path_text = _split_revision(argument)
    _check_revision(revision, argument, side)
    if has_path:
        try:
            here = Path.cwd()
        except OSError:
            raise GitError(f"{side} side: the current folder no longer exists") from None
        repository = _repository(here, side, argument)
        path = _path_in_repository(path_text, repository, argument, side)
    else:
        folder = _folder_of(working, side)
        repository = _repository(folder, side, argument, working_label=working.label)
        path = _working_path(working, folder, repository, side)
    label = f"{revision}:{path}"
    data = _read_blob(repository, revision, path, argument, side)
    try:
        text = decode(data, label)
        report = parse_text(text, label, progress)
    except TimelineError as error:
        raise _on_side(side, error) from None
    return _checked(report, side)


def _on_side(side: str, error: TimelineError) -> TimelineError:
    if isinstance(error, LoadError):
        return _problems_error(side, error.problems)
    return TimelineError(f"{side} side: {error}")


def _checked(report: LoadReport, side: str) -> Timeline:
    if not report.ok:
        raise _problems_error(side, [p for p in report.problems if p.severity == "error"])
    return report.timeline


def _problems_error(side: str, problems: list[Problem]) -> TimelineError:
    label = problems[0].path
    count = len(problems)
    lines = [
        f"{side} side: {label} is not a valid timeline "
        f"({count} problem{'' if count == 1 else 's'}):"
    ]
    lines += [str(problem) for problem in problems[:MAX_PROBLEMS_PER_SIDE]]
    if count > MAX_PROBLEMS_PER_SIDE:
        lines.append(f"... and {count - MAX_PROBLEMS_PER_SIDE} more")
    return TimelineError("\n".join(lines))


def _split_revision(argument: str) -> tuple[str, bool, str]:
    """`REV:PATH` -> (REV, True, PATH); a bare revision -> (REV, False, "").

    As git does, the first colon outside `@{...}` separates the two (`HEAD@{10:30}:x.yaml`).
    """
    depth = 0
    for index, char in enumerate(argument):
        if char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif char == ":" and not depth:
            return argument[:index], True, argument[index + 1 :]
    return argument, False, ""


def _check_revision(revision: str, argument: str, side: str) -> None:
    shown = repr(argument)
    if not argument.strip():
        raise GitError(f"{side} side: an empty argument is neither a file nor a git revision")
    if any(char in _UNSAFE_TEXT for char in argument):
        raise GitError(
            f"{side} side: {shown} contains control characters; it is neither a file nor a "
            "revision ant-timeline will pass to git"
        )
    if not revision:
        raise GitError(
            f"{side} side: {shown} has no revision before ':'; write REV:PATH, "
            "e.g. HEAD:events.yaml"
        )
    if revision.startswith("-"):
        raise GitError(
            f"{side} side: {shown} is not a file, and a revision cannot start with '-' "
            "(it would be taken as an option)"
        )
    if ".." in revision:
        raise GitError(
            f"{side} side: {shown} is a range, not a revision; give the two revisions as two "
            "arguments, e.g. `ant-timeline diff v1.0 main`"
        )


def _is_file(argument: str) -> bool:
    try:
        return Path(argument).is_file()
    except (OSError, ValueError):  # a name too long for the system, or with a NUL in it
        return False


def _is_folder(path: str | Path) -> bool:
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def _no_file(argument: str) -> str:
    return "a folder, not an events file" if _is_folder(argument) else "no such file"


def _folder_of(working: TimelineFile, side: str) -> Path:
    folder = Path(os.path.abspath(working.path)).parent
    if not _is_folder(folder):
        raise GitError(f"{side} side: the folder of the events file {working.label} does not exist")
    return folder


def _run_git(
    arguments: list[str], folder: Path, side: str, argument: str
) -> subprocess.CompletedProcess[bytes]:
    import subprocess  # noqa: PLC0415 - only `diff` runs git; `show` need not import it

    environment = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",  # never wait for a password
        "GIT_OPTIONAL_LOCKS": "0",  # a read must not take the index lock
        "LC_ALL": "C",
    }
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *arguments],  # noqa: S607 - git is found on PATH on purpose
            capture_output=True,
            stdin=subprocess.DEVNULL,
            check=False,
            timeout=GIT_TIMEOUT_SECONDS,
            env=environment,
        )
    except FileNotFoundError:
        raise GitError(
            f"{side} side: git is not installed (or not on PATH), so {argument!r} cannot "
            "be read as a revision; compare two files instead"
        ) from None
    except subprocess.TimeoutExpired:
        raise GitError(
            f"{side} side: git did not answer within {GIT_TIMEOUT_SECONDS} seconds reading "
            f"{argument!r}"
        ) from None
    except OSError as error:
        raise GitError(f"{side} side: cannot run git: {error.strerror or error}") from None


def _git_says(result: subprocess.CompletedProcess[bytes]) -> str:
    text = result.stderr.decode("utf-8", "replace").strip()
    first = text.splitlines()[0] if text else f"exit status {result.returncode}"
    return first.removeprefix("fatal: ").removeprefix("error: ")


def _repository(
    folder: Path,
    side: str,
    argument: str,
    *,
    working_label: str | None = None,
    working_file: bool = False,
) -> _Repository:
    result = _run_git(["rev-parse", "--show-toplevel", "--show-prefix"], folder, side, argument)
    if result.returncode != 0:
        said = _git_says(result)
        if "not a git repository" not in said:
            raise GitError(f"{side} side: git cannot read the repository at {folder}: {said}")
        if working_file:
            raise GitError(
                f"{side} side: the working file {argument} is not in a git repository, so there "
                "is no revision to compare it with; name two files: `ant-timeline diff OLD NEW`"
            )
        if working_label is not None:
            raise GitError(
                f"{side} side: {argument!r}: {_no_file(argument)}, and the events file "
                f"{working_label} is not in a git repository, so it is not a revision either"
            )
        raise GitError(
            f"{side} side: {argument!r}: {_no_file(argument)}, and {folder} is not in a git "
            "repository, so it is not a revision either"
        )
    lines = result.stdout.decode("utf-8", "surrogateescape").splitlines()
    top = Path(lines[0]) if lines else folder
    prefix = lines[1] if len(lines) > 1 else ""
    return _Repository(Path(os.path.realpath(top)), prefix, folder)


def _path_in_repository(path_text: str, repository: _Repository, argument: str, side: str) -> str:
    import posixpath  # noqa: PLC0415

    shown = repr(argument)
    if not path_text:
        raise GitError(f"{side} side: {shown} has no path after ':'; e.g. HEAD:events.yaml")
    if path_text.startswith("/") or "\\" in path_text:
        raise GitError(
            f"{side} side: the path in {shown} must be relative to the repository's top folder, "
            "with '/' between folders"
        )
    if ".." in path_text.split("/"):
        raise GitError(
            f"{side} side: the path in {shown} uses '..', which could leave the repository; "
            "write it from the repository's top folder"
        )
    if path_text.startswith("./"):  # as in git: relative to the current folder
        path_text = repository.prefix + path_text[2:]
    return posixpath.normpath(path_text)


def _working_path(working: TimelineFile, folder: Path, repository: _Repository, side: str) -> str:
    # The folder is resolved but not the file: git tracks a symlink as the link itself.
    full = Path(os.path.realpath(folder)) / Path(working.path).name
    try:
        return full.relative_to(repository.top).as_posix()
    except ValueError:
        raise GitError(
            f"{side} side: the events file {working.label} is outside the git repository at "
            f"{repository.top}"
        ) from None


def _read_blob(
    repository: _Repository, revision: str, path: str, argument: str, side: str
) -> bytes:
    def git(*arguments: str) -> subprocess.CompletedProcess[bytes]:
        return _run_git(list(arguments), repository.folder, side, argument)

    shown = repr(argument)
    found = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    commit = found.stdout.decode("ascii", "replace").strip()
    if found.returncode != 0 or not _is_object_id(commit):
        raise GitError(
            f"{side} side: {shown}: {_no_file(argument)}, and no such revision in the git "
            f"repository at {repository.top}"
        )
    listing = git("--literal-pathspecs", "ls-tree", "-l", "-z", "--full-tree", commit, "--", path)
    if listing.returncode != 0:
        raise GitError(f"{side} side: git cannot list revision {revision!r}: {_git_says(listing)}")
    entry = _tree_entry(listing.stdout, path)
    where = f"{path!r} in revision {revision!r}"
    if entry is None:
        raise GitError(f"{side} side: there is no file {where}")
    mode, kind, object_id, size = entry
    if kind == "tree":
        raise GitError(f"{side} side: {where} is a folder, not an events file")
    if kind != "blob" or mode == "120000" or not _is_object_id(object_id):
        raise GitError(f"{side} side: {where} is a link or submodule, not an events file")
    if size > MAX_FILE_BYTES:
        raise GitError(
            f"{side} side: {where} is {size / 2**20:.0f} MiB; events files are limited to "
            f"{MAX_FILE_BYTES // 2**20} MiB"
        )
    blob = git("cat-file", "blob", object_id)
    if blob.returncode != 0:
        raise GitError(f"{side} side: git cannot read {where}: {_git_says(blob)}")
    return blob.stdout


def _tree_entry(listing: bytes, path: str) -> tuple[str, str, str, int] | None:
    for record in listing.split(b"\0"):
        info, tab, name = record.partition(b"\t")
        if not tab or name.decode("utf-8", "surrogateescape") != path:
            continue
        fields = info.decode("ascii", "replace").split()
        if len(fields) != 4:
            return None
        mode, kind, object_id, size = fields
        return mode, kind, object_id, int(size) if size.isdigit() else 0
    return None


def _is_object_id(text: str) -> bool:
    return len(text) in (40, 64) and set(text) <= _OBJECT_ID
