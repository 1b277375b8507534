"""Event coding: who did what to whom, in CAMEO with Goldstein, QuadClass and PLOVER.

A coder over the dependency parse. For every verbal or nominal trigger whose lemma has a
pattern in ``data/event_patterns.toml`` (lemma + object class -> code), it finds the source
(the subject, the agent of a passive, the possessor of a nominal trigger: "X's visit") and the
target (the direct object, the object of the pattern's prepositions: "talks with Y",
"sanctions on Y"), resolves both to actors and their principals, and codes the event with the
codebook's Goldstein value, QuadClass and PLOVER crosswalk. Coordinated subjects ("X and Y
signed") make an event between them when the pattern is symmetric.

Modality: ``negated`` (a negation on the trigger), ``intended`` (will, plan to, vow to),
``hypothetical`` (would, could, if-clauses), ``alleged`` (inside reported speech, with the
speaker as ``attributed_to``), ``historical`` (dated more than a year before publication),
``asserted`` otherwise.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from communique.article import LineKind
from communique.extract import Reading
from communique.extract.actors import members
from communique.extract.syntax import clause_subject, doc_text
from communique.knowledge import load_toml
from communique.knowledge.cameo import CameoCode, lookup
from communique.model import Actor, Event, Modality, Party, TextSpan

_TARGET_PREPS_DEFAULT = ("with", "to", "on", "against", "for", "toward", "towards", "into")
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "can"}
_INTENT_VERBS = {
    "plan",
    "intend",
    "vow",
    "pledge",
    "promise",
    "seek",
    "want",
    "aim",
    "hope",
    "expect",
    "agree",
    "decide",
    "threaten",
    "prepare",
    "propose",
    "offer",
}


@dataclass(frozen=True, slots=True)
class Pattern:
    lemma: str
    pos: str
    objects: frozenset[str]
    code: str
    target_preps: tuple[str, ...]
    symmetric: bool
    object_is_target: bool = False


@cache
def patterns() -> dict[tuple[str, str], list[Pattern]]:
    """Patterns by (lemma, pos), most specific (with object classes) first."""
    table: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
    for item in load_toml("event_patterns.toml").get("pattern", []):
        pattern = Pattern(
            lemma=item["lemma"].lower(),
            pos=item.get("pos", "verb"),
            objects=frozenset(o.lower() for o in item.get("objects", [])),
            code=str(item["code"]),
            target_preps=tuple(item.get("target_preps", [])) or _TARGET_PREPS_DEFAULT,
            symmetric=bool(item.get("symmetric", False)),
            object_is_target=bool(item.get("object_is_target", False)),
        )
        table[(pattern.lemma, pattern.pos)].append(pattern)
    for key in table:
        table[key].sort(key=lambda p: not p.objects)
    return dict(table)


def _agreement_parties(reading: Reading, token: Token) -> list[Actor]:
    """ "The joint statement accuses ...": an instrument speaks for its parties."""
    for agreement in reading.agreements:
        if any(m.start <= token.idx < m.end for m in agreement.mentions):
            parties = []
            for code in agreement.parties:
                actor = next((a for a in reading.actors if a.kind == "state" and a.principal == code), None)
                actor = actor or next((a for a in reading.actors if a.principal == code), None)
                if actor is not None:
                    parties.append(actor)
            return parties
    return []


def _principal_parties(reading: Reading, token: Token | None) -> list[Actor]:
    """The actors a phrase mentions, conjuncts included ("Russia and China")."""
    if token is None:
        return []
    if token.i not in reading.token_actor and (speaking_for := _agreement_parties(reading, token)):
        return speaking_for
    found: list[Actor] = []
    heads = [token, *[c for c in token.conjuncts]]
    for head in heads:
        actor_id = reading.token_actor.get(head.i)
        if actor_id is None:
            # The phrase's own words: "the Kenyan President William Ruto" -> its name tokens.
            for t in head.subtree:
                if t.i in reading.token_actor and t.head.i in {head.i, *[x.i for x in head.subtree]}:
                    if t.dep_ in {"conj", "cc"}:
                        continue
                    actor_id = reading.token_actor[t.i]
                    break
        for actor in members(reading, actor_id):
            if actor.principal and actor not in found:
                found.append(actor)
    if len(found) < 2 and any(t.dep_ == "cc" and t.lower_ in {"and", "&"} for t in token.subtree):
        # A coordination the parser attached oddly ("X and Y" as nmod + conj): every name in
        # the phrase outside its prepositional and possessive modifiers.
        for t in token.subtree:
            if t.i in reading.token_actor and not any(
                a.dep_ in {"prep", "poss"} for a in t.ancestors if a.i in {x.i for x in token.subtree}
            ):
                for actor in members(reading, reading.token_actor[t.i]):
                    if actor.principal and actor not in found:
                        found.append(actor)
    return found


def _agent(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    out: list[Token] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            out.extend(c for c in child.children if c.dep_ == "pobj")
        if child.dep_ == "dative":
            out.append(child)
    return out


def _direct_object(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ in {"dobj", "attr"}), None)


def match(token: Token) -> tuple[Pattern, Token | None] | None:
    """The first pattern the trigger satisfies, and the object noun that satisfied it."""
    table = patterns()
    if token.pos_ in {"VERB", "AUX"}:
        lemma = token.lemma_.lower()
        particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
        candidates = (table.get((f"{lemma} {particle}", "verb"), []) if particle else []) + table.get(
            (lemma, "verb"), []
        )
        obj = _direct_object(token)
        for pattern in candidates:
            if not pattern.objects:
                return pattern, None
            objects = [obj] if obj is not None else []
            objects += [c for c in token.children if c.dep_ in {"nsubjpass"}]
            objects += _prep_objects(token, ("to", "on", "in", "for"))
            for candidate in objects:
                if candidate is not None and (
                    candidate.lemma_.lower() in pattern.objects or candidate.lower_ in pattern.objects
                ):
                    return pattern, candidate
        return None
    if token.pos_ in {"NOUN", "PROPN"}:
        for pattern in table.get((token.lemma_.lower(), "noun"), []):
            if not pattern.objects:
                return pattern, None
            modifiers = [c for c in token.children if c.dep_ in {"compound", "amod", "nmod"}]
            if any(m.lemma_.lower() in pattern.objects for m in modifiers):
                return pattern, None
    return None


_RULE_OUT = {("rule", "out"), ("exclude", None), ("preclude", None)}


def _ruled_out(verb: Token) -> bool:
    """Is ``verb`` "rule out"/"exclude"? Negated, it keeps its complement open, not denied."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    return (verb.lemma_.lower(), particle) in _RULE_OUT or (verb.lemma_.lower(), None) in _RULE_OUT


