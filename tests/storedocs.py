"""Contract documents built by hand for the store tests (no NLP needed): our own sentences."""

from __future__ import annotations

from typing import Any

from communique.article import fingerprint

STATES = {
    "USA": "United States", "CHN": "China", "JPN": "Japan", "KOR": "South Korea", "PRK": "North Korea",
    "RUS": "Russia", "UKR": "Ukraine", "FIN": "Finland", "FRA": "France", "DEU": "Germany", "IND": "India",
}  # fmt: skip
GOLDSTEIN = {"04": (1.0, 1), "05": (3.5, 1), "03": (4.0, 1), "11": (-2.0, 3), "19": (-10.0, 4), "06": (6.0, 2)}


VERBS = ("met", "criticised", "hosted", "signed", "attacked", "praised", "held", "agreed")


def _trigger(start: int, sentence: str) -> dict:
    """The first verb of ours found in the sentence, else its first word."""
    for verb in VERBS:
        at = sentence.find(f" {verb} ")
        if at >= 0:
            return {"start": start + at + 1, "end": start + at + 1 + len(verb), "text": verb}
    word = sentence.split(" ")[0]
    return {"start": start, "end": start + len(word), "text": word}


def event(source: str, target: str | None, cameo: str, date: str | None, sentence: tuple[int, int, str]) -> dict:
    goldstein, quad = GOLDSTEIN[cameo[:2]]
    start, end, text = sentence
    return {
        "cameo": cameo,
        "root": cameo[:2],
        "goldstein": goldstein,
        "quad_class": quad,
        "plover": {"type": "CONSULT" if cameo.startswith("04") else "SUPPORT", "mode": None, "contexts": []},
        "source": [{"actor": f"s-{source}", "code": source}],
        "target": [{"actor": f"s-{target}", "code": target}] if target else [],
        "date": date,
        "location": None,
        "modality": "asserted",
        "attributed_to": None,
        "sentence": {"start": start, "end": end, "text": text},
        "trigger": _trigger(start, text),
        "confidence": 0.7,
        "mentions": [],
    }


def document(
    text: str,
    *,
    published: str,
    outlet: str,
    url: str | None = None,
    events: list[tuple[str, str | None, str, str | None, str]] = (),  # type: ignore[assignment]
    quotes: list[tuple[str, str]] = (),  # type: ignore[assignment]
    title: str | None = None,
) -> dict[str, Any]:
    """A document whose events are (source, target, cameo, date, sentence-in-text) tuples."""
    codes = sorted({c for e in events for c in (e[0], e[1]) if c})
    actors = []
    for code in codes:
        name = STATES[code]
        starts = [i for i in range(len(text)) if text.startswith(name, i)]
        mentions = [{"start": at, "end": at + len(name), "text": name} for at in starts]
        actors.append(
            {"id": f"s-{code}", "name": name, "kind": "state", "code": code, "country": code, "org": None,
             "sectors": [], "role": None, "mentions": mentions}
        )  # fmt: skip
    records = []
    for number, (source, target, cameo, date, sentence) in enumerate(events, start=1):
        start = text.index(sentence)
        record = event(source, target, cameo, date, (start, start + len(sentence), sentence))
        record["id"] = f"e{number}"
        records.append(record)
    quote_records = []
    for number, (speaker, said) in enumerate(quotes, start=1):
        start = text.index(said)
        quote_records.append(
            {"id": f"q{number}", "text": said, "kind": "direct", "speaker": None, "speaker_name": speaker,
             "cue": "said", "via": None, "start": start, "end": start + len(said)}
        )  # fmt: skip
    return {
        "schema": "communique.document/1",
        "id": fingerprint(text),
        "fingerprint": fingerprint(text),
        "title": title or text.split("\n")[0],
        "published": published,
        "source": {"outlet": outlet, "url": url, "authors": []},
        "text": text,
        "lines": [{"start": 0, "end": text.index("\n"), "kind": "headline", "text": text[: text.index("\n")]}]
        if "\n" in text
        else [],
        "actors": actors,
        "events": records,
        "quotes": quote_records,
        "times": [],
        "places": [],
        "agreements": [],
        "relations": [{"parties": codes[:2], "level": "strategic_partnership", "since": None, "claimed_by": None}]
        if len(codes) >= 2
        else [],
    }
