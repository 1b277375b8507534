"""Cross-source consolidation: which stored event a new article's event record reports.

A candidate shares the record's dyad (in either direction), a CAMEO code family and a date within
a window, and does not place the event in another country. Candidates are scored on how much of
the code they share, the distance in days, the direction of the dyad and the content words the
sentences share; the best candidate at or above the threshold is the same event, else the record
founds a new one. Syndicated copies of an article map record for record onto the original's events.
Weights and thresholds live in ``data/consolidation.toml`` and are measured by
``bench/consolidation.py`` on a labelled set.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from communique.store.dates import date_to_day, day_to_date
from communique.store.models import Event, EventMention
from communique.store.normalise import EventDraft, is_country_level
from communique.store.textsig import content_words, jaccard


@dataclass(frozen=True, slots=True)
class Settings:
    window_days: int
    threshold: float
    duplicate_jaccard: float
    weights: dict[str, float]
    code: dict[str, float]
    date: dict[int, float]
    text_saturation: float
    family_of: dict[str, str]

    def family(self, root: str) -> str:
        return self.family_of.get(root, root)


@cache
def settings() -> Settings:
    from communique.knowledge import load_toml

    data = load_toml("consolidation.toml")
    family_of = {root: name for name, roots in data.get("families", {}).items() for root in roots}
    return Settings(
        window_days=int(data["window_days"]),
        threshold=float(data["threshold"]),
        duplicate_jaccard=float(data["duplicate_jaccard"]),
        weights={k: float(v) for k, v in data["weights"].items()},
        code={k: float(v) for k, v in data["code"].items()},
        date={int(k): float(v) for k, v in data["date"].items()},
        text_saturation=float(data["text"]["saturation"]),
        family_of=family_of,
    )


@dataclass(frozen=True, slots=True)
class Match:
    event_id: int
    score: float


def _code_score(first: str, second: str, config: Settings) -> float:
    if first == second:
        return config.code["exact"]
    if first[:3] == second[:3]:
        return config.code["base"]
    if first[:2] == second[:2]:
        return config.code["root"]
    if config.family(first[:2]) == config.family(second[:2]):
        return config.code["family"]
    return 0.0


def _day_distance(first: int, second: int) -> int:
    return abs((day_to_date(first) - day_to_date(second)).days)


def _places_differ(draft: EventDraft, event: Event) -> bool:
    """Both records name a city or region, in different countries."""
    place = draft.place or {}
    if is_country_level(place.get("feature")) or is_country_level(event.place_feature):
        return False
    return bool(place.get("country") and event.place_country and place["country"] != event.place_country)


def score(draft: EventDraft, event: Event, sentences: list[str], config: Settings | None = None) -> float:
    """How strongly ``draft`` and a stored ``event`` look like one happening (0 = never)."""
    config = config or settings()
    code = _code_score(draft.code, event.event_code, config)
    if not code:
        return 0.0
    if draft.date.day is None or event.day is None:
        date = 0.5 * config.date[0]
    else:
        distance = _day_distance(draft.date.day, event.day)
        if distance > config.window_days:
            return 0.0
        date = config.date.get(distance, 0.0)
    if _places_differ(draft, event):
        return 0.0
    same_way = (draft.actor1.key, draft.actor2.key) == (event.actor1_key, event.actor2_key)
    direction = 1.0 if same_way else 0.5
    words = content_words(draft.text)
    similarity = max((jaccard(words, content_words(s)) for s in sentences), default=0.0)
    text = min(1.0, similarity / config.text_saturation)
    weights = config.weights
    return round(
        weights["code"] * code + weights["date"] * date + weights["direction"] * direction + weights["text"] * text, 4
    )


def candidates(
    session: Session, draft: EventDraft, exclude_article: int, config: Settings | None = None
) -> list[Event]:
    """Stored events that could be the draft's: same dyad, code family, date window."""
    config = config or settings()
    low, high = draft.pair
    family = config.family(draft.root)
    roots = sorted({r for r, f in config.family_of.items() if f == family} | {draft.root})
    conditions: list[Any] = [
        Event.pair_lo.is_(None) if low is None else Event.pair_lo == low,
        Event.pair_hi.is_(None) if high is None else Event.pair_hi == high,
        Event.root_code.in_(roots),
    ]
    if draft.date.day is not None:
        centre = day_to_date(draft.date.day)
        window = timedelta(days=config.window_days)
        conditions.append(Event.day.between(date_to_day(centre - window), date_to_day(centre + window)))
    same_article = select(EventMention.event_id).where(EventMention.article_id == exclude_article)
    query = select(Event).where(and_(*conditions), Event.id.not_in(same_article)).limit(200)
    return list(session.scalars(query))