def _modality(token: Token, reading: Reading, date: str | None) -> Modality:
    """How the article holds the event: negated, intended, hypothetical, historical or asserted
    (alleged is decided with the speaker, in :func:`_attribution`)."""
    head = token.head
    if token.dep_ in {"xcomp", "dobj", "ccomp"} and _ruled_out(head):
        # "does not rule out developing cooperation": possible, not denied
        return "hypothetical" if any(c.dep_ == "neg" for c in head.children) else "negated"
    if any(c.dep_ == "neg" for c in token.children) or (
        token.dep_ == "xcomp" and any(c.dep_ == "neg" for c in head.children)
    ):
        return "negated"
    if token.dep_ == "xcomp" and any(c.dep_ == "neg" for c in head.head.children if head.dep_ == "xcomp"):
        return "negated"
    auxes = {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}
    if token.dep_ == "xcomp" and head.lemma_.lower() in _INTENT_VERBS:
        return "intended"
    if auxes & _FUTURE_AUX:
        return "intended"
    if auxes & _HYPOTHETICAL_AUX:
        return "hypothetical"
    clause = [token, *token.ancestors][:3]
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for t in clause for c in t.children):
        return "hypothetical"
    if date and reading.published and len(date) >= 4 and int(date[:4]) < reading.published.year - 1:
        return "historical"
    return "asserted"


