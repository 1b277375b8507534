"""The REST API under ``/api/v1``: typed answers (pydantic), paged lists, JSON errors.

Handlers that touch the store are plain functions: FastAPI runs them in its thread pool, so a
slow query never blocks the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from communique.reader import ReadFailure
from communique.store import StoreError
from communique.web import service
from communique.web.models import (
    AllianceGraph,
    Document,
    DyadOut,
    ErrorResponse,
    ExtractRequest,
    ObligationsOut,
    Page,
    StoredAgreement,
    StoredArticle,
    StoredArticleWithDocument,
    StoredEvent,
    StoredRelation,
)
from communique.web.queries import EVENT_SORTS, article_page, event_page
from communique.web.reading import Submission, UnreadableArticle
from communique.web.storage import access

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in {
        400: "the body cannot be parsed (not JSON, or not UTF-8)",
        404: "no such resource",
        413: "the body is over the size limit",
        422: "the request is invalid (the message says which parameter and why)",
        503: "the store cannot be opened",
    }.items()
}

router = APIRouter(prefix="/api/v1", responses=ERRORS)

PageNumber = Annotated[int, Query(ge=1, le=service.MAX_PAGE, description="page number, from 1")]
ArticleId = Annotated[int, Path(ge=1, le=service.MAX_ID, description="the article's id in the store")]
PerPage = Annotated[int, Query(ge=1, le=500, description="items per page (at most 500)")]
Since = Annotated[str | None, Query(description="from this date on: YYYY-MM-DD, YYYY-MM or YYYY")]
Until = Annotated[str | None, Query(description="up to this date (a month or year includes all of it)")]
State = Annotated[str, Path(description="a state or organisation, by code or name: RUS, Russia, NATO")]


def read_submission(request: Request, submission: Submission) -> dict[str, Any]:
    """The document of a submission, or an HTTP error whose message says what is wrong."""
    try:
        document: dict[str, Any] = request.app.state.reader.read(submission)
        return document
    except UnreadableArticle as exc:
        raise HTTPException(422, str(exc)) from exc
    except ReadFailure as exc:
        raise HTTPException(500, f"the reader failed on this article ({type(exc.cause).__name__})") from exc


@router.post(
    "/extract",
    response_model=Document,
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

        response.headers["Location"] = await run_in_threadpool(keep_document, request, document)
        response.status_code = 201
    return document


@router.get("/articles", response_model=Page[StoredArticle], summary="Stored articles, newest first", tags=["store"])
def articles(
    request: Request,
    since: Since = None,
    until: Until = None,
    outlet: Annotated[str | None, Query(description="the outlet's name, any case")] = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    since, until = service.day(since, "since"), service.day(until, "until")
    try:
        items, total = article_page(
            access(request).store(),
            since=since,
            until=until,
            outlet=outlet,
            limit=per_page,
            offset=(page - 1) * per_page,
        )
    except StoreError as exc:
        raise service.invalid(str(exc)) from exc
    return {"items": [a.to_dict() for a in items], "page": page, "per_page": per_page, "total": total}


@router.get(
    "/articles/{article_id}",
    response_model=StoredArticleWithDocument,
    summary="One stored article with its document",
    tags=["store"],
)
def article(request: Request, article_id: ArticleId) -> dict[str, Any]:
    store = access(request).store()
    record, document = store.article(article_id), store.document(article_id)
    if record is None or document is None:
        raise HTTPException(404, f"no article {article_id} in the store")
    return {**record.to_dict(), "document": document}


@router.get("/events", response_model=Page[StoredEvent], summary="Events, filtered, sorted and paged", tags=["store"])
def events(
    request: Request,
    actor: Annotated[str | None, Query(description="events with this state or organisation on either side")] = None,
    a: Annotated[str | None, Query(description="dyad: the first state (with b)")] = None,
    b: Annotated[str | None, Query(description="dyad: the second state (with a)")] = None,
    directed: Annotated[bool, Query(description="dyad: only events from a to b")] = False,
    since: Since = None,
    until: Until = None,
    root: Annotated[str | None, Query(description="CAMEO root or code prefix: 05, 057")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="QuadClass 1-4")] = None,
    sort: Annotated[Literal["date", "goldstein", "cameo", "quad", "mentions", "source", "target"], Query()] = "date",
    order: Annotated[Literal["asc", "desc"], Query()] = "desc",
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    assert sort in EVENT_SORTS
    filters = service.event_filters(
        actor=actor, first=a, second=b, directed=directed, since=since, until=until, root=root, quad_class=quad_class
    )
    try:
        rows, total = event_page(
            access(request).store(), filters, sort=sort, order=order, limit=per_page, offset=(page - 1) * per_page
        )
    except StoreError as exc:
        raise service.invalid(str(exc)) from exc
    items = [{**row.event.to_dict(), "article_id": row.article_id} for row in rows]
    return {"items": items, "page": page, "per_page": per_page, "total": total}


@router.get(
    "/dyads/{a}/{b}",
    response_model=DyadOut,
    summary="A pair's events per period by QuadClass, with its relation levels and agreements",
    tags=["store"],
)
def dyad(
    request: Request,
    a: State,
    b: State,
    by: Annotated[Literal["day", "month", "year"], Query(description="the period of a bucket")] = "month",
    directed: Annotated[bool, Query(description="only events from a to b")] = False,
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    view = service.dyad_view(access(request), a, b, by=by, directed=directed, since=since, until=until)
    return {
        "first": view.first,
        "second": view.second,
        "by": by,
        "directed": directed,
        "buckets": [bucket.to_dict() for bucket in view.buckets],
        "timeline": view.timeline,
    }


@router.get(
    "/relations", response_model=Page[StoredRelation], summary="Relation levels stated in articles", tags=["store"]
)
def relations(
    request: Request,
    party: Annotated[str | None, Query(description="a state on either side")] = None,
    level: Annotated[str | None, Query(description="a level of the ladder, e.g. strategic_partnership")] = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    found = access(request).store().relations(party=service.actor_key(party, "party"), level=level, limit=None)
    start = (page - 1) * per_page
    items = [r.to_dict() for r in found[start : start + per_page]]
    return {"items": items, "page": page, "per_page": per_page, "total": len(found)}


@router.get("/agreements", response_model=Page[StoredAgreement], summary="Agreements named in articles", tags=["store"])
def agreements(
    request: Request,
    party: Annotated[str | None, Query(description="a party to the agreement")] = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    found = access(request).store().agreements(party=service.actor_key(party, "party"), limit=None)
    start = (page - 1) * per_page
    items = [g.to_dict() for g in found[start : start + per_page]]
    return {"items": items, "page": page, "per_page": per_page, "total": len(found)}


@router.get(
    "/obligations/{state}",
    response_model=ObligationsOut,
    summary="Who is bound to assist a state if it is attacked on a date",
    tags=["alliances"],
)
def obligations(
    request: Request,
    state: State,
    on: Annotated[str | None, Query(description="the day of the attack, YYYY-MM-DD (default: today)")] = None,
) -> dict[str, Any]:
    when = service.on_date(on)
    code = service.required_key(state, "state")
    return {"state": code, "on": when.isoformat(), "bound": service.obligations(access(request), state, when)}


@router.get(
    "/alliances",
    response_model=AllianceGraph,
    summary="The alliance graph: relation levels and mutual-defence agreements between states",
    tags=["alliances"],
)
def alliances(
    request: Request,
    on: Annotated[
        str | None, Query(description="agreements in force on this day (default: all, latest levels)")
    ] = None,
) -> dict[str, Any]:
    when = service.on_date(on) if on else None
    graph = service.alliance_graph(access(request), when)
    return {"on": when.isoformat() if when else None, **graph}
