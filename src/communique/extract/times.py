"""Time expressions, resolved against the publication date.

Candidates are spaCy's DATE and TIME entities plus what it misses (weekday names, month
names with or without day and year, bare years after a preposition). Each is resolved at the
precision it is written: ``YYYY-MM-DD`` for a day, ``YYYY-MM`` for a month, ``YYYY`` for a
year; durations ("24 years", "around 2 hours") get no calendar value.

News conventions drive the relative rules: a weekday names the latest such day on or before
publication unless its clause is about the future ("will meet on Friday"); a month without a
year names the latest such month (or the next one in a future clause); a day and month
without a year are taken in the publication year unless that lands well after publication.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from spacy.tokens import Doc, Span

from communique.dates import parse_iso, precision_value
from communique.extract import Reading
from communique.extract.syntax import doc_text
from communique.model import TimeExpression

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9

_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY_RE = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
# What spaCy's NER tends to miss: capitalised weekday and month names, day-month(-year) forms.
_EXTRA = re.compile(
    rf"\b(?:{_WEEKDAY_RE}(?:,?\s+{_MONTH_RE}\s+\d{{1,2}}(?:,\s+\d{{4}})?)?"
    rf"|{_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH_RE}(?:\s+\d{{4}})?"
    rf"|{_MONTH_RE}\s+\d{{4}}"
    r"|(?:January|February|April|June|July|August|September|October|November|December))\b"
)
# "May" and "March" alone are words as often as months: only after a time preposition.
_AMBIGUOUS_MONTH = re.compile(
    r"\b(?:in|since|until|by|from|early|late|mid-?|last|next|this)\s+(May|March)\b(?!\s+(?:be|have|not|to)\b)"
)
_YEAR_AFTER_PREP = re.compile(
    r"\b(?:in|since|until|by|from|before|after|of|during|around|circa)\s+((?:1[6-9]|20)\d\d)\b"
    r"(?!\s*(?:people|troops|soldiers|km|kilometres|miles|tons|tonnes|%))"
)
_DURATION = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|many|a|an|"
    r"half\s+a|a\s+half|couple\s+of|\w+-)\s*(?:-\s*)?"
    r"(?:year|month|week|day|hour|minute|second|decade|century)s?(?:-long|-old)?\b"
    r"|\b(?:years|months|weeks|days|hours|minutes|decades|centuries)\b",
    re.IGNORECASE,
)
_AGO = re.compile(r"\b(ago|earlier|before|later|after)\b", re.IGNORECASE)
_DECADE = re.compile(r"\b(?:the\s+)?((?:1[6-9]|20)\d)0s\b")
_BARE_YEAR = re.compile(
    r"^(?:(?:the\s+)?(?:year|early|late|mid-?|end\s+of|beginning\s+of)\s+)?((?:1[6-9]|20)\d\d)$", re.IGNORECASE
)
_FUTURE_WORDS = {
    "will",
    "shall",
    "'ll",
    "wo",
    "going",
    "due",
    "scheduled",
    "set",
    "plan",
    "plans",
    "planned",
    "expected",
    "upcoming",
    "next",
}
_NOT_DATES = {
    "we",
    "may",
    "march",
    "today's",
    "now",
    "currently",
    "recently",
    "once",
    "the day",
    "day",
    "daily",
    "weekly",
    "annual",
    "annually",
}
_RELATIVE_DAYS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "tomorrow": 1,
}


_FUTURE_MARKERS = {
    "due",
    "scheduled",
    "set",
    "slated",
    "expected",
    "planned",
    "poised",
    "upcoming",
    "coming",
    "next",
    "plan",
    "intend",
    "prepare",
}


def _is_future(doc: Doc, start: int, end: int) -> bool:
    """Is the clause holding tokens start..end about the future (will, would in reported
    speech, is due to, plans to, next ...)?"""
    span = doc[start:end]
    if any(t.lower_ == "next" for t in span):
        return True
    if any(t.lower_ in {"last", "past", "ago", "earlier", "previous"} for t in span):
        return False
    token = span.root
    for ancestor in [token, *token.ancestors]:
        if ancestor.i != token.i and ancestor.lemma_.lower() in _FUTURE_MARKERS:
            return True
        if ancestor.pos_ not in {"VERB", "AUX"}:
            continue
        auxes = {c.lower_ for c in ancestor.children if c.dep_ in {"aux", "auxpass"}}
        if auxes & {"will", "shall", "'ll", "wo", "would"}:
            return True
        if ancestor.lower_ == "going" and any(c.dep_ == "xcomp" for c in ancestor.children):
            return True
        if any(
            c.lemma_.lower() in _FUTURE_MARKERS and c.dep_ in {"acomp", "xcomp", "advmod", "oprd"}
            for c in ancestor.children
        ):
            return True
        if ancestor.tag_ in {"VBD", "VBN"} or auxes & {"has", "have", "had", "did"}:
            return False
        if ancestor.dep_ in {"ROOT", "ccomp", "advcl"} and ancestor.tag_ in {"VBZ", "VBP"}:
            return False
    return False


def _latest_weekday(anchor: date, weekday: int, future: bool) -> date:
    if future:
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _month_year(anchor: date, month: int, future: bool) -> int:
    if future:
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def resolve(
    text: str, anchor: date | None, *, future: bool = False, previous: str | None = None
) -> tuple[str | None, str]:
    """The calendar value of one time expression and its kind (date, time, duration, set).

    ``previous`` is the last day-precise date the article mentioned, the reference of "the same
    day" and "three days later".
    """
    clean = re.sub(r"\s+", " ", text.strip().strip(",.;:()")).replace("’", "'")
    lower = clean.lower()
    reference = parse_iso(previous) if previous else None
    if reference and (m := _LATER.fullmatch(lower)):
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS.get(m.group(1), 1)
        days = n * {"day": 1, "week": 7}[m.group(2)]
        return (reference + timedelta(days=days if m.group(3) in {"later", "after"} else -days)).isoformat(), "date"
    if reference and re.fullmatch(r"(?:on |that |the )?(?:same|that|next|following|previous) day", lower):
        which = re.search(r"(same|that|next|following|previous)", lower)
        shift = {"same": 0, "that": 0, "next": 1, "following": 1, "previous": -1}[which.group(1) if which else "same"]
        return (reference + timedelta(days=shift)).isoformat(), "date"
    lower = re.sub(
        r"^(?:the|on|in|at|by|since|from|until|early|late|earlier|later|mid|around|about|some)\s+", "", lower
    )
    lower = re.sub(r"^(?:the|on|in)\s+", "", lower)
    if lower in _NOT_DATES and not (lower in {"may", "march"} and clean[:1].isupper()):
        return None, "date"
    # Absolute forms first: they need no anchor.
    years = re.findall(r"\b(?:1[6-9]|20)\d\d\b", lower)
    month_names = [MONTHS[m.rstrip(".")] for m in re.findall(r"[a-z]+\.?", lower) if m.rstrip(".") in MONTHS]
    if (m := _DECADE.search(lower)) and not month_names:
        return f"{m.group(1)}X", "date"
    day_match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", re.sub(r"\b(?:1[6-9]|20)\d\d\b", "", lower))
    if _DURATION.search(lower) and not month_names and not any(w in lower for w in WEEKDAYS):
        if (m := _AGO.search(lower)) and anchor and m.group(1).lower() == "ago":
            return _resolve_ago(lower, anchor), "date"
        if lower in {"the day", "earlier in the day", "later in the day", "in the day"} or lower.endswith("in the day"):
            return (anchor.isoformat() if anchor else None), "date"
        return None, "duration"
    if month_names and years:
        month, year = month_names[0], int(years[0])
        if day_match:
            try:
                return date(year, month, int(day_match.group(1))).isoformat(), "date"
            except ValueError:
                return None, "date"
        return f"{year:04d}-{month:02d}", "date"
    if years and not month_names:
        if len(years) == 1 and _BARE_YEAR.match(lower.replace("'", "")):
            return years[0], "date"
        if re.fullmatch(r"((?:1[6-9]|20)\d\d)\s*[-–/]\s*((?:1[6-9]|20)?\d\d)", lower):
            return years[0], "date"
    if lower.isdigit():
        return None, "date"  # a number that is no year of ours ("Resolution 2356" tagged a date)
    if anchor is None:
        # Without an anchor only a complete date has a value, and it names its year (dateparser
        # costs milliseconds a call; "Wednesday" or "June 5" need not reach it).
        if years or _NUMERIC_DATE.search(lower):
            return _dateparser(clean, None)
        return None, "time" if _CLOCK.search(lower) else "date"
    for phrase, delta in _RELATIVE_DAYS.items():
        if lower == phrase or lower.startswith(phrase + " ") or lower.endswith(" " + phrase):
            return (anchor + timedelta(days=delta)).isoformat(), "date"
    if month_names:
        month = month_names[0]
        if day_match:
            day = int(day_match.group(1))
            year = anchor.year
            try:
                candidate = date(year, month, day)
            except ValueError:
                return None, "date"
            # The nearest such day to publication; in a future clause, the next one.
            options = []
            for y in (year - 1, year, year + 1):
                try:
                    options.append(date(y, month, day))
                except ValueError:
                    continue
            if future:
                ahead = [o for o in options if o >= anchor - timedelta(days=1)]
                candidate = min(ahead) if ahead else candidate
            else:
                candidate = min(options, key=lambda o: (abs((o - anchor).days), o > anchor))
            return candidate.isoformat(), "date"
        return f"{_month_year(anchor, month, future):04d}-{month:02d}", "date"
    weekday = next((WEEKDAYS[w] for w in WEEKDAYS if re.search(rf"\b{w}\b", lower)), None)
    if weekday is not None:
        if re.search(r"\blast\b", lower):
            return (_latest_weekday(anchor - timedelta(days=1), weekday, False)).isoformat(), "date"
        return _latest_weekday(anchor, weekday, future).isoformat(), "date"
    if m := re.fullmatch(r"(this|last|next|past|coming) (week|month|year)", lower):
        return _relative_period(anchor, m.group(1), m.group(2)), "date"
    if re.fullmatch(
        r"(?:(?:earlier|later) )?(?:this|that) (?:morning|afternoon|evening|night)"
        r"|(?:in )?the (?:morning|afternoon|evening)|(?:earlier|later) in the day|overnight",
        lower,
    ):
        return anchor.isoformat(), "time"
    if re.fullmatch(r"(?:earlier|later|late|early) this (month|year|week)", lower) or re.fullmatch(
        r"(?:this|that) (month|year|week)", lower
    ):
        unit = lower.rsplit(" ", 1)[-1]
        return _relative_period(anchor, "this", unit), "date"
    return _dateparser(clean, anchor)


def _relative_period(anchor: date, which: str, unit: str) -> str | None:
    step = {"this": 0, "coming": 1, "next": 1, "last": -1, "past": -1}[which]
    if unit == "year":
        return f"{anchor.year + step:04d}"
    if unit == "month":
        month_index = anchor.year * 12 + anchor.month - 1 + step
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
    iso = monday.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


_LATER = re.compile(
    r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten) (day|week)s? (later|after|earlier|before)"
)
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def _resolve_ago(lower: str, anchor: date) -> str | None:
    m = re.search(
        r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month|year|decade)s?\s+ago", lower
    )
    if not m:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
    unit = m.group(2)
    if unit == "day":
        return (anchor - timedelta(days=n)).isoformat()
    if unit == "week":
        return (anchor - timedelta(weeks=n)).isoformat()
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 - n
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    years = n * (10 if unit == "decade" else 1)
    return f"{anchor.year - years:04d}"


_RECURRENCE_UNITS = (
    "year|month|week|day|weekend|quarter|decade|hour|time|summer|winter|spring|autumn|morning|evening|night|"
    + "|".join(WEEKDAYS)
    + "|"
    + "|".join(name.lower() for name in calendar.month_name if name)
)
_RECURRENCE = re.compile(rf"(?:every|each)\s+(?:other\s+|two\s+|three\s+)?(?:{_RECURRENCE_UNITS})s?", re.IGNORECASE)
"""A recurrence ("every year", "each Monday"): no calendar value, as dateparser also finds
(tested); answered here because dateparser's first call costs half a second of start-up."""


