"""Ingest throughput: 1,000 articles into a fresh SQLite store, as `communique ingest` does.

The articles are generated from our own templates (:mod:`communique.store.synthetic`): sixteen
states, eight topics, five outlets, four kinds of story, two years of dates. Reports articles per
second for the whole ingest (read, extract, consolidate, store; the pipeline loaded once) and for
a rerun, which must find every article already stored.

Writes ``bench/results/store_ingest.json``. Not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from communique.reader import Reader
from communique.store import Store
from communique.store.ingest import ingest
from communique.store.synthetic import articles

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    started = time.perf_counter()
    reader = Reader(batch_size=32)
    load_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="communique-ingest-") as folder:
        batch = Path(folder) / "batch.jsonl"
        with batch.open("w", encoding="utf-8") as out:
            for record in articles(args.articles, seed=2024):
                out.write(json.dumps(record) + "\n")
        with Store(f"sqlite:///{Path(folder) / 'store.db'}") as store:
            first = ingest(store, [str(batch)], reader=reader)
            rerun = ingest(store, [str(batch)], reader=reader)
            counts = store.counts()
            problems = store.integrity_problems()
    result = {
        "benchmark": "store_ingest",
        "articles": args.articles,
        "pipeline_load_seconds": round(load_seconds, 2),
        "ingest": first.to_dict() | {"errors": first.errors[:5]},
        "rerun": {"present": rerun.present, "added": rerun.added, "seconds": round(rerun.seconds, 2)},
        "store_counts": counts,
        "integrity_problems": problems,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    out = ROOT / "bench" / "results" / "store_ingest.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
