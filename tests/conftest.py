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


# ---------------------------------------------------------------- the store, on both backends


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server (see tests/pgserver.py), or a skip when no binaries are found.

    On CI (``CI`` set) missing binaries fail the run instead: ``make test`` installs them."""
    import os

    from pgserver import PostgresServer, find_bin

    bin_dir = find_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries not found (scripts/ensure-postgres.sh installs them)")
        pytest.skip("PostgreSQL binaries not found (install Debian's postgresql or set COMMUNIQUE_PG_BIN)")
    server = PostgresServer.start(bin_dir)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A URL of a fresh, empty store on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    import uuid

    server = request.getfixturevalue("pg_server")
    return server.create_database(f"t_{uuid.uuid4().hex}")
