"""What the store's queries return: plain frozen dataclasses, free of database sessions.

They are the store's public boundary (the CLI, the web API and batch jobs use them); every
record has ``to_dict()`` for JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

AddStatus = Literal["added", "present"]


class _Record:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


@dataclass(frozen=True, slots=True)
class AddResult(_Record):
    """The outcome of :meth:`Store.add_document` for one article."""

    article_id: int
    status: AddStatus
    """``added``, or ``present`` when an article with the same fingerprint was stored already."""
    fingerprint: str
    events_new: int = 0
    """Events this article founded."""
    events_merged: int = 0
    """Event records of this article matched to events other articles had reported."""
    duplicate_of: int | None = None
    """The stored article this one is a syndicated copy of."""


@dataclass(frozen=True, slots=True)
class ArticleRecord(_Record):
    id: int
    doc_id: str
    fingerprint: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    authors: list[str]
    origin: str | None
    duplicate_of: int | None
    ingested_at: str


@dataclass(frozen=True, slots=True)
class EventActor(_Record):
    code: str | None
    name: str | None
    country: str | None
    key: str | None
    """The state or organisation the actor counts as (what --actor and dyads match)."""


@dataclass(frozen=True, slots=True)
class EventRecord(_Record):
    """One consolidated real-world event."""

    id: int
    date: str | None
    day: int | None
    event_code: str
    root_code: str
    quad_class: int
    goldstein: float
    actor1: EventActor
    actor2: EventActor
    plover_type: str | None
    plover_mode: str | None
    modality: str
    place_name: str | None
    place_country: str | None
    num_mentions: int
    num_sources: int
    num_articles: int
    confidence: float
    source_url: str | None
    text: str | None


@dataclass(frozen=True, slots=True)
class MentionRecord(_Record):
    """One article's report of an event (GDELT's mentions table)."""

    id: int
    event_id: int
    article_id: int
    url: str | None
    outlet: str | None
    published: str | None
    sentence_id: int
    sentence_start: int
    sentence_end: int
    sentence: str
    actor1_offset: int | None
    actor2_offset: int | None
    action_offset: int | None
    event_code: str
    confidence: float
    in_duplicate: bool


@dataclass(frozen=True, slots=True)
class DyadBucket(_Record):
    """Events between two actors in one period, as analysts chart GDELT."""

    period: str
    """``YYYY-MM`` (by month), ``YYYY`` (by year) or ``YYYY-MM-DD`` (by day)."""
    events: int
    quad_counts: dict[int, int] = field(default_factory=dict)
    """Events per QuadClass 1-4 (verbal/material cooperation, verbal/material conflict)."""
    mean_goldstein: float | None = None


@dataclass(frozen=True, slots=True)
class QuoteRecord(_Record):
    id: int
    article_id: int
    text: str
    kind: str
    speaker_name: str | None
    speaker_actor_id: int | None
    cue: str | None
    via: str | None
    start: int
    end: int
    published: str | None
    outlet: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class ActorRecord(_Record):
    id: int
    name: str
    kind: str
    code: str | None
    country: str | None
    org: str | None
    articles: int


@dataclass(frozen=True, slots=True)
class RelationRecord(_Record):
    id: int
    article_id: int
    parties: tuple[str, str]
    level: str
    since: str | None
    claimed_by: str | None
    evidence: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class AgreementRecord(_Record):
    id: int
    article_id: int
    name: str
    kind: str | None
    parties: list[str]
    signed: str | None
    status: str | None
    provisions: list[str]
    published: str | None
