"""Cue patterns of the data files: matched on lower-cased text, as if case-insensitive."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communique.extract import agreements, events, relations
from communique.knowledge.cues import CueError, compile_cues, join_cues, required_literals

CUES = ["strategic (?:cooperative )?partnership", r"\btrade\b", r"sever(?:ed|s)?\W+ties", "(?<!no )ally"]


def test_matches_whatever_the_case() -> None:
    cues = compile_cues(CUES)
    text = "The two SEVERED TIES; a Strategic Partnership on Trade, an Ally."
    found = [text[m.start() : m.end()] for m in cues.finditer(text)]
    assert found == ["SEVERED TIES", "Strategic Partnership", "Trade", "Ally"]


def test_offsets_hold_where_lowering_changes_length() -> None:
    # "İ" lowers to two characters: the text is searched case-insensitively as it is.
    text = "İstanbul hosted talks on a strategic partnership."
    match = compile_cues(CUES).search(text)
    assert match is not None
    assert text[match.start() : match.end()] == "strategic partnership"


@pytest.mark.parametrize("cue", ["Strategic alliance", "[A-Z]+ ally"])
def test_an_upper_case_cue_is_refused(cue: str) -> None:
    with pytest.raises(CueError, match="lower case"):
        compile_cues([cue])


def test_escapes_keep_their_meaning() -> None:
    assert compile_cues([r"\Sally\W"]).search("ally!") is None  # \S needs a character before
    assert compile_cues([r"\Sally\W"]).search("RALLY!") is not None
    assert compile_cues([r"\bally\W"]).search("an ALLY.") is not None


def test_a_cue_that_does_not_compile_is_refused() -> None:
    with pytest.raises(CueError, match="does not compile"):
        compile_cues(["(unclosed"])
    joined = join_cues([compile_cues(["alliance"]), compile_cues([r"\ballies\b"])])
    assert joined is not None and joined.search("The Allies met") is not None


@given(st.text(alphabet="abcSTRATEGICpartnershipTradeALLY ;.İß-", max_size=60))
def test_same_matches_as_ignorecase(text: str) -> None:
    cues = compile_cues(CUES)
    folding = re.compile("|".join(f"(?:{c})" for c in CUES), re.IGNORECASE)
    assert [m.span() for m in cues.finditer(text)] == [m.span() for m in folding.finditer(text)]


def test_the_data_files_cues_compile() -> None:
    assert relations.ladder() and relations._any_level() is not None
    assert agreements._lexicon().provisions and agreements._any_provision() is not None
    assert events._stances()


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(?:to|into) (?:an? |the )?(?:[\w-]+,? ){0,4}alliance\b", ("alliance",)),
        (r"sever(?:ed|s)? (?:diplomatic )?(?:ties|relations)", ("sever",)),
        (r"(?:now|treaty) allies|mutual defen[cs]e", (" allies", "mutual defen")),
        (r"x(?:ab|cd)+y", ("ab", "cd")),
        (r"(?<!strategic )comprehensive partnership", ("comprehensive partnership",)),
        (r"[a-z]+ ally|\w+", None),  # an alternative with no literal: no test possible
        (r"(?i)ally", None),
        (r"b*", None),
    ],
)
def test_required_literals(pattern: str, words: tuple[str, ...] | None) -> None:
    assert required_literals(pattern) == words


@given(st.text(alphabet="abcdxy tonilaeIN", max_size=40))
def test_the_literal_test_never_hides_a_match(text: str) -> None:
    for pattern in [r"(?:to|into) (?:an? )?(?:\w+ ){0,2}alliance", r"x(?:ab|cd)+y", r"(?:a|b)c{2,}"]:
        cues = compile_cues([pattern])
        assert bool(cues.search(text)) == bool(re.search(pattern, text, re.IGNORECASE))


def test_cues_that_change_meaning_when_joined_are_not_joined() -> None:
    repeated = compile_cues([r"(\w+) and \1"])
    assert repeated.search("Talks and talks") is not None
    assert join_cues([compile_cues(["ally"]), repeated]) is None
    assert join_cues([compile_cues(["ally"]), compile_cues([r"(?P<x>allies)"])]) is None


def test_a_joined_pattern_needs_the_words_of_any_part() -> None:
    joined = join_cues([compile_cues(["strategic alliance"]), compile_cues([r"mutual defen[cs]e"])])
    assert joined is not None and joined.literals == ("mutual defen", "strategic alliance")
    assert [m.span() for m in joined.finditer("A Mutual Defence pact, a strategic alliance")] == [(2, 16), (25, 43)]


def test_a_caller_may_pass_the_lowered_text() -> None:
    cues = compile_cues(CUES)
    text = "They SEVERED TIES with an Ally."
    assert [m.span() for m in cues.finditer(text, text.lower())] == [m.span() for m in cues.finditer(text)]
    assert cues.search(text, text.lower()).span() == cues.search(text).span()  # type: ignore[union-attr]
