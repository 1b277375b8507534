"""The reader's segments, the dyad chart and the network layout: pure functions, no server."""

from __future__ import annotations

from communique.web.chart import Bucket, Marker, periods_between, timeline
from communique.web.highlight import segments
from communique.web.network import layout


def document(text: str, **parts) -> dict:
    return {
        "text": text,
        "actors": [],
        "quotes": [],
        "events": [],
        "times": [],
        "places": [],
        "agreements": [],
        **parts,
    }


def test_segments_cover_the_text_exactly_once_in_order():
    text = 'Norway said "Chile is a partner" on Monday.'
    doc = document(
        text,
        actors=[
            {"id": "a1", "name": "Norway", "mentions": [{"start": 0, "end": 6}]},
            {"id": "a2", "name": "Chile", "mentions": [{"start": 13, "end": 18}]},
        ],
        quotes=[{"id": "q1", "speaker_name": "Norway", "start": 13, "end": 31}],
        places=[{"text": "Chile", "start": 13, "end": 18, "name": "Chile"}],
        times=[{"text": "Monday", "start": 36, "end": 42, "value": "2024-03-04"}],
    )
    cut = segments(doc)
    assert "".join(s.text for s in cut) == text
    chile = next(s for s in cut if s.text == "Chile")
    assert chile.classes == "hl-actor hl-place hl-quote"
    assert chile.link == "actor-a2"  # the most specific entry: actor before place, quote is longer
    assert chile.refs.split() == ["quote-q1", "actor-a2", "place-0"]
    partner = next(s for s in cut if "partner" in s.text)
    assert partner.link == "quote-q1" and partner.classes == "hl-quote"
    assert next(s for s in cut if s.text == "Monday").link == "time-0"
    assert cut[0].anchors == ["at-actor-a1-0"]


def test_segments_ignore_spans_outside_the_text_and_clean_ids():
    doc = document(
        "Short text.",
        actors=[{"id": 'a"1><x', "name": "X", "mentions": [{"start": 0, "end": 5}, {"start": 4, "end": 99}]}],
        times=[{"text": "?", "start": 7, "end": 3, "value": None}],
    )
    cut = segments(doc)
    assert "".join(s.text for s in cut) == "Short text."
    linked = [s for s in cut if s.link]
    assert [s.text for s in linked] == ["Short"]
    assert linked[0].link == "actor-a_1__x"


def test_segments_mark_headlines():
    doc = document("Title\n\nBody.", lines=[{"start": 0, "end": 5, "kind": "headline"}])
    assert segments(doc)[0].classes == "line-headline"


def test_periods_run_across_years_without_gaps():
    assert periods_between("2023-11", "2024-02", "month") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert periods_between("2022", "2024", "year") == ["2022", "2023", "2024"]


def test_timeline_stacks_quad_classes_and_breaks_the_line_at_gaps():
    buckets = [
        Bucket("2024-01", {1: 2, 4: 1}, 3.0),
        Bucket("2024-02", {3: 1}, -4.0),
        Bucket("2024-05", {2: 3}, 5.0),
    ]
    chart = timeline(buckets, [Marker("2024-03-10", "agreement", "trade pact"), Marker("2019", "relation", "x")])
    assert [tick.label for tick in chart.x_ticks][:5] == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]
    january = [b for b in chart.bars if b.title.startswith("2024-01")]
    assert [b.quad for b in january] == [1, 4]
    assert january[0].y + january[0].height == chart.bottom
    assert january[1].y + january[1].height == january[0].y  # stacked
    assert len(chart.lines) == 1 and len(chart.lines[0].split()) == 2  # Jan-Feb joined, May alone
    assert [m.label for m in chart.markers] == ["trade pact"]  # a year-only date has no month to sit on
    bar_peak = min(b.y for b in chart.bars)
    assert bar_peak >= chart.top


def test_marker_labels_do_not_overlap_when_dates_are_close():
    markers = [Marker(f"2024-01-0{d}", "relation", "strategic partnership") for d in range(1, 4)]
    buckets = [Bucket("2024-01-01", {1: 1}, 1.0), Bucket("2024-12-31", {1: 1}, 1.0)]
    chart = timeline(buckets, markers, unit="day")
    assert len({m.label_y for m in chart.markers}) == 3
    spread = timeline(
        buckets, [Marker("2024-01-01", "relation", "a"), Marker("2024-12-01", "relation", "b")], unit="day"
    )
    assert len({m.label_y for m in spread.markers}) == 1


def test_network_places_every_state_and_highlights_the_selected():
    graph = {
        "nodes": [{"id": "CHL"}, {"id": "NOR"}, {"id": "SWE"}],
        "edges": [
            {"source": "CHL", "target": "NOR", "type": "relation", "level": "strategic_partnership"},
            {"source": "NOR", "target": "SWE", "type": "mutual_defense", "agreement": "A pact"},
        ],
    }
    network = layout(graph, selected="SWE")
    assert [n.id for n in network.nodes] == ["CHL", "NOR", "SWE"]
    assert next(n for n in network.nodes if n.selected).id == "SWE"
    assert network.edges[-1].kind == "mutual_defense" and network.edges[-1].touches_selected
    assert all(0 <= n.x <= network.size and 0 <= n.y <= network.size for n in network.nodes)
