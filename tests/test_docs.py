"""The README and the help agree with the tool: every command documented, every example real."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from ant_timeline.cli import app

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def command_paths() -> Iterator[list[str]]:
    root = get_command(app)
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        if sub:
            for child in sub:
                yield [name, child]
        else:
            yield [name]


COMMANDS = [" ".join(path) for path in command_paths()]


def test_there_are_commands() -> None:
    assert {"show", "check", "init"} <= set(COMMANDS)


GROUPS = sorted({command.split()[0] for command in COMMANDS if " " in command})


@pytest.mark.parametrize("command", COMMANDS + GROUPS + [""])
def test_every_command_has_help_with_examples(command: str) -> None:
    result = CliRunner().invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"$ ant-timeline {command}".rstrip() in result.stdout
    # example lines are printed whole, never rewrapped, so they can be copied
    examples = result.stdout.split("Examples:", 1)[1].split("\n\n")[1]
    assert all(" ant-timeline " in f" {line}" for line in examples.splitlines())


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"ant-timeline {command}" in README


def console_examples() -> list[tuple[str, str]]:
    """(command line, expected output) for every ```console block of the README."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL):
        command, _, output = block.partition("\n")
        assert command.startswith("$ ant-timeline "), command
        examples.append((command[2:], output))
    return examples


@pytest.mark.parametrize(("command", "expected"), console_examples())
def test_readme_examples_are_what_the_tool_prints(
    command: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)  # ./events.yaml is the curated dataset
    monkeypatch.delenv("ANT_TIMELINE_FILE", raising=False)
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(app, args)
    assert result.stdout == expected


def test_the_readme_names_the_consumer_versions_the_browser_tests_pin() -> None:
    lock = json.loads((REPO / "tests" / "consumers" / "package-lock.json").read_text("utf-8"))
    packages = lock["packages"]
    timelinejs = packages["node_modules/@knight-lab/timelinejs"]["version"]
    mermaid = packages["node_modules/mermaid"]["version"]
    assert f"TimelineJS {timelinejs}" in README
    assert f"Mermaid {mermaid}" in README
    assert lock["packages"][""]["dependencies"] == {
        "@knight-lab/timelinejs": timelinejs,
        "mermaid": mermaid,
    }
