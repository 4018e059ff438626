"""Knowledge time: the story as it was known on any day (`--as-of`, `first_reported`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ant_timeline import dates, export, store
from ant_timeline.export import ExportOptions
from ant_timeline.model import (
    Event,
    Source,
    Timeline,
    TimelineInfo,
    first_reported_text,
    known_on,
    report_lag,
)
from ant_timeline.query import as_known, latest_report

from .conftest import CURATED, REPO
from .test_cli_diff import git, isolated_git, needs_git

__all__ = ["isolated_git"]  # a fixture, shared with the diff tests

if TYPE_CHECKING:
    from pathlib import Path

Invoke = Callable[..., Any]


def source(published: str | None, url: str = "https://example.org/a") -> Source:
    return Source(url, "A report", "Wire", dates.parse(published) if published else None)


def event(when: str, *published: str | None, event_id: str = "x") -> Event:
    sources = tuple(
        source(day, f"https://example.org/{event_id}/{index}")
        for index, day in enumerate(published)
    )
    return Event(event_id, dates.parse(when), "Something happened", sources=sources)


# ---------------------------------------------------------------------------------------------
# The rule: a source counts once its whole published span has passed


@pytest.mark.parametrize(
    ("published", "first_day"),
    [
        ("2023-01-03", date(2023, 1, 3)),
        ("2023-01", date(2023, 1, 31)),
        ("2024-02", date(2024, 2, 29)),
        ("2022-Q3", date(2022, 9, 30)),
        ("2021-H1", date(2021, 6, 30)),
        ("2021", date(2021, 12, 31)),
        ("2021~", date(2021, 12, 31)),
        ("2023-01-05/2023-01-09", date(2023, 1, 9)),
        ("../2020-05", date(2020, 5, 31)),
    ],
)
def test_a_source_counts_from_the_last_day_of_its_published_span(
    published: str, first_day: date
) -> None:
    cited = source(published)
    assert known_on(cited, first_day)
    assert known_on(cited, first_day + timedelta(days=400))
    assert not known_on(cited, first_day - timedelta(days=1))


def test_a_source_without_a_bounded_published_date_is_never_known() -> None:
    assert not known_on(source(None), date(9999, 12, 31))
    assert not known_on(source("2023-03/.."), date(9999, 12, 31))


def test_first_reported_is_the_source_that_counts_first() -> None:
    assert event("2023-01-01", "2023-02-10", "2023-01-20", None).first_reported == dates.parse(
        "2023-01-20"
    )
    # A month counts from its last day, so a dated report within it comes first ...
    assert event("2023-01-01", "2023-01", "2023-01-20").first_reported == dates.parse("2023-01-20")
    # ... and of two that count from the same day, the one whose span starts first.
    assert event("2023-01-01", "2023-01-31", "2023-01").first_reported == dates.parse("2023-01")
    assert event("2023-01-01", None, None).first_reported is None
    assert event("2023-01-01").first_reported is None


@pytest.mark.parametrize(
    ("when", "published", "text"),
    [
        ("2022-12-30", ["2023-01-03"], "first reported 3 Jan 2023, 4 days after"),
        ("2022-12-30", ["2022-12-31"], "first reported 31 Dec 2022, 1 day after"),
        ("2020-11-03", ["2020-11-03", "2020-11-04"], "first reported 3 Nov 2020"),
        # Announced ahead of the day.
        ("2025-03-01", ["2024-12-09"], "first reported 9 Dec 2024, 82 days before"),
        # During an interval of days, and after its end (counted from its last day).
        ("2020-12-26/2020-12-27", ["2020-12-27"], "first reported 27 Dec 2020"),
        ("2020-12-26/2020-12-27", ["2020-12-29"], "first reported 29 Dec 2020, 2 days after"),
        # The lag is left out where an imprecise date makes it unknown.
        ("2022-Q3", ["2023-05-17"], "first reported 17 May 2023"),
        ("2022-12-30", ["2023-01"], "first reported Jan 2023"),
        ("2023-01-10?", ["2023-01-12"], "first reported 12 Jan 2023"),
        ("2023-01-10", ["2023-01-12~"], "first reported c. 12 Jan 2023"),
        ("2020-10-24", ["2021-01-02"], "first reported 2 Jan 2021, 70 days after"),
        ("2018-01-01", ["2021-01-01"], "first reported 1 Jan 2021, 1,096 days after"),
    ],
)
def test_first_reported_with_the_lag(when: str, published: list[str], text: str) -> None:
    assert first_reported_text(event(when, *published)) == text


def test_no_first_report_without_a_dated_source() -> None:
    assert first_reported_text(event("2023-01-01", None)) is None
    assert report_lag(event("2023-01-01")) is None


def test_report_lag_is_signed_days() -> None:
    assert report_lag(event("2022-12-30", "2023-01-03")) == 4
    assert report_lag(event("2023-01-03", "2022-12-30")) == -4
    assert report_lag(event("2023-01-03", "2023-01-03")) == 0


def timeline_of(*events: Event) -> Timeline:
    return Timeline.of(TimelineInfo(title="T"), events)


def test_as_known_keeps_the_sources_published_by_then_and_counts_the_undated() -> None:
    probe = event("2022-12-30", "2023-02", "2023-01-03", event_id="probe")
    fined = event("2023-01-10", "2023-01", event_id="fined")
    undated = event("2023-01-05", None, event_id="undated")
    unsourced = event("2023-01-06", event_id="unsourced")
    later = event("2023-03-01", "2023-03-01", event_id="later")
    timeline = timeline_of(probe, fined, undated, unsourced, later)
    known = as_known(timeline, date(2023, 1, 30))
    assert [e.id for e in known.timeline.events] == ["probe"]
    assert [s.published for s in known.timeline.events[0].sources] == [dates.parse("2023-01-03")]
    assert [e.id for e in known.undated] == ["undated", "unsourced"]
    # The month counts on its last day; the sources keep the order the file gives them.
    known = as_known(timeline, date(2023, 2, 28))
    assert [e.id for e in known.timeline.events] == ["probe", "fined"]
    assert known.timeline.events[0].sources == probe.sources
    assert latest_report(timeline) == date(2023, 3, 1)
    assert as_known(timeline, date(2023, 3, 1)).timeline.events == (probe, fined, later)


# ---------------------------------------------------------------------------------------------
# Properties


DAYS = st.dates(min_value=date(2019, 1, 1), max_value=date(2025, 12, 31))


@st.composite
def partial_dates(draw: st.DrawFn) -> str:
    day = draw(DAYS)
    return draw(
        st.sampled_from(
            [
                day.isoformat(),
                f"{day.year:04d}-{day.month:02d}",
                f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}",
                f"{day.year:04d}-H{(day.month - 1) // 6 + 1}",
                f"{day.year:04d}",
                f"{day.isoformat()}~",
            ]
        )
    )


@st.composite
def published_dates(draw: st.DrawFn) -> str | None:
    kind = draw(st.sampled_from(["point", "point", "point", "interval", "open", "none"]))
    if kind == "none":
        return None
    first = draw(partial_dates())
    if kind == "point":
        return first
    if kind == "open":
        return draw(st.sampled_from([f"{first}/..", f"../{first}"]))
    second = draw(partial_dates())
    try:
        return dates.parse(f"{first}/{second}").canonical
    except dates.DateError:
        return dates.parse(f"{second}/{first}").canonical


@st.composite
def timelines(draw: st.DrawFn) -> Timeline:
    count = draw(st.integers(min_value=0, max_value=8))
    events = [
        event(
            draw(partial_dates()),
            *draw(st.lists(published_dates(), max_size=4)),
            event_id=f"event-{index}",
        )
        for index in range(count)
    ]
    return timeline_of(*events)


def sources_of(timeline: Timeline) -> dict[str, tuple[Source, ...]]:
    return {e.ref: e.sources for e in timeline.events}


@given(timeline=timelines(), first=DAYS, second=DAYS)
def test_a_later_day_never_knows_less(timeline: Timeline, first: date, second: date) -> None:
    earlier, later = sorted((first, second))
    before = sources_of(as_known(timeline, earlier).timeline)
    after = sources_of(as_known(timeline, later).timeline)
    assert set(before) <= set(after)
    for ref, cited in before.items():
        assert set(cited) <= set(after[ref])
        # A source once known stays in the place the file gives it.
        assert [s for s in after[ref] if s in cited] == list(cited)


@given(timeline=timelines())
def test_the_full_timeline_is_the_timeline_as_known_on_the_last_report(
    timeline: Timeline,
) -> None:
    last = latest_report(timeline)
    dated = [e for e in timeline.events if e.first_report is not None]
    if last is None:
        assert dated == []
        return
    known = as_known(timeline, last)
    expected = [
        replace(e, sources=tuple(s for s in e.sources if s.published and s.published.latest))
        for e in dated
    ]
    assert list(known.timeline.events) == expected
    assert [e.ref for e in known.undated] == [
        e.ref for e in timeline.events if e.first_report is None
    ]
    # Where every source is dated, nothing at all is lost.
    for before, after in zip(dated, known.timeline.events, strict=True):
        if all(s.published and s.published.latest for s in before.sources):
            assert after == before


@given(timeline=timelines(), day=DAYS)
def test_an_event_appears_on_its_first_report_and_keeps_it(timeline: Timeline, day: date) -> None:
    shown = {e.ref: e for e in as_known(timeline, day).timeline.events}
    for each in timeline.events:
        first = each.known_from
        assert (each.ref in shown) == (first is not None and first <= day)
        if each.ref in shown:
            assert shown[each.ref].first_reported == each.first_reported
            assert first_reported_text(shown[each.ref]) == first_reported_text(each)


# ---------------------------------------------------------------------------------------------
# show --as-of and show --detail

STORY = """\
version: 1
timeline:
  title: "Acme: what was known when"
  subject: Acme
