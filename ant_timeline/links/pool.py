"""Bounded work over many hosts: at most `jobs` at a time, at most `per_host` on any one host.

Work is handed out host by host in turn, so a timeline citing one site a hundred times does not
keep the other sites waiting, and no site gets more than `per_host` requests at once from us.
Everything runs on worker threads that are always joined before `run_bounded` returns or raises,
a Ctrl-C included: nothing is left running behind the command.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from itertools import count
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

Item = TypeVar("Item")
Result = TypeVar("Result")

THREAD_PREFIX = "ant-timeline-link"
PER_HOST = 2  # requests in flight to one host at most: politeness
_runs = count(1)
POLL_SECONDS = 0.25  # how often the dispatcher looks at the deadline while work runs
START_GRACE_SECONDS = 1.0  # how long a worker caught in `start()` may take to begin


def run_bounded(
    items: Sequence[Item],
    work: Callable[[Item], Result],
    *,
    host_of: Callable[[Item], str],
    jobs: int,
    per_host: int,
    deadline: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    interrupt: Callable[[], None] | None = None,
) -> list[Result | None]:
    """`work(item)` for every item, on up to `jobs` threads; None for items the deadline left.

    `deadline` is a `time.monotonic()` value: no work starts after it. `interrupt` is called on
    Ctrl-C (or any other exception here) to make running work give up at once; the workers are
    then joined and the exception goes on.
    """
    results: list[Result | None] = [None] * len(items)
    pending: dict[str, deque[int]] = {}
    for index, item in enumerate(items):
        pending.setdefault(host_of(item), deque()).append(index)
    hosts = deque(pending)  # the order in which hosts get their next turn
    busy: Counter[str] = Counter()
    running: dict[Future[Result], tuple[int, str]] = {}
    done = 0
    jobs = max(jobs, 1)
    per_host = max(per_host, 1)
    prefix = f"{THREAD_PREFIX}-{next(_runs)}"
    pool = ThreadPoolExecutor(max_workers=min(jobs, max(len(items), 1)), thread_name_prefix=prefix)

    def next_index() -> tuple[int, str] | None:
        for _ in range(len(hosts)):
            host = hosts[0]
            hosts.rotate(-1)
            if busy[host] < per_host and pending[host]:
                index = pending[host].popleft()
                if not pending[host]:
                    hosts.remove(host)
                return index, host
        return None

    try:
        while True:
            while (
                len(running) < jobs and hosts and (deadline is None or time.monotonic() < deadline)
            ):
                picked = next_index()
                if picked is None:
                    break
                index, host = picked
                busy[host] += 1
                running[pool.submit(work, items[index])] = (index, host)
            if not running:
                break
            finished, _ = wait(running, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in finished:
                index, host = running.pop(future)
                busy[host] -= 1
                results[index] = future.result()
                done += 1
                if progress is not None:
                    progress(done, len(items))
    except BaseException:
        if interrupt is not None:
            interrupt()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        # A Ctrl-C that lands inside `submit` can leave a thread the pool has started but not
        # yet recorded, which `shutdown` would not join; it ends too (the pool is shut down).
        for thread in threading.enumerate():
            if thread.name.startswith(prefix + "_"):
                _join(thread)
    return results


def _join(thread: threading.Thread) -> None:
    """Join a worker, one caught between `start()` and running included (the Ctrl-C landed in
    `start`): such a thread runs within moments, or, if the interrupt came before the system
    thread was made, never; `join` refuses it until then."""
    give_up = time.monotonic() + START_GRACE_SECONDS
    while True:
        try:
            thread.join()
        except RuntimeError:  # "cannot join thread before it is started"
            if time.monotonic() > give_up:
                return
            time.sleep(0.005)
        else:
            return


def worker_threads() -> list[threading.Thread]:
    """The worker threads still alive (none, once `run_bounded` has returned or raised)."""
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)]
