"""One-way imports and lazy heavy imports, checked in fresh interpreters."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import CURATED

CORE = [
    "ant_timeline.dates",
    "ant_timeline.model",
    "ant_timeline.errors",
    "ant_timeline.store",
    "ant_timeline.yamlstream",
    "ant_timeline.validate",
    "ant_timeline.query",
    "ant_timeline.text",
    "ant_timeline.export",
    "ant_timeline.export.json",
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
