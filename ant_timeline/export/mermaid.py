"""Mermaid `timeline` diagrams (for GitHub, GitLab, Notion, ...): a section per year.

Mermaid has no escape for its timeline syntax: `:` separates entries, `#` and `%%` start
comments, `;` ends a statement in older releases, and a line break ends the entry. Text from the
data is therefore rewritten: `:` becomes `∶` (U+2236, ratio; the title keeps its `:`), `;`
becomes `,`, `#` becomes `＃` (U+FF03), `%%` becomes `% %`, `<` and `>` become `‹` and `›` (so
`<br>` cannot break a label), and every line break or control character becomes a space or a
visible escape. Each event is then exactly one `period : text` line (`period : Subject ·
text` when several timelines are shown together). Diagrams leave out summaries and sources.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ant_timeline.export.common import by_year, event_subject, heading, one_line

if TYPE_CHECKING:
    from ant_timeline.export import ExportOptions
    from ant_timeline.model import Timeline

_REWRITES = {";": ",", "#": "＃", "<": "‹", ">": "›"}
_ENTRY = str.maketrans({":": "∶", **_REWRITES})
_TITLE = str.maketrans(_REWRITES)  # a title runs to the end of its line, `:` included
_COMMENT = re.compile(r"%(?=%)")
INDENT = "    "


def text(value: str, *, title: bool = False) -> str:
    """Text from the data as it may stand in a Mermaid timeline: one line, no syntax."""
    cleaned = _COMMENT.sub("% ", one_line(value).translate(_TITLE if title else _ENTRY))
    return cleaned or "…"


def render(timeline: Timeline, options: ExportOptions) -> str:
    """The timeline as a Mermaid `timeline` diagram; events with the same date share a period."""
    del options  # a diagram has room for titles only
    lines = ["timeline", f"{INDENT}title {text(heading(timeline), title=True)}"]
    for year, events in by_year(timeline.events):
        lines.append(f"{INDENT}section {year}")
        previous = None
        for event in events:
            period = text(event.date.display())
            entry = text(event.title)
            subject = event_subject(timeline, event)
            if subject:  # several timelines: each entry says whose it is
                entry = f"{text(subject)} · {entry}"
            if period == previous:
                lines.append(f"{INDENT * 3}: {entry}")
            else:
                lines.append(f"{INDENT * 2}{period} : {entry}")
            previous = period
    return "\n".join(lines) + "\n"
