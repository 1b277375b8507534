"""Agreements: treaties, pacts, accords, declarations, memoranda, joint statements, resolutions.

An instrument is a noun phrase whose head is an instrument noun (``data/agreements.toml``),
named ("the Treaty of Friendship, Cooperation and Mutual Assistance") or described ("a new
partnership deal"). For each: its kind; its parties (the subjects of the verb that signs it,
"between X and Y", possessives and national adjectives, else the states of its sentence);
its signing date (the time in the clause of the verb that signs it, or of "signed in 1961");
status from that verb; provisions from cue patterns in the sentences that mention it
(quotes included); and what it replaces ("would replace the 2000 treaty and the Moscow and
Ulaanbaatar Declarations of 2004 and 2011" replaces three instruments).

Later mentions ("the deal", "the new treaty", "it" as the subject of "would replace") are
linked to the latest agreement of a compatible kind, so one instrument is one record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.attrs import LEMMA
from spacy.tokens import Span, Token

from communique.article import LineKind
from communique.extract import Reading
from communique.extract.actors import members
from communique.extract.syntax import doc_tokens, positions_of, span_text
from communique.knowledge import load_toml
from communique.knowledge.cues import CuePattern, compile_cues, join_cues
from communique.model import Agreement, TextSpan


@dataclass(frozen=True, slots=True)
class _Lexicon:
    kinds: dict[str, str]
    needs_qualifier: frozenset[str]
    qualifiers: frozenset[str]
    status_verbs: dict[str, str]
    replace_verbs: frozenset[str]
    provisions: tuple[tuple[str, CuePattern], ...]
    denying_determiners: frozenset[str]
    denying_words: frozenset[str]
    denying_phrases: frozenset[tuple[str, str]]


@cache
def _lexicon() -> _Lexicon:
    data = load_toml("agreements.toml")
    negation = data.get("provision_negation", {})
    provisions = tuple((item["name"], compile_cues(item["cues"])) for item in data["provision"])
    return _Lexicon(
        kinds=dict(data["kinds"]),
        needs_qualifier=frozenset(data["needs_qualifier"]),
        qualifiers=frozenset(data["qualifiers"]),
        status_verbs=dict(data["status_verbs"]),
        replace_verbs=frozenset(data["replace_verbs"]),
        provisions=provisions,
        denying_determiners=frozenset(negation.get("determiners", [])),
        denying_words=frozenset(negation.get("words", [])),
        denying_phrases=frozenset(tuple(p.split(maxsplit=1)) for p in negation.get("phrases", [])),
    )


@dataclass(slots=True)
class _Instrument:
    head: Token
    span: Span
    kind: str
    named: bool


def _instrument(token: Token, *, signed: bool = False) -> _Instrument | None:
    lex = _lexicon()
    lemma = token.lemma_.lower()
    if token.pos_ not in {"NOUN", "PROPN"} or lemma not in lex.kinds:
        return None
    left = token.left_edge.i
    for child in token.lefts:
        if (
            child.dep_ in {"det", "poss", "amod", "compound", "nummod", "nmod", "quantmod", "npadvmod"}
            or child.ent_type_
        ):
            left = min(left, child.left_edge.i)
    right = token.i + 1
    if lemma == "instrument":  # "instrument of accession": the "of" phrase says which
        for prep in (c for c in token.rights if c.dep_ == "prep" and c.lower_ == "of"):
            right = max([right, *[p.i + 1 for p in prep.children if p.dep_ == "pobj"]])
    # "Treaty of Friendship, Cooperation and Mutual Assistance": a capitalised "of" tail names it.
    named = token.text[0].isupper()
    if named:
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                tail = token.doc[child.i : child.right_edge.i + 1]
                if all(
                    t.is_title or t.lower_ in {"of", "and", ",", "the", "-", "on", "for"} or t.is_punct for t in tail
                ):
                    right = child.right_edge.i + 1
    span = token.doc[left:right]
    # A leading relative or determiner run beyond the phrase is trimmed.
    while len(span) > 1 and span[0].pos_ in {"ADP", "PUNCT", "CCONJ"}:
        span = span[1:]
    words = {t.lower_ for t in span if t.i != token.i}
    joined = " ".join(t.lower_ for t in span)
    if (
        lemma in lex.needs_qualifier
        and not named
        and not signed  # "the statement was signed": signing makes it an instrument
        and not (words & lex.qualifiers or any(q in joined for q in lex.qualifiers if " " in q))
    ):
        return None
    if lemma == "deal" and token.dep_ in {"npadvmod"}:
        return None
    return _Instrument(head=token, span=span, kind=lex.kinds[lemma], named=named)


def _governing_verb(token: Token) -> Token | None:
    head = token
    for _ in range(3):
        if head.dep_ in {"dobj", "nsubjpass", "nsubj", "pobj", "attr", "appos", "conj"} and head.head.i != head.i:
            head = head.head
            if head.pos_ in {"VERB", "AUX"}:
                return head
        else:
            break
    return None


def _states_of(reading: Reading, tokens: list[Token]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        for t in token.subtree:
            actor_id = reading.token_actor.get(t.i)
            for actor in members(reading, actor_id):
                principal = actor.principal
                if principal and principal not in out:
                    out.append(principal)
    return out


def _parties(reading: Reading, instrument: _Instrument, verb: Token | None) -> list[str]:
    head = instrument.head
    parties: list[str] = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            parties += _states_of(reading, list(child.children))
    modifiers = [
        t for t in instrument.span if t.i != head.i and (t.dep_ in {"poss", "compound", "amod", "nmod"} or t.ent_type_)
    ]
    parties += [p for p in _states_of(reading, modifiers) if p not in parties]
    if verb is not None and len(parties) < 2:
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "agent"}]
        if not subjects and verb.dep_ in {"conj", "xcomp", "relcl", "acl"}:
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        parties += [p for p in _states_of(reading, subjects) if p not in parties]
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in {"with", "between"}:
                parties += [p for p in _states_of(reading, list(child.children)) if p not in parties]
    if len(parties) < 2:
        sentence = head.sent
        parties += [p for p in _states_of(reading, list(sentence)) if p not in parties]
    return parties


def _signed_date(reading: Reading, instrument: _Instrument, verb: Token | None) -> str | None:
    """The time in the clause that signs it: the verb's subtree, or "signed in <date>" after it."""
    candidates: list[Token] = []
    if verb is not None:
        candidates.append(verb)
    # "the Treaty of Friendship, Cooperation and Mutual Assistance signed in 1961": the
    # participle may hang on any word of the name.
    candidates += [c for t in instrument.span for c in t.children if c.dep_ in {"acl", "relcl"}]
    after = instrument.span.end
    if after < len(instrument.span.doc) and instrument.span.doc[after].tag_ == "VBN":
        candidates.append(instrument.span.doc[after])  # "... Mutual Assistance signed in 1961" hung elsewhere
    phrase = (instrument.span.start_char, instrument.span.end_char)
    for anchor in candidates:
        lo = min(min(t.idx for t in anchor.subtree), anchor.idx)
        hi = max(t.idx + len(t.text) for t in anchor.subtree)
        # A date inside the instrument's own phrase ("the 2000 treaty") says which one it is,
        # not when this clause signed it.
        times = [
            t
            for t in reading.times
            if lo <= t.start < hi and t.value and t.kind == "date" and not (phrase[0] <= t.start < phrase[1])
        ]
        if times:
            return min(times, key=lambda t: abs(t.start - anchor.idx)).value
    if verb is not None:
        # "X flew to Y on Feb. 23 ..., and the two governments signed a deal": the sentence's one date.
        sentence = instrument.head.sent
        dates = [
            t
            for t in reading.times
            if sentence.start_char <= t.start < sentence.end_char
            and t.value
            and t.kind == "date"
            and not (phrase[0] <= t.start < phrase[1])
        ]
        if len({t.value for t in dates}) == 1:
            return dates[0].value
    # "the 2000 treaty", "the Moscow Declaration of 2001": a year inside the phrase.
    inner = [t for t in reading.times if instrument.span.start_char <= t.start < instrument.span.end_char and t.value]
    if inner:
        return inner[0].value
    return None


