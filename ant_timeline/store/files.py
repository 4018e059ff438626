"""Which events file, its bytes read within bounds, and atomic locked writes.

Every byte that goes into or out of an events file passes here: the parse (`schema`), the
cache (`cache`) and the edits (`ant_timeline.edit`) work on what these functions read and hand
their results back to `write_atomic`.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ant_timeline.errors import FileReadError, RefusedError, WriteError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

MAX_FILE_BYTES = 128 * 1024 * 1024
ENV_FILE = "ANT_TIMELINE_FILE"
LOCAL_FILE = "events.yaml"


@dataclass(frozen=True, slots=True)
class TimelineFile:
    """Which events file a command uses, and why."""

    path: Path
    origin: str  # "option", "environment", "current folder" or "bundled"

    @property
    def bundled(self) -> bool:
        """The curated dataset shipped with the package (never written to)."""
        return self.origin == "bundled"

    @property
    def label(self) -> str:
        """How messages name the file."""
        if self.bundled:
            return LOCAL_FILE
        return str(self.path)


def bundled_path() -> Path:
    """The curated dataset: package data when installed, the repository's copy in a checkout."""
    packaged = Path(str(resources.files("ant_timeline"))) / "data" / LOCAL_FILE
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / LOCAL_FILE


def locate(option: str | Path | None) -> TimelineFile:
    """`--file`, else `$ANT_TIMELINE_FILE`, else `./events.yaml`, else the bundled dataset."""
    if option:
        return TimelineFile(Path(option), "option")
    from_env = os.environ.get(ENV_FILE)
    if from_env:
        return TimelineFile(Path(from_env), "environment")
    local = Path(LOCAL_FILE)
    if local.is_file():
        return TimelineFile(local, "current folder")
    return TimelineFile(bundled_path(), "bundled")


EVENTS_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class FileSet:
    """The events files a command reads: one file, or several timelines shown together.

    `together` is True when a folder or more than one file was named: each file is then a
    timeline with a key (its name without extension), and events are named `KEY/ID`.
    """

    files: tuple[TimelineFile, ...]
    together: bool
    label: str  # how messages name the set: the file, the folder, or the files
    named: tuple[Path, ...] = ()  # the paths as given: files and folders

    @property
    def single(self) -> TimelineFile:
        """The one file of a set that is not several timelines."""
        return self.files[0]

    def keyed(self) -> list[tuple[str, TimelineFile]]:
        """Each file with its key; a key that is not a valid id, or taken twice, is refused."""
        from ant_timeline.model import ID_PATTERN  # noqa: PLC0415

        taken: dict[str, TimelineFile] = {}
        for where in self.files:
            key = timeline_key(where.path)
            if not ID_PATTERN.fullmatch(key):
                raise FileReadError(
                    f"{key!r} cannot name a timeline: a timeline's key is its file name without "
                    "extension, in lowercase letters, digits and single hyphens; rename the file "
                    f"(e.g. to {_suggested_name(where.path)})",
                    where.label,
                )
            if key in taken:
                raise FileReadError(
                    f"{taken[key].label} and {where.label} have the same key {key!r}; every "
                    "timeline loaded together needs a file name of its own",
                )
            taken[key] = where
        return list(taken.items())


def timeline_key(path: Path) -> str:
    """A timeline's key: its file name without the extension (`didi` for timelines/didi.yaml)."""
    name = path.name
    for suffix in EVENTS_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return path.stem or name


def _suggested_name(path: Path) -> str:
    import re  # noqa: PLC0415

    from ant_timeline.model import ID_PATTERN  # noqa: PLC0415

    words = re.findall(r"[a-z0-9]+", timeline_key(path).lower())
    key = "-".join(words) or "timeline"
    return str(path.with_name(key + (path.suffix or ".yaml"))) if ID_PATTERN.fullmatch(key) else key


def locate_set(options: Sequence[str | Path] | None) -> FileSet:
    """The files a reading command uses: every `--file` (a folder stands for the `*.yaml` and
    `*.yml` directly in it, in name order), else `$ANT_TIMELINE_FILE` (several paths separated
    by the platform's path separator), else `./events.yaml`, else the bundled dataset."""
    if options:
        named = [(Path(option), "option") for option in options]
    else:
        from_env = os.environ.get(ENV_FILE)
        parts = [part for part in (from_env or "").split(os.pathsep) if part]
        if not parts:
            where = locate(None)
            return FileSet((where,), together=False, label=where.label, named=(where.path,))
        named = [(Path(part), "environment") for part in parts]
    files: list[TimelineFile] = []
    folders = False
    seen: set[str] = set()
    for path, origin in named:
        if is_folder(path):
            folders = True
            found = _events_files_in(path)
        else:
            found = [path]
        for each in found:
            real = os.path.realpath(each)
            if real not in seen:  # a file named twice (or by its folder too) is read once
                seen.add(real)
                files.append(TimelineFile(each, origin))
    together = folders or len(files) > 1
    label = ", ".join(str(path) for path, _ in named) if together else files[0].label
    return FileSet(
        tuple(files), together=together, label=label, named=tuple(path for path, _ in named)
    )


