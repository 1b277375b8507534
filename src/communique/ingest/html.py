"""HTML to :class:`~communique.article.Article` through trafilatura.

trafilatura finds the article body in the page (dropping navigation, comments and footers)
and its metadata (title, date, author, site name); the body then goes through the plain-text
reader so that HTML and text articles are structured the same way.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from communique.article import Article
from communique.ingest.errors import NoArticleContent
from communique.ingest.plaintext import read_plain_text, safe_text

MIN_ARTICLE_WORDS = 8
"""Fewer words than this left after boilerplate removal is page chrome, not an article."""

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_HTML_SNIFF = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|div|p|meta|title)\b", re.I | re.S
)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first kilobytes, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:2048]))


def read_html(html: str, *, origin: str | None = None, url: str | None = None) -> Article:
    """Extract the article in an HTML page; raise :class:`NoArticleContent` when there is none."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        result = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise NoArticleContent(f"the HTML could not be parsed ({type(exc).__name__})", origin=origin) from None
    meta: dict[str, Any] = {}
    if result is not None:
        meta = result if isinstance(result, dict) else result.as_dict()
        meta = {key: safe_text(value) if isinstance(value, str) else value for key, value in meta.items()}
    body = meta.get("text") or ""
    if not body.strip():
        raise NoArticleContent("no article text found in the HTML page", origin=origin)
    article = read_plain_text(body, origin=origin)
    words = len(article.text.split())
    if words < MIN_ARTICLE_WORDS:
        detail = f" (only {words} word{'s' if words != 1 else ''} of text)" if words else ""
        raise NoArticleContent(f"no article text found in the HTML page{detail}", origin=origin)
    article.title = meta.get("title") or article.title
    article.published = meta.get("date") or article.published
    article.outlet = meta.get("sitename") or article.outlet
    article.url = url or meta.get("url")
    if meta.get("author"):
        authors = [a.strip() for a in re.split(r";|,| and ", meta["author"]) if a.strip()]
        article.authors = authors or article.authors
    return article
