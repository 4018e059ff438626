"""Where timelines are kept: a pre-commit hook that checks them, and `git diff` told the story.

Both run the real programs on a scratch repository: pre-commit installs ant-timeline from a copy
of this checkout into its own environment (from the package index, as for a user), and git runs
the textconv command the README gives.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, SMALL

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

# What `pip install .` of this project needs, and the hook's own definition.
PACKAGE_FILES = ("pyproject.toml", "README.md", "events.yaml", ".pre-commit-hooks.yaml")


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=folder, check=check, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """No global or system git configuration, an author, and a private pre-commit home."""
    empty = tmp_path / "gitconfig"
    empty.write_text("")
    env = {
        "GIT_CONFIG_GLOBAL": str(empty),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path.parent),
        "GIT_AUTHOR_NAME": "Test Author",
        "GIT_AUTHOR_EMAIL": "author@example.org",
        "GIT_COMMITTER_NAME": "Test Author",
        "GIT_COMMITTER_EMAIL": "author@example.org",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def new_repository(folder: Path) -> Path:
    folder.mkdir()
    git(folder, "init", "-q", "--initial-branch=main")
    git(folder, "config", "commit.gpgsign", "false")
    return folder


def hook_repository(tmp_path: Path) -> tuple[Path, str]:
    """This checkout's package, as it is now, committed to a repository pre-commit can clone."""
    copy = new_repository(tmp_path / "hook-repo")
    for name in PACKAGE_FILES:
        shutil.copy2(REPO / name, copy / name)
    shutil.copytree(
        REPO / "ant_timeline", copy / "ant_timeline", ignore=shutil.ignore_patterns("__pycache__")
    )
    git(copy, "add", ".")
    git(copy, "commit", "-q", "-m", "ant-timeline")
    return copy, git(copy, "rev-parse", "HEAD").stdout.strip()


@needs_git
def test_the_pre_commit_hook_refuses_a_commit_with_a_broken_timeline(
    tmp_path: Path, git_env: dict[str, str]
) -> None:
    del git_env
    hooks, revision = hook_repository(tmp_path)
    work = new_repository(tmp_path / "newsroom")
    (work / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hooks}\n"
        f"    rev: {revision}\n"
        "    hooks:\n"
        "      - id: ant-timeline-check\n"
        "        files: ^timelines/\n",
        encoding="utf-8",
    )
    (work / "timelines").mkdir()
    (work / "timelines" / "acme.yaml").write_text(SMALL, encoding="utf-8")
    # Not a timeline: outside the folder the configuration names, so never checked.
    (work / "settings.yaml").write_text("anything: [goes\n", encoding="utf-8")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    subprocess.run([*pre_commit, "install"], cwd=work, check=True, capture_output=True, timeout=120)
    git(work, "add", ".")
    first = git(work, "commit", "-q", "-m", "a clean timeline", check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    # An event without a source, and a date that does not exist.
    broken = SMALL.replace("date: 2022-07\n", "date: 2022-13\n").replace(
        "    sources:\n      - title: Acme to split\n        publisher: Wire\n"
        "        url: https://example.org/split\n        published: 2022-11-01\n",
        "",
    )
    (work / "timelines" / "acme.yaml").write_text(broken, encoding="utf-8")
    git(work, "add", ".")
    refused = git(work, "commit", "-q", "-m", "a broken timeline", check=False)
    assert refused.returncode == 1
    said = refused.stdout + refused.stderr
    assert "ant-timeline check" in said
    assert (
        "timelines/acme.yaml:20:11: error: date: '2022-13' is not a valid date: there is no "
        "month 13 [invalid-date]"
    ) in said
    assert "timelines/acme.yaml:33:5: error: event 'acme-restructures' has no source" in said
    assert git(work, "log", "--format=%s").stdout.split("\n")[0] == "a clean timeline"


TEXTCONV = "ant-timeline show --detail --no-cache --file"


@needs_git
def test_git_diff_and_log_tell_the_story_through_textconv(
    tmp_path: Path, git_env: dict[str, str]
) -> None:
    work = new_repository(tmp_path / "newsroom")
    # As the README says: .gitattributes names the driver, git config gives its command.
    (work / ".gitattributes").write_text("*.yaml diff=ant-timeline\n", encoding="utf-8")
    bin_folder = str(Path(sys.executable).parent)  # where the ant-timeline command is
    env = {**os.environ, **git_env, "PATH": bin_folder + os.pathsep + os.environ["PATH"]}
    git(work, "config", "diff.ant-timeline.textconv", TEXTCONV)
    events = work / "acme.yaml"
    events.write_text(SMALL, encoding="utf-8")
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "v1")
    # The story changes: a title and a summary; and a comment, which is no story.
    events.write_text(
        SMALL.replace("title: Acme fined for", "title: Acme fined 2 billion for")
        .replace("The authority fines Acme.", "The authority fines Acme 2 billion.")
        .replace("# A small timeline for tests.", "# A small timeline, for tests."),
        encoding="utf-8",
    )

    def run(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=work, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    diff = run("diff")
    changed = [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [
        "-  Jul 2022     enforcement  Acme fined for abuse of dominance",
        "+  Jul 2022     enforcement  Acme fined 2 billion for abuse of dominance",
        "-                            The authority fines Acme.",
        "+                            The authority fines Acme 2 billion.",
    ], diff
    assert "# A small timeline" not in diff  # comments are not the story
    git(work, "commit", "-q", "-am", "v2")
    log = run("log", "-p", "--format=%s")
    assert "+  Jul 2022     enforcement  Acme fined 2 billion for abuse of dominance" in log
