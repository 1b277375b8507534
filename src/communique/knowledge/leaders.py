"""The date-bounded knowledge base of office holders (``data/leaders/*.csv``).

Heads of state and government, foreign and defence ministers of every UN member state and
the heads of the major international organisations, from 2015 on, each with the dates of
their term. It answers two questions for the actor resolver: who is "Lavrov" on a given
date (:meth:`Leaders.find`), and who was "the Russian president" then (:meth:`Leaders.holders`).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from communique.dates import parse_iso
from communique.knowledge import data_path
from communique.knowledge.names import name_key


@dataclass(frozen=True, slots=True)
class Term:
    principal: str
    office: str
    title: str
    name: str
    aliases: tuple[str, ...]
    family_names: tuple[str, ...]
    sectors: tuple[str, ...]
    start: date | None
    end: date | None

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def distance(self, day: date | None) -> int:
        """Days between ``day`` and this term (0 inside it): to pick the nearest term."""
        if day is None or self.valid_on(day):
            return 0
        if self.start and day < self.start:
            return (self.start - day).days
        assert self.end is not None
        return (day - self.end).days


class Leaders:
    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self.by_name: dict[str, list[Term]] = defaultdict(list)
        self.by_family: dict[str, list[Term]] = defaultdict(list)
        self.by_office: dict[tuple[str, str], list[Term]] = defaultdict(list)
        for term in terms:
            for form in (term.name, *term.aliases):
                self.by_name[name_key(form)].append(term)
            for family in term.family_names:
                self.by_family[name_key(family)].append(term)
            self.by_office[(term.principal, term.office)].append(term)

    def find(self, name: str, on: date | None = None, *, family_only: bool = False) -> list[Term]:
        """Terms of the person called ``name``, those valid on ``on`` first, then the nearest.

        A full name or alias matches exactly; a single word matches family names only, and
        only terms valid on the day (a bare surname of someone out of office is too weak).
        """
        key = name_key(name)
        if not key:
            return []
        if not family_only:
            terms = self.by_name.get(key, [])
            if terms:
                return sorted(terms, key=lambda t: t.distance(on))
        terms = [t for t in self.by_family.get(key, []) if t.valid_on(on)]
        return terms

    def full_names(self) -> set[str]:
        """Every multi-word name and alias, as written (for matching in text)."""
        return {form for term in self.terms for form in (term.name, *term.aliases) if len(form.split()) > 1}

    def holders(self, principal: str, office: str, on: date | None) -> list[Term]:
        return [t for t in self.by_office.get((principal, office), []) if t.valid_on(on)]


def _split(field: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (field or "").split("|") if part.strip())


def _read(text: str, source: str) -> list[Term]:
    terms = []
    for row in csv.DictReader(io.StringIO(text)):
        if not row.get("name") or not row.get("principal"):
            continue
        terms.append(
            Term(
                principal=row["principal"].strip(),
                office=row["office"].strip(),
                title=row.get("title", "").strip(),
                name=row["name"].strip(),
                aliases=_split(row.get("aliases")),
                family_names=_split(row.get("family_name")) or (row["name"].split()[-1],),
                sectors=_split(row.get("sectors")) or ("GOV",),
                start=parse_iso(row.get("start")),
                end=parse_iso(row.get("end")),
            )
        )
    return terms


@cache
def leaders() -> Leaders:
    """The knowledge base, read once from every CSV under ``data/leaders`` (and kept in the
    on-disk cache until a CSV or the code reading them changes)."""
    from communique.knowledge.disk_cache import cached, fingerprint, source_of

    folder = data_path("leaders")
    files = sorted((item for item in folder.iterdir() if item.name.endswith(".csv")), key=lambda p: p.name)
    texts = [(item.name, item.read_text(encoding="utf-8")) for item in files]
    key = fingerprint(
        [
            *(f"{name}\0{text}" for name, text in texts),
            *source_of(__name__, "communique.knowledge.names", "communique.dates"),
        ]
    )
    return cached("leaders", key, lambda: Leaders([term for name, text in texts for term in _read(text, name)]))
