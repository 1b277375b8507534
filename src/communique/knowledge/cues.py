"""Case-insensitive cue patterns of the data files, matched on lower-cased text.

The data files list cues as lower-case regular expressions ("strategic alliance",
"sever(?:ed|s)? (?:diplomatic )?(?:ties|relations)") that must match whatever the case of the
article. Python's ``re`` with ``IGNORECASE`` gives up its literal-prefix optimisations and
folds the case of every character it compares; on a long alternation of cues that is three to
four times slower than the same pattern, compiled case-sensitive, over the lower-cased text.
Every sentence of every article is scanned for these cues, so :class:`CuePattern` does the
latter, and falls back to ``IGNORECASE`` for the rare text whose lower-casing changes its length
("İ" lowers to two characters), where match offsets would no longer be the text's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_ESCAPE = re.compile(r"\\.")


class CueError(ValueError):
    """A cue of a data file that cannot be matched on lower-cased text."""


@dataclass(frozen=True, slots=True)
class CuePattern:
    """Cues joined into one pattern, searched case-insensitively (offsets are the text's)."""

    lower: re.Pattern[str]
    """The pattern, case-sensitive, for lower-cased text."""
    folding: re.Pattern[str]
    """The same pattern with ``IGNORECASE``, for text whose lower-casing changes its length."""

    @property
    def pattern(self) -> str:
        return self.lower.pattern

    def _for(self, text: str) -> tuple[re.Pattern[str], str]:
        lowered = text.lower()
        if len(lowered) == len(text):
            return self.lower, lowered
        return self.folding, text

    def search(self, text: str) -> re.Match[str] | None:
        """The first match (offsets into ``text``; ``group()`` is lower-cased when ``text``
        could be lowered, so read the matched words from ``text`` by offsets)."""
        pattern, subject = self._for(text)
        return pattern.search(subject)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        pattern, subject = self._for(text)
        return pattern.finditer(subject)


def compile_cues(cues: Iterable[str]) -> CuePattern:
    """One :class:`CuePattern` for the alternatives ``cues``.

    Raises :class:`CueError` for a cue with an upper-case letter outside an escape (``\\W``,
    ``\\S`` and the like keep their meaning): it would never match lower-cased text.
    """
    cues = list(cues)
    for cue in cues:
        if any(ch.isupper() for ch in _ESCAPE.sub("", cue)):
            raise CueError(f"cue {cue!r} must be written in lower case (it is matched case-insensitively)")
    joined = "|".join(f"(?:{cue})" for cue in cues)
    try:
        return CuePattern(re.compile(joined), re.compile(joined, re.IGNORECASE))
    except re.error as exc:
        raise CueError(f"cue pattern {joined[:80]!r} does not compile: {exc}") from None


def join_cues(patterns: Iterable[CuePattern]) -> CuePattern | None:
    """All ``patterns`` as one, for a first scan that rules most text out at once; None if they
    cannot be joined (a cue with global inline flags or numbered back-references)."""
    try:
        return compile_cues(p.pattern for p in patterns)
    except CueError:
        return None
