"""How close communique runs to its floor, the spaCy parse: throughput, cold start, Dask scaling.

The corpus: ``-n`` (default 500) articles from :mod:`corpus` (our own generator, fixed seed), plus
the bundled example articles and, when present, the shared dev corpus beside the repository (read
in place, never copied). Sections (``--only`` picks some):

* ``throughput``: bare spaCy (``spacy.load`` of the same model, ``nlp.pipe``) against communique
  in process (ingest + parse + every extractor + the contract document) on the same texts, in
  alternating chunks (each going first every other time) so both see the same machine load;
  words/second by wall and by CPU time, and communique's ratio to bare spaCy;
* ``cold_start``: ``communique extract one.txt`` as a new process, several times (the knowledge
  cache in place, as after the first run), and once with an empty cache (the first run ever);
* ``dask``: ``communique batch`` over the corpus with 1 and with 2 local workers: articles/second
  without and with cluster start-up, the speed-up of 2 workers over 1, and the peak RSS of a
  worker (its process plus its reader process).

Writes ``bench/results/throughput.json`` (with the load average, as other work may share the
machine) and prints a summary. Not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as synthetic  # noqa: E402  (the generator beside this file)


def _autogroup() -> str | None:
    """The scheduler group of this session and its nice (Linux autogroup): on a machine shared
    by several sessions, CPU is split between groups, whatever each process's nice."""
    try:
        return Path("/proc/self/autogroup").read_text().strip()
    except OSError:
        return None


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def build_corpus(n: int, folder: Path) -> tuple[Path, list[dict[str, str]]]:
    """The bench corpus as one JSONL file (synthetic articles, examples, the shared dev corpus)."""
    from communique.knowledge import data_path

    records: list[dict[str, str]] = list(synthetic.generate(n))
    extra = sorted(Path(str(data_path("examples"))).glob("*.txt"))
    if SHARED_CORPUS.is_dir():
        extra += sorted(SHARED_CORPUS.rglob("*.txt"))
    for path in extra:
        records.append({"id": f"file-{path.stem}", "text": path.read_text(encoding="utf-8")})
    batch = folder / "corpus.jsonl"
    batch.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return batch, records


def throughput(batch: Path, batch_size: int, chunk: int) -> dict[str, Any]:
    import spacy

    from communique.ingest import read_path
    from communique.nlp import load_pipeline, model_name
    from communique.reader import Reader

    bare = spacy.load(model_name())
    reader = Reader(nlp=load_pipeline(), batch_size=batch_size)
    raw = batch.read_bytes().splitlines(keepends=True)
    texts = [json.loads(line)["text"] for line in raw]
    # Warm both (lazy loading of the knowledge, first-call costs such as dateparser's import and
    # language data, which a long batch pays once) before the clock.
    list(bare.pipe(texts[:2]))
    for _ in reader.read(read_path(batch)):
        break
    from datetime import date

    from communique.extract.times import resolve

    resolve("last month's", date(2024, 6, 19))
    clocks = {"bare": [0.0, 0.0], "communique": [0.0, 0.0]}
    per_chunk: list[tuple[float, float, float, float]] = []
    """(bare wall, bare CPU, communique wall, communique CPU) of each chunk."""
    words = documents = 0

    def run_bare(start: int) -> None:
        nonlocal words
        wall, cpu = time.perf_counter(), time.process_time()
        words += sum(len(doc) for doc in bare.pipe(texts[start : start + chunk], batch_size=batch_size))
        clocks["bare"][0] += time.perf_counter() - wall
        clocks["bare"][1] += time.process_time() - cpu

    def run_communique(part: Path) -> None:
        nonlocal documents
        wall, cpu = time.perf_counter(), time.process_time()
        for item in reader.read(read_path(part)):
            assert isinstance(item, dict), item
            documents += 1
        clocks["communique"][0] += time.perf_counter() - wall
        clocks["communique"][1] += time.process_time() - cpu

    with tempfile.TemporaryDirectory() as tmp:
        for number, start in enumerate(range(0, len(texts), chunk)):
            part = Path(tmp) / f"part-{start}.jsonl"
            part.write_bytes(b"".join(raw[start : start + chunk]))
            # Alternate which runs first, so neither gains from going first (caches, load).
            before = [*clocks["bare"], *clocks["communique"]]
            if number % 2 == 0:
                run_bare(start)
                run_communique(part)
            else:
                run_communique(part)
                run_bare(start)
            after = [*clocks["bare"], *clocks["communique"]]
            per_chunk.append((after[0] - before[0], after[1] - before[1], after[2] - before[2], after[3] - before[3]))
    out: dict[str, Any] = {"articles": len(texts), "documents": documents, "words": words}
    for name, (wall, cpu) in clocks.items():
        out[name] = {
            "seconds": round(wall, 2),
            "cpu_seconds": round(cpu, 2),
            "words_per_second": round(words / wall, 1),
            "words_per_cpu_second": round(words / cpu, 1),
        }
    out["ratio_to_bare_spacy"] = round(clocks["bare"][0] / clocks["communique"][0], 3)
    out["ratio_to_bare_spacy_cpu"] = round(clocks["bare"][1] / clocks["communique"][1], 3)
    # The median over chunks shrugs off bursts of other work on a shared machine.
    out["chunks"] = len(per_chunk)
    out["median_chunk_ratio"] = round(statistics.median(b / c for b, _, c, _ in per_chunk), 3)
    out["median_chunk_ratio_cpu"] = round(statistics.median(b / c for _, b, _, c in per_chunk), 3)
    return out


