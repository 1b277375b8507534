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

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from spacy.attrs import LEMMA, ORTH, SENT_START
from spacy.tokens import Doc, Span, Token

from communique.article import LineKind
from communique.extract import Reading
from communique.extract.actors import members
from communique.extract.places import dateline_place_span
from communique.extract.syntax import (
    RELATIVE_PRONOUNS,
    clause_subject,
    doc_column,
    doc_memo,
    doc_text,
    doc_tokens,
    positions_of,
    span_text,
)
from communique.knowledge import load_toml
from communique.knowledge.cameo import CameoCode, lookup
from communique.knowledge.cues import CuePattern, compile_cues
from communique.knowledge.gazetteer import GeoEntry
from communique.knowledge.lexicon import lexicon
from communique.model import Actor, Event, Modality, Party, Quote, TextSpan

_TARGET_PREPS_DEFAULT = ("with", "to", "on", "against", "for", "toward", "towards", "into")
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_WEIGHING_VERBS = {"consider", "weigh", "mull", "contemplate", "debate", "discuss"}
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
    requires_object: bool = False
    intransitive: bool = False
    not_objects: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    """The several-word entries of ``objects``, as lemma sequences ("joint exercise")."""


@cache
def patterns() -> dict[tuple[str, str], list[Pattern]]:
    """Patterns by (lemma, pos), most specific (with object classes) first."""
    table: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
    for item in load_toml("event_patterns.toml").get("pattern", []):
        objects = [o.lower() for o in item.get("objects", [])]
        pattern = Pattern(
            lemma=item["lemma"].lower(),
            pos=item.get("pos", "verb"),
            objects=frozenset(objects),
            code=str(item["code"]),
            target_preps=tuple(item.get("target_preps", [])) or _TARGET_PREPS_DEFAULT,
            symmetric=bool(item.get("symmetric", False)),
            object_is_target=bool(item.get("object_is_target", False)),
            requires_object=bool(item.get("requires_object", False)),
            intransitive=bool(item.get("intransitive", False)),
            not_objects=frozenset(o.lower() for o in item.get("not_objects", [])),
            phrases=tuple(tuple(o.split()) for o in objects if " " in o),
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
    if token.i not in reading.token_actor and (owners := _owners(reading, token)):
        return owners  # "the plan Beijing published", "Moscow's proposal": whose it is
    found: list[Actor] = []
    heads = [token, *[c for c in token.conjuncts]]
    for head in heads:
        actor_ids = [reading.token_actor.get(head.i)]
        if actor_ids[0] is None:
            # The phrase's own words: "the Kenyan President William Ruto" -> its name tokens;
            # "the presidents of Brazil, Argentina and Uruguay" -> each of the names.
            phrase = _phrase(head)
            for t in phrase:
                if t.i in reading.token_actor and t.dep_ not in {"conj", "cc"}:
                    actor_ids = [reading.token_actor[t.i]]
                    within = {x.i for x in phrase}
                    actor_ids += [reading.token_actor.get(c.i) for c in t.conjuncts if c.i in within]
                    break
        for actor_id in actor_ids:
            for actor in members(reading, actor_id):
                if actor.principal and actor not in found:
                    found.append(actor)
    if not found:
        found = _demonym_parties(reading, token)
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


def _own_clause(trigger: Token) -> list[Token]:
    """The trigger's subtree without the verbs coordinated with it and their words ("imposed X
    and announced Y": not Y)."""
    coordinated = [c for c in trigger.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}]
    if not coordinated:
        return list(trigger.subtree)
    inside = {t.i for c in coordinated for t in c.subtree}
    return [t for t in trigger.subtree if t.i not in inside]


def _owners(reading: Reading, token: Token) -> list[Actor]:
    """The parties a thing belongs to: its possessor, the subject of a relative clause on it
    ("the plan Beijing published"), the agent of a participle on it ("a plan drafted by X")."""
    if token.pos_ != "NOUN" or _party_like(token):
        return []
    heads = [c for c in token.children if c.dep_ == "poss"]
    for clause in (c for c in token.children if c.dep_ in {"relcl", "acl"}):
        heads += [g for g in clause.children if g.dep_ == "nsubj" and g.lower_ not in RELATIVE_PRONOUNS]
        heads += [p for g in clause.children if g.dep_ == "agent" for p in g.children if p.dep_ == "pobj"]
    found: list[Actor] = []
    for head in heads:
        for actor in members(reading, reading.token_actor.get(head.i)):
            if actor.principal and actor not in found:
                found.append(actor)
    return found


def _phrase(head: Token) -> list[Token]:
    """A noun phrase's tokens without the clauses inside it ("anyone who attacked X": not X)."""
    out = [head]
    for child in head.children:
        if child.dep_ in {"relcl", "acl", "advcl"} and child.pos_ in {"VERB", "AUX"}:
            continue
        out += _phrase(child)
    return out


def _demonym_parties(reading: Reading, token: Token) -> list[Actor]:
    """ "The Chinese conduct", "Russian strikes": a people's adjective on the phrase's head
    names the state the article already knows as an actor."""
    found: list[Actor] = []
    for modifier in token.children:
        if modifier.dep_ not in {"amod", "compound"} or modifier.ent_type_ not in {"NORP", "GPE"}:
            continue
        entity = next((e for e in token.doc.ents if e.start <= modifier.i < e.end), None)
        for referent in lexicon().lookup(entity.text if entity is not None else modifier.text):
            if referent.kind != "state":
                continue
            actor = next((a for a in reading.actors if a.principal == referent.code and a.kind == "state"), None)
            actor = actor or next((a for a in reading.actors if a.principal == referent.code), None)
            if actor is not None and actor not in found:
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


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    return [x for t in tokens for x in (t, *t.conjuncts)]


