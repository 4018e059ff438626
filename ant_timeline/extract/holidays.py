"""Named days news dates things by: "on Thanksgiving Day", "last Christmas", "Election Day".

Each name is a rule for its day in a given year. Only days that are the same across English
news are here (US holidays by their US rules, and the Chinese calendar's Spring and Lantern
Festivals, whose names are their own); national days, which many countries share a name
for, are not.
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


# The first day of the Chinese lunar year (the Spring Festival), 1950-2050, from the
# published tables of the Chinese calendar: it moves between January 21 and February 20.
_LUNAR_NEW_YEAR = {
    1950: (2, 17), 1951: (2, 6), 1952: (1, 27), 1953: (2, 14), 1954: (2, 3), 1955: (1, 24),
    1956: (2, 12), 1957: (1, 31), 1958: (2, 18), 1959: (2, 8), 1960: (1, 28), 1961: (2, 15),
    1962: (2, 5), 1963: (1, 25), 1964: (2, 13), 1965: (2, 2), 1966: (1, 21), 1967: (2, 9),
    1968: (1, 30), 1969: (2, 17), 1970: (2, 6), 1971: (1, 27), 1972: (2, 15), 1973: (2, 3),
    1974: (1, 23), 1975: (2, 11), 1976: (1, 31), 1977: (2, 18), 1978: (2, 7), 1979: (1, 28),
    1980: (2, 16), 1981: (2, 5), 1982: (1, 25), 1983: (2, 13), 1984: (2, 2), 1985: (2, 20),
    1986: (2, 9), 1987: (1, 29), 1988: (2, 17), 1989: (2, 6), 1990: (1, 27), 1991: (2, 15),
    1992: (2, 4), 1993: (1, 23), 1994: (2, 10), 1995: (1, 31), 1996: (2, 19), 1997: (2, 7),
    1998: (1, 28), 1999: (2, 16), 2000: (2, 5), 2001: (1, 24), 2002: (2, 12), 2003: (2, 1),
    2004: (1, 22), 2005: (2, 9), 2006: (1, 29), 2007: (2, 18), 2008: (2, 7), 2009: (1, 26),
    2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19),
    2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12),
    2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6),
    2028: (1, 26), 2029: (2, 13), 2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31),
    2034: (2, 19), 2035: (2, 8), 2036: (1, 28), 2037: (2, 15), 2038: (2, 4), 2039: (1, 24),
    2040: (2, 12), 2041: (2, 1), 2042: (1, 22), 2043: (2, 10), 2044: (1, 30), 2045: (2, 17),
    2046: (2, 6), 2047: (1, 26), 2048: (2, 14), 2049: (2, 2), 2050: (1, 23),
}  # fmt: skip


def lunar_new_year(year: int) -> date:
    """The Spring Festival of `year`; ValueError outside the table."""
    if year not in _LUNAR_NEW_YEAR:
        raise ValueError(f"no lunar calendar for {year}")
    return date(year, *_LUNAR_NEW_YEAR[year])


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
    "the spring festival": lunar_new_year,
    "spring festival": lunar_new_year,
    "lunar new year": lunar_new_year,
    "chinese new year": lunar_new_year,
    "the lantern festival": lambda year: lunar_new_year(year) + timedelta(days=14),
    "lantern festival": lambda year: lunar_new_year(year) + timedelta(days=14),
}
# Names that are other things too ("Christmas sales", "the Easter rising"): a date only with a
# word that makes one ("on Christmas", "last Thanksgiving").
BARE = frozenset(("christmas", "thanksgiving", "easter", "halloween", "may day"))
NAMES = (
    r"New\s+Year['’]s\s+(?:Day|Eve)|Valentine['’]s\s+Day|May\s+Day|the\s+Fourth\s+of\s+July"
    r"|Halloween|Veterans['’]?\s+Day|Christmas(?:\s+(?:Eve|Day))?|Boxing\s+Day"
    r"|Thanksgiving(?:\s+Day)?|Election\s+Day|Labor\s+Day|Memorial\s+Day"
    r"|Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday"
    # the days of the Chinese calendar, not the week or so of holiday that follows them
    r"|(?:(?:the\s+)?(?:Spring|Lantern)\s+Festival|(?:Lunar|Chinese)\s+New\s+Year)"
    r"(?!['’]s|\s+(?:holidays?|break|period|week|season|travel|rush|gala|celebrations?)\b)"
)


def key(name: str) -> str:
    """The rule's name for a name as written."""
    return re.sub(r"[’]", "'", " ".join(name.lower().split())).replace(
        "veterans' day", "veterans day"
    )


def day_of(name: str, year: int) -> date:
    """The day a named day falls on in `year`."""
    return RULES[key(name)](year)
