"""What reaches the terminal: inert data, alignment, wrapping."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from ant_timeline import render, store
from ant_timeline.text import inert

HOSTILE = {
    "csi colour": ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
    "osc 8 link": (
        "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
        "\\x1b]8;;https://evil.example\\x07click",
    ),
    "window title": ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
    "bidi override": ("abc\u202edef", "abc\\u202edef"),
    "zero width": ("a\u200bb", "a\\u200bb"),
    "c1 control": ("a\x9bb", "a\\x9bb"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_inert_shows_hidden_characters_visibly(name: str) -> None:
    raw, shown = HOSTILE[name]
    result = inert(raw)
    assert shown in result
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in result)
    assert "\u202e" not in result and "\u200b" not in result


def test_inert_newlines_and_tabs() -> None:
    assert inert("a\n\n  b\tc") == "a b c"
    assert inert("a\r\nb\x1b", keep_newlines=True) == "a\nb\\x1b"


def test_wrap_counts_terminal_cells() -> None:
    lines = render.wrap("蚂蚁集团 与 杭州市 签订 全面深化 战略合作 协议", 12)
    assert all(cell_len(line) <= 12 for line in lines)
    assert "".join(lines).replace(" ", "") == "蚂蚁集团与杭州市签订全面深化战略合作协议"
    assert render.wrap("https://example.org/a/very/long/path", 10)[0] == "https://ex"


def _terminal_output(path: Path, detail: bool = False) -> str:
    timeline = store.load(path)
    screen = render.Screen(color=True, terminal=True, width=100)
    buffer = io.StringIO()
    console = screen.console(file=buffer)
    lines = list(render.show_lines(timeline, total=len(timeline.events), detail=detail, width=100))
    console.print(render.console._to_text(lines))  # the exact Text that emit prints
    return buffer.getvalue()


def test_data_cannot_style_or_control_the_terminal(write: Callable[..., Path]) -> None:
    path = write(
        "events:\n"
        "  - id: a\n    date: 2021\n"
        '    title: "[bold red]markup[/] \\e]0;pwned\\a \\e[2J \\u202eevil"\n'
        '    actors: ["\\e]8;;https://evil.example\\aclick\\e]8;;\\a"]\n'
        "    sources:\n      - url: https://example.org/a\n"
    )
    output = _terminal_output(path, detail=True)
    assert "[bold red]markup[/]" in output  # markup shown as text
    assert "\\x1b]0;pwned\\x07" in output and "\\x1b[2J" in output and "\\u202eevil" in output
    assert "\x1b]0;" not in output and "\x1b[2J" not in output and "\u202e" not in output
    assert "evil.example\x1b" not in output and "\x1b]8;;https://evil" not in output
    assert "\x1b[" in output  # our own styling is still there


def test_chinese_text_stays_aligned(write: Callable[..., Path]) -> None:
    path = write(
        "timeline:\n  categories: [监管, corporate]\nevents:\n"
        "  - {id: a, date: 2023-05-16, title: 蚂蚁集团与杭州市签约, category: 监管}\n"
        "  - {id: b, date: 2023-05-18, title: Latin title, category: corporate}\n"
    )
    timeline = store.load(path)
    lines = ["".join(text for text, _ in line) for line in render.show_lines(timeline, total=2)]
    first = next(line for line in lines if "蚂蚁集团" in line)
    second = next(line for line in lines if "Latin title" in line)
    assert cell_len(first[: first.index("蚂蚁集团")]) == cell_len(second[: second.index("Latin")])


def test_long_gaps_are_marked(small: Path) -> None:
    timeline = store.load(small)
    text = "\n".join("".join(t for t, _ in line) for line in render.show_lines(timeline, total=3))
    assert "· 15 months without events ·" in text


def _many_events(count: int) -> str:
    lines = ["events:"]
    for n in range(count):
        lines.append(f"  - {{id: e{n}, date: 2020-01-01, title: Event {n}, tags: [t]}}")
    return "\n".join(lines) + "\n"


def test_long_loads_show_progress_on_a_terminal_only(write: Callable[..., Path]) -> None:
    import os
    import pty
    import subprocess
    import sys

    path = write(_many_events(6000))
    code = (
        "import sys\nimport ant_timeline.render.console as r\nr.PROGRESS_AFTER = 0\n"
        "from ant_timeline.cli import main\n"
        f"sys.argv = ['ant-timeline', 'show', '--no-cache', '--limit', '1', '--file', {str(path)!r}]\n"
        "main()"
    )
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", code], stderr=follower, stdout=subprocess.DEVNULL
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=120) == 0
    os.close(leader)
    assert b"reading events.yaml" in seen
    assert b"\x1b[" in seen  # drawn, then cleared
    piped = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=120, check=True
    )
    assert piped.stderr == b""
