"""Hostile input for the whole tool: whatever a file or an article holds, every command ends.

Generated YAML documents (timeline shapes with wrong types, any unicode, deep nesting, huge
scalars, tags, anchors, duplicate keys, random bytes) go to `show`, `check`, every `export`
format and `diff` (either side), and generated articles to `extract`, all through the real CLI.
Every run must end with exit 0, 1 or 2; with 2, an `error:` message; never a traceback; and
text meant for a terminal never carries a control character or an invisible formatting one.

Two properties over generated timelines that load: `export json` read back gives the same
events, and `add event` then `remove event` gives back the same bytes.

`make test` runs the "default" hypothesis profile (a few dozen documents per test); `make fuzz`
runs the "fuzz" profile (thousands).
"""

from __future__ import annotations

import csv
import io
import json
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ant_timeline import dates, export, store
from ant_timeline.cli import app
from ant_timeline.export.json import date_fields
from ant_timeline.model import Event, Source
from ant_timeline.yamlstream import NULLS

from .conftest import SMALL

SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

# ---------------------------------------------------------------------------------------------
# Text: any unicode a file can hold, and the fragments attackers reach for


HOSTILE_FRAGMENTS = [
    "\x1b[31m",
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
    "\x9b31m",
    "\x07",
    "\x00",
    "\x7f",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200b",  # zero width space
    "\u200d",  # zero width joiner
    "\u2028",  # line separator
    "\ufeff",
    "[bold red]",
    "[/]",
    "[link=https://evil.example]x[/link]",
    "<script>alert(1)</script>",
    "</title>",
    '" onmouseover="x',
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    '=HYPERLINK("http://evil")',
    "+1",
    "-1",
    "@SUM(1)",
    "BEGIN:VEVENT",
    "END:VCALENDAR",
    "```",
    "*",
    "_",
    "#",
    "|",
    "%%",
    ":",
    ";",
    "\\",
    "'",
    '"',
    "{{",
    "}}",
    "蚂蚁集团",
    "\U0001f600",
    "e\u0301",
    "٢٠٢٣",  # Arabic-Indic digits
]

any_character = st.characters(codec="utf-8", exclude_categories=("Cs",))
hostile_text = st.lists(
    st.one_of(any_character, st.sampled_from(HOSTILE_FRAGMENTS), st.sampled_from(string.printable)),
    max_size=12,
).map("".join)
plain_words = st.text(alphabet=string.ascii_letters + string.digits + " -", max_size=30)
huge_text = st.builds(
    lambda fragment, count: fragment * count,
    st.sampled_from(["x", "ab ", "\u200b", "蚂", "[", "- ", "\x1b["]),
    st.integers(min_value=10_000, max_value=100_000),
)
text_values = st.one_of(plain_words, hostile_text, st.text(any_character, max_size=40))

# ---------------------------------------------------------------------------------------------
# A small YAML writer: values become text in every style a hand-kept file uses, and some it
# should not (tags, anchors, aliases, duplicate keys).


@dataclass(frozen=True)
class Tagged:
    tag: str
    value: object


@dataclass(frozen=True)
class Anchored:
    name: str
    value: object


@dataclass(frozen=True)
class Alias:
    name: str


@dataclass(frozen=True)
class Pairs:
    """A mapping written key by key, so it can hold the same key twice."""

    items: tuple[tuple[object, object], ...]


@dataclass(frozen=True)
class Styled:
    """A scalar with the quoting to write it in."""

    text: str
    style: str  # "plain", "double", "single" or "raw"


_PLAIN_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/-]*[A-Za-z0-9._/]|[A-Za-z0-9]")


def scalar(value: object) -> str:
    """One scalar as YAML text, on one line, in the quoting asked for where it can be."""
    if isinstance(value, Styled):
        text, style = value.text, value.style
    elif value is None:
        return "null"
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif isinstance(value, (int, float)):
        return repr(value)
    else:
        text, style = str(value), "double"
    if style == "plain" and _PLAIN_SAFE.fullmatch(text) and text not in NULLS:
        return text  # a plain `null` would be no text at all
    if style == "single" and text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    if style == "raw":  # characters as they are, printable or not: often not YAML at all
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return '"' + "".join(_escaped(char) for char in text) + '"'


