"""Extractors: small, pure readers of one parsed article.

Each module reads one kind of thing off a parsed ``Doc`` and the results of the extractors
before it (events need actors and times; agreements need actors and times; ...). They run in
the order of :data:`EXTRACTORS`, each filling its field of the :class:`Reading`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from communique.article import Article
from communique.model import Actor, Agreement, Event, Place, Quote, Relation, TimeExpression


@dataclass(slots=True)
class Reading:
    """Everything read from one article so far."""

    article: Article
    doc: Doc
    published: date | None
    actors: list[Actor] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    token_actor: dict[int, str] = field(default_factory=dict)
    """Token index -> id of the actor that token mentions (filled by the actors extractor)."""

    def actor(self, actor_id: str | None) -> Actor | None:
        if actor_id is None:
            return None
        return next((a for a in self.actors if a.id == actor_id), None)


Extractor = Callable[[Reading], None]


def extractors() -> list[tuple[str, Extractor]]:
    """The extractors in the order they run (imported lazily so the CLI starts fast)."""
    from communique.extract import actors, agreements, events, places, quotes, relations, times

    return [
        ("actors", actors.extract),
        ("times", times.extract),
        ("places", places.extract),
        ("quotes", quotes.extract),
        ("agreements", agreements.extract),
        ("events", events.extract),
        ("relations", relations.extract),
    ]


def read_doc(article: Article, doc: Doc, published: date | None) -> Reading:
    """Run every extractor over one parsed article."""
    reading = Reading(article=article, doc=doc, published=published)
    for _name, run in extractors():
        run(reading)
    return reading
