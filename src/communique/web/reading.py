"""Reading articles for the web: one pipeline per process, shared by every request.

The spaCy pipeline is loaded on the first read, not at start-up, so the pages that only show the
store come up at once. Reads are serialised by a lock: a spaCy ``Language`` is not documented as
thread-safe, the work is CPU-bound, and FastAPI runs plain functions in a thread pool.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from communique.article import Article
from communique.dates import normalise_published
from communique.ingest import read_bytes
from communique.ingest.errors import InputError, InputTooLarge
from communique.ingest.html import read_html
from communique.ingest.plaintext import read_plain_text, safe_text
from communique.limits import MAX_ARTICLE_BYTES
from communique.reader import Reader


class UnreadableArticle(ValueError):
    """The submitted article cannot be read; ``str()`` is a message for the user."""


@dataclass(slots=True)
class Submission:
    """An article as a user hands it over: pasted text, HTML, or an uploaded file's bytes."""

    text: str | None = None
    html: str | None = None
    data: bytes | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    origin: str = "the submitted article"


def published_date(value: str | None) -> str | None:
    """The normalised publication date, ``None`` when not given; a wrong date is refused."""
    if value is None or not value.strip():
        return None
    normal = normalise_published(value.strip())
    if normal is None:
        raise UnreadableArticle(f"published: {value!r} is not a date (use YYYY-MM-DD)")
    return normal


def to_article(submission: Submission) -> Article:
    """The :class:`Article` of a submission, by the same ingestion rules as the command line."""
    published = published_date(submission.published)
    try:
        if submission.data is not None:
            article = read_bytes(submission.data, origin=submission.origin)
        else:
            body = submission.html if submission.html and submission.html.strip() else submission.text
            if body is None or not body.strip():
                raise UnreadableArticle("the article is empty: give its text or HTML")
            size = len(body.encode("utf-8", "surrogatepass"))
            if size > MAX_ARTICLE_BYTES:
                raise InputTooLarge(f"{size:,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte article limit")
            if body is submission.html:
                article = read_html(body, origin=submission.origin, url=submission.url)
            else:
                article = read_plain_text(body, origin=submission.origin)
                if not article.text.strip():
                    raise UnreadableArticle("the article holds no text")
    except InputError as exc:
        raise UnreadableArticle(exc.reason) from exc
    if published:
        article.published = published
    for key in ("title", "url"):
        value = getattr(submission, key)
        if value and value.strip():
            setattr(article, key, safe_text(value.strip()))
    return article


class ArticleReader:
    """Turns submissions into contract documents with the process's one pipeline."""

    def __init__(self, reader: Reader | None = None) -> None:
        self._reader = reader
        self._lock = threading.Lock()

    def read(self, submission: Submission) -> dict[str, Any]:
        article = to_article(submission)
        with self._lock:
            if self._reader is None:
                self._reader = Reader()
            return self._reader.document(article)
