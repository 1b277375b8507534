"""PLOVER JSONL: one record per event with the field names of the PLOVER specification
(Open Event Data Alliance, "JSON Data Fields"): id, date, source, recipient, event, mode, context,
quad_code, event_scale, event_loc, event_text, text_info, cite_info, coder, coded_date.

PLOVER drops CAMEO's statement and appeal categories (01, 02); events without a PLOVER category
are left out. The CAMEO code is kept in an added ``cameo`` field, as the specification allows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import select

from communique import __version__
from communique.store.export.gdelt import BATCH
from communique.store.models import Article, Event, EventMention
from communique.store.store import Store

CODER = f"communique {__version__}"


def _actor(code: str | None, country: str | None, name: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"code": country or code}
    if code and country and code.startswith(country) and len(code) > len(country):
        out["sector"] = code[len(country) :]
    elif code and not country:
        out["code"] = code
    if name:
        out["actor_text"] = name
    return out


def _location(event: Event) -> dict[str, Any] | None:
    if not (event.place_name or event.place_country):
        return None
    loc: dict[str, Any] = {"name": event.place_name, "cc3": event.place_country}
    if event.place_lat is not None:
        loc["latitude"], loc["longitude"] = event.place_lat, event.place_lon
    if event.place_geonames_id is not None:
        loc["geonameid"] = event.place_geonames_id
    if event.place_feature:
        loc["feature code"] = event.place_feature
    return loc


def plover_record(event: Event, mentions: list[tuple[EventMention, Article]]) -> dict[str, Any]:
    """One event as a PLOVER record (empty optional fields left out)."""
    day = event.day
    record: dict[str, Any] = {
        "id": f"communique-{event.id}",
        "date": f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}" if day else None,
        "source": [_actor(event.actor1_code, event.actor1_country, event.actor1_name)],
        "recipient": ([_actor(event.actor2_code, event.actor2_country, event.actor2_name)] if event.actor2_key else []),
        "event": [event.plover_type],
        "mode": [event.plover_mode] if event.plover_mode else [],
        "context": list(event.plover_contexts or []),
        "quad_code": event.quad_class,
        "event_scale": event.goldstein,
        "event_loc": _location(event),
        "event_text": [m.sentence for m, _ in mentions],
        "cameo": event.event_code,
        "coder": CODER,
        "coded_date": event.date_added.date().isoformat() if event.date_added else None,
    }
    if mentions:
        first, article = mentions[0]
        record["text_info"] = {"sequence": first.sentence_id, "start": first.sentence_start, "end": first.sentence_end}
        record["cite_info"] = {
            "url": article.url,
            "title": article.title,
            "publication": article.source,
            "coder": CODER,
            "codebook": "CAMEO/PLOVER as mapped in communique's cameo.toml",
        }
    return {k: v for k, v in record.items() if v not in (None, [], {})}


def iter_plover(store: Store) -> Iterator[dict[str, Any]]:
    with store.session() as session:
        events = session.scalars(
            select(Event).where(Event.plover_type.is_not(None)).order_by(Event.id).execution_options(yield_per=BATCH)
        )
        for chunk in events.partitions(BATCH):
            ids = [e.id for e in chunk]
            found: dict[int, list[tuple[EventMention, Article]]] = defaultdict(list)
            rows = session.execute(
                select(EventMention, Article)
                .join(Article, Article.id == EventMention.article_id)
                .where(EventMention.event_id.in_(ids))
                .order_by(EventMention.id)
            )
            for mention, article in rows:
                found[mention.event_id].append((mention, article))
            for event in chunk:
                yield plover_record(event, found.get(event.id, []))


def write_plover(store: Store, out: IO[str]) -> int:
    """Write one PLOVER JSON record per line; return how many."""
    count = 0
    for record in iter_plover(store):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
