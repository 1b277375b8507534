"""spaCy PhraseMatchers over the lexicon, built once per vocabulary.

Two matchers: one case-sensitive (``ORTH``) for names whose case matters ("US" the country,
not "us"), one on ``LOWER`` for titles and long names that are safe in any case.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from communique.knowledge.leaders import leaders
from communique.knowledge.lexicon import Lexicon, lexicon


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    category: str  # "ref", "title" or "person" (an office holder's full name)
    form: str


@dataclass(slots=True)
class LexiconMatchers:
    exact: PhraseMatcher
    lower: PhraseMatcher
    people: PhraseMatcher

    def hits(self, doc: Doc) -> list[Hit]:
        """Longest non-overlapping hits per category, in document order."""
        found: list[Hit] = []
        strings = doc.vocab.strings
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                label = strings[match_id]
                category, _, form = label.partition(":")
                found.append(Hit(start, end, category, form))
        for match_id, start, end in self.people(doc):
            found.append(Hit(start, end, "person", strings[match_id].partition(":")[2]))
        out: list[Hit] = []
        for category in ("ref", "title", "person"):
            taken: set[int] = set()
            for hit in sorted(
                (h for h in found if h.category == category), key=lambda h: (-(h.end - h.start), h.start)
            ):
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
    # Office holders by full name: found even where the NER misses or mislabels them.
    people = PhraseMatcher(vocab, attr="ORTH")
    for name in leaders().full_names():
        people.add(f"person:{name}", [make.make_doc(name)])
    return LexiconMatchers(exact=exact, lower=lower, people=people)


def matchers_for(vocab: Vocab) -> LexiconMatchers:
    """The matchers for a pipeline's vocabulary (built on first use)."""
    key = id(vocab)
    if key not in _CACHE:
        _CACHE[key] = _build(vocab, lexicon())
    return _CACHE[key]
