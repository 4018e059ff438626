"""Writes splice text: golden files for each layout, faithfulness byte for byte, properties."""

from __future__ import annotations

import difflib
import os
import string
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ant_timeline import edit, store
from ant_timeline.dates import parse
from ant_timeline.errors import EventNotFoundError, LoadError, RefusedError, WriteError
from ant_timeline.model import Event, Source
from ant_timeline.store import files

from .conftest import DATA

EDIT = DATA / "edit"


def where(path: Path) -> store.TimelineFile:
    return store.TimelineFile(path, "option")


def copy(name: str, tmp_path: Path, transform: Callable[[bytes], bytes] = lambda b: b) -> Path:
    target = tmp_path / name
    target.write_bytes(transform((EDIT / name).read_bytes()))
    return target


APPEAL = edit.Draft(
    date=parse("2022-01"),
    title="Acme appeals the hearing's outcome",
    actors=("Acme",),
    tags=("appeal",),
    sources=(Source("https://example.org/appeal", "Acme appeals", "Wire", parse("2022-01-15")),),
    related=("hearing",),
)
RIVAL = edit.Draft(
    date=parse("2020"), title="Acme buys a rival", sources=(Source("https://example.org/buy"),)
)
SETTLES = edit.Draft(
    date=parse("2023-05-16"),
    title="Acme settles: 监管 case closed",
    summary=(
        "Acme agreed to pay a settlement and change its contracts. The authority closed the case "
        "without a finding, which critics called a missed chance to set a precedent for the sector."
    ),
    category="corporate",
    actors=("Acme, Inc.",),
    sources=(Source("https://example.org/s", "Acme settles", "Daily Ledger", parse("2023-05-16")),),
)


@pytest.mark.parametrize(
    ("draft", "golden"),
    [
        (APPEAL, "handkept.add-middle.yaml"),  # between events, before a section comment
        (RIVAL, "handkept.add-first.yaml"),  # before the first event and its comment block
        (SETTLES, "handkept.add-last.yaml"),  # after the last event, before the final comment
    ],
)
def test_add_event_golden(tmp_path: Path, draft: edit.Draft, golden: str) -> None:
    path = copy("handkept.yaml", tmp_path)
    edit.add_event(where(path), draft)
    assert path.read_text(encoding="utf-8") == (EDIT / golden).read_text(encoding="utf-8")


def test_block_lists_and_zero_offset_layout_golden(tmp_path: Path) -> None:
    path = copy("compact.yaml", tmp_path)
    draft = edit.Draft(
        date=parse("2022"),
        title="Second thing",
        actors=("Acme", "Other: Co"),
        sources=(Source("https://example.org/2", "Two", "P", parse("2022-03-03")),),
    )
    edit.add_event(where(path), draft)
    assert path.read_bytes() == (EDIT / "compact.add.yaml").read_bytes()


def test_add_source_golden(tmp_path: Path) -> None:
    path = copy("handkept.yaml", tmp_path)
    source = Source(
        "https://example.org/hearing-2", "Hearing: second report", "Gazette", parse("2021-10")
    )
    edit.add_source(where(path), "hearing", source)
    assert path.read_bytes() == (EDIT / "handkept.add-source.yaml").read_bytes()


def test_remove_takes_the_comment_block_with_it(tmp_path: Path) -> None:
    path = copy("handkept.yaml", tmp_path)
    change = edit.remove_event(where(path), "hearing")
    assert path.read_bytes() == (EDIT / "handkept.remove.yaml").read_bytes()
    assert change.notes == ()


def only_insertions(before: str, after: str) -> list[str]:
    """The lines `after` adds; fails if any line of `before` changed or went."""
    matcher = difflib.SequenceMatcher(
        None, before.splitlines(True), after.splitlines(True), autojunk=False
    )
    added = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        assert tag == "insert", (tag, before.splitlines(True)[i1:i2], after.splitlines(True)[j1:j2])
        added.extend(after.splitlines(True)[j1:j2])
    return added


