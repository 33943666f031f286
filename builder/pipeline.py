"""The one place where the stages are wired together.

    ingest -> clean -> documents -> label documents -> segment -> annotate sentences -> split -> write

:func:`process_input` is the pure per-input core (one raw text -> its documents' rows, or a reject);
:func:`build` drives it over a corpus, accounts for every input, and hands the rows to the release
writer.  Execution engines map :func:`process_input` over inputs; they never reimplement a stage.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Optional, Sequence

from source_stance.builder import segment
from source_stance.builder.annotate.claims import ClaimStage
from source_stance.builder.annotate.claims_gold import check_gold_coverage
from source_stance.builder.clean import clean
from source_stance.builder.dedup import signature
from source_stance.builder.normalize import normalize, normalize_text
from source_stance.builder.annotate.documents import DERIVED_LABELS, annotate_document
from source_stance.builder.annotate.language import is_other_language
from source_stance.builder.annotate.resources import DocumentResources, load_resources
from source_stance.builder.readers import with_input_columns
from source_stance.builder.corpus import Corpus, load_corpus
from source_stance.builder.document import DOCUMENT_LABEL_NAMES, Document, Label
from source_stance.builder.errors import BuildError
from source_stance.builder.ingest import RawText, Reject
from source_stance.builder.split import group_key
from source_stance.schema.claims import CLAIM_FIELDS
from source_stance.schema.config import DocumentMetadata

#: Value of each document label when nothing assigned one.
UNKNOWN_VALUE: dict[str, Optional[str]] = {
    "publisher": None,
    "publisher_kind": "unknown",
    "perspective": "unknown",
    "document_type": "unknown",
    "language": None,
    "rights_status": "unknown",
}
COMMENT_RULE = "rule:clean.comment_section.v1"


@dataclass(frozen=True)
class BuildOptions:
    raw_dir: Path = Path("raw")
    out_dir: Path = Path("dist")
    strict: bool = False
    ignore_metadata: bool = False  # label every text automatically, as if uncurated (for evaluation)
    claim_model: Optional[Path] = None
    input_columns: tuple[tuple[str, str], ...] = ()  # (InputColumns field, column name) overrides from the CLI


@dataclass
class BuildContext:
    """What every per-input call needs: the corpus and the annotators' loaded resources."""

    corpus: Corpus
    options: BuildOptions
    claims: Optional[ClaimStage] = None
    documents: Optional[DocumentResources] = None

    @classmethod
    def setup(cls, corpus: Corpus, options: BuildOptions) -> "BuildContext":
        claims = ClaimStage.setup(
            corpus.config, corpus.raw_dir, claim_model=options.claim_model, use_gold=not options.ignore_metadata
        )
        return cls(corpus=corpus, options=options, claims=claims, documents=load_resources(corpus))


@dataclass
class Processed:
    """The rows one raw input produced: document rows, and its documents' sentences as columns
    (see :func:`sentence_columns`; :attr:`sentences` gives them as rows)."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    sentence_columns: dict[str, Sequence[Any]] = field(default_factory=dict)
    signatures: dict[str, Optional[bytes]] = field(default_factory=dict)  # near-duplicate MinHash per doc_id

    @property
    def n_sentences(self) -> int:
        return len(self.sentence_columns["sentence_id"]) if self.sentence_columns else 0

    @property
    def sentences(self) -> list[dict[str, Any]]:
        """One dict per sentence (for tests and single inputs; the engine writes the columns)."""
        return rows_of(self.sentence_columns)

    def add_sentences(self, columns: dict[str, Sequence[Any]]) -> None:
        """Append a document's :func:`sentence_columns` (most inputs have one document)."""
        if not self.sentence_columns:
            self.sentence_columns = columns
            return
        merged = self.sentence_columns
        for name, values in columns.items():
            have = merged[name]
            if not isinstance(have, list):  # a tuple or range of the first document
                have = merged[name] = list(have)
            have.extend(values)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


COMMENT_ID = "{parent}#comment-{n}"
_COMMENT_ID_TAIL = re.compile(r"#comment-\d+$")


def looks_like_comment_id(doc_id: str) -> bool:
    """Ids ending in ``#comment-N`` are reserved for reader comments split off a post."""
    return bool(_COMMENT_ID_TAIL.search(doc_id))


def base_doc_id(raw: RawText) -> str:
    stem = PurePosixPath(raw.source_file).with_suffix("").as_posix()
    if raw.source_row is None:
        return stem
    return f"{stem}/{raw.record_id or f'row-{raw.source_row}'}"


