"""Rows -> Arrow tables and Parquet files (builder/write.py)."""

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from source_stance.builder.corpus import load_corpus
from source_stance.builder.write import decode_labels, encode_labels, to_table, write_parquet
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
