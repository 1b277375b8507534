"""WARC archives (Common Crawl's CC-NEWS layout): HTTP response records holding HTML pages.

Each ``response`` record whose HTTP payload is HTML becomes an article through the HTML reader;
``WARC-Target-URI`` is its url, and ``WARC-Date`` (the crawl time) its publication date when
the page itself gives none. Other records (requests, metadata, images, PDFs) are not articles
and are passed over; a page without article text is reported like any HTML file without one.
Archives are read with fastwarc, plain or compressed (gzip, detected from the bytes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from communique.article import Article
from communique.ingest.decode import decode_bytes
from communique.ingest.errors import InputError, InputTooLarge
from communique.ingest.html import declared_charset, read_html
from communique.limits import MAX_ARTICLE_BYTES

WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


@dataclass(frozen=True, slots=True)
class WarcPage:
    """The parts of one HTML response record that make an article."""

    origin: str
    """``path@offset``: where the record starts in the archive."""
    url: str | None
    crawled: str | None
    """The record's WARC-Date (ISO 8601)."""
    charset: str | None
    body: bytes


def iter_pages(path: Path, *, offset: int = 0, limit: int | None = None) -> Iterator[WarcPage | InputError]:
    """The HTML pages of the response records of an archive, from the record at byte ``offset``
    on, for at most ``limit`` response records (HTML or not): a shard of the archive."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    origin = str(path)
    records = pages = 0
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            for record in ArchiveIterator(handle, record_types=WarcRecordType.response, parse_http=True):
                if limit is not None and records >= limit:
                    return
                records += 1
                if "html" not in (record.http_content_type or "").lower():
                    continue
                pages += 1
                where = f"{origin}@{record.stream_pos}"
                if record.content_length > MAX_ARTICLE_BYTES + 65_536:
                    yield InputTooLarge(f"the page is over the {MAX_ARTICLE_BYTES:,}-byte article limit", origin=where)
                    continue
                yield WarcPage(
                    origin=where,
                    url=record.headers.get("WARC-Target-URI"),
                    crawled=record.headers.get("WARC-Date"),
                    charset=record.http_charset,
                    body=record.reader.read(),
                )
    except OSError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        yield InputError(f"not a readable WARC archive ({reason})", origin=origin)
        return
    if pages == 0 and offset == 0 and limit is None:
        yield InputError("the archive holds no HTML response records", origin=origin)


def record_offsets(path: Path) -> list[int]:
    """The byte offset of every response record (a quick pass: payloads are skipped), from
    which the archive is cut into shards that start reading mid-file."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with path.open("rb") as handle:
        return [
            record.stream_pos
            for record in ArchiveIterator(handle, record_types=WarcRecordType.response, parse_http=False)
        ]


def page_article(page: WarcPage) -> Article:
    """The article of one HTML response record (raises :class:`InputError` when there is none)."""
    if len(page.body) > MAX_ARTICLE_BYTES:
        raise InputTooLarge(f"the page is over the {MAX_ARTICLE_BYTES:,}-byte article limit", origin=page.origin)
    text = decode_bytes(page.body, declared=page.charset or declared_charset(page.body), origin=page.origin)
    article = read_html(text, origin=page.origin, url=page.url)
    if not article.published and page.crawled:
        article.published = page.crawled
    return article


def read_warc(path: Path) -> Iterator[Article | InputError]:
    """Every article of an archive, and an error in place of each page that has none."""
    for page in iter_pages(path):
        if isinstance(page, InputError):
            yield page
            continue
        try:
            yield page_article(page)
        except InputError as exc:
            yield exc
