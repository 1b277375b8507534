"""Reading files: encodings, binary data, HTML, JSONL batches, directories and size limits."""

from __future__ import annotations

import json

import pytest

from communique.article import Article
from communique.ingest import read_path
from communique.ingest.decode import decode_bytes
from communique.ingest.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InputTooLarge,
    MalformedRecord,
    NoArticleContent,
)
from communique.limits import MAX_ARTICLE_BYTES

BODY = "The two governments signed a fisheries agreement on Monday, officials in both capitals said."

HTML = """<!doctype html><html><head><meta charset="windows-1252"><title>Fisheries pact | Example Times</title>
<meta property="og:site_name" content="Example Times"><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-05-02T08:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>Neighbours sign fisheries pact</h1>
<p>The two governments signed a fisheries agreement on Monday, officials in both capitals said, ending a dispute over quotas.</p>
<p>\u201cThis is a fair deal for our fishermen,\u201d the minister said after the ceremony in the port city.</p>
<p>The agreement sets catch limits for five years and creates a joint commission to monitor them.</p></article>
<footer>Copyright Example Times</footer></body></html>"""


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_plain_text_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    article = only(read_path(path))
    assert isinstance(article, Article)
    assert article.text == BODY


def test_declared_and_detected_encodings(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes(
        "Le ministre fran\u00e7ais a rencontr\u00e9 son homologue \u00e0 Gen\u00e8ve lundi.".encode("latin-1")
    )
    article = only(read_path(latin))
    assert isinstance(article, Article)
    assert "fran\u00e7ais" in article.text
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(BODY.encode("utf-16"))
    assert only(read_path(utf16)).text == BODY


def test_html_page(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(HTML.encode("cp1252"))
    article = only(read_path(path))
    assert isinstance(article, Article), article
    assert article.title == "Neighbours sign fisheries pact"
    assert article.outlet == "Example Times"
    assert article.published == "2024-05-02"
    assert article.authors == ["Jane Roe"]
    assert "fisheries agreement" in article.text
    assert "Copyright" not in article.text and "Home | World" not in article.text
    assert "\u201cThis is a fair deal" in article.text


@pytest.mark.parametrize(
    "content, error",
    [
        (b"", EmptyInput),
        (b"   \n\n  ", EmptyInput),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInput),
        (b"%PDF-1.7\n%\xe2\xe3", BinaryInput),
        (bytes(range(256)) * 4, BinaryInput),
        (b"<html><body><nav>Menu</nav></body></html>", NoArticleContent),
    ],
)
def test_bad_files(tmp_path, content, error):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = only(read_path(path))
    assert isinstance(result, error)
    assert "\n" not in str(result)
    assert str(path) in str(result)


def test_too_large(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * (MAX_ARTICLE_BYTES // 5 + 10))
    assert isinstance(only(read_path(path)), InputTooLarge)


def test_missing_path(tmp_path):
    result = only(read_path(tmp_path / "nope.txt"))
    assert isinstance(result, InputError)
    assert "no such file" in str(result)


def test_truncated_utf8_is_decoded_by_detection():
    text = decode_bytes("Caf\u00e9 talks".encode() + b"\xc3")
    assert text.startswith("Caf")


def test_jsonl_keeps_ids_order_and_reports_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "first", "text": BODY, "published": "2024-06-01", "title": "T1"}),
        "{not json",
        json.dumps({"id": "second", "html": HTML}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-text"}),
        "",
        json.dumps({"id": 3, "text": "A third article about a summit held on Friday in the capital city."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(read_path(path))
    assert [type(r).__name__ for r in results] == [
        "Article",
        "MalformedRecord",
        "Article",
        "MalformedRecord",
        "MalformedRecord",
        "Article",
    ]
    assert [r.id for r in results if isinstance(r, Article)] == ["first", "second", "3"]
    assert results[0].published == "2024-06-01" and results[0].title == "T1"
    bad = [r for r in results if isinstance(r, MalformedRecord)]
    assert [b.line for b in bad] == [2, 4, 5]
    assert f"{path}:2" in str(bad[0])


def test_directory_is_read_in_sorted_order(tmp_path):
    (tmp_path / "b.txt").write_text("Second article text about talks held on Monday in the capital.", encoding="utf-8")
    (tmp_path / "a.txt").write_text(
        "First article text about a treaty signed on Friday by two states.", encoding="utf-8"
    )
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    results = list(read_path(tmp_path))
    assert [r.text.split()[0] for r in results] == ["First", "Second"]


def test_empty_directory(tmp_path):
    result = only(read_path(tmp_path))
    assert isinstance(result, InputError)
