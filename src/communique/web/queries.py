"""Sorted, counted pages of events and articles for the explorer and the API.

``Store.events`` and ``Store.articles`` answer newest first without a total; an explorer needs
any sort order and "page 3 of 12". These queries add exactly that over the store's own models
and its own filter helpers (same semantics for actor, dyad, dates, root and QuadClass), through
the read-only session the store offers to such callers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, or_, select

from communique.store import ArticleRecord, EventRecord, Store, StoreError
from communique.store.models import Article, Event
from communique.store.store import _article_record, _day_range, _dyad_condition, _event_record

EVENT_SORTS: dict[str, Any] = {
    "date": Event.day,
    "goldstein": Event.goldstein,
    "cameo": Event.event_code,
    "quad": Event.quad_class,
    "mentions": Event.num_mentions,
    "source": Event.actor1_key,
    "target": Event.actor2_key,
}
"""The columns the events explorer sorts by (query parameter ``sort``)."""

Order = Literal["asc", "desc"]


@dataclass(frozen=True, slots=True)
class EventFilters:
    actor: str | None = None
    dyad: tuple[str, str] | None = None
    directed: bool = False
    since: str | None = None
    until: str | None = None
    root: str | None = None
    quad_class: int | None = None


@dataclass(frozen=True, slots=True)
class EventRow:
    """An event and the first stored article that reports it (for the link to its reader)."""

    event: EventRecord
    article_id: int | None


def _ordered(query: Any, column: Any, order: Order, tiebreak: Any) -> Any:
    direction = column.asc() if order == "asc" else column.desc()
    nulls = direction.nulls_last()
    return query.order_by(nulls, tiebreak.asc() if order == "asc" else tiebreak.desc())


def _count(session: Any, query: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)


def event_page(
    store: Store, filters: EventFilters, *, sort: str = "date", order: Order = "desc", limit: int, offset: int
) -> tuple[list[EventRow], int]:
    """One page of events matching ``filters`` in the chosen order, and how many match in all."""
    if sort not in EVENT_SORTS:
        raise StoreError(f"sort must be one of {', '.join(EVENT_SORTS)}, not {sort!r}")
    query = select(Event)
    if filters.actor:
        key = filters.actor.upper()
        query = query.where(or_(Event.actor1_key == key, Event.actor2_key == key))
    if filters.dyad:
        query = query.where(_dyad_condition(filters.dyad, filters.directed))
    query = _day_range(query, Event.day, filters.since, filters.until)
    if filters.root:
        root = filters.root
        query = query.where(Event.event_code.startswith(root) if len(root) > 2 else Event.root_code == root)
    if filters.quad_class:
        query = query.where(Event.quad_class == filters.quad_class)
    with store.session() as session:
        total = _count(session, query)
        page = _ordered(query, EVENT_SORTS[sort], order, Event.id).limit(limit).offset(offset)
        rows = [EventRow(_event_record(e), e.first_article_id) for e in session.scalars(page)]
    return rows, total


def article_page(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    limit: int,
    offset: int,
) -> tuple[list[ArticleRecord], int]:
    """One page of stored articles, newest first, and how many there are in all."""
    query = select(Article)
    query = _day_range(query, Article.day, since, until)
    if outlet:
        query = query.where(func.lower(Article.outlet) == outlet.lower())
    with store.session() as session:
        total = _count(session, query)
        page = _ordered(query, Article.day, "desc", Article.id).limit(limit).offset(offset)
        return [_article_record(a) for a in session.scalars(page)], total


@dataclass(frozen=True, slots=True)
class DyadCount:
    first: str
    second: str
    events: int


def busiest_dyads(store: Store, limit: int = 20) -> list[DyadCount]:
    """The pairs with the most events, for the dyad view's starting points."""
    count = func.count()
    query = (
        select(Event.pair_lo, Event.pair_hi, count)
        .where(Event.pair_lo.is_not(None), Event.pair_hi.is_not(None), Event.pair_lo != Event.pair_hi)
        .group_by(Event.pair_lo, Event.pair_hi)
        .order_by(count.desc(), Event.pair_lo, Event.pair_hi)
        .limit(limit)
    )
    with store.session() as session:
        return [DyadCount(str(a), str(b), int(n)) for a, b, n in session.execute(query)]
