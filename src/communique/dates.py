"""Calendar values for the dates articles write, at the precision they are written.

``value_of("February 2000") == "2000-02"``, ``value_of("June 19, 2024") == "2024-06-19"``,
``value_of("1961") == "1961"``. Relative and weekday expressions are the times extractor's
job (it knows the clause); this module handles absolute dates and publication dates.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")


def parse_iso(value: str | None) -> date | None:
    """A ``date`` from an ISO date or date-time string (its date part), else None."""
    if not value:
        return None
    match = _ISO.match(value.strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


_MONTH_NUMBERS = {
    **{name: i for i, name in enumerate(calendar.month_name) if name},
    **{name: i for i, name in enumerate(calendar.month_abbr) if name},
    "Sept": 9,
}
_MONTH = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_WEEKDAY = "|".join(calendar.day_name)
_WRITTEN_DATE = re.compile(
    rf"(?:(?P<weekday>{_WEEKDAY}), +)?"
    rf"(?:(?P<month>{_MONTH})\.? +(?P<day>\d{{1,2}}),? +|(?P<day2>\d{{1,2}}) +(?P<month2>{_MONTH})\.?,? +)"
    r"(?P<year>(?:19|20)\d\d)"
)


def written_date(value: str) -> date | None:
    """The day of a date written in full the way bylines write it ("June 19, 2024",
    "Sept. 15, 2023", "Monday, 11 September 2023"), else None.

    A fast path in front of dateparser, whose first call costs half a second: it accepts only
    forms on which dateparser agrees (tested), and leaves everything else to it, including a
    weekday that does not fit the date.
    """
    match = _WRITTEN_DATE.fullmatch(value)
    if not match:
        return None
    month = _MONTH_NUMBERS[match["month"] or match["month2"]]
    try:
        day = date(int(match["year"]), month, int(match["day"] or match["day2"]))
    except ValueError:
        return None
    if match["weekday"] and calendar.day_name[day.weekday()] != match["weekday"]:
        return None
    return day


def normalise_published(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) for a publication date however written, or None."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if _ISO.match(value) and parse_iso(value):
        return value[:10] if len(value) >= 10 else value
    if written := written_date(value):
        return written.isoformat()
    import dateparser

    parsed = dateparser.parse(value, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None


def precision_value(moment: datetime, period: str) -> str:
    """Format ``moment`` at the precision dateparser reported: day, month or year."""
    if period == "year":
        return f"{moment.year:04d}"
    if period == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    return moment.date().isoformat()
