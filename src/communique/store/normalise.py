"""From a contract document to the store's rows: actor keys, dyadic events, sentence numbers.

GDELT codes one Actor1 and one Actor2 per event; a document's event may name several sources or
targets (or a group standing for its members), so it is expanded into one dyadic record per
source-target pair. Each record carries the mentions (sentences) the document gave it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from communique.store.dates import StoreDate, store_date

MAX_PARTIES = 4
"""At most this many sources and targets per event are expanded (a list of 20 states is not 400 dyads)."""

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")
_NON_BODY = frozenset({"headline", "subtitle", "dateline", "byline", "caption"})


@dataclass(frozen=True, slots=True)
class PartyInfo:
    local_id: str | None
    code: str | None
    name: str | None
    country: str | None
    key: str | None


NO_PARTY = PartyInfo(None, None, None, None, None)


@dataclass(slots=True)
class MentionDraft:
    sentence_id: int
    start: int
    end: int
    sentence: str
    actor1_offset: int | None
    actor2_offset: int | None
    action_offset: int | None
    is_primary: bool


@dataclass(slots=True)
class EventDraft:
    """One dyadic event record of a document, ready to be matched or stored."""

    local_id: str
    code: str
    quad_class: int
    goldstein: float
    actor1: PartyInfo
    actor2: PartyInfo
    date_text: str | None
    date: StoreDate
    dated_by: str
    plover: dict[str, Any] | None
    modality: str
    confidence: float
    place: dict[str, Any] | None
    detail: dict[str, Any]
    mentions: list[MentionDraft] = field(default_factory=list)

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def pair(self) -> tuple[str | None, str | None]:
        return pair_of(self.actor1.key, self.actor2.key)

    @property
    def text(self) -> str:
        return " ".join(m.sentence for m in self.mentions)


def pair_of(first: str | None, second: str | None) -> tuple[str | None, str | None]:
    """The dyad's two keys in a fixed order (None last), so A-B and B-A are one index range."""
    if first is None or (second is not None and second < first):
        return second, first
    return first, second


def source_of(outlet: str | None, url: str | None, fingerprint: str) -> str:
    if outlet and outlet.strip():
        return outlet.strip()[:300]
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")[:300]
    return f"article:{fingerprint}"


def body_text(document: dict[str, Any]) -> str:
    """The article's text without headline, dateline, byline and captions (what copies share)."""
    text: str = document.get("text") or ""
    cuts = sorted((line["start"], line["end"]) for line in document.get("lines") or [] if line.get("kind") in _NON_BODY)
    if not cuts:
        return text
    pieces, at = [], 0
    for start, end in cuts:
        if start > at:
            pieces.append(text[at:start])
        at = max(at, end)
    pieces.append(text[at:])
    return " ".join(pieces)


class SentenceIndex:
    """1-based sentence numbers of character offsets (GDELT's SentenceID)."""

    def __init__(self, text: str) -> None:
        self._ends = [m.end() for m in _SENTENCE_END.finditer(text)]

    def number(self, offset: int) -> int:
        return bisect_right(self._ends, offset) + 1


def actor_key(actor: dict[str, Any] | None, code: str | None) -> str | None:
    """The state or organisation an actor counts as: its country, else its organisation, else the
    country part of its code."""
    if actor:
        if actor.get("country"):
            return str(actor["country"])
        if actor.get("org"):
            return str(actor["org"])
    if code and len(code) >= 3 and code[:3].isalpha() and code[:3].isupper() and not code.startswith("IGO"):
        return code[:3]
    return code or None


def _parties(parties: list[dict[str, Any]], actors: dict[str, dict[str, Any]]) -> list[PartyInfo]:
    out: list[PartyInfo] = []
    for party in parties:
        local = party.get("actor")
        actor = actors.get(local) if local else None
        if actor and actor.get("kind") == "group" and actor.get("members") and not party.get("code"):
            members = [actors[m] for m in actor["members"] if m in actors]
            out.extend(_party(m.get("id"), m, m.get("code")) for m in members)
        else:
            out.append(_party(local, actor, party.get("code")))
    seen: set[tuple[str | None, str | None]] = set()
    unique = []
    for info in out:
        if (info.key, info.code) not in seen:
            seen.add((info.key, info.code))
            unique.append(info)
    return unique[:MAX_PARTIES]


