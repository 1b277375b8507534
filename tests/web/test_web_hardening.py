"""The web app under hostile requests: generated requests to every API operation (schemathesis),
hostile query strings on the pages, bodies over the limit however they arrive, JSON that is
nested deep or carries unpaired surrogates, CORS closed, and never a stack trace in an answer."""

from __future__ import annotations

import json

import apifuzz
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SENTENCE = "The foreign ministers of Chile and Norway met in Oslo on Monday to discuss fishing rights."


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    return body["error"]


def assert_no_stack_trace(text: str) -> None:
    assert not any(marker in text for marker in apifuzz.STACK_TRACE_MARKERS), text[:500]


def test_schemathesis_finds_no_server_error_and_every_answer_follows_the_openapi(app):
    report = apifuzz.run(app, max_examples=12)
    assert report["operations"] >= 9
    assert report["server_errors"] == 0, json.dumps(report["by_operation"], indent=1)
    assert report["stack_traces"] == 0
    assert all(not op["nonconforming"] for op in report["by_operation"].values()), report["by_operation"]


hostile_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["²", "٣", "-1", "0", "99999999999999999999999", "1e9", " 7 ", "\x00", "%00", "NaN", "[]"]),
)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(["/", "/articles", "/events", "/dyads", "/network", "/read", "/dyads/FIN/RUS"]),
    params=st.dictionaries(
        st.sampled_from(["page", "per_page", "quad", "since", "until", "a", "b", "actor", "root", "on", "state", "by"]),
        hostile_values,
        max_size=4,
    ),
)
def test_pages_answer_hostile_query_strings_without_a_server_error(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code < 500, (path, params, response.text[:300])
    assert_no_stack_trace(response.text)


@pytest.mark.parametrize(
    "path, status",
    [
        ("/api/v1/articles/99999999999999999999999", 422),  # overflowed SQLite's integer: a 500
        ("/api/v1/obligations/%1D", 422),  # blank once decoded: an assertion failed
        ("/api/v1/dyads/%20/FIN", 422),
        ("/api/v1/articles?page=99999999999999999999", 422),
        ("/articles/99999999999999999999999", 422),
        ("/articles?page=%C2%B2", 200),  # "²".isdigit() is true and int("²") raised
        ("/events?quad=%C2%B2&per_page=%C2%B9", 200),
        ("/articles?page=99999999999999999999", 200),
    ],
)
def test_ids_pages_and_states_that_once_failed_are_client_errors(client, path, status):
    response = client.get(path)
    assert response.status_code == status, response.text[:300]
    if path.startswith("/api/"):
        assert error_of(response)["status"] == status


def test_a_streamed_body_over_the_limit_is_refused_as_it_arrives(client):
    def chunks():
        for _ in range(40):
            yield b"x" * 100_000

    response = client.post("/api/v1/extract", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "limit" in error_of(response)["message"]


def test_json_nested_past_the_recursion_limit_is_a_client_error(client):
    body = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = client.post("/api/v1/extract", content=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500
    error_of(response)
    assert_no_stack_trace(response.text)


def test_unpaired_surrogates_in_a_submission_come_back_as_replacement_characters(client):
    body = '{"text": "' + SENTENCE + ' \\ud800", "title": "Talks \\udfff in Oslo"}'
    response = client.post("/api/v1/extract", content=body.encode(), headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text[:300]
    document = response.json()
    assert document["text"].endswith("\ufffd") and document["title"] == "Talks \ufffd in Oslo"


def test_cors_preflight_is_not_answered_with_an_allowed_origin_by_default(client):
    response = client.options(
        "/api/v1/extract",
        headers={"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in response.headers
    assert "access-control-allow-methods" not in response.headers


def test_an_unexpected_failure_answers_a_generic_500_without_its_details(app, client, monkeypatch):
    storage = app.state.store

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret detail of the failure at /srv/db")

    monkeypatch.setattr(storage, "store", broken)
    api = client.get("/api/v1/articles")
    page = client.get("/articles")
    assert api.status_code == page.status_code == 500
    assert error_of(api) == {"status": 500, "message": "internal server error (the server's log has the details)"}
    assert page.headers["content-type"].startswith("text/html")
    for response in (api, page):
        assert "secret detail" not in response.text and "RuntimeError" not in response.text
        assert_no_stack_trace(response.text)
