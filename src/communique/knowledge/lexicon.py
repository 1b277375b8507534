"""Names of states, organisations and outlets, and the titles and nouns that give sectors.

Built once from ``countries.json``, ``organizations.toml``, ``media.toml`` and ``sectors.toml``.
Every surface form maps to one or more :class:`Referent` objects: what a mention of that form
refers to (a state, an organisation, an outlet) and how (by name, adjective, seat of government,
metonym), which the actor resolver weighs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from communique.knowledge import data_path, load_toml

ReferentKind = Literal["state", "org", "outlet", "group"]
Via = Literal["name", "adjective", "demonym", "seat", "metonym", "body", "outlet", "institution"]


@dataclass(frozen=True, slots=True)
class Referent:
    """What a surface form names: ``code`` is an ISO3 country or an organisation key."""

    code: str
    kind: ReferentKind
    via: Via
    sector: str | None = None
    canonical: str = ""
    state_owned: bool = False
    """For outlets: state-run media (TASS, KCNA), which count as their state's MED sector."""
    sectors: tuple[str, ...] = ()
    """For groups: every sector of the group (Taliban: INS, REB)."""


@dataclass(frozen=True, slots=True)
class Title:
    title: str
    sectors: tuple[str, ...]
    office: str
    rank: int


@dataclass(slots=True)
class Lexicon:
    forms: dict[str, list[Referent]] = field(default_factory=lambda: defaultdict(list))
    """Surface form (as written, case kept) -> referents."""
    folded: dict[str, list[Referent]] = field(default_factory=lambda: defaultdict(list))
    """Case-folded surface form -> referents, for forms safe to match in any case."""
    country_names: dict[str, str] = field(default_factory=dict)
    """ISO3 -> short English name."""
    org_names: dict[str, str] = field(default_factory=dict)
    org_cameo: dict[str, str] = field(default_factory=dict)
    country_cameo: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    titles: dict[str, Title] = field(default_factory=dict)
    nouns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    org_head_titles: dict[str, str] = field(default_factory=dict)
    """A title that names an organisation's head ("UN chief") -> organisation key."""

    def add(self, form: str, referent: Referent, *, any_case: bool = False) -> None:
        form = form.strip()
        if not form:
            return
        variants = {form}
        if form.lower().startswith("the "):
            variants.add(form[4:])
        for variant in variants:
            if referent not in self.forms[variant]:
                self.forms[variant].append(referent)
            if any_case and _safe_any_case(variant) and referent not in self.folded[variant.casefold()]:
                self.folded[variant.casefold()].append(referent)

    def lookup(self, form: str) -> list[Referent]:
        """Referents of a surface form: exact case first, then case-insensitive forms."""
        form = form.strip()
        found = self.forms.get(form) or self.folded.get(form.casefold())
        if not found and form.lower().startswith("the "):
            form = form[4:]
            found = self.forms.get(form) or self.folded.get(form.casefold())
        return found or []


def _safe_any_case(form: str) -> bool:
    """Only names of several words are matched in any case ("united nations security council");
    one-word names keep their case, so that "turkey", "chile" and "us" stay common words."""
    return len(form.split()) > 1 and len(form) > 8


def _load_countries(lexicon: Lexicon) -> None:
    with data_path("countries.json").open("r", encoding="utf-8") as handle:
        data = json.load(handle)
    for entry in data["countries"]:
        code = entry["iso3"]
        name = entry["name"]
        lexicon.country_names[code] = name
        lexicon.country_cameo[code] = entry.get("cameo") or code
        if entry.get("capital"):
            lexicon.capitals[code] = entry["capital"]
        for form in {name, entry.get("official") or name, *entry.get("aliases", [])}:
            lexicon.add(form, Referent(code, "state", "name", canonical=name), any_case=_safe_any_case(form))
        for form in entry.get("adjectives", []):
            lexicon.add(form, Referent(code, "state", "adjective", canonical=name))
        for form in entry.get("demonyms", []):
            lexicon.add(form, Referent(code, "state", "demonym", canonical=name))
        for form in entry.get("seats", []):
            lexicon.add(form, Referent(code, "state", "seat", sector="GOV", canonical=name))
        for metonym in entry.get("government_metonyms", []):
            if isinstance(metonym, str):
                metonym = {"name": metonym, "sector": "GOV"}
            lexicon.add(
                metonym["name"],
                Referent(code, "state", "metonym", sector=metonym.get("sector") or "GOV", canonical=name),
            )


