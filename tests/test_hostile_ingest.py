"""Hostile input to ingestion (no NLP): whatever the bytes, an Article or a one-line InputError.

Properties run with hypothesis, derandomized so that CI sees the same examples every time; the
regression tests below them pin the crashes the properties and the fuzz script found.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.article import Article
from communique.ingest import read_bytes, read_path
from communique.ingest.decode import decode_bytes
from communique.ingest.errors import InputError, MalformedRecord
from communique.ingest.html import read_html
from communique.ingest.jsonl import read_jsonl
from communique.ingest.plaintext import read_plain_text, safe_text
from hostile import BYTE_PIECES, HEADS, HTML_PIECES, JSON_VALUES, RECORD_KEYS, SENTENCES, TEXT_PIECES

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

pieces = st.one_of(
    st.sampled_from(SENTENCES), st.sampled_from(HEADS), st.sampled_from(TEXT_PIECES), st.text(max_size=30)
)
texts = st.lists(pieces, max_size=24).flatmap(
    lambda parts: st.sampled_from([" ", "", "\n"]).map(lambda j: j.join(parts))
)
markup = st.lists(
    st.one_of(st.sampled_from(HTML_PIECES), st.sampled_from(SENTENCES), st.sampled_from(TEXT_PIECES)), max_size=40
).map("".join)


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    """Text or markup in some encoding, cut anywhere, with raw byte pieces spliced in."""
    text = draw(st.one_of(texts, markup))
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "utf-32", "latin-1", "cp1252"]))
    data = text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
    for piece in draw(st.lists(st.sampled_from(BYTE_PIECES), max_size=3)):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + piece + data[at:]
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


any_bytes = st.one_of(st.binary(max_size=4000), file_bytes())


def assert_sound_article(article: Article) -> None:
    """What every consumer of an Article relies on: text to read, marked lines inside it,
    and nothing that UTF-8 output or PostgreSQL cannot take."""
    assert article.text.strip()
    article.text.encode("utf-8")  # no unpaired surrogates
    assert "\x00" not in article.text
    for line in article.lines:
        assert 0 <= line.start < line.end <= len(article.text)
    for value in (article.id, article.title, article.published, article.outlet, article.url, *article.authors):
        if value is not None:
            value.encode("utf-8")
            assert "\x00" not in value


def assert_one_line(error: InputError) -> None:
    message = str(error)
    assert message and "\n" not in message and "Traceback" not in message


def assert_article_or_error(read: Callable[[], Any], origin: str | None = None) -> Any:
    """What ``read()`` gives is sound, or the InputError it raises is one line naming ``origin``;
    any other exception fails the test."""
    try:
        result = read()
    except InputError as error:
        assert_one_line(error)
        assert origin is None or str(error).startswith(f"{origin}: ")
        return error
    if isinstance(result, Article):
        assert_sound_article(result)
    return result


@PROPERTY
@given(data=any_bytes, html=st.sampled_from([None, True, False]))
def test_any_bytes_give_an_article_or_an_input_error(data, html):
    assert_article_or_error(lambda: read_bytes(data, origin="hostile.txt", html=html), "hostile.txt")


@PROPERTY
@given(data=any_bytes)
def test_decoding_gives_text_or_an_input_error(data):
    result = assert_article_or_error(lambda: decode_bytes(data, declared="no-such-charset"))
    assert isinstance(result, str | InputError)


@PROPERTY
@given(html=markup)
def test_broken_and_deeply_nested_html_never_crashes(html):
    assert_article_or_error(lambda: read_html(html, origin="page.html"), "page.html")


@PROPERTY
@given(text=texts)
def test_any_text_reads_into_an_article_whose_lines_slice_its_text(text):
    article = read_plain_text(text)
    article.text.encode("utf-8")
    for line in article.lines:
        assert 0 <= line.start < line.end <= len(article.text)
    if article.title is not None:
        assert article.title in article.text


json_values = st.one_of(st.sampled_from(JSON_VALUES), texts, st.lists(texts, max_size=3))
records = st.dictionaries(st.sampled_from(RECORD_KEYS), json_values, max_size=len(RECORD_KEYS))
bad_lines = st.one_of(
    records.map(json.dumps),
    st.sampled_from(JSON_VALUES).map(json.dumps),
    st.integers(1, 50_000).map(lambda n: "[" * n),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    texts,
).map(lambda line: line.encode("utf-8", "surrogatepass").replace(b"\n", b" ").replace(b"\r", b" "))


@st.composite
def jsonl_batches(draw: st.DrawFn) -> tuple[bytes, dict[int, str]]:
    """A batch of good records (whose ids we know) among hostile lines; line number -> id."""
    lines: list[bytes] = []
    good: dict[int, str] = {}
    for number in range(1, draw(st.integers(1, 12)) + 1):
        if draw(st.booleans()):
            record_id = f"good-{number}"
            lines.append(json.dumps({"id": record_id, "text": draw(st.sampled_from(SENTENCES))}).encode())
            good[number] = record_id
        else:
            lines.append(draw(bad_lines))
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + b"\n".join(lines) + b"\n", good


@PROPERTY
@given(batch=jsonl_batches())
def test_hostile_jsonl_lines_are_reported_by_number_and_the_good_lines_still_read(batch):
    data, good = batch
    blank = {n for n, line in enumerate(data.split(b"\n"), start=1) if not line.strip()}
    results = list(read_jsonl(io.BytesIO(data), origin="batch.jsonl"))
    numbered = [n for n in range(1, data.count(b"\n") + 1) if n not in blank]
    assert len(results) == len(numbered)
    for number, item in zip(numbered, results, strict=True):
        assert isinstance(item, Article | InputError)
        if isinstance(item, InputError):
            assert_one_line(item)
            assert str(item).startswith(f"batch.jsonl:{number}: ")
            assert number not in good
        else:
            assert_sound_article(item)
            assert item.origin == f"batch.jsonl:{number}"
            if number in good:
                assert item.id == good[number]


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=any_bytes, suffix=st.sampled_from([".txt", ".html", ".jsonl", ".md", ".htm", ".ndjson"]))
def test_files_of_any_kind_give_articles_or_errors_naming_the_file(tmp_path, data, suffix):
    path = tmp_path / f"hostile{suffix}"
    path.write_bytes(data)
    for item in read_path(path):
        if isinstance(item, InputError):
            assert_one_line(item)
            assert str(item).startswith(str(path))
        else:
            assert_sound_article(item)


feed_fields = st.one_of(
    texts, markup, st.sampled_from(TEXT_PIECES), st.sampled_from(["&#xD800;", "&#x110000;", "&#0;"])
)


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    """An RSS feed whose every field is hostile; sometimes cut short."""
    fields = [draw(feed_fields) for _ in range(5)]
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>{}</title><item><title>{}</title>'
        "<description>{}</description><link>{}</link><pubDate>{}</pubDate></item></channel></rss>"
    ).format(*fields)
    data = rss.encode("utf-8", "surrogatepass")
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


@st.composite
def warcs(draw: st.DrawFn) -> bytes:
    """A WARC response record with a hostile body, target URI and date; its length may lie."""
    body = draw(any_bytes)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    uri = draw(st.sampled_from([b"https://wire.example/a", b"http://x/\xff", b"\xc3", b""]))
    date = draw(st.sampled_from([b"2024-05-06T10:00:00Z", b"\x00", b"yesterday", b""]))
    length = len(http) + draw(st.sampled_from([0, 0, -7, 9]))
    record = (
        b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Target-URI: " + uri
        + b"\r\nWARC-Date: " + date + b"\r\nContent-Type: application/http; msgtype=response\r\n"
        + b"Content-Length: " + str(length).encode() + b"\r\n\r\n" + http + b"\r\n\r\n"
    )  # fmt: skip
    record = record[: draw(st.integers(0, len(record)))] if draw(st.booleans()) else record
    return gzip.compress(record) if draw(st.booleans()) else record


@settings(
    max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kind=st.sampled_from(["feed.rss", "crawl.warc"]), data=st.data())
def test_hostile_feeds_and_warc_files_give_articles_or_errors(tmp_path, kind, data):
    from communique.store.sources import read_source

    content = data.draw(feeds() if kind == "feed.rss" else warcs())
    path = tmp_path / (kind if kind == "feed.rss" or content[:2] != b"\x1f\x8b" else kind + ".gz")
    path.write_bytes(content)
    for item in read_source(str(path)):
        if isinstance(item, InputError):
            assert_one_line(item)
        else:
            assert_sound_article(item)


# ---------------------------------------------------------------- regressions the properties found


def test_character_references_feedparser_cannot_decode_are_an_error_not_a_crash(tmp_path):
    from communique.store.sources import read_source

    path = tmp_path / "feed.rss"
    path.write_text(f"<rss><channel><item><title>T&#xD800;</title><description>{SENTENCES[0]}&#x110000;"
                    "</description></item></channel></rss>", encoding="utf-8")  # fmt: skip
    (error,) = read_source(str(path))
    assert isinstance(error, InputError) and "could not be parsed" in str(error)


def test_a_bom_before_the_first_jsonl_record_is_no_error():
    data = b'\xef\xbb\xbf{"id": "one", "text": "' + SENTENCES[0].encode() + b'"}\n'
    (article,) = read_jsonl(io.BytesIO(data), origin="b.jsonl")
    assert isinstance(article, Article) and article.id == "one"


def test_json_nested_past_the_recursion_limit_is_a_malformed_line():
    data = b"[" * 100_000 + b"\n" + json.dumps({"id": "after", "text": SENTENCES[1]}).encode() + b"\n"
    error, article = read_jsonl(io.BytesIO(data), origin="b.jsonl")
    assert isinstance(error, MalformedRecord) and error.line == 1 and "nested too deeply" in str(error)
    assert isinstance(article, Article) and article.id == "after"


def test_unpaired_surrogates_and_nul_in_jsonl_strings_are_made_safe():
    record = {"id": "x\ud800", "title": "T\x00", "authors": ["A\udfff"], "text": SENTENCES[0] + " \ud800\x00\x0c"}
    (article,) = read_jsonl(io.BytesIO(json.dumps(record).encode() + b"\n"), origin="b.jsonl")
    assert isinstance(article, Article)
    assert_sound_article(article)
    assert article.id == "x\ufffd" and article.title == "T" and article.authors == ["A\ufffd"]
    assert article.text.endswith("\ufffd")


def test_safe_text_keeps_text_and_line_breaks():
    assert safe_text("Talks in Oslo\tended.\r\n") == "Talks in Oslo\tended.\r\n"
    assert safe_text("a\x0bb\x0cc\x85d") == "a\nb\nc\nd"
    assert safe_text("a\x00b\x1bc\x9fd\ud800") == "abcd\ufffd"