def make_documents(raw: RawText, meta: Optional[DocumentMetadata]) -> list[Document]:
    """The post (furniture removed) and one child document per reader comment."""
    cleaned = clean(raw.text)
    doc_id = base_doc_id(raw)
    title = (meta.title if meta and meta.title else None) or raw.title or (normalize_text(cleaned.title) if cleaned.title else None)
    author = (meta.author if meta and meta.author else None) or raw.author
    docs = [Document(doc_id, doc_id, None, raw, normalize(cleaned.body), title, author, meta, is_comment=False)]  # type: ignore[arg-type]
    for i, c in enumerate(cleaned.comments, start=1):
        docs.append(Document(COMMENT_ID.format(parent=doc_id, n=i), doc_id, doc_id, raw, normalize(c.text), None, c.author, None, is_comment=True))  # type: ignore[arg-type]
    return docs


def curated_labels(meta: DocumentMetadata) -> dict[str, Label]:
    """Labels a curator set explicitly (an explicit null publisher is a curated 'unknown')."""
    out = {}
    curator = f"curator:{meta.curator or 'unnamed'}"
    for name in DOCUMENT_LABEL_NAMES:
        value = getattr(meta, name)
        if value is None and name not in meta.model_fields_set:
            continue
        out[name] = Label(value if value is not None else UNKNOWN_VALUE[name], "curated", 1.0, curator, meta.rationale.get(name))
    return out


def automatic_document_labels(doc: Document, ctx: BuildContext, parent: Optional[Document] = None) -> dict[str, Label]:
    """Labels from the automatic document annotators (builder/annotate/documents.py)."""
    if ctx.documents is None:
        return {}
    return annotate_document(doc, parent, ctx.documents)


def label_document(doc: Document, parent: Optional[Document], ctx: BuildContext) -> dict[str, Label]:
    """Curated metadata first, then structure, then the automatic annotators, then `none`."""
    labels: dict[str, Label] = {}
    if doc.metadata is not None:
        labels.update(curated_labels(doc.metadata))
    if doc.is_comment:
        labels.setdefault(
            "document_type",
            Label("comment", "rule", 0.95, COMMENT_RULE, "sits in the page's reader-comment section"),
        )
        if parent is not None and "rights_status" in parent.labels:
            p = parent.labels["rights_status"]
            labels.setdefault("rights_status", Label(p.value, p.source, p.confidence, p.annotator, "inherited from the post"))
    for name, label in automatic_document_labels(doc, ctx, parent).items():
        labels.setdefault(name, label)
    # a Label is only built for a name still missing (most are set: building one costs ~1 us)
    for name in DOCUMENT_LABEL_NAMES:
        if name not in labels:
            labels[name] = Label.none(UNKNOWN_VALUE[name])
    for name, value in DERIVED_LABELS.items():
        if name not in labels:
            labels[name] = Label.none(value)
    return labels


def claim_columns(doc: Document, spans: list[tuple[int, int]], ctx: BuildContext) -> dict[str, Sequence[Any]]:
    """Claim columns (``CLAIM_NAMES``, one value per sentence span of ``doc``): rule or model
    annotator, curated gold on top.

    Unattributed claims belong to the document's author, else its publisher (null if neither is known).
    """
    if ctx.claims is None:
        raise BuildError("claim stage not set up", fix="create the context with BuildContext.setup")
    publisher = doc.labels["publisher"].value if "publisher" in doc.labels else None
    return ctx.claims.column_map(doc.doc_id, doc.text.text, spans, doc.author or publisher)


def _ws(s: str) -> str:
    return " ".join(s.split())


#: The sentence fields that the claim stage fills (the rest are the core fields of
#: :func:`sentence_columns`, and ``split``, set per input by the engine).
CLAIM_NAMES: tuple[str, ...] = tuple(f.name for f in CLAIM_FIELDS)


