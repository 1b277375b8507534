"""The relations ledger: what a set of documents says about each pair of states, over time.

Entries are relation levels (with ``since`` and ``claimed_by``) and agreements between the
pair, each with its source document and evidence; :func:`pair_timeline` orders them by date.
:func:`obligations` answers "who is bound to assist X if X is attacked on DATE" from agreements
in force with a ``mutual_defense`` provision, bilateral or multilateral.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from communique.dates import parse_iso
from communique.knowledge import load_toml

ENDED = {"terminated", "suspended"}


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One dated fact about a pair: a relation level or an agreement."""

    kind: str  # "relation" or "agreement"
    parties: tuple[str, ...]
    date: str | None
    what: str  # the level, or the agreement's name
    detail: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    document: str | None = None
    evidence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "parties": list(self.parties),
            "date": self.date,
            "what": self.what,
            "document": self.document,
            "evidence": self.evidence,
            **self.detail,
        }


def _actor_name(document: dict[str, Any], actor_id: str | None) -> str | None:
    return next((a["name"] for a in document.get("actors", []) if a["id"] == actor_id), None)


def entries(documents: Iterable[dict[str, Any]]) -> list[LedgerEntry]:
    """Every relation and agreement in the documents, as ledger entries."""
    out: list[LedgerEntry] = []
    for document in documents:
        for relation in document.get("relations", []):
            out.append(
                LedgerEntry(
                    "relation",
                    tuple(relation["parties"]),
                    relation.get("since") or document.get("published"),
                    relation["level"],
                    {"claimed_by": _actor_name(document, relation.get("claimed_by"))},
                    document.get("id"),
                    (relation.get("evidence") or {}).get("text"),
                )
            )
        for agreement in document.get("agreements", []):
            mention = (agreement.get("mentions") or [{}])[0]
            out.append(
                LedgerEntry(
                    "agreement",
                    tuple(agreement["parties"]),
                    agreement.get("signed"),
                    agreement["name"],
                    {
                        "status": agreement.get("status"),
                        "provisions": list(agreement.get("provisions", [])),
                        "replaces": list(agreement.get("replaces", [])),
                        "published": document.get("published"),
                    },
                    document.get("id"),
                    _sentence_of(document, mention),
                )
            )
    return out


def _sentence_of(document: dict[str, Any], span: dict[str, Any]) -> str | None:
    text = document.get("text", "")
    if "start" not in span:
        return None
    start = max(text.rfind(".", 0, span["start"]) + 1, text.rfind("\n", 0, span["start"]) + 1)
    end = text.find(".", span["end"])
    return text[start : (end + 1 if end != -1 else len(text))].strip()


def pair_timeline(ledger: Iterable[LedgerEntry], a: str, b: str) -> list[LedgerEntry]:
    """Relations and agreements between ``a`` and ``b``, oldest first (undated last)."""
    pair = {a, b}
    chosen = [e for e in ledger if pair <= set(e.parties)]
    return sorted(chosen, key=lambda e: (e.date is None, e.date or "", e.kind))


@cache
def _treaties() -> dict[str, str]:
    """Founding treaty name (lower case) -> organisation ("north atlantic treaty" -> NATO)."""
    return {
        org["treaty"].lower(): org["key"]
        for org in load_toml("memberships.toml").get("organization", [])
        if org.get("treaty")
    }


@cache
def _memberships() -> dict[str, list[tuple[str, date | None, date | None]]]:
    out: dict[str, list[tuple[str, date | None, date | None]]] = {}
    for org in load_toml("memberships.toml").get("organization", []):
        out[org["key"]] = [(m["state"], parse_iso(m.get("since")), parse_iso(m.get("until"))) for m in org["members"]]
    return out


def members_on(org: str, on: date, ledger: Iterable[LedgerEntry] = ()) -> set[str]:
    """States in ``org`` on ``on``: the curated list, plus accessions the corpus records."""
    found = {
        s
        for s, since, until in _memberships().get(org, [])
        if (since is None or since <= on) and (until is None or on < until)
    }
    for entry in ledger:
        if entry.kind == "agreement" and "accession" in entry.detail.get("provisions", []) and org in entry.parties:
            signed = parse_iso(entry.date)
            if signed and signed <= on:
                found |= {p for p in entry.parties if p != org and len(p) == 3}
    return found


@dataclass(frozen=True, slots=True)
class Obligation:
    """``bound`` must assist the attacked state under ``agreement``."""

    bound: str
    agreement: str
    signed: str | None
    document: str | None
    evidence: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "bound": self.bound,
            "agreement": self.agreement,
            "signed": self.signed,
            "document": self.document,
            "evidence": self.evidence,
        }


