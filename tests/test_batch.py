"""`communique batch`: planning, the per-article time limit, Parquet output, resuming."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.warc_files import ARTICLES, cc_news_records, write_warc

from communique.guard import Guard
from communique.shards import ingest, plan, raw_items

SHORT = [
    "The foreign ministers of France and Germany met in Paris on Monday to discuss energy prices.",
    "Brazil and Argentina signed a trade agreement in Brasilia on Friday, officials said.",
    "Japan protested after a Chinese coast guard vessel entered waters near the islands on Sunday.",
]


def write_jsonl(path: Path, texts: list[str], *, blank_after: int | None = None) -> Path:
    lines = []
    for i, text in enumerate(texts):
        lines.append(json.dumps({"id": f"doc-{i}", "text": text, "published": "2024-05-20"}))
        if blank_after == i:
            lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_plan_cuts_inputs_into_shards(tmp_path: Path) -> None:
    jsonl = write_jsonl(tmp_path / "a.jsonl", SHORT * 2, blank_after=1)
    warc = write_warc(tmp_path / "b.warc.gz", cc_news_records(), compress=True)
    loose = tmp_path / "loose"
    loose.mkdir()
    for i, text in enumerate(SHORT):
        (loose / f"{i}.txt").write_text(text, encoding="utf-8")
    shards, errors = plan([str(jsonl), str(warc), str(loose), str(tmp_path / "missing.jsonl")], 2)
    assert [s.kind for s in shards] == ["jsonl"] * 3 + ["warc"] * 2 + ["files"] * 2
    assert [str(e) for e in errors] == [f"{tmp_path / 'missing.jsonl'}: no such file or directory"]
    # Every article is in exactly one shard, blank lines and non-HTML records left out.
    seen = [item.origin for s in shards for item in raw_items(s) if item.kind != "error"]
    assert len(seen) == len(set(seen)) == 6 + len(ARTICLES) + 3
    texts = [a.text for s in shards if s.kind == "jsonl" for item in raw_items(s) for a in ingest(item, s)]
    assert texts == SHORT * 2
    # The same inputs give the same shard ids (a rerun finds its shards again) ...
    assert [s.id for s in plan([str(jsonl)], 2)[0]] == [s.id for s in shards[:3]]
    # ... and a changed input gives new ones.
    write_jsonl(jsonl, SHORT)
    assert {s.id for s in plan([str(jsonl)], 2)[0]}.isdisjoint(s.id for s in shards)


def test_a_slow_article_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    slow = " ".join(["The delegation from Kenya visited Nairobi and Mombasa on Tuesday to discuss trade."] * 2500)
    path = write_jsonl(tmp_path / "slow.jsonl", [SHORT[0], slow, SHORT[1], SHORT[2]])
    shards, _ = plan([str(path)], 10)
    guard = Guard(limit=2.0, batch_size=4)
    try:
        reading = guard.read(shards[0])
    finally:
        guard.close()
    assert sorted(reading.documents) == [0, 2, 3]
    assert reading.errors == [(f"{path}:2", "timed out: not read within 2 s")]
    assert reading.timeouts == 1 and reading.restarts >= 1
    assert json.loads(reading.documents[2])["id"] == "doc-2"


def run_batch_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "communique", "batch", *args], capture_output=True, text=True, check=False
    )


def test_batch_writes_parquet_and_resumes(tmp_path: Path) -> None:
    jsonl = write_jsonl(tmp_path / "a.jsonl", SHORT)
    warc = write_warc(tmp_path / "b.warc", cc_news_records(), compress=False)
    out = tmp_path / "out"
    proc = run_batch_cli(str(jsonl), str(warc), "--out", str(out), "--workers", "1", "--shard-size", "2")
    assert proc.returncode == 0, proc.stderr
    assert "6 articles" in proc.stderr and "articles/s" in proc.stderr
    documents = pq.read_table(out / "documents").to_pylist()
    assert {"doc-0", "doc-1", "doc-2"} <= {d["id"] for d in documents}
    assert {d["url"] for d in documents} >= {f"https://news.example.org/world/{i}" for i in range(len(ARTICLES))}
    assert all(json.loads(d["document"])["schema"] == "communique.document/1" for d in documents)
    events = pq.read_table(out / "events")
    assert {"cameo", "quad_class", "goldstein", "source_codes", "target_codes"} <= set(events.column_names)
    assert events.num_rows == sum(d["events"] for d in documents) > 0
    actors = pq.read_table(out / "actors").to_pylist()
    assert {"FRA", "DEU"} <= {a["country"] for a in actors}
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["shards"]) == len(list((out / "shards").glob("*.json"))) == 4

    written = {p: p.stat().st_mtime_ns for p in (out / "documents").iterdir()}
    again = run_batch_cli(str(jsonl), str(warc), "--out", str(out), "--workers", "1", "--shard-size", "2")
    assert again.returncode == 0, again.stderr
    assert "0 articles" in again.stderr and "4 shards already done" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in (out / "documents").iterdir()} == written


def test_db_without_the_store_installed_is_a_usage_error(tmp_path: Path) -> None:
    try:
        import communique.store  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("the corpus store is installed")
    proc = run_batch_cli(str(write_jsonl(tmp_path / "a.jsonl", SHORT[:1])), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert proc.returncode == 2
    assert (
        proc.stderr.strip()
        == "communique: error: --db: the corpus store is not part of this installation (use --out DIR)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--out"),
        (["--out", "o", "--workers", "0"], "positive"),
    ],
)
def test_batch_usage_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    jsonl = write_jsonl(tmp_path / "a.jsonl", SHORT[:1])
    proc = run_batch_cli(str(jsonl), *args)
    assert proc.returncode == 2
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_batch_writes_into_the_store(tmp_path: Path) -> None:
    """--db through the corpus store's API (runs where communique.store is installed)."""
    store_module = pytest.importorskip("communique.store")
    jsonl = write_jsonl(tmp_path / "a.jsonl", SHORT)
    url = f"sqlite:///{tmp_path / 'corpus.db'}"
    args = [str(jsonl), "--db", url, "--out", str(tmp_path / "out"), "--workers", "1", "--shard-size", "2"]
    proc = run_batch_cli(*args)
    assert proc.returncode == 0, proc.stderr
    with store_module.Store(url) as store:
        assert store.counts()["articles"] == len(SHORT)
    again = run_batch_cli(*args)
    assert again.returncode == 0 and "2 shards already done" in again.stderr
