"""A readable summary of documents for people (``--format table`` and ``communique demo``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table


def _actor_names(doc: dict[str, Any]) -> dict[str, str]:
    return {a["id"]: a["name"] for a in doc["actors"]}


def _party(doc: dict[str, Any], parties: list[dict[str, Any]], names: dict[str, str]) -> str:
    return ", ".join(names.get(p.get("actor") or "", p.get("code") or "?") for p in parties) or "—"


def print_documents(documents: Iterable[dict[str, Any]], console: Console | None = None) -> None:
    console = console or Console(soft_wrap=False)
    for doc in documents:
        names = _actor_names(doc)
        title = doc.get("title") or doc["text"][:80]
        console.rule(f"[bold]{title}")
        meta = [f"id {doc['id']}", f"published {doc.get('published') or '?'}"]
        if doc.get("source", {}).get("authors"):
            meta.append("by " + ", ".join(doc["source"]["authors"]))
        console.print(" · ".join(meta), style="dim")

        actors = Table(title="Actors", show_lines=False, title_justify="left")
        for column in ("name", "kind", "principal", "sectors", "role", "code", "mentions"):
            actors.add_column(column)
        for a in doc["actors"]:
            actors.add_row(
                a["name"],
                a["kind"],
                a.get("country") or a.get("org") or "",
                ",".join(a["sectors"]),
                a.get("role") or "",
                a.get("code") or "",
                str(len(a["mentions"])),
            )
        console.print(actors)

        if doc["events"]:
            events = Table(title="Events", title_justify="left")
            for column in ("date", "source", "code", "target", "goldstein", "modality", "trigger"):
                events.add_column(column)
            for e in doc["events"]:
                events.add_row(
                    e.get("date") or "",
                    _party(doc, e["source"], names),
                    e["cameo"],
                    _party(doc, e["target"], names),
                    f"{e['goldstein']:+.1f}",
                    e.get("modality") or "",
                    (e.get("trigger") or {}).get("text", ""),
                )
            console.print(events)

        if doc["quotes"]:
            quotes = Table(title="Quotes", title_justify="left")
            for column in ("speaker", "via", "kind", "quote"):
                quotes.add_column(column, overflow="fold")
            for q in doc["quotes"]:
                text = q["text"] if len(q["text"]) < 120 else q["text"][:117] + "..."
                quotes.add_row(q.get("speaker_name") or "?", q.get("via") or "", q["kind"], text)
            console.print(quotes)

        if doc["agreements"]:
            agreements = Table(title="Agreements", title_justify="left")
            for column in ("name", "parties", "signed", "status", "provisions", "replaces"):
                agreements.add_column(column, overflow="fold")
            for ag in doc["agreements"]:
                agreements.add_row(
                    ag["name"],
                    ", ".join(ag["parties"]),
                    ag.get("signed") or "",
                    ag.get("status") or "",
                    ", ".join(ag["provisions"]),
                    "; ".join(ag["replaces"]),
                )
            console.print(agreements)

        if doc["relations"]:
            relations = Table(title="Relations", title_justify="left")
            for column in ("pair", "level", "since", "claimed by"):
                relations.add_column(column)
            for r in doc["relations"]:
                relations.add_row(
                    " – ".join(r["parties"]), r["level"], r.get("since") or "", names.get(r.get("claimed_by") or "", "")
                )
            console.print(relations)

        times = ", ".join(f"{t['text']}={t['value']}" for t in doc["times"] if t.get("value"))
        places = ", ".join(sorted({f"{p['text']} ({p.get('country') or '?'})" for p in doc["places"]}))
        if times:
            console.print(f"[bold]Times[/bold] {times}")
        if places:
            console.print(f"[bold]Places[/bold] {places}")
        console.print()
