"""Agreements, the relations ladder and alliance obligations, from our own articles."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from communique.analysis.ledger import alliance_graph, entries, obligations, pair_timeline, to_graphml


def test_multilateral_pact(read):
    doc = read(
        "Kenya, Uganda and Tanzania signed a mutual defence pact in Arusha on Monday. Under the pact, an armed attack "
        "on one member will be treated as an attack on all.",
        published="2025-03-03",
    )
    pact = doc["agreements"][0]
    assert set(pact["parties"]) >= {"KEN", "UGA", "TZA"}
    assert pact["signed"] == "2025-03-03" and pact["status"] == "signed"
    assert "mutual_defense" in pact["provisions"]


@pytest.mark.parametrize(
    "second",
    [
        "The accord does not include a mutual defence clause.",
        "The accord contains no mutual defence clause.",
        "Officials said the accord stops short of a mutual defence commitment.",
        "It is a pact without a mutual defence clause.",
    ],
)
def test_a_denied_provision_is_not_the_agreements(read, second):
    doc = read(f"Peru and Ecuador signed a security accord in Lima on Monday. {second}", published="2025-03-03")
    (accord,) = doc["agreements"]
    assert "mutual_defense" not in accord["provisions"]


def test_a_provision_beside_a_denied_one_is_kept(read):
    doc = read(
        "Peru and Ecuador signed a security accord in Lima on Monday. The accord does not cover trade, "
        "but it commits each side to come to the other's defence if attacked.",
        published="2025-03-03",
    )
    (accord,) = doc["agreements"]
    assert "mutual_defense" in accord["provisions"] and "trade" not in accord["provisions"]


def test_proposed_agreement_is_not_signed(read):
    doc = read("Chile proposed a free trade agreement with Vietnam on Tuesday.", published="2025-03-04")
    agreement = doc["agreements"][0]
    assert agreement["status"] == "proposed" and agreement["signed"] is None
    assert "trade" in agreement["provisions"]


def test_terminated_treaty(read):
    doc = read("Ecuador terminated its defence treaty with Peru on Friday.", published="2025-03-07")
    assert doc["agreements"][0]["status"] == "terminated"


def test_replaced_instruments(read):
    doc = read(
        "Mongolia and Kazakhstan signed a new cooperation treaty on Monday. The new treaty would replace the 1993 "
        "treaty and the Astana and Ulaanbaatar Declarations of 2004 and 2011.",
        published="2025-03-03",
    )
    treaty = next(a for a in doc["agreements"] if a["signed"] == "2025-03-03")
    assert len(treaty["replaces"]) >= 2


def test_relation_since_and_levels(read):
    doc = read("Brazil and Argentina have maintained a strategic partnership since 1997.", published="2025-03-03")
    relation = doc["relations"][0]
    assert set(relation["parties"]) == {"BRA", "ARG"}
    assert relation["level"] == "strategic_partnership" and relation["since"] == "1997"


def test_negated_relations(read):
    doc = read("Bhutan and China have never established diplomatic relations.", published="2025-03-03")
    assert doc["relations"][0]["level"] == "no_relations"


def test_level_claimed_by_one_side(read):
    doc = read(
        'Laotian Prime Minister Sonexay Siphandone said the visit had lifted ties with Cambodia to "a new, high level '
        'of alliance."',
        published="2025-03-03",
    )
    relation = next(r for r in doc["relations"] if r["level"] == "alliance")
    speaker = next(a for a in doc["actors"] if a["id"] == relation["claimed_by"])
    assert speaker["country"] == "LAO"


def _documents(read):
    return [
        read(
            "Iceland and Ireland signed a mutual defence treaty on Monday, pledging assistance if either is attacked.",
            published="2010-05-03",
        ),
        read("Ireland terminated its 2010 defence treaty with Iceland on Thursday.", published="2020-09-03"),
    ]


def test_obligations_on_two_dates(read):
    ledger = entries(_documents(read))
    before = obligations(ledger, "ISL", date(2015, 1, 1))
    assert [o.bound for o in before] == ["IRL"]
    assert obligations(ledger, "ISL", date(2022, 1, 1)) == []
    timeline = pair_timeline(ledger, "ISL", "IRL")
    assert [e.date[:4] for e in timeline if e.date] == sorted(e.date[:4] for e in timeline if e.date)


def test_alliance_graph_exports(read):
    ledger = entries(_documents(read))
    graph = alliance_graph(ledger, date(2015, 1, 1))
    assert {n["id"] for n in graph["nodes"]} >= {"ISL", "IRL"}
    assert any(e["type"] == "mutual_defense" for e in graph["edges"])
    assert to_graphml(graph).startswith("<?xml") and "<edge" in to_graphml(graph)


def test_cli_relations_and_obligations(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Defence pact signed\n\nMay 3, 2010 - 10:00 By Jane Roe\n\n"
        "Iceland and Ireland signed a mutual defence treaty on Monday, pledging assistance if either is attacked.\n",
        encoding="utf-8",
    )
    run = [sys.executable, "-m", "communique"]
    proc = subprocess.run(
        [*run, "relations", "Iceland", "IRL", str(tmp_path), "--json"], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["kind"] == "agreement"
    graph = tmp_path / "g.graphml"
    proc = subprocess.run(
        [*run, "obligations", "ISL", str(tmp_path), "--on", "2015-01-01", "--json", "--graph", str(graph)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert [o["bound"] for o in json.loads(proc.stdout)["bound"]] == ["IRL"]
    assert graph.read_text().startswith("<?xml")


def test_a_level_granted_to_a_list(read):
    doc = read(
        "Kenya and Japan upgraded their relations to a comprehensive strategic partnership on Monday. "
        "The move gives Tokyo a status Nairobi had until now granted only to China and India.",
        published="2025-03-03",
    )
    pairs = {
        tuple(sorted(r["parties"])) for r in doc["relations"] if r["level"] == "comprehensive_strategic_partnership"
    }
    assert {("JPN", "KEN"), ("CHN", "KEN"), ("IND", "KEN")} <= pairs


def test_ally_inside_another_word_is_no_alliance(read):
    doc = read(
        "The two presidents signed a declaration on Friday and said they would formally end the border dispute "
        "between Peru and Ecuador.",
        published="2024-05-17",
    )
    assert not [r for r in doc["relations"] if r["level"] == "alliance"]
