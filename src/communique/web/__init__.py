"""The web app and REST API: ``communique serve``.

Server-rendered pages (Jinja2, autoescaped) and a JSON API under ``/api/v1`` over the same
reader and store. Every script, style and font ships in this package; nothing is fetched from
the network, so the pages work offline.
"""

from communique.web.app import create_app
from communique.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
