"""An events file as it was at a git revision: the two sides `diff` compares.

`diff` reads a side as a file, as `REV:PATH`, or as the working events file at a revision.
git runs with an argument list (never a shell), `--end-of-options`/`--` before anything the
user typed, and a revision that could pass for an option is refused before git sees it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ant_timeline.errors import GitError, LoadError, Problem, TimelineError
from ant_timeline.store import load_set, read_report
from ant_timeline.store.files import (
    MAX_FILE_BYTES,
    FileSet,
    TimelineFile,
    decode,
    is_events_file_name,
    is_folder,
    locate_set,
    read_limited,
    timeline_key,
)
from ant_timeline.store.schema import LoadReport, Progress, parse_text

if TYPE_CHECKING:
    import subprocess

    from ant_timeline.model import Timeline

GIT_TIMEOUT_SECONDS = 60
MAX_GIT_MESSAGE_BYTES = 64 * 1024
MAX_PROBLEMS_PER_SIDE = 10
_UNSAFE_TEXT = frozenset(chr(code) for code in (*range(0x20), 0x7F))
_OBJECT_ID = frozenset("0123456789abcdef")


@dataclass(frozen=True, slots=True)
class _Repository:
    top: Path  # the working tree's top folder, resolved
    prefix: str  # where git was run, relative to `top` ("" or "sub/dir/")
    folder: Path  # where git is run


def diff_sides(
    old: str,
    new: str | None,
    working: TimelineFile,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> tuple[Timeline, Timeline]:
    """The two timelines `diff OLD [NEW]` compares; with one argument, NEW is the working file.

    Each argument is a path to an existing file, `REV:PATH`, or a bare revision meaning the
    working events file (`working`) as it was at that revision. Every failure is a
    `TimelineError` whose message starts with the side it is about.
    """

    def side(argument: str, name: str) -> Timeline:
        return read_side(argument, name, working, use_cache=use_cache, progress=progress)

    if new is not None:
        return side(old, "old"), side(new, "new")
    before = side(old, "old")
    if not _is_file(old):
        # OLD is a revision, so the working file it is compared with must be under git too.
        _repository(_folder_of(working, "new"), "new", working.label, working_file=True)
    try:
        report = read_report(working, use_cache=use_cache, progress=progress)
    except TimelineError as error:
        raise _on_side("new", error) from None
    return before, _checked(report, "new")


def read_side(
    argument: str,
    side: str,
    working: TimelineFile,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> Timeline:
    """One side of a diff: a file, `REV:PATH`, or the working events file at revision REV."""
    if argument and _is_file(argument):
        try:
            report = read_report(
                TimelineFile(Path(argument), "option"), use_cache=use_cache, progress=progress
            )
        except TimelineError as error:
            raise _on_side(side, error) from None
        return _checked(report, side)
    revision, has_path, path_text = _split_revision(argument)
    _check_revision(revision, argument, side)
    if has_path:
        repository, path = _named_path(path_text, argument, side)
    else:
        folder = _folder_of(working, side)
        repository = _repository(folder, side, argument, working_label=working.label)
        path = _working_path(working, folder, repository, side)
    return _parse_blob(repository, revision, path, argument, side, progress)


def _named_path(path_text: str, argument: str, side: str) -> tuple[_Repository, str]:
    """The repository around the current folder, and `REV:PATH`'s path in it."""
    try:
        here = Path.cwd()
    except OSError:
        raise GitError(f"{side} side: the current folder no longer exists") from None
    repository = _repository(here, side, argument)
    return repository, _path_in_repository(path_text, repository, argument, side)


def _on_side(side: str, error: TimelineError) -> TimelineError:
    if isinstance(error, LoadError):
        return _problems_error(side, error.problems)
    return TimelineError(f"{side} side: {error}")


def _checked(report: LoadReport, side: str) -> Timeline:
    if not report.ok:
        raise _problems_error(side, [p for p in report.problems if p.severity == "error"])
    return report.timeline


def _problems_error(side: str, problems: list[Problem]) -> TimelineError:
    label = problems[0].path
    count = len(problems)
    lines = [
        f"{side} side: {label} is not a valid timeline "
        f"({count} problem{'' if count == 1 else 's'}):"
    ]
    lines += [str(problem) for problem in problems[:MAX_PROBLEMS_PER_SIDE]]
    if count > MAX_PROBLEMS_PER_SIDE:
        lines.append(f"... and {count - MAX_PROBLEMS_PER_SIDE} more")
    return TimelineError("\n".join(lines))


