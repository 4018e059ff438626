"""Value and span accuracy of `extract` on TimeML-annotated news.

    python bench/timeml_accuracy.py PATH ...            # .tml files or folders of them
    python bench/timeml_accuracy.py PATH ... --errors   # and every miss and wrong value, by kind
    python bench/timeml_accuracy.py PATH ... --compare  # and dateparser and chrono-node, same run
    python bench/timeml_accuracy.py PATH ... --half a   # the 1st, 3rd, 5th ... file only
    python bench/timeml_accuracy.py PATH ... --half b   # the 2nd, 4th, 6th ... file only

The halves split the files, in name order, alternately: rules are designed by reading the
errors of half a only, and kept only when half b does not get worse, which shows whether they
hold on news they were not fitted to.

Each file's `<TEXT>` is stripped of its tags and given to `extract` with the document creation
time (`<DCT>`) as the publication date. Scoring:

- targets: TIMEX3 `type="DATE"` whose value is in the date grammar (`YYYY`, `YYYY-MM`,
  `YYYY-MM-DD`, `YYYY-Qn`, `YYYY-H1`/`H2`); other DATE values (`1998-W32`, `PRESENT_REF`, ...)
  and every TIME are neutral: a candidate on one is neither right nor wrong;
- a candidate on a DURATION or a SET, or on no annotation at all, is wrong;
- a candidate matches an annotation when their character spans overlap, and its value is right
  when its span of days equals the annotation's (`1998-07/1998-09` equals `1998-Q3`);
- value precision = right candidates / judged candidates, value recall = targets with a right
  candidate / targets; span precision and recall are the same with "overlaps a target" for
  "right".

`--compare` also scores dateparser's `search_dates` (the phrase's period from `DateDataParser`:
a day, a month or a year) and chrono-node 2.10 (its certain components: a day, a month or a
year), run by the machine's `node` from `bench/chrono/`, which the first `--compare` run
installs with npm (the folder is git-ignored).
"""

from __future__ import annotations

import argparse
import calendar
import html
import json
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ant_timeline.extract import extract

CHRONO_DIR = Path(__file__).resolve().parent / "chrono"
CHRONO_VERSION = "2.10"
GRAMMAR = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?|-Q([1-4])|-H([12]))?")


@dataclass(frozen=True)
class Annotation:
    """One TIMEX3 in the stripped text."""

    start: int
    end: int
    kind: str  # DATE, TIME, DURATION, SET
    value: str
    words: str

    @property
    def days(self) -> tuple[date, date] | None:
        """The span of days of a value in the date grammar, else None."""
        return value_days(self.value) if self.kind == "DATE" else None

    @property
    def role(self) -> str:
        """'target', 'neutral' or 'penalty' (a candidate here counts against precision)."""
        if self.days is not None:
            return "target"
        return "neutral" if self.kind in ("DATE", "TIME") else "penalty"


@dataclass(frozen=True)
class Document:
    """A TimeML file: its name, creation date, stripped text and annotations."""

    name: str
    published: date
    text: str
    annotations: tuple[Annotation, ...]


@dataclass(frozen=True)
class Found:
    """What a tagger proposed: where, the phrase, and its span of days (None: no day span)."""

    start: int
    end: int
    text: str
    days: tuple[date, date] | None
    shown: str  # the value as the tagger wrote it


