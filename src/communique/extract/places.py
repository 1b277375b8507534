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
from functools import cache, lru_cache

from spacy.tokens import Doc, Span

from communique.article import LineKind
from communique.extract import Reading
from communique.extract.syntax import doc_text, doc_tokens, span_text
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
    not_places: frozenset[str]


@cache
def _geography() -> _Geography:
    data = load_toml("geography.toml")
    heads = tuple(sorted(data["landmark_heads"], key=len, reverse=True))
    return _Geography(
        heads,
        frozenset(data["leading_heads"]),
        frozenset(data["landmark_fillers"]),
        frozenset(data["place_nouns"]),
        frozenset(data["not_places"]),
    )


@lru_cache(maxsize=65536)
def landmark_head(text: str) -> str | None:
    """The landmark word a name ends or starts with ("Square" in "Ho Chi Minh Square",
    "Villa" in "Villa La Grange"), if any. (Remembered per text: it is asked of every name,
    against every head word.)"""
    lower = text.lower().strip()
    for head in _geography().landmark_heads:
        if lower == head or lower.endswith(" " + head):
            return head
    first = lower.split(" ", 1)[0]
    if " " in lower and first in _geography().leading_heads:
        return first
    return None


_ADMIN_NOUNS = {
    "region",
    "province",
    "district",
    "districts",
    "oblast",
    "krai",
    "county",
    "prefecture",
    "governorate",
    "corridor",
    "peninsula",
}
_LOCATIVE = {
    "in",
    "at",
    "to",
    "from",
    "near",
    "outside",
    "around",
    "across",
    "into",
    "toward",
    "towards",
    "of",
    "over",
    "through",
    "via",
}


def looks_like_place(span: Span) -> bool:
    """A name the NER took for a person or organisation that the context shows is a place.

    It must be a place the gazetteer knows, and stand where places stand: after a locative
    preposition ("in Mariupol"), before a geographic noun ("the Wakhan corridor", "the Belgorod
    region"), or in a list with a known place ("the Kherson, Zaporizhzhia and Donetsk regions").
    """
    doc = span.doc
    text = span_text(span)
    after = doc[span.end] if span.end < len(doc) else None
    previous = doc[span.start - 1] if span.start > 0 else None
    if previous is not None and previous.lemma_.lower() in _geography().place_nouns:
        return bool(gazetteer().lookup(text))  # "the regional capital Tskhinvali"
    k = span.start - 1
    while (
        k > 0 and span.start - k <= 3 and (doc[k].pos_ in {"DET", "ADJ"} or (doc[k].pos_ == "NOUN" and doc[k].is_lower))
    ):
        k -= 1  # "at the lakeside Villa ...": back over determiners and modifiers to the preposition
    before = doc[k] if k >= 0 else None
    place_noun_before = span.start > 1 and doc[span.start - 2].lemma_.lower() in _geography().place_nouns
    if previous is not None and previous.lower_ == "of" and place_noun_before:
        return True  # "the Estonian island of Vaindloo", "the city of Kherson": the phrase says so
    if landmark_head(text):
        # "the Presidential Office" is a place only where it is a place: "at the ... Office".
        return span.label_ != "ORG" or (before is not None and before.lower_ in _LOCATIVE - {"of"})
    if not gazetteer().lookup(text) or leaders().find(text, None):
        return False
    if after is not None and after.lemma_.lower() in _geography().place_nouns:
        return True
    if before is not None and before.lower_ in _LOCATIVE:
        return True
    if before is not None and before.lower_ in _geography().place_nouns:
        return True  # "the regional capital Tskhinvali"
    siblings = [t for t in span.root.conjuncts]
    if span.root.dep_ == "conj":
        siblings.append(span.root.head)
    return any(t.ent_type_ in {"GPE", "LOC"} or gazetteer().lookup(t.text) for t in siblings)


_LEADING_THE = re.compile(r"(?:the)\s+", re.IGNORECASE)
_TRAILING_WORD_SET = frozenset({"on", "in", "at", "of", "and", "near", "the"})
_TRAILING_WORDS = re.compile(rf"(?:\s+(?:{'|'.join(sorted(_TRAILING_WORD_SET))}))+$")
_TRAILING_MARKS = re.compile(r"(?:'s|’s|[-–—,.;:])+$")
_TRAILING_MARK_ENDS = frozenset("s-–—,.;:\n")


