"""Domain knowledge read from the versioned data files under ``communique/data/``.

Every loader here is cached: the files are read once per process, whatever the number of
articles.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


def data_path(name: str) -> Any:
    """A ``Traversable`` for a file under ``communique/data``."""
    return resources.files("communique") / "data" / name


@cache
def load_toml(name: str) -> dict[str, Any]:
    """Parse ``communique/data/<name>`` once per process, and once per edit of the file across
    processes (the parsed table is kept in the on-disk cache: ``tomllib`` is pure Python, and
    the data files take it a second to read)."""
    from communique.knowledge.disk_cache import cached, fingerprint

    data = data_path(name).read_bytes()
    return cached(f"toml-{name}", fingerprint([data]), lambda: tomllib.loads(data.decode("utf-8")))
