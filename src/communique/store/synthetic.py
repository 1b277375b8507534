"""Synthetic corpora for the store's benchmarks and tests: articles from templates and bulk events.

The sentences are our own templates filled with states, topics, outlets and dates drawn from a
seeded generator, so every run produces the same corpus.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

STATES = [
    ("United States", "Washington"), ("China", "Beijing"), ("Russia", "Moscow"), ("Japan", "Tokyo"),
    ("India", "New Delhi"), ("France", "Paris"), ("Germany", "Berlin"), ("Brazil", "Brasilia"),
    ("Turkey", "Ankara"), ("Egypt", "Cairo"), ("Indonesia", "Jakarta"), ("Mexico", "Mexico City"),
    ("South Korea", "Seoul"), ("Poland", "Warsaw"), ("Kenya", "Nairobi"), ("Vietnam", "Hanoi"),
]  # fmt: skip
TOPICS = ["trade", "energy", "fisheries", "border security", "climate", "student exchanges", "rail links", "health"]
OUTLETS = ["Northern Wire", "Harbour Times", "Continental Post", "Evening Ledger", "Meridian News"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

TEMPLATES = [
    (
        "{a} and {b} sign {topic} agreement",
        "{city}, {month} {day} ({outlet}) - {a} and {b} signed an agreement on {topic} on {weekday}, "
        "officials from both governments said.\n\nThe foreign minister of {a} said the accord would "
        '"open a new chapter" between the two countries. {b} praised the deal as a sign of trust.',
    ),
    (
        "{a} criticises {b} over {topic}",
        "{city}, {month} {day} ({outlet}) - {a} criticised {b} on {weekday} over its policy on {topic}, "
        "calling it a threat to regional stability.\n\nA spokesman for the government of {b} rejected the "
        "accusation and said the two sides should return to talks.",
    ),
    (
        "Leaders of {a} and {b} meet in {city}",
        "{city}, {month} {day} ({outlet}) - The leaders of {a} and {b} met in {city} on {weekday} to "
        'discuss {topic} and the wider relationship.\n\n"We agreed to keep talking," the president of '
        "{a} told reporters after the meeting. Officials said a further round of talks was planned.",
    ),
    (
        "{a} pledges aid to {b}",
        "{city}, {month} {day} ({outlet}) - {a} promised on {weekday} to send aid to {b} to help with "
        "{topic}, the foreign ministry said.\n\n{b} thanked {a} for the support and said it hoped for "
        "closer cooperation.",
    ),
]


def articles(count: int, *, seed: int = 7, start: date = date(2023, 1, 2)) -> Iterator[dict[str, Any]]:
    """``count`` distinct JSONL article records (id, title, text, published, outlet, url)."""
    rng = random.Random(seed)
    for number in range(count):
        (a, _), (b, city) = rng.sample(STATES, 2)
        when = start + timedelta(days=rng.randrange(700))
        headline, body = TEMPLATES[number % len(TEMPLATES)]
        outlet = rng.choice(OUTLETS)
        fields = {
            "a": a, "b": b, "city": city.upper(), "topic": rng.choice(TOPICS), "outlet": outlet,
            "month": when.strftime("%B"), "day": when.day, "weekday": WEEKDAYS[when.weekday()],
        }  # fmt: skip
        title = headline.format(**fields)
        text = f"{title}\n\n{body.format(**fields)}\n\n(Report number {number + 1}.)"
        yield {
            "id": f"synthetic-{seed}-{number + 1}",
            "title": title,
            "text": text,
            "published": when.isoformat(),
            "outlet": outlet,
            "url": f"https://{outlet.lower().replace(' ', '')}.example/{when.isoformat()}/{number + 1}",
        }
