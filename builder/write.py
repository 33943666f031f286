"""Write stage: rows -> deterministic Parquet files with explicit, feature-carrying schemas.

Determinism: rows arrive sorted; the schema is explicit (never inferred) and carries the
``datasets`` features under the ``huggingface`` metadata key; compression, its level, the row-group
size and the data page version are fixed; no pandas metadata and no timestamps are written.  The
only build-dependent bytes are pyarrow's ``created_by`` string, which is why pyarrow is pinned in
the lock file and recorded in the manifest.
"""

from __future__ import annotations

import json
import operator
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from source_stance.schema.fields import Field, arrow_schema, label_fields
from source_stance.schema.vocab import Vocabularies

ROW_GROUP_SIZE = 10_000
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 3  # zstd's default: level 9 took 2x the CPU for files ~5% smaller


def shard_name(split: str, shard: int, n_shards: int) -> str:
    return f"{split}-{shard:05d}-of-{n_shards:05d}.parquet"


def _label_index(fields: tuple[Field, ...], vocabs: Vocabularies) -> tuple[dict[str, dict], dict[str, dict]]:
    index = {f.name: {n: i for i, n in enumerate(vocabs.names(f.vocab))} for f in fields if f.kind == "label"}  # type: ignore[arg-type]
    nested = {
        f.name: {c.name: {n: i for i, n in enumerate(vocabs.names(c.vocab))} for c in f.children if c.kind == "label"}  # type: ignore[arg-type]
        for f in fields
        if f.kind == "records" and any(c.kind == "label" for c in f.children)
    }
    return index, nested


def _encode_column(name: str, values: list[Any], idx: dict[str, int]) -> list[int]:
    try:
        return [idx[v] for v in values]
    except KeyError:
        bad = next(v for v in values if v not in idx)
        raise ValueError(f"{name}={bad!r} is not in its vocabulary {sorted(idx)}") from None


def _encode_records(values: list[Any], cidx: dict[str, dict[str, int]]) -> list[list[dict[str, Any]]]:
    return [[{k: (cidx[k][v] if k in cidx else v) for k, v in item.items()} for item in items or []] for items in values]


def encode_labels(rows: list[dict[str, Any]], fields: tuple[Field, ...], vocabs: Vocabularies) -> list[dict[str, Any]]:
    """Replace label names by their ClassLabel integers (top level and inside record lists)."""
    index, nested = _label_index(fields, vocabs)
    if not index and not nested:
        return rows
    out = [dict(row) for row in rows]
    for name, idx in index.items():
        for row, value in zip(out, _encode_column(name, [r[name] for r in out], idx)):
            row[name] = value
    for name, cidx in nested.items():
        for row, value in zip(out, _encode_records([r[name] for r in out], cidx)):
            row[name] = value
    return out


def transpose_rows(rows: list[dict[str, Any]], names: Sequence[str]) -> list[Sequence[Any]]:
    """``[[row.get(name) for row in rows] for name in names]``: the names the first row has are
    transposed in C when every row has them (the usual case: ~2x cheaper than one ``get`` per cell);
    the others (a column every row leaves null, say) take one ``get`` per cell."""
    if rows:
        present = [name for name in names if name in rows[0]]
        if len(present) > 1:
            try:
                got = dict(zip(present, zip(*map(operator.itemgetter(*present), rows))))
            except KeyError:  # a later row lacks a name the first has
                pass
            else:
                return [got[name] if name in got else [row.get(name) for row in rows] for name in names]
    return [[row.get(name) for row in rows] for name in names]


def to_table(rows: list[dict[str, Any]], fields: tuple[Field, ...], vocabs: Vocabularies, schema: pa.Schema | None = None) -> pa.Table:
    """Rows (label *names*) -> a table of the record type's Arrow schema (label integers); a row
    dict's missing key is a null.  See :func:`columns_to_table`."""
    names = [f.name for f in fields]
    return columns_to_table(dict(zip(names, transpose_rows(rows, names))), fields, vocabs, schema)


def columns_to_table(
    columns: Mapping[str, Sequence[Any]], fields: tuple[Field, ...], vocabs: Vocabularies, schema: pa.Schema | None = None
) -> pa.Table:
    """Columns (one sequence per field name, every field present, label *names*) -> a table of the
    record type's Arrow schema (label integers).

    ``schema`` is ``arrow_schema(fields, vocabs)``, passed by callers that convert many batches.  A
    null in a required column is an error here, with the column's name.
    """
    schema = schema if schema is not None else arrow_schema(fields, vocabs)
    index, nested = _label_index(fields, vocabs)
    arrays = []
    for f in fields:
        values = columns[f.name]
        if f.name in index:
            values = _encode_column(f.name, values, index[f.name])
        elif f.name in nested:
            values = _encode_records(values, nested[f.name])
        arr = pa.array(values, type=schema.field(f.name).type)
        if arr.null_count and not f.nullable:
            raise ValueError(f"{f.name} is required but {arr.null_count} row(s) have no value")
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=schema)


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


class ParquetStream:
    """Tables appended one after another -> one Parquet file with the same bytes as
    :func:`write_parquet` of their concatenation (row groups of ``ROW_GROUP_SIZE`` rows, cut across
    the appended tables), holding at most one row group of rows at a time.  No file is written
    when no row was added.

    ``nbytes`` (the card's ``num_bytes``) is the uncompressed size of the file's row groups, from its
    footer: a function of the file's bytes, so it does not depend on how the rows were cut into the
    tables appended (an Arrow table's ``nbytes`` does: validity buffers come and go with chunks)."""

    def __init__(self, path: Path, schema: pa.Schema):
        self.path, self.schema = path, schema
        self.rows = 0
        self.nbytes = 0
        self._writer: Any = None
        self._pending: list[pa.Table] = []
        self._n_pending = 0

    def add(self, table: pa.Table) -> None:
        self._pending.append(table)
        self._n_pending += table.num_rows
        self.rows += table.num_rows
        while self._n_pending >= ROW_GROUP_SIZE:
            joined = pa.concat_tables(self._pending)
            self._write(joined.slice(0, ROW_GROUP_SIZE))
            rest = joined.slice(ROW_GROUP_SIZE)
            self._pending, self._n_pending = ([rest] if rest.num_rows else []), rest.num_rows

    def _write(self, table: pa.Table) -> None:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(self.path, self.schema, **_PARQUET_OPTIONS)
        self._writer.write_table(table, row_group_size=ROW_GROUP_SIZE)

    def close(self) -> bool:
        """Write what is left; whether a file was written."""
        if self._n_pending:
            self._write(pa.concat_tables(self._pending))
            self._pending, self._n_pending = [], 0
        if self._writer is None:
            return False
        self._writer.close()
        self._writer = None
        meta = pq.read_metadata(self.path)
        self.nbytes = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        return True

    def abort(self) -> None:
        """Give up: close the writer and remove the partial file (a no-op after :meth:`close`)."""
        self._pending, self._n_pending = [], 0
        if self._writer is not None:
            self._writer.close()
            self._writer = None
            self.path.unlink(missing_ok=True)


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