_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b|\bnoon\b|\bmidnight\b|\bo'clock\b")
"""A time of day, which keeps its kind even where no anchor gives it a value."""

_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")
"""A day, month and two-digit year in figures ("16/06/21"): complete though it names no century."""


def _dateparser(text: str, anchor: date | None) -> tuple[str | None, str]:
    if _RECURRENCE.fullmatch(text):
        return None, "date"
    import dateparser

    settings: dict[str, object] = {
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DATES_FROM": "past",
    }
    if anchor:
        # The day's last minute, so that "3 p.m." is of the day itself, not the day before.
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day, 23, 59)
    else:
        # No publication date and no date of the article's own: only a complete date is a
        # date ("Wednesday" is no day at all, not the Wednesday of whenever the reader runs).
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    try:
        parsed = dateparser.date.DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except Exception:  # dateparser raises on some odd inputs; an unparsed time keeps no value
        return None, "date"
    if parsed is None or parsed.date_obj is None:
        return None, "date"
    period = parsed.period or "day"
    kind = "time" if period in {"time", "hour", "minute"} else "date"
    return precision_value(parsed.date_obj, "day" if period in {"time", "hour", "minute", "week"} else period), kind


_LIST_SPLIT = re.compile(r"\s+(?:and|or|to|until|through)\s+|\s*[-–—]\s*(?=[A-Z0-9])")


