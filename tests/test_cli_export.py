"""`ant-timeline export`: formats from the registry, filters, stdout or an atomic -o file."""

from __future__ import annotations

import errno
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ant_timeline import export, store
from ant_timeline.export import ExportOptions
from ant_timeline.query import Filter, apply

from .conftest import REPO

Invoke = Callable[..., Any]


def test_help_lists_every_format_from_the_registry(invoke: Invoke) -> None:
    result = invoke("export", "--help")
    assert result.exit_code == 0
    help_text = " ".join(result.output.split())
    for exporter in export.REGISTRY.values():
        assert f"{exporter.name} {exporter.description}" in help_text
    assert "$ ant-timeline export markdown -o ant-timeline.md" in result.output
    for option in ("--detail", "--brief", "--output", "--since", "--tag", "--file"):
        assert option in result.output


@pytest.mark.parametrize("name", export.names())
def test_every_format_prints_what_its_exporter_renders(
    invoke: Invoke, small: Path, name: str
) -> None:
    result = invoke("export", name, "--file", str(small))
    assert result.exit_code == 0, result.output
    expected = export.get(name).render(store.load(small), ExportOptions())
    assert result.stdout_bytes == expected.encode("utf-8")  # CRLFs of ics and csv included
    assert expected


def test_unknown_format_is_a_usage_error(invoke: Invoke, small: Path) -> None:
    result = invoke("export", "pdf", "--file", str(small))
    assert result.exit_code == 2
    assert "'pdf' is not one of" in result.output
    assert "'markdown'" in result.output


def test_format_names_ignore_case(invoke: Invoke, small: Path) -> None:
    upper = invoke("export", "MarkDown", "--file", str(small))
    assert upper.exit_code == 0
    assert upper.stdout == invoke("export", "markdown", "--file", str(small)).stdout


def test_filters_are_those_of_show(invoke: Invoke, small: Path) -> None:
    result = invoke("export", "csv", "--file", str(small), "--since", "2022", "-c", "corporate")
    assert result.exit_code == 0
    ids = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert ids == ["acme-restructures"]
    result = invoke("export", "csv", "--file", str(small), "--tag", "FINE", "--reverse", "-n", "5")
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == ["acme-fined"]
    expected = apply(store.load(small), Filter(search="split"))
    result = invoke("export", "json", "--file", str(small), "--search", "split")
    assert result.stdout == export.get("json").render(expected)


def test_bad_date_filter_exits_2(invoke: Invoke, small: Path) -> None:
    result = invoke("export", "markdown", "--file", str(small), "--since", "2023-13")
    assert result.exit_code == 2
    assert "error: --since:" in result.stderr


def test_detail_is_the_default_and_brief_drops_summaries(invoke: Invoke, small: Path) -> None:
    detailed = invoke("export", "markdown", "--file", str(small))
    brief = invoke("export", "markdown", "--file", str(small), "--brief")
    assert "The authority fines Acme." in detailed.stdout
    assert "The authority fines Acme." not in brief.stdout
    assert invoke("export", "markdown", "--file", str(small), "--detail").stdout == detailed.stdout


@pytest.mark.parametrize("name", ["ics", "csv", "markdown"])
def test_output_file_has_the_same_bytes_as_stdout(
    invoke: Invoke, small: Path, tmp_path: Path, name: str
) -> None:
    target = tmp_path / f"out{export.get(name).extension}"
    result = invoke("export", name, "--file", str(small), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    printed = invoke("export", name, "--file", str(small)).stdout_bytes
    assert target.read_bytes() == printed


def test_output_replaces_an_existing_file(invoke: Invoke, small: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old\n", encoding="utf-8")
    assert invoke("export", "markdown", "--file", str(small), "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Acme: the antitrust years")


def _listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_failed_export_leaves_the_old_output_and_no_temporary_file(
    invoke: Invoke, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ant_timeline.export import markdown

    target = tmp_path / "out.md"
    target.write_text("old\n", encoding="utf-8")
    before = _listing(tmp_path)

    def broken(*args: object) -> str:
        raise RuntimeError("exporter bug")

    monkeypatch.setattr(markdown, "render", broken)
    result = invoke("export", "markdown", "--file", str(small), "-o", str(target))
    assert result.exit_code != 0
    assert isinstance(result.exception, RuntimeError)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert _listing(tmp_path) == before


def test_failed_write_leaves_the_old_output_and_no_temporary_file(
    invoke: Invoke, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.md"
    target.write_text("old\n", encoding="utf-8")
    before = _listing(tmp_path)

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = invoke("export", "markdown", "--file", str(small), "-o", str(target))
    assert result.exit_code == 2
    assert "out.md: cannot write: No space left on device" in result.stderr
    assert "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "old\n"
    assert _listing(tmp_path) == before


def test_missing_folder_exits_2_and_creates_nothing(
    invoke: Invoke, small: Path, tmp_path: Path
) -> None:
    result = invoke("export", "markdown", "--file", str(small), "-o", "missing/out.md")
    assert result.exit_code == 2
    assert "error: missing/out.md: cannot write" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_output_that_is_a_folder_exits_2(invoke: Invoke, small: Path, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    result = invoke("export", "markdown", "--file", str(small), "-o", "folder")
    assert result.exit_code == 2
    assert "folder: is a folder" in result.stderr
    assert _listing(tmp_path / "folder") == []


@pytest.mark.parametrize("spelling", ["acme.yaml", "./acme.yaml", "link.yaml"])
def test_refuses_to_write_onto_the_events_file(
    invoke: Invoke, small: Path, tmp_path: Path, spelling: str
) -> None:
    (tmp_path / "link.yaml").symlink_to(small.name)
    original = small.read_bytes()
    result = invoke("export", "markdown", "--file", str(small), "-o", spelling)
    assert result.exit_code == 2
    assert "is the events file being exported" in result.stderr
    assert small.read_bytes() == original
    assert (tmp_path / "link.yaml").is_symlink()


def test_output_through_a_symlink_writes_its_target(
    invoke: Invoke, small: Path, tmp_path: Path
) -> None:
    (tmp_path / "real.md").write_text("old\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to("real.md")
    result = invoke("export", "markdown", "--file", str(small), "-o", "link.md")
    assert result.exit_code == 0
    assert (tmp_path / "link.md").is_symlink()
    assert (tmp_path / "real.md").read_text(encoding="utf-8").startswith("# Acme")


def test_listing_formats_loads_no_format_module() -> None:
    code = (
        "import sys, ant_timeline.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith('ant_timeline.export.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]"


def test_format_modules_are_core_without_typer_or_rich() -> None:
    modules = [exporter.module for exporter in export.REGISTRY.values()]
    code = (
        f"import importlib, sys\nfor name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in ('typer', 'rich', 'dateparser') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]"


def _readme_export_examples() -> list[tuple[str, str]]:
    """(command, output) of each console block in the README's export section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    marker = "<!-- section: export -->"
    start = readme.index(marker) + len(marker)
    end = readme.find("<!-- section:", start)  # the next section's marker
    section = readme[start : end if end != -1 else len(readme)]
    examples = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.DOTALL):
        command, _, output = block.partition("\n")
        examples.append((command.removeprefix("$ "), output))
    return examples


def test_readme_examples_are_what_the_tool_prints(invoke: Invoke) -> None:
    examples = _readme_export_examples()
    assert examples, "the README's export section shows a console example"
    for command, output in examples:
        args = shlex.split(command)
        assert args[0] == "ant-timeline"
        result = invoke(*args[1:])  # no --file: the bundled curated dataset
        assert result.exit_code == 0
        assert result.stdout == output, command
