"""The article text cut into segments for the reader view, from the document's offsets.

Actor mentions, quotes, event triggers, times, places and agreement mentions may overlap (a
place inside a quote, a state that is both actor and place). Rather than nest elements, the
text is cut at every start and end, and each segment carries the set of annotations covering
it: the template renders one flat run of elements, always valid HTML, every highlighted segment
a link to its entry in the structured panel. The text itself is never turned into markup here:
the template escapes it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

LINKED_KINDS = ("actor", "quote", "event", "time", "place", "agreement")
"""What the reader highlights and links, each with a colour of its own (style.css)."""

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def ref(kind: str, key: object) -> str:
    """The HTML id of an entry in the structured panel (``actor-a1``, ``time-3``)."""
    return f"{kind}-{_UNSAFE_ID.sub('_', str(key))}"


@dataclass(frozen=True, slots=True)
class Annotation:
    kind: str
    start: int
    end: int
    ref: str
    label: str

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class Segment:
    text: str
    annotations: list[Annotation] = field(default_factory=list)
    line: str | None = None
    anchors: list[str] = field(default_factory=list)
    """Ids of the occurrences that begin here (``at-actor-a1-0``): the panel links back to them."""

    @property
    def link(self) -> str | None:
        """The entry this segment links to: its most specific (shortest) annotation's."""
        if not self.annotations:
            return None
        return min(self.annotations, key=lambda a: (a.length, LINKED_KINDS.index(a.kind))).ref

    @property
    def classes(self) -> str:
        names = sorted({f"hl-{a.kind}" for a in self.annotations})
        if self.line and self.line != "body":
            names.append(f"line-{self.line}")
        return " ".join(names)

    @property
    def refs(self) -> str:
        return " ".join(dict.fromkeys(a.ref for a in self.annotations))

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(a.label for a in self.annotations))


def spans_of(document: dict[str, Any]) -> list[Annotation]:
    """Every linkable span the document records, with a short label for the tooltip."""
    out: list[Annotation] = []

    def add(kind: str, span: dict[str, Any] | None, key: object, label: str) -> None:
        if isinstance(span, dict) and isinstance(span.get("start"), int) and isinstance(span.get("end"), int):
            out.append(Annotation(kind, span["start"], span["end"], ref(kind, key), label))

    for actor in document.get("actors", []):
        label = f"actor: {actor.get('name')}" + (f" ({actor['code']})" if actor.get("code") else "")
        for mention in actor.get("mentions", []):
            add("actor", mention, actor.get("id"), label)
    for quote in document.get("quotes", []):
        add("quote", quote, quote.get("id"), f"quote: {quote.get('speaker_name') or 'unattributed'}")
    for event in document.get("events", []):
        add("event", event.get("trigger"), event.get("id"), f"event: CAMEO {event.get('cameo')}")
    for index, time in enumerate(document.get("times", [])):
        add("time", time, index, f"time: {time.get('value') or time.get('text')}")
    for index, place in enumerate(document.get("places", [])):
        add("place", place, index, f"place: {place.get('name') or place.get('text')}")
    for agreement in document.get("agreements", []):
        for mention in agreement.get("mentions", []):
            add("agreement", mention, agreement.get("id"), f"agreement: {agreement.get('name')}")
    return out


def segments(document: dict[str, Any]) -> list[Segment]:
    """The document's text cut at every annotation and line boundary, in order."""
    text: str = document.get("text") or ""
    size = len(text)
    spans = [a for a in spans_of(document) if 0 <= a.start < a.end <= size]
    lines = [
        (line["start"], line["end"], str(line.get("kind")))
        for line in document.get("lines", [])
        if isinstance(line.get("start"), int) and isinstance(line.get("end"), int) and 0 <= line["start"] < line["end"]
    ]
    cuts = sorted(
        {0, size, *(a.start for a in spans), *(a.end for a in spans), *(s for s, _, _ in lines)}
        | {min(e, size) for _, e, _ in lines}
    )
    starting: dict[int, list[Annotation]] = {}
    for annotation in sorted(spans, key=lambda a: (a.start, -a.end)):
        starting.setdefault(annotation.start, []).append(annotation)
    seen: dict[str, int] = {}
    active: list[Annotation] = []
    out: list[Segment] = []
    for begin, end in itertools.pairwise(cuts):
        if begin >= end:
            continue
        active = [a for a in active if a.end > begin] + starting.get(begin, [])
        anchors = []
        for annotation in starting.get(begin, []):
            anchors.append(f"at-{annotation.ref}-{seen.get(annotation.ref, 0)}")
            seen[annotation.ref] = seen.get(annotation.ref, 0) + 1
        line = next((kind for s, e, kind in lines if s <= begin < e), None)
        out.append(Segment(text[begin:end], list(active), line, list(dict.fromkeys(anchors))))
    return out
