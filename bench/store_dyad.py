"""How fast `communique dyad A B --by month` answers on a store of 1,000,000 events (SQLite).

Generates the store with bulk Core inserts (executemany, not the ORM): actors drawn from a skewed
(Zipf-like) distribution over 60 states and organisations, CAMEO codes weighted as news coverage
weights them (consultations and statements common, fighting rarer), dates spread over ten years.
Then times ``Store.dyad`` (the API the command calls) for a frequent dyad, a rare one and a
directed query: best and median of several runs, each on a freshly opened store.

Writes ``bench/results/store_dyad.json``. Not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from communique.store import Store
from communique.store.dates import store_date
from communique.store.models import Event

ROOT = Path(__file__).resolve().parent.parent
KEYS = [
    "USA", "CHN", "RUS", "UKR", "GBR", "FRA", "DEU", "JPN", "KOR", "PRK", "IND", "PAK", "IRN", "ISR", "SAU",
    "TUR", "EGY", "SYR", "IRQ", "AFG", "BRA", "MEX", "CAN", "AUS", "IDN", "VNM", "PHL", "THA", "MYS", "SGP",
    "NGA", "ZAF", "KEN", "ETH", "SDN", "LBY", "DZA", "MAR", "ITA", "ESP", "POL", "SWE", "FIN", "NOR", "GRC",
    "ARG", "COL", "VEN", "CHL", "PER", "NATO", "EU", "UN", "AU", "ASEAN", "IAEA", "WHO", "G7", "OPEC", "QAT",
]  # fmt: skip
CODES = [
    ("010", 0.0, 1, 14), ("020", 3.0, 1, 6), ("036", 4.0, 1, 5), ("040", 1.0, 1, 14), ("042", 1.9, 1, 6),
    ("043", 2.8, 1, 6), ("046", 7.0, 1, 4), ("051", 3.4, 1, 5), ("057", 8.0, 1, 3), ("061", 6.4, 2, 3),
    ("071", 7.4, 2, 2), ("084", 7.0, 2, 2), ("111", -2.0, 3, 6), ("112", -2.0, 3, 4), ("120", -4.0, 3, 2),
    ("130", -4.4, 3, 2), ("141", -6.5, 4, 2), ("163", -8.0, 4, 2), ("173", -5.0, 4, 3), ("190", -10.0, 4, 3),
    ("193", -10.0, 4, 1), ("195", -10.0, 4, 1),
]  # fmt: skip


def _rows(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(KEYS))]
    code_weights = [c[3] for c in CODES]
    start = date(2015, 1, 1)
    now = datetime.now(UTC)
    rows = []
    for _ in range(count):
        first, second = rng.choices(KEYS, weights, k=2)
        while second == first:
            second = rng.choices(KEYS, weights)[0]
        code, goldstein, quad, _ = rng.choices(CODES, code_weights)[0]
        day = store_date((start + timedelta(days=rng.randrange(3650))).isoformat())
        low, high = sorted((first, second))
        rows.append(
            {
                "day": day.day, "month_year": day.month_year, "year": day.year, "fraction_date": day.fraction_date,
                "date": None, "dated_by": "event", "event_code": code, "base_code": code[:3], "root_code": code[:2],
                "quad_class": quad, "goldstein": goldstein, "is_root_event": True,
                "actor1_code": first, "actor1_key": first, "actor2_code": second, "actor2_key": second,
                "pair_lo": low, "pair_hi": high, "plover_contexts": [], "modality": "asserted",
                "num_mentions": 1, "num_sources": 1, "num_articles": 1, "confidence": 0.6, "date_added": now,
            }
        )  # fmt: skip
    return rows


def build(path: Path, count: int, seed: int) -> float:
    started = time.perf_counter()
    store = Store(f"sqlite:///{path}")
    indexes = list(Event.__table__.indexes)
    with store.engine.begin() as connection:
        # Bulk load as a database administrator would: indexes dropped, rows in, indexes rebuilt.
        for index in indexes:
            index.drop(connection)
        chunk = 100_000
        for offset in range(0, count, chunk):
            connection.execute(insert(Event), _rows(min(chunk, count - offset), seed + offset))
        for index in indexes:
            index.create(connection)
        connection.execute(text("ANALYZE"))
    store.close()
    return time.perf_counter() - started


def timed(path: Path, runs: int, **query: object) -> dict:
    """Cold: each run opens the store afresh (as one `communique dyad` command does).
    Warm: the same open store answers again (as the web API does)."""
    cold, warm, result = [], [], []
    for _ in range(runs):
        store = Store(f"sqlite:///{path}")
        began = time.perf_counter()
        result = store.dyad(**query)  # type: ignore[arg-type]
        cold.append(time.perf_counter() - began)
        began = time.perf_counter()
        store.dyad(**query)  # type: ignore[arg-type]
        warm.append(time.perf_counter() - began)
        store.close()
    return {
        "query": dict(query),
        "periods": len(result),
        "events": sum(b.events for b in result),
        "cold_best_ms": round(min(cold) * 1000, 2),
        "cold_median_ms": round(statistics.median(cold) * 1000, 2),
        "warm_best_ms": round(min(warm) * 1000, 2),
        "warm_median_ms": round(statistics.median(warm) * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="Build the store here and keep it (reused when it exists).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-dyad-") as folder:
        path = args.keep or Path(folder) / "events.db"
        build_seconds = 0.0 if path.exists() else build(path, args.events, seed=1)
        queries = [
            timed(path, args.runs, first="USA", second="CHN", by="month"),
            timed(path, args.runs, first="RUS", second="UKR", by="month", directed=True),
            timed(path, args.runs, first="KEN", second="FIN", by="year"),
            timed(path, args.runs, first="USA", second="CHN", by="month", since="2020-01-01", until="2021-12-31"),
        ]
        size_mb = round(path.stat().st_size / 1e6, 1)
    result = {
        "benchmark": "store_dyad",
        "events": args.events,
        "build_seconds": round(build_seconds, 1),
        "store_mb": size_mb,
        "queries": queries,
        "target_ms": 100,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    out = ROOT / "bench" / "results" / "store_dyad.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
