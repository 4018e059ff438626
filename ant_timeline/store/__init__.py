"""The door to events files: the only code that reads or writes them.

`load()` returns a `Timeline` or raises; `read_report()` returns everything found, for `check`,
and `check_file()` runs `check`'s rules on it. They put together the package's parts:

- `files`: which file, its bytes read within bounds, atomic locked writes, new files;
- `schema`: the YAML event stream -> a `Timeline` with positions, every problem collected;
- `cache`: the parse cache, so an unchanged file is not parsed again;
- `git`: an events file as it was at a git revision (imported only by `diff`).

What to write is worked out as text by `ant_timeline.edit`, from the positions recorded here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from ant_timeline.errors import FileReadError, LoadError, YamlSyntaxError
from ant_timeline.store import cache
from ant_timeline.store.files import FileSet, TimelineFile, decode, locate, locate_set, read_bytes
from ant_timeline.store.schema import LoadReport, Progress, parse_text

if TYPE_CHECKING:
    from ant_timeline.model import Timeline
    from ant_timeline.validate import CheckResult, SetCheck

__all__ = [
    "FileSet",
    "LoadReport",
    "Progress",
    "TimelineFile",
    "check_file",
    "check_set",
    "load",
    "load_set",
    "locate",
    "locate_set",
    "parse_text",
    "read_report",
]


def load(
    source: TimelineFile | Path | str | None = None,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    timeline: str = "",
) -> Timeline:
    """Load a timeline; raise `LoadError` (every problem) or `FileReadError`/`YamlSyntaxError`.

    `timeline` is the key its events carry when it is read with others ("" alone).
    """
    report = read_report(source, use_cache=use_cache, progress=progress, timeline=timeline)
    if not report.ok:
        raise LoadError(report.problems)
    return report.timeline


def load_set(
    files: FileSet, *, use_cache: bool = True, progress: Progress | None = None
) -> Timeline:
    """The timeline of one file, or several files' timelines as one chronology (`KEY/ID`).

    Each file is read once, through its own parse cache entry; the first file with load errors
    stops the load with its problems, as for one file.
    """
    from ant_timeline.model import Timeline  # noqa: PLC0415

    if not files.together:
        return load(files.single, use_cache=use_cache, progress=progress)
    parts = [
        (key, load(where, use_cache=use_cache, progress=progress, timeline=key))
        for key, where in files.keyed()
    ]
    return Timeline.merged(parts, files.label)


def read_report(
    source: TimelineFile | Path | str | None = None,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    timeline: str = "",
) -> LoadReport:
    """Read and validate the schema of an events file; syntax errors still raise.

    With `use_cache`, an unchanged file (same size, modification time and content hash) is
    read back from the parse cache instead of being parsed again.
    """
    where = source if isinstance(source, TimelineFile) else locate(source)
    data, status = read_bytes(where.path, where.label)
    text = decode(data, where.label)
    # A pipe or a device (`--file /dev/stdin`, `<(...)`) has no stable content to cache.
    caching = use_cache and not os.environ.get(cache.NO_CACHE_ENV) and stat.S_ISREG(status.st_mode)
    key = cache.key_of(data, status) if caching else ()
    del data  # the text is all that is needed from here on; at 100,000 events this is 50 MB
    if not caching:
        return parse_text(text, where.label, progress, timeline=timeline)
    cached = cache.load(where.path, key, text, where.label, timeline=timeline)
    if cached is not None:
        return cached
    report = parse_text(text, where.label, progress, timeline=timeline)
    cache.save(where.path, key, report)
    return report


def check_file(
    where: TimelineFile,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    strict: bool = False,
) -> CheckResult:
    """Read a file and run every rule of `check`; a file that is not YAML gives one problem."""
    from ant_timeline import validate  # noqa: PLC0415 - only `check` needs the rules

    try:
        report = read_report(where, use_cache=use_cache, progress=progress)
    except YamlSyntaxError as error:
        return validate.unreadable(where.label, error.problem)
    except FileReadError as error:
        return validate.unreadable(where.label, validate.unreadable_problem(error, where.label))
    return validate.check_report(report, strict=strict)


def check_set(
    files: FileSet,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    strict: bool = False,
) -> SetCheck:
    """`check` over several timelines: each file's own problems, then those across the set."""
    from ant_timeline import validate  # noqa: PLC0415
    from ant_timeline.model import Timeline  # noqa: PLC0415

    keyed = files.keyed()
    results = []
    parts = []
    for key, where in keyed:
        try:
            report = read_report(where, use_cache=use_cache, progress=progress)
        except YamlSyntaxError as error:
            results.append(validate.unreadable(where.label, error.problem))
            continue
        except FileReadError as error:
            problem = validate.unreadable_problem(error, where.label)
            results.append(validate.unreadable(where.label, problem))
            continue
        results.append(validate.check_report(report, strict=strict))
        parts.append((key, report.timeline))
    together = Timeline.merged(parts, files.label) if parts else None
    across = validate.across(together) if together is not None else ()
    return validate.SetCheck(files.label, tuple(results), tuple(across))
