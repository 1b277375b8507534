"""The web app's access to the store: one :class:`~communique.store.Store` per app, opened on
first use (so the reader pages work even when no store can be opened), and the relations ledger
built from it for the dyad view and the alliance network."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import HTTPException, Request

from communique.analysis.ledger import LedgerEntry, entries
from communique.store import Store, StoreError


class StoreAccess:
    """Opens the store at ``url`` once; an unopenable store is a 503 with the store's reason."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._ledger: tuple[tuple[int, int, int], list[LedgerEntry], dict[str, int]] | None = None

    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                try:
                    self._store = Store(self.url)
                except StoreError as exc:
                    raise HTTPException(503, str(exc)) from exc
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def ledger(self) -> tuple[list[LedgerEntry], dict[str, int]]:
        """Ledger entries of every stored article that states a relation or names an agreement,
        and the stored article of each document id. Rebuilt only when those tables change."""
        store = self.store()
        counts = store.counts()
        version = (counts.get("articles", 0), counts.get("relations", 0), counts.get("agreements", 0))
        cached = self._ledger
        if cached is not None and cached[0] == version:
            return cached[1], cached[2]
        article_ids = sorted(
            {r.article_id for r in store.relations(limit=None)} | {a.article_id for a in store.agreements(limit=None)}
        )
        documents: list[dict[str, Any]] = []
        article_of: dict[str, int] = {}
        for article_id in article_ids:
            document = store.document(article_id)
            if document is not None:
                documents.append(document)
                article_of.setdefault(str(document.get("id")), article_id)
        ledger = entries(documents)
        self._ledger = (version, ledger, article_of)
        return ledger, article_of


def access(request: Request) -> StoreAccess:
    found: StoreAccess = request.app.state.store
    return found


def keep_document(request: Request, document: dict[str, Any], api: bool = True) -> str:
    """Store a document read on request; the URL of its stored article (API or page)."""
    try:
        result = access(request).store().add_document(document, origin="web")
    except StoreError as exc:
        raise HTTPException(503, str(exc)) from exc
    return f"/api/v1/articles/{result.article_id}" if api else f"/articles/{result.article_id}"