_BARE_COLD = "import sys, spacy; nlp = spacy.load(sys.argv[1]); nlp(open(sys.argv[2], encoding='utf-8').read())"
"""The floor of a cold start: a new Python process that imports spaCy, loads the same pipeline
and parses the same article, and does nothing else."""


def cold_start(runs: int) -> dict[str, Any]:
    from communique.knowledge import data_path
    from communique.nlp import model_name

    exe = Path(sys.executable).with_name("communique")
    one = sorted(Path(str(data_path("examples"))).glob("*.txt"))[0]
    command = [str(exe), "extract", str(one), "--format", "json"]
    bare = [sys.executable, "-c", _BARE_COLD, model_name(), str(one)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    cpu: list[float] = []

    def timed(argv: list[str], environment: dict[str, str]) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, env=environment, check=False)
        assert proc.returncode == 0, proc.stderr.decode()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        return time.perf_counter() - started

    with tempfile.TemporaryDirectory() as empty:
        first_ever = timed(command, {**env, "COMMUNIQUE_CACHE_DIR": empty})
    timed(command, env)  # the user's cache and compiled modules in place, as after any first run
    timed(bare, env)
    # Paired runs, communique then bare spaCy: a drift in the machine's speed moves both.
    seconds: list[float] = []
    bare_seconds: list[float] = []
    ours_cpu: list[float] = []
    for _ in range(runs):
        cpu.clear()
        seconds.append(timed(command, env))
        bare_seconds.append(timed(bare, env))
        ours_cpu.append(cpu[0])
    return {
        "median_cpu_seconds": round(statistics.median(ours_cpu), 2),
        "command": f"communique extract {one.name} --format json",
        "runs": runs,
        "median_seconds": round(statistics.median(seconds), 2),
        "min_seconds": round(min(seconds), 2),
        "max_seconds": round(max(seconds), 2),
        "first_run_empty_cache_seconds": round(first_ever, 2),
        "bare_spacy": {
            "command": "python -c 'import spacy; spacy.load(MODEL)(text of the same article)'",
            "median_seconds": round(statistics.median(bare_seconds), 2),
            "min_seconds": round(min(bare_seconds), 2),
        },
        "median_ratio_to_bare_spacy": round(
            statistics.median(a / b for a, b in zip(seconds, bare_seconds, strict=True)), 3
        ),
    }


