"""`add event`, `add source`, `remove event` from the command line."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ant_timeline import store
from ant_timeline.store import files

from .conftest import CURATED, DATA
from .terminal import converse

Invoke = Callable[..., Any]

# Where the curated dataset has `ant-fined`: messages name the line, and the data grows.
FINED_LINE = CURATED.read_text(encoding="utf-8").splitlines().index("  - id: ant-fined") + 1


@pytest.fixture
def curated_copy(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_bytes(CURATED.read_bytes())
    return path


def test_the_issue_example(invoke: Invoke, curated_copy: Path) -> None:
    result = invoke(
        "add",
        "event",
        "--date",
        "July 7, 2023",
        "--title",
        "Regulators fine Ant 7.12bn yuan",
        "--category",
        "enforcement",
        "--actor",
        "People's Bank of China",
        "--tag",
        "fine",
        "--source",
        "https://example.org/ant-fine",
        "--related",
        "ant-ipo-suspended",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "date   'July 7, 2023' -> 2023-07-07 (day)",
        "id     regulators-fine-ant-7-12bn-yuan",
        f"where  after 'ant-fined' (line {FINED_LINE}) in events.yaml",
        "added 'regulators-fine-ant-7-12bn-yuan' to events.yaml",
    ]
    added = store.load(curated_copy).by_id()["regulators-fine-ant-7-12bn-yuan"]
    assert added.date.canonical == "2023-07-07"
    assert added.related == ("ant-ipo-suspended",)
    assert added.sources[0].url == "https://example.org/ant-fine"


@pytest.mark.parametrize(
    ("phrase", "extra", "understood"),
    [
        ("January 2023", [], "'January 2023' -> 2023-01 (month)"),
        ("late 2021", [], "'late 2021' -> 2021-H2 (half)"),
        ("last Tuesday", ["--relative-to", "2023-05-17"], "'last Tuesday' -> 2023-05-16 (day)"),
        ("2023-09-23/2023-10-08", [], "2023-09-23/2023-10-08 (interval)"),
    ],
)
def test_dates_keep_the_precision_of_the_phrase(
    invoke: Invoke, curated_copy: Path, phrase: str, extra: list[str], understood: str
) -> None:
    result = invoke(
        "add",
        "event",
        "--date",
        phrase,
        "--title",
        "Something new happened",
        "--source",
        "https://example.org/new",
        *extra,
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"date   {understood}"


def test_source_details_and_dry_run(invoke: Invoke, curated_copy: Path) -> None:
    before = curated_copy.read_bytes()
    result = invoke(
        "add",
        "event",
        "--date",
        "2023-05-17",
        "--title",
        "Ant outlines its AI plans",
        "--source",
        "https://example.org/ai",
        "--source-title",
        "Ant's AI plans",
        "--publisher",
        "Wire",
        "--source-published",
        "2023-05-18",
        "--dry-run",
    )
    assert result.exit_code == 0
    assert curated_copy.read_bytes() == before
    assert result.stdout.startswith("--- a/events.yaml\n+++ b/events.yaml\n")
    assert (
        "+  - id: ant-outlines-its-ai-plans\n"
        "+    date: 2023-05-17\n"
        "+    title: Ant outlines its AI plans\n"
        "+    sources:\n"
        '+      - title: "Ant\'s AI plans"\n'
        "+        publisher: Wire\n"
        "+        url: https://example.org/ai\n"
        "+        published: 2023-05-18\n"
    ) in result.stdout
    assert result.stderr.endswith("dry run: nothing written to events.yaml\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "T", "--source", "https://example.org"], "--date is required"),
        (["--date", "2021", "--source", "https://example.org"], "--title is required"),
        (["--date", "2021", "--title", "T"], "at least one --source URL is required"),
        (
            ["--date", "whenever", "--title", "T", "--source", "https://example.org"],
            "--date: cannot understand the date 'whenever'",
        ),
        (
            ["--date", "2023-02-30", "--title", "T", "--source", "https://example.org"],
            "February 2023 has 28 days",
        ),
        (
            ["--date", "2021", "--title", "T", "--source", "ftp://example.org"],
            "is not an http(s) address",
        ),
        (
            ["--date", "2021", "--title", "T", "--source", "https://e.org", "--id", "ant-fined"],
            f"id 'ant-fined' already exists (line {FINED_LINE})",
        ),
        (
            [
                "--date",
                "2021",
                "--title",
                "T",
                "--source",
                "https://e.org",
                "--related",
                "ant-fine",
            ],
            "did you mean 'ant-fined'?",
        ),
        (
            ["--date", "2021", "--title", "T", "--source", "https://e.org", "--category", "fine"],
            "is not in the vocabulary",
        ),
        (
            [
                "--date",
                "2023-07-07",
                "--title",
                "Regulators fine Ant 7.12 billion yuan, closing the rectification!",
                "--source",
                "https://e.org",
            ],
            f"this looks like 'ant-fined' (line {FINED_LINE}): same date and nearly the same title; "
            "use --force to add it anyway",
        ),
    ],
)
def test_refused_with_exit_2_and_the_file_untouched(
    invoke: Invoke, curated_copy: Path, args: list[str], message: str
) -> None:
    before = curated_copy.read_bytes()
    result = invoke("add", "event", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert curated_copy.read_bytes() == before


def test_the_bundled_dataset_is_never_written(invoke: Invoke) -> None:
    result = invoke("add", "event", "--date", "2021", "--title", "T", "--source", "https://e.org")
    assert result.exit_code == 2
    assert (
        "the bundled Ant Group timeline is read-only. Start your own with `ant-timeline init`"
        in result.stderr
    )


def test_add_source_and_remove_event(invoke: Invoke, curated_copy: Path) -> None:
    result = invoke(
        "add",
        "source",
        "ant-fined",
        "--url",
        "https://example.org/fine-2",
        "--title",
        "Ant fined",
        "--publisher",
        "Wire",
        "--published",
        "2023-07-08",
    )
    assert result.exit_code == 0, result.stderr
    next_source = len(store.load(CURATED).by_id()["ant-fined"].sources) + 1
    assert f"where  as source {next_source} of 'ant-fined' in events.yaml" in result.stderr
    fined = store.load(curated_copy).by_id()["ant-fined"]
    assert fined.sources[-1].url == "https://example.org/fine-2"
    assert fined.sources[-1].published is not None

    refused = invoke("remove", "event", "ant-share-buyback")
    assert refused.exit_code == 2
    assert "remove needs --yes" in refused.stderr
    removed = invoke("remove", "event", "ant-share-buyback", "--yes")
    assert removed.exit_code == 0
    assert "ant-share-buyback" not in store.load(curated_copy).by_id()
    missing = invoke("remove", "event", "ant-share-buyback", "--yes")
    assert missing.exit_code == 2
    assert "no event with id 'ant-share-buyback'" in missing.stderr


def test_remove_warns_about_related_references(invoke: Invoke, curated_copy: Path) -> None:
    result = invoke("remove", "event", "ant-fined", "--yes")
    assert result.exit_code == 0
    assert "note: still listed as related by ant-share-buyback" in result.stderr


def test_canonical_dates_do_not_import_dateparser(curated_copy: Path) -> None:
    code = (
        "import sys\nfrom ant_timeline.cli import app\n"
        f"sys.argv = ['ant-timeline', 'add', 'event', '--file', {str(curated_copy)!r}, '--date', "
        "'2023-07-10', '--title', 'Something else happened', '--source', 'https://e.org/x']\n"
        "try:\n    app()\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "print('dateparser' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_prompts_on_a_terminal(curated_copy: Path) -> None:
    code, transcript = converse(
        ["add", "event"],
        [
            "2023-07-10",
            "Ant names a new chief risk officer",
            "https://example.org/cro",
            "A summary.",
            "corporate",
            "Ant Group",
            "personnel",
        ],
        curated_copy.parent,
    )
    assert code == 0, transcript
    assert "Date (e.g. 2023-07-07, 'January 2023'):" in transcript
    added = store.load(curated_copy).by_id()["ant-names-a-new-chief-risk-officer"]
    assert (added.summary, added.category, added.actors, added.tags) == (
        "A summary.",
        "corporate",
        ("Ant Group",),
        ("personnel",),
    )


def test_remove_asks_on_a_terminal(curated_copy: Path) -> None:
    before = curated_copy.read_bytes()
    code, transcript = converse(
        ["remove", "event", "ant-share-buyback"], ["n"], curated_copy.parent
    )
    assert code == 1
    assert "Remove it?" in transcript and "nothing removed" in transcript
    assert curated_copy.read_bytes() == before
    code, _ = converse(["remove", "event", "ant-share-buyback"], ["y"], curated_copy.parent)
    assert code == 0
    assert "ant-share-buyback" not in store.load(curated_copy).by_id()


def test_eight_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_bytes((DATA / "edit" / "handkept.yaml").read_bytes())
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ant_timeline",
                "add",
                "event",
                "--file",
                str(path),
                "--date",
                f"2024-0{n + 1}",
                "--title",
                f"Concurrent event number {n}",
                "--source",
                f"https://example.org/{n}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(8)
    ]
    results = [
        (p.wait(timeout=120), p.stderr.read().decode() if p.stderr else "") for p in processes
    ]
    assert all(code == 0 for code, _ in results), results
    timeline = store.load(path)
    ids = {event.id for event in timeline.events}
    assert {f"concurrent-event-number-{n}" for n in range(8)} <= ids
    assert len(timeline.events) == 3 + 8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.yaml"]


@pytest.mark.parametrize(("extra", "coloured"), [([], True), (["--no-color"], False)])
def test_no_color_covers_messages_on_stderr(
    curated_copy: Path, extra: list[str], coloured: bool
) -> None:
    code, transcript = converse(
        [
            "add",
            "event",
            "--date",
            "2021",
            "--title",
            "T",
            "--source",
            "https://e.org",
            "--id",
            "ant-fined",
            *extra,
        ],
        [],
        curated_copy.parent,
        {"NO_COLOR": ""},
    )
    assert code == 2
    assert "id 'ant-fined' already exists" in transcript
    assert ("\x1b[" in transcript) is coloured


def test_the_bundled_dataset_is_written_only_when_named(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In a checkout of ant-timeline, ./events.yaml is the bundled dataset itself.
    curated = tmp_path / "events.yaml"
    curated.write_bytes(CURATED.read_bytes())
    monkeypatch.setattr(files, "bundled_path", lambda: curated)
    args = ["add", "event", "--date", "2021", "--title", "T", "--source", "https://e.org"]
    refused = invoke(*args)
    assert refused.exit_code == 2
    assert (
        "is the bundled Ant Group timeline, which is not written to unless you name it"
        in refused.stderr
    )
    assert curated.read_bytes() == CURATED.read_bytes()
    assert invoke(*args, "--file", "events.yaml").exit_code == 0


def test_a_bad_url_typed_at_the_prompt_is_asked_again(curated_copy: Path) -> None:
    code, transcript = converse(
        ["add", "event"],
        [
            "2023-07-11",
            "Ant files its annual report",
            "ftp://example.org/r",
            "https://example.org/report",
            "",
            "",
            "",
            "",
        ],
        curated_copy.parent,
    )
    assert code == 0, transcript
    assert "must start with http:// or https://" in transcript
    added = store.load(curated_copy).by_id()["ant-files-its-annual-report"]
    assert [s.url for s in added.sources] == ["https://example.org/report"]