def _attribution(reading: Reading, trigger: Token, source: Actor | None) -> str | None:
    """The speaker whose words report the event, when it is someone else's claim: the event
    sits inside a quote, or in the clause a reporting verb introduces ("the US says North Korea
    supplies munitions"). Returns the speaker's actor id."""
    for quote in reading.quotes:
        if quote.start <= trigger.idx < quote.end and quote.speaker:
            speaker = reading.actor(quote.speaker)
            if speaker is not None and (source is None or speaker.principal != source.principal):
                return quote.speaker
    return None


def _governing_verb(token: Token) -> Token:
    """The first verb at or above a token (the clause it belongs to)."""
    current = token
    while current.pos_ not in {"VERB", "AUX"} and current.head.i != current.i:
        current = current.head
    return current


def _clause_date(reading: Reading, sentence: Span, trigger: Token) -> str | None:
    """When the event happened, by the rules of news narration:

    1. a time expression of the trigger's own clause ("signed ... on Tuesday"), else the one
       nearest the trigger in its sentence;
    2. else the reference time the paragraph has set: the last day named before it in the
       paragraph ("On Tuesday they met. They also agreed ...");
    3. else the day of the lead, the article's first dated sentence (the event the report is
       about), when it is not after publication;
    4. else, for a report of the day's news, the publication date; nothing for a clause that
       looks ahead (will, plans to) or is conditional.
    """
    times = [
        t
        for t in reading.times
        if sentence.start_char <= t.start < sentence.end_char and t.value and t.kind != "duration"
    ]
    if times:
        clause = _governing_verb(trigger)
        own = []
        for t in times:
            span = reading.doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None and _governing_verb(span.root).i == clause.i:
                own.append(t)
        return min(own or times, key=lambda t: abs(t.start - trigger.idx)).value
    if _looks_ahead(trigger):
        return None
    text = doc_text(reading.doc)
    paragraph_start = text.rfind("\n", 0, sentence.start_char) + 1
    earlier = [
        t
        for t in reading.times
        if paragraph_start <= t.start < sentence.start_char and t.value and t.kind == "date" and len(t.value) == 10
    ]
    if earlier:
        return earlier[-1].value
    lead = _lead_date(reading)
    if lead:
        return lead
    return reading.published.isoformat() if reading.published else None


def _lead_date(reading: Reading) -> str | None:
    """The day of the article's lead: the first day-precise date of the body, not after
    publication (headlines, bylines and datelines excluded)."""
    skip = {LineKind.HEADLINE, LineKind.SUBTITLE, LineKind.BYLINE, LineKind.DATELINE, LineKind.CAPTION}
    for t in reading.times:
        if reading.article.kind_at(t.start) in skip or not t.value or len(t.value) != 10 or t.kind != "date":
            continue
        if reading.published and t.value > reading.published.isoformat():
            continue
        return t.value
    return None


def _looks_ahead(trigger: Token) -> bool:
    auxes = {c.lower_ for c in trigger.children if c.dep_ in {"aux", "auxpass"}}
    if auxes & (_FUTURE_AUX | {"would", "could", "might", "may", "should"}):
        return True
    head = trigger.head
    return trigger.dep_ == "xcomp" and head.lemma_.lower() in _INTENT_VERBS | {"want", "need"}


_MUTUAL_ROOTS = {"03", "04", "05", "06"}
"""Cooperation done together by coordinated subjects is done toward each other."""
_LOCATIVE = {"in", "at", "from", "near", "across", "inside", "throughout", "outside", "around", "over"}
_TARGETLESS_ROOTS = {"14", "15"}
"""Roots whose events stand without a target: protests and shows of force."""


