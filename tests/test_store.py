"""The corpus store on SQLite and PostgreSQL: idempotent writes, queries, consolidation, exports."""

from __future__ import annotations

import csv
import io
import json

import pytest

from communique.document import validation_errors
from communique.store import Store
from communique.store.export import (
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    write_gdelt_events,
    write_gdelt_mentions,
    write_parquet,
    write_plover,
)
from storedocs import document

SUMMIT_A = (
    "Leaders of Japan and South Korea held talks in Tokyo\n\n"
    "The prime minister of Japan met the president of South Korea in Tokyo on Monday for talks on trade "
    'and regional security, the first such meeting in four years. "We turned a page today," the president said.'
)
SUMMIT_B = (
    "Seoul and Tokyo leaders meet after long freeze\n\n"
    "South Korea's president and the Japanese prime minister met in Tokyo on Monday, discussing trade "
    "and security in their first meeting in four years, officials said."
)
SUMMIT_LATER = (
    "Japan and South Korea to hold another round of talks\n\n"
    "Japan hosted South Korea's foreign minister for a new round of talks on fishing rights, weeks after the leaders met."
)
CLASH = (
    "Japan criticises South Korea over island drills\n\n"
    "Japan criticised South Korea on Monday over naval drills near disputed islands, calling them provocative."
)


def _summit_docs() -> list[dict]:
    return [
        document(SUMMIT_A, published="2024-03-04", outlet="Northern Wire", url="https://north.example/summit",
                 events=[("JPN", "KOR", "040", "2024-03-04", SUMMIT_A.split("\n\n")[1].split(". ")[0])],
                 quotes=[("Yoon Suk Yeol", "We turned a page today,")]),
        document(SUMMIT_B, published="2024-03-05", outlet="Harbour Times",
                 events=[("KOR", "JPN", "040", "2024-03-04", SUMMIT_B.split("\n\n")[1])]),
        document(SUMMIT_LATER, published="2024-04-10", outlet="Harbour Times",
                 events=[("JPN", "KOR", "043", "2024-04-10", SUMMIT_LATER.split("\n\n")[1])]),
        document(CLASH, published="2024-03-04", outlet="Northern Wire",
                 events=[("JPN", "KOR", "111", "2024-03-04", CLASH.split("\n\n")[1])]),
    ]  # fmt: skip


def test_hand_built_documents_follow_the_contract():
    for doc in _summit_docs():
        assert validation_errors(doc) == []


def test_store_is_idempotent_and_answers_queries(store_url):
    with Store(store_url) as store:
        results = [store.add_document(d) for d in _summit_docs()]
        assert [r.status for r in results] == ["added"] * 4
        again = store.add_document(_summit_docs()[0])
        assert again.status == "present" and again.article_id == results[0].article_id
        counts = store.counts()
        assert counts["articles"] == 4
        assert counts["event_mentions"] == 4
        # the two reports of the Tokyo summit are one event; the later visit and the criticism are not.
        assert counts["events"] == 3
        summit = store.events(root="04", since="2024-03", until="2024-03")
        assert len(summit) == 1
        assert (summit[0].num_articles, summit[0].num_sources, summit[0].num_mentions) == (2, 2, 2)
        assert {m.outlet for m in store.mentions(summit[0].id)} == {"Northern Wire", "Harbour Times"}
        assert len(store.events(dyad=("KOR", "JPN"))) == 3
        assert [e.event_code for e in store.events(dyad=("JPN", "KOR"), directed=True, root="11")] == ["111"]
        assert store.events(actor="USA") == []
        by_month = store.dyad("KOR", "JPN", by="month")
        assert [(b.period, b.events, b.quad_counts[1], b.quad_counts[3]) for b in by_month] == [
            ("2024-03", 2, 1, 1),
            ("2024-04", 1, 1, 0),
        ]
        assert by_month[0].mean_goldstein == pytest.approx(-0.5)
        (year,) = store.dyad("JPN", "KOR", by="year")
        assert (year.period, year.events) == ("2024", 3)
        assert [b.period for b in store.dyad("JPN", "KOR", by="day")] == ["2024-03-04", "2024-04-10"]
        assert [b.events for b in store.dyad("JPN", "KOR", directed=True)] == [2, 1]
        quotes = store.quotes(speaker="yoon")
        assert [q.text for q in quotes] == ["We turned a page today,"]
        assert store.articles(outlet="harbour times")[0].title.startswith("Japan and South Korea")
        assert store.relations(pair=("KOR", "JPN"))
        assert store.integrity_problems() == []


