"""The :class:`Store`: open by URL, add documents, ask questions.

Every write is one transaction per article: an article is stored whole (its document, actors,
events, mentions, quotes, times, places, agreements, relations) or not at all, so an ingest
killed at any moment leaves a consistent store, and rerunning it adds exactly what is missing
(articles are unique by the fingerprint of their text).

Queries return frozen records (:mod:`communique.store.records`), never live ORM objects, so
callers (the CLI, the web API, batch jobs) need no session handling. A ``Store`` may be shared by
threads; processes each open their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Engine, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from communique.store import consolidate, textsig
from communique.store.dates import parse_day, store_date
from communique.store.engine import SQLITE_WRITE, default_url, make_engine, migrate, normalise_url
from communique.store.models import (
    TABLES,
    Actor,
    Agreement,
    Article,
    ArticleActor,
    ArticleBand,
    Event,
    EventMention,
    PlaceMention,
    Quote,
    Relation,
    TimeMention,
)
from communique.store.normalise import EventDraft, body_text, event_drafts, pair_of, source_of
from communique.store.records import (
    ActorRecord,
    AddResult,
    AgreementRecord,
    ArticleRecord,
    DyadBucket,
    EventActor,
    EventRecord,
    MentionRecord,
    QuoteRecord,
    RelationRecord,
)

Period = Literal["day", "month", "year"]
WRITE_ATTEMPTS = 3
"""How often one article's transaction is tried when a concurrent writer wins a unique key."""
WRITE_LOCK_KEY = 0x636F6D6D756E6971
"""PostgreSQL advisory lock that writers hold for a transaction (the bytes of "communiq")."""


class StoreError(Exception):
    """A store that cannot be opened or a document that cannot be stored; one-line message."""


