"""The command line as users run it: documents, formats, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from communique.document import validation_errors

ARTICLE = """Leaders sign border treaty

Both parliaments must still ratify the text

May 2, 2024 - 10:00 By Jane Roe

LISBON, May 2 (Example Wire) - Portuguese Prime Minister Luis Montenegro and Spanish Prime Minister Pedro Sanchez signed a treaty on Thursday that settles a long dispute over a river border.

"This treaty closes an old chapter between our two countries," Montenegro told reporters after the ceremony.
"""


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "communique", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "treaty.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_json_document_follows_the_contract(article):
    proc = run("extract", str(article), "--published", "2024-05-02", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert validation_errors(doc) == []
    assert doc["published"] == "2024-05-02"
    assert doc["title"] == "Leaders sign border treaty"
    assert {a["country"] for a in doc["actors"] if a["kind"] == "person"} >= {"PRT", "ESP"}
    assert any(q["speaker_name"] and "Montenegro" in q["speaker_name"] for q in doc["quotes"])


def test_jsonl_keeps_ids_and_order_and_reports_bad_lines(tmp_path):
    batch = tmp_path / "batch.jsonl"
    records = [
        {"id": "b", "text": ARTICLE, "published": "2024-05-02"},
        "not json at all",
        {
            "id": "a",
            "text": "The two ministers met in Madrid on Friday to discuss water rights.",
            "published": "2024-05-03",
        },
    ]
    batch.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    proc = run("extract", str(batch), "--format", "jsonl")
    assert proc.returncode == 1
    ids = [json.loads(line)["id"] for line in proc.stdout.splitlines()]
    assert ids == ["b", "a"]
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 1 and f"{batch}:2" in errors[0] and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "PNG"),
        (b"<html><body><div class='nav'>Home</div></body></html>", "no article text"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(tmp_path, content, message):
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    proc = run("extract", str(path))
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("communique: error:")


def test_missing_file_and_bad_date(tmp_path):
    proc = run("extract", str(tmp_path / "nope.txt"))
    assert proc.returncode == 1 and "no such file" in proc.stderr
    proc = run("extract", str(tmp_path / "nope.txt"), "--published", "not a date")
    assert proc.returncode == 2 and "--published" in proc.stderr and "Traceback" not in proc.stderr


def test_missing_model_is_a_setup_error(article):
    proc = subprocess.run(
        [sys.executable, "-m", "communique", "extract", str(article)],
        capture_output=True,
        text=True,
        env={"COMMUNIQUE_SPACY_MODEL": "no_such_pipeline", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert proc.returncode == 3
    assert "no_such_pipeline" in proc.stderr and "Traceback" not in proc.stderr


def test_table_and_stdin(article):
    proc = run("extract", "-", "--format", "table", "--published", "2024-05-02", stdin=article.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert "Leaders sign border treaty" in proc.stdout and "Actors" in proc.stdout


def test_directory_defaults_to_jsonl(tmp_path):
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(ARTICLE.replace("Lisbon", name), encoding="utf-8")
    proc = run("extract", str(tmp_path), "--stats")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 2
    stats = json.loads(proc.stderr.split("stats: ", 1)[1])
    assert stats["pipeline_loads"] == 1 and stats["documents"] == 2


def test_demo_reads_the_bundled_examples_keeps_them_and_says_how_to_browse(tmp_path):
    db = tmp_path / "demo.db"
    proc = run("demo", "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    assert "Finland" in proc.stdout and "Events" in proc.stdout
    assert "make serve" in proc.stdout and "communique serve --db" in proc.stdout
    from communique.store import Store

    with Store(str(db)) as store:
        assert store.counts()["articles"] == 3