def in_force(entry: LedgerEntry, on: date, ledger: list[LedgerEntry]) -> bool:
    """Signed by ``on`` and not ended (terminated, suspended or replaced) by then."""
    signed = parse_iso(entry.date)
    if signed is None or signed > on or entry.detail.get("status") in {"proposed", "negotiated"}:
        return False
    for other in ledger:
        if other.kind != "agreement" or other is entry:
            continue
        other_date = parse_iso(other.date) or parse_iso(other.detail.get("published"))
        if other_date is None or other_date > on:
            continue
        same = set(other.parties) == set(entry.parties) and _same_instrument(other, entry)
        if same and other.detail.get("status") in ENDED:
            return False
        # Replaced by a later instrument that names it by kind and year ("the 2000 treaty").
        replaced = [r.lower() for r in other.detail.get("replaces", [])]
        kind = entry.what.lower().split()[-1].rstrip("s")
        if (
            set(entry.parties) <= set(other.parties)
            and entry.date
            and any(entry.date[:4] in r and kind in r for r in replaced)
        ):
            return False
    return True


def _same_instrument(later: LedgerEntry, earlier: LedgerEntry) -> bool:
    """Does ``later`` (say, a termination) speak of ``earlier``? The same name, or the same
    kind of instrument ("treaty") named by the year it was signed, or with no year at all."""
    a, b = later.what.lower(), earlier.what.lower()
    if a == b or a in b or b in a:
        return True
    if a.split()[-1:] != b.split()[-1:]:
        return False
    years = [w for w in a.split() if w.isdigit() and len(w) == 4]
    return not years or bool(earlier.date and earlier.date[:4] in years)


def obligations(ledger: list[LedgerEntry], state: str, on: date) -> list[Obligation]:
    """Who is bound to assist ``state`` if it is attacked on ``on``, and under what."""
    out: dict[tuple[str, str], Obligation] = {}
    for entry in ledger:
        if entry.kind != "agreement" or "mutual_defense" not in entry.detail.get("provisions", []):
            continue
        parties = set(entry.parties)
        orgs = {p for p in parties if p in _memberships()}
        orgs |= {org for name, org in _treaties().items() if name in entry.what.lower()}
        bound: set[str] = set()
        if state in parties and in_force(entry, on, ledger):
            bound |= {p for p in parties if p != state and p not in orgs}
        for org in orgs:
            members = members_on(org, on, ledger)
            if state in members:
                # The organisation's treaty binds every member; its date is the treaty's.
                founding = min((s for _, s, _ in _memberships()[org] if s), default=None)
                if founding and founding <= on:
                    bound |= members - {state}
        for other in sorted(bound):
            out.setdefault(
                (other, entry.what), Obligation(other, entry.what, entry.date, entry.document, entry.evidence)
            )
    return sorted(out.values(), key=lambda o: (o.bound, o.agreement))


def alliance_graph(ledger: list[LedgerEntry], on: date | None = None) -> dict[str, Any]:
    """States as nodes; the latest relation level and every mutual-defence agreement as edges."""
    nodes: set[str] = set()
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for entry in ledger:
        if len(entry.parties) < 2:
            continue
        when = parse_iso(entry.date)
        if on is not None and when is not None and when > on:
            continue
        if entry.kind == "relation":
            a, b = sorted(entry.parties)[:2]
            key = (a, b, "relation")
            if key not in edges or (entry.date or "") >= (edges[key].get("date") or ""):
                edges[key] = {"source": a, "target": b, "type": "relation", "level": entry.what, "date": entry.date}
            nodes |= {a, b}
        elif "mutual_defense" in entry.detail.get("provisions", []) and (on is None or in_force(entry, on, ledger)):
            parties = sorted(entry.parties)
            for i, a in enumerate(parties):
                for b in parties[i + 1 :]:
                    edges[(a, b, entry.what)] = {
                        "source": a,
                        "target": b,
                        "type": "mutual_defense",
                        "agreement": entry.what,
                        "date": entry.date,
                    }
                    nodes |= {a, b}
    return {"nodes": [{"id": n} for n in sorted(nodes)], "edges": list(edges.values())}


def to_graphml(graph: dict[str, Any]) -> str:
    """The alliance graph as GraphML (readable by networkx, Gephi, yEd)."""
    from xml.sax.saxutils import quoteattr

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '  <key id="type" for="edge" attr.name="type" attr.type="string"/>',
        '  <key id="level" for="edge" attr.name="level" attr.type="string"/>',
        '  <key id="agreement" for="edge" attr.name="agreement" attr.type="string"/>',
        '  <key id="date" for="edge" attr.name="date" attr.type="string"/>',
        '  <graph id="alliances" edgedefault="undirected">',
    ]
    lines += [f"    <node id={quoteattr(n['id'])}/>" for n in graph["nodes"]]
    for edge in graph["edges"]:
        data = "".join(
            f"<data key={quoteattr(k)}>{_escape(str(edge[k]))}</data>"
            for k in ("type", "level", "agreement", "date")
            if edge.get(k)
        )
        lines.append(f"    <edge source={quoteattr(edge['source'])} target={quoteattr(edge['target'])}>{data}</edge>")
    lines += ["  </graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)
