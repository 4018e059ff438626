"""Several timelines in one view: loading a set, `show`, `check`, every export, `diff`."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ant_timeline import query, store
from ant_timeline.errors import FileReadError, LoadError
from ant_timeline.store import files

from .conftest import SMALL
from .terminal import run_in_terminal

Invoke = Callable[..., Any]

RIDES = """\
version: 1
timeline:
  title: "Rides: a ride-hailing review"
  subject: Rides Inc
events:
  - id: rides-lists
    date: 2021-06-30
    title: Rides lists its shares abroad
    category: market
    actors: [Rides Inc]
    tags: [ipo]
    sources:
      - title: Rides lists
        publisher: Wire
        url: https://example.org/rides-ipo
        published: 2021-06-30

  - id: rides-fined
    date: 2022-07
    title: Rides fined for data breaches
    category: enforcement
    actors: [Competition Authority, Rides Inc]
    tags: [fine]
    sources:
      - title: Rides fined
        publisher: Wire
        url: https://example.org/rides-fine
        published: 2022-07-21
    related: [rides-lists, acme/acme-fined]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """timelines/ with acme.yaml (3 events) and rides.yml (2 events) and a file to ignore."""
    where = tmp_path / "timelines"
    where.mkdir()
    (where / "acme.yaml").write_text(SMALL, encoding="utf-8")
    (where / "rides.yml").write_text(RIDES, encoding="utf-8")
    (where / "notes.txt").write_text("not a timeline\n", encoding="utf-8")
    (where / ".draft.yaml").write_text("not: [valid\n", encoding="utf-8")
    return where


# ---------------------------------------------------------------------------------------------
# Loading a set


def test_a_folder_is_its_events_files_in_name_order(folder: Path) -> None:
    found = files.locate_set([folder])
    assert found.together
    assert [where.path.name for where in found.files] == ["acme.yaml", "rides.yml"]
    assert [key for key, _ in found.keyed()] == ["acme", "rides"]


def test_one_file_alone_is_not_a_set(small: Path) -> None:
    found = files.locate_set([small])
    assert not found.together
    timeline = store.load_set(found)
    assert timeline.members == ()
    assert {event.timeline for event in timeline.events} == {""}
    assert [event.ref for event in timeline.events] == [e.id for e in timeline.events]


def test_a_set_is_one_chronology_of_keyed_events(folder: Path) -> None:
    timeline = store.load_set(files.locate_set([folder]))
    assert [(m.key, m.subject, m.count) for m in timeline.members] == [
        ("acme", "Acme", 3),
        ("rides", "Rides Inc", 2),
    ]
    assert [event.ref for event in timeline.events] == [
        "acme/probe-opened",
        "rides/rides-lists",
        "acme/acme-fined",
        "rides/rides-fined",
        "acme/acme-restructures",
    ]
    assert timeline.info.title == "Acme and Rides Inc"


