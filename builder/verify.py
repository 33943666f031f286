"""``source-stance verify RELEASE``: prove that a release on disk is intact.

Checks, each reported as a :class:`Problem` naming the file:

* every file listed in ``manifest.json`` exists, with the listed size and sha256 (``file.missing``,
  ``file.size``, ``file.sha256``); no unlisted file sits in the folder (``file.extra``);
* every Parquet file's schema equals the schema derived from ``schema/`` with the vocabularies the
  release declares (``parquet.unreadable``, ``parquet.schema``), and the same vocabularies are used
  by every file;
* row counts per file and per config/split equal the manifest's (``rows.file``, ``rows.split``);
* offsets: a sentence's text equals its document's ``text[char_start:char_end]`` and hashes match
  the texts where texts are present (``offsets.sentence``, ``hash.text``); sentences point at
  documents that exist (``offsets.orphan``).  A build's workers check this for each shard as they
  write it; publishing then skips the splits whose files are unchanged since
  (:func:`checked_when_written`).

:func:`verify_release` returns the problems (empty list = intact); the CLI turns a non-empty list
into a :class:`~source_stance.builder.errors.ReleaseError` (exit 3).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

import pyarrow.parquet as pq

from source_stance.builder.errors import ReleaseError
from source_stance.builder.release_files import DATA_CONFIGS, MANIFEST, data_files, sha256_file, vocabularies_of
from source_stance.schema.fields import arrow_schema
from source_stance.schema.records import RECORD_TYPES


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a release."""

    path: str  # file relative to the release folder ("." for the folder itself)
    code: str  # `<check>.<what>`
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.code}: {self.message}"




def check_files(folder: Path, manifest: dict[str, Any], digests: Optional[dict[str, str]] = None) -> list[Problem]:
    """``digests``: sha256 by path already read from the files now on disk (reused); the sha256
    of every other listed file is added to it."""
    problems = []
    digests = {} if digests is None else digests
    listed = manifest.get("files", {})
    for rel, info in sorted(listed.items()):
        p = folder / rel
        if not p.is_file():
            problems.append(Problem(rel, "file.missing", "listed in the manifest but not in the release"))
            continue
        size = p.stat().st_size
        if "bytes" in info and size != info["bytes"]:
            problems.append(Problem(rel, "file.size", f"{size} bytes, manifest says {info['bytes']}"))
        digest = digests[rel] if rel in digests else digests.setdefault(rel, sha256_file(p))
        if digest != info.get("sha256"):
            problems.append(Problem(rel, "file.sha256", f"sha256 {digest[:16]}… differs from the manifest's {str(info.get('sha256'))[:16]}…"))
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_file() and rel != MANIFEST and rel not in listed:
            problems.append(Problem(rel, "file.extra", "in the release but not listed in the manifest"))
    return problems


OFFSET_COLUMNS = {
    "documents": ["doc_id", "text", "text_sha256"],
    "sentences": ["sentence_id", "doc_id", "text", "char_start", "char_end", "text_sha256"],
}
#: Sentences held at a time by the offset check (a 1,000-input shard has ~28,000): a whole file as
#: Python lists added ~55 MiB to each pass-2 worker, which now checks the shard it wrote.
OFFSET_BATCH_ROWS = 4096


