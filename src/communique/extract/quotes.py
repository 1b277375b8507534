"""Quotes: who said what, and who relayed it.

Direct quotes are the stretches between quotation marks (straight or curly, double or single),
joined across sentences and across attribution splits ("..., " he said. "..."). A paragraph
whose quote is never closed runs on to the paragraph's end, as news writes multi-paragraph
quotes. Each quote is attributed through the reporting verb of its clause (its subject; the
agent of "was quoted by"), else the attribution in the neighbouring sentence ("X said:" before,
"X said." after), with subject pronouns resolved by the actors extractor. The relaying outlet
comes from "quoted by", "as quoted by", "according to", "carried by", "told <outlet>".

Indirect speech ("X said that ...", "according to X, ...") is kept as ``kind="indirect"``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from communique.extract import Reading
from communique.extract.syntax import clause_subject, doc_text, doc_tokens, positions_of, span_text
from communique.knowledge import load_toml
from communique.knowledge.lexicon import lexicon
from communique.model import Quote


@dataclass(frozen=True, slots=True)
class _Reporting:
    verbs: frozenset[str]
    relay_verbs: frozenset[str]
    via_phrases: tuple[str, ...]
    speaker_nouns: frozenset[str]
    audiences: frozenset[str]


@cache
def _reporting() -> _Reporting:
    data = load_toml("reporting.toml")
    return _Reporting(
        verbs=frozenset(data["verbs"]),
        relay_verbs=frozenset(data["relay_verbs"]),
        via_phrases=tuple(sorted(data["via_phrases"], key=len, reverse=True)),
        speaker_nouns=frozenset(data["speaker_nouns"]),
        audiences=frozenset(data["audiences"]),
    )


def doc_quote_spans(doc: Doc) -> list[tuple[int, int]]:
    """:func:`quote_spans` of the document's text, found once per document."""
    spans = doc.user_data.get(_QUOTES_KEY)
    if spans is None:
        spans = doc.user_data[_QUOTES_KEY] = quote_spans(doc_text(doc))
    return spans


_QUOTES_KEY = "communique.quote_spans"


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted stretch's content, quote marks excluded, top level only."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in {'"', "“", "„", "«"}:
            closers = {'"'} if ch == '"' else {"”", '"', "“"} if ch == "„" else {"»"} if ch == "«" else {"”", '"'}
            j = i + 1
            paragraph_end = text.find("\n", i)
            paragraph_end = n if paragraph_end == -1 else paragraph_end
            while j < paragraph_end and text[j] not in closers:
                j += 1
            if i + 1 < j:
                spans.append((i + 1, j))
            i = j + 1
            continue
        if ch in {"‘", "'"} and _opens_single(text, i):
            closer = "’" if ch == "‘" else "'"
            j = i + 1
            while j < n and text[j] != "\n":
                if text[j] in {closer, "’"} and _closes_single(text, j):
                    break
                j += 1
            if j < n and text[j] in {closer, "’"} and j - i > 2:
                spans.append((i + 1, j))
                i = j + 1
                continue
        i += 1
    return spans


def _opens_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:,") and after.isalnum()


def _closes_single(text: str, j: int) -> bool:
    before = text[j - 1]
    after = text[j + 1] if j + 1 < len(text) else " "
    return (before.isalnum() or before in ".,!?") and (after.isspace() or after in '.,;:!?)]}—–-"”')


def _reporting_verbs(tokens: list[Token]) -> list[Token]:
    verbs = _reporting().verbs
    return [t for t in tokens if t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() in verbs]


def _actor_of(reading: Reading, token: Token) -> str | None:
    """The actor a token's phrase mentions: the token itself, then the name it heads
    (compounds), then the nearest person in its phrase, then anything in it."""
    if token.i in reading.token_actor:
        return reading.token_actor[token.i]
    name = [c for c in token.children if c.dep_ in {"compound", "flat", "appos"} and c.i in reading.token_actor]
    if name:
        return reading.token_actor[name[-1].i]
    inside = [t for t in token.subtree if t.i in reading.token_actor]
    people = [t for t in inside if (a := reading.actor(reading.token_actor[t.i])) is not None and a.kind == "person"]
    if people:
        return reading.token_actor[min(people, key=lambda t: abs(t.i - token.i)).i]
    return reading.token_actor[inside[0].i] if inside else None


def _phrase(token: Token) -> str:
    return span_text(token.doc[token.left_edge.i : token.right_edge.i + 1])


@cache
def _via_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((phrase, re.compile(r"\b" + re.escape(phrase) + r"\b")) for phrase in _reporting().via_phrases)