def sentence_columns(doc: Document, spans: list[tuple[int, int]], ctx: BuildContext) -> dict[str, Sequence[Any]]:
    """The sentences of ``doc`` as columns (one sequence per sentence field but ``split``, the
    names of ``schema/records.py``), with offsets checked into the document text and the raw file.

    Columns, not a dict per sentence: the claim stage gives columns too, and the writer converts
    the lists to Arrow without transposing rows."""
    from source_stance.builder.decode import byte_offsets

    text, raw = doc.text.text, doc.raw
    raw_spans = doc.text.spans_to_raw(spans)
    flat = sorted({o for rs in raw_spans for o in rs})
    bytes_at = dict(zip(flat, byte_offsets(raw.text, raw.encoding if raw.source_row is None else "utf-8", raw.bom_bytes, flat)))
    claims = claim_columns(doc, spans, ctx)
    n_claims = len(claims["is_claim"])
    if n_claims != len(spans):
        raise BuildError(f"claim annotator returned {n_claims} rows for {len(spans)} sentences", path=doc.doc_id)
    doc_id, raw_text = doc.doc_id, raw.text
    texts = [text[s:e] for s, e in spans]
    for index, (sentence, (rs, re_)) in enumerate(zip(texts, raw_spans)):
        raw_slice = raw_text[rs:re_]
        if not sentence or sentence != sentence.strip() or (raw_slice != sentence and _ws(normalize_text(raw_slice)) != _ws(sentence)):
            s, e = spans[index]
            raise BuildError(
                f"sentence {index} offsets do not round-trip (text[{s}:{e}] vs raw[{rs}:{re_}])",
                path=doc.raw.source_file,
                fix="this is a bug in clean/segment; please report it with the input file",
            )
    sha256 = hashlib.sha256
    digests = [sha256(sentence.encode("utf-8")).hexdigest() for sentence in texts]  # sha256_text, inlined
    ids = [f"{doc_id}:{digest[:12]}" for digest in digests]
    if len(set(ids)) < len(ids):  # a repeated sentence: its second id ends in -2, its third in -3...
        seen: dict[str, int] = {}
        for i, key in enumerate(ids):
            n_seen = seen[key] = seen.get(key, 0) + 1
            if n_seen > 1:
                ids[i] = f"{key}-{n_seen}"
    n = len(spans)
    starts, ends = zip(*spans) if n else ((), ())
    raw_starts, raw_ends = zip(*raw_spans) if n else ((), ())
    columns: dict[str, Sequence[Any]] = {
        "sentence_id": ids,
        "doc_id": [doc_id] * n,
        "index": range(n),
        "text": texts,
        "char_start": starts,
        "char_end": ends,
        "raw_char_start": raw_starts,
        "raw_char_end": raw_ends,
        "raw_byte_start": list(map(bytes_at.__getitem__, raw_starts)),
        "raw_byte_end": list(map(bytes_at.__getitem__, raw_ends)),
        "text_sha256": digests,
        "document_perspective": [doc.labels["perspective"].value] * n,
    }
    columns.update(claims)
    return columns


