"""Time expressions resolved against the publication date, from our own sentences."""

from __future__ import annotations

from datetime import date

import pytest

from communique.extract.times import resolve

WEDNESDAY = date(2024, 6, 19)


@pytest.mark.parametrize(
    "text, future, value",
    [
        ("Wednesday", False, "2024-06-19"),  # the day of publication itself, not a week before
        ("Monday", False, "2024-06-17"),
        ("Tuesday", False, "2024-06-18"),
        ("Friday", False, "2024-06-14"),
        ("Friday", True, "2024-06-21"),
        ("early Wednesday morning", False, "2024-06-19"),
        ("last Monday", False, "2024-06-17"),
        ("February", False, "2024-02"),
        ("in February", False, "2024-02"),
        ("September", False, "2023-09"),
        ("September", True, "2024-09"),
        ("February 2000", False, "2000-02"),
        ("June 19, 2024", False, "2024-06-19"),
        ("Wednesday, June 19, 2024", False, "2024-06-19"),
        ("19 June 2024", False, "2024-06-19"),
        ("June 12", False, "2024-06-12"),
        ("December 24", False, "2023-12-24"),
        ("1961", False, "1961"),
        ("2008", False, "2008"),
        ("the 1990s", False, "199X"),
        ("today", False, "2024-06-19"),
        ("yesterday", False, "2024-06-18"),
        ("tomorrow", False, "2024-06-20"),
        ("three days ago", False, "2024-06-16"),
        ("two years ago", False, "2022"),
        ("last year", False, "2023"),
        ("next month", False, "2024-07"),
        ("this year", False, "2024"),
    ],
)
def test_resolve(text, future, value):
    assert resolve(text, WEDNESDAY, future=future)[0] == value


@pytest.mark.parametrize("text", ["24 years", "around 2 hours", "five months", "decades", "two-day", "six weeks"])
def test_durations_have_no_calendar_value(text):
    value, kind = resolve(text, WEDNESDAY)
    assert value is None
    assert kind == "duration"


@pytest.mark.parametrize("text", ["we", "may", "march", "2356"])
def test_words_are_not_dates(text):
    assert resolve(text, WEDNESDAY)[0] is None


def test_extractor_in_context(read):
    doc = read(
        "The minister will visit the capital on Friday. He met his counterpart on Monday and in March.\n\n"
        "We may march on, she said. The talks lasted 24 years in total, since 1991.",
        published="2024-06-19",
    )
    values = {(t["text"], t["value"]) for t in doc["times"]}
    assert ("Friday", "2024-06-21") in values
    assert ("Monday", "2024-06-17") in values
    assert ("March", "2024-03") in values
    assert ("1991", "1991") in values
    texts = {t["text"].lower() for t in doc["times"]}
    assert "we" not in texts and "may" not in texts and "march on" not in texts
    assert all(t["value"] is None for t in doc["times"] if "24 years" in t["text"])


def test_an_undated_article_anchors_on_its_own_dateline(read):
    doc = read("Nairobi, 12 March 2024: Kenya and Uganda signed a border accord on Tuesday.", published=None)
    values = {t["text"]: t["value"] for t in doc["times"]}
    assert values["Tuesday"] == "2024-03-12"


def test_a_weekday_of_an_article_with_no_date_at_all_stays_unresolved(read):
    doc = read("The ministers met on Wednesday and agreed to meet again.", published=None)
    assert [t["value"] for t in doc["times"] if t["text"] == "Wednesday"] == [None]


@pytest.mark.parametrize("text", ["3 p.m.", "10:30 GMT", "noon"])
def test_a_time_of_day_is_of_the_day_of_publication(text):
    assert resolve(text, WEDNESDAY) == ("2024-06-19", "time")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("16 June 2021", ("2021-06-16", "date")),
        ("16/06/21", ("2021-06-16", "date")),
        ("Friday", (None, "date")),
        ("June 5", (None, "date")),
        ("10:30 GMT", (None, "time")),
    ],
)
def test_without_an_anchor_only_complete_dates_have_values(text, expected):
    assert resolve(text, None) == expected