def _status(verb: Token | None) -> str | None:
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    if lemma == "take" and any(c.lower_ == "effect" for c in verb.children):
        lemma = "take_effect"
    return _lexicon().status_verbs.get(lemma)


def _replaced(instrument_head: Token) -> list[str]:
    """Instruments named as objects of "replace"/"supersede" whose subject is this one."""
    out: list[str] = []
    lex = _lexicon()
    verb = instrument_head.head if instrument_head.dep_ in {"nsubj", "nsubjpass"} else None
    if verb is None:
        return out
    targets = [verb, *[c for c in verb.children if c.dep_ in {"xcomp", "conj"}]]
    for v in targets:
        if v.lemma_.lower() not in lex.replace_verbs:
            continue
        objects = [c for c in v.children if c.dep_ == "dobj"]
        for obj in objects:
            for item in [obj, *obj.conjuncts]:
                out.extend(_split_plural(item))
    return out


def _split_plural(token: Token) -> list[str]:
    """ "the Astana and Ulaanbaatar Declarations of 2004 and 2011" names two instruments."""
    span = token.doc[token.left_edge.i : token.right_edge.i + 1]
    own = [
        t
        for t in token.subtree
        if not (t.dep_ == "conj" and t.head.i == token.i)
        and not any(a.dep_ == "conj" and a.head.i == token.i for a in t.ancestors)
    ]
    text = token.doc[min(t.i for t in own) : max(t.i for t in own) + 1].text if own else span.text
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(" ,"), flags=re.IGNORECASE)
    if token.tag_ in {"NNS", "NNPS"}:
        names = [c for c in token.children if c.dep_ == "compound" or (c.dep_ == "amod" and c.text[0].isupper())]
        conj_names = [n for n in names for n in [n, *n.conjuncts]]
        if len(conj_names) >= 2:
            return [f"{n.text} {token.lemma_.title()}" for n in conj_names]
        years = [t for t in token.subtree if t.like_num and len(t.text) == 4]
        if len(years) >= 2:
            return [f"{token.lemma_.title()} of {y.text}" for y in years]
    return [text]


