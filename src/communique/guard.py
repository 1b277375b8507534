"""The per-article time limit: shards are read in a child process that can be stopped.

Why a child process: an article can take pathologically long inside C code (a regular
expression backtracking, the parser on a huge run of text), where no Python-level check or
exception reaches it, and Dask runs tasks off the main thread, where ``signal.alarm`` is not
available. So each Dask worker process keeps one long-lived reader process (spaCy loaded once)
and talks to it over pipes: it sends a shard; the reader ingests and reads it in batches,
announcing each batch before it starts and returning each document as it is done.

The limit: a batch of ``n`` articles must finish within ``n * limit`` seconds. When one does
not (or the reader dies), the reader is killed and restarted, the articles already returned are
kept, and the rest of that batch is read one article at a time, each with ``limit`` seconds; an
article that exceeds its limit alone is logged as timed out and skipped, and the shard goes on.

Frames on the pipes are length-prefixed pickles; ``python -m communique.guard`` is the reader.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import select
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import IO, Any

from communique.shards import Shard, ingest, raw_items

_HEADER = struct.Struct("<Q")
START_SECONDS = 600.0
"""How long a reader may take to start (load spaCy and the knowledge caches)."""


class ReaderDied(RuntimeError):
    """The reader process exited (or closed its pipe) unexpectedly."""


class ReaderTimeout(RuntimeError):
    """The reader did not answer in time."""


def send(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def receive(stream: IO[bytes]) -> Any:
    (size,) = _HEADER.unpack(_read_exact(stream, _HEADER.size))
    return pickle.loads(_read_exact(stream, size))


def peak_rss_bytes() -> int:
    """This process's peak resident set size (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


@dataclass(slots=True)
class ShardReading:
    """What the reader returned for one shard."""

    documents: dict[int, str] = field(default_factory=dict)
    """Item index -> the document as JSON."""
    errors: list[tuple[str, str]] = field(default_factory=list)
    """(origin, message) of every input that could not be read, timed-out articles included."""
    timeouts: int = 0
    restarts: int = 0
    reader_rss: int = 0


