"""Measure cross-source consolidation against a labelled set: pairwise precision and recall.

The labelled set (``tests/data/consolidation``) is a JSONL batch of our own short reports and a
TOML file grouping event records of those articles into real-world events. The articles are
ingested into a fresh store; each labelled mention is resolved to the event the store put it in;
then every pair of labelled mentions counts as a true positive (same gold event, same stored
event), a false positive (different gold events, same stored event) or a false negative (same
gold event, different stored events).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import select

from communique.store.ingest import ingest
from communique.store.models import Article, Event, EventMention
from communique.store.store import Store


@dataclass(frozen=True, slots=True)
class LabelledMention:
    event: str
    article: str
    pair: frozenset[str]
    codes: tuple[str, ...]


def load_labels(path: Path) -> list[LabelledMention]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return [
        LabelledMention(event["name"], m["article"], frozenset(m["pair"]), tuple(m["codes"]))
        for event in data["event"]
        for m in event["mentions"]
    ]


def predicted_events(store: Store, labels: list[LabelledMention]) -> dict[LabelledMention, int | None]:
    """The stored event of each labelled mention (None when the extractor produced no such record)."""
    rows = []
    with store.session() as session:
        query = (
            select(Article.doc_id, EventMention.event_code, Event.pair_lo, Event.pair_hi, Event.id, EventMention.id)
            .join(EventMention, EventMention.article_id == Article.id)
            .join(Event, Event.id == EventMention.event_id)
            .where(EventMention.is_primary)
            .order_by(EventMention.id)
        )
        rows = list(session.execute(query))
    found: dict[LabelledMention, int | None] = {}
    for label in labels:
        found[label] = next(
            (
                event_id
                for doc_id, code, low, high, event_id, _ in rows
                if doc_id == label.article and frozenset((low, high)) == label.pair and code.startswith(label.codes)
            ),
            None,
        )
    return found


def pairwise(found: dict[LabelledMention, int | None]) -> dict[str, Any]:
    resolved = [(label, event) for label, event in found.items() if event is not None]
    tp = fp = fn = 0
    for (a, event_a), (b, event_b) in combinations(resolved, 2):
        same_gold, same_predicted = a.event == b.event, event_a == event_b
        tp += same_gold and same_predicted
        fp += same_predicted and not same_gold
        fn += same_gold and not same_predicted
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "pairs_true_positive": tp,
        "pairs_false_positive": fp,
        "pairs_false_negative": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "labelled_mentions": len(found),
        "unresolved_mentions": sorted(f"{m.article}:{m.event}" for m, e in found.items() if e is None),
    }


def evaluate(folder: Path, store_url: str, *, reader: Any = None) -> dict[str, Any]:
    """Ingest ``folder/articles.jsonl`` into the (empty) store at ``store_url`` and score it."""
    labels = load_labels(folder / "labels.toml")
    with Store(store_url) as store:
        summary = ingest(store, [str(folder / "articles.jsonl")], reader=reader)
        found = predicted_events(store, labels)
        counts = store.counts()
        syndicated = [a.doc_id for a in store.articles(limit=None) if a.duplicate_of is not None]
    result = pairwise(found)
    result.update(
        {
            "articles": summary.added,
            "events_stored": counts["events"],
            "mentions_stored": counts["event_mentions"],
            "syndicated_copies_found": sorted(syndicated),
        }
    )
    return result
