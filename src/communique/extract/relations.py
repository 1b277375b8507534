"""Relations: how close a pair of states stands, on the ladder of ``data/relations.toml``.

A relation is stated by a sentence that names a level ("have maintained a strategic
cooperative partnership since 2008", "upgraded their relations to a comprehensive strategic
partnership") and a pair of states: its subject and object, "between X and Y", or "their"
relationship (the pair the article is about: the group "the two countries", else the two
states most mentioned). "since <date>" gives ``since``; a level inside one side's quote or
claim ("elevating them to 'a new, high level of alliance'") is ``claimed_by`` that speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span

from communique.extract import Reading
from communique.extract.actors import members
from communique.knowledge import load_toml
from communique.model import Relation, TextSpan


@dataclass(frozen=True, slots=True)
class Level:
    name: str
    rank: int
    pattern: re.Pattern[str]


@cache
def ladder() -> tuple[Level, ...]:
    """The documented levels, lowest first."""
    data = load_toml("relations.toml")
    levels = [
        Level(item["name"], int(item["rank"]), re.compile("|".join(f"(?:{c})" for c in item["cues"]), re.IGNORECASE))
        for item in data["level"]
    ]
    return tuple(sorted(levels, key=lambda level: level.rank))


def _pair_in(reading: Reading, sentence: Span) -> list[str]:
    states: list[str] = []
    for token in sentence:
        actor_id = reading.token_actor.get(token.i)
        for actor in members(reading, actor_id):
            if (
                actor.kind in {"state", "person", "organization", "group"}
                and actor.country
                and actor.country not in states
            ):
                states.append(actor.country)
    return states


def _salient_pair(reading: Reading) -> list[str]:
    groups = [a for a in reading.actors if a.kind == "group" and a.members]
    for group in groups:
        principals = [m.principal for m in members(reading, group.id) if m.principal]
        if len(set(principals)) == 2:
            return list(dict.fromkeys(principals))
    counts: dict[str, int] = {}
    for actor in reading.actors:
        if actor.country:
            counts[actor.country] = counts.get(actor.country, 0) + len(actor.mentions)
    ranked = sorted(counts, key=lambda c: -counts[c])
    return ranked[:2]


def _since(reading: Reading, sentence: Span, level_end: int) -> str | None:
    text = sentence.text
    m = re.search(r"\bsince\s+", text, re.IGNORECASE)
    if m:
        at = sentence.start_char + m.end()
        for t in reading.times:
            if t.start >= at - 1 and t.start <= at + 2 and t.value:
                return t.value
    for t in reading.times:
        if sentence.start_char <= t.start < sentence.end_char and t.value and t.kind == "date":
            return t.value
    return None


def _claim(reading: Reading, start: int, end: int) -> str | None:
    for quote in reading.quotes:
        if quote.start - 2 <= start and end <= quote.end + 2 and quote.speaker:
            return quote.speaker
    return None


def extract(reading: Reading) -> None:
    relations: list[Relation] = []
    seen: set[tuple[tuple[str, str], str]] = set()
    for sentence in reading.doc.sents:
        text = sentence.text
        hits = []
        for level in ladder():
            for m in level.pattern.finditer(text):
                hits.append((m.start(), m.end(), level))
        if not hits:
            continue
        # Where cues overlap, the most specific (longest) wins.
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        chosen = []
        last_end = -1
        for start, end, level in hits:
            if start >= last_end:
                chosen.append((start, end, level))
                last_end = end
        states = _pair_in(reading, sentence)
        if len(states) < 2 and re.search(r"\b(?:their|both|bilateral|the two)\b", text, re.IGNORECASE):
            states = [*states, *[s for s in _salient_pair(reading) if s not in states]]
        if len(states) < 2:
            continue
        pair = (states[0], states[1])
        for start, end, level in chosen:
            if (
                re.search(
                    r"\b(?:levels? of closeness|categori[sz]es|several levels|ladder|hierarchy|tiers?)\b",
                    text,
                    re.IGNORECASE,
                )
                and len(chosen) > 2
            ):
                continue  # a sentence describing the ladder itself
            key = (tuple(sorted(pair)), level.name)
            if key in seen:
                continue
            seen.add(key)  # type: ignore[arg-type]
            char_start = sentence.start_char + start
            char_end = sentence.start_char + end
            relations.append(
                Relation(
                    parties=pair,
                    level=level.name,
                    since=_since(reading, sentence, char_end),
                    claimed_by=_claim(reading, char_start, char_end),
                    evidence=TextSpan(sentence.start_char, sentence.end_char, sentence.text),
                )
            )
    reading.relations = relations
