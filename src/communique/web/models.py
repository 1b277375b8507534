"""Pydantic models of what the API takes and returns; they are its OpenAPI schema.

The document models mirror the contract (``data/schema/document.schema.json``) and, like it,
allow added fields: producers may add, consumers ignore what they do not know.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Open(BaseModel):
    """A contract object: known fields typed, added fields kept."""

    model_config = ConfigDict(extra="allow")


class Span(Open):
    start: int
    end: int
    text: str | None = None


class Party(Open):
    actor: str | None = Field(description="actor id")
    code: str | None = Field(description="CAMEO-style code, e.g. RUSGOV")


class Source(Open):
    outlet: str | None = None
    url: str | None = None
    authors: list[str] = []


class Line(Open):
    start: int
    end: int
    kind: str = Field(description="headline, subtitle, dateline, byline, caption or body")
    text: str | None = None


class Actor(Open):
    id: str
    name: str
    kind: Literal["person", "organization", "state", "group", "other"]
    code: str | None = None
    country: str | None = None
    org: str | None = None
    sectors: list[str]
    role: str | None = None
    mentions: list[Span]


class Plover(Open):
    type: str
    mode: str | None = None
    contexts: list[str] = []


class Event(Open):
    id: str
    cameo: str = Field(description="CAMEO event code, e.g. 057")
    root: str
    goldstein: float
    quad_class: Literal[1, 2, 3, 4]
    plover: Plover | None = None
    source: list[Party]
    target: list[Party]
    date: str | None
    location: dict[str, object] | None = None
    modality: str | None = None
    attributed_to: str | None = None
    sentence: Span
    trigger: Span | None = None
    confidence: float | None = None


class Quote(Open):
    id: str
    text: str
    kind: Literal["direct", "indirect", "mixed"]
    speaker: str | None
    speaker_name: str | None
    cue: str | None = None
    via: str | None
    start: int
    end: int


class TimeExpression(Open):
    text: str
    start: int
    end: int
    value: str | None


class Place(Open):
    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None


class Agreement(Open):
    id: str
    name: str
    kind: str | None = None
    parties: list[str]
    signed: str | None
    provisions: list[str]
    replaces: list[str]
    mentions: list[Span] = []


class Relation(Open):
    parties: list[str]
    level: str
    since: str | None = None
    claimed_by: str | None = None
    evidence: Span | None = None


class Document(Open):
    """One article, read (``communique.document/1``): every offset points into ``text``."""

    schema_: str = Field(alias="schema", serialization_alias="schema")
    id: str
    fingerprint: str | None = None
    title: str | None = None
    published: str | None
    source: Source | None = None
    text: str
    lines: list[Line] = []
    actors: list[Actor]
    events: list[Event]
    quotes: list[Quote]
    times: list[TimeExpression]
    places: list[Place]
    agreements: list[Agreement]
    relations: list[Relation]


class ExtractRequest(BaseModel):
    """An article to read: its plain ``text`` or its ``html`` (one of the two)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="the article as plain text")
    html: str | None = Field(default=None, description="the article's HTML page (the body is found in it)")
    published: str | None = Field(default=None, description="publication date YYYY-MM-DD, the anchor of relative dates")
    title: str | None = None
    url: str | None = None
    keep: bool = Field(
        default=False, description="also store the document: the answer is then 201 with its Location in the store"
    )


class Page(BaseModel, Generic[T]):
    """One page of a long list: ``items``, and where they stand in the whole."""

    items: list[T]
    page: int
    per_page: int
    total: int


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorResponse(BaseModel):
    """What every failed request returns."""

    error: ErrorBody


class StoredArticle(BaseModel):
    """An article in the store (without its text; ``/articles/{id}`` has the document)."""

    id: int
    doc_id: str
    fingerprint: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    authors: list[str]
    origin: str | None
    duplicate_of: int | None = Field(description="the stored article this one is a syndicated copy of")
    ingested_at: str


class StoredArticleWithDocument(StoredArticle):
    document: Document


class EventActorOut(BaseModel):
    code: str | None
    name: str | None
    country: str | None
    key: str | None = Field(description="the state or organisation the actor counts as (what actor and dyad match)")


class StoredEvent(BaseModel):
    """One consolidated event (GDELT's events table), with the first article reporting it."""

    id: int
    date: str | None
    day: int | None
    event_code: str
    root_code: str
    quad_class: int
    goldstein: float
    actor1: EventActorOut
    actor2: EventActorOut
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
    article_id: int | None = Field(description="the first stored article that reports the event")


class DyadBucketOut(BaseModel):
    period: str
    events: int
    quad_counts: dict[int, int] = Field(description="events per QuadClass 1-4")
    mean_goldstein: float | None


class LedgerEntryOut(BaseModel):
    """A relation level or an agreement between states, dated, with its evidence."""

    model_config = ConfigDict(extra="allow")

    kind: Literal["relation", "agreement"]
    parties: list[str]
    date: str | None
    what: str = Field(description="the relation level, or the agreement's name")
    document: str | None
    evidence: str | None
    article_id: int | None = None


class DyadOut(BaseModel):
    first: str
    second: str
    by: Literal["day", "month", "year"]
    directed: bool
    buckets: list[DyadBucketOut]
    timeline: list[LedgerEntryOut] = Field(description="relation levels and agreements of the pair, oldest first")


class StoredRelation(BaseModel):
    id: int
    article_id: int
    parties: tuple[str, str]
    level: str
    since: str | None
    claimed_by: str | None
    evidence: str | None
    published: str | None


class StoredAgreement(BaseModel):
    id: int
    article_id: int
    name: str
    kind: str | None
    parties: list[str]
    signed: str | None
    status: str | None
    provisions: list[str]
    published: str | None


class ObligationOut(BaseModel):
    bound: str = Field(description="the state bound to assist")
    agreement: str
    signed: str | None
    document: str | None
    evidence: str | None
    article_id: int | None = None


class ObligationsOut(BaseModel):
    state: str
    on: str
    bound: list[ObligationOut]


class GraphNode(BaseModel):
    id: str


class GraphEdge(BaseModel):
    model_config = ConfigDict(extra="allow")

    source: str
    target: str
    type: Literal["relation", "mutual_defense"]
    level: str | None = None
    agreement: str | None = None
    date: str | None = None


class AllianceGraph(BaseModel):
    on: str | None
    nodes: list[GraphNode]
    edges: list[GraphEdge]