@cache
def _any_provision() -> CuePattern | None:
    """Every provision's cues in one pattern (None if they cannot be joined)."""
    return join_cues(pattern for _, pattern in _lexicon().provisions)


def _provisions(reading: Reading, sentences: list[Span]) -> list[str]:
    """The provisions the sentences state; one they deny ("does not include a mutual defence
    clause") is not the agreement's."""
    found: list[str] = []
    any_provision = _any_provision()
    for sentence in sentences:
        text = span_text(sentence)
        lowered = text.lower()
        if any_provision is not None and not any_provision.search(text, lowered):
            continue  # one scan rules out every provision
        for name, pattern in _lexicon().provisions:
            if name in found:
                continue
            for m in pattern.finditer(text, lowered):
                cue = sentence.char_span(m.start(), m.end(), alignment_mode="expand")  # offsets within the sentence
                if cue is None or not _denied(cue):
                    found.append(name)
                    break
    return found


def _denied(cue: Span) -> bool:
    """Is the cue denied by what governs it in its clause: a negated verb, "no", "without",
    "lacks", "stops short of"? A negation inside the cue is its own ("not to attack each other")."""
    lex = _lexicon()
    inside = {t.i for t in cue}
    current = cue.root
    while True:
        if current.i not in inside:
            lemma = current.lemma_.lower()
            children = list(current.children)
            if lemma in lex.denying_words or any((lemma, c.lemma_.lower()) in lex.denying_phrases for c in children):
                return True
            if any(c.dep_ == "neg" for c in children):
                return True
            if current.pos_ in {"NOUN", "PROPN"} and any(
                c.dep_ == "det" and c.lower_ in lex.denying_determiners for c in children
            ):
                return True
        head = current.head
        # A clause joined to another ("does not cover trade but includes X") is its own.
        if head.i == current.i or (current.dep_ == "conj" and current.pos_ in {"VERB", "AUX"}):
            return False
        if current.dep_ in {"relcl", "advcl", "ccomp", "parataxis"}:
            return False
        current = head


