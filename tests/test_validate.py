"""The rules behind `check`."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ant_timeline import store, text, validate
from ant_timeline.text import is_web_url

from .conftest import SMALL


def check(path: Path) -> validate.CheckResult:
    return store.check_file(store.locate(path))


def event(extra: str = "", *, id_: str = "e", date: str = "2021", title: str = "A title") -> str:
    return (
        f"  - id: {id_}\n    date: {date}\n    title: {title}\n"
        '    sources:\n      - {url: "https://example.org/x", title: X, publisher: P, published: 2021}\n'
        + extra
    )


def test_small_timeline_is_clean(small: Path) -> None:
    result = check(small)
    assert result.problems == ()
    assert result.event_count == 3


@pytest.mark.parametrize(
    ("events", "code", "fragment", "line"),
    [
        (event("    category: regulaton\n"), "unknown-category", "did you mean 'regulation'?", 7),
        (event("    related: [nope]\n"), "unknown-related", "related id 'nope' is not an event", 7),
        (event("    related: [e]\n"), "related-self", "lists itself", 7),
        (event(id_="Not_Kebab"), "invalid-id", "is not kebab-case", 2),
        (event(id_='"ab\\u200bc"'), "invalid-id", "invisible characters (U+200B)", 2),
        ("  - id: e\n    date: 2021\n    title: t\n", "missing-source", "has no source", 2),
        (
            "  - id: e\n    date: 2021\n    title: t\n    sources:\n      - url: javascript:alert(1)\n",
            "bad-url",
            "is not an http(s) address",
            6,
        ),
        (
            "  - id: e\n    date: 2021\n    title: t\n    sources:\n      - url: https://example.org\n",
            "source-incomplete",
            "has no title, publisher or published date",
            6,
        ),
        (
            event(id_="a", title="Regulator fines Acme")
            + event(id_="b", title="Regulator fines ACME."),
            "likely-duplicate",
            "event 'b' looks like a duplicate of 'a' (line 2)",
            7,
        ),
    ],
)
def test_each_rule_reports_its_place(
    write: Callable[..., Path], events: str, code: str, fragment: str, line: int
) -> None:
    result = check(write("events:\n" + events))
    found = [p for p in result.problems if p.code == code]
    assert found, result.problems
    assert fragment in found[0].message
    assert found[0].line == line


def test_warnings_are_not_errors(write: Callable[..., Path]) -> None:
    path = write(
        "events:\n  - id: e\n    date: 2021\n    title: t\n    sources:\n"
        "      - url: https://example.org\n"
    )
    result = check(path)
    assert (result.errors, result.warnings) == (0, 1)
    assert result.problems[0].severity == "warning"


def test_declared_vocabulary_replaces_the_default(write: Callable[..., Path]) -> None:
    path = write(
        "timeline:\n  categories: [ruling, deal]\nevents:\n"
        + event("    category: ruling\n", id_="a")
        + event("    category: regulation\n", id_="b", date="2022")
    )
    found = [p for p in check(path).problems if p.code == "unknown-category"]
    assert [p.event for p in found] == ["b"]
    assert "use one of: ruling, deal" in found[0].message


def test_load_and_check_problems_come_together_in_file_order(write: Callable[..., Path]) -> None:
    path = write(
        SMALL.replace("date: 2022-07\n", "date: 2022-7\n").replace("[acme-fined]", "[acme-fine]")
    )
    result = check(path)
    assert [p.code for p in result.problems] == ["invalid-date", "unknown-related"]
    assert "did you mean 'probe-opened'?" not in result.problems[1].message


def test_syntax_error_makes_the_file_unreadable(write: Callable[..., Path]) -> None:
    result = check(write("events: [\n"))
    assert not result.readable
    assert result.problems[0].code == "yaml-syntax"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=c", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("ftp://example.org", False),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ("example.org/page", False),
    ],
)
def test_is_web_url(url: str, ok: bool) -> None:
    assert is_web_url(url) is ok


def _split_is_web(url: str) -> bool:
    """The full definition: no whitespace or controls; urlsplit finds http(s) and a host."""
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.from_regex(text._PLAIN_WEB_URL, fullmatch=True),
        st.text(st.sampled_from(list("https:/.-aZ09[]@?#%\t \x00\x85é")), max_size=30),
    )
)
def test_is_web_url_agrees_with_urlsplit(url: str) -> None:
    # the common-case shortcut never accepts what the full test refuses
    assert is_web_url(url) is _split_is_web(url)


@pytest.mark.parametrize(
    "typo",
    [
        "Regulator fines Acme for abuse of dominance (x)",  # at the end
        "Regulator fines Acme for abuze of dominance",  # in the middle
        "Regulatr fines Acme for abuse of dominance",  # at the start
        "REGULATOR FINES ACME, FOR ABUSE OF DOMINANCE!",  # case and punctuation
    ],
)
def test_duplicates_are_found_in_large_groups_sharing_a_span(
    write: Callable[..., Path], typo: str
) -> None:
    # Hundreds of events dated just "2021": the rule must not compare every pair, yet find these.
    digests = [hashlib.sha256(str(n).encode()).hexdigest() for n in range(150)]
    filler = "".join(
        event(id_=f"filler-{n}", title=f"Story {digest[:6]} on {digest[6:14]} and {digest[14:20]}")
        for n, digest in enumerate(digests)
    )
    path = write(
        "events:\n"
        + event(id_="original", title="Regulator fines Acme for abuse of dominance")
        + filler
        + event(id_="zz-copy", title=typo)
    )
    found = [p for p in check(path).problems if p.code == "likely-duplicate"]
    assert [(p.event, "'original'" in p.message) for p in found] == [("zz-copy", True)]


def test_events_that_did_not_load_are_still_checked(write: Callable[..., Path]) -> None:
    path = write(
        "events:\n"
        "  - id: x\n    date: 2023-13-01\n    title: t\n    category: politics\n"
        "    sources:\n      - url: ftp://x\n"
        "  - id: y\n    date: 2021\n    title: u\n    related: [x]\n"
        '  - id: z\n    date: 2021\n    title: "   "\n'
    )
    result = check(path)
    found = {(p.event, p.code) for p in result.problems}
    assert ("x", "invalid-date") in found
    assert ("x", "unknown-category") in found and ("x", "bad-url") in found
    assert ("y", "unknown-related") not in found  # x exists, though its date is broken
    assert ("z", "missing-field") in found  # a blank title is no title
    assert result.event_count == 3
