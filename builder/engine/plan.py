"""Driver decisions between the two passes, made from the shard summaries only (never all texts).

* Exact duplicates: an accepted input whose post text has the same sha256 as an earlier input's
  (input order: shard, then position) is dropped with a ``dedup.exact_duplicate`` reject naming
  the kept document.  The digests of every post are the only per-document state held here:
  32 bytes each, in NumPy arrays.
* Near duplicates (``builder/dedup.py``): MinHash signatures of the kept documents are streamed
  from the shards' work files to band files on disk and clustered one band at a time
  (``near_dup.py``); the split groups of each cluster's members are joined (``merge_groups``), so
  a cluster never spans two splits.
* Splits: every group's split is the hash-based one computed in pass 1 (for a joined group, the
  hash of the group it joined), unless that leaves a wanted split empty; then
  :func:`~source_stance.builder.split.assign_splits` runs over the set of groups (only possible
  when groups are few) and the groups it moves become overrides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from source_stance.builder.engine.near_dup import ReadWork, near_duplicates
from source_stance.builder.engine.tasks import ShardDecisions, ShardSummary
from source_stance.builder.ingest import Reject
from source_stance.builder.split import assign_splits, group_hash, split_for
from source_stance.schema.config import SplitRatios
from source_stance.schema.vocab import SPLITS


@dataclass
class Plan:
    drop: dict[int, frozenset[int]] = field(default_factory=dict)  # shard -> accepted ordinals to drop
    duplicate_rejects: list[Reject] = field(default_factory=list)
    clusters: dict[int, dict[str, str]] = field(default_factory=dict)  # shard -> doc_id -> near-dup cluster
    group_remap: dict[str, str] = field(default_factory=dict)  # split_group -> joined group
    split_of_group: dict[str, str] = field(default_factory=dict)  # group -> split where not provisional
    kept_inputs: int = 0

    def for_shard(self, shard: int, collect_sentences_of: frozenset[str] = frozenset()) -> ShardDecisions:
        return ShardDecisions(
            drop=self.drop.get(shard, frozenset()),
            clusters=self.clusters.get(shard, {}),
            group_remap=self.group_remap,
            split_of_group=self.split_of_group,
            collect_sentences_of=collect_sentences_of,
        )

    @property
    def n_clusters(self) -> int:
        return len({c for by_doc in self.clusters.values() for c in by_doc.values()})

    @property
    def n_clustered_documents(self) -> int:
        return sum(len(by_doc) for by_doc in self.clusters.values())


def _post_rows(read_work: ReadWork, shard: int, columns: list[str]) -> dict[str, list]:
    table = read_work(shard, "documents", ["parent_id", *columns])
    posts = table.filter(table.column("parent_id").is_null())  # one post per accepted input, in order
    return {c: posts.column(c).to_pylist() for c in columns}


def find_duplicates(summaries: Sequence[ShardSummary], read_work: ReadWork) -> tuple[dict[int, frozenset[int]], list[Reject]]:
    """Inputs whose post text repeats an earlier input's (first in input order wins)."""
    lengths = np.array([len(s.post_sha256) for s in summaries], dtype=np.int64)
    if lengths.sum() == 0:
        return {}, []
    shas = np.concatenate([s.post_sha256 for s in summaries])
    _, first_index, inverse = np.unique(shas, return_index=True, return_inverse=True)
    first = first_index[inverse.reshape(-1)]
    dups = np.nonzero(first != np.arange(len(shas)))[0]
    if len(dups) == 0:
        return {}, []
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    shard_ids = np.array([s.shard for s in summaries], dtype=np.int64)

    def locate(global_index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pos = np.searchsorted(starts, global_index, side="right") - 1
        return shard_ids[pos], global_index - starts[pos]

    dup_shard, dup_ord = locate(dups)
    first_shard, first_ord = locate(first[dups])
    wanted: dict[int, set[int]] = {}
    for sh, o in zip(np.concatenate([dup_shard, first_shard]), np.concatenate([dup_ord, first_ord])):
        wanted.setdefault(int(sh), set()).add(int(o))
    info: dict[tuple[int, int], tuple[str, str, object]] = {}
    for sh, ords in wanted.items():
        posts = _post_rows(read_work, sh, ["doc_id", "source_file", "source_row"])
        for o in ords:
            info[(sh, o)] = (posts["doc_id"][o], posts["source_file"][o], posts["source_row"][o])
    drop: dict[int, set[int]] = {}
    rejects = []
    for ds, do, fs, fo in zip(dup_shard, dup_ord, first_shard, first_ord):
        _, source_file, source_row = info[(int(ds), int(do))]
        kept_id = info[(int(fs), int(fo))][0]
        drop.setdefault(int(ds), set()).add(int(do))
        rejects.append(Reject(source_file, source_row, "dedup.exact_duplicate", f"same text as {kept_id}; kept once", kept_id))
    return {k: frozenset(v) for k, v in drop.items()}, rejects


def split_of_groups(
    summaries: Sequence[ShardSummary],
    drop: dict[int, frozenset[int]],
    remap: dict[str, str],
    read_work: ReadWork,
    salt: str,
    ratios: SplitRatios,
) -> dict[str, str]:
    """Groups whose documents do not keep their provisional split: joined groups take the split of
    the group they joined, and when that leaves a wanted split empty, ``assign_splits`` decides."""
    out = {r: split_for(group_hash(r, salt), ratios) for r in set(remap.values())}
    present = np.zeros(len(SPLITS), dtype=bool)
    for s in summaries:
        kept = np.ones(len(s.split), dtype=bool)
        kept[list(drop.get(s.shard, ()))] = False
        if remap:
            posts = _post_rows(read_work, s.shard, ["split_group"])["split_group"]
            for o, g in enumerate(posts):
                if kept[o] and g in remap:
                    kept[o] = False
                    present[SPLITS.index(out[remap[g]])] = True
        present[np.unique(s.split[kept])] = True
    wanted = [split for split in SPLITS if getattr(ratios, split) > 0]
    if all(present[SPLITS.index(w)] for w in wanted):
        return out
    groups: set[str] = set()
    for s in summaries:
        if len(s.split) == 0:
            continue
        posts = _post_rows(read_work, s.shard, ["split_group"])["split_group"]
        dropped = drop.get(s.shard, frozenset())
        groups.update(remap.get(g, g) for o, g in enumerate(posts) if o not in dropped)
    for g, sp in assign_splits(groups, salt, ratios).items():
        if sp != split_for(group_hash(g, salt), ratios) or g in out:
            out[g] = sp
    return out


def make_plan(
    summaries: Sequence[ShardSummary],
    read_work: ReadWork,
    salt: str,
    ratios: SplitRatios,
    near_duplicates_on: bool = True,
    scratch: Optional[Path] = None,
) -> Plan:
    """The driver's decisions; ``scratch`` (the build's work folder) holds the near-duplicate
    band files while they are needed (a temporary folder when not given)."""
    summaries = sorted(summaries, key=lambda s: s.shard)
    drop, rejects = find_duplicates(summaries, read_work)
    clusters, remap = near_duplicates(summaries, drop, read_work, scratch) if near_duplicates_on else ({}, {})
    split_of_group = split_of_groups(summaries, drop, remap, read_work, salt, ratios)
    kept = sum(len(s.post_sha256) for s in summaries) - sum(len(v) for v in drop.values())
    return Plan(
        drop=drop,
        duplicate_rejects=rejects,
        clusters=clusters,
        group_remap=remap,
        split_of_group=split_of_group,
        kept_inputs=kept,
    )