def _trim(span: Span) -> tuple[int, int, str]:
    """A place name's offsets and text without a leading "the" and trailing prepositions,
    possessives and punctuation (the patterns run only where the name ends in one)."""
    text = span_text(span)
    start = span.start_char
    lead = _LEADING_THE.match(text)
    if lead:
        start += lead.end()
        text = text[lead.end() :]
    # ("$" also matches before a final line break, so a text ending in one is always tried.)
    if text[-1:].isspace() or (text and text.rsplit(None, 1)[-1] in _TRAILING_WORD_SET):
        text = _TRAILING_WORDS.sub("", text)  # "the Grand Hotel on"
    if text[-1:] in _TRAILING_MARK_ENDS:
        text = _TRAILING_MARKS.sub("", text)
    return start, start + len(text), text


def _country_entry(text: str) -> GeoEntry | None:
    """A country by name, or a seat of government by its building ("the White House")."""
    lex = lexicon()
    for referent in lex.lookup(text):
        if referent.kind == "state" and referent.via == "name":
            geo = next(
                (g for g in gazetteer().lookup(lex.country_names[referent.code]) if g.feature == "country"), None
            )
            return GeoEntry(referent.canonical, referent.code, "country", None, None, geo.geonames_id if geo else None)
        if referent.kind == "state" and referent.via == "metonym":
            capital = lex.capitals.get(referent.code)
            city = gazetteer().best(capital, {referent.code}) if capital else None
            return GeoEntry(text, referent.code, "landmark", city.lat if city else None, city.lon if city else None)
    return None


def _resolve(text: str, prefer: set[str]) -> GeoEntry | None:
    if text.lower() in _geography().not_places:
        return None
    found = _country_entry(text) or gazetteer().best(text, prefer)
    if found is None and " " in text and text.rsplit(" ", 1)[1].lower() in _ADMIN_NOUNS:
        found = _resolve(text.rsplit(" ", 1)[0], prefer)  # "Donbas region" -> Donbas
    return found


def _embedded_place(text: str, prefer: set[str]) -> GeoEntry | None:
    """The settlement a landmark's name starts with: "<City> International Airport". Only the
    words before the head and its fillers count ("Villa La Grange" names no town)."""
    fillers = _geography().fillers
    head = landmark_head(text) or ""
    if not text.lower().endswith(head):
        return None
    words = [w for w in text[: len(text) - len(head)].split() if w]
    while words and words[-1].lower() in fillers:
        words.pop()
    for size in range(len(words), 0, -1):
        for i in range(0, 1):
            run = words[i : i + size]
            if all(w.lower() in fillers for w in run):
                continue
            found = _resolve(" ".join(run), prefer)
            # Only a settlement of the article's own countries: "Novy" or "Grand" may
            # be a town somewhere, which says nothing of where the landmark is.
            if (
                found
                and found.feature in {"city", "country", "subdivision"}
                and (found.country in prefer or not prefer)
            ):
                return found
    return None


