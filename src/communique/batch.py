"""``communique batch``: large corpora read in shards on a Dask cluster, into Parquet.

The inputs (JSONL, WARC archives, folders of articles) are cut into shards
(:mod:`communique.shards`); Dask distributed reads them in parallel, on a ``LocalCluster`` of
``--workers`` processes (one thread each) or on an existing cluster (``--scheduler``). Each
worker process keeps one reader process with spaCy loaded once, which enforces the
per-article time limit (:mod:`communique.guard`); a worker plugin starts it when the worker
starts, so loading is done before the clock of the batch starts.

Output (``--out DIR``), written by the client as shards finish:

* ``manifest.json``: the inputs and the plan (every shard, its source and range);
* ``documents/``, ``events/``, ``actors/``: Parquet datasets, one file per shard
  (``part-<shard>.parquet``): the contract documents as JSON with their metadata, and the events
  and actors flattened to columns;
* ``shards/<shard>.json``: written last for each shard, after its Parquet files: the mark of a
  finished shard (with its errors and timings). A rerun skips the shards marked, so an
  interrupted batch resumes where it stopped;
* ``errors.jsonl``: every input that could not be read, over all shards.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin

from communique.guard import Guard, peak_rss_bytes
from communique.shards import Shard, plan


class BatchError(RuntimeError):
    """A batch that cannot run at all (its message is one line for the user)."""


MANIFEST_VERSION = 1
DEFAULT_SHARD_SIZE = 100
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class BatchOptions:
    shard_size: int = DEFAULT_SHARD_SIZE
    timeout: float = DEFAULT_TIMEOUT
    """Seconds one article may take (ingestion and reading)."""
    batch_size: int = 16
    published: str | None = None


@dataclass(slots=True)
class ShardResult:
    """What a worker sends back for one shard."""

    shard_id: str
    documents: list[str]
    """The documents, as JSON, in input order (empty when the worker wrote them itself and
    nothing else needs them)."""
    errors: list[tuple[str, str]]
    seconds: float
    articles: int = 0
    words: int = 0
    written: bool = False
    """The worker wrote the shard's Parquet partitions (a local cluster: see :func:`run_batch`)."""
    timeouts: int = 0
    restarts: int = 0
    worker_rss: int = 0
    reader_rss: int = 0


@dataclass(slots=True)
class BatchSummary:
    shards: int = 0
    skipped_shards: int = 0
    failed_shards: int = 0
    articles: int = 0
    words: int = 0
    errors: int = 0
    timeouts: int = 0
    seconds: float = 0.0
    """Wall time of reading (from the first shard submitted to the last written)."""
    startup_seconds: float = 0.0
    """Starting the cluster and the readers (loading spaCy in every worker)."""
    peak_worker_rss: int = 0
    """The largest peak RSS of one worker: its own process plus its reader process."""
    failures: list[str] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "shards": self.shards,
            "skipped_shards": self.skipped_shards,
            "failed_shards": self.failed_shards,
            "articles": self.articles,
            "words": self.words,
            "errors": self.errors,
            "timeouts": self.timeouts,
            "seconds": round(self.seconds, 3),
            "startup_seconds": round(self.startup_seconds, 3),
            "articles_per_second": round(self.articles_per_second, 2),
            "peak_worker_rss_mb": round(self.peak_worker_rss / 2**20, 1),
        }


# ---------------------------------------------------------------------------------------------
# Worker side


_GUARD: Guard | None = None


def process_guard(timeout: float, batch_size: int) -> Guard:
    """This worker process's reader (started on first use, or by :class:`ReaderPlugin`)."""
    global _GUARD
    if _GUARD is None or _GUARD.limit != timeout or _GUARD.batch_size != batch_size:
        if _GUARD is not None:
            _GUARD.close()
        _GUARD = Guard(limit=timeout, batch_size=batch_size)
    _GUARD.start()
    return _GUARD


def read_shard(
    shard: Shard, options: BatchOptions, parquet: str | None = None, return_documents: bool = True
) -> ShardResult:
    """The task each worker runs: read one shard through this process's reader; with
    ``parquet`` (a folder), write the shard's partitions there too, in parallel with the other
    workers, and send the documents back only if ``return_documents``."""
    started = time.perf_counter()
    guard = process_guard(options.timeout, options.batch_size)
    reading = guard.read(shard, options.published)
    texts = [reading.documents[i] for i in sorted(reading.documents)]
    documents = [json.loads(text) for text in texts]
    result = ShardResult(
        shard_id=shard.id,
        documents=texts,
        errors=reading.errors,
        seconds=0.0,
        articles=len(documents),
        words=sum(len(d["text"].split()) for d in documents),
        timeouts=reading.timeouts,
        restarts=reading.restarts,
        worker_rss=peak_rss_bytes(),
        reader_rss=guard.peak_rss,
    )
    if parquet is not None:
        ParquetOutput(Path(parquet)).write_tables(shard, texts, documents)
        result.written = True
        if not return_documents:
            result.documents = []
    result.seconds = time.perf_counter() - started
    return result


