"""The server-rendered pages. Every filter, sort and page is a query parameter, so each view
has a URL that can be bookmarked and shared, and nothing needs JavaScript."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from communique.knowledge.cameo import codebook, lookup
from communique.store import StoreError
from communique.web import chart, network, service
from communique.web.highlight import segments
from communique.web.queries import EVENT_SORTS, Order, article_page, busiest_dyads, event_page
from communique.web.reading import Submission, UnreadableArticle
from communique.web.storage import access

router = APIRouter(include_in_schema=False)

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
QUAD_COLOURS = {1: "#3f8fd2", 2: "#2e9a5b", 3: "#e0a030", 4: "#c8463b"}
PER_PAGE = (25, 50, 100, 200)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    response: Response = request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)
    return response


def cameo_name(code: str) -> str:
    try:
        return lookup(str(code)).name
    except (KeyError, ValueError):
        return ""


def web_url(url: object) -> str | None:
    """An http(s) URL fit for a link, else ``None``: a stored ``javascript:`` URL never becomes one."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in {"http", "https"} and parts.netloc else None


def reader_context(document: dict[str, Any]) -> dict[str, Any]:
    """What ``article.html`` needs to show a document beside its highlighted text."""
    return {
        "document": document,
        "segments": segments(document),
        "actors": {a["id"]: a for a in document.get("actors", []) if "id" in a},
        "quad_names": QUAD_NAMES,
        "cameo_name": cameo_name,
        "source_url": web_url((document.get("source") or {}).get("url")),
        "document_json": json.dumps(document, ensure_ascii=False, indent=2),
    }


@router.get("/docs", response_class=HTMLResponse)
async def api_docs(request: Request) -> Response:
    """The API reference (Swagger UI served from this package; its own CSP allows its styles)."""
    return render(request, "docs.html", {})


@router.get("/read", response_class=HTMLResponse)
async def read_form(request: Request) -> Response:
    return render(request, "read.html", {"form": {}, "message": None})


@router.post("/read", response_class=HTMLResponse)
async def read_article(request: Request) -> Response:
    """Read pasted text or an uploaded file; show it highlighted, and keep it when asked."""
    limit = request.app.state.settings.max_body_bytes
    form = await request.form(max_files=1, max_fields=10, max_part_size=limit)
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    upload = form.get("file")
    data = None
    origin = "the pasted text"
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        origin = upload.filename
        if not data:
            data = None
    submission = Submission(
        text=fields.get("text"),
        data=data,
        published=fields.get("published"),
        title=fields.get("title"),
        origin=origin,
    )
    keep = fields.get("keep") == "1"
    try:
        document = await run_in_threadpool(request.app.state.reader.read, submission)
    except UnreadableArticle as exc:
        context = {"form": {**fields, "keep": keep}, "message": f"{origin}: {exc}"}
        return render(request, "read.html", context, status_code=422)
    context = reader_context(document)
    if keep:
        from communique.web.storage import keep_document

        context["kept"] = await run_in_threadpool(keep_document, request, document, False)
    return render(request, "article.html", context)


