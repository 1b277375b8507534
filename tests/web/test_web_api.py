"""The REST API under /api/v1 and the HTML responses, through FastAPI's TestClient."""

from __future__ import annotations

import re

import pytest

from communique.document import validation_errors
from conftest import EXAMPLE, INJECTED, INJECTION_ARTICLE, article_id_titled


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["status"] == response.status_code
    assert body["error"]["message"]
    return body["error"]


def test_extract_reads_text_into_a_contract_document(client):
    response = client.post(
        "/api/v1/extract", json={"text": EXAMPLE.read_text(encoding="utf-8"), "published": "2023-04-04"}
    )
    assert response.status_code == 200
    document = response.json()
    assert validation_errors(document) == []
    assert document["published"] == "2023-04-04"
    assert "Finland" in {a["name"] for a in document["actors"]}


def test_extract_reads_html(client):
    html = (
        "<html><head><title>Chile and Norway sign a trade deal</title></head><body><article>"
        "<h1>Chile and Norway sign a trade deal</h1>"
        + "".join(f"<p>{p}</p>" for p in INJECTION_ARTICLE.split("\n\n")[1:] if p.strip())
        + "</article></body></html>"
    )
    response = client.post("/api/v1/extract", json={"html": html})
    assert response.status_code == 200, response.text
    assert "Oslo" in response.json()["text"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "empty"),
        ({"text": "   \n  "}, "empty"),
        ({"text": "x", "colour": "red"}, "colour: Extra inputs are not permitted"),
        ({"text": "Leaders met.", "published": "2024-13-45"}, "published: '2024-13-45' is not a date"),
        ({"text": 42}, "text: Input should be a valid string"),
    ],
)
def test_extract_refuses_bad_input_with_a_json_message(client, body, fragment):
    response = client.post("/api/v1/extract", json=body)
    assert response.status_code == 422
    assert fragment in error_of(response)["message"]


def test_malformed_json_is_a_clear_error(client):
    response = client.post("/api/v1/extract", content=b"{text:", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "not valid JSON" in error_of(response)["message"]


def test_a_body_over_the_limit_is_refused_before_it_is_read(client):
    response = client.post("/api/v1/extract", content=b"x" * 3_000_000, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "limit" in error_of(response)["message"]


def test_an_article_over_the_article_limit_is_refused(app, web_reader):
    from fastapi.testclient import TestClient

    from communique.web import WebSettings, create_app

    roomy = create_app(WebSettings(database_url="sqlite://", max_body_bytes=10_000_000), reader=web_reader)
    with TestClient(roomy, raise_server_exceptions=False) as client:
        response = client.post("/api/v1/extract", json={"text": "word " * 500_000})
    assert response.status_code == 422
    assert "article limit" in error_of(response)["message"]


def test_unknown_paths_and_methods_are_json_errors_under_the_api(client):
    assert "no such page" in error_of(client.get("/api/v1/nothing"))["message"]
    response = client.get("/api/v1/extract")
    assert response.status_code == 405
    assert "GET is not allowed" in error_of(response)["message"]
    missing = client.get("/api/v1/articles/999999")
    assert missing.status_code == 404
    assert "no article 999999" in error_of(missing)["message"]


def test_pages_answer_errors_as_html(client):
    response = client.get("/articles/999999")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no article 999999 in the store" in response.text


def test_keep_stores_the_document_and_answers_201_with_its_location(client):
    text = EXAMPLE.read_text(encoding="utf-8").replace("Tuesday", "Tuesday afternoon")
    response = client.post("/api/v1/extract", json={"text": text, "keep": True})
    assert response.status_code == 201
    location = response.headers["location"]
    assert re.fullmatch(r"/api/v1/articles/\d+", location)
    stored = client.get(location).json()
    assert stored["document"]["fingerprint"] == response.json()["fingerprint"]


def test_articles_are_paged_with_a_total(client):
    first = client.get("/api/v1/articles", params={"per_page": 2}).json()
    assert first["page"] == 1 and first["per_page"] == 2 and len(first["items"]) == 2
    assert first["total"] >= 4
    second = client.get("/api/v1/articles", params={"per_page": 2, "page": 2}).json()
    assert {a["id"] for a in first["items"]}.isdisjoint({a["id"] for a in second["items"]})
    assert error_of(client.get("/api/v1/articles", params={"per_page": 0}))["message"].startswith("per_page:")


def test_events_filter_by_actor_quad_class_and_root(client):
    everything = client.get("/api/v1/events", params={"per_page": 500}).json()
    assert everything["total"] == len(everything["items"]) > 0
    finland = client.get("/api/v1/events", params={"actor": "Finland", "per_page": 500}).json()
    assert 0 < finland["total"] < everything["total"]
    assert all("FIN" in {e["actor1"]["key"], e["actor2"]["key"]} for e in finland["items"])
    cooperation = client.get("/api/v1/events", params={"quad_class": 1, "per_page": 500}).json()
    assert cooperation["items"] and all(e["quad_class"] == 1 for e in cooperation["items"])
    root = cooperation["items"][0]["root_code"]
    by_root = client.get("/api/v1/events", params={"root": root, "per_page": 500}).json()
    assert by_root["items"] and all(e["root_code"] == root for e in by_root["items"])


def test_events_sort_both_ways(client):
    ascending = client.get("/api/v1/events", params={"sort": "goldstein", "order": "asc", "per_page": 500}).json()
    scores = [e["goldstein"] for e in ascending["items"]]
    assert scores == sorted(scores)
    descending = client.get("/api/v1/events", params={"sort": "goldstein", "order": "desc", "per_page": 500}).json()
    assert [e["goldstein"] for e in descending["items"]] == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"root": "5x"}, "root: '5x' is not a CAMEO code"),
        ({"a": "USA"}, "give a and b"),
        ({"since": "yesterday"}, "since: 'yesterday' is not a date"),
        ({"actor": "Atlantis Federation of Nowhere"}, "names no state or organisation"),
        ({"sort": "colour"}, "sort:"),
        ({"quad_class": 7}, "quad_class:"),
    ],
)
def test_events_refuse_bad_filters(client, params, fragment):
    response = client.get("/api/v1/events", params=params)
    assert response.status_code == 422
    assert fragment in error_of(response)["message"]


