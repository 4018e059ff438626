"""Link results kept between runs, so a second `links` within `--max-age` asks no server.

One JSON file, `links.json`, in the parse cache's folder (`$ANT_TIMELINE_CACHE_DIR`, ...): a
result per address with the time it was checked. `failing` results are not kept (they are
worth trying again at once), and entries older than `KEEP_SECONDS` are dropped when the file is
written. A missing, unreadable or corrupt file is an empty cache; it is written atomically
(temporary file, rename), so concurrent runs never see half of it, and the last writer wins.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from ant_timeline.links import LinkCheck, Status

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

CACHE_FORMAT = 1
FILE_NAME = "links.json"
KEEP_SECONDS = 30 * 86400
# Some 200 bytes a link: room for hundreds of thousands. A larger file (or a device, or a named
# pipe, put in its place) is not read: it is an empty cache.
MAX_FILE_BYTES = 64 * 2**20


def cache_file() -> Path:
    """Where link results are kept."""
    from ant_timeline.store.cache import cache_dir  # noqa: PLC0415 - the one place that knows it

    return cache_dir() / FILE_NAME


def _read(path: Path) -> dict[str, Any]:
    from ant_timeline.store.files import read_regular  # noqa: PLC0415

    try:
        data = read_regular(path, MAX_FILE_BYTES)
        stored = json.loads(data.decode("utf-8")) if data is not None else None
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("format") != CACHE_FORMAT:
        return {}
    results = stored.get("results")
    return results if isinstance(results, dict) else {}


def load(urls: Iterable[str], max_age: float, now: float | None = None) -> dict[str, LinkCheck]:
    """The cached results for `urls` that are at most `max_age` seconds old."""
    now = time.time() if now is None else now
    entries = _read(cache_file())
    found = {}
    for url in urls:
        entry: Any = entries.get(url)
        try:
            result = LinkCheck(
                url=url,
                status=Status(entry["status"]),
                reason=str(entry["reason"]),
                code=entry.get("code"),
                location=entry.get("location"),
                checked=float(entry["checked"]),
                cached=True,
            )
        except (TypeError, KeyError, ValueError):
            continue
        if 0 <= now - result.checked <= max_age and result.status is not Status.FAILING:
            found[url] = result
    return found


def save(results: Iterable[LinkCheck], now: float | None = None) -> None:
    """Add fresh results to the cache file (failing ones are not kept)."""
    now = time.time() if now is None else now
    path = cache_file()
    entries = {
        url: entry
        for url, entry in _read(path).items()
        if isinstance(entry, dict)
        and isinstance(entry.get("checked"), int | float)
        and now - entry["checked"] <= KEEP_SECONDS
    }
    for result in results:
        if result.status is Status.FAILING or result.cached:
            continue
        entries[result.url] = {
            "status": result.status.value,
            "reason": result.reason,
            "code": result.code,
            "location": result.location,
            "checked": result.checked,
        }
    from ant_timeline.store.files import write_cache  # noqa: PLC0415

    payload = json.dumps({"format": CACHE_FORMAT, "results": entries}, ensure_ascii=False)
    write_cache(path, payload.encode("utf-8"))  # a cache that cannot be written: a slower run
