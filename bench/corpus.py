"""A synthetic corpus of international-news articles for benchmarks.

Articles are assembled from this file's own sentence templates and name lists with a seeded
random generator, so the same seed always gives the same corpus: headlines, datelines, bylines,
paragraphs of diplomacy, conflict, trade and treaties, with quotes, dates and places, in the
proportions of wire copy. They are not real reports (who met whom is drawn by lot); they exist
to give the readers the shape and vocabulary of news at scale.

``python bench/corpus.py -n 500 --out corpus.jsonl`` writes the corpus as JSONL records.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path


@dataclass(frozen=True)
class Country:
    name: str
    adjective: str
    capital: str
    cities: tuple[str, ...]
    leader_title: str


COUNTRIES = (
    Country("France", "French", "Paris", ("Marseille", "Lyon", "Toulouse"), "President"),
    Country("Germany", "German", "Berlin", ("Hamburg", "Munich", "Frankfurt"), "Chancellor"),
    Country("Japan", "Japanese", "Tokyo", ("Osaka", "Nagoya", "Sapporo"), "Prime Minister"),
    Country("India", "Indian", "New Delhi", ("Mumbai", "Chennai", "Kolkata"), "Prime Minister"),
    Country("Brazil", "Brazilian", "Brasilia", ("Sao Paulo", "Rio de Janeiro", "Recife"), "President"),
    Country("Kenya", "Kenyan", "Nairobi", ("Mombasa", "Kisumu", "Nakuru"), "President"),
    Country("Nigeria", "Nigerian", "Abuja", ("Lagos", "Kano", "Ibadan"), "President"),
    Country("Egypt", "Egyptian", "Cairo", ("Alexandria", "Port Said", "Aswan"), "President"),
    Country("Turkey", "Turkish", "Ankara", ("Istanbul", "Izmir", "Gaziantep"), "President"),
    Country("Poland", "Polish", "Warsaw", ("Krakow", "Gdansk", "Wroclaw"), "Prime Minister"),
    Country("Ukraine", "Ukrainian", "Kyiv", ("Kharkiv", "Odesa", "Lviv"), "President"),
    Country("Russia", "Russian", "Moscow", ("St Petersburg", "Kazan", "Novosibirsk"), "President"),
    Country("China", "Chinese", "Beijing", ("Shanghai", "Guangzhou", "Wuhan"), "President"),
    Country("South Korea", "South Korean", "Seoul", ("Busan", "Incheon", "Daegu"), "President"),
    Country("Indonesia", "Indonesian", "Jakarta", ("Surabaya", "Medan", "Bandung"), "President"),
    Country("Australia", "Australian", "Canberra", ("Sydney", "Melbourne", "Perth"), "Prime Minister"),
    Country("Mexico", "Mexican", "Mexico City", ("Guadalajara", "Monterrey", "Tijuana"), "President"),
    Country("Canada", "Canadian", "Ottawa", ("Toronto", "Montreal", "Vancouver"), "Prime Minister"),
    Country("Argentina", "Argentine", "Buenos Aires", ("Cordoba", "Rosario", "Mendoza"), "President"),
    Country("South Africa", "South African", "Pretoria", ("Johannesburg", "Cape Town", "Durban"), "President"),
    Country("Ethiopia", "Ethiopian", "Addis Ababa", ("Dire Dawa", "Mekelle", "Gondar"), "Prime Minister"),
    Country("Pakistan", "Pakistani", "Islamabad", ("Karachi", "Lahore", "Peshawar"), "Prime Minister"),
    Country("Vietnam", "Vietnamese", "Hanoi", ("Ho Chi Minh City", "Da Nang", "Haiphong"), "Prime Minister"),
    Country("the Philippines", "Philippine", "Manila", ("Cebu", "Davao", "Quezon City"), "President"),
    Country("Italy", "Italian", "Rome", ("Milan", "Naples", "Turin"), "Prime Minister"),
    Country("Spain", "Spanish", "Madrid", ("Barcelona", "Valencia", "Seville"), "Prime Minister"),
    Country("Sweden", "Swedish", "Stockholm", ("Gothenburg", "Malmo", "Uppsala"), "Prime Minister"),
    Country("Iran", "Iranian", "Tehran", ("Isfahan", "Mashhad", "Tabriz"), "President"),
    Country("Saudi Arabia", "Saudi", "Riyadh", ("Jeddah", "Dammam", "Mecca"), "Crown Prince"),
    Country("Chile", "Chilean", "Santiago", ("Valparaiso", "Concepcion", "Antofagasta"), "President"),
)

ORGANISATIONS = (
    "the United Nations",
    "NATO",
    "the European Union",
    "the African Union",
    "ASEAN",
    "the International Atomic Energy Agency",
    "the World Trade Organization",
    "the World Health Organization",
    "the UN Security Council",
    "the International Monetary Fund",
)

OUTLETS = ("Example Wire", "The Daily Ledger", "Global Desk", "Harbour Post", "Continental Review")

GIVEN = (
    "Amara", "Bruno", "Chen", "Dalia", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jana", "Kofi", "Lena", "Mateo",
    "Nadia", "Omar", "Priya", "Rafael", "Sofia", "Tomas", "Uma", "Viktor", "Wen", "Yara", "Zoltan",
)  # fmt: skip
FAMILY = (
    "Adeyemi", "Berger", "Castillo", "Dimitrov", "Eriksen", "Fontaine", "Galvan", "Haddad", "Ishikawa", "Jovanovic",
    "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quintero", "Rossi", "Sato", "Tanaka",
    "Usman", "Varga", "Weber", "Yilmaz",
)  # fmt: skip
MINISTRIES = ("foreign minister", "defence minister", "trade minister", "finance minister", "energy minister")
TOPICS = (
    ("a trade agreement", "tariffs on steel and farm goods"),
    ("a ceasefire", "the withdrawal of heavy weapons from the front line"),
    ("a maritime boundary", "fishing rights and patrols in disputed waters"),
    ("a climate accord", "emission targets and a fund for adaptation"),
    ("a nuclear agreement", "inspections of enrichment sites"),
    ("a defence pact", "joint exercises and the basing of troops"),
    ("an energy deal", "gas deliveries through a new pipeline"),
    ("a migration accord", "the return of rejected asylum seekers"),
    ("a debt restructuring", "the terms of loans due next year"),
    ("a prisoner exchange", "the release of detained soldiers and journalists"),
)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

HEADLINES = (
    "{A} and {B} agree on {topic} after {n} days of talks",
    "{A} warns {B} over {issue}",
    "{B} rejects {A}'s proposal on {topic}",
    "Leaders of {A} and {B} meet in {city} as tensions rise",
    "{org} calls for restraint as {A} and {B} trade accusations",
    "{A} imposes sanctions on {B} officials",
    "{A} pledges aid to {B} after floods",
    "{A} and {B} sign {topic} in {city}",
    "Talks between {A} and {B} stall over {issue}",
    "{A} recalls ambassador from {B}",
)

SUBTITLES = (
    "The deal, years in the making, still needs the approval of both parliaments",
    "Officials said further rounds of negotiations would follow",
    "Critics at home called the concessions too generous",
    "The move follows weeks of rising tension along the border",
    "Diplomats described the atmosphere as frank but constructive",
)

# Body sentences. Slots: {A} {B} countries, {a} {b} their adjectives, {pa} {pb} people with
# titles, {sa} {sb} their family names, {org} an organisation, {city} a city, {cap} a capital,
# {day} a weekday, {date} a date, {n} a number, {m} a month, {year} a year, {topic} {issue}.
LEAD = (
    "{pa} and {pb} agreed on {day} to {verb} {topic}, ending a dispute that had lasted {n} months.",
    "{A} and {B} signed {topic} in {city} on {day}, officials from both governments said.",
    "{pa} accused {B} on {day} of violating the terms of {topic}.",
    "{A} announced sanctions on {n} {b} officials on {day}, citing {issue}.",
    "{pa} arrived in {cap} on {day} for two days of talks on {issue}.",
    "{a} and {b} negotiators met in {city} on {day} but failed to agree on {issue}.",
    "{A} said on {day} it would send {n} million dollars in aid to {B} after floods displaced thousands.",
    "The {a} government recalled its ambassador from {cap} on {day}, escalating a row over {issue}.",
)
BODY = (
    "{pa} told reporters that the agreement would {benefit}.",
    '"We have taken an important step today," {pa} said after the meeting.',
    '"{B} must respect its commitments," {sa} said, adding that {A} would {respond}.',
    "{pb} said {B} remained open to dialogue but would not accept {demand}.",
    "The talks were the first between the two sides since {m} {year}.",
    "{org} welcomed the agreement and urged both sides to implement it quickly.",
    "{org} said it was deeply concerned by the escalation and called for an immediate ceasefire.",
    "According to the {a} foreign ministry, the two ministers also discussed {issue}.",
    "{A} and {B} established diplomatic relations in {year} and have traded for decades.",
    "The agreement covers {issue} and will enter into force on {date}.",
    "Under the deal, {A} will {commit} by the end of {year2}.",
    "{B} denied the accusations and called them baseless.",
    "The {b} foreign ministry summoned the {a} ambassador on {day} to protest.",
    "Earlier this month, {pb} visited {city} and met {a} business leaders.",
    "Protesters gathered outside the {a} embassy in {capb} on {day}, demanding {demand}.",
    "{A} has deployed {n} troops near the border, according to satellite images reviewed by analysts.",
    "{pa} will travel to {capb} next week to continue the negotiations, his office said.",
    "Officials said a follow-up meeting was planned for {m} in {city}.",
    "Trade between {A} and {B} reached {n} billion dollars last year, government figures show.",
    "{sb} said the sanctions would harm ordinary people and vowed to respond.",
    "{org} will send observers to monitor {topic}, a spokesperson said on {day}.",
    "Analysts said the agreement could {benefit}, but warned that {risk}.",
    "The previous agreement between the two countries collapsed in {year} after {risk2}.",
    "{pa} thanked {B} for its support and said the two countries shared {value}.",
    '"This is not the end of the process, but the beginning," {sb} told a news conference in {capb}.',
    "{A} called on {org} to investigate the incident.",
    "The {a} parliament is expected to vote on the agreement in {m}.",
    "Both governments said they would hold regular consultations on {issue}.",
    "{pb} rejected the proposal, saying it ignored {demand}.",
    "Some {n} people were killed in the fighting near {city} on {day}, local officials said.",
    "{A} threatened to cut off {supply} if {B} did not {concede}.",
    "The ministers agreed to meet again before the end of {m}.",
)
VERBS = ("finalise", "extend", "review", "revive", "implement")
BENEFITS = (
    "create thousands of jobs on both sides",
    "reduce the risk of conflict at sea",
    "open markets for farmers and manufacturers",
    "bring stability to a volatile region",
)
RESPONSES = ("take all necessary measures", "review its cooperation", "raise the issue at the United Nations")
DEMANDS = ("unilateral concessions", "the release of political prisoners", "a withdrawal of troops", "compensation")
COMMITMENTS = (
    "cut tariffs on industrial goods",
    "withdraw its forces from the buffer zone",
    "double its purchases of grain",
    "open two new border crossings",
)
RISKS = ("implementation would be difficult", "hardliners on both sides could derail it", "funding remains unclear")
RISKS2 = ("a dispute over funding", "a change of government", "a series of border clashes")
VALUES = ("a commitment to peace", "common interests in the region", "a long history of friendship")
SUPPLIES = ("gas deliveries", "electricity exports", "access to its ports")
CONCESSIONS = ("withdraw its troops", "pay its debts", "release the detained sailors")


def _person(rng: random.Random, country: Country) -> tuple[str, str]:
    family = rng.choice(FAMILY)
    if rng.random() < 0.4:
        return f"{country.adjective} {country.leader_title} {rng.choice(GIVEN)} {family}", family
    return f"{country.adjective} {rng.choice(MINISTRIES)} {rng.choice(GIVEN)} {family}", family


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def article(rng: random.Random, number: int) -> dict[str, str]:
    """One article (a JSONL record: id, title, published, text)."""
    a, b = rng.sample(COUNTRIES, 2)
    published = date(2016, 1, 1) + timedelta(days=rng.randrange(3650))
    topic, issue = rng.choice(TOPICS)
    pa, sa = _person(rng, a)
    pb, sb = _person(rng, b)
    city = rng.choice((a.capital, *a.cities))

    def fill(template: str) -> str:
        day = published - timedelta(days=rng.randrange(0, 4))
        return template.format(
            A=a.name,
            B=b.name,
            a=a.adjective,
            b=b.adjective,
            pa=pa if rng.random() < 0.5 else f"the {pa}",
            pb=f"the {pb}",
            sa=sa,
            sb=sb,
            org=rng.choice(ORGANISATIONS),
            city=city,
            cap=b.capital,
            capb=b.capital,
            day=WEEKDAYS[day.weekday()] if rng.random() < 0.7 else f"{MONTHS[day.month - 1]} {day.day}",
            date=f"{MONTHS[rng.randrange(12)]} {rng.randint(1, 28)}, {published.year + 1}",
            n=rng.choice((2, 3, 5, 12, 40, 150, 300, 1200)),
            m=rng.choice(MONTHS),
            year=published.year - rng.randint(1, 25),
            year2=published.year + rng.randint(1, 5),
            topic=topic,
            issue=issue,
            verb=rng.choice(VERBS),
            benefit=rng.choice(BENEFITS),
            respond=rng.choice(RESPONSES),
            demand=rng.choice(DEMANDS),
            commit=rng.choice(COMMITMENTS),
            risk=rng.choice(RISKS),
            risk2=rng.choice(RISKS2),
            value=rng.choice(VALUES),
            supply=rng.choice(SUPPLIES),
            concede=rng.choice(CONCESSIONS),
        )

    headline = _capitalise(fill(rng.choice(HEADLINES)))
    lines = [headline, ""]
    if rng.random() < 0.6:
        lines += [rng.choice(SUBTITLES), ""]
    outlet = rng.choice(OUTLETS)
    when = f"{MONTHS[published.month - 1]} {published.day}, {published.year}"
    if rng.random() < 0.5:
        lines += [f"By {rng.choice(GIVEN)} {rng.choice(FAMILY)}, {outlet}", when, ""]
    dateline = f"{city.upper()}, {MONTHS[published.month - 1]} {published.day} ({outlet}) - "
    lines += [dateline + _capitalise(fill(rng.choice(LEAD))), ""]
    body = rng.sample(BODY, rng.randint(10, 18))
    while body:
        size = rng.randint(1, 3)
        paragraph, body = body[:size], body[size:]
        lines += [" ".join(_capitalise(fill(t)) for t in paragraph), ""]
    return {
        "id": f"synthetic-{number:05d}",
        "title": headline,
        "published": published.isoformat(),
        "outlet": outlet,
        "text": "\n".join(lines).strip() + "\n",
    }


def generate(n: int = 500, seed: int = 2024) -> list[dict[str, str]]:
    """``n`` articles; the same ``seed`` always gives the same ones."""
    rng = random.Random(seed)
    return [article(rng, i) for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    records = generate(args.n, args.seed)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    words = sum(len(r["text"].split()) for r in records)
    print(f"{len(records)} articles, {words} words -> {args.out}")


if __name__ == "__main__":
    main()
