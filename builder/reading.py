"""Read a release folder back: manifest, vocabularies (from the Parquet features), decoded rows.

Used by everything that describes or checks a release after it is written (verify, diff,
datasheet, audit, Croissant), so they all see the release exactly as a user would, never the
builder's in-memory rows.

Files are found by layout (``data/<config>/<split>-*.parquet``), so a release written in several
shards per split reads the same as one written in a single file.

Describing a release (the datasheet, card, Croissant and audit that publishing writes) needs no
rows: :class:`DocumentStats` and :class:`SentenceStats` are gathered batch by batch with Arrow
group-bys, and ``read_release(..., documents=False, sentences=False)`` holds nothing that grows
with the release but the distinct split groups, authors and family ids (Arrow, ~30 MB per million
distinct values).  Row lists (``Release.documents`` / ``Release.sentences``) are for the diff, the
verifier and tests.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from source_stance.builder.errors import ReleaseError
from source_stance.builder.release_files import DATA_CONFIGS, MANIFEST, data_files, decode_rows, vocabularies_of
from source_stance.schema.records import RECORD_TYPES
from source_stance.schema.vocab import Vocabularies


@dataclass
class Release:
    """A release on disk, read once."""

    path: Path
    manifest: dict[str, Any]
    vocabs: Vocabularies
    documents: list[dict[str, Any]] = field(default_factory=list)  # empty unless read with documents=True
    sentences: list[dict[str, Any]] = field(default_factory=list)  # empty unless read with sentences=True
    columns: dict[str, list[str]] = field(default_factory=dict)
    stats: "SentenceStats" = field(default_factory=lambda: SentenceStats())
    document_stats: "DocumentStats" = field(default_factory=lambda: DocumentStats())

    @property
    def name(self) -> str:
        return self.manifest.get("dataset", self.path.name)

    @property
    def version(self) -> str:
        return self.manifest.get("version", "")

    def has_column(self, config: str, name: str) -> bool:
        return name in self.columns.get(config, [])


def skipped_for_description(config: str, column: str) -> bool:
    """Columns that describing or diffing a release never needs (the bulk of its bytes): texts of
    sentences, raw offsets and the free-text evidence of every label."""
    if column.endswith("_evidence") or column.startswith("raw_"):
        return True
    return config == "sentences" and column == "text"


SKIPPED_FOR_DESCRIPTION = skipped_for_description


@dataclass
class SentenceStats:
    """Everything the datasheet, card and plots need from the sentences, gathered in one streaming
    pass (the sentences config is the large one: it is never held in memory for describing)."""

    n: int = 0
    by_split: Counter = field(default_factory=Counter)
    by_perspective: Counter = field(default_factory=Counter)
    n_claims: int = 0
    claim_kind: Counter = field(default_factory=Counter)
    perspective_x_kind: Counter = field(default_factory=Counter)  # (document_perspective, claim_kind)
    terms_by_perspective: Counter = field(default_factory=Counter)
    terms_by_owner: Counter = field(default_factory=Counter)  # (document_perspective, vocabulary_of)
    top_terms: Counter = field(default_factory=Counter)  # (canonical, vocabulary_of)
    sources: dict[str, Counter] = field(default_factory=dict)  # label group -> Counter(source name)
    curators: set[str] = field(default_factory=set)
    annotators: set[str] = field(default_factory=set)  # rule:/model: ids
    named_sources: int = 0


STATS_BATCH = 20_000


def _add_sentences(st: SentenceStats, t: pa.Table, decode: Callable[[str, Any], Any], groups: list[str]) -> None:
    """Count one batch of sentences with Arrow group-bys (one Python step per distinct key, not per row)."""
    n = t.num_rows
    has_kind = "claim_kind" in t.column_names
    persp = _column(t, "document_perspective")
    keys = {"split": _column(t, "split"), "persp": persp, "speaker": _column(t, "speaker_kind")}
    if has_kind:
        keys |= {"kind": t.column("claim_kind"), "claim": pc.fill_null(_column(t, "is_claim").cast(pa.bool_()), False)}
    for row in pa.table(keys).group_by(list(keys), use_threads=False).aggregate([([], "count_all")]).to_pylist():
        c, p = row["count_all"], decode("document_perspective", row["persp"])
        st.n += c
        st.by_split[decode("split", row["split"])] += c
        st.by_perspective[p] += c
        if has_kind:
            kind = decode("claim_kind", row["kind"])
            st.n_claims += c if row["claim"] else 0
            st.claim_kind[kind] += c
            st.perspective_x_kind[(p, kind)] += c
        if decode("speaker_kind", row["speaker"]) == "named_source":
            st.named_sources += c
    if "framing_terms" in t.column_names and n:
        terms = t.column("framing_terms").combine_chunks()
        flat = pc.list_flatten(terms)
        table = pa.table(
            {
                "persp": pc.take(persp.combine_chunks(), pc.list_parent_indices(terms)),
                "canonical": flat.field("canonical"),
                "owner": flat.field("vocabulary_of"),
            }
        )
        for row in table.group_by(["persp", "canonical", "owner"], use_threads=False).aggregate([([], "count_all")]).to_pylist():
            c, p = row["count_all"], decode("document_perspective", row["persp"])
            st.terms_by_perspective[p] += c
            st.terms_by_owner[(p, row["owner"])] += c
            st.top_terms[(row["canonical"], row["owner"])] += c
    _count_label_sources(t, decode, groups, st.sources, st.curators, st.annotators)


def label_groups(names: list[str]) -> list[str]:
    """Labels with provenance columns: ``g`` where both ``g_source`` and ``g_annotator`` exist."""
    return [c[: -len("_source")] for c in names if c.endswith("_source") and c[: -len("_source")] + "_annotator" in names]


def _count_label_sources(
    t: pa.Table,
    decode: Callable[[str, Any], Any],
    groups: list[str],
    sources: dict[str, Counter],
    curators: set[str],
    annotators: set[str],
) -> None:
    """Per label group, rows by source (curated/rule/model/none); the curators' names, and the
    rule:/model: annotator ids, seen in this batch."""
    for g in groups:
        for row in t.group_by([f"{g}_source", f"{g}_annotator"], use_threads=False).aggregate([([], "count_all")]).to_pylist():
            source, annotator = decode(f"{g}_source", row[f"{g}_source"]), row[f"{g}_annotator"]
            sources.setdefault(g, Counter())[source] += row["count_all"]
            if source == "curated":
                curators.add(annotator)
            elif isinstance(annotator, str) and annotator.startswith(("rule:", "model:")):
                annotators.add(annotator)


def sentence_stats(folder: Path, vocabs: Vocabularies) -> SentenceStats:
    st = SentenceStats()
    decode = label_decoder(vocabs, "sentences")
    for paths in data_files(folder, "sentences").values():
        for p in paths:
            names = pq.read_schema(p).names
            groups = label_groups(names)
            wanted = {"split", "document_perspective", "is_claim", "claim_kind", "speaker_kind", "framing_terms"}
            wanted |= {f"{g}_source" for g in groups} | {f"{g}_annotator" for g in groups}
            cols = [c for c in names if c in wanted]
            # annotator ids as dictionary arrays, as stored: a few distinct strings, not one per row
            annotators = [c for c in cols if c.endswith("_annotator")]
            for batch in pq.ParquetFile(p, read_dictionary=annotators).iter_batches(batch_size=STATS_BATCH, columns=cols):
                _add_sentences(st, pa.Table.from_batches([batch]), decode, groups)
    return st


# --- documents: one streaming pass -----------------------------------------------------------------

#: Document columns the datasheet tabulates value by value.
DESCRIBED = ("perspective", "publisher", "publisher_kind", "document_type", "rights_status", "language")
#: The datasheet names the documents without a publisher only up to this many.
MAX_LISTED_UNKNOWN = 40
#: Rows per batch when the documents are streamed (their texts are read: ~5 KB each).
DOCUMENT_BATCH = 5_000
#: Rows a :class:`DistinctRows` gathers before it merges them into its distinct table.
_COMPACT_ROWS = 100_000


@dataclass
class DocumentStats:
    """Everything the datasheet, card, plots and audit need from the documents, gathered in one
    streaming pass (:func:`document_stats`): Arrow group-bys per batch of rows, so only counters
    bounded by the vocabularies and the number of publishers are kept, never a row per document."""

    n: int = 0
    by_split: Counter = field(default_factory=Counter)
    posts: int = 0  # parent_id null
    comments: int = 0  # parent_id set and non-empty
    values: dict[str, Counter] = field(default_factory=dict)  # DESCRIBED column -> Counter(value; None = null)
    post_perspective: Counter = field(default_factory=Counter)
    perspective_x_split: Counter = field(default_factory=Counter)  # (perspective, split)
    publisher_split_perspective: Counter = field(default_factory=Counter)  # (publisher, split, perspective)
    sources: dict[str, Counter] = field(default_factory=dict)  # label -> Counter(source name)
    curators: set[str] = field(default_factory=set)  # annotators of curated document labels
    annotators: set[str] = field(default_factory=set)  # rule:/model: ids in any *_annotator column
    unknown_publisher: int = 0  # publisher null or empty
    unknown_publisher_ids: list[str] = field(default_factory=list)  # sorted; only while <= MAX_LISTED_UNKNOWN
    without_text: int = 0  # text null (withheld) or empty
    with_text_by_split: Counter = field(default_factory=Counter)
    groups_by_split: Counter = field(default_factory=Counter)  # distinct split_group per split (null is one)
    authors: int = 0  # distinct non-empty `author` values


class DistinctRows:
    """The distinct rows of a few columns, fed batch by batch.

    Held as an Arrow table (merged with a group-by whenever the new rows outgrow it), so memory
    follows the number of distinct values, not of rows, and holds no Python object per value: for
    a 20-character id about 30 bytes a value, i.e. ~30 MB per million distinct values, plus as much
    again for the hash table while merging.
    """

    def __init__(self, columns: list[str]):
        self.columns = columns
        self.parts: list[pa.Table] = []
        self.pending = 0
        self.kept = 0

    def add(self, table: pa.Table) -> None:
        t = table.select(self.columns).group_by(self.columns, use_threads=False).aggregate([])
        self.parts.append(t)
        self.pending += t.num_rows
        if self.pending > max(self.kept, _COMPACT_ROWS):
            self._merge()

    def _merge(self) -> None:
        if len(self.parts) > 1:
            t = pa.concat_tables(self.parts, promote_options="permissive")
            self.parts = [t.group_by(self.columns, use_threads=False).aggregate([])]
        self.kept = self.parts[0].num_rows if self.parts else 0
        self.pending = 0

    def table(self) -> Optional[pa.Table]:
        """The distinct rows (None when nothing was added)."""
        self._merge()
        return self.parts[0] if self.parts else None


def label_decoder(vocabs: Vocabularies, config: str = "documents") -> Callable[[str, Any], Any]:
    """``decode(column, value)``: a label integer's name (other values unchanged), as :func:`decode_rows`."""
    labels = {f.name: vocabs.names(f.vocab) for f in RECORD_TYPES[config] if f.kind == "label"}  # type: ignore[arg-type]

    def decode(column: str, v: Any) -> Any:
        names = labels.get(column)
        return names[v] if names is not None and isinstance(v, int) and 0 <= v < len(names) else v

    return decode


