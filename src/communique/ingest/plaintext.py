"""Plain text to :class:`~communique.article.Article`: the structure a copied news page carries.

A news article copied as text starts with a head (headline, perhaps a subtitle, a byline with
the date and authors) and is strewn with share-widget debris and photo captions. This module
finds them with rules that hold across outlets:

* debris: a line holding nothing but a share or page-chrome word ("Send to", "Print") is dropped;
* byline: a short line of a date, a time and/or ``By <names>`` (``June 19, 2024 - 15:57 By Jane Doe``);
* dateline: the place/date/agency prefix of a paragraph (``SEOUL, Oct 4 (Reuters) -``,
  ``Seoul, 4 October 2022 (dpa/MIA) -``, ``Seoul, June 19 (IANS)``, ``MOSCOW —``);
* headline and subtitle: the short lines before the byline or dateline (or, with neither, a short
  first line without a closing full stop);
* caption: a paragraph ending in a photo credit ``(Pool Photo via Reuters)`` or naming positions
  ``(left)``; kept in the text but marked, so extractors can weigh it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from communique.article import Article, LineKind, MarkedLine
from communique.dates import normalise_published
from communique.knowledge import load_toml

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\.?,?"
DATE = (
    rf"(?:{WEEKDAY}\s+)?(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}|\d{4}[./]\d{1,2}[./]\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4})"
)
TIME = (
    r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[AaPp]\.?\s?[Mm]\.?)?"
    r"(?:\s*\(?(?:GMT|UTC|[A-Z]{2,4})(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?)?"
)

_SEGMENT = re.compile(
    rf"^(?:(?:Published|Updated|Posted|Last updated)(?:\s+on)?\s*:?\s*)?"
    rf"(?P<date>{DATE})?"
    rf"(?:\s*(?:,|at)?\s*(?P<time>{TIME}))?"
    r"(?:\s*(?<![A-Za-z])[Bb][Yy]:?\s+(?P<authors>[^\n|]{2,120}?))?\s*$"
)
_SEGMENT_SPLIT = re.compile(r"\s*\|\s*|\s+[-–—]{1,2}\s+")
_LABEL = re.compile(r"^[A-Z][\w'’.\-]*(?:\s+[A-Z&][\w'’.\-]*){0,2}$")
_DESK = re.compile(r"^(?:[A-Z][\w&'’.\-]*\s+){1,3}(?:Desk|Bureau|Staff|Newsroom)$")


@dataclass(frozen=True, slots=True)
class Byline:
    """What a byline line says: its date (as written), authors and a desk or outlet."""

    date: str | None
    authors: list[str]
    outlet: str | None


_PLACE_WORD = rf"(?!{MONTH}\b)[A-Z][A-Za-z'’.\-]*"
DATELINE = re.compile(
    rf"^(?P<place>{_PLACE_WORD}(?:[ \-/]{_PLACE_WORD}){{0,3}}(?:,\s*{_PLACE_WORD}(?:\s{_PLACE_WORD})?)?)"
    rf"(?:,\s*(?P<date>{DATE}))?"
    r"\s*(?:\((?P<agency>[^()\n]{2,40})\))?"
    r"\s*(?P<dash>[-–—]{1,2}|:)?\s+"
)
_PAREN_END = re.compile(r"\(([^()]{1,120})\)\s*\.?\s*$")
_PAREN = re.compile(r"\(([^()]{1,40})\)")
_PHOTO_PREFIX = re.compile(r"^(?:photo|image|picture|file photo|pictured)\s*[:|]", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_NAME = re.compile(r"^[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|van|von|de|der|da|del|di|bin|al|el|la|le|du)){0,4}$")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    debris: frozenset[str]
    credit_words: frozenset[str]
    outlets: frozenset[str]
    positions: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    data = load_toml("ingest.toml")
    outlets = set(data["outlet_credits"])
    for outlet in load_toml("media.toml").get("outlet", []):
        for name in [outlet["name"], *outlet.get("aliases", [])]:
            outlets.add(name.casefold())
    return _Lexicon(
        debris=frozenset(data["debris"]),
        credit_words=frozenset(data["credit_words"]),
        outlets=frozenset(outlets),
        positions=frozenset(data["position_markers"]),
    )


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def is_debris(line: str) -> bool:
    """A line that holds only a share-widget or page-chrome word."""
    key = line.strip().strip("|•·-–—:>[](){}").strip().casefold()
    return key in _lexicon().debris


def parse_byline(line: str) -> Byline | None:
    """The line as a byline, or None.

    A byline is a short line cut by ``|`` or dashes into segments, each a date, a time,
    ``By <names>``, or a short label (a place or a desk) beside at least one of the others:
    ``June 19, 2024 - 15:57 By Jane Doe``, ``By Staff Reporter | 22 March 2023``,
    ``Monday, 11 September 2023 | Hanoi``, ``Asia Desk``.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > 160:
        return None
    if _DESK.match(stripped):
        return Byline(date=None, authors=[], outlet=None)
    date: str | None = None
    authors: list[str] = []
    outlet: str | None = None
    labels = 0
    informative = False
    for segment in _SEGMENT_SPLIT.split(stripped):
        if not segment:
            continue
        match = _SEGMENT.match(segment)
        if match and (match["date"] or match["time"] or match["authors"]):
            if match["authors"]:
                names, agency = split_authors(match["authors"])
                if not names and not agency:
                    return None
                authors.extend(names)
                outlet = outlet or agency
            date = date or match["date"]
            informative = True
        elif _LABEL.match(segment) and len(segment) <= 40:
            labels += 1
        else:
            return None
    if not informative or labels > 2:
        return None
    return Byline(date=date, authors=authors, outlet=outlet)


