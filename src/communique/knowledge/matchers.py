"""spaCy PhraseMatchers over the lexicon, built once per vocabulary.

Two matchers: one case-sensitive (``ORTH``) for names whose case matters ("US" the country,
not "us"), one on ``LOWER`` for titles and long names that are safe in any case.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from communique.knowledge.lexicon import Lexicon, lexicon


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    category: str  # "ref" or "title"
    form: str


@dataclass(slots=True)
class LexiconMatchers:
    exact: PhraseMatcher
    lower: PhraseMatcher
    tokenizer_vocab: Vocab

    def hits(self, doc: Doc) -> list[Hit]:
        """Longest non-overlapping hits per category, in document order."""
        found: list[Hit] = []
        strings = doc.vocab.strings
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                label = strings[match_id]
                category, _, form = label.partition(":")
                found.append(Hit(start, end, category, form))
        out: list[Hit] = []
        for category in ("ref", "title"):
            taken: set[int] = set()
            for hit in sorted((h for h in found if h.category == category), key=lambda h: (-(h.end - h.start), h.start)):
                if any(i in taken for i in range(hit.start, hit.end)):
                    continue
                taken.update(range(hit.start, hit.end))
                out.append(hit)
        return sorted(out, key=lambda h: (h.start, h.category))


_CACHE: dict[int, LexiconMatchers] = {}


def _build(vocab: Vocab, lex: Lexicon) -> LexiconMatchers:
    from spacy.lang.en import English

    exact = PhraseMatcher(vocab, attr="ORTH")
    lower = PhraseMatcher(vocab, attr="LOWER")
    make = English(vocab=vocab)
    for form in lex.forms:
        exact.add(f"ref:{form}", [make.make_doc(form)])
    for form in lex.folded:
        lower.add(f"ref:{form}", [make.make_doc(form)])
    for title in lex.titles:
        lower.add(f"title:{title}", [make.make_doc(title)])
    return LexiconMatchers(exact=exact, lower=lower, tokenizer_vocab=vocab)


def matchers_for(vocab: Vocab) -> LexiconMatchers:
    """The matchers for a pipeline's vocabulary (built on first use)."""
    key = id(vocab)
    if key not in _CACHE:
        _CACHE[key] = _build(vocab, lexicon())
    return _CACHE[key]
