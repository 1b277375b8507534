"""Event dates as GDELT keeps them: integers YYYYMMDD / YYYYMM / YYYY and a fraction of the year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, slots=True)
class StoreDate:
    day: int | None
    month_year: int | None
    year: int | None
    fraction_date: float | None
    precision: str | None
    """``day``, ``week``, ``month`` or ``year``: how much of ``day`` the text actually said."""


NO_DATE = StoreDate(None, None, None, None, None)


def _from_date(value: date, precision: str) -> StoreDate:
    start = date(value.year, 1, 1)
    fraction = value.year + (value - start).days / 365.0
    return StoreDate(
        value.year * 10000 + value.month * 100 + value.day,
        value.year * 100 + value.month,
        value.year,
        round(fraction, 4),
        precision,
    )


def store_date(text: str | None) -> StoreDate:
    """Integers for a date the extractor wrote (YYYY-MM-DD, YYYY-MM, YYYY-Www, YYYY); a coarse date
    falls on its first day, as GDELT places month-level dates."""
    if not text:
        return NO_DATE
    text = text.strip()
    try:
        if match := _DAY.match(text):
            return _from_date(date(int(match[1]), int(match[2]), int(match[3])), "day")
        if match := _MONTH.match(text):
            return _from_date(date(int(match[1]), int(match[2]), 1), "month")
        if match := _WEEK.match(text):
            return _from_date(date.fromisocalendar(int(match[1]), int(match[2]), 1), "week")
        if match := _YEAR.match(text):
            return _from_date(date(int(match[1]), 1, 1), "year")
    except ValueError:
        return NO_DATE
    return NO_DATE


def day_to_date(day: int) -> date:
    return date(day // 10000, day // 100 % 100, day % 100)


def date_to_day(value: date) -> int:
    return value.year * 10000 + value.month * 100 + value.day


def parse_day(text: str | None) -> int | None:
    """A ``--since``/``--until`` bound: YYYY-MM-DD, YYYY-MM (its first day) or YYYY."""
    return store_date(text).day