def test_the_environment_may_name_several_files(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [folder / "acme.yaml", folder / "rides.yml"]
    monkeypatch.setenv(files.ENV_FILE, os.pathsep.join(map(str, paths)))
    found = files.locate_set(None)
    assert found.together
    assert [where.origin for where in found.files] == ["environment", "environment"]


def test_each_file_is_read_once_through_its_cache(
    folder: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    real = files.read_bytes

    def counting(path: Path, label: str | None = None) -> Any:
        read.append(path.name)
        return real(path, label)

    monkeypatch.setattr(store, "read_bytes", counting)
    # The folder and one of its files named again: still one read per file.
    store.load_set(files.locate_set([folder, folder / "acme.yaml"]))
    assert sorted(read) == ["acme.yaml", "rides.yml"]
    assert len(list(private_cache.glob("*.timeline"))) == 2

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed again instead of using the cache")

    monkeypatch.setattr(store, "parse_text", no_parsing)
    assert len(store.load_set(files.locate_set([folder])).events) == 5


def test_two_files_with_one_key_are_refused_naming_both(folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "acme.yml").write_text(SMALL, encoding="utf-8")
    with pytest.raises(FileReadError) as error:
        store.load_set(files.locate_set([folder, other]))
    assert str(error.value) == (
        f"{folder / 'acme.yaml'} and {other / 'acme.yml'} have the same key 'acme'; every "
        "timeline loaded together needs a file name of its own"
    )


def test_a_key_that_is_not_an_id_is_refused(folder: Path) -> None:
    (folder / "Big Co.yaml").write_text(SMALL, encoding="utf-8")
    with pytest.raises(FileReadError, match=r"'Big Co' cannot name a timeline") as error:
        store.load_set(files.locate_set([folder]))
    assert "big-co.yaml" in str(error.value)


def test_a_folder_without_events_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileReadError, match="is a folder with no events files in it"):
        files.locate_set([tmp_path / "empty"])


def test_a_file_with_load_errors_stops_the_load_naming_it(folder: Path) -> None:
    (folder / "broken.yaml").write_text(
        "version: 1\nevents:\n  - id: x\n    date: 2021-13\n    title: T\n", encoding="utf-8"
    )
    with pytest.raises(LoadError) as error:
        store.load_set(files.locate_set([folder]))
    assert str(error.value).startswith(f"{folder / 'broken.yaml'}:4:11: date:")


def test_subject_filter_takes_the_subject_or_the_key(folder: Path) -> None:
    timeline = store.load_set(files.locate_set([folder]))

    def refs(*subjects: str) -> list[str]:
        selected = query.apply(timeline, query.Filter(subjects=subjects))
        return [event.ref for event in selected.events]

    assert refs("rides inc") == ["rides/rides-lists", "rides/rides-fined"]
    assert refs("RIDES") == refs("rides inc")
    assert len(refs("acme", "rides")) == 5
    assert refs("nobody") == []


# ---------------------------------------------------------------------------------------------
# show


def test_show_marks_each_row_with_its_subject_and_counts_each_timeline(
    invoke: Invoke, folder: Path
) -> None:
    result = invoke("show", "--file", str(folder), "--since", "2021-06", "--until", "2022")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Acme and Rides Inc",
        "2 timelines · 4 of 5 events · Jun 2021 – Dec 2022",
        f"  Acme       {folder / 'acme.yaml'} · 2 of 3 events",
        f"  Rides Inc  {folder / 'rides.yml'} · 2 events",
        "",
        "2021",
        "  30 Jun 2021  Rides Inc  market       Rides lists its shares abroad",
        "                                       Rides Inc  #ipo",
        "                                       · 12 months without events ·",
        "",
        "2022",
        "  Jul 2022     Acme       enforcement  Acme fined for abuse of dominance",
        "                                       Competition Authority, Acme  #antitrust #fine",
        "  Jul 2022     Rides Inc  enforcement  Rides fined for data breaches",
        "                                       Competition Authority, Rides Inc  #fine",
        "  H2 2022      Acme       corporate    Acme splits into three companies",
        "                                       Acme  #restructuring",
    ]


def test_show_of_two_files_and_a_subject_filter(invoke: Invoke, folder: Path, small: Path) -> None:
    result = invoke(
        "show", "--file", str(small), "--file", str(folder / "rides.yml"), "--subject", "Acme"
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1:4] == [
        "2 timelines · 3 of 5 events · Mar 2021 – Dec 2022",
        f"  Acme       {small} · 3 events",
        f"  Rides Inc  {folder / 'rides.yml'} · 0 of 2 events",
    ]
    assert [line for line in lines[4:] if line[15:20] in ("Acme ", "Rides")] == [
        "   4 Mar 2021  Acme       enforcement  Regulator opens a probe into Acme",
        "  Jul 2022     Acme       enforcement  Acme fined for abuse of dominance",
        "  H2 2022      Acme       corporate    Acme splits into three companies",
    ]


def test_on_a_terminal_each_subject_has_a_colour_and_keeps_its_label_without_one(
    folder: Path, tmp_path: Path
) -> None:
    env = {"ANT_TIMELINE_CACHE_DIR": str(tmp_path / "cache")}
    coloured = run_in_terminal(["show", "--file", str(folder), "--no-pager"], env, tmp_path)
    assert "\x1b[1;96mAcme" in coloured  # bold bright cyan: the first timeline
    assert "\x1b[1;95mRides Inc" in coloured  # bold bright magenta: the second
    plain = run_in_terminal(
        ["show", "--file", str(folder), "--no-pager"], {**env, "NO_COLOR": "1"}, tmp_path
    )
    assert "\x1b[" not in plain
    assert "Rides Inc  market" in plain


