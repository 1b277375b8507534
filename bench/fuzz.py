"""Fuzzing ingest and extract: at least 100,000 hostile inputs, every outcome checked.

Targets (each its own process, so that one target's state never leaks into another's):

* ``ingest-bytes`` (atheris, coverage-guided over the ``communique`` modules): bytes to
  :func:`communique.ingest.read_bytes`, as HTML, plain text or sniffed (the first byte chooses).
  Outcome: an Article fit for output (text, lines inside it, nothing UTF-8 or PostgreSQL refuses)
  or an :class:`~communique.ingest.errors.InputError` with a one-line message.
* ``ingest-jsonl`` (atheris): bytes as a JSONL batch. Outcome: one Article or InputError per
  non-blank line, each naming its line number.
* ``extract`` (a seeded generator of hostile articles, tests/hostile.py; the parse is too slow for
  coverage-guided fuzzing at this count): text and files through ingest and the whole reader in
  batches. Outcome: no ReadFailure, a document valid against the contract schema, every span's
  text equal to the article text between its offsets, JSON that encodes to UTF-8.
* ``extract-guided`` (atheris, fewer runs): fuzzer-made Unicode text through the whole reader.

Anything else (an exception that is no InputError, a broken property) is a crash: the input is
kept under ``bench/results/fuzz-crashes/`` and summarised in the report. Writes
``bench/results/fuzz.json`` (inputs run, crashes, seconds, slowest input, per target). Not part of
CI: ``make fuzz`` runs it (about half an hour on two cores); ``--only TARGET`` reruns one target
and keeps the others' figures.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402  (tests/hostile.py: the pieces hostile input is made of)

ATHERIS_TARGETS = ("ingest-bytes", "ingest-jsonl", "extract-guided")
STATS_EVERY = 500


# ---------------------------------------------------------------- the properties every outcome must have


class PropertyBroken(AssertionError):
    """An outcome that is no crash but breaks a promise (a message over two lines, say)."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise PropertyBroken(message)


def check_article(article: Any) -> None:
    check(bool(article.text.strip()), "an article without text")
    article.text.encode("utf-8")
    check("\x00" not in article.text, "a NUL in the text")
    for line in article.lines:
        check(0 <= line.start < line.end <= len(article.text), f"a marked line outside the text: {line}")
    for value in (article.id, article.title, article.published, article.outlet, article.url, *article.authors):
        if value is not None:
            value.encode("utf-8")
            check("\x00" not in value, "a NUL in the metadata")


def check_error(error: Any) -> None:
    message = str(error)
    check(bool(message) and "\n" not in message, f"an error message that is not one line: {message[:200]!r}")


def check_document(document: dict[str, Any]) -> None:
    from communique.document import validation_errors

    problems = validation_errors(document)
    check(not problems, f"the document breaks the schema: {problems[:1]}")
    text = document["text"]

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "start" in value or "end" in value:
                start, end = value.get("start"), value.get("end")
                check(
                    isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text),
                    f"bad offsets {start}-{end}",
                )
                check(text[start:end] == value.get("text"), f"offsets {start}-{end} do not slice {value.get('text')!r}")
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for key in ("lines", "actors", "events", "quotes", "times", "places", "agreements", "relations"):
        walk(document[key])
    json.dumps(document, ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------- crash bookkeeping (one per target)


class Tally:
    """Inputs run, distinct crashes (by exception type and innermost frame) and the slowest input."""

    def __init__(self, target: str, crash_dir: Path, stats_path: Path) -> None:
        self.target = target
        self.crash_dir = crash_dir
        self.stats_path = stats_path
        self.inputs = 0
        self.crashes: dict[str, dict[str, Any]] = {}
        self.slowest = 0.0
        self.started = self.saved = time.perf_counter()

    def run(self, function: Callable[[bytes], None], data: bytes) -> None:
        self.inputs += 1
        began = time.perf_counter()
        try:
            function(data)
        except Exception as exc:
            self.record(exc, data)
        self.slowest = max(self.slowest, time.perf_counter() - began)
        if self.inputs % STATS_EVERY == 0 or time.perf_counter() - self.saved > 5:
            self.save()

    def record(self, exc: BaseException, data: bytes) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        where = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames)), "?")
        signature = f"{type(exc).__name__} at {where}"
        entry = self.crashes.setdefault(
            signature, {"signature": signature, "message": str(exc)[:300], "count": 0, "example": ""}
        )
        entry["count"] += 1
        if not entry["example"]:
            self.crash_dir.mkdir(parents=True, exist_ok=True)
            name = f"{self.target}-{hashlib.sha1(data).hexdigest()[:12]}.bin"
            (self.crash_dir / name).write_bytes(data)
            entry["example"] = str((self.crash_dir / name).relative_to(ROOT))
        self.save()

    def save(self) -> None:
        figures = {
            "inputs": self.inputs,
            "crashes": sum(c["count"] for c in self.crashes.values()),
            "distinct_crashes": list(self.crashes.values()),
            "seconds": round(time.perf_counter() - self.started, 1),
            "slowest_input_seconds": round(self.slowest, 3),
        }
        self.stats_path.write_text(json.dumps(figures), encoding="utf-8")
        self.saved = time.perf_counter()


