"""Shared fixtures: one loaded pipeline for the whole session, and helpers to read texts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="session")
def nlp():
    from communique.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def read(nlp) -> Callable[..., dict[str, Any]]:
    """Read a text (our own test sentences) into a contract document."""
    from communique.ingest.plaintext import read_plain_text
    from communique.reader import Reader

    reader = Reader(nlp=nlp)

    def run(text: str, published: str | None = "2024-06-19") -> dict[str, Any]:
        article = read_plain_text(text)
        article.published = published
        return reader.document(article)

    return run


def actor_named(doc: dict[str, Any], fragment: str) -> dict[str, Any]:
    for actor in doc["actors"]:
        if fragment.lower() in actor["name"].lower():
            return actor
    raise AssertionError(f"no actor named like {fragment!r} in {[a['name'] for a in doc['actors']]}")