@dataclass
class Score:
    """Counts behind the value and span figures, and the errors by kind."""

    targets: int = 0
    judged: int = 0
    right: int = 0  # judged candidates with the right value
    on_target: int = 0  # judged candidates overlapping a target
    recalled: int = 0  # targets with a right candidate
    spanned: int = 0  # targets overlapped by a candidate
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, other: Score) -> None:
        for name in ("targets", "judged", "right", "on_target", "recalled", "spanned"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, lines in other.errors.items():
            self.errors[kind].extend(lines)

    @staticmethod
    def _f1(precision: float, recall: float) -> float:
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    @property
    def value(self) -> tuple[float, float, float]:
        precision = self.right / self.judged if self.judged else 0.0
        recall = self.recalled / self.targets if self.targets else 0.0
        return precision, recall, self._f1(precision, recall)

    @property
    def span(self) -> tuple[float, float, float]:
        precision = self.on_target / self.judged if self.judged else 0.0
        recall = self.spanned / self.targets if self.targets else 0.0
        return precision, recall, self._f1(precision, recall)


def value_days(value: str) -> tuple[date, date] | None:
    """`1998-08-07`, `1998-08`, `1998-Q3`, `1998-H2`, `1998` as their first and last day."""
    match = GRAMMAR.fullmatch(value)
    if match is None:
        return None
    year = int(match[1])
    try:
        if match[3]:
            day = date(year, int(match[2]), int(match[3]))
            return day, day
        if match[2]:
            month = int(match[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if match[4] or match[5]:
            months = 3 if match[4] else 6
            first = (int(match[4] or match[5]) - 1) * months + 1
            last = first + months - 1
            return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    except ValueError:
        return None
    return date(year, 1, 1), date(year, 12, 31)


# ---------------------------------------------------------------------------------------------
# Reading TimeML

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def read(path: Path) -> Document:
    """A .tml file as a `Document`: the text inside `<TEXT>`, tags removed, entities decoded."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>\s*<TIMEX3[^>]*\bvalue=\"(\d{4}-\d\d-\d\d)", raw)
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    if dct is None or body is None:
        raise SystemExit(f"{path}: not a TimeML document with a DCT and a TEXT")
    pieces: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    annotations: list[Annotation] = []
    position = 0
    source = body.group(1)
    for tag in _TAG.finditer(source):
        chunk = html.unescape(source[position : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if tag.group(1):
            start, attributes = open_timex.pop()
            words = "".join(pieces)[start:length]
            annotations.append(
                Annotation(start, length, attributes["type"], attributes.get("value", ""), words)
            )
        else:
            open_timex.append((length, dict(_ATTRIBUTE.findall(tag.group(3)))))
    pieces.append(html.unescape(source[position:]))
    return Document(
        path.stem,
        date.fromisoformat(dct.group(1)),
        "".join(pieces),
        tuple(sorted(annotations, key=lambda a: a.start)),
    )


def documents(paths: Iterable[Path], half: str | None = None) -> list[Document]:
    """Every .tml file named, or directly in a folder named, in name order; with `half`
    ("a" or "b") every other one of them, from the first or from the second."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.tml")) if path.is_dir() else [path])
    if half is not None:
        files = sorted(files, key=lambda f: f.name)["ab".index(half) :: 2]
    return [read(path) for path in files]


# ---------------------------------------------------------------------------------------------
# Scoring


