"""The store's commands as a user runs them: --json for programs, tables for people, one-line errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from communique.cli import cli
from communique.store import Store
from test_store import _summit_docs


@pytest.fixture()
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        for doc in _summit_docs():
            store.add_document(doc)
    return url


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_events_dyad_and_quotes_as_json(db):
    events = json.loads(run("events", "--db", db, "--dyad", "South Korea", "Japan", "--json").output)
    assert sorted(e["event_code"] for e in events) == ["040", "043", "111"]
    conflict = json.loads(run("events", "--db", db, "--actor", "JPN", "--root", "11", "--json").output)
    assert [e["event_code"] for e in conflict] == ["111"]
    monthly = json.loads(run("dyad", "JPN", "KOR", "--db", db, "--json").output)
    assert [p["period"] for p in monthly["periods"]] == ["2024-03", "2024-04"]
    assert monthly["periods"][0]["quad_counts"] == {"1": 1, "2": 0, "3": 1, "4": 0}
    quotes = json.loads(run("quotes", "--db", db, "--speaker", "Yoon", "--json").output)
    assert quotes[0]["text"] == "We turned a page today,"


def test_tables_for_people(db):
    result = run("dyad", "JPN", "KOR", "--db", db)
    assert "2024-03" in result.output and "verbal" in result.output
    assert "no events match" in run("events", "--db", db, "--actor", "BRA").output


def test_exports_write_files(db, tmp_path):
    result = run("export", "gdelt-events", str(tmp_path / "events.tsv"), "--db", db)
    assert result.exit_code == 0
    lines = (tmp_path / "events.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and all(line.count("\t") == 60 for line in lines)
    assert run("export", "parquet", str(tmp_path / "pq"), "--db", db).exit_code == 0
    assert (tmp_path / "pq" / "event_mentions.parquet").exists()


def test_bad_dates_and_unreachable_stores_are_one_line_errors(db, capfd):
    from communique.cli import run

    for args, status in (
        (["events", "--db", db, "--since", "yesterday"], 2),
        (["events", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"], 3),
    ):
        with pytest.raises(SystemExit) as exit_info:
            import sys

            sys.argv = ["communique", *args]
            run()  # main() ends the process with os._exit
        assert exit_info.value.code == status
        err = capfd.readouterr().err
        assert err.startswith("communique: error: ") and err.count("\n") == 1
