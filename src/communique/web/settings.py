"""What one running web app is configured with (the ``communique serve`` options)."""

from __future__ import annotations

from dataclasses import dataclass

from communique.limits import MAX_ARTICLE_BYTES

MAX_BODY_BYTES = MAX_ARTICLE_BYTES + 256_000
"""Largest request body: one article at the article limit plus room for a form's other fields
and multipart framing. A larger body is refused with 413 before it is read in full."""


@dataclass(frozen=True, slots=True)
class WebSettings:
    database_url: str | None = None
    """The store to show (SQLAlchemy URL); ``None`` means the store's default."""
    max_body_bytes: int = MAX_BODY_BYTES
    cors_origins: tuple[str, ...] = ()
    """Origins allowed to call the API from a browser. Empty (the default) means CORS is closed:
    no ``Access-Control-Allow-Origin`` header is ever sent."""