def _escaped(char: str) -> str:
    """One character inside a double-quoted scalar: itself when printable ASCII, else escaped."""
    if char in '"\\':
        return "\\" + char
    if " " <= char <= "~":
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def inline(value: object) -> str:
    """A value in flow style, on one line."""
    if isinstance(value, Tagged):
        return f"{value.tag} {inline(value.value)}"
    if isinstance(value, Anchored):
        return f"&{value.name} {inline(value.value)}"
    if isinstance(value, Alias):
        return f"*{value.name}"
    if isinstance(value, (dict, Pairs)):
        items = value.items if isinstance(value, Pairs) else tuple(value.items())
        return "{" + ", ".join(f"{inline(k)}: {inline(v)}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(inline(item) for item in value) + "]"
    return scalar(value)


def block(value: object, indent: int, flow_from: int) -> list[str]:
    """A mapping or list in block style, nested collections in flow style below `flow_from`."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, (dict, Pairs)):
        items = value.items if isinstance(value, Pairs) else tuple(value.items())
        for key, item in items:
            if _is_collection(item) and indent < flow_from:
                lines.append(f"{pad}{inline(key)}:")
                lines += block(item, indent + 2, flow_from)
            else:
                lines.append(f"{pad}{inline(key)}: {inline(item)}")
        return lines
    assert isinstance(value, (list, tuple))
    for item in value:
        if _is_collection(item) and indent < flow_from:
            nested = block(item, indent + 2, flow_from)
            lines.append(f"{pad}- {nested[0][indent + 2 :]}")
            lines += nested[1:]
        else:
            lines.append(f"{pad}- {inline(item)}")
    return lines


def _is_collection(value: object) -> bool:
    return isinstance(value, (dict, Pairs, list, tuple)) and bool(
        value.items if isinstance(value, Pairs) else value
    )


def document(value: object, flow_from: int) -> str:
    """A whole document: block style at the top unless it is a scalar."""
    if _is_collection(value):
        return "\n".join(block(value, 0, flow_from)) + "\n"
    return inline(value) + "\n"


# ---------------------------------------------------------------------------------------------
# Documents: timeline shapes first, then anything


STYLES = ["plain", "plain", "double", "double", "single"]


def styled(text: st.SearchStrategy[str], *, raw: bool = True) -> st.SearchStrategy[Styled]:
    """Text in one of the quoting styles; with `raw`, sometimes written unescaped."""
    return st.builds(Styled, text, st.sampled_from([*STYLES, "raw"] if raw else STYLES))


kebab = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
ids = st.one_of(
    st.sampled_from(["a", "b", "probe-opened", "acme-fined", "e-1"]),
    kebab,
    hostile_text.filter(bool),
)


@st.composite
def point_dates(draw: st.DrawFn, last_day: int = 31) -> str:
    """A date in the grammar; days up to 31 in any month unless `last_day` is lower."""
    year = draw(st.one_of(st.integers(1990, 2030), st.sampled_from([1, 2, 1000, 9998, 9999])))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, last_day))
    body = draw(
        st.sampled_from(
            [
                f"{year:04d}",
                f"{year:04d}-{month:02d}",
                f"{year:04d}-{month:02d}-{day:02d}",
                f"{year:04d}-Q{1 + month % 4}",
                f"{year:04d}-H{1 + month % 2}",
            ]
        )
    )
    return body + draw(st.sampled_from(["", "", "~", "?", "%"]))


date_texts = st.one_of(
    point_dates(),
    st.builds(
        lambda a, b: f"{a}/{b}", point_dates() | st.just(".."), point_dates() | st.just("..")
    ),
    st.sampled_from(["../..", "2023-02-29", "2023-13", "0000", "2020-Q5", "20201", "2020-1-1"]),
    st.sampled_from(["late 2021", "July 7, 2023", "yesterday", "٢٠٢٠", "２０２０"]),
    hostile_text,
)
urls = st.one_of(
    st.sampled_from(
        [
            "https://example.org/a",
            "http://example.org/b?x=1&y=<2>",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "ftp://example.org/c",
            "https://",
            "http://[::1",
            "https://exa mple.org",
            "//example.org",
            "",
        ]
    ),
    st.builds(lambda tail: "https://example.org/" + tail, hostile_text),
    hostile_text,
)


def _wild(depth: int) -> st.SearchStrategy[object]:
    """Any value at all: scalars of every type, nested lists and mappings, tags, aliases."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        styled(text_values),
        st.builds(Tagged, st.sampled_from(TAGS), styled(plain_words)),
        st.builds(Alias, st.sampled_from(["a", "bomb", "x"])),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(styled(plain_words), children, max_size=4),
            st.builds(Anchored, st.sampled_from(["a", "x"]), children),
            st.builds(Tagged, st.sampled_from(TAGS), st.lists(children, max_size=2)),
        ),
        max_leaves=depth * 4,
    )


