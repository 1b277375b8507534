"""The one type every input becomes: an :class:`Article`.

Whatever the source (plain text, HTML, a JSONL record, a WARC response), ingestion yields
an ``Article`` whose ``text`` is the clean article text that every later offset points into,
and whose ``lines`` say which stretches of that text are headline, subtitle, dateline, byline
or photo caption, so that extractors can treat them differently (a caption adds mentions of
an event, never a new one).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum


class LineKind(StrEnum):
    """The role a stretch of article text plays."""

    HEADLINE = "headline"
    SUBTITLE = "subtitle"
    DATELINE = "dateline"
    BYLINE = "byline"
    CAPTION = "caption"
    BODY = "body"


@dataclass(frozen=True, slots=True)
class MarkedLine:
    """A character span of ``Article.text`` with its role."""

    start: int
    end: int
    kind: LineKind

    def to_dict(self, text: str) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "kind": str(self.kind), "text": text[self.start : self.end]}


_SPACE = re.compile(r"\s+")


def fingerprint(text: str) -> str:
    """Stable id of an article's text: the same text, however spaced or composed, gives the same id."""
    normal = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Article:
    """One news article, ready to be read.

    ``id`` is the caller's id when the input gave one (a JSONL record's ``id``), else the
    text's :func:`fingerprint`; ``fingerprint`` is always the latter, so that the same
    article reached twice is recognised.
    """

    text: str
    id: str = ""
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    lines: list[MarkedLine] = field(default_factory=list)
    origin: str | None = None
    """Where the article came from (a path, ``path:line`` for JSONL), for messages."""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = self.fingerprint

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)

    def kind_at(self, offset: int) -> LineKind:
        """The role of the text at ``offset`` (body when no marked line covers it)."""
        for line in self.lines:
            if line.start <= offset < line.end:
                return line.kind
        return LineKind.BODY

    def spans(self, kind: LineKind) -> list[MarkedLine]:
        return [line for line in self.lines if line.kind is kind]