def _candidate_spans(reading: Reading) -> list[tuple[int, int, str, bool]]:
    """(start, end, text, is_landmark) for every geographic mention.

    The NER's GPE/LOC/FAC spans; names it labelled otherwise that the context shows are
    places (:func:`looks_like_place`); seats of government named by their buildings ("the
    Kremlin", "the White House"); and runs of proper nouns it missed that the gazetteer knows
    or that end in a landmark word ("the Baikonur Cosmodrome", "Mariupol and Kherson").
    """
    doc = reading.doc
    person_tokens = {
        i
        for i, actor_id in reading.token_actor.items()
        if (a := reading.actor(actor_id)) is not None and a.kind == "person"
    }
    out: list[tuple[int, int, str, bool]] = []
    covered: set[int] = set()

    def add(span: Span) -> None:
        if span.end < len(doc) and doc[span.end].lower_ in _ADMIN_NOUNS:
            span = doc[span.start : span.end + 1]  # "the Amur region": the region is the place
        start, end, text = _trim(span)
        if not text or not text[0].isupper() or any(i in covered for i in range(span.start, span.end)):
            return
        out.append((start, end, text, span.label_ == "FAC" or bool(landmark_head(text))))
        covered.update(range(span.start, span.end))

    for ent in doc.ents:
        if any(r.kind in {"org", "outlet", "group"} or r.via == "institution" for r in lexicon().lookup(_trim(ent)[2])):
            continue  # "the UN" is an organisation wherever it meets
        if any(i in person_tokens for i in range(ent.start, ent.end)):
            continue
        if ent.label_ in PLACE_LABELS or (
            ent.label_ in {"PERSON", "ORG", "NORP", "WORK_OF_ART"}
            and (landmark_head(span_text(ent)) or looks_like_place(ent) or _curated(span_text(ent)))
        ):
            add(ent)
    for actor in reading.actors:
        if actor.kind in {"organization", "state"} and actor.country and "(" in actor.name:
            for mention in actor.mentions:  # "the Kremlin", "the White House": buildings
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None:
                    add(span)
    lex = lexicon()
    for run in _proper_runs(doc, covered | person_tokens):
        run_text = span_text(run)
        if lex.lookup(run_text) or any(
            t.ent_type_ in {"DATE", "TIME", "NORP", "MONEY", "CARDINAL", "ORDINAL"} for t in run
        ):
            continue
        if (landmark_head(run_text) and len(run) > 1) or (gazetteer().lookup(run_text) and looks_like_place(run)):
            add(run)
    return sorted(out)


def _curated(text: str) -> bool:
    return any(g.feature in {"region", "island", "sea", "strait", "subdivision"} for g in gazetteer().lookup(text))


def _proper_runs(doc: Doc, skip: set[int]) -> list[Span]:
    """Maximal runs of capitalised proper nouns outside known mentions."""
    runs: list[Span] = []
    tokens = doc_tokens(doc)
    i = 0
    while i < len(tokens):
        if tokens[i].i in skip or not (tokens[i].pos_ == "PROPN" and tokens[i].is_title):
            i += 1
            continue
        j = i + 1
        while (
            j < len(tokens)
            and j not in skip
            and (
                (tokens[j].pos_ == "PROPN" and tokens[j].is_title)
                or (tokens[j].text == "-" and not tokens[j - 1].whitespace_)
            )
        ):
            j += 1
        runs.append(doc[i:j])
        i = j
    return runs