def split_authors(field: str) -> tuple[list[str], str | None]:
    """``"Jane Doe and John Roe, Reuters"`` -> (["Jane Doe", "John Roe"], "Reuters")."""
    names: list[str] = []
    outlet: str | None = None
    lexicon = _lexicon()
    credits = lexicon.credit_words | lexicon.outlets
    for part in _AUTHOR_SPLIT.split(field.strip().rstrip(".")):
        part = part.strip()
        if not part:
            continue
        if part.casefold() in credits or (part.isupper() and len(part) > 1):
            outlet = outlet or part
        elif _NAME.match(part):
            names.append(part)
    return names, outlet


def dateline_match(paragraph: str) -> re.Match[str] | None:
    """The dateline prefix of a paragraph (place, date, agency, dash), or None."""
    match = DATELINE.match(paragraph)
    if not match:
        return None
    place, agency, dash, date = match["place"], match["agency"], match["dash"], match["date"]
    letters = [c for c in place if c.isalpha()]
    shouting = bool(letters) and all(c.isupper() for c in letters) and len(letters) > 2
    agency_known = bool(agency) and any(
        part.strip().casefold() in _lexicon().outlets for part in re.split(r"[/,]", agency)
    )
    if agency and (dash or date or agency_known or shouting):
        return match
    if shouting and dash and dash != ":":
        return match
    if date and dash:
        return match
    return None


def _acronym_of_preceding(text: str, paren_start: int, inner: str) -> bool:
    """``Korean Central News Agency (KCNA)``: the parentheses spell out the words before them."""
    letters = re.sub(r"[^A-Za-z]", "", inner)
    if not (2 <= len(letters) <= 8 and letters.isupper()):
        return False
    words = re.findall(r"[A-Za-z][\w'’\-]*", text[:paren_start])[-(len(letters) + 3) :]
    initials = "".join(w[0] for w in words if w[0].isupper())
    return letters in initials


def is_caption(paragraph: str) -> bool:
    """A photo caption: ends in a photo credit, names positions in a picture, or says ``Photo:``.

    A credit is a parenthesis at the end holding a credit word (``Pool Photo via Reuters``,
    ``Getty Images``, ``file``), or holding only an outlet's name after a closed sentence
    (``... at the airport. (Yonhap)``); an outlet's acronym that spells out the words before it
    (``the Korean Central News Agency (KCNA).``) is attribution, not a credit.
    """
    text = paragraph.strip()
    if not text or _words(text) > 90:
        return False
    if _PHOTO_PREFIX.match(text):
        return True
    lexicon = _lexicon()
    end = _PAREN_END.search(text)
    if end and not _acronym_of_preceding(text, end.start(), end.group(1)):
        inside = end.group(1).casefold().strip()
        tokens = set(re.findall(r"[\w'’]+", inside))
        if tokens & lexicon.credit_words or any(" " in w and w in inside for w in lexicon.credit_words):
            return True
        before = text[: end.start()].rstrip()
        if (inside in lexicon.outlets or tokens & lexicon.outlets) and before.endswith((".", "!", "?", '"', "”")):
            return True
    for paren in _PAREN.finditer(text):
        inner = paren.group(1).casefold().strip()
        if inner in lexicon.positions or inner.split(",")[0].strip() in lexicon.positions:
            return True
    return False


