"""Typed records of what an article says; :mod:`communique.document` turns them into the contract.

Offsets are character offsets into ``Article.text`` (start inclusive, end exclusive).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ActorKind = Literal["person", "organization", "state", "group", "other"]
QuoteKind = Literal["direct", "indirect", "mixed"]
Modality = Literal["asserted", "reported", "alleged", "negated", "hypothetical", "intended", "historical"]


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Actor:
    """A person, organisation, state or group, with every mention of it in the article."""

    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    org: str | None = None
    sectors: list[str] = field(default_factory=list)
    role: str | None = None
    code: str | None = None
    mentions: list[TextSpan] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    """For a group ("the two leaders"): the ids of the actors it stands for."""

    @property
    def principal(self) -> str | None:
        """The state or organisation the actor counts as."""
        return self.org if self.org and not self.country else self.country or self.org

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "code": self.code,
            "country": self.country,
            "org": self.org,
            "sectors": list(self.sectors),
            "role": self.role,
            "mentions": [m.to_dict() for m in sorted(self.mentions, key=lambda m: m.start)],
            **({"members": list(self.members)} if self.members else {}),
        }


@dataclass(slots=True)
class TimeExpression:
    text: str
    start: int
    end: int
    value: str | None
    kind: Literal["date", "time", "duration", "set"] = "date"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "kind": self.kind}


@dataclass(slots=True)
class Place:
    text: str
    start: int
    end: int
    name: str | None
    country: str | None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "feature": self.feature,
        }


@dataclass(slots=True)
class Quote:
    id: str
    text: str
    kind: QuoteKind
    start: int
    end: int
    speaker: str | None = None
    speaker_name: str | None = None
    cue: str | None = None
    via: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_name": self.speaker_name,
            "cue": self.cue,
            "via": self.via,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Party:
    actor: str | None
    code: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "code": self.code}


@dataclass(slots=True)
class Event:
    id: str
    cameo: str
    goldstein: float
    quad_class: int
    source: list[Party]
    target: list[Party]
    date: str | None
    sentence: TextSpan
    trigger: TextSpan | None = None
    plover: dict[str, Any] | None = None
    location: dict[str, Any] | None = None
    modality: Modality = "asserted"
    attributed_to: str | None = None
    confidence: float = 0.5
    mentions: list[TextSpan] = field(default_factory=list)

    @property
    def root(self) -> str:
        return self.cameo[:2]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "cameo": self.cameo,
            "root": self.root,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover": self.plover,
            "source": [p.to_dict() for p in self.source],
            "target": [p.to_dict() for p in self.target],
            "date": self.date,
            "location": self.location,
            "modality": self.modality,
            "attributed_to": self.attributed_to,
            "sentence": self.sentence.to_dict(),
            "trigger": self.trigger.to_dict() if self.trigger else None,
            "confidence": round(self.confidence, 3),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(slots=True)
class Agreement:
    id: str
    name: str
    kind: str | None
    parties: list[str]
    signed: str | None
    status: str | None = None
    provisions: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    mentions: list[TextSpan] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "parties": list(self.parties),
            "signed": self.signed,
            "status": self.status,
            "provisions": list(self.provisions),
            "replaces": list(self.replaces),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(slots=True)
class Relation:
    parties: tuple[str, str]
    level: str
    since: str | None = None
    claimed_by: str | None = None
    evidence: TextSpan | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "parties": list(self.parties),
            "level": self.level,
            "since": self.since,
            "claimed_by": self.claimed_by,
        }
        if self.evidence:
            out["evidence"] = self.evidence.to_dict()
        return out