def kind_of(words: str) -> str:
    """A rough kind for an annotated phrase, to group the errors by."""
    lowered = words.lower()
    checks = [
        ("today/tonight", r"\b(today|tonight|this (morning|afternoon|evening)|now)\b"),
        ("yesterday/tomorrow", r"\b(yesterday|tomorrow)\b"),
        ("anaphora", r"\b(earlier|later|before|after|same|that|the next|the following|the"
         r" previous|the prior|year-earlier|year-ago)\b"),
        ("quarter/half", r"\b(quarter|half|q[1-4])\b"),
        ("weekday", r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
        ("relative", r"\b(last|next|this|ago|past|coming|recent)\b"),
        ("month/day", r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"),
        ("year", r"\b\d{4}\b"),
    ]  # fmt: skip
    for name, pattern in checks:
        if re.search(pattern, lowered):
            return name
    return "other"


def score(document: Document, found: list[Found]) -> Score:
    """Score one document's proposals against its annotations."""
    result = Score()
    targets = [a for a in document.annotations if a.role == "target"]
    result.targets = len(targets)
    recalled: set[int] = set()
    spanned: set[int] = set()
    for candidate in found:
        overlapping = [
            a for a in document.annotations if a.start < candidate.end and candidate.start < a.end
        ]
        on_targets = [a for a in overlapping if a.role == "target"]
        if not on_targets and any(a.role == "neutral" for a in overlapping):
            continue  # neither required nor penalised
        result.judged += 1
        where = f"{document.name} {document.published}: {candidate.text!r} -> {candidate.shown}"
        if not on_targets:
            what = overlapping[0].kind if overlapping else "no annotation"
            result.errors["wrong: " + what].append(where + _near(document.text, candidate))
            continue
        result.on_target += 1
        spanned.update(id(a) for a in on_targets)
        right = [a for a in on_targets if a.days == candidate.days]
        if right:
            result.right += 1
            recalled.update(id(a) for a in right)
        else:
            expected = on_targets[0]
            result.errors["wrong value: " + kind_of(expected.words)].append(
                f"{where}, annotated {expected.value} ({expected.words!r})"
                + _near(document.text, candidate)
            )
    result.recalled = len(recalled)
    result.spanned = len(spanned)
    for target in targets:
        if id(target) not in recalled and id(target) not in spanned:
            result.errors["missed: " + kind_of(target.words)].append(
                f"{document.name} {document.published}: {target.words!r} = {target.value}"
                f" · {_context(document.text, target)}"
            )
    return result


def _context(text: str, annotation: Annotation | Found, width: int = 60) -> str:
    start = max(annotation.start - width, 0)
    return " ".join(text[start : annotation.end + width].split())


def _near(text: str, found: Found) -> str:
    return " · " + _context(text, found)


# ---------------------------------------------------------------------------------------------
# The taggers


def run_extract(docs: list[Document]) -> list[list[Found]]:
    """`extract` in this process, on each document."""
    results = []
    for document in docs:
        found = []
        for candidate in extract(document.text, document.published).candidates:
            when = candidate.date
            days = (when.earliest, when.latest) if when.earliest and when.latest else None
            written = _as_written(document.text, candidate.offset, candidate.text)
            end = candidate.offset + len(written)
            found.append(Found(candidate.offset, end, candidate.text, days, when.canonical))
        results.append(found)
    return results


def _as_written(text: str, offset: int, phrase: str) -> str:
    """The phrase as it stands in the text (candidates collapse its whitespace)."""
    words = phrase.split()
    pattern = r"\s+".join(re.escape(word) for word in words)
    match = re.compile(pattern).match(text, offset)
    return match.group() if match else phrase


def _located(text: str, phrases: Iterable[str]) -> Iterable[tuple[int, str]]:
    """Each phrase's place in the text, searching on from the previous one."""
    position = 0
    for phrase in phrases:
        at = text.find(phrase, position)
        if at < 0:
            at = text.find(phrase)
        if at < 0:
            continue
        position = at + len(phrase)
        yield at, phrase


def run_dateparser(docs: list[Document]) -> list[list[Found]]:
    """dateparser's `search_dates`, each phrase given the period `DateDataParser` reads in it."""
    # dateparser takes a second to import: only --compare pays for it
    from dateparser.date import DateDataParser  # noqa: PLC0415
    from dateparser.search import search_dates  # noqa: PLC0415

    results = []
    for document in docs:
        base = datetime(document.published.year, document.published.month, document.published.day)
        settings = {"RELATIVE_BASE": base}
        parser = DateDataParser(languages=["en"], settings=settings)
        hits = search_dates(document.text, languages=["en"], settings=settings) or []
        found = []
        for (at, phrase), (_, when) in zip(
            _located(document.text, [h[0] for h in hits]), hits, strict=False
        ):
            period = parser.get_date_data(phrase).period or "day"
            found.append(Found(at, at + len(phrase), phrase, _period_days(when, period), period))
        results.append(found)
    return results


def _period_days(when: datetime, period: str) -> tuple[date, date]:
    if period == "year":
        return date(when.year, 1, 1), date(when.year, 12, 31)
    if period == "month":
        last = calendar.monthrange(when.year, when.month)[1]
        return date(when.year, when.month, 1), date(when.year, when.month, last)
    return when.date(), when.date()


_CHRONO_SCRIPT = """\
// Reads [{text, ref}] on stdin, prints chrono-node's results with their certain components.
const chrono = require("chrono-node");
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(({ text, ref }) => {
    const [y, m, d] = ref.split("-").map(Number);
    return chrono.parse(text, new Date(y, m - 1, d, 12)).map((r) => {
      const part = (c) => c && {
        year: c.get("year"), month: c.get("month"), day: c.get("day"),
        certain: ["year", "month", "day", "weekday"].filter((k) => c.isCertain(k)),
      };
      return { index: r.index, text: r.text, start: part(r.start), end: part(r.end) };
    });
  });
  process.stdout.write(JSON.stringify(out));
});
"""


def _chrono_ready() -> Path:
    """bench/chrono with chrono-node installed and the script beside it."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise SystemExit("--compare needs node and npm on PATH")
    script = CHRONO_DIR / "chrono-dates.js"
    if not (CHRONO_DIR / "node_modules" / "chrono-node").is_dir():
        CHRONO_DIR.mkdir(exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
             str(CHRONO_DIR), f"chrono-node@{CHRONO_VERSION}"],
            check=True,
        )  # fmt: skip
    script.write_text(_CHRONO_SCRIPT, encoding="utf-8")
    return script


def _chrono_days(part: dict[str, Any]) -> tuple[date, date] | None:
    """The days of one end of a chrono-node result, at the precision it is certain of."""
    certain = part["certain"]
    year, month, day = (int(part[k]) for k in ("year", "month", "day"))
    if "day" in certain or "weekday" in certain or not certain:
        return date(year, month, day), date(year, month, day)
    if "month" in certain:
        return _period_days(datetime(year, month, 1), "month")
    return _period_days(datetime(year, 1, 1), "year")


def run_chrono(docs: list[Document]) -> list[list[Found]]:
    """chrono-node 2.10's `parse` with the creation date as the reference."""
    script = _chrono_ready()
    request = json.dumps([{"text": d.text, "ref": d.published.isoformat()} for d in docs])
    done = subprocess.run(
        ["node", str(script)], input=request, capture_output=True, text=True, check=True
    )
    results = []
    for parsed in json.loads(done.stdout):
        found = []
        for hit in parsed:
            first = _chrono_days(hit["start"])
            last = _chrono_days(hit["end"]) if hit.get("end") else first
            days = (first[0], last[1]) if first and last else None
            shown = f"{days[0]}/{days[1]}" if days else "?"
            end = hit["index"] + len(hit["text"])
            found.append(Found(hit["index"], end, hit["text"], days, shown))
        results.append(found)
    return results


# ---------------------------------------------------------------------------------------------
# The report

TAGGERS: dict[str, Callable[[list[Document]], list[list[Found]]]] = {
    "extract": run_extract,
    "dateparser search_dates": run_dateparser,
    f"chrono-node {CHRONO_VERSION}": run_chrono,
}


def evaluate(docs: list[Document], tagger: str = "extract") -> Score:
    """One tagger's score over all the documents."""
    total = Score()
    for document, found in zip(docs, TAGGERS[tagger](docs), strict=True):
        total.add(score(document, found))
    return total


def table(docs: list[Document], scores: dict[str, Score]) -> str:
    """The figures, one row per tagger."""
    targets = next(iter(scores.values())).targets
    lines = [
        f"{len(docs)} documents, {targets} targets (DATE values in the date grammar)",
        "",
        f"{'tagger':26} {'judged':>6} {'right':>6} {'value P':>8} {'value R':>8} "
        f"{'value F1':>8} {'span P':>7} {'span R':>7} {'span F1':>7}",
    ]
    for name, result in scores.items():
        vp, vr, vf = result.value
        sp, sr, sf = result.span
        lines.append(
            f"{name:26} {result.judged:6} {result.right:6} {vp:8.3f} {vr:8.3f} {vf:8.3f} "
            f"{sp:7.3f} {sr:7.3f} {sf:7.3f}"
        )
    return "\n".join(lines)


def errors(result: Score) -> str:
    """Every miss and wrong value, grouped by kind, the largest group first."""
    counts = Counter({kind: len(lines) for kind, lines in result.errors.items()})
    out = []
    for kind, count in counts.most_common():
        out.append(f"\n{kind} ({count})")
        out.extend(f"  {line}" for line in result.errors[kind])
    return "\n".join(out)


def main(arguments: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("--errors", action="store_true", help="list misses and wrong values")
    parser.add_argument("--compare", action="store_true", help="score dateparser, chrono-node")
    parser.add_argument(
        "--half", choices=("a", "b"), help="every other file in name order, from the 1st or 2nd"
    )
    options = parser.parse_args(arguments)
    docs = documents(options.paths, options.half)
    if not docs:
        raise SystemExit("no .tml files in " + ", ".join(map(str, options.paths)))
    names = list(TAGGERS) if options.compare else ["extract"]
    scores = {name: evaluate(docs, name) for name in names}
    print(table(docs, scores))
    if options.errors:
        print(errors(scores["extract"]))


if __name__ == "__main__":
    main(sys.argv[1:])
