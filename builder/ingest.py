"""Ingest stage: walk the raw folder and yield every input as a :class:`RawText` or a :class:`Reject`.

Nothing is skipped silently: every entry under the raw folder is either configuration (corpus.yaml,
the files it names, YAML files at the top of the raw folder), a hidden file or folder (name starting with ``.``,
e.g. ``.git``, ``.DS_Store``: ignored by design), a text input, or a reject with a reason code
``ingest.<reason>``:

* ``unreadable``: a file or folder that cannot be read (permissions, I/O error);
* ``outside_raw``: a symbolic link whose target lies outside the raw folder (never read);
* ``broken_link``: a symbolic link whose target does not exist;
* ``not_a_file``: a link to a folder (not followed; the folder's own files are read), a FIFO,
  socket or device;
* ``bad_filename``: a name that is not valid UTF-8 (it could not be written to the release);
* ``unsupported_type``, ``too_large``, ``empty``, ``binary``, ``bad_encoding``, ``mixed_encoding``.

Entries are visited in sorted POSIX-path order so every build sees them in the same order.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from source_stance.builder.corpus import Corpus
from source_stance.builder.decode import Decoded, binary_reason, decode
from source_stance.builder.errors import ConfigError

TEXT_SUFFIXES = frozenset({".txt", ".text"})
CONFIG_SUFFIXES = frozenset({".yaml", ".yml"})
#: Tabular inputs stored as text (checked for binary content before parsing).
TEXT_TABULAR_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv", ".tsv"})


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


@dataclass(frozen=True)
class Entry:
    """One non-hidden, non-folder entry below the raw folder: a readable input, or why it is not."""

    path: Path
    rel: str  # raw-relative POSIX path (invalid UTF-8 shown with backslash escapes)
    problem: Optional[Reject] = None


def _printable_rel(rel: str) -> str:
    """``rel`` as valid Unicode: bytes that were not UTF-8 appear as ``\\xNN``."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _classify(path: Path, rel: str, root_real: str) -> Entry:
    """Check one entry without reading it: name, link target, file kind."""
    shown = _printable_rel(rel)
    if shown != rel:
        return Entry(path, shown, Reject(shown, None, "ingest.bad_filename", "file name is not valid UTF-8; rename the file"))
    try:
        st = path.lstat()
    except OSError as e:
        return Entry(path, rel, Reject(rel, None, "ingest.unreadable", f"cannot stat: {e.strerror}; check permissions"))
    if stat.S_ISLNK(st.st_mode):
        target = os.path.realpath(path)
        if not _inside(target, root_real):
            return Entry(
                path,
                rel,
                Reject(
                    rel,
                    None,
                    "ingest.outside_raw",
                    "symbolic link to a file outside the raw folder (not read); copy the file into the raw folder instead",
                ),
            )
        try:
            st = path.stat()
        except OSError:
            return Entry(path, rel, Reject(rel, None, "ingest.broken_link", "symbolic link to a missing file (or a loop of links); remove the link or restore its target"))
        if stat.S_ISDIR(st.st_mode):
            return Entry(
                path,
                rel,
                Reject(rel, None, "ingest.not_a_file", "symbolic link to a folder (not followed: the folder's own files are read); remove the link"),
            )
    if not stat.S_ISREG(st.st_mode):
        return Entry(path, rel, Reject(rel, None, "ingest.not_a_file", "not a regular file (FIFO, socket or device); remove it from the raw folder"))
    return Entry(path, rel)


def _listing(dirpath: str) -> list[tuple[str, bool, str]]:
    """One folder's non-hidden entries as ``(sort key, is a folder, path)``, sorted.  A folder's key
    is its name plus ``/``, so walking folders in key order yields paths in sorted full-path order
    (every path below ``d`` starts with ``d/``).  Links to folders count as files (not followed)."""
    out = []
    with os.scandir(dirpath) as it:
        for e in it:
            if e.name.startswith("."):
                continue
            is_dir = e.is_dir(follow_symlinks=False)
            out.append((e.name + "/" if is_dir else e.name, is_dir, e.path))
    out.sort()
    return out


def _walk_listing(prefix: str, listing: list[tuple[str, bool, str]], root_real: str) -> Iterator[Entry]:
    for key, is_dir, full in listing:
        rel = prefix + (key[:-1] if is_dir else key)
        if not is_dir:
            yield _classify(Path(full), rel, root_real)
            continue
        try:
            sub = _listing(full)
        except OSError as err:
            shown = _printable_rel(rel)
            yield Entry(Path(full), shown, Reject(shown, None, "ingest.unreadable", f"cannot list folder: {err.strerror}; check permissions (chmod +rx)"))
            continue
        yield from _walk_listing(rel + "/", sub, root_real)


def walk(raw_dir: Path) -> Iterator[Entry]:
    """Every non-hidden entry below ``raw_dir`` that is not a folder, in sorted POSIX-path order.

    Folders are descended (never through symbolic links); a folder that cannot be listed becomes an
    entry with an ``ingest.unreadable`` problem, so its files are not lost silently.  Streams: only
    the listings of the folders on the current path are held, not one entry per file of the corpus.
    """
    root = os.fspath(raw_dir)
    try:
        top = _listing(root)
    except OSError as err:
        raise ConfigError(f"cannot list the raw folder: {err.strerror}", path=root, fix="check its permissions (chmod +rx)") from None
    return _walk_listing("", top, os.path.realpath(root))


