"""Write stage: rows -> deterministic Parquet files with explicit, feature-carrying schemas.

Determinism: rows arrive sorted; the schema is explicit (never inferred) and carries the
``datasets`` features under the ``huggingface`` metadata key; compression, its level, the row-group
size and the data page version are fixed; no pandas metadata and no timestamps are written.  The
only build-dependent bytes are pyarrow's ``created_by`` string, which is why pyarrow is pinned in
the lock file and recorded in the manifest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from source_stance.schema.fields import Field, arrow_schema, label_fields
from source_stance.schema.vocab import Vocabularies

ROW_GROUP_SIZE = 10_000
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 9


def shard_name(split: str, shard: int, n_shards: int) -> str:
    return f"{split}-{shard:05d}-of-{n_shards:05d}.parquet"


def encode_labels(rows: list[dict[str, Any]], fields: tuple[Field, ...], vocabs: Vocabularies) -> list[dict[str, Any]]:
    """Replace label names by their ClassLabel integers (top level and inside record lists)."""
    index = {f.name: {n: i for i, n in enumerate(vocabs.names(f.vocab))} for f in fields if f.kind == "label"}  # type: ignore[arg-type]
    nested = {
        f.name: {c.name: {n: i for i, n in enumerate(vocabs.names(c.vocab))} for c in f.children if c.kind == "label"}  # type: ignore[arg-type]
        for f in fields
        if f.kind == "records" and any(c.kind == "label" for c in f.children)
    }
    if not index and not nested:
        return rows
    out = []
    for row in rows:
        row = dict(row)
        for name, idx in index.items():
            value = row[name]
            try:
                row[name] = idx[value]
            except KeyError:
                raise ValueError(f"{name}={value!r} is not in its vocabulary {sorted(idx)}") from None
        for name, cidx in nested.items():
            row[name] = [{k: (cidx[k][v] if k in cidx else v) for k, v in item.items()} for item in row[name] or []]
        out.append(row)
    return out


def to_table(rows: list[dict[str, Any]], fields: tuple[Field, ...], vocabs: Vocabularies) -> pa.Table:
    schema = arrow_schema(fields, vocabs)
    encoded = encode_labels(rows, fields, vocabs)
    return pa.Table.from_pylist(encoded, schema=schema)


_PARQUET_OPTIONS = dict(
    compression=COMPRESSION,
    compression_level=COMPRESSION_LEVEL,
    data_page_version="1.0",
    use_dictionary=True,
    write_statistics=True,
    store_schema=True,
)


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write ``table``; an empty table becomes a file with the schema and *no* row group.

    (``datasets`` fails on a file holding one empty row group: "BatchSize must be greater than 0".)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if table.num_rows == 0:
        pq.ParquetWriter(path, table.schema, **_PARQUET_OPTIONS).close()
        return
    pq.write_table(table, path, row_group_size=ROW_GROUP_SIZE, **_PARQUET_OPTIONS)


def write_jsonl(rows: Iterable[dict[str, Any]], path: Path) -> None:
    """One JSON object per line, keys sorted, UTF-8, ``\\n`` line ends: diffable and deterministic."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def decode_labels(table: pa.Table, fields: tuple[Field, ...], vocabs: Vocabularies) -> list[dict[str, Any]]:
    """Rows of a release table with label integers turned back into names (for diffs and reports)."""
    rows = table.to_pylist()
    names = {f: vocabs.names(v) for f, v in label_fields(fields).items()}
    for row in rows:
        for f, vocab in names.items():
            if row.get(f) is not None:
                row[f] = vocab[row[f]]
    return rows
