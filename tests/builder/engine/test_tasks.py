"""Pass-2 task (`finalize_shard`): a failure mid-stream leaves no open writer and no partial file."""

from __future__ import annotations

from pathlib import Path

import pytest

from source_stance.builder import write
from source_stance.builder.cache import context_key
from source_stance.builder.corpus import load_corpus
from source_stance.builder.engine import tasks
from source_stance.builder.engine.tasks import Job, ShardDecisions, finalize_shard, map_shard
from source_stance.builder.engine.inputs import InputReader
from source_stance.builder.pipeline import BuildOptions

TEXT = "Officials met on Monday. They said the talks would continue. A statement followed later that day.\n"


def _mapped_shard(make_corpus, tmp_path: Path) -> tuple[Job, int]:
    raw = make_corpus(tmp_path / "raw", {f"t{i}.txt": f"Item {i}. {TEXT}" * 3 for i in range(4)})
    corpus = load_corpus(raw)
    options = BuildOptions(raw_dir=raw, out_dir=tmp_path / "out")
    work = tmp_path / "work"
    work.mkdir()
    job = Job(corpus, options, str(work), None, context_key(corpus, options))
    [(shard, items)] = list(InputReader(corpus, 100, ignore_metadata=options.ignore_metadata).pieces())
    summary = map_shard(job, shard, items)
    assert summary.n_sentences.sum() > 0
    tasks.release_worker_context()
    return job, int(summary.n_sentences.sum())


def test_a_failure_while_streaming_sentences_removes_the_partial_file(make_corpus, tmp_path, monkeypatch):
    job, _ = _mapped_shard(make_corpus, tmp_path)
    monkeypatch.setattr(write, "ROW_GROUP_SIZE", 2)  # the writer opens on the first batch
    opened: list[tasks.ParquetStream] = []

    class FailingStream(tasks.ParquetStream):
        def add(self, table):  # noqa: ANN001
            super().add(table)
            opened.append(self)
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(tasks, "ParquetStream", FailingStream)
    with pytest.raises(OSError, match="No space left"):
        finalize_shard(job, 0, [(0, ShardDecisions())])
    assert opened and opened[0]._writer is None  # closed, not leaked
    assert not any(Path(job.work_dir).rglob("sentences*/*.parquet")), sorted(Path(job.work_dir).rglob("*"))
    assert not opened[0].path.exists()


def test_finalize_shard_writes_every_sentence_once(make_corpus, tmp_path):
    import pyarrow.parquet as pq

    job, n_sentences = _mapped_shard(make_corpus, tmp_path)
    result = finalize_shard(job, 0, [(0, ShardDecisions())])
    rows = {f.config: 0 for f in result.files}
    for f in result.files:
        assert pq.read_metadata(f.path).num_rows == f.rows
        rows[f.config] += f.rows
    assert rows["documents"] == 4
    assert rows["sentences"] == n_sentences > 4


def test_the_pass1_writer_keeps_rows_and_columns_in_the_order_they_came(tmp_path):
    """Row dicts wait to be transposed once per batch; columns added after them still follow them."""
    import pyarrow as pa

    from source_stance.builder.write import to_table
    from source_stance.schema.records import RECORD_TYPES

    corpus = load_corpus(Path(__file__).resolve().parents[3] / "raw")
    fields = RECORD_TYPES["rejects"]
    rows = [{"source_file": f"f{i}.txt", "source_row": i if i % 2 else None, "code": "x.y", "message": "m"} for i in range(5)]
    columns = {"source_file": ["g.txt", "h.txt"], "code": ["a.b", "c.d"], "message": ["n", "o"]}
    writer = tasks._RowWriter(tmp_path / "w.arrow", "rejects", corpus)
    writer.add_rows(rows[:2], "train")
    writer.add_columns(columns, 2, "train")
    writer.add_rows(rows[2:], "train")
    writer.close()
    expected = rows[:2] + [{"source_file": f, "code": c, "message": m} for f, c, m in zip(*columns.values())] + rows[2:]
    with pa.OSFile(str(tmp_path / "w.arrow")) as source:
        table = pa.ipc.open_file(source).read_all()
    assert table.equals(to_table(expected, fields, corpus.vocabs))
