"""JSONL batches: one article record per line.

A record is an object with ``id`` and ``text`` or ``html``, and optionally ``published``,
``title``, ``url``, ``outlet`` and ``authors``. A malformed line is reported with its line
number and skipped; the caller decides the exit status once the rest is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from communique.article import Article
from communique.ingest.errors import InputError, InputTooLarge, MalformedRecord
from communique.ingest.html import read_html
from communique.ingest.plaintext import read_plain_text, safe_text
from communique.limits import MAX_ARTICLE_BYTES, MAX_JSONL_LINE_BYTES


def _record_article(record: dict[str, Any], *, origin: str, line: int) -> Article:
    where = f"{origin}:{line}"
    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise MalformedRecord('the record has no "text" or "html" string', origin=origin, line=line)
    is_html = not (isinstance(text, str) and text.strip())
    body = html if is_html else text
    if not isinstance(body, str) or not body.strip():
        raise MalformedRecord("the record's text is empty", origin=origin, line=line)
    if len(body.encode("utf-8", "surrogatepass")) > MAX_ARTICLE_BYTES:
        raise InputTooLarge(f"the record's text is over the {MAX_ARTICLE_BYTES:,}-byte article limit", origin=where)
    url = safe_text(record["url"]) if isinstance(record.get("url"), str) else None
    article = read_html(body, origin=where, url=url) if is_html else read_plain_text(body, origin=where)
    if record.get("id") is not None:
        article.id = safe_text(str(record["id"]))
    for key in ("published", "title", "url", "outlet"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            setattr(article, key, safe_text(value.strip()))
    authors = record.get("authors")
    if isinstance(authors, list) and all(isinstance(a, str) for a in authors):
        article.authors = [safe_text(a) for a in authors]
    return article


def read_jsonl(handle: IO[bytes], *, origin: str) -> Iterator[Article | InputError]:
    """Yield each line's Article, or the InputError that explains why the line was skipped."""
    for number, raw in enumerate(handle, start=1):
        item = read_jsonl_line(raw, origin=origin, number=number)
        if item is not None:
            yield item


def read_jsonl_line(raw: bytes, *, origin: str, number: int) -> Article | InputError | None:
    """One line's Article, the InputError that explains why it cannot be read, or None for a
    blank line."""
    if len(raw) > MAX_JSONL_LINE_BYTES:
        limit = f"{MAX_JSONL_LINE_BYTES:,}"
        return InputTooLarge(f"line over the {limit}-byte JSONL line limit", origin=f"{origin}:{number}")
    if not raw.strip():
        return None
    try:
        # A byte-order mark may open the file (as editors on Windows write it).
        record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
    except UnicodeDecodeError:
        return MalformedRecord("the line is not valid UTF-8", origin=origin, line=number)
    except json.JSONDecodeError as exc:
        return MalformedRecord(f"not valid JSON ({exc.msg} at column {exc.colno})", origin=origin, line=number)
    except RecursionError:  # json's parser recurses once per nested bracket
        return MalformedRecord("the JSON is nested too deeply", origin=origin, line=number)
    if not isinstance(record, dict):
        return MalformedRecord(f"expected a JSON object, got {type(record).__name__}", origin=origin, line=number)
    try:
        return _record_article(record, origin=origin, line=number)
    except InputError as exc:
        return exc
