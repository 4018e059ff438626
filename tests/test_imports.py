"""One-way imports and lazy heavy imports, checked in fresh interpreters."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import CURATED

CORE = [
    "ant_timeline.dates",
    "ant_timeline.model",
    "ant_timeline.errors",
    "ant_timeline.store",
    "ant_timeline.store.files",
    "ant_timeline.store.schema",
    "ant_timeline.store.cache",
    "ant_timeline.store.git",
    "ant_timeline.yamlstream",
    "ant_timeline.validate",
    "ant_timeline.query",
    "ant_timeline.text",
    "ant_timeline.export",
    "ant_timeline.export.json",
    "ant_timeline.import_",
    "ant_timeline.import_.csv",
    "ant_timeline.import_.json",
    "ant_timeline.import_.timelinejs",
    "ant_timeline.import_.html",
    # the links package: only its http module speaks HTTP, and nothing else imports it
    "ant_timeline.links",
    "ant_timeline.links.cache",
    "ant_timeline.links.check",
    "ant_timeline.links.pool",
    "ant_timeline.links.wayback",
]


def modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_core_never_imports_typer_rich_or_dateparser() -> None:
    loaded = modules_after("\n".join(f"import {name}" for name in CORE))
    for heavy in ("typer", "rich", "dateparser", "httpx"):
        assert heavy not in loaded, heavy


def test_show_on_canonical_dates_does_not_import_dateparser() -> None:
    loaded = modules_after(
        "import sys\nfrom ant_timeline.cli import app\n"
        f"sys.argv = ['ant-timeline', 'show', '--file', {str(CURATED)!r}, '--since', '2023-01']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )
    assert "ant_timeline.store" in loaded
    assert "dateparser" not in loaded
    assert "httpx" not in loaded


def test_help_imports_neither_yaml_nor_dateparser() -> None:
    loaded = modules_after(
        "import sys\nfrom ant_timeline.cli import app\nsys.argv = ['ant-timeline', '--help']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )
    assert "dateparser" not in loaded
    assert "httpx" not in loaded
    assert not any(name.startswith("ruamel") for name in loaded)


def test_the_rules_of_check_read_no_file() -> None:
    # validate works on what the store read; it never imports the store itself.
    loaded = modules_after("import ant_timeline.validate")
    assert not any(name.startswith("ant_timeline.store") for name in loaded)


def modules_of_command(*args: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running `ant-timeline ARGS`."""
    return modules_after(
        f"import sys\nfrom ant_timeline.cli import app\nsys.argv = ['ant-timeline', *{list(args)!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )


COMMAND_MODULES = {
    f"ant_timeline.cli.{name}"
    for name in ("read", "write", "diff", "export", "extract", "links", "import_")
}


def test_help_imports_no_command_module_and_no_core() -> None:
    loaded = modules_of_command("--help")
    assert not loaded & COMMAND_MODULES
    assert not any(
        # ant_timeline.store itself is there as a lazy module, not yet loaded
        name.startswith(("ant_timeline.store.", "ant_timeline.export"))
        for name in loaded
    )


@pytest.mark.parametrize(
    ("args", "needed"),
    [
        (["show", "--file", str(CURATED)], {"ant_timeline.cli.read"}),
        (["check", "--file", str(CURATED)], {"ant_timeline.cli.read"}),
        (["export", "markdown", "--file", str(CURATED)], {"ant_timeline.cli.export"}),
        (["diff", str(CURATED), str(CURATED)], {"ant_timeline.cli.diff"}),
        (["add", "--help"], {"ant_timeline.cli.write"}),
        (["import", "--help"], {"ant_timeline.cli.import_"}),
    ],
)
def test_a_command_imports_only_its_own_command_module(args: list[str], needed: set[str]) -> None:
    loaded = modules_of_command(*args)
    assert loaded & COMMAND_MODULES == needed
    # only diff runs git
    assert ("ant_timeline.store.git" in loaded) == (args[0] == "diff")


def test_the_root_help_lists_each_command_with_its_own_help() -> None:
    # `--help` takes its lines from the registry, so it need not import every command module.
    from typer.main import get_command

    from ant_timeline.cli import app
    from ant_timeline.cli.app import COMMANDS

    root = get_command(app)
    for name, (_, line) in COMMANDS.items():
        command = root.commands[name]  # type: ignore[attr-defined]
        assert command.help.split("\n\n")[0].strip() == line, name


def test_show_loads_only_the_layouts_it_draws() -> None:
    loaded = modules_of_command("show", "--file", str(CURATED))
    layouts = {name for name in loaded if name.startswith("ant_timeline.render.")}
    assert layouts == {
        "ant_timeline.render.console",
        "ant_timeline.render.layout",
        "ant_timeline.render.show",
    }
