"""The two tasks every engine runs, and the per-worker state they share.

Pass 1, :func:`map_shard`: one *piece* of an input shard (shards are a fixed number of consecutive
inputs, by input order; each is cut into a few pieces so that every worker stays busy to the end)
-> :func:`~source_stance.builder.pipeline.process_input` on each input (or its cached result) -> the
piece's document and sentence rows as Arrow IPC work files (final schema, labels encoded, the
split set to the *provisional* split of the document's group) and a small :class:`ShardSummary`
(per accepted input: the post's text sha256, provisional split, document and sentence counts).
Summaries, work files and the driver's decisions are per piece; their ``shard`` is the piece id.

Pass 2, :func:`finalize_shard`: for one shard, from its pieces in order, drops the inputs the
driver found to be duplicates, applies the driver's split overrides (small corpora only, see
``split.assign_splits``), and writes one Parquet file per config and split that has rows: the same
files however the shard was cut into pieces.  It then reads them back for the publishing step: their
sha256 and whether their offsets and hashes round-trip (:func:`checked_files`), so that this work
runs on the pool, not in the single publishing process.

Memory: a task holds one shard (rows are converted to Arrow every ``ROWS_BATCH_INPUTS`` inputs), so
neither the workers nor the driver grow with the corpus.

Per-worker state: a worker process sets up its :class:`BuildContext` (the annotators' loaded
resources) once and keeps it for the tasks of the same job.  That is the one piece of process-level
state here, and it is keyed by the job's context key so a process never mixes two builds.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

import numpy as np
import pyarrow as pa

from source_stance.builder.cache import CacheStats, InputCache, input_key
from source_stance.builder.corpus import Corpus
from source_stance.builder.errors import BuildError
from source_stance.builder.ingest import RawText, Reject
from source_stance.builder.memory import use_lean_arrow_pool
from source_stance.builder.split import group_hash, split_for
from source_stance.builder.write import ParquetStream, columns_to_table, transpose_rows
from source_stance.schema.config import DocumentMetadata
from source_stance.schema.fields import arrow_schema
from source_stance.schema.records import RECORD_TYPES
from source_stance.schema.vocab import SPLITS

#: Rows are turned into Arrow record batches every this many inputs (bounds a task's memory).
ROWS_BATCH_INPUTS = 100
WORK_CONFIGS = ("documents", "sentences")
_IPC_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4")


@dataclass(frozen=True)
class Job:
    """What every task of one build needs; reaches each worker once."""

    corpus: Corpus
    options: Any  # pipeline.BuildOptions
    work_dir: str
    cache_dir: Optional[str]
    context_key: str


# ---------------------------------------------------------------------------- per-worker state

_WORKER: dict[str, Any] = {}  # "key" and "ctx" of the job whose context is loaded
_WORKER_JOB: dict[str, Job] = {}  # the pool initializer's job (local engine)
_WORKER_LOCK = threading.Lock()


def worker_context(job: Job) -> Any:
    """This process's BuildContext for ``job``, set up on first use (see module doc)."""
    from source_stance.builder.pipeline import BuildContext

    with _WORKER_LOCK:
        if _WORKER.get("key") != job.context_key:
            _WORKER.clear()
            _WORKER["ctx"] = BuildContext.setup(job.corpus, job.options)
            # the loaded resources live as long as the process: keep the cyclic garbage collector
            # from traversing them again on every collection (~2% of a build's CPU)
            gc.freeze()
            _WORKER["key"] = job.context_key
        return _WORKER["ctx"]


def release_worker_context() -> None:
    with _WORKER_LOCK:
        _WORKER.clear()
        gc.unfreeze()  # let the collector see (and free) what the context held


def init_worker(job: Job) -> None:
    """Process-pool initializer: keep the job and load the annotators before the first task."""
    use_lean_arrow_pool()
    _WORKER_JOB["job"] = job
    worker_context(job)


def keep_job(job: Job) -> None:
    """Process-pool initializer for tasks that need no build context (pass 2)."""
    use_lean_arrow_pool()
    _WORKER_JOB["job"] = job


def call_with_job(fn: Any, args: tuple[Any, ...]) -> Any:
    return fn(_WORKER_JOB["job"], *args)


# ---------------------------------------------------------------------------- pass 1

@dataclass
class ShardSummary:
    """What the driver needs from one input shard (never its texts)."""

    shard: int
    n_inputs: int  # texts given to the shard (ingest rejects stay with the driver)
    post_sha256: np.ndarray  # S32 per accepted input: sha256 digest of the post's text
    split: np.ndarray  # int8 per accepted input: index into SPLITS of the provisional split
    n_documents: np.ndarray  # int32 per accepted input (post + comments)
    n_sentences: np.ndarray  # int32 per accepted input
    rejects: list[Reject] = field(default_factory=list)
    cache: CacheStats = field(default_factory=CacheStats)


