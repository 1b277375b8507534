"""Phrase matching over the lexicon, built once per vocabulary.

Three tables of token sequences: one case-sensitive (``ORTH``) for names whose case matters
("US" the country, not "us"), one on ``LOWER`` for titles and long names that are safe in any
case, and one for office holders' full names. The patterns' tokenisation is kept in the on-disk
cache (:mod:`communique.knowledge.disk_cache`).

The tables are tries of plain dictionaries over the tokens' hashes (``ORTH`` or ``LOWER``, as
spaCy's string store makes them) rather than spaCy PhraseMatchers: adding some 15,000 patterns
to PhraseMatchers took a third of a second at every start, while the tries are built in
milliseconds, and walking them over a document's ``ORTH`` and ``LOWER`` columns finds the same
matches without making a Python object per token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.attrs import LOWER
from spacy.vocab import Vocab

from communique.knowledge.leaders import leaders
from communique.knowledge.lexicon import Lexicon, lexicon


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    category: str  # "ref", "title" or "person" (an office holder's full name)
    form: str


Table = dict[tuple[int, ...], list[tuple[str, str]]]
"""Token hashes of a pattern -> (category, form) of each form written that way."""


Node = dict[int | None, Any]
"""A trie node: the next token's hash -> node; ``None`` -> the (category, form) of each pattern
that ends here."""


@dataclass(slots=True)
class _Phrases:
    """One matching table, as a trie over the patterns' token hashes: a token that starts no
    pattern costs one dictionary lookup, and one that does ("the", "of") is followed only as
    far as some pattern goes on, not once per pattern length."""

    root: Node
    lowered: bool
    """Match on ``LOWER`` rather than ``ORTH``."""

    @classmethod
    def of(cls, table: Table, *, lowered: bool) -> _Phrases:
        root: Node = {}
        for key, entries in table.items():
            node = root
            for h in key:
                node = node.setdefault(h, {})
            node.setdefault(None, []).extend(entries)
        return cls(root, lowered)

    def matches(self, hashes: list[int]) -> list[tuple[int, int, str, str]]:
        """Every pattern occurrence (start, end, category, form), by start then length."""
        out = []
        root = self.root
        n = len(hashes)
        for start in [i for i, h in enumerate(hashes) if h in root]:
            node = root[hashes[start]]
            end = start + 1
            while True:
                for category, form in node.get(None, ()):
                    out.append((start, end, category, form))
                if end >= n:
                    break
                node = node.get(hashes[end])
                if node is None:
                    break
                end += 1
        return out


@dataclass(slots=True)
class LexiconMatchers:
    """The three tables: case-sensitive references, case-folded references and titles, and
    office holders' full names."""

    exact: _Phrases
    lower: _Phrases
    people: _Phrases

    def hits(self, orth: list[int], lower: list[int]) -> list[Hit]:
        """Longest non-overlapping hits per category, in document order, over a document's
        ``ORTH`` and ``LOWER`` columns."""
        if not orth:
            return []
        found = [
            Hit(start, end, category, form)
            for phrases in (self.exact, self.lower, self.people)
            if phrases.root
            for start, end, category, form in phrases.matches(lower if phrases.lowered else orth)
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
    lower: Any = getattr(vocab, "lex_attr_getters", {}).get(LOWER, str.lower)
    add = vocab.strings.add
    tables: dict[str, Table] = {"exact": {}, "lower": {}, "people": {}}
    for (name, category), group in groups.items():
        for form in group:
            texts = tokens[form]
            if texts:
                key = tuple(add(lower(t)) for t in texts) if name == "lower" else tuple(add(t) for t in texts)
                tables[name].setdefault(key, []).append((category, form))
    return LexiconMatchers(
        _Phrases.of(tables["exact"], lowered=False),
        _Phrases.of(tables["lower"], lowered=True),
        _Phrases.of(tables["people"], lowered=False),
    )


def matchers_for(vocab: Vocab) -> LexiconMatchers:
    """The matchers for a pipeline's vocabulary (built on first use, and kept in the on-disk
    cache: the tries hold only the strings' hashes, which are the same in every vocabulary)."""
    key = id(vocab)
    if key not in _CACHE:
        import spacy

        from communique.knowledge.disk_cache import cached, fingerprint, no_collection, source_of

        lex = lexicon()
        lower = getattr(vocab, "lex_attr_getters", {}).get(LOWER, str.lower)
        parts: list[str | bytes] = [
            spacy.__version__,
            f"{getattr(lower, '__module__', '')}.{getattr(lower, '__qualname__', repr(lower))}",
            *("\n".join(sorted(forms)) for forms in (lex.forms, lex.folded, lex.titles, leaders().full_names())),
            *source_of(__name__),
        ]
        with no_collection():
            _CACHE[key] = cached("matchers", fingerprint(parts), lambda: _build(vocab, lex))
    return _CACHE[key]