def _party(local: str | None, actor: dict[str, Any] | None, code: str | None) -> PartyInfo:
    code = code or (actor.get("code") if actor else None)
    name = actor.get("name") if actor else None
    country = actor.get("country") if actor else None
    return PartyInfo(local, code, name, country, actor_key(actor, code))


def _first_offset(actor: dict[str, Any] | None, start: int, end: int) -> int | None:
    if not actor:
        return None
    offsets = [m["start"] for m in actor.get("mentions") or [] if start <= m.get("start", -1) < end]
    return min(offsets) if offsets else None


def _place(document: dict[str, Any], event: dict[str, Any]) -> dict[str, Any] | None:
    """The event's own location, else the most specific located place named in its sentence.

    Places in the dateline are where the report was filed, not where the event happened, so they
    are passed over; a city or region is preferred to a country (often just an actor's name)."""
    location = event.get("location")
    if (
        isinstance(location, dict)
        and (location.get("name") or location.get("country"))
        and location.get("source") != "dateline"
    ):
        return location
    sentence = event.get("sentence") or {}
    start, end = sentence.get("start", 0), sentence.get("end", 0)
    filed = [(line["start"], line["end"]) for line in document.get("lines") or [] if line.get("kind") == "dateline"]
    named = [
        place
        for place in document.get("places") or []
        if start <= place.get("start", -1) < end
        and place.get("country")
        and not any(a <= place["start"] < b for a, b in filed)
    ]
    specific = [p for p in named if not is_country_level(p.get("feature"))]
    return (specific or named or [None])[0]


def is_country_level(feature: str | None) -> bool:
    """A place that is a whole country (or unknown kind): too coarse to tell two events apart."""
    return feature is None or feature == "country" or feature.upper().startswith("PCL")


def event_drafts(document: dict[str, Any]) -> list[EventDraft]:
    """Every dyadic event record of ``document`` with its mentions."""
    text: str = document.get("text") or ""
    actors = {a["id"]: a for a in document.get("actors") or [] if a.get("id")}
    sentences = SentenceIndex(text)
    published = document.get("published")
    drafts: list[EventDraft] = []
    for event in document.get("events") or []:
        code = str(event.get("cameo") or "")
        if not code:
            continue
        sources = _parties(event.get("source") or [], actors) or [NO_PARTY]
        targets = _parties(event.get("target") or [], actors) or [NO_PARTY]
        date_text = event.get("date")
        stored = store_date(date_text)
        dated_by = "event"
        if stored.day is None:
            stored, dated_by = store_date(published), "published"
        sentence = event.get("sentence") or {"start": 0, "end": 0}
        spans = [sentence] + [m for m in event.get("mentions") or [] if m.get("start") != sentence.get("start")]
        trigger = event.get("trigger") or {}
        place = _place(document, event)
        detail = {k: event.get(k) for k in ("id", "cameo", "source", "target", "trigger", "attributed_to", "date")}
        for source in sources:
            for target in targets:
                if source.key is None and target.key is None:
                    continue
                mentions = []
                for index, span in enumerate(spans):
                    start, end = int(span.get("start", 0)), int(span.get("end", 0))
                    action = trigger.get("start") if index == 0 else None
                    mentions.append(
                        MentionDraft(
                            sentence_id=sentences.number(start),
                            start=start,
                            end=end,
                            sentence=(span.get("text") or text[start:end]).strip(),
                            actor1_offset=_first_offset(actors.get(source.local_id or ""), start, end),
                            actor2_offset=_first_offset(actors.get(target.local_id or ""), start, end),
                            action_offset=action,
                            is_primary=index == 0,
                        )
                    )
                drafts.append(
                    EventDraft(
                        local_id=str(event.get("id") or ""),
                        code=code,
                        quad_class=int(event.get("quad_class") or 1),
                        goldstein=float(event.get("goldstein") or 0.0),
                        actor1=source,
                        actor2=target,
                        date_text=date_text,
                        date=stored,
                        dated_by=dated_by,
                        plover=event.get("plover"),
                        modality=str(event.get("modality") or "asserted"),
                        confidence=float(event.get("confidence") or 0.5),
                        place=place,
                        detail=detail,
                        mentions=mentions,
                    )
                )
    return drafts
