"""Where a release's files are and how to read their labels back: the data layout
(``data/<config>/<split>-*.parquet``), file hashes, the vocabularies and ``datasets`` features the
Parquet files embed, and rows with label integers decoded to names.

The primitives every reader of a release shares (verify, diff, Croissant, the card, the build
cache); :mod:`source_stance.builder.reading` builds a whole :class:`~source_stance.builder.reading.Release`
and its statistics on top of them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

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
