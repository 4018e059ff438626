"""Output encodings that cannot hold every character: escaped, never a traceback.

With `PYTHONIOENCODING=ascii`, a C locale without UTF-8 mode, or Latin-1, stdout and stderr
cannot encode `·`, `→` or Chinese. Every command prints what the UTF-8 run prints with those
characters escaped in the syntax of what is printed: `\\xb7` in text, `\\u00b7` in JSON (so it
is still valid JSON with the same values), `&#xb7;` in HTML and Markdown (which render it as
the character itself); exit statuses stay as they are. The CLI runs as a process of its own,
since the encoding of stdout is chosen when Python starts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CURATED
from .processes import run
from .terminal import run_in_terminal

# Everything that chooses how Python encodes its standard streams.
_ENCODING_VARIABLES = ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LC_CTYPE", "LANG")

ENVIRONMENTS = {
    "ascii": ({"PYTHONIOENCODING": "ascii"}, "ascii"),
    "C locale": ({"LC_ALL": "C", "PYTHONUTF8": "0"}, "ascii"),
    "latin-1": ({"PYTHONIOENCODING": "latin-1"}, "latin-1"),
}
UTF8 = {"PYTHONIOENCODING": "utf-8"}

# Latin-1 has é but not the dash, the arrow, Chinese or the emoji; ASCII has none of them.
NARROW = """\
version: 1
timeline:
  title: "Café — 蚂蚁集团 😀"
  subject: Café
events:
  - id: cafe-fined
    date: 2021-03-04
    title: "Café fined — 罚款 😀"
    summary: "The café’s fine → 7 billion yuan."
    category: enforcement
    actors: [Café, 中国人民银行]
    tags: [amende]
    sources:
      - title: "Café fined — report"
        publisher: Le Monde
        url: https://example.org/café
        published: 2021-03-04
  - id: cafe-appeals
    date: 2021-Q3
    title: "Café appeals · 上诉"
    category: catégorie
    sources: []
