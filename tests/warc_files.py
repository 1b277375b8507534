"""Tiny WARC archives in the CC-NEWS layout, written by the tests themselves (our own articles)."""

from __future__ import annotations

import gzip
from pathlib import Path

ARTICLES = [
    (
        "Ministers agree on grain corridor",
        "The foreign ministers of Kenya and Ethiopia agreed on Tuesday to open a grain corridor "
        "between Nairobi and Addis Ababa. The Kenyan minister said the corridor would start in June.",
    ),
    (
        "Border talks resume in Geneva",
        "Negotiators from Armenia and Azerbaijan resumed talks in Geneva on Monday. "
        "The Armenian delegation said it hoped for a deal on the border commission before winter.",
    ),
    (
        "Navy drills near disputed islands",
        "The Philippine navy held drills near disputed islands on Friday, officials in Manila said. "
        "China's foreign ministry criticised the exercise and urged restraint from all sides.",
    ),
]


def page(title: str, body: str, published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{sentence.strip()}.</p>" for sentence in body.split(". ") if sentence.strip())
    return (
        f"<html><head><title>{title}</title>{meta}</head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article><footer>Contact us</footer></body></html>"
    ).encode()


def record(number: int, payload: bytes, content_type: str = "text/html; charset=utf-8", day: int = 5) -> bytes:
    http = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n\r\n".encode() + payload
    )
    header = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
        f"WARC-Date: 2024-03-{day:02d}T08:30:00Z\r\n"
        f"WARC-Target-URI: https://news.example.org/world/{number}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return header + http + b"\r\n\r\n"


def request_record(number: int) -> bytes:
    http = f"GET /world/{number} HTTP/1.1\r\nHost: news.example.org\r\n\r\n".encode()
    header = (
        "WARC/1.0\r\nWARC-Type: request\r\n"
        f"WARC-Record-ID: <urn:uuid:10000000-0000-0000-0000-{number:012d}>\r\n"
        "WARC-Date: 2024-03-05T08:30:00Z\r\n"
        f"WARC-Target-URI: https://news.example.org/world/{number}\r\n"
        f"Content-Type: application/http; msgtype=request\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return header + http + b"\r\n\r\n"


def cc_news_records() -> list[bytes]:
    """Request/response pairs as a crawler writes them, with one PDF among the pages; the second
    page carries its own publication date, the others only the crawl's."""
    out: list[bytes] = []
    for number, (title, body) in enumerate(ARTICLES):
        out.append(request_record(number))
        out.append(record(number, page(title, body, "2024-03-01" if number == 1 else None), day=5 + number))
    out.append(record(99, b"%PDF-1.4 not an article", content_type="application/pdf"))
    return out


def write_warc(path: Path, records: list[bytes], *, compress: bool) -> Path:
    """A WARC file; compressed as WARCs are, one gzip member per record."""
    data = b"".join(gzip.compress(r) for r in records) if compress else b"".join(records)
    path.write_bytes(data)
    return path