def work_file(job: Job, shard: int, config: str) -> Path:
    return Path(job.work_dir) / "pass1" / f"{shard:05d}.{config}.arrow"


def out_file(job: Job, shard: int, config: str, split: str) -> Path:
    return Path(job.work_dir) / "pass2" / config / split / f"{shard:05d}.parquet"


class _RowWriter:
    """Rows -> IPC file in record batches (explicit schema, labels encoded).  Rows come as columns
    (kept as one list per field, so a batch converts without a transpose) or as row dicts (kept
    as they are and transposed once per batch, in input order with the columns)."""

    def __init__(self, path: Path, config: str, corpus: Corpus):
        self.fields = RECORD_TYPES[config]
        self.names = [f.name for f in self.fields]
        self.vocabs = corpus.vocabs
        self.schema = arrow_schema(self.fields, self.vocabs)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.writer = pa.ipc.new_file(str(path), self.schema, options=_IPC_OPTIONS)
        self._reset()

    def _reset(self) -> None:
        self.columns: dict[str, list[Any]] = {name: [] for name in self.names}
        self.n_rows = 0
        self._rows: list[dict[str, Any]] = []  # row dicts not yet in self.columns
        self._row_splits: list[str] = []

    def add_columns(self, columns: Mapping[str, Sequence[Any]], n_rows: int, split: str) -> None:
        """``n_rows`` rows given as columns (a field that ``columns`` lacks is null), all in ``split``."""
        self._move_rows()
        for name, values in self.columns.items():
            if name == "split":
                values.extend(repeat(split, n_rows))
            elif name in columns:
                values.extend(columns[name])
            else:
                values.extend(repeat(None, n_rows))
        self.n_rows += n_rows

    def add_rows(self, rows: list[dict[str, Any]], split: str) -> None:
        """Row dicts (a missing key is a null), all in ``split``."""
        self._rows.extend(rows)
        self._row_splits.extend(repeat(split, len(rows)))

    def _move_rows(self) -> None:
        if self._rows:
            rows, splits = self._rows, self._row_splits
            self._rows, self._row_splits = [], []
            names = [name for name in self.names if name != "split"]
            columns = dict(zip(names, transpose_rows(rows, names)))
            for name, values in self.columns.items():
                values.extend(splits if name == "split" else columns[name])
            self.n_rows += len(rows)

    def flush(self) -> None:
        self._move_rows()
        if self.n_rows:
            self.writer.write_table(columns_to_table(self.columns, self.fields, self.vocabs, self.schema))
            self._reset()

    def close(self) -> None:
        self.flush()
        self.writer.close()


def map_shard(job: Job, shard: int, items: list[tuple[RawText, Optional[DocumentMetadata]]]) -> ShardSummary:
    """Pass 1 over one input shard (see module doc)."""
    from source_stance.builder.pipeline import process_input

    ctx = worker_context(job)
    cfg = job.corpus.config
    cache = InputCache(job.cache_dir) if job.cache_dir else None
    writers = {c: _RowWriter(work_file(job, shard, c), c, job.corpus) for c in WORK_CONFIGS}
    shas, splits, ndocs, nsents = [], [], [], []
    sig_ordinal: list[int] = []
    sig_doc: list[str] = []
    sig_value: list[Optional[bytes]] = []
    rejects: list[Reject] = []
    try:
        for i, (raw, meta) in enumerate(items):
            result = None
            if cache is not None:
                key = input_key(job.context_key, raw, meta.model_dump_json() if meta is not None else None)
                result = cache.get(key)
            if result is None:
                result = process_input(raw, meta, ctx)
                if cache is not None:
                    cache.put(key, result)
            if isinstance(result, Reject):
                rejects.append(result)
                continue
            post = result.documents[0]
            split = split_for(group_hash(post["split_group"], cfg.name), cfg.splits)
            writers["documents"].add_rows(result.documents, split)
            writers["sentences"].add_columns(result.sentence_columns, result.n_sentences, split)
            for doc_id, sig in getattr(result, "signatures", {}).items():
                sig_ordinal.append(len(shas))
                sig_doc.append(doc_id)
                sig_value.append(sig)
            shas.append(bytes.fromhex(post["text_sha256"]))
            splits.append(SPLITS.index(split))
            ndocs.append(len(result.documents))
            nsents.append(result.n_sentences)
            if (i + 1) % ROWS_BATCH_INPUTS == 0:
                for w in writers.values():
                    w.flush()
    finally:
        for w in writers.values():
            w.close()
    sigs = pa.table(
        {
            "ordinal": pa.array(sig_ordinal, pa.int32()),
            "doc_id": pa.array(sig_doc, pa.string()),
            "signature": pa.array(sig_value, pa.binary()),
        }
    )
    with pa.ipc.new_file(str(work_file(job, shard, "signatures")), sigs.schema) as w:
        w.write_table(sigs)
    return ShardSummary(
        shard=shard,
        n_inputs=len(items),
        post_sha256=np.array(shas, dtype="S32"),
        split=np.array(splits, dtype=np.int8),
        n_documents=np.array(ndocs, dtype=np.int32),
        n_sentences=np.array(nsents, dtype=np.int32),
        rejects=rejects,
        cache=cache.stats if cache is not None else CacheStats(),
    )