def check_tables(
    folder: Path, manifest: dict[str, Any], checked: Sequence[dict[str, str]] = (), digests: Optional[dict[str, str]] = None
) -> list[Problem]:
    """Schemas and row counts from each file's footer; then offsets, shard by shard, except in a
    split whose files were all checked when written (:func:`checked_when_written`)."""
    problems: list[Problem] = []
    try:
        vocabs = vocabularies_of(folder, skip_unreadable=True)
    except Exception as e:  # noqa: BLE001 - any unreadable file is a finding, reported per file below
        vocabs = None
        problems.append(Problem("data", "parquet.vocabularies", f"cannot read the release's label vocabularies: {e}"))
    listed = manifest.get("files", {})
    expected_counts = manifest.get("row_counts", {})
    readable: dict[str, dict[str, list[Path]]] = {}
    for config in DATA_CONFIGS:
        expected = arrow_schema(RECORD_TYPES[config], vocabs) if vocabs is not None else None
        readable[config] = {}
        for split, paths in data_files(folder, config).items():
            n_split = 0
            readable[config][split] = []
            for p in paths:
                rel = p.relative_to(folder).as_posix()
                try:
                    footer = pq.ParquetFile(p)  # one read for the schema and the row count
                    schema, n_rows = footer.schema_arrow, footer.metadata.num_rows
                except Exception as e:  # noqa: BLE001 - a corrupt file is a finding, not a crash
                    problems.append(Problem(rel, "parquet.unreadable", f"{type(e).__name__}: {e}"))
                    continue
                readable[config][split].append(p)
                # (Parquet names list items `element` where Arrow says `item`: compare types and
                # nullability, then the embedded features separately.)
                if expected is not None and not (
                    schema.equals(expected) and (schema.metadata or {}).get(b"huggingface") == expected.metadata.get(b"huggingface")
                ):
                    problems.append(Problem(rel, "parquet.schema", f"schema differs from schema/: {_schema_difference(schema, expected)}"))
                want = listed.get(rel, {}).get("rows")
                if want is not None and want != n_rows:
                    problems.append(Problem(rel, "rows.file", f"{n_rows} rows, manifest says {want}"))
                n_split += n_rows
            want_split = expected_counts.get(config, {}).get(split)
            if want_split is not None and want_split != n_split:
                problems.append(Problem(f"data/{config}", "rows.split", f"{split} has {n_split} rows, manifest says {want_split}"))
    for split in readable["sentences"]:
        doc_files, sentence_files = readable["documents"].get(split, []), readable["sentences"][split]
        if not checked_when_written(folder, doc_files, sentence_files, checked, digests or {}):
            problems.extend(check_split_offsets(folder, doc_files, sentence_files))
    return problems


def checked_when_written(
    folder: Path, doc_files: list[Path], sentence_files: list[Path], checked: Sequence[dict[str, str]], digests: dict[str, str]
) -> bool:
    """Whether the offsets of one split need no second look: ``checked`` lists groups of files
    (``{path: sha256}``: one build shard's documents and sentences files of a split) that passed
    :func:`split_offsets_clean` together when written.  True when every file of the split is in
    such a group, still has that sha256 (``digests``: read from disk by this verification), and no
    doc_id is in two documents files; then :func:`check_split_offsets` finds nothing either (each
    sentence's document, wherever the split's files pair them, is the one it was checked against)."""
    rels = {p.relative_to(folder).as_posix() for p in [*doc_files, *sentence_files]}
    covered: set[str] = set()
    for group in checked:
        if set(group) & rels:
            if not set(group) <= rels or any(digests.get(rel) != sha for rel, sha in group.items()):
                return False
            covered |= set(group)
    if not rels or covered != rels:
        return False
    if len(doc_files) > 1:
        import pyarrow as pa
        import pyarrow.compute as pc

        ids = pa.chunked_array([c for p in doc_files for c in pq.read_table(p, columns=["doc_id"]).column("doc_id").chunks], pa.string())
        if pc.count_distinct(ids, mode="all").as_py() != len(ids):
            return False
    return True


def _read(path: Path, config: str, problems: list[Problem]) -> Optional[list[dict[str, Any]]]:
    """The offset columns of one file, or None (with a problem) when its data does not decode."""
    try:
        names = pq.read_schema(path).names
        return pq.read_table(path, columns=[c for c in OFFSET_COLUMNS[config] if c in names]).to_pylist()
    except Exception as e:  # noqa: BLE001 - footer readable but data pages corrupt: a finding
        rel = f"{path.parent.parent.name}/{path.parent.name}/{path.name}"
        problems.append(Problem(rel, "parquet.unreadable", f"data does not decode: {type(e).__name__}: {e}"))
        return None


def check_split_offsets(folder: Path, doc_files: list[Path], sentence_files: list[Path]) -> list[Problem]:
    """Offsets of one split, in memory one shard at a time.

    A build writes the sentences of ``documents/<split>-K`` to ``sentences/<split>-K``; sentences
    whose document is not in the same-named shard are checked afterwards against the documents
    of the whole split (read for just those ids).

    The split is first checked by :func:`split_offsets_clean` (column lists, no problem objects);
    only when that finds anything amiss are the problems gathered by
    :func:`split_offsets_problems`, so both paths report exactly the same list."""
    if split_offsets_clean(doc_files, sentence_files):
        return []
    return split_offsets_problems(folder, doc_files, sentence_files)


