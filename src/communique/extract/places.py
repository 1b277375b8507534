"""Places: GPE, LOC and FAC spans resolved offline to a name, country, coordinates and GeoNames id.

Countries resolve through the country lexicon; cities, subdivisions and curated regions
through the gazetteer, preferring candidates in the article's other countries and then the
most populous. A landmark (a square, palace or airport, known by its head word) is placed
through the city its name contains ("<City> International Airport"), else the place named with
it in the sentence ("at <X> Square in <City>"), else the dateline's place, else the article's
most-mentioned city.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span

from communique.article import LineKind
from communique.extract import Reading
from communique.ingest.plaintext import dateline_match
from communique.knowledge import load_toml
from communique.knowledge.gazetteer import GeoEntry, gazetteer
from communique.knowledge.leaders import leaders
from communique.knowledge.lexicon import lexicon
from communique.model import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True, slots=True)
class _Geography:
    landmark_heads: tuple[str, ...]
    leading_heads: frozenset[str]
    fillers: frozenset[str]
    place_nouns: frozenset[str]


@cache
def _geography() -> _Geography:
    data = load_toml("geography.toml")
    heads = tuple(sorted(data["landmark_heads"], key=len, reverse=True))
    return _Geography(heads, frozenset(data["leading_heads"]), frozenset(data["landmark_fillers"]), frozenset(data["place_nouns"]))


def landmark_head(text: str) -> str | None:
    """The landmark word a name ends or starts with ("Square" in "Kim Il Sung Square",
    "Villa" in "Villa La Grange"), if any."""
    lower = text.lower().strip()
    for head in _geography().landmark_heads:
        if lower == head or lower.endswith(" " + head):
            return head
    first = lower.split(" ", 1)[0]
    if " " in lower and first in _geography().leading_heads:
        return first
    return None


_LOCATIVE = {"in", "at", "to", "from", "near", "outside", "around", "across", "into", "toward", "towards", "of", "over", "through", "via"}


def looks_like_place(span: Span) -> bool:
    """A name the NER took for a person or organisation that the context shows is a place.

    It must be a place the gazetteer knows, and stand where places stand: after a locative
    preposition ("in Shusha"), before a geographic noun ("the Lachin corridor", "the Amur
    region"), or in a list with a known place ("the Kalbajar, Agdam and Lachin districts").
    """
    doc = span.doc
    text = span.text
    if landmark_head(text):
        return True
    if not gazetteer().lookup(text) or leaders().find(text, None):
        return False
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    if after is not None and after.lemma_.lower() in _geography().place_nouns:
        return True
    if before is not None and before.lower_ in _LOCATIVE:
        return True
    if before is not None and before.lower_ in _geography().place_nouns:
        return True  # "the regional capital Stepanakert"
    siblings = [t for t in span.root.conjuncts]
    if span.root.dep_ == "conj":
        siblings.append(span.root.head)
    return any(t.ent_type_ in {"GPE", "LOC"} or gazetteer().lookup(t.text) for t in siblings)


def _trim(span: Span) -> tuple[int, int, str]:
    text = span.text
    start = span.start_char
    lead = re.match(r"^(?:the)\s+", text, re.IGNORECASE)
    if lead:
        start += lead.end()
        text = text[lead.end() :]
    text = re.sub(r"(?:'s|’s|[-–—,.;:])+$", "", text)
    return start, start + len(text), text


def _country_entry(text: str) -> GeoEntry | None:
    for referent in lexicon().lookup(text):
        if referent.kind == "state" and referent.via == "name":
            geo = next((g for g in gazetteer().lookup(lexicon().country_names[referent.code]) if g.feature == "country"), None)
            return GeoEntry(referent.canonical, referent.code, "country", None, None, geo.geonames_id if geo else None)
    return None


def _resolve(text: str, prefer: set[str]) -> GeoEntry | None:
    return _country_entry(text) or gazetteer().best(text, prefer)


def _embedded_place(text: str, prefer: set[str]) -> GeoEntry | None:
    """The settlement named inside a landmark's name, trying the longest word runs first."""
    fillers = _geography().fillers
    head = landmark_head(text) or ""
    words = [w for w in text[: len(text) - len(head)].split() if w]
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            if all(w.lower() in fillers for w in run):
                continue
            found = _resolve(" ".join(run), prefer)
            if found and found.feature in {"city", "country", "subdivision"}:
                return found
    return None


def _candidate_spans(reading: Reading) -> list[tuple[int, int, str, bool]]:
    """(start, end, text, is_landmark) for every geographic mention."""
    out = []
    for ent in reading.doc.ents:
        if ent.label_ in PLACE_LABELS or (ent.label_ in {"PERSON", "ORG", "WORK_OF_ART"} and landmark_head(ent.text)):
            start, end, text = _trim(ent)
            if not text or not text[0].isupper():
                continue
            out.append((start, end, text, ent.label_ == "FAC" or bool(landmark_head(text))))
    return out


def extract(reading: Reading) -> None:
    candidates = _candidate_spans(reading)
    # First pass: what resolves without context, to learn the article's countries.
    first = {text: _resolve(text, set()) for _s, _e, text, landmark in candidates if not landmark}
    countries = Counter(g.country for g in first.values() if g and g.country)
    prefer = set(countries)
    cities = Counter(g.name for g in first.values() if g and g.feature == "city")
    dateline_place = _dateline_place(reading, prefer)
    fallback = dateline_place or (_resolve(cities.most_common(1)[0][0], prefer) if cities else None)

    places: list[Place] = []
    for start, end, text, landmark in candidates:
        geo = _resolve(text, prefer)
        feature = geo.feature if geo else None
        if landmark and (geo is None or geo.feature not in {"city", "country"}):
            anchor = _embedded_place(text, prefer) or _place_in_sentence(reading, start, end, prefer) or fallback
            if anchor:
                geo = GeoEntry(text, anchor.country, "landmark", anchor.lat, anchor.lon, None)
                feature = "landmark"
        if geo is None and reading.doc.char_span(start, end) is not None:
            continue
        places.append(
            Place(
                text=text,
                start=start,
                end=end,
                name=geo.name if geo else None,
                country=(geo.country or None) if geo else None,
                lat=geo.lat if geo else None,
                lon=geo.lon if geo else None,
                geonames_id=geo.geonames_id if geo else None,
                feature=feature,
            )
        )
    reading.places = places


def _place_in_sentence(reading: Reading, start: int, end: int, prefer: set[str]) -> GeoEntry | None:
    """A settlement named after the landmark in its sentence ("... Square in Pyongyang")."""
    span = reading.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    sentence = span.sent
    for ent in sentence.ents:
        if ent.start_char >= end and ent.label_ in {"GPE", "LOC"}:
            found = _resolve(_trim(ent)[2], prefer)
            if found and found.feature in {"city", "country", "subdivision"}:
                return found
    return None


def _dateline_place(reading: Reading, prefer: set[str]) -> GeoEntry | None:
    for line in reading.article.spans(LineKind.DATELINE):
        match = dateline_match(reading.article.text[line.start : line.end] + " ")
        if match:
            for part in re.split(r"[/,]", match["place"]):
                found = _resolve(part.strip().title(), prefer)
                if found:
                    return found
    return None
