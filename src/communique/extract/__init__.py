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
    _actor_index: tuple[list[Actor], int, dict[str, Actor]] | None = field(default=None, repr=False)
    """(the list indexed, its length then, id -> first actor with that id): :meth:`actor` is
    asked tens of thousands of times per batch, and the list only ever grows."""

    def actor(self, actor_id: str | None) -> Actor | None:
        if actor_id is None:
            return None
        index = self._actor_index
        if index is None or index[0] is not self.actors or index[1] != len(self.actors):
            by_id: dict[str, Actor] = {}
            for a in self.actors:
                by_id.setdefault(a.id, a)
            index = self._actor_index = (self.actors, len(self.actors), by_id)
        return index[2].get(actor_id)


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