def sentences_of(session: Session, event_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    if not event_ids:
        return found
    rows = session.execute(
        select(EventMention.event_id, EventMention.sentence).where(EventMention.event_id.in_(event_ids))
    )
    for event_id, sentence in rows:
        found[event_id].append(sentence)
    return found


@dataclass(slots=True)
class Group:
    """Records of one article that report one event (the headline and the lead often both do):
    same dyad, same code family, same day."""

    drafts: list[EventDraft]
    match: Match | None = None

    @property
    def lead(self) -> EventDraft:
        return self.drafts[0]


def group_drafts(drafts: list[EventDraft], config: Settings | None = None) -> list[Group]:
    config = config or settings()
    groups: dict[tuple[Any, ...], Group] = {}
    for draft in drafts:
        key = (draft.pair, config.family(draft.root), draft.date.day)
        if key in groups:
            groups[key].drafts.append(draft)
        else:
            groups[key] = Group([draft])
    return list(groups.values())


def assign(
    session: Session, drafts: list[EventDraft], article_id: int, original: int | None, config: Settings | None = None
) -> list[Group]:
    """Group an article's records and match each group to a stored event, or to none.

    Matching is one-to-one and greedy on score: an article reports a stored event at most once,
    and the group that resembles an event most gets it (a headline's loose code does not take the
    event from the lead's exact one)."""
    config = config or settings()
    groups = group_drafts(drafts, config)
    taken: set[int] = set()
    if original is not None:
        for group in groups:
            for draft in group.drafts:
                match = copy_match(session, draft, original)
                if match and match.event_id not in taken:
                    group.match = match
                    taken.add(match.event_id)
                    break
    scored: list[tuple[float, int, int]] = []
    for index, group in enumerate(groups):
        if group.match:
            continue
        best: dict[int, float] = {}
        for draft in group.drafts:
            events = candidates(session, draft, article_id, config)
            texts = sentences_of(session, [e.id for e in events])
            for event in events:
                value = score(draft, event, texts.get(event.id, []), config)
                best[event.id] = max(best.get(event.id, 0.0), value)
        scored.extend((value, -event_id, index) for event_id, value in best.items() if value >= config.threshold)
    for value, negative_id, index in sorted(scored, reverse=True):
        group = groups[index]
        if group.match is None and -negative_id not in taken:
            group.match = Match(-negative_id, value)
            taken.add(-negative_id)
    return groups


def copy_match(session: Session, draft: EventDraft, original_article: int) -> Match | None:
    """For a syndicated copy: the original's event from the same record (same local id, code, dyad)."""
    rows = session.execute(
        select(Event.id)
        .join(EventMention, EventMention.event_id == Event.id)
        .where(
            EventMention.article_id == original_article,
            EventMention.local_event_id == draft.local_id,
            EventMention.event_code == draft.code,
            # a copy reports the original's events, not a like-worded story of another day
            Event.day.is_(None) if draft.date.day is None else Event.day == draft.date.day,
            or_(
                and_(Event.actor1_key == draft.actor1.key, Event.actor2_key == draft.actor2.key),
                and_(Event.actor1_key == draft.actor2.key, Event.actor2_key == draft.actor1.key),
            ),
        )
        .limit(1)
    ).first()
    return Match(rows[0], 1.0) if rows else None
