"""`ant-timeline diff`: files and git revisions, output forms, filters, exit codes, bad input."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ant_timeline import render

Invoke = Callable[..., Any]

V1 = """\
version: 1
timeline:
  title: Acme
events:
  - id: probe-opened
    date: 2021-03
    title: Regulator opens a probe into Acme
    category: enforcement
    actors: [Competition Authority, Acme]
    tags: [antitrust]
    sources:
      - url: https://example.org/probe

  - id: acme-fined
    date: 2022-07-12
    title: Acme fined for abuse of dominance
    category: enforcement
    tags: [antitrust]
    sources:
      - url: https://example.org/fine

  - id: rumour
    date: 2022-Q3
    title: Acme said to weigh a sale
    category: market
    sources:
      - url: https://example.org/rumour
"""

# v2: the probe's date refined, the fine renamed and tagged, the rumour dropped, the split added.
V2 = """\
version: 1
timeline:
  title: Acme
events:
  # The probe was opened on the 4th.
  - id: probe-opened
    date: 2021-03-04
    title: Regulator opens a probe into Acme
    category: enforcement
    actors: [Competition Authority, Acme]
    tags: [antitrust]
    sources:
      - url: https://example.org/probe
      - url: https://example.org/probe-2
        publisher: Wire

  - id: acme-fined-2022
    date: 2022-07-12
    title: Acme fined for abuse of dominance
    category: enforcement
    tags: [antitrust, fine]
    sources:
      - url: https://example.org/fine

  - id: acme-splits
    date: 2022-H2
    title: Acme splits into three companies
    category: corporate
    sources:
      - url: https://example.org/split
"""

# The working copy: v2 with one title edited and its events in another order.
WORKING = V2.replace("Acme splits into three companies", "Acme splits in three").replace(
    "  # The probe", "  # Was: the probe"
)


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True)
    return done.stdout


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No global or system git configuration leaks into the tests."""
    empty = tmp_path / "gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    # git looks no further up than the test's folder, whatever folder holds the tests.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


@pytest.fixture
def repo(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_git: None
) -> Path:
    """A git repository with events.yaml at tags v1 and v2, the working copy edited since."""
    del invoke  # requested so that its chdir comes first
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q", "--initial-branch=main")
    git(folder, "config", "user.name", "Test Author")
    git(folder, "config", "user.email", "author@example.org")
    git(folder, "config", "commit.gpgsign", "false")
    events = folder / "events.yaml"
    events.write_text(V1)
    git(folder, "add", "events.yaml")
    git(folder, "commit", "-q", "-m", "v1")
    git(folder, "tag", "v1")
    events.write_text(V2)
    (folder / "data").mkdir()
    (folder / "data" / "ant.yaml").write_text(V1)
    git(folder, "add", "events.yaml", "data/ant.yaml")
    git(folder, "commit", "-q", "-m", "v2")
    git(folder, "tag", "v2")
    events.write_text(WORKING)
    monkeypatch.chdir(folder)
    return folder


def commit(folder: Path, text: str, tag: str, name: str = "events.yaml") -> None:
    (folder / name).write_text(text)
    git(folder, "add", name)
    git(folder, "commit", "-q", "-m", tag)
    git(folder, "tag", tag)


V1_TO_V2 = """\
v1:events.yaml → v2:events.yaml

2021
~  4 Mar 2021  Regulator opens a probe into Acme [probe-opened]
               date      Mar 2021 → 4 Mar 2021 (refined)
               sources   + Wire <https://example.org/probe-2>

2022
- Q3 2022      Acme said to weigh a sale [rumour]
+ H2 2022      Acme splits into three companies [acme-splits]
> 12 Jul 2022  Acme fined for abuse of dominance [acme-fined → acme-fined-2022]
               tags      + fine

1 added, 1 removed, 1 changed, 1 renamed
"""


# ---------------------------------------------------------------------------------------------
# Two files