def iter_files(raw_dir: Path) -> Iterator[Path]:
    """Paths of the readable regular files (or links to files inside) below ``raw_dir``, sorted."""
    return (e.path for e in walk(raw_dir) if e.problem is None)


def read_bytes_limited(path: Path, rel: str, limit: int) -> bytes | Reject:
    """The file's bytes, or a reject when it cannot be read or is over ``limit`` bytes."""
    try:
        size = path.stat().st_size
    except OSError as e:
        return Reject(rel, None, "ingest.unreadable", f"cannot stat: {e.strerror}; check the file exists and permissions")
    too_large = Reject(
        rel,
        None,
        "ingest.too_large",
        f"{size} bytes is over the limit of {limit} bytes (max_file_bytes in corpus.yaml); split the file or raise the limit",
    )
    if size > limit:
        return too_large
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as e:
        return Reject(rel, None, "ingest.unreadable", f"cannot read: {e.strerror}; check permissions (chmod +r)")
    if len(data) > limit:  # grew after stat
        return too_large
    return data


def read_text_file(path: Path, rel: str, corpus: Corpus) -> RawText | Reject:
    """Read and decode one text file; problems become rejects, never exceptions."""
    data = read_bytes_limited(path, rel, corpus.config.max_file_bytes)
    if isinstance(data, Reject):
        return data
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
    """Yield every input of the corpus, in a deterministic order.

    Two inputs whose document ids would be the same (``a.txt`` and ``a.text``; ``b/r0.txt`` and
    row ``r0`` of ``b.jsonl``) cannot both become documents: the later one is an
    ``ingest.duplicate_doc_id`` reject naming the first.  An id ending in ``#comment-N`` is
    reserved for reader comments (``ingest.reserved_doc_id``).
    """
    from source_stance.builder.id_registry import IdRegistry

    seen_ids = IdRegistry()
    for item in _iter_inputs(corpus):
        if isinstance(item, RawText):
            from source_stance.builder.pipeline import base_doc_id, looks_like_comment_id  # the one definition of ids

            doc_id = base_doc_id(item)
            if looks_like_comment_id(doc_id):
                yield Reject(
                    item.source_file,
                    item.source_row,
                    "ingest.reserved_doc_id",
                    f"its document id {doc_id!r} ends like a reader comment's id (`<post>#comment-N`), which the "
                    "builder gives to comments split off a post; rename the file (or the row id)",
                )
                continue
            where = _where(item)
            first = seen_ids.first_place(doc_id, where)
            if first != where:
                yield Reject(
                    item.source_file,
                    item.source_row,
                    "ingest.duplicate_doc_id",
                    f"its document id {doc_id!r} is already used by {first} (ids are the path without its extension, "
                    "plus the row id for tabular inputs); rename one of them",
                )
                continue
        yield item


def _read_tabular(path: Path, rel: str, corpus: Corpus, readers) -> Iterator[RawText | Reject]:  # noqa: ANN001
    """A reader's rows, after checks no file may skip: a text format (CSV, JSONL) that is binary is
    one ``ingest.binary`` reject, and a file that yields no row at all (empty, header only) is an
    ``ingest.empty`` reject rather than nothing."""
    if path.suffix.lower() in TEXT_TABULAR_SUFFIXES:
        try:
            with open(path, "rb") as fh:
                head = fh.read(65536)
        except OSError as e:
            yield Reject(rel, None, "ingest.unreadable", f"cannot read: {e.strerror}; check permissions (chmod +r)")
            return
        reason = binary_reason(head)
        if reason:
            yield Reject(rel, None, "ingest.binary", f"{reason}; remove it or export the table as UTF-8 text")
            return
    n = 0
    for item in readers.read_input(path, rel, corpus.config.input, corpus.config.max_file_bytes):
        n += 1
        yield item
    if n == 0:
        yield Reject(rel, None, "ingest.empty", "no data rows (an empty file, or a header only); remove it or add rows")


def _where(item: RawText) -> str:
    return item.source_file if item.source_row is None else f"{item.source_file} row {item.source_row}"


def _iter_inputs(corpus: Corpus) -> Iterator[RawText | Reject]:
    from source_stance.builder import readers  # readers build on this module's RawText/Reject

    cfg = corpus.config
    named = (getattr(cfg, f, None) for f in ("metadata", "gazetteer", "framing_lexicon", "claims_gold", "publishers"))
    config_files = set(corpus.config_files) | {Path(n).as_posix() for n in named if isinstance(n, str)}
    for entry in walk(corpus.raw_dir):
        rel = entry.rel
        suffix = entry.path.suffix.lower()
        if rel in config_files or (suffix in CONFIG_SUFFIXES and entry.problem is None and "/" not in rel):
            continue  # configuration: corpus.yaml, files it names, YAML at the top of the raw folder
        if entry.problem is not None:
            yield entry.problem
        elif suffix in TEXT_SUFFIXES:
            yield read_text_file(entry.path, rel, corpus)
        elif suffix in readers.READER_SUFFIXES:  # JSONL / CSV / Parquet rows, HTML pages
            yield from _read_tabular(entry.path, rel, corpus, readers)
        else:
            yield Reject(
                rel,
                None,
                "ingest.unsupported_type",
                f"unsupported file type {suffix or '(none)'!r}; supported: {', '.join(sorted(TEXT_SUFFIXES | readers.READER_SUFFIXES))}",
            )
