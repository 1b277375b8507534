"""Ingest: read sources, extract each article once, store each in its own transaction.

Articles already in the store (same text fingerprint) are skipped before the NLP pipeline runs,
so rerunning an interrupted ingest costs only the articles that are missing.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from communique.article import Article
from communique.ingest.errors import InputError
from communique.store.records import AddResult
from communique.store.sources import read_source
from communique.store.store import Store


@dataclass(slots=True)
class IngestSummary:
    """What one ingest did."""

    added: int = 0
    present: int = 0
    """Articles that were stored already (same fingerprint), skipped before reading."""
    failed: int = 0
    syndicated: int = 0
    """Added articles recognised as copies of a stored one."""
    events_new: int = 0
    events_merged: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return round(self.added / self.seconds, 2) if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["seconds"] = round(self.seconds, 3)
        out["articles_per_second"] = self.articles_per_second
        return out


Progress = Callable[[str, IngestSummary], None]
"""Called after every article with its outcome (``added``, ``present``, ``failed``) and the running summary."""


def ingest(
    store: Store,
    sources: Iterable[str],
    *,
    published: str | None = None,
    batch_size: int = 16,
    progress: Progress | None = None,
    reader: Any = None,
) -> IngestSummary:
    """Read every source and store what is new; one article's failure never stops the rest."""
    summary = IngestSummary()
    started = time.perf_counter()

    def note(outcome: str) -> None:
        summary.seconds = time.perf_counter() - started
        if progress:
            progress(outcome, summary)

    origins: deque[str | None] = deque()
    """The origin of every item handed to the reader, which yields in input order."""

    def new_articles() -> Iterator[Article | InputError]:
        for source in sources:
            for item in read_source(source):
                if isinstance(item, Article) and store.has_article(item.fingerprint):
                    summary.present += 1
                    note("present")
                    continue
                origins.append(item.origin)
                yield item

    if reader is None:
        from communique.reader import Reader

        reader = Reader(batch_size=batch_size, published=published)
    for item in reader.read(new_articles()):
        origin = origins.popleft() if origins else None
        if isinstance(item, Exception):
            summary.failed += 1
            summary.errors.append(str(item))
            note("failed")
            continue
        result = store.add_document(item, origin=origin)
        _count(summary, result)
        note(result.status)
    summary.seconds = time.perf_counter() - started
    return summary


def _count(summary: IngestSummary, result: AddResult) -> None:
    if result.status == "present":
        summary.present += 1
        return
    summary.added += 1
    summary.events_new += result.events_new
    summary.events_merged += result.events_merged
    if result.duplicate_of is not None:
        summary.syndicated += 1
