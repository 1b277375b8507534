"""Schemathesis against the REST API's OpenAPI description: the report run.

Builds a SQLite store from the bundled example articles and a synthetic batch (so that the store's
operations have something to find), serves the app in process (ASGI, no socket) and sends every
operation ``--max-examples`` generated valid requests and as many invalid ones
(tests/web/apifuzz.py does the sending and the checks: no server error, no stack trace, status,
content type and body as the OpenAPI says). Writes ``bench/results/schemathesis.json``: the
number of operations, test cases, server errors (must be 0) and per operation the statuses seen.
CI runs the same with a few examples per operation (tests/web/test_web_hardening.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "web"))

import apifuzz  # noqa: E402  (tests/web/apifuzz.py)


def build_store(url: str, reader: object, synthetic: int) -> int:
    """Examples and ``synthetic`` template articles, read and stored; returns how many."""
    from communique.knowledge import data_path
    from communique.store import Store
    from communique.store.synthetic import articles
    from communique.web.reading import Submission

    submissions = [
        Submission(text=path.read_text(encoding="utf-8"), origin=path.name)
        for path in sorted(Path(str(data_path("examples"))).glob("*.txt"))
    ]
    submissions += [
        Submission(text=record["text"], published=record["published"], title=record["title"], url=record["url"])
        for record in articles(synthetic, seed=41)
    ]
    with Store(url) as store:
        for submission in submissions:
            store.add_document(reader.read(submission), origin="bench")  # type: ignore[attr-defined]
    return len(submissions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=400, help="valid (and invalid) requests per operation")
    parser.add_argument("--synthetic", type=int, default=40, help="synthetic articles besides the examples")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "schemathesis.json")
    args = parser.parse_args()

    from communique.reader import Reader
    from communique.web import WebSettings, create_app
    from communique.web.reading import ArticleReader

    reader = ArticleReader(Reader())
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'store.db'}"
        started = time.perf_counter()
        stored = build_store(url, reader, args.synthetic)
        print(f"schemathesis: {stored} articles stored in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        app = create_app(WebSettings(database_url=url), reader=reader)
        report = apifuzz.run(app, max_examples=args.max_examples)
    report = {
        "operations": report["operations"],
        "test_cases": report["test_cases"],
        "server_errors": report["server_errors"],
        **report,
        "store_articles": stored,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: report[k] for k in ("operations", "test_cases", "server_errors", "stack_traces", "seconds")}))
    if report["server_errors"] or report["stack_traces"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