def extract(reading: Reading) -> None:
    """Agreements of the body first; headline, subtitle and caption mentions are then linked
    to them (a headline names the article's instrument, it does not add one)."""
    doc = reading.doc
    article = reading.article
    agreements: list[Agreement] = []
    evidence: dict[str, list[Span]] = {}
    head_kinds = {LineKind.HEADLINE, LineKind.SUBTITLE, LineKind.CAPTION}
    # Only nouns of an instrument kind can be one (the test :func:`_instrument` starts with).
    kinds = _lexicon().kinds
    tokens = doc_tokens(doc)
    nouns = [t for t in (tokens[i] for i in positions_of(doc, kinds.keys(), LEMMA)) if t.pos_ in {"NOUN", "PROPN"}]
    body = [t for t in nouns if article.kind_at(t.idx) not in head_kinds]
    heads = [t for t in nouns if article.kind_at(t.idx) in head_kinds]
    for token in [*body, *heads]:
        verb = _governing_verb(token)
        status = _status(verb)
        instrument = _instrument(token, signed=status is not None)
        if instrument is None:
            continue
        mention = TextSpan(instrument.span.start_char, instrument.span.end_char, span_text(instrument.span))
        in_head = article.kind_at(token.idx) in head_kinds
        existing = _antecedent(reading, agreements, instrument, force=in_head)
        if existing is not None:
            existing.mentions.append(mention)
            evidence[existing.id].append(token.sent)
            existing.replaces += [r for r in _replaced(token) if r not in existing.replaces]
            if existing.status is None and status:
                existing.status = status
            if existing.signed is None and status in {"signed", "ratified"}:
                existing.signed = _signed_date(reading, instrument, verb)
            continue
        if in_head:
            continue
        parties = _parties(reading, instrument, verb)
        if not parties:
            continue
        name = re.sub(r"^(?:the|a|an)\s+", "", span_text(instrument.span), flags=re.IGNORECASE).strip("\"'“”‘’ ")
        agreement = Agreement(
            id=f"g{len(agreements) + 1}",
            name=name,
            kind=instrument.kind,
            parties=parties,
            signed=_signed_date(reading, instrument, verb) if status in {"signed", None, "ratified"} else None,
            status=status,
            replaces=_replaced(token),
            mentions=[mention],
        )
        agreements.append(agreement)
        evidence[agreement.id] = [token.sent]
    _link_pronouns(reading, agreements, evidence)
    for agreement in agreements:
        agreement.provisions = _provisions(reading, evidence[agreement.id])
    # Acceding to a treaty takes on its obligations: "instrument of accession" + "the North
    # Atlantic Treaty, whose Article 5 obliges the allies to assist ...".
    treaties = [a for a in agreements if a.kind == "treaty" and a.name[:1].isupper()]
    for agreement in agreements:
        if agreement.kind == "accession":
            for treaty in treaties:
                agreement.provisions += [p for p in treaty.provisions if p not in agreement.provisions]
    reading.agreements = agreements


def _is_current(reading: Reading, agreement: Agreement) -> bool:
    """Signed in the news of the day (or undated): not a treaty of decades ago."""
    if not agreement.signed or reading.published is None:
        return True
    return int(agreement.signed[:4]) >= reading.published.year - 1


def _antecedent(
    reading: Reading, agreements: list[Agreement], instrument: _Instrument, *, force: bool = False
) -> Agreement | None:
    """The agreement a mention refers back to: "the deal", "the new treaty", "this agreement",
    a predicate ("calling it a 'breakthrough' treaty"), or any mention in a headline. A "new"
    instrument is the day's one; an old one is never the antecedent of an undated mention."""
    if not agreements or (instrument.named and not force):
        return None
    words = {t.lower_ for t in instrument.span}
    first = instrument.span[0].lower_
    head = instrument.head
    predicate = head.dep_ in {"attr", "oprd"} or (
        head.dep_ == "dobj" and any(c.dep_ in {"oprd", "xcomp"} for c in head.head.children)
    )
    if not (force or predicate or first in {"the", "this", "that", "its", "their"}):
        return None
    if any(t.like_num for t in instrument.span) or words & {
        "earlier",
        "previous",
        "old",
        "former",
        "original",
        "first",
    }:
        return None
    compatible = [
        a
        for a in agreements
        if a.kind == instrument.kind
        or instrument.kind in {"agreement", "document"}
        or a.kind in {"agreement", "document"}
    ]
    current = [a for a in compatible if _is_current(reading, a)]
    compatible = current or ([] if not (force or predicate or "new" in words) else compatible)
    if not compatible:
        return None
    signed_now = [a for a in compatible if a.status == "signed"]
    return (signed_now or compatible)[-1] if (force or "new" in words or predicate) else compatible[-1]


_IT = frozenset({"it"})


def _link_pronouns(reading: Reading, agreements: list[Agreement], evidence: dict[str, list[Span]]) -> None:
    """ "it" as the subject of a sentence right after an agreement's mention speaks of it."""
    if not agreements:
        return
    tokens = doc_tokens(reading.doc)
    for token in (tokens[i] for i in positions_of(reading.doc, _IT)):
        if token.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            before = [
                a
                for a in agreements
                if a.mentions and a.mentions[-1].end <= token.idx and token.idx - a.mentions[-1].end < 400
            ]
            if before:
                target = before[-1]
                if token.sent not in evidence[target.id]:
                    evidence[target.id].append(token.sent)
                target.replaces += [r for r in _replaced(token) if r not in target.replaces]
