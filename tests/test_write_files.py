"""The events file as the file system has it: read-only, hard-linked, someone else's."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import DATA

Invoke = Callable[..., Any]

WRITES = {
    "add event": [
        "add", "event", "--date", "2022-01", "--title", "Acme appeals",
        "--source", "https://example.org/appeal",
    ],
    "add event --dry-run": [
        "add", "event", "--date", "2022-01", "--title", "Acme appeals",
        "--source", "https://example.org/appeal", "--dry-run",
    ],
    "add source": ["add", "source", "acme-fined", "--url", "https://example.org/more"],
    "remove event": ["remove", "event", "acme-fined", "--yes"],
}  # fmt: skip


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_bytes((DATA / "edit" / "handkept.yaml").read_bytes())
    return path


@pytest.mark.parametrize("write", list(WRITES))
def test_a_read_only_file_is_refused_and_kept(invoke: Invoke, events: Path, write: str) -> None:
    # The rename of an atomic write needs only the folder to be writable, so a file made
    # read-only would otherwise be replaced, by its owner and by root alike.
    events.chmod(0o444)
    before = events.read_bytes()
    result = invoke(*WRITES[write], "--file", str(events))
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: {events}: is read-only, so nothing is written; make it writable "
        "(`chmod u+w`) to change it\n"
    )
    assert events.read_bytes() == before
    assert stat.S_IMODE(events.stat().st_mode) == 0o444
    events.chmod(0o644)
    assert invoke(*WRITES[write], "--file", str(events)).exit_code == 0


def test_a_read_only_export_target_is_refused(invoke: Invoke, events: Path) -> None:
    target = events.parent / "timeline.md"
    target.write_text("an article's draft\n")
    target.chmod(0o444)
    result = invoke("export", "markdown", "--file", str(events), "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {target}: is read-only, so nothing is written")
    assert target.read_text() == "an article's draft\n"


@pytest.mark.parametrize("write", list(WRITES))
def test_a_hard_linked_file_is_refused_and_both_names_kept(
    invoke: Invoke, events: Path, write: str
) -> None:
    other = events.parent / "shared" / "acme.yaml"
    other.parent.mkdir()
    os.link(events, other)
    before = events.read_bytes()
    result = invoke(*WRITES[write], "--file", str(events))
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: {events}: has 2 hard links: a safe write replaces the file under this name "
        "only and the other names would keep the old text, so nothing is written; make the "
        "other names symbolic links (they are written through) or edit a copy\n"
    )
    assert events.read_bytes() == other.read_bytes() == before
    assert os.path.samefile(events, other)
    # the way the message gives: a symbolic link is written through, and both names see it
    other.unlink()
    other.symlink_to(events)
    assert invoke(*WRITES[write], "--file", str(other)).exit_code == 0
    assert other.is_symlink()
    assert events.read_bytes() == other.read_bytes()


def test_import_and_archive_refuse_a_hard_linked_file(invoke: Invoke, events: Path) -> None:
    os.link(events, events.parent / "copy.yaml")
    before = events.read_bytes()
    sheet = events.parent / "sheet.csv"
    sheet.write_text("date,title,sources\n2023-02,Acme appeals again,https://example.org/x\n")
    for args in (["import", "csv", str(sheet)], ["archive"]):
        result = invoke(*args, "--file", str(events))
        assert result.exit_code == 2, result.output
        assert "has 2 hard links" in result.stderr
    assert events.read_bytes() == before


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another user")
def test_owner_group_and_mode_survive_the_atomic_replace(invoke: Invoke, events: Path) -> None:
    os.chown(events, 4321, 4322)
    events.chmod(0o640)
    for write in ("add event", "add source", "remove event"):
        assert invoke(*WRITES[write], "--file", str(events)).exit_code == 0
        status = events.stat()
        assert (status.st_uid, status.st_gid) == (4321, 4322), write
        assert stat.S_IMODE(status.st_mode) == 0o640, write


@pytest.mark.parametrize("command", ["init", "add event", "remove event"])
@pytest.mark.parametrize("folder", ["missing", "a file"])
def test_a_folder_that_is_missing_or_a_file_is_named(
    invoke: Invoke, tmp_path: Path, command: str, folder: str
) -> None:
    if folder == "a file":
        (tmp_path / "notes").write_text("not a folder\n")
        reason = f"{str(tmp_path / 'notes')!r} is not a folder"
    else:
        reason = f"the folder {str(tmp_path / 'notes')!r} does not exist; create it first"
    path = "notes/events.yaml"
    args = {
        "init": ["init", path],
        "add event": [*WRITES["add event"], "--file", path],
        "remove event": [*WRITES["remove event"], "--file", path],
    }[command]
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: {reason}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if folder == "missing" else ["notes"])
