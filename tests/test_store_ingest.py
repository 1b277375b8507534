"""`communique ingest`: feeds, WARC files, JSONL; idempotent reruns; a SIGKILL mid-way loses nothing."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from communique.store import Store
from communique.store.ingest import ingest
from communique.store.synthetic import articles

ARTICLE_HTML = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{city}, May 6 (Test Wire) - {body}</p>
<p>Officials from both governments said further talks would follow in the coming weeks, and that
working groups would meet before the end of the year to prepare the details.</p></article></body></html>"""

PAGES = [
    ("Poland and Kenya sign a trade agreement", "WARSAW",
     "Poland and Kenya signed an agreement on trade on Monday, the foreign ministry in Warsaw said."),
    ("Vietnam criticises Egypt over shipping fees", "HANOI",
     "Vietnam criticised Egypt on Monday over new shipping fees, calling them unfair to traders."),
]  # fmt: skip


def _warc_record(url: str, html: str, content_type: str = "text/html; charset=utf-8") -> bytes:
    body = html.encode("utf-8")
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    head = (
        "WARC/1.1\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(url)):032x}>\r\n"
        "WARC-Date: 2024-05-06T10:00:00Z\r\n"
        f"WARC-Target-URI: {url}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def write_warc(path: Path, *, compress: bool) -> None:
    records = [
        _warc_record(f"https://wire.example/{n}", ARTICLE_HTML.format(title=t, city=c, body=b))
        for n, (t, c, b) in enumerate(PAGES)
    ]
    records.append(_warc_record("https://wire.example/logo.png", "not html", content_type="image/png"))
    if compress:
        path.write_bytes(b"".join(gzip.compress(r) for r in records))
    else:
        path.write_bytes(b"".join(records))


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Feed Test Wire</title><link>https://feed.example/</link>
<item><title>Brazil and Mexico agree on rail links</title><link>https://feed.example/rail</link>
<pubDate>Tue, 07 May 2024 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Brazil and Mexico signed an agreement on rail links on Tuesday, officials said.
The two governments said the first trains could run within five years.&lt;/p&gt;</description></item>
<item><title>Turkey hosts talks with Indonesia</title><link>https://feed.example/talks</link>
<pubDate>Tue, 07 May 2024 11:00:00 GMT</pubDate>
<description>&lt;p&gt;Turkey hosted Indonesia's foreign minister in Ankara on Tuesday for talks on energy
and trade, the foreign ministry said.&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Test Desk</title><id>urn:atom-test</id>
<updated>2024-05-08T08:00:00Z</updated>
<entry><title>Germany pledges aid to Kenya</title><id>urn:atom-test:1</id>
<link href="https://atom.example/aid"/><updated>2024-05-08T08:00:00Z</updated>
<content type="html">&lt;p&gt;Germany promised on Wednesday to send aid to Kenya to help with the drought,
the foreign ministry in Berlin said.&lt;/p&gt;&lt;p&gt;Kenya thanked Germany for the support.&lt;/p&gt;</content>
</entry></feed>"""


@pytest.fixture(scope="module")
def reader(nlp):
    from communique.reader import Reader

    return Reader(nlp=nlp)


def test_feeds_warc_and_jsonl_are_ingested_once(store_url, tmp_path, reader):
    (tmp_path / "news.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "desk.atom").write_text(ATOM, encoding="utf-8")
    write_warc(tmp_path / "crawl.warc", compress=False)
    write_warc(tmp_path / "crawl-copy.warc.gz", compress=True)
    with (tmp_path / "batch.jsonl").open("w", encoding="utf-8") as out:
        for record in articles(3, seed=11):
            out.write(json.dumps(record) + "\n")
    with Store(store_url) as store:
        summary = ingest(store, [str(tmp_path)], reader=reader)
        # 2 feed entries + 1 atom entry + 2 WARC pages (their gzip copy is the same text) + 3 JSONL records
        assert (summary.added, summary.failed) == (8, 0), summary.errors
        assert summary.present == 2
        stored = {a.url: a for a in store.articles(limit=None)}
        assert stored["https://feed.example/rail"].outlet == "Feed Test Wire"
        assert stored["https://feed.example/rail"].published == "2024-05-07"
        assert stored["https://atom.example/aid"].title == "Germany pledges aid to Kenya"
        assert stored["https://wire.example/0"].published == "2024-05-06"
        assert "https://wire.example/logo.png" not in stored
        again = ingest(store, [str(tmp_path)], reader=reader)
        assert (again.added, again.present, again.failed) == (0, 10, 0)
        assert store.counts()["articles"] == 8
        assert store.integrity_problems() == []


def test_damaged_inputs_are_reported_and_lose_nothing(tmp_path, reader):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    (tmp_path / "broken.warc").write_bytes(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    (tmp_path / "empty.rss").write_text("<rss version='2.0'><channel><title>x</title></channel></rss>")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(next(articles(1, seed=3))) + "\n", encoding="utf-8")
    with Store(url) as store:
        first = ingest(store, [str(good)], reader=reader)
        assert first.added == 1
        summary = ingest(store, [str(tmp_path / "broken.warc"), str(tmp_path / "empty.rss")], reader=reader)
        assert summary.added == 0 and summary.failed == 2
        assert any("no feed entries" in e for e in summary.errors)
        assert store.counts()["articles"] == 1


def _communique(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "communique", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _article_count(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM articles")).scalar() or 0)
    except Exception:
        return 0
    finally:
        engine.dispose()


def test_sigkill_mid_ingest_then_rerun_loses_nothing_and_duplicates_nothing(store_url, tmp_path):
    total = 24
    batch = tmp_path / "batch.jsonl"
    with batch.open("w", encoding="utf-8") as out:
        for record in articles(total, seed=5):
            out.write(json.dumps(record) + "\n")
    env = {**os.environ, "COMMUNIQUE_DB": store_url}
    process = _communique("ingest", str(batch), "--batch-size", "2", "--quiet", env=env)
    deadline = time.monotonic() + 300
    while _article_count(store_url) < 4:
        assert process.poll() is None, "the ingest finished before it could be killed"
        assert time.monotonic() < deadline, "the ingest stored nothing in time"
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    killed_at = _article_count(store_url)
    assert 4 <= killed_at < total

    with Store(store_url) as store:
        assert store.integrity_problems() == []
    rerun = _communique("ingest", str(batch), "--json", "--quiet", env=env)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    summary = json.loads(out)
    assert summary["present"] == killed_at
    assert summary["added"] == total - killed_at
    with Store(store_url) as store:
        assert store.counts()["articles"] == total
        assert store.integrity_problems() == []
        assert {a.doc_id for a in store.articles(limit=None)} == {f"synthetic-5-{n}" for n in range(1, total + 1)}
