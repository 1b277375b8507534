"""The contract document (``communique.document/1``): assembly and validation.

The schema is a copy of the project's contract (``data/schema/document.schema.json``);
producers may add fields, never remove or retype the contract's.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from communique.extract import Reading

SCHEMA_ID = "communique.document/1"


def to_document(reading: Reading) -> dict[str, Any]:
    article = reading.article
    return {
        "schema": SCHEMA_ID,
        "id": article.id,
        "fingerprint": article.fingerprint,
        "title": article.title,
        "published": article.published,
        "source": {"outlet": article.outlet, "url": article.url, "authors": list(article.authors)},
        "text": article.text,
        "lines": [line.to_dict(article.text) for line in article.lines],
        "actors": [a.to_dict() for a in reading.actors],
        "events": [e.to_dict() for e in reading.events],
        "quotes": [q.to_dict() for q in reading.quotes],
        "times": [t.to_dict() for t in reading.times],
        "places": [p.to_dict() for p in reading.places],
        "agreements": [a.to_dict() for a in reading.agreements],
        "relations": [r.to_dict() for r in reading.relations],
    }


@cache
def schema() -> dict[str, Any]:
    from communique.knowledge import data_path

    with data_path("schema/document.schema.json").open("r", encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def validation_errors(document: dict[str, Any]) -> list[str]:
    """Every way ``document`` breaks the contract (empty when it follows it)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in validator.iter_errors(document)
    ]