# ---------------------------------------------------------------- targets


def ingest_bytes(data: bytes) -> None:
    from communique.ingest import read_bytes
    from communique.ingest.errors import InputError

    mode = (None, True, False)[data[0] % 3] if data else None
    try:
        article = read_bytes(data[1:], origin="fuzz.bin", html=mode)
    except InputError as error:
        check_error(error)
        check(str(error).startswith("fuzz.bin: "), "an error that does not name its input")
    else:
        check_article(article)


def ingest_jsonl(data: bytes) -> None:
    from communique.ingest.errors import InputError
    from communique.ingest.jsonl import read_jsonl

    results = list(read_jsonl(io.BytesIO(data), origin="fuzz.jsonl"))
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    numbered = [n for n, line in enumerate(lines, start=1) if line.strip()]
    check(len(results) == len(numbered), f"{len(results)} results for {len(numbered)} lines")
    for number, item in zip(numbered, results, strict=True):
        if isinstance(item, InputError):
            check_error(item)
            check(str(item).startswith(f"fuzz.jsonl:{number}: "), f"line {number}'s error names another line")
        else:
            check_article(item)
            check(item.origin == f"fuzz.jsonl:{number}", f"line {number}'s article names another line")


def _reader() -> Any:
    from communique.reader import Reader

    return Reader(batch_size=16)


def extract_guided(reader: Any) -> Callable[[bytes], None]:
    import atheris

    from communique.ingest.plaintext import read_plain_text
    from communique.reader import ReadFailure

    def one(data: bytes) -> None:
        provider = atheris.FuzzedDataProvider(data)
        pieces = []
        while provider.remaining_bytes():
            if provider.ConsumeBool():
                pieces.append(hostile.SENTENCES[provider.ConsumeIntInRange(0, len(hostile.SENTENCES) - 1)])
            else:
                pieces.append(provider.ConsumeUnicode(provider.ConsumeIntInRange(0, 64)))
        article = read_plain_text(" ".join(pieces))
        if not article.text.strip():
            return
        (document,) = reader.read([article])
        if isinstance(document, ReadFailure):
            raise document.cause
        check_document(document)

    return one


def run_atheris(target: str, runs: int, seed: int, stats_path: Path, crash_dir: Path, corpus: Path) -> None:
    """The child process of one atheris target: never returns (libFuzzer exits when done)."""
    import atheris

    with atheris.instrument_imports(include=["communique"]):
        import communique.ingest
        import communique.ingest.jsonl
        import communique.ingest.plaintext

        if target == "extract-guided":
            import communique.extract  # noqa: F401
    tally = Tally(target, crash_dir, stats_path)
    function = {"ingest-bytes": ingest_bytes, "ingest-jsonl": ingest_jsonl}.get(target)
    if function is None:
        function = extract_guided(_reader())
    function(hostile.SENTENCES[0].encode())  # loads what the first input would (the pipeline, lexicons)
    corpus.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for n in range(64):
        if target == "ingest-jsonl":
            seed_input = hostile.hostile_jsonl(rng)
        elif target == "extract-guided":
            seed_input = hostile.hostile_text(rng).encode("utf-8", "surrogatepass")
        else:
            seed_input = bytes([n % 3]) + hostile.hostile_bytes(rng)
        (corpus / f"seed-{n}").write_bytes(seed_input)
    options = [f"-runs={runs}", f"-seed={seed + 1}", "-max_len=65536", "-timeout=120", "-rss_limit_mb=6000",
               f"-artifact_prefix={corpus.parent}/"]  # fmt: skip
    atheris.Setup([sys.argv[0], *options, str(corpus)], lambda data: tally.run(function, data))
    atheris.Fuzz()