def rows_of(columns: dict[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Columns (name -> equally long sequences) as one dict per row."""
    names = list(columns)
    return [dict(zip(names, values)) for values in zip(*columns.values())]


def document_row(doc: Document, n_sentences: int) -> dict[str, Any]:
    meta = doc.metadata
    row: dict[str, Any] = {
        "doc_id": doc.doc_id,
        "parent_id": doc.parent_id,
        "family_id": doc.family_id,
        "source_file": doc.raw.source_file,
        "source_row": doc.raw.source_row,
        "title": doc.title,
        "url": doc.url,
        "date": doc.date,
        "country": meta.country if meta else None,
        "author": doc.author,
        "text": doc.text.text,
        "text_sha256": sha256_text(doc.text.text),
        "raw_sha256": doc.raw.raw_sha256,
        "encoding": doc.raw.encoding,
        "n_sentences": n_sentences,
    }
    for name, label in doc.labels.items():
        row[name] = label.value
        row[f"{name}_source"] = label.source
        row[f"{name}_confidence"] = float(label.confidence)
        row[f"{name}_annotator"] = label.annotator
        row[f"{name}_evidence"] = label.evidence
    return row


def process_input(raw: RawText, meta: Optional[DocumentMetadata], ctx: BuildContext) -> Processed | Reject:
    """One raw input -> the rows of its documents (post + comments), or a reject."""
    docs = make_documents(raw, meta)
    post = docs[0]
    if not post.text.text and len(docs) == 1:
        return Reject(raw.source_file, raw.source_row, "clean.no_body", "nothing but page furniture remained after cleaning")
    out = Processed()
    for doc in docs:
        doc.labels = label_document(doc, post if doc.is_comment else None, ctx)
        lang = doc.labels["language"]
        res = ctx.documents
        if doc is post and res is not None and res.other_languages == "reject" and is_other_language(lang, res.language):
            return Reject(
                raw.source_file,
                raw.source_row,
                "annotate.language_mismatch",
                f"text detected as {lang.value!r} (confidence {lang.confidence:.2f}), corpus language is {res.language!r}; "
                "remove it, or set `other_languages: keep` in corpus.yaml to keep it labelled",
            )
        spans = segment.sentence_spans(doc.text.text)
        columns = sentence_columns(doc, spans, ctx)
        drow = document_row(doc, len(spans))
        drow["split_group"] = group_key(post.labels["publisher"].value, doc.family_id)
        out.documents.append(drow)
        out.add_sentences(columns)
        out.signatures[doc.doc_id] = signature(doc.text.text)
    return out


@dataclass
class BuildOutput:
    """What a build produced: final Parquet shards in a work folder, ready for the release writer.

    ``files[config][split]`` lists the shard files in shard order.  :meth:`iter_rows` streams rows;
    :attr:`documents` / :attr:`sentences` load *every* row (for tests and small corpora only).
    The work folder is removed by :meth:`cleanup` (or when the object is garbage-collected).
    """

    corpus: Corpus
    files: dict[str, dict[str, list[Any]]]
    rejects: list[Reject]
    n_read: int
    warnings: list[str]
    metadata_missing: list[str] = field(default_factory=list)  # metadata entries whose file is not in raw/
    n_without_metadata: int = 0  # accepted or not, inputs that have no metadata entry
    near_duplicate_clusters: int = 0
    near_duplicate_documents: int = 0
    summary: str = ""  # one line: documents, sentences, time, rates, engine, cache
    local_workers: int = 1  # processes the build ran on this machine: publishing may use as many
    work_dir: Optional[Path] = None

    def __post_init__(self) -> None:
        if self.work_dir is not None:
            import shutil
            import weakref

            self._finalizer = weakref.finalize(self, shutil.rmtree, str(self.work_dir), True)

    def cleanup(self) -> None:
        if self.work_dir is not None:
            self._finalizer()

    def row_count(self, config: str) -> int:
        return sum(f.rows for by_split in (self.files.get(config) or {}).values() for f in by_split)

    def iter_rows(self, config: str, columns: Optional[list[str]] = None) -> Any:
        """Rows of ``config`` (label names, not integers), shard by shard, split by split."""
        import pyarrow.parquet as pq

        from source_stance.builder.write import decode_labels
        from source_stance.schema.records import RECORD_TYPES

        fields = RECORD_TYPES[config]
        if columns is not None:
            fields = tuple(f for f in fields if f.name in columns)
        for split_files in self.files[config].values():
            for f in split_files:
                yield from decode_labels(pq.read_table(f.path, columns=columns), fields, self.corpus.vocabs)

    @property
    def documents(self) -> list[dict[str, Any]]:
        return sorted(self.iter_rows("documents"), key=lambda r: r["doc_id"])

    @property
    def sentences(self) -> list[dict[str, Any]]:
        return sorted(self.iter_rows("sentences"), key=lambda r: (r["doc_id"], r["index"]))


def run(options: BuildOptions, execution: Any = None, progress: Any = None) -> BuildOutput:
    """Every stage but the release writer, streaming (see builder/engine/): every input ends as
    documents or a reject; rows end in Parquet shards of a work folder under ``options.out_dir``.

    ``execution`` (:class:`~source_stance.builder.engine.ExecutionOptions`) picks the engine,
    workers, cache and shard size; none of it changes the rows.  Without it (a library call) the
    build uses all cores, no cache, and a work folder in the system's temporary directory.  ``progress`` is a
    :class:`~source_stance.builder.progress.Progress` (default: a bar when stderr is a terminal).
    """
    import itertools
    import tempfile

    from source_stance.builder.cache import context_key
    from source_stance.builder.engine import ExecutionOptions, SerialEngine, default_workers, open_engine, start_process_server
    from source_stance.builder.engine.inputs import InputReader
    from source_stance.builder.engine.plan import make_plan
    from source_stance.builder.engine.tasks import Job, finalize_shard, map_shard, read_work, release_worker_context, worker_context
    from source_stance.builder.memory import release_freed_memory
    from source_stance.builder.progress import Progress

    api_call = execution is None  # a library call: no cache, nothing written under out_dir
    execution = execution or ExecutionOptions(use_cache=False, quiet=True)
    execution.check()
    start_process_server(execution)  # its preloading runs while the corpus is read (no-op if started)
    corpus = with_input_columns(load_corpus(options.raw_dir), dict(options.input_columns))
    doc_notes = load_resources(corpus).notes  # validates the registry and lexicon before any work
    progress = progress or Progress(enabled=False if execution.quiet else None)
    out_dir = Path(options.out_dir)
    if not api_call:
        out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".work-", dir=None if api_call else out_dir)).resolve()
    cache_dir = (Path(execution.cache_dir) if execution.cache_dir else out_dir / ".cache").resolve() if execution.use_cache else None
    job = Job(corpus, options, str(work), str(cache_dir) if cache_dir else None, context_key(corpus, options))
    output = BuildOutput(corpus, {}, [], 0, [], work_dir=work)
    reader = InputReader(corpus, execution.shard_size, execution.pieces_per_shard, options.ignore_metadata)
    pieces = reader.pieces()
    head = list(itertools.islice(pieces, 2))
    if execution.engine == "local" and len(head) < 2:
        engine: Any = SerialEngine(job)  # one task: a pool would only add start-up time
    else:
        engine = open_engine(execution, job)
    from source_stance.builder.cache import CacheStats

    cache = CacheStats()
    summaries = []
    try:
        for summary in engine.imap_unordered(map_shard, itertools.chain(head, pieces)):
            summaries.append(summary)
            cache.add(summary.cache)
            progress.update(summary.n_inputs, int(summary.n_documents.sum()), int(summary.n_sentences.sum()))
        progress.stage("restarting workers")
        engine.between_passes()
        progress.stage("deciding duplicates and splits")
        cfg = corpus.config
        plan = make_plan(summaries, lambda sh, table, cols: read_work(job, sh, table, cols), cfg.name, cfg.splits, scratch=Path(job.work_dir))
        release_freed_memory()  # planning's freed buffers go back to the OS before pass 2 starts
        gold = None
        if getattr(cfg, "claims_gold", None):  # the driver's own context, only for the gold index
            ctx = worker_context(job)
            gold = ctx.claims.gold if getattr(ctx, "claims", None) is not None else None
        gold_docs = frozenset(gold.by_doc) if gold is not None else frozenset()
        progress.stage("writing shards")
        by_shard: dict[int, list[tuple[int, Any]]] = {}
        for s in sorted(summaries, key=lambda s: s.shard):  # a summary's "shard" is its piece id
            by_shard.setdefault(reader.shard_of(s.shard), []).append((s.shard, plan.for_shard(s.shard, gold_docs)))
        results = sorted(engine.imap_unordered(finalize_shard, by_shard.items()), key=lambda r: r.shard)
    finally:
        engine.close()
        progress.close()
    files: dict[str, dict[str, list[Any]]] = {c: {s: [] for s in ("train", "validation", "test")} for c in ("documents", "sentences")}
    for r in results:
        for f in r.files:
            files[f.config][f.split].append(f)
    rejects = reader.rejects + [r for s in sorted(summaries, key=lambda s: s.shard) for r in s.rejects] + plan.duplicate_rejects
    if reader.n_read != plan.kept_inputs + len(rejects):
        raise BuildError("accounting broke: inputs read != documents accepted + rejected")
    warnings: list[str] = [f"document labels: {n}" for n in doc_notes]
    if gold is not None:
        ungolded = check_gold_coverage(gold, (k for r in results for k in r.sentence_keys))
        if ungolded:
            shown = ", ".join(f"{d}[{i}]" for d, i in ungolded[:5])
            warnings.append(f"{len(ungolded)} sentence(s) of gold documents have no curated claim entry: {shown}")
    release_worker_context()
    output.files = files
    output.rejects = rejects
    output.n_read = reader.n_read
    output.warnings = warnings
    output.metadata_missing = sorted(set(corpus.metadata) - reader.seen_metadata)
    output.n_without_metadata = reader.n_without_metadata
    output.near_duplicate_clusters = plan.n_clusters
    output.near_duplicate_documents = plan.n_clustered_documents
    output.local_workers = min(engine.workers, default_workers())
    n_docs, n_sents = output.row_count("documents"), output.row_count("sentences")
    cached = f"cache: {cache.hits:,} reused, {cache.misses + cache.corrupt:,} annotated" if cache_dir else "cache: off"
    if cache.corrupt:
        cached += f" ({cache.corrupt} corrupt entries recomputed)"
    t = max(progress.elapsed, 1e-9)
    output.summary = (
        f"built {n_docs:,} documents, {n_sents:,} sentences from {reader.n_read:,} inputs in {t:.1f} s "
        f"({n_docs / t:,.0f} documents/s, {n_sents / t:,.0f} sentences/s; {engine.name} engine, {engine.workers} "
        f"worker{'s' if engine.workers != 1 else ''}; {cached}; "
        + ", ".join(f"{name} {secs:.1f} s" for name, secs in progress.stage_times())
        + ")"
    )
    return output