def _close_process_guard() -> None:
    global _GUARD
    if _GUARD is not None:
        _GUARD.close()
        _GUARD = None


class ReaderPlugin(WorkerPlugin):
    """Starts each worker's reader when the worker starts (spaCy loads before the batch's clock
    starts, in all workers at once), and stops it with the worker."""

    name = "communique-reader"

    def __init__(self, options: BatchOptions) -> None:
        self.options = options

    def setup(self, worker: Any) -> None:
        process_guard(self.options.timeout, self.options.batch_size)

    def teardown(self, worker: Any) -> None:
        _close_process_guard()


# ---------------------------------------------------------------------------------------------
# Output


def _atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file renamed into place: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_text(path: Path, text: str) -> None:
    _atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


class ParquetOutput:
    """The ``--out DIR`` layout (see the module's docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def marker(self, shard_id: str) -> Path:
        return self.folder / "shards" / f"{shard_id}.json"

    def is_done(self, shard_id: str) -> bool:
        return self.marker(shard_id).is_file()

    def write_manifest(self, inputs: list[str], options: BatchOptions, shards: list[Shard], errors: list[str]) -> None:
        manifest = {
            "version": MANIFEST_VERSION,
            "inputs": inputs,
            "shard_size": options.shard_size,
            "shards": [s.to_dict() for s in shards],
            "plan_errors": errors,
        }
        _write_text(self.folder / "manifest.json", json.dumps(manifest, indent=1) + "\n")

    def write(self, shard: Shard, result: ShardResult, documents: list[dict[str, Any]]) -> None:
        if not result.written:
            self.write_tables(shard, result.documents, documents)
        self.mark(shard, result)

    def write_tables(self, shard: Shard, texts: list[str], documents: list[dict[str, Any]]) -> None:
        """The shard's partitions of the three tables (``texts``: the documents as JSON)."""
        import pyarrow.parquet as pq

        from communique.tables import actor_table, document_table, event_table

        tables = {
            "documents": document_table(documents, texts, shard.id),
            "events": event_table(documents),
            "actors": actor_table(documents),
        }
        for name, table in tables.items():
            _atomic_write(self.folder / name / f"part-{shard.id}.parquet", partial(pq.write_table, table))

    def mark(self, shard: Shard, result: ShardResult) -> None:
        """Record a shard as finished, with its errors, timings and memory."""
        mark = {
            "shard": shard.to_dict(),
            "articles": result.articles,
            "errors": [{"origin": o, "error": e} for o, e in result.errors],
            "timeouts": result.timeouts,
            "restarts": result.restarts,
            "seconds": round(result.seconds, 3),
            "worker_rss": result.worker_rss,
            "reader_rss": result.reader_rss,
        }
        _write_text(self.marker(shard.id), json.dumps(mark) + "\n")

    def write_errors(self, plan_errors: list[str]) -> int:
        """Gather every shard's errors into ``errors.jsonl``; the number of them."""
        lines = [json.dumps({"error": e}) for e in plan_errors]
        for mark in sorted((self.folder / "shards").glob("*.json")):
            for error in json.loads(mark.read_text(encoding="utf-8")).get("errors", []):
                lines.append(json.dumps(error, ensure_ascii=False))
        _write_text(self.folder / "errors.jsonl", "".join(line + "\n" for line in lines))
        return len(lines)


class StoreOutput:
    """``--db URL``: every document into the corpus store (:mod:`communique.store`, one
    transaction per article; an article already stored is left as it is). Shard marks live in
    ``DIR/shards`` when ``--out`` is given too, else in the user's state folder under a hash of
    the URL, so that a rerun into the same database resumes as well."""

    def __init__(self, url: str, marks: Path | None = None) -> None:
        from communique.store import Store

        self.store = Store(url)
        if marks is None:
            import hashlib

            from platformdirs import user_state_dir

            key = hashlib.sha256(self.store.url.encode()).hexdigest()[:16]
            marks = Path(user_state_dir("communique", appauthor=False)) / "batch" / key
        self.folder = marks

    def marker(self, shard_id: str) -> Path:
        return self.folder / "shards" / f"{shard_id}.db.json"

    def is_done(self, shard_id: str) -> bool:
        return self.marker(shard_id).is_file()

    def write(self, shard: Shard, result: ShardResult, documents: list[dict[str, Any]]) -> None:
        origin = shard.sources[0] if len(shard.sources) == 1 else None
        added = sum(self.store.add_document(d, origin=origin).status == "added" for d in documents)
        _write_text(self.marker(shard.id), json.dumps({"shard": shard.id, "articles": len(documents), "added": added}))

    def close(self) -> None:
        self.store.close()


