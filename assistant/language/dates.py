"""Experience told by when it began: «с сентября 2021 года», «работаю с 2019-го», «с 01.09.2020»,
«2018 жылдан бері», «2024 жылдың қыркүйегінен бастап» (and an end: «по 2023 год», «2023 жылға дейін»).

The years are counted to the month up to the reference date: today, or the date an evaluation set
was written for (:data:`REFERENCE`, so that a set keeps measuring the same thing next year). A year
without a month is a range — from December to January of that year — so that a verdict that turns
inside it is asked back (:mod:`assistant.eligibility.guards`), never guessed. Month names are those of
the calendar in both languages: a closed class, like the numbers.
"""

from __future__ import annotations

import calendar
import contextvars
import re
from dataclasses import dataclass
from datetime import date

from .textnorm import fold_kazakh

REFERENCE: contextvars.ContextVar[date | None] = contextvars.ContextVar("reference_date", default=None)

_C = fold_kazakh
# Month stems, folded: Russian genitive («сентября»), Kazakh with any ending («қыркүйегінен»).
MONTHS = {_C(stem): n for n, stems in enumerate((
    ("январ", "қаңтар"), ("феврал", "ақпан"), ("март", "наурыз"), ("апрел", "сәуір", "сәуйр"), ("мая", "май", "мамыр"),
    ("июн", "маусым"), ("июл", "шілде"), ("август", "тамыз"), ("сентябр", "қыркүйе"), ("октябр", "қазан"),
    ("ноябр", "қараша"), ("декабр", "желтоқсан")), start=1) for stem in stems}
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_RU_START = re.compile(_C(
    rf"(?<!\w)с\s+(?:(?P<day>\d{{1,2}})[./](?P<mnum>\d{{1,2}})[./]{_YEAR}|(?:(?P<day2>\d{{1,2}})\s+)?(?:(?P<month>[а-я]+)\s+)?{_YEAR.replace('year', 'year2')})"
    r"(?:\s*(?:-?го|года|г\.|год)\b)?"))
# «2023 жылдың 1 қыркүйегінен бері»: a day may stand before the month (the month is what is counted)
_KK_START = re.compile(_C(rf"{_YEAR}\s*(?:-?\s*ж(?:ыл\w*)?\.?)?\s*(?:\d{{1,2}}\s+)?(?:(?P<month>[а-яәіңғүұқөһ]+)\s+)?(?:бері|бастап)\b"))
# «сейчас январь 2024», «қазір 2024 жылдың сәуірі»: the message's own today, the end of every open span
_NOW = re.compile(_C(rf"(?:сейчас|теперь|на сегодня|на данный момент|қазір|қазіргі кезде)\s+(?:уже\s+)?(?:(?P<month>[а-я]+)\s+)?{_YEAR}"
                     r"(?:\s*(?:-?\s*ж(?:ыл\w*)?\.?|года?|г\.)?)?(?:\s+(?P<month2>[а-яәіңғүұқөһ]+))?"))
_RU_END = re.compile(_C(rf"^\s*(?:года?|г\.)?\s*(?:по|до)\s+(?:(?P<month>[а-я]+)\s+)?{_YEAR}"))
_KK_END = re.compile(_C(rf"^\s*{_YEAR}\s*(?:-?\s*ж(?:ыл\w*)?)?\s*(?:(?P<month>[а-яәіңғүұқөһ]+)\s+)?дейін"))


@dataclass(frozen=True)
class Span:
    """Years from a start date to the end (or the reference date), and the text they came from."""

    value: float
    bounds: tuple[float, float] | None
    start: int
    end: int


def reference_date() -> date:
    return REFERENCE.get() or date.today()


def read_dates(folded: str) -> list[Span]:
    """Every start date of a folded message, as years up to its end date or the reference date."""
    spans = []
    now = _now(folded)
    for m in [*_RU_START.finditer(folded), *_KK_START.finditer(folded)]:
        month = _month_of(m)
        year = int(m.group("year") if m.group("year") else m.group("year2"))
        end, stop = _end(folded, m.end())
        span = _years((year, month, _day_of(m) if month else None), end or now)
        if span is not None:
            spans.append(Span(span[0], span[1], m.start(), stop or m.end()))
    return sorted(spans, key=lambda s: s.start)


