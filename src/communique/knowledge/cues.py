r"""Case-insensitive cue patterns of the data files, matched on lower-cased text.

The data files list cues as lower-case regular expressions ("strategic alliance",
"sever(?:ed|s)? (?:diplomatic )?(?:ties|relations)") that must match whatever the case of the
article. Python's ``re`` with ``IGNORECASE`` gives up its literal-prefix optimisations and
folds the case of every character it compares; on a long alternation of cues that is three to
four times slower than the same pattern, compiled case-sensitive, over the lower-cased text.
Every sentence of every article is scanned for these cues, so :class:`CuePattern` does the
latter, and falls back to ``IGNORECASE`` for the rare text whose lower-casing changes its length
("İ" lowers to two characters), where match offsets would no longer be the text's.

Most sentences hold no cue at all. Every match of a cue contains some literal word of it
("alliance" in ``(?:to|into) (?:an? )?(?:[\w-]+ ){0,4}alliance``), so the pattern first asks
whether any of these :func:`required_literals` occurs in the text, a substring test far cheaper
than running the regular expression, and runs it only where one does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_ESCAPE = re.compile(r"\\.|\(\?P")


class CueError(ValueError):
    """A cue of a data file that cannot be matched on lower-cased text."""


class CuePattern:
    """Cues joined into one pattern, searched case-insensitively (offsets are the text's).

    The regular expressions are compiled on first use: a short run (one article) never
    compiles the many cue patterns whose words do not occur in it, and most processes never
    meet a text that needs the ``IGNORECASE`` form.
    """

    __slots__ = ("_folding", "_lower", "literals", "pattern")

    def __init__(self, pattern: str, literals: tuple[str, ...] | None) -> None:
        self.pattern = pattern
        """The joined cues, as written (lower case)."""
        self.literals = literals
        """One of these occurs in every match (None: the pattern has no such words)."""
        self._lower: re.Pattern[str] | None = None
        self._folding: re.Pattern[str] | None = None

    @property
    def lower(self) -> re.Pattern[str]:
        """The pattern, case-sensitive, for lower-cased text."""
        if self._lower is None:
            self._lower = re.compile(self.pattern)
        return self._lower

    @property
    def folding(self) -> re.Pattern[str]:
        """The same pattern with ``IGNORECASE``, for text whose lower-casing changes its length."""
        if self._folding is None:
            self._folding = re.compile(self.pattern, re.IGNORECASE)
        return self._folding

    def _subject(self, text: str, lowered: str | None) -> tuple[str, bool] | None:
        """The text to search and whether it is lower-cased; None if no match can occur, since
        none of the required words does."""
        if lowered is None:
            lowered = text.lower()
        if len(lowered) != len(text):
            return text, False
        if self.literals is not None and not any(w in lowered for w in self.literals):
            return None
        return lowered, True

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        """The first match (offsets into ``text``; ``group()`` is lower-cased when ``text``
        could be lowered, so read the matched words from ``text`` by offsets). ``lowered``
        is ``text.lower()`` when the caller has it (several patterns over one text)."""
        subject = self._subject(text, lowered)
        if subject is None:
            return None
        return (self.lower if subject[1] else self.folding).search(subject[0])

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
        subject = self._subject(text, lowered)
        if subject is None:
            return iter(())
        return (self.lower if subject[1] else self.folding).finditer(subject[0])


def compile_cues(cues: Iterable[str]) -> CuePattern:
    """One :class:`CuePattern` for the alternatives ``cues``.

    Raises :class:`CueError` for a cue with an upper-case letter outside an escape (``\\W``,
    ``\\S`` and the like keep their meaning): it would never match lower-cased text; and for
    one that is no regular expression (parsed here, compiled on first use).
    """
    cues = list(cues)
    for cue in cues:
        if any(ch.isupper() for ch in _ESCAPE.sub("", cue)):
            raise CueError(f"cue {cue!r} must be written in lower case (it is matched case-insensitively)")
    joined = "|".join(f"(?:{cue})" for cue in cues)
    try:
        parsed = sre_parse.parse(joined)
    except (re.error, RecursionError) as exc:
        raise CueError(f"cue pattern {joined[:80]!r} does not compile: {exc}") from None
    return CuePattern(joined, _literals_of(parsed))


_UNJOINABLE = re.compile(r"\\[1-9]|\(\?P[<=]|\(\?[aiLmsux]+\)")
"""Numbered or named groups and global flags: cues with them change meaning, or cannot be
compiled, once joined with others."""


def join_cues(patterns: Iterable[CuePattern]) -> CuePattern | None:
    """All ``patterns`` as one, for a first scan that rules most text out at once; None if they
    cannot be joined (a cue with back-references, named groups or global inline flags)."""
    patterns = list(patterns)
    if not patterns or any(_UNJOINABLE.search(p.pattern) for p in patterns):
        return None
    # A joined match is a match of one part: it holds one of that part's words, if all parts have some.
    parts = [p.literals for p in patterns]
    words = None if any(w is None for w in parts) else _minimal(w for part in parts if part for w in part)
    return CuePattern("|".join(f"(?:{p.pattern})" for p in patterns), words)


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Words one of which every match of ``pattern`` contains, or None if there are none.

    Read from the parsed pattern: a run of literal characters in a sequence is in every match
    of the sequence; so is one of the words of each alternative of a group, and the words of
    a repeated item that must occur at least once. Of the candidates of a sequence, the set
    whose shortest word is longest is kept (the most selective test).
    """
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError):
        return None
    return _literals_of(parsed)


def _literals_of(parsed: Any) -> tuple[str, ...] | None:
    if parsed.state.flags & re.IGNORECASE:
        return None  # the words would have to be compared case-insensitively
    found = _required(list(parsed.data))
    return _minimal(found) if found else None


def _minimal(words: Iterable[str]) -> tuple[str, ...]:
    """The words without those that contain another of them: they add nothing to "does any
    occur?"."""
    found = set(words)
    return tuple(sorted(w for w in found if not any(o != w and o in w for o in found)))


def _required(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for op, argument in items:
        if op is sre.LITERAL:
            run.append(chr(argument))
            continue
        close_run()
        inner: frozenset[str] | None = None
        if op is sre.SUBPATTERN:
            _group, add_flags, _del_flags, sub = argument
            if not add_flags & re.IGNORECASE:
                inner = _required(list(sub.data))
        elif op is sre.BRANCH:
            alternatives = [_required(list(sub.data)) for sub in argument[1]]
            if all(alternatives):
                inner = frozenset().union(*(a for a in alternatives if a))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)) and argument[0] >= 1:
            inner = _required(list(argument[2].data))
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            inner = _required(list(argument.data))
        if inner:
            candidates.append(inner)
    close_run()
    if not candidates:
        return None
    return max(candidates, key=lambda words: (min(len(w) for w in words), -len(words)))