class Store:
    """A corpus store in SQLite (the embedded default) or PostgreSQL.

    >>> store = Store("sqlite:///corpus.db")        # or Store() for the default location
    >>> store.add_document(document)                 # a dict from communique.document.to_document
    >>> store.dyad("USA", "CHN", by="month")
    """

    def __init__(self, url: str | None = None, *, upgrade: bool = True) -> None:
        """Open (creating and migrating when needed) the store at ``url``; ``None`` means
        ``COMMUNIQUE_DB`` or the user's data directory. A bare path is a SQLite file."""
        self.url = normalise_url(url) if url else default_url()
        try:
            self.engine: Engine = make_engine(self.url)
            if upgrade:
                migrate(self.engine)
        except Exception as exc:
            raise StoreError(f"cannot open the store {self.display_url}: {_first_line(exc)}") from exc
        # No autoflush: a write flushes where it needs ids, so one article costs few round trips.
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)

    @property
    def display_url(self) -> str:
        """The URL without its password (for messages)."""
        return make_display(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for callers that need raw SQLAlchemy access (read-only by convention)."""
        with self._sessions() as session:
            yield session

    # ------------------------------------------------------------------ writing

    def has_article(self, fingerprint: str) -> bool:
        with self._sessions() as session:
            return session.scalar(select(Article.id).where(Article.fingerprint == fingerprint)) is not None

    def add_document(self, document: dict[str, Any], *, origin: str | None = None) -> AddResult:
        """Store one contract document in one transaction, consolidating its events with the
        events already stored. Idempotent: an article already stored (same fingerprint) is left
        as it is and reported ``present``."""
        fingerprint = str(document.get("fingerprint") or document.get("id") or "")
        if not fingerprint or not isinstance(document.get("text"), str):
            raise StoreError("the document has no fingerprint or text")
        for attempt in range(WRITE_ATTEMPTS):
            with self._sessions() as session:
                try:
                    with session.begin():
                        self._take_write_lock(session)
                        existing = session.scalar(select(Article.id).where(Article.fingerprint == fingerprint))
                        if existing is not None:
                            return AddResult(existing, "present", fingerprint)
                        return _write_document(session, document, fingerprint, origin)
                except IntegrityError:
                    # A concurrent writer stored the same article, or the same new actor, between our
                    # reads and our commit: the transaction rolled back whole; look again and retry.
                    if attempt == WRITE_ATTEMPTS - 1:
                        raise
        raise AssertionError("unreachable")

    def _take_write_lock(self, session: Session) -> None:
        """Writers take turns, whole transactions at a time, across processes: consolidation reads
        the stored events to decide whether an article's event is new, and two writers deciding at
        once would both store it (measured: 4 concurrent ingests on PostgreSQL stored 9 to 13
        events where one ingest stores 8). Reading and parsing, the slow part, stay parallel."""
        if self.dialect == "postgresql":
            session.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK_KEY)))
        elif self.dialect == "sqlite":
            session.connection(execution_options={SQLITE_WRITE: True})

    # ------------------------------------------------------------------ reading

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self._sessions() as session:
            return {
                model.__tablename__: int(session.scalar(select(func.count()).select_from(model)) or 0)
                for model in TABLES
            }

    def articles(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[ArticleRecord]:
        """Stored articles, newest first."""
        query = select(Article).order_by(Article.day.desc(), Article.id.desc())
        query = _day_range(query, Article.day, since, until)
        if outlet:
            query = query.where(func.lower(Article.outlet) == outlet.lower())
        with self._sessions() as session:
            return [_article_record(a) for a in session.scalars(_page(query, limit, offset))]

    def article(self, article_id: int) -> ArticleRecord | None:
        with self._sessions() as session:
            found = session.get(Article, article_id)
            return _article_record(found) if found else None

    def document(self, article_id: int) -> dict[str, Any] | None:
        """The full contract document stored for an article."""
        with self._sessions() as session:
            found = session.get(Article, article_id)
            return dict(found.document) if found else None

    def events(
        self,
        *,
        actor: str | None = None,
        dyad: tuple[str, str] | None = None,
        directed: bool = False,
        since: str | None = None,
        until: str | None = None,
        root: str | None = None,
        quad_class: int | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[EventRecord]:
        """Consolidated events, newest first. ``actor`` and ``dyad`` take keys (``RUS``, ``NATO``)
        and match either side; ``directed`` keeps only dyad events from the first to the second;
        ``root`` is a CAMEO root or longer prefix (``05``, ``057``)."""
        query = select(Event).order_by(Event.day.desc(), Event.id.desc())
        if actor:
            key = actor.upper()
            query = query.where(or_(Event.actor1_key == key, Event.actor2_key == key))
        if dyad:
            query = query.where(_dyad_condition(dyad, directed))
        query = _day_range(query, Event.day, since, until)
        if root:
            query = query.where(Event.event_code.startswith(root) if len(root) > 2 else Event.root_code == root)
        if quad_class:
            query = query.where(Event.quad_class == quad_class)
        with self._sessions() as session:
            return [_event_record(e) for e in session.scalars(_page(query, limit, offset))]

    def event(self, event_id: int) -> EventRecord | None:
        with self._sessions() as session:
            found = session.get(Event, event_id)
            return _event_record(found) if found else None

    def mentions(self, event_id: int | None = None, *, limit: int | None = None) -> list[MentionRecord]:
        """The mentions of one event (or of all, for exports), in order of ingestion."""
        query = (
            select(EventMention, Article.url, Article.source, Article.published)
            .join(Article, Article.id == EventMention.article_id)
            .order_by(EventMention.id)
        )
        if event_id is not None:
            query = query.where(EventMention.event_id == event_id)
        with self._sessions() as session:
            return [
                _mention_record(m, url, source, published)
                for m, url, source, published in session.execute(_page(query, limit, 0))
            ]

    def dyad(
        self,
        first: str,
        second: str,
        *,
        by: Period = "month",
        directed: bool = False,
        since: str | None = None,
        until: str | None = None,
    ) -> list[DyadBucket]:
        """Events between two actors per period: counts per QuadClass and mean Goldstein.

        The query reads only a covering index, ``(pair_lo, pair_hi, day, quad_class, goldstein)``
        (or its directed twin)."""
        bucket: Any
        # Periods are computed from ``day`` so the whole query reads one covering index.
        if by == "month":
            bucket = Event.day // 100
        elif by == "year":
            bucket = Event.day // 10000
        elif by == "day":
            bucket = Event.day
        else:
            raise ValueError(f"by must be day, month or year, not {by!r}")
        quads = [func.sum(case((Event.quad_class == q, 1), else_=0)) for q in (1, 2, 3, 4)]
        query = (
            select(bucket, func.count(), func.avg(Event.goldstein), *quads)
            .where(_dyad_condition((first, second), directed), Event.day.is_not(None))
            .group_by(bucket)
            .order_by(bucket)
        )
        query = _day_range(query, Event.day, since, until)
        with self._sessions() as session:
            rows = session.execute(query).all()
        return [
            DyadBucket(
                period=_period_label(int(row[0]), by),
                events=int(row[1]),
                quad_counts={q: int(row[3 + q - 1] or 0) for q in (1, 2, 3, 4)},
                mean_goldstein=round(float(row[2]), 3) if row[2] is not None else None,
            )
            for row in rows
        ]

    def quotes(
        self,
        *,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[QuoteRecord]:
        """Quotes, newest first; ``speaker`` matches part of the speaker's name, any case."""
        query = (
            select(Quote, Article.published, Article.source, Article.url)
            .join(Article, Article.id == Quote.article_id)
            .order_by(Quote.day.desc(), Quote.id)
        )
        if speaker:
            query = query.where(func.lower(Quote.speaker_name).contains(speaker.lower()))
        query = _day_range(query, Quote.day, since, until)
        with self._sessions() as session:
            return [
                QuoteRecord(
                    q.id,
                    q.article_id,
                    q.text,
                    q.kind,
                    q.speaker_name,
                    q.speaker_id,
                    q.cue,
                    q.via,
                    q.start,
                    q.end,
                    published,
                    source,
                    url,
                )
                for q, published, source, url in session.execute(_page(query, limit, offset))
            ]

    def actors(self, *, name: str | None = None, limit: int | None = 100) -> list[ActorRecord]:
        """Actors across articles, most often named first; ``name`` matches part of the name."""
        articles = func.count(func.distinct(ArticleActor.article_id))
        query = (
            select(Actor, articles)
            .join(ArticleActor, ArticleActor.actor_id == Actor.id)
            .group_by(Actor.id)
            .order_by(articles.desc(), Actor.name)
        )
        if name:
            query = query.where(func.lower(Actor.name).contains(name.lower()))
        with self._sessions() as session:
            return [
                ActorRecord(a.id, a.name, a.kind, a.code, a.country, a.org, int(n))
                for a, n in session.execute(_page(query, limit, 0))
            ]

    def relations(
        self,
        *,
        party: str | None = None,
        pair: tuple[str, str] | None = None,
        level: str | None = None,
        limit: int | None = 100,
    ) -> list[RelationRecord]:
        """Relation levels stated in articles, oldest publication first."""
        query = select(Relation, Article.published).join(Article, Article.id == Relation.article_id)
        if party:
            query = query.where(or_(Relation.party1 == party.upper(), Relation.party2 == party.upper()))
        if pair:
            a, b = pair[0].upper(), pair[1].upper()
            query = query.where(
                or_((Relation.party1 == a) & (Relation.party2 == b), (Relation.party1 == b) & (Relation.party2 == a))
            )
        if level:
            query = query.where(Relation.level == level)
        query = query.order_by(Article.day, Relation.id)
        with self._sessions() as session:
            return [
                RelationRecord(
                    r.id, r.article_id, (r.party1, r.party2), r.level, r.since, r.claimed_by, r.evidence, published
                )
                for r, published in session.execute(_page(query, limit, 0))
            ]

    def agreements(self, *, party: str | None = None, limit: int | None = 100) -> list[AgreementRecord]:
        """Agreements named in articles, oldest publication first."""
        query = (
            select(Agreement, Article.published)
            .join(Article, Article.id == Agreement.article_id)
            .order_by(Article.day, Agreement.id)
        )
        with self._sessions() as session:
            rows = session.execute(query if party else _page(query, limit, 0)).all()
        records = [
            AgreementRecord(
                a.id, a.article_id, a.name, a.kind, list(a.parties), a.signed, a.status, list(a.provisions), published
            )
            for a, published in rows
            if not party or party.upper() in a.parties
        ]
        return records[:limit] if limit is not None else records

    def integrity_problems(self) -> list[str]:
        """What is inconsistent: SQLite's integrity check, mentions or events left without the other,
        event counts that disagree with their mentions. Empty for a sound store."""
        problems: list[str] = []
        with self._sessions() as session:
            if self.dialect == "sqlite":
                result = [r[0] for r in session.execute(_text("PRAGMA integrity_check"))]
                if result != ["ok"]:
                    problems.extend(result)
            orphans = session.scalar(select(func.count()).select_from(Event).where(~Event.mentions.any()))
            if orphans:
                problems.append(f"{orphans} events without mentions")
            counted = select(EventMention.event_id, func.count().label("n")).group_by(EventMention.event_id).subquery()
            wrong = session.scalar(
                select(func.count())
                .select_from(Event)
                .join(counted, counted.c.event_id == Event.id)
                .where(counted.c.n != Event.num_mentions)
            )
            if wrong:
                problems.append(f"{wrong} events whose NumMentions disagrees with their mentions")
            duplicates = session.scalar(
                select(func.count()).select_from(
                    select(Article.fingerprint).group_by(Article.fingerprint).having(func.count() > 1).subquery()
                )
            )
            if duplicates:
                problems.append(f"{duplicates} fingerprints stored more than once")
        return problems


# ---------------------------------------------------------------------- helpers


def make_display(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _text(sql: str) -> Any:
    from sqlalchemy import text

    return text(sql)


def _page(query: Any, limit: int | None, offset: int) -> Any:
    if offset:
        query = query.offset(offset)
    return query.limit(limit) if limit is not None else query


def _day_range(query: Any, column: Any, since: str | None, until: str | None) -> Any:
    if since:
        low = parse_day(since)
        if low is None:
            raise StoreError(f"{since!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
        query = query.where(column >= low)
    if until:
        parsed = store_date(until)
        if parsed.day is None:
            raise StoreError(f"{until!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
        # --until 2024-05 means up to the end of May; --until 2024 to the end of the year.
        high = {"day": parsed.day, "week": parsed.day + 6, "month": parsed.day + 30, "year": parsed.day + 1130}
        query = query.where(column <= high[parsed.precision or "day"])
    return query


def _dyad_condition(dyad: tuple[str, str], directed: bool) -> Any:
    first, second = dyad[0].upper(), dyad[1].upper()
    if directed:
        return (Event.actor1_key == first) & (Event.actor2_key == second)
    low, high = pair_of(first, second)
    return (Event.pair_lo == low) & (Event.pair_hi == high)


def _period_label(value: int, by: Period) -> str:
    if by == "month":
        return f"{value // 100:04d}-{value % 100:02d}"
    if by == "year":
        return f"{value:04d}"
    return f"{value // 10000:04d}-{value // 100 % 100:02d}-{value % 100:02d}"


def _article_record(a: Article) -> ArticleRecord:
    return ArticleRecord(
        a.id,
        a.doc_id,
        a.fingerprint,
        a.title,
        a.published,
        a.outlet,
        a.url,
        list(a.authors or []),
        a.origin,
        a.duplicate_of,
        a.ingested_at.isoformat() if a.ingested_at else "",
    )


def _event_record(e: Event) -> EventRecord:
    return EventRecord(
        id=e.id,
        date=e.date,
        day=e.day,
        event_code=e.event_code,
        root_code=e.root_code,
        quad_class=e.quad_class,
        goldstein=e.goldstein,
        actor1=EventActor(e.actor1_code, e.actor1_name, e.actor1_country, e.actor1_key),
        actor2=EventActor(e.actor2_code, e.actor2_name, e.actor2_country, e.actor2_key),
        plover_type=e.plover_type,
        plover_mode=e.plover_mode,
        modality=e.modality,
        place_name=e.place_name,
        place_country=e.place_country,
        num_mentions=e.num_mentions,
        num_sources=e.num_sources,
        num_articles=e.num_articles,
        confidence=e.confidence,
        source_url=e.source_url,
        text=e.text,
    )


def _mention_record(m: EventMention, url: str | None, source: str | None, published: str | None) -> MentionRecord:
    return MentionRecord(
        m.id,
        m.event_id,
        m.article_id,
        url,
        source,
        published,
        m.sentence_id,
        m.sentence_start,
        m.sentence_end,
        m.sentence,
        m.actor1_offset,
        m.actor2_offset,
        m.action_offset,
        m.event_code,
        m.confidence,
        m.in_duplicate,
    )


# ---------------------------------------------------------------------- one article, one transaction


def _write_document(session: Session, document: dict[str, Any], fingerprint: str, origin: str | None) -> AddResult:
    now = datetime.now(UTC)
    source = document.get("source") or {}
    published = document.get("published")
    signature = textsig.minhash(body_text(document))
    article = Article(
        doc_id=str(document.get("id") or fingerprint)[:200],
        fingerprint=fingerprint,
        url=source.get("url"),
        title=document.get("title"),
        published=published,
        day=store_date(published).day,
        outlet=source.get("outlet"),
        source=source_of(source.get("outlet"), source.get("url"), fingerprint),
        authors=list(source.get("authors") or []),
        origin=origin,
        text=document["text"],
        minhash=textsig.to_bytes(signature),
        duplicate_of=_original_of(session, signature),
        document=document,
        ingested_at=now,
    )
    session.add(article)
    session.flush()
    session.add_all(ArticleBand(article_id=article.id, band=i, value=v) for i, v in enumerate(textsig.bands(signature)))
    actor_ids = _write_actors(session, article, document)
    new, merged = _write_events(session, article, document, actor_ids, now)
    _write_rest(session, article, document, actor_ids)
    return AddResult(article.id, "added", fingerprint, new, merged, article.duplicate_of)


def _original_of(session: Session, signature: Any) -> int | None:
    """The earliest stored article whose text this one copies (MinHash LSH, then the estimate)."""
    values = textsig.bands(signature)
    conditions = [(ArticleBand.band == i) & (ArticleBand.value == v) for i, v in enumerate(values)]
    candidates = session.scalars(select(ArticleBand.article_id).where(or_(*conditions)).distinct().limit(50)).all()
    if not candidates:
        return None
    threshold = consolidate.settings().duplicate_jaccard
    best: tuple[float, int] | None = None
    for article_id, data in session.execute(
        select(Article.id, Article.minhash).where(Article.id.in_(candidates)).order_by(Article.id)
    ):
        similarity = textsig.similarity(signature, textsig.from_bytes(data))
        if similarity >= threshold and (best is None or similarity > best[0]):
            best = (similarity, article_id)
    if best is None:
        return None
    original = session.get(Article, best[1])
    return original.duplicate_of or original.id if original else best[1]


def _actor_identity(actor: dict[str, Any]) -> str:
    parts = (actor.get("kind"), actor.get("name"), actor.get("country"), actor.get("org"))
    return "|".join(str(p or "") for p in parts).casefold()[:700]


def _write_actors(session: Session, article: Article, document: dict[str, Any]) -> dict[str, int]:
    """Global actor ids by the document's local ids (actors merged by name, kind, country, org)."""
    actors = [a for a in document.get("actors") or [] if a.get("id") and a.get("name")]
    identities = {a["id"]: _actor_identity(a) for a in actors}
    known: dict[str, int] = {}
    wanted = sorted(set(identities.values()))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = session.execute(select(Actor.identity, Actor.id).where(Actor.identity.in_(chunk)))
        known.update({identity: actor_id for identity, actor_id in rows})
    fresh: dict[str, Actor] = {}
    for actor in actors:
        identity = identities[actor["id"]]
        if identity not in known and identity not in fresh:
            fresh[identity] = Actor(
                name=str(actor["name"])[:500],
                kind=str(actor.get("kind") or "other"),
                code=actor.get("code"),
                country=actor.get("country"),
                org=actor.get("org"),
                identity=identity,
            )
    if fresh:
        session.add_all(fresh.values())
        session.flush()
        known.update({identity: row.id for identity, row in fresh.items()})
    ids = {local: known[identity] for local, identity in identities.items()}
    session.add_all(
        ArticleActor(
            article_id=article.id,
            actor_id=ids[actor["id"]],
            local_id=actor["id"],
            role=actor.get("role"),
            sectors=list(actor.get("sectors") or []),
            mentions=list(actor.get("mentions") or []),
            members=list(actor.get("members") or []),
        )
        for actor in actors
    )
    return ids


def _write_events(
    session: Session, article: Article, document: dict[str, Any], actor_ids: dict[str, int], now: datetime
) -> tuple[int, int]:
    new = merged = 0
    touched: set[int] = set()
    groups = consolidate.assign(session, event_drafts(document), article.id, article.duplicate_of)
    for group in groups:
        if group.match is None:
            event = _new_event(group.lead, article, actor_ids, now)
            session.add(event)
            session.flush()
            event_id, score = event.id, None
            new += len(group.drafts)
        else:
            event_id, score = group.match.event_id, group.match.score
            merged += len(group.drafts)
        touched.add(event_id)
        for draft in group.drafts:
            _add_mentions(session, draft, article, event_id, score)
    session.flush()
    _recount(session, touched)
    return new, merged


def _add_mentions(session: Session, draft: EventDraft, article: Article, event_id: int, score: float | None) -> None:
    for mention in draft.mentions:
        session.add(
            EventMention(
                event_id=event_id,
                article_id=article.id,
                local_event_id=draft.local_id,
                sentence_id=mention.sentence_id,
                sentence_start=mention.start,
                sentence_end=mention.end,
                sentence=mention.sentence,
                actor1_offset=mention.actor1_offset,
                actor2_offset=mention.actor2_offset,
                action_offset=mention.action_offset,
                event_code=draft.code,
                modality=draft.modality,
                confidence=draft.confidence,
                is_primary=mention.is_primary,
                in_duplicate=article.duplicate_of is not None,
                match_score=score,
                detail=draft.detail,
            )
        )


def _new_event(draft: EventDraft, article: Article, actor_ids: dict[str, int], now: datetime) -> Event:
    low, high = draft.pair
    place = draft.place or {}
    plover = draft.plover or {}
    return Event(
        day=draft.date.day,
        month_year=draft.date.month_year,
        year=draft.date.year,
        fraction_date=draft.date.fraction_date,
        date=draft.date_text,
        dated_by=draft.dated_by,
        event_code=draft.code,
        base_code=draft.code[:3],
        root_code=draft.code[:2],
        quad_class=draft.quad_class,
        goldstein=draft.goldstein,
        is_root_event=any(m.is_primary and m.sentence_id <= 2 for m in draft.mentions),
        actor1_code=draft.actor1.code,
        actor1_name=draft.actor1.name,
        actor1_country=draft.actor1.country,
        actor1_key=draft.actor1.key,
        actor1_id=actor_ids.get(draft.actor1.local_id or ""),
        actor2_code=draft.actor2.code,
        actor2_name=draft.actor2.name,
        actor2_country=draft.actor2.country,
        actor2_key=draft.actor2.key,
        actor2_id=actor_ids.get(draft.actor2.local_id or ""),
        pair_lo=low,
        pair_hi=high,
        plover_type=plover.get("type"),
        plover_mode=plover.get("mode"),
        plover_contexts=list(plover.get("contexts") or []),
        modality=draft.modality,
        place_name=place.get("name") or place.get("text"),
        place_country=place.get("country"),
        place_lat=place.get("lat"),
        place_lon=place.get("lon"),
        place_geonames_id=place.get("geonames_id"),
        place_feature=place.get("feature"),
        confidence=draft.confidence,
        first_article_id=article.id,
        source_url=article.url,
        text=draft.mentions[0].sentence if draft.mentions else None,
        date_added=now,
    )


def _recount(session: Session, event_ids: set[int]) -> None:
    """NumMentions, NumArticles, NumSources and confidence of events from their mentions."""
    if not event_ids:
        return
    rows = session.execute(
        select(
            EventMention.event_id,
            func.count(),
            func.count(func.distinct(EventMention.article_id)),
            func.count(func.distinct(Article.source)),
            func.max(EventMention.confidence),
        )
        .join(Article, Article.id == EventMention.article_id)
        .where(EventMention.event_id.in_(sorted(event_ids)))
        .group_by(EventMention.event_id)
    )
    for event_id, mentions, articles, sources, confidence in rows:
        event = session.get(Event, event_id)
        if event is not None:
            event.num_mentions = int(mentions)
            event.num_articles = int(articles)
            event.num_sources = int(sources)
            event.confidence = float(confidence)


def _write_rest(session: Session, article: Article, document: dict[str, Any], actor_ids: dict[str, int]) -> None:
    """Quotes, times, places, agreements and relations, as the document gives them."""
    day = article.day
    for quote in document.get("quotes") or []:
        session.add(
            Quote(
                article_id=article.id,
                local_id=str(quote.get("id") or ""),
                text=str(quote.get("text") or ""),
                kind=str(quote.get("kind") or "direct"),
                speaker_id=actor_ids.get(quote.get("speaker") or ""),
                speaker_name=quote.get("speaker_name"),
                cue=quote.get("cue"),
                via=quote.get("via"),
                start=int(quote.get("start") or 0),
                end=int(quote.get("end") or 0),
                day=day,
            )
        )
    for time in document.get("times") or []:
        session.add(
            TimeMention(
                article_id=article.id,
                text=str(time.get("text") or ""),
                start=int(time.get("start") or 0),
                end=int(time.get("end") or 0),
                value=time.get("value"),
                kind=time.get("kind"),
            )
        )
    for place in document.get("places") or []:
        session.add(
            PlaceMention(
                article_id=article.id,
                text=str(place.get("text") or ""),
                start=int(place.get("start") or 0),
                end=int(place.get("end") or 0),
                name=place.get("name"),
                country=place.get("country"),
                lat=place.get("lat"),
                lon=place.get("lon"),
                geonames_id=place.get("geonames_id"),
                feature=place.get("feature"),
            )
        )
    for agreement in document.get("agreements") or []:
        session.add(
            Agreement(
                article_id=article.id,
                local_id=str(agreement.get("id") or ""),
                name=str(agreement.get("name") or ""),
                kind=agreement.get("kind"),
                parties=list(agreement.get("parties") or []),
                signed=agreement.get("signed"),
                status=agreement.get("status"),
                provisions=list(agreement.get("provisions") or []),
                replaces=list(agreement.get("replaces") or []),
                mentions=list(agreement.get("mentions") or []),
            )
        )
    for relation in document.get("relations") or []:
        parties = list(relation.get("parties") or [])
        if len(parties) != 2:
            continue
        evidence = relation.get("evidence") or {}
        session.add(
            Relation(
                article_id=article.id,
                party1=str(parties[0]),
                party2=str(parties[1]),
                level=str(relation.get("level") or ""),
                since=relation.get("since"),
                claimed_by=relation.get("claimed_by"),
                evidence_start=evidence.get("start"),
                evidence_end=evidence.get("end"),
                evidence=evidence.get("text"),
            )
        )
