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
    """Parse ``communique/data/<name>`` once."""
    with data_path(name).open("rb") as handle:
        return tomllib.load(handle)
