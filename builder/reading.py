"""Read a release folder back: manifest, vocabularies (from the Parquet features), decoded rows.

Used by everything that describes or checks a release after it is written (verify, diff,
datasheet, audit, Croissant), so they all see the release exactly as a user would, never the
builder's in-memory rows.

Files are found by layout (``data/<config>/<split>-*.parquet``), so a release written in several
shards per split reads the same as one written in a single file.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from source_stance.builder.errors import ReleaseError
from source_stance.schema.fields import Field
from source_stance.schema.records import RECORD_TYPES
from source_stance.schema.vocab import SPLITS, Vocabularies

MANIFEST = "manifest.json"
DATA_CONFIGS = ("documents", "sentences")



def sha256_file(path: Path) -> str:
    """sha256 of a file's bytes, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()

def data_files(folder: Path, config: str) -> dict[str, list[Path]]:
    """Parquet files of one config by split, in name order."""
    out: dict[str, list[Path]] = {s: [] for s in SPLITS}
    for p in sorted((folder / "data" / config).glob("*.parquet")):
        split = p.name.split("-", 1)[0]
        out.setdefault(split, []).append(p)
    return out


def features_metadata(schema: pa.Schema) -> dict[str, Any]:
    """The ``datasets`` features a Parquet schema embeds (``{}`` when absent)."""
    raw = (schema.metadata or {}).get(b"huggingface")
    if not raw:
        return {}
    return json.loads(raw).get("info", {}).get("features", {})


def _label_names(feats: dict[str, Any], fields: tuple[Field, ...], into: dict[str, tuple[str, ...]]) -> None:
    for f in fields:
        spec = feats.get(f.name)
        if spec is None:
            continue
        if f.kind == "label" and spec.get("_type") == "ClassLabel":
            into.setdefault(f.vocab, tuple(spec["names"]))  # type: ignore[arg-type]
        elif f.kind == "records":
            inner = spec.get("feature", spec) if isinstance(spec, dict) else spec[0]
            if isinstance(inner, list):
                inner = inner[0]
            _label_names(inner, f.children, into)


def vocabularies_of(folder: Path, skip_unreadable: bool = False) -> Vocabularies:
    """The vocabularies a release was written with, read from its Parquet features metadata.

    ``skip_unreadable``: ignore files whose footer cannot be read (``verify`` reports them itself).
    """
    names: dict[str, tuple[str, ...]] = {}
    for config in DATA_CONFIGS:
        for paths in data_files(folder, config).values():
            for p in paths:
                try:
                    schema = pq.read_schema(p)
                except (OSError, pa.ArrowException):
                    if skip_unreadable:
                        continue
                    raise
                _label_names(features_metadata(schema), RECORD_TYPES[config], names)
    if "perspective" not in names:
        raise ReleaseError("no perspective labels in the release's Parquet metadata", path=str(folder))
    return Vocabularies(**names)


def decode_rows(table: pa.Table, fields: tuple[Field, ...], vocabs: Vocabularies) -> list[dict[str, Any]]:
    """Rows with top-level label integers replaced by their names (nested records left as stored)."""
    rows = table.to_pylist()
    labels = {f.name: vocabs.names(f.vocab) for f in fields if f.kind == "label"}  # type: ignore[arg-type]
    for row in rows:
        for name, vocab in labels.items():
            v = row.get(name)
            if isinstance(v, int) and 0 <= v < len(vocab):
                row[name] = vocab[v]
    return rows


@dataclass
class Release:
    """A release on disk, read once."""

    path: Path
    manifest: dict[str, Any]
    vocabs: Vocabularies
    documents: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)  # empty unless read with sentences=True
    columns: dict[str, list[str]] = field(default_factory=dict)
    stats: "SentenceStats" = field(default_factory=lambda: SentenceStats())

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


def sentence_stats(folder: Path, vocabs: Vocabularies) -> SentenceStats:
    st = SentenceStats()
    for paths in data_files(folder, "sentences").values():
        for p in paths:
            names = pq.read_schema(p).names
            groups = [c[: -len("_source")] for c in names if c.endswith("_source") and c[: -len("_source")] + "_annotator" in names]
            wanted = {"split", "document_perspective", "is_claim", "claim_kind", "speaker_kind", "framing_terms"}
            wanted |= {f"{g}_source" for g in groups} | {f"{g}_annotator" for g in groups}
            cols = [c for c in names if c in wanted]
            for batch in pq.ParquetFile(p).iter_batches(batch_size=STATS_BATCH, columns=cols):
                rows = decode_rows(pa.Table.from_batches([batch]), RECORD_TYPES["sentences"], vocabs)
                for r in rows:
                    st.n += 1
                    st.by_split[r["split"]] += 1
                    persp = r.get("document_perspective")
                    st.by_perspective[persp] += 1
                    if "claim_kind" in r:
                        st.n_claims += bool(r.get("is_claim"))
                        st.claim_kind[r["claim_kind"]] += 1
                        st.perspective_x_kind[(persp, r["claim_kind"])] += 1
                    if r.get("speaker_kind") == "named_source":
                        st.named_sources += 1
                    for t in r.get("framing_terms") or []:
                        st.terms_by_perspective[persp] += 1
                        st.terms_by_owner[(persp, t["vocabulary_of"])] += 1
                        st.top_terms[(t["canonical"], t["vocabulary_of"])] += 1
                    for g in groups:
                        source, annotator = r[f"{g}_source"], r[f"{g}_annotator"]
                        st.sources.setdefault(g, Counter())[source] += 1
                        if source == "curated":
                            st.curators.add(annotator)
                        elif isinstance(annotator, str) and annotator.startswith(("rule:", "model:")):
                            st.annotators.add(annotator)
    return st


def read_release(
    folder: Path,
    manifest: Optional[dict[str, Any]] = None,
    skip: Optional[Callable[[str, str], bool]] = None,
    sentences: bool = True,
) -> Release:
    """Read a release (``manifest`` may be given for a folder whose manifest is not written yet).

    ``skip(config, column)``: true for columns not to load (``Release.columns`` still lists them all).
    ``sentences=False``: leave ``Release.sentences`` empty (``Release.stats`` is always computed).
    """
    folder = Path(folder)
    if manifest is None:
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ReleaseError(f"cannot read {MANIFEST}: {e}", path=str(folder), fix="is this a release folder?") from None
    vocabs = vocabularies_of(folder)
    rel = Release(folder, manifest, vocabs)
    for config in DATA_CONFIGS:
        fields = RECORD_TYPES[config]
        rows: list[dict[str, Any]] = []
        for paths in data_files(folder, config).values():
            for p in paths:
                names = pq.read_schema(p).names
                rel.columns.setdefault(config, names)
                if config == "sentences" and not sentences:
                    continue
                table = pq.read_table(p, columns=[n for n in names if skip is None or not skip(config, n)])
                rows.extend(decode_rows(table, fields, vocabs))
        setattr(rel, config, rows)
    rel.stats = sentence_stats(folder, vocabs)
    return rel