def test_dyad_buckets_and_timeline(client):
    events = client.get("/api/v1/events", params={"per_page": 500}).json()["items"]
    pair = next(
        (e["actor1"]["key"], e["actor2"]["key"])
        for e in events
        if e["actor1"]["key"] and e["actor2"]["key"] and e["actor1"]["key"] != e["actor2"]["key"]
    )
    body = client.get(f"/api/v1/dyads/{pair[0]}/{pair[1]}").json()
    assert body["first"] == pair[0] and body["by"] == "month"
    assert sum(b["events"] for b in body["buckets"]) >= 1
    for bucket in body["buckets"]:
        assert sum(bucket["quad_counts"].values()) == bucket["events"]
    yearly = client.get(f"/api/v1/dyads/{pair[0]}/{pair[1]}", params={"by": "year"}).json()
    assert all(len(b["period"]) == 4 for b in yearly["buckets"])


def test_relations_obligations_and_alliances(client):
    relations = client.get("/api/v1/relations").json()
    assert relations["total"] == len(relations["items"]) >= 1
    obligations = client.get("/api/v1/obligations/Finland", params={"on": "2024-01-01"}).json()
    assert obligations["state"] == "FIN" and obligations["on"] == "2024-01-01"
    assert all(o["bound"] != "FIN" for o in obligations["bound"])
    graph = client.get("/api/v1/alliances").json()
    ids = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in graph["edges"])
    assert "not a date" in error_of(client.get("/api/v1/obligations/FIN", params={"on": "soon"}))["message"]


def test_openapi_documents_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/v1/extract",
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/events",
        "/api/v1/dyads/{a}/{b}",
        "/api/v1/relations",
        "/api/v1/obligations/{state}",
    ):
        assert path in spec["paths"], path
    assert "Document" in spec["components"]["schemas"]
    assert "ErrorResponse" in spec["components"]["schemas"]


def test_docs_page_loads_swagger_from_this_server_only(client):
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert client.get("/assets/swagger/swagger-ui-bundle.js").status_code == 200


def test_security_headers_and_closed_cors(client):
    response = client.get("/api/v1/articles", headers={"Origin": "http://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_cors_opens_only_to_the_origins_given(web_reader):
    from fastapi.testclient import TestClient

    from communique.web import WebSettings, create_app

    app = create_app(WebSettings(database_url="sqlite://", cors_origins=("http://analyst.example",)), reader=web_reader)
    with TestClient(app) as client:
        allowed = client.get("/api/v1/articles", headers={"Origin": "http://analyst.example"})
        other = client.get("/api/v1/articles", headers={"Origin": "http://elsewhere.example"})
    assert allowed.headers["access-control-allow-origin"] == "http://analyst.example"
    assert "access-control-allow-origin" not in other.headers


def test_injected_markup_is_escaped_in_every_page(client):
    article_id = article_id_titled(client, "Ministers meet")
    html = client.get(f"/articles/{article_id}").text
    for raw in (*INJECTED, "<script>alert('title')</script>", "<b>Test Wire</b>"):
        assert raw not in html
    assert "&lt;script&gt;alert(&#39;headline&#39;)&lt;/script&gt;" in html
    assert not re.search(r"(?:href|src)=\"javascript:", html)
    assert ">source</a>" not in html  # the javascript: URL of the source is not made a link
    listed = client.get("/articles").text
    assert "<script>alert('title')" not in listed and "&lt;script&gt;alert(&#39;title&#39;)" in listed
    read = client.post("/read", data={"text": INJECTION_ARTICLE}).text
    assert not any(raw in read for raw in INJECTED)
    scripts = re.findall(r"<script[^>]*>", read)
    assert scripts == ['<script src="/static/app.js" defer>']