def _split_revision(argument: str) -> tuple[str, bool, str]:
    """`REV:PATH` -> (REV, True, PATH); a bare revision -> (REV, False, "").

    As git does, the first colon outside `@{...}` separates the two (`HEAD@{10:30}:x.yaml`).
    """
    depth = 0
    for index, char in enumerate(argument):
        if char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif char == ":" and not depth:
            return argument[:index], True, argument[index + 1 :]
    return argument, False, ""


def _check_revision(revision: str, argument: str, side: str) -> None:
    shown = repr(argument)
    if not argument.strip():
        raise GitError(f"{side} side: an empty argument is neither a file nor a git revision")
    if any(char in _UNSAFE_TEXT for char in argument):
        raise GitError(
            f"{side} side: {shown} contains control characters; it is neither a file nor a "
            "revision ant-timeline will pass to git"
        )
    if not revision:
        raise GitError(
            f"{side} side: {shown} has no revision before ':'; write REV:PATH, "
            "e.g. HEAD:events.yaml"
        )
    if revision.startswith("-"):
        raise GitError(
            f"{side} side: {shown} is not a file, and a revision cannot start with '-' "
            "(it would be taken as an option)"
        )
    if ".." in revision:
        raise GitError(
            f"{side} side: {shown} is a range, not a revision; give the two revisions as two "
            "arguments, e.g. `ant-timeline diff v1.0 main`"
        )


def _is_file(argument: str) -> bool:
    """True for anything to read that is not a folder: a file, or a pipe such as `<(...)`."""
    try:
        return not stat.S_ISDIR(os.stat(argument).st_mode)
    except (OSError, ValueError):  # none, a name too long for the system, or with a NUL in it
        return False


def _is_folder(path: str | Path) -> bool:
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def _no_file(argument: str) -> str:
    return "a folder, not an events file" if _is_folder(argument) else "no such file"


def _folder_of(working: TimelineFile, side: str) -> Path:
    folder = Path(os.path.abspath(working.path)).parent
    if not _is_folder(folder):
        raise GitError(f"{side} side: the folder of the events file {working.label} does not exist")
    return folder


def _run_git(
    arguments: list[str], folder: Path, side: str, argument: str
) -> subprocess.CompletedProcess[bytes]:
    """Run git; what it prints is read within bounds (an events file's limit on stdout, 64 KiB
    of stderr kept), and it gets `GIT_TIMEOUT_SECONDS` to finish."""
    import subprocess  # noqa: PLC0415 - only `diff` runs git; `show` need not import it

    environment = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",  # never wait for a password
        "GIT_OPTIONAL_LOCKS": "0",  # a read must not take the index lock
        "LC_ALL": "C",
    }
    command = ["git", "-C", str(folder), *arguments]
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
        )
    except FileNotFoundError:
        raise GitError(
            f"{side} side: git is not installed (or not on PATH), so {argument!r} cannot "
            "be read as a revision; compare two files instead"
        ) from None
    except OSError as error:
        raise GitError(f"{side} side: cannot run git: {error.strerror or error}") from None
    output, said, timed_out = _bounded_output(process)
    if timed_out:
        raise GitError(
            f"{side} side: git did not answer within {GIT_TIMEOUT_SECONDS} seconds reading "
            f"{argument!r}"
        )
    if output is None:
        raise GitError(
            f"{side} side: git printed more than {MAX_FILE_BYTES // 2**20} MiB reading "
            f"{argument!r}; events files are limited to {MAX_FILE_BYTES // 2**20} MiB"
        )
    return subprocess.CompletedProcess(command, process.returncode, output, said)


def _bounded_output(process: subprocess.Popen[bytes]) -> tuple[bytes | None, bytes, bool]:
    """git's stdout (None past the limit), the start of its stderr, and whether it timed out.

    stderr is drained by a thread so that git never blocks on a full pipe; a timer ends git
    once its time is up. Whatever happens here (Ctrl-C included), git does not outlive it.
    """
    import threading  # noqa: PLC0415

    assert process.stdout is not None and process.stderr is not None  # noqa: S101 - PIPEs
    errors, said = process.stderr, bytearray()

    def drain() -> None:
        said.extend(errors.read(MAX_GIT_MESSAGE_BYTES))
        while errors.read(2**16):
            pass

    expired = threading.Event()

    def expire() -> None:
        expired.set()
        process.kill()

    reader = threading.Thread(target=drain, daemon=True)
    timer = threading.Timer(GIT_TIMEOUT_SECONDS, expire)
    reader.start()
    timer.start()
    output: bytes | None = None
    try:
        with process.stdout:
            output = read_limited(process.stdout, MAX_FILE_BYTES)
    finally:
        if output is None and process.poll() is None:  # too much, or interrupted
            process.kill()
        process.wait()  # the timer still runs: git that closed stdout but hangs is ended too
        timer.cancel()
        reader.join(timeout=GIT_TIMEOUT_SECONDS)
        errors.close()
    return output, bytes(said), expired.is_set()


