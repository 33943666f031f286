"""Rows -> Arrow tables and Parquet files (builder/write.py)."""

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.corpus import load_corpus
from source_stance.builder.write import columns_to_table, decode_labels, encode_labels, to_table, transpose_rows, write_parquet
from source_stance.schema.fields import arrow_schema
from source_stance.schema.records import RECORD_TYPES

RAW = Path(__file__).resolve().parents[2] / "raw"


@pytest.fixture(scope="module")
def seed_rows(seed_release):
    """The seed release's sentence and document rows, labels as names (as the pipeline makes them)."""
    vocabs = load_corpus(RAW).vocabs
    out = {}
    for config in ("documents", "sentences"):
        table = pa.concat_tables(pq.read_table(p) for p in sorted((seed_release / "data" / config).glob("*.parquet")))
        out[config] = decode_labels(table, RECORD_TYPES[config], vocabs)
    return vocabs, out


@pytest.mark.parametrize("config", ["documents", "sentences"])
def test_column_wise_table_equals_the_row_wise_conversion(seed_rows, config):
    vocabs, rows = seed_rows
    fields = RECORD_TYPES[config]
    schema = arrow_schema(fields, vocabs)
    reference = pa.Table.from_pylist(encode_labels(rows[config], fields, vocabs), schema=schema)
    table = to_table(rows[config], fields, vocabs, schema)
    assert table.num_rows == len(rows[config]) > 0
    assert table.equals(reference)
    assert table.schema.equals(schema, check_metadata=True)
    assert decode_labels(table, fields, vocabs) == rows[config]


@pytest.mark.parametrize("config", ["documents", "sentences"])
def test_rows_missing_optional_keys_give_nulls_as_with_every_key(seed_rows, config):
    """Rows that lack some keys take the per-cell path; the table is the one with explicit nulls."""
    vocabs, rows = seed_rows
    fields = RECORD_TYPES[config]
    optional = [f.name for f in fields if f.nullable]
    assert optional
    full = [dict(r, **{name: None for name in optional[i % len(optional) :: 3]}) for i, r in enumerate(rows[config])]
    sparse = [{k: v for k, v in r.items() if not (v is None and k in optional)} for r in full]
    assert any(len(a) != len(b) for a, b in zip(full, sparse))
    assert to_table(sparse, fields, vocabs).equals(to_table(full, fields, vocabs))


@given(st.lists(st.dictionaries(st.sampled_from("abcd"), st.integers(), max_size=4), max_size=6), st.lists(st.sampled_from("abcde"), min_size=1, max_size=5))
def test_columns_are_the_rows_gets_transposed(rows, names):
    assert [list(c) for c in transpose_rows(rows, names)] == [[r.get(n) for r in rows] for n in names]


def test_an_unknown_label_names_the_column_and_the_vocabulary(seed_rows):
    vocabs, rows = seed_rows
    row = dict(rows["sentences"][0], claim_kind="rumour")
    with pytest.raises(ValueError, match=r"claim_kind='rumour' is not in its vocabulary \[.*'factual'"):
        to_table([rows["sentences"][1], row], RECORD_TYPES["sentences"], vocabs)


def test_a_null_in_a_required_column_is_an_error_naming_it(seed_rows):
    vocabs, rows = seed_rows
    row = dict(rows["sentences"][0], doc_id=None)
    with pytest.raises(ValueError, match=r"^doc_id is required but 1 row\(s\) have no value$"):
        to_table([row], RECORD_TYPES["sentences"], vocabs)


def test_an_empty_table_is_written_without_a_row_group(tmp_path, seed_rows):
    vocabs, _ = seed_rows
    path = tmp_path / "empty.parquet"
    write_parquet(to_table([], RECORD_TYPES["documents"], vocabs), path)
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups == 0 and meta.num_rows == 0


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(0, 23), max_size=8), group=st.integers(1, 9))
def test_a_parquet_stream_writes_the_bytes_of_write_parquet_of_the_concatenation(tmp_path_factory, sizes, group):
    """Pass 2 streams sentence batches into files that must equal the whole-table write, byte for byte."""
    with pytest.MonkeyPatch.context() as mp:
        from source_stance.builder import write

        mp.setattr(write, "ROW_GROUP_SIZE", group)
        _check_stream(write, tmp_path_factory.mktemp("stream"), sizes, group)


def _check_stream(write, folder: Path, sizes: list[int], group: int) -> None:  # noqa: ANN001
    schema = pa.schema([("i", pa.int64()), ("s", pa.string())])
    parts, start = [], 0
    for n in sizes:
        parts.append(pa.table({"i": list(range(start, start + n)), "s": [f"row {k}" * (k % 3) for k in range(start, start + n)]}, schema=schema))
        start += n
    stream = write.ParquetStream(folder / "stream.parquet", schema)
    for part in parts:
        stream.add(part)
    written = stream.close()
    assert written == (start > 0)
    assert stream.rows == start
    if not written:
        assert not (folder / "stream.parquet").exists()
        return
    whole = pa.concat_tables(parts)
    write.write_parquet(whole, folder / "whole.parquet")
    assert (folder / "stream.parquet").read_bytes() == (folder / "whole.parquet").read_bytes()
    meta = pq.read_metadata(folder / "whole.parquet")
    assert stream.nbytes == sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)) > 0
    assert pq.ParquetFile(folder / "stream.parquet").metadata.num_row_groups == -(-start // group)
