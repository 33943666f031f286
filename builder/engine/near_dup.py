"""Near-duplicate clustering in the driver, with the signatures on disk, one band at a time.

Same decisions as ``dedup.near_duplicate_clusters`` over the whole corpus (tested), but the
driver never holds every signature: the kept documents' MinHash signatures are streamed from the
shards' work files into one file per band (``BANDS`` files of ``ROWS`` uint32 per document, rows
in input order), and each band is read back on its own to find its buckets.  A band's candidate
pairs are checked at once (equal values counted over the band files) and only the similar ones
are kept, so no step holds more than one band and that band's candidates, plus the ids and their
ranks.  Freed memory goes back to the OS after each band (``builder/memory.py``).

On the 1M-text benchmark (1.25M signatures, 6.1M distinct candidate pairs, 13k similar) the
driver's clustering peaked at 353 MiB, against 912 MiB when all candidates were kept and 1.5 GiB
when the signatures were held in memory (``benchmarks/near_dup_memory.py`` compares with the
in-memory way on random signatures).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from source_stance.builder.dedup import BANDS, N_PERM, ROWS, THRESHOLD, UnionFind, merge_groups, near_duplicate_clusters
from source_stance.builder.engine.tasks import ShardSummary, accepted_ordinals
from source_stance.builder.memory import release_freed_memory

#: ``read_work(shard, table, columns) -> pa.Table`` reads columns of a shard's pass-1 work table.
ReadWork = Callable[[int, str, list[str]], pa.Table]

#: ``band(b) -> (n, ROWS) uint32`` gives band ``b`` of every signature, rows in one fixed order.
BandReader = Callable[[int], np.ndarray]

#: Candidate pairs checked per step (bounds the gathered band rows).
_PAIR_CHUNK = 1 << 16


class BandFiles:
    """Signatures written band-major: band ``b`` of every appended row goes to its own file."""

    def __init__(self, directory: Path):
        self.paths = [Path(directory) / f"band-{b:02d}.u32" for b in range(BANDS)]
        self._files = [open(p, "wb") for p in self.paths]
        self.rows = 0

    def append(self, block: np.ndarray) -> None:
        """Append ``(k, N_PERM)`` uint32 signatures."""
        for b, fh in enumerate(self._files):
            fh.write(np.ascontiguousarray(block[:, b * ROWS : (b + 1) * ROWS], dtype="<u4").tobytes())
        self.rows += len(block)

    def close(self) -> None:
        for fh in self._files:
            fh.close()

    def band(self, b: int) -> np.ndarray:
        return np.fromfile(self.paths[b], dtype="<u4").reshape(-1, ROWS)


def signature_block(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Non-null binary signatures of ``N_PERM * 4`` bytes -> ``(k, N_PERM)`` uint32, without a
    Python object per row (the values of a binary array are one contiguous buffer)."""
    arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if len(arr) == 0:
        return np.empty((0, N_PERM), dtype="<u4")
    if arr.null_count:
        raise ValueError("signature_block: filter out null signatures first")
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset : arr.offset + len(arr) + 1]
    if not np.all(np.diff(offsets) == N_PERM * 4):
        raise ValueError(f"signature_block: every signature must be {N_PERM * 4} bytes")
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return data.view("<u4").reshape(len(arr), N_PERM)


def near_duplicates(
    summaries: Sequence[ShardSummary], drop: dict[int, frozenset[int]], read_work: ReadWork, scratch: Optional[Path] = None
) -> tuple[dict[int, dict[str, str]], dict[str, str]]:
    """Near-duplicate clusters of the kept documents, per shard, and the split groups they join.

    Same decisions as ``dedup.apply_near_duplicates`` on the whole corpus: every clustered
    document gets its cluster id, and the split groups of a cluster's members are joined under
    the smallest key (``dedup.merge_groups``).  The band files live in a temporary folder under
    ``scratch`` (the build's work folder) and are removed on return.
    """
    with tempfile.TemporaryDirectory(prefix="near-dup-", dir=scratch) as tmp:
        bands = BandFiles(Path(tmp))
        id_chunks: list[pa.Array] = []
        try:
            for s in summaries:
                sigs = read_work(s.shard, "signatures", ["ordinal", "doc_id", "signature"])
                dropped = drop.get(s.shard, frozenset())
                keep = sigs.column("signature").is_valid()
                if dropped:
                    keep = pc.and_(keep, pc.invert(pc.is_in(sigs.column("ordinal"), pa.array(sorted(dropped), sigs.schema.field("ordinal").type))))
                kept = sigs.filter(keep)
                if kept.num_rows:
                    bands.append(signature_block(kept.column("signature")))
                    id_chunks.extend(kept.column("doc_id").chunks)
                del sigs, kept
        finally:
            bands.close()
        clusters = clusters_from_bands(pa.chunked_array(id_chunks, pa.string()), bands.band)
    if not clusters:
        return {}, {}
    by_shard: dict[int, dict[str, str]] = {}
    groups_of: dict[str, list[str]] = {}
    for s in summaries:
        docs = read_work(s.shard, "documents", ["doc_id", "parent_id", "split_group"])
        keep = ~np.isin(accepted_ordinals(docs), np.fromiter(drop.get(s.shard, ()), dtype=np.int64))
        for doc_id, group, k in zip(docs.column("doc_id").to_pylist(), docs.column("split_group").to_pylist(), keep):
            cluster = clusters.get(doc_id)
            if cluster is not None and k:
                by_shard.setdefault(s.shard, {})[doc_id] = cluster
                groups_of.setdefault(cluster, []).append(group)
    remap = {g: r for g, r in merge_groups(groups_of.values()).items() if g != r}
    return by_shard, remap


