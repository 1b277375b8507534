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
