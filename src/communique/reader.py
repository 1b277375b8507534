"""Read articles into documents: the pipeline from :class:`Article` to contract document.

One spaCy pipeline per process (:func:`communique.nlp.load_pipeline`), texts parsed in
batches with ``nlp.pipe``, every extractor run over each parsed ``Doc``. Inputs that could not
be read (an :class:`~communique.ingest.errors.InputError`) pass through in their place, so
output order always follows input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.language import Language

from communique.article import Article
from communique.dates import normalise_published, parse_iso
from communique.document import to_document
from communique.extract import read_doc
from communique.extract.syntax import remember_text
from communique.ingest.errors import InputError
from communique.nlp import load_pipeline


class ReadFailure(Exception):
    """An article that was ingested but could not be read (a bug, reported per article)."""

    def __init__(self, article: Article, cause: BaseException) -> None:
        self.article = article
        self.cause = cause
        where = article.origin or article.id
        super().__init__(f"{where}: could not be read ({type(cause).__name__}: {cause})".splitlines()[0])


@dataclass(slots=True)
class Reader:
    """Reads articles into documents with one loaded pipeline."""

    nlp: Language | None = None
    batch_size: int = 16
    published: str | None = None
    """A publication date that overrides every article's own (``--published``)."""

    def __post_init__(self) -> None:
        if self.nlp is None:
            self.nlp = load_pipeline()

    def document(self, article: Article) -> dict[str, Any]:
        """Read one article (convenience for single texts and the API)."""
        for item in self.read([article]):
            if isinstance(item, BaseException):
                raise item
            return item
        raise AssertionError("unreachable")

    def read(self, items: Iterable[Article | InputError]) -> Iterator[dict[str, Any] | InputError | ReadFailure]:
        """Documents for articles, the errors themselves for inputs that failed, in input order."""
        chunk: list[Article | InputError] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= self.batch_size:
                yield from self._read_chunk(chunk)
                chunk = []
        if chunk:
            yield from self._read_chunk(chunk)

    def _anchor(self, article: Article) -> date | None:
        if self.published:
            article.published = self.published
        article.published = normalise_published(article.published)
        return parse_iso(article.published)

    def _read_chunk(self, chunk: list[Article | InputError]) -> Iterator[dict[str, Any] | InputError | ReadFailure]:
        assert self.nlp is not None
        articles = [item for item in chunk if isinstance(item, Article)]
        docs = iter(self.nlp.pipe((a.text for a in articles), batch_size=self.batch_size))
        for item in chunk:
            if isinstance(item, InputError):
                yield item
                continue
            doc = next(docs)
            remember_text(doc, item.text)
            document: dict[str, Any] | ReadFailure
            try:
                document = to_document(read_doc(item, doc, self._anchor(item)))
            except Exception as exc:  # one article's failure must not stop a batch
                document = ReadFailure(item, exc)
            finally:
                # The extractors keep per-document lists of Token objects in ``user_data``;
                # a token refers to its Doc, so cleared here the Doc is freed at once rather
                # than by the cyclic garbage collector, whose passes grow with what piles up.
                doc.user_data.clear()
            yield document