def test_show_json_names_the_timelines_and_each_event_s(invoke: Invoke, folder: Path) -> None:
    result = invoke("show", "--file", str(folder), "--json")
    document = json.loads(result.stdout)
    assert document["timelines"] == [
        {
            "key": "acme",
            "title": "Acme: the antitrust years",
            "subject": "Acme",
            "file": str(folder / "acme.yaml"),
        },
        {
            "key": "rides",
            "title": "Rides: a ride-hailing review",
            "subject": "Rides Inc",
            "file": str(folder / "rides.yml"),
        },
    ]
    assert [(e["timeline"], e["id"]) for e in document["events"]][:2] == [
        ("acme", "probe-opened"),
        ("rides", "rides-lists"),
    ]
    alone = json.loads(invoke("show", "--file", str(folder / "acme.yaml"), "--json").stdout)
    assert "timelines" not in alone
    assert "timeline" not in alone["events"][0]


def test_errors_name_the_path(invoke: Invoke, folder: Path, tmp_path: Path) -> None:
    missing = invoke("show", "--file", str(folder), "--file", str(tmp_path / "gone.yaml"))
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"error: {tmp_path / 'gone.yaml'}: no such file")
    (tmp_path / "empty").mkdir()
    empty = invoke("show", "--file", str(tmp_path / "empty"))
    assert empty.exit_code == 2
    assert "is a folder with no events files in it" in empty.stderr
    assert "Traceback" not in missing.stderr + empty.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["add", "event", "--date", "2021", "--title", "T", "--source", "https://e.org/t"],
        ["add", "source", "probe-opened", "--url", "https://e.org/more"],
        ["remove", "event", "probe-opened", "--yes"],
    ],
)
def test_write_commands_refuse_several_files(
    invoke: Invoke, folder: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    acme, rides = folder / "acme.yaml", folder / "rides.yml"
    two = invoke(*command, "--file", str(acme), "--file", str(rides))
    assert two.exit_code == 2, two.output
    assert two.stderr == (
        f"error: this command changes one events file, but --file names 2 ({acme}, {rides}); "
        "give the one to change with a single --file PATH\n"
    )
    whole = invoke(*command, "--file", str(folder))
    assert whole.exit_code == 2, whole.output
    assert whole.stderr == (
        f"error: this command changes one events file, but --file names the folder {folder}; "
        f"give the file to change with --file PATH (such as {acme})\n"
    )
    monkeypatch.setenv("ANT_TIMELINE_FILE", f"{acme}:{rides}")
    named = invoke(*command)
    assert named.exit_code == 2, named.output
    assert "but $ANT_TIMELINE_FILE names 2 (" in named.stderr
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


# ---------------------------------------------------------------------------------------------
# check


def test_check_reports_each_file_then_the_set(invoke: Invoke, folder: Path) -> None:
    result = invoke("check", "--file", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{folder / 'acme.yaml'}: no problems in 3 events",
        f"{folder / 'rides.yml'}: no problems in 2 events",
        "2 timelines: no problems, in each or across them",
    ]


def test_a_link_into_another_timeline_is_checked_when_it_is_loaded(
    invoke: Invoke, folder: Path
) -> None:
    rides = folder / "rides.yml"
    rides.write_text(RIDES.replace("acme/acme-fined", "acme/acme-fine"), encoding="utf-8")
    alone = invoke("check", "--file", str(rides), "--strict")
    assert alone.exit_code == 0, alone.output  # acme is not loaded: nothing to resolve
    together = invoke("check", "--file", str(folder))
    assert together.exit_code == 1
    line = RIDES.splitlines().index("    related: [rides-lists, acme/acme-fined]") + 1
    assert (
        f"{rides}:{line}:28: error: related id 'acme/acme-fine' is not an event of timeline "
        "'acme'; did you mean 'acme/acme-fined'? [unknown-related]"
    ) in together.stdout.splitlines()
    assert together.stdout.splitlines()[-1] == "2 timelines: 1 error in all"


def test_one_event_in_two_timelines_is_a_warning_unless_linked(
    invoke: Invoke, folder: Path
) -> None:
    copy = SMALL.replace("Acme: the antitrust years", "Acme, as a rival sees it").replace(
        "subject: Acme", "subject: Rival"
    )
    (folder / "rival.yaml").write_text(copy, encoding="utf-8")
    result = invoke("check", "--file", str(folder))
    assert result.exit_code == 0  # warnings only
    warnings = [line for line in result.stdout.splitlines() if "[same-event]" in line]
    assert len(warnings) == 3
    assert warnings[0].startswith(f"{folder / 'rival.yaml'}:7:5: warning: event ")
    assert "link them with related: [acme/probe-opened]" in warnings[0]
    assert invoke("check", "--file", str(folder), "--strict").exit_code == 1
    linked = copy.replace(
        "        published: 2021-03-04\n",
        "        published: 2021-03-04\n    related: [acme/probe-opened]\n",
        1,
    )
    (folder / "rival.yaml").write_text(linked, encoding="utf-8")
    again = invoke("check", "--file", str(folder))
    assert len([line for line in again.stdout.splitlines() if "[same-event]" in line]) == 2


def test_check_takes_files_as_arguments_as_pre_commit_passes_them(
    invoke: Invoke, folder: Path
) -> None:
    result = invoke("check", str(folder / "acme.yaml"), str(folder / "rides.yml"), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"version": 1, "problems": []}


def test_check_of_a_set_with_a_file_that_is_not_yaml_exits_2(invoke: Invoke, folder: Path) -> None:
    (folder / "bad.yaml").write_text("events: [a, b\n", encoding="utf-8")
    result = invoke("check", "--file", str(folder))
    assert result.exit_code == 2
    assert f"{folder / 'acme.yaml'}: no problems in 3 events" in result.stdout
    assert result.stderr.startswith(f"error: {folder / 'bad.yaml'}:2:1: ")


# ---------------------------------------------------------------------------------------------
# export


def export(invoke: Invoke, folder: Path, name: str, *more: str) -> str:
    result = invoke("export", name, "--file", str(folder), *more)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_csv_has_a_timeline_column(invoke: Invoke, folder: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export(invoke, folder, "csv"))))
    assert list(rows[0])[:2] == ["id", "timeline"]
    assert [(row["timeline"], row["id"]) for row in rows][:2] == [
        ("acme", "probe-opened"),
        ("rides", "rides-lists"),
    ]
    alone = export(invoke, folder / "acme.yaml", "csv")
    assert "timeline" not in alone.splitlines()[0].split(",")


