"""Cross-source consolidation on our labelled set: pairwise precision and recall.

Ingests ``tests/data/consolidation/articles.jsonl`` into a fresh SQLite store and scores the
events it made against ``labels.toml`` (see :mod:`communique.store.evaluation`). Writes
``bench/results/consolidation.json``. The acceptance bar is precision >= 0.90, recall >= 0.80.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from communique.store.evaluation import evaluate

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "consolidation"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="communique-consolidation-") as folder:
        result = evaluate(DATA, f"sqlite:///{Path(folder) / 'store.db'}")
    result = {"benchmark": "consolidation", "targets": {"precision": 0.9, "recall": 0.8}, **result}
    out = ROOT / "bench" / "results" / "consolidation.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
