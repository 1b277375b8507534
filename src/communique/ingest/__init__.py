"""Ingestion: files, directories and JSONL batches to :class:`~communique.article.Article`.

:func:`read_path` is the one entry point: it yields, in a stable order, an ``Article`` for every
article it can read and an :class:`~communique.ingest.errors.InputError` for every one it cannot,
so that one bad file or line never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from communique.article import Article
from communique.ingest.decode import decode_bytes
from communique.ingest.errors import InputError, InputTooLarge
from communique.ingest.html import declared_charset, looks_like_html, read_html
from communique.ingest.jsonl import read_jsonl
from communique.ingest.plaintext import read_plain_text
from communique.ingest.warc import WARC_SUFFIXES, is_warc, read_warc
from communique.limits import MAX_ARTICLE_BYTES

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
READABLE_SUFFIXES = JSONL_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES | frozenset(WARC_SUFFIXES)


def read_bytes(data: bytes, *, origin: str, html: bool | None = None) -> Article:
    """One article from a file's bytes: HTML when it says so or looks so, else plain text."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputTooLarge(f"{len(data):,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte article limit", origin=origin)
    text = decode_bytes(data, declared=declared_charset(data), origin=origin)
    if html or (html is None and looks_like_html(text)):
        return read_html(text, origin=origin)
    article = read_plain_text(text, origin=origin)
    if not article.text.strip():
        raise InputError("the input holds no article text", origin=origin)
    return article


def read_file(path: Path) -> Iterator[Article | InputError]:
    """The articles in one file: many for JSONL and WARC archives, one otherwise."""
    origin = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as handle:
                yield from read_jsonl(handle, origin=origin)
            return
        if is_warc(path):
            yield from read_warc(path)
            return
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            yield InputTooLarge(f"{size:,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte article limit", origin=origin)
            return
        yield read_bytes(path.read_bytes(), origin=origin, html=True if suffix in HTML_SUFFIXES else None)
    except InputError as exc:
        yield exc
    except IsADirectoryError:
        yield InputError("is a directory", origin=origin)
    except PermissionError:
        yield InputError("permission denied", origin=origin)
    except FileNotFoundError:
        yield InputError("no such file", origin=origin)
    except OSError as exc:
        yield InputError(f"cannot read the file ({exc.strerror or exc})", origin=origin)


def iter_files(path: Path) -> list[Path]:
    """The readable files under a directory, in a stable (sorted) order; hidden files skipped."""
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and (p.suffix.lower() in READABLE_SUFFIXES or is_warc(p))
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
        and not p.name.endswith(".gold.json")
    )


def read_path(path: str | Path) -> Iterator[Article | InputError]:
    """Every article under ``path`` (a file, a JSONL batch or a directory of such files)."""
    path = Path(path)
    if path.is_dir():
        files = iter_files(path)
        if not files:
            yield InputError(
                f"no readable files ({', '.join(sorted(READABLE_SUFFIXES))}) in the directory", origin=str(path)
            )
        for file in files:
            yield from read_file(file)
    elif not path.exists():
        yield InputError("no such file or directory", origin=str(path))
    else:
        yield from read_file(path)


__all__ = ["InputError", "read_bytes", "read_file", "read_path"]