def read_work(job: Job, shard: int, config: str, columns: Optional[list[str]] = None) -> pa.Table:
    """A pass-1 work table (``documents``, ``sentences`` or ``signatures``), optionally only some columns."""
    with pa.OSFile(str(work_file(job, shard, config))) as source:
        reader = pa.ipc.open_file(source)
        if columns is not None:
            names = reader.schema.names
            options = pa.ipc.IpcReadOptions(included_fields=[names.index(c) for c in columns])
            with pa.OSFile(str(work_file(job, shard, config))) as again:
                return pa.ipc.open_file(again, options=options).read_all().select(columns)
        return reader.read_all()


def accepted_ordinals(docs: pa.Table) -> np.ndarray:
    """For each document row, the 0-based ordinal of its input among the shard's accepted inputs."""
    is_post = np.asarray(docs.column("parent_id").is_null().to_numpy(zero_copy_only=False), dtype=np.int64)
    return np.cumsum(is_post) - 1


# ---------------------------------------------------------------------------- pass 2

@dataclass(frozen=True)
class ShardFile:
    config: str
    split: str
    shard: int
    path: str
    rows: int
    nbytes: int
    sha256: str = ""  # of the file as written
    offsets_clean: bool = False  # with the shard's other file of its split: verify.split_offsets_clean


def checked_files(files: list[ShardFile]) -> list[ShardFile]:
    """``files`` (one shard's) with their sha256, and per split whether its documents and sentences
    files, read back, pass :func:`~source_stance.builder.verify.split_offsets_clean` together: the
    publishing step's offset check, done here on the pool (publishing skips it for files whose
    bytes have not changed since)."""
    import dataclasses

    from source_stance.builder.release_files import sha256_file
    from source_stance.builder.verify import split_offsets_clean

    clean = {}
    for split in {f.split for f in files}:
        of = [f for f in files if f.split == split]
        doc_files = [Path(f.path) for f in of if f.config == "documents"]
        clean[split] = split_offsets_clean(doc_files, [Path(f.path) for f in of if f.config == "sentences"])
    return [dataclasses.replace(f, sha256=sha256_file(Path(f.path)), offsets_clean=clean[f.split]) for f in files]


@dataclass(frozen=True)
class ShardDecisions:
    """What the driver decided for one shard (see :mod:`.plan`)."""

    drop: frozenset[int] = frozenset()  # accepted-input ordinals that are exact duplicates
    clusters: dict[str, str] = field(default_factory=dict)  # doc_id -> near-duplicate cluster (this shard's)
    group_remap: dict[str, str] = field(default_factory=dict)  # split_group -> joined group
    split_of_group: dict[str, str] = field(default_factory=dict)  # (joined) group -> split, where not provisional
    collect_sentences_of: frozenset[str] = frozenset()  # doc_ids whose sentence keys (doc_id, index, text, text_sha256) to return


@dataclass
class ShardResult:
    shard: int
    files: list[ShardFile]
    sentence_keys: list[dict[str, Any]]  # for ShardDecisions.collect_sentences_of


def _replace(table: pa.Table, name: str, values: Any) -> pa.Table:
    i = table.schema.get_field_index(name)
    f = table.schema.field(i)
    return table.set_column(i, f, pa.array(values, f.type))


@dataclass
class _Piece:
    """One pass-1 piece's documents after the driver's decisions, and what its sentences need."""

    piece: int
    docs: pa.Table
    keep: np.ndarray  # bool per document row
    split: np.ndarray  # int64 per document row: index into the split names
    resplit: bool  # whether sentence rows need their split column replaced


