"""`import json`: the envelope `export json` and `show --json` write, every field as it is.

`{"version": 1, "timeline": {...}, "events": [EVENT, ...]}`. Of an EVENT, `date` is what
counts (`earliest`, `latest`, `precision`, `approximate` and `uncertain` follow from it), and
`timeline` (when several timelines were exported together) is left out: the events go into one
file. Keys the envelope does not define are ignored, so that newer exports can be read.
Problems are named by their JSON path: `export.json: events[3].sources[0].url: ...`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ant_timeline.errors import DateError
from ant_timeline.import_ import Batch, Candidate, InputError, RowProblem, read_date
from ant_timeline.model import Source, TimelineInfo

if TYPE_CHECKING:
    from ant_timeline.dates import EventDate


class _Invalid(Exception):
    """One field of one event is wrong: its path and what is wrong."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def load_json(text: str, label: str) -> Any:
    """The JSON value of `text`, or `InputError` naming the line and column."""
    import json  # noqa: PLC0415

    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not JSON: {error.msg}", f"{label}:{error.lineno}:{error.colno}"
        ) from None
    except RecursionError:
        raise InputError("not JSON this tool reads: nested too deeply", label) from None
    # The text is UTF-8, so a surrogate can only come from an escape such as `\ud800`.
    if "\\ud" in text.lower():
        _refuse_lone_surrogates(value, label)
    return value


def _refuse_lone_surrogates(value: Any, label: str) -> None:
    """`InputError` naming the first text that holds half of a UTF-16 pair (`"\\ud800"`):
    valid JSON, but no character, so no events file (UTF-8) can hold it."""
    pending: list[tuple[str, Any]] = [("", value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, dict):  # children go on the stack last first: read in order
            for key, child in reversed(item.items()):
                child_path = f"{path}.{key}" if path else str(key)
                _check_text(key, child_path, label)
                pending.append((child_path, child))
        elif isinstance(item, list):
            pending.extend(reversed([(f"{path}[{n}]", child) for n, child in enumerate(item)]))
        elif isinstance(item, str):
            _check_text(item, path, label)


def _check_text(text: str, path: str, label: str) -> None:
    from ant_timeline.text import undecodable  # noqa: PLC0415

    if undecodable(text):
        half = next(char for char in text if "\ud800" <= char <= "\udfff")
        raise InputError(
            f"\\u{ord(half):04x} is half of a UTF-16 surrogate pair, not a character; "
            "fix the text where the JSON was made",
            f"{label}: {path}" if path else label,
        )


def read(text: str, label: str) -> Batch:
    """The events of a JSON envelope."""
    document = load_json(text, label)
    if not isinstance(document, dict) or not isinstance(document.get("events"), list):
        raise InputError(
            'not an ant-timeline JSON export: expected an object with "version": 1 and an '
            '"events" list',
            label,
        )
    if "version" not in document and isinstance(document.get("title"), dict):
        raise InputError(
            "this is TimelineJS JSON, not an ant-timeline export; import it with "
            "`ant-timeline import timelinejs`",
            label,
        )
    if document.get("version") != 1:
        raise InputError(
            f'"version": {document.get("version")!r} is not supported; this ant-timeline reads '
            "version 1",
            label,
        )
    batch = Batch(label, "an ant-timeline JSON export", unit="event")
    batch.info = _info(document.get("timeline"))
    for index, item in enumerate(document["events"]):
        place = f"{label}: events[{index}]"
        batch.rows += 1
        try:
            batch.candidates.append(_event(item, place))
        except _Invalid as problem:
            batch.invalid.append(RowProblem(f"{label}: {problem.path}", problem.message))
    return batch


def _info(value: object) -> TimelineInfo | None:
    if not isinstance(value, dict):
        return None

    def text(key: str) -> str | None:
        item = value.get(key)
        return item if isinstance(item, str) else None

    categories = value.get("categories")
    listed = (
        tuple(categories)
        if isinstance(categories, list) and all(isinstance(c, str) for c in categories)
        else None
    )
    return TimelineInfo(text("title"), text("subject"), text("description"), listed)


def _event(item: object, place: str) -> Candidate:
    path = place.rsplit(": ", 1)[1]
    if not isinstance(item, dict):
        raise _Invalid(path, "an event must be an object with id, date, title, ...")
    event_id = _text(item, "id", path)
    if event_id is not None and not event_id.strip():
        event_id = None
    title = _text(item, "title", path)
    if title is None or not title.strip():
        raise _Invalid(f"{path}.title", "no title")
    return Candidate(
        place=place,
        date=_date(item.get("date"), f"{path}.date"),
        title=title,
        id=event_id,
        summary=_text(item, "summary", path),
        category=_text(item, "category", path),
        actors=_texts(item, "actors", path),
        tags=_texts(item, "tags", path),
        sources=_sources(item.get("sources"), f"{path}.sources"),
        related=_texts(item, "related", path),
    )


def _text(item: dict[str, Any], key: str, path: str) -> str | None:
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value
    raise _Invalid(f"{path}.{key}", f"must be text or null, not {_kind(value)}")


def _texts(item: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    value = item.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _Invalid(f"{path}.{key}", f"must be a list of texts, not {_kind(value)}")
    for index, entry in enumerate(value):
        if not isinstance(entry, str):
            raise _Invalid(f"{path}.{key}[{index}]", f"must be text, not {_kind(entry)}")
    return tuple(value)


def _date(value: object, path: str) -> EventDate:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(
            path, "no date" if value in (None, "") else f"must be a date, not {_kind(value)}"
        )
    try:
        return read_date(value)
    except DateError as error:
        raise _Invalid(path, error.message) from None


def _sources(value: object, path: str) -> tuple[Source, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _Invalid(path, f"must be a list of sources, not {_kind(value)}")
    found = []
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        if not isinstance(item, dict):
            raise _Invalid(where, "a source must be an object with url, title, publisher, ...")
        url = _text(item, "url", where)
        if url is None or not url.strip():
            raise _Invalid(f"{where}.url", "no url: every source needs its address")
        published = item.get("published")
        found.append(
            Source(
                url=url,
                title=_text(item, "title", where),
                publisher=_text(item, "publisher", where),
                published=None if published is None else _date(published, f"{where}.published"),
                archived=_text(item, "archived", where),
            )
        )
    return tuple(found)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "text"