def _passive_participle(token: Token) -> bool:
    """A participle modifying the noun it acts on: "a deal brokered by X", "the missiles fired"."""
    return token.dep_ == "acl" and token.tag_ == "VBN"


def _is_infinitive(token: Token) -> bool:
    """A to-infinitive complement: "vowed to retaliate", "urged them to release"."""
    return token.dep_ == "xcomp" or (
        token.dep_ in {"ccomp", "advcl"} and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    )


def _prep_complements(token: Token) -> list[Token]:
    """The objects (and gerunds) of the prepositions that depend on ``token``."""
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in {"prep", "agent"}:
            out += _with_conjuncts([c for c in child.children if c.dep_ in {"pobj", "pcomp"}])
    return out


def object_words(verb: Token) -> list[Token]:
    """The words a verb pattern's ``objects`` are compared with, nearest first: the direct
    object (or passive subject) and its conjuncts, the objects of the verb's prepositions, the
    objects of prepositions on those nouns ("accused X of war crimes", "a package of
    sanctions"), and a to-infinitive with its subject and object ("threatened to impose
    sanctions", "urged them to release the prisoners")."""
    nouns = _with_conjuncts([c for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "attr", "dative", "oprd"}])
    if _passive_participle(verb):
        nouns.insert(0, verb.head)  # "a deal brokered by X": the noun is what was brokered
    nouns += _prep_complements(verb)
    nouns += [x for noun in list(nouns) if noun.pos_ in {"NOUN", "PROPN", "PRON"} for x in _prep_complements(noun)]
    for infinitive in (c for c in verb.children if _is_infinitive(c)):
        nouns.append(infinitive)
        complements = _with_conjuncts([c for c in infinitive.children if c.dep_ in {"nsubj", "dobj"}])
        nouns += complements
        nouns += [x for noun in complements for x in _prep_complements(noun)]  # "to halt weeks of fighting"
    return nouns


_WORD_FORMS_KEY = "communique.events.word_forms"
_SUBTREE_WORDS_KEY = "communique.events.subtree_words"


def _word_forms(token: Token) -> frozenset[str]:
    """The one-word entries a noun or infinitive answers to: its lemma and form, its
    compound modifiers' lemmas, and a verb's lemma with its particle ("hand over").
    Asked of the same word by every candidate pattern, so kept per document."""
    memo: dict[int, frozenset[str]] = doc_memo(token.doc, _WORD_FORMS_KEY)
    found = memo.get(token.i)
    if found is not None:
        return found
    forms = {token.lemma_.lower(), token.lower_}
    if token.ent_type_:
        forms.add(f"@{token.ent_type_.lower()}")
    forms.update(c.lemma_.lower() for c in token.children if c.dep_ == "compound")
    particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    if particle:
        forms.add(f"{token.lemma_.lower()} {particle}")
    found = memo[token.i] = frozenset(forms)
    return found


def _subtree_words(token: Token) -> frozenset[str]:
    """Every lemma and lower-cased form in the token's subtree (kept per document), so that a
    phrase whose words are not all there is ruled out without walking the subtree again."""
    memo: dict[int, frozenset[str]] = doc_memo(token.doc, _SUBTREE_WORDS_KEY)
    found = memo.get(token.i)
    if found is None:
        found = memo[token.i] = frozenset(w for t in token.subtree for w in (t.lemma_.lower(), t.lower_))
    return found


def _has_phrase(token: Token, phrase: tuple[str, ...]) -> bool:
    """Do the phrase's words occur, as lemmas and in order, in the token's subtree?"""
    if not _subtree_words(token).issuperset(phrase):
        return False
    position = 0
    for t in token.subtree:
        if t.lemma_.lower() == phrase[position] or t.lower_ == phrase[position]:
            position += 1
            if position == len(phrase):
                return True
    return False


