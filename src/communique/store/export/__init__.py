"""Exports for the tools of the field: GDELT 2.0 event and mentions TSV, PLOVER JSONL, Parquet."""

from communique.store.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS, write_gdelt_events, write_gdelt_mentions
from communique.store.export.parquet import write_parquet
from communique.store.export.plover import write_plover

__all__ = [
    "EVENT_COLUMNS",
    "MENTION_COLUMNS",
    "write_gdelt_events",
    "write_gdelt_mentions",
    "write_parquet",
    "write_plover",
]