def _git_says(result: subprocess.CompletedProcess[bytes]) -> str:
    text = result.stderr.decode("utf-8", "replace").strip()
    first = text.splitlines()[0] if text else f"exit status {result.returncode}"
    return first.removeprefix("fatal: ").removeprefix("error: ")


def _repository(
    folder: Path,
    side: str,
    argument: str,
    *,
    working_label: str | None = None,
    working_file: bool = False,
) -> _Repository:
    result = _run_git(["rev-parse", "--show-toplevel", "--show-prefix"], folder, side, argument)
    if result.returncode != 0:
        said = _git_says(result)
        if "not a git repository" not in said:
            raise GitError(f"{side} side: git cannot read the repository at {folder}: {said}")
        if working_file:
            raise GitError(
                f"{side} side: the working file {argument} is not in a git repository, so there "
                "is no revision to compare it with; name two files: `ant-timeline diff OLD NEW`"
            )
        if working_label is not None:
            raise GitError(
                f"{side} side: {argument!r}: {_no_file(argument)}, and the events file "
                f"{working_label} is not in a git repository, so it is not a revision either"
            )
        raise GitError(
            f"{side} side: {argument!r}: {_no_file(argument)}, and {folder} is not in a git "
            "repository, so it is not a revision either"
        )
    lines = result.stdout.decode("utf-8", "surrogateescape").splitlines()
    top = Path(lines[0]) if lines else folder
    prefix = lines[1] if len(lines) > 1 else ""
    return _Repository(Path(os.path.realpath(top)), prefix, folder)


def _path_in_repository(path_text: str, repository: _Repository, argument: str, side: str) -> str:
    import posixpath  # noqa: PLC0415

    shown = repr(argument)
    if not path_text:
        raise GitError(f"{side} side: {shown} has no path after ':'; e.g. HEAD:events.yaml")
    if path_text.startswith("/") or "\\" in path_text:
        raise GitError(
            f"{side} side: the path in {shown} must be relative to the repository's top folder, "
            "with '/' between folders"
        )
    if ".." in path_text.split("/"):
        raise GitError(
            f"{side} side: the path in {shown} uses '..', which could leave the repository; "
            "write it from the repository's top folder"
        )
    if path_text.startswith("./"):  # as in git: relative to the current folder
        path_text = repository.prefix + path_text[2:]
    return posixpath.normpath(path_text)


def _working_path(working: TimelineFile, folder: Path, repository: _Repository, side: str) -> str:
    # The folder is resolved but not the file: git tracks a symlink as the link itself.
    full = Path(os.path.realpath(folder)) / Path(working.path).name
    try:
        return full.relative_to(repository.top).as_posix()
    except ValueError:
        raise GitError(
            f"{side} side: the events file {working.label} is outside the git repository at "
            f"{repository.top}"
        ) from None


def _read_blob(
    repository: _Repository, revision: str, path: str, argument: str, side: str
) -> bytes:
    def git(*arguments: str) -> subprocess.CompletedProcess[bytes]:
        return _run_git(list(arguments), repository.folder, side, argument)

    shown = repr(argument)
    found = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    commit = found.stdout.decode("ascii", "replace").strip()
    if found.returncode != 0 or not _is_object_id(commit):
        raise GitError(
            f"{side} side: {shown}: {_no_file(argument)}, and no such revision in the git "
            f"repository at {repository.top}"
        )
    listing = git("--literal-pathspecs", "ls-tree", "-l", "-z", "--full-tree", commit, "--", path)
    if listing.returncode != 0:
        raise GitError(f"{side} side: git cannot list revision {revision!r}: {_git_says(listing)}")
    entry = _tree_entry(listing.stdout, path)
    where = f"{path!r} in revision {revision!r}"
    if entry is None:
        raise GitError(f"{side} side: there is no file {where}")
    mode, kind, object_id, size = entry
    if kind == "tree":
        raise GitError(f"{side} side: {where} is a folder, not an events file")
    if kind != "blob" or mode == "120000" or not _is_object_id(object_id):
        raise GitError(f"{side} side: {where} is a link or submodule, not an events file")
    if size > MAX_FILE_BYTES:
        raise GitError(
            f"{side} side: {where} is {size / 2**20:.0f} MiB; events files are limited to "
            f"{MAX_FILE_BYTES // 2**20} MiB"
        )
    blob = git("cat-file", "blob", object_id)
    if blob.returncode != 0:
        raise GitError(f"{side} side: git cannot read {where}: {_git_says(blob)}")
    return blob.stdout