def _has_any_phrase(token: Token, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Does one of the phrases occur in the token's subtree (its words all there, then in order)?"""
    words = _subtree_words(token)
    return any(words.issuperset(phrase) and _has_phrase(token, phrase) for phrase in phrases)


def _verb_candidates(token: Token) -> list[Pattern]:
    """The verb's patterns: those of its particle or directly following preposition first
    ("call for", "pull out"), then those of the bare lemma."""
    table = patterns()
    lemma = token.lemma_.lower()
    candidates: list[Pattern] = []
    for child in token.children:
        if child.dep_ == "prt" or (child.dep_ == "prep" and child.i == token.i + 1):
            candidates += table.get((f"{lemma} {child.lower_}", "verb"), [])
    return candidates + table.get((lemma, "verb"), [])


@cache
def _trigger_lemmas() -> frozenset[str]:
    """Every lemma some pattern starts with ("call" of "call for"): most words are none."""
    return frozenset(lemma.split()[0] for lemma, _pos in patterns())


def _candidate_triggers(doc: Doc) -> list[int]:
    """The positions of the tokens whose lemma some pattern starts with, in order: found over
    the lemma column at once, so that :func:`match` runs on a few tokens, not on every one."""
    return positions_of(doc, _trigger_lemmas(), LEMMA)


def match(token: Token) -> tuple[Pattern, Token | None] | None:
    """The first pattern the trigger satisfies, and the object word that satisfied it."""
    if token.lemma_.lower() not in _trigger_lemmas():
        return None
    if token.pos_ in {"VERB", "AUX"}:
        candidates = _verb_candidates(token)
        if not candidates:
            return None
        words: list[tuple[Token, frozenset[str]]] | None = None
        for pattern in candidates:
            if not pattern.objects:
                direct = _direct_object(token)
                if (pattern.requires_object and direct is None) or (pattern.intransitive and direct is not None):
                    continue
                if direct is not None and pattern.not_objects & _word_forms(direct):
                    continue
                return pattern, None
            if words is None:
                words = [(word, _word_forms(word)) for word in object_words(token)]
            for word, forms in words:
                # A word satisfies a pattern by one of its forms or a phrase in its subtree.
                if pattern.objects & forms or (pattern.phrases and _has_any_phrase(word, pattern.phrases)):
                    return pattern, word
        return None
    if token.pos_ == "ADJ" and token.dep_ == "acomp":
        return next(((p, None) for p in patterns().get((token.lemma_.lower(), "adj"), [])), None)
    if token.pos_ in {"NOUN", "PROPN"}:
        modifiers: list[frozenset[str]] | None = None
        for pattern in patterns().get((token.lemma_.lower(), "noun"), []):
            if not pattern.objects:
                return pattern, None
            if modifiers is None:
                nearby = [c for c in token.children if c.dep_ in {"compound", "amod", "nmod"}]
                nearby += [o for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children]
                modifiers = [_word_forms(m) for m in nearby]
            if any(pattern.objects & forms for forms in modifiers) or any(
                _has_phrase(token, phrase) for phrase in pattern.phrases
            ):
                return pattern, None
    return None


@cache
def _refusals() -> dict[str, str]:
    return {str(k): str(v) for k, v in load_toml("event_patterns.toml").get("refusals", {}).items()}


_REFUSING_VERBS = {"refuse", "decline"}


def _refused(token: Token) -> bool:
    """Is the trigger refused rather than merely not done: "will not lift", "won't release",
    "refused to free"? (A trigger negated in the past, "did not sign", is a fact, not a refusal.)"""
    negated = any(c.dep_ == "neg" for c in token.children)
    auxes = {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}
    if negated and auxes & (_FUTURE_AUX | {"would"}):
        return True
    head = token.head
    return token.dep_ == "xcomp" and head.lemma_.lower() in _REFUSING_VERBS


def coded(token: Token, pattern: Pattern) -> tuple[str, bool]:
    """The trigger's CAMEO code and whether it was refused: a refused concession (03-08) is
    the refusal code of ``[refusals]`` in the patterns file, otherwise the pattern's code."""
    code = pattern.code
    if code[:2] in {"03", "04", "05", "06", "07", "08"} and _refused(token):
        table = _refusals()
        for length in range(len(code), 1, -1):
            if code[:length] in table:
                return table[code[:length]], True
    return code, False


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
    if token.dep_ == "xcomp" and head.lemma_.lower() in _WEIGHING_VERBS:
        return "hypothetical"  # "is considering sending aid"
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
        if sentence.start_char <= t.start < sentence.end_char
        and t.value
        and t.kind != "duration"
        and reading.article.kind_at(t.start) != LineKind.DATELINE  # "SEOUL, June 12 --" dates the report
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
    previous_start = text.rfind("\n", 0, max(0, paragraph_start - 2)) + 1
    carried = [
        t
        for t in reading.times
        if previous_start <= t.start < paragraph_start
        and t.value
        and t.kind == "date"
        and len(t.value) == 10
        and reading.article.kind_at(t.start) not in _NOT_BODY
        and not any(q.start <= t.start < q.end for q in reading.quotes)
        and not (reading.published and t.value > reading.published.isoformat())
    ]
    if carried:
        return carried[-1].value  # the narrative goes on from the paragraph before
    lead = _lead_date(reading)
    if lead:
        return lead
    return reading.published.isoformat() if reading.published else None


_NOT_BODY = {LineKind.HEADLINE, LineKind.SUBTITLE, LineKind.BYLINE, LineKind.DATELINE, LineKind.CAPTION}


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
    return trigger.dep_ == "xcomp" and head.lemma_.lower() in _INTENT_VERBS | _WEIGHING_VERBS | {"want", "need"}


_MUTUAL_ROOTS = {"03", "04", "06"}
_MUTUAL_CODES = ("057", "087")
"""Cooperation done together by coordinated subjects is done toward each other; so is a
de-escalation ("X and Y agreed to halt the fighting")."""


def _mutual(pattern: Pattern) -> bool:
    return pattern.symmetric or pattern.code[:2] in _MUTUAL_ROOTS or pattern.code.startswith(_MUTUAL_CODES)


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
        actor_id = reading.token_actor.get(token.i)
        if actor_id is None:
            continue
        if token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE:
            continue  # "in Singapore" says where, not to whom
        if _parenthetical(token) or _modifies_a_thing(reading, token):
            continue  # "(Photo via X)"; "X resolutions", "the X ceremony" name no party acted on
        for actor in members(reading, actor_id):
            principal = actor.principal
            if principal and principal not in exclude:
                distance = abs(token.i - anchor)
                if principal not in found or distance < found[principal][0]:
                    found[principal] = (distance, actor)
    return [actor for _, actor in sorted(found.values(), key=lambda item: item[0])]


def _parenthetical(token: Token) -> bool:
    """Is the token inside parentheses in its sentence (a credit, an aside, an abbreviation)?"""
    doc = token.doc
    inside: set[int] | None = doc.user_data.get("communique.parenthetical")
    if inside is None:
        inside = set()
        if "(" in doc_text(doc):
            # Read from the columns (no Python object per token): the brackets' hashes and the
            # sentence starts; only the tokens between an opening and a closing one are visited.
            opening, closing = doc.vocab.strings.add("("), doc.vocab.strings.add(")")
            orth, starts = doc_column(doc, ORTH), doc_column(doc, SENT_START)
            marks = [i for i, h in enumerate(orth) if h in (opening, closing) or starts[i] == 1]
            depth = 0
            for i, following in zip(marks, [*marks[1:], len(orth)], strict=True):
                if starts[i] == 1:
                    depth = 0  # each sentence counts its own parentheses
                depth -= orth[i] == closing
                if depth > 0:
                    inside.add(i)
                depth += orth[i] == opening
                if depth > 0:
                    inside.update(range(i + 1, following))  # the words up to the next mark
        doc.user_data["communique.parenthetical"] = inside
    return token.i in inside


def _modifies_a_thing(reading: Reading, token: Token) -> bool:
    """Is the token part of a name that only modifies a noun naming a thing ("Security
    Council resolutions", "the Doha ceremony")? Such a name is a topic, not a party."""
    actor = reading.token_actor.get(token.i)
    if actor is None:
        return False
    root = token
    while root.head.i != root.i and reading.token_actor.get(root.head.i) == actor:
        root = root.head
    return root.dep_ in {"compound", "nmod"} and root.head.pos_ in {"NOUN", "PROPN"} and not _party_like(root.head)


_CLAUSE_TOKENS_KEY = "communique.events.clause_tokens"


def _clause_tokens(token: Token) -> list[Token]:
    """The tokens of the clause a trigger belongs to, without the clauses embedded in it or
    coordinated with it that have their own subject or are relative or participial (kept per
    document: the target and the location of an event both ask)."""
    memo: dict[int, list[Token]] = doc_memo(token.doc, _CLAUSE_TOKENS_KEY)
    found = memo.get(token.i)
    if found is None:
        found = memo[token.i] = _walk_clause(token)
    return found


def _walk_clause(token: Token) -> list[Token]:
    clause = _governing_verb(token)

    def has_subject(verb: Token) -> bool:
        return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children)

    while clause.head.i != clause.i and (
        clause.dep_ in {"relcl", "acl", "pobj", "dobj", "pcomp", "nsubj", "xcomp"}
        or (clause.dep_ == "conj" and not has_subject(clause))
    ):
        # "Russia, which will send peacekeepers", "a deal brokered by X": the host clause
        # names the other side.
        clause = _governing_verb(clause.head)
    embedded = {"advcl", "ccomp", "relcl", "acl", "conj", "parataxis", "csubj"}

    def walk(node: Token) -> list[Token]:
        out = [node]
        for child in node.children:
            shares_subject = child.dep_ == "conj" and not has_subject(child)
            if child.dep_ in embedded and child.pos_ in {"VERB", "AUX"} and child.i != token.i and not shares_subject:
                if child.left_edge.i <= token.i <= child.right_edge.i:
                    out += walk(child)
                continue
            out += walk(child)
        return out

    return walk(clause)


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
    clause = _clause_tokens(trigger)
    ids = {t.i for t in clause}
    own = _principals_near(reading, [t for t in trigger.subtree if t.i in ids], exclude, trigger.i)
    if own:
        return own[:1]
    tokens = doc_tokens(reading.doc)
    in_sentence = [t for t in tokens[sentence.start : sentence.end] if t.i in ids]
    nearest = _principals_near(reading, in_sentence, exclude, trigger.i)
    if nearest:
        return nearest[:1]
    if sentence.start == 0:
        return []
    paragraph_start = doc_text(reading.doc).rfind("\n", 0, sentence.start_char) + 1
    before = tokens[sentence.start - 1].sent
    if before.start_char >= paragraph_start:
        # Only a state, an organisation or a person carries over: a group named in passing
        # ("Russian troops will be stationed ...") is not whom the next sentence addresses.
        words = tokens[before.start : before.end]
        others = [a for a in _principals_near(reading, words, exclude, before.end) if a.kind != "group"]
        if len(others) == 1:
            return others
    return []


