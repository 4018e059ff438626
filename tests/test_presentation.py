"""One answer everywhere: year groups, covered span, gaps and links agree in show and exports."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ant_timeline import export, query, store
from ant_timeline.text import is_web_url, link_url

from .conftest import CURATED

Invoke = Callable[..., Any]

OPEN_ENDS = """\
timeline: {title: Open ends}
events:
  - {id: long-dominance, date: ../2021, title: Acme dominates the market}
  - {id: probe, date: 2019-05, title: Probe opens}
  - {id: fine, date: 2021-03, title: Acme fined}
  - {id: appeal, date: 2023-09-23/.., title: Appeal runs}
"""


def test_open_starts_get_one_heading_of_their_own(
    invoke: Invoke, write: Callable[..., Path]
) -> None:
    path = write(OPEN_ENDS)
    out = invoke("show", "--file", str(path)).stdout
    headings = [line for line in out.splitlines() if re.fullmatch(r"Earlier|\d{4}", line)]
    assert headings == ["Earlier", "2019", "2021", "2023"]
    markdown = export.get("markdown").render(store.load(path))
    assert re.findall(r"^## (.+)$", markdown, flags=re.MULTILINE) == headings
    mermaid = export.get("mermaid").render(store.load(path))
    assert re.findall(r"section (.+)$", mermaid, flags=re.MULTILINE) == headings
    page = export.get("html").render(store.load(path))
    ids = re.findall(r'<h2 id="([^"]+)"', page)
    assert ids == ["year-earlier", "year-2019", "year-2021", "year-2023"]


def test_the_covered_span_is_the_same_everywhere(write: Callable[..., Path]) -> None:
    timeline = store.load(write(OPEN_ENDS))
    expected = "May 2019 – Sep 2023"  # "2023-09-23/.." counts to Sep 2023 by its known end
    assert expected in export.get("markdown").render(timeline)
    assert expected in export.get("html").render(timeline)
    from ant_timeline import render

    header = "".join(text for text, _ in list(render.show_lines(timeline, total=4))[1])
    assert expected in header


def test_gaps_agree_between_show_and_html_and_survive_reverse(invoke: Invoke) -> None:
    forward = invoke("show", "--file", str(CURATED)).stdout
    backward = invoke("show", "--file", str(CURATED), "--reverse").stdout
    gaps = re.findall(r"· (\d+) months without events ·", forward)
    assert gaps and sorted(gaps) == sorted(re.findall(r"· (\d+) months without events ·", backward))
    page = export.get("html").render(store.load(CURATED))
    assert re.findall(r"(\d+) months without events", page) == gaps
    reversed_page = export.get("html").render(
        query.apply(store.load(CURATED), query.Filter(reverse=True))
    )
    assert sorted(re.findall(r"(\d+) months without events", reversed_page)) == sorted(gaps)


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ('https://example.org/a(b)"c"', "https://example.org/a%28b%29%22c%22"),
        ("https://example.org/über", "https://example.org/%C3%BCber"),
        ("  https://example.org/  ", None),  # check calls it a bad url: so no output links it
        ("https://example.org/a b", None),
        ("https://", None),
        ("javascript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("https://example.org/\r\nX: y", None),
    ],
)
def test_one_rule_for_links(url: str, link: str | None) -> None:
    assert link_url(url) == link
    assert is_web_url(url) is (link is not None)
