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
from communique.extract.syntax import doc_tokens, span_text
from communique.knowledge import load_toml
from communique.knowledge.cues import CuePattern, compile_cues, join_cues
from communique.model import Relation, TextSpan


@dataclass(frozen=True, slots=True)
class Level:
    name: str
    rank: int
    pattern: CuePattern


@cache
def ladder() -> tuple[Level, ...]:
    """The documented levels, lowest first."""
    data = load_toml("relations.toml")
    levels = [Level(item["name"], int(item["rank"]), compile_cues(item["cues"])) for item in data["level"]]
    return tuple(sorted(levels, key=lambda level: level.rank))


@cache
def _any_level() -> CuePattern | None:
    """All levels' cues in one pattern: one scan tells the (many) sentences that name no level
    from the few that do, which are then scanned level by level."""
    return join_cues(level.pattern for level in ladder())


def _states_in(reading: Reading, sentence: Span) -> list[tuple[int, str]]:
    """(character offset, state) for every mention of a state or of its people in a sentence."""
    out: list[tuple[int, str]] = []
    last: tuple[str, str] | None = None
    for token in doc_tokens(sentence.doc)[sentence.start : sentence.end]:
        actor_id = reading.token_actor.get(token.i)
        for actor in members(reading, actor_id):
            if actor.country and (actor_id, actor.country) != last:
                out.append((token.idx, actor.country))
                last = (actor_id or "", actor.country)
    return out


def _pairs_for_cue(
    states: list[tuple[int, str]], start: int, end: int, text_after: str, plural: bool
) -> list[tuple[str, str]]:
    """The pairs a level cue speaks of: "X ... <level> with A, B and C" pairs X with each;
    "from A to B" pairs with B; a cue about a plural subject ("Sweden and Finland now allies",
    "X and Y, which called their relationship ...", "are bound by") pairs the two named before
    it; otherwise the nearest state before and after the cue ("Russia is Armenia's ally")."""
    before = [state for pos, state in states if pos < start]
    after = [state for pos, state in states if pos >= end]
    shifted = re.match(r"\s*from\s+\S+(?:\s+\S+)?\s+to\s+", text_after)
    if shifted and before:
        later = [state for pos, state in states if pos >= end + shifted.end() - 1]
        if later and later[0] != before[-1]:
            return [(before[-1], later[0])]
    nearest_two_before = list(dict.fromkeys(reversed(before)))[:2]
    if plural and len(nearest_two_before) == 2:
        return [(nearest_two_before[1], nearest_two_before[0])]
    if re.match(r"\s*(?:with|between)\b", text_after) and after:
        subject = before[0] if before else None
        partners = list(dict.fromkeys(after))
        if subject:
            return [(subject, p) for p in partners if p != subject]
        return [(partners[0], partners[1])] if len(partners) > 1 else []
    nearest_before = list(dict.fromkeys(reversed(before)))
    nearest_after = list(dict.fromkeys(after))
    if nearest_before and nearest_after and nearest_before[0] != nearest_after[0]:
        return [(nearest_before[0], nearest_after[0])]
    if len(nearest_before) >= 2:
        return [(nearest_before[1], nearest_before[0])]
    if len(nearest_after) >= 2:
        return [(nearest_after[0], nearest_after[1])]
    return []


_NEGATION = re.compile(r"\b(?:never|no|not|without|neither|nor)\b[^.;]{0,40}$", re.IGNORECASE)


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


def _since(reading: Reading, sentence: Span) -> str | None:
    text = span_text(sentence)
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
        # The level's words end inside someone's quote: "... to 'a new, high level of alliance'".
        if quote.start <= end - 1 < quote.end + 2 and start < quote.end and quote.speaker:
            return quote.speaker
    return None


_ANAPHORIC = re.compile(
    r"\b(?:a|the|this|that|same) (?:status|level|tier|rung|designation)\b[^.]*?"
    r"\b(?:granted|given|accorded|extended|reserved)\b[^.]*?\bto\b",
    re.I,
)


def _anaphoric(
    reading: Reading, sentence: Span, level: Level, seen: set[tuple[tuple[str, ...], str]]
) -> list[Relation]:
    """ "..., a status Hanoi had until now granted only to China, Russia, India and South Korea":
    the level last named, between the granting state and each state it was granted to."""
    match = _ANAPHORIC.search(span_text(sentence))
    if match is None:
        return []
    states = _states_in(reading, sentence)
    granted_at = sentence.start_char + match.end()
    granter = [s for pos, s in states if sentence.start_char + match.start() <= pos < granted_at]
    recipients = list(dict.fromkeys(s for pos, s in states if pos >= granted_at))
    if not granter:
        return []
    out = []
    for recipient in recipients:
        key = (tuple(sorted((granter[0], recipient))), level.name)
        if recipient == granter[0] or key in seen:
            continue
        seen.add(key)
        out.append(
            Relation(
                parties=(granter[0], recipient),
                level=level.name,
                evidence=TextSpan(sentence.start_char, sentence.end_char, span_text(sentence)),
            )
        )
    return out


def extract(reading: Reading) -> None:
    relations: list[Relation] = []
    seen: set[tuple[tuple[str, ...], str]] = set()
    salient: list[str] | None = None
    last_level: Level | None = None
    any_level = _any_level()
    for sentence in reading.doc.sents:
        text = span_text(sentence)
        lowered = text.lower()
        hits = (
            [(m.start(), m.end(), level) for level in ladder() for m in level.pattern.finditer(text, lowered)]
            if any_level is None or any_level.search(text, lowered)
            else []
        )
        if last_level is not None:
            relations += _anaphoric(reading, sentence, last_level, seen)
        if not hits:
            continue
        last_level = max((h[2] for h in hits), key=lambda level: level.rank)
        if len(hits) > 2 and re.search(
            r"\b(?:levels? of closeness|categori[sz]es|several levels|ladder|hierarchy|tiers?)\b", text, re.I
        ):
            continue  # a sentence describing the ladder itself
        # Where cues overlap, the most specific (longest) wins.
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        chosen = []
        last_end = -1
        for start, end, level in hits:
            if start >= last_end:
                chosen.append((start, end, level))
                last_end = end
        states = _states_in(reading, sentence)
        for start, end, level in chosen:
            char_start, char_end = sentence.start_char + start, sentence.start_char + end
            name = level.name
            if name == "diplomatic_relations" and _NEGATION.search(text[:start]):
                name = "no_relations"  # "have never established diplomatic relations"
            plural = bool(re.search(r"allies|partners|bound by", text[start:end], re.I)) or bool(
                re.search(r"\b(?:their|each other's)\s+(?:relationship|relations|ties)\b", text[:start], re.I)
            )
            pairs = _pairs_for_cue(states, char_start, char_end, text[end:], plural)
            if not pairs and re.search(r"\b(?:their|both|bilateral|the two)\b", text, re.IGNORECASE):
                salient = salient if salient is not None else _salient_pair(reading)
                if len(salient) == 2:
                    pairs = [(salient[0], salient[1])]
            for pair in pairs:
                key = (tuple(sorted(pair)), name)
                if key in seen:
                    continue
                seen.add(key)
                relations.append(
                    Relation(
                        parties=pair,
                        level=name,
                        since=_since(reading, sentence),
                        claimed_by=_claim(reading, char_start, char_end),
                        evidence=TextSpan(sentence.start_char, sentence.end_char, span_text(sentence)),
                    )
                )
    reading.relations = relations
