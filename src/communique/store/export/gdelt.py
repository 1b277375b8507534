"""GDELT 2.0 tab-separated files: the 61-column event table and the 16-column mentions table.

Columns follow the GDELT Event Database Data Format Codebook V2.0 in order; a field the store
does not know (tone, ethnic and religious codes, actor geography, ADM codes) is empty. Country
fields hold ISO 3166 alpha-3 codes, the codes communique uses throughout, not GDELT's FIPS codes.
Like GDELT's own files, the output has no header unless asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from sqlalchemy import select

from communique.store.models import Article, Event, EventMention
from communique.store.store import Store

EVENT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)  # fmt: skip

GEO_COUNTRY, GEO_CITY = 1, 4
"""GDELT geographic resolution: 1 = country, 4 = world city (any point below the country)."""
BATCH = 5_000


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _stamp(moment: datetime | None) -> str:
    return moment.strftime("%Y%m%d%H%M%S") if moment else ""


def _sector(code: str | None, country: str | None) -> str | None:
    """GDELT's Type1Code: the role part of an actor code (``GOV`` of ``RUSGOV``)."""
    if code and country and code.startswith(country) and len(code) >= len(country) + 3:
        return code[len(country) : len(country) + 3]
    return None


def _geo_type(event: Event) -> int | None:
    if not (event.place_name or event.place_country):
        return None
    if (event.place_feature and event.place_feature.upper().startswith(("PCL", "A"))) or event.place_lat is None:
        return GEO_COUNTRY
    return GEO_CITY


def event_row(event: Event) -> list[str]:
    """One event as GDELT's 61 fields."""
    actor_blank = [None] * 4  # KnownGroup, Ethnic, Religion1, Religion2
    values: list[Any] = [
        event.id, event.day, event.month_year, event.year, event.fraction_date,
        event.actor1_code, (event.actor1_name or "").upper() or None, event.actor1_country, *actor_blank,
        _sector(event.actor1_code, event.actor1_country), None, None,
        event.actor2_code, (event.actor2_name or "").upper() or None, event.actor2_country, *actor_blank,
        _sector(event.actor2_code, event.actor2_country), None, None,
        event.is_root_event, event.event_code, event.base_code, event.root_code, event.quad_class, event.goldstein,
        event.num_mentions, event.num_sources, event.num_articles, None,
        *([None] * 8), *([None] * 8),
        _geo_type(event), event.place_name, event.place_country, None, None,
        event.place_lat, event.place_lon, event.place_geonames_id,
        _stamp(event.date_added), event.source_url,
    ]  # fmt: skip
    return [_cell(v) for v in values]


def iter_event_rows(store: Store) -> Iterator[list[str]]:
    with store.session() as session:
        for event in session.scalars(select(Event).order_by(Event.id).execution_options(yield_per=BATCH)):
            yield event_row(event)


def write_gdelt_events(store: Store, out: IO[str], *, header: bool = False) -> int:
    """Write every event as a GDELT 2.0 event line; return how many."""
    count = 0
    if header:
        out.write("\t".join(EVENT_COLUMNS) + "\n")
    for row in iter_event_rows(store):
        out.write("\t".join(row) + "\n")
        count += 1
    return count


def _mention_stamp(day: int | None, ingested: datetime | None) -> str:
    return f"{day:08d}000000" if day else _stamp(ingested)


def iter_mention_rows(store: Store) -> Iterator[list[str]]:
    query = (
        select(
            EventMention,
            Event.date_added,
            Article.url,
            Article.source,
            Article.title,
            Article.day,
            Article.ingested_at,
            Article.fingerprint,
            Article.text,
        )
        .join(Event, Event.id == EventMention.event_id)
        .join(Article, Article.id == EventMention.article_id)
        .order_by(EventMention.id)
        .execution_options(yield_per=BATCH)
    )
    with store.session() as session:
        for mention, added, url, source, title, day, ingested, fingerprint, text in session.execute(query):
            identifier = url or f"{source}: {title or fingerprint}"
            values: list[Any] = [
                mention.event_id, _stamp(added), _mention_stamp(day, ingested), 1 if url else 2, source, identifier,
                mention.sentence_id,
                -1 if mention.actor1_offset is None else mention.actor1_offset,
                -1 if mention.actor2_offset is None else mention.actor2_offset,
                -1 if mention.action_offset is None else mention.action_offset,
                1, round(mention.confidence * 100), len(text), None, None, None,
            ]  # fmt: skip
            yield [_cell(v) for v in values]


def write_gdelt_mentions(store: Store, out: IO[str], *, header: bool = False) -> int:
    """Write every mention as a GDELT 2.0 mentions line; return how many."""
    count = 0
    if header:
        out.write("\t".join(MENTION_COLUMNS) + "\n")
    for row in iter_mention_rows(store):
        out.write("\t".join(row) + "\n")
        count += 1
    return count
