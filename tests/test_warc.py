"""WARC input: CC-NEWS-style archives, plain and gzip, through ingestion and `communique extract`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.warc_files import ARTICLES, cc_news_records, write_warc

from communique.article import Article
from communique.ingest import read_path
from communique.ingest.errors import InputError
from communique.ingest.warc import WarcPage, iter_pages, record_offsets


@pytest.fixture(params=[False, True], ids=["plain", "gzip"])
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    name = "news.warc.gz" if request.param else "news.warc"
    return write_warc(tmp_path / name, cc_news_records(), compress=request.param)


def test_every_html_response_becomes_an_article(archive: Path) -> None:
    items = list(read_path(archive))
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.title for a in articles] == [title for title, _ in ARTICLES]
    assert not [i for i in items if isinstance(i, InputError)]  # requests and the PDF are no articles
    assert articles[0].url == "https://news.example.org/world/0"
    assert "grain corridor" in articles[0].text
    assert "Contact us" not in articles[0].text  # page chrome stays out


def test_the_crawl_date_stands_in_for_a_missing_publication_date(archive: Path) -> None:
    articles = [i for i in read_path(archive) if isinstance(i, Article)]
    assert articles[0].published.startswith("2024-03-05")  # the WARC-Date
    assert articles[1].published.startswith("2024-03-01")  # the page's own date wins


def test_shards_start_mid_archive(archive: Path) -> None:
    offsets = record_offsets(archive)
    assert len(offsets) == 4  # three pages and the PDF: response records only
    tail = [p for p in iter_pages(archive, offset=offsets[1], limit=2) if isinstance(p, WarcPage)]
    assert [p.url for p in tail] == ["https://news.example.org/world/1", "https://news.example.org/world/2"]
    assert all(p.origin.startswith(f"{archive}@") for p in tail)


def test_a_folder_of_archives_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    write_warc(folder / "a.warc.gz", cc_news_records(), compress=True)
    assert len([i for i in read_path(folder) if isinstance(i, Article)]) == len(ARTICLES)


def test_a_broken_archive_is_one_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"this is not a web archive at all\n" * 3)
    items = list(read_path(broken))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "WARC" in str(items[0]) and "\n" not in str(items[0])


def test_extract_reads_a_warc_archive(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "news.warc.gz", cc_news_records(), compress=True)
    proc = subprocess.run(
        [sys.executable, "-m", "communique", "extract", str(path), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    documents = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d["source"]["url"] for d in documents] == [f"https://news.example.org/world/{i}" for i in range(3)]
    assert any(a["country"] == "KEN" for a in documents[0]["actors"])
