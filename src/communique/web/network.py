"""The alliance network drawn on the server: states on a circle, relation levels and
mutual-defence agreements as edges (from :func:`communique.analysis.ledger.alliance_graph`).

A circle keeps every label readable and every edge visible for the tens of states a corpus
names; the selected state's ties are drawn on top.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from communique.knowledge import load_toml

SIZE = 640


@cache
def level_ranks() -> dict[str, int]:
    """Relation level -> rank on the documented ladder (``data/relations.toml``)."""
    return {level["name"]: int(level["rank"]) for level in load_toml("relations.toml").get("level", [])}


def level_colour(level: str | None) -> str:
    """Cool greys for distant ties, deep blues for close ones."""
    ranks = level_ranks()
    top = max(ranks.values(), default=1) or 1
    share = ranks.get(level or "", 0) / top
    light = round(78 - 48 * share)
    return f"hsl(212, {round(25 + 50 * share)}%, {light}%)"


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    selected: bool
    degree: int


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str
    label: str
    colour: str
    touches_selected: bool


@dataclass(slots=True)
class Network:
    size: int = SIZE
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def layout(graph: dict[str, Any], selected: str | None = None) -> Network:
    """Place ``graph``'s nodes on a circle (sorted, so the picture is stable) and its edges between them."""
    network = Network()
    ids = [n["id"] for n in graph.get("nodes", [])]
    if not ids:
        return network
    centre, radius = SIZE / 2, SIZE / 2 - 70
    where: dict[str, tuple[float, float, float]] = {}
    for index, node in enumerate(ids):
        angle = 2 * math.pi * index / len(ids) - math.pi / 2
        where[node] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle), angle)
    degree: dict[str, int] = {}
    for edge in graph.get("edges", []):
        a, b = edge["source"], edge["target"]
        if a not in where or b not in where:
            continue
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
        defence = edge.get("type") == "mutual_defense"
        label = (
            f"{a} – {b}: "
            + (f"mutual defence under {edge.get('agreement')}" if defence else f"{edge.get('level')}")
            + (f" ({edge['date']})" if edge.get("date") else "")
        )
        network.edges.append(
            Edge(
                a,
                b,
                where[a][0],
                where[a][1],
                where[b][0],
                where[b][1],
                "mutual_defense" if defence else "relation",
                label,
                "#c8463b" if defence else level_colour(edge.get("level")),
                selected in {a, b},
            )
        )
    network.edges.sort(key=lambda e: (e.touches_selected, e.kind == "mutual_defense"))
    for node in ids:
        x, y, angle = where[node]
        lx, ly = x + 18 * math.cos(angle), y + 18 * math.sin(angle) + 4
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        network.nodes.append(Node(node, x, y, lx, ly, anchor, node == selected, degree.get(node, 0)))
    return network