TAGS = [
    "!!python/object/apply:os.system",
    "!!python/object/new:subprocess.Popen",
    "!!python/name:os.system",
    "!custom",
    "!!str",
    "!!int",
    "!!binary",
    "!!set",
    "!!omap",
    "!<tag:yaml.org,2002:str>",
    "!",
]


WILD_SMALL = _wild(1)
WILD = _wild(3)
WILD_LARGE = _wild(6)


def maybe(valid: st.SearchStrategy[object], strict: bool) -> st.SearchStrategy[object]:
    """A value of the right shape; unless `strict`, sometimes anything."""
    return valid if strict else st.one_of(valid, valid, valid, WILD)


def in_order(first: str, second: str) -> str:
    """An interval START/END whose ends are in order."""
    start, end = sorted((first, second), key=lambda text: dates.parse(text).sort_key)
    return f"{start}/{end}"


titles = text_values.filter(lambda text: bool(text.strip()))
valid_points = point_dates(last_day=28)
valid_dates = st.one_of(
    valid_points,
    valid_points,
    st.builds(in_order, valid_points, valid_points),
    st.builds(lambda a: f"{a}/..", valid_points),
    st.builds(lambda a: f"../{a}", valid_points),
)
# Ids a timeline may well use, including ones that only `check` refuses.
event_ids = st.one_of(kebab, kebab, kebab, hostile_text.filter(lambda text: bool(text.strip())))
categories = st.sampled_from(["regulation", "enforcement", "other"]) | hostile_text


def _field_strategies(strict: bool) -> dict[str, st.SearchStrategy[object]]:
    """Each field's values: of the right type when `strict`, else sometimes anything."""

    def quoted(text: st.SearchStrategy[str]) -> st.SearchStrategy[Styled]:
        return styled(text, raw=not strict)  # unescaped control characters are not YAML

    source_fields = {
        # A required field: blank is a load error, so a loadable file has some address.
        "url": maybe(quoted(urls.filter(str.strip) if strict else urls), strict),
        "title": maybe(quoted(text_values), strict),
        "publisher": maybe(quoted(text_values), strict),
        "published": maybe(quoted(valid_points if strict else date_texts), strict),
    }
    listed = st.lists(quoted(text_values), max_size=3)
    return {
        "id": maybe(quoted(ids), strict),
        "date": maybe(quoted(valid_dates if strict else date_texts), strict),
        "title": maybe(quoted(titles if strict else text_values), strict),
        "summary": maybe(quoted(text_values), strict),
        "category": maybe(quoted(categories), strict),
        "actors": maybe(listed, strict),
        "tags": maybe(listed, strict),
        "sources": maybe(
            st.lists(
                st.fixed_dictionaries(source_fields).flatmap(
                    lambda fields: _fiddled(fields, SOURCE_KEYS, strict)
                ),
                max_size=3,
            ),
            strict,
        ),
        "related": maybe(st.lists(quoted(ids), max_size=2), strict),
        "version": st.just(1) if strict else maybe(st.sampled_from([1, 2, "1"]), strict),
        "timeline": maybe(
            st.fixed_dictionaries(
                {},
                optional={
                    "title": quoted(text_values),
                    "subject": quoted(text_values),
                    "description": quoted(text_values),
                    "categories": st.lists(quoted(text_values), max_size=3),
                },
            ),
            strict,
        ),
    }