def entry_root(code: str) -> str:
    return code[:2]


def _principals_near(reading: Reading, tokens: list[Token], exclude: set[str | None], anchor: int) -> list[Actor]:
    """Actors mentioned in ``tokens`` whose principal is not excluded, nearest to ``anchor`` first."""
    found: dict[str, tuple[int, Actor]] = {}
    for token in tokens:
        if token.head.lower_ in _LOCATIVE and token.dep_ == "pobj":
            continue  # "in Singapore" says where, not to whom
        for actor in members(reading, reading.token_actor.get(token.i)):
            principal = actor.principal
            if principal and principal not in exclude:
                distance = abs(token.i - anchor)
                if principal not in found or distance < found[principal][0]:
                    found[principal] = (distance, actor)
    return [actor for _, actor in sorted(found.values(), key=lambda item: item[0])]


_EVENT_NOUNS = {
    "talk",
    "talks",
    "summit",
    "meeting",
    "vote",
    "outcome",
    "result",
    "deal",
    "agreement",
    "resolution",
    "visit",
    "trip",
    "decision",
    "move",
    "step",
    "ceremony",
    "accord",
    "statement",
    "declaration",
    "negotiation",
    "dialogue",
}


def _about_an_event(trigger: Token) -> bool:
    """Is the trigger's object an event ("welcomed the vote") rather than a party?"""
    direct = _direct_object(trigger)
    return direct is not None and direct.lemma_.lower() in _EVENT_NOUNS


def _salient_other(reading: Reading, sources: list[Actor]) -> list[Actor]:
    """The party the article is most about, other than the sources: the other side of the
    event that a reaction ("welcomed the outcome") responds to."""
    exclude = {a.principal for a in sources}
    weight: dict[str, int] = {}
    first: dict[str, Actor] = {}
    for actor in reading.actors:
        if actor.principal and actor.principal not in exclude and actor.kind in {"state", "person"}:
            weight[actor.principal] = weight.get(actor.principal, 0) + len(actor.mentions)
            first.setdefault(actor.principal, actor)
    if not weight:
        return []
    best = max(weight, key=lambda p: weight[p])
    return [first[best]]


def _implicit_target(reading: Reading, trigger: Token, sentence: Span, sources: list[Actor]) -> list[Actor]:
    """The target a clause implies when no role names it: the other party named in the
    trigger's own phrase ("praised the talks with Seoul"), else the nearest other party of the
    sentence, else the one other party of the sentence before in the paragraph."""
    exclude: set[str | None] = {a.principal for a in sources}
    own = _principals_near(reading, list(trigger.subtree), exclude, trigger.i)
    if own:
        return own[:1]
    nearest = _principals_near(reading, list(sentence), exclude, trigger.i)
    if nearest:
        return nearest[:1]
    text = doc_text(reading.doc)
    paragraph_start = text.rfind("\n", 0, sentence.start_char) + 1
    previous = [s for s in reading.doc.sents if paragraph_start <= s.start_char and s.end_char <= sentence.start_char]
    if previous:
        others = _principals_near(reading, list(previous[-1]), exclude, previous[-1].end)
        if len(others) == 1:
            return others
    return []


