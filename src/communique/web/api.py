"""The REST API under ``/api/v1``: typed answers (pydantic), paged lists, JSON errors."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool

from communique.reader import ReadFailure
from communique.web.models import Document, ErrorResponse, ExtractRequest
from communique.web.reading import Submission, UnreadableArticle

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in {413: "the body is over the size limit", 422: "the request is invalid"}.items()
}

router = APIRouter(prefix="/api/v1", responses=ERRORS)


def read_submission(request: Request, submission: Submission) -> dict[str, Any]:
    """The document of a submission, or an HTTP error whose message says what is wrong."""
    try:
        return request.app.state.reader.read(submission)  # type: ignore[no-any-return]
    except UnreadableArticle as exc:
        raise HTTPException(422, str(exc)) from exc
    except ReadFailure as exc:
        raise HTTPException(500, f"the reader failed on this article ({type(exc.cause).__name__})") from exc


@router.post(
    "/extract",
    response_model=Document,
    response_model_by_alias=True,
    summary="Read one article (text or HTML) into a document",
    tags=["reading"],
    responses={201: {"model": Document, "description": "read and kept in the store"}},
)
async def extract(body: ExtractRequest, request: Request, response: Response) -> dict[str, Any]:
    """Reads the article with the same pipeline as `communique extract` and answers with its
    contract document. With `keep`, the document is also stored (201, `Location` of the article)."""
    submission = Submission(text=body.text, html=body.html, published=body.published, title=body.title, url=body.url)
    document = await run_in_threadpool(read_submission, request, submission)
    if body.keep:
        from communique.web.storage import keep_document

        location = await run_in_threadpool(keep_document, request, document)
        response.status_code = 201
        response.headers["Location"] = location
    return document
