"""The store's tables: SQLAlchemy 2 typed declarative models.

Articles keep their full contract document (nothing the extractor said is lost) besides the
normalised rows. Events follow GDELT's split: an :class:`Event` is one real-world event, coded
dyadically (one Actor1, one Actor2), and each :class:`EventMention` is one place in one article
that reports it, with its sentence, character offsets and confidence. Cross-source consolidation
(:mod:`communique.store.consolidate`) decides which mentions share an event.

Dates are GDELT-style integers (``day`` = YYYYMMDD, ``month_year`` = YYYYMM) so that range and
month queries are plain integer comparisons on both SQLite and PostgreSQL. Actor *keys* are the
state or organisation an actor counts as (``RUS``, ``NATO``); ``pair_lo``/``pair_hi`` hold the
dyad's two keys sorted, so an undirected dyad query is one index range scan.

Syndicated copies are found with MinHash and LSH bands (:class:`ArticleBand`), see
:mod:`communique.store.textsig`.

Changing a model means adding an Alembic migration under ``migrations/versions``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Article(Base):
    """One ingested article, unique by the fingerprint of its text."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(200))
    """The document's own ``id`` (the caller's id or the fingerprint)."""
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(String(2000), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40))
    day: Mapped[int | None] = mapped_column(Integer, index=True)
    """Publication date as YYYYMMDD."""
    outlet: Mapped[str | None] = mapped_column(String(300), index=True)
    source: Mapped[str] = mapped_column(String(300))
    """Who published it: the outlet, else the URL's host, else the article itself (NumSources counts these)."""
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    origin: Mapped[str | None] = mapped_column(String(2000))
    """Where the article was read from (path, ``path:line``, feed or WARC record)."""
    text: Mapped[str] = mapped_column(Text)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    """MinHash signature of the body text's word shingles (64 little-endian uint32)."""
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    """The earlier article this one is a syndicated copy of (near-identical text)."""
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The full contract document as ``communique extract`` produced it."""
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    mentions: Mapped[list[EventMention]] = relationship(back_populates="article", cascade="all, delete-orphan")


class ArticleBand(Base):
    """One LSH band of an article's MinHash: articles sharing a band are candidate syndicated copies."""

    __tablename__ = "article_bands"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_article_bands_band_value", "band", "value"),)


class Actor(Base):
    """A person, organisation, state or group, merged across articles by (name, kind, country, org)."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str | None] = mapped_column(String(40), index=True)
    country: Mapped[str | None] = mapped_column(String(8), index=True)
    org: Mapped[str | None] = mapped_column(String(40))
    identity: Mapped[str] = mapped_column(String(700), unique=True)
    """``kind|name|country|org`` casefolded: what makes two article actors one."""


class ArticleActor(Base):
    """An actor as one article names it: its local id, role, sectors and mentions."""

    __tablename__ = "article_actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    local_id: Mapped[str] = mapped_column(String(40))
    role: Mapped[str | None] = mapped_column(String(300))
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    mentions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    members: Mapped[list[str]] = mapped_column(JSON, default=list)


class Event(Base):
    """One real-world event, coded as GDELT codes it, with counts over all its mentions."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    """GlobalEventID."""
    day: Mapped[int | None] = mapped_column(Integer)
    month_year: Mapped[int | None] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)
    fraction_date: Mapped[float | None] = mapped_column(Float)
    date: Mapped[str | None] = mapped_column(String(20))
    """The date as the article gave it (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www)."""
    dated_by: Mapped[str] = mapped_column(String(12), default="event")
    """``event`` when the article dated the event, ``published`` when its publication date stands in."""
    event_code: Mapped[str] = mapped_column(String(4))
    base_code: Mapped[str] = mapped_column(String(3))
    root_code: Mapped[str] = mapped_column(String(2), index=True)
    quad_class: Mapped[int] = mapped_column(Integer)
    goldstein: Mapped[float] = mapped_column(Float)
    is_root_event: Mapped[bool] = mapped_column(Boolean, default=False)
    actor1_code: Mapped[str | None] = mapped_column(String(40))
    actor1_name: Mapped[str | None] = mapped_column(String(500))
    actor1_country: Mapped[str | None] = mapped_column(String(8))
    actor1_key: Mapped[str | None] = mapped_column(String(40))
    actor1_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    actor2_code: Mapped[str | None] = mapped_column(String(40))
    actor2_name: Mapped[str | None] = mapped_column(String(500))
    actor2_country: Mapped[str | None] = mapped_column(String(8))
    actor2_key: Mapped[str | None] = mapped_column(String(40))
    actor2_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    pair_lo: Mapped[str | None] = mapped_column(String(40))
    pair_hi: Mapped[str | None] = mapped_column(String(40))
    plover_type: Mapped[str | None] = mapped_column(String(40))
    plover_mode: Mapped[str | None] = mapped_column(String(40))
    plover_contexts: Mapped[list[str]] = mapped_column(JSON, default=list)
    modality: Mapped[str] = mapped_column(String(20), default="asserted")
    place_name: Mapped[str | None] = mapped_column(String(500))
    place_country: Mapped[str | None] = mapped_column(String(8))
    place_lat: Mapped[float | None] = mapped_column(Float)
    place_lon: Mapped[float | None] = mapped_column(Float)
    place_geonames_id: Mapped[int | None] = mapped_column(Integer)
    place_feature: Mapped[str | None] = mapped_column(String(20))
    num_mentions: Mapped[int] = mapped_column(Integer, default=0)
    num_sources: Mapped[int] = mapped_column(Integer, default=0)
    num_articles: Mapped[int] = mapped_column(Integer, default=0)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    """The highest confidence of any mention."""
    first_article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    source_url: Mapped[str | None] = mapped_column(String(2000))
    text: Mapped[str | None] = mapped_column(Text)
    """The first mention's sentence: what text similarity compares."""
    date_added: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    mentions: Mapped[list[EventMention]] = relationship(back_populates="event", cascade="all, delete-orphan")

    __table_args__ = (
        # dyad queries, undirected, by day, month or year and within --since/--until: one covering
        # range scan of this index (no table lookups); also the consolidation candidates' lookup.
        Index("ix_events_pair_day_cover", "pair_lo", "pair_hi", "day", "quad_class", "goldstein"),
        # directed dyads (and --actor on the first side), covering in the same way.
        Index("ix_events_directed_day_cover", "actor1_key", "actor2_key", "day", "quad_class", "goldstein"),
        # --actor on the second side.
        Index("ix_events_actor2_day", "actor2_key", "day"),
        Index("ix_events_day", "day"),
    )