def test_two_files(invoke: Invoke, write: Callable[..., Path]) -> None:
    write(V1, "old.yaml")
    write(V2, "new.yaml")
    result = invoke("diff", "old.yaml", "new.yaml")
    assert result.exit_code == 1
    expected = V1_TO_V2.replace("v1:events.yaml → v2:events.yaml", "old.yaml → new.yaml")
    assert result.stdout == expected
    assert result.stderr == ""


def test_no_differences_exits_0(invoke: Invoke, write: Callable[..., Path]) -> None:
    write(V2, "old.yaml")
    write(V2.replace("# The probe was opened on the 4th.", "# reworded comment"), "new.yaml")
    result = invoke("diff", "old.yaml", "new.yaml")
    assert result.exit_code == 0
    assert result.stdout == "old.yaml → new.yaml\n\nno differences\n"


def test_stat_prints_only_the_summary(invoke: Invoke, write: Callable[..., Path]) -> None:
    write(V1, "old.yaml")
    write(V2, "new.yaml")
    result = invoke("diff", "old.yaml", "new.yaml", "--stat")
    assert (result.exit_code, result.stdout) == (1, "1 added, 1 removed, 1 changed, 1 renamed\n")


def test_json(invoke: Invoke, write: Callable[..., Path]) -> None:
    write(V1, "old.yaml")
    write(V2, "new.yaml")
    result = invoke("diff", "old.yaml", "new.yaml", "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert list(document) == ["version", "added", "removed", "changed"]
    assert document["version"] == 1
    assert [event["id"] for event in document["added"]] == ["acme-splits"]
    assert document["added"][0]["precision"] == "half"
    assert [event["id"] for event in document["removed"]] == ["rumour"]
    assert document["changed"] == [
        {
            "id": "probe-opened",
            "old_id": None,
            "changes": [
                {"field": "date", "old": "2021-03", "new": "2021-03-04", "kind": "refined"},
                {
                    "field": "sources",
                    "old": [
                        {
                            "title": None,
                            "publisher": None,
                            "url": "https://example.org/probe",
                            "published": None,
                            "archived": None,
                        }
                    ],
                    "new": [
                        {
                            "title": None,
                            "publisher": None,
                            "url": "https://example.org/probe",
                            "published": None,
                            "archived": None,
                        },
                        {
                            "title": None,
                            "publisher": "Wire",
                            "url": "https://example.org/probe-2",
                            "published": None,
                            "archived": None,
                        },
                    ],
                },
            ],
        },
        {
            "id": "acme-fined-2022",
            "old_id": "acme-fined",
            "changes": [{"field": "tags", "old": ["antitrust"], "new": ["antitrust", "fine"]}],
        },
    ]


def test_json_without_differences(invoke: Invoke, write: Callable[..., Path]) -> None:
    write(V1, "old.yaml")
    result = invoke("diff", "old.yaml", "old.yaml", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"version": 1, "added": [], "removed": [], "changed": []}


def test_markdown(invoke: Invoke, write: Callable[..., Path]) -> None:
    write(V1, "old.yaml")
    write(V2, "new.yaml")
    result = invoke("diff", "old.yaml", "new.yaml", "--format", "markdown")
    assert result.exit_code == 1
    assert result.stdout == textwrap.dedent(
        """\
        ## Timeline changes

        `old.yaml` → `new.yaml`: 1 added, 1 removed, 1 changed, 1 renamed

        ### Added

        - **H2 2022** · Acme splits into three companies (`acme-splits`)

        ### Removed

        - **Q3 2022** · Acme said to weigh a sale (`rumour`)

        ### Changed

        - **4 Mar 2021** · Regulator opens a probe into Acme (`probe-opened`)
          - date: Mar 2021 → 4 Mar 2021 (refined)
          - source added: [https://example.org/probe-2](https://example.org/probe-2) (Wire)

        ### Renamed

        - **12 Jul 2022** · Acme fined for abuse of dominance (`acme-fined` → `acme-fined-2022`)
          - tags: added fine
        """
    )


@pytest.mark.parametrize(
    ("options", "summary"),
    [
        (["--tag", "fine"], "1 renamed"),  # only the new side has the tag
        (["--category", "market"], "1 removed"),  # only the old side exists
        (["--since", "2022-08"], "1 added, 1 removed"),
        (["--until", "2021"], "1 changed"),
        (["--search", "SPLITS"], "1 added"),
        (["--actor", "nobody"], "no differences"),
        (["--limit", "2"], "1 removed, 1 changed"),
        (["--reverse", "--limit", "1"], "1 renamed"),
    ],
)
def test_filters(
    invoke: Invoke, write: Callable[..., Path], options: list[str], summary: str
) -> None:
    write(V1, "old.yaml")
    write(V2, "new.yaml")
    result = invoke("diff", "old.yaml", "new.yaml", "--stat", *options)
    assert result.stdout == summary + "\n"
    assert result.exit_code == (0 if summary == "no differences" else 1)


def test_colour_on_a_terminal_and_signs_without_it(
    invoke: Invoke, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(V1, "old.yaml")
    write(V2, "new.yaml")

    def terminal(*, no_color: bool = False) -> render.Screen:
        return render.Screen(color=not no_color, terminal=True, width=120)

    monkeypatch.setattr(render.Screen, "detect", staticmethod(terminal))
    coloured = invoke("diff", "old.yaml", "new.yaml").stdout
    plain = invoke("diff", "old.yaml", "new.yaml", "--no-color").stdout
    assert "\x1b[" in coloured
    assert "\x1b[" not in plain
    for sign_line in ("~  4 Mar 2021", "> 12 Jul 2022", "+ H2 2022", "- Q3 2022"):
        assert sign_line in plain


def test_json_does_not_go_with_stat_or_markdown(invoke: Invoke, write: Callable[..., Path]) -> None:
    write(V1, "old.yaml")
    for extra in (["--stat"], ["--format", "markdown"]):
        result = invoke("diff", "old.yaml", "old.yaml", "--json", *extra)
        assert result.exit_code == 2
        assert "error: --json prints the whole diff" in result.stderr


def test_data_cannot_inject_escapes(invoke: Invoke, write: Callable[..., Path]) -> None:
    write(V1, "old.yaml")
    write(V1.replace("Acme said to weigh a sale", '"\\e[31mred\\e]8;;http://x\\a"'), "new.yaml")
    result = invoke("diff", "old.yaml", "new.yaml")
    assert "\x1b" not in result.stdout
    assert "\\x1b[31mred" in result.stdout


def test_help_has_examples(invoke: Invoke) -> None:
    result = invoke("diff", "--help")
    assert result.exit_code == 0
    assert "ant-timeline diff HEAD~3" in result.stdout
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert "### `ant-timeline diff`" in readme


# ---------------------------------------------------------------------------------------------
# Git revisions


@needs_git
def test_one_revision_against_the_working_file(invoke: Invoke, repo: Path) -> None:
    result = invoke("diff", "v2", "--stat")
    assert (result.exit_code, result.stdout) == (1, "1 changed\n")
    result = invoke("diff", "v2")
    assert "Acme splits into three companies → Acme splits in three" in result.stdout
    assert result.stdout.startswith("v2:events.yaml → events.yaml\n")


@needs_git
def test_two_revisions(invoke: Invoke, repo: Path) -> None:
    result = invoke("diff", "v1", "v2")
    assert result.exit_code == 1
    assert result.stdout == V1_TO_V2


@needs_git
def test_revision_forms(invoke: Invoke, repo: Path) -> None:
    git(repo, "add", "events.yaml")
    git(repo, "commit", "-q", "-m", "v3")
    cases = {
        ("HEAD",): "no differences",
        ("HEAD~1",): "1 changed",
        ("HEAD~2", "HEAD~1"): "1 added, 1 removed, 1 changed, 1 renamed",
        ("main~1",): "1 changed",
        ("v1:events.yaml", "./events.yaml"): "1 added, 1 removed, 1 changed, 1 renamed",
        ("v2:data/ant.yaml", "v1"): "no differences",
        ("v2:data/ant.yaml", "main:events.yaml"): "1 added, 1 removed, 1 changed, 1 renamed",
        (git(repo, "rev-parse", "v1").strip(),): "1 added, 1 removed, 1 changed, 1 renamed",
    }
    for arguments, summary in cases.items():
        result = invoke("diff", *arguments, "--stat")
        assert (result.stdout, result.stderr) == (summary + "\n", ""), arguments


@needs_git
def test_revision_of_the_events_file_named_by_file_option(
    invoke: Invoke, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "data" / "ant.yaml").write_text(V2)
    monkeypatch.chdir(repo / "data")
    result = invoke("diff", "v2", "--file", "ant.yaml", "--stat")
    assert (result.exit_code, result.stdout) == (1, "1 added, 1 removed, 1 changed, 1 renamed\n")
    # In a subfolder, ./PATH is relative to it, as in git; PATH alone is from the top.
    result = invoke("diff", "v2:./ant.yaml", "v2:data/ant.yaml", "--stat")
    assert (result.exit_code, result.stdout) == (0, "no differences\n")
    monkeypatch.setenv("ANT_TIMELINE_FILE", str(repo / "events.yaml"))
    assert invoke("diff", "v2", "--stat").stdout == "1 changed\n"


# ---------------------------------------------------------------------------------------------
# Bad input: one message naming the side, exit 2, no traceback


def assert_refused(result: Any, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


@needs_git
@pytest.mark.parametrize(
    ("arguments", "fragments"),
    [
        (("nope",), ("error: old side: 'nope': no such file, and no such revision",)),
        (("v1", "nope"), ("error: new side: 'nope': no such file, and no such revision",)),
        (("v1:missing.yaml",), ("old side: there is no file 'missing.yaml' in revision 'v1'",)),
        (
            ("v1:data/ant.yaml", "v2:data/ant.yaml"),
            ("old side: there is no file 'data/ant.yaml' in revision 'v1'",),
        ),
        (("v2:data",), ("old side: 'data' in revision 'v2' is a folder, not an events file",)),
        (("v1", "v2:"), ("new side: 'v2:' has no path after ':'",)),
        ((":events.yaml",), ("old side: ':events.yaml' has no revision before ':'",)),
        (("v1..v2",), ("old side: 'v1..v2' is a range, not a revision", "diff v1.0 main")),
        (("v1:../events.yaml",), ("old side: the path in 'v1:../events.yaml' uses '..'",)),
        (("v1:data/../../x.yaml",), ("uses '..', which could leave the repository",)),
        (("v1:/etc/passwd",), ("must be relative to the repository's top folder",)),
        (("v1\x1b[31m",), ("old side: 'v1\\x1b[31m' contains control characters",)),
        (("v1", "v2\n"), ("new side: 'v2\\n' contains control characters",)),
        (("",), ("old side: an empty argument is neither a file nor a git revision",)),
        (("a" * 5000,), ("old side: 'aaaa", "': no such file, and no such revision")),
        (("v1", "b" * 5000 + ".yaml"), ("new side: 'bbbb", "': no such file")),
    ],
)
def test_bad_revisions_and_paths(
    invoke: Invoke, repo: Path, arguments: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    assert_refused(invoke("diff", *arguments), *fragments)


@needs_git
@pytest.mark.parametrize(
    "arguments",
    [
        ("--", "--output=pwned"),
        ("--", "-p"),
        ("v1", "--", "--output=pwned"),
        ("--", "--upload-pack=touch pwned"),
    ],
)
def test_revision_starting_with_a_dash_is_refused(
    invoke: Invoke, repo: Path, arguments: tuple[str, ...]
) -> None:
    side = "new" if arguments[0] == "v1" else "old"
    assert_refused(invoke("diff", *arguments), f"{side} side:", "cannot start with '-'")
    assert not (repo / "pwned").exists()


@needs_git
@pytest.mark.parametrize(
    "revision",
    ["HEAD;touch pwned", "$(touch pwned)", "`touch pwned`", "v1|touch pwned", "v1 && touch pwned"],
)
def test_shell_metacharacters_reach_no_shell(invoke: Invoke, repo: Path, revision: str) -> None:
    assert_refused(invoke("diff", revision), "old side:", "no such file, and no such revision")
    assert not (repo / "pwned").exists()
    assert not Path("pwned").exists()


@needs_git
def test_not_a_git_repository(
    invoke: Invoke, write: Callable[..., Path], tmp_path: Path, isolated_git: None
) -> None:
    write(V2)  # ./events.yaml in a folder that is not under git
    assert_refused(
        invoke("diff", "HEAD~1"),
        "old side: 'HEAD~1': no such file, and the events file events.yaml is not in a git "
        "repository",
    )
    assert_refused(
        invoke("diff", "HEAD:events.yaml", "events.yaml"),
        f"old side: 'HEAD:events.yaml': no such file, and {tmp_path} is not in a git repository",
    )


@needs_git
def test_one_argument_needs_the_working_file_under_git(
    invoke: Invoke, repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(V1)
    assert_refused(
        invoke("diff", "v1:events.yaml", "--file", str(outside)),
        f"new side: the working file {outside} is not in a git repository",
    )
    # a file compared with the working file needs no git
    result = invoke("diff", str(outside), "--file", str(outside))
    assert result.exit_code == 0


@needs_git
def test_git_not_installed(
    invoke: Invoke, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_git = tmp_path / "bin"
    no_git.mkdir()
    monkeypatch.setenv("PATH", str(no_git))
    assert_refused(
        invoke("diff", "v1"),
        "old side: git is not installed (or not on PATH), so 'v1' cannot be read as a revision",
    )
    # two files still work without git
    result = invoke("diff", "events.yaml", "events.yaml")
    assert result.exit_code == 0


MALFORMED_SCHEMA = V1.replace("date: 2021-03\n", "date: 2021-13\n")
MALFORMED_YAML = V1.replace("tags: [antitrust]\n    sources", "tags: [antitrust\n    sources")


@needs_git
def test_malformed_file_at_a_revision_names_the_side(invoke: Invoke, repo: Path) -> None:
    commit(repo, MALFORMED_SCHEMA, "bad-date")
    commit(repo, MALFORMED_YAML, "bad-yaml")
    assert_refused(
        invoke("diff", "bad-date", "v2"),
        "error: old side: bad-date:events.yaml is not a valid timeline (1 problem):\n"
        "bad-date:events.yaml:6:11: date: '2021-13' is not a valid date: there is no month 13",
    )
    assert_refused(invoke("diff", "v2", "bad-yaml"), "error: new side: bad-yaml:events.yaml:")


@needs_git
def test_malformed_working_file_names_the_new_side(invoke: Invoke, repo: Path) -> None:
    (repo / "events.yaml").write_text(MALFORMED_SCHEMA)
    assert_refused(
        invoke("diff", "v2"),
        "error: new side: events.yaml is not a valid timeline (1 problem):\n"
        "events.yaml:6:11: date: '2021-13'",
    )


@pytest.mark.parametrize("side", ["old", "new"])
@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (MALFORMED_SCHEMA, "bad.yaml is not a valid timeline (1 problem):\nbad.yaml:6:11: date:"),
        (MALFORMED_YAML, "bad.yaml:"),
        (b"\xff\xfe", "bad.yaml: the file is UTF-16-encoded"),
        ("[1, 2]\n", "bad.yaml is not a valid timeline (1 problem):\nbad.yaml:1:1: the top level"),
    ],
)
def test_malformed_file_on_either_side(
    invoke: Invoke, write: Callable[..., Path], side: str, content: str | bytes, fragment: str
) -> None:
    write(V1, "good.yaml")
    write(content, "bad.yaml")
    arguments = ("bad.yaml", "good.yaml") if side == "old" else ("good.yaml", "bad.yaml")
    assert_refused(invoke("diff", *arguments), f"error: {side} side: {fragment}")


def test_many_problems_are_cut_short(invoke: Invoke, write: Callable[..., Path]) -> None:
    events = "".join(f"  - id: e{index}\n    date: 2021-13\n    title: T\n" for index in range(15))
    write("version: 1\nevents:\n" + events, "bad.yaml")
    write(V1, "good.yaml")
    result = invoke("diff", "good.yaml", "bad.yaml")
    assert_refused(
        result, "new side: bad.yaml is not a valid timeline (15 problems):", "and 5 more"
    )
    assert result.stderr.count("is not a valid date") == 10


def test_folder_argument_is_not_a_file(invoke: Invoke, tmp_path: Path, isolated_git: None) -> None:
    (tmp_path / "folder").mkdir()
    result = invoke("diff", "folder", "--file", str(tmp_path / "x.yaml"))
    assert_refused(result, "old side: 'folder': a folder, not an events file, and the events file")


# ---------------------------------------------------------------------------------------------
# The README's example is real


def draft_of(curated: str) -> str:
    """The earlier draft of the curated dataset that the README compares it with."""
    text = curated.replace(
        "  - id: ant-ipo-suspended\n    date: 2020-11-03\n",
        "  - id: ant-ipo-halted\n    date: 2020-11\n",
    ).replace("    related: [ant-ipo-suspended]\n", "    related: [ant-ipo-halted]\n")
    start = text.index("  - id: ant-fined\n")
    fined = text[start : text.index("\n\n", start)]
    tmtpost = fined[fined.index('      - title: "Chinese Regulator') : fined.index("    related:")]
    draft = (
        fined.replace("    date: 2023-07-07\n", "    date: 2023-07\n")
        .replace("tags: [fine, rectification]", "tags: [fine]")
        .replace(tmtpost, "")
    )
    text = text.replace(fined, draft)
    for gone in ("ant-share-buyback", "hangzhou-asian-games"):
        start = text.index(f"  - id: {gone}\n")
        text = text[:start] + text[text.index("\n\n", start) + 2 :]
    return text


@needs_git
def test_readme_example_is_what_the_tool_prints(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_git: None
) -> None:
    root = Path(__file__).resolve().parent.parent
    curated = (root / "events.yaml").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("<!-- section: diff -->") :]
    section = section[: section.index("<!-- section:", 10)]
    folder = tmp_path / "demo"
    folder.mkdir()
    git(folder, "init", "-q", "--initial-branch=main")
    git(folder, "config", "user.name", "Test Author")
    git(folder, "config", "user.email", "author@example.org")
    commit(folder, draft_of(curated), "draft")
    commit(folder, curated, "curated")
    monkeypatch.chdir(folder)
    blocks = re.findall(r"```(text|markdown)\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 3
    for kind, block in blocks:
        if kind == "markdown":
            arguments = ["HEAD~1", "HEAD", "--tag", "fine", "--format", "markdown"]
            expected = block
        else:
            command, _, expected = block.partition("\n")
            arguments = shlex.split(command.removeprefix("$ ant-timeline diff "))
        result = invoke("diff", *arguments)
        assert (result.exit_code, result.stdout) == (1, expected), arguments


def test_a_source_described_anew_lists_each_field(
    invoke: Invoke, write: Callable[..., Path]
) -> None:
    event = (
        "version: 1\nevents:\n  - id: probe\n    date: 2021-03\n    title: Regulator opens a probe\n"
        "    sources:\n      - url: https://example.org/probe\n"
    )
    write(event + "        publisher: Daily Ledger\n        published: 2021-03-05\n", "old.yaml")
    write(event + "        title: Probe *opened*\n        publisher: Wire\n", "new.yaml")
    text = invoke("diff", "old.yaml", "new.yaml")
    assert text.exit_code == 1
    assert (
        "sources   ~ https://example.org/probe: title (none) → Probe *opened*; "
        "publisher Daily Ledger → Wire; published 5 Mar 2021 → (none)\n"
    ) in text.stdout
    markdown = invoke("diff", "old.yaml", "new.yaml", "--format", "markdown")
    assert markdown.stdout.endswith(
        "  - source updated: [Probe \\*opened\\*](https://example.org/probe) (Wire)\n"
        "    - title: *(none)* → Probe \\*opened\\*\n"
        "    - publisher: Daily Ledger → Wire\n"
        "    - published: 5 Mar 2021 → *(none)*\n"
    )
