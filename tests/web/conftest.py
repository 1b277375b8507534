"""Fixtures of the web tests: documents read once per session, a fresh store per module, the
app on a TestClient, and the app served by uvicorn on a free local port for the browser."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from communique.knowledge import data_path

EXAMPLES = Path(str(data_path("examples")))
EXAMPLE = EXAMPLES / "finland-joins-nato.txt"

INJECTION_ARTICLE = """Ministers meet in Oslo <script>alert('headline')</script>

OSLO, March 3 (Test Wire) - The foreign ministers of Norway and Chile met in Oslo on Monday and signed a trade agreement <img src=x onerror=alert('img')> that lowers tariffs on salmon and copper.

"<b>We</b> will deepen our ties with Chile," Norwegian Foreign Minister Espen Barth Eide said after the meeting. "><script>alert('attribute')</script>

Chile's foreign minister said the deal <iframe src="javascript:alert('frame')"></iframe> opens a new chapter.
"""
"""Our own test article: script tags and HTML-injection strings in the headline, body and quotes."""

INJECTED = ("<script>alert('headline')</script>", "<img src=x onerror=alert('img')>", '"><script>alert(')


@pytest.fixture(scope="session")
def web_reader(nlp):
    from communique.reader import Reader
    from communique.web.reading import ArticleReader

    return ArticleReader(Reader(nlp=nlp))


@pytest.fixture(scope="session")
def example_documents(web_reader) -> list[dict[str, Any]]:
    """The bundled example articles, read once for every web test."""
    from communique.web.reading import Submission

    return [
        web_reader.read(Submission(text=path.read_text(encoding="utf-8"), origin=path.name))
        for path in sorted(EXAMPLES.glob("*.txt"))
    ]


@pytest.fixture(scope="session")
def injection_document(web_reader) -> dict[str, Any]:
    """The injection article, read, with a hostile title and source URL as a feed might give."""
    from communique.web.reading import Submission

    document = web_reader.read(Submission(text=INJECTION_ARTICLE, published="2024-03-04"))
    document["title"] = "Ministers meet <script>alert('title')</script>"
    document["source"] = {"outlet": "<b>Test Wire</b>", "url": "javascript:alert('url')", "authors": []}
    return document


@pytest.fixture(scope="module")
def store_url(tmp_path_factory, example_documents, injection_document) -> str:
    """A fresh SQLite store holding the examples and the injection article."""
    from communique.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('web-store') / 'store.db'}"
    with Store(url) as store:
        for document in [*example_documents, injection_document]:
            store.add_document(document, origin="test")
    return url


@pytest.fixture(scope="module")
def app(store_url, web_reader):
    from communique.web import WebSettings, create_app

    return create_app(WebSettings(database_url=store_url), reader=web_reader)


@pytest.fixture(scope="module")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def article_id_titled(client, fragment: str) -> int:
    items = client.get("/api/v1/articles", params={"per_page": 500}).json()["items"]
    return next(a["id"] for a in items if fragment in (a["title"] or ""))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def live_server(app) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free loopback port; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