def split_offsets_problems(folder: Path, doc_files: list[Path], sentence_files: list[Path]) -> list[Problem]:
    """:func:`check_split_offsets` row by row, naming every problem (the reference)."""
    problems: list[Problem] = []
    docs_by_name = {p.name: p for p in doc_files}
    unpaired: list[dict[str, Any]] = []
    broken = False  # a documents file does not decode: its sentences cannot be checked
    for d in doc_files:
        if d.name not in {s.name for s in sentence_files}:
            rows = _read(d, "documents", problems)
            broken |= rows is None
            problems.extend(check_offsets(rows or [], []))
    for sp in sentence_files:
        docs: Optional[list[dict[str, Any]]] = []
        if sp.name in docs_by_name:
            docs = _read(docs_by_name[sp.name], "documents", problems)
            broken |= docs is None
        ids = {d["doc_id"] for d in docs or []}
        sentences = _read(sp, "sentences", problems) or []
        problems.extend(check_offsets(docs or [], [s for s in sentences if s["doc_id"] in ids]))
        unpaired.extend(s for s in sentences if s["doc_id"] not in ids)
    if unpaired:
        needed = {s["doc_id"] for s in unpaired}
        found = [d for p in doc_files for d in (_read(p, "documents", []) or []) if d["doc_id"] in needed]
        if broken:  # orphans would only echo the unreadable file
            have = {d["doc_id"] for d in found}
            unpaired = [s for s in unpaired if s["doc_id"] in have]
        problems.extend(check_offsets(found, unpaired, check_documents=False))
    return problems


def _offset_columns(path: Path, config: str) -> Optional[dict[str, list[Any]]]:
    """Every offset column of one file as a Python list, or None when the file does not decode or
    lacks one of them (the row-by-row check then names the problem)."""
    try:
        table = pq.read_table(path, columns=OFFSET_COLUMNS[config])
        return {c: table.column(c).to_pylist() for c in OFFSET_COLUMNS[config]}
    except Exception:  # noqa: BLE001 - not clean: split_offsets_problems reads it again and says why
        return None


def _offset_batches(path: Path, config: str) -> Iterator[Optional[dict[str, list[Any]]]]:
    """The offset columns of one file, ``OFFSET_BATCH_ROWS`` rows at a time as Python lists (so a
    check holds one batch of sentences, not a file's); a None ends it when the file does not decode
    or lacks one of them."""
    try:
        batches = pq.ParquetFile(path).iter_batches(batch_size=OFFSET_BATCH_ROWS, columns=OFFSET_COLUMNS[config])
        for batch in batches:
            yield {c: batch.column(c).to_pylist() for c in OFFSET_COLUMNS[config]}
    except Exception:  # noqa: BLE001 - not clean: split_offsets_problems reads it again and says why
        yield None


def _documents_clean(docs: dict[str, list[Any]]) -> bool:
    """Every document text present hashes to its ``text_sha256``."""
    sha = hashlib.sha256
    return all(t is None or sha(t.encode("utf-8")).hexdigest() == h for t, h in zip(docs["text"], docs["text_sha256"]))


def _sentences_clean(text_of: dict[str, Optional[str]], sentences: dict[str, list[Any]], unpaired: Optional[list[int]]) -> bool:
    """Every sentence whose document is in ``text_of`` round-trips (the conditions of
    :func:`check_offsets`); the indices of the others go to ``unpaired`` (None: there must be none)."""
    sha = hashlib.sha256
    missing = object()
    columns = (sentences[c] for c in ("doc_id", "text", "char_start", "char_end", "text_sha256"))
    for i, (doc_id, text, start, end, digest) in enumerate(zip(*columns)):
        doc_text = text_of.get(doc_id, missing)
        if doc_text is missing:
            if unpaired is None:
                return False
            unpaired.append(i)
        elif text is not None:
            if sha(text.encode("utf-8")).hexdigest() != digest or (doc_text is not None and doc_text[start:end] != text):
                return False
        elif doc_text is not None and sha(doc_text[start:end].encode("utf-8")).hexdigest() != digest:
            return False
    return True


def split_offsets_clean(doc_files: list[Path], sentence_files: list[Path]) -> bool:
    """True when :func:`split_offsets_problems` would find nothing: every file decodes with its
    offset columns, every hash and offset round-trips, no sentence is an orphan."""
    sentence_names = {p.name for p in sentence_files}
    docs_by_name = {p.name: p for p in doc_files}
    for d in doc_files:
        if d.name not in sentence_names:
            docs = _offset_columns(d, "documents")
            if docs is None or not _documents_clean(docs):
                return False
    left: list[dict[str, list[Any]]] = []  # sentences whose document is not in the same-named shard
    for sp in sentence_files:
        text_of: dict[str, Optional[str]] = {}
        if sp.name in docs_by_name:
            docs = _offset_columns(docs_by_name[sp.name], "documents")
            if docs is None or not _documents_clean(docs):
                return False
            text_of = dict(zip(docs["doc_id"], docs["text"]))
        for sentences in _offset_batches(sp, "sentences"):
            if sentences is None:
                return False
            unpaired: list[int] = []
            if not _sentences_clean(text_of, sentences, unpaired):
                return False
            if unpaired:
                left.append({c: [v[i] for i in unpaired] for c, v in sentences.items()})
    if left:
        needed = {d for part in left for d in part["doc_id"]}
        text_of = {}
        for p in doc_files:
            docs = _offset_columns(p, "documents")
            if docs is None:
                return False
            text_of.update((d, t) for d, t in zip(docs["doc_id"], docs["text"]) if d in needed)
        return all(_sentences_clean(text_of, part, None) for part in left)
    return True