class EventMention(Base):
    """One report of an event: an article, a sentence, character offsets and a confidence."""

    __tablename__ = "event_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_event_id: Mapped[str] = mapped_column(String(40))
    """The event's id inside its document (``e3``)."""
    sentence_id: Mapped[int] = mapped_column(Integer)
    """1-based number of the sentence in the article (GDELT SentenceID)."""
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    actor1_offset: Mapped[int | None] = mapped_column(Integer)
    actor2_offset: Mapped[int | None] = mapped_column(Integer)
    action_offset: Mapped[int | None] = mapped_column(Integer)
    event_code: Mapped[str] = mapped_column(String(4))
    """The code this article gave (the event keeps the first article's)."""
    modality: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=True)
    """The sentence the event was coded from, not a further mention of it."""
    in_duplicate: Mapped[bool] = mapped_column(Boolean, default=False)
    """The article is a syndicated copy of an earlier one."""
    match_score: Mapped[float | None] = mapped_column(Float)
    """How strongly consolidation matched this mention to an existing event (None: it founded the event)."""
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The document's event record as extracted (all parties, trigger, attribution)."""

    event: Mapped[Event] = relationship(back_populates="mentions")
    article: Mapped[Article] = relationship(back_populates="mentions")


class Quote(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    speaker_name: Mapped[str | None] = mapped_column(String(500), index=True)
    cue: Mapped[str | None] = mapped_column(String(200))
    via: Mapped[str | None] = mapped_column(String(300))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    day: Mapped[int | None] = mapped_column(Integer, index=True)


class TimeMention(Base):
    __tablename__ = "times"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    value: Mapped[str | None] = mapped_column(String(60))
    kind: Mapped[str | None] = mapped_column(String(20))


class PlaceMention(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(500))
    country: Mapped[str | None] = mapped_column(String(8), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(Integer)
    feature: Mapped[str | None] = mapped_column(String(20))


class Agreement(Base):
    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(60))
    parties: Mapped[list[str]] = mapped_column(JSON, default=list)
    signed: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str | None] = mapped_column(String(40))
    provisions: Mapped[list[str]] = mapped_column(JSON, default=list)
    replaces: Mapped[list[str]] = mapped_column(JSON, default=list)
    mentions: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Relation(Base):
    __tablename__ = "relations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    party1: Mapped[str] = mapped_column(String(40))
    party2: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(80))
    since: Mapped[str | None] = mapped_column(String(20))
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    """The claiming actor's local id in the article."""
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    evidence: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_relations_parties", "party1", "party2"),)


TABLES: tuple[type[Base], ...] = (
    Article,
    ArticleBand,
    Actor,
    ArticleActor,
    Event,
    EventMention,
    Quote,
    TimeMention,
    PlaceMention,
    Agreement,
    Relation,
)
"""Every table, in an order that respects foreign keys (for exports and copies)."""
