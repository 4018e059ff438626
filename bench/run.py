"""`make bench`: time whole commands against floors measured in the same run.

Every scenario runs as a separate process, several times; the table gives the median, the spread
(fastest-slowest), the floor it is compared with, the ratio and the target, and the peak memory
(max RSS) of the command. Floors:

- start-up: `python -c "import typer, rich.console"`, the price of any Typer + Rich program;
- reading a file: PyYAML's `CSafeLoader` (libyaml) loading the same file, the fastest plain YAML
  load on the machine;
- many articles in one `extract` run: the same articles extracted one per run, as a script
  would do it without batch extraction (timed on every tenth article and scaled up, so the
  benchmark stays within minutes).

"cold" runs start with an empty parse cache (a file seen for the first time); "warm" runs have the
unchanged file in the cache. Timings are wall-clock seconds on this machine; ratios are what to
compare across machines.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # the benchmark's own helper module, next to this file

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
BIN = Path(sys.executable).parent
CLI = str(BIN / "ant-timeline")
CURATED = ROOT / "events.yaml"
SIZES = (1_000, 10_000, 100_000)
ARTICLES = ROOT / "tests" / "data" / "articles"
BATCH = 250  # articles in the batch extraction scenario


@dataclass
class Timing:
    """Seconds of each run and the largest peak memory seen, in MiB."""

    seconds: list[float]
    peak_mib: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def spread(self) -> str:
        return f"{min(self.seconds):.2f}-{max(self.seconds):.2f}"


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and max RSS of one process; its output goes to a pipe that is drained."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=sink,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=DATA,
        )
        pipe = process.stdout
        while pipe is not None and pipe.read(1 << 16):
            pass
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"benchmark command failed with exit {code}: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def measure(
    command: list[str],
    runs: int,
    env: dict[str, str],
    *,
    before_each: object = None,
) -> Timing:
    """`runs` runs of `command`; `before_each` (a callable) prepares each one."""
    seconds, peak = [], 0.0
    for _ in range(runs):
        if callable(before_each):
            before_each()
        elapsed, rss = run_once(command, env)
        seconds.append(elapsed)
        peak = max(peak, rss)
    return Timing(seconds, peak)


@dataclass
class Row:
    scenario: str
    events: str
    timing: Timing
    floor: Timing
    target: float | None

    @property
    def ratio(self) -> float:
        return self.timing.median / self.floor.median

    def cells(self) -> list[str]:
        met = "" if self.target is None else ("yes" if self.ratio <= self.target else "**no**")
        target = "" if self.target is None else f"≤ {self.target:g}x"
        return [
            self.scenario,
            self.events,
            f"{self.timing.median:.3f}",
            self.timing.spread,
            f"{self.floor.median:.3f}",
            f"{self.ratio:.2f}x",
            target,
            met,
            f"{self.timing.peak_mib:.0f}",
        ]


def prepare_data() -> dict[int, tuple[Path, Path]]:
    """Each size's timeline and its 1%-changed variant, generated once and kept in bench/data.

    Generated in a child process: on Linux a process inherits the peak memory of the one that
    forked it, so this process must stay small for the children's max RSS to mean anything.
    """
    DATA.mkdir(parents=True, exist_ok=True)
    files = {}
    for size in SIZES:
        old, new = DATA / f"events-{size}.yaml", DATA / f"events-{size}-changed.yaml"
        if not old.exists() or not new.exists():
            subprocess.run(
                [sys.executable, str(Path(generate.__file__)), str(size), str(old), str(new)],
                check=True,
            )
        files[size] = (old, new)
    return files


SET_FILES = 10  # many timelines: this many files ...
SET_SIZE = 1_000  # ... of this many events each, in one folder


def prepare_set() -> Path:
    """A folder of `SET_FILES` different timelines of `SET_SIZE` events (kept in bench/data)."""
    folder = DATA / f"timelines-{SET_FILES}x{SET_SIZE}"
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(SET_FILES):
        path = folder / f"company-{number}.yaml"
        if not path.exists():
            seed = ["--seed", str(100 + number)]
            generator = str(Path(generate.__file__))
            subprocess.run([sys.executable, generator, *seed, str(SET_SIZE), str(path)], check=True)
    return folder


def set_rows(env: dict[str, str], runs: int, cold: object) -> list[Row]:
    """`show` and `check` of ten 1,000-event timelines in one view, cold and warm, against
    libyaml loading the same ten files."""
    folder = prepare_set()
    paths = [str(path) for path in sorted(folder.glob("*.yaml"))]
    load_all = (
        "import sys, yaml\nfor name in sys.argv[1:]:\n"
        "    yaml.load(open(name, 'rb'), Loader=yaml.CSafeLoader)"
    )
    floor = measure([sys.executable, "-c", load_all, *paths], runs, env)
    rows = []
    label = f"{SET_FILES} files x {SET_SIZE:,}"
    for name, command in (
        ("`show` of a folder of timelines", [CLI, "show", "--file", str(folder)]),
        ("`check` of a folder of timelines", [CLI, "check", "--file", str(folder)]),
    ):
        timing = measure(command, runs, env, before_each=cold)
        rows.append(Row(f"{name} cold", label, timing, floor, 1.5))
        rows.append(Row(f"{name} warm", label, measure(command, runs, env), floor, 0.3))
    return rows


def prepare_articles(count: int) -> Path:
    """A folder of `count` articles: the annotated test articles, copied round-robin."""
    folder = DATA / f"articles-{count}"
    sources = sorted(ARTICLES.glob("*.txt"))
    if not folder.is_dir() or len(list(folder.glob("*.txt"))) != count:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for number in range(count):
            shutil.copyfile(sources[number % len(sources)], folder / f"article-{number:03}.txt")
    return folder


def batch_extract(count: int, runs: int, env: dict[str, str]) -> Row:
    """`extract FOLDER --json` on `count` articles against `count` runs of one article each."""
    folder = prepare_articles(count)
    articles = sorted(folder.glob("*.txt"))
    one_run = measure([CLI, "extract", str(folder), "--json"], runs, env)
    sample = articles[::10]
    seconds, peak = 0.0, 0.0
    for article in sample:
        elapsed, rss = run_once([CLI, "extract", str(article), "--json"], env)
        seconds += elapsed
        peak = max(peak, rss)
    separate = Timing([seconds * len(articles) / len(sample)], peak)
    return Row(f"`extract` {count} articles, one run", f"{count} articles", one_run, separate, 0.2)


LINK_DELAY = 0.1  # seconds each answer of the local link server takes
LINK_COUNT = 200
LINK_HOSTS = 8  # loopback addresses 127.0.0.1 .. 127.0.0.8, one server each
LINK_JOBS = 8


class _SlowAnswer(BaseHTTPRequestHandler):
    """200 to everything, after `LINK_DELAY` seconds: a slow but healthy web."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        time.sleep(LINK_DELAY)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD


