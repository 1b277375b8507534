"""Publication dates: the fast path for dates written in full agrees with dateparser."""

from __future__ import annotations

import calendar
import re
from datetime import date

import dateparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.dates import normalise_published, written_date

MONTH_FORMS = [name for name in calendar.month_name if name] + [name for name in calendar.month_abbr if name] + ["Sept"]


def by_dateparser(value: str) -> str | None:
    parsed = dateparser.parse(value, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None


@st.composite
def written_dates(draw: st.DrawFn) -> str:
    """Dates as bylines write them, valid or not (31 April, a wrong weekday)."""
    month = draw(st.sampled_from(MONTH_FORMS)) + draw(st.sampled_from(["", "."]))
    day = str(draw(st.integers(1, 31)))
    year = str(draw(st.integers(1900, 2099)))
    comma = draw(st.sampled_from(["", ","]))
    body = f"{month} {day}{comma} {year}" if draw(st.booleans()) else f"{day} {month}{comma} {year}"
    weekday = draw(st.sampled_from(["", *calendar.day_name]))
    return f"{weekday}, {body}" if weekday else body


@settings(max_examples=300, deadline=None)
@given(written_dates())
def test_fast_path_agrees_with_dateparser(value: str) -> None:
    fast = written_date(value)
    if fast is not None:
        assert fast.isoformat() == by_dateparser(value)
    assert normalise_published(value) == by_dateparser(value)


def test_fast_path_takes_the_usual_byline_forms() -> None:
    assert written_date("June 19, 2024") == date(2024, 6, 19)
    assert written_date("Sept. 15, 2023") == date(2023, 9, 15)
    assert written_date("Monday, 11 September 2023") == date(2023, 9, 11)
    assert written_date("3 Jun. 2020") == date(2020, 6, 3)


def test_fast_path_leaves_the_rest_to_dateparser() -> None:
    assert written_date("Friday, 11 September 2023") is None  # not a Friday
    assert written_date("31 April 2023") is None
    assert written_date("yesterday") is None
    assert normalise_published("2024-06-19T10:00:00Z") == "2024-06-19"
    assert normalise_published("19.06.2024") == by_dateparser("19.06.2024")


@pytest.mark.parametrize("anchor", [None, date(2024, 6, 19)])
def test_recurrences_resolve_as_dateparser_resolves_them(anchor: date | None) -> None:
    """The recurrence rule in front of dateparser answers exactly what dateparser answers."""
    import communique.extract.times as times

    units = ["year", "month", "week", "day", "weekend", "quarter", "decade", "hour", "time", "summer", "winter"]
    units += ["spring", "autumn", "morning", "evening", "night", *calendar.day_name, *calendar.month_name[1:]]
    for prefix in ("every", "each", "Every", "Each", "every other", "each two"):
        for unit in units:
            for text in (f"{prefix} {unit}", f"{prefix} {unit}s"):
                assert times._RECURRENCE.fullmatch(text), text
                original = times._RECURRENCE
                try:
                    times._RECURRENCE = re.compile(r"(?!)")  # the rule off: dateparser answers
                    expected = times._dateparser(text, anchor)
                finally:
                    times._RECURRENCE = original
                assert times._dateparser(text, anchor) == expected == (None, "date"), text
