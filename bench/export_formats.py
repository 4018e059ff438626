"""How long each export format takes on a large synthetic timeline (prints, never asserts).

.venv/bin/python bench/export_formats.py [EVENTS]
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta

from ant_timeline import dates, export
from ant_timeline.model import Event, Source, Timeline, TimelineInfo

FORMS = ("{d}", "{y}-{m:02d}", "{y}-Q{q}", "{y}-H{h}", "{y}", "{d}/{e}", "{y}-{m:02d}/..")


def synthetic(count: int) -> Timeline:
    """`count` events over the date forms of the grammar, each with two sources."""
    start = date(1990, 1, 1)
    events = []
    for index in range(count):
        day = start + timedelta(days=index % 12000)
        text = FORMS[index % len(FORMS)].format(
            d=day.isoformat(),
            e=(day + timedelta(days=3)).isoformat(),
            y=day.year,
            m=day.month,
            q=(day.month - 1) // 3 + 1,
            h=1 if day.month <= 6 else 2,
        )
        events.append(
            Event(
                id=f"event-{index}",
                date=dates.parse(text),
                title=f"Regulator acts on case {index}: fine; review, appeal <{index}>",
                summary="The authority said the company must rectify. " * 4,
                category="enforcement",
                actors=("Regulator", "Company"),
                tags=("fine",),
                sources=tuple(
                    Source(
                        url=f"https://example.org/news/{index}/{n}?a=1&b=(2)",
                        title=f"Report {n}",
                        publisher="Daily Ledger",
                        published=dates.parse(day.isoformat()),
                    )
                    for n in range(2)
                ),
            )
        )
    return Timeline.of(TimelineInfo(title="Benchmark", subject="Company"), events)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    timeline = synthetic(count)
    print(f"{count} events")
    for name in export.names():
        began = time.perf_counter()
        text = export.get(name).render(timeline)
        took = time.perf_counter() - began
        print(f"  {name:<11} {took:6.2f} s  {len(text.encode()) / 2**20:7.1f} MiB")


if __name__ == "__main__":
    main()