def is_folder(path: Path) -> bool:
    """True for an existing folder (False for a path the system cannot even look up)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def is_events_file_name(name: str) -> bool:
    """`*.yaml` or `*.yml`, not hidden: what a folder of timelines holds."""
    return name.lower().endswith(EVENTS_SUFFIXES) and not name.startswith(".")


def _events_files_in(folder: Path) -> list[Path]:
    try:
        named = sorted(entry for entry in folder.iterdir() if is_events_file_name(entry.name))
        found = [entry for entry in named if entry.is_file()]
        # A link by a timeline's name that leads nowhere is a timeline gone missing, not a
        # file to pass over: the view would leave it out without a word.
        broken = [entry for entry in named if entry.is_symlink() and not entry.exists()]
    except OSError as error:
        raise FileReadError(f"cannot read the folder: {error.strerror}", str(folder)) from None
    if broken:
        target = _link_target(broken[0])
        raise FileReadError(
            f"is a link to {target}, which cannot be read; mend or remove the link",
            str(broken[0]),
        )
    if not found:
        raise FileReadError(
            "is a folder with no events files in it (*.yaml or *.yml directly inside)",
            str(folder),
        )
    return found


def _link_target(link: Path) -> str:
    try:
        return repr(os.readlink(link))
    except OSError:
        return "a file"


def read_text(path: Path, label: str | None = None) -> str:
    """The file's text as UTF-8 (a BOM is dropped); `FileReadError` names what is wrong."""
    data, _ = read_bytes(path, label)
    return decode(data, label or str(path))


def read_limited(handle: IO[bytes], limit: int, expected: int = 0) -> bytes | None:
    """Everything `handle` holds, or None when that is more than `limit` bytes.

    Reading stops after `limit + 1` bytes whatever the source is (a device such as /dev/zero, a
    pipe whose writer never stops, a file that grows while it is read), so memory is bounded by
    the bytes read, not by the size `stat` reports (0 for all of those). `expected`, a regular
    file's size, lets the common case be read in one call of exactly that size.
    """
    first = handle.read(min(expected, limit) + 1) if expected > 0 else b""
    if len(first) > limit:
        return None
    if expected > 0 and len(first) <= expected:
        return first  # the whole file: it ended where its size said
    more = handle.read(limit + 1 - len(first))
    data = first + more if first else more
    return None if len(data) > limit else data