def dask_scaling(batch: Path, shard_size: int, rounds: int) -> dict[str, Any]:
    """1 worker, 2, 2, 1, repeated ``rounds`` times (an ABBA order, so that a drift in the
    machine's speed weighs on both alike); each figure sums its runs. On a shared machine whose
    speed drifts by a tenth from one minute to the next, one round can read 1.6 or 1.9."""
    from communique.batch import BatchOptions, run_batch

    out: dict[str, Any] = {"shard_size": shard_size, "order": [1, 2, 2, 1] * rounds, "runs": []}
    for workers in out["order"]:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            summary = run_batch([str(batch)], Path(tmp), workers=workers, options=BatchOptions(shard_size=shard_size))
            total = time.perf_counter() - started
        out["runs"].append({"workers": workers, **summary.to_dict(), "wall_seconds_with_startup": round(total, 2)})
    for workers in (1, 2):
        runs = [r for r in out["runs"] if r["workers"] == workers]
        articles = sum(r["articles"] for r in runs)
        seconds = sum(r["seconds"] for r in runs)
        wall = sum(r["wall_seconds_with_startup"] for r in runs)
        out[f"workers_{workers}"] = {
            "articles": articles,
            "seconds": round(seconds, 2),
            "articles_per_second": round(articles / seconds, 2),
            "articles_per_second_with_startup": round(articles / wall, 2),
            "peak_worker_rss_mb": max(r["peak_worker_rss_mb"] for r in runs),
        }
    one, two = out["workers_1"], out["workers_2"]
    out["speedup_2_over_1"] = round(two["articles_per_second"] / one["articles_per_second"], 3)
    out["speedup_2_over_1_with_startup"] = round(
        two["articles_per_second_with_startup"] / one["articles_per_second_with_startup"], 3
    )
    out["peak_rss_per_worker_mb"] = max(one["peak_worker_rss_mb"], two["peak_worker_rss_mb"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=500, help="synthetic articles in the corpus")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--chunk", type=int, default=10, help="articles per alternating chunk")
    parser.add_argument("--shard-size", type=int, default=25)
    parser.add_argument("--cold-runs", type=int, default=9)
    parser.add_argument("--dask-rounds", type=int, default=2, help="rounds of 1, 2, 2, 1 workers")
    parser.add_argument("--only", nargs="*", choices=["throughput", "cold_start", "dask"])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "throughput.json")
    args = parser.parse_args()
    sections = set(args.only or ["throughput", "cold_start", "dask"])
    previous = json.loads(args.out.read_text()) if args.out.is_file() and args.only else {}
    result: dict[str, Any] = {
        **previous,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "niceness": os.nice(0),
            "autogroup": _autogroup(),
        },
    }
    with tempfile.TemporaryDirectory() as tmp:
        batch, records = build_corpus(args.n, Path(tmp))
        result["corpus"] = {
            "articles": len(records),
            "synthetic": args.n,
            "shared_dev_corpus": SHARED_CORPUS.is_dir(),
            "words": sum(len(r["text"].split()) for r in records),
        }
        for name, run in (
            ("throughput", lambda: throughput(batch, args.batch_size, args.chunk)),
            ("cold_start", lambda: cold_start(args.cold_runs)),
            ("dask", lambda: dask_scaling(batch, args.shard_size, args.dask_rounds)),
        ):
            if name in sections:
                before = load()
                result[name] = {**run(), "load_before": before, "load_after": load()}
                print(f"{name}: done", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    report(result)
    print(f"written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


def report(result: dict[str, Any]) -> None:
    print(f"corpus                          {result['corpus']['articles']} articles, {result['corpus']['words']} words")
    if "throughput" in result:
        t = result["throughput"]
        print(f"bare spaCy nlp.pipe             {t['bare']['words_per_second']:9.0f} words/s")
        print(
            f"communique extract (in process) {t['communique']['words_per_second']:9.0f} words/s"
            f"  ratio {t['ratio_to_bare_spacy']:.2f} x bare spaCy (CPU time {t['ratio_to_bare_spacy_cpu']:.2f}; "
            f"median over {t['chunks']} chunks {t['median_chunk_ratio']:.2f}, CPU {t['median_chunk_ratio_cpu']:.2f})"
        )
    if "cold_start" in result:
        c = result["cold_start"]
        print(
            f"cold start ({c['command']})  median {c['median_seconds']:.2f} s (min {c['min_seconds']:.2f}, "
            f"CPU {c['median_cpu_seconds']:.2f} s); "
            f"first run, empty cache {c['first_run_empty_cache_seconds']:.2f} s"
        )
        if "bare_spacy" in c:
            print(
                f"cold start of bare spaCy (import, load, parse the article)  median "
                f"{c['bare_spacy']['median_seconds']:.2f} s: communique {c['median_ratio_to_bare_spacy']:.2f} x"
            )
    if "dask" in result:
        d = result["dask"]
        print(
            f"dask: 1 worker {d['workers_1']['articles_per_second']:.2f} articles/s, "
            f"2 workers {d['workers_2']['articles_per_second']:.2f} articles/s: "
            f"speed-up {d['speedup_2_over_1']:.2f} x ({d['speedup_2_over_1_with_startup']:.2f} x with start-up)"
        )
        print(f"peak RSS per worker             {d['peak_rss_per_worker_mb']:.0f} MB")


if __name__ == "__main__":
    main()
