"""Where ingested articles come from, beyond files and JSONL: RSS/Atom feeds and WARC archives.

:func:`read_source` takes what a user types after ``communique ingest``: a file, a directory, a
JSONL batch, a feed (a local file or an ``http(s)`` URL) or a WARC file (``.warc``, ``.warc.gz``),
and yields articles and, in their place, the errors of inputs it could not read, like
:func:`communique.ingest.read_path`. Feed entries are read from their own content or summary;
the linked page is never fetched.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from communique.article import Article
from communique.ingest import READABLE_SUFFIXES, read_bytes, read_path
from communique.ingest.errors import InputError, NoArticleContent
from communique.ingest.html import read_html
from communique.ingest.plaintext import read_plain_text, safe_text
from communique.limits import MAX_ARTICLE_BYTES

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
WARC_SUFFIXES = (".warc", ".warc.gz")
_FEED_SNIFF = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def is_feed(path: Path) -> bool:
    if path.suffix.lower() not in FEED_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            return bool(_FEED_SNIFF.search(handle.read(4096)))
    except OSError:
        return False


def read_source(source: str) -> Iterator[Article | InputError]:
    """Every article in one source (see the module's docstring for what a source is)."""
    if is_url(source):
        yield from read_feed(source, origin=source)
        return
    path = Path(source)
    if path.is_dir():
        files = _files(path)
        if not files:
            yield InputError("no readable files in the directory", origin=source)
        for file in files:
            yield from _read_file(file)
        return
    yield from _read_file(path)


def _files(directory: Path) -> list[Path]:
    """Readable files, feeds and WARCs under a directory, sorted; hidden files skipped."""
    out = []
    for path in sorted(directory.rglob("*")):
        if not path.is_file() or any(p.startswith(".") for p in path.relative_to(directory).parts):
            continue
        if path.name.endswith(".gold.json"):
            continue
        if path.suffix.lower() in READABLE_SUFFIXES or is_warc(path) or is_feed(path):
            out.append(path)
    return out


def _read_file(path: Path) -> Iterator[Article | InputError]:
    if is_warc(path):
        yield from read_warc(path)
    elif is_feed(path):
        yield from read_feed(str(path), origin=str(path))
    else:
        yield from read_path(path)


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _fragment_text(html: str) -> str:
    """Plain text of a feed entry's HTML fragment (paragraphs kept apart)."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:
        return re.sub(r"<[^>]+>", " ", html)
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n\n" + (block.tail or "")
    return str(root.text_content())


def _entry_article(entry: Any, *, origin: str, outlet: str | None) -> Article:
    entry = {key: safe_text(value) if isinstance(value, str) else value for key, value in entry.items()}
    contents = entry.get("content") or []
    html = contents[0].get("value") if contents else None
    html = html or entry.get("summary") or ""
    if not html.strip():
        raise InputError("the feed entry has no content or summary", origin=origin)
    link = entry.get("link")
    try:
        article = read_html(html, origin=origin, url=link)
    except NoArticleContent:
        text = _fragment_text(html).strip()
        if not text:
            raise
        article = read_plain_text(text, origin=origin)
    if entry.get("title"):
        article.title = entry["title"]
        if not article.text.startswith(entry["title"]):
            # The headline opens the article text, as in every other input.
            article = read_plain_text(f"{entry['title']}\n\n{article.text}", origin=origin)
            article.title = entry["title"]
    article.url = link or article.url
    article.published = _entry_date(entry) or article.published
    article.outlet = outlet or article.outlet
    authors = [a.get("name") for a in entry.get("authors") or [] if a.get("name")]
    article.authors = authors or article.authors
    return article


def read_feed(location: str, *, origin: str) -> Iterator[Article | InputError]:
    """Articles from an RSS or Atom feed (a local file, or a URL that feedparser fetches)."""
    import feedparser

    try:
        if is_url(location):
            parsed = feedparser.parse(location)
        else:
            data = Path(location).read_bytes()
            if len(data) > 50 * MAX_ARTICLE_BYTES:
                yield InputError("the feed is over 100 MB", origin=origin)
                return
            parsed = feedparser.parse(data)
    except OSError as exc:
        yield InputError(f"cannot read the feed ({exc.strerror or exc})", origin=origin)
        return
    except Exception as exc:  # feedparser fails on some character references (&#xD800;, &#x110000;)
        yield InputError(f"the feed could not be parsed ({type(exc).__name__})", origin=origin)
        return
    entries = parsed.get("entries") or []
    if not entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({str(reason).splitlines()[0]})" if reason else ""
        yield InputError(f"no feed entries found{detail}", origin=origin)
        return
    outlet = (parsed.get("feed") or {}).get("title")
    outlet = safe_text(outlet) if isinstance(outlet, str) else None
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}#{number}"
        try:
            yield _entry_article(entry, origin=where, outlet=outlet)
        except InputError as exc:
            yield exc


def read_warc(path: Path) -> Iterator[Article | InputError]:
    """Articles from the HTML responses in a WARC file (gzip or not); other records are skipped."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    origin = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(f"cannot open the WARC file ({exc.strerror or exc})", origin=origin)
        return
    found = 0
    try:
        # stream_detect recognises gzip-compressed archives by their magic bytes.
        for record in ArchiveIterator(handle, record_types=WarcRecordType.response, parse_http=True):
            url = record.headers.get("WARC-Target-URI")
            where = f"{origin}#{record.record_id or found + 1}"
            content_type = (record.http_headers.get("Content-Type") or "") if record.http_headers else ""
            status = record.http_headers.status_code if record.http_headers else None
            if "html" not in content_type.lower() or (status is not None and status != 200):
                continue
            found += 1
            body = record.reader.read()
            try:
                article = read_bytes(body, origin=where, html=True)
            except InputError as exc:
                yield exc
                continue
            article.url = safe_text(url) if url else article.url
            if not article.published:
                crawled = record.headers.get("WARC-Date")
                article.published = safe_text(crawled[:10]) if crawled else None
            yield article
    except Exception as exc:  # a truncated or corrupt archive: report, keep what was read
        yield InputError(f"the WARC file is damaged ({type(exc).__name__}: {exc})", origin=origin)
        return
    finally:
        handle.close()
    if not found:
        yield InputError("no HTML responses in the WARC file", origin=origin)
