"""Driver decisions between the two passes, made from the shard summaries only (never all texts).

* Exact duplicates: an accepted input whose post text has the same sha256 as an earlier input's
  (input order: shard, then position) is dropped with a ``dedup.exact_duplicate`` reject naming
  the kept document.  The digests of every post are the only per-document state held here:
  32 bytes each, in NumPy arrays.
* Near duplicates (``builder/dedup.py``): MinHash signatures of the kept documents are streamed
  from the shards' work files into ``near_duplicate_clusters``; the split groups of each cluster's
  members are joined (``merge_groups``), so a cluster never spans two splits.
* Splits: every group's split is the hash-based one computed in pass 1 (for a joined group, the
  hash of the group it joined), unless that leaves a wanted split empty; then
  :func:`~source_stance.builder.split.assign_splits` runs over the set of groups (only possible
  when groups are few) and the groups it moves become overrides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from source_stance.builder.engine.tasks import ShardDecisions, ShardSummary
from source_stance.builder.ingest import Reject
from source_stance.builder.split import assign_splits, group_hash, split_for
from source_stance.schema.config import SplitRatios
from source_stance.schema.vocab import SPLITS

#: ``read_work(shard, table, columns) -> pa.Table`` reads columns of a shard's pass-1 work table.
ReadWork = Callable[[int, str, list[str]], pa.Table]


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


def near_duplicates(
    summaries: Sequence[ShardSummary], drop: dict[int, frozenset[int]], read_work: ReadWork
) -> tuple[dict[int, dict[str, str]], dict[str, str]]:
    """Near-duplicate clusters of the kept documents, per shard, and the split groups they join.

    Same decisions as ``dedup.apply_near_duplicates`` on the whole corpus: every clustered
    document gets its cluster id, and the split groups of a cluster's members are joined under
    the smallest key (``dedup.merge_groups``).
    """
    from source_stance.builder.dedup import merge_groups

    from source_stance.builder.dedup import N_PERM

    # one preallocated array (no list of blocks + concatenate, which would hold the signatures twice)
    upper = sum(int(s.n_documents.sum()) for s in summaries)
    sig_array = np.empty((upper, N_PERM), dtype="<u4")
    id_chunks: list[pa.Array] = []
    n = 0
    for s in summaries:
        sigs = read_work(s.shard, "signatures", ["ordinal", "doc_id", "signature"])
        dropped = drop.get(s.shard, frozenset())
        keep = sigs.column("signature").is_valid()
        if dropped:
            keep = pc.and_(keep, pc.invert(pc.is_in(sigs.column("ordinal"), pa.array(sorted(dropped), sigs.schema.field("ordinal").type))))
        kept = sigs.filter(keep)
        if kept.num_rows:
            block = np.frombuffer(b"".join(kept.column("signature").to_pylist()), dtype="<u4").reshape(kept.num_rows, N_PERM)
            sig_array[n : n + kept.num_rows] = block
            n += kept.num_rows
            id_chunks.extend(kept.column("doc_id").chunks)
    clusters = lean_near_duplicate_clusters(pa.chunked_array(id_chunks, pa.string()), sig_array[:n])
    if not clusters:
        return {}, {}
    by_shard: dict[int, dict[str, str]] = {}
    groups_of: dict[str, list[str]] = {}
    for s in summaries:
        docs = read_work(s.shard, "documents", ["doc_id", "parent_id", "split_group"])
        keep = ~np.isin(_ordinals(docs), np.fromiter(drop.get(s.shard, ()), dtype=np.int64))
        for doc_id, group, k in zip(docs.column("doc_id").to_pylist(), docs.column("split_group").to_pylist(), keep):
            cluster = clusters.get(doc_id)
            if cluster is not None and k:
                by_shard.setdefault(s.shard, {})[doc_id] = cluster
                groups_of.setdefault(cluster, []).append(group)
    remap = {g: r for g, r in merge_groups(groups_of.values()).items() if g != r}
    return by_shard, remap


def lean_near_duplicate_clusters(doc_ids: Sequence[str] | pa.ChunkedArray, sigs: np.ndarray) -> dict[str, str]:
    """``dedup.near_duplicate_clusters`` with the signatures in one ``(n, N_PERM)`` uint32 array.

    Same candidate pairs (per band, the members of a bucket in doc_id order, each paired with the
    bucket's first and its predecessor), same acceptance (share of equal values >= THRESHOLD), same
    components and roots (smallest doc_id); but buckets come from sorting band keys in NumPy, not
    from dicts of byte strings.  Memory beyond the signatures (N_PERM * 4 bytes per document) and
    the ids (an Arrow string array): ~60 bytes per document (ranks, one band's keys and sort order),
    the signatures are never copied or reordered.
    """
    from source_stance.builder.dedup import BANDS, ROWS, THRESHOLD, near_duplicate_clusters

    ids = doc_ids if isinstance(doc_ids, pa.ChunkedArray) else pa.chunked_array([pa.array(list(doc_ids), pa.string())])
    n = len(ids)
    if n < 2:
        return {}
    if pc.count_distinct(ids).as_py() != n:  # repeated ids: let the reference implementation decide (last one wins)
        return near_duplicate_clusters(zip(ids.to_pylist(), (row.astype("<u4").tobytes() for row in sigs)))
    by_rank = pc.sort_indices(ids).to_numpy()  # code-point order of the ids, as Python's sorted()
    rank = np.empty(n, dtype=np.int64)
    rank[by_rank] = np.arange(n, dtype=np.int64)
    index = np.arange(n, dtype=np.int64)
    us, vs = [], []
    for band in range(BANDS):
        cols = sigs[:, band * ROWS : (band + 1) * ROWS]
        perm = np.lexsort((rank, *(cols[:, k] for k in reversed(range(ROWS)))))  # by band key, then doc_id
        keys = cols[perm]
        cont = np.all(keys[1:] == keys[:-1], axis=1)  # position i+1 continues the bucket of i
        del keys
        if not cont.any():
            continue
        starts = np.where(np.concatenate([[True], ~cont]), index, 0)
        first = perm[np.maximum.accumulate(starts)]
        at = np.nonzero(cont)[0] + 1
        us.extend([first[at], perm[at - 1]])
        vs.extend([perm[at], perm[at]])
    if not us:
        return {}
    u, v = np.concatenate(us), np.concatenate(vs)  # row indices; pairs are identified by ranks
    pairs = np.unique(rank[u] * n + rank[v])
    ru, rv = pairs // n, pairs % n
    u, v = by_rank[ru], by_rank[rv]
    keep = np.zeros(len(u), dtype=bool)
    for lo in range(0, len(u), 65536):
        a, b = sigs[u[lo : lo + 65536]], sigs[v[lo : lo + 65536]]
        keep[lo : lo + 65536] = np.mean(a == b, axis=1) >= THRESHOLD
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in zip(ru[keep].tolist(), rv[keep].tolist()):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # ranks: the smaller one is the smaller doc_id
    comps = {x: find(x) for x in list(parent)}
    sizes: dict[int, int] = {}
    for r in comps.values():
        sizes[r] = sizes.get(r, 0) + 1
    members = [(x, r) for x, r in comps.items() if sizes[r] > 1]
    wanted = sorted({x for x, _ in members} | {r for _, r in members})
    name = dict(zip(wanted, ids.take(pa.array(by_rank[wanted] if wanted else [], pa.int64())).to_pylist()))
    return {name[x]: name[r] for x, r in members}


def _ordinals(docs: pa.Table) -> np.ndarray:
    is_post = np.asarray(docs.column("parent_id").is_null().to_numpy(zero_copy_only=False), dtype=np.int64)
    return np.cumsum(is_post) - 1


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
    summaries: Sequence[ShardSummary], read_work: ReadWork, salt: str, ratios: SplitRatios, near_duplicates_on: bool = True
) -> Plan:
    summaries = sorted(summaries, key=lambda s: s.shard)
    drop, rejects = find_duplicates(summaries, read_work)
    clusters, remap = near_duplicates(summaries, drop, read_work) if near_duplicates_on else ({}, {})
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