def run_extract(count: int, seed: int, stats_path: Path, crash_dir: Path) -> None:
    """Generated hostile articles through ingest and the reader, in batches of 16."""
    from rich.progress import Progress

    from communique.ingest import read_bytes
    from communique.ingest.errors import InputError
    from communique.ingest.plaintext import read_plain_text
    from communique.reader import ReadFailure

    reader = _reader()
    tally = Tally("extract", crash_dir, stats_path)
    rng = random.Random(seed)
    batch: list[tuple[bytes, Any]] = []

    def flush() -> None:
        began = time.perf_counter()
        documents = list(reader.read([article for _, article in batch]))
        per_article = (time.perf_counter() - began) / len(batch)
        for (data, _), document in zip(batch, documents, strict=True):
            tally.run(lambda _data, d=document: _check_read(d, ReadFailure), data)
        # The reader parses a batch at once: an input's time is its batch's share.
        tally.slowest = max(tally.slowest, per_article)
        batch.clear()

    with Progress(transient=True) as progress:
        task = progress.add_task("extract", total=count)
        made = 0
        while made < count:
            as_file = rng.random() < 0.3
            data = hostile.hostile_bytes(rng) if as_file else hostile.hostile_text(rng).encode("utf-8", "surrogatepass")
            made += 1
            progress.advance(task)
            try:
                if as_file:
                    article = read_bytes(data, origin="fuzz.bin")
                else:
                    article = read_plain_text(data.decode("utf-8", "surrogatepass"))
            except InputError:
                tally.inputs += 1  # ingest refused it, as it may: nothing to read
                continue
            except Exception as exc:
                tally.inputs += 1
                tally.record(exc, data)
                continue
            if not article.text.strip():
                tally.inputs += 1
                continue
            batch.append((data, article))
            if len(batch) == 16:
                flush()
        if batch:
            flush()
    tally.save()


def _check_read(document: Any, failure: type) -> None:
    if isinstance(document, failure):
        raise document.cause
    check_document(document)


# ---------------------------------------------------------------- the parent: run every target, report


def child_command(target: str, runs: int, seed: int, folder: Path, crashes: Path) -> list[str]:
    """The command of one target's process; its statistics and corpus go in ``folder``."""
    options = ["--runs", str(runs), "--seed", str(seed), "--crash-dir", str(crashes)]
    return [sys.executable, __file__, "--child", target, "--work", str(folder), *options]


def run_target(target: str, runs: int, seed: int, crash_dir: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        stats = Path(folder) / "stats.json"
        started = time.perf_counter()
        command = child_command(target, runs, seed, Path(folder), crash_dir)
        proc = subprocess.run(command, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        figures = json.loads(stats.read_text(encoding="utf-8")) if stats.exists() else {}
    done = re.search(r"Done (\d+) runs in (\d+) second", proc.stderr)
    result = {
        "engine": "atheris (libFuzzer), coverage-guided" if target in ATHERIS_TARGETS else "seeded generator",
        "inputs_requested": runs,
        "inputs": int(done.group(1)) if done else figures.get("inputs", 0),
        "crashes": figures.get("crashes", 0),
        "distinct_crashes": figures.get("distinct_crashes", []),
        "slowest_input_seconds": figures.get("slowest_input_seconds"),
        "seconds": round(seconds, 1),
        "exit": proc.returncode,
    }
    if proc.returncode != 0:
        result["stderr_tail"] = proc.stderr[-2000:]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ingest-runs", type=int, default=100_000, help="inputs for ingest-bytes")
    parser.add_argument("--jsonl-runs", type=int, default=30_000, help="inputs for ingest-jsonl")
    parser.add_argument("--extract", type=int, default=3_000, help="generated articles for extract")
    parser.add_argument("--guided-runs", type=int, default=500, help="inputs for extract-guided")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="+", choices=[*ATHERIS_TARGETS, "extract"], help="run these targets alone")
    parser.add_argument("--out", type=Path, default=RESULTS / "fuzz.json")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--crash-dir", type=Path, default=RESULTS / "fuzz-crashes", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "extract":
        run_extract(args.runs, args.seed, args.work / "stats.json", args.crash_dir)
        return
    if args.child:
        run_atheris(args.child, args.runs, args.seed, args.work / "stats.json", args.crash_dir, args.work / "corpus")
        return
    plan = [
        ("ingest-bytes", args.ingest_runs),
        ("ingest-jsonl", args.jsonl_runs),
        ("extract", args.extract),
        ("extract-guided", args.guided_runs),
    ]
    targets: dict[str, Any] = {}
    if args.only and args.out.exists():  # the other targets' figures stay as the last full run left them
        targets = json.loads(args.out.read_text(encoding="utf-8"))["targets"]
    for target, runs in plan:
        if runs <= 0 or (args.only and target not in args.only):
            continue
        print(f"fuzz: {target}: {runs:,} inputs ...", file=sys.stderr, flush=True)
        targets[target] = run_target(target, runs, args.seed, args.crash_dir)
        t = targets[target]
        print(f"fuzz: {target}: {t['inputs']:,} inputs, {t['crashes']} crashes, {t['seconds']} s", file=sys.stderr)
    report = {
        "inputs": sum(t["inputs"] for t in targets.values()),
        "crashes": sum(t["crashes"] for t in targets.values()),
        "seconds": round(sum(t["seconds"] for t in targets.values()), 1),
        "seed": args.seed,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "targets": targets,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: report[k] for k in ("inputs", "crashes", "seconds")}))
    if report["crashes"] or any(t["exit"] for t in targets.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