def extract(reading: Reading) -> None:
    doc = reading.doc
    article = reading.article
    events: dict[tuple[str, str | None, str, str | None], Event] = {}
    display = {LineKind.HEADLINE, LineKind.SUBTITLE, LineKind.CAPTION}

    def kind_of(sentence: Span) -> LineKind:
        starts = article.kind_at(sentence.start_char)
        return starts if starts in display else article.kind_at(max(sentence.end_char - 1, sentence.start_char))

    # The body first: headlines, subtitles and captions then add mentions to its events.
    sentences = sorted(doc.sents, key=lambda s: kind_of(s) in display)
    tokens = doc_tokens(doc)
    candidates = _candidate_triggers(doc)
    for sentence in sentences:
        kind = kind_of(sentence)
        if kind in {LineKind.BYLINE, LineKind.DATELINE}:
            continue  # a byline or a bare dateline; a sentence that only starts with a dateline is read
        matches = [
            (tokens[i], m)
            for i in candidates[bisect_left(candidates, sentence.start) : bisect_left(candidates, sentence.end)]
            if (m := match(tokens[i])) is not None
        ]
        verb_triggers = {token.i for token, (pattern, _) in matches if pattern.pos == "verb"}
        for token, matched in matches:
            if matched[0].pos == "noun" and _inside_matched_verb(token, verb_triggers):
                continue
            if matched[0].pos == "noun" and _only_a_setting(token, matched[0]):
                continue
            if _ruled_out(token) and any(c.dep_ == "neg" for c in token.children):
                continue  # "does not rule out X" rejects nothing; X is coded on its own
            pattern, object_noun = matched
            sources, targets, unnamed = _roles(reading, token, pattern, object_noun)
            if not sources:
                continue
            mutual_pairs: list[tuple[Actor, Actor | None]] = []
            if not targets and len(sources) > 1 and _mutual(pattern):
                # "X and Y signed", "signed by X, Y and Z": each toward the others
                mutual_pairs = [(a, b) for i, a in enumerate(sources) for b in sources[i + 1 :]]
                sources, targets = sources[:1], sources[1:]
            targetless = pattern.code in _nominal()["domestic"] or (not targets and unnamed)
            if not targets and not targetless:
                targets = _implicit_target(reading, token, sentence, sources)
            if not targets and not targetless and object_noun is None and _about_an_event(token):
                targets = _salient_other(reading, sources)  # "welcomed the outcome", "praised the talks"
            if not targets and entry_root(pattern.code) == "19" and _into_open_water(token):
                pattern, targetless = replace(pattern, code=_open_water()[1]), True
            if not targets and not targetless and entry_root(pattern.code) not in _TARGETLESS_ROOTS:
                continue  # "praised the talks": whom it concerns is nowhere to be found
            date = _clause_date(reading, sentence, token)
            code, refused = coded(token, pattern)
            modality = "asserted" if refused else _modality(token, reading, date)
            if refused and date is None:
                date = reading.published.isoformat() if reading.published else None
            attributed_to = _attribution(reading, token, sources[0])
            if attributed_to and modality == "asserted":
                modality = "alleged"
            pairs: list[tuple[Actor, Actor | None]] = (
                mutual_pairs or [(s, t) for s in sources for t in targets] or [(s, None) for s in sources]
            )
            for source, target in pairs:
                if target is not None and target.principal == source.principal:
                    continue
                entry = lookup(official_code(code, source))
                key = (source.principal or "", target.principal if target else "", entry.code, date)
                mention = TextSpan(sentence.start_char, sentence.end_char, span_text(sentence))
                if key in events:
                    events[key].mentions.append(mention)
                    continue
                reported = next((k for k in events if k[:3] == key[:3]), None) if kind in display else None
                if reported is not None:
                    events[reported].mentions.append(mention)
                    continue
                trigger = TextSpan(token.idx, token.idx + len(token.text), token.text)
                events[key] = _event(entry, source, target, date, mention, trigger, modality, attributed_to)
                events[key].confidence = 0.6 if target else 0.4
                events[key].location = event_location(reading, token, modality)
    _code_statements(reading, events)
    ordered = sorted(events.values(), key=lambda e: e.sentence.start)
    for index, event in enumerate(ordered, start=1):
        event.id = f"e{index}"
        event.mentions.sort(key=lambda m: m.start)
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
def _stances() -> tuple[tuple[str, CuePattern], ...]:
    data = load_toml("stance.toml")
    return tuple((item["code"], compile_cues(item["cues"])) for item in data["stance"])