def extract(reading: Reading) -> None:
    doc = reading.doc
    article = reading.article
    events: dict[tuple[str, str | None, str, str | None], Event] = {}
    for sentence in doc.sents:
        kind = article.kind_at(max(sentence.end_char - 1, sentence.start_char))
        if kind in {LineKind.BYLINE, LineKind.DATELINE}:
            continue  # a byline or a bare dateline; a sentence that only starts with a dateline is read
        for token in sentence:
            matched = match(token)
            if matched is None:
                continue
            if _ruled_out(token) and any(c.dep_ == "neg" for c in token.children):
                continue  # "does not rule out X" rejects nothing; X is coded on its own
            pattern, object_noun = matched
            sources, targets = _roles(reading, token, pattern, object_noun)
            if not sources:
                continue
            if not targets and len(sources) > 1 and (pattern.symmetric or pattern.code[:2] in _MUTUAL_ROOTS):
                # "X and Y signed", "Trump and Kim pledge a new history": toward each other
                sources, targets = sources[:1], sources[1:]
            if not targets:
                targets = _implicit_target(reading, token, sentence, sources)
            if not targets and object_noun is None and _about_an_event(token):
                targets = _salient_other(reading, sources)  # "welcomed the outcome", "praised the talks"
            if not targets and entry_root(pattern.code) not in _TARGETLESS_ROOTS:
                continue  # "praised the talks": whom it concerns is nowhere to be found
            date = _clause_date(reading, sentence, token)
            modality = _modality(token, reading, date)
            attributed_to = _attribution(reading, token, sources[0])
            if attributed_to and modality == "asserted":
                modality = "alleged"
            entry = lookup(pattern.code)
            pairs: list[tuple[Actor, Actor | None]] = [(s, t) for s in sources for t in targets] or [
                (s, None) for s in sources
            ]
            for source, target in pairs:
                if target is not None and target.principal == source.principal:
                    continue
                key = (source.principal or "", target.principal if target else "", entry.code, date)
                mention = TextSpan(sentence.start_char, sentence.end_char, sentence.text)
                if key in events:
                    events[key].mentions.append(mention)
                    continue
                if kind in {LineKind.HEADLINE, LineKind.SUBTITLE, LineKind.CAPTION} and any(
                    k[:3] == key[:3] for k in events
                ):
                    continue
                trigger = TextSpan(token.idx, token.idx + len(token.text), token.text)
                events[key] = _event(entry, source, target, date, mention, trigger, modality, attributed_to)
                events[key].confidence = 0.6 if target else 0.4
    _code_statements(reading, events)
    ordered = sorted(events.values(), key=lambda e: e.sentence.start)
    for index, event in enumerate(ordered, start=1):
        event.id = f"e{index}"
    reading.events = ordered


def _event(
    entry: CameoCode,
    source: Actor,
    target: Actor | None,
    date: str | None,
    sentence: TextSpan,
    trigger: TextSpan,
    modality: Modality,
    attributed_to: str | None,
) -> Event:
    """An event record with the codebook's Goldstein value, QuadClass and PLOVER mapping."""
    return Event(
        id="",
        cameo=entry.code,
        goldstein=entry.goldstein,
        quad_class=entry.quad_class,
        plover=entry.plover(),
        source=[Party(source.id, source.code)],
        target=[Party(target.id, target.code)] if target else [],
        date=date,
        sentence=sentence,
        trigger=trigger,
        modality=modality,
        attributed_to=attributed_to,
        confidence=0.4,
        mentions=[sentence],
    )


@cache
def _stances() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_toml("stance.toml")
    return tuple(
        (item["code"], re.compile("|".join(f"(?:{c})" for c in item["cues"]), re.IGNORECASE)) for item in data["stance"]
    )


def _code_statements(reading: Reading, events: dict[tuple[str, str | None, str, str | None], Event]) -> None:
    """Quoted statements whose reporting verb is neutral ("said") are coded by what they say:
    a threat, an accusation, a criticism, a demand, praise or an intent to cooperate, from the
    speaker to the party the quote (or its sentence) names."""
    doc = reading.doc
    for quote in reading.quotes:
        speaker = reading.actor(quote.speaker)
        if speaker is None or not speaker.principal:
            continue
        code = next((code for code, pattern in _stances() if pattern.search(quote.text)), None)
        if code is None:
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None:
            continue
        sentence = span.sent
        exclude: set[str | None] = {speaker.principal}
        targets = _principals_near(reading, list(span), exclude, span.start) or _principals_near(
            reading, list(sentence), exclude, span.start
        )
        if not targets:
            continue
        target = targets[0]
        # A statement happened when it was said: date it by its reporting verb, not its content.
        outside = [t for t in sentence if not (quote.start <= t.idx < quote.end)]
        anchor = next((t for t in outside if quote.cue and t.text == quote.cue.split()[0]), span.root)
        date = _clause_date(reading, sentence, anchor)
        key = (speaker.principal, target.principal, code, date)
        mention = TextSpan(sentence.start_char, sentence.end_char, sentence.text)
        if any(k[:2] == key[:2] and k[2][:2] == code[:2] for k in events):
            continue  # the reporting verb already coded it ("warned", "accused")
        entry = lookup(code)
        trigger = TextSpan(quote.start, quote.end, quote.text)
        events[key] = _event(entry, speaker, target, date, mention, trigger, "asserted", None)