"""

ARTICLE = (
    "date 2023-05-17 Le régulateur — 监管机构 — fined the café on Tuesday; "
    "the appeal → “expected in January” 😀.\n"
)


def _environment(changes: dict[str, str]) -> dict[str, str]:
    base = {key: value for key, value in os.environ.items() if key not in _ENCODING_VARIABLES}
    return {**base, "NO_COLOR": "1", **changes}


def _run(args: list[str], folder: Path, changes: dict[str, str]) -> tuple[int, bytes, bytes]:
    done = run(args, folder, env=_environment(changes))
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A timeline, an edited copy (for diff), an article, and a file that does not load."""
    place = tmp_path_factory.mktemp("encodings")
    (place / "narrow.yaml").write_text(NARROW, encoding="utf-8")
    edited = NARROW.replace("Café appeals · 上诉", "Café appeals again — 再次上诉")
    (place / "edited.yaml").write_text(
        edited.replace("2021-03-04\n    title", "2021-03\n    title", 1)
    )
    (place / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (place / "broken.yaml").write_text(
        "version: 1\nevents:\n  - id: x\n    date: 2021\n    title: Café · 中\n    catégorie: x\n",
        encoding="utf-8",
    )
    return place


TEXT_COMMANDS = {
    "show": ["show", "--file", "narrow.yaml"],
    "show --detail": ["show", "--detail", "--file", "narrow.yaml"],
    "show curated": ["show", "--detail", "--file", str(CURATED)],
    "check": ["check", "--file", "narrow.yaml"],
    "diff": ["diff", "narrow.yaml", "edited.yaml"],
    "extract": ["extract", "article.txt"],
    "export csv": ["export", "csv", "--file", "narrow.yaml"],
    "export ics": ["export", "ics", "--file", "narrow.yaml"],
    "export mermaid": ["export", "mermaid", "--file", "narrow.yaml"],
    "a load error": ["show", "--file", "broken.yaml"],
    "dry run": [
        "add", "event", "--file", "narrow.yaml", "--dry-run", "--date", "2021-06",
        "--title", "Cafe closes", "--source", "https://example.org/closes",
    ],
}  # fmt: skip
MARKUP_COMMANDS = {
    "export markdown": ["export", "markdown", "--file", "narrow.yaml"],
    "export html": ["export", "html", "--file", "narrow.yaml"],
    "export markdown -o -": ["export", "markdown", "--file", "narrow.yaml", "-o", "-"],
    "diff --format markdown": ["diff", "--format", "markdown", "narrow.yaml", "edited.yaml"],
}
JSON_COMMANDS = {
    "show --json": ["show", "--json", "--file", "narrow.yaml"],
    "check --json": ["check", "--json", "--file", "narrow.yaml"],
    "diff --json": ["diff", "--json", "narrow.yaml", "edited.yaml"],
    "extract --json": ["extract", "--json", "article.txt"],
    "export json": ["export", "json", "--file", "narrow.yaml"],
    "export timelinejs": ["export", "timelinejs", "--file", "narrow.yaml"],
}


def _escaped(handler: str) -> Callable[[bytes, str], bytes]:
    return lambda utf8, encoding: utf8.decode("utf-8").encode(encoding, handler)


@pytest.mark.parametrize("environment", list(ENVIRONMENTS))
@pytest.mark.parametrize(
    ("args", "escape"),
    [(args, _escaped("backslashreplace")) for args in TEXT_COMMANDS.values()]
    + [(args, _escaped("xmlcharrefreplace")) for args in MARKUP_COMMANDS.values()],
    ids=[*TEXT_COMMANDS, *MARKUP_COMMANDS],
)
def test_text_is_escaped_where_the_encoding_lacks_a_character(
    folder: Path, environment: str, args: list[str], escape: Callable[[bytes, str], bytes]
) -> None:
    changes, encoding = ENVIRONMENTS[environment]
    code, out, err = _run(args, folder, UTF8)
    narrow_code, narrow_out, narrow_err = _run(args, folder, changes)
    assert b"Traceback" not in narrow_err, narrow_err.decode(encoding, "replace")
    assert narrow_code == code
    assert not (out + err).isascii()  # so there is something to escape
    assert narrow_out == escape(out, encoding)
    assert narrow_err == _escaped("backslashreplace")(err, encoding)


@pytest.mark.parametrize("environment", list(ENVIRONMENTS))
@pytest.mark.parametrize("args", list(JSON_COMMANDS.values()), ids=list(JSON_COMMANDS))
def test_json_stays_valid_json_with_the_same_values(
    folder: Path, environment: str, args: list[str]
) -> None:
    changes, encoding = ENVIRONMENTS[environment]
    code, out, _ = _run(args, folder, UTF8)
    narrow_code, narrow_out, narrow_err = _run(args, folder, changes)
    assert (narrow_code, narrow_err) == (code, b"")
    text = narrow_out.decode(encoding)  # every byte is in the encoding
    assert json.loads(text) == json.loads(out.decode("utf-8"))
    shown = out.decode("utf-8")
    lacking = {char for char in shown if not _encodes(char, encoding)}
    assert lacking or encoding == "latin-1"
    for char in lacking:  # as JSON escapes (a surrogate pair for the emoji)
        assert json.dumps(char)[1:-1] in text
    if encoding == "latin-1" and "é" in shown:
        assert "é" in text  # what the encoding has is written as it is


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("environment", list(ENVIRONMENTS))
def test_an_export_to_a_file_is_utf8_whatever_the_terminal(folder: Path, environment: str) -> None:
    changes, _ = ENVIRONMENTS[environment]
    target = folder / f"out-{environment.replace(' ', '-')}.md"
    code, _, err = _run(
        ["export", "markdown", "--file", "narrow.yaml", "-o", str(target)], folder, changes
    )
    assert (code, err) == (0, b"")
    _, expected, _ = _run(["export", "markdown", "--file", "narrow.yaml"], folder, UTF8)
    assert target.read_bytes() == expected


def test_a_terminal_in_ascii_shows_escapes_in_colour(folder: Path) -> None:
    output = run_in_terminal(
        ["show", "--detail", "--no-pager", "--file", "narrow.yaml"],
        {"PYTHONIOENCODING": "ascii", "TERM": "xterm-256color", "NO_COLOR": ""},
        folder,
    )
    assert "Traceback" not in output
    assert "Caf\\xe9 fined \\u2014 \\u7f5a\\u6b3e \\U0001f600" in output
    assert "\x1b[" in output  # coloured: this went through the terminal's console


@pytest.mark.skipif(os.name != "posix", reason="file names as bytes")
def test_a_file_name_that_is_not_utf8_is_shown_not_fatal(folder: Path) -> None:
    # A file name Python keeps as surrogates ("\udce9"): a C locale writes the byte back as it
    # was; a UTF-8 stdout, which cannot hold a surrogate, shows an escape.
    name = os.fsdecode(b"caf\xe9.yaml")
    (folder / name).write_text(NARROW, encoding="utf-8")
    code, out, err = _run(["check", "--file", name], folder, UTF8)
    assert (code, err) == (1, b"")
    assert out.startswith(b"caf\\udce9.yaml:")
    code, out, err = _run(["check", "--file", name], folder, ENVIRONMENTS["C locale"][0])
    assert (code, err) == (1, b"")
    assert out.startswith(b"caf\xe9.yaml:")