def _decided_documents(job: Job, piece: int, decisions: ShardDecisions, split_names: list[str]) -> _Piece:
    docs = read_work(job, piece, "documents")
    drop = decisions.drop
    keep = ~np.isin(accepted_ordinals(docs), np.fromiter(drop, dtype=np.int64, count=len(drop)))
    split_col = np.asarray(docs.column("split").to_numpy(), dtype=np.int64).copy()
    resplit = bool(decisions.group_remap or decisions.split_of_group)
    if resplit:
        groups = docs.column("split_group").to_pylist()
        joined = [decisions.group_remap.get(g, g) for g in groups]
        for i, g in enumerate(joined):
            if g in decisions.split_of_group:
                split_col[i] = split_names.index(decisions.split_of_group[g])
        if joined != groups:
            docs = _replace(docs, "split_group", joined)
        docs = _replace(docs, "split", split_col)
    if decisions.clusters and "near_duplicate_cluster" in docs.schema.names:
        docs = _replace(docs, "near_duplicate_cluster", [decisions.clusters.get(d) for d in docs.column("doc_id").to_pylist()])
    return _Piece(piece, docs, keep, split_col, resplit)


def _stream_sentences(job: Job, p: _Piece, decisions: ShardDecisions, streams: dict[str, ParquetStream], split_names: list[str]) -> list[dict[str, Any]]:
    """Append the kept sentence rows of one piece to the split streams, one IPC batch at a time;
    return the sentence keys the driver asked for."""
    sent_doc = np.repeat(np.arange(len(p.keep)), p.docs.column("n_sentences").to_numpy())
    keys: list[dict[str, Any]] = []
    n_rows = 0
    with pa.OSFile(str(work_file(job, p.piece, "sentences"))) as source:
        reader = pa.ipc.open_file(source)
        for b in range(reader.num_record_batches):
            batch = pa.Table.from_batches([reader.get_batch(b)])
            rows = sent_doc[n_rows : n_rows + batch.num_rows]
            n_rows += batch.num_rows
            if len(rows) != batch.num_rows:
                break  # more sentence rows than the documents count: reported below
            if p.resplit:
                batch = _replace(batch, "split", p.split[rows])
            kept, split_of_row = p.keep[rows], p.split[rows]
            if decisions.collect_sentences_of:
                of = decisions.collect_sentences_of
                wanted = kept & np.fromiter((d in of for d in batch.column("doc_id").to_pylist()), dtype=bool, count=batch.num_rows)
                keys += batch.filter(pa.array(wanted)).select(["doc_id", "index", "text", "text_sha256"]).to_pylist()
            for split, stream in streams.items():
                mask = kept & (split_of_row == split_names.index(split))
                if mask.any():
                    stream.add(batch.filter(pa.array(mask)))
    if n_rows != len(sent_doc):
        raise BuildError(f"piece {p.piece}: documents count {len(sent_doc)} sentences but {n_rows} sentence rows were written")
    return keys


def finalize_shard(job: Job, shard: int, pieces: list[tuple[int, ShardDecisions]]) -> ShardResult:
    """Pass 2 for one shard, from its pass-1 pieces (in order): drop duplicates, apply cluster/group/
    split decisions, write one Parquet file per config and split with rows.

    The documents of the shard are read whole (the decisions are per document); the sentences, a
    shard's bulk, stream through one IPC record batch at a time into one :class:`ParquetStream` per
    split.  The files do not depend on how the shard was cut into pieces.
    """
    vocabs = job.corpus.vocabs
    split_names = vocabs.names("split")
    decided = [_decided_documents(job, piece, decisions, split_names) for piece, decisions in pieces]
    out: list[ShardFile] = []
    doc_streams = {split: ParquetStream(out_file(job, shard, "documents", split), decided[0].docs.schema) for split in SPLITS}
    try:
        for split, stream in doc_streams.items():
            for p in decided:
                mask = p.keep & (p.split == split_names.index(split))
                if mask.any():
                    stream.add(p.docs.filter(pa.array(mask)))
            if stream.close():
                out.append(ShardFile("documents", split, shard, str(stream.path), stream.rows, stream.nbytes))
    except BaseException:
        for stream in doc_streams.values():  # no half-written file is left behind
            stream.abort()
        raise
    streams = {split: ParquetStream(out_file(job, shard, "sentences", split), arrow_schema(RECORD_TYPES["sentences"], vocabs)) for split in SPLITS}
    keys: list[dict[str, Any]] = []
    try:
        for p, (_, decisions) in zip(decided, pieces):
            keys += _stream_sentences(job, p, decisions, streams, split_names)
            p.docs = p.docs.slice(0, 0)  # its sentences are written: let its documents go
        for split, stream in streams.items():
            if stream.close():
                out.append(ShardFile("sentences", split, shard, str(stream.path), stream.rows, stream.nbytes))
    except BaseException:
        for stream in streams.values():  # no half-written file is left behind
            stream.abort()
        raise
    for piece, _ in pieces:
        for config in (*WORK_CONFIGS, "signatures"):
            work_file(job, piece, config).unlink(missing_ok=True)
    return ShardResult(shard, checked_files(out), keys)