def _code_statements(reading: Reading, events: dict[tuple[str, str | None, str, str | None], Event]) -> None:
    """Quoted statements whose reporting verb is neutral ("said") are coded by what they say:
    a threat, an accusation, a criticism, a demand, praise or an intent to cooperate, from the
    speaker to the party the quote (or its sentence) names."""
    doc = reading.doc
    for quote in reading.quotes:
        speaker = reading.actor(quote.speaker)
        if speaker is None or not speaker.principal:
            continue
        lowered = quote.text.lower()
        code = next((code for code, pattern in _stances() if pattern.search(quote.text, lowered)), None)
        if code is None:
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None:
            continue
        sentence = span.sent
        exclude: set[str | None] = {speaker.principal}
        anchor = _reporting_verb(reading, quote, span)
        # Whom it speaks of: a party the quote names, else one its reporting clause names, else
        # the party the article is most about ("there was no justification for ...").
        clause = list(anchor.subtree) if anchor.pos_ in {"VERB", "AUX"} else list(sentence)
        targets = (
            _principals_near(reading, list(span), exclude, span.start)
            or _principals_near(reading, clause, exclude, span.start)
            or (_salient_other(reading, [speaker]) if code[:2] in {"03", "10", "11", "12", "13"} else [])
        )
        if not targets:
            continue
        target = targets[0]
        # A statement happened when it was said: date it by its reporting verb, not its content.
        date = _clause_date(reading, anchor.sent, anchor)
        key = (speaker.principal, target.principal, code, date)
        mention = TextSpan(sentence.start_char, sentence.end_char, span_text(sentence))
        if any(k[:2] == key[:2] and k[2][:2] == code[:2] and k[3] == date for k in events):
            continue  # the reporting verb already coded it ("warned", "accused")
        entry = lookup(code)
        trigger = TextSpan(quote.start, quote.end, quote.text)
        events[key] = _event(entry, speaker, target, date, mention, trigger, "asserted", None)


