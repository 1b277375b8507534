"""Event coding on real news sentences: ConfliBERT's CAMEO training split (read in place).

Reads ``../shared/external/conflibert-cameo/`` beside the repository (never copied into it):

* ``cameo_class_train.tsv``: sentence<TAB>label, five classes by CAMEO root
  (0: 01-02, 1: 03-05, 2: 06-08, 3: 09-13 and 16, 4: 14, 15, 17-20);
* ``cameo_ner_train.txt``: the same kind of sentences, token TAG, with B-S/I-S the source
  actor, B-T/I-T the target, B-R/I-R a reciprocal party.

For each sentence the coder's main frame (the trigger highest in the parse) gives the class and
the source and target phrases; a phrase counts as found when it overlaps the gold span. A
sentence with no frame is counted as a miss (class 0 is predicted, the commonest statement
class). Reports JSON to ``bench/results/cameo_conflibert.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "external" / "conflibert-cameo"


def five_class(code: str) -> int:
    root = int(code[:2])
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4


def main_frame(doc):  # type: ignore[no-untyped-def]
    """(code, source heads, target heads) of the trigger highest in the parse, or None."""
    from communique.extract.events import coded, match, role_tokens

    best = None
    for sent in doc.sents:
        for token in sent:
            matched = match(token)
            if matched is None:
                continue
            depth = len(list(token.ancestors))
            if best is None or depth < best[0]:
                best = (depth, token, matched)
    if best is None:
        return None
    _, token, (pattern, obj) = best
    sources, targets = role_tokens(token, pattern, obj)
    return coded(token, pattern)[0], sources, targets


def read_ner(path: Path) -> list[tuple[list[str], list[str]]]:
    sentences, words, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        word, _, tag = line.rpartition(" ")
        words.append(word)
        tags.append(tag)
    if words:
        sentences.append((words, tags))
    return sentences


def spans_of(tags: list[str], letters: set[str]) -> set[int]:
    return {i for i, tag in enumerate(tags) if tag[-1:] in letters and tag != "O"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "cameo_conflibert.json")
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"no ConfliBERT data at {args.data}")
    from spacy.tokens import Doc

    from communique.nlp import load_pipeline

    nlp = load_pipeline()
    started = time.perf_counter()

    rows = [
        line.rsplit("\t", 1) for line in (args.data / "cameo_class_train.tsv").read_text(encoding="utf-8").splitlines()
    ]
    rows = [(text, int(label)) for text, label in rows if label.strip().isdigit()]
    confusion: Counter[tuple[int, int]] = Counter()
    coded = 0
    for doc, (_, label) in zip(nlp.pipe((t for t, _ in rows), batch_size=64), rows, strict=True):
        frame = main_frame(doc)
        predicted = five_class(frame[0]) if frame else 0
        coded += frame is not None
        confusion[(label, predicted)] += 1
    correct = sum(n for (gold, pred), n in confusion.items() if gold == pred)

    ner = read_ner(args.data / "cameo_ner_train.txt")
    source_found = source_n = target_found = target_n = 0
    docs = (Doc(nlp.vocab, words=words) for words, _ in ner)
    for doc, (_, tags) in zip(nlp.pipe(docs, batch_size=64), ner, strict=True):
        gold_sources = spans_of(tags, {"S", "R"})
        gold_targets = spans_of(tags, {"T", "R"})
        frame = main_frame(doc)
        predicted_sources: set[int] = set()
        predicted_targets: set[int] = set()
        if frame:
            for head in frame[1][:1]:
                predicted_sources |= {t.i for t in head.subtree}
            for head in frame[2][:1]:
                predicted_targets |= {t.i for t in head.subtree}
        if gold_sources:
            source_n += 1
            source_found += bool(gold_sources & predicted_sources)
        if gold_targets:
            target_n += 1
            target_found += bool(gold_targets & predicted_targets)

    result = {
        "sentences": len(rows),
        "coded": coded,
        "five_class_accuracy": round(correct / len(rows), 3),
        "per_class_recall": {
            str(c): round(confusion[(c, c)] / max(1, sum(n for (g, _), n in confusion.items() if g == c)), 3)
            for c in range(5)
        },
        "ner_sentences": len(ner),
        "source_recall": round(source_found / max(1, source_n), 3),
        "target_recall": round(target_found / max(1, target_n), 3),
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
