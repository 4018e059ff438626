"""Named days news dates things by: "on Thanksgiving Day", "last Christmas", "Election Day".

Each name is a rule for its day in a given year. Only days that are the same across English
news are here (US holidays by their US rules); national days, which many countries share a
name for, are not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


def _nth_weekday(month: int, weekday: int, nth: int) -> Callable[[int], date]:
    """The nth (1-based; -1 the last) such weekday of the month."""

    def rule(year: int) -> date:
        if nth > 0:
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)

    return rule


def easter(year: int) -> date:
    """Easter Sunday (Gregorian), by the anonymous algorithm of 1876."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def _election_day(year: int) -> date:
    """The Tuesday after the first Monday of November."""
    return _nth_weekday(11, 0, 1)(year) + timedelta(days=1)


RULES: dict[str, Callable[[int], date]] = {
    "new year's day": _fixed(1, 1),
    "new year's eve": _fixed(12, 31),
    "valentine's day": _fixed(2, 14),
    "may day": _fixed(5, 1),
    "the fourth of july": _fixed(7, 4),
    "halloween": _fixed(10, 31),
    "veterans day": _fixed(11, 11),
    "christmas eve": _fixed(12, 24),
    "christmas day": _fixed(12, 25),
    "christmas": _fixed(12, 25),
    "boxing day": _fixed(12, 26),
    "thanksgiving": _nth_weekday(11, 3, 4),
    "thanksgiving day": _nth_weekday(11, 3, 4),
    "election day": _election_day,
    "labor day": _nth_weekday(9, 0, 1),
    "memorial day": _nth_weekday(5, 0, -1),
    "easter": easter,
    "easter sunday": easter,
    "easter monday": lambda year: easter(year) + timedelta(days=1),
    "good friday": lambda year: easter(year) - timedelta(days=2),
}
# Names that are other things too ("Christmas sales", "the Easter rising"): a date only with a
# word that makes one ("on Christmas", "last Thanksgiving").
BARE = frozenset(("christmas", "thanksgiving", "easter", "halloween", "may day"))
NAMES = (
    r"New\s+Year['’]s\s+(?:Day|Eve)|Valentine['’]s\s+Day|May\s+Day|the\s+Fourth\s+of\s+July"
    r"|Halloween|Veterans['’]?\s+Day|Christmas(?:\s+(?:Eve|Day))?|Boxing\s+Day"
    r"|Thanksgiving(?:\s+Day)?|Election\s+Day|Labor\s+Day|Memorial\s+Day"
    r"|Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday"
)


def key(name: str) -> str:
    """The rule's name for a name as written."""
    return re.sub(r"[’]", "'", " ".join(name.lower().split())).replace(
        "veterans' day", "veterans day"
    )


def day_of(name: str, year: int) -> date:
    """The day a named day falls on in `year`."""
    return RULES[key(name)](year)