def _tree_entry(listing: bytes, path: str) -> tuple[str, str, str, int] | None:
    for record in listing.split(b"\0"):
        info, tab, name = record.partition(b"\t")
        if not tab or name.decode("utf-8", "surrogateescape") != path:
            continue
        fields = info.decode("ascii", "replace").split()
        if len(fields) != 4:
            return None
        mode, kind, object_id, size = fields
        return mode, kind, object_id, int(size) if size.isdigit() else 0
    return None


def _is_object_id(text: str) -> bool:
    return len(text) in (40, 64) and set(text) <= _OBJECT_ID


# ---------------------------------------------------------------------------------------------
# Several timelines: folders, and the set of working files at a revision


def is_set_diff(old: str, new: str | None, working: FileSet) -> bool:
    """True when `diff` compares sets of timelines: several working files, or a side that is
    a folder of events files (an empty folder is no timeline: it is refused as before)."""
    return working.together or any(
        argument is not None and _holds_timelines(argument) for argument in (old, new)
    )


def _holds_timelines(argument: str) -> bool:
    folder = Path(argument)
    if not is_folder(folder):
        return False
    try:
        return any(
            is_events_file_name(entry.name) and entry.is_file() for entry in folder.iterdir()
        )
    except OSError:
        return False


def diff_set_sides(
    old: str,
    new: str | None,
    working: FileSet,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> tuple[Timeline, Timeline]:
    """The two sets `diff` compares, each one chronology of `KEY/ID` events.

    A side is a folder, a file, `REV:PATH` (a file or a folder at REV), or a bare revision
    meaning the working files as they were at REV (each named folder as it was then). A file
    that is on one side only is a whole timeline added or removed.
    """

    def side(argument: str, name: str) -> Timeline:
        return _set_side(argument, name, working, use_cache=use_cache, progress=progress)

    if new is not None:
        return _keyed(side(old, "old")), _keyed(side(new, "new"))
    before = side(old, "old")
    if not (_is_file(old) or _holds_timelines(old)):
        for where in working.files:
            _repository(_folder_of(where, "new"), "new", where.label, working_file=True)
    try:
        after = load_set(working, use_cache=use_cache, progress=progress)
    except TimelineError as error:
        raise _on_side("new", error) from None
    return _keyed(before), _keyed(after)


def _keyed(timeline: Timeline) -> Timeline:
    """A timeline read on its own, as a set of one (its events named `KEY/ID`)."""
    from ant_timeline.model import Timeline as Chronology  # noqa: PLC0415

    if timeline.members:
        return timeline
    key = timeline_key(Path(timeline.path.rpartition(":")[2] or timeline.path))
    return Chronology.merged([(key, timeline)], timeline.path)


def _set_side(
    argument: str,
    side: str,
    working: FileSet,
    *,
    use_cache: bool,
    progress: Progress | None,
) -> Timeline:
    if argument and _holds_timelines(argument):
        try:
            return load_set(locate_set([argument]), use_cache=use_cache, progress=progress)
        except TimelineError as error:
            raise _on_side(side, error) from None
    if argument and _is_file(argument):
        return read_side(argument, side, working.single, use_cache=use_cache, progress=progress)
    revision, has_path, path_text = _split_revision(argument)
    _check_revision(revision, argument, side)
    if has_path:
        repository, path = _named_path(path_text, argument, side)
        if _kind_at(repository, revision, path, argument, side) == "tree":
            found = _folder_parts(repository, revision, path, argument, side, progress)
            return _merged(found, f"{revision}:{path.rstrip('/')}/", side)
        return read_side(argument, side, working.single, use_cache=use_cache, progress=progress)
    parts: list[tuple[str, Timeline]] = []
    for named in working.named:
        folder = Path(os.path.abspath(named)) if is_folder(named) else None
        where = TimelineFile(named, "option")
        base = folder or _folder_of(where, side)
        repository = _repository(base, side, argument, working_label=str(named))
        if folder is not None:
            path = _relative(folder, repository, str(named), side)
            parts += _folder_parts(repository, revision, path, argument, side, progress)
            continue
        path = _working_path(where, base, repository, side)
        if _kind_at(repository, revision, path, argument, side) is None:
            continue  # the timeline did not exist then: all of it is added
        parts.append(
            (timeline_key(named), _parse_blob(repository, revision, path, argument, side, progress))
        )
    if not parts:
        raise GitError(f"{side} side: none of {working.label} is in revision {revision!r}")
    return _merged(parts, f"{revision}:{working.label}", side)


def _merged(parts: list[tuple[str, Timeline]], label: str, side: str) -> Timeline:
    from ant_timeline.model import Timeline as Chronology  # noqa: PLC0415

    taken: dict[str, str] = {}
    for key, part in parts:
        if key in taken:
            raise GitError(
                f"{side} side: {taken[key]} and {part.path} have the same key {key!r}; every "
                "timeline loaded together needs a file name of its own"
            )
        taken[key] = part.path
    return Chronology.merged(parts, label)


def _relative(folder: Path, repository: _Repository, shown: str, side: str) -> str:
    try:
        return Path(os.path.realpath(folder)).relative_to(repository.top).as_posix()
    except ValueError:
        raise GitError(
            f"{side} side: the folder {shown} is outside the git repository at {repository.top}"
        ) from None


def _kind_at(
    repository: _Repository, revision: str, path: str, argument: str, side: str
) -> str | None:
    """`blob`, `tree` (or another kind) of `path` in `revision`; None when it is not there."""
    commit = _commit(repository, revision, argument, side)
    listing = _run_git(
        ["--literal-pathspecs", "ls-tree", "-l", "-z", "--full-tree", commit, "--", path],
        repository.folder,
        side,
        argument,
    )
    if listing.returncode != 0:
        raise GitError(f"{side} side: git cannot list revision {revision!r}: {_git_says(listing)}")
    entry = _tree_entry(listing.stdout, path.rstrip("/") or ".")
    return entry[1] if entry else None


def _commit(repository: _Repository, revision: str, argument: str, side: str) -> str:
    found = _run_git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
        repository.folder,
        side,
        argument,
    )
    commit = found.stdout.decode("ascii", "replace").strip()
    if found.returncode != 0 or not _is_object_id(commit):
        raise GitError(
            f"{side} side: {argument!r}: {_no_file(argument)}, and no such revision in the git "
            f"repository at {repository.top}"
        )
    return commit


