"""Bytes to text: declared encoding first, then UTF-8, then detection; binary data refused."""

from __future__ import annotations

import codecs
import re

from communique.ingest.errors import BinaryInput, EmptyInput, UndecodableInput
from communique.limits import BINARY_SNIFF_BYTES

# Magic numbers of formats people mistakenly feed a text reader.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ", "xz-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _binary_kind(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls / len(head) > 0.05:
        return "binary data (control bytes)"
    return None


def _plausible(text: str) -> bool:
    """Decoded text that is mostly control characters or replacement marks is no text."""
    if not text:
        return True
    bad = len(_CONTROL.findall(text)) + text.count("\ufffd")
    return bad / len(text) < 0.02


def decode_bytes(data: bytes, *, declared: str | None = None, origin: str | None = None) -> str:
    """Decode ``data`` to text or raise an :class:`~communique.ingest.errors.InputError`.

    Order: a byte-order mark, the ``declared`` encoding (an HTTP header or HTML meta),
    strict UTF-8, then charset-normalizer's best guess.
    """
    if not data.strip():
        raise EmptyInput("the input is empty", origin=origin)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UndecodableInput(
                    f"starts with a {encoding} byte-order mark but is no valid {encoding} ({exc.reason})", origin=origin
                ) from None
    kind = _binary_kind(data[:BINARY_SNIFF_BYTES])
    if kind:
        raise BinaryInput(f"this is {kind}, not a news article in text or HTML", origin=origin)
    tried: list[str] = []
    for encoding in [e for e in (declared, "utf-8") if e]:
        try:
            codecs.lookup(encoding)
        except LookupError:
            continue
        tried.append(encoding)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        tried.append(best.encoding)
        text = str(best)
        if _plausible(text):
            return text
    raise UndecodableInput(f"cannot decode the bytes as text (tried {', '.join(tried) or 'nothing'})", origin=origin)