SOURCE_KEYS = ("url", "title", "publisher", "published", "uri")
EVENT_KEYS = ("id", "date", "title", "titel", "colour", "sources")
TOP_KEYS = ("version", "timeline", "events", "evnts")
FIELDS = {strict: _field_strategies(strict) for strict in (True, False)}
HUGE_SUMMARY = styled(huge_text, raw=False)


def _fiddled(
    fields: dict[str, object], keys: tuple[str, ...], strict: bool
) -> st.SearchStrategy[object]:
    """Unless `strict`: drop some fields, add unknown or repeated keys, add an anchor."""
    if strict:
        return st.just(fields)
    return st.builds(
        _fiddle,
        st.just(fields),
        st.lists(st.booleans(), min_size=len(fields), max_size=len(fields)),
        st.none() | st.tuples(st.sampled_from(keys), WILD_SMALL),
        st.sampled_from(["dict"] * 3 + ["pairs", "anchored"]),
    )


def _fiddle(
    fields: dict[str, object],
    drops: list[bool],
    extra: tuple[str, object] | None,
    form: str,
) -> object:
    pairs: list[tuple[object, object]] = [
        item for item, drop in zip(fields.items(), drops, strict=True) if not drop
    ]
    if extra is not None:
        pairs.append(extra)
    if form == "pairs":
        return Pairs(tuple(pairs))
    if form == "anchored":
        return Anchored("a", dict(pairs))
    return dict(pairs)


@st.composite
def events(
    draw: st.DrawFn, strict: bool, event_id: str | None = None, *, huge: bool = False
) -> object:
    strategies = FIELDS[strict]
    fields = {name: draw(strategies[name]) for name in EVENT_FIELDS}
    if event_id is not None:
        fields["id"] = Styled(event_id, "plain")
    if huge:
        fields["summary"] = draw(HUGE_SUMMARY)
    return draw(_fiddled(fields, EVENT_KEYS, strict))


EVENT_FIELDS = ("id", "date", "title", "summary", "category", "actors", "tags", "sources")
EVENT_FIELDS += ("related",)
LOOSE_EVENTS = st.lists(events(strict=False), max_size=5)
EVENT_NAMES = st.lists(event_ids, max_size=6, unique_by=lambda text: text.strip())


@st.composite
def timelines(draw: st.DrawFn, strict: bool, *, huge: bool = False) -> object:
    """A timeline-shaped value. `strict`: one that loads (every field of the right type, ids
    unique), with any text in it, `huge` in the first summary; else mostly right types."""
    if strict:
        names = draw(EVENT_NAMES)
        listed: object = [
            draw(events(strict, name, huge=huge and index == 0)) for index, name in enumerate(names)
        ]
    else:
        listed = draw(maybe(LOOSE_EVENTS, strict))
    strategies = FIELDS[strict]
    top = {
        "version": draw(strategies["version"]),
        "timeline": draw(strategies["timeline"]),
        "events": listed,
    }
    return draw(_fiddled(top, TOP_KEYS, strict))