def _folder_parts(
    repository: _Repository,
    revision: str,
    folder: str,
    argument: str,
    side: str,
    progress: Progress | None,
) -> list[tuple[str, Timeline]]:
    """Every events file directly in `folder` at `revision`, with its key."""
    commit = _commit(repository, revision, argument, side)
    inside = "" if folder in ("", ".") else folder.rstrip("/") + "/"
    listing = _run_git(
        ["--literal-pathspecs", "ls-tree", "-l", "-z", "--full-tree", commit, "--", inside or "."],
        repository.folder,
        side,
        argument,
    )
    if listing.returncode != 0:
        raise GitError(f"{side} side: git cannot list revision {revision!r}: {_git_says(listing)}")
    names = []
    for record in listing.stdout.split(b"\0"):
        info, tab, name = record.partition(b"\t")
        fields = info.decode("ascii", "replace").split()
        path = name.decode("utf-8", "surrogateescape")
        if tab and len(fields) == 4 and fields[1] == "blob" and fields[0] != "120000":
            base = path.rpartition("/")[2]
            if is_events_file_name(base) and path == inside + base:
                names.append(path)
    if not names:
        raise GitError(
            f"{side} side: there are no events files (*.yaml, *.yml) in {folder or '.'!r} in "
            f"revision {revision!r}"
        )
    return [
        (
            timeline_key(Path(path)),
            _parse_blob(repository, revision, path, argument, side, progress),
        )
        for path in sorted(names)
    ]


def _parse_blob(
    repository: _Repository,
    revision: str,
    path: str,
    argument: str,
    side: str,
    progress: Progress | None,
) -> Timeline:
    label = f"{revision}:{path}"
    data = _read_blob(repository, revision, path, argument, side)
    try:
        report = parse_text(decode(data, label), label, progress)
    except TimelineError as error:
        raise _on_side(side, error) from None
    return _checked(report, side)