def lean_near_duplicate_clusters(doc_ids: Sequence[str] | pa.ChunkedArray, sigs: np.ndarray) -> dict[str, str]:
    """``dedup.near_duplicate_clusters`` over signatures held in one ``(n, N_PERM)`` uint32 array."""
    ids = doc_ids if isinstance(doc_ids, pa.ChunkedArray) else pa.chunked_array([pa.array(list(doc_ids), pa.string())])
    return clusters_from_bands(ids, lambda b: sigs[:, b * ROWS : (b + 1) * ROWS])


def clusters_from_bands(ids: pa.ChunkedArray, band: BandReader) -> dict[str, str]:
    """``dedup.near_duplicate_clusters``, reading the signatures one band at a time.

    Same candidate pairs (per band, the members of a bucket in doc_id order, each paired with the
    bucket's first and its predecessor), same acceptance (share of equal values >= THRESHOLD), same
    components and roots (smallest doc_id); but buckets come from sorting band keys in NumPy, not
    from dicts of byte strings.
    """
    n = len(ids)
    if n < 2:
        return {}
    by_rank = pc.sort_indices(ids).to_numpy()  # code-point order of the ids, as Python's sorted()
    if _has_repeats(ids, by_rank):  # repeated ids: let the reference implementation decide (last one wins)
        full = np.concatenate([band(b) for b in range(BANDS)], axis=1)
        return near_duplicate_clusters(zip(ids.to_pylist(), (row.astype("<u4").tobytes() for row in full)))
    rank = np.empty(n, dtype=np.int64)
    rank[by_rank] = np.arange(n, dtype=np.int64)
    accepted: list[np.ndarray] = []  # similar pairs, as rank(u) * n + rank(v)
    for b in range(BANDS):
        hi, lo = _band_keys(band(b))
        perm = np.lexsort((rank, lo, hi))  # by band key, then doc_id
        hi, lo = hi[perm], lo[perm]
        cont = (hi[1:] == hi[:-1]) & (lo[1:] == lo[:-1])  # position i+1 continues the bucket of i
        del hi, lo
        if cont.any():
            starts = np.where(np.concatenate([[True], ~cont]), np.arange(n, dtype=np.int64), 0)
            first = perm[np.maximum.accumulate(starts)]
            at = np.nonzero(cont)[0] + 1
            member = rank[perm[at]]
            pairs = np.unique(np.concatenate([rank[first[at]] * n + member, rank[perm[at - 1]] * n + member]))
            del starts, first, at, member
            # checked band by band: only the similar pairs are kept, so memory follows one band's
            # candidates, not all of them (a pair found in several bands is checked again, same answer)
            accepted.append(pairs[_similar(band, by_rank[pairs // n], by_rank[pairs % n])])
            del pairs
        del perm, cont
        release_freed_memory(collect=False)
    del rank
    pairs = np.unique(np.concatenate(accepted)) if accepted else np.empty(0, dtype=np.int64)
    if not len(pairs):
        return {}
    return _components(ids, by_rank, pairs // n, pairs % n)


def _band_keys(cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A band's ``ROWS`` (4) uint32 values as two uint64 keys that sort in the same order."""
    assert ROWS == 4, "band keys pack four 32-bit values"
    hi = (cols[:, 0].astype(np.uint64) << np.uint64(32)) | cols[:, 1]
    lo = (cols[:, 2].astype(np.uint64) << np.uint64(32)) | cols[:, 3]
    return hi, lo


def _has_repeats(ids: pa.ChunkedArray, by_rank: np.ndarray) -> bool:
    """Whether an id occurs twice (neighbours in sorted order), checked a slice at a time."""
    step = 1 << 18
    for lo in range(0, len(by_rank) - 1, step):
        chunk = ids.take(pa.array(by_rank[lo : lo + step + 1]))
        if pc.any(pc.equal(chunk[1:], chunk[:-1])).as_py():
            return True
    return False


def _similar(band: BandReader, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """For each pair of rows, whether the share of equal signature values reaches THRESHOLD."""
    equal = np.zeros(len(u), dtype=np.int64)
    for b in range(BANDS):
        cols = band(b)
        for lo in range(0, len(u), _PAIR_CHUNK):
            hi = lo + _PAIR_CHUNK
            equal[lo:hi] += np.sum(cols[u[lo:hi]] == cols[v[lo:hi]], axis=1)
        del cols
    return equal / N_PERM >= THRESHOLD  # the reference's mean of N_PERM booleans, exactly


def _components(ids: pa.ChunkedArray, by_rank: np.ndarray, ru: np.ndarray, rv: np.ndarray) -> dict[str, str]:
    """Union the accepted pairs (given as id ranks); every member of a component of two or more ->
    the component's smallest id."""
    uf: UnionFind[int] = UnionFind()
    for a, b in zip(ru.tolist(), rv.tolist()):
        uf.union(a, b)  # ranks: the smaller one is the smaller doc_id
    comps = uf.components()
    sizes: dict[int, int] = {}
    for r in comps.values():
        sizes[r] = sizes.get(r, 0) + 1
    members = [(x, r) for x, r in comps.items() if sizes[r] > 1]
    wanted = sorted({x for x, _ in members} | {r for _, r in members})
    name = dict(zip(wanted, ids.take(pa.array(by_rank[wanted] if wanted else [], pa.int64())).to_pylist()))
    return {name[x]: name[r] for x, r in members}
