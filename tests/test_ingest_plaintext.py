"""Plain-text ingestion: head, bylines, datelines, captions and debris, on our own articles."""

from __future__ import annotations

import pytest

from communique.article import LineKind, fingerprint
from communique.ingest.plaintext import dateline_match, is_caption, is_debris, parse_byline, read_plain_text

ARTICLE = """Share

Ministers agree to reopen border crossings after talks

Both sides say the first crossing could open within a month

March 3, 2025 - 09:41 By Jane Roe and Omar Haddad

The foreign ministers of the two neighbouring states agreed on Monday to reopen three border crossings closed since last year, officials said.

The ministers shake hands before their meeting in the capital. (Photo via Example Images)

"We have turned a page," one of the ministers told reporters.
"""


def kinds(article):
    return {str(line.kind): article.text[line.start : line.end] for line in article.lines}


def test_head_byline_caption_and_debris():
    article = read_plain_text(ARTICLE)
    roles = kinds(article)
    assert roles["headline"] == "Ministers agree to reopen border crossings after talks"
    assert roles["subtitle"].startswith("Both sides say")
    assert roles["byline"].startswith("March 3, 2025")
    assert roles["caption"].startswith("The ministers shake hands")
    assert article.title == "Ministers agree to reopen border crossings after talks"
    assert article.authors == ["Jane Roe", "Omar Haddad"]
    assert article.published == "2025-03-03"
    assert not article.text.startswith("Share")
    assert "Share" not in article.text.split("\n")


@pytest.mark.parametrize(
    "line, date, authors",
    [
        ("June 19, 2024 - 15:57 By Jane Doe", "June 19, 2024", ["Jane Doe"]),
        ("By Staff Reporter | 22 March 2023", "22 March 2023", ["Staff Reporter"]),
        ("1 March 2020 | 14:20 | By Staff Reporter", "1 March 2020", ["Staff Reporter"]),
        ("Thursday, February 24, 2022 | 22:10 GMT", "Thursday, February 24, 2022", []),
        ("Monday, 11 September 2023 | Hanoi", "Monday, 11 September 2023", []),
        ("By Ana Lima, Reuters", None, ["Ana Lima"]),
        ("Updated: 2024-06-19 10:00", "2024-06-19", []),
    ],
)
def test_bylines(line, date, authors):
    byline = parse_byline(line)
    assert byline is not None
    assert byline.date == date
    assert byline.authors == authors


@pytest.mark.parametrize(
    "line",
    [
        "The president said the deal was done.",
        "By the end of the year, the troops will leave.",
        "North Korea (DPRK) said it would respond.",
        "Officials met in Geneva on Monday.",
    ],
)
def test_not_bylines(line):
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    "paragraph, place, agency",
    [
        ("SEOUL, Oct 4 (Reuters) - North Korea fired a missile.", "SEOUL", "Reuters"),
        ("Seoul, 4 October 2022 (dpa/MIA) - The launch came after drills.", "Seoul", "dpa/MIA"),
        ("Seoul, June 19 (IANS) The two leaders met.", "Seoul", "IANS"),
        ("MOSCOW — The Kremlin said on Friday that talks would continue.", "MOSCOW", None),
        ("Geneva, 16 June 2021: The two presidents met.", "Geneva", None),
        ("MOSCOW/YEREVAN, Nov 10 -- Both sides agreed to a truce.", "MOSCOW/YEREVAN", None),
        ("WASHINGTON, D.C. (AP) — The Senate voted.", "WASHINGTON, D.C.", "AP"),
    ],
)
def test_datelines(paragraph, place, agency):
    match = dateline_match(paragraph)
    assert match is not None
    assert match["place"] == place
    assert match["agency"] == agency


@pytest.mark.parametrize(
    "paragraph",
    [
        "North Korea (DPRK) said it would respond to the drills.",
        "Russia said on Monday it would not attend.",
        "The Prime Minister: a profile of a quiet man",
    ],
)
def test_not_datelines(paragraph):
    assert dateline_match(paragraph) is None


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("The two leaders at the airport on Monday. (Pool Photo via Example Wire)", True),
        ("A minister (left) greets his counterpart at the palace.", True),
        ("Photo: the harbour at dawn", True),
        ("Troops patrol the border town. (Getty Images)", True),
        ("Rescuers search the rubble after the quake. (Yonhap)", True),
        ('"We reject it," the ministry said in a statement carried by the Korean Central News Agency (KCNA).', False),
        ("The talks will continue next week, officials said.", False),
        ("The alliance held drills (the largest in years) near the coast.", False),
    ],
)
def test_captions(paragraph, expected):
    assert is_caption(paragraph) is expected


def test_debris_words():
    assert is_debris("Send to")
    assert is_debris("  PRINT ")
    assert not is_debris("Send troops to the border")


def test_dateline_is_marked_and_gives_outlet():
    article = read_plain_text(
        "Leaders meet\n\nMANILA, July 8 (Example Wire) - The two governments signed a pact on Monday.\n"
    )
    dateline = article.spans(LineKind.DATELINE)
    assert len(dateline) == 1
    assert article.text[dateline[0].start : dateline[0].end].startswith("MANILA, July 8 (Example Wire)")
    assert article.outlet == "Example Wire"
    assert article.kind_at(article.text.index("The two")) is LineKind.BODY


def test_text_without_head_has_no_headline():
    article = read_plain_text(
        "The minister arrived in the capital on Monday for two days of talks with his counterpart.\n"
    )
    assert article.title is None
    assert article.lines == []


def test_fingerprint_ignores_spacing_and_case():
    assert fingerprint("Hello  world\n") == fingerprint("hello world")
    assert fingerprint("a b") != fingerprint("a c")
    assert read_plain_text("Some text here.").id == fingerprint("Some text here.")


def test_windows_newlines_and_bom():
    article = read_plain_text(
        "\ufeffTitle line\r\n\r\nBy Jane Roe\r\n\r\nThe body of the article is here, long enough to be a body paragraph.\r\n"
    )
    assert article.title == "Title line"
    assert "\r" not in article.text
