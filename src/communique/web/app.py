"""The application factory: one FastAPI app with the pages, the API, the static files and the
error handling, configured by :class:`~communique.web.settings.WebSettings`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

import jinja2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from communique import __version__
from communique.web import errors
from communique.web.highlight import ref
from communique.web.middleware import BodyLimit, SecurityHeaders
from communique.web.reading import ArticleReader
from communique.web.settings import WebSettings
from communique.web.storage import StoreAccess

HERE = Path(__file__).parent

DESCRIPTION = """\
communique reads international-affairs news into structured, source-linked knowledge.

`POST /api/v1/extract` reads one article (text or HTML) into a contract document
(`communique.document/1`); the other endpoints serve the store. Lists are paged
(`page`, `per_page`; the answer says `total`). Every error is JSON:
`{"error": {"status": 404, "message": "..."}}`.
"""


def templates() -> Jinja2Templates:
    """Jinja2 with autoescaping always on: article text is never trusted as markup."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
    )
    env.globals.update(ref=ref, version=__version__)
    return Jinja2Templates(env=env)


def swagger_assets() -> Path:
    """Swagger UI's script and stylesheet, shipped by the ``fastapi-offline`` package."""
    return Path(str(files("fastapi_offline") / "static"))


def create_app(settings: WebSettings | None = None, *, reader: ArticleReader | None = None) -> FastAPI:
    from communique.web import api, pages

    settings = settings or WebSettings()
    store = StoreAccess(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="communique",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.reader = reader or ArticleReader()
    app.state.store = store
    app.state.templates = templates()
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/assets/swagger", StaticFiles(directory=swagger_assets()), name="swagger")
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
        )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
