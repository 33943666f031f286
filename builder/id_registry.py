"""Which document ids ingest has seen, and where each was first seen, in ~60 bytes per id.

A dict from id to place costs ~160 bytes per input in the driver (a bytes key, a str value, the
slot); at a million inputs that is the largest thing the driver holds while reading.  Here the
ids are 8-byte digests in sorted NumPy runs and the places are Arrow strings, merged like a
log-structured tree: the newest ids sit in a small dict; when it fills, it becomes a sorted run,
and runs of equal size are merged, so a lookup searches at most ~log2(n / RECENT) runs.

Two different ids with the same 8-byte digest would be reported as a duplicate: with
``blake2b`` the chance is about n^2 / 2^65 (3e-8 at a million ids).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pyarrow as pa

#: Ids kept in the dict before they become a sorted run.
RECENT = 1 << 16


def id_digest(doc_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


class IdRegistry:
    """``first_place(doc_id, place)``: the place the id was first given, recording ``place`` when
    the id is new (``dict.setdefault`` semantics)."""

    def __init__(self, recent: int = RECENT):
        self._limit = recent
        self._recent: dict[int, str] = {}
        self._runs: list[tuple[np.ndarray, pa.Array]] = []  # (sorted digests, places in that order)

    def __len__(self) -> int:
        return len(self._recent) + sum(len(keys) for keys, _ in self._runs)

    def first_place(self, doc_id: str, place: str) -> str:
        key = id_digest(doc_id)
        found = self._recent.get(key)
        if found is not None:
            return found
        probe = np.uint64(key)
        for keys, places in self._runs:
            i = int(np.searchsorted(keys, probe))
            if i < len(keys) and keys[i] == probe:
                return places[i].as_py()
        self._recent[key] = place
        if len(self._recent) >= self._limit:
            self._flush()
        return place

    def _flush(self) -> None:
        keys = np.fromiter(self._recent.keys(), dtype=np.uint64, count=len(self._recent))
        places = pa.array(list(self._recent.values()), pa.string())
        self._recent = {}
        order = np.argsort(keys, kind="stable")
        run = (keys[order], places.take(pa.array(order)))
        while self._runs and len(self._runs[-1][0]) <= len(run[0]):  # binary-counter merging
            older = self._runs.pop()
            merged = np.concatenate([older[0], run[0]])
            order = np.argsort(merged, kind="stable")
            run = (merged[order], pa.concat_arrays([older[1], run[1]]).take(pa.array(order)))
        self._runs.append(run)