# ---------------------------------------------------------------------------------------------
# Client side


def start_client(workers: int, scheduler: str | None) -> tuple[Any, Any]:
    """A Dask client on the given scheduler, or on a new LocalCluster of ``workers`` processes."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout=30), None
        except OSError as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise BatchError(f"--scheduler: cannot reach the Dask scheduler at {scheduler} ({reason})") from None
    import dask

    # A worker's task waits on its reader process almost all the time; Dask's statistical
    # profiler (a stack sample every 10 ms) and GIL monitor would spend the cores the readers need.
    dask.config.set(
        {"distributed.worker.profile.enabled": False, "distributed.admin.system-monitor.gil.enabled": False}
    )
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster


def run_batch(
    inputs: list[str],
    out: Path | None,
    *,
    db: StoreOutput | None = None,
    workers: int = 2,
    scheduler: str | None = None,
    options: BatchOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchSummary:
    """Read ``inputs`` into Parquet under ``out`` and/or into the store ``db``;
    ``progress(done, total)`` is called as articles are read."""
    from distributed import as_completed

    options = options or BatchOptions()
    summary = BatchSummary()
    # Without --out, the manifest, marks and errors of the run go to the store's state folder.
    output = ParquetOutput(out if out is not None else db.folder if db is not None else Path("."))
    outputs: list[ParquetOutput | StoreOutput] = [o for o in (output if out is not None else None, db) if o]
    shards, plan_errors = plan(inputs, options.shard_size)
    plan_messages = [str(e) for e in plan_errors]
    output.write_manifest(inputs, options, shards, plan_messages)
    todo = [s for s in shards if not all(o.is_done(s.id) for o in outputs)]
    summary.shards = len(shards)
    summary.skipped_shards = len(shards) - len(todo)
    total = sum(_estimate(s) for s in todo)
    if progress:
        progress(0, total)
    if todo:
        started = time.perf_counter()
        client, cluster = start_client(workers, scheduler)
        try:
            if cluster is not None:
                client.wait_for_workers(workers)
            client.register_plugin(ReaderPlugin(options))
            summary.startup_seconds = time.perf_counter() - started
            started = time.perf_counter()
            # On a local cluster the workers write their own Parquet partitions (the client's
            # process would otherwise convert every document while both cores read); a remote
            # cluster's workers may not see this folder, so there the client writes.
            parquet = str(output.folder.resolve()) if out is not None and cluster is not None else None
            # The largest shards first, so that no worker starts a long one while the others
            # finish: the batch ends when its last shard does.
            ordered = sorted(todo, key=lambda s: -s.size)
            futures = client.map(
                read_shard, ordered, options=options, parquet=parquet, return_documents=db is not None, pure=False
            )
            by_key = {f.key: s for f, s in zip(futures, ordered, strict=True)}
            done = 0
            for future in as_completed(futures):
                shard = by_key[future.key]
                try:
                    result: ShardResult = future.result()
                except Exception as exc:
                    summary.failed_shards += 1
                    summary.failures.append(f"shard {shard.id} ({', '.join(shard.sources)[:200]}): {exc}")
                    continue
                finally:
                    future.release()
                documents = [json.loads(text) for text in result.documents]
                if out is None:
                    output.mark(shard, result)
                for target in outputs:
                    if not target.is_done(shard.id):
                        target.write(shard, result, documents)
                summary.articles += result.articles
                summary.words += result.words
                summary.timeouts += result.timeouts
                summary.peak_worker_rss = max(summary.peak_worker_rss, result.worker_rss + result.reader_rss)
                done += _estimate(shard)
                if progress:
                    progress(done, total)
            summary.seconds = time.perf_counter() - started
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    summary.errors = output.write_errors(plan_messages)
    return summary


def _estimate(shard: Shard) -> int:
    return shard.count


def planned_articles(shards: Iterable[Shard]) -> int:
    return sum(_estimate(s) for s in shards)
