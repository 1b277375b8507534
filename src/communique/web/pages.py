"""The server-rendered pages. Every filter, sort and page is a query parameter, so each view
has a URL that can be bookmarked and shared, and nothing needs JavaScript."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from communique.knowledge.cameo import lookup
from communique.web.highlight import segments
from communique.web.reading import Submission, UnreadableArticle

router = APIRouter(include_in_schema=False)

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


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
