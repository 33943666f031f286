"""The streaming driver: bounded shards, decisions from summaries, the same rows at any shard size."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from source_stance.builder.corpus import load_corpus
from source_stance.builder.engine import ExecutionOptions
from source_stance.builder.engine.local import bounded_imap
from source_stance.builder.engine.inputs import InputReader
from source_stance.builder.pipeline import BuildOptions, run

TEXT = "Officials met on Monday. They said the talks would continue. A statement followed later that day.\n"


def _corpus(make_corpus, root: Path, n: int, extra: dict | None = None) -> Path:
    texts = {f"t{i:03d}.txt": f"Item {i}. {TEXT}Number {i * 7} was noted." for i in range(n)}
    return make_corpus(root, {**texts, **(extra or {})})


def test_reader_cuts_shards_by_input_order_only(make_corpus, tmp_path):
    raw = _corpus(make_corpus, tmp_path / "raw", 10, {"junk.bin": b"\x00\x01\x02"})
    corpus = load_corpus(raw)
    reader = InputReader(corpus, 4)
    shards = list(reader.pieces())
    assert [s for s, _ in shards] == [0, 1, 2]
    # 11 inputs; junk.bin sorts first and, as an ingest reject, still counts towards shard 0's size
    assert reader.n_read == 11 and len(reader.rejects) == 1
    assert [len(items) for _, items in shards] == [3, 4, 3]
    assert all(len(items) <= 4 for _, items in shards)


def test_reader_cuts_each_shard_into_pieces_by_input_order(make_corpus, tmp_path):
    raw = _corpus(make_corpus, tmp_path / "raw", 10, {"junk.bin": b"\x00\x01\x02"})
    corpus = load_corpus(raw)
    reader = InputReader(corpus, 4, pieces_per_shard=2)
    pieces = list(reader.pieces())
    # shards of 4 inputs cut 2 + 2, the last (3 inputs) 2 + 1; piece j of shard k has id 2k + j
    assert [p for p, _ in pieces] == [0, 1, 2, 3, 4, 5]
    assert [len(items) for _, items in pieces] == [1, 2, 2, 2, 2, 1]  # the reject junk.bin counts in piece 0
    assert [reader.shard_of(p) for p, _ in pieces] == [0, 0, 1, 1, 2, 2]
    assert [len(items) for _, items in InputReader(corpus, 3, pieces_per_shard=5).pieces()] == [0] + [1] * 10  # at most one piece per input


def _release_bytes(out) -> dict[str, bytes]:  # noqa: ANN001
    return {f"{c}/{s}/{f.shard}": Path(f.path).read_bytes() + str(f.nbytes).encode() for c in out.files for s in out.files[c] for f in out.files[c][s]}


def test_files_do_not_depend_on_how_shards_are_cut_into_pieces(make_corpus, tmp_path):
    raw = _corpus(make_corpus, tmp_path / "raw", 9, {"dup.txt": "Item 2. " + TEXT + "Number 14 was noted.", "junk.bin": b"\x00\x00"})
    built = {
        pieces: run(BuildOptions(raw_dir=raw, out_dir=tmp_path / f"p{pieces}"), ExecutionOptions(workers=1, use_cache=False, quiet=True, shard_size=5, pieces_per_shard=pieces))
        for pieces in (1, 2, 5)
    }
    assert _release_bytes(built[1]) == _release_bytes(built[2]) == _release_bytes(built[5])
    assert len(_release_bytes(built[1])) >= 4  # documents and sentences of at least two shards
    assert all(out.rejects == built[1].rejects for out in built.values())


def test_bounded_imap_never_has_more_than_window_pending():
    pending, peak, lock = [], [0], threading.Lock()

    def submit(a):
        f: Future = Future()
        with lock:
            pending.append(f)
            peak[0] = max(peak[0], sum(1 for p in pending if not p.done()))
        f.set_result(a[0] * 2)
        return f

    out = list(bounded_imap(submit, ((i,) for i in range(50)), window=3))
    assert sorted(out) == [i * 2 for i in range(50)]
    assert peak[0] <= 3


def _rows(release_files: dict, config: str) -> list[dict]:
    rows = []
    for files in release_files[config].values():
        for f in files:
            rows.extend(pq.read_table(f.path).to_pylist())
    key = (lambda r: r["doc_id"]) if config == "documents" else (lambda r: (r["doc_id"], r["index"]))
    return sorted(rows, key=key)


def test_rows_do_not_depend_on_shard_size_and_files_hold_one_shard(make_corpus, tmp_path):
    raw = _corpus(make_corpus, tmp_path / "raw", 9, {"dup.txt": "Item 2. " + TEXT + "Number 14 was noted.", "junk.bin": b"\x00\x00"})
    small = run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "a"), ExecutionOptions(workers=1, use_cache=False, quiet=True, shard_size=2))
    whole = run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "b"), ExecutionOptions(workers=1, use_cache=False, quiet=True, shard_size=1000))
    for config in ("documents", "sentences"):
        assert _rows(small.files, config) == _rows(whole.files, config)
    # every file of the small-shard build holds rows of at most 2 inputs (one shard)
    for files in small.files["documents"].values():
        for f in files:
            assert f.rows <= 2
    assert {f.shard for fs in small.files["documents"].values() for f in fs} >= {0, 1, 2}
    # accounting: read = accepted + rejected, with an ingest reject and a duplicate
    for out in (small, whole):
        codes = sorted(r.code for r in out.rejects)
        assert codes == ["dedup.exact_duplicate", "ingest.binary"] or codes[0] == "dedup.exact_duplicate", codes
        assert out.n_read == 11
        assert out.n_read == out.row_count("documents") + len(out.rejects)
        dup = next(r for r in out.rejects if r.code == "dedup.exact_duplicate")
        assert dup.source_file == "t002.txt" and dup.duplicate_of == "dup"  # "dup.txt" comes first in input order


def test_work_folder_is_removed(make_corpus, tmp_path):
    raw = _corpus(make_corpus, tmp_path / "raw", 3)
    out = run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "o"), ExecutionOptions(workers=1, use_cache=False, quiet=True))
    work = out.work_dir
    assert work is not None and work.exists()
    out.cleanup()
    assert not work.exists()


def test_small_corpus_split_fixup_matches_assign_splits(make_corpus, tmp_path):
    """Three families: hashing alone may leave a split empty; the driver must end like assign_splits."""
    from source_stance.builder.split import assign_splits

    raw = _corpus(make_corpus, tmp_path / "raw", 3)
    out = run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "o"), ExecutionOptions(workers=1, use_cache=False, quiet=True, shard_size=1))
    docs = out.documents
    cfg = out.corpus.config
    expected = assign_splits((d["split_group"] for d in docs), cfg.name, cfg.splits)
    assert {d["doc_id"]: d["split"] for d in docs} == {d["doc_id"]: expected[d["split_group"]] for d in docs}
    assert {d["split"] for d in docs} == {"train", "validation", "test"}


@pytest.mark.parametrize("shard_size", [1, 3])
def test_near_duplicates_across_shards_share_a_split(make_corpus, tmp_path, shard_size):
    texts = {f"n{i}.txt": f"Story {i}. " + " ".join(f"w{i}x{k}" for k in range(40)) + "." for i in range(6)}
    long = " ".join(f"word{k}" for k in range(80)) + "."
    texts["near_a.txt"] = "Opening line. " + long
    texts["near_z.txt"] = "Opening line. " + long.replace("word40", "changed")
    raw = make_corpus(tmp_path / "raw", texts)
    out = run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "o"), ExecutionOptions(workers=1, use_cache=False, quiet=True, shard_size=shard_size))
    docs = {d["doc_id"]: d for d in out.documents}
    assert docs["near_a"]["near_duplicate_cluster"] == docs["near_z"]["near_duplicate_cluster"] == "near_a"
    assert docs["near_a"]["split"] == docs["near_z"]["split"]
    assert docs["near_a"]["split_group"] == docs["near_z"]["split_group"]
    assert out.near_duplicate_clusters == 1 and out.near_duplicate_documents == 2
