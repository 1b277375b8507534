"""Folding of personal names for matching across spellings ("Lee Jae-myung" = "Lee Jae Myung")."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """Lower case, no diacritics, curly quotes straightened."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("’", "'").replace("‘", "'").casefold()


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A spelling-insensitive key: letters and digits only (``kimjongun``). Remembered per
    name: actors ask it of every capitalised word."""
    return re.sub(r"[^a-z0-9]", "", fold(name))


def name_tokens(name: str) -> list[str]:
    """The words of a name, folded, hyphenated parts kept together (``["kim", "jongun"]``)."""
    return [re.sub(r"[^a-z0-9]", "", w) for w in re.split(r"\s+", fold(name).strip()) if re.sub(r"[^a-z0-9]", "", w)]
