"""The corpus store: every fact with its provenance, events consolidated across sources.

``Store(url)`` opens (and creates or migrates) a SQLite file or a PostgreSQL database;
``add_document`` stores one contract document in one transaction; ``events``, ``dyad``,
``quotes``, ``articles``, ``actors``, ``relations`` and ``agreements`` answer questions with
frozen records (:mod:`communique.store.records`).
"""

from communique.store.engine import ENV_VAR, default_url
from communique.store.records import (
    ActorRecord,
    AddResult,
    AgreementRecord,
    ArticleRecord,
    DyadBucket,
    EventActor,
    EventRecord,
    MentionRecord,
    QuoteRecord,
    RelationRecord,
)
from communique.store.store import Store, StoreError

__all__ = [
    "ENV_VAR",
    "ActorRecord",
    "AddResult",
    "AgreementRecord",
    "ArticleRecord",
    "DyadBucket",
    "EventActor",
    "EventRecord",
    "MentionRecord",
    "QuoteRecord",
    "RelationRecord",
    "Store",
    "StoreError",
    "default_url",
]
