"""Hostile input for the hardening tests and the fuzz script (bench/fuzz.py): the pieces messy
news and attackers are made of, and generators that put them together.

The sentences are our own. The pieces are chosen to hit what breaks readers: control and
invisible characters, unpaired surrogates, combining marks, long runs without a space, unbalanced
quotes and brackets, deeply nested or truncated markup, byte-order marks, truncated UTF-8 and the
magic numbers of binary formats. The generators take a :class:`random.Random`, so a seed gives
the same inputs on every machine; the hypothesis strategies in the tests draw from the same lists.
"""

from __future__ import annotations

import json
import random

SENTENCES = (
    "The foreign ministers of Chile and Norway met in Oslo on Monday to discuss fishing rights.",
    '"We will not accept any change to the border," the defence minister said on Tuesday.',
    "Poland and Kenya signed a trade agreement in Warsaw on 12 March 2023, officials said.",
    "According to state media, the army fired two missiles into the sea on Friday.",
    "LIMA, June 3 (Test Wire) - Peru criticised Bolivia over a dispute about river water.",
    "President Ana Souza hosted Prime Minister Lars Berg at the palace last week.",
    "The treaty enters into force next month, a spokeswoman for the ministry said.",
    "Japan and Vietnam agreed to hold joint naval drills, and China condemned the plan.",
    "“The talks were frank,” said Marta Ruiz, Spain's foreign minister, “but useful.”",
    "Turkey expelled two diplomats after protesters attacked its embassy in the capital.",
)
HEADS = (
    "Ministers meet over fishing rights",
    "By Jane Roe | June 19, 2024",
    "Updated: 2024-06-19 10:45 GMT",
    "Share   Print   Send to",
    "Minister Ana Souza (left) meets envoys (Pool Photo via Test Wire)",
)
TEXT_PIECES = (
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\x9b",
    "\x0b",
    "\x0c",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\t",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffd",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
    "\U0001f600",
    "\u0301" * 12,
    "e\u0301",
    "ﬁ",
    "İ",
    "ß",
    "Ⅻ",
    '"',
    "'",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<",
    ">",
    "&",
    "\\",
    "/",
    "-",
    "—",
    ":",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&nbsp",
    "%s",
    "{0}",
    "${x}",
    "'; DROP TABLE articles; --",
    "中国外交部发言人",
    "وزير الخارجية",
    "Министр иностранных дел",
    "मंत्री",
    "외교부",
    "June 19, 2024",
    "2024-13-45",
    "31/02/2024",
    "12:30 GMT+25",
    "May",
    "said:",
    "By",
    "(Reuters)",
    "a" * 300,
    "(" * 300,
    '"' * 300,
    "-" * 300,
    ". " * 100,
    "Kim Lee Park " * 25,
    "France, " * 40,
)
HTML_PIECES = (
    "<!DOCTYPE html>",
    "<html>",
    "</html>",
    "<head>",
    "</head>",
    "<title>",
    "</title>",
    "<body>",
    "</body>",
    "<article>",
    "</article>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<div>" * 200,
    "</div>" * 50,
    "<p><b><i>" * 60,
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<style>",
    "<![CDATA[",
    "]]>",
    "<br/>",
    "<table><tr><td>",
    '<meta charset="utf-16">',
    '<meta charset="no-such-charset">',
    "<meta charset='latin-1'>",
    '<a href="javascript:alert(1)">',
    '<img src=x onerror="alert(1)">',
    "<svg><foreignObject>",
    "<?xml version='1.0'?>",
    '<p class="',
    "<p title='",
    "<",
    "</",
    "&",
    "&#",
    "&#x110000;",
)
BYTE_PIECES = (
    b"\xc3",
    b"\xe2\x80",
    b"\xf0\x9f\x98",
    b"\xff",
    b"\xfe",
    b"\x80",
    b"\x93\x94",
    b"\xe9",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\x00",
    b"\x00" * 40,
    b"%PDF-1.7",
    b"\x89PNG\r\n\x1a\n",
    b"PK\x03\x04",
    b"\x1f\x8b\x08",
    b"\x7fELF",
    b"SQLite format 3\x00",
)
JSON_VALUES: tuple[object, ...] = (
    None,
    True,
    0,
    -1,
    1e308,
    "",
    " ",
    "\n",
    [],
    {},
    ["a", 1],
    {"nested": {"deep": []}},
    "2024-06-19",
    "not a date",
)
RECORD_KEYS = ("id", "text", "html", "published", "title", "url", "outlet", "authors")


def hostile_text(rng: random.Random, pieces: int = 24) -> str:
    """A text article of sentences, heads and hostile pieces in random order."""
    choices = [SENTENCES, SENTENCES, HEADS, TEXT_PIECES, TEXT_PIECES]
    return " ".join(rng.choice(rng.choice(choices)) for _ in range(rng.randint(1, pieces)))


def hostile_html(rng: random.Random, pieces: int = 40) -> str:
    """Markup: unbalanced, deeply nested, truncated, with sentences inside."""
    choices = [SENTENCES, HTML_PIECES, HTML_PIECES, TEXT_PIECES]
    html = "".join(rng.choice(rng.choice(choices)) for _ in range(rng.randint(1, pieces)))
    return html[: rng.randint(0, len(html))] if rng.random() < 0.3 else html


def hostile_bytes(rng: random.Random) -> bytes:
    """A file's bytes: text or markup in some encoding, cut anywhere, with raw byte pieces mixed in."""
    text = hostile_html(rng) if rng.random() < 0.4 else hostile_text(rng)
    encoding = rng.choice(("utf-8", "utf-8", "utf-16", "latin-1", "cp1252", "utf-32"))
    data = text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
    parts = [data]
    for _ in range(rng.randint(0, 4)):
        at = rng.randint(0, len(parts[-1]))
        last = parts.pop()
        parts += [last[:at], rng.choice(BYTE_PIECES), last[at:]]
    data = b"".join(parts)
    return data[: rng.randint(0, len(data))] if rng.random() < 0.2 else data


def hostile_record(rng: random.Random) -> dict[str, object]:
    """A JSONL record with some fields right, some missing and some of the wrong type."""
    record: dict[str, object] = {}
    for key in RECORD_KEYS:
        roll = rng.random()
        if roll < 0.3:
            continue
        if roll < 0.5:
            record[key] = rng.choice(JSON_VALUES)
        elif key == "html":
            record[key] = hostile_html(rng)
        elif key == "authors":
            record[key] = [rng.choice(HEADS), rng.choice(TEXT_PIECES)]
        else:
            record[key] = hostile_text(rng, pieces=8)
    return record


def hostile_jsonl(rng: random.Random, lines: int = 8) -> bytes:
    """A JSONL batch: good records, hostile records and lines that are no JSON object at all."""
    out = []
    for _ in range(rng.randint(0, lines)):
        roll = rng.random()
        if roll < 0.35:
            line = json.dumps({"id": f"r{rng.randint(0, 99)}", "text": " ".join(rng.sample(SENTENCES, 3))}).encode()
        elif roll < 0.65:
            line = json.dumps(hostile_record(rng)).encode("utf-8", "surrogatepass")
        elif roll < 0.75:
            line = json.dumps(rng.choice(JSON_VALUES)).encode()
        elif roll < 0.8:
            line = b"[" * rng.randint(1, 100_000)
        else:
            line = hostile_bytes(rng)
        out.append(line)
    return (b"\xef\xbb\xbf" if rng.random() < 0.1 else b"") + b"\n".join(out)
