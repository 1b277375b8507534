"""Hostile text through the whole reader: a valid document whose offsets slice the text exactly,
and no input shape that makes one step's cost grow with the square of the article."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.document import validation_errors
from communique.extract.quotes import _Sentences, _Spans
from communique.ingest import read_path
from communique.ingest.errors import InputError
from communique.ingest.plaintext import read_plain_text
from communique.limits import MAX_SENTENCE_CHARS, MAX_WORD_CHARS
from communique.nlp import bounded_pieces
from communique.reader import ReadFailure
from hostile import HEADS, SENTENCES, TEXT_PIECES, hostile_bytes, hostile_jsonl

pieces = st.one_of(
    st.sampled_from(SENTENCES), st.sampled_from(SENTENCES), st.sampled_from(HEADS), st.sampled_from(TEXT_PIECES)
)
articles = st.lists(pieces, min_size=1, max_size=16).flatmap(
    lambda parts: st.sampled_from([" ", "\n", "\n\n", ""]).map(lambda joint: joint.join(parts))
)


def offset_problems(document: dict[str, Any]) -> list[str]:
    """Every span in the document (anything with start and end) whose text is not the article's
    text between its offsets."""
    text = document["text"]
    problems = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            if "start" in value or "end" in value:
                start, end = value.get("start"), value.get("end")
                if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
                    problems.append(f"{path}: bad offsets {start}-{end}")
                elif text[start:end] != value.get("text"):
                    problems.append(f"{path}: {text[start:end]!r} != {value.get('text')!r}")
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")

    for key in ("lines", "actors", "events", "quotes", "times", "places", "agreements", "relations"):
        walk(document[key], key)
    return problems


@pytest.fixture(scope="module")
def reader(nlp):
    from communique.reader import Reader

    return Reader(nlp=nlp)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(text=articles, published=st.sampled_from([None, "2024-06-19", "1900-01-01"]))
def test_any_text_article_reads_into_a_valid_document_whose_offsets_slice_its_text(reader, text, published):
    article = read_plain_text(text)
    if not article.text.strip():
        return
    article.published = published
    (document,) = reader.read([article])
    assert not isinstance(document, ReadFailure), document
    assert validation_errors(document) == []
    assert offset_problems(document) == []
    json.dumps(document, ensure_ascii=False).encode("utf-8")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["(", '"', "a", " ", "\n", "é", "\u200b", "ab" * 150]), max_size=600).map("".join))
def test_bounded_pieces_join_back_and_hold_no_long_run(text):
    pieces = bounded_pieces(text)
    assert "".join(pieces) == text
    for piece in pieces:
        assert max((len(run) for run in piece.split()), default=0) <= MAX_WORD_CHARS


def test_a_wall_of_brackets_is_tokenized_in_pieces_and_cut_into_sentences(nlp, monkeypatch):
    handed: list[str] = []
    spacy_tokenizer = nlp.tokenizer.tokenizer
    monkeypatch.setattr(nlp.tokenizer, "tokenizer", lambda text: handed.append(text) or spacy_tokenizer(text))
    text = "Talks ended. " + "(" * (5 * MAX_SENTENCE_CHARS) + ' and "' * 3 + '"' * 900
    doc = nlp(text)
    assert doc.text == text
    assert "".join(handed) == text
    assert max(len(run) for piece in handed for run in piece.split()) <= MAX_WORD_CHARS
    assert max(len(token) for token in doc) <= MAX_WORD_CHARS
    assert all(len(sentence.text) <= 2 * MAX_SENTENCE_CHARS + MAX_WORD_CHARS for sentence in doc.sents)


def test_a_list_of_names_without_commas_gives_short_names(read):
    doc = read("Officials named in the report: " + "Kim Lee Park Souza " * 60 + "\n\nThe report was published.")
    assert doc["actors"]
    assert max(len(actor["name"].split()) for actor in doc["actors"]) <= 8


@pytest.fixture(scope="module")
def parsed(nlp):
    return nlp(" ".join(SENTENCES[:6]) + "\n\n" + "\n".join(HEADS))


@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    bounds=st.lists(st.tuples(st.integers(-5, 700), st.integers(-5, 700)), min_size=1, max_size=20),
    spans=st.lists(st.tuples(st.integers(0, 700), st.integers(0, 60)), max_size=20),
)
def test_sentence_and_span_lookups_by_bisection_agree_with_a_scan(parsed, bounds, spans):
    doc = parsed
    sentences = _Sentences(doc)
    every = list(doc.sents)
    quoted = _Spans([(s, s + length) for s, length in spans])
    for start, end in bounds:
        assert sentences.covering(start, end) == [s for s in every if s.end_char > start and s.start_char < end]
        assert sentences.starting_within(start, end) == [s for s in every if start <= s.start_char < end]
        assert sentences.holds_one_within(start, end) == any(s.start_char >= start and s.end_char <= end for s in every)
        assert quoted.overlaps(start, end) == any(s < end and s + length > start for s, length in spans)


# ---------------------------------------------------------------- the command line on hostile files


def _hostile_folder(folder, count: int, seed: int) -> None:
    rng = random.Random(seed)
    for n in range(count):
        kind = rng.choice(["txt", "html", "jsonl", "md"])
        data = hostile_jsonl(rng, lines=4) if kind == "jsonl" else hostile_bytes(rng)
        (folder / f"hostile-{n:02d}.{kind}").write_bytes(data)


def test_extract_on_hostile_files_prints_documents_and_one_line_per_unreadable_input(tmp_path):
    _hostile_folder(tmp_path, 24, seed=8)
    expected = list(read_path(tmp_path))
    unreadable = sum(isinstance(item, InputError) for item in expected)
    assert 0 < unreadable < len(expected)
    proc = subprocess.run(
        [sys.executable, "-m", "communique", "extract", str(tmp_path), "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    errors = proc.stderr.splitlines()
    assert len(errors) == unreadable and all(line.startswith("communique: error: ") for line in errors)
    documents = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(documents) == len(expected) - unreadable
    for document in documents:
        assert validation_errors(document) == [] and offset_problems(document) == []


def test_ingest_on_hostile_files_stores_the_readable_and_reports_the_rest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _hostile_folder(folder, 12, seed=21)
    expected = list(read_path(folder))
    unreadable = sum(isinstance(item, InputError) for item in expected)
    distinct = len({item.fingerprint for item in expected if not isinstance(item, InputError)})
    db = tmp_path / "store.db"
    proc = subprocess.run(
        [sys.executable, "-m", "communique", "ingest", str(folder), "--db", str(db), "--json", "--quiet"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = proc.stderr.splitlines()
    assert len(errors) == unreadable and all(line.startswith("communique: error: ") for line in errors)
    summary = json.loads(proc.stdout)
    assert (summary["added"], summary["failed"]) == (distinct, unreadable)
    from communique.store import Store

    with Store(str(db)) as store:
        assert store.counts()["articles"] == distinct
        assert store.integrity_problems() == []
