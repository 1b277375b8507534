"""The CAMEO codebook (``data/cameo.toml``): names, Goldstein values, QuadClass and PLOVER."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from communique.knowledge import load_toml


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    plover_type: str
    plover_mode: str
    plover_contexts: tuple[str, ...]

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def quad_class(self) -> int:
        """GDELT QuadClass: 1 verbal cooperation (01-05), 2 material cooperation (06-09),
        3 verbal conflict (10-14), 4 material conflict (15-20)."""
        root = int(self.root)
        return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4

    def plover(self) -> dict[str, object] | None:
        if not self.plover_type:
            return None
        return {"type": self.plover_type, "mode": self.plover_mode or None, "contexts": list(self.plover_contexts)}


@cache
def codebook() -> dict[str, CameoCode]:
    data = load_toml("cameo.toml")
    return {
        item["code"]: CameoCode(
            code=item["code"],
            name=item["name"],
            goldstein=float(item["goldstein"]),
            plover_type=item.get("plover_type", ""),
            plover_mode=item.get("plover_mode", ""),
            plover_contexts=tuple(item.get("plover_contexts", [])),
        )
        for item in data["code"]
    }


def lookup(code: str) -> CameoCode:
    """The entry of ``code``, falling back to its parent (0571 -> 057 -> 05) when unknown."""
    book = codebook()
    while code and code not in book:
        code = code[:-1]
    return book[code]
