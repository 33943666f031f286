"""A release's files: layout, hashes, the vocabularies its Parquet features carry, decoded rows."""

import hashlib
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from source_stance.builder.errors import ReleaseError
from source_stance.builder.release_files import (
    data_files,
    decode_rows,
    features_metadata,
    sha256_file,
    vocabularies_of,
)
from source_stance.schema.records import RECORD_TYPES
from source_stance.schema.vocab import SPLITS


def test_sha256_file_reads_past_its_chunk_size(tmp_path):
    data = bytes(range(256)) * 9000  # > 1 MiB: more than one chunk
    path = tmp_path / "blob"
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_data_files_group_shards_by_split_in_name_order(tmp_path):
    folder = tmp_path / "data" / "sentences"
    folder.mkdir(parents=True)
    for name in ("train-00001-of-00002.parquet", "test-00000-of-00001.parquet", "train-00000-of-00002.parquet", "notes.txt"):
        (folder / name).write_bytes(b"")
    got = data_files(tmp_path, "sentences")
    assert [p.name for p in got["train"]] == ["train-00000-of-00002.parquet", "train-00001-of-00002.parquet"]
    assert [p.name for p in got["test"]] == ["test-00000-of-00001.parquet"]
    assert set(SPLITS) <= set(got) and all(got[s] == [] for s in SPLITS if s not in ("train", "test"))


def test_features_metadata_is_empty_without_datasets_metadata():
    assert features_metadata(pa.schema([("a", pa.int32())])) == {}


def test_vocabularies_of_a_release_decode_its_label_integers(seed_release):
    vocabs = vocabularies_of(seed_release)
    path = data_files(seed_release, "documents")["train"][0]
    table = pq.read_table(path)
    rows = decode_rows(table, RECORD_TYPES["documents"], vocabs)
    assert len(rows) == table.num_rows
    codes = table["perspective"].to_pylist()
    assert [r["perspective"] for r in rows] == [vocabs.names("perspective")[c] for c in codes]
    assert features_metadata(table.schema)["perspective"]["names"] == list(vocabs.names("perspective"))


def test_vocabularies_of_a_folder_without_labels_name_the_folder(tmp_path):
    with pytest.raises(ReleaseError) as e:
        vocabularies_of(tmp_path)
    assert str(tmp_path) in str(e.value)


def test_unreadable_files_are_skipped_only_when_asked(seed_release, tmp_path):
    copy = tmp_path / "release"
    shutil.copytree(seed_release, copy)
    (copy / "data" / "sentences" / "train-99999-of-99999.parquet").write_bytes(b"not parquet")
    with pytest.raises((OSError, pa.ArrowException)):
        vocabularies_of(copy)
    assert vocabularies_of(copy, skip_unreadable=True) == vocabularies_of(seed_release)