def _schema_difference(actual, expected) -> str:
    a = {f.name: f for f in actual}
    e = {f.name: f for f in expected}
    parts = []
    if sorted(set(e) - set(a)):
        parts.append(f"missing columns {sorted(set(e) - set(a))}")
    if sorted(set(a) - set(e)):
        parts.append(f"unexpected columns {sorted(set(a) - set(e))}")
    for name in [n for n in e if n in a]:
        if not a[name].equals(e[name]):
            parts.append(f"{name}: {a[name].type}{'' if a[name].nullable else ' not null'} != {e[name].type}{'' if e[name].nullable else ' not null'}")
    if not parts and list(a) != list(e):
        parts.append("column order differs")
    if not parts:
        parts.append("features metadata (label names) differs")
    return "; ".join(parts)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_offsets(
    documents: list[dict[str, Any]], sentences: list[dict[str, Any]], limit: int = 20, check_documents: bool = True
) -> list[Problem]:
    problems: list[Problem] = []
    text_of = {d["doc_id"]: d.get("text") for d in documents}
    for d in documents if check_documents else []:
        if d.get("text") is not None and _sha(d["text"]) != d.get("text_sha256"):
            problems.append(Problem("data/documents", "hash.text", f"{d['doc_id']}: text does not match text_sha256"))
    for s in sentences:
        if len(problems) >= limit:
            problems.append(Problem("data/sentences", "offsets.truncated", f"stopped after {limit} problems"))
            break
        sid = s["sentence_id"]
        if s["doc_id"] not in text_of:
            problems.append(Problem("data/sentences", "offsets.orphan", f"{sid}: document {s['doc_id']} is not among the documents of its split"))
            continue
        doc_text = text_of[s["doc_id"]]
        if s.get("text") is not None:
            if _sha(s["text"]) != s.get("text_sha256"):
                problems.append(Problem("data/sentences", "hash.text", f"{sid}: text does not match text_sha256"))
            if doc_text is not None and doc_text[s["char_start"] : s["char_end"]] != s["text"]:
                problems.append(
                    Problem("data/sentences", "offsets.sentence", f"{sid}: document text[{s['char_start']}:{s['char_end']}] != sentence text")
                )
        elif doc_text is not None and _sha(doc_text[s["char_start"] : s["char_end"]]) != s.get("text_sha256"):
            problems.append(Problem("data/sentences", "offsets.sentence", f"{sid}: document text at the offsets does not match text_sha256"))
    return problems


def verify_release(path: Path, checked: Sequence[dict[str, str]] = (), digests: Optional[dict[str, str]] = None) -> list[Problem]:
    """Every problem found in the release at ``path`` (empty: the release is intact).

    ``checked`` and ``digests``: see :func:`checked_when_written` and :func:`check_files` (the
    build passes what its workers checked, and the sha256 it has just read from the files)."""
    folder = Path(path)
    if not folder.is_dir():
        return [Problem(".", "release.missing", f"{folder} is not a folder")]
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except OSError:
        return [Problem(MANIFEST, "file.missing", "no manifest: not a release folder, or a half-written one")]
    except ValueError as e:
        return [Problem(MANIFEST, "manifest.invalid", f"not valid JSON: {e}")]
    digests = {} if digests is None else dict(digests)
    problems = check_files(folder, manifest, digests)
    problems.extend(check_tables(folder, manifest, checked, digests))
    return problems


def require_intact(path: Path) -> None:
    """Raise :class:`ReleaseError` listing every problem, if there is any."""
    problems = verify_release(path)
    if problems:
        files = sorted({p.path for p in problems})
        raise ReleaseError(
            f"release does not verify ({len(problems)} problem(s) in {', '.join(files)}):\n"
            + "\n".join(f"  {p}" for p in problems),
            path=str(path),
            fix="rebuild the release from its raw inputs, or restore the named files from a good copy",
        )