def _load_organizations(lexicon: Lexicon) -> None:
    for org in load_toml("organizations.toml").get("organization", []):
        key = org["key"]
        lexicon.org_names[key] = org["name"]
        lexicon.org_cameo[key] = org.get("cameo") or f"IGO{key}"
        for form in {key, org["name"], *org.get("aliases", [])}:
            lexicon.add(form, Referent(key, "org", "name", canonical=org["name"]), any_case=_safe_any_case(form))
        for body in org.get("bodies", []):
            for form in {body["name"], *body.get("aliases", [])}:
                referent = Referent(key, "org", "body", sector=body.get("sector"), canonical=org["name"])
                lexicon.add(form, referent, any_case=_safe_any_case(form))
        for title in org.get("head_titles", []):
            lexicon.org_head_titles.setdefault(title.casefold(), key)


def _load_media(lexicon: Lexicon) -> None:
    for outlet in load_toml("media.toml").get("outlet", []):
        referent = Referent(
            outlet["country"],
            "outlet",
            "outlet",
            sector="MED",
            canonical=outlet["name"],
            state_owned=bool(outlet.get("state")),
        )
        for form in {outlet["name"], *outlet.get("aliases", [])}:
            lexicon.add(form, referent, any_case=_safe_any_case(form))


def _load_institutions(lexicon: Lexicon) -> None:
    """State institutions known by name ("State Department", "the FSB"): their state and sectors."""
    for item in load_toml("institutions.toml").get("institution", []):
        sectors = tuple(item.get("sectors", []))
        referent = Referent(
            item["country"],
            "state",
            "institution",
            sector=sectors[0] if sectors else "GOV",
            canonical=item["name"],
            sectors=sectors,
        )
        for form in {item["name"], *item.get("aliases", [])}:
            lexicon.add(form, referent, any_case=_safe_any_case(form))


def _load_groups(lexicon: Lexicon) -> None:
    for group in load_toml("groups.toml").get("group", []):
        sectors = tuple(group.get("sectors", []))
        referent = Referent(
            group.get("country") or "",
            "group",
            "name",
            sector=sectors[0] if sectors else None,
            canonical=group["name"],
            sectors=sectors,
        )
        for form in {group["name"], *group.get("aliases", [])}:
            lexicon.add(form, referent, any_case=_safe_any_case(form))


def _load_sectors(lexicon: Lexicon) -> None:
    data = load_toml("sectors.toml")
    for item in data.get("title", []):
        title = Title(
            item["title"].casefold(), tuple(item["sectors"]), item.get("office", "other"), int(item.get("rank", 3))
        )
        lexicon.titles[title.title] = title
    for item in data.get("noun", []):
        lexicon.nouns[item["noun"].casefold()] = tuple(item["sectors"])


LEXICON_FILES = (
    "countries.json",
    "organizations.toml",
    "media.toml",
    "groups.toml",
    "institutions.toml",
    "sectors.toml",
)


@cache
def lexicon() -> Lexicon:
    """The process-wide lexicon: read once, and kept in the on-disk cache until a data file or
    this module changes."""
    from communique.knowledge.disk_cache import cached, fingerprint, source_of

    key = fingerprint([*(data_path(name).read_bytes() for name in LEXICON_FILES), *source_of(__name__)])
    return cached("lexicon", key, _build)


def _build() -> Lexicon:
    built = Lexicon()
    _load_countries(built)
    _load_organizations(built)
    _load_media(built)
    _load_groups(built)
    _load_institutions(built)
    _load_sectors(built)
    built.forms = dict(built.forms)
    built.folded = dict(built.folded)
    return built


def code_of(value: str) -> str | None:
    """The state or organisation a user names by code or name ("RUS", "Russia", "North Korea",
    "NATO"); ``None`` when it names neither (for command-line options and web filters)."""
    value = value.strip()
    if not value:
        return None
    referents = lexicon().lookup(value) or lexicon().lookup(value.title())
    if referents:
        return referents[0].code
    if value.upper() in lexicon().country_names or value.upper() in lexicon().org_names:
        return value.upper()
    return None