def _via(reading: Reading, sentence: Span, exclude: tuple[int, int]) -> str | None:
    """The relaying party named in the sentence ("quoted by TASS", "as quoted by Sputnik")."""
    lower = span_text(sentence).lower()
    for phrase, pattern in _via_patterns():
        if phrase not in lower:
            continue  # the cheap test first: most sentences hold none of the phrases
        for m in pattern.finditer(lower):
            at = sentence.start_char + m.end()
            if exclude[0] <= at < exclude[1]:
                continue
            party = _party_after(reading, at)
            if party:
                return party
    return None


def _party_after(reading: Reading, char: int) -> str | None:
    """The outlet or organisation named right after a via phrase (within a few words)."""
    doc = reading.doc
    span = doc.char_span(char, min(char + 80, len(doc_text(doc))), alignment_mode="expand")
    if span is None:
        return None
    lex = lexicon()
    words: list[Token] = []
    for token in span:
        if token.is_punct and token.text not in {"-", "'s"} and words:
            break
        words.append(token)
        if len(words) > 8:
            break
    if not words:
        return None
    phrase = " ".join(t.text for t in words).lower()
    if any(phrase.startswith(a) for a in _reporting().audiences):
        return None
    for token in words:
        actor_id = reading.token_actor.get(token.i)
        actor = reading.actor(actor_id)
        if actor and actor.kind in {"organization", "group"}:
            return actor.name
        if actor and actor.kind == "person":
            return None  # "according to Smith": Smith is the speaker, not a relay
    for size in range(min(len(words), 5), 0, -1):
        for i in range(len(words) - size + 1):
            form = doc[words[i].i : words[i].i + size].text
            if any(r.kind in {"outlet", "org"} for r in lex.lookup(form)):
                return form
    # "state media", "state-run Sputnik News": a relaying medium named by description.
    names = [t for t in words if t.pos_ == "PROPN"]
    if names and any(
        w.lower_ in {"agency", "media", "news", "outlet", "state", "state-run", "broadcaster"} for w in words
    ):
        return doc[names[0].i : names[-1].i + 1].text
    if "media" in phrase:
        return " ".join(t.text for t in words if t.lower_ not in {"the", "a"})
    return None


def _relayed(reading: Reading, verb: Token) -> tuple[str | None, str | None, str | None]:
    """ "KCNA quoted Kim as saying": (speaker id, speaker name, relay) when the verb relays."""
    if verb.lemma_.lower() not in {"quote", "cite"}:
        return None, None, None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    for child in verb.children:
        if child.dep_ == "dobj":
            actor_id = _actor_of(reading, child)
            actor = reading.actor(actor_id)
            if actor is not None:
                relay = _phrase(subject) if subject is not None else None
                relay_actor = reading.actor(_actor_of(reading, subject)) if subject is not None else None
                return actor.id, actor.name, relay_actor.name if relay_actor else relay
    return None, None, None


def _speaker_from(reading: Reading, verb: Token) -> tuple[str | None, str | None]:
    """(actor id, name) of whoever a reporting verb attributes speech to."""
    relayed = _relayed(reading, verb)
    if relayed[0]:
        return relayed[0], relayed[1]
    subject = clause_subject(verb)[0]
    if subject is None:
        # "Sanctions, Trump said, would stay": the parenthetical speaker stands beside the verb.
        neighbour = verb.doc[verb.i - 1] if verb.i > 0 else None
        if neighbour is not None and neighbour.i in reading.token_actor:
            actor = reading.actor(reading.token_actor[neighbour.i])
            return (actor.id, actor.name) if actor else (None, None)
        return None, None
    actor_id = _actor_of(reading, subject)
    if actor_id:
        actor = reading.actor(actor_id)
        return actor_id, actor.name if actor else _phrase(subject)
    if subject.lemma_.lower() in _reporting().speaker_nouns or subject.pos_ in {"NOUN", "PROPN"}:
        return None, _phrase(subject)
    return None, None


def _attribution(
    reading: Reading, sentence: Span, inside: tuple[int, int]
) -> tuple[str | None, str | None, str | None]:
    """(speaker id, speaker name, cue) from a sentence's words outside the quote.

    Among the sentence's reporting verbs, the one whose subject is an actor wins; else the
    first with any subject; with none, the quote may be the object of any verb whose subject
    is an actor ("Kim lauded the agreement as ...").
    """
    outside = [t for t in sentence if not (inside[0] <= t.idx < inside[1])]
    verbs = _reporting_verbs(outside)
    if not verbs:
        verbs = [t for t in outside if t.dep_ == "ROOT" and t.pos_ in {"VERB", "AUX"}]
    if not verbs:
        return None, None, None
    options = [(verb, *_speaker_from(reading, verb)) for verb in verbs]
    chosen = next((o for o in options if o[1]), None) or next((o for o in options if o[2]), None)
    if chosen is None:
        return None, None, None
    verb, actor_id, name = chosen
    cue = verb.text
    particle = next((c for c in verb.children if c.dep_ == "prt"), None)
    if particle is not None:
        cue = f"{verb.text} {particle.text}"
    return actor_id, name, cue


