"""Contract documents as Arrow tables, for Parquet: one row per document, event and actor.

The documents table keeps each whole document as JSON (nothing is lost); the events and actors
tables flatten the fields most analyses filter and group by (CAMEO code, QuadClass, Goldstein,
dyad, date; actor kind, country, sectors), keyed by the document's id. Schemas are fixed, so
every shard's file has the same columns, even when empty.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

_STRINGS = pa.list_(pa.string())

DOCUMENTS = pa.schema(
    [
        ("id", pa.string()),
        ("fingerprint", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("outlet", pa.string()),
        ("url", pa.string()),
        ("words", pa.int64()),
        ("events", pa.int32()),
        ("actors", pa.int32()),
        ("shard", pa.string()),
        ("document", pa.string()),
    ]
)

EVENTS = pa.schema(
    [
        ("document_id", pa.string()),
        ("event_id", pa.string()),
        ("cameo", pa.string()),
        ("root", pa.string()),
        ("quad_class", pa.int8()),
        ("goldstein", pa.float64()),
        ("plover_type", pa.string()),
        ("source_actors", _STRINGS),
        ("source_codes", _STRINGS),
        ("target_actors", _STRINGS),
        ("target_codes", _STRINGS),
        ("date", pa.string()),
        ("modality", pa.string()),
        ("confidence", pa.float64()),
        ("sentence", pa.string()),
    ]
)

ACTORS = pa.schema(
    [
        ("document_id", pa.string()),
        ("actor_id", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("code", pa.string()),
        ("country", pa.string()),
        ("org", pa.string()),
        ("sectors", _STRINGS),
        ("role", pa.string()),
        ("mentions", pa.int32()),
    ]
)


def _columns(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


def document_table(documents: list[dict[str, Any]], texts: list[str], shard: str) -> pa.Table:
    rows = [
        {
            "id": d["id"],
            "fingerprint": d["fingerprint"],
            "title": d.get("title"),
            "published": d.get("published"),
            "outlet": (d.get("source") or {}).get("outlet"),
            "url": (d.get("source") or {}).get("url"),
            "words": len(d["text"].split()),
            "events": len(d.get("events", [])),
            "actors": len(d.get("actors", [])),
            "shard": shard,
            "document": text,
        }
        for d, text in zip(documents, texts, strict=True)
    ]
    return _columns(rows, DOCUMENTS)


def _parties(event: dict[str, Any], side: str) -> tuple[list[str], list[str]]:
    parties = event.get(side) or []
    return [p.get("actor") or "" for p in parties], [p.get("code") or "" for p in parties]


def event_table(documents: list[dict[str, Any]]) -> pa.Table:
    rows = []
    for d in documents:
        for e in d.get("events", []):
            source_actors, source_codes = _parties(e, "source")
            target_actors, target_codes = _parties(e, "target")
            rows.append(
                {
                    "document_id": d["id"],
                    "event_id": e["id"],
                    "cameo": e.get("cameo"),
                    "root": e.get("root"),
                    "quad_class": e.get("quad_class"),
                    "goldstein": e.get("goldstein"),
                    "plover_type": (e.get("plover") or {}).get("type"),
                    "source_actors": source_actors,
                    "source_codes": source_codes,
                    "target_actors": target_actors,
                    "target_codes": target_codes,
                    "date": e.get("date"),
                    "modality": e.get("modality"),
                    "confidence": e.get("confidence"),
                    "sentence": (e.get("sentence") or {}).get("text"),
                }
            )
    return _columns(rows, EVENTS)


def actor_table(documents: list[dict[str, Any]]) -> pa.Table:
    rows = [
        {
            "document_id": d["id"],
            "actor_id": a["id"],
            "name": a.get("name"),
            "kind": a.get("kind"),
            "code": a.get("code"),
            "country": a.get("country"),
            "org": a.get("org"),
            "sectors": list(a.get("sectors") or []),
            "role": a.get("role"),
            "mentions": len(a.get("mentions") or []),
        }
        for d in documents
        for a in d.get("actors", [])
    ]
    return _columns(rows, ACTORS)
