"""Four writers at once into one store (SQLite in WAL mode, PostgreSQL): four `communique ingest`
processes over overlapping sets of articles, and four processes adding read documents in lockstep.
Every article is stored once, nothing is lost, no event is stored twice, syndicated copies are
recognised: the store is the one a single process makes from the same articles."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from communique.store import Store
from communique.store.ingest import ingest

# Eight events, each reported twice: once in a wire's words and once in a ministry's.
EVENTS = [
    ("Poland", "Kenya", "WARSAW", 6, "signed a trade agreement with"),
    ("Vietnam", "Egypt", "HANOI", 7, "criticised"),
    ("Brazil", "Mexico", "BRASILIA", 8, "signed a rail agreement with"),
    ("Turkey", "Indonesia", "ANKARA", 9, "hosted"),
    ("Germany", "Kenya", "BERLIN", 13, "promised aid to"),
    ("Japan", "India", "TOKYO", 14, "criticised"),
    ("France", "Egypt", "PARIS", 15, "signed an energy agreement with"),
    ("China", "Brazil", "BEIJING", 16, "hosted"),
]
WEEKDAYS = {6: "Monday", 7: "Tuesday", 8: "Wednesday", 9: "Thursday", 13: "Monday", 14: "Tuesday", 15: "Wednesday"}
ROSTER = {
    "id": "roster",
    "text": "Delegates from Poland, Kenya, Vietnam, Egypt, Brazil, Mexico, Turkey, Indonesia, Germany, Japan, "
    "India, France and China attended a conference on shipping in Geneva.",
    "published": "2020-01-01",
}
"""Stores every state as an actor first, so that writers do not collide on new actors (whose
unique key would make the second wait and retry) but only on the events they consolidate."""


def reports() -> list[dict[str, Any]]:
    out = []
    for n, (a, b, city, day, verb) in enumerate(EVENTS):
        weekday = WEEKDAYS.get(day, "Thursday")
        published = f"2024-05-{day:02d}"
        wire = (
            f"{a} and {b} in the news\n\n{city}, May {day} (Northern Wire) - {a} {verb} {b} on {weekday}, "
            "officials from both governments said.\n\nNo further details were given."
        )
        ministry = (
            f"Statement from the capital\n\nThe government of {a} {verb} {b} on {weekday}, a spokeswoman "
            f"for the foreign ministry told reporters in {city.title()}.\n\nShe took no questions."
        )
        out.append({"id": f"wire-{n}", "text": wire, "published": published, "outlet": "Northern Wire"})
        out.append({"id": f"ministry-{n}", "text": ministry, "published": published, "outlet": "Harbour Times"})
    return out


def write_overlapping_batches(folder: Path, records: list[dict[str, Any]], processes: int) -> list[Path]:
    """Batch k holds ten of the sixteen records starting at 4k (so each record is in two or three
    batches), each batch in its own shuffled order."""
    paths = []
    for k in range(processes):
        chosen = [records[(4 * k + i) % len(records)] for i in range(10)]
        random.Random(k).shuffle(chosen)
        path = folder / f"batch-{k}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in chosen), encoding="utf-8")
        paths.append(path)
    return paths


def event_key(event: Any) -> tuple[Any, ...]:
    return (event.event_code, event.actor1.key, event.actor2.key, event.day, event.num_mentions, event.num_articles)


def snapshot(url: str) -> dict[str, Any]:
    with Store(url) as store:
        articles = store.articles(limit=None)
        return {
            "counts": {k: v for k, v in store.counts().items() if k in {"articles", "events", "event_mentions"}},
            "doc_ids": sorted(a.doc_id for a in articles),
            "copies": sorted(a.doc_id for a in articles if a.duplicate_of is not None),
            "events": sorted(event_key(e) for e in store.events(limit=None)),
            "problems": store.integrity_problems(),
        }


@pytest.fixture(scope="module")
def expected(nlp, tmp_path_factory) -> dict[str, Any]:
    """The store one process makes from all the records, in order."""
    from communique.reader import Reader

    folder = tmp_path_factory.mktemp("alone")
    batch = folder / "all.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in reports()), encoding="utf-8")
    url = f"sqlite:///{folder / 'alone.db'}"
    with Store(url) as store:
        summary = ingest(store, [str(batch)], reader=Reader(nlp=nlp))
    assert (summary.added, summary.failed) == (16, 0), summary.errors
    return snapshot(url)


def test_the_reference_store_is_the_same_in_any_order(expected, nlp, tmp_path):
    from communique.reader import Reader

    records = reports()
    random.Random(3).shuffle(records)
    batch = tmp_path / "shuffled.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'shuffled.db'}"
    with Store(url) as store:
        ingest(store, [str(batch)], reader=Reader(nlp=nlp))
    assert snapshot(url) == expected
    assert expected["counts"]["events"] < expected["counts"]["event_mentions"]  # reports were merged


def test_four_concurrent_ingests_lose_nothing_and_duplicate_nothing(store_url, expected, tmp_path):
    paths = write_overlapping_batches(tmp_path, reports(), processes=4)
    env = {**os.environ, "COMMUNIQUE_DB": store_url}
    Store(store_url).close()  # created and migrated once, as a user's first command would
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "communique", "ingest", str(path), "--json", "--quiet", "--batch-size", "2"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in paths
    ]
    summaries = []
    for process in processes:
        out, err = process.communicate(timeout=900)
        assert process.returncode == 0, err
        summaries.append(json.loads(out))
    assert sum(s["added"] for s in summaries) == 16
    assert sum(s["added"] + s["present"] for s in summaries) == 40
    assert snapshot(store_url) == expected


# ---------------------------------------------------------------- writers in lockstep, no NLP

WRITER = """
import json, os, sys, time
from communique.store import Store
url, batch, go = sys.argv[1:]
documents = [json.loads(line) for line in open(batch, encoding="utf-8")]
with Store(url) as store:
    while not os.path.exists(go):
        time.sleep(0.001)
    print(json.dumps([store.add_document(d, origin="writer").status for d in documents]))