def read_regular(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes, for a file of our own such as a cache entry; None for anything
    else (a named pipe is not waited on: it is opened without blocking), or when it holds more
    than `limit` bytes. Errors opening it (missing, unreadable) are raised as they are."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            return None
        return read_limited(handle, limit, status.st_size)


def read_bytes(path: Path, label: str | None = None) -> tuple[bytes, os.stat_result]:
    """The file's bytes and its status, refusing folders and anything over the size limit."""
    name = label or str(path)
    limit = f"events files are limited to {MAX_FILE_BYTES // 2**20} MiB"
    try:
        with path.open("rb") as handle:
            status = os.fstat(handle.fileno())
            if stat.S_ISDIR(status.st_mode):  # pragma: no cover - Linux refuses the open
                raise FileReadError("is a folder, not an events file", name)
            size = status.st_size if stat.S_ISREG(status.st_mode) else 0
            if size > MAX_FILE_BYTES:
                raise FileReadError(f"the file is {size / 2**20:.0f} MiB; {limit}", name)
            data = read_limited(handle, MAX_FILE_BYTES, size)
    except FileNotFoundError:
        raise FileReadError(
            "no such file; check the path, or start one with `ant-timeline init`", name
        ) from None
    except IsADirectoryError:
        raise FileReadError("is a folder, not an events file", name) from None
    except OSError as error:
        raise FileReadError(f"cannot read: {_unreadable(path, error)}", name) from None
    if data is None:
        raise FileReadError(f"reading stopped at {MAX_FILE_BYTES // 2**20} MiB; {limit}", name)
    return data, status


def read_input(argument: str, limit: int, *, what: str) -> tuple[bytes, str]:
    """The bytes of a file, or of standard input for `-`, and the name to use in messages.

    At most `limit + 1` bytes are read, from a file, a pipe such as `<(curl ...)`, a device or
    stdin alike; past the limit it is a `FileReadError` naming it. `what` says what the input
    should have been ("an article").
    """
    import sys  # noqa: PLC0415

    label = "<stdin>" if argument == "-" else argument
    too_big = f"larger than {limit // 2**20} MiB; is it {what}?"
    try:
        if argument == "-":
            stdin = getattr(sys.stdin, "buffer", None)
            if stdin is None:
                raise FileReadError("there is no standard input to read", label)
            data = read_limited(stdin, limit)
            if data is None:
                raise FileReadError(f"the input is {too_big}", label)
            return data, label
        with Path(argument).open("rb") as handle:
            status = os.fstat(handle.fileno())
            size = status.st_size if stat.S_ISREG(status.st_mode) else 0
            data = None if size > limit else read_limited(handle, limit, size)
    except FileNotFoundError:
        raise FileReadError("no such file; check the path", label) from None
    except IsADirectoryError:
        raise FileReadError(f"is a folder, not {what}", label) from None
    except OSError as error:
        raise FileReadError(f"cannot read: {_unreadable(Path(argument), error)}", label) from None
    if data is None:
        raise FileReadError(f"the file is {too_big}", label)
    return data, label


def _unreadable(path: Path, error: OSError) -> str:
    # A socket cannot be opened as a file at all: say what it is rather than "No such device".
    with suppress(OSError):
        if stat.S_ISSOCK(path.stat().st_mode):
            return "it is a socket, not a file"
    return error.strerror or str(error)


def decode(data: bytes, name: str) -> str:
    """UTF-8 bytes to text; other encodings are refused with the place of the first bad byte."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            raise FileReadError(f"the file is {encoding}-encoded; save it as UTF-8", name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        raise FileReadError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            f"{name}:{line}:{column}",
        ) from None
    return text.removeprefix("\ufeff")


def read_for_edit(path: Path, label: str | None = None) -> tuple[str, bool]:
    """The file's text for an edit, and whether it starts with a UTF-8 byte-order mark."""
    data, _ = read_bytes(path, label)  # read once: the file may change between two reads
    return decode(data, label or str(path)), data.startswith(codecs.BOM_UTF8)


def writable(where: TimelineFile) -> Path:
    """The path to write to; the bundled dataset is refused with the way to start one's own."""
    if where.bundled:
        raise RefusedError(
            "no events file to write to: the bundled Ant Group timeline is read-only. Start your "
            "own with `ant-timeline init`, or name one with --file or $ANT_TIMELINE_FILE"
        )
    # Write through a symlink to its target, so the link itself stays a link.
    target = Path(os.path.realpath(where.path))
    kind = special_kind(target)
    if kind is not None:
        # A rename would replace the device or pipe itself; writing into it is no edit.
        raise RefusedError(
            f"is {kind}, not a regular file; add and remove edit only a regular events file",
            where.label,
        )
    refuse_read_only(target, where.label)
    links = _status(target)
    if links is not None and stat.S_ISREG(links.st_mode) and links.st_nlink > 1:
        # An atomic write renames a new file over this name only: the file's other names
        # would keep the old text. Writing in place would keep them, but a Ctrl-C or a full
        # disk half-way would then leave every name torn.
        raise RefusedError(
            f"has {links.st_nlink} hard links: a safe write replaces the file under this name "
            "only and the other names would keep the old text, so nothing is written; make "
            "the other names symbolic links (they are written through) or edit a copy",
            where.label,
        )
    if where.origin != "option" and target == Path(os.path.realpath(bundled_path())):
        # In a checkout of ant-timeline itself, ./events.yaml is the curated dataset.
        raise RefusedError(
            f"{where.label} is the bundled Ant Group timeline, which is not written to "
            "unless you name it: use --file to edit it on purpose, or start your own with "
            "`ant-timeline init`"
        )
    return target


def _status(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def refuse_read_only(path: Path, label: str) -> None:
    """Refuse to replace a regular file that is read-only.

    A rename needs only the folder to be writable, so without this a file its owner made
    read-only (`chmod a-w`) would be replaced all the same, by root too.
    """
    status = _status(path)
    if status is None or not stat.S_ISREG(status.st_mode):
        return
    if not status.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise RefusedError(
            "is read-only, so nothing is written; make it writable (`chmod u+w`) to change it",
            label,
        )


@contextmanager
def locked(path: Path, label: str | None = None) -> Iterator[None]:
    """Hold an exclusive lock for a read-modify-write of `path`; other writers wait.

    The lock is on the folder (flock), not the file: the file is replaced by rename on every
    write, so a lock on it would not be seen by a writer that opened the new one. A folder
    that is missing or not a folder is a `WriteError` naming `label` (else the path).
    """
    try:
        import fcntl  # noqa: PLC0415 - POSIX only
    except ImportError:  # pragma: no cover - Windows: no locking, documented in the README
        yield
        return
    try:
        folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        if isinstance(error, FileNotFoundError):
            reason = f"the folder {str(path.parent)!r} does not exist; create it first"
        elif isinstance(error, NotADirectoryError):
            reason = f"{str(path.parent)!r} is not a folder"
        else:
            reason = f"cannot write: {error.strerror or error}"
        raise WriteError(reason, label or str(path)) from None
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)  # closing releases the lock


def write_atomic(path: Path, text: str, *, keep_mode_of: Path | None = None) -> None:
    """Replace `path` with `text`: a temporary file in the same folder, fsync, then rename.

    If anything fails before the rename, the original is untouched and the temporary file is
    removed; the error names the file.
    """
    import secrets  # noqa: PLC0415

    data = text.encode("utf-8")
    source = keep_mode_of or path
    owner: tuple[int, int] | None = None
    try:
        status = source.stat()
        mode = status.st_mode & 0o7777
        owner = (status.st_uid, status.st_gid)
    except (FileNotFoundError, NotADirectoryError):  # a new file (the rename says the rest)
        mode = 0o666 & ~_umask()
    # Named before it exists, so that Ctrl-C at any moment after (even inside the call that
    # creates it) finds it to remove. Random, so no other file has the name.
    temporary = path.parent / f".{path.name}.{secrets.token_hex(8)}.tmp"
    try:
        handle = os.open(temporary, _NEW_FILE, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if owner is not None and hasattr(os, "chown"):
            # The new file is the writer's; the replaced one keeps its owner and group where
            # the writer may give them (root may; a user may keep a group of theirs).
            with suppress(OSError):
                os.chown(temporary, *owner)
        os.chmod(temporary, mode)  # after chown, which clears set-user-id and set-group-id
        os.replace(temporary, path)
    except BaseException as error:
        if not isinstance(error, FileExistsError):  # a file that is not ours stays
            with suppress(OSError):
                os.unlink(temporary)
        if isinstance(error, OSError):
            raise WriteError(
                f"cannot write: {error.strerror or error}; the file is unchanged", str(path)
            ) from None
        raise
    _fsync_folder(path.parent)


def write_cache(path: Path, data: bytes) -> bool:
    """Write a cache file whole or not at all (temporary file, rename): concurrent runs never
    read half of one, and the last writer wins. False, quietly, if it cannot be written: a
    cache only makes the next run faster."""
    import tempfile  # noqa: PLC0415

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        return False
    return True


# What a path can be besides a regular file or a folder, as messages name it.
_SPECIAL_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


def special_kind(path: Path) -> str | None:
    """What `path` (through links) is when it is a device, a named pipe or a socket, else None.

    None also for a regular file, a folder and a path that does not exist.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return next((kind for test, kind in _SPECIAL_KINDS if test(mode)), None)


_DESCRIPTOR_FOLDERS = re.compile(r"/proc/(\d+)(?:/task/\d+)?/fd|/dev/fd")


def own_descriptor(path: Path) -> int | None:
    """The descriptor number when `path` names one of this process's open files: `/dev/stdout`,
    `/dev/fd/N`, `/proc/self/fd/N`, or a link to one of them; else None.

    Opening such a path opens the file anew (a file at its start, not where stdout writes next;
    appending lost), or fails for a pipe, so these are written through the descriptor itself.
    """
    current = os.path.abspath(path)
    for _ in range(40):  # as many links as the system follows
        folder, name = os.path.split(current)
        real_folder = os.path.realpath(folder)
        found = _DESCRIPTOR_FOLDERS.fullmatch(real_folder)
        if found and name.isdigit() and found.group(1) in (None, str(os.getpid())):
            return int(name)
        try:
            target = os.readlink(current)
        except (OSError, ValueError):  # not a link (or not there): a file of its own
            return None
        current = os.path.normpath(os.path.join(real_folder, target))
    return None


def write_output(path: Path, text: str) -> None:
    """Write an export to `path` in UTF-8.

    A regular file, or a path that does not exist yet, is replaced atomically (`write_atomic`).
    A character device, a named pipe or a socket is written to as it is, in pieces, as `cat`
    would: renaming a file over it would replace the device itself, and the reader waiting on a
    pipe would get nothing. A block device (a disk) is refused.
    """
    kind = special_kind(path)
    if kind is None:
        refuse_read_only(path, str(path))
        write_atomic(path, text)
    elif kind == "a block device":
        raise RefusedError(
            "is a block device (a disk); name a file, a pipe or a terminal", str(path)
        )
    else:
        write_stream(path, text.encode("utf-8"), socket=kind == "a socket")


WRITE_CHUNK = 2**16


def write_stream(
    path: Path, data: bytes, *, socket: bool = False, descriptor: int | None = None
) -> None:
    """Write `data` to a device, a named pipe or a socket at `path` (or to an open `descriptor`)
    in pieces; any failure (a full device, a reader that went away) is one `WriteError`."""
    view = memoryview(data)
    try:
        if socket:
            import socket as sockets  # noqa: PLC0415

            with sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM) as connection:
                connection.connect(os.fspath(path))
                connection.sendall(view)
            return
        flags = os.O_WRONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
        handle = os.open(path, flags) if descriptor is None else descriptor
        try:
            written = 0
            while written < len(view):
                count = os.write(handle, view[written : written + WRITE_CHUNK])
                if count <= 0:  # pragma: no cover - a device that takes nothing, without error
                    raise OSError(errno.EIO, "the device took nothing")
                written += count
        finally:
            if descriptor is None:
                os.close(handle)
    except OSError as error:
        if error.errno == errno.EPIPE:
            reason = "the reading end was closed before the whole export was written"
        else:
            reason = error.strerror or str(error)
        raise WriteError(f"cannot write: {reason}", str(path)) from None


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk.
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


NEW_FILE_TEMPLATE = """\
# {title}
#
# A timeline kept with ant-timeline. Each event needs an id, a date and a title, and at least one
# source for `ant-timeline check` to pass. Dates keep their precision: 2020-11-03, 2023-01,
# 2022-Q3, 2021-H2, 2021; add ~ (approximate) or ? (uncertain); an interval is
# 2023-09-23/2023-10-08. Add events with `ant-timeline add event`, or by hand.
version: 1
timeline:
  title: {quoted_title}
  subject: {quoted_subject}
events: []
"""


def create(path: Path, *, title: str | None = None, subject: str | None = None) -> None:
    """A new events file with a commented header; never overwrites an existing file."""
    text = new_file_text(title=title, subject=subject)
    kind = special_kind(path)
    if kind is not None:
        raise RefusedError(
            f"is {kind}; init creates a new regular file and never replaces anything", str(path)
        )
    with locked(path.resolve(), str(path)):
        if path.exists() or path.is_symlink():
            raise RefusedError("already exists; init never overwrites a file", str(path))
        write_atomic(path.resolve(), text)


def new_file_text(
    *,
    title: str | None = None,
    subject: str | None = None,
    description: str | None = None,
    categories: Sequence[str] | None = None,
) -> str:
    """The text `init` writes: a commented header and no events (with a description and a
    vocabulary of categories when given, as `import` takes them from what it brings in)."""
    from ant_timeline.text import NOT_UTF8, undecodable  # noqa: PLC0415

    for option, value in (("--title", title), ("--subject", subject)):
        if value and undecodable(value):
            raise RefusedError(f"{option} {value!r} {NOT_UTF8}")
    subject = subject or "Untitled"
    title = title or f"{subject}: a timeline"
    text = NEW_FILE_TEMPLATE.format(
        title="".join(map(_shown, " ".join(title.split()))),
        quoted_title=_double_quoted(title),
        quoted_subject=_double_quoted(subject),
    )
    extra = []
    if description:
        extra.append(f"  description: {_double_quoted(description)}\n")
    if categories is not None:
        extra.append(f"  categories: [{', '.join(map(_double_quoted, categories))}]\n")
    if extra:
        text = text.replace("\nevents: []", "\n" + "".join(extra).rstrip("\n") + "\nevents: []")
    return text


def _shown(char: str) -> str:
    """A character as YAML may hold it anywhere: itself if printable, else an escape."""
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _double_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back as exactly `text`.

    Controls, line separators (U+0085, U+2028, which YAML would fold) and other characters that
    are not printable are escaped; the rest, Chinese included, is written as it is.
    """
    return '"' + "".join(_ESCAPES.get(c) or _shown(c) for c in text) + '"'


# Paragraph breaks as `\n`, which reads better than the `\u000a` of other controls.
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n"}
