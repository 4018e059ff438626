"""The semantic diff: matching, renames, field changes, date kinds, filters, JSON, Markdown."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from markdown_it import MarkdownIt

from ant_timeline import dates, store
from ant_timeline.diff import (
    DateChange,
    DateKind,
    SetChange,
    SourcesChange,
    TextChange,
    classify_date,
    diff,
    source_differences,
)
from ant_timeline.diff_report import envelope, markdown_code, markdown_text, to_markdown
from ant_timeline.export.json import event_object
from ant_timeline.model import Event, Source, Timeline, TimelineInfo
from ant_timeline.query import Filter

BASE = """\
# The base timeline every test edits.
version: 1
timeline:
  title: Acme
events:
  - id: probe-opened
    date: 2021-03-04
    title: Regulator opens a probe into Acme
    summary: The competition authority opens a formal probe.
    category: enforcement
    actors: [Competition Authority, Acme]
    tags: [antitrust]
    sources:
      - title: Probe opened
        publisher: Daily Ledger
        url: https://example.org/probe
        published: 2021-03-04
      - title: Acme under investigation
        publisher: Wire
        url: https://example.org/wire-probe

  - id: acme-fined
    date: 2022-07
    title: Acme fined for abuse of dominance
    category: enforcement
    actors: [Competition Authority, Acme]
    tags: [antitrust, fine]
    sources:
      - url: https://example.org/fine
    related: [probe-opened]

  - id: acme-restructures
    date: 2022-H2
    title: Acme splits into three companies
    category: corporate
    actors: [Acme]
    tags: [restructuring]
    sources:
      - url: https://example.org/split
