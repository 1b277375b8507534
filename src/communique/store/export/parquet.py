"""Parquet (pyarrow): one file per table, written in batches so a large store fits in memory.

JSON columns are written as JSON text; the types of the others follow the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, LargeBinary, select
from sqlalchemy.sql.schema import Column, Table

from communique.store.models import TABLES
from communique.store.store import Store

BATCH = 20_000


def _arrow_type(column: Column[Any]) -> pa.DataType:
    kind = column.type
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    if isinstance(kind, DateTime):
        return pa.timestamp("us", tz="UTC")
    if isinstance(kind, LargeBinary):
        return pa.binary()
    return pa.string()


def _convert(column: Column[Any], values: list[Any]) -> list[Any]:
    if isinstance(column.type, JSON):
        return [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
    return values


def write_parquet(store: Store, directory: str | Path) -> dict[str, int]:
    """Write ``<table>.parquet`` for every table into ``directory``; return rows per table."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    with store.session() as session:
        for model in TABLES:
            table = model.__table__
            assert isinstance(table, Table)
            columns = list(table.columns)
            schema = pa.schema([pa.field(c.name, _arrow_type(c), nullable=True) for c in columns])
            path = target / f"{table.name}.parquet"
            count = 0
            with pq.ParquetWriter(str(path), schema) as writer:
                result = session.execute(select(table).execution_options(yield_per=BATCH))
                for rows in result.partitions(BATCH):
                    arrays = [
                        pa.array(_convert(c, [row[i] for row in rows]), type=schema.field(i).type)
                        for i, c in enumerate(columns)
                    ]
                    writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
                    count += len(rows)
                if count == 0:
                    writer.write_table(schema.empty_table())
            written[table.name] = count
    return written