def with_query(request: Request, **changes: object) -> str:
    """This page's URL with some query parameters changed (``None`` drops one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    from urllib.parse import urlencode

    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def paging(request: Request, page: int, per_page: int, total: int) -> dict[str, Any]:
    pages = max(1, -(-total // per_page))
    return {
        "page": page,
        "pages": pages,
        "total": total,
        "first": (page - 1) * per_page + 1 if total else 0,
        "last": min(page * per_page, total),
        "prev": with_query(request, page=page - 1) if page > 1 else None,
        "next": with_query(request, page=page + 1) if page < pages else None,
    }


def page_number(value: str | None) -> int:
    return service.whole_number(value, low=1, high=service.MAX_PAGE) or 1


def page_size(value: str | None) -> int:
    size = service.whole_number(value, low=1, high=max(PER_PAGE))
    return size if size in PER_PAGE else 50


def blank_none(params: dict[str, str], *names: str) -> dict[str, str | None]:
    return {name: (params.get(name) or "").strip() or None for name in names}


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    store = access(request).store()
    counts = store.counts()
    summary = {
        "articles": counts.get("articles", 0),
        "events": counts.get("events", 0),
        "relations": counts.get("relations", 0) + counts.get("agreements", 0),
    }
    return render(request, "index.html", {"counts": summary, "latest": store.articles(limit=8)})


@router.get("/articles", response_class=HTMLResponse)
def articles_list(request: Request) -> Response:
    q = blank_none(dict(request.query_params), "since", "until", "outlet")
    page, per_page = page_number(request.query_params.get("page")), page_size(request.query_params.get("per_page"))
    since, until = service.day(q["since"], "since"), service.day(q["until"], "until")
    try:
        items, total = article_page(
            access(request).store(),
            since=since,
            until=until,
            outlet=q["outlet"],
            limit=per_page,
            offset=(page - 1) * per_page,
        )
    except StoreError as exc:
        raise service.invalid(str(exc)) from exc
    context = {"items": items, "q": q, "paging": paging(request, page, per_page, total)}
    return render(request, "articles.html", context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page_view(request: Request, article_id: Annotated[int, Path(ge=1, le=service.MAX_ID)]) -> Response:
    store = access(request).store()
    record, document = store.article(article_id), store.document(article_id)
    if record is None or document is None:
        raise HTTPException(404, f"no article {article_id} in the store")
    context = reader_context(document)
    context["record"] = record
    if record.duplicate_of:
        context["note"] = f"A syndicated copy of article {record.duplicate_of}."
    return render(request, "article.html", context)


@router.get("/events", response_class=HTMLResponse)
def events_explorer(request: Request) -> Response:
    params = dict(request.query_params)
    q = blank_none(params, "actor", "a", "b", "since", "until", "root", "quad")
    sort = str(params.get("sort")) if params.get("sort") in EVENT_SORTS else "date"
    order: Order = "asc" if params.get("order") == "asc" else "desc"
    page, per_page = page_number(params.get("page")), page_size(params.get("per_page"))
    quad = service.whole_number(q["quad"], low=1, high=4)
    filters = service.event_filters(
        actor=q["actor"],
        first=q["a"],
        second=q["b"],
        directed=params.get("directed") == "1",
        since=q["since"],
        until=q["until"],
        root=q["root"],
        quad_class=quad,
    )
    try:
        rows, total = event_page(
            access(request).store(), filters, sort=sort, order=order, limit=per_page, offset=(page - 1) * per_page
        )
    except StoreError as exc:
        raise service.invalid(str(exc)) from exc
    headers = {
        key: with_query(request, sort=key, order="asc" if sort == key and order == "desc" else "desc", page=None)
        for key in EVENT_SORTS
    }
    context = {
        "rows": rows,
        "q": q,
        "directed": params.get("directed") == "1",
        "sort": sort,
        "order": order,
        "per_page": per_page,
        "per_page_options": PER_PAGE,
        "sort_links": headers,
        "paging": paging(request, page, per_page, total),
        "roots": [(code, entry.name) for code, entry in sorted(codebook().items()) if len(code) == 2],
        "quad_names": QUAD_NAMES,
        "cameo_name": cameo_name,
        "filters": filters,
    }
    return render(request, "events.html", context)


@router.get("/dyads", response_class=HTMLResponse)
def dyads(request: Request) -> Response:
    q = blank_none(dict(request.query_params), "a", "b")
    if q["a"] and q["b"]:
        a, b = service.actor_key(q["a"], "a"), service.actor_key(q["b"], "b")
        from fastapi.responses import RedirectResponse

        return RedirectResponse(f"/dyads/{a}/{b}", status_code=303)
    return render(request, "dyads.html", {"busiest": busiest_dyads(access(request).store()), "q": q})


@router.get("/dyads/{first}/{second}", response_class=HTMLResponse)
def dyad_view(request: Request, first: str, second: str) -> Response:
    params = dict(request.query_params)
    by: service.Period = "day" if params.get("by") == "day" else "year" if params.get("by") == "year" else "month"
    q = blank_none(params, "since", "until")
    view = service.dyad_view(
        access(request),
        first,
        second,
        by=by,
        directed=params.get("directed") == "1",
        since=q["since"],
        until=q["until"],
    )
    buckets = [chart.Bucket(b.period, dict(b.quad_counts), b.mean_goldstein) for b in view.buckets]
    markers = [
        chart.Marker(str(entry["date"]), entry["kind"], entry["what"].replace("_", " "))
        for entry in view.timeline
        if entry.get("date")
    ]
    context = {
        "view": view,
        "chart": chart.timeline(buckets, markers, unit=by),
        "by": by,
        "q": q,
        "directed": params.get("directed") == "1",
        "quad_colours": QUAD_COLOURS,
        "quad_names": QUAD_NAMES,
        "totals": {quad: sum(b.quad_counts.get(quad, 0) for b in buckets) for quad in QUAD_NAMES},
        "events_link": f"/events?a={view.first}&b={view.second}",
    }
    return render(request, "dyad.html", context)


@router.get("/network", response_class=HTMLResponse)
def alliance_network(request: Request) -> Response:
    params = dict(request.query_params)
    q = blank_none(params, "on", "state")
    on = service.on_date(q["on"]) if q["on"] else None
    selected = service.actor_key(q["state"], "state") if q["state"] else None
    graph = service.alliance_graph(access(request), on)
    bound = service.obligations(access(request), selected, on or service.on_date(None)) if selected else []
    context = {
        "network": network.layout(graph, selected),
        "graph": graph,
        "selected": selected,
        "q": q,
        "on": on,
        "bound": bound,
        "node_link": lambda node: with_query(request, state=node),
    }
    return render(request, "network.html", context)
