"""``source-stance diff OLD NEW``, the release's ``CHANGELOG.md`` and the semver rule.

What changed between two releases of one dataset:

* documents added, removed, and changed (same ``doc_id``, different ``text_sha256``);
* label flips by field: every document label column and, when present, the sentence claim columns
  (matched by ``sentence_id``); a column is a *label column* when it has a ``<name>_source``
  provenance column, plus the attribution group (speaker, speaker kind, quote type);
* records that moved split;
* schema changes: fields added or removed, type changes, ClassLabel names changed.

The semver rule (stated as Croissant states it, and enforced by ``build``):

* **MAJOR** when records change split, documents are removed, or the schema breaks (a field removed,
  a type changed, ClassLabel names reordered or removed);
* **MINOR** when records are added (documents, or sentences of a changed text) or the schema grows
  compatibly (a field added, ClassLabel names appended);
* **PATCH** for label fixes (label flips, provenance changes) and documentation.

:func:`required_bump` gives the smallest bump a diff needs; ``build`` refuses a version whose bump
over the newest earlier release in ``--out`` is smaller (see :func:`check_bump`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from source_stance.builder.errors import ReleaseError
from source_stance.builder.reading import Release
from source_stance.builder.release_files import DATA_CONFIGS, MANIFEST, data_files, decode_rows, features_metadata
from source_stance.schema.records import RECORD_TYPES

BUMPS = ("none", "patch", "minor", "major")
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
ATTRIBUTION_COLUMNS = ("speaker", "speaker_kind", "quote_type")
_PROVENANCE = ("_source", "_confidence", "_annotator", "_evidence")
#: Most items listed per section of the changelog (the counts are always complete).
LIST_LIMIT = 200


def parse_version(v: str) -> tuple[int, int, int]:
    m = _SEMVER.match(v)
    if not m:
        raise ReleaseError(f"version {v!r} is not semver MAJOR.MINOR.PATCH")
    return int(m[1]), int(m[2]), int(m[3])


def bump_between(old: str, new: str) -> str:
    """The bump from ``old`` to ``new``: none, patch, minor, major (or ``downgrade``)."""
    a, b = parse_version(old), parse_version(new)
    if b < a:
        return "downgrade"
    if b[0] > a[0]:
        return "major"
    if b[1] > a[1]:
        return "minor"
    if b[2] > a[2]:
        return "patch"
    return "none"


def next_version(old: str, bump: str) -> str:
    x, y, z = parse_version(old)
    return {"major": f"{x + 1}.0.0", "minor": f"{x}.{y + 1}.0", "patch": f"{x}.{y}.{z + 1}"}.get(bump, old)


@dataclass(frozen=True)
class SchemaChange:
    config: str
    column: str
    change: str  # added | removed | type | labels_appended | labels_changed
    detail: str
    breaking: bool


@dataclass
class ReleaseDiff:
    old: str  # "<name> <version>"
    new: str
    documents_added: list[tuple[str, str, str]] = field(default_factory=list)  # doc_id, split, text_sha256
    documents_removed: list[tuple[str, str, str]] = field(default_factory=list)
    documents_changed: list[tuple[str, str, str]] = field(default_factory=list)  # doc_id, old sha, new sha
    sentences_added: int = 0
    sentences_removed: int = 0
    moved: list[tuple[str, str, str, str]] = field(default_factory=list)  # config, id, old split, new split
    flips: dict[str, list[tuple[str, Any, Any]]] = field(default_factory=dict)  # "config.column" -> (id, old, new)
    provenance_changes: dict[str, int] = field(default_factory=dict)  # "config.column" -> count
    schema: list[SchemaChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.documents_added or self.documents_removed or self.documents_changed or self.sentences_added
            or self.sentences_removed or self.moved or self.flips or self.provenance_changes or self.schema
        )


def label_columns(columns: list[str], config: str) -> list[str]:
    """Columns compared for label flips (see module doc)."""
    cols = set(columns)
    out = [c for c in columns if f"{c}_source" in cols and not c.endswith(_PROVENANCE)]
    if config == "sentences":
        out += [c for c in ATTRIBUTION_COLUMNS if c in cols and c not in out]
    return out


def _norm(v: Any) -> Any:
    if isinstance(v, float):
        return round(v, 6)
    if isinstance(v, (list, dict)):
        return json.dumps(v, sort_keys=True, ensure_ascii=False)
    return v


def _schema_features(folder: Path, config: str) -> dict[str, Any]:
    for paths in data_files(folder, config).values():
        for p in paths:
            return features_metadata(pq.read_schema(p))
    return {}


def schema_changes(old: Path, new: Path) -> list[SchemaChange]:
    out = []
    for config in DATA_CONFIGS:
        a, b = _schema_features(old, config), _schema_features(new, config)
        for col in a:
            if col not in b:
                out.append(SchemaChange(config, col, "removed", "field removed", True))
        for col in b:
            if col not in a:
                out.append(SchemaChange(config, col, "added", f"field added ({b[col].get('_type', 'list') if isinstance(b[col], dict) else 'list'})", False))
                continue
            if a[col] == b[col]:
                continue
            fa, fb = a[col], b[col]
            if isinstance(fa, dict) and isinstance(fb, dict) and fa.get("_type") == fb.get("_type") == "ClassLabel":
                na, nb = fa["names"], fb["names"]
                if nb[: len(na)] == na:
                    out.append(SchemaChange(config, col, "labels_appended", f"label names appended: {nb[len(na):]}", False))
                else:
                    out.append(SchemaChange(config, col, "labels_changed", f"label names {na} -> {nb}", True))
            else:
                out.append(SchemaChange(config, col, "type", f"{json.dumps(fa, sort_keys=True)} -> {json.dumps(fb, sort_keys=True)}", True))
    return out


def _compare(d: ReleaseDiff, config: str, a: dict[str, dict], b: dict[str, dict], cols: list[str], prov: dict[str, list[str]]) -> None:
    """Label flips and provenance-only changes between matched rows ``a[k]`` / ``b[k]``."""
    both = sorted(set(a) & set(b))
    for col in cols:
        flips = [(k, a[k][col], b[k][col]) for k in both if _norm(a[k][col]) != _norm(b[k][col])]
        if flips:
            d.flips.setdefault(f"{config}.{col}", []).extend(flips)
        n = sum(1 for k in both if _norm(a[k][col]) == _norm(b[k][col]) and any(_norm(a[k][p]) != _norm(b[k][p]) for p in prov[col]))
        if n:
            d.provenance_changes[f"{config}.{col}"] = d.provenance_changes.get(f"{config}.{col}", 0) + n


def _compared_columns(old: Release, new: Release, config: str) -> tuple[list[str], dict[str, list[str]]]:
    def both(c: str) -> bool:
        return c in old.columns.get(config, []) and c in new.columns.get(config, []) and not c.endswith("_evidence")

    cols = [c for c in label_columns(new.columns.get(config, []), config) if both(c)]
    return cols, {c: [f"{c}{s}" for s in _PROVENANCE if both(f"{c}{s}")] for c in cols}


def _sentence_rows(release: Release, columns: list[str]) -> Iterator[dict[str, Any]]:
    """Sentence rows (labels decoded) with only ``columns``, streamed batch by batch."""
    for paths in data_files(release.path, "sentences").values():
        for p in paths:
            names = pq.read_schema(p).names
            use = [c for c in ("sentence_id", "split", *columns) if c in names]
            for batch in pq.ParquetFile(p).iter_batches(batch_size=20_000, columns=use):
                yield from decode_rows(pa.Table.from_batches([batch]), RECORD_TYPES["sentences"], release.vocabs)


def _digest(row: dict[str, Any], columns: list[str]) -> bytes:
    data = json.dumps([_norm(row.get(c)) for c in columns], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=12).digest()


def diff_releases(old: Release, new: Release) -> ReleaseDiff:
    """Compare two releases.  Documents are compared in memory; sentences are streamed: an index of
    (split, digest of labels, digest of provenance) per old sentence, matched against the new
    sentences as they are read, then the values of the changed sentences only."""
    d = ReleaseDiff(f"{old.name} {old.version}", f"{new.name} {new.version}")
    od = {r["doc_id"]: r for r in old.documents}
    nd = {r["doc_id"]: r for r in new.documents}
    d.documents_added = [(k, nd[k]["split"], nd[k]["text_sha256"]) for k in sorted(set(nd) - set(od))]
    d.documents_removed = [(k, od[k]["split"], od[k]["text_sha256"]) for k in sorted(set(od) - set(nd))]
    common = sorted(set(od) & set(nd))
    d.documents_changed = [(k, od[k]["text_sha256"], nd[k]["text_sha256"]) for k in common if od[k]["text_sha256"] != nd[k]["text_sha256"]]
    d.moved += [("documents", k, od[k]["split"], nd[k]["split"]) for k in common if od[k]["split"] != nd[k]["split"]]
    cols, prov = _compared_columns(old, new, "documents")
    _compare(d, "documents", od, nd, cols, prov)

    cols, prov = _compared_columns(old, new, "sentences")
    flat_prov = [p for c in cols for p in prov[c]]
    index = {r["sentence_id"]: (r["split"], _digest(r, cols), _digest(r, flat_prov)) for r in _sentence_rows(old, cols + flat_prov)}
    changed: set[str] = set()
    moved = []
    for r in _sentence_rows(new, cols + flat_prov):
        before = index.pop(r["sentence_id"], None)
        if before is None:
            d.sentences_added += 1
            continue
        if before[0] != r["split"]:
            moved.append(("sentences", r["sentence_id"], before[0], r["split"]))
        if before[1:] != (_digest(r, cols), _digest(r, flat_prov)):
            changed.add(r["sentence_id"])
    d.sentences_removed = len(index)
    del index
    d.moved += sorted(moved)
    if changed:
        a = {r["sentence_id"]: r for r in _sentence_rows(old, cols + flat_prov) if r["sentence_id"] in changed}
        b = {r["sentence_id"]: r for r in _sentence_rows(new, cols + flat_prov) if r["sentence_id"] in changed}
        _compare(d, "sentences", a, b, cols, prov)
    d.schema = schema_changes(old.path, new.path)
    return d


def required_bump(d: ReleaseDiff) -> tuple[str, list[str]]:
    """The smallest semver bump the changes need, and why."""
    major, minor, patch = [], [], []
    if d.moved:
        docs = sum(1 for m in d.moved if m[0] == "documents")
        major.append(f"{docs} document(s) and {len(d.moved) - docs} sentence(s) moved split")
    if d.documents_removed:
        major.append(f"{len(d.documents_removed)} document(s) removed")
    if any(s.breaking for s in d.schema):
        major.append("schema breaks: " + ", ".join(f"{s.config}.{s.column} {s.change}" for s in d.schema if s.breaking))
    if d.documents_added:
        minor.append(f"{len(d.documents_added)} document(s) added")
    if d.documents_changed:
        minor.append(f"{len(d.documents_changed)} document text(s) changed")
    if d.sentences_added and not (d.documents_added or d.documents_changed):
        minor.append(f"{d.sentences_added} sentence(s) added")
    if any(not s.breaking for s in d.schema):
        minor.append("schema grows: " + ", ".join(f"{s.config}.{s.column} {s.change}" for s in d.schema if not s.breaking))
    if d.flips:
        patch.append(f"{sum(len(v) for v in d.flips.values())} label flip(s)")
    if d.provenance_changes:
        patch.append(f"{sum(d.provenance_changes.values())} provenance change(s)")
    if d.sentences_removed and not (d.documents_removed or d.documents_changed):
        major.append(f"{d.sentences_removed} sentence(s) removed")
    for bump, why in (("major", major), ("minor", minor), ("patch", patch)):
        if why:
            return bump, major + minor + patch
    return "none", []


def is_release_of(path: Path, name: str) -> Optional[str]:
    """The version if ``path`` is a finished release folder of dataset ``name``, else None."""
    prefix = f"{name}-"
    if not path.is_dir() or path.name.startswith(".") or not path.name.startswith(prefix):
        return None
    version = path.name[len(prefix):]
    if not _SEMVER.match(version) or not (path / MANIFEST).is_file():
        return None
    return version


def find_previous(out_dir: Path, name: str, version: str) -> Optional[Path]:
    """The newest release of ``name`` in ``out_dir`` whose version is below ``version``."""
    if not out_dir.is_dir():
        return None
    cur = parse_version(version)
    found = []
    for p in out_dir.iterdir():
        v = is_release_of(p, name)
        if v is not None and parse_version(v) < cur:
            found.append((parse_version(v), p))
    return max(found)[1] if found else None


def check_bump(d: ReleaseDiff, old_version: str, new_version: str) -> None:
    """Refuse a version whose bump over the previous release is smaller than the changes need."""
    need, why = required_bump(d)
    have = bump_between(old_version, new_version)
    if BUMPS.index(need) > BUMPS.index(have if have in BUMPS else "none"):
        raise ReleaseError(
            f"version {new_version} is a {have.upper()} bump over {old_version}, but the changes need {need.upper()}: "
            + "; ".join(why),
            fix=f"set `version: {next_version(old_version, need)}` in corpus.yaml (semver rule: see DATASHEET.md, Maintenance)",
        )


# --- rendering -----------------------------------------------------------------------------------


def _limited(lines: list[str]) -> list[str]:
    if len(lines) <= LIST_LIMIT:
        return lines
    return lines[:LIST_LIMIT] + [f"- … and {len(lines) - LIST_LIMIT} more"]


def render_changelog(d: Optional[ReleaseDiff], name: str, version: str, previous: Optional[str] = None) -> str:
    """``CHANGELOG.md`` of a release (``d`` None: the first release of ``name`` found)."""
    head = f"# Changelog: {name} {version}\n\n"
    if d is None:
        return head + (
            f"First release: no earlier release of `{name}` was found next to this one, so there is nothing to "
            "compare with. Every record is new.\n"
        )
    need, why = required_bump(d)
    have = bump_between(previous, version) if previous else "none"
    out = [
        head.rstrip("\n"),
        "",
        f"Compared with {d.old} (the newest earlier release of `{name}` found next to this one).",
        "",
        f"- Version bump: {have.upper()} ({previous} -> {version}); the changes need at least {need.upper()}"
        + (f" ({'; '.join(why)})." if why else "."),
        "",
        "| change | count |",
        "|---|---|",
        f"| documents added | {len(d.documents_added)} |",
        f"| documents removed | {len(d.documents_removed)} |",
        f"| documents whose text changed | {len(d.documents_changed)} |",
        f"| sentences added | {d.sentences_added} |",
        f"| sentences removed | {d.sentences_removed} |",
        f"| records that moved split | {len(d.moved)} |",
        f"| label flips | {sum(len(v) for v in d.flips.values())} |",
        f"| provenance-only changes | {sum(d.provenance_changes.values())} |",
        f"| schema changes | {len(d.schema)} |",
    ]
    if d.empty:
        out += ["", "No record, label or schema changed."]
    sections: list[tuple[str, list[str]]] = [
        ("Documents added", [f"- `{k}` ({split}; text sha256 `{sha[:12]}`)" for k, split, sha in d.documents_added]),
        ("Documents removed", [f"- `{k}` (was {split}; text sha256 `{sha[:12]}`)" for k, split, sha in d.documents_removed]),
        ("Documents whose text changed", [f"- `{k}`: text sha256 `{a[:12]}` -> `{b[:12]}`" for k, a, b in d.documents_changed]),
        ("Records that moved split", [f"- {c} `{k}`: {a} -> {b}" for c, k, a, b in d.moved]),
    ]
    for key in sorted(d.flips):
        sections.append((f"Label flips: `{key}`", [f"- `{k}`: {_show(a)} -> {_show(b)}" for k, a, b in d.flips[key]]))
    if d.provenance_changes:
        sections.append(
            ("Provenance-only changes (same value, other source/confidence/annotator/evidence)",
             [f"- `{k}`: {n}" for k, n in sorted(d.provenance_changes.items())])
        )
    sections.append(
        ("Schema changes", [f"- {s.config}.`{s.column}`: {s.change}{' (breaking)' if s.breaking else ''}: {s.detail}" for s in d.schema])
    )
    for title, lines in sections:
        if lines:
            out += ["", f"## {title} ({len(lines)})", "", *_limited(lines)]
    return "\n".join(out) + "\n"


def _show(v: Any) -> str:
    if isinstance(v, (list, dict)):
        s = json.dumps(v, ensure_ascii=False, sort_keys=True)
        return f"`{s[:80]}{'…' if len(s) > 80 else ''}`"
    return f"`{v}`"