# «2019 емес, 2022 жылдың қыркүйегі», «не с 2019, а с сентября 2022»: a start year denied and the one
# that replaces it (with its month when said)
_DENIED_YEAR = re.compile(_C(r"(?P<old>(?:19|20)\d{2})\s*(?:-?\s*ж(?:ыл\w*)?\.?)?\s*емес|(?<!\w)не\s+(?:с\s+|в\s+)?(?P<old2>(?:19|20)\d{2})"))
_NEW_YEAR = re.compile(_C(r"(?:(?P<month>[а-я]+)\s+)?(?P<year>(?:19|20)\d{2})\s*(?:-?\s*ж(?:ыл\w*)?\.?|года?|г\.)?"
                          r"(?:\s+(?P<month2>[а-яәіңғүұқөһ]+))?"))


def corrected_start(before: str, folded: str) -> Span | None:
    """The start date of ``before`` (the words a span was read from) as a correction replaces its year:
    the years from the new year (and the month said with it; a year alone stays a range)."""
    denied = _DENIED_YEAR.search(folded)
    if not denied:
        return None
    old = denied.group("old") or denied.group("old2")
    if old not in before:
        return None
    for m in _NEW_YEAR.finditer(folded):
        if m.group("year") != old:
            month = _month(m.group("month")) or _month(m.group("month2"))
            span = _years((int(m.group("year")), month, None), _now(folded))
            return None if span is None else Span(span[0], span[1], m.start(), m.end())
    return None


def _now(folded: str) -> tuple[int, int | None] | None:
    """The date the message says it is written on («сейчас январь 2024»), if it says one."""
    m = _NOW.search(folded)
    if not m:
        return None
    return int(m.group("year")), _month(m.group("month")) or _month(m.group("month2"))


def _day_of(m: re.Match[str]) -> int | None:
    day = next((m.group(g) for g in ("day", "day2") if g in m.groupdict() and m.group(g)), None)
    return int(day) if day and 1 <= int(day) <= 31 else None


def _month_of(m: re.Match[str]) -> int | None:
    if "mnum" in m.groupdict() and m.group("mnum"):
        month = int(m.group("mnum"))
        return month if 1 <= month <= 12 else None
    return _month(m.group("month"))


def _month(word: str | None) -> int | None:
    if not word:
        return None
    return next((n for stem, n in MONTHS.items() if word.startswith(stem)), None)


def _end(folded: str, at: int) -> tuple[tuple[int, int | None] | None, int | None]:
    """An end date right after the start («по 2023 год», «2023 жылға дейін»): (year, month) and where it ends."""
    tail = folded[at:at + 40]
    m = _RU_END.match(tail) or _KK_END.match(tail)
    if not m:
        return None, None
    return (int(m.group("year")), _month(m.group("month"))), at + m.end()


Day = tuple[int, int | None, int | None]  # a year, and the month and day when said


def _years(start: Day, end: tuple[int, int | None] | None) -> tuple[float, tuple[float, float] | None] | None:
    """The years between, to the day, and the range the unsaid month or day leaves open (its low end is
    the value: a «yes» is given only when the least the words can mean is enough)."""
    latest_start, earliest_start = _latest(*start), _earliest(*start)
    if end is None:
        earliest_end = latest_end = reference_date()
    else:
        earliest_end, latest_end = _earliest(end[0], end[1], None), _latest(end[0], end[1], None)
    low, high = _span(latest_start, earliest_end), _span(earliest_start, latest_end)
    if low < 0 or high > 60:
        return None
    return low, (None if low == high else (low, high))


def _earliest(year: int, month: int | None, day: int | None) -> date:
    return date(year, month or 1, day or 1)


def _latest(year: int, month: int | None, day: int | None) -> date:
    month = month or 12
    return date(year, month, min(day, calendar.monthrange(year, month)[1]) if day else calendar.monthrange(year, month)[1])


def _span(start: date, end: date) -> float:
    return round((end - start).days / 365.25, 2)
