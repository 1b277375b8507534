"""Shards: a batch's inputs cut into pieces of about ``size`` articles each, read independently.

A JSONL file is cut at line boundaries and a WARC archive at response records (both by byte
offset, so a shard starts reading mid-file); loose text and HTML files are grouped. A shard's
id hashes its source, the source's size and modification time, and its range, so a rerun over
unchanged inputs finds the same ids and skips the shards already done.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from communique.article import Article
from communique.ingest import JSONL_SUFFIXES, iter_files, read_file
from communique.ingest.errors import InputError
from communique.ingest.jsonl import read_jsonl_line
from communique.ingest.warc import WarcPage, is_warc, iter_pages, page_article, record_offsets

ShardKind = Literal["jsonl", "warc", "files"]


@dataclass(frozen=True, slots=True)
class Shard:
    id: str
    kind: ShardKind
    sources: tuple[str, ...]
    """The file read (JSONL, WARC), or the files of a group."""
    offset: int = 0
    """Byte offset of the first line or record."""
    first: int = 0
    """Number of the first line (JSONL, from 1) or record (WARC, from 0)."""
    count: int = 0
    """Lines or records in the shard (files: the number of files)."""
    size: int = 0
    """Bytes of input the shard covers: what it will cost to read, to start the largest first."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class RawItem:
    """One unit of input inside a shard, not yet read: ingestion itself runs under the time limit."""

    index: int
    origin: str
    kind: Literal["line", "page", "file", "error"]
    line: bytes = b""
    page: WarcPage | None = None
    path: str = ""
    error: InputError | None = None


def _shard_id(kind: str, sources: tuple[str, ...], offset: int, count: int) -> str:
    digest = hashlib.sha256(f"{kind}|{offset}|{count}".encode())
    for source in sources:
        path = Path(source)
        stat = path.stat()
        digest.update(f"|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _line_offsets(path: Path) -> list[tuple[int, int]]:
    """(byte offset, line number) of every non-blank line."""
    out: list[tuple[int, int]] = []
    offset = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                out.append((offset, number))
            offset += len(raw)
    return out


def plan(inputs: list[str], size: int) -> tuple[list[Shard], list[InputError]]:
    """The shards of every input (files, directories), and the inputs that cannot be planned."""
    shards: list[Shard] = []
    errors: list[InputError] = []
    loose: list[str] = []

    def flush_loose() -> None:
        for i in range(0, len(loose), size):
            group = tuple(loose[i : i + size])
            weight = sum(Path(f).stat().st_size for f in group)
            shards.append(Shard(_shard_id("files", group, 0, len(group)), "files", group, 0, 0, len(group), weight))
        loose.clear()

    for given in inputs:
        path = Path(given)
        if path.is_dir():
            files = iter_files(path)
            if not files:
                errors.append(InputError("no readable files in the directory", origin=str(path)))
        elif path.exists():
            files = [path]
        else:
            errors.append(InputError("no such file or directory", origin=str(path)))
            continue
        for file in files:
            try:
                if file.suffix.lower() in JSONL_SUFFIXES:
                    lines = _line_offsets(file)
                    units = lines
                    kind: ShardKind = "jsonl"
                elif is_warc(file):
                    units = [(offset, number) for number, offset in enumerate(record_offsets(file))]
                    kind = "warc"
                else:
                    loose.append(str(file))
                    continue
            except OSError as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                errors.append(InputError(f"cannot be read ({reason})", origin=str(file)))
                continue
            if not units:
                errors.append(InputError(f"no {'lines' if kind == 'jsonl' else 'records'} to read", origin=str(file)))
            file_size = file.stat().st_size
            for i in range(0, len(units), size):
                part = units[i : i + size]
                offset, first = part[0]
                # JSONL: lines from the first to the last, blank ones included; WARC: records.
                count = part[-1][1] - first + 1 if kind == "jsonl" else len(part)
                end = units[i + size][0] if i + size < len(units) else file_size
                sources = (str(file),)
                shard_id = _shard_id(kind, sources, offset, count)
                shards.append(Shard(shard_id, kind, sources, offset, first, count, end - offset))
    flush_loose()
    return shards, errors


def raw_items(shard: Shard) -> Iterator[RawItem]:
    """The shard's units of input, numbered from 0 in reading order."""
    if shard.kind == "jsonl":
        source = shard.sources[0]
        with open(source, "rb") as handle:
            handle.seek(shard.offset)
            for index in range(shard.count):
                raw = handle.readline()
                if not raw:
                    break
                if raw.strip():
                    number = shard.first + index
                    yield RawItem(index, f"{source}:{number}", "line", line=raw)
    elif shard.kind == "warc":
        for index, page in enumerate(iter_pages(Path(shard.sources[0]), offset=shard.offset, limit=shard.count)):
            if isinstance(page, InputError):
                yield RawItem(index, page.origin or shard.sources[0], "error", error=page)
            else:
                yield RawItem(index, page.origin, "page", page=page)
    else:
        for index, source in enumerate(shard.sources):
            yield RawItem(index, source, "file", path=source)


def ingest(item: RawItem, shard: Shard) -> list[Article | InputError]:
    """Read one unit of input into its article (or the error that says why it has none)."""
    if item.kind == "error":
        assert item.error is not None
        return [item.error]
    if item.kind == "line":
        number = int(item.origin.rsplit(":", 1)[1])
        read = read_jsonl_line(item.line, origin=shard.sources[0], number=number)
        return [read] if read is not None else []
    if item.kind == "page":
        assert item.page is not None
        try:
            return [page_article(item.page)]
        except InputError as exc:
            return [exc]
    return list(read_file(Path(item.path)))
