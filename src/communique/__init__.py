"""communique: read international-affairs news into structured, source-linked knowledge.

The pipeline follows the data: :mod:`communique.ingest` turns files into
:class:`~communique.article.Article` objects, :mod:`communique.nlp` parses them with one
spaCy pipeline, :mod:`communique.extract` reads actors, times, places, quotes, events,
agreements and relations off the parse, and :mod:`communique.document` assembles the
contract document (``communique.document/1``).
"""

__version__ = "0.1.0"

from communique.article import Article, LineKind, MarkedLine

__all__ = ["Article", "LineKind", "MarkedLine", "__version__"]
