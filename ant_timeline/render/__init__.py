"""Everything the terminal sees: Rich consoles, the layouts of every command, messages.

Layouts are built once as lines of (text, style) spans. On a terminal they become Rich `Text`
(styled, wrapped to the width, paged when long); anywhere else they are written as plain text,
without Rich's per-line cost, so piping 100,000 events stays fast.

- `console`: the Console objects, colour, writing lines (plain or styled), the pager, progress,
  raw output in any encoding, messages on stderr;
- `layout`: measuring and wrapping text for the terminal;
- `show`, `check`, `diff`, `extract`, `links`: each command's layout, loaded when first used.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ant_timeline.render.check import check_lines, check_set_lines
    from ant_timeline.render.console import (
        Line,
        Screen,
        Span,
        colour_allowed,
        disable_colour,
        emit,
        error,
        note,
        progress,
        write_bytes,
        write_patch,
        write_raw,
    )
    from ant_timeline.render.diff import diff_lines
    from ant_timeline.render.extract import article_lines, candidate_lines, excerpt, extract_lines
    from ant_timeline.render.layout import wrap
    from ant_timeline.render.links import archive_lines, link_lines, links_summary
    from ant_timeline.render.show import show_lines, subject_styles

# Which module holds each name: a command loads only the layouts it uses (`show` never loads
# the diff or links layouts), on its first use of one of their names.
_WHERE = {
    "check_lines": "check",
    "check_set_lines": "check",
    "Line": "console",
    "Screen": "console",
    "Span": "console",
    "colour_allowed": "console",
    "disable_colour": "console",
    "emit": "console",
    "error": "console",
    "note": "console",
    "progress": "console",
    "write_bytes": "console",
    "write_patch": "console",
    "write_raw": "console",
    "diff_lines": "diff",
    "article_lines": "extract",
    "candidate_lines": "extract",
    "excerpt": "extract",
    "extract_lines": "extract",
    "wrap": "layout",
    "archive_lines": "links",
    "link_lines": "links",
    "links_summary": "links",
    "show_lines": "show",
    "subject_styles": "show",
}
_MODULES = frozenset(_WHERE.values())

__all__ = [
    "Line",
    "Screen",
    "Span",
    "archive_lines",
    "article_lines",
    "candidate_lines",
    "check_lines",
    "check_set_lines",
    "colour_allowed",
    "diff_lines",
    "disable_colour",
    "emit",
    "error",
    "excerpt",
    "extract_lines",
    "link_lines",
    "links_summary",
    "note",
    "progress",
    "show_lines",
    "subject_styles",
    "wrap",
    "write_bytes",
    "write_patch",
    "write_raw",
]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return import_module(f"ant_timeline.render.{name}")
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'ant_timeline.render' has no attribute {name!r}")
    value = getattr(import_module(f"ant_timeline.render.{module}"), name)
    globals()[name] = value
    return value
