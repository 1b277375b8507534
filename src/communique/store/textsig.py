"""Text signatures: MinHash for syndicated copies, word sets for sentence similarity.

Syndicated copies of one wire story differ in headline, byline and a few edited words; MinHash of
the body's word 3-shingles estimates their Jaccard similarity, and LSH bands (16 bands of 4 rows)
make near-copies share at least one band with high probability, so the store finds candidates with
an indexed equality lookup instead of comparing every article.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import numpy as np

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 3
DUPLICATE_JACCARD = 0.7
"""Estimated Jaccard similarity at or above which two articles count as copies of one story."""

_rng = np.random.default_rng(20240619)
_A = _rng.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def stopwords() -> frozenset[str]:
    """Function words that say nothing about which event a sentence reports (``consolidation.toml``)."""
    from communique.knowledge import load_toml

    return frozenset(load_toml("consolidation.toml")["stopwords"])


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _shingle_hashes(text: str) -> np.ndarray:
    tokens = words(text)
    if len(tokens) < SHINGLE:
        grams = {" ".join(tokens)} if tokens else {""}
    else:
        grams = {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    values = [int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=4).digest(), "little") for g in grams]
    return np.asarray(values, dtype=np.uint64)


def minhash(text: str) -> np.ndarray:
    """64 uint32 minima of multiply-shift hashes of the text's word 3-shingles."""
    hashes = _shingle_hashes(text)
    with np.errstate(over="ignore"):
        permuted = (hashes[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return permuted.min(axis=0).astype(np.uint32)


def to_bytes(signature: np.ndarray) -> bytes:
    return signature.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")


def bands(signature: np.ndarray) -> list[int]:
    """One signed 63-bit value per band (an index key)."""
    out = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little") >> 1)
    return out


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.mean(first == second))


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in words(text) if w not in stopwords() and not w.isdigit() and len(w) > 1)


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
