"""Cross-source consolidation on our labelled set stays above the acceptance bar."""

from __future__ import annotations

from pathlib import Path

from communique.store.evaluation import LabelledMention, evaluate, pairwise

DATA = Path(__file__).parent / "data" / "consolidation"


def test_pairwise_precision_and_recall_on_the_labelled_set(nlp, tmp_path):
    from communique.reader import Reader

    result = evaluate(DATA, f"sqlite:///{tmp_path / 'store.db'}", reader=Reader(nlp=nlp))
    assert result["articles"] == 34
    assert result["unresolved_mentions"] == []
    assert result["precision"] >= 0.90, result
    assert result["recall"] >= 0.80, result
    assert result["syndicated_copies_found"] == ["c04", "c11", "c26"]


def test_pairwise_scoring_counts_pairs():
    def m(event: str, article: str) -> LabelledMention:
        return LabelledMention(event, article, frozenset({"A", "B"}), ("04",))

    found = {m("x", "1"): 10, m("x", "2"): 10, m("x", "3"): 11, m("y", "4"): 11, m("z", "5"): None}
    result = pairwise(found)
    # pairs: (1,2) TP; (1,3) (2,3) FN; (3,4) FP; the unresolved mention takes part in none.
    assert (result["pairs_true_positive"], result["pairs_false_negative"], result["pairs_false_positive"]) == (1, 2, 1)
    assert result["precision"] == 0.5 and result["recall"] == round(1 / 3, 4)
    assert result["unresolved_mentions"] == ["5:z"]