@pytest.mark.parametrize(
    ("variant", "transform", "golden_transform"),
    [
        ("crlf", lambda b: b.replace(b"\n", b"\r\n"), lambda b: b.replace(b"\n", b"\r\n")),
        ("bom", lambda b: b"\xef\xbb\xbf" + b, lambda b: b"\xef\xbb\xbf" + b),
        # classic Mac OS line ends: YAML reads a lone CR as a line break, so must the edit
        ("cr", lambda b: b.replace(b"\n", b"\r"), lambda b: b.replace(b"\n", b"\r")),
    ],
)
def test_line_endings_and_bom_are_kept(
    tmp_path: Path,
    variant: str,
    transform: Callable[[bytes], bytes],
    golden_transform: Callable[[bytes], bytes],
) -> None:
    path = copy("handkept.yaml", tmp_path, transform)
    edit.add_event(where(path), APPEAL)
    expected = golden_transform((EDIT / "handkept.add-middle.yaml").read_bytes())
    assert path.read_bytes() == expected, variant


def test_file_without_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    original = (
        (EDIT / "handkept.yaml").read_text().replace("# end of file: keep this comment last\n", "")
    )
    path.write_text(original.rstrip("\n"))
    edit.add_event(where(path), SETTLES)
    after = path.read_text()
    assert not after.endswith("\n")
    added = only_insertions(original.rstrip("\n") + "\n", after + "\n")
    assert added[0] == "\n" and added[1] == "  - id: acme-settles-case-closed\n"
    edit.remove_event(where(path), "acme-settles-case-closed")
    assert path.read_text() == original.rstrip("\n")


