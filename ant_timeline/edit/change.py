"""What every edit shares: the planned `Change`, and the checks made before and after one.

An edit is refused before it is planned if the file does not load or an option cannot be written
as UTF-8, and after, by `verify`, if the new text does not hold exactly the intended events.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from difflib import get_close_matches
from typing import TYPE_CHECKING

from ant_timeline.errors import EventNotFoundError, LoadError, RefusedError, TimelineError
from ant_timeline.store import parse_text
from ant_timeline.text import NOT_UTF8, inert, undecodable

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from ant_timeline.model import Event
    from ant_timeline.store import LoadReport, Progress


class EditError(TimelineError):
    """The edit could not be made without disturbing the rest of the file."""


@dataclass(frozen=True, slots=True)
class Change:
    """A planned edit: the file's text before and after, and what it means."""

    path: Path
    before: str
    after: str
    event_id: str
    summary: str  # e.g. "after 'ant-hangzhou-pact' (line 412)"
    bom: bool = False
    notes: tuple[str, ...] = ()

    def unified_diff(self, label: str | None = None) -> str:
        """The edit as a unified diff, as `--dry-run` prints it."""
        # The header goes to a terminal too: a file name is shown, never obeyed.
        name = inert(label or str(self.path)).lstrip("/")
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
        return "".join(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            for line in lines
        )


# ---------------------------------------------------------------------------------------------
# Before and after


def refuse_unless_loadable(report: LoadReport) -> None:
    """Refuse to edit a file with load errors (they are raised, with their places)."""
    if not report.ok:
        errors = [p for p in report.problems if p.severity == "error"]
        raise LoadError(errors)


def refuse_undecodable(*fields: tuple[str, str | None]) -> None:
    for option, value in fields:
        if value and undecodable(value):
            raise RefusedError(f"{option} {value!r} {NOT_UTF8}")


def clipped_at_the_end(event: Event, path: Path, line: int) -> EditError:
    """The refusal for text that ends the file, on `line`, without a newline (see
    `layout.ends_the_file_in_clipped_text`)."""
    return EditError(
        f"the file ends inside the text of {event.id!r} (a `|` or `>` block) without a "
        "newline, and a line after it would add one to that text; end the file with a "
        "newline first",
        f"{path}:{line}",
    )


def find_event(report: LoadReport, event_id: str) -> Event:
    events = report.timeline.by_id()
    if event_id not in events:
        guess = get_close_matches(event_id, sorted(events), n=1, cutoff=0.6)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        raise EventNotFoundError(f"no event with id {event_id!r} in {report.timeline.path}{hint}")
    return events[event_id]


def verify(
    after: str,
    report: LoadReport,
    path: Path,
    *,
    added: Event | None = None,
    replaced: Event | None = None,
    removed: str | None = None,
    changed: Sequence[Event] = (),
    added_events: Sequence[Event] = (),
    progress: Progress | None = None,
) -> None:
    """Load the new text and check it holds exactly the intended events; refuse otherwise."""
    try:
        new = parse_text(after, str(path), progress)
    except TimelineError:
        raise EditError(
            "the edit would not have been valid YAML, so nothing was written; please report "
            "this with the file",
            str(path),
        ) from None
    expected = dict(report.timeline.by_id())
    if added is not None:
        expected[added.id] = added
    if replaced is not None:
        expected[replaced.id] = replaced
    if removed is not None:
        expected.pop(removed)
    for event in (*changed, *added_events):
        expected[event.id] = event
    found = new.timeline.by_id()
    if (
        not new.ok
        or found.keys() != expected.keys()
        or any(found[key] != expected[key] for key in expected)
        or new.timeline.info != report.timeline.info
    ):
        raise EditError(
            "the edit could not be made without changing something else in the file, so "
            "nothing was written; please report this with the file",
            str(path),
        )
