"""The per-document readings extractors share: token columns, word positions, sentence starts
at line breaks, parentheses and the lexicon's tries. Each is checked against the plain
token-by-token reading it replaces."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import LEMMA, LOWER, ORTH, SENT_START

from communique.extract.events import _parenthetical
from communique.extract.syntax import doc_column, positions_of
from communique.knowledge.matchers import _Phrases
from communique.limits import MAX_SENTENCE_CHARS
from communique.nlp import _paragraph_sentences_walk, paragraph_sentences

TEXT = (
    "The Treaty was signed in Hanoi. He said the treaties (and the Accords) would hold.\n"
    "She told THEY and They: the agreement stands."
)


def test_columns_are_the_tokens_attributes(nlp: Any) -> None:
    doc = nlp(TEXT)
    assert doc_column(doc, ORTH) == [t.orth for t in doc]
    assert doc_column(doc, LOWER) == [t.lower for t in doc]
    assert doc_column(doc, LEMMA) == [t.lemma for t in doc]
    assert [s == 1 for s in doc_column(doc, SENT_START)] == [bool(t.is_sent_start) for t in doc]
    assert doc_column(nlp(""), LOWER) == []


@pytest.mark.parametrize(
    ("words", "attr"),
    [
        (frozenset({"he", "they"}), LOWER),
        (frozenset({"treaty", "accord", "agreement"}), LEMMA),
        (frozenset({"They"}), LOWER),  # never a lower-case form
        (frozenset(), LOWER),
    ],
)
def test_positions_are_those_of_the_tokens_with_the_words(nlp: Any, words: frozenset[str], attr: int) -> None:
    doc = nlp(TEXT)
    text_of = (lambda t: t.lower_) if attr == LOWER else (lambda t: t.lemma_.lower())
    expected = [t.i for t in doc if text_of(t) in words]
    assert positions_of(doc, words, attr) == expected
    assert positions_of(doc, words, attr) == expected  # a second time, from what it learnt


def _walked_parentheses(doc: Any) -> set[int]:
    inside, depth = set(), 0
    for t in doc:
        if t.is_sent_start:
            depth = 0
        depth -= t.text == ")"
        if depth > 0:
            inside.add(t.i)
        depth += t.text == "("
    return inside


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv (Ukraine) and Minsk (Belarus) met.",
        "A note ) that closes first ( then (nested (twice)) opens. A new ( sentence\nends (here",
        "No brackets at all.",
    ],
)
def test_parentheses_are_read_as_token_by_token(nlp: Any, text: str) -> None:
    doc = nlp(text)
    assert {t.i for t in doc if _parenthetical(t)} == _walked_parentheses(doc)


_PIECES = ["word ", "U.S. ", ". ", "\n", " \n ", "?", "x" * 120, "\n\n", "Title\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=120))
def test_line_break_sentences_match_the_walk(nlp: Any, pieces: list[str]) -> None:
    text = "".join(pieces)
    fast, walked = nlp.make_doc(text), nlp.make_doc(text)
    paragraph_sentences(fast)
    _paragraph_sentences_walk(walked)
    assert [t.is_sent_start for t in fast] == [t.is_sent_start for t in walked]


def test_an_over_long_run_is_cut(nlp: Any) -> None:
    doc = nlp.make_doc("word " * MAX_SENTENCE_CHARS)
    paragraph_sentences(doc)
    starts = [t.idx for t in doc if t.is_sent_start]
    assert starts and all(b - a <= MAX_SENTENCE_CHARS + 10 for a, b in zip([0, *starts], starts, strict=False))


def test_the_trie_finds_every_pattern_at_every_length() -> None:
    table = {(1,): [("ref", "A")], (1, 2): [("ref", "AB")], (1, 2, 3): [("title", "ABC")], (2, 4): [("ref", "BD")]}
    phrases = _Phrases.of(table, lowered=False)
    assert phrases.matches([1, 2, 3, 1, 2, 4]) == [
        (0, 1, "ref", "A"),
        (0, 2, "ref", "AB"),
        (0, 3, "title", "ABC"),
        (3, 4, "ref", "A"),
        (3, 5, "ref", "AB"),
        (4, 6, "ref", "BD"),
    ]
    assert phrases.matches([]) == [] and phrases.matches([9, 9]) == []


@pytest.mark.parametrize(
    "text",
    [
        "Both sides met in Geneva. The two leaders, both presidents, spoke for an hour.",
        "Both countries and the two nations agreed; both the two leaders and the heads of state left.",
        "Leaders of both countries said the leaders of the two neighbours would meet both.",
        "Nothing here is about a pair of anything.",
    ],
)
def test_group_phrases_are_chunked_as_the_whole_document_would_be(nlp: Any, text: str) -> None:
    from communique.extract.actors import _GROUP_PEOPLE, _GROUP_STATES, _group_chunks

    def group(chunk: Any) -> bool:
        words = chunk.text.strip()
        return bool(_GROUP_PEOPLE.match(words) or _GROUP_STATES.match(words))

    doc = nlp(text)
    expected = [(c.start, c.end) for c in doc.noun_chunks if group(c)]
    assert [(c.start, c.end) for c in _group_chunks(doc, text) if group(c)] == expected
    assert expected or "pair" in text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the ", "The ", "Hotel", " on", " the", "\n", "'s", "’s", ",", ".", "-", " ", "s"]), max_size=7
    )
)
def test_place_names_are_trimmed_as_the_plain_patterns_would(nlp: Any, pieces: list[str]) -> None:
    import re

    from communique.extract.places import _trim
    from communique.extract.syntax import remember_text

    text = "".join(pieces)
    doc = nlp.make_doc(text)
    remember_text(doc, text)
    span = doc[0 : len(doc)]
    expected = span.text
    if lead := re.match(r"^(?:the)\s+", expected, re.IGNORECASE):
        expected = expected[lead.end() :]
    expected = re.sub(r"(?:\s+(?:on|in|at|of|and|near|the))+$", "", expected)
    expected = re.sub(r"(?:'s|’s|[-–—,.;:])+$", "", expected)
    assert _trim(span)[2] == expected
