"""Ingest stage: walk the raw folder and yield every input as a :class:`RawText` or a :class:`Reject`.

Nothing is skipped silently: every file under the raw folder is either configuration (corpus.yaml,
the metadata file, the YAML resources it names), a hidden file (name starting with ``.``), a text
input, or a reject with a reason code ``ingest.<reason>``.  Files are visited in sorted POSIX-path
order so every build sees them in the same order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from source_stance.builder.corpus import Corpus
from source_stance.builder.decode import Decoded, decode

TEXT_SUFFIXES = frozenset({".txt", ".text"})
CONFIG_SUFFIXES = frozenset({".yaml", ".yml"})


@dataclass(frozen=True)
class RawText:
    """One raw text, decoded, with what the input itself says about it."""

    source_file: str  # raw-relative POSIX path
    source_row: Optional[int]  # row of a tabular input, None for one-text files
    text: str  # decoded, BOM removed, otherwise untouched
    encoding: str
    bom_bytes: int
    raw_sha256: str
    url: Optional[str] = None
    title: Optional[str] = None
    date: Optional[str] = None
    site_name: Optional[str] = None
    author: Optional[str] = None
    record_id: Optional[str] = None  # a tabular input's own id column, if any


@dataclass(frozen=True)
class Reject:
    """An input that did not become a document, and why."""

    source_file: str
    source_row: Optional[int]
    code: str  # `<stage>.<reason>`
    message: str
    duplicate_of: Optional[str] = None


def iter_files(raw_dir: Path) -> Iterator[Path]:
    """Every non-hidden regular file or symlink below ``raw_dir``, in sorted POSIX-path order."""
    found = []
    for path in raw_dir.rglob("*"):
        rel = path.relative_to(raw_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_dir() and not path.is_symlink():
            continue
        found.append(path)
    found.sort(key=lambda p: p.relative_to(raw_dir).as_posix())
    return iter(found)


def read_text_file(path: Path, rel: str, corpus: Corpus) -> RawText | Reject:
    """Read and decode one text file; problems become rejects, never exceptions."""
    try:
        size = path.stat().st_size
    except OSError as e:
        return Reject(rel, None, "ingest.unreadable", f"cannot stat: {e.strerror}; check the file exists and permissions")
    limit = corpus.config.max_file_bytes
    if size > limit:
        return Reject(
            rel,
            None,
            "ingest.too_large",
            f"{size} bytes is over the limit of {limit} bytes (max_file_bytes in corpus.yaml); "
            "split the file or raise the limit",
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        return Reject(rel, None, "ingest.unreadable", f"cannot read: {e.strerror}; check permissions (chmod +r)")
    if not data:
        return Reject(rel, None, "ingest.empty", "file is empty; remove it or add its text")
    result = decode(data)
    if not isinstance(result, Decoded):
        return Reject(rel, None, f"ingest.{result.reason}", f"{result.message}; remove it or convert it to UTF-8 text")
    if not result.text.strip():
        return Reject(rel, None, "ingest.empty", "file holds only whitespace; remove it or add its text")
    return RawText(
        source_file=rel,
        source_row=None,
        text=result.text,
        encoding=result.encoding,
        bom_bytes=result.bom_bytes,
        raw_sha256=hashlib.sha256(data).hexdigest(),
    )


def iter_inputs(corpus: Corpus) -> Iterator[RawText | Reject]:
    """Yield every input of the corpus, in a deterministic order."""
    config_files = set(corpus.config_files)
    for path in iter_files(corpus.raw_dir):
        rel = path.relative_to(corpus.raw_dir).as_posix()
        suffix = path.suffix.lower()
        if rel in config_files or suffix in CONFIG_SUFFIXES:
            continue
        if suffix in TEXT_SUFFIXES:
            yield read_text_file(path, rel, corpus)
        else:
            yield Reject(
                rel,
                None,
                "ingest.unsupported_type",
                f"unsupported file type {suffix or '(none)'!r}; supported: {', '.join(sorted(TEXT_SUFFIXES))}",
            )
