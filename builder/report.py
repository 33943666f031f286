"""The build report: what happened to every input, for the console and for the release.

``build_report.json`` in the release holds the counts (inputs read = accepted + rejected), the
rejects per reason code, the metadata entries whose file is missing, how many inputs had no
metadata, and the near-duplicate clusters.  The rejects themselves (file, row, code, message) are in
``rejects.jsonl`` next to it.  Both are deterministic: sorted, no timestamps, no absolute paths.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from source_stance.builder.dedup import NEAR_DUP_ID
from source_stance.builder.normalize import NORMALIZER_ID
from source_stance.builder.pipeline import BuildOutput

REPORT = "build_report.json"
#: Rejects listed one by one on the console; the rest are summarised by code (all are in rejects.jsonl).
MAX_CONSOLE_REJECTS = 200


def _reject_sort_key(r: Any) -> tuple:
    return (r.source_file, -1 if r.source_row is None else r.source_row, r.code)


def near_duplicate_members(output: BuildOutput) -> dict[str, list[str]]:
    """cluster id -> member doc_ids, reading only two columns of the build's documents files, shard
    by shard, and only the rows in a cluster into Python (rows of ``output.documents`` without files)."""
    files = getattr(output, "files", None)
    if getattr(output, "iter_rows", None) is None or files is None:
        return _members(output.documents)
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    clusters: dict[str, list[str]] = {}
    for by_split in files.get("documents", {}).values():
        for f in by_split:
            t = pq.read_table(f.path, columns=["doc_id", "near_duplicate_cluster"])
            c = t.column("near_duplicate_cluster")
            t = t.filter(pc.fill_null(pc.not_equal(c, ""), False))  # set and non-empty, as `if value`
            for doc_id, cluster in zip(t.column("doc_id").to_pylist(), t.column("near_duplicate_cluster").to_pylist()):
                clusters.setdefault(cluster, []).append(doc_id)
    return clusters


def _members(rows: Any) -> dict[str, list[str]]:
    clusters: dict[str, list[str]] = {}
    for d in rows:
        if d.get("near_duplicate_cluster"):
            clusters.setdefault(d["near_duplicate_cluster"], []).append(d["doc_id"])
    return clusters


def build_report(output: BuildOutput) -> dict[str, Any]:
    rejected = len(output.rejects)
    by_code: dict[str, int] = {}
    for r in output.rejects:
        by_code[r.code] = by_code.get(r.code, 0) + 1
    clusters = near_duplicate_members(output)
    return {
        "inputs": {"read": output.n_read, "accepted": output.n_read - rejected, "rejected": rejected},
        "rejects_by_code": dict(sorted(by_code.items())),
        "rejects_file": "rejects.jsonl",
        "metadata_without_file": sorted(getattr(output, "metadata_missing", [])),
        "inputs_without_metadata": getattr(output, "n_without_metadata", 0),
        "near_duplicates": {
            "method": NEAR_DUP_ID,
            "clusters": {k: sorted(v) for k, v in sorted(clusters.items())},
        },
        "text_normalisation": NORMALIZER_ID,
        "warnings": list(output.warnings),
    }


def write_report(output: BuildOutput, path: Path) -> None:
    path.write_text(json.dumps(build_report(output), indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")


def console_lines(output: BuildOutput) -> list[str]:
    """Accounting, every reject with its fix, metadata problems and warnings, for the terminal."""
    rejected = len(output.rejects)
    lines = [f"read {output.n_read} inputs: {output.n_read - rejected} accepted, {rejected} rejected"]
    for r in sorted(output.rejects, key=_reject_sort_key)[:MAX_CONSOLE_REJECTS]:
        row = f" row {r.source_row}" if r.source_row is not None else ""
        lines.append(f"  reject {r.source_file}{row}: {r.code}: {r.message}")
    if rejected > MAX_CONSOLE_REJECTS:
        by_code: dict[str, int] = {}
        for r in output.rejects:
            by_code[r.code] = by_code.get(r.code, 0) + 1
        lines.append(
            f"  ... and {rejected - MAX_CONSOLE_REJECTS} more rejects (all in rejects.jsonl); by code: "
            + ", ".join(f"{c} {n}" for c, n in sorted(by_code.items()))
        )
    for name in sorted(getattr(output, "metadata_missing", [])):
        lines.append(f"  metadata: entry for {name!r} has no file in the raw folder; fix the path or remove the entry")
    n_without = getattr(output, "n_without_metadata", 0)
    if n_without:
        lines.append(f"  note: {n_without} input(s) have no metadata entry: their labels come from the annotators")
    if hasattr(output, "near_duplicate_clusters"):
        n_clusters, n_docs = output.near_duplicate_clusters, output.near_duplicate_documents
    else:
        members = near_duplicate_members(output)
        n_clusters, n_docs = len(members), sum(len(m) for m in members.values())
    if n_clusters:
        lines.append(f"  note: {n_docs} documents in {n_clusters} near-duplicate cluster(s), each kept in one split")
    lines.extend(f"  warning: {w}" for w in output.warnings)
    return lines


def strict_problems(output: BuildOutput) -> list[str]:
    """What ``--strict`` refuses: every rejected input and every metadata entry without a file."""
    out = []
    for r in sorted(output.rejects, key=_reject_sort_key):
        row = f" row {r.source_row}" if r.source_row is not None else ""
        out.append(f"{r.source_file}{row} ({r.code})")
    out.extend(f"{name} (metadata.missing_file)" for name in sorted(getattr(output, "metadata_missing", [])))
    return out
