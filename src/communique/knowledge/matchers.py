"""spaCy PhraseMatchers over the lexicon, built once per vocabulary.

Matchers: one case-sensitive (``ORTH``) for names whose case matters ("US" the country, not
"us"), one on ``LOWER`` for titles and long names that are safe in any case, and one for office
holders' full names. The patterns' tokenisation is kept in the on-disk cache
(:mod:`communique.knowledge.disk_cache`), so start-up only hashes token texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from spacy.attrs import LOWER, ORTH
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


Patterns = dict[tuple[int, ...], list[str]]
"""Token hashes of a pattern -> the forms (labels) written that way."""


@dataclass(slots=True)
class LexiconMatchers:
    """Three phrase matchers, each with one match key per category rather than one per form.

    A key per form would make spaCy create a lexeme for each of some 15,000 labels at start-up;
    with one key per category, the form is found again from the matched tokens' hashes.
    """

    exact: PhraseMatcher
    lower: PhraseMatcher
    people: PhraseMatcher
    forms: dict[tuple[str, str], Patterns]
    """(matcher, category) -> token hashes -> forms."""

    def _hits(self, doc: Doc, name: str, matcher: PhraseMatcher, attr: int) -> Iterator[Hit]:
        strings = doc.vocab.strings
        for match_id, start, end in matcher(doc):
            category = strings[match_id]
            tokens = tuple(doc[i].orth if attr == ORTH else doc[i].lower for i in range(start, end))
            for form in self.forms[name, category][tokens]:
                yield Hit(start, end, category, form)

    def hits(self, doc: Doc) -> list[Hit]:
        """Longest non-overlapping hits per category, in document order."""
        found = [
            *self._hits(doc, "exact", self.exact, ORTH),
            *self._hits(doc, "lower", self.lower, LOWER),
            *self._hits(doc, "people", self.people, ORTH),
        ]
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


def _tokenise(patterns: list[str]) -> dict[str, tuple[str, ...]]:
    """The token texts of each pattern, as spaCy's English tokenizer splits it."""
    from spacy.lang.en import English

    make = English()
    return {pattern: tuple(token.text for token in make.make_doc(pattern)) for pattern in patterns}


def pattern_tokens(patterns: list[str]) -> dict[str, tuple[str, ...]]:
    """:func:`_tokenise`, from the on-disk cache when it holds these patterns for this spaCy."""
    import spacy

    from communique.knowledge.disk_cache import cached, fingerprint, source_of

    ordered = sorted(set(patterns))
    key = fingerprint([spacy.__version__, "\n".join(ordered), *source_of(__name__)])
    return cached("patterns", key, lambda: _tokenise(ordered))


def _build(vocab: Vocab, lex: Lexicon) -> LexiconMatchers:
    # Office holders by full name: found even where the NER misses or mislabels them.
    people = sorted(leaders().full_names())
    groups: dict[tuple[str, str], list[str]] = {
        ("exact", "ref"): list(lex.forms),
        ("lower", "ref"): list(lex.folded),
        ("lower", "title"): list(lex.titles),
        ("people", "person"): people,
    }
    tokens = pattern_tokens([form for forms in groups.values() for form in forms])
    # A token's LOWER is whatever the vocabulary's getter makes of its text (str.lower in English).
    lower = getattr(vocab, "lex_attr_getters", {}).get(LOWER, str.lower)
    add = vocab.strings.add
    matchers = {
        "exact": PhraseMatcher(vocab, attr="ORTH"),
        "lower": PhraseMatcher(vocab, attr="LOWER"),
        "people": PhraseMatcher(vocab, attr="ORTH"),
    }
    forms: dict[tuple[str, str], Patterns] = {}
    for (name, category), group in groups.items():
        table: Patterns = {}
        for form in group:
            texts = tokens[form]
            if not texts:
                continue
            hashes = tuple(add(text) for text in texts) if name != "lower" else tuple(add(lower(t)) for t in texts)
            table.setdefault(hashes, []).append(form)
        # PhraseMatcher.add takes patterns as Docs or, as here, as sequences of attribute hashes.
        patterns: Any = [list(hashes) for hashes in table]
        matchers[name].add(category, patterns)
        forms[name, category] = table
    return LexiconMatchers(matchers["exact"], matchers["lower"], matchers["people"], forms)


def matchers_for(vocab: Vocab) -> LexiconMatchers:
    """The matchers for a pipeline's vocabulary (built on first use)."""
    key = id(vocab)
    if key not in _CACHE:
        from communique.knowledge.disk_cache import no_collection

        with no_collection():
            _CACHE[key] = _build(vocab, lexicon())
    return _CACHE[key]