def _split_lists(text: str, start: int) -> list[tuple[int, int]]:
    """ "November 15 and December 1" is two dates; "June 19, 2024 - 15:57" stays one."""
    parts: list[tuple[int, int]] = []
    last = 0
    for m in _LIST_SPLIT.finditer(text):
        left, right = text[last : m.start()], text[m.end() :]
        if (
            re.search(r"[A-Za-z]{3}", left)
            and re.search(r"\b(?:\d{1,2}|[A-Z][a-z]+day)\b", left)
            and re.match(r"\s*(?:(?:in|on|by|at|from)\s+)?(?:[A-Z][a-z]+|\d{1,2}\s+[A-Z])", right)
            and not re.match(r"\s*\d{1,2}:\d{2}", right)
        ):
            parts.append((start + last, start + m.start()))
            last = m.end()
    parts.append((start + last, start + len(text)))
    trimmed = []
    for s, e in parts:
        lead = re.match(r"(?:in|on|by|at|from)\s+", text[s - start : e - start])
        trimmed.append((s + lead.end(), e) if lead else (s, e))
    return [(s, e) for s, e in trimmed if e > s]


def _candidates(doc: Doc) -> list[tuple[int, int, bool]]:
    """Character spans of time expressions (spaCy's entities, then what it missed), each with
    whether its context already shows it is a date (a month name after "in" is no verb)."""
    spans: list[tuple[int, int, bool]] = []
    text = doc_text(doc)
    for ent in doc.ents:
        if ent.label_ in {"DATE", "TIME"}:
            start, end = _trim(text, ent)
            spans.extend((s, e, False) for s, e in _split_lists(text[start:end], start))
    # A full date the NER cut in two ("August 5" + "2022 - 19:05") is taken whole.
    dates = list(_EXTRA.finditer(text))
    for m in dates:
        start, end = m.span()
        overlapping = [sp for sp in spans if sp[0] < end and start < sp[1]]
        if overlapping and all(e - s < end - start for s, e, _ in overlapping) and re.search(r"\d", m.group(0)):
            spans = [sp for sp in spans if sp not in overlapping]
            spans.append((start, end, False))
    extra: list[tuple[int, int, bool]] = [(*m.span(), False) for m in dates]
    if "May" in text or "March" in text:
        extra += [(*m.span(1), True) for m in _AMBIGUOUS_MONTH.finditer(text)]
    extra += [(*m.span(1), True) for m in _YEAR_AFTER_PREP.finditer(text)]
    for start, end, checked in extra:
        if not any(s <= start < e or s < end <= e for s, e, _ in spans):
            spans.append((start, end, checked))
    return sorted(s for s in spans if s[1] > s[0])