def _locally_placed(span: Span) -> bool:
    """An unknown name written as a local place ("on Sentosa island", "in Rafah"), which the
    dateline's country may then place."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    return (after is not None and after.lemma_.lower() in _geography().place_nouns) or (
        before is not None and before.lower_ in {"in", "at", "on", "near", "outside"}
    )


def _noun_phrase_country(reading: Reading, start: int, end: int) -> str | None:
    """ "the Swedish island of Gotland", "the Russian city of Belgorod": the nationality of the
    phrase that names the place."""
    span = reading.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    head = span.root
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        head = head.head.head
    for token in head.subtree if head.i != span.root.i else []:
        if token.i < span.start:
            for referent in lexicon().lookup(token.text):
                if referent.kind == "state" and referent.via in {"adjective", "name"}:
                    return referent.code
    return None


def extract(reading: Reading) -> None:
    candidates = _candidate_spans(reading)
    # The countries the article's actors belong to decide between places of the same name
    # (then the most populous wins): Geneva is Swiss beside a Swiss president.
    prefer: set[str] = {a.country for a in reading.actors if a.country}
    first = {text: _resolve(text, prefer) for _s, _e, text, landmark in candidates if not landmark}
    prefer |= {g.country for g in first.values() if g and g.country and g.feature == "country"}
    cities = Counter(g.name for g in first.values() if g and g.feature == "city")
    filed = dateline_place(reading, prefer)
    fallback = filed or (_resolve(cities.most_common(1)[0][0], prefer) if cities else None)

    places: list[Place] = []
    for start, end, text, landmark in candidates:
        geo = _resolve(text, prefer)
        feature = geo.feature if geo else None
        if landmark and (geo is None or geo.country is None or geo.feature not in {"city", "country", "landmark"}):
            # A landmark is where the text says it is ("... Square in Kyiv", "Cairo's
            # ... Airport"), else where its name says, else the dateline, else the article's city.
            anchor = (
                _place_in_sentence(reading, start, end, prefer)
                or _possessive_place(reading, start, prefer)
                or _embedded_place(text, prefer)
                or filed
                or _nearest_place(reading, start, places, candidates, prefer)
                or fallback
            )
            if anchor:
                geo = GeoEntry(text, anchor.country, "landmark", anchor.lat, anchor.lon, None)
                feature = "landmark"
        if geo is None:
            if text.lower() in _geography().not_places or (text.endswith("s") and gazetteer().lookup(text[:-1])):
                continue  # "the South", "the two Koreas": no place of its own
            span = reading.doc.char_span(start, end, alignment_mode="expand")
            local = span is not None and _locally_placed(span)
            country = _noun_phrase_country(reading, start, end) or (
                fallback.country if fallback and filed and local else None
            )
            if country is None:
                continue
            geo = GeoEntry(text, country, "unresolved")
            feature = "unresolved"
        places.append(
            Place(
                text=text,
                start=start,
                end=end,
                name=geo.name,
                country=geo.country or None,
                lat=geo.lat,
                lon=geo.lon,
                geonames_id=geo.geonames_id,
                feature=feature,
            )
        )
    reading.places = places


def _nearest_place(
    reading: Reading, start: int, resolved: list[Place], candidates: list[tuple[int, int, str, bool]], prefer: set[str]
) -> GeoEntry | None:
    """The closest settlement named in the same paragraph (a landmark is near the places around it)."""
    text = doc_text(reading.doc)
    p_start = text.rfind("\n", 0, start) + 1
    p_end = text.find("\n", start)
    p_end = len(text) if p_end == -1 else p_end
    best: tuple[int, GeoEntry] | None = None
    for c_start, _c_end, c_text, landmark in candidates:
        if landmark or not (p_start <= c_start < p_end) or c_start == start:
            continue
        found = _resolve(c_text, prefer)
        if found and found.feature in {"city", "subdivision", "region"} and found.country:
            distance = abs(c_start - start)
            if best is None or distance < best[0]:
                best = (distance, found)
    return best[1] if best else None


def _place_in_sentence(reading: Reading, start: int, end: int, prefer: set[str]) -> GeoEntry | None:
    """The settlement a landmark is said to be in: "... Square in Kyiv", "the Grand Hotel
    on Penang island" (the place right after it, joined by in/on/at/near)."""
    doc = reading.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.end >= len(doc) or doc[span.end].lower_ not in {"in", "on", "at", "near", "outside", ","}:
        return None
    for ent in span.sent.ents:
        if ent.start >= span.end and ent.start - span.end <= 3 and ent.label_ in {"GPE", "LOC", "FAC"}:
            found = _resolve(_trim(ent)[2], prefer)
            if found and found.feature in {"city", "country", "subdivision", "region", "island"}:
                return found
    return None


def _possessive_place(reading: Reading, start: int, prefer: set[str]) -> GeoEntry | None:
    """ "Cairo's Almaza Airport": the city whose possessive precedes the landmark."""
    doc = reading.doc
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or span.start < 2 or doc[span.start - 1].text not in {"'s", "’s"}:
        return None
    found = _resolve(doc[span.start - 2].text, prefer)
    return found if found and found.feature in {"city", "country", "subdivision"} else None


def dateline_place(reading: Reading, prefer: set[str]) -> GeoEntry | None:
    """The place a dateline names ("SEOUL, April 27 --"): where the report was filed."""
    found = dateline_place_span(reading, prefer)
    return found[0] if found else None


def dateline_place_span(reading: Reading, prefer: set[str]) -> tuple[GeoEntry, int, int] | None:
    """The dateline's place with the offsets of its name in the text ("SEOUL" of "SEOUL, ...")."""
    for line in reading.article.spans(LineKind.DATELINE):
        match = dateline_match(reading.article.text[line.start : line.end] + " ")
        if not match:
            continue
        offset = line.start + match.start("place")
        for part in re.finditer(r"[^/,]+", match["place"]):
            name = part.group(0).strip()
            found = _resolve(name.title(), prefer) if name else None
            if found:
                start = offset + part.start() + (len(part.group(0)) - len(part.group(0).lstrip()))
                return found, start, start + len(name)
    return None
