"""What the pages and the API both ask of the store, in one place: filters from user input,
the dyad's buckets and ledger, obligations and the alliance graph."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from fastapi import HTTPException

from communique.analysis import ledger as ledger_module
from communique.dates import normalise_published, parse_iso
from communique.knowledge.lexicon import code_of
from communique.store import DyadBucket, StoreError
from communique.web.queries import EventFilters
from communique.web.storage import StoreAccess

Period = Literal["day", "month", "year"]

_ROOT = re.compile(r"^[0-2][0-9]{1,3}$")
_KEY = re.compile(r"^[A-Za-z0-9_.-]{2,40}$")


MAX_ID = 2**31 - 1
"""Ids in the store are 32-bit integers on PostgreSQL: a larger id is refused as invalid, not
handed to the database (where it overflowed: a 500)."""
MAX_PAGE = 1_000_000
"""The last page number taken: nobody pages further, and the offset stays a small integer."""


def whole_number(value: str | None, *, low: int, high: int) -> int | None:
    """``value`` as an integer from ``low`` to ``high``, or ``None`` when it is no such number.
    ASCII digits only: ``"²".isdigit()`` is true, and ``int("²")`` raises."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(high)):
        return None
    number = int(value)
    return number if low <= number <= high else None


def invalid(message: str) -> HTTPException:
    return HTTPException(422, message)


def actor_key(value: str | None, name: str = "actor") -> str | None:
    """The store key a user means: a code or a name of a state or organisation ("Russia" -> RUS)."""
    if value is None or not value.strip():
        return None
    found = code_of(value)
    if found:
        return found
    if _KEY.match(value.strip()):
        return value.strip().upper()
    raise invalid(f"{name}: {value!r} names no state or organisation")


def required_key(value: str, name: str) -> str:
    """:func:`actor_key` of a path's part, which may be blank once decoded (``%20``)."""
    key = actor_key(value, name)
    if key is None:
        raise invalid(f"{name}: give a state or organisation")
    return key


def day(value: str | None, name: str) -> str | None:
    """A date filter as the store takes it (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value) and (len(value) < 10 or normalise_published(value)):
        return value
    raise invalid(f"{name}: {value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")


def event_filters(
    *,
    actor: str | None = None,
    first: str | None = None,
    second: str | None = None,
    directed: bool = False,
    since: str | None = None,
    until: str | None = None,
    root: str | None = None,
    quad_class: int | None = None,
) -> EventFilters:
    """Validated filters for the events explorer and ``GET /api/v1/events``."""
    if root is not None and root.strip():
        root = root.strip()
        if not _ROOT.match(root):
            raise invalid(f"root: {root!r} is not a CAMEO code or root (two to four digits, e.g. 05 or 057)")
    else:
        root = None
    if quad_class is not None and quad_class not in (1, 2, 3, 4):
        raise invalid(f"quad_class: {quad_class} is not a QuadClass (1 to 4)")
    a, b = actor_key(first, "a"), actor_key(second, "b")
    if (a is None) != (b is None):
        raise invalid("a dyad needs both states: give a and b")
    return EventFilters(
        actor=actor_key(actor),
        dyad=(a, b) if a and b else None,
        directed=directed,
        since=day(since, "since"),
        until=day(until, "until"),
        root=root,
        quad_class=quad_class,
    )


@dataclass(frozen=True, slots=True)
class DyadView:
    first: str
    second: str
    buckets: list[DyadBucket]
    timeline: list[dict[str, Any]]
    """Ledger entries of the pair (``LedgerEntry.to_dict()`` with ``article_id``), oldest first."""


def dyad_view(
    access: StoreAccess,
    first: str,
    second: str,
    *,
    by: Period = "month",
    directed: bool = False,
    since: str | None = None,
    until: str | None = None,
) -> DyadView:
    a, b = required_key(first, "a"), required_key(second, "b")
    since, until = day(since, "since"), day(until, "until")
    try:
        buckets = access.store().dyad(a, b, by=by, directed=directed, since=since, until=until)
    except StoreError as exc:
        raise invalid(str(exc)) from exc
    ledger, article_of = access.ledger()
    timeline = [
        {**entry.to_dict(), "article_id": article_of.get(entry.document or "")}
        for entry in ledger_module.pair_timeline(ledger, a, b)
    ]
    return DyadView(a, b, buckets, timeline)


def on_date(value: str | None) -> date:
    """The date obligations are judged on: ``value`` (YYYY-MM-DD), else today."""
    if value is None or not value.strip():
        return date.today()
    parsed = parse_iso(normalise_published(value.strip()))
    if parsed is None:
        raise invalid(f"on: {value!r} is not a date (use YYYY-MM-DD)")
    return parsed


def obligations(access: StoreAccess, state: str, on: date) -> list[dict[str, Any]]:
    """Who must assist ``state`` if attacked on ``on`` (``Obligation.to_dict()`` with ``article_id``)."""
    code = required_key(state, "state")
    ledger, article_of = access.ledger()
    return [
        {**o.to_dict(), "article_id": article_of.get(o.document or "")}
        for o in ledger_module.obligations(ledger, code, on)
    ]


def alliance_graph(access: StoreAccess, on: date | None) -> dict[str, Any]:
    ledger, _ = access.ledger()
    return ledger_module.alliance_graph(ledger, on)