def iter_document_batches(
    folder: Path, columns: list[str], splits: Optional[tuple[str, ...]] = None, narrow: Optional[Callable[[Path, list[str]], list[str]]] = None
) -> Iterator[pa.Table]:
    """Batches of the documents files (only ``columns`` that a file has; label columns as stored),
    of the files of ``splits`` only when given; ``narrow(path, columns)``: the columns to read of
    that file (default: all of them)."""
    for split, paths in data_files(folder, "documents").items():
        if splits is not None and split not in splits:
            continue
        for p in paths:
            pf = pq.ParquetFile(p)
            cols = [c for c in columns if c in pf.schema_arrow.names]
            cols = cols if narrow is None else narrow(p, cols)
            for batch in pf.iter_batches(batch_size=DOCUMENT_BATCH, columns=cols):
                yield pa.Table.from_batches([batch])


def _column(t: pa.Table, name: str) -> pa.ChunkedArray:
    return t.column(name) if name in t.column_names else pa.chunked_array([pa.nulls(t.num_rows, pa.string())])


def _falsy(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """True where a string is null or empty (``not value`` in Python)."""
    return pc.fill_null(pc.or_kleene(pc.is_null(col), pc.equal(col, "")), True)


def _add_documents(
    st: DocumentStats, t: pa.Table, decode: Callable[[str, Any], Any], sourced: list[str], lone: list[str], all_text: bool = False
) -> None:
    """Count one batch of documents; ``all_text``: every document of the batch has a non-empty text
    (known from the file's statistics, so ``t`` need not hold the texts)."""
    n = t.num_rows
    parent, publisher = _column(t, "parent_id"), _column(t, "publisher")
    cross = pa.table(
        {"split": _column(t, "split"), "perspective": _column(t, "perspective"), "publisher": publisher, "post": pc.is_null(parent)}
    )
    for row in cross.group_by(["split", "perspective", "publisher", "post"], use_threads=False).aggregate([([], "count_all")]).to_pylist():
        c, split, persp, pub = row["count_all"], decode("split", row["split"]), decode("perspective", row["perspective"]), row["publisher"]
        st.n += c
        st.by_split[split] += c
        st.perspective_x_split[(persp, split)] += c
        st.publisher_split_perspective[(pub, split, persp)] += c
        st.values.setdefault("perspective", Counter())[persp] += c
        st.values.setdefault("publisher", Counter())[pub] += c
        if row["post"]:
            st.posts += c
            st.post_perspective[persp] += c
    st.comments += n - parent.null_count - int(pc.sum(pc.equal(parent, "")).as_py() or 0)
    for name in DESCRIBED[2:]:
        counter = st.values.setdefault(name, Counter())
        for vc in pc.value_counts(_column(t, name)).to_pylist():
            counter[decode(name, vc["values"])] += vc["counts"]
    _count_label_sources(t, decode, sourced, st.sources, st.curators, st.annotators)
    for name in [f"{g}_annotator" for g in sourced] + lone:  # rule:/model: ids under any source
        st.annotators |= {a for a in pc.unique(t.column(name)).to_pylist() if isinstance(a, str) and a.startswith(("rule:", "model:"))}
    unknown = _falsy(publisher)
    st.unknown_publisher += int(pc.sum(unknown).as_py() or 0)
    if st.unknown_publisher <= MAX_LISTED_UNKNOWN:
        st.unknown_publisher_ids += pc.filter(_column(t, "doc_id"), unknown).to_pylist()
    if all_text:
        with_text = _column(t, "split")
    else:
        has_text = pc.invert(_falsy(_column(t, "text")))
        st.without_text += n - int(pc.sum(has_text).as_py() or 0)
        with_text = pc.filter(_column(t, "split"), has_text)
    for vc in pc.value_counts(with_text).to_pylist():
        st.with_text_by_split[decode("split", vc["values"])] += vc["counts"]


def texts_all_set(path: Path | pq.FileMetaData) -> bool:
    """Whether the Parquet statistics of ``path`` (or its footer) show that no ``text`` is null or
    empty: in every row group the text column has no nulls and a minimum above ``""`` (a lower
    bound of its values, even when a writer truncates it).  False when a statistic is missing."""
    try:
        meta = path if isinstance(path, pq.FileMetaData) else pq.ParquetFile(path).metadata
        for r in range(meta.num_row_groups):
            group = meta.row_group(r)
            (column,) = [group.column(j) for j in range(group.num_columns) if group.column(j).path_in_schema == "text"]
            stats = column.statistics
            if stats is None or not stats.has_null_count or stats.null_count or not stats.has_min_max or not stats.min:
                return False
        return meta.num_row_groups > 0
    except Exception:  # noqa: BLE001 - no usable statistics: the texts are read instead
        return False


def document_stats(folder: Path, vocabs: Vocabularies, use_statistics: bool = True) -> DocumentStats:
    """:class:`DocumentStats` of a release, streaming its documents files once.  The texts are read
    only to count the documents without one, and not for a file whose statistics show that every
    text is set (:func:`texts_all_set`; ``use_statistics=False`` reads them anyway).  The distinct
    split groups and authors are kept as Arrow tables of distinct values (:class:`DistinctRows`):
    ~30 MB per million distinct values."""
    st = DocumentStats()
    decode = label_decoder(vocabs)
    groups, authors = DistinctRows(["split", "split_group"]), DistinctRows(["author"])
    for paths in data_files(folder, "documents").values():
        for p in paths:
            pf = pq.ParquetFile(p)
            names = pf.schema_arrow.names
            sourced = label_groups(names)
            lone = [c for c in names if c.endswith("_annotator") and c[: -len("_annotator")] not in sourced]
            wanted = {"doc_id", "split", "parent_id", "split_group", "author", "text", *DESCRIBED, *lone}
            wanted |= {f"{g}_source" for g in sourced} | {f"{g}_annotator" for g in sourced}
            all_text = use_statistics and "text" in names and texts_all_set(pf.metadata)
            if all_text:
                wanted.discard("text")
            for batch in pf.iter_batches(batch_size=DOCUMENT_BATCH, columns=[c for c in names if c in wanted]):
                t = pa.Table.from_batches([batch])
                _add_documents(st, t, decode, sourced, lone, all_text)
                groups.add(pa.table({"split": _column(t, "split"), "split_group": _column(t, "split_group")}))
                author = _column(t, "author")
                authors.add(pa.table({"author": pc.filter(author, pc.invert(_falsy(author)))}))
    if st.unknown_publisher > MAX_LISTED_UNKNOWN:
        st.unknown_publisher_ids = []
    st.unknown_publisher_ids.sort()
    distinct_groups = groups.table()
    if distinct_groups is not None:
        per_split = distinct_groups.group_by("split", use_threads=False).aggregate([("split_group", "count", pc.CountOptions(mode="all"))])
        for row in per_split.to_pylist():
            st.groups_by_split[decode("split", row["split"])] += row["split_group_count"]
    distinct_authors = authors.table()
    st.authors = distinct_authors.num_rows if distinct_authors is not None else 0
    return st


def read_documents(folder: Path, vocabs: Vocabularies, skip: Optional[Callable[[str, str], bool]] = None) -> list[dict[str, Any]]:
    """Every document row, decoded (memory grows with the release: for diffs and checks, not for
    describing a release, which uses :class:`DocumentStats`)."""
    rows: list[dict[str, Any]] = []
    for paths in data_files(folder, "documents").values():
        for p in paths:
            names = pq.read_schema(p).names
            table = pq.read_table(p, columns=[n for n in names if skip is None or not skip("documents", n)])
            rows.extend(decode_rows(table, RECORD_TYPES["documents"], vocabs))
    return rows


def read_release(
    folder: Path,
    manifest: Optional[dict[str, Any]] = None,
    skip: Optional[Callable[[str, str], bool]] = None,
    sentences: bool = True,
    documents: bool = True,
    sentence_stats_of: Optional[Callable[[], SentenceStats]] = None,
) -> Release:
    """Read a release (``manifest`` may be given for a folder whose manifest is not written yet).

    ``skip(config, column)``: true for columns not to load (``Release.columns`` still lists them all).
    ``sentences=False`` / ``documents=False``: leave ``Release.sentences`` / ``Release.documents``
    empty; ``Release.stats`` and ``Release.document_stats`` are always computed, streaming, so a
    release read with both false takes memory that does not grow with its size.
    ``sentence_stats_of``: gives ``sentence_stats(folder, vocabs)`` computed elsewhere (publishing
    counts the sentences in a helper process meanwhile); asked for after the document stats.
    """
    folder = Path(folder)
    if manifest is None:
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ReleaseError(f"cannot read {MANIFEST}: {e}", path=str(folder), fix="is this a release folder?") from None
    vocabs = vocabularies_of(folder)
    rel = Release(folder, manifest, vocabs)
    for config in DATA_CONFIGS:  # a config's columns are its first file's
        first = next((p for paths in data_files(folder, config).values() for p in paths), None)
        if first is not None:
            rel.columns[config] = pq.read_schema(first).names
    if documents:
        rel.documents = read_documents(folder, vocabs, skip)
    if sentences:
        for paths in data_files(folder, "sentences").values():
            for p in paths:
                names = pq.read_schema(p).names
                table = pq.read_table(p, columns=[n for n in names if skip is None or not skip("sentences", n)])
                rel.sentences.extend(decode_rows(table, RECORD_TYPES["sentences"], vocabs))
    rel.document_stats = document_stats(folder, vocabs)
    rel.stats = sentence_stats(folder, vocabs) if sentence_stats_of is None else sentence_stats_of()
    return rel