class Guard:
    """The parent side: one reader process, restarted when it has to be stopped."""

    def __init__(self, *, limit: float, batch_size: int = 16) -> None:
        self.limit = limit
        self.batch_size = batch_size
        self.process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self.peak_rss = 0

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (open while the reader lives; closed by close())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "communique.guard"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            bufsize=0,  # unbuffered: select() must see every byte not yet read
        )
        ready = self._receive(START_SECONDS)
        if ready[0] != "ready":
            raise ReaderDied(ready[1] if ready[0] == "failed" else f"unexpected {ready[0]!r}")

    def close(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.process = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _last_words(self) -> str:
        """The reader's last line on stderr (why it died), if any."""
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        lines = [line for line in self._stderr.read().decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def _receive(self, seconds: float) -> Any:
        assert self.process is not None and self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], max(seconds, 0.0))
        if not ready:
            raise ReaderTimeout
        try:
            return receive(self.process.stdout)
        except EOFError:
            self.process.wait()
            raise ReaderDied(self._last_words() or f"the reader exited with status {self.process.returncode}") from None

    def read(self, shard: Shard, published: str | None = None) -> ShardReading:
        """Read a shard, whatever its articles do to the reader."""
        out = ShardReading()
        skip: set[int] = set()
        alone: set[int] = set()
        while True:
            self.start()
            assert self.process is not None and self.process.stdin is not None
            send(self.process.stdin, ("shard", shard, published, self.batch_size, skip | set(out.documents), alone))
            batch: list[tuple[int, str]] = []
            deadline = time.monotonic() + START_SECONDS
            try:
                while True:
                    message = self._receive(deadline - time.monotonic())
                    if message[0] == "batch":
                        batch = message[1]
                        deadline = time.monotonic() + self.limit * max(len(batch), 1)
                    elif message[0] == "document":
                        out.documents[message[1]] = message[2]
                    elif message[0] == "error":
                        skip.add(message[1])
                        out.errors.append((message[2], message[3]))
                    elif message[0] == "done":
                        out.reader_rss = max(out.reader_rss, message[1])
                        self.peak_rss = max(self.peak_rss, message[1])
                        return out
            except (ReaderTimeout, ReaderDied) as exc:
                self.close()
                out.restarts += 1
                pending = [(i, origin) for i, origin in batch if i not in out.documents and i not in skip]
                if not pending:
                    raise ReaderDied(f"the reader failed outside any article ({type(exc).__name__}: {exc})") from None
                if len(pending) == 1 or pending[0][0] in alone:
                    index, origin = pending[0]
                    skip.add(index)
                    if isinstance(exc, ReaderTimeout):
                        out.timeouts += 1
                        out.errors.append((origin, f"timed out: not read within {self.limit:g} s"))
                    else:
                        out.errors.append((origin, f"the reader failed on this article ({exc})"))
                else:
                    alone.update(i for i, _ in pending)


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """The reader process: load the pipeline once, then read shards as they come."""
    try:
        from communique.nlp import load_pipeline
        from communique.reader import Reader

        reader = Reader(nlp=load_pipeline())
        _warm_up(reader)
    except Exception as exc:
        send(replies, ("failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
        return
    send(replies, ("ready", os.getpid()))
    while True:
        try:
            request = receive(requests)
        except EOFError:
            return
        _, shard, published, batch_size, skip, alone = request
        reader.published = published
        items = (item for item in raw_items(shard) if item.index not in skip)
        pending: list[Any] = []

        for item in items:
            if item.index in alone:
                if pending:
                    _read_batch(reader, shard, pending, replies)
                    pending = []
                _read_batch(reader, shard, [item], replies)
                continue
            pending.append(item)
            if len(pending) >= batch_size:
                _read_batch(reader, shard, pending, replies)
                pending = []
        if pending:
            _read_batch(reader, shard, pending, replies)
        send(replies, ("done", peak_rss_bytes()))


def _warm_up(reader: Any) -> None:
    """Read a bundled example article and a small page once, so that loading the knowledge,
    importing the HTML reader and compiling patterns happen now, not under the first
    article's time limit."""
    from communique.ingest.html import read_html
    from communique.ingest.plaintext import read_plain_text
    from communique.knowledge import data_path

    example = sorted(data_path("examples").iterdir(), key=lambda p: p.name)[0].read_text(encoding="utf-8")
    reader.document(read_plain_text(example))
    paragraph = "<p>" + example.split("\n\n")[-1] + "</p>"
    read_html(f"<html><head><title>Example</title></head><body><article>{paragraph * 3}</article></body></html>")


def _read_batch(reader: Any, shard: Shard, batch: list[Any], replies: IO[bytes]) -> None:
    """Announce a batch, then ingest and read it (ingestion too runs under its time limit)."""
    send(replies, ("batch", [(item.index, item.origin) for item in batch]))
    owners: list[Any] = []
    inputs: list[Any] = []
    for item in batch:
        for read in ingest(item, shard):
            owners.append(item)
            inputs.append(read)
    for item, result in zip(owners, reader.read(inputs), strict=True):
        if isinstance(result, dict):
            send(replies, ("document", item.index, json.dumps(result, ensure_ascii=False)))
        else:
            send(replies, ("error", item.index, _origin_of(result) or item.origin, _reason_of(result)))


def _origin_of(failure: BaseException) -> str | None:
    article = getattr(failure, "article", None)
    return getattr(failure, "origin", None) or (article.origin or article.id if article is not None else None)


def _reason_of(failure: BaseException) -> str:
    """The message without its ``origin: `` prefix (the origin is sent beside it)."""
    reason = getattr(failure, "reason", None)
    if isinstance(reason, str):
        return reason
    origin = _origin_of(failure)
    return str(failure).removeprefix(f"{origin}: ") if origin else str(failure)


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
