"""The pages in a real browser: Debian's chromium driven by Playwright (no browser download).

Screenshots land in ``test-artifacts/screenshots/``. Without chromium the tests skip, except
in CI (``CI`` set), where ``scripts/ensure-chromium.sh`` must have installed it: there a missing
browser fails the run instead of passing it silently.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, INJECTION_ARTICLE, article_id_titled

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def chromium_path() -> str | None:
    return os.environ.get("COMMUNIQUE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: scripts/ensure-chromium.sh should have installed it")
        pytest.skip("chromium is not installed (apt-get install chromium, or run scripts/ensure-chromium.sh as root)")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page that fails the test on any script error, dialog or request leaving this server."""
    context = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=live_server)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    opened.on(
        "console", lambda message: problems.append(f"console: {message.text}") if message.type == "error" else None
    )
    opened.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_server) or request.url.startswith("data:")
            else problems.append(f"request off the server: {request.url}")
        ),
    )
    opened.problems = problems  # type: ignore[attr-defined]
    yield opened
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


PAGES = [
    ("home", "/", "h1"),
    ("articles", "/articles", "#articles tbody tr"),
    ("events", "/events", "#events tbody tr"),
    ("dyads", "/dyads", "#busiest"),
    ("network", "/network", "#alliance-graph"),
    ("network-finland", "/network?state=FIN&on=2024-01-01", "#obligations"),
    ("read", "/read", "form.read-form"),
    ("api-docs", "/docs", ".swagger-ui .info"),
]


@pytest.mark.parametrize(("name", "path", "selector"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_loads(page, name, path, selector):
    response = page.goto(path)
    assert response is not None and response.status == 200
    page.wait_for_selector(selector, timeout=20_000)
    shot(page, name)
    assert page.problems == []


def test_the_dyad_view_draws_its_timeline(page, client):
    events = client.get("/api/v1/events", params={"actor": "FIN", "per_page": 500}).json()["items"]
    other = next(
        e["actor2"]["key"] if e["actor1"]["key"] == "FIN" else e["actor1"]["key"]
        for e in events
        if {e["actor1"]["key"], e["actor2"]["key"]} - {"FIN", None}
    )
    page.goto(f"/dyads/FIN/{other}")
    page.wait_for_selector("#timeline")
    assert page.locator("#timeline rect.bar").count() >= 1
    shot(page, "dyad")
    assert page.problems == []


def test_events_filter_and_sort(page):
    page.goto("/events")
    everything = page.locator("#events tbody tr[data-quad]").count()
    assert everything > 0
    page.select_option("select[name=quad]", "1")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url("**quad=1**")
    quads = page.locator("#events tbody tr[data-quad]").evaluate_all("rows => rows.map(r => r.dataset.quad)")
    assert quads and set(quads) == {"1"}
    assert len(quads) <= everything
    page.click("th a[data-sort=goldstein]")
    page.wait_for_url("**sort=goldstein**")
    assert "quad=1" in page.url  # the filter survives the sort
    scores = [float(s) for s in page.locator("#events td.goldstein").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)
    shot(page, "events-filtered")
    assert page.problems == []


def test_the_reader_highlights_the_example_article(page):
    page.goto("/read")
    page.fill("#text", EXAMPLE.read_text(encoding="utf-8"))
    page.fill("#published", "2023-04-04")
    page.click("form.read-form button[type=submit]")
    page.wait_for_selector("#article-text")
    texts = {
        kind: set(page.locator(f"#article-text .hl-{kind}").all_inner_texts())
        for kind in ("actor", "time", "place", "quote", "event")
    }
    assert {"Finland", "NATO", "Pekka Haavisto", "Antony Blinken"} <= texts["actor"]
    assert "April 4, 2023" in texts["time"]
    assert "Brussels" in texts["place"] or "BRUSSELS" in texts["place"]
    assert any("counter-measures" in t for t in texts["quote"])
    assert texts["event"]
    # A highlight links to its entry in the structured panel, and the entry back to the text.
    mention = page.locator("#article-text a.hl", has_text="Pekka Haavisto").first
    target = mention.get_attribute("href")
    mention.click()
    entry = page.locator(target)
    assert "Pekka Haavisto" in entry.inner_text()
    assert entry.evaluate("el => el.matches(':target')")
    shot(page, "reader-example")
    assert page.problems == []


def test_upload_an_html_file_and_keep_it(page, tmp_path):
    paragraphs = EXAMPLE.read_text(encoding="utf-8").split("\n\n")
    html = (
        "<!doctype html><html><head><title>Finland joins NATO</title></head><body><article>"
        f"<h1>{paragraphs[0]}</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs[3:]) + "</article></body></html>"
    )
    upload = tmp_path / "finland.html"
    upload.write_text(html, encoding="utf-8")
    page.goto("/read")
    page.set_input_files("#file", str(upload))
    page.fill("#published", "2023-04-05")
    page.check("#keep")
    page.click("form.read-form button[type=submit]")
    page.wait_for_selector("#article-text")
    assert page.locator("#article-text .hl-actor").count() > 0
    kept = page.locator("p.notice a").get_attribute("href")
    assert kept and kept.startswith("/articles/")
    shot(page, "upload-read")
    page.goto(kept)
    page.wait_for_selector("#article-text .hl-actor")
    assert "2023-04-05" in page.locator(".doc-head .meta").inner_text()
    shot(page, "upload-kept")
    assert page.problems == []


def test_an_unreadable_upload_is_reported_on_the_form(page, tmp_path):
    upload = tmp_path / "picture.html"
    upload.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    page.goto("/read")
    page.set_input_files("#file", str(upload))
    page.click("form.read-form button[type=submit]")
    alert = page.wait_for_selector(".error-notice")
    assert "picture.html" in alert.inner_text()
    assert [p for p in page.problems if "status of 422" not in p] == []  # the form answers 422, on purpose


def test_script_and_html_injection_render_inert(page, client):
    article_id = article_id_titled(client, "Ministers meet")
    page.goto(f"/articles/{article_id}")
    page.wait_for_selector("#article-text")
    visible = page.locator("#article-text").inner_text()
    assert "<script>alert('headline')</script>" in visible  # shown as text, not run
    assert "<img src=x onerror=alert('img')>" in visible
    assert "Ministers meet <script>alert('title')</script>" in page.locator("h1").inner_text()
    assert page.locator("img").count() == 0
    assert page.locator("iframe").count() == 0
    assert page.locator("b", has_text="We").count() == 0
    scripts = page.evaluate("() => Array.from(document.scripts, s => s.getAttribute('src'))")
    assert scripts == ["/static/app.js"]
    assert page.locator("a[href^='javascript']").count() == 0
    shot(page, "injection-stored")
    # The same article pasted into the reader.
    page.goto("/read")
    page.fill("#text", INJECTION_ARTICLE)
    page.click("form.read-form button[type=submit]")
    page.wait_for_selector("#article-text")
    assert page.locator("img, iframe").count() == 0
    assert page.evaluate("() => Array.from(document.scripts, s => s.getAttribute('src'))") == ["/static/app.js"]
    shot(page, "injection-read")
    assert page.problems == []