class _Sentences:
    """The doc's sentences in order, found by bisection on their bounds: a long article has
    thousands, and scanning them all for every quote made quotes cost quadratic time."""

    def __init__(self, doc: Doc) -> None:
        self.spans = list(doc.sents)
        self.starts = [s.start_char for s in self.spans]
        self.ends = [s.end_char for s in self.spans]

    def covering(self, start: int, end: int) -> list[Span]:
        """The sentences that overlap ``start``-``end``."""
        return self.spans[bisect_right(self.ends, start) : bisect_left(self.starts, end)]

    def starting_within(self, start: int, end: int) -> list[Span]:
        return self.spans[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def holds_one_within(self, start: int, end: int) -> bool:
        """Whether a whole sentence lies within ``start``-``end``."""
        first = bisect_left(self.starts, start)
        return first < len(self.spans) and self.ends[first] <= end


class _Spans:
    """Character spans, asked whether any overlaps a stretch: by bisection on their starts and
    the running maximum of their ends."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []
        for _, e in ordered:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect_left(self.starts, end)  # spans that start before ``end``
        return before > 0 and self.reach[before - 1] > start


def _paragraph_bounds(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end == -1 else end


def extract(reading: Reading) -> None:
    doc = reading.doc
    text = doc_text(doc)
    quotes: list[Quote] = []
    covered: list[tuple[int, int]] = []
    all_sentences = _Sentences(doc)
    for start, end in doc_quote_spans(doc):
        content = text[start:end]
        if not content.strip() or not re.search(r"[A-Za-z]", content):
            continue
        sentences = all_sentences.covering(start - 1, end + 1)
        speaker = name = cue = via = None
        for sentence in sentences:
            speaker, name, cue = _attribution(reading, sentence, (start - 1, end + 1))
            if speaker or name:
                via = _via(reading, sentence, (start, end))
                break
        if not (speaker or name):
            # "X said:" just before, or "X said." right after, within the paragraph.
            p_start, p_end = _paragraph_bounds(text, start)
            neighbours = [s for s in all_sentences.starting_within(p_start, p_end) if s not in sentences]
            before = [s for s in neighbours if s.end_char <= start]
            after = [s for s in neighbours if s.start_char >= end]
            for sentence in [*before[-1:], *after[:1]]:
                speaker, name, cue = _attribution(reading, sentence, (start, end))
                if speaker or name:
                    via = _via(reading, sentence, (start, end))
                    break
        if via is None and sentences:
            via = _via(reading, sentences[0], (start, end))
        if via is None:
            for sentence in sentences:
                for verb in _reporting_verbs(list(sentence)):
                    relay = _relayed(reading, verb)[2]
                    if relay:
                        via = relay
                        break
        words = len(content.split())
        whole_sentence = all_sentences.holds_one_within(start - 2, end + 2)
        kind = "direct" if words >= 6 or whole_sentence else "mixed"
        quotes.append(
            Quote(
                id="",
                text=content,
                kind="direct" if kind == "direct" else "mixed",
                start=start,
                end=end,
                speaker=speaker,
                speaker_name=name,
                cue=cue,
                via=via,
            )
        )
        covered.append((start, end))
    quotes.extend(_indirect(reading, all_sentences, covered))
    quotes.sort(key=lambda q: q.start)
    for index, quote in enumerate(quotes, start=1):
        quote.id = f"q{index}"
    reading.quotes = quotes


def _indirect(reading: Reading, sentences: _Sentences, covered: list[tuple[int, int]]) -> list[Quote]:
    """ "X said (that) ..." and "according to X, ...", where no quote marks are used."""
    out: list[Quote] = []
    verbs = _reporting().verbs
    quoted = _Spans(covered)
    doc = reading.doc
    tokens = doc_tokens(doc)
    reporting = positions_of(doc, verbs, LEMMA)
    for sentence in sentences.spans:
        if quoted.overlaps(sentence.start_char, sentence.end_char):
            continue
        for token in (
            tokens[i] for i in reporting[bisect_left(reporting, sentence.start) : bisect_left(reporting, sentence.end)]
        ):
            if token.pos_ != "VERB":
                continue
            complement = next((c for c in token.children if c.dep_ == "ccomp"), None)
            if complement is None:
                continue
            actor_id, name = _speaker_from(reading, token)
            if not (actor_id or name):
                continue
            span = reading.doc[complement.left_edge.i : complement.right_edge.i + 1]
            if span[0].lower_ == "that":
                span = span[1:]
            if len(span) < 4:
                continue
            out.append(
                Quote(
                    id="",
                    text=span_text(span),
                    kind="indirect",
                    start=span.start_char,
                    end=span.end_char,
                    speaker=actor_id,
                    speaker_name=name,
                    cue=token.text,
                    via=_via(reading, sentence, (0, 0)),
                )
            )
            break
    return out