def _paragraphs(raw: str) -> list[str]:
    """Lines of the page, debris dropped; a blank line or a line break ends a paragraph."""
    out = []
    for line in raw.split("\n"):
        line = line.strip()
        if line and not is_debris(line):
            out.append(re.sub(r"[ \t\u00a0]+", " ", line))
    return out


def normalise_newlines(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")


_LINE_BREAKS = re.compile(r"[\x0b\x0c\x85]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def safe_text(raw: str) -> str:
    """``raw`` without what no consumer of a document can take: control characters (a NUL stops
    PostgreSQL; vertical tab, form feed and NEL become line breaks) and unpaired surrogates,
    which a JSON string escape (``"\\ud800"``) can carry but no UTF-8 output can encode: each
    becomes U+FFFD, the replacement character."""
    raw = _LINE_BREAKS.sub("\n", raw)
    raw = _CONTROLS.sub("", raw)
    return _SURROGATES.sub("\ufffd", raw)


def read_plain_text(raw: str, *, origin: str | None = None) -> Article:
    """Build an :class:`Article` from the text of a news page."""
    raw = normalise_newlines(safe_text(raw)).lstrip("\ufeff")
    paragraphs = _paragraphs(raw)
    kinds: list[LineKind] = [LineKind.BODY] * len(paragraphs)
    authors: list[str] = []
    outlet: str | None = None
    published: str | None = None

    # Bylines and captions can be recognised one paragraph at a time.
    head_end: int | None = None
    for i, para in enumerate(paragraphs):
        if i < 8 and (byline := parse_byline(para)):
            kinds[i] = LineKind.BYLINE
            authors.extend(n for n in byline.authors if n not in authors)
            outlet = outlet or byline.outlet
            published = published or byline.date
            head_end = i if head_end is None else head_end
        elif is_caption(para):
            kinds[i] = LineKind.CAPTION

    dateline_at: int | None = None
    for i, para in enumerate(paragraphs[:8]):
        if kinds[i] is LineKind.BODY and dateline_match(para):
            dateline_at = i
            break
    if dateline_at is not None and (head_end is None or dateline_at < head_end):
        head_end = dateline_at

    # The head: headline and subtitle are the short lines above the byline or dateline.
    head = [i for i in range(head_end if head_end is not None else 0) if kinds[i] is LineKind.BODY]
    if head_end is None and len(paragraphs) > 1:
        first = paragraphs[0]
        if kinds[0] is LineKind.BODY and _words(first) <= 30 and not first.rstrip().endswith((".", ":", ";", ",")):
            head = [0]
            second = paragraphs[1] if len(paragraphs) > 2 else ""
            if second and kinds[1] is LineKind.BODY and _words(second) <= 50 and not second.rstrip().endswith("."):
                head.append(1)
    if head and _words(paragraphs[head[0]]) <= 30:
        kinds[head[0]] = LineKind.HEADLINE
        if len(head) > 1 and _words(paragraphs[head[1]]) <= 60:
            kinds[head[1]] = LineKind.SUBTITLE

    # Assemble the clean text, one blank line between paragraphs, and mark the roles.
    text_parts: list[str] = []
    lines: list[MarkedLine] = []
    offset = 0
    for i, para in enumerate(paragraphs):
        if text_parts:
            offset += 2
        start, end = offset, offset + len(para)
        if kinds[i] is not LineKind.BODY:
            lines.append(MarkedLine(start, end, kinds[i]))
        elif i == dateline_at and (match := dateline_match(para)):
            lines.append(MarkedLine(start, start + len(match.group(0).rstrip()), LineKind.DATELINE))
            if match["agency"]:
                outlet = outlet or match["agency"].strip()
        text_parts.append(para)
        offset = end
    text = "\n\n".join(text_parts)
    title = next((text[m.start : m.end] for m in lines if m.kind is LineKind.HEADLINE), None)
    return Article(
        text=text,
        title=title,
        published=normalise_published(published),
        outlet=outlet,
        authors=authors,
        lines=lines,
        origin=origin,
    )