"""


def timeline(text: str, label: str = "x.yaml") -> Timeline:
    report = store.parse_text(textwrap.dedent(text), label)
    assert report.ok, report.problems
    return report.timeline


def edited(*replacements: tuple[str, str]) -> Timeline:
    text = BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return timeline(text, "new.yaml")


def event(event_id: str, when: str, title: str, **fields: Any) -> Event:
    return Event(event_id, dates.parse(when), title, **fields)


def of(*events: Event) -> Timeline:
    return Timeline.of(TimelineInfo(), events)


# ---------------------------------------------------------------------------------------------
# Nothing changed


def test_same_timeline_has_no_differences() -> None:
    result = diff(timeline(BASE), timeline(BASE))
    assert not result
    assert result.summary == "no differences"
    assert result.entries() == []


def test_reordering_reformatting_and_comments_are_not_differences() -> None:
    blocks = BASE.split("\n\n")
    head, first = blocks[0].split("events:\n")
    reordered = head + "events:\n" + "\n\n".join([blocks[2], first, blocks[1]])
    rewritten = (
        reordered.replace("# The base timeline every test edits.", "# Rewritten by hand.")
        .replace(
            "tags: [antitrust, fine]",
            "tags:\n      - fine   # order does not matter\n      - antitrust",
        )
        .replace(
            "summary: The competition authority opens a formal probe.",
            "summary: >-\n      The competition authority\n      opens a formal probe.",
        )
        .replace(
            "title: Acme splits into three companies", "title: 'Acme splits into three companies'"
        )
        .replace("actors: [Competition Authority, Acme]", "actors: [Acme, Competition Authority]")
    )
    # The two sources of the first event, swapped.
    probe, wire = (
        "      - title: Probe opened\n        publisher: Daily Ledger\n"
        "        url: https://example.org/probe\n        published: 2021-03-04\n",
        "      - title: Acme under investigation\n        publisher: Wire\n"
        "        url: https://example.org/wire-probe\n",
    )
    assert probe + wire in rewritten
    rewritten = rewritten.replace(probe + wire, wire + probe)
    assert rewritten != BASE
    assert not diff(timeline(BASE), timeline(rewritten))


# ---------------------------------------------------------------------------------------------
# Each kind of change


def test_added_and_removed_events() -> None:
    new = edited(
        (
            "  - id: acme-restructures",
            "  - id: acme-appeals\n    date: 2022-09\n    title: Acme "
            "appeals the fine\n\n  - id: acme-restructures",
        ),
    )
    new = new.replace_events(e for e in new.events if e.id != "probe-opened")
    result = diff(timeline(BASE), new)
    assert [e.id for e in result.added] == ["acme-appeals"]
    assert [e.id for e in result.removed] == ["probe-opened"]
    assert result.changed == ()
    assert result.summary == "1 added, 1 removed"
    assert result.counts == {"added": 1, "removed": 1, "changed": 0, "renamed": 0}


@pytest.mark.parametrize(
    ("old", "new", "field", "before", "after"),
    [
        (
            "title: Acme fined for abuse of dominance",
            "title: Acme fined 2 billion for abuse of dominance",
            "title",
            "Acme fined for abuse of dominance",
            "Acme fined 2 billion for abuse of dominance",
        ),
        (
            "summary: The competition authority opens a formal probe.",
            "summary: The authority opens a formal probe.",
            "summary",
            "The competition authority opens a formal probe.",
            "The authority opens a formal probe.",
        ),
        ("category: corporate", "category: market", "category", "corporate", "market"),
        (
            "    category: corporate\n",
            "",
            "category",
            "corporate",
            None,
        ),
    ],
)
def test_text_field_changes(
    old: str, new: str, field: str, before: str | None, after: str | None
) -> None:
    result = diff(timeline(BASE), edited((old, new)))
    (change,) = result.changed
    assert change.old_id is None
    assert change.changes == (TextChange(field, before, after),)
    assert result.summary == "1 changed"


def test_actors_tags_and_related_are_set_differences() -> None:
    result = diff(
        timeline(BASE),
        edited(
            (
                "actors: [Competition Authority, Acme]\n    tags: [antitrust, fine]",
                "actors: [Acme, European Commission]\n    tags: [fine, antitrust, appeal]",
            ),
            ("related: [probe-opened]", "related: [acme-restructures]"),
        ),
    )
    (change,) = result.changed
    assert change.id == "acme-fined"
    by_field = {c.field: c for c in change.changes}
    assert list(by_field) == ["actors", "tags", "related"]
    actors, tags, related = by_field["actors"], by_field["tags"], by_field["related"]
    assert isinstance(actors, SetChange)
    assert isinstance(tags, SetChange)
    assert isinstance(related, SetChange)
    assert (actors.added, actors.removed) == (("European Commission",), ("Competition Authority",))
    assert (tags.added, tags.removed) == (("appeal",), ())
    assert (related.added, related.removed) == (("acme-restructures",), ("probe-opened",))


def test_sources_compared_by_url() -> None:
    result = diff(
        timeline(BASE),
        edited(
            # the first source keeps its URL but gets a new publisher and date
            (
                "publisher: Daily Ledger\n        url: https://example.org/probe\n"
                "        published: 2021-03-04",
                "publisher: The Daily Ledger\n        url: https://example.org/probe\n"
                "        published: 2021-03-05",
            ),
            # the second is replaced by another URL
            ("url: https://example.org/wire-probe", "url: https://example.org/wire-probe-2"),
        ),
    )
    (change,) = result.changed
    (sources,) = change.changes
    assert isinstance(sources, SourcesChange)
    assert [s.url for s in sources.added] == ["https://example.org/wire-probe-2"]
    assert [s.url for s in sources.removed] == ["https://example.org/wire-probe"]
    ((before, after),) = sources.changed
    assert (before.publisher, after.publisher) == ("Daily Ledger", "The Daily Ledger")
    assert str(after.published) == "2021-03-05"
    assert source_differences(before, after) == (
        TextChange("publisher", "Daily Ledger", "The Daily Ledger"),
        TextChange("published", "4 Mar 2021", "5 Mar 2021"),
    )


def test_a_source_date_that_displays_alike_is_shown_as_written() -> None:
    day = dates.parse("2021-01-01")
    interval = dates.parse("2021-01-01/2021-01-01")
    assert day.display() == interval.display()
    before = Source(url="https://example.org/a", published=day)
    after = Source(url="https://example.org/a", published=interval)
    assert source_differences(before, after) == (
        TextChange("published", "2021-01-01", "2021-01-01/2021-01-01"),
    )
    assert source_differences(before, before) == ()


def test_renamed_event_with_same_span_and_nearly_the_same_title() -> None:
    result = diff(
        timeline(BASE),
        edited(
            ("id: acme-restructures", "id: acme-split"),
            ("title: Acme splits into three companies", "title: Acme splits into three companies."),
        ),
    )
    assert result.added == () and result.removed == ()
    (change,) = result.changed
    assert (change.old_id, change.id, change.renamed) == ("acme-restructures", "acme-split", True)
    assert change.changes == (
        TextChange(
            "title", "Acme splits into three companies", "Acme splits into three companies."
        ),
    )
    assert result.summary == "1 renamed"


def test_renamed_event_with_same_title_and_a_refined_date() -> None:
    result = diff(
        timeline(BASE),
        edited(("id: acme-fined\n    date: 2022-07", "id: acme-fined-2022\n    date: 2022-07-12")),
    )
    (change,) = result.changed
    assert (change.old_id, change.id) == ("acme-fined", "acme-fined-2022")
    (date_change,) = change.changes
    assert isinstance(date_change, DateChange)
    assert date_change.kind is DateKind.REFINED


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a different title on the same day is a different event
        (event("a", "2022-07-12", "Acme fined"), event("b", "2022-07-12", "Acme appeals the fine")),
        # the same title at a time that does not overlap is a different event too
        (event("a", "2022", "Board meeting"), event("b", "2023", "Board meeting")),
    ],
)
def test_not_a_rename(old: Event, new: Event) -> None:
    result = diff(of(old), of(new))
    assert [e.id for e in result.removed] == ["a"]
    assert [e.id for e in result.added] == ["b"]
    assert result.changed == ()


def test_renames_pair_one_to_one() -> None:
    old = of(event("m1", "2022", "Board meeting"), event("m2", "2022", "Board meeting"))
    new = of(event("n1", "2022", "Board meeting"), event("n2", "2022", "Board meeting"))
    result = diff(old, new)
    assert sorted((c.old_id, c.id) for c in result.changed) == [("m1", "n1"), ("m2", "n2")]
    assert result.added == () and result.removed == ()


def test_a_rename_prefers_the_nearest_overlapping_span() -> None:
    old = of(event("old", "2022-07-12", "Board meeting"))
    new = of(event("far", "2022", "Board meeting"), event("near", "2022-07", "Board meeting"))
    result = diff(old, new)
    assert [(c.old_id, c.id) for c in result.changed] == [("old", "near")]
    assert [e.id for e in result.added] == ["far"]


# ---------------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        ("2023-01", "2023-01-07", "refined"),
        ("2023", "2023-Q2", "refined"),
        ("2023-03/..", "2023-03/2023-05", "refined"),
        ("2023-01-07", "2023-01", "widened"),
        ("2023-H1", "2023", "widened"),
        ("2023-03/2023-05", "2023-03/..", "widened"),
        ("2023-01", "2023-02", "moved"),
        ("2023-Q1", "2023-03/2023-04", "moved"),
        ("2023-01-07", "2023-01-08", "moved"),
        # the same span: a qualifier added widens, removed refines
        ("2021", "2021~", "widened"),
        ("2021?", "2021", "refined"),
        ("2023-01", "2023-01-01/2023-01-31", "refined"),
    ],
)
def test_date_classification(old: str, new: str, kind: str) -> None:
    assert classify_date(dates.parse(old), dates.parse(new)) == kind


def test_date_change_in_a_diff() -> None:
    result = diff(timeline(BASE), edited(("date: 2022-07", "date: 2022-08-02")))
    (change,) = result.changed
    assert change.changes == (
        DateChange(dates.parse("2022-07"), dates.parse("2022-08-02"), DateKind.MOVED),
    )


# ---------------------------------------------------------------------------------------------
# Filters and order


def test_filter_keeps_a_change_when_either_side_matches() -> None:
    new = edited(
        ("tags: [antitrust, fine]", "tags: [antitrust, penalty]"),  # loses the tag 'fine'
        ("tags: [restructuring]", "tags: [restructuring, fine]"),  # gains it
        ("title: Regulator opens a probe into Acme", "title: Regulator opens a probe"),
    )
    result = diff(timeline(BASE), new, Filter(tags=("fine",)))
    assert [c.id for c in result.changed] == ["acme-fined", "acme-restructures"]


def test_date_filter_keeps_an_event_that_moved_out_of_range() -> None:
    new = edited(("date: 2022-07", "date: 2024-01"), ("category: corporate", "category: market"))
    result = diff(timeline(BASE), new, Filter(until=dates.parse("2022-09")))
    assert [c.id for c in result.changed] == ["acme-restructures", "acme-fined"]
    result = diff(timeline(BASE), new, Filter(since=dates.parse("2023")))
    assert [c.id for c in result.changed] == ["acme-fined"]


def test_filter_on_added_and_removed_events() -> None:
    old = of(event("gone", "2021-05", "Old news", tags=("fine",)), event("kept", "2020", "Kept"))
    new = of(event("kept", "2020", "Kept"), event("fresh", "2023-01", "New news", tags=("fine",)))
    assert diff(old, new, Filter(tags=("fine",))).summary == "1 added, 1 removed"
    assert diff(old, new, Filter(tags=("other",))).summary == "no differences"
    result = diff(old, new, Filter(since=dates.parse("2022")))
    assert ([e.id for e in result.added], result.removed) == (["fresh"], ())


def test_entries_are_chronological_and_reverse_and_limit_apply() -> None:
    old = of(
        event("b", "2021", "B"),
        event("c", "2022-05", "C"),
        event("d", "2023-02-01", "D"),
    )
    new = of(
        event("a", "2020", "A"),
        event("c", "2022-05-03", "C"),
        event("d", "2023-02-01", "D, changed"),
    )
    result = diff(old, new)
    assert [(e.kind, e.event.id) for e in result.entries()] == [
        ("added", "a"),
        ("removed", "b"),
        ("changed", "c"),
        ("changed", "d"),
    ]
    newest = diff(old, new, Filter(reverse=True, limit=2))
    assert [(e.kind, e.event.id) for e in newest.entries()] == [("changed", "d"), ("changed", "c")]
    assert newest.summary == "2 changed"
    assert not diff(old, new, Filter(limit=0))


# ---------------------------------------------------------------------------------------------
# JSON


def test_json_envelope_contract() -> None:
    new = edited(
        ("id: acme-restructures\n    date: 2022-H2", "id: acme-split\n    date: 2022-H2"),
        ("date: 2022-07", "date: 2022-07-12"),
        ("tags: [antitrust, fine]", "tags: [antitrust]"),
        ("url: https://example.org/fine", "url: https://example.org/fine-2"),
    )
    new = new.replace_events(e for e in new.events if e.id != "probe-opened")
    added = event("acme-appeals", "2022-09", "Acme appeals")
    new = Timeline.of(new.info, (*new.events, added), new.path)
    result = diff(timeline(BASE), new)
    document = envelope(result)
    assert list(document) == ["version", "added", "removed", "changed"]
    assert document["version"] == 1
    assert document["added"] == [event_object(added)]
    assert document["removed"] == [event_object(timeline(BASE).by_id()["probe-opened"])]
    assert document["changed"] == [
        {"id": "acme-split", "old_id": "acme-restructures", "changes": []},
        {
            "id": "acme-fined",
            "old_id": None,
            "changes": [
                {"field": "date", "old": "2022-07", "new": "2022-07-12", "kind": "refined"},
                {"field": "tags", "old": ["antitrust", "fine"], "new": ["antitrust"]},
                {
                    "field": "sources",
                    "old": [
                        {
                            "title": None,
                            "publisher": None,
                            "url": "https://example.org/fine",
                            "published": None,
                            "archived": None,
                        }
                    ],
                    "new": [
                        {
                            "title": None,
                            "publisher": None,
                            "url": "https://example.org/fine-2",
                            "published": None,
                            "archived": None,
                        }
                    ],
                },
            ],
        },
    ]


# ---------------------------------------------------------------------------------------------
# Markdown


def test_markdown_changelog() -> None:
    new = edited(
        ("id: acme-restructures", "id: acme-split"),
        ("date: 2022-07", "date: 2022-07-12"),
        ("tags: [antitrust, fine]", "tags: [antitrust, penalty]"),
        ("url: https://example.org/fine", "url: https://example.org/fine-2"),
        ("summary: The competition authority opens a formal probe.", "summary: A formal probe."),
    )
    result = diff(timeline(BASE, "v1:acme.yaml"), new)
    assert to_markdown(result) == textwrap.dedent(
        """\
        ## Timeline changes

        `v1:acme.yaml` → `new.yaml`: 2 changed, 1 renamed

        ### Changed

        - **4 Mar 2021** · Regulator opens a probe into Acme (`probe-opened`)
          - summary:
            - before: The competition authority opens a formal probe.
            - after: A formal probe.
        - **12 Jul 2022** · Acme fined for abuse of dominance (`acme-fined`)
          - date: Jul 2022 → 12 Jul 2022 (refined)
          - tags: added penalty; removed fine
          - source added: [https://example.org/fine-2](https://example.org/fine-2)
          - source removed: [https://example.org/fine](https://example.org/fine)

        ### Renamed

        - **H2 2022** · Acme splits into three companies (`acme-restructures` → `acme-split`)
        """
    )
    assert to_markdown(result, stat=True).endswith("2 changed, 1 renamed\n")


def test_markdown_escapes_text_from_the_data() -> None:
    hostile = "*bold* _em_ [link](javascript:alert(1)) <img src=x onerror=alert(1)> `code` &amp; |"
    old = of(event("e", "2022", "Plain"))
    new = of(
        Event(
            "e",
            dates.parse("2022"),
            hostile,
            sources=(
                Source('https://example.org/a)<x>"y', title="<b>Title</b>"),
                Source("javascript:alert(1)", title="click"),
            ),
        ),
        event("odd`id", "2023", "\x1b[31mred\x1b[0m"),
    )
    text = to_markdown(diff(old, new))
    html = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)
    # Only the markup the changelog itself writes: headings, lists, bold dates, code ids, links.
    tags = set(re.findall(r"</?([a-z0-9]+)", html))
    assert tags <= {"h2", "h3", "ul", "li", "p", "strong", "code", "a"}
    assert "\x1b" not in html
    # the one link is the http source, its destination percent-encoded; the other is text
    assert re.findall(r'<a href="([^"]*)">', html) == ["https://example.org/a%29%3Cx%3E%22y"]
    assert "*bold* _em_ [link](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;" in html
    assert "click (<code>javascript:alert(1)</code>)" in html
    assert "<code>odd`id</code>" in html
    assert "\\x1b[31mred" in html


@pytest.mark.parametrize(
    ("text", "code"),
    [("plain", "`plain`"), ("a`b", "``a`b``"), ("`x", "`` `x ``"), ("x``", "``` x`` ```")],
)
def test_markdown_code_spans_hold_any_backticks(text: str, code: str) -> None:
    assert markdown_code(text) == code
    html = MarkdownIt("commonmark").render(code)
    assert f"<code>{text}</code>" in html


def test_markdown_text_is_literal() -> None:
    html = MarkdownIt("commonmark").render(markdown_text("a *b* [c](d) <e> \\ `f` &copy;"))
    assert html == "<p>a *b* [c](d) &lt;e&gt; \\ `f` &amp;copy;</p>\n"


# ---------------------------------------------------------------------------------------------
# Layering


def test_diff_modules_never_import_typer_or_rich() -> None:
    code = (
        "import sys, ant_timeline.diff, ant_timeline.diff_report; "
        "print(sorted(m for m in ('typer', 'rich', 'subprocess') if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"