def test_markdown_names_the_subject_beside_each_item(invoke: Invoke, folder: Path) -> None:
    text = export(invoke, folder, "markdown", "--brief")
    assert "2 timelines · 5 events · Mar 2021 – Dec 2022" in text
    assert "- **30 Jun 2021** · **Rides Inc** · Rides lists its shares abroad\\" in text
    assert "- **4 Mar 2021** · **Acme** · Regulator opens a probe into Acme\\" in text


def test_timelinejs_groups_by_subject(invoke: Invoke, folder: Path) -> None:
    slides = json.loads(export(invoke, folder, "timelinejs"))["events"]
    assert [(slide["group"], slide["unique_id"]) for slide in slides][:2] == [
        ("Acme", "acme--probe-opened"),
        ("Rides Inc", "rides--rides-lists"),
    ]
    alone = json.loads(export(invoke, folder / "acme.yaml", "timelinejs"))["events"]
    assert alone[0]["group"] == "enforcement"


def test_mermaid_labels_each_entry_with_its_subject(invoke: Invoke, folder: Path) -> None:
    text = export(invoke, folder, "mermaid")
    assert "        30 Jun 2021 ∶ Rides Inc · Rides lists its shares abroad" not in text
    assert "        30 Jun 2021 : Rides Inc · Rides lists its shares abroad" in text


def test_calendar_uids_are_those_of_each_timeline_alone(invoke: Invoke, folder: Path) -> None:
    def uids(text: str) -> set[str]:
        return {line for line in text.splitlines() if line.startswith("UID:")}

    together = export(invoke, folder, "ics")
    alone = export(invoke, folder / "acme.yaml", "ics") + export(
        invoke, folder / "rides.yml", "ics"
    )
    assert uids(together) == uids(alone)
    assert "CATEGORIES:Rides Inc,market" in together


