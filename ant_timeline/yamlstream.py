"""A small, strict YAML reader over ruamel.yaml's event stream (libyaml's C parser when present).

It builds no node graph for the whole file: the caller walks the top level and asks for one
value at a time, so a 100,000-event file never exists as a tree in memory. Everything a hand-kept
timeline does not need is refused with its place: tags, anchors and aliases, duplicate keys,
non-scalar keys, nesting deeper than `MAX_DEPTH`, one value of more than `MAX_NODES` items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ant_timeline.errors import Problem, YamlSyntaxError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

MAX_DEPTH = 16
# Values in one composed value (an event, the header, an unknown key's value). A parsed value
# costs up to ~50 times its bytes; no timeline needs more than a few hundred in one place.
MAX_NODES = 100_000
# Problems listed per file. Past this they are only counted: a flood of tiny mistakes (a list
# of a million aliases) would otherwise cost a hundred times the file's size in memory.
MAX_PROBLEMS = 1000
NULLS = frozenset(("", "~", "null", "Null", "NULL"))


@dataclass(slots=True)
class Node:
    """A composed YAML value with its 1-based position.

    `value` is a str (scalar), a list of Nodes (sequence) or a dict key -> (key Node, Node).
    `plain` is True for an unquoted scalar; `end` is the position just after the value.
    """

    kind: str  # "scalar", "seq" or "map"
    value: Any
    line: int
    column: int
    plain: bool = False
    flow: bool = False
    end: tuple[int, int] = (0, 0)

    @property
    def is_null(self) -> bool:
        """An empty or `null` plain scalar."""
        return self.kind == "scalar" and self.plain and self.value in NULLS

    @property
    def position(self) -> tuple[int, int]:
        """(line, column), 1-based."""
        return (self.line, self.column)


class StreamReader:
    """Pulls YAML events for one document and composes values from them on demand.

    Syntax errors surface as ruamel's `MarkedYAMLError` from any call; `translate_errors`
    turns them into a `YamlSyntaxError` with the place.
    """

    def __init__(self, text: str, path: str, problems: list[Problem]) -> None:
        # ruamel costs ~50 ms to import; only commands that read a file pay it.
        from ruamel.yaml import events  # noqa: PLC0415

        self.path = path
        self.text = text
        self.problems = problems
        self.unlisted = 0  # problems past MAX_PROBLEMS, counted but not kept
        self.first_unlisted = (0, 0)
        self._next = _event_source(text)
        self._peeked: Any = None
        self._nodes = 0  # values composed since `compose` began
        self._scalar = events.ScalarEvent
        self._seq_start = events.SequenceStartEvent
        self._seq_end = events.SequenceEndEvent
        self._map_start = events.MappingStartEvent
        self._map_end = events.MappingEndEvent
        self._alias = events.AliasEvent
        self._stream_end = events.StreamEndEvent

    # -- the event stream ---------------------------------------------------------------------

    def peek(self) -> Any:
        """The next event, without consuming it."""
        if self._peeked is None:
            self._peeked = self._next()
        return self._peeked

    def take(self) -> Any:
        """The next event."""
        event = self.peek()
        self._peeked = None
        return event

    def at(self, kind: str) -> bool:
        """True when the next event is of `kind` (e.g. "MappingEndEvent")."""
        return type(self.peek()).__name__ == kind

    def problem(self, line: int, column: int, code: str, message: str, **extra: Any) -> None:
        """Record a problem at a 1-based position; past `MAX_PROBLEMS`, only count it."""
        if len(self.problems) >= MAX_PROBLEMS:
            if not self.unlisted:
                self.first_unlisted = (line, column)
            self.unlisted += 1
            return
        self.problems.append(Problem(self.path, line, column, code, message, **extra))

    def unlisted_problem(self) -> Problem | None:
        """One problem that says how many more were found than listed, if any were."""
        if not self.unlisted:
            return None
        return Problem(
            self.path,
            *self.first_unlisted,
            "too-many-problems",
            f"{self.unlisted:,} more problems from here on are not listed; fix the first "
            f"{MAX_PROBLEMS:,} and check again",
            count=self.unlisted,
        )

    def fatal(self, line: int, column: int, code: str, message: str) -> YamlSyntaxError:
        """A problem that stops reading: the rest of the file cannot be trusted."""
        return YamlSyntaxError(Problem(self.path, line, column, code, message))

    def document_start(self) -> bool:
        """Consume stream and document start; False for an empty stream."""
        self.take()  # StreamStartEvent
        if self.at("StreamEndEvent"):
            return False
        self.take()  # DocumentStartEvent
        return True

    def document_end(self) -> None:
        """Consume the end of the document and refuse a second one."""
        self.take()  # DocumentEndEvent
        if not self.at("StreamEndEvent"):
            event = self.take()
            line, column = _mark(event)
            raise self.fatal(
                line,
                column,
                "yaml-multiple-documents",
                "a second YAML document ('---') follows; an events file holds one",
            )

    # -- composing ----------------------------------------------------------------------------

    def check_node_event(self, event: Any) -> None:
        """Record tags, anchors and aliases: a hand-kept timeline needs none of them."""
        line, column = _mark(event)
        tag = getattr(event, "tag", None)
        if tag is not None:
            self.problem(
                line,
                column,
                "yaml-tag",
                f"YAML tags are not allowed in an events file (found {tag!r})",
            )
        if getattr(event, "anchor", None) is not None:
            self.problem(
                line,
                column,
                "yaml-anchor",
                "YAML anchors (&name) and aliases (*name) are not allowed in an events file",
            )

    def compose(self, depth: int = 0) -> Node:
        """Compose the next value (scalar, sequence or mapping) into a Node."""
        self._nodes = 0
        return self._compose(self.take(), depth)

    def _compose(self, event: Any, depth: int) -> Node:
        kind = type(event)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            line, column = _mark(event)
            raise self.fatal(
                line,
                column,
                "yaml-too-large",
                f"one value holds more than {MAX_NODES:,} values; an events file needs far fewer",
            )
        if kind is self._scalar:
            if event.tag is not None or event.anchor is not None:
                self.check_node_event(event)
            mark = event.start_mark
            return Node("scalar", event.value, mark.line + 1, mark.column + 1, not event.style)
        line, column = _mark(event)
        if depth > MAX_DEPTH:
            raise self.fatal(
                line,
                column,
                "yaml-too-deep",
                f"values are nested more than {MAX_DEPTH} levels deep; an events file needs 5",
            )
        if kind is self._seq_start:
            if event.tag is not None or event.anchor is not None:
                self.check_node_event(event)
            items: list[Node] = []
            next_event, seq_end = self._next, self._seq_end
            while True:
                item = next_event()
                if type(item) is seq_end:
                    break
                items.append(self._compose(item, depth + 1))
            return Node("seq", items, line, column, False, bool(event.flow_style), _end(item))
        if kind is self._map_start:
            if event.tag is not None or event.anchor is not None:
                self.check_node_event(event)
            pairs: dict[str, tuple[Node, Node]] = {}
            next_event, map_end = self._next, self._map_end
            while True:
                item = next_event()
                if type(item) is map_end:
                    break
                key = self._compose(item, depth + 1)
                value = self._compose(next_event(), depth + 1)
                if key.kind != "scalar":
                    self.complex_key(key)
                elif key.value in pairs:
                    self.duplicate_key(pairs, key)
                else:
                    pairs[key.value] = (key, value)
            return Node("map", pairs, line, column, False, bool(event.flow_style), _end(item))
        if kind is self._alias:
            self.check_node_event(event)
            return Node("scalar", "", line, column, True)
        raise self.fatal(line, column, "yaml-unexpected", f"unexpected YAML {kind.__name__}")

    def key(self, depth: int = 0) -> Node | None:
        """The next mapping key; None (with a problem recorded) when it is not a scalar."""
        node = self.compose(depth)
        if node.kind != "scalar":
            self.complex_key(node)
            return None
        return node

    def complex_key(self, node: Node) -> None:
        """Report a list or mapping used as a key."""
        self.problem(
            node.line,
            node.column,
            "yaml-complex-key",
            "a mapping key must be a plain name, not a list or mapping",
        )

    def duplicate_key(self, pairs: dict[str, tuple[Node, Node]], key: Node) -> None:
        """Report a key seen twice in one mapping, naming both places; the first one is kept."""
        first = pairs[key.value][0]
        self.problem(
            key.line,
            key.column,
            "duplicate-key",
            f"duplicate key {key.value!r} (first at line {first.line}, column "
            f"{first.column}); YAML keeps only one, so remove or rename one of them",
            field=key.value,
        )

    def translate_errors(self, error: Exception) -> YamlSyntaxError:
        """A ruamel parse error as a `YamlSyntaxError` naming the line and column."""
        return _syntax_error(error, self.text, self.path)


def _mark(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def _end(event: Any) -> tuple[int, int]:
    mark = event.end_mark
    return (mark.line + 1, mark.column + 1)


def _event_source(text: str) -> Callable[[], Any]:
    """A function returning the next YAML event, from libyaml's C parser when available."""
    try:
        from _ruamel_yaml import CParser  # noqa: PLC0415 - optional C extension
    except ImportError:  # pragma: no cover - the pure-Python parser gives the same events
        from ruamel.yaml import YAML  # noqa: PLC0415

        events: Iterator[Any] = iter(YAML(typ="safe", pure=True).parse(text))
        return events.__next__
    parser: Any = CParser(text)
    get_event: Callable[[], Any] = parser.get_event
    return get_event