def test_empty_list_from_init_and_back(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    files.create(path, subject="Acme")
    original = path.read_bytes()
    edit.add_event(where(path), RIVAL)
    text = path.read_text()
    assert "events:\n  - id: acme-buys-a-rival\n    date: 2020\n" in text
    assert store.load(path).events[0].title == "Acme buys a rival"
    edit.remove_event(where(path), "acme-buys-a-rival")
    assert path.read_bytes() == original


def test_null_events_list(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("version: 1\nevents:\n# nothing yet\n")
    edit.add_event(where(path), RIVAL)
    assert path.read_text() == (
        "version: 1\nevents:\n  - id: acme-buys-a-rival\n    date: 2020\n    title: Acme buys a rival\n"
        "    sources:\n      - url: https://example.org/buy\n# nothing yet\n"
    )


def test_add_source_where_there_was_none(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("events:\n  - id: a\n    date: 2020\n    title: T\n    tags: [x]\n")
    edit.add_source(where(path), "a", Source("https://example.org/a", "A", "P", parse("2020")))
    assert path.read_text() == (
        "events:\n  - id: a\n    date: 2020\n    title: T\n    tags: [x]\n"
        "    sources:\n      - title: A\n        publisher: P\n        url: https://example.org/a\n"
        "        published: 2020\n"
    )


def test_remove_warns_about_events_that_still_refer_to_it(tmp_path: Path) -> None:
    path = copy("handkept.yaml", tmp_path)
    change = edit.remove_event(where(path), "probe-opened")
    assert change.notes and "still listed as related by acme-fined" in change.notes[0]


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (
            edit.Draft(parse("2021"), "X", id="probe-opened"),
            "id 'probe-opened' already exists (line 10)",
        ),
        (edit.Draft(parse("2021"), "X", id="Bad Id"), "is not kebab-case"),
        (
            edit.Draft(parse("2021-03-04"), "Regulator opens a probe into ACME!"),
            "this looks like 'probe-opened' (line 10): same date and nearly the same title; use --force",
        ),
        (edit.Draft(parse("2021"), "X", related=("heraing",)), "did you mean 'hearing'?"),
        (edit.Draft(parse("2021"), "X", category="enforcment"), "did you mean 'enforcement'?"),
        (
            edit.Draft(parse("2021"), "X", sources=(Source("javascript:alert(1)"),)),
            "is not an http(s) address",
        ),
        (edit.Draft(parse("2021"), "   "), "the title is empty"),
    ],
)
def test_refusals_leave_the_file_untouched(tmp_path: Path, draft: edit.Draft, message: str) -> None:
    path = copy("handkept.yaml", tmp_path)
    before = path.read_bytes()
    with pytest.raises(RefusedError) as caught:
        edit.add_event(where(path), draft)
    assert message in str(caught.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handkept.yaml"]


def test_force_adds_a_likely_duplicate(tmp_path: Path) -> None:
    path = copy("handkept.yaml", tmp_path)
    draft = edit.Draft(parse("2021-03-04"), "Regulator opens a probe into ACME!")
    change = edit.add_event(where(path), draft, force=True)
    assert change.event_id == "regulator-opens-a-probe-into-acme"


def test_generated_ids_are_unique(tmp_path: Path) -> None:
    path = copy("handkept.yaml", tmp_path)
    first = edit.add_event(where(path), edit.Draft(parse("2019"), "Hearing"))
    second = edit.add_event(where(path), edit.Draft(parse("2018"), "Hearing!"), force=True)
    assert (first.event_id, second.event_id) == ("hearing-2", "hearing-3")
    assert edit.slugify("蚂蚁集团", "event-2023") == "event-2023"


def test_unknown_event_for_source_and_remove(tmp_path: Path) -> None:
    path = copy("handkept.yaml", tmp_path)
    with pytest.raises(EventNotFoundError, match="did you mean 'hearing'"):
        edit.remove_event(where(path), "hearings")
    with pytest.raises(EventNotFoundError):
        edit.add_source(where(path), "nope", Source("https://example.org"))


def test_a_file_with_load_errors_is_not_edited(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("events:\n  - {id: a, date: 2023-13, title: t}\n")
    with pytest.raises(LoadError):
        edit.add_event(where(path), RIVAL)
    assert path.read_text() == "events:\n  - {id: a, date: 2023-13, title: t}\n"


def test_dry_run_writes_nothing_and_returns_the_diff(tmp_path: Path) -> None:
    path = copy("handkept.yaml", tmp_path)
    before = path.read_bytes()
    change = edit.add_event(where(path), RIVAL, dry_run=True)
    assert path.read_bytes() == before
    diff = change.unified_diff("handkept.yaml")
    assert diff.startswith("--- a/handkept.yaml\n+++ b/handkept.yaml\n@@ -6,6 +6,12 @@\n")
    assert "+  - id: acme-buys-a-rival\n" in diff


def test_failed_write_keeps_the_original_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy("handkept.yaml", tmp_path)
    path.chmod(0o600)
    before = path.read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(WriteError, match="No space left on device; the file is unchanged"):
        edit.add_event(where(path), RIVAL)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handkept.yaml"]
    monkeypatch.undo()
    edit.add_event(where(path), RIVAL)
    assert path.stat().st_mode & 0o777 == 0o600


def test_symlinked_file_is_written_through(tmp_path: Path) -> None:
    target = copy("handkept.yaml", tmp_path)
    link = tmp_path / "link.yaml"
    link.symlink_to(target.name)
    edit.add_event(where(link), RIVAL)
    assert link.is_symlink()
    assert "acme-buys-a-rival" in target.read_text()


# -- properties ----------------------------------------------------------------------------------

words = st.text(
    alphabet=string.ascii_letters + " ,:'\"#-&*!?[]{}|>%@`蚂蚁", min_size=1, max_size=30
).filter(lambda s: s.strip() != "")
day = st.dates(min_value=parse("2000-01-01").earliest, max_value=parse("2030-12-31").earliest)  # type: ignore[arg-type]


@st.composite
def drafts(draw: st.DrawFn) -> edit.Draft:
    when = draw(day)
    precision = draw(st.sampled_from(["day", "month", "year", "quarter"]))
    text = {
        "day": when.isoformat(),
        "month": when.isoformat()[:7],
        "year": str(when.year),
        "quarter": f"{when.year}-Q{(when.month - 1) // 3 + 1}",
    }[precision]
    return edit.Draft(
        date=parse(text),
        title=draw(words),
        summary=draw(st.one_of(st.none(), words)),
        actors=tuple(draw(st.lists(words, max_size=3))),
        tags=tuple(draw(st.lists(words, max_size=2))),
        sources=(
            Source(
                "https://example.org/"
                + draw(st.text(string.ascii_lowercase, min_size=1, max_size=8)),
                draw(st.one_of(st.none(), words)),
            ),
        ),
    )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(draft=drafts(), layout=st.sampled_from(["handkept.yaml", "compact.yaml"]))
def test_add_keeps_every_event_and_remove_restores_the_bytes(
    tmp_path: Path, draft: edit.Draft, layout: str
) -> None:
    path = tmp_path / layout
    path.write_bytes((EDIT / layout).read_bytes())
    original = path.read_bytes()
    before = store.load(path)
    change = edit.add_event(where(path), draft, force=True)
    after = store.load(path)
    old = {e.id: e for e in before.events}
    new = {e.id: e for e in after.events}
    assert set(new) == set(old) | {change.event_id}
    assert all(new[key] == old[key] for key in old)
    added = new[change.event_id]
    assert (added.title, added.summary, added.actors, added.tags) == (
        " ".join(draft.title.split()),
        " ".join(draft.summary.split()) or None if draft.summary else None,
        tuple(" ".join(a.split()) for a in draft.actors),
        tuple(" ".join(t.split()) for t in draft.tags),
    )
    only_insertions(original.decode(), path.read_text())
    edit.remove_event(where(path), change.event_id)
    assert path.read_bytes() == original


def test_a_comment_belongs_to_one_event_only(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    original = (
        "events:\n"
        "  - id: a-one\n    date: 2020\n    title: A\n"
        "    # a note about a-one, indented under it\n"
        "  # the comment block of b-two\n"
        "  - id: b-two\n    date: 2021\n    title: B\n"
    )
    path.write_text(original)
    edit.remove_event(where(path), "b-two")
    assert path.read_text() == (
        "events:\n  - id: a-one\n    date: 2020\n    title: A\n"
        "    # a note about a-one, indented under it\n"
    )
    path.write_text(original)
    edit.remove_event(where(path), "a-one")
    assert path.read_text() == (
        "events:\n  # the comment block of b-two\n  - id: b-two\n    date: 2021\n    title: B\n"
    )


def test_a_newest_first_file_keeps_its_order(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "events:\n"
        "  - {id: c, date: 2023, title: C}\n"
        "  - {id: b, date: 2022, title: B}\n"
        "  - {id: a, date: 2021, title: A}\n"
    )
    change = edit.add_event(where(path), edit.Draft(parse("2022-09"), "Between"))
    assert change.summary == "after 'c' (line 2)"
    assert store.read_report(path).file_order == ["c", "between", "b", "a"]
    edit.add_event(where(path), edit.Draft(parse("2024"), "Newest"))
    assert store.read_report(path).file_order == ["newest", "c", "between", "b", "a"]


@pytest.mark.parametrize(
    "events_line",
    ['"events": []', "'events': []", "events: []  # none yet", "events : []"],
)
def test_empty_list_written_any_way_comes_back_as_it_was(tmp_path: Path, events_line: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(f"version: 1\n{events_line}\n# the end\n")
    original = path.read_bytes()
    edit.add_event(where(path), RIVAL)
    assert [e.id for e in store.load(path).events] == ["acme-buys-a-rival"]
    edit.remove_event(where(path), "acme-buys-a-rival")
    assert path.read_bytes() == original


def test_sources_written_as_flow_mappings(tmp_path: Path) -> None:
    # A URL cannot be a plain scalar inside {...} (libyaml reads its ':' as the end of a key),
    # so a file that writes sources this way quotes them, and so must a new event.
    path = tmp_path / "t.yaml"
    path.write_text(
        "events:\n  - id: a\n    date: 2021\n    title: A\n    sources:\n"
        '      - {title: "One: a report", url: "https://example.org/1"}\n'
    )
    original = path.read_bytes()
    draft = replace(RIVAL, sources=(Source("https://example.org/buy", "Acme: a deal", "Wire"),))
    edit.add_event(where(path), draft)
    assert (
        '      - {title: "Acme: a deal", publisher: Wire, url: "https://example.org/buy"}\n'
        in path.read_text()
    )
    assert store.load(path).by_id()["acme-buys-a-rival"].sources == draft.sources
    edit.remove_event(where(path), "acme-buys-a-rival")
    assert path.read_bytes() == original


FLOW_SOURCES = (
    "events:\n"
    "  - id: a\n    date: 2021\n    title: A\n    sources:\n"
    '      - {title: "One: a report", url: "https://example.org/1"}\n'
    '      - {title: Two,\n         url: "https://example.org/2"}   # wrapped by hand\n'
    "  - id: b\n    date: 2022\n    title: B\n    sources:\n"
    '      - {url: "https://example.org/3"}'  # the file's last line, no newline
)


def test_add_source_to_sources_written_as_flow_mappings(tmp_path: Path) -> None:
    # The style `add event` itself writes in such a file, so `add source` must take it too.
    path = tmp_path / "t.yaml"
    path.write_text(FLOW_SOURCES)
    more = Source("https://example.org/n", "Acme, again: a report", "Wire", parse("2021-02"))
    edit.add_source(where(path), "a", more)
    edit.add_source(where(path), "b", Source("https://example.org/m"))
    assert path.read_text() == FLOW_SOURCES.replace(
        "# wrapped by hand\n",
        "# wrapped by hand\n"
        '      - {title: "Acme, again: a report", publisher: Wire, url: "https://example.org/n", '
        "published: 2021-02}\n",
    ).replace(
        '"https://example.org/3"}',
        '"https://example.org/3"}\n      - {url: "https://example.org/m"}',
    )
    assert store.load(path).by_id()["a"].sources[-1] == more


def test_add_source_to_empty_sources_on_the_last_line_adds_no_final_newline(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.yaml"
    text = "events:\n  - id: a\n    date: 2021\n    title: A\n    sources:"
    path.write_text(text)
    edit.add_source(where(path), "a", Source("https://example.org/m"))
    assert path.read_text() == text + "\n      - url: https://example.org/m"


# -- many events in one edit (what `import` writes) -----------------------------------------

NEWEST_FIRST = (
    "events:\n"
    "  - {id: c, date: 2023, title: C}\n"
    "  - {id: b, date: 2022, title: B}\n"
    "  - {id: a, date: 2021, title: A}\n"
)
UNSORTED = (
    "version: 1\nevents:\n"
    "  - id: late\n    date: 2023\n    title: Late\n\n"
    "  - id: early\n    date: 2020\n    title: Early\n\n"
    "  - id: middle\n    date: 2021-06\n    title: Middle\n"
)
LAYOUTS = {
    "handkept": (EDIT / "handkept.yaml").read_text(encoding="utf-8"),
    "compact": (EDIT / "compact.yaml").read_text(encoding="utf-8"),
    "newest-first": NEWEST_FIRST,
    "unsorted": UNSORTED,
    "no-final-newline": UNSORTED.rstrip("\n"),
    "crlf": UNSORTED.replace("\n", "\r\n"),
    "empty": files.new_file_text(title="T", subject="S"),
}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batch=st.lists(drafts(), min_size=1, max_size=6), layout=st.sampled_from(sorted(LAYOUTS)))
def test_many_in_one_edit_is_each_added_in_turn(
    tmp_path: Path, batch: list[edit.Draft], layout: str
) -> None:
    """One `plan_add_many` puts each event where adding them one by one puts it, and changes
    nothing else. (It may write them more alike than one by one does: each in the style of the
    file's own neighbour, where one by one a new event can take its style from the last.)"""
    one_by_one = tmp_path / "one-by-one.yaml"
    one_by_one.write_text(LAYOUTS[layout], encoding="utf-8", newline="")
    # Summaries are left out: a new event's folded summary can set the fold width of the next.
    batch = [replace(draft, summary=None) for draft in batch]
    ids = [edit.add_event(where(one_by_one), draft, force=True).event_id for draft in batch]
    final = store.load(one_by_one).by_id()
    text = LAYOUTS[layout]
    report = store.parse_text(text, "many.yaml")
    change = edit.plan_add_many(text, report, [final[i] for i in ids], tmp_path / "many.yaml")
    many = store.parse_text(change.after, "many.yaml")
    assert many.file_order == store.read_report(one_by_one).file_order
    assert many.timeline.by_id() == final
    if layout != "empty":  # `events: []` becomes `events:`, as one add makes it
        # (without a final newline, the last line gets one and the new last line has none)
        only_insertions(text + "\n", change.after + "\n")
    assert change.after.endswith("\n") == text.endswith("\n")


def test_many_keeps_every_value_exactly(tmp_path: Path) -> None:
    text = LAYOUTS["handkept"]
    report = store.parse_text(text, "t.yaml")
    events = [
        Event(
            id="Not Kebab",
            date=parse("2021"),
            title="  spaced  title\n",
            summary="Para one.\n\nPara  two, with   spaces.",
            category="",
            actors=("", "a; b"),
            sources=(Source("ftp://x", "", None, None, ""),),
            related=("nowhere",),
        ),
        Event(
            id="y-event",
            date=parse("2022"),
            title="y",
            summary="tab\there \x1b[31m and\u2028more",
        ),
    ]
    change = edit.plan_add_many(text, report, events, tmp_path / "t.yaml")
    read = store.parse_text(change.after, "t.yaml").timeline.by_id()
    assert read["Not Kebab"] == events[0]
    assert read["y-event"] == events[1]
    assert "    summary: |-\n      Para one.\n\n      Para  two, with   spaces.\n" in change.after
    assert all(line == line.rstrip() for line in change.after.splitlines())


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_a_scalar_is_one_line_that_reads_back_as_its_text(text: str) -> None:
    from ant_timeline.edit.yamltext import Emitter, read_back

    emit = Emitter()
    for quote in ("", '"', "'"):
        written = emit.scalar(text, quote)
        assert "\n" not in written and "\r" not in written
        assert read_back(f"k: {written}\n") == text


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"[A-Za-z][A-Za-z0-9 ,.()/'&+-]{0,30}", fullmatch=True)
    | st.from_regex(r"https?://[A-Za-z0-9._~:/?#@!$&'()*+;=%,\[\]-]{0,30}", fullmatch=True)
    | st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20)
    | st.sampled_from(["Yes", "No", "null", "On", "y", "People's Bank", "a  b", "x.", "A (B)", ""])
)
def test_text_written_as_it_is_is_what_ruamel_writes(text: str) -> None:
    """The shortcuts for plain and quoted text never write what ruamel.yaml would not."""
    from ant_timeline.edit.yamltext import Emitter, plain_as_is, quoted_as_is

    emit = Emitter()
    if plain_as_is(text):
        assert emit._dump(text) == text  # what the shortcut skips
        assert emit.scalar(text) == text
    for quote in ('"', "'"):
        quoted = quoted_as_is(text, quote)
        if quoted is not None:
            assert emit._dump(emit._quoted[quote](text)) == quoted


FLOW_EVENTS = (
    "version: 1\nevents:\n"
    "  - {id: a, date: 2021, title: A}   # a comment\n"
    '  - {id: b, date: 2022, title: "B, }", sources: []}\n'
    '  - {id: c, date: 2023, title: C, sources: [{url: "https://e.org/c"}]}\n'
    "  - id: d\n    date: 2024\n    title: D\n    sources: []   # none yet\n"
)


def test_add_source_to_events_and_lists_written_in_flow_style(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(FLOW_EVENTS)
    for event_id in "abcd":
        edit.add_source(where(path), event_id, Source(f"https://e.org/n{event_id}", "T: x"))
    assert path.read_text() == (
        "version: 1\nevents:\n"
        "  - {id: a, date: 2021, title: A, sources: [{title: 'T: x', url: \"https://e.org/na\"}]}"
        "   # a comment\n"
        "  - {id: b, date: 2022, title: \"B, }\", sources: [{title: 'T: x', url: "
        '"https://e.org/nb"}]}\n'
        '  - {id: c, date: 2023, title: C, sources: [{url: "https://e.org/c"}, '
        "{title: 'T: x', url: \"https://e.org/nc\"}]}\n"
        "  - id: d\n    date: 2024\n    title: D\n"
        "    sources: [{title: 'T: x', url: \"https://e.org/nd\"}]   # none yet\n"
    )
    loaded = store.load(path).by_id()
    assert [s.url for s in loaded["c"].sources] == ["https://e.org/c", "https://e.org/nc"]


def test_flow_style_over_several_lines_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        'events:\n  - {id: a, date: 2021, title: A,\n     sources: [{url: "https://e.org/a",\n'
        "       title: one}]}\n"
    )
    before = path.read_bytes()
    with pytest.raises(edit.EditError, match="flow style over several lines; add this one by"):
        edit.add_source(where(path), "a", Source("https://e.org/n"))
    assert path.read_bytes() == before


def test_remove_from_a_flow_list_of_events_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "version: 1\nevents: [{id: a, date: 2021, title: A}, {id: b, date: 2022, title: B}]\n"
    )
    before = path.read_bytes()
    with pytest.raises(edit.EditError, match=r"written in flow style \(\[\.\.\.\]\); remove needs"):
        edit.remove_event(where(path), "a")
    assert path.read_bytes() == before


KEPT_BLANKS = (
    "version: 1\nevents:\n"
    "  - id: a\n    date: 2021\n    title: A\n    summary: |+\n      kept\n\n"
    "  - id: b\n    date: 2023\n    title: B\n    summary: >+  # keeps its blank lines\n"
    "      kept too\n\n\n"
)
NEW = {
    "first": replace(RIVAL, date=parse("2019")),
    "middle": replace(RIVAL, date=parse("2022")),
    "last": replace(RIVAL, date=parse("2024")),
}


@pytest.mark.parametrize("place", list(NEW))
def test_blank_lines_a_kept_block_scalar_owns_stay_with_it(tmp_path: Path, place: str) -> None:
    # `|+` and `>+` keep trailing blank lines as part of the text: they are not the space
    # between events, so a new event goes after them and a removal leaves them.
    path = tmp_path / "t.yaml"
    path.write_text(KEPT_BLANKS)
    summaries = {"a": "kept\n\n", "b": "kept too\n\n\n"}
    edit.add_event(where(path), NEW[place])
    only_insertions(KEPT_BLANKS, path.read_text())
    loaded = store.load(path).by_id()
    assert {key: loaded[key].summary for key in summaries} == summaries
    edit.remove_event(where(path), "acme-buys-a-rival")
    assert path.read_text() == KEPT_BLANKS


@pytest.mark.parametrize("event_id", ["a", "b"])
def test_an_event_after_kept_blank_lines_is_removed_without_them(
    tmp_path: Path, event_id: str
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(KEPT_BLANKS)
    edit.add_source(where(path), event_id, Source("https://example.org/s"))
    edit.remove_event(where(path), "b" if event_id == "a" else "a")
    kept = store.load(path).by_id()[event_id]
    assert kept.summary == {"a": "kept\n\n", "b": "kept too\n\n\n"}[event_id]
    assert kept.sources == (Source("https://example.org/s"),)


@pytest.mark.parametrize("header", ["|", ">", "|2"])
def test_text_that_ends_the_file_without_a_newline_is_refused_by_name(
    tmp_path: Path, header: str
) -> None:
    # `|` keeps one final line break: with none at the end of the file the text has none,
    # and any line written after it would give it one.
    path = tmp_path / "t.yaml"
    text = f"events:\n  - id: a\n    date: 2021\n    title: A\n    summary: {header}\n      last"
    path.write_text(text)
    for write in (
        lambda: edit.add_event(where(path), replace(RIVAL, date=parse("2024"))),
        lambda: edit.add_source(where(path), "a", Source("https://example.org/s")),
    ):
        with pytest.raises(edit.EditError) as refused:
            write()
        assert str(refused.value) == (
            f"{path}:6: the file ends inside the text of 'a' (a `|` or `>` block) without a "
            "newline, and a line after it would add one to that text; end the file with a "
            "newline first"
        )
        assert path.read_text() == text
    # `|-` has no final line break to gain, so the same edits go through
    path.write_text(text.replace(f"summary: {header}", "summary: |-"))
    edit.add_source(where(path), "a", Source("https://example.org/s"))
    assert store.load(path).by_id()["a"].summary == "last"