class _LinkServer(ThreadingHTTPServer):
    daemon_threads = True


def start_link_servers() -> list[ThreadingHTTPServer]:
    """One slow server on each of `LINK_HOSTS` loopback addresses (nothing leaves the machine)."""
    servers: list[ThreadingHTTPServer] = []
    for number in range(1, LINK_HOSTS + 1):
        server = _LinkServer((f"127.0.0.{number}", 0), _SlowAnswer)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    return servers


def links_file(servers: list[ThreadingHTTPServer], path: Path) -> Path:
    """An events file citing `LINK_COUNT` addresses spread over the servers."""
    lines = ["version: 1", "events:"]
    per_event = 5
    for event in range(LINK_COUNT // per_event):
        lines += [
            f"  - id: event-{event}",
            f"    date: 2020-01-{event % 28 + 1:02d}",
            f"    title: Event {event}",
            "    sources:",
        ]
        for index in range(per_event):
            number = event * per_event + index
            host, port = servers[number % len(servers)].server_address[:2]
            lines.append(f"      - url: http://{host}:{port}/page/{number}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def links_rows(env: dict[str, str], runs: int, cold: object) -> list[Row]:
    """`links` on `LINK_COUNT` links each answered after `LINK_DELAY` s, against the ideal
    `LINK_DELAY * LINK_COUNT / jobs` (perfect concurrency), and a second run from the cache
    against `show` on the same file."""
    servers = start_link_servers()
    work = Path(tempfile.mkdtemp(prefix="ant-timeline-bench-links-"))
    try:
        path = links_file(servers, work / "links.yaml")
        env = {k: v for k, v in env.items() if not k.lower().endswith("_proxy")}
        command = [CLI, "links", "--file", str(path), "--jobs", str(LINK_JOBS)]
        checked = measure(command, runs, env, before_each=cold)
        ideal = LINK_DELAY * LINK_COUNT / LINK_JOBS
        floor = Timing([ideal] * runs, 0.0)
        rows = [Row(f"`links` {LINK_COUNT} links, {LINK_DELAY:g} s each", "-", checked, floor, 4.0)]
        run_once(command, env)  # the results are in the cache now
        warm = measure(command, runs * 2, env)
        show = [CLI, "show", "--file", str(path)]
        run_once(show, env)
        rows.append(
            Row("`links` from the cache vs `show`", "-", warm, measure(show, runs * 2, env), 1.5)
        )
        return rows
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    """Run every scenario and print the table."""
    quick = "--quick" in sys.argv  # fewer runs, no 100,000-event scenarios: for a smoke test
    files = prepare_data()
    cache = Path(tempfile.mkdtemp(prefix="ant-timeline-bench-cache-"))
    env = {**os.environ, "ANT_TIMELINE_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    env.pop("ANT_TIMELINE_FILE", None)
    env.pop("ANT_TIMELINE_NO_CACHE", None)

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    runs = 3 if quick else 5
    rows: list[Row] = []
    started = time.perf_counter()

    startup_floor = measure([sys.executable, "-c", "import typer, rich.console"], runs * 2, env)
    rows.append(Row("`--help`", "-", measure([CLI, "--help"], runs * 2, env), startup_floor, 1.2))
    show_curated = [CLI, "show", "--file", str(CURATED)]
    run_once(show_curated, env)  # the curated file is cached after its first read, as for a user
    curated_events = str(CURATED.read_text(encoding="utf-8").count("\n  - id: "))
    rows.append(
        Row(
            "`show` curated",
            curated_events,
            measure(show_curated, runs * 2, env),
            startup_floor,
            1.5,
        )
    )

    rows.extend(links_rows(env, runs, cold))
    rows.extend(set_rows(env, runs, cold))

    sizes = (1_000, 10_000) if quick else SIZES
    totals: dict[tuple[str, int], float] = {}
    for size in sizes:
        old, new = files[size]
        size_runs = 1 if size >= 100_000 else runs
        floor = measure(
            [
                sys.executable,
                "-c",
                "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)",
                str(old),
            ],
            size_runs,
            env,
        )
        scenarios = [
            (
                "`show --since 2010 --limit 20`",
                [CLI, "show", "--file", str(old), "--since", "2010", "--limit", "20"],
            ),
            ("`show` everything", [CLI, "show", "--file", str(old)]),
            # Half the synthetic story (1995-2024) as known at the end of 2010.
            ("`show --as-of 2010`", [CLI, "show", "--file", str(old), "--as-of", "2010"]),
            ("`check`", [CLI, "check", "--file", str(old)]),
            ("`export markdown`", [CLI, "export", "markdown", "--file", str(old)]),
            ("`diff` (1% changed)", [CLI, "diff", str(old), str(new)]),
        ]
        for name, command in scenarios:
            timing = measure(command, size_runs, env, before_each=cold)
            totals[(name, size)] = timing.median
            target = 1.5 if size == 10_000 else None
            if name.startswith("`diff`"):
                # diff reads two files: its floor is loading both
                pair = Timing([s * 2 for s in floor.seconds], floor.peak_mib)
                rows.append(Row(f"{name} cold", f"{size:,}", timing, pair, target))
            else:
                rows.append(Row(f"{name} cold", f"{size:,}", timing, floor, target))
            if size >= 10_000:
                # The last cold run left the file in the cache, as a user's first run does.
                warm = measure(command, size_runs, env)
                rows.append(
                    Row(f"{name} warm", f"{size:,}", warm, floor, 0.3 if size == 10_000 else None)
                )
        if size == 10_000:
            work = Path(tempfile.mkdtemp(prefix="ant-timeline-bench-add-"))
            target_file = work / "events.yaml"

            def fresh_copy(source: Path = old, target: Path = target_file) -> None:
                shutil.copyfile(source, target)

            add = [
                CLI,
                "add",
                "event",
                "--file",
                str(target_file),
                "--date",
                "2001-05-05",
                "--title",
                "A benchmark event",
                "--source",
                "https://example.org/bench",
            ]
            timing = measure(add, size_runs, env, before_each=fresh_copy)
            rows.append(Row("`add event`", f"{size:,}", timing, floor, 2.0))
            shutil.rmtree(work, ignore_errors=True)

    rows.append(batch_extract(50 if quick else BATCH, runs, env))

    print(
        f"ant-timeline benchmark · {platform.machine()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()} · {platform.system()} {platform.release()}"
    )
    print()
    header = [
        "scenario",
        "events",
        "median s",
        "spread s",
        "floor s",
        "ratio",
        "target",
        "met",
        "max RSS MiB",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row.cells()) + " |")
    if not quick and (("`show` everything", 100_000) in totals):
        print()
        print("Growth from 10,000 to 100,000 events (linear is 10x; target at most ~12x):")
        print()
        for name in dict.fromkeys(name for name, _ in totals):
            if (name, 10_000) in totals and (name, 100_000) in totals:
                growth = totals[(name, 100_000)] / totals[(name, 10_000)]
                print(f"- {name} cold: {growth:.1f}x")
    print()
    took = time.perf_counter() - started
    print(
        f'Floors: start-up = `python -c "import typer, rich.console"`; reading = PyYAML '
        f"CSafeLoader load of the same file (twice for diff); `links` = {LINK_DELAY:g} s x "
        f"{LINK_COUNT} / {LINK_JOBS} jobs (every answer waited for, perfectly in parallel), and "
        f"`show` on the same file for a run from the cache; batch `extract` = the same articles "
        f"one per run. Ran in {took:.0f} s."
    )
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