def test_syndicated_copy_is_recognised_and_joins_the_same_events(store_url):
    original, *_ = _summit_docs()
    copy_text = SUMMIT_A.replace("Leaders of Japan and South Korea held talks in Tokyo", "Japan, South Korea talk")
    copy_text = copy_text.replace("for talks on trade", "for talks about trade")
    first_sentence = copy_text.split("\n\n")[1].split(". ")[0]
    copy = document(copy_text, published="2024-03-04", outlet="Regional Digest",
                    events=[("JPN", "KOR", "040", "2024-03-04", first_sentence)])  # fmt: skip
    with Store(store_url) as store:
        kept = store.add_document(original)
        result = store.add_document(copy)
        assert result.duplicate_of == kept.article_id
        assert result.events_merged == 1 and result.events_new == 0
        (event,) = store.events()
        assert (event.num_articles, event.num_sources) == (2, 2)
        assert any(m.in_duplicate for m in store.mentions(event.id))


def test_unrelated_article_is_no_copy(store_url):
    a, b = _summit_docs()[0], _summit_docs()[3]
    with Store(store_url) as store:
        store.add_document(a)
        assert store.add_document(b).duplicate_of is None


def test_migration_matches_the_models(store_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from communique.store.models import Base

    with Store(store_url) as store, store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_bad_query_dates_are_refused(tmp_path):
    from communique.store import StoreError

    with Store(f"sqlite:///{tmp_path / 's.db'}") as store, pytest.raises(StoreError, match="not a date"):
        store.events(since="last week")


def _filled(url: str) -> Store:
    store = Store(url)
    for doc in _summit_docs():
        store.add_document(doc)
    return store


def test_gdelt_exports_have_the_codebook_columns(store_url):
    assert len(EVENT_COLUMNS) == 61 and EVENT_COLUMNS[0] == "GlobalEventID" and EVENT_COLUMNS[-1] == "SOURCEURL"
    assert EVENT_COLUMNS[25:35] == (
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
        "NumMentions", "NumSources", "NumArticles", "AvgTone",
    )  # fmt: skip
    assert len(MENTION_COLUMNS) == 16 and MENTION_COLUMNS[6] == "SentenceID"
    with _filled(store_url) as store:
        events_out, mentions_out = io.StringIO(), io.StringIO()
        assert write_gdelt_events(store, events_out) == 3
        assert write_gdelt_mentions(store, mentions_out, header=True) == 4
    rows = list(csv.reader(io.StringIO(events_out.getvalue()), delimiter="\t"))
    assert all(len(r) == 61 for r in rows)
    summit = next(dict(zip(EVENT_COLUMNS, r, strict=True)) for r in rows if r[26] == "040")
    assert summit["Day"] == "20240304" and summit["MonthYear"] == "202403" and summit["Year"] == "2024"
    assert (summit["NumMentions"], summit["NumSources"], summit["NumArticles"]) == ("2", "2", "2")
    assert summit["Actor1Code"] == "JPN" and summit["Actor2Name"] == "SOUTH KOREA"
    assert summit["SOURCEURL"] == "https://north.example/summit" and summit["AvgTone"] == ""
    mentions = list(csv.reader(io.StringIO(mentions_out.getvalue()), delimiter="\t"))
    assert tuple(mentions[0]) == MENTION_COLUMNS
    assert all(len(r) == 16 for r in mentions[1:])
    first = dict(zip(MENTION_COLUMNS, mentions[1], strict=True))
    assert first["MentionType"] == "1" and first["MentionIdentifier"] == "https://north.example/summit"
    assert first["Confidence"] == "70" and int(first["Actor1CharOffset"]) >= 0


def test_plover_export_uses_the_manual_fields(store_url):
    with _filled(store_url) as store:
        out = io.StringIO()
        count = write_plover(store, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(records) == 3
    summit = next(r for r in records if r["cameo"] == "040")
    assert {"id", "date", "source", "recipient", "event", "quad_code", "event_scale", "event_text"} <= set(summit)
    assert summit["date"] == "2024-03-04" and summit["event"] == ["CONSULT"]
    assert summit["source"][0]["code"] == "JPN" and summit["recipient"][0]["code"] == "KOR"
    assert len(summit["event_text"]) == 2 and summit["cite_info"]["publication"] == "Northern Wire"


def test_parquet_export_writes_every_table(store_url, tmp_path):
    import pyarrow.parquet as pq

    with _filled(store_url) as store:
        written = write_parquet(store, tmp_path / "pq")
        counts = store.counts()
    assert written == counts
    for table, rows in counts.items():
        assert pq.read_table(tmp_path / "pq" / f"{table}.parquet").num_rows == rows
    events = pq.read_table(tmp_path / "pq" / "events.parquet").to_pylist()
    assert {e["event_code"] for e in events} == {"040", "043", "111"}
