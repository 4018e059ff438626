"""The parse cache: used when the file is unchanged, never trusted over the file."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ant_timeline import store

from .conftest import SMALL

Invoke = Callable[..., Any]


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.timeline"))


def test_a_second_load_comes_from_the_cache_and_equals_a_parse(
    small: Path, private_cache: Path, monkeypatch: Any
) -> None:
    parsed = store.read_report(small)
    assert len(entries(private_cache)) == 1
    import ant_timeline.store as module

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed instead of using the cache")

    monkeypatch.setattr(module, "parse_text", no_parsing)
    cached = store.read_report(small)
    assert cached.timeline == parsed.timeline
    assert [dict(e.positions) for e in cached.timeline.events] == [
        dict(e.positions) for e in parsed.timeline.events
    ]
    assert cached.problems == parsed.problems
    assert cached.file_order == parsed.file_order
    assert (cached.events_style, cached.events_position) == (
        parsed.events_style,
        parsed.events_position,
    )


def test_check_results_are_the_same_from_the_cache(write: Callable[..., Path]) -> None:
    path = write(
        "events:\n  - {id: a, date: 2021, title: t, category: nope}\n"
        "  - {id: b, date: 2023-13, title: u}\n"
    )
    first = store.check_file(store.locate(path))
    second = store.check_file(store.locate(path))
    assert first == second
    assert {p.code for p in second.problems} == {
        "missing-source",
        "unknown-category",
        "invalid-date",
    }


def test_a_changed_file_is_parsed_again_even_with_the_same_size_and_time(
    small: Path, invoke: Invoke
) -> None:
    assert "Acme fined for abuse of dominance" in invoke("show", "--file", str(small)).stdout
    status = small.stat()
    changed = small.read_text().replace("Acme fined for abuse", "Acme FINED for abuse")
    small.write_text(changed)
    os.utime(small, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert small.stat().st_size == status.st_size
    assert "Acme FINED for abuse of dominance" in invoke("show", "--file", str(small)).stdout


def test_a_corrupt_entry_is_ignored_and_replaced(
    small: Path, private_cache: Path, invoke: Invoke
) -> None:
    invoke("show", "--file", str(small))
    (entry,) = entries(private_cache)
    for garbage in (b"", b"\x00garbage", entry.read_bytes()[:100]):
        entry.write_bytes(garbage)
        result = invoke("show", "--file", str(small))
        assert result.exit_code == 0
        assert "Acme splits into three companies" in result.stdout
        assert entry.read_bytes() not in (b"", b"\x00garbage")


def test_no_cache_option_and_environment(
    small: Path, private_cache: Path, invoke: Invoke, monkeypatch: Any
) -> None:
    assert invoke("show", "--file", str(small), "--no-cache").exit_code == 0
    assert invoke("check", "--file", str(small), "--no-cache").exit_code == 0
    assert entries(private_cache) == []
    monkeypatch.setenv("ANT_TIMELINE_NO_CACHE", "1")
    assert invoke("show", "--file", str(small)).exit_code == 0
    assert entries(private_cache) == []


def test_an_unwritable_cache_folder_is_only_slower(
    small: Path, tmp_path: Path, invoke: Invoke, monkeypatch: Any
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("ANT_TIMELINE_CACHE_DIR", str(blocker / "cache"))
    result = invoke("show", "--file", str(small))
    assert result.exit_code == 0
    assert "Acme" in result.stdout


def test_load_errors_are_reported_from_the_cache_too(
    write: Callable[..., Path], invoke: Invoke
) -> None:
    path = write("events:\n  - {id: a, date: 2023-13, title: t}\n")
    for _ in range(2):
        result = invoke("show", "--file", str(path))
        assert result.exit_code == 2
        assert f"{path}:2:19: date: '2023-13' is not a valid date" in result.stderr


def test_concurrent_runs_on_a_changing_file_stay_correct(
    tmp_path: Path, private_cache: Path
) -> None:
    path = tmp_path / "events.yaml"
    env = {**os.environ, "ANT_TIMELINE_CACHE_DIR": str(private_cache)}
    for round_number in range(3):
        path.write_text(SMALL.replace("Acme splits", f"Acme splits (round {round_number})"))
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "ant_timeline", "show", "--file", str(path)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            for _ in range(6)
        ]
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert run.returncode == 0, err
            assert f"Acme splits (round {round_number})".encode() in out
    assert len(entries(private_cache)) == 1
    assert not list(private_cache.glob(".*.tmp"))


def test_cache_hit_does_not_import_ruamel(small: Path, private_cache: Path) -> None:
    env = {**os.environ, "ANT_TIMELINE_CACHE_DIR": str(private_cache)}
    code = (
        "import sys\nfrom ant_timeline import store\n"
        f"store.load({str(small)!r})\nprint(any(m.startswith('ruamel') for m in sys.modules))"
    )
    first = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    second = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert (first.stdout.strip(), second.stdout.strip()) == ("True", "False")