def _trim(article_text: str, ent: Span) -> tuple[int, int]:
    """Drop a leading article or preposition and trailing punctuation from an entity."""
    start, end = ent.start_char, ent.end_char
    text = article_text[start:end]
    lead = re.match(r"^(?:the|on|in|at)\s+", text, re.IGNORECASE)
    if lead and not re.match(r"^the\s+(?:\d|past|last|next|day|same|end|beginning|middle)", text, re.IGNORECASE):
        start += lead.end()
    stripped = article_text[start:end].rstrip(" ,.;:-–—")
    return start, start + len(stripped)


def _own_anchor(doc: Doc) -> date | None:
    """The day an undated article gives itself: the first complete date of its byline,
    dateline or lead ("Geneva, 16 June 2021: ..."), the anchor of its relative dates."""
    for start, end, _checked in _candidates(doc):
        if start > 1500:
            break
        value, kind = resolve(doc_text(doc)[start:end], None)
        if kind == "date" and value and len(value) == 10:
            return date.fromisoformat(value)
    return None


def extract(reading: Reading) -> None:
    doc, anchor = reading.doc, reading.published
    if anchor is None:
        anchor = _own_anchor(doc)
    out: list[TimeExpression] = []
    previous: str | None = None
    for start, end, _checked in _candidates(doc):
        text = doc_text(doc)[start:end]
        month_word = text.lower() in {"may", "march"} and text[:1].isupper()
        if (text.lower() in _NOT_DATES and not month_word) or not text.strip():
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        future = _is_future(doc, span.start, span.end) if span is not None and len(span) else False
        value, kind = resolve(text, anchor, future=future, previous=previous)
        if value is None and kind == "date" and not re.search(r"\d|day|month|year|week", text, re.IGNORECASE):
            continue
        out.append(TimeExpression(text=text, start=start, end=end, value=value, kind=kind))  # type: ignore[arg-type]
        if value and kind == "date" and len(value) == 10:
            previous = value
    reading.times = out