def role_tokens(token: Token, pattern: Pattern, object_noun: Token | None) -> tuple[list[Token], list[Token]]:
    """Where a trigger's source and target are written, as phrase heads, most likely first.

    Verbs: the subject (the agent of a passive) is the source; the direct object (the passive
    subject), then the objects of the pattern's prepositions on the verb and on the matched
    object noun, then "between X and Y", are targets. Nominal triggers: the possessor ("X's
    visit"), the adjectival or compound modifiers ("Russian strikes"), then the subject of the
    verb that governs the noun ("X held talks"); targets are the objects of the pattern's
    prepositions on the noun or on that verb ("talks with Y").
    """
    sources: list[Token] = []
    targets: list[Token] = []
    if pattern.pos == "noun":
        sources += [c for c in token.children if c.dep_ == "poss"]
        sources += [c for c in token.children if c.dep_ in {"amod", "compound", "nmod"}]
        head = token.head
        if token.dep_ in {"dobj", "pobj", "nsubjpass"} and head.pos_ in {"VERB", "ADP", "AUX"}:
            verb = head if head.pos_ in {"VERB", "AUX"} else head.head
            subject, _ = clause_subject(verb)
            if subject is not None:
                sources.append(subject)
        targets += _prep_objects(token, pattern.target_preps)
        if token.head.pos_ == "VERB":
            targets += _prep_objects(token.head, pattern.target_preps)
        return sources, targets
    subject, passive = clause_subject(token)
    if passive:
        agent = _agent(token)
        if agent is not None:
            sources.append(agent)
        if subject is not None and (object_noun is None or subject != object_noun):
            targets.append(subject)
    else:
        if subject is not None:
            sources.append(subject)
        direct = _direct_object(token)
        if direct is not None and direct != object_noun:
            targets.append(direct)
    if object_noun is not None and pattern.object_is_target:
        targets.append(object_noun)  # "expelled two diplomats", "joined NATO"
    targets += _prep_objects(token, pattern.target_preps)
    if object_noun is not None:
        targets += _prep_objects(object_noun, pattern.target_preps)
        for child in object_noun.children:
            if child.dep_ == "prep" and child.lower_ == "between":  # "a treaty between X and Y"
                targets += [c for c in child.children if c.dep_ == "pobj"]
    if not targets:
        # No role names the target: the first object in the clause is the likeliest one
        # ("accused the coalition of ...", "rejected the request from X").
        targets += [t for t in token.subtree if t.dep_ in {"dobj", "pobj", "dative"} and t != object_noun][:1]
    return sources, targets


def _roles(
    reading: Reading, token: Token, pattern: Pattern, object_noun: Token | None
) -> tuple[list[Actor], list[Actor]]:
    """The source and target actors of a trigger, from :func:`role_tokens`."""
    source_heads, target_heads = role_tokens(token, pattern, object_noun)
    sources: list[Actor] = []
    for head in source_heads:
        sources = _principal_parties(reading, head)
        if sources:
            break
    targets: list[Actor] = []
    for head in target_heads:
        targets += [a for a in _principal_parties(reading, head) if a not in targets and a not in sources]
    return sources, targets
