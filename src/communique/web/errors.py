"""Errors as users see them: JSON ``{"error": {"status", "message"}}`` under ``/api``, a small
HTML page elsewhere. Never a stack trace: unexpected failures are logged on the server and the
client gets a generic 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("communique.web")

API_PREFIX = "/api/"

REASONS = {
    400: "bad request",
    404: "not found",
    405: "method not allowed",
    413: "request too large",
    415: "unsupported media type",
    422: "invalid request",
    500: "internal server error",
}


def error_json(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX) or request.url.path == "/openapi.json"


def _respond(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if _is_api(request):
        return error_json(status, message, headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "reason": REASONS.get(status, "error"), "message": message},
        status_code=status,
        headers=headers,
    )


def validation_message(errors: list[Any]) -> str:
    """``text: Field required; page: Input should be ...`` from pydantic's errors."""
    parts = []
    for error in errors[:5]:
        if error.get("type") == "json_invalid":
            detail = (error.get("ctx") or {}).get("error")
            parts.append("the body is not valid JSON" + (f" ({detail})" if detail else ""))
            continue
        loc = [str(p) for p in error.get("loc", ()) if p not in {"body", "query", "path"}]
        where = ".".join(loc)
        message = str(error.get("msg", "invalid"))
        parts.append(f"{where}: {message}" if where else message)
    more = len(errors) - 5
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into one of our error responses."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else REASONS.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or resource: {request.url.path}"
        if exc.status_code == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not allowed on {request.url.path}"
        return _respond(request, exc.status_code, message, dict(exc.headers) if exc.headers else None)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return _respond(request, 422, validation_message(list(exc.errors())))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _respond(request, 500, "internal server error (the server's log has the details)")


def html_fallback(status: int, message: str) -> HTMLResponse:
    """A bare error page for the few errors raised before the app's templates can be used."""
    from html import escape

    return HTMLResponse(f"<!doctype html><title>{status}</title><p>{escape(message)}</p>", status_code=status)
