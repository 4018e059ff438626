"""Shared fixtures: a CLI runner, small timelines written to temporary files."""

from __future__ import annotations

import os
import signal
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from ant_timeline.cli import app

# `make test` runs a bounded number of generated examples; `make fuzz` runs many more.
settings.register_profile(
    "default", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parent.parent
CURATED = REPO / "events.yaml"
DATA = Path(__file__).resolve().parent / "data"

SMALL = """\
# A small timeline for tests.
version: 1
timeline:
  title: "Acme: the antitrust years"
  subject: Acme
events:
  - id: probe-opened
    date: 2021-03-04
    title: Regulator opens a probe into Acme
    category: enforcement
    actors: [Competition Authority, Acme]
    tags: [antitrust]
    sources:
      - title: Probe opened
        publisher: Daily Ledger
        url: https://example.org/probe
        published: 2021-03-04

  - id: acme-fined
    date: 2022-07
    title: Acme fined for abuse of dominance
    summary: The authority fines Acme.
    category: enforcement
    actors: [Competition Authority, Acme]
    tags: [antitrust, fine]
    sources:
      - title: Acme fined
        publisher: Daily Ledger
        url: https://example.org/fine
        published: 2022-07-12
    related: [probe-opened]

  - id: acme-restructures
    date: 2022-H2
    title: Acme splits into three companies
    category: corporate
    actors: [Acme]
    tags: [restructuring]
    sources:
      - title: Acme to split
        publisher: Wire
        url: https://example.org/split
        published: 2022-11-01
    related: [acme-fined]
"""


@pytest.fixture(autouse=True)
def _interruptible() -> Iterator[None]:
    """Ctrl-C does in the CLI what it does for a user at a terminal, in every test that sends
    a process SIGINT. A shell starts background jobs (`make test &`, nohup) with SIGINT
    ignored, and a child inherits an ignored signal through exec: it would never stop."""
    before = signal.getsignal(signal.SIGINT)
    if before == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own parse cache folder, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("ANT_TIMELINE_CACHE_DIR", str(folder))
    monkeypatch.delenv("ANT_TIMELINE_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def runner() -> CliRunner:
    """Typer's test runner; stdout is not a terminal, so output is plain."""
    return CliRunner()


@pytest.fixture
def invoke(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Callable[..., object]:
    """Run the CLI in an empty folder with no $ANT_TIMELINE_FILE, so only --file counts."""
    monkeypatch.delenv("ANT_TIMELINE_FILE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.chdir(tmp_path)

    def run(*args: str, input: str | None = None) -> object:
        return runner.invoke(app, list(args), input=input)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text (dedented) or bytes to a file under the test's folder; returns its path."""

    def make(content: str | bytes, name: str = "events.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    return make


@pytest.fixture
def small(write: Callable[..., Path]) -> Path:
    """The three-event Acme timeline."""
    return write(SMALL, "acme.yaml")