def event_location(reading: Reading, trigger: Token, modality: str) -> dict[str, Any] | None:
    """Where the event happened: the place its own clause names ("met in Geneva", "drills
    around Taiwan"), the nearest to the trigger, a city before a country; else, for an event of
    the report's own news, the dateline's place (where the report was filed, marked so)."""
    clause = _clause_tokens(trigger)
    start = min(t.idx for t in clause)
    end = max(t.idx + len(t.text) for t in clause)
    ids = {t.i for t in clause}
    named = []
    for place in reading.places:
        if not (start <= place.start < end) or reading.article.kind_at(place.start) == LineKind.DATELINE:
            continue
        span = reading.doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None or span.root.i not in ids:
            continue
        locative = span.root.dep_ == "pobj" and span.root.head.lower_ in _LOCATIVE | {"around", "off"}
        if locative or span.root.i not in reading.token_actor:
            named.append(place)  # "in Geneva"; a place that is a party ("welcomed Japan") is not where
    if named:
        best = min(named, key=lambda p: (p.feature in {None, "country"}, abs(p.start - trigger.idx)))
        return {**best.to_dict(), "source": "clause"}
    if modality in {"historical", "intended", "hypothetical"}:
        return None
    filed = _filed_from(reading)
    if filed is None:
        return None
    where, start, end = filed
    return {
        "text": doc_text(reading.doc)[start:end],
        "start": start,
        "end": end,
        "name": where.name,
        "country": where.country,
        "lat": where.lat,
        "lon": where.lon,
        "geonames_id": where.geonames_id,
        "feature": where.feature,
        "source": "dateline",
    }


_FILED_KEY = "communique.events.filed_from"


def _filed_from(reading: Reading) -> tuple[GeoEntry, int, int] | None:
    """The dateline's place, read for the actors' countries (kept per document and set of
    countries: every event of the report's own news asks)."""
    prefer = frozenset(a.principal for a in reading.actors if a.principal)
    memo: dict[frozenset[str], tuple[GeoEntry, int, int] | None] = doc_memo(reading.doc, _FILED_KEY)
    if prefer not in memo:
        memo[prefer] = dateline_place_span(reading, set(prefer))
    return memo[prefer]


