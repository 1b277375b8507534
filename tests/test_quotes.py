"""Quotes: marks, splits, attribution, relays and indirect speech, from our own sentences."""

from __future__ import annotations

from communique.extract.quotes import quote_spans


def texts(doc):
    return {q["text"]: q for q in doc["quotes"]}


def test_quote_spans_straight_curly_single():
    text = "He said \"we will go\". She said \u201cnever again\u201d. The 'deal' is off, isn't it."
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans == ["we will go", "never again", "deal"]


def test_unclosed_quote_runs_to_paragraph_end():
    text = '"This is the first paragraph of a long quote\n\nNext paragraph.'
    assert [text[s:e] for s, e in quote_spans(text)] == ["This is the first paragraph of a long quote"]


def test_speaker_after_quote(read):
    doc = read(
        '"We will never accept this ultimatum from anyone," Polish Prime Minister Donald Tusk said.',
        published="2024-03-01",
    )
    quote = doc["quotes"][0]
    assert quote["speaker_name"] == "Donald Tusk"
    assert quote["cue"] == "said"
    assert quote["kind"] == "direct"


def test_relay_by_state_agency(read):
    doc = read(
        '"The sanctions are illegal and will fail completely," Iranian Foreign Minister Abbas Araghchi was quoted as saying '
        "by the official news agency IRNA.",
        published="2025-01-10",
    )
    quote = doc["quotes"][0]
    assert "Araghchi" in quote["speaker_name"]
    assert quote["via"] and "IRNA" in quote["via"]


def test_as_quoted_by(read):
    doc = read(
        '"Our borders are secure and our army is ready," Armenian Prime Minister Nikol Pashinyan said as quoted by '
        "the Armenpress agency.",
        published="2023-01-10",
    )
    quote = doc["quotes"][0]
    assert quote["via"] and "Armenpress" in quote["via"]


def test_quote_split_by_attribution(read):
    doc = read(
        '"The door remains open," Canadian Prime Minister Justin Trudeau said. "But we will not wait forever for an answer."',
        published="2023-01-10",
    )
    speakers = {q["text"]: q["speaker_name"] for q in doc["quotes"]}
    assert speakers["The door remains open,"] == "Justin Trudeau"
    assert speakers["But we will not wait forever for an answer."] == "Justin Trudeau"


def test_pronoun_speaker(read):
    doc = read(
        "Greek Prime Minister Kyriakos Mitsotakis welcomed the deal. "
        'He said: "This is a good day for the whole region and for our two peoples."',
        published="2023-01-10",
    )
    quote = next(q for q in doc["quotes"] if q["text"].startswith("This is a good day"))
    assert quote["speaker_name"] == "Kyriakos Mitsotakis"


def test_institution_is_a_speaker(read):
    doc = read(
        '"The launch violated several resolutions and threatens the region," a statement from the Japanese '
        "Foreign Ministry said.",
        published="2023-01-10",
    )
    quote = doc["quotes"][0]
    speaker = next(a for a in doc["actors"] if a["id"] == quote["speaker"])
    assert speaker["kind"] == "organization" and speaker["country"] == "JPN"
    assert "Ministry" in quote["speaker_name"]


def test_partial_quote_in_reported_speech(read):
    doc = read(
        'Spanish Prime Minister Pedro Sanchez called the plan a "historic step" for the union.', published="2023-01-10"
    )
    quote = texts(doc)["historic step"]
    assert quote["kind"] == "mixed"
    assert quote["speaker_name"] == "Pedro Sanchez"


def test_indirect_speech(read):
    doc = read(
        "Turkish President Recep Tayyip Erdogan said that Ankara would not approve the bid this year.",
        published="2023-01-10",
    )
    indirect = [q for q in doc["quotes"] if q["kind"] == "indirect"]
    assert indirect and "Erdogan" in indirect[0]["speaker_name"]
    assert "Ankara would not approve" in indirect[0]["text"]


def test_scare_quote_without_speaker(read):
    doc = read('The so-called "peace plan" was published on Tuesday.', published="2023-01-10")
    quote = texts(doc)["peace plan"]
    assert quote["speaker"] is None