events:
  - id: probe-opened
    date: 2022-12-30
    title: Regulator opens a probe into Acme
    tags: [probe]
    sources:
      - title: Probe confirmed
        publisher: Wire
        url: https://example.org/probe-confirmed
        published: 2023-02
      - title: Probe reported
        publisher: Daily Ledger
        url: https://example.org/probe
        published: 2023-01-03
  - id: acme-fined
    date: 2023-01-10
    title: Acme fined for abuse of dominance
    tags: [fine]
    sources:
      - title: Acme fined
        publisher: Daily Ledger
        url: https://example.org/fine
        published: 2023-01
  - id: rumoured-sale
    date: 2023-01-05
    title: Acme said to weigh a sale
    tags: [fine]
    sources:
      - url: https://example.org/rumour
  - id: unsourced
    date: 2023-01-06
    title: A board meeting nobody reported
  - id: acme-splits
    date: 2023-03-01
    title: Acme splits into three companies
    sources:
      - title: Acme to split
        publisher: Wire
        url: https://example.org/split
        published: 2023-03-01
"""


@pytest.fixture
def story(write: Callable[..., Path]) -> Path:
    return write(STORY, "acme.yaml")


def shown_ids(result: Any) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [e["id"] for e in json.loads(result.stdout)["events"]]


def test_show_as_of_a_day(invoke: Invoke, story: Path) -> None:
    result = invoke("show", "--file", str(story), "--as-of", "2023-01-30")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:5] == [
        "Acme: what was known when",
        "Acme · 1 of 5 events · Dec 2022 · as known on 30 Jan 2023",
        "",
        "2022",
        "  30 Dec 2022  Regulator opens a probe into Acme",
    ]
    assert "Acme fined" not in result.stdout
    assert (
        result.stderr
        == "2 events left out for want of a dated source (none of their sources has a published date)\n"
    )


def test_show_as_of_takes_the_grammar_and_phrases(invoke: Invoke, story: Path) -> None:
    expected = ["probe-opened", "acme-fined"]
    for as_of in ("2023-01-31", "2023-01", "January 31, 2023", "Jan 2023", "2023-02-27"):
        assert shown_ids(invoke("show", "-f", str(story), "--as-of", as_of, "--json")) == expected
    # A year stands for its last day, so it knows all of it.
    assert len(shown_ids(invoke("show", "-f", str(story), "--as-of", "2023", "--json"))) == 3
    assert shown_ids(invoke("show", "-f", str(story), "--as-of", "2022", "--json")) == []


def test_show_as_of_json_keeps_only_the_sources_published_by_then(
    invoke: Invoke, story: Path
) -> None:
    result = invoke("show", "-f", str(story), "--as-of", "2023-02-27", "--json")
    probe = json.loads(result.stdout)["events"][0]
    assert [s["url"] for s in probe["sources"]] == ["https://example.org/probe"]
    assert probe["first_reported"] == "2023-01-03"
    result = invoke("show", "-f", str(story), "--as-of", "2023-02-28", "--json")
    probe = json.loads(result.stdout)["events"][0]
    assert [s["url"] for s in probe["sources"]] == [
        "https://example.org/probe-confirmed",
        "https://example.org/probe",
    ]


def test_first_reported_is_in_every_json_event(invoke: Invoke, story: Path) -> None:
    result = invoke("show", "-f", str(story), "--json")
    reported = {e["id"]: e["first_reported"] for e in json.loads(result.stdout)["events"]}
    assert reported == {
        "probe-opened": "2023-01-03",
        "unsourced": None,
        "rumoured-sale": None,
        "acme-fined": "2023-01",
        "acme-splits": "2023-03-01",
    }
    result = invoke("export", "json", "-f", str(story))
    assert [e["first_reported"] for e in json.loads(result.stdout)["events"]] == list(
        reported.values()
    )


def test_the_note_counts_only_the_undated_events_the_filters_keep(
    invoke: Invoke, story: Path
) -> None:
    result = invoke("show", "-f", str(story), "--as-of", "2023-12-31", "--tag", "fine")
    assert (
        result.stderr
        == "1 event left out for want of a dated source (none of its sources has a published date)\n"
    )
    result = invoke("show", "-f", str(story), "--as-of", "2023-12-31", "--tag", "probe")
    assert result.stderr == ""
    result = invoke("show", "-f", str(story), "--tag", "fine")
    assert result.stderr == ""  # without --as-of nothing is left out


def test_show_detail_says_when_each_event_was_first_reported(invoke: Invoke, story: Path) -> None:
    result = invoke("show", "-f", str(story), "--detail")
    lines = [line.strip() for line in result.stdout.splitlines()]
    probe = lines.index("30 Dec 2022  Regulator opens a probe into Acme")
    assert lines[probe + 2] == "first reported 3 Jan 2023, 4 days after"
    assert "first reported Jan 2023" in lines  # a month: no lag it cannot know
    assert "first reported 1 Mar 2023" in lines  # the event's own day: no lag
    assert sum(line.startswith("first reported") for line in lines) == 3


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("2023-13", "error: --as-of: '2023-13' is not a valid date: there is no month 13"),
        ("next blursday", "error: --as-of: cannot understand the date 'next blursday'"),
        ("2023/..", "error: --as-of: '2023/..' has no last day"),
        ("", "error: --as-of: an empty date"),
    ],
)
@pytest.mark.parametrize("command", [["show"], ["export", "markdown"]])
def test_an_unreadable_as_of_is_an_error(
    invoke: Invoke, story: Path, command: list[str], as_of: str, message: str
) -> None:
    result = invoke(*command, "-f", str(story), "--as-of", as_of)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["show"], ["export", "json"]])
def test_as_of_twice_has_no_meaning_for_one_view(
    invoke: Invoke, story: Path, command: list[str]
) -> None:
    result = invoke(*command, "-f", str(story), "--as-of", "2023-01", "--as-of", "2023-02")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --as-of is given 2 times")
    assert result.stdout == ""


def test_curated_timeline_as_known_on_its_last_report_is_the_whole_timeline(
    invoke: Invoke,
) -> None:
    curated = store.load(CURATED)
    last = latest_report(curated)
    assert last is not None
    full = invoke("show", "-f", str(CURATED), "--json")
    known = invoke("show", "-f", str(CURATED), "--as-of", last.isoformat(), "--json")
    assert known.stdout == full.stdout
    before = invoke("show", "-f", str(CURATED), "--as-of", (last - timedelta(1)).isoformat())
    assert before.stdout != full.stdout


def test_several_timelines_as_known_on_a_day(invoke: Invoke) -> None:
    didi = REPO / "examples" / "didi.yaml"
    result = invoke("show", "-f", str(CURATED), "-f", str(didi), "--as-of", "2021-07-03", "--json")
    refs = [f"{e['timeline']}/{e['id']}" for e in json.loads(result.stdout)["events"]]
    assert "didi/didi-lists-in-new-york" in refs
    assert "didi/cac-opens-didi-review" in refs
    assert "didi/didi-app-pulled" not in refs
    assert "events/ant-to-become-financial-holding-company" in refs
    text = invoke("show", "-f", str(CURATED), "-f", str(didi), "--as-of", "2021-07-03").stdout
    assert "as known on 3 Jul 2021" in text.splitlines()[1]


# ---------------------------------------------------------------------------------------------
# export --as-of: every format


@pytest.mark.parametrize("name", export.names())
def test_every_export_format_takes_as_of(invoke: Invoke, story: Path, name: str) -> None:
    result = invoke("export", name, "-f", str(story), "--as-of", "2023-01-30")
    assert result.exit_code == 0, result.stderr
    assert "Regulator opens a probe into Acme" in result.stdout
    for later in ("Acme fined", "Acme splits", "Acme said to weigh", "A board meeting"):
        assert later not in result.stdout
    if name not in ("mermaid",):  # a diagram shows titles only
        assert "example.org/probe-confirmed" not in result.stdout
        assert "example.org/probe" in result.stdout
    assert (
        result.stderr
        == "2 events left out for want of a dated source (none of their sources has a published date)\n"
    )


def test_markdown_and_html_say_the_day_they_are_known_on(invoke: Invoke, story: Path) -> None:
    markdown = invoke("export", "markdown", "-f", str(story), "--as-of", "2023-01-30").stdout
    assert markdown.splitlines()[2] == "Acme · 1 event · Dec 2022 · as known on 30 Jan 2023"
    page = invoke("export", "html", "-f", str(story), "--as-of", "2023-01-30").stdout
    assert "1 event · Dec 2022 · 1 source cited · as known on 30 Jan 2023" in page


# ---------------------------------------------------------------------------------------------
# diff --as-of


def test_diff_between_two_days_adds_what_became_public(invoke: Invoke, story: Path) -> None:
    result = invoke("diff", "-f", story.name, "--as-of", "2023-01-30", "--as-of", "2023-03-01")
    assert result.exit_code == 1
    assert result.stdout == (
        "acme.yaml as known on 30 Jan 2023 → acme.yaml as known on 1 Mar 2023\n"
        "\n"
        "2022\n"
        "~ 30 Dec 2022  Regulator opens a probe into Acme [probe-opened]\n"
        "               sources   + Wire, Feb 2023: Probe confirmed "
        "<https://example.org/probe-confirmed>\n"
        "\n"
        "2023\n"
        "+ 10 Jan 2023  Acme fined for abuse of dominance [acme-fined]\n"
        "+  1 Mar 2023  Acme splits into three companies [acme-splits]\n"
        "\n"
        "2 added, 1 changed\n"
    )
    assert (
        result.stderr
        == "2 events left out for want of a dated source (none of their sources has a published date)\n"
    )


def test_diff_between_two_days_as_json_and_markdown(invoke: Invoke, story: Path) -> None:
    args = ("diff", "-f", story.name, "--as-of", "2023-01-30", "--as-of", "2023-02-28")
    document = json.loads(invoke(*args, "--json").stdout)
    assert [e["id"] for e in document["added"]] == ["acme-fined"]
    assert document["added"][0]["first_reported"] == "2023-01"
    assert document["removed"] == []
    [change] = document["changed"]
    assert change["id"] == "probe-opened"
    [sources] = change["changes"]
    assert sources["field"] == "sources"
    assert [s["url"] for s in sources["old"]] == ["https://example.org/probe"]
    assert len(sources["new"]) == 2
    markdown = invoke(*args, "--format", "markdown").stdout
    assert "`acme.yaml as known on 30 Jan 2023` → `acme.yaml as known on 28 Feb 2023`" in markdown
    assert "- source added: [Probe confirmed](https://example.org/probe-confirmed)" in markdown
    assert "### Added\n\n- **10 Jan 2023** · Acme fined for abuse of dominance" in markdown
    same = invoke("diff", "-f", str(story), "--as-of", "2023-01-30", "--as-of", "2023-01-30")
    assert same.exit_code == 0


def test_diff_between_two_days_over_several_timelines(
    invoke: Invoke, story: Path, write: Callable[..., Path]
) -> None:
    other = write(STORY.replace("Acme", "Zeta"), "zeta.yaml")
    result = invoke(
        "diff", "-f", str(story), "-f", str(other), "--as-of", "2023-02", "--as-of", "2023-03"
    )
    assert result.exit_code == 1
    assert "+  1 Mar 2023  Acme splits into three companies [acme/acme-splits]" in result.stdout
    assert "+  1 Mar 2023  Zeta splits into three companies [zeta/acme-splits]" in result.stdout
    assert result.stdout.rstrip().endswith("2 added")
    assert "4 events left out" in result.stderr


def test_diff_of_two_files_each_as_known_on_one_day(
    invoke: Invoke, story: Path, write: Callable[..., Path]
) -> None:
    newer = write(
        STORY.replace("Acme splits into three companies", "Acme splits in three").replace(
            "Acme fined for abuse", "Acme fined for the abuse"
        ),
        "newer.yaml",
    )
    both = invoke("diff", story.name, newer.name)
    assert both.stdout.rstrip().endswith("2 changed")
    # On 31 Jan 2023 the split was not yet public: only the fine's change is.
    result = invoke("diff", story.name, newer.name, "--as-of", "2023-01-31")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "acme.yaml as known on 31 Jan 2023 → newer.yaml as known on 31 Jan 2023"
    )
    assert "acme-fined" in result.stdout
    assert "acme-splits" not in result.stdout
    assert result.stdout.rstrip().endswith("1 changed")
    assert invoke("diff", story.name, newer.name, "--as-of", "2023-01-30").exit_code == 0


@needs_git
def test_diff_of_a_revision_and_the_working_file_as_known_on_one_day(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_git: None
) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q", "--initial-branch=main")
    git(folder, "config", "user.name", "Test Author")
    git(folder, "config", "user.email", "author@example.org")
    git(folder, "config", "commit.gpgsign", "false")
    (folder / "events.yaml").write_text(STORY)
    git(folder, "add", "events.yaml")
    git(folder, "commit", "-q", "-m", "first")
    (folder / "events.yaml").write_text(
        STORY.replace("Acme splits into three companies", "Acme splits in three").replace(
            "title: Probe confirmed", "title: Probe confirmed by the regulator"
        )
    )
    monkeypatch.chdir(folder)
    assert invoke("diff", "HEAD").stdout.rstrip().endswith("2 changed")
    # On 1 Feb 2023 neither the split nor the confirmation was public.
    result = invoke("diff", "HEAD", "--as-of", "2023-02-01")
    assert result.exit_code == 0
    assert result.stdout == (
        "HEAD:events.yaml as known on 1 Feb 2023 → events.yaml as known on 1 Feb 2023\n"
        "\n"
        "no differences\n"
    )
    result = invoke("diff", "HEAD", "--as-of", "2023-02", "--stat")
    assert (result.exit_code, result.stdout) == (1, "1 changed\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2023", "--as-of", "2024", "--as-of", "2025"], "--as-of is given 3 times"),
        (["v1", "--as-of", "2023", "--as-of", "2024"], "two --as-of dates compare the timeline"),
        (["a.yaml", "b.yaml", "--as-of", "2023", "--as-of", "2024"], "leave out OLD and NEW"),
        (["--as-of", "2023"], "one --as-of date has nothing to compare"),
        ([], "diff needs OLD"),
        (["--as-of", "2023-13", "--as-of", "2024"], "--as-of: '2023-13' is not a valid date"),
    ],
)
def test_diff_as_of_that_has_no_meaning_is_a_usage_error(
    invoke: Invoke, story: Path, args: list[str], message: str
) -> None:
    result = invoke("diff", "-f", str(story), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert result.stdout == ""


# ---------------------------------------------------------------------------------------------
# check: a source published after today


def test_check_warns_of_a_source_published_after_today(
    invoke: Invoke, write: Callable[..., Path]
) -> None:
    tomorrow = date.today() + timedelta(days=1)
    text = STORY.replace("published: 2023-03-01", f"published: {tomorrow.isoformat()}")
    text = text.replace("published: 2023-02", f"published: {tomorrow.year + 1}")
    path = write(text, "future.yaml")
    result = invoke("check", "-f", str(path), "--json")
    found = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "published-in-future"]
    assert [(p["event"], p["severity"], p["line"], p["column"]) for p in found] == [
        ("probe-opened", "warning", 14, 20),
        ("acme-splits", "warning", 44, 20),
    ]
    assert "after today" in found[0]["message"]
    assert invoke("check", "-f", str(path), "--strict").exit_code == 1
    # Today itself, or a span that has begun, is possible; so is every curated date.
    for today_or_begun in (date.today().isoformat(), str(date.today().year)):
        path = write(STORY.replace("published: 2023-03-01", f"published: {today_or_begun}"))
        problems = json.loads(invoke("check", "-f", str(path), "--json").stdout)["problems"]
        assert [p for p in problems if p["code"] == "published-in-future"] == []


def test_html_cards_carry_first_reported_and_when_each_source_became_public(
    story: Path,
) -> None:
    from .test_export_html import Tree

    page = export.get("html").render(store.load(story), ExportOptions())
    tree = Tree()
    tree.feed(page)
    root = tree.root
    card = root.by_id("event-probe-opened")
    assert card.attrs["data-known"] == "2023-01-03"
    assert card.one("p", "reported").text == "First reported 3 Jan 2023, 4 days after"
    assert [li.attrs["data-known"] for li in card.one("div", "sources").all("li")] == [
        "2023-02-28",
        "2023-01-03",
    ]
    assert root.by_id("event-unsourced").attrs["data-known"] == ""
    assert root.by_id("event-rumoured-sale").attrs["data-known"] == ""
    slider = root.by_id("filter-asof")
    assert slider.attrs["type"] == "range"
    assert json.loads(str(slider.attrs["data-days"])) == [
        "2023-01-03",
        "2023-01-31",
        "2023-02-28",
        "2023-03-01",
    ]
    assert (slider.attrs["min"], slider.attrs["max"], slider.attrs["value"]) == ("0", "4", "4")
    labels = {str(label.attrs["for"]): label.text for label in root.all("label")}
    assert labels["filter-asof"] == "As known on"


def test_html_has_no_slider_without_a_dated_source(write: Callable[..., Path]) -> None:
    path = write(STORY.replace("published:", "# published:"), "undated.yaml")
    page = export.get("html").render(store.load(path), ExportOptions())
    assert 'id="filter-asof"' not in page
