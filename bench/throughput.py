"""Throughput of `communique extract` beside bare spaCy on the same texts.

Builds a JSONL batch of N records (default 100) from the bundled example articles and, when
present, the shared dev corpus beside the repository (read in place, never copied), then:

* bare spaCy: ``nlp.pipe`` over the texts with the same pipeline, words/second;
* communique in-process: ingest + parse + every extractor, words/second and the ratio to bare;
* communique as a user runs it: ``communique extract batch.jsonl --format jsonl --stats``, whose
  stats line reports how many times the pipeline was loaded (it must be once).

Writes ``bench/results/throughput.json`` and prints a table. Not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


def source_texts() -> list[str]:
    from communique.knowledge import data_path

    texts = [Path(str(p)).read_text(encoding="utf-8") for p in sorted(Path(str(data_path("examples"))).glob("*.txt"))]
    if SHARED_CORPUS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SHARED_CORPUS.rglob("*.txt"))]
    return texts


def build_batch(n: int, folder: Path) -> tuple[Path, list[str]]:
    texts = source_texts()
    records = [{"id": f"bench-{i:05d}", "text": texts[i % len(texts)], "published": "2024-06-19"} for i in range(n)]
    path = folder / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path, [r["text"] for r in records]


def bare_spacy(texts: list[str], batch_size: int) -> dict[str, float]:
    import spacy

    from communique.nlp import model_name

    t0 = time.perf_counter()
    nlp = spacy.load(model_name())
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    seconds = time.perf_counter() - t0
    return {"load_seconds": load, "seconds": seconds, "words": words, "words_per_second": words / seconds}


def communique_in_process(batch: Path, batch_size: int, words: int) -> dict[str, float]:
    """Ingest, parse and extract in this process; ``words`` is the token count of the same texts."""
    from communique.ingest import read_path
    from communique.nlp import load_pipeline
    from communique.reader import Reader

    t0 = time.perf_counter()
    nlp = load_pipeline()
    load = time.perf_counter() - t0
    reader = Reader(nlp=nlp, batch_size=batch_size)
    # Warm the lexicons and matchers on one article so the timing is of steady-state reading.
    next(iter(reader.read(list(read_path(batch))[:1])))
    t0 = time.perf_counter()
    documents = 0
    for doc in reader.read(read_path(batch)):
        assert isinstance(doc, dict), doc
        documents += 1
    seconds = time.perf_counter() - t0
    return {
        "load_seconds": load,
        "seconds": seconds,
        "words": words,
        "documents": documents,
        "words_per_second": words / seconds,
    }


def communique_cli(batch: Path) -> dict[str, object]:
    exe = Path(sys.executable).with_name("communique")
    command = [str(exe), "extract", str(batch), "--format", "jsonl", "--stats"]
    t0 = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    stats = next(
        (json.loads(line.split("stats: ", 1)[1]) for line in proc.stderr.splitlines() if "stats: " in line), {}
    )
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    return {"exit": proc.returncode, "wall_seconds": seconds, "documents": len(lines), **stats}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100, help="records in the batch")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "throughput.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        batch, texts = build_batch(args.n, Path(tmp))
        bare = bare_spacy(texts, args.batch_size)
        ours = communique_in_process(batch, args.batch_size, int(bare["words"]))
        cli = communique_cli(batch)
    result = {
        "records": args.n,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "bare_spacy": bare,
        "communique": ours,
        "ratio_to_bare_spacy": ours["words_per_second"] / bare["words_per_second"],
        "extractor_cost": bare["words_per_second"] / ours["words_per_second"] - 1,
        "cli": cli,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"records                      {args.n}")
    print(f"bare spaCy nlp.pipe          {bare['words_per_second']:10.0f} words/s")
    ratio = result["ratio_to_bare_spacy"]
    print(f"communique (in process)      {ours['words_per_second']:10.0f} words/s  ratio {ratio:.2f} x bare spaCy")
    print(f"extractors add               {result['extractor_cost'] * 100:9.0f} % to the parse")
    print(
        f"communique extract (CLI)     {cli.get('documents')} documents, exit {cli.get('exit')}, "
        f"pipeline loads {cli.get('pipeline_loads')}, {cli.get('wall_seconds', 0):.1f} s wall"
    )
    print(f"written to {args.out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
