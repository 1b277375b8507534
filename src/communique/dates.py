"""Calendar values for the dates articles write, at the precision they are written.

``value_of("February 2000") == "2000-02"``, ``value_of("June 19, 2024") == "2024-06-19"``,
``value_of("1961") == "1961"``. Relative and weekday expressions are the times extractor's
job (it knows the clause); this module handles absolute dates and publication dates.
"""

from __future__ import annotations

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


def normalise_published(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) for a publication date however written, or None."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if _ISO.match(value) and parse_iso(value):
        return value[:10] if len(value) >= 10 else value
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
