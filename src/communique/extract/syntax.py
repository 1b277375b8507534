"""Small readings of the dependency parse that several extractors share."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from typing import Any

from spacy.attrs import LEMMA, LOWER, ORTH, SENT_START
from spacy.tokens import Doc, Span, Token

_TEXT_KEY = "communique.text"
_TOKENS_KEY = "communique.tokens"
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})


def clause_subject(verb: Token) -> tuple[Token | None, bool]:
    """The subject of a verb and whether it is passive.

    Climbs through xcomp, conj, advcl, ccomp and pcomp to the clause that has one ("agreed to
    sign": the subject of "agreed"); a relative clause's subject is its antecedent ("Biden, who
    said ..."); of two parsed subjects ("Sanctions, Trump said, would stay"; "SEOUL, June 12 --
    X signed") the one beside the verb wins.
    """
    current = verb
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            child = min(subjects, key=lambda c: abs(c.i - current.i))
            if child.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return current.head, False
            return child, child.dep_ == "nsubjpass"
        if current.dep_ == "relcl" and current.head.i != current.i:
            return current.head, False
        if current.dep_ in {"xcomp", "conj", "advcl", "ccomp", "pcomp"} and current.head.i != current.i:
            current = current.head
        else:
            break
    return None, False


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document.

    spaCy rebuilds ``Doc.text`` from every token on each access (a Python object per token);
    extractors ask for it per sentence and per event, which made it most of their cost.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def doc_tokens(doc: Doc) -> list[Token]:
    """The document's tokens as one list, made once per document.

    ``doc[i]`` and iterating a ``Doc`` or ``Span`` make a new Python object per token each
    time; the extractors pass over every token several times, so they share this list
    (``doc_tokens(doc)[span.start : span.end]`` for a sentence).
    """
    tokens = doc.user_data.get(_TOKENS_KEY)
    if tokens is None or len(tokens) != len(doc):
        tokens = doc.user_data[_TOKENS_KEY] = list(doc)
    return tokens


def doc_memo(doc: Doc, key: str) -> dict[Any, Any]:
    """A memo kept with the document (in ``doc.user_data``, freed with it): for what several
    passes, or several events of one pass, ask of the same tokens."""
    memo: dict[Any, Any] | None = doc.user_data.get(key)
    if memo is None:
        memo = doc.user_data[key] = {}
    return memo


def remember_text(doc: Doc, text: str) -> None:
    """Record the text ``doc`` was parsed from, so that :func:`doc_text` need not rebuild it
    (only for the very string given to ``nlp``: spaCy's tokens reproduce it exactly)."""
    doc.user_data[_TEXT_KEY] = text


def span_text(span: Span) -> str:
    """``span.text``, sliced from the document's text instead of joined from its tokens (the
    same string: spaCy's tokens cover the text without gaps)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


_COLUMNS_KEY = "communique.columns"
_COLUMNS = (ORTH, LOWER, LEMMA, SENT_START)
"""The token attributes extractors read as columns, fetched together."""


def doc_column(doc: Doc, attr: int) -> list[int]:
    """One attribute of every token (``ORTH``, ``LOWER``, ``LEMMA`` or ``SENT_START``), as a
    list of ints.

    ``Doc.to_array`` costs some 25 microseconds a call whatever it fetches and 8 more per
    attribute, and several passes (the lexicon matchers, event triggers, word searches) each
    wanted a column: all are fetched by one call per document and kept.
    """
    columns: dict[int, list[int]] | None = doc.user_data.get(_COLUMNS_KEY)
    if columns is None or len(columns[ORTH]) != len(doc):
        rows = doc.to_array(list(_COLUMNS)).T.tolist() if len(doc) else [[] for _ in _COLUMNS]
        columns = doc.user_data[_COLUMNS_KEY] = dict(zip(_COLUMNS, rows, strict=True))
    return columns[attr]


@dataclass(slots=True)
class _WordHashes:
    """The string hashes known to be (or not to be) one of a word set, for one attribute."""

    hits: set[int]
    seen: set[int]


_WORD_HASHES: dict[tuple[int, int, frozenset[str]], _WordHashes] = {}


def positions_of(doc: Doc, words: Set[str], attr: int = LOWER) -> list[int]:
    """The positions of the tokens whose ``attr`` (``LOWER``, the default, or ``LEMMA``),
    lower-cased, is one of ``words``.

    Read from the attribute's column (:func:`doc_column`), with each distinct string's answer
    kept: a pass that looks for a few words ("counterpart", "he", "they") visits those tokens
    only, instead of making a Python object of every token to ask for its text.
    """
    key = (id(doc.vocab), attr, frozenset(words))
    known = _WORD_HASHES.get(key)
    if known is None:
        known = _WORD_HASHES[key] = _WordHashes(set(), set())
        if attr == LOWER:
            # A token's lower-case form is one of the words exactly when the hashes are equal.
            known.hits = {doc.vocab.strings.add(w) for w in key[2] if w == w.lower()}
    column = doc_column(doc, attr)
    if attr != LOWER:
        unseen = set(column) - known.seen
        if unseen:
            strings = doc.vocab.strings
            known.seen |= unseen
            known.hits |= {h for h in unseen if strings[h].lower() in key[2]}
    hits = known.hits
    return [i for i, h in enumerate(column) if h in hits] if hits else []
