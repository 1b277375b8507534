"""How the time to read one article grows with its length, per step, for shapes of text that
once made a step quadratic (a wall of brackets, a list of names without commas, many quotes,
many events, many paragraphs).

Each shape is read at ``--small`` and at four times that many characters; the report gives the
seconds of the parse and of every extractor at both sizes and the growth factor (about 4 for a
step linear in the length, 16 for a quadratic one). Writes ``bench/results/scaling.json``.
Not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

SHAPES = {
    "news": None,  # the bundled example articles, one after another
    "brackets": "(",
    "quote marks": '"',
    "names without commas": "Kim Lee Park Souza ",
    "quotes": '"We will meet again soon," the minister said on Monday. ',
    "events": "Russia attacked Ukraine. China criticised Japan. France met Germany. ",
    "dates": "On June 19, 2024 and on Monday and last week and in 2023 ",
    "paragraphs": "Poland signed a trade agreement with Kenya on Monday.\n\n",
    "states in a list": "France, Germany, Russia, China, Japan, ",
}


def shape_text(unit: str | None, size: int) -> str:
    if unit is None:
        from communique.knowledge import data_path

        examples = sorted(Path(str(data_path("examples"))).glob("*.txt"))
        unit = "\n\n".join(path.read_text(encoding="utf-8") for path in examples)
    return (unit * (size // len(unit) + 1))[:size]


def timed_read(nlp: Any, text: str) -> dict[str, float]:
    from communique.extract import Reading, extractors
    from communique.ingest.plaintext import read_plain_text

    article = read_plain_text(text)
    started = time.perf_counter()
    doc = nlp(article.text)
    seconds = {"parse": time.perf_counter() - started}
    reading = Reading(article=article, doc=doc, published=None)
    for name, run in extractors():
        started = time.perf_counter()
        run(reading)
        seconds[name] = time.perf_counter() - started
    return {k: round(v, 3) for k, v in seconds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000, help="characters of the smaller text")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scaling.json")
    args = parser.parse_args()
    from communique.nlp import load_pipeline

    nlp = load_pipeline()
    timed_read(nlp, shape_text(None, 2_000))  # the lexicons and matchers are built on the first read
    shapes = {}
    for name, unit in SHAPES.items():
        small, large = (timed_read(nlp, shape_text(unit, size)) for size in (args.small, 4 * args.small))
        growth = {step: round(large[step] / small[step], 1) if small[step] >= 0.01 else None for step in small}
        shapes[name] = {"small": small, "large": large, "growth": growth}
        worst = max(large, key=lambda step: large[step])
        print(f"{name:22s} {sum(small.values()):6.2f} s -> {sum(large.values()):6.2f} s  (slowest: {worst})")
    report = {
        "characters": [args.small, 4 * args.small],
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "shapes": shapes,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