@st.composite
def yaml_documents(draw: st.DrawFn) -> bytes:
    """A document as bytes: a timeline that loads, a timeline shape with wrong types, anything
    at all, an attack, or random bytes; the text sometimes damaged or in another encoding."""
    kind = draw(
        st.sampled_from(["loads"] * 8 + ["shape"] * 6 + ["huge", "wild", "nested", "bomb", "bytes"])
    )
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "nested":
        depth = draw(st.integers(1, 2000))
        opener, closer = draw(st.sampled_from([("[", "]"), ("{a: ", "}"), ("- ", "")]))
        if opener == "- ":
            text = "events:\n" + "".join("  " * i + "-\n" for i in range(min(depth, 300)))
        else:
            text = "events: " + opener * depth + "x" + closer * depth + "\n"
    elif kind == "bomb":
        width = draw(st.integers(2, 9))
        levels = draw(st.integers(1, 12))
        lines = ['a0: &a0 ["lol"]']
        for level in range(1, levels):
            items = ", ".join([f"*a{level - 1}"] * width)
            lines.append(f"a{level}: &a{level} [{items}]")
        lines.append(f"events: *a{levels - 1}")
        text = "\n".join(lines) + "\n"
    else:
        shape = timelines(strict=kind in ("loads", "huge"), huge=kind == "huge")
        value = draw(WILD_LARGE if kind == "wild" else shape)
        text = document(value, flow_from=draw(st.sampled_from([0, 2, 4, 8, 99])))
    if kind in ("loads", "huge"):
        return text.encode(draw(st.sampled_from(["utf-8"] * 5 + ["utf-8-sig"])))
    text = draw(damaged(text))
    encoding = draw(st.sampled_from(["utf-8"] * 12 + ["utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    return text.encode(encoding, errors="replace")


@st.composite
def damaged(draw: st.DrawFn, text: str) -> str:
    """The text, or the text with a piece cut out, pasted in, or a line repeated."""
    how = draw(st.sampled_from(["none"] * 6 + ["cut", "insert", "repeat", "crlf", "tabs"]))
    if how == "none" or not text:
        return text
    at = draw(st.integers(0, len(text)))
    if how == "cut":
        return text[:at] + text[at + draw(st.integers(1, 40)) :]
    if how == "insert":
        return (
            text[:at]
            + draw(hostile_text | st.sampled_from([": ", "- ", "\n  ", "&a ", "*a"]))
            + text[at:]
        )
    if how == "repeat":
        lines = text.splitlines(keepends=True)
        index = draw(st.integers(0, len(lines) - 1))
        return "".join(lines[: index + 1] + lines[index:])
    if how == "crlf":
        return text.replace("\n", "\r\n")
    return text.replace("  ", "\t", 1)


# ---------------------------------------------------------------------------------------------
# Running the CLI and what every run must satisfy

# Terminal text must never carry these: C0/C1 controls (but newline), DEL, bidi and zero-width
# formatting characters. JSON and export formats escape for their own readers instead.
_UNSAFE_FOR_TERMINAL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff]"
)
EXPECTED_CODES = {"show": (0, 2), "export": (0, 2), "check": (0, 1, 2), "diff": (0, 1, 2)}
EXPECTED_CODES.update(extract=(0, 2), add=(0, 2), remove=(0, 1, 2))


@dataclass
class Run:
    args: list[str]
    exit_code: int
    stdout: str
    stderr: str


def run(runner: CliRunner, *args: str, stdin: bytes | None = None) -> Run:
    """Run the CLI and assert the promises every command keeps for any input."""
    result = runner.invoke(app, list(args), input=stdin)
    shown = f"{args}\n--- stdout\n{result.stdout[:2000]}\n--- stderr\n{result.stderr[:2000]}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"crashed: {shown}\n{trace}")
    assert "Traceback" not in result.stdout + result.stderr, shown
    command = args[0]
    assert result.exit_code in EXPECTED_CODES[command], shown
    if result.exit_code == 2 and command == "check" and not result.stderr:
        # check reports a file it cannot parse as YAML as its one problem, on stdout
        assert ": error: " in result.stdout or '"severity": "error"' in result.stdout, shown
    elif result.exit_code == 2:
        assert result.stderr.startswith("error: "), shown
    elif command in ("show", "export"):
        assert result.stderr == "", shown
    terminal_text = result.stderr
    if "--json" not in args and command != "export":
        terminal_text += result.stdout
    found = _UNSAFE_FOR_TERMINAL.search(terminal_text)
    assert found is None, f"{found.group()!r} reached the terminal: {shown}"
    event(f"{command} exit {result.exit_code}")
    if result.exit_code == 0 and ("--json" in args or args[:2] == ["export", "json"]):
        assert json.loads(result.stdout)["version"] == 1
    return Run(list(args), result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty working folder with no events file from the environment."""
    monkeypatch.delenv("ANT_TIMELINE_FILE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def leftovers(folder: Path, *expected: str) -> list[str]:
    """Files in the folder other than those the test wrote."""
    return sorted(p.name for p in folder.iterdir() if p.name not in expected)


# ---------------------------------------------------------------------------------------------
# The properties


@SETTINGS
@given(content=yaml_documents())
def test_show_and_check_any_document(folder: Path, content: bytes) -> None:
    path = folder / "events.yaml"
    path.write_bytes(content)
    runner = CliRunner()
    for args in (
        ["show"],
        ["show", "--detail", "--reverse"],
        ["show", "--json", "--no-cache"],
        ["show", "--search", "a", "--tag", "x"],
        ["check"],
        ["check", "--json", "--strict"],
    ):
        run(runner, *args, "--file", str(path))
    assert leftovers(folder, "events.yaml") == []
    assert path.read_bytes() == content


@SETTINGS
@given(content=yaml_documents(), detail=st.booleans())
def test_every_export_format_of_any_document(folder: Path, content: bytes, detail: bool) -> None:
    path = folder / "events.yaml"
    path.write_bytes(content)
    runner = CliRunner()
    outputs = {}
    for name in export.names():
        result = run(
            runner, "export", name, "--file", str(path), "--detail" if detail else "--brief"
        )
        outputs[name] = result
    # A file either loads, and every format exports it, or it does not, and none does.
    assert len({result.exit_code for result in outputs.values()}) == 1, outputs
    if outputs["json"].exit_code == 0:
        count = len(store.load(path).events)
        for name, result in outputs.items():
            assert exported_events(name, result.stdout) in (count, None), name
    assert leftovers(folder, "events.yaml") == []
    assert path.read_bytes() == content


def exported_events(name: str, text: str) -> int | None:
    """How many events an export holds, as a reader of its format sees them (None: not read)."""
    if name == "json":
        return len(json.loads(text)["events"])
    if name == "timelinejs":
        return len(json.loads(text)["events"])
    if name == "csv":
        limit = csv.field_size_limit(2**30)  # a huge summary is one huge cell
        try:
            return len(list(csv.reader(io.StringIO(text, newline="")))) - 1
        finally:
            csv.field_size_limit(limit)
    if name == "ics":
        return len(icalendar.Calendar.from_ical(text).walk("VEVENT"))
    if name == "html":
        return text.count("<article")
    return None


@SETTINGS
@given(content=yaml_documents(), other=yaml_documents())
def test_diff_with_either_side_hostile(folder: Path, content: bytes, other: bytes) -> None:
    hostile = folder / "hostile.yaml"
    hostile.write_bytes(content)
    second = folder / "other.yaml"
    second.write_bytes(other)
    good = folder / "good.yaml"
    good.write_text(SMALL, encoding="utf-8")
    runner = CliRunner()
    for old, new in ((good, hostile), (hostile, good), (hostile, second), (hostile, hostile)):
        run(runner, "diff", str(old), str(new))
        run(runner, "diff", str(old), str(new), "--json")
        run(runner, "diff", str(old), str(new), "--format", "markdown")
    run(runner, "diff", str(hostile), "--file", str(second), "--stat")
    assert leftovers(folder, "hostile.yaml", "other.yaml", "good.yaml") == []


# Articles: news-like words that date things, around whatever else the text holds.
_ARTICLE_VOCABULARY = (
    "in on from to between and last next this year years ago week weeks month months quarter "
    "the first second half early late mid end of January May June September December Tuesday "
    "Friday's 2020 2021 1999 1800 2099 0001-01-01 9999-12-31 0000 9999 5 17 29 30 31 Q3 H2 "
    "2023-02-29 2023-13-01 decade decades days two will would was said since until spring fall "
    "same period earlier later yesterday tomorrow 2022-23 23-25 at least most recently . , - – ( )"
)
DATE_WORDS = _ARTICLE_VOCABULARY.split(" ")
article_words = st.one_of(st.sampled_from([*DATE_WORDS, "\n", "\n\n"]), hostile_text)
datelines = st.one_of(
    st.builds(lambda day: f"date {day.isoformat()} ", st.dates()),
    st.builds(lambda day: day.strftime("%B %d, %Y").lstrip("0") + "\n", st.dates()),
    st.sampled_from(["", "0001-01-01\n", "9999-12-31\n", "BEIJING, May 17 (Wire) - ", "date "]),
)


@SETTINGS
@given(
    dateline=datelines,
    words=st.lists(article_words, max_size=80),
    published=st.one_of(
        st.none(), st.none(), st.dates().map(str), st.sampled_from(["soon", "2023", ""])
    ),
    encoding=st.sampled_from(["utf-8"] * 8 + ["utf-16", "latin-1"]),
)
def test_extract_any_article(
    folder: Path, dateline: str, words: list[str], published: str | None, encoding: str
) -> None:
    data = (dateline + " ".join(words)).encode(encoding, errors="replace")
    article = folder / "article.txt"
    article.write_bytes(data)
    runner = CliRunner()
    options = [] if published is None else ["--published", published]
    run(runner, "extract", str(article), *options)
    run(runner, "extract", str(article), "--sort", "date", "--json", *options)
    run(runner, "extract", "-", *options, stdin=data)
    assert leftovers(folder, "article.txt") == []


# ---------------------------------------------------------------------------------------------
# What must not be lost


def events_from_json(document: dict[str, Any]) -> tuple[Event, ...]:
    """The events of a `show --json` / `export json` envelope, read back into the model."""
    read = []
    for item in document["events"]:
        when = dates.parse(item["date"])
        assert {key: item[key] for key in DATE_KEYS} == date_fields(when)
        read.append(
            Event(
                id=item["id"],
                date=when,
                title=item["title"],
                summary=item["summary"],
                category=item["category"],
                actors=tuple(item["actors"]),
                tags=tuple(item["tags"]),
                sources=tuple(
                    Source(
                        source["url"],
                        source["title"],
                        source["publisher"],
                        dates.parse(source["published"]) if source["published"] else None,
                    )
                    for source in item["sources"]
                ),
                related=tuple(item["related"]),
            )
        )
    return tuple(read)


DATE_KEYS = ("date", "earliest", "latest", "precision", "approximate", "uncertain")
LOADABLE = st.builds(document, timelines(strict=True), flow_from=st.sampled_from([0, 2, 4, 8, 99]))


@SETTINGS
@given(text=LOADABLE)
def test_export_json_keeps_every_event(folder: Path, text: str) -> None:
    path = folder / "events.yaml"
    path.write_text(text, encoding="utf-8")
    timeline = store.load(path)
    result = run(CliRunner(), "export", "json", "--file", str(path))
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert events_from_json(document) == timeline.events
    info = timeline.info
    assert document["timeline"] == {
        "title": info.title,
        "subject": info.subject,
        "description": info.description,
        "categories": list(info.vocabulary),
    }


@SETTINGS
@given(text=LOADABLE, title=titles.filter(str.split), when=valid_dates)
def test_add_then_remove_gives_back_the_same_bytes(
    folder: Path, text: str, title: str, when: str
) -> None:
    path = folder / "events.yaml"
    path.write_text(text, encoding="utf-8")
    original = path.read_bytes()
    runner = CliRunner()
    added = run(
        runner,
        "add",
        "event",
        "--file",
        str(path),
        "--date",
        when,
        "--title",
        title,
        "--source",
        "https://example.org/added",
        "--force",
    )
    if "add needs a block list" in added.stderr:  # `events: [...]` is refused, documented
        assert added.exit_code == 2
        assert path.read_bytes() == original
        return
    assert added.exit_code == 0, added.stderr
    new_id = re.search(r"added '(.*)' to", added.stderr)
    assert new_id is not None, added.stderr
    before = store.parse_text(original.decode("utf-8"), str(path)).timeline.events
    assert len(store.load(path).events) == len(before) + 1
    removed = run(runner, "remove", "event", new_id.group(1), "--file", str(path), "--yes")
    assert removed.exit_code == 0, removed.stderr
    assert path.read_bytes() == original