def _reporting_verb(reading: Reading, quote: Quote, span: Span) -> Token:
    """The cue that reports a quote ("said"), nearest the quote in its paragraph: a quote of
    several sentences may be closed by "he said" in the last one. Falls back to the quote's root."""
    if not quote.cue:
        return span.root
    word = quote.cue.split()[0]
    text = doc_text(reading.doc)
    start = text.rfind("\n", 0, quote.start) + 1
    end = text.find("\n", quote.end)
    end = len(text) if end < 0 else end
    candidates = [
        t
        for t in reading.doc.char_span(start, end, alignment_mode="expand") or span.sent
        if t.text == word and not (quote.start <= t.idx < quote.end)
    ]
    if not candidates:
        return span.root
    same_sentence = [t for t in candidates if span.sent.start <= t.i < span.sent.end]
    return min(same_sentence or candidates, key=lambda t: min(abs(t.idx - quote.start), abs(t.idx - quote.end)))


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
        if token.dep_ in {"dobj", "pobj", "nsubjpass"} and head.pos_ in {"VERB", "AUX", "ADP"}:
            verb = head if head.pos_ in {"VERB", "AUX"} else head.head
            in_adjunct = head.pos_ == "ADP" and head.lower_ in _nominal()["adjunct_preps"]
            if in_adjunct or _light_verb(verb):
                subject, _ = clause_subject(verb)
                if subject is not None:
                    sources.append(subject)
        if _mutual(pattern) and not sources:
            # "talks between X and Y": the first party and the others, as "X and Y held talks"
            between = [o for c in token.children if c.dep_ == "prep" and c.lower_ == "between" for o in c.children]
            parties = [o for o in between if o.dep_ == "pobj"][:1]
            sources += parties
            targets += [c for party in parties for c in party.conjuncts]
        targets += _prep_objects(token, pattern.target_preps)
        if token.head.pos_ == "VERB":
            targets += _prep_objects(token.head, pattern.target_preps)
        if not targets and _mutual(pattern):
            # "X and Y held talks", "the Russian and US navies began a joint exercise"
            targets += [c for head in sources[:1] for c in head.conjuncts]
        return _ranked(sources, token, resolve=True), _ranked(targets, token)
    if pattern.pos == "adj":
        # "X is sceptical of Y", "X is optimistic that Y will ...": the copula's subject holds
        # the attitude toward what the adjective's phrase or clause names.
        subject, _ = clause_subject(token.head)
        sources += [subject] if subject is not None else []
        targets += _prep_objects(token, pattern.target_preps)
        targets += [g for c in token.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"]
        return _ranked(sources, token, resolve=True), _ranked(targets, token)
    subject, passive = clause_subject(token)
    if _passive_participle(token):
        subject, passive = token.head, True
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
            targets += _prep_objects(direct, pattern.target_preps)  # "sent a letter to X"
    if object_noun is not None and _is_infinitive(object_noun) and object_noun.head.i == token.i:
        # "called for Britain to stay", "urged Tehran to release": the one asked to act
        targets += [c for c in object_noun.children if c.dep_ == "nsubj"]
    if object_noun is not None and pattern.object_is_target:
        targets.append(object_noun)  # "expelled two diplomats", "joined NATO"
    targets += _prep_objects(token, pattern.target_preps)
    if object_noun is not None:
        targets += _prep_objects(object_noun, pattern.target_preps)
        if object_noun.head.i != token.i and _is_infinitive(object_noun.head):
            targets += _prep_objects(object_noun.head, pattern.target_preps)  # "threatened to impose sanctions on X"
        for child in object_noun.children:
            if child.dep_ == "prep" and child.lower_ == "between":  # "a treaty between X and Y"
                targets += [c for c in child.children if c.dep_ == "pobj"]
    if not targets and subject is not None and subject.conjuncts and _mutual(pattern):
        targets += list(subject.conjuncts)  # "X and Y signed": each toward the other
    if object_noun is not None and object_noun.pos_ in {"NOUN", "PROPN"}:
        # "rejected accusations by the US", "accepted the protesters' demands": whose they are
        targets += [c for c in object_noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        targets += _prep_objects(object_noun, ("by", "from"))
    if not targets:
        # No role names the target: the first object in the clause is the likeliest one
        # ("accused the coalition of ...", "rejected the request from X").
        own_clause = _own_clause(token)
        targets += [
            t
            for t in own_clause
            if t.dep_ in {"dobj", "pobj", "dative"}
            and t != object_noun
            and not _temporal(t)
            and not (t.dep_ == "pobj" and t.head.lower_ in _nominal()["adjunct_preps"])
            and (t.dep_ == "dobj" or pattern.code not in _nominal()["domestic"])
        ][:1]
    return _ranked(sources, token, resolve=True), _ranked(targets, token)


@cache
def _nominal() -> dict[str, frozenset[str]]:
    data = load_toml("event_patterns.toml").get("nominal", {})
    targets = load_toml("event_patterns.toml").get("targets", {})
    return {
        "light_verbs": frozenset(data.get("light_verbs", [])),
        "adjunct_preps": frozenset(data.get("adjunct_preps", [])),
        "setting_preps": frozenset(data.get("setting_preps", [])),
        "domestic": frozenset(targets.get("domestic", [])),
        "unnamed": frozenset(targets.get("unnamed", [])),
    }


@cache
def _open_water() -> tuple[frozenset[str], str]:
    targets = load_toml("event_patterns.toml").get("targets", {})
    return frozenset(targets.get("open_water", [])), str(targets.get("open_water_code", "150"))


def _into_open_water(trigger: Token) -> bool:
    """Is the force aimed "into the sea" (a prepositional object of the trigger or of its object)?"""
    water = _open_water()[0]
    return any(word.lemma_.lower() in water for word in object_words(trigger))


def _light_verb(verb: Token) -> bool:
    """Does the verb make its subject the doer of the event noun it governs ("held talks")?"""
    light = _nominal()["light_verbs"]
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    return verb.lemma_.lower() in light or (particle is not None and f"{verb.lemma_.lower()} {particle}" in light)


@cache
def _official_forms() -> tuple[frozenset[str], dict[str, str]]:
    data = load_toml("event_patterns.toml").get("official_forms", {})
    return frozenset(data.get("sectors", [])), {str(k): str(v) for k, v in data.get("codes", {}).items()}


def official_code(code: str, source: Actor) -> str:
    """A protest by a government is an official complaint (``[official_forms]``)."""
    sectors, codes = _official_forms()
    if code in codes and sectors & set(source.sectors or ()):
        return codes[code]
    return code


def _only_a_setting(token: Token, pattern: Pattern) -> bool:
    """ "At the council meeting, X said ...": a nominal event that only sets the scene, unless it
    names its own other side ("at talks with Y")."""
    if not (token.dep_ == "pobj" and token.head.lower_ in _nominal()["setting_preps"]):
        return False
    return not _prep_objects(token, pattern.target_preps)


def _inside_matched_verb(token: Token, triggers: set[int]) -> bool:
    """Is a nominal trigger what a coded verb acts on ("suspended cooperation", "protested
    against the drills", "imposed sanctions")? Then the verb's event is the one reported, unless
    the noun names its own doer ("condemned Russia's invasion")."""
    if any(c.dep_ in {"poss", "compound", "amod", "nmod"} and c.ent_type_ in _PARTY_ENTITIES for c in token.children):
        return False
    current = token
    while current.head.i != current.i and current.pos_ not in {"VERB", "AUX"}:
        if current.dep_ == "pobj" and current.head.lower_ in _nominal()["adjunct_preps"]:
            return False  # "toured a plant two days after talks with X": a second event
        current = current.head
    return current.i in triggers and current.i != token.i


_PARTY_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}
_PERSONAL = {"he", "she", "him", "her"}
_COLLECTIVE = {"it", "they", "we", "them", "us"}


def _temporal(token: Token) -> bool:
    return token.ent_type_ in {"DATE", "TIME"}


def _party_like(token: Token) -> bool:
    """Does the phrase name a party (a name, a people, an office or a body) rather than a thing
    ("imposed sanctions on Iran": Iran, not the sanctions)?"""
    words = [token, *(c for c in token.children if c.dep_ in {"compound", "amod", "poss", "nmod"})]
    if any(w.ent_type_ in _PARTY_ENTITIES for w in words):
        return True
    if token.pos_ == "PRON":
        return token.lower_ in _PERSONAL | _COLLECTIVE
    known = lexicon()
    return any(form in known.nouns or form in known.titles for form in (token.lower_, token.lemma_.lower()))


def _antecedent(pronoun: Token, trigger: Token) -> Token | None:
    """The subject of the reporting clause a pronoun subject refers back to: "The ministry said
    it would expel ...", "Kerry said he will visit ..." (he/she for a person, it/they/we for a
    body or a people)."""
    current = _governing_verb(trigger)
    while current.dep_ in {"ccomp", "xcomp", "conj", "advcl"} and current.head.i != current.i:
        current = current.head
        subject, passive = clause_subject(current)
        if subject is None or passive or subject.pos_ == "PRON":
            continue
        person = subject.ent_type_ == "PERSON" or subject.lower_ in lexicon().titles
        if (pronoun.lower_ in _PERSONAL) == person:
            return subject
    return None


def _ranked(heads: list[Token], trigger: Token, resolve: bool = False) -> list[Token]:
    """Role phrases without times ("on Friday" is when, not whom), parties before things, and a
    pronoun subject preceded by what it refers to."""
    out: list[Token] = []
    for head in heads:
        unnamed = head.lower_ in _nominal()["unnamed"]
        if (
            _temporal(head)
            or head in out
            or (head.pos_ == "PRON" and head.lower_ not in _PERSONAL | _COLLECTIVE and not unnamed)
        ):
            continue  # "on Friday" says when; "what", "which" and "his" name no one
        if resolve and head.pos_ == "PRON" and head.lower_ in _PERSONAL | _COLLECTIVE:
            antecedent = _antecedent(head, trigger)
            if antecedent is not None and antecedent not in out:
                out.append(antecedent)
        out.append(head)
    return sorted(out, key=_party_rank)


_PARTY_RANK_KEY = "communique.events.party_rank"


def _party_rank(token: Token) -> int:
    """Named parties first ("sent experts to Qatar": Qatar), then party nouns ("the experts"),
    then things. (Kept per document: every trigger of a sentence ranks the same phrases.)"""
    memo: dict[int, int] = doc_memo(token.doc, _PARTY_RANK_KEY)
    rank = memo.get(token.i)
    if rank is None:
        if any(w.ent_type_ in _PARTY_ENTITIES for w in (token, *token.children) if w.dep_ != "prep"):
            rank = 0
        else:
            rank = 1 if _party_like(token) else 2
        memo[token.i] = rank
    return rank


def _roles(
    reading: Reading, token: Token, pattern: Pattern, object_noun: Token | None
) -> tuple[list[Actor], list[Actor], bool]:
    """The source and target actors of a trigger, from :func:`role_tokens`, and whether a word
    that names no party fills the target role ("warned anyone who ...")."""
    source_heads, target_heads = role_tokens(token, pattern, object_noun)
    unnamed = any(head.lower_ in _nominal()["unnamed"] for head in target_heads[:1])
    sources: list[Actor] = []
    for head in source_heads:
        sources = _principal_parties(reading, head)
        if sources:
            break
    if not sources:
        return [], [], unnamed  # no event without a source: its targets need not be read
    targets: list[Actor] = []
    for head in target_heads:
        targets += [a for a in _principal_parties(reading, head) if a not in targets and a not in sources]
    if not targets and sources and entry_root(pattern.code) in _FORCE_ROOTS:
        # "shelled Kharkiv", "struck Armenian positions": force against a place or a thing of
        # another state is against that state.
        exclude = {a.principal for a in sources}
        for head in target_heads:
            territory = _territory(reading, head, exclude)
            if territory is not None:
                targets.append(territory)
                break
    return sources, targets, unnamed


_FORCE_ROOTS = {"18", "19", "20"}


def _territory(reading: Reading, head: Token, exclude: set[str | None]) -> Actor | None:
    """The state a target phrase lies in or belongs to: a place it names ("Kharkiv", "the
    town of Jermuk") or a people's adjective on it ("Armenian positions"), when that state is
    not the source's own. The state becomes an actor of the article if it was not one."""
    for token in _phrase(head):
        country, start, end = None, token.idx, token.idx + len(token.text)
        place = next((p for p in reading.places if p.start <= token.idx < p.end), None)
        if place is not None and place.country:
            country, start, end = place.country, place.start, place.end
        elif token.dep_ in {"amod", "compound"} and token.ent_type_ in {"NORP", "GPE"}:
            referents = [r for r in lexicon().lookup(token.text) if r.kind == "state"]
            country = referents[0].code if referents else None
        if country is None or country in exclude:
            continue
        actor = next((a for a in reading.actors if a.kind == "state" and a.principal == country), None)
        if actor is None:
            name = lexicon().country_names.get(country, country)
            actor = Actor(id=f"a{len(reading.actors) + 1}", name=name, kind="state", country=country, code=country)
            reading.actors.append(actor)
        actor.mentions.append(TextSpan(start, end, doc_text(reading.doc)[start:end]))
        actor.mentions.sort(key=lambda m: m.start)
        return actor
    return None
