"""Deterministic synthetic timelines for the benchmark: realistic layout, any size.

Each file looks hand-kept: a commented header, a comment line per year, plain, double- and
single-quoted titles, folded summaries, flow lists, one to three sources, `related` links, and
dates of every precision (days, months, quarters, halves, years, intervals, qualifiers).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

CATEGORIES = ("regulation", "enforcement", "policy", "corporate", "political", "market", "context")
ACTORS = (
    "People's Bank of China",
    "CSRC",
    "CBIRC",
    "NFRA",
    "SAMR",
    "State Council",
    "Ant Group",
    "Alibaba Group",
    "Tencent",
    "Hangzhou city government",
    "Shanghai Stock Exchange",
    "Jack Ma",
)
TAGS = ("ipo", "fine", "rectification", "nfra", "governance", "thaw", "antitrust", "licence")
PUBLISHERS = ("Reuters", "Bloomberg", "South China Morning Post", "Caixin", "Xinhua", "AP")
WORDS = (
    "regulator",
    "orders",
    "fines",
    "approves",
    "licence",
    "platform",
    "rules",
    "capital",
    "review",
    "probe",
    "lending",
    "payments",
    "holding",
    "company",
    "shares",
    "board",
    "plan",
)


def _date(rng: random.Random, year: int) -> str:
    month, day = rng.randrange(1, 13), rng.randrange(1, 29)
    roll = rng.random()
    if roll < 0.55:
        text = f"{year}-{month:02d}-{day:02d}"
    elif roll < 0.70:
        text = f"{year}-{month:02d}"
    elif roll < 0.76:
        text = f"{year}-Q{rng.randrange(1, 5)}"
    elif roll < 0.80:
        text = f"{year}-H{rng.randrange(1, 3)}"
    elif roll < 0.84:
        text = str(year)
    else:
        end = min(day + rng.randrange(1, 20), 28)
        return f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{end:02d}"
    return text + ("~" if rng.random() < 0.03 else "")


def _title(rng: random.Random, number: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(4, 9)))
    title = f"{words.capitalize()} (case {number})"
    style = rng.random()
    if style < 0.5:
        return title
    if style < 0.8:
        return f'"{title}: update"'
    return f"'{title}'"


def event_lines(rng: random.Random, number: int, year: int) -> list[str]:
    """One event's lines, in the curated file's style."""
    lines = [
        f"  - id: event-{number}",
        f"    date: {_date(rng, year)}",
        f"    title: {_title(rng, number)}",
    ]
    if rng.random() < 0.4:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(12, 30)))
        lines.append("    summary: >-")
        line = "     "
        for word in words.split():
            if len(line) + len(word) > 96:
                lines.append(line)
                line = "     "
            line += " " + word
        lines.append(line)
    lines.append(f"    category: {rng.choice(CATEGORIES)}")
    actors = ", ".join(sorted(set(rng.sample(ACTORS, rng.randrange(1, 4)))))
    lines.append(f"    actors: [{actors}]")
    lines.append(f"    tags: [{', '.join(rng.sample(TAGS, rng.randrange(1, 3)))}]")
    lines.append("    sources:")
    for source in range(1 if rng.random() < 0.6 else rng.randrange(2, 4)):
        lines += [
            f'      - title: "Report {source} on case {number}"',
            f"        publisher: {rng.choice(PUBLISHERS)}",
            f"        url: https://news.example.org/{year}/{number}/{source}",
            f"        published: {year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        ]
    if number > 10 and rng.random() < 0.3:
        lines.append(f"    related: [event-{rng.randrange(0, number)}]")
    return lines


def timeline(count: int, seed: int = 2020) -> str:
    """A timeline of `count` events; the same text for the same arguments."""
    rng = random.Random(seed)
    out = [
        "# Synthetic timeline for ant-timeline's benchmark.",
        "version: 1",
        "timeline:",
        '  title: "Synthetic: a regulatory history"',
        "  subject: Synthetic Group",
        "events:",
    ]
    per_year = max(count // 30, 1)
    for number in range(count):
        year = 1995 + number // per_year
        if number % per_year == 0:
            out.append(f"  # --- {year} ---")
        out += event_lines(rng, number, year)
        out.append("")
    return "\n".join(out)


def changed(text: str, fraction: float = 0.01, seed: int = 7) -> str:
    """The same timeline with `fraction` of its events edited: titles, dates and tags."""
    rng = random.Random(seed)
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("  - id: ")]
    for start in rng.sample(starts, max(int(len(starts) * fraction), 1)):
        kind = rng.randrange(3)
        if kind == 0:
            lines[start + 2] = lines[start + 2].replace("case", "matter", 1)
        elif kind == 1:
            year = lines[start + 1].split()[1][:4]
            lines[start + 1] = f"    date: {year}"
        else:
            index = next(i for i in range(start, start + 30) if lines[i].startswith("    tags: ["))
            lines[index] = lines[index].replace("[", "[reviewed, ", 1)
    return "\n".join(lines)


def main() -> None:
    """`python bench/generate.py COUNT OUT.yaml [CHANGED.yaml]`: a timeline and its variant;
    `--seed N` first makes another timeline of the same kind."""
    arguments = sys.argv[1:]
    seed = 2020
    if arguments[:1] == ["--seed"]:
        seed, arguments = int(arguments[1]), arguments[2:]
    count, target = int(arguments[0]), Path(arguments[1])
    text = timeline(count, seed)
    target.write_text(text, encoding="utf-8")
    if len(arguments) > 2:
        Path(arguments[2]).write_text(changed(text), encoding="utf-8")


if __name__ == "__main__":
    main()