"""
"""A writer process: opens the store, waits for the start signal, adds its documents in order."""


@pytest.fixture(scope="module")
def documents(nlp) -> dict[str, dict[str, Any]]:
    """Every report read once, the roster, and a syndicated copy of the second wire report."""
    from communique.ingest.plaintext import read_plain_text
    from communique.reader import Reader

    reader = Reader(nlp=nlp)
    wire = next(r for r in reports() if r["id"] == "wire-1")
    copy = {**wire, "id": "copy-1", "outlet": "Evening Ledger", "text": wire["text"].replace("in the news", "in talks")}
    out = {}
    for record in [ROSTER, *reports(), copy]:
        article = read_plain_text(record["text"])
        article.id, article.published, article.outlet = record["id"], record["published"], record.get("outlet")
        out[record["id"]] = reader.document(article)
    return out


@pytest.fixture(scope="module")
def expected_lockstep(documents, tmp_path_factory) -> dict[str, Any]:
    url = f"sqlite:///{tmp_path_factory.mktemp('lockstep') / 'alone.db'}"
    with Store(url) as store:
        for document in documents.values():
            store.add_document(document)
    state = snapshot(url)
    assert state["copies"] == ["copy-1"]
    return state


def test_four_writers_in_lockstep_store_what_one_writer_stores(store_url, documents, expected_lockstep, tmp_path):
    """Each writer adds one report of every event at the moment another adds the other report (or
    the same one), and a syndicated copy at the moment another adds its original."""
    with Store(store_url) as store:
        store.add_document(documents["roster"])
    wires = [documents[f"wire-{n}"] for n in range(len(EVENTS))]
    ministries = [documents[f"ministry-{n}"] for n in range(len(EVENTS))]
    batches = [wires, [*ministries[:1], documents["copy-1"], *ministries[1:]], wires[::-1], ministries[::-1]]
    go = tmp_path / "go"
    writers = []
    for k, batch in enumerate(batches):
        path = tmp_path / f"writer-{k}.jsonl"
        path.write_text("".join(json.dumps(d) + "\n" for d in batch), encoding="utf-8")
        writers.append(
            subprocess.Popen(
                [sys.executable, "-c", WRITER, store_url, str(path), str(go)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    time.sleep(2)  # every writer has opened the store and waits
    go.touch()
    outcomes = []
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        outcomes += json.loads(out)
    assert outcomes.count("added") == 2 * len(EVENTS) + 1
    state, alone = snapshot(store_url), dict(expected_lockstep)
    # Of a syndicated pair stored at the same instant, whichever came second is the copy.
    assert state.pop("copies") in (["copy-1"], ["wire-1"])
    alone.pop("copies")
    assert state == alone