def is_yaml_error(error: Exception) -> bool:
    """True for the errors ruamel raises on text that is not YAML."""
    from ruamel.yaml.error import YAMLError  # noqa: PLC0415

    return isinstance(error, YAMLError)


# What the parser's most common complaints usually mean in a hand-edited file.
_HINTS = (
    ("tab character", "indent with spaces, not tabs"),
    (
        "mapping values are not allowed",
        "check this line's indentation against the lines above, "
        "or put a value that contains ': ' in quotes",
    ),
    (
        "could not find expected ':'",
        "a key needs a colon after it (key: value); check the line above too",
    ),
    ("did not find expected key", "check the indentation here and on the line above"),
    ("did not find expected '-' indicator", "line up the list items ('- ') one under another"),
    ("cannot start any token", "put the value in quotes"),
    (  # `{url: https://...}`: inside [...] or {...} a ':' ends a plain key
        "found unexpected ':'",
        "inside [...] or {...} a value with ':' in it (a URL, a time) needs quotes",
    ),
    ("found undefined alias", "'*' starts a YAML alias: put the value in quotes"),
    (
        "expected <document start>",
        "an events file starts with keys such as 'version:' or 'events:'",
    ),
)


def _hint(message: str) -> str:
    for symptom, hint in _HINTS:
        if symptom in message:
            return f"; {hint}"
    return ""


def _syntax_error(error: Exception, text: str, path: str) -> YamlSyntaxError:
    from ruamel.yaml.error import MarkedYAMLError  # noqa: PLC0415

    if isinstance(error, MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        message = str(error.problem or "not valid YAML")
        if error.context and error.context_mark:
            message += (
                f" ({error.context} started at line {error.context_mark.line + 1}, "
                f"column {error.context_mark.column + 1})"
            )
        message += _hint(message)
        return YamlSyntaxError(Problem(path, line, column, "yaml-syntax", message))
    # A ReaderError (e.g. a control character YAML forbids) knows only its offset.
    offset = getattr(error, "position", None)
    line, column = (1, 1)
    if isinstance(offset, int):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    reason = getattr(error, "reason", None)
    character = getattr(error, "character", None)
    message = " ".join(str(error).split())
    if isinstance(character, str):  # the pure-Python reader gives the character ...
        character = ord(character)
    if reason and isinstance(character, int):  # ... libyaml's its code
        message = f"{reason}: character U+{character:04X} is not allowed in YAML"
    return YamlSyntaxError(Problem(path, line, column, "yaml-syntax", message))