def test_html_has_a_subject_filter_and_a_label_per_card(invoke: Invoke, folder: Path) -> None:
    page = export(invoke, folder, "html")
    assert '<fieldset class="group"><legend>Timeline</legend>' in page
    assert 'data-filter="subject" data-value="rides"' in page
    assert page.count('data-subject="rides"') == 2
    assert '<p class="subject subj-1"><span class="vh">Timeline: </span>Rides Inc</p>' in page
    # "follows from" links across timelines
    assert '<a href="#event-acme--acme-fined">Acme fined for abuse of dominance</a>' in page
    alone = export(invoke, folder / "acme.yaml", "html")
    assert 'data-subject="' not in alone
    assert 'id="event-probe-opened"' in alone


# ---------------------------------------------------------------------------------------------
# diff


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def repo(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding timelines/ at HEAD; the working copy edited since."""
    empty = tmp_path / "gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    git(tmp_path, "init", "-q", "--initial-branch=main")
    git(tmp_path, "config", "user.name", "Test Author")
    git(tmp_path, "config", "user.email", "author@example.org")
    git(tmp_path, "config", "commit.gpgsign", "false")
    git(tmp_path, "add", "timelines")
    git(tmp_path, "commit", "-q", "-m", "timelines")
    rides = folder / "rides.yml"
    rides.write_text(
        RIDES.replace("Rides fined for data breaches", "Rides fined 8 billion for data breaches")
        + "\n  - id: rides-delists\n    date: 2022-06-10\n    title: Rides leaves the exchange\n"
        "    sources:\n      - url: https://example.org/rides-delists\n",
        encoding="utf-8",
    )
    (folder / "acme.yaml").unlink()
    (folder / "newco.yaml").write_text(
        "version: 1\ntimeline:\n  subject: Newco\nevents:\n  - id: founded\n    date: 2022\n"
        "    title: Newco is founded\n    sources:\n      - url: https://example.org/newco\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_diff_of_a_folder_at_a_revision_with_the_working_folder(invoke: Invoke, repo: Path) -> None:
    del repo
    result = invoke("diff", "HEAD", "--file", "timelines")
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        "HEAD:timelines → timelines",
        "",
        "2021",
        "-  4 Mar 2021  Regulator opens a probe into Acme [acme/probe-opened]",
        "",
        "2022",
        "+ 2022         Newco is founded [newco/founded]",
        "+ 10 Jun 2022  Rides leaves the exchange [rides/rides-delists]",
        "- Jul 2022     Acme fined for abuse of dominance [acme/acme-fined]",
        "~ Jul 2022     Rides fined 8 billion for data breaches [rides/rides-fined]",
        "               title     Rides fined for data breaches → Rides fined 8 billion for data breaches",
        "- H2 2022      Acme splits into three companies [acme/acme-restructures]",
        "",
        "2 added, 3 removed, 1 changed",
    ]


def test_diff_stat_and_markdown_say_which_timeline(invoke: Invoke, repo: Path) -> None:
    del repo
    stat = invoke("diff", "HEAD", "--file", "timelines", "--stat")
    assert stat.stdout.splitlines() == [
        "acme: 3 removed",
        "rides: 1 added, 1 changed",
        "newco: 1 added",
        "2 added, 3 removed, 1 changed",
    ]
    markdown = invoke("diff", "HEAD", "--file", "timelines", "--format", "markdown").stdout
    assert "- `rides`: 1 added, 1 changed" in markdown
    assert "(`rides/rides-delists`)" in markdown
    document = json.loads(invoke("diff", "HEAD", "--file", "timelines", "--json").stdout)
    assert [(c["timeline"], c["id"]) for c in document["changed"]] == [("rides", "rides-fined")]
    assert {e["timeline"] for e in document["removed"]} == {"acme"}


def test_diff_of_two_folders(invoke: Invoke, repo: Path) -> None:
    old = repo / "old"
    old.mkdir()
    (old / "rides.yml").write_text(git(repo, "show", "HEAD:timelines/rides.yml"))
    result = invoke("diff", "old", "timelines", "--stat")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "rides: 1 added, 1 changed",
        "newco: 1 added",
        "2 added, 1 changed",
    ]
    at_head = invoke("diff", "HEAD:timelines", "timelines", "--stat")
    assert at_head.stdout == invoke("diff", "HEAD", "--file", "timelines", "--stat").stdout


def test_filters_keep_a_change_in_either_timeline(invoke: Invoke, repo: Path) -> None:
    del repo
    result = invoke("diff", "HEAD", "--file", "timelines", "--subject", "acme", "--stat")
    assert result.stdout.splitlines() == ["acme: 3 removed", "3 removed"]
